//! The test harness: copy a fixture site into a temp folder, change it, build it.

use archkb::{BuildOptions, SiteBuild};
use std::path::{Path, PathBuf};
use std::process::Output;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(&repo_root().join("tests/fixtures").join(name), site.path());
        site
    }

    /// A copy of the bundled knowledge base (config, content, data, themes).
    pub fn bundled() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::copy(
            repo_root().join("config.yaml"),
            site.path().join("config.yaml"),
        )
        .expect("copy config");
        for dir in ["content", "data", "themes"] {
            copy_dir(&repo_root().join(dir), &site.path().join(dir));
        }
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.path().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel))
            .unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    /// Replaces the first occurrence of `from` in `rel`, failing loudly if it is absent.
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path().join(rel)).expect("remove");
        self
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions::new(self.path())
    }

    /// Builds through the library into `public/`.
    pub fn build(&self) -> SiteBuild {
        archkb::build(&self.options())
            .expect("no plumbing failure")
            .0
    }

    /// The output file at `rel` (under public/).
    pub fn output(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel))
            .unwrap_or_else(|e| panic!("reading public/{rel}: {e}"))
    }

    /// Runs the real binary in the site's folder.
    pub fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_archkb"))
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("run archkb")
    }

    /// The diagnostics of a build, as the CLI prints them.
    pub fn diagnostics(&self) -> String {
        archkb::load_and_render(&self.options())
            .expect("no plumbing failure")
            .diagnostics
            .render_text()
    }
}

/// The HTML inside `<main>`: what a snapshot should look at.
pub fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("has <main>");
    let end = html.rfind("</main>").expect("has </main>") + "</main>".len();
    html[start..end].to_string()
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("reading {}: {e}", from.display()))
    {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
