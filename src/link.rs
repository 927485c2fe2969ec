//! Link: resolve ids and references across files and validate the decision graph, turning
//! parsed records into one consistent `Site`. A fact that contradicts another stops the
//! build here, with the file and line of the side that is wrong.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::architecture::ArchKind;
use crate::model::bench::RunStatus;
use crate::model::decision::{AnswerRecord, DecisionRecord};
use crate::model::{
    Answer, Architecture, BenchFile, Config, DecisionGraph, Facets, Localized, Outcome, Page,
    Question, Site,
};
use crate::parse::yaml::YamlDoc;
use crate::parse::Parsed;
use crate::source::SourceSet;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub struct LinkOptions {
    pub drafts: bool,
}

pub fn link(
    parsed: Parsed,
    sources: &SourceSet,
    config: Config,
    options: &LinkOptions,
) -> (Option<Site>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let text_of = |path: &Path| {
        sources
            .data
            .iter()
            .find(|f| f.path == path)
            .map_or("", |f| f.text.as_str())
            .to_string()
    };
    let langs = &config.languages;
    let unparsed = &parsed.unparsed_architectures;

    if let Some(facets) = &parsed.facets {
        let text = text_of(Path::new("data/facets.yaml"));
        check_facets(
            facets,
            &YamlDoc::whole(Path::new("data/facets.yaml"), &text),
            langs,
            &mut diags,
        );
    }

    let pages: Vec<Page> = parsed
        .pages
        .into_iter()
        .filter(|p| options.drafts || !p.front.draft)
        .collect();

    for arch in &parsed.architectures {
        let text = text_of(&arch.file);
        let doc = YamlDoc::whole(&arch.file, &text);
        check_architecture(
            arch,
            &parsed.architectures,
            unparsed,
            parsed.facets.as_ref(),
            &doc,
            langs,
            &mut diags,
        );
        for lang in langs {
            let rel = format!("architectures/{}", arch.id);
            if !pages.iter().any(|p| p.lang == *lang && p.rel == rel) {
                diags.push(
                    Diagnostic::error(&arch.file, format!("architecture `{}` has no article in `{lang}`", arch.id))
                        .at(1, 1)
                        .hint(format!("write content/{lang}/architectures/{}.md (`archkb new architecture` makes stubs)", arch.id)),
                );
            }
        }
    }
    for page in &pages {
        if let Some(id) = page.architecture_id() {
            if !parsed.architectures.iter().any(|a| a.id == id) && !unparsed.contains(id) {
                diags.push(
                    Diagnostic::error(&page.file, format!("the article describes architecture `{id}`, but there is no data/architectures/{id}.yaml"))
                        .at(1, 1)
                        .hint("create the data file (`archkb new architecture ID`), or move the article out of architectures/"),
                );
            }
        }
    }

    let mut decision = match &parsed.decision {
        Some(record) => {
            let text = text_of(Path::new("data/decision.yaml"));
            let doc = YamlDoc::whole(Path::new("data/decision.yaml"), &text);
            check_decision(
                record,
                &doc,
                &parsed.architectures,
                unparsed,
                langs,
                &mut diags,
            )
        }
        None => None,
    };

    let glossary_text = text_of(Path::new("data/glossary.yaml"));
    let glossary_doc = YamlDoc::whole(Path::new("data/glossary.yaml"), &glossary_text);
    let mut seen_terms = BTreeSet::new();
    for term in &parsed.glossary {
        let place = glossary_doc
            .locate_after(&format!("id: {}", term.id), "id", None)
            .or_else(|| glossary_doc.locate("id", Some(&term.id)));
        if !seen_terms.insert(term.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    glossary_doc.file,
                    format!("glossary term `{}` is defined twice", term.id),
                )
                .at_opt(place)
                .hint("merge the two entries"),
            );
        }
        for lang in langs {
            if !term.names.contains_key(lang) {
                diags.push(
                    Diagnostic::error(
                        glossary_doc.file,
                        format!("glossary term `{}` has no `{lang}` name", term.id),
                    )
                    .at_opt(place)
                    .hint(format!("add `{lang}: ...` to the term")),
                );
            }
        }
        missing_languages(
            &term.definition,
            "definition",
            &glossary_doc,
            langs,
            &mut diags,
        );
    }

    for file in &parsed.bench {
        check_bench(
            file,
            &text_of(&file.file),
            &parsed.architectures,
            unparsed,
            langs,
            &mut diags,
        );
    }

    if let Some(pricing) = &config.pricing {
        let text = sources.config.as_ref().map_or("", |f| f.text.as_str());
        let doc = YamlDoc::whole(Path::new("config.yaml"), text);
        crate::pricing::check(pricing, &doc, &parsed.bench, &mut diags);
    }

    // With errors the site is still returned (best effort) so rendering can report the
    // Markdown problems too; the caller writes nothing when there is any error.
    let Some(facets) = parsed.facets else {
        return (None, diags);
    };
    let constraints = crate::advice::check(
        parsed.constraints.as_ref(),
        &text_of(Path::new("data/constraints.yaml")),
        &text_of(Path::new("data/decision.yaml")),
        parsed.decision.as_ref(),
        decision.as_mut(),
        &parsed.architectures,
        &facets,
        &pages,
        &text_of,
        langs,
        &mut diags,
    );
    let decision = decision.unwrap_or_default();
    let site = Site {
        config,
        facets,
        architectures: parsed.architectures,
        decision,
        constraints,
        glossary: parsed.glossary,
        bench: parsed.bench,
        pages,
        content_assets: sources.content_assets.clone(),
        unparsed_pages: parsed.unparsed_pages,
    };
    (Some(site), diags)
}

