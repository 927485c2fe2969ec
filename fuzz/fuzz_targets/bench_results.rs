//! A bench results file, in place of the fixture's one: parsed, joined to the
//! architectures, and charted when it validates.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(site) = archkb_fuzz::site_with("data/bench/test-run.json", text) {
        // No theme strings: the keys stand in for them.
        let strings = std::collections::BTreeMap::new();
        let text = || archkb::views::bench::BenchText(&strings);
        for file in &site.bench {
            let rows: Vec<_> = file
                .record
                .results
                .iter()
                .map(|r| archkb::views::bench::row(file, r, text()))
                .collect();
            let bars: Vec<_> = rows.iter().map(archkb::views::bench::bar).collect();
            for layout in [
                archkb::views::charts::Layout::Wide,
                archkb::views::charts::Layout::Narrow,
            ] {
                let svg = archkb::views::charts::bar_chart("c", "t", "u", &bars, layout);
                assert!(!svg.contains("<script"));
            }
        }
    }
});
