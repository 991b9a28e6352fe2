//! `Scenario`: labelled multi-source attack stories, loaded from the built-in set, a file,
//! text or a dict.

use std::io::Read;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use siemulator::export::OutputFormat;
use siemulator::scenario::{self, SpecFormat};
use siemulator::timestamp::Timestamp;
use siemulator::Error;

use crate::conversion::{
    json_to_py, optional_batch_size_arg, optional_count_arg, optional_seed_arg, py_to_json, timestamp_from_py, type_name,
};
use crate::error::{file_error, invalid_argument, unknown_builtin_scenario, BindingError, Result};
use crate::event::{EventSource, EventStream};
use crate::export::{format_options, write_to};

/// Largest scenario file read, in bytes, as in the CLI. A document is a few kilobytes, so
/// the limit only stops a wrong path (a log file, a device) from being read into memory.
const MAX_SCENARIO_FILE: u64 = 16 << 20;

/// A validated scenario document.
///
/// Runs are a pure function of (document, seed, start). `seed=None` uses the document's
/// seed, else 0; `start=None` uses the document's start, else 2026-01-05T09:00:00Z.
#[pyclass(module = "siemulator", frozen)]
pub struct Scenario {
    inner: scenario::Scenario,
}

impl Scenario {
    /// Starts a run of this scenario, stopped after `count` events when given.
    pub fn run(&self, py: Python<'_>, seed: Option<u64>, start: Option<Timestamp>, count: Option<u64>) -> Result<EventSource> {
        let events = py.detach(|| self.inner.events(seed, start))?;
        Ok(EventSource::scenario(events, count))
    }
}

fn spec_format(name: &str) -> Result<SpecFormat> {
    match name.to_ascii_lowercase().as_str() {
        "json" => Ok(SpecFormat::Json),
        "yaml" | "yml" => Ok(SpecFormat::Yaml),
        "toml" => Ok(SpecFormat::Toml),
        _ => Err(invalid_argument(
            "format",
            format!("unknown scenario format '{name}'; expected json, yaml or toml"),
        )),
    }
}

/// Converts the core's invalid-argument error for an unknown built-in name into a
/// `ScenarioError`, the class that every other scenario problem raises.
fn builtin_error(py: Python<'_>, err: Error) -> BindingError {
    match err {
        Error::InvalidArgument { name, message } if name == "scenario" => BindingError::Python(unknown_builtin_scenario(
            py,
            &format!("{message}; load another document with Scenario.from_file, from_text or from_dict"),
        )),
        other => other.into(),
    }
}

#[pymethods]
impl Scenario {
    /// Load a built-in scenario by name; `Scenario.builtin_names()` lists them. An unknown
    /// name raises `ScenarioError`.
    #[staticmethod]
    fn builtin(py: Python<'_>, name: String) -> Result<Self> {
        let inner = scenario::Scenario::builtin(&name).map_err(|err| builtin_error(py, err))?;
        Ok(Scenario { inner })
    }

