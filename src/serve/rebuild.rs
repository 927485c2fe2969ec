//! The builder: the one thread that changes what the server serves.
//!
//! Watcher events are classified (`watch.rs`) and collected until the sources have been
//! quiet for `debounce` (or `MAX_WAIT` has passed), so a burst of saves becomes one build.
//! A batch of article-body edits takes the fast path (`incremental.rs`); anything else, or a
//! site that is currently broken, gets a full `load_and_render` (load → produce). Each finished site is
//! compared with the one being served, swapped in whole, and the changed paths are sent to
//! every open page.
//!
//! A fast update is followed by a full build on a background thread ("verify"). Every
//! relevant event bumps `generation`; a verification that finishes after a newer event is
//! stale and is discarded (and started again), so an old build never replaces newer work.

use super::incremental::{FastCache, FastUpdate};
use super::watch::{self, Change, SiteWatcher};
use super::{Shared, Snapshot};
use crate::output::Rendered;
use crate::{BuildOptions, SiteBuild};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Every full build of serve keeps its pages' keys, for the next rebuild to reuse.
const KEEP_PAGE_KEYS: crate::Produce<'static> = crate::Produce {
    sink: None,
    reuse: None,
    skip_search: false,
    keep_page_keys: true,
    preview: None,
};

/// A batch is built at the latest this long after its first event, even if events keep
/// coming (an editor autosaving every few milliseconds must not starve the preview).
const MAX_WAIT: Duration = Duration::from_millis(300);

pub(crate) enum Msg {
    Fs(notify::Result<notify::Event>),
    Verified {
        generation: u64,
        result: Box<anyhow::Result<SiteBuild>>,
    },
    Stop,
}

/// What the first build produced, for the start-up message.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    pub files: usize,
    /// Diagnostics as text, when the build failed.
    pub errors: Vec<String>,
    pub millis: u128,
}

pub(crate) struct Builder {
    options: BuildOptions,
    root: PathBuf,
    out: PathBuf,
    shared: Arc<Shared>,
    tx: Sender<Msg>,
    watcher: SiteWatcher,
    cache: Option<FastCache>,
    generation: u64,
    verifying: bool,
    needs_verification: bool,
    debounce: Duration,
    verify: bool,
    verbose: bool,
}

impl Builder {
    pub(crate) fn new(
        options: BuildOptions,
        root: PathBuf,
        shared: Arc<Shared>,
        tx: Sender<Msg>,
        watcher: SiteWatcher,
        serve: &super::ServeOptions,
    ) -> Builder {
        Builder {
            out: root.join("public"),
            options,
            root,
            shared,
            tx,
            watcher,
            cache: None,
            generation: 0,
            verifying: false,
            needs_verification: false,
            debounce: serve.debounce,
            verify: serve.verify,
            verbose: serve.verbose,
        }
    }

    pub(crate) fn initial_build(&mut self) -> BuildSummary {
        let started = Instant::now();
        let result = crate::load_and_render_with(&self.options, KEEP_PAGE_KEYS);
        self.apply_full(result, "full", started, true);
        let snapshot = self.shared.snapshot();
        BuildSummary {
            files: snapshot.files.len(),
            errors: snapshot.errors.as_deref().cloned().unwrap_or_default(),
            millis: started.elapsed().as_millis(),
        }
    }

