//! Bench charts as files for use outside the site: `benchmarks/charts/<model>.svg` (the
//! narrow layout, readable on a phone; `<model>-wide.svg` beside it for wide pages, and
//! `<model>-2.svg` for a model's second task or unit), in every language under its prefix
//! (`zh/benchmarks/charts/...`), with
//! every colour written on the element (no classes, no CSS variables), so the SVG looks
//! the same as an `<img>` in a blog post, pasted inline into an editor that drops
//! `<style>` and classes, or opened on its own. The site's own pages keep the classed SVG,
//! which follows the reader's light or dark theme.

use super::palette::LIGHT;
use crate::model::Site;
use crate::views::bench::{model_groups, BenchText};
use std::collections::{BTreeMap, BTreeSet};

/// The light theme's colours, the ones a white blog page needs.
const TEXT: &str = LIGHT.text;
const MUTED: &str = LIGHT.muted;
const ACCENT: &str = LIGHT.accent;
const BAD: &str = LIGHT.bad;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, 'Noto Sans', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/// The site path (below the language prefix) of a bench group's chart file, from the
/// group's anchor: `bench-resnet50` → `benchmarks/charts/resnet50.svg`.
pub fn chart_path(group_id: &str) -> String {
    let name = group_id.strip_prefix("bench-").unwrap_or(group_id);
    format!("benchmarks/charts/{}.svg", file_safe(name))
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

/// Two SVG files (narrow and wide) per bench group, in `lang`.
pub fn chart_files(
    site: &Site,
    lang: &str,
    strings: &BTreeMap<String, String>,
) -> Vec<(String, Vec<u8>)> {
    let prefix = site.config.lang_prefix(lang);
    let mut seen = BTreeSet::new();
    let mut files = Vec::new();
    for arch in &site.architectures {
        for group in model_groups(site, lang, BenchText(strings), &[arch], "chart") {
            if !seen.insert(group.id.clone()) {
                continue;
            }
            let narrow = format!("{prefix}{}", chart_path(&group.id));
            let wide = narrow.replace(".svg", "-wide.svg");
            for (path, svg) in [(narrow, &group.chart_narrow), (wide, &group.chart_wide)] {
                let svg = inline_colours(svg);
                files.push((
                    path,
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
        "bc-unit" => &[("fill", MUTED)],
        "bc-detail" => &[("fill", MUTED)],
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
                crate::markup::escape_html(value)
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
        assert_eq!(
            chart_path("bench-resnet50"),
            "benchmarks/charts/resnet50.svg"
        );
        assert_eq!(chart_path("bench-bert-2"), "benchmarks/charts/bert-2.svg");
        assert_eq!(chart_path("a/b c"), "benchmarks/charts/a-b-c.svg");
    }
}
