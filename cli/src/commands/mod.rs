//! The subcommands, one file each, and what they share: output options and writing events.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, ValueEnum};
use siemulator::export::{ExportOptions, Exporter, OutputFormat, DEFAULT_BATCH_SIZE};
use siemulator::timestamp::{parse_rfc3339, Timestamp};
use siemulator::Event;

use crate::errors::CliError;
use crate::interrupt;
use crate::progress::{Progress, UPDATE_EVERY};

pub mod generate;
pub mod list;
pub mod parse;
pub mod scenario;

/// Size of the output buffer: large writes keep the generation loop out of the kernel.
const OUTPUT_BUFFER: usize = 1 << 20;

/// The `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// The vendor's own text, one event per line.
    Raw,
    /// One JSON object per line: time, source, sourcetype, variant, host, labels, raw.
    Ndjson,
    /// One JSON array of the same objects.
    Json,
    /// RFC 4180 CSV with a header row; cells starting with = + - @ tab or CR get a ' prefix.
    Csv,
    /// Splunk HEC /services/collector/event envelopes, one per line.
    Hec,
    /// Splunk HEC /services/collector/raw bodies: raw lines, an empty line between batches.
    HecRaw,
}

impl From<FormatArg> for OutputFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Raw => OutputFormat::Raw,
            FormatArg::Ndjson => OutputFormat::Ndjson,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Csv => OutputFormat::Csv,
            FormatArg::Hec => OutputFormat::HecEvent,
            FormatArg::HecRaw => OutputFormat::HecRaw,
        }
    }
}

/// Output options: destination, format, progress bar and HEC batch size.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Raw)]
    pub format: FormatArg,

    /// Write to FILE instead of standard output (the file is replaced).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Never show the progress bar. It shows only with --output when standard error is a
    /// terminal.
    #[arg(long)]
    pub no_progress: bool,

    /// Events per request body of --format hec-raw [default: 100].
    #[arg(long, value_name = "EVENTS", value_parser = clap::value_parser!(u64).range(1..))]
    pub hec_batch: Option<u64>,
}

impl OutputArgs {
    /// Opens the output: the file, created or truncated, or standard output; buffered.
    pub fn open(&self) -> Result<BufWriter<Box<dyn Write>>, CliError> {
        let sink: Box<dyn Write> = match &self.output {
            Some(path) => {
                let file = File::create(path).map_err(|e| CliError::io("create output file", path, &e))?;
                tracing::info!(path = %path.display(), "writing to file");
                Box::new(file)
            }
            None => Box::new(io::stdout().lock()),
        };
        Ok(BufWriter::with_capacity(OUTPUT_BUFFER, sink))
    }

    /// Starts the progress bar for a run of `total` events, if one should show.
    pub fn progress(&self, total: Option<u64>) -> Progress {
        Progress::new(total, self.output.is_some(), self.no_progress)
    }
}

/// Writes `events` in the chosen format, returning how many were written.
pub fn write_events(events: impl Iterator<Item = Event>, total: Option<u64>, output: &OutputArgs) -> Result<u64, CliError> {
    let started = Instant::now();
    if output.hec_batch.is_some() && output.format != FormatArg::HecRaw {
        return Err(CliError::Usage(
            "--hec-batch is valid only with --format hec-raw, the one format with request bodies; remove it or use --format hec-raw"
                .to_string(),
        ));
    }
    let options = ExportOptions {
        batch_size: output.hec_batch.unwrap_or(DEFAULT_BATCH_SIZE),
    };
    let mut exporter = Exporter::with_options(output.format.into(), output.open()?, options)?;
    let progress = output.progress(total);
    interrupt::install();
    for event in events {
        if interrupt::requested() {
            break;
        }
        exporter.write_event(&event)?;
        if exporter.count() % UPDATE_EVERY == 0 {
            progress.set(exporter.count());
        }
    }
    let count = exporter.count();
    let bytes = exporter.bytes_written();
    exporter.finish()?;
    progress.finish();
    log_done(count, bytes, started);
    if interrupt::requested() {
        return Err(CliError::Interrupted(count));
    }
    Ok(count)
}

/// Logs the size and speed of a finished run.
pub fn log_done(events: u64, bytes: u64, started: Instant) {
    let seconds = started.elapsed().as_secs_f64();
    let rate = if seconds > 0.0 { events as f64 / seconds } else { 0.0 };
    tracing::info!(
        events,
        bytes,
        seconds = format_args!("{seconds:.3}"),
        events_per_second = format_args!("{rate:.0}"),
        "done"
    );
}

/// Reads an RFC 3339 instant for options such as `--start`, `--end` and `--received-time`.
pub fn parse_time(text: &str) -> Result<Timestamp, String> {
    parse_rfc3339(text).map_err(|e| {
        // Offset 0 points at no particular byte, because the whole text is out of range or does
        // not start like a time.
        let place = if e.offset > 0 {
            format!(" at byte {}", e.offset)
        } else {
            String::new()
        };
        format!("{}{place}; write RFC 3339 such as 2026-01-05T09:00:00Z", e.reason)
    })
}
