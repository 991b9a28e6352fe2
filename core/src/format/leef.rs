//! IBM Log Event Extended Format (LEEF) 1.0 and 2.0.
//!
//! - LEEF 1.0: `LEEF:1.0|Vendor|Product|Version|EventID|` then `key=value` pairs separated by
//!   tabs.
//! - LEEF 2.0: `LEEF:2.0|Vendor|Product|Version|EventID|DelimiterCharacter|` then pairs
//!   separated by that character, which is written either as itself (`^`) or as 1 to 4 hex
//!   digits after `x` or `0x` (`x09` for a tab).
//!
//! The IBM QRadar "LEEF Format Guide" defines no escape, so a value that contains the pair
//! delimiter, or a header field that contains `|`, would be ambiguous. The writer escapes such
//! a character with a backslash. A run of backslashes right before it, or at the end of a
//! value, is doubled, which is the rule Windows uses for quotes on a command line. Every other backslash
//! stays single, so Windows paths and UNC names written by real senders read back as they are.
//! LEEF has no escape for line breaks either, so the writer writes ASCII control characters
//! other than tab as `#ooo` octal, as rsyslog does, and the reader does not undo that.
//!
//! The reader accepts text before `LEEF:` (a syslog header) and reports where `LEEF:` starts.
//! Keys are trimmed of surrounding spaces, because some senders write `\t key=value`. A LEEF
//! 1.0 event whose attributes contain no tab at all is read with spaces as separators, where a
//! value ends where the next ` key=` begins, as several vendors write LEEF 1.0 that way.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::error::ParseError;
use crate::format::any_byte;

/// Maximum accepted line length in bytes; longer input is rejected, not buffered.
pub const MAX_LINE: usize = 1 << 20;

/// The LEEF header version and its attribute delimiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// LEEF 1.0: the delimiter is always a tab.
    V1,
    /// LEEF 2.0 with the given attribute delimiter.
    V2(char),
}

/// The header fields of a LEEF event, as the writer takes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header<'a> {
    /// Format version and, for 2.0, the delimiter.
    pub version: Version,
    /// Vendor.
    pub vendor: &'a str,
    /// Product.
    pub product: &'a str,
    /// Product version.
    pub product_version: &'a str,
    /// Event ID.
    pub event_id: &'a str,
}

/// One LEEF event read from a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event<'a> {
    /// Byte offset of `LEEF:` in the line; 0 when the line starts with it.
    pub prefix_offset: usize,
    /// The text before `LEEF:` without trailing spaces, such as a syslog header.
    pub prefix: &'a str,
    /// The version text as written, such as `1.0`, `2.0` or `1`.
    pub version: &'a str,
    /// Vendor.
    pub vendor: Cow<'a, str>,
    /// Product.
    pub product: Cow<'a, str>,
    /// Product version.
    pub product_version: Cow<'a, str>,
    /// Event ID.
    pub event_id: Cow<'a, str>,
    /// The attribute delimiter that was used to split the pairs.
    pub delimiter: char,
    /// Attribute keys and values, in order.
    pub attributes: Vec<(&'a str, Cow<'a, str>)>,
}

impl Event<'_> {
    /// Returns the value of the first attribute `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_ref())
    }
}

/// Returns the delimiter the writer uses for `requested`: a tab when the requested character
/// would break the key, escape or line syntax (`=`, `\`, a control character other than tab)
/// or cannot be written in 4 hex digits.
pub fn usable_delimiter(requested: char) -> char {
    let breaks_syntax = matches!(requested, '=' | '\\') || (requested.is_control() && requested != '\t');
    if breaks_syntax || u32::from(requested) > 0xFFFF {
        '\t'
    } else {
        requested
    }
}

