//! Times the search step alone on a site, for `bench/search/bench.py`: loads and renders
//! the site once (timed too, for scale), renders each page's Markdown again to get the
//! text the index reads, then times `search::files` (tokenize, index, shard, serialise),
//! best of RUNS. Prints one JSON object. With `ARCHKB_TRACE=1`, each language's stages
//! (counting, fragments, postings, shards) print their times as they end.
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
