//! The module graph has no circle: every stage depends only on the ones below it.
//!
//! Reads every `src/**/*.rs`, collects the `crate::` and `super::` paths each module names
//! outside comments, strings and its `#[cfg(test)] mod tests`, resolves each to the deepest
//! module it names, and fails with the circle spelled out if there is one. A child module
//! depends on its parent only where it names something of the parent (`super::Localized`);
//! being declared inside it is not a dependency. The finder itself is tested on small
//! made-up graphs, so this test can fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn the_module_graph_has_no_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    read_modules(&src, &src, &mut sources);
    assert!(
        sources.contains_key("render") && sources.contains_key("render::markdown"),
        "the crate's modules were not found under {}",
        src.display()
    );
    let graph = module_graph(&sources);
    let circles = circles(&graph);
    assert!(
        circles.is_empty(),
        "the module graph has {} circle(s):\n{}\nmove the shared item down into a leaf (markup, model) or let lib.rs call the later stage",
        circles.len(),
        circles
            .iter()
            .map(|c| format!("  {}", c.join(" → ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_circle_of_three_is_found_and_named() {
    let sources = modules(&[
        ("a", "use crate::b::Thing;"),
        ("b", "use crate::{d::{Leaf, Other}, c::Thing as T};"),
        (
            "c",
            "use crate::a;\nuse crate::d::Leaf;\nfn f(x: &crate::d::Leaf) {}",
        ),
        (
            "d",
            "// use crate::a::NotReally;\nconst S: &str = \"crate::a::Nope\";",
        ),
    ]);
    let graph = module_graph(&sources);
    assert_eq!(
        graph["d"],
        BTreeSet::new(),
        "comments and strings are not uses"
    );
    assert_eq!(
        graph["b"],
        BTreeSet::from(["c".to_string(), "d".to_string()]),
        "every member of a nested group is a use"
    );
    assert_eq!(circles(&graph), vec![vec!["a", "b", "c", "a"]]);
}

#[test]
fn a_child_depends_on_its_parent_only_when_it_uses_it() {
    let sources = modules(&[
        (
            "model",
            "pub mod page;\npub use page::Page;\nfn f() { crate::model::page::g(); }",
        ),
        ("model::page", "use super::super::diag::Diagnostic;"),
        ("diag", ""),
    ]);
    let graph = module_graph(&sources);
    assert_eq!(graph["model::page"], BTreeSet::from(["diag".to_string()]));
    assert!(circles(&graph).is_empty());

    let sources = modules(&[
        ("model", "fn f() { crate::model::page::g(); }"),
        ("model::page", "use super::Localized;"),
    ]);
    assert_eq!(
        circles(&module_graph(&sources)),
        vec![vec!["model", "model::page", "model"]]
    );
}

#[test]
fn test_modules_lifetimes_and_char_literals_do_not_confuse_the_reader() {
    let sources = modules(&[
        (
            "a",
            "fn f<'a>(x: &'a str) -> char { let q = '\"'; crate::b::g(x); q }\n#[cfg(test)]\nmod tests {\n    use crate::c::Fixture;\n}\n",
        ),
        ("b", ""),
        ("c", "use crate::a::f;"),
    ]);
    let graph = module_graph(&sources);
    assert_eq!(graph["a"], BTreeSet::from(["b".to_string()]));
    assert!(circles(&graph).is_empty());
}

fn modules(list: &[(&str, &str)]) -> BTreeMap<String, String> {
    list.iter()
        .map(|(m, t)| ((*m).to_string(), (*t).to_string()))
        .collect()
}

/// `src/render/markdown.rs` → `render::markdown`, `src/render/mod.rs` → `render`; the crate
/// root (`lib.rs`) and the binary (`main.rs`) are the top and are left out.
fn read_modules(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_modules(root, &path, out);
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts.last().map(String::as_str) == Some("mod") {
            parts.pop();
        }
        let name = parts.join("::");
        if name == "lib" || name == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a readable source file");
        out.insert(name, text);
    }
}

/// Each module → the modules it names.
fn module_graph(sources: &BTreeMap<String, String>) -> Graph {
    let names: BTreeSet<&str> = sources.keys().map(String::as_str).collect();
    let mut graph = Graph::new();
    for (module, text) in sources {
        let code = code_only(text);
        let mut targets = BTreeSet::new();
        for path in paths(&code) {
            let Some(absolute) = absolute(module, &path) else {
                continue;
            };
            if let Some(target) = deepest_module(&names, &absolute) {
                if target != module {
                    targets.insert(target.to_string());
                }
            }
        }
        graph.insert(module.clone(), targets);
    }
    graph
}

/// The source without comments, string and char literals, and without the test module,
/// whose `super::` means something else and which may reach anywhere.
fn code_only(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r' && matches!(next, Some('#' | '"')) && !ident_before(&chars, i) {
            // A raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    _ => j += 1,
                }
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A char literal ('x', '\'', '\u{1f}'), or else a lifetime, which is kept.
            let end = if next == Some('\\') {
                (i + 2..chars.len().min(i + 12)).find(|&j| chars[j] == '\'' && j > i + 2)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            if let Some(end) = end {
                out.push_str("' '");
                i = end + 1;
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// Every `crate::…` and `super::…` path, with each `{a, b::{c, d}}` group spread into one
/// path per member.
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start).map(|i| i + from) {
            from = at + start.len();
            let before = at.checked_sub(1).map(|i| bytes[i]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':') {
                continue;
            }
            expand("", &code[at..], &mut out);
        }
    }
    out
}

/// Reads one path at the start of `text` under `prefix`, spreading a `{...}` group.
fn expand(prefix: &str, text: &str, out: &mut Vec<String>) {
    let text = text.trim_start();
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    let head = text[..end].trim_end_matches(':');
    let full = match (prefix.is_empty(), head.is_empty() || head == "self") {
        (true, _) => head.to_string(),
        (false, true) => prefix.to_string(),
        (false, false) => format!("{prefix}::{head}"),
    };
    if !(text[..end].ends_with("::") && text[end..].starts_with('{')) {
        if !full.is_empty() {
            out.push(full);
        }
        return;
    }
    // Split the group at its top-level commas.
    let group = &text[end + 1..];
    let mut depth = 0;
    let mut member_start = 0;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                expand(&full, &group[member_start..i], out);
                return;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand(&full, &group[member_start..i], out);
                member_start = i + 1;
            }
            _ => {}
        }
    }
}

