//! Highlighting with tree-sitter grammars for the languages most code blocks are written in
//! (Python, Rust, JavaScript, shell, JSON, C, Go, YAML): several times faster than syntect
//! on the same code, which matters when a site has thousands of blocks. The captures of each
//! grammar's own highlight query are mapped onto the TextMate scope classes (`hl-keyword`,
//! `hl-entity hl-name hl-function`, ...) that syntect's themes colour, so the one generated
//! stylesheet (`highlight::stylesheet`) colours both. Any other language goes to syntect.

use std::cell::RefCell;
use std::sync::OnceLock;
use tree_sitter_highlight::{HighlightConfiguration, Highlighter, HtmlRenderer};

/// The grammars, in the order of [`GRAMMARS`].
#[derive(Clone, Copy)]
enum Grammar {
    Python,
    Rust,
    JavaScript,
    Shell,
    Json,
    C,
    Go,
    Yaml,
}

/// Each grammar: the fence tokens that name it, and the scope syntect gives its source
/// (the class of the block's outer span, which some theme rules are scoped under).
const GRAMMARS: &[(Grammar, &[&str], &str)] = &[
    (
        Grammar::Python,
        &["python", "py", "python3"],
        "source python",
    ),
    (Grammar::Rust, &["rust", "rs"], "source rust"),
    (
        Grammar::JavaScript,
        &["javascript", "js", "jsx", "mjs", "cjs"],
        "source js",
    ),
    (
        Grammar::Shell,
        &["bash", "sh", "shell", "zsh"],
        "source shell bash",
    ),
    (Grammar::Json, &["json"], "source json"),
    (Grammar::C, &["c", "h"], "source c"),
    (Grammar::Go, &["go", "golang"], "source go"),
    (Grammar::Yaml, &["yaml", "yml"], "source yaml"),
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
const YAML_CAPTURES: &[(&str, &str)] = &[("property", "entity name tag")];

fn captures(grammar: Grammar) -> Vec<(&'static str, &'static str)> {
    let mut all = CAPTURES.to_vec();
    if matches!(grammar, Grammar::Yaml) {
        all.extend_from_slice(YAML_CAPTURES);
    }
    all
}

/// The `class="hl-…"` attribute of each capture, for `prefix` (`hl-`).
fn class_attributes(grammar: Grammar, prefix: &str) -> Vec<String> {
    captures(grammar)
        .iter()
        .map(|(_, scopes)| {
            let classes: Vec<String> = scopes
                .split(' ')
                .map(|scope| format!("{prefix}{scope}"))
                .collect();
            format!("class=\"{}\"", classes.join(" "))
        })
        .collect()
}

struct Loaded {
    config: HighlightConfiguration,
    attributes: Vec<String>,
}

fn configuration(grammar: Grammar) -> Option<HighlightConfiguration> {
    let (language, name, query): (tree_sitter::Language, &str, &str) = match grammar {
        Grammar::Python => (
            tree_sitter_python::LANGUAGE.into(),
            "python",
            tree_sitter_python::HIGHLIGHTS_QUERY,
        ),
        Grammar::Rust => (
            tree_sitter_rust::LANGUAGE.into(),
            "rust",
            tree_sitter_rust::HIGHLIGHTS_QUERY,
        ),
        Grammar::JavaScript => (
            tree_sitter_javascript::LANGUAGE.into(),
            "javascript",
            tree_sitter_javascript::HIGHLIGHT_QUERY,
        ),
        Grammar::Shell => (
            tree_sitter_bash::LANGUAGE.into(),
            "bash",
            tree_sitter_bash::HIGHLIGHT_QUERY,
        ),
        Grammar::Json => (
            tree_sitter_json::LANGUAGE.into(),
            "json",
            tree_sitter_json::HIGHLIGHTS_QUERY,
        ),
        Grammar::C => (
            tree_sitter_c::LANGUAGE.into(),
            "c",
            tree_sitter_c::HIGHLIGHT_QUERY,
        ),
        Grammar::Go => (
            tree_sitter_go::LANGUAGE.into(),
            "go",
            tree_sitter_go::HIGHLIGHTS_QUERY,
        ),
        Grammar::Yaml => (
            tree_sitter_yaml::LANGUAGE.into(),
            "yaml",
            tree_sitter_yaml::HIGHLIGHTS_QUERY,
        ),
    };
    let mut config = HighlightConfiguration::new(language, name, query, "", "").ok()?;
    let names: Vec<&str> = captures(grammar).iter().map(|(name, _)| *name).collect();
    config.configure(&names);
    Some(config)
}

/// A grammar's configuration, made once per process (compiling a query takes milliseconds).
fn loaded(index: usize, grammar: Grammar, prefix: &str) -> Option<&'static Loaded> {
    static LOADED: [OnceLock<Option<Loaded>>; 8] = [const { OnceLock::new() }; 8];
    LOADED
        .get(index)?
        .get_or_init(|| {
            Some(Loaded {
                config: configuration(grammar)?,
                attributes: class_attributes(grammar, prefix),
            })
        })
        .as_ref()
}

thread_local! {
    /// A highlighter holds a parser: one per thread, reused for every block.
    static HIGHLIGHTER: RefCell<Highlighter> = RefCell::new(Highlighter::new());
}

/// The grammar a fence token (any case) names, with its index and source scope.
fn grammar_for(lang: &str) -> Option<(usize, Grammar, &'static str)> {
    let lang = lang.to_ascii_lowercase();
    GRAMMARS
        .iter()
        .enumerate()
        .find(|(_, (_, tokens, _))| tokens.contains(&lang.as_str()))
        .map(|(index, &(grammar, _, scope))| (index, grammar, scope))
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
/// any case) names one of these grammars; `None` sends the block to syntect. `prefix` is
/// the class prefix (`hl-`).
pub(crate) fn highlight(code: &str, lang: &str, prefix: &str) -> Option<String> {
    let (index, grammar, source_scope) = grammar_for(lang)?;
    let loaded = loaded(index, grammar, prefix)?;
    let inner = render(&loaded.config, &loaded.attributes, code)?;
    let outer: Vec<String> = source_scope
        .split(' ')
        .map(|scope| format!("{prefix}{scope}"))
        .collect();
    Some(format!(
        "<span class=\"{}\">{inner}</span>",
        outer.join(" ")
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
    let (index, grammar, _) = grammar_for(lang)?;
    let loaded = loaded(index, grammar, "hl-")?;
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
            "hl-",
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
        for (index, (grammar, tokens, _)) in GRAMMARS.iter().enumerate() {
            assert!(loaded(index, *grammar, "hl-").is_some(), "{tokens:?}");
            for token in *tokens {
                assert!(highlight("x\n", token, "hl-").is_some(), "{token}");
            }
        }
        assert!(highlight("x\n", "haskell", "hl-").is_none());
        assert!(highlight("x\n", "", "hl-").is_none());
    }

    #[test]
    fn yaml_keys_are_tags() {
        let yaml = highlight("name: resnet\nlayers: 50\n", "yaml", "hl-").unwrap();
        assert!(
            yaml.contains("<span class=\"hl-entity hl-name hl-tag\">name</span>"),
            "{yaml}"
        );
        let json = highlight("{\"a\": true}\n", "json", "hl-").unwrap();
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
        let html = highlight("x = '</code><script>'\n", "python", "hl-").unwrap();
        assert!(
            !html.contains("<script>") && html.contains("&lt;script&gt;"),
            "{html}"
        );
    }
}
