//! Syslog, RFC 5424: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`.
//!
//! The writer follows RFC 5424 section 6. VERSION is always 1, and an empty header field is the
//! NILVALUE `-`. Header fields keep only printable US-ASCII (33 to 126) and are cut to the
//! RFC's maximum lengths. Structured-data parameter values escape `"`, `\` and `]` with a
//! backslash (section 6.3.3). ASCII control characters other than tab in parameter values and
//! in MSG are written as `#ooo` octal escapes, as rsyslog does on reception, so one event is
//! always one line. The reader does not undo that escape.
//!
//! The reader returns the header fields, the structured-data elements with their parameters in
//! order (values unescaped, borrowed when they contain no escape) and the message without its
//! optional UTF-8 BOM. Beyond the RFC, it accepts spaces before the `]` that closes an
//! SD-ELEMENT, as some senders write them. [`parse_header`] and [`parse_structured_data`] are public so that a
//! source whose vendor writes something other than RFC structured data after the header (the
//! `[key:"value"; ...]` block of older Check Point exporters) can read the header alone.

use std::borrow::Cow;

use crate::decimal::push_u64;
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::syslog3164::write_escaped;
use crate::format::{any_byte, find_byte_from, find_name_stop, find_quote_or_backslash, push_octal_escape, EscapeScan};
use crate::timestamp::{parse_rfc3339, Timestamp};

/// Maximum accepted line length in bytes; longer input is rejected, not buffered.
pub const MAX_LINE: usize = 1 << 20;

/// The UTF-8 byte order mark that may open MSG (RFC 5424 section 6.4).
pub const BOM: &str = "\u{feff}";

/// Maximum lengths of the header fields (RFC 5424 section 6).
const MAX_HOSTNAME: usize = 255;
const MAX_APP_NAME: usize = 48;
const MAX_PROC_ID: usize = 128;
const MAX_MSG_ID: usize = 32;
/// Maximum length of an SD-ID or PARAM-NAME (RFC 5424 section 6.3).
const MAX_SD_NAME: usize = 32;

/// The header fields of one RFC 5424 message; `None` is the NILVALUE `-`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header<'a> {
    /// Facility number, 0 to 23.
    pub facility: u8,
    /// Severity number, 0 to 7.
    pub severity: u8,
    /// TIMESTAMP text (RFC 3339), written as given.
    pub timestamp: Option<&'a str>,
    /// HOSTNAME.
    pub hostname: Option<&'a str>,
    /// APP-NAME.
    pub app_name: Option<&'a str>,
    /// PROCID.
    pub proc_id: Option<&'a str>,
    /// MSGID.
    pub msg_id: Option<&'a str>,
}

/// One SD-ELEMENT: an SD-ID and its parameters in the order they were written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element<'a> {
    /// The SD-ID, such as `timeQuality` or `origin@32473`.
    pub id: &'a str,
    /// PARAM-NAME and unescaped PARAM-VALUE pairs, in order; names may repeat.
    pub params: Vec<(&'a str, Cow<'a, str>)>,
}

impl Element<'_> {
    /// Returns the value of the first parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_ref())
    }
}

/// One RFC 5424 message, borrowed from the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message<'a> {
    /// The PRI value (facility * 8 + severity).
    pub priority: u8,
    /// The VERSION field; 1 for every RFC 5424 sender.
    pub version: u16,
    /// TIMESTAMP text, `None` for the NILVALUE.
    pub timestamp: Option<&'a str>,
    /// HOSTNAME, `None` for the NILVALUE.
    pub hostname: Option<&'a str>,
    /// APP-NAME, `None` for the NILVALUE.
    pub app_name: Option<&'a str>,
    /// PROCID, `None` for the NILVALUE.
    pub proc_id: Option<&'a str>,
    /// MSGID, `None` for the NILVALUE.
    pub msg_id: Option<&'a str>,
    /// The SD-ELEMENTs in order; empty for the NILVALUE.
    pub structured_data: Vec<Element<'a>>,
    /// True when MSG started with the UTF-8 BOM, which is not part of [`Message::message`].
    pub bom: bool,
    /// MSG without the BOM; empty when the line has no MSG.
    pub message: &'a str,
}

impl Message<'_> {
    /// Returns the facility number of the PRI.
    pub fn facility(&self) -> u8 {
        self.priority >> 3
    }

    /// Returns the severity number of the PRI.
    pub fn severity(&self) -> u8 {
        self.priority & 7
    }

    /// Returns the first SD-ELEMENT whose SD-ID is `id`.
    pub fn element(&self, id: &str) -> Option<&Element<'_>> {
        self.structured_data.iter().find(|e| e.id == id)
    }

    /// Reads TIMESTAMP as an instant.
    ///
    /// # Errors
    /// Returns a [`ParseError`] when TIMESTAMP is the NILVALUE or is not RFC 3339.
    pub fn time(&self) -> Result<Timestamp, ParseError> {
        let text = self
            .timestamp
            .ok_or_else(|| ParseError::new(0, "the syslog message has the NILVALUE '-' as TIMESTAMP"))?;
        Ok(parse_rfc3339(text)?)
    }
}

