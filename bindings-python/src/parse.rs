//! `parse()` and `parse_line()`: real or generated logs into OCSF records.

use std::borrow::Cow;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyDict, PyList, PyTuple};
use siemulator::parse::{parse_event, Parser, Record};
use siemulator::sources::{self, ParseOptions};
use siemulator::timestamp::{MAX_YEAR, MIN_YEAR};
use siemulator::Error;

use crate::conversion::{object_to_py, timestamp_from_py, type_name, utc_offset_from_py};
use crate::error::{invalid_argument, parse_error_object, Result};

/// Log text as `str` or `bytes`, borrowed from the Python object without a copy.
enum Text {
    Str(PyBackedStr),
    Bytes(PyBackedBytes),
}

impl Text {
    /// Reads argument `name`, which must be `str` or `bytes`.
    fn extract(name: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(text) = value.extract::<PyBackedStr>() {
            return Ok(Text::Str(text));
        }
        if let Ok(bytes) = value.extract::<PyBackedBytes>() {
            return Ok(Text::Bytes(bytes));
        }
        Err(PyTypeError::new_err(format!(
            "{name} must be str or bytes, not {}",
            type_name(value)
        )))
    }

    /// Returns the text as `str`, replacing invalid UTF-8 with U+FFFD as the parse engine does.
    fn to_str(&self) -> Cow<'_, str> {
        match self {
            Text::Str(text) => Cow::Borrowed(text),
            Text::Bytes(bytes) => String::from_utf8_lossy(bytes),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Text::Str(text) => text.as_bytes(),
            Text::Bytes(bytes) => bytes,
        }
    }
}

fn options(
    year: Option<i32>,
    include_raw: bool,
    received_time: Option<&Bound<'_, PyAny>>,
    utc_offset: Option<&Bound<'_, PyAny>>,
) -> Result<ParseOptions> {
    let defaults = ParseOptions::default();
    if let Some(year) = year.filter(|year| !(MIN_YEAR..=MAX_YEAR).contains(year)) {
        return Err(invalid_argument(
            "year",
            format!("{year} is outside {MIN_YEAR} to {MAX_YEAR}, the years a timestamp can hold"),
        ));
    }
    let received_time = match received_time {
        Some(value) if !value.is_none() => Some(timestamp_from_py("received_time", value)?),
        _ => None,
    };
    Ok(ParseOptions {
        year: year.unwrap_or(defaults.year),
        include_raw,
        received_time,
        utc_offset: utc_offset_from_py("utc_offset", utc_offset)?,
    })
}

fn records_to_py<'py>(py: Python<'py>, records: &[Record]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for record in records {
        list.append(object_to_py(py, &record.ocsf)?)?;
    }
    Ok(list)
}

/// Parse every event of `text` (lines, multi-line JSON documents, JSON envelopes, Windows
/// XML) into OCSF records.
///
/// With `errors="raise"` (the default) the first bad event raises `ParseError`, whose
/// `.line` is the 1-based line where that event starts. With `errors="collect"` every
/// event is read and the call returns `(records, errors)`, where `errors` is a list of
/// `ParseError` objects, one per bad event. `year` is the year for timestamps that carry
/// none (BSD syslog); `include_raw` copies each input event into the record's `raw_data`;
/// `received_time` (aware `datetime` or RFC 3339 text) is the time of events that carry no
/// timestamp, which are errors without it. `utc_offset` (a `timedelta`, int minutes east of
/// UTC, or text such as `'+02:00'`) is the zone of timestamps that name none, such as BSD
/// syslog and Cisco ASA times. The default reads them as UTC.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (source, text, *, errors = "raise".to_string(), year = None, include_raw = true, received_time = None, utc_offset = None))]
#[pyo3(text_signature = "(source, text, *, errors='raise', year=None, include_raw=True, received_time=None, utc_offset=None)")]
pub fn parse<'py>(
    py: Python<'py>,
    source: String,
    text: &Bound<'py, PyAny>,
    errors: String,
    year: Option<i32>,
    include_raw: bool,
    received_time: Option<Bound<'py, PyAny>>,
    utc_offset: Option<Bound<'py, PyAny>>,
) -> Result<Bound<'py, PyAny>> {
    let collect = match errors.as_str() {
        "raise" => false,
        "collect" => true,
        other => {
            return Err(invalid_argument(
                "errors",
                format!("unknown mode '{other}'; expected 'raise' or 'collect'"),
            ))
        }
    };
    let text = Text::extract("text", text)?;
    let source_id = sources::find(&source)?.meta().id;
    let options = options(year, include_raw, received_time.as_ref(), utc_offset.as_ref())?;

    let (records, failures) = py.detach(|| -> siemulator::Result<_> {
        let mut records = Vec::new();
        let mut failures = Vec::new();
        for outcome in Parser::new(source_id, text.as_bytes(), options)? {
            match outcome {
                Ok(record) => records.push(record),
                Err(error) if collect => failures.push(error),
                Err(error) => {
                    return Err(Error::Parse {
                        source_id: source_id.to_string(),
                        error,
                    })
                }
            }
        }
        Ok((records, failures))
    })?;

    let records = records_to_py(py, &records)?;
    if !collect {
        return Ok(records.into_any());
    }
    let errors = PyList::empty(py);
    for failure in failures {
        errors.append(parse_error_object(py, source_id, failure)?)?;
    }
    Ok(PyTuple::new(py, [records.into_any(), errors.into_any()])?.into_any())
}

/// Parse exactly one event and return its OCSF record.
///
/// `line` is `str` or UTF-8 `bytes`; as in `parse()`, invalid UTF-8 is replaced with
/// U+FFFD. Raises `ParseError` when `line` contains no event or a malformed one. The
/// keyword arguments are those of `parse()`.
#[pyfunction]
#[pyo3(signature = (source, line, *, year = None, include_raw = true, received_time = None, utc_offset = None))]
#[pyo3(text_signature = "(source, line, *, year=None, include_raw=True, received_time=None, utc_offset=None)")]
pub fn parse_line<'py>(
    py: Python<'py>,
    source: String,
    line: &Bound<'py, PyAny>,
    year: Option<i32>,
    include_raw: bool,
    received_time: Option<Bound<'py, PyAny>>,
    utc_offset: Option<Bound<'py, PyAny>>,
) -> Result<Bound<'py, PyDict>> {
    let line = Text::extract("line", line)?;
    let options = options(year, include_raw, received_time.as_ref(), utc_offset.as_ref())?;
    let record = py.detach(|| parse_event(&source, &line.to_str(), options))?;
    Ok(object_to_py(py, &record.ocsf)?)
}
