//! The article's body as inline-styled HTML, written straight from its Markdown events.
//!
//! The body is parsed with the site's Markdown options and its links resolved the way the
//! site resolves them (`render::markdown::resolve`), then made absolute. The writer follows
//! pulldown-cmark's own HTML writer (its line breaks, its escaping), so the export reads
//! like the page, but every element carries its look in a `style` attribute, headings lose
//! their ids and anchors, code is highlighted with inline colours and task-list boxes
//! become ☐ / ☑. Raw HTML an author wrote passes through as written, its `href` and `src`
//! made absolute.

use super::highlight::highlight_inline;
use super::links::absolute_url;
use super::style::style_for;
use crate::markup::escape_html;
use crate::model::{Page, Site};
use crate::render::markdown::{self, LinkTargets, MarkdownSource};
use crate::render::LinkIndex;
use pulldown_cmark::{Alignment, CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::fmt::Write;

/// The body of `page`, inline-styled, every link absolute.
pub fn body_html(site: &Site, page: &Page) -> String {
    let index = LinkIndex::new(site);
    let targets: LinkTargets = index.targets();
    let prefix = site.config.lang_prefix(&page.lang);
    let source = MarkdownSource::of_page(page, &prefix);
    // A link the site could not resolve stopped the build before export; keep it as written.
    let link = |dest: &str| {
        let resolved =
            markdown::resolve(dest, &source, &targets).unwrap_or_else(|_| dest.to_string());
        absolute_url(site, page, &encode_href(&resolved))
    };
    let raw = |html: &str| {
        markdown::rewrite_raw_html(html, &mut |url| {
            let resolved =
                markdown::resolve(url, &source, &targets).unwrap_or_else(|_| url.to_string());
            absolute_url(site, page, &resolved)
        })
    };
    let fragment = |name: &str| absolute_url(site, page, &format!("#{name}"));
    styled_html(
        &page.body,
        &Links {
            link: &link,
            fragment: &fragment,
            raw: &raw,
        },
    )
}

/// `body` (Markdown) as inline-styled HTML, its URLs made absolute by `links`.
fn styled_html(body: &str, links: &Links) -> String {
    let events: Vec<Event> = Parser::new_ext(body, markdown::options()).collect();
    let mut writer = Writer::default();
    writer.run(&events, links);
    writer.out
}

/// A URL as pulldown-cmark writes it into `href`: bytes outside its safe set percent-encoded
/// (`&` and `'` stay, they are escaped as HTML when written).
fn encode_href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for (i, c) in url.char_indices() {
        let unsafe_ascii = c.is_ascii()
            && (c <= ' '
                || c == '\u{7f}'
                || matches!(
                    c,
                    '"' | '<' | '>' | '[' | '\\' | ']' | '`' | '{' | '|' | '}'
                ));
        if unsafe_ascii || !c.is_ascii() {
            for byte in url[i..i + c.len_utf8()].bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Body text as pulldown-cmark escapes it: `&`, `<` and `>` only.
fn escape_body_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The index of the event that ends the element `events[start]` opens.
fn matching_end(events: &[Event], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, event) in events.iter().enumerate().skip(start + 1) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return j,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    events.len()
}

/// The text of an image's description, for its `alt`.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push(' '),
            Event::TaskListMarker(true) => text.push_str("[x]"),
            Event::TaskListMarker(false) => text.push_str("[ ]"),
            _ => {}
        }
    }
    text
}

/// How the writer makes URLs absolute: a Markdown destination, a footnote's fragment, and
/// the URLs inside raw HTML.
struct Links<'a> {
    link: &'a dyn Fn(&str) -> String,
    fragment: &'a dyn Fn(&str) -> String,
    raw: &'a dyn Fn(&str) -> String,
}

/// pulldown-cmark's HTML writer, with a style on every element that has a look.
#[derive(Default)]
struct Writer {
    out: String,
    /// Whether the output ends a line, so a block starts without an extra line break.
    ends_line: bool,
    in_table_head: bool,
    alignments: Vec<Alignment>,
    cell: usize,
    /// Footnote numbers by name, in order of first mention.
    footnotes: HashMap<String, usize>,
}

