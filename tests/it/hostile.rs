//! Hostile input, one test per class (issue 15): YAML that would stall or mislead the
//! parser, paths that try to leave the site or the output, markup that tries to run in a
//! reader's browser, files too big or too many, and requests a browser on the same machine
//! could send to the preview. Each is made in a copy of the minimal fixture and asserts
//! what an author or a reader would see: the error and its place, or the correct value.

use crate::harness::TestSite;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RESNET: &str = "data/architectures/resnet.yaml";
const GUIDE: &str = "content/en/guides/choosing.md";

fn site() -> TestSite {
    TestSite::fixture("minimal")
}

/// The diagnostics of `site`, asserting there is at least one error.
fn errors(site: &TestSite) -> String {
    let text = site.diagnostics();
    assert!(text.contains("error:"), "expected an error, got:\n{text}");
    text
}

fn no_errors(site: &TestSite) -> archkb::model::Site {
    let outcome = archkb::load_and_render(&site.options()).expect("no plumbing failure");
    let text = outcome.diagnostics.render_text();
    assert!(!outcome.diagnostics.has_errors(), "{text}");
    outcome.site.expect("a site")
}

// ---------------------------------------------------------------------------------------
// YAML

#[test]
fn yaml_nested_200000_deep_is_refused_at_once_naming_the_depth_and_line() {
    let s = site();
    s.write(
        RESNET,
        &format!("kind: model\nname: {}\n", "[".repeat(200_000)),
    );
    let text = errors(&s);
    assert!(
        text.contains("data/architectures/resnet.yaml:2:262: error: the YAML nests more than 256 levels deep here"),
        "{text}"
    );

    // Mappings, and block sequences written on one line, the same way; and in front
    // matter the line is the file's.
    let s = site();
    s.write(RESNET, &format!("{}x\n", "- ".repeat(100_000)));
    s.write(
        GUIDE,
        &format!(
            "---\ntitle: Deep\ntags: {}\n---\nBody.\n",
            "{a: ".repeat(100_000)
        ),
    );
    let text = errors(&s);
    assert!(
        text.contains("data/architectures/resnet.yaml:1:") && text.contains("more than 256 levels"),
        "{text}"
    );
    assert!(
        text.contains("content/en/guides/choosing.md:3:") && text.contains("more than 256 levels"),
        "{text}"
    );
}

