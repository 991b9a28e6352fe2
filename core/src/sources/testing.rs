//! Helpers for the unit tests of sources: the round trip over many seeds, table tests of
//! hand-written lines, OCSF validation against the resolved schema, and access to the public
//! sample corpus. Corpus readers cover Sekoia intake tests, raw files and NDJSON, and report
//! pass rates.
//!
//! The schema and the corpus live in a `shared` folder outside the repository:
//! `SIEMULATOR_SHARED_DIR` when set, else the first `shared` folder next to the crate, the
//! checkout or one of their parents. Tests that need them skip their checks when the folder is
//! absent, so a fresh clone still passes.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::{GenContext, ParseOptions, ParseState, Parsed, Source};
use crate::error::ParseError;
use crate::fields::Fields;
use crate::generate::default_start;
use crate::ocsf::validate::Schema;
use crate::ocsf::Object;
use crate::parse::Record;
use crate::seed::StreamKey;
use crate::timestamp::NANOS_PER_SECOND;
use crate::world::{World, WorldConfig};

/// Returns the folder that contains `ocsf/` and `corpus/`, or `None` when there is none.
pub(crate) fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SIEMULATOR_SHARED_DIR") {
        return Some(PathBuf::from(dir));
    }
    // Git worktrees sit one or two levels below the folder that contains the main checkout.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(1)
        .take(3)
        .map(|dir| dir.join("shared"))
        .find(|dir| dir.is_dir())
}

/// Returns the corpus folder, when present.
pub(crate) fn corpus_dir() -> Option<PathBuf> {
    shared_dir().map(|dir| dir.join("corpus")).filter(|dir| dir.is_dir())
}

/// Returns the resolved OCSF 1.8.0 schema, read once, or `None` when it is absent.
///
/// # Panics
/// Panics when the file exists but is not a usable resolved schema.
pub(crate) fn schema() -> Option<&'static Schema> {
    static SCHEMA: OnceLock<Option<Schema>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let path = shared_dir()?.join("ocsf").join("ocsf-1.8.0.json");
            let text = std::fs::read_to_string(&path).ok()?;
            match Schema::from_json(&text) {
                Ok(schema) => Some(schema),
                Err(err) => panic!("{} is not a usable OCSF schema: {err}", path.display()),
            }
        })
        .as_ref()
}

/// A record in either form: the library's [`Object`] or a `serde_json` map.
pub(crate) trait RecordView {
    /// Returns the record as a `serde_json` map.
    fn view(&self) -> std::borrow::Cow<'_, Map<String, Value>>;
}

impl RecordView for Map<String, Value> {
    fn view(&self) -> std::borrow::Cow<'_, Map<String, Value>> {
        std::borrow::Cow::Borrowed(self)
    }
}

impl RecordView for Object {
    fn view(&self) -> std::borrow::Cow<'_, Map<String, Value>> {
        std::borrow::Cow::Owned(self.to_map())
    }
}

/// Returns the problems [`Schema::validate`] finds in `record`. The list is empty when the
/// record is valid or the schema is absent.
pub(crate) fn ocsf_problems(record: &(impl RecordView + ?Sized)) -> Vec<String> {
    let Some(schema) = schema() else {
        return Vec::new();
    };
    match schema.validate_map(&record.view()) {
        Ok(()) => Vec::new(),
        Err(crate::Error::InvalidRecord { problems, .. }) => problems,
        Err(other) => vec![other.to_string()],
    }
}

/// Asserts that `record` is valid OCSF 1.8.0, when the schema is present.
pub(crate) fn assert_valid_ocsf(record: &(impl RecordView + ?Sized), context: &str) {
    let problems = ocsf_problems(record);
    assert!(
        problems.is_empty(),
        "{context}: invalid OCSF record:\n  {}\nrecord: {}",
        problems.join("\n  "),
        Value::Object(record.view().into_owned())
    );
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| World::new(0, &WorldConfig::default()).unwrap_or_else(|err| panic!("default world: {err}")))
}

/// Generates event `index` of `variant` with `seed`, as the generator would, and returns
/// its fields and raw text. Times carry a fraction of a second, so sub-second formats are
/// exercised.
pub(crate) fn generate(source: &dyn Source, variant: usize, seed: u64, index: u64) -> (Fields, String) {
    let meta = source.meta();
    let mut ctx = GenContext {
        rng: StreamKey::new(seed, meta.id).event(index),
        world: world(),
        time: default_start().add_nanos((seed * 7919 + index) as i64 * NANOS_PER_SECOND / 10 + 123_456_789),
        index,
        variant,
        overrides: &[],
    };
    let mut fields = Fields::new();
    source.fill(&mut ctx, &mut fields);
    let mut raw = String::new();
    source.write(variant, &fields, &mut raw);
    (fields, raw)
}

