//! The offline copy (`archkb build --offline`): a site that works opened straight from
//! disk. It is rendered with a placeholder base path that cannot occur in content, then
//! every occurrence of the placeholder in every text file (HTML attributes, inline JSON,
//! data files, CSS `url()`) is replaced by the way back to the site root from that file
//! (`../../`), and URLs that name a folder get `index.html`, since file:// serves no index.
//! Doing it as one textual pass over the output means every view, present and future, is
//! covered without each one knowing about offline builds.

use crate::output::Rendered;
use crate::search::gzip;

/// The base path an offline build renders with. Only `load` (which sets it for
/// `Target::Offline`) and this module know it: every other stage is told the target.
pub const PLACEHOLDER: &str = "/__archkb_root__/";

/// Rewrites every file of `rendered` that holds the placeholder, the gzip-compressed
/// search files (`.json.gz`) inside their compression.
pub fn rewrite(rendered: &mut Rendered) {
    for (path, bytes) in &mut rendered.files {
        if path.ends_with(".gz") && gzip::is_gzip(bytes) {
            let Ok(inner) = gzip::decompress(bytes) else {
                continue;
            };
            if let Some(text) = std::str::from_utf8(&inner)
                .ok()
                .filter(|t| t.contains(PLACEHOLDER))
            {
                *bytes = gzip::compress(rewrite_file(path, text).as_bytes());
            }
            continue;
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        if text.contains(PLACEHOLDER) {
            *bytes = rewrite_file(path, text).into_bytes();
        }
    }
}

/// `path` is the file's place in the output (`zh/choose/index.html`).
pub fn rewrite_file(path: &str, text: &str) -> String {
    let depth = path.matches('/').count();
    let up = if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(PLACEHOLDER) {
        out.push_str(&rest[..at]);
        rest = &rest[at + PLACEHOLDER.len()..];
        // The path runs to the first character that cannot be part of it here: a quote,
        // a bracket, whitespace, an entity or escape, a query or a fragment.
        let end = rest
            .find(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '"' | '\'' | '(' | ')' | '<' | '>' | '&' | '\\' | '?' | '#' | ',' | ';'
                    )
            })
            .unwrap_or(rest.len());
        let target = &rest[..end];
        out.push_str(&up);
        out.push_str(target);
        if target.is_empty() || target.ends_with('/') {
            out.push_str("index.html");
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_become_relative_to_the_file() {
        let html = r#"<a href="/__archkb_root__/">home</a><a href="/__archkb_root__/zh/choose/#x">x</a><link href="/__archkb_root__/static/style.1.css">"#;
        assert_eq!(
            rewrite_file("zh/choose/index.html", html),
            r#"<a href="../../index.html">home</a><a href="../../zh/choose/index.html#x">x</a><link href="../../static/style.1.css">"#
        );
        assert_eq!(
            rewrite_file("index.html", r#"<a href="/__archkb_root__/compare/">c</a>"#),
            r#"<a href="./compare/index.html">c</a>"#
        );
    }

    #[test]
    fn json_and_css_are_rewritten_too() {
        let json = r#"{"url":"/__archkb_root__/architectures/cnn/","a":"/__archkb_root__/x.svg"}"#;
        assert_eq!(
            rewrite_file("choose/decision.json", json),
            r#"{"url":"../architectures/cnn/index.html","a":"../x.svg"}"#
        );
        assert_eq!(
            rewrite_file(
                "static/s.css",
                "a{background:url(/__archkb_root__/static/i.png)}"
            ),
            "a{background:url(../static/i.png)}"
        );
        assert_eq!(
            rewrite_file(
                "a/index.html",
                "<a href=\"/__archkb_root__/b/?q=1&amp;r=2\">"
            ),
            "<a href=\"../b/index.html?q=1&amp;r=2\">"
        );
    }
}
