//! Realistic projects, stated as a user would state them, walked through the bundled
//! knowledge base's decision graph and constraints in both languages. Each lists the
//! recommendations an expert would accept: the first candidate of the shortlist must be
//! one of them, the candidates that do not fit must be ruled out with a reason, and the
//! baseline to beat must be named where experts use one.
//!
//! The walk picks answers by their English labels, as a reader clicks them, and then
//! takes the same path in Chinese: both languages must give the same shortlist, and every
//! line a Chinese reader sees must be Chinese, with full-width punctuation.

use crate::harness::repo_root;
use archkb::model::{Outcome, Site};
use archkb::views::shortlist::{shortlist, ConstraintAnswers, ShortlistView};
use archkb::BuildOptions;
use std::sync::OnceLock;

pub(crate) struct Scenario {
    /// The project, in the user's words.
    pub said: &'static str,
    /// The answers clicked, by their English labels.
    pub answers: &'static [&'static str],
    /// The constraints set: (constraint id, option id), as the widget's URL holds them.
    pub constraints: &'static [(&'static str, &'static str)],
    /// The first candidate must be one of these.
    pub first: &'static [&'static str],
    /// These must also stay on the shortlist.
    pub kept: &'static [&'static str],
    /// These must be ruled out, each with a one-line reason.
    pub out: &'static [&'static str],
    /// Words the baseline to beat must contain (English).
    pub baseline: Option<&'static str>,
}

pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        said: "50,000-row CRM table, predict churn",
        answers: &["Tabular records", "Predict a label or value"],
        constraints: &[("data_size", "medium")],
        first: &["gradient-boosted-trees"],
        kept: &["mlp"],
        out: &[],
        baseline: Some("logistic regression"),
    },
    Scenario {
        said: "3,000 rows of lab measurements, predict the yield of a batch",
        answers: &["Tabular records", "Predict a label or value"],
        constraints: &[("data_size", "small")],
        first: &["gradient-boosted-trees"],
        kept: &[],
        out: &["mlp"],
        baseline: Some("linear"),
    },
    Scenario {
        said: "800 labelled photos of 12 product types; the app classifies them offline on a phone",
        answers: &["Images", "Classify, detect, segment", "One label per image"],
        constraints: &[("target", "phone"), ("labels", "hundreds")],
        first: &["mobilenet-v2", "efficientnet"],
        kept: &["efficientnet", "mobilenet-v2"],
        out: &["convnext", "resnet", "vit", "swin", "cnn-attention"],
        baseline: Some("linear classifier"),
    },
    Scenario {
        said: "Two million labelled images, one data-centre GPU to serve them",
        answers: &["Images", "Classify, detect, segment", "One label per image"],
        constraints: &[("target", "gpu"), ("labels", "many")],
        first: &["convnext", "efficientnet", "vit", "swin"],
        kept: &["vit", "swin", "resnet"],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "Spot scratches on a factory line; we only have photos of good parts",
        answers: &["Images", "Find defects or anomalies"],
        constraints: &[],
        first: &["resnet"],
        kept: &["autoencoder"],
        out: &[],
        baseline: Some("PatchCore"),
    },
    Scenario {
        said: "Count cars in roadside CCTV on a Jetson box",
        answers: &["Video", "Per-frame boxes or masks", "Find and box objects"],
        constraints: &[("target", "edge")],
        first: &["yolo"],
        kept: &[],
        out: &["detr"],
        baseline: None,
    },
    Scenario {
        said: "Segment tumours in 200 labelled MRI volumes",
        answers: &[
            "Images",
            "Classify, detect, segment",
            "A mask for every pixel",
        ],
        constraints: &[("labels", "hundreds")],
        first: &["unet"],
        kept: &["convnext"],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "Upscale old catalogue photos four times",
        answers: &["Images", "Restore: denoise, deblur, upscale"],
        constraints: &[("target", "gpu")],
        first: &["unet"],
        kept: &["gan"],
        out: &[],
        baseline: Some("Bicubic"),
    },
    Scenario {
        said: "Compress 768-dimensional sentence embeddings to 64 numbers",
        answers: &[
            "Tabular records",
            "Find anomalies or compress",
            "Compress vectors or reduce dimensions",
        ],
        constraints: &[],
        first: &["autoencoder"],
        kept: &[],
        out: &[],
        baseline: Some("PCA"),
    },
    Scenario {
        said: "Marketing visuals from text prompts, for a commercial product",
        answers: &["Images", "Generate new images", "Top quality, text prompts"],
        constraints: &[("licence", "commercial")],
        first: &["latent-diffusion"],
        kept: &[],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "Fast face avatars for a paid app, one forward pass per image",
        answers: &["Images", "Generate new images", "Fast one-pass sampling"],
        constraints: &[("licence", "commercial")],
        first: &["dcgan"],
        kept: &[],
        out: &["stylegan"],
        baseline: None,
    },
    Scenario {
        said: "Route 20,000 labelled English support tickets into 15 queues",
        answers: &[
            "Text",
            "Classify or tag text",
            "Whole texts (topic, sentiment, intent)",
        ],
        constraints: &[("labels", "thousands"), ("target", "gpu")],
        first: &["bert"],
        kept: &["gpt", "bilstm"],
        out: &[],
        baseline: Some("TF-IDF"),
    },
    Scenario {
        said: "Sentiment of Chinese product reviews, and no labels yet",
        answers: &[
            "Text",
            "Classify or tag text",
            "Whole texts (topic, sentiment, intent)",
        ],
        constraints: &[("labels", "none"), ("languages", "zh")],
        first: &["gpt"],
        kept: &[],
        out: &["bert", "bilstm"],
        baseline: Some("TF-IDF"),
    },
    Scenario {
        said: "Intent detection inside a phone keyboard, 5,000 labelled phrases",
        answers: &[
            "Text",
            "Classify or tag text",
            "Whole texts (topic, sentiment, intent)",
        ],
        constraints: &[("target", "phone"), ("labels", "thousands")],
        first: &["bilstm"],
        kept: &[],
        out: &["bert", "gpt"],
        baseline: Some("TF-IDF"),
    },
    Scenario {
        said: "Find drug names in clinical notes; 2,000 annotated sentences",
        answers: &[
            "Text",
            "Classify or tag text",
            "Each token (names, entities)",
        ],
        constraints: &[("labels", "thousands")],
        first: &["bert"],
        kept: &["bilstm"],
        out: &[],
        baseline: Some("CRF"),
    },
    Scenario {
        said: "Translate Chinese customer e-mails into English",
        answers: &["Text", "Translate between languages"],
        constraints: &[("languages", "zh")],
        first: &["multilingual-translation"],
        kept: &["gpt"],
        out: &["t5"],
        baseline: None,
    },
    Scenario {
        said:
            "Translate a shop's product pages between Chinese and English, for a commercial product",
        answers: &["Text", "Translate between languages"],
        constraints: &[("languages", "zh"), ("licence", "commercial")],
        first: &["multilingual-translation"],
        kept: &["gpt"],
        out: &["t5"],
        baseline: None,
    },
    Scenario {
        said: "Summarise English meeting notes; 5,000 note–summary pairs",
        answers: &["Text", "Summarise or rewrite"],
        constraints: &[("labels", "thousands")],
        first: &["t5"],
        kept: &["gpt"],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "A chatbot that answers from our internal wiki",
        answers: &["Text", "Answer questions", "Our own document collection"],
        constraints: &[],
        first: &["rag"],
        kept: &[],
        out: &[],
        baseline: Some("BM25"),
    },
    Scenario {
        said: "Our 8B chat model costs too much to serve",
        answers: &[
            "Text",
            "Generate text or chat",
            "Serve a model more cheaply",
        ],
        constraints: &[("target", "gpu")],
        first: &["gpt"],
        kept: &[],
        out: &[],
        baseline: Some("16-bit"),
    },
    Scenario {
        said: "Adapt an open LLM to our support transcripts on one GPU",
        answers: &[
            "Text",
            "Generate text or chat",
            "Adapt an open model to our text",
        ],
        constraints: &[("target", "gpu")],
        first: &["lora"],
        kept: &[],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "Transcribe recorded call-centre audio",
        answers: &["Audio or speech", "Recognise speech"],
        constraints: &[],
        first: &["whisper"],
        kept: &["conformer"],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "Live captions as people speak, on a laptop CPU",
        answers: &["Audio or speech", "Recognise speech"],
        constraints: &[("target", "cpu"), ("latency", "realtime")],
        first: &["conformer"],
        kept: &[],
        out: &["whisper"],
        baseline: None,
    },
    Scenario {
        said: "Transcribe Mandarin podcasts",
        answers: &["Audio or speech", "Recognise speech"],
        constraints: &[("languages", "zh")],
        first: &["whisper"],
        kept: &[],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "Tell a dog's bark from breaking glass in a phone app",
        answers: &["Audio or speech", "Classify sounds"],
        constraints: &[("target", "phone")],
        first: &["efficientnet", "mobilenet-v2"],
        kept: &["mobilenet-v2"],
        out: &["resnet"],
        baseline: None,
    },
    Scenario {
        said: "Forecast daily sales of 50 stores from two years of history, on a CPU",
        answers: &["Time series", "Forecast future values"],
        constraints: &[("target", "cpu"), ("data_size", "medium")],
        first: &["gradient-boosted-trees"],
        kept: &["patchtst", "mlp", "gru"],
        out: &[],
        baseline: Some("Seasonal naive"),
    },
    Scenario {
        said: "Forecast electricity load for 10,000 meters, millions of readings, GPUs available",
        answers: &["Time series", "Forecast future values"],
        constraints: &[("target", "gpu"), ("data_size", "large")],
        first: &["gradient-boosted-trees", "patchtst"],
        kept: &["patchtst", "lstm"],
        out: &[],
        baseline: Some("Seasonal naive"),
    },
    Scenario {
        said: "Classify machine faults from vibration-sensor windows",
        answers: &["Time series", "Classify windows"],
        constraints: &[],
        first: &["cnn", "gru"],
        kept: &["gru"],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "Flag fraudulent card transactions; nobody has labelled any",
        answers: &[
            "Tabular records",
            "Find anomalies or compress",
            "Flag anomalies",
        ],
        constraints: &[],
        first: &["autoencoder"],
        kept: &[],
        out: &[],
        baseline: Some("isolation forest"),
    },
    Scenario {
        said: "Remove noise from ECG recordings",
        answers: &[
            "Time series",
            "Detect anomalies or denoise",
            "Denoise a signal",
        ],
        constraints: &[],
        first: &["unet", "autoencoder"],
        kept: &["autoencoder"],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "Recommend articles to readers from their click logs",
        answers: &["Tabular records", "Recommend items to users"],
        constraints: &[],
        first: &["vae"],
        kept: &["mlp"],
        out: &[],
        baseline: Some("Most-popular"),
    },
    Scenario {
        said: "A robot arm should learn from 500 teleoperated demonstrations",
        answers: &[
            "An environment to act in",
            "Only logged data or demonstrations",
        ],
        constraints: &[],
        first: &["reinforcement-learning", "diffusion"],
        kept: &["diffusion"],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "A game bot with eight discrete moves and a fast simulator",
        answers: &["An environment to act in", "Discrete actions"],
        constraints: &[],
        first: &["dqn", "ppo"],
        kept: &["ppo"],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "Continuous control of a simulated drone",
        answers: &["An environment to act in", "Continuous actions"],
        constraints: &[],
        first: &["sac"],
        kept: &["ppo"],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "Spot fraud rings in a graph of accounts and transfers",
        answers: &["A graph of nodes and edges"],
        constraints: &[],
        first: &["gnn"],
        kept: &[],
        out: &[],
        baseline: Some("Gradient-boosted trees"),
    },
    Scenario {
        said: "Find catalogue photos from a typed description",
        answers: &[
            "Images",
            "Search them by text, or label them with no training",
        ],
        constraints: &[],
        first: &["clip"],
        kept: &[],
        out: &[],
        baseline: Some("Keyword search"),
    },
    Scenario {
        said: "Answer questions over 200,000-token server logs",
        answers: &[
            "Text",
            "Generate text or chat",
            "Very long inputs (books, logs, genomes)",
        ],
        constraints: &[("target", "gpu")],
        first: &["mamba", "gpt"],
        kept: &["gpt"],
        out: &[],
        baseline: None,
    },
    Scenario {
        said: "Recognise actions in sports clips",
        answers: &["Video", "Classify clips or actions"],
        constraints: &[("target", "gpu")],
        first: &["vision-transformer", "cnn"],
        kept: &["lstm"],
        out: &[],
        baseline: None,
    },
];

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let outcome = archkb::check(&BuildOptions::new(repo_root())).expect("no plumbing failure");
        outcome.site.expect("the bundled site is valid")
    })
}

