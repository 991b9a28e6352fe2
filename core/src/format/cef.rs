//! ArcSight Common Event Format (CEF) 0 and 1:
//! `CEF:Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity|Extension`.
//!
//! The writer escapes `|` and `\` in header fields and `=`, `\`, LF (`\n`) and CR (`\r`) in
//! extension values, as the CEF specification requires.
//! The guide allows line breaks only in extension values. The writer also writes them as `\n`
//! and `\r` in header fields so that an event stays on one line, and the reader reads them
//! back. Extension keys keep ASCII letters, digits, `_` and `.`, and any other character
//! becomes `_`.
//!
//! The reader accepts any text before `CEF:` (a syslog header added by the sender or a relay)
//! and reports where `CEF:` starts. Extension values may contain spaces, so a value ends where
//! the next ` key=` begins. An unescaped `=` whose left-hand token is not a valid key (a URL
//! query such as `?a=b`) stays in the value, because real senders often forget to escape it.
//! The reader also accepts `:` in keys, which Check Point sends (`scheme:=IKE`). Keys keep their
//! order and repeat as given, so custom label pairs (`cs1Label=Rule cs1=Block all`) are read as
//! written, and [`Event::custom`] resolves a label to its value.

use std::borrow::Cow;

use crate::decimal::push_u64;
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::{any_byte, find_either, EscapeScan};
use crate::format::{unescape_backslashes, write_escaped_ascii, AsciiSet};
use crate::timestamp::{self, TimeParseError, Timestamp};

/// Maximum accepted line length in bytes; longer input is rejected, not buffered.
pub const MAX_LINE: usize = 1 << 20;

/// The seven header fields of a CEF event, as the writer takes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header<'a> {
    /// CEF format version: 0 or 1.
    pub version: u8,
    /// Device Vendor.
    pub device_vendor: &'a str,
    /// Device Product.
    pub device_product: &'a str,
    /// Device Version.
    pub device_version: &'a str,
    /// Device Event Class ID (the signature id).
    pub device_event_class_id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Severity: `0` to `10`, or `Unknown`, `Low`, `Medium`, `High`, `Very-High`.
    pub severity: &'a str,
}

/// One CEF event read from a line, borrowed from the input where no escape was replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event<'a> {
    /// Byte offset of `CEF:` in the line; 0 when the line starts with it.
    pub prefix_offset: usize,
    /// The text before `CEF:` without trailing spaces, such as a syslog header.
    pub prefix: &'a str,
    /// CEF format version.
    pub version: u8,
    /// Device Vendor.
    pub device_vendor: Cow<'a, str>,
    /// Device Product.
    pub device_product: Cow<'a, str>,
    /// Device Version.
    pub device_version: Cow<'a, str>,
    /// Device Event Class ID.
    pub device_event_class_id: Cow<'a, str>,
    /// Name.
    pub name: Cow<'a, str>,
    /// Severity, as written.
    pub severity: Cow<'a, str>,
    /// Extension keys and unescaped values, in order.
    pub extension: Vec<(&'a str, Cow<'a, str>)>,
}

impl Event<'_> {
    /// Returns the value of the first extension key `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.extension.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_ref())
    }

    /// Returns the value of the custom field whose label is `label`: for `cs1Label=Rule`, the
    /// value of `cs1`.
    pub fn custom(&self, label: &str) -> Option<&str> {
        let label_key = self
            .extension
            .iter()
            .find(|(k, v)| k.ends_with("Label") && v == label)
            .map(|(k, _)| *k)?;
        self.get(label_key.strip_suffix("Label").unwrap_or(label_key))
    }
}

/// Appends a header field, escaping `\`, `|` and line breaks.
pub fn write_header_value(out: &mut String, value: &str) {
    // Most values need no escape, and one block-wise scan is cheaper than the byte-wise search.
    if any_byte(value.as_bytes(), |byte| {
        (byte == b'\\') | (byte == b'|') | (byte == b'\n') | (byte == b'\r')
    }) {
        write_escaped(out, value, &HEADER_SPECIAL);
    } else {
        out.push_str(value);
    }
}

/// Appends an extension value, escaping `\`, `=` and line breaks.
pub fn write_extension_value(out: &mut String, value: &str) {
    // Most values need no escape, and one block-wise scan is cheaper than the byte-wise search.
    if any_byte(value.as_bytes(), is_extension_special) {
        write_escaped(out, value, &EXTENSION_SPECIAL);
    } else {
        out.push_str(value);
    }
}

/// Returns true for a byte that an extension value may escape: `\`, `=` and every byte up to
/// CR, which include LF and CR. The set is wider than [`EXTENSION_SPECIAL`] on purpose. The
/// compiler turns three equality tests of bytes this close into a bit test, which it cannot
/// apply to a block of bytes at once, but it compiles a range and two equality tests to a few
/// vector compares. Writers use it only to choose between copying a value and escaping it
/// byte by byte with the exact set.
fn is_extension_special(byte: u8) -> bool {
    (byte <= b'\r') | (byte == b'=') | (byte == b'\\')
}

