//! [`FieldMap`], the ordered name-to-value map a parser returns for one event.
//!
//! Parsers add one entry per vendor field, often a hundred per line, and look a few dozen of
//! them up while building the OCSF record. `serde_json::Map` would allocate every name and hash
//! it with SipHash. This map keeps names that are string literals borrowed, and keeps its
//! entries in a vector in the order of the event. The hash index (keyed per map so that
//! crafted field names cannot force collisions) is built at the first lookup in a map of more
//! than eight fields, all entries at once. That costs less than keeping an index up to
//! date while a parser fills the map, and nothing when no field is looked up.
//!
//! A parser that reads a line can keep one copy of it in the map (`FieldMap::with_text`) and
//! add text fields as ranges of that copy (`FieldMap::insert_new_text`). Such a field becomes
//! a `Value::String` only when it is first read as a `Value`, so the fields that are never
//! read cost no allocation, and [`FieldMap::get_str`] reads the text without making one.

use std::borrow::Cow;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::OnceLock;

use foldhash::fast::RandomState;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Number, Value};

/// A field name: borrowed when the parser names the field with a literal, owned when the name
/// comes from the input (key=value keys, JSON members).
pub type FieldName = Cow<'static, str>;

/// Maps of up to this many fields and no index are searched entry by entry.
const LINEAR_SEARCH_MAX: usize = 8;

/// Returns true when two names are equal. Names are short, so for 4 to 16 bytes two pairs of
/// word loads, which may overlap, compare every byte without the call that `==` makes.
#[inline]
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let len = a.len();
    if len != b.len() {
        return false;
    }
    match len {
        8..=16 => a.first_chunk::<8>() == b.first_chunk::<8>() && a.last_chunk::<8>() == b.last_chunk::<8>(),
        4..=7 => a.first_chunk::<4>() == b.first_chunk::<4>() && a.last_chunk::<4>() == b.last_chunk::<4>(),
        _ => a == b,
    }
}

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
    entries: Vec<(FieldName, Slot)>,
    /// The values of the fields inserted as a `Value`, which their slots point to. The value of
    /// a field that was replaced or removed stays here, unused, until the map is dropped.
    values: Vec<Value>,
    /// The values of text and unsigned fields, made at their first read as a `Value` and kept
    /// by position in `entries`. The list is created at the first such read, with one cell per
    /// entry.
    strings: OnceLock<Vec<OnceLock<Value>>>,
    /// The hash index of the names. When present it covers every entry.
    index: OnceLock<NameIndex>,
    hasher: RandomState,
    /// A copy of the text the parser read, which contains the text fields.
    text: Box<str>,
    /// Address of the parser's own text that `text` copies, so that a field borrowed from it
    /// can be located in the copy.
    text_source: usize,
    /// The positions of the names of the parser's [`NameTable`], when the parser gave one.
    known: Option<KnownPositions>,
}

/// The positions in a map of the names of one [`NameTable`]. A lookup of one of them probes
/// the table, whose slots are fixed, and reads its position here, so the map needs no index.
/// Building an index hashes every name of the event, a hundred for some firewall logs, while
/// a mapping reads a few dozen of them.
#[derive(Clone)]
struct KnownPositions {
    table: &'static NameTable,
    /// One more than the position in `entries` of the name in each slot of the table, or 0.
    /// A byte keeps the array small enough to clear for every event; a map whose names reach
    /// position 255 stops using the table.
    positions: Box<[u8]>,
    /// True when the map has a name that the table does not have.
    others: bool,
}

impl KnownPositions {
    /// Records that `name`, which was not in the map, is now at `position`. Returns false when
    /// the position does not fit, and the map must stop using the table.
    #[inline]
    fn note(&mut self, name: &str, position: usize) -> bool {
        match self.table.find(name) {
            Some(known) => self.set(known.slot, position),
            None => {
                self.others = true;
                true
            }
        }
    }

    /// Records the position of the name in `slot`, as [`KnownPositions::note`] does.
    #[inline]
    fn set(&mut self, slot: usize, position: usize) -> bool {
        let Ok(position) = u8::try_from(position + 1) else {
            return false;
        };
        if let Some(cell) = self.positions.get_mut(slot) {
            *cell = position;
        }
        true
    }

    /// Returns the position of `name`, or what a miss found, when the table decides it; `None`
    /// when only a search of the map can tell.
    #[inline]
    fn find(&self, name: &str) -> Option<Result<usize, Miss>> {
        match self.table.find(name) {
            Some(known) => Some(
                self.positions
                    .get(known.slot)
                    .and_then(|&position| (position as usize).checked_sub(1))
                    .ok_or(Miss::Slot(known.slot)),
            ),
            None if self.others => None,
            None => Some(Err(Miss::Unknown)),
        }
    }
}

/// The result of a lookup of a name that a map does not have, kept so that adding the name
/// next does not repeat the work.
#[derive(Clone, Copy)]
enum Miss {
    /// Nothing to reuse.
    Unknown,
    /// The name's hash in the map's index.
    Hash(u64),
    /// The name's slot in the parser's table.
    Slot(usize),
}

/// The place of one field's value. The slot has no destructor, so dropping a map of many
/// text fields frees nothing per field.
#[derive(Clone, Copy)]
enum Slot {
    /// The value at this position of [`FieldMap::values`].
    Value(usize),
    /// A string: its start and end in [`FieldMap::text`].
    Text(u32, u32),
    /// A non-negative integer, which needs no place in [`FieldMap::values`] and nothing when
    /// the map is dropped.
    Unsigned(u64),
}

/// Appends fields of one [`NameTable`] to a map made with it ([`FieldMap::known_appender`]).
/// Each field is new to the map and has the name of its slot, as for
/// [`FieldMap::insert_new_known`], and debug builds check both.
pub(crate) struct KnownAppender<'m> {
    entries: &'m mut Vec<(FieldName, Slot)>,
    values: &'m mut Vec<Value>,
    positions: &'m mut [u8],
    text_len: usize,
}

impl KnownAppender<'_> {
    /// Appends the text field at `start..end` of the map's copy of its text, whose ends lie on
    /// character boundaries. Returns false, and appends nothing, for a range outside the text
    /// or a slot outside the table.
    #[inline(always)]
    pub(crate) fn range(&mut self, slot: usize, name: &'static str, start: usize, end: usize) -> bool {
        if start > end || end > self.text_len {
            return false;
        }
        // The text length fits a u32, as `with_text` keeps no longer text.
        self.push(slot, name, Slot::Text(start as u32, end as u32))
    }

    /// Appends an unsigned field, which keeps its number without a `Value`. Returns false, and
    /// appends nothing, for a slot outside the table.
    #[inline(always)]
    pub(crate) fn unsigned(&mut self, slot: usize, name: &'static str, number: u64) -> bool {
        self.push(slot, name, Slot::Unsigned(number))
    }

    /// Appends a field with a `Value`. Returns false, and appends nothing, for a slot outside
    /// the table.
    #[inline(always)]
    pub(crate) fn value(&mut self, slot: usize, name: &'static str, value: Value) -> bool {
        if slot >= self.positions.len() {
            return false;
        }
        let at = self.values.len();
        self.values.push(value);
        self.push(slot, name, Slot::Value(at))
    }

    #[inline(always)]
    fn push(&mut self, slot: usize, name: &'static str, field: Slot) -> bool {
        let position = self.entries.len();
        let Some(cell) = self.positions.get_mut(slot) else {
            return false;
        };
        debug_assert!(
            self.entries.iter().all(|(entry, _)| entry != name),
            "field {name} is already in the map"
        );
        // `known_appender` made sure that the positions stay below 255.
        *cell = position as u8 + 1;
        self.entries.push((Cow::Borrowed(name), field));
        true
    }
}

/// The hash index of a map's names: open addressing with linear probing over the positions of
/// the entries, at most half full.
///
/// Names of up to 16 bytes, nearly all of them, are hashed as two words that contain every
/// byte, mixed by one folded multiply with keys drawn for each map. Longer names take foldhash.
/// This costs less than a general `Hasher` per name. Keys that differ per map keep crafted
/// names from forcing collisions.
#[derive(Clone)]
struct NameIndex {
    /// One more than a position in the map's entries, or 0 for an empty slot. The length is a
    /// power of two.
    slots: Box<[u32]>,
    /// Number of occupied slots.
    len: usize,
    /// Keys of the hash of short names.
    seeds: [u64; 2],
    /// The map's foldhash state, for long names.
    hasher: RandomState,
}

impl NameIndex {
    /// Returns an empty index with room for `capacity` names.
    fn new(hasher: &RandomState, capacity: usize) -> NameIndex {
        let size = (2 * capacity).next_power_of_two().max(16);
        NameIndex {
            slots: vec![0; size].into_boxed_slice(),
            len: 0,
            seeds: [hasher.hash_one(0x5eed_u64), hasher.hash_one(0x5eed_0001_u64)],
            hasher: hasher.clone(),
        }
    }

    /// Returns true when one more name would fill more than half of the slots.
    fn is_full(&self) -> bool {
        2 * (self.len + 1) > self.slots.len()
    }

