//! One mistake per test, made in a copy of the minimal fixture; each snapshot holds the
//! exact diagnostics an author sees: file, line, column, message and hint.

use crate::harness::TestSite;

/// Applies `mistake` to a fresh minimal site and snapshots the diagnostics.
fn diagnose(name: &str, mistake: impl FnOnce(&TestSite)) -> String {
    let site = TestSite::fixture("minimal");
    mistake(&site);
    let text = site.diagnostics();
    assert!(
        text.contains("error:"),
        "{name}: expected an error, got:\n{text}"
    );
    insta::assert_snapshot!(name, text);
    text
}

#[test]
fn yaml_syntax_error() {
    diagnose("yaml_syntax_error", |s| {
        s.replace(
            "data/architectures/resnet.yaml",
            "tasks: [classification]",
            "tasks: [classification",
        );
    });
}

#[test]
fn unclosed_front_matter() {
    diagnose("unclosed_front_matter", |s| {
        s.write(
            "content/en/guides/choosing.md",
            "---\ntitle: Choosing\n\nNo closing line.\n",
        );
    });
}

#[test]
fn unknown_front_matter_field() {
    let text = diagnose("unknown_front_matter_field", |s| {
        s.replace(
            "content/en/guides/choosing.md",
            "weight: 1",
            "weight: 1\nauthor: me",
        );
    });
    assert!(text.contains("content/en/guides/choosing.md:6:1"), "{text}");
}

#[test]
fn unknown_architecture_field() {
    diagnose("unknown_architecture_field", |s| {
        s.replace(
            "data/architectures/resnet.yaml",
            "year: 2015",
            "year: 2015\nyaer: 2016",
        );
    });
}

#[test]
fn unknown_facet_value() {
    diagnose("unknown_facet_value", |s| {
        s.replace(
            "data/architectures/cnn.yaml",
            "training_compute: medium",
            "training_compute: huge",
        );
    });
}

#[test]
fn missing_language() {
    // Without the default language's text there is nothing to show in its place: an error.
    // (A text missing only in another language is a warning: see tests/it/languages.rs.)
    diagnose("missing_language", |s| {
        s.replace("data/architectures/resnet.yaml", "summary: {en: \"A CNN with residual connections.\", zh: \"带残差连接的卷积神经网络。\"}", "summary: {zh: \"带残差连接的卷积神经网络。\"}");
    });
}

#[test]
fn dangling_internal_link() {
    diagnose("dangling_internal_link", |s| {
        s.replace(
            "content/en/guides/choosing.md",
            "[the flowchart](/choose/)",
            "[the flowchart](/choose/) and [LSTM](../architectures/lstm.md)",
        );
    });
}

#[test]
fn link_to_an_unknown_site_page() {
    diagnose("link_to_an_unknown_site_page", |s| {
        s.replace("content/zh/guides/choosing.md", "(/choose/)", "(/chose/)");
    });
}

#[test]
fn invalid_utf8() {
    let site = TestSite::fixture("minimal");
    let mut bytes = site.read("content/en/guides/choosing.md").into_bytes();
    bytes.extend_from_slice(b"\ncaf\xe9\n");
    std::fs::write(site.path().join("content/en/guides/choosing.md"), bytes).unwrap();
    insta::assert_snapshot!("invalid_utf8", site.diagnostics());
}

#[test]
fn template_syntax_error() {
    diagnose("template_syntax_error", |s| {
        s.write(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
        );
    });
}

#[test]
fn duplicate_glossary_id() {
    diagnose("duplicate_glossary_id", |s| {
        let text = s.read("data/glossary.yaml");
        let term = text.split_once("terms:\n").unwrap().1.to_string();
        s.write("data/glossary.yaml", &format!("{text}{term}"));
    });
}

#[test]
fn duplicate_decision_question() {
    diagnose("duplicate_decision_question", |s| {
        let text = s.read("data/decision.yaml");
        s.write(
            "data/decision.yaml",
            &format!("{text}  size:\n    text: {{en: x, zh: x}}\n    answers: []\n"),
        );
    });
}

#[test]
fn bench_model_claimed_twice() {
    diagnose("bench_model_claimed_twice", |s| {
        s.replace(
            "data/architectures/cnn.yaml",
            "bench_models: []",
            "bench_models: [resnet50]",
        );
    });
}

#[test]
fn decision_cycle() {
    let text = diagnose("decision_cycle", |s| {
        s.replace("data/decision.yaml", "      - label: {en: \"Little\", zh: \"很少\"}\n        recommend: [cnn, resnet]\n        reason: {en: \"Fine-tune a pretrained model: ResNet, or any of the Convolutional networks it belongs to.\", zh: \"微调预训练模型：ResNet，或它所属的卷积神经网络中的任何一种。\"}", "      - label: {en: \"Little\", zh: \"很少\"}\n        next: data");
    });
    assert!(
        text.contains("data → size → data"),
        "the cycle is printed: {text}"
    );
}

