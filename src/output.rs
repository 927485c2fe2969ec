//! Output: the only place that writes the site. A build is written into a fresh folder
//! beside the target and swapped in at the end, so a failed build leaves the previous
//! output untouched and a good one leaves no stale files.

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// What a build is for. The same site renders for every target; what differs is how
/// assets are named, whether they carry integrity values, and what runs after render.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Target {
    /// The site to host: assets named by content hash with integrity values, search files,
    /// and feeds and a sitemap when `base_url` names a host.
    #[default]
    Site,
    /// A copy that works opened from disk (`file://`): hashed assets without integrity
    /// values, which a browser cannot check there, and every URL made page-relative.
    Offline,
    /// serve's live preview: assets keep their plain names, so a changed stylesheet keeps
    /// its URL and is swapped in place.
    Preview,
    /// The source of a blog export: the site is rendered so that any error stops the
    /// export, but nothing is searched or published.
    Export,
}

impl Target {
    /// Whether assets are named by content hash (`style.1a2b3c4d.css`).
    pub fn fingerprints_assets(self) -> bool {
        self != Target::Preview
    }

    /// Whether pages carry Subresource Integrity values for their assets.
    pub fn checks_integrity(self) -> bool {
        matches!(self, Target::Site | Target::Export)
    }

    /// Whether the publishing pass rewrites the rendered pages (the offline copy makes every
    /// URL page-relative), so that they must stay in memory until it has run.
    pub fn rewrites_pages(self) -> bool {
        self == Target::Offline
    }

    /// Whether search files and the publishing pass (feeds, sitemap, offline rewrite) run.
    pub fn publishes(self) -> bool {
        self != Target::Export
    }
}

/// Every output file, by its path relative to the output folder: what render, search and
/// publish produce and what `write_atomic` (or serve's in-memory swap) takes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Files already written into the build's [`Staging`] folder while the site rendered,
    /// with their sizes: part of the output like `files`, but no longer held in memory.
    pub written: BTreeMap<String, u64>,
}

impl Rendered {
    /// Every output path, in order, whether held in memory or already written.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        let mut held = self.files.keys().map(String::as_str).peekable();
        let mut written = self.written.keys().map(String::as_str).peekable();
        std::iter::from_fn(move || match (held.peek(), written.peek()) {
            (Some(a), Some(b)) if b < a => written.next(),
            (Some(_), _) => held.next(),
            (None, _) => written.next(),
        })
    }

    /// Adds `files`, or with a `sink` writes them into it straight away (in parallel) and
    /// keeps only their paths.
    pub fn add(
        &mut self,
        files: Vec<(String, Vec<u8>)>,
        sink: Option<&Staging>,
    ) -> Result<(), crate::diag::Diagnostic> {
        let incoming = Incoming::new(sink);
        incoming.take(files);
        incoming.finish(self)
    }

    /// Whether `path` is an output file.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.written.contains_key(path)
    }

    /// Every output path with its size in bytes, held or written (not in order).
    pub fn sizes(&self) -> impl Iterator<Item = (&str, u64)> {
        let held = self.files.iter().map(|(p, b)| (p.as_str(), b.len() as u64));
        held.chain(self.written.iter().map(|(p, size)| (p.as_str(), *size)))
    }

    /// Adds `files`; a later file replaces an earlier one at the same path.
    pub fn extend(&mut self, files: impl IntoIterator<Item = (String, Vec<u8>)>) {
        self.files.extend(files);
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteReport {
    pub files: usize,
    pub bytes: u64,
}

/// Refuses an output folder that would swallow the site's own sources.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let out_abs = absolute(out)?;
    if root.starts_with(&out_abs) {
        bail!(
            "refusing to write the site into {}: it contains the site's sources; choose a folder such as public/",
            out.display()
        );
    }
    for source in ["content", "data", "themes"] {
        if out_abs.starts_with(root.join(source)) {
            bail!(
                "refusing to write the site into {}: it is inside {source}/",
                out.display()
            );
        }
    }
    Ok(())
}

/// `path` made absolute, with `..` and links resolved as far as the path exists.
pub(crate) fn absolute(path: &Path) -> Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    // Canonicalise the deepest part that exists, so `..` and links resolve.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(std::ffi::OsStr::to_os_string),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    Ok(out)
}

/// Output files that arrive from any thread while the rest of the site is still being
/// made (the search files, one by one): with a sink each is written into it at once and
/// only its path and size are kept; without one they are held. [`Incoming::finish`] adds
/// them to the [`Rendered`] files, or reports the first write that failed.
pub struct Incoming<'a> {
    sink: Option<&'a Staging>,
    held: Mutex<Vec<(String, Vec<u8>)>>,
    written: Mutex<Vec<(String, u64)>>,
    failed: Mutex<Option<crate::diag::Diagnostic>>,
}

impl<'a> Incoming<'a> {
    pub fn new(sink: Option<&'a Staging>) -> Self {
        Incoming {
            sink,
            held: Mutex::default(),
            written: Mutex::default(),
            failed: Mutex::default(),
        }
    }

    /// Takes `files`: writes them (in parallel) into the sink, or holds them.
    pub fn take(&self, files: Vec<(String, Vec<u8>)>) {
        let Some(sink) = self.sink else {
            lock(&self.held).extend(files);
            return;
        };
        let written = files
            .par_iter()
            .try_for_each(|(path, bytes)| sink.write(path, bytes));
        match written {
            Ok(()) => lock(&self.written).extend(
                files
                    .into_iter()
                    .map(|(path, bytes)| (path, bytes.len() as u64)),
            ),
            Err(err) => {
                let diag = crate::diag::Diagnostic::error(sink.out.clone(), format!("{err:#}"))
                    .hint("check that the output folder's disk has room and is writable");
                lock(&self.failed).get_or_insert(diag);
            }
        }
    }

