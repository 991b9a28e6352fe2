//! Generation: `generate`, `generateAsync` and the lazy `stream`.
//!
//! Each function converts the JavaScript options into a core `GenerateRequest`, runs the core
//! `Generator`, and converts the events back. `generateAsync` runs the generator on a libuv
//! worker thread (a napi `AsyncTask`), so the JavaScript thread stays free.

use std::sync::Arc;

use napi::bindgen_prelude::{AsyncTask, BigInt, ClassInstance, Either};
use napi::iterator::ScopedGenerator;
use napi::{Env, JsDate, Task};
use napi_derive::napi;
use serde_json::Value;
use siemulator::clock::RateProfile;
use siemulator::export::{OutputFormat, DEFAULT_BATCH_SIZE};
use siemulator::generate::{default_start, GenerateRequest, Generator};
use siemulator::timestamp::{parse_rfc3339, Timestamp, MAX_YEAR, MIN_YEAR};

use crate::error::{catch_panic, guard, invalid_argument, Outcome};
use crate::event::Event;
use crate::export::{batch_size_from_js, format_from_js, render_event};
use crate::world::{World, WorldOptions};

/// A 64-bit seed: a non-negative safe integer number or a `BigInt` below 2^64.
pub type Seed = Either<f64, BigInt>;

/// A count or offset: a non-negative safe integer number or a `BigInt` below 2^64.
pub type Count = Either<f64, BigInt>;

/// Largest integer that a JavaScript number represents exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Largest length of a JavaScript array (2^32 - 1), the limit of `generate`'s result.
const MAX_ARRAY_LENGTH: u64 = u32::MAX as u64;

/// Options of `generate`, `generateAsync`, `stream` and `write`.
#[napi(object, object_to_js = false)]
pub struct GenerateOptions<'a> {
    /// Number of events. When omitted, a run with `end` takes every event before `end`, and
    /// otherwise `stream` never ends while the other functions produce 10 events.
    pub count: Option<Count>,
    /// Index of the first event, for producing a slice of a longer run.
    pub offset: Option<Count>,
    /// Run seed (default 0).
    pub seed: Option<Seed>,
    /// First instant, as a `Date` or RFC 3339 text (default 2026-01-05T09:00:00Z).
    pub start: Option<Either<JsDate<'a>, String>>,
    /// Stop before this instant.
    pub end: Option<Either<JsDate<'a>, String>>,
    /// Average rate in events per second (default 10).
    pub rate: Option<f64>,
    /// Rate profile: a name (`constant`, `jittered`, `diurnal`, `bursts`) or an object.
    pub profile: Option<Either<String, ProfileOptions>>,
    /// Variant name; omitted draws variants by weight.
    pub variant: Option<String>,
    /// Field overrides: an object `{ field: value }` or an array of `[field, value]` pairs.
    pub overrides: Option<Value>,
    /// A `World` built beforehand, or options for the world built from the seed.
    pub world: Option<Either<ClassInstance<'a, World>, WorldOptions>>,
    /// Output format of each event: `raw` (default), `ndjson`, `json`, `csv`, `hec`, `hec-raw`.
    pub format: Option<String>,
    /// Events per HEC `/raw` request body, for `write` with `format: 'hec-raw'` (default 100).
    pub batch_size: Option<f64>,
}

/// A rate profile with its parameters, the object form of the `profile` option.
#[napi(object)]
pub struct ProfileOptions {
    /// `constant`, `jittered`, `diurnal` or `bursts`.
    #[napi(js_name = "type")]
    pub kind: String,
    /// Length of one burst cycle in seconds (default 900).
    pub period_secs: Option<f64>,
    /// Length of the burst at the start of each cycle in seconds (default 60).
    pub burst_secs: Option<f64>,
    /// Rate during the burst as a multiple of the base rate (default 10).
    pub multiplier: Option<f64>,
}

/// Largest burst period, burst length and multiplier. A period of 2^32 - 1 seconds (136
/// years) still fits the clock's signed 64-bit nanoseconds.
const MAX_PROFILE_PARAMETER: f64 = u32::MAX as f64;

/// Converts a bursts parameter, which must be a whole number from 1 to 2^32 - 1.
fn profile_parameter(env: &Env, name: &str, unit: &str, value: Option<f64>) -> napi::Result<Option<u32>> {
    match value {
        None => Ok(None),
        Some(number) if number.fract() == 0.0 && (1.0..=MAX_PROFILE_PARAMETER).contains(&number) => Ok(Some(number as u32)),
        Some(number) => Err(invalid_argument(
            env,
            &format!("profile.{name}"),
            format!("{number} is not a whole number of {unit} from 1 to 4294967295"),
        )),
    }
}

