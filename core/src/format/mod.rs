//! Wire formats: one file per format, each with a writer and a reader.
//!
//! Writers append to a `String` and never fail: they escape whatever they are given the way
//! the format's specification (or its dominant vendor) does, so a value can never break the
//! framing of an event. Readers borrow from the input where they can and reject malformed
//! input with a [`ParseError`](crate::error::ParseError) that names the byte offset and reason;
//! they never panic, whatever the bytes.

use std::borrow::Cow;

pub mod cef;
pub mod csv;
pub mod json;
pub mod kv;
pub mod leef;
pub mod syslog3164;
pub mod syslog5424;

/// Replaces each backslash escape `\c` of `text` for which `unescape(c)` returns a character,
/// and keeps every other backslash as it is. Returns the input itself when nothing changed.
/// `unescape` must map only ASCII bytes.
pub(crate) fn unescape_backslashes(text: &str, unescape: impl Fn(u8) -> Option<char>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(|b| *b == b'\\') else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut copied = first;
    let mut at = first;
    while at < bytes.len() {
        if bytes[at] == b'\\' {
            if let Some(c) = bytes.get(at + 1).and_then(|b| unescape(*b)) {
                out.push_str(&text[copied..at]);
                out.push(c);
                at += 2;
                copied = at;
                continue;
            }
        }
        at += 1;
    }
    if copied == first {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Syslog facility numbers used by the sources (RFC 5424 section 6.2.1).
pub mod facility {
    /// Kernel messages.
    pub const KERN: u8 = 0;
    /// User-level messages.
    pub const USER: u8 = 1;
    /// Security and authorization messages.
    pub const AUTH: u8 = 4;
    /// Daemon messages.
    pub const DAEMON: u8 = 3;
    /// Private security and authorization messages (auth.log).
    pub const AUTHPRIV: u8 = 10;
    /// Log audit.
    pub const LOG_AUDIT: u8 = 13;
    /// Local use 0.
    pub const LOCAL0: u8 = 16;
    /// Local use 4, the Cisco ASA default.
    pub const LOCAL4: u8 = 20;
    /// Local use 7.
    pub const LOCAL7: u8 = 23;
}

/// Syslog severity numbers (RFC 5424 section 6.2.1).
pub mod severity {
    /// System is unusable.
    pub const EMERGENCY: u8 = 0;
    /// Action must be taken immediately.
    pub const ALERT: u8 = 1;
    /// Critical conditions.
    pub const CRITICAL: u8 = 2;
    /// Error conditions.
    pub const ERROR: u8 = 3;
    /// Warning conditions.
    pub const WARNING: u8 = 4;
    /// Normal but significant condition.
    pub const NOTICE: u8 = 5;
    /// Informational messages.
    pub const INFORMATIONAL: u8 = 6;
    /// Debug-level messages.
    pub const DEBUG: u8 = 7;
}
