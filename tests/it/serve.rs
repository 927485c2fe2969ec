//! `archkb serve` end to end: a real server on a free port of 127.0.0.1, serving a temp copy
//! of `tests/fixtures/serve-site/`, edited on disk while a test listens to its event stream
//! the way a page does. Every wait is bounded; no test takes more than a few seconds.

use crate::harness::copy_dir;
use archkb::serve::{ServeOptions, Server};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);

/// A temp folder holding a copy of the fixture site in `site/` (so a test can put a file
/// beside the site, outside it), and a server on it.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    server: Server,
}

impl Fixture {
    fn start() -> Fixture {
        Fixture::start_with(|_| {})
    }

    /// A server whose options `adjust` changes first.
    fn start_with(adjust: impl FnOnce(&mut ServeOptions)) -> Fixture {
        let dir = crate::harness::temp_dir();
        let root = dir.path().join("site");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
            &root,
        );
        let mut options = options(&root);
        adjust(&mut options);
        let server = Server::start(options).unwrap();
        assert!(server.first_build().errors.is_empty());
        Fixture {
            _dir: dir,
            root,
            server,
        }
    }

    fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn get(&self, path: &str) -> Reply {
        request(
            self.addr(),
            &format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr()),
        )
    }

    fn events(&self) -> Events {
        Events::open(self.addr())
    }
}

fn options(root: &Path) -> ServeOptions {
    let mut options = ServeOptions::new(root);
    options.port = 0;
    options.verbose = std::env::var_os("ARCHKB_SERVE_VERBOSE").is_some();
    options
}

const HELLO: &str = "content/en/guides/hello.md";
const HELLO_PAGE: &str = "guides/hello/index.html";

fn hello_with(text: &str) -> String {
    format!("---\ntitle: Hello\nsummary: A guide the serve tests edit.\ntags: [test]\n---\n\n## First words\n\n{text}\n")
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
    /// The body as sent (`body` is it read as UTF-8, lossily).
    bytes: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Sends `raw` as it is (so tests can send what a browser never would) and reads the reply.
fn request(addr: SocketAddr, raw: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(bytes.len(), |at| at + 4);
    let body_bytes = bytes[split..].to_vec();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
        bytes: body_bytes,
    }
}

/// An open event stream, read the way the page's EventSource reads it.
struct Events {
    reader: BufReader<TcpStream>,
    partial: String,
    hello: Value,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .write_all(format!("GET /__archkb/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
            .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
            partial: String::new(),
            hello: Value::Null,
        };
        let (name, hello) = events.next(WAIT).expect("a hello event");
        assert_eq!(name, "hello");
        events.hello = hello;
        events
    }

    /// The next event within `timeout`: its name and its data.
    fn next(&mut self, timeout: Duration) -> Option<(String, Value)> {
        let deadline = Instant::now() + timeout;
        let mut name = String::new();
        let mut data = None;
        while Instant::now() < deadline {
            match self.reader.read_line(&mut self.partial) {
                Ok(0) => return None,
                Ok(_) if self.partial.ends_with('\n') => {
                    let line = std::mem::take(&mut self.partial);
                    let line = line.trim_end_matches(['\r', '\n']);
                    if let Some(n) = line.strip_prefix("event: ") {
                        name = n.to_string();
                    } else if let Some(d) = line.strip_prefix("data: ") {
                        data = Some(serde_json::from_str(d).unwrap());
                    } else if line.is_empty() {
                        if let Some(data) = data.take() {
                            return Some((std::mem::take(&mut name), data));
                        }
                    }
                }
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("reading events: {e}"),
            }
        }
        None
    }

    /// Waits for an event named `name` whose data satisfies `want`; panics after `WAIT`.
    fn wait_for(&mut self, name: &str, want: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Some((n, data)) = self.next(deadline - Instant::now()) {
                if n == name && want(&data) {
                    return data;
                }
                seen.push((n, data));
            }
        }
        panic!("no `{name}` event as wanted within {WAIT:?}; saw {seen:?}");
    }
}

