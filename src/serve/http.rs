//! A minimal HTTP/1.1 server over `std::net`, for a local preview only.
//!
//! Why not a crate: the preview needs GET and HEAD of an in-memory map, redirects, a 404
//! page and one long-lived Server-Sent Events stream per open tab. That is ~300 lines on
//! `std::net` with one thread per connection, and owning the request-target decoding means
//! the rules that keep a request inside the site (`..`, encoded separators, NUL,
//! backslashes) are ours, visible and tested here. Every response closes its connection;
//! a preview does not need keep-alive.
//!
//! The parsing and routing are pure functions (`parse_request_head`, `resolve_target`,
//! `route`), unit-tested without sockets.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The most a request head may take; a preview has no use for large headers.
const MAX_HEAD: usize = 16 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent: `/guides/x/?q=1`.
    pub target: String,
}

/// Reads the request line and headers (the body, if any, is ignored: only GET and HEAD are
/// served).
pub fn read_request(stream: &TcpStream) -> io::Result<Request> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut head = Vec::new();
    loop {
        let before = head.len();
        let n = reader.read_until(b'\n', &mut head)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed in the request head",
            ));
        }
        let line = &head[before..];
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    parse_request_head(&head)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "malformed request line"))
}

/// `GET /x HTTP/1.1` → method and target. The target is kept raw (not yet decoded).
pub fn parse_request_head(head: &[u8]) -> Option<Request> {
    let end = head.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&head[..end])
        .ok()?
        .trim_end_matches('\r');
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("HTTP/1.") || method.is_empty() {
        return None;
    }
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
    })
}

/// Why a request target was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadTarget {
    /// Not an origin-form path (`http://host/x`, `*`, `x`).
    NotAPath,
    /// A percent escape that is not two hex digits, or bytes that are not UTF-8.
    BadEncoding,
    /// `.` or `..` segments, `\`, NUL, or a `/` or `\` hidden behind percent-encoding.
    Escapes,
}

/// Decodes the path of a request target into the site-relative key it names: `/` → ``,
/// `/a/b.css?x` → `a/b.css`, `/guides/` → `guides/`. Anything that could step outside the
/// site, or name one file by two spellings, is refused rather than normalised.
pub fn resolve_target(target: &str) -> Result<String, BadTarget> {
    if !target.starts_with('/') {
        return Err(BadTarget::NotAPath);
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path.contains('\\') {
        return Err(BadTarget::Escapes);
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BadTarget::BadEncoding)?;
            let hex = std::str::from_utf8(hex).map_err(|_| BadTarget::BadEncoding)?;
            let byte = u8::from_str_radix(hex, 16).map_err(|_| BadTarget::BadEncoding)?;
            // An encoded separator or NUL is never part of a file name here.
            if matches!(byte, b'/' | b'\\' | 0) {
                return Err(BadTarget::Escapes);
            }
            decoded.push(byte);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(decoded).map_err(|_| BadTarget::BadEncoding)?;
    if decoded.contains('\0') {
        return Err(BadTarget::Escapes);
    }
    let rel = &decoded[1..];
    let segments: Vec<&str> = rel.split('/').collect();
    let last = segments.len() - 1;
    for (index, segment) in segments.iter().enumerate() {
        if *segment == "." || *segment == ".." {
            return Err(BadTarget::Escapes);
        }
        // `//` would let `/a//b` and `/a/b` name one file; only the last segment (a
        // trailing slash) may be empty.
        if segment.is_empty() && index != last {
            return Err(BadTarget::Escapes);
        }
        // A drive letter (`C:`) makes no sense in a URL path.
        if segment.contains(':') && index == 0 {
            return Err(BadTarget::Escapes);
        }
    }
    Ok(rel.to_string())
}

/// What to answer for a path, given a lookup into the site's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Serve this file (its key in the site map).
    File(String),
    /// `/x` where `x/index.html` exists: redirect to `/x/`.
    Redirect(String),
    /// Not in the site: serve this 404 page, if the site has one.
    NotFound(Option<String>),
}

/// Maps a resolved key to a file, a redirect, or the site's 404 page (the one under the
/// request's language prefix when it exists: `zh/404.html`, else `404.html`).
pub fn route(key: &str, query: Option<&str>, exists: impl Fn(&str) -> bool) -> Route {
    let file = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.to_string()
    };
    if exists(&file) {
        return Route::File(file);
    }
    if !key.is_empty() && !key.ends_with('/') && exists(&format!("{key}/index.html")) {
        let query = query.map(|q| format!("?{q}")).unwrap_or_default();
        return Route::Redirect(format!("/{key}/{query}"));
    }
    let lang_404 = key
        .split_once('/')
        .map(|(first, _)| format!("{first}/404.html"))
        .filter(|p| exists(p));
    let page = lang_404.or_else(|| exists("404.html").then(|| "404.html".to_string()));
    Route::NotFound(page)
}

/// The Content-Type for a file name, by extension.
pub fn mime_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

/// One response, written with `Connection: close` and `Cache-Control: no-store` (a preview
/// must never show a stale page from the browser's cache).
pub struct Response<'a> {
    pub status: u16,
    pub content_type: &'a str,
    pub body: &'a [u8],
    pub location: Option<&'a str>,
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    }
}

