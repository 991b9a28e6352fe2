//! The tree of an OCSF record: [`Object`], an ordered list of attributes, and [`Node`], the
//! value of one attribute.
//!
//! A record has a few dozen attributes in objects of a handful each, and most attribute names
//! are string literals. So an object keeps its attributes in a vector in the order they were
//! set, finds one by comparing names, and keeps a literal name without allocating it. A hashed
//! map with an owned key per attribute costs several times more to build and free.
//! [`Object::to_map`] and [`Object::into_value`] return the `serde_json` form, and both types
//! serialise directly, in the same order.

use std::borrow::Cow;
use std::fmt;
use std::ops::Index;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Number, Value};

use super::Text;
use crate::field_map::same_name;
use crate::format::find_byte;

/// The name of an attribute: a literal, or an owned string for a name built at run time. A
/// `&str` borrowed from a local `String` does not convert: pass the `String` itself.
pub type Key = Cow<'static, str>;

/// An OCSF object: attributes in the order they were first set.
///
/// # Examples
/// ```
/// use siemulator::ocsf::Object;
/// let mut endpoint = Object::new();
/// endpoint.insert("ip", "192.0.2.10");
/// endpoint.insert("port", 443);
/// assert_eq!(endpoint["port"], 443);
/// assert_eq!(serde_json::to_string(&endpoint).unwrap(), r#"{"ip":"192.0.2.10","port":443}"#);
/// ```
///
/// Two objects are equal when they have the same attributes with equal values, in any order,
/// as two `serde_json` maps are.
#[derive(Clone, Debug, Default)]
pub struct Object {
    entries: Vec<(Key, Node)>,
    /// Bit [`name_bit`] of each name in `entries` is set. A record sets most of its attributes
    /// once, so most searches for a name about to be added end at this test.
    names: u64,
}

/// The value of one attribute.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Node {
    /// JSON `null`, which indexing also returns for an attribute that is not set.
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(Text),
    /// An array.
    Array(Vec<Node>),
    /// A nested object.
    Object(Object),
}

/// The value indexing returns for a missing attribute or element.
static NULL: Node = Node::Null;

impl Object {
    /// Creates an empty object.
    pub const fn new() -> Self {
        Object {
            entries: Vec::new(),
            names: 0,
        }
    }

    /// Creates an empty object with room for `capacity` attributes.
    pub fn with_capacity(capacity: usize) -> Self {
        Object {
            entries: Vec::with_capacity(capacity),
            names: 0,
        }
    }

    /// Sets an attribute, in place when it is already there, and returns the old value.
    pub fn insert(&mut self, key: impl Into<Key>, value: impl Into<Node>) -> Option<Node> {
        let key = key.into();
        let value = value.into();
        match self.position(&key) {
            Some(index) => Some(std::mem::replace(&mut self.entries[index].1, value)),
            None => {
                self.push(key, value);
                None
            }
        }
    }

    /// Removes an attribute and returns its value. The others keep their order.
    pub fn remove(&mut self, key: &str) -> Option<Node> {
        let index = self.position(key)?;
        let (_, value) = self.entries.remove(index);
        self.names = self.entries.iter().fold(0, |names, (name, _)| names | name_bit(name));
        Some(value)
    }

