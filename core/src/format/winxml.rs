//! Windows Event XML, as `wevtutil qe /f:xml`, Windows Event Forwarding and the
//! `EvtRender` API render one event:
//! `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>...</System>
//! <EventData><Data Name='...'>...</Data></EventData></Event>`.
//!
//! The writer emits the single-line form that Windows Event Forwarding delivers, with single
//! quotes around attribute values. It escapes `& < > " '` in text and attributes and writes
//! control characters (CR, LF, tab) as character references such as `&#xD;`, so one event is
//! always one line.
//!
//! The reader is a small non-validating XML parser, enough for event XML: elements, both
//! quote styles, the five predefined entities, decimal and hexadecimal character references,
//! CDATA sections, comments, processing instructions and whitespace between elements. It reads
//! the `System` fields, the `EventData` `Data` name/value pairs, `UserData` and
//! `RenderingInfo`. Malformed input returns a [`ParseError`] with the byte offset and reason;
//! no input makes it panic, and nesting deeper than [`MAX_DEPTH`] is rejected instead of
//! recursing.
//!
//! NOTE: a bare `&` that does not start a reference (as in `a&b=c` inside a URL) is kept as
//! text instead of being rejected, because hand-edited and agent-converted event XML often
//! contains one.

use std::cell::RefCell;

use crate::error::ParseError;
use crate::format::{write_escaped_ascii, AsciiSet, EscapeScan};

/// The namespace of the `<Event>` element.
pub const EVENT_NAMESPACE: &str = "http://schemas.microsoft.com/win/2004/08/events/event";

/// Maximum element nesting the reader accepts; event XML uses five levels at most.
pub const MAX_DEPTH: usize = 64;

/// One XML element with its attributes, child elements and text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// The element name without its namespace prefix.
    pub name: String,
    /// Attributes in document order, names without namespace prefix, values decoded.
    pub attributes: Vec<(String, String)>,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// Character data directly inside the element, decoded; whitespace between child
    /// elements is included.
    pub text: String,
}

impl Element {
    /// Returns the value of attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// Returns the first child element called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }
}

/// A Windows event read from XML.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WinEvent {
    /// `System` fields: an element's text under its name (`EventID`, `Channel`) and an
    /// attribute under `element.attribute` (`Provider.Name`, `TimeCreated.SystemTime`,
    /// `Execution.ProcessID`).
    pub system: Vec<(String, String)>,
    /// `EventData` values: `<Data Name='X'>` under `X`, unnamed `<Data>` under `param1`,
    /// `param2`, ... (the names Winlogbeat gives them), and `<Binary>` under `Binary`.
    pub event_data: Vec<(String, String)>,
    /// The `UserData` payload, for events such as 1102 that use it instead of `EventData`.
    pub user_data: Option<UserData>,
    /// `RenderingInfo` fields (`Message`, `Level`, `Task`, `Keywords`, ...) when the event
    /// was rendered with its message, as Windows Event Forwarding does in `RenderedText` mode.
    pub rendering_info: Vec<(String, String)>,
}

/// The payload of a `UserData` element.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserData {
    /// Name of the provider-defined element, such as `LogFileCleared`.
    pub name: String,
    /// Its `xmlns` attribute, when present.
    pub namespace: Option<String>,
    /// Leaf elements under their names; nested elements are joined with dots.
    pub fields: Vec<(String, String)>,
}

impl WinEvent {
    /// Returns the `System` value called `name`.
    pub fn system(&self, name: &str) -> Option<&str> {
        find(&self.system, name)
    }

    /// Returns the `EventData` value called `name`.
    pub fn data(&self, name: &str) -> Option<&str> {
        find(&self.event_data, name)
    }
}

fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

// ---------------------------------------------------------------------------------------------
// Writer

/// Appends `text` with `& < > " '` escaped as entities and control characters as character
/// references (`&#xD;` for CR), so the result fits in element text and in attribute values
/// of either quote style.
pub fn escape_into(out: &mut String, text: &str) {
    if needs_escape(text) {
        escape_special_into(out, text);
    } else {
        out.push_str(text);
    }
}

/// Appends `text` as [`escape_into`] does when `needs_escape` is true, and copies it unchanged
/// otherwise. `needs_escape` must be true when `text` contains a byte of [`SPECIAL`], as the
/// [`field_scan`] of an event reports; true for a text without one only costs time.
fn escape_checked_into(out: &mut String, text: &str, needs_escape: bool) {
    if needs_escape {
        escape_special_into(out, text);
    } else {
        out.push_str(text);
    }
}

/// Appends `text`, which contains at least one byte of [`SPECIAL`], escaped. It is kept out
/// of line so that [`escape_into`], which runs for every value, stays small enough to inline.
///
/// Long texts with escapes are mostly the same few constants, such as the privilege lists of
/// Windows events with CR LF and tabs between the names. Their escaped forms are kept in a
/// memo keyed by the text itself, because a compare costs a fraction of escaping again.
#[cold]
fn escape_special_into(out: &mut String, text: &str) {
    if text.len() < MEMO_MIN_LEN {
        escape_uncached_into(out, text);
        return;
    }
    ESCAPED.with_borrow_mut(|memo| {
        if let Some((_, escaped)) = memo.entries.iter().find(|(source, _)| source == text) {
            out.push_str(escaped);
            return;
        }
        let start = out.len();
        escape_uncached_into(out, text);
        let slot = memo.next % MEMO_ENTRIES;
        memo.next = memo.next.wrapping_add(1);
        let entry = (text.to_owned(), out[start..].to_owned());
        match memo.entries.get_mut(slot) {
            Some(old) => *old = entry,
            None => memo.entries.push(entry),
        }
    });
}