impl Writer {
    fn write(&mut self, text: &str) {
        if !text.is_empty() {
            self.out.push_str(text);
            self.ends_line = text.ends_with('\n');
        }
    }

    /// `<tag style="...">` (no attribute when the tag has no look), on a new line if
    /// `block` and the output does not end one.
    fn open(&mut self, tag: &str, class: &str, extra_style: Option<&str>, block: bool) {
        if block && !self.ends_line && !self.out.is_empty() {
            self.write("\n");
        }
        let mut style = style_for(tag, class);
        if let Some(extra) = extra_style {
            if !style.is_empty() {
                style.push(';');
            }
            style.push_str(extra);
        }
        let tag = if style.is_empty() {
            format!("<{tag}>")
        } else {
            format!("<{tag} style=\"{}\">", escape_html(&style))
        };
        self.write(&tag);
    }

    fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(name.to_string()).or_insert(next)
    }

    fn run(&mut self, events: &[Event], links: &Links) {
        let link = links.link;
        self.ends_line = true;
        let mut i = 0;
        while i < events.len() {
            match &events[i] {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    let lang = info.split([' ', ',', '{']).next().unwrap_or("").trim();
                    let mut code = String::new();
                    i += 1;
                    while i < events.len() && !matches!(events[i], Event::End(TagEnd::CodeBlock)) {
                        if let Event::Text(t) = &events[i] {
                            code.push_str(t);
                        }
                        i += 1;
                    }
                    // Like the site's highlighted block: raw HTML, so no line break before.
                    let block = highlight_inline(&code, lang);
                    self.write(&block);
                    self.write("\n");
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let end = matching_end(events, i);
                    let alt = plain_text(&events[i + 1..end]);
                    let mut tag = format!(
                        "<img src=\"{}\" alt=\"{}\"",
                        escape_html(&link(dest_url)),
                        escape_html(&alt)
                    );
                    if !title.is_empty() {
                        let _ = write!(tag, " title=\"{}\"", escape_html(title));
                    }
                    let _ = write!(tag, " style=\"{}\" />", escape_html(&style_for("img", "")));
                    self.write(&tag);
                    i = end;
                }
                Event::Start(tag) => self.start(tag, link),
                Event::End(tag) => self.end(*tag),
                Event::Text(text) => self.write(&escape_body_text(text)),
                Event::Code(text) => {
                    self.open("code", "", None, false);
                    self.write(&escape_body_text(text));
                    self.write("</code>");
                }
                Event::Html(html) | Event::InlineHtml(html) => self.write(&(links.raw)(html)),
                Event::SoftBreak => self.write("\n"),
                Event::HardBreak => self.write("<br />\n"),
                Event::Rule => {
                    if !self.ends_line {
                        self.write("\n");
                    }
                    let style = escape_html(&style_for("hr", ""));
                    self.write(&format!("<hr style=\"{style}\" />\n"));
                }
                Event::FootnoteReference(name) => {
                    let number = self.footnote_number(name);
                    self.open("sup", "", None, false);
                    let href = escape_html(&(links.fragment)(name));
                    let style = escape_html(&style_for("a", ""));
                    self.write(&format!(
                        "<a href=\"{href}\" style=\"{style}\">{number}</a></sup>"
                    ));
                }
                Event::TaskListMarker(checked) => {
                    self.write(if *checked { "☑ " } else { "☐ " });
                    self.write("\n");
                }
                Event::InlineMath(text) | Event::DisplayMath(text) => {
                    self.write(&escape_body_text(text));
                }
            }
            i += 1;
        }
    }

    fn start(&mut self, tag: &Tag, link: &dyn Fn(&str) -> String) {
        match tag {
            Tag::Paragraph => self.open("p", "", None, true),
            Tag::Heading { level, .. } => self.open(&level.to_string(), "", None, true),
            Tag::BlockQuote(_) => {
                self.open("blockquote", "", None, true);
                self.write("\n");
            }
            Tag::List(None) => {
                self.open("ul", "", None, true);
                self.write("\n");
            }
            Tag::List(Some(1)) => {
                self.open("ol", "", None, true);
                self.write("\n");
            }
            Tag::List(Some(start)) => {
                if !self.ends_line {
                    self.write("\n");
                }
                let style = escape_html(&style_for("ol", ""));
                self.write(&format!("<ol start=\"{start}\" style=\"{style}\">\n"));
            }
            Tag::Item => self.open("li", "", None, true),
            Tag::Table(alignments) => {
                // The site wraps a table in a scrolling box (raw HTML: no line break before).
                self.open("div", "table-wrap", None, false);
                self.alignments.clone_from(alignments);
                self.open("table", "", None, false);
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.cell = 0;
                self.write("<thead><tr>");
            }
            Tag::TableRow => {
                self.cell = 0;
                self.write("<tr>");
            }
            Tag::TableCell => {
                let align = match self.alignments.get(self.cell) {
                    Some(Alignment::Left) => Some("text-align: left"),
                    Some(Alignment::Center) => Some("text-align: center"),
                    Some(Alignment::Right) => Some("text-align: right"),
                    _ => None,
                };
                let name = if self.in_table_head { "th" } else { "td" };
                self.open(name, "", align, false);
            }
            Tag::Emphasis => self.open("em", "", None, false),
            Tag::Strong => self.open("strong", "", None, false),
            Tag::Strikethrough => self.open("del", "", None, false),
            Tag::Superscript => self.open("sup", "", None, false),
            Tag::Subscript => self.open("sub", "", None, false),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let href = if *link_type == pulldown_cmark::LinkType::Email {
                    format!("mailto:{}", encode_href(dest_url))
                } else {
                    link(dest_url)
                };
                let mut tag = format!("<a href=\"{}\"", escape_html(&href));
                if !title.is_empty() {
                    let _ = write!(tag, " title=\"{}\"", escape_html(title));
                }
                let _ = write!(tag, " style=\"{}\">", escape_html(&style_for("a", "")));
                self.write(&tag);
            }
            Tag::FootnoteDefinition(name) => {
                let number = self.footnote_number(name);
                self.open("div", "footnote", None, true);
                self.open("sup", "", None, false);
                self.write(&format!("{number}</sup>"));
            }
            Tag::DefinitionList => {
                self.open("dl", "", None, true);
                self.write("\n");
            }
            Tag::DefinitionListTitle => self.open("dt", "", None, true),
            Tag::DefinitionListDefinition => self.open("dd", "", None, true),
            Tag::HtmlBlock | Tag::MetadataBlock(_) | Tag::CodeBlock(_) | Tag::Image { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let text = match tag {
            TagEnd::Paragraph => "</p>\n".to_string(),
            TagEnd::Heading(level) => format!("</{level}>\n"),
            TagEnd::Table => "</tbody></table>\n</div>".to_string(),
            TagEnd::TableHead => {
                self.in_table_head = false;
                "</tr></thead><tbody>\n".to_string()
            }
            TagEnd::TableRow => "</tr>\n".to_string(),
            TagEnd::TableCell => {
                self.cell += 1;
                if self.in_table_head { "</th>" } else { "</td>" }.to_string()
            }
            TagEnd::BlockQuote(_) => "</blockquote>\n".to_string(),
            TagEnd::List(true) => "</ol>\n".to_string(),
            TagEnd::List(false) => "</ul>\n".to_string(),
            TagEnd::Item => "</li>\n".to_string(),
            TagEnd::DefinitionList => "</dl>\n".to_string(),
            TagEnd::DefinitionListTitle => "</dt>\n".to_string(),
            TagEnd::DefinitionListDefinition => "</dd>\n".to_string(),
            TagEnd::Emphasis => "</em>".to_string(),
            TagEnd::Strong => "</strong>".to_string(),
            TagEnd::Strikethrough => "</del>".to_string(),
            TagEnd::Superscript => "</sup>".to_string(),
            TagEnd::Subscript => "</sub>".to_string(),
            TagEnd::Link => "</a>".to_string(),
            TagEnd::FootnoteDefinition => "</div>\n".to_string(),
            TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                String::new()
            }
        };
        self.write(&text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(body: &str) -> String {
        let link = |u: &str| format!("https://ex.com{}", encode_href(u));
        let fragment = |name: &str| format!("https://ex.com/page/#{name}");
        let raw = |html: &str| html.to_string();
        styled_html(
            body,
            &Links {
                link: &link,
                fragment: &fragment,
                raw: &raw,
            },
        )
    }

    /// `html` without its `style="..."` attributes (their values are escaped: no quotes).
    fn without_styles(html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(at) = rest.find(" style=\"") {
            out.push_str(&rest[..at]);
            let value = &rest[at + 8..];
            rest = &value[value.find('"').map_or(value.len(), |e| e + 1)..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn headings_lose_ids_and_anchors_and_every_element_carries_its_style() {
        let out =
            export("## Cost\n\n| n |\n|--:|\n| 1 |\n\nSee [the table](/kb/compare/) & `x<y`.");
        assert!(!out.contains("class=") && !out.contains("id="), "{out}");
        assert!(out.starts_with("<h2 style=\"font-size:21px"), "{out}");
        assert!(out.contains(">Cost</h2>"), "{out}");
        assert!(
            out.contains("<div style=\"overflow-x:auto;margin:0 0 16px\"><table style="),
            "{out}"
        );
        assert!(out.contains(";text-align: right\">n</th>"), "{out}");
        assert!(
            out.contains("href=\"https://ex.com/kb/compare/\" style=\"color:"),
            "{out}"
        );
        assert!(
            out.contains("<code style=\"font-family:") && out.contains("x&lt;y"),
            "{out}"
        );
    }

    #[test]
    fn code_is_highlighted_with_inline_colours() {
        let out = export("```rust\nfn main() { let x = \"<b>\"; }\n```\n");
        assert!(!out.contains("class="), "{out}");
        assert!(
            out.starts_with("<pre style=\"background-color:#f6f8fa"),
            "{out}"
        );
        assert!(out.contains("<span style=\"color:#"), "{out}");
        assert!(out.contains("&lt;b&gt;"), "{out}");
    }

    #[test]
    fn task_boxes_footnotes_and_images_read_without_a_stylesheet() {
        let out = export(
            "- [ ] open\n- [x] done\n\nText[^a].\n\n[^a]: The note.\n\n![An *image*](/kb/i.png \"It's\")\n",
        );
        assert!(
            out.contains("☐ \nopen") && out.contains("☑ \ndone"),
            "{out}"
        );
        assert!(
            out.contains(
                "<sup style=\"font-size:12px;line-height:0\"><a href=\"https://ex.com/page/#a\""
            ),
            "{out}"
        );
        assert!(out.contains("<div style=\"font-size:14px;"), "{out}");
        assert!(
            out.contains("<img src=\"https://ex.com/kb/i.png\" alt=\"An image\" title=\"It&#39;s\" style=\"max-width:100%;height:auto\" />"),
            "{out}"
        );
    }

    #[test]
    fn line_breaks_and_nesting_follow_pulldown_cmark() {
        let body = "Para *em* **strong** ~~del~~ [a](/x \"t\") `c`,  \nbreak\nsoft.\n\n\
                    > quote\n>\n> > nested\n\n1. one\n2. two\n   - inner\n\n7. seven\n\n---\n\nend";
        let mut expected = String::new();
        let link = |u: &str| format!("https://ex.com{}", encode_href(u));
        let events = Parser::new_ext(body, markdown::options()).map(|e| match e {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: link(&dest_url).into(),
                title,
                id,
            }),
            e => e,
        });
        pulldown_cmark::html::push_html(&mut expected, events);
        assert_eq!(without_styles(&export(body)), expected);
    }

    #[test]
    fn hrefs_are_percent_encoded_like_pulldown_cmark() {
        assert_eq!(
            encode_href("/a b/中?x=1&y='2'"),
            "/a%20b/%E4%B8%AD?x=1&y='2'"
        );
    }
}
