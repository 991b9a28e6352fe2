//! JSON: nested objects written from dotted field names, and read back into them.
//!
//! A source names the fields of a JSON event with dotted paths (`userIdentity.arn`); the
//! writer opens and closes objects as the paths change, so fields that share a prefix must be
//! adjacent. [`flatten`] turns a parsed document back into the same dotted names, which makes
//! the round trip a comparison of two flat maps. Arrays stay whole values.

use serde_json::Value;

use crate::error::ParseError;
use crate::field_map::FieldMap;
use crate::fields::{Fields, Kind};
use crate::format::EscapeScan;

/// Maximum accepted size of one JSON document, in bytes.
pub const MAX_DOCUMENT: usize = 64 << 20;

/// Appends `text` as a JSON string literal, escaping as RFC 8259 requires.
pub fn write_str(out: &mut String, text: &str) {
    // Most strings need no escaping: copy the clean prefix whole and escape only the rest.
    let clean = clean_prefix(text.as_bytes());
    out.reserve(text.len() + 2);
    out.push('"');
    out.push_str(&text[..clean]);
    if clean < text.len() {
        write_escaped(out, &text[clean..]);
    }
    out.push('"');
}

/// Appends `text` with the characters RFC 8259 forbids in a string escaped.
#[cold]
fn write_escaped(out: &mut String, text: &str) {
    // Each clean run is found eight bytes at a time, which costs less than a test per byte
    // for the paths and command lines that contain a few backslashes.
    let mut rest = text;
    while !rest.is_empty() {
        let clean = clean_prefix(rest.as_bytes());
        // The byte at `clean` is ASCII, so both `clean` and `clean + 1` are character
        // boundaries.
        out.push_str(rest.get(..clean).unwrap_or(rest));
        let Some(&byte) = rest.as_bytes().get(clean) else {
            break;
        };
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            control => {
                // `\u00` and two lower-case hexadecimal digits.
                const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX_LOWER[usize::from(control >> 4)]));
                out.push(char::from(HEX_LOWER[usize::from(control & 0x0f)]));
            }
        }
        rest = rest.get(clean + 1..).unwrap_or("");
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Returns the index of the first byte of `bytes` that `flags` marks, testing eight bytes per
/// step because these scans run over every name and string a JSON source writes.
/// `flags(word)` sets the high bit of each lane whose byte matches, and may also set lanes
/// after the first match. Lanes that hold no byte of `bytes` are filled with `pad`, which must
/// not match.
fn find_byte(bytes: &[u8], pad: u8, flags: impl Fn(u64) -> u64) -> Option<usize> {
    let lane = |word: u64| (word.trailing_zeros() / 8) as usize;
    let len = bytes.len();
    if len < 8 {
        return find_byte_short(bytes, pad, flags);
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let found = flags(u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([pad; 8])));
        if found != 0 {
            return Some(at + lane(found));
        }
        at += 8;
    }
    if chunks.remainder().is_empty() {
        return None;
    }
    // The last eight bytes overlap bytes already found clean. Lanes before the first match are
    // exact, so those lanes are zero and the first flagged lane is the first match.
    let last = bytes.last_chunk::<8>().copied().unwrap_or([pad; 8]);
    let found = flags(u64::from_le_bytes(last));
    (found != 0).then(|| len - 8 + lane(found))
}