fn missing_languages<T>(
    value: &Localized<T>,
    key: &str,
    doc: &YamlDoc,
    langs: &[String],
    diags: &mut Diagnostics,
) {
    let unknown = value.unknown(langs);
    if !unknown.is_empty() {
        diags.push(
            Diagnostic::error(
                doc.file,
                format!("`{key}` has text in unknown languages: {}", unknown.join(", ")),
            )
            .at_opt(doc.locate(key, None))
            .hint("a comma ends an unquoted string inside `{en: ..., zh: ...}`: quote the text, e.g. `en: \"A, B\"`"),
        );
    }
    let missing = value.missing(langs);
    if !missing.is_empty() {
        diags.push(
            Diagnostic::error(
                doc.file,
                format!("`{key}` has no text in {}", missing.join(", ")),
            )
            .at_opt(doc.locate(key, None))
            .hint(format!(
                "write it as a map with one entry per language: {}",
                langs.join(", ")
            )),
        );
    }
}

fn check_facets(facets: &Facets, doc: &YamlDoc, langs: &[String], diags: &mut Diagnostics) {
    for (name, vocabulary) in facets.all() {
        if vocabulary.label.missing(langs).is_empty() {
            for (id, value) in vocabulary.values.iter() {
                if !value.label.missing(langs).is_empty() {
                    diags.push(
                        Diagnostic::error(
                            doc.file,
                            format!(
                                "facet value `{name}.{id}` has no label in {}",
                                value.label.missing(langs).join(", ")
                            ),
                        )
                        .at_opt(doc.locate_after(name, id, None))
                        .hint("give the label in every language"),
                    );
                }
            }
        } else {
            missing_languages(&vocabulary.label, name, doc, langs, diags);
        }
    }
}