/// Appends `value` escaping `special` (and the backslash runs before it or at the end) with a
/// backslash, and writing ASCII control characters other than tab as `#ooo`.
fn write_escaped(out: &mut String, value: &str, special: char) {
    // A value without backslashes, control characters or the special character is written as
    // it is, and one block-wise scan finds that faster than the loop below.
    let plain = special.is_ascii()
        && !any_byte(value.as_bytes(), |byte| {
            (byte == b'\\') | (byte == special as u8) | ((byte < 0x20) & (byte != b'\t')) | (byte == 0x7f)
        });
    if plain {
        out.push_str(value);
        return;
    }
    let mut backslashes = 0usize;
    for c in value.chars() {
        if c == '\\' {
            backslashes += 1;
            continue;
        }
        if c == special {
            push_backslashes(out, 2 * backslashes + 1);
            out.push(c);
        } else {
            push_backslashes(out, backslashes);
            if c.is_ascii_control() && c != '\t' {
                if special == '#' {
                    out.push('\\');
                }
                let _ = write!(out, "#{:03o}", c as u32);
            } else {
                out.push(c);
            }
        }
        backslashes = 0;
    }
    push_backslashes(out, 2 * backslashes);
}

/// Appends one header field (vendor, product, version or event id), escaping `|` and the
/// backslashes before it as [`write()`] does, so that [`parse`] reads it back.
pub fn write_header_value(out: &mut String, value: &str) {
    write_escaped(out, value, '|');
}

fn push_backslashes(out: &mut String, count: usize) {
    for _ in 0..count {
        out.push('\\');
    }
}

/// Appends a key, replacing `=`, the delimiter, `|`, whitespace and control characters with
/// `_`.
fn write_key(out: &mut String, key: &str, delimiter: char) {
    if key.is_empty() {
        out.push('_');
    }
    for c in key.chars() {
        let bad = c == '=' || c == delimiter || c == '|' || c == '\\' || c.is_whitespace() || c.is_control();
        out.push(if bad { '_' } else { c });
    }
}

/// Appends one event: header, then `key=value` pairs separated by the delimiter.
///
/// # Examples
/// ```
/// use siemulator::format::leef::{self, Header, Version};
/// let mut out = String::new();
/// let header = Header { version: Version::V2('^'), vendor: "Lancope", product: "StealthWatch", product_version: "6.5", event_id: "41" };
/// leef::write(&mut out, &header, &[("src", "192.0.2.8"), ("msg", "a^b")]);
/// assert_eq!(out, r"LEEF:2.0|Lancope|StealthWatch|6.5|41|^|src=192.0.2.8^msg=a\^b");
/// ```
pub fn write(out: &mut String, header: &Header<'_>, attributes: &[(&str, &str)]) {
    let delimiter = match header.version {
        Version::V1 => {
            out.push_str("LEEF:1.0");
            '\t'
        }
        Version::V2(requested) => {
            out.push_str("LEEF:2.0");
            usable_delimiter(requested)
        }
    };
    for field in [header.vendor, header.product, header.product_version, header.event_id] {
        out.push('|');
        write_header_value(out, field);
    }
    out.push('|');
    if let Version::V2(_) = header.version {
        if delimiter.is_ascii_graphic() && delimiter != '|' {
            out.push(delimiter);
        } else {
            let _ = write!(out, "x{:02x}", u32::from(delimiter));
        }
        out.push('|');
    }
    for (i, (key, value)) in attributes.iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        write_key(out, key, delimiter);
        out.push('=');
        write_escaped(out, value, delimiter);
    }
    // A LEEF 1.0 line without any tab is read with spaces as separators, so one attribute
    // whose value has a space gets the trailing tab that the LEEF guide's examples show.
    if let [(_, value)] = attributes {
        if header.version == Version::V1 && value.contains(' ') {
            out.push('\t');
        }
    }
}

/// Returns the byte offset of `LEEF:` in `line`, if any.
pub fn find_start(line: &str) -> Option<usize> {
    super::find_marker(line, b"LEEF:")
}

