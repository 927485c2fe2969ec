//! Holds docs/templates.md and the context types together: every variable the document
//! names for a template is in that template's serialised context, and every variable in
//! the context is documented. The document lists them in a fixed form this file parses:
//! under `## Every page` and under each `### \`<template>.html\`` heading, a table whose
//! first column names variables in backticks (`site.languages[].code`: a field of each
//! element of a list; `t.<key>`: any key).

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The variables the document names, by template; `""` holds those of every page.
pub(super) fn documented(doc: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut section: Option<String> = None;
    for line in doc.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            section = heading
                .trim()
                .strip_prefix('`')
                .and_then(|h| h.strip_suffix('`'))
                .filter(|h| h.ends_with(".html"))
                .map(str::to_string);
        } else if let Some(heading) = line.strip_prefix("## ") {
            section = (heading.trim() == "Every page").then(String::new);
        } else if let (Some(template), Some(row)) = (&section, line.strip_prefix("| `")) {
            let first_cell = row.split(" |").next().unwrap_or("");
            let names = out.entry(template.clone()).or_default();
            for name in format!("`{first_cell}").split('`').skip(1).step_by(2) {
                names.insert(name.to_string());
            }
        }
    }
    out
}

/// Every path in `value`: `site`, `site.title`, `site.languages[].code` (over every
/// element of a list, so the variants of a list's items all count).
pub(super) fn paths(value: &Value) -> BTreeSet<String> {
    fn walk(value: &Value, path: &str, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    out.insert(child_path.clone());
                    walk(child, &child_path, out);
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, &format!("{path}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(value, "", &mut out);
    out
}

/// `site.languages[].code` → `site.languages`.
fn parent(path: &str) -> Option<&str> {
    path.rsplit_once('.')
        .map(|(head, _)| head.strip_suffix("[]").unwrap_or(head))
}

/// Whether documented `name` names `path`; a `<key>` segment stands for any key.
fn names(name: &str, path: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (name.split('.').collect(), path.split('.').collect());
    a.len() == b.len() && a.iter().zip(&b).all(|(n, p)| n == p || n.starts_with('<'))
}

/// `name` and every path above it: `site.languages[].code`, `site.languages`, `site`.
fn with_ancestors(name: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(name), |n| parent(n))
}

/// What the document and the context disagree on: names documented but absent from every
/// context of the template, and paths present but not documented. A path counts as
/// documented when the document names it or something inside it, or names its parent
/// without naming any of the parent's fields (the parent's shape is then told in words).
pub(super) fn disagreements(
    documented: &BTreeSet<String>,
    actual: &BTreeSet<String>,
) -> (Vec<String>, Vec<String>) {
    let missing = documented
        .iter()
        .filter(|d| !actual.iter().any(|a| names(d, a)))
        .cloned()
        .collect();
    let is_named = |path: &str| {
        documented
            .iter()
            .any(|d| with_ancestors(d).any(|n| names(n, path)))
    };
    let has_named_fields = |path: &str| {
        documented
            .iter()
            .any(|d| parent(d).is_some_and(|p| names(p, path)))
    };
    let undocumented = actual
        .iter()
        .filter(|a| !covered(a, &is_named, &has_named_fields))
        .cloned()
        .collect();
    (missing, undocumented)
}

/// Named, or inside something covered whose fields the document leaves to words.
fn covered(path: &str, is_named: &dyn Fn(&str) -> bool, has_fields: &dyn Fn(&str) -> bool) -> bool {
    is_named(path)
        || parent(path).is_some_and(|p| covered(p, is_named, has_fields) && !has_fields(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DOC: &str = "\
## Every page

| name | what |
| --- | --- |
| `lang` | the code |
| `t.<key>` | strings |
| `site.title`, `site.languages[].code` | from config |

## Per template

### `home.html`

| name | what |
| --- | --- |
| `families` | cards, `{id, name}` each |
| `guides[].title` | summaries |

### `other.md`

| `not_a_template` | ignored |
";

    #[test]
    fn the_document_is_read_per_template() {
        let doc = documented(DOC);
        let every: Vec<&str> = doc[""].iter().map(String::as_str).collect();
        assert_eq!(
            every,
            ["lang", "site.languages[].code", "site.title", "t.<key>"]
        );
        let home: Vec<&str> = doc["home.html"].iter().map(String::as_str).collect();
        assert_eq!(home, ["families", "guides[].title"]);
        assert_eq!(doc.len(), 2, "{doc:?}");
    }

    fn check(doc_names: &[&str], context: Value) -> (Vec<String>, Vec<String>) {
        let doc: BTreeSet<String> = doc_names.iter().map(|s| (*s).to_string()).collect();
        disagreements(&doc, &paths(&context))
    }

    #[test]
    fn a_matching_pair_agrees() {
        let context = json!({
            "lang": "en",
            "t": {"a": "A", "b": "B"},
            "site": {"title": "KB", "languages": [{"code": "en"}, {"code": "zh"}]},
            "families": [{"id": "cnn", "name": "CNN"}],
        });
        let doc = [
            "lang",
            "t.<key>",
            "site.title",
            "site.languages[].code",
            "families",
        ];
        assert_eq!(check(&doc, context), (vec![], vec![]));
    }

    #[test]
    fn a_renamed_field_is_reported_on_both_sides() {
        // The document still says `bench_rows`; the context sends `bench_groups`.
        let context = json!({"lang": "en", "bench_groups": []});
        let (missing, undocumented) = check(&["lang", "bench_rows"], context);
        assert_eq!(missing, ["bench_rows"]);
        assert_eq!(undocumented, ["bench_groups"]);
    }

    #[test]
    fn a_new_field_of_a_documented_object_must_be_documented() {
        let context = json!({"site": {"title": "KB", "author": "me", "languages": [{"code": "en", "name": "English"}]}});
        let (missing, undocumented) = check(&["site.title", "site.languages[].code"], context);
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(undocumented, ["site.author", "site.languages[].name"]);
    }

    #[test]
    fn an_object_documented_in_words_covers_its_fields() {
        let context = json!({"arch": {"id": "resnet", "facets": [{"field": "tasks"}]}});
        assert_eq!(check(&["arch"], context), (vec![], vec![]));
    }
}

#[cfg(test)]
mod bundled_site {
    use super::*;
    use crate::render::context::{generated_jobs, render_content_pages, LangContext};

    /// The paths of every page's context of the bundled site, by template, in every
    /// language and for both asset modes (integrity values exist only when fingerprinted).
    fn contexts_by_template() -> BTreeMap<String, BTreeSet<String>> {
        let (site, theme) = crate::views::test_site::bundled_with_theme();
        let links = crate::render::LinkIndex::new(site);
        let targets = links.targets();
        let bodies: Vec<_> = site
            .pages
            .iter()
            .map(|p| crate::render::page_markdown(site, p, &targets).0)
            .collect();
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut diags = crate::diag::Diagnostics::default();
        let assets = crate::render::asset_manifest(theme, crate::output::Target::Site);
        for lang in &site.config.languages {
            let lang = LangContext::new(site, theme, &assets, lang, &mut diags);
            let mut jobs = render_content_pages(site, &lang, &bodies, |job| job);
            jobs.extend(generated_jobs(site, &lang));
            for job in jobs {
                out.entry(job.template.to_string())
                    .or_default()
                    .extend(paths(&job.context.json()));
            }
        }
        out
    }

    #[test]
    fn docs_templates_md_names_exactly_the_variables_each_template_gets() {
        let doc = documented(include_str!("../../../docs/templates.md"));
        let every_page = doc.get("").cloned().unwrap_or_default();
        assert!(!every_page.is_empty(), "no `## Every page` table found");
        let actual = contexts_by_template();
        let mut problems = Vec::new();
        for template in doc.keys().filter(|t| !t.is_empty()) {
            if !actual.contains_key(template) {
                problems.push(format!("`{template}` is documented but no page uses it"));
            }
        }
        for (template, paths) in &actual {
            let Some(own) = doc.get(template) else {
                problems.push(format!("`{template}` has no `### `{template}`` section"));
                continue;
            };
            let names: BTreeSet<String> = every_page.union(own).cloned().collect();
            let (missing, undocumented) = disagreements(&names, paths);
            if !missing.is_empty() {
                problems.push(format!(
                    "`{template}`: documented, not in the context: {missing:?}"
                ));
            }
            if !undocumented.is_empty() {
                problems.push(format!(
                    "`{template}`: in the context, not documented: {undocumented:?}"
                ));
            }
        }
        assert!(
            problems.is_empty(),
            "docs/templates.md:\n{}",
            problems.join("\n")
        );
    }
}
