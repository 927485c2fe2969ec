//! Pages: articles, section lists and the home page, from `content/<lang>/`.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// YAML front matter, as written.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub toc: Option<bool>,
    /// On a translation: the hash of the default-language source body it translates
    /// (`translation::source_hash`), so `check` can say when the source moved on.
    #[serde(default)]
    pub translated_from: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// `content/<lang>/_index.md`
    Home,
    /// `content/<lang>/<section>/_index.md`
    Section,
    /// Any other Markdown file.
    Article,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    pub lang: String,
    /// The path inside the language folder without `.md`: `guides/choosing`, `_index`.
    pub rel: String,
    #[serde(skip)]
    pub file: PathBuf,
    pub kind: PageKind,
    /// The first folder under the language (`architectures`, `guides`), if any.
    pub section: Option<String>,
    /// Site-relative URL without the base path: `/zh/guides/choosing/`.
    pub url: String,
    pub front: FrontMatter,
    #[serde(skip)]
    pub body: String,
    /// The line in the file where `body` starts, so Markdown problems point at file lines.
    #[serde(skip)]
    pub body_line: usize,
}

impl Page {
    /// For architecture articles: the architecture id.
    pub fn architecture_id(&self) -> Option<&str> {
        self.rel
            .strip_prefix("architectures/")
            .filter(|id| *id != "_index")
    }
}

/// Whether `value` has the shape of a version hash (`translated_from`): 12 lowercase hex
/// digits, as `translation::source_hash` writes them.
pub fn is_hash(value: &str) -> bool {
    value.len() == 12
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_shape() {
        assert!(is_hash("0123456789ab"));
        assert!(!is_hash("0123456789AB"));
        assert!(!is_hash("0123456789a"));
    }
}
