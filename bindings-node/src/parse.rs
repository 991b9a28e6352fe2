//! Reading logs into OCSF records: `parse` and `parseLine`.

use napi::bindgen_prelude::Either;
use napi::{Env, JsDate};
use napi_derive::napi;
use serde_json::{Map, Value};
use siemulator::parse::{parse_event, parse_str, Record};
use siemulator::sources::{self, ParseOptions};
use siemulator::Error;

use siemulator::timestamp::{parse_utc_offset, MAX_UTC_OFFSET_MINUTES, MAX_YEAR, MIN_YEAR};

use crate::error::{guard, invalid_argument};
use crate::generate::time_from_js;
use crate::json::map_with_js_numbers;

/// Options of `parse` and `parseLine`.
#[napi(object, js_name = "ParseOptions")]
pub struct ParseOptionsJs<'a> {
    /// Year for timestamps that carry none, such as BSD syslog (default 2026).
    pub year: Option<i32>,
    /// Copy each input event into the record's `raw_data` (default true).
    pub include_raw: Option<bool>,
    /// Drop events that cannot be read instead of throwing `parse_error` (default false).
    pub skip_invalid: Option<bool>,
    /// Time of events that carry no timestamp of their own, such as bare messages whose syslog
    /// header a collector removed; without it such events are errors.
    pub received_time: Option<Either<JsDate<'a>, String>>,
    /// UTC offset of timestamps that name no zone, such as BSD syslog and Cisco ASA times:
    /// minutes east of UTC, or text `Z`, `+HH:MM`, `-HH:MM` or `+HHMM` (default 0, UTC).
    pub utc_offset: Option<Either<f64, String>>,
}

/// One event read from the input.
#[napi(object)]
pub struct ParsedRecord {
    /// 1-based line where the event starts.
    pub line: i64,
    /// The variant the event matches, when the parser can tell.
    pub variant: Option<String>,
    /// The vendor fields, under the names the generator uses.
    pub fields: Map<String, Value>,
    /// The OCSF 1.8 record.
    pub ocsf: Map<String, Value>,
}

impl From<Record> for ParsedRecord {
    fn from(record: Record) -> Self {
        ParsedRecord {
            line: record.line as i64,
            variant: record.parsed.variant.map(str::to_string),
            fields: map_with_js_numbers(record.parsed.fields.into_json()),
            ocsf: map_with_js_numbers(record.ocsf.into_map()),
        }
    }
}

/// Converts the options; parse options the core adds later keep their defaults.
#[allow(clippy::needless_update)]
fn core_options(env: &Env, options: Option<ParseOptionsJs>) -> napi::Result<ParseOptions> {
    let defaults = ParseOptions::default();
    let Some(options) = options else {
        return Ok(defaults);
    };
    if let Some(year) = options.year.filter(|year| !(MIN_YEAR..=MAX_YEAR).contains(year)) {
        return Err(invalid_argument(
            env,
            "year",
            format!("{year} is outside {MIN_YEAR} to {MAX_YEAR}, the years a timestamp can hold"),
        ));
    }
    let received_time = match options.received_time {
        Some(value) => Some(time_from_js(env, "receivedTime", value)?),
        None => None,
    };
    let utc_offset = match options.utc_offset {
        Some(value) => utc_offset_from_js(env, value)?,
        None => defaults.utc_offset,
    };
    Ok(ParseOptions {
        year: options.year.unwrap_or(defaults.year),
        include_raw: options.include_raw.unwrap_or(defaults.include_raw),
        received_time,
        utc_offset,
        ..defaults
    })
}

/// Converts `utcOffset`, a whole number of minutes or offset text, into minutes east of UTC.
fn utc_offset_from_js(env: &Env, value: Either<f64, String>) -> napi::Result<i32> {
    let max = MAX_UTC_OFFSET_MINUTES;
    match value {
        Either::A(minutes) => {
            if minutes.fract() != 0.0 || !(-f64::from(max)..=f64::from(max)).contains(&minutes) {
                return Err(invalid_argument(
                    env,
                    "utcOffset",
                    format!("{minutes} is not a whole number of minutes from -{max} to {max}"),
                ));
            }
            Ok(minutes as i32)
        }
        Either::B(text) => parse_utc_offset(&text).map_err(|e| {
            invalid_argument(
                env,
                "utcOffset",
                format!(
                    "'{text}' is not a UTC offset (offset {}: {}); write Z, +HH:MM, -HH:MM or +HHMM such as +02:00",
                    e.offset, e.reason
                ),
            )
        }),
    }
}

/// Parses every event of `text` (lines, multi-line JSON or XML, JSON envelopes) as events of
/// `source`. Throws `parse_error` with `line` and `offset` at the first event that cannot be
/// read, unless `skipInvalid` is set.
#[napi(js_name = "parse")]
pub fn parse_text(env: &Env, source: String, text: String, options: Option<ParseOptionsJs>) -> napi::Result<Vec<ParsedRecord>> {
    let skip_invalid = options.as_ref().and_then(|o| o.skip_invalid).unwrap_or(false);
    let core = core_options(env, options)?;
    guard(env, || {
        let source_id = sources::find(&source)?.meta().id;
        let mut records = Vec::new();
        for outcome in parse_str(&source, &text, core)? {
            match outcome {
                Ok(record) => records.push(ParsedRecord::from(record)),
                Err(_) if skip_invalid => {}
                Err(error) => {
                    return Err(Error::Parse {
                        source_id: source_id.to_string(),
                        error,
                    })
                }
            }
        }
        Ok(records)
    })
}

/// Parses exactly one event; throws `parse_error` when `line` contains no event or a malformed one.
#[napi]
pub fn parse_line(env: &Env, source: String, line: String, options: Option<ParseOptionsJs>) -> napi::Result<ParsedRecord> {
    let core = core_options(env, options)?;
    guard(env, || parse_event(&source, &line, core).map(ParsedRecord::from))
}
