//! Draws a flowchart as an SVG string from a domain-neutral [`Chart`].
//!
//! Texts are measured and wrapped with [`super::text`], boxes are placed
//! with [`super::layout`], and the markup carries structure and classes
//! only — no colours — so one drawing follows the page's light or dark
//! theme through CSS variables. The SVG is meant to be inlined in the page
//! so that its links are real, focusable links and the page CSS applies.
//!
//! Classes (the default theme's `style.css` styles them):
//!
//! | class             | element                                              |
//! |-------------------|------------------------------------------------------|
//! | `fc-chart`        | the root `<svg>`                                     |
//! | `fc-arrow`        | the arrowhead `<marker>` in `<defs>` (style its path)|
//! | `fc-edge`         | `<g>` per edge: `data-edge-id`, `data-from`, `data-to` |
//! | `fc-edge-line`    | the edge's `<path>` (has `fill="none"`)              |
//! | `fc-label-box`    | rounded `<rect>` behind an edge label                |
//! | `fc-label`        | `<text>` of an edge label                            |
//! | `fc-node`         | `<g>` per node, with `data-node-id`                  |
//! | `fc-question`     | added to `fc-node` for questions                     |
//! | `fc-outcome`      | added to `fc-node` for recommendations               |
//! | `fc-box`          | the node's rounded `<rect>`                          |
//! | `fc-text`         | `<text>` of a question                               |
//! | `fc-reason`       | `<text>` of an outcome's reason line                 |
//! | `fc-link`         | `<text>` inside an outcome's `<a href>`              |
//!
//! Output is deterministic: elements follow input order and numbers are
//! printed rounded to one decimal.

use std::fmt::{self, Write};

use crate::markup::EscapeSvg;

use super::layout::{layered_layout, EdgeSpec, LayoutError, LayoutInput, Rect, Size, Spacing};
use super::text::{text_width, wrap};

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

/// Sizes used to draw a chart, in SVG user units (CSS pixels).
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub font_size: f64,
    /// Distance between baselines, as a multiple of the font size.
    pub line_height: f64,
    /// Longest text line inside a box or label before wrapping.
    pub max_text_width: f64,
    /// Space between a box's border and its text.
    pub padding: f64,
    /// Narrowest box, so that short answers still give a clickable target.
    pub min_node_width: f64,
    pub corner_radius: f64,
    pub label_font_size: f64,
    pub label_padding: f64,
    pub spacing: Spacing,
    /// Prefix of the ids in the drawing (`<prefix>-title`, `-desc`,
    /// `-arrow`); must differ between charts on one page. Characters other
    /// than ASCII letters, digits, `-` and `_` become `-`.
    pub id_prefix: String,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            font_size: 14.0,
            line_height: 1.3,
            max_text_width: 220.0,
            padding: 10.0,
            min_node_width: 80.0,
            corner_radius: 6.0,
            label_font_size: 12.0,
            label_padding: 4.0,
            spacing: Spacing::default(),
            id_prefix: "fc".to_string(),
        }
    }
}

/// Lays out `chart` and returns it as a standalone `<svg>` element.
///
/// Fails if an edge names a missing node or the edges form a cycle.
pub fn render_svg(chart: &Chart, style: &Style) -> Result<String, LayoutError> {
    let boxes: Vec<NodeText> = chart
        .nodes
        .iter()
        .map(|node| NodeText::measure(node, style))
        .collect();
    let labels: Vec<Option<LabelText>> = chart
        .edges
        .iter()
        .map(|edge| LabelText::measure(edge.label.as_deref()?, style))
        .collect();
    let input = layout_input(
        chart,
        boxes.iter().map(|node| node.size).collect(),
        labels.iter().map(|label| label.as_ref().map(|l| l.size)),
    );
    let layout = layered_layout(&input, &style.spacing)?;
    let ids = Ids::new(&style.id_prefix);
    let mut svg = String::new();
    let drawing = Drawing {
        chart,
        style,
        ids: &ids,
    };
    drawing
        .write(&mut svg, &layout, &boxes, &labels)
        .expect("writing to a String cannot fail");
    Ok(svg)
}

/// A block of wrapped lines inside a node: plain text, or one link.
struct Block {
    class: &'static str,
    href: Option<String>,
    lines: Vec<String>,
}

/// A node's wrapped text and the box size it needs.
struct NodeText {
    blocks: Vec<Block>,
    size: Size,
}

