//! `archkb serve`: build the site into memory, serve it on 127.0.0.1, rebuild on change,
//! and tell open pages to reload, or show the build errors over the last good version.
//!
//! Shape: one `Server` value owns everything (no statics), so tests run several servers in
//! parallel. Three kinds of thread share it:
//! - the accept loop, with one short-lived thread per request (`http.rs`), and one
//!   long-lived thread per open page's event stream (`reload.rs`);
//! - the builder (`rebuild.rs`), the only writer: it turns watcher events (`watch.rs`) into
//!   builds and swaps each finished site in whole;
//! - the watcher's own thread (notify), which only forwards events to the builder.
//!
//! The site is a `Snapshot` behind `RwLock<Arc<..>>`: a request clones the `Arc` and serves
//! from that, so a half-built site is never served and a slow client never blocks a build.

pub mod http;
pub mod incremental;
pub mod overlay;
mod rebuild;
pub mod reload;
pub mod watch;

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

/// The path of the event stream; nothing in a site can live under `/__archkb/`.
pub const EVENTS_PATH: &str = "/__archkb/events";

/// How many ports after the requested one are tried when it is taken.
const PORT_TRIES: u16 = 20;

/// The most connections served at once (requests and open event streams together); one
/// more is answered 503 at once, so a flood cannot grow the server's threads without end.
pub const MAX_CONNECTIONS: usize = 1024;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system choose (tests).
    pub port: u16,
    pub drafts: bool,
    /// `Some(interval)`: poll the sources instead of using the OS's change notifications.
    pub poll: Option<Duration>,
    /// How long the sources must be quiet before a burst of events becomes one rebuild.
    pub debounce: Duration,
    /// Follow fast (one-article) updates with a full build in the background.
    pub verify: bool,
    /// Print what each rebuild did on stderr.
    pub verbose: bool,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: false,
            poll: None,
            debounce: Duration::from_millis(10),
            verify: true,
            verbose: true,
        }
    }
}

/// The site as served: every output file, and the errors of the last build if it failed
/// (the files are then the last good build's).
#[derive(Debug, Default)]
pub struct Snapshot {
    pub version: u64,
    pub files: Arc<BTreeMap<String, Arc<[u8]>>>,
    pub errors: Option<Arc<Vec<String>>>,
}

/// What the request threads and the builder share.
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    hub: reload::ReloadHub,
    /// Tells a page served by an earlier run of the server from one served by this one.
    instance: String,
    stopping: AtomicBool,
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn swap(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }
}

/// A running server; `stop` (or dropping it) shuts it down.
pub struct Server {
    addr: SocketAddr,
    /// The port asked for, when it was taken and another was used.
    moved_from: Option<u16>,
    shared: Arc<Shared>,
    builder_tx: mpsc::Sender<rebuild::Msg>,
    threads: Vec<JoinHandle<()>>,
    first_build: rebuild::BuildSummary,
}

impl Server {
    /// Builds the site, starts watching it, and starts serving. Returns once the first build
    /// is done (good or not) and the port is listening.
    pub fn start(options: ServeOptions) -> Result<Server> {
        let root = std::fs::canonicalize(&options.root)
            .with_context(|| format!("opening the site folder {}", options.root.display()))?;
        let (listener, moved_from) = bind(options.bind, options.port)?;
        let addr = listener.local_addr()?;
        let instance = format!(
            "{:x}-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
            addr.port()
        );
        let shared = Arc::new(Shared {
            snapshot: RwLock::new(Arc::new(Snapshot::default())),
            hub: reload::ReloadHub::default(),
            instance,
            stopping: AtomicBool::new(false),
        });

        let (tx, rx) = mpsc::channel();
        let watch_tx = tx.clone();
        let watcher = watch::watch(&root, options.poll, move |event| {
            let _ = watch_tx.send(rebuild::Msg::Fs(event));
        })
        .with_context(|| format!("watching {}", root.display()))?;

        let mut build_options = crate::BuildOptions::new(&root);
        build_options.drafts = options.drafts;
        // Links must work on this server, whatever config.yaml says.
        build_options.base_url = Some(format!("http://{}/", display_addr(addr)));
        // A stylesheet keeps its URL across edits, so it can be swapped without a reload.
        build_options.target = crate::output::Target::Preview;
        let mut builder = rebuild::Builder::new(
            build_options,
            root,
            shared.clone(),
            tx.clone(),
            watcher,
            &options,
        );
        let first_build = builder.initial_build();
        let builder_thread = std::thread::Builder::new()
            .name("archkb-builder".into())
            .spawn(move || builder.run(rx))?;

        listener.set_nonblocking(false)?;
        let accept_shared = shared.clone();
        let accept_thread = std::thread::Builder::new()
            .name("archkb-http".into())
            .spawn(move || accept_loop(listener, addr, accept_shared))?;

        Ok(Server {
            addr,
            moved_from,
            shared,
            builder_tx: tx,
            threads: vec![builder_thread, accept_thread],
            first_build,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}/", display_addr(self.addr))
    }

    /// The requested port, when it was in use and the server moved to the next free one.
    pub fn moved_from(&self) -> Option<u16> {
        self.moved_from
    }

    /// Files and errors of the first build, for the start-up message.
    pub fn first_build(&self) -> &rebuild::BuildSummary {
        &self.first_build
    }

    /// The site being served now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.shared.snapshot()
    }

