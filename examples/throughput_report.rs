//! Measures generation and parsing rates of every registered source on the current thread and
//! compares them with the performance targets.
//!
//! Three surfaces are measured per source:
//! - generate: [`Generator::next_raw`] renders one raw event, written with its newline to a sink;
//! - parse_line: the source's own reader turns one line into vendor fields
//!   ([`Source::parse_line`], or [`json::parse`] plus [`Source::parse_json`] for a line that is
//!   a JSON document, as the engine routes it), with no framing and no OCSF mapping;
//! - engine: [`Parser`] reads the whole text as a user does (line framing, envelope detection,
//!   `parse_line`, the OCSF record from `to_ocsf`, and `raw_data`).
//!
//! Targets: the median source generates 1,000,000 raw events/s, `aws_cloudtrail` 300,000
//! events/s, and sources whose default format is syslog, key=value, CSV, CEF or LEEF parse
//! 500,000 lines/s. Both parse measures are compared with the parsing target.
//! Rates are per CPU second of the measuring thread, so a busy machine understates them less.
//! `scripts/bench.sh` builds this in release mode and pins it to one core.
//!
//! Usage: `cargo run --release --example throughput_report -- [seconds per measurement] [source...]`.
//! With `--events N` in place of the seconds, each surface runs exactly N events once and
//! nothing is timed: `scripts/instructions.sh` runs that mode under callgrind to count
//! instructions per event, which stays stable on a busy machine. `--list` prints the source ids.

use std::hint::black_box;
use std::io::Write as _;
use std::time::{Duration, Instant};

use siemulator::format::json;
use siemulator::generate::{GenerateRequest, Generator};
use siemulator::parse::Parser;
use siemulator::sources::{self, ParseOptions, ParseState, Source, WireFormat};

// The allocator the CLI and the language bindings use, so the rates are what their users see.
#[global_allocator]
static ALLOCATOR: siemulator_alloc::Allocator = siemulator_alloc::Allocator;

/// Median raw generation rate of all sources, events per second.
const GENERATE_MEDIAN_TARGET: f64 = 1_000_000.0;
/// Raw generation rate of CloudTrail, events per second.
const CLOUDTRAIL_TARGET: f64 = 300_000.0;
/// Parsing rate of line formats (syslog, key=value, CSV, CEF, LEEF), lines per second.
const LINE_PARSE_TARGET: f64 = 500_000.0;
/// Lines parsed per pass in the timed mode.
const PARSE_LINES: u64 = 10_000;
/// Events generated per batch in the timed mode.
const GENERATE_BATCH: u64 = 10_000;
/// Bytes in one MiB.
const MIB: f64 = 1024.0 * 1024.0;

/// Returns the CPU time of the current thread in nanoseconds, from
/// `/proc/thread-self/schedstat` (Linux only). On a busy machine the rate per CPU second is
/// closer to what one free core achieves than the rate per wall-clock second.
fn cpu_nanos() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// A rate in items and bytes per second.
#[derive(Clone, Copy)]
struct Rate {
    items: f64,
    bytes: f64,
}

/// What one measurement runs: a time budget, or a fixed number of events without timing.
#[derive(Clone, Copy)]
enum Work {
    Budget(Duration),
    Events(u64),
}

/// Generates `events` raw events into a sink and returns the bytes written, newlines included.
#[inline(never)]
fn generate_events(generator: &mut Generator, raw: &mut String, events: u64) -> u64 {
    let mut sink = std::io::sink();
    let mut bytes = 0;
    for _ in 0..events {
        if generator.next_raw(raw).is_none() {
            break;
        }
        bytes += raw.len() as u64 + 1;
        let _ = sink.write_all(raw.as_bytes());
        let _ = sink.write_all(b"\n");
    }
    bytes
}

/// Reads every line with the source's own reader and returns the number of events read.
#[inline(never)]
fn parse_lines(source: &dyn Source, lines: &[&str]) -> u64 {
    let mut state = ParseState {
        options: ParseOptions::default(),
        ..ParseState::default()
    };
    let mut events = 0;
    for line in lines {
        let trimmed = line.trim_start();
        let outcome = if trimmed.starts_with('{') {
            json::parse(line).and_then(|value| source.parse_json(&value, &mut state))
        } else {
            source.parse_line(line, &mut state)
        };
        events += u64::from(matches!(black_box(outcome), Ok(Some(_))));
    }
    events
}

/// Reads the whole text with the engine and returns the number of records.
#[inline(never)]
fn parse_engine(id: &str, text: &str) -> u64 {
    let parser = Parser::new(id, text.as_bytes(), ParseOptions::default()).unwrap_or_else(|e| panic!("{id}: {e}"));
    let mut records = 0;
    for outcome in parser {
        records += u64::from(black_box(outcome).is_ok());
    }
    records
}

/// Returns the first `count` events of a source's weighted mix, one raw text each.
fn sample_events(id: &str, count: u64) -> Vec<String> {
    let request = GenerateRequest {
        seed: 42,
        ..GenerateRequest::new(id, count)
    };
    Generator::new(&request)
        .unwrap_or_else(|e| panic!("{id}: {e}"))
        .map(|event| event.raw)
        .collect()
}

