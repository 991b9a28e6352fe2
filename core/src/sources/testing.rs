//! Helpers for the unit tests of sources: the round trip over many seeds, OCSF validation
//! against the resolved schema, and access to the public sample corpus.
//!
//! The schema and the corpus live in a `shared` folder next to the checkout. Tests that need
//! them skip their checks when the folder is absent, so a fresh clone still passes.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::{GenContext, ParseOptions, ParseState, Parsed, Source};
use crate::fields::Fields;
use crate::generate::default_start;
use crate::ocsf::validate::Schema;
use crate::seed::StreamKey;
use crate::world::{World, WorldConfig};

/// Returns the folder with the OCSF schema and the corpus: `SIEMULATOR_SHARED_DIR` when set,
/// else the first `shared` folder found next to the crate, the checkout or its parent (git
/// worktrees sit one or two levels below the main checkout).
pub(crate) fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SIEMULATOR_SHARED_DIR") {
        return Some(PathBuf::from(dir));
    }
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    crate_dir
        .ancestors()
        .skip(1)
        .take(3)
        .map(|dir| dir.join("shared"))
        .find(|dir| dir.is_dir())
}

/// Returns the resolved OCSF 1.8.0 schema, read once, or `None` when it is absent.
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

/// Returns the file name and `input.message` of every `.json` corpus file under `folder`,
/// which is relative to the corpus root. Returns nothing when the corpus is absent.
pub(crate) fn corpus_messages(folder: &str) -> Vec<(String, String)> {
    let Some(dir) = shared_dir().map(|d| d.join("corpus").join(folder)) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut messages = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let Ok(document) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if let Some(message) = document.pointer("/input/message").and_then(Value::as_str) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            messages.push((name, message.to_string()));
        }
    }
    messages.sort();
    messages
}

/// Returns the lines of a corpus file (relative to the corpus root); empty when it is absent.
pub(crate) fn corpus_lines(file: &str) -> Vec<String> {
    let Some(path) = shared_dir().map(|d| d.join("corpus").join(file)) else {
        return Vec::new();
    };
    std::fs::read_to_string(path)
        .map(|text| text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

/// Asserts that `record` is valid OCSF 1.8.0, when the schema is present.
pub(crate) fn assert_valid_ocsf(record: &Map<String, Value>, context: &str) {
    if let Some(schema) = schema() {
        if let Err(err) = schema.validate(record) {
            panic!("{context}: {err}\nrecord: {}", Value::Object(record.clone()));
        }
    }
}

/// Generates one event of every variant for each seed in `seeds` and parses the written text.
/// Asserts that every truth field comes back with an equal JSON value and that the parser
/// names the variant. Asserts too that the OCSF record is valid. Returns the events checked.
pub(crate) fn assert_round_trip(source: &dyn Source, seeds: std::ops::Range<u64>) -> usize {
    let meta = source.meta();
    let world = World::new(1, &WorldConfig::default()).unwrap_or_else(|e| panic!("default world: {e}"));
    let mut fields = Fields::new();
    let mut raw = String::new();
    let mut checked = 0;
    for (variant_index, variant) in meta.variants.iter().enumerate() {
        for seed in seeds.clone() {
            let key = StreamKey::new(seed, meta.id);
            let mut ctx = GenContext {
                rng: key.event(seed),
                world: &world,
                time: default_start().add_nanos(seed as i64 * 7_919_000_000),
                index: seed,
                variant: variant_index,
            };
            fields.clear();
            source.fill(&mut ctx, &mut fields);
            raw.clear();
            source.write(variant_index, &fields, &mut raw);
            let context = format!("{} {} seed {seed}\nraw: {raw}", meta.id, variant.name);
            assert!(!raw.contains('\n'), "{context}: the event spans lines");

            let parsed = match source.parse_line(&raw, &mut ParseState::default()) {
                Ok(Some(parsed)) => parsed,
                other => panic!("{context}: parse gave {other:?}"),
            };
            assert_eq!(parsed.variant, Some(variant.name), "{context}");
            assert_fields_match(&fields, &parsed, &context);

            let record = source
                .to_ocsf(&parsed, &ParseOptions::default())
                .unwrap_or_else(|e| panic!("{context}: to_ocsf failed: {e}"));
            assert_valid_ocsf(&record, &context);
            checked += 1;
        }
    }
    checked
}

/// Asserts that every truth field is in `parsed` with an equal JSON value.
pub(crate) fn assert_fields_match(fields: &Fields, parsed: &Parsed, context: &str) {
    for (name, expected) in fields.to_map() {
        assert_eq!(parsed.fields.get(&name), Some(&expected), "{context}: field '{name}'");
    }
}

/// Parses `line` with `source` and returns the fields and variant, panicking with the line on
/// an error.
pub(crate) fn parse_ok(source: &dyn Source, line: &str) -> Parsed {
    match source.parse_line(line, &mut ParseState::default()) {
        Ok(Some(parsed)) => parsed,
        other => panic!("{}: {line:?} gave {other:?}", source.meta().id),
    }
}
