//! The pages the browser asked for lately. A full rebuild renders these first and serves
//! them before it renders the rest of the site, so the page being looked at shows a
//! template or data edit in the time one page takes, not the whole site (Hugo's server
//! does the same for its "fast render" of visited pages).

use std::collections::{BTreeSet, VecDeque};
use std::sync::Mutex;

/// How many pages are remembered: the tabs an author has open, with room to spare.
const KEEP: usize = 16;

/// The output paths of the HTML pages served last, the newest first, at most [`KEEP`].
#[derive(Debug, Default)]
pub(crate) struct Viewed {
    paths: Mutex<VecDeque<String>>,
}

impl Viewed {
    /// `path` (an `.html` output path) was just served.
    pub(crate) fn record(&self, path: &str) {
        let mut paths = self
            .paths
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if paths.front().is_some_and(|newest| newest == path) {
            return;
        }
        paths.retain(|p| p != path);
        paths.push_front(path.to_string());
        paths.truncate(KEEP);
    }

    /// The pages remembered now.
    pub(crate) fn paths(&self) -> BTreeSet<String> {
        self.paths
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_distinct_pages() {
        let viewed = Viewed::default();
        for i in 0..KEEP + 4 {
            viewed.record(&format!("p{i}/index.html"));
        }
        viewed.record("p5/index.html");
        viewed.record("p5/index.html");
        let paths = viewed.paths();
        assert_eq!(paths.len(), KEEP);
        assert!(paths.contains("p5/index.html"), "seen again, so kept");
        assert!(!paths.contains("p0/index.html"), "the oldest goes");
        assert!(paths.contains(&format!("p{}/index.html", KEEP + 3)));
    }
}
