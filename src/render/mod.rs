//! Render: the linked `Site` and the theme → every output file, in memory. Pure and
//! parallel per page; each derived view (table, flowchart, widget, charts) is its own
//! module under `views/` and is computed once per language, not per page.

pub mod assets;
pub mod context;
pub mod highlight;
pub mod markdown;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{PageKind, Site};
use crate::output::{Rendered, Target};
use crate::theme::Theme;
use assets::AssetManifest;
use context::{LangContext, PageJob};
use markdown::{LinkTargets, MarkdownSource, RenderedMarkdown};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What render hands on: the pages, data files, charts and assets, every page's rendered
/// Markdown (search indexes it), and the problems found.
pub struct Rendering {
    pub rendered: Rendered,
    pub bodies: Vec<RenderedMarkdown>,
    pub diagnostics: Diagnostics,
}

/// Renders every page of `site` with `theme`, for `target` (which names the assets).
/// Search and publishing are later stages, composed in `lib.rs`.
pub fn render(site: &Site, theme: &Theme, target: Target) -> Rendering {
    let mut diags = Diagnostics::default();
    let tera = match build_tera(theme) {
        Ok(tera) => tera,
        Err(errors) => {
            diags.extend(errors);
            return Rendering {
                rendered: Rendered::default(),
                bodies: Vec::new(),
                diagnostics: diags,
            };
        }
    };

    let index = LinkIndex::new(site);
    let targets = index.targets();
    let asset_urls = &index.assets;

    let markdown: Vec<(RenderedMarkdown, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|page| page_markdown(site, page, &targets))
        .collect();
    let mut bodies = Vec::with_capacity(markdown.len());
    for (body, page_diags) in markdown {
        diags.extend(page_diags);
        bodies.push(body);
    }

    let assets = asset_manifest(theme, target);
    let langs: Vec<LangContext> = site
        .config
        .languages
        .iter()
        .map(|lang| LangContext::new(site, theme, &assets, lang, &mut diags))
        .collect();

    let mut jobs: Vec<PageJob> = Vec::new();
    for lang in &langs {
        jobs.extend(context::jobs_for_language(site, lang, &bodies));
    }

    let results: Vec<Result<(String, Vec<u8>), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let html = tera.render(job.template, &job.context).map_err(|err| {
                let origin = theme
                    .files
                    .get(&format!("templates/{}", job.template))
                    .map_or_else(|| PathBuf::from(job.template), |f| f.origin.clone());
                Diagnostic::error(
                    origin,
                    format!("rendering {} failed: {}", job.output, error_chain(&err)),
                )
                .hint("check the template against the context documented in docs/templates.md")
            })?;
            Ok((job.output.clone(), html.into_bytes()))
        })
        .collect();

    let mut rendered = Rendered::default();
    for result in results {
        match result {
            Ok((path, bytes)) => {
                rendered.files.insert(path, bytes);
            }
            Err(d) => diags.push(d),
        }
    }
    // Fragments are checked against the pages as built, whose ids the templates add to.
    for d in crate::anchors::check(
        site,
        bodies.iter().map(|b| b.anchor_links.as_slice()),
        &rendered.files,
    ) {
        diags.push(d);
    }
    for lang in &langs {
        for (path, bytes) in context::data_files(site, lang) {
            rendered.files.insert(path, bytes);
        }
    }
    for (path, bytes) in assets.files() {
        rendered.files.insert(path, bytes.to_vec());
    }
    for asset in &site.content_assets {
        if let Some(url) = asset_urls.get(&asset.path) {
            rendered
                .files
                .insert(url.trim_start_matches('/').to_string(), asset.bytes.clone());
        }
    }
    Rendering {
        rendered,
        bodies,
        diagnostics: diags,
    }
}

/// One page's Markdown rendered against `targets`, with the problems it found.
pub fn page_markdown(
    site: &Site,
    page: &crate::model::Page,
    targets: &LinkTargets,
) -> (RenderedMarkdown, Vec<Diagnostic>) {
    let prefix = site.config.lang_prefix(&page.lang);
    let source = MarkdownSource::of_page(page, &prefix);
    markdown::render(&source, targets)
}

/// The theme's static files and the generated highlight stylesheet, named by hash unless
/// `target` is the preview. Every static is known before any page renders, so pages can
/// name them by hash.
pub fn asset_manifest(theme: &Theme, target: Target) -> AssetManifest {
    let files = theme
        .statics()
        .map(|(name, file)| (name.to_string(), file.bytes.clone()))
        .chain([(
            "highlight.css".to_string(),
            highlight::stylesheet().into_bytes(),
        )]);
    if !target.fingerprints_assets() {
        AssetManifest::plain(files)
    } else if target.checks_integrity() {
        AssetManifest::new(files)
    } else {
        AssetManifest::new(files).without_integrity()
    }
}

