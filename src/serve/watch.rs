//! Watching the site's sources: which raw filesystem events matter, and what kind of
//! change each one is.
//!
//! The classification is one pure function of paths (Zola's `fs_utils.rs` shape), so it is
//! unit-tested without touching a disk. It drops editor temp and backup files, hidden
//! files and the output folder: watching the output is how rebuild loops start. The
//! watcher itself watches folders, not files, because editors save by writing a temp file
//! and renaming it over the original.

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Event, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// What a changed file feeds; it decides how much has to be rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// Markdown and assets under `content/`.
    Content,
    /// YAML and JSON under `data/`.
    Data,
    /// Templates and UI strings under `themes/`.
    Template,
    /// Files under `themes/<name>/static/`.
    Static,
    /// `config.yaml`.
    Config,
}

/// One relevant change: the file (relative to the site root, `/` separators) and its kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    pub kind: ChangeKind,
    pub path: PathBuf,
}

/// Editor temp and backup files, and hidden files: never part of the site.
pub fn is_editor_noise(name: &str) -> bool {
    name.starts_with('.')                      // hidden, `.#x` (Emacs locks), `.x.swp`
        || name.ends_with('~')                 // Emacs, gedit backups
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name == "4913"                      // Vim's probe for a writable folder
        || name.ends_with(".tmp")
        || name.contains("___jb_")             // JetBrains safe-write temps
        || name.ends_with(".crswap")           // Chrome's file system API
        || (name.starts_with('#') && name.ends_with('#')) // Emacs auto-save
        || name.ends_with(".bak")
        || name.ends_with(".orig")
}

/// Classifies one path from a raw event. `root` is the site root and `out` the output folder
/// (both as the watcher reports them: absolute). `None` means "not part of the site".
pub fn classify(root: &Path, out: &Path, path: &Path) -> Option<Change> {
    if path.starts_with(out) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            _ => return None,
        }
    }
    if parts.iter().any(|p| is_editor_noise(p)) {
        return None;
    }
    let kind = match parts.first().map(String::as_str)? {
        "config.yaml" if parts.len() == 1 => ChangeKind::Config,
        "content" => ChangeKind::Content,
        "data" => ChangeKind::Data,
        // themes/<name>/static/... ; everything else in a theme feeds every page.
        "themes" if parts.get(2).map(String::as_str) == Some("static") => ChangeKind::Static,
        "themes" => ChangeKind::Template,
        _ => return None,
    };
    // A bare top-level folder event (`content` created or removed) is a content change too.
    Some(Change {
        kind,
        path: PathBuf::from(parts.join("/")),
    })
}

/// Classifies a raw notify event: access events other than "closed after writing" are
/// dropped (reading a file is not changing it), then each path is classified.
pub fn classify_event(root: &Path, out: &Path, event: &Event) -> Vec<Change> {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
        EventKind::Access(_) => return Vec::new(),
        _ => {}
    }
    event
        .paths
        .iter()
        .filter_map(|p| classify(root, out, p))
        .collect()
}

/// A running watcher; dropping it stops watching.
pub enum SiteWatcher {
    Native(RecommendedWatcher),
    Poll(PollWatcher),
}

/// Watches `root` itself (for `config.yaml` and top-level folders appearing) and `content/`,
/// `data/`, `themes/` recursively. `poll` uses notify's PollWatcher (network drives,
/// containers where inotify does not see changes).
pub fn watch(
    root: &Path,
    poll: Option<Duration>,
    handler: impl notify::EventHandler,
) -> notify::Result<SiteWatcher> {
    let mut watcher = match poll {
        Some(interval) => SiteWatcher::Poll(PollWatcher::new(
            handler,
            notify::Config::default()
                .with_poll_interval(interval)
                .with_compare_contents(true),
        )?),
        None => SiteWatcher::Native(RecommendedWatcher::new(handler, notify::Config::default())?),
    };
    watcher.add(root, RecursiveMode::NonRecursive)?;
    for dir in ["content", "data", "themes"] {
        watcher.add_dir(&root.join(dir));
    }
    Ok(watcher)
}

impl SiteWatcher {
    fn add(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            SiteWatcher::Native(w) => w.watch(path, mode),
            SiteWatcher::Poll(w) => w.watch(path, mode),
        }
    }

    /// Starts watching a source folder recursively if it exists (it may appear later: the
    /// server calls this again when `root` reports it created).
    pub fn add_dir(&mut self, dir: &Path) {
        if dir.is_dir() {
            let _ = self.add(dir, RecursiveMode::Recursive);
        }
    }
}

