//! The compiler: validates a scenario document and expands it into one [`Generator`] per
//! background source and per attack step.
//!
//! Each stream gets its own seed, derived from (run seed, scenario name, stream path), so
//! editing one step never changes the events of another. A step's clock starts at scenario
//! start + phase offset + step offset and spreads `count` events over the step's window.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::actors::{self, ResolvedActor};
use super::spec::{ScenarioSpec, SpecDuration, StepSpec};
use crate::clock::{Clock, MAX_RATE};
use crate::error::{Error, Result};
use crate::event::Labels;
use crate::generate::{GenerateRequest, Generator};
use crate::seed::StreamKey;
use crate::timestamp::{Timestamp, NANOS_PER_SECOND};
use crate::world::World;

/// The 14 tactics of the ATT&CK Enterprise matrix, by their short names.
pub const TACTICS: &[&str] = &[
    "reconnaissance",
    "resource-development",
    "initial-access",
    "execution",
    "persistence",
    "privilege-escalation",
    "defense-evasion",
    "credential-access",
    "discovery",
    "lateral-movement",
    "collection",
    "command-and-control",
    "exfiltration",
    "impact",
];

/// The part of the document a compiled stream comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StreamKind {
    /// `background[index]`.
    Background { index: usize },
    /// `phases[phase].steps[step]`.
    Step { phase: usize, step: usize },
}

/// One stream of the scenario, ready to run.
#[derive(Debug)]
pub(crate) struct CompiledStream {
    pub(crate) kind: StreamKind,
    pub(crate) generator: Generator,
    /// The instants the stream's events fall in. A step's window runs from its start to the end
    /// of its last event's clock slot, and a background window is the whole scenario.
    pub(crate) window: (Timestamp, Timestamp),
}

/// A validated scenario with its streams.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) seed: u64,
    pub(crate) start: Timestamp,
    pub(crate) end: Timestamp,
    pub(crate) actors: Vec<ResolvedActor>,
    pub(crate) streams: Vec<CompiledStream>,
}

/// Validates `spec` and builds its streams for `seed`, starting at `start` (or the document's
/// start, or the library default).
///
/// # Errors
/// Returns [`Error::Scenario`] with the path of the first bad field.
pub(crate) fn compile(spec: &ScenarioSpec, seed: u64, start: Option<Timestamp>) -> Result<Compiled> {
    check_document(spec)?;
    let start = start.or(spec.start).unwrap_or_else(crate::generate::default_start);
    let end = start.add_nanos(spec.duration.nanos as i64);
    let world = World::new(seed, &spec.world).map_err(|e| match e {
        Error::InvalidArgument { name, message } => Error::scenario(name, message),
        other => other,
    })?;
    let world = Arc::new(world);
    let actors = actors::resolve(&spec.name, &spec.actors, &world, seed)?;

    let mut streams = Vec::with_capacity(spec.background.len() + spec.phases.iter().map(|p| p.steps.len()).sum::<usize>());
    for (index, background) in spec.background.iter().enumerate() {
        let path = format!("background[{index}]");
        check_source(&background.source, &path)?;
        let request = GenerateRequest {
            source: background.source.clone(),
            count: None,
            offset: 0,
            seed: stream_seed(seed, &spec.name, &format!("background/{index}")),
            start: Some(start),
            end: Some(end),
            rate: Some(background.rate),
            profile: background.profile.clone(),
            variant: background.variant.clone(),
            overrides: expand_overrides(&background.set, &actors, &path)?,
            world: spec.world.clone(),
        };
        let mut generator = Generator::with_world(&request, Arc::clone(&world)).map_err(|e| stream_error(e, &path))?;
        generator.set_labels(Labels {
            scenario: Some(spec.name.clone()),
            ..Labels::default()
        });
        streams.push(CompiledStream {
            kind: StreamKind::Background { index },
            generator,
            window: (start, end),
        });
    }

    for (phase_index, phase) in spec.phases.iter().enumerate() {
        let phase_path = format!("phases[{phase_index}]");
        let phase_start = start.add_nanos(phase.offset.nanos as i64);
        if phase_start >= end {
            return Err(after_end(&format!("{phase_path}.offset"), "phase", phase_start, end));
        }
        for (step_index, step) in phase.steps.iter().enumerate() {
            let path = format!("{phase_path}.steps[{step_index}]");
            if step.count == 0 {
                return Err(Error::scenario(
                    format!("{path}.count"),
                    "the count is 0; give at least 1 event or remove the step",
                ));
            }
            check_source(&step.source, &path)?;
            let step_start = phase_start.add_nanos(step.offset.nanos as i64);
            if step_start >= end {
                return Err(after_end(&format!("{path}.offset"), "step", step_start, end));
            }
            let step_end = step_start.add_nanos(step.spread.nanos as i64);
            if step_end > end {
                return Err(Error::scenario(
                    format!("{path}.spread"),
                    format!(
                        "the step window ends at {}, after the scenario ends at {}; shorten the spread or lengthen the duration",
                        step_end.rfc3339(3),
                        end.rfc3339(3)
                    ),
                ));
            }
            let step_seed = stream_seed(seed, &spec.name, &format!("{}/steps/{step_index}", phase.name));
            let rate = fitting_rate(step, step_start, step_end, step_seed).map_err(|e| stream_error(e, &path))?;
            let request = GenerateRequest {
                source: step.source.clone(),
                count: Some(step.count),
                offset: 0,
                seed: step_seed,
                start: Some(step_start),
                end: None,
                rate: Some(rate),
                profile: step.profile.clone(),
                variant: step.variant.clone(),
                overrides: expand_overrides(&step.set, &actors, &path)?,
                world: spec.world.clone(),
            };
            let mut generator = Generator::with_world(&request, Arc::clone(&world)).map_err(|e| stream_error(e, &path))?;
            generator.set_labels(Labels {
                scenario: Some(spec.name.clone()),
                phase: Some(phase.name.clone()),
                tactic: step.tactic.clone().or_else(|| phase.tactic.clone()),
                technique: step.technique.clone().or_else(|| phase.technique.clone()),
                malicious: step.malicious,
            });
            // The events can end before `step_end`, because a window longer than 1,000 s per
            // event is shortened. The window reported is where the clock puts them.
            let events_end = Clock::new(step_start, rate, &step.profile, request.seed)
                .map_err(|e| stream_error(e, &path))?
                .slots_end(step.count);
            streams.push(CompiledStream {
                kind: StreamKind::Step {
                    phase: phase_index,
                    step: step_index,
                },
                generator,
                window: (step_start, events_end),
            });
        }
    }

    Ok(Compiled {
        seed,
        start,
        end,
        actors,
        streams,
    })
}

