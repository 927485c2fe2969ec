//! What `archkb serve` is asked to do: where the site is, where to listen, how to watch.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

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
