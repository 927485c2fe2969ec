//! The architecture card: one architecture's facts resolved for one language (labels
//! instead of ids, URLs instead of references). The architecture page's metadata panel
//! and the comparison table's rows are both built from it, so they cannot disagree.

use crate::markup::join_path;
use crate::model::architecture::ArchKind;
use crate::model::facets::{FacetField, FACET_FIELDS};
use crate::model::{Architecture, Site};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    pub id: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetLabel {
    pub id: String,
    pub label: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetRow {
    /// The architecture field: `data_types`, `training_compute`, ...
    pub field: String,
    /// The vocabulary: `data_type`, `compute`, ...
    pub vocabulary: String,
    pub label: String,
    pub values: Vec<FacetLabel>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Card {
    pub id: String,
    pub kind: ArchKind,
    pub name: String,
    pub summary: String,
    pub url: String,
    pub family: Option<Link>,
    /// For a family: its models and sub-families.
    pub members: Vec<Link>,
    pub year: u16,
    pub params: String,
    pub facets: Vec<FacetRow>,
    pub compute_note: String,
    pub parallelism_note: Option<String>,
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    pub avoid_when: Vec<String>,
    pub alternatives: Vec<Link>,
    pub papers: Vec<crate::model::architecture::Paper>,
    pub implementations: Vec<crate::model::architecture::Implementation>,
    pub bench_models: Vec<String>,
}

pub fn link(site: &Site, lang: &str, arch: &Architecture) -> Link {
    Link {
        id: arch.id.clone(),
        name: arch.record.name.text(lang).to_string(),
        url: join_path(
            &site.config.base_path(),
            &site.architecture_url(lang, &arch.id),
        ),
    }
}

pub fn card(
    site: &Site,
    lang: &str,
    arch: &Architecture,
    strings: &std::collections::BTreeMap<String, String>,
) -> Card {
    let r = &arch.record;
    let values = arch.facet_values();
    let facets = FACET_FIELDS
        .iter()
        .map(
            |&FacetField {
                 field, vocabulary, ..
             }| {
                let vocab = site.facets.vocabulary(vocabulary);
                let label = strings
                    .get(&format!("field_{field}"))
                    .cloned()
                    .or_else(|| vocab.map(|v| v.label.text(lang).to_string()))
                    .unwrap_or_else(|| field.to_string());
                let values = values
                    .iter()
                    .filter(|(f, _, _)| *f == field)
                    .map(|(_, _, id)| {
                        let value = vocab.and_then(|v| v.values.get(id));
                        FacetLabel {
                            id: (*id).to_string(),
                            label: value
                                .map_or((*id).to_string(), |v| v.label.text(lang).to_string()),
                            note: value
                                .and_then(|v| v.note.as_ref())
                                .map(|n| n.text(lang).to_string()),
                        }
                    })
                    .collect();
                FacetRow {
                    field: field.to_string(),
                    vocabulary: vocabulary.to_string(),
                    label,
                    values,
                }
            },
        )
        .collect();
    let by_id = |id: &str| site.architecture(id).map(|a| link(site, lang, a));
    let list =
        |l: &crate::model::Localized<Vec<String>>| l.get_or_any(lang).cloned().unwrap_or_default();
    Card {
        id: arch.id.clone(),
        kind: r.kind,
        name: r.name.text(lang).to_string(),
        summary: r.summary.text(lang).to_string(),
        url: link(site, lang, arch).url,
        family: r.family.as_deref().and_then(by_id),
        members: site
            .architectures
            .iter()
            .filter(|a| a.record.family.as_deref() == Some(&arch.id))
            .map(|a| link(site, lang, a))
            .collect(),
        year: r.year,
        params: r.params.text(lang).to_string(),
        facets,
        compute_note: r.compute_note.text(lang).to_string(),
        parallelism_note: r
            .parallelism_note
            .as_ref()
            .map(|n| n.text(lang).to_string()),
        strengths: list(&r.strengths),
        weaknesses: list(&r.weaknesses),
        avoid_when: list(&r.avoid_when),
        alternatives: r.alternatives.iter().filter_map(|id| by_id(id)).collect(),
        papers: r.papers.clone(),
        implementations: r.implementations.clone(),
        bench_models: r.bench_models.clone(),
    }
}
