//! The JSON shapes of an event: the NDJSON/JSON object and the Splunk HEC envelope.
//!
//! Both are written by hand in a fixed key order, so the bytes are stable whatever the serde
//! settings of the caller.

use std::fmt::Write as _;

use crate::event::{Event, Labels};
use crate::format::json::write_str;
use crate::timestamp::Timestamp;

/// Appends `{"time":..,"source":..,"sourcetype":..,"variant":..,"host":..,"labels":{..},"raw":..}`.
pub(super) fn write_object(event: &Event, out: &mut String) {
    out.push_str("{\"time\":\"");
    write_rfc3339_millis(event.time, out);
    out.push_str("\",\"source\":");
    write_str(out, event.source);
    out.push_str(",\"sourcetype\":");
    write_str(out, event.sourcetype);
    out.push_str(",\"variant\":");
    write_str(out, event.variant);
    out.push_str(",\"host\":");
    write_str(out, &event.host);
    out.push_str(",\"labels\":");
    write_labels(&event.labels, out);
    out.push_str(",\"raw\":");
    write_str(out, &event.raw);
    out.push('}');
}

/// Appends the labels as serde writes [`Labels`]: absent labels are left out, `malicious` is
/// always there.
fn write_labels(labels: &Labels, out: &mut String) {
    out.push('{');
    for (name, value) in label_pairs(labels) {
        write_str(out, name);
        out.push(':');
        write_str(out, value);
        out.push(',');
    }
    out.push_str("\"malicious\":");
    out.push_str(if labels.malicious { "true" } else { "false" });
    out.push('}');
}

/// Returns the text labels that are set, in field order.
fn label_pairs(labels: &Labels) -> impl Iterator<Item = (&'static str, &str)> {
    [
        ("scenario", labels.scenario.as_deref()),
        ("phase", labels.phase.as_deref()),
        ("tactic", labels.tactic.as_deref()),
        ("technique", labels.technique.as_deref()),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v)))
}

/// Appends a HEC `/event` envelope. `fields` become indexed fields in Splunk, whose values
/// must be strings, so `malicious` is `"true"` or `"false"` there.
pub(super) fn write_hec_event(event: &Event, out: &mut String) {
    out.push_str("{\"time\":");
    write_epoch_millis(event.time, out);
    out.push_str(",\"host\":");
    write_str(out, &event.host);
    out.push_str(",\"source\":");
    write_str(out, event.source);
    out.push_str(",\"sourcetype\":");
    write_str(out, event.sourcetype);
    out.push_str(",\"event\":");
    write_str(out, &event.raw);
    out.push_str(",\"fields\":{\"variant\":");
    write_str(out, event.variant);
    for (name, value) in label_pairs(&event.labels) {
        out.push(',');
        write_str(out, name);
        out.push(':');
        write_str(out, value);
    }
    out.push_str(",\"malicious\":");
    out.push_str(if event.labels.malicious { "\"true\"" } else { "\"false\"" });
    out.push_str("}}");
}

/// Appends RFC 3339 in UTC with milliseconds, `2026-01-05T09:00:00.250Z`, as
/// `Timestamp::write_rfc3339(out, 3)` does, with digits pushed one by one because the
/// formatting machinery of `write!` was the largest cost of rendering an NDJSON object.
pub(super) fn write_rfc3339_millis(time: Timestamp, out: &mut String) {
    // An i64 of nanoseconds spans the years 1677 to 2262, so the year always has 4 digits.
    let civil = time.civil();
    push_digits(out, civil.year as u32, 4);
    out.push('-');
    push_digits(out, civil.month, 2);
    out.push('-');
    push_digits(out, civil.day, 2);
    out.push('T');
    push_digits(out, civil.hour, 2);
    out.push(':');
    push_digits(out, civil.minute, 2);
    out.push(':');
    push_digits(out, civil.second, 2);
    out.push('.');
    push_digits(out, civil.nanos / 1_000_000, 3);
    out.push('Z');
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u32, width: u32) {
    for position in (0..width).rev() {
        out.push(char::from(b'0' + (value / 10u32.pow(position) % 10) as u8));
    }
}

/// Appends epoch seconds with a three-digit millisecond fraction, `1767603600.250`, truncating
/// toward earlier instants.
fn write_epoch_millis(time: Timestamp, out: &mut String) {
    let millis = time.millis();
    let sign = if millis < 0 { "-" } else { "" };
    let magnitude = millis.unsigned_abs();
    let _ = write!(out, "{sign}{}.{:03}", magnitude / 1000, magnitude % 1000);
}
