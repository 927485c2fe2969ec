//! The decision graph: every question exists, has answers in every language, and each answer
//! leads to another question or recommends known architectures with a reason; the graph has
//! no cycle and every question is reachable from the start.

use super::Context;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::decision::{AnswerRecord, DecisionRecord};
use crate::model::{Answer, DecisionGraph, Outcome, Question};
use crate::parse::yaml::YamlDoc;
use std::collections::{BTreeMap, BTreeSet};

/// The decision record as a graph, or `None` with the reasons in `diags`.
pub(super) fn check(
    ctx: &Context,
    record: &DecisionRecord,
    doc: &YamlDoc,
    diags: &mut Diagnostics,
) -> Option<DecisionGraph> {
    let langs = ctx.langs;
    let decision = DecisionDoc { ctx, record, doc };
    let before = diags.error_count();
    let question_place = |id: &str| doc.locate_after("questions", id, None);
    if record.questions.get(&record.start).is_none() {
        diags.push(
            Diagnostic::error(
                doc.file,
                format!("the start question `{}` does not exist", record.start),
            )
            .at_opt(doc.locate("start", None))
            .hint(format!(
                "name one of: {}",
                record.questions.keys().collect::<Vec<_>>().join(", ")
            )),
        );
    }
    let mut questions = Vec::new();
    for (qid, q) in record.questions.iter() {
        let anchor = format!("{qid}:");
        let q_doc_place = question_place(qid);
        for (key, value) in [("text", Some(&q.text)), ("help", q.help.as_ref())] {
            if let Some(value) = value {
                let missing = value.missing(langs);
                if !missing.is_empty() {
                    diags.push(
                        Diagnostic::missing_text(
                            doc.file,
                            format!(
                                "`{key}` of question `{qid}` has no text in {}",
                                missing.join(", ")
                            ),
                            &missing,
                            langs,
                            "give it in every language",
                        )
                        .at_opt(doc.locate_after(
                            &anchor[..anchor.len() - 1],
                            key,
                            None,
                        )),
                    );
                }
            }
        }
        if q.answers.is_empty() {
            diags.push(
                Diagnostic::error(doc.file, format!("question `{qid}` has no answers"))
                    .at_opt(q_doc_place)
                    .hint("give it at least one answer with `next` or `recommend`"),
            );
        }
        let mut answers = Vec::new();
        for (index, answer) in q.answers.iter().enumerate() {
            if let Some(outcome) = decision.check_answer(qid, index, answer, diags) {
                answers.push(Answer {
                    id: format!("{qid}/{index}"),
                    label: answer.label.clone(),
                    outcome,
                });
            }
        }
        questions.push(Question {
            id: qid.to_string(),
            text: q.text.clone(),
            help: q.help.clone(),
            answers,
        });
    }
    if diags.error_count() > before {
        return None;
    }
    let graph = DecisionGraph {
        start: record.start.clone(),
        questions,
    };
    if let Some(cycle) = find_cycle(&graph) {
        diags.push(
            Diagnostic::error(
                doc.file,
                format!("the decision graph has a cycle: {}", cycle.join(" → ")),
            )
            .at_opt(question_place(&cycle[0]))
            .hint("every path must end in a recommendation; point one of these answers elsewhere"),
        );
        return None;
    }
    let reachable = reachable(&graph);
    for q in &graph.questions {
        if !reachable.contains(q.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    doc.file,
                    format!(
                        "question `{}` cannot be reached from `{}`",
                        q.id, graph.start
                    ),
                )
                .at_opt(question_place(&q.id))
                .hint("point an answer at it with `next`, or remove it"),
            );
        }
    }
    (diags.error_count() == before).then_some(graph)
}

/// The decision record and where it was read from, for the per-answer checks.
#[derive(Clone, Copy)]
struct DecisionDoc<'a> {
    ctx: &'a Context<'a>,
    record: &'a DecisionRecord,
    doc: &'a YamlDoc<'a>,
}

