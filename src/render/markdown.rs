//! Markdown to HTML with pulldown-cmark: GFM extensions, heading ids that keep Chinese
//! characters, a table of contents, highlighted code, and internal links written as
//! relative `.md` paths resolved to the pages' URLs (a broken one is an error).

use crate::diag::{line_col, Diagnostic};
use crate::markup::join_path;
use crate::render::highlight::labelled_highlight;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The text a reader sees, for search and summaries.
    pub text: String,
    /// The id of the page title's `<h1>` (kept apart from the headings' ids).
    pub title_id: String,
    /// Links with a `#fragment`, for the anchor check (`crate::anchors`).
    pub anchor_links: Vec<crate::anchors::AnchorLink>,
}

/// What links are resolved against: every page's source path and URL, and the URLs the
/// site generates (compare, choose, ...).
pub struct LinkTargets<'a> {
    /// `content/en/guides/x.md` → `/guides/x/` (site-relative).
    pub pages: &'a BTreeMap<PathBuf, String>,
    /// Other files under `content/` → their site-relative URL.
    pub assets: &'a BTreeMap<PathBuf, String>,
    /// Site-relative URLs of generated pages in every language.
    pub generated: &'a BTreeSet<String>,
    pub base_path: &'a str,
    /// Drafts the build leaves out (source path → URL): a link to one says so.
    pub drafts: &'a BTreeMap<PathBuf, String>,
}

pub struct MarkdownSource<'a> {
    pub file: &'a Path,
    pub body: &'a str,
    /// The file line the body starts on.
    pub body_line: usize,
    /// `""` or `"zh/"`: root links (`/compare/`) stay in the page's language.
    pub lang_prefix: &'a str,
    /// The page title, whose `<h1>` gets an id first (so no heading takes it).
    pub title: &'a str,
}

impl<'a> MarkdownSource<'a> {
    /// The body of `page`; `lang_prefix` is its language's (`site.config.lang_prefix`).
    pub fn of_page(page: &'a crate::model::Page, lang_prefix: &'a str) -> Self {
        MarkdownSource {
            file: &page.file,
            body: &page.body,
            body_line: page.body_line,
            lang_prefix,
            title: &page.front.title,
        }
    }
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

pub fn render(
    source: &MarkdownSource,
    targets: &LinkTargets,
) -> (RenderedMarkdown, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(source.body, options())
        .into_offset_iter()
        .collect();
    let place = |offset: usize| {
        let (line, col) = line_col(source.body, offset);
        (line + source.body_line - 1, col)
    };

    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut toc = Vec::new();
    let mut used_ids = BTreeSet::new();
    let title_id = if source.title.is_empty() {
        String::new()
    } else {
        unique_id(&slugify(source.title), &mut used_ids)
    };
    let mut links = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = (i + 1..events.len())
                    .find(|&j| matches!(events[j].0, Event::End(TagEnd::Heading(_))))
                    .unwrap_or(events.len());
                let title: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let wanted = id
                    .as_ref()
                    .map_or_else(|| slugify(&title), ToString::to_string);
                let unique = unique_id(&wanted, &mut used_ids);
                if *level != HeadingLevel::H1 {
                    toc.push(TocEntry {
                        level: *level as u8,
                        id: unique.clone(),
                        title: title.clone(),
                    });
                }
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(unique.clone())),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                for (inner, inner_range) in &events[i + 1..end] {
                    out.push(rewrite(
                        inner.clone(),
                        inner_range.start,
                        source,
                        targets,
                        &place,
                        &mut diags,
                        &mut links,
                    ));
                }
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>",
                    crate::markup::escape_html(&unique)
                ))));
                if end < events.len() {
                    out.push(events[end].0.clone());
                }
                text.push_str(&title);
                text.push('\n');
                i = end + 1;
                continue;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::CodeBlock)) {
                    if let Event::Text(t) = &events[j].0 {
                        code.push_str(t);
                    }
                    j += 1;
                }
                text.push_str(&code);
                // The markdown stage has no theme strings; the two site languages' names
                // for a code block are short enough to keep here.
                let label = if source.lang_prefix.starts_with("zh") {
                    "代码"
                } else {
                    "Code"
                };
                out.push(Event::Html(CowStr::from(labelled_highlight(
                    &code, &lang, label,
                ))));
                i = j + 1;
                continue;
            }
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::from("<div class=\"table-wrap\">")));
                out.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                out.push(event.clone());
                out.push(Event::Html(CowStr::from("</div>")));
            }
            Event::Text(t) | Event::Code(t) => {
                text.push_str(t);
                out.push(event.clone());
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::TableCell | TagEnd::Item) => {
                text.push(' ');
                out.push(event.clone());
            }
            _ => out.push(rewrite(
                event.clone(),
                range.start,
                source,
                targets,
                &place,
                &mut diags,
                &mut links,
            )),
        }
        i += 1;
    }

    let mut html = String::with_capacity(source.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    (
        RenderedMarkdown {
            html,
            toc,
            text,
            title_id,
            anchor_links: links,
        },
        diags,
    )
}