/// Appends a header field, or `-` when it is absent or empty, keeping only printable US-ASCII
/// (other characters become `_`) and at most `max` characters.
fn write_header_field(out: &mut String, value: Option<&str>, max: usize) {
    match value {
        // Header fields are nearly always short printable ASCII, which is copied as it is.
        Some(text) if !text.is_empty() && text.len() <= max && !any_byte(text.as_bytes(), |byte| !byte.is_ascii_graphic()) => {
            out.push_str(text);
        }
        Some(text) if !text.is_empty() => {
            for c in text.chars().take(max) {
                out.push(if c.is_ascii_graphic() { c } else { '_' });
            }
        }
        _ => out.push('-'),
    }
}

/// Appends an SD-NAME (SD-ID or PARAM-NAME): printable US-ASCII except `=`, space, `]` and
/// `"`, other characters become `_`, at most 32 characters, and `_` when empty.
fn write_sd_name(out: &mut String, name: &str) {
    if name.is_empty() {
        out.push('_');
        return;
    }
    for c in name.chars().take(MAX_SD_NAME) {
        let allowed = c.is_ascii_graphic() && !matches!(c, '=' | ']' | '"');
        out.push(if allowed { c } else { '_' });
    }
}

/// Returns true for a byte that a PARAM-VALUE escapes: `"`, `\`, `]` and ASCII control characters
/// other than tab.
fn is_param_special(byte: u8) -> bool {
    ((byte < 0x20) & (byte != b'\t')) | (byte == b'"') | (byte == b'\\') | (byte == b']') | (byte == 0x7f)
}

/// Returns true for a byte of [`is_param_special`], a tab or `^`. Writers use it to find the
/// bytes to check in blocks of 16 bytes at a time, and [`is_param_special`] decides for each
/// byte found. The range from `\` to `^` (0x5c to 0x5e) stands for `\` and `]`. The compiler
/// turns equality tests of bytes less than 64 apart into a bit test or byte shuffles, which
/// take more than twice the instructions per block of a range and two comparisons.
fn may_be_param_special(byte: u8) -> bool {
    (byte < 0x20) | (byte == b'"') | (byte.wrapping_sub(b'\\') < 3) | (byte == 0x7f)
}

/// Appends a PARAM-VALUE body, escaping `"`, `\` and `]` (RFC 5424 section 6.3.3) and writing
/// control characters as `#ooo`.
pub fn write_param_value(out: &mut String, value: &str) {
    // Most values need no escape, and one block-wise scan is cheaper than the byte-wise search.
    if any_byte(value.as_bytes(), may_be_param_special) {
        write_escaped_param_value(out, value, 0);
    } else {
        out.push_str(value);
    }
}

/// Appends ` name="value"` for each field that `skip` does not name, with the values escaped
/// as [`write_param_value`] does. Names are written as they are, so they must be valid
/// PARAM-NAMEs.
pub fn write_field_params(out: &mut String, fields: &Fields, skip: impl Fn(&str) -> bool) {
    let params = fields.iter().filter(|(name, _, _)| !skip(name));
    write_params(out, fields.text(), params.map(|(name, _, value)| (name, value)));
}

/// Appends ` name="value"` for each field after the first `skip`, as [`write_field_params`]
/// does. A source whose header fields come first skips them by count, which costs less than
/// comparing every name.
pub fn write_field_params_after(out: &mut String, fields: &Fields, skip: usize) {
    let params = fields.iter().skip(skip);
    write_params(out, fields.text(), params.map(|(name, _, value)| (name, value)));
}

/// Appends ` name="value"` for each of `params`, whose values are usually part of `text`, the
/// value buffer of their [`Fields`].
fn write_params<'a>(out: &mut String, text: &str, params: impl Iterator<Item = (&'static str, &'a str)>) {
    // One scan of the value buffer finds the few values to escape.
    let mut scan = EscapeScan::new(text, may_be_param_special);
    for (name, value) in params {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        match scan.escape_from(value) {
            Some(clean) => write_escaped_param_value(out, value, clean),
            None => out.push_str(value),
        }
        out.push('"');
    }
}

/// Appends `value` with its special bytes escaped, for [`write_param_value`], given that the
/// bytes before `clean` need no escape. It is kept out of line so that the common path stays
/// small enough to inline. Blocks of 16 bytes without a special byte are skipped in one step,
/// because long values such as Check Point's `__policy_id_tag` have one escape at the end.
#[inline(never)]
fn write_escaped_param_value(out: &mut String, value: &str, clean: usize) {
    push_escaped_run(out, value, clean..value.len(), &may_be_param_special, is_param_special);
}

