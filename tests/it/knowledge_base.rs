//! The bundled knowledge base itself: complete in every language, consistent, and built
//! without a single warning.

use crate::harness::repo_root;
use archkb::model::{Outcome, PageKind};
use archkb::BuildOptions;

fn bundled() -> archkb::SiteBuild {
    archkb::check(&BuildOptions::new(repo_root())).expect("no plumbing failure")
}

#[test]
fn the_bundled_site_builds_with_zero_warnings() {
    let outcome = archkb::load_and_render(&BuildOptions::new(repo_root())).unwrap();
    assert!(
        outcome.diagnostics.is_empty(),
        "{}",
        outcome.diagnostics.render_text()
    );
}

#[test]
fn every_architecture_has_data_and_an_article_in_every_language() {
    let outcome = bundled();
    let site = outcome.site.expect("the bundled site is valid");
    assert!(
        site.architectures.len() >= 18 + 8,
        "families and at least 18 models"
    );
    for arch in &site.architectures {
        for lang in &site.config.languages {
            let page = site.page(lang, &format!("architectures/{}", arch.id));
            let page = page.unwrap_or_else(|| panic!("{} has no {lang} article", arch.id));
            assert!(
                page.body.split_whitespace().count() > 60 || page.body.chars().count() > 400,
                "{} {lang} article is a stub",
                arch.id
            );
        }
        assert!(!arch.record.papers.is_empty(), "{} cites no paper", arch.id);
    }
    for page in site.pages.iter().filter(|p| p.kind == PageKind::Article) {
        if let Some(id) = page.architecture_id() {
            assert!(
                site.architecture(id).is_some(),
                "{} has no data",
                page.file.display()
            );
        }
    }
}

#[test]
fn every_decision_leaf_names_an_architecture_with_an_article() {
    let site = bundled().site.unwrap();
    let mut leaves = 0;
    for q in &site.decision.questions {
        for a in &q.answers {
            if let Outcome::Recommend { architectures, .. } = &a.outcome {
                leaves += 1;
                for id in architectures {
                    for lang in &site.config.languages {
                        assert!(
                            site.page(lang, &format!("architectures/{id}")).is_some(),
                            "{id} ({lang}) recommended by {}",
                            a.id
                        );
                    }
                }
            }
        }
    }
    assert!(leaves >= 10);
    let recommended = site.decision.recommended();
    for family in site
        .architectures
        .iter()
        .filter(|a| a.record.kind == archkb::model::ArchKind::Family)
    {
        let reached = recommended.contains(&family.id.as_str())
            || site.architectures.iter().any(|m| {
                m.record.family.as_deref() == Some(&family.id)
                    && recommended.contains(&m.id.as_str())
            });
        assert!(
            reached,
            "family {} is not reachable from the decision tree",
            family.id
        );
    }
}

#[test]
fn every_facet_value_used_is_defined() {
    let site = bundled().site.unwrap();
    for arch in &site.architectures {
        for (field, vocabulary, value) in arch.facet_values() {
            let vocab = site.facets.vocabulary(vocabulary).unwrap();
            assert!(
                vocab.values.get(value).is_some(),
                "{}.{field} = {value}",
                arch.id
            );
        }
    }
}

#[test]
fn every_glossary_term_appears_in_an_article_of_each_language() {
    let site = bundled().site.unwrap();
    assert!(site.glossary.len() >= 25);
    for term in &site.glossary {
        for lang in &site.config.languages {
            let name = &term.names[lang];
            let mut spellings = vec![name.to_lowercase()];
            if lang == "en" {
                spellings.extend(term.aliases.iter().map(|a| a.to_lowercase()));
            }
            let found = site
                .pages
                .iter()
                .filter(|p| &p.lang == lang)
                .any(|p| spellings.iter().any(|s| p.body.to_lowercase().contains(s)));
            assert!(
                found,
                "glossary term `{}` ({lang}: {name}) appears in no {lang} article",
                term.id
            );
        }
    }
}