fn rewrite<'e>(
    event: Event<'e>,
    offset: usize,
    source: &MarkdownSource,
    targets: &LinkTargets,
    place: &dyn Fn(usize) -> (usize, usize),
    diags: &mut Vec<Diagnostic>,
    links: &mut Vec<crate::anchors::AnchorLink>,
) -> Event<'e> {
    let mut resolved = |dest_url: &str| -> String {
        resolve(dest_url, source, targets).unwrap_or_else(|(message, hint)| {
            let (line, col) = place(offset);
            diags.push(
                Diagnostic::error(source.file, message)
                    .at(line, col)
                    .hint(hint),
            );
            dest_url.to_string()
        })
    };
    let mut anchor = |dest_url: &str| {
        if let Some((target, fragment)) = anchor_target(dest_url, source, targets) {
            let (line, col) = place(offset);
            links.push(crate::anchors::AnchorLink {
                line,
                col,
                target,
                fragment,
            });
        }
    };
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            anchor(&dest_url);
            let dest_url = CowStr::from(resolved(&dest_url));
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = CowStr::from(resolved(&dest_url));
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        // Raw HTML: relative `src` and `href` values are links like Markdown's.
        Event::Html(html) => Event::Html(CowStr::from(rewrite_raw_html(&html, &mut |url| {
            anchor(url);
            resolved(url)
        }))),
        Event::InlineHtml(html) => {
            Event::InlineHtml(CowStr::from(rewrite_raw_html(&html, &mut |url| {
                anchor(url);
                resolved(url)
            })))
        }
        other => other,
    }
}

/// `html` with every `src="..."` / `href="..."` value (double- or single-quoted) passed
/// through `resolve`; the values are HTML-escaped as written and decoded for resolving.
pub fn rewrite_raw_html(html: &str, resolve: &mut dyn FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let at = ["src=", "href=", "SRC=", "HREF="]
            .iter()
            .filter_map(|attr| {
                rest.match_indices(attr)
                    .find(|(i, _)| {
                        // An attribute name starts after white space.
                        rest[..*i].ends_with(|c: char| c.is_whitespace())
                    })
                    .map(|(i, a)| (i, a.len()))
            })
            .min();
        let Some((i, len)) = at else { break };
        let value_at = i + len;
        let quote = rest[value_at..].chars().next();
        let Some(q @ ('"' | '\'')) = quote else {
            out.push_str(&rest[..value_at]);
            rest = &rest[value_at..];
            continue;
        };
        let Some(end) = rest[value_at + 1..].find(q) else {
            break;
        };
        let raw = &rest[value_at + 1..value_at + 1 + end];
        let url = raw.replace("&amp;", "&");
        out.push_str(&rest[..=value_at]);
        // Inline data and protocol-relative URLs are no site paths.
        if url.starts_with("data:") || url.starts_with("//") {
            out.push_str(raw);
        } else {
            out.push_str(&crate::markup::escape_html(&resolve(&url)));
        }
        out.push(q);
        rest = &rest[value_at + 2 + end..];
    }
    out.push_str(rest);
    out
}

