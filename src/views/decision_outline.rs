//! The decision graph as nested lists in one language: the choose page's outline, which
//! readers without JavaScript follow instead of the widget. It reads the same graph as the
//! flowchart and the widget, so the three cannot disagree.

use super::card::{link, Link};
use super::estimate_cost::{outline_costs, OutlineCost};
use super::shortlist::{compare_url, guide_link, ruled_out_when};
use crate::model::{Outcome, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole outline: where it starts, every question, and the constraints a
/// recommendation may ask about.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DecisionOutline {
    pub start: String,
    pub questions: Vec<OutlineQuestion>,
    pub constraints: Vec<OutlineConstraint>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutlineQuestion {
    pub id: String,
    pub text: String,
    pub help: Option<String>,
    pub answers: Vec<OutlineAnswer>,
}

/// An answer leads to another question or ends in a recommendation; the template tells
/// them apart by which fields are present (`next` or `recommend`).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
// Built once per answer and serialized at once: the size of a variant costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum OutlineAnswer {
    Next {
        label: String,
        /// The id of the question it leads to.
        next: String,
    },
    Recommend {
        label: String,
        recommend: Vec<Link>,
        reason: String,
        baseline: Option<String>,
        guide: Option<Link>,
        compare_url: String,
        /// The questions of the constraints asked at this recommendation.
        asks: Vec<String>,
        /// "ConvNeXt: too heavy for a phone; ...", one line per candidate some option rules out.
        ruled_out_when: Vec<String>,
        /// The training cost of each shortlisted architecture that has bench data.
        costs: Vec<OutlineCost>,
    },
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutlineConstraint {
    pub id: String,
    pub question: String,
    pub help: Option<String>,
    /// The options' labels, in asking order.
    pub options: Vec<String>,
}

/// The decision graph of `site` in language `lang`, worded with the language's `strings`.
pub fn decision_outline(
    site: &Site,
    lang: &str,
    strings: &BTreeMap<String, String>,
) -> DecisionOutline {
    let questions = site
        .decision
        .questions
        .iter()
        .map(|q| OutlineQuestion {
            id: q.id.clone(),
            text: q.text.text(lang).to_string(),
            help: q.help.as_ref().map(|h| h.text(lang).to_string()),
            answers: q
                .answers
                .iter()
                .map(|a| answer(site, lang, strings, a.label.text(lang), &a.outcome))
                .collect(),
        })
        .collect();
    let constraints = site
        .constraints
        .list
        .iter()
        .map(|c| OutlineConstraint {
            id: c.id.clone(),
            question: c.question.text(lang).to_string(),
            help: c.help.as_ref().map(|h| h.text(lang).to_string()),
            options: c
                .options
                .iter()
                .map(|o| o.label.text(lang).to_string())
                .collect(),
        })
        .collect();
    DecisionOutline {
        start: site.decision.start.clone(),
        questions,
        constraints,
    }
}

fn answer(
    site: &Site,
    lang: &str,
    strings: &BTreeMap<String, String>,
    label: &str,
    outcome: &Outcome,
) -> OutlineAnswer {
    let label = label.to_string();
    match outcome {
        Outcome::Next { question } => OutlineAnswer::Next {
            label,
            next: question.clone(),
        },
        Outcome::Recommend {
            architectures,
            reason,
            ask,
            baseline,
            guide,
        } => OutlineAnswer::Recommend {
            label,
            recommend: architectures
                .iter()
                .filter_map(|id| site.architecture(id))
                .map(|arch| link(site, lang, arch))
                .collect(),
            reason: reason.text(lang).to_string(),
            baseline: baseline.as_ref().map(|b| b.text(lang).to_string()),
            guide: guide.as_deref().and_then(|rel| guide_link(site, lang, rel)),
            compare_url: compare_url(
                site,
                lang,
                &architectures.iter().map(String::as_str).collect::<Vec<_>>(),
            ),
            asks: ask
                .iter()
                .filter_map(|c| site.constraints.get(c))
                .map(|c| c.question.text(lang).to_string())
                .collect(),
            ruled_out_when: ruled_out_when(site, lang, architectures, ask),
            costs: outline_costs(site, lang, strings, architectures, ask),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_site::bundled;

    #[test]
    fn every_question_and_constraint_appears_in_graph_order() {
        let site = bundled();
        let outline = decision_outline(site, "zh", &BTreeMap::new());
        assert_eq!(outline.start, site.decision.start);
        let ids: Vec<&str> = outline.questions.iter().map(|q| q.id.as_str()).collect();
        let expected: Vec<&str> = site
            .decision
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(ids, expected);
        assert_eq!(outline.constraints.len(), site.constraints.list.len());
        // The text is the Chinese one, not the id or the English text.
        let first = &site.decision.questions[0];
        assert_eq!(outline.questions[0].text, first.text.text("zh"));
        assert_ne!(outline.questions[0].text, first.text.text("en"));
    }

    #[test]
    fn an_answer_is_either_a_next_question_or_a_recommendation_with_links() {
        let site = bundled();
        let outline = decision_outline(site, "en", &BTreeMap::new());
        let (mut nexts, mut recommends) = (0, 0);
        for answer in outline.questions.iter().flat_map(|q| &q.answers) {
            match answer {
                OutlineAnswer::Next { next, .. } => {
                    nexts += 1;
                    assert!(site.decision.question(next).is_some(), "{next}");
                }
                OutlineAnswer::Recommend {
                    recommend,
                    compare_url,
                    ..
                } => {
                    recommends += 1;
                    assert!(!recommend.is_empty());
                    assert!(recommend
                        .iter()
                        .all(|l| l.url.starts_with("/architectures/")));
                    assert!(compare_url.contains("/compare/"), "{compare_url}");
                }
            }
        }
        assert!(nexts > 0 && recommends > 0);
        // The template tells the two apart by their fields.
        let json = serde_json::to_value(&outline).unwrap();
        let answers = json["questions"][0]["answers"].as_array().unwrap();
        assert!(answers
            .iter()
            .all(|a| a.get("next").is_some() != a.get("recommend").is_some()));
    }
}
