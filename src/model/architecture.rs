//! Architectures (families and models) and the controlled vocabularies they refer to.

use super::ordered::OrderedMap;
use super::Localized;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArchKind {
    Family,
    Model,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    pub title: String,
    pub authors: String,
    pub year: u16,
    #[serde(default)]
    pub venue: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Implementation {
    pub name: String,
    pub url: String,
}

/// `data/architectures/<id>.yaml`, as written.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArchitectureRecord {
    pub kind: ArchKind,
    #[serde(default)]
    pub family: Option<String>,
    pub name: Localized<String>,
    pub summary: Localized<String>,
    pub year: u16,
    pub data_types: Vec<String>,
    pub tasks: Vec<String>,
    pub training_compute: String,
    pub inference_compute: String,
    pub compute_note: Localized<String>,
    pub parallelism: String,
    #[serde(default)]
    pub parallelism_note: Option<Localized<String>>,
    pub generation: String,
    pub params: ParamsText,
    pub strengths: Localized<Vec<String>>,
    pub weaknesses: Localized<Vec<String>>,
    pub avoid_when: Localized<Vec<String>>,
    #[serde(default)]
    pub alternatives: Vec<String>,
    #[serde(default)]
    pub papers: Vec<Paper>,
    #[serde(default)]
    pub implementations: Vec<Implementation>,
    #[serde(default)]
    pub bench_models: Vec<String>,
    /// The fields the constraints in `data/constraints.yaml` read; each is optional, and
    /// an architecture without one is not judged by that constraint (`runs_on` and
    /// `latency` fall back on `inference_compute`).
    #[serde(default)]
    pub runs_on: Vec<String>,
    #[serde(default)]
    pub latency: Option<String>,
    #[serde(default)]
    pub min_labels: Option<String>,
    #[serde(default)]
    pub min_data: Option<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub weights_licence: Option<WeightsLicence>,
}

/// Whether the usual pretrained weights may be used in a commercial product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightsLicence {
    /// Apache-2.0, MIT, BSD and the like.
    Permissive,
    /// Depends on the checkpoint: some permissive, some restricted.
    Varies,
    /// The reference weights are for non-commercial use only.
    NonCommercial,
}

/// An architecture with its id (the file name) and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Architecture {
    pub id: String,
    #[serde(skip)]
    pub file: PathBuf,
    #[serde(flatten)]
    pub record: ArchitectureRecord,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FacetValue {
    pub label: Localized<String>,
    #[serde(default)]
    pub note: Option<Localized<String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub label: Localized<String>,
    pub values: OrderedMap<FacetValue>,
}

/// The vocabularies of `data/facets.yaml`, in the order the file's struct declares them.
pub const VOCABULARIES: &[&str] = &["data_type", "task", "compute", "parallelism", "generation"];

/// `data/facets.yaml`: one vocabulary per facet, in a fixed set.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facets {
    pub data_type: Vocabulary,
    pub task: Vocabulary,
    pub compute: Vocabulary,
    pub parallelism: Vocabulary,
    pub generation: Vocabulary,
}

impl Facets {
    pub fn vocabulary(&self, name: &str) -> Option<&Vocabulary> {
        match name {
            "data_type" => Some(&self.data_type),
            "task" => Some(&self.task),
            "compute" => Some(&self.compute),
            "parallelism" => Some(&self.parallelism),
            "generation" => Some(&self.generation),
            _ => None,
        }
    }

    /// Every vocabulary with its name, in `VOCABULARIES` order.
    pub fn all(&self) -> Vec<(&'static str, &Vocabulary)> {
        VOCABULARIES
            .iter()
            .filter_map(|&name| self.vocabulary(name).map(|v| (name, v)))
            .collect()
    }

    /// The label of `value` in `vocabulary`, or the raw id if unknown (validation reports it).
    pub fn label<'a>(&'a self, vocabulary: &str, value: &'a str, lang: &str) -> &'a str {
        self.vocabulary(vocabulary)
            .and_then(|v| v.values.get(value))
            .map_or(value, |v| v.label.text(lang))
    }
}

/// The typical parameter count: plain figures (`"11M–60M"`) read the same in every language;
/// a range with words in it (`"≈26M (FFHQ generator)"`) is written per language, so a Chinese
/// facts panel carries no English.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParamsText {
    Plain(String),
    Localized(Localized<String>),
}

/// Text or a `{en, zh}` map, by hand rather than `untagged`: an unquoted number (`1.10`)
/// would reach an untagged enum as the float 1.1, so it is refused with a hint to quote it.
impl<'de> Deserialize<'de> for ParamsText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = ParamsText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a quoted parameter count such as \"11M–60M\", or {en: ..., zh: ...}")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<ParamsText, E> {
                Ok(ParamsText::Plain(text.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ParamsText, A::Error> {
                Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ParamsText::Localized)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl ParamsText {
    /// The text in `lang`.
    pub fn text(&self, lang: &str) -> &str {
        match self {
            ParamsText::Plain(text) => text,
            ParamsText::Localized(text) => text.text(lang),
        }
    }
}