fn changed(data: &Value) -> Vec<String> {
    data["changed"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn changes(data: &Value, path: &str) -> bool {
    changed(data).iter().any(|p| p == path)
}

/// Polls `cond` until it holds or `WAIT` passes.
fn eventually(what: &str, cond: impl Fn() -> bool) {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if cond() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{what}: not within {WAIT:?}");
}

#[test]
fn serves_pages_from_memory_with_types_404_pages_redirects_and_head() {
    let site = Fixture::start();
    let page = site.get("/guides/hello/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.body.contains("The original text of the hello guide."));
    assert!(page
        .body
        .contains("<script id=\"archkb-live\" data-page=\"guides/hello/index.html\""));
    // Links point at this server, whatever config.yaml says.
    assert!(page.body.contains(&format!("http://{}/", site.addr())));
    assert!(!page.body.contains("archkb.example.com"));

    let css = site.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(
        !css.body.contains("archkb-live"),
        "only HTML gets the script"
    );
    assert_eq!(
        site.get("/static/widget.js").header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(
        site.get("/choose/decision.json").header("content-type"),
        Some("application/json")
    );
    assert_eq!(
        site.get("/compare/architectures.csv")
            .header("content-type"),
        Some("text/csv; charset=utf-8")
    );

    let redirect = site.get("/guides/hello?x=1");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("location"), Some("/guides/hello/?x=1"));

    let missing = site.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("<html lang=\"en\""),
        "the site's own 404 page"
    );
    assert!(missing
        .body
        .contains("data-page=\"no/such/page/index.html\""));
    let missing_zh = site.get("/zh/no-such-page/");
    assert_eq!(missing_zh.status, 404);
    assert!(
        missing_zh.body.contains("<html lang=\"zh\""),
        "the Chinese 404 page"
    );

    let head = request(
        site.addr(),
        &format!(
            "HEAD /guides/hello/ HTTP/1.1\r\nHost: {}\r\n\r\n",
            site.addr()
        ),
    );
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    assert_eq!(head.header("content-length"), page.header("content-length"));
    let post = request(site.addr(), "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    assert_eq!(post.status, 405);

    assert!(
        !site.root.join("public").exists(),
        "serve never writes the site to disk"
    );
}

#[test]
fn refuses_every_request_that_would_leave_the_site() {
    let site = Fixture::start();
    std::fs::write(site.root.parent().unwrap().join("secret.txt"), "TOP SECRET").unwrap();
    for target in [
        "/../secret.txt",
        "/guides/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/guides%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/a%00.html",
        "//secret.txt",
        "/./index.html",
        "http://127.0.0.1/index.html",
        "*",
        "/%zz",
    ] {
        let reply = request(
            site.addr(),
            &format!("GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n", site.addr()),
        );
        assert!(
            reply.status == 400 || reply.status == 404,
            "{target} answered {}",
            reply.status
        );
        assert!(!reply.body.contains("TOP SECRET"), "{target} leaked a file");
    }
    // An absolute path is just a page that does not exist.
    let reply = site.get("/etc/passwd");
    assert_eq!(reply.status, 404);
    assert!(!reply.body.contains("root:"));
    let reply = request(site.addr(), "GET /a\0b HTTP/1.1\r\n\r\n");
    assert!(reply.status == 400 || reply.status == 404);
    let reply = request(site.addr(), "garbage\r\n\r\n");
    assert_eq!(reply.status, 400);
}

#[test]
fn an_edit_sends_a_reload_for_that_page_and_then_serves_the_new_content() {
    let site = Fixture::start();
    let mut events = site.events();
    site.write(HELLO, &hello_with("Freshly edited words."));
    let reload = events.wait_for("reload", |d| changes(d, HELLO_PAGE));
    assert_eq!(
        reload["build"], "fast",
        "an article-body edit takes the fast path"
    );
    assert!(
        !changes(&reload, "index.html"),
        "only the edited page changed, not the home page: {reload}"
    );
    let page = site.get("/guides/hello/");
    assert!(page.body.contains("Freshly edited words."));
    assert!(page
        .body
        .contains(&format!("data-version=\"{}\"", reload["version"])));
}

#[test]
fn a_front_matter_or_data_edit_rebuilds_every_page_that_shows_it() {
    let site = Fixture::start();
    let mut events = site.events();
    site.write(
        HELLO,
        &hello_with("x").replace("title: Hello", "title: Hello again"),
    );
    let reload = events.wait_for("reload", |d| changes(d, HELLO_PAGE));
    assert_eq!(reload["build"], "full");
    assert!(
        changes(&reload, "guides/index.html"),
        "the section list shows the title"
    );

    let data = std::fs::read_to_string(site.root.join("data/architectures/example.yaml")).unwrap();
    site.write(
        "data/architectures/example.yaml",
        &data.replace("name: {en: \"example\"", "name: {en: \"Renamed example\""),
    );
    let reload = events.wait_for("reload", |d| changes(d, "compare/index.html"));
    assert_eq!(reload["build"], "full");
    assert!(changes(&reload, "compare/architectures.json"));
    assert!(site.get("/compare/").body.contains("Renamed example"));

    // The pages are served first; the search files, which name the architecture too,
    // follow without a reload, and end as a build from scratch makes them.
    let mut options = archkb::BuildOptions::new(&site.root);
    options.target = archkb::output::Target::Preview;
    let fresh = archkb::load_and_render(&options).unwrap().rendered.unwrap();
    let meta = fresh.files["search/meta.json.gz"].clone();
    let inflate = |bytes: &[u8]| archkb::search::gzip::decompress(bytes).unwrap();
    assert!(
        fresh
            .files
            .iter()
            .any(|(path, bytes)| path.starts_with("search/s-")
                && String::from_utf8(inflate(bytes))
                    .unwrap()
                    .contains("\"renamed\"")),
        "the new name is in the index"
    );
    eventually("the search files follow the data edit", || {
        site.get("/search/meta.json.gz").bytes == meta
    });
    // The search data files, not the search page (served with the live-reload script).
    let search_data = fresh
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("search/") && !p.ends_with(".html"));
    for (path, bytes) in search_data {
        let served = site.get(&format!("/{path}"));
        assert!(served.bytes == *bytes, "{path} is stale");
    }
}

/// The files of a build as serve keeps them, for a later build's `Reuse::pages`.
fn served_files(rendered: &archkb::output::Rendered) -> BTreeMap<String, Arc<[u8]>> {
    rendered
        .files
        .iter()
        .map(|(path, bytes)| (path.clone(), Arc::from(bytes.as_slice())))
        .collect()
}

/// What serve's next rebuild reuses of `before`: its page bodies, and the pages it served
/// (`files`) under their keys.
fn reuse_of<'a>(
    before: &'a archkb::SiteBuild,
    noisy: &'a BTreeSet<PathBuf>,
    files: &'a BTreeMap<String, Arc<[u8]>>,
) -> archkb::render::Reuse<'a> {
    archkb::render::Reuse {
        site: before.site.as_ref().unwrap(),
        bodies: &before.bodies,
        noisy,
        pages: Some(archkb::render::PreviousPages {
            keys: &before.page_keys,
            files,
        }),
    }
}

