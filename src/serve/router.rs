//! The request side: the accept loop with its connection cap, and one request → one answer
//! (a file from the snapshot with the overlay injected, a redirect, a 404 page, or the event
//! stream). Parsing and routing rules are pure and live in `http.rs`.

use super::http::display_addr;
use super::{event_stream, http, overlay, Shared, Snapshot, EVENTS_PATH};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The most connections served at once (requests and open event streams together); one
/// more is answered 503 at once, so a flood cannot grow the server's threads without end.
pub const MAX_CONNECTIONS: usize = 1024;

pub(super) fn accept_loop(listener: TcpListener, addr: SocketAddr, shared: Arc<Shared>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut stream) = stream else { continue };
        if open.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
            let _ = respond_text(&mut stream, 503, "too many connections; try again\n", false);
            continue;
        }
        open.fetch_add(1, Ordering::SeqCst);
        let guard = ConnectionSlot(open.clone());
        let shared = shared.clone();
        let _ = std::thread::Builder::new()
            .name("archkb-request".into())
            .spawn(move || {
                let _slot = guard;
                handle_connection(stream, addr, &shared);
            });
    }
}

/// Frees its place in the connection count when the connection's thread ends, however
/// it ends (a spawn that fails drops it at once).
struct ConnectionSlot(Arc<AtomicUsize>);

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn handle_connection(mut stream: TcpStream, addr: SocketAddr, shared: &Shared) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let Ok(request) = http::read_request(&stream) else {
        let _ = respond_text(&mut stream, 400, "bad request\n", false);
        return;
    };
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        let _ = respond_text(&mut stream, 405, "only GET and HEAD\n", head_only);
        return;
    }
    // DNS rebinding: a page elsewhere whose name now resolves to this machine arrives with
    // its own name in Host; only requests for this server's own address are answered.
    match request.host.as_deref() {
        None => {
            let _ = respond_text(&mut stream, 400, "a Host header is required\n", head_only);
            return;
        }
        Some(host) if !http::host_allowed(host, addr) => {
            let body = format!(
                "archkb serve answers only requests for {}; this one was for `{}`\n",
                display_addr(addr),
                host.escape_debug()
            );
            let _ = respond_text(&mut stream, 421, &body, head_only);
            return;
        }
        Some(_) => {}
    }
    let (path, query) = match request.target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (request.target.as_str(), None),
    };
    if path == EVENTS_PATH {
        event_stream::serve(stream, shared, query, head_only);
        return;
    }
    let Ok(key) = http::resolve_target(&request.target) else {
        let _ = respond_text(&mut stream, 400, "bad request path\n", head_only);
        return;
    };
    let snapshot = shared.snapshot();
    let info = |page| page_info(&snapshot, shared, page);
    let _ = match http::route(&key, query, |p| snapshot.files.contains_key(p)) {
        http::Route::File(file) => {
            let bytes = &snapshot.files[&file];
            let content_type = http::mime_type(&file);
            let body = if file.ends_with(".html") {
                shared.viewed.record(&file);
                std::borrow::Cow::Owned(overlay::inject(bytes, &info(&file)))
            } else {
                std::borrow::Cow::Borrowed(&bytes[..])
            };
            http::write_response(
                &mut stream,
                &http::Response {
                    status: 200,
                    content_type,
                    body: &body,
                    location: None,
                },
                head_only,
            )
        }
        http::Route::Redirect(location) => http::write_response(
            &mut stream,
            &http::Response {
                status: 302,
                content_type: "text/plain; charset=utf-8",
                body: b"",
                location: Some(&location),
            },
            head_only,
        ),
        http::Route::NotFound(page) => {
            let wanted = if key.is_empty() || key.ends_with('/') {
                format!("{key}index.html")
            } else {
                key.clone()
            };
            let fallback;
            let html: &[u8] = if let Some(page) = &page {
                &snapshot.files[page]
            } else {
                fallback = overlay::fallback_page(if snapshot.files.is_empty() {
                    "archkb: the site has not built yet"
                } else {
                    "404: not found"
                });
                &fallback
            };
            let body = overlay::inject(html, &info(&wanted));
            http::write_response(
                &mut stream,
                &http::Response {
                    status: 404,
                    content_type: "text/html; charset=utf-8",
                    body: &body,
                    location: None,
                },
                head_only,
            )
        }
    };
}

fn page_info<'a>(
    snapshot: &'a Snapshot,
    shared: &'a Shared,
    page: &'a str,
) -> overlay::PageInfo<'a> {
    overlay::PageInfo {
        page,
        version: snapshot.version,
        instance: &shared.instance,
        errors: snapshot.errors.as_deref().map(Vec::as_slice),
    }
}

fn respond_text(
    stream: &mut TcpStream,
    status: u16,
    text: &str,
    head_only: bool,
) -> std::io::Result<()> {
    http::write_response(
        stream,
        &http::Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.as_bytes(),
            location: None,
        },
        head_only,
    )
}