/// Appends ` name=value` for each field of `fields` after the first `skip`, with the values
/// escaped as [`write_extension_value`] does. Names are written as they are, so they must be
/// valid extension keys.
pub fn write_field_extensions(out: &mut String, fields: &Fields, skip: usize) {
    // One scan of the value buffer finds the few values to escape.
    let mut scan = EscapeScan::new(fields.text(), is_extension_special);
    for (name, _, value) in fields.iter().skip(skip) {
        out.push(' ');
        out.push_str(name);
        out.push('=');
        if scan.needs_escape(value) {
            write_escaped(out, value, &EXTENSION_SPECIAL);
        } else {
            out.push_str(value);
        }
    }
}

/// The bytes a header field escapes.
const HEADER_SPECIAL: AsciiSet = AsciiSet::of(b"\\|\n\r");
/// The bytes an extension value escapes.
const EXTENSION_SPECIAL: AsciiSet = AsciiSet::of(b"\\=\n\r");

/// Appends `value` with each byte of `special` escaped. It is kept out of line so that the
/// common path of the two writers above stays small enough to inline.
#[inline(never)]
fn write_escaped(out: &mut String, value: &str, special: &AsciiSet) {
    write_escaped_ascii(out, value, special, push_backslash_escape);
}

/// Appends a backslash and the escaped byte, with `n` and `r` standing for line breaks.
fn push_backslash_escape(out: &mut String, byte: u8) {
    out.push('\\');
    out.push(match byte {
        b'\n' => 'n',
        b'\r' => 'r',
        other => char::from(other),
    });
}

fn is_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'.'
}

/// The bytes the reader accepts in a key: the writer's set plus `:`, because Check Point Log
/// Exporter sends keys such as `methods:` and `scheme:`. A table costs one lookup per byte.
const READ_KEY_BYTES: AsciiSet = AsciiSet::of(b"_.:")
    .with_range(b'0', b'9')
    .with_range(b'A', b'Z')
    .with_range(b'a', b'z');

/// Returns true for a byte the reader accepts in a key.
fn is_read_key_byte(byte: u8) -> bool {
    READ_KEY_BYTES.contains(byte)
}

/// Appends an extension key, replacing characters outside `[A-Za-z0-9_.]` with `_`.
fn write_key(out: &mut String, key: &str) {
    if key.is_empty() {
        out.push('_');
    }
    for c in key.chars() {
        out.push(if c.is_ascii() && is_key_byte(c as u8) { c } else { '_' });
    }
}

/// Appends one event: the header, then `key=value` pairs separated by single spaces.
///
/// # Examples
/// ```
/// use siemulator::format::cef::{self, Header};
/// let header = Header {
///     version: 0,
///     device_vendor: "Incapsula",
///     device_product: "SIEMintegration",
///     device_version: "1",
///     device_event_class_id: "1",
///     name: "Normal",
///     severity: "0",
/// };
/// let mut out = String::new();
/// cef::write(&mut out, &header, &[("request", "www.example.com/a?b=c"), ("cs1Label", "Cap Support")]);
/// assert_eq!(out, r"CEF:0|Incapsula|SIEMintegration|1|1|Normal|0|request=www.example.com/a?b\=c cs1Label=Cap Support");
/// ```
pub fn write(out: &mut String, header: &Header<'_>, extension: &[(&str, &str)]) {
    out.push_str("CEF:");
    push_u64(out, u64::from(header.version));
    for field in [
        header.device_vendor,
        header.device_product,
        header.device_version,
        header.device_event_class_id,
        header.name,
        header.severity,
    ] {
        out.push('|');
        write_header_value(out, field);
    }
    out.push('|');
    for (i, (key, value)) in extension.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write_key(out, key);
        out.push('=');
        write_extension_value(out, value);
    }
}

/// Returns the byte offset of `CEF:` in `line`, if any.
pub fn find_start(line: &str) -> Option<usize> {
    super::find_marker(line, b"CEF:")
}

/// Unescapes a header field, which the caller found to contain a backslash when `escaped` is
/// true.
fn unescape_header(text: &str, escaped: bool) -> Cow<'_, str> {
    if !escaped {
        return Cow::Borrowed(text);
    }
    unescape_backslashes(text, |b| match b {
        b'\\' => Some('\\'),
        b'|' => Some('|'),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        _ => None,
    })
}

fn unescape_extension(text: &str) -> Cow<'_, str> {
    unescape_backslashes(text, |b| match b {
        b'\\' => Some('\\'),
        b'=' => Some('='),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        _ => None,
    })
}

