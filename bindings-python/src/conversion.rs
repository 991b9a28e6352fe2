//! Conversions between Python objects and the core's values: JSON values, OCSF records,
//! instants, and string maps. Every other binding file converts through these functions.

use std::fmt::Display;

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};
use siemulator::ocsf::{Node, Object};
use siemulator::timestamp::{parse_rfc3339, parse_utc_offset, Timestamp, MAX_UTC_OFFSET_MINUTES, MAX_YEAR, MIN_YEAR};

use crate::error::{invalid_argument, Result};

/// Maximum nesting of containers converted from Python, so a self-referencing list fails
/// with an error instead of overflowing the stack.
const MAX_DEPTH: usize = 128;

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn datetime_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATETIME.import(py, "datetime", "datetime")
}

fn timedelta_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    TIMEDELTA.import(py, "datetime", "timedelta")
}

fn utc(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    UTC.import(py, "datetime", "UTC").or_else(|_| {
        // `datetime.UTC` exists from Python 3.11; `timezone.utc` is the same object.
        let utc = py.import("datetime")?.getattr("timezone")?.getattr("utc")?;
        Ok(UTC.get_or_init(py, || utc.unbind()).bind(py))
    })
}

/// Converts a JSON value into the equivalent Python object (dicts keep their key order).
pub fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => number_to_py(py, number)?,
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => map_to_py(py, map)?.into_any(),
    })
}

/// Converts a number into a Python int, or a float when it is not an integer.
fn number_to_py<'py>(py: Python<'py>, number: &Number) -> PyResult<Bound<'py, PyAny>> {
    Ok(if let Some(int) = number.as_i64() {
        int.into_pyobject(py)?.into_any()
    } else if let Some(int) = number.as_u64() {
        int.into_pyobject(py)?.into_any()
    } else {
        number.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
    })
}

/// Converts an OCSF record or one of its objects into a Python dict, in the same order.
pub fn object_to_py<'py>(py: Python<'py>, object: &Object) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in object.iter() {
        dict.set_item(key, node_to_py(py, value)?)?;
    }
    Ok(dict)
}

/// Converts the value of an OCSF attribute into the equivalent Python object.
fn node_to_py<'py>(py: Python<'py>, node: &Node) -> PyResult<Bound<'py, PyAny>> {
    Ok(match node {
        Node::Null => py.None().into_bound(py),
        Node::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Node::Number(number) => number_to_py(py, number)?,
        Node::String(text) => PyString::new(py, text).into_any(),
        Node::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(node_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Node::Object(object) => object_to_py(py, object)?.into_any(),
    })
}

/// Converts a JSON object into a Python dict.
pub fn map_to_py<'py>(py: Python<'py>, map: &Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in map {
        dict.set_item(key, json_to_py(py, value)?)?;
    }
    Ok(dict)
}

/// Converts a Python object made of dicts, lists, tuples, strings, numbers, booleans and None
/// into a JSON value.
///
/// # Errors
/// Raises `TypeError` for any other type, or for a dict key that is not a string.
pub fn py_to_json(object: &Bound<'_, PyAny>) -> PyResult<Value> {
    py_to_json_at(object, 0)
}

