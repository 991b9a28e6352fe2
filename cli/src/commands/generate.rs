//! `siemulator generate`: events of one source.

use std::io::Write;
use std::time::Instant;

use clap::{Args, ValueEnum};
use siemulator::clock::RateProfile;
use siemulator::generate::{GenerateRequest, Generator, DEFAULT_RATE};
use siemulator::timestamp::Timestamp;

use super::{log_done, parse_time, FormatArg, OutputArgs};
use crate::errors::CliError;
use crate::progress::UPDATE_EVERY;

/// Number of events without --count, --end or --endless.
const DEFAULT_COUNT: u64 = 10;

/// The `--profile` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// Evenly spaced events.
    Constant,
    /// Each event at a random point of its evenly spaced slot.
    Jittered,
    /// Weekly business hours in UTC, as shares of the peak rate (2.79 times --rate):
    /// weekdays 100% 09:00-17:00 except 75% 12:00-13:00, 30% 07:00-08:00, 70% 08:00-09:00,
    /// 60% 17:00-18:00, 30% 18:00-19:00, 15% 19:00-24:00, 10% 00:00-07:00; weekends 10%.
    Diurnal,
    /// One 60 s burst at 10 times the base rate every 15 minutes.
    Bursts,
}

impl ProfileArg {
    fn name(self) -> &'static str {
        match self {
            ProfileArg::Constant => "constant",
            ProfileArg::Jittered => "jittered",
            ProfileArg::Diurnal => "diurnal",
            ProfileArg::Bursts => "bursts",
        }
    }
}

#[derive(Debug, Args)]
#[command(after_help = "\
Without --count, --end or --endless, 10 events are written. --count 0 writes none (an empty
file, `[]` for json, the header row for csv). With --end and no --count, every event before
END is written. Event N is the same whatever --count and --offset are, so --offset 1000
--count 1000 writes exactly events 1000 to 1999 of a longer run.

The defaults are seeded: seed 0, start 2026-01-05T09:00:00Z, 10 events per second, so the
same command writes the same bytes on every run.")]
pub struct GenerateArgs {
    /// Source id or alias, such as linux_auth; `siemulator list` shows them all.
    pub source: String,

    /// Number of events [default: 10, or every event before --end].
    #[arg(short = 'n', long, conflicts_with = "endless", allow_negative_numbers = true)]
    pub count: Option<u64>,

    /// Write events until stopped (or until --end).
    #[arg(long)]
    pub endless: bool,

    /// Run seed: the same seed gives the same events.
    #[arg(short, long, default_value_t = 0, allow_negative_numbers = true)]
    pub seed: u64,

    /// Time of the first event, RFC 3339 [default: 2026-01-05T09:00:00Z].
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub start: Option<Timestamp>,

    /// Stop before this time, RFC 3339.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub end: Option<Timestamp>,

    /// Average rate in events per second of event time (not of output speed).
    #[arg(long, value_name = "EPS", default_value_t = DEFAULT_RATE, allow_negative_numbers = true)]
    pub rate: f64,

    /// How the rate varies over time.
    #[arg(long, value_enum, default_value_t = ProfileArg::Constant)]
    pub profile: ProfileArg,

    /// Produce only this variant (event type); by default variants are drawn by weight.
    #[arg(long)]
    pub variant: Option<String>,

    /// Replace a generated field in every event that has it; repeatable. Where the replaced
    /// value names a user, host, address, domain or account of the world, other fields that
    /// contain it follow (`--set user=zed` also turns `/home/lee.kim` into `/home/zed`).
    #[arg(long = "set", value_name = "FIELD=VALUE", value_parser = parse_override)]
    pub overrides: Vec<(String, String)>,

    /// Index of the first event, to write a slice of a longer run.
    #[arg(long, value_name = "N", default_value_t = 0, allow_negative_numbers = true)]
    pub offset: u64,

    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_override(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((field, value)) if !field.trim().is_empty() => Ok((field.trim().to_string(), value.to_string())),
        _ => Err(format!("'{text}' is not FIELD=VALUE; write it as --set user=alice")),
    }
}

impl GenerateArgs {
    fn request(&self) -> Result<GenerateRequest, CliError> {
        let count = match (self.count, self.end.is_some() || self.endless) {
            (Some(count), _) => Some(count),
            (None, true) => None,
            (None, false) => Some(DEFAULT_COUNT),
        };
        if let Some(end) = self.end {
            let start = self.start.unwrap_or_else(siemulator::generate::default_start);
            if end <= start {
                let named = if self.start.is_some() { "--start" } else { "the default start" };
                return Err(CliError::Usage(format!(
                    "--end {} is not after {named} {}; give an end later than the start",
                    end.rfc3339(3),
                    start.rfc3339(3)
                )));
            }
        }
        Ok(GenerateRequest {
            source: self.source.clone(),
            count,
            offset: self.offset,
            seed: self.seed,
            start: self.start,
            end: self.end,
            rate: Some(self.rate),
            profile: RateProfile::from_name(self.profile.name())?,
            variant: self.variant.clone(),
            overrides: self.overrides.clone(),
            ..GenerateRequest::default()
        })
    }
}

/// Runs `siemulator generate`.
pub fn run(args: &GenerateArgs) -> Result<(), CliError> {
    let request = args.request()?;
    let generator = Generator::new(&request)?;
    let total = generator.remaining();
    tracing::info!(
        source = generator.source().meta().id,
        events = total.map_or_else(|| "endless".to_string(), |n| n.to_string()),
        seed = request.seed,
        format = ?args.output.format,
        "generating"
    );
    if args.output.format == FormatArg::Raw {
        write_raw(generator, total, &args.output)
    } else {
        super::write_events(generator, total, &args.output).map(|_| ())
    }
}

/// Writes raw text on the fast path: one reused line buffer, no `Event` values, one buffered
/// writer.
fn write_raw(mut generator: Generator, total: Option<u64>, output: &OutputArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let mut out = output.open()?;
    let progress = output.progress(total);
    let mut line = String::with_capacity(1024);
    let mut count = 0u64;
    let mut bytes = 0u64;
    while generator.next_raw(&mut line).is_some() {
        line.push('\n');
        out.write_all(line.as_bytes())?;
        count += 1;
        bytes += line.len() as u64;
        if count % UPDATE_EVERY == 0 {
            progress.set(count);
        }
    }
    out.flush()?;
    progress.finish();
    log_done(count, bytes, started);
    Ok(())
}
