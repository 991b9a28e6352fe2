use std::collections::BTreeMap;

use super::spec::{ActorSpec, HostRoleFilter, Platform};
use super::*;
use crate::clock::RateProfile;
use crate::export::{render, OutputFormat};

/// A small valid document; error cases replace one line of it.
const BASE: &str = "\
name: test
duration: 10m
actors:
  victim: {type: world_user}
  attacker: {type: external_ip}
background:
  - source: linux_auth
    rate: 2
phases:
  - name: guessing
    tactic: credential-access
    technique: T1110.001
    steps:
      - source: linux_auth
        variant: ssh_failed_password
        count: 5
        spread: 1m
        set: {user: '${victim.user}', src_ip: '${attacker.ip}'}
  - name: login
    offset: 2m
    steps:
      - source: linux_auth
        variant: ssh_accepted_password
        set: {user: '${victim.user}'}
";

fn base_with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "BASE has no {from:?}");
    BASE.replacen(from, to, 1)
}

fn scenario_error(text: &str, format: SpecFormat) -> (String, Option<u64>, String) {
    match Scenario::from_str(text, format) {
        Err(Error::Scenario { path, line, message }) => (path, line, message),
        Err(other) => panic!("expected a scenario error, got {other:?}"),
        Ok(_) => panic!("expected an error for:\n{text}"),
    }
}

#[test]
fn base_document_is_valid() {
    let scenario = Scenario::from_str(BASE, SpecFormat::Yaml).unwrap();
    assert_eq!(scenario.name(), "test");
    assert_eq!(scenario.spec().phases.len(), 2);
}

#[test]
fn spec_errors_name_the_field() {
    // (intent, replaced text, replacement, expected path, part of the message)
    let cases = [
        (
            "unknown source suggests ids",
            "      - source: linux_auth\n        variant: ssh_failed",
            "      - source: linux_auht\n        variant: ssh_failed",
            "phases[0].steps[0].source",
            "did you mean linux_auth",
        ),
        (
            "unknown variant lists variants",
            "variant: ssh_failed_password",
            "variant: ssh_failed_pw",
            "phases[0].steps[0].variant",
            "ssh_failed_password",
        ),
        (
            "override of a missing field",
            "set: {user: '${victim.user}', src_ip",
            "set: {usr: '${victim.user}', src_ip",
            "phases[0].steps[0].set.usr",
            "has no field 'usr'",
        ),
        (
            "reference to an unknown actor",
            "set: {user: '${victim.user}', src_ip",
            "set: {user: '${victm.user}', src_ip",
            "phases[0].steps[0].set.user",
            "unknown actor 'victm'; the actors are: attacker, victim",
        ),
        (
            "reference to an unknown actor field",
            "src_ip: '${attacker.ip}'",
            "src_ip: '${attacker.address}'",
            "phases[0].steps[0].set.src_ip",
            "actor 'attacker' (external_ip) has no field 'address'; its fields are: ip",
        ),
        (
            "unclosed reference",
            "src_ip: '${attacker.ip}'",
            "src_ip: '${attacker.ip'",
            "phases[0].steps[0].set.src_ip",
            "without its closing",
        ),
        (
            "reference without a field",
            "src_ip: '${attacker.ip}'",
            "src_ip: '${attacker}'",
            "phases[0].steps[0].set.src_ip",
            "names no field",
        ),
        (
            "override value that is a list",
            "set: {user: '${victim.user}'}",
            "set: {user: [a, b]}",
            "phases[1].steps[0].set.user",
            "must be a string, number or boolean",
        ),
        (
            "unknown actor type",
            "victim: {type: world_user}",
            "victim: {type: world_usr}",
            "actors.victim.type",
            "unknown actor type 'world_usr'; expected one of world_user, world_host",
        ),
        (
            "unknown actor field",
            "victim: {type: world_user}",
            "victim: {type: world_user, departement: Finance}",
            "actors.victim.departement",
            "unknown field `departement`",
        ),
        (
            "department without users",
            "victim: {type: world_user}",
            "victim: {type: world_user, department: Astronauts}",
            "actors.victim.department",
            "the departments are: Engineering, Finance",
        ),
        (
            "actor index out of range",
            "attacker: {type: external_ip}",
            "attacker: {type: external_ip, index: 9999}",
            "actors.attacker.index",
            "index 9999 is out of range: 64 entities match",
        ),
        (
            "owner that is not a user",
            "attacker: {type: external_ip}",
            "attacker: {type: external_ip}\n  laptop: {type: world_host, owner: attacker}",
            "actors.laptop.owner",
            "'attacker' is not a world_user actor",
        ),
        (
            "literal value that is an object",
            "attacker: {type: external_ip}",
            "attacker: {type: literal, value: {ip: {v4: 1}}}",
            "actors.attacker.value.ip",
            "must be a string, number or boolean",
        ),
        (
            "actor name with a dot",
            "attacker: {type: external_ip}",
            "at.tacker: {type: external_ip}",
            "actors.at.tacker",
            "letters, digits",
        ),
        (
            "unknown tactic",
            "tactic: credential-access",
            "tactic: credential-theft",
            "phases[0].tactic",
            "is not an ATT&CK tactic",
        ),
        (
            "malformed technique",
            "technique: T1110.001",
            "technique: T1110.1",
            "phases[0].technique",
            "is not an ATT&CK technique id",
        ),
        (
            "step after the end",
            "        count: 5\n",
            "        count: 5\n        offset: 10m\n",
            "phases[0].steps[0].offset",
            "at or after the scenario end",
        ),
        (
            "phase after the end",
            "    offset: 2m",
            "    offset: 1h",
            "phases[1].offset",
            "at or after the scenario end",
        ),
        (
            "window past the end",
            "spread: 1m",
            "spread: 11m",
            "phases[0].steps[0].spread",
            "after the scenario ends",
        ),
        (
            "repeated phase name",
            "  - name: login",
            "  - name: guessing",
            "phases[1].name",
            "already used by phases[0]",
        ),
        ("zero count", "count: 5", "count: 0", "phases[0].steps[0].count", "the count is 0"),
        ("zero rate", "rate: 2", "rate: 0", "background[0].rate", "not a positive number"),
        (
            "unknown background source",
            "  - source: linux_auth\n    rate",
            "  - source: nope\n    rate",
            "background[0].source",
            "unknown source 'nope'",
        ),
        (
            "unknown profile name",
            "rate: 2",
            "rate: 2\n    profile: weekly",
            "background[0].profile",
            "unknown rate profile 'weekly'",
        ),
        ("zero duration", "duration: 10m", "duration: 0s", "duration", "the duration is 0"),
        (
            "duration without unit",
            "duration: 10m",
            "duration: 10 minutes",
            "duration",
            "unknown unit 'minutes'",
        ),
        (
            "invalid start",
            "duration: 10m",
            "duration: 10m\nstart: yesterday",
            "start",
            "invalid instant 'yesterday'",
        ),
        ("empty name", "name: test", "name: ''", "name", "the scenario name is empty"),
        (
            "world out of range",
            "duration: 10m",
            "duration: 10m\nworld: {users: 0}",
            "world.users",
            "out of range",
        ),
    ];
    for (intent, from, to, path, message) in cases {
        let (actual_path, _, actual_message) = scenario_error(&base_with(from, to), SpecFormat::Yaml);
        assert_eq!(actual_path, path, "{intent}: {actual_message}");
        assert!(actual_message.contains(message), "{intent}: {actual_message}");
    }
}

