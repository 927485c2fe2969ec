//! The site's body HTML restyled for the export.

use super::highlight::highlight_inline;
use super::style::style_for;
use crate::render::escape_html;
use std::fmt::Write;

/// Attributes kept on exported elements; everything else (class, id, data-*, aria-hidden,
/// tabindex) means nothing outside the site.
const KEPT_ATTRIBUTES: &[&str] = &[
    "href", "src", "alt", "title", "colspan", "rowspan", "style", "start", "lang", "datetime",
];

/// A start tag's name and attributes (values unescaped as written; they were escaped when
/// rendered and are written back escaped).
struct StartTag<'a> {
    name: String,
    attrs: Vec<(String, &'a str)>,
    self_closing: bool,
}

fn parse_start_tag(tag: &str) -> StartTag<'_> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let self_closing = inner.ends_with('/');
    let inner = inner.trim_end_matches('/');
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = &inner[name_end..];
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, remainder) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            attrs.push((key, value));
            rest = remainder;
        } else {
            attrs.push((key, ""));
        }
    }
    StartTag {
        name,
        attrs,
        self_closing,
    }
}

/// `&lt;` → `<` and friends: the five the renderer writes, plus numeric references.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let entity = end.map(|e| &rest[1..e]);
        let decoded = match entity {
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some("apos") => Some('\''),
            Some(e) if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            Some(e) if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Strips tags from highlighted HTML and unescapes it: the code as written.
fn code_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    unescape(&text)
}

/// The site's body HTML with classes turned into inline styles, heading anchors and
/// checkboxes replaced, code re-highlighted with inline colours and links made absolute.
pub fn inline_styles(html: &str, absolutize: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            rest = &rest[end..];
            continue;
        }
        let Some(end) = tag_end(rest) else {
            out.push_str(&escape_html(rest));
            return out;
        };
        let tag = &rest[..=end];
        rest = &rest[end + 1..];
        if tag.starts_with("</") {
            out.push_str(&tag.to_ascii_lowercase());
            continue;
        }
        let start = parse_start_tag(tag);
        let class = start
            .attrs
            .iter()
            .find(|(k, _)| k == "class")
            .map_or("", |(_, v)| *v);
        if start.name == "a" && class.split_whitespace().any(|c| c == "anchor") {
            rest = rest.find("</a>").map_or("", |e| &rest[e + 4..]);
            continue;
        }
        if start.name == "pre" {
            let close = rest.find("</pre>").unwrap_or(rest.len());
            let lang = start
                .attrs
                .iter()
                .find(|(k, _)| k == "data-lang")
                .map_or("", |(_, v)| *v);
            out.push_str(&highlight_inline(
                &code_text(&rest[..close]),
                &unescape(lang),
            ));
            rest = rest.get(close + "</pre>".len()..).unwrap_or("");
            continue;
        }
        if start.name == "input" {
            let checked = start.attrs.iter().any(|(k, _)| k == "checked");
            out.push_str(if checked { "☑ " } else { "☐ " });
            continue;
        }
        out.push('<');
        out.push_str(&start.name);
        let mut style = style_for(&start.name, class);
        for (key, value) in &start.attrs {
            if !KEPT_ATTRIBUTES.contains(&key.as_str()) {
                continue;
            }
            if key == "style" {
                if !style.is_empty() {
                    style.push(';');
                }
                style.push_str(&unescape(value));
                continue;
            }
            let value = if key == "href" || key == "src" {
                absolutize(&unescape(value))
            } else {
                unescape(value)
            };
            let _ = write!(out, " {key}=\"{}\"", escape_html(&value));
        }
        if !style.is_empty() {
            let _ = write!(out, " style=\"{}\"", escape_html(&style));
        }
        out.push_str(if start.self_closing { " />" } else { ">" });
    }
    out.push_str(rest);
    out
}

/// The index of the `>` that closes the tag `text` starts with, quotes respected.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_become_styles_and_anchors_go() {
        let html = "<h2 id=\"x\">Cost<a class=\"anchor\" href=\"#x\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n<div class=\"table-wrap\"><table><tr><td style=\"text-align: right\">1</td></tr></table></div><p>See <a href=\"/kb/compare/\">the table</a> &amp; <code>x&lt;y</code>.</p>";
        let out = inline_styles(html, &|u: &str| format!("https://ex.com{u}"));
        assert!(!out.contains("class="), "{out}");
        assert!(!out.contains('#') || !out.contains(">#<"), "{out}");
        assert!(out.contains("href=\"https://ex.com/kb/compare/\""), "{out}");
        assert!(out.contains("text-align: right"), "{out}");
        assert!(out.contains("<code style=\"font-family:"), "{out}");
        assert!(out.contains("x&lt;y"), "{out}");
    }

    #[test]
    fn code_is_highlighted_with_inline_colours() {
        let site_html =
            crate::render::highlight::highlight("fn main() { let x = \"<b>\"; }\n", "rust");
        let out = inline_styles(&site_html, &|u: &str| u.to_string());
        assert!(!out.contains("class="), "{out}");
        assert!(out.contains("<span style=\"color:#"), "{out}");
        assert!(out.contains("&lt;b&gt;"), "{out}");
    }

    #[test]
    fn unescape_reverses_escaping() {
        assert_eq!(
            unescape("&lt;a&gt; &amp; &quot;b&quot; &#39;c&#39; &#x4e2d; & x"),
            "<a> & \"b\" 'c' 中 & x"
        );
    }
}
