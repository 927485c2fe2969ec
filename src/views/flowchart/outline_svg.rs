//! Draws a [`Chart`] as an indented outline (see [`super::outline`]): the
//! narrow drawing the site shows, read top to bottom at any screen width.
//!
//! It shares the markup contract of [`super::svg`] — `fc-node` groups with
//! `data-node-id`, `fc-edge` groups with `data-edge-id`, `data-from` and
//! `data-to`, classes only and no colours — so the page's CSS and the
//! widget's highlighting work on either drawing. What differs:
//!
//! | class           | element                                                   |
//! |-----------------|-----------------------------------------------------------|
//! | `fc-outline`    | added to the root `<svg>`                                 |
//! | `fc-trunk`      | a parent's vertical line, shared by its outgoing edges    |
//! | `fc-edge-run`   | an edge's own stretch of the trunk: drawn only when the edge is highlighted (style it under `.fc-active`), so a highlighted path is never hidden under its siblings |
//! | `fc-edge-line`  | the turn from the trunk into the target, with the arrow   |
//! | `fc-ref`        | an `<a>` at the end of an edge into a node drawn elsewhere: `data-ref-id` names it and `href` points to that node's box (`id="<prefix>-node-<id>"`, given only to nodes pointed to) |
//! | `fc-ref-box`, `fc-ref-text` | its dashed box and text                       |
//! | `fc-links`      | a `<text>` row of an outcome's links, each an `<a class="fc-link">` holding its text (an `<a>` in `<text>` takes text, not `<tspan>`) |
//!
//! Text is left-aligned. Widths are measured with [`super::text`] and then
//! widened by `text_allowance` (browser fonts run wider than the metrics
//! table) and labels once more by `bold_allowance`, because a highlighted
//! label is drawn bold and must still fit its box.

use std::fmt::{self, Write};

use super::chart::{layout_input, Chart, ChartNode, Ids, NodeKind, Num, BASELINE_SHIFT_EM};
use super::layout::{LayoutError, Rect, Size};
use super::outline::{outline_layout, Outline, OutlineSpacing};
use super::text::{text_width, wrap};
use crate::markup::EscapeSvg;

/// Sizes used to draw an outline, in SVG user units (CSS pixels).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineStyle {
    pub font_size: f64,
    pub label_font_size: f64,
    /// Distance between baselines, as a multiple of the font size.
    pub line_height: f64,
    /// Longest measured text line in a box before wrapping.
    pub max_text_width: f64,
    pub padding: f64,
    pub label_padding: f64,
    pub corner_radius: f64,
    /// Factor applied to every measured width.
    pub text_allowance: f64,
    /// Further factor for edge labels, which are bold when highlighted.
    pub bold_allowance: f64,
    pub spacing: OutlineSpacing,
    /// Prefix of the drawing's ids; must differ between charts on a page.
    pub id_prefix: String,
}

impl Default for OutlineStyle {
    fn default() -> Self {
        OutlineStyle {
            font_size: 14.0,
            label_font_size: 12.0,
            line_height: 1.3,
            max_text_width: 220.0,
            padding: 7.0,
            label_padding: 3.0,
            corner_radius: 6.0,
            text_allowance: 1.12,
            bold_allowance: 1.2,
            spacing: OutlineSpacing::default(),
            id_prefix: "fc".to_string(),
        }
    }
}

/// One line of an outcome: its links, side by side.
type LinkRow = Vec<(String, String)>;

/// What is written inside a box, and the box's size.
struct BoxText {
    lines: Vec<String>,
    rows: Vec<LinkRow>,
    size: Size,
}

