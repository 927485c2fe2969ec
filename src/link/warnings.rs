//! The checks only `archkb check` reports: nothing here is wrong, only incomplete (a bench
//! model without results, an article without its translation), so a build does not stop.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use std::collections::BTreeSet;

/// Warnings that only `check` reports: things that are not wrong but incomplete.
pub fn check_warnings(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let benched: BTreeSet<&str> = site
        .bench
        .iter()
        .flat_map(|f| f.record.results.iter().map(|r| r.model.as_str()))
        .collect();
    for arch in &site.architectures {
        for model in &arch.record.bench_models {
            if !benched.contains(model.as_str()) {
                diags.push(
                    Diagnostic::warning(
                        &arch.file,
                        format!("bench model `{model}` has no results in data/bench/"),
                    )
                    .hint("run the harness in bench/gpu/, or transcribe a published result"),
                );
            }
        }
    }
    for page in &site.pages {
        for lang in &site.config.languages {
            if lang != &page.lang
                && site.page(lang, &page.rel).is_none()
                && page.lang == site.config.default_language()
            {
                diags.push(
                    Diagnostic::warning(&page.file, format!("no `{lang}` translation"))
                        .hint(format!("write content/{lang}/{}.md", page.rel)),
                );
            }
        }
    }
    diags
}
