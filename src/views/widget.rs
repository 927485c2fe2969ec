//! The decision widget's data: the same `DecisionGraph` the flowchart draws, resolved for
//! one language and emitted as JSON (inline in /choose/ and as a file beside it), with
//! the constraints and the verdict table the shortlist ranks by (see `shortlist`).

use super::bench::{headline, BenchText};
use super::card::{card, FacetRow};
use super::shortlist::{compare_url, guide_link, verdict_table, VerdictTable};
use crate::model::facets::{facet_field, COMPUTE_VOCABULARY};
use crate::model::{Outcome, Site};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct WidgetData {
    pub start: String,
    pub questions: BTreeMap<String, WidgetQuestion>,
    /// Every recommended architecture once; answers refer to them by id.
    pub architectures: BTreeMap<String, WidgetArchitecture>,
    /// The constraints in asking order.
    pub constraints: Vec<WidgetConstraint>,
    /// How each recommended architecture fares under each option.
    pub verdicts: VerdictTable,
    /// /compare/ in this language; the widget appends `?rows=...`.
    pub compare_url: String,
    pub strings: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
pub struct WidgetConstraint {
    pub id: String,
    pub question: String,
    pub help: Option<String>,
    pub options: Vec<WidgetOption>,
}

#[derive(Debug, Serialize)]
pub struct WidgetOption {
    pub id: String,
    pub label: String,
    pub fits: Option<String>,
    pub out: Option<String>,
    pub caution: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct WidgetQuestion {
    pub text: String,
    pub help: Option<String>,
    pub answers: Vec<WidgetAnswer>,
}

#[derive(Debug, Serialize)]
pub struct WidgetAnswer {
    pub id: String,
    pub label: String,
    pub next: Option<String>,
    pub reason: Option<String>,
    pub recommend: Vec<String>,
    /// The constraints asked at this recommendation.
    pub ask: Vec<String>,
    pub baseline: Option<String>,
    /// A page to read next: `{id, name, url}`.
    pub guide: Option<super::card::Link>,
}

#[derive(Debug, Serialize)]
pub struct WidgetArchitecture {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub url: String,
    /// `[facet label, value labels]` for the facets a reader matches against.
    pub facets: Vec<(String, Vec<String>)>,
    pub benchmark: Option<String>,
    /// GPU-hours to train it, for the common size and per data-set-size band.
    pub cost: Option<super::estimate_cost::ShortlistCost>,
}

/// The UI strings the widget needs, looked up from the theme's strings.
const WIDGET_STRINGS: &[&str] = &[
    "widget_question",
    "widget_back",
    "widget_restart",
    "widget_result",
    "widget_because",
    "widget_path",
    "widget_share",
    "widget_benchmark",
    "widget_read",
    "widget_step",
    "widget_constraints",
    "widget_any",
    "widget_fits",
    "widget_caution",
    "widget_ruled_out",
    "widget_baseline",
    "widget_compare",
    "widget_none_fit",
    "colon",
    "widget_guide",
    "clause_separator",
    "sentence_gap",
    "estimate_cost_title",
    "estimate_cost_link",
];

pub fn widget_data(site: &Site, lang: &str, strings: &BTreeMap<String, String>) -> WidgetData {
    // "训练算力：中", not "训练算力: 中": the language's own colon.
    let colon = strings.get("colon").map_or(": ", String::as_str);
    let questions = site
        .decision
        .questions
        .iter()
        .map(|q| {
            let answers = q
                .answers
                .iter()
                .map(|a| match &a.outcome {
                    Outcome::Next { question } => WidgetAnswer {
                        id: a.id.clone(),
                        label: a.label.text(lang).to_string(),
                        next: Some(question.clone()),
                        reason: None,
                        recommend: Vec::new(),
                        ask: Vec::new(),
                        baseline: None,
                        guide: None,
                    },
                    Outcome::Recommend {
                        architectures,
                        reason,
                        ask,
                        baseline,
                        guide,
                    } => WidgetAnswer {
                        id: a.id.clone(),
                        label: a.label.text(lang).to_string(),
                        next: None,
                        reason: Some(reason.text(lang).to_string()),
                        recommend: architectures.clone(),
                        ask: ask.clone(),
                        baseline: baseline.as_ref().map(|b| b.text(lang).to_string()),
                        guide: guide.as_deref().and_then(|rel| guide_link(site, lang, rel)),
                    },
                })
                .collect();
            (
                q.id.clone(),
                WidgetQuestion {
                    text: q.text.text(lang).to_string(),
                    help: q.help.as_ref().map(|h| h.text(lang).to_string()),
                    answers,
                },
            )
        })
        .collect();
    let architectures = site
        .decision
        .recommended()
        .into_iter()
        .filter_map(|id| site.architecture(id))
        .map(|arch| {
            let c = card(site, lang, arch, strings);
            let facets = c
                .facets
                .into_iter()
                .filter(|f| facet_field(&f.field).is_some_and(|f| f.widget_card))
                .map(|f: FacetRow| {
                    // "Low" alone says nothing: name which compute it is.
                    let is_level = f.vocabulary == COMPUTE_VOCABULARY;
                    let values = f
                        .values
                        .into_iter()
                        .map(|v| {
                            if is_level {
                                format!("{}{colon}{}", f.label, v.label)
                            } else {
                                v.label
                            }
                        })
                        .collect();
                    (f.label, values)
                })
                .collect();
            let entry = WidgetArchitecture {
                id: c.id.clone(),
                name: c.name,
                summary: c.summary,
                url: c.url,
                facets,
                benchmark: headline(site, arch, BenchText(strings)).map(|h| h.text),
                cost: super::estimate_cost::shortlist_cost(site, lang, strings, arch),
            };
            (c.id, entry)
        })
        .collect();
    let text =
        |t: &Option<crate::model::Localized<String>>| t.as_ref().map(|t| t.text(lang).to_string());
    let constraints = site
        .constraints
        .list
        .iter()
        .map(|c| WidgetConstraint {
            id: c.id.clone(),
            question: c.question.text(lang).to_string(),
            help: text(&c.help),
            options: c
                .options
                .iter()
                .map(|o| WidgetOption {
                    id: o.id.clone(),
                    label: o.label.text(lang).to_string(),
                    fits: text(&o.fits),
                    out: text(&o.out),
                    caution: text(&o.caution),
                })
                .collect(),
        })
        .collect();
    let compare = compare_url(site, lang, &[]);
    WidgetData {
        start: site.decision.start.clone(),
        questions,
        architectures,
        constraints,
        verdicts: verdict_table(site, site.decision.recommended()),
        compare_url: compare.trim_end_matches("?rows=").to_string(),
        strings: WIDGET_STRINGS
            .iter()
            .filter_map(|k| strings.get(*k).map(|v| ((*k).to_string(), v.clone())))
            .collect(),
    }
}