/// Splits `text` at each `special` that is not escaped by an odd run of backslashes, and
/// returns the unescaped pieces with their start offsets inside `text`.
fn split_escaped(text: &str, special: char, max_pieces: usize) -> Vec<(usize, Cow<'_, str>)> {
    let mut pieces = Vec::new();
    let mut piece_start = 0usize;
    let mut owned: Option<String> = None;
    let mut copied = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if pieces.len() + 1 == max_pieces {
            break;
        }
        if c == '\\' {
            let run_start = at;
            let mut run = 1usize;
            while chars.next_if(|(_, c)| *c == '\\').is_some() {
                run += 1;
            }
            let run_end = run_start + run;
            let next = chars.peek().map(|(_, c)| *c);
            if next == Some(special) || next.is_none() {
                // A run before the special character or at the end is an escaped run.
                let text_out = owned.get_or_insert_with(String::new);
                text_out.push_str(&text[copied..run_start]);
                push_backslashes(text_out, run / 2);
                copied = run_end;
                if run % 2 == 1 {
                    if next.is_some() {
                        text_out.push(special);
                        chars.next();
                        copied = run_end + special.len_utf8();
                    } else {
                        text_out.push('\\');
                    }
                }
            }
            continue;
        }
        if c == special {
            pieces.push((piece_start, finish_piece(text, piece_start, at, owned.take(), copied)));
            piece_start = at + c.len_utf8();
            copied = piece_start;
        }
    }
    pieces.push((piece_start, finish_piece(text, piece_start, text.len(), owned.take(), copied)));
    pieces
}

fn finish_piece(text: &str, start: usize, end: usize, owned: Option<String>, copied: usize) -> Cow<'_, str> {
    match owned {
        Some(mut value) => {
            value.push_str(&text[copied.min(end)..end]);
            Cow::Owned(value)
        }
        None => Cow::Borrowed(&text[start..end]),
    }
}

/// Reads the delimiter field of a LEEF 2.0 header: one character, or `x`/`0x` and 1 to 4 hex
/// digits; an empty field means a tab.
fn parse_delimiter(field: &str, offset: usize) -> Result<char, ParseError> {
    let mut chars = field.chars();
    match (chars.next(), chars.next()) {
        (None, _) => return Ok('\t'),
        (Some(c), None) => return Ok(c),
        _ => {}
    }
    let hex = field
        .strip_prefix("0x")
        .or_else(|| field.strip_prefix("0X"))
        .or_else(|| field.strip_prefix('x'))
        .or_else(|| field.strip_prefix('X'))
        .filter(|h| (1..=4).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| {
            ParseError::new(
                offset,
                format!("LEEF 2.0 delimiter '{field}' is neither one character nor 'x' or '0x' and 1 to 4 hex digits"),
            )
        })?;
    let code = u32::from_str_radix(hex, 16).unwrap_or(9);
    char::from_u32(code).ok_or_else(|| ParseError::new(offset, format!("LEEF 2.0 delimiter {field} is not a character")))
}

/// Reads the attributes split on `delimiter`, starting at byte `start` of `line`.
fn parse_attributes(line: &str, start: usize, delimiter: char) -> Result<Vec<(&str, Cow<'_, str>)>, ParseError> {
    let text = &line[start..];
    let mut attributes = Vec::new();
    for (offset, piece) in split_escaped(text, delimiter, usize::MAX) {
        if piece.trim().is_empty() {
            // An empty piece comes from a trailing or doubled delimiter.
            continue;
        }
        let (key, value) = split_pair(text, offset, piece).ok_or_else(|| {
            ParseError::new(
                start + offset,
                format!("expected 'key=value' in the LEEF attributes, found '{}'", truncate(&text[offset..])),
            )
        })?;
        attributes.push((key, value));
    }
    Ok(attributes)
}

