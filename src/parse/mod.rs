//! Parse: source text → typed records. Pure; each file is parsed on its own, so one bad
//! file yields one diagnostic and the others still get checked.

pub mod front_matter;
pub mod url;
pub mod yaml;
pub mod yaml_limits;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::architecture::ArchitectureRecord;
use crate::model::bench::{BenchRecord, BENCH_SCHEMA};
use crate::model::constraints::ConstraintsRecord;
use crate::model::decision::DecisionRecord;
use crate::model::{
    Architecture, BenchFile, Config, Facets, GlossaryTerm, Localized, Page, PageKind,
};
use crate::source::{SourceSet, TextFile};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use yaml::YamlDoc;

/// What parsing found: every record that parsed, whatever else failed.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub facets: Option<Facets>,
    pub architectures: Vec<Architecture>,
    pub decision: Option<DecisionRecord>,
    /// `data/constraints.yaml`, which is optional: a site without it asks no constraints.
    pub constraints: Option<ConstraintsRecord>,
    pub glossary: Vec<GlossaryTerm>,
    pub bench: Vec<BenchFile>,
    pub pages: Vec<Page>,
    /// Ids of architecture files that exist but did not parse: references to them are not
    /// reported again as unknown, so one mistake gives one error.
    pub unparsed_architectures: std::collections::BTreeSet<String>,
    /// Source path → URL of articles that exist but did not parse, for the same reason.
    pub unparsed_pages: BTreeMap<std::path::PathBuf, String>,
}

/// Parses `config.yaml`; a site without one cannot be built.
pub fn config(sources: &SourceSet) -> Result<Config, Diagnostic> {
    let file = sources.config.as_ref().ok_or_else(|| {
        Diagnostic::error("config.yaml", "no config.yaml in the site root")
            .hint("run archkb from the site's folder, pass --root DIR, or create one with `archkb init DIR`")
    })?;
    let doc = YamlDoc::whole(&file.path, &file.text);
    let config: Config = doc.parse()?;
    if config.languages.is_empty() {
        return Err(Diagnostic::error(&file.path, "`languages` is empty")
            .at_opt(doc.locate("languages", None))
            .hint("list at least one language code, e.g. `languages: [en, zh]`"));
    }
    if let Some(problem) = url::base_url_problem(config.base_url.as_str()) {
        return Err(Diagnostic::error(
            &file.path,
            format!("unsafe or invalid `base_url`: {problem}"),
        )
        .at_opt(doc.locate("base_url", None))
        .hint("write the URL the site is hosted at, e.g. https://kb.example.com/, or a path such as /kb/"));
    }
    for lang in &config.languages {
        if lang.is_empty() || !lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(
                Diagnostic::error(&file.path, format!("`{lang}` is not a language code"))
                    .at_opt(doc.locate("languages", Some(lang)))
                    .hint("use codes such as `en`, `zh` or `pt-br`"),
            );
        }
    }
    for (key, value) in [
        ("title", &config.title),
        ("description", &config.description),
    ] {
        let missing = value.missing(&config.languages);
        // An absent description is fine; a partial one is not.
        let absent = key == "description" && value.0.is_empty();
        if !missing.is_empty() && !absent {
            return Err(Diagnostic::error(
                &file.path,
                format!("`{key}` has no text for {}", missing.join(", ")),
            )
            .at_opt(doc.locate(key, None))
            .hint("give it in every language listed in `languages`"));
        }
    }
    Ok(config)
}

pub fn parse(sources: &SourceSet, config: &Config) -> (Parsed, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut parsed = Parsed::default();

    match sources.data_file("data/facets.yaml") {
        Some(file) => match YamlDoc::whole(&file.path, &file.text).parse::<Facets>() {
            Ok(facets) => parsed.facets = Some(facets),
            Err(d) => diags.push(d),
        },
        None => diags.push(
            Diagnostic::error("data/facets.yaml", "the facet vocabularies are missing")
                .hint("create data/facets.yaml; see docs/content-model.md"),
        ),
    }

    match sources.data_file("data/decision.yaml") {
        Some(file) => match YamlDoc::whole(&file.path, &file.text).parse::<DecisionRecord>() {
            Ok(record) => parsed.decision = Some(record),
            Err(d) => diags.push(d),
        },
        None => diags.push(
            Diagnostic::error("data/decision.yaml", "the decision graph is missing")
                .hint("create data/decision.yaml; see docs/content-model.md"),
        ),
    }

    if let Some(file) = sources.data_file("data/constraints.yaml") {
        match YamlDoc::whole(&file.path, &file.text).parse::<ConstraintsRecord>() {
            Ok(record) => parsed.constraints = Some(record),
            Err(d) => diags.push(d),
        }
    }

    if let Some(file) = sources.data_file("data/glossary.yaml") {
        match glossary(file, config) {
            Ok(terms) => parsed.glossary = terms,
            Err(d) => diags.push(d),
        }
    }

    let results: Vec<Result<Item, Diagnostic>> = sources
        .data
        .par_iter()
        .filter_map(data_item)
        .chain(
            sources
                .content
                .par_iter()
                .map(|file| page(file, config).map(Item::Page)),
        )
        .collect();
    for result in results {
        match result {
            Ok(Item::Architecture(a)) => parsed.architectures.push(*a),
            Ok(Item::Bench(b)) => parsed.bench.push(*b),
            Ok(Item::Page(p)) => parsed.pages.push(*p),
            Err(d) => {
                note_unparsed(&mut parsed, &d.file, config);
                diags.push(d);
            }
        }
    }
    for path in &sources.undecodable_content {
        note_unparsed(&mut parsed, path, config);
    }
    parsed.architectures.sort_by(|a, b| a.id.cmp(&b.id));
    parsed.bench.sort_by(|a, b| a.id.cmp(&b.id));
    parsed
        .pages
        .sort_by(|a, b| (&a.lang, &a.rel).cmp(&(&b.lang, &b.rel)));
    (parsed, diags)
}

