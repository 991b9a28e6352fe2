//! The built-in `enterprise-attack` scenario: the main job the README shows.

use std::collections::{BTreeMap, BTreeSet};

use siemulator::parse::Parser;
use siemulator::scenario::Scenario;
use siemulator::sources::ParseOptions;

#[test]
fn covers_the_intrusion_story() {
    let scenario = Scenario::builtin("enterprise-attack").unwrap();
    let description = scenario.describe(None).unwrap();

    assert_eq!(description.duration_ms, 3_600_000);
    assert!(
        (250..=350).contains(&description.attack_events),
        "{} attack events",
        description.attack_events
    );
    assert!(
        description.background_events >= 2_000,
        "{} background events",
        description.background_events
    );

    let tactics: BTreeSet<&str> = description.phases.iter().filter_map(|p| p.tactic.as_deref()).collect();
    for tactic in [
        "reconnaissance",
        "initial-access",
        "credential-access",
        "lateral-movement",
        "privilege-escalation",
        "discovery",
        "exfiltration",
        "persistence",
    ] {
        assert!(tactics.contains(tactic), "no phase with tactic {tactic}");
    }
}

#[test]
fn attack_spans_ten_sources() {
    let scenario = Scenario::builtin("enterprise-attack").unwrap();
    let mut attack_sources = BTreeSet::new();
    for event in scenario.events(None, None).unwrap() {
        if event.labels.malicious {
            assert!(event.labels.phase.is_some(), "attack event without phase: {}", event.raw);
            assert!(event.labels.technique.is_some(), "attack event without technique: {}", event.raw);
            attack_sources.insert(event.source);
        }
    }
    assert!(attack_sources.len() >= 10, "attack events come from {attack_sources:?}");
}

#[test]
fn every_event_parses_back() {
    let scenario = Scenario::builtin("enterprise-attack").unwrap();
    let mut texts: BTreeMap<&str, String> = BTreeMap::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for event in scenario.events(None, None).unwrap() {
        let text = texts.entry(event.source).or_default();
        text.push_str(&event.raw);
        text.push('\n');
        *counts.entry(event.source).or_default() += 1;
    }
    for (source, text) in &texts {
        let outcomes: Vec<_> = Parser::new(source, text.as_bytes(), ParseOptions::default()).unwrap().collect();
        let failures: Vec<String> = outcomes.iter().filter_map(|o| o.as_ref().err().map(ToString::to_string)).collect();
        assert!(
            failures.is_empty(),
            "{source}: {} events failed, first: {}",
            failures.len(),
            failures[0]
        );
        assert_eq!(outcomes.len(), counts[source], "{source}: record count differs from event count");
    }
}
