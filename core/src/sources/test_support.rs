//! Test helpers shared by the source unit tests: the round-trip check, an OCSF 1.8.0 schema
//! check, and access to the public sample corpus.
//!
//! The schema and the corpus live outside the repository, in a `shared` folder next to (or
//! above) the checkout; `SIEMULATOR_SHARED` overrides the search. Tests that need them skip
//! when they are absent.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::{GenContext, ParseOptions, Source};
use crate::fields::Fields;
use crate::generate::default_start;
use crate::seed::StreamKey;
use crate::timestamp::NANOS_PER_SECOND;
use crate::world::{World, WorldConfig};

/// Returns the `shared` folder holding `ocsf/` and `corpus/`, searched upwards from the crate.
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SIEMULATOR_SHARED") {
        return Some(PathBuf::from(dir));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared"))
        .find(|dir| dir.join("corpus").is_dir())
}

/// Returns the corpus folder, when present.
pub fn corpus_dir() -> Option<PathBuf> {
    shared_dir().map(|dir| dir.join("corpus")).filter(|dir| dir.is_dir())
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| World::new(0, &WorldConfig::default()).expect("default world"))
}

/// Generates event `index` of `variant` with `seed`, as the generator would, and returns
/// its fields and raw text.
pub fn generate(source: &dyn Source, variant: usize, seed: u64, index: u64) -> (Fields, String) {
    let meta = source.meta();
    let mut ctx = GenContext {
        rng: StreamKey::new(seed, meta.id).event(index),
        world: world(),
        time: default_start().add_nanos((seed * 7919 + index) as i64 * NANOS_PER_SECOND / 10 + 123_456_789),
        index,
        variant,
    };
    let mut fields = Fields::new();
    source.fill(&mut ctx, &mut fields);
    let mut raw = String::new();
    source.write(variant, &fields, &mut raw);
    (fields, raw)
}

/// Checks for every variant and seeds `0..seeds` that parsing the written event recovers
/// every generated field and the variant, and that the OCSF record validates. Event `index`
/// runs with the seed, so index 0 (which may carry a file header) is covered too.
pub fn assert_round_trip(source: &dyn Source, seeds: u64) {
    let meta = source.meta();
    for (variant, info) in meta.variants.iter().enumerate() {
        for seed in 0..seeds {
            let (fields, raw) = generate(source, variant, seed, seed);
            assert!(!raw.ends_with('\n'), "{} {} seed {seed}: trailing newline", meta.id, info.name);
            let records = crate::parse::parse_str(meta.id, &raw, ParseOptions::default()).expect("source is registered");
            assert_eq!(
                records.len(),
                1,
                "{} {} seed {seed}: expected one event in\n{raw}",
                meta.id,
                info.name
            );
            let record = match records.into_iter().next() {
                Some(Ok(record)) => record,
                Some(Err(err)) => panic!("{} {} seed {seed}: {err}\n{raw}", meta.id, info.name),
                None => unreachable!(),
            };
            assert_eq!(record.parsed.variant, Some(info.name), "{} seed {seed}: variant of\n{raw}", meta.id);
            for (name, kind, text) in fields.iter() {
                let expected = Fields::value_of(kind, text);
                assert_eq!(
                    record.parsed.fields.get(name),
                    Some(&expected),
                    "{} {} seed {seed}: field {name} of\n{raw}",
                    meta.id,
                    info.name
                );
            }
            let problems = validate_ocsf(&record.ocsf);
            assert!(
                problems.is_empty(),
                "{} {} seed {seed}: {problems:?}\n{:#?}",
                meta.id,
                info.name,
                record.ocsf
            );
        }
    }
}

/// Asserts that every line parses, as a table test of hand-written samples, and that the
/// OCSF record validates; returns the parsed records.
pub fn assert_parses(source_id: &str, text: &str) -> Vec<crate::parse::Record> {
    let records = crate::parse::parse_str(source_id, text, ParseOptions::default()).expect("source is registered");
    assert!(!records.is_empty(), "no event in {text}");
    records
        .into_iter()
        .map(|record| {
            let record = record.unwrap_or_else(|err| panic!("{err}\n{text}"));
            let problems = validate_ocsf(&record.ocsf);
            assert!(problems.is_empty(), "{problems:?}\n{:#?}", record.ocsf);
            record
        })
        .collect()
}

/// Parses `text` and returns the first error, failing when it parses cleanly.
pub fn assert_rejected(source_id: &str, text: &str) -> crate::error::ParseError {
    let records = crate::parse::parse_str(source_id, text, ParseOptions::default()).expect("source is registered");
    match records.into_iter().find_map(Result::err) {
        Some(err) => err,
        None => panic!("{source_id} accepted malformed input: {text:?}"),
    }
}

