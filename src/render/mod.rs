//! Render: the linked `Site` and the theme → every output file, in memory. Pure and
//! parallel per page; each derived view (table, flowchart, widget, charts) is its own
//! module under `views/` and is computed once per language, not per page.

pub mod assets;
pub mod context;
pub(crate) mod grammars;
pub mod highlight;
pub mod markdown;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{PageKind, Site};
use crate::output::{Rendered, Staging, Target};
use crate::theme::Theme;
use assets::AssetManifest;
use context::page_key::{KeyMaker, PageKey, TemplateSet};
use context::{LangContext, PageJob};
use markdown::{LinkTargets, MarkdownSource, RenderedMarkdown};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

/// What render hands on: the pages, data files, charts and assets, every page's rendered
/// Markdown (search indexes it), the key of every page when asked for, and the problems
/// found.
pub struct Rendering {
    pub rendered: Rendered,
    pub bodies: Vec<RenderedMarkdown>,
    /// Output path → the key its page rendered from ([`PageKey`]); empty unless `render`
    /// was asked to keep them.
    pub page_keys: PageKeys,
    pub diagnostics: Diagnostics,
}

/// Each page's output path and the key of what it rendered from.
pub type PageKeys = BTreeMap<String, PageKey>;

/// Renders every page of `site` with `theme`, for `target` (which names the assets).
/// Search and publishing are later stages, composed in `lib.rs`. With a `sink`, each page
/// is written into it as soon as it is rendered and only its path is kept
/// (`Rendered::written`), each page's Markdown comes from the sink's sources, and the
/// rendered Markdown handed on keeps no HTML; without one, every file stays in memory. With `reuse`, a page's
/// body, and its HTML, come from the previous render where nothing they are made from
/// changed ([`Reuse`]). With `keep_keys`, or with `reuse`, every page's key is handed on
/// for the next render to reuse. With a `preview`, the pages it names are rendered and
/// handed to it, with every data file and asset, before the rest of the site renders.
pub fn render(
    site: &Site,
    theme: &Theme,
    target: Target,
    sink: Option<Sink>,
    reuse: Option<&Reuse>,
    keep_keys: bool,
    preview: Option<&Preview>,
) -> Rendering {
    let mut diags = Diagnostics::default();
    let tera = match build_tera(theme) {
        Ok(tera) => tera,
        Err(errors) => {
            diags.extend(errors);
            return Rendering {
                rendered: Rendered::default(),
                bodies: Vec::new(),
                page_keys: PageKeys::new(),
                diagnostics: diags,
            };
        }
    };

    let index = LinkIndex::new(site);
    let targets = index.targets();
    let asset_urls = &index.assets;

    let reusable = reuse
        .map(|r| r.bodies_for(site, &index))
        .unwrap_or_default();
    let assets = asset_manifest(theme, target);
    let mut lang_diags = Diagnostics::default();
    let langs: Vec<LangContext> = site
        .config
        .languages
        .iter()
        .map(|lang| LangContext::new(site, theme, &assets, lang, &mut lang_diags))
        .collect();
    let others = other_files(site, &langs, &assets, asset_urls);
    if let Some(preview) = preview.filter(|_| !lang_diags.has_errors()) {
        let first = Pages {
            tera: &tera,
            theme,
            sink: None,
            keys: None,
            previous: None,
        };
        let body = |page: &crate::model::Page| match reusable.get(page.file.as_path()) {
            Some(body) => Some((*body).clone()),
            None => {
                let (body, problems) = page_markdown(site, page, &targets);
                problems.is_empty().then_some(body)
            }
        };
        if let Some(mut files) = first.preview(site, &langs, body, preview.pages) {
            files.extend(others.iter().cloned());
            (preview.publish)(files);
        }
    }

    let keys = (keep_keys || reuse.is_some()).then(|| {
        let mut keys = KeyMaker::new(TemplateSet::new(
            theme
                .templates()
                .map(|(name, file)| (name, file.bytes.as_slice())),
        ));
        for lang in &langs {
            keys.share(&lang.strings);
            keys.share(&lang.assets);
        }
        keys
    });
    let staging = sink.as_ref().map(|s| s.staging);
    let pages = Pages {
        tera: &tera,
        theme,
        sink: staging,
        keys: keys.as_ref(),
        previous: reuse.and_then(|r| r.pages.as_ref()),
    };

    // Each content page's Markdown renders in the same call that renders and writes the
    // page, so that no page's HTML outlives it.
    let sources: Vec<Option<String>> = match sink {
        Some(sink) => sink.sources.into_iter().map(Some).collect(),
        None => site.pages.iter().map(|_| None).collect(),
    };
    let content = context::for_content_pages(
        site,
        &langs,
        sources,
        |page, source| match reusable.get(page.file.as_path()) {
            Some(body) => ((*body).clone(), Vec::new()),
            None => page_markdown_of(site, page, source.as_deref(), &targets),
        },
        |page, (mut body, problems), jobs| {
            let result = jobs.map(|jobs| pages.render(jobs.job(page, &body)));
            if staging.is_some() {
                // Written: search needs only the text and headings.
                body.html = String::new();
            }
            (body, problems, result)
        },
    );
    crate::trace::stage("rendered the content pages");
    let mut bodies = Vec::with_capacity(content.len());
    let mut results: Vec<Result<(PageOutput, Option<PageKey>), Diagnostic>> = Vec::new();
    for (body, problems, result) in content {
        diags.extend(problems);
        bodies.push(body);
        results.extend(result);
    }
    diags.extend(lang_diags);

    for lang in &langs {
        let jobs = context::generated_jobs(site, lang);
        results.extend(
            jobs.into_par_iter()
                .map(|job| pages.render(job))
                .collect::<Vec<_>>(),
        );
    }
    crate::trace::stage("rendered the generated pages");

    let mut rendered = Rendered::default();
    let mut page_keys = PageKeys::new();
    for result in results {
        if let Ok((output, Some(key))) = &result {
            page_keys.insert(output.path().to_string(), *key);
        }
        match result.map(|(output, _)| output) {
            Ok(PageOutput::Held(path, bytes)) => {
                rendered.files.insert(path, bytes);
            }
            Ok(PageOutput::Written(path, size)) => {
                rendered.written.insert(path, size);
            }
            Err(d) => diags.push(d),
        }
    }
    // Fragments are checked against the pages as built, whose ids the templates add to. A
    // written page is read back: only the few a link's fragment points at are, and which
    // those are is known only once every page's Markdown is read.
    let page_ids = |path: &str| {
        let ids = |html: &[u8]| crate::anchors::ids(&String::from_utf8_lossy(html));
        if let Some(html) = rendered.files.get(path) {
            return Some(ids(html));
        }
        rendered.written.contains_key(path).then_some(())?;
        Some(ids(&staging?.read(path).ok()?))
    };
    for d in crate::anchors::check(
        site,
        bodies.iter().map(|b| b.anchor_links.as_slice()),
        page_ids,
    ) {
        diags.push(d);
    }
    crate::trace::stage("checked the anchors");
    rendered.files.extend(others);
    Rendering {
        rendered,
        bodies,
        page_keys,
        diagnostics: diags,
    }
}

