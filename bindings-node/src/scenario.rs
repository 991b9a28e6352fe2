//! Scenarios: the `Scenario` class, its description, event stream and file export.

use std::io::Read;
use std::path::Path;

use napi::bindgen_prelude::{AsyncTask, Either};
use napi::iterator::ScopedGenerator;
use napi::{Env, JsDate, JsValue, Task, Unknown, ValueType};
use napi_derive::napi;
use serde_json::{Map, Value};
use siemulator::clock::RateProfile;
use siemulator::export::OutputFormat;
use siemulator::scenario::{self, ScenarioEvents, SpecFormat};
use siemulator::timestamp::Timestamp;

use crate::error::{catch_panic, file_error, guard, guard_writing, invalid_argument, to_napi, Outcome};
use crate::event::Event;
use crate::export::{batch_size_from_js, format_from_js, write_file};
use crate::generate::{seed_from_js, time_from_js, Seed};
use crate::json::{map_with_js_numbers, to_js_numbers, MAX_SAFE_INTEGER};

/// Largest scenario file read, in bytes, as in the CLI and the Python binding. A document is
/// a few kilobytes, so the limit only stops a wrong path (a log file, a device) from being
/// read into memory.
const MAX_SCENARIO_FILE: u64 = 16 << 20;

/// Options of `Scenario.events`, `Scenario.write` and `Scenario.writeAsync`.
#[napi(object, object_to_js = false)]
pub struct ScenarioRunOptions<'a> {
    /// Run seed; the document's seed, else 0, when omitted.
    pub seed: Option<Seed>,
    /// First instant; the document's start, else 2026-01-05T09:00:00Z, when omitted.
    pub start: Option<Either<JsDate<'a>, String>>,
    /// Output format of `write`: `raw` (default), `ndjson`, `json`, `csv`, `hec`, `hec-raw`.
    pub format: Option<String>,
    /// Events per HEC `/raw` request body, for `format: 'hec-raw'` (default 100).
    pub batch_size: Option<f64>,
}

/// A converted run, ready to start on any thread.
struct Run {
    seed: Option<u64>,
    start: Option<Timestamp>,
    format: OutputFormat,
    batch_size: u64,
}

fn run_from_js(env: &Env, options: Option<ScenarioRunOptions>) -> napi::Result<Run> {
    let Some(options) = options else {
        return Ok(Run {
            seed: None,
            start: None,
            format: OutputFormat::Raw,
            batch_size: batch_size_from_js(env, None)?,
        });
    };
    let seed = match options.seed {
        Some(seed) => Some(seed_from_js(env, Some(seed))?),
        None => None,
    };
    let start = match options.start {
        Some(start) => Some(time_from_js(env, "start", start)?),
        None => None,
    };
    Ok(Run {
        seed,
        start,
        format: format_from_js(env, options.format.as_deref())?,
        batch_size: batch_size_from_js(env, options.batch_size)?,
    })
}

/// An actor with the values its `${name.field}` references expand to.
#[napi(object)]
pub struct ScenarioActor {
    /// The actor's name in the document.
    pub name: String,
    /// The actor's `type`, such as `world_user` or `external_ip`.
    #[napi(js_name = "type")]
    pub kind: String,
    /// Field names and values.
    pub fields: Map<String, Value>,
}

/// One attack step of a description.
#[napi(object)]
pub struct ScenarioStep {
    /// Canonical source id.
    pub source: String,
    /// Requested variant, when the step names one.
    pub variant: Option<String>,
    /// ATT&CK technique label of the step's events.
    pub technique: Option<String>,
    /// Start of the step window, RFC 3339 with nanoseconds.
    pub start: String,
    /// End of the step window, RFC 3339 with nanoseconds.
    pub end: String,
    /// Events of the step.
    pub events: i64,
}

