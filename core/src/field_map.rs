//! [`FieldMap`], the ordered name-to-value map a parser returns for one event.
//!
//! Parsers insert one entry per vendor field, often a hundred per line, and look a few dozen
//! of them up while building the OCSF record. `serde_json::Map` would allocate every name and
//! hash it with SipHash. This map keeps names that are string literals borrowed, and hashes
//! with foldhash seeded per process, so crafted field names cannot force collisions.
//! Entries keep their insertion order, which is the order of the fields in the event.

use std::borrow::Cow;
use std::fmt;

use foldhash::fast::RandomState;
use indexmap::IndexMap;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// A field name: borrowed when the parser names the field with a literal, owned when the name
/// comes from the input (key=value keys, JSON members).
pub type FieldName = Cow<'static, str>;

/// The entry of one field name in a [`FieldMap`], vacant or occupied.
pub type Entry<'a> = indexmap::map::Entry<'a, FieldName, Value>;

/// Vendor fields of one parsed event, in the order the event has them.
///
/// # Examples
/// ```
/// use serde_json::json;
/// use siemulator::FieldMap;
/// let mut fields = FieldMap::new();
/// fields.insert("action", json!("deny"));
/// fields.insert(String::from("srcport"), json!(443));
/// assert_eq!(fields.get("srcport"), Some(&json!(443)));
/// assert_eq!(fields.keys().collect::<Vec<_>>(), ["action", "srcport"]);
/// ```
#[derive(Clone, Default)]
pub struct FieldMap {
    entries: IndexMap<FieldName, Value, RandomState>,
}

impl FieldMap {
    /// Returns an empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns an empty map with room for `capacity` fields.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: IndexMap::with_capacity_and_hasher(capacity, RandomState::default()),
        }
    }

    /// Returns the number of fields.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Returns true when the map has no field.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Returns the value of the field called `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.entries.get(name)
    }

    /// Returns the value of the field called `name` for changing it.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.entries.get_mut(name)
    }

    /// Returns true when the map has a field called `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    /// Sets the field `name` and returns its previous value. A new field goes last; a field
    /// that exists keeps its place.
    pub fn insert(&mut self, name: impl Into<FieldName>, value: Value) -> Option<Value> {
        self.entries.insert(name.into(), value)
    }

    /// Returns the entry of the field `name`, to read or set it with one lookup.
    pub fn entry(&mut self, name: impl Into<FieldName>) -> Entry<'_> {
        self.entries.entry(name.into())
    }

    /// Removes the field `name` and returns its value. The last field takes its place, as with
    /// `serde_json::Map::remove`.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.entries.swap_remove(name)
    }

    /// Iterates over the fields in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.entries.iter())
    }

    /// Iterates over the field names in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.entries.keys().map(|name| name.as_ref())
    }

    /// Iterates over the values in order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.entries.values()
    }

    /// Returns the fields as a JSON object with the same order.
    pub fn into_json(self) -> Map<String, Value> {
        self.entries.into_iter().map(|(name, value)| (name.into_owned(), value)).collect()
    }

    /// Returns a copy of the fields as a JSON object with the same order.
    pub fn to_json(&self) -> Map<String, Value> {
        self.iter().map(|(name, value)| (name.to_string(), value.clone())).collect()
    }
}

/// Iterator over the fields of a [`FieldMap`], as `(name, value)`.
#[derive(Clone)]
pub struct Iter<'a>(indexmap::map::Iter<'a, FieldName, Value>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(name, value)| (name.as_ref(), value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(name, value)| (name.as_ref(), value))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a FieldMap {
    type Item = (&'a str, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for FieldMap {
    type Item = (FieldName, Value);
    type IntoIter = indexmap::map::IntoIter<FieldName, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<N: Into<FieldName>> FromIterator<(N, Value)> for FieldMap {
    fn from_iter<I: IntoIterator<Item = (N, Value)>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut map = Self::with_capacity(iter.size_hint().0);
        for (name, value) in iter {
            map.insert(name, value);
        }
        map
    }
}

impl<N: Into<FieldName>> Extend<(N, Value)> for FieldMap {
    fn extend<I: IntoIterator<Item = (N, Value)>>(&mut self, iter: I) {
        for (name, value) in iter {
            self.insert(name, value);
        }
    }
}

impl From<Map<String, Value>> for FieldMap {
    fn from(map: Map<String, Value>) -> Self {
        map.into_iter().collect()
    }
}

/// `fields["name"]` is the value of the field, or `null` when there is none, as indexing a
/// `serde_json::Value` gives.
impl std::ops::Index<&str> for FieldMap {
    type Output = Value;

    fn index(&self, name: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(name).unwrap_or(&NULL)
    }
}

/// Two maps are equal when they have the same fields with equal values, in any order, as
/// with `serde_json::Map`.
impl PartialEq for FieldMap {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(name, value)| other.get(name) == Some(value))
    }
}

impl fmt::Debug for FieldMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for FieldMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn insert_keeps_order() {
        let mut fields = FieldMap::with_capacity(4);
        fields.insert("b", json!(1));
        fields.insert(String::from("a"), json!(2));
        assert_eq!(fields.insert("b", json!(3)), Some(json!(1)));
        assert_eq!(fields.iter().collect::<Vec<_>>(), [("b", &json!(3)), ("a", &json!(2))]);
        assert_eq!(serde_json::to_string(&fields).unwrap(), r#"{"b":3,"a":2}"#);
    }

    #[test]
    fn remove_swaps_in_last_field() {
        let mut fields: FieldMap = [("a", json!(1)), ("b", json!(2)), ("c", json!(3))].into_iter().collect();
        assert_eq!(fields.remove("a"), Some(json!(1)));
        assert_eq!(fields.remove("missing"), None);
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["c", "b"]);
        let json = fields.clone().into_json();
        assert_eq!(json, fields.to_json());
        assert_eq!(Value::Object(json), json!({"c": 3, "b": 2}));
    }

    #[test]
    fn equality_ignores_order() {
        let one: FieldMap = [("a", json!(1)), ("b", json!(2))].into_iter().collect();
        let two: FieldMap = [("b", json!(2)), ("a", json!(1))].into_iter().collect();
        let three: FieldMap = [("b", json!(2)), ("a", json!(9))].into_iter().collect();
        assert_eq!(one, two);
        assert_ne!(one, three);
        assert_eq!(format!("{one:?}"), r#"{"a": Number(1), "b": Number(2)}"#);
    }
}
