//! archkb: a static-site generator for a knowledge base on choosing AI model architectures.
//!
//! The pipeline is a chain of plain functions, each from one value to the next:
//! `discover` (read) → `parse` → `link` (validate, cross-reference) → `render` → `write`.
//! `build`, `check` and `serve` are the same chain with different ends.

pub mod advice;
pub mod anchors;
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
pub mod translation;
pub mod views;

use anyhow::Result;
use diag::Diagnostics;
use std::path::{Path, PathBuf};

/// Everything a build needs to know, resolved once from the command line.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Write a copy that works opened from disk (file://): see `publish::offline`.
    pub offline: bool,
    /// Name assets by content hash with integrity values (off for the live preview).
    pub fingerprint_assets: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            out: root.join("public"),
            root,
            base_url: None,
            drafts: false,
            offline: false,
            fingerprint_assets: true,
        }
    }
}

/// The result of loading and rendering: the files, if there were no errors, and every
/// diagnostic found on the way.
pub struct Outcome {
    pub site: Option<model::Site>,
    /// The theme the site rendered with; `None` only when the config could not be read.
    pub theme: Option<theme::Theme>,
    pub rendered: Option<output::Rendered>,
    pub diagnostics: Diagnostics,
}

/// discover → parse → link → render, with no writes.
pub fn load_and_render(options: &BuildOptions) -> Result<Outcome> {
    let (sources, mut diags) = source::discover(&options.root)?;
    let mut config = match parse::config(&sources) {
        Ok(config) => config,
        Err(d) => {
            diags.push(d);
            return Ok(Outcome {
                site: None,
                theme: None,
                rendered: None,
                diagnostics: diags,
            });
        }
    };
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
    }
    if options.offline {
        config.base_url = publish::offline::PLACEHOLDER.to_string();
    }
    let theme = theme::Theme::load(&sources, &config.theme);
    let (parsed, parse_diags) = parse::parse(&sources, &config);
    diags.extend(parse_diags);
    let (site, link_diags) = link::link(
        parsed,
        &sources,
        config,
        &link::LinkOptions {
            drafts: options.drafts,
        },
    );
    diags.extend(link_diags);
    let Some(site) = site else {
        return Ok(Outcome {
            site: None,
            theme: Some(theme),
            rendered: None,
            diagnostics: diags,
        });
    };
    let (rendered, render_diags) = render::render_with(&site, &theme, options.fingerprint_assets);
    diags.extend(render_diags);
    let rendered = (!diags.has_errors()).then_some(rendered);
    Ok(Outcome {
        site: Some(site),
        theme: Some(theme),
        rendered,
        diagnostics: diags,
    })
}

/// Builds the site into `options.out`; writes nothing if there is any error.
pub fn build(options: &BuildOptions) -> Result<(Outcome, Option<output::WriteReport>)> {
    output::check_output_dir(&options.root, &options.out)?;
    let outcome = load_and_render(options)?;
    let report = match &outcome.rendered {
        Some(rendered) => Some(output::write_atomic(rendered, &options.out)?),
        None => None,
    };
    Ok((outcome, report))
}

/// Everything `build` validates plus what only `check` reports; writes nothing.
pub fn check(options: &BuildOptions) -> Result<Outcome> {
    let mut outcome = load_and_render(options)?;
    if let Some(site) = &outcome.site {
        outcome.diagnostics.extend(link::check_warnings(site));
        outcome.diagnostics.extend(advice::check_warnings(site));
        outcome.diagnostics.extend(translation::check(site));
    }
    Ok(outcome)
}

/// The site root's display form for messages.
pub fn display_root(root: &Path) -> String {
    root.display().to_string()
}
