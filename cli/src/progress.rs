//! A progress bar on standard error, shown only while writing to a file from a terminal.
//!
//! When events go to standard output the bar would mix with them on screen, and when
//! standard error is a pipe or a file the bar would fill it with control characters, so in
//! both cases it stays hidden.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// How many events pass between two updates of the bar; a power of two keeps the check cheap
/// in the generation loop.
pub const UPDATE_EVERY: u64 = 1 << 14;

/// Writes the average speed as whole events per second.
fn write_rate(state: &ProgressState, out: &mut dyn std::fmt::Write) {
    let _ = write!(out, "{:.0} events/s", state.per_sec());
}

/// A progress bar, or nothing.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Shows a bar when `to_file` is true, `disabled` is false and standard error is a
    /// terminal. `total` is the number of events when known.
    pub fn new(total: Option<u64>, to_file: bool, disabled: bool) -> Progress {
        if !to_file || disabled || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let target = ProgressDrawTarget::stderr_with_hz(4);
        let bar = match total {
            Some(total) => {
                let bar = ProgressBar::with_draw_target(Some(total), target);
                let style =
                    ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {human_pos}/{human_len} events, {rate}, {eta} left")
                        .unwrap_or_else(|_| ProgressStyle::default_bar());
                bar.set_style(style.with_key("rate", write_rate).progress_chars("=> "));
                bar
            }
            None => {
                let bar = ProgressBar::with_draw_target(None, target);
                let style = ProgressStyle::with_template("{spinner} {elapsed_precise} {human_pos} events, {rate}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner());
                bar.set_style(style.with_key("rate", write_rate));
                bar.enable_steady_tick(Duration::from_millis(250));
                bar
            }
        };
        Progress { bar: Some(bar) }
    }

    /// Moves the bar to `events` written.
    pub fn set(&self, events: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(events);
        }
    }

    /// Removes the bar from the screen.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
