//! A real browser sees `archkb serve` work: headless Chromium, driven over WebDriver by
//! chromedriver (plain HTTP + JSON, so no extra crate), loads a page; an edit on disk then
//! changes what it shows with no action in the browser. It also checks that a
//! stylesheet-only change restyles the page without reloading it, and that a broken build
//! draws the error overlay, which the fix removes.
//!
//! Without /usr/bin/chromium and /usr/bin/chromedriver the test prints a skip message, or
//! fails when `CI` is set (CI must have them: `apt-get install chromium chromium-driver`).
//! Self-contained on purpose; a shared browser helper may replace the client below.

use archkb::serve::{ServeOptions, Server};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WAIT: Duration = Duration::from_secs(10);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// One HTTP/1.1 exchange with chromedriver; returns the JSON body.
fn webdriver(addr: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> Value {
    let payload = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    )
    .unwrap();
    // Read the head, then exactly Content-Length bytes (chromedriver may keep the
    // connection open), or to the end for a chunked or unsized body.
    let mut bytes = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "chromedriver closed the connection");
        bytes.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).to_ascii_lowercase();
    let length = head.lines().find_map(|l| {
        l.strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    match length {
        Some(length) => {
            while bytes.len() < head_end + length {
                let n = stream.read(&mut buf).unwrap();
                assert!(n > 0, "chromedriver closed the connection");
                bytes.extend_from_slice(&buf[..n]);
            }
        }
        None => {
            let _ = stream.read_to_end(&mut bytes);
        }
    }
    let body = String::from_utf8_lossy(&bytes[head_end..]).into_owned();
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(&body)
    } else {
        body
    };
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let port = free_port();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting chromedriver");
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(addr).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let created = webdriver(
            addr,
            "POST",
            "/session",
            Some(&json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                        format!("--user-data-dir={}", profile.path().display()),
                    ],
                },
            }}})),
        );
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {created}"))
            .to_string();
        Browser {
            driver,
            addr,
            session,
            _profile: profile,
        }
    }

    fn go(&self, url: &str) {
        webdriver(
            self.addr,
            "POST",
            &format!("/session/{}/url", self.session),
            Some(&json!({ "url": url })),
        );
    }

    fn eval(&self, script: &str) -> Value {
        webdriver(
            self.addr,
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(&json!({"script": script, "args": []})),
        )["value"]
            .clone()
    }

    /// Evaluates `script` until it returns `true`; panics with `what` after `WAIT`.
    fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if self.eval(script) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{what}: not within {WAIT:?}");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        webdriver(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)"
        );
        eprintln!("skipped: {CHROMIUM} or {CHROMEDRIVER} is missing");
    }
    present
}

#[test]
fn an_open_page_follows_edits_by_itself() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
        root,
    );
    let mut options = ServeOptions::new(root);
    options.port = 0;
    options.verbose = false;
    let server = Server::start(options).unwrap();
    let browser = Browser::start();
    browser.go(&format!("{}guides/hello/", server.url()));
    browser.wait_until(
        "the page loads",
        "return document.body.innerText.includes('The original text of the hello guide.')",
    );
    // Wait for the event stream to be open before editing (the page would catch up on
    // connecting anyway; this makes the test about the live path).
    let deadline = Instant::now() + WAIT;
    while server.open_event_streams() == 0 {
        assert!(Instant::now() < deadline, "no event stream");
        std::thread::sleep(Duration::from_millis(50));
    }

    // An edit on disk: the page reloads itself and shows it.
    browser.eval("window.__before_edit = true; return true");
    let article = root.join("content/en/guides/hello.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replace("The original text", "Text the browser sees change"),
    )
    .unwrap();
    browser.wait_until(
        "the page shows the edit",
        "return document.body.innerText.includes('Text the browser sees change')",
    );
    assert_eq!(
        browser.eval("return window.__before_edit === undefined"),
        json!(true),
        "the page reloaded"
    );

    // A stylesheet-only change restyles the page in place, without a reload.
    browser.eval("window.__before_css = true; return true");
    let css = root.join("themes/default/static/style.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::write(&css, "body { outline: 7px solid rgb(1, 2, 3); }\n").unwrap();
    browser.wait_until(
        "the new stylesheet applies",
        "return getComputedStyle(document.body).outlineWidth === '7px'",
    );
    assert_eq!(
        browser.eval("return window.__before_css === true"),
        json!(true),
        "a CSS change does not reload the page"
    );

    // A broken build draws the overlay over the last good page; the fix removes it.
    std::fs::write(&article, "---\ntitle: [never closed\n---\n").unwrap();
    browser.wait_until(
        "the overlay shows the error",
        "var o = document.getElementById('archkb-overlay'); return !!o && o.textContent.includes('content/en/guides/hello.md')",
    );
    assert_eq!(
        browser.eval("return document.body.innerText.includes('Text the browser sees change')"),
        json!(true)
    );
    std::fs::write(&article, text.replace("The original text", "Fixed text")).unwrap();
    browser.wait_until(
        "the fix clears the overlay and shows the page",
        "return !document.getElementById('archkb-overlay') && document.body.innerText.includes('Fixed text')",
    );
}
