//! Site search: one index per language, built from the rendered pages' text and the
//! architecture metadata, cut into content-hashed shards that the browser client
//! (`themes/default/static/search.js`) loads on demand.
//!
//! - [`tokenizer`]: the one tokenizer, specified there and mirrored by the client.
//! - [`index`]: documents with weighted fields → postings with BM25F impacts.
//! - [`shards`]: the files under `<lang-prefix>search/` (meta, shards, fragments), each as
//!   gzip-compressed `.json.gz` for `fetch` ([`gzip`]) and, in a copy for `file://`, as a
//!   `.js` twin.
//!
//! Synonyms from the glossary are applied at **query time**: the meta file carries the
//! groups (every language's name of a term plus its aliases) and the client, when a run of
//! the query's terms equals one name of a group, also accepts any other name of the group
//! there. That keeps the index free of injected terms and lets a glossary edit change
//! search without reindexing.
//!
//! Pure: a function of the `Site` and the rendered Markdown, like every view.

pub mod gzip;
pub mod index;
pub mod shards;
pub mod tokenizer;

use crate::markup::join_path;
use crate::model::{ArchKind, Page, Site};
use crate::render::markdown::RenderedMarkdown;
use index::SearchDoc;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A page's text is stored in chunks of about this many bytes, one fragment file each:
/// enough for a good snippet, small enough that the results on screen cost a few kilobytes
/// each. The client fetches, for each result, the chunk where the query's words are.
pub const EXCERPT_BYTES: usize = 2000;

/// The facets the search page filters on: `family`, then the facet fields marked
/// `search_filter` in the facet-field table.
pub fn search_facets() -> Vec<&'static str> {
    std::iter::once("family")
        .chain(
            crate::model::facets::FACET_FIELDS
                .iter()
                .filter(|f| f.search_filter)
                .map(|f| f.field),
        )
        .collect()
}

/// Whether `path` is one of the files [`files`] writes: under a language's `search/`, other
/// than the search page itself.
pub fn is_output(config: &crate::model::Config, path: &str) -> bool {
    config.languages.iter().any(|lang| {
        path.strip_prefix(&format!("{}search/", config.lang_prefix(lang)))
            .is_some_and(|rest| rest != "index.html")
    })
}

/// Every search file of every language in `languages`, as (output path, bytes).
/// `bodies` are the rendered Markdown of `site.pages`, in the same order.
pub fn files(
    site: &Site,
    bodies: &[RenderedMarkdown],
    languages: &[String],
    twins: shards::Twins,
) -> Vec<(String, Vec<u8>)> {
    shards::collected(|emit| write(site, bodies.iter().collect(), languages, twins, emit))
}

/// The search files of [`files`], each handed to `emit` as soon as it is made. With the
/// bodies owned (a build), each page's text is dropped once it is in its search document,
/// and the documents' text once it is written out, so a large site's text is not held twice.
pub fn write<B: std::borrow::Borrow<RenderedMarkdown> + Send>(
    site: &Site,
    bodies: Vec<B>,
    languages: &[String],
    twins: shards::Twins,
    emit: &shards::Emit,
) {
    let base_path = site.config.base_path();
    let extras = shards::MetaExtras {
        synonyms: synonyms(site),
        languages: languages
            .iter()
            .map(|l| {
                let dir = format!("/{}search/", site.config.lang_prefix(l));
                (l.clone(), join_path(&base_path, &dir))
            })
            .collect(),
    };
    let mut per_language: Vec<Vec<(&Page, B)>> = languages.iter().map(|_| Vec::new()).collect();
    for (page, body) in site.pages.iter().zip(bodies) {
        if let Some(i) = languages.iter().position(|l| *l == page.lang) {
            per_language[i].push((page, body));
        }
    }
    // The languages' indexes are made side by side: a small language's stages are too short
    // to keep both cores busy on their own.
    languages
        .par_iter()
        .zip(per_language)
        .for_each(|(lang, pages)| {
            let docs = documents(site, pages, lang);
            let dir = format!("{}search/", site.config.lang_prefix(lang));
            shards::write(docs, lang, &dir, &extras, twins, emit);
            crate::trace::stage(&format!("wrote the {lang} search shards"));
        });
}