/// The shortest text whose escaped form [`escape_special_into`] keeps in its memo.
const MEMO_MIN_LEN: usize = 64;
/// The number of texts the memo of [`escape_special_into`] keeps.
const MEMO_ENTRIES: usize = 4;

/// Texts and their escaped forms, replaced in turn when the memo is full.
struct EscapeMemo {
    entries: Vec<(String, String)>,
    next: usize,
}

thread_local! {
    // The memo maps each text to its escaped form only, so no output depends on which texts
    // an earlier event escaped.
    static ESCAPED: RefCell<EscapeMemo> = const { RefCell::new(EscapeMemo { entries: Vec::new(), next: 0 }) };
}

/// The character references of the control characters, `&#x` and the upper-case hexadecimal
/// code without leading zeros.
const CONTROL_REFERENCES: [&str; 32] = [
    "&#x0;", "&#x1;", "&#x2;", "&#x3;", "&#x4;", "&#x5;", "&#x6;", "&#x7;", "&#x8;", "&#x9;", "&#xA;", "&#xB;", "&#xC;", "&#xD;", "&#xE;",
    "&#xF;", "&#x10;", "&#x11;", "&#x12;", "&#x13;", "&#x14;", "&#x15;", "&#x16;", "&#x17;", "&#x18;", "&#x19;", "&#x1A;", "&#x1B;",
    "&#x1C;", "&#x1D;", "&#x1E;", "&#x1F;",
];

/// Appends `text` escaped as [`escape_into`] does, without the memo.
fn escape_uncached_into(out: &mut String, text: &str) {
    write_escaped_ascii(out, text, &SPECIAL, |out, byte| match byte {
        b'&' => out.push_str("&amp;"),
        b'<' => out.push_str("&lt;"),
        b'>' => out.push_str("&gt;"),
        b'"' => out.push_str("&quot;"),
        b'\'' => out.push_str("&apos;"),
        control => out.push_str(CONTROL_REFERENCES.get(usize::from(control)).copied().unwrap_or_default()),
    });
}

/// The bytes that [`escape_into`] replaces.
const SPECIAL: AsciiSet = AsciiSet::of(b"&<>\"'").with_range(0, 0x1f);

/// Returns true for a byte of [`SPECIAL`] and for `=`. The comparisons are joined with `|` so
/// that blocks of bytes are compared at once. Two range tests cover `& '` and `< = >`, because
/// five equality tests compile to several times more instructions per block.
fn is_special_or_equals(byte: u8) -> bool {
    (byte < 0x20) | (byte == b'"') | (byte.wrapping_sub(b'&') < 2) | (byte.wrapping_sub(b'<') < 3)
}

/// Starts a scan of `text`, the text buffer of the [`Fields`](crate::fields::Fields) that one
/// event is written from, for the values that [`escape_into`] may change. One scan of the
/// buffer costs less than a check of each short value. The scan also reports values with `=`,
/// which the escaping copies as they are.
pub(crate) fn field_scan(text: &str) -> EscapeScan<'_, impl Fn(u8) -> bool> {
    EscapeScan::new(text, is_special_or_equals)
}

/// Returns true when `text` contains a byte of [`SPECIAL`]. This check runs on every value of every
/// event, so it tests eight bytes at a time in a `u64` and looks up only the last few bytes
/// in the table.
fn needs_escape(text: &str) -> bool {
    let mut words = text.as_bytes().chunks_exact(8);
    let found = words.by_ref().any(|chunk| {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        word_needs_escape(u64::from_le_bytes(word))
    });
    found || words.remainder().iter().any(|&byte| SPECIAL.contains(byte))
}

/// Returns true when one of the eight bytes of `word` is in [`SPECIAL`]: below 0x20, or one of
/// `& < > " '`.
fn word_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    // The classic test for a byte below `n` (n at most 0x80): it is nonzero exactly when
    // some byte of `x` is below `n`.
    let has_byte_below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH_BITS;
    let has_byte = |byte: u8| has_byte_below(word ^ (ONES * u64::from(byte)), 1);
    (has_byte_below(word, 0x20) | has_byte(b'&') | has_byte(b'<') | has_byte(b'>') | has_byte(b'"') | has_byte(b'\'')) != 0
}