    /// How many pages are listening for changes now.
    pub fn open_event_streams(&self) -> usize {
        self.shared.hub.client_count()
    }

    /// Stops watching, ends every event stream, and waits for the server's threads.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if self.shared.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        self.shared.hub.close();
        let _ = self.builder_tx.send(rebuild::Msg::Stop);
        // Wake the accept loop so it sees `stopping`.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{}", addr.port()),
        _ => addr.to_string(),
    }
}

/// Binds `port`, or the next free one when it is taken (port 0: any free port).
fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, Option<u16>)> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES - 1)
    };
    let mut first_error = None;
    for candidate in port..=last {
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => return Ok((listener, (candidate != port).then_some(port))),
            Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => {
                first_error.get_or_insert(err);
            }
            Err(err) => {
                return Err(err).with_context(|| format!("listening on {ip}:{candidate}"));
            }
        }
    }
    Err(first_error.expect("at least one port was tried")).with_context(|| {
        format!("ports {port} to {last} on {ip} are all in use; choose another with --port")
    })
}

fn accept_loop(listener: TcpListener, addr: SocketAddr, shared: Arc<Shared>) {
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
                handle_connection(stream, addr, &shared)
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
    let request = match http::read_request(&stream) {
        Ok(request) => request,
        Err(_) => {
            let _ = respond_text(&mut stream, 400, "bad request\n", false);
            return;
        }
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
        event_stream(stream, shared, query, head_only);
        return;
    }
    let key = match http::resolve_target(&request.target) {
        Ok(key) => key,
        Err(_) => {
            let _ = respond_text(&mut stream, 400, "bad request path\n", head_only);
            return;
        }
    };
    let snapshot = shared.snapshot();
    let info = |page| page_info(&snapshot, shared, page);
    let _ = match http::route(&key, query, |p| snapshot.files.contains_key(p)) {
        http::Route::File(file) => {
            let bytes = &snapshot.files[&file];
            let content_type = http::mime_type(&file);
            let body = if file.ends_with(".html") {
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
            let html: &[u8] = match &page {
                Some(page) => &snapshot.files[page],
                None => {
                    fallback = overlay::fallback_page(if snapshot.files.is_empty() {
                        "archkb: the site has not built yet"
                    } else {
                        "404: not found"
                    });
                    &fallback
                }
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

/// How often an idle event stream sends a comment, so a proxy keeps it open.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// How often an idle event stream checks whether its page has gone: a tab that closed or
/// a client that vanished frees its thread within this, not at the next write.
const GONE_CHECK: Duration = Duration::from_secs(1);

fn event_stream(mut stream: TcpStream, shared: &Shared, query: Option<&str>, head_only: bool) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: keep-alive\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() || head_only {
        return;
    }
    let mut version = None;
    let mut instance = None;
    for pair in query.unwrap_or("").split('&') {
        match pair.split_once('=') {
            Some(("v", v)) => version = v.parse::<u64>().ok(),
            Some(("i", i)) => instance = Some(i.to_string()),
            _ => {}
        }
    }
    // A page from an earlier run of the server has no history here.
    let since = version.filter(|_| instance.as_deref() == Some(shared.instance.as_str()));
    let (rx, hello) = shared.hub.subscribe(&shared.instance, since);
    if stream
        .write_all(format!("retry: 500\n\n{hello}").as_bytes())
        .is_err()
    {
        return;
    }
    let _ = stream.flush();
    let mut last_write = std::time::Instant::now();
    loop {
        let message = match rx.recv_timeout(GONE_CHECK) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) if peer_closed(&stream) => return,
            Err(RecvTimeoutError::Timeout) if last_write.elapsed() >= KEEPALIVE => {
                ": keep-alive\n\n".into()
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if stream.write_all(message.as_bytes()).is_err() || stream.flush().is_err() {
            return;
        }
        last_write = std::time::Instant::now();
    }
}

/// True when the client has closed its side (a read would return end of file) or the
/// connection failed. An EventSource sends nothing after its request; bytes that do
/// arrive are left unread and mean the client is still there.
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let closed = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(err) => err.kind() != std::io::ErrorKind::WouldBlock,
    };
    closed || stream.set_nonblocking(false).is_err()
}

/// Opens `url` in the desktop's browser; failure is ignored (a headless machine has none).
pub fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let _ = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// `archkb serve`: starts the server, says where it is, and runs until Ctrl-C.
pub fn run_until_interrupted(options: ServeOptions, open: bool) -> Result<()> {
    let (stop_tx, stop_rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .context("installing the Ctrl-C handler")?;
    let requested = options.port;
    let server = Server::start(options)?;
    if let Some(port) = server.moved_from() {
        eprintln!(
            "port {port} is in use; serving on port {} instead",
            server.addr().port()
        );
    } else if requested != 0 && requested != server.addr().port() {
        eprintln!("serving on port {}", server.addr().port());
    }
    let first = server.first_build();
    if !first.errors.is_empty() {
        eprintln!("the site does not build yet; fix the errors above and it will appear");
    }
    eprintln!("serving at {} (Ctrl-C to stop)", server.url());
    if open {
        open_browser(&server.url());
    }
    let _ = stop_rx.recv();
    eprintln!("stopping");
    server.stop();
    Ok(())
}
