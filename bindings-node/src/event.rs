//! One generated event, as the `Event` class.

use napi::{Env, JsDate};
use napi_derive::napi;
use serde_json::{Map, Value};
use siemulator::parse::parse_event;
use siemulator::sources::ParseOptions;

use crate::error::guard;
use crate::json::map_with_js_numbers;

/// Ground-truth labels of an event.
#[napi(object)]
pub struct Labels {
    /// Scenario name, for scenario events.
    pub scenario: Option<String>,
    /// Phase name, for attack events.
    pub phase: Option<String>,
    /// ATT&CK tactic name, such as `credential-access`.
    pub tactic: Option<String>,
    /// ATT&CK technique id, such as `T1110.003`.
    pub technique: Option<String>,
    /// True for attack events, false for background noise.
    pub malicious: bool,
}

/// The plain-object form of an [`Event`], as `Event.toJSON()` returns it.
#[napi(object)]
pub struct EventData {
    /// RFC 3339 UTC time with nanoseconds.
    pub time: String,
    /// Index of the event in its stream.
    pub index: i64,
    /// Canonical source id.
    pub source: String,
    /// Splunk sourcetype.
    pub sourcetype: String,
    /// Variant name.
    pub variant: String,
    /// Host the event is attributed to.
    pub host: String,
    /// The event as the vendor writes it.
    pub raw: String,
    /// Labels.
    pub labels: Labels,
}

/// One generated event.
#[napi]
pub struct Event {
    inner: siemulator::Event,
}

impl From<siemulator::Event> for Event {
    fn from(inner: siemulator::Event) -> Self {
        Event { inner }
    }
}

#[napi]
impl Event {
    /// When the event happened, as a `Date` (millisecond precision; `timeText` is exact).
    #[napi(getter)]
    pub fn time<'env>(&self, env: &'env Env) -> napi::Result<JsDate<'env>> {
        env.create_date(self.inner.time.millis() as f64)
    }

    /// When the event happened, as RFC 3339 UTC text with nanoseconds.
    #[napi(getter)]
    pub fn time_text(&self) -> String {
        self.inner.time.rfc3339(9)
    }

    /// Index of the event in its stream.
    #[napi(getter)]
    pub fn index(&self) -> i64 {
        self.inner.index as i64
    }

    /// Canonical source id.
    #[napi(getter)]
    pub fn source(&self) -> &'static str {
        self.inner.source
    }

    /// Splunk sourcetype.
    #[napi(getter)]
    pub fn sourcetype(&self) -> &'static str {
        self.inner.sourcetype
    }

    /// Variant name.
    #[napi(getter)]
    pub fn variant(&self) -> &'static str {
        self.inner.variant
    }

    /// Host the event is attributed to (the reporting device).
    #[napi(getter)]
    pub fn host(&self) -> String {
        self.inner.host.clone()
    }

    /// The event as the vendor writes it, without a trailing newline.
    #[napi(getter)]
    pub fn raw(&self) -> String {
        self.inner.raw.clone()
    }

    /// Ground-truth labels.
    #[napi(getter)]
    pub fn labels(&self) -> Labels {
        labels_to_js(&self.inner.labels)
    }

    /// Parses the raw text back with the source's parser and returns its OCSF record.
    #[napi]
    pub fn ocsf(&self, env: &Env) -> napi::Result<Map<String, Value>> {
        // BSD syslog carries no year, so the parser takes it from the event's own time. Parse
        // options the core adds later keep their defaults.
        #[allow(clippy::needless_update)]
        let options = ParseOptions {
            year: self.inner.time.civil().year,
            include_raw: true,
            ..ParseOptions::default()
        };
        guard(env, || {
            parse_event(self.inner.source, &self.inner.raw, options).map(|record| map_with_js_numbers(record.ocsf.into_map()))
        })
    }

    /// Returns the event as a plain object, for `JSON.stringify`.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> EventData {
        EventData {
            time: self.time_text(),
            index: self.index(),
            source: self.inner.source.to_string(),
            sourcetype: self.inner.sourcetype.to_string(),
            variant: self.inner.variant.to_string(),
            host: self.host(),
            raw: self.raw(),
            labels: self.labels(),
        }
    }
}

fn labels_to_js(labels: &siemulator::Labels) -> Labels {
    Labels {
        scenario: labels.scenario.clone(),
        phase: labels.phase.clone(),
        tactic: labels.tactic.clone(),
        technique: labels.technique.clone(),
        malicious: labels.malicious,
    }
}
