//! The ground truth of one event: an ordered list of named, typed field values.
//!
//! A source fills a [`Fields`] from its random stream, overrides are applied to it, and the
//! wire-format writer reads it. The same list is what a parser must recover, which makes the
//! round trip `parse(generate(x)) == truth` a direct comparison. Values live in one reusable
//! text buffer, so filling an event allocates nothing once the buffer has grown.

use std::fmt::{self, Write as _};
use std::net::Ipv4Addr;

use serde_json::{Map, Value};

use crate::decimal::{push_i64, push_octet};

/// Returns true when `value` is valid text for a field of `kind`.
pub(crate) fn kind_fits(kind: Kind, value: &str) -> bool {
    match kind {
        Kind::Num => value.parse::<f64>().is_ok(),
        Kind::Bool => value == "true" || value == "false",
        Kind::Null => value.is_empty(),
        Kind::Json => serde_json::from_str::<Value>(value).is_ok(),
        Kind::Str => true,
    }
}

/// Appends an IPv4 address as dotted-quad text, as its `Display` writes it, without the
/// formatting machinery: sources write several addresses per event.
pub(crate) fn push_ipv4(out: &mut String, address: Ipv4Addr) {
    for (i, octet) in address.octets().into_iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        push_octet(out, octet);
    }
}

/// Returns the offsets where `token` occurs in `text` with no ASCII letter or digit right
/// before or after it. Occurrences do not overlap.
fn token_positions<'a>(text: &'a str, token: &'a str) -> impl Iterator<Item = usize> + 'a {
    let bytes = text.as_bytes();
    let word = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_alphanumeric);
    let mut from = 0;
    std::iter::from_fn(move || {
        while !token.is_empty() {
            let at = from + text.get(from..)?.find(token)?;
            from = at + token.len();
            if (at == 0 || !word(at - 1)) && !word(at + token.len()) {
                return Some(at);
            }
            // A match inside a longer word: search on from its next character.
            from = at + text[at..].chars().next().map_or(1, char::len_utf8);
        }
        None
    })
}

/// Returns true when a field called `entry_name` matches the `name` a caller looks up. Writers
/// look fields up by the same string literal that `fill` used, so comparing addresses first
/// usually skips the byte compare.
#[inline(always)]
pub(crate) fn same_name(entry_name: &str, name: &str) -> bool {
    (entry_name.as_ptr() == name.as_ptr() && entry_name.len() == name.len()) || crate::field_map::same_name(entry_name, name)
}

/// How a value is typed when written to JSON and compared after parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Str,
    /// An integer or decimal number, written without quotes in JSON.
    Num,
    /// `true` or `false`.
    Bool,
    /// JSON `null`; the text is empty.
    Null,
    /// Pre-serialized JSON (an array or object), written as is.
    Json,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    name: &'static str,
    kind: Kind,
    start: u32,
    end: u32,
}

/// An ordered list of `(name, kind, text)` fields backed by one text buffer.
#[derive(Clone, Debug, Default)]
pub struct Fields {
    entries: Vec<Entry>,
    text: String,
}

impl Fields {
    /// Returns an empty list.
    pub fn new() -> Self {
        Fields::default()
    }

    /// Removes every field, keeping the allocated capacity.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.text.clear();
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no field.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn push_entry(&mut self, name: &'static str, kind: Kind, start: usize) {
        self.entries.push(Entry {
            name,
            kind,
            start: start as u32,
            end: self.text.len() as u32,
        });
    }

    /// Appends `text` to the value buffer without a field, so that a writer can copy a run of
    /// fields and the text between them in one piece.
    pub(crate) fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Appends a text field.
    pub fn str(&mut self, name: &'static str, value: &str) {
        let start = self.text.len();
        self.text.push_str(value);
        self.push_entry(name, Kind::Str, start);
    }

    /// Appends a text field formatted in place, without an intermediate `String`.
    pub fn fmt(&mut self, name: &'static str, args: fmt::Arguments<'_>) {
        let start = self.text.len();
        let _ = self.text.write_fmt(args);
        self.push_entry(name, Kind::Str, start);
    }

