//! The glossary in one language: each term as that language writes it, its names in the
//! other languages, and its definition, sorted the way a reader of that language looks
//! a term up.

use crate::model::Site;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GlossaryEntry {
    /// The anchor other pages link to (`#attention`).
    pub id: String,
    /// The term in the page's language.
    pub term: String,
    /// The term in every other configured language, in config order.
    pub names: Vec<String>,
    /// Search synonyms.
    pub aliases: Vec<String>,
    pub definition: String,
}

/// The glossary in `lang`, sorted by the term as that language writes it, ignoring case.
pub fn glossary_terms(site: &Site, lang: &str) -> Vec<GlossaryEntry> {
    let mut terms: Vec<GlossaryEntry> = site
        .glossary
        .iter()
        .map(|t| GlossaryEntry {
            id: t.id.clone(),
            term: t
                .names
                .get(lang)
                .or_else(|| t.names.values().next())
                .cloned()
                .unwrap_or_default(),
            names: site
                .config
                .languages
                .iter()
                .filter(|l| *l != lang)
                .filter_map(|l| t.names.get(l).cloned())
                .collect(),
            aliases: t.aliases.clone(),
            definition: t.definition.text(lang).to_string(),
        })
        .collect();
    terms.sort_by_cached_key(|t| t.term.to_lowercase());
    terms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_site::bundled;

    #[test]
    fn terms_are_sorted_by_their_name_in_the_page_language() {
        let site = bundled();
        for lang in ["en", "zh"] {
            let terms = glossary_terms(site, lang);
            assert_eq!(terms.len(), site.glossary.len());
            let keys: Vec<String> = terms.iter().map(|t| t.term.to_lowercase()).collect();
            let mut sorted = keys.clone();
            sorted.sort();
            assert_eq!(keys, sorted, "{lang}");
        }
    }

    #[test]
    fn a_term_lists_its_names_in_the_other_languages_only() {
        let site = bundled();
        let term = &site.glossary[0];
        let zh = glossary_terms(site, "zh");
        let entry = zh.iter().find(|t| t.id == term.id).unwrap();
        assert_eq!(entry.term, term.names["zh"]);
        assert_eq!(entry.names, vec![term.names["en"].clone()]);
        assert_eq!(entry.definition, term.definition.text("zh"));
    }
}
