//! One generated event and its labels.

use serde::{Deserialize, Serialize};

use crate::timestamp::Timestamp;

/// Ground-truth labels of an event: where it came from in a scenario and what it means.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    /// Scenario name, for scenario events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Phase name, for attack events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// ATT&CK tactic name, such as `credential-access`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tactic: Option<String>,
    /// ATT&CK technique id, such as `T1110.003`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub technique: Option<String>,
    /// True for attack events, false for background noise.
    pub malicious: bool,
}

/// One generated event.
///
/// Its `serde` form has every field, with the time as RFC 3339 text to the nanosecond. The
/// NDJSON and JSON output formats of [`crate::export`] write their own form, with the time to
/// the millisecond and no index. Use those for the lines a collector receives.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// When the event happened.
    pub time: Timestamp,
    /// Index of the event in its stream.
    pub index: u64,
    /// Canonical source id.
    pub source: &'static str,
    /// Splunk sourcetype.
    pub sourcetype: &'static str,
    /// Variant name.
    pub variant: &'static str,
    /// Host the event is attributed to (the reporting device), for envelopes such as HEC.
    pub host: String,
    /// The event as the vendor writes it, without a trailing newline.
    pub raw: String,
    /// Labels.
    pub labels: Labels,
}