#[test]
fn spec_type_errors_carry_lines() {
    // (intent, replaced text, replacement, expected path, expected line)
    let cases = [
        (
            "unknown step field",
            "        count: 5\n",
            "        count: 5\n        sorce: x\n",
            "phases[0].steps[0].sorce",
            17,
        ),
        ("wrong type", "count: 5", "count: many", "phases[0].steps[0].count", 16),
        ("unknown top-level field", "duration: 10m", "duration: 10m\nphasez: []", "phasez", 3),
    ];
    for (intent, from, to, path, line) in cases {
        let (actual_path, actual_line, message) = scenario_error(&base_with(from, to), SpecFormat::Yaml);
        assert_eq!(actual_path, path, "{intent}: {message}");
        assert_eq!(actual_line, Some(line), "{intent}: {message}");
    }
}

/// Two actors in block style, so that each field has a line of its own.
const ACTORS: &str = "\
name: actors
duration: 10m
actors:
  one:
    type: world_user
  two:
    type: world_user
    department: Finance
background:
  - source: linux_auth
    rate: 1
";

#[test]
fn actor_errors_carry_line_and_path() {
    // (intent, replaced text, replacement, expected path, expected line, part of the message)
    let cases = [
        (
            "unknown field after the type",
            "    department: Finance",
            "    departmnet: Finance",
            "actors.two.departmnet",
            8,
            "unknown field `departmnet`, expected one of `index`, `department`, `admin`",
        ),
        (
            "unknown field before the type",
            "    type: world_user
    department: Finance",
            "    departmnet: Finance
    type: world_user",
            "actors.two.departmnet",
            7,
            "unknown field `departmnet`",
        ),
        (
            "wrong type of a field",
            "    department: Finance",
            "    admin: maybe",
            "actors.two.admin",
            8,
            "invalid type: string \"maybe\", expected a boolean",
        ),
        (
            "unknown actor type",
            "    type: world_user
    department",
            "    type: servr
    department",
            "actors.two.type",
            7,
            "unknown actor type 'servr'; expected one of world_user, world_host, external_ip, \
             external_domain, cloud_account, application, literal",
        ),
        (
            "field of another type after the type",
            "    department: Finance",
            "    role: server",
            "actors.two.role",
            8,
            "unknown field `role`, expected one of `index`, `department`, `admin`",
        ),
        (
            "field of another type before the type",
            "    type: world_user
    department: Finance",
            "    role: server
    type: world_user",
            "actors.two.role",
            7,
            "unknown field `role`, expected one of `index`, `department`, `admin`",
        ),
        (
            "wrong value of a filter",
            "    type: world_user
    department: Finance",
            "    type: world_host
    platform: beos",
            "actors.two.platform",
            8,
            "unknown value `beos`, expected one of",
        ),
        (
            "repeated field",
            "    department: Finance",
            "    department: Finance
    department: Sales",
            "actors.two.department",
            9,
            "duplicate field `department`",
        ),
        (
            "repeated type",
            "    department: Finance",
            "    type: external_ip",
            "actors.two.type",
            8,
            "duplicate field `type`",
        ),
        (
            "missing type",
            "    type: world_user
    department: Finance",
            "    department: Finance",
            "actors.two.type",
            7,
            "missing field `type`",
        ),
        (
            "literal without a value",
            "    type: world_user
    department: Finance",
            "    type: literal",
            "actors.two.value",
            7,
            "missing field `value`",
        ),
    ];

    for (intent, from, to, path, line, message) in cases {
        assert!(ACTORS.contains(from), "ACTORS has no {from:?}");
        let text = ACTORS.replacen(from, to, 1);
        let (actual_path, actual_line, actual_message) = scenario_error(&text, SpecFormat::Yaml);
        assert_eq!(actual_path, path, "{intent}: {actual_message}");
        assert_eq!(actual_line, Some(line), "{intent}: {actual_message}");
        assert!(actual_message.contains(message), "{intent}: {actual_message}");
    }
}