/// Checks what needs no world: names, lengths, labels and the shape of the document.
fn check_document(spec: &ScenarioSpec) -> Result<()> {
    if spec.name.trim().is_empty() {
        return Err(Error::scenario(
            "name",
            "the scenario name is empty; give it a name such as ssh-brute-force",
        ));
    }
    if spec.duration.nanos == 0 {
        return Err(Error::scenario(
            "duration",
            "the duration is 0; give the scenario a length such as 30m",
        ));
    }
    if spec.background.is_empty() && spec.phases.is_empty() {
        return Err(Error::scenario(
            "phases",
            "the scenario has neither phases nor background; add at least one",
        ));
    }
    for (index, phase) in spec.phases.iter().enumerate() {
        let path = format!("phases[{index}]");
        if phase.name.trim().is_empty() {
            return Err(Error::scenario(format!("{path}.name"), "the phase name is empty"));
        }
        if let Some(first) = spec.phases[..index].iter().position(|p| p.name == phase.name) {
            return Err(Error::scenario(
                format!("{path}.name"),
                format!(
                    "the phase name '{}' is already used by phases[{first}]; phase names must be unique",
                    phase.name
                ),
            ));
        }
        if phase.steps.is_empty() {
            return Err(Error::scenario(format!("{path}.steps"), "the phase has no steps; add at least one"));
        }
        check_attack_labels(&path, phase.tactic.as_deref(), phase.technique.as_deref())?;
        for (step_index, step) in phase.steps.iter().enumerate() {
            check_attack_labels(
                &format!("{path}.steps[{step_index}]"),
                step.tactic.as_deref(),
                step.technique.as_deref(),
            )?;
        }
    }
    for (index, background) in spec.background.iter().enumerate() {
        if !background.rate.is_finite() || background.rate <= 0.0 {
            return Err(Error::scenario(
                format!("background[{index}].rate"),
                format!("the rate {} is not a positive number of events per second", background.rate),
            ));
        }
    }
    Ok(())
}

fn check_attack_labels(path: &str, tactic: Option<&str>, technique: Option<&str>) -> Result<()> {
    if let Some(tactic) = tactic {
        if !TACTICS.contains(&tactic) {
            return Err(Error::scenario(
                format!("{path}.tactic"),
                format!("'{tactic}' is not an ATT&CK tactic; use one of {}", TACTICS.join(", ")),
            ));
        }
    }
    if let Some(technique) = technique {
        if !is_technique_id(technique) {
            return Err(Error::scenario(
                format!("{path}.technique"),
                format!(
                    "'{technique}' is not an ATT&CK technique id; write T followed by 4 digits, optionally .3 digits, such as T1110.001"
                ),
            ));
        }
    }
    Ok(())
}

