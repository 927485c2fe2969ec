//! Browser tests in real headless Chromium, driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`), against the bundled site served by a small HTTP server on loopback.
//! Without a browser the tests fail under CI (which installs one) and skip elsewhere.

use crate::harness::TestSite;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The bundled site, built once for all browser tests and served on loopback.
pub(crate) struct ServedSite {
    pub(crate) _site: TestSite,
    pub(crate) base: String,
}

pub(crate) fn served_bundled_site() -> &'static ServedSite {
    static SITE: OnceLock<ServedSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::bundled();
        let mut options = site.options();
        options.base_url = Some("http://127.0.0.1/".into());
        let (outcome, _) = archkb::build(&options).expect("build");
        assert!(
            !outcome.diagnostics.has_errors(),
            "{}",
            outcome.diagnostics.render_text()
        );
        let base = serve_dir(site.out());
        ServedSite { _site: site, base }
    })
}

/// A minimal static file server for the tests: GET only, files under `root`.
pub(crate) fn serve_dir(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || respond(stream, &root));
        }
    });
    format!("http://{addr}")
}

fn respond(mut stream: TcpStream, root: &Path) {
    let mut buf = [0u8; 8192];
    let n = stream.read(&mut buf).unwrap_or(0);
    let request = String::from_utf8_lossy(&buf[..n]);
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let (status, body) = match (path.contains(".."), std::fs::read(&file)) {
        (false, Ok(body)) => ("200 OK", body),
        _ => (
            "404 Not Found",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
        ),
    };
    let mime = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// A WebDriver session on a fresh headless Chromium.
pub(crate) struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// None (with a message) when no browser is installed, unless CI requires one.
    pub(crate) fn start() -> Option<Browser> {
        if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must install chromium and chromium-driver"
            );
            eprintln!("skipping browser test: {CHROMIUM} or {CHROMEDRIVER} is missing");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = crate::harness::temp_dir();
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while browser.http("GET", "/status", None).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,1000",
        ];
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_string()).collect();
        args.push(format!(
            "--user-data-dir={}",
            browser._profile.path().display()
        ));
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args}}}});
        let reply = browser
            .http("POST", "/session", Some(&caps))
            .expect("new session");
        browser.session = reply["value"]["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        Some(browser)
    }

    fn http(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(60))).ok();
        let body = body.map(ToString::to_string).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .map_err(|e| e.to_string())?;
        let text = read_response(&mut stream)?;
        let json = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let value: Value = serde_json::from_str(json).map_err(|e| format!("{e}: {text}"))?;
        if value["value"]["error"].is_string() {
            return Err(value["value"]["message"].to_string());
        }
        Ok(value)
    }

    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let body = (method == "POST").then_some(&body);
        self.http(method, &path, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))["value"]
            .clone()
    }

    pub(crate) fn goto(&self, url: &str) {
        self.command("POST", "/url", json!({ "url": url }));
    }

    /// The browser's Back button.
    pub(crate) fn back(&self) {
        self.command("POST", "/back", json!({}));
    }

    pub(crate) fn url(&self) -> String {
        self.command("GET", "/url", json!({}))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub(crate) fn eval(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    pub(crate) fn click(&self, css: &str) {
        let element = self.command(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        let id = element
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("element")
            .to_string();
        // Centre it first, as a reader would scroll: the sticky header covers the top edge.
        self.eval(
            "arguments[0].scrollIntoView({block: 'center'})",
            json!([{"element-6066-11e4-a52e-4f735466cecf": id}]),
        );
        self.command("POST", &format!("/element/{id}/click"), json!({}));
    }

    /// Sends keys to the focused element (WebDriver key codes, e.g. "\u{E007}" for Enter).
    pub(crate) fn keys(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|c| {
                [
                    json!({"type": "keyDown", "value": c.to_string()}),
                    json!({"type": "keyUp", "value": c.to_string()}),
                ]
            })
            .collect();
        self.command(
            "POST",
            "/actions",
            json!({"actions": [{"type": "key", "id": "kb", "actions": actions}]}),
        );
    }

    /// Saves a PNG under target/screenshots when ARCHKB_SCREENSHOTS is set, for a person to look at.
    pub(crate) fn screenshot(&self, name: &str) {
        if std::env::var_os("ARCHKB_SCREENSHOTS").is_none() {
            return;
        }
        use base64_decode::decode;
        let data = self.command("GET", "/screenshot", json!({}));
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).ok();
        std::fs::write(
            dir.join(format!("{name}.png")),
            decode(data.as_str().unwrap_or_default()),
        )
        .ok();
    }

    /// Sets the viewport (CSS pixels, scale 1) through the DevTools protocol: a desktop
    /// window cannot be made phone-narrow, an emulated viewport can.
    pub(crate) fn viewport(&self, width: u32, height: u32) {
        self.command(
            "POST",
            "/goog/cdp/execute",
            json!({"cmd": "Emulation.setDeviceMetricsOverride",
                "params": {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}}),
        );
    }

    /// Polls `script` until it returns true.
    pub(crate) fn wait_for(&self, script: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let path = format!("/session/{}/execute/sync", self.session);
        let body = json!({ "script": script, "args": [] });
        loop {
            // A page in the middle of reloading has no body yet: an error is "not yet".
            let last = self
                .http("POST", &path, Some(&body))
                .map(|v| v["value"].clone());
            if last == Ok(json!(true)) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {last:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Reads one HTTP response: headers, then Content-Length bytes (chromedriver may keep the
/// connection open, so reading to the end would wait for its timeout).
fn read_response(stream: &mut TcpStream) -> Result<String, String> {
    let mut data = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&data);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head.lines().find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
            });
            if let Some(length) = length {
                if body.len() >= length {
                    break;
                }
            }
        }
    }
    Ok(String::from_utf8_lossy(&data).into_owned())
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.http("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64, enough for screenshots; no dependency for one decode.
mod base64_decode {
    pub(super) fn decode(text: &str) -> Vec<u8> {
        let value = |c: u8| match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        };
        let digits: Vec<u8> = text.bytes().filter_map(value).collect();
        digits
            .chunks(4)
            .flat_map(|c| {
                let n = c
                    .iter()
                    .enumerate()
                    .fold(0u32, |n, (i, d)| n | (u32::from(*d) << (18 - 6 * i)));
                let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
                bytes.into_iter().take(c.len().saturating_sub(1))
            })
            .collect()
    }
}

#[test]
fn widget_answers_through_to_a_recommendation_and_shares_it() {
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("{}/choose/", site.base));
    browser.wait_for(
        "return !!document.querySelector('[data-widget] [data-answer]')",
        "the widget",
    );
    // Answer with the keyboard: focus the first answer and press Enter, until a result.
    let mut steps = 0;
    while browser.eval(
        "return !!document.querySelector('[data-widget] [data-answer]')",
        json!([]),
    ) == json!(true)
    {
        browser.eval(
            "document.querySelector('[data-widget] [data-answer]').focus()",
            json!([]),
        );
        browser.keys("\u{E007}");
        steps += 1;
        assert!(steps < 10, "the widget never reached a result");
    }
    let result = browser.eval(
        "return Array.from(document.querySelectorAll('[data-result] h3 a')).map(a => a.getAttribute('href'))",
        json!([]),
    );
    let links = result.as_array().expect("result links");
    assert!(!links.is_empty(), "a recommendation with links");
    assert!(
        links
            .iter()
            .all(|l| l.as_str().unwrap_or("").starts_with("/architectures/")),
        "{links:?}"
    );
    let reason = browser.eval(
        "return document.querySelector('[data-widget] .reason').textContent",
        json!([]),
    );
    assert!(
        reason.as_str().unwrap_or("").len() > 10,
        "the result says why"
    );

    // The path is highlighted on the flowchart: one node per step plus the start, one edge per answer.
    let active_nodes = browser.eval(
        "return document.querySelectorAll('#flowchart .fc-node.fc-active').length",
        json!([]),
    );
    let active_edges = browser.eval(
        "return document.querySelectorAll('#flowchart .fc-edge.fc-active').length",
        json!([]),
    );
    assert_eq!(active_edges, json!(steps));
    assert_eq!(active_nodes, json!(steps + 1));
    browser.screenshot("choose-result-en");

    // The URL holds the state: a fresh load of it shows the same result.
    let shared = browser.url();
    assert!(shared.contains("path="), "{shared}");
    browser.goto(&format!("{}/", site.base));
    browser.goto(&shared);
    browser.wait_for(
        "return !!document.querySelector('[data-result]')",
        "the shared result",
    );
    let again = browser.eval("return Array.from(document.querySelectorAll('[data-result] h3 a')).map(a => a.getAttribute('href'))", json!([]));
    assert_eq!(&again, &result);

    // Back goes one step; restart goes to the first question.
    browser.click("[data-back]");
    browser.wait_for(
        "return !!document.querySelector('[data-widget] [data-answer]')",
        "the previous question",
    );
    assert!(!browser.url().contains(links[0].as_str().unwrap_or("x")));
    browser.click("[data-restart]");
    let first = browser.eval(
        "return document.querySelector('[data-widget] h2').textContent",
        json!([]),
    );
    assert!(first.as_str().unwrap_or("").contains("data"), "{first}");
    assert!(!browser.url().contains("path="));
}

