//! Output formats for generated events, written as a stream to any [`std::io::Write`].
//!
//! An [`Exporter`] renders one event at a time into a reused buffer and hands it to the
//! writer, so a run of any length needs memory for one event only. Pass a buffered writer
//! (`BufWriter`) for files and pipes: the exporter issues one `write_all` per event.
//!
//! | Format | Name | Layout |
//! |---|---|---|
//! | [`OutputFormat::Raw`] | `raw` | the vendor text, one event per line; a multi-line event (pretty XML) keeps its line breaks |
//! | [`OutputFormat::Ndjson`] | `ndjson` | one JSON object per line: `time`, `source`, `sourcetype`, `variant`, `host`, `labels`, `raw` |
//! | [`OutputFormat::Json`] | `json` | one JSON array of the same objects, one object per line |
//! | [`OutputFormat::Csv`] | `csv` | RFC 4180 with a header row, CRLF line ends, formula injection neutralised (see [`csv`]) |
//! | [`OutputFormat::HecEvent`] | `hec` | one Splunk HEC `/services/collector/event` envelope per line |
//! | [`OutputFormat::HecRaw`] | `hec-raw` | bodies for the HEC `/services/collector/raw` endpoint, separated by a blank line |
//!
//! `host` is the device that reported the event (the first of the source's
//! [`host_fields`](crate::sources::SourceMeta::host_fields) that it has), else the host of the
//! cloud service that an input collects it from
//! ([`Source::collector_host`](crate::sources::Source::collector_host): `<org>.okta.com`,
//! `<org>.onmicrosoft.com`, `cloudtrail.<region>.amazonaws.com`), else the source id.
//!
//! `time` is RFC 3339 in UTC with milliseconds (`2026-01-05T09:00:00.000Z`) in NDJSON, JSON and
//! CSV, and epoch seconds with a millisecond fraction (`1767603600.000`) in HEC envelopes.
//!
//! # HEC raw batches
//! The `/raw` endpoint takes a request body of raw events separated by line breaks and splits
//! it with the sourcetype's line breaking. The `hec-raw` output is a sequence of such bodies:
//! each event on its own line, and one empty line between batches of
//! [`ExportOptions::batch_size`] events (none after the last). A sender splits the output on
//! `"\n\n"` and posts each part as one request. A raw
//! event that itself contains an empty line would break that framing; no generated event
//! does.
//!
//! # Examples
//! ```
//! use siemulator::export::{Exporter, OutputFormat};
//! use siemulator::generate::{GenerateRequest, Generator};
//!
//! let mut exporter = Exporter::new(OutputFormat::Ndjson, Vec::new());
//! for event in Generator::new(&GenerateRequest::new("linux_auth", 3)).unwrap() {
//!     exporter.write_event(&event).unwrap();
//! }
//! assert_eq!(exporter.count(), 3);
//! let bytes = exporter.finish().unwrap();
//! assert_eq!(bytes.iter().filter(|b| **b == b'\n').count(), 3);
//! ```

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::event::Event;

pub mod csv;
mod record;

/// The layout events are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// The vendor's own text, one event per line.
    Raw,
    /// Newline-delimited JSON objects.
    Ndjson,
    /// One JSON array.
    Json,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// Splunk HEC `/services/collector/event` envelopes, one per line.
    HecEvent,
    /// Bodies for the Splunk HEC `/services/collector/raw` endpoint.
    HecRaw,
}

impl OutputFormat {
    /// Every format, in the order help texts list them.
    pub const ALL: &'static [OutputFormat] = &[
        OutputFormat::Raw,
        OutputFormat::Ndjson,
        OutputFormat::Json,
        OutputFormat::Csv,
        OutputFormat::HecEvent,
        OutputFormat::HecRaw,
    ];

    /// The names [`OutputFormat::from_str`] accepts, in the order of [`OutputFormat::ALL`].
    pub const NAMES: &'static [&'static str] = &["raw", "ndjson", "json", "csv", "hec", "hec-raw"];

    /// Returns the format's name, as the CLI and the bindings take it.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Raw => "raw",
            OutputFormat::Ndjson => "ndjson",
            OutputFormat::Json => "json",
            OutputFormat::Csv => "csv",
            OutputFormat::HecEvent => "hec",
            OutputFormat::HecRaw => "hec-raw",
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OutputFormat {
    type Err = Error;

    /// Reads a format name (case-insensitive); `hec-event`, `hec_event` and `hec_raw` are
    /// accepted too.
    ///
    /// # Errors
    /// Returns [`Error::InvalidArgument`] listing the names.
    fn from_str(name: &str) -> Result<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "raw" => Ok(OutputFormat::Raw),
            "ndjson" | "jsonl" => Ok(OutputFormat::Ndjson),
            "json" => Ok(OutputFormat::Json),
            "csv" => Ok(OutputFormat::Csv),
            "hec" | "hec-event" | "hec_event" => Ok(OutputFormat::HecEvent),
            "hec-raw" | "hec_raw" => Ok(OutputFormat::HecRaw),
            _ => Err(Error::invalid_argument(
                "format",
                format!("unknown output format '{name}'; expected one of {}", OutputFormat::NAMES.join(", ")),
            )),
        }
    }
}

