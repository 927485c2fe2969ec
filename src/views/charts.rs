//! Benchmark bar charts, drawn as SVG at build time: one chart per bench model, task and
//! unit, one bar per result, with the spread of the measured step times as a whisker and
//! failed runs shown as failures rather than left out.
//!
//! Each chart comes in two layouts instead of one scaled to fit: `Wide` puts the labels
//! beside the bars (680 px), `Narrow` puts them above (340 px), so a phone shows the narrow
//! one at about its own size and the text stays at 12 px; the stylesheet picks one by the
//! viewport's width, and the blog export (read on phones, without a stylesheet) uses the
//! narrow one.

use super::flowchart::text::text_width;
use crate::markup::escape_html;
use std::fmt::Write;

/// Every text of a chart is set at this size; nothing is smaller.
const FONT_SIZE: f64 = 12.0;
const LINE: f64 = 15.0;
const BAR_HEIGHT: f64 = 14.0;
const TOP: f64 = 6.0;
/// Room for the unit under the last bar.
const FOOT: f64 = 22.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Label (two lines) left of the bar.
    Wide,
    /// Label (two lines) above the bar, the bar the chart's full width.
    Narrow,
}

struct Geometry {
    width: f64,
    /// Where bars start.
    bar_x: f64,
    /// The widest a bar may grow.
    bar_area: f64,
    /// The widest a label line may be.
    label_width: f64,
    row_height: f64,
}

impl Layout {
    fn geometry(self) -> Geometry {
        match self {
            Layout::Wide => Geometry {
                width: 680.0,
                bar_x: 310.0,
                bar_area: 680.0 - 310.0 - 80.0,
                label_width: 300.0,
                row_height: 2.0 * LINE + 10.0,
            },
            Layout::Narrow => Geometry {
                width: 340.0,
                bar_x: 4.0,
                bar_area: 340.0 - 4.0 - 76.0,
                label_width: 332.0,
                row_height: 2.0 * LINE + BAR_HEIGHT + 14.0,
            },
        }
    }

    fn class(self) -> &'static str {
        match self {
            Layout::Wide => "bc-wide",
            Layout::Narrow => "bc-narrow",
        }
    }
}

/// One bar as the chart draws it. The chart knows nothing of bench files: `views::bench`
/// turns each result row into a bar, so the two modules depend in one direction only.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar<'a> {
    /// The first line of the label: `8× NVIDIA H200 141GB SXM`.
    pub label: &'a str,
    /// The second line: what tells this bar from its neighbours.
    pub detail: &'a str,
    /// The figure, `None` for a failed run.
    pub value: Option<f64>,
    /// The figure as printed beside the bar (`24,479`).
    pub value_text: String,
    /// The precision (`fp16`), which picks the bar's colour class.
    pub precision: &'a str,
    /// The rate at the slowest and fastest measured step, drawn as a whisker.
    pub spread: Option<(f64, f64)>,
    /// The figure with its unit and scope, or the failure, for the chart's description.
    pub summary: &'a str,
    /// What is shown in place of a bar for a failed run (`failed: oom`).
    pub failure: &'a str,
    pub failed: bool,
}

