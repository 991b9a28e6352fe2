//! BSD syslog, RFC 3164: `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MESSAGE`.
//!
//! The writer follows RFC 3164 section 4.1 and escapes control characters in the message as
//! rsyslog does (`#012` for a newline), so one event is always one line. The reader is lenient
//! in the ways real collectors are: the PRI may be missing (a file written by rsyslog), the
//! timestamp may carry a year (`Jan 05 2026 09:00:00`, as Cisco ASA writes it) or be RFC 3339
//! (rsyslog's high-precision template), the hostname may be missing, and the tag is optional.

use crate::decimal::push_u64;
use crate::error::ParseError;
use crate::format::{any_byte, push_octal_escape, write_escaped_ascii, CONTROLS_BUT_TAB};
use crate::timestamp::{local_to_utc, parse_bsd, parse_rfc3339_local, Timestamp, MONTHS};

/// Maximum accepted line length in bytes; longer input is rejected, not buffered.
pub const MAX_LINE: usize = 1 << 20;

/// One BSD syslog line, borrowed from the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message<'a> {
    /// The PRI value (facility * 8 + severity), when present.
    pub priority: Option<u8>,
    /// The timestamp text, when present.
    pub timestamp: Option<&'a str>,
    /// The HOSTNAME field, when present.
    pub hostname: Option<&'a str>,
    /// The program name of the TAG, when present.
    pub app_name: Option<&'a str>,
    /// The process id in brackets after the program name, when present.
    pub proc_id: Option<&'a str>,
    /// Everything after the tag (or after the header when there is no tag).
    pub message: &'a str,
}

impl Message<'_> {
    /// The facility number of the PRI.
    pub fn facility(&self) -> Option<u8> {
        self.priority.map(|p| p >> 3)
    }

    /// The severity number of the PRI.
    pub fn severity(&self) -> Option<u8> {
        self.priority.map(|p| p & 7)
    }

    /// Reads the timestamp, using `year` when the text carries none.
    ///
    /// # Errors
    /// Returns a [`ParseError`] when the timestamp is missing or malformed.
    pub fn time(&self, year: i32) -> Result<Timestamp, ParseError> {
        let text = self
            .timestamp
            .ok_or_else(|| ParseError::new(0, "the syslog line has no timestamp"))?;
        parse_timestamp(text, year)
    }
}

/// Reads any timestamp layout the reader accepts: BSD, BSD with a year, or RFC 3339. A time
/// without a zone is read as UTC.
///
/// # Errors
/// Returns a [`ParseError`] naming the offset inside the timestamp.
pub fn parse_timestamp(text: &str, year: i32) -> Result<Timestamp, ParseError> {
    parse_timestamp_local(text, year, 0)
}

/// Reads a timestamp like [`parse_timestamp`], but takes a time without a zone (every BSD
/// layout, and RFC 3339 without `Z` or an offset) as local time `utc_offset_minutes` east of UTC.
///
/// # Errors
/// Returns a [`ParseError`] naming the offset inside the timestamp.
pub fn parse_timestamp_local(text: &str, year: i32, utc_offset_minutes: i32) -> Result<Timestamp, ParseError> {
    if text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return Ok(parse_rfc3339_local(text, utc_offset_minutes)?);
    }
    // `Mmm dd yyyy hh:mm:ss`: move the year out and read the rest as BSD.
    let bytes = text.as_bytes();
    if let Some(day_end) = bsd_day_end(bytes).filter(|day_end| bsd_year_at(bytes, day_end + 1)) {
        if let Ok(with_year) = text[day_end + 1..day_end + 5].parse::<i32>() {
            let bsd = [&text[..day_end], &text[day_end + 6..]].join(" ");
            return Ok(local_to_utc(parse_bsd(&bsd, with_year)?, utc_offset_minutes));
        }
    }
    Ok(local_to_utc(parse_bsd(text, year)?, utc_offset_minutes))
}

/// Appends `<PRI>` for a facility and severity.
pub fn write_priority(out: &mut String, facility: u8, severity: u8) {
    out.push('<');
    push_u64(out, u64::from(facility) * 8 + u64::from(severity & 7));
    out.push('>');
}