#[test]
fn actor_errors_in_json_and_toml() {
    let json = "{\"name\": \"x\", \"duration\": \"1m\",\n \"actors\": {\"one\": {\"type\": \"world_user\"},\n  \"two\": {\"admin\": \"maybe\", \"type\": \"world_user\"}}}";
    let (path, line, message) = scenario_error(json, SpecFormat::Json);
    assert_eq!(path, "actors.two.admin", "{message}");
    assert_eq!(line, Some(3), "{message}");

    let toml =
        "name = \"x\"\nduration = \"1m\"\n\n[actors.one]\ntype = \"world_user\"\n\n[actors.two]\ntype = \"world_host\"\nrole = \"servr\"\n";
    let (path, line, message) = scenario_error(toml, SpecFormat::Toml);
    assert_eq!(path, "actors.two.role", "{message}");
    assert_eq!(line, Some(9), "{message}");

    let value = serde_json::json!({"name": "x", "duration": "1m", "actors": {"two": {"type": "external_ip", "name": "a"}}});
    match Scenario::from_value(value) {
        Err(Error::Scenario { path, message, .. }) => {
            assert_eq!(path, "actors.two.name", "{message}");
            assert!(message.contains("unknown field `name`, expected `index`"), "{message}");
        }
        other => panic!("expected a scenario error, got {other:?}"),
    }
}

#[test]
fn actor_fields_read_in_any_order() {
    let text = "\
name: order
duration: 1m
actors:
  host: {platform: linux, role: server, type: world_host, index: 0}
  fixed: {value: {ip: 203.0.113.9}, type: literal}
background:
  - source: linux_auth
    rate: 1
";
    let spec = Scenario::from_str(text, SpecFormat::Yaml).unwrap().spec().clone();
    assert_eq!(
        spec.actors["host"],
        ActorSpec::WorldHost {
            index: Some(0),
            role: Some(HostRoleFilter::Server),
            platform: Some(Platform::Linux),
            owner: None,
            name_prefix: None,
        }
    );
    let ActorSpec::Literal { value } = &spec.actors["fixed"] else {
        panic!("fixed is {:?}", spec.actors["fixed"]);
    };
    assert_eq!(value["ip"], "203.0.113.9");
}

