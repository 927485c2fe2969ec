//! An order-of-magnitude training cost beside a shortlisted architecture: the GPU-hours its
//! first benched model takes, fastest to slowest GPU in the bench data (`estimate::
//! gpu_hours_range`), for the estimator's common size and for each data-set-size band a
//! reader can pick at /choose/, with a link to the estimator prefilled with that size. The
//! widget and the no-JavaScript outline show these same precomputed lines.

use super::bench::{group_digits, BenchText};
use super::estimate::{self, ModelCoefficients};
use super::estimate_page::preset;
use crate::model::{Architecture, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// The constraint whose answer is a data-set size.
pub const DATA_SIZE: &str = "data_size";

/// GPU-hours below which a cost is stated as "under" this.
const TINY: f64 = 0.01;

/// Which end of a band the cost is stated for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum End {
    /// The band's top: the cost is at most this.
    Top,
    /// An open band's bottom: the cost is at least this, and grows in proportion to the data.
    Bottom,
}

/// The items each option of `data_size` in data/constraints.yaml stands for: the top of a
/// closed band ("under 10,000", "10,000 to a million"), the bottom of the open one
/// ("millions or more"). An option not listed here gets no band line, only the common size.
const BANDS: &[(&str, f64, End)] = &[
    ("small", 1e4, End::Top),
    ("medium", 1e6, End::Top),
    ("large", 1e6, End::Bottom),
];

/// One line a reader sees: the sentence and the estimator it links to.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CostLine {
    pub text: String,
    /// The architecture's page, with the estimator's inputs in the query.
    pub url: String,
}

/// The training cost of one shortlisted architecture.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShortlistCost {
    /// The bench model it is computed for.
    pub model: String,
    /// For the estimator's common size (ImageNet-1k × 90 epochs, 10B tokens, 1M samples):
    /// shown when no data-set size is picked, and always for a token-counted model, since a
    /// count of items says nothing of tokens.
    pub preset: CostLine,
    /// Option id of `data_size` → the line for that band (sample-counted models only).
    pub bands: BTreeMap<String, CostLine>,
}

/// The cost of `arch` in `lang`, or `None` when neither it nor a member of its family has a
/// bench model with a rate. The first such model in `bench_models` order answers, the one its
/// page's estimator opens on.
pub fn shortlist_cost(
    site: &Site,
    lang: &str,
    strings: &BTreeMap<String, String>,
    arch: &Architecture,
) -> Option<ShortlistCost> {
    let text = BenchText(strings);
    let coeffs = super::bench_models::models_of(site, arch)
        .iter()
        .find_map(|m| estimate::coefficients(&site.bench, m))?;
    let page = super::card::link(site, lang, arch).url;
    let (dataset, epochs, preset_key) = preset(&coeffs.model, coeffs.tokens);
    let size = text
        .get(preset_key)
        .replace("{n}", &group_digits(dataset))
        .replace("{epochs}", &group_digits(epochs));
    let preset_line = line(text, &coeffs, &page, dataset, epochs, &size)?;
    let mut bands = BTreeMap::new();
    if !coeffs.tokens {
        for (id, items, end) in BANDS {
            let key = match end {
                End::Top => "estimate_cost_up_to",
                End::Bottom => "estimate_cost_at_least",
            };
            let size = text
                .get(key)
                .replace("{n}", &group_digits(*items))
                .replace("{unit}", &text.get(&noun_key(&coeffs.unit)))
                .replace("{epochs}", &epochs_text(text, epochs));
            if let Some(l) = line(text, &coeffs, &page, *items, epochs, &size) {
                bands.insert((*id).to_string(), l);
            }
        }
    }
    Some(ShortlistCost {
        model: coeffs.model.clone(),
        preset: preset_line,
        bands,
    })
}

