//! Benchmark bar charts, drawn as SVG at build time: one chart per bench model, one bar
//! per result (GPU, count, precision, compiled or not), with the spread of the measured
//! step times as a whisker and failed runs shown as failures rather than left out.

use super::bench::{group_digits, BenchRow};
use super::flowchart::text::text_width;
use crate::render::escape_html;
use std::fmt::Write;

const WIDTH: f64 = 680.0;
const LABEL_WIDTH: f64 = 290.0;
const VALUE_WIDTH: f64 = 110.0;
const ROW_HEIGHT: f64 = 26.0;
const BAR_HEIGHT: f64 = 16.0;
const FONT_SIZE: f64 = 12.0;
const TOP: f64 = 8.0;

/// The label of a bar: `8× NVIDIA H200 · bf16 · compiled`.
pub fn bar_label(row: &BenchRow) -> String {
    let mut label = format!(
        "{}× {} · {}",
        row.gpu_count,
        row.gpu,
        row.result.precision.as_str()
    );
    if row.result.compiled {
        label.push_str(" · compiled");
    }
    label
}

/// Throughput at the fastest and slowest measured step, when the step times are known.
fn spread(row: &BenchRow) -> Option<(f64, f64)> {
    let steps = row.result.step_time_ms.as_ref()?;
    let (value, _) = row.result.headline()?;
    // The work of one step, in the rate's own unit; the rate at the fastest and slowest step.
    let per_step = value * steps.median / 1000.0;
    (steps.min > 0.0 && steps.max > 0.0)
        .then(|| (per_step * 1000.0 / steps.max, per_step * 1000.0 / steps.min))
}

/// An SVG bar chart of `rows` (all of one model and unit). `id` makes its ids unique.
pub fn bar_chart(id: &str, title: &str, rows: &[BenchRow]) -> String {
    let max = rows
        .iter()
        .filter_map(|r| spread(r).map(|s| s.1).or(r.result.headline().map(|h| h.0)))
        .fold(0.0_f64, f64::max);
    let height = TOP * 2.0 + ROW_HEIGHT * rows.len() as f64;
    let bar_area = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let scale = |v: f64| if max > 0.0 { v / max * bar_area } else { 0.0 };
    let id = escape_html(id);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bench-chart\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"{WIDTH}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">"
    );
    let unit = rows
        .iter()
        .find_map(|r| r.result.headline().map(|h| h.1))
        .unwrap_or("");
    let _ = write!(
        svg,
        "<title id=\"{id}-title\">{}</title>",
        escape_html(title)
    );
    let description: Vec<String> = rows
        .iter()
        .map(|r| match r.result.headline() {
            Some((v, u)) => format!("{}: {} {u}", bar_label(r), group_digits(v)),
            None => format!("{}: {}", bar_label(r), status_text(r)),
        })
        .collect();
    let _ = write!(
        svg,
        "<desc id=\"{id}-desc\">{}</desc>",
        escape_html(&description.join("; "))
    );
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + ROW_HEIGHT * i as f64;
        let text_y = y + ROW_HEIGHT / 2.0 + FONT_SIZE * 0.35;
        let label = fit(&bar_label(row), LABEL_WIDTH - 10.0);
        let _ = write!(
            svg,
            "<g class=\"bc-row{}\">",
            if row.failed { " bc-failed" } else { "" }
        );
        let _ = write!(
            svg,
            "<text class=\"bc-label\" x=\"{:.1}\" y=\"{text_y:.1}\" text-anchor=\"end\">{}</text>",
            LABEL_WIDTH - 8.0,
            escape_html(&label)
        );
        match row.result.headline() {
            Some((value, _)) => {
                let w = scale(value).max(1.0);
                let _ = write!(
                    svg,
                    "<rect class=\"bc-bar bc-{}\" x=\"{LABEL_WIDTH}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{BAR_HEIGHT}\" rx=\"3\"/>",
                    row.result.precision.as_str(),
                    y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0
                );
                if let Some((low, high)) = spread(row) {
                    let (x1, x2) = (LABEL_WIDTH + scale(low), LABEL_WIDTH + scale(high));
                    let mid = y + ROW_HEIGHT / 2.0;
                    let _ = write!(
                        svg,
                        "<path class=\"bc-whisker\" d=\"M{x1:.1} {mid:.1}H{x2:.1}M{x1:.1} {:.1}V{:.1}M{x2:.1} {:.1}V{:.1}\"/>",
                        mid - 4.0, mid + 4.0, mid - 4.0, mid + 4.0
                    );
                }
                let _ = write!(
                    svg,
                    "<text class=\"bc-value\" x=\"{:.1}\" y=\"{text_y:.1}\">{}</text>",
                    LABEL_WIDTH + w + 6.0,
                    escape_html(&group_digits(value))
                );
            }
            None => {
                let _ = write!(svg, "<text class=\"bc-value bc-fail\" x=\"{LABEL_WIDTH}\" y=\"{text_y:.1}\">{}</text>", escape_html(&status_text(row)));
            }
        }
        svg.push_str("</g>");
    }
    let _ = write!(
        svg,
        "<text class=\"bc-unit\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        WIDTH - 4.0,
        height - 2.0,
        escape_html(unit)
    );
    svg.push_str("</svg>");
    svg
}

fn status_text(row: &BenchRow) -> String {
    let status = serde_json::to_value(row.result.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("failed: {status}")
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
