//! Helpers shared by the integration suites: paths next to the repository, the OCSF schema,
//! and generation shortcuts. Each suite compiles this module on its own, so a helper that one
//! suite does not use is not dead code.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use siemulator::generate::{GenerateRequest, Generator};
use siemulator::ocsf::validate::Schema;
use siemulator::sources::{self, Source};
use siemulator::Event;

/// Returns the repository root (the root package's manifest directory).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Returns the folder that contains the OCSF schema and the sample corpus: `SIEMULATOR_SHARED_DIR` when
/// set, else `../shared` next to the repository, else `../../shared` (for a git worktree kept
/// one level deeper than the main checkout).
pub fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SIEMULATOR_SHARED_DIR") {
        return PathBuf::from(dir);
    }
    let root = repo_root();
    let candidates = [root.join("..").join("shared"), root.join("..").join("..").join("shared")];
    candidates.iter().find(|dir| dir.is_dir()).unwrap_or(&candidates[0]).clone()
}

/// Path of the resolved OCSF 1.8.0 schema.
pub fn schema_path() -> PathBuf {
    shared_dir().join("ocsf").join("ocsf-1.8.0.json")
}

/// Returns the resolved OCSF schema, read once per test binary, or `None` when the file is absent.
///
/// # Panics
/// Panics when the file exists but is not a valid resolved schema.
pub fn schema() -> Option<&'static Schema> {
    static SCHEMA: OnceLock<Option<Schema>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let path = schema_path();
            let text = std::fs::read_to_string(&path).ok()?;
            match Schema::from_json(&text) {
                Ok(schema) => Some(schema),
                Err(err) => panic!("{} is not a usable OCSF schema: {err}", path.display()),
            }
        })
        .as_ref()
}

/// Returns every registered source.
pub fn all_sources() -> &'static [&'static dyn Source] {
    sources::all()
}

/// Generates `count` events of one variant (or of the weighted mix when `variant` is `None`).
///
/// # Panics
/// Panics when the source rejects the request.
pub fn generate(source: &str, variant: Option<&str>, count: u64, seed: u64) -> Vec<Event> {
    let request = GenerateRequest {
        variant: variant.map(str::to_string),
        seed,
        ..GenerateRequest::new(source, count)
    };
    match Generator::new(&request) {
        Ok(generator) => generator.collect(),
        Err(err) => panic!("{source}: cannot generate {request:?}: {err}"),
    }
}

/// Reads a case count from the environment variable `name`, or returns `default`.
pub fn cases_from_env(name: &str, default: u32) -> u32 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}
