//! Cuts one language's index into the files the client loads, each written twice: as
//! `NAME.json` (fetched over HTTP) and as `NAME.js`, a one-line script that calls
//! `window.__archkbSearch("LANG/NAME", DATA)` (loaded with a `<script>` tag from `file://`,
//! where `fetch` is refused).
//!
//! Files of one language, under `<lang-prefix>search/`:
//! - `meta` — the entry point, at a fixed name: document count, average field lengths,
//!   the shard table (first term and file of each shard, and the last term of all, so
//!   a term past it is known absent without a fetch), the fragment folder, facet
//!   filters (facet → value → document numbers), glossary synonym groups, and every
//!   language's search folder for the "all languages" scope.
//! - `s-HASH` — a shard: `{term: [doc, impact, doc, impact, ...]}` for a contiguous range of
//!   the sorted terms, documents delta-encoded. Shards are cut at about [`SHARD_TARGET`]
//!   bytes; a term never spans two shards. `HASH` is a hash of the shard's JSON, so a file
//!   name always means the same content and can be cached forever.
//! - `frag-HASH/N` — document N's fragment `{u: url, t: title, x: text}`: the doc table and
//!   the snippet text in one file, fetched only for results on screen. `HASH` is a hash of
//!   all fragments of the language, so the folder changes whenever any page does.
//!
//! Terms are sorted by code point (Rust's `str` order); the client compares by code point.

use super::index::{Index, Posting};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Shards are cut when they pass this many bytes of JSON.
pub const SHARD_TARGET: usize = 8 * 1024;

/// The JSONP callback the `.js` twins call.
pub const CALLBACK: &str = "__archkbSearch";

/// What a language's meta file says besides its own index.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MetaExtras {
    /// Groups of synonyms (glossary names and aliases in every language).
    pub synonyms: Vec<Vec<String>>,
    /// (language code, absolute URL path of its search folder), for every language.
    pub languages: Vec<(String, String)>,
}

/// FNV-1a, 64 bits, as 10 hex digits: stable across Rust versions (unlike `DefaultHasher`)
/// and plenty for telling file versions apart.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")[..10].to_string()
}

/// A posting's second number packs the impact (below this) and the chunk (times this).
pub const CHUNK_FACTOR: u32 = 128;

/// The posting list as the client reads it: document numbers delta-encoded, then
/// `impact + CHUNK_FACTOR * chunk` (see [`super::index::NO_CHUNK`]).
fn encode(postings: &[Posting]) -> Vec<u32> {
    let mut out = Vec::with_capacity(postings.len() * 2);
    let mut last = 0;
    for &(doc, impact, chunk) in postings {
        out.push(doc - last);
        out.push(u32::from(impact) + CHUNK_FACTOR * u32::from(chunk));
        last = doc;
    }
    out
}

/// The `.js` twin of a data file.
fn script(key: &str, json: &str) -> String {
    // JSON is a JavaScript expression; the two line separators are escaped for old engines.
    let body = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!(
        "window.{CALLBACK}({},{body});\n",
        serde_json::to_string(key).unwrap_or_default()
    )
}

/// Adds `NAME.json` and `NAME.js` under `dir` to `files`.
fn push_pair(files: &mut Vec<(String, Vec<u8>)>, dir: &str, lang: &str, name: &str, json: String) {
    files.push((
        format!("{dir}{name}.js"),
        script(&format!("{lang}/{name}"), &json).into_bytes(),
    ));
    files.push((format!("{dir}{name}.json"), json.into_bytes()));
}

/// Every search file of one language, as (path relative to the output folder, bytes).
/// `dir` is `search/` or `zh/search/`.
pub fn files(index: &Index, lang: &str, dir: &str, extras: &MetaExtras) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();

    // Shards.
    let mut shards: Vec<(String, String)> = Vec::new();
    let mut current: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut size = 0;
    for (term, postings) in &index.postings {
        let encoded = encode(postings);
        let cost = term.len() + 4 + encoded.iter().map(|n| digits(*n) + 1).sum::<usize>();
        if size > 0 && size + cost > SHARD_TARGET {
            flush_shard(&mut current, &mut shards, &mut files, dir, lang);
            size = 0;
        }
        size += cost;
        current.insert(term, encoded);
    }
    if !current.is_empty() || shards.is_empty() {
        flush_shard(&mut current, &mut shards, &mut files, dir, lang);
    }

    // Fragments: `N` for document N's first chunk, `N-C` for its chunk C.
    let fragments: Vec<(String, String)> = index
        .docs
        .iter()
        .enumerate()
        .flat_map(|(n, d)| {
            d.chunks.iter().enumerate().map(move |(c, x)| {
                let name = if c == 0 {
                    n.to_string()
                } else {
                    format!("{n}-{c}")
                };
                let json = serde_json::to_string(&json!({"u": d.url, "t": d.title, "x": x}))
                    .unwrap_or_default();
                (name, json)
            })
        })
        .collect();
    let all: Vec<&str> = fragments.iter().map(|(_, j)| j.as_str()).collect();
    let folder = format!("frag-{}", content_hash(all.join("\n").as_bytes()));
    for (name, json) in fragments {
        push_pair(&mut files, dir, lang, &format!("{folder}/{name}"), json);
    }

    // Facets: facet → value → document numbers.
    let mut facets: BTreeMap<&str, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    for (n, doc) in index.docs.iter().enumerate() {
        for (facet, value) in &doc.facets {
            let docs = facets.entry(facet).or_default().entry(value).or_default();
            if docs.last() != Some(&n) {
                docs.push(n);
            }
        }
    }

    let avg: Vec<Value> = index
        .avg_len
        .iter()
        .map(|a| json!((a * 10.0).round() / 10.0))
        .collect();
    let meta = json!({
        "v": 2,
        "cf": CHUNK_FACTOR,
        "nc": super::index::NO_CHUNK,
        "lang": lang,
        "n": index.docs.len(),
        "avg": avg,
        "shards": shards,
        "last": index.postings.keys().next_back(),
        "frag": folder,
        "facets": facets,
        "syn": extras.synonyms,
        "langs": extras.languages,
    });
    push_pair(
        &mut files,
        dir,
        lang,
        "meta",
        serde_json::to_string(&meta).unwrap_or_default(),
    );
    files
}

