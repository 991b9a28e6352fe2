use std::io::{self, Write};

use super::*;
use crate::event::Labels;
use crate::generate::{GenerateRequest, Generator};
use crate::timestamp::Timestamp;

const RAW: &str = "<84>Jan  5 09:00:00 srv-web03 sshd[4242]: Failed password for root from 203.0.113.9 port 50122 ssh2";

fn attack_event() -> Event {
    Event {
        time: Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 250_000_000),
        index: 7,
        source: "linux_auth",
        sourcetype: "linux_secure",
        variant: "ssh_failed_password",
        host: "srv-web03".into(),
        raw: RAW.into(),
        labels: Labels {
            scenario: Some("ssh-brute-force".into()),
            phase: Some("credential-access".into()),
            tactic: Some("credential-access".into()),
            technique: Some("T1110.001".into()),
            malicious: true,
        },
    }
}

fn background_event() -> Event {
    Event {
        labels: Labels::default(),
        raw: "line one".into(),
        ..attack_event()
    }
}

fn export_all(format: OutputFormat, events: &[Event]) -> String {
    let mut exporter = Exporter::new(format, Vec::new());
    for event in events {
        exporter.write_event(event).unwrap();
    }
    String::from_utf8(exporter.finish().unwrap()).unwrap()
}

#[test]
fn format_names_round_trip() {
    for (format, name) in OutputFormat::ALL.iter().zip(OutputFormat::NAMES) {
        assert_eq!(format.as_str(), *name);
        assert_eq!(name.parse::<OutputFormat>().unwrap(), *format);
    }
    let err = "xml".parse::<OutputFormat>().unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
    assert!(err.to_string().contains("ndjson, json, csv, hec, hec-raw"), "{err}");
}

#[test]
fn raw_writes_vendor_lines() {
    let out = export_all(OutputFormat::Raw, &[attack_event(), background_event()]);
    assert_eq!(out, format!("{RAW}\nline one\n"));
}

#[test]
fn raw_keeps_multi_line_events() {
    let event = Event {
        raw: "<Event>\n  <System/>\n</Event>".into(),
        ..background_event()
    };
    assert_eq!(export_all(OutputFormat::Raw, &[event]), "<Event>\n  <System/>\n</Event>\n");
}

#[test]
fn ndjson_object_is_exact() {
    let expected = concat!(
        r#"{"time":"2026-01-05T09:00:00.250Z","source":"linux_auth","sourcetype":"linux_secure","#,
        r#""variant":"ssh_failed_password","host":"srv-web03","#,
        r#""labels":{"scenario":"ssh-brute-force","phase":"credential-access","tactic":"credential-access","technique":"T1110.001","malicious":true},"#,
        r#""raw":"<84>Jan  5 09:00:00 srv-web03 sshd[4242]: Failed password for root from 203.0.113.9 port 50122 ssh2"}"#,
    );
    assert_eq!(render(OutputFormat::Ndjson, &attack_event()), expected);
    assert_eq!(export_all(OutputFormat::Ndjson, &[attack_event()]), format!("{expected}\n"));
}

