//! Blog export (`archkb export`): one article as a single self-contained piece for another
//! publisher — the WeChat Official Accounts editor, a blog CMS — that keeps none of the
//! site's stylesheets or scripts.
//!
//! `--format html` writes one HTML fragment whose every element carries its look in a
//! `style` attribute (those editors drop `<style>`, `class` and `<script>`): the facts
//! panel as a plain table, code highlighted with inline colours (syntect's light theme),
//! the bench charts as inline SVG with explicit colours, and every link absolute, back to
//! the hosted site. `--format markdown` writes the article's own Markdown with its links
//! made absolute, the facts as a Markdown table and the charts as image links to the SVG
//! files every build writes under `benchmarks/charts/`.
//!
//! The article goes through the same stages as a build (so a broken site exports nothing);
//! the rendering here is a pure function of the `Site`.

use crate::diag::{Diagnostic, Diagnostics};
use crate::markup::escape_html;
use crate::model::{Page, Site};
use crate::publish::charts;
use crate::publish::palette::LIGHT;
use crate::render::markdown::{self, LinkTargets, MarkdownSource};
use crate::render::{highlight, LinkIndex};
use crate::BuildOptions;
use anyhow::{bail, Result};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Html,
    Markdown,
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The site (root, base_url override, drafts).
    pub build: BuildOptions,
    /// `content/en/architectures/resnet.md`, `architectures/resnet` or `resnet`.
    pub article: String,
    pub lang: Option<String>,
    pub format: ExportFormat,
}

/// The exported text, or the content problems that stopped it.
pub fn export(options: &ExportOptions) -> Result<Result<String, Diagnostics>> {
    let outcome = crate::load_and_render(&options.build)?;
    let (Some(site), Some(theme)) = (outcome.site, outcome.theme) else {
        return Ok(Err(outcome.diagnostics));
    };
    if outcome.diagnostics.has_errors() {
        return Ok(Err(outcome.diagnostics));
    }
    let mut diags = Diagnostics::default();
    if !site.config.base_url.is_hosted() {
        bail!(
            "export writes links back to the hosted site, so base_url must name it (it is `{}`); set it in config.yaml or pass --base-url https://...",
            site.config.base_url
        );
    }
    let page = match find_page(&site, &options.article, options.lang.as_deref()) {
        Ok(page) => page,
        Err(d) => {
            let mut diags = Diagnostics::default();
            diags.push(d);
            return Ok(Err(diags));
        }
    };
    let strings = theme.strings(&page.lang, site.config.default_language(), &mut diags);
    Ok(Ok(match options.format {
        ExportFormat::Html => html(&site, page, &strings),
        ExportFormat::Markdown => markdown(&site, page, &strings),
    }))
}

/// The article `target` names, in `lang` when given.
pub fn find_page<'a>(
    site: &'a Site,
    target: &str,
    lang: Option<&str>,
) -> Result<&'a Page, Diagnostic> {
    let normalized = target.replace('\\', "/");
    let normalized = normalized.trim_start_matches("./");
    let by_file = site.pages.iter().find(|p| {
        let file = p.file.to_string_lossy().replace('\\', "/");
        normalized == file || normalized.ends_with(&format!("/{file}"))
    });
    let found = match by_file {
        Some(page) => match lang {
            Some(lang) if lang != page.lang => site.page(lang, &page.rel),
            _ => Some(page),
        },
        None => {
            let rel = normalized.trim_end_matches(".md").trim_matches('/');
            let lang = lang.unwrap_or(site.config.default_language());
            site.page(lang, rel)
                .or_else(|| site.page(lang, &format!("architectures/{rel}")))
        }
    };
    found.ok_or_else(|| {
        Diagnostic::error(target, format!("no article `{target}`{}", lang.map(|l| format!(" in `{l}`")).unwrap_or_default()))
            .hint("name it by its source path (content/en/architectures/resnet.md), its path in the language (guides/choosing-an-architecture) or an architecture id (resnet)")
    })
}