#[test]
fn widget_speaks_chinese_on_the_chinese_page() {
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("{}/zh/choose/", site.base));
    browser.wait_for(
        "return !!document.querySelector('[data-widget] [data-answer]')",
        "the widget",
    );
    let heading = browser.eval(
        "return document.querySelector('[data-widget] h2').textContent",
        json!([]),
    );
    assert!(
        heading
            .as_str()
            .unwrap_or("")
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{heading}"
    );
    browser.click("[data-widget] [data-answer]");
    let back = browser.eval(
        "return document.querySelector('[data-back]').textContent",
        json!([]),
    );
    assert!(back.as_str().unwrap_or("").contains("上一步"), "{back}");
    browser.screenshot("choose-zh");
}

#[test]
fn comparison_table_sorts_filters_and_marks_differences() {
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("{}/compare/", site.base));
    browser.wait_for(
        "return !!document.querySelector('th[data-key=year] button')",
        "the sort buttons",
    );
    let years = "return Array.from(document.querySelectorAll('#compare-table tr[data-id]')).filter(r => !r.hidden).map(r => +r.cells[1].dataset.sort)";
    browser.click("th[data-key=year] button");
    let ascending: Vec<i64> = serde_json::from_value(browser.eval(years, json!([]))).unwrap();
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    assert_eq!(
        browser.eval(
            "return document.querySelector('th[data-key=year]').getAttribute('aria-sort')",
            json!([])
        ),
        json!("ascending")
    );
    browser.click("th[data-key=year] button");
    let descending: Vec<i64> = serde_json::from_value(browser.eval(years, json!([]))).unwrap();
    assert!(
        descending.windows(2).all(|w| w[0] >= w[1]),
        "{descending:?}"
    );

    // Filter by a facet value: only rows with that value stay.
    browser.eval("const s = document.querySelector('select[data-filter=data_types]'); s.value = 'text'; s.dispatchEvent(new Event('change'))", json!([]));
    let visible = browser.eval("return Array.from(document.querySelectorAll('#compare-table tr[data-id]')).filter(r => !r.hidden).map(r => r.querySelector('[data-field=data_types]').dataset.values)", json!([]));
    let visible = visible.as_array().unwrap();
    assert!(!visible.is_empty() && visible.len() < ascending.len());
    assert!(
        visible
            .iter()
            .all(|v| v.as_str().unwrap().split_whitespace().any(|t| t == "text")),
        "{visible:?}"
    );

    // Compare two rows: the cells that differ are marked.
    browser.eval("const s = document.querySelector('select[data-filter=data_types]'); s.value = ''; s.dispatchEvent(new Event('change'))", json!([]));
    browser.click("input[data-compare=resnet]");
    browser.click("input[data-compare=vit]");
    let differs = browser.eval("return Array.from(document.querySelectorAll('tr[data-id=resnet] td.differs')).map(td => td.dataset.field || 'other')", json!([]));
    assert!(
        differs
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "training_compute" || f == "other"),
        "{differs}"
    );
    browser.screenshot("compare-en");
}