/// The pages of `lang` as search documents, sorted by URL (their document numbers); each
/// body is dropped as soon as its document is made, when it is owned.
fn documents<B: std::borrow::Borrow<RenderedMarkdown> + Send>(
    site: &Site,
    pages: Vec<(&Page, B)>,
    lang: &str,
) -> Vec<SearchDoc> {
    let base_path = site.config.base_path();
    let mut docs: Vec<SearchDoc> = pages
        .into_par_iter()
        .map(|(page, body)| document(site, page, body.borrow(), lang, &base_path))
        .collect();
    docs.sort_by(|a, b| a.url.cmp(&b.url));
    docs
}

fn document(
    site: &Site,
    page: &Page,
    body: &RenderedMarkdown,
    lang: &str,
    base_path: &str,
) -> SearchDoc {
    let summary = page.front.summary.clone().unwrap_or_default();
    let headings: Vec<&str> = body.toc.iter().map(|h| h.title.as_str()).collect();
    let mut meta: Vec<String> = page.front.tags.clone();
    let mut facets = Vec::new();
    if let Some(arch) = page.architecture_id().and_then(|id| site.architecture(id)) {
        let r = &arch.record;
        meta.push(arch.id.clone());
        meta.push(r.name.text(lang).to_string());
        let family = match (r.kind, &r.family) {
            (ArchKind::Family, _) => Some(arch),
            (_, Some(id)) => site.architecture(id),
            _ => None,
        };
        if let Some(family) = family {
            meta.push(family.record.name.text(lang).to_string());
            facets.push(("family".to_string(), family.id.clone()));
        }
        for (field, vocabulary, value) in arch.facet_values() {
            meta.push(site.facets.label(vocabulary, value, lang).to_string());
            if crate::model::facets::facet_field(field).is_some_and(|f| f.search_filter) {
                facets.push((field.to_string(), value.to_string()));
            }
        }
    }
    let text = format!("{summary}\n{}", body.text);
    SearchDoc {
        url: join_path(base_path, &page.url),
        title: page.front.title.clone(),
        headings: headings.join("\n"),
        chunks: chunks(&text, EXCERPT_BYTES),
        meta: meta.join("\n"),
        facets,
    }
}

