//! The inverted index of one language: documents with weighted fields → term → postings.
//!
//! Ranking is BM25F (Robertson and Zaragoza's field-weighted BM25). Everything in it but
//! the IDF depends only on the document, so it is computed here at build time and stored
//! in each posting as a small integer `impact` (1..=100); the client multiplies it by the
//! IDF, which it derives from the posting list's length and the document count. That
//! keeps postings at two small numbers each and the client's arithmetic trivial.
//!
//! A long page's text is stored as several snippet chunks (see [`SearchDoc::chunks`]); each
//! posting also names the chunk where its term occurs most, so the client fetches the
//! chunk where the query's words are instead of the page's opening.

use super::tokenizer::for_each_index_term;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The fields of a document, in the order of [`FIELD_WEIGHTS`].
pub const FIELDS: [&str; 4] = ["title", "headings", "body", "meta"];

/// (weight, length normalisation b) per field. The title dominates; metadata (the
/// architecture's name, family, facet labels and the tags) counts more than prose because
/// it is curated; headings sit between.
pub const FIELD_WEIGHTS: [(f64, f64); 4] = [(8.0, 0.3), (3.0, 0.5), (1.0, 0.75), (2.0, 0.3)];

/// BM25's term-frequency saturation.
pub const K1: f64 = 1.2;

/// The share of the title component in an impact.
pub const TITLE_SHARE: f64 = 0.4;

/// How much more the title component counts for a term the title starts with.
pub const TITLE_HEAD_BOOST: f64 = 1.5;

/// The largest stored impact; `impact / MAX_IMPACT * (K1 + 1)` is the BM25F TF part.
pub const MAX_IMPACT: f64 = 100.0;

/// One page as the index sees it: the text of its four fields (see [`FIELDS`]), the body
/// as the snippet chunks it is stored in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchDoc {
    /// Absolute URL path (base path included).
    pub url: String,
    /// The title field, also shown as the result's title.
    pub title: String,
    /// The headings field: the page's headings, one per line.
    pub headings: String,
    /// The page's text (its summary, then its body) in snippet-sized chunks, in order (see
    /// `super::chunks`): the body field, and what a result's snippet is cut from.
    pub chunks: Vec<String>,
    /// The meta field: the architecture's names, family and facet labels, and the tags.
    pub meta: String,
    /// (facet, value) pairs for the search page's filters.
    pub facets: Vec<(String, String)>,
}

/// A posting: the document number, its impact and the chunk where the term occurs most
/// ([`NO_CHUNK`] when it is not in the chunked text, only in the title or metadata).
pub type Posting = (u32, u8, u16);

/// The chunk of a term that only the title, headings or metadata hold; also one past the
/// last chunk a posting can name (a page's text past that many chunks counts as the last).
pub const NO_CHUNK: u16 = 511;

/// A whole index at once, for the tests (the search files are made from [`count`] and
/// [`Counted::postings`], with the documents' text written out in between).
#[cfg(test)]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    pub docs: Vec<SearchDoc>,
    /// Term → postings sorted by document number.
    pub postings: std::collections::BTreeMap<String, Vec<Posting>>,
    /// The average length (in terms) of each field.
    pub avg_len: [f64; 4],
}

/// FNV-1a: the indexer hashes millions of short terms, where SipHash's DoS resistance
/// buys nothing (the input is the site's own text) and costs a third of the indexing time.
/// Also what the search files are named by (`shards::content_hash`): stable across Rust
/// versions, unlike `DefaultHasher`.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A term in one document while the index counts: its frequency in each field, the chunk
/// that holds it most (first on a tie), the chunk being read and its count there, and
/// whether the title starts with it.
#[derive(Debug, Clone, Copy)]
struct Counting {
    doc: u32,
    tf: [u16; 4],
    best_chunk: u16,
    best_n: u16,
    chunk: u16,
    chunk_n: u16,
    title_head: bool,
}

/// Documents counted together: one string per term for the whole batch, not one per term
/// per document, and each term's documents in order.
struct Batch {
    terms: FnvMap<String, Vec<Counting>>,
    /// The field lengths (in terms) of each document of the batch.
    lens: Vec<[u32; 4]>,
}

/// Documents per counting batch: at least this many, enough to share most term strings...
const MIN_BATCH: usize = 256;

/// ...and at most this many batches, so that a large site's batches do not each hold their
/// own copy of most of the vocabulary (a term's string and list cost more than a few
/// counts), while both cores still get many batches.
const MAX_BATCHES: usize = 64;