/// Types `query` into the header's search box as a reader would (the input event fires).
pub(crate) fn type_search(browser: &Browser, query: &str) {
    browser.eval(
        "const i = document.getElementById('search-q'); i.focus(); i.value = arguments[0]; i.dispatchEvent(new Event('input', {bubbles: true}))",
        json!([query]),
    );
    browser.wait_for(
        "return document.querySelectorAll('.search-pop [role=option]').length > 0",
        "search results",
    );
}

#[test]
fn search_finds_english_and_chinese_and_follows_a_result() {
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("{}/guides/", site.base));
    // `/` focuses the box.
    browser.eval("document.body.focus()", json!([]));
    browser.keys("/");
    let focused = browser.eval(
        "return document.activeElement && document.activeElement.id",
        json!([]),
    );
    assert_eq!(focused, json!("search-q"));
    type_search(&browser, "resnet");
    let first = browser.eval(
        "return document.querySelector('.search-pop [role=option] a').getAttribute('href')",
        json!([]),
    );
    assert!(
        first
            .as_str()
            .unwrap_or("")
            .contains("/architectures/resnet/"),
        "{first}"
    );
    let marked = browser.eval(
        "return document.querySelectorAll('.search-pop mark').length",
        json!([]),
    );
    assert!(
        marked.as_i64().unwrap_or(0) > 0,
        "snippets highlight the match"
    );
    browser.screenshot("search-en");
    // Arrow down and Enter follow the first result.
    browser.eval("document.getElementById('search-q').focus()", json!([]));
    browser.keys("\u{E015}\u{E007}");
    browser.wait_for(
        "return location.pathname.includes('/architectures/resnet/')",
        "the result page",
    );

    browser.goto(&format!("{}/zh/", site.base));
    type_search(&browser, "卷积");
    let titles = browser.eval("return Array.from(document.querySelectorAll('.search-pop [role=option] strong')).map(s => s.textContent)", json!([]));
    assert!(
        titles
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap_or("").contains("卷积")),
        "{titles}"
    );
    browser.screenshot("search-zh");
}