/// One sample from the corpus: its file name and the text to parse.
pub struct Sample {
    /// Path of the file inside the corpus.
    pub name: String,
    /// The raw log text.
    pub text: String,
}

/// Reads the `input.message` of every test file under `sekoia/<folder>/tests`.
pub fn sekoia_samples(folder: &str) -> Vec<Sample> {
    let Some(corpus) = corpus_dir() else {
        return Vec::new();
    };
    let dir = corpus.join("sekoia").join(folder).join("tests");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let value: Value = serde_json::from_str(&text).ok()?;
            let message = value.get("input")?.get("message")?.as_str()?.to_string();
            Some(Sample {
                name: format!("sekoia/{folder}/{}", path.file_name()?.to_string_lossy()),
                text: message,
            })
        })
        .collect()
}

/// Reads corpus files by path relative to the corpus folder; missing files are skipped.
pub fn corpus_files(paths: &[&str]) -> Vec<Sample> {
    let Some(corpus) = corpus_dir() else {
        return Vec::new();
    };
    paths
        .iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(corpus.join(path)).ok()?;
            Some(Sample {
                name: (*path).to_string(),
                text,
            })
        })
        .collect()
}

/// Reads every file of a corpus folder whose name ends with `suffix`.
pub fn corpus_folder(folder: &str, suffix: &str) -> Vec<Sample> {
    let Some(corpus) = corpus_dir() else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus.join(folder))
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .filter_map(|path| {
            Some(Sample {
                text: std::fs::read_to_string(&path).ok()?,
                name: format!("{folder}/{}", path.file_name()?.to_string_lossy()),
            })
        })
        .collect()
}

/// Parses every sample, prints the pass rate and each failure, and returns
/// `(passed, total)`. A sample passes when it yields at least one record, no error, and
/// only records that validate against the OCSF schema.
pub fn corpus_pass_rate(source_id: &str, samples: &[Sample]) -> (usize, usize) {
    let mut passed = 0;
    for sample in samples {
        let outcome = crate::parse::parse_str(source_id, &sample.text, ParseOptions::default()).expect("source is registered");
        let mut problems: Vec<String> = Vec::new();
        if outcome.is_empty() {
            problems.push("no event found".to_string());
        }
        for record in &outcome {
            match record {
                Ok(record) => problems.extend(validate_ocsf(&record.ocsf)),
                Err(err) => problems.push(err.to_string()),
            }
        }
        if problems.is_empty() {
            passed += 1;
        } else {
            println!("FAIL {}: {}", sample.name, problems.join("; "));
        }
    }
    println!("{source_id}: {passed}/{} corpus samples parsed", samples.len());
    (passed, samples.len())
}

fn schema() -> Option<&'static Value> {
    static SCHEMA: OnceLock<Option<Value>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let path = shared_dir()?.join("ocsf").join("ocsf-1.8.0.json");
            let text = std::fs::read_to_string(path).ok()?;
            serde_json::from_str(&text).ok()
        })
        .as_ref()
}

/// Checks a record against the OCSF 1.8.0 schema: class, category and type uids, required
/// attributes (outside profiles), enum values, value types, object attributes and their
/// `at_least_one` constraints. Returns the problems; an empty list when the schema file is
/// absent.
pub fn validate_ocsf(record: &Map<String, Value>) -> Vec<String> {
    let Some(schema) = schema() else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let class_uid = record.get("class_uid").and_then(Value::as_u64);
    let class = schema["classes"]
        .as_object()
        .and_then(|classes| classes.values().find(|class| class["uid"].as_u64() == class_uid));
    let Some(class) = class else {
        return vec![format!("unknown class_uid {class_uid:?}")];
    };
    if record.get("category_uid").and_then(Value::as_u64) != class["category_uid"].as_u64() {
        problems.push(format!("category_uid {:?} does not match the class", record.get("category_uid")));
    }
    let activity = record.get("activity_id").and_then(Value::as_u64).unwrap_or(u64::MAX);
    let expected_type = class_uid.map(|uid| uid * 100 + activity);
    if record.get("type_uid").and_then(Value::as_u64) != expected_type {
        problems.push(format!("type_uid {:?} is not class_uid*100+activity_id", record.get("type_uid")));
    }
    check_object(schema, &class["attributes"], None, record, "", &mut problems);
    problems
}

