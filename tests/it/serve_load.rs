//! The preview server under load, on loopback: the real `archkb serve` binary on the
//! bundled knowledge base, with 200 clients fetching pages for 30 s while articles and data
//! files change and rebuilds run, event-stream clients that connect and vanish, and slow
//! clients that trickle a request head. Everything is bounded (clients, requests, time);
//! the test stops by itself and prints requests/s, latency percentiles and peak memory.
//!
//! `ARCHKB_LOAD_SECS` shortens or lengthens the run (default 30).

use crate::harness::TestSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 200;
const EVENT_CLIENTS: usize = 10;
const SLOW_CLIENTS: usize = 10;
/// A ceiling on requests, whatever the duration.
const MAX_REQUESTS: u64 = 5_000_000;

const PAGES: &[&str] = &[
    "/",
    "/zh/",
    "/compare/",
    "/choose/",
    "/architectures/transformer/",
    "/zh/architectures/transformer/",
    "/architectures/resnet/",
    "/glossary/",
    "/benchmarks/",
    "/static/style.css",
    "/static/search.js",
    "/nope/",
];

/// The server's own process, read from /proc: resident memory and threads.
fn proc_status(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("Threads:"))
}

struct Served {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_archkb"))
        .args([
            "--root",
            &site.path().to_string_lossy(),
            "serve",
            "--port",
            "0",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .expect("start archkb serve");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let addr = loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap_or(0) != 0,
            "serve exited: {seen}"
        );
        seen.push_str(&line);
        if let Some(url) = line.trim().strip_prefix("serving at http://") {
            let addr = url.split('/').next().unwrap();
            break addr.parse::<SocketAddr>().unwrap();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut sink = String::new();
        while stderr.read_line(&mut sink).unwrap_or(0) > 0 {
            sink.clear();
        }
    });
    Served { child, addr }
}

/// One GET; the status code, or `None` when the exchange failed.
fn get(addr: SocketAddr, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(30)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .ok()?;
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .ok()?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))?
        .parse()
        .ok()?;
    if body.len() != length {
        return None;
    }
    head.split(' ').nth(1)?.parse().ok()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[cfg(target_os = "linux")]
