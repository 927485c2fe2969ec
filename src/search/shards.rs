//! Cuts one language's index into the files the client loads: `NAME.json.gz`, JSON compressed
//! with gzip ([`super::gzip`]), fetched over HTTP and inflated by the client, and, only in a
//! build meant to be opened from `file://` (the `--offline` copy, or a `file:` base URL), also
//! `NAME.js`, a one-line script that calls `window.__archkbSearch("LANG/NAME", DATA)` with the
//! plain JSON (loaded with a `<script>` tag, since `file://` refuses `fetch`). A site served
//! over HTTP never loads a `.js` twin, so it gets none.
//!
//! Files of one language, under `<lang-prefix>search/`:
//! - `meta` — the entry point, at a fixed name: document count, average field lengths,
//!   the shard table (first term and file of each shard, and the last term of all, so
//!   a term past it is known absent without a fetch), the fragment folder, facet
//!   filters (facet → value → document numbers), glossary synonym groups, and every
//!   language's search folder for the "all languages" scope.
//! - `s-HASH` — a shard: `{term: [doc, impact, doc, impact, ...]}` for a contiguous range of
//!   the sorted terms, documents delta-encoded. Shards are cut at about [`shard_target`]
//!   bytes of JSON (8 KB, more on a large site, so that there are about [`MAX_SHARDS`] at
//!   most);
//!   a term never spans two shards. `HASH` is a hash of the shard's JSON, so a file
//!   name always means the same content and can be cached forever.
//! - `frag-HASH/G` and `frag-HASH/G-C` — chunk 0 and chunk C of the documents of group G
//!   (documents `G × g` to `G × g + g − 1`, for the [`fragment_group`] size `g` that meta
//!   names), as an array indexed by document number minus the group's first, `null` where a
//!   document has no chunk C. Each entry is a fragment `{u: url, t: title, x: text}`: the doc
//!   table and the snippet text in one, fetched only for results on screen. Grouping divides
//!   the files written by `g` while a result's fetch stays a few chunks. `HASH` is a hash of
//!   all fragments of the language, so the folder changes whenever any page does.
//!
//! What a site writes for search, and what a query fetches, are two ends of one trade: the
//! fragment files hold the whole text, so fewer files means more text in each, and a query
//! fetches one file per result on screen. [`fragment_group`] keeps about one fragment file per
//! four pages on a large site (search then writes under a quarter of the site's files);
//! docs/search.md has the figures.
//!
//! Terms are sorted by code point (Rust's `str` order); the client compares by code point.

use super::index::{Fnv, Posting, SearchDoc};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::hash::Hasher;

/// Shards are cut when they pass this many bytes of JSON, on a small site; see
/// [`shard_target`].
pub const SHARD_TARGET: usize = 8 * 1024;

/// The shard table in `meta` (about 30 bytes a shard) is what every query fetches first, so
/// a larger site gets larger shards rather than more of them: about this many at most.
pub const MAX_SHARDS: usize = 512;

/// The size shards are cut at for an index whose postings take `total` bytes of JSON:
/// [`SHARD_TARGET`], or more when that would make more than [`MAX_SHARDS`] shards. At
/// 10,000 articles that makes about 600 shards of 64 KB of JSON (18 KB compressed) and a
/// meta file of 20 KB (9 KB compressed).
pub fn shard_target(total: usize) -> usize {
    SHARD_TARGET.max(total.div_ceil(MAX_SHARDS))
}

/// Documents per fragment file on a small site. A result fetches its whole file: on the
/// d2l corpus (tests/search/d2l.test.mjs) a one-word query's ten results stay under the
/// 100 KB budget with 2.
pub const FRAGMENT_GROUP_MIN: usize = 2;

/// A large site writes about one fragment file per this many documents...
pub const DOCS_PER_FRAGMENT_FILE: usize = 4;

/// ...and a small one up to this many fragment files in all, before groups grow past
/// [`FRAGMENT_GROUP_MIN`].
pub const MIN_FRAGMENT_FILES: usize = 1024;

