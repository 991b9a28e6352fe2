//! Helpers for the unit tests of sources: the round trip over many seeds, table tests of
//! hand-written lines, OCSF validation against the resolved schema, and access to the public
//! sample corpus.
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

/// Returns the problems [`Schema::validate`] finds in `record`. The list is empty when the
/// record is valid or the schema is absent.
pub(crate) fn ocsf_problems(record: &Map<String, Value>) -> Vec<String> {
    let Some(schema) = schema() else {
        return Vec::new();
    };
    match schema.validate(record) {
        Ok(()) => Vec::new(),
        Err(crate::Error::InvalidRecord { problems, .. }) => problems,
        Err(other) => vec![other.to_string()],
    }
}

/// Asserts that `record` is valid OCSF 1.8.0, when the schema is present.
pub(crate) fn assert_valid_ocsf(record: &Map<String, Value>, context: &str) {
    let problems = ocsf_problems(record);
    assert!(
        problems.is_empty(),
        "{context}: invalid OCSF record:\n  {}\nrecord: {}",
        problems.join("\n  "),
        Value::Object(record.clone())
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
/// carry a file header) is covered too.
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
            checked += 1;
        }
    }
    checked
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
