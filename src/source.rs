//! Discovery: walk `content/`, `data/` and the site's theme folder and read every file.
//!
//! This is the only place that reads the site's input, so every later stage is a pure
//! function of the `SourceSet` it returns. Text files are decoded here, once; a file that is
//! not UTF-8 becomes a diagnostic rather than a panic further on.

use crate::diag::{line_col, Diagnostic, Diagnostics};
use crate::model::BinaryFile;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One input file, with its path relative to the site root (`/` separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    pub path: PathBuf,
    pub text: String,
}

/// Everything a site is made of, read from disk.
#[derive(Debug, Clone, Default)]
pub struct SourceSet {
    pub root: PathBuf,
    pub config: Option<TextFile>,
    /// Markdown under `content/`.
    pub content: Vec<TextFile>,
    /// Markdown files under `content/` that could not be decoded or were too large to read
    /// (already reported).
    pub undecodable_content: Vec<PathBuf>,
    /// Other files under `content/` (images and the like), copied as they are.
    pub content_assets: Vec<BinaryFile>,
    /// YAML and JSON under `data/`.
    pub data: Vec<TextFile>,
    /// Files under `themes/`, with paths relative to the site root.
    pub theme: Vec<BinaryFile>,
}

impl SourceSet {
    pub fn data_file(&self, rel: &str) -> Option<&TextFile> {
        self.data.iter().find(|f| f.path == Path::new(rel))
    }
}

const TEXT_EXTENSIONS: &[&str] = &["md", "yaml", "yml", "json"];

/// Reads the site under `root`. Missing folders are simply empty; unreadable ones are
/// plumbing errors.
pub fn discover(root: &Path) -> Result<(SourceSet, Diagnostics)> {
    let mut set = SourceSet {
        root: root.to_path_buf(),
        ..SourceSet::default()
    };
    let mut diags = Diagnostics::default();

    let config_path = root.join("config.yaml");
    if config_path.exists() {
        let bytes = std::fs::read(&config_path)
            .with_context(|| format!("reading {}", config_path.display()))?;
        if let Some(file) = decode(PathBuf::from("config.yaml"), bytes, &mut diags) {
            set.config = Some(file);
        }
    }

    let mut refused = Vec::new();
    for file in walk(
        root,
        Path::new("content"),
        &["md"],
        &mut diags,
        &mut refused,
    )? {
        if has_extension(&file.path, &["md"]) {
            let path = file.path.clone();
            match decode(file.path, file.bytes, &mut diags) {
                Some(text) => set.content.push(text),
                None => set.undecodable_content.push(path),
            }
        } else {
            set.content_assets.push(file);
        }
    }

    // A refused article still exists: links to it are not reported again as broken.
    set.undecodable_content.append(&mut refused);
    for file in walk(
        root,
        Path::new("data"),
        TEXT_EXTENSIONS,
        &mut diags,
        &mut refused,
    )? {
        if has_extension(&file.path, TEXT_EXTENSIONS) {
            if let Some(text) = decode(file.path, file.bytes, &mut diags) {
                set.data.push(text);
            }
        }
    }

    // Every theme folder is read; the config picks one later.
    set.theme = walk(root, Path::new("themes"), &[], &mut diags, &mut refused)?;

    Ok((set, diags))
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.contains(&e))
}

/// Skips what editors and operating systems leave beside real files.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with('#')
}

/// The largest Markdown, YAML or JSON file read. Real articles and data files are a few
/// kilobytes; a 20 MB pasted log took seconds and most of a gigabyte to build, so a file
/// above this is refused before it is read.
pub const MAX_TEXT_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads every file under `root/dir`. Links are followed inside the site; a link that
/// points outside it is an error and is not read (publishing a file from elsewhere on the
/// machine is never what a link in `content/` meant), and a link loop is a warning. Text
/// files over `MAX_TEXT_FILE_BYTES` are errors too, and their paths go to `refused`.
fn walk(
    root: &Path,
    dir: &Path,
    text_extensions: &[&str],
    diags: &mut Diagnostics,
    refused: &mut Vec<PathBuf>,
) -> Result<Vec<BinaryFile>> {
    let full = root.join(dir);
    if !full.exists() {
        return Ok(Vec::new());
    }
    let real_root =
        std::fs::canonicalize(root).with_context(|| format!("reading {}", root.display()))?;
    let mut to_read = Vec::new();
    let mut walker = WalkDir::new(&full)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| dir.to_path_buf(), |p| relative(root, p));
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop; the link was skipped".to_string()
                } else {
                    format!("cannot read: {err}")
                };
                diags.push(
                    Diagnostic::warning(path, message)
                        .hint("remove the link or point it at a folder outside this one"),
                );
                continue;
            }
        };
        // On Unix `\` is a legal file-name character, but it is a separator on Windows and
        // in URLs as browsers read them: `a\..\..\x.md` would become a path that climbs
        // out of the output folder. Such a name is refused, whatever the system.
        if entry.depth() > 0 && entry.file_name().to_string_lossy().contains('\\') {
            diags.push(
                Diagnostic::error(
                    relative_raw(root, entry.path()),
                    "the name holds a backslash (`\\`); it was not read",
                )
                .hint("rename it with letters, digits, `-` and `_`; folders are separated by `/`"),
            );
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink() {
            let target = std::fs::canonicalize(entry.path()).ok();
            if !target.as_ref().is_some_and(|t| t.starts_with(&real_root)) {
                let shown = target.map_or_else(|| "?".to_string(), |t| t.display().to_string());
                diags.push(
                    Diagnostic::error(
                        relative(root, entry.path()),
                        format!("symbolic link to {shown}, outside the site; it was not read"),
                    )
                    .hint(
                        "copy the file into the site, or link to a file inside the site's folder",
                    ),
                );
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative(root, entry.path());
        let size = entry.metadata().map_or(0, |m| m.len());
        if size > MAX_TEXT_FILE_BYTES && has_extension(&rel, text_extensions) {
            diags.push(
                Diagnostic::error(
                    &rel,
                    format!(
                        "the file is {:.1} MiB; archkb reads Markdown, YAML and JSON files up to {} MiB",
                        size as f64 / (1024.0 * 1024.0),
                        MAX_TEXT_FILE_BYTES / (1024 * 1024)
                    ),
                )
                .hint("split it into several files, or link to the large text instead of including it"),
            );
            refused.push(rel);
            continue;
        }
        to_read.push((rel, entry.into_path()));
    }
    // Read in parallel (in walk order): on a cold disk most of a large site's first
    // second is spent waiting for reads.
    to_read
        .into_par_iter()
        .map(|(rel, path)| {
            let bytes =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            Ok(BinaryFile { path: rel, bytes })
        })
        .collect()
}

/// The path as it is, for naming a file whose name `relative` would misread.
fn relative_raw(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    let rel = path.strip_prefix(root).unwrap_or(path);
    // Normalise separators so diagnostics and URLs look the same on every system.
    PathBuf::from(rel.to_string_lossy().replace('\\', "/"))
}

/// UTF-8 or a diagnostic that points at the first bad byte.
pub fn decode(path: PathBuf, bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<TextFile> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Some(TextFile { path, text })
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let (line, col) = line_col(&prefix, prefix.len());
            diags.push(
                Diagnostic::error(&path, "the file is not valid UTF-8")
                    .at(line, col)
                    .hint(
                        "save the file as UTF-8 (without a legacy encoding such as Latin-1 or GBK)",
                    ),
            );
            None
        }
    }
}