    /// Appends a text field written by `write` into the buffer.
    pub fn with(&mut self, name: &'static str, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        self.push_entry(name, Kind::Str, start);
    }

    /// Appends an integer field.
    pub fn int(&mut self, name: &'static str, value: i64) {
        let start = self.text.len();
        push_i64(&mut self.text, value);
        self.push_entry(name, Kind::Num, start);
    }

    /// Appends an IPv4 address as dotted-quad text, as its `Display` writes it.
    pub fn ipv4(&mut self, name: &'static str, address: Ipv4Addr) {
        let start = self.text.len();
        push_ipv4(&mut self.text, address);
        self.push_entry(name, Kind::Str, start);
    }

    /// Appends a numeric field whose decimal text `write` appends to the buffer.
    pub(crate) fn num_with(&mut self, name: &'static str, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        self.push_entry(name, Kind::Num, start);
    }

    /// Appends a numeric field from its decimal text, such as `0.25`.
    pub fn num_text(&mut self, name: &'static str, value: &str) {
        let start = self.text.len();
        self.text.push_str(value);
        self.push_entry(name, Kind::Num, start);
    }

    /// Appends a boolean field.
    pub fn bool(&mut self, name: &'static str, value: bool) {
        let start = self.text.len();
        self.text.push_str(if value { "true" } else { "false" });
        self.push_entry(name, Kind::Bool, start);
    }

    /// Appends a JSON `null` field.
    pub fn null(&mut self, name: &'static str) {
        let start = self.text.len();
        self.push_entry(name, Kind::Null, start);
    }

    /// Appends a field holding pre-serialized JSON (an array or object).
    pub fn json(&mut self, name: &'static str, raw: &str) {
        let start = self.text.len();
        self.text.push_str(raw);
        self.push_entry(name, Kind::Json, start);
    }

    /// Appends a field holding JSON (an array or object) written by `write` into the buffer,
    /// so a source can build nested values without an intermediate `String`.
    pub fn json_with(&mut self, name: &'static str, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        self.push_entry(name, Kind::Json, start);
    }