/// Appends `text`, escaping the bytes of `search` that `is_special` accepts as a PARAM-VALUE
/// escapes them: a control byte in octal, any other after a backslash. `may_be_special` is a
/// superset of `is_special` that [`find_byte_from`] tests 16 bytes at a time. Both accept
/// ASCII bytes only, so every escape falls on a character boundary. The bytes outside
/// `search` are copied as they are, so they must contain no special byte.
pub(crate) fn push_escaped_run(
    out: &mut String,
    text: &str,
    search: std::ops::Range<usize>,
    may_be_special: &impl Fn(u8) -> bool,
    is_special: impl Fn(u8) -> bool,
) {
    let bytes = text.as_bytes();
    let searched = bytes.get(..search.end).unwrap_or(bytes);
    let mut copied = 0;
    let mut at = find_byte_from(searched, search.start, may_be_special);
    while let Some(&byte) = searched.get(at) {
        if is_special(byte) {
            // Special bytes are ASCII, so `at` is on a character boundary.
            out.push_str(&text[copied..at]);
            if byte.is_ascii_control() {
                push_octal_escape(out, byte);
            } else {
                out.push('\\');
                out.push(char::from(byte));
            }
            copied = at + 1;
        }
        at = find_byte_from(searched, at + 1, may_be_special);
    }
    out.push_str(&text[copied..]);
}

/// Appends `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID` (no trailing space).
pub fn write_header(out: &mut String, header: &Header<'_>) {
    let priority = u16::from(header.facility.min(23)) * 8 + u16::from(header.severity & 7);
    out.push('<');
    push_u64(out, u64::from(priority));
    out.push_str(">1 ");
    write_header_field(out, header.timestamp, usize::MAX);
    out.push(' ');
    write_header_field(out, header.hostname, MAX_HOSTNAME);
    out.push(' ');
    write_header_field(out, header.app_name, MAX_APP_NAME);
    out.push(' ');
    write_header_field(out, header.proc_id, MAX_PROC_ID);
    out.push(' ');
    write_header_field(out, header.msg_id, MAX_MSG_ID);
}

/// Appends one SD-ELEMENT `[id name="value" ...]`.
pub fn write_element(out: &mut String, id: &str, params: &[(&str, &str)]) {
    out.push('[');
    write_sd_name(out, id);
    for (name, value) in params {
        out.push(' ');
        write_sd_name(out, name);
        out.push_str("=\"");
        write_param_value(out, value);
        out.push('"');
    }
    out.push(']');
}

/// Appends a whole message: header, structured data (`-` when `elements` is empty), and MSG
/// after a space when it is not empty, preceded by the BOM when `bom` is true.
///
/// # Examples
/// ```
/// use siemulator::format::syslog5424::{self, Header};
/// let header = Header {
///     facility: 16,
///     severity: 6,
///     timestamp: Some("2026-01-05T09:00:00Z"),
///     hostname: Some("fw01"),
///     app_name: Some("CheckPoint"),
///     proc_id: Some("2214"),
///     msg_id: None,
/// };
/// let mut out = String::new();
/// syslog5424::write(&mut out, &header, &[("sc@2620", &[("action", "Accept")])], "", false);
/// assert_eq!(out, r#"<134>1 2026-01-05T09:00:00Z fw01 CheckPoint 2214 - [sc@2620 action="Accept"]"#);
/// ```
pub fn write(out: &mut String, header: &Header<'_>, elements: &[(&str, &[(&str, &str)])], message: &str, bom: bool) {
    write_header(out, header);
    out.push(' ');
    if elements.is_empty() {
        out.push('-');
    }
    for (id, params) in elements {
        write_element(out, id, params);
    }
    if !message.is_empty() || bom {
        out.push(' ');
        if bom {
            out.push_str(BOM);
        }
        write_escaped(out, message);
    }
}

/// Reads `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID ` and returns the header with
/// the byte offset where STRUCTURED-DATA starts.
///
/// # Errors
/// Returns a [`ParseError`] for a line over [`MAX_LINE`], a missing or out-of-range PRI, a
/// missing VERSION, or a header with fewer than six space-separated fields.
pub fn parse_header(line: &str) -> Result<(Message<'_>, usize), ParseError> {
    if line.len() > MAX_LINE {
        return Err(ParseError::new(
            MAX_LINE,
            format!("line of {} bytes exceeds the {MAX_LINE}-byte limit", line.len()),
        ));
    }
    let bytes = line.as_bytes();
    if bytes.first() != Some(&b'<') {
        return Err(ParseError::new(0, "expected '<' opening the PRI"));
    }
    let digits_end = 1 + bytes[1..].iter().take(4).take_while(|b| b.is_ascii_digit()).count();
    if digits_end == 1 || digits_end > 4 || bytes.get(digits_end) != Some(&b'>') {
        return Err(ParseError::new(digits_end.min(4), "expected 1 to 3 PRI digits closed by '>'"));
    }
    let priority: u16 = line[1..digits_end].parse().unwrap_or(u16::MAX);
    if priority > 191 {
        return Err(ParseError::new(1, format!("PRI {priority} is out of range 0..=191")));
    }
    let mut at = digits_end + 1;

    let version_len = bytes[at..].iter().take(4).take_while(|b| b.is_ascii_digit()).count();
    if version_len == 0 || version_len > 3 || bytes[at] == b'0' {
        return Err(ParseError::new(
            at,
            "expected VERSION (1 to 3 digits, not starting with 0) after the PRI",
        ));
    }
    let version: u16 = line[at..at + version_len].parse().unwrap_or(0);
    at += version_len;

    let mut fields: [Option<&str>; 5] = [None; 5];
    let names = ["TIMESTAMP", "HOSTNAME", "APP-NAME", "PROCID", "MSGID"];
    for (slot, name) in fields.iter_mut().zip(names) {
        if bytes.get(at) != Some(&b' ') {
            return Err(ParseError::new(at, format!("expected a space before {name}")));
        }
        at += 1;
        let mut len = bytes[at..].iter().take_while(|b| **b != b' ').count();
        if name == "TIMESTAMP" {
            len += spaced_time_len(&bytes[at..], len);
        }
        if len == 0 {
            return Err(ParseError::new(at, format!("{name} is empty; expected a value or '-'")));
        }
        let token = &line[at..at + len];
        *slot = (token != "-").then_some(token);
        at += len;
    }
    if bytes.get(at) != Some(&b' ') {
        return Err(ParseError::new(at, "expected a space before STRUCTURED-DATA"));
    }
    at += 1;

    let [timestamp, hostname, app_name, proc_id, msg_id] = fields;
    let message = Message {
        priority: priority as u8,
        version,
        timestamp,
        hostname,
        app_name,
        proc_id,
        msg_id,
        structured_data: Vec::new(),
        bom: false,
        message: "",
    };
    Ok((message, at))
}