/// Documents per fragment file for `docs` documents holding `chunks` chunks in all: the
/// smallest group that keeps the fragment files (about `chunks / group`) under
/// [`MIN_FRAGMENT_FILES`] or one per [`DOCS_PER_FRAGMENT_FILE`] documents, whichever is more.
/// So a large site's search stays under a quarter of its files, and a query's fetch per
/// result stays the same at any size (about four pages' text, compressed).
pub fn fragment_group(docs: usize, chunks: usize) -> usize {
    let files = MIN_FRAGMENT_FILES.max(docs / DOCS_PER_FRAGMENT_FILE);
    FRAGMENT_GROUP_MIN.max(chunks.div_ceil(files))
}

/// Whether the search files get `.js` twins: only for a site opened from `file://`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Twins {
    /// Served over HTTP: `.json` only.
    No,
    /// Opened from disk: every `.json` also as a `.js` script.
    Scripts,
}

impl Twins {
    /// `Scripts` for the `--offline` copy and for a site whose `base_url` is a `file:` URL.
    pub fn for_build(target: crate::output::Target, base_url: &str) -> Twins {
        if target == crate::output::Target::Offline || base_url.starts_with("file:") {
            Twins::Scripts
        } else {
            Twins::No
        }
    }
}

/// One document's chunk as the client reads it: title, URL and text.
#[derive(Clone, Copy, Serialize)]
struct Fragment<'a> {
    t: &'a str,
    u: &'a str,
    x: &'a str,
}

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

/// FNV-1a ([`Fnv`]), 64 bits, as 10 hex digits: plenty for telling file versions apart.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash = Fnv::default();
    hash.write(bytes);
    hex(&hash)
}

fn hex(hash: &Fnv) -> String {
    format!("{:016x}", hash.finish())[..10].to_string()
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

/// Output files as (path relative to the output folder, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// Where one language's files go, and whether they get twins.
struct Out<'a> {
    dir: &'a str,
    lang: &'a str,
    twins: Twins,
}

impl Out<'_> {
    /// `NAME.json.gz` under `dir`, and `NAME.js` when twins are wanted: (path, bytes).
    /// Compresses, so it is called from the parallel loops.
    fn files(&self, name: &str, json: &str) -> Files {
        let dir = self.dir;
        let mut files = vec![(
            format!("{dir}{name}.json.gz"),
            super::gzip::compress(json.as_bytes()),
        )];
        if self.twins == Twins::Scripts {
            let script = script(&format!("{}/{name}", self.lang), json);
            files.push((format!("{dir}{name}.js"), script.into_bytes()));
        }
        files
    }
}

/// Receives search files as they are made, from any thread: a build writes each into its
/// staging folder at once, so that a large site's search files are never all in memory.
pub type Emit<'a> = dyn Fn(Files) + Sync + 'a;

/// Every search file of one language made from `docs` (in document order), each handed to
/// `emit` as soon as it is made. `dir` is `search/` or `zh/search/`. The documents' text
/// is written out as fragments and dropped before the postings are made, so the text and
/// the postings of a large site are never in memory together.
pub fn write(
    mut docs: Vec<SearchDoc>,
    lang: &str,
    dir: &str,
    extras: &MetaExtras,
    twins: Twins,
    emit: &Emit,
) {
    let out = Out { dir, lang, twins };
    let fragments = Fragments::new(&docs, &out);
    let facets = facets(&docs);
    let doc_count = docs.len();
    // Each batch's fragments are written, and its text dropped, as soon as it is counted:
    // the text and the counts of a large site are never all in memory together.
    let counted = super::index::count(&mut docs, fragments.group_size, |first, batch| {
        fragments.write(first, batch, emit);
        for doc in batch {
            doc.chunks = Vec::new();
        }
    });
    let avg_len = counted.avg_len();
    drop(docs);
    crate::trace::stage(&format!(
        "counted the {lang} pages' terms and wrote their text"
    ));
    let postings = counted.postings();
    crate::trace::stage(&format!("made the {lang} postings"));
    let shards = write_shards(&postings, &out, emit);

    let avg: Vec<Value> = avg_len
        .iter()
        .map(|a| json!((a * 10.0).round() / 10.0))
        .collect();
    let meta = json!({
        "v": 4,
        "cf": CHUNK_FACTOR,
        "fg": fragments.group_size,
        "nc": super::index::NO_CHUNK,
        "lang": lang,
        "n": doc_count,
        "avg": avg,
        "shards": shards,
        "last": postings.last().map(|(term, _)| term),
        "frag": fragments.folder,
        "facets": facets,
        "syn": extras.synonyms,
        "langs": extras.languages,
    });
    emit(out.files("meta", &serde_json::to_string(&meta).unwrap_or_default()));
}

