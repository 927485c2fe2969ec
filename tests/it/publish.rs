//! Publishing: feeds, sitemap, robots.txt, SEO metadata, hashed assets with SRI, a site
//! under a subpath, the offline copy from file://, blog export, translation hashes, and the
//! outside checkers — the Nu HTML Checker (vnu.jar) and axe-core in headless Chromium.
//!
//! The checkers come from npm (`npm install --prefix .ci/node vnu-jar axe-core`, which
//! `.ci/run` does) and Debian (`libxml2-utils` for xmllint, a Java runtime for vnu). Where
//! one is missing the test fails under CI and is skipped, with a message, elsewhere.

use crate::browser::{serve_dir, Browser};
use crate::harness::{repo_root, TestSite};
use archkb::export::{ExportFormat, ExportOptions};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// True when `tool` is there; otherwise fails under CI and says why it skips elsewhere.
pub(crate) fn available(tool: &str, present: bool) -> bool {
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide {tool} (see .ci/run)"
        );
        eprintln!("skipping: {tool} is not installed (see .ci/run)");
    }
    present
}

fn command_exists(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
}

pub(crate) fn node_module(path: &str) -> PathBuf {
    repo_root().join(".ci/node/node_modules").join(path)
}

/// A built site kept for the whole test run.
struct Built {
    site: TestSite,
}

fn build_with(site: TestSite, base_url: Option<&str>, offline: bool) -> Built {
    let mut options = site.options();
    options.base_url = base_url.map(str::to_string);
    if offline {
        options.target = archkb::output::Target::Offline;
    }
    let (outcome, _) = archkb::build(&options).expect("no plumbing failure");
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );
    Built { site }
}

/// The bundled site as config.yaml has it (https://archkb.example.com/).
fn bundled() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_with(TestSite::bundled(), None, false))
}

/// The bundled site hosted under a subpath.
fn bundled_under_kb() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_with(TestSite::bundled(), Some("https://example.com/kb/"), false))
}

/// The bundled site as an offline copy.
fn bundled_offline() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_with(TestSite::bundled(), None, true))
}

/// Every file under `dir`, as paths relative to it with `/` separators.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// The values of every `name="..."` attribute in `html`.
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// `&amp;` → `&` (the only entity the site writes inside URLs).
fn unescape_url(url: &str) -> String {
    url.replace("&amp;", "&")
}

// ---------------------------------------------------------------------------------------
// Feeds, sitemap, robots.txt

#[test]
fn feeds_are_atom_with_absolute_links_newest_first() {
    let site = TestSite::fixture("minimal");
    site.replace(
        "content/en/guides/choosing.md",
        "date: 2026-01-03",
        "date: 2026-03-04",
    );
    let outcome = site.build();
    assert!(!outcome.diagnostics.has_errors());
    for (file, lang) in [("atom.xml", "en"), ("zh/atom.xml", "zh")] {
        let text = site.output(file);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let feed = doc.root_element();
        let atom = "http://www.w3.org/2005/Atom";
        assert_eq!(feed.tag_name().namespace(), Some(atom));
        assert_eq!(feed.tag_name().name(), "feed");
        assert_eq!(
            feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(lang)
        );
        fn child<'a, 'i>(
            node: roxmltree::Node<'a, 'i>,
            name: &str,
        ) -> Option<roxmltree::Node<'a, 'i>> {
            node.children().find(|c| {
                c.tag_name().name() == name
                    && c.tag_name().namespace() == Some("http://www.w3.org/2005/Atom")
            })
        }
        for required in ["title", "id", "updated", "author"] {
            assert!(
                child(feed, required).is_some(),
                "{file} has no <{required}>"
            );
        }
        let self_link = feed
            .children()
            .find(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("self"))
            .expect("rel=self");
        assert_eq!(
            self_link.attribute("href"),
            Some(format!("https://example.com/{file}").as_str())
        );
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.tag_name().name() == "entry")
            .collect();
        assert!(!entries.is_empty(), "{file} has entries");
        let mut updated = Vec::new();
        for entry in &entries {
            for required in ["title", "id", "updated", "link"] {
                assert!(
                    child(*entry, required).is_some(),
                    "an entry of {file} has no <{required}>"
                );
            }
            let href = child(*entry, "link")
                .and_then(|l| l.attribute("href"))
                .unwrap();
            assert!(href.starts_with("https://example.com/"), "{href}");
            let id = child(*entry, "id").and_then(|n| n.text()).unwrap();
            assert!(id.starts_with("tag:example.com,"), "{id}");
            updated.push(
                child(*entry, "updated")
                    .and_then(|n| n.text())
                    .unwrap()
                    .to_string(),
            );
        }
        assert!(
            updated.windows(2).all(|w| w[0] >= w[1]),
            "newest first: {updated:?}"
        );
        assert_eq!(
            child(feed, "updated").and_then(|n| n.text()),
            updated.first().map(String::as_str),
            "the feed's updated is its newest entry's"
        );
    }
    // The guide (2026-03-04) is newer than the articles (2026-01-02).
    let en = site.output("atom.xml");
    assert!(en.find("/guides/choosing/").unwrap() < en.find("/architectures/resnet/").unwrap());
}

