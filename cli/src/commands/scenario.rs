//! `siemulator scenario`: list, describe, show and run attack scenarios.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;

use clap::{Args, Subcommand};
use siemulator::clock::RateProfile;
use siemulator::scenario::{Description, ResolvedActor, Scenario};
use siemulator::timestamp::Timestamp;

use super::{parse_time, OutputArgs};
use crate::errors::CliError;

/// Largest scenario file read, in bytes; a scenario document is a few kilobytes.
const MAX_SCENARIO_FILE: u64 = 16 << 20;

#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// List the built-in scenarios.
    List {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Summarise a scenario: timing, actors, phases with ATT&CK techniques, event counts.
    Describe(DescribeArgs),
    /// Print the YAML document of a built-in scenario, to copy and edit.
    Show {
        /// Built-in scenario name.
        name: String,
    },
    /// Run a scenario: every source's events merged in time order, attack events labelled.
    Run(RunArgs),
}

#[derive(Debug, Args)]
pub struct DescribeArgs {
    /// Built-in scenario name or path to a .yaml, .yml, .json or .toml document.
    pub scenario: String,

    /// Run seed [default: the document's seed, else 0].
    #[arg(short, long, allow_negative_numbers = true)]
    pub seed: Option<u64>,

    /// Print the description as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
The run is reproducible: without --seed it uses the document's seed (else 0) and without
--start the document's start (else 2026-01-05T09:00:00Z). Attack events carry the labels
scenario, phase, tactic, technique and malicious=true in the ndjson, json, csv and hec formats;
background events carry the scenario label and malicious=false.")]
pub struct RunArgs {
    /// Built-in scenario name or path to a .yaml, .yml, .json or .toml document.
    pub scenario: String,

    /// Run seed [default: the document's seed, else 0].
    #[arg(short, long, allow_negative_numbers = true)]
    pub seed: Option<u64>,