/// A URL as emitted by the site (`/kb/x/`, `#frag`, `https://...`) made absolute.
fn absolute_url(site: &Site, page: &Page, url: &str) -> String {
    if url.starts_with('#') {
        format!("{}{url}", site.config.base_url.public(&page.url))
    } else if url.starts_with('/') && !url.starts_with("//") {
        format!("{}{url}", site.config.base_url.origin().unwrap_or_default())
    } else {
        url.to_string()
    }
}

fn t<'a>(strings: &'a BTreeMap<String, String>, key: &'a str) -> &'a str {
    strings.get(key).map_or(key, String::as_str)
}

// ---------------------------------------------------------------------------------------
// HTML

const TEXT: &str = LIGHT.text;
const MUTED: &str = LIGHT.muted;
const BORDER: &str = LIGHT.border;
const SURFACE: &str = LIGHT.surface_2;
const ACCENT: &str = LIGHT.accent;
const MONO: &str = "Menlo, Consolas, 'Liberation Mono', 'Courier New', monospace";

/// The inline style of an element, by tag and (before it is dropped) class.
fn style_for(tag: &str, class: &str) -> String {
    let s = match tag {
        "h1" => format!("font-size:26px;line-height:1.3;margin:0 0 12px;color:{TEXT};font-weight:700"),
        "h2" => format!("font-size:21px;line-height:1.35;margin:30px 0 12px;padding-bottom:6px;border-bottom:1px solid {BORDER};color:{TEXT};font-weight:700"),
        "h3" => format!("font-size:18px;line-height:1.4;margin:24px 0 10px;color:{TEXT};font-weight:700"),
        "h4" | "h5" | "h6" => format!("font-size:16px;margin:20px 0 8px;color:{TEXT};font-weight:700"),
        "p" => "margin:0 0 14px;line-height:1.75".to_string(),
        "a" => format!("color:{ACCENT};text-decoration:underline"),
        "ul" | "ol" => "margin:0 0 14px;padding-left:24px".to_string(),
        "li" => "margin:4px 0;line-height:1.7".to_string(),
        "blockquote" => format!("margin:16px 0;padding:6px 14px;border-left:4px solid {ACCENT};background-color:{SURFACE};color:{TEXT}"),
        "code" => format!("font-family:{MONO};font-size:14px;background-color:{SURFACE};padding:1px 5px;border-radius:4px;color:{TEXT}"),
        "table" => "border-collapse:collapse;width:100%;margin:0 0 16px;font-size:14px;line-height:1.5".to_string(),
        "th" => format!("border:1px solid {BORDER};padding:6px 10px;background-color:{SURFACE};text-align:left;font-weight:600;color:{TEXT}"),
        "td" => format!("border:1px solid {BORDER};padding:6px 10px;vertical-align:top;color:{TEXT}"),
        "img" => "max-width:100%;height:auto".to_string(),
        "hr" => format!("border:none;border-top:1px solid {BORDER};margin:24px 0"),
        "sup" => "font-size:12px;line-height:0".to_string(),
        "div" if class.contains("table-wrap") => "overflow-x:auto;margin:0 0 16px".to_string(),
        "div" if class.contains("footnote") => format!("font-size:14px;color:{MUTED};margin:8px 0"),
        _ => String::new(),
    };
    s
}

/// Attributes kept on exported elements; everything else (class, id, data-*, aria-hidden,
/// tabindex) means nothing outside the site.
const KEPT_ATTRIBUTES: &[&str] = &[
    "href", "src", "alt", "title", "colspan", "rowspan", "style", "start", "lang", "datetime",
];

/// A start tag's name and attributes (values unescaped as written; they were escaped when
/// rendered and are written back escaped).
struct StartTag<'a> {
    name: String,
    attrs: Vec<(String, &'a str)>,
    self_closing: bool,
}

