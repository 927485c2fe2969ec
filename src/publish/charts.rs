//! Bench charts as files for use outside the site: `benchmarks/charts/<model>.svg`, with
//! every colour written on the element (no classes, no CSS variables), so the SVG looks
//! the same as an `<img>` in a blog post, pasted inline into an editor that drops
//! `<style>` and classes, or opened on its own. The site's own pages keep the classed SVG,
//! which follows the reader's light or dark theme.

use crate::model::Site;
use crate::views::bench::model_groups;
use std::collections::BTreeSet;

/// The light theme's colours, the ones a white blog page needs.
const TEXT: &str = "#1b1f2a";
const MUTED: &str = "#5a6275";
const ACCENT: &str = "#3a4fd8";
const BAD: &str = "#b3261e";
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, 'Noto Sans', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/// The site path of a bench model's chart file.
pub fn chart_path(model: &str) -> String {
    format!("benchmarks/charts/{}.svg", file_safe(model))
}

fn file_safe(model: &str) -> String {
    model
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// One SVG file per bench model with results.
pub fn chart_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    let lang = site.config.default_language();
    let all: Vec<&crate::model::Architecture> = site.architectures.iter().collect();
    let mut seen = BTreeSet::new();
    let mut files = Vec::new();
    for arch in all {
        for group in model_groups(site, lang, &[arch], "chart") {
            if seen.insert(group.model.clone()) {
                let svg = inline_colours(&group.chart_svg);
                files.push((
                    chart_path(&group.model),
                    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}\n").into_bytes(),
                ));
            }
        }
    }
    files
}

/// The presentation attributes that stand in for a chart class.
fn attributes(class: &str) -> &'static [(&'static str, &'static str)] {
    match class {
        "bench-chart" => &[("font-family", FONT), ("font-size", "12")],
        "bc-label" | "bc-value" => &[("fill", TEXT)],
        "bc-unit" => &[("fill", MUTED), ("font-size", "11")],
        "bc-bar" | "bc-bf16" => &[("fill", ACCENT)],
        "bc-fp32" => &[("fill", "#8a94ad")],
        "bc-tf32" => &[("fill", "#5b7bd5")],
        "bc-fp16" | "bc-amp" => &[("fill", "#3a9a7a")],
        "bc-fp8" => &[("fill", "#d9822b")],
        "bc-whisker" => &[("stroke", TEXT), ("stroke-width", "1.2"), ("fill", "none")],
        "bc-fail" => &[("fill", BAD), ("font-weight", "700")],
        _ => &[],
    }
}

/// Replaces every `class="..."` of a bench chart with the colours it stands for; later
/// classes win, as in the stylesheet (`bc-bar bc-fp16` is green).
pub fn inline_colours(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() + svg.len() / 4);
    let mut rest = svg;
    while let Some(at) = rest.find(" class=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " class=\"".len()..];
        let Some(end) = after.find('"') else {
            out.push_str(&rest[at..]);
            return out;
        };
        let mut attrs: Vec<(&str, &str)> = Vec::new();
        for class in after[..end].split_whitespace() {
            for (name, value) in attributes(class) {
                match attrs.iter_mut().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = value,
                    None => attrs.push((name, value)),
                }
            }
        }
        for (name, value) in attrs {
            out.push_str(&format!(
                " {name}=\"{}\"",
                crate::render::escape_html(value)
            ));
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_become_colours() {
        let svg = r#"<svg class="bench-chart"><rect class="bc-bar bc-fp16" x="1"/><text class="bc-row">a</text></svg>"#;
        let out = inline_colours(svg);
        assert!(!out.contains("class="), "{out}");
        assert!(out.contains(r##"<rect fill="#3a9a7a" x="1"/>"##), "{out}");
        assert!(out.contains("<text>a</text>"), "{out}");
        assert!(out.contains("font-family=\"system-ui"), "{out}");
    }

    #[test]
    fn model_names_are_file_safe() {
        assert_eq!(chart_path("resnet50"), "benchmarks/charts/resnet50.svg");
        assert_eq!(chart_path("a/b c"), "benchmarks/charts/a-b-c.svg");
    }
}
