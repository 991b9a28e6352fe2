//! [`Text`], the string of an OCSF attribute.
//!
//! Most attribute values are short: addresses, ports as text, zone and user names, enum
//! captions. A `Text` stores up to 24 bytes inside itself, so building and dropping a record
//! allocates nothing for these values. A longer text, such as `raw_data`, is on the heap.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

use compact_str::{CompactString, ToCompactString};

/// The length of the longest string that a `Text` stores without an allocation.
const INLINE_MAX: usize = std::mem::size_of::<CompactString>();

/// An immutable UTF-8 string stored inline when it is short.
///
/// It dereferences to `str`, and compares equal to `str` and `String`.
///
/// # Examples
/// ```
/// use siemulator::ocsf::Text;
/// let zone = Text::from("trust");
/// assert_eq!(zone, "trust");
/// assert_eq!(zone.len(), 5);
/// assert_eq!(String::from(zone), "trust");
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(CompactString);

impl Text {
    /// Creates a `Text` from a string literal without copying it.
    pub const fn from_static(text: &'static str) -> Self {
        Text(CompactString::const_new(text))
    }

    /// Returns the string.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Converts the text into a `String`.
    pub fn into_string(self) -> String {
        self.0.into_string()
    }

    /// Joins `parts` into one text, inline when it is short enough.
    pub(crate) fn concat(parts: &[&str]) -> Self {
        let mut text = CompactString::with_capacity(parts.iter().map(|part| part.len()).sum());
        for part in parts {
            text.push_str(part);
        }
        Text(text)
    }

    /// Writes `value` as text, such as a number in decimal, inline when it is short enough.
    pub(crate) fn display(value: &impl fmt::Display) -> Self {
        Text(value.to_compact_string())
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(CompactString::new(text))
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Self {
        Text(CompactString::new(text))
    }
}

impl From<String> for Text {
    /// Keeps the allocation of a long string, and copies a short one inline.
    fn from(text: String) -> Self {
        if text.len() <= INLINE_MAX {
            Text(CompactString::new(&text))
        } else {
            Text(CompactString::from_string_buffer(text))
        }
    }
}

impl From<Cow<'_, str>> for Text {
    fn from(text: Cow<'_, str>) -> Self {
        match text {
            Cow::Borrowed(text) => Text::from(text),
            Cow::Owned(text) => Text::from(text),
        }
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.into_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_texts_keep_their_bytes() {
        let short = Text::from("198.51.100.7");
        let long = Text::from("a".repeat(100));
        assert_eq!(short, "198.51.100.7");
        assert_eq!(long.len(), 100);
        assert_eq!(Text::from_static("Firewall"), Text::from(String::from("Firewall")));
        assert_eq!(Text::from(Cow::Borrowed("é")).as_str(), "é");
    }
}
