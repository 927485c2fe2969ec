//! Constraints: the questions that cut across the decision graph's branches (where the
//! model must run, how fast, how much data, which languages, whether the weights may be
//! used commercially). Each constraint reads one field of the architectures, and its
//! options are that field's vocabulary, so a constraint can only name facts that exist.
//!
//! `verdict` is the one place that decides how an architecture fares under an option; the
//! widget receives its results as data and the shortlist combines them, so the browser and
//! Rust cannot disagree on a rule.

use super::architecture::{ArchitectureRecord, WeightsLicence};
use super::ordered::OrderedMap;
use super::Localized;
use serde::{Deserialize, Serialize};

/// `data/constraints.yaml`, as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstraintsRecord {
    pub constraints: OrderedMap<ConstraintRecord>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstraintRecord {
    /// The architecture field it reads: one of `ConstraintField::NAMES`.
    pub field: String,
    pub question: Localized<String>,
    #[serde(default)]
    pub help: Option<Localized<String>>,
    pub options: OrderedMap<OptionRecord>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionRecord {
    pub label: Localized<String>,
    /// Why a candidate fits under this option ("runs on a phone").
    #[serde(default)]
    pub fits: Option<Localized<String>>,
    /// Why a candidate is ruled out ("too heavy for a phone").
    #[serde(default)]
    pub out: Option<Localized<String>>,
    /// A warning that keeps the candidate but ranks it lower (a licence to check).
    #[serde(default)]
    pub caution: Option<Localized<String>>,
    /// For `runs_on` and `latency`: the highest inference compute an architecture
    /// without the field may have to fit this option.
    #[serde(default)]
    pub max_inference: Option<String>,
    /// For `weights_licence`: this option needs weights usable in a commercial product.
    #[serde(default)]
    pub commercial: bool,
}

/// The architecture fields a constraint can read, each with its own rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintField {
    /// Fits when the architecture lists the option in `runs_on` (or, without the field,
    /// when its inference compute is at most the option's `max_inference`).
    RunsOn,
    /// Options run fastest first; fits when the architecture's `latency` is the option or
    /// a faster one (without the field: derived from inference compute like `runs_on`).
    Latency,
    /// Options run from least to most data; fits when the architecture's minimum is at
    /// most the answer. An architecture that needs the largest option is one that uses
    /// it well, so it ranks first when the reader has that much.
    MinLabels,
    MinData,
    /// Fits when `languages` holds the option or `many`.
    Languages,
    /// Options marked `commercial` rule out non-commercial weights and caution on
    /// weights whose licence varies by checkpoint.
    WeightsLicence,
}

impl ConstraintField {
    pub const NAMES: &'static [&'static str] = &[
        "runs_on",
        "latency",
        "min_labels",
        "min_data",
        "languages",
        "weights_licence",
    ];

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "runs_on" => Self::RunsOn,
            "latency" => Self::Latency,
            "min_labels" => Self::MinLabels,
            "min_data" => Self::MinData,
            "languages" => Self::Languages,
            "weights_licence" => Self::WeightsLicence,
            _ => return None,
        })
    }

    /// The values of this field in one architecture (empty when it does not set it).
    pub fn values(self, record: &ArchitectureRecord) -> Vec<&str> {
        match self {
            Self::RunsOn => record.runs_on.iter().map(String::as_str).collect(),
            Self::Latency => record.latency.as_deref().into_iter().collect(),
            Self::MinLabels => record.min_labels.as_deref().into_iter().collect(),
            Self::MinData => record.min_data.as_deref().into_iter().collect(),
            Self::Languages => record.languages.iter().map(String::as_str).collect(),
            Self::WeightsLicence => Vec::new(),
        }
    }

    /// Values the field accepts beyond the constraint's option ids.
    pub fn extra_values(self) -> &'static [&'static str] {
        match self {
            Self::Languages => &["many"],
            _ => &[],
        }
    }
}

