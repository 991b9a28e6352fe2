//! Round trip of every variant of every registered source through the real parsing engine.
//!
//! For random seeds, each variant's events are generated, joined into one text the way a log
//! file contains them, and read back with [`Parser`] (framing and envelopes included). Every
//! ground-truth field must come back under the same name with an equal JSON value, and the
//! parser must name the generated variant. A second property sets one string field to a
//! random value, as `--set field=value` does, and checks that the value survives as well.
//!
//! Case counts (proptest cases; each case covers every source and variant):
//! `SIEMULATOR_ROUNDTRIP_CASES` (default 64) and `SIEMULATOR_OVERRIDE_CASES` (default 32).

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};
use siemulator::fields::Kind;
use siemulator::generate::{GenerateRequest, Generator};
use siemulator::parse::Parser;
use siemulator::sources::{ParseOptions, Source};
use siemulator::world::{World, WorldConfig};

/// Events generated per variant in each case.
const EVENTS_PER_VARIANT: u64 = 3;
/// Events generated to find the fields whose value varies within a variant.
const PROBE_EVENTS: u64 = 16;

/// One generated event: its raw text, truth fields and variant name.
struct Truth {
    raw: String,
    fields: Map<String, Value>,
    variant: &'static str,
}

fn generate(request: &GenerateRequest, world: &Arc<World>) -> Result<Vec<Truth>, String> {
    let mut generator = Generator::with_world(request, world.clone()).map_err(|e| format!("cannot generate {request:?}: {e}"))?;
    let mut events = Vec::new();
    while let Some(event) = generator.next() {
        events.push(Truth {
            raw: event.raw,
            fields: generator.fields().to_map(),
            variant: event.variant,
        });
    }
    Ok(events)
}

/// Parses the events as one text and compares each record with its truth.
fn check_round_trip(source: &dyn Source, events: &[Truth]) -> Result<(), String> {
    let id = source.meta().id;
    let mut text = String::new();
    for event in events {
        text.push_str(&event.raw);
        text.push('\n');
    }
    let parser = Parser::new(id, text.as_bytes(), ParseOptions::default()).map_err(|e| e.to_string())?;
    let outcomes: Vec<_> = parser.collect();
    if outcomes.len() != events.len() {
        return Err(format!(
            "{id}: {} events gave {} parse outcomes\ntext:\n{text}outcomes: {outcomes:#?}",
            events.len(),
            outcomes.len()
        ));
    }
    for (event, outcome) in events.iter().zip(outcomes) {
        let record = outcome.map_err(|e| format!("{id} {}: parse failed at {e}\nraw: {}", event.variant, event.raw))?;
        let parsed = &record.parsed;
        if parsed.variant != Some(event.variant) {
            return Err(format!(
                "{id}: parsed variant {:?}, generated {:?}\nraw: {}",
                parsed.variant, event.variant, event.raw
            ));
        }
        for (name, expected) in &event.fields {
            let actual = parsed.fields.get(name);
            if actual != Some(expected) {
                return Err(format!(
                    "{id} {}: field '{name}' parsed as {actual:?}, generated {expected:?}\nraw: {}",
                    event.variant, event.raw
                ));
            }
        }
    }
    Ok(())
}

/// Returns true for a value that an arbitrary identifier can replace without breaking the
/// framing of any format. Such a value has only letters, digits, `.`, `_`, `-` or `@`, at
/// least one letter, and is not all hexadecimal digits (hashes and ids that a parser may decode).
fn replaceable(value: &str) -> bool {
    let word = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    let letter = value.chars().any(|c| c.is_ascii_alphabetic());
    let hex = value.chars().all(|c| c.is_ascii_hexdigit());
    !value.is_empty() && word && letter && !hex
}