fn batch_size(docs: usize) -> usize {
    MIN_BATCH.max(docs.div_ceil(MAX_BATCHES))
}

/// The terms that start where the title starts ("卷积" and "卷积神" of "卷积神经网络", but not
/// of "Conformer（卷积增强 Transformer）"): a title that begins with a word is about it.
fn title_head(title: &str) -> Vec<String> {
    let tokens = crate::search::tokenizer::index_tokens(title);
    let Some(first) = tokens.first().map(|t| t.start) else {
        return Vec::new();
    };
    tokens
        .into_iter()
        .take_while(|t| t.start == first)
        .map(|t| t.term)
        .collect()
}

/// Counts the terms of `docs`, numbered from `first`.
fn count_batch(first: usize, docs: &[SearchDoc]) -> Batch {
    let mut batch = Batch {
        terms: FnvMap::default(),
        lens: Vec::with_capacity(docs.len()),
    };
    for (i, doc) in docs.iter().enumerate() {
        let n = u32::try_from(first + i).unwrap_or(u32::MAX);
        let mut len = [0u32; 4];
        let mut add = |field: usize, chunk: u16, term: &str| {
            let list = match batch.terms.get_mut(term) {
                Some(list) => list,
                None => batch.terms.entry(term.to_string()).or_default(),
            };
            if !list.last().is_some_and(|c| c.doc == n) {
                list.push(Counting {
                    doc: n,
                    tf: [0; 4],
                    best_chunk: NO_CHUNK,
                    best_n: 0,
                    chunk: NO_CHUNK,
                    chunk_n: 0,
                    title_head: false,
                });
            }
            let Some(c) = list.last_mut() else { return };
            c.tf[field] = c.tf[field].saturating_add(1);
            if field == 2 {
                if c.chunk == chunk {
                    c.chunk_n = c.chunk_n.saturating_add(1);
                } else {
                    (c.chunk, c.chunk_n) = (chunk, 1);
                }
                if c.chunk_n > c.best_n {
                    (c.best_chunk, c.best_n) = (chunk, c.chunk_n);
                }
            }
            len[field] += 1;
        };
        for_each_index_term(&doc.title, |term| add(0, NO_CHUNK, term));
        for_each_index_term(&doc.headings, |term| add(1, NO_CHUNK, term));
        for (c, text) in doc.chunks.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX).min(NO_CHUNK - 1);
            for_each_index_term(text, |term| add(2, c, term));
        }
        for_each_index_term(&doc.meta, |term| add(3, NO_CHUNK, term));
        for term in title_head(&doc.title) {
            if let Some(c) = batch.terms.get_mut(&term).and_then(|l| l.last_mut()) {
                c.title_head = true;
            }
        }
        batch.lens.push(len);
    }
    batch
}

/// The BM25F term-frequency part for one term in one document, as an impact in
/// 1..=`MAX_IMPACT`: a blend of the saturated BM25F score over all fields and a title
/// component, 1/√(title length in terms) when the title has the term. Saturation alone
/// lets a long article that names a model twenty times tie with the model's own page;
/// the title component puts "resnet" on "ResNet" before "Convolutional neural networks",
/// and "diffusion" on "Diffusion models" before "Latent diffusion (Stable Diffusion)".
/// A term the title starts with (`at_title_head`) gets `TITLE_HEAD_BOOST` times the title
/// component, since a Chinese title's length in index terms (one-, two- and three-character
/// pieces) says little about how much of it the term is.
pub fn impact(tf: [u32; 4], len: [u32; 4], avg_len: [f64; 4], at_title_head: bool) -> u8 {
    let norm = |f: usize, b: f64| {
        if avg_len[f] > 0.0 {
            1.0 - b + b * f64::from(len[f]) / avg_len[f]
        } else {
            1.0
        }
    };
    let mut weighted = 0.0;
    for f in 0..4 {
        if tf[f] > 0 {
            let (w, b) = FIELD_WEIGHTS[f];
            weighted += w * f64::from(tf[f]) / norm(f, b);
        }
    }
    let all = weighted / (weighted + K1);
    let title = if tf[0] > 0 {
        let boost = if at_title_head { TITLE_HEAD_BOOST } else { 1.0 };
        boost / f64::from(len[0]).sqrt()
    } else {
        0.0
    };
    let blended = (1.0 - TITLE_SHARE) * all + TITLE_SHARE * title;
    (blended * MAX_IMPACT).round().clamp(1.0, MAX_IMPACT) as u8
}

