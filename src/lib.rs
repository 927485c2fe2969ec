//! archkb: a static-site generator for a knowledge base on choosing AI model architectures.
//!
//! The pipeline is a chain of plain functions, each from one value to the next, and this
//! file is where they are composed:
//!
//! ```text
//! load    = discover (read) → parse → link      → (Site, Theme)      see `load`
//! produce = render → search → publish           → output::Rendered   see `produce`
//! write   = output::write_atomic                (build only)
//! ```
//!
//! `build` skips produce and write when `build_cache` finds the output of the very same
//! inputs already in place.
//!
//! `build`, `check`, `serve` and `export` are the same chain with different ends and an
//! `output::Target` saying what the files are for. Dependencies point one way only, from
//! the stages down to `model` and the leaf helpers (`markup`, `diag`); see
//! docs/architecture.md, and `tests/it/module_graph.rs`, which fails on a circle.

pub mod advice;
pub mod anchors;
pub mod build_cache;
pub mod cli;
pub mod diag;
pub mod export;
pub mod link;
pub mod markup;
pub mod model;
pub mod output;
pub mod parse;
pub mod pricing;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source;
pub mod theme;
pub mod trace;
pub mod translation;
pub mod views;

use anyhow::Result;
use diag::Diagnostics;
use output::{Rendered, Target};
use std::path::PathBuf;
use trace::stage as trace;

/// Everything a build needs to know, resolved once from the command line.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// What the files are for: the hosted site, an offline copy, serve's preview or an
    /// export's source.
    pub target: Target,
    /// Whether `build` may keep the output of a previous build of the same inputs instead
    /// of building again (`build --no-cache` says no). Only `build` reads it.
    pub reuse_output: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            out: root.join("public"),
            root,
            base_url: None,
            drafts: false,
            target: Target::Site,
            reuse_output: true,
        }
    }
}

/// What the load stage hands on: the linked site and the theme it renders with, and every
/// diagnostic found on the way.
pub struct Loaded {
    /// `None` when the site has errors that stop linking.
    pub site: Option<model::Site>,
    /// `None` only when the config could not be read.
    pub theme: Option<theme::Theme>,
    pub diagnostics: Diagnostics,
}

/// The result of one build (load and produce): the site and theme, the files if there were
/// no errors, and every diagnostic found on the way.
pub struct SiteBuild {
    pub site: Option<model::Site>,
    /// The theme the site rendered with; `None` only when the config could not be read.
    pub theme: Option<theme::Theme>,
    pub rendered: Option<Rendered>,
    /// The rendered Markdown of `site.pages`, in their order: what search indexes and what
    /// serve's fast path starts from. Empty when the site did not render.
    pub bodies: Vec<render::markdown::RenderedMarkdown>,
    /// Every page's key, when `Produce::keep_page_keys` asked for them (serve's next
    /// rebuild reuses the pages whose key is unchanged); else empty.
    pub page_keys: render::PageKeys,
    pub diagnostics: Diagnostics,
}

/// discover → parse → link: the site and its theme, with no rendering and no writes.
pub fn load(options: &BuildOptions) -> Result<Loaded> {
    trace("start");
    let (sources, diags) = source::discover(&options.root)?;
    Ok(load_sources(options, &sources, diags))
}

