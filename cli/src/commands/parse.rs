//! `siemulator parse`: logs of one source into OCSF records.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::PathBuf;

use clap::Args;
use siemulator::parse::Parser;
use siemulator::sources::ParseOptions;
use siemulator::timestamp::{Timestamp, MAX_YEAR, MIN_YEAR};

use crate::errors::{print_stderr, CliError};

/// Size of the input buffer.
const INPUT_BUFFER: usize = 1 << 20;

#[derive(Debug, Args)]
#[command(after_help = "\
Each event that cannot be read is reported on standard error as `line N: reason (byte offset
M)`, where N is the line the event starts on and M counts from the start of that event, and
reading goes on. A summary line `parsed N events, M failed` ends the run; the exit status is 1 when
any event failed.")]
pub struct ParseArgs {
    /// Source id or alias whose format the input is in.
    pub source: String,

    /// Input file; `-` or nothing reads standard input.
    pub input: Option<PathBuf>,

    /// Year of timestamps that carry none, such as BSD syslog's `Jan  5 09:00:00`, from 1678
    /// to 2261; a timestamp more than half a year before the previous event's moves to the next
    /// year when that puts it within a month of that event [default: the current year, UTC]
    #[arg(long, value_parser = clap::value_parser!(i32).range(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)))]
    pub year: Option<i32>,

    /// Time (RFC 3339) given to events that carry no timestamp of their own, such as bare
    /// messages whose syslog header a collector removed [default: now]
    #[arg(long, value_parser = super::parse_time)]
    pub received_time: Option<Timestamp>,

    /// UTC offset of timestamps that name no zone, such as BSD syslog, Cisco ASA, PAN-OS and
    /// classic Windows text times, written `Z`, `+HH:MM`, `-HH:MM` or `+HHMM`. Times with their
    /// own zone or offset, and epoch numbers, keep theirs [default: Z]
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true, value_parser = parse_utc_offset)]
    pub utc_offset: Option<i32>,

    /// Leave the input text out of the records (no `raw_data` attribute).
    #[arg(long)]
    pub no_raw: bool,
}

/// Reads the `--utc-offset` value into minutes east of UTC.
fn parse_utc_offset(text: &str) -> Result<i32, String> {
    siemulator::timestamp::parse_utc_offset(text).map_err(|e| {
        format!(
            "{} (character {} of the offset); write Z, +HH:MM, -HH:MM or +HHMM with hours 00 to 23, such as +02:00",
            e.reason,
            e.offset + 1
        )
    })
}

/// Runs `siemulator parse`.
pub fn run(args: &ParseArgs) -> Result<(), CliError> {
    // Real logs are read against the wall clock: the CLI, unlike the core, may read it.
    let now = wall_clock_now();
    let options = ParseOptions {
        year: args.year.unwrap_or_else(|| now.civil().year),
        include_raw: !args.no_raw,
        received_time: Some(args.received_time.unwrap_or(now)),
        utc_offset: args.utc_offset.unwrap_or(0),
    };
    // Look the source up before opening the input, so an unknown id is a usage error even
    // when the file is missing.
    siemulator::sources::find(&args.source)?;
    let reader: Box<dyn BufRead> = match &args.input {
        Some(path) if path.as_os_str() != "-" => {
            let file = File::open(path).map_err(|e| CliError::io("open input file", path, &e))?;
            Box::new(BufReader::with_capacity(INPUT_BUFFER, file))
        }
        _ => Box::new(BufReader::with_capacity(INPUT_BUFFER, io::stdin().lock())),
    };
    let parser = Parser::new(&args.source, reader, options)?;

    let mut out = io::BufWriter::with_capacity(INPUT_BUFFER, io::stdout().lock());
    let mut parsed = 0u64;
    let mut failed = 0u64;
    for outcome in parser {
        match outcome {
            Ok(record) => {
                serde_json::to_writer(&mut out, &record.ocsf).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
                parsed += 1;
            }
            Err(error) => {
                failed += 1;
                let place = error.line.map_or_else(|| "input".to_string(), |line| format!("line {line}"));
                print_stderr(format_args!("{place}: {} (byte offset {})", error.reason, error.offset));
            }
        }
    }
    out.flush()?;
    print_stderr(format_args!("parsed {parsed} events, {failed} failed"));
    if failed > 0 {
        Err(CliError::Reported)
    } else {
        Ok(())
    }
}

/// Returns the current time from the system clock.
fn wall_clock_now() -> Timestamp {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp(i64::try_from(since_epoch.as_nanos()).unwrap_or(i64::MAX))
}
