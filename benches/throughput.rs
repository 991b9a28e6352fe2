//! Throughput of every registered source: generation of raw events and parsing of raw lines.
//!
//! Groups: `generate/<source>` renders events with [`Generator::next_raw`] and writes each line
//! to a sink; `parse_line/<source>` reads pre-generated lines into vendor fields with the
//! source's own reader (no framing, no OCSF); `parse/<source>` reads the same lines with
//! [`Parser`] into OCSF records, as a user does.
//! Each is measured once with `Throughput::Elements` (events) and once with
//! `Throughput::Bytes` (raw bytes, newlines included). Run one source with
//! `cargo bench --bench throughput -- linux_auth`.

use std::hint::black_box;
use std::io::Write as _;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use siemulator::format::json;
use siemulator::generate::{GenerateRequest, Generator};
use siemulator::parse::Parser;
use siemulator::sources::{self, ParseOptions, ParseState};

// The allocator of the CLI and the language bindings, so the figures are what their users see.
#[global_allocator]
static ALLOCATOR: siemulator_alloc::Allocator = siemulator_alloc::Allocator;

/// Events per measured iteration.
const BATCH: u64 = 1000;
/// Seed of every stream.
const SEED: u64 = 42;

/// Returns the first `BATCH` events of a source's weighted mix as one text, one line each.
fn sample_text(id: &str) -> String {
    let request = GenerateRequest {
        seed: SEED,
        ..GenerateRequest::new(id, BATCH)
    };
    let generator = Generator::new(&request).unwrap_or_else(|e| panic!("{id}: {e}"));
    generator.map(|event| event.raw + "\n").collect()
}

/// Both units of one measurement, since criterion reports one throughput per benchmark: each
/// source is measured twice, once per unit.
fn units(bytes: u64) -> [(&'static str, Throughput); 2] {
    [("events", Throughput::Elements(BATCH)), ("bytes", Throughput::Bytes(bytes))]
}

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    for source in sources::all() {
        let id = source.meta().id;
        // NOTE: the byte count is that of the first batch; later batches differ slightly.
        let bytes = sample_text(id).len() as u64;
        let request = GenerateRequest {
            seed: SEED,
            count: None,
            ..GenerateRequest::new(id, 0)
        };
        let mut generator = Generator::new(&request).unwrap_or_else(|e| panic!("{id}: {e}"));
        let mut raw = String::with_capacity(1024);
        let mut sink = std::io::sink();
        for (unit, throughput) in units(bytes) {
            group.throughput(throughput);
            group.bench_function(BenchmarkId::new(id, unit), |b| {
                b.iter(|| {
                    for _ in 0..BATCH {
                        generator.next_raw(&mut raw);
                        let _ = sink.write_all(raw.as_bytes());
                        let _ = sink.write_all(b"\n");
                    }
                })
            });
        }
    }
    group.finish();
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    for source in sources::all() {
        let id = source.meta().id;
        let text = sample_text(id);
        for (unit, throughput) in units(text.len() as u64) {
            group.throughput(throughput);
            group.bench_function(BenchmarkId::new(id, unit), |b| {
                b.iter(|| {
                    let parser = Parser::new(id, text.as_bytes(), ParseOptions::default()).unwrap_or_else(|e| panic!("{id}: {e}"));
                    let mut records = 0u64;
                    for outcome in parser {
                        records += u64::from(black_box(outcome).is_ok());
                    }
                    assert_eq!(records, BATCH, "{id}: every generated line parses");
                })
            });
        }
    }
    group.finish();
}

fn parse_line(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_line");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    for source in sources::all() {
        let id = source.meta().id;
        let text = sample_text(id);
        for (unit, throughput) in units(text.len() as u64) {
            group.throughput(throughput);
            group.bench_function(BenchmarkId::new(id, unit), |b| {
                b.iter(|| {
                    let mut state = ParseState::default();
                    let mut events = 0u64;
                    for line in text.lines() {
                        // The engine hands a line that is a JSON document to `parse_json`.
                        let outcome = if line.trim_start().starts_with('{') {
                            json::parse(line).and_then(|value| source.parse_json(&value, &mut state))
                        } else {
                            source.parse_line(line, &mut state)
                        };
                        events += u64::from(matches!(black_box(outcome), Ok(Some(_))));
                    }
                    assert_eq!(events, BATCH, "{id}: every generated line parses");
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, generate, parse_line, parse);
criterion_main!(benches);