/// Returns the length of the ` hh:mm:ss...` that follows a bare `YYYY-MM-DD` date of `date_len`
/// bytes, or 0. Some Check Point Log Exporter releases write the TIMESTAMP with a space
/// (`2018-03-21 17:25:25`), which would otherwise shift every later header field.
fn spaced_time_len(bytes: &[u8], date_len: usize) -> usize {
    let is_date = date_len == 10 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-' && bytes[7] == b'-';
    let time = &bytes[date_len..];
    let is_time = time.len() > 9 && time[0] == b' ' && time[1..3].iter().all(u8::is_ascii_digit) && time[3] == b':' && time[6] == b':';
    if !(is_date && is_time) {
        return 0;
    }
    1 + time[1..].iter().take_while(|b| **b != b' ').count()
}

/// Returns the length of an SD-NAME starting at `at`.
#[inline]
fn sd_name_len(bytes: &[u8], at: usize) -> usize {
    // An SD-NAME is printable US-ASCII other than `=`, `]` and `"`, so it ends at a stop byte
    // of the shared name search or at `]`.
    let rest = bytes.get(at..).unwrap_or_default();
    find_name_stop(rest, b']').unwrap_or(rest.len())
}

/// One part of STRUCTURED-DATA, in the order [`read_structured_data`] meets them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SdPart<'a> {
    /// The SD-ID that opens an SD-ELEMENT.
    Element(&'a str),
    /// A PARAM-NAME and its unescaped PARAM-VALUE, inside the last element opened.
    Param(&'a str, Cow<'a, str>),
}

/// Reads STRUCTURED-DATA starting at byte `at` of `line` (either `-` or one or more
/// SD-ELEMENTs) and returns the elements with the offset just past them.
///
/// # Errors
/// Returns a [`ParseError`] naming the offset of a missing `[`, an invalid SD-ID or
/// PARAM-NAME, a missing `=` or `"`, or an unterminated value or element.
pub fn parse_structured_data(line: &str, at: usize) -> Result<(Vec<Element<'_>>, usize), ParseError> {
    let mut elements: Vec<Element<'_>> = Vec::new();
    let end = read_structured_data(line, at, |part| match part {
        SdPart::Element(id) => elements.push(Element { id, params: Vec::new() }),
        SdPart::Param(name, value) => {
            if let Some(element) = elements.last_mut() {
                element.params.push((name, value));
            }
        }
    })?;
    Ok((elements, end))
}