/// Where a build's pages go as they render: the staging folder, and every page's Markdown
/// taken out of the site (in the order of `site.pages`), each dropped once its page is
/// written, since a build has no use for it after that.
pub struct Sink<'a> {
    pub staging: &'a Staging,
    pub sources: Vec<String>,
}

/// Pages a render hands on first, before it renders the rest of the site: serve renders the
/// pages open in the browser first, so the page being looked at shows an edit of a template
/// or of data long before the whole site is rendered again.
pub struct Preview<'a> {
    /// The output paths of the pages wanted first.
    pub pages: &'a BTreeSet<String>,
    /// Receives those pages, with every data file and asset, if each of them rendered.
    pub publish: &'a dyn Fn(Vec<(String, Vec<u8>)>),
}

/// Every output file that is not a page: each language's data files, the theme's assets
/// and the content's own files (images).
fn other_files(
    site: &Site,
    langs: &[LangContext],
    assets: &AssetManifest,
    asset_urls: &BTreeMap<PathBuf, String>,
) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = langs
        .iter()
        .flat_map(|lang| context::data_files(site, lang))
        .collect();
    files.extend(assets.files().map(|(path, bytes)| (path, bytes.to_vec())));
    files.extend(site.content_assets.iter().filter_map(|asset| {
        let url = asset_urls.get(&asset.path)?;
        Some((url.trim_start_matches('/').to_string(), asset.bytes.clone()))
    }));
    files
}