#[test]
fn ndjson_labels_match_serde() {
    for event in [attack_event(), background_event()] {
        let object: serde_json::Value = serde_json::from_str(&render(OutputFormat::Ndjson, &event)).unwrap();
        assert_eq!(object["labels"], serde_json::to_value(&event.labels).unwrap());
    }
    let background = render(OutputFormat::Ndjson, &background_event());
    assert!(background.contains(r#""labels":{"malicious":false}"#), "{background}");
}

#[test]
fn json_is_one_array() {
    let out = export_all(OutputFormat::Json, &[attack_event(), background_event()]);
    let first = render(OutputFormat::Json, &attack_event());
    let second = render(OutputFormat::Json, &background_event());
    assert_eq!(out, format!("[\n{first},\n{second}\n]\n"));
    let parsed: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(parsed.len(), 2);
}

#[test]
fn json_without_events_is_empty_array() {
    assert_eq!(export_all(OutputFormat::Json, &[]), "[]\n");
}

#[test]
fn csv_row_is_exact() {
    let out = export_all(OutputFormat::Csv, &[attack_event(), background_event()]);
    let expected = concat!(
        "time,source,sourcetype,variant,host,scenario,phase,tactic,technique,malicious,raw\r\n",
        "2026-01-05T09:00:00.250Z,linux_auth,linux_secure,ssh_failed_password,srv-web03,ssh-brute-force,",
        "credential-access,credential-access,T1110.001,true,",
        "<84>Jan  5 09:00:00 srv-web03 sshd[4242]: Failed password for root from 203.0.113.9 port 50122 ssh2\r\n",
        "2026-01-05T09:00:00.250Z,linux_auth,linux_secure,ssh_failed_password,srv-web03,,,,,false,line one\r\n",
    );
    assert_eq!(out, expected);
}

#[test]
fn csv_without_events_has_header() {
    assert_eq!(export_all(OutputFormat::Csv, &[]), csv::header());
}

#[test]
fn csv_neutralises_formula_cells() {
    let cases = [
        ("=HYPERLINK(\"http://x.test\")", "\"'=HYPERLINK(\"\"http://x.test\"\")\""),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "\"'\r=1\""),
        ("a=1", "a=1"),
        ("<84>Jan", "<84>Jan"),
        ("", ""),
    ];
    for (cell, expected) in cases {
        let mut out = String::new();
        csv::write_cell(cell, &mut out);
        assert_eq!(out, expected, "cell {cell:?}");
    }
}

#[test]
fn csv_restores_neutralised_cells() {
    for cell in ["=1+1", "-msg", "@SUM(A1)", "'quoted", "'=kept", "plain"] {
        let mut out = String::new();
        csv::write_cell(cell, &mut out);
        let read = crate::format::csv::parse_record(&out, ',').unwrap_or_else(|e| panic!("{e}"));
        let restored = csv::restore_cell(&read[0]);
        if cell == "'=kept" {
            // The documented ambiguity: a cell that starts with `'` and a formula start loses the `'`.
            assert_eq!(restored, "=kept");
        } else {
            assert_eq!(restored, cell, "cell {cell:?}");
        }
    }
}

#[test]
fn csv_neutralises_every_column() {
    let event = Event {
        host: "=cmd|' /C calc'!A0".into(),
        raw: "-msg".into(),
        ..background_event()
    };
    let row = render(OutputFormat::Csv, &event);
    assert!(row.contains(",'=cmd|' /C calc'!A0,"), "{row}");
    assert!(row.ends_with(",'-msg"), "{row}");
}

#[test]
fn csv_quotes_delimiters_quotes_and_line_breaks() {
    let cases = [
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\r\nlf", "\"cr\r\nlf\""),
        ("plain text", "plain text"),
    ];
    for (cell, expected) in cases {
        let mut out = String::new();
        csv::write_cell(cell, &mut out);
        assert_eq!(out, expected, "cell {cell:?}");
    }
}

