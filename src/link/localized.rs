//! The one check every bilingual field shares: text in each configured language, and none
//! in a language the site does not have (usually a comma that split an unquoted string).

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Localized;
use crate::parse::yaml::YamlDoc;

/// Reports `key` of `doc` when `value` lacks a language of `langs` or has one it does not.
pub(super) fn missing_languages<T>(
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
            Diagnostic::missing_text(
                doc.file,
                format!("`{key}` has no text in {}", missing.join(", ")),
                &missing,
                langs,
                format!(
                    "write it as a map with one entry per language: {}",
                    langs.join(", ")
                ),
            )
            .at_opt(doc.locate(key, None)),
        );
    }
}
