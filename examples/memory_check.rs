//! Generates a long stream of one source into a sink and prints the peak resident memory and
//! the generation rate, to show that generation runs in constant memory.
//!
//! Usage: `cargo run --release --example memory_check -- [source] [count]`
//! (defaults: `linux_auth`, 10000000 events). Peak memory is `VmHWM` of `/proc/self/status`,
//! so it is printed on Linux only.

use std::io::Write as _;
use std::time::Instant;

use siemulator::generate::{GenerateRequest, Generator};

/// Returns the peak resident set size in KiB, from `/proc/self/status` (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Returns the CPU time of the current thread in nanoseconds, from
/// `/proc/thread-self/schedstat` (Linux only). On a busy machine the rate per CPU second is
/// closer to what one free core achieves than the rate per wall-clock second.
fn cpu_nanos() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let source = args.next().unwrap_or_else(|| "linux_auth".to_string());
    let count: u64 = match args.next().map(|text| text.parse()) {
        None => 10_000_000,
        Some(Ok(count)) => count,
        Some(Err(err)) => {
            eprintln!("invalid count: {err}; give a whole number of events");
            std::process::exit(2);
        }
    };

    let request = GenerateRequest {
        seed: 42,
        ..GenerateRequest::new(source.as_str(), count)
    };
    let mut generator = match Generator::new(&request) {
        Ok(generator) => generator,
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(2);
        }
    };
    let before = peak_rss_kib();

    let mut sink = std::io::sink();
    let mut raw = String::with_capacity(1024);
    let mut bytes = 0u64;
    let started = Instant::now();
    let cpu_started = cpu_nanos();
    while generator.next_raw(&mut raw).is_some() {
        bytes += raw.len() as u64 + 1;
        let _ = sink.write_all(raw.as_bytes());
        let _ = sink.write_all(b"\n");
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu_seconds = cpu_started
        .zip(cpu_nanos())
        .map(|(start, end)| end.saturating_sub(start) as f64 / 1e9);

    println!("source:          {source}");
    println!("events:          {count}");
    println!("raw bytes:       {bytes}");
    println!("elapsed:         {seconds:.2} s");
    println!("events/s:        {:.0} (wall clock)", count as f64 / seconds);
    if let Some(cpu_seconds) = cpu_seconds.filter(|s| *s > 0.0) {
        println!(
            "events/s:        {:.0} (per CPU second, {cpu_seconds:.2} s of CPU)",
            count as f64 / cpu_seconds
        );
    }
    match (before, peak_rss_kib()) {
        (Some(before), Some(peak)) => {
            println!("peak RSS before: {:.1} MiB", before as f64 / 1024.0);
            println!("peak RSS (VmHWM): {:.1} MiB", peak as f64 / 1024.0);
        }
        _ => println!("peak RSS:        unavailable (no /proc/self/status)"),
    }
}