/// Source folders whose creation a root-level event reports, so they can be watched.
pub fn created_source_dirs(root: &Path, event: &Event) -> Vec<PathBuf> {
    if !matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_)) {
        return Vec::new();
    }
    event
        .paths
        .iter()
        .filter(|p| p.parent() == Some(root))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| ["content", "data", "themes"].contains(&&*n.to_string_lossy()))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RemoveKind};

    fn kind(path: &str) -> Option<ChangeKind> {
        classify(
            Path::new("/site"),
            Path::new("/site/public"),
            Path::new(path),
        )
        .map(|c| c.kind)
    }

    #[test]
    fn sorts_changes_by_what_they_feed() {
        assert_eq!(
            kind("/site/content/en/guides/a.md"),
            Some(ChangeKind::Content)
        );
        assert_eq!(kind("/site/content/zh/img.png"), Some(ChangeKind::Content));
        assert_eq!(
            kind("/site/data/architectures/cnn.yaml"),
            Some(ChangeKind::Data)
        );
        assert_eq!(kind("/site/data/bench/h100.json"), Some(ChangeKind::Data));
        assert_eq!(
            kind("/site/themes/default/templates/base.html"),
            Some(ChangeKind::Template)
        );
        assert_eq!(
            kind("/site/themes/default/i18n/zh.yaml"),
            Some(ChangeKind::Template)
        );
        assert_eq!(
            kind("/site/themes/default/static/style.css"),
            Some(ChangeKind::Static)
        );
        assert_eq!(kind("/site/config.yaml"), Some(ChangeKind::Config));
    }

    #[test]
    fn ignores_editor_temp_and_backup_files() {
        for noise in [
            "/site/content/en/.a.md.swp",
            "/site/content/en/a.md.swp",
            "/site/content/en/a.md~",
            "/site/content/en/.#a.md",
            "/site/content/en/#a.md#",
            "/site/content/en/4913",
            "/site/content/en/a.md.tmp",
            "/site/content/en/a.md___jb_tmp___",
            "/site/content/en/a.md___jb_old___",
            "/site/data/.hidden.yaml",
            "/site/content/.git/index",
        ] {
            assert_eq!(kind(noise), None, "{noise} should be ignored");
        }
    }

    #[test]
    fn ignores_the_output_folder_and_everything_outside_the_sources() {
        assert_eq!(kind("/site/public/index.html"), None);
        assert_eq!(kind("/site/public/content/x.md"), None);
        assert_eq!(kind("/site/README.md"), None);
        assert_eq!(kind("/site/target/debug/x"), None);
        assert_eq!(kind("/elsewhere/content/a.md"), None);
        assert_eq!(kind("/site/config.yaml.tmp"), None);
        assert_eq!(kind("/site/sub/config.yaml"), None);
        // An output folder inside content/ would still be ignored.
        assert_eq!(
            classify(
                Path::new("/site"),
                Path::new("/site/content/out"),
                Path::new("/site/content/out/a.html")
            ),
            None
        );
    }

    #[test]
    fn drops_reads_but_keeps_writes_renames_and_removes() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        let path = PathBuf::from("/site/content/en/a.md");
        let event = |kind| Event::new(kind).add_path(path.clone());
        assert!(classify_event(root, out, &event(EventKind::Access(AccessKind::Read))).is_empty());
        assert!(classify_event(
            root,
            out,
            &event(EventKind::Access(AccessKind::Close(AccessMode::Read)))
        )
        .is_empty());
        for kind in [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Remove(RemoveKind::File),
        ] {
            assert_eq!(
                classify_event(root, out, &event(kind)),
                vec![Change {
                    kind: ChangeKind::Content,
                    path: "content/en/a.md".into()
                }]
            );
        }
        // A rename reports both names; a temp file renamed over the article counts once.
        let rename = Event::new(EventKind::Modify(ModifyKind::Name(
            notify::event::RenameMode::Both,
        )))
        .add_path("/site/content/en/a.md.tmp".into())
        .add_path(path.clone());
        assert_eq!(classify_event(root, out, &rename).len(), 1);
    }

    #[test]
    fn notices_source_folders_created_later() {
        let event = Event::new(EventKind::Create(CreateKind::Folder))
            .add_path("/site/themes".into())
            .add_path("/site/other".into());
        assert_eq!(
            created_source_dirs(Path::new("/site"), &event),
            vec![PathBuf::from("/site/themes")]
        );
    }
}