fn parse_start_tag(tag: &str) -> StartTag<'_> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let self_closing = inner.ends_with('/');
    let inner = inner.trim_end_matches('/');
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = &inner[name_end..];
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, remainder) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            attrs.push((key, value));
            rest = remainder;
        } else {
            attrs.push((key, ""));
        }
    }
    StartTag {
        name,
        attrs,
        self_closing,
    }
}

/// `&lt;` → `<` and friends: the five the renderer writes, plus numeric references.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let entity = end.map(|e| &rest[1..e]);
        let decoded = match entity {
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some("apos") => Some('\''),
            Some(e) if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            Some(e) if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Strips tags from highlighted HTML and unescapes it: the code as written.
fn code_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    unescape(&text)
}

/// Code as a `<pre>` with inline colours from syntect's light theme.
pub fn highlight_inline(code: &str, lang: &str) -> String {
    let pre_style = format!("background-color:#f6f8fa;border:1px solid {BORDER};border-radius:6px;padding:12px 14px;overflow-x:auto;font-family:{MONO};font-size:13px;line-height:1.55;color:{TEXT};white-space:pre");
    let set = highlight::syntaxes();
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
    let theme = &highlight::themes().themes[highlight::LIGHT_THEME];
    let highlighted = syntax.and_then(|syntax| {
        syntect::html::highlighted_html_for_string(code, set, syntax, theme).ok()
    });
    match highlighted {
        Some(html) => {
            // syntect opens with its own `<pre style="background-color:...">`.
            let body = html.split_once('>').map_or(html.as_str(), |(_, b)| b);
            // Its comment grey is too faint (2.7:1) for the 4.5:1 the site keeps.
            let body = highlight::with_contrast(body.trim_start_matches('\n'), &["#f6f8fa"]);
            format!("<pre style=\"{pre_style}\">{body}")
        }
        None => format!("<pre style=\"{pre_style}\">{}</pre>", escape_html(code)),
    }
}

/// The site's body HTML with classes turned into inline styles, heading anchors and
/// checkboxes replaced, code re-highlighted with inline colours and links made absolute.
pub fn inline_styles(html: &str, absolutize: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            rest = &rest[end..];
            continue;
        }
        let Some(end) = tag_end(rest) else {
            out.push_str(&escape_html(rest));
            return out;
        };
        let tag = &rest[..=end];
        rest = &rest[end + 1..];
        if tag.starts_with("</") {
            out.push_str(&tag.to_ascii_lowercase());
            continue;
        }
        let start = parse_start_tag(tag);
        let class = start
            .attrs
            .iter()
            .find(|(k, _)| k == "class")
            .map_or("", |(_, v)| *v);
        if start.name == "a" && class.split_whitespace().any(|c| c == "anchor") {
            rest = rest.find("</a>").map_or("", |e| &rest[e + 4..]);
            continue;
        }
        if start.name == "pre" {
            let close = rest.find("</pre>").unwrap_or(rest.len());
            let lang = start
                .attrs
                .iter()
                .find(|(k, _)| k == "data-lang")
                .map_or("", |(_, v)| *v);
            out.push_str(&highlight_inline(
                &code_text(&rest[..close]),
                &unescape(lang),
            ));
            rest = rest.get(close + "</pre>".len()..).unwrap_or("");
            continue;
        }
        if start.name == "input" {
            let checked = start.attrs.iter().any(|(k, _)| k == "checked");
            out.push_str(if checked { "☑ " } else { "☐ " });
            continue;
        }
        out.push('<');
        out.push_str(&start.name);
        let mut style = style_for(&start.name, class);
        for (key, value) in &start.attrs {
            if !KEPT_ATTRIBUTES.contains(&key.as_str()) {
                continue;
            }
            if key == "style" {
                if !style.is_empty() {
                    style.push(';');
                }
                style.push_str(&unescape(value));
                continue;
            }
            let value = if key == "href" || key == "src" {
                absolutize(&unescape(value))
            } else {
                unescape(value)
            };
            let _ = write!(out, " {key}=\"{}\"", escape_html(&value));
        }
        if !style.is_empty() {
            let _ = write!(out, " style=\"{}\"", escape_html(&style));
        }
        out.push_str(if start.self_closing { " />" } else { ">" });
    }
    out.push_str(rest);
    out
}

