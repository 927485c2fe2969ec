//! The search tokenizer: never panics, and keeps its documented promise that every query
//! term of a text is also an index term of that text (so a query of a page's own words
//! finds it).
#![no_main]
use archkb::search::tokenizer::{index_terms, query_terms};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let index = index_terms(text);
    for term in query_terms(text) {
        assert!(!term.is_empty());
        assert!(
            index.contains(&term),
            "query term {term:?} of {text:?} is not indexed"
        );
    }
});
