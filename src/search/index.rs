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
use std::collections::{BTreeMap, HashMap};
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

/// One page as the index sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchDoc {
    /// Absolute URL path (base path included).
    pub url: String,
    pub title: String,
    /// The text of each field, in the order of [`FIELDS`].
    pub fields: [String; 4],
    /// The page's text in snippet-sized chunks, in order (see `super::chunks`); a result's
    /// snippet is cut from one of them.
    pub chunks: Vec<String>,
    /// (facet, value) pairs for the search page's filters.
    pub facets: Vec<(String, String)>,
}

/// A posting: the document number, its impact and the chunk where the term occurs most
/// ([`NO_CHUNK`] when it is not in the chunked text, only in the title or metadata).
pub type Posting = (u32, u8, u16);

/// The chunk of a term that only the title, headings or metadata hold; also one past the
/// last chunk a posting can name (a page's text past that many chunks counts as the last).
pub const NO_CHUNK: u16 = 511;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    pub docs: Vec<SearchDoc>,
    /// Term → postings sorted by document number.
    pub postings: BTreeMap<String, Vec<Posting>>,
    /// The average length (in terms) of each field.
    pub avg_len: [f64; 4],
}

/// FNV-1a: the indexer hashes millions of short terms, where SipHash's DoS resistance
/// buys nothing (the input is the site's own text) and costs a third of the indexing time.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Term frequencies of one document per field, the field lengths, each term's best
/// chunk, and the terms the title starts with.
struct Counted {
    tf: FnvMap<String, [u32; 4]>,
    len: [u32; 4],
    best_chunk: FnvMap<String, u16>,
    title_head: Vec<String>,
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

/// For every term of `chunks`, the chunk that holds it most often (the first on a tie).
fn best_chunks(chunks: &[String]) -> FnvMap<String, u16> {
    let mut best: FnvMap<String, (u16, u32)> = FnvMap::default();
    let mut here: FnvMap<String, u32> = FnvMap::default();
    for (c, text) in chunks.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX).min(NO_CHUNK - 1);
        here.clear();
        for_each_index_term(text, |term| match here.get_mut(term) {
            Some(n) => *n += 1,
            None => {
                here.insert(term.to_string(), 1);
            }
        });
        for (term, n) in here.drain() {
            match best.get_mut(&term) {
                Some(b) if b.1 >= n => {}
                Some(b) => *b = (c, n),
                None => {
                    best.insert(term, (c, n));
                }
            }
        }
    }
    best.into_iter().map(|(t, (c, _))| (t, c)).collect()
}

fn count(doc: &SearchDoc) -> Counted {
    let mut tf: FnvMap<String, [u32; 4]> = FnvMap::default();
    let mut len = [0u32; 4];
    for (f, text) in doc.fields.iter().enumerate() {
        for_each_index_term(text, |term| {
            if let Some(counts) = tf.get_mut(term) {
                counts[f] += 1;
            } else {
                let mut counts = [0; 4];
                counts[f] = 1;
                tf.insert(term.to_string(), counts);
            }
            len[f] += 1;
        });
    }
    Counted {
        tf,
        len,
        best_chunk: best_chunks(&doc.chunks),
        title_head: title_head(&doc.fields[0]),
    }
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

/// Builds the index of `docs`, which keep their order as document numbers.
pub fn build(docs: Vec<SearchDoc>) -> Index {
    let counted: Vec<Counted> = docs.par_iter().map(count).collect();
    let mut avg_len = [0.0; 4];
    if !counted.is_empty() {
        for c in &counted {
            for (f, avg) in avg_len.iter_mut().enumerate() {
                *avg += f64::from(c.len[f]);
            }
        }
        for avg in &mut avg_len {
            *avg /= counted.len() as f64;
        }
    }
    let scored: Vec<Vec<(String, u8, u16)>> = counted
        .into_par_iter()
        .map(|c| {
            c.tf.into_iter()
                .map(|(term, tf)| {
                    let chunk = c.best_chunk.get(&term).copied().unwrap_or(NO_CHUNK);
                    let head = c.title_head.contains(&term);
                    (term, impact(tf, c.len, avg_len, head), chunk)
                })
                .collect()
        })
        .collect();
    let mut postings: FnvMap<String, Vec<Posting>> = FnvMap::default();
    for (doc, terms) in scored.into_iter().enumerate() {
        for (term, impact, chunk) in terms {
            postings
                .entry(term)
                .or_default()
                .push((doc as u32, impact, chunk));
        }
    }
    Index {
        docs,
        postings: postings.into_iter().collect(),
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
            fields: [title.into(), String::new(), body.into(), String::new()],
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
        d.fields[2] = d.chunks.join(" ");
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
