//! Markup helpers every stage writes with: escaping text for HTML, XML and SVG, JSON that
//! is inert inside a `<script>` element, and joining a site URL onto a base path.
//!
//! This is a leaf: it imports nothing from the crate, so any module may use it without
//! creating a dependency circle. Each escaper is written once here; they differ on
//! purpose (HTML writes `&#39;`, XML needs `&apos;` and must drop characters XML 1.0
//! forbids; SVG attribute values must keep their tabs and newlines as references).

use serde::Serialize;
use std::fmt::{self, Write};

/// Escapes text for HTML content and attribute values. Tera's own escaper also escapes
/// `/`, which bloats every URL; these five are enough.
pub fn escape_html(text: &str) -> String {
    // Copies the runs between the five special bytes whole: they are ASCII, so every cut
    // falls on a character boundary.
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut from = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
    out
}

/// Escapes text for XML content and attribute values (feeds, the sitemap).
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids outright are dropped rather than written.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Text escaped for SVG content and attribute values, written straight into a formatter.
/// Tabs and line breaks are kept as character references, so attribute values keep them;
/// characters XML cannot carry at all are dropped.
pub struct EscapeSvg<'a>(pub &'a str);

impl fmt::Display for EscapeSvg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&apos;")?,
                '\t' | '\n' | '\r' => write!(f, "&#{};", u32::from(c))?,
                '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
                _ => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// JSON that is inert inside an HTML `<script>` element (data or `application/ld+json`):
/// `</script>` and `<!--` cannot occur, because `<`, `>` and `&` are written as `\u00XX`
/// escapes, which `JSON.parse` reads back unchanged. `fallback` is written if `value` cannot be
/// serialised (a map with non-string keys), so the page still parses.
pub fn json_for_script<T: Serialize + ?Sized>(value: &T, fallback: &str) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| fallback.into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A site URL (`/guides/x/`, as pages store it) under a base path that starts and ends
/// with `/`: `/kb/` + `/guides/x/` → `/kb/guides/x/`.
pub fn join_path(base_path: &str, site_url: &str) -> String {
    format!("{}{}", base_path, site_url.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_covers_quotes_and_leaves_slashes() {
        assert_eq!(
            escape_html("<a href=\"/x\">'&'</a>"),
            "&lt;a href=&quot;/x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn xml_escaping_drops_forbidden_characters() {
        assert_eq!(escape_xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape_xml("it's\n"), "it&apos;s\n");
    }

    #[test]
    fn svg_escaping_keeps_line_breaks_as_references() {
        assert_eq!(
            EscapeSvg("a\tb\n<c>\u{1}\u{fffe}'").to_string(),
            "a&#9;b&#10;&lt;c&gt;&apos;"
        );
    }

    #[test]
    fn script_json_cannot_close_its_script() {
        let text = json_for_script(
            &serde_json::json!({"t": "</script><script>alert(1)</script> & <!--"}),
            "{}",
        );
        assert!(!text.contains(['<', '>', '&']), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script> & <!--");
    }

    #[test]
    fn paths_join_under_the_base() {
        assert_eq!(join_path("/kb/", "/guides/x/"), "/kb/guides/x/");
        assert_eq!(join_path("/", "/"), "/");
        assert_eq!(join_path("/kb/", "compare/"), "/kb/compare/");
    }
}