/// An SVG bar chart of `rows`, all of one model and in one `unit`. `id` makes its ids unique.
pub fn bar_chart(id: &str, title: &str, unit: &str, rows: &[Bar], layout: Layout) -> String {
    let g = layout.geometry();
    let max = rows
        .iter()
        .filter_map(|r| r.spread.map(|s| s.1).or(r.value))
        .fold(0.0_f64, f64::max);
    let height = TOP + g.row_height * rows.len() as f64 + FOOT;
    let scale = |v: f64| if max > 0.0 { v / max * g.bar_area } else { 0.0 };
    let id = escape_html(id);
    let width = g.width;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bench-chart {}\" viewBox=\"0 0 {width} {height:.0}\" width=\"{width}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">",
        layout.class()
    );
    let _ = write!(
        svg,
        "<title id=\"{id}-title\">{}</title>",
        escape_html(title)
    );
    let description: Vec<String> = rows
        .iter()
        .map(|r| format!("{} · {}: {}", r.label, r.detail, r.summary))
        .collect();
    let _ = write!(
        svg,
        "<desc id=\"{id}-desc\">{}</desc>",
        escape_html(&description.join("; "))
    );
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + g.row_height * i as f64;
        let (label_x, anchor, line1, line2, bar_y) = match layout {
            Layout::Wide => {
                let mid = y + g.row_height / 2.0;
                (
                    g.label_width,
                    "end",
                    mid - 2.0,
                    mid + LINE - 2.0,
                    mid - BAR_HEIGHT / 2.0,
                )
            }
            Layout::Narrow => (
                g.bar_x,
                "start",
                y + LINE - 3.0,
                y + 2.0 * LINE - 3.0,
                y + 2.0 * LINE + 2.0,
            ),
        };
        let _ = write!(
            svg,
            "<g class=\"bc-row{}\">",
            if row.failed { " bc-failed" } else { "" }
        );
        for (line_y, text, class) in [
            (line1, row.label, "bc-label"),
            (line2, row.detail, "bc-label bc-detail"),
        ] {
            let _ = write!(
                svg,
                "<text class=\"{class}\" x=\"{label_x:.1}\" y=\"{line_y:.1}\" text-anchor=\"{anchor}\">{}</text>",
                escape_html(&fit(text, g.label_width - 8.0))
            );
        }
        let value_y = bar_y + BAR_HEIGHT / 2.0 + FONT_SIZE * 0.35;
        match row.value {
            Some(value) => {
                let w = scale(value).max(1.0);
                let _ = write!(
                    svg,
                    "<rect class=\"bc-bar bc-{}\" x=\"{:.1}\" y=\"{bar_y:.1}\" width=\"{w:.1}\" height=\"{BAR_HEIGHT}\" rx=\"3\"/>",
                    row.precision,
                    g.bar_x
                );
                if let Some((low, high)) = row.spread {
                    let (x1, x2) = (g.bar_x + scale(low), g.bar_x + scale(high));
                    let mid = bar_y + BAR_HEIGHT / 2.0;
                    let _ = write!(
                        svg,
                        "<path class=\"bc-whisker\" d=\"M{x1:.1} {mid:.1}H{x2:.1}M{x1:.1} {:.1}V{:.1}M{x2:.1} {:.1}V{:.1}\"/>",
                        mid - 4.0, mid + 4.0, mid - 4.0, mid + 4.0
                    );
                }
                let end = row.spread.map_or(w, |(_, high)| scale(high).max(w));
                let _ = write!(
                    svg,
                    "<text class=\"bc-value\" x=\"{:.1}\" y=\"{value_y:.1}\">{}</text>",
                    g.bar_x + end + 6.0,
                    escape_html(&row.value_text)
                );
            }
            None => {
                let _ = write!(
                    svg,
                    "<text class=\"bc-value bc-fail\" x=\"{:.1}\" y=\"{value_y:.1}\">{}</text>",
                    g.bar_x,
                    escape_html(row.failure)
                );
            }
        }
        svg.push_str("</g>");
    }
    let _ = write!(
        svg,
        "<text class=\"bc-unit\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        width - 4.0,
        height - 6.0,
        escape_html(unit)
    );
    svg.push_str("</svg>");
    svg
}

/// Shortens `text` with an ellipsis so it fits `max` pixels at the chart's font size.
/// The measuring table is Helvetica's; browsers' sans-serif fonts run up to ~15% wider.
fn fit(text: &str, max: f64) -> String {
    let max = max / 1.15;
    if text_width(text, FONT_SIZE) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&format!("{out}{c}…"), FONT_SIZE) > max {
            break;
        }
        out.push(c);
    }
    format!("{out}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_cut_to_fit() {
        let long = "NVIDIA H100 96GB HBM2e (500 W, Grand Teton) and more words still";
        let cut = fit(long, 200.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(text_width(&cut, FONT_SIZE) <= 200.0);
        assert_eq!(fit("1× A100", 200.0), "1× A100");
    }

    #[test]
    fn a_narrow_chart_is_no_wider_than_a_phone() {
        let g = Layout::Narrow.geometry();
        assert!(g.width <= 340.0);
        assert!(g.bar_x + g.bar_area + 76.0 <= g.width);
    }
}