fn py_to_json_at(object: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyTypeError::new_err(format!("value nests deeper than {MAX_DEPTH} levels")));
    }
    if object.is_none() {
        return Ok(Value::Null);
    }
    // `bool` is a subclass of `int`, so it is tested first.
    if let Ok(flag) = object.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if object.is_instance_of::<PyInt>() {
        if let Ok(int) = object.extract::<i64>() {
            return Ok(Value::from(int));
        }
        return Ok(Value::from(object.extract::<u64>()?));
    }
    if let Ok(float) = object.cast::<PyFloat>() {
        let value = float.value();
        return Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| PyTypeError::new_err(format!("{value} has no JSON representation")));
    }
    if let Ok(text) = object.cast::<PyString>() {
        return Ok(Value::String(text.to_cow()?.into_owned()));
    }
    if let Ok(dict) = object.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, value) in dict.iter() {
            let key = key
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err(format!("dict keys must be str, not {}", type_name(&key))))?;
            map.insert(key.to_cow()?.into_owned(), py_to_json_at(&value, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if object.is_instance_of::<PyList>() || object.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for item in object.try_iter()? {
            items.push(py_to_json_at(&item?, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    Err(PyTypeError::new_err(format!(
        "expected dict, list, str, int, float, bool or None, not {}",
        type_name(object)
    )))
}

/// Reads a whole-number argument within `min..=max`.
///
/// Accepts what `operator.index` accepts: int, its subclasses (bool too) and objects with
/// `__index__`. A value of another type stays a `TypeError`. A whole number outside the
/// range, negative ones included, is an `InvalidArgumentError` naming the argument, where the
/// plain conversion to an unsigned type raises `OverflowError` without a name.
pub fn whole_number<T>(name: &str, object: &Bound<'_, PyAny>, min: T, max: T) -> PyResult<T>
where
    T: Copy + PartialOrd + Display + TryFrom<i128>,
{
    let out_of_range = |shown: String| PyErr::from(invalid_argument(name, format!("{shown} is out of range; give {min} to {max}")));
    // The 128-bit conversion shifts the object itself, which only an int supports. Objects with
    // `__index__` (numpy integers) become an int first, as the plain unsigned conversion does.
    let index;
    let object = if object.is_instance_of::<PyInt>() {
        object
    } else {
        index = object.py().import("operator")?.getattr("index")?.call1((object,))?;
        &index
    };
    let value: i128 = match object.extract() {
        Ok(value) => value,
        Err(err) if err.is_instance_of::<PyOverflowError>(object.py()) => {
            return Err(out_of_range(
                object.str().map_or_else(|_| "the number".to_string(), |text| text.to_string()),
            ));
        }
        Err(err) => return Err(err),
    };
    T::try_from(value)
        .ok()
        .filter(|number| *number >= min && *number <= max)
        .ok_or_else(|| out_of_range(value.to_string()))
}

/// Reads `seed`: any 64-bit unsigned number.
pub fn seed_arg(object: &Bound<'_, PyAny>) -> PyResult<u64> {
    whole_number("seed", object, 0, u64::MAX)
}

/// Reads `seed` where None takes a default.
pub fn optional_seed_arg(object: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
    optional(object, seed_arg)
}

/// Reads `count` where None means no count.
pub fn optional_count_arg(object: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
    optional(object, |object| whole_number("count", object, 0, u64::MAX))
}

/// Reads `offset`, the index of the first event.
pub fn offset_arg(object: &Bound<'_, PyAny>) -> PyResult<u64> {
    whole_number("offset", object, 0, u64::MAX)
}

/// Reads `batch_size` where None takes the default.
pub fn optional_batch_size_arg(object: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
    optional(object, |object| whole_number("batch_size", object, 0, u64::MAX))
}

/// Reads an optional argument: None stays None, anything else goes through `read`.
pub fn optional<T>(object: &Bound<'_, PyAny>, read: impl FnOnce(&Bound<'_, PyAny>) -> PyResult<T>) -> PyResult<Option<T>> {
    if object.is_none() {
        Ok(None)
    } else {
        read(object).map(Some)
    }
}

/// Returns the Python type name of `object`, for error messages.
pub fn type_name(object: &Bound<'_, PyAny>) -> String {
    object
        .get_type()
        .name()
        .map_or_else(|_| "object".to_string(), |name| name.to_string())
}

/// Converts an instant into an aware `datetime` in UTC (microsecond precision, the finest
/// `datetime` holds).
pub fn timestamp_to_py<'py>(py: Python<'py>, time: Timestamp) -> PyResult<Bound<'py, PyAny>> {
    let civil = time.civil();
    let kwargs = PyDict::new(py);
    kwargs.set_item("tzinfo", utc(py)?)?;
    datetime_class(py)?.call(
        (
            civil.year,
            civil.month,
            civil.day,
            civil.hour,
            civil.minute,
            civil.second,
            civil.nanos / 1000,
        ),
        Some(&kwargs),
    )
}

/// Reads argument `name` given as an aware `datetime` or an RFC 3339 string.
///
/// # Errors
/// `InvalidArgumentError` for unreadable text or a naive `datetime`, `TypeError` for other types.
pub fn timestamp_from_py(name: &str, value: &Bound<'_, PyAny>) -> Result<Timestamp> {
    let py = value.py();
    if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_cow()?;
        return parse_rfc3339(&text).map_err(|err| {
            invalid_argument(
                name,
                format!(
                    "'{text}' is not RFC 3339 ({} at offset {}); write it like 2026-01-05T09:00:00Z",
                    err.reason, err.offset
                ),
            )
        });
    }
    if value.is_instance(datetime_class(py)?)? {
        if value.getattr("tzinfo")?.is_none() {
            return Err(invalid_argument(
                name,
                "the datetime has no time zone; pass an aware datetime such as datetime(2026, 1, 5, tzinfo=timezone.utc)",
            ));
        }
        let utc_time = value.call_method1("astimezone", (utc(py)?,))?;
        let field = |attribute: &str| -> PyResult<u32> { utc_time.getattr(attribute)?.extract() };
        let year: i32 = utc_time.getattr("year")?.extract()?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(invalid_argument(
                name,
                format!("the year {year} is outside {MIN_YEAR} to {MAX_YEAR}, the years a timestamp can hold"),
            ));
        }
        return Ok(Timestamp::from_civil(
            year,
            field("month")?,
            field("day")?,
            field("hour")?,
            field("minute")?,
            field("second")?,
            field("microsecond")? * 1000,
        ));
    }
    Err(PyTypeError::new_err(format!("{name} must be a datetime or an RFC 3339 str, not {}", type_name(value))).into())
}