#[test]
fn profile_objects_reject_unknown_fields() {
    // (intent, profile, expected path, part of the message)
    let cases = [
        (
            "field unknown to every profile",
            "{type: bursts, period_secs: 600, burst_secs: 30, multiplier: 20, bogus: 1}",
            "background[0].profile.bogus",
            "unknown field `bogus`, expected one of `period_secs`, `burst_secs`, `multiplier`",
        ),
        (
            "field on a profile without fields",
            "{type: diurnal, peak: 3}",
            "background[0].profile.peak",
            "unknown field `peak`; the rate profile 'diurnal' has no fields besides `type`",
        ),
        (
            "misspelt burst field",
            "{type: bursts, period: 600, burst_secs: 30, multiplier: 20}",
            "background[0].profile.period",
            "unknown field `period`",
        ),
        (
            "burst field before a profile without fields",
            "{multiplier: 2, type: constant}",
            "background[0].profile.multiplier",
            "the rate profile 'constant' has no fields besides `type`",
        ),
        (
            "missing burst field",
            "{type: bursts, period_secs: 600, burst_secs: 30}",
            "background[0].profile.multiplier",
            "missing field `multiplier`",
        ),
        (
            "wrong type of a burst field",
            "{type: bursts, period_secs: often, burst_secs: 30, multiplier: 20}",
            "background[0].profile.period_secs",
            "invalid type",
        ),
        (
            "unknown profile type",
            "{type: weekly}",
            "background[0].profile.type",
            "unknown rate profile 'weekly'; expected one of constant, jittered, diurnal, bursts",
        ),
    ];
    for (intent, profile, path, message) in cases {
        let text = base_with("rate: 2", &format!("rate: 2\n    profile: {profile}"));
        let (actual_path, actual_line, actual_message) = scenario_error(&text, SpecFormat::Yaml);
        assert_eq!(actual_path, path, "{intent}: {actual_message}");
        assert_eq!(actual_line, Some(9), "{intent}: {actual_message}");
        assert!(actual_message.contains(message), "{intent}: {actual_message}");
    }

    let text = base_with(
        "rate: 2",
        "rate: 2\n    profile: {burst_secs: 30, multiplier: 20, period_secs: 600, type: bursts}",
    );
    let spec = Scenario::from_str(&text, SpecFormat::Yaml).unwrap().spec().clone();
    let expected = RateProfile::Bursts {
        period_secs: 600,
        burst_secs: 30,
        multiplier: 20,
    };
    assert_eq!(spec.background[0].profile, expected);
}

#[test]
fn negative_durations_are_named() {
    let (path, line, message) = scenario_error(&base_with("    offset: 2m", "    offset: -5m"), SpecFormat::Yaml);
    assert_eq!(path, "phases[1].offset");
    assert_eq!(line, Some(20));
    assert_eq!(message, "the duration '-5m' is negative; give 0 or more, such as 5m");

    let json = "{\"name\": \"x\", \"duration\": -300}";
    let (path, _, message) = scenario_error(json, SpecFormat::Json);
    assert_eq!(path, "duration");
    assert!(message.contains("the duration -300 is negative"), "{message}");

    let json = "{\"name\": \"x\", \"duration\": -1.5}";
    let (_, _, message) = scenario_error(json, SpecFormat::Json);
    assert!(message.contains("the duration -1.5 is negative"), "{message}");

    let message = SpecDuration::parse("-x").unwrap_err();
    assert_eq!(message, "the duration '-x' is negative; give 0 or more, such as 30s");
}

#[test]
fn missing_field_is_named_in_path() {
    let text = base_with(
        "      - source: linux_auth\n        variant: ssh_failed",
        "      - variant: ssh_failed",
    );
    let (path, _, message) = scenario_error(&text, SpecFormat::Yaml);
    assert_eq!(path, "phases[0].steps[0].source");
    assert!(message.contains("missing field `source`"), "{message}");
}

#[test]
fn empty_scenario_is_rejected() {
    let (path, _, message) = scenario_error("name: x\nduration: 1m\n", SpecFormat::Yaml);
    assert_eq!(path, "phases");
    assert!(message.contains("neither phases nor background"), "{message}");
}

#[test]
fn yaml_syntax_error_has_line() {
    let (path, line, message) = scenario_error("name: x\nduration: 1m\nphases: [\n  {name: a\n", SpecFormat::Yaml);
    assert_eq!(path, "phases[0]");
    assert!(line.is_some(), "{message}");
    assert!(!message.contains(" at line "), "{message}");
}

#[test]
fn json_errors_have_path_and_line() {
    let text = "{\n  \"name\": \"x\",\n  \"duration\": \"1m\",\n  \"phases\": [{\"name\": \"a\", \"steps\": [{\"source\": 5}]}]\n}";
    let (path, line, message) = scenario_error(text, SpecFormat::Json);
    assert_eq!(path, "phases[0].steps[0].source");
    assert_eq!(line, Some(4));
    assert!(message.contains("invalid type"), "{message}");

    let (path, line, _) = scenario_error("{\"name\": \"x\",\n \"duration\": \"1m\",\n \"oops\": 1}", SpecFormat::Json);
    assert_eq!(path, "oops");
    assert_eq!(line, Some(3));

    let (path, line, _) = scenario_error("{\"name\": \"x\", \"duration\": 60} trailing", SpecFormat::Json);
    assert_eq!(path, "document");
    assert_eq!(line, Some(1));
}

#[test]
fn toml_errors_have_path_and_line() {
    let text =
        "name = \"x\"\nduration = \"1m\"\n\n[[phases]]\nname = \"a\"\n\n[[phases.steps]]\nsource = \"linux_auth\"\ncount = \"many\"\n";
    let (path, line, message) = scenario_error(text, SpecFormat::Toml);
    assert_eq!(path, "phases[0].steps[0].count");
    assert_eq!(line, Some(9), "{message}");
}

