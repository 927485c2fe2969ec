//! Live reload over Server-Sent Events: one `ReloadHub` per server tells every open page
//! what changed.
//!
//! Each event names the output files that changed (`guides/x/index.html`,
//! `static/style.css`), so a page reloads only when its own output changed and swaps a
//! stylesheet in place when only CSS changed. The hub keeps a short log of past builds: a
//! page that connects after a build it missed (it was loading while the site was swapped)
//! asks for everything since the version it was served from and catches up, so no change
//! is ever lost between serving a page and its event stream opening.
//!
//! Events (each `data:` is one line of JSON):
//! - `hello`  `{instance, version, changed: [..] | null, errors: [..] | null}` on connect;
//!   `changed` is null when the page's version is unknown (reload to be safe).
//! - `reload` `{version, changed: [..], build: "full" | "fast" | "verify"}` after a good build;
//!   it also clears an error overlay.
//! - `errors` `{version, errors: ["path:line:col: error: ..", ..]}` after a failed build.

use serde_json::json;
use std::collections::{BTreeSet, VecDeque};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

/// Past builds kept for pages that connect late.
const LOG_LEN: usize = 64;

#[derive(Default)]
struct HubState {
    clients: Vec<Sender<Arc<str>>>,
    /// `(version, changed paths)` for the last builds, oldest first.
    log: VecDeque<(u64, Vec<String>)>,
    version: u64,
    errors: Option<Arc<Vec<String>>>,
    closed: bool,
}

/// The set of open event streams, and what they have been told.
#[derive(Default)]
pub struct ReloadHub {
    state: Mutex<HubState>,
}

/// One Server-Sent Events message.
pub fn sse_message(event: &str, data: &serde_json::Value) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}

impl ReloadHub {
    /// Registers a new stream and returns it with its `hello` message. `since` is the version
    /// the page was served from, when it comes from this server instance.
    pub fn subscribe(&self, instance: &str, since: Option<u64>) -> (Receiver<Arc<str>>, String) {
        let (tx, rx) = mpsc::channel();
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let changed = since.and_then(|v| changes_since(&state, v));
        let hello = sse_message(
            "hello",
            &json!({
                "instance": instance,
                "version": state.version,
                "changed": changed,
                "errors": state.errors.as_deref(),
            }),
        );
        if !state.closed {
            state.clients.push(tx);
        }
        (rx, hello)
    }

    /// The initial version and its (unknown) history: the first good build.
    pub fn set_version(&self, version: u64) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.version = version;
    }

    /// A good build at `version` changed `changed`; clears any error overlay.
    pub fn reload(&self, version: u64, changed: Vec<String>, build: &str) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let message = sse_message(
            "reload",
            &json!({"version": version, "changed": changed, "build": build}),
        );
        if version != state.version {
            state.log.push_back((version, changed));
            while state.log.len() > LOG_LEN {
                state.log.pop_front();
            }
        }
        state.version = version;
        state.errors = None;
        send_all(&mut state, message);
    }

    /// A build failed: every page shows `errors` over the last good version.
    pub fn errors(&self, errors: Arc<Vec<String>>) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let message = sse_message(
            "errors",
            &json!({"version": state.version, "errors": &*errors}),
        );
        state.errors = Some(errors);
        send_all(&mut state, message);
    }

    /// Ends every stream (their receivers see the channel close) and refuses new ones.
    pub fn close(&self) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.closed = true;
        state.clients.clear();
    }

    pub fn client_count(&self) -> usize {
        let state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.clients.len()
    }
}

fn send_all(state: &mut HubState, message: String) {
    let message: Arc<str> = message.into();
    // A closed page's receiver is gone; drop its sender.
    state.clients.retain(|c| c.send(message.clone()).is_ok());
}

/// Everything changed after `since`, or `None` when the log does not reach back that far
/// (or `since` is from the future: another server instance's page).
fn changes_since(state: &HubState, since: u64) -> Option<Vec<String>> {
    if since == state.version {
        return Some(Vec::new());
    }
    if since > state.version {
        return None;
    }
    let oldest_known = state
        .log
        .front()
        .map_or(state.version, |(v, _)| v.saturating_sub(1));
    if since < oldest_known {
        return None;
    }
    let all: BTreeSet<&String> = state
        .log
        .iter()
        .filter(|(v, _)| *v > since)
        .flat_map(|(_, changed)| changed)
        .collect();
    Some(all.into_iter().cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_of(message: &str) -> serde_json::Value {
        let line = message.lines().find(|l| l.starts_with("data: ")).unwrap();
        serde_json::from_str(&line[6..]).unwrap()
    }

    #[test]
    fn a_late_page_catches_up_on_what_it_missed() {
        let hub = ReloadHub::default();
        hub.set_version(1);
        hub.reload(2, vec!["a/index.html".into()], "full");
        hub.reload(
            3,
            vec!["b/index.html".into(), "a/index.html".into()],
            "fast",
        );
        let (_rx, hello) = hub.subscribe("i", Some(1));
        assert_eq!(
            data_of(&hello)["changed"],
            json!(["a/index.html", "b/index.html"])
        );
        let (_rx, hello) = hub.subscribe("i", Some(2));
        assert_eq!(
            data_of(&hello)["changed"],
            json!(["a/index.html", "b/index.html"])
        );
        let (_rx, hello) = hub.subscribe("i", Some(3));
        assert_eq!(data_of(&hello)["changed"], json!([]));
        // Unknown history or another instance's page: reload to be safe.
        let (_rx, hello) = hub.subscribe("i", Some(0));
        assert_eq!(data_of(&hello)["changed"], json!(null));
        let (_rx, hello) = hub.subscribe("i", Some(9));
        assert_eq!(data_of(&hello)["changed"], json!(null));
        let (_rx, hello) = hub.subscribe("i", None);
        assert_eq!(data_of(&hello)["changed"], json!(null));
    }

    #[test]
    fn streams_get_reloads_and_errors_and_end_on_close() {
        let hub = ReloadHub::default();
        let (rx, _) = hub.subscribe("i", Some(0));
        hub.errors(Arc::new(vec!["a.md:1:1: error: bad".into()]));
        let (_late, hello) = hub.subscribe("i", Some(0));
        assert_eq!(data_of(&hello)["errors"], json!(["a.md:1:1: error: bad"]));
        hub.reload(1, vec!["x.css".into()], "full");
        let first = rx.recv().unwrap();
        assert!(first.starts_with("event: errors\n"));
        let second = rx.recv().unwrap();
        assert!(second.starts_with("event: reload\n"));
        assert_eq!(data_of(&second)["changed"], json!(["x.css"]));
        let (_rx, hello) = hub.subscribe("i", Some(1));
        assert_eq!(
            data_of(&hello)["errors"],
            json!(null),
            "a good build clears"
        );
        hub.close();
        assert!(rx.recv().is_err());
        assert_eq!(hub.client_count(), 0);
    }

    #[test]
    fn a_gone_page_is_dropped_on_the_next_event() {
        let hub = ReloadHub::default();
        let (rx, _) = hub.subscribe("i", None);
        drop(rx);
        assert_eq!(hub.client_count(), 1);
        hub.reload(1, vec![], "full");
        assert_eq!(hub.client_count(), 0);
    }
}