/// Appends `<name>text</name>`.
pub fn write_element(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    escape_into(out, text);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Appends an empty element with attributes, `<name a='1' b='2'/>`.
pub fn write_empty(out: &mut String, name: &str, attributes: &[(&str, &str)]) {
    out.push('<');
    out.push_str(name);
    for (key, value) in attributes {
        out.push(' ');
        out.push_str(key);
        out.push_str("='");
        escape_into(out, value);
        out.push('\'');
    }
    out.push_str("/>");
}

/// Appends one `EventData` item, `<Data Name='name'>value</Data>`; an empty value is
/// written as `<Data Name='name'/>`, as Windows renders a null value.
pub fn write_data(out: &mut String, name: &str, value: &str) {
    out.push_str("<Data Name='");
    escape_into(out, name);
    write_data_value(out, value, needs_escape(value));
}

/// Appends one `EventData` item as [`write_data`] does, but copies `name` without escaping
/// it, which saves a check per item. The caller guarantees that `name` contains none of
/// `& < > " '` and no control character, as the fixed `Data` names of the event schemas do.
pub fn write_data_with_plain_name(out: &mut String, name: &str, value: &str) {
    write_data_scanned(out, name, value, needs_escape(value));
}

/// Appends one `EventData` item as [`write_data_with_plain_name`] does, with `value_needs_escape`
/// telling whether `value` may contain a byte to escape, as the [`field_scan`] of the event
/// returns. It must be true when `value` contains one.
pub(crate) fn write_data_scanned(out: &mut String, name: &str, value: &str, value_needs_escape: bool) {
    debug_assert!(!needs_escape(name), "Data name {name:?} needs escaping");
    debug_assert!(value_needs_escape || !needs_escape(value), "escape check of {value:?}");
    out.push_str("<Data Name='");
    out.push_str(name);
    write_data_value(out, value, value_needs_escape);
}

/// The start of an `EventData` payload whose items [`write_data_chained`] appends.
pub(crate) const EVENT_DATA_START: &str = "<EventData><Data Name='";

/// Appends the rest of one `EventData` item as [`write_data_scanned`] does, after a start that
/// ends with `<Data Name='`, and then the start of the next item. Joining the end tag of one
/// item with the start tag of the next saves one append per item.
/// [`end_event_data_chained`] replaces the last start with the end of the payload.
#[inline(always)]
pub(crate) fn write_data_chained(out: &mut String, name: &str, value: &str, value_needs_escape: bool) {
    debug_assert!(!needs_escape(name), "Data name {name:?} needs escaping");
    debug_assert!(value_needs_escape || !needs_escape(value), "escape check of {value:?}");
    out.push_str(name);
    if value.is_empty() {
        out.push_str("'/><Data Name='");
        return;
    }
    out.push_str("'>");
    escape_checked_into(out, value, value_needs_escape);
    out.push_str("</Data><Data Name='");
}

/// Replaces the start of an item that [`EVENT_DATA_START`] or [`write_data_chained`] appended
/// last with `</EventData>`.
pub(crate) fn end_event_data_chained(out: &mut String) {
    out.truncate(out.len().saturating_sub("<Data Name='".len()));
    out.push_str("</EventData>");
}

/// Appends the end of the `Data` start tag, the value and the end tag.
fn write_data_value(out: &mut String, value: &str, value_needs_escape: bool) {
    if value.is_empty() {
        out.push_str("'/>");
        return;
    }
    out.push_str("'>");
    escape_checked_into(out, value, value_needs_escape);
    out.push_str("</Data>");
}

/// The `System` block of one event; optional parts are omitted when `None`.
#[derive(Clone, Copy, Debug, Default)]
pub struct System<'a> {
    /// `Provider Name`.
    pub provider_name: &'a str,
    /// `Provider Guid`, with braces.
    pub provider_guid: Option<&'a str>,
    /// `EventID`.
    pub event_id: &'a str,
    /// `Version`.
    pub version: &'a str,
    /// `Level`.
    pub level: &'a str,
    /// `Task`.
    pub task: &'a str,
    /// `Opcode`.
    pub opcode: &'a str,
    /// `Keywords`, such as `0x8020000000000000`.
    pub keywords: &'a str,
    /// `TimeCreated SystemTime`.
    pub time_created: &'a str,
    /// `EventRecordID`.
    pub event_record_id: &'a str,
    /// `Correlation ActivityID`; `None` writes `<Correlation/>`.
    pub activity_id: Option<&'a str>,
    /// `Execution ProcessID`.
    pub process_id: &'a str,
    /// `Execution ThreadID`.
    pub thread_id: &'a str,
    /// `Channel`.
    pub channel: &'a str,
    /// `Computer`.
    pub computer: &'a str,
    /// `Security UserID`; `None` writes `<Security/>`.
    pub user_id: Option<&'a str>,
}

/// Appends `<Event xmlns='...'><System>...</System>`; the caller appends the payload and
/// then calls [`write_event_end`].
pub fn write_event_start(out: &mut String, system: &System<'_>) {
    write_event_start_scanned(out, system, &mut needs_escape);
}

