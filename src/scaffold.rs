//! `archkb init`, `archkb new architecture` and `archkb new language`: stubs an author
//! fills in. Everything they write builds as it is, so a new site or architecture can be
//! previewed at once, and `archkb check` finds nothing to warn about in a fresh site: a
//! translation stub records the version of the source it matches (`translated_from`).

use crate::diag::Diagnostic;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

mod language;
pub use language::{new_language, LanguageAdded};

const FACETS: &str = include_str!("../data/facets.yaml");

const CONFIG: &str = r#"# Site configuration: see docs/content-model.md in the archkb repository.
title: {en: My architecture guide, zh: 我的模型架构指南}
description: {en: "Which model architecture fits which job.", zh: "什么任务适合什么模型架构。"}
base_url: "http://127.0.0.1:1111/"
languages: [en, zh]
theme: default
author: ""
"#;

const DECISION: &str = r#"start: data
questions:
  data:
    text: {en: "What data do you have?", zh: "你的数据是什么类型？"}
    answers:
      - label: {en: "Images", zh: "图像"}
        recommend: [example]
        reason: {en: "A placeholder: replace it with a real recommendation.", zh: "占位示例：请换成真实的推荐。"}
"#;

const GLOSSARY: &str = r#"terms:
  - id: architecture
    en: architecture
    zh: 架构
    definition: {en: "The structure of a model: its layers and how they connect.", zh: "模型的结构：由哪些层组成、如何连接。"}
"#;

const HOME_EN: &str = "---\ntitle: My architecture guide\nsummary: Which model architecture fits which job.\n---\n\nStart with the [example architecture](architectures/example.md).\n";
const HOME_ZH: &str = "---\ntitle: 我的模型架构指南\nsummary: 什么任务适合什么模型架构。\n---\n\n从[示例架构](architectures/example.md)开始。\n";

/// Writes a new site into `dir`, which must be empty or absent. Returns the file count.
pub fn init(dir: &Path) -> Result<usize> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!(
            "{} is not empty; init writes only into a new or empty folder",
            dir.display()
        );
    }
    let mut files: Vec<(PathBuf, String)> = vec![
        ("config.yaml".into(), CONFIG.into()),
        ("data/facets.yaml".into(), FACETS.into()),
        ("data/decision.yaml".into(), DECISION.into()),
        ("data/glossary.yaml".into(), GLOSSARY.into()),
        ("content/en/_index.md".into(), HOME_EN.into()),
        (
            "content/zh/_index.md".into(),
            translation_of(HOME_ZH, HOME_EN),
        ),
    ];
    files.extend(architecture_stubs(
        "example",
        &["en".to_string(), "zh".to_string()],
    ));
    for (rel, text) in &files {
        write_new(&dir.join(rel), text)?;
    }
    Ok(files.len())
}

/// Adds `data/architectures/<id>.yaml` and an article per language. An invalid or taken
/// id is a diagnostic, not a plumbing failure.
pub fn new_architecture(root: &Path, id: &str) -> Result<Result<Vec<PathBuf>, Diagnostic>> {
    let config_text = std::fs::read_to_string(root.join("config.yaml"))
        .with_context(|| format!("reading {}", root.join("config.yaml").display()))?;
    let config: crate::model::Config =
        match crate::parse::yaml::YamlDoc::whole(Path::new("config.yaml"), &config_text).parse() {
            Ok(c) => c,
            Err(d) => return Ok(Err(d)),
        };
    if !crate::parse::is_valid_id(id) {
        return Ok(Err(Diagnostic::error(
            format!("data/architectures/{id}.yaml"),
            format!("`{id}` is not a valid id"),
        )
        .hint("use lowercase letters, digits and `-`, e.g. `state-space`")));
    }
    let files = architecture_stubs(id, &config.languages);
    for (rel, _) in &files {
        if root.join(rel).exists() {
            return Ok(Err(Diagnostic::error(rel, "already exists")
                .hint("choose another id, or edit the existing file")));
        }
    }
    for (rel, text) in &files {
        write_new(&root.join(rel), text)?;
    }
    Ok(Ok(files.into_iter().map(|(p, _)| p).collect()))
}

fn architecture_stubs(id: &str, languages: &[String]) -> Vec<(PathBuf, String)> {
    let localized = |text: &str| {
        let items: Vec<String> = languages
            .iter()
            .map(|l| format!("{l}: \"{text}\""))
            .collect();
        format!("{{{}}}", items.join(", "))
    };
    let list = |text: &str| {
        let items: Vec<String> = languages
            .iter()
            .map(|l| format!("{l}: [\"{text}\"]"))
            .collect();
        format!("{{{}}}", items.join(", "))
    };
    let data = format!(
        "# The facts of `{id}`; see docs/content-model.md for every field.\nkind: family\nname: {}\nsummary: {}\nyear: 2024\ndata_types: [image]\ntasks: [classification]\ntraining_compute: medium\ninference_compute: low\ncompute_note: {}\nparallelism: parallel\ngeneration: none\nparams: \"1M–10M\"\nstrengths: {}\nweaknesses: {}\navoid_when: {}\nalternatives: []\npapers: []\nimplementations: []\nbench_models: []\n",
        localized(id),
        localized("One sentence: what it is and what it is for."),
        localized("What training and serving cost, in GPUs and hours."),
        list("A strength."),
        list("A weakness."),
        list("When not to use it."),
    );
    let mut files = vec![(PathBuf::from(format!("data/architectures/{id}.yaml")), data)];
    let article = format!("---\ntitle: \"{id}\"\nsummary: One sentence for lists and search results.\ndraft: false\n---\n\n## When to choose it\n\nWrite here.\n");
    for (index, lang) in languages.iter().enumerate() {
        // The first language is the default: the others are its (identical) translations.
        let text = if index == 0 {
            article.clone()
        } else {
            translation_of(&article, &article)
        };
        files.push((
            PathBuf::from(format!("content/{lang}/architectures/{id}.md")),
            text,
        ));
    }
    files
}

/// `translation` (an article starting with `---`) with `translated_from:` set to the
/// version of `source`, so `check` knows the stub matches the source it was made with.
pub(crate) fn translation_of(translation: &str, source: &str) -> String {
    let body = crate::parse::front_matter::split(Path::new("stub.md"), source);
    match (body, translation.strip_prefix("---\n")) {
        (Ok((_, body, _)), Some(rest)) => {
            let hash = crate::translation::source_hash(body);
            format!("---\ntranslated_from: {hash}\n{rest}")
        }
        // Not reached with the built-in stubs; a stub without the field still builds.
        _ => translation.to_string(),
    }
}

fn write_new(path: &Path, text: impl AsRef<[u8]>) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