/// Checks every variant for each seed in `seeds` and returns the number of events checked.
/// The written event has no trailing newline. The streaming parser reads it as exactly one
/// event of that variant, so a value with a newline that the writer failed to escape shows up
/// as a second event. Every generated field comes back under the same name with an equal JSON
/// value, and the OCSF record is valid. Event `index` runs with the seed, so index 0 (which may
/// carry a file header) is covered too. A JSON event is also read with `parse_json` directly,
/// and must give the same variant, fields and a valid OCSF record.
pub(crate) fn assert_round_trip(source: &dyn Source, seeds: std::ops::Range<u64>) -> usize {
    let meta = source.meta();
    let mut checked = 0;
    for (variant, info) in meta.variants.iter().enumerate() {
        for seed in seeds.clone() {
            let (fields, raw) = generate(source, variant, seed, seed);
            let context = format!("{} {} seed {seed}\nraw: {raw}", meta.id, info.name);
            assert!(!raw.ends_with('\n'), "{context}: write added a trailing newline");

            let records = crate::parse::parse_str(meta.id, &raw, ParseOptions::default()).expect("source is registered");
            assert_eq!(records.len(), 1, "{context}: expected one event");
            let record = match records.into_iter().next() {
                Some(Ok(record)) => record,
                Some(Err(err)) => panic!("{context}: {err}"),
                None => unreachable!("the length is one"),
            };
            assert_eq!(record.parsed.variant, Some(info.name), "{context}: variant");
            assert_fields_match(&fields, &record.parsed, &context);
            assert_valid_ocsf(&record.ocsf, &context);
            if raw.starts_with('{') {
                assert_json_round_trip(source, &raw, info.name, &fields, &context);
            }
            checked += 1;
        }
    }
    checked
}

/// Parses a written JSON event with `parse_json` directly, without the framing and envelope
/// detection of the streaming parser, and asserts the variant, every generated field and the
/// OCSF record.
fn assert_json_round_trip(source: &dyn Source, raw: &str, variant: &str, fields: &Fields, context: &str) {
    let value = crate::format::json::parse(raw).unwrap_or_else(|err| panic!("{context}: written JSON does not parse: {err}"));
    let mut state = ParseState::default();
    let parsed = match source.parse_json(&value, &mut state) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => panic!("{context}: parse_json skipped a written event"),
        Err(err) => panic!("{context}: parse_json rejected a written event: {err}"),
    };
    assert_eq!(parsed.variant, Some(variant), "{context}: variant from parse_json");
    assert_fields_match(fields, &parsed, context);
    let record = source
        .to_ocsf(&parsed, &state.options)
        .unwrap_or_else(|err| panic!("{context}: no OCSF record from parse_json: {err}"));
    assert_valid_ocsf(&record, context);
}

/// Asserts that every generated field is in `parsed` with an equal JSON value.
pub(crate) fn assert_fields_match(fields: &Fields, parsed: &Parsed, context: &str) {
    for (name, kind, text) in fields.iter() {
        let expected = Fields::value_of(kind, text);
        assert_eq!(parsed.fields.get(name), Some(&expected), "{context}: field '{name}'");
    }
}

/// Parses `line` with `source` and returns the fields and variant. Panics with the line on an
/// error or when the line contains no event.
pub(crate) fn parse_ok(source: &dyn Source, line: &str) -> Parsed {
    match source.parse_line(line, &mut ParseState::default()) {
        Ok(Some(parsed)) => parsed,
        other => panic!("{}: {line:?} gave {other:?}", source.meta().id),
    }
}

/// Returns the default options with [`default_start`] as the received time, for reading
/// events that carry no timestamp of their own.
pub(crate) fn received_at_start() -> ParseOptions {
    ParseOptions {
        received_time: Some(default_start()),
        ..ParseOptions::default()
    }
}

/// Parses `text` as the streaming parser does, with default options, and returns the records.
/// Asserts that the text contains at least one event, that every event parses, and that every
/// OCSF record validates.
pub(crate) fn assert_parses(source_id: &str, text: &str) -> Vec<Record> {
    assert_parses_with(source_id, text, ParseOptions::default())
}

