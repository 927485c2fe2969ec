//! The no-op build: a second `archkb build` with nothing changed keeps the output as it is,
//! and any change to what a build reads, to its options or to the output itself gives
//! exactly the output of a cold build.

use crate::harness::{temp_dir, TestSite};
use archkb::BuildOptions;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

const MANIFEST: &str = ".public.archkb-manifest.json";

/// Every file under `dir` with its bytes, but the top-level dotfiles a build keeps.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_of(dir, |path| std::fs::read(path).expect("read"))
}

fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    files_of(dir, |path| {
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .expect("mtime")
    })
}

fn files_of<T>(dir: &Path, read: impl Fn(&Path) -> T) -> BTreeMap<String, T> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.replace('\\', "/"), read(e.path()))
        })
        .collect()
}

/// Fails naming the first difference, not with two trees of bytes.
#[track_caller]
fn assert_same_tree(
    actual: &BTreeMap<String, Vec<u8>>,
    expected: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let only = |a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>| {
        a.keys()
            .filter(|k| !b.contains_key(*k))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(
        actual.len() == expected.len() && only(actual, expected).is_empty(),
        "{what}: files only in the build: {:?}; only in the cold build: {:?}",
        only(actual, expected),
        only(expected, actual)
    );
    let differing: Vec<_> = actual
        .iter()
        .filter(|(k, v)| expected[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(differing.is_empty(), "{what}: files differ: {differing:?}");
}

/// Builds through the library; fails on content errors. True when the build found its
/// output up to date.
#[track_caller]
fn build(options: &BuildOptions) -> bool {
    let (outcome, report) = archkb::build(options).expect("no plumbing failure");
    let report = report
        .unwrap_or_else(|| panic!("the build failed:\n{}", outcome.diagnostics.render_text()));
    assert_eq!(report.written.files, tree(&options.out).len());
    report.up_to_date
}

/// The output of a cold build of the same site with the same options, in a folder of its own.
fn cold(options: &BuildOptions) -> BTreeMap<String, Vec<u8>> {
    let dir = temp_dir();
    let mut cold = options.clone();
    cold.out = dir.path().join("public");
    cold.reuse_output = false;
    assert!(!build(&cold), "--no-cache builds");
    tree(&cold.out)
}

/// Builds after a change: a full build whose output is a cold build's, and which the next
/// build finds up to date. Returns the output.
#[track_caller]
fn rebuilds(options: &BuildOptions, what: &str) -> BTreeMap<String, Vec<u8>> {
    assert!(
        !build(options),
        "{what}: the build kept the previous output"
    );
    let built = tree(&options.out);
    assert_same_tree(&built, &cold(options), what);
    assert!(build(options), "{what}: the build after it was not a no-op");
    built
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_second_build_with_nothing_changed_keeps_the_output_untouched() {
    let site = TestSite::bundled();
    let options = site.options();
    assert!(!build(&options), "the first build builds");
    let (first, first_mtimes) = (tree(&site.out()), mtimes(&site.out()));
    assert!(
        site.path().join(MANIFEST).is_file(),
        "the manifest is beside public/"
    );
    assert!(
        !site.out().join(MANIFEST).exists(),
        "and not in what gets deployed"
    );

    assert!(build(&options), "the second build is a no-op");
    assert_same_tree(&tree(&site.out()), &first, "no-op build");
    assert_eq!(
        mtimes(&site.out()),
        first_mtimes,
        "no file was written again"
    );

    // A hosting tool's dotfile in the output is kept, not taken for a change.
    std::fs::write(site.out().join(".nojekyll"), "").unwrap();
    assert!(build(&options), "a top-level dotfile is not the build's");
    assert!(site.out().join(".nojekyll").exists());

    // The archkb binary is not this test binary: its first build is a full one.
    let run = site.run(&["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("built "), "{}", stderr(&run));
    let run = site.run(&["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("up to date: "),
        "the CLI says the output was up to date: {}",
        stderr(&run)
    );
    let run = site.run(&["build", "--no-cache"]);
    assert!(stderr(&run).contains("built "), "{}", stderr(&run));
    assert_same_tree(&tree(&site.out()), &first, "CLI build");
}

#[test]
fn every_kind_of_source_edit_rebuilds_as_a_cold_build_would() {
    let site = TestSite::bundled();
    let diagram = "content/en/architectures/resnet-block.png";
    std::fs::write(site.path().join(diagram), b"\x89PNG-block-1").unwrap();
    let options = site.options();
    build(&options);
    let mut before = tree(&site.out());
    assert!(before.contains_key("architectures/resnet-block.png"));

    let resnet = "content/en/architectures/resnet.md";
    let edits: [(&str, &dyn Fn()); 12] = [
        ("an article body", &|| {
            site.replace(
                resnet,
                "Two block types are used.",
                "Two block types exist.",
            );
        }),
        ("front matter", &|| {
            site.replace(resnet, "title: ResNet", "title: ResNet (residual)");
        }),
        ("an architecture's data", &|| {
            site.replace(
                "data/architectures/resnet.yaml",
                "still the standard image backbone",
                "still a standard image backbone",
            );
        }),
        ("the decision graph", &|| {
            site.replace(
                "data/decision.yaml",
                "What data do you have?",
                "Which data do you have?",
            );
        }),
        ("a bench file", &|| {
            site.replace(
                "data/bench/nvidia-dle-bert-a100-80gb-1gpu.json",
                "BERT for PyTorch, training performance",
                "BERT for PyTorch: training performance",
            );
        }),
        ("a template", &|| {
            site.replace(
                "themes/default/templates/404.html",
                "<h1>{{ t.not_found_title }}</h1>",
                "<h1 class=\"gone\">{{ t.not_found_title }}</h1>",
            );
        }),
        ("the stylesheet", &|| {
            site.replace(
                "themes/default/static/style.css",
                "--bg: #fbfbfd;",
                "--bg: #fbfbfc;",
            );
        }),
        ("an i18n string", &|| {
            site.replace(
                "themes/default/i18n/en.yaml",
                "skip_to_content: Skip to content",
                "skip_to_content: Skip to the content",
            );
        }),
        ("config.yaml", &|| {
            site.replace("config.yaml", "author: ArchKB", "author: ArchKB authors");
        }),
        ("a content asset, same size", &|| {
            std::fs::write(site.path().join(diagram), b"\x89PNG-block-2").unwrap();
        }),
        ("a file added", &|| {
            site.write("content/en/architectures/resnet-stage.svg", "<svg/>");
        }),
        ("a file deleted", &|| {
            site.remove(diagram);
        }),
    ];
    for (what, edit) in edits {
        edit();
        let after = rebuilds(&options, what);
        assert_ne!(after, before, "{what}: the edit shows in the output");
        before = after;
    }
}

#[test]
fn every_option_that_changes_the_output_rebuilds() {
    let site = TestSite::bundled();
    site.write(
        "content/en/guides/notes.md",
        "---\ntitle: Notes\nsummary: Work in progress.\ndraft: true\n---\n\nSoon.\n",
    );
    let mut options = site.options();
    build(&options);
    let site_output = tree(&site.out());

    options.base_url = Some("https://example.com/kb/".into());
    assert_ne!(rebuilds(&options, "--base-url"), site_output);
    options.base_url = None;
    assert_same_tree(&rebuilds(&options, "no --base-url"), &site_output, "back");

    options.drafts = true;
    let with_drafts = rebuilds(&options, "--drafts");
    assert!(with_drafts.contains_key("guides/notes/index.html"));
    options.drafts = false;
    assert_same_tree(&rebuilds(&options, "no --drafts"), &site_output, "back");

    options.target = archkb::output::Target::Offline;
    assert_ne!(rebuilds(&options, "--offline"), site_output);
    options.target = archkb::output::Target::Site;
    assert_same_tree(&rebuilds(&options, "not --offline"), &site_output, "back");
}

#[test]
fn output_changed_by_hand_is_built_again() {
    let site = TestSite::bundled();
    let options = site.options();
    build(&options);
    let cold = tree(&site.out());

    // The same size, straight after the build: only the file's times tell.
    let page = site.out().join("architectures/resnet/index.html");
    let mut bytes = std::fs::read(&page).unwrap();
    let at = bytes.iter().position(|b| *b == b'R').unwrap();
    bytes[at] = b'X';
    std::fs::write(&page, &bytes).unwrap();
    assert!(!build(&options), "a same-size edit was not seen");
    assert_same_tree(&tree(&site.out()), &cold, "after an edit");

    std::fs::remove_file(site.out().join("404.html")).unwrap();
    assert!(!build(&options), "a deleted file was not seen");
    assert_same_tree(&tree(&site.out()), &cold, "after a deletion");

    std::fs::write(site.out().join("architectures/extra.html"), "<p>").unwrap();
    assert!(!build(&options), "an added file was not seen");
    assert_same_tree(&tree(&site.out()), &cold, "after an addition");

    std::fs::create_dir(site.out().join("architectures/empty")).unwrap();
    assert!(!build(&options), "an added folder was not seen");
    assert!(!site.out().join("architectures/empty").exists());

    std::fs::write(site.path().join(MANIFEST), "{not json").unwrap();
    assert!(!build(&options), "an unreadable manifest is a full build");
    assert!(build(&options));
    assert_same_tree(&tree(&site.out()), &cold, "at the end");
}

#[test]
fn a_build_with_errors_keeps_the_last_good_output_and_its_manifest() {
    let site = TestSite::bundled();
    let options = site.options();
    build(&options);
    let good = tree(&site.out());
    let manifest = std::fs::read(site.path().join(MANIFEST)).unwrap();

    let decision = site.read("data/decision.yaml");
    site.write("data/decision.yaml", "start: [\n");
    let run = site.run(&["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("data/decision.yaml:"),
        "{}",
        stderr(&run)
    );
    assert_same_tree(&tree(&site.out()), &good, "after the failed build");
    assert_eq!(std::fs::read(site.path().join(MANIFEST)).unwrap(), manifest);

    // Back to the sources of the good build: its output is still theirs.
    site.write("data/decision.yaml", &decision);
    assert!(build(&options));
    assert_same_tree(&tree(&site.out()), &good, "after the fix");
    site.replace(
        "data/decision.yaml",
        "What data do you have?",
        "Which data do you have?",
    );
    rebuilds(&options, "an edit after the fix");
}

#[test]
fn a_no_op_build_prints_the_warnings_of_the_build_it_keeps() {
    let site = TestSite::bundled();
    let yaml = site.read("data/architectures/resnet.yaml");
    let zh = yaml
        .lines()
        .find(|l| l.starts_with("  zh: \"每个模块"))
        .unwrap();
    site.write(
        "data/architectures/resnet.yaml",
        &yaml.replacen(&format!("{zh}\n"), "", 1),
    );

    let first = site.run(&["build"]);
    let second = site.run(&["build"]);
    assert!(first.status.success() && second.status.success());
    let (first, second) = (stderr(&first), stderr(&second));
    let warnings = |text: &str| {
        text.lines()
            .filter(|l| !l.starts_with("built ") && !l.starts_with("up to date: "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert!(
        first.contains("data/architectures/resnet.yaml:4:1: warning: `summary` has no text in zh"),
        "{first}"
    );
    assert!(second.contains("up to date: "), "{second}");
    assert_eq!(warnings(&second), warnings(&first));
}
