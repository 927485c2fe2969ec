//! Publishing: what a built site needs beyond its pages to be found, shared, cached and
//! copied — Atom feeds, the sitemap and robots.txt, social and structured-data metadata,
//! content-hashed assets with Subresource Integrity, chart files for embedding elsewhere,
//! and the rewrite that makes an offline copy work from `file://`.
//!
//! Every function here is pure: it reads the `Site` and the rendered files and returns new
//! ones. `render` calls [`finish`] last, so `build`, `check` and `serve` all get the same.

pub mod assets;
pub mod charts;
pub mod feeds;
pub mod offline;
pub mod palette;
pub mod seo;
pub mod sitemap;

use crate::model::{Config, Site};
use crate::output::Rendered;

/// Whether `base_url` names a scheme and host, so absolute URLs (feeds, sitemap, Open
/// Graph) can be written.
pub fn has_host(config: &Config) -> bool {
    config.base_url.contains("://")
}

/// A site-relative URL (`/zh/guides/x/`, as pages store it) as the world sees it:
/// `https://example.com/kb/zh/guides/x/` when `base_url` names a host, otherwise rooted at
/// the base path (`/kb/zh/guides/x/`).
pub fn public_url(config: &Config, site_url: &str) -> String {
    let rest = site_url.trim_start_matches('/');
    if has_host(config) {
        format!("{}/{rest}", config.base_url.trim_end_matches('/'))
    } else {
        format!("{}{rest}", config.base_path())
    }
}

/// The language's locale as Open Graph writes it.
pub fn og_locale(lang: &str) -> String {
    match lang {
        "en" => "en_US".into(),
        "zh" => "zh_CN".into(),
        "ja" => "ja_JP".into(),
        "ko" => "ko_KR".into(),
        "de" => "de_DE".into(),
        "fr" => "fr_FR".into(),
        other => other.replace('-', "_"),
    }
}

/// Adds the site-level files (feeds, sitemap, robots.txt) to a rendered site
/// and, for an offline build, rewrites every internal URL to a page-relative one. Feeds and
/// the sitemap need absolute URLs, so they are written only when `base_url` names a host
/// and the build is not an offline copy (which is not served from anywhere).
pub fn finish(site: &Site, rendered: &mut Rendered) {
    let offline = offline::is_offline(&site.config);
    if has_host(&site.config) && !offline {
        for (path, bytes) in feeds::feeds(site) {
            rendered.files.insert(path, bytes);
        }
        let sitemap = sitemap::sitemap(site, rendered);
        rendered
            .files
            .insert("sitemap.xml".into(), sitemap.into_bytes());
        rendered.files.insert(
            "robots.txt".into(),
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                public_url(&site.config, "/sitemap.xml")
            )
            .into_bytes(),
        );
    }
    if offline {
        offline::rewrite(rendered);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Localized;
    use std::collections::BTreeMap;

    fn config(base_url: &str) -> Config {
        Config {
            title: Localized(BTreeMap::new()),
            description: Localized(BTreeMap::new()),
            base_url: base_url.into(),
            languages: vec!["en".into(), "zh".into()],
            theme: "default".into(),
            author: String::new(),
            pricing: None,
        }
    }

    #[test]
    fn public_urls_keep_the_subpath() {
        assert_eq!(
            public_url(&config("https://example.com/kb/"), "/zh/guides/x/"),
            "https://example.com/kb/zh/guides/x/"
        );
        assert_eq!(
            public_url(&config("https://example.com/kb"), "/"),
            "https://example.com/kb/"
        );
        assert_eq!(public_url(&config("/kb/"), "/guides/"), "/kb/guides/");
    }
}
