//! The decision widget's data: the same `DecisionGraph` the flowchart draws, resolved for
//! one language and emitted as JSON (inline in /choose/ and as a file beside it).

use super::bench::headline;
use super::card::{card, FacetRow};
use crate::model::{Outcome, Site};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct WidgetData {
    pub start: String,
    pub questions: BTreeMap<String, WidgetQuestion>,
    /// Every recommended architecture once; answers refer to them by id.
    pub architectures: BTreeMap<String, WidgetArchitecture>,
    pub strings: BTreeMap<String, String>,
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
];

pub fn widget_data(site: &Site, lang: &str, strings: &BTreeMap<String, String>) -> WidgetData {
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
                    },
                    Outcome::Recommend {
                        architectures,
                        reason,
                        ..
                    } => WidgetAnswer {
                        id: a.id.clone(),
                        label: a.label.text(lang).to_string(),
                        next: None,
                        reason: Some(reason.text(lang).to_string()),
                        recommend: architectures.clone(),
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
                .filter(|f| {
                    matches!(
                        f.field.as_str(),
                        "data_types" | "tasks" | "training_compute" | "inference_compute"
                    )
                })
                .map(|f: FacetRow| {
                    // "Low" alone says nothing: name which compute it is.
                    let is_level = f.field.ends_with("_compute");
                    let values = f
                        .values
                        .into_iter()
                        .map(|v| {
                            if is_level {
                                format!("{}: {}", f.label, v.label)
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
                benchmark: headline(site, arch).map(|h| h.text),
            };
            (c.id, entry)
        })
        .collect();
    WidgetData {
        start: site.decision.start.clone(),
        questions,
        architectures,
        strings: WIDGET_STRINGS
            .iter()
            .filter_map(|k| strings.get(*k).map(|v| (k.to_string(), v.clone())))
            .collect(),
    }
}

/// JSON that is safe inside an HTML `<script>` element: no `<`, so no `</script>`.
pub fn json_for_script(data: &WidgetData) -> String {
    serde_json::to_string(data)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c")
}