/// parse → link of sources already discovered, with discover's diagnostics in `diags`.
pub fn load_sources(
    options: &BuildOptions,
    sources: &source::SourceSet,
    mut diags: Diagnostics,
) -> Loaded {
    let mut config = match parse::config(sources) {
        Ok(config) => config,
        Err(d) => {
            diags.push(d);
            return Loaded {
                site: None,
                theme: None,
                diagnostics: diags,
            };
        }
    };
    if let Some(base_url) = &options.base_url {
        if let Some(problem) = parse::url::base_url_problem(base_url) {
            diags.push(
                diag::Diagnostic::error("--base-url", format!("unsafe or invalid `--base-url`: {problem}"))
                    .hint("pass the URL the site is hosted at, e.g. https://kb.example.com/, or a path such as /kb/"),
            );
            return Loaded {
                site: None,
                theme: None,
                diagnostics: diags,
            };
        }
        config.base_url = model::BaseUrl::new(base_url.as_str());
    }
    if options.target == Target::Offline {
        // Rendered under a placeholder path that publish::offline makes page-relative.
        config.base_url = model::BaseUrl::new(publish::offline::PLACEHOLDER);
    }
    trace("read the config");
    let theme = theme::Theme::load(sources, &config.theme);
    let (parsed, parse_diags) = parse::parse(sources, &config);
    diags.extend(parse_diags);
    trace("parsed the sources");
    let (site, link_diags) = link::link(
        parsed,
        sources,
        config,
        &link::LinkOptions {
            drafts: options.drafts,
        },
    );
    diags.extend(link_diags);
    trace("linked the site");
    Loaded {
        site,
        theme: Some(theme),
        diagnostics: diags,
    }
}

/// How [`produce`] runs, beyond its target. The default holds every file in memory,
/// renders every body and makes the search files.
#[derive(Clone, Copy, Default)]
pub struct Produce<'a> {
    /// Where the pages are written as they render (`build`).
    pub sink: Option<&'a output::Staging>,
    /// A previous render whose page bodies may be reused (serve's rebuilds).
    pub reuse: Option<&'a render::Reuse<'a>>,
    /// Leave the search files out: serve makes them after the pages are served.
    pub skip_search: bool,
    /// Hand on every page's key (`render::Rendering::page_keys`), for a later `reuse`.
    pub keep_page_keys: bool,
    /// Pages to render and hand on before the rest (serve: the pages open in the browser).
    pub preview: Option<&'a render::Preview<'a>>,
}

/// render → search → publish: every output file of a loaded site for `target`, the rendered
/// Markdown of its pages, their keys if asked for, and the problems rendering found. Only
/// render reports problems; search and publish add files. With a sink (a build), the pages'
/// Markdown is taken out of `site` and dropped as each page is written, and no rendered
/// Markdown is handed on: a build needs neither once its files are written.
pub fn produce(
    site: &mut model::Site,
    theme: &theme::Theme,
    target: Target,
    how: Produce,
) -> render::Rendering {
    let sink = how.sink.map(|staging| render::Sink {
        staging,
        sources: site
            .pages
            .iter_mut()
            .map(|page| std::mem::take(&mut page.body))
            .collect(),
    });
    let site: &model::Site = site;
    let render::Rendering {
        mut rendered,
        mut bodies,
        page_keys,
        mut diagnostics,
    } = render::render(
        site,
        theme,
        target,
        sink,
        how.reuse,
        how.keep_page_keys,
        how.preview,
    );
    trace("rendered the data files and assets");
    if target.publishes() {
        if !how.skip_search {
            let twins = search::shards::Twins::for_build(target, site.config.base_url.as_str());
            let languages = &site.config.languages;
            let incoming = output::Incoming::new(how.sink);
            let emit = |files| incoming.take(files);
            if how.sink.is_some() {
                // A build hands nothing on but its files: search takes the bodies whole.
                search::write(site, std::mem::take(&mut bodies), languages, twins, &emit);
            } else {
                search::write(site, bodies.iter().collect(), languages, twins, &emit);
            }
            if let Err(d) = incoming.finish(&mut rendered) {
                diagnostics.push(d);
            }
            trace("wrote the search files");
        }
        publish::finish(site, theme, &mut rendered, target);
        trace("published charts, feeds and the sitemap");
    }
    render::Rendering {
        rendered,
        bodies,
        page_keys,
        diagnostics,
    }
}

/// load → produce, with no writes: what build, check, serve and export all start from.
pub fn load_and_render(options: &BuildOptions) -> Result<SiteBuild> {
    load_and_render_with(options, Produce::default())
}

/// load → produce, run as `how` says.
pub fn load_and_render_with(options: &BuildOptions, how: Produce) -> Result<SiteBuild> {
    Ok(render_loaded(options, load(options)?, how))
}