/// A rendered page: held in memory, or written into the sink.
enum PageOutput {
    Held(String, Vec<u8>),
    Written(String, u64),
}

impl PageOutput {
    fn path(&self) -> &str {
        match self {
            PageOutput::Held(path, _) | PageOutput::Written(path, _) => path,
        }
    }
}

/// What rendering a page's template takes: Tera, the sink if there is one, and, when pages
/// are keyed, what makes their keys and the previous render's pages.
struct Pages<'a> {
    tera: &'a tera::Tera,
    theme: &'a Theme,
    sink: Option<&'a Staging>,
    keys: Option<&'a KeyMaker<'a>>,
    previous: Option<&'a PreviousPages<'a>>,
}

impl Pages<'_> {
    /// Renders one page's template, or takes its HTML from the previous render when its key
    /// is the same, and writes it into the sink if there is one. Returns the page's key too
    /// when pages are keyed.
    fn render(&self, job: PageJob) -> Result<(PageOutput, Option<PageKey>), Diagnostic> {
        let key = self.keys.and_then(|keys| job.key(keys));
        let kept = key.and_then(|key| self.previous?.html(&job.output, key));
        let (template, output) = (job.template, job.output.clone());
        let html = match kept {
            Some(html) => html.to_vec(),
            None => self
                .tera
                .render(template, &job.tera_context())
                .map_err(|err| {
                    let origin = self
                        .theme
                        .files
                        .get(&format!("templates/{template}"))
                        .map_or_else(|| PathBuf::from(template), |f| f.origin.clone());
                    Diagnostic::error(
                        origin,
                        format!("rendering {output} failed: {}", error_chain(&err)),
                    )
                    .hint("check the template against the context documented in docs/templates.md")
                })?
                .into_bytes(),
        };
        let Some(sink) = self.sink else {
            return Ok((PageOutput::Held(output, html), key));
        };
        sink.write(&output, &html).map_err(|err| {
            Diagnostic::error(&output, format!("{err:#}"))
                .hint("check that the output folder's disk has room and is writable")
        })?;
        Ok((PageOutput::Written(output, html.len() as u64), key))
    }

    /// The pages of `wanted` (output paths) rendered, held in memory, each from the body
    /// `body` gives; `None` if one has no body or fails to render (the full render reports
    /// why). Only the wanted pages' Markdown is rendered.
    fn preview(
        &self,
        site: &Site,
        langs: &[LangContext],
        body: impl Fn(&crate::model::Page) -> Option<RenderedMarkdown>,
        wanted: &BTreeSet<String>,
    ) -> Option<Vec<(String, Vec<u8>)>> {
        let mut bodies = Vec::new();
        for page in site
            .pages
            .iter()
            .filter(|p| wanted.contains(&context::output_for(&p.url)))
        {
            bodies.push((page, body(page)?));
        }
        let mut files = Vec::new();
        for lang in langs {
            for job in context::jobs_for(site, lang, &bodies, wanted) {
                match self.render(job) {
                    Ok((PageOutput::Held(path, html), _)) => files.push((path, html)),
                    _ => return None,
                }
            }
        }
        Some(files)
    }
}

