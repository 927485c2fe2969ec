//! The no-op build: `archkb build` keeps the previous output when nothing it reads changed.
//!
//! A successful build writes a manifest beside the output folder (`.public.archkb-manifest.json`
//! for `public/`, never inside it: the output is what gets deployed). It holds a fingerprint
//! of everything the output is a function of, the size and times of every file written, and
//! the build's diagnostics. The next build fingerprints what `source::discover` read; when the
//! fingerprint is the same and every file in the output folder is still the one written, the
//! output is already what a build would write, so nothing is rendered or written.
//!
//! Why it is never stale: the fingerprint covers archkb's own binary (so a rebuilt archkb
//! never reuses what another build of it wrote), every option that changes the output, and
//! every byte and path discover read; nothing else feeds a build (no clock, no environment,
//! no git). A file changed by hand after the build changes its modification time, and on
//! Unix its change time and inode, which cannot be set back; the manifest is recorded only
//! once the file-system clock has moved past the last write, so even an edit made in the same
//! clock tick as the build shows. Anything that does not match is a full build.

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{self, Rendered, WriteReport};
use crate::source::{SourceSet, TextFile};
use crate::BuildOptions;
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

/// The manifest's format; a manifest of another format is ignored (a full build).
const FORMAT: u32 = 1;

/// The longest `record` waits for the file-system clock to move past the last write
/// (one tick: a few milliseconds on Linux, two seconds on FAT).
const CLOCK_WAIT: Duration = Duration::from_millis(2500);

/// One build's view of the cache: the fingerprint of its inputs and where its manifest is.
#[derive(Debug)]
pub struct BuildCache {
    out: PathBuf,
    manifest: PathBuf,
    /// `None` when the inputs could not all be fingerprinted (archkb's own binary could not
    /// be read): such a build is never reused and records nothing.
    fingerprint: Option<String>,
}

/// The previous build's output, found up to date.
#[derive(Debug)]
pub struct UpToDate {
    pub report: WriteReport,
    /// The diagnostics (warnings) the build that wrote the output reported.
    pub diagnostics: Diagnostics,
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    fingerprint: String,
    /// Every output file, by its path relative to the output folder (`/` separators).
    files: BTreeMap<String, Stamp>,
    diagnostics: Vec<Diagnostic>,
}

/// What a file's metadata says about its content without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    size: u64,
    /// Modification time, nanoseconds since 1970.
    mtime_ns: u64,
    /// Unix: the change time (nanoseconds since 1970), which every write sets to now and
    /// nothing can set back. Elsewhere the modification time again.
    ctime_ns: i64,
    /// Unix: the inode, new when an editor saves by replacing the file. Elsewhere 0.
    inode: u64,
}

impl BuildCache {
    /// Fingerprints a build of `sources` (what discover read, with the diagnostics it
    /// reported) with `options`.
    pub fn new(options: &BuildOptions, sources: &SourceSet, discovered: &Diagnostics) -> Self {
        BuildCache {
            out: options.out.clone(),
            manifest: manifest_path(&options.out),
            fingerprint: fingerprint(options, sources, discovered),
        }
    }

    /// The previous build's report and diagnostics, when its manifest has this build's
    /// fingerprint and the output folder holds exactly the files it wrote, untouched.
    pub fn up_to_date(&self) -> Option<UpToDate> {
        let fingerprint = self.fingerprint.as_ref()?;
        let text = std::fs::read(&self.manifest).ok()?;
        let manifest: Manifest = serde_json::from_slice(&text).ok()?;
        if manifest.format != FORMAT || &manifest.fingerprint != fingerprint {
            return None;
        }
        let bytes = output_matches(&self.out, &manifest.files)?;
        Some(UpToDate {
            report: WriteReport {
                files: manifest.files.len(),
                bytes,
            },
            diagnostics: manifest.diagnostics.into_iter().collect(),
        })
    }