/// Writes `response`; for HEAD, the same headers and no body.
pub fn write_response(
    out: &mut impl Write,
    response: &Response,
    head_only: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    if response.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    if let Some(location) = response.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(response.body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_request_line() {
        let req = parse_request_head(b"GET /a/b?x=1 HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(req.method, "GET");
        assert_eq!(req.target, "/a/b?x=1");
        assert!(parse_request_head(b"GET /a\r\n\r\n").is_none());
        assert!(parse_request_head(b"GET /a b HTTP/1.1\r\n\r\n").is_none());
        assert!(parse_request_head(b"GET /a SMTP\r\n\r\n").is_none());
    }

    #[test]
    fn resolves_plain_paths() {
        assert_eq!(resolve_target("/").unwrap(), "");
        assert_eq!(resolve_target("/guides/x/").unwrap(), "guides/x/");
        assert_eq!(
            resolve_target("/static/style.css?v=3").unwrap(),
            "static/style.css"
        );
        assert_eq!(resolve_target("/a#frag").unwrap(), "a");
        assert_eq!(
            resolve_target("/zh/%E6%8C%87%E5%8D%97/").unwrap(),
            "zh/指南/"
        );
        assert_eq!(resolve_target("/a%20b.png").unwrap(), "a b.png");
        // `...` is a valid (if odd) file name, not a parent reference.
        assert_eq!(resolve_target("/.../x").unwrap(), ".../x");
    }

    #[test]
    fn refuses_every_way_out_of_the_site() {
        for (target, why) in [
            ("/../etc/passwd", BadTarget::Escapes),
            ("/a/../../etc/passwd", BadTarget::Escapes),
            ("/a/..", BadTarget::Escapes),
            ("/./a", BadTarget::Escapes),
            ("/%2e%2e/etc/passwd", BadTarget::Escapes),
            ("/%2E%2E/etc/passwd", BadTarget::Escapes),
            ("/a/%2e%2e%2fetc", BadTarget::Escapes),
            ("/..%2fetc%2fpasswd", BadTarget::Escapes),
            ("/..%2Fetc", BadTarget::Escapes),
            ("/..%5cetc", BadTarget::Escapes),
            ("/..\\etc\\passwd", BadTarget::Escapes),
            ("/a\\b", BadTarget::Escapes),
            ("/a%00.html", BadTarget::Escapes),
            ("//etc/passwd", BadTarget::Escapes),
            ("/a//b", BadTarget::Escapes),
            ("/C:/Windows/win.ini", BadTarget::Escapes),
            ("/%25%32%65%25%32%65/x", BadTarget::NotAPath),
            ("http://example.com/x", BadTarget::NotAPath),
            ("etc/passwd", BadTarget::NotAPath),
            ("*", BadTarget::NotAPath),
            ("/%zz", BadTarget::BadEncoding),
            ("/%e", BadTarget::BadEncoding),
            ("/%ff%fe", BadTarget::BadEncoding),
        ] {
            let got = resolve_target(target);
            if target.starts_with("/%25") {
                // Double encoding decodes once, to a harmless literal name `%2e%2e`.
                assert_eq!(got.unwrap(), "%2e%2e/x");
                continue;
            }
            assert_eq!(got, Err(why), "{target}");
        }
    }

    #[test]
    fn routes_directories_redirects_and_404_pages() {
        let files = [
            "index.html",
            "a/index.html",
            "404.html",
            "zh/404.html",
            "s.css",
        ];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(route("", None, exists), Route::File("index.html".into()));
        assert_eq!(
            route("a/", None, exists),
            Route::File("a/index.html".into())
        );
        assert_eq!(route("s.css", None, exists), Route::File("s.css".into()));
        assert_eq!(
            route("a", Some("q=1"), exists),
            Route::Redirect("/a/?q=1".into())
        );
        assert_eq!(route("a", None, exists), Route::Redirect("/a/".into()));
        assert_eq!(
            route("zh/nope/", None, exists),
            Route::NotFound(Some("zh/404.html".into()))
        );
        assert_eq!(
            route("nope", None, exists),
            Route::NotFound(Some("404.html".into()))
        );
        assert_eq!(route("x", None, |_| false), Route::NotFound(None));
    }

    #[test]
    fn knows_the_common_types() {
        assert_eq!(mime_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            mime_type("static/widget.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(mime_type("choose/decision.json"), "application/json");
        assert_eq!(mime_type("x.SVG"), "image/svg+xml");
        assert_eq!(mime_type("x.png"), "image/png");
        assert_eq!(mime_type("x.jpg"), "image/jpeg");
        assert_eq!(mime_type("f.woff2"), "font/woff2");
        assert_eq!(mime_type("compare/a.csv"), "text/csv; charset=utf-8");
        assert_eq!(mime_type("sitemap.xml"), "application/xml");
        assert_eq!(mime_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(mime_type("noext"), "application/octet-stream");
    }

    #[test]
    fn head_has_the_headers_without_the_body() {
        let response = Response {
            status: 200,
            content_type: "text/plain; charset=utf-8",
            body: b"hello",
            location: None,
        };
        let mut out = Vec::new();
        write_response(&mut out, &response, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Length: 5\r\n"));
        assert!(text.contains("Cache-Control: no-store\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }
}
