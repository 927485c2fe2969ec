//! An architecture's YAML, in place of the fixture's `resnet.yaml`, parsed and linked.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(site) = archkb_fuzz::site_with("data/architectures/resnet.yaml", text) {
        // A file that validates also reaches the views that read it (with no theme strings:
        // the keys stand in for them).
        let strings = std::collections::BTreeMap::new();
        for arch in &site.architectures {
            let _ = archkb::views::bench::headline(
                &site,
                arch,
                archkb::views::bench::BenchText(&strings),
            );
        }
    }
});
