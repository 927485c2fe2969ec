//! Glossary terms: each id once, a name in every language, a definition in every language.

use super::localized::missing_languages;
use super::Context;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::GlossaryTerm;
use crate::parse::yaml::YamlDoc;
use std::collections::BTreeSet;

/// Every term of `data/glossary.yaml`, read from `doc`.
pub(super) fn check(ctx: &Context, terms: &[GlossaryTerm], doc: &YamlDoc, diags: &mut Diagnostics) {
    let mut seen_terms = BTreeSet::new();
    for term in terms {
        let place = doc
            .locate_after(&format!("id: {}", term.id), "id", None)
            .or_else(|| doc.locate("id", Some(&term.id)));
        if !seen_terms.insert(term.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    doc.file,
                    format!("glossary term `{}` is defined twice", term.id),
                )
                .at_opt(place)
                .hint("merge the two entries"),
            );
        }
        for lang in ctx.langs {
            if !term.names.contains_key(lang) {
                diags.push(
                    Diagnostic::missing_text(
                        doc.file,
                        format!("glossary term `{}` has no `{lang}` name", term.id),
                        &[lang.as_str()],
                        ctx.langs,
                        format!("add `{lang}: ...` to the term"),
                    )
                    .at_opt(place),
                );
            }
        }
        missing_languages(&term.definition, "definition", doc, ctx.langs, diags);
    }
}
