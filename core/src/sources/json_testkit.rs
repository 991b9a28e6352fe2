//! Test helpers for the JSON sources, next to the ones in `testing.rs`. The round trip reads
//! JSON events both directly and through the streaming parser. The OCSF check adds the
//! `at_least_one` constraints that `ocsf::validate` leaves unchecked. The corpus reader takes
//! samples in every collection layout (Sekoia pairs, raw files, NDJSON).
//!
//! The OCSF schema and the corpus come from the `shared` folder that `testing::shared_dir`
//! finds. Checks that need them are skipped when it is absent.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::{GenContext, ParseOptions, ParseState, Parsed, Source};
use crate::fields::Fields;
use crate::format::json;
use crate::generate::default_start;
use crate::seed::StreamKey;
use crate::world::{World, WorldConfig};

/// Returns `<shared>/<sub>` when it exists.
pub(crate) fn shared_path(sub: &str) -> Option<PathBuf> {
    let path = super::testing::shared_dir()?.join(sub);
    path.exists().then_some(path)
}

/// Reads back what `write` produced: JSON text through `parse_json`, other text through
/// `parse_line`.
pub(crate) fn parse_written(source: &dyn Source, raw: &str) -> Parsed {
    let mut state = ParseState::default();
    let outcome = if raw.starts_with('{') {
        let value = json::parse(raw).unwrap_or_else(|e| panic!("{}: written JSON does not parse: {e:?}\n{raw}", source.meta().id));
        source.parse_json(&value, &mut state)
    } else {
        source.parse_line(raw, &mut state)
    };
    match outcome {
        Ok(Some(parsed)) => parsed,
        Ok(None) => panic!("{}: parser skipped a written event\n{raw}", source.meta().id),
        Err(err) => panic!("{}: parser rejected a written event: {err:?}\n{raw}", source.meta().id),
    }
}

/// Generates every variant of `source` for each seed in `seeds` and checks that parsing the
/// written text recovers every ground-truth field and the variant, that the OCSF record is
/// valid, and that the streaming parser reads the text without error.
pub(crate) fn check_round_trip(source: &'static dyn Source, seeds: std::ops::Range<u64>) {
    let world = World::new(11, &WorldConfig::default()).expect("default world");
    let meta = source.meta();
    let mut fields = Fields::new();
    let mut raw = String::new();
    for (variant, description) in meta.variants.iter().enumerate() {
        for seed in seeds.clone() {
            let mut ctx = GenContext {
                rng: StreamKey::new(seed, meta.id).event(seed),
                world: &world,
                time: default_start().add_nanos(seed as i64 * 1_234_567_891),
                index: seed,
                variant,
            };
            fields.clear();
            source.fill(&mut ctx, &mut fields);
            raw.clear();
            source.write(variant, &fields, &mut raw);
            assert!(!raw.ends_with('\n'), "{}: write added a newline", meta.id);

            let parsed = parse_written(source, &raw);
            let context = format!("{} variant {} seed {seed}\n{raw}", meta.id, description.name);
            assert_eq!(parsed.variant, Some(description.name), "variant of {context}");
            for (name, kind, text) in fields.iter() {
                let expected = Fields::value_of(kind, text);
                assert_eq!(parsed.fields.get(name), Some(&expected), "field {name} of {context}");
            }

            let record = source
                .to_ocsf(&parsed, &ParseOptions::default())
                .unwrap_or_else(|e| panic!("no OCSF record for {context}: {e:?}"));
            assert_valid_ocsf(&record, &context);

            let outcomes = crate::parse::parse_str(meta.id, &raw, ParseOptions::default()).expect("known source");
            assert!(!outcomes.is_empty(), "streaming parser found no event in {context}");
            for outcome in outcomes {
                if let Err(err) = outcome {
                    panic!("streaming parser failed on {context}: {err:?}");
                }
            }
        }
    }
}

/// Panics when `record` is not valid OCSF 1.8.0: the checks of `ocsf::validate`, and the
/// `at_least_one` constraints of the objects it contains.
pub(crate) fn assert_valid_ocsf(record: &Map<String, Value>, context: &str) {
    super::testing::assert_valid_ocsf(record, context);
    let problems = ocsf_problems(record);
    assert!(
        problems.is_empty(),
        "invalid OCSF record for {context}:\n  {}\n{}",
        problems.join("\n  "),
        serde_json::to_string_pretty(record).unwrap_or_default()
    );
}

