//! CLI errors and their exit status: 1 for failed work, 2 for bad usage.

use std::io::{self, Write as _};
use std::process::ExitCode;

/// Exit status of bad usage, the same clap uses for its own usage errors.
pub const USAGE_EXIT: u8 = 2;
/// Exit status of failed work.
pub const FAILURE_EXIT: u8 = 1;

/// Writes one line to standard error and ignores a failed write. `eprintln!` panics on one,
/// so a closed standard error (`2>&1 | head`) would stop the command before it finishes its
/// work and returns its exit status.
pub fn print_stderr(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// The reason a command stopped.
#[derive(Debug)]
pub enum CliError {
    /// The command line requests something that does not exist or cannot work.
    Usage(String),
    /// The work failed.
    Failure(String),
    /// The failures were already reported one by one (parse errors); exit 1 without a message.
    Reported,
    /// The reader of standard output went away (`| head`): stop quietly with success.
    BrokenPipe,
    /// Ctrl-C stopped the run after this many events, which were written in full.
    Interrupted(u64),
}

impl CliError {
    /// Prints the message, if any, as `error: ...` on standard error and returns the exit
    /// status.
    pub fn report(self) -> ExitCode {
        match self {
            CliError::Usage(message) => {
                tracing::debug!(%message, "usage error");
                print_stderr(format_args!("error: {message}"));
                ExitCode::from(USAGE_EXIT)
            }
            CliError::Failure(message) => {
                tracing::debug!(%message, "command failed");
                print_stderr(format_args!("error: {message}"));
                ExitCode::from(FAILURE_EXIT)
            }
            CliError::Reported => ExitCode::from(FAILURE_EXIT),
            CliError::Interrupted(events) => {
                print_stderr(format_args!(
                    "interrupted: wrote {events} events; the output ends after the last of them"
                ));
                ExitCode::from(crate::interrupt::INTERRUPTED_EXIT)
            }
            CliError::BrokenPipe => {
                tracing::debug!("standard output was closed by its reader; stopping");
                ExitCode::SUCCESS
            }
        }
    }

    /// Builds the error of a failed read or write of `path`, with what to check.
    pub fn io(action: &str, path: &std::path::Path, error: &io::Error) -> CliError {
        CliError::Failure(format!("cannot {action} '{}': {error}", path.display()))
    }
}

impl From<siemulator::Error> for CliError {
    /// Classifies a library error: lookups and argument checks are usage errors, the rest are
    /// failures.
    fn from(error: siemulator::Error) -> Self {
        use siemulator::Error;
        match error {
            Error::Io(io) => CliError::from(io),
            Error::UnknownSource { .. } | Error::UnknownVariant { .. } | Error::UnknownField { .. } | Error::InvalidArgument { .. } => {
                CliError::Usage(error.to_string())
            }
            other => CliError::Failure(other.to_string()),
        }
    }
}

impl From<io::Error> for CliError {
    fn from(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            CliError::BrokenPipe
        } else {
            CliError::Failure(format!("write failed: {error}; check the free space and permissions of the output"))
        }
    }
}