    /// Removes the manifest, before the output is replaced: a build that stops half-way
    /// then leaves no manifest describing output that is not there.
    pub fn forget(&self) -> Result<()> {
        match std::fs::remove_file(&self.manifest) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                Err(err).with_context(|| format!("removing {}", self.manifest.display()))
            }
            _ => Ok(()),
        }
    }

    /// Writes the manifest of `rendered`, now in the output folder, with the build's
    /// `diagnostics`. Records nothing (the next build is a full one) when the inputs had no
    /// fingerprint, or when a file is not as written or changes while it is recorded.
    pub fn record(&self, rendered: &Rendered, diagnostics: &Diagnostics) -> Result<()> {
        let Some(fingerprint) = &self.fingerprint else {
            return Ok(());
        };
        let Some(first) = self.stamps(rendered) else {
            return Ok(());
        };
        let temp = self.manifest.with_file_name(format!(
            "{}.new-{}",
            file_name(&self.manifest),
            std::process::id()
        ));
        // A file edited later in the same clock tick as its write would keep its times:
        // wait until the file-system clock (read off the temp file) is past every write,
        // and only then take the stamps that are recorded.
        let last_write = first.values().map(|s| s.ctime_ns).max().unwrap_or(0);
        let started = Instant::now();
        while clock_now(&temp)? <= last_write {
            if started.elapsed() > CLOCK_WAIT {
                let _ = std::fs::remove_file(&temp);
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let files = match self.stamps(rendered) {
            Some(files) if files == first => files,
            _ => {
                let _ = std::fs::remove_file(&temp);
                return Ok(());
            }
        };
        let manifest = Manifest {
            format: FORMAT,
            fingerprint: fingerprint.clone(),
            files,
            diagnostics: diagnostics.iter().cloned().collect(),
        };
        // A diagnostic naming a file that is not UTF-8 cannot be written as JSON; the next
        // build is then a full one.
        let Ok(json) = serde_json::to_vec(&manifest) else {
            let _ = std::fs::remove_file(&temp);
            return Ok(());
        };
        std::fs::write(&temp, json).with_context(|| format!("writing {}", temp.display()))?;
        std::fs::rename(&temp, &self.manifest)
            .with_context(|| format!("writing {}", self.manifest.display()))
    }

    /// The stamp of every file of `rendered` in the output folder; `None` if one is missing,
    /// not a plain file, or not the size it was written with.
    fn stamps(&self, rendered: &Rendered) -> Option<BTreeMap<String, Stamp>> {
        // A stat per file, 13,747 at 10,000 articles: spread over the cores.
        let sizes: Vec<(&str, u64)> = rendered.sizes().collect();
        sizes
            .into_par_iter()
            .map(|(rel, size)| {
                let meta = std::fs::symlink_metadata(self.out.join(rel)).ok()?;
                let stamp = stamp(&meta).filter(|s| s.size == size)?;
                Some((rel.to_string(), stamp))
            })
            .collect()
    }
}

/// Where the manifest of the output folder `out` lives: beside it, named like the staging
/// folders (`.public.archkb-manifest.json` for `public/`).
pub fn manifest_path(out: &Path) -> PathBuf {
    output::beside(out, "archkb-manifest.json")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The file-system clock now, as the change time of `probe` after writing it.
fn clock_now(probe: &Path) -> Result<i64> {
    std::fs::write(probe, b"").with_context(|| format!("writing {}", probe.display()))?;
    let meta = std::fs::metadata(probe).with_context(|| format!("reading {}", probe.display()))?;
    Ok(stamp(&meta).map_or(i64::MAX, |s| s.ctime_ns))
}

fn stamp(meta: &std::fs::Metadata) -> Option<Stamp> {
    if !meta.is_file() {
        return None;
    }
    let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    let mtime_ns = u64::try_from(mtime.as_nanos()).ok()?;
    #[cfg(unix)]
    let (ctime_ns, inode) = {
        use std::os::unix::fs::MetadataExt;
        let ctime = meta
            .ctime()
            .checked_mul(1_000_000_000)?
            .checked_add(meta.ctime_nsec())?;
        (ctime, meta.ino())
    };
    #[cfg(not(unix))]
    let (ctime_ns, inode) = (i64::try_from(mtime_ns).ok()?, 0);
    Some(Stamp {
        size: meta.len(),
        mtime_ns,
        ctime_ns,
        inode,
    })
}

/// The total size of the files in `out`, when they are exactly `files` with their stamps:
/// none missing, none added, none changed. Top-level dotfiles are not the build's: they are
/// what `write_atomic` keeps from hosting tools (`.git`, `.nojekyll`).
fn output_matches(out: &Path, files: &BTreeMap<String, Stamp>) -> Option<u64> {
    let mut dirs = HashSet::new();
    for rel in files.keys() {
        let mut rest = rel.as_str();
        while let Some((parent, _)) = rest.rsplit_once('/') {
            if !dirs.insert(parent) {
                break;
            }
            rest = parent;
        }
    }
    let mut seen = 0;
    let walker = walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.ok()?;
        let rel = relative(out, entry.path())?;
        if entry.file_type().is_dir() {
            if !dirs.contains(rel.as_str()) {
                return None;
            }
        } else if files.get(&rel)? != &stamp(&entry.metadata().ok()?)? {
            return None;
        } else {
            seen += 1;
        }
    }
    (seen == files.len()).then(|| files.values().map(|s| s.size).sum())
}

/// `path` under `out` as an output path (`a/b.html`); `None` for a name that is not UTF-8,
/// which archkb never writes.
fn relative(out: &Path, path: &Path) -> Option<String> {
    let parts = path
        .strip_prefix(out)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<Vec<_>>>()?;
    Some(parts.join("/"))
}

/// SHA-256 of everything the output of a build is a function of, as hex.
fn fingerprint(
    options: &BuildOptions,
    sources: &SourceSet,
    discovered: &Diagnostics,
) -> Option<String> {
    let mut h = Fields(Sha256::new());
    h.text("archkb build fingerprint");
    h.bytes(&own_binary_digest()?);
    h.text(env!("CARGO_PKG_VERSION"));

    h.text("options");
    h.path(&std::fs::canonicalize(&options.root).ok()?);
    h.path(&output::absolute(&options.out).ok()?);
    match &options.base_url {
        Some(url) => {
            h.count(1);
            h.text(url);
        }
        None => h.count(0),
    }
    h.count(usize::from(options.drafts));
    h.text(&format!("{:?}", options.target));

    h.text("config");
    h.texts(sources.config.as_slice());
    h.text("content");
    h.texts(&sources.content);
    h.text("undecodable content");
    h.count(sources.undecodable_content.len());
    for path in &sources.undecodable_content {
        h.path(path);
    }
    h.text("content assets");
    h.binaries(&sources.content_assets);
    h.text("data");
    h.texts(&sources.data);
    h.text("themes");
    h.binaries(&sources.theme);
    // What discover saw but did not read: links that loop or leave the site, names it
    // refuses, files too large. They change what the build reports.
    h.text("discovered");
    h.text(&format!("{discovered:?}"));

    Some(h.0.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// A hasher fed unambiguous fields: each is its length, then its bytes.
struct Fields(Sha256);

impl Fields {
    fn bytes(&mut self, bytes: &[u8]) {
        self.count(bytes.len());
        self.0.update(bytes);
    }

    fn count(&mut self, n: usize) {
        self.0.update((n as u64).to_le_bytes());
    }

    fn text(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    fn path(&mut self, path: &Path) {
        self.bytes(path.as_os_str().as_encoded_bytes());
    }

    /// Each file's path, length and digest; the digests are taken in parallel (a large
    /// site's sources are tens of megabytes).
    fn files<F: Sync>(&mut self, files: &[F], parts: impl Fn(&F) -> (&Path, &[u8]) + Sync) {
        let digests: Vec<[u8; 32]> = files
            .par_iter()
            .map(|file| Sha256::digest(parts(file).1).into())
            .collect();
        self.count(files.len());
        for (file, digest) in files.iter().zip(digests) {
            let (path, bytes) = parts(file);
            self.path(path);
            self.count(bytes.len());
            self.0.update(digest);
        }
    }

    fn texts(&mut self, files: &[TextFile]) {
        self.files(files, |f| (&f.path, f.text.as_bytes()));
    }

    fn binaries(&mut self, files: &[crate::model::BinaryFile]) {
        self.files(files, |f| (&f.path, &f.bytes));
    }
}

/// SHA-256 of the running archkb binary, read once per process.
fn own_binary_digest() -> Option<[u8; 32]> {
    static DIGEST: std::sync::OnceLock<Option<[u8; 32]>> = std::sync::OnceLock::new();
    *DIGEST.get_or_init(|| {
        // On Linux /proc/self/exe is the running image even after the file was replaced
        // (a `cargo build` during a long run); elsewhere the file the process started from.
        let running = if cfg!(target_os = "linux") {
            std::fs::File::open("/proc/self/exe").ok()
        } else {
            None
        };
        let mut file = running.or_else(|| {
            std::env::current_exe()
                .ok()
                .and_then(|p| std::fs::File::open(p).ok())
        })?;
        let mut hasher = Sha256::new();
        std::io::copy(&mut file, &mut hasher).ok()?;
        Some(hasher.finalize().into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_is_a_sibling_of_the_output_folder() {
        assert_eq!(
            manifest_path(Path::new("public")),
            Path::new("./.public.archkb-manifest.json")
        );
        assert_eq!(
            manifest_path(Path::new("/srv/site/kb-offline/")),
            Path::new("/srv/site/.kb-offline.archkb-manifest.json")
        );
    }

    #[test]
    fn fields_cannot_run_into_each_other() {
        let digest = |parts: &[&str]| {
            let mut h = Fields(Sha256::new());
            for part in parts {
                h.text(part);
            }
            h.0.finalize()
        };
        assert_ne!(digest(&["ab", "c"]), digest(&["a", "bc"]));
        assert_eq!(digest(&["ab", "c"]), digest(&["ab", "c"]));
    }

    fn stamped(files: &[(&str, &str)]) -> (tempfile::TempDir, BTreeMap<String, Stamp>) {
        let dir = tempfile::tempdir().unwrap();
        let mut stamps = BTreeMap::new();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            let meta = std::fs::metadata(&path).unwrap();
            stamps.insert((*rel).to_string(), stamp(&meta).unwrap());
        }
        (dir, stamps)
    }

    #[test]
    fn output_matches_only_the_exact_set_of_files() {
        let (dir, stamps) = stamped(&[("index.html", "<p>"), ("a/b/index.html", "x")]);
        assert_eq!(output_matches(dir.path(), &stamps), Some(4));

        std::fs::write(dir.path().join(".nojekyll"), "").unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        assert_eq!(
            output_matches(dir.path(), &stamps),
            Some(4),
            "top-level dotfiles are kept, not the build's"
        );

        std::fs::create_dir(dir.path().join("a/empty")).unwrap();
        assert_eq!(output_matches(dir.path(), &stamps), None, "an extra folder");
        std::fs::remove_dir(dir.path().join("a/empty")).unwrap();

        std::fs::write(dir.path().join("a/.DS_Store"), "").unwrap();
        assert_eq!(
            output_matches(dir.path(), &stamps),
            None,
            "a nested dotfile"
        );
        std::fs::remove_file(dir.path().join("a/.DS_Store")).unwrap();

        std::fs::remove_file(dir.path().join("a/b/index.html")).unwrap();
        assert_eq!(output_matches(dir.path(), &stamps), None, "a missing file");
    }

    #[test]
    fn an_edit_right_after_the_build_is_never_taken_for_its_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let rendered = Rendered {
            files: BTreeMap::from([("index.html".to_string(), b"<p>".to_vec())]),
            written: BTreeMap::new(),
        };
        let cache = BuildCache {
            out: out.clone(),
            manifest: manifest_path(&out),
            fingerprint: Some("inputs".into()),
        };
        // Same size, no pause: the modification time and inode may well not change.
        for edit in ["<b>", "<i>", "<u>", "<s>"] {
            output::write_atomic(&rendered, &out).unwrap();
            cache.record(&rendered, &Diagnostics::default()).unwrap();
            assert!(cache.up_to_date().is_some());
            std::fs::write(out.join("index.html"), edit).unwrap();
            assert!(cache.up_to_date().is_none(), "{edit} was taken for <p>");
        }
        cache.forget().unwrap();
        assert!(!manifest_path(&out).exists());
        cache.forget().unwrap();
    }
}