fn schema() -> Option<&'static Value> {
    static SCHEMA: OnceLock<Option<Value>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let path = shared_path("ocsf/ocsf-1.8.0.json")?;
            let text = std::fs::read_to_string(path).ok()?;
            serde_json::from_str(&text).ok()
        })
        .as_ref()
}

/// Lists the ways `record` breaks the OCSF 1.8.0 schema. It reports an unknown class, a wrong
/// category or type uid, missing required attributes and unmet `at_least_one` constraints
/// (which `ocsf::validate` does not check). It also reports unknown attributes, enum values
/// out of range and values of the wrong JSON type. Returns nothing without the schema file.
pub(crate) fn ocsf_problems(record: &Map<String, Value>) -> Vec<String> {
    let Some(schema) = schema() else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let class_uid = record.get("class_uid").and_then(Value::as_u64).unwrap_or(0);
    let Some(class) = schema["classes"]
        .as_object()
        .and_then(|c| c.values().find(|c| c["uid"].as_u64() == Some(class_uid)))
    else {
        return vec![format!("unknown class_uid {class_uid}")];
    };
    if record.get("category_uid").and_then(Value::as_u64) != class["category_uid"].as_u64() {
        problems.push(format!("category_uid should be {}", class["category_uid"]));
    }
    let activity_id = record.get("activity_id").and_then(Value::as_u64).unwrap_or(0);
    if record.get("type_uid").and_then(Value::as_u64) != Some(class_uid * 100 + activity_id) {
        problems.push("type_uid is not class_uid * 100 + activity_id".into());
    }
    let profiles: Vec<&str> = record
        .get("metadata")
        .and_then(|m| m.get("profiles"))
        .and_then(Value::as_array)
        .map(|p| p.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    check_object(schema, &class["attributes"], None, record, "", &profiles, &mut problems);
    problems
}

fn check_object(
    schema: &Value,
    attributes: &Value,
    definition: Option<&Value>,
    object: &Map<String, Value>,
    path: &str,
    profiles: &[&str],
    problems: &mut Vec<String>,
) {
    let Some(attributes) = attributes.as_object() else {
        return;
    };
    for (name, attribute) in attributes {
        let required = attribute["requirement"] == "required";
        let profile_applies = attribute
            .get("profile")
            .and_then(Value::as_str)
            .is_none_or(|p| profiles.contains(&p));
        if required && profile_applies && !object.contains_key(name) {
            problems.push(format!("{path}{name} is required"));
        }
    }
    if let Some(at_least_one) = definition.and_then(|d| d["constraints"]["at_least_one"].as_array()) {
        if !at_least_one.iter().filter_map(Value::as_str).any(|name| object.contains_key(name)) {
            let names: Vec<&str> = at_least_one.iter().filter_map(Value::as_str).collect();
            problems.push(format!("{} needs at least one of {names:?}", path.trim_end_matches('.')));
        }
    }
    for (name, value) in object {
        if path.is_empty() && (name == "unmapped" || name == "raw_data") {
            continue;
        }
        let Some(attribute) = attributes.get(name) else {
            problems.push(format!("{path}{name} is not an attribute here"));
            continue;
        };
        let full = format!("{path}{name}");
        if attribute["is_array"] == true {
            match value {
                Value::Array(items) => items
                    .iter()
                    .for_each(|item| check_value(schema, attribute, item, &full, profiles, problems)),
                _ => problems.push(format!("{full} should be an array")),
            }
        } else {
            check_value(schema, attribute, value, &full, profiles, problems);
        }
    }
}

fn check_value(schema: &Value, attribute: &Value, value: &Value, path: &str, profiles: &[&str], problems: &mut Vec<String>) {
    let mut kind = attribute["type"].as_str().unwrap_or("");
    if let Some(base) = schema["types"][kind]["type"].as_str() {
        kind = base;
    }
    if let Some(base) = schema["types"][kind]["type"].as_str() {
        kind = base;
    }
    let fits = match kind {
        "object_t" => {
            let name = attribute["object_type"].as_str().unwrap_or("");
            let definition = &schema["objects"][name];
            match value.as_object() {
                Some(object) => {
                    check_object(
                        schema,
                        &definition["attributes"],
                        Some(definition),
                        object,
                        &format!("{path}."),
                        profiles,
                        problems,
                    );
                    true
                }
                None => false,
            }
        }
        "string_t" => value.is_string(),
        "integer_t" | "long_t" => value.is_i64() || value.is_u64(),
        "float_t" => value.is_number(),
        "boolean_t" => value.is_boolean(),
        _ => true,
    };
    if !fits {
        problems.push(format!("{path} should be of type {kind}, found {value}"));
        return;
    }
    if let (Some(values), Some(number)) = (attribute["enum"].as_object(), value.as_i64()) {
        if !values.contains_key(&number.to_string()) {
            problems.push(format!("{path} value {number} is not in its enum"));
        }
    }
}

/// One file of the sample corpus and the text to parse from it.
pub(crate) struct CorpusSample {
    /// Path relative to the corpus folder.
    pub name: String,
    /// The raw log text: a pair file's `input.message`, or the whole file.
    pub text: String,
}

/// Reads the corpus files under `folders` (relative to the corpus root) whose file name
/// satisfies `keep`, or returns `None` when the corpus is absent.
pub(crate) fn corpus_samples(folders: &[&str], keep: impl Fn(&str) -> bool) -> Option<Vec<CorpusSample>> {
    let root = shared_path("corpus")?;
    let mut samples = Vec::new();
    for folder in folders {
        let mut files = Vec::new();
        collect_files(&root.join(folder), &mut files);
        files.sort();
        for path in files {
            let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !keep(file_name) {
                continue;
            }
            let Ok(content) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
            let text = if folder.starts_with("sekoia") {
                match serde_json::from_str::<Value>(&content) {
                    Ok(pair) => match &pair["input"]["message"] {
                        Value::String(message) => message.clone(),
                        other => other.to_string(),
                    },
                    Err(_) => continue,
                }
            } else {
                content
            };
            samples.push(CorpusSample { name, text });
        }
    }
    Some(samples)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The outcome of parsing one corpus sample.
pub(crate) struct CorpusOutcome {
    /// Path relative to the corpus folder.
    pub name: String,
    /// Variants of the records read, or the first error.
    pub result: Result<Vec<Option<&'static str>>, String>,
}

/// Parses every sample as events of `source_id`, checks every OCSF record it yields against
/// the schema, prints one line per sample and the pass rate, and returns the outcomes.
pub(crate) fn run_corpus(source_id: &str, samples: &[CorpusSample]) -> Vec<CorpusOutcome> {
    let mut outcomes = Vec::new();
    for sample in samples {
        let result = match crate::parse::parse_str(source_id, &sample.text, ParseOptions::default()) {
            Err(err) => Err(err.to_string()),
            Ok(records) if records.is_empty() => Err("no event found".to_string()),
            Ok(records) => {
                let mut variants = Vec::new();
                let mut failure = None;
                for record in records {
                    match record {
                        Ok(record) => {
                            assert_valid_ocsf(&record.ocsf, &sample.name);
                            variants.push(record.parsed.variant);
                        }
                        Err(err) => {
                            failure.get_or_insert(err.to_string());
                        }
                    }
                }
                failure.map_or(Ok(variants), Err)
            }
        };
        match &result {
            Ok(variants) => println!("ok    {} {variants:?}", sample.name),
            Err(reason) => println!("FAIL  {}: {reason}", sample.name),
        }
        outcomes.push(CorpusOutcome {
            name: sample.name.clone(),
            result,
        });
    }
    let passed = outcomes.iter().filter(|o| o.result.is_ok()).count();
    println!("{source_id}: {passed} of {} corpus samples parsed", outcomes.len());
    outcomes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocsf_check_finds_schema_errors() {
        if schema().is_none() {
            println!("OCSF schema not found; skipped");
            return;
        }
        let record: Map<String, Value> = serde_json::from_value(serde_json::json!({
            "class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 9,
            "time": 1, "metadata": {"version": "1.8.0", "product": {"name": "x"}},
            "user": {"nickname": "a"}, "status_id": "1"
        }))
        .unwrap();
        let problems = ocsf_problems(&record);
        for expected in [
            "severity_id value 9",
            "user.nickname is not an attribute",
            "user needs at least one",
            "status_id should be of type integer_t",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "missing '{expected}' in {problems:?}"
            );
        }
    }

    #[test]
    fn ocsf_check_accepts_minimal_record() {
        let record: Map<String, Value> = serde_json::from_value(serde_json::json!({
            "class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1,
            "time": 1, "metadata": {"version": "1.8.0", "product": {"name": "x"}}, "user": {"name": "a"}
        }))
        .unwrap();
        assert_eq!(ocsf_problems(&record), Vec::<String>::new());
    }
}