/// Appends the start of the event as [`write_event_start`] does, with `needs_escape` returning
/// whether a value may contain a byte to escape, as the one of a [`field_scan`] does. It must
/// return true for a value that contains one, and it is asked about the values in the order of
/// the fields of [`System`].
pub(crate) fn write_event_start_scanned(out: &mut String, system: &System<'_>, needs_escape: &mut impl FnMut(&str) -> bool) {
    let mut escape = |out: &mut String, text: &str| escape_checked_into(out, text, needs_escape(text));
    // The markup between two values is one constant string instead of calls to the element
    // writers above, because this block is written for every event and the per-call costs
    // add up to more than the text itself.
    out.push_str("<Event xmlns='");
    out.push_str(EVENT_NAMESPACE);
    out.push_str("'><System><Provider Name='");
    escape(out, system.provider_name);
    if let Some(guid) = system.provider_guid {
        out.push_str("' Guid='");
        escape(out, guid);
    }
    out.push_str("'/><EventID>");
    escape(out, system.event_id);
    out.push_str("</EventID><Version>");
    escape(out, system.version);
    out.push_str("</Version><Level>");
    escape(out, system.level);
    out.push_str("</Level><Task>");
    escape(out, system.task);
    out.push_str("</Task><Opcode>");
    escape(out, system.opcode);
    out.push_str("</Opcode><Keywords>");
    escape(out, system.keywords);
    out.push_str("</Keywords><TimeCreated SystemTime='");
    escape(out, system.time_created);
    out.push_str("'/><EventRecordID>");
    escape(out, system.event_record_id);
    out.push_str("</EventRecordID>");
    match system.activity_id {
        Some(activity) => {
            out.push_str("<Correlation ActivityID='");
            escape(out, activity);
            out.push_str("'/>");
        }
        None => out.push_str("<Correlation/>"),
    }
    out.push_str("<Execution ProcessID='");
    escape(out, system.process_id);
    out.push_str("' ThreadID='");
    escape(out, system.thread_id);
    out.push_str("'/><Channel>");
    escape(out, system.channel);
    out.push_str("</Channel><Computer>");
    escape(out, system.computer);
    out.push_str("</Computer>");
    match system.user_id {
        Some(user) => {
            out.push_str("<Security UserID='");
            escape(out, user);
            out.push_str("'/>");
        }
        None => out.push_str("<Security/>"),
    }
    out.push_str("</System>");
}

/// Appends `</Event>`.
pub fn write_event_end(out: &mut String) {
    out.push_str("</Event>");
}

// ---------------------------------------------------------------------------------------------
// Reader

/// Reads one Windows event: an `<Event>` root element, optionally preceded by an XML
/// declaration, comments or whitespace.
///
/// # Errors
/// Returns a [`ParseError`] with the byte offset and reason for malformed XML, for a root
/// element other than `Event`, and for an event without a `System` element.
///
/// # Examples
/// ```
/// use siemulator::format::winxml;
/// let xml = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>\
///     <Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4634</EventID></System>\
///     <EventData><Data Name='TargetUserName'>O&apos;Brien</Data></EventData></Event>";
/// let event = winxml::parse_event(xml).unwrap();
/// assert_eq!(event.system("EventID"), Some("4634"));
/// assert_eq!(event.system("Provider.Name"), Some("Microsoft-Windows-Security-Auditing"));
/// assert_eq!(event.data("TargetUserName"), Some("O'Brien"));
/// ```
pub fn parse_event(text: &str) -> Result<WinEvent, ParseError> {
    let root = parse_element(text)?;
    if root.name != "Event" {
        return Err(ParseError::new(
            0,
            format!("expected an <Event> root element, found <{}>", root.name),
        ));
    }
    let system = root
        .child("System")
        .ok_or_else(|| ParseError::new(0, "the <Event> element has no <System> element"))?;

    let mut event = WinEvent::default();
    for element in &system.children {
        if element.children.is_empty() && !element.text.trim().is_empty() {
            event.system.push((element.name.clone(), element.text.trim().to_string()));
        }
        for (key, value) in &element.attributes {
            if key != "xmlns" {
                event.system.push((format!("{}.{key}", element.name), value.clone()));
            }
        }
    }
    if let Some(data) = root.child("EventData") {
        read_event_data(data, &mut event.event_data);
    }
    if let Some(user_data) = root.child("UserData") {
        if let Some(payload) = user_data.children.first() {
            let mut fields = Vec::new();
            flatten_leaves(payload, "", &mut fields);
            event.user_data = Some(UserData {
                name: payload.name.clone(),
                namespace: payload.attribute("xmlns").map(str::to_string),
                fields,
            });
        }
    }
    if let Some(rendering) = root.child("RenderingInfo") {
        for element in &rendering.children {
            let value = if element.children.is_empty() {
                element.text.clone()
            } else {
                let texts: Vec<&str> = element.children.iter().map(|child| child.text.as_str()).collect();
                texts.join(", ")
            };
            event.rendering_info.push((element.name.clone(), value));
        }
    }
    Ok(event)
}

fn read_event_data(data: &Element, out: &mut Vec<(String, String)>) {
    let mut unnamed = 0;
    for item in &data.children {
        match (item.name.as_str(), item.attribute("Name")) {
            ("Data", Some(name)) => out.push((name.to_string(), item.text.clone())),
            ("Data", None) => {
                unnamed += 1;
                out.push((format!("param{unnamed}"), item.text.clone()));
            }
            (other, _) => out.push((other.to_string(), item.text.clone())),
        }
    }
}

fn flatten_leaves(element: &Element, prefix: &str, out: &mut Vec<(String, String)>) {
    for child in &element.children {
        let name = if prefix.is_empty() {
            child.name.clone()
        } else {
            format!("{prefix}.{}", child.name)
        };
        if child.children.is_empty() {
            out.push((name, child.text.clone()));
        } else {
            flatten_leaves(child, &name, out);
        }
    }
}

