//! The one tokenizer of archkb's search, used to build the index here and mirrored line for
//! line by the browser client (`themes/default/static/search.js`); the golden vectors in
//! `tests/search/tokenizer-vectors.json` are checked against both.
//!
//! # Specification
//!
//! The text is read as Unicode code points.
//!
//! 1. **Fold.** Full-width ASCII (U+FF01..=U+FF5E) becomes ASCII (minus 0xFEE0); the
//!    ideographic space U+3000 becomes a space. Then every code point is lowercased on its
//!    own (Rust `char::to_lowercase`, JavaScript `String.prototype.toLowerCase` on the one
//!    code point), which may yield more than one code point.
//! 2. **Classify** each folded code point:
//!    - *CJK*: Han, Kana and Hangul, by these inclusive ranges: 1100–11FF, 3005–3007,
//!      3040–30FA, 30FC–30FF, 3130–318F, 31F0–31FF, 3400–4DBF, 4E00–9FFF, AC00–D7AF,
//!      F900–FAFF, FF66–FF9F, 20000–3FFFF.
//!    - *word*: any other alphanumeric code point (Unicode `Alphabetic` or general category
//!      `N`; Rust `char::is_alphanumeric`, JavaScript `/[\p{Alphabetic}\p{N}]/u`).
//!    - *connector*: `-`, `.`, `_`.
//!    - everything else separates tokens.
//! 3. **CJK runs** (maximal runs of CJK code points), no dictionary:
//!    - *index* terms: every code point, each followed by the bigram and the trigram it
//!      starts, if any (`扩散模型` → 扩, 扩散, 扩散模, 散, 散模, 散模型, 模, 模型, 型). The
//!      trigrams are never query terms: the client looks them up to tell a page where the
//!      query's characters stand together from one where its bigrams are scattered;
//!    - *query* terms: a run of one code point is that code point; a longer run is its
//!      overlapping bigrams (`扩散模型` → 扩散, 散模, 模型), so every query term is an index
//!      term and a multi-character query behaves like a phrase.
//! 4. **Word compounds**: a maximal run of word code points is a *segment*; segments joined
//!    by single connectors form one compound (`gpt-2`, `llama-3.1`, `self-attention`). A
//!    connector only joins when a word code point follows it, so `gpt-` is just `gpt`. The
//!    *joined form* of a compound of two or more segments is its segments concatenated
//!    (`gpt-2` → `gpt2`, `llama-3.1` → `llama31`, `resnet-50` → `resnet50`); it exists only
//!    when some segment holds a non-numeric code point, so `3.57` has none.
//!    - *index* terms: each segment, then the joined form if any (`gpt-2` → gpt, 2, gpt2);
//!    - *query* terms: the joined form if any, else the segment (`gpt-2` and `gpt2` → gpt2).
//!      Names written with or without hyphens therefore find each other, and a bare `gpt`
//!      still finds pages that only say `GPT-2`. Letter–digit runs are one segment:
//!      `fp8`, `h200` and `int8` stay whole.
//!
//! No stemming and no stop words: BM25's IDF makes common words cheap, and the same
//! rules in two languages must stay simple enough to mirror exactly.

/// The kind of a term, for callers that treat scripts differently (prefix matching
/// applies to word terms only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    Word,
    Cjk,
}

/// One term and the byte range of the original text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    pub kind: TermKind,
    pub start: usize,
    pub end: usize,
}

const CJK_RANGES: &[(u32, u32)] = &[
    (0x1100, 0x11FF),
    (0x3005, 0x3007),
    (0x3040, 0x30FA),
    (0x30FC, 0x30FF),
    (0x3130, 0x318F),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x20000, 0x3FFFF),
];

pub fn is_cjk(c: char) -> bool {
    let c = c as u32;
    CJK_RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Connector,
    Other,
}

