//! Architecture records: bilingual fields, facet values from the vocabularies, the family a
//! model belongs to, alternatives, papers and bench models; and the one article per
//! language that every architecture has (and no article without its data file).

use super::localized::missing_languages;
use super::Context;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::architecture::ArchKind;
use crate::model::{Architecture, Facets, Page};
use crate::parse::yaml::YamlDoc;

/// One architecture's own record against the vocabularies and the other architectures.
pub(super) fn check(ctx: &Context, arch: &Architecture, doc: &YamlDoc, diags: &mut Diagnostics) {
    let langs = ctx.langs;
    let all = ctx.architectures;
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

    if let Some(facets) = ctx.facets {
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
            None if ctx.unparsed.contains(family_id) => {}
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
        if alt == &arch.id || !(all.iter().any(|a| &a.id == alt) || ctx.unparsed.contains(alt)) {
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

/// `arch` has an article in every language.
pub(super) fn check_articles(
    ctx: &Context,
    arch: &Architecture,
    pages: &[Page],
    diags: &mut Diagnostics,
) {
    for lang in ctx.langs {
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

/// Every article under `architectures/` describes an architecture that has a data file.
pub(super) fn check_articles_have_data(ctx: &Context, pages: &[Page], diags: &mut Diagnostics) {
    for page in pages {
        if let Some(id) = page.architecture_id() {
            if ctx.architecture(id).is_none() && !ctx.unparsed.contains(id) {
                diags.push(
                    Diagnostic::error(&page.file, format!("the article describes architecture `{id}`, but there is no data/architectures/{id}.yaml"))
                        .at(1, 1)
                        .hint("create the data file (`archkb new architecture ID`), or move the article out of architectures/"),
                );
            }
        }
    }
}

/// Every facet and facet value has a label in every language.
pub(super) fn check_facets(
    facets: &Facets,
    doc: &YamlDoc,
    langs: &[String],
    diags: &mut Diagnostics,
) {
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
