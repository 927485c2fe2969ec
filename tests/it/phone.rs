//! Reading on a phone and on a desktop: every page of the bundled site in headless Chromium
//! at 390×844 and at 1280×800, in one browser session.
//!
//! Every page, both widths: no horizontal page overflow and no SVG text rendered below
//! 11 CSS px. The header's search dropdown (opened with a query) and the phone menu stay
//! inside the viewport on a representative page of each kind; on /choose/ every edge label
//! set bold (the highlighted state) fits its box. axe (serious and critical, colour
//! contrast included) runs at phone width on a representative set of pages in both
//! languages and both colour schemes: the desktop width is publish.rs's axe test, and
//! every page × 2 widths × 2 schemes would take minutes on two cores.

use crate::browser::{served_bundled_site, type_search, Browser};
use crate::publish::{available, node_module};
use serde_json::{json, Value};
use std::path::Path;

const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 800);

/// Site paths of every HTML page under `out`, sorted.
fn every_page(out: &Path) -> Vec<String> {
    let mut pages = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read output").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path.strip_prefix(out).expect("under out");
                let rel = rel.to_string_lossy().replace('\\', "/");
                pages.push(rel.strip_suffix("index.html").unwrap_or(&rel).to_string());
            }
        }
    }
    pages.sort();
    pages
}

/// Problems on the loaded page: sideways overflow (naming the widest culprit) and SVG
/// text whose rendered size is below 11 px.
const LAYOUT_PROBLEMS: &str = r#"
const problems = [];
const width = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth > width + 1) {
  let worst = null;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && (!worst || r.right > worst.right)) {
      // Skip what sits inside a scroll container: it scrolls there, not the page.
      let p = el.parentElement, inside = false;
      while (p && p !== document.body) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') { inside = true; break; }
        p = p.parentElement;
      }
      if (!inside) worst = { right: r.right, what: el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') };
    }
  }
  problems.push('page is ' + document.documentElement.scrollWidth + ' px wide in ' + width + ' px' + (worst ? ' (' + worst.what + ' reaches ' + Math.round(worst.right) + ')' : ''));
}
let small = 0, example = '';
for (const t of document.querySelectorAll('svg text')) {
  const svg = t.ownerSVGElement;
  if (!svg || !t.getClientRects().length) continue;
  const ctm = svg.getScreenCTM();
  if (!ctm) continue;
  const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
  if (px < 11 - 0.01) { small++; if (!example) example = (svg.getAttribute('class') || 'svg') + ': "' + t.textContent.slice(0, 30) + '" at ' + px.toFixed(1) + ' px'; }
}
if (small) problems.push(small + ' SVG text elements below 11 px, e.g. ' + example);
return problems;
"#;

/// Whether an element's box lies within the viewport (1 px of rounding allowed).
const OUTSIDE_VIEWPORT: &str = r"
const el = document.querySelector(arguments[0]);
if (!el || el.hidden || !el.getClientRects().length) return 'not shown';
const r = el.getBoundingClientRect();
const w = document.documentElement.clientWidth, h = window.innerHeight;
return (r.left < -1 || r.right > w + 1 || r.top < -1 || r.bottom > h + 1)
  ? 'at ' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(',') + ' in ' + w + 'x' + h : '';
";

/// On /choose/: every edge set highlighted; labels whose bold text leaves their box.
const LABELS_OVERFLOWING: &str = r#"
const chart = document.getElementById('flowchart');
if (!chart) return ['no #flowchart'];
chart.querySelectorAll('.fc-edge').forEach(e => e.classList.add('fc-active'));
const bad = [];
chart.querySelectorAll('.fc-edge').forEach(e => {
  const box = e.querySelector('.fc-label-box'), text = e.querySelector('.fc-label');
  if (!box || !text) return;
  const b = box.getBBox(), t = text.getBBox();
  if (getComputedStyle(text).fontWeight < 600) bad.push('label not bold when highlighted');
  if (t.x < b.x - 0.5 || t.x + t.width > b.x + b.width + 0.5) bad.push(e.dataset.edgeId + ': "' + text.textContent + '" ' + t.width.toFixed(1) + ' px in ' + b.width.toFixed(1));
});
// Question and outcome text inside its box, and reference text inside its dashed box.
chart.querySelectorAll('.fc-node, .fc-ref').forEach(n => {
  const b = n.querySelector('.fc-box, .fc-ref-box').getBBox();
  n.querySelectorAll('text').forEach(text => {
    const t = text.getBBox();
    if (t.x < b.x - 0.5 || t.x + t.width > b.x + b.width + 0.5) bad.push((n.dataset.nodeId || n.dataset.refId) + ': "' + text.textContent + '" ' + t.width.toFixed(1) + ' px in ' + b.width.toFixed(1));
  });
});
chart.querySelectorAll('.fc-edge').forEach(e => e.classList.remove('fc-active'));
return bad;
"#;

