//! The decision graph as a flowchart: questions become boxes, answers become labelled
//! arrows, and each recommending answer becomes an outcome box whose lines link to the
//! recommended articles. Node and edge ids are the graph's own ids, which the widget uses
//! to highlight its path on the same page. It is drawn as an indented outline held to
//! [`WIDTH_BUDGET`], so a phone shows it at full size; the home page shows its first step.

use super::card::link;
use super::flowchart::{
    render_outline_svg, Chart, ChartEdge, ChartLink, ChartNode, NodeKind, OutlineStyle,
};
use crate::model::{Outcome, Site};

pub fn chart(site: &Site, lang: &str, title: &str, description: &str) -> Chart {
    let graph = &site.decision;
    let mut nodes: Vec<ChartNode> = graph
        .questions
        .iter()
        .map(|q| ChartNode {
            id: q.id.clone(),
            kind: NodeKind::Question,
            text: q.text.text(lang).to_string(),
            links: Vec::new(),
        })
        .collect();
    let index_of = |id: &str| graph.questions.iter().position(|q| q.id == id);
    let mut edges = Vec::new();
    for (from, q) in graph.questions.iter().enumerate() {
        for answer in &q.answers {
            let to = match &answer.outcome {
                Outcome::Next { question } => match index_of(question) {
                    Some(to) => to,
                    None => continue,
                },
                Outcome::Recommend { architectures, .. } => {
                    nodes.push(ChartNode {
                        id: answer.id.clone(),
                        kind: NodeKind::Outcome,
                        text: String::new(),
                        links: architectures
                            .iter()
                            .filter_map(|id| site.architecture(id))
                            .map(|a| {
                                let l = link(site, lang, a);
                                ChartLink {
                                    label: l.name,
                                    href: l.url,
                                }
                            })
                            .collect(),
                    });
                    nodes.len() - 1
                }
            };
            edges.push(ChartEdge {
                id: answer.id.clone(),
                from,
                to,
                label: Some(answer.label.text(lang).to_string()),
            });
        }
    }
    Chart {
        title: title.to_string(),
        description: description.to_string(),
        nodes,
        edges,
    }
}

/// The widest the drawing may be, in CSS pixels: a 390 px phone less the page's and the
/// chart frame's padding, so the chart is never scaled down (or scrolled) on a phone and its
/// text stays at its set size (12–14 px).
pub const WIDTH_BUDGET: f64 = 340.0;

/// Sizes of the outline drawing; the text width is what the budget leaves at the deepest indent.
fn style(chart: &Chart, id_prefix: &str) -> OutlineStyle {
    let base = OutlineStyle {
        id_prefix: id_prefix.to_string(),
        ..OutlineStyle::default()
    };
    let spacing = &base.spacing;
    let room = WIDTH_BUDGET
        - 2.0 * spacing.margin
        - longest_path(chart) as f64 * spacing.indent
        - 2.0 * base.padding.max(base.label_padding);
    OutlineStyle {
        // Floored so that a very deep graph stays legible (and fails the budget test instead).
        max_text_width: room.max(120.0),
        ..base
    }
}

/// Edges on the longest path from any node: the deepest indent the outline can reach.
fn longest_path(chart: &Chart) -> usize {
    let mut depth: Vec<Option<usize>> = vec![None; chart.nodes.len()];
    fn visit(chart: &Chart, node: usize, depth: &mut Vec<Option<usize>>) -> usize {
        if let Some(d) = depth[node] {
            return d;
        }
        // Mark first, so a (rejected elsewhere) cycle cannot recurse for ever.
        depth[node] = Some(0);
        let d = chart
            .edges
            .iter()
            .filter(|e| e.from == node && e.to < chart.nodes.len())
            .map(|e| visit(chart, e.to, depth) + 1)
            .max()
            .unwrap_or(0);
        depth[node] = Some(d);
        d
    }
    (0..chart.nodes.len())
        .map(|n| visit(chart, n, &mut depth))
        .max()
        .unwrap_or(0)
}

/// The whole flowchart's SVG for `lang`, drawn as an outline within [`WIDTH_BUDGET`];
/// `id_prefix` keeps ids unique when a page holds two.
pub fn svg(site: &Site, lang: &str, title: &str, description: &str, id_prefix: &str) -> String {
    let chart = chart(site, lang, title, description);
    // `link` has already rejected cycles, so layout cannot fail on the real graph.
    render_outline_svg(&chart, &style(&chart, id_prefix)).unwrap_or_default()
}

/// The first step of the flowchart, for the home page: the start question and the
/// questions its answers lead to (recommendations straight from the start are kept).
pub fn preview_chart(site: &Site, lang: &str, title: &str, description: &str) -> Chart {
    let full = chart(site, lang, title, description);
    if full.nodes.is_empty() {
        return full;
    }
    let start = site
        .decision
        .questions
        .iter()
        .position(|q| q.id == site.decision.start)
        .unwrap_or(0);
    let mut keep: Vec<Option<usize>> = vec![None; full.nodes.len()];
    let mut nodes = Vec::new();
    let mut take = |index: usize, nodes: &mut Vec<ChartNode>| -> usize {
        *keep[index].get_or_insert_with(|| {
            nodes.push(full.nodes[index].clone());
            nodes.len() - 1
        })
    };
    let from = take(start, &mut nodes);
    let mut edges = Vec::new();
    for edge in full.edges.iter().filter(|e| e.from == start) {
        let to = take(edge.to, &mut nodes);
        edges.push(ChartEdge {
            from,
            to,
            ..edge.clone()
        });
    }
    Chart {
        nodes,
        edges,
        ..full
    }
}

/// The home page's preview as SVG (see [`preview_chart`]).
pub fn preview_svg(site: &Site, lang: &str, title: &str, description: &str) -> String {
    let chart = preview_chart(site, lang, title, description);
    render_outline_svg(&chart, &style(&chart, "home-flow")).unwrap_or_default()
}
