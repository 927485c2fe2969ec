//! Adding a language step by step: `archkb new language`, the fallback of missing UI
//! strings to the default language, and the warnings that list what is left to translate.

use crate::harness::{copy_dir, repo_root, TestSite};
use serde_json::json;

/// Gives every reader-facing text of the fixture's data a `code` entry, as a translator
/// would after `check` listed them (the fixture writes them as `{en: ..., zh: ...}` maps,
/// the glossary as `en:` fields, the bench file as JSON maps).
fn translate_data(site: &TestSite, code: &str) {
    translate(site, code, &["config.yaml"]);
    translate(site, code, DATA_FILES);
}

/// The fixture's data files with reader-facing texts, config.yaml aside.
const DATA_FILES: &[&str] = &[
    "data/facets.yaml",
    "data/decision.yaml",
    "data/glossary.yaml",
    "data/architectures/cnn.yaml",
    "data/architectures/resnet.yaml",
    "data/bench/test-run.json",
];

/// Gives every text of the files `rels` a `code` entry.
fn translate(site: &TestSite, code: &str, rels: &[&str]) {
    for rel in rels {
        let text = site
            .read(rel)
            .replace("{en: [", &format!("{{{code}: [\"Texte\"], en: ["))
            .replace("{en: ", &format!("{{{code}: \"Texte\", en: "))
            .replace("\n    en: ", &format!("\n    {code}: terme\n    en: "))
            .replace("{\"en\": ", &format!("{{\"{code}\": \"Texte\", \"en\": "));
        site.write(rel, &text);
    }
}