/// A term in one document once its document is counted: what an impact is computed from.
/// 12 bytes, half a [`Counting`]: at 100,000 pages an index counts ~50 million of these.
/// The title, headings and metadata frequencies saturate at 255, where BM25's saturation
/// has long made one more occurrence worth nothing.
#[derive(Debug, Clone, Copy)]
struct Count {
    doc: u32,
    body_tf: u16,
    best_chunk: u16,
    title_tf: u8,
    headings_tf: u8,
    meta_tf: u8,
    title_head: bool,
}

impl Count {
    fn of(c: &Counting) -> Count {
        let small = |tf: u16| u8::try_from(tf).unwrap_or(u8::MAX);
        Count {
            doc: c.doc,
            body_tf: c.tf[2],
            best_chunk: c.best_chunk,
            title_tf: small(c.tf[0]),
            headings_tf: small(c.tf[1]),
            meta_tf: small(c.tf[3]),
            title_head: c.title_head,
        }
    }

    fn tf(&self) -> [u32; 4] {
        [
            u32::from(self.title_tf),
            u32::from(self.headings_tf),
            u32::from(self.body_tf),
            u32::from(self.meta_tf),
        ]
    }
}

/// Terms with their counts, as one batch hands them on.
type TermCounts = Vec<(String, Vec<Count>)>;

/// Parts the batches' terms are merged in, one term in exactly one part.
const MERGE_PARTS: usize = 16;

fn merge_part(term: &str) -> usize {
    let mut hash = Fnv::default();
    hash.write(term.as_bytes());
    (hash.finish() % MERGE_PARTS as u64) as usize
}

/// The terms of a language's documents counted, before their postings are made: the
/// documents' text is no longer needed, so it can be written out and dropped first.
pub struct Counted {
    /// Per merge part, each batch's terms, in batch order.
    parts: Vec<Vec<TermCounts>>,
    /// The field lengths (in terms) of every document.
    lens: Vec<[u32; 4]>,
}

/// Counts the terms of `docs`, which keep their order as document numbers, in batches of a
/// multiple of `align` documents; `on_batch` gets each batch (and its first document's
/// number) as soon as it is counted, to write out and drop what only the files need.
pub fn count(
    docs: &mut [SearchDoc],
    align: usize,
    on_batch: impl Fn(usize, &mut [SearchDoc]) + Sync,
) -> Counted {
    let size = batch_size(docs.len()).next_multiple_of(align.max(1));
    let doc_count = docs.len();
    let split: Vec<(Vec<TermCounts>, Vec<[u32; 4]>)> = docs
        .par_chunks_mut(size)
        .enumerate()
        .map(|(b, chunk)| {
            let batch = count_batch(b * size, chunk);
            on_batch(b * size, chunk);
            // Each term goes to one of MERGE_PARTS by its hash, so the parts merge in
            // parallel; within a part the batches stay in order, so each term's documents
            // stay sorted.
            let mut parts: Vec<TermCounts> = (0..MERGE_PARTS).map(|_| Vec::new()).collect();
            for (term, counts) in batch.terms {
                let compact: Vec<Count> = counts.iter().map(Count::of).collect();
                parts[merge_part(&term)].push((term, compact));
            }
            (parts, batch.lens)
        })
        .collect();
    let mut counted = Counted {
        parts: (0..MERGE_PARTS)
            .map(|_| Vec::with_capacity(split.len()))
            .collect(),
        lens: Vec::with_capacity(doc_count),
    };
    for (parts, lens) in split {
        for (part, terms) in counted.parts.iter_mut().zip(parts) {
            part.push(terms);
        }
        counted.lens.extend(lens);
    }
    counted
}

impl Counted {
    /// The average length (in terms) of each field.
    pub fn avg_len(&self) -> [f64; 4] {
        let mut avg_len = [0.0; 4];
        if !self.lens.is_empty() {
            for len in &self.lens {
                for (f, avg) in avg_len.iter_mut().enumerate() {
                    *avg += f64::from(len[f]);
                }
            }
            for avg in &mut avg_len {
                *avg /= self.lens.len() as f64;
            }
        }
        avg_len
    }