/// Every search file of one language, collected (see [`write`]).
#[cfg(test)]
fn files(docs: Vec<SearchDoc>, lang: &str, dir: &str, extras: &MetaExtras, twins: Twins) -> Files {
    collected(|emit| write(docs, lang, dir, extras, twins, emit))
}

/// What `make` emits, collected into one list.
pub fn collected(make: impl FnOnce(&Emit)) -> Files {
    let all = std::sync::Mutex::new(Vec::new());
    make(&|files| {
        all.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(files);
    });
    all.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Cuts the sorted postings into shards of about [`shard_target`] bytes of JSON and emits
/// them; returns the shard table: each shard's first term ("" for the first) and name.
/// A shard's postings are encoded only while its file is made.
fn write_shards(
    postings: &[(String, Vec<Posting>)],
    out: &Out,
    emit: &Emit,
) -> Vec<(String, String)> {
    // What each term adds to its shard's JSON: `"term":[...],` and its numbers.
    let costs: Vec<usize> = postings
        .par_iter()
        .map(|(term, list)| term.len() + 4 + encoded_digits(list))
        .collect();
    let target = shard_target(costs.iter().sum());
    let mut cuts: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut from, mut size) = (0, 0);
    for (i, cost) in costs.iter().enumerate() {
        if size > 0 && size + cost > target {
            cuts.push(from..i);
            (from, size) = (i, 0);
        }
        size += cost;
    }
    if from < postings.len() || cuts.is_empty() {
        cuts.push(from..postings.len());
    }
    let names: Vec<String> = cuts
        .par_iter()
        .map(|range| {
            let terms: BTreeMap<&str, Vec<u32>> = postings[range.clone()]
                .iter()
                .map(|(term, list)| (term.as_str(), encode(list)))
                .collect();
            let json = serde_json::to_string(&terms).unwrap_or_default();
            let name = format!("s-{}", content_hash(json.as_bytes()));
            emit(out.files(&name, &json));
            name
        })
        .collect();
    cuts.iter()
        .zip(names)
        .enumerate()
        .map(|(i, (range, name))| {
            let first = if i == 0 {
                String::new()
            } else {
                postings[range.start].0.clone()
            };
            (first, name)
        })
        .collect()
}

/// The digits and commas of a posting list as [`encode`] writes it.
fn encoded_digits(postings: &[Posting]) -> usize {
    let mut last = 0;
    postings
        .iter()
        .map(|&(doc, impact, chunk)| {
            let delta = digits(doc - last) + 1;
            last = doc;
            delta + digits(u32::from(impact) + CHUNK_FACTOR * u32::from(chunk)) + 1
        })
        .sum()
}

/// The fragment files of one language: chunk C of each group of [`fragment_group`]
/// documents per file, in a folder named before any is written.
struct Fragments<'a> {
    out: &'a Out<'a>,
    folder: String,
    group_size: usize,
}

impl<'a> Fragments<'a> {
    /// The folder is named by a hash of every document's URL, title and text (and the group
    /// size), so it changes whenever any page's does; each group's files can then be made,
    /// compressed and emitted on their own, as soon as its documents are counted.
    fn new(docs: &[SearchDoc], out: &'a Out<'a>) -> Self {
        let chunks = docs.iter().map(|d| d.chunks.len()).sum();
        let group_size = fragment_group(docs.len(), chunks);
        let hashes: Vec<u64> = docs
            .par_chunks(group_size)
            .map(|group| {
                let mut hash = Fnv::default();
                for d in group {
                    for field in [&d.url, &d.title].into_iter().chain(&d.chunks) {
                        hash.write(field.as_bytes());
                        hash.write_u8(0xff);
                    }
                    hash.write_u8(0xfe);
                }
                hash.finish()
            })
            .collect();
        let mut hash = Fnv::default();
        hash.write_usize(group_size);
        for h in hashes {
            hash.write_u64(h);
        }
        Fragments {
            out,
            folder: format!("frag-{}", hex(&hash)),
            group_size,
        }
    }

