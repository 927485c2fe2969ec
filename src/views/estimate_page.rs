//! The estimator as a page shows it: the coefficients of each bench model as JSON for
//! `estimate.js`, and, for readers without JavaScript, a table of estimates for a common data
//! size at every GPU count the bench files cover, computed by `estimate::estimate`.

use super::bench::{group_digits, BenchText};
use super::estimate::{self, ModelCoefficients, Request};
use crate::model::Site;
use serde::Serialize;

/// A common size to precompute, per bench model: the data set and passes a reader is likely
/// to ask about first. Sizes of public data sets, from their papers.
pub fn preset(model: &str, tokens: bool) -> (f64, f64, &'static str) {
    match model {
        // ImageNet-1k (ILSVRC 2012) training set: 1,281,167 images; the 90-epoch schedule of
        // the ResNet paper and NVIDIA's recipe.
        "resnet50" => (1_281_167.0, 90.0, "estimate_preset_imagenet"),
        _ if tokens => (10e9, 1.0, "estimate_preset_10b_tokens"),
        _ => (1e6, 1.0, "estimate_preset_1m_samples"),
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableRow {
    pub gpu: String,
    pub gpu_count: u32,
    pub precision: String,
    /// `compiled · seq 128`, where runs differ in more than GPU and precision.
    pub setup: String,
    pub wall: String,
    pub gpu_hours: String,
    pub cost: Option<String>,
    pub file: String,
    pub file_url: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ModelEstimates {
    pub model: String,
    /// `1,281,167 images × 90 epochs`, in the reader's language.
    pub preset: String,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
struct ScriptModel<'a> {
    coefficients: &'a ModelCoefficients,
    dataset: f64,
    epochs: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EstimatorView {
    pub tables: Vec<ModelEstimates>,
    /// The script's data, safe inside `<script type="application/json">`.
    pub json: String,
}

/// The estimator for `models` (bench model ids), or `None` when none has a rate.
pub fn view(site: &Site, text: BenchText, models: &[String]) -> Option<EstimatorView> {
    let pricing = site.config.pricing.as_ref();
    let coefficients: Vec<ModelCoefficients> = models
        .iter()
        .filter_map(|m| estimate::coefficients(&site.bench, m))
        .collect();
    if coefficients.is_empty() {
        return None;
    }
    let base = site.config.base_path();
    let mut tables = Vec::new();
    let mut script = Vec::new();
    for coeffs in &coefficients {
        let (dataset, epochs, preset_key) = preset(&coeffs.model, coeffs.tokens);
        script.push(ScriptModel {
            coefficients: coeffs,
            dataset,
            epochs,
        });
        let mut rows = Vec::new();
        for setup in &coeffs.setups {
            for point in &setup.points {
                let request = Request {
                    dataset,
                    epochs,
                    gpu: &setup.gpu,
                    gpu_count: point.gpu_count,
                    precision: setup.precision,
                    parameters: None,
                };
                let answer = estimate::estimate(coeffs, &request, pricing);
                let Some(line) = answer
                    .lines
                    .into_iter()
                    .find(|l| l.compiled == setup.compiled && l.input == setup.input)
                else {
                    continue;
                };
                let mut setup_text = Vec::new();
                if setup.compiled {
                    setup_text.push(text.get("bench_compiled"));
                }
                if let Some(input) = setup.input.as_ref().filter(|i| !i.is_empty()) {
                    setup_text.push(input.clone());
                }
                rows.push(TableRow {
                    gpu: setup.gpu.clone(),
                    gpu_count: point.gpu_count,
                    precision: setup.precision.as_str().to_string(),
                    setup: setup_text.join(" · "),
                    wall: duration(line.seconds, text),
                    gpu_hours: group_digits(round_sig(line.gpu_hours)),
                    cost: line.cost.zip(answer.price.as_ref()).map(|(cost, price)| {
                        format!(
                            "{} {} ({})",
                            group_digits(round_sig(cost)),
                            price.currency,
                            price.date
                        )
                    }),
                    file: point.row.file.clone(),
                    file_url: format!("{base}benchmarks/data/{}.json", point.row.file),
                });
            }
        }
        let amount = group_digits(dataset);
        let preset = text
            .get(preset_key)
            .replace("{n}", &amount)
            .replace("{epochs}", &group_digits(epochs));
        tables.push(ModelEstimates {
            model: coeffs.model.clone(),
            preset,
            rows,
        });
    }
    let json = crate::markup::json_for_script(
        &serde_json::json!({
        "models": script,
        "pricing": pricing,
        "base": base,
        "text": text
            .0
            .iter()
            // The shortlist's cost strings (estimate_cost.rs) are not the form's.
            .filter(|(k, _)| (k.starts_with("estimate_") && !is_shortlist_string(k)) || k.starts_with("bench_unit_") || *k == "bench_compiled")
            .collect::<std::collections::BTreeMap<_, _>>(),
        }),
        "{}",
    );
    Some(EstimatorView { tables, json })
}

/// The UI strings only the shortlist's cost lines use (`estimate_cost.rs`), kept out of the
/// form's data.
fn is_shortlist_string(key: &str) -> bool {
    key.starts_with("estimate_noun_")
        || matches!(
            key,
            "estimate_cost_title"
                | "estimate_cost_line"
                | "estimate_cost_line_tiny"
                | "estimate_cost_up_to"
                | "estimate_cost_at_least"
                | "estimate_cost_epochs"
                | "estimate_cost_one_epoch"
                | "estimate_cost_link"
        )
}

/// Three significant figures: an estimate is no more exact than that.
pub fn round_sig(value: f64) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let digits = 3 - 1 - value.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

/// `42 min`, `5.3 h`, `12 days`, in the reader's language.
pub fn duration(seconds: f64, text: BenchText) -> String {
    let hours = seconds / 3600.0;
    let (value, key) = if hours < 1.0 {
        (seconds / 60.0, "estimate_minutes")
    } else if hours < 48.0 {
        (hours, "estimate_hours")
    } else {
        (hours / 24.0, "estimate_days")
    };
    text.get(key)
        .replace("{n}", &group_digits(round_sig(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_significant_figures() {
        assert_eq!(round_sig(6937.31), 6940.0);
        assert_eq!(round_sig(1.92703), 1.93);
        assert_eq!(round_sig(0.012345), 0.0123);
    }

    #[test]
    fn durations_pick_a_readable_unit() {
        let strings = [
            ("estimate_minutes", "{n} min"),
            ("estimate_hours", "{n} h"),
            ("estimate_days", "{n} days"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let text = BenchText(&strings);
        assert_eq!(duration(6937.3, text), "1.93 h");
        assert_eq!(duration(600.0, text), "10 min");
        assert_eq!(duration(86400.0 * 3.0, text), "3 days");
    }
}