/// Does the work of [`find_byte`] for fewer than eight bytes without copying them into a
/// padded buffer. The text is read as two overlapping four-byte halves, or as its first,
/// middle and last byte when shorter than four. Either way the lanes follow the text in order,
/// so the first flagged lane is still the first match.
fn find_byte_short(bytes: &[u8], pad: u8, flags: impl Fn(u64) -> u64) -> Option<usize> {
    let len = bytes.len();
    let lane = |word: u64| (word.trailing_zeros() / 8) as usize;
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        let word = u64::from(u32::from_le_bytes(*first)) | (u64::from(u32::from_le_bytes(*last)) << 32);
        let found = flags(word);
        return (found != 0).then(|| match lane(found) {
            at @ 0..4 => at,
            at => len + at - 8,
        });
    }
    let (&first, &last) = (bytes.first()?, bytes.last()?);
    let middle = bytes.get(len / 2).copied().unwrap_or(first);
    let word = u64::from_le_bytes([first, middle, last, pad, pad, pad, pad, pad]);
    let found = flags(word);
    (found != 0).then(|| [0, len / 2, len - 1].get(lane(found)).copied().unwrap_or(len - 1))
}

/// Returns the high bits of the lanes of `word` that contain `byte`, exact up to the first such
/// lane.
fn lanes_equal(word: u64, byte: u8) -> u64 {
    let diff = word ^ (ONES * u64::from(byte));
    diff.wrapping_sub(ONES) & !diff & HIGH
}

/// Returns the length of the leading run of `bytes` that a JSON string contains unescaped: no
/// control character, `"` or `\\`. The index is at an ASCII byte or the end, so it is a
/// character boundary.
fn clean_prefix(bytes: &[u8]) -> usize {
    find_byte(bytes, b'a', |word| {
        let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
        below_space | lanes_equal(word, b'"') | lanes_equal(word, b'\\')
    })
    .unwrap_or(bytes.len())
}

/// Returns true for a byte that a JSON string escapes: a control character, `"` or `\`. The
/// comparisons are joined with `|` so that blocks of bytes are compared at once.
fn is_json_special(byte: u8) -> bool {
    (byte < 0x20) | (byte == b'"') | (byte == b'\\')
}

/// Appends a value of `kind`. `needs_escape` returns whether a text value contains a byte to
/// escape. When it returns false, the text is copied without a scan of its own.
fn write_value(out: &mut String, kind: Kind, text: &str, needs_escape: &mut impl FnMut(&str) -> bool) {
    match kind {
        Kind::Str if needs_escape(text) => write_str(out, text),
        Kind::Str => {
            out.push('"');
            out.push_str(text);
            out.push('"');
        }
        Kind::Num | Kind::Bool | Kind::Json => out.push_str(text),
        Kind::Null => out.push_str("null"),
    }
}

/// Appends the fields as one JSON object, nesting on `.` in field names.
///
/// # Examples
/// ```
/// use siemulator::fields::Fields;
/// use siemulator::format::json;
/// let mut fields = Fields::new();
/// fields.str("eventName", "GetObject");
/// fields.str("userIdentity.type", "IAMUser");
/// fields.str("userIdentity.userName", "bob");
/// fields.int("count", 2);
/// let mut out = String::new();
/// json::write_fields(&fields, &mut out);
/// assert_eq!(out, r#"{"eventName":"GetObject","userIdentity":{"type":"IAMUser","userName":"bob"},"count":2}"#);
/// ```
pub fn write_fields(fields: &Fields, out: &mut String) {
    // One scan of the value buffer finds the few values to escape.
    let mut scan = EscapeScan::new(fields.text(), is_json_special);
    write_entries(fields.iter(), out, &mut |text| scan.needs_escape(text), false);
}

/// Appends the fields as [`write_fields`] does, but copies the segments of field names
/// without checking them for bytes to escape, which saves a scan per field. The caller
/// guarantees that no field name contains a control character, `"` or `\`, as the string
/// literals that sources name their fields with do.
pub(crate) fn write_fields_with_plain_names(fields: &Fields, out: &mut String) {
    debug_assert!(
        fields.names().all(|name| clean_prefix(name.as_bytes()) == name.len()),
        "a field name needs escaping"
    );
    let mut scan = EscapeScan::new(fields.text(), is_json_special);
    write_entries(fields.iter(), out, &mut |text| scan.needs_escape(text), true);
}

