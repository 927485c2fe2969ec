//! Metadata for sharing and search engines: Open Graph and Twitter card `<meta>` tags on
//! every page, JSON-LD (`TechArticle` / `Article`) on articles, and the feed link. The
//! templates get it as one `seo` object (see docs/templates.md) and only print it; the
//! JSON-LD arrives as a string that is safe inside `<script>` (`<`, `>`, `&` escaped).

use super::og_locale;
use crate::model::{Page, PageKind, PageUrls, Site};
use serde_json::{json, Value};

/// The `seo` context of one page. `path_in_lang` is the page's path after the language
/// prefix (`guides/x/`, `` for the home page); `page` is the article, when there is one;
/// `urls` is the site's page index (`Site::page_urls`), where translations are looked up.
pub fn context(
    site: &Site,
    urls: &PageUrls,
    lang: &str,
    path_in_lang: &str,
    title: &str,
    description: &str,
    page: Option<&Page>,
) -> Value {
    let config = &site.config;
    let prefix = config.lang_prefix(lang);
    let url = config.base_url.public(&format!("/{prefix}{path_in_lang}"));
    let site_name = config.title.text(lang);
    let title = if path_in_lang.is_empty() {
        site_name
    } else {
        title
    };
    let description = if description.is_empty() {
        config.description.text(lang)
    } else {
        description
    };
    let article = page.filter(|p| p.kind == PageKind::Article);

    let mut og: Vec<(String, String)> = vec![
        ("og:title".into(), title.into()),
        (
            "og:type".into(),
            if article.is_some() {
                "article"
            } else {
                "website"
            }
            .into(),
        ),
        ("og:url".into(), url.clone()),
        ("og:site_name".into(), site_name.into()),
        ("og:locale".into(), og_locale(lang)),
    ];
    if !description.is_empty() {
        og.push(("og:description".into(), description.into()));
    }
    for other in alternates(site, urls, lang, path_in_lang) {
        og.push(("og:locale:alternate".into(), og_locale(&other)));
    }
    let mut json_ld = None;
    if let Some(page) = article {
        if let Some(date) = &page.front.date {
            og.push(("article:published_time".into(), date.clone()));
        }
        if let Some(updated) = page.front.updated.as_ref().or(page.front.date.as_ref()) {
            og.push(("article:modified_time".into(), updated.clone()));
        }
        for tag in &page.front.tags {
            og.push(("article:tag".into(), tag.clone()));
        }
        json_ld = Some(crate::markup::json_for_script(
            &article_json_ld(site, page, &url, title, description),
            "{}",
        ));
    }
    let mut twitter = vec![
        ("twitter:card".to_string(), "summary".to_string()),
        ("twitter:title".into(), title.into()),
    ];
    if !description.is_empty() {
        twitter.push(("twitter:description".into(), description.into()));
    }
    let feed = config.base_url.is_hosted().then(|| {
        json!({
            "url": config.base_url.public(&format!("/{prefix}atom.xml")),
            "title": format!("{site_name} (Atom)"),
        })
    });
    json!({ "og": og, "twitter": twitter, "json_ld": json_ld, "feed": feed })
}

/// The languages other than `lang` that have this page.
fn alternates(site: &Site, urls: &PageUrls, lang: &str, path_in_lang: &str) -> Vec<String> {
    site.config
        .languages
        .iter()
        .filter(|l| *l != lang)
        .filter(|l| {
            let candidate = format!("/{}{path_in_lang}", site.config.lang_prefix(l));
            path_in_lang.is_empty()
                || crate::model::GENERATED_PAGES.contains(&path_in_lang)
                || urls.contains(&candidate)
        })
        .cloned()
        .collect()
}

fn article_json_ld(site: &Site, page: &Page, url: &str, title: &str, description: &str) -> Value {
    let config = &site.config;
    let organization = if config.author.is_empty() {
        config.title.text(&page.lang).to_string()
    } else {
        config.author.clone()
    };
    let home = config
        .base_url
        .public(&format!("/{}", config.lang_prefix(&page.lang)));
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": if page.architecture_id().is_some() { "TechArticle" } else { "Article" },
        "headline": title,
        "description": description,
        "inLanguage": page.lang,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": {"@type": "Organization", "name": organization},
        "publisher": {"@type": "Organization", "name": organization, "url": home},
        "isPartOf": {"@type": "WebSite", "name": config.title.text(&page.lang), "url": home},
    });
    if let Some(date) = &page.front.date {
        data["datePublished"] = json!(date);
    }
    if let Some(modified) = page.front.updated.as_ref().or(page.front.date.as_ref()) {
        data["dateModified"] = json!(modified);
    }
    if !page.front.tags.is_empty() {
        data["keywords"] = json!(page.front.tags.join(", "));
    }
    data
}
