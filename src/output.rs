//! Output: the only place that writes the site. A build is written into a fresh folder
//! beside the target and swapped in at the end, so a failed build leaves the previous
//! output untouched and a good one leaves no stale files.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
}

impl Rendered {
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

/// Writes `rendered` to `out` atomically.
pub fn write_atomic(rendered: &Rendered, out: &Path) -> Result<WriteReport> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.archkb-new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.archkb-old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);

    let report = write_tree(rendered, &staging).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&staging);
    })?;

    if out.exists() {
        // Keep what hosting tools keep in the output folder (.git of a gh-pages checkout,
        // .nojekyll, ...): archkb never writes dotfiles itself.
        for entry in std::fs::read_dir(out).with_context(|| format!("reading {}", out.display()))? {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                std::fs::rename(entry.path(), staging.join(entry.file_name()))
                    .with_context(|| format!("keeping {}", entry.path().display()))?;
            }
        }
        std::fs::rename(out, &old)
            .with_context(|| format!("moving the previous {} aside", out.display()))?;
    }
    if let Err(err) = std::fs::rename(&staging, out) {
        if old.exists() {
            let _ = std::fs::rename(&old, out);
        }
        return Err(err).with_context(|| format!("moving the new site into {}", out.display()));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
    }
    Ok(report)
}

fn write_tree(rendered: &Rendered, dir: &Path) -> Result<WriteReport> {
    let mut report = WriteReport::default();
    for (rel, bytes) in &rendered.files {
        // The last guard: whatever a page's URL became, nothing is written outside `dir`.
        let inside = Path::new(rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside || rel.contains('\\') {
            bail!("refusing to write {rel:?}: the path leaves the output folder");
        }
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        report.files += 1;
        report.bytes += bytes.len() as u64;
    }
    Ok(report)
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
    fn refuses_to_write_over_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_output_dir(dir.path(), dir.path()).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("content/x")).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("public")).is_ok());
    }
}