/// Appends `(name, kind, text)` entries as one JSON object, nesting on `.` in names, so a
/// source can write a subset of its fields (such as all but an envelope field) as one object.
/// Entries sharing a prefix must be adjacent.
pub fn write_object<'n, 't>(entries: impl Iterator<Item = (&'n str, Kind, &'t str)>, out: &mut String) {
    write_entries(entries, out, &mut |_| true, false);
}

/// Does the work of [`write_object`], with `needs_escape` returning whether a text value
/// contains a byte to escape. Names are copied without an escape check when `plain_names` is
/// true.
fn write_entries<'n, 't>(
    entries: impl Iterator<Item = (&'n str, Kind, &'t str)>,
    out: &mut String,
    needs_escape: &mut impl FnMut(&str) -> bool,
    plain_names: bool,
) {
    let write_name = |out: &mut String, name: &str| {
        if plain_names {
            out.push('"');
            out.push_str(name);
            out.push('"');
        } else {
            write_str(out, name);
        }
    };
    out.push('{');
    // The objects currently open, outermost first, and their dotted path.
    let mut open = OpenObjects::default();
    let mut open_path = "";
    let mut first = true;
    for (name, kind, text) in entries {
        // Siblings share the open path, so only a change of parent splits the name and walks
        // its segments.
        let (parent, leaf) = match sibling_leaf(name, open_path) {
            Some(leaf) => (open_path, leaf),
            None => split_parent(name),
        };
        if !same_path(parent, open_path) {
            let mut segments = parent.split('.').filter(|s| !s.is_empty()).peekable();
            let mut common = 0;
            while common < open.len() && segments.peek().copied() == open.get(common) {
                segments.next();
                common += 1;
            }
            while open.len() > common {
                open.pop();
                out.push('}');
                first = false;
            }
            for segment in segments {
                if !first {
                    out.push(',');
                }
                write_name(out, segment);
                out.push_str(":{");
                open.push(segment);
                first = true;
            }
            open_path = parent;
        }
        if !first {
            out.push(',');
        }
        write_name(out, leaf);
        out.push(':');
        write_value(out, kind, text, needs_escape);
        first = false;
    }
    for _ in 0..open.len() {
        out.push('}');
    }
    out.push('}');
}

/// Number of open objects [`OpenObjects`] keeps without allocating.
const INLINE_DEPTH: usize = 4;

/// The names of the objects open while writing one JSON object, outermost first. The first
/// [`INLINE_DEPTH`] live in an array, so events nested as deep as that allocate nothing.
#[derive(Default)]
struct OpenObjects<'n> {
    inline: [&'n str; INLINE_DEPTH],
    deeper: Vec<&'n str>,
    len: usize,
}

impl<'n> OpenObjects<'n> {
    fn len(&self) -> usize {
        self.len
    }

    /// Returns the name of open object `index`, counted from the outermost.
    fn get(&self, index: usize) -> Option<&'n str> {
        if index >= self.len {
            None
        } else if index < INLINE_DEPTH {
            self.inline.get(index).copied()
        } else {
            self.deeper.get(index - INLINE_DEPTH).copied()
        }
    }

    fn push(&mut self, name: &'n str) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = name,
            None => self.deeper.push(name),
        }
        self.len += 1;
    }

    fn pop(&mut self) {
        if self.len > INLINE_DEPTH {
            self.deeper.pop();
        }
        self.len = self.len.saturating_sub(1);
    }
}

