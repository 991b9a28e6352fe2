//! No input makes a parser panic: every registered source, through the real [`Parser`], and
//! every reader of `siemulator::format` return errors for garbage.
//!
//! Inputs are arbitrary strings (some starting like a syslog line, a JSON envelope, a CEF
//! header or a Windows event, to reach deeper code), arbitrary bytes, and generated events with
//! flipped bytes or cut short. Case counts: `SIEMULATOR_NO_PANIC_CASES` (default 256 per
//! property; each case covers every source).

mod common;

use std::sync::Arc;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use siemulator::format::{json, syslog3164};
use siemulator::generate::{GenerateRequest, Generator};
use siemulator::parse::Parser;
use siemulator::sources::ParseOptions;
use siemulator::timestamp;
use siemulator::world::{World, WorldConfig};

/// Starts of real inputs, so that random tails reach past the first check of a reader.
const PREFIXES: &[&str] = &[
    "{",
    "[",
    "{\"Records\":[",
    "{\"records\":[{",
    "{\"event\":{\"a\":1},\"sourcetype\":\"x\",\"event\":",
    "{\"meta\":{},\"data\":[",
    "<13>",
    "<86>Jan  5 09:00:00 web01 sshd[411]: ",
    "<166>Jan 05 2026 09:00:00 fw01 : %ASA-6-302013: ",
    "<14>1 2026-01-05T09:00:00Z host app 1 ID [sd@1 a=\"b\"] ",
    "2026-01-05T09:00:00.123456+00:00 host sudo: bob : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=",
    "CEF:0|Vendor|Product|1.0|100|Name|5|",
    "LEEF:2.0|Vendor|Product|1.0|100|^|",
    "#Fields: date time c-ip cs-method\n",
    "#separator \\x09\n#fields\tts\tuid\n",
    "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>",
    "date=2026-01-05 time=09:00:00 devname=\"fw\" logid=\"0000000013\" type=\"traffic\" ",
    "1,2026/01/05 09:00:00,001801000000,TRAFFIC,end,",
];

/// Reads `input` with every source's parser and with every format reader, draining all outcomes.
fn read_everywhere(input: &[u8]) {
    for source in common::all_sources() {
        let id = source.meta().id;
        let parser = match Parser::new(id, input, ParseOptions::default()) {
            Ok(parser) => parser,
            Err(err) => panic!("{id}: the parser cannot start: {err}"),
        };
        for outcome in parser {
            drop(outcome);
        }
    }
    let text = String::from_utf8_lossy(input);
    read_with_formats(&text);
}

/// Calls each reader of `siemulator::format` and the timestamp readers on `text`.
fn read_with_formats(text: &str) {
    let _ = syslog3164::parse(text);
    let _ = syslog3164::parse_timestamp(text, 2026);
    if let Ok(value) = json::parse(text) {
        let _ = json::flatten_object(&value);
    }
    let _ = timestamp::parse_rfc3339(text);
    let _ = timestamp::parse_bsd(text, 2026);
    let _ = timestamp::parse_date_time(text);
    let _ = timestamp::parse_epoch(text);
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        (0..PREFIXES.len(), any::<String>()).prop_map(|(i, tail)| format!("{}{tail}", PREFIXES[i])),
        (0..PREFIXES.len(), "[ -~]{0,200}").prop_map(|(i, tail)| format!("{}{tail}", PREFIXES[i])),
    ]
}

/// Applies byte flips (position, XOR mask) and an optional cut to `raw`.
fn mutate(raw: &str, flips: &[(Index, u8)], cut: Option<Index>) -> Vec<u8> {
    let mut bytes = raw.as_bytes().to_vec();
    if bytes.is_empty() {
        return bytes;
    }
    for (position, mask) in flips {
        let at = position.index(bytes.len());
        bytes[at] ^= *mask;
    }
    if let Some(cut) = cut {
        bytes.truncate(cut.index(bytes.len()));
    }
    bytes.push(b'\n');
    bytes
}

fn world_of(seed: u64) -> Arc<World> {
    match World::new(seed, &WorldConfig::default()) {
        Ok(world) => Arc::new(world),
        Err(err) => panic!("the default world of seed {seed} is rejected: {err}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: common::cases_from_env("SIEMULATOR_NO_PANIC_CASES", 256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_never_panics(text in arbitrary_text()) {
        read_everywhere(text.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..512)) {
        read_everywhere(&bytes);
        read_everywhere(String::from_utf8_lossy(&bytes).as_bytes());
    }

    #[test]
    fn mutated_events_never_panic(
        seed in any::<u64>(),
        variant in any::<Index>(),
        flips in vec((any::<Index>(), 1u8..=255), 0..4),
        cut in proptest::option::of(any::<Index>()),
    ) {
        let world = world_of(seed);
        for source in common::all_sources() {
            let meta = source.meta();
            let request = GenerateRequest {
                variant: Some(meta.variants[variant.index(meta.variants.len())].name.to_string()),
                seed,
                ..GenerateRequest::new(meta.id, 1)
            };
            let mut generator = Generator::with_world(&request, world.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut raw = String::new();
            prop_assert!(generator.next_raw(&mut raw).is_some());
            let input = mutate(&raw, &flips, cut);
            let parser = Parser::new(meta.id, input.as_slice(), ParseOptions::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for outcome in parser {
                drop(outcome);
            }
            read_with_formats(&String::from_utf8_lossy(&input));
        }
    }
}

#[test]
fn deeply_nested_json_is_an_error() {
    let open = "[".repeat(100_000);
    let balanced = format!("{open}{}", "]".repeat(100_000));
    for input in [open.as_str(), balanced.as_str()] {
        for source in common::all_sources() {
            let outcomes: Vec<_> = Parser::new(source.meta().id, input.as_bytes(), ParseOptions::default())
                .expect("registered source")
                .collect();
            assert!(
                outcomes.iter().all(Result::is_err),
                "{}: nested arrays gave a record",
                source.meta().id
            );
            assert!(!outcomes.is_empty(), "{}: nested arrays gave no error", source.meta().id);
        }
    }
}

#[test]
fn overlong_line_is_an_error() {
    let line = "a".repeat(syslog3164::MAX_LINE + 10);
    for source in common::all_sources() {
        let outcomes: Vec<_> = Parser::new(source.meta().id, line.as_bytes(), ParseOptions::default())
            .expect("registered source")
            .collect();
        assert_eq!(outcomes.len(), 1, "{}", source.meta().id);
        let error = outcomes[0].as_ref().expect_err("an overlong line is rejected");
        assert!(error.reason.contains("limit"), "{}: {error}", source.meta().id);
    }
}
