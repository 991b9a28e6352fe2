//! Comma-separated values as RFC 4180 defines them, with a configurable delimiter.
//!
//! The writer quotes a cell when it contains the delimiter, `"`, CR or LF, and doubles every
//! `"` inside quotes. It writes no line terminator, so callers choose LF or CRLF. Neutralising
//! spreadsheet formulas (`=`, `+`, `-`, `@` at the start of a cell) is the export layer's job,
//! not this module's, because vendor CSV such as Cisco Umbrella logs must stay byte-exact.
//!
//! [`parse_record`] reads one record. Beyond RFC 4180 it accepts spaces around a quoted cell
//! (` "a" ,b`, as some exporters write) and keeps a `"` that appears inside an unquoted cell.
//! [`split_record`] finds where a record ends in text whose quoted cells may span lines.

use std::borrow::Cow;

use crate::error::ParseError;
use crate::format::{find_byte, gather_lanes, lanes_equal, write_escaped_ascii, AsciiSet};

/// Maximum accepted record length in bytes; longer input is rejected, not buffered.
pub const MAX_LINE: usize = 1 << 20;

/// Returns the delimiter the writer uses for `requested`: a comma when the requested character
/// is `"`, CR or LF, which would make the output unreadable.
pub fn usable_delimiter(requested: char) -> char {
    if matches!(requested, '"' | '\r' | '\n') {
        ','
    } else {
        requested
    }
}

/// Appends one cell, quoted when it contains the delimiter, `"`, CR or LF.
pub fn write_cell(out: &mut String, cell: &str, delimiter: char) {
    let delimiter = usable_delimiter(delimiter);
    // An ASCII delimiter is checked in the same pass as the other bytes that force quotes.
    let needs_quotes = match u8::try_from(delimiter) {
        Ok(ascii) if ascii.is_ascii() => cell.bytes().any(|byte| matches!(byte, b'"' | b'\r' | b'\n') || byte == ascii),
        _ => cell.bytes().any(|byte| matches!(byte, b'"' | b'\r' | b'\n')) || cell.contains(delimiter),
    };
    if !needs_quotes {
        out.push_str(cell);
        return;
    }
    write_quoted_cell(out, cell);
}

/// Appends `"cell"` with each `"` inside doubled, as a writer does for a column it always quotes.
pub fn write_quoted_cell(out: &mut String, cell: &str) {
    out.push('"');
    const QUOTE: AsciiSet = AsciiSet::of(b"\"");
    write_escaped_ascii(out, cell, &QUOTE, |out, _| out.push_str("\"\""));
    out.push('"');
}

/// Appends one record without a line terminator.
///
/// # Examples
/// ```
/// use siemulator::format::csv;
/// let mut out = String::new();
/// csv::write_record(&mut out, &["2026-01-05 09:00:00", "Allowed", "a,b", "say \"hi\""], ',');
/// assert_eq!(out, r#"2026-01-05 09:00:00,Allowed,"a,b","say ""hi""""#);
/// ```
pub fn write_record(out: &mut String, cells: &[&str], delimiter: char) {
    let delimiter = usable_delimiter(delimiter);
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        write_cell(out, cell, delimiter);
    }
}

/// Appends one record with every cell quoted, as Cisco Umbrella and other exporters write
/// them, without a line terminator.
///
/// # Examples
/// ```
/// use siemulator::format::csv;
/// let mut out = String::new();
/// csv::write_record_quoted(&mut out, &["2026-01-05 09:00:00", "Allowed", "", "say \"hi\""], ',');
/// assert_eq!(out, r#""2026-01-05 09:00:00","Allowed","","say ""hi""""#);
/// ```
pub fn write_record_quoted(out: &mut String, cells: &[&str], delimiter: char) {
    let delimiter = usable_delimiter(delimiter);
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        write_quoted_cell(out, cell);
    }
}

