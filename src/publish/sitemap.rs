//! `sitemap.xml` (sitemaps.org 0.9) at the site root: every HTML page the build wrote
//! (the 404 pages aside), with `lastmod` from the article's dates and, for a page that
//! exists in more than one language, an `xhtml:link rel="alternate" hreflang` for each
//! language plus `x-default` for the default one. It is built from the rendered files, not
//! from a list of views, so a page that a new view adds is listed without being told.

use crate::markup::escape_xml;
use crate::model::Site;
use crate::output::Rendered;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One page of the sitemap: its site-relative URL and its language's path.
struct Entry {
    url: String,
    path_in_lang: String,
}

pub fn sitemap(site: &Site, rendered: &Rendered) -> String {
    let config = &site.config;
    let default = config.default_language();
    // Output file → the page's last change, for lastmod.
    let dates: BTreeMap<String, &str> = site
        .pages
        .iter()
        .filter_map(|p| {
            let date = p.front.updated.as_deref().or(p.front.date.as_deref())?;
            Some((format!("{}index.html", p.url.trim_start_matches('/')), date))
        })
        .collect();
    let entries: Vec<(Entry, &str)> = rendered
        .paths()
        .filter_map(|path| {
            let dir = path.strip_suffix("index.html")?;
            if !(dir.is_empty() || dir.ends_with('/')) || dir.starts_with("static/") {
                return None;
            }
            let lang = config.lang_of_path(dir);
            let path_in_lang = dir[config.lang_prefix(lang).len()..].to_string();
            Some((
                Entry {
                    url: format!("/{dir}"),
                    path_in_lang,
                },
                path,
            ))
        })
        .collect();

    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for (entry, file) in &entries {
        let _ = writeln!(xml, "  <url>");
        let _ = writeln!(
            xml,
            "    <loc>{}</loc>",
            escape_xml(&config.base_url.public(&entry.url))
        );
        if let Some(date) = dates.get(*file) {
            let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
        }
        let versions: Vec<(&str, String)> = config
            .languages
            .iter()
            .filter_map(|l| {
                let dir = format!("{}{}", config.lang_prefix(l), entry.path_in_lang);
                rendered
                    .contains(&format!("{dir}index.html"))
                    .then(|| (l.as_str(), config.base_url.public(&format!("/{dir}"))))
            })
            .collect();
        if versions.len() > 1 {
            for (lang, url) in &versions {
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape_xml(lang),
                    escape_xml(url)
                );
            }
            if let Some((_, url)) = versions.iter().find(|(l, _)| *l == default) {
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    escape_xml(url)
                );
            }
        }
        let _ = writeln!(xml, "  </url>");
    }
    xml.push_str("</urlset>\n");
    xml
}