/// serve's full builds keep every page's key, for the next one to reuse.
const KEEP_KEYS: archkb::Produce<'static> = archkb::Produce {
    sink: None,
    reuse: None,
    skip_search: false,
    keep_page_keys: true,
    preview: None,
};

/// serve's full rebuilds reuse the page bodies of the last build where nothing a body is
/// made from changed, and the HTML of every page whose templates and context are unchanged.
/// Whatever the edit, the result is exactly a build from scratch: a data file, the decision
/// graph, a bench file, a template, UI strings, one article's body (only that body renders
/// again), and a new page (every link target may have changed, so no body is reused).
#[test]
fn a_rebuild_that_reuses_page_bodies_is_exactly_a_build_from_scratch() {
    let site = crate::harness::TestSite::fixture("minimal");
    let mut options = site.options();
    options.target = archkb::output::Target::Preview;
    type Edit = fn(&crate::harness::TestSite);
    let edits: [(&str, Edit); 7] = [
        ("an architecture file", |s| {
            s.replace(
                "data/architectures/resnet.yaml",
                "ResNet",
                "ResNet (renamed)",
            );
        }),
        ("the decision graph", |s| {
            s.replace(
                "data/decision.yaml",
                "What data do you have?",
                "What data do you hold?",
            );
        }),
        ("a bench file", |s| {
            s.replace(
                "data/bench/test-run.json",
                "\"samples_per_s\": 640.0",
                "\"samples_per_s\": 650.0",
            );
        }),
        ("a template", |s| {
            s.write(
                "themes/default/templates/404.html",
                "{% extends \"base.html\" %}{% block main %}<p>gone</p>{% endblock %}",
            );
        }),
        ("the UI strings", |s| {
            // The fixture has no theme folder: this overrides the built-in English strings.
            let strings = std::fs::read_to_string(
                crate::harness::repo_root().join("themes/default/i18n/en.yaml"),
            )
            .unwrap();
            assert!(strings.contains("\nnav_guides: Guides\n"));
            s.write(
                "themes/default/i18n/en.yaml",
                &strings.replace("\nnav_guides: Guides\n", "\nnav_guides: Guides (renamed)\n"),
            );
        }),
        ("an article body", |s| {
            let text = s.read("content/en/guides/choosing.md");
            s.write(
                "content/en/guides/choosing.md",
                &format!("{text}\nA new line.\n"),
            );
        }),
        ("a new page", |s| {
            s.write(
                "content/en/guides/new.md",
                "---\ntitle: New\nsummary: A new guide.\n---\n\nSee [choosing](choosing.md).\n",
            );
        }),
    ];
    for (what, edit) in edits {
        let before = archkb::load_and_render_with(&options, KEEP_KEYS).unwrap();
        let noisy = before.diagnostics.iter().map(|d| d.file.clone()).collect();
        let files = served_files(before.rendered.as_ref().unwrap());
        assert!(!before.page_keys.is_empty());
        edit(&site);
        let reuse = reuse_of(&before, &noisy, &files);
        let how = archkb::Produce {
            reuse: Some(&reuse),
            ..KEEP_KEYS
        };
        let reused = archkb::load_and_render_with(&options, how).unwrap();
        let fresh = archkb::load_and_render(&options).unwrap();
        assert_eq!(
            reused.diagnostics.render_text(),
            fresh.diagnostics.render_text(),
            "{what}"
        );
        let (reused, fresh) = (reused.rendered.unwrap(), fresh.rendered.unwrap());
        assert_eq!(
            reused.files.keys().collect::<Vec<_>>(),
            fresh.files.keys().collect::<Vec<_>>(),
            "{what}"
        );
        for (path, bytes) in &fresh.files {
            assert!(reused.files[path] == *bytes, "after {what}: {path} differs");
        }
    }
}

