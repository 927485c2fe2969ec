//! Link, for the advice layer: validates `data/constraints.yaml`, the constraint fields of
//! every architecture, and the rules a recommendation must follow (its `ask` names real
//! constraints; a card never shows a family next to its own member unless the reason says
//! why). Kept apart from `link/`, which resolves the rest of the site.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::constraints::{
    Constraint, ConstraintField, ConstraintOption, Constraints, ConstraintsRecord, Verdict,
};
use crate::model::decision::DecisionRecord;
use crate::model::{Architecture, DecisionGraph, Facets, Outcome, Page, Site};
use crate::parse::yaml::YamlDoc;
use std::path::Path;

const CONSTRAINTS_FILE: &str = "data/constraints.yaml";
const DECISION_FILE: &str = "data/decision.yaml";

/// Checks everything above and returns the validated constraints; fills in each
/// recommendation's `ask` where the author left it to be derived.
#[allow(clippy::too_many_arguments)]
pub fn check(
    record: Option<&ConstraintsRecord>,
    constraints_text: &str,
    decision_text: &str,
    decision_record: Option<&DecisionRecord>,
    graph: Option<&mut DecisionGraph>,
    architectures: &[Architecture],
    facets: &Facets,
    pages: &[Page],
    text_of: &dyn Fn(&Path) -> String,
    langs: &[String],
    diags: &mut Diagnostics,
) -> Constraints {
    let doc = YamlDoc::whole(Path::new(CONSTRAINTS_FILE), constraints_text);
    let constraints = record.map_or_else(Constraints::default, |r| {
        check_constraints(r, &doc, facets, langs, diags)
    });
    for arch in architectures {
        let text = text_of(&arch.file);
        check_fields(
            arch,
            &constraints,
            &YamlDoc::whole(&arch.file, &text),
            diags,
        );
    }
    let decision_doc = YamlDoc::whole(Path::new(DECISION_FILE), decision_text);
    if let (Some(graph), Some(record)) = (graph, decision_record) {
        check_recommendations(
            graph,
            record,
            &decision_doc,
            &constraints,
            architectures,
            facets,
            pages,
            langs,
            diags,
        );
    }
    constraints
}

fn check_constraints(
    record: &ConstraintsRecord,
    doc: &YamlDoc,
    facets: &Facets,
    langs: &[String],
    diags: &mut Diagnostics,
) -> Constraints {
    let mut list = Vec::new();
    for (id, c) in record.constraints.iter() {
        let Some(field) = ConstraintField::parse(&c.field) else {
            diags.push(
                Diagnostic::error(
                    doc.file,
                    format!("constraint `{id}` reads unknown field `{}`", c.field),
                )
                .at_opt(doc.locate_after(id, "field", Some(&c.field)))
                .hint(format!("use one of: {}", ConstraintField::NAMES.join(", "))),
            );
            continue;
        };
        if list.iter().any(|other: &Constraint| other.field == field) {
            diags.push(
                Diagnostic::error(
                    doc.file,
                    format!(
                        "constraint `{id}` reads `{}`, which another constraint already reads",
                        c.field
                    ),
                )
                .at_opt(doc.locate_after(id, "field", Some(&c.field)))
                .hint("one constraint per field: merge the two"),
            );
        }
        let mut texts = vec![("question", Some(&c.question)), ("help", c.help.as_ref())];
        let mut options = Vec::new();
        for (oid, o) in c.options.iter() {
            texts.extend([
                ("label", Some(&o.label)),
                ("fits", o.fits.as_ref()),
                ("out", o.out.as_ref()),
                ("caution", o.caution.as_ref()),
            ]);
            if let Some(max) = &o.max_inference {
                if facets.compute.values.get(max).is_none() {
                    diags.push(
                        Diagnostic::error(
                            doc.file,
                            format!("option `{id}.{oid}` names unknown compute level `{max}`"),
                        )
                        .at_opt(doc.locate_after(oid, "max_inference", Some(max)))
                        .hint(format!(
                            "use one of: {}",
                            facets.compute.values.keys().collect::<Vec<_>>().join(", ")
                        )),
                    );
                }
            }
            options.push(ConstraintOption {
                id: oid.to_string(),
                label: o.label.clone(),
                fits: o.fits.clone(),
                out: o.out.clone(),
                caution: o.caution.clone(),
                max_inference: o.max_inference.clone(),
                commercial: o.commercial,
            });
        }
        for (key, text) in texts {
            if let Some(text) = text {
                let missing = text.missing(langs);
                if !missing.is_empty() {
                    diags.push(
                        Diagnostic::missing_text(
                            doc.file,
                            format!(
                                "`{key}` in constraint `{id}` has no text in {}",
                                missing.join(", ")
                            ),
                            &missing,
                            langs,
                            "give it in every language",
                        )
                        .at_opt(doc.locate_after(id, key, None)),
                    );
                }
            }
        }
        if options.is_empty() {
            diags.push(
                Diagnostic::error(doc.file, format!("constraint `{id}` has no options"))
                    .at_opt(doc.locate_after("constraints", id, None))
                    .hint("list the answers a reader can give"),
            );
        }
        list.push(Constraint {
            id: id.to_string(),
            field,
            question: c.question.clone(),
            help: c.help.clone(),
            options,
        });
    }
    Constraints { list }
}

