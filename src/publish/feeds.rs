//! Atom feeds (RFC 4287), one per language at the language's root (`atom.xml`,
//! `zh/atom.xml`): every dated article, newest first, with absolute links built from
//! `base_url`. Entry ids are `tag:` URIs (RFC 4151) from the host, the publication date and
//! the page's language and path, so they survive rebuilds, a new subpath and a changed
//! title — a feed reader never sees an old article as new.

use crate::markup::escape_xml;
use crate::model::{Page, PageKind, Site};
use std::fmt::Write;

/// `(path, bytes)` of every language's feed.
pub fn feeds(site: &Site) -> Vec<(String, Vec<u8>)> {
    site.config
        .languages
        .iter()
        .map(|lang| {
            let path = format!("{}atom.xml", site.config.lang_prefix(lang));
            (path, feed(site, lang).into_bytes())
        })
        .collect()
}

/// The date a page was last changed: `updated`, else `date`.
fn changed(page: &Page) -> Option<&str> {
    page.front.updated.as_deref().or(page.front.date.as_deref())
}

/// The articles a feed lists, newest first (by last change, then publication, then title).
pub fn entries<'a>(site: &'a Site, lang: &str) -> Vec<&'a Page> {
    let mut pages: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.lang == lang && p.kind == PageKind::Article && p.front.date.is_some())
        .collect();
    pages.sort_by(|a, b| {
        (changed(b), &b.front.date, &a.front.title).cmp(&(
            changed(a),
            &a.front.date,
            &b.front.title,
        ))
    });
    pages
}

/// RFC 3339 for a `YYYY-MM-DD` date: midnight UTC.
fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

/// The stable id of an entry: `tag:example.com,2026-11-28:zh/guides/choosing`.
pub fn entry_id(site: &Site, page: &Page) -> String {
    format!(
        "tag:{},{}:{}/{}",
        site.config.base_url.host().unwrap_or_default(),
        page.front.date.as_deref().unwrap_or("2000-01-01"),
        page.lang,
        page.rel
    )
}

pub fn feed(site: &Site, lang: &str) -> String {
    let config = &site.config;
    let prefix = config.lang_prefix(lang);
    let home = config.base_url.public(&format!("/{prefix}"));
    let pages = entries(site, lang);
    let updated = pages
        .iter()
        .filter_map(|p| changed(p))
        .max()
        .unwrap_or("2000-01-01");
    let author = if config.author.is_empty() {
        config.title.text(lang)
    } else {
        config.author.as_str()
    };
    let mut xml = String::new();
    let _ = writeln!(xml, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape_xml(lang)
    );
    let _ = writeln!(
        xml,
        "  <title>{}</title>",
        escape_xml(config.title.text(lang))
    );
    let description = config.description.text(lang);
    if !description.is_empty() {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape_xml(description));
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(&config.base_url.public(&format!("/{prefix}atom.xml")))
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>",
        escape_xml(lang),
        escape_xml(&home)
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape_xml(&home));
    let _ = writeln!(xml, "  <updated>{}</updated>", timestamp(updated));
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        escape_xml(author)
    );
    let _ = writeln!(
        xml,
        "  <generator uri=\"https://crates.io/crates/archkb\">archkb</generator>"
    );
    for page in pages {
        let url = config.base_url.public(&page.url);
        let _ = writeln!(xml, "  <entry>");
        let _ = writeln!(xml, "    <title>{}</title>", escape_xml(&page.front.title));
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape_xml(&url)
        );
        let _ = writeln!(xml, "    <id>{}</id>", escape_xml(&entry_id(site, page)));
        if let Some(date) = &page.front.date {
            let _ = writeln!(xml, "    <published>{}</published>", timestamp(date));
        }
        let _ = writeln!(
            xml,
            "    <updated>{}</updated>",
            timestamp(changed(page).unwrap_or(updated))
        );
        if let Some(summary) = &page.front.summary {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape_xml(summary));
        }
        for tag in &page.front.tags {
            let _ = writeln!(xml, "    <category term=\"{}\"/>", escape_xml(tag));
        }
        let _ = writeln!(xml, "  </entry>");
    }
    xml.push_str("</feed>\n");
    xml
}