impl NodeText {
    fn measure(node: &ChartNode, style: &Style) -> Self {
        let lines = |text: &str| wrap(text, style.max_text_width, style.font_size);
        let mut blocks = Vec::new();
        let text_class = match node.kind {
            NodeKind::Question => "fc-text",
            NodeKind::Outcome => "fc-reason",
        };
        blocks.push(Block {
            class: text_class,
            href: None,
            lines: lines(&node.text),
        });
        if node.kind == NodeKind::Outcome {
            for link in &node.links {
                let mut link_lines = lines(&link.label);
                if link_lines.is_empty() {
                    // A link needs visible text to be usable.
                    link_lines.push(link.href.clone());
                }
                blocks.push(Block {
                    class: "fc-link",
                    href: Some(link.href.clone()),
                    lines: link_lines,
                });
            }
        }
        blocks.retain(|block| !block.lines.is_empty());
        let all_lines = blocks.iter().flat_map(|block| &block.lines);
        let widest = all_lines
            .clone()
            .map(|line| text_width(line, style.font_size))
            .fold(0.0, f64::max);
        let line_count = all_lines.count().max(1);
        let size = Size {
            width: (widest + 2.0 * style.padding).max(style.min_node_width),
            height: line_count as f64 * style.font_size * style.line_height + 2.0 * style.padding,
        };
        NodeText { blocks, size }
    }
}

/// An edge label's wrapped lines and the size reserved for it.
struct LabelText {
    lines: Vec<String>,
    size: Size,
}

impl LabelText {
    fn measure(label: &str, style: &Style) -> Option<Self> {
        let lines = wrap(label, style.max_text_width, style.label_font_size);
        if lines.is_empty() {
            return None;
        }
        let widest = lines
            .iter()
            .map(|line| text_width(line, style.label_font_size))
            .fold(0.0, f64::max);
        let size = Size {
            width: widest + 2.0 * style.label_padding,
            height: lines.len() as f64 * style.label_font_size * style.line_height
                + 2.0 * style.label_padding,
        };
        Some(LabelText { lines, size })
    }
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

struct Drawing<'a> {
    chart: &'a Chart,
    style: &'a Style,
    ids: &'a Ids,
}

