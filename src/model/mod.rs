//! The site and its types: what the loader produces and every view reads.
//!
//! Records here are deserialised straight from the author's files (unknown fields are
//! rejected); `link` validates them against each other before anything is rendered.

pub mod architecture;
pub mod base_url;
pub mod bench;
pub mod constraints;
pub mod decision;
pub mod facets;
pub mod ordered;
pub mod page;

pub use architecture::{ArchKind, Architecture, Facets, Vocabulary};
pub use base_url::BaseUrl;
pub use bench::{BenchFile, BenchResult};
pub use constraints::{Constraint, Constraints, Verdict};
pub use decision::{Answer, DecisionGraph, Outcome, Question};
pub use page::{FrontMatter, Page, PageKind};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A reader-facing string (or list) in every configured language.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Localized<T>(pub BTreeMap<String, T>);

impl<T> Localized<T> {
    /// The value in `lang`. `link` has checked that the default language is present; a
    /// language being added may still lack it (see `get_or_any`).
    pub fn get(&self, lang: &str) -> Option<&T> {
        self.0.get(lang)
    }

    /// The value in `lang`, or while `lang` is being translated, another language's.
    pub fn get_or_any(&self, lang: &str) -> Option<&T> {
        self.0.get(lang).or_else(|| self.0.values().next())
    }

    /// Keys that are not configured languages: usually an unquoted string whose comma
    /// ended it inside a `{en: ..., zh: ...}` map.
    pub fn unknown(&self, languages: &[String]) -> Vec<&str> {
        self.0
            .keys()
            .filter(|k| !languages.contains(k))
            .map(String::as_str)
            .collect()
    }

    pub fn missing<'a>(&self, languages: &'a [String]) -> Vec<&'a str> {
        languages
            .iter()
            .filter(|l| !self.0.contains_key(l.as_str()))
            .map(String::as_str)
            .collect()
    }
}

impl Localized<String> {
    /// The text in `lang`, or another language's while `lang` is being translated (never
    /// panics).
    pub fn text(&self, lang: &str) -> &str {
        self.get_or_any(lang).map_or("", String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: Localized<String>,
    #[serde(default = "empty_localized")]
    pub description: Localized<String>,
    #[serde(default = "default_base_url")]
    pub base_url: BaseUrl,
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub author: String,
    /// Prices per GPU-hour, set by the site; without them the estimator shows GPU-hours only.
    #[serde(default)]
    pub pricing: Option<Pricing>,
}

/// What one hour of one GPU costs the site, by GPU model as the bench files name it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    /// `USD`, `CNY`: printed beside every cost.
    pub currency: String,
    /// When the prices were set or read (`YYYY-MM-DD`), printed beside every cost.
    pub date: String,
    /// GPU model (`system.gpu` in data/bench/) → price of one GPU for one hour.
    pub gpus: BTreeMap<String, f64>,
}

fn empty_localized() -> Localized<String> {
    Localized(BTreeMap::new())
}
fn default_base_url() -> BaseUrl {
    BaseUrl::new("/")
}
fn default_languages() -> Vec<String> {
    vec!["en".into()]
}
fn default_theme() -> String {
    "default".into()
}

impl Config {
    pub fn default_language(&self) -> &str {
        self.languages.first().map_or("en", String::as_str)
    }

    /// The path part of `base_url`, always starting and ending with `/`: every URL the
    /// site writes starts with it, so a site hosted under a subpath works.
    pub fn base_path(&self) -> String {
        self.base_url.path().to_string()
    }

    /// `""` for the default language, `"zh/"` for the others.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.default_language() {
            String::new()
        } else {
            format!("{lang}/")
        }
    }

    /// The language an output path (`zh/guides/x/index.html`) is in: the other language
    /// whose prefix starts it, else the default one.
    pub fn lang_of_path(&self, path: &str) -> &str {
        self.languages
            .iter()
            .find(|l| {
                let prefix = self.lang_prefix(l);
                !prefix.is_empty() && path.starts_with(&prefix)
            })
            .map_or(self.default_language(), String::as_str)
    }
}

/// One glossary entry: the term in every language, and its search synonyms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlossaryTerm {
    pub id: String,
    pub names: BTreeMap<String, String>,
    pub aliases: Vec<String>,
    pub definition: Localized<String>,
}

/// A file read as bytes: a content asset (an image beside an article) or a theme file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryFile {
    pub path: std::path::PathBuf,
    pub bytes: Vec<u8>,
}

/// The generated pages every language has, as site-relative paths after the language prefix:
/// the site's routes beside its articles, declared once for links, the sitemap and SEO.
pub const GENERATED_PAGES: &[&str] = &[
    "compare/",
    "choose/",
    "benchmarks/",
    "glossary/",
    "tags/",
    "search/",
];

/// Everything loaded and cross-checked: the single input of every view.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub facets: Facets,
    pub architectures: Vec<Architecture>,
    pub decision: DecisionGraph,
    /// The constraints that narrow a recommendation's shortlist (`data/constraints.yaml`).
    pub constraints: Constraints,
    pub glossary: Vec<GlossaryTerm>,
    pub bench: Vec<BenchFile>,
    pub pages: Vec<Page>,
    pub content_assets: Vec<BinaryFile>,
    /// Articles that exist but did not parse (source path → URL): links to them are not
    /// reported as broken on top of their own error.
    pub unparsed_pages: BTreeMap<std::path::PathBuf, String>,
    /// Drafts this build leaves out (source path → URL): a link to one is an error that
    /// says so (`link::drafts`).
    pub left_out_drafts: BTreeMap<std::path::PathBuf, String>,
}

impl Site {
    pub fn architecture(&self, id: &str) -> Option<&Architecture> {
        self.architectures.iter().find(|a| a.id == id)
    }

    pub fn page(&self, lang: &str, rel: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.lang == lang && p.rel == rel)
    }

    /// The site-relative URL of architecture `id`'s article in `lang`.
    pub fn architecture_url(&self, lang: &str, id: &str) -> String {
        format!("/{}architectures/{id}/", self.config.lang_prefix(lang))
    }

    /// Every page's URL, collected once: whether a page has a translation is asked for
    /// every page in every language, and a scan of all pages each time is quadratic.
    pub fn page_urls(&self) -> PageUrls {
        PageUrls(self.pages.iter().map(|p| p.url.clone()).collect())
    }
}

/// The site-relative URLs of a site's pages (`/zh/guides/x/`), built by `Site::page_urls`.
/// It is a value, not a field of `Site`, so a site whose pages are changed (the preview's
/// one-page copy) can never be asked against a stale index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageUrls(std::collections::HashSet<String>);

impl PageUrls {
    pub fn contains(&self, url: &str) -> bool {
        self.0.contains(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> Config {
        Config {
            title: empty_localized(),
            description: empty_localized(),
            base_url: base_url.into(),
            languages: vec!["en".into(), "zh".into()],
            theme: "default".into(),
            author: String::new(),
            pricing: None,
        }
    }

    #[test]
    fn base_path_of_a_subpath_site() {
        assert_eq!(config("https://x.com/kb").base_path(), "/kb/");
        assert_eq!(config("https://x.com/kb/").base_path(), "/kb/");
        assert_eq!(config("https://x.com").base_path(), "/");
        assert_eq!(config("/").base_path(), "/");
    }

    #[test]
    fn default_language_has_no_prefix() {
        let c = config("/");
        assert_eq!(c.lang_prefix("en"), "");
        assert_eq!(c.lang_prefix("zh"), "zh/");
    }
}