/// The bench models that no published source covers yet: each is owed a GPU run (or a
/// transcription). A model leaves this list when its results land, and a new bench model
/// without results must join it on purpose.
const BENCH_MODELS_OWED_RESULTS: &[&str] = &[
    "bert-base-mlm",
    "bilstm-tagger",
    "conv-autoencoder",
    "conv-vae",
    "dcgan-64",
    "ddpm-unet-32",
    "dqn-nature",
    "efficientnet-b0",
    "gpt2-small",
    "gru-lm",
    "lstm-lm",
    "sac-mlp",
    "vit-b16",
];

/// This test used to pass as long as data/bench/ held anything at all.
#[test]
fn every_bench_model_of_the_bundled_site_has_results() {
    let site = bundled().site.unwrap();
    let with_results: std::collections::BTreeSet<&str> = site
        .bench
        .iter()
        .flat_map(|f| f.record.results.iter().map(|r| r.model.as_str()))
        .collect();
    let mut without = Vec::new();
    let mut owed_but_present = Vec::new();
    for arch in &site.architectures {
        for model in &arch.record.bench_models {
            let owed = BENCH_MODELS_OWED_RESULTS.contains(&model.as_str());
            match (with_results.contains(model.as_str()), owed) {
                (false, false) => without.push(format!("{model} (of {})", arch.id)),
                (true, true) => owed_but_present.push(model.clone()),
                _ => {}
            }
        }
    }
    assert!(
        without.is_empty(),
        "bench models with no result row in data/bench/: {}",
        without.join(", ")
    );
    assert!(
        owed_but_present.is_empty(),
        "these have results now; take them off BENCH_MODELS_OWED_RESULTS: {}",
        owed_but_present.join(", ")
    );
    let listed: Vec<&String> = site
        .architectures
        .iter()
        .flat_map(|a| &a.record.bench_models)
        .collect();
    for owed in BENCH_MODELS_OWED_RESULTS {
        assert!(
            listed.iter().any(|m| m == owed),
            "`{owed}` is owed results but no architecture lists it"
        );
    }
}

