//! The fast path for the commonest edit: an article's body changed and nothing else.
//!
//! A full rebuild of a 1,000-article site takes over a second, far beyond the 50 ms a
//! preview should take from save to reload. When every change in a batch is an edited
//! article (`content/<lang>/.../x.md`, not a home or section page) whose front matter is
//! unchanged, only two outputs can depend on it: its own page, and the search files, which
//! index every page's rendered text. Section lists, tag pages, the home page and the
//! language switcher read front matter and paths only, and views read `data/`. So the
//! article is re-parsed, its Markdown rendered, its one template rendered against a copy of
//! the site that holds only it and its translations, and the search files are rebuilt from
//! the bodies kept since the last full build (their shards are named by content hash, so
//! the update also names the search files that are gone).
//!
//! Anything else (a new or removed file, a front-matter change, a Markdown error) returns
//! `None` and the caller rebuilds in full. And because this path reasons about what the
//! renderer does rather than calling `render` itself, the server follows every fast update
//! with a full build in the background and publishes any difference: the fast page is an
//! early preview, the full build is the truth. `tests/it/serve.rs` checks that both agree on
//! every article of the bundled site, and on the search files after an edit.

use super::watch::{Change, ChangeKind};
use crate::model::{Page, PageKind, Site};
use crate::render::context::{self, LangContext};
use crate::render::markdown::RenderedMarkdown;
use crate::theme::Theme;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the fast path keeps from the last good full build.
pub struct FastCache {
    /// The site as of the last build plus every fast update since.
    site: Site,
    /// `site` without pages and content assets: cloned cheaply per update.
    skeleton: Site,
    tera: tera::Tera,
    langs: Vec<LangContext>,
    links: crate::render::LinkIndex,
    /// The rendered Markdown of `site.pages`, in the same order: what search indexes.
    bodies: Vec<RenderedMarkdown>,
    /// The output paths of the search files as of the last `search_update`.
    search_files: BTreeSet<String>,
    /// Whether a body changed since the search files were last made.
    search_stale: bool,
    /// Files the last full build reported a problem in (see `render::Reuse`).
    noisy: BTreeSet<PathBuf>,
    /// The key of every page of the last full build, and the files it served, which hold
    /// each of those pages' HTML: what the next full build reuses of the pages whose key is
    /// unchanged (see `render::Reuse`). Empty until [`FastCache::keep_pages`].
    page_keys: crate::render::PageKeys,
    page_files: Arc<BTreeMap<String, Arc<[u8]>>>,
}

/// What a fast update writes.
#[derive(Debug)]
pub struct FastUpdate {
    /// Output path → new bytes: the edited pages, or every search file.
    pub files: Vec<(String, Vec<u8>)>,
    /// Output paths that are gone: search shards whose content (and so name) changed.
    pub removed: Vec<String>,
}

