//! Test support shared by the source test modules: the generate-parse round trip, a check of
//! OCSF records against the resolved 1.8.0 schema, and access to the public sample corpus.
//!
//! The schema and the corpus live outside the repository, in a `shared/` folder next to the
//! repository root or next to one of its ancestors. Tests that need them skip cleanly when that
//! folder is absent.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value};

use super::{ParseState, Source};
use crate::fields::Fields;
use crate::generate::{GenerateRequest, Generator};
use crate::ocsf::validate::Schema;
use crate::world::{World, WorldConfig};

/// Returns the first `shared/<name>` folder found beside the repository root or beside one of
/// its ancestors, or `None` when there is none.
pub fn shared_dir(name: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent()?;
    root.ancestors()
        .map(|dir| dir.join("shared").join(name))
        .find(|candidate| candidate.is_dir())
}

/// Returns the corpus folder `relative` (such as `sekoia/Cisco`), or `None` when absent.
pub fn corpus_dir(relative: &str) -> Option<PathBuf> {
    let dir = shared_dir("corpus")?.join(relative);
    dir.is_dir().then_some(dir)
}

/// Lists the files under `dir` (recursively) whose name ends with `suffix`, sorted.
pub fn files_under(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Returns the raw input of a Sekoia intake test file: `input.message`.
pub fn sekoia_message(path: &Path) -> Option<(String, Value)> {
    let text = std::fs::read_to_string(path).ok()?;
    let document: Value = serde_json::from_str(&text).ok()?;
    let message = document.get("input")?.get("message")?.as_str()?.to_string();
    let expected = document.get("expected").cloned().unwrap_or(Value::Null);
    Some((message, expected))
}

/// Generates one event of `variant` for every seed in `seeds` and parses the raw text back.
/// Asserts that the parser recovers the variant and every ground-truth field, and that the OCSF
/// record validates against the schema when the schema is available.
pub fn assert_round_trip(source: &'static dyn Source, variant: &str, seeds: std::ops::Range<u64>) {
    let meta = source.meta();
    for seed in seeds {
        let world = world_for(seed);
        let request = GenerateRequest {
            source: meta.id.to_string(),
            count: Some(1),
            offset: seed * 7,
            seed,
            variant: Some(variant.to_string()),
            ..GenerateRequest::default()
        };
        let mut generator = Generator::with_world(&request, world).expect("the request is valid");
        let mut raw = String::new();
        generator.next_raw(&mut raw).expect("one event");
        let truth = generator.fields().clone();

        let mut state = ParseState::default();
        let parsed = match source.parse_line(&raw, &mut state) {
            Ok(Some(parsed)) => parsed,
            other => panic!("{} {variant} seed {seed}: parse failed: {other:?}\n{raw}", meta.id),
        };
        assert_eq!(
            parsed.variant,
            Some(meta.variants[meta.variant_index(variant).unwrap()].name),
            "{raw}"
        );
        assert_fields_recovered(&truth, &parsed.fields, &raw);

        let record = source
            .to_ocsf(&parsed, &state.options)
            .unwrap_or_else(|err| panic!("{} {variant} seed {seed}: no OCSF record: {err}\n{raw}", meta.id));
        let problems = schema_problems(&record);
        assert!(
            problems.is_empty(),
            "{} {variant} seed {seed}: {problems:?}\n{raw}\n{record:#?}",
            meta.id
        );
    }
}

/// Asserts that every truth field is in `parsed` with an equal JSON value.
pub fn assert_fields_recovered(truth: &Fields, parsed: &Map<String, Value>, raw: &str) {
    for (name, kind, text) in truth.iter() {
        let expected = Fields::value_of(kind, text);
        assert_eq!(parsed.get(name), Some(&expected), "field '{name}' of\n{raw}\nparsed as {parsed:#?}");
    }
}

/// Worlds built so far, by seed: building one per event would dominate the test time.
type WorldCache = std::sync::Mutex<Vec<(u64, Arc<World>)>>;

fn world_for(seed: u64) -> Arc<World> {
    static WORLDS: OnceLock<WorldCache> = OnceLock::new();
    let cache = WORLDS.get_or_init(|| std::sync::Mutex::new(Vec::new()));
    let mut cache = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, world)) = cache.iter().find(|(s, _)| *s == seed) {
        return world.clone();
    }
    let world = Arc::new(World::new(seed, &WorldConfig::default()).expect("default world"));
    cache.push((seed, world.clone()));
    world
}

/// The resolved OCSF 1.8.0 schema document and its validator, or `None` when the shared folder
/// is absent.
fn schema() -> Option<&'static (Value, Schema)> {
    static SCHEMA: OnceLock<Option<(Value, Schema)>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let path = shared_dir("ocsf")?.join("ocsf-1.8.0.json");
            let text = std::fs::read_to_string(path).ok()?;
            let document = serde_json::from_str(&text).ok()?;
            let schema = Schema::from_json(&text).ok()?;
            Some((document, schema))
        })
        .as_ref()
}

