//! The estimator's precomputed table as built: a site with `pricing` shows costs with their
//! currency and date, a site without shows GPU-hours only, and every figure in the bundled
//! site's tables traces to a bench row (its link names the results file it came from, and
//! the GPU-hours are that row's rate applied to the stated size).

use crate::harness::TestSite;

const PRICING: &str = "author: Tests\npricing:\n  currency: USD\n  date: 2026-11-01\n  gpus:\n    \"Test GPU\": 2.5\n";

#[test]
fn a_site_with_pricing_shows_costs_and_one_without_shows_gpu_hours_only() {
    let site = TestSite::fixture("minimal");
    site.build();
    let html = site.output("architectures/resnet/index.html");
    // 640 images/s on one Test GPU: 1,281,167 × 90 / 640 / 3,600 = 50.04 GPU-hours.
    assert!(html.contains("<td>50</td>"), "GPU-hours in the table");
    assert!(!html.contains("USD"), "no price without pricing");
    assert!(
        html.contains("\"pricing\":null"),
        "the script gets no prices"
    );
    assert!(
        !html.contains("<th scope=\"col\">Cost</th>"),
        "no cost column"
    );

    let priced = TestSite::fixture("minimal");
    priced.replace("config.yaml", "author: Tests", PRICING);
    let outcome = priced.build();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.render_text()
    );
    let html = priced.output("architectures/resnet/index.html");
    // 50.04 GPU-hours × 2.5 USD = 125.1 USD, to three significant figures 125.
    assert!(
        html.contains("<td>125 USD (2026-11-01)</td>"),
        "the cost with currency and date"
    );
    let zh = priced.output("zh/architectures/resnet/index.html");
    assert!(zh.contains("125 USD (2026-11-01)"));
}

