//! What the fuzz targets share: the minimal fixture site, read once, with one of its files
//! replaced by the fuzzer's input and run through parse and link, as `archkb check` does.

use archkb::model::Site;
use archkb::source::{SourceSet, TextFile};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn fixture() -> &'static SourceSet {
    static SITE: OnceLock<SourceSet> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal");
        let (sources, _) = archkb::source::discover(&root).expect("the minimal fixture reads");
        sources
    })
}

/// Parses and links the minimal site with `rel` (a path under the site root such as
/// `data/decision.yaml`) holding `text`; returns the site when it has no errors. Every
/// diagnostic must carry a line inside the file it names, when it names one.
pub fn site_with(rel: &str, text: &str) -> Option<Site> {
    let mut sources = fixture().clone();
    let file = TextFile {
        path: PathBuf::from(rel),
        text: text.to_string(),
    };
    let list = if rel.starts_with("content/") {
        &mut sources.content
    } else {
        &mut sources.data
    };
    match list.iter_mut().find(|f| f.path == file.path) {
        Some(existing) => *existing = file,
        None => list.push(file),
    }
    let config = archkb::parse::config(&sources).expect("the fixture's config parses");
    let (parsed, mut diags) = archkb::parse::parse(&sources, &config);
    let (site, link_diags) = archkb::link::link(
        parsed,
        &sources,
        config,
        &archkb::link::LinkOptions { drafts: false },
    );
    diags.extend(link_diags);
    // Rendering the diagnostics is what a user sees; it must not panic either.
    let _ = diags.render_text();
    let lines = text.split('\n').count();
    for d in diags.iter().filter(|d| d.file == Path::new(rel)) {
        if let Some(line) = d.line {
            assert!(
                line <= lines,
                "{d} points past the end of a {lines}-line file"
            );
        }
    }
    if diags.has_errors() {
        None
    } else {
        site
    }
}