#[test]
fn feed_entry_ids_survive_a_move_to_a_subpath() {
    let ids = |base_url: &str| {
        let site = TestSite::fixture("minimal");
        let mut options = site.options();
        options.base_url = Some(base_url.into());
        archkb::build(&options).expect("build");
        let text = site.output("atom.xml");
        let doc = roxmltree::Document::parse(&text).expect("xml");
        doc.descendants()
            .filter(|n| {
                n.tag_name().name() == "id"
                    && n.parent().is_some_and(|p| p.tag_name().name() == "entry")
            })
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    let root = ids("https://example.com/");
    assert!(!root.is_empty());
    assert_eq!(root, ids("https://example.com/kb/"));
}

#[test]
fn sitemap_validates_against_its_schema_and_lists_alternates() {
    let built = bundled();
    let sitemap = built.site.out().join("sitemap.xml");
    let text = std::fs::read_to_string(&sitemap).expect("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap is XML");
    let urls: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "url")
        .collect();
    assert!(urls.len() > 100, "{} urls", urls.len());
    let resnet = urls
        .iter()
        .find(|u| {
            u.children().any(|c| {
                c.tag_name().name() == "loc"
                    && c.text() == Some("https://archkb.example.com/architectures/resnet/")
            })
        })
        .expect("resnet is listed");
    let alternates: BTreeSet<(String, String)> = resnet
        .children()
        .filter(|c| c.tag_name().name() == "link")
        .map(|c| {
            (
                c.attribute("hreflang").unwrap_or_default().to_string(),
                c.attribute("href").unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("en", "https://archkb.example.com/architectures/resnet/"),
        ("zh", "https://archkb.example.com/zh/architectures/resnet/"),
        (
            "x-default",
            "https://archkb.example.com/architectures/resnet/",
        ),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(alternates, expected);
    assert!(!text.contains("404.html"), "the 404 pages are not listed");

    let robots = built.site.output("robots.txt");
    assert!(
        robots.contains("Sitemap: https://archkb.example.com/sitemap.xml"),
        "{robots}"
    );

    if !available("xmllint (libxml2-utils)", command_exists("xmllint")) {
        return;
    }
    let schema = repo_root().join("tests/fixtures/xsd/sitemap.xsd");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&sitemap)
        .output()
        .expect("run xmllint");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------------------------
// SEO metadata

#[test]
fn articles_carry_open_graph_twitter_and_safe_json_ld() {
    let site = TestSite::fixture("minimal");
    // A summary that tries to close the JSON-LD script.
    let text: String = site
        .read("content/zh/architectures/resnet.md")
        .lines()
        .map(|l| {
            if l.starts_with("summary:") {
                "summary: \"</script><script>alert(1)</script> & 残差\"\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    site.write("content/zh/architectures/resnet.md", &text);
    let outcome = site.build();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );

    let html = site.output("zh/architectures/resnet/index.html");
    for expected in [
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:url\" content=\"https://example.com/zh/architectures/resnet/\">",
        "<meta property=\"og:locale\" content=\"zh_CN\">",
        "<meta property=\"og:locale:alternate\" content=\"en_US\">",
        "<meta property=\"og:site_name\" content=\"迷你知识库\">",
        "<meta name=\"twitter:card\" content=\"summary\">",
        "<meta property=\"og:title\" content=\"",
        "<meta property=\"og:description\" content=\"&lt;/script&gt;",
        "<link rel=\"alternate\" type=\"application/atom+xml\"",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").expect("closed");
    let json_text = &html[start..end];
    assert!(!json_text.contains('<'), "{json_text}");
    let ld: Value = serde_json::from_str(json_text).expect("JSON-LD parses");
    assert_eq!(ld["@type"], "TechArticle");
    assert_eq!(ld["inLanguage"], "zh");
    assert_eq!(ld["url"], "https://example.com/zh/architectures/resnet/");
    assert_eq!(ld["datePublished"], "2026-01-02");
    assert!(ld["dateModified"].is_string() && ld["author"]["name"].is_string());
    assert!(ld["publisher"]["name"].is_string());
    assert!(ld["description"].as_str().unwrap().starts_with("</script>"));

    let home = site.output("index.html");
    assert!(home.contains("<meta property=\"og:type\" content=\"website\">"));
    assert!(!home.contains("application/ld+json"));
}

// ---------------------------------------------------------------------------------------
// Hashed assets, subpath

#[test]
fn hashed_assets_carry_correct_integrity() {
    use sha2::{Digest, Sha384};
    let site = TestSite::fixture("minimal");
    assert!(!site.build().diagnostics.has_errors());
    let mut checked = 0;
    for page in ["index.html", "compare/index.html", "choose/index.html"] {
        let html = site.output(page);
        for tag in html.split('<').filter(|t| {
            (t.starts_with("link ") && t.contains("rel=\"stylesheet\""))
                || t.starts_with("script src=")
        }) {
            let tag = format!(" {tag}");
            let url = attribute_values(&tag, "href")
                .into_iter()
                .chain(attribute_values(&tag, "src"))
                .next()
                .expect("a URL");
            let name = url.strip_prefix("/static/").expect("under /static/");
            let parts: Vec<&str> = name.split('.').collect();
            assert_eq!(parts.len(), 3, "{name} is stem.hash8.ext");
            assert_eq!(parts[1].len(), 8);
            let bytes = std::fs::read(site.out().join("static").join(name)).expect("hashed file");
            let digest = Sha384::digest(&bytes);
            let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(parts[1], hex, "{name}: the name carries the content's hash");
            let integrity = attribute_values(&tag, "integrity");
            assert_eq!(
                integrity,
                vec![format!("sha384-{}", archkb::render::assets::base64(&digest)).as_str()],
                "{tag}"
            );
            assert!(tag.contains("crossorigin=\"anonymous\""), "{tag}");
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked} assets checked");
}

#[test]
fn a_subpath_build_has_no_unprefixed_url() {
    let built = bundled_under_kb();
    let out = built.site.out();
    let mut problems = Vec::new();
    let mut check = |file: &str, url: &str| {
        let url = unescape_url(url);
        let rooted = url.starts_with('/') && !url.starts_with("//");
        if (rooted && !url.starts_with("/kb/"))
            || (url.starts_with("https://example.com")
                && !url.starts_with("https://example.com/kb/"))
        {
            problems.push(format!("{file}: {url}"));
        }
    };
    let mut counted = 0;
    for file in files_under(&out) {
        let path = out.join(&file);
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        match ext {
            "html" => {
                let html = std::fs::read_to_string(&path).expect("read");
                for name in ["href", "src", "action", "content", "srcset", "data-url"] {
                    for url in attribute_values(&html, name) {
                        check(&file, url);
                        counted += 1;
                    }
                }
                // Inline JSON (the widget's data, JSON-LD): every string value.
                for (open, close) in [
                    (
                        "<script type=\"application/json\" id=\"decision-data\">",
                        "</script>",
                    ),
                    ("<script type=\"application/ld+json\">", "</script>"),
                ] {
                    if let Some(start) = html.find(open) {
                        let rest = &html[start + open.len()..];
                        let json: Value = serde_json::from_str(&rest[..rest.find(close).unwrap()])
                            .expect("inline JSON");
                        walk_strings(&json, &mut |s| check(&file, s));
                    }
                }
            }
            "json" | "gz" => {
                let mut bytes = std::fs::read(&path).expect("read");
                if ext == "gz" {
                    // The search files, gzip-compressed JSON.
                    bytes = archkb::search::gzip::decompress(&bytes).expect("gzip");
                }
                let mut json: Value = serde_json::from_slice(&bytes).expect("JSON");
                // A search fragment's text (`x`) is prose, which may mention a path; a
                // fragment file is an array of fragments.
                if file.contains("/frag-") {
                    json.as_array_mut().into_iter().flatten().for_each(|f| {
                        if let Some(f) = f.as_object_mut() {
                            f.remove("x");
                        }
                    });
                }
                walk_strings(&json, &mut |s| check(&file, s));
            }
            "xml" => {
                let text = std::fs::read_to_string(&path).expect("read");
                let doc = roxmltree::Document::parse(&text).expect("XML");
                for node in doc.descendants() {
                    if let Some(t) = node.text().filter(|_| node.is_element()) {
                        check(&file, t.trim());
                    }
                    for a in node.attributes() {
                        check(&file, a.value());
                    }
                }
            }
            _ => {}
        }
    }
    assert!(counted > 1000, "{counted} URLs seen");
    assert!(
        problems.is_empty(),
        "{} unprefixed URLs:\n{}",
        problems.len(),
        problems[..problems.len().min(20)].join("\n")
    );
    assert!(built
        .site
        .output("index.html")
        .contains("href=\"/kb/static/style."));
    let robots = built.site.output("robots.txt");
    assert!(
        robots.contains("https://example.com/kb/sitemap.xml"),
        "{robots}"
    );
}

fn walk_strings(value: &Value, f: &mut dyn FnMut(&str)) {
    match value {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter().for_each(|v| walk_strings(v, f)),
        Value::Object(map) => map.values().for_each(|v| walk_strings(v, f)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Offline copy

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[test]
fn offline_copy_links_resolve_to_files() {
    let built = bundled_offline();
    let out = built.site.out();
    let mut broken = Vec::new();
    let mut seen = 0;
    for file in files_under(&out) {
        let Ok(text) = std::fs::read_to_string(out.join(&file)) else {
            continue;
        };
        assert!(
            !text.contains("__archkb_root__"),
            "{file} keeps the placeholder"
        );
        if !file.ends_with(".html") {
            continue;
        }
        assert!(
            !text.contains(" integrity="),
            "{file}: file:// cannot pass SRI"
        );
        let dir = out.join(&file).parent().unwrap().to_path_buf();
        for url in attribute_values(&text, "href")
            .into_iter()
            .chain(attribute_values(&text, "src"))
        {
            let url = unescape_url(url);
            if url.starts_with('#')
                || url.contains("://")
                || url.starts_with("mailto:")
                || url.starts_with("data:")
            {
                continue;
            }
            seen += 1;
            let path = url.split(['#', '?']).next().unwrap_or("");
            if url.starts_with('/') || path.ends_with('/') || path.is_empty() {
                broken.push(format!("{file}: {url} (not a file URL)"));
                continue;
            }
            if !normalize(&dir.join(path)).is_file() {
                broken.push(format!("{file}: {url}"));
            }
        }
    }
    assert!(seen > 1000, "{seen} links seen");
    assert!(
        broken.is_empty(),
        "{} broken:\n{}",
        broken.len(),
        broken[..broken.len().min(20)].join("\n")
    );
    assert!(!out.join("sitemap.xml").exists() && !out.join("atom.xml").exists());
}

#[test]
fn offline_copy_works_in_chromium_from_file_urls() {
    let built = bundled_offline();
    let Some(browser) = Browser::start() else {
        return;
    };
    let root = built.site.out();
    let file_url = |rel: &str| format!("file://{}", root.join(rel).display());

    // The widget answers through to a recommendation whose link is a file that exists.
    browser.goto(&file_url("zh/choose/index.html"));
    browser.wait_for(
        "return !!document.querySelector('[data-widget] [data-answer]')",
        "the widget from file://",
    );
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
    let hrefs = browser.eval(
        "return Array.from(document.querySelectorAll('[data-result] h3 a')).map(a => a.href)",
        json!([]),
    );
    let hrefs = hrefs.as_array().expect("result links");
    assert!(!hrefs.is_empty());
    for href in hrefs {
        let href = href.as_str().unwrap();
        let path = href.strip_prefix("file://").expect("a file URL");
        assert!(Path::new(path).is_file(), "{href}");
    }
    // Its styles loaded (no SRI to fail, no server needed).
    let styled = browser.eval(
        "return getComputedStyle(document.querySelector('.site-header')).position",
        json!([]),
    );
    assert_eq!(styled, json!("sticky"));

    // The table sorts.
    browser.goto(&file_url("compare/index.html"));
    browser.wait_for(
        "return !!document.querySelector('th[data-key=year] button')",
        "the sort buttons from file://",
    );
    browser.click("th[data-key=year] button");
    let years: Vec<i64> = serde_json::from_value(browser.eval(
        "return Array.from(document.querySelectorAll('#compare-table tr[data-id]')).filter(r => !r.hidden).map(r => +r.cells[1].dataset.sort)",
        json!([]),
    ))
    .unwrap();
    assert!(
        years.len() > 5 && years.windows(2).all(|w| w[0] <= w[1]),
        "{years:?}"
    );

    // Search works from disk: the index loads as scripts, and a result opens a file.
    crate::browser::type_search(&browser, "transformer");
    let href = browser.eval(
        "return document.querySelector('.search-pop [role=option] a').getAttribute('href')",
        json!([]),
    );
    let path = href
        .as_str()
        .unwrap_or("")
        .strip_prefix("file://")
        .unwrap_or("")
        .to_string();
    assert!(Path::new(&path).is_file(), "search result {href} is a file");

    // A link followed in the browser lands on a page.
    browser.click("a.brand");
    assert!(browser.url().ends_with("/index.html"), "{}", browser.url());
    let title = browser.eval("return document.querySelector('h1') !== null", json!([]));
    assert_eq!(title, json!(true));
}

// ---------------------------------------------------------------------------------------
// Blog export

fn export(site: &TestSite, article: &str, lang: Option<&str>, format: ExportFormat) -> String {
    let options = ExportOptions {
        build: site.options(),
        article: article.into(),
        lang: lang.map(str::to_string),
        format,
    };
    archkb::export::export(&options)
        .expect("no plumbing failure")
        .unwrap_or_else(|d| panic!("{}", d.render_text()))
}

#[test]
fn html_export_is_one_inline_styled_fragment() {
    let site = TestSite::bundled();
    let mut options = site.options();
    options.base_url = Some("https://example.com/kb/".into());
    let html = archkb::export::export(&ExportOptions {
        build: options,
        article: "content/en/architectures/resnet.md".into(),
        lang: None,
        format: ExportFormat::Html,
    })
    .expect("export")
    .expect("no content errors");
    for banned in ["<style", "<script", "class=", "var(--", "<link"] {
        assert!(!html.contains(banned), "the export contains {banned}");
    }
    assert!(html.starts_with("<section "), "one fragment");
    assert!(html.contains("<h1 style=\""));
    // The metadata panel is a simple table; code has inline colours; charts are inline SVG
    // with explicit fills.
    assert!(html.contains("<table style=") && html.contains("<th scope=\"row\" style="));
    assert!(html.contains("<pre style=\"") && html.contains("<span style=\"color:#"));
    assert!(html.contains("<svg ") && html.contains("fill=\"#"));
    // Every link is absolute, back to the hosted site under its subpath.
    for href in attribute_values(&html, "href") {
        assert!(href.starts_with("https://"), "{href}");
        if href.contains("example.com") {
            assert!(href.starts_with("https://example.com/kb/"), "{href}");
        }
    }
    assert!(html.contains("href=\"https://example.com/kb/architectures/cnn/\""));
    // Everything that carries a look carries it inline: no bare block or text tags.
    for bare in [
        "<p>",
        "<h2>",
        "<h3>",
        "<li>",
        "<ul>",
        "<ol>",
        "<td>",
        "<th>",
        "<table>",
        "<pre>",
        "<code>",
        "<blockquote>",
        "<a>",
    ] {
        assert!(!html.contains(bare), "{bare} without a style");
    }
    for piece in html.split("<a ").skip(1) {
        let head = &piece[..piece.find('>').unwrap_or(0)];
        assert!(head.contains("style="), "<a {head}>");
    }
}

#[test]
fn markdown_export_links_back_and_shows_charts_as_images() {
    let site = TestSite::bundled();
    let md = export(&site, "resnet", Some("zh"), ExportFormat::Markdown);
    assert!(md.starts_with("# ResNet"), "{}", &md[..80]);
    assert!(md.contains("| --- | --- |"), "the facts as a table");
    assert!(md.contains("(https://archkb.example.com/zh/architectures/cnn/)"));
    assert!(
        !md.contains("](/") && !md.contains("](../") && !md.contains(".md)"),
        "links are absolute"
    );
    let chart = md
        .split("](")
        .skip(1)
        .map(|s| &s[..s.find(')').unwrap()])
        .find(|u| u.ends_with(".svg"))
        .expect("a chart image");
    assert!(
        chart.starts_with("https://archkb.example.com/zh/benchmarks/charts/"),
        "{chart}"
    );
    // The chart file the image names is written by every build, with inline colours.
    let built = bundled();
    let rel = chart.trim_start_matches("https://archkb.example.com/");
    let svg = built.site.output(rel);
    assert!(svg.contains("fill=\"#") && !svg.contains("class="), "{rel}");
    roxmltree::Document::parse(&svg).expect("the chart is XML");
}

#[test]
fn export_names_a_missing_article() {
    let site = TestSite::fixture("minimal");
    let out = site.run(&["export", "architectures/nope"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no article `architectures/nope`"),
        "{stderr}"
    );
    let out = site.run(&[
        "export",
        "content/en/architectures/resnet.md",
        "--format",
        "markdown",
        "--out",
        "resnet.md",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = site.read("resnet.md");
    assert!(
        md.starts_with("# ResNet") && md.contains("https://example.com/architectures/resnet/"),
        "{md}"
    );
}

// ---------------------------------------------------------------------------------------
// Translations

#[test]
fn check_warns_when_a_source_changes_after_its_translation() {
    let site = TestSite::fixture("minimal");
    let out = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("translat"),
        "the fixture's translations are current: {stderr}"
    );

    site.replace(
        "content/en/architectures/resnet.md",
        "When you need a dependable baseline.",
        "When you need a dependable, well-understood baseline.",
    );
    let out = site.run(&["check"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let new_hash = archkb::translation::source_hash(
        site.read("content/en/architectures/resnet.md")
            .splitn(3, "---\n")
            .nth(2)
            .unwrap(),
    );
    assert!(
        stderr.contains("content/zh/architectures/resnet.md: warning: content/en/architectures/resnet.md has changed since this translation was made"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("set `translated_from: {new_hash}`")),
        "{stderr}"
    );

    // A translation that records nothing gets a warning with the value to paste.
    let zh = site.read("content/zh/guides/choosing.md");
    let without: String = zh
        .lines()
        .filter(|l| !l.starts_with("translated_from:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("content/zh/guides/choosing.md", &without);
    let stderr = String::from_utf8_lossy(&site.run(&["check"]).stderr).into_owned();
    assert!(
        stderr.contains("content/zh/guides/choosing.md: warning: the translation does not say which version of content/en/guides/choosing.md it translates"),
        "{stderr}"
    );
    assert!(stderr.contains("add `translated_from: "), "{stderr}");

    // build reports neither.
    assert!(site.build().diagnostics.is_empty());
}

#[test]
fn a_malformed_translated_from_is_an_error_at_its_line() {
    let site = TestSite::fixture("minimal");
    let zh = site.read("content/zh/guides/choosing.md");
    let line = zh
        .lines()
        .position(|l| l.starts_with("translated_from:"))
        .expect("the fixture records it")
        + 1;
    let bad: String = zh
        .lines()
        .map(|l| {
            if l.starts_with("translated_from:") {
                "translated_from: v1\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    site.write("content/zh/guides/choosing.md", &bad);
    let text = site.diagnostics();
    assert!(
        text.contains(&format!(
            "content/zh/guides/choosing.md:{line}:1: error: `translated_from` is `v1`, not a 12-digit hex hash"
        )),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------
// Outside checkers: the Nu HTML Checker and axe-core

#[test]
fn every_page_passes_the_nu_html_checker() {
    let jar = node_module("vnu-jar/build/dist/vnu.jar");
    if !available("vnu.jar (npm vnu-jar)", jar.exists())
        || !available("java", command_exists("java"))
    {
        return;
    }
    let built = bundled();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(built.site.out())
        .output()
        .expect("run vnu");
    let report =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    let pages = files_under(&built.site.out())
        .iter()
        .filter(|f| f.ends_with(".html"))
        .count();
    assert!(pages > 100, "{pages} pages");
    assert!(
        out.status.success() && report.trim().is_empty(),
        "vnu found errors:\n{report}"
    );
}

#[test]
fn axe_finds_no_serious_or_critical_violations() {
    let axe = node_module("axe-core/axe.min.js");
    if !available("axe-core (npm)", axe.exists()) {
        return;
    }
    let axe_source = std::fs::read_to_string(&axe).expect("axe.min.js");
    let built = bundled();
    let Some(browser) = Browser::start() else {
        return;
    };
    let base = serve_dir(built.site.out());
    let mut pages = vec![
        "",
        "compare/",
        "choose/",
        "benchmarks/",
        "architectures/resnet/",
        "zh/",
        "zh/compare/",
        "zh/choose/",
        "zh/benchmarks/",
        "zh/architectures/resnet/",
    ];
    // The search results state, once the site has a search page.
    if built.site.out().join("search/index.html").exists() {
        pages.extend(["search/?q=transformer", "zh/search/?q=transformer"]);
    }
    let mut problems = Vec::new();
    for page in pages {
        for theme in ["light", "dark"] {
            browser.goto(&format!("{base}/{page}"));
            browser.eval(
                "document.documentElement.dataset.theme = arguments[0]; window.__axe = null",
                json!([theme]),
            );
            // The choose page: also check the widget's question state.
            browser.eval(&axe_source, json!([]));
            browser.eval(
                "axe.run(document, {resultTypes: ['violations']}).then(r => { window.__axe = r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' '))})) })",
                json!([]),
            );
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while browser.eval("return window.__axe !== null", json!([])) != json!(true) {
                assert!(
                    std::time::Instant::now() < deadline,
                    "axe timed out on {page}"
                );
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            let violations = browser.eval("return window.__axe", json!([]));
            for v in violations.as_array().expect("violations") {
                if matches!(v["impact"].as_str(), Some("serious" | "critical")) {
                    problems.push(format!(
                        "/{page} ({theme}): {} [{}] {}: {}",
                        v["id"], v["impact"], v["help"], v["nodes"]
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "axe:\n{}", problems.join("\n"));
}
