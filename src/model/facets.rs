//! The facet fields of an architecture, defined once: which record field holds values of
//! which vocabulary of `data/facets.yaml`, and which views pick by it. Validation, the
//! architecture card, the comparison table, the search filters and the decision widget
//! all read this table, so a facet is added or renamed in one place.

use super::architecture::{Architecture, ArchitectureRecord};

/// One facet field of `data/architectures/<id>.yaml`.
#[derive(Debug, Clone, Copy)]
pub struct FacetField {
    /// The field as written in the record; also the comparison table's column key and its
    /// URL filter key (`?tasks=classification`), and the UI string key `field_<field>`.
    pub field: &'static str,
    /// The vocabulary its values come from (`data_type`, `compute`, ...).
    pub vocabulary: &'static str,
    /// Whether the search page offers it as a filter.
    pub search_filter: bool,
    /// Whether the decision widget's architecture cards list it.
    pub widget_card: bool,
    /// Its values in a record, in the order written.
    pub values: fn(&ArchitectureRecord) -> Vec<&str>,
}

fn list(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

/// Every facet field, in the order the facts panel and the comparison table show them.
pub const FACET_FIELDS: &[FacetField] = &[
    FacetField {
        field: "data_types",
        vocabulary: "data_type",
        search_filter: true,
        widget_card: true,
        values: |r| list(&r.data_types),
    },
    FacetField {
        field: "tasks",
        vocabulary: "task",
        search_filter: true,
        widget_card: true,
        values: |r| list(&r.tasks),
    },
    FacetField {
        field: "training_compute",
        vocabulary: "compute",
        search_filter: true,
        widget_card: true,
        values: |r| vec![r.training_compute.as_str()],
    },
    FacetField {
        field: "inference_compute",
        vocabulary: "compute",
        search_filter: true,
        widget_card: true,
        values: |r| vec![r.inference_compute.as_str()],
    },
    FacetField {
        field: "parallelism",
        vocabulary: "parallelism",
        search_filter: false,
        widget_card: false,
        values: |r| vec![r.parallelism.as_str()],
    },
    FacetField {
        field: "generation",
        vocabulary: "generation",
        search_filter: false,
        widget_card: false,
        values: |r| vec![r.generation.as_str()],
    },
];

/// The vocabulary whose values are levels of compute (`low` … `very_high`), which a widget
/// card names with its field ("Inference: low") because the level alone says nothing.
pub const COMPUTE_VOCABULARY: &str = "compute";

impl Architecture {
    /// The facet values of this architecture, as (field, vocabulary, value id) triples, in
    /// the table's order; the one place that maps fields to vocabularies, so validation and
    /// views agree. (Beside the table, so the record's module needs none of it.)
    pub fn facet_values(&self) -> Vec<(&'static str, &'static str, &str)> {
        FACET_FIELDS
            .iter()
            .flat_map(|f| {
                (f.values)(&self.record)
                    .into_iter()
                    .map(|v| (f.field, f.vocabulary, v))
            })
            .collect()
    }
}

/// The facet field named `field`.
pub fn facet_field(field: &str) -> Option<&'static FacetField> {
    FACET_FIELDS.iter().find(|f| f.field == field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_facet_field_names_a_vocabulary_of_the_facets_file() {
        let names: Vec<&str> = crate::model::architecture::VOCABULARIES.to_vec();
        for f in FACET_FIELDS {
            assert!(
                names.contains(&f.vocabulary),
                "{} → {}",
                f.field,
                f.vocabulary
            );
        }
        assert!(facet_field("tasks").is_some());
        assert!(facet_field("family").is_none());
    }
}
