//! Every OCSF record that a registered source produces from its own generated events must
//! validate against the resolved OCSF 1.8.0 schema.
//!
//! The schema is read from `../shared/ocsf/ocsf-1.8.0.json` next to the repository; without
//! it the test prints why it skips and passes.

mod common;

use std::collections::BTreeMap;

use siemulator::parse::Parser;
use siemulator::sources::ParseOptions;
use siemulator::Error;

/// Events generated per variant and seed.
const EVENTS_PER_VARIANT: u64 = 40;
/// Seeds, so that each variant is checked over several worlds.
const SEEDS: [u64; 3] = [1, 2, 3];
/// Distinct problems shown per variant in the failure message.
const SHOWN: usize = 8;

/// Problems of one variant: each distinct problem with its count, where problems that differ
/// only in digits count as one, and the first invalid event's raw text.
#[derive(Default)]
struct VariantReport {
    checked: usize,
    invalid: usize,
    /// Count and first wording of each problem, keyed by the problem with digits masked.
    problems: BTreeMap<String, (usize, String)>,
    example: Option<String>,
}

impl VariantReport {
    fn add(&mut self, raw: &str, problems: Vec<String>) {
        self.invalid += 1;
        self.example.get_or_insert_with(|| raw.to_string());
        for problem in problems {
            let masked: String = problem.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect();
            self.problems.entry(masked).or_insert_with(|| (0, problem)).0 += 1;
        }
    }

    fn render(&self, source: &str, variant: &str) -> String {
        let mut text = format!("{source} / {variant}: {} of {} records are invalid", self.invalid, self.checked);
        for (count, problem) in self.problems.values().take(SHOWN) {
            text.push_str(&format!("\n    {count:>4} x {problem}"));
        }
        if self.problems.len() > SHOWN {
            text.push_str(&format!("\n    and {} more distinct problems", self.problems.len() - SHOWN));
        }
        if let Some(raw) = &self.example {
            text.push_str(&format!("\n    first invalid event: {raw}"));
        }
        text
    }
}

#[test]
fn generated_records_validate() {
    let Some(schema) = common::schema() else {
        eprintln!("ocsf: skipped, {} is absent", common::schema_path().display());
        return;
    };

    let mut report = Vec::new();
    for source in common::all_sources() {
        let meta = source.meta();
        for variant in meta.variants {
            let mut variant_report = VariantReport::default();
            for seed in SEEDS {
                // The events are read as one text, as a log file contains them, because some
                // formats announce their columns once in a header line.
                let events = common::generate(meta.id, Some(variant.name), EVENTS_PER_VARIANT, seed);
                let text: String = events.iter().map(|e| format!("{}\n", e.raw)).collect();
                let parser = Parser::new(meta.id, text.as_bytes(), ParseOptions::default()).expect("registered source");
                let outcomes: Vec<_> = parser.collect();
                if outcomes.len() != events.len() {
                    let problem = format!("{} events gave {} parse outcomes", events.len(), outcomes.len());
                    variant_report.checked += 1;
                    variant_report.add(&text, vec![problem]);
                    continue;
                }
                for (event, outcome) in events.iter().zip(outcomes) {
                    variant_report.checked += 1;
                    match outcome {
                        Err(err) => variant_report.add(&event.raw, vec![format!("parse failed: {err}")]),
                        Ok(record) => match schema.validate(&record.ocsf) {
                            Ok(()) => {}
                            Err(Error::InvalidRecord { problems, .. }) => variant_report.add(&event.raw, problems),
                            Err(other) => variant_report.add(&event.raw, vec![format!("validation failed: {other}")]),
                        },
                    }
                }
            }
            if variant_report.invalid > 0 {
                report.push(variant_report.render(meta.id, variant.name));
            }
        }
    }
    assert!(
        report.is_empty(),
        "OCSF {} validation failed:\n{}",
        schema.version(),
        report.join("\n")
    );
}

#[test]
fn schema_rejects_a_broken_record() {
    // Guards against a validator that accepts everything, which would make the test above pass
    // for any source.
    let Some(schema) = common::schema() else {
        eprintln!("ocsf: skipped, {} is absent", common::schema_path().display());
        return;
    };
    let event = &common::generate("linux_auth", Some("ssh_failed_password"), 1, 1)[0];
    let record = siemulator::parse::parse_event("linux_auth", &event.raw, ParseOptions::default()).expect("generated event parses");
    assert!(schema.validate(&record.ocsf).is_ok(), "{:?}", schema.validate(&record.ocsf));

    let mut broken = record.ocsf.clone();
    broken.insert("type_uid", 300299);
    broken.insert("src_ip", "198.51.100.7");
    broken.remove("metadata");
    let Err(Error::InvalidRecord { problems, .. }) = schema.validate(&broken) else {
        panic!("a record without metadata and with an unknown attribute was accepted");
    };
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

/// Largest gap between an event's time on the virtual clock and the OCSF `time` read back from
/// it: formats that write whole seconds (BSD syslog, epoch seconds) drop the milliseconds.
const TIME_TOLERANCE_MILLIS: i64 = 999;

#[test]
fn record_time_is_event_time() {
    // A record's time is when the event happened, which is the time the clock gave it. A
    // source that writes a later logging time as well must not have it read as the event time.
    let mut mismatches = Vec::new();
    for source in common::all_sources() {
        let meta = source.meta();
        for variant in meta.variants {
            let events = common::generate(meta.id, Some(variant.name), 20, 5);
            let text: String = events.iter().map(|e| format!("{}\n", e.raw)).collect();
            let parser = Parser::new(meta.id, text.as_bytes(), ParseOptions::default()).expect("registered source");
            for (event, outcome) in events.iter().zip(parser) {
                let Ok(record) = outcome else { continue };
                let read = record.ocsf["time"].as_i64().unwrap_or_default();
                let expected = event.time.millis();
                if (read - expected).abs() > TIME_TOLERANCE_MILLIS {
                    mismatches.push(format!("{} / {}: time {read}, clock {expected}", meta.id, variant.name));
                    break;
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