fn note_unparsed(parsed: &mut Parsed, file: &Path, config: &Config) {
    let path = display_path(file);
    if path.starts_with("data/architectures/") {
        if let Some(stem) = file.file_stem() {
            parsed
                .unparsed_architectures
                .insert(stem.to_string_lossy().into_owned());
        }
    } else if path.starts_with("content/") {
        if let Some((_, _, _, url)) = page_location(file, config) {
            parsed.unparsed_pages.insert(file.to_path_buf(), url);
        }
    }
}

enum Item {
    Architecture(Box<Architecture>),
    Bench(Box<BenchFile>),
    Page(Box<Page>),
}

fn data_item(file: &TextFile) -> Option<Result<Item, Diagnostic>> {
    let path = file.path.to_string_lossy();
    if path.starts_with("data/architectures/") {
        Some(architecture(file).map(|a| Item::Architecture(Box::new(a))))
    } else if path.starts_with("data/bench/") && path.ends_with(".json") {
        Some(bench(file).map(|b| Item::Bench(Box::new(b))))
    } else {
        None
    }
}

/// Ids are file names that also become URLs: keep them plain.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn file_id(file: &TextFile) -> Result<String, Diagnostic> {
    let id = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_valid_id(&id) {
        return Err(
            Diagnostic::error(&file.path, format!("`{id}` is not a valid id"))
                .hint("name the file with lowercase letters, digits and `-` only"),
        );
    }
    Ok(id)
}

fn architecture(file: &TextFile) -> Result<Architecture, Diagnostic> {
    let id = file_id(file)?;
    let record: ArchitectureRecord = YamlDoc::whole(&file.path, &file.text).parse()?;
    let links = record
        .papers
        .iter()
        .map(|p| &p.url)
        .chain(record.implementations.iter().map(|i| &i.url));
    for link in links {
        check_web_url(file, "url", link)?;
    }
    Ok(Architecture {
        id,
        file: file.path.clone(),
        record,
    })
}

fn bench(file: &TextFile) -> Result<BenchFile, Diagnostic> {
    let id = file_id(file)?;
    let invalid = |err: serde_json::Error| {
        let message = err.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        Diagnostic::error(&file.path, format!("invalid bench results: {message}"))
            .at(err.line(), err.column())
            .hint(format!(
                "bench files follow the `{BENCH_SCHEMA}` format in docs/content-model.md"
            ))
    };
    // The schema is read first, so a file in another format is named as such instead of
    // failing on the first field that format spells differently.
    let value: serde_json::Value = serde_json::from_str(&file.text).map_err(invalid)?;
    let schema = value.get("schema").and_then(|s| s.as_str()).unwrap_or("");
    if schema != BENCH_SCHEMA {
        let place = crate::diag::line_col(&file.text, file.text.find("\"schema\"").unwrap_or(0));
        let hint = if schema == "kb-gpu-bench/1" {
            format!("`{BENCH_SCHEMA}` makes scope explicit: add `throughput_scope`, `batch_size_scope` and `sample_unit` to each result, `{{en, zh}}` task labels, `source.retrieved`, and set `date` to the run's date (or null); see docs/content-model.md")
        } else {
            format!("this archkb reads `{BENCH_SCHEMA}`")
        };
        return Err(
            Diagnostic::error(&file.path, format!("unknown schema `{schema}`"))
                .at(place.0, place.1)
                .hint(hint),
        );
    }
    let record: BenchRecord = serde_json::from_str(&file.text).map_err(invalid)?;
    if let crate::model::bench::BenchSource::Published { url, .. } = &record.source {
        check_web_url(file, "\"url\"", url)?;
    }
    Ok(BenchFile {
        id,
        file: file.path.clone(),
        record,
    })
}