    /// Every term's postings, sorted by term. Each part's counts are freed as its postings
    /// are made, and each term's list is allocated once at its final length.
    pub fn postings(self) -> Vec<(String, Vec<Posting>)> {
        let avg_len = self.avg_len();
        let lens = &self.lens;
        let mut terms: Vec<(String, Vec<Posting>)> = self
            .parts
            .into_par_iter()
            .flat_map_iter(|batches| {
                let mut sizes: FnvMap<&str, usize> = FnvMap::default();
                for (term, counts) in batches.iter().flatten() {
                    *sizes.entry(term.as_str()).or_default() += counts.len();
                }
                let sizes: FnvMap<String, usize> =
                    sizes.into_iter().map(|(t, n)| (t.to_string(), n)).collect();
                let mut merged: FnvMap<String, Vec<Posting>> = FnvMap::default();
                for (term, counts) in batches.into_iter().flatten() {
                    let list = match merged.get_mut(&term) {
                        Some(list) => list,
                        None => {
                            let size = sizes.get(&term).copied().unwrap_or_default();
                            merged
                                .entry(term)
                                .or_insert_with(|| Vec::with_capacity(size))
                        }
                    };
                    list.extend(counts.iter().map(|c| {
                        let impact = impact(c.tf(), lens[c.doc as usize], avg_len, c.title_head);
                        (c.doc, impact, c.best_chunk)
                    }));
                }
                merged.into_iter()
            })
            .collect();
        terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        terms
    }
}

/// Builds the whole index of `docs` at once ([`Index`]).
#[cfg(test)]
pub fn build(mut docs: Vec<SearchDoc>) -> Index {
    let counted = count(&mut docs, 1, |_, _| {});
    let avg_len = counted.avg_len();
    Index {
        docs,
        postings: counted.postings().into_iter().collect(),
        avg_len,
    }
}

/// The inverse document frequency the client computes from a posting list's length.
pub fn idf(doc_count: usize, df: usize) -> f64 {
    let (n, df) = (doc_count as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: format!("/{title}/"),
            title: title.into(),
            chunks: vec![body.into()],
            ..SearchDoc::default()
        }
    }

    #[test]
    fn postings_are_sorted_by_document() {
        let index = build(vec![
            doc("a", "shared words"),
            doc("b", "shared"),
            doc("c", "other"),
        ]);
        assert_eq!(
            index.postings["shared"]
                .iter()
                .map(|p| p.0)
                .collect::<Vec<_>>(),
            [0, 1]
        );
        assert_eq!(index.postings["words"].len(), 1);
    }

    #[test]
    fn a_title_match_outweighs_a_body_mention() {
        let index = build(vec![
            doc("ResNet", "a residual network"),
            doc(
                "Guide",
                "we compare resnet with others in a long body of text here",
            ),
        ]);
        let p = &index.postings["resnet"];
        assert!(p[0].1 > p[1].1, "{p:?}");
    }

    /// "卷积" (convolution) found "Conformer（卷积增强 Transformer）" before "卷积神经网络": the
    /// CNN title is longer in index terms, though it is the page about convolution.
    #[test]
    fn a_title_that_starts_with_the_term_outranks_one_that_mentions_it() {
        let index = build(vec![
            doc("Conformer（卷积增强 Transformer）", "卷积 卷积"),
            doc("卷积神经网络（CNN）", "卷积 卷积"),
        ]);
        let p = &index.postings["卷积"];
        assert!(p[1].1 > p[0].1, "{p:?}");
        assert_eq!(title_head("卷积神经网络"), ["卷", "卷积", "卷积神"]);
        assert_eq!(title_head("Conformer（卷积）"), ["conformer"]);
        assert!(title_head("").is_empty());
    }

    #[test]
    fn postings_name_the_chunk_where_the_term_occurs_most() {
        let mut d = doc("Long", "");
        d.chunks = vec![
            "intro about nothing".into(),
            "dropout here".into(),
            "dropout dropout there".into(),
        ];
        let index = build(vec![d]);
        assert_eq!(index.postings["dropout"][0].2, 2);
        assert_eq!(index.postings["here"][0].2, 1);
        assert_eq!(index.postings["long"][0].2, NO_CHUNK, "a title-only term");
    }

    #[test]
    fn impact_saturates() {
        let avg = [1.0, 1.0, 100.0, 1.0];
        let once = impact([0, 0, 1, 0], [1, 0, 100, 0], avg, false);
        let many = impact([0, 0, 50, 0], [1, 0, 100, 0], avg, false);
        assert!(once < many && many <= 100);
    }

    #[test]
    fn idf_falls_with_document_frequency() {
        assert!(idf(100, 1) > idf(100, 50));
        assert!(idf(100, 100) > 0.0);
    }
}
