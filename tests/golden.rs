//! Golden vectors: the exact output of every registered source for fixed requests.
//!
//! `tests/golden/<source id>.json` contains one case per variant (the raw text of 3 events with
//! seed 1) and a `mixed` case (the SHA-256 of 1000 weighted events with seed 42, each event
//! followed by `\n`). The Rust, Python and Node suites all check these files, so a change to
//! them is a change of output that must be deliberate.
//!
//! To create or rewrite the files, run
//! `SIEMULATOR_BLESS=<id>[,<id>...] cargo test --test golden` for some sources, or
//! `SIEMULATOR_BLESS=1 cargo test --test golden` for all of them.

mod common;

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use siemulator::generate::{GenerateRequest, Generator};
use siemulator::sources::Source;

/// Events per variant case, written out in full.
const VARIANT_COUNT: u64 = 3;
/// Seed of the variant cases.
const VARIANT_SEED: u64 = 1;
/// Events of the `mixed` case, checked through their SHA-256.
const MIXED_COUNT: u64 = 1000;
/// Seed of the `mixed` case.
const MIXED_SEED: u64 = 42;
/// Name of the case that draws variants by weight.
const MIXED: &str = "mixed";

fn golden_dir() -> PathBuf {
    common::repo_root().join("tests").join("golden")
}

fn golden_path(id: &str) -> PathBuf {
    golden_dir().join(format!("{id}.json"))
}

fn bless_command(id: &str) -> String {
    format!("SIEMULATOR_BLESS={id} cargo test --test golden")
}

/// Returns whether `SIEMULATOR_BLESS` requests a rewrite of the file of `id`. The value `1`
/// or `all` selects every source, and a comma-separated list selects those ids.
fn blessed(id: &str) -> bool {
    match std::env::var("SIEMULATOR_BLESS") {
        Ok(value) if value == "1" || value.eq_ignore_ascii_case("all") => true,
        Ok(value) => value.split(',').any(|wanted| wanted.trim() == id),
        Err(_) => false,
    }
}

/// Generates the raw text of every event of `request`.
fn raw_events(request: &GenerateRequest) -> Result<Vec<String>, String> {
    let generator = Generator::new(request).map_err(|e| format!("request {request:?} is rejected: {e}"))?;
    Ok(generator.map(|event| event.raw).collect())
}

