//! The training-time estimator in real Chromium: changing the inputs changes the answer and
//! the address, a reload of that address gives the same answer back, a GPU and precision no
//! row covers gives the nearest rows and no time, and every row an answer cites is a bench
//! file the site serves.

use crate::browser::{served_bundled_site, Browser};
use serde_json::json;

fn set(browser: &Browser, name: &str, value: &str) {
    browser.eval(
        "const f = document.getElementById('estimate-form');
         const e = f.elements[arguments[0]];
         e.value = arguments[1];
         e.dispatchEvent(new Event('change', { bubbles: true }));",
        json!([name, value]),
    );
}

fn result_text(browser: &Browser) -> String {
    browser
        .eval(
            "return document.getElementById('estimate-result').textContent;",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn inputs_change_the_estimate_and_the_address_and_a_reload_brings_it_back() {
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("{}/architectures/resnet/", site.base));
    browser.wait_for(
        "const f = document.getElementById('estimate-form'); return !!f && !f.hidden;",
        "the estimator form",
    );
    let shortest = browser.eval(
        "return Math.min(...[...document.querySelectorAll('#estimate-form input, #estimate-form select')]
           .map(e => e.getBoundingClientRect().height));",
        json!([]),
    );
    assert!(
        shortest.as_f64() >= Some(44.0),
        "every input is at least 44 px tall: {shortest}"
    );
    set(&browser, "gpu", "NVIDIA A100 80GB SXM4");
    set(&browser, "precision", "amp");
    set(&browser, "dataset", "1281167");
    set(&browser, "epochs", "90");
    set(&browser, "gpus", "8");
    let text = result_text(&browser);
    // 1,281,167 × 90 / 16,621 images/s = 6,937 s = 1.93 h; × 8 GPUs = 15.4 GPU-hours.
    assert!(text.contains("1.93 h"), "{text}");
    assert!(text.contains("15.4"), "{text}");
    assert!(
        text.contains("nvidia-dle-resnet50-a100-80gb-8gpu"),
        "{text}"
    );
    let url = browser.url();
    assert!(
        url.contains("gpus=8") && url.contains("precision=amp") && url.contains("n=1281167"),
        "{url}"
    );

    set(&browser, "gpus", "16");
    let text = result_text(&browser);
    assert!(
        text.contains("doubling"),
        "16 GPUs is past the 8-GPU run: {text}"
    );
    let url = browser.url();
    assert!(url.contains("gpus=16"), "{url}");

    browser.goto(&url);
    browser.wait_for(
        "const r = document.getElementById('estimate-result'); return !!r && r.textContent.length > 0;",
        "the estimate after a reload",
    );
    assert_eq!(
        result_text(&browser),
        text,
        "the reload gives the same estimate"
    );

    // Every row cited is a bench file the site serves.
    let links = browser.eval(
        "return [...document.querySelectorAll('#estimate-result a, .estimate-table a')].map(a => a.href);",
        json!([]),
    );
    let links = links.as_array().unwrap();
    assert!(!links.is_empty());
    for link in links {
        let link = link.as_str().unwrap();
        let status = browser.eval(
            "const r = new XMLHttpRequest(); r.open('GET', arguments[0], false); r.send(); return r.status;",
            json!([link]),
        );
        assert_eq!(status, json!(200), "{link}");
    }

    // H100 PCIe has fp16 ResNet-50 rows only: fp8 there has no row, so no time.
    set(&browser, "gpu", "NVIDIA H100 80GB PCIe");
    set(&browser, "precision", "amp");
    let text = result_text(&browser);
    assert!(text.contains("No bench row"), "{text}");
    assert!(
        text.contains("lambda-v1-fp16-h100-80gb-pcie-1gpu"),
        "{text}"
    );
    assert!(!text.contains("GPU-hours"), "{text}");
}

#[test]
fn the_chinese_page_answers_in_chinese() {
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!(
        "{}/zh/architectures/gpt/?model=llama3-8b&n=10000000000&epochs=1&gpu=NVIDIA+H200&gpus=48&precision=fp8",
        site.base
    ));
    browser.wait_for(
        "const r = document.getElementById('estimate-result'); return !!r && r.textContent.length > 0;",
        "the estimate",
    );
    let text = result_text(&browser);
    // Between the 32- and 64-GPU H200 runs (10,938 and 10,753 tokens/s per GPU).
    assert!(text.contains("墙钟时间") && text.contains("小时"), "{text}");
    assert!(text.contains("介于 32 块与 64 块"), "{text}");
    assert!(text.contains("torchtitan-h200-llama3-8b-32gpu"), "{text}");
}