/// Splits the header at `start` (just after `CEF:`) into the version and six fields, and
/// returns them with the offset where the extension starts and a mask whose bit `i` is set
/// when field `i` contains a backslash.
fn split_header(line: &str, start: usize) -> Result<([&str; 7], u8, usize), ParseError> {
    let bytes = line.as_bytes();
    let mut fields = [""; 7];
    let mut escaped = 0u8;
    let mut field_start = start;
    let mut count = 0;
    let mut at = start;
    // Only a backslash or a '|' changes the state, so the search visits just those bytes.
    while count < 7 {
        let Some(found) = find_either(bytes, at, b'|', b'\\') else {
            at = bytes.len();
            break;
        };
        if bytes[found] == b'\\' {
            escaped |= 1 << count;
            at = found + 2;
            continue;
        }
        fields[count] = &line[field_start..found];
        count += 1;
        at = found + 1;
        field_start = at;
    }
    let at = at.min(bytes.len());
    if count == 6 {
        // The severity closes the line without a trailing '|': an event with no extension.
        fields[6] = &line[field_start..at];
        count = 7;
    }
    if count < 7 {
        return Err(ParseError::new(
            at,
            format!("the CEF header has {} of its 7 '|'-separated fields", count + 1),
        ));
    }
    Ok((fields, escaped, at))
}

/// Returns the length of the run of key bytes that ends at `end`, not reaching below `floor`.
#[inline]
fn key_bytes_before(bytes: &[u8], floor: usize, end: usize) -> usize {
    bytes
        .get(floor..end)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|byte| is_read_key_byte(**byte))
        .count()
}

/// Reads the extension `key=value key=value ...` that starts at byte `start` of `line`.
fn parse_extension(line: &str, start: usize) -> Result<Vec<(&str, Cow<'_, str>)>, ParseError> {
    // Pairs are about 20 bytes long, which sizes the list.
    let mut pairs = Vec::with_capacity(line.len().saturating_sub(start) / 16 + 1);
    read_extension(line, start, |key, value| pairs.push((key, value)))?;
    Ok(pairs)
}

/// Reads the extension that starts at byte `start` of `line` and hands each pair to `visit`
/// in order.
fn read_extension<'a>(line: &'a str, start: usize, mut visit: impl FnMut(&'a str, Cow<'a, str>)) -> Result<(), ParseError> {
    let bytes = line.as_bytes();
    let mut at = start;
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    if at == bytes.len() {
        return Ok(());
    }
    let first_key = at;

    // A key is the run of key bytes between an unescaped space (or the start of the
    // extension) and an unescaped '='. The search visits only the '=' and backslash bytes, and
    // each '=' looks back for its key, so the spaces inside values cost nothing.
    // The key and '=' of the pair whose value is being read.
    let mut open: Option<(usize, usize)> = None;
    // True when the open value contains a backslash.
    let mut value_escaped = false;
    // The offset of the last byte that a backslash escaped.
    let mut escaped_byte = usize::MAX;
    let mut from = first_key;
    for found in memchr::memchr2_iter(b'=', b'\\', &bytes[first_key..]) {
        let found = first_key + found;
        if found < from {
            // A byte that a backslash escaped.
            continue;
        }
        if bytes[found] == b'\\' {
            value_escaped = true;
            escaped_byte = found + 1;
            from = found + 2;
            continue;
        }
        from = found + 1;
        let key_start = found - key_bytes_before(bytes, first_key, found);
        let after_space = key_start > first_key && bytes[key_start - 1] == b' ' && escaped_byte != key_start - 1;
        if key_start == found || !(key_start == first_key || after_space) {
            // Not a key, such as the '=' of a URL query: the '=' stays in the value.
            continue;
        }
        match open {
            // The single space before the key separates the pairs.
            Some((open_key, equals)) => {
                let (key, value) = extension_pair(line, open_key, equals, key_start - 1, value_escaped);
                visit(key, value);
            }
            None if key_start != first_key => break,
            None => {}
        }
        open = Some((key_start, found));
        value_escaped = false;
    }
    let Some((open_key, equals)) = open else {
        return Err(ParseError::new(first_key, "expected 'key=' at the start of the CEF extension"));
    };
    let (key, value) = extension_pair(line, open_key, equals, bytes.len(), value_escaped);
    visit(key, value);
    Ok(())
}

/// Returns the pair whose key starts at `key_start`, whose '=' is at `equals` and whose value
/// ends at `value_end`, unescaping the value when it contains a backslash.
#[inline(always)]
fn extension_pair(line: &str, key_start: usize, equals: usize, value_end: usize, escaped: bool) -> (&str, Cow<'_, str>) {
    let value = &line[equals + 1..value_end.max(equals + 1)];
    let value = if escaped { unescape_extension(value) } else { Cow::Borrowed(value) };
    (&line[key_start..equals], value)
}