#[test]
fn the_preview_holds_200_clients_with_rebuilds_vanishing_streams_and_slow_clients() {
    let secs: u64 = std::env::var("ARCHKB_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let site = TestSite::bundled();
    let server = start(&site);
    let addr = server.addr;
    let pid = server.child.id();
    for page in PAGES {
        let want = if *page == "/nope/" { 404 } else { 200 };
        assert_eq!(get(addr, page), Some(want), "{page} before the load");
    }
    std::thread::sleep(Duration::from_millis(500));
    let (rss_before, threads_before) = proc_status(pid);

    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(AtomicU64::new(0));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let latencies = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let mut threads = Vec::new();

    for client in 0..CLIENTS {
        let (stop, requests, failures, latencies) = (
            stop.clone(),
            requests.clone(),
            failures.clone(),
            latencies.clone(),
        );
        threads.push(std::thread::spawn(move || {
            let mut mine = Vec::new();
            let mut i = client;
            while !stop.load(Ordering::Relaxed)
                && requests.fetch_add(1, Ordering::Relaxed) < MAX_REQUESTS
            {
                let page = PAGES[i % PAGES.len()];
                i += 1;
                let started = Instant::now();
                let status = get(addr, page);
                mine.push(started.elapsed());
                let want = if page == "/nope/" { 404 } else { 200 };
                if status != Some(want) {
                    failures.lock().unwrap().push(format!("{page}: {status:?}"));
                }
            }
            latencies.lock().unwrap().extend(mine);
        }));
    }

    // Event streams that connect, read their hello, and vanish without a word.
    let streams_opened = Arc::new(AtomicU64::new(0));
    for _ in 0..EVENT_CLIENTS {
        let (stop, opened) = (stop.clone(), streams_opened.clone());
        threads.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let Ok(mut stream) = TcpStream::connect(addr) else {
                    continue;
                };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let request = format!("GET /__archkb/events HTTP/1.1\r\nHost: {addr}\r\n\r\n");
                if stream.write_all(request.as_bytes()).is_ok() {
                    let mut first = [0u8; 256];
                    if stream.read(&mut first).is_ok_and(|n| n > 0) {
                        opened.fetch_add(1, Ordering::Relaxed);
                    }
                }
                let _ = stream.shutdown(Shutdown::Both);
                std::thread::sleep(Duration::from_millis(50));
            }
        }));
    }

    // Slow clients: a byte of request head every 300 ms, cut off by the server.
    let slow_cut = Arc::new(AtomicU64::new(0));
    for _ in 0..SLOW_CLIENTS {
        let (stop, cut) = (stop.clone(), slow_cut.clone());
        threads.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let Ok(mut stream) = TcpStream::connect(addr) else {
                    continue;
                };
                let _ = stream.set_read_timeout(Some(Duration::from_millis(300)));
                let head =
                    b"GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
                let mut reply = Vec::new();
                for byte in head.iter().cycle() {
                    if stop.load(Ordering::Relaxed) || stream.write_all(&[*byte]).is_err() {
                        break;
                    }
                    let mut buf = [0u8; 512];
                    match stream.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => reply.extend_from_slice(&buf[..n]),
                        Err(_) => {}
                    }
                }
                if reply.starts_with(b"HTTP/1.1 400 ") {
                    cut.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }

    // Edits: an article (the fast path) and a data file (a full rebuild), in turn.
    let edits = {
        let root = site.path().to_path_buf();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let article = root.join("content/en/architectures/transformer.md");
            let glossary = root.join("data/glossary.yaml");
            let (article_text, glossary_text) = (
                std::fs::read_to_string(&article).unwrap(),
                std::fs::read_to_string(&glossary).unwrap(),
            );
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                if n % 2 == 0 {
                    std::fs::write(&article, format!("{article_text}\nEdit {n}.\n")).unwrap();
                } else {
                    std::fs::write(&glossary, format!("{glossary_text}\n# edit {n}\n")).unwrap();
                }
                std::thread::sleep(Duration::from_millis(700));
            }
            n
        })
    };

    let started = Instant::now();
    let mut peak_rss = rss_before;
    let mut peak_threads = threads_before;
    while started.elapsed() < Duration::from_secs(secs) {
        let (rss, threads) = proc_status(pid);
        peak_rss = peak_rss.max(rss);
        peak_threads = peak_threads.max(threads);
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::Relaxed);
    let edit_count = edits.join().unwrap();
    for thread in threads {
        thread.join().unwrap();
    }
    let elapsed = started.elapsed();

    // Once the load ends, the server's threads go back to what it had before; allow the
    // head deadline for the last slow client and a few seconds more.
    let settle = Instant::now() + archkb::serve::http::HEAD_DEADLINE + Duration::from_secs(10);
    let (mut rss_after, mut threads_after) = proc_status(pid);
    while threads_after > threads_before && Instant::now() < settle {
        std::thread::sleep(Duration::from_millis(200));
        (rss_after, threads_after) = proc_status(pid);
    }

    let mut latencies = latencies.lock().unwrap().clone();
    latencies.sort();
    let count = latencies.len();
    let failures = failures.lock().unwrap().clone();
    eprintln!(
        "serve load: {count} requests in {:.1} s = {:.0} requests/s; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; \
         {edit_count} edits; {} event streams opened and dropped; {} slow clients cut off; \
         RSS {} MiB before, peak {} MiB, {} MiB after; threads {threads_before} before, peak {peak_threads}, {threads_after} after; \
         {} failed",
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
        streams_opened.load(Ordering::Relaxed),
        slow_cut.load(Ordering::Relaxed),
        rss_before / 1024,
        peak_rss / 1024,
        rss_after / 1024,
        failures.len(),
    );
    assert!(
        failures.is_empty(),
        "failed requests: {:?}",
        &failures[..failures.len().min(20)]
    );
    assert!(count > 1_000, "only {count} requests");
    assert!(edit_count >= 2, "{edit_count} edits");
    assert!(streams_opened.load(Ordering::Relaxed) > 0);
    assert!(
        slow_cut.load(Ordering::Relaxed) > 0 || secs < 11,
        "no slow client was cut off"
    );
    assert!(
        threads_after <= threads_before,
        "threads: {threads_before} before the load, {threads_after} after it"
    );
    // Bounded: a few hundred MiB for the bundled site, never the machine.
    assert!(peak_rss < 1024 * 1024, "peak RSS {} MiB", peak_rss / 1024);
    assert!(
        rss_after < rss_before + 256 * 1024,
        "RSS {} MiB before, {} MiB after",
        rss_before / 1024,
        rss_after / 1024
    );
    // And it still serves, with the last edit in place.
    assert_eq!(get(addr, "/architectures/transformer/"), Some(200));
}
