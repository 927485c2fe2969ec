//! What the preview adds to every HTML page it serves: the live-reload script (which also
//! draws the build-error overlay) and, while the site is broken, the current errors.
//!
//! Injection happens when a page is served, never in the built site, so `build` output
//! stays free of preview code. Errors travel as JSON inside a non-executed
//! `<script type="application/json">` (with `<` escaped, so no text can close the tag) and
//! the script inserts them with `textContent`.

use crate::markup::escape_html;

/// The client script, kept as a real `.js` file so it can be read and linted as one.
pub const LIVE_RELOAD_JS: &str = include_str!("live_reload.js");

/// What one served page needs to know about itself.
pub struct PageInfo<'a> {
    /// The output file this URL stands for (`guides/x/index.html`); for a 404 response, the
    /// file that was asked for, so the page reloads when it appears.
    pub page: &'a str,
    pub version: u64,
    pub instance: &'a str,
    /// The current build errors, when the last build failed.
    pub errors: Option<&'a [String]>,
}

/// The snippet to insert before `</body>`.
pub fn snippet(info: &PageInfo) -> String {
    let mut out = format!(
        "<script id=\"archkb-live\" data-page=\"{}\" data-version=\"{}\" data-instance=\"{}\">\n{}</script>\n",
        escape_html(info.page),
        info.version,
        escape_html(info.instance),
        LIVE_RELOAD_JS
    );
    if let Some(errors) = info.errors {
        out.push_str("<script type=\"application/json\" id=\"archkb-errors\">");
        out.push_str(&crate::markup::json_for_script(errors, "[]"));
        out.push_str("</script>\n");
    }
    out
}

/// `html` with the snippet inserted before the last `</body>` (any case), or appended when
/// the page has none.
pub fn inject(html: &[u8], info: &PageInfo) -> Vec<u8> {
    let snippet = snippet(info);
    let at = rfind_ascii_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The page served when the site has no file for a URL and no 404 page (or nothing built
/// yet because the first build failed): plain, with the overlay script injected.
pub fn fallback_page(title: &str) -> Vec<u8> {
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{0}</title></head>\n<body><h1>{0}</h1></body></html>\n",
        escape_html(title)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info<'a>(errors: Option<&'a [String]>) -> PageInfo<'a> {
        PageInfo {
            page: "guides/x/index.html",
            version: 7,
            instance: "abc",
            errors,
        }
    }

    #[test]
    fn inserts_before_the_last_closing_body() {
        let html = b"<html><body><p>a</p><!-- </body> --></BODY></html>";
        let out = String::from_utf8(inject(html, &info(None))).unwrap();
        let script = out.find("<script id=\"archkb-live\"").unwrap();
        assert!(script > out.find("<!-- </body> -->").unwrap());
        assert!(out.ends_with("</script>\n</BODY></html>"));
        assert!(out.contains("data-page=\"guides/x/index.html\" data-version=\"7\""));
        assert!(!out.contains("id=\"archkb-errors\""));
    }

    #[test]
    fn appends_when_there_is_no_body_tag() {
        let out = String::from_utf8(inject(b"<p>bare</p>", &info(None))).unwrap();
        assert!(out.starts_with("<p>bare</p><script id=\"archkb-live\""));
    }

    #[test]
    fn error_text_cannot_close_the_script_or_become_markup() {
        let errors =
            vec!["a.md:1:1: error: </script><img src=x onerror=alert(1)> & more".to_string()];
        let out = String::from_utf8(inject(b"<body></body>", &info(Some(&errors)))).unwrap();
        let json_start = out.find("id=\"archkb-errors\">").unwrap() + "id=\"archkb-errors\">".len();
        let json_end = json_start + out[json_start..].find("</script>").unwrap();
        let json = &out[json_start..json_end];
        assert!(!json.contains('<') && !json.contains('>'));
        let back: Vec<String> = serde_json::from_str(json).unwrap();
        assert_eq!(back, errors);
    }

    #[test]
    fn the_script_uses_text_content_never_inner_html() {
        assert!(LIVE_RELOAD_JS.contains("textContent"));
        assert!(!LIVE_RELOAD_JS.contains("innerHTML"));
        assert!(!LIVE_RELOAD_JS.contains("</script"));
    }
}
