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
