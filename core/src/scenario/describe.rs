//! A summary of a compiled scenario: timing, phases, actors and event counts, computed from
//! the streams' clocks without generating any event.

use serde::Serialize;

use super::actors::ResolvedActor;
use super::compile::{Compiled, StreamKind};
use super::spec::{ScenarioSpec, SpecDuration};
use crate::clock::RateProfile;
use crate::timestamp::Timestamp;

/// What a scenario run produces, for a given seed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Description {
    /// Scenario name.
    pub name: String,
    /// What the scenario shows.
    pub description: String,
    /// The seed the counts and actors are for.
    pub seed: u64,
    /// First instant.
    pub start: Timestamp,
    /// End of the scenario (exclusive).
    pub end: Timestamp,
    /// Length, such as `30m`.
    pub duration: String,
    /// Length in milliseconds.
    pub duration_ms: u64,
    /// Actors with their values.
    pub actors: Vec<ResolvedActor>,
    /// Attack phases in document order.
    pub phases: Vec<PhaseSummary>,
    /// Background sources in document order.
    pub background: Vec<BackgroundSummary>,
    /// Event counts per source id, sorted by id.
    pub sources: Vec<SourceSummary>,
    /// Events of attack steps.
    pub attack_events: u64,
    /// Events of background sources.
    pub background_events: u64,
    /// All events.
    pub total_events: u64,
}

/// One attack phase.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PhaseSummary {
    /// Phase name.
    pub name: String,
    /// What happens in the phase.
    pub description: String,
    /// ATT&CK tactic of the phase.
    pub tactic: Option<String>,
    /// ATT&CK techniques of the phase and its steps, without repeats, in order of appearance.
    pub techniques: Vec<String>,
    /// Start of the earliest step window.
    pub start: Timestamp,
    /// The latest `end` of the phase's steps.
    pub end: Timestamp,
    /// Events of the phase.
    pub events: u64,
    /// The phase's steps.
    pub steps: Vec<StepSummary>,
}

/// One attack step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepSummary {
    /// Canonical source id.
    pub source: &'static str,
    /// Requested variant, when the step names one.
    pub variant: Option<String>,
    /// ATT&CK tactic label of the step's events: the step's own, else the phase's.
    pub tactic: Option<String>,
    /// ATT&CK technique label of the step's events.
    pub technique: Option<String>,
    /// Start of the step window.
    pub start: Timestamp,
    /// End of the last event's clock slot, so every event of the step happens before it. It
    /// is earlier than start + spread when the window was shortened to 1,000 s per event.
    pub end: Timestamp,
    /// Events of the step.
    pub events: u64,
}

/// One background source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BackgroundSummary {
    /// Canonical source id.
    pub source: &'static str,
    /// Average rate in events per second.
    pub rate: f64,
    /// Rate profile.
    pub profile: RateProfile,
    /// Events over the scenario.
    pub events: u64,
}

/// Event counts of one source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceSummary {
    /// Canonical source id.
    pub source: &'static str,
    /// Events of attack steps.
    pub attack_events: u64,
    /// Events of background traffic.
    pub background_events: u64,
    /// All events of the source.
    pub events: u64,
}

/// Summarises a compiled scenario.
pub(crate) fn describe(spec: &ScenarioSpec, compiled: &Compiled) -> Description {
    let mut phases: Vec<PhaseSummary> = spec
        .phases
        .iter()
        .map(|phase| PhaseSummary {
            name: phase.name.clone(),
            description: phase.description.clone(),
            tactic: phase.tactic.clone(),
            techniques: Vec::new(),
            start: compiled.end,
            end: compiled.start,
            events: 0,
            steps: Vec::new(),
        })
        .collect();
    let mut background = Vec::new();
    let mut sources: Vec<SourceSummary> = Vec::new();

    for stream in &compiled.streams {
        let events = stream.generator.remaining().unwrap_or(0);
        let source = stream.generator.source().meta().id;
        let position = match sources.iter().position(|s| s.source == source) {
            Some(position) => position,
            None => {
                sources.push(SourceSummary {
                    source,
                    attack_events: 0,
                    background_events: 0,
                    events: 0,
                });
                sources.len() - 1
            }
        };
        let counts = &mut sources[position];
        counts.events += events;
        match stream.kind {
            StreamKind::Background { index } => {
                counts.background_events += events;
                let spec = &spec.background[index];
                background.push(BackgroundSummary {
                    source,
                    rate: spec.rate,
                    profile: spec.profile.clone(),
                    events,
                });
            }
            StreamKind::Step { phase, step } => {
                counts.attack_events += events;
                let phase_spec = &spec.phases[phase];
                let step_spec = &phase_spec.steps[step];
                let technique = step_spec.technique.clone().or_else(|| phase_spec.technique.clone());
                let summary = &mut phases[phase];
                if let Some(technique) = &technique {
                    if !summary.techniques.contains(technique) {
                        summary.techniques.push(technique.clone());
                    }
                }
                summary.start = summary.start.min(stream.window.0);
                summary.end = summary.end.max(stream.window.1);
                summary.events += events;
                summary.steps.push(StepSummary {
                    source,
                    variant: step_spec.variant.clone(),
                    tactic: step_spec.tactic.clone().or_else(|| phase_spec.tactic.clone()),
                    technique,
                    start: stream.window.0,
                    end: stream.window.1,
                    events,
                });
            }
        }
    }
    sources.sort_by_key(|s| s.source);

    let attack_events = phases.iter().map(|p| p.events).sum();
    let background_events = background.iter().map(|b| b.events).sum();
    let duration = SpecDuration {
        nanos: (compiled.end.0 - compiled.start.0) as u64,
    };
    Description {
        name: spec.name.clone(),
        description: spec.description.clone(),
        seed: compiled.seed,
        start: compiled.start,
        end: compiled.end,
        duration: duration.to_string(),
        duration_ms: duration.nanos / 1_000_000,
        actors: compiled.actors.clone(),
        phases,
        background,
        sources,
        attack_events,
        background_events,
        total_events: attack_events + background_events,
    }
}