/// Reads a rate profile name, spelled as the CLI's `--profile` takes it.
fn profile_by_name(env: &Env, name: &str) -> napi::Result<RateProfile> {
    if !PROFILE_NAMES.contains(&name) {
        return Err(invalid_argument(
            env,
            "profile",
            format!("unknown rate profile '{name}'; expected one of {}", PROFILE_NAMES.join(", ")),
        ));
    }
    guard(env, || RateProfile::from_name(name))
}

/// Rate profile names, as the CLI's `--profile` takes them.
const PROFILE_NAMES: [&str; 4] = ["constant", "jittered", "diurnal", "bursts"];

/// Converts the `profile` option; parameters apply to `bursts` only.
fn profile_from_js(env: &Env, profile: Either<String, ProfileOptions>) -> napi::Result<RateProfile> {
    let options = match profile {
        Either::A(name) => return profile_by_name(env, &name),
        Either::B(options) => options,
    };
    let profile = profile_by_name(env, &options.kind)?;
    let period = profile_parameter(env, "periodSecs", "seconds", options.period_secs)?;
    let burst = profile_parameter(env, "burstSecs", "seconds", options.burst_secs)?;
    let times = profile_parameter(env, "multiplier", "times the base rate", options.multiplier)?;
    match profile {
        RateProfile::Bursts {
            period_secs,
            burst_secs,
            multiplier,
        } => Ok(RateProfile::Bursts {
            period_secs: period.map_or(period_secs, u64::from),
            burst_secs: burst.map_or(burst_secs, u64::from),
            multiplier: times.unwrap_or(multiplier),
        }),
        _ if options.period_secs.is_some() || options.burst_secs.is_some() || options.multiplier.is_some() => Err(invalid_argument(
            env,
            "profile",
            format!(
                "periodSecs, burstSecs and multiplier apply to the bursts profile only, not to '{}'",
                options.kind
            ),
        )),
        other => Ok(other),
    }
}

/// A converted request, ready to run on any thread.
pub struct Prepared {
    /// The core request.
    pub request: GenerateRequest,
    /// A world shared from a `World` instance; `None` builds one from the seed.
    pub world: Option<Arc<siemulator::world::World>>,
    /// Output format.
    pub format: OutputFormat,
    /// Events per HEC `/raw` body.
    pub batch_size: u64,
}

impl Prepared {
    /// Starts the core generator.
    pub fn generator(&self) -> siemulator::Result<Generator> {
        match &self.world {
            Some(world) => Generator::with_world(&self.request, Arc::clone(world)),
            None => Generator::new(&self.request),
        }
    }
}

/// Converts a seed argument; `None` is seed 0.
pub fn seed_from_js(env: &Env, seed: Option<Seed>) -> napi::Result<u64> {
    match seed {
        None => Ok(0),
        Some(seed) => u64_from_js(env, "seed", seed),
    }
}

/// Converts a non-negative integer given as a number or a `BigInt` (seed, count, offset).
fn u64_from_js(env: &Env, name: &str, value: Either<f64, BigInt>) -> napi::Result<u64> {
    match value {
        Either::A(number) => safe_integer(env, name, number),
        Either::B(big) => {
            let (negative, value, lossless) = big.get_u64();
            if negative || !lossless {
                return Err(invalid_argument(
                    env,
                    name,
                    format!("a BigInt {name} must be between 0n and 2n ** 64n - 1n"),
                ));
            }
            Ok(value)
        }
    }
}

/// Converts a number that must be a non-negative safe integer.
fn safe_integer(env: &Env, name: &str, number: f64) -> napi::Result<u64> {
    if number > MAX_SAFE_INTEGER && number.fract() == 0.0 {
        return Err(invalid_argument(
            env,
            name,
            format!("{number} is above 2^53 - 1, the largest exact number; pass a BigInt for larger values"),
        ));
    }
    if number.fract() != 0.0 || !(0.0..=MAX_SAFE_INTEGER).contains(&number) {
        return Err(invalid_argument(
            env,
            name,
            format!("{number} is not an integer between 0 and 2^53 - 1"),
        ));
    }
    Ok(number as u64)
}