/// What Markdown links resolve against, owned: every page's source path and URL, the
/// content files and the generated pages. `render` and the blog export share it.
pub struct LinkIndex {
    pub pages: BTreeMap<PathBuf, String>,
    pub assets: BTreeMap<PathBuf, String>,
    pub generated: BTreeSet<String>,
    pub base_path: String,
    /// Drafts the build leaves out: a link to one is an error that says so.
    pub drafts: BTreeMap<PathBuf, String>,
}

impl LinkIndex {
    pub fn new(site: &Site) -> Self {
        let pages: BTreeMap<PathBuf, String> = site
            .pages
            .iter()
            .map(|p| (p.file.clone(), p.url.clone()))
            .chain(site.unparsed_pages.clone())
            .collect();
        let assets: BTreeMap<PathBuf, String> = site
            .content_assets
            .iter()
            .filter_map(|a| content_asset_url(site, &a.path).map(|url| (a.path.clone(), url)))
            .collect();
        let mut generated = BTreeSet::new();
        for lang in &site.config.languages {
            let prefix = site.config.lang_prefix(lang);
            generated.insert(format!("/{prefix}"));
            for page in crate::model::GENERATED_PAGES {
                generated.insert(format!("/{prefix}{page}"));
            }
            for section in sections(site, lang) {
                generated.insert(format!("/{prefix}{section}/"));
            }
        }
        LinkIndex {
            pages,
            assets,
            generated,
            base_path: site.config.base_path(),
            drafts: site.left_out_drafts.clone(),
        }
    }

    pub fn targets(&self) -> LinkTargets<'_> {
        LinkTargets {
            pages: &self.pages,
            assets: &self.assets,
            generated: &self.generated,
            base_path: &self.base_path,
            drafts: &self.drafts,
        }
    }
}

/// `content/zh/guides/img.png` → `/zh/guides/img.png`.
fn content_asset_url(site: &Site, path: &std::path::Path) -> Option<String> {
    let rel = path.strip_prefix("content").ok()?;
    let mut parts = rel.iter();
    let lang = parts.next()?.to_string_lossy().into_owned();
    if !site.config.languages.contains(&lang) {
        return None;
    }
    let rest: Vec<String> = parts.map(|p| p.to_string_lossy().into_owned()).collect();
    Some(format!(
        "/{}{}",
        site.config.lang_prefix(&lang),
        rest.join("/")
    ))
}

/// The sections (first folders) that hold pages in `lang`.
pub fn sections(site: &Site, lang: &str) -> Vec<String> {
    let mut out: Vec<String> = site
        .pages
        .iter()
        .filter(|p| p.lang == lang && p.kind != PageKind::Home)
        .filter_map(|p| p.section.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

pub fn build_tera(theme: &Theme) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    // Tera's default also escapes `/`, which bloats every URL; these five are enough.
    tera.set_escape_fn(crate::markup::escape_html);
    let mut errors = Vec::new();
    let mut sources = Vec::new();
    for (name, file) in theme.templates() {
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => sources.push((name.to_string(), text.to_string(), file.origin.clone())),
            Err(_) => errors.push(
                Diagnostic::error(&file.origin, "the template is not valid UTF-8")
                    .hint("save it as UTF-8"),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let all: Vec<(String, String)> = sources
        .iter()
        .map(|(n, t, _)| (n.clone(), t.clone()))
        .collect();
    if let Err(err) = tera.add_raw_templates(all) {
        // Tera names the template that failed in quotes; point at its file.
        let chain = error_chain(&err);
        let origin = sources
            .iter()
            .find(|(name, _, _)| {
                chain.contains(&format!("'{name}'")) || chain.contains(&format!("\"{name}\""))
            })
            .or(sources.first())
            .map(|s| s.2.clone())
            .unwrap_or_default();
        return Err(vec![template_diagnostic(&origin, &err)]);
    }
    Ok(tera)
}

fn template_diagnostic(origin: &std::path::Path, err: &tera::Error) -> Diagnostic {
    let chain = error_chain(err);
    // Tera's parse errors carry the place as ` --> line:col`.
    let place = chain.split("-->").nth(1).and_then(|rest| {
        let rest = rest.trim_start();
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ':'))
            .unwrap_or(rest.len());
        let mut nums = rest[..end]
            .split(':')
            .filter_map(|n| n.parse::<usize>().ok());
        Some((nums.next()?, nums.next().unwrap_or(1)))
    });
    // Keep the headline and pest's `= expected ...` explanation; drop the source excerpt.
    let mut lines = chain.lines().map(str::trim).filter(|l| !l.is_empty());
    let headline = lines.next().unwrap_or_default().to_string();
    let detail: Vec<&str> = lines.filter_map(|l| l.strip_prefix("= ")).collect();
    let message = if detail.is_empty() {
        headline
    } else {
        format!("{headline}: {}", detail.join("; "))
    };
    Diagnostic::error(origin, format!("template error: {message}"))
        .at_opt(place)
        .hint("fix the Tera syntax; tags are written {% if x %}...{% endif %}, values {{ x }}")
}

fn error_chain(err: &tera::Error) -> String {
    let mut out = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        out.push('\n');
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
