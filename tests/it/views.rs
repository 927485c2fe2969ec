//! The views agree because they come from one load of the data: change one fact and every
//! view that shows it changes. The flowchart is checked on the real decision graph.

use crate::harness::{csv_rows, repo_root, visible_text, TestSite};
use archkb::BuildOptions;

#[test]
fn one_field_changes_every_view_that_shows_it() {
    let site = TestSite::fixture("minimal");
    site.build();
    let shown = |site: &TestSite| ResnetTrainingCompute {
        facts_panel: facts_panel_value(&site.output("architectures/resnet/index.html")),
        table_row: table_row_text(&site.output("compare/index.html"), "ResNet"),
        csv: csv_cell(
            &site.output("compare/architectures.csv"),
            "resnet",
            "Training compute",
        ),
        zh_csv: csv_cell(
            &site.output("zh/compare/architectures.csv"),
            "resnet",
            "训练算力",
        ),
        json: json_label(&site.output("compare/architectures.json")),
        decision: decision_facet(&site.output("choose/decision.json")),
    };
    let before = shown(&site);
    assert_eq!(before.facts_panel, "Medium");
    assert!(
        before.table_row.contains(" Medium "),
        "{}",
        before.table_row
    );
    assert_eq!(
        (before.csv.as_str(), before.zh_csv.as_str()),
        ("Medium", "中")
    );
    assert_eq!(before.json, "Medium");
    assert_eq!(before.decision, "Training compute: Medium");
    site.replace(
        "data/architectures/resnet.yaml",
        "training_compute: medium",
        "training_compute: very_high",
    );
    site.build();
    let after = shown(&site);
    assert_eq!(after.facts_panel, "Very high", "the facts panel");
    assert!(
        after.table_row.contains(" Very high ") && !after.table_row.contains(" Medium "),
        "the comparison table's row: {}",
        after.table_row
    );
    assert_eq!(after.csv, "Very high", "the CSV");
    assert_eq!(after.zh_csv, "极高", "the Chinese CSV");
    assert_eq!(after.json, "Very high", "the table's JSON");
    assert_eq!(
        after.decision, "Training compute: Very high",
        "the widget's data"
    );
    // The name feeds the flowchart too.
    site.replace(
        "data/architectures/resnet.yaml",
        "name: {en: ResNet",
        "name: {en: ResidualNet",
    );
    site.build();
    for view in [
        "choose/index.html",
        "index.html",
        "compare/index.html",
        "architectures/cnn/index.html",
    ] {
        assert!(
            visible_text(&site.output(view)).contains("ResidualNet"),
            "{view} does not show the new name"
        );
    }
}

/// How each view shows ResNet's training compute.
#[derive(Debug)]
struct ResnetTrainingCompute {
    facts_panel: String,
    table_row: String,
    csv: String,
    zh_csv: String,
    json: String,
    decision: String,
}

/// The visible value after the facts panel's "Training compute" term.
fn facts_panel_value(html: &str) -> String {
    let term = ">Training compute</dt>";
    let at = html
        .find(term)
        .expect("the facts panel shows training compute");
    let dd = &html[at + term.len()..];
    let end = dd.find("</dd>").expect("the value ends");
    visible_text(&dd[..end])
}

/// The visible text of the table row whose text holds `name`, padded with spaces.
fn table_row_text(html: &str, name: &str) -> String {
    html.split("<tr")
        .map(|row| row.split("</tr>").next().unwrap_or(""))
        .map(|row| format!(" {} ", visible_text(&format!("<tr{row}"))))
        .find(|text| text.contains(&format!(" {name} ")))
        .unwrap_or_else(|| panic!("no table row shows {name}"))
}

/// The cell under the header `column` of the row whose first cell is `id`.
fn csv_cell(csv: &str, id: &str, column: &str) -> String {
    let rows = csv_rows(csv);
    let column = rows[0]
        .iter()
        .position(|header| header == column)
        .unwrap_or_else(|| panic!("no CSV column {column}"));
    let row = rows
        .iter()
        .find(|row| row[0] == id)
        .unwrap_or_else(|| panic!("no CSV row for {id}"));
    row[column].clone()
}