/// Does what [`assert_parses`] does, with the given options.
pub(crate) fn assert_parses_with(source_id: &str, text: &str, options: ParseOptions) -> Vec<Record> {
    let records = crate::parse::parse_str(source_id, text, options).expect("source is registered");
    assert!(!records.is_empty(), "{source_id}: no event in {text}");
    records
        .into_iter()
        .map(|record| {
            let record = record.unwrap_or_else(|err| panic!("{source_id}: {err}\n{text}"));
            assert_valid_ocsf(&record.ocsf, text);
            record
        })
        .collect()
}

/// Parses the first event of `text` with `utc_offset` minutes east of UTC for times that name
/// no zone, and returns the record's `time` in epoch milliseconds.
pub(crate) fn time_at_offset(source_id: &str, text: &str, utc_offset: i32) -> i64 {
    let options = ParseOptions {
        utc_offset,
        ..ParseOptions::default()
    };
    let records = assert_parses_with(source_id, text, options);
    records[0].ocsf["time"]
        .as_i64()
        .unwrap_or_else(|| panic!("{source_id}: no integer time in {text}"))
}

/// Parses `text` and returns the first error, failing when it parses cleanly.
pub(crate) fn assert_rejected(source_id: &str, text: &str) -> ParseError {
    let records = crate::parse::parse_str(source_id, text, ParseOptions::default()).expect("source is registered");
    match records.into_iter().find_map(Result::err) {
        Some(err) => err,
        None => panic!("{source_id} accepted malformed input: {text:?}"),
    }
}

/// One sample from the corpus: its name and the text to parse.
pub(crate) struct Sample {
    /// Path of the file inside the corpus.
    pub name: String,
    /// The raw log text.
    pub text: String,
}

/// Lists the files of `dir` (not recursive), sorted; empty when the folder is absent.
fn sorted_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

/// Reads the `input.message` of every test file under `sekoia/<folder>/tests`, where `folder`
/// is `<Vendor>/<intake>`. Returns nothing when the corpus is absent.
pub(crate) fn sekoia_samples(folder: &str) -> Vec<Sample> {
    let Some(corpus) = corpus_dir() else {
        return Vec::new();
    };
    sorted_files(&corpus.join("sekoia").join(folder).join("tests"))
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .filter_map(|path| {
            let document: Value = serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
            let message = document.pointer("/input/message")?.as_str()?.to_string();
            Some(Sample {
                name: format!("sekoia/{folder}/tests/{}", path.file_name()?.to_string_lossy()),
                text: message,
            })
        })
        .collect()
}

