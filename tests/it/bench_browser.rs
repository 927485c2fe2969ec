//! Bench charts and tables in real Chromium at a phone's width and a desktop's: chart text
//! never renders below 11 CSS px, the page never scrolls sideways because of a chart or a
//! table, and each bench table's scrolling frame can be reached from the keyboard.
//!
//! The phone width comes from a 390×844 same-origin iframe: media queries inside it answer
//! to its width, exactly as on a phone, without resizing the shared test browser.

use crate::browser::{served_bundled_site, Browser};
use serde_json::{json, Value};

/// Loads `path` into a `width`×844 iframe and measures its bench charts from inside.
fn measure(browser: &Browser, base: &str, path: &str, width: u32) -> Value {
    browser.goto(&format!("{base}/404.html"));
    browser.eval(
        "document.body.innerHTML = '';
         const f = document.createElement('iframe');
         f.id = 'probe'; f.style.border = '0';
         f.style.width = arguments[1] + 'px'; f.style.height = '844px';
         f.src = arguments[0]; document.body.appendChild(f);",
        json!([format!("{base}{path}"), width]),
    );
    browser.wait_for(
        "const f = document.getElementById('probe');
         return !!(f && f.contentDocument && f.contentDocument.readyState === 'complete'
                   && f.contentDocument.querySelector('svg.bench-chart'));",
        path,
    );
    browser.eval(
        "const doc = document.getElementById('probe').contentDocument;
         const win = doc.defaultView;
         let min = 1e9, worst = '', shown = 0, texts = 0;
         for (const svg of doc.querySelectorAll('svg.bench-chart')) {
           const box = svg.getBoundingClientRect();
           if (box.width === 0) continue;
           shown++;
           const scale = box.width / svg.viewBox.baseVal.width;
           for (const t of svg.querySelectorAll('text')) {
             texts++;
             const px = parseFloat(win.getComputedStyle(t).fontSize) * scale;
             if (px < min) { min = px; worst = t.textContent; }
           }
         }
         const wraps = [...doc.querySelectorAll('.bench-wrap')];
         return {
           min, worst, shown, texts,
           narrow: doc.querySelectorAll('svg.bc-narrow').length,
           wideShown: [...doc.querySelectorAll('svg.bc-wide')].filter(s => s.getBoundingClientRect().width > 0).length,
           overflow: doc.documentElement.scrollWidth - win.innerWidth,
           wrapsReachable: wraps.every(w => w.tabIndex === 0 && (w.getAttribute('aria-label') || '').length > 0),
           wraps: wraps.length,
         };",
        json!([]),
    )
}

#[test]
fn bench_chart_text_stays_readable_on_a_phone_and_a_desktop() {
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    for path in [
        "/benchmarks/",
        "/zh/benchmarks/",
        "/architectures/bert/",
        "/zh/architectures/gpt/",
        "/architectures/resnet/",
    ] {
        // 1024: an architecture page's main column is narrower there than the wide chart.
        for width in [390, 768, 1024, 1280] {
            let m = measure(&browser, &site.base, path, width);
            let min = m["min"].as_f64().unwrap_or(0.0);
            assert!(
                m["shown"].as_u64() > Some(0),
                "{path} at {width}: no chart shown: {m}"
            );
            assert!(
                min >= 11.0,
                "{path} at {width}: chart text at {min:.1} px: {m}"
            );
            assert!(
                m["overflow"].as_i64() <= Some(0),
                "{path} at {width}: the page scrolls sideways: {m}"
            );
            assert_eq!(
                m["wrapsReachable"],
                json!(true),
                "{path}: a bench table frame without tabindex and label: {m}"
            );
            // The phone gets the narrow layout, a wide page the wide one; one of the two each.
            let wide_shown = m["wideShown"].as_u64().unwrap_or(0);
            if width == 390 {
                assert_eq!(wide_shown, 0, "{path}: a wide chart on a phone: {m}");
            }
            if width == 1280 && path.contains("benchmarks") {
                assert_eq!(wide_shown, m["shown"].as_u64().unwrap_or(0), "{path}: {m}");
            }
            assert_eq!(
                m["shown"].as_u64(),
                m["narrow"].as_u64(),
                "{path} at {width}: each chart shown once, in one layout: {m}"
            );
        }
    }
}