/// Splits the first record off `text`, honouring line breaks inside quoted cells, and returns
/// the record without its terminator (LF or CRLF) and the text after it. Returns `None` for
/// empty text. An unclosed quote makes the whole rest of the text one record, which
/// [`parse_record`] then rejects.
///
/// # Examples
/// ```
/// use siemulator::format::csv;
/// let (record, rest) = csv::split_record("a,\"two\nlines\"\r\nnext").unwrap();
/// assert_eq!(record, "a,\"two\nlines\"");
/// assert_eq!(rest, "next");
/// ```
pub fn split_record(text: &str) -> Option<(&str, &str)> {
    if text.is_empty() {
        return None;
    }
    let mut quoted = false;
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                let record = &text[..at];
                return Some((record.strip_suffix('\r').unwrap_or(record), &text[at + 1..]));
            }
            _ => {}
        }
    }
    Some((text, ""))
}

/// Reads one record whose cells are separated by `delimiter`; one trailing LF or CRLF is
/// ignored. An empty record is one empty cell, as RFC 4180 reads it.
///
/// # Errors
/// Returns a [`ParseError`] for a record over [`MAX_LINE`], a quoted cell that is not closed,
/// or text other than spaces between a closing quote and the next delimiter.
///
/// # Examples
/// ```
/// use siemulator::format::csv;
/// let cells = csv::parse_record(r#""2026-01-05 09:00:00","bob","a ""b"" c",,x"#, ',').unwrap();
/// assert_eq!(cells, ["2026-01-05 09:00:00", "bob", "a \"b\" c", "", "x"]);
/// ```
pub fn parse_record(line: &str, delimiter: char) -> Result<Vec<Cow<'_, str>>, ParseError> {
    // Room for a typical record, such as the 14 to 16 columns of a Cisco Umbrella log.
    let mut record = Vec::with_capacity(16);
    for cell in cells(line, delimiter) {
        record.push(cell?);
    }
    Ok(record)
}

/// Returns an iterator over the cells of one record, read as [`parse_record`] reads them, for
/// callers that handle each cell as it comes instead of collecting them in a vector. The
/// iterator yields an error where [`parse_record`] returns one, and nothing after it.
///
/// # Examples
/// ```
/// use siemulator::format::csv;
/// let mut cells = csv::cells(r#"a,"b ""c""",d"#, ',');
/// assert_eq!(cells.next().unwrap().unwrap(), "a");
/// assert_eq!(cells.next().unwrap().unwrap(), "b \"c\"");
/// assert_eq!(cells.next().unwrap().unwrap(), "d");
/// assert!(cells.next().is_none());
/// ```
pub fn cells(line: &str, delimiter: char) -> Cells<'_> {
    let too_long = line.len() > MAX_LINE;
    let length = line.len();
    let line = line.strip_suffix('\n').map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
    let ascii_delimiter = u8::try_from(delimiter).ok().filter(u8::is_ascii);
    Cells {
        line,
        delimiter,
        ascii_delimiter,
        fast_delimiter: ascii_delimiter.filter(|_| !too_long),
        next: Some(0),
        too_long: too_long.then_some(length),
        searched: 0,
        pending: 0,
    }
}

/// Iterator over the cells of one record, returned by [`cells`].
pub struct Cells<'a> {
    /// The record without its line terminator.
    line: &'a str,
    delimiter: char,
    /// The delimiter as a byte when it is ASCII, which allows a byte search.
    ascii_delimiter: Option<u8>,
    /// The ASCII delimiter, or `None` when every cell takes the general path: for a delimiter
    /// that is not ASCII, and for a record over [`MAX_LINE`], which the general path rejects.
    fast_delimiter: Option<u8>,
    /// Offset of the next cell, or `None` after the last cell or an error.
    next: Option<usize>,
    /// Length of a record over [`MAX_LINE`], which is rejected before any cell is read.
    too_long: Option<usize>,
    /// End of the bytes the fast path has searched for the delimiter, 64 at a time.
    searched: usize,
    /// Bit `i` marks a delimiter at `searched - 64 + i`. Only delimiters at or after the next
    /// cell are marked, and every delimiter between the next cell and `searched` is.
    pending: u64,
}