/// Reads one CEF event, with or without a syslog header before `CEF:`; a trailing CR or LF is
/// ignored.
///
/// # Errors
/// Returns a [`ParseError`] for a line over [`MAX_LINE`], a line without `CEF:`, a version
/// that is not a number, a header with fewer than seven fields, or an extension that does not
/// start with `key=`.
///
/// # Examples
/// ```
/// use siemulator::format::cef;
/// let line = "<134>Jan  5 09:00:00 waf CEF:0|Imperva Inc.|Attack Analytics|0|1|SQL Injection|8| act=blocked request=example.com/login?id=1 cs1=10.1 cs1Label=Rule Version";
/// let event = cef::parse(line).unwrap();
/// assert_eq!(event.prefix, "<134>Jan  5 09:00:00 waf");
/// assert_eq!(event.name, "SQL Injection");
/// assert_eq!(event.get("request"), Some("example.com/login?id=1"));
/// assert_eq!(event.custom("Rule Version"), Some("10.1"));
/// ```
pub fn parse(line: &str) -> Result<Event<'_>, ParseError> {
    let (mut event, extension_start) = read_header(line)?;
    event.extension = parse_extension(event_text(line), extension_start)?;
    Ok(event)
}

/// Reads the text before `CEF:` and the header of one CEF event as [`parse`] does, for a
/// caller that stores the extension pairs elsewhere. Returns the event with an empty extension,
/// and the extension, which [`Extension::read_each`] reads.
///
/// # Errors
/// Returns the errors of [`parse`] other than those of the extension.
///
/// # Examples
/// ```
/// use siemulator::format::cef;
/// let (event, extension) = cef::parse_header("CEF:0|V|P|1|2|Login|3|suser=bob act=allowed").unwrap();
/// let mut keys = Vec::new();
/// extension.read_each(|key, _| keys.push(key)).unwrap();
/// assert_eq!(event.name, "Login");
/// assert_eq!(keys, ["suser", "act"]);
/// ```
pub fn parse_header(line: &str) -> Result<(Event<'_>, Extension<'_>), ParseError> {
    let (event, start) = read_header(line)?;
    Ok((
        event,
        Extension {
            line: event_text(line),
            start,
        },
    ))
}

/// The extension of an event that [`parse_header`] has not read yet.
#[derive(Clone, Copy, Debug)]
pub struct Extension<'a> {
    line: &'a str,
    /// Offset in `line` where the extension starts.
    start: usize,
}

impl<'a> Extension<'a> {
    /// Reads the pairs as [`parse`] does and hands each to `visit` in order.
    ///
    /// # Errors
    /// Returns the error of [`parse`] for an extension that does not start with `key=`, after
    /// no call of `visit`.
    pub fn read_each(self, visit: impl FnMut(&'a str, Cow<'a, str>)) -> Result<(), ParseError> {
        read_extension(self.line, self.start, visit)
    }
}

/// Returns the line without its trailing CR or LF.
fn event_text(line: &str) -> &str {
    line.trim_end_matches(['\r', '\n'])
}

/// Reads the text before `CEF:` and the header, and returns the event with an empty extension
/// and the offset where the extension starts.
fn read_header(line: &str) -> Result<(Event<'_>, usize), ParseError> {
    if line.len() > MAX_LINE {
        return Err(ParseError::new(
            MAX_LINE,
            format!("line of {} bytes exceeds the {MAX_LINE}-byte limit", line.len()),
        ));
    }
    let line = event_text(line);
    let prefix_offset = find_start(line).ok_or_else(|| ParseError::new(0, "expected 'CEF:' opening a CEF event"))?;
    let start = prefix_offset + 4;

    let (fields, escaped, extension_start) = split_header(line, start)?;
    let version = fields[0]
        .trim()
        .parse::<u8>()
        .map_err(|_| ParseError::new(start, format!("CEF version '{}' is not a number", fields[0])))?;
    let event = Event {
        prefix_offset,
        prefix: line[..prefix_offset].trim_end(),
        version,
        device_vendor: unescape_header(fields[1], escaped & 1 << 1 != 0),
        device_product: unescape_header(fields[2], escaped & 1 << 2 != 0),
        device_version: unescape_header(fields[3], escaped & 1 << 3 != 0),
        device_event_class_id: unescape_header(fields[4], escaped & 1 << 4 != 0),
        name: unescape_header(fields[5], escaped & 1 << 5 != 0),
        severity: unescape_header(fields[6], escaped & 1 << 6 != 0),
        extension: Vec::new(),
    };
    Ok((event, extension_start))
}

/// A time read from a CEF date field (`rt`, `start`, `end`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Time {
    /// An instant: epoch milliseconds, or a text time that names its zone.
    Instant(Timestamp),
    /// A wall-clock time that names no zone, held as if it were UTC. The caller applies the
    /// zone of the log or of the parse options.
    WallClock(Timestamp),
}