#[test]
fn yaml_alias_bomb_is_an_error() {
    let s = site();
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (i, name) in "bcdefghij".chars().enumerate() {
        let prev = (b'a' + i as u8) as char;
        bomb.push_str(&format!(
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    // The anchors sit in keys the glossary ignores; the alias lands where any YAML value
    // is read (a term's name, checked to be a string after parsing): 10^10 strings.
    bomb.push_str("terms:\n  - id: cnn\n    en: *j\n    zh: x\n    definition: {en: x, zh: x}\n");
    s.write("data/glossary.yaml", &bomb);
    let text = errors(&s);
    assert!(
        text.contains("data/glossary.yaml:") && text.contains("repetition limit"),
        "{text}"
    );
}

#[test]
fn yaml_a_very_long_line_is_read_whole() {
    let s = site();
    let long = "residual ".repeat(200_000);
    s.replace(
        RESNET,
        "en: \"A CNN with residual connections.\"",
        &format!("en: \"{}\"", long.trim_end()),
    );
    let site = no_errors(&s);
    let summary = &site.architecture("resnet").unwrap().record.summary;
    assert_eq!(summary.text("en").len(), long.trim_end().len());
}

#[test]
fn yaml_a_huge_data_file_is_refused_before_it_is_read() {
    let s = site();
    let mut text = String::from("terms:\n");
    while text.len() <= 5 * 1024 * 1024 {
        text.push_str("  - {id: x, en: x, zh: x, definition: {en: x, zh: x}}\n");
    }
    s.write("data/glossary.yaml", &text);
    let text = errors(&s);
    assert!(
        text.contains("data/glossary.yaml: error: the file is 5.0 MiB; archkb reads Markdown, YAML and JSON files up to 4 MiB"),
        "{text}"
    );
}

#[test]
fn yaml_a_nul_byte_is_an_error_at_its_line() {
    let s = site();
    s.replace(RESNET, "name: {en: ResNet", "name: {en: \"Res\0Net\"");
    let text = errors(&s);
    assert!(text.contains("data/architectures/resnet.yaml:3:"), "{text}");
}

#[test]
fn yaml_and_markdown_with_a_bom_read_as_without() {
    let s = site();
    let yaml = s.read(RESNET);
    s.write(RESNET, &format!("\u{feff}{yaml}"));
    let guide = s.read(GUIDE);
    s.write(GUIDE, &format!("\u{feff}{guide}"));
    let site = no_errors(&s);
    assert_eq!(site.architecture("resnet").unwrap().record.year, 2015);
    assert_eq!(
        site.page("en", "guides/choosing").unwrap().front.title,
        "Choosing"
    );
}

#[test]
fn yaml_and_markdown_with_crlf_line_ends_read_as_with_lf() {
    let s = site();
    for rel in [RESNET, GUIDE] {
        let text = s.read(rel).replace('\n', "\r\n");
        s.write(rel, &text);
    }
    let site = no_errors(&s);
    let resnet = &site.architecture("resnet").unwrap().record;
    assert_eq!(resnet.params.text("en"), "11M–60M");
    let page = site.page("en", "guides/choosing").unwrap();
    assert_eq!(page.front.title, "Choosing");
    assert_eq!(page.front.date.as_deref(), Some("2026-01-03"));
}

#[test]
fn yaml_tab_indentation_is_an_error_at_its_line() {
    let s = site();
    s.replace(
        RESNET,
        "tasks: [classification]",
        "tasks:\n\t- classification",
    );
    let text = errors(&s);
    assert!(text.contains("data/architectures/resnet.yaml:8:"), "{text}");
}

#[test]
fn yaml_a_duplicate_key_is_an_error() {
    let s = site();
    s.replace(RESNET, "year: 2015", "year: 2015\nyear: 2016");
    let text = errors(&s);
    assert!(
        text.contains("data/architectures/resnet.yaml:") && text.contains("duplicate"),
        "{text}"
    );
}

#[test]
fn yaml_1_1_booleans_and_floats_stay_the_strings_written() {
    // YAML 1.1 would read `no` and `on` as booleans and `1.10` as the number 1.1;
    // serde_yaml follows YAML 1.2, and a string field gets exactly what was written.
    let s = site();
    s.replace(
        RESNET,
        "name: {en: ResNet, zh: ResNet}",
        "name: {en: no, zh: on}",
    );
    s.replace(
        RESNET,
        "compute_note: {en: \"Eight GPUs for a few hours on ImageNet.\"",
        "compute_note: {en: 1.10",
    );
    let built = no_errors(&s);
    let resnet = &built.architecture("resnet").unwrap().record;
    assert_eq!(resnet.name.text("en"), "no");
    assert_eq!(resnet.name.text("zh"), "on");
    assert_eq!(resnet.compute_note.text("en"), "1.10");

    // `params` takes text or `{en, zh}`, so an unquoted number is refused, not rounded.
    let s = site();
    s.replace(RESNET, "params: \"11M–60M\"", "params: 1.10");
    let text = errors(&s);
    assert!(
        text.contains("data/architectures/resnet.yaml:13:9: error:")
            && text.contains("a quoted parameter count"),
        "{text}"
    );

    // And a boolean field does not take `yes` for true: it says what it wants.
    let s = TestSite::fixture("minimal");
    s.replace(GUIDE, "weight: 1", "weight: 1\ndraft: yes");
    let text = errors(&s);
    assert!(
        text.contains("content/en/guides/choosing.md:6:") && text.contains("expected a boolean"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------
// Paths

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                out.push(entry.path().strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_backslash_file_name_no_longer_writes_outside_the_output() {
    // On Unix `a\..\..\x.md` is one file name; it used to be read as `a/../../x.md` and
    // its page was written beside the output folder.
    let s = site();
    s.write(
        "content/en/guides/a\\..\\..\\..\\pwned.md",
        "---\ntitle: Pwned\n---\nx\n",
    );
    let outcome = s.build();
    let text = outcome.diagnostics.render_text();
    assert!(
        text.contains(
            "content/en/guides/a\\..\\..\\..\\pwned.md: error: the name holds a backslash"
        ),
        "{text}"
    );
    let everything = files_under(s.path());
    assert!(
        !everything
            .iter()
            .any(|p| p.to_string_lossy().contains("pwned") && !p.starts_with("content")),
        "{everything:?}"
    );
}

#[test]
fn slugs_and_ids_that_try_to_leave_the_output_stay_inside_or_are_refused() {
    let s = site();
    s.replace(
        GUIDE,
        "weight: 1",
        "weight: 1\ntags: [\"../../../escaped\", \"/etc/escaped\", \"..\\\\..\\\\escaped\", \"C:\\\\escaped\"]",
    );
    let before = files_under(s.path());
    let outcome = s.build();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );
    let after = files_under(s.path());
    let new: Vec<_> = after
        .iter()
        .filter(|p| !before.contains(p) && !p.starts_with("public"))
        .collect();
    // The one file a build writes beside public/ is its manifest (src/build_cache.rs).
    let manifest = Path::new(".public.archkb-manifest.json");
    assert_eq!(new, [manifest], "written outside public/");
    let tags: Vec<_> = files_under(&s.out())
        .into_iter()
        .filter(|p| p.starts_with("tags"))
        .collect();
    assert!(
        tags.iter().any(|p| p.to_string_lossy().contains("escaped")),
        "{tags:?}"
    );

    // An architecture id is its file name: only lowercase letters, digits and `-`.
    let s = site();
    s.write("data/architectures/Evil..Id.yaml", &s.read(RESNET));
    let text = errors(&s);
    assert!(
        text.contains("data/architectures/Evil..Id.yaml: error: `Evil..Id` is not a valid id"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused_and_loops_skipped() {
    let outside = crate::harness::temp_dir();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: SECRET\n---\nTOP SECRET\n",
    )
    .unwrap();
    std::fs::create_dir(outside.path().join("more")).unwrap();
    std::fs::write(outside.path().join("more/x.yaml"), "TOP SECRET").unwrap();
    let s = site();
    let link = |target: &Path, rel: &str| {
        std::os::unix::fs::symlink(target, s.path().join(rel)).unwrap();
    };
    link(
        &outside.path().join("secret.md"),
        "content/en/guides/secret.md",
    );
    link(&outside.path().join("more"), "data/more");
    link(Path::new(".."), "content/en/guides/loop");
    // A link inside the site is fine.
    link(Path::new("choosing.md"), "content/en/guides/same.md");
    let outcome = s.build();
    let text = outcome.diagnostics.render_text();
    assert!(
        text.contains("content/en/guides/secret.md: error: symbolic link to ")
            && text.contains("outside the site; it was not read"),
        "{text}"
    );
    assert!(
        text.contains("data/more: error: symbolic link to "),
        "{text}"
    );
    assert!(
        text.contains("content/en/guides/loop: warning: symbolic link loop; the link was skipped"),
        "{text}"
    );
    assert!(!text.contains("same.md"), "{text}");
    assert!(!s.out().exists(), "a build with errors writes nothing");

    // Without the outside links, the loop is only a warning and the site builds.
    std::fs::remove_file(s.path().join("content/en/guides/secret.md")).unwrap();
    std::fs::remove_file(s.path().join("data/more")).unwrap();
    let outcome = s.build();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );
    assert!(s.output("guides/same/index.html").contains("Choosing"));
}

// ---------------------------------------------------------------------------------------
// Markup

/// Markup that would run if any output let it through as markup.
const PAYLOAD: &str =
    "x\" onmouseover=\"alert(4)\" y=' <script>alert(1)</script></script><svg onload=alert(2)><img src=x onerror=alert(3)>";

/// Strings that appear in an output file only if the payload got through unescaped.
const RAW: &[&str] = &[
    "<script>alert(1)",
    "<svg onload",
    "<img src=x onerror",
    "onmouseover=\"alert(4)\"",
];

fn yaml_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn markup_in_every_reader_facing_string_is_escaped_in_every_output() {
    let s = site();
    let p = yaml_quoted(PAYLOAD);
    s.replace(GUIDE, "title: Choosing", &format!("title: {p}"));
    s.replace(
        GUIDE,
        "summary: How to choose.",
        &format!("summary: {p}\ntags: [{p}]"),
    );
    s.replace(
        GUIDE,
        "A convolutional network",
        &format!("A {} network", PAYLOAD.replace('<', "&lt;")),
    );
    s.replace(RESNET, "name: {en: ResNet", &format!("name: {{en: {p}"));
    s.replace(
        RESNET,
        "strengths: {en: [Easy to train]",
        &format!("strengths: {{en: [{p}]"),
    );
    s.replace(
        "data/decision.yaml",
        "label: {en: \"Images\"",
        &format!("label: {{en: {p}"),
    );
    s.replace(
        "data/decision.yaml",
        "reason: {en: \"A safe default.\"",
        &format!("reason: {{en: {p}"),
    );
    s.replace(
        "data/glossary.yaml",
        "en: convolutional network",
        &format!("en: {p}"),
    );
    s.replace(
        "data/glossary.yaml",
        "definition: {en: \"A network of learned filters.\"",
        &format!("definition: {{en: {p}"),
    );
    let json = serde_json::to_string(PAYLOAD).unwrap();
    s.replace(
        "data/bench/test-run.json",
        "\"gpu\": \"Test GPU\"",
        &format!("\"gpu\": {json}"),
    );
    s.replace(
        "data/bench/test-run.json",
        "\"message\": \"CUDA out of memory (fixture)\"",
        &format!("\"message\": {json}"),
    );
    let outcome = s.build();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );

    let mut checked = 0;
    for rel in files_under(&s.out()) {
        let ext = rel
            .extension()
            .map_or(String::new(), |e| e.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(s.out().join(&rel)).unwrap_or_default();
        match ext.as_str() {
            // Markup formats: the payload must arrive as text.
            "html" | "xml" | "svg" => {
                for raw in RAW {
                    assert!(!text.contains(raw), "{} holds {raw}", rel.display());
                }
                checked += 1;
            }
            // Data: valid JSON that carries the payload as a string, never as markup.
            "json" => {
                serde_json::from_str::<serde_json::Value>(&text)
                    .unwrap_or_else(|e| panic!("{} is not JSON: {e}", rel.display()));
            }
            _ => {}
        }
    }
    assert!(checked > 20, "only {checked} markup files");
    // The payload is shown, as text, where it was written.
    let guide = s.output("guides/choosing/index.html");
    assert!(
        guide.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || guide.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        crate::harness::main_of(&guide)
    );

    // The blog export, in both formats.
    for format in ["html", "markdown"] {
        let out = s.run(&["export", GUIDE, "--format", format]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        if format == "html" {
            for raw in RAW {
                assert!(!text.contains(raw), "export holds {raw}");
            }
        }
        assert!(
            !text.contains("<script>alert(1)"),
            "export ({format}) holds a script"
        );
    }
}

#[test]
fn javascript_and_data_urls_in_data_fields_are_errors() {
    let s = site();
    s.replace(
        RESNET,
        "bench_models: [resnet50]",
        "bench_models: [resnet50]\npapers:\n  - {title: Deep, authors: He, year: 2015, url: \"javascript:alert(1)\"}",
    );
    let text = errors(&s);
    assert!(
        text.contains("data/architectures/resnet.yaml:20:50: error: unsafe or invalid link: `javascript:alert(1)` is a `javascript:` URL"),
        "{text}"
    );
    let s = site();
    s.replace(
        RESNET,
        "bench_models: [resnet50]",
        "bench_models: [resnet50]\nimplementations:\n  - {name: x, url: \"data:text/html,<script>alert(1)</script>\"}",
    );
    let text = errors(&s);
    assert!(
        text.contains("data/architectures/resnet.yaml:20:21: error: unsafe or invalid link: `data:text/html,<script>alert(1)</script>` is a `data:` URL"),
        "{text}"
    );

    let s = site();
    s.replace(
        "data/bench/test-run.json",
        "\"source\": {\"kind\": \"measured\"}",
        "\"source\": {\"kind\": \"published\", \"url\": \"JavaScript:alert(1)\", \"title\": \"t\", \"date\": \"2026-01-01\", \"retrieved\": \"2026-01-02\"}",
    );
    s.replace(
        "config.yaml",
        "base_url: \"https://example.com/\"",
        "base_url: \"javascript:alert(1)//\"",
    );
    let text = errors(&s);
    assert!(
        text.contains("config.yaml:3:1: error: unsafe or invalid `base_url`"),
        "{text}"
    );
    // The config error stops the build before the data is read; fix it and look again.
    s.replace(
        "config.yaml",
        "base_url: \"javascript:alert(1)//\"",
        "base_url: \"https://example.com/\"",
    );
    let text = errors(&s);
    assert!(
        text.contains("data/bench/test-run.json:3:") && text.contains("`javascript:` URL"),
        "{text}"
    );
}

#[test]
fn javascript_and_data_links_in_markdown_are_broken_links() {
    let s = site();
    s.replace(
        GUIDE,
        "Follow [the flowchart](/choose/).",
        "Follow [this](javascript:alert(1)) or [that](data:text/html,x).",
    );
    let text = errors(&s);
    assert!(
        text.contains("content/en/guides/choosing.md:10:")
            && text.contains("broken link: `javascript:alert(1)`"),
        "{text}"
    );
    assert!(text.contains("broken link: `data:text/html,x`"), "{text}");
}

#[test]
fn theme_scripts_insert_data_only_as_text() {
    let dir = crate::harness::repo_root().join("themes/default/static");
    let mut scripts = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "js") {
            scripts += 1;
            let js = std::fs::read_to_string(&path).unwrap();
            for sink in [
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
                "eval(",
                "new Function",
                "createContextualFragment",
            ] {
                assert!(!js.contains(sink), "{} uses {sink}", path.display());
            }
        }
    }
    assert!(scripts >= 4, "found {scripts} scripts in {}", dir.display());
}

// ---------------------------------------------------------------------------------------
// Files

#[test]
fn a_file_that_is_not_utf8_is_an_error_at_the_first_bad_byte() {
    let s = site();
    let mut bytes = s.read(RESNET).into_bytes();
    let at = s.read(RESNET).find("ResNet").unwrap();
    bytes[at] = 0xE9; // Latin-1 é
    std::fs::write(s.path().join(RESNET), bytes).unwrap();
    let text = errors(&s);
    assert!(
        text.contains("data/architectures/resnet.yaml:3:12: error: the file is not valid UTF-8"),
        "{text}"
    );
}

#[test]
fn a_20_mb_single_line_article_is_refused_without_being_read() {
    let s = site();
    let mut text = String::from("---\ntitle: Big\n---\n");
    text.push_str(&"word ".repeat(4 * 1024 * 1024));
    s.write("content/en/guides/big.md", &text);
    let outcome = s.build();
    let report = outcome.diagnostics.render_text();
    assert!(
        report.contains("content/en/guides/big.md: error: the file is 20.0 MiB; archkb reads Markdown, YAML and JSON files up to 4 MiB"),
        "{report}"
    );
    assert_eq!(outcome.diagnostics.error_count(), 1, "{report}");
    assert!(!s.out().exists());
}

#[test]
fn ten_thousand_files_in_one_folder_build() {
    let s = site();
    let dir = s.path().join("content/en/guides/figures");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..10_000 {
        std::fs::write(dir.join(format!("f{i:05}.svg")), format!("<svg>{i}</svg>")).unwrap();
    }
    for i in 0..200 {
        s.write(
            &format!("content/en/guides/figures/n{i:03}.md"),
            &format!("---\ntitle: Note {i}\n---\n![figure](f{i:05}.svg)\n"),
        );
    }
    let outcome = s.build();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );
    let figures = files_under(&s.out().join("guides/figures"));
    assert_eq!(
        figures
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "svg"))
            .count(),
        10_000
    );
    assert!(s
        .output("guides/figures/n199/index.html")
        .contains("f00199.svg"));
}

// ---------------------------------------------------------------------------------------
// The preview server

struct Preview {
    _dir: tempfile::TempDir,
    server: archkb::serve::Server,
}

fn preview() -> Preview {
    let dir = crate::harness::temp_dir();
    let root = dir.path().join("site");
    crate::harness::copy_dir(
        &crate::harness::repo_root().join("tests/fixtures/serve-site"),
        &root,
    );
    let mut options = archkb::serve::ServeOptions::new(&root);
    options.port = 0;
    options.verbose = false;
    let server = archkb::serve::Server::start(options).unwrap();
    Preview { _dir: dir, server }
}

/// Sends `raw` and reads the whole reply.
fn exchange(addr: SocketAddr, raw: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn the_preview_answers_only_requests_for_its_own_address() {
    let p = preview();
    let addr = p.server.addr();
    let port = addr.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "127.0.0.1".to_string(),
    ] {
        let reply = exchange(
            addr,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\n\r\n"),
        );
        assert!(reply.starts_with("HTTP/1.1 200 "), "{host}: {reply}");
        assert!(
            !reply.to_ascii_lowercase().contains("access-control-"),
            "{reply}"
        );
    }
    // DNS rebinding: evil.example now resolves to 127.0.0.1, and its page asks.
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        for target in ["/", "/__archkb/events"] {
            let reply = exchange(
                addr,
                &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n"),
            );
            assert!(
                reply.starts_with("HTTP/1.1 421 Misdirected Request\r\n"),
                "{host}: {reply}"
            );
            assert!(
                reply.contains(&format!("archkb serve answers only requests for 127.0.0.1:{port}; this one was for `{host}`")),
                "{reply}"
            );
            assert!(!reply.contains("<html"), "{reply}");
        }
    }
    let reply = exchange(addr, "GET / HTTP/1.0\r\n\r\n");
    assert!(
        reply.starts_with("HTTP/1.1 400 ") && reply.contains("a Host header is required"),
        "{reply}"
    );
    let reply = exchange(
        addr,
        &format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n"),
    );
    assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
}

#[test]
fn a_client_that_trickles_its_request_is_cut_off_while_others_are_served() {
    let p = preview();
    let addr = p.server.addr();
    let started = Instant::now();
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let trickler = std::thread::spawn(move || {
        // One byte every half second: each read succeeds, the head never ends.
        for byte in b"GET / HTTP/1.1\r\nX-Slow: "
            .iter()
            .chain(b"a".repeat(100).iter())
        {
            if slow.write_all(&[*byte]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        let mut reply = Vec::new();
        let _ = slow.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    });
    let reply = exchange(addr, &format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n"));
    assert!(reply.starts_with("HTTP/1.1 200 "), "{reply}");
    let slow_reply = trickler.join().unwrap();
    let took = started.elapsed();
    assert!(slow_reply.starts_with("HTTP/1.1 400 "), "{slow_reply}");
    // Cut off at the head deadline, well before the 60 s the trickle would take.
    assert!(
        took >= archkb::serve::http::HEAD_DEADLINE && took < Duration::from_secs(40),
        "{took:?}"
    );
}

#[test]
fn oversized_and_malformed_request_heads_are_refused() {
    let p = preview();
    let addr = p.server.addr();
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Big: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let _ = stream.write_all(huge.as_bytes());
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    assert!(String::from_utf8_lossy(&reply).starts_with("HTTP/1.1 400 "));
    for raw in [
        "\0\0\0\r\n\r\n",
        "GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        "GET\r\n\r\n",
    ] {
        let reply = exchange(addr, raw);
        assert!(reply.starts_with("HTTP/1.1 400 "), "{raw:?}: {reply}");
    }
    // And it still serves.
    let reply = exchange(addr, &format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n"));
    assert!(reply.starts_with("HTTP/1.1 200 "), "{reply}");
}

#[test]
fn yaml_a_lone_carriage_return_is_an_error_at_its_line() {
    // Found by the front_matter fuzz target: the parser counted `\r` as a line end and its
    // error lines ran past the end of the file.
    let s = site();
    s.replace(GUIDE, "summary: How to choose.", "summary: How\rto choose.");
    let text = errors(&s);
    assert!(
        text.contains(
            "content/en/guides/choosing.md:3:13: error: a carriage return without a line feed"
        ),
        "{text}"
    );
}