/// Splits one attribute piece at its first `=`. The key is borrowed from the raw `text`:
/// unescaping never adds or removes an `=`, so the first `=` of the piece and of the raw text
/// at `offset` are the same character.
fn split_pair<'a>(text: &'a str, offset: usize, piece: Cow<'a, str>) -> Option<(&'a str, Cow<'a, str>)> {
    let equals = piece.find('=')?;
    let raw_equals = text.get(offset..)?.find('=')?;
    let key = text.get(offset..offset + raw_equals)?.trim_matches(' ');
    if key.is_empty() {
        return None;
    }
    let value = match piece {
        Cow::Borrowed(piece) => Cow::Borrowed(&piece[equals + 1..]),
        Cow::Owned(piece) => Cow::Owned(piece[equals + 1..].to_string()),
    };
    Some((key, value))
}

fn truncate(text: &str) -> &str {
    let end = text.char_indices().nth(40).map_or(text.len(), |(i, _)| i);
    &text[..end]
}

fn is_space_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-')
}

/// Reads space-separated LEEF 1.0 attributes, where a value ends where the next ` key=`
/// begins.
fn parse_space_attributes(line: &str, start: usize) -> Result<Vec<(&str, Cow<'_, str>)>, ParseError> {
    let bytes = line.as_bytes();
    let mut at = start;
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    if at == bytes.len() {
        return Ok(Vec::new());
    }
    let first_key = at;

    // Each key is the token between a space and the first '=' after it.
    let mut keys: Vec<(usize, usize)> = Vec::new();
    let mut token_start = Some(at);
    while at < bytes.len() {
        match bytes[at] {
            b' ' => token_start = Some(at + 1),
            b'=' => {
                if let Some(begin) = token_start {
                    let token = &bytes[begin..at];
                    if !token.is_empty() && token.iter().all(|b| is_space_key_byte(*b)) {
                        keys.push((begin, at));
                    }
                }
                token_start = None;
            }
            _ => {}
        }
        at += 1;
    }
    match keys.first() {
        Some((key_start, _)) if *key_start == first_key => {}
        _ => return Err(ParseError::new(first_key, "expected 'key=' at the start of the LEEF attributes")),
    }

    let mut attributes = Vec::with_capacity(keys.len());
    for (i, (key_start, equals)) in keys.iter().enumerate() {
        let value_end = keys.get(i + 1).map_or(bytes.len(), |(next, _)| next - 1);
        let value = &line[equals + 1..value_end.max(equals + 1)];
        attributes.push((&line[*key_start..*equals], Cow::Borrowed(value)));
    }
    Ok(attributes)
}