#[test]
fn unreachable_question() {
    diagnose("unreachable_question", |s| {
        let text = s.read("data/decision.yaml");
        s.write("data/decision.yaml", &format!("{text}  orphan:\n    text: {{en: \"Lost?\", zh: \"迷路了？\"}}\n    answers:\n      - label: {{en: \"Yes\", zh: \"是\"}}\n        recommend: [cnn]\n        reason: {{en: \"x\", zh: \"x\"}}\n"));
    });
}

#[test]
fn dangling_decision_id() {
    diagnose("dangling_decision_id", |s| {
        s.replace("data/decision.yaml", "next: size", "next: sizes");
        s.replace(
            "data/decision.yaml",
            "recommend: [resnet]",
            "recommend: [resnet, lstm]",
        );
    });
}

#[test]
fn answer_without_outcome() {
    diagnose("answer_without_outcome", |s| {
        s.replace("data/decision.yaml", "        next: size\n", "");
    });
}

#[test]
fn architecture_without_article() {
    diagnose("architecture_without_article", |s| {
        s.remove("content/zh/architectures/resnet.md");
    });
}

#[test]
fn article_without_architecture_data() {
    diagnose("article_without_architecture_data", |s| {
        s.remove("data/architectures/resnet.yaml");
    });
}

#[test]
fn bench_unknown_architecture_and_model() {
    diagnose("bench_unknown_architecture_and_model", |s| {
        s.replace(
            "data/bench/test-run.json",
            "\"model\": \"resnet50\", \"architecture\": \"resnet\"",
            "\"model\": \"resnet50\", \"architecture\": \"lstm\"",
        );
        s.replace(
            "data/bench/test-run.json",
            "\"model\": \"resnet50\", \"architecture\": \"resnet\"",
            "\"model\": \"resnet500\", \"architecture\": \"resnet\"",
        );
    });
}

#[test]
fn bench_truncated() {
    diagnose("bench_truncated", |s| {
        s.write(
            "data/bench/broken.json",
            "{\"schema\": \"kb-gpu-bench/2\", \"results\": [ {\"id\": \"x\", ",
        );
    });
}

#[test]
fn bench_unknown_field_and_status_without_message() {
    diagnose("bench_unknown_field", |s| {
        s.replace(
            "data/bench/test-run.json",
            "\"compiled\": false,\n     \"batch_size\": 64",
            "\"compiled\": false, \"speed\": 3,\n     \"batch_size\": 64",
        );
    });
    diagnose("bench_failure_without_message", |s| {
        s.replace(
            "data/bench/test-run.json",
            "\"message\": \"CUDA out of memory (fixture)\"",
            "\"message\": null",
        );
    });
}

#[test]
fn config_unknown_key() {
    diagnose("config_unknown_key", |s| {
        s.replace("config.yaml", "author: Tests", "author: Tests\nbaseurl: x");
    });
}

#[test]
fn every_problem_is_reported_in_one_run_sorted() {
    let text = diagnose("several_problems", |s| {
        s.replace(
            "data/architectures/cnn.yaml",
            "training_compute: medium",
            "training_compute: huge",
        );
        s.replace(
            "data/architectures/resnet.yaml",
            "alternatives: [cnn]",
            "alternatives: [cnn, rnn]",
        );
        s.replace(
            "content/en/guides/choosing.md",
            "(/choose/)",
            "(missing.md)",
        );
    });
    let files: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort_unstable();
    assert_eq!(files, sorted);
    assert!(files.len() >= 3);
}

#[test]
fn bench_throughput_without_scope() {
    let text = diagnose("bench_throughput_without_scope", |s| {
        s.replace(
            "data/bench/test-run.json",
            ", \"throughput_scope\": \"per_gpu\"",
            "",
        );
    });
    assert!(
        text.contains("data/bench/test-run.json:9:6: error: result 1 (`resnet50`) gives a throughput without `throughput_scope`"),
        "{text}"
    );
}

#[test]
fn bench_batch_size_without_scope() {
    let text = diagnose("bench_batch_size_without_scope", |s| {
        s.replace(
            "data/bench/test-run.json",
            "\"batch_size\": 512, \"batch_size_scope\": \"per_gpu\",",
            "\"batch_size\": 512,",
        );
    });
    assert!(
        text.contains("data/bench/test-run.json:14:6: error: result 2 (`resnet50`) gives `batch_size` without `batch_size_scope`"),
        "{text}"
    );
}

