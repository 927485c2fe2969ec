//! The facts about an architecture a reader sees, defined once.
//!
//! `FACTS` says, for every fact, its key, the UI string that labels it and how its value is
//! read from the architecture; the facet fields join them from the facet-field table
//! (`model::facets`). Two orders pick from them: `PANEL` (the architecture page's facts
//! panel, and the export's facts table, which is the same list) and `TABLE` (the columns of
//! the comparison table, its CSV and its JSON). Adding a fact is one entry here, a key in
//! each order that should show it, and its label in the i18n files.

use super::bench::{headline, BenchText, Headline};
use super::card::{Card, FacetRow};
use crate::model::facets::{FacetField, FACET_FIELDS};
use crate::model::{Architecture, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a fact's value is read from: one architecture resolved for one language.
pub struct Subject<'a> {
    pub site: &'a Site,
    pub lang: &'a str,
    pub arch: &'a Architecture,
    /// The architecture's card in `lang` (labels instead of ids, URLs instead of references).
    pub card: &'a Card,
    pub strings: &'a BTreeMap<String, String>,
}

/// A fact's value as the reader sees it; templates pick its markup by `kind`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactValue {
    /// Plain text; `sort` is the comparison table's sort key when it sorts by one.
    Text { text: String, sort: Option<String> },
    /// Text that links to a page of the site (a site-relative URL).
    Link { text: String, url: String },
    /// Facet values shown as chips.
    Facet(FacetRow),
    /// The headline benchmark, linked to the architecture page's bench section.
    Headline {
        headline: Option<Headline>,
        /// The architecture page the headline links to.
        url: String,
    },
    /// The architecture has no value for this fact: the panel leaves it out, the table
    /// shows a dash.
    Missing,
}

impl FactValue {
    fn text(text: impl Into<String>) -> Self {
        FactValue::Text {
            text: text.into(),
            sort: None,
        }
    }

    /// The value as plain text (CSV, export); facet values are joined with `separator`.
    pub fn plain(&self, separator: &str) -> String {
        match self {
            FactValue::Text { text, .. } | FactValue::Link { text, .. } => text.clone(),
            FactValue::Facet(row) => row
                .values
                .iter()
                .map(|v| v.label.as_str())
                .collect::<Vec<_>>()
                .join(separator),
            FactValue::Headline { headline, .. } => {
                headline.as_ref().map_or(String::new(), |h| h.text.clone())
            }
            FactValue::Missing => String::new(),
        }
    }

    /// Whether the architecture has no value for the fact.
    pub fn is_missing(&self) -> bool {
        matches!(self, FactValue::Missing)
    }
}

/// A fact that is not a facet field.
pub struct Fact {
    /// The fact's key: the comparison table's column key (`data-key`, `?sort=`).
    pub key: &'static str,
    /// The UI string that labels it.
    pub label_key: &'static str,
    pub value: fn(&Subject) -> FactValue,
}

/// Every fact that is not a facet field.
pub const FACTS: &[Fact] = &[
    Fact {
        key: "name",
        label_key: "field_name",
        value: |s| FactValue::Link {
            text: s.card.name.clone(),
            url: s.card.url.clone(),
        },
    },
    Fact {
        key: "family",
        label_key: "family",
        value: |s| match &s.card.family {
            Some(family) => FactValue::Link {
                text: family.name.clone(),
                url: family.url.clone(),
            },
            None => FactValue::Missing,
        },
    },
    Fact {
        key: "year",
        label_key: "field_year",
        value: |s| FactValue::Text {
            text: s.card.year.to_string(),
            sort: Some(s.card.year.to_string()),
        },
    },
    Fact {
        key: "params",
        label_key: "field_params",
        value: |s| FactValue::text(&s.card.params),
    },
    Fact {
        key: "benchmark",
        label_key: "field_benchmark",
        value: |s| FactValue::Headline {
            headline: headline(s.site, s.arch, BenchText(s.strings)),
            url: s.card.url.clone(),
        },
    },
];

/// In an order: every facet field of `model::facets::FACET_FIELDS`, in that table's order.
pub const FACET_FACTS: &str = "<facets>";

/// The rows of the facts panel (page and export), in order.
pub const PANEL: &[&str] = &["family", "year", "params", FACET_FACTS];

/// The columns of the comparison table, in order; the first is each row's header.
pub const TABLE: &[&str] = &["name", "year", FACET_FACTS, "params", "benchmark"];