    #[inline]
    fn hash(&self, name: &str) -> u64 {
        let bytes = name.as_bytes();
        let len = bytes.len();
        let word = |chunk: Option<&[u8; 8]>| chunk.map_or(0, |word| u64::from_le_bytes(*word));
        let half = |chunk: Option<&[u8; 4]>| chunk.map_or(0, |half| u64::from(u32::from_le_bytes(*half)));
        let (first, last) = match len {
            17.. => return self.hasher.hash_one(name),
            8..=16 => (word(bytes.first_chunk()), word(bytes.last_chunk())),
            // The two halves overlap or touch, so together they hold every byte.
            4..=7 => (half(bytes.first_chunk()) | half(bytes.last_chunk()) << 32, 0),
            1..=3 => (
                u64::from(bytes[0]) | u64::from(bytes[len / 2]) << 8 | u64::from(bytes[len - 1]) << 16,
                0,
            ),
            0 => (0, 0),
        };
        let product = u128::from(first ^ self.seeds[0]) * u128::from(last ^ self.seeds[1] ^ (len as u64) << 56);
        (product as u64) ^ (product >> 64) as u64
    }

    /// Returns the first slot to probe for `hash`.
    #[inline]
    fn start(&self, hash: u64) -> usize {
        // The high bits of the folded product depend on more input bits than the low ones.
        (hash >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    /// Adds `position`, which the index does not have, under `hash`. The caller keeps the index
    /// at most half full.
    #[inline]
    fn insert(&mut self, hash: u64, position: usize) {
        let mask = self.slots.len() - 1;
        let mut slot = self.start(hash);
        while self.slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        // Positions fit a u32, because a map of 2^32 fields would need more than 160 GiB.
        self.slots[slot] = position as u32 + 1;
        self.len += 1;
    }

    /// Returns the first position under `hash` for which `matches` is true.
    #[inline]
    fn find(&self, hash: u64, matches: impl Fn(usize) -> bool) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut slot = self.start(hash);
        loop {
            let position = (self.slots[slot] as usize).checked_sub(1)?;
            if matches(position) {
                return Some(position);
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// A value a parser adds: a `Value`, or text that the map keeps as a range of its copy of the
/// line when the text is borrowed from it (see [`FieldMap::insert_new_text`]).
pub(crate) enum FieldValue<'a> {
    Value(Value),
    Text(&'a str),
}

impl From<Value> for FieldValue<'_> {
    fn from(value: Value) -> Self {
        FieldValue::Value(value)
    }
}

impl FieldMap {
    /// Returns an empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns an empty map with room for `capacity` fields.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: Vec::with_capacity(capacity),
            values: Vec::with_capacity(capacity),
            ..Self::default()
        }
    }

    /// Returns an empty map with room for `capacity` fields that keeps a copy of `text`, so
    /// that [`FieldMap::insert_new_text`] can add fields borrowed from `text` without making a
    /// `String` for each.
    pub(crate) fn with_text(capacity: usize, text: &str) -> Self {
        Self {
            entries: Vec::with_capacity(capacity),
            // Text fields need no room here, and a line's numbers are usually fewer than half.
            values: Vec::with_capacity(capacity / 2),
            // Offsets into the copy are stored as u32, so longer text is not kept.
            text: if u32::try_from(text.len()).is_ok() {
                Box::from(text)
            } else {
                Box::default()
            },
            text_source: text.as_ptr() as usize,
            ..Self::default()
        }
    }

    /// Returns a map as [`FieldMap::with_text`] does that finds the names of `table` through
    /// the table: a lookup of one of them needs no index of the map. The parser adds them
    /// with [`FieldMap::insert_new_known`].
    pub(crate) fn with_names(capacity: usize, text: &str, table: &'static NameTable) -> Self {
        Self {
            known: Some(KnownPositions {
                table,
                positions: vec![0; table.len()].into_boxed_slice(),
                others: false,
            }),
            ..Self::with_text(capacity, text)
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

    /// Returns true when the map was made with a [`NameTable`] ([`FieldMap::with_names`]) and
    /// still records the positions of its names, and the table has every name in the map.
    pub(crate) fn has_only_table_names(&self) -> bool {
        self.known.as_ref().is_some_and(|known| !known.others)
    }

    /// Returns the position of the field called `name`, building the index when the map is
    /// too large to search entry by entry.
    fn position(&self, name: &str) -> Option<usize> {
        self.locate(name).ok()
    }

    /// Returns the position of the field called `name`, or else what the search found out.
    #[inline]
    fn locate(&self, name: &str) -> Result<usize, Miss> {
        if let Some(found) = self.known.as_ref().and_then(|known| known.find(name)) {
            return found;
        }
        let index = match self.index.get() {
            Some(index) => index,
            None if self.entries.len() <= LINEAR_SEARCH_MAX => {
                return self
                    .entries
                    .iter()
                    .position(|(entry, _)| same_name(entry, name))
                    .ok_or(Miss::Unknown);
            }
            None => self.index.get_or_init(|| self.build_index()),
        };
        let hash = index.hash(name);
        index
            .find(hash, |position| same_name(&self.entries[position].0, name))
            .ok_or(Miss::Hash(hash))
    }

    /// Hashes every entry into a new index, with room for as many entries as the map has.
    fn build_index(&self) -> NameIndex {
        let mut index = NameIndex::new(&self.hasher, self.entries.capacity());
        for (position, (name, _)) in self.entries.iter().enumerate() {
            index.insert(index.hash(name), position);
        }
        index
    }

    /// Returns the text of the slot of a text field.
    #[inline]
    fn text_of(&self, start: u32, end: u32) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or_default()
    }

    /// Returns the value of the field at `position`, making the `Value` of a text or unsigned
    /// field at its first read.
    #[inline]
    fn value_at(&self, position: usize) -> &Value {
        match self.entries[position].1 {
            Slot::Value(at) => &self.values[at],
            Slot::Text(start, end) => self.made_value(position, || Value::String(self.text_of(start, end).to_string())),
            Slot::Unsigned(number) => self.made_value(position, || Value::from(number)),
        }
    }

    /// Returns the value made for the field at `position`, making it with `make` at the first
    /// read.
    fn made_value(&self, position: usize, make: impl FnOnce() -> Value) -> &Value {
        let strings = self.strings.get_or_init(|| self.entries.iter().map(|_| OnceLock::new()).collect());
        strings[position].get_or_init(make)
    }

    /// Returns the string of the field at `position` when it is one, without making a `Value`
    /// of a text field.
    #[inline]
    fn str_at(&self, position: usize) -> Option<&str> {
        match self.entries[position].1 {
            Slot::Value(at) => self.values[at].as_str(),
            Slot::Text(start, end) => Some(self.text_of(start, end)),
            Slot::Unsigned(_) => None,
        }
    }

    /// Returns the value of the field at `position` for changing it. A text field becomes a
    /// field with its value in `values`.
    fn value_at_mut(&mut self, position: usize) -> &mut Value {
        let at = match self.entries[position].1 {
            Slot::Value(at) => at,
            Slot::Text(start, end) => {
                let value = self
                    .take_string(position)
                    .unwrap_or_else(|| Value::String(self.text_of(start, end).to_string()));
                self.values.push(value);
                let at = self.values.len() - 1;
                self.entries[position].1 = Slot::Value(at);
                at
            }
            Slot::Unsigned(number) => {
                let value = self.take_string(position).unwrap_or_else(|| Value::from(number));
                self.values.push(value);
                let at = self.values.len() - 1;
                self.entries[position].1 = Slot::Value(at);
                at
            }
        };
        &mut self.values[at]
    }

    /// Takes the value made for the text or unsigned field at `position`, if a read made one.
    fn take_string(&mut self, position: usize) -> Option<Value> {
        self.strings.get_mut()?.get_mut(position)?.take()
    }

    /// Appends a field, which the caller has checked is not in the map. `miss` is what the
    /// caller's lookup found out.
    #[inline]
    fn push(&mut self, name: FieldName, slot: Slot, miss: Miss) -> usize {
        let position = self.entries.len();
        if let Some(index) = self.index.get_mut() {
            if index.is_full() {
                // The table doubles and takes every name again, which the hashes depend on.
                let mut grown = NameIndex::new(&self.hasher, 2 * self.entries.len() + 1);
                for (position, (entry, _)) in self.entries.iter().enumerate() {
                    grown.insert(grown.hash(entry), position);
                }
                *index = grown;
            }
            let hash = match miss {
                Miss::Hash(hash) => hash,
                Miss::Unknown | Miss::Slot(_) => index.hash(&name),
            };
            index.insert(hash, position);
        }
        if let Some(strings) = self.strings.get_mut() {
            strings.push(OnceLock::new());
        }
        let recorded = self.known.as_mut().is_none_or(|known| match miss {
            Miss::Slot(slot) => known.set(slot, position),
            Miss::Unknown | Miss::Hash(_) => known.note(&name, position),
        });
        if !recorded {
            self.known = None;
        }
        self.entries.push((name, slot));
        position
    }

    /// Returns the slot of a new value, stored in `values`.
    #[inline]
    fn value_slot(&mut self, value: Value) -> Slot {
        self.values.push(value);
        Slot::Value(self.values.len() - 1)
    }

    /// Returns the slot of a string field: a range of `self.text` when `text` is borrowed from
    /// it, else the `String` in `values`.
    #[inline(always)]
    fn text_slot(&mut self, text: &str) -> Slot {
        match self.range_of(text) {
            Some((start, end)) => Slot::Text(start, end),
            None => self.value_slot(Value::String(text.to_string())),
        }
    }

    /// Returns the range in `self.text` of `text` when it is borrowed from the text the map
    /// copied. The address alone places it, because the parser's text is alive while it fills
    /// the map; debug builds check the bytes.
    #[inline]
    fn range_of(&self, text: &str) -> Option<(u32, u32)> {
        let start = (text.as_ptr() as usize).wrapping_sub(self.text_source);
        let end = start.wrapping_add(text.len());
        // A start below the copy wraps around to a large number, which the comparisons reject.
        if start > end || end > self.text.len() {
            return None;
        }
        debug_assert_eq!(self.text.get(start..end), Some(text), "text not borrowed from the map's text");
        // `with_text` keeps only text whose length fits a u32, so both offsets fit.
        Some((start as u32, end as u32))
    }

    /// Appends a field without looking its name up, for parsers that know the name is new,
    /// such as the columns of a fixed layout. A name that is already in the map would leave
    /// two entries; debug builds check that it is not.
    #[inline(always)]
    pub(crate) fn insert_new(&mut self, name: impl Into<FieldName>, value: Value) {
        let slot = self.value_slot(value);
        self.push_new(name.into(), slot);
    }

    /// Appends a string field as [`FieldMap::insert_new`] does. When `text` is borrowed from
    /// the text given to [`FieldMap::with_text`], the map keeps its range instead of a `String`.
    #[inline(always)]
    pub(crate) fn insert_new_text(&mut self, name: impl Into<FieldName>, text: &str) {
        let slot = self.text_slot(text);
        self.push_new(name.into(), slot);
    }

    /// Appends a field as [`FieldMap::insert_new`] or [`FieldMap::insert_new_text`] does.
    #[inline]
    pub(crate) fn insert_new_field(&mut self, name: impl Into<FieldName>, value: FieldValue<'_>) {
        match value {
            FieldValue::Value(value) => self.insert_new(name, value),
            FieldValue::Text(text) => self.insert_new_text(name, text),
        }
    }

    /// Sets a field as [`FieldMap::insert`] does, or leaves a field that is already in the
    /// map when `keep_first` is true. Text borrowed from the text given to
    /// [`FieldMap::with_text`] stays a range, as with [`FieldMap::insert_new_text`].
    pub(crate) fn put_field(&mut self, name: impl Into<FieldName>, value: FieldValue<'_>, keep_first: bool) {
        let name = name.into();
        match self.locate(&name) {
            Ok(_) if keep_first => {}
            Ok(position) => {
                self.take_string(position);
                self.entries[position].1 = self.field_slot(value);
            }
            Err(miss) => {
                let slot = self.field_slot(value);
                self.push(name, slot, miss);
            }
        }
    }

    #[inline(always)]
    fn field_slot(&mut self, value: FieldValue<'_>) -> Slot {
        match value {
            FieldValue::Value(value) => self.value_slot(value),
            FieldValue::Text(text) => self.text_slot(text),
        }
    }

    /// Sets a string field as [`FieldMap::insert`] does, keeping text borrowed from the text
    /// given to [`FieldMap::with_text`] as a range, as [`FieldMap::insert_new_text`] does.
    pub(crate) fn insert_text(&mut self, name: impl Into<FieldName>, text: &str) {
        let name = name.into();
        let slot = self.text_slot(text);
        match self.locate(&name) {
            Ok(position) => {
                self.take_string(position);
                self.entries[position].1 = slot;
            }
            Err(miss) => {
                self.push(name, slot, miss);
            }
        }
    }

    #[inline]
    fn push_new(&mut self, name: FieldName, slot: Slot) {
        // The check searches entry by entry: a lookup through `position` would build the index,
        // so debug builds would not run the index-free path that release builds take.
        debug_assert!(
            self.entries.iter().all(|(entry, _)| *entry != name),
            "field {name} is already in the map"
        );
        if self.index.get().is_none() && self.strings.get().is_none() {
            if self.known.as_mut().is_some_and(|known| !known.note(&name, self.entries.len())) {
                self.known = None;
            }
            self.entries.push((name, slot));
        } else {
            self.push(name, slot, Miss::Unknown);
        }
    }

    /// Appends a field as [`FieldMap::insert_new_field`] does, for a name that `table` has in
    /// `slot`. When the map was made with `table` ([`FieldMap::with_names`]), it records the
    /// position without probing the table.
    #[inline(always)]
    pub(crate) fn insert_new_known(&mut self, table: &NameTable, slot: usize, name: &'static str, value: FieldValue<'_>) {
        let position = self.entries.len();
        // A byte stores one more than a position below 255.
        let recorded = position < usize::from(u8::MAX)
            && self.index.get().is_none()
            && self.strings.get().is_none()
            && self
                .known
                .as_ref()
                .is_some_and(|known| std::ptr::eq(known.table, table) && slot < known.positions.len());
        if !recorded {
            return self.insert_new_unrecorded(name, value);
        }
        self.debug_check_new_known(table, slot, name);
        if let Some(cell) = self.known.as_mut().and_then(|known| known.positions.get_mut(slot)) {
            *cell = position as u8 + 1;
        }
        let slot = self.field_slot(value);
        self.entries.push((Cow::Borrowed(name), slot));
    }

    /// Returns an appender of new fields of `table`, or `None` when the map cannot record
    /// their positions: it was not made with `table`, it has an index or strings already, or
    /// `count` more fields would reach position 255. The appender reserves room for `count`
    /// fields and checks the state of the map once, where
    /// [`FieldMap::insert_new_known`] checks it for every field.
    #[inline]
    pub(crate) fn known_appender(&mut self, table: &NameTable, count: usize) -> Option<KnownAppender<'_>> {
        let usable = self.index.get().is_none()
            && self.strings.get().is_none()
            && self.entries.len() + count < usize::from(u8::MAX)
            && self.known.as_ref().is_some_and(|known| std::ptr::eq(known.table, table));
        if !usable {
            return None;
        }
        self.entries.reserve(count);
        let Self {
            entries,
            values,
            text,
            known,
            ..
        } = self;
        let positions = &mut known.as_mut()?.positions;
        Some(KnownAppender {
            entries,
            values,
            positions,
            text_len: text.len(),
        })
    }

    /// Checks in debug builds that `name` is in `slot` of `table` and not yet in the map, as
    /// the callers of [`FieldMap::insert_new_known`] promise.
    #[inline(always)]
    fn debug_check_new_known(&self, table: &NameTable, slot: usize, name: &str) {
        debug_assert_eq!(
            table.names.get(slot).map(|known| known.0),
            Some(name),
            "slot {slot} of the table is not {name}"
        );
        debug_assert!(
            self.entries.iter().all(|(entry, _)| entry != name),
            "field {name} is already in the map"
        );
    }

    /// Appends a field as [`FieldMap::insert_new_field`] does, for the rare call of
    /// [`FieldMap::insert_new_known`] that cannot record the position.
    #[cold]
    #[inline(never)]
    fn insert_new_unrecorded(&mut self, name: &'static str, value: FieldValue<'_>) {
        self.insert_new_field(name, value);
    }

    /// Returns the value of the field called `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.position(name).map(|position| self.value_at(position))
    }

    /// Returns the integer of the field called `name`: a number that fits an `i64`, or a string
    /// of one with spaces around it allowed. A text field is read without making a `Value`.
    pub fn get_int(&self, name: &str) -> Option<i64> {
        self.position(name).and_then(|position| self.int_at(position))
    }

    /// Returns the integer of the field at `position`, as [`FieldMap::get_int`] reads it.
    #[inline]
    fn int_at(&self, position: usize) -> Option<i64> {
        match self.entries[position].1 {
            Slot::Text(start, end) => self.text_of(start, end).trim().parse().ok(),
            Slot::Unsigned(number) => i64::try_from(number).ok(),
            Slot::Value(at) => match &self.values[at] {
                Value::Number(number) => number.as_i64(),
                Value::String(text) => text.trim().parse().ok(),
                _ => None,
            },
        }
    }

    /// Returns the text of the field called `name` when its value is a string, as
    /// `get(name).and_then(Value::as_str)` does, without making a `Value` of a text field.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.position(name).and_then(|position| self.str_at(position))
    }