impl Drawing<'_> {
    fn write(
        &self,
        svg: &mut String,
        layout: &super::layout::Layout,
        boxes: &[NodeText],
        labels: &[Option<LabelText>],
    ) -> fmt::Result {
        let (width, height) = (Num(layout.width), Num(layout.height));
        let ids = self.ids;
        // A chart with links is a group of things to read and follow; `img` would hide
        // (and nest) its links, which screen readers and axe's nested-interactive refuse.
        let has_links = boxes
            .iter()
            .any(|b| b.blocks.iter().any(|block| block.href.is_some()));
        let role = if has_links { "group" } else { "img" };
        writeln!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fc-chart\" \
             viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
             role=\"{role}\" aria-labelledby=\"{} {}\">",
            EscapeSvg(&ids.title),
            EscapeSvg(&ids.desc)
        )?;
        writeln!(
            svg,
            "<title id=\"{}\">{}</title>",
            EscapeSvg(&ids.title),
            EscapeSvg(&self.chart.title)
        )?;
        writeln!(
            svg,
            "<desc id=\"{}\">{}</desc>",
            EscapeSvg(&ids.desc),
            EscapeSvg(&self.chart.description)
        )?;
        writeln!(
            svg,
            "<defs><marker id=\"{}\" class=\"fc-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" \
             refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" \
             orient=\"auto\"><path d=\"M0,0L10,5L0,10Z\"/></marker></defs>",
            EscapeSvg(&ids.arrow)
        )?;
        for (index, edge) in self.chart.edges.iter().enumerate() {
            let route = &layout.edges[index];
            writeln!(
                svg,
                "<g class=\"fc-edge\" data-edge-id=\"{}\" data-from=\"{}\" data-to=\"{}\">",
                EscapeSvg(&edge.id),
                EscapeSvg(&self.chart.nodes[edge.from].id),
                EscapeSvg(&self.chart.nodes[edge.to].id)
            )?;
            svg.push_str("<path class=\"fc-edge-line\" fill=\"none\" d=\"");
            for (i, point) in route.points.iter().enumerate() {
                let command = if i == 0 { 'M' } else { 'L' };
                write!(svg, "{command}{},{}", Num(point.x), Num(point.y))?;
            }
            writeln!(svg, "\" marker-end=\"url(#{})\"/>", EscapeSvg(&ids.arrow))?;
            if let (Some(rect), Some(label)) = (route.label, &labels[index]) {
                self.write_rect(svg, "fc-label-box", &rect, self.style.corner_radius / 2.0)?;
                self.write_text(
                    svg,
                    "fc-label",
                    &label.lines,
                    rect.center_x(),
                    rect.y + self.style.label_padding,
                    self.style.label_font_size,
                )?;
                svg.push('\n');
            }
            svg.push_str("</g>\n");
        }
        for (index, node) in self.chart.nodes.iter().enumerate() {
            let rect = layout.nodes[index];
            let kind = match node.kind {
                NodeKind::Question => "fc-question",
                NodeKind::Outcome => "fc-outcome",
            };
            writeln!(
                svg,
                "<g class=\"fc-node {kind}\" data-node-id=\"{}\">",
                EscapeSvg(&node.id)
            )?;
            self.write_rect(svg, "fc-box", &rect, self.style.corner_radius)?;
            let line_step = self.style.font_size * self.style.line_height;
            let mut top = rect.y + self.style.padding;
            for block in &boxes[index].blocks {
                if let Some(href) = &block.href {
                    write!(svg, "<a href=\"{}\">", EscapeSvg(href))?;
                }
                self.write_text(
                    svg,
                    block.class,
                    &block.lines,
                    rect.center_x(),
                    top,
                    self.style.font_size,
                )?;
                if block.href.is_some() {
                    svg.push_str("</a>");
                }
                svg.push('\n');
                top += block.lines.len() as f64 * line_step;
            }
            svg.push_str("</g>\n");
        }
        svg.push_str("</svg>\n");
        Ok(())
    }

    fn write_rect(&self, svg: &mut String, class: &str, rect: &Rect, radius: f64) -> fmt::Result {
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

    /// Centred lines, the first line box starting at `top`.
    fn write_text(
        &self,
        svg: &mut String,
        class: &str,
        lines: &[String],
        centre_x: f64,
        top: f64,
        font_size: f64,
    ) -> fmt::Result {
        let line_step = font_size * self.style.line_height;
        write!(
            svg,
            "<text class=\"{class}\" font-size=\"{}\" text-anchor=\"middle\">",
            Num(font_size)
        )?;
        for (i, line) in lines.iter().enumerate() {
            let baseline = top + (i as f64 + 0.5) * line_step + BASELINE_SHIFT_EM * font_size;
            write!(
                svg,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                Num(centre_x),
                Num(baseline),
                EscapeSvg(line)
            )?;
        }
        svg.push_str("</text>");
        Ok(())
    }
}

