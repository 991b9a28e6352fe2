//! Measures generation and parsing rates of every registered source on the current thread and
//! compares them with the performance targets.
//!
//! Targets: the median source generates 1,000,000 raw events/s, `aws_cloudtrail` 300,000
//! events/s, and sources whose default format is syslog, key=value, CSV, CEF or LEEF parse
//! 500,000 lines/s. Rates are per CPU second of the measuring thread, so a busy machine
//! understates them less. `scripts/bench.sh` builds this in release mode and pins it to one core.
//! Usage: `cargo run --release --example throughput_report -- [seconds per measurement] [source...]`.

use std::hint::black_box;
use std::io::Write as _;
use std::time::{Duration, Instant};

use siemulator::generate::{GenerateRequest, Generator};
use siemulator::parse::Parser;
use siemulator::sources::{self, ParseOptions, WireFormat};

/// Median raw generation rate of all sources, events per second.
const GENERATE_MEDIAN_TARGET: f64 = 1_000_000.0;
/// Raw generation rate of CloudTrail, events per second.
const CLOUDTRAIL_TARGET: f64 = 300_000.0;
/// Parsing rate of line formats (syslog, key=value, CSV, CEF, LEEF), lines per second.
const LINE_PARSE_TARGET: f64 = 500_000.0;
/// Lines parsed per pass.
const PARSE_LINES: u64 = 10_000;

/// Returns the CPU time of the current thread in nanoseconds, from
/// `/proc/thread-self/schedstat` (Linux only). On a busy machine the rate per CPU second is
/// closer to what one free core achieves than the rate per wall-clock second.
fn cpu_nanos() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Generates events into a sink for at least `budget`; returns events per CPU second (per
/// wall-clock second where CPU time is unavailable).
fn generation_rate(id: &str, budget: Duration) -> f64 {
    let request = GenerateRequest {
        seed: 42,
        count: None,
        ..GenerateRequest::new(id, 0)
    };
    let mut generator = Generator::new(&request).unwrap_or_else(|e| panic!("{id}: {e}"));
    let mut raw = String::with_capacity(1024);
    let mut sink = std::io::sink();
    let mut run = |events: u64| {
        for _ in 0..events {
            generator.next_raw(&mut raw);
            let _ = sink.write_all(raw.as_bytes());
            let _ = sink.write_all(b"\n");
        }
    };
    run(10_000);
    let started = Instant::now();
    let cpu_started = cpu_nanos();
    let mut events = 0u64;
    while started.elapsed() < budget {
        run(10_000);
        events += 10_000;
    }
    events as f64 / elapsed_seconds(started, cpu_started)
}

/// Parses pre-generated lines for at least `budget`; returns lines per CPU second (per
/// wall-clock second where CPU time is unavailable).
fn parse_rate(id: &str, budget: Duration) -> f64 {
    let request = GenerateRequest {
        seed: 42,
        ..GenerateRequest::new(id, PARSE_LINES)
    };
    let text: String = Generator::new(&request)
        .unwrap_or_else(|e| panic!("{id}: {e}"))
        .map(|event| event.raw + "\n")
        .collect();
    let pass = || {
        let parser = Parser::new(id, text.as_bytes(), ParseOptions::default()).unwrap_or_else(|e| panic!("{id}: {e}"));
        for outcome in parser {
            black_box(outcome).ok();
        }
    };
    pass();
    let started = Instant::now();
    let cpu_started = cpu_nanos();
    let mut lines = 0u64;
    while started.elapsed() < budget {
        pass();
        lines += PARSE_LINES;
    }
    lines as f64 / elapsed_seconds(started, cpu_started)
}

/// Returns the CPU seconds since `cpu_started`, or the wall-clock seconds since `started`.
fn elapsed_seconds(started: Instant, cpu_started: Option<u64>) -> f64 {
    match cpu_started.zip(cpu_nanos()) {
        Some((start, end)) if end > start => (end - start) as f64 / 1e9,
        _ => started.elapsed().as_secs_f64(),
    }
}

fn is_line_format(format: WireFormat) -> bool {
    matches!(
        format,
        WireFormat::Syslog3164 | WireFormat::Syslog5424 | WireFormat::Kv | WireFormat::Csv | WireFormat::Cef | WireFormat::Leef
    )
}

fn ratio(value: f64, target: f64) -> String {
    format!("{:.2}x", value / target)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: f64 = args.next().and_then(|text| text.parse().ok()).unwrap_or(1.0);
    let budget = Duration::from_secs_f64(seconds);
    let wanted: Vec<String> = args.collect();

    println!(
        "{:<32} {:<11} {:>14} {:>8} {:>14} {:>8}",
        "source", "format", "generate ev/s", "target", "parse lines/s", "target"
    );
    let mut generation = Vec::new();
    for source in sources::all() {
        let meta = source.meta();
        if !wanted.is_empty() && !wanted.iter().any(|id| id == meta.id) {
            continue;
        }
        let format = meta.formats.first().copied().unwrap_or(WireFormat::Text);
        let generated = generation_rate(meta.id, budget);
        let parsed = parse_rate(meta.id, budget);
        generation.push(generated);

        let generate_target = if meta.id == "aws_cloudtrail" {
            CLOUDTRAIL_TARGET
        } else {
            GENERATE_MEDIAN_TARGET
        };
        let parse_target = if is_line_format(format) {
            ratio(parsed, LINE_PARSE_TARGET)
        } else {
            "-".to_string()
        };
        println!(
            "{:<32} {:<11} {:>14.0} {:>8} {:>14.0} {:>8}",
            meta.id,
            format.as_str(),
            generated,
            ratio(generated, generate_target),
            parsed,
            parse_target
        );
    }

    if generation.is_empty() {
        eprintln!("no registered source matches {wanted:?}");
        std::process::exit(2);
    }
    generation.sort_by(f64::total_cmp);
    let middle = generation.len() / 2;
    let median = if generation.len() % 2 == 1 {
        generation[middle]
    } else {
        (generation[middle - 1] + generation[middle]) / 2.0
    };
    println!(
        "median generation: {median:.0} events/s, {} of the {GENERATE_MEDIAN_TARGET:.0} events/s target",
        ratio(median, GENERATE_MEDIAN_TARGET)
    );
}