/// Converts a `Date` or RFC 3339 text to a core timestamp.
pub fn time_from_js(env: &Env, name: &str, value: Either<JsDate, String>) -> napi::Result<Timestamp> {
    match value {
        Either::A(date) => {
            let millis = date.value_of()?;
            if !millis.is_finite() {
                return Err(invalid_argument(env, name, "the Date is invalid"));
            }
            let time = Timestamp::from_millis(millis as i64);
            let year = time.civil().year;
            if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
                return Err(invalid_argument(
                    env,
                    name,
                    format!("the year {year} is outside {MIN_YEAR} to {MAX_YEAR}, the years a timestamp can hold"),
                ));
            }
            Ok(time)
        }
        Either::B(text) => parse_rfc3339(&text).map_err(|e| {
            invalid_argument(
                env,
                name,
                format!(
                    "'{text}' is not RFC 3339 (offset {}: {}); write it like 2026-01-05T09:00:00Z",
                    e.offset, e.reason
                ),
            )
        }),
    }
}

/// Rejects an `end` that is not after `start` (or the default start), as the CLI does.
fn check_window(env: &Env, start: Option<Timestamp>, end: Option<Timestamp>) -> napi::Result<()> {
    let Some(end) = end else {
        return Ok(());
    };
    let named = if start.is_some() { "start" } else { "the default start" };
    let start = start.unwrap_or_else(default_start);
    if end <= start {
        return Err(invalid_argument(
            env,
            "end",
            format!(
                "{} is not after {named} {}; give an end later than the start",
                end.rfc3339(3),
                start.rfc3339(3)
            ),
        ));
    }
    Ok(())
}

/// Converts overrides given as `{ field: value }` or `[[field, value], ...]`, keeping order.
fn overrides_from_js(env: &Env, value: Value) -> napi::Result<Vec<(String, String)>> {
    let text = |field: &str, value: Value| match value {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(invalid_argument(
            env,
            "overrides",
            format!("the value of '{field}' is {other}; give a string, number or boolean"),
        )),
    };
    match value {
        Value::Object(map) => map
            .into_iter()
            .map(|(field, value)| Ok((field.clone(), text(&field, value)?)))
            .collect(),
        Value::Array(pairs) => pairs
            .into_iter()
            .map(|pair| match pair {
                Value::Array(mut items) if items.len() == 2 => {
                    let value = items.pop().unwrap_or(Value::Null);
                    match items.pop() {
                        Some(Value::String(field)) => Ok((field.clone(), text(&field, value)?)),
                        _ => Err(invalid_argument(
                            env,
                            "overrides",
                            "each pair must start with the field name as a string",
                        )),
                    }
                }
                other => Err(invalid_argument(env, "overrides", format!("{other} is not a [field, value] pair"))),
            })
            .collect(),
        other => Err(invalid_argument(
            env,
            "overrides",
            format!("{other} is neither an object nor an array of [field, value] pairs"),
        )),
    }
}

/// Converts `source` and the options into a request. An omitted `count` means no limit when
/// `end` is set (as the CLI reads it) or `endless` is (for `stream`), and otherwise the core
/// default of 10 events.
pub fn prepare(env: &Env, source: String, options: Option<GenerateOptions>, endless: bool) -> napi::Result<Prepared> {
    let mut request = GenerateRequest {
        source,
        ..GenerateRequest::default()
    };
    if endless {
        request.count = None;
    }
    let Some(options) = options else {
        return Ok(Prepared {
            request,
            world: None,
            format: OutputFormat::Raw,
            batch_size: DEFAULT_BATCH_SIZE,
        });
    };

    let count_given = options.count.is_some();
    if let Some(count) = options.count {
        request.count = Some(u64_from_js(env, "count", count)?);
    }
    if let Some(offset) = options.offset {
        request.offset = u64_from_js(env, "offset", offset)?;
    }
    request.seed = seed_from_js(env, options.seed)?;
    if let Some(start) = options.start {
        request.start = Some(time_from_js(env, "start", start)?);
    }
    if let Some(end) = options.end {
        request.end = Some(time_from_js(env, "end", end)?);
        if !count_given {
            request.count = None;
        }
    }
    check_window(env, request.start, request.end)?;
    request.rate = options.rate;
    if let Some(profile) = options.profile {
        request.profile = profile_from_js(env, profile)?;
    }
    request.variant = options.variant;
    if let Some(overrides) = options.overrides {
        request.overrides = overrides_from_js(env, overrides)?;
    }

    let world = match options.world {
        Some(Either::A(world)) => Some(Arc::clone(&world.inner)),
        Some(Either::B(config)) => {
            request.world = config.to_config(env)?;
            None
        }
        None => None,
    };
    Ok(Prepared {
        request,
        world,
        format: format_from_js(env, options.format.as_deref())?,
        batch_size: batch_size_from_js(env, options.batch_size)?,
    })
}