/// The costs of `architectures` for the no-JavaScript outline: each one's name and line for
/// the common size, and, where the recommendation asks the data-set size, one line per band.
pub fn outline_costs(
    site: &Site,
    lang: &str,
    strings: &BTreeMap<String, String>,
    architectures: &[String],
    ask: &[String],
) -> Vec<OutlineCost> {
    let asks_size = ask.iter().any(|c| c == DATA_SIZE);
    // In the constraint's order of options, not the map's.
    let options: Vec<(&str, String)> = site
        .constraints
        .get(DATA_SIZE)
        .map(|c| {
            c.options
                .iter()
                .map(|o| (o.id.as_str(), o.label.text(lang).to_string()))
                .collect()
        })
        .unwrap_or_default();
    architectures
        .iter()
        .filter_map(|id| site.architecture(id))
        .filter_map(|arch| {
            let cost = shortlist_cost(site, lang, strings, arch)?;
            let bands = if asks_size {
                options
                    .iter()
                    .filter_map(|(id, label)| Some((label.clone(), cost.bands.get(*id)?.clone())))
                    .collect()
            } else {
                Vec::new()
            };
            Some(OutlineCost {
                name: arch.record.name.text(lang).to_string(),
                preset: cost.preset,
                bands,
            })
        })
        .collect()
}

/// One architecture's cost as the outline lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutlineCost {
    pub name: String,
    pub preset: CostLine,
    /// `(option label, line)` in the constraint's order of options.
    pub bands: Vec<(String, CostLine)>,
}

/// `≈8.1–70 GPU-hours to train resnet50 on …`, linked to the estimator at that size.
fn line(
    text: BenchText,
    coeffs: &ModelCoefficients,
    page: &str,
    dataset: f64,
    epochs: f64,
    size: &str,
) -> Option<CostLine> {
    let (lo, hi) = estimate::gpu_hours_range(coeffs, dataset, epochs)?;
    // Below a hundredth of a GPU-hour (36 s) the figures say nothing a reader can use.
    let key = if hi < TINY {
        "estimate_cost_line_tiny"
    } else {
        "estimate_cost_line"
    };
    let sentence = text
        .get(key)
        .replace("{lo}", &figure(lo))
        .replace("{hi}", &figure(hi))
        .replace("{model}", &coeffs.model)
        .replace("{size}", size);
    Some(CostLine {
        text: sentence,
        url: format!(
            "{page}?model={}&n={}&epochs={}#estimate",
            query_value(&coeffs.model),
            dataset,
            epochs
        ),
    })
}

/// ` × 90 epochs`, or nothing for one pass.
fn epochs_text(text: BenchText, epochs: f64) -> String {
    if epochs == 1.0 {
        text.get("estimate_cost_one_epoch")
    } else {
        text.get("estimate_cost_epochs")
            .replace("{epochs}", &group_digits(epochs))
    }
}

/// `bench_unit_images` (a rate) → `estimate_noun_images` (a count).
fn noun_key(unit: &str) -> String {
    format!(
        "estimate_noun_{}",
        unit.strip_prefix("bench_unit_").unwrap_or(unit)
    )
}

/// `0.0012`, `8.1`, `160,000`: two significant figures, digits grouped from a thousand up.
fn figure(value: f64) -> String {
    let rounded = two_figures(value);
    if rounded >= 1000.0 {
        group_digits(rounded)
    } else {
        rounded.to_string()
    }
}

/// Two significant figures: an order of magnitude needs no more.
fn two_figures(value: f64) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let digits = 1 - value.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

/// A bench model id in a query string: ids are slugs, anything else is percent-encoded.
fn query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_significant_figures() {
        assert_eq!(two_figures(8.1234), 8.1);
        assert_eq!(two_figures(70.24), 70.0);
        assert_eq!(two_figures(0.081234), 0.081);
        assert_eq!(two_figures(162_522.0), 160_000.0);
    }

    #[test]
    fn figures_keep_small_values_and_group_large_ones() {
        assert_eq!(figure(0.0012345), "0.0012");
        assert_eq!(figure(8.1234), "8.1");
        assert_eq!(figure(162_522.0), "160,000");
    }

    #[test]
    fn a_rate_unit_names_its_count() {
        assert_eq!(noun_key("bench_unit_images"), "estimate_noun_images");
    }

    #[test]
    fn a_model_id_is_safe_in_a_query() {
        assert_eq!(query_value("llama3-8b"), "llama3-8b");
        assert_eq!(query_value("a&b c"), "a%26b%20c");
    }
}