/// Appends message text with control characters escaped as `#ooo` (octal), as rsyslog does.
pub fn write_escaped(out: &mut String, message: &str) {
    // Most messages need no escape, and one block-wise scan is cheaper than the byte-wise search.
    if any_byte(message.as_bytes(), is_control_but_tab) {
        write_escaped_ascii(out, message, &CONTROLS_BUT_TAB, push_octal_escape);
    } else {
        out.push_str(message);
    }
}

/// Returns true for a byte of [`CONTROLS_BUT_TAB`]. It joins its comparisons with `&` and `|`
/// so that blocks of bytes are compared at once.
fn is_control_but_tab(byte: u8) -> bool {
    ((byte < 0x20) & (byte != b'\t')) | (byte == 0x7f)
}

/// Appends one line: `<PRI>TIMESTAMP HOSTNAME APP[PID]: MESSAGE`.
///
/// `timestamp` is written as given, so a source decides between BSD and RFC 3339 time.
#[allow(clippy::too_many_arguments)]
pub fn write(
    out: &mut String,
    facility: u8,
    severity: u8,
    timestamp: &str,
    hostname: &str,
    app_name: &str,
    proc_id: Option<&str>,
    message: &str,
) {
    write_header(out, facility, severity, timestamp, hostname, app_name, proc_id);
    write_escaped(out, message);
}

/// Appends one line as [`write()`] does, with the message appended by `write_message` straight
/// into `out` and escaped afterwards, which saves building the message in a `String` first.
#[allow(clippy::too_many_arguments)]
pub fn write_with(
    out: &mut String,
    facility: u8,
    severity: u8,
    timestamp: &str,
    hostname: &str,
    app_name: &str,
    proc_id: Option<&str>,
    write_message: impl FnOnce(&mut String),
) {
    write_header(out, facility, severity, timestamp, hostname, app_name, proc_id);
    write_escaped_with(out, write_message);
}

/// Appends a line as [`write_with`] does, with the PRI of `priority` (facility, severity), or
/// without a PRI for `None`, as syslog daemons write their log files.
#[allow(clippy::too_many_arguments)]
pub fn write_optional_priority_with(
    out: &mut String,
    priority: Option<(u8, u8)>,
    timestamp: &str,
    hostname: &str,
    app_name: &str,
    proc_id: Option<&str>,
    write_message: impl FnOnce(&mut String),
) {
    if let Some((facility, severity)) = priority {
        write_priority(out, facility, severity);
    }
    write_tag(out, timestamp, hostname, app_name, proc_id);
    write_escaped_with(out, write_message);
}

/// Appends message text written by `write_message` straight into `out`, escaped afterwards as
/// [`write_escaped`] does, which saves building the message in a `String` first.
pub fn write_escaped_with(out: &mut String, write_message: impl FnOnce(&mut String)) {
    let start = out.len();
    write_message(out);
    if any_byte(out.as_bytes().get(start..).unwrap_or_default(), is_control_but_tab) {
        let message = out.split_off(start);
        write_escaped(out, &message);
    }
}

/// Appends `<PRI>TIMESTAMP HOSTNAME APP[PID]: `.
fn write_header(out: &mut String, facility: u8, severity: u8, timestamp: &str, hostname: &str, app_name: &str, proc_id: Option<&str>) {
    write_priority(out, facility, severity);
    write_tag(out, timestamp, hostname, app_name, proc_id);
}

/// Appends `TIMESTAMP HOSTNAME APP[PID]: `, the header after the PRI.
fn write_tag(out: &mut String, timestamp: &str, hostname: &str, app_name: &str, proc_id: Option<&str>) {
    out.push_str(timestamp);
    out.push(' ');
    out.push_str(hostname);
    out.push(' ');
    out.push_str(app_name);
    if let Some(pid) = proc_id {
        out.push('[');
        out.push_str(pid);
        out.push(']');
    }
    out.push_str(": ");
}

/// Returns the length of a leading BSD timestamp, `Mmm dd hh:mm:ss` or `Mmm dd yyyy hh:mm:ss`.
/// The day is padded with a space or a zero, or bare (`Mar 3`) as some relays write it.
fn bsd_timestamp_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let month = text.get(0..3)?;
    if !MONTHS.iter().any(|m| m.eq_ignore_ascii_case(month)) || bytes.get(3) != Some(&b' ') {
        return None;
    }
    let is_time = |at: usize| {
        bytes.len() >= at + 8
            && bytes[at..at + 2].iter().all(u8::is_ascii_digit)
            && bytes[at + 2] == b':'
            && bytes[at + 3..at + 5].iter().all(u8::is_ascii_digit)
            && bytes[at + 5] == b':'
            && bytes[at + 6..at + 8].iter().all(u8::is_ascii_digit)
    };
    let time_at = bsd_day_end(bytes)? + 1;
    let mut end = if is_time(time_at) {
        time_at + 8
    } else if bsd_year_at(bytes, time_at) && is_time(time_at + 5) {
        time_at + 13
    } else {
        return None;
    };
    // Optional fraction, as some relays add.
    if bytes.get(end) == Some(&b'.') {
        end += 1;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
    }
    Some(end)
}