/// Reads a UTC offset in minutes east of UTC from `None` (0), an int of minutes, a
/// `datetime.timedelta` of whole minutes, or text `Z`, `+HH:MM`, `-HH:MM` or `+HHMM`.
pub fn utc_offset_from_py(name: &str, value: Option<&Bound<'_, PyAny>>) -> Result<i32> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(0);
    };
    let py = value.py();
    let minutes: i64 = if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_cow()?;
        let minutes = parse_utc_offset(&text).map_err(|err| {
            invalid_argument(
                name,
                format!(
                    "'{text}' is not a UTC offset ({} at offset {}); write Z, +HH:MM, -HH:MM or +HHMM such as +02:00",
                    err.reason, err.offset
                ),
            )
        })?;
        i64::from(minutes)
    } else if value.is_instance(timedelta_class(py)?)? {
        let days: i64 = value.getattr("days")?.extract()?;
        let seconds: i64 = value.getattr("seconds")?.extract()?;
        let microseconds: i64 = value.getattr("microseconds")?.extract()?;
        if seconds % 60 != 0 || microseconds != 0 {
            return Err(invalid_argument(
                name,
                format!("the timedelta {} is not a whole number of minutes", value.str()?),
            ));
        }
        days.saturating_mul(1440).saturating_add(seconds / 60)
    } else if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        value.extract::<i64>().unwrap_or(i64::MAX)
    } else {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a timedelta, an int of minutes or a str such as '+02:00', not {}",
            type_name(value)
        ))
        .into());
    };
    let max = i64::from(MAX_UTC_OFFSET_MINUTES);
    if !(-max..=max).contains(&minutes) {
        return Err(invalid_argument(
            name,
            format!("{minutes} minutes is outside -{max} to {max}; a UTC offset is at most 23:59 either way"),
        ));
    }
    Ok(minutes as i32)
}

/// Reads a mapping of field names to override values: str, int, float or bool values are
/// written the way the field would hold them (`True` as `true`).
pub fn overrides_from_py(value: &Bound<'_, PyAny>) -> Result<Vec<(String, String)>> {
    let dict = value.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!(
            "overrides must be a dict of field names to values, not {}",
            type_name(value)
        ))
    })?;
    let mut overrides = Vec::with_capacity(dict.len());
    for (key, item) in dict.iter() {
        let field: String = key
            .extract()
            .map_err(|_| PyTypeError::new_err(format!("override field names must be str, not {}", type_name(&key))))?;
        let text = if let Ok(flag) = item.cast::<PyBool>() {
            if flag.is_true() { "true" } else { "false" }.to_string()
        } else if item.is_instance_of::<PyString>() || item.is_instance_of::<PyInt>() || item.is_instance_of::<PyFloat>() {
            item.str()?.to_cow()?.into_owned()
        } else {
            return Err(PyTypeError::new_err(format!(
                "override '{field}' must be str, int, float or bool, not {}",
                type_name(&item)
            ))
            .into());
        };
        overrides.push((field, text));
    }
    Ok(overrides)
}