/// Reads the root element of an XML document, skipping an XML declaration, comments and
/// whitespace around it.
///
/// # Errors
/// Returns a [`ParseError`] with the byte offset and reason for malformed XML, a document
/// type declaration, nesting deeper than [`MAX_DEPTH`], or text after the root element.
pub fn parse_element(text: &str) -> Result<Element, ParseError> {
    let mut reader = Reader { text, at: 0 };
    reader.skip_misc()?;
    if reader.at >= text.len() {
        return Err(ParseError::new(reader.at, "expected an XML element, found the end of the input"));
    }
    let root = reader.element()?;
    reader.skip_misc()?;
    if reader.at < text.len() {
        return Err(ParseError::new(reader.at, "unexpected content after the root element"));
    }
    Ok(root)
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

/// Strips a namespace prefix: `e:Event` becomes `Event`.
fn local_name(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

fn is_name_byte(byte: u8) -> bool {
    !matches!(
        byte,
        b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>' | b'<' | b'=' | b'\'' | b'"' | b'&' | b'!' | b'?'
    )
}

impl<'a> Reader<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.at..).unwrap_or("")
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn error(&self, reason: impl Into<String>) -> ParseError {
        ParseError::new(self.at, reason)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.at += 1;
        }
    }

    /// Skips past `terminator`, failing with `what` when it never comes.
    fn skip_past(&mut self, terminator: &str, what: &str) -> Result<(), ParseError> {
        match self.rest().find(terminator) {
            Some(found) => {
                self.at += found + terminator.len();
                Ok(())
            }
            None => Err(self.error(format!("unterminated {what}"))),
        }
    }

    /// Skips whitespace, comments and processing instructions outside the root element.
    fn skip_misc(&mut self) -> Result<(), ParseError> {
        loop {
            self.skip_whitespace();
            let rest = self.rest();
            if rest.starts_with("<?") {
                self.skip_past("?>", "processing instruction")?;
            } else if rest.starts_with("<!--") {
                self.skip_past("-->", "comment")?;
            } else if rest.starts_with("<!") {
                return Err(self.error("document type declarations are not supported"));
            } else {
                return Ok(());
            }
        }
    }

    fn name(&mut self) -> Result<&'a str, ParseError> {
        let start = self.at;
        while self.peek().is_some_and(is_name_byte) {
            self.at += 1;
        }
        if self.at == start {
            return Err(self.error("expected a name"));
        }
        Ok(&self.text[start..self.at])
    }

    /// Reads one element and everything inside it, without recursion.
    fn element(&mut self) -> Result<Element, ParseError> {
        let mut stack: Vec<Element> = Vec::new();
        let mut raw_names: Vec<&'a str> = Vec::new();
        loop {
            // At a start tag.
            if self.peek() != Some(b'<') {
                return Err(self.error("expected '<'"));
            }
            self.at += 1;
            let raw_name = self.name()?;
            let mut element = Element {
                name: local_name(raw_name).to_string(),
                ..Element::default()
            };
            let self_closing = self.attributes(&mut element)?;
            if self_closing {
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            } else {
                if stack.len() >= MAX_DEPTH {
                    return Err(self.error(format!("elements nest deeper than {MAX_DEPTH} levels")));
                }
                stack.push(element);
                raw_names.push(raw_name);
            }

            // Content until the next start tag, or end tags that close elements.
            loop {
                let Some(current) = stack.last_mut() else {
                    return Err(self.error("internal state: no open element"));
                };
                let rest = self.rest();
                if rest.is_empty() {
                    let name = raw_names.last().copied().unwrap_or("");
                    return Err(self.error(format!("input ends inside <{name}>; expected </{name}>")));
                }
                if rest.starts_with("</") {
                    self.at += 2;
                    let name = self.name()?;
                    let expected = raw_names.pop().unwrap_or("");
                    if name != expected {
                        return Err(self.error(format!("end tag </{name}> does not match <{expected}>")));
                    }
                    self.skip_whitespace();
                    if self.peek() != Some(b'>') {
                        return Err(self.error(format!("expected '>' to close </{name}>")));
                    }
                    self.at += 1;
                    let Some(done) = stack.pop() else {
                        return Err(self.error("internal state: no open element"));
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done),
                    }
                } else if rest.starts_with("<!--") {
                    self.skip_past("-->", "comment")?;
                } else if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
                    let end = cdata.find("]]>").ok_or_else(|| self.error("unterminated CDATA section"))?;
                    current.text.push_str(&cdata[..end]);
                    self.at += "<![CDATA[".len() + end + 3;
                } else if rest.starts_with("<?") {
                    self.skip_past("?>", "processing instruction")?;
                } else if rest.starts_with("<!") {
                    return Err(self.error("unexpected markup declaration inside an element"));
                } else if rest.starts_with('<') {
                    break;
                } else {
                    let end = rest.find('<').unwrap_or(rest.len());
                    let start = self.at;
                    decode_into(&rest[..end], start, &mut current.text, false)?;
                    self.at += end;
                }
            }
        }
    }

    /// Reads attributes up to `>` or `/>`; returns true for a self-closing tag.
    fn attributes(&mut self, element: &mut Element) -> Result<bool, ParseError> {
        loop {
            let before = self.at;
            self.skip_whitespace();
            match self.peek() {
                Some(b'>') => {
                    self.at += 1;
                    return Ok(false);
                }
                Some(b'/') => {
                    self.at += 1;
                    if self.peek() != Some(b'>') {
                        return Err(self.error("expected '>' after '/'"));
                    }
                    self.at += 1;
                    return Ok(true);
                }
                None => return Err(self.error(format!("input ends inside the <{}> tag", element.name))),
                Some(_) if self.at == before => {
                    return Err(self.error("expected whitespace before an attribute"));
                }
                Some(_) => {}
            }
            let name = self.name()?;
            self.skip_whitespace();
            if self.peek() != Some(b'=') {
                return Err(self.error(format!("expected '=' after attribute {name}")));
            }
            self.at += 1;
            self.skip_whitespace();
            let quote = match self.peek() {
                Some(quote @ (b'\'' | b'"')) => quote,
                _ => return Err(self.error(format!("expected a quoted value for attribute {name}"))),
            };
            self.at += 1;
            let rest = self.rest();
            let end = rest
                .find(char::from(quote))
                .ok_or_else(|| self.error(format!("unterminated value of attribute {name}")))?;
            let raw = &rest[..end];
            if let Some(lt) = raw.find('<') {
                return Err(ParseError::new(self.at + lt, format!("'<' inside the value of attribute {name}")));
            }
            let mut value = String::with_capacity(raw.len());
            decode_into(raw, self.at, &mut value, true)?;
            self.at += end + 1;
            let key = if name.starts_with("xmlns") { name } else { local_name(name) };
            if element.attributes.iter().any(|(existing, _)| existing == key) {
                return Err(ParseError::new(self.at, format!("duplicate attribute {key}")));
            }
            element.attributes.push((key.to_string(), value));
        }
    }
}