/// The layout's input for `chart`: its boxes' sizes, and each edge with its label's size
/// (`label_sizes` in the order of `chart.edges`). Both drawings lay out from this.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, text: &str) -> ChartNode {
        ChartNode {
            id: id.to_string(),
            kind: NodeKind::Question,
            text: text.to_string(),
            links: Vec::new(),
        }
    }

    fn outcome(id: &str, reason: &str, links: &[(&str, &str)]) -> ChartNode {
        ChartNode {
            id: id.to_string(),
            kind: NodeKind::Outcome,
            text: reason.to_string(),
            links: links
                .iter()
                .map(|(label, href)| ChartLink {
                    label: label.to_string(),
                    href: href.to_string(),
                })
                .collect(),
        }
    }

    fn edge(id: &str, from: usize, to: usize, label: Option<&str>) -> ChartEdge {
        ChartEdge {
            id: id.to_string(),
            from,
            to,
            label: label.map(str::to_string),
        }
    }

    fn small_chart() -> Chart {
        Chart {
            title: "Pick a model".to_string(),
            description: "Two answers, two outcomes.".to_string(),
            nodes: vec![
                question("data", "What kind of data do you have?"),
                outcome("cnn", "Local patterns matter.", &[("CNN", "/arch/cnn/")]),
                outcome(
                    "transformer",
                    "",
                    &[
                        ("Transformer", "/arch/transformer/"),
                        ("State-space model", "/arch/ssm/"),
                    ],
                ),
            ],
            edges: vec![
                edge("data-images", 0, 1, Some("Images")),
                edge("data-text", 0, 2, Some("Text")),
            ],
        }
    }

    /// A small XML checker: every tag is closed in order, attribute values
    /// are quoted, and text and values contain no raw `<` or stray `&`.
    fn assert_well_formed(svg: &str) {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        let check_text = |text: &str| {
            assert!(!text.contains('>'), "raw > in {text:?}");
            let mut pieces = text.split('&');
            pieces.next();
            for piece in pieces {
                let entity = piece.split(';').next().unwrap_or_default();
                let known = ["amp", "lt", "gt", "quot", "apos", "#9", "#10", "#13"];
                assert!(
                    known.contains(&entity) && piece.contains(';'),
                    "bad entity in {text:?}"
                );
            }
        };
        while let Some(open) = rest.find('<') {
            check_text(&rest[..open]);
            let close = rest[open..].find('>').expect("unterminated tag") + open;
            let tag = &rest[open + 1..close];
            rest = &rest[close + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
                continue;
            }
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name_end = body.find(' ').unwrap_or(body.len());
            let name = &body[..name_end];
            assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()));
            // Attributes: name="value" pairs separated by single spaces.
            let mut attributes = &body[name_end..];
            while !attributes.is_empty() {
                let after_space = attributes.strip_prefix(' ').expect("space");
                let equals = after_space.find("=\"").expect("quoted attribute");
                let attribute_name = &after_space[..equals];
                assert!(attribute_name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':'));
                let value_and_rest = &after_space[equals + 2..];
                let value_end = value_and_rest.find('"').expect("closing quote");
                let value = &value_and_rest[..value_end];
                assert!(!value.contains('<'), "raw < in attribute {value:?}");
                check_text(value);
                attributes = &value_and_rest[value_end + 1..];
            }
            if !self_closing {
                stack.push(name);
            }
        }
        check_text(rest);
        assert!(stack.is_empty(), "unclosed {stack:?}");
        assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn small_chart_is_well_formed_and_complete() {
        let chart = small_chart();
        let svg = render_svg(&chart, &Style::default()).expect("acyclic");
        assert_well_formed(&svg);
        for node in &chart.nodes {
            assert!(svg.contains(&format!("data-node-id=\"{}\"", node.id)));
        }
        for edge in &chart.edges {
            let opening = format!("data-edge-id=\"{}\"", edge.id);
            let start = svg.find(&opening).expect("edge group");
            let group = &svg[start..start + svg[start..].find("</g>").expect("closed")];
            assert!(group.contains("<path class=\"fc-edge-line\""));
            assert!(group.contains(&format!("data-from=\"{}\"", chart.nodes[edge.from].id)));
        }
        assert_eq!(svg.matches("<a href=").count(), 3);
        assert_eq!(svg.matches("<marker ").count(), 1);
        // It has links, so it is a group, not an image (which would hide them).
        assert!(svg.contains("role=\"group\" aria-labelledby=\"fc-title fc-desc\""));
        assert!(!svg.contains("fill=\"#") && !svg.contains("stroke=\""));
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let hostile = "<script>alert(1)</script> & \"quotes\" 'single'";
        let chart = Chart {
            title: hostile.to_string(),
            description: "a\u{0}b\nc".to_string(),
            nodes: vec![
                question("q\"1", hostile),
                outcome("o<1>", hostile, &[(hostile, "/x?a=1&b='2'\"")]),
            ],
            edges: vec![edge("e&1", 0, 1, Some(hostile))],
        };
        let style = Style {
            id_prefix: "9 bad\"prefix".to_string(),
            ..Style::default()
        };
        let svg = render_svg(&chart, &style).expect("acyclic");
        assert_well_formed(&svg);
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("&amp; &quot;quotes&quot; &apos;single&apos;"));
        assert!(svg.contains("data-node-id=\"q&quot;1\""));
        assert!(svg.contains("data-node-id=\"o&lt;1&gt;\""));
        assert!(svg.contains("data-edge-id=\"e&amp;1\""));
        assert!(svg.contains("href=\"/x?a=1&amp;b=&apos;2&apos;&quot;\""));
        assert!(svg.contains("<desc id=\"fc-9-bad-prefix-desc\">ab&#10;c</desc>"));
        assert!(svg.contains("url(#fc-9-bad-prefix-arrow)"));
    }

    #[test]
    fn errors_come_from_the_layout() {
        let mut chart = small_chart();
        chart.edges.push(edge("loop", 1, 0, None));
        chart.edges.push(edge("back", 2, 1, None));
        assert!(matches!(
            render_svg(&chart, &Style::default()),
            Err(LayoutError::Cycle(_))
        ));
        let mut chart = small_chart();
        chart.edges.push(edge("nowhere", 0, 9, None));
        assert!(matches!(
            render_svg(&chart, &Style::default()),
            Err(LayoutError::BadEdge { edge: 2, .. })
        ));
    }

    #[test]
    fn numbers_have_at_most_one_decimal() {
        let formatted: Vec<String> = [
            0.0,
            -0.0,
            -0.04,
            1.25,
            2.0,
            3.04159,
            -7.96,
            1234.56,
            f64::NAN,
        ]
        .iter()
        .map(|&v| Num(v).to_string())
        .collect();
        assert_eq!(
            formatted,
            ["0", "0", "0", "1.3", "2", "3", "-8", "1234.6", "0"]
        );
    }

    #[test]
    fn wrapped_text_gets_one_tspan_per_line() {
        let chart = Chart {
            nodes: vec![question(
                "long",
                "Does the model have to run on a phone, without a network connection, in real time?",
            )],
            ..Chart::default()
        };
        let svg = render_svg(&chart, &Style::default()).expect("acyclic");
        assert_well_formed(&svg);
        assert!(svg.matches("<tspan ").count() >= 3);
    }

    #[test]
    fn three_node_chart_snapshot() {
        let chart = Chart {
            title: "Sequence data?".to_string(),
            description: "Yes leads to a transformer, no to a CNN.".to_string(),
            nodes: vec![
                question("seq", "Is your data a sequence?"),
                outcome("tf", "Attention", &[("Transformer", "/a/transformer/")]),
                outcome("cnn", "", &[("CNN", "/a/cnn/")]),
            ],
            edges: vec![
                edge("seq-yes", 0, 1, Some("Yes")),
                edge("seq-no", 0, 2, Some("No")),
            ],
        };
        let style = Style {
            id_prefix: "chart-1".to_string(),
            ..Style::default()
        };
        let svg = render_svg(&chart, &style).expect("acyclic");
        let expected = r##"<svg xmlns="http://www.w3.org/2000/svg" class="fc-chart" viewBox="0 0 232.2 206.2" width="232.2" height="206.2" role="group" aria-labelledby="chart-1-title chart-1-desc">
<title id="chart-1-title">Sequence data?</title>
<desc id="chart-1-desc">Yes leads to a transformer, no to a CNN.</desc>
<defs><marker id="chart-1-arrow" class="fc-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10Z"/></marker></defs>
<g class="fc-edge" data-edge-id="seq-yes" data-from="seq" data-to="tf">
<path class="fc-edge-line" fill="none" d="M120.2,54.2L64.1,82.2L64.1,105.8L64.1,133.8" marker-end="url(#chart-1-arrow)"/>
<rect class="fc-label-box" x="49.8" y="82.2" width="28.7" height="23.6" rx="3"/>
<text class="fc-label" font-size="12" text-anchor="middle"><tspan x="64.1" y="98.2">Yes</tspan></text>
</g>
<g class="fc-edge" data-edge-id="seq-no" data-from="seq" data-to="cnn">
<path class="fc-edge-line" fill="none" d="M120.2,54.2L176.2,82.2L176.2,105.8L176.2,133.8L176.2,142.9" marker-end="url(#chart-1-arrow)"/>
<rect class="fc-label-box" x="164.6" y="82.2" width="23.3" height="23.6" rx="3"/>
<text class="fc-label" font-size="12" text-anchor="middle"><tspan x="176.2" y="98.2">No</tspan></text>
</g>
<g class="fc-node fc-question" data-node-id="seq">
<rect class="fc-box" x="31.6" y="16" width="177.2" height="38.2" rx="6"/>
<text class="fc-text" font-size="14" text-anchor="middle"><tspan x="120.2" y="40">Is your data a sequence?</tspan></text>
</g>
<g class="fc-node fc-outcome" data-node-id="tf">
<rect class="fc-box" x="16" y="133.8" width="96.2" height="56.4" rx="6"/>
<text class="fc-reason" font-size="14" text-anchor="middle"><tspan x="64.1" y="157.8">Attention</tspan></text>
<a href="/a/transformer/"><text class="fc-link" font-size="14" text-anchor="middle"><tspan x="64.1" y="176">Transformer</tspan></text></a>
</g>
<g class="fc-node fc-outcome" data-node-id="cnn">
<rect class="fc-box" x="136.2" y="142.9" width="80" height="38.2" rx="6"/>
<a href="/a/cnn/"><text class="fc-link" font-size="14" text-anchor="middle"><tspan x="176.2" y="166.9">CNN</tspan></text></a>
</g>
</svg>
"##;
        assert_eq!(svg, expected, "\n{svg}");
    }
}