fn with_theme_copy(name: &str) -> TestSite {
    let site = TestSite::fixture(name);
    copy_dir(
        &repo_root().join("themes/default"),
        &site.path().join("themes/default"),
    );
    site
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_new_language_builds_with_default_strings_where_its_own_are_missing() {
    let site = with_theme_copy("minimal");
    let out = site.run(&["new", "language", "fr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("created themes/default/i18n/fr.yaml"),
        "{}",
        stderr(&out)
    );
    // config.yaml is edited in place: the rest of the line and file stay as they were.
    let config = site.read("config.yaml");
    assert!(config.contains("languages: [en, zh, fr]\n"), "{config}");
    assert!(config.contains("author: Tests"), "{config}");
    // The content is the default language's, ready to be translated over.
    assert_eq!(
        site.read("content/fr/guides/choosing.md"),
        site.read("content/en/guides/choosing.md")
    );

    // Until the data gives French texts, check names each one at its place.
    let check = site.run(&["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("config.yaml:1:1: error: `title` has no text for fr"),
        "{}",
        stderr(&check)
    );

    // With the site's title translated it builds: each data text still without French is a
    // warning at its place, and the French pages show the English text meanwhile, so the
    // data files can be translated one at a time.
    translate(&site, "fr", &["config.yaml"]);
    let build = site.run(&["build"]);
    let text = stderr(&build);
    assert!(build.status.success(), "{text}");
    assert!(
        text.contains(
            "data/architectures/resnet.yaml:4:1: warning: `summary` has no text in fr; its pages show another language's text\n  hint: translate it: add `fr: ...` beside `en:`"
        ),
        "{text}"
    );
    let resnet = site.output("fr/architectures/resnet/index.html");
    assert!(
        resnet.contains("A CNN with residual connections."),
        "the English summary stands in"
    );

    translate(&site, "fr", DATA_FILES);
    let check = site.run(&["check"]);
    assert!(
        !stderr(&check).contains("has no text in fr"),
        "{}",
        stderr(&check)
    );
    // One string translated; every other one stays commented out in the stub.
    site.replace(
        "themes/default/i18n/fr.yaml",
        "# skip_to_content: Skip to content",
        "skip_to_content: Aller au contenu",
    );
    let build = site.run(&["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let home = site.output("fr/index.html");
    assert!(home.contains("<html lang=\"fr\""));
    assert!(
        home.contains("Aller au contenu"),
        "the French string is used"
    );
    assert!(!home.contains("Skip to content"));
    // nav_label is missing in French: the English label is shown, never an empty one.
    assert!(home.contains("aria-label=\"Main\""), "the English fallback");
    for page in [
        "fr/architectures/resnet/index.html",
        "fr/compare/index.html",
    ] {
        assert!(site.out().join(page).exists(), "{page}");
    }

    let check = site.run(&["check"]);
    let text = stderr(&check);
    assert!(check.status.success(), "{text}");
    assert!(
        text.contains(
            "themes/default/i18n/fr.yaml: warning: `nav_label` has no `fr` text; the `en` text is shown\n  hint: add `nav_label: ...` in fr to themes/default/i18n/fr.yaml, translating the line of themes/default/i18n/en.yaml"
        ),
        "{text}"
    );
    assert!(!text.contains("`skip_to_content` has no"), "{text}");
    assert!(
        text.contains("content/fr/guides/choosing.md: warning: the translation does not say"),
        "{text}"
    );
    // The languages already there lack nothing.
    assert!(!text.contains("`zh` text"), "{text}");
}

#[test]
fn a_site_on_the_built_in_theme_is_told_where_its_strings_go() {
    let site = TestSite::fixture("minimal");
    let out = site.run(&["new", "language", "pt-BR"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("this site uses the built-in theme"),
        "{}",
        stderr(&out)
    );
    assert!(!site.path().join("themes").exists());
    assert!(site.path().join("content/pt-BR/_index.md").exists());
    translate_data(&site, "pt-BR");
    let check = site.run(&["check"]);
    assert!(
        stderr(&check)
            .contains("themes/default/i18n/pt-BR.yaml: warning: no UI strings for `pt-BR`; all "),
        "{}",
        stderr(&check)
    );
    let build = site.run(&["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let home = site.output("pt-BR/index.html");
    assert!(home.contains("<html lang=\"pt-BR\""));
    assert!(home.contains("Skip to content"), "the English fallback");
}

#[test]
fn a_taken_or_malformed_code_is_refused_and_nothing_is_written() {
    let site = TestSite::fixture("minimal");
    let config = site.read("config.yaml");
    for (code, message, hint) in [
        (
            "zh",
            "config.yaml: error: `zh` is already a language of this site",
            "hint: its languages are: en, zh",
        ),
        (
            "pt-br",
            "config.yaml: error: `pt-br` is not a language code",
            "hint: write it as `pt-BR`",
        ),
        (
            "french",
            "config.yaml: error: `french` is not a language code",
            "hint: use a language code such as `fr`, `pt-BR` or `zh-Hant`",
        ),
        (
            "../fr",
            "config.yaml: error: `../fr` is not a language code",
            "hint: use a language code",
        ),
    ] {
        let out = site.run(&["new", "language", code]);
        assert_eq!(out.status.code(), Some(1), "{code}");
        assert!(stderr(&out).contains(message), "{code}: {}", stderr(&out));
        assert!(stderr(&out).contains(hint), "{code}: {}", stderr(&out));
    }
    assert_eq!(site.read("config.yaml"), config);
    assert_eq!(
        std::fs::read_dir(site.path().join("content"))
            .unwrap()
            .count(),
        2,
        "only content/en and content/zh"
    );
}

#[test]
fn a_languages_list_it_cannot_edit_safely_is_left_alone() {
    let site = TestSite::fixture("minimal");
    site.replace(
        "config.yaml",
        "languages: [en, zh]",
        "languages: [en,\n  zh]",
    );
    let config = site.read("config.yaml");
    let out = site.run(&["new", "language", "fr"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("config.yaml: error: cannot add `fr` to `languages` safely"),
        "{}",
        stderr(&out)
    );
    assert_eq!(site.read("config.yaml"), config);
    assert!(!site.path().join("content/fr").exists());
}

/// A third language's scripts show the default language's labels, never "undefined" or an
/// empty label: every label reaches them from the i18n strings, with the fallback applied.
#[test]
fn a_third_language_s_scripts_show_fallback_labels() {
    let site = TestSite::fixture("minimal");
    let out = site.run(&["new", "language", "fr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    translate_data(&site, "fr");
    let mut options = site.options();
    options.base_url = Some("http://127.0.0.1/".into());
    let (outcome, _) = archkb::build(&options).expect("build");
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );
    let base = crate::browser::serve_dir(site.out());
    let Some(browser) = crate::browser::Browser::start() else {
        return;
    };
    let text = "return document.body.innerText";

    browser.goto(&format!("{base}/fr/choose/"));
    browser.wait_for(
        "return !!document.querySelector('[data-widget] [data-answer]')",
        "the widget",
    );
    browser.click("[data-widget] [data-answer]");
    let back = browser.eval(
        "return document.querySelector('[data-back]').textContent",
        json!([]),
    );
    assert_eq!(back, json!("← Back"));
    let mut steps = 0;
    while browser.eval(
        "return !!document.querySelector('[data-widget] [data-answer]')",
        json!([]),
    ) == json!(true)
    {
        browser.click("[data-widget] [data-answer]");
        steps += 1;
        assert!(steps < 10, "the widget never reached a result");
    }
    let page = browser.eval(text, json!([]));
    let page = page.as_str().unwrap_or("");
    for label in ["Why: ", "Benchmark: ", "Compare the shortlist side by side"] {
        assert!(page.contains(label), "{label}: {page}");
    }
    assert!(!page.contains("undefined"), "{page}");

    browser.goto(&format!("{base}/fr/compare/"));
    browser.wait_for(
        "return !!document.querySelector('[data-table-tools] button')",
        "the table tools",
    );
    let reset = browser.eval(
        "return document.querySelector('[data-table-tools] button').textContent",
        json!([]),
    );
    assert_eq!(reset, json!("Reset"));
    let page = browser.eval(text, json!([]));
    assert!(!page.as_str().unwrap_or("").contains("undefined"), "{page}");
}
