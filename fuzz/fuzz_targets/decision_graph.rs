//! The decision graph, in place of the fixture's `decision.yaml`: validated, then drawn as
//! the flowchart and serialised for the widget when it validates.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

fuzz_target!(|text: &str| {
    if let Some(site) = archkb_fuzz::site_with("data/decision.yaml", text) {
        for lang in &site.config.languages {
            let svg = archkb::views::decision_chart::svg(&site, lang, "t", "d", "f");
            assert!(svg.starts_with("<svg"), "{svg}");
            let data = archkb::views::widget::widget_data(&site, lang, &BTreeMap::new());
            let json = archkb::markup::json_for_script(&data, "{}");
            assert!(!json.to_ascii_lowercase().contains("</script"));
        }
    }
});