#[test]
fn value_errors_have_path() {
    let value =
        serde_json::json!({"name": "x", "duration": "1m", "phases": [{"name": "a", "steps": [{"source": "linux_auth", "count": -1}]}]});
    match Scenario::from_value(value) {
        Err(Error::Scenario { path, line, .. }) => {
            assert_eq!(path, "phases[0].steps[0].count");
            assert_eq!(line, None);
        }
        other => panic!("expected a scenario error, got {other:?}"),
    }
}

#[test]
fn error_display_shows_path_and_line() {
    let err = Scenario::from_str(&base_with("count: 5", "count: many"), SpecFormat::Yaml).unwrap_err();
    assert_eq!(err.code(), "scenario_error");
    let text = err.to_string();
    assert!(text.starts_with("scenario error at phases[0].steps[0].count (line 16): "), "{text}");
}

#[test]
fn three_formats_read_the_same_spec() {
    let yaml = Scenario::from_str(BASE, SpecFormat::Yaml).unwrap();
    let json_text = serde_json::to_string_pretty(yaml.spec()).unwrap();
    let json = Scenario::from_str(&json_text, SpecFormat::Json).unwrap();
    let toml_text = toml::to_string(yaml.spec()).unwrap();
    let toml = Scenario::from_str(&toml_text, SpecFormat::Toml).unwrap();
    assert_eq!(json.spec(), yaml.spec());
    assert_eq!(toml.spec(), yaml.spec());
    let value = serde_json::to_value(yaml.spec()).unwrap();
    assert_eq!(Scenario::from_value(value).unwrap().spec(), yaml.spec());
}

#[test]
fn toml_native_datetime_is_read() {
    let text = "name = \"x\"\nduration = 60\nstart = 2026-02-01T10:00:00Z\n\n[[background]]\nsource = \"linux_auth\"\nrate = 1\n";
    let scenario = Scenario::from_str(text, SpecFormat::Toml).unwrap();
    assert_eq!(scenario.spec().start, Some(Timestamp::from_civil(2026, 2, 1, 10, 0, 0, 0)));
    assert_eq!(scenario.spec().duration, SpecDuration::from_secs(60));
}

#[test]
fn text_guess_uses_extension_then_content() {
    let json = serde_json::to_string(Scenario::from_str(BASE, SpecFormat::Yaml).unwrap().spec()).unwrap();
    assert!(Scenario::from_text_guess("attack.JSON", &json).is_ok());
    assert!(Scenario::from_text_guess("attack", &json).is_ok());
    assert!(Scenario::from_text_guess("dir/attack.yml", BASE).is_ok());
    assert!(Scenario::from_text_guess("attack.toml", BASE).is_err());
}

#[test]
fn durations_parse_and_print() {
    let cases = [
        ("90s", 90_000_000_000, "1m30s"),
        ("1h30m", 5_400_000_000_000, "1h30m"),
        ("1.5s", 1_500_000_000, "1s500ms"),
        ("250ms", 250_000_000, "250ms"),
        ("2d", 172_800_000_000_000, "2d"),
        ("0s", 0, "0s"),
        (" 1m 30s ", 90_000_000_000, "1m30s"),
    ];
    for (text, nanos, printed) in cases {
        let duration = SpecDuration::parse(text).unwrap();
        assert_eq!(duration.nanos, nanos, "{text}");
        assert_eq!(duration.to_string(), printed, "{text}");
    }
    for bad in ["", "10", "10x", "1..5s", "h", "99999d"] {
        assert!(SpecDuration::parse(bad).is_err(), "{bad:?} was accepted");
    }
}

#[test]
fn builtins_load_and_match_names() {
    for name in Scenario::builtin_names() {
        let scenario = Scenario::builtin(name).unwrap();
        assert_eq!(scenario.name(), *name);
        assert!(Scenario::builtin_text(name).unwrap().contains(&format!("name: {name}")));
    }
    let err = Scenario::builtin("nope").unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
    assert!(err.to_string().contains("ssh-brute-force"), "{err}");
}

fn ndjson_of(scenario: &Scenario, seed: u64) -> String {
    let mut out = String::new();
    for event in scenario.events(Some(seed), None).unwrap() {
        out.push_str(&render(OutputFormat::Ndjson, &event));
        out.push('\n');
    }
    out
}

#[test]
fn same_seed_gives_identical_runs() {
    let scenario = Scenario::builtin("ssh-brute-force").unwrap();
    let first = ndjson_of(&scenario, 11);
    let second = ndjson_of(&scenario, 11);
    assert_eq!(first, second);
    assert_ne!(first, ndjson_of(&scenario, 12));
}