fn check_object(
    schema: &Value,
    attributes: &Value,
    constraints: Option<&Value>,
    object: &Map<String, Value>,
    path: &str,
    problems: &mut Vec<String>,
) {
    let Some(attributes) = attributes.as_object() else {
        return;
    };
    for (name, attribute) in attributes {
        let required = attribute["requirement"] == "required" && attribute.get("profile").is_none();
        if required && !object.contains_key(name) {
            problems.push(format!("missing required {path}{name}"));
        }
    }
    if let Some(names) = constraints.and_then(|c| c.get("at_least_one")).and_then(Value::as_array) {
        if !names.iter().filter_map(Value::as_str).any(|name| object.contains_key(name)) {
            problems.push(format!("{path} needs at least one of {names:?}"));
        }
    }
    for (name, value) in object {
        let Some(attribute) = attributes.get(name) else {
            problems.push(format!("unknown attribute {path}{name}"));
            continue;
        };
        let child_path = format!("{path}{name}");
        if attribute["is_array"].as_bool() == Some(true) {
            match value.as_array() {
                Some(items) => items
                    .iter()
                    .for_each(|item| check_value(schema, attribute, item, &child_path, problems)),
                None => problems.push(format!("{child_path} must be an array")),
            }
        } else {
            check_value(schema, attribute, value, &child_path, problems);
        }
    }
}

fn check_value(schema: &Value, attribute: &Value, value: &Value, path: &str, problems: &mut Vec<String>) {
    let type_name = attribute["type"].as_str().unwrap_or("");
    if type_name == "object_t" {
        let Some(object) = value.as_object() else {
            problems.push(format!("{path} must be an object"));
            return;
        };
        let object_type = attribute["object_type"].as_str().unwrap_or("");
        if object_type == "object" {
            // The generic `object` (as in `unmapped`) takes any content.
            return;
        }
        let definition = &schema["objects"][object_type];
        check_object(
            schema,
            &definition["attributes"],
            definition.get("constraints"),
            object,
            &format!("{path}."),
            problems,
        );
        return;
    }
    let base = schema["types"][type_name]["type"].as_str().unwrap_or(type_name);
    let fits = match base {
        "string_t" => value.is_string(),
        "integer_t" | "long_t" => value.is_i64() || value.is_u64(),
        "float_t" => value.is_number(),
        "boolean_t" => value.is_boolean(),
        _ => true,
    };
    if !fits {
        problems.push(format!("{path} has the wrong type for {type_name}: {value}"));
        return;
    }
    if type_name == "ip_t" && value.as_str().is_some_and(|ip| ip.parse::<std::net::IpAddr>().is_err()) {
        problems.push(format!("{path} is not an IP address: {value}"));
    }
    if let Some(values) = attribute.get("enum").and_then(Value::as_object) {
        let key = match value {
            Value::Number(number) => number.to_string(),
            Value::String(text) => text.clone(),
            _ => String::new(),
        };
        if !values.contains_key(&key) {
            problems.push(format!("{path} value {value} is not in its enum"));
        }
    }
}

#[cfg(test)]
mod no_panic {
    use proptest::prelude::*;

    /// The sources whose parsers these properties cover.
    const SOURCES: &[&str] = &["aws_vpcflowlogs", "corelight_conn", "iis_w3c", "microsoft_windows_eventlog"];

    fn parse_everywhere(text: &str) {
        for id in SOURCES {
            let _ = crate::parse::parse_str(id, text, super::ParseOptions::default());
        }
    }

    proptest! {
        #[test]
        fn parsers_never_panic_on_text(text in "\\PC{0,300}") {
            parse_everywhere(&text);
        }

        #[test]
        fn parsers_never_panic_on_structured_text(text in "[<>/='\"&;#{}\\[\\],:.\\- a-zA-Z0-9\t\n]{0,200}") {
            parse_everywhere(&text);
        }

        #[test]
        fn parsers_never_panic_on_extreme_numbers(start in any::<i64>(), duration in any::<f64>(), port in any::<i64>()) {
            parse_everywhere(&format!("2 123456789012 eni-0a1b {port} 10.0.0.2 {port} 22 6 1 40 {start} {start} ACCEPT OK"));
            parse_everywhere(&format!(
                r#"{{"ts":{start},"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":{port},"id.resp_h":"10.0.0.2","id.resp_p":1,"proto":"tcp","duration":{duration},"conn_state":"SF"}}"#
            ));
            parse_everywhere(&format!(
                "<Event><System><EventID>{port}</EventID><TimeCreated SystemTime='2026-01-05T09:00:00Z'/></System><EventData><Data Name='NewProcessId'>0x{start:x}</Data><Data Name='IpPort'>{port}</Data></EventData></Event>"
            ));
        }
    }
}