/// Lays out `chart` as an outline and returns it as a standalone `<svg>`.
///
/// Fails if an edge names a missing node or the edges form a cycle.
pub fn render_outline_svg(chart: &Chart, style: &OutlineStyle) -> Result<String, LayoutError> {
    let boxes: Vec<BoxText> = chart.nodes.iter().map(|n| measure_node(n, style)).collect();
    let labels: Vec<Option<BoxText>> = chart
        .edges
        .iter()
        .map(|e| {
            let text = e.label.as_deref()?;
            let boxed = measure_lines(
                text,
                style.label_font_size,
                style.label_padding,
                style.bold_allowance,
                style,
            );
            (!boxed.lines.is_empty()).then_some(boxed)
        })
        .collect();
    let references: Vec<BoxText> = chart
        .nodes
        .iter()
        .map(|n| {
            let name = match n.kind {
                NodeKind::Question => n.text.clone(),
                NodeKind::Outcome => n
                    .links
                    .iter()
                    .map(|l| l.label.as_str())
                    .collect::<Vec<_>>()
                    .join(" · "),
            };
            // The arrow runs wider in browser fonts than in the metrics table.
            measure_lines(
                &format!("↪ {name}"),
                style.label_font_size,
                style.label_padding,
                1.1,
                style,
            )
        })
        .collect();
    let input = layout_input(
        chart,
        boxes.iter().map(|b| b.size).collect(),
        labels.iter().map(|label| label.as_ref().map(|l| l.size)),
    );
    let reference_sizes: Vec<Size> = references.iter().map(|r| r.size).collect();
    let outline = outline_layout(&input, &reference_sizes, &style.spacing)?;
    let mut svg = String::new();
    let drawing = Drawing {
        chart,
        style,
        ids: Ids::new(&style.id_prefix),
    };
    drawing
        .write(&mut svg, &outline, &boxes, &labels, &references)
        .expect("writing to a String cannot fail");
    Ok(svg)
}

fn measure_lines(
    text: &str,
    font_size: f64,
    padding: f64,
    extra: f64,
    style: &OutlineStyle,
) -> BoxText {
    let allowance = style.text_allowance * extra;
    // Wrap to the width the allowance leaves, so the widened box stays in budget.
    let lines = wrap(text, style.max_text_width / allowance, font_size);
    let widest = lines
        .iter()
        .map(|line| text_width(line, font_size))
        .fold(0.0, f64::max);
    let size = Size {
        width: widest * allowance + 2.0 * padding,
        height: lines.len().max(1) as f64 * font_size * style.line_height + 2.0 * padding,
    };
    BoxText {
        lines,
        rows: Vec::new(),
        size,
    }
}

fn measure_node(node: &ChartNode, style: &OutlineStyle) -> BoxText {
    let mut boxed = measure_lines(&node.text, style.font_size, style.padding, 1.0, style);
    if node.kind == NodeKind::Question {
        return boxed;
    }
    let room = style.max_text_width / style.text_allowance;
    let separator = text_width(" · ", style.font_size);
    let mut rows: Vec<LinkRow> = Vec::new();
    let mut row_width = 0.0;
    for link in &node.links {
        let mut parts = wrap(&link.label, room, style.font_size);
        if parts.is_empty() {
            // A link needs visible text to be usable.
            parts.push(link.href.clone());
        }
        for part in parts {
            let width = text_width(&part, style.font_size);
            match rows.last_mut() {
                Some(row) if row_width + separator + width <= room => {
                    row_width += separator + width;
                    row.push((part, link.href.clone()));
                }
                _ => {
                    row_width = width;
                    rows.push(vec![(part, link.href.clone())]);
                }
            }
        }
    }
    let row_widths = rows.iter().map(|row| {
        let text: f64 = row
            .iter()
            .map(|(t, _)| text_width(t, style.font_size))
            .sum();
        text + separator * (row.len() - 1) as f64
    });
    let widest_text = boxed
        .lines
        .iter()
        .map(|line| text_width(line, style.font_size))
        .chain(row_widths)
        .fold(0.0, f64::max);
    let line_count = (boxed.lines.len() + rows.len()).max(1);
    boxed.size = Size {
        width: widest_text * style.text_allowance + 2.0 * style.padding,
        height: line_count as f64 * style.font_size * style.line_height + 2.0 * style.padding,
    };
    boxed.rows = rows;
    boxed
}