#[test]
fn merged_stream_is_in_time_order() {
    let scenario = Scenario::builtin("ssh-brute-force").unwrap();
    let events: Vec<Event> = scenario.events(None, None).unwrap().collect();
    assert!(events.len() > 900);
    for pair in events.windows(2) {
        assert!(pair[0].time <= pair[1].time, "{} after {}", pair[0].raw, pair[1].raw);
    }
    let description = scenario.describe(None).unwrap();
    assert!(events.iter().all(|e| e.time >= description.start && e.time < description.end));
}

#[test]
fn labels_mark_attack_events_only() {
    let scenario = Scenario::builtin("ssh-brute-force").unwrap();
    let background_labels = crate::event::Labels {
        scenario: Some("ssh-brute-force".to_string()),
        ..crate::event::Labels::default()
    };
    let mut attack = 0;
    for event in scenario.events(Some(3), None).unwrap() {
        let labels = &event.labels;
        if labels.malicious {
            attack += 1;
            assert_eq!(labels.scenario.as_deref(), Some("ssh-brute-force"));
            assert!(labels.phase.is_some(), "{}", event.raw);
            assert!(labels.tactic.as_deref().is_some_and(|t| TACTICS.contains(&t)), "{}", event.raw);
            assert!(labels.technique.is_some(), "{}", event.raw);
        } else {
            assert_eq!(labels, &background_labels, "{}", event.raw);
        }
    }
    assert_eq!(attack, 107);
}

#[test]
fn every_builtin_event_names_scenario() {
    for name in Scenario::builtin_names() {
        let scenario = Scenario::builtin(name).unwrap();
        let description = scenario.describe(None).unwrap();
        let mut background = 0;
        let mut total = 0;
        for event in scenario.events(None, None).unwrap() {
            total += 1;
            assert_eq!(event.labels.scenario.as_deref(), Some(*name), "{}", event.raw);
            if event.labels.phase.is_none() {
                background += 1;
                assert!(!event.labels.malicious, "{}", event.raw);
                assert_eq!(event.labels.tactic, None, "{}", event.raw);
                assert_eq!(event.labels.technique, None, "{}", event.raw);
            }
        }
        assert_eq!(total, description.total_events, "{name}");
        assert_eq!(background, description.background_events, "{name}");
        assert!(background > 0, "{name} has no background events");
    }
}

#[test]
fn exports_print_background_scenario_label() {
    let scenario = Scenario::from_str(BASE, SpecFormat::Yaml).unwrap();
    let background = scenario.events(None, None).unwrap().find(|e| e.labels.phase.is_none()).unwrap();

    let ndjson = render(OutputFormat::Ndjson, &background);
    assert!(ndjson.contains(r#""labels":{"scenario":"test","malicious":false}"#), "{ndjson}");

    let csv = render(OutputFormat::Csv, &background);
    assert!(csv.contains(",test,,,,false,"), "{csv}");

    let hec = render(OutputFormat::HecEvent, &background);
    let envelope: serde_json::Value = serde_json::from_str(hec.trim_end()).unwrap();
    assert_eq!(envelope["fields"]["scenario"], "test", "{hec}");
    assert_eq!(envelope["fields"]["malicious"], "false", "{hec}");
    assert!(envelope["fields"].get("phase").is_none(), "{hec}");
}

#[test]
fn attack_events_use_actor_values() {
    let scenario = Scenario::builtin("ssh-brute-force").unwrap();
    let description = scenario.describe(None).unwrap();
    let actor = |name: &str, field: &str| {
        let actor = description.actors.iter().find(|a| a.name == name).unwrap();
        actor.get(field).unwrap().to_string()
    };
    let (server, victim, attacker) = (actor("server", "host"), actor("victim", "user"), actor("attacker", "ip"));
    let events: Vec<Event> = scenario.events(None, None).unwrap().filter(|e| e.labels.malicious).collect();
    assert!(events.iter().all(|e| e.host == server), "attack events on another host");
    let failed: Vec<&Event> = events.iter().filter(|e| e.variant == "ssh_failed_password").collect();
    assert_eq!(failed.len(), 60);
    for event in failed {
        assert!(
            event.raw.contains(&format!("Failed password for {victim} from {attacker} port")),
            "{}",
            event.raw
        );
    }
    let backdoor = events.iter().find(|e| e.variant == "useradd").unwrap();
    assert!(backdoor.raw.contains("new user: name=svc-sysupdate, UID=1337"), "{}", backdoor.raw);
    let sudo = events.iter().find(|e| e.raw.contains("COMMAND=/usr/bin/id")).unwrap();
    assert!(sudo.raw.contains(&format!("PWD=/home/{victim} ;")), "{}", sudo.raw);
}

#[test]
fn describe_counts_equal_real_counts() {
    let scenario = Scenario::builtin("ssh-brute-force").unwrap();
    for seed in [0, 5] {
        let description = scenario.describe(Some(seed)).unwrap();
        let events = scenario.events(Some(seed), None).unwrap();
        assert_eq!(events.total(), description.total_events);

        let mut per_source: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        let mut per_phase: BTreeMap<String, u64> = BTreeMap::new();
        let mut total = 0;
        for event in events {
            total += 1;
            let counts = per_source.entry(event.source).or_default();
            if event.labels.malicious {
                counts.0 += 1;
                *per_phase.entry(event.labels.phase.clone().unwrap()).or_default() += 1;
            } else {
                counts.1 += 1;
            }
        }
        assert_eq!(total, description.total_events);
        for source in &description.sources {
            assert_eq!(per_source[source.source], (source.attack_events, source.background_events));
            assert_eq!(source.events, source.attack_events + source.background_events);
        }
        for phase in &description.phases {
            assert_eq!(per_phase[&phase.name], phase.events, "phase {}", phase.name);
            assert_eq!(phase.events, phase.steps.iter().map(|s| s.events).sum::<u64>());
        }
        let attack: u64 = per_source.values().map(|c| c.0).sum();
        assert_eq!(attack, description.attack_events);
        assert_eq!(description.background_events, 900);
    }
}

#[test]
fn describe_lists_phases_and_techniques() {
    let description = Scenario::builtin("ssh-brute-force").unwrap().describe(None).unwrap();
    let names: Vec<&str> = description.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "reconnaissance",
            "credential-access",
            "initial-access",
            "privilege-escalation",
            "persistence"
        ]
    );
    assert_eq!(description.phases[3].techniques, ["T1548.003", "T1003.008"]);
    assert_eq!(description.duration, "30m");
    assert_eq!(description.start.rfc3339(0), "2026-01-05T09:00:00Z");
    assert_eq!(description.phases[1].start.rfc3339(0), "2026-01-05T09:06:00Z");
    let json = serde_json::to_value(&description).unwrap();
    assert_eq!(json["phases"][0]["steps"][0]["events"], 40);
}

