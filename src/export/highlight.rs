//! Code as a `<pre>` with inline colours from syntect's light theme, tokenised as the site
//! tokenises it (tree-sitter for the commonest languages, syntect for the rest).

use super::style::{BORDER, MONO, TEXT};
use crate::markup::escape_html;
use crate::render::highlight;

/// Code as a `<pre>` with inline colours from syntect's light theme.
pub fn highlight_inline(code: &str, lang: &str) -> String {
    let pre_style = format!("background-color:#f6f8fa;border:1px solid {BORDER};border-radius:6px;padding:12px 14px;overflow-x:auto;font-family:{MONO};font-size:13px;line-height:1.55;color:{TEXT};white-space:pre");
    let theme = &highlight::themes().themes[highlight::LIGHT_THEME];
    if let Some(body) = crate::render::grammars::highlight_inline(code, lang, theme) {
        let body = highlight::with_contrast(&body, &["#f6f8fa"]);
        return format!("<pre style=\"{pre_style}\">{body}</pre>");
    }
    let set = highlight::syntaxes();
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
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