#[test]
fn bench_scope_misspelt() {
    let text = diagnose("bench_scope_misspelt", |s| {
        s.replace(
            "data/bench/test-run.json",
            "\"throughput_scope\": \"per_gpu\"",
            "\"throughput_scope\": \"per-gpu\"",
        );
    });
    assert!(
        text.contains("unknown variant `per-gpu`, expected `per_gpu` or `system`"),
        "{text}"
    );
}

#[test]
fn bench_samples_without_unit_and_task_without_english() {
    diagnose("bench_samples_without_unit", |s| {
        s.replace(
            "data/bench/test-run.json",
            " \"sample_unit\": \"images\",",
            "",
        );
    });
    // Without the default language's label: an error (without only another's, a warning).
    diagnose("bench_task_without_english", |s| {
        s.replace(
            "data/bench/test-run.json",
            "{\"en\": \"image classification\", \"zh\": \"图像分类\"}, \"precision\": \"bf16\"",
            "{\"zh\": \"图像分类\"}, \"precision\": \"bf16\"",
        );
    });
}

#[test]
fn bench_old_schema_and_measured_run_without_date() {
    let text = diagnose("bench_old_schema", |s| {
        s.replace(
            "data/bench/test-run.json",
            "kb-gpu-bench/2",
            "kb-gpu-bench/1",
        );
    });
    assert!(
        text.contains("throughput_scope"),
        "the hint names what changed: {text}"
    );
    diagnose("bench_measured_without_date", |s| {
        s.replace(
            "data/bench/test-run.json",
            "\"date\": \"2026-01-01\"",
            "\"date\": null",
        );
    });
}
/// Every kind of dead anchor, each reported at its link with the closest ids there: a typo
/// on the same page, another generator's slug, a heading another page lacks, a generated
/// page's id, and a raw HTML link.
#[test]
fn dead_anchors() {
    let text = diagnose("dead_anchors", |s| {
        s.write(
            "content/en/guides/choosing.md",
            "---\ntitle: Choosing\nsummary: How to choose.\ndate: 2026-01-03\nweight: 1\n---\n\n\
             ## Start with the data\n\n\
             See [above](#start-with-teh-data).\n\
             Another tool's slug: [data](#Start_with_the_data).\n\
             [CNN costs](../architectures/cnn.md#cost).\n\
             [Compare](/compare/#no-such-id).\n\
             <a href=\"#nowhere-at-all-zz\">raw</a>\n\
             Fine: [top](#choosing), [heading](#start-with-the-data), [when](../architectures/cnn.md#when-to-choose-it).\n",
        );
    });
    for place in [
        "choosing.md:10:5",
        "choosing.md:11:22",
        "choosing.md:12:1",
        "choosing.md:13:1",
        "choosing.md:14:1",
    ] {
        assert!(text.contains(place), "{place}:\n{text}");
    }
    assert_eq!(text.matches("dead anchor").count(), 5, "{text}");
}

/// A link written as `.html` to a sibling `.md` page: the error names the `.md` path.
#[test]
fn html_link_to_a_sibling_md() {
    let text = diagnose("html_link_to_a_sibling_md", |s| {
        s.replace(
            "content/en/guides/choosing.md",
            "[the flowchart](/choose/)",
            "[CNN](../architectures/cnn.html#costs)",
        );
    });
    assert!(
        text.contains("write `../architectures/cnn.md#costs`"),
        "{text}"
    );
}

