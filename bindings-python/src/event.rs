//! `Event`: one generated event as `stream()` and `Scenario.events()` yield it.

use pyo3::prelude::*;
use siemulator::parse::parse_event;
use siemulator::sources::ParseOptions;

use crate::conversion::{json_to_py, map_to_py, timestamp_to_py};
use crate::error::Result;

/// One generated event. Attributes are computed on access, so iterating stays cheap.
#[pyclass(module = "siemulator", frozen)]
pub struct Event {
    inner: siemulator::Event,
}

impl From<siemulator::Event> for Event {
    fn from(inner: siemulator::Event) -> Self {
        Event { inner }
    }
}

#[pymethods]
impl Event {
    /// When the event happened, as an aware `datetime` in UTC (microsecond precision).
    #[getter]
    fn time<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp_to_py(py, self.inner.time)
    }

    /// When the event happened, as RFC 3339 UTC text with nanoseconds.
    #[getter]
    fn time_text(&self) -> String {
        self.inner.time.rfc3339(9)
    }

    /// Canonical source id.
    #[getter]
    fn source(&self) -> &'static str {
        self.inner.source
    }

    /// Splunk sourcetype.
    #[getter]
    fn sourcetype(&self) -> &'static str {
        self.inner.sourcetype
    }

    /// Variant name.
    #[getter]
    fn variant(&self) -> &'static str {
        self.inner.variant
    }

    /// Host the event is attributed to (the reporting device).
    #[getter]
    fn host(&self) -> &str {
        &self.inner.host
    }

    /// The event as the vendor writes it, without a trailing newline.
    #[getter]
    fn raw(&self) -> &str {
        &self.inner.raw
    }

    /// Index of the event in its stream.
    #[getter]
    fn index(&self) -> u64 {
        self.inner.index
    }

    /// Ground-truth labels: `malicious`, and for scenario events `scenario`, `phase`,
    /// `tactic` and `technique`.
    #[getter]
    fn labels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_value(&self.inner.labels).map_err(|err| pyo3::exceptions::PyRuntimeError::new_err(err.to_string()))?;
        json_to_py(py, &value)
    }

    /// Parse `raw` with the source's parser and return the OCSF record as a dict.
    ///
    /// Raises `ParseError` if the text does not parse, as after an override that breaks
    /// the format.
    fn ocsf<'py>(&self, py: Python<'py>) -> Result<Bound<'py, pyo3::types::PyDict>> {
        let options = ParseOptions {
            year: self.inner.time.civil().year,
            ..ParseOptions::default()
        };
        let record = parse_event(self.inner.source, &self.inner.raw, options)?;
        Ok(map_to_py(py, &record.ocsf)?)
    }

    fn __repr__(&self) -> String {
        format!(
            "Event(source={:?}, variant={:?}, index={}, time_text={:?})",
            self.inner.source,
            self.inner.variant,
            self.inner.index,
            self.inner.time.rfc3339(9)
        )
    }
}