/// A link in a data field must be a web URL (see `url`); the error points at the value as
/// written, or at the first `key` when the value is spelled differently (escaped, say).
fn check_web_url(file: &TextFile, key: &str, link: &str) -> Result<(), Diagnostic> {
    let Some(problem) = url::web_url_problem(link) else {
        return Ok(());
    };
    let offset = (!link.is_empty())
        .then(|| file.text.find(link))
        .flatten()
        .or_else(|| file.text.find(&format!("{key}:")));
    let diag = Diagnostic::error(&file.path, format!("unsafe or invalid link: {problem}"))
        .hint("link to a web page with an https:// URL, e.g. https://arxiv.org/abs/1512.03385");
    Err(match offset {
        Some(offset) => {
            let (line, col) = crate::diag::line_col(&file.text, offset);
            diag.at(line, col)
        }
        None => diag,
    })
}

#[derive(Deserialize)]
struct GlossaryRecord {
    terms: Vec<RawTerm>,
}

#[derive(Deserialize)]
struct RawTerm {
    id: String,
    #[serde(default)]
    aliases: Vec<String>,
    definition: Localized<String>,
    /// The term in each language, keyed by language code.
    #[serde(flatten)]
    names: BTreeMap<String, serde_yaml::Value>,
}

fn glossary(file: &TextFile, config: &Config) -> Result<Vec<GlossaryTerm>, Diagnostic> {
    let doc = YamlDoc::whole(&file.path, &file.text);
    let record: GlossaryRecord = doc.parse()?;
    let mut terms = Vec::new();
    for raw in record.terms {
        let mut names = BTreeMap::new();
        for (key, value) in raw.names {
            let place = doc.locate_after(&format!("id: {}", raw.id), &key, None);
            if !config.languages.contains(&key) {
                return Err(Diagnostic::error(
                    &file.path,
                    format!("unknown field `{key}` in glossary term `{}`", raw.id),
                )
                .at_opt(place)
                .hint(format!(
                    "valid fields: id, aliases, definition, {}",
                    config.languages.join(", ")
                )));
            }
            match value {
                serde_yaml::Value::String(s) => {
                    names.insert(key, s);
                }
                _ => {
                    return Err(Diagnostic::error(
                        &file.path,
                        format!("`{key}` of glossary term `{}` must be a string", raw.id),
                    )
                    .at_opt(place)
                    .hint("write the term as plain text"))
                }
            }
        }
        terms.push(GlossaryTerm {
            id: raw.id,
            names,
            aliases: raw.aliases,
            definition: raw.definition,
        });
    }
    Ok(terms)
}

/// Where a content file goes: (language, path in the language, kind, site-relative URL).
fn page_location(file: &Path, config: &Config) -> Option<(String, String, PageKind, String)> {
    let rel_path = file.strip_prefix("content").unwrap_or(file);
    let mut parts = rel_path.iter().map(|p| p.to_string_lossy().into_owned());
    let lang = parts.next().unwrap_or_default();
    let rest: Vec<String> = parts.collect();
    if rest.is_empty() || !config.languages.contains(&lang) {
        return None;
    }
    let rel = rest.join("/");
    let rel = rel.strip_suffix(".md").unwrap_or(&rel).to_string();
    let prefix = config.lang_prefix(&lang);
    let (kind, url) = if rel == "_index" {
        (PageKind::Home, format!("/{prefix}"))
    } else if let Some(dir) = rel.strip_suffix("/_index") {
        (PageKind::Section, format!("/{prefix}{dir}/"))
    } else {
        (PageKind::Article, format!("/{prefix}{rel}/"))
    };
    Some((lang, rel, kind, url))
}

fn page(file: &TextFile, config: &Config) -> Result<Box<Page>, Diagnostic> {
    let Some((lang, rel, kind, url)) = page_location(&file.path, config) else {
        let lang = file
            .path
            .strip_prefix("content")
            .unwrap_or(&file.path)
            .iter()
            .next()
            .map(|l| l.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Err(Diagnostic::error(
            &file.path,
            format!("`{lang}` is not one of the site's languages"),
        )
        .hint(format!(
            "put articles under content/<lang>/ with <lang> one of: {}",
            config.languages.join(", ")
        )));
    };
    let (front, body, body_line) = front_matter::split(&file.path, &file.text)?;
    let section = (kind != PageKind::Home && rel.contains('/'))
        .then(|| rel.split('/').next().unwrap_or_default().to_string());
    Ok(Box::new(Page {
        lang,
        rel,
        file: file.path.clone(),
        kind,
        section,
        url,
        front,
        body: body.to_string(),
        body_line,
    }))
}

/// The file a diagnostic about `path` should name, for callers that have only a path.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