/// The HTML of a page whose key is unchanged comes from the previous build, not from its
/// template: marked in the previous build's files, the mark is what the rebuild hands on.
/// A page that shows the edited data renders again.
#[test]
fn a_rebuild_takes_the_html_of_every_unchanged_page_from_the_last_build() {
    let site = crate::harness::TestSite::fixture("minimal");
    let mut options = site.options();
    options.target = archkb::output::Target::Preview;
    let before = archkb::load_and_render_with(&options, KEEP_KEYS).unwrap();
    let mut files = served_files(before.rendered.as_ref().unwrap());
    const GUIDE: &str = "guides/choosing/index.html";
    const RESNET: &str = "architectures/resnet/index.html";
    for page in [GUIDE, RESNET] {
        assert!(before.page_keys.contains_key(page), "{page} has a key");
        files.insert(
            page.to_string(),
            Arc::from(&b"kept from the last build"[..]),
        );
    }
    site.replace(
        "data/architectures/resnet.yaml",
        "ResNet",
        "ResNet (renamed)",
    );
    let noisy = BTreeSet::new();
    let reuse = reuse_of(&before, &noisy, &files);
    let how = archkb::Produce {
        reuse: Some(&reuse),
        ..KEEP_KEYS
    };
    let after = archkb::load_and_render_with(&options, how).unwrap();
    let rendered = after.rendered.unwrap();
    assert_eq!(rendered.files[GUIDE], b"kept from the last build");
    let resnet = String::from_utf8_lossy(&rendered.files[RESNET]);
    assert!(
        resnet.contains("ResNet (renamed)"),
        "the edited page renders again"
    );
    assert_ne!(after.page_keys[RESNET], before.page_keys[RESNET]);
    assert_eq!(after.page_keys[GUIDE], before.page_keys[GUIDE]);
    // A build that does not ask for keys computes none.
    let plain = archkb::load_and_render(&options).unwrap();
    assert!(plain.page_keys.is_empty());
}