/// Returns, for each variant, the string fields that every probe event carries, whose values
/// vary between events and are all [`replaceable`]. These are entity names such as users and
/// hosts, never the constants that decide the variant or the framing. A field that only some
/// events carry (the `userName` of an IAM user caller, absent for a role session) is left out,
/// because `--set` cannot put it into the events that lack it.
fn overridable_fields(source: &dyn Source, world: &Arc<World>) -> Vec<(&'static str, Vec<&'static str>)> {
    let meta = source.meta();
    meta.variants
        .iter()
        .map(|variant| {
            let request = GenerateRequest {
                variant: Some(variant.name.to_string()),
                seed: 7,
                ..GenerateRequest::new(meta.id, PROBE_EVENTS)
            };
            let mut generator = match Generator::with_world(&request, world.clone()) {
                Ok(generator) => generator,
                Err(err) => panic!("{}: cannot generate {request:?}: {err}", meta.id),
            };
            let mut names: Vec<&'static str> = Vec::new();
            let mut values: Vec<(&'static str, BTreeSet<String>, bool, u64)> = Vec::new();
            let mut raw = String::new();
            let mut events = 0;
            while generator.next_raw(&mut raw).is_some() {
                events += 1;
                for (name, kind, text) in generator.fields().iter() {
                    let entry = match values.iter_mut().find(|(n, _, _, _)| *n == name) {
                        Some(entry) => entry,
                        None => {
                            values.push((name, BTreeSet::new(), true, 0));
                            values.last_mut().expect("an entry was just pushed")
                        }
                    };
                    entry.1.insert(text.to_string());
                    entry.2 &= kind == Kind::Str && replaceable(text);
                    entry.3 += 1;
                }
            }
            for (name, distinct, ok, present) in values {
                if ok && distinct.len() > 1 && present == events {
                    names.push(name);
                }
            }
            (variant.name, names)
        })
        .collect()
}

fn world_of(seed: u64) -> Arc<World> {
    match World::new(seed, &WorldConfig::default()) {
        Ok(world) => Arc::new(world),
        Err(err) => panic!("the default world of seed {seed} is rejected: {err}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: common::cases_from_env("SIEMULATOR_ROUNDTRIP_CASES", 64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_variant_round_trips(seed in any::<u64>(), offset in 0u64..1_000_000) {
        let world = world_of(seed);
        for source in common::all_sources() {
            let meta = source.meta();
            for variant in meta.variants {
                let request = GenerateRequest {
                    variant: Some(variant.name.to_string()),
                    seed,
                    offset,
                    ..GenerateRequest::new(meta.id, EVENTS_PER_VARIANT)
                };
                let events = generate(&request, &world).map_err(TestCaseError::fail)?;
                check_round_trip(*source, &events).map_err(|e| TestCaseError::fail(format!("seed {seed}, offset {offset}: {e}")))?;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: common::cases_from_env("SIEMULATOR_OVERRIDE_CASES", 32),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn overrides_round_trip(seed in any::<u64>(), pick in any::<Index>(), value in "[a-z][a-z0-9]{2,10}") {
        let world = world_of(seed);
        for source in common::all_sources() {
            let meta = source.meta();
            for (variant, fields) in overridable_fields(*source, &world) {
                if fields.is_empty() {
                    continue;
                }
                let field = fields[pick.index(fields.len())];
                let request = GenerateRequest {
                    variant: Some(variant.to_string()),
                    seed,
                    overrides: vec![(field.to_string(), value.clone())],
                    ..GenerateRequest::new(meta.id, EVENTS_PER_VARIANT)
                };
                let events = generate(&request, &world).map_err(TestCaseError::fail)?;
                // `--set` replaces a field where an event has it. A field present in every probe
                // event may still be missing from a rare event (the response of a failed call),
                // so only the events that carry it are checked, and at least one must.
                let carrying: Vec<_> = events.iter().filter_map(|event| event.fields.get(field)).collect();
                prop_assert!(!carrying.is_empty(), "{} {}: no event carries {}", meta.id, variant, field);
                for actual in carrying {
                    prop_assert_eq!(actual, &Value::String(value.clone()), "{} {}: --set {}={} is not in the truth", meta.id, variant, field, value);
                }
                check_round_trip(*source, &events)
                    .map_err(|e| TestCaseError::fail(format!("seed {seed}, --set {field}={value}: {e}")))?;
            }
        }
    }
}

#[test]
fn replaceable_accepts_names_only() {
    for value in ["alice.smith", "srv-web01", "sshd", "CRON", "bob@corp.example"] {
        assert!(replaceable(value), "{value}");
    }
    for value in ["", "10.0.0.1", "4624", "deadbeef", "pts/1", "Jan  5 09:00:00", "a b", "SHA256:x"] {
        assert!(!replaceable(value), "{value}");
    }
}

#[test]
fn linux_auth_has_overridable_fields() {
    // The override property is only meaningful when the reference source offers fields to set.
    let source = siemulator::sources::find("linux_auth").expect("linux_auth is registered");
    let fields = overridable_fields(source, &world_of(1));
    let (_, names) = fields
        .iter()
        .find(|(variant, _)| *variant == "ssh_accepted_password")
        .expect("variant exists");
    assert!(names.contains(&"user"), "{names:?}");
    assert!(names.contains(&"hostname"), "{names:?}");
}

/// Generates `count` events of `variant` with `overrides` and returns each event's fields.
fn fields_with(source: &str, variant: &str, overrides: &[(&str, &str)]) -> Vec<Vec<(String, String)>> {
    let request = GenerateRequest {
        variant: Some(variant.to_string()),
        overrides: overrides
            .iter()
            .map(|(field, value)| (field.to_string(), value.to_string()))
            .collect(),
        ..GenerateRequest::new(source, 20)
    };
    let mut generator = Generator::new(&request).unwrap_or_else(|err| panic!("{source} {variant}: {err}"));
    let mut events = Vec::new();
    let mut raw = String::new();
    while generator.next_raw(&mut raw).is_some() {
        events.push(
            generator
                .fields()
                .iter()
                .map(|(name, _, text)| (name.to_string(), text.to_string()))
                .collect(),
        );
    }
    events
}

fn field<'a>(event: &'a [(String, String)], name: &str) -> &'a str {
    event.iter().find(|(n, _)| n == name).map_or("", |(_, text)| text)
}

#[test]
fn override_reaches_derived_fields() {
    for event in fields_with("linux_auth", "sudo_command", &[("user", "zed.ng")]) {
        assert_eq!(field(&event, "user"), "zed.ng");
        assert_eq!(field(&event, "pwd"), "/home/zed.ng", "{event:?}");
    }
    // An override of the derived field itself keeps its own value.
    for event in fields_with("linux_auth", "sudo_command", &[("user", "zed.ng"), ("pwd", "/srv")]) {
        assert_eq!(field(&event, "pwd"), "/srv");
    }
}

/// Returns the machine accounts (`NAME$`) that Windows events name as their subject, and
/// fails the test when there is none.
fn machine_accounts(events: &[Vec<(String, String)>]) -> Vec<&str> {
    let accounts: Vec<&str> = events
        .iter()
        .map(|event| field(event, "EventData.SubjectUserName"))
        .filter(|name| name.ends_with('$'))
        .collect();
    assert!(!accounts.is_empty(), "no machine account in {events:?}");
    accounts
}

#[test]
fn host_override_reaches_short_name() {
    // A new FQDN for the reporting computer also renames its machine account.
    let events = fields_with(
        "microsoft_windows_eventlog",
        "4624_service",
        &[("Computer", "NEWBOX01.corp.example")],
    );
    for account in machine_accounts(&events) {
        assert_eq!(account, "NEWBOX01$");
    }
}

#[test]
fn address_override_keeps_short_name() {
    // An address names no host, so its first octet must not become the machine account.
    for address in ["192.0.2.10", "2001:db8::10"] {
        let events = fields_with("microsoft_windows_eventlog", "4624_service", &[("Computer", address)]);
        for account in machine_accounts(&events) {
            assert!(!address.starts_with(account.trim_end_matches('$')), "{address}: {account}");
        }
    }
}

#[test]
fn repeated_override_takes_last_value() {
    // The last override of a field wins, in the field and in the fields derived from it.
    for event in fields_with("linux_auth", "sudo_command", &[("user", "alpha.one"), ("user", "beta.two")]) {
        assert_eq!(field(&event, "user"), "beta.two");
        assert_eq!(field(&event, "pwd"), "/home/beta.two", "{event:?}");
    }
}

#[test]
fn override_of_plain_word_stays() {
    // `deny` also names the PAN-OS subtype and part of the session end reason, which mean
    // something else, so an override of the action leaves them alone.
    for event in fields_with("paloalto_firewall", "traffic_deny", &[("action", "drop")]) {
        assert_eq!(field(&event, "action"), "drop");
        assert_eq!(field(&event, "subtype"), "deny", "{event:?}");
    }
}

#[test]
fn override_of_non_entity_stays() {
    // Values that name no user, host, address, domain or account of the world stay in the
    // other fields that happen to contain them.
    for event in fields_with(
        "microsoft_windows_eventlog",
        "4624_network",
        &[("EventData.SubjectLogonId", "0x3e7")],
    ) {
        assert_eq!(field(&event, "EventData.ProcessId"), "0x0");
        assert_eq!(field(&event, "EventData.TargetLinkedLogonId"), "0x0");
    }
    for event in fields_with("aws_cloudtrail", "AssumeRole", &[("sourceIPAddress", "203.0.113.9")]) {
        assert_ne!(field(&event, "userAgent"), "203.0.113.9", "{event:?}");
    }
}

#[test]
fn pinned_addresses_set_session_direction() {
    // Both ends inside: an east-west session without NAT, named by the port.
    for event in fields_with(
        "paloalto_firewall",
        "traffic_end",
        &[("src", "10.169.49.30"), ("dst", "10.169.9.30"), ("dport", "445")],
    ) {
        assert_eq!(field(&event, "from"), "trust");
        assert_eq!(field(&event, "natsrc"), "0.0.0.0");
        assert_eq!(field(&event, "app"), "ms-ds-smbv3");
        assert_eq!(field(&event, "proto"), "tcp");
    }
    // A source on the internet: an inbound session, with no internal user.
    for event in fields_with("paloalto_firewall", "traffic_deny", &[("src", "192.0.2.48")]) {
        assert_eq!(field(&event, "from"), "untrust");
        assert_eq!(field(&event, "srcuser"), "");
    }

    for event in fields_with("cisco_asa", "106023", &[("src_ip", "192.0.2.48")]) {
        assert_eq!(field(&event, "src_interface"), "outside");
        assert_eq!(field(&event, "acl"), "outside_access_in");
    }
    for event in fields_with("cisco_asa", "106023", &[("src_ip", "10.169.49.30")]) {
        assert_eq!(field(&event, "src_interface"), "inside");
        assert_eq!(field(&event, "dst_interface"), "outside");
    }
}

#[test]
fn pinned_inbound_destination_keeps_nat() {
    // Inbound to an internal address: no destination NAT.
    for event in fields_with(
        "paloalto_firewall",
        "traffic_end",
        &[("src", "198.51.100.77"), ("dst", "10.169.9.30")],
    ) {
        assert_eq!(field(&event, "natdst"), "0.0.0.0");
        assert_eq!(field(&event, "natdport"), "0");
    }

    // To a public address: the same server behind it in every event.
    let translated: BTreeSet<String> = fields_with(
        "paloalto_firewall",
        "traffic_end",
        &[("src", "198.51.100.77"), ("dst", "203.0.113.50")],
    )
    .iter()
    .map(|event| field(event, "natdst").to_string())
    .collect();
    assert_eq!(translated.len(), 1, "{translated:?}");
    assert!(translated.iter().all(|address| address.starts_with("10.")), "{translated:?}");
}

#[test]
fn pinned_user_sets_user_attributes() {
    let world = World::new(0, &WorldConfig::default()).unwrap_or_else(|err| panic!("{err}"));
    let user = &world.users[7];
    for event in fields_with(
        "microsoft_windows_eventlog",
        "4688",
        &[("EventData.SubjectUserName", &user.username)],
    ) {
        assert_eq!(field(&event, "EventData.SubjectUserSid"), user.sid);
    }
    for event in fields_with(
        "microsoft_azure_ad_signin",
        "success",
        &[("properties.userPrincipalName", &user.email)],
    ) {
        assert_eq!(field(&event, "properties.userDisplayName"), user.display_name);
        assert_eq!(field(&event, "properties.userId"), user.object_id);
    }
    // Email addresses and user principal names match in any case.
    let upper = user.email.to_ascii_uppercase();
    for event in fields_with("microsoft_azure_ad_signin", "success", &[("properties.userPrincipalName", &upper)]) {
        assert_eq!(field(&event, "properties.userDisplayName"), user.display_name);
    }
}

#[test]
fn override_check_ignores_seed() {
    // `errorCode` appears only in the failed calls of a variant: it is accepted for every seed.
    for seed in 0..12 {
        let request = GenerateRequest {
            variant: Some("GetObject".into()),
            seed,
            overrides: vec![("errorCode".into(), "AccessDenied".into())],
            ..GenerateRequest::new("aws_cloudtrail", 5)
        };
        assert!(Generator::new(&request).is_ok(), "seed {seed}");
    }
}

#[test]
fn pinned_tuple_sets_derived_fields() {
    let tuple = [
        ("id.orig_h", "10.169.49.30"),
        ("id.orig_p", "51000"),
        ("id.resp_h", "203.0.113.174"),
        ("id.resp_p", "443"),
    ];
    let events = fields_with("corelight_conn", "ssl", &tuple);
    let first = field(&events[0], "community_id").to_string();
    for event in &events {
        assert_eq!(field(event, "community_id"), first, "one 5-tuple has one Community ID");
        assert_eq!(field(event, "local_orig"), "true");
        assert_eq!(field(event, "local_resp"), "false");
    }
}

#[test]
fn list_field_override_keeps_list() {
    let world = World::new(0, &WorldConfig::default()).unwrap_or_else(|err| panic!("{err}"));
    let email = &world.users[3].email;
    for event in fields_with("proofpoint_tap", "message_delivered_threat", &[("recipient", email)]) {
        assert_eq!(field(&event, "recipient"), format!("[\"{email}\"]"));
        assert!(field(&event, "toAddresses").contains(email.as_str()), "{event:?}");
    }
}
