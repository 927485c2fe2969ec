//! Derived views: each a pure function of `&Site` (and a language), so the table, the
//! architecture pages, the flowchart and the widget are computed from the same facts.

pub mod bench;
pub mod bench_families;
pub mod bench_models;
pub mod card;
pub mod charts;
pub mod decision_chart;
pub mod decision_outline;
pub mod estimate;
pub mod estimate_cost;
pub mod estimate_page;
pub mod facts;
pub mod flowchart;
pub mod glossary;
pub mod shortlist;
pub mod table;
#[cfg(test)]
pub(crate) mod test_site;
pub mod widget;