/// Returns the index of the space after the day of a BSD timestamp: 6 for a padded day
/// (`Mar  3`, `Mar 03`, `Mar 13`) and 5 for a bare one (`Mar 3`).
fn bsd_day_end(bytes: &[u8]) -> Option<usize> {
    let digit = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_digit);
    if (bytes.get(4) == Some(&b' ') || digit(4)) && digit(5) && bytes.get(6) == Some(&b' ') {
        Some(6)
    } else if digit(4) && bytes.get(5) == Some(&b' ') {
        Some(5)
    } else {
        None
    }
}

/// True when a four-digit year and a space start at `at`.
fn bsd_year_at(bytes: &[u8], at: usize) -> bool {
    bytes.len() > at + 4 && bytes[at..at + 4].iter().all(u8::is_ascii_digit) && bytes[at + 4] == b' '
}

/// Returns the length of a leading ISO 8601 timestamp: RFC 3339
/// (`2026-01-05T09:00:00.123+00:00`) or the date and time separated by a space
/// (`2026-01-05 09:00:00`), as some collectors write it.
fn iso_timestamp_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.len() < 19 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return None;
    }
    match bytes[10] {
        b'T' => Some(text.find(' ').unwrap_or(text.len())),
        b' ' if bytes[11..13].iter().all(u8::is_ascii_digit) && bytes[13] == b':' => {
            Some(text[11..].find(' ').map_or(text.len(), |space| space + 11))
        }
        _ => None,
    }
}

/// Reads one BSD syslog line.
///
/// # Errors
/// Returns a [`ParseError`] for a line longer than [`MAX_LINE`], an unterminated or
/// out-of-range PRI, or an empty line.
///
/// # Examples
/// ```
/// use siemulator::format::syslog3164;
/// let m = syslog3164::parse("<38>Jan  5 09:00:00 web01 sshd[411]: Accepted password for bob").unwrap();
/// assert_eq!(m.hostname, Some("web01"));
/// assert_eq!(m.app_name, Some("sshd"));
/// assert_eq!(m.proc_id, Some("411"));
/// assert_eq!(m.message, "Accepted password for bob");
/// ```
pub fn parse(line: &str) -> Result<Message<'_>, ParseError> {
    if line.len() > MAX_LINE {
        return Err(ParseError::new(
            MAX_LINE,
            format!("line of {} bytes exceeds the {MAX_LINE}-byte limit", line.len()),
        ));
    }
    let line = line.trim_end_matches(['\r', '\n']);
    if line.trim().is_empty() {
        return Err(ParseError::new(0, "empty line"));
    }
    let mut at = 0usize;
    let mut priority = None;
    if line.starts_with('<') {
        // Searched as bytes: the first five bytes may end inside a multi-byte character.
        let close = line.as_bytes()[..line.len().min(5)]
            .iter()
            .position(|byte| *byte == b'>')
            .ok_or_else(|| ParseError::new(0, "'<' opens a PRI that is not closed by '>' within 3 digits"))?;
        let digits = &line[1..close];
        let value: u16 = digits
            .parse()
            .map_err(|_| ParseError::new(1, format!("PRI '{digits}' is not a number")))?;
        if value > 191 || digits.is_empty() {
            return Err(ParseError::new(1, format!("PRI {value} is out of range 0..=191")));
        }
        priority = Some(value as u8);
        at = close + 1;
    }

    let rest = &line[at..];
    let mut timestamp = None;
    if let Some(len) = bsd_timestamp_len(rest).or_else(|| iso_timestamp_len(rest)) {
        timestamp = Some(&rest[..len]);
        at += len;
        at += line[at..].len() - line[at..].trim_start_matches(' ').len();
    }

    // HOSTNAME is present when a timestamp was and the next token is not itself a tag.
    let mut hostname = None;
    let rest = &line[at..];
    if timestamp.is_some() {
        let token_end = rest.find(' ').unwrap_or(rest.len());
        let token = &rest[..token_end];
        let is_tag = token.ends_with(':') || token.starts_with('%') || token.is_empty();
        if !is_tag {
            hostname = Some(token);
            at += token_end;
            at += line[at..].len() - line[at..].trim_start_matches(' ').len();
        }
    }

    let rest = &line[at..];
    let (app_name, proc_id, message) = split_tag(rest);
    Ok(Message {
        priority,
        timestamp,
        hostname,
        app_name,
        proc_id,
        message,
    })
}