#[test]
fn describe_gives_each_step_its_tactic() {
    let description = Scenario::builtin("enterprise-attack").unwrap().describe(None).unwrap();
    let persistence = description.phases.iter().find(|p| p.name == "persistence").unwrap();
    let tactic_of = |technique: &str| {
        let step = persistence
            .steps
            .iter()
            .find(|s| s.technique.as_deref() == Some(technique))
            .unwrap();
        step.tactic.clone()
    };
    assert_eq!(tactic_of("T1136.003").as_deref(), Some("persistence"));
    assert_eq!(tactic_of("T1562.008").as_deref(), Some("defense-evasion"));
}

#[test]
fn start_override_shifts_the_run() {
    let scenario = Scenario::builtin("ssh-brute-force").unwrap();
    let shifted = Timestamp::from_civil(2026, 3, 2, 0, 0, 0, 0);
    let first = scenario.events(None, None).unwrap().next().unwrap();
    let moved = scenario.events(None, Some(shifted)).unwrap().next().unwrap();
    assert!(first.time >= Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0));
    assert!(moved.time >= shifted);
    assert!(moved.time < shifted.add_nanos(60 * 1_000_000_000));
}

#[test]
fn editing_one_step_keeps_other_streams() {
    let original = Scenario::from_str(BASE, SpecFormat::Yaml).unwrap();
    let edited = Scenario::from_str(&base_with("count: 5", "count: 7"), SpecFormat::Yaml).unwrap();
    let login = |s: &Scenario| -> Vec<String> {
        s.events(None, None)
            .unwrap()
            .filter(|e| e.variant == "ssh_accepted_password" && e.labels.malicious)
            .map(|e| e.raw)
            .collect()
    };
    let background = |s: &Scenario| -> Vec<String> {
        s.events(None, None)
            .unwrap()
            .filter(|e| !e.labels.malicious)
            .map(|e| e.raw)
            .collect()
    };
    assert_eq!(login(&original), login(&edited));
    assert_eq!(background(&original), background(&edited));
}

#[test]
fn actors_resolve_by_filters() {
    let text = "\
name: actors
duration: 1m
actors:
  finance: {type: world_user, department: finance}
  second: {type: world_user, index: 1}
  laptop: {type: world_host, owner: second}
  dc: {type: world_host, role: domain_controller, index: 0}
  c2: {type: external_domain}
  aws: {type: cloud_account, provider: aws}
  app: {type: application, name: slack}
  fixed: {type: literal, value: {ip: 203.0.113.77, port: 4444, tls: true}}
background:
  - source: linux_auth
    rate: 1
";
    let scenario = Scenario::from_str(text, SpecFormat::Yaml).unwrap();
    let description = scenario.describe(None).unwrap();
    let world = crate::world::World::new(0, &crate::world::WorldConfig::default()).unwrap();
    let actor = |name: &str| description.actors.iter().find(|a| a.name == name).unwrap();

    assert_eq!(actor("finance").get("department"), Some("Finance"));
    assert_eq!(actor("second").get("user"), Some(world.users[1].username.as_str()));
    assert_eq!(actor("laptop").get("user"), Some(world.users[1].username.as_str()));
    assert_eq!(actor("laptop").get("host"), actor("second").get("host"));
    assert_eq!(actor("dc").get("host"), Some("DC01"));
    assert!(actor("c2").get("url").unwrap().starts_with("https://"));
    assert_eq!(actor("aws").get("provider"), Some("aws"));
    assert_eq!(actor("app").get("name"), Some("Slack"));
    assert_eq!(actor("fixed").get("port"), Some("4444"));
    assert_eq!(actor("fixed").get("tls"), Some("true"));
    assert_eq!(actor("fixed").kind, "literal");
}

