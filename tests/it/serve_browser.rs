//! A real browser sees `archkb serve` work: headless Chromium (the shared WebDriver client
//! in `browser.rs`) loads a page; an edit on disk then changes what it shows with no action
//! in the browser. It also checks that a stylesheet-only change restyles the page without
//! reloading it, and that a broken build draws the error overlay, which the fix removes.

use crate::browser::Browser;
use crate::harness::copy_dir;
use archkb::serve::{ServeOptions, Server};
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);

#[test]
fn an_open_page_follows_edits_by_itself() {
    let dir = crate::harness::temp_dir();
    let root = dir.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
        root,
    );
    let mut options = ServeOptions::new(root);
    options.port = 0;
    options.verbose = false;
    let server = Server::start(options).unwrap();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("{}guides/hello/", server.url()));
    browser.wait_for(
        "return document.body.innerText.includes('The original text of the hello guide.')",
        "the page loads",
    );
    // Wait for the event stream to be open before editing (the page would catch up on
    // connecting anyway; this makes the test about the live path).
    let deadline = Instant::now() + WAIT;
    while server.open_event_streams() == 0 {
        assert!(Instant::now() < deadline, "no event stream");
        std::thread::sleep(Duration::from_millis(50));
    }

    // An edit on disk: the page reloads itself and shows it.
    browser.eval("window.__before_edit = true; return true", json!([]));
    let article = root.join("content/en/guides/hello.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replace("The original text", "Text the browser sees change"),
    )
    .unwrap();
    browser.wait_for(
        "return document.body.innerText.includes('Text the browser sees change')",
        "the page shows the edit",
    );
    assert_eq!(
        browser.eval("return window.__before_edit === undefined", json!([])),
        json!(true),
        "the page reloaded"
    );

    // A stylesheet-only change restyles the page in place, without a reload.
    browser.eval("window.__before_css = true; return true", json!([]));
    let css = root.join("themes/default/static/style.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::write(&css, "body { outline: 7px solid rgb(1, 2, 3); }\n").unwrap();
    browser.wait_for(
        "return getComputedStyle(document.body).outlineWidth === '7px'",
        "the new stylesheet applies",
    );
    assert_eq!(
        browser.eval("return window.__before_css === true", json!([])),
        json!(true),
        "a CSS change does not reload the page"
    );

    // A broken build draws the overlay over the last good page; the fix removes it.
    std::fs::write(&article, "---\ntitle: [never closed\n---\n").unwrap();
    browser.wait_for("var o = document.getElementById('archkb-overlay'); return !!o && o.textContent.includes('content/en/guides/hello.md')", "the overlay shows the error");
    assert_eq!(
        browser.eval(
            "return document.body.innerText.includes('Text the browser sees change')",
            json!([])
        ),
        json!(true)
    );
    std::fs::write(&article, text.replace("The original text", "Fixed text")).unwrap();
    browser.wait_for("return !document.getElementById('archkb-overlay') && document.body.innerText.includes('Fixed text')", "the fix clears the overlay and shows the page");
}