/// One fact of an order: a fact of `FACTS` or a facet field.
#[derive(Clone, Copy)]
pub enum Source {
    Fact(&'static Fact),
    Facet(&'static FacetField),
}

impl Source {
    /// The fact's key (a facet's is its field name).
    pub fn key(&self) -> &'static str {
        match self {
            Source::Fact(f) => f.key,
            Source::Facet(f) => f.field,
        }
    }

    /// The fact's label in the language of `strings`; a facet without a UI string falls
    /// back on its vocabulary's label, anything else on its key (visible, never a panic).
    pub fn label(&self, site: &Site, lang: &str, strings: &BTreeMap<String, String>) -> String {
        match self {
            Source::Fact(f) => strings
                .get(f.label_key)
                .cloned()
                .unwrap_or_else(|| f.label_key.to_string()),
            Source::Facet(f) => strings
                .get(&format!("field_{}", f.field))
                .cloned()
                .or_else(|| {
                    site.facets
                        .vocabulary(f.vocabulary)
                        .map(|v| v.label.text(lang).to_string())
                })
                .unwrap_or_else(|| f.field.to_string()),
        }
    }

    /// The fact's value for `subject`.
    pub fn value(&self, subject: &Subject) -> FactValue {
        match self {
            Source::Fact(f) => (f.value)(subject),
            Source::Facet(f) => subject
                .card
                .facets
                .iter()
                .find(|row| row.field == f.field)
                .map_or(FactValue::Missing, |row| FactValue::Facet(row.clone())),
        }
    }
}

/// The facts an order names, the facet placeholder expanded. A key no fact has is a bug
/// in the orders above, which the unit tests catch.
pub fn in_order(order: &[&str]) -> Vec<Source> {
    order
        .iter()
        .flat_map(|&key| -> Vec<Source> {
            if key == FACET_FACTS {
                FACET_FIELDS.iter().map(Source::Facet).collect()
            } else {
                FACTS
                    .iter()
                    .filter(|f| f.key == key)
                    .map(Source::Fact)
                    .collect()
            }
        })
        .collect()
}

/// One row of the facts panel: the fact's key, its label and its value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactRow {
    pub key: String,
    pub label: String,
    #[serde(flatten)]
    pub value: FactValue,
}

/// The facts panel of `subject`'s architecture, every `PANEL` fact in order (a missing
/// one too, so the panel can keep its place).
pub fn panel(subject: &Subject) -> Vec<FactRow> {
    in_order(PANEL)
        .iter()
        .map(|source| FactRow {
            key: source.key().to_string(),
            label: source.label(subject.site, subject.lang, subject.strings),
            value: source.value(subject),
        })
        .collect()
}

/// The facts panel of `arch` in `lang`, for a page context that has no card at hand.
pub fn panel_of(
    site: &Site,
    lang: &str,
    arch: &Architecture,
    strings: &BTreeMap<String, String>,
) -> Vec<FactRow> {
    let card = super::card::card(site, lang, arch, strings);
    panel(&Subject {
        site,
        lang,
        arch,
        card: &card,
        strings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_both_orders_names_one_fact() {
        for order in [PANEL, TABLE] {
            for key in order {
                let found = in_order(&[key]).len();
                if *key == FACET_FACTS {
                    assert_eq!(found, FACET_FIELDS.len());
                } else {
                    assert_eq!(found, 1, "`{key}` names {found} facts");
                }
            }
        }
    }

    #[test]
    fn fact_keys_are_unique_and_no_facet_field_name() {
        let mut keys: Vec<&str> = FACTS.iter().map(|f| f.key).collect();
        keys.extend(FACET_FIELDS.iter().map(|f| f.field));
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), count, "{keys:?}");
    }

    #[test]
    fn plain_text_joins_facet_values() {
        let row = FacetRow {
            field: "tasks".into(),
            vocabulary: "task".into(),
            label: "Tasks".into(),
            values: ["Classification", "Detection"]
                .iter()
                .map(|l| super::super::card::FacetLabel {
                    id: l.to_lowercase(),
                    label: (*l).to_string(),
                    note: None,
                })
                .collect(),
        };
        assert_eq!(
            FactValue::Facet(row).plain("; "),
            "Classification; Detection"
        );
        assert_eq!(FactValue::Missing.plain("; "), "");
    }
}