/// One attack phase of a description.
#[napi(object)]
pub struct ScenarioPhase {
    /// Phase name.
    pub name: String,
    /// Description of the phase.
    pub description: String,
    /// ATT&CK tactic of the phase.
    pub tactic: Option<String>,
    /// ATT&CK techniques of the phase and its steps, in order of appearance.
    pub techniques: Vec<String>,
    /// Start of the earliest step window.
    pub start: String,
    /// End of the latest step window.
    pub end: String,
    /// Events of the phase.
    pub events: i64,
    /// The phase's steps.
    pub steps: Vec<ScenarioStep>,
}

/// One background source of a description.
#[napi(object)]
pub struct ScenarioBackground {
    /// Canonical source id.
    pub source: String,
    /// Average rate in events per second.
    pub rate: f64,
    /// Rate profile, as the `profile` option takes it.
    pub profile: ProfileData,
    /// Events over the scenario.
    pub events: i64,
}

/// A rate profile with its parameters.
#[napi(object)]
pub struct ProfileData {
    /// `constant`, `jittered`, `diurnal` or `bursts`.
    #[napi(js_name = "type")]
    pub kind: String,
    /// Length of one burst cycle in seconds, for `bursts`.
    pub period_secs: Option<i64>,
    /// Length of the burst in seconds, for `bursts`.
    pub burst_secs: Option<i64>,
    /// Rate during the burst as a multiple of the base rate, for `bursts`.
    pub multiplier: Option<u32>,
}

/// Event counts of one source in a description.
#[napi(object)]
pub struct ScenarioSourceCount {
    /// Canonical source id.
    pub source: String,
    /// Events of attack steps.
    pub attack_events: i64,
    /// Events of background traffic.
    pub background_events: i64,
    /// All events of the source.
    pub events: i64,
}

/// Summary of a scenario run for one seed, computed without generating events.
#[napi(object)]
pub struct ScenarioDescription {
    /// Scenario name.
    pub name: String,
    /// Description of the scenario.
    pub description: String,
    /// The seed the counts and actors are for, in decimal.
    pub seed: String,
    /// First instant, RFC 3339 with nanoseconds.
    pub start: String,
    /// End of the scenario (exclusive), RFC 3339 with nanoseconds.
    pub end: String,
    /// Length, such as `30m`.
    pub duration: String,
    /// Length in milliseconds.
    pub duration_ms: i64,
    /// Actors with their values.
    pub actors: Vec<ScenarioActor>,
    /// Attack phases in document order.
    pub phases: Vec<ScenarioPhase>,
    /// Background sources in document order.
    pub background: Vec<ScenarioBackground>,
    /// Event counts per source id, sorted by id.
    pub sources: Vec<ScenarioSourceCount>,
    /// Events of attack steps.
    pub attack_events: i64,
    /// Events of background sources.
    pub background_events: i64,
    /// All events.
    pub total_events: i64,
}

fn text(time: Timestamp) -> String {
    time.rfc3339(9)
}

fn profile_to_js(profile: &RateProfile) -> ProfileData {
    let named = |kind: &str| ProfileData {
        kind: kind.to_string(),
        period_secs: None,
        burst_secs: None,
        multiplier: None,
    };
    match profile {
        RateProfile::Constant => named("constant"),
        RateProfile::Jittered => named("jittered"),
        RateProfile::Diurnal => named("diurnal"),
        RateProfile::Bursts {
            period_secs,
            burst_secs,
            multiplier,
        } => ProfileData {
            kind: "bursts".to_string(),
            period_secs: Some(*period_secs as i64),
            burst_secs: Some(*burst_secs as i64),
            multiplier: Some(*multiplier),
        },
    }
}

