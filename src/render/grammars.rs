//! Highlighting with tree-sitter grammars for the languages most code blocks are written in
//! (Python, Rust, JavaScript, shell, JSON, C, Go, YAML): several times faster than syntect
//! on the same code, which matters when a site has thousands of blocks. The captures of each
//! grammar's own highlight query are mapped onto the TextMate scope classes (`hl-keyword`,
//! `hl-entity hl-name hl-function`, ...) that syntect's themes colour, so the one generated
//! stylesheet (`highlight::stylesheet`) colours both. Any other language goes to syntect.

use std::cell::RefCell;
use std::sync::OnceLock;
use tree_sitter_highlight::{HighlightConfiguration, Highlighter, HtmlRenderer};

/// The prefix of every highlighting class, here and in syntect's output and stylesheet.
pub(crate) const CLASS_PREFIX: &str = "hl-";

/// One grammar: the fence tokens that name it, the scope syntect gives its source (the
/// class of the block's outer span, which some theme rules are scoped under), its language
/// and highlight query, and whether its `property` captures are keys (YAML).
struct Grammar {
    tokens: &'static [&'static str],
    source_scope: &'static str,
    name: &'static str,
    language: fn() -> tree_sitter::Language,
    query: &'static str,
    keys_are_properties: bool,
}

const GRAMMARS: [Grammar; 8] = [
    Grammar {
        tokens: &["python", "py", "python3"],
        source_scope: "source python",
        name: "python",
        language: || tree_sitter_python::LANGUAGE.into(),
        query: tree_sitter_python::HIGHLIGHTS_QUERY,
        keys_are_properties: false,
    },
    Grammar {
        tokens: &["rust", "rs"],
        source_scope: "source rust",
        name: "rust",
        language: || tree_sitter_rust::LANGUAGE.into(),
        query: tree_sitter_rust::HIGHLIGHTS_QUERY,
        keys_are_properties: false,
    },
    Grammar {
        tokens: &["javascript", "js", "jsx", "mjs", "cjs"],
        source_scope: "source js",
        name: "javascript",
        language: || tree_sitter_javascript::LANGUAGE.into(),
        query: tree_sitter_javascript::HIGHLIGHT_QUERY,
        keys_are_properties: false,
    },
    Grammar {
        tokens: &["bash", "sh", "shell", "zsh"],
        source_scope: "source shell bash",
        name: "bash",
        language: || tree_sitter_bash::LANGUAGE.into(),
        query: tree_sitter_bash::HIGHLIGHT_QUERY,
        keys_are_properties: false,
    },
    Grammar {
        tokens: &["json"],
        source_scope: "source json",
        name: "json",
        language: || tree_sitter_json::LANGUAGE.into(),
        query: tree_sitter_json::HIGHLIGHTS_QUERY,
        keys_are_properties: false,
    },
    Grammar {
        tokens: &["c", "h"],
        source_scope: "source c",
        name: "c",
        language: || tree_sitter_c::LANGUAGE.into(),
        query: tree_sitter_c::HIGHLIGHT_QUERY,
        keys_are_properties: false,
    },
    Grammar {
        tokens: &["go", "golang"],
        source_scope: "source go",
        name: "go",
        language: || tree_sitter_go::LANGUAGE.into(),
        query: tree_sitter_go::HIGHLIGHTS_QUERY,
        keys_are_properties: false,
    },
    Grammar {
        tokens: &["yaml", "yml"],
        source_scope: "source yaml",
        name: "yaml",
        language: || tree_sitter_yaml::LANGUAGE.into(),
        query: tree_sitter_yaml::HIGHLIGHTS_QUERY,
        keys_are_properties: true,
    },
];

