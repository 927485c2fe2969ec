//! `ARCHKB_TRACE=1`: one line on stderr as each stage of a build ends, with the wall time
//! since the first line, the process's CPU time (user + system, all threads) and its
//! resident memory, so a profile of a large site starts from where the time and the memory
//! go (bench/build/RESULTS.md). Silent, and nearly free, without the variable.

use std::sync::OnceLock;
use std::time::Instant;

/// Prints the stage line for `label` when `ARCHKB_TRACE` is set.
pub fn stage(label: &str) {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    let Some(start) =
        START.get_or_init(|| std::env::var_os("ARCHKB_TRACE").map(|_| Instant::now()))
    else {
        return;
    };
    let cpu = cpu_seconds().map_or_else(|| "?".into(), |s| format!("{s:.2}"));
    let rss = resident_mib().map_or_else(|| "?".into(), |m| m.to_string());
    eprintln!(
        "trace: {:8.3} s wall {cpu:>8} s cpu {rss:>6} MiB  {label}",
        start.elapsed().as_secs_f64()
    );
}

/// User + system time of the whole process, from `/proc/self/stat` (Linux; `None` elsewhere).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    // utime and stime are fields 14 and 15 of proc(5), in clock ticks (100 a second).
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// Resident memory now, from `/proc/self/status` (Linux; `None` elsewhere).
fn resident_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