/// Appends the fields as one flat JSON object whose keys are the field names verbatim, dots
/// included, as Zeek's JSON writer emits `"id.orig_h"`. Use it instead of [`write_fields`]
/// for formats whose keys contain dots without meaning nesting; [`flatten_object`] reads
/// such an object back under the same names.
///
/// # Examples
/// ```
/// use siemulator::fields::Fields;
/// use siemulator::format::json;
/// let mut fields = Fields::new();
/// fields.str("id.orig_h", "10.0.0.5");
/// fields.int("id.orig_p", 51234);
/// let mut out = String::new();
/// json::write_flat_fields(&fields, &mut out);
/// assert_eq!(out, r#"{"id.orig_h":"10.0.0.5","id.orig_p":51234}"#);
/// ```
pub fn write_flat_fields(fields: &Fields, out: &mut String) {
    let mut scan = EscapeScan::new(fields.text(), is_json_special);
    out.push('{');
    for (i, (name, kind, text)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, name);
        out.push(':');
        write_value(out, kind, text, &mut |text| scan.needs_escape(text));
    }
    out.push('}');
}

/// Returns the last segment of `name` when its parent path is `open_path`.
fn sibling_leaf<'a>(name: &'a str, open_path: &str) -> Option<&'a str> {
    let leaf = match open_path.len() {
        0 => name,
        len => {
            // The same test as `strip_prefix` twice, without its `memcmp` call.
            let (head, rest) = name.as_bytes().split_at_checked(len)?;
            if rest.first() != Some(&b'.') || !same_bytes(head, open_path.as_bytes()) {
                return None;
            }
            // The byte at `len` is '.', so `len + 1` is a character boundary.
            name.get(len + 1..)?
        }
    };
    find_byte(leaf.as_bytes(), b'a', |word| lanes_equal(word, b'.'))
        .is_none()
        .then_some(leaf)
}

/// Splits a dotted name into its parent path and leaf (`a.b.c` into `a.b` and `c`).
fn split_parent(name: &str) -> (&str, &str) {
    let bytes = name.as_bytes();
    let mut at = bytes.len();
    while at > 0 {
        at -= 1;
        if bytes[at] == b'.' {
            // '.' is ASCII, so both sides are on character boundaries.
            return (name.get(..at).unwrap_or(""), name.get(at + 1..).unwrap_or(name));
        }
    }
    ("", name)
}

/// Compares two short dotted paths eight bytes at a time. This runs once per field written,
/// and on strings this short it beats a `memcmp` call.
fn same_path(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// Compares two short byte strings eight bytes at a time, for [`same_path`] and
/// [`sibling_leaf`].
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    // Paths of four to eight bytes (`event`, `metadata`) compare as two overlapping words.
    if let (4..=8, Some(a_first), Some(a_last), Some(b_first), Some(b_last)) = (
        a.len(),
        a.first_chunk::<4>(),
        a.last_chunk::<4>(),
        b.first_chunk::<4>(),
        b.last_chunk::<4>(),
    ) {
        return (a_first == b_first) & (a_last == b_last);
    }
    let word = |chunk: &[u8]| <[u8; 8]>::try_from(chunk).map(u64::from_ne_bytes).unwrap_or(0);
    let (mut left, mut right) = (a.chunks_exact(8), b.chunks_exact(8));
    if (&mut left).zip(&mut right).any(|(x, y)| word(x) != word(y)) {
        return false;
    }
    left.remainder().iter().zip(right.remainder()).all(|(x, y)| x == y)
}

/// Flattens a JSON value into `out` with dotted names under `prefix`; arrays and scalars are
/// leaves, and an empty object is kept as a leaf `{}`.
pub fn flatten(value: &Value, prefix: &str, out: &mut FieldMap) {
    let mut path = String::with_capacity(64);
    path.push_str(prefix);
    let mut seen = Collisions {
        possible: !out.is_empty(),
        dotted_name: false,
        nested_leaf: false,
    };
    flatten_into(value, &mut path, out, &mut seen, 0);
}

/// The signs [`flatten`] has met so far that two leaves could get the same dotted name. The
/// members of one object have distinct names, so that takes a leaf inside a nested object and
/// a member name with a dot, as in `{"a.b": 1, "a": {"b": 2}}`. Until both have turned up,
/// and when the map starts empty, leaves go in without a lookup.
struct Collisions {
    /// The map had fields before, or both of the others are true.
    possible: bool,
    /// A member name with a dot was met.
    dotted_name: bool,
    /// A leaf two or more objects deep was met.
    nested_leaf: bool,
}