/// After an edit of each kind of source, what serve serves is exactly what a build from
/// scratch of the same sources makes, file for file: the pages as soon as the reload is
/// sent, the search files once they have followed.
#[test]
fn after_every_kind_of_edit_serve_serves_exactly_a_build_from_scratch() {
    let site = crate::harness::TestSite::bundled();
    let server = Server::start(options(site.path())).unwrap();
    assert!(server.first_build().errors.is_empty());
    let mut events = Events::open(server.addr());
    let mut fresh_options = archkb::BuildOptions::new(site.path());
    fresh_options.target = archkb::output::Target::Preview;
    fresh_options.base_url = Some(server.url());
    type Edit = fn(&crate::harness::TestSite);
    let edits: [(&str, Edit, &str); 6] = [
        (
            "an architecture file",
            |s| {
                s.replace(
                    "data/architectures/resnet.yaml",
                    "A deep CNN whose blocks",
                    "Edited: a deep CNN whose blocks",
                );
            },
            "architectures/resnet/index.html",
        ),
        (
            "the decision graph",
            |s| {
                s.replace(
                    "data/decision.yaml",
                    "\"What data do you have?\"",
                    "\"What data do you have? (edited)\"",
                );
            },
            "choose/index.html",
        ),
        (
            "a bench file",
            |s| {
                s.replace(
                    "data/bench/lambda-v1-fp16-a100-80gb-sxm4-1gpu.json",
                    "pytorch-train-throughput-fp16.csv (v1)",
                    "pytorch-train-throughput-fp16.csv (v1, edited)",
                );
            },
            "benchmarks/index.html",
        ),
        (
            "a template",
            |s| {
                s.replace(
                    "themes/default/templates/page.html",
                    "<article class=\"prose\">",
                    "<article class=\"prose\" data-edited=\"1\">",
                );
            },
            "guides/compute-requirements/index.html",
        ),
        (
            "the UI strings",
            |s| {
                s.replace(
                    "themes/default/i18n/zh.yaml",
                    "\nnav_guides: 指南\n",
                    "\nnav_guides: 指南（编辑）\n",
                );
            },
            "zh/guides/compute-requirements/index.html",
        ),
        (
            "an article body",
            |s| {
                let text = s.read("content/en/guides/compute-requirements.md");
                s.write(
                    "content/en/guides/compute-requirements.md",
                    &format!("{text}\nAn edited last line.\n"),
                );
            },
            "guides/compute-requirements/index.html",
        ),
    ];
    for (what, edit, page) in edits {
        edit(&site);
        events.wait_for("reload", |d| changes(d, page));
        let fresh = archkb::load_and_render(&fresh_options).unwrap();
        let config = &fresh.site.as_ref().unwrap().config;
        let fresh = fresh.rendered.unwrap();
        let is_search = |path: &str| archkb::search::is_output(config, path);
        let served = server.snapshot();
        assert_eq!(
            served
                .files
                .keys()
                .filter(|p| !is_search(p))
                .collect::<Vec<_>>(),
            fresh
                .files
                .keys()
                .filter(|p| !is_search(p))
                .collect::<Vec<_>>(),
            "after {what}"
        );
        for (path, bytes) in fresh.files.iter().filter(|(p, _)| !is_search(p)) {
            assert!(
                *served.files[path] == **bytes,
                "after {what}: {path} is not what a build from scratch makes"
            );
        }
        eventually(&format!("the search files follow {what}"), || {
            let served = server.snapshot();
            served.files.len() == fresh.files.len()
                && fresh
                    .files
                    .iter()
                    .all(|(path, bytes)| served.files.get(path).is_some_and(|s| **s == **bytes))
        });
    }
    server.stop();
}

