//! The Markdown export: the article's own Markdown with absolute links, the facts as a
//! table and the charts as image links.

use super::links::{absolute_markdown, absolute_url};
use super::{bench_groups, facts, t};
use crate::model::{Page, Site};
use crate::publish::charts;
use std::collections::BTreeMap;
use std::fmt::Write;

fn cell(text: &str) -> String {
    md_text(text).replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A data string as Markdown text: `<`, `>` and `&` become entities, so a title holding
/// `<script>` reads as those characters in any Markdown renderer instead of becoming HTML.
fn md_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The article as Markdown for another publisher.
pub fn markdown(site: &Site, page: &Page, strings: &BTreeMap<String, String>) -> String {
    let lang = page.lang.as_str();
    let url = site.config.base_url.public(&page.url);
    let abs = |u: &str| absolute_url(site, page, u);
    let arch = page.architecture_id().and_then(|id| site.architecture(id));
    let card = arch.map(|a| crate::views::card::card(site, lang, a, strings));
    let mut out = format!("# {}\n\n", md_text(&page.front.title));
    let lede = card
        .as_ref()
        .map(|c| c.summary.clone())
        .or_else(|| page.front.summary.clone());
    if let Some(lede) = lede {
        let _ = writeln!(out, "> {}\n", md_text(&lede).replace('\n', " "));
    }
    if let (Some(arch), Some(card)) = (arch, &card) {
        let _ = writeln!(out, "| {} | |\n| --- | --- |", cell(t(strings, "facts")));
        for fact in facts(site, lang, arch, card, strings) {
            let value = match &fact.link {
                Some(url) => format!("[{}]({})", cell(&fact.text), abs(url)),
                None => cell(&fact.text),
            };
            let _ = writeln!(out, "| {} | {value} |", cell(&fact.label));
        }
        out.push('\n');
    }
    out.push_str(absolute_markdown(site, page).trim());
    out.push_str("\n\n");
    if let Some(card) = &card {
        let _ = writeln!(
            out,
            "## {} / {}\n",
            t(strings, "strengths"),
            t(strings, "weaknesses")
        );
        for (key, items) in [
            ("strengths", &card.strengths),
            ("weaknesses", &card.weaknesses),
            ("avoid_when", &card.avoid_when),
        ] {
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {}\n", t(strings, key));
            for item in items {
                let _ = writeln!(out, "- {}", md_text(item));
            }
            out.push('\n');
        }
        let groups = bench_groups(site, lang, strings, arch);
        if !groups.is_empty() {
            let _ = writeln!(out, "## {}\n", t(strings, "benchmarks"));
            for group in &groups {
                let chart = site.config.base_url.public(&format!(
                    "/{}{}",
                    site.config.lang_prefix(lang),
                    charts::chart_path(&group.id)
                ));
                let _ = writeln!(
                    out,
                    "![{}: {} ({})]({chart})\n",
                    md_text(&group.model),
                    md_text(&group.task).replace(['[', ']'], ""),
                    md_text(&group.unit)
                );
            }
        }
        if !card.papers.is_empty() {
            let _ = writeln!(out, "## {}\n", t(strings, "papers"));
            for (i, p) in card.papers.iter().enumerate() {
                let venue = if p.venue.is_empty() {
                    String::new()
                } else {
                    format!("*{}*, ", md_text(&p.venue))
                };
                let _ = writeln!(
                    out,
                    "{}. [{}]({}). {}. {venue}{}.",
                    i + 1,
                    md_text(&p.title).replace(['[', ']'], ""),
                    p.url,
                    md_text(&p.authors),
                    p.year
                );
            }
            out.push('\n');
        }
    }
    let _ = writeln!(
        out,
        "---\n\n{} · <{url}>",
        md_text(site.config.title.text(lang))
    );
    out
}