/// The validated constraints, in the order the file lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Constraints {
    pub list: Vec<Constraint>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Constraint {
    pub id: String,
    pub field: ConstraintField,
    pub question: Localized<String>,
    pub help: Option<Localized<String>>,
    pub options: Vec<ConstraintOption>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConstraintOption {
    pub id: String,
    pub label: Localized<String>,
    pub fits: Option<Localized<String>>,
    pub out: Option<Localized<String>>,
    pub caution: Option<Localized<String>>,
    pub max_inference: Option<String>,
    pub commercial: bool,
}

/// How one architecture fares under one option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The constraint says nothing about it.
    Neutral,
    Fits,
    /// Fits, and is the kind that uses this much well: rank it first.
    Boost,
    /// Kept, ranked lower, with the option's caution.
    Caution,
    Out,
}

/// The compute levels in rising order, as data/facets.yaml lists them.
pub type ComputeOrder<'a> = &'a [&'a str];

impl Constraint {
    pub fn option(&self, id: &str) -> Option<&ConstraintOption> {
        self.options.iter().find(|o| o.id == id)
    }

    fn rank(&self, id: &str) -> Option<usize> {
        self.options.iter().position(|o| o.id == id)
    }

    /// The rule: how `record` fares when the reader picks `option`.
    pub fn verdict(
        &self,
        option: &ConstraintOption,
        record: &ArchitectureRecord,
        compute: ComputeOrder,
    ) -> Verdict {
        let level = |id: &str| compute.iter().position(|c| *c == id);
        let light_enough = |max: &Option<String>| match (max, level(&record.inference_compute)) {
            (Some(max), Some(have)) => level(max).map(|max| have <= max),
            _ => None,
        };
        let yes = |fits: bool| if fits { Verdict::Fits } else { Verdict::Out };
        match self.field {
            ConstraintField::RunsOn => {
                if record.runs_on.is_empty() {
                    light_enough(&option.max_inference).map_or(Verdict::Neutral, yes)
                } else {
                    yes(record.runs_on.contains(&option.id))
                }
            }
            ConstraintField::Latency => match record.latency.as_deref() {
                Some(own) => match (self.rank(own), self.rank(&option.id)) {
                    (Some(own), Some(asked)) => yes(own <= asked),
                    _ => Verdict::Neutral,
                },
                // Without the field: the fastest option this architecture's inference
                // compute allows, by each option's `max_inference`.
                None => {
                    let fastest = self
                        .options
                        .iter()
                        .position(|o| light_enough(&o.max_inference) == Some(true));
                    match (fastest, self.rank(&option.id)) {
                        (Some(own), Some(asked)) => yes(own <= asked),
                        _ => Verdict::Neutral,
                    }
                }
            },
            ConstraintField::MinLabels | ConstraintField::MinData => {
                let own = if self.field == ConstraintField::MinLabels {
                    record.min_labels.as_deref()
                } else {
                    record.min_data.as_deref()
                };
                match (own.and_then(|o| self.rank(o)), self.rank(&option.id)) {
                    (Some(own), Some(asked)) if own > asked => Verdict::Out,
                    (Some(own), Some(asked))
                        if own == asked && asked + 1 == self.options.len() && asked > 0 =>
                    {
                        Verdict::Boost
                    }
                    (Some(_), Some(_)) => Verdict::Fits,
                    _ => Verdict::Neutral,
                }
            }
            ConstraintField::Languages => {
                if record.languages.is_empty() {
                    Verdict::Neutral
                } else {
                    yes(record
                        .languages
                        .iter()
                        .any(|l| l == &option.id || l == "many"))
                }
            }
            ConstraintField::WeightsLicence => match (option.commercial, record.weights_licence) {
                (false, _) | (true, None) => Verdict::Neutral,
                (true, Some(WeightsLicence::Permissive)) => Verdict::Fits,
                (true, Some(WeightsLicence::Varies)) => Verdict::Caution,
                (true, Some(WeightsLicence::NonCommercial)) => Verdict::Out,
            },
        }
    }
}

impl Constraints {
    pub fn get(&self, id: &str) -> Option<&Constraint> {
        self.list.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const COMPUTE: &[&str] = &["low", "medium", "high", "very_high"];

    fn record(extra: &str) -> ArchitectureRecord {
        let yaml = format!(
            "kind: family\nname: {{en: X}}\nsummary: {{en: x}}\nyear: 2020\ndata_types: []\ntasks: []\n\
             training_compute: low\ninference_compute: medium\ncompute_note: {{en: x}}\n\
             parallelism: parallel\ngeneration: none\nparams: \"1M\"\nstrengths: {{en: []}}\n\
             weaknesses: {{en: []}}\navoid_when: {{en: []}}\n{extra}"
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    fn constraint(field: ConstraintField, options: &[(&str, Option<&str>, bool)]) -> Constraint {
        Constraint {
            id: "c".into(),
            field,
            question: Localized(BTreeMap::default()),
            help: None,
            options: options
                .iter()
                .map(|(id, max, commercial)| ConstraintOption {
                    id: (*id).to_string(),
                    label: Localized(BTreeMap::default()),
                    fits: None,
                    out: None,
                    caution: None,
                    max_inference: max.map(String::from),
                    commercial: *commercial,
                })
                .collect(),
        }
    }

    fn verdicts(c: &Constraint, r: &ArchitectureRecord) -> Vec<Verdict> {
        c.options.iter().map(|o| c.verdict(o, r, COMPUTE)).collect()
    }

    #[test]
    fn runs_on_lists_win_over_inference_compute() {
        let c = constraint(
            ConstraintField::RunsOn,
            &[
                ("phone", Some("low"), false),
                ("edge", Some("medium"), false),
            ],
        );
        use Verdict::*;
        assert_eq!(verdicts(&c, &record("")), [Out, Fits]);
        assert_eq!(verdicts(&c, &record("runs_on: [phone]")), [Fits, Out]);
    }

    #[test]
    fn latency_without_the_field_is_the_fastest_option_its_compute_allows() {
        let c = constraint(
            ConstraintField::Latency,
            &[
                ("realtime", Some("low"), false),
                ("interactive", Some("high"), false),
                ("batch", None, false),
            ],
        );
        use Verdict::*;
        assert_eq!(verdicts(&c, &record("")), [Out, Fits, Fits]);
        assert_eq!(verdicts(&c, &record("latency: batch")), [Out, Out, Fits]);
    }

    #[test]
    fn minimums_rule_out_below_and_credit_the_largest() {
        let c = constraint(
            ConstraintField::MinData,
            &[
                ("small", None, false),
                ("medium", None, false),
                ("large", None, false),
            ],
        );
        use Verdict::*;
        assert_eq!(verdicts(&c, &record("min_data: large")), [Out, Out, Boost]);
        assert_eq!(verdicts(&c, &record("min_data: small")), [Fits, Fits, Fits]);
        assert_eq!(verdicts(&c, &record("")), [Neutral, Neutral, Neutral]);
    }

    #[test]
    fn languages_and_licences() {
        use Verdict::*;
        let langs = constraint(
            ConstraintField::Languages,
            &[("en", None, false), ("zh", None, false)],
        );
        assert_eq!(verdicts(&langs, &record("languages: [en]")), [Fits, Out]);
        assert_eq!(verdicts(&langs, &record("languages: [many]")), [Fits, Fits]);
        let licence = constraint(
            ConstraintField::WeightsLicence,
            &[("commercial", None, true), ("research", None, false)],
        );
        assert_eq!(
            verdicts(&licence, &record("weights_licence: non_commercial")),
            [Out, Neutral]
        );
        assert_eq!(
            verdicts(&licence, &record("weights_licence: varies")),
            [Caution, Neutral]
        );
        assert_eq!(
            verdicts(&licence, &record("weights_licence: permissive")),
            [Fits, Neutral]
        );
    }
}
