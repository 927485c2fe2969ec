//! `archkb serve`: build the site into memory, serve it on 127.0.0.1, rebuild on change,
//! and tell open pages to reload, or show the build errors over the last good version.
//!
//! Shape: one `Server` value owns everything (no statics), so tests run several servers in
//! parallel. Three kinds of thread share it:
//! - the accept loop, with one short-lived thread per request (`router.rs`, rules in
//!   `http.rs`), and one long-lived thread per open page's event stream (`event_stream.rs`,
//!   fed by `reload.rs`);
//! - the builder (`rebuild.rs`), the only writer: it turns watcher events (`watch.rs`) into
//!   builds and swaps each finished site in whole;
//! - the watcher's own thread (notify), which only forwards events to the builder.
//!
//! The site is a `Snapshot` behind `RwLock<Arc<..>>`: a request clones the `Arc` and serves
//! from that, so a half-built site is never served and a slow client never blocks a build.
//!
//! Files by job: `options.rs` (what serve is asked), `server.rs` (start-up and shut-down),
//! `router.rs` (requests), `event_stream.rs`, `rebuild.rs` (the builder) with
//! `incremental.rs` (its fast path), `watch.rs` and `viewed.rs` (the pages a full rebuild
//! serves first), and `interactive.rs` (the command).

mod event_stream;
pub mod http;
pub mod incremental;
mod interactive;
mod options;
pub mod overlay;
mod rebuild;
pub mod reload;
mod router;
mod server;
mod viewed;
pub mod watch;

pub use interactive::{open_browser, run_until_interrupted};
pub use options::ServeOptions;
pub use rebuild::BuildSummary;
pub use router::MAX_CONNECTIONS;
pub use server::Server;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, RwLock};

/// The path of the event stream; nothing in a site can live under `/__archkb/`.
pub const EVENTS_PATH: &str = "/__archkb/events";

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
    /// The pages served lately, which a full rebuild serves first.
    viewed: viewed::Viewed,
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn swap(&self, snapshot: Snapshot) {
        *self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(snapshot);
    }
}