#[test]
fn a_storm_of_edits_coalesces_and_ends_in_the_last_content() {
    let site = Fixture::start();
    let mut events = site.events();
    const EDITS: usize = 40;
    for i in 0..EDITS {
        site.write(HELLO, &hello_with(&format!("Storm edit number {i}.")));
        std::thread::sleep(Duration::from_millis(2));
    }
    let last = format!("Storm edit number {}.", EDITS - 1);
    eventually("the last edit is served", || {
        site.get("/guides/hello/").body.contains(&last)
    });
    // Count the reloads the storm caused (give stragglers a moment).
    let mut reloads = 0;
    while let Some((name, data)) = events.next(Duration::from_millis(500)) {
        if name == "reload" && changes(&data, HELLO_PAGE) {
            reloads += 1;
        }
    }
    assert!(reloads >= 1);
    assert!(
        reloads < EDITS / 2,
        "{EDITS} edits caused {reloads} reloads"
    );
    assert!(site.get("/guides/hello/").body.contains(&last));
}

#[test]
fn deleting_and_renaming_an_article() {
    let site = Fixture::start();
    let mut events = site.events();

    std::fs::rename(
        site.root.join(HELLO),
        site.root.join("content/en/guides/hi.md"),
    )
    .unwrap();
    let reload = events.wait_for("reload", |d| {
        changes(d, HELLO_PAGE) && changes(d, "guides/hi/index.html")
    });
    assert_eq!(reload["build"], "full");
    assert_eq!(site.get("/guides/hello/").status, 404);
    let renamed = site.get("/guides/hi/");
    assert_eq!(renamed.status, 200);
    assert!(renamed
        .body
        .contains("The original text of the hello guide."));

    std::fs::remove_file(site.root.join("content/en/guides/hi.md")).unwrap();
    events.wait_for("reload", |d| changes(d, "guides/hi/index.html"));
    assert_eq!(site.get("/guides/hi/").status, 404);
    assert_eq!(site.get("/").status, 200);
}

#[test]
fn a_broken_edit_shows_the_errors_over_the_last_good_site_until_fixed() {
    let site = Fixture::start();
    let mut events = site.events();

    site.write(HELLO, "---\ntitle: [never closed\n---\n\nBroken words.\n");
    let errors = events.wait_for("errors", |_| true);
    let text = errors["errors"].to_string();
    assert!(text.contains("content/en/guides/hello.md"), "{text}");

    // The last good page is still served, with the errors for the overlay.
    let page = site.get("/guides/hello/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The original text of the hello guide."));
    assert!(!page.body.contains("Broken words."));
    assert!(page
        .body
        .contains("<script type=\"application/json\" id=\"archkb-errors\">"));
    assert!(page.body.contains("content/en/guides/hello.md"));
    // A page opened now is told about the errors as it connects.
    let late = site.events();
    assert!(late.hello["errors"].to_string().contains("hello.md"));

    // Editing while broken never takes the fast path over a broken site.
    site.write(HELLO, &hello_with("Fixed words."));
    let reload = events.wait_for("reload", |d| changes(d, HELLO_PAGE));
    assert_eq!(reload["build"], "full");
    let page = site.get("/guides/hello/");
    assert!(page.body.contains("Fixed words."));
    assert!(!page.body.contains("id=\"archkb-errors\""));
    assert_eq!(site.events().hello["errors"], Value::Null);
}