/// The answer ids clicked for `labels` (English), ending in a recommendation.
pub(crate) fn walk(site: &Site, scenario: &Scenario) -> Vec<String> {
    let mut at = site.decision.start.clone();
    let mut path = Vec::new();
    for (step, label) in scenario.answers.iter().enumerate() {
        let question = site
            .decision
            .question(&at)
            .unwrap_or_else(|| panic!("{}: no question `{at}`", scenario.said));
        let answer = question
            .answers
            .iter()
            .find(|a| a.label.text("en") == *label)
            .unwrap_or_else(|| {
                let offered: Vec<&str> = question
                    .answers
                    .iter()
                    .map(|a| a.label.text("en"))
                    .collect();
                panic!(
                    "{}: step {} offers no “{label}”; it offers {offered:?}",
                    scenario.said,
                    step + 1
                )
            });
        path.push(answer.id.clone());
        match &answer.outcome {
            Outcome::Next { question } => at = question.clone(),
            Outcome::Recommend { .. } => {
                assert_eq!(
                    step + 1,
                    scenario.answers.len(),
                    "{}: a recommendation before the last answer",
                    scenario.said
                );
                return path;
            }
        }
    }
    panic!(
        "{}: the answers end on a question, not a recommendation",
        scenario.said
    );
}

