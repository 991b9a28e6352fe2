//! `generate()` and `stream()`: one source's events as a list of strings or a lazy iterator.

use std::str::FromStr;
use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use siemulator::clock::RateProfile;
use siemulator::export::{render, OutputFormat};
use siemulator::generate::{GenerateRequest, Generator};

use crate::conversion::{offset_arg, optional_count_arg, overrides_from_py, py_to_json, seed_arg, timestamp_from_py, type_name};
use crate::error::{invalid_argument, Result};
use crate::event::{EventSource, EventStream};
use crate::world::{config_from_py, World};

/// A validated request plus the world object passed as `world=`, if any.
pub struct Prepared {
    /// The core request.
    pub request: GenerateRequest,
    /// A world built beforehand, used instead of building one from the request's seed.
    pub world: Option<Arc<siemulator::world::World>>,
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

/// Reads `profile=`: a name (`constant`, `jittered`, `diurnal`, `bursts`) or a dict in the
/// serialized form of the core's rate profile, such as
/// `{"type": "bursts", "period_secs": 600, "burst_secs": 30, "multiplier": 5}`.
fn profile_from_py(value: &Bound<'_, PyAny>) -> Result<RateProfile> {
    if let Ok(name) = value.extract::<String>() {
        return Ok(RateProfile::from_name(&name)?);
    }
    if value.is_instance_of::<pyo3::types::PyDict>() {
        return serde_json::from_value(py_to_json(value)?).map_err(|err| invalid_argument("profile", err.to_string()));
    }
    Err(PyTypeError::new_err(format!("profile must be a name or a dict, not {}", type_name(value))).into())
}

/// The keyword arguments shared by `generate`, `stream` and `write`.
pub struct RequestArgs<'a, 'py> {
    pub source: String,
    pub count: Option<u64>,
    pub seed: u64,
    pub start: Option<&'a Bound<'py, PyAny>>,
    pub end: Option<&'a Bound<'py, PyAny>>,
    pub rate: Option<f64>,
    pub profile: Option<&'a Bound<'py, PyAny>>,
    pub variant: Option<String>,
    pub overrides: Option<&'a Bound<'py, PyAny>>,
    pub offset: u64,
    pub world: Option<&'a Bound<'py, PyAny>>,
}

impl RequestArgs<'_, '_> {
    /// Converts the arguments into a core request.
    pub fn prepare(self) -> Result<Prepared> {
        let mut request = GenerateRequest {
            source: self.source,
            count: self.count,
            offset: self.offset,
            seed: self.seed,
            rate: self.rate,
            variant: self.variant,
            ..GenerateRequest::default()
        };
        if let Some(start) = self.start {
            request.start = Some(timestamp_from_py("start", start)?);
        }
        if let Some(end) = self.end {
            request.end = Some(timestamp_from_py("end", end)?);
        }
        if let Some(profile) = self.profile {
            request.profile = profile_from_py(profile)?;
        }
        if let Some(overrides) = self.overrides {
            request.overrides = overrides_from_py(overrides)?;
        }

        let mut world = None;
        if let Some(value) = self.world {
            if let Ok(object) = value.cast::<World>() {
                world = Some(object.get().shared());
            } else if value.is_instance_of::<pyo3::types::PyDict>() {
                request.world = config_from_py(value)?;
            } else {
                return Err(
                    PyTypeError::new_err(format!("world must be a World or a dict of its settings, not {}", type_name(value))).into(),
                );
            }
        }
        Ok(Prepared { request, world })
    }
}

/// Generate `count` events of `source` and return their text, one string per event.
///
/// `format="raw"` returns each event as the vendor writes it. Other formats return each
/// event as that format renders it, without framing: one JSON object for `ndjson` and
/// `json`, one CSV data row without the header for `csv`, one envelope for `hec`.
#[pyfunction]
#[pyo3(signature = (source, count = Some(10), *, seed = 0, start = None, end = None, rate = None, profile = None, variant = None, overrides = None, offset = 0, format = "raw".to_string(), world = None))]
#[pyo3(
    text_signature = "(source, count=10, *, seed=0, start=None, end=None, rate=None, profile=None, variant=None, overrides=None, offset=0, format='raw', world=None)"
)]
#[allow(clippy::too_many_arguments)]
pub fn generate<'py>(
    py: Python<'py>,
    source: String,
    #[pyo3(from_py_with = optional_count_arg)] count: Option<u64>,
    #[pyo3(from_py_with = seed_arg)] seed: u64,
    start: Option<&Bound<'py, PyAny>>,
    end: Option<&Bound<'py, PyAny>>,
    rate: Option<f64>,
    profile: Option<&Bound<'py, PyAny>>,
    variant: Option<String>,
    overrides: Option<&Bound<'py, PyAny>>,
    #[pyo3(from_py_with = offset_arg)] offset: u64,
    format: String,
    world: Option<&Bound<'py, PyAny>>,
) -> Result<Bound<'py, PyList>> {
    if count.is_none() && end.is_none() {
        return Err(invalid_argument(
            "count",
            "generate() returns a list, so it needs a count or an end; use stream() for an endless stream",
        ));
    }
    let prepared = RequestArgs {
        source,
        count,
        seed,
        start,
        end,
        rate,
        profile,
        variant,
        overrides,
        offset,
        world,
    }
    .prepare()?;
    let format = OutputFormat::from_str(&format)?;

    // All events are written into one buffer, then cut into Python strings.
    let (text, ends) = py.detach(|| -> siemulator::Result<(String, Vec<usize>)> {
        let mut generator = prepared.generator()?;
        let mut text = String::new();
        let mut ends = Vec::with_capacity(generator.remaining().unwrap_or(0).min(1 << 20) as usize);
        if format == OutputFormat::Raw {
            let mut raw = String::new();
            while generator.next_raw(&mut raw).is_some() {
                text.push_str(&raw);
                ends.push(text.len());
            }
        } else {
            for event in generator {
                text.push_str(&render(format, &event));
                ends.push(text.len());
            }
        }
        Ok((text, ends))
    })?;

    let mut begin = 0;
    let strings = ends.iter().map(|&end| {
        let piece = PyString::new(py, &text[begin..end]);
        begin = end;
        piece
    });
    Ok(PyList::new(py, strings)?)
}