    /// Returns the position of the field of `column`. When the map's table has the column's
    /// name in the column's slot, the position is read from that slot without hashing the
    /// name. Otherwise the name is looked up as [`FieldMap::get`] does.
    #[inline(always)]
    fn position_in(&self, column: Column) -> Option<usize> {
        if let Some(known) = &self.known {
            // The column's name is most often the very literal the table holds, so the
            // addresses settle it before the bytes are compared.
            let holds = |(name, ..): &(&str, u8, NameKey)| std::ptr::eq(*name, column.name) || same_name(name, column.name);
            if known.table.names.get(column.slot).is_some_and(holds) {
                return known
                    .positions
                    .get(column.slot)
                    .and_then(|&position| usize::from(position).checked_sub(1));
            }
        }
        self.position_by_name(column.name)
    }

    /// Returns the position of the field called `name`, for a column read that its slot does
    /// not settle.
    #[inline(never)]
    fn position_by_name(&self, name: &str) -> Option<usize> {
        self.position(name)
    }

    /// Returns the value of the field of `column`, as [`FieldMap::get`] does for its name.
    pub(crate) fn column(&self, column: Column) -> Option<&Value> {
        self.position_in(column).map(|position| self.value_at(position))
    }

    /// Returns the text of the field of `column`, as [`FieldMap::get_str`] does for its name.
    #[inline(always)]
    pub(crate) fn column_str(&self, column: Column) -> Option<&str> {
        self.position_in(column).and_then(|position| self.str_at(position))
    }