fn class(c: char) -> Class {
    if c.is_ascii() {
        // The common case, without the range table (no ASCII code point is CJK).
        return if c.is_ascii_alphanumeric() {
            Class::Word
        } else if matches!(c, '-' | '.' | '_') {
            Class::Connector
        } else {
            Class::Other
        };
    }
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else if matches!(c, '-' | '.' | '_') {
        Class::Connector
    } else {
        Class::Other
    }
}

/// Step 1: the folded code points, each with the byte range of the original code point.
fn fold(text: &str) -> Vec<(char, usize, usize)> {
    let mut out = Vec::with_capacity(text.len());
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        let folded = match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        };
        for lower in folded.to_lowercase() {
            out.push((lower, start, end));
        }
    }
    out
}

/// Index terms with their source ranges, in text order.
pub fn index_tokens(text: &str) -> Vec<Token> {
    tokens(text, false)
}

/// Query terms with their source ranges, in text order.
pub fn query_tokens(text: &str) -> Vec<Token> {
    tokens(text, true)
}

/// The index terms of `text`, in text order, repeated as often as they occur.
pub fn index_terms(text: &str) -> Vec<String> {
    index_tokens(text).into_iter().map(|t| t.term).collect()
}

/// The query terms of `text`, in text order.
pub fn query_terms(text: &str) -> Vec<String> {
    query_tokens(text).into_iter().map(|t| t.term).collect()
}

fn tokens(text: &str, query: bool) -> Vec<Token> {
    let mut out = Vec::new();
    scan(text, query, &mut |term, kind, start, end| {
        out.push(Token {
            term: term.to_string(),
            kind,
            start,
            end,
        });
    });
    out
}

/// Calls `emit(term, kind, start, end)` for every index term of `text`, in text order,
/// without allocating a string per term (the indexer's hot loop).
pub fn for_each_index_term(text: &str, mut emit: impl FnMut(&str)) {
    scan(text, false, &mut |term, _, _, _| emit(term));
}

/// The tokenizer proper. No term spans ASCII white space (it separates tokens in every
/// step), so the text is read piece by piece between white space: runs of ASCII pieces by
/// [`scan_ascii`], which needs no folding table and no copy per term, any other piece by
/// [`scan_folded`]. Both give exactly the terms of the specification.
fn scan(text: &str, query: bool, emit: &mut dyn FnMut(&str, TermKind, usize, usize)) {
    let mut ascii_from = 0;
    for piece in text.split_ascii_whitespace() {
        if piece.is_ascii() {
            continue;
        }
        let start = piece.as_ptr() as usize - text.as_ptr() as usize;
        let end = start + piece.len();
        scan_ascii(&text[ascii_from..start], ascii_from, query, emit);
        scan_folded(piece, start, query, emit);
        ascii_from = end;
    }
    scan_ascii(&text[ascii_from..], ascii_from, query, emit);
}

/// Steps 2–4 for ASCII text, whose folding is ASCII lowercasing and which has no CJK;
/// `offset` is where `text` starts in the whole text.
fn scan_ascii(
    text: &str,
    offset: usize,
    query: bool,
    emit: &mut dyn FnMut(&str, TermKind, usize, usize),
) {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric();
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut joined = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_word(bytes[i]) {
            i += 1;
            continue;
        }
        segments.clear();
        let mut j = i;
        loop {
            let from = j;
            while j < bytes.len() && is_word(bytes[j]) {
                j += 1;
            }
            segments.push((from, j));
            let joins = j + 1 < bytes.len()
                && matches!(bytes[j], b'-' | b'.' | b'_')
                && is_word(bytes[j + 1]);
            if !joins {
                break;
            }
            j += 1;
        }
        let has_letter = bytes[i..j].iter().any(u8::is_ascii_alphabetic);
        let is_joined = segments.len() > 1 && has_letter;
        if !query || !is_joined {
            for &(from, to) in &segments {
                emit(&lower[from..to], TermKind::Word, offset + from, offset + to);
            }
        }
        if is_joined {
            joined.clear();
            for &(from, to) in &segments {
                joined.push_str(&lower[from..to]);
            }
            emit(&joined, TermKind::Word, offset + i, offset + j);
        }
        i = j;
    }
}