/// For a link with a fragment: the site-relative URL of the page it names (`None` for the
/// same page) and the fragment. Links that do not resolve to a page, external links and
/// links without a fragment give `None`.
fn anchor_target(
    dest: &str,
    source: &MarkdownSource,
    targets: &LinkTargets,
) -> Option<(Option<String>, String)> {
    let (path, fragment) = dest.split_once('#')?;
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("//") {
        return None;
    }
    if path.is_empty() {
        return Some((None, fragment.to_string()));
    }
    let url = if let Some(root_rel) = path.strip_prefix('/') {
        format!("/{}{root_rel}", source.lang_prefix)
    } else {
        let dir = source.file.parent().unwrap_or(Path::new(""));
        targets.pages.get(&normalize(&dir.join(path)))?.clone()
    };
    Some((Some(url), fragment.to_string()))
}

/// A link as written → the URL to emit, or (message, hint).
pub fn resolve(
    dest: &str,
    source: &MarkdownSource,
    targets: &LinkTargets,
) -> Result<String, (String, String)> {
    let is_external =
        dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("tel:");
    if is_external || dest.starts_with('#') || dest.is_empty() {
        return Ok(dest.to_string());
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let with_fragment = |url: String| match fragment {
        Some(f) => format!("{url}#{f}"),
        None => url,
    };
    if let Some(root_rel) = path.strip_prefix('/') {
        let site_url = format!("/{}{root_rel}", source.lang_prefix);
        let known =
            targets.generated.contains(&site_url) || targets.pages.values().any(|u| *u == site_url);
        if !known {
            if let Some((draft, _)) = targets.drafts.iter().find(|(_, url)| **url == site_url) {
                return Err(crate::link::drafts::link_to_left_out_draft(dest, draft));
            }
            return Err((
                format!("broken link: `{dest}` is not a page of this site"),
                "link to a generated page such as /compare/ or /choose/, or to an article by its relative .md path".into(),
            ));
        }
        return Ok(with_fragment(join_path(targets.base_path, &site_url)));
    }
    let dir = source.file.parent().unwrap_or(Path::new(""));
    let target = normalize(&dir.join(path));
    if path.ends_with(".md") {
        return match targets.pages.get(&target) {
            Some(url) => Ok(with_fragment(join_path(targets.base_path, url))),
            None if targets.drafts.contains_key(&target) => {
                Err(crate::link::drafts::link_to_left_out_draft(path, &target))
            }
            None => Err((
                format!(
                    "broken link: `{path}` resolves to {}, which does not exist",
                    target.display()
                ),
                "check the file name; links are relative to the folder of the file that holds them"
                    .into(),
            )),
        };
    }
    if let Some(stem) = path.strip_suffix(".html") {
        let md = normalize(&dir.join(format!("{stem}.md")));
        if targets.pages.contains_key(&md) {
            return Err((
                format!("broken link: `{path}` is no file of this site; pages are linked by their .md source"),
                format!(
                    "write `{stem}.md{}`: {} sits next to this file",
                    fragment.map(|f| format!("#{f}")).unwrap_or_default(),
                    md.display()
                ),
            ));
        }
    }
    match targets.assets.get(&target) {
        Some(url) => Ok(with_fragment(join_path(targets.base_path, url))),
        None => Err((
            format!("broken link: `{path}` is neither an article (.md) nor a file under content/"),
            "link to articles by their .md path, or to generated pages with a root path like /compare/".into(),
        )),
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    PathBuf::from(out.to_string_lossy().replace('\\', "/"))
}

/// A heading id that keeps letters of every script: `训练成本` stays `训练成本`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            slug.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '.')
            && !slug.ends_with('-')
            && !slug.is_empty()
        {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "section".into()
    } else {
        slug
    }
}

fn unique_id(wanted: &str, used: &mut BTreeSet<String>) -> String {
    let mut candidate = wanted.to_string();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        candidate = format!("{wanted}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_body(body: &str) -> (RenderedMarkdown, Vec<Diagnostic>) {
        let mut pages = BTreeMap::new();
        pages.insert(
            PathBuf::from("content/en/architectures/resnet.md"),
            "/architectures/resnet/".to_string(),
        );
        let generated: BTreeSet<String> = ["/compare/".to_string()].into();
        let assets = BTreeMap::new();
        let targets = LinkTargets {
            pages: &pages,
            assets: &assets,
            generated: &generated,
            base_path: "/kb/",
            drafts: &BTreeMap::new(),
        };
        let source = MarkdownSource {
            file: Path::new("content/en/guides/x.md"),
            body,
            body_line: 5,
            lang_prefix: "",
            title: "",
        };
        render(&source, &targets)
    }

    #[test]
    fn chinese_heading_ids_keep_their_characters() {
        let (out, _) = render_body("## 训练成本\n\n## 训练成本\n");
        assert_eq!(out.toc[0].id, "训练成本");
        assert_eq!(out.toc[1].id, "训练成本-1");
        assert!(out.html.contains("id=\"训练成本\""));
    }

    #[test]
    fn relative_md_links_become_urls() {
        let (out, diags) = render_body(
            "See [ResNet](../architectures/resnet.md#costs) and [the table](/compare/).\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert!(
            out.html
                .contains("href=\"/kb/architectures/resnet/#costs\""),
            "{}",
            out.html
        );
        assert!(out.html.contains("href=\"/kb/compare/\""), "{}", out.html);
    }

    #[test]
    fn broken_link_is_an_error_at_its_line() {
        let (_, diags) = render_body("text\n\nSee [x](../architectures/nope.md).\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, Some(7));
        assert!(diags[0].message.contains("nope.md"));
    }

    #[test]
    fn raw_html_links_resolve_like_markdown_links() {
        let mut pages = BTreeMap::new();
        pages.insert(
            PathBuf::from("content/en/architectures/resnet.md"),
            "/architectures/resnet/".to_string(),
        );
        let mut assets = BTreeMap::new();
        assets.insert(
            PathBuf::from("content/en/guides/img/x.svg"),
            "/guides/img/x.svg".to_string(),
        );
        let generated = BTreeSet::new();
        let targets = LinkTargets {
            pages: &pages,
            assets: &assets,
            generated: &generated,
            base_path: "/kb/",
            drafts: &BTreeMap::new(),
        };
        let source = MarkdownSource {
            file: Path::new("content/en/guides/x.md"),
            body: "<img src=\"img/x.svg\" alt=\"x\">\n\nSee <a href='../architectures/resnet.md#top'>ResNet</a>, \
                   <img src=\"data:image/png;base64,AA\"> and <a href=\"https://example.com/\">out</a>.\n",
            body_line: 1,
            lang_prefix: "",
            title: "X",
        };
        let (out, diags) = render(&source, &targets);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(
            out.html.contains("<img src=\"/kb/guides/img/x.svg\""),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("href='/kb/architectures/resnet/#top'"),
            "{}",
            out.html
        );
        assert!(out.html.contains("src=\"data:image/png;base64,AA\""));
        assert!(out.html.contains("href=\"https://example.com/\""));
        assert_eq!(out.title_id, "x");
        assert_eq!(out.anchor_links.len(), 1);
        assert_eq!(
            out.anchor_links[0].target.as_deref(),
            Some("/architectures/resnet/")
        );
    }

    #[test]
    fn a_heading_never_takes_the_title_id() {
        let mut source_pages = BTreeMap::new();
        source_pages.insert(PathBuf::from("a.md"), "/a/".to_string());
        let (empty, generated) = (BTreeMap::new(), BTreeSet::new());
        let targets = LinkTargets {
            pages: &source_pages,
            assets: &empty,
            generated: &generated,
            base_path: "/",
            drafts: &BTreeMap::new(),
        };
        let source = MarkdownSource {
            file: Path::new("content/en/guides/x.md"),
            body: "## ResNet\n",
            body_line: 1,
            lang_prefix: "",
            title: "ResNet",
        };
        let (out, _) = render(&source, &targets);
        assert_eq!(out.title_id, "resnet");
        assert_eq!(out.toc[0].id, "resnet-1");
    }

    #[test]
    fn gfm_extensions_render() {
        let (out, _) = render_body("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: A footnote.\n");
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("<del>old</del>"));
        assert!(out.html.contains("checkbox"));
        assert!(out.html.contains("footnote"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("When to use it?"), "when-to-use-it");
        assert_eq!(slugify("GPT-2 与 BERT"), "gpt-2-与-bert");
    }
}
