//! Start-up and shut-down: bind the port (or the next free one), watch the sources, make
//! the first build, and start the builder and accept threads; `stop` ends them in order.

use super::http::display_addr;
use super::{rebuild, reload, router, watch, ServeOptions, Shared, Snapshot};
use anyhow::{Context, Result};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

/// How many ports after the requested one are tried when it is taken.
const PORT_TRIES: u16 = 20;

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
            viewed: super::viewed::Viewed::default(),
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
            .spawn(move || router::accept_loop(listener, addr, accept_shared))?;

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
