//! Wire formats: one file per format, each with a writer and a reader.
//!
//! Writers append to a `String` and never fail: they escape whatever they are given the way
//! the format's specification (or its dominant vendor) does, so a value can never break the
//! framing of an event. Readers borrow from the input where they can and reject malformed
//! input with a [`ParseError`](crate::error::ParseError) that names the byte offset and reason;
//! they never panic, whatever the bytes.

pub mod json;
pub mod syslog3164;
pub mod w3c;
pub mod winxml;

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
