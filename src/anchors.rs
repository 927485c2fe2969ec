//! Anchor checking: every `#fragment` a Markdown link names (on its own page or another)
//! must be an id of the target page as built. The ids are read from the rendered HTML, so
//! heading ids, the page title's id and the ids the templates write all count. A dead
//! anchor is an error at the link's `file:line:col`, with the target's closest ids.

use crate::diag::Diagnostic;
use crate::model::Site;
use std::collections::{BTreeMap, BTreeSet};

/// A link with a fragment, as written in a page's Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorLink {
    pub line: usize,
    pub col: usize,
    /// The site-relative URL of the page linked to (`/guides/x/`); `None`: the same page.
    pub target: Option<String>,
    /// The fragment as written (percent-encoding allowed).
    pub fragment: String,
}

/// The dead anchors of `site`'s pages: `links` are the fragment links of each page's
/// Markdown (in the order of `site.pages`) and `page_ids` gives the ids of the built page at
/// an output path (`None`: no such HTML page in this build).
pub fn check<'a>(
    site: &Site,
    links: impl IntoIterator<Item = &'a [AnchorLink]>,
    page_ids: impl Fn(&str) -> Option<BTreeSet<String>>,
) -> Vec<Diagnostic> {
    let mut cache: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    let mut diags = Vec::new();
    for (page, page_links) in site.pages.iter().zip(links) {
        for link in page_links {
            let url = link.target.as_deref().unwrap_or(&page.url);
            let ids = cache
                .entry(url.to_string())
                .or_insert_with(|| page_ids(&output_path(url)));
            // A generated file that is not HTML, or a page this build does not write:
            // nothing to check against (the link itself was checked when resolved).
            let Some(ids) = ids else { continue };
            let fragment = percent_decode(&link.fragment);
            if fragment.is_empty() || ids.contains(&fragment) {
                continue;
            }
            let message = match &link.target {
                None => format!("dead anchor: `#{}` is no id on this page", link.fragment),
                Some(url) => format!("dead anchor: `#{}`: {url} has no such id", link.fragment),
            };
            diags.push(
                Diagnostic::error(&page.file, message)
                    .at(link.line, link.col)
                    .hint(hint(&fragment, ids)),
            );
        }
    }
    diags
}

/// `/guides/x/` → `guides/x/index.html`.
pub fn output_path(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

fn hint(wanted: &str, ids: &BTreeSet<String>) -> String {
    let near = closest(wanted, ids);
    if near.is_empty() {
        let some: Vec<String> = ids.iter().take(8).map(|i| format!("`#{i}`")).collect();
        format!(
            "no id there is close to it; its ids include {}",
            some.join(", ")
        )
    } else {
        let near: Vec<String> = near.iter().map(|i| format!("`#{i}`")).collect();
        format!("the closest ids there: {}", near.join(", "))
    }
}

/// The ids of `html`'s elements (`id="..."` attributes, entities decoded).
pub fn ids(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = html;
    while let Some(at) = rest.find(" id=\"") {
        rest = &rest[at + 5..];
        if let Some(end) = rest.find('"') {
            out.insert(decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `%E5%8D%B7` → `卷`; a malformed escape stays as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Up to three ids of `ids` closest to `wanted` (edit distance over characters, case
/// folded), among those no further than half its length (at least 3) away; an id that
/// contains it or is contained in it counts as close.
pub fn closest<'a>(wanted: &str, ids: &'a BTreeSet<String>) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let w: Vec<char> = wanted.chars().collect();
    let limit = (w.len() / 2).max(3);
    let mut scored: Vec<(usize, &str)> = ids
        .iter()
        .filter_map(|id| {
            let lower = id.to_lowercase();
            let c: Vec<char> = lower.chars().collect();
            let within =
                c.len().min(w.len()) >= 3 && (lower.contains(&wanted) || wanted.contains(&lower));
            let d = if within { 0 } else { distance(&w, &c) };
            (d <= limit).then_some((d, id.as_str()))
        })
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_from_html() {
        let got = ids(r#"<h1 id="title">T</h1><h2 id="a&amp;b">x</h2><p data-id="no">"#);
        assert_eq!(got, ["a&b", "title"].map(String::from).into());
    }

    #[test]
    fn closest_ids_by_edit_distance() {
        let ids: BTreeSet<String> = [
            "installing-rust",
            "installation",
            "hello-world",
            "using-rustup",
        ]
        .map(String::from)
        .into();
        assert_eq!(
            closest("installing-rust-on-linux", &ids),
            ["installing-rust"]
        );
        assert_eq!(closest("instalation", &ids)[0], "installation");
        assert!(closest("zzzz-qqqq-xxxx", &ids).is_empty());
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(percent_decode("%E5%8D%B7%E7%A7%AF"), "卷积");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("plain-id"), "plain-id");
    }
}