impl FastCache {
    /// Prepares the fast path for `site`, the last good build, rendered with `theme` into
    /// `bodies` (its pages' Markdown) and the output paths `files`, which the full build
    /// already made. `None` when it cannot be prepared; the server then always rebuilds in
    /// full.
    pub fn new<'a>(
        site: Site,
        theme: &Theme,
        bodies: Vec<RenderedMarkdown>,
        files: impl IntoIterator<Item = &'a String>,
        diagnostics: &crate::diag::Diagnostics,
    ) -> Option<FastCache> {
        let tera = crate::render::build_tera(theme).ok()?;
        let mut diags = crate::diag::Diagnostics::default();
        let assets = crate::render::asset_manifest(theme, crate::output::Target::Preview);
        let langs = site
            .config
            .languages
            .iter()
            .map(|lang| LangContext::new(&site, theme, &assets, lang, &mut diags))
            .collect();
        // The same link targets `render` resolves against.
        let links = crate::render::LinkIndex::new(&site);
        if bodies.len() != site.pages.len() {
            return None;
        }
        let search_files = files
            .into_iter()
            .filter(|path| crate::search::is_output(&site.config, path))
            .cloned()
            .collect();
        // Cloned without the pages and content assets, which are most of the site.
        let mut site = site;
        let pages = std::mem::take(&mut site.pages);
        let content_assets = std::mem::take(&mut site.content_assets);
        let skeleton = site.clone();
        site.pages = pages;
        site.content_assets = content_assets;
        Some(FastCache {
            site,
            skeleton,
            tera,
            langs,
            links,
            bodies,
            search_files,
            search_stale: false,
            noisy: diagnostics.iter().map(|d| d.file.clone()).collect(),
            page_keys: crate::render::PageKeys::new(),
            page_files: Arc::default(),
        })
    }

    /// Keeps the pages of the full build this cache was made from: the key of each
    /// (`SiteBuild::page_keys`) and the files served from it (`files` must hold the HTML that
    /// build rendered at each of those paths), for the next full build to reuse.
    pub fn keep_pages(
        &mut self,
        keys: crate::render::PageKeys,
        files: Arc<BTreeMap<String, Arc<[u8]>>>,
    ) {
        self.page_keys = keys;
        self.page_files = files;
    }

    /// What a full rebuild may reuse of the site as it stands: its page bodies, and the
    /// HTML of the pages whose key is unchanged.
    pub fn reuse(&self) -> crate::render::Reuse<'_> {
        crate::render::Reuse {
            site: &self.site,
            bodies: &self.bodies,
            noisy: &self.noisy,
            pages: Some(crate::render::PreviousPages {
                keys: &self.page_keys,
                files: &self.page_files,
            }),
        }
    }

    /// Marks the search files out of date: the full build that made this cache left them
    /// out, so [`FastCache::search_update`] makes them.
    pub fn search_files_needed(&mut self) {
        self.search_stale = true;
    }

    /// Applies a batch of changes if every one is an article-body edit: returns the new
    /// bytes of each affected page (`guides/x/index.html` → HTML), or `None` when the batch
    /// needs a full build. On `None` the cache is unchanged. The search files, which index
    /// every body, are stale until [`FastCache::search_update`] runs: the server publishes
    /// the page first, so the edit shows at once, and the search files right after.
    pub fn try_update(&mut self, root: &Path, changes: &BTreeSet<Change>) -> Option<FastUpdate> {
        let mut updates = Vec::new();
        for change in changes {
            // A folder's own event (the poll watcher reports the folder of an edited file)
            // says nothing by itself: an added or removed file has its own event.
            if change.kind == ChangeKind::Content && root.join(&change.path).is_dir() {
                continue;
            }
            if change.kind != ChangeKind::Content
                || change.path.extension().and_then(|e| e.to_str()) != Some("md")
            {
                return None;
            }
            let index = self.site.pages.iter().position(|p| p.file == change.path)?;
            let old = &self.site.pages[index];
            if old.kind != PageKind::Article {
                return None;
            }
            let bytes = std::fs::read(root.join(&change.path)).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let (front, body, body_line) =
                crate::parse::front_matter::split(&change.path, text).ok()?;
            if front != old.front {
                return None;
            }
            let page = Page {
                body: body.to_string(),
                body_line,
                ..old.clone()
            };
            updates.push((index, page));
        }
        let mut files = Vec::new();
        let mut bodies = Vec::new();
        for (index, page) in &updates {
            let body = self.page_body(page)?;
            files.push(self.render_page(page, *index, body.clone())?);
            bodies.push(body);
        }
        if updates.is_empty() {
            return Some(FastUpdate {
                files,
                removed: Vec::new(),
            });
        }
        for ((index, page), body) in updates.into_iter().zip(bodies) {
            self.site.pages[index] = page;
            self.bodies[index] = body;
        }
        self.search_stale = true;
        Some(FastUpdate {
            files,
            removed: Vec::new(),
        })
    }

    /// The search files of the cached site as it now stands, and the shards they replace;
    /// `None` when no body has changed since they were last made.
    pub fn search_update(&mut self) -> Option<FastUpdate> {
        if !std::mem::take(&mut self.search_stale) {
            return None;
        }
        let search = crate::search::files(
            &self.site,
            &self.bodies,
            &self.site.config.languages,
            crate::search::shards::Twins::No,
        );
        let search_files: BTreeSet<String> = search.iter().map(|(path, _)| path.clone()).collect();
        let removed = self
            .search_files
            .difference(&search_files)
            .cloned()
            .collect();
        self.search_files = search_files;
        Some(FastUpdate {
            files: search,
            removed,
        })
    }

    /// Renders the page at `index` of the cached site as it stands (for tests that compare
    /// the fast path with a full render).
    pub fn render_existing(&self, index: usize) -> Option<(String, Vec<u8>)> {
        let page = self.site.pages.get(index)?;
        if page.kind != PageKind::Article {
            return None;
        }
        self.render_page(page, index, self.bodies.get(index)?.clone())
    }

    /// `page`'s rendered Markdown, or `None` when it has an error (a full build reports it).
    fn page_body(&self, page: &Page) -> Option<RenderedMarkdown> {
        let (body, diags) = crate::render::page_markdown(&self.site, page, &self.links.targets());
        (!diags.iter().any(super::super::diag::Diagnostic::is_error)).then_some(body)
    }

    fn render_page(
        &self,
        page: &Page,
        index: usize,
        body: RenderedMarkdown,
    ) -> Option<(String, Vec<u8>)> {
        // The page and its translations (the language switcher links those that exist).
        let path_in_lang = |p: &Page| {
            let prefix = self.site.config.lang_prefix(&p.lang);
            p.url
                .trim_start_matches('/')
                .strip_prefix(prefix.as_str())
                .unwrap_or("")
                .to_string()
        };
        let own_path = path_in_lang(page);
        let mut mini = self.skeleton.clone();
        let mut bodies = Vec::new();
        mini.pages.push(page.clone());
        bodies.push(body);
        for (i, other) in self.site.pages.iter().enumerate() {
            if i != index && other.lang != page.lang && path_in_lang(other) == own_path {
                mini.pages.push(other.clone());
                bodies.push(RenderedMarkdown::default());
            }
        }
        let lang = self.langs.iter().find(|l| l.lang == page.lang)?;
        let output = format!("{}index.html", page.url.trim_start_matches('/'));
        let job = context::render_content_pages(&mini, lang, &bodies, |job| job)
            .into_iter()
            .find(|job| job.output == output)?;
        let html = self.tera.render(job.template, &job.tera_context()).ok()?;
        Some((output, html.into_bytes()))
    }
}