/// Settings of an [`Exporter`] beyond the format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// Events per HEC `/raw` request body; only [`OutputFormat::HecRaw`] uses it.
    pub batch_size: u64,
}

/// Default number of events in one HEC `/raw` body.
pub const DEFAULT_BATCH_SIZE: u64 = 100;

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            batch_size: DEFAULT_BATCH_SIZE,
        }
    }
}

/// Writes events one at a time in an [`OutputFormat`].
#[derive(Debug)]
pub struct Exporter<W: Write> {
    format: OutputFormat,
    options: ExportOptions,
    out: W,
    buffer: String,
    count: u64,
    bytes: u64,
}

impl<W: Write> Exporter<W> {
    /// Starts an export to `out` with default options. Nothing is written until the first
    /// event or [`Exporter::finish`].
    pub fn new(format: OutputFormat, out: W) -> Self {
        Exporter {
            format,
            options: ExportOptions::default(),
            out,
            buffer: String::with_capacity(1024),
            count: 0,
            bytes: 0,
        }
    }

    /// Starts an export with `options`.
    ///
    /// # Errors
    /// Returns [`Error::InvalidArgument`] for a batch size of zero.
    pub fn with_options(format: OutputFormat, out: W, options: ExportOptions) -> Result<Self> {
        if options.batch_size == 0 {
            return Err(Error::invalid_argument(
                "batch_size",
                "the HEC batch size is 0; give at least 1 event per batch",
            ));
        }
        let mut exporter = Exporter::new(format, out);
        exporter.options = options;
        Ok(exporter)
    }

    /// Returns the format being written.
    pub fn format(&self) -> OutputFormat {
        self.format
    }

    /// Returns the number of events written so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Returns the number of bytes handed to the writer so far.
    pub fn bytes_written(&self) -> u64 {
        self.bytes
    }

    /// Writes one event, preceded by the CSV header, the JSON array opening or a HEC batch
    /// separator where the format needs one.
    ///
    /// # Errors
    /// Returns [`Error::Io`] when the writer fails.
    pub fn write_event(&mut self, event: &Event) -> Result<()> {
        self.buffer.clear();
        match self.format {
            OutputFormat::Csv if self.count == 0 => csv::write_header(&mut self.buffer),
            OutputFormat::Json if self.count == 0 => self.buffer.push_str("[\n"),
            OutputFormat::Json => self.buffer.push_str(",\n"),
            OutputFormat::HecRaw if self.count > 0 && self.count % self.options.batch_size == 0 => self.buffer.push('\n'),
            _ => {}
        }
        render_into(self.format, event, &mut self.buffer);
        if self.format != OutputFormat::Json {
            self.buffer.push_str(line_end(self.format));
        }
        self.flush_buffer()?;
        self.count += 1;
        Ok(())
    }

    /// Closes the output (the JSON array, or the CSV header when no event was written),
    /// flushes the writer and returns it.
    ///
    /// # Errors
    /// Returns [`Error::Io`] when the writer fails.
    pub fn finish(mut self) -> Result<W> {
        self.buffer.clear();
        match self.format {
            OutputFormat::Json if self.count == 0 => self.buffer.push_str("[]\n"),
            OutputFormat::Json => self.buffer.push_str("\n]\n"),
            OutputFormat::Csv if self.count == 0 => csv::write_header(&mut self.buffer),
            _ => {}
        }
        self.flush_buffer()?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn flush_buffer(&mut self) -> Result<()> {
        if !self.buffer.is_empty() {
            self.out.write_all(self.buffer.as_bytes())?;
            self.bytes += self.buffer.len() as u64;
        }
        Ok(())
    }
}

/// Returns the line end after each event: CRLF for CSV as RFC 4180 writes it, LF otherwise.
fn line_end(format: OutputFormat) -> &'static str {
    if format == OutputFormat::Csv {
        "\r\n"
    } else {
        "\n"
    }
}

/// Appends one event in `format` without the line end or any framing around it.
fn render_into(format: OutputFormat, event: &Event, out: &mut String) {
    match format {
        OutputFormat::Raw | OutputFormat::HecRaw => out.push_str(&event.raw),
        OutputFormat::Ndjson | OutputFormat::Json => record::write_object(event, out),
        OutputFormat::Csv => csv::write_row(event, out),
        OutputFormat::HecEvent => record::write_hec_event(event, out),
    }
}

/// Renders one event: the raw text, one JSON object (for both `ndjson` and `json`), one CSV
/// data row without the header (see [`csv::header`]), or one HEC envelope. The result has no
/// trailing line end.
///
/// # Examples
/// ```
/// use siemulator::export::{render, OutputFormat};
/// use siemulator::generate::{GenerateRequest, Generator};
/// let event = Generator::new(&GenerateRequest::new("linux_auth", 1)).unwrap().next().unwrap();
/// let object: serde_json::Value = serde_json::from_str(&render(OutputFormat::Json, &event)).unwrap();
/// assert_eq!(object["raw"], event.raw.as_str());
/// ```
pub fn render(format: OutputFormat, event: &Event) -> String {
    let mut out = String::with_capacity(event.raw.len() + 256);
    render_into(format, event, &mut out);
    out
}

#[cfg(test)]
mod tests;
