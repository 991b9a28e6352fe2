//! Reading of objects whose `type` field selects the other fields they accept.
//!
//! A derived internally tagged serde enum buffers the whole object before it reads the tag.
//! Buffered values carry no position, so a YAML error inside them is reported at the line of
//! an enclosing object and without the name of the bad field. The derived form also accepts
//! any field in a variant without fields. [`TaggedReader`] reads the entries one by one from
//! the parser instead, so every error keeps the line and the path of its own entry.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// The alternatives of a tagged object.
pub(crate) struct TaggedKinds {
    /// Name of what the tag selects, for messages, such as `actor type`.
    pub(crate) noun: &'static str,
    /// Each `type` name with the fields it accepts besides `type`.
    pub(crate) kinds: &'static [(&'static str, &'static [&'static str])],
    /// `type` and every field of every kind, listed when a field read before the tag is
    /// unknown to all kinds.
    pub(crate) all_fields: &'static [&'static str],
}

/// Reads the entries of one tagged object and checks each key against its kind.
pub(crate) struct TaggedReader {
    kinds: &'static TaggedKinds,
    kind: Option<usize>,
    seen: Vec<&'static str>,
}

impl TaggedReader {
    pub(crate) fn new(kinds: &'static TaggedKinds) -> Self {
        TaggedReader {
            kinds,
            kind: None,
            seen: Vec::new(),
        }
    }

    /// Reads keys up to the next field other than `type` and returns its name, or `None` at
    /// the end of the object. The caller reads the field's value next. A `type` entry is read
    /// here, and the fields that came before it are checked against the kind it names.
    ///
    /// # Errors
    /// An unknown kind, a field the kind does not accept, or a repeated field.
    pub(crate) fn next_field<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Option<&'static str>, A::Error> {
        loop {
            let key = map.next_key_seed(KeySeed {
                kinds: self.kinds,
                kind: self.kind,
                seen: &self.seen,
            })?;
            match key {
                None => return Ok(None),
                Some(Key::Type) => {
                    let kind = map.next_value_seed(TagSeed { kinds: self.kinds })?;
                    let accepted = self.kinds.kinds[kind].1;
                    if let Some(field) = self.seen.iter().find(|field| !accepted.contains(field)) {
                        return Err(unknown_field(field, self.kinds, Some(kind)));
                    }
                    self.kind = Some(kind);
                }
                Some(Key::Field(name)) => {
                    self.seen.push(name);
                    return Ok(Some(name));
                }
            }
        }
    }

    /// Returns the `type` name read from the object.
    ///
    /// # Errors
    /// A missing `type` field.
    pub(crate) fn kind<E: de::Error>(&self) -> Result<&'static str, E> {
        self.kind
            .map(|kind| self.kinds.kinds[kind].0)
            .ok_or_else(|| de::Error::missing_field("type"))
    }
}

enum Key {
    Type,
    Field(&'static str),
}

/// Reads one key: `type`, or a field that the kind accepts (any kind while the tag is unread).
/// The checks run inside the parser's call, so that their errors get the key's position.
struct KeySeed<'a> {
    kinds: &'static TaggedKinds,
    kind: Option<usize>,
    /// Fields read so far, without `type`.
    seen: &'a [&'static str],
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        if name == "type" {
            return match self.kind {
                Some(_) => Err(de::Error::duplicate_field("type")),
                None => Ok(Key::Type),
            };
        }
        if let Some(field) = self.seen.iter().find(|field| **field == name) {
            return Err(de::Error::duplicate_field(field));
        }
        let accepted = match self.kind {
            Some(kind) => self.kinds.kinds[kind].1,
            None => self.kinds.all_fields,
        };
        match accepted.iter().find(|field| **field == name && **field != "type") {
            Some(field) => Ok(Key::Field(field)),
            None => Err(unknown_field(name, self.kinds, self.kind)),
        }
    }
}

/// Builds the error for a field that `kind` does not accept, or no kind when it is `None`.
/// The message starts with "unknown field `name`" as serde's own does.
fn unknown_field<E: de::Error>(name: &str, kinds: &TaggedKinds, kind: Option<usize>) -> E {
    match kind {
        Some(kind) if kinds.kinds[kind].1.is_empty() => E::custom(format!(
            "unknown field `{name}`; the {} '{}' has no fields besides `type`",
            kinds.noun, kinds.kinds[kind].0
        )),
        Some(kind) => de::Error::unknown_field(name, kinds.kinds[kind].1),
        None => de::Error::unknown_field(name, kinds.all_fields),
    }
}

/// Reads the value of `type` as the index of its kind.
struct TagSeed {
    kinds: &'static TaggedKinds,
}

impl<'de> DeserializeSeed<'de> for TagSeed {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for TagSeed {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.kinds.kinds.iter().map(|(kind, _)| *kind).collect();
        write!(f, "one of {}", names.join(", "))
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.kinds.kinds.iter().position(|(kind, _)| *kind == name).ok_or_else(|| {
            let names: Vec<&str> = self.kinds.kinds.iter().map(|(kind, _)| *kind).collect();
            E::custom(format!(
                "unknown {} '{name}'; expected one of {}",
                self.kinds.noun,
                names.join(", ")
            ))
        })
    }
}
