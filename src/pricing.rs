//! Checks `pricing` in config.yaml against the bench data: every priced GPU must be one the
//! bench files name (`system.gpu`), every price a positive number, and the date a real
//! `YYYY-MM-DD`, so a cost on the site never rests on a typo.

use crate::anchors::closest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{BenchFile, Pricing};
use crate::parse::yaml::YamlDoc;
use std::collections::BTreeSet;

pub fn check(pricing: &Pricing, doc: &YamlDoc, bench: &[BenchFile], diags: &mut Diagnostics) {
    let gpus: BTreeSet<String> = bench.iter().map(|f| f.record.system.gpu.clone()).collect();
    for (gpu, price) in &pricing.gpus {
        let place = doc.locate("gpus", Some(gpu));
        if !gpus.contains(gpu) {
            let near = closest(gpu, &gpus);
            let hint = if near.is_empty() {
                "price a GPU as `system.gpu` names it in data/bench/".to_string()
            } else {
                format!(
                    "did you mean {}? a price belongs to a GPU as `system.gpu` names it in data/bench/",
                    near.iter()
                        .map(|g| format!("`{g}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            diags.push(
                Diagnostic::error(
                    doc.file,
                    format!("pricing: no bench file has the GPU `{gpu}`"),
                )
                .at_opt(place)
                .hint(hint),
            );
        }
        if !(price.is_finite() && *price > 0.0) {
            diags.push(
                Diagnostic::error(
                    doc.file,
                    format!("pricing: the price of `{gpu}` must be a positive number, not {price}"),
                )
                .at_opt(place)
                .hint("give the price of one GPU for one hour, in `currency`"),
            );
        }
    }
    if pricing.currency.trim().is_empty() {
        diags.push(
            Diagnostic::error(doc.file, "pricing: `currency` is empty")
                .at_opt(doc.locate("currency", None))
                .hint("name the currency the prices are in: `USD`, `EUR`, `CNY`"),
        );
    }
    if !is_date(&pricing.date) {
        diags.push(
            Diagnostic::error(
                doc.file,
                format!("pricing: `date` must be YYYY-MM-DD, not `{}`", pricing.date),
            )
            .at_opt(doc.locate("date", None))
            .hint("the day the prices were set or read, e.g. 2026-11-01"),
        );
    }
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts[..] else {
        return false;
    };
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())?
    };
    matches!(
        (number(y, 4), number(m, 2), number(d, 2)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_whole_days() {
        assert!(is_date("2026-11-01"));
        assert!(!is_date("2026-11"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("26-11-01"));
    }
}
