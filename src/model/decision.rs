//! The decision graph: questions whose answers lead to another question or recommend
//! architectures. The flowchart, the widget and the checks all read this one type, so they
//! cannot disagree.

use super::ordered::OrderedMap;
use super::Localized;
use serde::{Deserialize, Serialize};

/// `data/decision.yaml`, as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRecord {
    pub start: String,
    pub questions: OrderedMap<QuestionRecord>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionRecord {
    pub text: Localized<String>,
    #[serde(default)]
    pub help: Option<Localized<String>>,
    pub answers: Vec<AnswerRecord>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRecord {
    pub label: Localized<String>,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub recommend: Option<Vec<String>>,
    #[serde(default)]
    pub reason: Option<Localized<String>>,
    /// The constraints to ask at this recommendation (ids in `data/constraints.yaml`);
    /// without it, every constraint that would change this shortlist is asked.
    #[serde(default)]
    pub ask: Option<Vec<String>>,
    /// The baseline to beat first, where experts use one: one line in every language.
    #[serde(default)]
    pub baseline: Option<Localized<String>>,
    /// A page to read next, by its path under `content/<lang>/` without `.md`
    /// (`guides/serving-cheaply`); it must exist in every language.
    #[serde(default)]
    pub guide: Option<String>,
}

/// The validated graph: a DAG from `start`, every question reachable, every path ending
/// in a recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct DecisionGraph {
    pub start: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    pub text: Localized<String>,
    pub help: Option<Localized<String>>,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// `<question id>/<index>`: stable, so a URL that records the path survives edits to
    /// other questions.
    pub id: String,
    pub label: Localized<String>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Outcome {
    Next {
        question: String,
    },
    Recommend {
        /// The candidates, the experts' usual first choice first.
        architectures: Vec<String>,
        reason: Localized<String>,
        /// The constraints asked here, in `data/constraints.yaml` order.
        ask: Vec<String>,
        baseline: Option<Localized<String>>,
        guide: Option<String>,
    },
}

impl DecisionGraph {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Every recommended architecture id, in order of first appearance.
    pub fn recommended(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for q in &self.questions {
            for a in &q.answers {
                if let Outcome::Recommend { architectures, .. } = &a.outcome {
                    for id in architectures {
                        if !out.contains(&id.as_str()) {
                            out.push(id);
                        }
                    }
                }
            }
        }
        out
    }
}
