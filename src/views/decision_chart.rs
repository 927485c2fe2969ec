//! The decision graph as a flowchart: questions become boxes, answers become labelled
//! arrows, and each recommending answer becomes an outcome box whose lines link to the
//! recommended articles. Node and edge ids are the graph's own ids, which the widget uses
//! to highlight its path on the same page.

use super::card::link;
use super::flowchart::{render_svg, Chart, ChartEdge, ChartLink, ChartNode, NodeKind, Style};
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

/// The flowchart's SVG for `lang`; `id_prefix` keeps ids unique when a page holds two.
pub fn svg(site: &Site, lang: &str, title: &str, description: &str, id_prefix: &str) -> String {
    // Browsers render wider than the measuring table's Helvetica widths: pad generously.
    let style = Style {
        id_prefix: id_prefix.to_string(),
        padding: 16.0,
        max_text_width: 200.0,
        ..Style::default()
    };
    // `link` has already rejected cycles, so layout cannot fail on the real graph.
    render_svg(&chart(site, lang, title, description), &style).unwrap_or_default()
}