/// Decodes entities and character references of `raw` (found at byte `offset` of the
/// input) into `out`. In attribute values, literal tabs and line breaks become spaces, as
/// XML 1.0 attribute-value normalisation requires.
fn decode_into(raw: &str, offset: usize, out: &mut String, attribute: bool) -> Result<(), ParseError> {
    let mut rest = raw;
    let mut at = offset;
    while let Some(amp) = rest.find('&') {
        push_text(out, &rest[..amp], attribute);
        at += amp;
        rest = &rest[amp..];
        match decode_reference(rest) {
            Reference::Char(ch, len) => {
                out.push(ch);
                rest = &rest[len..];
                at += len;
            }
            Reference::Literal => {
                out.push('&');
                rest = &rest[1..];
                at += 1;
            }
            Reference::Invalid(reason) => return Err(ParseError::new(at, reason)),
        }
    }
    push_text(out, rest, attribute);
    Ok(())
}

fn push_text(out: &mut String, text: &str, attribute: bool) {
    if attribute {
        out.extend(text.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }));
    } else {
        out.push_str(text);
    }
}

enum Reference {
    /// A decoded character and the length of its reference in bytes.
    Char(char, usize),
    /// An `&` that starts no reference and stays as text.
    Literal,
    Invalid(String),
}

