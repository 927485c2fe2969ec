//! Derived views: each a pure function of `&Site` (and a language), so the table, the
//! architecture pages, the flowchart and the widget are computed from the same facts.

pub mod bench;
pub mod card;
pub mod charts;
pub mod decision_chart;
pub mod estimate;
pub mod estimate_page;
pub mod facts;
pub mod flowchart;
pub mod shortlist;
pub mod table;
pub mod widget;
