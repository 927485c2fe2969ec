//! The real binary: exit codes, messages, init and new.

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