impl<'a> Iterator for Cells<'a> {
    type Item = Result<Cow<'a, str>, ParseError>;

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let at = self.next?;
        // Fast path for the common cell, which is neither quoted nor starts with a space. It is
        // small enough to inline, and its delimiter search reads 64 bytes for several cells.
        if let Some(delimiter) = self.fast_delimiter {
            if !matches!(self.line.as_bytes().get(at), Some(b' ' | b'"')) {
                let end = self.find_delimiter(delimiter);
                // A delimiter at the very end is followed by one empty cell.
                self.next = (end < self.line.len()).then_some(end + 1);
                return Some(Ok(Cow::Borrowed(self.line.get(at..end).unwrap_or_default())));
            }
        }
        self.read_next(at)
    }
}

impl<'a> Cells<'a> {
    /// Reads the ranges of the next cells into `out`, as the fast path of [`Iterator::next`] finds them,
    /// until `out` is full, a cell is not plain, or no cell is left. Returns how many it read.
    /// One loop over many cells keeps its state in registers, where a call per cell stores it.
    #[inline]
    pub(crate) fn plain_ranges(&mut self, out: &mut [(usize, usize)]) -> usize {
        let Some(delimiter) = self.fast_delimiter else {
            return 0;
        };
        let bytes = self.line.as_bytes();
        // The state lives in locals during the loop and is stored once at the end.
        let (mut next, mut pending, mut searched) = (self.next, self.pending, self.searched);
        let mut count = 0;
        for range in out {
            let Some(at) = next else { break };
            if matches!(bytes.get(at), Some(b' ' | b'"')) {
                break;
            }
            // As `find_delimiter` finds it.
            let end = loop {
                if pending != 0 {
                    let found = searched - 64 + pending.trailing_zeros() as usize;
                    pending &= pending - 1;
                    break found;
                }
                match delimiter_block(bytes, searched, delimiter) {
                    Some(block) => {
                        pending = block;
                        searched += 64;
                    }
                    None => break bytes.len(),
                }
            };
            next = (end < bytes.len()).then_some(end + 1);
            *range = (at, end);
            count += 1;
        }
        (self.next, self.pending, self.searched) = (next, pending, searched);
        count
    }

    /// Reads the cell at `at` on the general path: any delimiter, quoted cells, spaces before a
    /// quote, and a record over [`MAX_LINE`].
    #[inline(never)]
    fn read_next(&mut self, at: usize) -> Option<Result<Cow<'a, str>, ParseError>> {
        self.next = None;
        if let Some(length) = self.too_long {
            return Some(Err(ParseError::new(
                MAX_LINE,
                format!("record of {length} bytes exceeds the {MAX_LINE}-byte limit"),
            )));
        }
        let (cell, end) = match read_cell(self.line, at, self.delimiter, self.ascii_delimiter) {
            Ok(read) => read,
            Err(err) => return Some(Err(err)),
        };
        // Unless the line ends here, `end` is at a delimiter and the next cell starts after it.
        if end < self.line.len() {
            let next = end + self.delimiter.len_utf8();
            self.next = Some(next);
            // The delimiter search of the fast path starts again at the next cell.
            self.searched = next;
            self.pending = 0;
        }
        Some(Ok(cell))
    }

    /// Returns the offset of the first `delimiter` at or after the next cell, or the end of
    /// the line.
    #[inline(always)]
    fn find_delimiter(&mut self, delimiter: u8) -> usize {
        while self.pending == 0 {
            if !self.search_block(delimiter) {
                return self.line.len();
            }
        }
        let found = self.searched - 64 + self.pending.trailing_zeros() as usize;
        // Clears the lowest bit, the delimiter just found.
        self.pending &= self.pending - 1;
        found
    }

    /// Marks the delimiters of the next 64 bytes in `pending`. Returns false at the end of the
    /// line.
    ///
    /// It is not inlined so that the inlined part of [`Cells::next`] stays small.
    #[inline(never)]
    fn search_block(&mut self, delimiter: u8) -> bool {
        let Some(pending) = delimiter_block(self.line.as_bytes(), self.searched, delimiter) else {
            return false;
        };
        self.pending = pending;
        self.searched += 64;
        true
    }
}

