//! The HTML export: one fragment whose every element carries its look inline.

use super::links::{absolute_url, page_site_path};
use super::style::{style_for, ACCENT, MUTED, TEXT};
use super::{bench_groups, body_html, facts, t};
use crate::markup::escape_html;
use crate::model::{Page, Site};
use crate::publish::charts;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The article as one HTML fragment with inline styles only.
pub fn html(site: &Site, page: &Page, strings: &BTreeMap<String, String>) -> String {
    let lang = page.lang.as_str();
    let url = site.config.base_url.public(&page.url);
    let abs = |u: &str| absolute_url(site, page, u);
    let link = |href: &str, text: &str| {
        format!(
            "<a href=\"{}\" style=\"color:{ACCENT};text-decoration:underline\">{}</a>",
            escape_html(&abs(href)),
            escape_html(text)
        )
    };
    let arch = page.architecture_id().and_then(|id| site.architecture(id));
    let card = arch.map(|a| crate::views::card::card(site, lang, a, strings));

    let mut out = String::new();
    let _ = write!(
        out,
        "<section lang=\"{}\" style=\"font-family:-apple-system,BlinkMacSystemFont,'Segoe UI','PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans',Roboto,Arial,sans-serif;font-size:16px;line-height:1.75;color:{TEXT};background-color:#ffffff;word-wrap:break-word\">",
        escape_html(lang)
    );
    let _ = write!(
        out,
        "<h1 style=\"{}\">{}</h1>",
        style_for("h1", ""),
        escape_html(&page.front.title)
    );
    let lede = card
        .as_ref()
        .map(|c| c.summary.clone())
        .or_else(|| page.front.summary.clone());
    if let Some(lede) = lede {
        let _ = write!(
            out,
            "<p style=\"margin:0 0 16px;font-size:17px;color:{MUTED}\">{}</p>",
            escape_html(&lede)
        );
    }

    if let (Some(arch), Some(card)) = (arch, &card) {
        let th = |text: &str| {
            format!(
                "<th scope=\"row\" style=\"{};white-space:nowrap\">{}</th>",
                style_for("th", ""),
                escape_html(text)
            )
        };
        let td = |html: &str| format!("<td style=\"{}\">{html}</td>", style_for("td", ""));
        let _ = write!(out, "<table style=\"{}\"><caption style=\"text-align:left;font-weight:700;padding:0 0 6px;color:{TEXT}\">{}</caption><tbody>", style_for("table", ""), escape_html(t(strings, "facts")));
        for fact in facts(site, lang, arch, card, strings) {
            let value = match &fact.link {
                Some(url) => link(url, &fact.text),
                None => escape_html(&fact.text),
            };
            let _ = write!(out, "<tr>{}{}</tr>", th(&fact.label), td(&value));
        }
        out.push_str("</tbody></table>");
    }

    out.push_str(&body_html(site, page));

    if let Some(card) = &card {
        let list = |items: &[String]| {
            let mut s = format!("<ul style=\"{}\">", style_for("ul", ""));
            for item in items {
                let _ = write!(
                    s,
                    "<li style=\"{}\">{}</li>",
                    style_for("li", ""),
                    escape_html(item)
                );
            }
            s.push_str("</ul>");
            s
        };
        let h2 = |text: &str| {
            format!(
                "<h2 style=\"{}\">{}</h2>",
                style_for("h2", ""),
                escape_html(text)
            )
        };
        let h3 = |text: &str| {
            format!(
                "<h3 style=\"{}\">{}</h3>",
                style_for("h3", ""),
                escape_html(text)
            )
        };
        out.push_str(&h2(&format!(
            "{} / {}",
            t(strings, "strengths"),
            t(strings, "weaknesses")
        )));
        out.push_str(&h3(t(strings, "strengths")));
        out.push_str(&list(&card.strengths));
        out.push_str(&h3(t(strings, "weaknesses")));
        out.push_str(&list(&card.weaknesses));
        if !card.avoid_when.is_empty() {
            out.push_str(&h3(t(strings, "avoid_when")));
            out.push_str(&list(&card.avoid_when));
        }
        let groups = bench_groups(site, lang, strings, arch);
        if !groups.is_empty() {
            out.push_str(&h2(t(strings, "benchmarks")));
            for group in &groups {
                let _ = write!(
                    out,
                    "<p style=\"margin:16px 0 6px;font-weight:600\">{} · {} · {}</p>",
                    escape_html(&group.model),
                    escape_html(&group.task),
                    escape_html(&group.unit)
                );
                // The narrow layout: export is read on phones, with no stylesheet to pick one.
                let svg = charts::inline_colours(&group.chart_narrow).replacen(
                    "<svg ",
                    "<svg style=\"max-width:100%;height:auto\" ",
                    1,
                );
                let _ = write!(
                    out,
                    "<div style=\"overflow-x:auto;margin:0 0 8px\">{svg}</div>"
                );
            }
            let _ = write!(
                out,
                "<p style=\"{}\">{}</p>",
                style_for("p", ""),
                link(
                    &format!("{}#bench", page_site_path(site, page)),
                    t(strings, "benchmarks")
                )
            );
        }
        if !card.papers.is_empty() {
            out.push_str(&h2(t(strings, "papers")));
            let _ = write!(out, "<ol style=\"{}\">", style_for("ol", ""));
            for p in &card.papers {
                let venue = if p.venue.is_empty() {
                    String::new()
                } else {
                    format!("<em>{}</em>, ", escape_html(&p.venue))
                };
                let _ = write!(
                    out,
                    "<li style=\"{}\">{}. {}. {venue}{}.</li>",
                    style_for("li", ""),
                    link(&p.url, &p.title),
                    escape_html(&p.authors),
                    p.year
                );
            }
            out.push_str("</ol>");
        }
    }
    let _ = writeln!(
        out,
        "<hr style=\"{}\"><p style=\"margin:0;font-size:14px;color:{MUTED}\">{} · {}</p></section>",
        style_for("hr", ""),
        escape_html(site.config.title.text(lang)),
        link(&url, &url)
    );
    out
}