    /// Returns the integer of the field of `column`, as [`FieldMap::get_int`] does for its name.
    #[inline(always)]
    pub(crate) fn column_int(&self, column: Column) -> Option<i64> {
        self.position_in(column).and_then(|position| self.int_at(position))
    }

    /// Returns the number of the field of `column` when its value is one, without making a
    /// `Value` of an unsigned field.
    #[inline]
    pub(crate) fn column_number(&self, column: Column) -> Option<Number> {
        match self.entries[self.position_in(column)?].1 {
            Slot::Unsigned(number) => Some(Number::from(number)),
            Slot::Value(at) => self.values[at].as_number().cloned(),
            Slot::Text(..) => None,
        }
    }

    /// Returns true when the map has the field of `column`, as [`FieldMap::contains_key`] does
    /// for its name.
    #[inline]
    pub(crate) fn contains_column(&self, column: Column) -> bool {
        self.position_in(column).is_some()
    }

    /// Returns the position of the field called `name`, searching entry by entry when the map
    /// has no index yet.
    fn position_unindexed(&self, name: &str) -> Option<usize> {
        if self.index.get().is_some() || self.known.is_some() {
            return self.position(name);
        }
        self.entries.iter().position(|(entry, _)| same_name(entry, name))
    }

    /// Returns the value of the field called `name`, searching entry by entry when the map has
    /// no index yet. For the few lookups a parser makes while it reads an event, where building
    /// the index would cost more than the search.
    pub(crate) fn get_unindexed(&self, name: &str) -> Option<&Value> {
        self.position_unindexed(name).map(|position| self.value_at(position))
    }

    /// Returns the text of a string field as [`FieldMap::get_str`] does, searching as
    /// [`FieldMap::get_unindexed`] does.
    pub(crate) fn get_str_unindexed(&self, name: &str) -> Option<&str> {
        self.position_unindexed(name).and_then(|position| self.str_at(position))
    }

    /// Returns the value of the field called `name` for changing it.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        let position = self.position(name)?;
        Some(self.value_at_mut(position))
    }

    /// Returns true when the map has a field called `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Sets the field `name` and returns its previous value. A new field goes last; a field
    /// that exists keeps its place.
    pub fn insert(&mut self, name: impl Into<FieldName>, value: Value) -> Option<Value> {
        let name = name.into();
        match self.locate(&name) {
            Ok(position) => Some(std::mem::replace(self.value_at_mut(position), value)),
            Err(miss) => {
                let slot = self.value_slot(value);
                self.push(name, slot, miss);
                None
            }
        }
    }

    /// Returns the entry of the field `name`, to read or set it with one lookup.
    pub fn entry(&mut self, name: impl Into<FieldName>) -> Entry<'_> {
        let name = name.into();
        match self.locate(&name) {
            Ok(position) => Entry::Occupied(OccupiedEntry { map: self, position }),
            Err(miss) => Entry::Vacant(VacantEntry { map: self, name, miss }),
        }
    }

    /// Removes the field `name` and returns its value. The last field takes its place, as with
    /// `serde_json::Map::remove`.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        // Without an index, a search entry by entry costs less than building one to discard.
        let position = match self.index.get() {
            Some(_) => self.position(name)?,
            None => self.entries.iter().position(|(entry, _)| same_name(entry, name))?,
        };
        let value = std::mem::take(self.value_at_mut(position));
        // Removal is rare, so the index is rebuilt at the next lookup instead of patched, and
        // lookups no longer go through the parser's table.
        self.index = OnceLock::new();
        self.known = None;
        if let Some(strings) = self.strings.get_mut() {
            strings.swap_remove(position);
        }
        self.entries.swap_remove(position);
        Some(value)
    }

    /// Iterates over the fields in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            map: self,
            positions: 0..self.entries.len(),
        }
    }

    /// Iterates over the fields in order as `(name, text)`, where `text()` returns the text of a
    /// string field and `None` for other values, without making a `Value` of a text field. A
    /// caller that wants the values of a few names reads only theirs.
    pub(crate) fn iter_str<'a>(&'a self) -> impl Iterator<Item = (&'a str, impl Fn() -> Option<&'a str> + 'a)> {
        let texts = (0..self.entries.len()).map(move |position| move || self.str_at(position));
        self.entries.iter().map(|(name, _)| name.as_ref()).zip(texts)
    }

    /// Iterates over the field names in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.entries.iter().map(|(name, _)| name.as_ref())
    }

    /// Iterates over the values in order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        (0..self.entries.len()).map(|position| self.value_at(position))
    }

    /// Returns the fields as a JSON object with the same order.
    pub fn into_json(self) -> Map<String, Value> {
        self.into_iter().map(|(name, value)| (name.into_owned(), value)).collect()
    }

    /// Returns a copy of the fields as a JSON object with the same order.
    pub fn to_json(&self) -> Map<String, Value> {
        self.iter().map(|(name, value)| (name.to_string(), value.clone())).collect()
    }
}

/// The entry of one field name in a [`FieldMap`], vacant or occupied.
pub enum Entry<'a> {
    /// The map has the field.
    Occupied(OccupiedEntry<'a>),
    /// The map has no field of that name.
    Vacant(VacantEntry<'a>),
}

impl<'a> Entry<'a> {
    /// Returns the field's value, setting it to `value` first when the field is new.
    pub fn or_insert(self, value: Value) -> &'a mut Value {
        self.or_insert_with(|| value)
    }

    /// Returns the field's value, setting it to the result of `value` first when the field is
    /// new.
    pub fn or_insert_with(self, value: impl FnOnce() -> Value) -> &'a mut Value {
        match self {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(value()),
        }
    }

    /// Returns the field name.
    pub fn key(&self) -> &str {
        match self {
            Entry::Occupied(entry) => entry.key(),
            Entry::Vacant(entry) => entry.key(),
        }
    }
}

/// A field that is in the map, from [`FieldMap::entry`].
pub struct OccupiedEntry<'a> {
    map: &'a mut FieldMap,
    position: usize,
}

impl<'a> OccupiedEntry<'a> {
    /// Returns the field name.
    pub fn key(&self) -> &str {
        &self.map.entries[self.position].0
    }

    /// Returns the value.
    pub fn get(&self) -> &Value {
        self.map.value_at(self.position)
    }

    /// Returns the value for changing it.
    pub fn get_mut(&mut self) -> &mut Value {
        self.map.value_at_mut(self.position)
    }

    /// Returns the value for changing it, for as long as the map is borrowed.
    pub fn into_mut(self) -> &'a mut Value {
        self.map.value_at_mut(self.position)
    }

    /// Sets the value and returns the previous one.
    pub fn insert(&mut self, value: Value) -> Value {
        std::mem::replace(self.get_mut(), value)
    }
}

/// A field name that is not in the map, from [`FieldMap::entry`].
pub struct VacantEntry<'a> {
    map: &'a mut FieldMap,
    name: FieldName,
    miss: Miss,
}

impl<'a> VacantEntry<'a> {
    /// Returns the field name.
    pub fn key(&self) -> &str {
        &self.name
    }

    /// Adds the field last and returns its value.
    pub fn insert(self, value: Value) -> &'a mut Value {
        let slot = self.map.value_slot(value);
        let position = self.map.push(self.name, slot, self.miss);
        self.map.value_at_mut(position)
    }
}

/// A field name with its slot in the [`NameTable`] of a fixed column layout, so that a
/// mapping reads the field of a map made with that table by its slot (see
/// [`FieldMap::column_str`]). A map made with another table, or with none, finds the field by
/// its name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Column {
    slot: usize,
    name: &'static str,
}

