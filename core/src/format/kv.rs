//! `key=value` pairs as FortiGate, Check Point, Zscaler and many others write them:
//! `date=2026-01-05 action="accept" msg="User logged in"`.
//!
//! The writer quotes a value only when it has to: when it is empty or contains whitespace, `=`,
//! `"` or the pair separator. Inside quotes, `"` and `\` are escaped with a backslash. No
//! vendor agrees on an escape for line breaks, so ASCII control characters other than tab are
//! written as `#ooo` octal, as rsyslog does, and the reader does not undo that.
//!
//! The reader takes the pair separator as an argument (space, comma, `|`, tab or another
//! character) and also skips spaces after it, so `a=1, b=2` reads with a comma. An unquoted
//! value ends at the first separator that is followed by another `key=` or by the end of the
//! text: real senders leave values such as `msg=User logged in` unquoted, and such a value
//! keeps its spaces. Pairs keep their order, and keys may repeat.

use std::borrow::Cow;

use crate::error::ParseError;
use crate::format::{
    find_either, find_name_stop, find_quote_or_backslash, push_octal_escape, unescape_backslashes, write_escaped_ascii, AsciiSet,
};

/// Maximum accepted line length in bytes; longer input is rejected, not buffered.
pub const MAX_LINE: usize = 1 << 20;

/// Returns true when `value` must be quoted to be read back with `separator`.
pub fn needs_quotes(value: &str, separator: char) -> bool {
    if value.is_empty() {
        return true;
    }
    if value.is_ascii() && separator.is_ascii() {
        // In ASCII, whitespace and control characters are the bytes up to space, and DEL. The
        // fold has no early exit, so the compiler can vectorize it.
        let separator = separator as u8;
        return value.bytes().fold(false, |found, byte| {
            found | (byte <= b' ') | (byte == 0x7f) | (byte == b'=') | (byte == b'"') | (byte == separator)
        });
    }
    value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '=' || c == '"' || c == separator)
}

/// Appends a key, replacing `=`, `"`, whitespace, control characters and the separator with
/// `_`.
fn write_key(out: &mut String, key: &str, separator: char) {
    if key.is_empty() {
        out.push('_');
    }
    if key.is_ascii() && !key.contains(separator) && !key.bytes().any(|byte| byte <= b' ' || byte == 0x7f || byte == b'=' || byte == b'"') {
        out.push_str(key);
        return;
    }
    for c in key.chars() {
        let bad = c == '=' || c == '"' || c == separator || c.is_whitespace() || c.is_control();
        out.push(if bad { '_' } else { c });
    }
}

/// Appends a value, quoted and escaped when [`needs_quotes`] returns true.
pub fn write_value(out: &mut String, value: &str, separator: char) {
    if !needs_quotes(value, separator) {
        out.push_str(value);
        return;
    }
    out.push('"');
    const SPECIAL: AsciiSet = AsciiSet::of(b"\"\\\x7f").with_range(0, 0x1f).without(b'\t');
    write_escaped_ascii(out, value, &SPECIAL, |out, byte| {
        if byte.is_ascii_control() {
            push_octal_escape(out, byte);
        } else {
            out.push('\\');
            out.push(char::from(byte));
        }
    });
    out.push('"');
}

/// Appends the pairs as `key=value` joined by `separator`.
///
/// # Examples
/// ```
/// use siemulator::format::kv;
/// let mut out = String::new();
/// kv::write(&mut out, &[("action", "deny"), ("msg", "User \"bob\" locked"), ("note", "")], ' ');
/// assert_eq!(out, r#"action=deny msg="User \"bob\" locked" note="""#);
/// ```
pub fn write(out: &mut String, pairs: &[(&str, &str)], separator: char) {
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        write_key(out, key, separator);
        out.push('=');
        write_value(out, value, separator);
    }
}