/// Returns what is wrong with `record` under the OCSF 1.8.0 schema: every problem
/// [`Schema::validate`] reports, plus the class's `at_least_one` and `just_one` constraints,
/// which the validator does not check. Returns nothing when the schema is absent.
pub fn schema_problems(record: &Map<String, Value>) -> Vec<String> {
    let Some((document, schema)) = schema() else { return Vec::new() };
    let mut problems = match schema.validate(record) {
        Ok(()) => Vec::new(),
        Err(crate::Error::InvalidRecord { problems, .. }) => problems,
        Err(other) => vec![other.to_string()],
    };
    let class_uid = record.get("class_uid").and_then(Value::as_u64);
    let class = document["classes"]
        .as_object()
        .and_then(|classes| classes.values().find(|c| c["uid"].as_u64() == class_uid));
    let constraints = class.and_then(|c| c.get("constraints"));
    if let Some(names) = constraints.and_then(|c| c.get("at_least_one")).and_then(Value::as_array) {
        if !names.iter().filter_map(Value::as_str).any(|name| record.contains_key(name)) {
            problems.push(format!("the class needs at least one of {names:?}"));
        }
    }
    if let Some(names) = constraints.and_then(|c| c.get("just_one")).and_then(Value::as_array) {
        let present = names
            .iter()
            .filter_map(Value::as_str)
            .filter(|name| record.contains_key(*name))
            .count();
        if present != 1 {
            problems.push(format!("the class needs exactly one of {names:?}"));
        }
    }
    problems
}

/// Counts the outcomes of running a parser over corpus samples and prints the pass rate.
#[derive(Debug, Default)]
pub struct PassRate {
    /// Samples read into a valid OCSF record.
    pub passed: usize,
    /// Samples seen.
    pub total: usize,
    /// One line per failed sample: the file and the reason.
    pub failures: Vec<String>,
}

impl PassRate {
    /// Records one sample's outcome.
    pub fn record(&mut self, file: &Path, outcome: Result<(), String>) {
        self.total += 1;
        match outcome {
            Ok(()) => self.passed += 1,
            Err(reason) => self.failures.push(format!("{}: {reason}", file.display())),
        }
    }

    /// Prints the rate and the failures, and returns the rate in percent.
    pub fn report(&self, label: &str) -> f64 {
        let rate = if self.total == 0 {
            100.0
        } else {
            self.passed as f64 * 100.0 / self.total as f64
        };
        println!("{label}: {}/{} corpus samples parsed ({rate:.1}%)", self.passed, self.total);
        for failure in &self.failures {
            println!("  failed {failure}");
        }
        rate
    }
}

/// Parses one text sample with `source` and checks the OCSF record against the schema.
///
/// # Errors
/// Returns the parse error, the mapping error or the schema problems as text.
pub fn parse_sample(source: &dyn Source, raw: &str) -> Result<(super::Parsed, Map<String, Value>), String> {
    // Samples without a header carry no time; they take a fixed received time.
    let mut state = ParseState::default();
    state.options.received_time = Some(crate::generate::default_start());
    let parsed = source
        .parse_line(raw, &mut state)
        .map_err(|err| err.to_string())?
        .ok_or_else(|| "the line holds no event".to_string())?;
    let record = source.to_ocsf(&parsed, &state.options).map_err(|err| err.to_string())?;
    let problems = schema_problems(&record);
    if !problems.is_empty() {
        return Err(format!("schema: {problems:?}"));
    }
    Ok((parsed, record))
}

/// Collects every string that looks like an address under `src_endpoint`, `dst_endpoint` and
/// their `ip` or `hostname`, for comparing with an expected output that may swap the two sides.
/// Evidence objects of findings are searched too.
pub fn endpoint_addresses(record: &Map<String, Value>) -> Vec<String> {
    let mut holders: Vec<&Map<String, Value>> = vec![record];
    if let Some(evidences) = record.get("evidences").and_then(Value::as_array) {
        holders.extend(evidences.iter().filter_map(Value::as_object));
    }
    let mut found = Vec::new();
    for holder in holders {
        for side in ["src_endpoint", "dst_endpoint"] {
            for key in ["ip", "hostname"] {
                if let Some(text) = holder.get(side).and_then(|e| e.get(key)).and_then(Value::as_str) {
                    found.push(text.to_string());
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_check_finds_problems() {
        if schema().is_none() {
            println!("OCSF schema absent, skipped");
            return;
        }
        let record: Map<String, Value> = serde_json::from_value(serde_json::json!({
            "class_uid": 4001, "category_uid": 4, "activity_id": 42, "type_uid": 400101,
            "severity_id": 1, "time": 0, "metadata": {"version": "1.8.0", "product": {"name": "x"}},
            "src_endpoint": {"ip": "10.0.0.1", "colour": "red"}
        }))
        .unwrap();
        let problems = schema_problems(&record);
        assert!(problems.iter().any(|p| p.contains("activity_id")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("type_uid")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("colour")), "{problems:?}");
        let mut without_endpoints = record.clone();
        without_endpoints.remove("src_endpoint");
        let problems = schema_problems(&without_endpoints);
        assert!(problems.iter().any(|p| p.contains("at least one")), "{problems:?}");
    }
}
