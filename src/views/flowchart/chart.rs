//! The domain-neutral flowchart a drawing is made from ([`Chart`]: boxes, links and
//! labelled arrows), and what every drawing of it shares: document-unique ids, numbers
//! written to one decimal, the baseline shift, and the layout input built from a chart.
//! `outline_svg` draws it; the decision graph becomes one in `views::decision_chart`.

use std::fmt;

use super::layout::{EdgeSpec, LayoutInput, Size};

/// Baseline offset from the middle of a line box, as a fraction of the
/// font size: roughly half the cap height, so text looks vertically centred
/// without relying on `dominant-baseline` support.
pub(super) const BASELINE_SHIFT_EM: f64 = 0.35;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Question,
    Outcome,
}

/// A recommended item in an outcome: drawn as its own link line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartLink {
    pub label: String,
    pub href: String,
}

/// A box. For a question, `text` is the question; for an outcome, `text`
/// is a short reason (may be empty) and `links` are the recommendations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartNode {
    pub id: String,
    pub kind: NodeKind,
    pub text: String,
    pub links: Vec<ChartLink>,
}

/// An arrow between node indices, with an optional answer label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartEdge {
    pub id: String,
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chart {
    /// Accessible name (`<title>`).
    pub title: String,
    /// Accessible description (`<desc>`), e.g. the chart as prose.
    pub description: String,
    pub nodes: Vec<ChartNode>,
    pub edges: Vec<ChartEdge>,
}

/// The document-unique ids of one drawing.
pub(super) struct Ids {
    pub(super) title: String,
    pub(super) desc: String,
    pub(super) arrow: String,
    /// The cleaned prefix, for further ids.
    pub(super) prefix: String,
}

impl Ids {
    pub(super) fn new(prefix: &str) -> Self {
        let mut clean: String = prefix
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        // An XML id must start with a letter or underscore.
        if !clean.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            clean.insert_str(0, "fc-");
        }
        Ids {
            title: format!("{clean}-title"),
            desc: format!("{clean}-desc"),
            arrow: format!("{clean}-arrow"),
            prefix: clean,
        }
    }
}

/// A number rounded to one decimal, without a trailing `.0` or `-0`.
pub(super) struct Num(pub(super) f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = if self.0.is_finite() {
            (self.0 * 10.0).round() as i64
        } else {
            0
        };
        let sign = if tenths < 0 { "-" } else { "" };
        let magnitude = tenths.unsigned_abs();
        match magnitude % 10 {
            0 => write!(f, "{sign}{}", magnitude / 10),
            digit => write!(f, "{sign}{}.{digit}", magnitude / 10),
        }
    }
}

/// The layout's input for `chart`: its boxes' sizes, and each edge with its label's size
/// (`label_sizes` in the order of `chart.edges`).
pub(super) fn layout_input(
    chart: &Chart,
    nodes: Vec<Size>,
    label_sizes: impl Iterator<Item = Option<Size>>,
) -> LayoutInput {
    LayoutInput {
        nodes,
        edges: chart
            .edges
            .iter()
            .zip(label_sizes)
            .map(|(edge, label)| EdgeSpec {
                from: edge.from,
                to: edge.to,
                label,
            })
            .collect(),
    }
}