    /// Emits the files of the groups of `docs`, which start at document `first` (a multiple
    /// of the group size).
    fn write(&self, first: usize, docs: &[SearchDoc], emit: &Emit) {
        let groups: Vec<&[SearchDoc]> = docs.chunks(self.group_size).collect();
        groups.par_iter().enumerate().for_each(|(k, group)| {
            let g = first / self.group_size + k;
            let most = group.iter().map(|d| d.chunks.len()).max().unwrap_or(0);
            (0..most).into_par_iter().for_each(|c| {
                let Some(json) = group_json(group, c) else {
                    return;
                };
                let name = if c == 0 {
                    g.to_string()
                } else {
                    format!("{g}-{c}")
                };
                emit(self.out.files(&format!("{}/{name}", self.folder), &json));
            });
        });
    }
}

/// The fragment file of chunk `c` of `group`'s documents; `None` if none has one.
fn group_json(group: &[SearchDoc], c: usize) -> Option<String> {
    let entries: Vec<Option<Fragment>> = group
        .iter()
        .map(|d| {
            d.chunks.get(c).map(|x| Fragment {
                t: &d.title,
                u: &d.url,
                x,
            })
        })
        .collect();
    let last = entries.iter().rposition(Option::is_some)?;
    Some(serde_json::to_string(&entries[..=last]).unwrap_or_default())
}