/// The pages of a previous render: the key each rendered from ([`Rendering::page_keys`])
/// and the HTML it made (serve's snapshot of that build, which holds those very bytes).
pub struct PreviousPages<'a> {
    pub keys: &'a PageKeys,
    pub files: &'a BTreeMap<String, Arc<[u8]>>,
}

impl PreviousPages<'_> {
    /// The HTML the previous render made at `output`, if it rendered from `key`.
    fn html(&self, output: &str, key: PageKey) -> Option<&[u8]> {
        if self.keys.get(output) != Some(&key) {
            return None;
        }
        self.files.get(output).map(|bytes| &bytes[..])
    }
}

/// A previous render of the site (serve's last build), whose page bodies `render` reuses
/// where nothing a body is made from has changed: the page's Markdown, title, language
/// prefix and file, and every link target (the same [`LinkIndex`]). Rendering a body is a
/// pure function of those, so a reused body is the body a fresh render would make.
///
/// With `pages`, a page's HTML is reused too where its key is unchanged: the same
/// templates, the same template and the same context ([`PageKey`]). Rendering a template
/// is a pure function of those, so the kept HTML is the HTML a fresh render would make. A
/// data edit changes the context of only the pages that show the data; the rest are not
/// rendered again.
pub struct Reuse<'a> {
    pub site: &'a Site,
    /// The rendered Markdown of `site.pages`, in their order.
    pub bodies: &'a [RenderedMarkdown],
    /// Files the previous build reported a problem in: their pages render again, so that
    /// the problem is reported again.
    pub noisy: &'a BTreeSet<PathBuf>,
    /// The previous render's pages, by output path.
    pub pages: Option<PreviousPages<'a>>,
}

impl<'a> Reuse<'a> {
    /// The reusable bodies for the pages of `site`, whose link targets are `index`, by file.
    fn bodies_for<'s>(
        &self,
        site: &'s Site,
        index: &LinkIndex,
    ) -> BTreeMap<&'s std::path::Path, &'a RenderedMarkdown> {
        if self.bodies.len() != self.site.pages.len() || LinkIndex::new(self.site) != *index {
            return BTreeMap::new();
        }
        let old: BTreeMap<&std::path::Path, (&crate::model::Page, &RenderedMarkdown)> = self
            .site
            .pages
            .iter()
            .zip(self.bodies)
            .filter(|(page, _)| !self.noisy.contains(&page.file))
            .map(|(page, body)| (page.file.as_path(), (page, body)))
            .collect();
        site.pages
            .iter()
            .filter_map(|page| {
                let (before, body) = old.get(page.file.as_path())?;
                let same = before.body == page.body
                    && before.body_line == page.body_line
                    && before.front.title == page.front.title
                    && before.lang == page.lang
                    && self.site.config.lang_prefix(&before.lang)
                        == site.config.lang_prefix(&page.lang);
                same.then_some((page.file.as_path(), *body))
            })
            .collect()
    }
}

/// One page's Markdown rendered against `targets`, with the problems it found.
pub fn page_markdown(
    site: &Site,
    page: &crate::model::Page,
    targets: &LinkTargets,
) -> (RenderedMarkdown, Vec<Diagnostic>) {
    page_markdown_of(site, page, None, targets)
}

/// [`page_markdown`] of `body`, the page's Markdown taken out of the site, if it was.
fn page_markdown_of(
    site: &Site,
    page: &crate::model::Page,
    body: Option<&str>,
    targets: &LinkTargets,
) -> (RenderedMarkdown, Vec<Diagnostic>) {
    let prefix = site.config.lang_prefix(&page.lang);
    let mut source = MarkdownSource::of_page(page, &prefix);
    if let Some(body) = body {
        source.body = body;
    }
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
#[derive(Debug, PartialEq)]
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