/// Capture names the grammars' queries use → the scope classes the themes colour. A
/// capture takes the longest name here that it starts with (`function.method` →
/// `function`); captures not here (`variable`, `punctuation`, `property`) stay plain, as
/// syntect's themes leave them.
const CAPTURES: &[(&str, &str)] = &[
    ("attribute", "entity other attribute-name"),
    ("boolean", "constant language"),
    ("comment", "comment"),
    ("constant", "constant other"),
    ("constant.builtin", "constant language"),
    ("constructor", "support class"),
    ("escape", "constant character escape"),
    ("function", "entity name function"),
    ("function.builtin", "support function"),
    ("function.macro", "support function"),
    ("keyword", "keyword"),
    ("number", "constant numeric"),
    ("operator", "keyword operator"),
    ("string", "string"),
    ("type", "support type"),
    ("type.builtin", "storage type"),
    ("variable.builtin", "variable language"),
    ("variable.parameter", "variable parameter"),
];

/// YAML's keys are `property` captures; in a data file they are what a reader scans for.
const KEY_CAPTURE: (&str, &str) = ("property", "entity name tag");

fn captures(grammar: &Grammar) -> Vec<(&'static str, &'static str)> {
    let mut all = CAPTURES.to_vec();
    if grammar.keys_are_properties {
        all.push(KEY_CAPTURE);
    }
    all
}

/// `scopes` (`entity name function`) as classes (`hl-entity hl-name hl-function`).
fn classes(scopes: &str) -> String {
    let classes: Vec<String> = scopes
        .split(' ')
        .map(|scope| format!("{CLASS_PREFIX}{scope}"))
        .collect();
    classes.join(" ")
}

/// The `class="hl-…"` attribute of each capture.
fn class_attributes(grammar: &Grammar) -> Vec<String> {
    captures(grammar)
        .iter()
        .map(|(_, scopes)| format!("class=\"{}\"", classes(scopes)))
        .collect()
}

struct Loaded {
    config: HighlightConfiguration,
    attributes: Vec<String>,
}

fn configuration(grammar: &Grammar) -> Option<HighlightConfiguration> {
    let mut config =
        HighlightConfiguration::new((grammar.language)(), grammar.name, grammar.query, "", "")
            .ok()?;
    let names: Vec<&str> = captures(grammar).iter().map(|(name, _)| *name).collect();
    config.configure(&names);
    Some(config)
}

/// A grammar's configuration, made once per process (compiling a query takes milliseconds).
fn loaded(index: usize) -> Option<&'static Loaded> {
    static LOADED: [OnceLock<Option<Loaded>>; GRAMMARS.len()] =
        [const { OnceLock::new() }; GRAMMARS.len()];
    let grammar = GRAMMARS.get(index)?;
    LOADED
        .get(index)?
        .get_or_init(|| {
            Some(Loaded {
                config: configuration(grammar)?,
                attributes: class_attributes(grammar),
            })
        })
        .as_ref()
}

thread_local! {
    /// A highlighter holds a parser: one per thread, reused for every block.
    static HIGHLIGHTER: RefCell<Highlighter> = RefCell::new(Highlighter::new());
}

/// The grammar a fence token (any case) names, and its place in [`GRAMMARS`].
fn grammar_for(lang: &str) -> Option<(usize, &'static Grammar)> {
    GRAMMARS.iter().enumerate().find(|(_, grammar)| {
        grammar
            .tokens
            .iter()
            .any(|token| token.eq_ignore_ascii_case(lang))
    })
}

/// `code` as HTML, each capture's span opened with `attributes[capture]`.
fn render(config: &HighlightConfiguration, attributes: &[String], code: &str) -> Option<String> {
    let mut renderer = HtmlRenderer::new();
    HIGHLIGHTER.with(|cell| {
        let mut highlighter = cell.try_borrow_mut().ok()?;
        let events = highlighter
            .highlight(config, code.as_bytes(), None, |_| None)
            .ok()?;
        renderer
            .render(events, code.as_bytes(), &|h, out: &mut Vec<u8>| {
                if let Some(attribute) = attributes.get(h.0) {
                    out.extend_from_slice(attribute.as_bytes());
                }
            })
            .ok()
    })?;
    String::from_utf8(renderer.html).ok()
}

/// The highlighted HTML of `code` (the inside of `<code>`), when `lang` (a fence token,
/// any case) names one of these grammars; `None` sends the block to syntect.
pub(crate) fn highlight(code: &str, lang: &str) -> Option<String> {
    let (index, grammar) = grammar_for(lang)?;
    let loaded = loaded(index)?;
    let inner = render(&loaded.config, &loaded.attributes, code)?;
    Some(format!(
        "<span class=\"{}\">{inner}</span>",
        classes(grammar.source_scope)
    ))
}