/// Decodes the reference at the start of `text`, which begins with `&`.
fn decode_reference(text: &str) -> Reference {
    let body = &text[1..];
    let name_len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#' || *b == b'_')
        .count();
    if body.as_bytes().get(name_len) != Some(&b';') || name_len == 0 {
        return Reference::Literal;
    }
    let name = &body[..name_len];
    let len = name_len + 2;
    let ch = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let Some(number) = name.strip_prefix('#') else {
                return Reference::Invalid(format!("unknown entity &{name};"));
            };
            let parsed = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => number.parse::<u32>(),
            };
            match parsed.ok().and_then(char::from_u32) {
                Some(ch) => ch,
                None => return Reference::Invalid(format!("invalid character reference &{name};")),
            }
        }
    };
    Reference::Char(ch, len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn control_references_match_hex_codes() {
        for control in 0u8..0x20 {
            let mut out = String::new();
            escape_into(&mut out, &char::from(control).to_string());
            assert_eq!(out, format!("&#x{control:X};"));
        }
    }

    #[test]
    fn escape_memo_returns_each_text_escaped() {
        let texts: Vec<String> = (0..7)
            .map(|i| format!("{}\r\n\t<{i}>&'\"{}", "a".repeat(70), "b".repeat(i)))
            .collect();
        for round in 0..3 {
            for text in &texts {
                let mut memoized = String::from("x");
                escape_into(&mut memoized, text);
                let mut direct = String::from("x");
                escape_uncached_into(&mut direct, text);
                assert_eq!(memoized, direct, "round {round}");
            }
        }
    }

    fn sample_system() -> System<'static> {
        System {
            provider_name: "Microsoft-Windows-Security-Auditing",
            provider_guid: Some("{54849625-5478-4994-A5BA-3E3B0328C30D}"),
            event_id: "4624",
            version: "2",
            level: "0",
            task: "12544",
            opcode: "0",
            keywords: "0x8020000000000000",
            time_created: "2026-01-05T09:00:00.123456700Z",
            event_record_id: "1042",
            activity_id: None,
            process_id: "652",
            thread_id: "7012",
            channel: "Security",
            computer: "WS-10001.acme.example",
            user_id: None,
        }
    }

    #[test]
    fn written_event_reads_back() {
        let mut out = String::new();
        write_event_start(&mut out, &sample_system());
        out.push_str("<EventData>");
        write_data(&mut out, "TargetUserName", "o'neil & <co> \"x\"");
        write_data(&mut out, "PrivilegeList", "SeBackupPrivilege\r\n\t\t\tSeDebugPrivilege");
        write_data(&mut out, "Empty", "");
        out.push_str("</EventData>");
        write_event_end(&mut out);
        assert!(!out.contains('\n'), "one event is one line: {out}");
        assert!(out.contains("&#xD;&#xA;&#x9;"));

        let event = parse_event(&out).unwrap();
        assert_eq!(event.system("EventID"), Some("4624"));
        assert_eq!(event.system("TimeCreated.SystemTime"), Some("2026-01-05T09:00:00.123456700Z"));
        assert_eq!(event.system("Execution.ThreadID"), Some("7012"));
        assert_eq!(event.system("Provider.Guid"), Some("{54849625-5478-4994-A5BA-3E3B0328C30D}"));
        assert_eq!(event.data("TargetUserName"), Some("o'neil & <co> \"x\""));
        assert_eq!(event.data("PrivilegeList"), Some("SeBackupPrivilege\r\n\t\t\tSeDebugPrivilege"));
        assert_eq!(event.data("Empty"), Some(""));
    }

    #[test]
    fn event_start_matches_element_writers() {
        let full = System {
            activity_id: Some("{A1B2C3D4-0000-0000-0000-000000000001}"),
            user_id: Some("S-1-5-18"),
            computer: "o'neil & <co>",
            ..sample_system()
        };
        let bare = System {
            provider_guid: None,
            ..sample_system()
        };
        for system in [full, bare] {
            let mut expected = String::from("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>");
            match system.provider_guid {
                Some(guid) => write_empty(&mut expected, "Provider", &[("Name", system.provider_name), ("Guid", guid)]),
                None => write_empty(&mut expected, "Provider", &[("Name", system.provider_name)]),
            }
            write_element(&mut expected, "EventID", system.event_id);
            write_element(&mut expected, "Version", system.version);
            write_element(&mut expected, "Level", system.level);
            write_element(&mut expected, "Task", system.task);
            write_element(&mut expected, "Opcode", system.opcode);
            write_element(&mut expected, "Keywords", system.keywords);
            write_empty(&mut expected, "TimeCreated", &[("SystemTime", system.time_created)]);
            write_element(&mut expected, "EventRecordID", system.event_record_id);
            match system.activity_id {
                Some(activity) => write_empty(&mut expected, "Correlation", &[("ActivityID", activity)]),
                None => write_empty(&mut expected, "Correlation", &[]),
            }
            write_empty(
                &mut expected,
                "Execution",
                &[("ProcessID", system.process_id), ("ThreadID", system.thread_id)],
            );
            write_element(&mut expected, "Channel", system.channel);
            write_element(&mut expected, "Computer", system.computer);
            match system.user_id {
                Some(user) => write_empty(&mut expected, "Security", &[("UserID", user)]),
                None => write_empty(&mut expected, "Security", &[]),
            }
            expected.push_str("</System>");

            let mut out = String::new();
            write_event_start(&mut out, &system);
            assert_eq!(out, expected);
        }
    }

    #[test]
    fn plain_name_data_matches_escaped_name_data() {
        for value in ["", "x", "a & b"] {
            let mut escaped = String::new();
            write_data(&mut escaped, "TargetUserName", value);
            let mut plain = String::new();
            write_data_with_plain_name(&mut plain, "TargetUserName", value);
            assert_eq!(plain, escaped);
        }
    }

    #[test]
    fn scanned_data_matches_checked_data() {
        let mut fields = crate::fields::Fields::new();
        let values = [
            "",
            "plain",
            "a & b",
            "x'y",
            "line\r\nbreak",
            "tab\there",
            "C:\\Windows\\cmd.exe",
            "<tag>",
            "é\"q\"",
            "CN=Lee Kim,DC=corp",
        ];
        for value in values {
            fields.str("Value", value);
        }
        // An overridden value lands at the end of the buffer, after values already checked.
        fields.str("Last", "before");
        fields.set("Last", "late & last");
        let mut scan = field_scan(fields.text());
        for (_, _, value) in fields.iter() {
            let mut scanned = String::new();
            write_data_scanned(&mut scanned, "TargetUserName", value, scan.needs_escape(value));
            let mut checked = String::new();
            write_data(&mut checked, "TargetUserName", value);
            assert_eq!(scanned, checked, "value {value:?}");
        }
        for value in ["outside", "out'side", "CN=Lee Kim,OU=Users"] {
            assert_eq!(
                scan.needs_escape(value),
                needs_escape(value) || value.contains('='),
                "value {value:?}"
            );
        }
        for byte in 0..=u8::MAX {
            assert_eq!(
                is_special_or_equals(byte),
                SPECIAL.contains(byte) || byte == b'=',
                "byte {byte:#04x}"
            );
        }
    }

    #[test]
    fn scanned_system_matches_checked_system() {
        let mut system = sample_system();
        system.computer = "WS-01<&>.corp.example";
        system.activity_id = Some("{A'B}");
        let mut fields = crate::fields::Fields::new();
        for value in [system.provider_name, system.event_id, system.computer] {
            fields.str("System", value);
        }
        let mut scan = field_scan(fields.text());
        let mut scanned = String::new();
        write_event_start_scanned(&mut scanned, &system, &mut |value| scan.needs_escape(value));
        let mut checked = String::new();
        write_event_start(&mut checked, &system);
        assert_eq!(scanned, checked);
        assert!(checked.contains("WS-01&lt;&amp;&gt;.corp.example"));
        assert!(checked.contains("{A&apos;B}"));
    }

    #[test]
    fn pretty_printed_event_with_double_quotes_reads() {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- exported -->
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Service Control Manager" Guid="{555908d1-a6d7-4695-8e1e-26931d2012f4}"
              EventSourceName="Service Control Manager" />
    <EventID Qualifiers="16384">7045</EventID>
    <TimeCreated SystemTime="2026-01-05T09:00:00.0000000Z" />
    <Channel>System</Channel>
  </System>
  <EventData>
    <Data Name="ServiceName">Updater</Data>
    <Data Name="ImagePath">"C:\Program Files\Updater\upd.exe" -k &#x22;x&#34;</Data>
    <Data>unnamed</Data>
    <Binary>00FF</Binary>
  </EventData>
  <RenderingInfo Culture="en-US">
    <Message>A service was installed in the system.</Message>
    <Keywords><Keyword>Classic</Keyword><Keyword>Other</Keyword></Keywords>
  </RenderingInfo>
</Event>
"#;
        let event = parse_event(xml).unwrap();
        assert_eq!(event.system("EventID"), Some("7045"));
        assert_eq!(event.system("EventID.Qualifiers"), Some("16384"));
        assert_eq!(event.system("Provider.EventSourceName"), Some("Service Control Manager"));
        assert_eq!(event.data("ImagePath"), Some("\"C:\\Program Files\\Updater\\upd.exe\" -k \"x\""));
        assert_eq!(event.data("param1"), Some("unnamed"));
        assert_eq!(event.data("Binary"), Some("00FF"));
        assert_eq!(
            event.rendering_info,
            vec![
                ("Message".to_string(), "A service was installed in the system.".to_string()),
                ("Keywords".to_string(), "Classic, Other".to_string())
            ]
        );
    }

    #[test]
    fn user_data_reads_with_its_element_name() {
        let xml = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>1102</EventID></System>\
                   <UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>\
                   <SubjectUserSid>S-1-5-21-1-2-3-500</SubjectUserSid><SubjectUserName>admin</SubjectUserName>\
                   <Nested><Inner>v</Inner></Nested></LogFileCleared></UserData></Event>";
        let event = parse_event(xml).unwrap();
        let user_data = event.user_data.unwrap();
        assert_eq!(user_data.name, "LogFileCleared");
        assert_eq!(
            user_data.namespace.as_deref(),
            Some("http://manifests.microsoft.com/win/2004/08/windows/eventlog")
        );
        assert_eq!(
            user_data.fields,
            vec![
                ("SubjectUserSid".to_string(), "S-1-5-21-1-2-3-500".to_string()),
                ("SubjectUserName".to_string(), "admin".to_string()),
                ("Nested.Inner".to_string(), "v".to_string()),
            ]
        );
    }

    #[test]
    fn cdata_and_bare_ampersand_are_text() {
        let xml = "<Event><System/><EventData><Data Name='a'><![CDATA[<raw> & text]]></Data>\
                   <Data Name='url'>https://go.example/?a=1&b=2</Data></EventData></Event>";
        let event = parse_event(xml).unwrap();
        assert_eq!(event.data("a"), Some("<raw> & text"));
        assert_eq!(event.data("url"), Some("https://go.example/?a=1&b=2"));
    }

    #[test]
    fn malformed_xml_is_rejected_with_offset() {
        let cases: &[(&str, &str, usize)] = &[
            ("<Event><System></Event>", "does not match", 22),
            ("<Event><System/>", "input ends inside <Event>", 16),
            ("<Event a='1<'/>", "'<' inside the value", 11),
            ("<Event a='1></Event>", "unterminated value", 10),
            ("<Event a=1/>", "quoted value", 9),
            ("<Event a='1' a='2'/>", "duplicate attribute", 18),
            ("<Event><System/></Event>trailing", "after the root element", 24),
            ("<Event>&bogus;</Event>", "unknown entity", 7),
            ("<Event>&#xFFFFFFFF;</Event>", "invalid character reference", 7),
            ("<!DOCTYPE x><Event/>", "document type", 0),
            ("", "end of the input", 0),
            ("<Events/>", "expected an <Event> root", 0),
            ("<Event/>", "no <System>", 0),
        ];
        for (input, reason, offset) in cases {
            let err = parse_event(input).unwrap_err();
            assert!(err.reason.contains(reason), "{input:?}: {}", err.reason);
            assert_eq!(err.offset, *offset, "{input:?}: {}", err.reason);
        }
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let xml = format!("{}{}", "<a>".repeat(MAX_DEPTH + 1), "</a>".repeat(MAX_DEPTH + 1));
        let err = parse_element(&xml).unwrap_err();
        assert!(err.reason.contains("nest deeper"), "{}", err.reason);
    }

    proptest! {
        #[test]
        fn reader_never_panics(input in "\\PC{0,200}") {
            let _ = parse_event(&input);
        }

        #[test]
        fn reader_never_panics_on_xml_like_bytes(input in "[<>/='\"&;#xa-zA-Z0-9 \\[\\]!?-]{0,120}") {
            let _ = parse_event(&input);
        }

        #[test]
        fn escaped_values_read_back(value in "[\\PC\t\r\n\u{1}\u{0}]{0,60}", name in "[A-Za-z][A-Za-z0-9 ]{0,20}") {
            let mut out = String::new();
            write_event_start(&mut out, &sample_system());
            out.push_str("<EventData>");
            write_data(&mut out, &name, &value);
            out.push_str("</EventData>");
            write_event_end(&mut out);
            let event = parse_event(&out).unwrap();
            prop_assert_eq!(event.data(&name), Some(value.as_str()));
        }
    }
}