/// True for `T1234` and `T1234.567`.
fn is_technique_id(text: &str) -> bool {
    let Some(digits) = text.strip_prefix('T') else {
        return false;
    };
    let (main, sub) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(main, 4) && (sub.is_empty() && !digits.contains('.') || all_digits(sub, 3))
}

fn after_end(path: &str, what: &str, at: Timestamp, end: Timestamp) -> Error {
    Error::scenario(
        path,
        format!(
            "the {what} starts at {}, at or after the scenario end {}; lower the offset or lengthen the duration",
            at.rfc3339(3),
            end.rfc3339(3)
        ),
    )
}

/// Returns the seed of one stream, from (run seed, scenario name, stream path).
fn stream_seed(seed: u64, scenario: &str, stream: &str) -> u64 {
    StreamKey::new(seed, &format!("scenario/{scenario}/{stream}")).hash_u64(0)
}

/// Returns the rate that spreads `count` events over `spread`, within the clock's limits. A
/// zero spread puts events 1 ns apart. A window longer than 1,000 s per event is cut to
/// 1,000 s per event, because 0.001 events/s is the slowest rate the clock takes.
/// Returns a rate at which the clock puts the step's events inside its window. That is `count
/// / spread` unless the clock's rounding to 0.001 events/s or the step's profile (the quiet
/// hours of `diurnal`, the quiet part of `bursts`) would put events after the window. Then it
/// is the lowest rate, in steps of 0.001 events/s, that ends them in time.
///
/// # Errors
/// Returns the clock's error for an invalid profile, or an error when no rate fits the events
/// into the window.
fn fitting_rate(step: &StepSpec, start: Timestamp, end: Timestamp, seed: u64) -> Result<f64> {
    let rate = step_rate(step.count, step.spread);
    let events_end = |rate_milli: u64| -> Result<Timestamp> {
        Ok(Clock::new(start, rate_milli as f64 / 1000.0, &step.profile, seed)?.slots_end(step.count))
    };
    let mut low = (rate * 1000.0).round() as u64;
    if step.spread.nanos == 0 || events_end(low)? <= end {
        return Ok(rate);
    }
    let mut high = (MAX_RATE * 1000.0) as u64;
    if events_end(high)? > end {
        return Err(Error::invalid_argument(
            "spread",
            format!("{} events do not fit a spread of {}; lengthen the spread", step.count, step.spread),
        ));
    }
    // `low` ends too late and `high` in time; a higher rate never ends later.
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if events_end(middle)? <= end {
            high = middle;
        } else {
            low = middle;
        }
    }
    Ok(high as f64 / 1000.0)
}

fn step_rate(count: u64, spread: SpecDuration) -> f64 {
    if spread.nanos == 0 {
        return MAX_RATE;
    }
    let rate = count as f64 * NANOS_PER_SECOND as f64 / spread.nanos as f64;
    rate.clamp(0.001, MAX_RATE)
}

/// Looks the source up first, so an unknown source is reported before its overrides.
fn check_source(source: &str, path: &str) -> Result<()> {
    crate::sources::resolve(source).map(|_| ()).map_err(|e| stream_error(e, path))
}

/// Expands actor references in each override value.
fn expand_overrides(set: &Map<String, Value>, actors: &[ResolvedActor], path: &str) -> Result<Vec<(String, String)>> {
    let mut overrides = Vec::with_capacity(set.len());
    for (field, value) in set {
        let field_path = format!("{path}.set.{field}");
        let template = actors::scalar_text(value)
            .ok_or_else(|| Error::scenario(field_path.clone(), "an override value must be a string, number or boolean"))?;
        let value = actors::expand(&template, actors).map_err(|message| Error::scenario(field_path, message))?;
        overrides.push((field.clone(), value));
    }
    Ok(overrides)
}

/// Moves a generator error to the document path of the field that caused it.
fn stream_error(error: Error, path: &str) -> Error {
    let field = match &error {
        Error::UnknownSource { .. } => "source".to_string(),
        Error::UnknownVariant { .. } => "variant".to_string(),
        Error::UnknownField { field, .. } => format!("set.{field}"),
        Error::InvalidArgument { name, .. } if name == "rate" || name == "profile" || name == "variant" => name.clone(),
        _ => String::new(),
    };
    let path = if field.is_empty() {
        path.to_string()
    } else {
        format!("{path}.{field}")
    };
    Error::scenario(path, error.to_string())
}
