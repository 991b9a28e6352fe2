//! W3C extended log file format (W3C Working Draft WD-logfile-960323), as Microsoft IIS
//! writes it.
//!
//! A file starts with directives, lines that begin with `#`: `#Software`, `#Version: 1.0`,
//! `#Date` and `#Fields`, which names the columns of every entry that follows. Entries are
//! values separated by one space, with `-` for an empty value. IIS writes spaces inside a
//! value (a user agent, a cookie) as `+`; the writer here does the same, so a value can never
//! split a column. The reader also accepts tabs between values and double-quoted values with
//! spaces, which other W3C writers use.
//!
//! Specification: <https://www.w3.org/TR/WD-logfile.html>.

use crate::format::{write_escaped_ascii, AsciiSet};

/// One directive line, `#Name: value`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Directive<'a> {
    /// The directive name without `#`, such as `Fields`.
    pub name: &'a str,
    /// The text after the colon, trimmed.
    pub value: &'a str,
}

/// Appends a directive line `#name: value` without a line break.
pub fn write_directive(out: &mut String, name: &str, value: &str) {
    out.push('#');
    out.push_str(name);
    out.push_str(": ");
    out.push_str(value);
}

/// Appends one value: `-` when empty, with spaces, tabs and line breaks written as `+`.
pub fn write_value(out: &mut String, value: &str) {
    if value.is_empty() {
        out.push('-');
        return;
    }
    // Most values contain no whitespace, control character or multi-byte character.
    // Checking every byte without an early exit lets the compiler vectorize the check.
    if !value.bytes().fold(false, |found, byte| found | (byte <= b' ') | (byte >= 0x80)) {
        out.push_str(value);
        return;
    }
    if value.is_ascii() {
        // The ASCII characters that `char::is_whitespace` accepts: tab to CR, and space.
        const WHITESPACE: AsciiSet = AsciiSet::of(b" ").with_range(b'\t', b'\r');
        write_escaped_ascii(out, value, &WHITESPACE, |out, _| out.push('+'));
        return;
    }
    let mut start = 0;
    for (at, c) in value.char_indices() {
        if c.is_whitespace() {
            out.push_str(&value[start..at]);
            out.push('+');
            start = at + c.len_utf8();
        }
    }
    out.push_str(&value[start..]);
}

/// Appends one entry: the values separated by single spaces, without a line break.
///
/// # Examples
/// ```
/// use siemulator::format::w3c;
/// let mut out = String::new();
/// w3c::write_entry(&mut out, &["2026-01-05", "09:00:00", "GET", "", "Mozilla/5.0 (X11)"]);
/// assert_eq!(out, "2026-01-05 09:00:00 GET - Mozilla/5.0+(X11)");
/// ```
pub fn write_entry(out: &mut String, values: &[&str]) {
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write_value(out, value);
    }
}

/// Reads a directive line; returns `None` when the line does not start with `#`.
///
/// A directive without a colon (`#Remark`) has an empty value.
pub fn parse_directive(line: &str) -> Option<Directive<'_>> {
    let body = line.trim_end_matches(['\r', '\n']).strip_prefix('#')?;
    Some(match body.split_once(':') {
        Some((name, value)) => Directive {
            name: name.trim(),
            value: value.trim(),
        },
        None => Directive {
            name: body.trim(),
            value: "",
        },
    })
}

/// Splits the value of a `#Fields` directive into column names.
pub fn field_names(value: &str) -> Vec<String> {
    value.split_whitespace().map(str::to_string).collect()
}

/// Splits an entry into its values. Values are separated by spaces or tabs. A value that
/// starts with `"` and has a closing `"` (a doubled `""` stands for one quote) followed by a
/// separator or the end of the line is a quoted string, and its quotes are removed; any other
/// value is taken as it is, so an IIS value that merely contains quotes still splits right.
///
/// # Examples
/// ```
/// use siemulator::format::w3c;
/// let values = w3c::split_entry("2026-01-05 09:00:00 \"a \"\"b\"\"\" -");
/// assert_eq!(values, ["2026-01-05", "09:00:00", "a \"b\"", "-"]);
/// ```
pub fn split_entry(line: &str) -> Vec<String> {
    let line = line.trim_end_matches(['\r', '\n']);
    let bytes = line.as_bytes();
    let mut values = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if matches!(bytes[at], b' ' | b'\t') {
            at += 1;
            continue;
        }
        if bytes[at] == b'"' {
            if let Some((value, end)) = quoted_value(line, at) {
                values.push(value);
                at = end;
                continue;
            }
        }
        let start = at;
        while at < bytes.len() && !matches!(bytes[at], b' ' | b'\t') {
            at += 1;
        }
        values.push(line[start..at].to_string());
    }
    values
}

/// Reads the quoted string opening at `open`; returns its text and the offset after the
/// closing quote, or `None` when the quotes do not close before a separator.
fn quoted_value(line: &str, open: usize) -> Option<(String, usize)> {
    let bytes = line.as_bytes();
    let mut value = String::new();
    let mut at = open + 1;
    loop {
        let quote = line.get(at..)?.find('"')?;
        value.push_str(&line[at..at + quote]);
        at += quote + 1;
        match bytes.get(at) {
            Some(b'"') => {
                value.push('"');
                at += 1;
            }
            None | Some(b' ' | b'\t') => return Some((value, at)),
            Some(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn directives_read_name_and_value() {
        let directive = parse_directive("#Fields: date time s-ip cs-method\r").unwrap();
        assert_eq!(directive.name, "Fields");
        assert_eq!(field_names(directive.value), ["date", "time", "s-ip", "cs-method"]);
        assert_eq!(parse_directive("#Version: 1.0").unwrap().value, "1.0");
        assert_eq!(parse_directive("#Remark").unwrap().value, "");
        assert_eq!(parse_directive("2026-01-05 09:00:00"), None);
    }

    #[test]
    fn entry_splits_on_spaces_and_tabs() {
        let values = split_entry("2026-01-05 09:00:00\t10.0.0.5  GET /a.aspx -");
        assert_eq!(values, ["2026-01-05", "09:00:00", "10.0.0.5", "GET", "/a.aspx", "-"]);
    }

    #[test]
    fn unclosed_quote_is_plain_text() {
        assert_eq!(split_entry("a \"b c"), ["a", "\"b", "c"]);
        assert_eq!(split_entry("\"x\"y z"), ["\"x\"y", "z"]);
    }

    #[test]
    fn writer_keeps_one_value_per_column() {
        let mut out = String::new();
        write_entry(&mut out, &["a b", "", "c\td\ne"]);
        assert_eq!(out, "a+b - c+d+e");
        assert_eq!(split_entry(&out).len(), 3);
    }

    proptest! {
        #[test]
        fn reader_never_panics(input in "\\PC{0,200}") {
            let _ = split_entry(&input);
            let _ = parse_directive(&input);
        }

        #[test]
        fn written_entries_keep_their_column_count(values in proptest::collection::vec("[^\"]{0,12}", 1..8)) {
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let mut out = String::new();
            write_entry(&mut out, &refs);
            prop_assert_eq!(split_entry(&out).len(), values.len());
        }
    }
}