/// The index of the `>` that closes the tag `text` starts with, quotes respected.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn render_body(site: &Site, page: &Page) -> markdown::RenderedMarkdown {
    let index = LinkIndex::new(site);
    crate::render::page_markdown(site, page, &index.targets()).0
}

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
    let body = render_body(site, page);
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

    if let Some(card) = &card {
        let th = |text: &str| {
            format!(
                "<th scope=\"row\" style=\"{};white-space:nowrap\">{}</th>",
                style_for("th", ""),
                escape_html(text)
            )
        };
        let td = |html: &str| format!("<td style=\"{}\">{html}</td>", style_for("td", ""));
        let _ = write!(out, "<table style=\"{}\"><caption style=\"text-align:left;font-weight:700;padding:0 0 6px;color:{TEXT}\">{}</caption><tbody>", style_for("table", ""), escape_html(t(strings, "facts")));
        for fact in facts(site, card, strings) {
            let value = match &fact.link {
                Some(url) => link(url, &fact.text),
                None => escape_html(&fact.text),
            };
            let _ = write!(out, "<tr>{}{}</tr>", th(&fact.label), td(&value));
        }
        out.push_str("</tbody></table>");
    }

    out.push_str(&inline_styles(&body.html, &abs));

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

/// The page's URL under the base path (`/kb/architectures/x/`), for `absolute_url`.
/// The bench groups an exported article shows: its own architecture's, none for a guide.
fn bench_groups(
    site: &Site,
    lang: &str,
    strings: &BTreeMap<String, String>,
    arch: Option<&crate::model::Architecture>,
) -> Vec<crate::views::bench::BenchGroup> {
    arch.map(|a| {
        crate::views::bench::model_groups(
            site,
            lang,
            crate::views::bench::BenchText(strings),
            &[a],
            "export",
        )
    })
    .unwrap_or_default()
}

fn page_site_path(site: &Site, page: &Page) -> String {
    crate::markup::join_path(&site.config.base_path(), &page.url)
}

// ---------------------------------------------------------------------------------------
// Markdown

/// A cell of a Markdown table: no pipes or line breaks.
/// One row of the facts table an export shows: a label, its text, and a link if it is one.
struct Fact {
    label: String,
    text: String,
    link: Option<String>,
}

/// The facts panel of an architecture as rows, shared by the HTML and Markdown exports.
fn facts(
    site: &Site,
    card: &crate::views::card::Card,
    strings: &BTreeMap<String, String>,
) -> Vec<Fact> {
    let fact = |key: &str, text: String| Fact {
        label: t(strings, key).to_string(),
        text,
        link: None,
    };
    let mut rows = Vec::new();
    if let Some(family) = &card.family {
        rows.push(Fact {
            link: Some(family.url.clone()),
            ..fact("family", family.name.clone())
        });
    }
    rows.push(fact("field_year", card.year.to_string()));
    rows.push(fact("field_params", card.params.clone()));
    for row in &card.facets {
        let values: Vec<&str> = row.values.iter().map(|v| v.label.as_str()).collect();
        rows.push(Fact {
            label: row.label.clone(),
            text: values.join(" · "),
            link: None,
        });
    }
    if let Some(headline) = site.architecture(&card.id).and_then(|a| {
        crate::views::bench::headline(site, a, crate::views::bench::BenchText(strings))
    }) {
        rows.push(fact("field_benchmark", headline.text));
    }
    rows.push(fact("compute_note", card.compute_note.clone()));
    rows
}

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