/// A template edit renders every page again; the page open in the browser is served first,
/// in a reload of its own, and the other pages follow in the next. The end is exactly a
/// build from scratch.
#[test]
fn a_template_edit_serves_the_page_being_viewed_first() {
    let site = Fixture::start();
    let mut events = site.events();
    assert_eq!(site.get("/guides/hello/").status, 200, "the page is open");
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html");
    let base = std::fs::read_to_string(built_in).unwrap();
    assert!(base.contains("<body "));
    site.write(
        "themes/default/templates/base.html",
        &base.replacen("<body ", "<body data-edited=\"1\" ", 1),
    );
    let first = events.wait_for("reload", |d| changes(d, HELLO_PAGE));
    assert_eq!(first["build"], "viewed", "{first}");
    assert!(
        !changes(&first, "index.html"),
        "the home page is not open, so it waits: {first}"
    );
    assert!(site
        .get("/guides/hello/")
        .body
        .contains("data-edited=\"1\""));
    let rest = events.wait_for("reload", |d| changes(d, "index.html"));
    assert_eq!(rest["build"], "full", "{rest}");
    assert!(!changes(&rest, HELLO_PAGE), "served already: {rest}");

    let mut options = archkb::BuildOptions::new(&site.root);
    options.target = archkb::output::Target::Preview;
    options.base_url = Some(site.server.url());
    let fresh = archkb::load_and_render(&options).unwrap();
    let config = &fresh.site.as_ref().unwrap().config;
    let is_search = |path: &str| archkb::search::is_output(config, path);
    let served = site.server.snapshot();
    for (path, bytes) in fresh.rendered.unwrap().files {
        if !is_search(&path) {
            assert!(
                served.files.get(&path).is_some_and(|s| **s == *bytes),
                "{path} is not what a build from scratch makes"
            );
        }
    }
}

#[test]
fn a_stylesheet_change_is_announced_as_that_file_alone() {
    let site = Fixture::start();
    let mut events = site.events();
    site.write(
        "themes/default/static/style.css",
        "body { color: rebeccapurple; }\n",
    );
    let reload = events.wait_for("reload", |d| changes(d, "static/style.css"));
    assert_eq!(
        changed(&reload),
        ["static/style.css"],
        "no page changed, so none reloads"
    );
    assert!(site.get("/static/style.css").body.contains("rebeccapurple"));
}

#[test]
fn editor_temp_files_do_not_rebuild() {
    // No background verification: its event would not come from the files written here.
    let site = Fixture::start_with(|options| options.verify = false);
    let mut events = site.events();
    // The watcher is alive: a real edit rebuilds. Silence after the temp files then means
    // they were dropped, not that nothing was listening.
    site.write(HELLO, &hello_with("Words before the temp files."));
    events.wait_for("reload", |d| changes(d, HELLO_PAGE));
    site.write("content/en/guides/.hello.md.swp", "x");
    site.write("content/en/guides/hello.md~", "x");
    site.write("content/en/guides/4913", "x");
    site.write("public/index.html", "x");
    let event = events.next(Duration::from_millis(600));
    assert!(event.is_none(), "temp files rebuilt: {event:?}");
    // And it is still alive after them.
    site.write(HELLO, &hello_with("Words after the temp files."));
    events.wait_for("reload", |d| changes(d, HELLO_PAGE));
    assert!(site
        .get("/guides/hello/")
        .body
        .contains("Words after the temp files."));
}

#[test]
fn a_taken_port_moves_to_the_next_free_one_and_says_so() {
    let dir = crate::harness::temp_dir();
    let root = dir.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
        &root,
    );
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut opts = options(&root);
    opts.port = port;
    let server = Server::start(opts).unwrap();
    assert_eq!(server.moved_from(), Some(port));
    assert_ne!(server.addr().port(), port);
    server.stop();
}

#[test]
fn the_fast_path_renders_every_article_exactly_as_a_full_build() {
    // The bundled knowledge base: the real templates, architecture cards and translations.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // As the server builds: plain asset names.
    let mut options = archkb::BuildOptions::new(root);
    options.target = archkb::output::Target::Preview;
    let outcome = archkb::load_and_render(&options).unwrap();
    let rendered = outcome.rendered.expect("the bundled site builds");
    let site = outcome.site.unwrap();
    let articles: Vec<usize> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == archkb::model::PageKind::Article)
        .map(|(i, _)| i)
        .collect();
    assert!(articles.len() > 10);
    let cache = archkb::serve::incremental::FastCache::new(
        site,
        outcome.theme.as_ref().unwrap(),
        outcome.bodies,
        rendered.files.keys(),
        &outcome.diagnostics,
    )
    .unwrap();
    for index in articles {
        let (output, bytes) = cache.render_existing(index).unwrap();
        let full = &rendered.files[&output];
        assert!(
            *full == bytes,
            "{output}: the fast path differs from the full render"
        );
    }
}

