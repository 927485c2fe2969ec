//! One open page's server-sent event stream: it subscribes to the reload hub and forwards
//! each message, sends a keep-alive when idle, and ends when the page goes away.

use super::Shared;
use std::io::Write;
use std::net::TcpStream;
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

/// How often an idle event stream sends a comment, so a proxy keeps it open.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// How often an idle event stream checks whether its page has gone: a tab that closed or
/// a client that vanished frees its thread within this, not at the next write.
const GONE_CHECK: Duration = Duration::from_secs(1);

pub(super) fn serve(mut stream: TcpStream, shared: &Shared, query: Option<&str>, head_only: bool) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: keep-alive\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() || head_only {
        return;
    }
    let mut version = None;
    let mut instance = None;
    for pair in query.unwrap_or("").split('&') {
        match pair.split_once('=') {
            Some(("v", v)) => version = v.parse::<u64>().ok(),
            Some(("i", i)) => instance = Some(i.to_string()),
            _ => {}
        }
    }
    // A page from an earlier run of the server has no history here.
    let since = version.filter(|_| instance.as_deref() == Some(shared.instance.as_str()));
    let (rx, hello) = shared.hub.subscribe(&shared.instance, since);
    if stream
        .write_all(format!("retry: 500\n\n{hello}").as_bytes())
        .is_err()
    {
        return;
    }
    let _ = stream.flush();
    let mut last_write = std::time::Instant::now();
    loop {
        let message = match rx.recv_timeout(GONE_CHECK) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) if peer_closed(&stream) => return,
            Err(RecvTimeoutError::Timeout) if last_write.elapsed() >= KEEPALIVE => {
                ": keep-alive\n\n".into()
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if stream.write_all(message.as_bytes()).is_err() || stream.flush().is_err() {
            return;
        }
        last_write = std::time::Instant::now();
    }
}

/// True when the client has closed its side (a read would return end of file) or the
/// connection failed. An EventSource sends nothing after its request; bytes that do
/// arrive are left unread and mean the client is still there.
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let closed = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(err) => err.kind() != std::io::ErrorKind::WouldBlock,
    };
    closed || stream.set_nonblocking(false).is_err()
}