/// Flattens `value` under the dotted name in `path`, which is reused for every member so a
/// leaf costs one allocation for its name. `depth` counts the objects around `value`.
fn flatten_into(value: &Value, path: &mut String, out: &mut FieldMap, seen: &mut Collisions, depth: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let parent = path.len();
            for (key, child) in map {
                if parent > 0 {
                    path.push('.');
                }
                path.push_str(key);
                seen.dotted_name |= key.contains('.');
                flatten_into(child, path, out, seen, depth + 1);
                path.truncate(parent);
            }
        }
        other => {
            seen.nested_leaf |= depth >= 2;
            seen.possible |= seen.dotted_name && seen.nested_leaf;
            if seen.possible {
                out.insert(path.clone(), other.clone());
            } else {
                out.insert_new(path.clone(), other.clone());
            }
        }
    }
}

/// Returns the flattened form of a JSON object.
pub fn flatten_object(value: &Value) -> FieldMap {
    let mut out = FieldMap::with_capacity(32);
    flatten(value, "", &mut out);
    out
}

/// Reads one JSON document.
///
/// # Errors
/// Returns a [`ParseError`] with the byte offset of a syntax error, or for a document larger
/// than [`MAX_DOCUMENT`].
pub fn parse(text: &str) -> Result<Value, ParseError> {
    if text.len() > MAX_DOCUMENT {
        return Err(ParseError::new(
            MAX_DOCUMENT,
            format!("JSON document of {} bytes exceeds the {MAX_DOCUMENT}-byte limit", text.len()),
        ));
    }
    serde_json::from_str(text).map_err(|err| ParseError::new(offset_of(text, err.line(), err.column()), invalid_json_reason(&err)))
}

/// Describes a serde_json error with its place inside the document. serde_json counts lines
/// from the document's first line, which a reader would take for a line of the input, so the
/// message names the line as one of the document.
fn invalid_json_reason(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let place = format!(" at line {} column {}", err.line(), err.column());
    let message = message.strip_suffix(&place).unwrap_or(&message);
    if err.line() > 1 {
        format!(
            "invalid JSON: {message}, on line {} of the document, column {}",
            err.line(),
            err.column()
        )
    } else {
        format!("invalid JSON: {message}, at column {}", err.column())
    }
}