#[cfg(unix)]
#[test]
fn the_binary_prints_its_url_and_exits_cleanly_on_ctrl_c() {
    use std::process::{Command, Stdio};
    let dir = crate::harness::temp_dir();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
        dir.path(),
    );
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_archkb"))
        .args([
            "--root",
            &dir.path().to_string_lossy(),
            "serve",
            "--port",
            &port.to_string(),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let deadline = Instant::now() + WAIT;
    while !seen.contains("serving at") && Instant::now() < deadline {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        seen.push_str(&line);
    }
    assert!(seen.contains("serving at http://127.0.0.1:"), "{seen}");
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
}

#[test]
fn polling_sees_edits_too_and_still_takes_the_fast_path() {
    let dir = crate::harness::temp_dir();
    let root = dir.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
        &root,
    );
    let mut opts = options(&root);
    opts.poll = Some(Duration::from_millis(100));
    let server = Server::start(opts).unwrap();
    let mut events = Events::open(server.addr());
    // Polling compares contents, so the edit is seen even within one mtime tick.
    std::fs::write(root.join(HELLO), hello_with("Polled words.")).unwrap();
    let reload = events.wait_for("reload", |d| changes(d, HELLO_PAGE));
    assert_eq!(
        reload["build"], "fast",
        "the folder's own event is not a change"
    );
    let page = request(
        server.addr(),
        &format!(
            "GET /guides/hello/ HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr()
        ),
    );
    assert!(page.body.contains("Polled words."));
}

/// The fast path used to write only the edited page: the search files, which index every
/// page's body, kept the old text until a full build replaced them.
#[test]
fn search_files_are_not_stale_after_a_fast_body_edit() {
    use archkb::serve::watch::{Change, ChangeKind};
    let site = crate::harness::TestSite::fixture("minimal");
    let mut options = site.options();
    options.target = archkb::output::Target::Preview;
    let before = archkb::load_and_render(&options).unwrap();
    let mut served = before.rendered.expect("the fixture builds").files;
    let mut cache = archkb::serve::incremental::FastCache::new(
        before.site.unwrap(),
        before.theme.as_ref().unwrap(),
        before.bodies,
        served.keys(),
        &before.diagnostics,
    )
    .unwrap();

    let article = "content/en/architectures/cnn.md";
    let text = site.read(article);
    site.write(article, &format!("{text}\nThe word zanzibarite is new.\n"));
    let batch = [Change {
        kind: ChangeKind::Content,
        path: PathBuf::from(article),
    }]
    .into_iter()
    .collect();
    let update = cache
        .try_update(site.path(), &batch)
        .expect("a body edit takes the fast path");
    served.extend(update.files);
    let search = cache
        .search_update()
        .expect("the edit leaves the search files to remake");
    assert!(
        search
            .files
            .iter()
            .any(|(path, _)| path.starts_with("search/")),
        "the search update writes the search files"
    );
    for path in &search.removed {
        served.remove(path);
    }
    served.extend(search.files);
    assert!(
        cache.search_update().is_none(),
        "nothing to remake after the search update"
    );

    let after = archkb::load_and_render(&options).unwrap().rendered.unwrap();
    let search_files = |files: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        files
            .keys()
            .filter(|p| p.contains("search/") && !p.ends_with("index.html"))
            .cloned()
            .collect()
    };
    assert_eq!(search_files(&served), search_files(&after.files));
    for (path, bytes) in &after.files {
        assert!(
            served.get(path) == Some(bytes),
            "{path}: the fast update differs from a full build"
        );
    }
    assert!(after
        .files
        .iter()
        .any(|(path, bytes)| path.starts_with("search/")
            && path.ends_with(".json.gz")
            && String::from_utf8(archkb::search::gzip::decompress(bytes).unwrap())
                .unwrap()
                .contains("zanzibarite")));
}
