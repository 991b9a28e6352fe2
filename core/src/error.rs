//! The one public error type of the library.
//!
//! Every variant has a stable snake_case [`Error::code`] that the bindings map to their own
//! exception classes (Python) or `err.code` values (Node). Messages name the bad value and say
//! what to do next.

use std::fmt;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where and why one input event could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number of the event inside the input, when the input has lines.
    pub line: Option<u64>,
    /// Byte offset inside the event (or line) where reading stopped.
    pub offset: usize,
    /// What was expected or found there.
    pub reason: String,
}

impl ParseError {
    /// Builds an error at `offset` of the current event.
    pub fn new(offset: usize, reason: impl Into<String>) -> Self {
        ParseError {
            line: None,
            offset,
            reason: reason.into(),
        }
    }

    /// Returns the same error tagged with a 1-based line number.
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}, offset {}: {}", self.offset, self.reason),
            None => write!(f, "offset {}: {}", self.offset, self.reason),
        }
    }
}

impl std::error::Error for ParseError {}

impl From<crate::timestamp::TimeParseError> for ParseError {
    fn from(err: crate::timestamp::TimeParseError) -> Self {
        ParseError::new(err.offset, format!("invalid timestamp: {}", err.reason))
    }
}

/// Every error the library returns.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A source id or alias that the catalog does not contain.
    #[error("unknown source '{id}'{}", suggestion_text(.suggestions))]
    UnknownSource {
        /// The id that was requested.
        id: String,
        /// The closest known ids, best first.
        suggestions: Vec<String>,
    },
    /// A variant name that the source does not define.
    #[error("source '{source_id}' has no variant '{variant}'; its variants are: {}", .available.join(", "))]
    UnknownVariant {
        /// The source id.
        source_id: String,
        /// The variant that was requested.
        variant: String,
        /// The variants of that source.
        available: Vec<String>,
    },
    /// An override that names a field the event does not have.
    #[error("{} has no field '{field}'{}; its fields are: {}", field_owner(.source_id, .variant), field_suggestion(.field, .available), .available.join(", "))]
    UnknownField {
        /// The source id.
        source_id: String,
        /// The variant whose fields were searched; empty when every variant was.
        variant: String,
        /// The field that was requested.
        field: String,
        /// The fields of that variant.
        available: Vec<String>,
    },
    /// An argument outside its documented domain.
    #[error("invalid {name}: {message}")]
    InvalidArgument {
        /// The argument or option name.
        name: String,
        /// What is wrong and what would be accepted.
        message: String,
    },
    /// An input event that could not be read.
    #[error("cannot parse {source_id} event at {error}")]
    Parse {
        /// The source whose parser was used.
        source_id: String,
        /// Where and why.
        error: ParseError,
    },
    /// An input larger than a documented limit.
    #[error("input of {size} bytes exceeds the limit of {limit} bytes for {what}; split the input")]
    InputTooLarge {
        /// What was being read.
        what: &'static str,
        /// The size seen.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A scenario document that is malformed or refers to unknown things.
    #[error("scenario error at {path}{}: {message}", .line.map(|l| format!(" (line {l})")).unwrap_or_default())]
    Scenario {
        /// Path of the bad field inside the document, such as `phases[2].steps[0].source`.
        path: String,
        /// 1-based line of the document, when known.
        line: Option<u64>,
        /// What is wrong.
        message: String,
    },
    /// An OCSF record that does not satisfy the schema.
    #[error("OCSF record of class {class_uid} is invalid: {}", .problems.join("; "))]
    InvalidRecord {
        /// The record's class.
        class_uid: i64,
        /// Every problem found.
        problems: Vec<String>,
    },
    /// A failed write to an output.
    #[error("write failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Names what was searched for a field: one variant, or the whole source.
fn field_owner(source_id: &str, variant: &str) -> String {
    if variant.is_empty() {
        format!("source '{source_id}'")
    } else {
        format!("variant '{variant}' of source '{source_id}'")
    }
}

/// Returns ` (did you mean 'a' or 'b'?)` for the fields closest to `field`, or nothing.
fn field_suggestion(field: &str, available: &[String]) -> String {
    let closest = crate::sources::catalog::closest_names(field, available.iter().map(String::as_str));
    let quoted: Vec<String> = closest.iter().map(|name| format!("'{name}'")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => format!(" (did you mean {last}?)"),
        Some((last, rest)) => format!(" (did you mean {} or {last}?)", rest.join(", ")),
    }
}

fn suggestion_text(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "; run `siemulator list` to see every source".to_string()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

impl Error {
    /// The stable snake_case code of this error kind.
    pub fn code(&self) -> &'static str {
        match self {
            Error::UnknownSource { .. } => "unknown_source",
            Error::UnknownVariant { .. } => "unknown_variant",
            Error::UnknownField { .. } => "unknown_field",
            Error::InvalidArgument { .. } => "invalid_argument",
            Error::Parse { .. } => "parse_error",
            Error::InputTooLarge { .. } => "input_too_large",
            Error::Scenario { .. } => "scenario_error",
            Error::InvalidRecord { .. } => "invalid_record",
            Error::Io(_) => "io_error",
        }
    }

    /// Builds an [`Error::InvalidArgument`].
    pub fn invalid_argument(name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            name: name.into(),
            message: message.into(),
        }
    }

    /// Builds an [`Error::Scenario`] without a line.
    pub fn scenario(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Scenario {
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }
}

/// Every error code, for the bindings' exhaustiveness tests.
pub const ERROR_CODES: &[&str] = &[
    "unknown_source",
    "unknown_variant",
    "unknown_field",
    "invalid_argument",
    "parse_error",
    "input_too_large",
    "scenario_error",
    "invalid_record",
    "io_error",
];