/// Facet → value → the documents that have it, for the search page's filters.
fn facets(docs: &[SearchDoc]) -> BTreeMap<String, BTreeMap<String, Vec<usize>>> {
    let mut facets: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
    for (n, doc) in docs.iter().enumerate() {
        for (facet, value) in &doc.facets {
            let docs = facets
                .entry(facet.clone())
                .or_default()
                .entry(value.clone())
                .or_default();
            if docs.last() != Some(&n) {
                docs.push(n);
            }
        }
    }
    facets
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::build;

    fn docs(n: usize) -> Vec<SearchDoc> {
        (0..n)
            .map(|i| SearchDoc {
                url: format!("/p{i}/"),
                title: format!("page {i}"),
                chunks: vec![format!("text {i} word{i} common </script> \u{2028}")],
                facets: vec![("task".into(), "classification".into())],
                ..SearchDoc::default()
            })
            .collect()
    }

    fn get<'a>(files: &'a [(String, Vec<u8>)], path: &str) -> &'a [u8] {
        &files.iter().find(|(p, _)| p == path).expect(path).1
    }

    /// The JSON of data file `name` (without `.json.gz`), as the client reads it.
    fn data(files: &[(String, Vec<u8>)], name: &str) -> Vec<u8> {
        let packed = get(files, &format!("{name}.json.gz"));
        assert!(crate::search::gzip::is_gzip(packed), "{name}");
        crate::search::gzip::decompress(packed).unwrap()
    }

    #[test]
    fn only_a_file_url_build_gets_script_twins() {
        let served = files(docs(3), "en", "search/", &MetaExtras::default(), Twins::No);
        assert!(served.iter().all(|(p, _)| p.ends_with(".json.gz")));
        use crate::output::Target;
        assert_eq!(Twins::for_build(Target::Offline, "/"), Twins::Scripts);
        assert_eq!(
            Twins::for_build(Target::Site, "file:///home/me/public/"),
            Twins::Scripts
        );
        assert_eq!(Twins::for_build(Target::Site, "/"), Twins::No);
        assert_eq!(Twins::for_build(Target::Preview, "/"), Twins::No);
        assert_eq!(
            Twins::for_build(Target::Site, "https://kb.example.com/kb/"),
            Twins::No
        );
    }

    #[test]
    fn every_json_file_has_a_script_twin_in_an_offline_build() {
        let files = files(
            docs(3),
            "zh",
            "zh/search/",
            &MetaExtras::default(),
            Twins::Scripts,
        );
        for (path, _) in files.iter().filter(|(p, _)| p.ends_with(".json.gz")) {
            let name = path.trim_end_matches(".json.gz");
            let js = String::from_utf8(get(&files, &format!("{name}.js")).to_vec()).unwrap();
            let key = name.trim_start_matches("zh/search/");
            let json = String::from_utf8(data(&files, name)).unwrap();
            let call = format!("window.__archkbSearch(\"zh/{key}\",");
            let data = js.strip_prefix(&call).and_then(|r| r.strip_suffix(");\n"));
            let data = data.unwrap_or_else(|| panic!("{js}"));
            assert!(!js.contains('\u{2028}'));
            assert_eq!(data.replace("\\u2028", "\u{2028}"), json);
        }
    }

    #[test]
    fn shards_are_content_hashed_and_cover_all_terms() {
        let docs = docs(2000);
        let term_count = build(docs.clone()).postings.len();
        let files = files(docs, "en", "search/", &MetaExtras::default(), Twins::No);
        let meta: Value = serde_json::from_slice(&data(&files, "search/meta")).unwrap();
        let shards = meta["shards"].as_array().unwrap();
        assert!(shards.len() > 1, "{}", shards.len());
        assert_eq!(shards[0][0], "");
        let mut terms = 0;
        for shard in shards {
            let name = shard[1].as_str().unwrap();
            let bytes = data(&files, &format!("search/{name}"));
            assert_eq!(name, format!("s-{}", content_hash(&bytes)));
            let map: BTreeMap<String, Vec<u32>> = serde_json::from_slice(&bytes).unwrap();
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
        assert_eq!(terms, term_count);
        assert_eq!(shard_target(100_000), SHARD_TARGET, "a small site");
        assert_eq!(shard_target(32 * 1024 * 1024), 64 * 1024, "10,000 articles");
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
    fn fragment_groups_grow_with_the_site() {
        assert_eq!(fragment_group(50, 200), FRAGMENT_GROUP_MIN, "a small site");
        assert_eq!(
            fragment_group(500, MIN_FRAGMENT_FILES * 2),
            FRAGMENT_GROUP_MIN
        );
        // 10,000 articles of about four chunks: one file per four documents.
        let group = fragment_group(10_000, 40_000);
        assert_eq!(group, 16);
        assert!(40_000 / group <= 10_000 / DOCS_PER_FRAGMENT_FILE);
        // Ten times the site, the same group: a result's fetch does not grow.
        assert_eq!(fragment_group(100_000, 400_000), group);
    }

    #[test]
    fn fragments_are_grouped_by_document_and_chunk() {
        let group = FRAGMENT_GROUP_MIN;
        let mut docs = docs(group + 2);
        docs[1].chunks = vec!["first".into(), "second".into()];
        let files = files(docs, "en", "search/", &MetaExtras::default(), Twins::No);
        let meta: Value = serde_json::from_slice(&data(&files, "search/meta")).unwrap();
        assert_eq!(meta["fg"], group);
        let folder = meta["frag"].as_str().unwrap();
        let frag = |name: &str| -> Value {
            serde_json::from_slice(&data(&files, &format!("search/{folder}/{name}"))).unwrap()
        };
        // Group 0 holds chunk 0 of the first `group` documents, group 1 the rest.
        let first = frag("0");
        assert_eq!(first.as_array().unwrap().len(), group);
        assert_eq!(first[1]["u"], "/p1/");
        assert_eq!(first[1]["x"], "first");
        assert_eq!(frag("1")[1]["u"], format!("/p{}/", group + 1));
        // Only document 1 has a chunk 1: the others' places before it are null.
        let second = frag("0-1");
        assert_eq!(
            second,
            json!([null, {"u": "/p1/", "t": "page 1", "x": "second"}])
        );
        assert!(files.iter().all(|(p, _)| !p.contains("/1-1.")));
        let frags = files.iter().filter(|(p, _)| p.contains("/frag-")).count();
        assert_eq!(frags, 3, "two groups' chunk 0 and one chunk 1");
    }
}