#[test]
fn every_precomputed_figure_traces_to_a_bench_row() {
    let site = TestSite::bundled();
    site.build();
    let html = site.output("architectures/resnet/index.html");
    let table = &html[html
        .find("class=\"estimate-table\"")
        .expect("an estimate table")..];
    let table = &table[..table.find("</table>").unwrap()];
    let mut rows = 0;
    for row in table.split("<tr>").skip(2) {
        let cells: Vec<&str> = row
            .split("<td>")
            .skip(1)
            .map(|c| c.split("</td>").next().unwrap_or(""))
            .collect();
        let href = row
            .split("href=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let file = href
            .strip_prefix("/benchmarks/data/")
            .and_then(|f| f.strip_suffix(".json"))
            .expect("a link to a results file");
        let record: serde_json::Value =
            serde_json::from_str(&site.read(&format!("data/bench/{file}.json"))).unwrap();
        let count: f64 = cells[1].parse().unwrap();
        let precision = cells[2];
        assert_eq!(
            record["system"]["gpu_count"].as_f64(),
            Some(count),
            "{file}"
        );
        let result = record["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["model"] == "resnet50" && r["precision"] == precision)
            .unwrap_or_else(|| panic!("{file} has no resnet50 {precision} row"));
        let system_rate = result["samples_per_s"].as_f64().unwrap();
        let hours = 1_281_167.0 * 90.0 / (system_rate / count) / 3600.0;
        let shown: f64 = cells[4].replace(',', "").parse().unwrap();
        assert!(
            (shown - hours).abs() / hours < 0.005,
            "{file}: {shown} GPU-hours shown, {hours} from the row"
        );
        rows += 1;
    }
    assert!(rows >= 10, "{rows} rows");
}

/// Two significant figures, as a shortlist states an order of magnitude.
fn two_figures(value: f64) -> f64 {
    let scale = 10f64.powi(1 - value.log10().floor() as i32);
    (value * scale).round() / scale
}

#[test]
fn a_shortlisted_architecture_shows_its_training_cost_from_the_bench_rows() {
    let site = TestSite::bundled();
    site.build();
    // The fastest and slowest per-GPU ResNet-50 rate in data/bench/, read from the files.
    let mut rates = Vec::new();
    for entry in std::fs::read_dir(site.path().join("data/bench")).unwrap() {
        let record: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let count = record["system"]["gpu_count"].as_f64().unwrap();
        for r in record["results"].as_array().unwrap() {
            if r["model"] == "resnet50" && r["status"] == "ok" {
                let rate = r["samples_per_s"].as_f64().unwrap();
                rates.push(match r["throughput_scope"].as_str() {
                    Some("per_gpu") => rate,
                    _ => rate / count,
                });
            }
        }
    }
    let fastest = rates.iter().copied().fold(f64::MIN, f64::max);
    let slowest = rates.iter().copied().fold(f64::MAX, f64::min);
    let hours = |n: f64, rate: f64| two_figures(n * 90.0 / rate / 3600.0);
    let expect = |n: f64| format!("≈{}–{} GPU-hours", hours(n, fastest), hours(n, slowest));

    let widget: serde_json::Value =
        serde_json::from_str(&site.output("choose/decision.json")).unwrap();
    let cost = &widget["architectures"]["resnet"]["cost"];
    assert_eq!(cost["model"], "resnet50");
    let preset = cost["preset"]["text"].as_str().unwrap();
    assert!(preset.starts_with(&expect(1_281_167.0)), "{preset}");
    assert!(preset.contains("1,281,167 images × 90 epochs"), "{preset}");
    assert_eq!(
        cost["preset"]["url"],
        "/architectures/resnet/?model=resnet50&n=1281167&epochs=90#estimate"
    );
    // Each data-set-size band states which end it is computed at.
    let small = cost["bands"]["small"]["text"].as_str().unwrap();
    assert!(small.starts_with(&expect(1e4)), "{small}");
    assert!(small.contains("up to 10,000 images"), "{small}");
    let large = cost["bands"]["large"]["text"].as_str().unwrap();
    assert!(large.contains("at least 1,000,000 images"), "{large}");
    assert_eq!(
        cost["bands"]["medium"]["url"],
        "/architectures/resnet/?model=resnet50&n=1000000&epochs=90#estimate"
    );
    // A token-counted model keeps its token budget: a count of items gives no tokens.
    let gpt = &widget["architectures"]["gpt"]["cost"];
    assert_eq!(gpt["model"], "llama3-8b");
    assert!(gpt["bands"].as_object().unwrap().is_empty());

    // The no-JavaScript outline lists the same lines, with the estimator links.
    let html = site.output("choose/index.html");
    assert!(html.contains(&format!("ResNet: {preset}")));
    assert!(html.contains(
        "href=\"/architectures/resnet/?model=resnet50&amp;n=10000&amp;epochs=90#estimate\""
    ));
    let zh = site.output("zh/choose/index.html");
    assert!(zh.contains("至多 10,000 张图像 × 90 轮（取该档的上限）：训练 resnet50 约需"));
    assert!(zh.contains("href=\"/zh/architectures/resnet/?model=resnet50&amp;n=1281167"));
}

/// Names in data/bench/ that look alike but are different GPUs, with the reason.
const DISTINCT_GPUS: &[(&str, &str, &str)] = &[(
    "NVIDIA H200",
    "NVIDIA H200 141GB SXM",
    "torchtitan's source does not state the H200's form factor (SXM or NVL)",
)];

#[test]
fn the_bench_files_name_each_gpu_once() {
    let site = TestSite::bundled();
    let mut names = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(site.path().join("data/bench")).unwrap() {
        let record: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        names.insert(record["system"]["gpu"].as_str().unwrap().to_string());
    }
    // The words of a name, without a system in parentheses: "NVIDIA A100 80GB (DGX A100)"
    // and "NVIDIA A100 80GB SXM4" share "NVIDIA A100 80GB", so they are one GPU twice.
    let words = |name: &str| -> std::collections::BTreeSet<String> {
        name.split('(')
            .next()
            .unwrap()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect()
    };
    for a in &names {
        for b in &names {
            if a >= b {
                continue;
            }
            let (wa, wb) = (words(a), words(b));
            let one_gpu = wa.is_subset(&wb) || wb.is_subset(&wa);
            let allowed = DISTINCT_GPUS
                .iter()
                .any(|(x, y, _)| (x, y) == (&a.as_str(), &b.as_str()));
            assert!(
                !one_gpu || allowed,
                "`{a}` and `{b}` look like one GPU under two names: write one name in every file (docs/content-model.md, `system.gpu`)"
            );
        }
    }
    assert!(names.len() >= 10, "{names:?}");
}
