//! Times the search step alone on a site, for `bench/search/bench.py`: loads and renders
//! the site once (timed too, for scale), renders each page's Markdown again to get the
//! text the index reads, then times `search::files` (tokenize, index, shard, serialise),
//! best of RUNS. Prints one JSON object.
//!
//! usage: cargo run --release --example search_bench -- SITE_ROOT [RUNS]

use archkb::render::markdown;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);

    let started = Instant::now();
    let outcome = archkb::load_and_render(&archkb::BuildOptions::new(&root))?;
    let load_and_render = started.elapsed().as_secs_f64();
    let site = outcome
        .site
        .ok_or_else(|| anyhow::anyhow!("the site at {} has errors", root.display()))?;

    // The same text the render step hands to search.
    let index = archkb::render::LinkIndex::new(&site);
    let targets = index.targets();
    let bodies: Vec<markdown::RenderedMarkdown> = site
        .pages
        .par_iter()
        .map(|page| archkb::render::page_markdown(&site, page, &targets).0)
        .collect();

    if std::env::var_os("ARCHKB_SEARCH_PHASES").is_some() {
        // Where the time goes, per phase, for the default language.
        let lang = site.config.default_language().to_string();
        let t = Instant::now();
        let docs = archkb::search::documents(&site, &bodies, &lang);
        let t_docs = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let index = archkb::search::index::build(docs);
        let t_index = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let files = archkb::search::shards::files(
            &index,
            &lang,
            "search/",
            &archkb::search::shards::MetaExtras::default(),
            archkb::search::shards::Twins::No,
        );
        let t_files = t.elapsed().as_secs_f64();
        eprintln!(
            "{lang}: documents {t_docs:.3}s, index {t_index:.3}s ({} terms), files {t_files:.3}s ({} files)",
            index.postings.len(),
            files.len()
        );
    }
    let mut best = f64::MAX;
    let mut bytes = 0;
    let mut files = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let out = archkb::search::files(
            &site,
            &bodies,
            &site.config.languages,
            archkb::search::shards::Twins::No,
        );
        best = best.min(started.elapsed().as_secs_f64());
        bytes = out.iter().map(|(_, b)| b.len()).sum::<usize>();
        files = out.len();
    }
    println!(
        "{{\"pages\":{},\"load_and_render_s\":{load_and_render:.3},\"search_s\":{best:.3},\"search_files\":{files},\"search_bytes\":{bytes}}}",
        site.pages.len()
    );
    Ok(())
}