/// Converts a serde_json line and column (both 1-based) into a byte offset.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Returns the string at a dotted path of a flattened map.
pub fn get_str<'a>(map: &'a FieldMap, name: &str) -> Option<&'a str> {
    map.get(name).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_matches_slice_equality() {
        let text = b"metadata.event.abcdefghijklmnop";
        for len in 0..=20 {
            for start in 0..8 {
                let a = &text[..len];
                let b = &text[start..start + len];
                assert_eq!(same_bytes(a, b), a == b, "{a:?} and {b:?}");
                assert!(same_bytes(a, &text[..len]));
            }
        }
        assert!(!same_bytes(b"event", b"evenT"));
        assert!(!same_bytes(b"Event", b"event"));
        assert!(!same_bytes(b"abcdefgh", b"abcdxfgh"));
    }

    #[test]
    fn plain_names_write_what_checked_names_write() {
        let mut fields = Fields::new();
        fields.str("metadata.eventType", "Detection");
        fields.int("metadata.offset", 7);
        fields.str("event.FilePath", "\\Device\\Harddisk\"x\"\ttab");
        fields.bool("event.Flags.Kill", true);
        fields.json("event.List", "[1,2]");
        fields.null("top");
        fields.str("event.Other", "last");
        let mut checked = String::new();
        write_fields(&fields, &mut checked);
        let mut plain = String::new();
        write_fields_with_plain_names(&fields, &mut plain);
        assert_eq!(plain, checked);
        assert!(checked.contains(r#""FilePath":"\\Device\\Harddisk\"x\"\ttab""#), "{checked}");
    }

    #[test]
    fn flatten_merges_dotted_member_names() {
        // Either order of a dotted member name and the nested object it matches.
        for text in [
            r#"{"x": 0, "a.b": 1, "a": {"b": 2, "c": 3}}"#,
            r#"{"a": {"b": 2, "c": 3}, "a.b": 1, "x": 0}"#,
        ] {
            let value: Value = serde_json::from_str(text).unwrap();
            let flat = flatten_object(&value);
            assert_eq!(flat.len(), 3, "{text}: {flat:?}");
            assert_eq!(flat.keys().filter(|name| *name == "a.b").count(), 1, "{text}");
        }
        let mut out = FieldMap::new();
        out.insert("a.b", Value::from(0));
        flatten(&serde_json::json!({"b": 1}), "a", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out.get("a.b"), Some(&Value::from(1)));
    }

    #[test]
    fn clean_prefix_finds_first_special_byte() {
        // Every byte value at every position of a 20-byte string, against a plain scan.
        for special in 0..=u8::MAX {
            for position in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[position] = special;
                let expected = bytes
                    .iter()
                    .position(|b| *b < 0x20 || *b == b'"' || *b == b'\\')
                    .unwrap_or(bytes.len());
                assert_eq!(clean_prefix(&bytes), expected, "byte {special:#04x} at {position}");
            }
        }
        let accented = "caf\u{e9} \u{1f600} ok";
        assert_eq!(clean_prefix(accented.as_bytes()), accented.len());
        let mut out = String::new();
        write_str(&mut out, "caf\u{e9}\u{7f}\"\\\u{1}x");
        assert_eq!(out, "\"caf\u{e9}\u{7f}\\\"\\\\\\u0001x\"");
    }

    #[test]
    fn find_byte_matches_plain_scan() {
        // Lengths 0 to 24 cover the short reads, whole chunks and the overlapping last chunk.
        let is_special = |b: &u8| *b < 0x20 || *b == b'"' || *b == b'\\';
        for len in 0..=24 {
            let clean = vec![b'a'; len];
            assert_eq!(clean_prefix(&clean), len, "clean, length {len}");
            for first in 0..len {
                for second in first..len {
                    let mut bytes = clean.clone();
                    bytes[second] = b'\\';
                    bytes[first] = b'"';
                    let expected = bytes.iter().position(is_special).unwrap_or(len);
                    assert_eq!(clean_prefix(&bytes), expected, "length {len}, specials at {first} and {second}");
                }
            }
        }
        for name in ["a", "ab", "a.b", "abc.", "abcd.e", "abcdefg.h", "abcdefgh", "abcdefghi.j"] {
            assert_eq!(sibling_leaf(name, "").is_some(), !name.contains('.'), "name {name}");
        }
    }

    #[test]
    fn field_writers_match_scanning_each_value() {
        let mut fields = Fields::new();
        for (i, value) in ["plain", "quote \"", "", "back\\slash", "new\nline", "caf\u{e9}", "tab\t"]
            .iter()
            .cycle()
            .take(30)
            .enumerate()
        {
            fields.str(if i % 2 == 0 { "a.even" } else { "a.odd" }, value);
            fields.int("n", i as i64);
        }
        fields.set("a.odd", "over\"ride");
        let mut expected = String::new();
        write_object(fields.iter(), &mut expected);
        let mut out = String::new();
        write_fields(&fields, &mut out);
        assert_eq!(out, expected);

        let mut expected = String::from("{");
        for (i, (name, kind, text)) in fields.iter().enumerate() {
            if i > 0 {
                expected.push(',');
            }
            write_str(&mut expected, name);
            expected.push(':');
            match kind {
                Kind::Str => write_str(&mut expected, text),
                _ => expected.push_str(text),
            }
        }
        expected.push('}');
        let mut out = String::new();
        write_flat_fields(&fields, &mut out);
        assert_eq!(out, expected);
    }

    #[test]
    fn objects_open_and_close_as_paths_change() {
        let mut fields = Fields::new();
        for (i, name) in ["a.b", "a.c.d", "a.c.e", "a.f", "g", "h.i.j", "h.k"].into_iter().enumerate() {
            fields.int(name, i as i64 + 1);
        }
        let mut out = String::new();
        write_fields(&fields, &mut out);
        assert_eq!(out, r#"{"a":{"b":1,"c":{"d":2,"e":3},"f":4},"g":5,"h":{"i":{"j":6},"k":7}}"#);
        let mut plain = String::new();
        write_fields_with_plain_names(&fields, &mut plain);
        assert_eq!(plain, out);
    }

    #[test]
    fn objects_deeper_than_inline_depth_close() {
        let mut fields = Fields::new();
        fields.int("a.b.c.d.e.f", 1);
        fields.int("a.b.x", 2);
        fields.int("y", 3);
        fields.int("p.q.r.s.t.u.v", 4);
        let mut out = String::new();
        write_fields(&fields, &mut out);
        assert_eq!(
            out,
            r#"{"a":{"b":{"c":{"d":{"e":{"f":1}}},"x":2}},"y":3,"p":{"q":{"r":{"s":{"t":{"u":{"v":4}}}}}}}"#
        );
    }

    #[test]
    fn escaped_runs_keep_text_between_them() {
        let mut out = String::new();
        write_str(&mut out, "\\Device\\HarddiskVolume3\\Windows \"x\"\t\u{1}é\\");
        assert_eq!(out, r#""\\Device\\HarddiskVolume3\\Windows \"x\"\t\u0001é\\""#);
    }

    #[test]
    fn nested_write_flattens_back() {
        let mut fields = Fields::new();
        fields.str("a.b.c", "x\"y\n");
        fields.str("a.b.d", "z");
        fields.str("a.e", "w");
        fields.json("list", "[1,2]");
        fields.null("n");
        let mut out = String::new();
        write_fields(&fields, &mut out);
        let value = parse(&out).unwrap();
        assert_eq!(flatten_object(&value), FieldMap::from(fields.to_map()));
    }

    #[test]
    fn flat_write_keeps_dotted_keys() {
        let mut fields = Fields::new();
        fields.str("id.orig_h", "10.0.0.5");
        fields.str("id.resp_h", "192.0.2.9");
        fields.bool("local_orig", true);
        let mut out = String::new();
        write_flat_fields(&fields, &mut out);
        let value = parse(&out).unwrap();
        assert!(value.get("id.orig_h").is_some(), "{out}");
        assert!(value.get("id").is_none(), "{out}");
        assert_eq!(flatten_object(&value), FieldMap::from(fields.to_map()));
    }

    #[test]
    fn parent_split_takes_last_dot() {
        assert_eq!(split_parent("a.b.c"), ("a.b", "c"));
        assert_eq!(split_parent("leaf"), ("", "leaf"));
        assert_eq!(split_parent(".x"), ("", "x"));
    }

    #[test]
    fn control_characters_are_escaped() {
        let mut out = String::new();
        write_str(&mut out, "a\u{1}b");
        assert_eq!(out, "\"a\\u0001b\"");
    }

    #[test]
    fn syntax_error_names_offset() {
        let err = parse("{\"a\":\n  tru}").unwrap_err();
        assert!(err.offset >= 8, "offset {}", err.offset);
        assert!(err.reason.starts_with("invalid JSON"));
        assert!(err.reason.contains(", on line 2 of the document, column "), "{err}");
        let err = parse("{\"a\": tru}").unwrap_err();
        assert!(err.reason.contains(", at column "), "{err}");
        assert!(!err.reason.contains(" at line "), "{err}");
    }
}
