//! The article an export names: by source path, by its path in a language, or by an
//! architecture id.

use crate::diag::Diagnostic;
use crate::model::{Page, Site};

/// The article `target` names, in `lang` when given.
pub fn find_page<'a>(
    site: &'a Site,
    target: &str,
    lang: Option<&str>,
) -> Result<&'a Page, Diagnostic> {
    let normalized = target.replace('\\', "/");
    let normalized = normalized.trim_start_matches("./");
    let by_file = site.pages.iter().find(|p| {
        let file = p.file.to_string_lossy().replace('\\', "/");
        normalized == file || normalized.ends_with(&format!("/{file}"))
    });
    let found = if let Some(page) = by_file {
        match lang {
            Some(lang) if lang != page.lang => site.page(lang, &page.rel),
            _ => Some(page),
        }
    } else {
        let rel = normalized.trim_end_matches(".md").trim_matches('/');
        let lang = lang.unwrap_or(site.config.default_language());
        site.page(lang, rel)
            .or_else(|| site.page(lang, &format!("architectures/{rel}")))
    };
    found.ok_or_else(|| {
        Diagnostic::error(target, format!("no article `{target}`{}", lang.map(|l| format!(" in `{l}`")).unwrap_or_default()))
            .hint("name it by its source path (content/en/architectures/resnet.md), its path in the language (guides/choosing-an-architecture) or an architecture id (resnet)")
    })
}