/// Returns a mask of the delimiters in the 64 bytes from `from`, where bit `i` marks a
/// `delimiter` at `from + i`. It compares eight bytes at a time, and returns `None` when
/// `from` is at or past the end.
#[inline(never)]
fn delimiter_block(bytes: &[u8], from: usize, delimiter: u8) -> Option<u64> {
    let rest = bytes.get(from..).filter(|rest| !rest.is_empty())?;
    let block = rest.first_chunk::<64>().copied().unwrap_or_else(|| {
        // The last bytes of the line are padded with a byte that is not the delimiter.
        let mut block = [!delimiter; 64];
        block[..rest.len()].copy_from_slice(rest);
        block
    });
    let mut pending = 0;
    for (index, word) in block.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or_default());
        pending |= gather_lanes(lanes_equal(word, delimiter)) << (8 * index);
    }
    Some(pending)
}

/// Reads the cell at `at` that may start with spaces or a quote, and returns it with the offset
/// of the delimiter after it (or the end of the line).
fn read_cell(line: &str, at: usize, delimiter: char, ascii_delimiter: Option<u8>) -> Result<(Cow<'_, str>, usize), ParseError> {
    let rest = line.get(at..).unwrap_or_default();
    let spaces = rest.bytes().take_while(|byte| *byte == b' ').count();
    if rest.as_bytes().get(spaces) == Some(&b'"') {
        return read_quoted(line, at + spaces, delimiter);
    }
    // An ASCII byte never occurs inside a multi-byte character, so a byte search finds the same
    // delimiter as a character search, with less work per call.
    let found = match ascii_delimiter {
        Some(byte) => find_byte(rest.as_bytes(), byte),
        None => rest.find(delimiter),
    };
    let len = found.unwrap_or(rest.len());
    Ok((Cow::Borrowed(&rest[..len]), at + len))
}