fn description_to_js(description: scenario::Description) -> ScenarioDescription {
    ScenarioDescription {
        name: description.name,
        description: description.description,
        seed: description.seed.to_string(),
        start: text(description.start),
        end: text(description.end),
        duration: description.duration,
        duration_ms: description.duration_ms as i64,
        actors: description
            .actors
            .into_iter()
            .map(|actor| ScenarioActor {
                name: actor.name,
                kind: actor.kind.to_string(),
                fields: map_with_js_numbers(actor.fields),
            })
            .collect(),
        phases: description
            .phases
            .into_iter()
            .map(|phase| ScenarioPhase {
                name: phase.name,
                description: phase.description,
                tactic: phase.tactic,
                techniques: phase.techniques,
                start: text(phase.start),
                end: text(phase.end),
                events: phase.events as i64,
                steps: phase
                    .steps
                    .into_iter()
                    .map(|step| ScenarioStep {
                        source: step.source.to_string(),
                        variant: step.variant,
                        technique: step.technique,
                        start: text(step.start),
                        end: text(step.end),
                        events: step.events as i64,
                    })
                    .collect(),
            })
            .collect(),
        background: description
            .background
            .into_iter()
            .map(|background| ScenarioBackground {
                source: background.source.to_string(),
                rate: background.rate,
                profile: profile_to_js(&background.profile),
                events: background.events as i64,
            })
            .collect(),
        sources: description
            .sources
            .into_iter()
            .map(|count| ScenarioSourceCount {
                source: count.source.to_string(),
                attack_events: count.attack_events as i64,
                background_events: count.background_events as i64,
                events: count.events as i64,
            })
            .collect(),
        attack_events: description.attack_events as i64,
        background_events: description.background_events as i64,
        total_events: description.total_events as i64,
    }
}

/// Returns the `typeof` name of a JavaScript value, with `null` for null.
fn js_type_name(value: &Unknown) -> napi::Result<&'static str> {
    Ok(match value.get_type()? {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "boolean",
        ValueType::Number => "number",
        ValueType::String => "string",
        ValueType::Symbol => "symbol",
        ValueType::Function => "function",
        ValueType::BigInt => "bigint",
        _ => "object",
    })
}

fn is_absent(value: &Unknown) -> napi::Result<bool> {
    Ok(matches!(value.get_type()?, ValueType::Undefined | ValueType::Null))
}

/// Reads a string argument of a static method. The JavaScript wrapper checks the arguments of
/// the other functions, but napi-rs defines static methods read-only, so they check here.
fn string_argument(env: &Env, name: &str, value: &Unknown) -> napi::Result<String> {
    let type_name = js_type_name(value)?;
    if type_name != "string" {
        return Err(invalid_argument(env, name, format!("must be a string, got {type_name}")));
    }
    // SAFETY: the value is a string.
    unsafe { value.cast() }
}

fn spec_format_from_js(env: &Env, format: Option<&str>) -> napi::Result<Option<SpecFormat>> {
    match format.map(|f| f.to_ascii_lowercase()) {
        None => Ok(None),
        Some(name) => match name.as_str() {
            "json" => Ok(Some(SpecFormat::Json)),
            "yaml" | "yml" => Ok(Some(SpecFormat::Yaml)),
            "toml" => Ok(Some(SpecFormat::Toml)),
            _ => Err(invalid_argument(
                env,
                "format",
                format!("unknown scenario format '{name}'; expected json, yaml or toml"),
            )),
        },
    }
}

/// A validated scenario document: background sources and attack phases over one world.
#[napi]
pub struct Scenario {
    inner: scenario::Scenario,
}

#[napi]
impl Scenario {
    /// Loads a built-in scenario by name; throws `invalid_argument` listing the names.
    #[napi(factory, ts_args_type = "name: string")]
    pub fn builtin(env: &Env, name: Unknown) -> napi::Result<Self> {
        let name = string_argument(env, "name", &name)?;
        guard(env, || scenario::Scenario::builtin(&name)).map(|inner| Scenario { inner })
    }