/// Produces the text of every event of a request in the requested format.
fn rendered_events(prepared: &Prepared) -> siemulator::Result<Vec<String>> {
    if let Some(count) = prepared.request.count.filter(|count| *count > MAX_ARRAY_LENGTH) {
        return Err(siemulator::Error::invalid_argument(
            "count",
            format!("{count} events exceed the maximum JavaScript array length of {MAX_ARRAY_LENGTH}; use stream() or write() for more"),
        ));
    }
    let mut generator = prepared.generator()?;
    let mut events = Vec::with_capacity(generator.remaining().unwrap_or(0).min(1 << 20) as usize);
    if prepared.format == OutputFormat::Raw {
        // The raw text needs no `Event`, so the allocation-free path serves it.
        let mut raw = String::new();
        while generator.next_raw(&mut raw).is_some() {
            events.push(raw.clone());
        }
    } else {
        events.extend(generator.map(|event| render_event(prepared.format, &event)));
    }
    Ok(events)
}

/// Generates events of `source` and returns one string per event: the raw text, or the event
/// in the `format` option's layout without line end (file framing such as the CSV header is
/// what `write` adds).
#[napi(ts_return_type = "string[]")]
pub fn generate(env: &Env, source: String, options: Option<GenerateOptions>) -> napi::Result<Vec<String>> {
    let prepared = prepare(env, source, options, false)?;
    guard(env, || rendered_events(&prepared))
}

/// Generation work done on a libuv worker thread.
pub struct GenerateTask {
    prepared: Prepared,
}

impl Task for GenerateTask {
    type Output = Outcome<Vec<String>>;
    type JsValue = Vec<String>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(catch_panic(|| rendered_events(&self.prepared)))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        output.into_napi(&env)
    }
}

/// Same as `generate`, computed off the JavaScript thread; the promise rejects with the same
/// errors `generate` throws.
#[napi(ts_return_type = "Promise<string[]>")]
pub fn generate_async(env: &Env, source: String, options: Option<GenerateOptions>) -> napi::Result<AsyncTask<GenerateTask>> {
    let prepared = prepare(env, source, options, false)?;
    Ok(AsyncTask::new(GenerateTask { prepared }))
}

/// A lazy stream of events: each `next()` generates one event.
#[napi(iterator)]
pub struct EventStream {
    generator: Generator,
    /// Set once the stream ended: the generator ran out, threw, or `return()` closed it.
    finished: bool,
}

impl<'env> ScopedGenerator<'env> for EventStream {
    type Yield = Event;
    type Next = ();
    type Return = ();

    fn next(&mut self, env: &'env Env, _value: Option<()>) -> Option<Event> {
        if self.finished {
            return None;
        }
        // A panic ends the stream and throws, instead of unwinding into Node.
        let next = guard(env, || Ok(self.generator.next()));
        match next {
            Ok(Some(event)) => Some(Event::from(event)),
            Ok(None) => {
                self.finished = true;
                None
            }
            Err(err) => {
                self.finished = true;
                let _ = env.throw(err);
                None
            }
        }
    }

    fn complete(&mut self, _value: Option<()>) -> Option<Event> {
        self.finished = true;
        None
    }
}

#[napi]
impl EventStream {
    /// Number of events left: 0 once the stream has ended, else `null` for an endless stream.
    #[napi(getter)]
    pub fn remaining(&self) -> Option<i64> {
        if self.finished {
            return Some(0);
        }
        self.generator.remaining().map(|n| n.min(i64::MAX as u64) as i64)
    }
}

/// Returns a lazy stream of events of `source`; without `count` it never ends.
#[napi]
pub fn stream(env: &Env, source: String, options: Option<GenerateOptions>) -> napi::Result<EventStream> {
    let prepared = prepare(env, source, options, true)?;
    let generator = guard(env, || prepared.generator())?;
    Ok(EventStream {
        generator,
        finished: false,
    })
}
