//! The part of the context every template gets (docs/templates.md, "Every page"): the
//! language, its UI strings, the site, the navigation, the language switcher, the
//! canonical URL, the hashed assets and the sharing metadata.

use super::page_key::Shared;
use super::LangContext;
use crate::markup::join_path;
use crate::model::{Page, PageUrls, Site};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct BaseContext<'a> {
    /// The page's language code.
    pub lang: &'a str,
    /// The theme's UI strings for the language, falling back to the default language.
    pub t: Shared<'a, BTreeMap<String, String>>,
    pub site: SiteContext<'a>,
    pub nav: Vec<NavItem>,
    pub page_title: String,
    pub page_description: String,
    pub canonical: String,
    /// Hashed asset URLs and their integrity values (`publish::assets::AssetManifest::context`).
    pub assets: Shared<'a, Value>,
    /// Open Graph, Twitter card, JSON-LD and feed (`publish::seo::context`).
    pub seo: Value,
}

/// The templates' `site`: config.yaml in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub author: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    /// The home page of this language.
    pub home_url: String,
    pub languages: Vec<LanguageLink>,
}

/// One entry of the language switcher: this page in language `code`.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
    /// The translation when it `exists`, else the nearest section above it that the
    /// language has, else that language's home page.
    pub url: String,
    pub current: bool,
    pub exists: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub label: String,
    pub url: String,
    pub current: bool,
}

/// The header's sections: UI string key and path after the language prefix.
const NAV_ITEMS: &[(&str, &str)] = &[
    ("nav_architectures", "architectures/"),
    ("nav_guides", "guides/"),
    ("nav_choose", "choose/"),
    ("nav_compare", "compare/"),
    ("nav_benchmarks", "benchmarks/"),
    ("nav_glossary", "glossary/"),
];

/// What every context of one language is built from: the site, the language's shared
/// parts, and the index of page URLs the language switcher and `seo` look translations
/// up in (built once per language, not scanned per page).
pub struct Scope<'a> {
    pub site: &'a Site,
    pub lang: &'a LangContext,
    pub urls: PageUrls,
}

impl<'a> Scope<'a> {
    pub fn new(site: &'a Site, lang: &'a LangContext) -> Self {
        Scope {
            site,
            lang,
            urls: site.page_urls(),
        }
    }

    /// The common part of every context. `path_in_lang` is the page's site-relative path
    /// after the language prefix (`guides/x/`), used for the language switcher; `article`
    /// is the page when it is an article, for its sharing metadata.
    pub fn base(
        &self,
        path_in_lang: &str,
        title: &str,
        description: &str,
        article: Option<&Page>,
    ) -> BaseContext<'a> {
        let (site, lang) = (self.site, self.lang);
        let config = &site.config;
        let nav = NAV_ITEMS
            .iter()
            .map(|(key, rel)| NavItem {
                label: lang.t(key),
                url: lang.url(rel),
                current: path_in_lang.starts_with(rel),
            })
            .collect();
        BaseContext {
            lang: &lang.lang,
            t: Shared(&lang.strings),
            site: SiteContext {
                title: config.title.text(&lang.lang),
                description: config.description.text(&lang.lang),
                author: &config.author,
                base_url: config.base_url.as_str(),
                base_path: &lang.base_path,
                home_url: lang.url(""),
                languages: self.languages(path_in_lang),
            },
            nav,
            page_title: title.to_string(),
            page_description: description.to_string(),
            canonical: self.canonical(path_in_lang),
            assets: Shared(&lang.assets),
            seo: crate::publish::seo::context(
                site,
                &self.urls,
                &lang.lang,
                path_in_lang,
                title,
                description,
                article,
            ),
        }
    }

    /// Whether language `prefix` has a page at `path` (after the prefix): a page from
    /// content/, a generated page, or the home page.
    fn has_page(&self, prefix: &str, path: &str) -> bool {
        self.urls.contains(&format!("/{prefix}{path}"))
            || crate::model::GENERATED_PAGES.contains(&path)
            || path.is_empty()
    }

    fn languages(&self, path_in_lang: &str) -> Vec<LanguageLink> {
        let config = &self.site.config;
        config
            .languages
            .iter()
            .map(|code| {
                let prefix = config.lang_prefix(code);
                let exists = self.has_page(&prefix, path_in_lang);
                // Link to the translation when it exists, else to the nearest section above
                // it that the language has (a single-language page), else to its home.
                let mut nearest = path_in_lang.trim_end_matches('/');
                while !self.has_page(&prefix, &format!("{nearest}/")) && !nearest.is_empty() {
                    nearest = nearest.rsplit_once('/').map_or("", |(head, _)| head);
                }
                let url = if exists {
                    format!("/{prefix}{path_in_lang}")
                } else if nearest.is_empty() {
                    format!("/{prefix}")
                } else {
                    format!("/{prefix}{nearest}/")
                };
                LanguageLink {
                    code: code.clone(),
                    name: self
                        .lang
                        .strings
                        .get(&format!("lang_{code}"))
                        .cloned()
                        .unwrap_or_else(|| code.clone()),
                    url: join_path(&self.lang.base_path, &url),
                    current: *code == self.lang.lang,
                    exists,
                }
            })
            .collect()
    }

    /// The page's URL with the host when `base_url` has one, else its absolute path.
    fn canonical(&self, path_in_lang: &str) -> String {
        self.site
            .config
            .base_url
            .public(&format!("/{}{path_in_lang}", self.lang.prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_site::bundled_with_theme;

    /// The bundled site without the Chinese translation of one guide, and the English
    /// contexts' shared parts.
    fn site_missing_a_translation() -> (Site, LangContext) {
        let (site, theme) = bundled_with_theme();
        let mut site = site.clone();
        site.pages
            .retain(|p| !(p.lang == "zh" && p.rel == "guides/choosing-an-architecture"));
        let assets = crate::render::asset_manifest(theme, crate::output::Target::Site);
        let mut diags = crate::diag::Diagnostics::default();
        let lang = LangContext::new(&site, theme, &assets, "en", &mut diags);
        (site, lang)
    }

    fn switcher<'a>(base: &'a BaseContext, code: &str) -> &'a LanguageLink {
        base.site.languages.iter().find(|l| l.code == code).unwrap()
    }

    #[test]
    fn the_switcher_links_a_translation_that_exists() {
        let (site, lang) = site_missing_a_translation();
        let scope = Scope::new(&site, &lang);
        let base = scope.base("guides/compute-requirements/", "t", "d", None);
        let zh = switcher(&base, "zh");
        assert!(zh.exists);
        assert_eq!(zh.url, "/zh/guides/compute-requirements/");
        assert!(switcher(&base, "en").current);
        let alternates: Vec<&Value> = base.seo["og"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p[0] == "og:locale:alternate")
            .collect();
        assert_eq!(alternates.len(), 1, "{:?}", base.seo["og"]);
    }

    #[test]
    fn without_a_translation_the_switcher_falls_back_to_the_section() {
        let (site, lang) = site_missing_a_translation();
        let scope = Scope::new(&site, &lang);
        let base = scope.base("guides/choosing-an-architecture/", "t", "d", None);
        let zh = switcher(&base, "zh");
        assert!(!zh.exists);
        assert_eq!(zh.url, "/zh/guides/");
        assert!(
            !base.seo["og"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p[0] == "og:locale:alternate"),
            "no alternate locale for a page with no translation"
        );
        // A generated page exists in every language without a file.
        let compare = scope.base("compare/", "t", "d", None);
        assert!(switcher(&compare, "zh").exists);
    }
}
