//! Link: resolve ids and references across files and validate the decision graph, turning
//! parsed records into one consistent `Site`. A fact that contradicts another stops the
//! build here, with the file and line of the side that is wrong.
//!
//! One module per kind of record: [`architectures`] (and their articles), [`decision`],
//! [`glossary`], [`bench`]; [`drafts`] decides which pages a build leaves out and what a
//! link to one says; [`warnings`] holds what only `check` reports. Every check reads the
//! same [`Context`] and adds to one `Diagnostics`, in the order below.

mod architectures;
mod bench;
mod decision;
pub mod drafts;
mod glossary;
mod localized;
mod warnings;

pub use decision::find_cycle;
pub use warnings::check_warnings;

use crate::diag::Diagnostics;
use crate::model::{Architecture, Config, Facets, Site};
use crate::parse::yaml::YamlDoc;
use crate::parse::Parsed;
use crate::source::SourceSet;
use std::collections::BTreeSet;
use std::path::Path;

pub struct LinkOptions {
    pub drafts: bool,
}

/// What every check reads besides the record it checks.
pub(crate) struct Context<'a> {
    pub langs: &'a [String],
    pub architectures: &'a [Architecture],
    /// Architecture files that exist but did not parse: a reference to one is no error on
    /// top of the file's own.
    pub unparsed: &'a BTreeSet<String>,
    /// `None` when `data/facets.yaml` did not parse.
    pub facets: Option<&'a Facets>,
}

impl Context<'_> {
    pub(crate) fn architecture(&self, id: &str) -> Option<&Architecture> {
        self.architectures.iter().find(|a| a.id == id)
    }
}

pub fn link(
    parsed: Parsed,
    sources: &SourceSet,
    config: Config,
    options: &LinkOptions,
) -> (Option<Site>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let text_of = |path: &Path| {
        sources
            .data
            .iter()
            .find(|f| f.path == path)
            .map_or("", |f| f.text.as_str())
            .to_string()
    };
    let langs = &config.languages;
    let ctx = Context {
        langs,
        architectures: &parsed.architectures,
        unparsed: &parsed.unparsed_architectures,
        facets: parsed.facets.as_ref(),
    };

    if let Some(facets) = &parsed.facets {
        let text = text_of(Path::new("data/facets.yaml"));
        let doc = YamlDoc::whole(Path::new("data/facets.yaml"), &text);
        architectures::check_facets(facets, &doc, langs, &mut diags);
    }

    let (pages, left_out_drafts) = drafts::select(parsed.pages, options.drafts);

    for arch in &parsed.architectures {
        let text = text_of(&arch.file);
        let doc = YamlDoc::whole(&arch.file, &text);
        architectures::check(&ctx, arch, &doc, &mut diags);
        architectures::check_articles(&ctx, arch, &pages, &mut diags);
    }
    architectures::check_articles_have_data(&ctx, &pages, &mut diags);

    let mut decision = match &parsed.decision {
        Some(record) => {
            let text = text_of(Path::new("data/decision.yaml"));
            let doc = YamlDoc::whole(Path::new("data/decision.yaml"), &text);
            decision::check(&ctx, record, &doc, &mut diags)
        }
        None => None,
    };

    let glossary_text = text_of(Path::new("data/glossary.yaml"));
    let glossary_doc = YamlDoc::whole(Path::new("data/glossary.yaml"), &glossary_text);
    glossary::check(&ctx, &parsed.glossary, &glossary_doc, &mut diags);

    for file in &parsed.bench {
        bench::check(&ctx, file, &text_of(&file.file), &mut diags);
    }

    if let Some(pricing) = &config.pricing {
        let text = sources.config.as_ref().map_or("", |f| f.text.as_str());
        let doc = YamlDoc::whole(Path::new("config.yaml"), text);
        crate::pricing::check(pricing, &doc, &parsed.bench, &mut diags);
    }

    // With errors the site is still returned (best effort) so rendering can report the
    // Markdown problems too; the caller writes nothing when there is any error.
    let Some(facets) = parsed.facets else {
        return (None, diags);
    };
    let constraints = crate::advice::check(
        parsed.constraints.as_ref(),
        &text_of(Path::new("data/constraints.yaml")),
        &text_of(Path::new("data/decision.yaml")),
        parsed.decision.as_ref(),
        decision.as_mut(),
        &parsed.architectures,
        &facets,
        &pages,
        &text_of,
        langs,
        &mut diags,
    );
    let decision = decision.unwrap_or_default();
    let site = Site {
        config,
        facets,
        architectures: parsed.architectures,
        decision,
        constraints,
        glossary: parsed.glossary,
        bench: parsed.bench,
        pages,
        content_assets: sources.content_assets.clone(),
        unparsed_pages: parsed.unparsed_pages,
        left_out_drafts,
    };
    (Some(site), diags)
}
