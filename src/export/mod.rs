//! Blog export (`archkb export`): one article as a single self-contained piece for another
//! publisher — the WeChat Official Accounts editor, a blog CMS — that keeps none of the
//! site's stylesheets or scripts.
//!
//! `--format html` writes one HTML fragment whose every element carries its look in a
//! `style` attribute (those editors drop `<style>`, `class` and `<script>`): the facts
//! panel as a plain table, code highlighted with inline colours (syntect's light theme),
//! the bench charts as inline SVG with explicit colours, and every link absolute, back to
//! the hosted site. `--format markdown` writes the article's own Markdown with its links
//! made absolute, the facts as a Markdown table and the charts as image links to the SVG
//! files every build writes under `benchmarks/charts/`.
//!
//! The article goes through the same stages as a build (so a broken site exports nothing);
//! the rendering here is a pure function of the `Site`. One module per job: `find` (the
//! article a name means), `links` (absolute URLs and Markdown destinations), `style` (the
//! inline look), `highlight` (code with inline colours), `body` (the article's Markdown
//! written as inline-styled HTML), `html` and `markdown` (the two formats) and `output`
//! (where the text goes). The facts table both formats open with is the architecture
//! page's facts panel (`views::facts::PANEL`).

mod body;
mod find;
mod highlight;
mod html;
mod links;
mod markdown;
mod output;
mod style;

pub use body::body_html;
pub use find::find_page;
pub use highlight::highlight_inline;
pub use html::html;
pub use links::absolute_markdown;
pub use markdown::markdown;
pub use output::write_output;

use crate::diag::Diagnostics;
use crate::model::{Architecture, Site};
use crate::views::card::Card;
use crate::BuildOptions;
use anyhow::{bail, Result};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Html,
    Markdown,
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The site (root, base_url override, drafts).
    pub build: BuildOptions,
    /// `content/en/architectures/resnet.md`, `architectures/resnet` or `resnet`.
    pub article: String,
    pub lang: Option<String>,
    pub format: ExportFormat,
}

/// The exported text, or the content problems that stopped it.
pub fn export(options: &ExportOptions) -> Result<Result<String, Diagnostics>> {
    let outcome = crate::load_and_render(&options.build)?;
    let (Some(site), Some(theme)) = (outcome.site, outcome.theme) else {
        return Ok(Err(outcome.diagnostics));
    };
    if outcome.diagnostics.has_errors() {
        return Ok(Err(outcome.diagnostics));
    }
    let mut diags = Diagnostics::default();
    if !site.config.base_url.is_hosted() {
        bail!(
            "export writes links back to the hosted site, so base_url must name it (it is `{}`); set it in config.yaml or pass --base-url https://...",
            site.config.base_url
        );
    }
    let page = match find_page(&site, &options.article, options.lang.as_deref()) {
        Ok(page) => page,
        Err(d) => {
            let mut diags = Diagnostics::default();
            diags.push(d);
            return Ok(Err(diags));
        }
    };
    let strings = theme.strings(&page.lang, site.config.default_language(), &mut diags);
    Ok(Ok(match options.format {
        ExportFormat::Html => html(&site, page, &strings),
        ExportFormat::Markdown => markdown(&site, page, &strings),
    }))
}

pub(crate) fn t<'a>(strings: &'a BTreeMap<String, String>, key: &'a str) -> &'a str {
    strings.get(key).map_or(key, String::as_str)
}

/// One row of the facts table an export shows: a label, its text, and a link if it is one.
struct Fact {
    label: String,
    text: String,
    link: Option<String>,
}
/// The architecture page's facts panel as rows, shared by the HTML and Markdown exports:
/// the panel's facts (`views::facts::PANEL`), then its compute note.
fn facts(
    site: &Site,
    lang: &str,
    arch: &Architecture,
    card: &Card,
    strings: &BTreeMap<String, String>,
) -> Vec<Fact> {
    use crate::views::facts::{panel, FactValue, Subject};
    let subject = Subject {
        site,
        lang,
        arch,
        card,
        strings,
    };
    let mut rows: Vec<Fact> = panel(&subject)
        .into_iter()
        .filter(|row| !row.value.is_missing())
        .map(|row| Fact {
            text: row.value.plain(" · "),
            link: match &row.value {
                FactValue::Link { url, .. } => Some(url.clone()),
                _ => None,
            },
            label: row.label,
        })
        .collect();
    // The page shows the two notes as paragraphs; one cell joins them, with no space after
    // a full-width stop.
    let note = match &card.parallelism_note {
        Some(more) if card.compute_note.ends_with(['。', '！', '？', '）']) => {
            format!("{}{more}", card.compute_note)
        }
        Some(more) => format!("{} {more}", card.compute_note),
        None => card.compute_note.clone(),
    };
    rows.push(Fact {
        label: t(strings, "compute_note").to_string(),
        text: note,
        link: None,
    });
    rows
}

/// The bench groups an exported article shows: its own architecture's, none for a guide.
fn bench_groups(
    site: &Site,
    lang: &str,
    strings: &BTreeMap<String, String>,
    arch: Option<&Architecture>,
) -> Vec<crate::views::bench::BenchGroup> {
    arch.map(|a| {
        crate::views::bench::model_groups(
            site,
            lang,
            crate::views::bench::BenchText(strings),
            &[a],
            "export",
        )
    })
    .unwrap_or_default()
}