/// Reads one LEEF 1.0 or 2.0 event, with or without a syslog header before `LEEF:`; a trailing
/// CR or LF is ignored.
///
/// # Errors
/// Returns a [`ParseError`] for a line over [`MAX_LINE`], a line without `LEEF:`, a header
/// with fewer than five fields (six for 2.0), an invalid 2.0 delimiter, or an attribute
/// without `=`.
///
/// # Examples
/// ```
/// use siemulator::format::leef;
/// let event = leef::parse("<13>Jan  5 09:00:00 host LEEF:1.0|Vendor|Product|2.1|login|src=192.0.2.1\tusrName=bob").unwrap();
/// assert_eq!(event.prefix, "<13>Jan  5 09:00:00 host");
/// assert_eq!(event.event_id, "login");
/// assert_eq!(event.get("usrName"), Some("bob"));
/// ```
pub fn parse(line: &str) -> Result<Event<'_>, ParseError> {
    if line.len() > MAX_LINE {
        return Err(ParseError::new(
            MAX_LINE,
            format!("line of {} bytes exceeds the {MAX_LINE}-byte limit", line.len()),
        ));
    }
    let line = line.trim_end_matches(['\r', '\n']);
    let prefix_offset = find_start(line).ok_or_else(|| ParseError::new(0, "expected 'LEEF:' opening a LEEF event"))?;
    let start = prefix_offset + 5;

    // The version, four header fields, an optional delimiter field, then the attributes.
    let body = &line[start..];
    let version_end = body
        .find('|')
        .ok_or_else(|| ParseError::new(line.len(), "expected '|' after the LEEF version"))?;
    let version = &body[..version_end];
    let is_v2 = version.trim().starts_with('2');
    let pieces = split_escaped(body, '|', 6);
    if pieces.len() < 6 {
        return Err(ParseError::new(
            line.len(),
            format!("the LEEF header has {} of its 5 '|'-separated fields", pieces.len()),
        ));
    }
    let mut pieces = pieces.into_iter().skip(1).map(|(offset, text)| (start + offset, text));
    let mut next_piece = || pieces.next().unwrap_or((line.len(), Cow::Borrowed("")));
    let (_, vendor) = next_piece();
    let (_, product) = next_piece();
    let (_, product_version) = next_piece();
    let (_, event_id) = next_piece();
    let (mut attributes_start, _) = next_piece();

    // LEEF 2.0 adds the delimiter field, which some senders leave out.
    let mut delimiter = '\t';
    if is_v2 {
        let field_start = attributes_start;
        let field_end = line[field_start..].find('|').map_or(line.len(), |i| field_start + i);
        let field = &line[field_start..field_end];
        if !field.contains('=') {
            delimiter = parse_delimiter(field, field_start)?;
            attributes_start = (field_end + 1).min(line.len());
        }
    }

    let attributes_text = &line[attributes_start..];
    let attributes = if !is_v2 && !attributes_text.contains('\t') && attributes_text.contains(' ') {
        delimiter = ' ';
        parse_space_attributes(line, attributes_start)?
    } else {
        parse_attributes(line, attributes_start, delimiter)?
    };
    Ok(Event {
        prefix_offset,
        prefix: line[..prefix_offset].trim_end(),
        version,
        vendor,
        product,
        product_version,
        event_id,
        delimiter,
        attributes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Ordered key-value pairs of a test case.
    type Pairs = &'static [(&'static str, &'static str)];

    fn header(version: Version) -> Header<'static> {
        Header {
            version,
            vendor: "V",
            product: "P",
            product_version: "1",
            event_id: "E",
        }
    }

    fn pairs<'a>(event: &'a Event<'_>) -> Vec<(&'a str, &'a str)> {
        event.attributes.iter().map(|(k, v)| (*k, v.as_ref())).collect()
    }

    #[test]
    fn writer_cases() {
        let cases: &[(&str, Version, Pairs, &str)] = &[
            ("v1 uses tabs", Version::V1, &[("a", "1"), ("b", "2")], "LEEF:1.0|V|P|1|E|a=1\tb=2"),
            (
                "v2 with caret",
                Version::V2('^'),
                &[("a", "1"), ("b", "2")],
                "LEEF:2.0|V|P|1|E|^|a=1^b=2",
            ),
            (
                "v2 tab is written in hex",
                Version::V2('\t'),
                &[("a", "1")],
                "LEEF:2.0|V|P|1|E|x09|a=1",
            ),
            (
                "v2 pipe is written in hex",
                Version::V2('|'),
                &[("a", "1"), ("b", "2")],
                "LEEF:2.0|V|P|1|E|x7c|a=1|b=2",
            ),
            (
                "v2 equals falls back to tab",
                Version::V2('='),
                &[("a", "1")],
                "LEEF:2.0|V|P|1|E|x09|a=1",
            ),
            (
                "delimiter in a value is escaped",
                Version::V1,
                &[("a", "x\ty")],
                "LEEF:1.0|V|P|1|E|a=x\\\ty",
            ),
            (
                "plain backslashes stay single",
                Version::V1,
                &[("path", r"C:\Windows\x")],
                r"LEEF:1.0|V|P|1|E|path=C:\Windows\x",
            ),
            (
                "trailing backslash is doubled",
                Version::V1,
                &[("a", r"x\"), ("b", "1")],
                "LEEF:1.0|V|P|1|E|a=x\\\\\tb=1",
            ),
            ("equals in a value is kept", Version::V1, &[("q", "a=b")], "LEEF:1.0|V|P|1|E|q=a=b"),
            ("newline becomes octal", Version::V1, &[("m", "a\nb")], "LEEF:1.0|V|P|1|E|m=a#012b"),
        ];
        for (name, version, attributes, expected) in cases {
            let mut out = String::new();
            write(&mut out, &header(*version), attributes);
            assert_eq!(&out, expected, "case: {name}");
        }

        let mut out = String::new();
        let piped = Header {
            vendor: r"A|B\",
            ..header(Version::V1)
        };
        write(&mut out, &piped, &[]);
        assert_eq!(out, r"LEEF:1.0|A\|B\\|P|1|E|");
    }

    #[test]
    fn reader_cases() {
        let cases: &[(&str, &str, char, Pairs)] = &[
            (
                "v1 tabs",
                "LEEF:1.0|V|P|1|E|a=1\tb=two words",
                '\t',
                &[("a", "1"), ("b", "two words")],
            ),
            ("v1 trailing tab", "LEEF:1.0|V|P|1|E|a=1\t", '\t', &[("a", "1")]),
            (
                "v1 empty values and spaced keys",
                "LEEF:1.0|V|P|1|E|a=\t b=2\tc=",
                '\t',
                &[("a", ""), ("b", "2"), ("c", "")],
            ),
            (
                "v1 space separated",
                "LEEF:1.0|V|P|1|E|src=192.0.2.1 msg=Login ok for bob sub-cat=Auth",
                ' ',
                &[("src", "192.0.2.1"), ("msg", "Login ok for bob"), ("sub-cat", "Auth")],
            ),
            ("v1 single pair", "LEEF:1.0|V|P|1|E|a=1", '\t', &[("a", "1")]),
            ("v1 no attributes", "LEEF:1.0|V|P|1|E|", '\t', &[]),
            ("v2 caret", "LEEF:2.0|V|P|1|E|^|a=1^b=2", '^', &[("a", "1"), ("b", "2")]),
            ("v2 hex x09", "LEEF:2.0|V|P|1|E|x09|a=1\tb=2", '\t', &[("a", "1"), ("b", "2")]),
            ("v2 hex 0x5E", "LEEF:2.0|V|P|1|E|0x5E|a=1^b=2", '^', &[("a", "1"), ("b", "2")]),
            (
                "v2 without delimiter field",
                "LEEF:2.0|V|P|1|E|a=1\tb=2",
                '\t',
                &[("a", "1"), ("b", "2")],
            ),
            (
                "v2 empty delimiter field",
                "LEEF:2.0|V|P|1|E||a=1\tb=2",
                '\t',
                &[("a", "1"), ("b", "2")],
            ),
            (
                "escaped delimiter",
                "LEEF:2.0|V|P|1|E|^|a=x\\^y^b=2",
                '^',
                &[("a", "x^y"), ("b", "2")],
            ),
            (
                "windows path",
                r"LEEF:1.0|V|P|1|E|path=\\srv\share\new",
                '\t',
                &[("path", r"\\srv\share\new")],
            ),
            (
                "equals inside a value",
                "LEEF:1.0|V|P|1|E|url=/a?b=c\tx=1",
                '\t',
                &[("url", "/a?b=c"), ("x", "1")],
            ),
        ];
        for (name, line, delimiter, expected) in cases {
            let event = parse(line).unwrap_or_else(|e| panic!("case {name}: {e}"));
            assert_eq!(event.delimiter, *delimiter, "case: {name}");
            assert_eq!(&pairs(&event), expected, "case: {name}");
        }
    }

    #[test]
    fn header_and_prefix() {
        let event = parse(r"<13>1 2026-01-05T09:00:00Z host - - - - LEEF:1.0|Ven\|dor|Product|4.0 SP1|15345|a=1").unwrap();
        assert_eq!(event.prefix_offset, 40);
        assert_eq!(event.prefix, "<13>1 2026-01-05T09:00:00Z host - - - -");
        assert_eq!(event.version, "1.0");
        assert_eq!(event.vendor, "Ven|dor");
        assert_eq!(event.product_version, "4.0 SP1");
        assert_eq!(event.event_id, "15345");
    }

    #[test]
    fn malformed_lines_name_offset() {
        let cases: &[(&str, &str, usize)] = &[
            ("no leef marker", "CEF:0|a|b", 0),
            ("no pipe after version", "LEEF:1.0", 8),
            ("too few header fields", "LEEF:1.0|V|P|1", 14),
            ("too few header fields in 2.0", "LEEF:2.0|V|P|1|E", 16),
            ("bad hex delimiter", "LEEF:2.0|V|P|1|E|x0G|a=1", 17),
            ("too long delimiter", "LEEF:2.0|V|P|1|E|abc|a=1", 17),
            ("attribute without equals", "LEEF:1.0|V|P|1|E|a=1\tjunk\tb=2", 21),
            ("space attributes without key", "LEEF:1.0|V|P|1|E|just words", 17),
        ];
        for (name, line, offset) in cases {
            let err = parse(line).unwrap_err();
            assert_eq!(err.offset, *offset, "case: {name}: {err}");
        }
    }

    #[test]
    fn oversized_line_is_rejected() {
        let line = format!("LEEF:1.0|V|P|1|E|a={}", "x".repeat(MAX_LINE));
        assert_eq!(parse(&line).unwrap_err().offset, MAX_LINE);
    }

    fn version() -> impl Strategy<Value = Version> {
        // A delimiter that can appear in a key would be replaced in the key, so keys are
        // generated from characters that no tested delimiter uses.
        let delimiter = any::<char>().prop_filter("delimiter inside key alphabet", |c| {
            !c.is_ascii_alphanumeric() && !matches!(c, '_' | '.' | '-')
        });
        prop_oneof![Just(Version::V1), delimiter.prop_map(Version::V2)]
    }

    proptest! {
        #[test]
        fn reader_never_panics(line in "\\PC{0,200}", tail in "[a-z =\\\\|\\t^]{0,40}") {
            let _ = parse(&line);
            let _ = parse(&format!("LEEF:1.0|V|P|1|E|{tail}"));
            let _ = parse(&format!("LEEF:2.0|V|P|1|E|{tail}"));
        }

        #[test]
        fn write_then_read_round_trips(
            version in version(),
            fields in proptest::collection::vec("[^\\x00-\\x08\\x0a-\\x1f\\x7f]{0,12}|[a\\\\|]{0,8}", 4),
            attributes in proptest::collection::vec(
                ("[a-zA-Z][a-zA-Z0-9_.-]{0,10}", "[^\\x00-\\x08\\x0a-\\x1f\\x7f]{0,20}|[a\\\\^\\t =#]{0,12}"),
                1..6,
            ),
        ) {
            let header = Header {
                version,
                vendor: &fields[0],
                product: &fields[1],
                product_version: &fields[2],
                event_id: &fields[3],
            };
            let input: Vec<(&str, &str)> = attributes.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let mut out = String::new();
            write(&mut out, &header, &input);
            let event = parse(&out).unwrap();
            prop_assert_eq!(event.vendor.as_ref(), header.vendor);
            prop_assert_eq!(event.product.as_ref(), header.product);
            prop_assert_eq!(event.product_version.as_ref(), header.product_version);
            prop_assert_eq!(event.event_id.as_ref(), header.event_id);
            prop_assert_eq!(pairs(&event), input);
        }
    }
}
