//! Ctrl-C (SIGINT) during a long write: the run stops after the current event and closes its
//! output, so a file ends with complete events and a JSON array with its `]`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

/// Exit status of a run stopped by SIGINT, as shells report a process that the signal ended.
pub const INTERRUPTED_EXIT: u8 = 130;

static REQUESTED: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// Installs the handler. The first Ctrl-C requests the run to stop, and a second one ends the process
/// at once, for a user who does not want to wait.
pub fn install() {
    INSTALL.call_once(|| {
        let installed = ctrlc::set_handler(|| {
            if REQUESTED.swap(true, Ordering::SeqCst) {
                std::process::exit(i32::from(INTERRUPTED_EXIT));
            }
        });
        if let Err(error) = installed {
            // Without the handler, Ctrl-C ends the process as it does for any program.
            tracing::debug!(%error, "failed to install the Ctrl-C handler; Ctrl-C will end the process without closing the output");
        }
    });
}

/// Returns true once Ctrl-C was pressed.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}