/// Returns the value of the first pair called `key`.
pub fn get<'p>(pairs: &'p [(&str, Cow<'_, str>)], key: &str) -> Option<&'p str> {
    pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_ref())
}

fn is_key_char(c: char, separator: char) -> bool {
    !(c == '=' || c == '"' || c == separator || c.is_whitespace() || c.is_control())
}

/// Bytes that end an ASCII key whatever the separator: whitespace and control characters (the
/// bytes up to space, and DEL), `=` and `"`. Non-ASCII bytes also stop the byte scan, which
/// then decodes characters.
const KEY_END: AsciiSet = AsciiSet::of(b"=\"\x7f").with_range(0, b' ');

/// Returns the length in bytes of the key at the start of `rest`.
#[inline(always)]
fn key_len(rest: &str, separator: char) -> usize {
    // Keys are nearly always ASCII, which is checked eight bytes at a time. The space and the
    // comma, the usual separators, are given as constants, which the inlined search compares
    // with fewer instructions.
    let bytes = rest.as_bytes();
    let ascii_len = match separator {
        ' ' => find_name_stop(bytes, b' '),
        ',' => find_name_stop(bytes, b','),
        _ => {
            let separator_byte = if separator.is_ascii() { separator as u8 } else { 0 };
            bytes
                .iter()
                .position(|&byte| !byte.is_ascii() || KEY_END.contains(byte) || byte == separator_byte)
        }
    }
    .unwrap_or(bytes.len());
    if bytes.get(ascii_len).is_some_and(|byte| !byte.is_ascii()) {
        return non_ascii_key_len(rest, ascii_len, separator);
    }
    ascii_len
}

/// Returns the length of a key whose first `ascii_len` bytes are ASCII key bytes and whose
/// next byte starts a non-ASCII character, decoding characters from there.
#[cold]
#[inline(never)]
fn non_ascii_key_len(rest: &str, ascii_len: usize, separator: char) -> usize {
    let tail = rest.get(ascii_len..).unwrap_or_default();
    ascii_len + tail.len() - tail.trim_start_matches(|c: char| is_key_char(c, separator)).len()
}

/// Returns the offset just past the separators and spaces starting at `at`.
#[inline]
fn skip_separators(text: &str, at: usize, separator: char) -> usize {
    if separator.is_ascii() {
        // Comparing bytes skips the character decoding of `trim_start_matches`.
        let separator = separator as u8;
        let rest = text.as_bytes().get(at..).unwrap_or_default();
        return at
            + rest
                .iter()
                .position(|&byte| byte != b' ' && byte != separator)
                .unwrap_or(rest.len());
    }
    let rest = &text[at..];
    at + rest.len() - rest.trim_start_matches([separator, ' ']).len()
}

/// Returns the offset of the first `separator` at or after `from`.
fn find_separator(text: &str, from: usize, separator: char) -> Option<usize> {
    if separator.is_ascii() {
        // Values are short, so a search of eight bytes at a time costs less than setting up
        // `find`.
        let separator = separator as u8;
        return find_either(text.as_bytes(), from, separator, separator);
    }
    text[from..].find(separator).map(|offset| from + offset)
}

/// Returns the length of the key when `text[at..]` starts with `key=`.
fn key_at(text: &str, at: usize, separator: char) -> Option<usize> {
    let rest = &text[at..];
    let key_len = key_len(rest, separator);
    (key_len > 0 && rest.as_bytes().get(key_len) == Some(&b'=')).then_some(key_len)
}

/// Reads a quoted value whose opening quote is at `open`, and returns it unescaped with the
/// offset past the closing quote.
fn read_quoted(text: &str, open: usize) -> Result<(Cow<'_, str>, usize), ParseError> {
    let bytes = text.as_bytes();
    let mut at = open + 1;
    let mut escaped = false;
    // The search jumps from one quote or backslash to the next. Values are short, so a search
    // of eight bytes at a time costs less than setting up a vector search.
    while let Some(found) = find_quote_or_backslash(bytes, at) {
        at = found;
        if bytes[at] == b'\\' {
            escaped = true;
            at += 2;
            continue;
        }
        let raw = &text[open + 1..at];
        // A value without a backslash is returned as it is, as `unescape_backslashes` would.
        let value = if escaped {
            unescape_backslashes(raw, |b| matches!(b, b'"' | b'\\').then_some(b as char))
        } else {
            Cow::Borrowed(raw)
        };
        return Ok((value, at + 1));
    }
    Err(ParseError::new(open, "quoted value is not closed by '\"'"))
}

/// Reads an unquoted value starting at `start`: it ends at the first separator that is
/// followed by another `key=` or by the end of the text. Returns the value, the offset of its
/// end, and the offset and length of the key that follows, which the caller need not scan again.
fn read_unquoted(text: &str, start: usize, separator: char) -> (&str, usize, Option<(usize, usize)>) {
    let mut search = start;
    while let Some(at) = find_separator(text, search, separator) {
        let next = skip_separators(text, at, separator);
        if next == text.len() {
            return (&text[start..at], at, None);
        }
        if let Some(key_len) = key_at(text, next, separator) {
            return (&text[start..at], at, Some((next, key_len)));
        }
        search = at + separator.len_utf8();
    }
    (&text[start..], text.len(), None)
}

/// Returns an error for a line over [`MAX_LINE`].
fn check_length(line: &str) -> Result<(), ParseError> {
    if line.len() > MAX_LINE {
        return Err(ParseError::new(
            MAX_LINE,
            format!("line of {} bytes exceeds the {MAX_LINE}-byte limit", line.len()),
        ));
    }
    Ok(())
}

/// Reads `key=value` pairs separated by `separator`; a trailing CR or LF is ignored.
///
/// # Errors
/// Returns a [`ParseError`] for a line over [`MAX_LINE`], text where a key is expected that is
/// not followed by `=`, an unclosed quoted value, or text glued to a closing quote.
///
/// # Examples
/// ```
/// use siemulator::format::kv;
/// let pairs = kv::parse(r#"devname="FGT-01" action=deny msg="Web \"x\" blocked""#, ' ').unwrap();
/// assert_eq!(kv::get(&pairs, "devname"), Some("FGT-01"));
/// assert_eq!(kv::get(&pairs, "msg"), Some("Web \"x\" blocked"));
/// let pairs = kv::parse("src=192.0.2.1|dst=198.51.100.7", '|').unwrap();
/// assert_eq!(kv::get(&pairs, "dst"), Some("198.51.100.7"));
/// ```
pub fn parse(line: &str, separator: char) -> Result<Vec<(&str, Cow<'_, str>)>, ParseError> {
    // An estimate of one pair per 12 bytes sizes the list for typical firewall logs without
    // growing it; longer or shorter pairs only change how often it grows.
    check_length(line)?;
    let mut pairs = Vec::with_capacity(line.len() / 12 + 1);
    parse_each(line, separator, |key, value| pairs.push((key, value)))?;
    Ok(pairs)
}

/// Reads `key=value` pairs as [`parse`] does and hands each to `visit` in order, for a caller
/// that stores them elsewhere and needs no list of them.
///
/// # Errors
/// Returns the errors of [`parse`]. `visit` has then been called for the pairs before the
/// error.
///
/// # Examples
/// ```
/// use siemulator::format::kv;
/// let mut keys = Vec::new();
/// kv::parse_each("a=1 b=\"two words\"", ' ', |key, _| keys.push(key)).unwrap();
/// assert_eq!(keys, ["a", "b"]);
/// ```
pub fn parse_each<'a>(line: &'a str, separator: char, mut visit: impl FnMut(&'a str, Cow<'a, str>)) -> Result<(), ParseError> {
    check_length(line)?;
    let text = line.trim_end_matches(['\r', '\n']);
    let mut at = skip_separators(text, 0, separator);
    // The key at `at` when the previous unquoted value already measured it.
    let mut known_key_len = None;
    while at < text.len() {
        let rest = &text[at..];
        let key_len = known_key_len.take().unwrap_or_else(|| key_len(rest, separator));
        if key_len == 0 || rest.as_bytes().get(key_len) != Some(&b'=') {
            return Err(ParseError::new(at + key_len, "expected 'key=' here"));
        }
        let key = &rest[..key_len];
        let value_start = at + key_len + 1;

        if text.as_bytes().get(value_start) == Some(&b'"') {
            let (value, end) = read_quoted(text, value_start)?;
            // The end of the text, a space or the separator may follow the quote. For an ASCII
            // separator, one byte test checks that.
            let separated = match text.as_bytes().get(end) {
                None | Some(b' ') => true,
                Some(&byte) if separator.is_ascii() => byte == separator as u8,
                Some(_) => text[end..].starts_with(separator),
            };
            if !separated {
                return Err(ParseError::new(end, "expected a separator after the closing quote"));
            }
            visit(key, value);
            at = skip_separators(text, end, separator);
        } else {
            let (value, end, next_key) = read_unquoted(text, value_start, separator);
            visit(key, Cow::Borrowed(value));
            match next_key {
                Some((next, next_len)) => {
                    at = next;
                    known_key_len = Some(next_len);
                }
                None => at = skip_separators(text, end, separator),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::NAME_STOP;
    use proptest::prelude::*;

    /// Ordered key-value pairs of a test case.
    type Pairs = &'static [(&'static str, &'static str)];

    fn owned(pairs: &[(&str, Cow<'_, str>)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn key_stop_tables_match_the_general_scan() {
        for byte in 0..=255u8 {
            let general = |separator: u8| !byte.is_ascii() || KEY_END.contains(byte) || byte == separator;
            let stops = |separator: u8| NAME_STOP.contains(byte) || byte == separator;
            assert_eq!(stops(b' '), general(b' '), "byte {byte:#04x}, space separator");
            assert_eq!(stops(b','), general(b','), "byte {byte:#04x}, comma separator");
        }
    }

    #[test]
    fn writer_cases() {
        let cases: &[(&str, Pairs, char, &str)] = &[
            ("plain values stay bare", &[("a", "1"), ("b", "x.y")], ' ', "a=1 b=x.y"),
            ("space forces quotes", &[("msg", "two words")], ' ', r#"msg="two words""#),
            ("equals forces quotes", &[("q", "a=b")], ' ', r#"q="a=b""#),
            (
                "quote and backslash are escaped",
                &[("m", r#"say "hi" \o/"#)],
                ' ',
                r#"m="say \"hi\" \\o/""#,
            ),
            ("backslash alone stays bare", &[("path", r"C:\Windows")], ' ', r"path=C:\Windows"),
            ("empty value is quoted", &[("e", "")], ' ', r#"e="""#),
            (
                "separator in value forces quotes",
                &[("a", "x,y"), ("b", "1")],
                ',',
                r#"a="x,y",b=1"#,
            ),
            ("newline becomes octal", &[("m", "a\nb")], ' ', r#"m="a#012b""#),
            ("bad key characters become underscores", &[("a b=", "1")], ' ', "a_b_=1"),
        ];
        for (name, pairs, separator, expected) in cases {
            let mut out = String::new();
            write(&mut out, pairs, *separator);
            assert_eq!(&out, expected, "case: {name}");
        }
    }

    #[test]
    fn reader_cases() {
        let cases: &[(&str, &str, char, Pairs)] = &[
            (
                "fortigate style",
                r#"date=2026-01-05 time=09:00:00 devname="FGT 1" action="accept""#,
                ' ',
                &[
                    ("date", "2026-01-05"),
                    ("time", "09:00:00"),
                    ("devname", "FGT 1"),
                    ("action", "accept"),
                ],
            ),
            ("escaped quote and backslash", r#"m="a\"b\\c""#, ' ', &[("m", r#"a"b\c"#)]),
            ("unknown escape is kept", r#"m="C:\new""#, ' ', &[("m", r"C:\new")]),
            (
                "unquoted value with spaces",
                "msg=User logged in src=192.0.2.1",
                ' ',
                &[("msg", "User logged in"), ("src", "192.0.2.1")],
            ),
            ("several spaces between pairs", "a=1   b=2  ", ' ', &[("a", "1"), ("b", "2")]),
            ("empty unquoted value", "a= b=2", ' ', &[("a", ""), ("b", "2")]),
            ("empty value at the end", "a=1 b=", ' ', &[("a", "1"), ("b", "")]),
            ("comma with spaces", "a=1, b=two, c=3", ',', &[("a", "1"), ("b", "two"), ("c", "3")]),
            ("comma inside an unquoted value", "a=x,y,b=2", ',', &[("a", "x,y"), ("b", "2")]),
            (
                "pipe separated with escaped equals kept",
                r"a=1|dn=CN\=x|c=3",
                '|',
                &[("a", "1"), ("dn", r"CN\=x"), ("c", "3")],
            ),
            ("tab separated", "a=1\tb=two words", '\t', &[("a", "1"), ("b", "two words")]),
            (
                "unquoted value keeps an equals",
                "url=/a?b=c d=1",
                ' ',
                &[("url", "/a?b=c"), ("d", "1")],
            ),
            ("repeated keys keep order", "k=1 k=2", ' ', &[("k", "1"), ("k", "2")]),
            ("empty line", "", ' ', &[]),
            (
                "non-ASCII separator",
                "a=1¦b=two words¦é=3",
                '¦',
                &[("a", "1"), ("b", "two words"), ("é", "3")],
            ),
            ("trailing line break", "a=1\r\n", ' ', &[("a", "1")]),
        ];
        for (name, line, separator, expected) in cases {
            let pairs = parse(line, *separator).unwrap_or_else(|e| panic!("case {name}: {e}"));
            let read: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_ref())).collect();
            assert_eq!(&read, expected, "case: {name}");
        }
    }

    #[test]
    fn values_without_escapes_are_borrowed() {
        let pairs = parse(r#"a=1 b="x y""#, ' ').unwrap();
        assert!(pairs.iter().all(|(_, v)| matches!(v, Cow::Borrowed(_))));
    }

    #[test]
    fn malformed_lines_name_offset() {
        let cases: &[(&str, &str, char, usize)] = &[
            ("leading text without key", "hello a=1", ' ', 5),
            ("equals without key", "=1", ' ', 0),
            ("unclosed quote", r#"a=1 b="open"#, ' ', 6),
            ("escaped closing quote", r#"a="x\""#, ' ', 2),
            ("text glued to closing quote", r#"a="x"y b=1"#, ' ', 5),
            ("quote starting a key", r#""a"=1"#, ' ', 0),
        ];
        for (name, line, separator, offset) in cases {
            let err = parse(line, *separator).unwrap_err();
            assert_eq!(err.offset, *offset, "case: {name}: {err}");
        }
    }

    #[test]
    fn oversized_line_is_rejected() {
        let line = format!("a={}", "x".repeat(MAX_LINE));
        assert_eq!(parse(&line, ' ').unwrap_err().offset, MAX_LINE);
    }

    fn separator() -> impl Strategy<Value = char> {
        prop_oneof![Just(' '), Just(','), Just('|'), Just('\t'), Just(';')]
    }

    proptest! {
        #[test]
        fn reader_never_panics(line in "\\PC{0,200}", tail in "[a-z =\"\\\\|,\\t]{0,40}", separator in separator()) {
            let _ = parse(&line, separator);
            let _ = parse(&tail, separator);
        }

        #[test]
        fn write_then_read_round_trips(
            pairs in proptest::collection::vec(
                ("[a-zA-Z_][a-zA-Z0-9_.-]{0,10}", "[^\\x00-\\x08\\x0a-\\x1f\\x7f]{0,20}|[a\\\\\" =,|]{0,10}"),
                0..6,
            ),
            separator in separator(),
        ) {
            let input: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let mut out = String::new();
            write(&mut out, &input, separator);
            let read = parse(&out, separator).unwrap();
            prop_assert_eq!(owned(&read), pairs);
        }
    }
}