    /// Returns the value of an attribute.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.position(key).map(|index| &self.entries[index].1)
    }

    /// Returns the value of an attribute for changing it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.position(key).map(|index| &mut self.entries[index].1)
    }

    /// Returns the value at a dotted path of object attributes such as `src_endpoint.ip`.
    /// Arrays are not indexed: use `record["resources"][0]["uid"]` for those.
    pub fn get_path(&self, path: &str) -> Option<&Node> {
        let mut object = self;
        let mut rest = path;
        while let Some((head, tail)) = split_path(rest) {
            object = object.get(head)?.as_object()?;
            rest = tail;
        }
        object.get(rest)
    }

    /// Returns the value at a dotted path for changing it, as [`Object::get_path`] finds it.
    pub fn get_path_mut(&mut self, path: &str) -> Option<&mut Node> {
        let mut object = self;
        let mut rest = path;
        while let Some((head, tail)) = split_path(rest) {
            object = object.get_mut(head)?.as_object_mut()?;
            rest = tail;
        }
        object.get_mut(rest)
    }

    /// Sets every attribute of `object` in the object at a dotted `path`, keeping the other
    /// attributes there. When the path has no object, `object` is set there whole, as
    /// [`Object::set_path`] does. An empty `object` changes nothing.
    pub fn merge_path(&mut self, path: impl Into<Key>, object: Object) {
        if object.is_empty() {
            return;
        }
        let path = match path.into() {
            Cow::Borrowed(path) => {
                let (parent, name) = self.parent_of(path);
                let index = parent.position(name);
                match index.and_then(|index| parent.entries[index].1.as_object_mut()) {
                    Some(target) => target.extend(object),
                    None => parent.put(index, Cow::Borrowed(name), Node::Object(object)),
                }
                return;
            }
            Cow::Owned(path) => path,
        };
        match self.get_path_mut(&path).and_then(Node::as_object_mut) {
            Some(target) => target.extend(object),
            None => self.set_path(path, Node::Object(object)),
        }
    }

    /// Merges `object` as [`Object::merge_path`] does for the top-level `key`, which the caller
    /// expects at `index`, the position where a record builder puts `metadata`. The search runs
    /// only when the attribute there is another one or not an object.
    pub(crate) fn merge_at(&mut self, index: usize, key: &'static str, object: Object) {
        match self.entries.get_mut(index) {
            Some((name, Node::Object(target))) if name == key => target.extend(object),
            _ => self.merge_path(key, object),
        }
    }

    /// Sets every attribute of `object` here, as [`Object::insert`] does one.
    fn extend(&mut self, object: Object) {
        for (key, value) in object {
            self.insert(key, value);
        }
    }

    /// Returns whether the attribute is set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Returns the number of attributes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Returns whether the object has no attributes.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Iterates over the attributes in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.entries.iter().map(|(key, value)| (key.as_ref(), value))
    }

    /// Iterates over the attribute names in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(key, _)| key.as_ref())
    }

    /// Sets `value` at a dotted `path` and creates the objects on the way. A value on the
    /// path that is not an object is replaced by one.
    pub fn set_path(&mut self, path: impl Into<Key>, value: Node) {
        match path.into() {
            Cow::Borrowed(path) => self.set_static_path(path, value),
            Cow::Owned(path) => self.set_owned_path(&path, value),
        }
    }

    /// Does the work of [`Object::set_path`] for a literal path, walking down one object per
    /// dot.
    fn set_static_path(&mut self, path: &'static str, value: Node) {
        let (object, name) = self.parent_of(path);
        let index = object.position(name);
        object.put(index, Cow::Borrowed(name), value);
    }

    /// Returns the parent object of the last attribute of a literal dotted path, with that
    /// attribute's name. It makes the objects on the way and replaces any other value there.
    fn parent_of(&mut self, path: &'static str) -> (&mut Object, &'static str) {
        let mut object = self;
        let mut rest = path;
        while let Some((head, tail)) = split_path(rest) {
            let index = match object.position(head) {
                Some(index) => index,
                None => {
                    object.push(Cow::Borrowed(head), Node::Object(Object::with_capacity(OBJECT_CAPACITY)));
                    object.entries.len() - 1
                }
            };
            object = object.entries[index].1.make_object();
            rest = tail;
        }
        (object, rest)
    }

    fn set_owned_path(&mut self, path: &str, value: Node) {
        match split_path(path) {
            None => {
                self.insert(path.to_string(), value);
            }
            Some((head, rest)) => {
                let index = self.position(head);
                if let Some(Node::Object(child)) = index.map(|index| &mut self.entries[index].1) {
                    child.set_owned_path(rest, value);
                    return;
                }
                let mut child = Object::with_capacity(OBJECT_CAPACITY);
                child.set_owned_path(rest, value);
                self.put(index, Cow::Owned(head.to_string()), Node::Object(child));
            }
        }
    }

    /// Replaces the value at `index` when the attribute is there, or appends it.
    fn put(&mut self, index: Option<usize>, key: Key, value: Node) {
        match index {
            Some(index) => self.entries[index].1 = value,
            None => self.push(key, value),
        }
    }

    /// Appends an attribute that the caller knows is not set, without searching for it.
    pub(crate) fn append(&mut self, key: &'static str, value: impl Into<Node>) {
        debug_assert!(!self.contains_key(key), "attribute {key} is already set");
        self.push(Cow::Borrowed(key), value.into());
    }

    /// Appends an attribute that the caller found missing.
    fn push(&mut self, key: Key, value: Node) {
        self.names |= name_bit(&key);
        self.entries.push((key, value));
    }

    #[inline]
    fn position(&self, key: &str) -> Option<usize> {
        if self.names & name_bit(key) == 0 {
            return None;
        }
        // From the end: the attribute a mapping sets next is most often in the object it made
        // last, as when it sets `src_endpoint.ip` and then `src_endpoint.port`.
        self.entries.iter().rposition(|(name, _)| same_name(name, key))
    }

    /// Returns a copy as a `serde_json` map, in the same order.
    pub fn to_map(&self) -> Map<String, Value> {
        self.entries
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_value()))
            .collect()
    }

    /// Converts the object into a `serde_json` map, in the same order.
    pub fn into_map(self) -> Map<String, Value> {
        self.entries
            .into_iter()
            .map(|(key, value)| (key.into_owned(), value.into_value()))
            .collect()
    }

    /// Converts the object into a `serde_json` value.
    pub fn into_value(self) -> Value {
        Value::Object(self.into_map())
    }

    /// Returns a copy as a `serde_json` value.
    pub fn to_value(&self) -> Value {
        Value::Object(self.to_map())
    }
}

