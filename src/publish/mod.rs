//! Publishing: what a built site needs beyond its pages to be found, shared and copied —
//! Atom feeds, the sitemap and robots.txt, social and structured-data metadata, chart
//! files for embedding elsewhere, and the rewrite that makes an offline copy work from
//! `file://`. (Content-hashed asset names are render's: pages name them as they render.)
//!
//! Every function here is pure: it reads the `Site` and the rendered files and returns new
//! ones. `lib.rs` calls [`finish`] after render and search, so `build`, `check` and `serve`
//! all get the same.

pub mod charts;
pub mod feeds;
pub mod offline;
pub mod palette;
pub mod seo;
pub mod sitemap;

use crate::diag::Diagnostics;
use crate::model::Site;
use crate::output::{Rendered, Target};
use crate::theme::Theme;

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

/// Adds the chart files and the site-level files (feeds, sitemap, robots.txt) to a
/// rendered site and, for an offline copy, rewrites every internal URL to a page-relative one. Feeds and
/// the sitemap need absolute URLs, so they are written only when `base_url` names a host;
/// an offline copy renders under a placeholder path, which never does.
pub fn finish(site: &Site, theme: &Theme, rendered: &mut Rendered, target: Target) {
    for lang in &site.config.languages {
        // Render has reported any problem with the strings already.
        let strings = theme.strings(
            lang,
            site.config.default_language(),
            &mut Diagnostics::default(),
        );
        rendered.extend(charts::chart_files(site, lang, &strings));
    }
    if site.config.base_url.is_hosted() {
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
                site.config.base_url.public("/sitemap.xml")
            )
            .into_bytes(),
        );
    }
    if target == Target::Offline {
        offline::rewrite(rendered);
    }
}
