//! Keeping translations in step with their source. A translation records which version
//! of the default-language article it translates, as `translated_from:` in its front
//! matter: the first 12 hex digits of the SHA-256 of the source's body (the text after the
//! front matter, with CRLF read as LF and trailing whitespace ignored, so neither a
//! front-matter edit nor an editor's line endings count as a change). `archkb check`
//! compares it with the source's current hash and warns when they differ, naming both
//! files and the value to paste once the translation is updated.
//!
//! A translation without the field gets a warning too (the same severity; the message says
//! it is unknown rather than stale), because an untracked translation is exactly the one
//! that drifts unnoticed. `build` reports neither: they are editorial, not errors.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use sha2::{Digest, Sha256};

/// The version hash of a source body.
pub fn source_hash(body: &str) -> String {
    let normalized = body.replace("\r\n", "\n");
    let digest = Sha256::digest(normalized.trim_end().as_bytes());
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

/// One warning per translation that is stale or does not say what it translates.
pub fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let default = site.config.default_language();
    for page in site.pages.iter().filter(|p| p.lang != default) {
        let Some(source) = site.page(default, &page.rel) else {
            continue;
        };
        let current = source_hash(&source.body);
        let source_file = source.file.display();
        match &page.front.translated_from {
            Some(recorded) if *recorded == current => {}
            Some(recorded) => diags.push(
                Diagnostic::warning(
                    &page.file,
                    format!(
                        "{source_file} has changed since this translation was made (translated_from: {recorded}, source now: {current})"
                    ),
                )
                .hint(format!(
                    "bring {} up to date with {source_file}, then set `translated_from: {current}`",
                    page.file.display()
                )),
            ),
            None => diags.push(
                Diagnostic::warning(
                    &page.file,
                    format!("the translation does not say which version of {source_file} it translates"),
                )
                .hint(format!(
                    "if it matches {source_file} as it is now, add `translated_from: {current}` to its front matter"
                )),
            ),
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::is_hash;

    #[test]
    fn hash_ignores_line_endings_and_trailing_space() {
        let a = source_hash("# Title\n\nBody.\n");
        assert_eq!(a, source_hash("# Title\r\n\r\nBody.\r\n\r\n"));
        assert_ne!(a, source_hash("# Title\n\nBody!\n"));
        assert!(is_hash(&a), "{a}");
    }
}