/// Steps 1–4 over any text; `offset` is where `text` starts in the whole text.
fn scan_folded(
    text: &str,
    offset: usize,
    query: bool,
    emit: &mut dyn FnMut(&str, TermKind, usize, usize),
) {
    let mut emit = |term: &str, kind, start: usize, end: usize| {
        emit(term, kind, offset + start, offset + end);
    };
    let chars = fold(text);
    let classes: Vec<Class> = chars.iter().map(|&(c, _, _)| class(c)).collect();
    let mut buf = String::new();
    let fill = |buf: &mut String, range: &[(char, usize, usize)]| {
        buf.clear();
        buf.extend(range.iter().map(|&(c, _, _)| c));
    };
    let mut i = 0;
    while i < chars.len() {
        match classes[i] {
            Class::Cjk => {
                let mut j = i;
                while j < chars.len() && classes[j] == Class::Cjk {
                    j += 1;
                }
                let run = &chars[i..j];
                for k in 0..run.len() {
                    if !query || run.len() == 1 {
                        fill(&mut buf, &run[k..=k]);
                        emit(&buf, TermKind::Cjk, run[k].1, run[k].2);
                    }
                    if k + 1 < run.len() {
                        fill(&mut buf, &run[k..k + 2]);
                        emit(&buf, TermKind::Cjk, run[k].1, run[k + 1].2);
                    }
                    if !query && k + 2 < run.len() {
                        fill(&mut buf, &run[k..k + 3]);
                        emit(&buf, TermKind::Cjk, run[k].1, run[k + 2].2);
                    }
                }
                i = j;
            }
            Class::Word => {
                let mut segments: Vec<(usize, usize)> = Vec::new();
                let mut j = i;
                loop {
                    let from = j;
                    while j < chars.len() && classes[j] == Class::Word {
                        j += 1;
                    }
                    segments.push((from, j));
                    let joins = j + 1 < chars.len()
                        && classes[j] == Class::Connector
                        && classes[j + 1] == Class::Word;
                    if !joins {
                        break;
                    }
                    j += 1;
                }
                let has_letter = chars[i..j]
                    .iter()
                    .any(|&(c, _, _)| class(c) == Class::Word && !c.is_numeric());
                let joined = segments.len() > 1 && has_letter;
                if !query || !joined {
                    for &(from, to) in &segments {
                        fill(&mut buf, &chars[from..to]);
                        emit(&buf, TermKind::Word, chars[from].1, chars[to - 1].2);
                    }
                }
                if joined {
                    buf.clear();
                    for &(from, to) in &segments {
                        buf.extend(chars[from..to].iter().map(|&(c, _, _)| c));
                    }
                    emit(&buf, TermKind::Word, chars[i].1, chars[j - 1].2);
                }
                i = j;
            }
            Class::Connector | Class::Other => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII pieces' shortcut gives the terms and ranges the full path gives.
    #[test]
    fn the_ascii_shortcut_agrees_with_folding_every_piece() {
        let texts = [
            "GPT-2 and Llama-3.1 beat ResNet-50 at 3.57% (fp8, H200).",
            "naïve ResNet卷积 mixed\twith  tabs\nand_lines. trailing- -leading a--b",
            "扩散模型 DDPM Ｆｕｌｌ　ｗｉｄｔｈ KELVIN\u{212A} İstanbul x.y_z",
            "",
            "   ",
        ];
        for text in texts {
            for query in [false, true] {
                let mut fast = Vec::new();
                scan(text, query, &mut |t, k, a, b| {
                    fast.push((t.to_string(), k, a, b));
                });
                let mut full = Vec::new();
                scan_folded(text, 0, query, &mut |t, k, a, b| {
                    full.push((t.to_string(), k, a, b));
                });
                assert_eq!(fast, full, "{text:?} (query: {query})");
            }
        }
    }

    #[test]
    fn names_with_hyphens_and_digits() {
        assert_eq!(index_terms("GPT-2"), ["gpt", "2", "gpt2"]);
        assert_eq!(query_terms("GPT-2"), ["gpt2"]);
        assert_eq!(query_terms("gpt2"), ["gpt2"]);
        assert_eq!(index_terms("Llama-3.1"), ["llama", "3", "1", "llama31"]);
        assert_eq!(query_terms("FP8 on H200"), ["fp8", "on", "h200"]);
        assert_eq!(index_terms("3.57%"), ["3", "57"]);
        assert_eq!(query_terms("gpt-"), ["gpt"]);
    }

    #[test]
    fn cjk_runs_are_unigrams_bigrams_and_trigrams() {
        assert_eq!(
            index_terms("扩散模型"),
            [
                "扩",
                "扩散",
                "扩散模",
                "散",
                "散模",
                "散模型",
                "模",
                "模型",
                "型"
            ]
        );
        assert_eq!(query_terms("扩散模型"), ["扩散", "散模", "模型"]);
        assert_eq!(query_terms("注"), ["注"]);
        assert_eq!(query_terms("BERT预训练"), ["bert", "预训", "训练"]);
    }

    #[test]
    fn full_width_folds_to_ascii() {
        assert_eq!(query_terms("ＧＰＴ－２　ＢＥＲＴ"), ["gpt2", "bert"]);
    }

    #[test]
    fn ranges_point_into_the_original_text() {
        let text = "用 ResNet-50";
        let tokens = index_tokens(text);
        let joined = tokens.iter().find(|t| t.term == "resnet50").unwrap();
        assert_eq!(&text[joined.start..joined.end], "ResNet-50");
        assert_eq!(&text[tokens[0].start..tokens[0].end], "用");
    }

    #[test]
    fn astral_han_is_cjk() {
        assert_eq!(query_terms("𠀀𠀁"), ["𠀀𠀁"]);
    }
}

/// The golden vectors shared with the JavaScript client's test
/// (`tests/search/tokenizer.test.mjs`). `ARCHKB_BLESS=1 cargo test` rewrites the expected
/// terms from this implementation; review the diff before committing it.
#[cfg(test)]
mod golden {
    use super::*;
    use serde_json::{json, Value};

    const PATH: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/search/tokenizer-vectors.json"
    );

    #[test]
    fn golden_vectors() {
        let text = std::fs::read_to_string(PATH).expect("the golden vectors");
        let vectors: Vec<Value> = serde_json::from_str(&text).expect("valid JSON");
        assert!(vectors.len() >= 30);
        if std::env::var_os("ARCHKB_BLESS").is_some() {
            let blessed: Vec<Value> = vectors
                .iter()
                .map(|v| {
                    let input = v["input"].as_str().unwrap_or_default();
                    json!({"input": input, "index": index_terms(input), "query": query_terms(input)})
                })
                .collect();
            let mut out = String::from("[\n");
            for (i, v) in blessed.iter().enumerate() {
                out.push_str("  ");
                out.push_str(&serde_json::to_string(v).unwrap_or_default());
                out.push_str(if i + 1 < blessed.len() { ",\n" } else { "\n" });
            }
            out.push_str("]\n");
            std::fs::write(PATH, out).expect("write the golden vectors");
            return;
        }
        for v in &vectors {
            let input = v["input"].as_str().unwrap_or_default();
            assert_eq!(
                json!(index_terms(input)),
                v["index"],
                "index terms of {input:?}"
            );
            assert_eq!(
                json!(query_terms(input)),
                v["query"],
                "query terms of {input:?}"
            );
        }
    }
}