/// Raw HTML in Markdown: a relative `src` to a missing file is reported like a Markdown
/// image.
#[test]
fn raw_html_image_to_a_missing_file() {
    let text = diagnose("raw_html_image_to_a_missing_file", |s| {
        s.replace(
            "content/en/guides/choosing.md",
            "A convolutional network",
            "<img src=\"img/missing.svg\" alt=\"\">\n\nA convolutional network",
        );
    });
    assert!(
        text.contains("choosing.md:10:35") && text.contains("img/missing.svg"),
        "{text}"
    );
}
/// A small constraints file for the minimal site: where it runs, and the languages.
const CONSTRAINTS: &str = "constraints:
  target:
    field: runs_on
    question: {en: \"Where must it run?\", zh: \"部署在哪里？\"}
    options:
      phone:
        label: {en: \"Phone\", zh: \"手机\"}
        out: {en: \"too heavy for a phone\", zh: \"放到手机上太重\"}
        max_inference: low
      gpu:
        label: {en: \"One GPU\", zh: \"一块 GPU\"}
        max_inference: high
";

#[test]
fn constraint_reads_an_unknown_field() {
    let text = diagnose("constraint_reads_an_unknown_field", |s| {
        s.write(
            "data/constraints.yaml",
            &CONSTRAINTS.replace("field: runs_on", "field: runs_onn"),
        );
    });
    assert!(text.contains("data/constraints.yaml:3:12"), "{text}");
}

#[test]
fn constraint_names_an_unknown_compute_level() {
    diagnose("constraint_names_an_unknown_compute_level", |s| {
        s.write(
            "data/constraints.yaml",
            &CONSTRAINTS.replace("max_inference: high", "max_inference: huge"),
        );
    });
}

#[test]
fn architecture_names_an_unknown_constraint_option() {
    let text = diagnose("architecture_names_an_unknown_constraint_option", |s| {
        s.write("data/constraints.yaml", CONSTRAINTS);
        s.replace(
            "data/architectures/cnn.yaml",
            "generation: none",
            "generation: none\nruns_on: [phone, laptop]",
        );
    });
    assert!(text.contains("data/architectures/cnn.yaml:12:18"), "{text}");
}

#[test]
fn architecture_field_without_a_constraint() {
    diagnose("architecture_field_without_a_constraint", |s| {
        s.replace(
            "data/architectures/cnn.yaml",
            "generation: none",
            "generation: none\nlanguages: [en]",
        );
    });
}

#[test]
fn recommendation_asks_an_unknown_constraint() {
    diagnose("recommendation_asks_an_unknown_constraint", |s| {
        s.write("data/constraints.yaml", CONSTRAINTS);
        s.replace(
            "data/decision.yaml",
            "recommend: [resnet]\n",
            "recommend: [resnet]\n        ask: [target, budget]\n",
        );
    });
}

#[test]
fn card_pairs_a_family_with_its_own_member() {
    diagnose("card_pairs_a_family_with_its_own_member", |s| {
        s.replace(
            "data/decision.yaml",
            "Fine-tune a pretrained model: ResNet, or any of the Convolutional networks it belongs to.",
            "Fine-tune a pretrained model.",
        );
    });
}

/// A comma inside an unquoted `{en: ...}` string ends it: the rest became language keys
/// and the page showed a truncated name ("Graph neural networks (GCN").
#[test]
fn unquoted_comma_in_a_localized_string() {
    let text = diagnose("unquoted_comma_in_a_localized_string", |s| {
        s.replace(
            "data/architectures/cnn.yaml",
            "name: {en: Convolutional networks, zh: 卷积神经网络}",
            "name: {en: Convolutional networks (LeNet, AlexNet), zh: 卷积神经网络}",
        );
    });
    assert!(text.contains("data/architectures/cnn.yaml:2:1"), "{text}");
}

#[test]
fn recommendation_names_a_missing_guide() {
    diagnose("recommendation_names_a_missing_guide", |s| {
        s.replace(
            "data/decision.yaml",
            "recommend: [resnet]\n",
            "recommend: [resnet]\n        guide: guides/choosng\n",
        );
    });
}

/// Not an error, but `check` says so: a recommended entry that sets no constraint field
/// is never judged by the constraints (new entries arrive this way).
#[test]
fn check_warns_about_a_recommended_entry_without_constraint_fields() {
    let site = TestSite::fixture("minimal");
    site.write("data/constraints.yaml", CONSTRAINTS);
    site.replace(
        "data/architectures/cnn.yaml",
        "generation: none",
        "generation: none\nruns_on: [phone, gpu]",
    );
    let outcome = archkb::check(&site.options()).expect("check runs");
    let text = outcome.diagnostics.render_text();
    assert!(!outcome.diagnostics.has_errors(), "{text}");
    assert!(
        text.contains("data/architectures/resnet.yaml: warning: `resnet` is recommended at /choose/ but sets none of the constraint fields"),
        "{text}"
    );
    assert!(!text.contains("`cnn` is recommended"), "{text}");
}

#[test]
fn pricing_unknown_gpu_and_bad_price() {
    let text = diagnose("pricing_unknown_gpu_and_bad_price", |s| {
        s.replace(
            "config.yaml",
            "author: Tests",
            "author: Tests\npricing:\n  currency: USD\n  date: 2026-11\n  gpus:\n    \"Test GPUs\": 2.5\n    \"Test GPU\": -1\n",
        );
    });
    assert!(
        text.contains("config.yaml:11:6: error: pricing: no bench file has the GPU `Test GPUs`"),
        "{text}"
    );
}

#[test]
fn pricing_unknown_field() {
    diagnose("pricing_unknown_field", |s| {
        s.replace(
            "config.yaml",
            "author: Tests",
            "author: Tests\npricing:\n  currency: USD\n  date: 2026-11-01\n  valid_from: 2026-11-01\n  gpus: {\"Test GPU\": 2.5}\n",
        );
    });
}
