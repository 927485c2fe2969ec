//! The real binary: exit codes, messages, init and new, a reader that closes the pipe.

use crate::harness::TestSite;

#[test]
fn build_exits_zero_and_reports_what_it_wrote() {
    let site = TestSite::fixture("minimal");
    let out = site.run(&["build"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("built "));
}

#[test]
fn content_errors_exit_one_with_file_line_and_hint() {
    let site = TestSite::fixture("minimal");
    site.replace(
        "data/architectures/resnet.yaml",
        "tasks: [classification]",
        "tasks: [clasification]",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "data/architectures/resnet.yaml:7:9: error: `clasification` is not a known task"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: use one of: classification"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"));
    assert!(!site.out().exists());
}

#[test]
fn plumbing_failures_exit_two() {
    let site = TestSite::fixture("minimal");
    let out = site.run(&["build", "--out", "."]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write"));
}

#[test]
fn check_writes_nothing_and_warns_about_missing_bench_results() {
    let site = TestSite::fixture("minimal");
    site.remove("data/bench/test-run.json");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: bench model `resnet50` has no results"),
        "{stderr}"
    );
    assert!(!site.out().exists());
}

#[test]
fn init_scaffolds_a_site_that_builds() {
    let dir = crate::harness::temp_dir();
    let target = dir.path().join("new-site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_archkb"))
        .args(["init", target.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let build = std::process::Command::new(env!("CARGO_BIN_EXE_archkb"))
        .args(["--root", target.to_str().unwrap(), "build"])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(target
        .join("public/zh/architectures/example/index.html")
        .exists());
}

/// A fresh scaffold's translations record what they translate, so an author's first
/// `check` has nothing to say about files they have not written yet.
#[test]
fn a_fresh_scaffold_checks_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new-site");
    let archkb = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_archkb"))
            .args(args)
            .output()
            .unwrap()
    };
    let root = target.to_str().unwrap();
    assert!(archkb(&["init", root]).status.success());
    let check = |when: &str| {
        let out = archkb(&["--root", root, "check"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{when}: {stderr}");
        assert_eq!(stderr, "check: no errors, 0 warnings\n", "{when}");
    };
    check("after init");
    let new = archkb(&["--root", root, "new", "architecture", "state-space"]);
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    check("after new architecture");
}

#[test]
fn new_architecture_adds_stubs_that_build() {
    let site = TestSite::fixture("minimal");
    let out = site.run(&["new", "architecture", "state-space"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site
        .path()
        .join("content/zh/architectures/state-space.md")
        .exists());
    let build = site.run(&["build"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let again = site.run(&["new", "architecture", "state-space"]);
    assert_eq!(again.status.code(), Some(1));
    let bad = site.run(&["new", "architecture", "Bad Id"]);
    assert_eq!(bad.status.code(), Some(1));
}

/// `archkb export resnet | head` used to exit 2 with "Broken pipe": a reader that stops
/// reading ends the program quietly and successfully, as it does `cat`.
#[test]
fn export_into_a_closed_pipe_exits_zero_quietly() {
    let site = TestSite::fixture("minimal");
    // `true` exits at once, so the pipe has no reader by the time archkb writes to it;
    // the status archkb exits with is printed to stderr after it.
    let script = format!(
        "{{ sleep 0.5; '{}' export resnet; echo \"status=$?\" >&2; }} | true",
        env!("CARGO_BIN_EXE_archkb")
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .current_dir(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, "status=0\n");
    // The same export into a reader that reads it all writes the whole article.
    let full = site.run(&["export", "resnet"]);
    assert!(full.status.success());
    assert!(String::from_utf8_lossy(&full.stdout).contains("ResNet"));
}
