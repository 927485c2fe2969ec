//! Links made absolute for another publisher: a URL the site emits, and every link and
//! image destination of an article's Markdown.

use crate::model::{Page, Site};
use crate::render::markdown::{self, LinkTargets, MarkdownSource};
use crate::render::LinkIndex;

/// A URL as emitted by the site (`/kb/x/`, `#frag`, `https://...`) made absolute.
pub(super) fn absolute_url(site: &Site, page: &Page, url: &str) -> String {
    if url.starts_with('#') {
        format!("{}{url}", site.config.base_url.public(&page.url))
    } else if url.starts_with('/') && !url.starts_with("//") {
        format!("{}{url}", site.config.base_url.origin().unwrap_or_default())
    } else {
        url.to_string()
    }
}

/// The page's URL under the base path (`/kb/architectures/x/`), for `absolute_url`.
pub(super) fn page_site_path(site: &Site, page: &Page) -> String {
    crate::markup::join_path(&site.config.base_path(), &page.url)
}

/// The body's Markdown with every link and image destination made absolute.
pub fn absolute_markdown(site: &Site, page: &Page) -> String {
    use pulldown_cmark::{Event, Parser, Tag};
    let index = LinkIndex::new(site);
    let targets: LinkTargets = index.targets();
    let prefix = site.config.lang_prefix(&page.lang);
    let source = MarkdownSource::of_page(page, &prefix);
    let body = page.body.as_str();
    let target_url = |dest: &str| {
        let resolved =
            markdown::resolve(dest, &source, &targets).unwrap_or_else(|_| dest.to_string());
        absolute_url(site, page, &resolved)
    };
    // (start, end, replacement) of each destination as written.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let parser = Parser::new_ext(body, markdown::options());
    let definitions: Vec<(std::ops::Range<usize>, String)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| (def.span.clone(), def.dest.to_string()))
        .collect();
    for (start, end, dest) in definitions.iter().filter_map(|(span, dest)| {
        let text = &body[span.clone()];
        let colon = text.find("]:")?;
        let at = text[colon..].find(dest.as_str())? + colon;
        Some((span.start + at, span.start + at + dest.len(), dest.clone()))
    }) {
        edits.push((start, end, target_url(&dest)));
    }
    for (event, range) in parser.into_offset_iter() {
        let dest = match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                dest_url.to_string()
            }
            _ => continue,
        };
        let text = &body[range.clone()];
        // An inline link: the destination follows the last `](`; reference links were
        // handled through their definitions, autolinks are absolute already.
        let Some(paren) = text.rfind("](") else {
            continue;
        };
        let Some(at) = text[paren..].find(dest.as_str()) else {
            continue;
        };
        let start = range.start + paren + at;
        if edits.iter().any(|(s, _, _)| *s == start) {
            continue;
        }
        edits.push((start, start + dest.len(), target_url(&dest)));
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = body.to_string();
    for (start, end, replacement) in edits {
        out.replace_range(start..end, &replacement);
    }
    out
}