#[test]
fn host_name_prefix_is_preferred() {
    let text = "\
name: named
duration: 1m
actors:
  files: {type: world_host, role: server, platform: windows, name_prefix: SRV-fs}
  nothing: {type: world_host, role: domain_controller, name_prefix: no-such-host}
background:
  - source: linux_auth
    rate: 1
";
    let description = Scenario::from_str(text, SpecFormat::Yaml).unwrap().describe(None).unwrap();
    let host = |name: &str| {
        description
            .actors
            .iter()
            .find(|a| a.name == name)
            .unwrap()
            .get("host")
            .unwrap()
            .to_string()
    };
    assert!(host("files").to_ascii_lowercase().starts_with("srv-fs"), "{}", host("files"));
    // No domain controller has the name, so the role alone chooses.
    assert!(host("nothing").starts_with("DC"), "{}", host("nothing"));
}

#[test]
fn dollar_escape_writes_dollar() {
    let text = base_with("set: {user: '${victim.user}'}", "set: {user: 'pay$$${victim.user}$'}");
    let scenario = Scenario::from_str(&text, SpecFormat::Yaml).unwrap();
    let description = scenario.describe(None).unwrap();
    let victim = description
        .actors
        .iter()
        .find(|a| a.name == "victim")
        .unwrap()
        .get("user")
        .unwrap()
        .to_string();
    let login = scenario
        .events(None, None)
        .unwrap()
        .find(|e| e.variant == "ssh_accepted_password" && e.labels.malicious)
        .unwrap();
    assert!(login.raw.contains(&format!("for pay${victim}$ from")), "{}", login.raw);
}

#[test]
fn profiled_step_stays_in_its_window() {
    // At night the diurnal curve runs at 10% of its peak. At the plain average rate the 200
    // events would take hours, so the step runs faster to end inside its two hours.
    let text = "\
name: night
duration: 3h
start: 2026-01-05T00:00:00Z
phases:
  - name: quiet
    steps:
      - source: linux_auth
        count: 200
        spread: 2h
        profile: diurnal
";
    let scenario = Scenario::from_str(text, SpecFormat::Yaml).unwrap();
    let start = Timestamp::from_civil(2026, 1, 5, 0, 0, 0, 0);
    let window_end = start.add_nanos(2 * 3600 * 1_000_000_000);
    let events: Vec<_> = scenario.events(None, None).unwrap().collect();
    assert_eq!(events.len(), 200);
    assert!(
        events.iter().all(|e| e.time >= start && e.time < window_end),
        "last event at {:?}",
        events.last().map(|e| e.time)
    );
    let description = scenario.describe(None).unwrap();
    assert!(description.phases[0].steps[0].end <= window_end);
}

#[test]
fn describe_shows_shortened_step_window() {
    let text = "\
name: window
duration: 1h
start: 2026-01-05T09:00:00Z
phases:
  - name: slow
    steps:
      - source: linux_auth
        count: 2
        spread: 50m
  - name: rounded
    steps:
      - source: linux_auth
        count: 5
        spread: 1m
";
    let scenario = Scenario::from_str(text, SpecFormat::Yaml).unwrap();
    let description = scenario.describe(None).unwrap();
    let start = Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0);

    // 1,000 s per event is the slowest rate, so 2 events take 2,000 s of the 50 minutes.
    let slow = &description.phases[0];
    assert_eq!(slow.steps[0].end, start.add_nanos(2000 * 1_000_000_000));
    assert_eq!(slow.end, slow.steps[0].end);

    // The rate 5/60 would round to 0.083 events/s, whose 5 slots take 60.24 s, so the step
    // runs at 0.084 events/s and ends inside its minute.
    let rounded = &description.phases[1];
    assert_eq!(rounded.steps[0].end, start.add_nanos(59_523_809_523));

    let events: Vec<_> = scenario.events(None, None).unwrap().collect();
    for phase in &description.phases {
        let times: Vec<Timestamp> = events
            .iter()
            .filter(|e| e.labels.phase.as_deref() == Some(phase.name.as_str()))
            .map(|e| e.time)
            .collect();
        assert_eq!(times.len() as u64, phase.events);
        assert!(
            times.iter().all(|t| *t >= phase.start && *t < phase.end),
            "{}: {times:?}",
            phase.name
        );
    }
}