/// produce of a loaded site: its files if there were no errors.
fn render_loaded(options: &BuildOptions, loaded: Loaded, how: Produce) -> SiteBuild {
    let Loaded {
        site,
        theme,
        mut diagnostics,
    } = loaded;
    let (mut site, theme) = match (site, theme) {
        (Some(site), Some(theme)) => (site, theme),
        (_, theme) => {
            return SiteBuild {
                site: None,
                theme,
                rendered: None,
                bodies: Vec::new(),
                page_keys: render::PageKeys::new(),
                diagnostics,
            }
        }
    };
    // A site that fails to load cleanly shows no page before its errors.
    let how = Produce {
        preview: how.preview.filter(|_| !diagnostics.has_errors()),
        ..how
    };
    let render::Rendering {
        rendered,
        bodies,
        page_keys,
        diagnostics: render_diags,
    } = produce(&mut site, &theme, options.target, how);
    diagnostics.extend(render_diags);
    let rendered = (!diagnostics.has_errors()).then_some(rendered);
    SiteBuild {
        site: Some(site),
        theme: Some(theme),
        rendered,
        bodies,
        page_keys,
        diagnostics,
    }
}

/// What `build` did when it succeeded.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildReport {
    /// The files now in the output folder.
    pub written: output::WriteReport,
    /// True when the output of the same inputs was already in place and nothing was
    /// rendered or written (see `build_cache`). The `SiteBuild` then holds only the
    /// diagnostics, as the build that wrote the output reported them.
    pub up_to_date: bool,
}

/// Builds the site into `options.out`; writes nothing if there is any error, and nothing
/// either when the output of the very same inputs is already there.
pub fn build(options: &BuildOptions) -> Result<(SiteBuild, Option<BuildReport>)> {
    output::check_output_dir(&options.root, &options.out)?;
    trace("start");
    let (sources, diags) = source::discover(&options.root)?;
    let cache = build_cache::BuildCache::new(options, &sources, &diags);
    trace("fingerprinted the sources");
    if options.reuse_output {
        if let Some(kept) = cache.up_to_date() {
            let built = SiteBuild {
                site: None,
                theme: None,
                rendered: None,
                bodies: Vec::new(),
                page_keys: render::PageKeys::new(),
                diagnostics: kept.diagnostics,
            };
            let written = kept.report;
            return Ok((
                built,
                Some(BuildReport {
                    written,
                    up_to_date: true,
                }),
            ));
        }
    }
    // Pages go into the staging folder as they render, so a large site is never held in
    // memory whole; the offline copy's pages are rewritten after rendering, so they wait.
    // Dropped without a commit (an error), the staging folder is removed.
    let staging = output::Staging::create(&options.out)?;
    let sink = (!options.target.rewrites_pages()).then_some(&staging);
    let how = Produce {
        sink,
        ..Produce::default()
    };
    let loaded = load_sources(options, &sources, diags);
    // The site holds what it needs of the sources' bytes; at 100,000 articles the rest is
    // most of a gigabyte.
    drop(sources);
    let built = render_loaded(options, loaded, how);
    let report = match &built.rendered {
        Some(rendered) => {
            // The output folder changes only when the staging folder is swapped in; from
            // then until the new manifest is written, none describes it.
            cache.forget()?;
            let written = staging.commit(rendered)?;
            trace("wrote the rest and swapped the output in");
            cache.record(rendered, &built.diagnostics)?;
            Some(BuildReport {
                written,
                up_to_date: false,
            })
        }
        None => None,
    };
    Ok((built, report))
}

/// Everything `build` validates plus what only `check` reports; writes nothing.
pub fn check(options: &BuildOptions) -> Result<SiteBuild> {
    let mut built = load_and_render(options)?;
    if let Some(site) = &built.site {
        built.diagnostics.extend(link::check_warnings(site));
        built.diagnostics.extend(advice::check_warnings(site));
        built.diagnostics.extend(translation::check(site));
    }
    Ok(built)
}