    /// Start of the scenario, RFC 3339 [default: the document's start].
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub start: Option<Timestamp>,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `siemulator scenario ...`.
pub fn run(command: &ScenarioCommand) -> Result<(), CliError> {
    match command {
        ScenarioCommand::List { json } => list(*json),
        ScenarioCommand::Describe(args) => describe(args),
        ScenarioCommand::Show { name } => {
            let text = Scenario::builtin_text(name)?;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
        ScenarioCommand::Run(args) => {
            let scenario = load(&args.scenario)?;
            let events = scenario.events(args.seed, args.start).map_err(|e| in_document(&args.scenario, e))?;
            let total = events.total();
            tracing::info!(
                scenario = scenario.name(),
                events = total,
                seed = scenario.effective_seed(args.seed),
                "running scenario"
            );
            super::write_events(events, Some(total), &args.output).map(|_| ())
        }
    }
}

/// Loads a built-in scenario by name, or else a document from a file.
fn load(name_or_path: &str) -> Result<Scenario, CliError> {
    if Scenario::builtin_names().iter().any(|n| n.eq_ignore_ascii_case(name_or_path)) {
        return Ok(Scenario::builtin(name_or_path)?);
    }
    let path = Path::new(name_or_path);
    // A name that looks like a path is read as a file, so a missing file fails as it does for
    // `parse` (exit 1). Any other name that is no built-in scenario is bad usage (exit 2).
    let looks_like_path = name_or_path.contains(['/', '\\'])
        || path.extension().and_then(|extension| extension.to_str()).is_some_and(|extension| {
            ["yaml", "yml", "json", "toml"]
                .iter()
                .any(|known| extension.eq_ignore_ascii_case(known))
        });
    if !looks_like_path && !path.is_file() {
        return Err(CliError::Usage(format!(
            "'{name_or_path}' is neither a built-in scenario nor a file; the built-in scenarios are: {}; \
             or give the path of a .yaml, .json or .toml document",
            Scenario::builtin_names().join(", ")
        )));
    }
    let file = std::fs::File::open(path).map_err(|e| CliError::io("open scenario file", path, &e))?;
    let mut text = String::new();
    file.take(MAX_SCENARIO_FILE + 1)
        .read_to_string(&mut text)
        .map_err(|e| CliError::io("read scenario file", path, &e))?;
    if text.len() as u64 > MAX_SCENARIO_FILE {
        return Err(CliError::Failure(format!(
            "scenario file '{}' is larger than {} MiB; a scenario document is a few kilobytes",
            path.display(),
            MAX_SCENARIO_FILE >> 20
        )));
    }
    tracing::debug!(path = %path.display(), bytes = text.len(), "read scenario file");
    Scenario::from_text_guess(name_or_path, &text).map_err(|e| in_document(name_or_path, e))
}

/// Names the document in a scenario error, which is a failure of that input (exit 1).
fn in_document(name: &str, error: siemulator::Error) -> CliError {
    match error {
        siemulator::Error::Scenario { .. } => CliError::Failure(format!("{name}: {error}")),
        other => CliError::from(other),
    }
}

fn list(json: bool) -> Result<(), CliError> {
    let mut rows = Vec::new();
    for name in Scenario::builtin_names() {
        let scenario = Scenario::builtin(name)?;
        let spec = scenario.spec();
        rows.push((name, spec.duration.to_string(), spec.phases.len(), spec.description.clone()));
    }
    let mut out = std::io::stdout().lock();
    if json {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|(name, duration, phases, description)| {
                serde_json::json!({"name": name, "duration": duration, "phases": phases, "description": description})
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &items).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(4).max(4);
        writeln!(out, "{:<width$}  DURATION  PHASES  DESCRIPTION", "NAME")?;
        for (name, duration, phases, description) in &rows {
            writeln!(out, "{name:<width$}  {duration:<8}  {phases:<6}  {description}")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn describe(args: &DescribeArgs) -> Result<(), CliError> {
    let scenario = load(&args.scenario)?;
    let description = scenario.describe(args.seed).map_err(|e| in_document(&args.scenario, e))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &description).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        out.write_all(describe_text(&description).as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

/// Fields shown for a world actor in the text description, in order of interest.
const ACTOR_FIELDS: &[&str] = &["user", "host", "ip", "domain", "name", "account_id", "provider"];

/// Maximum length, in characters, of a literal actor value printed whole in the text
/// description.
const MAX_SHOWN_VALUE: usize = 40;

/// Returns `field=value` for the values of an actor: every field of a literal actor in
/// document order, and the first four non-empty [`ACTOR_FIELDS`] of a world actor.
fn actor_values(actor: &ResolvedActor) -> Vec<String> {
    if actor.kind == "literal" {
        return actor
            .fields
            .iter()
            .filter_map(|(field, value)| value.as_str().map(|value| format!("{field}={}", shown_value(value))))
            .collect();
    }
    ACTOR_FIELDS
        .iter()
        .filter_map(|f| actor.get(f).filter(|v| !v.is_empty()).map(|v| format!("{f}={v}")))
        .take(4)
        .collect()
}

/// Shortens a value longer than [`MAX_SHOWN_VALUE`] characters with `...`, and quotes it as a
/// JSON string when it contains a space or a quote, so that values stay apart on the line.
fn shown_value(value: &str) -> String {
    let text = match value.char_indices().nth(MAX_SHOWN_VALUE) {
        Some((cut, _)) => format!("{}...", &value[..cut]),
        None => value.to_string(),
    };
    if text.contains(|c: char| c.is_whitespace() || c == '"') {
        serde_json::Value::from(text).to_string()
    } else {
        text
    }
}

fn describe_text(d: &Description) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{}: {}", d.name, d.description);
    let _ = writeln!(
        text,
        "seed {}, {} to {} ({})",
        d.seed,
        d.start.rfc3339(0),
        d.end.rfc3339(0),
        d.duration
    );
    let _ = writeln!(
        text,
        "{} events: {} attack, {} background",
        d.total_events, d.attack_events, d.background_events
    );

    if !d.actors.is_empty() {
        let _ = writeln!(text, "\nactors:");
        let width = d.actors.iter().map(|a| a.name.len()).max().unwrap_or(0);
        for actor in &d.actors {
            let values = actor_values(actor);
            let _ = writeln!(text, "  {:<width$}  {:<15}  {}", actor.name, actor.kind, values.join(" "));
        }
    }

    let _ = writeln!(text, "\nphases:");
    for (i, phase) in d.phases.iter().enumerate() {
        // A step may label its events with a tactic of its own, which follows its technique.
        let mut labels: Vec<String> = phase.tactic.iter().cloned().collect();
        for technique in &phase.techniques {
            let step = phase.steps.iter().find(|step| step.technique.as_ref() == Some(technique));
            match step
                .and_then(|step| step.tactic.as_ref())
                .filter(|tactic| Some(*tactic) != phase.tactic.as_ref())
            {
                Some(tactic) => labels.push(format!("{technique} ({tactic})")),
                None => labels.push(technique.clone()),
            }
        }
        let _ = writeln!(
            text,
            "  {}. {} [{}] {} to {}, {} events",
            i + 1,
            phase.name,
            labels.join(" "),
            time_of_day(phase.start),
            time_of_day(phase.end),
            phase.events
        );
    }
    if !d.background.is_empty() {
        let _ = writeln!(text, "\nbackground:");
        for background in &d.background {
            let _ = writeln!(
                text,
                "  {} at {} events/s ({}), {} events",
                background.source,
                background.rate,
                profile_name(&background.profile),
                background.events
            );
        }
    }
    let _ = writeln!(text, "\nsources:");
    for source in &d.sources {
        let _ = writeln!(
            text,
            "  {}: {} attack, {} background",
            source.source, source.attack_events, source.background_events
        );
    }
    text
}

fn profile_name(profile: &RateProfile) -> String {
    match profile {
        RateProfile::Constant => "constant".into(),
        RateProfile::Jittered => "jittered".into(),
        RateProfile::Diurnal => "diurnal".into(),
        RateProfile::Bursts {
            period_secs,
            burst_secs,
            multiplier,
        } => format!("bursts of {burst_secs} s at {multiplier}x every {period_secs} s"),
    }
}

/// Returns `HH:MM:SS` of an instant in UTC.
fn time_of_day(time: Timestamp) -> String {
    let mut out = String::new();
    time.write_time(&mut out, 0, 0);
    out
}