    pub(crate) fn run(mut self, rx: Receiver<Msg>) {
        let mut pending: BTreeSet<Change> = BTreeSet::new();
        let mut first_event = Instant::now();
        loop {
            let msg = if pending.is_empty() {
                match rx.recv() {
                    Ok(msg) => msg,
                    Err(_) => return,
                }
            } else {
                let wait = self
                    .debounce
                    .min(MAX_WAIT.saturating_sub(first_event.elapsed()));
                match rx.recv_timeout(wait) {
                    Ok(msg) => msg,
                    Err(RecvTimeoutError::Timeout) => {
                        self.rebuild(std::mem::take(&mut pending), first_event);
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            };
            match msg {
                Msg::Stop => return,
                Msg::Fs(Ok(event)) => {
                    for dir in watch::created_source_dirs(&self.root, &event) {
                        self.watcher.add_dir(&dir);
                    }
                    let changes = watch::classify_event(&self.root, &self.out, &event);
                    if !changes.is_empty() {
                        self.generation += 1;
                        if pending.is_empty() {
                            first_event = Instant::now();
                        }
                        pending.extend(changes);
                    }
                }
                Msg::Fs(Err(err)) => {
                    if self.verbose {
                        eprintln!("serve: watching failed: {err}");
                    }
                }
                Msg::Verified { generation, result } => self.verified(generation, *result),
            }
            if !pending.is_empty() && first_event.elapsed() >= MAX_WAIT {
                self.rebuild(std::mem::take(&mut pending), first_event);
            }
        }
    }

    fn rebuild(&mut self, batch: BTreeSet<Change>, first_event: Instant) {
        crate::trace::stage(&format!(
            "serve: rebuilding {} ms after the first change",
            first_event.elapsed().as_millis()
        ));
        let broken = self.shared.snapshot().errors.is_some();
        let fast = if broken {
            None
        } else {
            let root = &self.root;
            self.cache
                .as_mut()
                .and_then(|cache| cache.try_update(root, &batch))
        };
        if let Some(update) = fast {
            let changed = self.publish_partial(update, Some("fast"));
            self.report("fast", &batch, &changed, first_event);
            // The page is served; the search index follows (it reads every body). No open
            // page shows the search files, so they change without a reload event.
            if let Some(search) = self.cache.as_mut().and_then(FastCache::search_update) {
                self.publish_partial(search, None);
            }
            if self.verify {
                self.needs_verification = true;
                self.start_verification();
            }
            return;
        }
        // A full build that reuses every page body whose Markdown and link targets are
        // unchanged (a data or template edit changes none) and the HTML of every page whose
        // templates and context are unchanged (most pages, after a data edit), and leaves
        // the search files for after the pages are served, like the fast path.
        // The pages open in the browser are served as soon as they are rendered, before the
        // rest of the site renders (`viewed.rs`).
        let viewed = self.shared.viewed.paths();
        let publish_viewed = |files: Vec<(String, Vec<u8>)>| {
            let update = FastUpdate {
                files,
                removed: Vec::new(),
            };
            let changed = self.publish_partial(update, Some("viewed"));
            crate::trace::stage("serve: swapped the viewed pages in");
            self.report("viewed pages first", &batch, &changed, first_event);
        };
        let preview = crate::render::Preview {
            pages: &viewed,
            publish: &publish_viewed,
        };
        let reuse = self.cache.as_ref().map(FastCache::reuse);
        let how = crate::Produce {
            reuse: reuse.as_ref(),
            skip_search: true,
            preview: (!broken && !viewed.is_empty()).then_some(&preview),
            ..KEEP_PAGE_KEYS
        };
        let result = crate::load_and_render_with(&self.options, how);
        self.needs_verification = false;
        let changed = self.apply_full(result, "full", first_event, false);
        if let Some(changed) = changed {
            self.report("full", &batch, &changed, first_event);
            if let Some(search) = self.cache.as_mut().and_then(|cache| {
                cache.search_files_needed();
                cache.search_update()
            }) {
                self.publish_partial(search, None);
            }
        }
    }

    fn report(&self, how: &str, batch: &BTreeSet<Change>, changed: &[String], since: Instant) {
        if !self.verbose {
            return;
        }
        let what: Vec<String> = batch
            .iter()
            .take(3)
            .map(|c| c.path.display().to_string())
            .collect();
        let more = if batch.len() > 3 {
            format!(" and {} more", batch.len() - 3)
        } else {
            String::new()
        };
        eprintln!(
            "rebuilt ({how}) in {} ms after {}{more}: {} file{} changed",
            since.elapsed().as_millis(),
            what.join(", "),
            changed.len(),
            if changed.len() == 1 { "" } else { "s" }
        );
    }

    fn start_verification(&mut self) {
        if self.verifying {
            // The running one will be stale when it ends, and restarts then.
            return;
        }
        self.verifying = true;
        let generation = self.generation;
        let options = self.options.clone();
        let tx = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name("archkb-verify".into())
            .spawn(move || {
                let result = crate::load_and_render_with(&options, KEEP_PAGE_KEYS);
                let _ = tx.send(Msg::Verified {
                    generation,
                    result: Box::new(result),
                });
            });
        if spawned.is_err() {
            self.verifying = false;
        }
    }

    fn verified(&mut self, generation: u64, result: anyhow::Result<SiteBuild>) {
        self.verifying = false;
        if !self.needs_verification {
            return;
        }
        if generation != self.generation {
            self.start_verification();
            return;
        }
        self.needs_verification = false;
        let started = Instant::now();
        if let Some(changed) = self.apply_full(result, "verify", started, false) {
            if self.verbose && !changed.is_empty() {
                eprintln!(
                    "full build after the fast update changed {} more file(s)",
                    changed.len()
                );
            }
        }
    }

    /// Publishes a full build's result: the new site, or its errors over the last good one.
    /// Returns the changed paths of a good build, `None` for a failed one.
    fn apply_full(
        &mut self,
        result: anyhow::Result<SiteBuild>,
        how: &str,
        started: Instant,
        first: bool,
    ) -> Option<Vec<String>> {
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(err) => {
                self.publish_errors(vec![format!("error: {err:#}")]);
                return None;
            }
        };
        let Some(rendered) = outcome.rendered else {
            let errors: Vec<String> = outcome
                .diagnostics
                .sorted()
                .iter()
                .map(ToString::to_string)
                .collect();
            if self.verbose {
                eprint!("{}", outcome.diagnostics.render_text());
                eprintln!(
                    "the site has {} error(s); still serving the last good build",
                    outcome.diagnostics.error_count()
                );
            }
            self.publish_errors(errors);
            return None;
        };
        let is_search = |path: &str| {
            outcome
                .site
                .as_ref()
                .is_some_and(|site| crate::search::is_output(&site.config, path))
        };
        // A build that left the search files out (see `rebuild`) keeps serving the current
        // ones until the new ones are made.
        let without_search = !rendered.files.keys().any(|path| is_search(path));
        let changed = self.publish_files(rendered, how, |path| without_search && is_search(path));
        crate::trace::stage("serve: swapped the new files in");
        // The fast path's search files are the ones now served.
        let search_files: Vec<String> = self
            .shared
            .snapshot()
            .files
            .keys()
            .filter(|path| is_search(path))
            .cloned()
            .collect();
        if self.verbose && first {
            eprintln!(
                "built {} files in {} ms",
                self.shared.snapshot().files.len(),
                started.elapsed().as_millis()
            );
        }
        // The fast path starts from this site; after a verification that found nothing
        // new, the cache already is this site.
        if how != "verify" || !changed.is_empty() || self.cache.is_none() {
            self.cache = match (outcome.site, &outcome.theme) {
                (Some(site), Some(theme)) => FastCache::new(
                    site,
                    theme,
                    outcome.bodies,
                    &search_files,
                    &outcome.diagnostics,
                ),
                _ => None,
            };
            // The files now served are this build's: each page's HTML is its key's.
            if let Some(cache) = &mut self.cache {
                cache.keep_pages(outcome.page_keys, self.shared.snapshot().files.clone());
            }
        }
        Some(changed)
    }

    /// Swaps in a full build's files; a served file that `carried` names and the build does
    /// not have stays as it is.
    fn publish_files(
        &self,
        rendered: Rendered,
        how: &str,
        carried: impl Fn(&str) -> bool,
    ) -> Vec<String> {
        let old = self.shared.snapshot();
        let mut files = BTreeMap::new();
        let mut changed = Vec::new();
        for (path, bytes) in rendered.files {
            match old.files.get(&path) {
                Some(same) if **same == *bytes => {
                    files.insert(path, same.clone());
                }
                _ => {
                    changed.push(path.clone());
                    files.insert(path, Arc::from(bytes));
                }
            }
        }
        for (path, bytes) in &*old.files {
            if files.contains_key(path) {
                continue;
            }
            if carried(path) {
                files.insert(path.clone(), bytes.clone());
            } else {
                changed.push(path.clone());
            }
        }
        changed.sort();
        if changed.is_empty() && old.errors.is_none() {
            return changed;
        }
        let version = old.version + u64::from(!changed.is_empty());
        self.shared.swap(Snapshot {
            version,
            files: Arc::new(files),
            errors: None,
        });
        self.shared.hub.reload(version, changed.clone(), how);
        changed
    }

    /// Swaps `update` into the served files; `announce` tells the open pages (a new version
    /// and a reload event naming the changed files, and which build it was).
    fn publish_partial(&self, update: FastUpdate, announce: Option<&str>) -> Vec<String> {
        let old = self.shared.snapshot();
        let mut files = (*old.files).clone();
        let mut changed = Vec::new();
        for path in update.removed {
            if files.remove(&path).is_some() {
                changed.push(path);
            }
        }
        for (path, bytes) in update.files {
            if old.files.get(&path).is_some_and(|same| **same == *bytes) {
                continue;
            }
            changed.push(path.clone());
            files.insert(path, Arc::from(bytes));
        }
        if changed.is_empty() {
            return changed;
        }
        let version = old.version + u64::from(announce.is_some());
        self.shared.swap(Snapshot {
            version,
            files: Arc::new(files),
            errors: None,
        });
        if let Some(build) = announce {
            self.shared.hub.reload(version, changed.clone(), build);
        }
        changed
    }

    fn publish_errors(&self, errors: Vec<String>) {
        let old = self.shared.snapshot();
        let errors = Arc::new(errors);
        self.shared.swap(Snapshot {
            version: old.version,
            files: old.files.clone(),
            errors: Some(errors.clone()),
        });
        self.shared.hub.errors(errors);
    }
}