/// Splits `TAG[PID]: MESSAGE`; without a tag the whole text is the message.
fn split_tag(text: &str) -> (Option<&str>, Option<&str>, &str) {
    let limit = text.len().min(64);
    // Searched as bytes: byte 64 may fall inside a multi-byte character.
    let Some(colon) = text.as_bytes()[..limit]
        .windows(2)
        .position(|pair| pair == b": ")
        .or_else(|| text.strip_suffix(':').filter(|t| t.len() < limit).map(str::len))
    else {
        return (None, None, text);
    };
    let tag = &text[..colon];
    if tag.is_empty() || tag.contains(' ') || tag.starts_with('%') {
        return (None, None, text);
    }
    let message = text.get(colon + 2..).unwrap_or("");
    if let Some(open) = tag.find('[') {
        if tag.ends_with(']') && open > 0 {
            return (Some(&tag[..open]), Some(&tag[open + 1..tag.len() - 1]), message);
        }
    }
    (Some(tag), None, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_timestamp_shifts_zoneless_layouts() {
        let expected = Timestamp::from_civil(2026, 1, 5, 7, 0, 0, 0);
        for text in ["Jan  5 09:00:00", "Jan 05 2026 09:00:00", "2026-01-05T09:00:00"] {
            assert_eq!(parse_timestamp_local(text, 2026, 120).unwrap(), expected, "{text}");
            assert_eq!(
                parse_timestamp(text, 2026).unwrap(),
                expected.add_nanos(7_200_000_000_000),
                "{text}"
            );
        }
    }

    #[test]
    fn local_timestamp_keeps_rfc3339_zone() {
        let expected = Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0);
        assert_eq!(parse_timestamp_local("2026-01-05T09:00:00Z", 2026, 120).unwrap(), expected);
        assert_eq!(parse_timestamp_local("2026-01-05T10:00:00+01:00", 2026, 120).unwrap(), expected);
    }

    #[test]
    fn write_then_parse_recovers_header() {
        let mut out = String::new();
        write(
            &mut out,
            10,
            6,
            "Jan  5 09:00:00",
            "web01",
            "sshd",
            Some("22"),
            "line one\nline two",
        );
        assert_eq!(out, "<86>Jan  5 09:00:00 web01 sshd[22]: line one#012line two");
        let m = parse(&out).unwrap();
        assert_eq!(m.facility(), Some(10));
        assert_eq!(m.severity(), Some(6));
        assert_eq!(m.timestamp, Some("Jan  5 09:00:00"));
        assert_eq!(m.message, "line one#012line two");
    }

    #[test]
    fn multibyte_text_at_tag_window_edge() {
        let text = "\u{d7ff}".repeat(30);
        assert_eq!(split_tag(&text), (None, None, text.as_str()));
    }

    #[test]
    fn control_test_matches_escaped_set() {
        for byte in 0..=255u8 {
            assert_eq!(is_control_but_tab(byte), CONTROLS_BUT_TAB.contains(byte), "byte {byte:#04x}");
        }
    }

    #[test]
    fn escape_finds_control_anywhere() {
        let clean = "a".repeat(40);
        let mut out = String::new();
        write_escaped(&mut out, &clean);
        assert_eq!(out, clean);
        for at in 0..40 {
            let message = format!("{}\n{}", &clean[..at], &clean[at + 1..]);
            let expected = format!("{}#012{}", &clean[..at], &clean[at + 1..]);
            let mut direct = String::new();
            write_escaped(&mut direct, &message);
            assert_eq!(direct, expected, "line break at {at}");
            let mut streamed = String::from("prefix ");
            write_escaped_with(&mut streamed, |out| out.push_str(&message));
            assert_eq!(streamed, format!("prefix {expected}"), "streamed line break at {at}");
        }
    }

    #[test]
    fn write_with_escapes_like_write() {
        for message in ["plain text", "line one\nline two\r", "tab\tstays", "\u{1}\u{7f}caf\u{e9}"] {
            let mut direct = String::from("prefix ");
            write(&mut direct, 4, 2, "Jan  5 09:00:00", "web01", "sshd", Some("22"), message);
            let mut streamed = String::from("prefix ");
            write_with(&mut streamed, 4, 2, "Jan  5 09:00:00", "web01", "sshd", Some("22"), |out| {
                out.push_str(message)
            });
            assert_eq!(streamed, direct, "message {message:?}");
        }
    }

    #[test]
    fn line_without_pri_or_pid() {
        let m = parse("Mar 12 01:02:03 host CRON: session opened").unwrap();
        assert_eq!(m.priority, None);
        assert_eq!(m.app_name, Some("CRON"));
        assert_eq!(m.proc_id, None);
    }

    #[test]
    fn asa_header_with_year_and_no_tag() {
        let m = parse("<166>Jan 05 2026 09:00:00 fw01 : %ASA-6-302013: Built inbound TCP").unwrap();
        assert_eq!(m.timestamp, Some("Jan 05 2026 09:00:00"));
        assert_eq!(m.hostname, Some("fw01"));
        assert_eq!(m.time(1999).unwrap(), Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0));
    }

    #[test]
    fn unpadded_day_header() {
        let m = parse("Mar 3 14:02:11 web01 sshd[1234]: Accepted password for jdoe").unwrap();
        assert_eq!(m.timestamp, Some("Mar 3 14:02:11"));
        assert_eq!(m.hostname, Some("web01"));
        assert_eq!(m.app_name, Some("sshd"));
        assert_eq!(m.time(2026).unwrap(), Timestamp::from_civil(2026, 3, 3, 14, 2, 11, 0));

        let m = parse("<166>Mar 3 2025 14:02:11 fw01 : %ASA-6-302013: Built inbound TCP").unwrap();
        assert_eq!(m.timestamp, Some("Mar 3 2025 14:02:11"));
        assert_eq!(m.hostname, Some("fw01"));
        assert_eq!(m.time(2026).unwrap(), Timestamp::from_civil(2025, 3, 3, 14, 2, 11, 0));
    }

    #[test]
    fn year_header_with_fraction() {
        let m = parse("<166>Mar 03 2025 14:02:11.250 fw01 : %ASA-6-302013: Built").unwrap();
        assert_eq!(m.hostname, Some("fw01"));
        assert_eq!(m.time(2026).unwrap(), Timestamp::from_civil(2025, 3, 3, 14, 2, 11, 250_000_000));
    }

    #[test]
    fn space_separated_iso_header() {
        let m = parse("2026-03-03 14:02:11 web01 sshd[1234]: Accepted password for jdoe").unwrap();
        assert_eq!(m.timestamp, Some("2026-03-03 14:02:11"));
        assert_eq!(m.hostname, Some("web01"));
        assert_eq!(m.app_name, Some("sshd"));
        assert_eq!(m.time(1999).unwrap(), Timestamp::from_civil(2026, 3, 3, 14, 2, 11, 0));
    }

    #[test]
    fn iso_timestamp_header() {
        let m = parse("2026-01-05T09:00:00.123456+00:00 host sudo: bob : TTY=pts/0").unwrap();
        assert_eq!(m.hostname, Some("host"));
        assert_eq!(m.app_name, Some("sudo"));
        assert_eq!(m.message, "bob : TTY=pts/0");
    }

    #[test]
    fn multibyte_characters_at_search_limits() {
        // The PRI search stops after byte 5 and the tag search after byte 64; both bytes fall
        // inside a multi-byte character here.
        assert_eq!(parse("<13>\u{10ac4} text").unwrap().priority, Some(13));
        let line = format!("Jan  5 09:00:00 host {}\u{e9}: message", "a".repeat(63));
        assert!(parse(&line).is_ok());
    }

    #[test]
    fn malformed_pri_is_rejected_with_offset() {
        assert_eq!(parse("<999>Jan  5 09:00:00 h a: b").unwrap_err().offset, 1);
        assert_eq!(parse("<12").unwrap_err().offset, 0);
        assert!(parse("").is_err());
    }
}