impl Column {
    /// Returns the column of `name` in `columns`, at its first position.
    ///
    /// # Panics
    /// Panics when `columns` lacks `name`. Columns are constants, so the panic is a build error.
    pub(crate) const fn of(columns: &[&'static str], name: &'static str) -> Column {
        let mut slot = 0;
        while slot < columns.len() {
            if const_equal(columns[slot], name) {
                // The layout's own literal, which its table contains too, so reads compare addresses.
                return Column { slot, name: columns[slot] };
            }
            slot += 1;
        }
        panic!("the layout has no such column");
    }

    /// Returns the column of `name` at its first position in the concatenation of `groups`,
    /// which is its slot in [`NameTable::new`] of the same groups when no name is given twice.
    ///
    /// # Panics
    /// Panics when no group has `name`. Columns are constants, so the panic is a build error.
    pub(crate) const fn in_groups(groups: &[&[&'static str]], name: &'static str) -> Column {
        let mut offset = 0;
        let mut group = 0;
        while group < groups.len() {
            let members = groups[group];
            let mut index = 0;
            while index < members.len() {
                if const_equal(members[index], name) {
                    // The group's own literal, which the table contains too, so reads compare addresses.
                    return Column {
                        slot: offset + index,
                        name: members[index],
                    };
                }
                index += 1;
            }
            offset += members.len();
            group += 1;
        }
        panic!("no group has such a name");
    }

    /// Returns the field name.
    pub(crate) const fn name(&self) -> &'static str {
        self.name
    }

    /// Returns the slot of the name in its table, as [`FieldMap::insert_new_known`] takes it.
    pub(crate) const fn slot(&self) -> usize {
        self.slot
    }
}

/// Compares two strings in a constant expression.
const fn const_equal(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// The field names a parser expects, in groups such as "text" and "integer", found by hash.
/// A name read from the input that is in the table is stored as the literal, without
/// allocating it, and its slot lets [`SeenNames`] tell a repeated name with one bit.
///
/// Field names are short, so each is summed up by its length and two words of its bytes
/// ([`NameKey`]), which decide equality without comparing the bytes for names of up to 16
/// bytes and feed a multiplicative hash. The table is open-addressed and at most a quarter
/// full, so a lookup rarely probes a second slot. The names are fixed, so crafted input cannot
/// make the probe sequences longer.
pub(crate) struct NameTable {
    /// Every name with its group and key.
    names: Vec<(&'static str, u8, NameKey)>,
    /// One more than a position in `names`, or 0 for an empty slot. Its length is a power of two.
    slots: Box<[u16]>,
    /// Shifts a 64-bit hash down to an index into `slots`.
    shift: u32,
}

/// A name found in a [`NameTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct KnownName {
    /// Position of the name in the table, below [`SeenNames::CAPACITY`].
    pub(crate) slot: usize,
    /// The name as a literal.
    pub(crate) name: &'static str,
    /// Index of the group the name was given in.
    pub(crate) group: u8,
}

/// The length of a name and two words that hold all its bytes when it has at most 16.
#[derive(Clone, Copy, PartialEq, Eq)]
struct NameKey {
    len: usize,
    first: u64,
    last: u64,
}

impl NameKey {
    #[inline]
    fn of(name: &[u8]) -> NameKey {
        let len = name.len();
        let (first, last) = match len {
            // `first_chunk` and `last_chunk` read the words without a bounds check per slice.
            8.. => (
                name.first_chunk::<8>().map_or(0, |word| u64::from_le_bytes(*word)),
                name.last_chunk::<8>().map_or(0, |word| u64::from_le_bytes(*word)),
            ),
            // The two halves overlap or touch, so together they hold every byte.
            4..=7 => (
                name.first_chunk::<4>().map_or(0, |half| u64::from(u32::from_le_bytes(*half)))
                    | name.last_chunk::<4>().map_or(0, |half| u64::from(u32::from_le_bytes(*half))) << 32,
                0,
            ),
            1..=3 => (
                u64::from(name[0]) | u64::from(name[len / 2]) << 8 | u64::from(name[len - 1]) << 16,
                0,
            ),
            0 => (0, 0),
        };
        NameKey { len, first, last }
    }

    #[inline]
    fn hash(&self) -> u64 {
        // Constants from the fractional parts of the golden ratio and of sqrt(3), odd.
        let mixed = (self.first ^ (self.len as u64).rotate_left(56)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            ^ self.last.wrapping_mul(0xbb67_ae85_84ca_a73b);
        mixed ^ (mixed >> 29)
    }
}

impl NameTable {
    /// Builds the table from groups of names; a name given twice keeps its first group.
    ///
    /// # Panics
    /// Panics when the groups hold more than [`SeenNames::CAPACITY`] names or more than 256
    /// groups, which is a mistake in the parser's constant tables.
    pub(crate) fn new(groups: &[&[&'static str]]) -> Self {
        let count: usize = groups.iter().map(|members| members.len()).sum();
        assert!(
            count <= SeenNames::CAPACITY,
            "a name table holds at most {} names",
            SeenNames::CAPACITY
        );
        assert!(groups.len() <= 256, "a name table has at most 256 groups");
        let size = (count * 4).next_power_of_two().max(16);
        let mut table = NameTable {
            names: Vec::with_capacity(count),
            slots: vec![0; size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
        };
        for (group, members) in groups.iter().enumerate() {
            for &name in *members {
                if let Err(slot) = table.probe(name.as_bytes()) {
                    let key = NameKey::of(name.as_bytes());
                    // The assertions above keep the group below 256 and the count below 513.
                    table.names.push((name, group as u8, key));
                    table.slots[slot] = table.names.len() as u16;
                }
            }
        }
        table
    }

    /// Builds the table of a fixed column layout followed by `extra` names, where every name
    /// keeps its position as its slot. An empty name, or one given before, takes up its
    /// position but is never found. Names past [`SeenNames::CAPACITY`] are left out, so a map
    /// finds them by a search, as it finds names outside the table.
    pub(crate) fn of_columns(columns: &[&'static str], extra: &[&'static str]) -> Self {
        let count = (columns.len() + extra.len()).min(SeenNames::CAPACITY);
        let size = (count * 4).next_power_of_two().max(16);
        let mut table = NameTable {
            names: Vec::with_capacity(count),
            slots: vec![0; size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
        };
        for &name in columns.iter().chain(extra).take(count) {
            let key = NameKey::of(name.as_bytes());
            let probe = if name.is_empty() { Ok(0) } else { table.probe(name.as_bytes()) };
            // A name given before keeps an empty name in its slot, so that no [`Column`] of
            // another layout with that name in that slot reads it.
            table.names.push((if probe.is_ok() { "" } else { name }, 0, key));
            if let Err(slot) = probe {
                // `count` is at most 512, so the position fits a u16.
                table.slots[slot] = table.names.len() as u16;
            }
        }
        table
    }

    /// Returns the number of slots, which is the number of names for a table built by
    /// [`NameTable::new`].
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    /// Returns the position of `name` in `names`, or the empty slot where it would go.
    #[inline(always)]
    fn probe(&self, name: &[u8]) -> Result<usize, usize> {
        let key = NameKey::of(name);
        let mask = self.slots.len() - 1;
        let mut slot = (key.hash() >> self.shift) as usize;
        loop {
            let Some(position) = usize::from(self.slots[slot]).checked_sub(1) else {
                return Err(slot);
            };
            let (known, _, known_key) = &self.names[position];
            if *known_key == key && (key.len <= 16 || known.as_bytes() == name) {
                return Ok(position);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Returns the entry of `name`, or `None` when the table does not have it.
    #[inline(always)]
    pub(crate) fn find(&self, name: &str) -> Option<KnownName> {
        let slot = self.probe(name.as_bytes()).ok()?;
        let (name, group, _) = self.names[slot];
        Some(KnownName { slot, name, group })
    }
}

/// The slots of a [`NameTable`] that one event has used so far.
#[derive(Default)]
pub(crate) struct SeenNames([u64; SeenNames::CAPACITY / 64]);

impl SeenNames {
    /// The number of names a [`NameTable`] may hold.
    pub(crate) const CAPACITY: usize = 512;

    /// Marks `slot` and returns true when it was not marked before.
    pub(crate) fn insert(&mut self, slot: usize) -> bool {
        let (word, bit) = (slot / 64, 1u64 << (slot % 64));
        let new = self.0[word] & bit == 0;
        self.0[word] |= bit;
        new
    }

    /// Adds a field read from the input to `fields`: a name of `table` without looking it up
    /// in the map, other names with a lookup. A repeated name replaces the earlier value in its
    /// place, as [`FieldMap::insert`] does. `value` turns the text into a value given the
    /// group of the name, or `None` for a name outside the table.
    #[inline(always)]
    pub(crate) fn put<'t, V: Into<FieldValue<'t>>>(
        &mut self,
        fields: &mut FieldMap,
        table: &NameTable,
        name: &str,
        value: impl FnOnce(Option<u8>) -> V,
    ) {
        match table.find(name) {
            Some(known) if self.insert(known.slot) => {
                fields.insert_new_known(table, known.slot, known.name, value(Some(known.group)).into())
            }
            Some(known) => fields.put_field(known.name, value(Some(known.group)).into(), false),
            None => put_unknown(fields, name, |group| value(group).into(), false),
        }
    }

    /// Adds a field read from the input as [`SeenNames::put`] does, except that the first
    /// value of a repeated name stays.
    #[inline(always)]
    pub(crate) fn put_first<'t, V: Into<FieldValue<'t>>>(
        &mut self,
        fields: &mut FieldMap,
        table: &NameTable,
        name: &str,
        value: impl FnOnce(Option<u8>) -> V,
    ) {
        match table.find(name) {
            Some(known) if self.insert(known.slot) => {
                fields.insert_new_known(table, known.slot, known.name, value(Some(known.group)).into())
            }
            Some(_) => {}
            None => put_unknown(fields, name, |group| value(group).into(), true),
        }
    }
}

/// Adds a field whose name is outside the parser's [`NameTable`], with a lookup in the map. A
/// repeated name keeps its first value when `keep_first` is true, else takes the new one.
#[cold]
#[inline(never)]
fn put_unknown<'t>(fields: &mut FieldMap, name: &str, value: impl FnOnce(Option<u8>) -> FieldValue<'t>, keep_first: bool) {
    if keep_first && fields.contains_key(name) {
        return;
    }
    fields.put_field(name.to_string(), value(None), false);
}

/// Iterator over the fields of a [`FieldMap`], as `(name, value)`.
#[derive(Clone)]
pub struct Iter<'a> {
    map: &'a FieldMap,
    positions: std::ops::Range<usize>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        let position = self.positions.next()?;
        Some((self.map.entries[position].0.as_ref(), self.map.value_at(position)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.positions.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let position = self.positions.next_back()?;
        Some((self.map.entries[position].0.as_ref(), self.map.value_at(position)))
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
    type IntoIter = std::vec::IntoIter<(FieldName, Value)>;

    fn into_iter(mut self) -> Self::IntoIter {
        let values: Vec<Value> = (0..self.entries.len())
            .map(|position| std::mem::take(self.value_at_mut(position)))
            .collect();
        let pairs: Vec<(FieldName, Value)> = self.entries.into_iter().map(|(name, _)| name).zip(values).collect();
        pairs.into_iter()
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
    use std::sync::LazyLock;

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
    fn lookups_agree_across_index_threshold() {
        for count in [1, LINEAR_SEARCH_MAX, LINEAR_SEARCH_MAX + 1, 100] {
            let mut fields = FieldMap::new();
            for n in 0..count {
                fields.insert_new(format!("f{n}"), json!(n));
            }
            // Inserting after the index exists keeps it covering every field.
            assert_eq!(fields.insert("f0", json!("again")), Some(json!(0)), "{count} fields");
            fields.insert("extra", json!(true));
            assert_eq!(fields.get("f0"), Some(&json!("again")));
            assert_eq!(fields.get("extra"), Some(&json!(true)));
            for n in 1..count {
                assert_eq!(fields.get(&format!("f{n}")), Some(&json!(n)), "f{n} of {count}");
            }
            assert_eq!(fields.get("f-missing"), None);
            assert_eq!(fields.len(), count + 1);
            // Removal drops the index; the next lookup finds the moved field.
            assert_eq!(fields.remove("f0"), Some(json!("again")));
            assert_eq!(fields.get("extra"), Some(&json!(true)));
            assert_eq!(fields.keys().next(), Some("extra"));
        }
    }

    #[test]
    fn entry_reads_or_sets_one_field() {
        let mut fields: FieldMap = (0..20).map(|n| (format!("f{n}"), json!(n))).collect();
        match fields.entry("f3") {
            Entry::Occupied(mut entry) => {
                assert_eq!(entry.key(), "f3");
                assert_eq!(entry.insert(json!("three")), json!(3));
            }
            Entry::Vacant(_) => panic!("f3 is in the map"),
        }
        assert_eq!(fields.entry("new").or_insert(json!(1)), &json!(1));
        assert_eq!(fields.entry("new").or_insert_with(|| json!(2)), &json!(1));
        assert_eq!(fields.get("f3"), Some(&json!("three")));
        assert_eq!(fields.keys().last(), Some("new"));
        let copy = fields.clone();
        assert_eq!(copy.get("new"), Some(&json!(1)));
        assert_eq!(copy, fields);
    }

    #[test]
    fn name_table_finds_names_and_their_groups() {
        let table = NameTable::new(&[&["srcip", "dstip", "srcip"], &["srcport", "dstip"]]);
        assert_eq!(
            table.find("srcip"),
            Some(KnownName {
                slot: 0,
                name: "srcip",
                group: 0
            })
        );
        assert_eq!(table.find("dstip").map(|known| known.group), Some(0));
        assert_eq!(
            table.find("srcport"),
            Some(KnownName {
                slot: 2,
                name: "srcport",
                group: 1
            })
        );
        assert_eq!(table.find("srcipx"), None);
        assert_eq!(table.find(""), None);
    }

    #[test]
    fn column_table_keeps_positions_as_slots() {
        let table = NameTable::of_columns(&["", "type", "src", "", "type", "dst"], &["host"]);
        assert_eq!(table.len(), 7);
        let slot = |name| table.find(name).map(|known| known.slot);
        assert_eq!(
            [slot("type"), slot("src"), slot("dst"), slot("host")],
            [Some(1), Some(2), Some(5), Some(6)]
        );
        assert_eq!(slot(""), None);
    }

    static KNOWN: LazyLock<NameTable> = LazyLock::new(|| NameTable::of_columns(&["type", "src", "dst", "port"], &[]));

    /// Returns a map made with [`KNOWN`] that has `type`, `src` and `port` in their slots,
    /// with a copy of `line`.
    fn known_map(line: &str) -> FieldMap {
        let mut fields = FieldMap::with_names(4, line, &KNOWN);
        fields.insert_new_known(&KNOWN, 0, "type", FieldValue::Text(&line[..7]));
        fields.insert_new_known(&KNOWN, 1, "src", FieldValue::Text(&line[8..]));
        fields.insert_new_known(&KNOWN, 3, "port", FieldValue::Value(json!(443)));
        fields
    }

    #[test]
    fn maps_tell_names_outside_the_table() {
        let mut fields = known_map("TRAFFIC 192.0.2.1");
        assert!(fields.has_only_table_names());
        fields.insert("dst", json!("198.51.100.7"));
        assert!(fields.has_only_table_names());
        fields.insert("other", json!(1));
        assert!(!fields.has_only_table_names());
        let mut plain = FieldMap::new();
        plain.insert("type", json!("TRAFFIC"));
        assert!(!plain.has_only_table_names());
    }

    #[test]
    fn known_names_are_found_through_the_table() {
        let line = "TRAFFIC 192.0.2.1";
        let mut fields = known_map(line);
        assert_eq!(fields.get_str("type"), Some("TRAFFIC"));
        assert_eq!(fields.get_str("src"), Some("192.0.2.1"));
        assert_eq!(fields.get_int("port"), Some(443));
        assert_eq!(fields.get("dst"), None);
        assert_eq!(fields.get("other"), None);
        // A name outside the table is found by a search of the map, and one of the table
        // added by name takes its slot.
        fields.insert("other", json!("x"));
        fields.insert("dst", json!("198.51.100.7"));
        assert_eq!(fields.get_str("other"), Some("x"));
        assert_eq!(fields.get_str("dst"), Some("198.51.100.7"));
        assert_eq!(fields.get("missing"), None);
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["type", "src", "port", "other", "dst"]);
        // Replacing a value keeps the position.
        fields.insert("src", json!("203.0.113.9"));
        assert_eq!(fields.get_str("src"), Some("203.0.113.9"));
        assert_eq!(fields.keys().nth(1), Some("src"));
    }

    #[test]
    fn removal_leaves_lookups_right() {
        let mut fields = known_map("TRAFFIC 192.0.2.1");
        assert_eq!(fields.remove("type"), Some(json!("TRAFFIC")));
        // The last field took the removed one's place.
        assert_eq!(fields.get_int("port"), Some(443));
        assert_eq!(fields.get_str("src"), Some("192.0.2.1"));
        assert_eq!(fields.get("type"), None);
        fields.insert_new_known(&KNOWN, 0, "type", FieldValue::Value(json!("THREAT")));
        assert_eq!(fields.get_str("type"), Some("THREAT"));
    }

    #[test]
    fn columns_are_read_by_slot_or_by_name() {
        const COLUMNS: [&str; 4] = ["type", "src", "dst", "port"];
        let (kind, src, dst, port) = (
            Column::of(&COLUMNS, "type"),
            Column::of(&COLUMNS, "src"),
            Column::of(&COLUMNS, "dst"),
            Column::of(&COLUMNS, "port"),
        );

        let line = "TRAFFIC 192.0.2.1";
        let mut fields = known_map(line);
        assert_eq!(fields.column_str(kind), Some("TRAFFIC"));
        assert_eq!(fields.column_str(src), Some("192.0.2.1"));
        assert_eq!(fields.column_int(port), Some(443));
        assert_eq!(fields.column(port), Some(&json!(443)));
        assert_eq!(fields.column(dst), None);
        fields.insert("dst", json!("198.51.100.7"));
        assert_eq!(fields.column_str(dst), Some("198.51.100.7"));

        // A column whose slot contains another name in the map's table is found by its name.
        let shifted = Column::of(&["", "", "", "", "type"], "type");
        assert_eq!(fields.column_str(shifted), Some("TRAFFIC"));

        // The later copy of a name given twice is never read through its slot.
        let table: &'static NameTable = Box::leak(Box::new(NameTable::of_columns(&["type", "type"], &[])));
        let mut twice = FieldMap::with_names(2, "", table);
        twice.insert_new_known(table, 0, "type", FieldValue::Value(json!("first")));
        assert_eq!(twice.column_str(Column::of(&["", "type"], "type")), Some("first"));

        // A map without a table, and one whose index was built, find columns by name.
        let mut plain = FieldMap::new();
        plain.insert("port", json!("8443"));
        assert_eq!(plain.column_int(port), Some(8443));
        assert_eq!(plain.column(src), None);
        for name in ["a", "b", "c", "d", "e", "f", "g", "h", "i"] {
            plain.insert(name, json!(name));
        }
        assert_eq!(plain.get_str("i"), Some("i"));
        assert_eq!(plain.column_int(port), Some(8443));
    }

    #[test]
    fn appended_fields_are_found_by_slot_and_name() {
        let line = "TRAFFIC 192.0.2.1";
        let mut fields = FieldMap::with_names(4, line, &KNOWN);
        let mut appender = fields.known_appender(&KNOWN, 3).expect("a fresh map made with the table");
        assert!(appender.range(0, "type", 0, 7));
        assert!(appender.range(1, "src", 8, line.len()));
        assert!(appender.value(3, "port", json!(443)));
        // A range outside the text and a slot outside the table append nothing.
        assert!(!appender.range(2, "dst", 8, 99));
        assert!(!appender.value(9, "dst", json!(1)));
        assert_eq!(fields.get_str("type"), Some("TRAFFIC"));
        assert_eq!(fields.get("src"), Some(&json!("192.0.2.1")));
        assert_eq!(fields.get_int("port"), Some(443));
        assert_eq!(fields.get("dst"), None);
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["type", "src", "port"]);
        // An unsigned field reads as a number by every accessor, and as a `Value` once made.
        let mut numbers = FieldMap::with_names(4, line, &KNOWN);
        let mut appender = numbers.known_appender(&KNOWN, 1).expect("a fresh map made with the table");
        assert!(appender.unsigned(3, "port", u64::MAX));
        let port = Column::of(&["type", "src", "dst", "port"], "port");
        assert_eq!(numbers.column_number(port), Some(Number::from(u64::MAX)));
        assert_eq!(numbers.get_int("port"), None, "beyond i64");
        assert_eq!(numbers.get_str("port"), None);
        assert_eq!(numbers.get("port"), Some(&json!(u64::MAX)));
        *numbers.get_mut("port").unwrap() = json!(8443);
        assert_eq!(numbers.get_int("port"), Some(8443));
        assert_eq!(serde_json::to_value(&numbers).unwrap(), json!({"port": 8443}));
        // A map of another table, and one with an index, give no appender.
        assert!(FieldMap::with_text(2, line).known_appender(&KNOWN, 1).is_none());
        let mut indexed = FieldMap::with_names(4, line, &KNOWN);
        for name in ["a", "b", "c", "d", "e", "f", "g", "h", "i"] {
            indexed.insert(name, json!(name));
        }
        assert_eq!(indexed.get_str("i"), Some("i"));
        assert!(indexed.known_appender(&KNOWN, 1).is_none());
    }

    #[test]
    fn group_columns_take_table_slots() {
        const NUMBERS: &[&str] = &["port", "count"];
        const TEXTS: &[&str] = &["type", "src"];
        const GROUPS: [&[&str]; 2] = [NUMBERS, TEXTS];
        let table: &'static NameTable = Box::leak(Box::new(NameTable::new(&GROUPS)));
        for name in ["port", "count", "type", "src"] {
            let column = Column::in_groups(&GROUPS, name);
            assert_eq!(table.find(name).map(|known| known.slot), Some(column.slot), "{name}");
        }
        let line = "TRAFFIC";
        let mut fields = FieldMap::with_names(2, line, table);
        fields.insert_new_known(table, 2, "type", FieldValue::Text(line));
        fields.insert_new_known(table, 0, "port", FieldValue::Value(json!(8443)));
        assert_eq!(fields.column_str(Column::in_groups(&GROUPS, "type")), Some("TRAFFIC"));
        assert_eq!(fields.column_int(Column::in_groups(&GROUPS, "port")), Some(8443));
        assert_eq!(fields.column(Column::in_groups(&GROUPS, "src")), None);
        // A name given twice takes its first position, as in the table, and shifts the names
        // after it, so their columns miss their slots and are found by name.
        const REPEATED: [&[&str]; 2] = [TEXTS, &["src", "port"]];
        let repeated: &'static NameTable = Box::leak(Box::new(NameTable::new(&REPEATED)));
        assert_eq!(Column::in_groups(&REPEATED, "src").slot, 1);
        let port = Column::in_groups(&REPEATED, "port");
        assert_eq!((port.slot, repeated.find("port").map(|known| known.slot)), (3, Some(2)));
        let mut shifted = FieldMap::with_names(1, "", repeated);
        shifted.insert_new_known(repeated, 2, "port", FieldValue::Value(json!(443)));
        assert_eq!(shifted.column_int(port), Some(443));
    }

    #[test]
    fn column_tables_past_capacity_leave_names_out() {
        let names: Vec<&'static str> = (0..600).map(|i| &*format!("c{i}").leak()).collect();
        let table: &'static NameTable = Box::leak(Box::new(NameTable::of_columns(&names, &[])));
        assert_eq!(table.len(), SeenNames::CAPACITY);
        assert_eq!(table.find("c511").map(|known| known.slot), Some(511));
        assert_eq!(table.find("c550"), None);
        // A column left out of the table is found by a search of the map.
        let mut fields = FieldMap::with_names(2, "", table);
        fields.insert_new_known(table, 3, "c3", FieldValue::Value(json!(3)));
        fields.insert_new_known(table, 550, "c550", FieldValue::Value(json!(550)));
        assert_eq!(fields.get("c3"), Some(&json!(3)));
        assert_eq!(fields.get("c550"), Some(&json!(550)));
        assert_eq!(fields.get("c4"), None);
    }

    #[test]
    fn maps_past_255_fields_stop_using_the_table() {
        let names: Vec<&'static str> = (0..300).map(|i| &*format!("f{i}").leak()).collect();
        let table: &'static NameTable = Box::leak(Box::new(NameTable::of_columns(&names, &[])));
        let mut fields = FieldMap::with_names(300, "", table);
        for (slot, name) in names.iter().enumerate() {
            fields.insert_new_known(table, slot, name, FieldValue::Value(json!(slot)));
        }
        for (slot, name) in names.iter().enumerate() {
            assert_eq!(fields.get(name), Some(&json!(slot)), "{name}");
        }
        // A table other than the map's records nothing, and the name is still found.
        let mut other = known_map("TRAFFIC 192.0.2.1");
        other.insert_new_known(table, 7, "f7", FieldValue::Value(json!(7)));
        assert_eq!(other.get("f7"), Some(&json!(7)));
    }

    #[test]
    fn name_table_tells_names_of_every_length_apart() {
        // Names of 0 to 40 bytes that differ in one byte at the start, the middle or the end.
        let mut names: Vec<&'static str> = Vec::new();
        for len in 0..=40usize {
            for at in [0, len / 2, len.saturating_sub(1)] {
                let mut bytes = vec![b'a'; len];
                if len > 0 {
                    bytes[at] = b'b';
                }
                names.push(String::from_utf8(bytes).unwrap().leak());
            }
            names.push("a".repeat(len).leak());
        }
        names.sort_unstable();
        names.dedup();
        let table = NameTable::new(&[&names]);
        for (slot, name) in names.iter().enumerate() {
            assert_eq!(table.find(name), Some(KnownName { slot, name, group: 0 }), "{name:?}");
            let other = format!("{name}c");
            if !names.contains(&other.as_str()) {
                assert_eq!(table.find(&other), None, "{other:?}");
            }
        }
        assert_eq!(table.find(&format!("{}c{}", "a".repeat(10), "a".repeat(10))), None);
    }

    #[test]
    fn seen_names_keep_repeats_in_place() {
        let table = NameTable::new(&[&["a", "b"], &["n"]]);
        let mut fields = FieldMap::new();
        let mut seen = SeenNames::default();
        let typed = |text: &'static str| move |group: Option<u8>| if group == Some(1) { json!(text.len()) } else { json!(text) };
        for (name, text) in [("a", "1"), ("n", "22"), ("other", "x"), ("a", "3"), ("other", "y"), ("b", "4")] {
            seen.put(&mut fields, &table, name, typed(text));
        }
        assert_eq!(
            fields.iter().collect::<Vec<_>>(),
            [("a", &json!("3")), ("n", &json!(2)), ("other", &json!("y")), ("b", &json!("4"))]
        );
        assert!(
            matches!(fields.entries[0].0, Cow::Borrowed(_)),
            "a name of the table is stored as the literal"
        );
        assert!(seen.insert(SeenNames::CAPACITY - 1));
        assert!(!seen.insert(SeenNames::CAPACITY - 1));
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

    #[test]
    fn text_fields_read_as_strings() {
        let line = String::from("alpha,beta,gamma");
        let mut fields = FieldMap::with_text(4, &line);
        fields.insert_new_text("a", &line[..5]);
        // Text that is not borrowed from the line is stored as a `String`.
        fields.insert_new_text("b", "other");
        fields.insert_new("n", json!(7));
        fields.insert_text("g", &line[11..]);
        assert!(matches!(fields.entries[0].1, Slot::Text(0, 5)), "a field of the line is a range");
        assert!(matches!(fields.entries[1].1, Slot::Value(_)), "other text is a value");
        assert_eq!(fields.get_str("a"), Some("alpha"));
        assert_eq!(fields.get_str("n"), None);
        assert_eq!(fields.get_str_unindexed("g"), Some("gamma"));
        assert_eq!(fields.get("a"), Some(&json!("alpha")));
        assert_eq!(fields.get("b"), Some(&json!("other")));
        fields.insert_new_text("late", &line[6..10]);
        assert_eq!(fields.get("late"), Some(&json!("beta")), "a field added after a read");
        fields.insert_text("g", &line[6..10]);
        assert_eq!(fields.get("g"), Some(&json!("beta")), "insert_text replaces the value");
        if let Some(value) = fields.get_mut("a") {
            *value = json!("changed");
        }
        assert_eq!(fields.get_str("a"), Some("changed"));
        let copy = fields.clone();
        assert_eq!(copy, fields);
        assert_eq!(fields.remove("g"), Some(json!("beta")));
        assert_eq!(fields.get("late"), Some(&json!("beta")), "the field moved by the removal");
        let expected = json!({ "a": "changed", "b": "other", "n": 7, "late": "beta" });
        assert_eq!(Value::Object(fields.into_json()), expected);
        assert_eq!(Value::Object(copy.to_json())["g"], json!("beta"));
    }

    #[test]
    fn insert_new_builds_no_index() {
        let mut fields = FieldMap::new();
        for n in 0..LINEAR_SEARCH_MAX * 2 {
            fields.insert_new(format!("f{n}"), json!(n));
        }
        assert!(fields.index.get().is_none(), "insert_new built the index");
        assert_eq!(fields.get_unindexed("f12"), Some(&json!(12)));
        assert!(fields.index.get().is_none(), "get_unindexed built the index");
        assert_eq!(fields.get("f12"), Some(&json!(12)));
        assert!(fields.index.get().is_some(), "get on a large map builds the index");
    }

    #[test]
    fn name_table_misses_long_names_sharing_both_words() {
        // 17 to 40 bytes: the first and last eight bytes match a name of the table, so only
        // the bytes between them tell the names apart.
        for len in 17..=40usize {
            let known: &'static str = format!("{}{}{}", "head1234", "m".repeat(len - 16), "tail5678").leak();
            let table = NameTable::new(&[&[known]]);
            let mut other = known.as_bytes().to_vec();
            other[8] = b'n';
            let other = String::from_utf8(other).unwrap();
            assert!(NameKey::of(known.as_bytes()) == NameKey::of(other.as_bytes()), "{len} bytes");
            assert_eq!(table.find(&other), None, "{other:?}");
            assert_eq!(table.find(known).map(|found| found.name), Some(known));
        }
    }

    /// One step of [`field_map_matches_a_vector_of_pairs`].
    #[derive(Clone, Debug)]
    enum Operation {
        Insert(usize, i64),
        InsertNew(usize, i64),
        EntryOrInsert(usize, i64),
        EntrySet(usize, i64),
        GetMut(usize, i64),
        Remove(usize),
        Get(usize),
        GetUnindexed(usize),
        Clone,
    }

    /// Field names of the property test: more than [`LINEAR_SEARCH_MAX`], literals and owned.
    const NAMES: [&str; 24] = [
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
        "g",
        "h",
        "i",
        "j",
        "k",
        "l",
        "srcip",
        "dstip",
        "srcport",
        "dstport",
        "action",
        "policyid",
        "sentbyte",
        "rcvdbyte",
        "a_name_longer_than_sixteen_bytes",
        "a_name_longer_than_sixteen_bytez",
        "",
        "é",
    ];

    fn name(index: usize) -> FieldName {
        // Odd positions are owned strings, as names read from the input are.
        if index % 2 == 0 {
            Cow::Borrowed(NAMES[index])
        } else {
            Cow::Owned(NAMES[index].to_string())
        }
    }

    fn operation() -> impl proptest::strategy::Strategy<Value = Operation> {
        use proptest::prelude::*;
        let name = 0..NAMES.len();
        prop_oneof![
            4 => (name.clone(), any::<i64>()).prop_map(|(n, v)| Operation::Insert(n, v)),
            4 => (name.clone(), any::<i64>()).prop_map(|(n, v)| Operation::InsertNew(n, v)),
            2 => (name.clone(), any::<i64>()).prop_map(|(n, v)| Operation::EntryOrInsert(n, v)),
            2 => (name.clone(), any::<i64>()).prop_map(|(n, v)| Operation::EntrySet(n, v)),
            1 => (name.clone(), any::<i64>()).prop_map(|(n, v)| Operation::GetMut(n, v)),
            1 => name.clone().prop_map(Operation::Remove),
            2 => name.clone().prop_map(Operation::Get),
            2 => name.prop_map(Operation::GetUnindexed),
            1 => Just(Operation::Clone),
        ]
    }

    /// Asserts that the index, when present, contains every entry once under its name's hash.
    fn assert_index_covers_entries(fields: &FieldMap) {
        let Some(index) = fields.index.get() else { return };
        assert_eq!(index.len, fields.entries.len(), "index size");
        let occupied = index.slots.iter().filter(|slot| **slot != 0).count();
        assert_eq!(occupied, fields.entries.len(), "occupied slots");
        assert!(2 * index.len <= index.slots.len(), "index more than half full");
        for (position, (name, _)) in fields.entries.iter().enumerate() {
            let found = index.find(index.hash(name), |at| at == position);
            assert_eq!(found, Some(position), "position of {name:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn field_map_matches_a_vector_of_pairs(operations in proptest::collection::vec(operation(), 0..120)) {
            // The reference keeps pairs in order: insert replaces in place or appends, and
            // remove moves the last pair into the gap, as `FieldMap` documents.
            let mut expected: Vec<(String, i64)> = Vec::new();
            let mut fields = FieldMap::new();
            let find = |pairs: &[(String, i64)], n: usize| pairs.iter().position(|(name, _)| name == NAMES[n]);
            for operation in operations {
                match operation {
                    Operation::Insert(n, v) => {
                        let previous = find(&expected, n).map(|at| std::mem::replace(&mut expected[at].1, v));
                        if previous.is_none() {
                            expected.push((NAMES[n].to_string(), v));
                        }
                        assert_eq!(fields.insert(name(n), json!(v)), previous.map(Value::from));
                    }
                    Operation::InsertNew(n, v) => {
                        // The contract allows only names that are not in the map.
                        if find(&expected, n).is_none() {
                            expected.push((NAMES[n].to_string(), v));
                            fields.insert_new(name(n), json!(v));
                        }
                    }
                    Operation::EntryOrInsert(n, v) => {
                        let current = match find(&expected, n) {
                            Some(at) => expected[at].1,
                            None => {
                                expected.push((NAMES[n].to_string(), v));
                                v
                            }
                        };
                        assert_eq!(fields.entry(name(n)).or_insert(json!(v)), &json!(current));
                    }
                    Operation::EntrySet(n, v) => {
                        let previous = find(&expected, n).map(|at| std::mem::replace(&mut expected[at].1, v));
                        if previous.is_none() {
                            expected.push((NAMES[n].to_string(), v));
                        }
                        match fields.entry(name(n)) {
                            Entry::Occupied(mut entry) => {
                                assert_eq!(entry.key(), NAMES[n]);
                                assert_eq!(Some(entry.insert(json!(v))), previous.map(Value::from));
                            }
                            Entry::Vacant(entry) => {
                                assert_eq!(entry.key(), NAMES[n]);
                                assert_eq!(previous, None, "{} is in the map", NAMES[n]);
                                assert_eq!(entry.insert(json!(v)), &json!(v));
                            }
                        }
                    }
                    Operation::GetMut(n, v) => {
                        let at = find(&expected, n);
                        if let Some(at) = at {
                            expected[at].1 = v;
                        }
                        match fields.get_mut(NAMES[n]) {
                            Some(value) => *value = json!(v),
                            None => assert_eq!(at, None, "get_mut missed {}", NAMES[n]),
                        }
                    }
                    Operation::Remove(n) => {
                        let removed = find(&expected, n).map(|at| expected.swap_remove(at).1);
                        assert_eq!(fields.remove(NAMES[n]), removed.map(Value::from));
                    }
                    Operation::Get(n) => {
                        let value = find(&expected, n).map(|at| json!(expected[at].1));
                        assert_eq!(fields.get(NAMES[n]), value.as_ref());
                        assert_eq!(fields.contains_key(NAMES[n]), value.is_some());
                    }
                    Operation::GetUnindexed(n) => {
                        let value = find(&expected, n).map(|at| json!(expected[at].1));
                        assert_eq!(fields.get_unindexed(NAMES[n]), value.as_ref());
                    }
                    Operation::Clone => {
                        let copy = fields.clone();
                        assert_index_covers_entries(&copy);
                        assert_eq!(&copy, &fields);
                        fields = copy;
                    }
                }
                assert_index_covers_entries(&fields);
                assert_eq!(fields.len(), expected.len());
                let pairs: Vec<(&str, Value)> = fields.iter().map(|(name, value)| (name, value.clone())).collect();
                let expected_pairs: Vec<(&str, Value)> = expected.iter().map(|(name, v)| (name.as_str(), json!(v))).collect();
                assert_eq!(pairs, expected_pairs);
                // Looks up every name in a copy, so that the lookups leave the map's own index
                // state as the operations made it.
                let copy = fields.clone();
                for (n, known) in NAMES.iter().enumerate() {
                    let value = find(&expected, n).map(|at| json!(expected[at].1));
                    assert_eq!(copy.get(known), value.as_ref(), "{known:?}");
                }
                assert_index_covers_entries(&copy);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn seen_names_put_matches_insert(
            picks in proptest::collection::vec((0..NAMES.len(), proptest::prelude::any::<i64>(), proptest::prelude::any::<bool>()), 0..80)
        ) {
            // The table contains the even-numbered names, so the others take the lookup path.
            let known: Vec<&'static str> = NAMES.iter().copied().step_by(2).collect();
            let table = NameTable::new(&[&known]);
            let mut seen = SeenNames::default();
            let mut fields = FieldMap::new();
            let mut expected = FieldMap::new();
            for (n, v, look_up) in picks {
                seen.put(&mut fields, &table, NAMES[n], |group| json!([group, v]));
                let group = (n % 2 == 0).then_some(0u8);
                expected.insert(NAMES[n].to_string(), json!([group, v]));
                if look_up {
                    // A lookup may build the index between two calls of `put`.
                    assert_eq!(fields.get(NAMES[n]), expected.get(NAMES[n]));
                }
                assert_index_covers_entries(&fields);
            }
            let pairs: Vec<(&str, &Value)> = fields.iter().collect();
            let expected_pairs: Vec<(&str, &Value)> = expected.iter().collect();
            assert_eq!(pairs, expected_pairs);
        }
    }
}