/// Epoch values below this are read as seconds: as milliseconds they would fall within the
/// first three years of 1970, and as seconds they reach past the year 5000.
const EPOCH_SECONDS_BELOW: i64 = 100_000_000_000;

/// Reads the value of a CEF date field in the forms that senders write: milliseconds since
/// the epoch, or `MMM dd [yyyy] HH:mm:ss[.SSS] [zone]`, with the day padded or not. A time
/// without a year takes `year`. The zone may be `UTC`, `GMT`, `Z` or a numeric offset
/// (`+02:00`, `-0500`, also after `UTC` or `GMT`). RFC 3339 text is read too, since some
/// senders write it. An epoch value too small to be milliseconds is read as seconds.
///
/// # Errors
/// Returns the offset and reason for text in none of these forms, for an epoch value outside
/// the years [`timestamp::MIN_YEAR`] to [`timestamp::MAX_YEAR`], and for a zone name such as
/// `CET`, which would need the time zone database.
pub fn parse_time(text: &str, year: i32) -> Result<Time, TimeParseError> {
    let text = text.trim();
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        let out_of_range = TimeParseError {
            offset: 0,
            reason: "epoch value out of range",
        };
        let value: i64 = text.parse().map_err(|_| out_of_range.clone())?;
        // `unsigned_abs`, because `abs` overflows on `i64::MIN`.
        let millis = if value.unsigned_abs() < EPOCH_SECONDS_BELOW.unsigned_abs() {
            value * 1000
        } else {
            value
        };
        // `from_millis` saturates, so a value beyond the years a timestamp can store would read
        // as a time in 1677 or 2262. It is rejected as other parsed times are.
        let time = Timestamp::from_millis(millis);
        if !(timestamp::MIN_YEAR..=timestamp::MAX_YEAR).contains(&time.civil().year) {
            return Err(out_of_range);
        }
        return Ok(Time::Instant(time));
    }
    if text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return match timestamp::parse_rfc3339(text) {
            Ok(time) => Ok(Time::Instant(time)),
            Err(_) => timestamp::parse_rfc3339_local(text, 0).map(Time::WallClock),
        };
    }

    let words: Vec<&str> = text.split_whitespace().collect();
    let (year, clock_at) = match words.get(2) {
        Some(word) if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) => (word.parse().unwrap_or(year), 3),
        _ => (year, 2),
    };
    let (Some(month), Some(day), Some(clock)) = (words.first(), words.get(1), words.get(clock_at)) else {
        return Err(TimeParseError {
            offset: 0,
            reason: "expected epoch milliseconds or 'MMM dd [yyyy] HH:mm:ss'",
        });
    };
    let wall_clock = timestamp::parse_bsd(&format!("{month} {day} {clock}"), year)?;
    match words.get(clock_at + 1..).unwrap_or_default() {
        [] => Ok(Time::WallClock(wall_clock)),
        [zone] => {
            let offset = zone_offset(zone).ok_or(TimeParseError {
                offset: text.len() - zone.len(),
                reason: "expected the zone UTC, GMT, Z or a numeric offset such as +02:00",
            })?;
            Ok(Time::Instant(wall_clock.add_nanos(-i64::from(offset) * 60 * 1_000_000_000)))
        }
        _ => Err(TimeParseError {
            offset: 0,
            reason: "unexpected text after the zone",
        }),
    }
}