/// Writes the shard in `current` and records its first term (`""` for the first shard, so
/// the table covers every possible term).
fn flush_shard(
    current: &mut BTreeMap<&str, Vec<u32>>,
    shards: &mut Vec<(String, String)>,
    files: &mut Vec<(String, Vec<u8>)>,
    dir: &str,
    lang: &str,
) {
    let json = serde_json::to_string(&*current).unwrap_or_default();
    let name = format!("s-{}", content_hash(json.as_bytes()));
    push_pair(files, dir, lang, &name, json);
    let first = match (shards.is_empty(), current.keys().next()) {
        (false, Some(term)) => term.to_string(),
        _ => String::new(),
    };
    shards.push((first, name));
    current.clear();
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{build, SearchDoc};

    fn index(n: usize) -> Index {
        build(
            (0..n)
                .map(|i| SearchDoc {
                    url: format!("/p{i}/"),
                    title: format!("page {i}"),
                    fields: [
                        format!("page {i}"),
                        String::new(),
                        format!("word{i} common text </script> \u{2028}"),
                        String::new(),
                    ],
                    chunks: vec![format!("text {i}")],
                    facets: vec![("task".into(), "classification".into())],
                })
                .collect(),
        )
    }

    fn get<'a>(files: &'a [(String, Vec<u8>)], path: &str) -> &'a [u8] {
        &files.iter().find(|(p, _)| p == path).expect(path).1
    }

    #[test]
    fn every_json_file_has_a_script_twin() {
        let files = files(&index(3), "zh", "zh/search/", &MetaExtras::default());
        for (path, _) in files.iter().filter(|(p, _)| p.ends_with(".json")) {
            let twin = path.replace(".json", ".js");
            let js = String::from_utf8(get(&files, &twin).to_vec()).unwrap();
            let key = path
                .trim_start_matches("zh/search/")
                .trim_end_matches(".json");
            assert!(
                js.starts_with(&format!("window.__archkbSearch(\"zh/{key}\",{{")),
                "{js}"
            );
            assert!(!js.contains('\u{2028}'));
        }
    }

    #[test]
    fn shards_are_content_hashed_and_cover_all_terms() {
        let index = index(2000);
        let files = files(&index, "en", "search/", &MetaExtras::default());
        let meta: Value = serde_json::from_slice(get(&files, "search/meta.json")).unwrap();
        let shards = meta["shards"].as_array().unwrap();
        assert!(shards.len() > 1, "{}", shards.len());
        assert_eq!(shards[0][0], "");
        let mut terms = 0;
        for shard in shards {
            let name = shard[1].as_str().unwrap();
            let bytes = get(&files, &format!("search/{name}.json"));
            assert_eq!(name, format!("s-{}", content_hash(bytes)));
            let map: BTreeMap<String, Vec<u32>> = serde_json::from_slice(bytes).unwrap();
            let first = shard[0].as_str().unwrap();
            assert!(map.keys().all(|k| k.as_str() >= first));
            // Only a term whose own list is that long makes a larger shard.
            assert!(
                bytes.len() < SHARD_TARGET + 4096 || map.len() == 1,
                "{}",
                bytes.len()
            );
            terms += map.len();
        }
        assert_eq!(terms, index.postings.len());
        assert_eq!(meta["facets"]["task"]["classification"][1999], 1999);
    }

    #[test]
    fn postings_are_delta_encoded() {
        assert_eq!(
            encode(&[(3, 50, 0), (4, 7, 2), (10, 100, 0)]),
            [3, 50, 1, 7 + 2 * CHUNK_FACTOR, 6, 100]
        );
    }

    #[test]
    fn each_chunk_is_a_fragment_file() {
        let mut idx = index(2);
        idx.docs[1].chunks = vec!["first".into(), "second".into()];
        let files = files(&idx, "en", "search/", &MetaExtras::default());
        let meta: Value = serde_json::from_slice(get(&files, "search/meta.json")).unwrap();
        let folder = meta["frag"].as_str().unwrap();
        let second: Value =
            serde_json::from_slice(get(&files, &format!("search/{folder}/1-1.json"))).unwrap();
        assert_eq!(second["x"], "second");
        assert_eq!(second["u"], "/p1/");
        assert!(files.iter().all(|(p, _)| !p.contains("/0-1.")));
    }
}
