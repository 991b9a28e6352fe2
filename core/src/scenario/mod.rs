//! Scenarios: labelled, multi-source attack stories over benign background traffic.
//!
//! A scenario document (JSON, YAML or TOML, see [`spec::ScenarioSpec`]) names actors bound to
//! world entities, background sources with rates, and attack phases made of steps. Compiling
//! it gives one event stream per background source and per step, each with its own seed and
//! clock. A streaming k-way merge puts them in time order. Every attack event carries its
//! labels (scenario, phase, tactic, technique, malicious), so a run is also a labelled data
//! set for measuring detections. Background events carry only the scenario label and
//! `malicious: false`.
//!
//! The output is a pure function of (document, seed, start): the same inputs give the same
//! events in the same order. Memory grows with the number of streams, not with the number of
//! events.
//!
//! # Examples
//! ```
//! use siemulator::scenario::Scenario;
//!
//! let scenario = Scenario::builtin("ssh-brute-force").unwrap();
//! let description = scenario.describe(Some(7)).unwrap();
//! let events = scenario.events(Some(7), None).unwrap();
//! assert_eq!(events.total(), description.total_events);
//! let malicious = events.filter(|e| e.labels.malicious).count() as u64;
//! assert_eq!(malicious, description.attack_events);
//! ```

use serde_json::Value;

use crate::error::{Error, Result};
use crate::event::Event;
use crate::generate::Generator;
use crate::timestamp::Timestamp;

mod actors;
mod compile;
mod describe;
mod merge;
pub mod spec;

pub use actors::ResolvedActor;
pub use compile::TACTICS;
pub use describe::{BackgroundSummary, Description, PhaseSummary, SourceSummary, StepSummary};
pub use spec::{ScenarioSpec, SpecDuration, SpecFormat};

use merge::Merge;

/// Names of the built-in scenarios, in the order of [`BUILTIN_TEXTS`].
const BUILTIN_NAMES: &[&str] = &["enterprise-attack", "ssh-brute-force"];

/// The YAML documents of the built-in scenarios, embedded from `core/scenarios/`.
const BUILTIN_TEXTS: &[&str] = &[
    include_str!("../../scenarios/enterprise-attack.yaml"),
    include_str!("../../scenarios/ssh-brute-force.yaml"),
];

/// A validated scenario document.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    spec: ScenarioSpec,
}

impl Scenario {
    /// Loads a built-in scenario by name.
    ///
    /// # Errors
    /// Returns [`Error::InvalidArgument`] listing the built-in names when `name` is not one.
    pub fn builtin(name: &str) -> Result<Scenario> {
        let text = Scenario::builtin_text(name)?;
        Scenario::from_str(text, SpecFormat::Yaml)
    }

    /// Returns the names of the built-in scenarios.
    pub fn builtin_names() -> &'static [&'static str] {
        BUILTIN_NAMES
    }

    /// Returns the YAML document of a built-in scenario, as a starting point for a copy.
    ///
    /// # Errors
    /// Returns [`Error::InvalidArgument`] listing the built-in names when `name` is not one.
    pub fn builtin_text(name: &str) -> Result<&'static str> {
        let position = BUILTIN_NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                Error::invalid_argument(
                    "scenario",
                    format!(
                        "unknown built-in scenario '{name}'; the built-in scenarios are: {}",
                        BUILTIN_NAMES.join(", ")
                    ),
                )
            })?;
        Ok(BUILTIN_TEXTS[position])
    }

    /// Reads and validates a document.
    ///
    /// # Errors
    /// Returns [`Error::Scenario`] with the path of the bad field, and the line for syntax and
    /// type errors.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str, format: SpecFormat) -> Result<Scenario> {
        Scenario::from_spec(spec::read(text, format)?)
    }

    /// Reads and validates a document given as a JSON value, as the bindings pass a dict or
    /// object.
    ///
    /// # Errors
    /// Returns [`Error::Scenario`] with the path of the bad field.
    pub fn from_value(value: Value) -> Result<Scenario> {
        Scenario::from_spec(spec::from_value(value)?)
    }

    /// Validates a document built in code.
    ///
    /// # Errors
    /// Returns [`Error::Scenario`] with the path of the bad field.
    pub fn from_spec(spec: ScenarioSpec) -> Result<Scenario> {
        compile::compile(&spec, spec.seed.unwrap_or(0), None)?;
        Ok(Scenario { spec })
    }

    /// Reads a document whose format follows from the extension of `name_hint`, a file name
    /// or path. Without a known extension, text starting with `{` is read as JSON and any
    /// other text as YAML.
    ///
    /// # Errors
    /// As [`Scenario::from_str`].
    pub fn from_text_guess(name_hint: &str, text: &str) -> Result<Scenario> {
        let format = SpecFormat::from_extension(name_hint).unwrap_or_else(|| {
            if text.trim_start().starts_with('{') {
                SpecFormat::Json
            } else {
                SpecFormat::Yaml
            }
        });
        Scenario::from_str(text, format)
    }

    /// The document.
    pub fn spec(&self) -> &ScenarioSpec {
        &self.spec
    }

    /// Returns the scenario name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// Returns the seed a run uses when given `seed`: that seed, else the document's, else 0.
    pub fn effective_seed(&self, seed: Option<u64>) -> u64 {
        seed.or(self.spec.seed).unwrap_or(0)
    }

    /// Summarises a run with `seed` (see [`Scenario::effective_seed`]): timing, actors,
    /// phases and exact event counts, without generating events.
    ///
    /// # Errors
    /// Returns [`Error::Scenario`] when the document does not resolve under this seed, such
    /// as an actor index beyond the world's entities.
    pub fn describe(&self, seed: Option<u64>) -> Result<Description> {
        let compiled = compile::compile(&self.spec, self.effective_seed(seed), None)?;
        Ok(describe::describe(&self.spec, &compiled))
    }

    /// Starts a run: the events of every stream merged in time order, starting at `start`
    /// (else the document's start, else the library's default start).
    ///
    /// # Errors
    /// As [`Scenario::describe`].
    pub fn events(&self, seed: Option<u64>, start: Option<Timestamp>) -> Result<ScenarioEvents> {
        let compiled = compile::compile(&self.spec, self.effective_seed(seed), start)?;
        let generators: Vec<Generator> = compiled.streams.into_iter().map(|s| s.generator).collect();
        let total = generators.iter().map(|g| g.remaining().unwrap_or(0)).sum();
        Ok(ScenarioEvents {
            merge: Merge::new(generators),
            total,
            emitted: 0,
        })
    }
}

/// The events of one scenario run, in time order.
#[derive(Debug)]
pub struct ScenarioEvents {
    merge: Merge<Generator>,
    total: u64,
    emitted: u64,
}

impl ScenarioEvents {
    /// Number of events of the whole run, for progress reports.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Number of events returned so far.
    pub fn emitted(&self) -> u64 {
        self.emitted
    }
}

impl Iterator for ScenarioEvents {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        let event = self.merge.next()?;
        self.emitted += 1;
        Some(event)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.total - self.emitted).unwrap_or(usize::MAX);
        (left, Some(left))
    }
}

#[cfg(test)]
mod tests;