/// Every value of a constraint field must be one of its constraint's options.
fn check_fields(
    arch: &Architecture,
    constraints: &Constraints,
    doc: &YamlDoc,
    diags: &mut Diagnostics,
) {
    for name in ConstraintField::NAMES {
        let Some(field) = ConstraintField::parse(name) else {
            continue;
        };
        let values = field.values(&arch.record);
        if values.is_empty() {
            continue;
        }
        let Some(constraint) = constraints.list.iter().find(|c| c.field == field) else {
            diags.push(
                Diagnostic::error(
                    doc.file,
                    format!("`{name}` is set, but no constraint in {CONSTRAINTS_FILE} reads it"),
                )
                .at_opt(doc.locate(name, None))
                .hint(format!(
                    "remove the field, or add a constraint with `field: {name}`"
                )),
            );
            continue;
        };
        for value in values {
            if constraint.option(value).is_none() && !field.extra_values().contains(&value) {
                let mut valid: Vec<&str> =
                    constraint.options.iter().map(|o| o.id.as_str()).collect();
                valid.extend(field.extra_values());
                diags.push(
                    Diagnostic::error(
                        doc.file,
                        format!(
                            "`{value}` is not an option of constraint `{}` (in `{name}`)",
                            constraint.id
                        ),
                    )
                    .at_opt(doc.locate(name, Some(value)))
                    .hint(format!("use one of: {}", valid.join(", "))),
                );
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_recommendations(
    graph: &mut DecisionGraph,
    record: &DecisionRecord,
    doc: &YamlDoc,
    constraints: &Constraints,
    architectures: &[Architecture],
    facets: &Facets,
    pages: &[Page],
    langs: &[String],
    diags: &mut Diagnostics,
) {
    let compute: Vec<&str> = facets.compute.values.keys().collect();
    let arch = |id: &str| architectures.iter().find(|a| a.id == id);
    for question in &mut graph.questions {
        let Some(q_record) = record.questions.get(&question.id) else {
            continue;
        };
        for answer in &mut question.answers {
            let Outcome::Recommend {
                architectures: ids,
                reason,
                ask,
                guide,
                ..
            } = &mut answer.outcome
            else {
                continue;
            };
            let index: usize = answer
                .id
                .rsplit('/')
                .next()
                .and_then(|i| i.parse().ok())
                .unwrap_or(0);
            let what = format!("answer {} of question `{}`", index + 1, question.id);
            let line = doc
                .locate_nth_after(&question.id, "label", index)
                .map_or(1, |p| p.0);
            let explicit = q_record
                .answers
                .get(index)
                .and_then(|a| a.ask.as_ref())
                .is_some();
            // A family next to its own member wastes a card unless the reason says why:
            // it must then name the family in every language.
            for member in ids.iter() {
                let Some(m) = arch(member) else { continue };
                let mut up = m.record.family.clone();
                while let Some(family_id) = up.take() {
                    let Some(family) = arch(&family_id) else {
                        break;
                    };
                    if ids.contains(&family_id) {
                        let unexplained = langs
                            .iter()
                            .any(|lang| !reason.text(lang).contains(family.record.name.text(lang)));
                        if unexplained {
                            diags.push(
                                Diagnostic::error(
                                    doc.file,
                                    format!("{what} recommends `{member}` next to its own family `{family_id}`"),
                                )
                                .at_opt(doc.locate_from_line(line, "recommend", Some(&family_id)))
                                .hint(format!(
                                    "recommend another candidate, or say in the reason why both deserve a card (name “{}” in every language)",
                                    family.record.name.text(&langs[0])
                                )),
                            );
                        }
                    }
                    up.clone_from(&family.record.family);
                }
            }
            if let Some(rel) = guide.as_deref() {
                let missing: Vec<&str> = langs
                    .iter()
                    .filter(|lang| !pages.iter().any(|p| &p.lang == *lang && p.rel == rel))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            doc.file,
                            format!("{what} names guide `{rel}`, which has no page in {}", missing.join(", ")),
                        )
                        .at_opt(doc.locate_from_line(line, "guide", Some(rel)))
                        .hint(format!("write content/<lang>/{rel}.md in every language, or name an existing page (path without .md)")),
                    );
                }
            }
            if explicit {
                for id in ask.iter() {
                    if constraints.get(id).is_none() {
                        let known: Vec<&str> =
                            constraints.list.iter().map(|c| c.id.as_str()).collect();
                        diags.push(
                            Diagnostic::error(
                                doc.file,
                                format!("{what} asks unknown constraint `{id}`"),
                            )
                            .at_opt(doc.locate_from_line(line, "ask", Some(id)))
                            .hint(if known.is_empty() {
                                format!("no constraints are defined: add {CONSTRAINTS_FILE}, or remove `ask`")
                            } else {
                                format!("use one of: {}", known.join(", "))
                            }),
                        );
                    }
                }
                ask.retain(|id| constraints.get(id).is_some());
                // Keep the file's order, so the widget asks in the same order everywhere.
                let asked: Vec<String> = constraints
                    .list
                    .iter()
                    .filter(|c| ask.contains(&c.id))
                    .map(|c| c.id.clone())
                    .collect();
                *ask = asked;
            } else {
                *ask = constraints
                    .list
                    .iter()
                    .filter(|c| {
                        c.options.iter().any(|o| {
                            ids.iter().filter_map(|id| arch(id)).any(|a| {
                                !matches!(
                                    c.verdict(o, &a.record, &compute),
                                    Verdict::Neutral | Verdict::Fits
                                )
                            })
                        })
                    })
                    .map(|c| c.id.clone())
                    .collect();
            }
        }
    }
}

/// Warnings that only `check` reports: a recommended architecture that sets none of the
/// constraint fields is never ruled out or credited (`runs_on` and `latency` still fall
/// back on its compute), which is fine for a moment and wrong for long; a new entry
/// usually arrives without them.
pub fn check_warnings(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if site.constraints.list.is_empty() {
        return diags;
    }
    for id in site.decision.recommended() {
        let Some(arch) = site.architecture(id) else {
            continue;
        };
        let r = &arch.record;
        let unset = r.runs_on.is_empty()
            && r.latency.is_none()
            && r.min_labels.is_none()
            && r.min_data.is_none()
            && r.languages.is_empty()
            && r.weights_licence.is_none();
        if unset {
            diags.push(
                Diagnostic::warning(
                    &arch.file,
                    format!("`{id}` is recommended at /choose/ but sets none of the constraint fields"),
                )
                .hint("add the fields that apply (runs_on, latency, min_labels, min_data, languages, weights_licence); see docs/content-model.md"),
            );
        }
    }
    diags
}
