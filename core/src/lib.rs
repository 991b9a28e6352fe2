//! Deterministic, realistic security telemetry.
//!
//! `siemulator` generates events for vendor security products in each vendor's own wire
//! format, parses real logs of the same formats into OCSF 1.8 records, and composes
//! multi-source attack scenarios with ground-truth labels.
//!
//! # Determinism
//! Output bytes are a pure function of the seed, the library version and the request: no
//! wall clock, no global state, no unseeded randomness. Event N of a source draws from its own
//! ChaCha8 stream keyed by (seed, source id, N), so any slice of a stream can be produced
//! alone. A release that changes output bytes says so in the CHANGELOG under "Output changes".
//!
//! # Untrusted input
//! Parsers accept arbitrary bytes: they return errors, never panic, and reject lines longer
//! than [`format::syslog3164::MAX_LINE`] and JSON documents larger than
//! [`format::json::MAX_DOCUMENT`] instead of buffering them.
//!
//! # Examples
//! ```
//! use siemulator::generate::{GenerateRequest, Generator};
//! let events: Vec<_> = Generator::new(&GenerateRequest::new("linux_auth", 3)).unwrap().collect();
//! assert_eq!(events.len(), 3);
//! let again: Vec<_> = Generator::new(&GenerateRequest::new("linux_auth", 3)).unwrap().collect();
//! assert_eq!(events, again);
//! ```
//!
//! Parsing the events back and checking each record against the OCSF schema, which the
//! caller reads from a file of the resolved OCSF 1.8.0 schema:
//! ```no_run
//! use siemulator::generate::{GenerateRequest, Generator};
//! use siemulator::ocsf::validate::Schema;
//! use siemulator::parse::Parser;
//! use siemulator::sources::ParseOptions;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let request = GenerateRequest::new("linux_auth", 3);
//! let text: String = Generator::new(&request)?.map(|event| event.raw + "\n").collect();
//! let schema = Schema::from_json(&std::fs::read_to_string("ocsf-1.8.0.json")?)?;
//! for outcome in Parser::new("linux_auth", text.as_bytes(), ParseOptions::default())? {
//!     let record = outcome?;
//!     schema.validate(&record.ocsf)?;
//!     println!("{} {}", record.ocsf["class_uid"], record.ocsf.get_path("src_endpoint.ip").map_or(String::new(), |ip| ip.to_string()));
//!     println!("{}", serde_json::to_string(&record.ocsf)?);
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod clock;
mod decimal;
pub mod error;
pub mod event;
pub mod export;
pub mod field_map;
pub mod fields;
pub mod format;
pub mod generate;
pub mod ocsf;
pub mod parse;
pub mod scenario;
pub mod seed;
pub mod sources;
mod tagged;
pub mod timestamp;
pub mod world;

pub use error::{Error, ParseError, Result};
pub use event::{Event, Labels};
pub use field_map::FieldMap;
pub use generate::{GenerateRequest, Generator};