#[test]
fn json_escapes_newlines_and_quotes() {
    let event = Event {
        raw: "a \"quoted\"\nsecond\\line\ttab".into(),
        host: "h\u{1}".into(),
        ..background_event()
    };
    let object = render(OutputFormat::Ndjson, &event);
    assert!(!object.contains('\n'));
    assert!(object.contains(r#""raw":"a \"quoted\"\nsecond\\line\ttab""#), "{object}");
    assert!(object.contains(r#""host":"h\u0001""#), "{object}");
    let parsed: serde_json::Value = serde_json::from_str(&object).unwrap();
    assert_eq!(parsed["raw"], event.raw.as_str());

    let envelope = render(OutputFormat::HecEvent, &event);
    assert!(!envelope.contains('\n'));
    let parsed: serde_json::Value = serde_json::from_str(&envelope).unwrap();
    assert_eq!(parsed["event"], event.raw.as_str());
}

#[test]
fn hec_event_envelope_is_exact() {
    let expected = concat!(
        r#"{"time":1767603600.250,"host":"srv-web03","source":"linux_auth","sourcetype":"linux_secure","#,
        r#""event":"<84>Jan  5 09:00:00 srv-web03 sshd[4242]: Failed password for root from 203.0.113.9 port 50122 ssh2","#,
        r#""fields":{"variant":"ssh_failed_password","scenario":"ssh-brute-force","phase":"credential-access","#,
        r#""tactic":"credential-access","technique":"T1110.001","malicious":"true"}}"#,
    );
    assert_eq!(render(OutputFormat::HecEvent, &attack_event()), expected);
    let background = render(OutputFormat::HecEvent, &background_event());
    assert!(
        background.ends_with(r#""fields":{"variant":"ssh_failed_password","malicious":"false"}}"#),
        "{background}"
    );
}

#[test]
fn hec_time_before_epoch_keeps_sign() {
    let event = Event {
        time: Timestamp(-1_500_000_000),
        ..background_event()
    };
    assert!(render(OutputFormat::HecEvent, &event).starts_with(r#"{"time":-1.500,"#));
}

#[test]
fn hec_raw_separates_batches() {
    let events: Vec<Event> = (0..5)
        .map(|i| Event {
            raw: format!("event {i}"),
            ..background_event()
        })
        .collect();
    let mut exporter = Exporter::with_options(OutputFormat::HecRaw, Vec::new(), ExportOptions { batch_size: 2 }).unwrap();
    for event in &events {
        exporter.write_event(event).unwrap();
    }
    let out = String::from_utf8(exporter.finish().unwrap()).unwrap();
    assert_eq!(out, "event 0\nevent 1\n\nevent 2\nevent 3\n\nevent 4\n");
    let bodies: Vec<&str> = out.split("\n\n").collect();
    assert_eq!(bodies, ["event 0\nevent 1", "event 2\nevent 3", "event 4\n"]);
}

#[test]
fn hec_raw_rejects_zero_batch() {
    let err = Exporter::with_options(OutputFormat::HecRaw, Vec::new(), ExportOptions { batch_size: 0 }).unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
}

#[test]
fn millisecond_time_matches_timestamp_formatting() {
    let instants = [
        Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 250_000_000),
        Timestamp::from_civil(1999, 12, 31, 23, 59, 59, 999_999_999),
        Timestamp::from_civil(2024, 2, 29, 0, 0, 0, 1_000_000),
        Timestamp(0),
        Timestamp(-1),
        Timestamp(i64::MIN),
        Timestamp(i64::MAX),
    ];
    for time in instants {
        let mut fast = String::new();
        record::write_rfc3339_millis(time, &mut fast);
        assert_eq!(fast, time.rfc3339(3), "{time:?}");
    }
}

#[test]
fn render_of_raw_formats_is_raw_text() {
    assert_eq!(render(OutputFormat::Raw, &attack_event()), RAW);
    assert_eq!(render(OutputFormat::HecRaw, &attack_event()), RAW);
}

/// Counts bytes and newlines and keeps nothing.
#[derive(Default)]
struct CountingWriter {
    bytes: u64,
    lines: u64,
}

impl Write for CountingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len() as u64;
        self.lines += buf.iter().filter(|b| **b == b'\n').count() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn exporter_streams_200000_events() {
    let generator = Generator::new(&GenerateRequest::new("linux_auth", 200_000)).unwrap();
    let mut exporter = Exporter::new(OutputFormat::Ndjson, CountingWriter::default());
    for event in generator {
        exporter.write_event(&event).unwrap();
    }
    assert_eq!(exporter.count(), 200_000);
    let written = exporter.bytes_written();
    let sink = exporter.finish().unwrap();
    assert_eq!(sink.lines, 200_000);
    assert_eq!(sink.bytes, written);
    assert!(sink.bytes > 200_000 * 100, "{} bytes", sink.bytes);
}

/// Fails every write, like a closed pipe.
struct FailingWriter;

impl Write for FailingWriter {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn write_failure_is_io_error() {
    let mut exporter = Exporter::new(OutputFormat::Raw, FailingWriter);
    let err = exporter.write_event(&attack_event()).unwrap_err();
    assert_eq!(err.code(), "io_error");
    assert_eq!(exporter.count(), 0);
}