/// Reads corpus files by path relative to the corpus folder; missing files are skipped.
pub(crate) fn corpus_files(paths: &[&str]) -> Vec<Sample> {
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
pub(crate) fn corpus_folder(folder: &str, suffix: &str) -> Vec<Sample> {
    let Some(corpus) = corpus_dir() else {
        return Vec::new();
    };
    sorted_files(&corpus.join(folder))
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

/// Returns the non-blank lines of a corpus file (relative to the corpus folder); empty when
/// it is absent.
pub(crate) fn corpus_lines(file: &str) -> Vec<String> {
    let Some(corpus) = corpus_dir() else {
        return Vec::new();
    };
    std::fs::read_to_string(corpus.join(file))
        .map(|text| text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

/// Parses every sample, prints the pass rate and each failure, and returns
/// `(passed, total)`. A sample passes when it yields at least one record, no error, and
/// only records that validate against the OCSF schema. Events without a timestamp of their
/// own take [`default_start`] as their received time.
pub(crate) fn corpus_pass_rate(source_id: &str, samples: &[Sample]) -> (usize, usize) {
    let options = received_at_start();
    let mut passed = 0;
    for sample in samples {
        let outcome = crate::parse::parse_str(source_id, &sample.text, options).expect("source is registered");
        let mut problems: Vec<String> = Vec::new();
        if outcome.is_empty() {
            problems.push("no event found".to_string());
        }
        for record in &outcome {
            match record {
                Ok(record) => problems.extend(ocsf_problems(&record.ocsf)),
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

/// Returns the corpus folder `relative` (such as `sekoia/Cisco`), or `None` when it is absent.
pub(crate) fn corpus_subdir(relative: &str) -> Option<PathBuf> {
    corpus_dir().map(|dir| dir.join(relative)).filter(|dir| dir.is_dir())
}

/// Lists the files under `dir`, recursively, whose path ends with `suffix`, sorted.
pub(crate) fn files_under(dir: &Path, suffix: &str) -> Vec<PathBuf> {
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

/// Returns the `input.message` of a Sekoia intake test file and its `expected` document
/// (`Value::Null` when the file has none).
pub(crate) fn sekoia_message(path: &Path) -> Option<(String, Value)> {
    let text = std::fs::read_to_string(path).ok()?;
    let document: Value = serde_json::from_str(&text).ok()?;
    let message = document.get("input")?.get("message")?.as_str()?.to_string();
    let expected = document.get("expected").cloned().unwrap_or(Value::Null);
    Some((message, expected))
}

/// Reads the files under `folders` (relative to the corpus folder, searched recursively) whose
/// file name satisfies `keep`, or returns `None` when the corpus is absent. Files under a
/// `sekoia` folder are intake test pairs and yield their `input.message` (a JSON message is
/// kept as its JSON text); other files yield their whole text.
pub(crate) fn corpus_samples(folders: &[&str], keep: impl Fn(&str) -> bool) -> Option<Vec<Sample>> {
    let root = corpus_dir()?;
    let mut samples = Vec::new();
    for folder in folders {
        for path in files_under(&root.join(folder), "") {
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
            samples.push(Sample { name, text });
        }
    }
    Some(samples)
}

/// The outcome of parsing one corpus sample with [`corpus_outcomes`].
pub(crate) struct CorpusOutcome {
    /// Path of the file inside the corpus.
    pub name: String,
    /// Variants of the records read, or the first error.
    pub result: Result<Vec<Option<&'static str>>, String>,
}

/// Parses every sample as events of `source_id` with the streaming parser and default options,
/// prints one line per sample and the pass rate, and returns the outcomes. Unlike
/// [`corpus_pass_rate`], an OCSF record that breaks the schema fails the test at once.
pub(crate) fn corpus_outcomes(source_id: &str, samples: &[Sample]) -> Vec<CorpusOutcome> {
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

/// Counts the outcomes of reading corpus samples one by one and prints the pass rate.
#[derive(Debug, Default)]
pub(crate) struct PassRate {
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

    /// Prints the rate and the failures, and returns the rate in percent (100 when no sample
    /// was seen).
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

/// Parses one line with `source` directly (no framing) and checks the OCSF record against the
/// schema. Lines without a timestamp of their own take [`default_start`] as their received time.
///
/// # Errors
/// Returns the parse error, the mapping error or the schema problems as text.
pub(crate) fn parse_sample(source: &dyn Source, raw: &str) -> Result<(Parsed, Map<String, Value>), String> {
    let mut state = ParseState {
        options: received_at_start(),
        ..ParseState::default()
    };
    let parsed = source
        .parse_line(raw, &mut state)
        .map_err(|err| err.to_string())?
        .ok_or_else(|| "the line contains no event".to_string())?;
    let record = source.to_ocsf(&parsed, &state.options).map_err(|err| err.to_string())?.into_map();
    let problems = ocsf_problems(&record);
    if !problems.is_empty() {
        return Err(format!("schema: {problems:?}"));
    }
    Ok((parsed, record))
}

/// Collects every string under `ip` or `hostname` of `src_endpoint` and `dst_endpoint`, in the
/// record and in its `evidences`, for comparing with an expected output that may swap the sides.
pub(crate) fn endpoint_addresses(record: &Map<String, Value>) -> Vec<String> {
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

/// Checks a record mapped from a Sekoia sample against the sample's `expected` document: every
/// `source.ip` and `destination.ip` it names must be an endpoint address of the record, on
/// either side, because mappers disagree on which side is the source. Base Events
/// (`class_uid` 0) keep only the text and pass.
///
/// # Errors
/// Returns the first expected address that the record lacks.
pub(crate) fn check_expected_endpoints(record: &Map<String, Value>, expected: &Value) -> Result<(), String> {
    if record.get("class_uid").and_then(Value::as_u64) == Some(0) {
        return Ok(());
    }
    let found = endpoint_addresses(record);
    for side in ["source", "destination"] {
        if let Some(ip) = expected.get(side).and_then(|s| s.get("ip")).and_then(Value::as_str) {
            if !found.iter().any(|f| f == ip) {
                return Err(format!("{side}.ip {ip} is not an endpoint of the record"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn record(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    #[test]
    fn ocsf_check_reports_schema_problems() {
        if schema().is_none() {
            println!("OCSF schema absent; skipped");
            return;
        }
        let broken = record(json!({
            "class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 9,
            "time": 1, "metadata": {"version": "1.8.0", "product": {"name": "x", "vendor_name": "y"}},
            "user": {"nickname": "a"}, "status_id": "1"
        }));
        let problems = ocsf_problems(&broken);
        for expected in [
            "severity_id: 9 is not a defined value",
            "user.nickname: attribute is not defined",
            "user: 'user' requires at least one of",
            "status_id: expected an integer",
            "record: 'authentication' requires at least one of service, dst_endpoint",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "missing '{expected}' in {problems:#?}"
            );
        }
    }

    #[test]
    fn ocsf_check_accepts_minimal_record() {
        let minimal = record(json!({
            "class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1,
            "time": 1, "metadata": {"version": "1.8.0", "product": {"name": "x", "vendor_name": "y"}},
            "user": {"name": "a"}, "service": {"name": "sshd"}
        }));
        assert_eq!(ocsf_problems(&minimal), Vec::<String>::new());
    }

    #[test]
    fn ocsf_check_reports_network_problems() {
        if schema().is_none() {
            println!("OCSF schema absent; skipped");
            return;
        }
        let broken = record(json!({
            "class_uid": 4001, "category_uid": 4, "activity_id": 42, "type_uid": 400101,
            "severity_id": 1, "time": 0, "metadata": {"version": "1.8.0", "product": {"name": "x"}},
            "src_endpoint": {"ip": "10.0.0.1", "colour": "red"}
        }));
        let problems = ocsf_problems(&broken);
        assert!(problems.iter().any(|p| p.contains("activity_id")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("type_uid")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("colour")), "{problems:?}");
        let mut without_endpoints = broken.clone();
        without_endpoints.remove("src_endpoint");
        let problems = ocsf_problems(&without_endpoints);
        assert!(problems.iter().any(|p| p.contains("at least one")), "{problems:?}");
    }

    #[test]
    fn endpoint_addresses_include_evidences() {
        let finding = record(json!({
            "src_endpoint": {"ip": "10.0.0.1"}, "dst_endpoint": {"hostname": "db.example.com"},
            "evidences": [{"dst_endpoint": {"ip": "203.0.113.9"}}]
        }));
        assert_eq!(endpoint_addresses(&finding), ["10.0.0.1", "db.example.com", "203.0.113.9"]);
    }

    #[test]
    fn expected_endpoints_match_either_side() {
        let flow = record(json!({"class_uid": 4001, "src_endpoint": {"ip": "10.0.0.2"}, "dst_endpoint": {"ip": "10.0.0.1"}}));
        let swapped = json!({"source": {"ip": "10.0.0.1"}, "destination": {"ip": "10.0.0.2"}});
        assert_eq!(check_expected_endpoints(&flow, &swapped), Ok(()));
        let other = json!({"destination": {"ip": "192.0.2.7"}});
        assert_eq!(
            check_expected_endpoints(&flow, &other),
            Err("destination.ip 192.0.2.7 is not an endpoint of the record".to_string())
        );
        let base_event = record(json!({"class_uid": 0}));
        assert_eq!(check_expected_endpoints(&base_event, &other), Ok(()));
    }

    #[test]
    fn pass_rate_counts_failures() {
        let mut rate = PassRate::default();
        assert_eq!(rate.report("empty"), 100.0);
        rate.record(Path::new("a.log"), Ok(()));
        rate.record(Path::new("b.log"), Err("no event".to_string()));
        rate.record(Path::new("c.log"), Ok(()));
        rate.record(Path::new("d.log"), Ok(()));
        assert_eq!((rate.passed, rate.total), (3, 4));
        assert_eq!(rate.failures, ["b.log: no event"]);
        assert_eq!(rate.report("mixed"), 75.0);
    }
}

#[cfg(test)]
mod no_panic {
    use proptest::prelude::*;

    /// The sources whose numeric fields the extreme-number property reaches.
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

/// Asserts that every field that the variants `variants` of `source` write, over 20 seeds,
/// has a name of `table`, so that the parser stores it without allocating the name.
pub(crate) fn assert_generated_names_known(source: &dyn Source, variants: std::ops::Range<usize>, table: &crate::field_map::NameTable) {
    for variant in variants {
        let variant_name = source.meta().variants[variant].name;
        for seed in 0..20 {
            let (_, line) = generate(source, variant, seed, 0);
            for (name, _) in &parse_ok(source, &line).fields {
                assert!(
                    table.find(name).is_some(),
                    "{variant_name} writes {name}, which the name table lacks"
                );
            }
        }
    }
}

/// Asserts that `table` finds every name of `groups` under the index of its group.
pub(crate) fn assert_table_finds_groups(table: &crate::field_map::NameTable, groups: &[&[&'static str]]) {
    for (group, names) in groups.iter().enumerate() {
        for name in *names {
            let found = table.find(name).map(|known| (known.name, usize::from(known.group)));
            assert_eq!(found, Some((*name, group)), "{name}");
        }
    }
}