    /// Returns the names of the built-in scenarios.
    #[napi]
    pub fn builtin_names() -> Vec<&'static str> {
        scenario::Scenario::builtin_names().to_vec()
    }

    /// Returns the YAML document of a built-in scenario, as a starting point for a copy.
    #[napi(ts_args_type = "name: string")]
    pub fn builtin_text(env: &Env, name: Unknown) -> napi::Result<&'static str> {
        let name = string_argument(env, "name", &name)?;
        guard(env, || scenario::Scenario::builtin_text(&name))
    }

    /// Reads a document file. The extensions `.json`, `.yaml`, `.yml` and `.toml` choose the
    /// language. A file with another name is read as JSON when its text starts with `{`, else
    /// as YAML. Files over 16 MiB throw `input_too_large`.
    #[napi(factory, ts_args_type = "path: string")]
    pub fn from_file(env: &Env, path: Unknown) -> napi::Result<Self> {
        let path = string_argument(env, "path", &path)?;
        let mut bytes = Vec::new();
        // Reading one byte past the limit distinguishes a file at the limit from a larger one
        // without reading a large file whole.
        std::fs::File::open(Path::new(&path))
            .and_then(|file| file.take(MAX_SCENARIO_FILE + 1).read_to_end(&mut bytes))
            .map_err(|err| file_error(env, "read", &path, &err))?;
        if bytes.len() as u64 > MAX_SCENARIO_FILE {
            return Err(to_napi(
                env,
                siemulator::Error::InputTooLarge {
                    what: "scenario file",
                    size: bytes.len(),
                    limit: MAX_SCENARIO_FILE as usize,
                },
            ));
        }
        let text = String::from_utf8(bytes).map_err(|err| {
            let err = std::io::Error::new(std::io::ErrorKind::InvalidData, err.utf8_error());
            file_error(env, "read", &path, &err)
        })?;
        guard(env, || scenario::Scenario::from_text_guess(&path, &text)).map(|inner| Scenario { inner })
    }

    /// Reads a document given as text in `format` (`json`, `yaml` or `toml`); without
    /// `format`, text starting with `{` is JSON and any other text YAML.
    #[napi(factory, ts_args_type = "text: string, format?: string | undefined | null")]
    pub fn from_text(env: &Env, text: Unknown, format: Option<Unknown>) -> napi::Result<Self> {
        let text = string_argument(env, "text", &text)?;
        let format = match format {
            Some(format) if !is_absent(&format)? => Some(string_argument(env, "format", &format)?),
            _ => None,
        };
        let format = spec_format_from_js(env, format.as_deref())?;
        guard(env, || match format {
            Some(format) => scenario::Scenario::from_str(&text, format),
            None => scenario::Scenario::from_text_guess("", &text),
        })
        .map(|inner| Scenario { inner })
    }

    /// Validates a document given as an object with the keys of the YAML form. The seed may
    /// be decimal text, as `toJSON` returns a seed above 2^53 - 1.
    #[napi(factory, ts_args_type = "document: object")]
    pub fn from_object(env: &Env, document: Unknown) -> napi::Result<Self> {
        let type_name = js_type_name(&document)?;
        if type_name != "object" || document.is_array()? {
            let got = if type_name == "object" { "an array" } else { type_name };
            return Err(invalid_argument(env, "document", format!("must be an object, got {got}")));
        }
        // SAFETY: `document` is an object, which converts to a JSON value.
        let mut document: Value = unsafe { document.cast() }?;
        if let Some(seed) = document.get_mut("seed") {
            if let Some(number) = seed.as_str().and_then(|text| text.parse::<u64>().ok()) {
                *seed = Value::from(number);
            }
        }
        guard(env, || scenario::Scenario::from_value(document)).map(|inner| Scenario { inner })
    }

    /// Scenario name.
    #[napi(getter)]
    pub fn name(&self) -> String {
        self.inner.name().to_string()
    }

    /// Summarises a run with `seed` (the document's seed, else 0, when omitted): timing,
    /// actors, phases and exact event counts, without generating events.
    #[napi]
    pub fn describe(&self, env: &Env, seed: Option<Seed>) -> napi::Result<ScenarioDescription> {
        let seed = match seed {
            Some(seed) => Some(seed_from_js(env, Some(seed))?),
            None => None,
        };
        guard(env, || self.inner.describe(seed)).map(description_to_js)
    }

    /// Starts a run: a lazy stream of the events of every source merged in time order.
    #[napi]
    pub fn events(&self, env: &Env, options: Option<ScenarioRunOptions>) -> napi::Result<ScenarioEventStream> {
        let run = run_from_js(env, options)?;
        let events = guard(env, || self.inner.events(run.seed, run.start))?;
        Ok(ScenarioEventStream { events })
    }

    /// Writes a whole run to a new file at `path` in the `format` option's layout and returns
    /// the number of events written.
    #[napi]
    pub fn write(&self, env: &Env, path: String, options: Option<ScenarioRunOptions>) -> napi::Result<i64> {
        let job = ScenarioWrite {
            scenario: self.inner.clone(),
            run: run_from_js(env, options)?,
            path,
        };
        let count = guard_writing(env, &job.path, || job.run())?;
        Ok(count as i64)
    }

    /// Same as `write`, computed off the JavaScript thread.
    #[napi(ts_return_type = "Promise<number>")]
    pub fn write_async(&self, env: &Env, path: String, options: Option<ScenarioRunOptions>) -> napi::Result<AsyncTask<ScenarioWriteTask>> {
        let job = ScenarioWrite {
            scenario: self.inner.clone(),
            run: run_from_js(env, options)?,
            path,
        };
        Ok(AsyncTask::new(ScenarioWriteTask { job }))
    }

    /// Returns the document as an object with the keys of the YAML form. A seed above
    /// 2^53 - 1 is decimal text, because a JavaScript number would round it.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> napi::Result<Value> {
        let mut document = serde_json::to_value(self.inner.spec()).map_err(napi::Error::from)?;
        if let Some(seed) = document.get_mut("seed") {
            if let Some(big) = seed.as_u64().filter(|seed| *seed > MAX_SAFE_INTEGER) {
                *seed = Value::String(big.to_string());
            }
        }
        to_js_numbers(&mut document);
        Ok(document)
    }
}

