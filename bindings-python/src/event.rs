//! `Event`, one generated event, and `EventStream`, the lazy iterator that `stream()` and
//! `Scenario.events()` return.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

use pyo3::prelude::*;
use pyo3::sync::MutexExt;
use pyo3::types::PyDict;
use siemulator::export::{render, OutputFormat};
use siemulator::generate::Generator;
use siemulator::parse::parse_event;
use siemulator::scenario::ScenarioEvents;
use siemulator::sources::ParseOptions;

use crate::conversion::{json_to_py, object_to_py, timestamp_to_py};
use crate::error::Result;

/// Events produced per batch while the GIL is released; small enough that taking a few
/// events from an endless stream costs little.
const STREAM_BATCH: usize = 128;

/// One generated event. Attributes are computed on access, so iterating stays cheap.
#[pyclass(module = "siemulator", frozen)]
pub struct Event {
    inner: siemulator::Event,
    format: OutputFormat,
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

    /// The event rendered in the stream's `format`, without a line end: the raw text, one
    /// JSON object (`ndjson` and `json`), one CSV data row, or one HEC envelope.
    #[getter]
    fn text(&self) -> String {
        render(self.format, &self.inner)
    }

    /// Index of the event in its stream.
    #[getter]
    fn index(&self) -> u64 {
        self.inner.index
    }

    /// Ground-truth labels: `malicious`, and for scenario attack events `scenario`, `phase`,
    /// `tactic` and `technique`.
    #[getter]
    fn labels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_value(&self.inner.labels).map_err(|err| pyo3::exceptions::PyRuntimeError::new_err(err.to_string()))?;
        json_to_py(py, &value)
    }

    /// Parse `raw` with the source's parser and return the OCSF record as a dict.
    ///
    /// BSD syslog timestamps carry no year, so they are read with the event's own year.
    /// Raises `ParseError` if the text does not parse, as after an override that breaks the
    /// format.
    fn ocsf<'py>(&self, py: Python<'py>) -> Result<Bound<'py, PyDict>> {
        let options = ParseOptions {
            year: self.inner.time.civil().year,
            ..ParseOptions::default()
        };
        let record = parse_event(self.inner.source, &self.inner.raw, options)?;
        Ok(object_to_py(py, &record.ocsf)?)
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

/// Origin of a stream's events: one source, or a scenario's merged streams.
pub enum EventSource {
    /// The events of one generation request (boxed: a generator is several hundred bytes).
    Generator(Box<Generator>),
    /// The events of a scenario run in time order, of which `left` are still to be returned.
    Scenario {
        /// The merged run.
        events: ScenarioEvents,
        /// Events still to return: the rest of the run, or fewer under a count.
        left: u64,
    },
}

impl EventSource {
    /// The events of a scenario run, stopped after `count` events when given.
    pub fn scenario(events: ScenarioEvents, count: Option<u64>) -> Self {
        let total = events.total();
        EventSource::Scenario {
            events,
            left: count.map_or(total, |count| count.min(total)),
        }
    }

    /// Number of events left, or `None` for an endless stream.
    pub fn remaining(&self) -> Option<u64> {
        match self {
            EventSource::Generator(generator) => generator.remaining(),
            EventSource::Scenario { left, .. } => Some(*left),
        }
    }
}

impl Iterator for EventSource {
    type Item = siemulator::Event;

    fn next(&mut self) -> Option<siemulator::Event> {
        match self {
            EventSource::Generator(generator) => generator.next(),
            EventSource::Scenario { events, left } => {
                if *left == 0 {
                    return None;
                }
                *left -= 1;
                events.next()
            }
        }
    }
}

struct StreamState {
    events: EventSource,
    /// Events produced ahead of the caller.
    buffer: VecDeque<siemulator::Event>,
}

/// A lazy iterator of `Event`s. Events are produced in small batches with the GIL released,
/// so memory stays flat however many events are read. Several threads may read one stream;
/// each event is returned once.
#[pyclass(module = "siemulator", frozen)]
pub struct EventStream {
    state: Mutex<StreamState>,
    format: OutputFormat,
}

impl EventStream {
    /// Wraps `events`; each `Event` renders its `text` in `format`.
    pub fn new(events: EventSource, format: OutputFormat) -> Self {
        EventStream {
            state: Mutex::new(StreamState {
                events,
                buffer: VecDeque::with_capacity(STREAM_BATCH),
            }),
            format,
        }
    }

    fn wrap(&self, inner: siemulator::Event) -> Event {
        Event {
            inner,
            format: self.format,
        }
    }
}

#[pymethods]
impl EventStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> Option<Event> {
        if let Ok(mut state) = self.state.try_lock() {
            if let Some(event) = state.buffer.pop_front() {
                return Some(self.wrap(event));
            }
        }
        let mut state = self.state.lock_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        if state.buffer.is_empty() {
            let state = &mut *state;
            py.detach(|| state.buffer.extend(state.events.by_ref().take(STREAM_BATCH)));
        }
        state.buffer.pop_front().map(|event| self.wrap(event))
    }

    /// Number of events left, or None for an endless stream.
    #[getter]
    fn remaining(&self, py: Python<'_>) -> Option<u64> {
        let state = self.state.lock_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        state.events.remaining().map(|left| left + state.buffer.len() as u64)
    }

    /// Output format of each event's `text`.
    #[getter]
    fn format(&self) -> &'static str {
        self.format.as_str()
    }
}
