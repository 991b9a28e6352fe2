//! Wire formats: one file per format, each with a writer and a reader.
//!
//! Writers append to a `String` and never fail: they escape whatever they are given the way
//! the format's specification (or its dominant vendor) does, so a value can never break the
//! framing of an event. Readers borrow from the input where they can and reject malformed
//! input with a [`ParseError`](crate::error::ParseError) that names the byte offset and reason;
//! they never panic, whatever the bytes.

use std::borrow::Cow;
use std::ops::Range;

pub mod cef;
pub mod csv;
pub mod json;
pub mod kv;
pub mod leef;
pub mod syslog3164;
pub mod syslog5424;
pub mod w3c;
pub mod winxml;

/// A set of bytes, as a table indexed by byte, such as the bytes a writer escapes or a reader
/// stops at. Only [`AsciiSet::with_non_ascii`] adds bytes above 0x7f.
pub(crate) struct AsciiSet([bool; 256]);

impl AsciiSet {
    /// Returns the set of `bytes`; a byte above 0x7f fails the build.
    pub(crate) const fn of(bytes: &[u8]) -> Self {
        let mut table = [false; 256];
        let mut i = 0;
        while i < bytes.len() {
            assert!(bytes[i] < 0x80, "an AsciiSet holds ASCII bytes only");
            table[bytes[i] as usize] = true;
            i += 1;
        }
        AsciiSet(table)
    }

    /// Adds the bytes `first..=last`; a byte above 0x7f fails the build.
    pub(crate) const fn with_range(mut self, first: u8, last: u8) -> Self {
        assert!(last < 0x80, "an AsciiSet holds ASCII bytes only");
        let mut byte = first;
        while byte <= last {
            self.0[byte as usize] = true;
            byte += 1;
        }
        self
    }

    /// Adds every byte above 0x7f, for a scan that stops at the first byte of a non-ASCII
    /// character.
    pub(crate) const fn with_non_ascii(mut self) -> Self {
        let mut byte = 0x80;
        while byte <= 0xff {
            self.0[byte] = true;
            byte += 1;
        }
        self
    }

    /// Removes `byte`.
    pub(crate) const fn without(mut self, byte: u8) -> Self {
        self.0[byte as usize] = false;
        self
    }

    /// True when `byte` is in the set.
    pub(crate) fn contains(&self, byte: u8) -> bool {
        self.0[usize::from(byte)]
    }
}