/// On /search/ the results are links: Tab from the query reaches the first result, which is
/// an `<a href>` (so it opens in a new tab like any link), and a Chinese query on an
/// English page finds the Chinese pages, said to be in another language.
#[test]
fn search_page_results_are_links_reached_with_tab() {
    let site = served_bundled_site();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("{}/search/?q=transformer", site.base));
    browser.wait_for(
        "return document.querySelectorAll('#search-results li a[href]').length > 0",
        "search page results",
    );
    browser.eval(
        "document.getElementById('search-page-q').focus()",
        json!([]),
    );
    // Tab past the scope and filter boxes until a result link has focus.
    let mut reached = false;
    for _ in 0..80 {
        browser.keys("\u{E004}");
        let on_result = browser.eval(
            "return !!(document.activeElement && document.activeElement.closest('#search-results') && document.activeElement.tagName === 'A')",
            json!([]),
        );
        if on_result == json!(true) {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab reaches a result link");
    let href = browser.eval("return document.activeElement.href", json!([]));
    assert!(
        href.as_str().unwrap_or("").contains("/architectures/"),
        "{href}"
    );

    browser.goto(&format!("{}/search/?q=%E5%8D%B7%E7%A7%AF", site.base));
    browser.wait_for(
        "return document.querySelectorAll('#search-results li a[href]').length > 0",
        "cross-language results",
    );
    let first = browser.eval(
        "return document.querySelector('#search-results li a').getAttribute('href')",
        json!([]),
    );
    assert!(first.as_str().unwrap_or("").contains("/zh/"), "{first}");
    let status = browser.eval(
        "return document.getElementById('search-status').textContent",
        json!([]),
    );
    assert!(
        status.as_str().unwrap_or("").contains("other languages"),
        "{status}"
    );
    browser.screenshot("search-page-other-language");
}