struct Drawing<'a> {
    chart: &'a Chart,
    style: &'a OutlineStyle,
    ids: Ids,
}

impl Drawing<'_> {
    fn write(
        &self,
        svg: &mut String,
        outline: &Outline,
        boxes: &[BoxText],
        labels: &[Option<BoxText>],
        references: &[BoxText],
    ) -> fmt::Result {
        let (width, height) = (Num(outline.width), Num(outline.height));
        let ids = &self.ids;
        let has_links = self.chart.nodes.iter().any(|n| !n.links.is_empty());
        // A chart with links is a group of things to follow; `img` would hide its links.
        let role = if has_links { "group" } else { "img" };
        writeln!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fc-chart fc-outline\" \
             viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
             role=\"{role}\" aria-labelledby=\"{} {}\">",
            EscapeSvg(&ids.title),
            EscapeSvg(&ids.desc)
        )?;
        writeln!(
            svg,
            "<title id=\"{}\">{}</title>\n<desc id=\"{}\">{}</desc>",
            EscapeSvg(&ids.title),
            EscapeSvg(&self.chart.title),
            EscapeSvg(&ids.desc),
            EscapeSvg(&self.chart.description)
        )?;
        writeln!(
            svg,
            "<defs><marker id=\"{}\" class=\"fc-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" \
             refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" \
             orient=\"auto\"><path d=\"M0,0L10,5L0,10Z\"/></marker></defs>",
            EscapeSvg(&ids.arrow)
        )?;
        for (top, bottom) in outline.trunks.iter().flatten() {
            writeln!(
                svg,
                "<path class=\"fc-trunk\" fill=\"none\" d=\"M{},{}L{},{}\"/>",
                Num(top.x),
                Num(top.y),
                Num(bottom.x),
                Num(bottom.y)
            )?;
        }
        for (index, edge) in self.chart.edges.iter().enumerate() {
            let route = &outline.edges[index];
            let [start, turn, end] = [route.points[0], route.points[1], route.points[2]];
            writeln!(
                svg,
                "<g class=\"fc-edge\" data-edge-id=\"{}\" data-from=\"{}\" data-to=\"{}\">",
                EscapeSvg(&edge.id),
                EscapeSvg(&self.chart.nodes[edge.from].id),
                EscapeSvg(&self.chart.nodes[edge.to].id)
            )?;
            writeln!(
                svg,
                "<path class=\"fc-edge-run\" fill=\"none\" d=\"M{},{}L{},{}\"/>\n\
                 <path class=\"fc-edge-line\" fill=\"none\" d=\"M{},{}L{},{}\" marker-end=\"url(#{})\"/>",
                Num(start.x),
                Num(start.y),
                Num(turn.x),
                Num(turn.y),
                Num(turn.x),
                Num(turn.y),
                Num(end.x),
                Num(end.y),
                EscapeSvg(&ids.arrow)
            )?;
            if let (Some(rect), Some(label)) = (route.label, &labels[index]) {
                self.rect(svg, "fc-label-box", &rect, self.style.corner_radius / 2.0)?;
                self.lines(
                    svg,
                    "fc-label",
                    &label.lines,
                    &rect,
                    self.style.label_padding,
                    self.style.label_font_size,
                )?;
            }
            if let Some(rect) = route.reference {
                let target = &self.chart.nodes[edge.to];
                // A link up to where the node is drawn; the frame or the page scrolls there.
                writeln!(
                    svg,
                    "<a class=\"fc-ref\" data-ref-id=\"{}\" href=\"#{}\">",
                    EscapeSvg(&target.id),
                    EscapeSvg(&self.anchor(&target.id))
                )?;
                self.rect(svg, "fc-ref-box", &rect, self.style.corner_radius / 2.0)?;
                self.lines(
                    svg,
                    "fc-ref-text",
                    &references[edge.to].lines,
                    &rect,
                    self.style.label_padding,
                    self.style.label_font_size,
                )?;
                svg.push_str("</a>\n");
            }
            svg.push_str("</g>\n");
        }
        for (index, node) in self.chart.nodes.iter().enumerate() {
            let rect = outline.nodes[index];
            let (kind, class) = match node.kind {
                NodeKind::Question => ("fc-question", "fc-text"),
                NodeKind::Outcome => ("fc-outcome", "fc-reason"),
            };
            // Only nodes that a reference points to get an id, so most of the drawing adds none.
            let referenced = outline
                .edges
                .iter()
                .zip(&self.chart.edges)
                .any(|(route, edge)| route.reference.is_some() && edge.to == index);
            let anchor = if referenced {
                format!(" id=\"{}\"", EscapeSvg(&self.anchor(&node.id)))
            } else {
                String::new()
            };
            writeln!(
                svg,
                "<g class=\"fc-node {kind}\" data-node-id=\"{}\"{anchor}>",
                EscapeSvg(&node.id)
            )?;
            self.rect(svg, "fc-box", &rect, self.style.corner_radius)?;
            let boxed = &boxes[index];
            self.lines(
                svg,
                class,
                &boxed.lines,
                &rect,
                self.style.padding,
                self.style.font_size,
            )?;
            let step = self.style.font_size * self.style.line_height;
            for (i, row) in boxed.rows.iter().enumerate() {
                let line = boxed.lines.len() + i;
                let baseline = rect.y
                    + self.style.padding
                    + (line as f64 + 0.5) * step
                    + BASELINE_SHIFT_EM * self.style.font_size;
                write!(
                    svg,
                    "<text class=\"fc-links\" x=\"{}\" y=\"{}\" font-size=\"{}\">",
                    Num(rect.x + self.style.padding),
                    Num(baseline),
                    Num(self.style.font_size)
                )?;
                for (n, (text, href)) in row.iter().enumerate() {
                    if n > 0 {
                        svg.push_str("<tspan class=\"fc-sep\"> · </tspan>");
                    }
                    write!(
                        svg,
                        "<a href=\"{}\" class=\"fc-link\">{}</a>",
                        EscapeSvg(href),
                        EscapeSvg(text)
                    )?;
                }
                svg.push_str("</text>\n");
            }
            svg.push_str("</g>\n");
        }
        svg.push_str("</svg>\n");
        Ok(())
    }

    /// The document id of a node's box: the prefix, then the node id with every character
    /// other than an ASCII letter or digit written as `_` and its code (so ids stay distinct).
    fn anchor(&self, id: &str) -> String {
        let mut out = format!("{}-node-", self.ids.prefix);
        for c in id.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else {
                let _ = write!(out, "_{:x}", u32::from(c));
            }
        }
        out
    }

    fn rect(&self, svg: &mut String, class: &str, rect: &Rect, radius: f64) -> fmt::Result {
        writeln!(
            svg,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
            Num(rect.x),
            Num(rect.y),
            Num(rect.width),
            Num(rect.height),
            Num(radius)
        )
    }

    /// Left-aligned lines inside `rect`, `padding` in from its top-left corner.
    fn lines(
        &self,
        svg: &mut String,
        class: &str,
        lines: &[String],
        rect: &Rect,
        padding: f64,
        font_size: f64,
    ) -> fmt::Result {
        if lines.is_empty() {
            return Ok(());
        }
        let step = font_size * self.style.line_height;
        write!(
            svg,
            "<text class=\"{class}\" font-size=\"{}\">",
            Num(font_size)
        )?;
        for (i, line) in lines.iter().enumerate() {
            let baseline =
                rect.y + padding + (i as f64 + 0.5) * step + BASELINE_SHIFT_EM * font_size;
            write!(
                svg,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                Num(rect.x + padding),
                Num(baseline),
                EscapeSvg(line)
            )?;
        }
        svg.push_str("</text>\n");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::chart::{ChartEdge, ChartLink};
    use super::*;

    fn chart() -> Chart {
        let question = |id: &str, text: &str| ChartNode {
            id: id.to_string(),
            kind: NodeKind::Question,
            text: text.to_string(),
            links: Vec::new(),
        };
        let outcome = |id: &str, links: &[&str]| ChartNode {
            id: id.to_string(),
            kind: NodeKind::Outcome,
            text: String::new(),
            links: links
                .iter()
                .map(|l| ChartLink {
                    label: (*l).to_string(),
                    href: format!("/a/{}/?x=1&y=<2>", l.to_lowercase()),
                })
                .collect(),
        };
        let edge = |id: &str, from, to, label: &str| ChartEdge {
            id: id.to_string(),
            from,
            to,
            label: Some(label.to_string()),
        };
        Chart {
            title: "Pick & choose".to_string(),
            description: "A <small> chart".to_string(),
            nodes: vec![
                question("data", "What data do you have?"),
                question("shared", "Understand or create?"),
                outcome("cnn", &["CNN", "ResNet", "ConvNeXt", "EfficientNet"]),
                question("text", "Which text task?"),
            ],
            edges: vec![
                edge("images", 0, 1, "Images"),
                edge("text", 0, 3, "Text"),
                edge("understand", 1, 2, "Classify, detect, segment"),
                edge("again", 3, 1, "Images inside text"),
            ],
        }
    }

    #[test]
    fn outline_is_well_formed_escaped_and_keeps_the_highlight_contract() {
        let svg = render_outline_svg(&chart(), &OutlineStyle::default()).unwrap();
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let nodes: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("data-node-id"))
            .collect();
        assert_eq!(nodes, ["data", "shared", "cnn", "text"], "each node once");
        let edges = doc
            .descendants()
            .filter(|n| n.attribute("data-edge-id").is_some())
            .count();
        assert_eq!(edges, 4);
        let reference = doc
            .descendants()
            .find(|n| n.attribute("data-ref-id") == Some("shared"))
            .expect("the second way into `shared` ends in a reference");
        let text: String = reference
            .descendants()
            .filter(roxmltree::Node::is_text)
            .filter_map(|n| n.text())
            .map(str::trim)
            .collect();
        assert_eq!(text, "↪ Understand or create?");
        let target = reference.attribute("href").unwrap().trim_start_matches('#');
        let node = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(target));
        assert_eq!(
            node.and_then(|n| n.attribute("data-node-id")),
            Some("shared")
        );
        let links: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("a") && n.attribute("class") == Some("fc-link"))
            .filter_map(|n| n.attribute("href"))
            .collect();
        assert_eq!(links.len(), 4, "one link per recommendation");
        assert_eq!(links[0], "/a/cnn/?x=1&y=<2>");
        assert!(svg.contains("Pick &amp; choose") && svg.contains("A &lt;small&gt; chart"));
    }

    #[test]
    fn links_share_rows_and_boxes_hold_their_widest_line() {
        let style = OutlineStyle {
            max_text_width: 120.0,
            ..OutlineStyle::default()
        };
        let boxed = measure_node(&chart().nodes[2], &style);
        let rows: Vec<Vec<&str>> = boxed
            .rows
            .iter()
            .map(|row| row.iter().map(|(t, _)| t.as_str()).collect())
            .collect();
        assert_eq!(
            rows,
            [
                vec!["CNN", "ResNet"],
                vec!["ConvNeXt"],
                vec!["EfficientNet"]
            ]
        );
        assert!(boxed.size.width <= 120.0 + 2.0 * style.padding + 1e-9);
        // A label box fits the label set bold, whatever the width budget.
        let label = measure_lines("Classify, detect, segment", 12.0, 3.0, 1.2, &style);
        for line in &label.lines {
            assert!(text_width(line, 12.0) * 1.12 * 1.2 + 6.0 <= label.size.width + 1e-9);
        }
        assert!(label.size.width <= 120.0 + 6.0 + 1e-9);
    }

    #[test]
    fn output_is_deterministic() {
        let style = OutlineStyle::default();
        assert_eq!(
            render_outline_svg(&chart(), &style),
            render_outline_svg(&chart(), &style)
        );
    }
}