fn check_architecture(
    arch: &Architecture,
    all: &[Architecture],
    unparsed: &BTreeSet<String>,
    facets: Option<&Facets>,
    doc: &YamlDoc,
    langs: &[String],
    diags: &mut Diagnostics,
) {
    let r = &arch.record;
    missing_languages(&r.name, "name", doc, langs, diags);
    missing_languages(&r.summary, "summary", doc, langs, diags);
    missing_languages(&r.compute_note, "compute_note", doc, langs, diags);
    missing_languages(&r.strengths, "strengths", doc, langs, diags);
    missing_languages(&r.weaknesses, "weaknesses", doc, langs, diags);
    missing_languages(&r.avoid_when, "avoid_when", doc, langs, diags);
    if let Some(note) = &r.parallelism_note {
        missing_languages(note, "parallelism_note", doc, langs, diags);
    }
    if let crate::model::architecture::ParamsText::Localized(params) = &r.params {
        missing_languages(params, "params", doc, langs, diags);
    }

    if let Some(facets) = facets {
        for (field, vocabulary, value) in arch.facet_values() {
            let Some(vocab) = facets.vocabulary(vocabulary) else {
                continue;
            };
            if vocab.values.get(value).is_none() {
                let valid: Vec<&str> = vocab.values.keys().collect();
                diags.push(
                    Diagnostic::error(
                        doc.file,
                        format!("`{value}` is not a known {vocabulary} (in `{field}`)"),
                    )
                    .at_opt(doc.locate(field, Some(value)))
                    .hint(format!(
                        "use one of: {}; or add it to data/facets.yaml",
                        valid.join(", ")
                    )),
                );
            }
        }
    }

    let family = r.family.as_deref();
    match (r.kind, family) {
        (ArchKind::Model, None) => diags.push(
            Diagnostic::error(doc.file, format!("model `{}` names no family", arch.id))
                .at_opt(doc.locate("kind", None))
                .hint("add `family: <id>` with the id of a family architecture"),
        ),
        (_, Some(family_id)) => match all.iter().find(|a| a.id == family_id) {
            None if unparsed.contains(family_id) => {}
            None => diags.push(
                Diagnostic::error(doc.file, format!("unknown family `{family_id}`"))
                    .at_opt(doc.locate("family", Some(family_id)))
                    .hint(format!(
                        "create data/architectures/{family_id}.yaml or name an existing family"
                    )),
            ),
            Some(f) if f.record.kind != ArchKind::Family => diags.push(
                Diagnostic::error(doc.file, format!("`{family_id}` is a model, not a family"))
                    .at_opt(doc.locate("family", Some(family_id)))
                    .hint("name an architecture whose `kind` is `family`"),
            ),
            Some(_) if family_id == arch.id => diags.push(
                Diagnostic::error(doc.file, "an architecture cannot be its own family")
                    .at_opt(doc.locate("family", None))
                    .hint("remove `family` or name another architecture"),
            ),
            Some(_) => {}
        },
        (ArchKind::Family, None) => {}
    }

    for alt in &r.alternatives {
        if alt == &arch.id || !(all.iter().any(|a| &a.id == alt) || unparsed.contains(alt)) {
            diags.push(
                Diagnostic::error(doc.file, format!("unknown alternative `{alt}`"))
                    .at_opt(doc.locate("alternatives", Some(alt)))
                    .hint("name another architecture by its id (a file name under data/architectures/)"),
            );
        }
    }
    for paper in &r.papers {
        if !(paper.url.starts_with("https://") || paper.url.starts_with("http://")) {
            diags.push(
                Diagnostic::error(
                    doc.file,
                    format!("the paper `{}` has no web link", paper.title),
                )
                .at_opt(doc.locate("url", Some(&paper.url)))
                .hint("link to the arXiv page or the DOI, e.g. https://arxiv.org/abs/1512.03385"),
            );
        }
    }
    for model in &r.bench_models {
        if let Some(other) = all
            .iter()
            .find(|a| a.id != arch.id && a.record.bench_models.contains(model))
        {
            diags.push(
                Diagnostic::error(
                    doc.file,
                    format!("bench model `{model}` is also claimed by `{}`", other.id),
                )
                .at_opt(doc.locate("bench_models", Some(model)))
                .hint("a bench model represents one architecture; remove it from one of the two"),
            );
        }
    }
}