fn strings(value: Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_page_reads_on_a_phone_and_a_desktop() {
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    let pages = every_page(&site._site.out());
    assert!(pages.len() > 100, "{} pages", pages.len());
    let mut problems = Vec::new();
    for (width, height) in [PHONE, DESKTOP] {
        browser.viewport(width, height);
        for page in &pages {
            browser.goto(&format!("{}/{page}", site.base));
            for p in strings(browser.eval(LAYOUT_PROBLEMS, json!([]))) {
                problems.push(format!("/{page} at {width}: {p}"));
            }
        }
        // The header's popups, on a page of each kind.
        for page in [
            "",
            "architectures/transformer/",
            "compare/",
            "zh/guides/",
            "search/",
        ] {
            browser.goto(&format!("{}/{page}", site.base));
            type_search(&browser, "transformer");
            browser.wait_for(
                "const p = document.querySelector('.search-pop'); return !!p && !p.hidden",
                "the search dropdown",
            );
            let at = browser.eval(OUTSIDE_VIEWPORT, json!([".search-pop"]));
            if at != json!("") {
                problems.push(format!("/{page} at {width}: search dropdown {at}"));
            }
            if width == PHONE.0 {
                browser.eval("document.activeElement.blur()", json!([]));
                browser.click("[data-menu-toggle]");
                let at = browser.eval(OUTSIDE_VIEWPORT, json!(["#site-menu"]));
                if at != json!("") {
                    problems.push(format!("/{page} at {width}: menu {at}"));
                }
            }
        }
        for page in ["choose/", "zh/choose/"] {
            browser.goto(&format!("{}/{page}", site.base));
            for p in strings(browser.eval(LABELS_OVERFLOWING, json!([]))) {
                problems.push(format!("/{page} at {width}: flowchart text {p}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn phone_pages_pass_axe_in_both_colour_schemes() {
    let axe = node_module("axe-core/axe.min.js");
    if !available("axe-core (npm)", axe.exists()) {
        return;
    }
    let axe_source = std::fs::read_to_string(&axe).expect("axe.min.js");
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.viewport(PHONE.0, PHONE.1);
    let mut problems = Vec::new();
    for lang in ["", "zh/"] {
        for page in [
            "",
            "architectures/transformer/",
            "guides/",
            "compare/?rows=resnet,vit",
            "choose/?path=data/0,image_goal/0",
            "benchmarks/",
            "search/?q=transformer",
        ] {
            for scheme in ["light", "dark"] {
                browser.goto(&format!("{}/{lang}{page}", site.base));
                browser.eval(
                    "document.documentElement.dataset.theme = arguments[0]; window.__axe = null",
                    json!([scheme]),
                );
                browser.eval(&axe_source, json!([]));
                browser.eval(
                    "axe.run(document, {resultTypes: ['violations']}).then(r => { window.__axe = r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ' [' + v.impact + '] ' + v.help + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')) })",
                    json!([]),
                );
                browser.wait_for("return window.__axe !== null", "axe");
                for v in strings(browser.eval("return window.__axe", json!([]))) {
                    problems.push(format!("/{lang}{page} ({scheme}): {v}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "axe:\n{}", problems.join("\n"));
}

/// At phone width: the header's height, and the height of every tap target in the menu.
const HEADER_AND_TARGETS: &str = r"
const header = document.querySelector('.site-header').getBoundingClientRect().height;
document.querySelector('[data-menu-toggle]').click();
const menu = document.getElementById('site-menu');
const open = menu.classList.contains('open') && menu.getClientRects().length > 0;
const small = [...menu.querySelectorAll('a, button, .lang'), document.querySelector('[data-menu-toggle]'), document.getElementById('search-q')]
  .filter(e => e.getClientRects().length)
  .map(e => [e.textContent.trim() || e.id || e.className, e.getBoundingClientRect().height])
  .filter(([, h]) => h < 44 - 0.5)
  .map(([what, h]) => what + ' is ' + h.toFixed(1) + ' px');
return { header, open, small };
";

#[test]
fn the_phone_header_is_compact_and_its_menu_easy_to_tap() {
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.viewport(PHONE.0, PHONE.1);
    for page in ["", "zh/", "architectures/transformer/", "zh/compare/"] {
        browser.goto(&format!("{}/{page}", site.base));
        let found = browser.eval(HEADER_AND_TARGETS, json!([]));
        let header = found["header"].as_f64().expect("header height");
        assert!(header <= 64.0, "/{page}: the header is {header} px tall");
        assert_eq!(found["open"], json!(true), "/{page}: the menu opens");
        assert_eq!(found["small"], json!([]), "/{page}: small tap targets");
        // Escape closes it again, and focus returns to the button.
        browser.keys("\u{E00C}");
        assert_eq!(
            browser.eval(
                "return [document.getElementById('site-menu').classList.contains('open'), document.activeElement.hasAttribute('data-menu-toggle')]",
                json!([])
            ),
            json!([false, true]),
            "/{page}"
        );
    }
}

/// The ids of the comparison rows on show.
const SHOWN_ROWS: &str =
    "return [...document.querySelectorAll('#compare-table tr[data-id]')].filter(r => !r.hidden).map(r => r.dataset.id)";

#[test]
fn the_comparison_view_lives_in_the_url() {
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.viewport(PHONE.0, PHONE.1);
    // The decision result's shortlist link: those rows, picked and shown alone.
    browser.goto(&format!("{}/compare/?rows=vit,resnet", site.base));
    assert_eq!(
        browser.eval(SHOWN_ROWS, json!([])),
        json!(["resnet", "vit"]),
        "in table order"
    );
    assert_eq!(
        browser.eval(
            "return [document.querySelector('[data-only-selected]').checked, document.querySelectorAll('[data-compare]:checked').length]",
            json!([])
        ),
        json!([true, 2])
    );
    // Showing every row again keeps the picks, and says so in the URL.
    browser.click("[data-only-selected]");
    assert!(
        browser.url().ends_with("?rows=resnet,vit&only=0"),
        "{}",
        browser.url()
    );
    let all = browser.eval(SHOWN_ROWS, json!([]));
    assert!(all.as_array().expect("rows").len() > 20, "{all}");
    // A filter goes into the URL, and a URL with a filter applies it.
    browser.eval(
        "const s = document.querySelector('select[data-filter=data_types]'); s.value = 'audio'; s.dispatchEvent(new Event('change'))",
        json!([]),
    );
    let url = browser.url();
    assert!(url.contains("data_types=audio"), "{url}");
    let filtered = browser.eval(SHOWN_ROWS, json!([]));
    browser.goto(&url);
    assert_eq!(browser.eval(SHOWN_ROWS, json!([])), filtered, "{url}");
    assert_eq!(
        browser.eval(
            "return document.querySelector('select[data-filter=data_types]').value",
            json!([])
        ),
        json!("audio")
    );
    // The share link is the view's URL; the filters' labels come from the page's language.
    assert_eq!(
        browser.eval(
            "return document.querySelector('[data-share-view]').href",
            json!([])
        ),
        json!(url)
    );
    browser.goto(&format!("{}/zh/compare/?sort=year&dir=desc", site.base));
    assert_eq!(
        browser.eval(
            "return [document.querySelector('select[data-filter] option').textContent, document.querySelector('th[data-key=year]').getAttribute('aria-sort')]",
            json!([])
        ),
        json!(["全部", "descending"])
    );
}
