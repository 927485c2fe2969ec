//! Building valid sites: what lands in the output and how it looks.

use crate::harness::{main_of, without_inline_svg, TestSite};

#[test]
fn minimal_site_builds_without_diagnostics() {
    let site = TestSite::fixture("minimal");
    let outcome = site.build();
    assert!(
        outcome.diagnostics.is_empty(),
        "{}",
        outcome.diagnostics.render_text()
    );
    for page in [
        "index.html",
        "zh/index.html",
        "architectures/cnn/index.html",
        "zh/architectures/resnet/index.html",
        "guides/choosing/index.html",
        "guides/index.html",
        "architectures/index.html",
        "compare/index.html",
        "compare/architectures.csv",
        "compare/architectures.json",
        "choose/index.html",
        "choose/decision.json",
        "benchmarks/index.html",
        "glossary/index.html",
        "tags/index.html",
        "tags/vision/index.html",
        "404.html",
        "static/style.css",
        "static/highlight.css",
    ] {
        assert!(site.out().join(page).is_file(), "missing {page}");
    }
}

#[test]
fn translations_link_to_each_other() {
    let site = TestSite::fixture("minimal");
    site.build();
    let en = site.output("architectures/cnn/index.html");
    assert!(
        en.contains(r#"href="/zh/architectures/cnn/" hreflang="zh""#),
        "English links to Chinese"
    );
    let zh = site.output("zh/architectures/cnn/index.html");
    assert!(
        zh.contains(r#"href="/architectures/cnn/" hreflang="en""#),
        "Chinese links to English"
    );
    assert!(zh.contains(r#"<html lang="zh">"#));
}

#[test]
fn markdown_features_render() {
    let site = TestSite::fixture("minimal");
    site.build();
    let html = site.output("architectures/cnn/index.html");
    assert!(
        html.contains(r#"href="/architectures/resnet/#when-to-choose-it""#),
        "relative .md link resolved"
    );
    assert!(html.contains(r#"href="/guides/choosing/""#));
    assert!(html.contains("<table>"), "GFM table");
    assert!(
        html.contains(r#"class="hl-"#) || html.contains("hl-source"),
        "highlighted code"
    );
    let zh = site.output("zh/architectures/cnn/index.html");
    assert!(
        zh.contains(r#"id="什么时候选它""#),
        "Chinese heading id keeps its characters"
    );
    assert!(zh.contains(r#"href="/zh/architectures/resnet/#%E4%BB%80%E4%B9%88%E6%97%B6%E5%80%99%E9%80%89%E5%AE%83""#), "anchor link in Chinese (percent-encoded)");
    let zh_guide = site.output("zh/guides/choosing/index.html");
    assert!(
        zh_guide.contains(r#"href="/zh/choose/""#),
        "root links stay in the page's language"
    );
}

#[test]
fn same_input_gives_identical_output() {
    let a = TestSite::fixture("minimal");
    let b = TestSite::fixture("minimal");
    let ra = archkb::load_and_render(&a.options())
        .unwrap()
        .rendered
        .unwrap();
    let rb = archkb::load_and_render(&b.options())
        .unwrap()
        .rendered
        .unwrap();
    assert_eq!(ra, rb);
}

#[test]
fn a_good_build_removes_stale_files() {
    let site = TestSite::fixture("minimal");
    site.build();
    site.remove("content/en/guides/choosing.md")
        .remove("content/zh/guides/choosing.md");
    site.replace(
        "content/en/architectures/cnn.md",
        " and the [guide](../guides/choosing.md)",
        "",
    );
    let outcome = site.build();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );
    assert!(!site.out().join("guides/choosing/index.html").exists());
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("minimal");
    site.build();
    let before = site.output("architectures/cnn/index.html");
    site.write("data/architectures/resnet.yaml", "kind: [unclosed\n");
    let outcome = site.build();
    assert!(outcome.diagnostics.has_errors());
    assert_eq!(site.output("architectures/cnn/index.html"), before);
}

/// The old test of this passed only because a link to the draft failed the first build,
/// so it never saw a build that left a draft out.
#[test]
fn a_draft_nothing_links_to_is_built_only_when_asked() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/en/guides/notes.md",
        "---\ntitle: Notes\nsummary: Not ready.\ndraft: true\n---\n\nSoon.\n",
    );
    let outcome = site.build();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );
    assert!(site.out().join("index.html").is_file(), "the build wrote");
    assert!(!site.out().join("guides/notes/index.html").exists());
    assert!(
        !site.output("guides/index.html").contains("/guides/notes/"),
        "the section does not list the draft"
    );
    let mut options = site.options();
    options.drafts = true;
    let (outcome, _) = archkb::build(&options).unwrap();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );
    assert!(site.out().join("guides/notes/index.html").is_file());
}

/// A link to a draft used to read "resolves to …, which does not exist" about a file that
/// is right there.
#[test]
fn a_link_to_a_draft_says_the_build_leaves_the_draft_out() {
    let site = TestSite::fixture("minimal");
    site.replace(
        "content/en/guides/choosing.md",
        "weight: 1",
        "weight: 1\ndraft: true",
    );
    assert_eq!(
        site.diagnostics(),
        "content/en/architectures/cnn.md:10:63: error: link to a draft: `../guides/choosing.md` is \
         content/en/guides/choosing.md, a draft (`draft: true`) this build leaves out\n  \
         hint: publish it (remove `draft: true`), remove the link, or build with --drafts\n"
    );
    let outcome = site.build();
    assert!(outcome.diagnostics.has_errors());
    assert!(!site.out().exists(), "a build with errors writes nothing");

    let mut options = site.options();
    options.drafts = true;
    let (outcome, _) = archkb::build(&options).unwrap();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );
    assert!(site
        .output("architectures/cnn/index.html")
        .contains(r#"href="/guides/choosing/""#));
}

#[test]
fn a_subpath_base_url_prefixes_every_link() {
    let site = TestSite::fixture("minimal");
    let mut options = site.options();
    options.base_url = Some("https://example.com/kb/".into());
    archkb::build(&options).unwrap();
    let html = site.output("architectures/cnn/index.html");
    for attr in ["href=\"/", "src=\"/"] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len() - 1..];
            assert!(
                rest.starts_with("/kb/"),
                "unprefixed link: {}",
                &rest[..rest.len().min(60)]
            );
        }
    }
    assert!(
        html.contains(r#"<link rel="canonical" href="https://example.com/kb/architectures/cnn/">"#)
    );
}

#[test]
fn an_unsafe_base_url_flag_is_refused_like_one_in_config() {
    let site = TestSite::fixture("minimal");
    let mut options = site.options();
    options.base_url = Some("javascript:alert(1)//".into());
    let built = archkb::load_and_render(&options).expect("no plumbing failure");
    assert!(built.rendered.is_none(), "nothing is rendered");
    let text = built.diagnostics.render_text();
    assert!(
        text.contains("--base-url: error: unsafe or invalid `--base-url`"),
        "{text}"
    );
}

#[test]
fn everything_from_data_is_escaped() {
    let site = TestSite::fixture("minimal");
    site.replace(
        "data/architectures/cnn.yaml",
        "en: Convolutional networks",
        "en: \"<script>alert(1)</script> & co\"",
    );
    site.replace(
        "data/decision.yaml",
        "en: \"Images\"",
        "en: \"<img src=x onerror=alert(1)>\"",
    );
    // The reason names the family it recommends beside its member, so it follows the rename.
    site.replace(
        "data/decision.yaml",
        "any of the Convolutional networks",
        "any of the <script>alert(1)</script> & co",
    );
    site.build();
    for page in [
        "architectures/cnn/index.html",
        "compare/index.html",
        "choose/index.html",
        "index.html",
    ] {
        let html = site.output(page);
        assert!(!html.contains("<script>alert(1)"), "{page} has raw script");
        assert!(!html.contains("<img src=x"), "{page} has raw img");
    }
    let choose = site.output("choose/index.html");
    assert!(choose.contains("\\u003cimg src=x"), "widget JSON escapes <");
}

#[test]
fn architecture_page_snapshot() {
    let site = TestSite::fixture("minimal");
    site.build();
    let html = site.output("architectures/resnet/index.html");
    assert!(
        html.contains("<svg") && html.contains("class=\"bench-chart"),
        "the page draws its bench chart inline"
    );
    insta::assert_snapshot!(
        "architecture_resnet_en",
        without_inline_svg(&main_of(&html))
    );
    insta::assert_snapshot!(
        "guide_zh",
        main_of(&site.output("zh/guides/choosing/index.html"))
    );
}

/// A copy of the minimal fixture with `n` more guides, each linking to the next one, to a
/// heading of the one after it, and holding a highlighted code block.
fn generated(n: usize) -> TestSite {
    let site = TestSite::fixture("minimal");
    for i in 0..n {
        let (next, after) = ((i + 1) % n, (i + 2) % n);
        site.write(
            &format!("content/en/guides/gen-{i:04}.md"),
            &format!(
                "---\ntitle: Generated {i}\nsummary: Page {i}.\ndate: 2026-01-01\n---\n\n\
                 ## Part {i}\n\nSee [the next](gen-{next:04}.md) and \
                 [its part](gen-{after:04}.md#part-{after}).\n\n\
                 ```python\ndef f(x):\n    return x * {i}\n```\n"
            ),
        );
    }
    site
}

/// Every file under `dir`, by its path relative to it.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("readable output"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy();
            (
                rel.replace('\\', "/"),
                std::fs::read(entry.path()).expect("read"),
            )
        })
        .collect()
}

/// A build writes its pages to disk as they render, from both cores; what lands there must
/// be exactly what the same site renders in memory (what serve shows), and the same from
/// one build to the next: for the bundled site and for a generated one of 400 pages.
#[test]
fn a_build_on_disk_is_byte_for_byte_the_site_rendered_in_memory() {
    for site in [TestSite::bundled(), generated(400)] {
        let in_memory = archkb::load_and_render(&site.options())
            .expect("no plumbing failure")
            .rendered
            .expect("the site renders");
        let outcome = site.build();
        assert!(!outcome.diagnostics.has_errors());
        let on_disk = tree(&site.out());
        assert_eq!(
            on_disk.keys().collect::<Vec<_>>(),
            in_memory.files.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &in_memory.files {
            assert!(on_disk[path] == *bytes, "{path} differs on disk");
        }
        site.build();
        assert!(tree(&site.out()) == on_disk, "a second build differs");
    }
}

/// The anchor check reads the ids of pages already written to disk: a dead anchor into one
/// still fails the build, and leaves the previous output as it was.
#[test]
fn a_dead_anchor_into_a_written_page_fails_the_build() {
    let site = generated(50);
    site.build();
    let before = tree(&site.out());
    site.replace("content/en/guides/gen-0007.md", "#part-9", "#part-nine");
    let outcome = site.build();
    let text = outcome.diagnostics.render_text();
    assert!(outcome.diagnostics.has_errors(), "{text}");
    assert!(text.contains("gen-0007.md:9:"), "{text}");
    assert!(text.contains("dead anchor: `#part-nine`"), "{text}");
    assert!(
        tree(&site.out()) == before,
        "the previous output is untouched"
    );
}