fn check_decision(
    record: &DecisionRecord,
    doc: &YamlDoc,
    architectures: &[Architecture],
    unparsed: &BTreeSet<String>,
    langs: &[String],
    diags: &mut Diagnostics,
) -> Option<DecisionGraph> {
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
                        Diagnostic::error(
                            doc.file,
                            format!(
                                "`{key}` of question `{qid}` has no text in {}",
                                missing.join(", ")
                            ),
                        )
                        .at_opt(doc.locate_after(&anchor[..anchor.len() - 1], key, None))
                        .hint("give it in every language"),
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
            if let Some(outcome) = check_answer(
                qid,
                index,
                answer,
                record,
                doc,
                architectures,
                unparsed,
                langs,
                diags,
            ) {
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

#[allow(clippy::too_many_arguments)]
fn check_answer(
    qid: &str,
    index: usize,
    answer: &AnswerRecord,
    record: &DecisionRecord,
    doc: &YamlDoc,
    architectures: &[Architecture],
    unparsed: &BTreeSet<String>,
    langs: &[String],
    diags: &mut Diagnostics,
) -> Option<Outcome> {
    let place = doc.locate_nth_after(qid, "label", index);
    let answer_line = place.map_or(1, |p| p.0);
    let what = format!("answer {} of question `{qid}`", index + 1);
    let missing = answer.label.missing(langs);
    if !missing.is_empty() {
        diags.push(
            Diagnostic::error(
                doc.file,
                format!("the label of {what} has no text in {}", missing.join(", ")),
            )
            .at_opt(place)
            .hint("give it in every language"),
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
                if unparsed.contains(id) {
                    ok = false;
                } else if !architectures.iter().any(|a| &a.id == id) {
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
                    diags.push(
                        Diagnostic::error(
                            doc.file,
                            format!(
                                "the baseline of {what} has no text in {}",
                                missing.join(", ")
                            ),
                        )
                        .at_opt(doc.locate_from_line(answer_line, "baseline", None))
                        .hint("give it in every language"),
                    );
                    return None;
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

fn check_bench(
    file: &BenchFile,
    text: &str,
    architectures: &[Architecture],
    unparsed: &BTreeSet<String>,
    langs: &[String],
    diags: &mut Diagnostics,
) {
    use crate::model::bench::BenchSource;
    let place_of = |needle: &str| text.find(needle).map(|i| crate::diag::line_col(text, i));
    // The run's `date` is the top-level one: the last `"date"` key, after `source`'s.
    let run_date_place = text
        .rfind("\"date\"")
        .map(|i| crate::diag::line_col(text, i));
    let is_date = |d: &str| crate::parse::front_matter::is_iso_date(d) || is_year_month(d);
    match (&file.record.date, &file.record.source) {
        (Some(date), _) if !is_date(date) => diags.push(
            Diagnostic::error(&file.file, format!("`date` is `{date}`, not a date"))
                .at_opt(run_date_place)
                .hint("write the day the run was made, YYYY-MM-DD (or YYYY-MM for a published source)"),
        ),
        (None, BenchSource::Measured) => diags.push(
            Diagnostic::error(&file.file, "a measured run has no `date`")
                .at_opt(run_date_place.or(place_of("\"schema\"")))
                .hint("write the day the harness ran, YYYY-MM-DD"),
        ),
        _ => {}
    }
    if let BenchSource::Published {
        date, retrieved, ..
    } = &file.record.source
    {
        if !is_date(date) {
            diags.push(
                Diagnostic::error(&file.file, format!("`source.date` is `{date}`, not a date"))
                    .at_opt(place_of("\"date\""))
                    .hint("write when the source was published or last changed, YYYY-MM-DD or YYYY-MM"),
            );
        }
        if !crate::parse::front_matter::is_iso_date(retrieved) {
            diags.push(
                Diagnostic::error(
                    &file.file,
                    format!("`source.retrieved` is `{retrieved}`, not a date"),
                )
                .at_opt(place_of("\"retrieved\""))
                .hint("write the day the numbers were read from the source, YYYY-MM-DD"),
            );
        }
    }
    for (i, result) in file.record.results.iter().enumerate() {
        // The i-th `"model"` key is this result's (system and harness have no such key).
        let place = text
            .match_indices("\"model\"")
            .nth(i)
            .map(|(offset, _)| crate::diag::line_col(text, offset));
        let what = format!("result {} (`{}`)", i + 1, result.model);
        let owner = architectures
            .iter()
            .find(|a| a.record.bench_models.contains(&result.model));
        match (
            architectures.iter().find(|a| a.id == result.architecture),
            owner,
        ) {
            (None, _) if unparsed.contains(&result.architecture) => {}
            (None, _) => diags.push(
                Diagnostic::error(
                    &file.file,
                    format!(
                        "{what} names unknown architecture `{}`",
                        result.architecture
                    ),
                )
                .at_opt(place)
                .hint("use the id of a file under data/architectures/"),
            ),
            (Some(_), None) => diags.push(
                Diagnostic::error(
                    &file.file,
                    format!("{what}: unknown bench model `{}`", result.model),
                )
                .at_opt(place)
                .hint(format!(
                    "list it in `bench_models` of data/architectures/{}.yaml",
                    result.architecture
                )),
            ),
            (Some(arch), Some(owner)) if arch.id != owner.id => diags.push(
                Diagnostic::error(
                    &file.file,
                    format!(
                        "{what} says architecture `{}`, but `{}` lists this model",
                        arch.id, owner.id
                    ),
                )
                .at_opt(place)
                .hint(format!("set \"architecture\": \"{}\"", owner.id)),
            ),
            _ => {}
        }
        for lang in result.task.missing(langs) {
            diags.push(
                Diagnostic::error(&file.file, format!("{what}: `task` has no `{lang}` label"))
                    .at_opt(place)
                    .hint(format!(
                        "write the task in every language: \"task\": {{{}}}",
                        langs
                            .iter()
                            .map(|l| format!("\"{l}\": \"...\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            );
        }
        let rate = result.samples_per_s.is_some() || result.tokens_per_s.is_some();
        if rate && result.throughput_scope.is_none() {
            diags.push(
                Diagnostic::error(
                    &file.file,
                    format!("{what} gives a throughput without `throughput_scope`"),
                )
                .at_opt(place)
                .hint("say what the rate covers: \"throughput_scope\": \"per_gpu\" (one GPU) or \"system\" (all of gpu_count together)"),
            );
        }
        if result.batch_size.is_some() && result.batch_size_scope.is_none() {
            diags.push(
                Diagnostic::error(
                    &file.file,
                    format!("{what} gives `batch_size` without `batch_size_scope`"),
                )
                .at_opt(place)
                .hint("say what the batch counts: \"batch_size_scope\": \"per_gpu\" or \"global\""),
            );
        }
        if result.samples_per_s.is_some() && result.sample_unit.is_none() {
            diags.push(
                Diagnostic::error(
                    &file.file,
                    format!("{what} gives `samples_per_s` without `sample_unit`"),
                )
                .at_opt(place)
                .hint("say what one sample is: \"sample_unit\": one of images, sequences, mels, items, volumes, users, transitions, samples"),
            );
        }
        if result.status != RunStatus::Ok && result.message.as_deref().unwrap_or("").is_empty() {
            diags.push(
                Diagnostic::error(&file.file, format!("{what} failed without a message"))
                    .at_opt(place)
                    .hint("say what happened in \"message\""),
            );
        }
        if result.status == RunStatus::Ok
            && result.samples_per_s.is_none()
            && result.tokens_per_s.is_none()
            && result.step_time_ms.is_none()
        {
            diags.push(
                Diagnostic::error(&file.file, format!("{what} is `ok` but has no number"))
                    .at_opt(place)
                    .hint("give samples_per_s, tokens_per_s or step_time_ms"),
            );
        }
        for (name, value) in [
            ("samples_per_s", result.samples_per_s),
            ("tokens_per_s", result.tokens_per_s),
            ("peak_memory_gib", result.peak_memory_gib),
            ("tflops", result.tflops),
        ] {
            if value.is_some_and(|v| !v.is_finite() || v < 0.0) {
                diags.push(
                    Diagnostic::error(
                        &file.file,
                        format!("{what}: `{name}` must be a non-negative number"),
                    )
                    .at_opt(place)
                    .hint("check the value"),
                );
            }
        }
    }
}

fn is_year_month(s: &str) -> bool {
    s.len() == 7 && crate::parse::front_matter::is_iso_date(&format!("{s}-01"))
}

/// Warnings that only `check` reports: things that are not wrong but incomplete.
pub fn check_warnings(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let benched: BTreeSet<&str> = site
        .bench
        .iter()
        .flat_map(|f| f.record.results.iter().map(|r| r.model.as_str()))
        .collect();
    for arch in &site.architectures {
        for model in &arch.record.bench_models {
            if !benched.contains(model.as_str()) {
                diags.push(
                    Diagnostic::warning(
                        &arch.file,
                        format!("bench model `{model}` has no results in data/bench/"),
                    )
                    .hint("run the harness in bench/gpu/, or transcribe a published result"),
                );
            }
        }
    }
    for page in &site.pages {
        for lang in &site.config.languages {
            if lang != &page.lang
                && site.page(lang, &page.rel).is_none()
                && page.lang == site.config.default_language()
            {
                diags.push(
                    Diagnostic::warning(&page.file, format!("no `{lang}` translation"))
                        .hint(format!("write content/{lang}/{}.md", page.rel)),
                );
            }
        }
    }
    diags
}