/// `text` with runs of white space collapsed, cut into chunks of at most `max` bytes at
/// spaces; a longer run without spaces (a Chinese paragraph) is cut after the last
/// sentence mark (。！？；) in its final third, else at a character boundary. Never empty:
/// an empty text is one empty chunk.
pub fn chunks(text: &str, max: usize) -> Vec<String> {
    let max = max.max(16);
    let mut out = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.len() + 1 + word.len() > max {
            out.push(std::mem::take(&mut current));
        }
        let mut word = word;
        while current.len() + word.len() > max {
            // Only a word longer than a chunk gets here (current is empty then).
            let cut = long_word_cut(word, max - current.len());
            current.push_str(&word[..cut]);
            out.push(std::mem::take(&mut current));
            word = &word[cut..];
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || out.is_empty() {
        out.push(current);
    }
    out
}

/// Where to cut a run without spaces so that its head fits in `room` bytes.
fn long_word_cut(word: &str, room: usize) -> usize {
    let mut end = room.min(word.len());
    while !word.is_char_boundary(end) {
        end -= 1;
    }
    let sentence = word[..end]
        .char_indices()
        .filter(|(_, c)| matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?' | ';'))
        .map(|(i, c)| i + c.len_utf8())
        .next_back();
    match sentence {
        Some(i) if i * 3 >= end * 2 => i,
        _ if end == 0 => word.chars().next().map_or(word.len(), char::len_utf8),
        _ => end,
    }
}

/// The glossary's synonym groups: every language's name of a term and its aliases,
/// without duplicates (compared by their query terms).
pub fn synonyms(site: &Site) -> Vec<Vec<String>> {
    site.glossary
        .iter()
        .filter_map(|term| {
            let mut seen = BTreeSet::new();
            let names: Vec<String> = term
                .names
                .values()
                .chain(&term.aliases)
                .filter(|n| {
                    let terms = tokenizer::query_terms(n);
                    !terms.is_empty() && seen.insert(terms)
                })
                .map(|n| n.to_lowercase())
                .collect();
            (names.len() > 1).then_some(names)
        })
        .collect()
}

/// One filter group of the search page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetGroup {
    pub id: String,
    pub label: String,
    pub values: Vec<FacetOption>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetOption {
    pub id: String,
    pub label: String,
}

/// The filters the search page offers in `lang`: each facet's values that some
/// architecture has, in vocabulary order, labelled in `lang`. `strings` are the theme's
/// UI strings (`field_<facet>` names a group).
pub fn facet_groups(
    site: &Site,
    lang: &str,
    strings: &BTreeMap<String, String>,
) -> Vec<FacetGroup> {
    search_facets()
        .into_iter()
        .map(|facet| {
            let label = strings
                .get(&format!("field_{facet}"))
                .or_else(|| strings.get(facet))
                .cloned()
                .unwrap_or_else(|| facet.to_string());
            let values = if facet == "family" {
                site.architectures
                    .iter()
                    .filter(|a| a.record.kind == ArchKind::Family)
                    .map(|a| FacetOption {
                        id: a.id.clone(),
                        label: a.record.name.text(lang).to_string(),
                    })
                    .collect()
            } else {
                let used: BTreeSet<&str> = site
                    .architectures
                    .iter()
                    .flat_map(|a| a.facet_values())
                    .filter(|(field, _, _)| *field == facet)
                    .map(|(_, _, value)| value)
                    .collect();
                let vocabulary = crate::model::facets::facet_field(facet)
                    .and_then(|f| site.facets.vocabulary(f.vocabulary));
                vocabulary
                    .map(|v| {
                        v.values
                            .iter()
                            .filter(|(id, _)| used.contains(id))
                            .map(|(id, value)| FacetOption {
                                id: id.to_string(),
                                label: value.label.text(lang).to_string(),
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            FacetGroup {
                id: facet.to_string(),
                label,
                values,
            }
        })
        .filter(|g| !g.values.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled site, built in memory: every language has a search page, a small meta
    /// file and small shards (as fetched: compressed), and no `.js` twins (it is not an
    /// offline copy).
    #[test]
    fn bundled_site_search_files_fit_their_budgets() {
        let options = crate::BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
        let outcome = crate::load_and_render(&options).expect("the bundled site loads");
        let rendered = outcome.rendered.expect("the bundled site renders");
        for dir in ["search/", "zh/search/"] {
            assert!(rendered.files.contains_key(&format!("{dir}index.html")));
            let meta = &rendered.files[&format!("{dir}meta.json.gz")];
            assert!(
                meta.len() <= 20 * 1024,
                "{dir}meta.json.gz: {} bytes",
                meta.len()
            );
            let shards: Vec<(&String, &Vec<u8>)> = rendered
                .files
                .iter()
                .filter(|(p, _)| p.starts_with(&format!("{dir}s-")) && p.ends_with(".json.gz"))
                .collect();
            assert!(!shards.is_empty());
            for (path, bytes) in shards {
                assert!(bytes.len() <= 64 * 1024, "{path}: {} bytes", bytes.len());
                assert!(!rendered
                    .files
                    .contains_key(&path.replace(".json.gz", ".js")));
            }
        }
    }

    #[test]
    fn chunks_cut_at_spaces_and_sentences() {
        assert_eq!(chunks("a  b\n c", 100), ["a b c"]);
        assert_eq!(chunks("", 100), [""]);
        let words = "one two three four five six seven eight nine ten".repeat(3);
        let cut = chunks(&words, 20);
        assert!(cut.iter().all(|c| c.len() <= 20), "{cut:?}");
        assert_eq!(
            cut.join(" "),
            words.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        // A Chinese paragraph: cut after a full stop, never inside a character.
        let zh = "卷积神经网络很常见。".repeat(10);
        let cut = chunks(&zh, 100);
        assert!(
            cut.iter().all(|c| c.len() <= 100 && c.ends_with('。')),
            "{cut:?}"
        );
        assert_eq!(cut.concat(), zh);
        let run = "卷积神经网络".repeat(10);
        let cut = chunks(&run, 16);
        assert_eq!(cut[0], "卷积神经网");
        assert_eq!(cut.concat(), run);
    }
}