/// The GPU harness's model → architecture map (`bench/gpu/schema.py` MODEL_ARCH, which it
/// validates its output with) and the architectures' `bench_models` were two sources of
/// truth that nothing compared.
#[test]
fn the_harness_model_map_and_the_bench_models_agree() {
    let python = std::process::Command::new("python3")
        .current_dir(repo_root().join("bench/gpu"))
        .args([
            "-c",
            "import json, schema; print(json.dumps(schema.MODEL_ARCH, sort_keys=True))",
        ])
        .output();
    let Ok(python) = python else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide python3 (see .ci/run)"
        );
        eprintln!("skipping: python3 is not installed");
        return;
    };
    assert!(
        python.status.success(),
        "{}",
        String::from_utf8_lossy(&python.stderr)
    );
    let harness: std::collections::BTreeMap<String, String> =
        serde_json::from_slice(&python.stdout).expect("MODEL_ARCH as JSON");
    let site = bundled().site.unwrap();
    let yaml: std::collections::BTreeMap<String, String> = site
        .architectures
        .iter()
        .flat_map(|a| {
            a.record
                .bench_models
                .iter()
                .map(|m| (m.clone(), a.id.clone()))
        })
        .collect();
    let mut problems = Vec::new();
    for (model, arch) in &harness {
        match yaml.get(model) {
            None => problems.push(format!(
                "schema.py maps `{model}` to `{arch}`, but no data/architectures/*.yaml lists it in bench_models"
            )),
            Some(listed) if listed != arch => problems.push(format!(
                "schema.py maps `{model}` to `{arch}`, but data/architectures/{listed}.yaml lists it"
            )),
            Some(_) => {}
        }
    }
    for (model, arch) in &yaml {
        if !harness.contains_key(model) {
            problems.push(format!(
                "data/architectures/{arch}.yaml lists `{model}`, but schema.py's MODEL_ARCH does not"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A plain `params` is shown as it is on every language's pages, so it may hold figures and
/// model names but no English words ("(retriever plus generator)" showed on Chinese pages):
/// those are written as `{en, zh}`.
#[test]
fn plain_parameter_counts_hold_no_words_to_translate() {
    let site = bundled().site.unwrap();
    let mut worded = Vec::new();
    for arch in &site.architectures {
        if let archkb::model::architecture::ParamsText::Plain(text) = &arch.record.params {
            let has_word = text
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase()));
            if has_word {
                worded.push(format!("{}: {text}", arch.file.display()));
            }
        }
    }
    assert!(
        worded.is_empty(),
        "write these as {{en, zh}}: {}",
        worded.join("; ")
    );
}

/// CommonMark does not close `**` after CJK punctuation when a letter follows (`**标题：**正文`),
/// so the markers would show on the page; the bundled content must not trip on it.
#[test]
fn no_page_shows_literal_emphasis_markers() {
    let outcome = archkb::load_and_render(&BuildOptions::new(repo_root())).unwrap();
    let rendered = outcome.rendered.expect("the bundled site renders");
    for (path, bytes) in &rendered.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let mut text = html.to_string();
        for (open, close) in [
            ("<pre", "</pre>"),
            ("<code", "</code>"),
            ("<script", "</script>"),
        ] {
            while let Some(start) = text.find(open) {
                let end = text[start..]
                    .find(close)
                    .map_or(text.len(), |e| start + e + close.len());
                text.replace_range(start..end, "");
            }
        }
        assert!(!text.contains("**"), "{path} shows literal ** markers");
    }
}

/// Facet values that may have no member yet, each with the entry that will fill it. Once
/// that entry lands, its value has members and the test below asks for it to leave this list.
const FACET_VALUES_AWAITING_AN_ENTRY: &[(&str, &str, &str)] = &[];

/// A filter that can only ever return nothing misleads the reader who clicks it.
#[test]
fn every_facet_value_has_at_least_one_member() {
    let site = bundled().site.unwrap();
    let mut empty = Vec::new();
    for (vocabulary, vocab) in site.facets.all() {
        for value in vocab.values.keys() {
            let members: Vec<&str> = site
                .architectures
                .iter()
                .filter(|a| {
                    a.facet_values()
                        .iter()
                        .any(|(_, v, x)| *v == vocabulary && *x == value)
                })
                .map(|a| a.id.as_str())
                .collect();
            let awaited = FACET_VALUES_AWAITING_AN_ENTRY
                .iter()
                .find(|(v, x, _)| *v == vocabulary && *x == value);
            match (members.is_empty(), awaited) {
                (true, None) => empty.push(format!("{vocabulary}: {value}")),
                (false, Some((_, _, entry))) => panic!(
                    "{vocabulary}: {value} has members now ({}): remove it from \
                     FACET_VALUES_AWAITING_AN_ENTRY ({entry})",
                    members.join(", ")
                ),
                _ => {}
            }
        }
    }
    assert!(
        empty.is_empty(),
        "facet values with no architecture: {}",
        empty.join("; ")
    );
}

/// One sentence of prose as a reader sees it: the text (link targets and code fences left
/// out, inline code kept), the phrases in single emphasis, and the links with their text.
#[derive(Debug, Default)]
struct Sentence {
    text: String,
    emphasis: Vec<String>,
    links: Vec<(String, String)>,
}

/// Splits Markdown into sentences, block by block, so that a URL's dots never end one.
fn sentences(markdown: &str) -> Vec<Sentence> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    #[derive(Default)]
    struct Block {
        text: String,
        emphasis: Vec<(usize, usize)>,
        links: Vec<(usize, usize, String)>,
    }
    fn flush(block: &mut Block, out: &mut Vec<Sentence>) {
        let block = std::mem::take(block);
        let mut start = 0;
        let mut ends = Vec::new();
        let chars: Vec<(usize, char)> = block.text.char_indices().collect();
        for (i, &(at, c)) in chars.iter().enumerate() {
            let next_is_space = chars.get(i + 1).map_or(true, |(_, n)| n.is_whitespace());
            if matches!(c, '。' | '！' | '？') || (matches!(c, '.' | '!' | '?') && next_is_space)
            {
                ends.push(at + c.len_utf8());
            }
        }
        ends.push(block.text.len());
        for end in ends {
            if end <= start {
                continue;
            }
            let inside = |a: usize| a >= start && a < end;
            let sentence = Sentence {
                text: block.text[start..end].trim().to_string(),
                emphasis: block
                    .emphasis
                    .iter()
                    .filter(|(a, _)| inside(*a))
                    .map(|(a, b)| block.text[*a..*b].trim().to_string())
                    .collect(),
                links: block
                    .links
                    .iter()
                    .filter(|(a, _, _)| inside(*a))
                    .map(|(a, b, dest)| (block.text[*a..*b].to_string(), dest.clone()))
                    .collect(),
            };
            if !sentence.text.is_empty() {
                out.push(sentence);
            }
            start = end;
        }
    }

    let mut out = Vec::new();
    let mut block = Block::default();
    let mut open_emphasis = Vec::new();
    let mut open_links = Vec::new();
    let mut in_code_block = false;
    for event in Parser::new_ext(markdown, Options::all()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::Heading { .. }
                | Tag::TableCell
                | Tag::BlockQuote(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => flush(&mut block, &mut out),
            Event::Start(Tag::Emphasis) => open_emphasis.push(block.text.len()),
            Event::End(TagEnd::Emphasis) => {
                if let Some(a) = open_emphasis.pop() {
                    block.emphasis.push((a, block.text.len()));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                open_links.push((block.text.len(), dest_url.to_string()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((a, dest)) = open_links.pop() {
                    block.links.push((a, block.text.len(), dest));
                }
            }
            Event::Text(t) | Event::Code(t) if !in_code_block => block.text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => block.text.push(' '),
            _ => {}
        }
    }
    flush(&mut block, &mut out);
    out
}

/// Lower case, one kind of dash, single spaces: how a term is compared with the glossary.
fn normalized_term(term: &str) -> String {
    term.to_lowercase()
        .replace(['–', '—'], "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The terms a sentence sends the reader to the glossary for: the phrases in *emphasis* in a
/// sentence that links /glossary/, and the text of a /glossary/ link that names a term
/// (`a pretrained [encoder](/glossary/)`). `Err` when the sentence lists terms in plain text,
/// which no check can read: name them in emphasis.
fn glossary_references(sentence: &Sentence) -> Result<Vec<String>, String> {
    let glossary_links: Vec<&(String, String)> = sentence
        .links
        .iter()
        .filter(|(_, dest)| dest.starts_with("/glossary/"))
        .collect();
    if glossary_links.is_empty() {
        return Ok(Vec::new());
    }
    let mut terms = sentence.emphasis.clone();
    for (text, _) in glossary_links {
        let generic = ["glossary", "/glossary/", "the glossary", "术语表"];
        if !generic.contains(&normalized_term(text).as_str()) {
            terms.push(text.clone());
        }
    }
    // "X and Y are defined in …", "terms such as X", "the glossary defines X, Y", "X、Y 等术语".
    let names_a_pair = [" are defined in", " are explained in", " are in the"]
        .iter()
        .filter_map(|p| sentence.text.find(p))
        .any(|at| sentence.text[..at].contains(" and "));
    let lists_terms = names_a_pair
        || ["such as", " defines ", "等术语", "、"]
            .iter()
            .any(|p| sentence.text.contains(p));
    if terms.is_empty() && lists_terms {
        return Err(format!(
            "names glossary terms in plain text; put each in *emphasis*: {}",
            sentence.text
        ));
    }
    Ok(terms)
}

#[test]
fn glossary_references_are_read_from_emphasis_and_link_text() {
    let s = sentences(
        "An RNN carries state. Terms such as *hidden state* and *BPTT* are in the \
         [/glossary/](/glossary/). Fine-tune a pretrained [encoder](/glossary/) first.",
    );
    assert_eq!(s.len(), 3, "{s:?}");
    assert_eq!(glossary_references(&s[0]).unwrap(), Vec::<String>::new());
    assert_eq!(
        glossary_references(&s[1]).unwrap(),
        ["hidden state", "BPTT"]
    );
    assert_eq!(glossary_references(&s[2]).unwrap(), ["encoder"]);
    let plain = sentences("CRF and BIO tagging are defined in the [/glossary/](/glossary/).");
    assert!(glossary_references(&plain[0]).is_err());
    let plain_zh = sentences("吞吐量、延迟等术语的定义见[术语表](/glossary/)。");
    assert!(glossary_references(&plain_zh[0]).is_err());
    let generic =
        sentences("文中术语的定义见[术语表](/glossary/)。Terms are in the [glossary](/glossary/).");
    assert!(generic
        .iter()
        .all(|s| glossary_references(s) == Ok(Vec::new())));
}

/// "X is defined in the glossary" must be true: every term a page points to is a glossary
/// term (its name in the page's language or in English, or an alias).
#[test]
fn every_term_an_article_sends_to_the_glossary_is_in_it() {
    let site = bundled().site.unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in &site.pages {
        let known: Vec<String> = site
            .glossary
            .iter()
            .flat_map(|t| {
                [page.lang.as_str(), "en"]
                    .into_iter()
                    .filter_map(|l| t.names.get(l))
                    .chain(&t.aliases)
                    .map(|s| normalized_term(s))
                    .collect::<Vec<_>>()
            })
            .collect();
        for sentence in sentences(&page.body) {
            match glossary_references(&sentence) {
                Err(e) => problems.push(format!("{}: {e}", page.file.display())),
                Ok(terms) => {
                    for term in terms {
                        checked += 1;
                        if !known.contains(&normalized_term(&term)) {
                            problems.push(format!(
                                "{}: `{term}` is not in data/glossary.yaml",
                                page.file.display()
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(checked >= 30, "only {checked} glossary references found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The bench models whose figures a measured results file backs: written by the harness
/// (`source.kind: measured`), not transcribed from a published source.
fn measured_bench_models(site: &archkb::model::Site) -> Vec<String> {
    use archkb::model::bench::{BenchSource, RunStatus};
    site.bench
        .iter()
        .filter(|f| f.record.source == BenchSource::Measured)
        .flat_map(|f| &f.record.results)
        .filter(|r| r.status == RunStatus::Ok)
        .map(|r| r.model.clone())
        .collect()
}

/// Whether a sentence claims this project measured something: it speaks of measuring and
/// points at the project's own figures (first person, the benchmarks page, a bench model
/// id). "Measure on your own data" is advice, not a claim.
fn claims_own_measurement(
    text: &str,
    lang: &str,
    bench_models: &[&str],
    links: &[(String, String)],
) -> bool {
    let lower = text.to_lowercase();
    let (measuring, ours) = if lang == "zh" {
        let measuring = ["实测", "测得", "测量", "自测"]
            .iter()
            .any(|w| lower.contains(w));
        let ours = ["我们", "本项目", "本知识库"]
            .iter()
            .any(|w| lower.contains(w));
        (measuring, ours)
    } else {
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .collect();
        let measuring = words
            .iter()
            .any(|w| w.starts_with("measured") || w.starts_with("measurement"));
        let ours = words
            .iter()
            .any(|w| ["we", "our", "ours", "us"].contains(w))
            || ["this project", "the project's", "this knowledge base"]
                .iter()
                .any(|p| lower.contains(p));
        (measuring, ours)
    };
    let points_at_figures = links.iter().any(|(_, d)| d.starts_with("/benchmarks/"))
        || bench_models.iter().any(|m| text.contains(m));
    measuring && (ours || points_at_figures)
}

#[test]
fn the_measured_claim_check_tells_claims_from_advice() {
    let models = ["vit-b16", "resnet50"];
    let claim = |md: &str, lang: &str| {
        sentences(md)
            .iter()
            .any(|s| claims_own_measurement(&s.text, lang, &models, &s.links))
    };
    assert!(claim(
        "Our measured throughput for `vit-b16` is on the [benchmarks page](/benchmarks/).",
        "en"
    ));
    assert!(claim(
        "GPU throughput, both measured by us and transcribed from published sources.",
        "en"
    ));
    assert!(claim(
        "Measured numbers for ViT-B/16 are on the [benchmarks page](/benchmarks/).",
        "en"
    ));
    assert!(claim(
        "我们自己的实测数据见[基准测试页面](/benchmarks/)。",
        "zh"
    ));
    assert!(claim("既有我们实测的数据，也有摘录的数据。", "zh"));
    assert!(!claim(
        "ConvNeXt narrows this gap, so measure on your own data.",
        "en"
    ));
    assert!(!claim(
        "The baseline every other vision model is measured against.",
        "en"
    ));
    assert!(!claim("请在自己的数据上实测。", "zh"));
    assert!(!claim(
        "Published figures are on the [benchmarks page](/benchmarks/).",
        "en"
    ));
}

/// "Measured" (实测, 我们测得) stands only beside figures a measured bench file backs: every
/// file in data/bench/ today is transcribed from a published source, so no page may claim
/// the project measured anything until the GPU harness has written its results.
#[test]
fn measured_appears_only_beside_figures_a_measured_bench_file_backs() {
    let site = bundled().site.unwrap();
    let backed = measured_bench_models(&site);
    let all_models: Vec<&str> = site
        .architectures
        .iter()
        .flat_map(|a| a.record.bench_models.iter().map(String::as_str))
        .collect();
    let is_backed = |text: &str, own: &[String]| {
        backed
            .iter()
            .any(|m| text.contains(m.as_str()) || own.contains(m))
    };
    let mut problems = Vec::new();
    for page in &site.pages {
        let own: Vec<String> = page
            .architecture_id()
            .and_then(|id| site.architecture(id))
            .map(|a| a.record.bench_models.clone())
            .unwrap_or_default();
        for s in sentences(&page.body) {
            if claims_own_measurement(&s.text, &page.lang, &all_models, &s.links)
                && !is_backed(&s.text, &own)
            {
                problems.push(format!("{}: {}", page.file.display(), s.text));
            }
        }
    }
    for arch in &site.architectures {
        let r = &arch.record;
        for lang in &site.config.languages {
            let mut strings: Vec<&str> = vec![r.summary.text(lang), r.compute_note.text(lang)];
            if let Some(note) = &r.parallelism_note {
                strings.push(note.text(lang));
            }
            for list in [&r.strengths, &r.weaknesses, &r.avoid_when] {
                strings.extend(list.get(lang).into_iter().flatten().map(String::as_str));
            }
            for s in strings.iter().flat_map(|t| sentences(t)) {
                if claims_own_measurement(&s.text, lang, &all_models, &s.links)
                    && !is_backed(&s.text, &r.bench_models)
                {
                    problems.push(format!("{} ({lang}): {}", arch.file.display(), s.text));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "claims of our own measurements that no measured bench file backs:\n{}",
        problems.join("\n")
    );
}

/// The bench numbers of the bundled site read right: issue "Benchmark numbers that read wrong".
#[test]
fn bundled_bench_figures_say_their_scope_and_never_mix_units() {
    let site = crate::harness::TestSite::bundled();
    site.build();
    // A per-GPU Llama figure was shown as if for the whole 8-GPU system.
    let csv = site.output("compare/architectures.csv");
    assert!(
        csv.contains("30,624 tokens/s per GPU · 8× NVIDIA B200 · fp8"),
        "the GPT headline says per GPU: {csv}"
    );
    let gpt = site.output("architectures/gpt/index.html");
    assert!(
        gpt.contains("128 global"),
        "Megatron-Bridge's batch is global"
    );
    assert!(gpt.contains("2 per GPU"), "torchtitan's batch is per GPU");
    // Tacotron 2 in mel frames/s (DeepLearningExamples) and items/s (Lambda): two charts.
    let lstm = site.output("architectures/lstm/index.html");
    for chart in lstm
        .split("<svg")
        .skip(1)
        .filter(|c| c.contains("bench-chart"))
    {
        let chart = &chart[..chart.find("</svg>").unwrap()];
        let units = ["mel frames/s", "items/s", "tokens/s"]
            .iter()
            .filter(|u| chart.contains(&format!(">{u}</text>")))
            .count();
        assert_eq!(units, 1, "one unit per chart: {chart}");
    }
    // BERT at sequence length 128 and 512 no longer share a label.
    let bert = site.output("architectures/bert/index.html");
    assert!(bert.contains(">tf32 · seq 128</text>") && bert.contains(">tf32 · seq 512</text>"));
    // Whole-node figures name their GPU count; no run date is invented for a source
    // that gives none.
    let resnet = site.output("architectures/resnet/index.html");
    assert!(resnet.contains("24,479 images/s, all 8 GPUs"));
    assert!(resnet.contains("run date not stated · published 2025-12-10 · read 2026-11-28"));
    let zh = site.output("zh/architectures/resnet/index.html");
    assert!(zh.contains("24,479 图像/秒（8 卡合计）") && zh.contains("图像分类，ImageNet"));
}