/// Splits a dotted path at its first dot. It tests eight bytes per step, because a record sets
/// dozens of paths and most of them are longer than eight bytes.
fn split_path(path: &str) -> Option<(&str, &str)> {
    let dot = find_byte(path.as_bytes(), b'.')?;
    Some((path.get(..dot)?, path.get(dot + 1..)?))
}

/// Returns the bit of [`Object::names`] for `name`: its length modulo 64. A hash of the first
/// and last bytes as well spread the names over more bits, but cost more instructions than
/// the searches it saved.
#[inline]
fn name_bit(name: &str) -> u64 {
    1 << (name.len() % 64)
}

/// Attributes a nested object made by a dotted path has room for before it grows.
const OBJECT_CAPACITY: usize = 4;

impl Node {
    /// Returns the object this node holds, after replacing any other value with an empty one.
    fn make_object(&mut self) -> &mut Object {
        match self {
            Node::Object(object) => object,
            other => {
                *other = Node::Object(Object::with_capacity(OBJECT_CAPACITY));
                other.make_object()
            }
        }
    }

    /// Returns a copy in its `serde_json` form.
    pub fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(flag) => Value::Bool(*flag),
            Node::Number(number) => Value::Number(number.clone()),
            Node::String(text) => Value::String(text.to_string()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Object(object) => object.to_value(),
        }
    }

    /// Converts the value into its `serde_json` form.
    pub fn into_value(self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(flag) => Value::Bool(flag),
            Node::Number(number) => Value::Number(number),
            Node::String(text) => Value::String(text.into_string()),
            Node::Array(items) => Value::Array(items.into_iter().map(Node::into_value).collect()),
            Node::Object(object) => object.into_value(),
        }
    }

    /// Returns the string, when the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(text) => Some(text),
            _ => None,
        }
    }

    /// Returns the number as an `i64`, when it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Node::Number(number) => number.as_i64(),
            _ => None,
        }
    }

    /// Returns the number as a `u64`, when it is a non-negative integer in range.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Node::Number(number) => number.as_u64(),
            _ => None,
        }
    }

    /// Returns the number as an `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Node::Number(number) => number.as_f64(),
            _ => None,
        }
    }

    /// Returns the boolean, when the value is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Node::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    /// Returns the elements, when the value is an array.
    pub fn as_array(&self) -> Option<&Vec<Node>> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Returns the elements for changing them, when the value is an array.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Node>> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Returns the object, when the value is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Node::Object(object) => Some(object),
            _ => None,
        }
    }

    /// Returns the object for changing it, when the value is one.
    pub fn as_object_mut(&mut self) -> Option<&mut Object> {
        match self {
            Node::Object(object) => Some(object),
            _ => None,
        }
    }

    /// Returns an attribute, when the value is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?.get(key)
    }

    /// Returns whether the value is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    /// Returns whether the value is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Node::String(_))
    }

    /// Returns whether the value is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Node::Number(_))
    }

    /// Returns whether the value is an array.
    pub fn is_array(&self) -> bool {
        matches!(self, Node::Array(_))
    }

    /// Returns whether the value is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }
}