/// A converted scenario export.
pub struct ScenarioWrite {
    scenario: scenario::Scenario,
    run: Run,
    path: String,
}

impl ScenarioWrite {
    fn run(&self) -> siemulator::Result<u64> {
        let events = self.scenario.events(self.run.seed, self.run.start)?;
        write_file(Path::new(&self.path), self.run.format, self.run.batch_size, events)
    }
}

/// Scenario export done on a libuv worker thread.
pub struct ScenarioWriteTask {
    job: ScenarioWrite,
}

impl Task for ScenarioWriteTask {
    type Output = Outcome<u64>;
    type JsValue = i64;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(catch_panic(|| self.job.run()))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        let count = output.into_napi_writing(&env, &self.job.path)?;
        Ok(count as i64)
    }
}

/// The events of one scenario run, in time order; iterable and async iterable.
#[napi(iterator)]
pub struct ScenarioEventStream {
    events: ScenarioEvents,
}

impl<'env> ScopedGenerator<'env> for ScenarioEventStream {
    type Yield = Event;
    type Next = ();
    type Return = ();

    fn next(&mut self, env: &'env Env, _value: Option<()>) -> Option<Event> {
        // A panic ends the stream and throws, instead of unwinding into Node.
        match guard(env, || Ok(self.events.next())) {
            Ok(event) => event.map(Event::from),
            Err(err) => {
                let _ = env.throw(err);
                None
            }
        }
    }
}

#[napi]
impl ScenarioEventStream {
    /// Number of events of the whole run.
    #[napi(getter)]
    pub fn total(&self) -> i64 {
        self.events.total() as i64
    }

    /// Number of events returned so far.
    #[napi(getter)]
    pub fn emitted(&self) -> i64 {
        self.events.emitted() as i64
    }
}