impl DecisionDoc<'_> {
    /// The outcome of answer `index` of question `qid`, or `None` with the reasons in `diags`.
    fn check_answer(
        &self,
        qid: &str,
        index: usize,
        answer: &AnswerRecord,
        diags: &mut Diagnostics,
    ) -> Option<Outcome> {
        let DecisionDoc { ctx, record, doc } = *self;
        let langs = ctx.langs;
        let place = doc.locate_nth_after(qid, "label", index);
        let answer_line = place.map_or(1, |p| p.0);
        let what = format!("answer {} of question `{qid}`", index + 1);
        let missing = answer.label.missing(langs);
        if !missing.is_empty() {
            diags.push(
                Diagnostic::missing_text(
                    doc.file,
                    format!("the label of {what} has no text in {}", missing.join(", ")),
                    &missing,
                    langs,
                    "give it in every language",
                )
                .at_opt(place),
            );
        }
        match (&answer.next, &answer.recommend) {
            (Some(_), Some(_)) => {
                diags.push(
                    Diagnostic::error(doc.file, format!("{what} has both `next` and `recommend`"))
                        .at_opt(place)
                        .hint("an answer leads to another question or recommends; keep one"),
                );
                None
            }
            (None, None) => {
                diags.push(
                    Diagnostic::error(doc.file, format!("{what} has no outcome"))
                        .at_opt(place)
                        .hint("add `next: <question id>` or `recommend: [ids]` with a `reason`"),
                );
                None
            }
            (Some(next), None) => {
                if record.questions.get(next).is_none() {
                    diags.push(
                        Diagnostic::error(
                            doc.file,
                            format!("{what} leads to unknown question `{next}`"),
                        )
                        .at_opt(doc.locate_from_line(answer_line, "next", Some(next)))
                        .hint(format!(
                            "name one of: {}",
                            record.questions.keys().collect::<Vec<_>>().join(", ")
                        )),
                    );
                    return None;
                }
                Some(Outcome::Next {
                    question: next.clone(),
                })
            }
            (None, Some(ids)) => {
                let mut ok = true;
                if ids.is_empty() {
                    diags.push(
                        Diagnostic::error(doc.file, format!("{what} recommends nothing"))
                            .at_opt(place)
                            .hint("list at least one architecture id"),
                    );
                    ok = false;
                }
                for id in ids {
                    if ctx.unparsed.contains(id) {
                        ok = false;
                    } else if ctx.architecture(id).is_none() {
                        diags.push(
                            Diagnostic::error(
                                doc.file,
                                format!("{what} recommends unknown architecture `{id}`"),
                            )
                            .at_opt(doc.locate_from_line(answer_line, "recommend", Some(id)))
                            .hint("recommend an id that has a file under data/architectures/"),
                        );
                        ok = false;
                    }
                }
                let reason = match &answer.reason {
                    Some(reason) if reason.missing(langs).is_empty() => reason.clone(),
                    // Only a language being added lacks it: the default's text stands in.
                    Some(reason)
                        if reason
                            .missing(langs.get(..1).unwrap_or_default())
                            .is_empty() =>
                    {
                        let missing = reason.missing(langs);
                        diags.push(
                            Diagnostic::missing_text(
                                doc.file,
                                format!(
                                    "the reason of {what} has no text in {}",
                                    missing.join(", ")
                                ),
                                &missing,
                                langs,
                                "give it in every language",
                            )
                            .at_opt(place),
                        );
                        reason.clone()
                    }
                    _ => {
                        diags.push(
                            Diagnostic::error(
                                doc.file,
                                format!("{what} recommends without a `reason` in every language"),
                            )
                            .at_opt(place)
                            .hint("add `reason: {en: ..., zh: ...}`: one line on why"),
                        );
                        return None;
                    }
                };
                if let Some(baseline) = &answer.baseline {
                    let missing = baseline.missing(langs);
                    if !missing.is_empty() {
                        let diag = Diagnostic::missing_text(
                            doc.file,
                            format!(
                                "the baseline of {what} has no text in {}",
                                missing.join(", ")
                            ),
                            &missing,
                            langs,
                            "give it in every language",
                        )
                        .at_opt(doc.locate_from_line(
                            answer_line,
                            "baseline",
                            None,
                        ));
                        let fatal = diag.is_error();
                        diags.push(diag);
                        if fatal {
                            return None;
                        }
                    }
                }
                // `ask` is checked and filled in by `advice`, once the constraints are known.
                ok.then(|| Outcome::Recommend {
                    architectures: ids.clone(),
                    reason,
                    ask: answer.ask.clone().unwrap_or_default(),
                    baseline: answer.baseline.clone(),
                    guide: answer.guide.clone(),
                })
            }
        }
    }
}

/// One cycle, as question ids with the first repeated at the end, if there is any.
pub fn find_cycle(graph: &DecisionGraph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let index: BTreeMap<&str, usize> = graph
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    let mut marks = vec![Mark::New; graph.questions.len()];
    let mut stack: Vec<usize> = Vec::new();
    fn visit(
        at: usize,
        graph: &DecisionGraph,
        index: &BTreeMap<&str, usize>,
        marks: &mut [Mark],
        stack: &mut Vec<usize>,
    ) -> Option<Vec<String>> {
        marks[at] = Mark::Active;
        stack.push(at);
        for answer in &graph.questions[at].answers {
            if let Outcome::Next { question } = &answer.outcome {
                let Some(&next) = index.get(question.as_str()) else {
                    continue;
                };
                match marks[next] {
                    Mark::Active => {
                        let from = stack.iter().position(|&s| s == next).unwrap_or(0);
                        let mut cycle: Vec<String> = stack[from..]
                            .iter()
                            .map(|&s| graph.questions[s].id.clone())
                            .collect();
                        cycle.push(graph.questions[next].id.clone());
                        return Some(cycle);
                    }
                    Mark::New => {
                        if let Some(cycle) = visit(next, graph, index, marks, stack) {
                            return Some(cycle);
                        }
                    }
                    Mark::Done => {}
                }
            }
        }
        stack.pop();
        marks[at] = Mark::Done;
        None
    }
    for start in 0..graph.questions.len() {
        if marks[start] == Mark::New {
            if let Some(cycle) = visit(start, graph, &index, &mut marks, &mut stack) {
                return Some(cycle);
            }
        }
    }
    None
}

fn reachable(graph: &DecisionGraph) -> BTreeSet<&str> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![graph.start.as_str()];
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Some(q) = graph.question(id) {
            for a in &q.answers {
                if let Outcome::Next { question } = &a.outcome {
                    todo.push(question);
                }
            }
        }
    }
    seen
}