/// Moves the high bit of each byte lane of `lanes` to bit `i` for lane `i`, and clears the rest.
pub(crate) fn gather_lanes(lanes: u64) -> u64 {
    // After the shift, lane i is bit 8i. The multiplier adds copies shifted left by 7, 14,
    // ..., 56 bits. The copy shifted by 56 - 7i puts lane i at bit 56 + i, and the other copies
    // neither reach bits 56 to 63 nor carry into them.
    (lanes >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Returns the high bit of every byte lane of `word` equal to `byte`, and no other bit.
pub(crate) fn lanes_equal(word: u64, byte: u8) -> u64 {
    const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let diff = word ^ (u64::from_le_bytes([byte; 8]));
    // Adding 0x7f to the low seven bits of a lane sets its high bit unless they are all zero, and
    // never carries into the next lane.
    let nonzero = ((diff & LOW_SEVEN) + LOW_SEVEN) | diff;
    !(nonzero | LOW_SEVEN)
}

/// Returns the offset of the first `byte` in `bytes`, comparing eight bytes at a time.
pub(crate) fn find_byte(bytes: &[u8], byte: u8) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = <[u8; 8]>::try_from(chunk).unwrap_or_default();
        let found = lanes_equal(u64::from_le_bytes(word), byte);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks.remainder().iter().position(|b| *b == byte).map(|offset| at + offset)
}

/// Bytes that end a `key=value` key or an RFC 5424 SD-NAME: whitespace and control characters
/// (the bytes up to space, and DEL), `=`, `"` and the bytes of non-ASCII characters.
pub(crate) const NAME_STOP: AsciiSet = AsciiSet::of(b"=\"\x7f").with_range(0, b' ').with_non_ascii();

/// Returns the offset of the first byte of `bytes` that is in [`NAME_STOP`] or equals `extra`.
/// Names are a few bytes long, so eight bytes are tested at once as a u64, and the last few
/// bytes of the text one by one.
#[inline]
pub(crate) fn find_name_stop(bytes: &[u8], extra: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // Sets the high bit of the lowest zero lane of `word`. A borrow from that lane may mark
    // lanes above it falsely, but never one below, so the lowest mark of several such masks
    // joined with `|` is still the first stop.
    let zero_lanes = |word: u64| word.wrapping_sub(ONES) & !word & HIGH_BITS;
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        let low = word & LOW_SEVEN;
        // Per lane, without a carry into the next one: adding 0x5f to the low seven bits sets
        // the high bit when they are at least 0x21, and adding 1 sets it when they are 0x7f.
        // Lanes with the high bit set are non-ASCII.
        let at_least_bang = low + u64::from_le_bytes([0x80 - b'!'; 8]);
        let mut stops = (!at_least_bang | (low + ONES) | word) & HIGH_BITS;
        stops |= zero_lanes(word ^ (ONES * u64::from(b'='))) | zero_lanes(word ^ (ONES * u64::from(b'"')));
        // Bytes up to space are stops already; callers pass a constant, so the test folds away.
        if extra > b' ' {
            stops |= zero_lanes(word ^ (ONES * u64::from(extra)));
        }
        if stops != 0 {
            return Some(at + (stops.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    rest.iter()
        .position(|&byte| NAME_STOP.contains(byte) || byte == extra)
        .map(|offset| at + offset)
}

/// Returns the index of the first `"` or `\` at or after `from`, or `None` when there is none.
#[inline]
pub(crate) fn find_quote_or_backslash(bytes: &[u8], from: usize) -> Option<usize> {
    find_either(bytes, from, b'"', b'\\')
}

/// Returns the index of the first byte equal to `first` or `second` at or after `from`, or
/// `None` when there is none. Pass the same byte twice to search for one byte.
#[inline]
pub(crate) fn find_either(bytes: &[u8], from: usize, first: u8, second: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    // Sets the high bit of the first zero byte of `word`. Bytes after it may be marked falsely,
    // but the lowest mark is always right.
    let zero_bytes = |word: u64| word.wrapping_sub(ONES) & !word & HIGH_BITS;
    let mut at = from;
    // Eight bytes are tested as one u64, because most values end several bytes away. A byte
    // equal to a needle becomes zero after the XOR with eight copies of it.
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        let marks = zero_bytes(word ^ (ONES * u64::from(first))) | zero_bytes(word ^ (ONES * u64::from(second)));
        if marks != 0 {
            return Some(at + (marks.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let found = bytes.get(at..)?.iter().position(|&byte| byte == first || byte == second)?;
    Some(at + found)
}

/// Returns `text` in ASCII lower case, borrowed when it already is.
pub(crate) fn lower_case(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|byte| byte.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// Returns `text` without the white space around it, as `str::trim` does. A value that starts
/// and ends with a printable ASCII character, as most field values do, is returned at once.
#[inline]
pub(crate) fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [] => text,
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        [only] if only.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Returns the offset of the first `marker` in `line`. The first byte of a marker is rare in
/// log lines, so a search for it costs less than setting up a substring search.
pub(crate) fn find_marker(line: &str, marker: &[u8]) -> Option<usize> {
    let bytes = line.as_bytes();
    let first = *marker.first()?;
    let mut from = 0;
    while let Some(found) = memchr::memchr(first, &bytes[from..]) {
        let at = from + found;
        if bytes[at..].starts_with(marker) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Returns the offset of the last `marker` in `line`, as `str::rfind` does, by a search for
/// its first byte.
pub(crate) fn rfind_marker(line: &str, marker: &[u8]) -> Option<usize> {
    let bytes = line.as_bytes();
    let first = *marker.first()?;
    memchr::memrchr_iter(first, bytes).find(|&at| bytes[at..].starts_with(marker))
}

/// Splits `text` around the first `byte`, an ASCII character, as `str::split_once` does. The
/// search compares eight bytes at a time, which costs less than the setup of a character
/// search on short values.
pub(crate) fn split_at_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    debug_assert!(byte.is_ascii());
    let at = find_byte(text.as_bytes(), byte)?;
    Some((&text[..at], &text[at + 1..]))
}

/// Splits `text` around the last `byte`, an ASCII character, as `str::rsplit_once` does.
pub(crate) fn rsplit_at_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    debug_assert!(byte.is_ascii());
    let at = memchr::memrchr(byte, text.as_bytes())?;
    Some((&text[..at], &text[at + 1..]))
}

/// Returns true when any byte of `bytes` satisfies `matches`. Text is checked in blocks of 16,
/// 8 or 4 bytes without an early exit inside a block. The compiler then compares a whole block
/// with SIMD instructions, provided `matches` joins its comparisons with `&` and `|`, because
/// `&&`, `||` and `matches!` compile to branches. Writers use it to copy text that needs no
/// escape in one step.
pub(crate) fn any_byte(bytes: &[u8], matches: impl Fn(u8) -> bool) -> bool {
    // The first and last blocks may overlap their neighbours, so no remainder is left over.
    match bytes.len() {
        16.. => {
            let mut blocks = bytes.chunks_exact(16).filter_map(<[u8]>::first_chunk::<16>);
            blocks.any(|block| block_has(block, &matches)) || block_ends_have::<16>(bytes, &matches)
        }
        8..16 => block_ends_have::<8>(bytes, &matches),
        4..8 => block_ends_have::<4>(bytes, &matches),
        _ => bytes.iter().any(|&byte| matches(byte)),
    }
}

/// Returns true when any byte of the first or the last `N` bytes of `bytes` satisfies
/// `matches`, or false when `bytes` is shorter than `N`.
fn block_ends_have<const N: usize>(bytes: &[u8], matches: &impl Fn(u8) -> bool) -> bool {
    let first = bytes.first_chunk::<N>().is_some_and(|block| block_has(block, matches));
    let last = bytes.last_chunk::<N>().is_some_and(|block| block_has(block, matches));
    first | last
}

/// Returns true when any byte of `block` satisfies `matches`. It tests every byte without an
/// early exit, so the compiler can compare the whole block at once.
pub(crate) fn block_has<const N: usize>(block: &[u8; N], matches: &impl Fn(u8) -> bool) -> bool {
    block.iter().fold(false, |found, &byte| found | matches(byte))
}

/// Returns the index of the first byte of `bytes` at or after `from` that satisfies `matches`,
/// or the length of `bytes` when there is none. Blocks of 16 bytes are tested as in
/// [`any_byte`], and only the block with the match is searched byte by byte.
#[inline(never)]
pub(crate) fn find_byte_from(bytes: &[u8], from: usize, matches: &impl Fn(u8) -> bool) -> usize {
    let mut at = from;
    let blocks = bytes.get(from..).unwrap_or_default().chunks_exact(16);
    for block in blocks.filter_map(<[u8]>::first_chunk::<16>) {
        if block_has(block, matches) {
            break;
        }
        at += 16;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    // The last 16 bytes, which overlap bytes already passed, clear a short rest at once. A
    // match among the passed bytes only sends the search on to the byte loop.
    if rest.len() < 16 && bytes.last_chunk::<16>().is_some_and(|block| !block_has(block, matches)) {
        return bytes.len();
    }
    rest.iter().position(|&byte| matches(byte)).map_or(bytes.len(), |found| at + found)
}

/// Returns the number of `"` in `bytes` and the range of the blocks of 16 bytes, from the first
/// to the last, that contain a byte `suspect` accepts (an empty range when none does). Writers
/// that copy a whole run of quoted values compare the count with the quotes they wrote. Each
/// of 16 lanes counts the quotes at its offset in the blocks, without an early exit, so the
/// compiler tests a whole block with a few vector instructions, provided `suspect` joins its
/// comparisons with `&` and `|`.
pub(crate) fn scan_quotes(bytes: &[u8], suspect: impl Fn(u8) -> bool) -> (usize, Range<usize>) {
    let mut quotes = 0;
    let mut first = usize::MAX;
    let mut last = 0;
    let rest = bytes.chunks_exact(16).remainder();
    let mut offset = 0;
    // A lane counts at most one quote per block, so its byte holds the count of 255 blocks.
    for run in bytes[..bytes.len() - rest.len()].chunks(16 * 255) {
        let mut lanes = [0u8; 16];
        for block in run.chunks_exact(16).filter_map(<[u8]>::first_chunk::<16>) {
            for lane in 0..16 {
                lanes[lane] += u8::from(block[lane] == b'"');
            }
            if block_has(block, &suspect) {
                widen_to_block(&mut first, &mut last, offset);
            }
            offset += 16;
        }
        quotes += lanes.iter().map(|&count| usize::from(count)).sum::<usize>();
    }
    quotes += rest.iter().filter(|&&byte| byte == b'"').count();
    if rest.iter().any(|&byte| suspect(byte)) {
        first = first.min(bytes.len() - rest.len());
        last = bytes.len();
    }
    (quotes, first.min(last)..last)
}

/// Widens `first..last` to cover the block of 16 bytes at `offset`, for [`scan_quotes`]. It is
/// cold, so the compiler keeps the test of each block as a rarely taken branch instead of
/// updating both ends of the range at every block.
#[cold]
#[inline(never)]
fn widen_to_block(first: &mut usize, last: &mut usize, offset: usize) {
    *first = (*first).min(offset);
    *last = offset + 16;
}

/// Calls [`any_byte`] out of line. Writers that inline it into their loop over fields load its
/// vector constants again after every copy, even when the call is rare.
#[inline(never)]
fn any_byte_apart(bytes: &[u8], matches: &impl Fn(u8) -> bool) -> bool {
    any_byte(bytes, matches)
}

/// Finds the values that contain a byte a writer escapes, scanning the text buffer of a
/// [`Fields`](crate::fields::Fields) once from start to end instead of scanning each short value
/// alone. A value is recognized as part of the buffer by its address. A value from elsewhere,
/// or one before a part of the buffer already passed (the text of an override is appended at
/// the end), is scanned alone.
pub(crate) struct EscapeScan<'a, M> {
    text: &'a [u8],
    matches: M,
    /// Start of the part of `text` known to contain no special byte before `special_at`.
    clean_from: usize,
    /// Index of the next special byte at or after `clean_from`, or the length of `text`.
    special_at: usize,
}

impl<'a, M: Fn(u8) -> bool> EscapeScan<'a, M> {
    /// Starts a scan of `text` for the bytes that `matches`, which should join its comparisons
    /// with `&` and `|` so that blocks of bytes are compared at once.
    pub(crate) fn new(text: &'a str, matches: M) -> Self {
        let text = text.as_bytes();
        let special_at = find_byte_from(text, 0, &matches);
        EscapeScan {
            text,
            matches,
            clean_from: 0,
            special_at,
        }
    }

    /// Returns true when `value` contains a byte that the scan looks for. Values of the buffer
    /// are checked without a scan of their own only when they are checked in the order they
    /// were written.
    pub(crate) fn needs_escape(&mut self, value: &str) -> bool {
        self.escape_from(value).is_some()
    }

    /// Returns `None` when `value` contains no byte that the scan looks for, or else an offset
    /// in `value` before which it contains none, which is 0 for a value scanned alone. The same
    /// order rule as for [`EscapeScan::needs_escape`] applies.
    pub(crate) fn escape_from(&mut self, value: &str) -> Option<usize> {
        // The offset of `value` in the buffer; text from elsewhere gets an offset past its end.
        let offset = (value.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        let end = offset.wrapping_add(value.len());
        if offset < self.clean_from || end > self.text.len() || end < offset {
            return any_byte_apart(value.as_bytes(), &self.matches).then_some(0);
        }
        if self.special_at < offset {
            self.clean_from = offset;
            self.special_at = find_byte_from(self.text, offset, &self.matches);
        }
        if end <= self.special_at {
            return None;
        }
        let first = self.special_at - offset;
        self.clean_from = end;
        self.special_at = find_byte_from(self.text, end, &self.matches);
        Some(first)
    }
}

/// ASCII control characters other than tab, which syslog and key=value writers escape as
/// `#ooo`.
pub(crate) const CONTROLS_BUT_TAB: AsciiSet = AsciiSet::of(&[0x7f]).with_range(0, 0x1f).without(b'\t');

/// Appends `text`, handing each byte of `special` to `escape` and copying the runs between
/// such bytes unchanged. The set holds only ASCII bytes and bytes of multi-byte characters
/// are never ASCII, so every run starts and ends on a character boundary. Writers call this
/// instead of pushing one `char` at a time, which costs several times more per byte.
pub(crate) fn write_escaped_ascii(out: &mut String, text: &str, special: &AsciiSet, mut escape: impl FnMut(&mut String, u8)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(found) = bytes[start..].iter().position(|byte| special.contains(*byte)) {
        let at = start + found;
        out.push_str(&text[start..at]);
        escape(out, bytes[at]);
        start = at + 1;
    }
    out.push_str(&text[start..]);
}

/// Appends `#ooo`, the three-digit octal escape rsyslog writes for a control character.
pub(crate) fn push_octal_escape(out: &mut String, byte: u8) {
    out.push('#');
    for shift in [6, 3, 0] {
        out.push(char::from(b'0' + ((byte >> shift) & 7)));
    }
}

/// Replaces each backslash escape `\c` of `text` for which `unescape(c)` returns a character,
/// and keeps every other backslash as it is. Returns the input itself when nothing changed.
/// `unescape` must map only ASCII bytes.
pub(crate) fn unescape_backslashes(text: &str, unescape: impl Fn(u8) -> Option<char>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(|b| *b == b'\\') else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut copied = first;
    let mut at = first;
    while at < bytes.len() {
        if bytes[at] == b'\\' {
            if let Some(c) = bytes.get(at + 1).and_then(|b| unescape(*b)) {
                out.push_str(&text[copied..at]);
                out.push(c);
                at += 2;
                copied = at;
                continue;
            }
        }
        at += 1;
    }
    if copied == first {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Syslog facility numbers used by the sources (RFC 5424 section 6.2.1).
pub mod facility {
    /// Kernel messages.
    pub const KERN: u8 = 0;
    /// User-level messages.
    pub const USER: u8 = 1;
    /// Security and authorization messages.
    pub const AUTH: u8 = 4;
    /// Daemon messages.
    pub const DAEMON: u8 = 3;
    /// Private security and authorization messages (auth.log).
    pub const AUTHPRIV: u8 = 10;
    /// Log audit.
    pub const LOG_AUDIT: u8 = 13;
    /// Local use 0.
    pub const LOCAL0: u8 = 16;
    /// Local use 4, the Cisco ASA default.
    pub const LOCAL4: u8 = 20;
    /// Local use 7.
    pub const LOCAL7: u8 = 23;
}

/// Syslog severity numbers (RFC 5424 section 6.2.1).
pub mod severity {
    /// System is unusable.
    pub const EMERGENCY: u8 = 0;
    /// Action must be taken immediately.
    pub const ALERT: u8 = 1;
    /// Critical conditions.
    pub const CRITICAL: u8 = 2;
    /// Error conditions.
    pub const ERROR: u8 = 3;
    /// Warning conditions.
    pub const WARNING: u8 = 4;
    /// Normal but significant condition.
    pub const NOTICE: u8 = 5;
    /// Informational messages.
    pub const INFORMATIONAL: u8 = 6;
    /// Debug-level messages.
    pub const DEBUG: u8 = 7;
}

#[cfg(test)]
mod tests {
    //! The writers escape byte runs through [`write_escaped_ascii`]; these tests hold them to
    //! the character-by-character definitions they replaced, on arbitrary text.

    use std::fmt::Write as _;

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn lower_case_borrows_lower_text() {
        assert!(matches!(lower_case("tcp"), Cow::Borrowed("tcp")));
        assert_eq!(lower_case("TCP"), "tcp");
        assert_eq!(lower_case("Émile UDP"), "Émile udp");
    }

    #[test]
    fn trim_matches_str_trim() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "\u{a0}x\u{a0}",
            "x\u{2003}",
            "\u{1}a\u{1}",
            "é",
            " é ",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn trim_matches_str_trim_on_any_text(text in ".{0,12}") {
            prop_assert_eq!(trim(&text), text.trim());
        }
    }

    #[test]
    fn name_stop_search_matches_the_table() {
        // Every byte value at every place of a block of eight, after a name of plain letters,
        // and in the bytes after the last full block.
        for extra in [b' ', b',', b']'] {
            for byte in 0..=255u8 {
                for len in 0..20 {
                    let mut bytes = vec![b'k'; len];
                    bytes.push(byte);
                    bytes.extend_from_slice(b"kk=v");
                    let expected = bytes.iter().position(|&b| NAME_STOP.contains(b) || b == extra);
                    assert_eq!(
                        find_name_stop(&bytes, extra),
                        expected,
                        "byte {byte:#04x} after {len} bytes, extra {extra:#04x}"
                    );
                }
            }
        }
    }

    #[test]
    fn name_stop_search_finds_first_of_two_stops() {
        // A stop byte that borrows from the lane above it must not hide a later one, nor may a
        // false mark above it come first.
        for first in [0x00, b' ', b'=', b'"', 0x7f, 0x80, 0xff, b']', b'a'] {
            for second in 0..=255u8 {
                for (i, j) in [(0, 1), (0, 7), (3, 4), (6, 7), (2, 9)] {
                    let mut bytes = vec![b'k'; 12];
                    bytes[i] = first;
                    bytes[j] = second;
                    let expected = bytes.iter().position(|&b| NAME_STOP.contains(b) || b == b']');
                    assert_eq!(
                        find_name_stop(&bytes, b']'),
                        expected,
                        "bytes {first:#04x} at {i} and {second:#04x} at {j}"
                    );
                }
            }
        }
    }

    #[test]
    fn escape_scan_matches_value_scan() {
        let mut fields = crate::fields::Fields::new();
        let values = [
            "plain",
            "",
            "with \"quote\"",
            "a much longer value without any special byte at all",
            "x",
            "tail\"",
        ];
        for (i, value) in values.iter().cycle().take(40).enumerate() {
            fields.str(if i % 2 == 0 { "even" } else { "odd" }, value);
        }
        fields.set("even", "override \" value");
        let is_quote = |byte: u8| byte == b'"';
        let mut scan = EscapeScan::new(fields.text(), is_quote);
        for (_, _, value) in fields.iter() {
            assert_eq!(scan.needs_escape(value), value.contains('"'), "value {value:?}");
        }
        // Values asked about out of order, or from outside the buffer, are scanned alone.
        let mut scan = EscapeScan::new(fields.text(), is_quote);
        let all: Vec<&str> = fields.iter().map(|(_, _, value)| value).collect();
        for value in all.iter().rev().chain(["outside", "out\"side"].iter()) {
            assert_eq!(scan.needs_escape(value), value.contains('"'), "value {value:?}");
        }
    }

    #[test]
    fn find_byte_from_finds_first_match() {
        let text = "a".repeat(50);
        for at in 0..50 {
            let mut bytes = text.clone().into_bytes();
            bytes[at] = b'x';
            for from in 0..=50 {
                let expected = if from <= at { at } else { 50 };
                assert_eq!(
                    find_byte_from(&bytes, from, &|byte| byte == b'x'),
                    expected,
                    "x at {at} from {from}"
                );
            }
        }
    }

    #[test]
    fn scan_quotes_counts_quotes_and_finds_suspects() {
        let suspect = |byte: u8| byte == b'!';
        let (quotes, suspects) = scan_quotes(b"", suspect);
        assert_eq!((quotes, suspects.is_empty()), (0, true));
        for length in [1, 15, 16, 17, 40, 64, 4200] {
            let mut bytes = vec![b'a'; length];
            for at in (0..length).step_by(3) {
                bytes[at] = b'"';
            }
            let expected_quotes = length.div_ceil(3);
            let (quotes, suspects) = scan_quotes(&bytes, suspect);
            assert_eq!(quotes, expected_quotes, "length {length}");
            assert!(suspects.is_empty(), "length {length}");

            for at in [0, length / 2, length - 1] {
                let mut marked = bytes.clone();
                let quote = usize::from(marked[at] == b'"');
                marked[at] = b'!';
                let (quotes, suspects) = scan_quotes(&marked, suspect);
                assert_eq!(quotes, expected_quotes - quote, "length {length}, suspect at {at}");
                assert!(suspects.contains(&at), "length {length}, suspect at {at}: {suspects:?}");
                assert!(suspects.len() <= 16, "length {length}, suspect at {at}: {suspects:?}");
            }
        }
    }

    #[test]
    fn any_byte_finds_byte_in_blocks_and_rest() {
        let text = "a".repeat(40);
        assert!(!any_byte(text.as_bytes(), |byte| byte == b'x'));
        assert!(!any_byte(b"", |_| true));
        for at in 0..40 {
            let mut bytes = text.clone().into_bytes();
            bytes[at] = b'x';
            assert!(any_byte(&bytes, |byte| byte == b'x'), "x at {at}");
            assert!(any_byte(&bytes[..=at], |byte| byte == b'x'), "x last of {}", at + 1);
            assert!(any_byte(&bytes[at..], |byte| byte == b'x'), "x first of {}", 40 - at);
            assert!(!any_byte(&bytes[..at], |byte| byte == b'x'), "no x in {at}");
        }
    }

    fn octal(out: &mut String, c: char) {
        let _ = write!(out, "#{:03o}", c as u32);
    }

    fn reference_syslog3164(message: &str) -> String {
        let mut out = String::new();
        for c in message.chars() {
            if c.is_ascii_control() && c != '\t' {
                octal(&mut out, c);
            } else {
                out.push(c);
            }
        }
        out
    }

    fn reference_param_value(value: &str) -> String {
        let mut out = String::new();
        for c in value.chars() {
            match c {
                '"' | '\\' | ']' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() && c != '\t' && (c as u32) < 0x80 => octal(&mut out, c),
                c => out.push(c),
            }
        }
        out
    }

    fn reference_cef(value: &str, special: char) -> String {
        let mut out = String::new();
        for c in value.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c if c == special => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
        out
    }

    fn reference_xml(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                '\u{0}'..='\u{1f}' => {
                    let _ = write!(out, "&#x{:X};", u32::from(c));
                }
                c => out.push(c),
            }
        }
        out
    }

    fn reference_json(text: &str) -> String {
        let mut out = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{0}'..='\u{1f}' => {
                    let _ = write!(out, "\\u{:04x}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    fn reference_w3c(value: &str) -> String {
        if value.is_empty() {
            return "-".to_string();
        }
        value.chars().map(|c| if c.is_whitespace() { '+' } else { c }).collect()
    }

    fn reference_kv_value(value: &str, separator: char) -> String {
        let needs_quotes = value.is_empty()
            || value
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '=' || c == '"' || c == separator);
        if !needs_quotes {
            return value.to_string();
        }
        let mut out = String::from("\"");
        for c in value.chars() {
            match c {
                '"' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_ascii_control() && c != '\t' => octal(&mut out, c),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    fn reference_kv_key(key: &str, separator: char) -> String {
        let mut out = String::new();
        if key.is_empty() {
            out.push('_');
        }
        for c in key.chars() {
            let bad = c == '=' || c == '"' || c == separator || c.is_whitespace() || c.is_control();
            out.push(if bad { '_' } else { c });
        }
        out
    }

    fn reference_csv_cell(cell: &str, delimiter: char) -> String {
        if !cell.chars().any(|c| c == delimiter || matches!(c, '"' | '\r' | '\n')) {
            return cell.to_string();
        }
        format!("\"{}\"", cell.replace('"', "\"\""))
    }

    /// Text mixing printable characters with every character some writer escapes, including
    /// C1 controls and non-ASCII whitespace.
    fn text() -> impl Strategy<Value = String> {
        "(\\PC|[\\x00-\\x20\\x7f\"\\\\=|\\]&<>',;\u{85}\u{a0}\u{2028}\u{3000}\u{9f}])*"
    }

    fn separator() -> impl Strategy<Value = char> {
        prop::sample::select(vec![' ', ',', '|', '\t', ';', '\u{a6}'])
    }

    proptest! {
        #[test]
        fn writers_match_char_by_char_definitions(value in text(), separator in separator()) {
            let run = |write: fn(&mut String, &str)| {
                let mut out = String::new();
                write(&mut out, &value);
                out
            };
            prop_assert_eq!(run(syslog3164::write_escaped), reference_syslog3164(&value));
            prop_assert_eq!(run(syslog5424::write_param_value), reference_param_value(&value));
            prop_assert_eq!(run(cef::write_header_value), reference_cef(&value, '|'));
            prop_assert_eq!(run(cef::write_extension_value), reference_cef(&value, '='));
            prop_assert_eq!(run(winxml::escape_into), reference_xml(&value));
            prop_assert_eq!(run(json::write_str), reference_json(&value));
            prop_assert_eq!(run(w3c::write_value), reference_w3c(&value));

            let mut cell = String::new();
            csv::write_cell(&mut cell, &value, separator);
            prop_assert_eq!(cell, reference_csv_cell(&value, separator));
            let mut quoted = String::new();
            csv::write_record_quoted(&mut quoted, &[value.as_str()], separator);
            prop_assert_eq!(quoted, format!("\"{}\"", value.replace('"', "\"\"")));

            let mut pair = String::new();
            kv::write(&mut pair, &[(value.as_str(), value.as_str())], separator);
            prop_assert_eq!(pair, format!("{}={}", reference_kv_key(&value, separator), reference_kv_value(&value, separator)));
        }
    }
}
