//! Markdown rendering with the link rewriter: any body renders or reports broken links,
//! and a diagnostic's line stays inside the body.
#![no_main]
use archkb::render::markdown::{render, LinkTargets, MarkdownSource};
use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fuzz_target!(|body: &str| {
    let pages = BTreeMap::from([
        (
            PathBuf::from("content/en/guides/a.md"),
            "/guides/a/".to_string(),
        ),
        (
            PathBuf::from("content/en/architectures/cnn.md"),
            "/architectures/cnn/".to_string(),
        ),
    ]);
    let assets = BTreeMap::from([(
        PathBuf::from("content/en/guides/i.png"),
        "/guides/i.png".to_string(),
    )]);
    let generated = BTreeSet::from(["/compare/".to_string(), "/".to_string()]);
    let drafts = BTreeMap::from([(
        PathBuf::from("content/en/guides/draft.md"),
        "/guides/draft/".to_string(),
    )]);
    let targets = LinkTargets {
        pages: &pages,
        assets: &assets,
        generated: &generated,
        base_path: "/kb/",
        drafts: &drafts,
    };
    let source = MarkdownSource {
        file: Path::new("content/en/guides/a.md"),
        body,
        body_line: 5,
        lang_prefix: "",
        title: "A",
    };
    let (rendered, diags) = render(&source, &targets);
    let last_line = 5 + body.split('\n').count();
    for d in &diags {
        if let Some(line) = d.line {
            assert!((5..=last_line).contains(&line), "{d}");
        }
    }
    for entry in &rendered.toc {
        assert!(
            !entry.id.contains('"') && !entry.id.contains('<'),
            "{:?}",
            entry.id
        );
    }
});