/// [`highlight`] with inline colours from `theme` instead of classes, for HTML that travels
/// without the stylesheet (the export for a blog).
pub(crate) fn highlight_inline(
    code: &str,
    lang: &str,
    theme: &syntect::highlighting::Theme,
) -> Option<String> {
    use syntect::highlighting::{FontStyle, Highlighter as ThemeStyles};
    use syntect::parsing::Scope;
    let (index, grammar) = grammar_for(lang)?;
    let loaded = loaded(index)?;
    let styles = ThemeStyles::new(theme);
    let attributes: Vec<String> = captures(grammar)
        .iter()
        .map(|(_, scopes)| {
            let scope = Scope::new(&scopes.replace(' ', ".")).ok();
            let style = styles.style_for_stack(scope.as_slice());
            let c = style.foreground;
            let mut css = format!("color:#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
            if style.font_style.contains(FontStyle::BOLD) {
                css.push_str(";font-weight:bold");
            }
            if style.font_style.contains(FontStyle::ITALIC) {
                css.push_str(";font-style:italic");
            }
            format!("style=\"{css}\"")
        })
        .collect();
    render(&loaded.config, &attributes, code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_gets_the_theme_classes() {
        let html = highlight(
            "import torch\n\n@torch.no_grad()\ndef step(model, x=3):  # one step\n    return \"ok\" if x < 2 else None\n",
            "Python",
        )
        .unwrap();
        assert!(
            html.starts_with("<span class=\"hl-source hl-python\">"),
            "{html}"
        );
        for part in [
            "<span class=\"hl-keyword\">import</span>",
            "<span class=\"hl-keyword\">def</span>",
            "<span class=\"hl-entity hl-name hl-function\">step</span>",
            "<span class=\"hl-comment\"># one step</span>",
            "<span class=\"hl-string\">&quot;ok&quot;</span>",
            "<span class=\"hl-constant hl-numeric\">3</span>",
            "<span class=\"hl-constant hl-language\">None</span>",
            "&lt;",
        ] {
            assert!(html.contains(part), "{part} in {html}");
        }
    }

    #[test]
    fn every_grammar_loads_and_every_token_is_known() {
        for (index, grammar) in GRAMMARS.iter().enumerate() {
            assert!(loaded(index).is_some(), "{}", grammar.name);
            for token in grammar.tokens {
                assert!(highlight("x\n", token).is_some(), "{token}");
            }
        }
        assert!(highlight("x\n", "haskell").is_none());
        assert!(highlight("x\n", "").is_none());
    }

    #[test]
    fn yaml_keys_are_tags() {
        let yaml = highlight("name: resnet\nlayers: 50\n", "yaml").unwrap();
        assert!(
            yaml.contains("<span class=\"hl-entity hl-name hl-tag\">name</span>"),
            "{yaml}"
        );
        let json = highlight("{\"a\": true}\n", "json").unwrap();
        assert!(
            json.contains("<span class=\"hl-string\">&quot;a&quot;</span>"),
            "{json}"
        );
        assert!(
            json.contains("<span class=\"hl-constant hl-language\">true</span>"),
            "{json}"
        );
    }

    #[test]
    fn the_export_gets_the_theme_colours_inline() {
        let theme = &crate::render::highlight::themes().themes["InspiredGitHub"];
        let html = highlight_inline("def f():  # c\n    pass\n", "python", theme).unwrap();
        assert!(!html.contains("class="), "{html}");
        assert!(html.contains("<span style=\"color:#"), "{html}");
        assert!(html.contains("font-weight:bold\">f</span>"), "{html}");
        assert!(highlight_inline("x\n", "haskell", theme).is_none());
    }

    #[test]
    fn markup_in_code_is_escaped() {
        let html = highlight("x = '</code><script>'\n", "python").unwrap();
        assert!(
            !html.contains("<script>") && html.contains("&lt;script&gt;"),
            "{html}"
        );
    }
}