fn constraint_answers(scenario: &Scenario) -> ConstraintAnswers {
    scenario
        .constraints
        .iter()
        .map(|(c, o)| ((*c).to_string(), (*o).to_string()))
        .collect()
}

fn ids(view: &ShortlistView) -> Vec<&str> {
    view.candidates.iter().map(|c| c.id.as_str()).collect()
}

fn is_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn there_are_enough_scenarios_across_every_data_type() {
    assert!(SCENARIOS.len() >= 25, "{} scenarios", SCENARIOS.len());
    let site = site();
    let first_answers: std::collections::BTreeSet<&str> =
        SCENARIOS.iter().map(|s| s.answers[0]).collect();
    let start = site.decision.question(&site.decision.start).unwrap();
    for answer in &start.answers {
        assert!(
            first_answers.contains(answer.label.text("en")),
            "no scenario starts with “{}”",
            answer.label.text("en")
        );
    }
}

#[test]
fn every_scenario_gets_advice_an_expert_accepts_in_english() {
    let site = site();
    let mut failures = Vec::new();
    for scenario in SCENARIOS {
        let path = walk(site, scenario);
        let answer = path.last().unwrap();
        for (c, o) in scenario.constraints {
            let known = site.constraints.get(c).and_then(|c| c.option(o));
            assert!(
                known.is_some(),
                "{}: unknown constraint {c}={o}",
                scenario.said
            );
        }
        let view = shortlist(site, "en", answer, &constraint_answers(scenario)).unwrap();
        let got = ids(&view);
        let mut wrong = Vec::new();
        match got.first() {
            Some(first) if !scenario.first.is_empty() && !scenario.first.contains(first) => wrong
                .push(format!(
                    "first is {first}, expected one of {:?}",
                    scenario.first
                )),
            None if !scenario.first.is_empty() => wrong.push("the shortlist is empty".into()),
            _ => {}
        }
        for id in scenario.kept {
            if !got.contains(id) {
                wrong.push(format!("{id} is not on the shortlist"));
            }
        }
        for id in scenario.out {
            if !view.ruled_out_ids.iter().any(|r| r == id) {
                wrong.push(format!("{id} is not ruled out"));
            }
        }
        assert_eq!(
            view.ruled_out.len(),
            view.ruled_out_ids.len(),
            "{}: a ruled-out candidate without its line",
            scenario.said
        );
        for line in &view.ruled_out {
            assert!(
                line.contains(": ") && line.len() > 12,
                "{}: ruled-out line “{line}”",
                scenario.said
            );
        }
        if let Some(words) = scenario.baseline {
            match &view.baseline {
                Some(b) if b.contains(words) => {}
                other => wrong.push(format!("baseline {other:?} does not name {words}")),
            }
        }
        // Where a constraint set here is asked, the shortlist says why its candidates fit.
        let any_asked = scenario
            .constraints
            .iter()
            .any(|(id, _)| asked(site, answer, id));
        if any_asked && !view.candidates.is_empty() {
            assert!(
                view.candidates
                    .iter()
                    .any(|c| !c.why.is_empty() || !c.cautions.is_empty()),
                "{}: no candidate says why it fits",
                scenario.said
            );
        }
        if let Some(url) = &view.compare_url {
            assert_eq!(
                url,
                &format!("/compare/?rows={}", got.join(",")),
                "{}",
                scenario.said
            );
        }
        if !wrong.is_empty() {
            failures.push(format!("{} → {got:?}: {}", scenario.said, wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn asked(site: &Site, answer_id: &str, constraint: &str) -> bool {
    site.decision
        .questions
        .iter()
        .flat_map(|q| &q.answers)
        .find(|a| a.id == answer_id)
        .is_some_and(|a| matches!(&a.outcome, Outcome::Recommend { ask, .. } if ask.iter().any(|c| c == constraint)))
}

#[test]
fn every_scenario_gives_the_same_shortlist_in_chinese_and_reads_as_chinese() {
    let site = site();
    for scenario in SCENARIOS {
        let path = walk(site, scenario);
        let answer = path.last().unwrap();
        let answers = constraint_answers(scenario);
        let en = shortlist(site, "en", answer, &answers).unwrap();
        let zh = shortlist(site, "zh", answer, &answers).unwrap();
        assert_eq!(ids(&en), ids(&zh), "{}", scenario.said);
        assert_eq!(en.ruled_out_ids, zh.ruled_out_ids, "{}", scenario.said);
        for line in &zh.ruled_out {
            assert!(
                is_chinese(line) && line.contains('：') && !line.contains(": "),
                "{}: “{line}”",
                scenario.said
            );
        }
        for c in &zh.candidates {
            for why in c.why.iter().chain(&c.cautions) {
                assert!(is_chinese(why), "{}: “{why}”", scenario.said);
            }
            assert!(c.url.starts_with("/zh/architectures/"), "{}", c.url);
        }
        if let Some(b) = &zh.baseline {
            assert!(is_chinese(b), "{}: baseline “{b}”", scenario.said);
        }
        if let Some(url) = &zh.compare_url {
            assert!(url.starts_with("/zh/compare/?rows="), "{url}");
        }
        // The Chinese labels along the path exist and differ from the English ones.
        for id in &path {
            let a = site
                .decision
                .questions
                .iter()
                .flat_map(|q| &q.answers)
                .find(|a| &a.id == id)
                .unwrap();
            assert!(
                is_chinese(a.label.text("zh")),
                "{}: answer {id} has no Chinese label",
                scenario.said
            );
        }
    }
}

#[test]
fn serving_a_model_cheaply_points_at_the_guide_in_both_languages() {
    let site = site();
    let scenario = SCENARIOS
        .iter()
        .find(|s| s.said.starts_with("Our 8B chat model"))
        .unwrap();
    let path = walk(site, scenario);
    let html = |lang: &str| {
        let data =
            archkb::views::widget::widget_data(site, lang, &std::collections::BTreeMap::default());
        serde_json::to_value(&data).unwrap()
    };
    for (lang, url) in [
        ("en", "/guides/serving-cheaply/"),
        ("zh", "/zh/guides/serving-cheaply/"),
    ] {
        let data = html(lang);
        let (q, _) = path.last().unwrap().split_once('/').unwrap();
        let answer = data["questions"][q]["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == path.last().unwrap().as_str())
            .unwrap()
            .clone();
        assert_eq!(answer["guide"]["url"], url, "{lang}");
        assert!(!answer["guide"]["name"].as_str().unwrap().is_empty());
    }
}

#[test]
fn a_phone_rules_out_convnext_in_one_line() {
    let site = site();
    let scenario = SCENARIOS
        .iter()
        .find(|s| s.said.starts_with("800 labelled photos"))
        .unwrap();
    let path = walk(site, scenario);
    let view = shortlist(
        site,
        "en",
        path.last().unwrap(),
        &constraint_answers(scenario),
    )
    .unwrap();
    assert!(
        view.ruled_out
            .contains(&"ConvNeXt: too heavy for a phone".to_string()),
        "{:?}",
        view.ruled_out
    );
    let zh = shortlist(
        site,
        "zh",
        path.last().unwrap(),
        &constraint_answers(scenario),
    )
    .unwrap();
    assert!(
        zh.ruled_out
            .contains(&"ConvNeXt：放到手机上太重".to_string()),
        "{:?}",
        zh.ruled_out
    );
}

/// The result the real widget shows: shortlist ids in order, and the ruled-out ids.
fn widget_result(browser: &crate::browser::Browser) -> (Vec<String>, Vec<String>) {
    let read = |css: &str, attr: &str| -> Vec<String> {
        browser
            .eval(
                &format!("return Array.from(document.querySelectorAll('[data-widget] {css}')).map(e => e.getAttribute('{attr}'))"),
                serde_json::json!([]),
            )
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
            .unwrap_or_default()
    };
    (
        read("[data-result]", "data-result"),
        read("[data-ruled-out]", "data-ruled-out"),
    )
}

/// A handful of scenarios clicked through the real widget in Chromium, in both languages:
/// it must show the shortlist Rust computes, ruled-out lines included.
#[test]
fn scenarios_walked_in_the_browser_match_rust() {
    let Some(browser) = crate::browser::Browser::start() else {
        return;
    };
    let served = crate::browser::served_bundled_site();
    let site = site();
    for (said, lang) in [
        ("800 labelled photos", "en"),
        ("Sentiment of Chinese product reviews", "zh"),
        ("Translate a shop's product pages", "en"),
        ("Forecast daily sales", "zh"),
        ("Live captions", "en"),
    ] {
        let index = SCENARIOS
            .iter()
            .position(|s| s.said.starts_with(said))
            .expect(said);
        let scenario = &SCENARIOS[index];
        let path = walk(site, scenario);
        let prefix = if lang == "en" { "" } else { "/zh" };
        browser.goto(&format!("{}{prefix}/choose/", served.base));
        for id in &path {
            let css = format!("[data-widget] [data-answer=\"{id}\"]");
            browser.wait_for(&format!("return !!document.querySelector('{css}')"), id);
            browser.click(&css);
        }
        browser.wait_for(
            "return !!document.querySelector('[data-widget] .result')",
            "the result",
        );
        // Only constraints asked here appear; the others change nothing (as in Rust).
        for (c, o) in scenario
            .constraints
            .iter()
            .filter(|(c, _)| asked(site, path.last().unwrap(), c))
        {
            browser.click(&format!(
                "[data-widget] [data-constraint=\"{c}\"] input[value=\"{o}\"]"
            ));
        }
        let expected = shortlist(
            site,
            lang,
            path.last().unwrap(),
            &constraint_answers(scenario),
        )
        .unwrap();
        let (kept, out) = widget_result(&browser);
        assert_eq!(kept, ids(&expected), "{} ({lang})", scenario.said);
        assert_eq!(out, expected.ruled_out_ids, "{} ({lang})", scenario.said);
        let lines = browser.eval(
            "return Array.from(document.querySelectorAll('[data-widget] [data-ruled-out]')).map(e => e.textContent)",
            serde_json::json!([]),
        );
        assert_eq!(
            lines,
            serde_json::json!(expected.ruled_out),
            "{} ({lang})",
            scenario.said
        );
        let compare = browser.eval(
            "var a = document.querySelector('[data-widget] [data-compare]'); return a ? a.getAttribute('href') : null",
            serde_json::json!([]),
        );
        assert_eq!(
            compare.as_str(),
            expected.compare_url.as_deref(),
            "{} ({lang})",
            scenario.said
        );
        // The constraints are in the URL, so the shared link shows the same shortlist.
        let url = browser.url();
        for (c, o) in scenario
            .constraints
            .iter()
            .filter(|(c, _)| asked(site, path.last().unwrap(), c))
        {
            assert!(url.contains(&format!("{c}={o}")), "{url}");
        }
        browser.goto(&url);
        browser.wait_for(
            "return !!document.querySelector('[data-widget] .result')",
            "the shared result",
        );
        assert_eq!(
            widget_result(&browser).0,
            ids(&expected),
            "{} shared ({lang})",
            scenario.said
        );
        browser.screenshot(&format!("scenario-{index}-{lang}"));
    }
}

/// One history entry per answer: Back walks the questions and the URL follows.
#[test]
fn back_walks_the_widget_one_answer_at_a_time() {
    let Some(browser) = crate::browser::Browser::start() else {
        return;
    };
    let served = crate::browser::served_bundled_site();
    let site = site();
    browser.goto(&format!("{}/choose/", served.base));
    let path = ["data/0", "image_goal/0", "image_task/0"];
    for id in path {
        let css = format!("[data-widget] [data-answer=\"{id}\"]");
        browser.wait_for(&format!("return !!document.querySelector('{css}')"), id);
        browser.click(&css);
    }
    browser.wait_for(
        "return !!document.querySelector('[data-widget] .result')",
        "the result",
    );
    browser.back();
    browser.back();
    // On the question the first answer led to, with only that answer in the URL.
    let second = site
        .decision
        .question("image_goal")
        .unwrap()
        .text
        .text("en")
        .to_string();
    browser.wait_for(
        &format!(
            "return document.querySelector('[data-widget] h2').textContent === {}",
            serde_json::json!(second)
        ),
        "the second question",
    );
    let url = browser.url();
    assert!(
        url.ends_with("/choose/?path=data%2F0") || url.ends_with("/choose/?path=data/0"),
        "{url}"
    );
    // Forward returns to the next question, and Back past the first answer to the start.
    browser.eval("history.forward()", serde_json::json!([]));
    let third = site
        .decision
        .question("image_task")
        .unwrap()
        .text
        .text("en")
        .to_string();
    browser.wait_for(
        &format!(
            "return document.querySelector('[data-widget] h2').textContent === {}",
            serde_json::json!(third)
        ),
        "the third question",
    );
    browser.back();
    browser.back();
    browser.wait_for(
        "return !!document.querySelector('[data-widget] [data-answer=\"data/0\"]')",
        "the first question",
    );
    assert!(!browser.url().contains("path="), "{}", browser.url());
}