    /// Adds what arrived to `rendered`.
    pub fn finish(self, rendered: &mut Rendered) -> Result<(), crate::diag::Diagnostic> {
        if let Some(diag) = into(self.failed) {
            return Err(diag);
        }
        rendered.extend(into(self.held));
        rendered.written.extend(into(self.written));
        Ok(())
    }
}

/// A lock that a panicked holder did not spoil: the data is plain lists.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn into<T>(m: Mutex<T>) -> T {
    m.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Writes `rendered` to `out` atomically.
pub fn write_atomic(rendered: &Rendered, out: &Path) -> Result<WriteReport> {
    Staging::create(out)?.commit(rendered)
}

/// The hidden file or folder `.<name of out>.<what>` beside the output folder `out`
/// (`.public.archkb-new-42` for `public/`): where a build stages, and what it keeps of the
/// output, without putting anything inside it.
pub fn beside(out: &Path, what: &str) -> PathBuf {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    parent.join(format!(".{name}.{what}"))
}

/// A fresh folder beside `out` that a build writes into, and swaps in for `out` only when
/// every file is written ([`Staging::commit`]); dropped without a commit, it is removed and
/// `out` stays as it was. Pages can be written into it while the rest still renders
/// ([`Staging::write`], from any thread), so they need not all be held in memory.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    files: AtomicUsize,
    bytes: AtomicU64,
    committed: bool,
}

impl Staging {
    /// Makes the empty staging folder for `out` (and `out`'s parent, if missing).
    pub fn create(out: &Path) -> Result<Staging> {
        let dir = beside(out, &format!("archkb-new-{}", std::process::id()));
        let old = beside(out, &format!("archkb-old-{}", std::process::id()));
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            old,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
        })
    }

    /// Writes one output file, `rel` being its path in the output folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        // The last guard: whatever a page's URL became, nothing is written outside the folder.
        let inside = Path::new(rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside || rel.contains('\\') {
            bail!("refusing to write {rel:?}: the path leaves the output folder");
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// The bytes of `rel`, written into the folder earlier in this build.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>> {
        let path = self.dir.join(rel);
        std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
    }

    /// Writes `rendered`'s files (those still in memory; its `written` ones are here
    /// already), then swaps the folder in for `out`.
    pub fn commit(mut self, rendered: &Rendered) -> Result<WriteReport> {
        rendered
            .files
            .par_iter()
            .try_for_each(|(rel, bytes)| self.write(rel, bytes))?;
        self.swap()?;
        self.committed = true;
        Ok(WriteReport {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }

    /// Moves the finished folder to `out`, keeping the dotfiles of the previous output.
    fn swap(&self) -> Result<()> {
        let (out, staging, old) = (&self.out, &self.dir, &self.old);
        if out.exists() {
            // Keep what hosting tools keep in the output folder (.git of a gh-pages checkout,
            // .nojekyll, ...): archkb never writes dotfiles itself.
            for entry in
                std::fs::read_dir(out).with_context(|| format!("reading {}", out.display()))?
            {
                let entry = entry?;
                if entry.file_name().to_string_lossy().starts_with('.') {
                    std::fs::rename(entry.path(), staging.join(entry.file_name()))
                        .with_context(|| format!("keeping {}", entry.path().display()))?;
                }
            }
            std::fs::rename(out, old)
                .with_context(|| format!("moving the previous {} aside", out.display()))?;
        }
        if let Err(err) = std::fs::rename(staging, out) {
            if old.exists() {
                let _ = std::fs::rename(old, out);
            }
            return Err(err).with_context(|| format!("moving the new site into {}", out.display()));
        }
        if old.exists() {
            std::fs::remove_dir_all(old).with_context(|| format!("removing {}", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(files: &[(&str, &str)]) -> Rendered {
        Rendered {
            files: files
                .iter()
                .map(|(p, c)| ((*p).to_string(), c.as_bytes().to_vec()))
                .collect(),
            written: BTreeMap::new(),
        }
    }

    #[test]
    fn a_new_build_replaces_the_old_one_without_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&rendered(&[("a/index.html", "1"), ("old.html", "x")]), &out).unwrap();
        std::fs::write(out.join(".nojekyll"), "").unwrap();
        write_atomic(&rendered(&[("a/index.html", "2")]), &out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "2"
        );
        assert!(!out.join("old.html").exists());
        assert!(out.join(".nojekyll").exists(), "dotfiles are kept");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    #[test]
    fn files_written_while_rendering_join_the_ones_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::create(&out).unwrap();
        staging.write("b/index.html", b"page").unwrap();
        let mut files = rendered(&[("a.json", "1"), ("c.css", "2")]);
        files.written.insert("b/index.html".into(), 4);
        assert_eq!(
            files.paths().collect::<Vec<_>>(),
            ["a.json", "b/index.html", "c.css"]
        );
        assert!(files.contains("b/index.html") && files.contains("a.json"));
        let report = staging.commit(&files).unwrap();
        assert_eq!((report.files, report.bytes), (3, 6));
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"page");
        assert_eq!(std::fs::read(out.join("c.css")).unwrap(), b"2");
    }

    #[test]
    fn a_staging_folder_dropped_without_a_commit_leaves_the_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&rendered(&[("a/index.html", "1")]), &out).unwrap();
        let staging = Staging::create(&out).unwrap();
        staging.write("a/index.html", b"half-built").unwrap();
        assert!(staging.write("../escape.html", b"x").is_err());
        drop(staging);
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"1");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "the staging folder is removed");
    }

    #[test]
    fn refuses_to_write_over_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_output_dir(dir.path(), dir.path()).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("content/x")).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("public")).is_ok());
    }
}
