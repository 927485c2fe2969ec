//! A bench results file, in place of the fixture's one: parsed, joined to the
//! architectures, and charted when it validates.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(site) = archkb_fuzz::site_with("data/bench/test-run.json", text) {
        for file in &site.bench {
            let rows: Vec<_> = file
                .record
                .results
                .iter()
                .map(|r| archkb::views::bench::row(file, r))
                .collect();
            let svg = archkb::views::charts::bar_chart("c", "t", &rows);
            assert!(!svg.contains("<script"));
        }
    }
});
