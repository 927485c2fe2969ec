//! An article: front matter and body, parsed and linked like any page of the site.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = std::path::Path::new("content/en/guides/fuzzed.md");
    let _ = archkb::parse::front_matter::split(path, text);
    let _ = archkb_fuzz::site_with("content/en/guides/fuzzed.md", text);
});
