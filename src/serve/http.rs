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
//! `route`, `host_allowed`), unit-tested without sockets and fuzzed (`fuzz/`).
//!
//! Kept hand-written after the hardening work (README, "Hardening"): under 200 concurrent
//! clients with rebuilds, vanishing event streams and trickling clients it served every
//! request (`tests/it/serve_load.rs`), and the `serve_request` fuzz target found no crash
//! in its parsing and path resolution. Two limits make that hold: the whole
//! request head must arrive within `HEAD_DEADLINE` (a client that trickles a byte at a
//! time is cut off, not held forever), and the server refuses connections beyond a cap
//! (`serve::MAX_CONNECTIONS`). A browser on the same machine is a client too, so the
//! `Host` header must name this server (`host_allowed`): a page on another site that
//! rebinds its DNS name to 127.0.0.1 cannot read the preview.

use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The most a request head may take; a preview has no use for large headers.
const MAX_HEAD: usize = 16 * 1024;

/// How long a client has to send its whole request head.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent: `/guides/x/?q=1`.
    pub target: String,
    /// The `Host` header, if the request had exactly one.
    pub host: Option<String>,
}

/// Reads the request line and headers (the body, if any, is ignored: only GET and HEAD are
/// served). The head must be complete within `HEAD_DEADLINE` and `MAX_HEAD` bytes.
pub fn read_request(stream: &TcpStream) -> io::Result<Request> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut reader = stream;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the request head took too long",
            ));
        }
        stream.set_read_timeout(Some(left))?;
        let n = reader.read(&mut chunk)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed in the request head",
            ));
        }
        let searched_from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        if let Some(end) = head_end(&head[searched_from..]) {
            head.truncate(searched_from + end);
            break;
        }
        if head.len() > MAX_HEAD {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the request head is too large",
            ));
        }
    }
    parse_request_head(&head)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "malformed request head"))
}

/// The length of the head up to and including the blank line that ends it.
fn head_end(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len()).find_map(|i| {
        if bytes[i..].starts_with(b"\r\n\r\n") {
            Some(i + 4)
        } else if bytes[i..].starts_with(b"\n\n") {
            Some(i + 2)
        } else {
            None
        }
    })
}

/// `GET /x HTTP/1.1` and its headers → method, target and `Host`. The target is kept raw
/// (not yet decoded). A head with two `Host` headers or a header line that is not
/// `Name: value` is malformed.
pub fn parse_request_head(head: &[u8]) -> Option<Request> {
    let text = std::str::from_utf8(head).ok()?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let line = lines.next()?;
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("HTTP/1.") || method.is_empty() {
        return None;
    }
    let mut host = None;
    for header in lines.take_while(|l| !l.is_empty()) {
        let (name, value) = header.split_once(':')?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return None;
        }
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return None;
            }
            host = Some(value.trim().to_string());
        }
    }
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        host,
    })
}

/// Whether a `Host` header names this server, bound at `bound`: `localhost`, a loopback
/// address or the bound address, with the bound port if a port is given. A server bound
/// to every interface (`--bind 0.0.0.0`) also answers any IP address: a DNS-rebinding
/// page always arrives under a domain name, never an address, so only names are refused.
pub fn host_allowed(host: &str, bound: SocketAddr) -> bool {
    let (name, port) = split_host(host);
    if name.is_empty() || port.is_some_and(|p| p.parse::<u16>().ok() != Some(bound.port())) {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().map(IpAddr::V6),
        None => name.parse::<std::net::Ipv4Addr>().map(IpAddr::V4),
    };
    match ip {
        Ok(ip) => ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// `name:port` → (name, Some(port)); `[v6]:port` keeps its brackets in the name.
fn split_host(host: &str) -> (&str, Option<&str>) {
    if host.starts_with('[') {
        return match host.split_once("]:") {
            Some((name, port)) => (&host[..=name.len()], Some(port)),
            None => (host, None),
        };
    }
    match host.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    }
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
        // The search files (`NAME.json.gz`): sent as they are, inflated by the client.
        "gz" => "application/gzip",
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
        421 => "Misdirected Request",
        503 => "Service Unavailable",
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

/// The address as a browser can open it: an unspecified bind address (`0.0.0.0`, `::`)
/// becomes the loopback address of its family.
pub(super) fn display_addr(addr: SocketAddr) -> String {
    use std::net::IpAddr;
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{}", addr.port()),
        _ => addr.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_request_line() {
        let req = parse_request_head(b"GET /a/b?x=1 HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(req.method, "GET");
        assert_eq!(req.target, "/a/b?x=1");
        assert_eq!(req.host.as_deref(), Some("x"));
        let req = parse_request_head(b"GET / HTTP/1.1\r\nhOsT:  127.0.0.1:80 \r\n\r\n").unwrap();
        assert_eq!(req.host.as_deref(), Some("127.0.0.1:80"));
        assert_eq!(
            parse_request_head(b"GET / HTTP/1.0\r\n\r\n").unwrap().host,
            None
        );
        assert!(parse_request_head(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").is_none());
        assert!(parse_request_head(b"GET / HTTP/1.1\r\nno colon\r\n\r\n").is_none());
        assert!(parse_request_head(b"GET / HTTP/1.1\r\nHost : x\r\n\r\n").is_none());
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
    fn allows_only_hosts_that_name_this_server() {
        let bound: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
        ] {
            assert!(host_allowed(host, bound), "{host}");
        }
        for host in [
            "evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "localhost.evil.example:1111",
            "evil.example",
            "127.0.0.1:1112",
            "127.0.0.1:",
            "10.0.0.5:1111",
            "[127.0.0.1]:1111",
            "::1:1111",
            ":1111",
            "",
        ] {
            assert!(!host_allowed(host, bound), "{host}");
        }
        let everywhere: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(host_allowed("192.168.1.20:1111", everywhere));
        assert!(!host_allowed("kb.evil.example:1111", everywhere));
        let lan: SocketAddr = "192.168.1.20:1111".parse().unwrap();
        assert!(host_allowed("192.168.1.20:1111", lan));
        assert!(!host_allowed("192.168.1.21:1111", lan));
    }

    #[test]
    fn finds_the_end_of_the_head() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\nbody"), Some(18));
        assert_eq!(head_end(b"GET / HTTP/1.1\n\n"), Some(16));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n"), None);
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
        assert_eq!(mime_type("search/meta.json.gz"), "application/gzip");
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