    /// Return the names of the built-in scenarios.
    #[staticmethod]
    fn builtin_names() -> Vec<&'static str> {
        scenario::Scenario::builtin_names().to_vec()
    }

    /// Return the YAML document of a built-in scenario, as a starting point for a copy. An
    /// unknown name raises `ScenarioError`.
    #[staticmethod]
    fn builtin_text(py: Python<'_>, name: String) -> Result<&'static str> {
        scenario::Scenario::builtin_text(&name).map_err(|err| builtin_error(py, err))
    }

    /// Read a scenario document from a file. The extension (`.json`, `.yaml`, `.yml`,
    /// `.toml`) gives the format; without one, text starting with `{` is JSON, else YAML.
    /// Files over 16 MiB raise `InputTooLargeError`.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: &Bound<'_, PyAny>) -> Result<Self> {
        let path: String = py
            .import("os")?
            .call_method1("fspath", (path,))
            .map_err(|_| PyTypeError::new_err(format!("path must be str or os.PathLike, not {}", type_name(path))))?
            .extract()?;
        let mut text = String::new();
        std::fs::File::open(&path)
            .and_then(|file| file.take(MAX_SCENARIO_FILE + 1).read_to_string(&mut text))
            .map_err(|err| file_error(py, &path, &err))?;
        if text.len() as u64 > MAX_SCENARIO_FILE {
            return Err(Error::InputTooLarge {
                what: "scenario file",
                size: text.len(),
                limit: MAX_SCENARIO_FILE as usize,
            }
            .into());
        }
        let inner = py.detach(|| scenario::Scenario::from_text_guess(&path, &text))?;
        Ok(Scenario { inner })
    }

    /// Read a scenario document from text in `format`: `yaml` (the default), `json` or `toml`.
    #[staticmethod]
    #[pyo3(signature = (text, format = "yaml".to_string()))]
    #[pyo3(text_signature = "(text, format='yaml')")]
    fn from_text(text: String, format: String) -> Result<Self> {
        Ok(Scenario {
            inner: scenario::Scenario::from_str(&text, spec_format(&format)?)?,
        })
    }

    /// Read a scenario document given as a dict, the same shape as the JSON form.
    #[staticmethod]
    fn from_dict(document: &Bound<'_, PyAny>) -> Result<Self> {
        if !document.is_instance_of::<pyo3::types::PyDict>() {
            return Err(PyTypeError::new_err(format!("the document must be a dict, not {}", type_name(document))).into());
        }
        Ok(Scenario {
            inner: scenario::Scenario::from_value(py_to_json(document)?)?,
        })
    }

    /// Scenario name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// Return the document as a dict, in the shape `from_dict` reads.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_value(self.inner.spec()).map_err(|err| pyo3::exceptions::PyRuntimeError::new_err(err.to_string()))?;
        json_to_py(py, &value)
    }

    /// Summarise a run without generating it: timing, resolved actors, phases, and exact
    /// event counts per phase, step and source.
    #[pyo3(signature = (seed = None))]
    fn describe<'py>(&self, py: Python<'py>, #[pyo3(from_py_with = optional_seed_arg)] seed: Option<u64>) -> Result<Bound<'py, PyAny>> {
        let description = py.detach(|| self.inner.describe(seed))?;
        let value = serde_json::to_value(&description).map_err(|err| pyo3::exceptions::PyRuntimeError::new_err(err.to_string()))?;
        Ok(json_to_py(py, &value)?)
    }

    /// Return the run's events in time order as a lazy iterator of `Event`; attack events
    /// carry their scenario, phase, tactic and technique labels.
    #[pyo3(signature = (seed = None, start = None, *, format = "raw".to_string()))]
    #[pyo3(text_signature = "(self, seed=None, start=None, *, format='raw')")]
    fn events(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = optional_seed_arg)] seed: Option<u64>,
        start: Option<&Bound<'_, PyAny>>,
        format: String,
    ) -> Result<EventStream> {
        let format: OutputFormat = format_options(&format, None)?.0;
        let start = start.map(|value| timestamp_from_py("start", value)).transpose()?;
        Ok(EventStream::new(self.run(py, seed, start, None)?, format))
    }

    /// Write the run to a path or binary file object and return the number of events
    /// written; see `siemulator.write`.
    #[pyo3(signature = (destination, format = "ndjson".to_string(), *, seed = None, start = None, count = None, batch_size = None))]
    #[pyo3(text_signature = "(self, destination, format='ndjson', *, seed=None, start=None, count=None, batch_size=None)")]
    #[allow(clippy::too_many_arguments)]
    fn write(
        &self,
        py: Python<'_>,
        destination: &Bound<'_, PyAny>,
        format: String,
        #[pyo3(from_py_with = optional_seed_arg)] seed: Option<u64>,
        start: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = optional_count_arg)] count: Option<u64>,
        #[pyo3(from_py_with = optional_batch_size_arg)] batch_size: Option<u64>,
    ) -> Result<u64> {
        let (format, options) = format_options(&format, batch_size)?;
        let start = start.map(|value| timestamp_from_py("start", value)).transpose()?;
        let events = self.run(py, seed, start, count)?;
        write_to(py, destination, events, format, options)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Scenario>().is_ok_and(|other| other.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!("Scenario(name={:?})", self.inner.name())
    }
}