/// Runs `pass` (which returns the items and bytes it handled) until the budget is spent, after
/// one untimed warm-up pass; with a fixed event count it runs once and reports no rate.
fn measure(work: Work, mut pass: impl FnMut() -> (u64, u64)) -> Option<Rate> {
    let Work::Budget(budget) = work else {
        black_box(pass());
        return None;
    };
    pass();
    let started = Instant::now();
    let cpu_started = cpu_nanos();
    let (mut items, mut bytes) = (0u64, 0u64);
    while started.elapsed() < budget {
        let (pass_items, pass_bytes) = pass();
        items += pass_items;
        bytes += pass_bytes;
    }
    let seconds = elapsed_seconds(started, cpu_started);
    Some(Rate {
        items: items as f64 / seconds,
        bytes: bytes as f64 / seconds,
    })
}

/// Generation rate of events into a sink.
fn generation_rate(id: &str, work: Work) -> Option<Rate> {
    let request = GenerateRequest {
        seed: 42,
        count: None,
        ..GenerateRequest::new(id, 0)
    };
    let mut generator = Generator::new(&request).unwrap_or_else(|e| panic!("{id}: {e}"));
    let mut raw = String::with_capacity(1024);
    let batch = match work {
        Work::Budget(_) => GENERATE_BATCH,
        Work::Events(events) => events,
    };
    measure(work, || (batch, generate_events(&mut generator, &mut raw, batch)))
}

/// Rates of the source's own reader and of the engine over the same pre-generated lines.
fn parse_rates(source: &dyn Source, work: Work) -> (Option<Rate>, Option<Rate>) {
    let id = source.meta().id;
    let count = match work {
        Work::Budget(_) => PARSE_LINES,
        Work::Events(events) => events,
    };
    let events = sample_events(id, count);
    let text: String = events.iter().flat_map(|raw| [raw.as_str(), "\n"]).collect();
    let bytes = text.len() as u64;
    // A generated event may span several lines (a header line before the first record).
    let lines: Vec<&str> = text.lines().collect();

    let vendor = measure(work, || {
        let parsed = parse_lines(source, &lines);
        assert_eq!(parsed, count, "{id}: every generated event parses with parse_line");
        (parsed, bytes)
    });
    let engine = measure(work, || {
        let records = parse_engine(id, &text);
        assert_eq!(records, count, "{id}: every generated event parses with the engine");
        (records, bytes)
    });
    (vendor, engine)
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

/// Parses the command line: `[seconds | --events N] [source...]`.
fn parse_args() -> (Work, Vec<String>) {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let work = if args.first().is_some_and(|arg| arg == "--events") {
        let count = args.get(1).and_then(|text| text.parse::<u64>().ok()).filter(|n| *n > 0);
        let Some(count) = count else {
            eprintln!("--events needs a positive whole number of events, such as --events 20000");
            std::process::exit(2);
        };
        args.drain(..2);
        Work::Events(count)
    } else if let Some(seconds) = args.first().and_then(|text| text.parse::<f64>().ok()) {
        args.remove(0);
        Work::Budget(Duration::from_secs_f64(seconds))
    } else {
        Work::Budget(Duration::from_secs(1))
    };
    (work, args)
}

fn main() {
    if std::env::args().nth(1).is_some_and(|arg| arg == "--list") {
        for source in sources::all() {
            println!("{}", source.meta().id);
        }
        return;
    }
    let (work, wanted) = parse_args();

    if matches!(work, Work::Budget(_)) {
        println!(
            "{:<28} {:<10} | {:>10} {:>7} {:>6} | {:>10} {:>7} {:>6} | {:>10} {:>7} {:>6}",
            "", "", "generate", "", "", "parse_line", "", "", "engine", "", ""
        );
        println!(
            "{:<28} {:<10} | {:>10} {:>7} {:>6} | {:>10} {:>7} {:>6} | {:>10} {:>7} {:>6}",
            "source", "format", "events/s", "MiB/s", "target", "lines/s", "MiB/s", "target", "lines/s", "MiB/s", "target"
        );
    }
    let mut matched = 0;
    let mut generation = Vec::new();
    for source in sources::all() {
        let meta = source.meta();
        if !wanted.is_empty() && !wanted.iter().any(|id| id == meta.id) {
            continue;
        }
        matched += 1;
        let format = meta.formats.first().copied().unwrap_or(WireFormat::Text);
        let generated = generation_rate(meta.id, work);
        let (vendor, engine) = parse_rates(*source, work);
        let (Some(generated), Some(vendor), Some(engine)) = (generated, vendor, engine) else {
            println!(
                "{}: ran {} events per surface",
                meta.id,
                if let Work::Events(n) = work { n } else { 0 }
            );
            continue;
        };
        generation.push(generated.items);

        let generate_target = if meta.id == "aws_cloudtrail" {
            CLOUDTRAIL_TARGET
        } else {
            GENERATE_MEDIAN_TARGET
        };
        let parse_target = |rate: Rate| {
            if is_line_format(format) {
                ratio(rate.items, LINE_PARSE_TARGET)
            } else {
                "-".to_string()
            }
        };
        println!(
            "{:<28} {:<10} | {:>10.0} {:>7.1} {:>6} | {:>10.0} {:>7.1} {:>6} | {:>10.0} {:>7.1} {:>6}",
            meta.id,
            format.as_str(),
            generated.items,
            generated.bytes / MIB,
            ratio(generated.items, generate_target),
            vendor.items,
            vendor.bytes / MIB,
            parse_target(vendor),
            engine.items,
            engine.bytes / MIB,
            parse_target(engine),
        );
    }

    if matched == 0 {
        eprintln!("no registered source matches {wanted:?}; `siemulator list` shows the ids");
        std::process::exit(2);
    }
    if generation.is_empty() {
        return;
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
