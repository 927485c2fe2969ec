//! `archkb serve` at a terminal: start, say where, open the browser, run until Ctrl-C.

use super::{ServeOptions, Server};
use anyhow::{Context, Result};
use std::sync::mpsc;

/// Opens `url` in the desktop's browser; failure is ignored (a headless machine has none).
pub fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let _ = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// `archkb serve`: starts the server, says where it is, and runs until Ctrl-C.
pub fn run_until_interrupted(options: ServeOptions, open: bool) -> Result<()> {
    let (stop_tx, stop_rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .context("installing the Ctrl-C handler")?;
    let requested = options.port;
    let server = Server::start(options)?;
    if let Some(port) = server.moved_from() {
        eprintln!(
            "port {port} is in use; serving on port {} instead",
            server.addr().port()
        );
    } else if requested != 0 && requested != server.addr().port() {
        eprintln!("serving on port {}", server.addr().port());
    }
    let first = server.first_build();
    if !first.errors.is_empty() {
        eprintln!("the site does not build yet; fix the errors above and it will appear");
    }
    eprintln!("serving at {} (Ctrl-C to stop)", server.url());
    if open {
        open_browser(&server.url());
    }
    let _ = stop_rx.recv();
    eprintln!("stopping");
    server.stop();
    Ok(())
}