/// The body's Markdown with every link and image destination made absolute.
pub fn absolute_markdown(site: &Site, page: &Page) -> String {
    use pulldown_cmark::{Event, Parser, Tag};
    let index = LinkIndex::new(site);
    let targets: LinkTargets = index.targets();
    let prefix = site.config.lang_prefix(&page.lang);
    let source = MarkdownSource::of_page(page, &prefix);
    let body = page.body.as_str();
    let target_url = |dest: &str| {
        let resolved =
            markdown::resolve(dest, &source, &targets).unwrap_or_else(|_| dest.to_string());
        absolute_url(site, page, &resolved)
    };
    // (start, end, replacement) of each destination as written.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let parser = Parser::new_ext(body, markdown::options());
    let definitions: Vec<(std::ops::Range<usize>, String)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| (def.span.clone(), def.dest.to_string()))
        .collect();
    for (start, end, dest) in definitions.iter().filter_map(|(span, dest)| {
        let text = &body[span.clone()];
        let colon = text.find("]:")?;
        let at = text[colon..].find(dest.as_str())? + colon;
        Some((span.start + at, span.start + at + dest.len(), dest.clone()))
    }) {
        edits.push((start, end, target_url(&dest)));
    }
    for (event, range) in parser.into_offset_iter() {
        let dest = match &event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url.to_string(),
            _ => continue,
        };
        let text = &body[range.clone()];
        // An inline link: the destination follows the last `](`; reference links were
        // handled through their definitions, autolinks are absolute already.
        let Some(paren) = text.rfind("](") else {
            continue;
        };
        let Some(at) = text[paren..].find(dest.as_str()) else {
            continue;
        };
        let start = range.start + paren + at;
        if edits.iter().any(|(s, _, _)| *s == start) {
            continue;
        }
        edits.push((start, start + dest.len(), target_url(&dest)));
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = body.to_string();
    for (start, end, replacement) in edits {
        out.replace_range(start..end, &replacement);
    }
    out
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
    if let Some(card) = &card {
        let _ = writeln!(out, "| {} | |\n| --- | --- |", cell(t(strings, "facts")));
        for fact in facts(site, card, strings) {
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

/// Writes `text` to `out`, or to stdout.
pub fn write_output(text: &str, out: Option<&Path>) -> Result<()> {
    use anyhow::Context;
    match out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
        }
        None => {
            use std::io::Write as _;
            std::io::stdout()
                .write_all(text.as_bytes())
                .context("writing to stdout")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_become_styles_and_anchors_go() {
        let html = "<h2 id=\"x\">Cost<a class=\"anchor\" href=\"#x\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n<div class=\"table-wrap\"><table><tr><td style=\"text-align: right\">1</td></tr></table></div><p>See <a href=\"/kb/compare/\">the table</a> &amp; <code>x&lt;y</code>.</p>";
        let out = inline_styles(html, &|u: &str| format!("https://ex.com{u}"));
        assert!(!out.contains("class="), "{out}");
        assert!(!out.contains('#') || !out.contains(">#<"), "{out}");
        assert!(out.contains("href=\"https://ex.com/kb/compare/\""), "{out}");
        assert!(out.contains("text-align: right"), "{out}");
        assert!(out.contains("<code style=\"font-family:"), "{out}");
        assert!(out.contains("x&lt;y"), "{out}");
    }

    #[test]
    fn code_is_highlighted_with_inline_colours() {
        let site_html =
            crate::render::highlight::highlight("fn main() { let x = \"<b>\"; }\n", "rust");
        let out = inline_styles(&site_html, &|u: &str| u.to_string());
        assert!(!out.contains("class="), "{out}");
        assert!(out.contains("<span style=\"color:#"), "{out}");
        assert!(out.contains("&lt;b&gt;"), "{out}");
    }

    #[test]
    fn unescape_reverses_escaping() {
        assert_eq!(
            unescape("&lt;a&gt; &amp; &quot;b&quot; &#39;c&#39; &#x4e2d; & x"),
            "<a> & \"b\" 'c' 中 & x"
        );
    }
}