/// Return a lazy iterator of `Event`s; `count=None` (the default) streams without end.
///
/// Each event's `text` is rendered in `format`.
#[pyfunction]
#[pyo3(signature = (source, count = None, *, seed = 0, start = None, end = None, rate = None, profile = None, variant = None, overrides = None, offset = 0, format = "raw".to_string(), world = None))]
#[pyo3(
    text_signature = "(source, count=None, *, seed=0, start=None, end=None, rate=None, profile=None, variant=None, overrides=None, offset=0, format='raw', world=None)"
)]
#[allow(clippy::too_many_arguments)]
pub fn stream<'py>(
    py: Python<'py>,
    source: String,
    #[pyo3(from_py_with = optional_count_arg)] count: Option<u64>,
    #[pyo3(from_py_with = seed_arg)] seed: u64,
    start: Option<&Bound<'py, PyAny>>,
    end: Option<&Bound<'py, PyAny>>,
    rate: Option<f64>,
    profile: Option<&Bound<'py, PyAny>>,
    variant: Option<String>,
    overrides: Option<&Bound<'py, PyAny>>,
    #[pyo3(from_py_with = offset_arg)] offset: u64,
    format: String,
    world: Option<&Bound<'py, PyAny>>,
) -> Result<EventStream> {
    let prepared = RequestArgs {
        source,
        count,
        seed,
        start,
        end,
        rate,
        profile,
        variant,
        overrides,
        offset,
        world,
    }
    .prepare()?;
    let format = OutputFormat::from_str(&format)?;
    let generator = py.detach(|| prepared.generator())?;
    Ok(EventStream::new(EventSource::Generator(Box::new(generator)), format))
}