/// ResNet's training-compute label in the comparison table's JSON.
fn json_label(json: &str) -> String {
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let card = data["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["rows"].as_array().unwrap())
        .map(|row| &row["card"])
        .find(|card| card["id"] == "resnet")
        .expect("resnet has a row");
    let facet = card["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "training_compute")
        .expect("the card lists training compute");
    facet["values"][0]["label"].as_str().unwrap().to_string()
}

/// The line the decision widget shows for ResNet's training compute.
fn decision_facet(json: &str) -> String {
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let facets = data["architectures"]["resnet"]["facets"]
        .as_array()
        .unwrap();
    let facet = facets
        .iter()
        .find(|f| f[0] == "Training compute")
        .expect("the widget lists training compute");
    facet[1][0].as_str().unwrap().to_string()
}

#[test]
fn the_flowchart_svg_is_well_formed_accessible_and_linked() {
    let site = TestSite::fixture("minimal");
    site.build();
    for (page, lang) in [("choose/index.html", "en"), ("zh/choose/index.html", "zh")] {
        let html = site.output(page);
        let start = html.find("<svg").expect("inline svg");
        let end = html[start..].find("</svg>").unwrap() + start + "</svg>".len();
        let svg = &html[start..end];
        let doc = roxmltree::Document::parse(svg)
            .unwrap_or_else(|e| panic!("{lang}: SVG is not XML: {e}"));
        let root = doc.root_element();
        assert!(
            root.children().any(|n| n.has_tag_name("title")),
            "{lang}: <title>"
        );
        assert!(
            root.children().any(|n| n.has_tag_name("desc")),
            "{lang}: <desc>"
        );
        let nodes: Vec<_> = doc
            .descendants()
            .filter_map(|n| n.attribute("data-node-id"))
            .collect();
        assert!(
            nodes.contains(&"data") && nodes.contains(&"size"),
            "{lang}: {nodes:?}"
        );
        let links: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("a"))
            .filter_map(|n| n.attribute("href"))
            .collect();
        let prefix = if lang == "en" { "/" } else { "/zh/" };
        assert!(
            links.contains(&format!("{prefix}architectures/resnet/").as_str()),
            "{lang}: {links:?}"
        );
    }
    insta::assert_snapshot!("flowchart_minimal_en", {
        let html = site.output("choose/index.html");
        let start = html.find("<svg").unwrap();
        let end = html[start..].find("</svg>").unwrap() + start + 6;
        html[start..end].to_string()
    });
}

#[test]
fn table_downloads_hold_every_architecture() {
    let site = TestSite::fixture("minimal");
    site.build();
    let csv = site.output("compare/architectures.csv");
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(
        csv.lines()
            .nth(2)
            .unwrap()
            .starts_with("resnet,ResNet,2015,Images,Classification"),
        "{csv}"
    );
    assert!(
        csv.contains("640 images/s · 1× Test GPU · bf16"),
        "headline benchmark: {csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.output("compare/architectures.json")).unwrap();
    assert_eq!(json["groups"][0]["rows"].as_array().unwrap().len(), 2);
}

#[test]
fn bench_numbers_show_with_their_chart_failures_and_provenance() {
    let site = TestSite::fixture("minimal");
    site.build();
    let page = site.output("architectures/resnet/index.html");
    assert!(
        page.contains("class=\"bench-chart bc-wide\"")
            && page.contains("class=\"bench-chart bc-narrow\""),
        "a bar chart, laid out for wide screens and for phones"
    );
    assert!(page.contains("640 images/s"), "the measured number");
    assert!(
        page.contains("failed: oom"),
        "the failed run is shown as a failure"
    );
    assert!(
        page.contains("class=\"bc-whisker\""),
        "the spread of step times"
    );
    assert!(
        page.contains("href=\"/benchmarks/data/test-run.json\""),
        "provenance of a measured number"
    );
    let raw: serde_json::Value =
        serde_json::from_str(&site.output("benchmarks/data/test-run.json")).unwrap();
    assert_eq!(raw["results"][0]["samples_per_s"], 640.0);
    let all = site.output("benchmarks/index.html");
    assert!(all.contains("id=\"bench-resnet50\""));
    // The family page shows its members' numbers too.
    assert!(site
        .output("architectures/cnn/index.html")
        .contains("640 images/s"));
}

#[test]
fn a_bench_model_without_results_is_named_as_pending() {
    let site = TestSite::fixture("minimal");
    site.remove("data/bench/test-run.json");
    site.build();
    let page = site.output("architectures/resnet/index.html");
    assert!(
        page.contains("Awaiting a run of the GPU harness (bench/gpu) for: <code>resnet50</code>"),
        "the owed measurement is named"
    );
}

/// The fixture's run, made into an 8-GPU one whose rate is `scope` and whose batch is global.
fn eight_gpu_site(scope: &str) -> TestSite {
    let site = TestSite::fixture("minimal");
    site.replace(
        "data/bench/test-run.json",
        "\"gpu_count\": 1",
        "\"gpu_count\": 8",
    );
    site.replace(
        "data/bench/test-run.json",
        "\"throughput_scope\": \"per_gpu\"",
        &format!("\"throughput_scope\": \"{scope}\""),
    );
    site.replace(
        "data/bench/test-run.json",
        "\"batch_size\": 64, \"batch_size_scope\": \"per_gpu\"",
        "\"batch_size\": 64, \"batch_size_scope\": \"global\"",
    );
    site.build();
    site
}

#[test]
fn a_per_gpu_figure_says_per_gpu_in_table_chart_and_headline() {
    let site = eight_gpu_site("per_gpu");
    let page = site.output("architectures/resnet/index.html");
    assert!(page.contains("640 images/s per GPU"), "table cell");
    assert!(page.contains("64 global"), "the batch says it is global");
    assert!(page.contains("bf16 · per GPU"), "the bar's label");
    let csv = site.output("compare/architectures.csv");
    assert!(
        csv.contains("640 images/s per GPU · 8× Test GPU · bf16"),
        "the comparison table's headline: {csv}"
    );
    let zh = site.output("zh/architectures/resnet/index.html");
    assert!(zh.contains("640 图像/秒（每 GPU）"), "in Chinese too");
    assert!(zh.contains("全局 64"));
}

#[test]
fn a_whole_system_figure_names_its_gpu_count() {
    let site = eight_gpu_site("system");
    let page = site.output("architectures/resnet/index.html");
    assert!(page.contains("640 images/s, all 8 GPUs"), "table cell");
    assert!(page.contains("bf16 · all 8 GPUs"), "the bar's label");
    let csv = site.output("compare/architectures.csv");
    assert!(
        csv.contains("640 images/s, all 8 GPUs · 8× Test GPU"),
        "{csv}"
    );
    let zh = site.output("zh/architectures/resnet/index.html");
    assert!(zh.contains("640 图像/秒（8 卡合计）"), "{zh}");
}

/// The text of the bench section of a page: from its heading to the next section.
fn bench_section(page: &str) -> &str {
    let start = page.find("id=\"bench\"").expect("a bench section");
    let end = page[start..]
        .find("</section>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn chinese_pages_show_bench_tasks_and_units_in_chinese() {
    let site = TestSite::fixture("minimal");
    site.build();
    let zh = site.output("zh/architectures/resnet/index.html");
    let section = bench_section(&zh);
    assert!(section.contains("图像分类"), "the task in Chinese");
    assert!(section.contains("640 图像/秒"), "the unit in Chinese");
    assert!(section.contains("失败：oom"), "the failure in Chinese");
    for english in ["images/s", "samples/s", "image classification", "failed:"] {
        assert!(!section.contains(english), "`{english}` on a Chinese page");
    }
}

#[test]
fn different_units_never_share_a_chart() {
    let site = TestSite::fixture("minimal");
    site.replace(
        "data/bench/test-run.json",
        "\"status\": \"ok\", \"message\": null}",
        "\"status\": \"ok\", \"message\": null},\n    {\"model\": \"resnet50\", \"architecture\": \"resnet\", \"task\": {\"en\": \"image classification\", \"zh\": \"图像分类\"}, \"precision\": \"fp16\", \"tokens_per_s\": 9000, \"throughput_scope\": \"per_gpu\", \"status\": \"ok\"}",
    );
    site.build();
    let page = site.output("architectures/resnet/index.html");
    assert!(page.contains("id=\"bench-resnet50\"") && page.contains("id=\"bench-resnet50-2\""));
    for chart in page
        .split("<svg")
        .skip(1)
        .filter(|c| c.contains("bench-chart"))
    {
        let chart = &chart[..chart.find("</svg>").unwrap()];
        let units = ["images/s", "tokens/s"]
            .iter()
            .filter(|u| chart.contains(&format!(">{u}</text>")))
            .count();
        assert_eq!(units, 1, "one unit per chart: {chart}");
    }
}

#[test]
fn bars_that_would_read_the_same_say_what_differs() {
    let site = TestSite::fixture("minimal");
    site.replace(
        "data/bench/test-run.json",
        "\"status\": \"ok\", \"message\": null}",
        "\"status\": \"ok\", \"message\": null},\n    {\"model\": \"resnet50\", \"architecture\": \"resnet\", \"task\": {\"en\": \"image classification\", \"zh\": \"图像分类\"}, \"precision\": \"bf16\", \"input\": \"3x512x512\", \"samples_per_s\": 120, \"sample_unit\": \"images\", \"throughput_scope\": \"per_gpu\", \"status\": \"ok\"}",
    );
    site.build();
    let page = site.output("architectures/resnet/index.html");
    assert!(
        page.contains(">bf16 · 3x224x224</text>"),
        "{}",
        bench_section(&page)
    );
    assert!(page.contains(">bf16 · 3x512x512</text>"));
}

#[test]
fn a_bench_column_empty_in_every_row_is_left_out() {
    let site = TestSite::fixture("minimal");
    site.replace(
        "data/bench/test-run.json",
        "\"step_time_ms\": {\"median\": 100.0, \"min\": 90.0, \"max\": 110.0}",
        "\"step_time_ms\": null",
    );
    site.build();
    let page = site.output("architectures/resnet/index.html");
    assert!(!page.contains("Step time"), "no step-time column");
    assert!(page.contains("Peak memory"), "a column with a value stays");
    assert!(
        page.contains("class=\"table-wrap bench-wrap\" tabindex=\"0\" role=\"region\""),
        "the table scrolls in a frame a keyboard can reach"
    );
    // Both rows come from one file: one source entry under the table, cited twice.
    assert_eq!(page.matches("href=\"#bench-resnet50-src-1\"").count(), 2);
    assert!(page.contains("<li id=\"bench-resnet50-src-1\">"));
    assert!(!page.contains("bench-resnet50-src-2"));
}
/// The rectangles an outline SVG draws, by class: boxes, labels and reference boxes.
fn drawn_boxes(svg: &str) -> Vec<(String, [f64; 4])> {
    let doc = roxmltree::Document::parse(svg).expect("SVG is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("rect"))
        .map(|n| {
            let num = |a: &str| n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0);
            (
                n.attribute("class").unwrap_or_default().to_string(),
                [num("x"), num("y"), num("width"), num("height")],
            )
        })
        .collect()
}

#[test]
fn the_real_flowchart_fits_the_width_budget_without_overlaps() {
    use archkb::views::decision_chart::{preview_svg, svg, WIDTH_BUDGET};
    let outcome = archkb::load_and_render(&BuildOptions::new(repo_root())).unwrap();
    let site = outcome.site.unwrap();
    for lang in &site.config.languages {
        for (what, drawing) in [
            ("chart", svg(&site, lang, "t", "d", "flow")),
            ("preview", preview_svg(&site, lang, "t", "d")),
        ] {
            let doc = roxmltree::Document::parse(&drawing).expect("SVG is XML");
            let width: f64 = doc
                .root_element()
                .attribute("width")
                .unwrap()
                .parse()
                .unwrap();
            assert!(
                width <= WIDTH_BUDGET,
                "{lang} {what} is {width} px wide, over the {WIDTH_BUDGET} px budget"
            );
            let boxes = drawn_boxes(&drawing);
            assert!(boxes.len() > 8, "{lang} {what}: {} boxes", boxes.len());
            for (i, (class_a, a)) in boxes.iter().enumerate() {
                assert!(
                    a[0] >= 0.0 && a[0] + a[2] <= width + 0.05,
                    "{lang} {what}: {a:?}"
                );
                for (class_b, b) in &boxes[i + 1..] {
                    // Coordinates are printed to one decimal: allow that much touching.
                    let apart = a[0] + a[2] <= b[0] + 0.1
                        || b[0] + b[2] <= a[0] + 0.1
                        || a[1] + a[3] <= b[1] + 0.1
                        || b[1] + b[3] <= a[1] + 0.1;
                    assert!(
                        apart,
                        "{lang} {what}: {class_a} {a:?} overlaps {class_b} {b:?}"
                    );
                }
            }
        }
        // The home page's preview starts at the root and stops at the second questions.
        let preview = preview_svg(&site, lang, "t", "d");
        let first = preview.find("data-node-id=").unwrap();
        assert!(preview[first..].starts_with(&format!("data-node-id=\"{}\"", site.decision.start)));
        assert!(
            preview.len() < 12_000,
            "{lang} preview is {} bytes",
            preview.len()
        );
    }
}