    /// Returns the text of the first field called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.find(name).map(|e| &self.text[e.start as usize..e.end as usize])
    }

    /// Returns the name and text of the field at `index`, in insertion order.
    pub(crate) fn entry(&self, index: usize) -> Option<(&'static str, &str)> {
        self.entries
            .get(index)
            .map(|e| (e.name, &self.text[e.start as usize..e.end as usize]))
    }

    /// Returns the index of the first field called `name`.
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        self.entries.iter().position(|entry| same_name(entry.name, name))
    }

    /// Returns the kind of the first field called `name`.
    pub fn kind(&self, name: &str) -> Option<Kind> {
        self.find(name).map(|e| e.kind)
    }

    /// Returns the first entry called `name`.
    fn find(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|entry| same_name(entry.name, name))
    }

    /// Returns the text buffer: the values in the order they were appended, with the text of
    /// [`Fields::push_text`] between them, followed by the values that [`Fields::set`] wrote.
    /// Text that a set replaced stays in it.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Iterates over `(name, kind, text)` in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Kind, &str)> + '_ {
        // The values of appended fields follow one another in the buffer, so each one is split
        // off the rest of the buffer, which checks one character boundary instead of two.
        // A value that [`Fields::set`] moved to the end of the buffer, or one after text of
        // [`Fields::push_text`], is sliced on its own.
        let mut rest = self.text.as_str();
        let mut rest_start = 0;
        self.entries.iter().map(move |e| {
            let (start, end) = (e.start as usize, e.end as usize);
            let split = if start == rest_start {
                rest.split_at_checked(end - start)
            } else {
                None
            };
            let value = match split {
                Some((value, tail)) => {
                    rest = tail;
                    rest_start = end;
                    value
                }
                None => &self.text[start..end],
            };
            (e.name, e.kind, value)
        })
    }

    /// Iterates over `(name, kind, start, end)` in insertion order, where `start..end` is the
    /// byte range of the value in [`Fields::text`]. Writers that check where values sit in the
    /// buffer use it to skip slicing each value.
    pub(crate) fn spans(&self) -> impl Iterator<Item = (&'static str, Kind, usize, usize)> + '_ {
        self.entries.iter().map(|e| (e.name, e.kind, e.start as usize, e.end as usize))
    }

    /// The field names in order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|e| e.name)
    }

    /// Replaces the value of every field called `name`; returns false when there is none.
    /// A numeric or boolean field whose new text is not of its kind becomes a text field, and
    /// a JSON list given text that is not JSON becomes a list of that one string.
    pub fn set(&mut self, name: &str, value: &str) -> bool {
        self.set_with(name, value, |kind| kind_fits(kind, value))
    }

    /// Same as [`Fields::set`] with the kind check given by the caller, who can compute it
    /// once for a value that replaces fields of many events.
    pub(crate) fn set_with(&mut self, name: &str, value: &str, fits: impl Fn(Kind) -> bool) -> bool {
        let mut found = false;
        for i in 0..self.entries.len() {
            if self.entries[i].name != name {
                continue;
            }
            found = true;
            let start = self.text.len();
            let old = self.entries[i];
            let into_array =
                old.kind == Kind::Json && !fits(Kind::Json) && self.text[old.start as usize..old.end as usize].starts_with('[');
            if into_array {
                // A plain value given for a list (the recipients of a mail) becomes its one item.
                self.text.push('[');
                crate::format::json::write_str(&mut self.text, value);
                self.text.push(']');
            } else {
                self.text.push_str(value);
            }
            let entry = &mut self.entries[i];
            entry.start = start as u32;
            entry.end = self.text.len() as u32;
            if !into_array && !fits(entry.kind) {
                entry.kind = Kind::Str;
            }
        }
        found
    }

    /// Replaces `old` with `new` inside the text of every other field where `old` is a whole
    /// token in any ASCII case, with no ASCII letter or digit right before or after it. An override of one field
    /// thus reaches the fields that a source derived from the same entity: a user's home
    /// directory, an email address, a host's fully qualified name.
    ///
    /// Fields for which `skip` returns true are left alone: the caller sets them itself. Numbers, booleans and nulls are
    /// left alone, and so is a JSON field when either value needs escaping inside a JSON
    /// string.
    pub(crate) fn replace_embedded(&mut self, old: &str, new: &str, skip: impl Fn(&str) -> bool) {
        let plain_json = |text: &str| !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20);
        let json_ok = plain_json(old) && plain_json(new);
        let old_lower = old.to_ascii_lowercase();
        for i in 0..self.entries.len() {
            let entry = self.entries[i];
            let eligible = match entry.kind {
                Kind::Str => true,
                Kind::Json => json_ok,
                Kind::Num | Kind::Bool | Kind::Null => false,
            };
            if !eligible || skip(entry.name) {
                continue;
            }
            let (start, end) = (entry.start as usize, entry.end as usize);
            // ASCII lower case keeps every byte offset, so positions found in it hold in the text.
            let lower = self.text[start..end].to_ascii_lowercase();
            let positions: Vec<usize> = token_positions(&lower, &old_lower).map(|at| start + at).collect();
            if positions.is_empty() {
                continue;
            }
            let mut replaced = String::with_capacity(end - start + new.len());
            let mut copied = start;
            for at in positions {
                replaced.push_str(&self.text[copied..at]);
                replaced.push_str(new);
                copied = at + old.len();
            }
            replaced.push_str(&self.text[copied..end]);
            let new_start = self.text.len();
            self.text.push_str(&replaced);
            let entry = &mut self.entries[i];
            entry.start = new_start as u32;
            entry.end = self.text.len() as u32;
        }
    }

    /// Returns the JSON value of one field.
    pub fn value_of(kind: Kind, text: &str) -> Value {
        match kind {
            Kind::Str => Value::String(text.to_string()),
            Kind::Num => serde_json::from_str::<serde_json::Number>(text)
                .map(Value::Number)
                .unwrap_or_else(|_| Value::String(text.to_string())),
            Kind::Bool => Value::Bool(text == "true"),
            Kind::Null => Value::Null,
            Kind::Json => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())),
        }
    }

    /// Converts to a flat JSON map keyed by field name (later duplicates win).
    pub fn to_map(&self) -> Map<String, Value> {
        let mut map = Map::new();
        for (name, kind, text) in self.iter() {
            map.insert(name.to_string(), Fields::value_of(kind, text));
        }
        map
    }
}

