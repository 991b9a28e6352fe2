//! `siemulator parse`: logs of one source into OCSF records.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::PathBuf;

use clap::Args;
use siemulator::generate::DEFAULT_START_YEAR;
use siemulator::parse::Parser;
use siemulator::sources::ParseOptions;

use crate::errors::CliError;

/// Size of the input buffer.
const INPUT_BUFFER: usize = 1 << 20;

#[derive(Debug, Args)]
#[command(after_help = "\
Each event that cannot be read is reported on standard error as `line N: reason` and reading
goes on. A summary line `parsed N events, M failed` ends the run; the exit status is 1 when
any event failed.")]
pub struct ParseArgs {
    /// Source id or alias whose format the input is in.
    pub source: String,

    /// Input file; `-` or nothing reads standard input.
    pub input: Option<PathBuf>,

    /// Year of timestamps that carry none, such as BSD syslog's `Jan  5 09:00:00`.
    #[arg(long, default_value_t = DEFAULT_START_YEAR)]
    pub year: i32,

    /// Leave the input text out of the records (no `raw_data` attribute).
    #[arg(long)]
    pub no_raw: bool,
}

/// Runs `siemulator parse`.
pub fn run(args: &ParseArgs) -> Result<(), CliError> {
    let options = ParseOptions {
        year: args.year,
        include_raw: !args.no_raw,
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
                eprintln!("{place}: {} (byte offset {})", error.reason, error.offset);
            }
        }
    }
    out.flush()?;
    eprintln!("parsed {parsed} events, {failed} failed");
    if failed > 0 {
        Err(CliError::Reported)
    } else {
        Ok(())
    }
}