impl From<Value> for Node {
    fn from(value: Value) -> Self {
        match value {
            Value::Null => Node::Null,
            Value::Bool(flag) => Node::Bool(flag),
            Value::Number(number) => Node::Number(number),
            Value::String(text) => Node::String(Text::from(text)),
            Value::Array(items) => Node::Array(items.into_iter().map(Node::from).collect()),
            Value::Object(map) => Node::Object(Object::from(map)),
        }
    }
}

impl From<Text> for Node {
    fn from(text: Text) -> Self {
        Node::String(text)
    }
}

impl From<&str> for Node {
    fn from(text: &str) -> Self {
        Node::String(Text::from(text))
    }
}

impl From<&String> for Node {
    fn from(text: &String) -> Self {
        Node::String(Text::from(text))
    }
}

impl From<String> for Node {
    fn from(text: String) -> Self {
        Node::String(Text::from(text))
    }
}

impl From<Cow<'_, str>> for Node {
    fn from(text: Cow<'_, str>) -> Self {
        Node::String(Text::from(text))
    }
}

impl From<bool> for Node {
    fn from(flag: bool) -> Self {
        Node::Bool(flag)
    }
}

impl From<Number> for Node {
    fn from(number: Number) -> Self {
        Node::Number(number)
    }
}

impl From<Map<String, Value>> for Node {
    fn from(map: Map<String, Value>) -> Self {
        Node::Object(Object::from(map))
    }
}

impl<T: Into<Node>> From<Vec<T>> for Node {
    fn from(items: Vec<T>) -> Self {
        Node::Array(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Node>> From<Option<T>> for Node {
    /// Converts the value of `Some`, and `None` to `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Node::Null, Into::into)
    }
}

macro_rules! node_from_number {
    ($($number:ty),*) => {$(
        impl From<$number> for Node {
            fn from(number: $number) -> Self {
                Node::Number(Number::from(number))
            }
        }
    )*};
}

node_from_number!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl From<f64> for Node {
    /// Converts a finite number. NaN and the infinities, which JSON cannot hold, become `null`.
    fn from(number: f64) -> Self {
        Number::from_f64(number).map_or(Node::Null, Node::Number)
    }
}

impl From<f32> for Node {
    /// Converts a finite number. NaN and the infinities, which JSON cannot hold, become `null`.
    fn from(number: f32) -> Self {
        Node::from(Value::from(number))
    }
}

impl From<Object> for Node {
    fn from(object: Object) -> Self {
        Node::Object(object)
    }
}

impl From<Map<String, Value>> for Object {
    fn from(map: Map<String, Value>) -> Self {
        let entries: Vec<(Key, Node)> = map.into_iter().map(|(key, value)| (Cow::Owned(key), Node::from(value))).collect();
        let names = entries.iter().fold(0, |names, (name, _)| names | name_bit(name));
        Object { entries, names }
    }
}

impl FromIterator<(Key, Node)> for Object {
    fn from_iter<I: IntoIterator<Item = (Key, Node)>>(iter: I) -> Self {
        let mut object = Object::new();
        for (key, value) in iter {
            object.insert(key, value);
        }
        object
    }
}

impl PartialEq for Object {
    fn eq(&self, other: &Object) -> bool {
        self.len() == other.len() && self.iter().all(|(key, value)| other.get(key) == Some(value))
    }
}

impl<'a> IntoIterator for &'a Object {
    type Item = (&'a str, &'a Node);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (Key, Node)>, fn(&'a (Key, Node)) -> (&'a str, &'a Node)>;

    /// Iterates over the attributes in order.
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(key, value)| (key.as_ref(), value))
    }
}

impl IntoIterator for Object {
    type Item = (Key, Node);
    type IntoIter = std::vec::IntoIter<(Key, Node)>;