/// Reads STRUCTURED-DATA as [`parse_structured_data`] does, but hands each SD-ID and parameter
/// to `visit` as it is read instead of collecting them, and returns the offset just past the
/// structured data. When the input is malformed, `visit` has already seen the parts before the
/// error.
///
/// # Errors
/// Returns the same [`ParseError`]s as [`parse_structured_data`].
pub fn read_structured_data<'a>(line: &'a str, at: usize, mut visit: impl FnMut(SdPart<'a>)) -> Result<usize, ParseError> {
    let bytes = line.as_bytes();
    let mut at = at;
    match bytes.get(at) {
        Some(b'-') => return Ok(at + 1),
        Some(b'[') => {}
        _ => return Err(ParseError::new(at, "expected '-' or '[' opening STRUCTURED-DATA")),
    }
    while bytes.get(at) == Some(&b'[') {
        at += 1;
        let id_len = sd_name_len(bytes, at);
        if id_len == 0 || id_len > MAX_SD_NAME {
            return Err(ParseError::new(at, "expected an SD-ID of 1 to 32 printable characters"));
        }
        let id = &line[at..at + id_len];
        visit(SdPart::Element(id));
        at += id_len;
        loop {
            match bytes.get(at) {
                Some(b']') => {
                    at += 1;
                    break;
                }
                // Spaces before the closing ']' are not RFC 5424, but some senders add one.
                Some(b' ') if bytes[at..].iter().find(|b| **b != b' ') == Some(&b']') => {
                    at += bytes[at..].iter().take_while(|b| **b == b' ').count() + 1;
                    break;
                }
                Some(b' ') => at += 1,
                Some(_) => return Err(ParseError::new(at, "expected ' ' or ']' after an SD-ID or PARAM-VALUE")),
                None => return Err(ParseError::new(at, format!("SD-ELEMENT '{id}' is not closed by ']'"))),
            }
            let name_len = sd_name_len(bytes, at);
            if name_len == 0 || name_len > MAX_SD_NAME {
                return Err(ParseError::new(at, "expected a PARAM-NAME of 1 to 32 printable characters"));
            }
            let name = &line[at..at + name_len];
            at += name_len;
            if bytes.get(at) != Some(&b'=') || bytes.get(at + 1) != Some(&b'"') {
                return Err(ParseError::new(at, format!("expected '=\"' after PARAM-NAME '{name}'")));
            }
            at += 2;
            let (value, end) = read_param_value(line, at)?;
            visit(SdPart::Param(name, value));
            at = end;
        }
    }
    Ok(at)
}

/// Reads a PARAM-VALUE body starting at `start` up to its closing quote and returns the
/// unescaped value with the offset past the quote. A backslash before any character other than
/// `"`, `\` or `]` is kept, as RFC 5424 section 6.3.3 requires.
#[inline]
fn read_param_value(line: &str, start: usize) -> Result<(Cow<'_, str>, usize), ParseError> {
    // Most values have no backslash, so they end at the first quote and are borrowed.
    let bytes = line.as_bytes();
    if let Some(at) = find_quote_or_backslash(bytes, start) {
        if bytes.get(at) == Some(&b'"') {
            if let Some(value) = line.get(start..at) {
                return Ok((Cow::Borrowed(value), at + 1));
            }
        }
    }
    read_escaped_param_value(line, start)
}

/// Reads a PARAM-VALUE as [`read_param_value`] does, undoing the escapes in it.
#[inline(never)]
fn read_escaped_param_value(line: &str, start: usize) -> Result<(Cow<'_, str>, usize), ParseError> {
    let bytes = line.as_bytes();
    let mut at = start;
    let mut owned: Option<String> = None;
    let mut copied = start;
    while let Some(found) = find_quote_or_backslash(bytes, at) {
        at = found;
        if bytes[at] == b'"' {
            let value = match owned {
                Some(mut text) => {
                    text.push_str(&line[copied..at]);
                    Cow::Owned(text)
                }
                None => Cow::Borrowed(&line[start..at]),
            };
            return Ok((value, at + 1));
        }
        if matches!(bytes.get(at + 1), Some(b'"' | b'\\' | b']')) {
            let text = owned.get_or_insert_with(String::new);
            text.push_str(&line[copied..at]);
            copied = at + 1;
            at += 2;
        } else {
            at += 1;
        }
    }
    Err(ParseError::new(start, "PARAM-VALUE is not closed by '\"'"))
}