/// Returns the hex SHA-256 of the events, each followed by a newline.
fn sha256_hex(events: &[String]) -> String {
    let mut hasher = Sha256::new();
    for event in events {
        hasher.update(event.as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Builds the request JSON of a case with only the keys that differ from the defaults.
fn request_json(id: &str, count: u64, seed: u64, variant: Option<&str>) -> Value {
    let mut request = Map::new();
    request.insert("source".into(), id.into());
    request.insert("count".into(), count.into());
    request.insert("seed".into(), seed.into());
    if let Some(variant) = variant {
        request.insert("variant".into(), variant.into());
    }
    Value::Object(request)
}

/// Writes the golden file of `source` from its current output.
fn bless(source: &dyn Source) -> Result<(), String> {
    let meta = source.meta();
    let mut cases = Vec::new();
    for variant in meta.variants {
        let request = request_json(meta.id, VARIANT_COUNT, VARIANT_SEED, Some(variant.name));
        let raw = raw_events(&parse_request(&request)?)?;
        cases.push(json!({"name": variant.name, "request": request, "raw": raw}));
    }
    let request = request_json(meta.id, MIXED_COUNT, MIXED_SEED, None);
    let sha256 = sha256_hex(&raw_events(&parse_request(&request)?)?);
    cases.push(json!({"name": MIXED, "request": request, "sha256": sha256}));

    let document = json!({"source": meta.id, "cases": cases});
    let mut text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
    text.push('\n');
    let path = golden_path(meta.id);
    std::fs::create_dir_all(golden_dir()).map_err(|e| format!("cannot create {}: {e}", golden_dir().display()))?;
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("golden: wrote {}", path.display());
    Ok(())
}

fn parse_request(request: &Value) -> Result<GenerateRequest, String> {
    serde_json::from_value(request.clone()).map_err(|e| format!("request {request} is not a GenerateRequest: {e}"))
}

/// Compares one case with the current output; returns what differs.
fn check_case(id: &str, case: &Value) -> Vec<String> {
    let name = case.get("name").and_then(Value::as_str).unwrap_or("<unnamed>");
    let label = format!("{id}, case '{name}'");
    let Some(request) = case.get("request") else {
        return vec![format!("{label}: the case has no request")];
    };
    let request = match parse_request(request) {
        Ok(request) => request,
        Err(err) => return vec![format!("{label}: {err}")],
    };
    if request.source != id {
        return vec![format!("{label}: the request is for source '{}'", request.source)];
    }
    let actual = match raw_events(&request) {
        Ok(actual) => actual,
        Err(err) => return vec![format!("{label}: {err}")],
    };

    let mut failures = Vec::new();
    let expected_raw = case.get("raw").and_then(Value::as_array);
    let expected_sha = case.get("sha256").and_then(Value::as_str);
    if expected_raw.is_none() && expected_sha.is_none() {
        failures.push(format!("{label}: the case has neither \"raw\" nor \"sha256\""));
    }
    if let Some(expected) = expected_raw {
        if expected.len() != actual.len() {
            failures.push(format!("{label}: expected {} events, generated {}", expected.len(), actual.len()));
        }
        for (index, (expected, actual)) in expected.iter().zip(&actual).enumerate() {
            if expected.as_str() != Some(actual.as_str()) {
                failures.push(format!(
                    "{label}: event {index} differs\n  expected: {expected}\n  actual:   {actual:?}"
                ));
            }
        }
    }
    if let Some(expected) = expected_sha {
        let actual = sha256_hex(&actual);
        if !expected.eq_ignore_ascii_case(&actual) {
            failures.push(format!("{label}: SHA-256 of the events is {actual}, expected {expected}"));
        }
    }
    failures
}

/// Checks the golden file of `source`; returns what is wrong with it.
fn check(source: &dyn Source) -> Vec<String> {
    let meta = source.meta();
    let path = golden_path(meta.id);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return vec![format!(
            "{}: {} is missing; create it with `{}` and commit it",
            meta.id,
            path.display(),
            bless_command(meta.id)
        )];
    };
    let document: Value = match serde_json::from_str(&text) {
        Ok(document) => document,
        Err(err) => return vec![format!("{}: {} is not JSON: {err}", meta.id, path.display())],
    };
    if document.get("source").and_then(Value::as_str) != Some(meta.id) {
        return vec![format!("{}: {} does not name source '{}'", meta.id, path.display(), meta.id)];
    }
    let cases = document.get("cases").and_then(Value::as_array).cloned().unwrap_or_default();

    let mut failures = Vec::new();
    let names: Vec<&str> = cases.iter().filter_map(|case| case.get("name").and_then(Value::as_str)).collect();
    let wanted = meta.variants.iter().map(|v| v.name).chain([MIXED]);
    for name in wanted {
        if !names.contains(&name) {
            failures.push(format!(
                "{}: no golden case '{name}'; rewrite the file with `{}`",
                meta.id,
                bless_command(meta.id)
            ));
        }
    }
    for case in &cases {
        failures.extend(check_case(meta.id, case));
    }
    if !failures.is_empty() {
        failures.push(format!(
            "{}: if the change of output is intended, rewrite the file with `{}` and note it under \"Output changes\" in the CHANGELOG",
            meta.id,
            bless_command(meta.id)
        ));
    }
    failures
}

#[test]
fn golden_files_match_output() {
    let mut failures = Vec::new();
    for source in common::all_sources() {
        if blessed(source.meta().id) {
            if let Err(err) = bless(*source) {
                failures.push(format!("{}: {err}", source.meta().id));
            }
            continue;
        }
        failures.extend(check(*source));
    }
    assert!(failures.is_empty(), "golden vectors differ:\n{}", failures.join("\n"));
}

#[test]
fn golden_files_name_registered_sources() {
    let ids: Vec<&str> = common::all_sources().iter().map(|s| s.meta().id).collect();
    let Ok(entries) = std::fs::read_dir(golden_dir()) else {
        return assert!(ids.is_empty(), "{} is missing", golden_dir().display());
    };
    let mut strays = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if path.extension().is_some_and(|e| e == "json") && !ids.contains(&stem) {
            strays.push(display_name(&path));
        }
    }
    assert!(
        strays.is_empty(),
        "golden files without a registered source (delete or rename them): {strays:?}"
    );
}

fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn sha256_covers_each_newline() {
    // SHA-256 of "a\nb\n", so the digest of a stream matches `sha256sum` of the raw file.
    assert_eq!(
        sha256_hex(&["a".to_string(), "b".to_string()]),
        "911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2"
    );
}