/// Returns the minutes east of UTC of a CEF time zone: `UTC`, `GMT` or `Z`, a numeric offset,
/// or `UTC`/`GMT` followed by an offset.
fn zone_offset(zone: &str) -> Option<i32> {
    let upper = zone.to_ascii_uppercase();
    let offset = upper.strip_prefix("UTC").or_else(|| upper.strip_prefix("GMT")).unwrap_or(&upper);
    if offset.is_empty() {
        return Some(0);
    }
    timestamp::parse_utc_offset(offset).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Ordered key-value pairs of a test case.
    type Pairs = &'static [(&'static str, &'static str)];

    fn header<'a>(name: &'a str) -> Header<'a> {
        Header {
            version: 0,
            device_vendor: "Vendor",
            device_product: "Product",
            device_version: "1.0",
            device_event_class_id: "100",
            name,
            severity: "5",
        }
    }

    fn pairs<'a>(event: &'a Event<'_>) -> Vec<(&'a str, &'a str)> {
        event.extension.iter().map(|(k, v)| (*k, v.as_ref())).collect()
    }

    #[test]
    fn field_extensions_copy_clean_values() {
        let mut fields = Fields::new();
        fields.str("name", "Normal");
        fields.int("severity", 0);
        fields.str("request", "www.example.com/index.html");
        fields.str("cs1Label", "Cap Support");
        fields.str("empty", "");
        let mut out = String::new();
        write_field_extensions(&mut out, &fields, 2);
        assert_eq!(out, " request=www.example.com/index.html cs1Label=Cap Support empty=");
    }

    #[test]
    fn field_extensions_escape_special_bytes() {
        let long = "a".repeat(40);
        let mut fields = Fields::new();
        fields.str("name", "a=b");
        fields.str("qstr", "id=1");
        fields.str("clean", &long);
        fields.str("path", "C:\\temp");
        fields.str("lines", "one\ntwo\r");
        fields.str("late", &format!("{long}=x"));
        fields.str("after", "b");
        let mut out = String::new();
        write_field_extensions(&mut out, &fields, 1);
        let expected = format!(" qstr=id\\=1 clean={long} path=C:\\\\temp lines=one\\ntwo\\r late={long}\\=x after=b");
        assert_eq!(out, expected);
    }

    #[test]
    fn field_extensions_escape_overridden_values() {
        // A replaced value is appended at the end of the text buffer, after the values that
        // follow it, so the writer meets it out of order.
        let mut fields = Fields::new();
        fields.str("first", "x");
        fields.str("second", "y");
        fields.str("third", "z");
        assert!(fields.set("second", "a=b"));
        assert!(fields.set("first", "c"));
        let mut out = String::new();
        write_field_extensions(&mut out, &fields, 0);
        assert_eq!(out, " first=c second=a\\=b third=z");
    }

    #[test]
    fn read_key_bytes_add_colon() {
        for byte in 0..=255u8 {
            assert_eq!(is_read_key_byte(byte), is_key_byte(byte) || byte == b':', "byte {byte:#04x}");
        }
    }

    #[test]
    fn writer_cases() {
        let cases: &[(&str, Header, Pairs, &str)] = &[
            ("no extension", header("n"), &[], "CEF:0|Vendor|Product|1.0|100|n|5|"),
            (
                "header escapes pipe and backslash",
                header(r"a|b\c"),
                &[],
                r"CEF:0|Vendor|Product|1.0|100|a\|b\\c|5|",
            ),
            (
                "extension escapes equals backslash and newline but not pipe",
                header("n"),
                &[("msg", "a=b\\c\nd\re|f")],
                r"CEF:0|Vendor|Product|1.0|100|n|5|msg=a\=b\\c\nd\re|f",
            ),
            (
                "values with spaces stay unquoted",
                header("n"),
                &[("act", "blocked now"), ("src", "192.0.2.1")],
                "CEF:0|Vendor|Product|1.0|100|n|5|act=blocked now src=192.0.2.1",
            ),
            (
                "invalid key characters become underscores",
                header("n"),
                &[("bad key=", "v")],
                "CEF:0|Vendor|Product|1.0|100|n|5|bad_key_=v",
            ),
        ];
        for (name, header, extension, expected) in cases {
            let mut out = String::new();
            write(&mut out, header, extension);
            assert_eq!(&out, expected, "case: {name}");
        }
    }

    #[test]
    fn reader_cases() {
        let cases: &[(&str, &str, Pairs)] = &[
            ("bare event", "CEF:0|V|P|1|2|N|3|a=1 b=2", &[("a", "1"), ("b", "2")]),
            (
                "value with spaces",
                "CEF:0|V|P|1|2|N|3|msg=two words here src=192.0.2.9",
                &[("msg", "two words here"), ("src", "192.0.2.9")],
            ),
            ("leading space before the first key", "CEF:0|V|P|1|2|N|3| a=1", &[("a", "1")]),
            (
                "unescaped equals inside a url stays in the value",
                "CEF:0|V|P|1|2|N|3|request=example.com/?q=1&r=2 cn1=200",
                &[("request", "example.com/?q=1&r=2"), ("cn1", "200")],
            ),
            (
                "escaped equals and backslash",
                r"CEF:0|V|P|1|2|N|3|path=C:\\Temp x=a\=b",
                &[("path", r"C:\Temp"), ("x", "a=b")],
            ),
            ("escaped newline", r"CEF:0|V|P|1|2|N|3|msg=line1\nline2", &[("msg", "line1\nline2")]),
            ("unknown escape is kept", r"CEF:0|V|P|1|2|N|3|msg=a\|b\tc", &[("msg", r"a\|b\tc")]),
            (
                "escaped space before a key",
                r"CEF:0|V|P|1|2|N|3|a=x\ b=1 c=2",
                &[("a", r"x\ b=1"), ("c", "2")],
            ),
            ("empty value", "CEF:0|V|P|1|2|N|3|a= b=2", &[("a", ""), ("b", "2")]),
            (
                "pipes in the extension",
                "CEF:0|V|P|1|2|N|3|msg=a|b c=d",
                &[("msg", "a|b"), ("c", "d")],
            ),
            (
                "custom labels keep their order",
                "CEF:0|V|P|1|2|N|3|cs1Label=Rule cs1=Block all",
                &[("cs1Label", "Rule"), ("cs1", "Block all")],
            ),
            ("no extension and no closing pipe", "CEF:0|V|P|1|2|N|3", &[]),
            ("trailing space is part of the last value", "CEF:0|V|P|1|2|N|3|a=1 ", &[("a", "1 ")]),
            (
                "colon in a key",
                "CEF:0|V|P|1|2|N|3|zone=External methods:=ESP: AES-256",
                &[("zone", "External"), ("methods:", "ESP: AES-256")],
            ),
        ];
        for (name, line, expected) in cases {
            let event = parse(line).unwrap_or_else(|e| panic!("case {name}: {e}"));
            assert_eq!(&pairs(&event), expected, "case: {name}");
        }
    }

    #[test]
    fn header_and_prefix() {
        let event = parse(r"<14>Jan  5 09:00:00 host CEF:1|Ven\|dor|Pro\\duct|2.0|sig|Name here|Very-High|").unwrap();
        assert_eq!(event.prefix_offset, 25);
        assert_eq!(event.prefix, "<14>Jan  5 09:00:00 host");
        assert_eq!(event.version, 1);
        assert_eq!(event.device_vendor, "Ven|dor");
        assert_eq!(event.device_product, r"Pro\duct");
        assert_eq!(event.name, "Name here");
        assert_eq!(event.severity, "Very-High");
        assert!(event.extension.is_empty());
        assert!(matches!(event.device_version, Cow::Borrowed(_)));
    }

    #[test]
    fn custom_label_lookup() {
        let event = parse("CEF:0|V|P|1|2|N|3|cs2=7 cs2Label=Site ID cn1Label=Code cn1=200").unwrap();
        assert_eq!(event.custom("Site ID"), Some("7"));
        assert_eq!(event.custom("Code"), Some("200"));
        assert_eq!(event.custom("Missing"), None);
    }

    #[test]
    fn malformed_lines_name_offset() {
        let cases: &[(&str, &str, usize)] = &[
            ("no cef marker", "<14>hello world", 0),
            ("too few header fields", "CEF:0|V|P|1", 11),
            ("version not a number", "CEF:x|V|P|1|2|N|3|a=1", 4),
            ("extension without key", "CEF:0|V|P|1|2|N|3|free text a=1", 18),
            ("extension with no pair at all", "CEF:0|V|P|1|2|N|3|free text", 18),
            ("key glued to an escaped equals", r"CEF:0|V|P|1|2|N|3|\=x", 18),
        ];
        for (name, line, offset) in cases {
            let err = parse(line).unwrap_err();
            assert_eq!(err.offset, *offset, "case: {name}: {err}");
        }
    }

    #[test]
    fn oversized_line_is_rejected() {
        let line = format!("CEF:0|V|P|1|2|N|3|a={}", "x".repeat(MAX_LINE));
        assert_eq!(parse(&line).unwrap_err().offset, MAX_LINE);
    }

    /// Reads an extension as a byte-by-byte scan of its tokens does: a key is a token of key
    /// bytes that starts after an unescaped space and ends at the token's first unescaped '='.
    fn token_scan_extension(line: &str, start: usize) -> Result<Vec<(&str, Cow<'_, str>)>, ParseError> {
        let bytes = line.as_bytes();
        let mut at = start;
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        if at == bytes.len() {
            return Ok(Vec::new());
        }
        let first_key = at;

        // Each key as (start, '=' offset, whether its value contains a backslash).
        let mut keys: Vec<(usize, usize, bool)> = Vec::new();
        let mut token_start = Some(at);
        let mut escaped = false;
        while at < bytes.len() {
            match bytes[at] {
                b'\\' => {
                    escaped = true;
                    at += 2;
                    continue;
                }
                b' ' => token_start = Some(at + 1),
                b'=' => {
                    if let Some(start) = token_start.take() {
                        let token = &bytes[start..at];
                        if !token.is_empty() && token.iter().all(|b| is_read_key_byte(*b)) {
                            if let Some(last) = keys.last_mut() {
                                last.2 = escaped;
                            }
                            escaped = false;
                            keys.push((start, at, false));
                        }
                    }
                }
                _ => {}
            }
            at += 1;
        }
        if let Some(last) = keys.last_mut() {
            last.2 = escaped;
        }

        if keys.first().is_none_or(|(key_start, ..)| *key_start != first_key) {
            return Err(ParseError::new(first_key, "expected 'key=' at the start of the CEF extension"));
        }
        // A value ends at the space before the next key.
        let ends = keys.iter().skip(1).map(|(next_start, ..)| next_start - 1).chain([bytes.len()]);
        Ok(keys
            .iter()
            .zip(ends)
            .map(|(&(key_start, equals, escaped), value_end)| extension_pair(line, key_start, equals, value_end, escaped))
            .collect())
    }

    proptest! {
        // Inputs that tell the two scans apart, such as an escaped space before `key=`, are
        // rare among random strings, so this test takes more cases.
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn extension_matches_token_scan(extension in "(ab?|c:|d\\.|=|[ ]|\\\\|[|?]|\\n){0,24}") {
            let line = format!("CEF:0|V|P|1|2|N|3|{extension}");
            let start = line.len() - extension.len();
            let expected = token_scan_extension(&line, start);
            match parse_extension(&line, start) {
                Ok(pairs) => prop_assert_eq!(Ok(pairs), expected),
                Err(err) => prop_assert_eq!(Some(err.offset), expected.err().map(|e| e.offset)),
            }
        }
    }

    proptest! {
        #[test]
        fn reader_never_panics(line in "\\PC{0,200}", tail in "[a-z =\\\\|]{0,40}") {
            let _ = parse(&line);
            let _ = parse(&format!("CEF:0|V|P|1|2|N|3|{tail}"));
        }

        #[test]
        fn write_then_read_round_trips(
            fields in proptest::collection::vec("(?s).{0,12}", 6),
            extension in proptest::collection::vec(("[a-zA-Z][a-zA-Z0-9_.]{0,10}", ".{0,20}|[a-z =\\\\\\n]{0,20}"), 0..6),
        ) {
            let header = Header {
                version: 0,
                device_vendor: &fields[0],
                device_product: &fields[1],
                device_version: &fields[2],
                device_event_class_id: &fields[3],
                name: &fields[4],
                severity: &fields[5],
            };
            let input: Vec<(&str, &str)> = extension.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let mut out = String::new();
            write(&mut out, &header, &input);
            let event = parse(&out).unwrap();
            prop_assert_eq!(event.prefix_offset, 0);
            prop_assert_eq!(event.device_vendor.as_ref(), header.device_vendor);
            prop_assert_eq!(event.device_product.as_ref(), header.device_product);
            prop_assert_eq!(event.device_version.as_ref(), header.device_version);
            prop_assert_eq!(event.device_event_class_id.as_ref(), header.device_event_class_id);
            prop_assert_eq!(event.name.as_ref(), header.name);
            prop_assert_eq!(event.severity.as_ref(), header.severity);
            prop_assert_eq!(pairs(&event), input);
        }
    }

    #[test]
    fn time_forms_senders_write() {
        let instant = |text: &str| match parse_time(text, 2026) {
            Ok(Time::Instant(time)) => time.millis(),
            other => panic!("{text}: {other:?}"),
        };
        let wall_clock = |text: &str| match parse_time(text, 2026) {
            Ok(Time::WallClock(time)) => time.millis(),
            other => panic!("{text}: {other:?}"),
        };
        let eight = Timestamp::from_civil(2026, 4, 5, 8, 0, 0, 0).millis();
        assert_eq!(instant("1775376000000"), eight);
        assert_eq!(instant("1775376000"), eight);
        assert_eq!(instant("Apr 05 2026 08:00:00 UTC"), eight);
        assert_eq!(instant("Apr 5 2026 08:00:00.250 GMT"), eight + 250);
        assert_eq!(instant("Apr 05 2026 10:00:00 +02:00"), eight);
        assert_eq!(instant("Apr 05 03:00:00 GMT-0500"), eight);
        assert_eq!(instant("2026-04-05T08:00:00Z"), eight);
        assert_eq!(wall_clock("Apr 05 2026 08:00:00"), eight);
        assert_eq!(wall_clock("Apr  5 08:00:00"), eight);
        assert_eq!(wall_clock("Apr 05 08:00:00.500"), eight + 500);
    }

    #[test]
    fn time_errors_name_the_problem() {
        for text in [
            "",
            "yesterday",
            "Apr 05 2026",
            "Apr 31 2026 08:00:00",
            "Apr 05 2026 08:00:00 CET",
            "Apr 05 08:00:00 UTC extra",
        ] {
            assert!(parse_time(text, 2026).is_err(), "{text}");
        }
    }

    #[test]
    fn time_epoch_out_of_range() {
        for text in [
            "-9223372036854775808",
            "9223372036854775807",
            "-9223372036854775809",
            "9223372036854775",
            "-9223372036854775",
        ] {
            let error = parse_time(text, 2026).unwrap_err();
            assert_eq!(error.reason, "epoch value out of range", "{text}");
        }
        // The last and first milliseconds of the years a timestamp can store.
        let last = Timestamp::from_civil(timestamp::MAX_YEAR, 12, 31, 23, 59, 59, 999_000_000).millis();
        let first = Timestamp::from_civil(timestamp::MIN_YEAR, 1, 1, 0, 0, 0, 0).millis();
        for millis in [last, first] {
            let read = parse_time(&millis.to_string(), 2026);
            assert_eq!(read, Ok(Time::Instant(Timestamp::from_millis(millis))), "{millis}");
        }
    }
}
