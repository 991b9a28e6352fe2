//! The ground truth of one event: an ordered list of named, typed field values.
//!
//! A source fills a [`Fields`] from its random stream, overrides are applied to it, and the
//! wire-format writer reads it. The same list is what a parser must recover, which makes the
//! round trip `parse(generate(x)) == truth` a direct comparison. Values live in one reusable
//! text buffer, so filling an event allocates nothing once the buffer has grown.

use std::fmt::{self, Write as _};

use serde_json::{Map, Value};

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
        let _ = write!(self.text, "{value}");
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
        self.entries
            .iter()
            .find(|e| e.name == name)
            .map(|e| &self.text[e.start as usize..e.end as usize])
    }

    /// Returns the kind of the first field called `name`.
    pub fn kind(&self, name: &str) -> Option<Kind> {
        self.entries.iter().find(|e| e.name == name).map(|e| e.kind)
    }

    /// Iterates over `(name, kind, text)` in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Kind, &str)> + '_ {
        self.entries
            .iter()
            .map(|e| (e.name, e.kind, &self.text[e.start as usize..e.end as usize]))
    }

    /// The field names in order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|e| e.name)
    }

    /// Replaces the value of every field called `name`; returns false when there is none.
    /// A numeric or boolean field whose new text is not of its kind becomes a text field.
    pub fn set(&mut self, name: &str, value: &str) -> bool {
        let mut found = false;
        for i in 0..self.entries.len() {
            if self.entries[i].name != name {
                continue;
            }
            found = true;
            let start = self.text.len();
            self.text.push_str(value);
            let entry = &mut self.entries[i];
            entry.start = start as u32;
            entry.end = self.text.len() as u32;
            let fits = match entry.kind {
                Kind::Num => value.parse::<f64>().is_ok(),
                Kind::Bool => value == "true" || value == "false",
                Kind::Null => value.is_empty(),
                Kind::Json => serde_json::from_str::<Value>(value).is_ok(),
                Kind::Str => true,
            };
            if !fits {
                entry.kind = Kind::Str;
            }
        }
        found
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

#[cfg(test)]
mod tests {
    use super::*;

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
