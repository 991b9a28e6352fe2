//! Throughput of the export writers and of scenario runs.
//!
//! `export` writes 10,000 pre-generated `linux_auth` events in each output format to a sink,
//! so it measures rendering and writing only. `scenario` runs the built-in `ssh-brute-force`
//! scenario end to end (compilation, generation of every stream, the time-ordered merge) and
//! writes it as NDJSON. Each group reports events per second, and its `_bytes` twin reports
//! output bytes per second.
//!
//! Run with `cargo bench --bench pipeline`.

use std::hint::black_box;
use std::io;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use siemulator::export::{Exporter, OutputFormat};
use siemulator::generate::{GenerateRequest, Generator};
use siemulator::scenario::Scenario;
use siemulator::Event;

// The allocator of the CLI and the language bindings, so the figures are what their users see.
#[global_allocator]
static ALLOCATOR: siemulator_alloc::Allocator = siemulator_alloc::Allocator;

const EXPORT_EVENTS: u64 = 10_000;

fn export_bytes(format: OutputFormat, events: &[Event]) -> u64 {
    let mut exporter = Exporter::new(format, io::sink());
    for event in events {
        exporter.write_event(event).expect("a sink accepts every write");
    }
    let bytes = exporter.bytes_written();
    exporter.finish().expect("a sink accepts every write");
    bytes
}

fn export(c: &mut Criterion) {
    let events: Vec<Event> = Generator::new(&GenerateRequest::new("linux_auth", EXPORT_EVENTS))
        .expect("linux_auth is a known source")
        .collect();
    for (group_name, by_bytes) in [("export", false), ("export_bytes", true)] {
        let mut group = c.benchmark_group(group_name);
        group.sample_size(20);
        for format in OutputFormat::ALL {
            let throughput = if by_bytes {
                Throughput::Bytes(export_bytes(*format, &events))
            } else {
                Throughput::Elements(EXPORT_EVENTS)
            };
            group.throughput(throughput);
            group.bench_with_input(BenchmarkId::from_parameter(format.as_str()), format, |b, format| {
                b.iter(|| black_box(export_bytes(*format, &events)));
            });
        }
        group.finish();
    }
}

fn run_scenario(scenario: &Scenario) -> u64 {
    let events = scenario.events(None, None).expect("the built-in scenario compiles");
    export_events(events)
}

fn export_events(events: impl Iterator<Item = Event>) -> u64 {
    let mut exporter = Exporter::new(OutputFormat::Ndjson, io::sink());
    for event in events {
        exporter.write_event(&event).expect("a sink accepts every write");
    }
    let bytes = exporter.bytes_written();
    exporter.finish().expect("a sink accepts every write");
    bytes
}

fn scenario(c: &mut Criterion) {
    let scenario = Scenario::builtin("ssh-brute-force").expect("the built-in scenario loads");
    let total = scenario.events(None, None).expect("the built-in scenario compiles").total();
    let bytes = run_scenario(&scenario);
    for (group_name, throughput) in [
        ("scenario", Throughput::Elements(total)),
        ("scenario_bytes", Throughput::Bytes(bytes)),
    ] {
        let mut group = c.benchmark_group(group_name);
        group.sample_size(20);
        group.throughput(throughput);
        group.bench_function("ssh-brute-force", |b| b.iter(|| black_box(run_scenario(&scenario))));
        group.finish();
    }
}

criterion_group!(benches, export, scenario);
criterion_main!(benches);