/// Reads one RFC 5424 line; a trailing CR or LF is ignored.
///
/// # Errors
/// Returns a [`ParseError`] for a line over [`MAX_LINE`], a malformed header (see
/// [`parse_header`]), malformed structured data (see [`parse_structured_data`]), or text other
/// than a space between STRUCTURED-DATA and MSG.
///
/// # Examples
/// ```
/// use siemulator::format::syslog5424;
/// let line = r#"<165>1 2026-01-05T09:00:00.003Z mymachine evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] An application event"#;
/// let m = syslog5424::parse(line).unwrap();
/// assert_eq!(m.app_name, Some("evntslog"));
/// assert_eq!(m.proc_id, None);
/// assert_eq!(m.structured_data[0].param("eventSource"), Some("Application"));
/// assert_eq!(m.message, "An application event");
/// ```
pub fn parse(line: &str) -> Result<Message<'_>, ParseError> {
    let (mut message, at) = parse_header(line)?;
    let line = line.trim_end_matches(['\r', '\n']);
    let (elements, mut at) = parse_structured_data(line, at)?;
    message.structured_data = elements;

    match line.as_bytes().get(at) {
        None => return Ok(message),
        Some(b' ') => at += 1,
        Some(_) => return Err(ParseError::new(at, "expected a space between STRUCTURED-DATA and MSG")),
    }
    let mut text = &line[at..];
    if let Some(rest) = text.strip_prefix(BOM) {
        message.bom = true;
        text = rest;
    }
    message.message = text;
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::AsciiSet;
    use proptest::prelude::*;

    /// Structured data of a test case: SD-IDs with their parameters.
    type Elements = &'static [(&'static str, &'static [(&'static str, &'static str)])];

    fn header<'a>(timestamp: &'a str, hostname: &'a str) -> Header<'a> {
        Header {
            facility: 16,
            severity: 6,
            timestamp: Some(timestamp),
            hostname: Some(hostname),
            app_name: Some("app"),
            proc_id: Some("42"),
            msg_id: Some("ID7"),
        }
    }

    #[test]
    fn header_with_spaced_timestamp() {
        let (header, at) = parse_header("<134>1 2026-03-03 14:02:11 gw-mds CheckPoint 13752 - [a:\"1\"]").unwrap();
        assert_eq!(header.timestamp, Some("2026-03-03 14:02:11"));
        assert_eq!(header.hostname, Some("gw-mds"));
        assert_eq!(header.app_name, Some("CheckPoint"));
        assert_eq!(header.proc_id, Some("13752"));
        assert_eq!(header.msg_id, None);
        assert_eq!(at, 53);

        // A date alone stays the TIMESTAMP when no time follows it.
        let (header, _) = parse_header("<134>1 2026-03-03 gw-mds CheckPoint 13752 - -").unwrap();
        assert_eq!(header.timestamp, Some("2026-03-03"));
        assert_eq!(header.hostname, Some("gw-mds"));
    }

    #[test]
    fn writer_cases() {
        let cases: &[(&str, Header, Elements, &str, bool, &str)] = &[
            (
                "nil structured data and message",
                header("2026-01-05T09:00:00Z", "h"),
                &[],
                "",
                false,
                "<134>1 2026-01-05T09:00:00Z h app 42 ID7 -",
            ),
            (
                "absent and empty header fields become nil",
                Header {
                    facility: 4,
                    severity: 2,
                    timestamp: None,
                    hostname: Some(""),
                    ..Header::default()
                },
                &[],
                "hello",
                false,
                "<34>1 - - - - - - hello",
            ),
            (
                "param value escapes quote backslash and bracket",
                header("2026-01-05T09:00:00Z", "h"),
                &[("x@1", &[("a", r#"q"b\c]d"#)])],
                "",
                false,
                r#"<134>1 2026-01-05T09:00:00Z h app 42 ID7 [x@1 a="q\"b\\c\]d"]"#,
            ),
            (
                "several elements then bom message",
                header("2026-01-05T09:00:00Z", "h"),
                &[("a@1", &[("k", "v")]), ("b@2", &[])],
                "msg",
                true,
                "<134>1 2026-01-05T09:00:00Z h app 42 ID7 [a@1 k=\"v\"][b@2] \u{feff}msg",
            ),
            (
                "spaces in hostname and newline in message are neutralised",
                header("2026-01-05T09:00:00Z", "my host"),
                &[],
                "a\nb",
                false,
                "<134>1 2026-01-05T09:00:00Z my_host app 42 ID7 - a#012b",
            ),
        ];
        for (name, header, elements, message, bom, expected) in cases {
            let mut out = String::new();
            write(&mut out, header, elements, message, *bom);
            assert_eq!(&out, expected, "case: {name}");
        }
    }

    #[test]
    fn field_params_match_escaped_values() {
        let values = [
            "plain",
            "",
            "say \"hi\"",
            "a]b",
            "back\\slash",
            "tab\there",
            "bell\u{7}",
            "x\u{7f}",
            "caf\u{e9} ]",
        ];
        let mut fields = Fields::new();
        for (i, value) in values.iter().cycle().take(30).enumerate() {
            fields.str(if i % 3 == 0 { "skipped" } else { "name" }, value);
        }
        fields.set("name", "over]ride");
        let mut expected = String::new();
        for (name, _, value) in fields.iter().filter(|(name, _, _)| *name != "skipped") {
            expected.push(' ');
            expected.push_str(name);
            expected.push_str("=\"");
            write_param_value(&mut expected, value);
            expected.push('"');
        }
        let mut out = String::from("prefix");
        write_field_params(&mut out, &fields, |name| name == "skipped");
        assert_eq!(out, format!("prefix{expected}"));
    }

    #[test]
    fn field_params_after_skip_header_fields() {
        let long = "product=VPN-1 & FireWall-1[db_tag={ABC};mgmt=cp-mgmt01;policy_name=Standard]";
        let mut fields = Fields::new();
        fields.str("timestamp", "2026-01-05T09:00:00Z");
        fields.str("hostname", "cp-mgmt01");
        fields.str("action", "Accept");
        fields.str("__policy_id_tag", long);
        fields.str("rule_name", "Allow \"web\"");
        fields.str("src", "10.0.0.1");
        fields.str("note", &format!("{}]{}", "x".repeat(20), "y".repeat(20)));
        let mut out = String::new();
        write_field_params_after(&mut out, &fields, 2);
        let expected = format!(
            r#" action="Accept" __policy_id_tag="{}\]" rule_name="Allow \"web\"" src="10.0.0.1" note="{}\]{}""#,
            &long[..long.len() - 1],
            "x".repeat(20),
            "y".repeat(20)
        );
        assert_eq!(out, expected);

        // A replaced value lies after the rest of the buffer and is scanned alone.
        assert!(fields.set("action", "Drop]"));
        let mut out = String::new();
        write_field_params_after(&mut out, &fields, 2);
        assert!(out.starts_with(r#" action="Drop\]" __policy_id_tag=""#), "{out}");
        let mut filtered = String::new();
        write_field_params(&mut filtered, &fields, |name| matches!(name, "timestamp" | "hostname"));
        assert_eq!(out, filtered);
    }

    #[test]
    fn sd_name_bytes_match_rfc_5424() {
        for byte in 0..=255u8 {
            let allowed = (b'!'..=b'~').contains(&byte) && !matches!(byte, b'=' | b']' | b'"');
            let expected = if allowed { 2 } else { 1 };
            assert_eq!(sd_name_len(&[b'a', byte, b'='], 0), expected, "byte {byte:#04x}");
        }
    }

    #[test]
    fn param_special_predicate_matches_set() {
        const PARAM_SPECIAL: AsciiSet = AsciiSet::of(b"\"\\]\x7f").with_range(0, 0x1f).without(b'\t');
        for byte in 0..=u8::MAX {
            assert_eq!(is_param_special(byte), PARAM_SPECIAL.contains(byte), "byte {byte:#04x}");
        }
    }

    #[test]
    fn param_search_covers_special_bytes() {
        for byte in 0..=u8::MAX {
            assert!(!is_param_special(byte) || may_be_param_special(byte), "byte {byte:#04x}");
        }
    }

    #[test]
    fn param_value_escapes_anywhere() {
        let clean = "a".repeat(40);
        for (special, escaped) in [
            ("]", "\\]"),
            ("\"", "\\\""),
            ("\\", "\\\\"),
            ("\n", "#012"),
            ("\t", "\t"),
            ("^", "^"),
        ] {
            for at in 0..40 {
                let value = format!("{}{special}{}", &clean[..at], &clean[at + 1..]);
                let mut out = String::new();
                write_param_value(&mut out, &value);
                assert_eq!(out, format!("{}{escaped}{}", &clean[..at], &clean[at + 1..]), "{special:?} at {at}");
            }
        }
        let mut out = String::new();
        write_param_value(&mut out, "x]\ty]]\"z");
        assert_eq!(out, "x\\]\ty\\]\\]\\\"z");
    }

    #[test]
    fn reader_cases() {
        // RFC 5424 section 6.5 examples, with the dates moved and hosts renamed.
        let m = parse("<34>1 2026-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \u{feff}'su root' failed").unwrap();
        assert_eq!(m.facility(), 4);
        assert_eq!(m.severity(), 2);
        assert_eq!(m.version, 1);
        assert_eq!(m.hostname, Some("mymachine.example.com"));
        assert_eq!(m.proc_id, None);
        assert_eq!(m.msg_id, Some("ID47"));
        assert!(m.structured_data.is_empty());
        assert!(m.bom);
        assert_eq!(m.message, "'su root' failed");

        let m =
            parse(r#"<165>1 2026-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - [a@32473 x="1"][b@32473 y="two words" z="\"q\""]"#)
                .unwrap();
        assert_eq!(m.structured_data.len(), 2);
        assert_eq!(m.structured_data[1].params[1], ("z", Cow::Owned::<str>("\"q\"".into())));
        assert_eq!(m.message, "");
        assert!(!m.bom);

        // A space before the closing bracket is tolerated.
        let m = parse(r#"<13>1 - - - - - [a k="v" ] tail"#).unwrap();
        assert_eq!(m.structured_data[0].param("k"), Some("v"));
        assert_eq!(m.message, "tail");

        // An unknown escape keeps its backslash.
        let m = parse(r#"<13>1 - - - - - [a k="C:\dir\\x"] tail"#).unwrap();
        assert_eq!(m.structured_data[0].param("k"), Some(r"C:\dir\x"));
        assert_eq!(m.message, "tail");

        // Values without escapes are borrowed.
        let m = parse(r#"<13>1 - - - - - [a k="plain"]"#).unwrap();
        assert!(matches!(m.structured_data[0].params[0].1, Cow::Borrowed("plain")));

        // A trailing line break is not part of MSG.
        assert_eq!(parse("<13>1 - - - - - - text\r\n").unwrap().message, "text");

        let m = parse("<13>1 2026-01-05T09:00:00.5+01:00 h a p m -").unwrap();
        assert_eq!(m.time().unwrap(), Timestamp::from_civil(2026, 1, 5, 8, 0, 0, 500_000_000));
    }

    #[test]
    fn quote_search_matches_byte_search() {
        let text = "a".repeat(40);
        assert_eq!(find_quote_or_backslash(text.as_bytes(), 0), None);
        for special in [b'"', b'\\'] {
            for at in 0..40 {
                let mut bytes = text.clone().into_bytes();
                bytes[at] = special;
                // A 0x01 byte after the match is where the eight-byte test can mark falsely.
                if at + 1 < bytes.len() {
                    bytes[at + 1] = 0x01;
                }
                for from in 0..=at {
                    assert_eq!(
                        find_quote_or_backslash(&bytes, from),
                        Some(at),
                        "{} at {at} from {from}",
                        char::from(special)
                    );
                }
                assert_eq!(find_quote_or_backslash(&bytes, at + 1), None);
            }
        }
    }

    #[test]
    fn structured_data_parts_in_order() {
        let line = r#"[a@1 x="1" y="q\"z"][b@2][c@3 x="2"] msg"#;
        let mut parts = Vec::new();
        let end = read_structured_data(line, 0, |part| parts.push(part)).unwrap();
        assert_eq!(&line[end..], " msg");
        let expected = [
            SdPart::Element("a@1"),
            SdPart::Param("x", Cow::Borrowed("1")),
            SdPart::Param("y", Cow::Borrowed("q\"z")),
            SdPart::Element("b@2"),
            SdPart::Element("c@3"),
            SdPart::Param("x", Cow::Borrowed("2")),
        ];
        assert_eq!(parts, expected);
    }

    #[test]
    fn malformed_lines_name_offset() {
        let cases: &[(&str, &str, usize)] = &[
            ("no pri", "1 - - - - - -", 0),
            ("pri not closed", "<134 1 - - - - - -", 4),
            ("pri out of range", "<192>1 - - - - - -", 1),
            ("version missing", "<13> - - - - - -", 4),
            ("version zero", "<13>0 - - - - - -", 4),
            ("header too short", "<13>1 - - -", 11),
            ("double space in header", "<13>1 -  - - - -", 8),
            ("sd neither nil nor element", "<13>1 - - - - - x", 16),
            ("sd id empty", "<13>1 - - - - - [ a=\"b\"]", 17),
            ("param without quote", "<13>1 - - - - - [id a=b]", 21),
            ("param value not closed", "<13>1 - - - - - [id a=\"b]", 23),
            ("element not closed", "<13>1 - - - - - [id a=\"b\"", 25),
            ("text glued to sd", "<13>1 - - - - - [id]x", 20),
            ("nil sd glued to text", "<13>1 - - - - - -x", 17),
        ];
        for (name, line, offset) in cases {
            let err = parse(line).unwrap_err();
            assert_eq!(err.offset, *offset, "case: {name}: {err}");
        }
    }

    #[test]
    fn oversized_line_is_rejected() {
        let line = format!("<13>1 - - - - - - {}", "x".repeat(MAX_LINE));
        assert_eq!(parse(&line).unwrap_err().offset, MAX_LINE);
    }

    fn header_value() -> impl Strategy<Value = Option<String>> {
        proptest::option::of("[!-~]{1,20}").prop_map(|v| v.filter(|s| s != "-"))
    }

    proptest! {
        #[test]
        fn reader_never_panics(line in "\\PC{0,200}") {
            let _ = parse(&line);
            let _ = parse(&format!("<13>1 - - - - - {line}"));
        }

        #[test]
        fn write_then_read_round_trips(
            facility in 0u8..24,
            severity in 0u8..8,
            hostname in header_value(),
            app_name in header_value(),
            msg_id in header_value(),
            elements in proptest::collection::vec(
                ("[a-zA-Z@0-9.]{1,32}", proptest::collection::vec(("[a-z_]{1,10}", "[^\\x00-\\x08\\x0a-\\x1f\\x7f]{0,30}"), 0..4)),
                0..3,
            ),
            message in "[^\\x00-\\x1f\\x7f\\x{feff}]{0,40}",
            bom in any::<bool>(),
        ) {
            let header = Header {
                facility,
                severity,
                timestamp: Some("2026-01-05T09:00:00Z"),
                hostname: hostname.as_deref(),
                app_name: app_name.as_deref(),
                proc_id: None,
                msg_id: msg_id.as_deref(),
            };
            let borrowed: Vec<Vec<(&str, &str)>> = elements
                .iter()
                .map(|(_, params)| params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
                .collect();
            let input: Vec<(&str, &[(&str, &str)])> =
                elements.iter().zip(&borrowed).map(|((id, _), params)| (id.as_str(), params.as_slice())).collect();
            let mut out = String::new();
            write(&mut out, &header, &input, &message, bom);

            let m = parse(&out).unwrap();
            prop_assert_eq!(m.facility(), facility);
            prop_assert_eq!(m.severity(), severity);
            prop_assert_eq!(m.hostname, header.hostname);
            prop_assert_eq!(m.app_name, header.app_name);
            prop_assert_eq!(m.msg_id, header.msg_id);
            prop_assert_eq!(m.structured_data.len(), input.len());
            for (read, (id, params)) in m.structured_data.iter().zip(&input) {
                prop_assert_eq!(read.id, *id);
                let values: Vec<(&str, &str)> = read.params.iter().map(|(k, v)| (*k, v.as_ref())).collect();
                prop_assert_eq!(&values, params);
            }
            prop_assert_eq!(m.bom, bom);
            prop_assert_eq!(m.message, message.as_str());
        }
    }
}