/// Reads the quoted cell whose opening quote is at `open`, and returns it with the offset of
/// the delimiter after it (or the end of the line).
fn read_quoted(line: &str, open: usize, delimiter: char) -> Result<(Cow<'_, str>, usize), ParseError> {
    let bytes = line.as_bytes();
    let mut at = open + 1;
    let mut owned: Option<String> = None;
    let mut copied = open + 1;
    loop {
        let next_quote = bytes.get(at..).and_then(|rest| find_byte(rest, b'"'));
        let Some(skip) = next_quote else {
            return Err(ParseError::new(open, "quoted cell is not closed by '\"'"));
        };
        at += skip;
        if bytes.get(at + 1) != Some(&b'"') {
            break;
        }
        // A doubled quote stands for one quote.
        let text = owned.get_or_insert_with(String::new);
        text.push_str(&line[copied..=at]);
        at += 2;
        copied = at;
    }
    let cell = match owned {
        Some(mut text) => {
            text.push_str(&line[copied..at]);
            Cow::Owned(text)
        }
        None => Cow::Borrowed(&line[open + 1..at]),
    };

    // Only spaces may sit between the closing quote and the delimiter.
    let spaces = bytes
        .get(at + 1..)
        .map_or(0, |after| after.iter().take_while(|byte| **byte == b' ').count());
    let end = at + 1 + spaces;
    if end < line.len() && !line[end..].starts_with(delimiter) {
        return Err(ParseError::new(end, "expected the delimiter after the closing quote"));
    }
    Ok((cell, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn writer_cases() {
        let cases: &[(&str, &[&str], char, &str)] = &[
            ("plain cells", &["a", "b", "c"], ',', "a,b,c"),
            ("delimiter forces quotes", &["a,b", "c"], ',', r#""a,b",c"#),
            ("quote is doubled", &[r#"say "hi""#], ',', r#""say ""hi""""#),
            ("line breaks force quotes", &["a\r\nb"], ',', "\"a\r\nb\""),
            ("other delimiter leaves commas bare", &["a,b", "c;d"], ';', r#"a,b;"c;d""#),
            ("tab delimiter", &["a b", "c\td"], '\t', "a b\t\"c\td\""),
            ("formula text is not touched", &["=1+2", "@x"], ',', "=1+2,@x"),
            ("empty cells", &["", "", ""], ',', ",,"),
            ("quote as delimiter falls back to comma", &["a", "b"], '"', "a,b"),
        ];
        for (name, cells, delimiter, expected) in cases {
            let mut out = String::new();
            write_record(&mut out, cells, *delimiter);
            assert_eq!(&out, expected, "case: {name}");
        }
    }

    #[test]
    fn reader_cases() {
        let cases: &[(&str, &str, char, &[&str])] = &[
            ("plain cells", "a,b,c", ',', &["a", "b", "c"]),
            ("quoted cells", r#""a","b c","d""#, ',', &["a", "b c", "d"]),
            ("doubled quote", r#""x ""y"" z""#, ',', &[r#"x "y" z"#]),
            ("empty quoted cell", r#""",a"#, ',', &["", "a"]),
            ("trailing empty cell", "a,", ',', &["a", ""]),
            ("only delimiters", ",,", ',', &["", "", ""]),
            ("empty record", "", ',', &[""]),
            ("crlf terminator", "a,b\r\n", ',', &["a", "b"]),
            ("quoted line break", "\"a\nb\",c", ',', &["a\nb", "c"]),
            ("spaces around quoted cell", r#" "a" , "b""#, ',', &["a", "b"]),
            ("spaces in unquoted cell are kept", " a , b", ',', &[" a ", " b"]),
            ("quote inside unquoted cell is kept", r#"a"b,c"#, ',', &[r#"a"b"#, "c"]),
            ("semicolon delimiter", r#"a;"b;c";d"#, ';', &["a", "b;c", "d"]),
            ("pipe delimiter", "a|b", '|', &["a", "b"]),
        ];
        for (name, line, delimiter, expected) in cases {
            let cells = parse_record(line, *delimiter).unwrap_or_else(|e| panic!("case {name}: {e}"));
            assert_eq!(&cells, expected, "case: {name}");
        }
    }

    #[test]
    fn cells_iterator_matches_parse_record() {
        let lines = ["a,b,c", r#""x ""y"" z",,"#, "", "a,\"b", r#""a"b,c"#, " \"a\" ,b\r\n"];
        for line in lines {
            let collected: Result<Vec<_>, _> = cells(line, ',').collect();
            let parsed = parse_record(line, ',');
            assert_eq!(collected.as_ref().ok(), parsed.as_ref().ok(), "line: {line:?}");
            assert_eq!(collected.err().map(|e| e.offset), parsed.err().map(|e| e.offset), "line: {line:?}");
        }
    }

    #[test]
    fn cells_iterator_stops_after_error() {
        let mut record = cells(r#""a"b,c,d"#, ',');
        assert!(record.next().is_some_and(|cell| cell.is_err()));
        assert!(record.next().is_none());
    }

    /// Reads a record one character at a time, as the module documentation describes it, to
    /// check the block search of [`cells`] against. An error is its offset.
    fn reference_cells(line: &str, delimiter: char) -> Result<Vec<String>, usize> {
        let line = line.strip_suffix('\n').map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
        let mut cells = Vec::new();
        let mut at = 0;
        loop {
            let rest = &line[at..];
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            let end = if rest[spaces..].starts_with('"') {
                let open = at + spaces;
                let mut cell = String::new();
                let mut close = None;
                let mut chars = line[open + 1..].char_indices().peekable();
                while let Some((offset, c)) = chars.next() {
                    if c != '"' {
                        cell.push(c);
                    } else if chars.next_if(|(_, next)| *next == '"').is_some() {
                        cell.push('"');
                    } else {
                        close = Some(open + 1 + offset);
                        break;
                    }
                }
                let close = close.ok_or(open)?;
                let after = &line[close + 1..];
                let end = close + 1 + after.len() - after.trim_start_matches(' ').len();
                if end < line.len() && !line[end..].starts_with(delimiter) {
                    return Err(end);
                }
                cells.push(cell);
                end
            } else {
                let len = rest.find(delimiter).unwrap_or(rest.len());
                cells.push(rest[..len].to_string());
                at + len
            };
            if end >= line.len() {
                return Ok(cells);
            }
            at = end + delimiter.len_utf8();
        }
    }

    /// Collects the cells of a record, or the offset of its error.
    fn read_cells(line: &str, delimiter: char) -> Result<Vec<String>, usize> {
        cells(line, delimiter)
            .map(|cell| cell.map(String::from).map_err(|err| err.offset))
            .collect()
    }

    #[test]
    fn cells_across_blocks_match_reference() {
        // Cells that cross the 64-byte blocks of the delimiter search, quoted cells between
        // unquoted ones, `-` after a delimiter (0x2d, which a borrow from the 0x2c lane below
        // would flag in a plain zero-byte test), and multi-byte characters.
        let long = "x".repeat(70);
        let lines = [
            format!("{long},a,,b,{long}"),
            format!("a,b,\"c,d\",e,{long},\"f\"\"g\", h ,\"i\" ,-1,-,,"),
            format!(",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,{long}"),
            "é,ü,ñ,,😀,\"😀,é\",x".repeat(9),
            format!("{long}\"{long},b"),
            format!("a,{long},\"unclosed"),
        ];
        for line in &lines {
            assert_eq!(read_cells(line, ','), reference_cells(line, ','), "line: {line:?}");
        }
    }

    #[test]
    fn gather_lanes_moves_every_pattern() {
        for pattern in 0..=255u64 {
            let lanes = (0..8)
                .filter(|lane| pattern & (1 << lane) != 0)
                .map(|lane| 0x80u64 << (8 * lane))
                .sum();
            assert_eq!(gather_lanes(lanes), pattern, "lanes: {lanes:#x}");
        }
    }

    #[test]
    fn lanes_equal_marks_only_equal_bytes() {
        let word = u64::from_le_bytes(*b",-,\x00\xff+,\x2d");
        assert_eq!(lanes_equal(word, b','), 0x0080_0000_0080_0080);
        assert_eq!(lanes_equal(word, b'-'), 0x8000_0000_0000_8000);
        assert_eq!(lanes_equal(word, 0), 0x0000_0000_8000_0000);
    }

    /// Reads the cells of `line` with [`Cells::plain_ranges`], in runs of up to three, handing
    /// the others to `next`.
    fn read_ranges(line: &str) -> Result<Vec<String>, usize> {
        let mut cells = cells(line, ',');
        let mut read = Vec::new();
        let mut ranges = [(0, 0); 3];
        loop {
            let count = cells.plain_ranges(&mut ranges);
            if count > 0 {
                read.extend(ranges[..count].iter().map(|&(at, end)| line[at..end].to_string()));
                continue;
            }
            match cells.next() {
                Some(cell) => read.push(cell.map_err(|err| err.offset)?.into_owned()),
                None => break,
            }
        }
        Ok(read)
    }

    #[test]
    fn cell_ranges_match_cells() {
        let long = "x".repeat(70);
        let lines = [
            format!("{long},a,,b,{long}"),
            format!("a,b,\"c,d\",e,{long},\"f\"\"g\", h ,\"i\" ,-1,-,,"),
            format!(",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,{long}"),
            "é,ü,ñ,,😀,\"😀,é\",x".repeat(9),
            format!("a,{long},\"unclosed"),
            String::new(),
            ",".into(),
        ];
        for line in &lines {
            assert_eq!(read_ranges(line), reference_cells(line, ','), "line: {line:?}");
        }
    }

    proptest! {
        #[test]
        fn cell_ranges_match_cells_on_any_line(line in "[a\",é ]{0,90}") {
            prop_assert_eq!(read_ranges(&line), reference_cells(&line, ','));
        }
    }

    #[test]
    fn unescaped_cells_are_borrowed() {
        let cells = parse_record(r#"a,"b c""#, ',').unwrap();
        assert!(cells.iter().all(|c| matches!(c, Cow::Borrowed(_))));
    }

    #[test]
    fn split_record_honours_quotes() {
        let text = "a,\"x\ny\"\nb,c\r\n\nlast";
        let (first, rest) = split_record(text).unwrap();
        assert_eq!(first, "a,\"x\ny\"");
        let (second, rest) = split_record(rest).unwrap();
        assert_eq!(second, "b,c");
        let (third, rest) = split_record(rest).unwrap();
        assert_eq!(third, "");
        assert_eq!(split_record(rest), Some(("last", "")));
        assert_eq!(split_record(""), None);
    }

    #[test]
    fn malformed_records_name_offset() {
        let cases: &[(&str, &str, usize)] = &[
            ("unclosed quote", r#"a,"b"#, 2),
            ("text after closing quote", r#""a"b,c"#, 3),
            ("text after spaces after closing quote", r#""a" x,c"#, 4),
        ];
        for (name, line, offset) in cases {
            let err = parse_record(line, ',').unwrap_err();
            assert_eq!(err.offset, *offset, "case: {name}: {err}");
        }
    }

    #[test]
    fn oversized_record_is_rejected() {
        let line = "x".repeat(MAX_LINE + 1);
        assert_eq!(parse_record(&line, ',').unwrap_err().offset, MAX_LINE);
    }

    fn delimiter() -> impl Strategy<Value = char> {
        prop_oneof![Just(','), Just(';'), Just('|'), Just('\t')]
    }

    proptest! {
        #[test]
        fn cells_match_reference(
            line in "[a,;| \"\\-é\r\n]{0,300}",
            delimiter in prop_oneof![Just(','), Just(';'), Just('|'), Just('-'), Just('é')],
        ) {
            prop_assert_eq!(read_cells(&line, delimiter), reference_cells(&line, delimiter));
        }

        #[test]
        fn reader_never_panics(line in "\\PC{0,200}", tail in "[a\", \\r\\n]{0,40}", delimiter in delimiter()) {
            let _ = parse_record(&line, delimiter);
            let _ = parse_record(&tail, delimiter);
            let _ = split_record(&tail);
        }

        #[test]
        fn quoted_write_then_read_round_trips(
            cells in proptest::collection::vec("(?s).{0,20}|[a\",;| \\r\\n\\t]{0,10}", 1..8),
            delimiter in delimiter(),
        ) {
            let input: Vec<&str> = cells.iter().map(String::as_str).collect();
            let mut out = String::new();
            write_record_quoted(&mut out, &input, delimiter);
            let read = parse_record(&out, delimiter).unwrap();
            prop_assert_eq!(read, input);
        }

        #[test]
        fn write_then_read_round_trips(
            cells in proptest::collection::vec("(?s).{0,20}|[a\",;| \\r\\n\\t]{0,10}", 1..8),
            delimiter in delimiter(),
        ) {
            // A record of one empty cell is written as an empty line, which reads back the same.
            let input: Vec<&str> = cells.iter().map(String::as_str).collect();
            let mut out = String::new();
            write_record(&mut out, &input, delimiter);
            out.push_str("\r\n");
            let (record, rest) = split_record(&out).unwrap();
            prop_assert_eq!(rest, "");
            let read = parse_record(record, delimiter).unwrap();
            prop_assert_eq!(read, input);
        }
    }
}