/// `super::x` in `model::page` → `model::x`; `crate::a::b` → `a::b`. `None` when the path
/// climbs above the crate.
fn absolute(module: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
    if parts.first() == Some(&"crate") {
        parts.remove(0);
        return Some(parts.join("::"));
    }
    let mut base: Vec<&str> = module.split("::").collect();
    while parts.first() == Some(&"super") {
        parts.remove(0);
        base.pop()?;
    }
    base.extend(parts);
    Some(base.join("::"))
}

/// The deepest module that `path` starts with (`render::markdown::render` → `render::markdown`).
fn deepest_module<'a>(names: &BTreeSet<&'a str>, path: &str) -> Option<&'a str> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .find_map(|n| names.get(parts[..n].join("::").as_str()).copied())
}

/// One circle per strongly connected component of more than one module, written as a path
/// that starts and ends at the component's first module (`a → b → c → a`).
fn circles(graph: &Graph) -> Vec<Vec<String>> {
    let components = strongly_connected(graph);
    components
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|component| {
            let inside: BTreeSet<&str> = component.iter().map(String::as_str).collect();
            let start = component[0].as_str();
            let mut path = vec![start.to_string()];
            let mut seen = BTreeSet::from([start]);
            walk_back_to(graph, &inside, start, start, &mut path, &mut seen);
            path
        })
        .collect()
}

/// Depth-first search inside one component for a way from `at` back to `start`.
fn walk_back_to<'a>(
    graph: &'a Graph,
    inside: &BTreeSet<&str>,
    start: &str,
    at: &str,
    path: &mut Vec<String>,
    seen: &mut BTreeSet<&'a str>,
) -> bool {
    for next in &graph[at] {
        if next == start {
            path.push(start.to_string());
            return true;
        }
        if inside.contains(next.as_str()) && seen.insert(next.as_str()) {
            path.push(next.clone());
            if walk_back_to(graph, inside, start, next, path, seen) {
                return true;
            }
            path.pop();
        }
    }
    false
}

/// Tarjan's algorithm; each component's modules sorted.
fn strongly_connected(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !graph.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            component.sort();
            s.out.push(component);
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.out.sort();
    state.out
}
