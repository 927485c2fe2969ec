//! The test harness: copy a fixture site into a temp folder, change it, build it.

use archkb::{BuildOptions, SiteBuild};
use std::path::{Path, PathBuf};
use std::process::Output;

pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A new temp folder under cargo's `target/tmp`, never the system's: the sites that
/// `OnceLock`s keep for a whole run are never dropped, so their folders must be where
/// `cargo clean` removes them.
pub(crate) fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir under target/tmp")
}

pub(crate) struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>`.
    pub(crate) fn fixture(name: &str) -> TestSite {
        let site = TestSite { dir: temp_dir() };
        copy_dir(&repo_root().join("tests/fixtures").join(name), site.path());
        site
    }

    /// A copy of the bundled knowledge base (config, content, data, themes).
    pub(crate) fn bundled() -> TestSite {
        let site = TestSite { dir: temp_dir() };
        std::fs::copy(
            repo_root().join("config.yaml"),
            site.path().join("config.yaml"),
        )
        .expect("copy config");
        for dir in ["content", "data", "themes"] {
            copy_dir(&repo_root().join(dir), &site.path().join(dir));
        }
        site
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.path().join("public")
    }

    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel))
            .unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    /// Replaces the first occurrence of `from` in `rel`, failing loudly if it is absent.
    pub(crate) fn replace(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    pub(crate) fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path().join(rel)).expect("remove");
        self
    }

    pub(crate) fn options(&self) -> BuildOptions {
        BuildOptions::new(self.path())
    }

    /// Builds through the library into `public/`.
    pub(crate) fn build(&self) -> SiteBuild {
        archkb::build(&self.options())
            .expect("no plumbing failure")
            .0
    }

    /// The output file at `rel` (under public/).
    pub(crate) fn output(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel))
            .unwrap_or_else(|e| panic!("reading public/{rel}: {e}"))
    }

    /// Runs the real binary in the site's folder.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_archkb"))
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("run archkb")
    }

    /// The diagnostics of a build, as the CLI prints them.
    pub(crate) fn diagnostics(&self) -> String {
        archkb::load_and_render(&self.options())
            .expect("no plumbing failure")
            .diagnostics
            .render_text()
    }
}

/// The HTML inside `<main>`: what a snapshot should look at.
pub(crate) fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("has <main>");
    let end = html.rfind("</main>").expect("has </main>") + "</main>".len();
    html[start..end].to_string()
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("reading {}: {e}", from.display()))
    {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// What a reader sees of `html`: the text outside tags, without scripts and styles, with
/// the common entities decoded and white space collapsed. An id in an attribute is not in
/// it; a label in a cell is.
pub(crate) fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        rest = &rest[open..];
        let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
        let skip_to = ["script", "style"]
            .into_iter()
            .find(|tag| lower[1..].starts_with(tag))
            .and_then(|tag| rest.find(&format!("</{tag}>")).map(|i| i + tag.len() + 3));
        let end = skip_to.or_else(|| rest.find('>').map(|i| i + 1));
        rest = &rest[end.unwrap_or(rest.len())..];
    }
    text.push_str(rest);
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The cells of a CSV file, row by row (RFC 4180 quoting).
pub(crate) fn csv_rows(csv: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            (c, _) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

#[test]
fn visible_text_leaves_out_tags_attributes_and_scripts() {
    let html = r#"<p data-value="very_high">Very <b>high</b> &amp; low</p><script>var x = "hidden";</script>"#;
    assert_eq!(visible_text(html), "Very high & low");
    assert_eq!(
        csv_rows("a,\"b, c\"\nd,\"e \"\"f\"\"\"\n"),
        [vec!["a", "b, c"], vec!["d", "e \"f\""]]
    );
}

/// `html` with each inline `<svg>…</svg>` replaced by `<svg class="…">[chart]</svg>`: a page
/// snapshot then says where a chart is and which, and a chart tweak does not rewrite it (the
/// charts have their own tests).
pub(crate) fn without_inline_svg(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        out.push_str(&rest[..start]);
        let svg = &rest[start..];
        let end = svg.find("</svg>").expect("an inline SVG ends") + "</svg>".len();
        let open = &svg[..svg.find('>').expect("the <svg> tag ends")];
        let class = open
            .split("class=\"")
            .nth(1)
            .and_then(|c| c.split('"').next())
            .unwrap_or("");
        out.push_str(&format!("<svg class=\"{class}\">[chart]</svg>"));
        rest = &svg[end..];
    }
    out.push_str(rest);
    out
}

/// The `OnceLock` sites of publish.rs and browser.rs used to leave a copy of the knowledge
/// base in /tmp after every run.
#[test]
fn test_sites_live_under_the_target_tmpdir() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    assert!(TestSite::fixture("minimal").path().starts_with(tmp));
    assert!(temp_dir().path().starts_with(tmp));
}