/// Appends fields to a [`Fields`] and writes the key of each field to the value buffer before
/// its value, with [`Fields::push_text`]. The buffer then contains the text of the line from
/// the first key on, which a writer can copy in one piece when no override moved a value.
/// Each key is a literal whose first `LEAD` and last `TRAIL` bytes surround the field name,
/// such as CEF's ` name=` (1 and 1) or RFC 5424's `" name="` (2 and 2).
pub(crate) struct KeyedFields<'a, const LEAD: usize, const TRAIL: usize>(pub(crate) &'a mut Fields);

impl<'a, const LEAD: usize, const TRAIL: usize> KeyedFields<'a, LEAD, TRAIL> {
    /// Wraps `fields`.
    pub(crate) fn new(fields: &'a mut Fields) -> Self {
        KeyedFields(fields)
    }

    /// Appends `key` to the value buffer and returns the field name inside it.
    #[inline(always)]
    fn key(&mut self, key: &'static str) -> &'static str {
        self.0.push_text(key);
        key.get(LEAD..key.len().saturating_sub(TRAIL)).unwrap_or(key)
    }

    /// Appends a text field after its key.
    #[inline(always)]
    pub(crate) fn str(&mut self, key: &'static str, value: &str) {
        let name = self.key(key);
        self.0.str(name, value);
    }

    /// Appends an integer field after its key.
    #[inline(always)]
    pub(crate) fn int(&mut self, key: &'static str, value: i64) {
        let name = self.key(key);
        self.0.int(name, value);
    }

    /// Appends a number given as text after its key.
    #[inline(always)]
    pub(crate) fn num(&mut self, key: &'static str, value: &str) {
        let name = self.key(key);
        self.0.num_text(name, value);
    }

    /// Appends an IPv4 address field after its key.
    #[inline(always)]
    pub(crate) fn ipv4(&mut self, key: &'static str, address: std::net::Ipv4Addr) {
        let name = self.key(key);
        self.0.ipv4(name, address);
    }

    /// Appends a text field that `write` writes, after its key.
    #[inline(always)]
    pub(crate) fn with(&mut self, key: &'static str, write: impl FnOnce(&mut String)) {
        let name = self.key(key);
        self.0.with(name, write);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_text_matches_display() {
        for address in [
            [0, 0, 0, 0],
            [255, 255, 255, 255],
            [10, 0, 9, 100],
            [192, 168, 10, 99],
            [203, 0, 113, 7],
            [1, 20, 200, 5],
        ] {
            let address = Ipv4Addr::from(address);
            let mut out = String::from("x");
            push_ipv4(&mut out, address);
            assert_eq!(out, format!("x{address}"));
        }
    }

    #[test]
    fn iter_reads_appended_and_replaced_values() {
        let mut fields = Fields::new();
        fields.str("a", "caf\u{e9}");
        fields.str("empty", "");
        fields.int("b", 42);
        fields.str("c", "\u{1f600}x");
        fields.str("d", "last");
        let values = |fields: &Fields| fields.iter().map(|(_, _, value)| value.to_string()).collect::<Vec<_>>();
        assert_eq!(values(&fields), ["caf\u{e9}", "", "42", "\u{1f600}x", "last"]);
        assert!(fields.set("b", "\u{e9}t\u{e9}"));
        assert!(fields.set("a", "first"));
        assert_eq!(values(&fields), ["first", "", "\u{e9}t\u{e9}", "\u{1f600}x", "last"]);
        for (name, _, value) in fields.iter() {
            assert_eq!(fields.get(name), Some(value), "{name}");
        }
    }

    #[test]
    fn set_replaces_value_and_keeps_order() {
        let mut fields = Fields::new();
        fields.str("user", "alice");
        fields.int("port", 22);
        assert!(fields.set("user", "bob"));
        assert!(!fields.set("missing", "x"));
        let names: Vec<_> = fields.names().collect();
        assert_eq!(names, ["user", "port"]);
        assert_eq!(fields.get("user"), Some("bob"));
    }

    #[test]
    fn token_positions_skip_matches_inside_words() {
        let found: Vec<usize> = token_positions("ana banana ana.b ana", "ana").collect();
        assert_eq!(found, [0, 11, 17]);
        let found: Vec<usize> = token_positions("10.0.0.1 10.0.0.12 x10.0.0.1 10.0.0.1:22", "10.0.0.1").collect();
        assert_eq!(found, [0, 29]);
        assert_eq!(token_positions("aaaa", "aa").count(), 0);
        assert_eq!(token_positions("é-ana-é", "ana").collect::<Vec<_>>(), [3]);
        assert_eq!(token_positions("anything", "").count(), 0);
    }

    #[test]
    fn replace_embedded_text_and_json() {
        let mut fields = Fields::new();
        fields.str("user", "lee.kim");
        fields.str("pwd", "/home/lee.kim");
        fields.str("email", "lee.kim@corp.example");
        fields.str("other", "lee.kimberly");
        fields.int("port", 22);
        fields.json("params", r#"{"userName":"lee.kim"}"#);
        fields.str("pinned", "lee.kim");
        fields.replace_embedded("lee.kim", "zed", |name| name == "user" || name == "pinned");
        assert_eq!(fields.get("user"), Some("lee.kim"), "the caller sets the overridden field itself");
        assert_eq!(fields.get("pwd"), Some("/home/zed"));
        assert_eq!(fields.get("email"), Some("zed@corp.example"));
        assert_eq!(fields.get("other"), Some("lee.kimberly"));
        assert_eq!(fields.get("params"), Some(r#"{"userName":"zed"}"#));
        assert_eq!(fields.get("pinned"), Some("lee.kim"));

        // A replacement that would need escaping inside JSON leaves JSON fields alone.
        fields.replace_embedded("zed", "a\"b", |_| false);
        assert_eq!(fields.get("params"), Some(r#"{"userName":"zed"}"#));
        assert_eq!(fields.get("pwd"), Some("/home/a\"b"));
    }

    #[test]
    fn ipv4_matches_display() {
        let mut fields = Fields::new();
        for address in [
            Ipv4Addr::new(0, 0, 0, 0),
            Ipv4Addr::new(10, 20, 3, 255),
            Ipv4Addr::new(198, 51, 100, 7),
        ] {
            fields.ipv4("ip", address);
            assert_eq!(fields.iter().last().map(|(_, _, text)| text.to_string()), Some(address.to_string()));
        }
    }

    #[test]
    fn set_demotes_kind_when_text_does_not_fit() {
        let mut fields = Fields::new();
        fields.int("port", 22);
        fields.set("port", "ssh");
        assert_eq!(fields.kind("port"), Some(Kind::Str));
    }

    #[test]
    fn to_map_types_values() {
        let mut fields = Fields::new();
        fields.int("n", 3);
        fields.bool("ok", true);
        fields.json("tags", "[\"a\"]");
        fields.null("none");
        let map = fields.to_map();
        assert_eq!(map["n"], serde_json::json!(3));
        assert_eq!(map["ok"], serde_json::json!(true));
        assert_eq!(map["tags"], serde_json::json!(["a"]));
        assert_eq!(map["none"], Value::Null);
    }
}