    /// Iterates over the attributes in order.
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl Index<&str> for Object {
    type Output = Node;

    /// Returns the value of an attribute, or `null` when it is not set.
    fn index(&self, key: &str) -> &Node {
        self.get(key).unwrap_or(&NULL)
    }
}

impl Index<&str> for Node {
    type Output = Node;

    /// Returns an attribute of an object, or `null` when this is not an object or has no
    /// such attribute.
    fn index(&self, key: &str) -> &Node {
        self.get(key).unwrap_or(&NULL)
    }
}

impl Index<usize> for Node {
    type Output = Node;

    /// Returns an element of an array, or `null` when this is not an array or is shorter.
    fn index(&self, index: usize) -> &Node {
        self.as_array().and_then(|items| items.get(index)).unwrap_or(&NULL)
    }
}

impl PartialEq<Value> for Node {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Node::Null, Value::Null) => true,
            (Node::Bool(a), Value::Bool(b)) => a == b,
            (Node::Number(a), Value::Number(b)) => a == b,
            (Node::String(a), Value::String(b)) => a.as_str() == b.as_str(),
            (Node::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a == b),
            (Node::Object(a), Value::Object(b)) => a == b,
            _ => false,
        }
    }
}

impl PartialEq<Map<String, Value>> for Object {
    /// Compares equal when both have the same attributes with equal values, in any order.
    fn eq(&self, other: &Map<String, Value>) -> bool {
        self.len() == other.len() && self.iter().all(|(key, value)| other.get(key).is_some_and(|theirs| value == theirs))
    }
}

impl PartialEq<str> for Node {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Node {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<String> for Node {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

impl PartialEq<bool> for Node {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl PartialEq<f64> for Node {
    fn eq(&self, other: &f64) -> bool {
        self.as_f64() == Some(*other)
    }
}

macro_rules! node_eq_integer {
    ($($integer:ty),*) => {$(
        impl PartialEq<$integer> for Node {
            fn eq(&self, other: &$integer) -> bool {
                match self {
                    Node::Number(number) => *number == Number::from(*other),
                    _ => false,
                }
            }
        }
    )*};
}

node_eq_integer!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, value) in &self.entries {
            map.serialize_entry(key.as_ref(), value)?;
        }
        map.end()
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(flag) => serializer.serialize_bool(*flag),
            Node::Number(number) => number.serialize(serializer),
            Node::String(text) => serializer.serialize_str(text),
            Node::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Object(object) => object.serialize(serializer),
        }
    }
}

impl fmt::Display for Object {
    /// Writes the object as compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl fmt::Display for Node {
    /// Writes the value as compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn paths_make_objects_in_order() {
        let mut record = Object::new();
        record.set_path("src_endpoint.ip", Node::from("192.0.2.1"));
        record.set_path("class_uid", Node::from(4001));
        record.set_path(format!("src_endpoint.{}", "port"), Node::from(22));
        assert_eq!(
            serde_json::to_string(&record).unwrap(),
            r#"{"src_endpoint":{"ip":"192.0.2.1","port":22},"class_uid":4001}"#
        );
        assert_eq!(record.get_path("src_endpoint.port"), Some(&Node::from(22)));
        assert_eq!(record.get_path("src_endpoint.port.x"), None);
    }

    #[test]
    fn merge_path_keeps_other_attributes() {
        let mut record = Object::new();
        record.merge_path("src_endpoint", Object::new());
        assert!(record.is_empty());
        let mut first = Object::new();
        first.insert("ip", "192.0.2.1");
        first.insert("port", 22);
        record.merge_path("src_endpoint", first);
        let mut second = Object::new();
        second.insert("port", 2222);
        second.insert("zone", "dmz");
        record.merge_path("src_endpoint", second);
        assert_eq!(
            record.into_value(),
            json!({ "src_endpoint": { "ip": "192.0.2.1", "port": 2222, "zone": "dmz" } })
        );
    }

    #[test]
    fn merge_path_walks_and_replaces_like_set_path() {
        let user = || {
            let mut user = Object::new();
            user.insert("name", "alice");
            user
        };
        for owned in [false, true] {
            let path = |path: &'static str| if owned { Key::Owned(path.to_string()) } else { Key::Borrowed(path) };
            let mut record = Object::new();
            record.insert("actor", "text");
            record.insert("user", 1);
            // A value that is not an object, on the way or at the end, is replaced.
            record.merge_path(path("actor.user"), user());
            record.merge_path(path("user"), user());
            let mut more = Object::new();
            more.insert("domain", "example");
            record.merge_path(path("actor.user"), more);
            assert_eq!(
                record.to_value(),
                json!({ "actor": { "user": { "name": "alice", "domain": "example" } }, "user": { "name": "alice" } }),
                "owned path: {owned}"
            );
            assert_eq!(record.keys().collect::<Vec<_>>(), ["actor", "user"]);
        }
    }

    #[test]
    fn set_path_replaces_non_object() {
        let mut record = Object::new();
        record.set_path("user", Node::from("alice"));
        record.set_path("user.name", Node::from("alice"));
        assert_eq!(record.into_value(), json!({ "user": { "name": "alice" } }));
    }

    #[test]
    fn insert_replaces_in_place() {
        let mut object = Object::new();
        object.insert("a", 1);
        object.insert("b", 2);
        assert_eq!(object.insert("a", 3), Some(Node::from(1)));
        assert_eq!(object.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(object.remove("a"), Some(Node::from(3)));
        assert_eq!(object.keys().collect::<Vec<_>>(), ["b"]);
    }

    #[test]
    fn names_sharing_a_bit_found() {
        // 200 names on 64 bits, so many share one; the empty and one-byte names too.
        let names: Vec<String> = (0..200).map(|n| format!("n{n}")).chain(["".into(), "a".into()]).collect();
        let mut object = Object::new();
        for (value, name) in names.iter().enumerate() {
            object.insert(name.clone(), value);
        }
        for (value, name) in names.iter().enumerate() {
            assert_eq!(object[name.as_str()], value, "{name}");
        }
        for name in names.iter().step_by(2) {
            assert!(object.remove(name).is_some(), "{name}");
        }
        for (value, name) in names.iter().enumerate() {
            assert_eq!(object.get(name).is_some(), value % 2 == 1, "{name}");
        }
        let copy = Object::from(object.to_map());
        assert_eq!(copy["a"], 201);
        assert!(!copy.contains_key(""));
        assert!(!copy.contains_key("b"));
    }

    #[test]
    fn non_finite_floats_become_null() {
        assert!(Node::from(f64::NAN).is_null());
        assert!(Node::from(f32::INFINITY).is_null());
        assert_eq!(Node::from(1.5_f32), 1.5);
        assert_eq!(Node::from(Some("x")), "x");
        assert!(Node::from(None::<&str>).is_null());
    }

    #[test]
    fn json_values_become_nodes_and_back() {
        let value = json!({ "list": [1, "two", { "three": 3.5 }], "flag": true, "none": null });
        let node = Node::from(value.clone());
        assert_eq!(node, value);
        assert_eq!(node["list"][2]["three"], 3.5);
        assert!(node["list"][7].is_null());
        assert!(node["missing"]["deeper"].is_null());
        assert_eq!(node.to_value(), value);
        assert_eq!(node.to_string(), value.to_string());
    }

    #[test]
    fn objects_compare_in_any_order() {
        let mut first = Object::new();
        first.insert("a", 1);
        first.insert("b", 2);
        let mut second = Object::new();
        second.insert("b", 2);
        second.insert("a", 1);
        assert_eq!(first, second);
        second.insert("a", 3);
        assert_ne!(first, second);
        let names: Vec<&str> = (&first).into_iter().map(|(key, _)| key).collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn maps_compare_in_any_order() {
        let mut object = Object::new();
        object.insert("b", 2);
        object.insert("a", 1);
        let Value::Object(map) = json!({ "a": 1, "b": 2 }) else {
            unreachable!()
        };
        assert_eq!(object, map);
        assert_eq!(object.to_map(), map);
    }
}
