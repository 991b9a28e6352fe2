//! Reading logs into OCSF records: framing, envelopes, and per-event errors.
//!
//! [`Parser`] reads any `BufRead` one event at a time. It splits the input the way the
//! source's [`Framing`] says, unwraps the JSON envelopes real pipelines add (`Records`,
//! `records`, arrays, HEC `event`, API pages with `data` or `value`), hands each event to the
//! source's parser, and maps it to OCSF. A bad event yields an error with its line number and
//! the reading goes on, so one malformed line never hides the rest of a file.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::BufRead;

use serde_json::{Map, Value};

use crate::error::{Error, ParseError, Result};
use crate::format::{csv, json, syslog3164::MAX_LINE};
use crate::ocsf::Object;
use crate::sources::microsoft_windows_eventlog::classic as windows_text;
use crate::sources::{self, Framing, ParseOptions, ParseState, Parsed, Source};

/// One event read from the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// 1-based line where the event starts.
    pub line: u64,
    /// The vendor fields.
    pub parsed: Parsed,
    /// The OCSF record.
    pub ocsf: Object,
}

/// The UTF-8 byte order mark, skipped at the start of the input.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The start of the header line of the library's own CSV export.
const CSV_EXPORT_HEADER: &str = "time,source,sourcetype,variant,host,";

/// Reads events of one source from a `BufRead`.
pub struct Parser<R> {
    source: &'static dyn Source,
    reader: R,
    state: ParseState,
    line: u64,
    pending: VecDeque<std::result::Result<Record, ParseError>>,
    buffer: Vec<u8>,
    /// Lines read ahead, which `read_line` returns first: the line that turned out to start the
    /// next event (multi-line events such as folded Check Point events end only there), or the
    /// later lines of a JSON document that never closed.
    read_ahead: VecDeque<Vec<u8>>,
    /// Verdicts on the lines read ahead after a JSON document that never closed. A line whose
    /// document would not close either fails without reading the rest of the input again.
    unclosed_tail: Option<UnclosedTail>,
    /// Size limit of a JSON document that spans lines: [`json::MAX_DOCUMENT`] except in tests.
    max_document: usize,
    finished: bool,
    /// True after the reader returned an error. The input counts as ended from then on, so a
    /// reader that fails on every call, such as a directory opened as a file, gives one error.
    read_failed: bool,
    /// True after the header of the library's own CSV export: each record's last cell contains
    /// the raw event.
    csv_export: bool,
    /// Time of the last record read, in milliseconds, to notice a year-less timestamp that
    /// crossed into the next year.
    last_time: Option<i64>,
    /// Lines taken from `read_ahead`, so tests can check that input is not read again and again.
    #[cfg(test)]
    lines_read_again: u64,
}

/// Appends the bytes of `reader` up to and including the next line feed to `buffer`, or up to
/// `limit` bytes, and returns how many it appended, as `read_until` of a `Take` reader does.
/// The search for the line feed reads a vector of bytes at a time.
fn read_until_newline<R: BufRead>(reader: &mut R, limit: u64, buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let left = usize::try_from(limit).unwrap_or(usize::MAX).saturating_sub(read);
        if left == 0 {
            return Ok(read);
        }
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        let available = &available[..available.len().min(left)];
        if available.is_empty() {
            return Ok(read);
        }
        let (taken, done) = match memchr::memchr(b'\n', available) {
            Some(at) => (at + 1, true),
            None => (available.len(), false),
        };
        buffer.extend_from_slice(&available[..taken]);
        reader.consume(taken);
        read += taken;
        if done {
            return Ok(read);
        }
    }
}

impl<R: BufRead> Parser<R> {
    /// Starts reading `reader` as events of `source_id`.
    ///
    /// # Errors
    /// Returns [`Error::UnknownSource`] when the id is unknown.
    pub fn new(source_id: &str, reader: R, options: ParseOptions) -> Result<Self> {
        let source = sources::find(source_id)?;
        Ok(Parser {
            source,
            reader,
            state: ParseState {
                options,
                ..ParseState::default()
            },
            line: 0,
            pending: VecDeque::new(),
            buffer: Vec::new(),
            read_ahead: VecDeque::new(),
            unclosed_tail: None,
            last_time: None,
            max_document: json::MAX_DOCUMENT,
            finished: false,
            read_failed: false,
            csv_export: false,
            #[cfg(test)]
            lines_read_again: 0,
        })
    }

    /// Sets the size limit of a JSON document that spans lines, so tests can pass it with
    /// small inputs.
    #[cfg(test)]
    pub(crate) fn with_max_document(mut self, limit: usize) -> Self {
        self.max_document = limit;
        self
    }

    /// Reads one physical line into `self.buffer` without its line break; `Ok(false)` at the
    /// end of input. A line longer than [`MAX_LINE`] is skipped to its end and reported.
    fn read_line(&mut self) -> std::result::Result<bool, ParseError> {
        match self.read_line_feeding(None)? {
            LineRead::Line => Ok(true),
            LineRead::End => Ok(false),
            LineRead::TooLong(error) => Err(error),
        }
    }

    /// Reads the next line into the buffer. A line over [`MAX_LINE`] bytes is skipped to its
    /// end without keeping its bytes. When `depth` is given, every byte of such a line is fed
    /// there, so that a JSON document that contains the line can still be followed to its end.
    fn read_line_feeding(&mut self, depth: Option<&mut JsonDepth>) -> std::result::Result<LineRead, ParseError> {
        if let Some(line) = self.read_ahead.pop_front() {
            self.buffer = line;
            self.line += 1;
            #[cfg(test)]
            {
                self.lines_read_again += 1;
            }
            return Ok(LineRead::Line);
        }
        self.buffer.clear();
        if self.read_failed {
            return Ok(LineRead::End);
        }
        // The first line may start with a byte order mark, which does not count towards the limit.
        let mark = if self.line == 0 { UTF8_BOM.len() } else { 0 };
        let limit = (MAX_LINE + mark) as u64 + 1;
        let read = match read_until_newline(&mut self.reader, limit, &mut self.buffer) {
            Ok(read) => read,
            Err(err) => {
                self.read_failed = true;
                let reason = format!("reading the input failed, so the rest of it was not read: {err}");
                return Err(ParseError::new(0, reason).at_line(self.line + 1));
            }
        };
        if read == 0 {
            return Ok(LineRead::End);
        }
        // The verdicts hold only while the input ends after the lines they were computed from.
        self.unclosed_tail = None;
        self.line += 1;
        if mark > 0 && self.buffer.starts_with(UTF8_BOM) {
            // Editors and Windows tools put a byte order mark before the first line.
            self.buffer.drain(..UTF8_BOM.len());
        }
        let complete = self.buffer.ends_with(b"\n");
        if self.buffer.len() - usize::from(complete) > MAX_LINE {
            let line = self.line;
            let mut depth = depth;
            if let Some(depth) = depth.as_deref_mut() {
                depth.feed(&self.buffer);
            }
            self.buffer.clear();
            if !complete {
                self.skip_rest_of_line(depth);
            }
            let error = ParseError::new(MAX_LINE, format!("line exceeds the {MAX_LINE}-byte limit and was skipped")).at_line(line);
            return Ok(LineRead::TooLong(error));
        }
        while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
            self.buffer.pop();
        }
        Ok(LineRead::Line)
    }

    fn current_text(&self) -> String {
        lossy_text(&self.buffer).into_owned()
    }

    /// Reads lines until a JSON value that started on this line is complete.
    ///
    /// A document larger than the size limit gives one error naming the line it started on.
    /// The rest of it is then read through without keeping its bytes, so the document after it
    /// parses normally.
    ///
    /// A line over [`MAX_LINE`] bytes inside a document is handled the same way: one error,
    /// and the rest of the document is read through.
    fn read_json_document(&mut self, first: String) -> std::result::Result<String, ParseError> {
        let start_line = self.line;
        let mut document = first;
        let mut depth = JsonDepth::default();
        depth.feed(document.as_bytes());
        let unclosed_error = |first_line: usize| {
            ParseError::new(
                first_line,
                "input ends inside a JSON document; its later lines are read again as events",
            )
            .at_line(start_line)
        };
        if !depth.complete() && self.unclosed_tail.as_ref().is_some_and(|tail| tail.never_closes(start_line)) {
            // The lines after this one are queued already, from the document that did not close.
            return Err(unclosed_error(document.len()));
        }
        while !depth.complete() {
            depth.feed(b"\n");
            match self.read_line_feeding(Some(&mut depth))? {
                LineRead::Line => {}
                LineRead::End => {
                    // A document that never closes (a truncated first line of NDJSON) would hide
                    // every event after it, so its other lines are read again as events.
                    let error = unclosed_error(document.find('\n').unwrap_or(document.len()));
                    let later: Vec<&str> = document.split('\n').skip(1).collect();
                    for line in later.iter().rev() {
                        self.read_ahead.push_front(line.as_bytes().to_vec());
                    }
                    self.unclosed_tail = Some(UnclosedTail::of(&document, start_line));
                    self.line = start_line;
                    return Err(error);
                }
                LineRead::TooLong(error) => {
                    let reason = format!(
                        "line {} of the JSON document exceeds the {MAX_LINE}-byte line limit",
                        error.line.unwrap_or(self.line)
                    );
                    return Err(self.skip_json_document(&mut depth, start_line, MAX_LINE, &reason));
                }
            }
            depth.feed(&self.buffer);
            if document.len() + 1 + self.buffer.len() > self.max_document {
                let (limit, reason) = (
                    self.max_document,
                    format!("JSON document exceeds the {}-byte limit", self.max_document),
                );
                return Err(self.skip_json_document(&mut depth, start_line, limit, &reason));
            }
            let text = self.current_text();
            document.push('\n');
            document.push_str(&text);
        }
        Ok(document)
    }

    /// Reads on from the current line through the end of a JSON document that is too large,
    /// feeding `depth` without keeping the bytes, up to the end of the line where the document
    /// closes. Returns the error that reports the document: `reason` names the limit it broke,
    /// and `offset` is that limit.
    fn skip_json_document(&mut self, depth: &mut JsonDepth, start_line: u64, offset: usize, reason: &str) -> ParseError {
        let error = |detail: String| ParseError::new(offset, detail).at_line(start_line);
        // The line that crossed the limit is fed already. Lines are counted as `read_line`
        // counts them: a line's number is taken when its first byte is read.
        let mut at_line_start = true;
        while !depth.complete() {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return error(format!("{reason}, and reading past it failed: {err}")),
            };
            if chunk.is_empty() {
                return error(format!("{reason}, and the input ends inside it"));
            }
            let mut used = chunk.len();
            for (index, &byte) in chunk.iter().enumerate() {
                if at_line_start {
                    self.line += 1;
                    at_line_start = false;
                }
                depth.feed_byte(byte);
                if byte == b'\n' {
                    at_line_start = true;
                }
                if depth.complete() {
                    used = index + 1;
                    break;
                }
            }
            self.reader.consume(used);
        }
        if !at_line_start {
            // The document closed inside a line, and the rest of that line belongs to it.
            self.skip_rest_of_line(None);
        }
        error(format!("{reason}; skipped the document up to its end on line {}", self.line))
    }

    /// Consumes the input up to and including the next line break, without keeping it, and
    /// feeds the bytes to `depth` when it is given. A failed read stops it, and the next read
    /// reports the failure.
    fn skip_rest_of_line(&mut self, mut depth: Option<&mut JsonDepth>) {
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) if !chunk.is_empty() => chunk,
                Ok(_) => return,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return,
            };
            let (used, done) = match memchr::memchr(b'\n', chunk) {
                Some(at) => (at + 1, true),
                None => (chunk.len(), false),
            };
            if let Some(depth) = depth.as_deref_mut() {
                depth.feed(&chunk[..used]);
            }
            self.reader.consume(used);
            if done {
                return;
            }
        }
    }

    /// Reads lines until `</Event>` closes the Windows event that started on this line; the
    /// text may hold several events when they share lines. Returns the text read so far with
    /// an error when the input ends inside the element or when a line or the whole text
    /// exceeds [`MAX_LINE`] bytes. After a size limit, skips the rest of the event up to the
    /// next line that starts an event.
    fn read_xml_event(&mut self, first: String) -> (String, Option<ParseError>) {
        let start_line = self.line;
        let mut event = first;
        while xml_event_open(&event) {
            match self.read_line() {
                Ok(true) => {}
                Ok(false) => {
                    let error = ParseError::new(event.len(), "input ends inside an <Event> element").at_line(start_line);
                    return (event, Some(error));
                }
                Err(err) => {
                    let skipped = self.skip_until(starts_xml_framed_event);
                    return (event, Some(with_skipped(err, skipped)));
                }
            }
            let text = self.current_text();
            if event.len() + 1 + text.len() > MAX_LINE {
                let skipped = 1 + self.skip_until(starts_xml_framed_event);
                let reason = format!("<Event> element exceeds the {MAX_LINE}-byte limit; skipped its last {skipped} lines");
                return (event, Some(ParseError::new(MAX_LINE, reason).at_line(start_line)));
            }
            event.push('\n');
            event.push_str(&text);
        }
        (event, None)
    }

    /// Reads the lines of a Windows event in the classic text rendering. The rendering has no
    /// end marker, so the event runs to the end of the input or to a line that starts the next
    /// event (see [`starts_next_windows_text_event`]). That line is handed back for the next
    /// read. When a line or the whole event exceeds [`MAX_LINE`] bytes, returns the text read
    /// so far with an error and skips the rest of the event.
    fn read_windows_text_event(&mut self, first: String) -> (String, Option<ParseError>) {
        let start_line = self.line;
        let mut event = first;
        let mut has_log_name = event.trim_start().starts_with("LogName=");
        loop {
            match self.read_line() {
                Ok(true) => {}
                Ok(false) => return (event, None),
                Err(err) => {
                    let skipped = self.skip_until(|line| starts_next_windows_text_event(line, has_log_name));
                    return (event, Some(with_skipped(err, skipped)));
                }
            }
            let text = self.current_text();
            if starts_next_windows_text_event(&text, has_log_name) {
                self.hold_line();
                return (event, None);
            }
            if event.len() + 1 + text.len() > MAX_LINE {
                let skipped = 1 + self.skip_until(|line| starts_next_windows_text_event(line, true));
                let reason = format!("Windows event text exceeds the {MAX_LINE}-byte limit; skipped its last {skipped} lines");
                return (event, Some(ParseError::new(MAX_LINE, reason).at_line(start_line)));
            }
            has_log_name |= text.trim_start().starts_with("LogName=");
            event.push('\n');
            event.push_str(&text);
        }
    }

    /// Reads lines until the quotes of a CSV record that started on this line balance, so a
    /// quoted cell may span lines. Gives up after [`MAX_CSV_CONTINUATIONS`] lines or
    /// [`MAX_LINE`] bytes and returns what it read, which the source then rejects.
    fn read_csv_record(&mut self, first: String) -> std::result::Result<String, ParseError> {
        let start_line = self.line;
        let mut record = first;
        let mut continuations = 0;
        while quotes_open(&record) && continuations < MAX_CSV_CONTINUATIONS && record.len() <= MAX_LINE {
            match self.read_line() {
                Ok(true) => {}
                Ok(false) => return Err(ParseError::new(record.len(), "input ends inside a quoted CSV cell").at_line(start_line)),
                Err(err) => return Err(err),
            }
            record.push('\n');
            record.push_str(&self.current_text());
            continuations += 1;
        }
        Ok(record)
    }

    /// Reads the lines that `continues` accepts as the continuation of the event that started
    /// with `first`, joined by line breaks. The first line that does not continue it is held for
    /// the next event, and a blank line ends the event. The event is copied only when a line
    /// continues it.
    ///
    /// Stops after [`MAX_FOLDED_CONTINUATIONS`] lines, or when a line or the whole event
    /// exceeds [`MAX_LINE`] bytes. It then returns the event read so far with an error and
    /// skips the remaining continuation lines, so that they do not start an event of their own.
    /// A read error is returned the same way.
    fn read_folded_event<'a>(&mut self, first: &'a str, continues: fn(&str) -> bool) -> (Cow<'a, str>, Option<ParseError>) {
        let start_line = self.line;
        let mut event = Cow::Borrowed(first);
        let mut continuations = 0;
        let ends_continuation = |line: &str| line.trim().is_empty() || !continues(line);
        loop {
            match self.read_line() {
                Ok(true) => {}
                Ok(false) => break,
                Err(err) => {
                    let skipped = self.skip_until(ends_continuation);
                    return (event, Some(with_skipped(err, skipped)));
                }
            }
            let next = lossy_text(&self.buffer);
            if next.trim().is_empty() {
                break;
            }
            if !continues(&next) {
                self.hold_line();
                break;
            }
            if continuations == MAX_FOLDED_CONTINUATIONS || event.len() + 1 + next.len() > MAX_LINE {
                let skipped = 1 + self.skip_until(ends_continuation);
                let reason = format!(
                    "event continues over more than {MAX_FOLDED_CONTINUATIONS} lines or {MAX_LINE} bytes; skipped its last {skipped} lines"
                );
                let error = ParseError::new(event.len(), reason).at_line(start_line);
                return (event, Some(error));
            }
            let joined = event.to_mut();
            joined.push('\n');
            joined.push_str(&next);
            continuations += 1;
        }
        (event, None)
    }

    /// Hands the line in `self.buffer` back, so that the next [`Self::read_line`] returns it.
    fn hold_line(&mut self) {
        self.read_ahead.push_front(std::mem::take(&mut self.buffer));
        self.line -= 1;
    }

    /// Skips lines up to one that `starts_event` accepts, which is held for the next read, or
    /// to the end of the input. Lines over [`MAX_LINE`] bytes are skipped as well. Returns how
    /// many lines were skipped. A failed read stops the skipping, and the next read reports it.
    fn skip_until(&mut self, mut starts_event: impl FnMut(&str) -> bool) -> u64 {
        let mut skipped = 0;
        loop {
            let line_before = self.line;
            match self.read_line() {
                Ok(true) => {}
                Ok(false) => return skipped,
                // `read_line` counts a line that it skipped for its length, but not a failed read.
                Err(_) if self.line > line_before => {
                    skipped += 1;
                    continue;
                }
                Err(_) => return skipped,
            }
            if starts_event(&lossy_text(&self.buffer)) {
                self.hold_line();
                return skipped;
            }
            skipped += 1;
        }
    }

    /// Parses one event given as text and queues the record or error.
    fn queue_text(&mut self, line: u64, text: &str) {
        let result = self.source.parse_line(text, &mut self.state).map_err(|e| e.at_line(line));
        match result {
            Ok(Some(parsed)) => self.queue_parsed(line, parsed, text, true),
            Ok(None) => {}
            Err(err) => self.pending.push_back(Err(err)),
        }
    }

    /// Maps `parsed` to its record and queues it. `from_line` is true when `raw` is the text line
    /// that `parse_line` read, so it can be read again with the next year.
    fn queue_parsed(&mut self, line: u64, mut parsed: Parsed, raw: &str, from_line: bool) {
        let mut result = self.source.to_ocsf(&parsed, &self.state.options);
        if let Ok(record) = &result {
            if let Some((next_parsed, next_year)) = self.next_year_record(&parsed, record, raw, from_line) {
                if let Some(next_parsed) = next_parsed {
                    parsed = next_parsed;
                }
                result = Ok(next_year);
            }
            self.last_time = record_time(result.as_ref().ok());
        }
        let result = result.map(|mut ocsf| {
            if self.state.options.include_raw {
                // No mapping sets `raw_data`, so it is appended without a search.
                ocsf.append("raw_data", raw);
            }
            Record { line, parsed, ocsf }
        });
        self.pending.push_back(result.map_err(|e| e.at_line(line)));
    }

    /// Reads `parsed` again with the next year when its record lies more than half a year
    /// before the previous record and the next year puts it within a month of that record.
    /// That happens to a BSD syslog timestamp, which has no year, after New Year, and the
    /// events after it keep the new year. A timestamp with its own year reads the same with
    /// either year, and a log out of order by months, or a previous record that took the
    /// received time, does not come within a month.
    ///
    /// Some readers apply the year while reading the line, such as the CEF `rt` of Check
    /// Point and FortiGate in the form `MMM dd HH:mm:ss`. When the mapping alone gives the
    /// same time with the next year, the line is read again with it, and the new fields are
    /// returned with the record.
    fn next_year_record(&mut self, parsed: &Parsed, record: &Object, raw: &str, from_line: bool) -> Option<(Option<Parsed>, Object)> {
        const HALF_YEAR_MILLIS: i64 = 183 * 86_400_000;
        const MONTH_MILLIS: u64 = 31 * 86_400_000;
        let last = self.last_time?;
        let time = record_time(Some(record))?;
        if last - time <= HALF_YEAR_MILLIS {
            return None;
        }
        let options = ParseOptions {
            year: self.state.options.year.checked_add(1)?,
            ..self.state.options
        };
        let mut next_parsed = None;
        let mut next = self.source.to_ocsf(parsed, &options).ok()?;
        if from_line && record_time(Some(&next)) == Some(time) {
            // Reading the line again with a copy of the state leaves the state of the next line
            // as it is. The copy lacks the header fields that the first reading took, but the
            // sources with headers write the year into every line, so this record is not kept.
            let mut state = self.state.clone();
            state.options = options;
            let again = self.source.parse_line(raw, &mut state).ok()??;
            next = self.source.to_ocsf(&again, &options).ok()?;
            next_parsed = Some(again);
        }
        if record_time(Some(&next))?.abs_diff(last) > MONTH_MILLIS {
            return None;
        }
        self.state.options.year = options.year;
        Some((next_parsed, next))
    }

    fn queue_json(&mut self, line: u64, document: &str) {
        let value = match json::parse(document) {
            Ok(value) => value,
            Err(err) => {
                self.pending.push_back(Err(err.at_line(line)));
                return;
            }
        };
        if let Some(other) = export_of_other_source(&value, self.source) {
            let reason = other_source_reason(&other, self.source);
            self.pending.push_back(Err(ParseError::new(0, reason).at_line(line)));
            return;
        }
        match value {
            Value::Array(elements) if elements.iter().any(is_export_event) => self.queue_export_array(line, document, elements),
            value => self.queue_value(line, value),
        }
    }

    /// Queues the elements of a JSON array export, each with the line where it starts. An
    /// element of another source, which a multi-source export such as a scenario run contains,
    /// fails on its own, and the other elements still parse.
    fn queue_export_array(&mut self, line: u64, document: &str, elements: Vec<Value>) {
        let element_lines = array_element_lines(document);
        let count = elements.len();
        for (index, element) in elements.into_iter().enumerate() {
            let element_line = line + element_lines.get(index).copied().unwrap_or(0);
            if let Some(other) = export_of_other_source(&element, self.source) {
                let reason = format!(
                    "element {} of {count} in the array: {}",
                    index + 1,
                    other_source_reason(&other, self.source)
                );
                self.pending.push_back(Err(ParseError::new(0, reason).at_line(element_line)));
                continue;
            }
            self.queue_value(element_line, element);
        }
    }

    /// Queues the events inside one JSON document that starts at `line`.
    fn queue_value(&mut self, line: u64, value: Value) {
        let mut items = Vec::new();
        unwrap_envelope_tagged(value, &mut items, 0, None);
        let count = items.len();
        for (index, (item, envelope)) in items.into_iter().enumerate() {
            self.state.envelope = envelope;
            match item {
                Value::String(text) => self.queue_text(line, &text),
                other => {
                    let result = self.source.parse_json(&other, &mut self.state).map_err(|mut err| {
                        // The error carries the line where the document starts, so the reason
                        // names the event's place in the batch.
                        if count > 1 {
                            err.reason = format!("event {} of {count} in the document: {}", index + 1, err.reason);
                        }
                        err.at_line(line)
                    });
                    match result {
                        Ok(Some(parsed)) => {
                            let raw = serde_json::to_string(&other).unwrap_or_default();
                            self.queue_parsed(line, parsed, &raw, false);
                        }
                        Ok(None) => {}
                        Err(err) => self.pending.push_back(Err(err)),
                    }
                }
            }
        }
        self.state.envelope = None;
    }

    /// Reads until at least one outcome is queued or the input ends.
    fn fill(&mut self) {
        while self.pending.is_empty() && !self.finished {
            match self.read_line() {
                Ok(true) => {}
                Ok(false) => {
                    self.finished = true;
                    return;
                }
                Err(err) => {
                    self.pending.push_back(Err(err));
                    return;
                }
            }
            // The line is borrowed from the buffer, and copied only when it is not valid UTF-8
            // or starts a document that spans lines. The buffer is moved out meanwhile, so the
            // readers of further lines fill a buffer of their own.
            let buffer = std::mem::take(&mut self.buffer);
            match std::str::from_utf8(&buffer) {
                Ok(text) => self.read_event(text),
                Err(_) => self.read_event(&String::from_utf8_lossy(&buffer)),
            }
            self.buffer = buffer;
        }
    }

    /// Queues the outcome of one record of the library's CSV export, whose last cell contains the
    /// raw event.
    fn read_csv_export_record(&mut self, line: u64, text: &str) {
        let record = match self.read_csv_record(text.to_string()) {
            Ok(record) => record,
            Err(err) => {
                self.pending.push_back(Err(err));
                return;
            }
        };
        let mut cells = csv::cells(&record, ',');
        // The second column names the event's source. A multi-source export, such as a
        // scenario run, has rows of other sources, and those fail as in an NDJSON export.
        if let Some(Ok(named)) = cells.nth(1) {
            let named = crate::export::csv::restore_cell(&named);
            if let Ok(other) = sources::find(named) {
                if other.meta().id != self.source.meta().id {
                    let reason = other_source_reason(other.meta().id, self.source);
                    self.pending.push_back(Err(ParseError::new(0, reason).at_line(line)));
                    return;
                }
            }
        }
        let raw = match cells.last() {
            Some(Ok(cell)) => cell,
            Some(Err(err)) => {
                self.pending.push_back(Err(err.at_line(line)));
                return;
            }
            None => return,
        };
        let raw = crate::export::csv::restore_cell(&raw);
        let trimmed = raw.trim_start();
        if trimmed.starts_with('{') || starts_json_array(trimmed) {
            self.queue_json(line, raw);
        } else {
            self.queue_text(line, raw);
        }
    }

    /// Queues the outcomes of the event that starts with the line `text`, reading further
    /// lines when it opens a JSON document, a Windows event or a CSV record with a quoted cell
    /// left open, or when the source folds events over several lines.
    fn read_event(&mut self, text: &str) {
        let trimmed = text.trim_start();
        if trimmed.trim_end().is_empty() {
            return;
        }
        let line = self.line;
        // A header after line 1 starts another export appended to the first.
        if self.csv_export && text.starts_with(CSV_EXPORT_HEADER) && text.trim_end().ends_with(",raw") {
            return;
        }
        if line == 1 && text.starts_with(CSV_EXPORT_HEADER) {
            if text.trim_end().ends_with(",raw") {
                self.csv_export = true;
                return;
            }
            // Without the raw column, every row would fail, so one error names the outputs to
            // give instead.
            let reason = "this CSV export has no raw column, so its events cannot be read back; \
                          parse the raw, NDJSON, JSON or CSV output of generate instead";
            self.pending.push_back(Err(ParseError::new(0, reason).at_line(line)));
            self.finished = true;
            return;
        }
        if self.csv_export {
            self.read_csv_export_record(line, text);
            return;
        }
        let xml_framing = self.source.meta().framing == Framing::WindowsXml;
        if trimmed.starts_with('{') || starts_json_array(trimmed) {
            let mut depth = JsonDepth::default();
            depth.feed(text.as_bytes());
            if depth.complete() {
                self.queue_json(line, text);
                return;
            }
            match self.read_json_document(text.to_string()) {
                Ok(document) => self.queue_json(line, &document),
                Err(err) => self.pending.push_back(Err(err)),
            }
        } else if xml_framing && (trimmed.starts_with("<Event") || trimmed.starts_with("<?xml") || trimmed.starts_with("</Events")) {
            // An event, or a declaration or `<Events>` wrapper that may have events after it.
            let Some(start) = xml_event_start(text) else {
                return;
            };
            let first = &text[start..];
            if !xml_event_open(first) {
                for event in split_xml_events(first) {
                    self.queue_text(line, event);
                }
                return;
            }
            let (text, error) = self.read_xml_event(first.to_string());
            let events = split_xml_events(&text);
            // With an error, the last element is the one left open: its text cannot parse, and
            // the error reports it.
            let complete = match error {
                Some(_) => &events[..events.len().saturating_sub(1)],
                None => &events[..],
            };
            for event in complete {
                // Each element was cut from `text`, so its offset there gives its first line.
                let offset = (event.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
                let breaks = text
                    .as_bytes()
                    .get(..offset)
                    .map_or(0, |before| memchr::memchr_iter(b'\n', before).count());
                self.queue_text(line + breaks as u64, event);
            }
            if let Some(error) = error {
                self.pending.push_back(Err(error));
            }
        } else if xml_framing && windows_text::starts_event(trimmed) {
            let (event, error) = self.read_windows_text_event(text.to_string());
            self.queue_text(line, &event);
            if let Some(error) = error {
                self.pending.push_back(Err(error));
            }
        } else if self.source.meta().framing == Framing::Csv && quotes_open(text) {
            match self.read_csv_record(text.to_string()) {
                Ok(record) => self.queue_text(line, &record),
                Err(err) => self.pending.push_back(Err(err)),
            }
        } else if let Some(continues) = self.source.continuation_test() {
            let (event, error) = self.read_folded_event(text, continues);
            self.queue_text(line, &event);
            if let Some(error) = error {
                self.pending.push_back(Err(error));
            }
        } else {
            self.queue_text(line, text);
        }
    }
}

/// Lines a folded event may continue over, so that lines which are not events do not pile up
/// into one event without end.
const MAX_FOLDED_CONTINUATIONS: usize = 64;

/// Lines a CSV record may continue over when a quoted cell contains line breaks. A stray
/// quote swallows at most this many following lines.
const MAX_CSV_CONTINUATIONS: usize = 16;

/// Adds to an error about an over-long line how many lines after it were skipped with it.
fn with_skipped(mut error: ParseError, skipped: u64) -> ParseError {
    if skipped > 0 {
        error
            .reason
            .push_str(&format!(", as were the {skipped} lines after it up to the next event"));
    }
    error
}

/// Returns true when `line` starts the event after a Windows event in the classic text
/// rendering: its date line, a `LogName=` header when the event has one already
/// (`has_log_name`), or event XML or JSON. XML and JSON start an event only at the start of
/// the line, because messages contain indented `{...}` lines, such as the property GUIDs of
/// event 4662.
fn starts_next_windows_text_event(line: &str, has_log_name: bool) -> bool {
    let trimmed = line.trim_start();
    let is_log_name = trimmed.starts_with("LogName=");
    (is_log_name && has_log_name)
        || (!is_log_name && windows_text::starts_event(trimmed))
        || line.starts_with("<Event")
        || line.starts_with('{')
}

/// Returns true when `line` starts an event of a Windows source: event XML or an XML
/// declaration, classic text, or JSON at the start of the line.
fn starts_xml_framed_event(line: &str) -> bool {
    let trimmed = line.trim_start();
    xml_event_start(trimmed) == Some(0) || trimmed.starts_with("<?xml") || windows_text::starts_event(trimmed) || line.starts_with('{')
}

/// Returns true when `text` ends inside a quoted CSV cell: it has an odd number of `"`, as an
/// escaped quote (`""`) adds two.
/// Returns `bytes` as text, with each invalid UTF-8 sequence replaced by U+FFFD. Valid text,
/// nearly every line, is checked by `str::from_utf8`, which reads ASCII a word at a time,
/// while `String::from_utf8_lossy` checks it a byte at a time.
fn lossy_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn quotes_open(text: &str) -> bool {
    // memchr counts with vector instructions, many bytes per step.
    memchr::memchr_iter(b'"', text.as_bytes()).count() % 2 == 1
}

impl<R: BufRead> Iterator for Parser<R> {
    type Item = std::result::Result<Record, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.fill();
        self.pending.pop_front()
    }
}

/// Returns the offset of the first `<Event` start tag (not `<Events`) in `text`.
fn xml_event_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"<Event").find(|&at| {
        matches!(
            bytes.get(at + "<Event".len()),
            Some(b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n') | None
        )
    })
}

/// Returns the length of the event element at the start of `text` (up to its `</Event>`, or
/// its first `>` for a self-closing `<Event .../>`) and whether the element is complete; an
/// unfinished element runs to the end of `text`. An element cut off before its end, such as
/// the last event of a log whose writer stopped, ends where the next `<Event` start tag
/// begins: it counts as complete, so that it fails to parse and the next event is read.
fn xml_event_len(text: &str) -> (usize, bool) {
    let tag_end = text.find('>').map_or(text.len(), |end| end + 1);
    if text[..tag_end].ends_with("/>") {
        return (tag_end, true);
    }
    let end = memchr::memmem::find(text.as_bytes(), b"</Event>").map(|end| end + "</Event>".len());
    // Event XML escapes `<` in text and attribute values, so a start tag inside an element
    // begins another element. Only the text up to the first end tag can contain one.
    let inside = text.get(tag_end..end.unwrap_or(text.len())).unwrap_or_default();
    let next = xml_event_start(inside).map(|next| tag_end + next);
    match (end, next) {
        (Some(end), Some(next)) if next < end => (next, true),
        (Some(end), _) => (end, true),
        (None, Some(next)) => (next, true),
        (None, None) => (text.len(), false),
    }
}

/// True while `text` ends inside an `<Event>` element.
fn xml_event_open(text: &str) -> bool {
    let mut rest = text;
    while let Some(start) = xml_event_start(rest) {
        let event = &rest[start..];
        let (len, complete) = xml_event_len(event);
        if !complete {
            return true;
        }
        rest = &event[len..];
    }
    false
}

/// Splits text holding one or more `<Event>` elements into the elements, dropping wrapper
/// text such as `<Events>` around them.
fn split_xml_events(text: &str) -> Vec<&str> {
    let mut events = Vec::new();
    let mut rest = text;
    while let Some(start) = xml_event_start(rest) {
        let event = &rest[start..];
        let (len, _) = xml_event_len(event);
        events.push(&event[..len]);
        rest = &event[len..];
    }
    events
}

/// Returns the source id of an event of this library's NDJSON or JSON export when it names a
/// registered source other than `source`. A multi-source export, such as a scenario run, contains
/// events of many sources, and those of another source cannot parse as this one.
fn export_of_other_source(value: &Value, source: &dyn Source) -> Option<String> {
    if !is_export_event(value) {
        return None;
    }
    let named = value.get("source")?.as_str()?;
    let other = sources::find(named).ok()?;
    (other.meta().id != source.meta().id).then(|| other.meta().id.to_string())
}

/// Returns true when `value` is an event of this library's NDJSON or JSON export: an object
/// with `raw`, `source` and `sourcetype` strings.
fn is_export_event(value: &Value) -> bool {
    let Some(map) = value.as_object() else {
        return false;
    };
    ["raw", "source", "sourcetype"]
        .iter()
        .all(|key| map.get(*key).is_some_and(Value::is_string))
}

/// Builds the reason of the error for an exported event of source `other` read as `source`.
fn other_source_reason(other: &str, source: &dyn Source) -> String {
    format!(
        "this is an exported event of source '{other}', not '{}'; parse it with that source id, \
         or keep the events of one source (their `source` field) before parsing",
        source.meta().id
    )
}

/// Returns, for each element of the JSON array `document`, the number of line breaks before
/// the element starts. The document must be valid JSON whose top level is an array.
fn array_element_lines(document: &str) -> Vec<u64> {
    let mut lines = Vec::new();
    let mut breaks = 0;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut expecting_element = false;
    for byte in document.bytes() {
        if byte == b'\n' {
            breaks += 1;
        }
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if depth == 1 && expecting_element && !byte.is_ascii_whitespace() && byte != b']' {
            lines.push(breaks);
            expecting_element = false;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                expecting_element = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting_element = true,
            _ => {}
        }
    }
    lines
}

/// Returns true when `text` opens a JSON array: `[` followed by the end of the line or by what
/// can start a JSON value. Text such as Check Point's `[action:"Accept"; ...]` is not JSON.
fn starts_json_array(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('[') else {
        return false;
    };
    match rest.trim_start().bytes().next() {
        None => true,
        Some(byte) => matches!(byte, b'{' | b'[' | b']' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'),
    }
}

/// The outcome of [`Parser::read_line_feeding`].
enum LineRead {
    /// A line, now in the buffer.
    Line,
    /// The end of the input.
    End,
    /// A line over [`MAX_LINE`] bytes, skipped, with the error that reports it.
    TooLong(ParseError),
}

/// Tracks brace depth of JSON text outside strings, to find where a document ends.
#[derive(Default)]
struct JsonDepth {
    depth: i64,
    in_string: bool,
    escaped: bool,
    seen: bool,
}

impl JsonDepth {
    /// Feeds text, as bytes: quotes, backslashes and brackets are ASCII, which never occurs
    /// inside a multi-byte UTF-8 character.
    fn feed(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.feed_byte(byte);
        }
    }

    fn feed_byte(&mut self, byte: u8) {
        if byte == b'\n' {
            // A JSON string never contains a raw line break, so a line that ends inside one
            // (a line cut short) leaves the string there. Every line then starts outside a
            // string, whichever line a document started on.
            self.in_string = false;
            self.escaped = false;
            return;
        }
        if self.in_string {
            match byte {
                _ if self.escaped => self.escaped = false,
                b'\\' => self.escaped = true,
                b'"' => self.in_string = false,
                _ => {}
            }
            return;
        }
        match byte {
            b'"' => self.in_string = true,
            b'{' | b'[' => {
                self.depth += 1;
                self.seen = true;
            }
            b'}' | b']' => self.depth -= 1,
            _ => {}
        }
    }

    fn complete(&self) -> bool {
        self.seen && self.depth <= 0 && !self.in_string
    }
}

/// For each line after the first of a JSON document that ran to the end of the input without
/// closing, whether a document starting on that line would run to the end unclosed as well.
///
/// Every line starts outside a string (see [`JsonDepth::feed_byte`]). A document starting on
/// line `j` therefore goes through the same states as the whole document from there on, at a
/// depth lower by `d`, the depth of the whole document when line `j` began. It closes at the
/// first line end where the whole document is outside a string at a depth of `d` or less.
struct UnclosedTail {
    /// Number of the second line of the document.
    first_line: u64,
    /// `never_closes[i]` is the verdict for line `first_line + i`.
    never_closes: Vec<bool>,
}

impl UnclosedTail {
    fn of(document: &str, start_line: u64) -> Self {
        let mut depth = JsonDepth::default();
        // The depth at each line end. `closing_depths` has the same depth where the line ends
        // outside a string, so a document could close there, and `i64::MAX` elsewhere.
        let mut end_depths = Vec::new();
        let mut closing_depths = Vec::new();
        for (i, line) in document.split('\n').enumerate() {
            if i > 0 {
                depth.feed(b"\n");
            }
            depth.feed(line.as_bytes());
            end_depths.push(depth.depth);
            closing_depths.push(if depth.in_string { i64::MAX } else { depth.depth });
        }
        // The lowest closing depth from each line on.
        let mut lowest_from = closing_depths;
        for i in (0..lowest_from.len().saturating_sub(1)).rev() {
            lowest_from[i] = lowest_from[i].min(lowest_from[i + 1]);
        }
        let never_closes = (1..end_depths.len()).map(|i| lowest_from[i] > end_depths[i - 1]).collect();
        UnclosedTail {
            first_line: start_line + 1,
            never_closes,
        }
    }

    fn never_closes(&self, line: u64) -> bool {
        line.checked_sub(self.first_line)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| self.never_closes.get(i))
            .copied()
            .unwrap_or(false)
    }
}

/// Maximum envelope nesting that is unwrapped.
const MAX_ENVELOPE_DEPTH: usize = 8;

/// Appends the events inside `value`: array items, `Records` / `records` items, the messages
/// of a CloudWatch Logs subscription batch (`logEvents`), a HEC `event`, the `data.events` of a
/// CloudEvents delivery, the `data` or `value` array of an API page, one page per event of a page with
/// kind-named arrays (Proofpoint TAP), or the value itself.
pub fn unwrap_envelope(value: Value, out: &mut Vec<Value>, depth: usize) {
    let mut tagged = Vec::new();
    unwrap_envelope_tagged(value, &mut tagged, depth, None);
    out.extend(tagged.into_iter().map(|(event, _)| event));
}

/// Same as [`unwrap_envelope`], pairing each event with the envelope member it was taken
/// from: `Records`, `records`, `logEvents`, `event`, `events`, `data`, `value` or `resources`, the
/// innermost one when
/// envelopes nest, or `envelope` when it sat in none. Sources read the name in
/// [`ParseState::envelope`](crate::sources::ParseState::envelope) when the envelope tells events
/// apart, such as Entra ID records that Event Hubs delivers in a `records` batch.
pub fn unwrap_envelope_tagged(value: Value, out: &mut Vec<(Value, Option<&'static str>)>, depth: usize, envelope: Option<&'static str>) {
    if depth > MAX_ENVELOPE_DEPTH {
        out.push((value, envelope));
        return;
    }
    match value {
        Value::Array(items) => items
            .into_iter()
            .for_each(|item| unwrap_envelope_tagged(item, out, depth + 1, envelope)),
        Value::Object(mut map) => {
            for key in ["Records", "records"] {
                if matches!(map.get(key), Some(Value::Array(_))) {
                    if let Some(Value::Array(items)) = map.remove(key) {
                        items
                            .into_iter()
                            .for_each(|item| unwrap_envelope_tagged(item, out, depth + 1, Some(key)));
                        return;
                    }
                }
            }
            // A CloudWatch Logs subscription batch (as Kinesis, Firehose or Lambda receive it
            // once decompressed) carries each event as the text of `logEvents[].message`: a VPC
            // flow log record, or a CloudTrail record as JSON text. A control message only
            // checks that the destination is reachable and contains no event.
            if matches!(map.get("logEvents"), Some(Value::Array(_))) && (map.contains_key("messageType") || map.contains_key("logGroup")) {
                if map.get("messageType").and_then(Value::as_str) == Some("CONTROL_MESSAGE") {
                    return;
                }
                if let Some(Value::Array(items)) = map.remove("logEvents") {
                    for item in items {
                        let message = match item {
                            Value::Object(mut log_event) => log_event.remove("message").unwrap_or(Value::Null),
                            other => other,
                        };
                        match message {
                            Value::String(text) if text.trim_start().starts_with('{') => match serde_json::from_str(&text) {
                                Ok(record) => unwrap_envelope_tagged(record, out, depth + 1, Some("logEvents")),
                                Err(_) => out.push((Value::String(text), Some("logEvents"))),
                            },
                            other => out.push((other, Some("logEvents"))),
                        }
                    }
                    return;
                }
            }
            // The NDJSON and JSON exports of this library wrap each event as text in `raw`, next
            // to its `source` and `sourcetype`. The event of a JSON source is JSON text.
            let export = ["raw", "source", "sourcetype"]
                .iter()
                .all(|k| map.get(*k).is_some_and(Value::is_string));
            if export {
                if let Some(Value::String(text)) = map.remove("raw") {
                    match serde_json::from_str::<Value>(&text) {
                        Ok(record @ Value::Object(_)) => unwrap_envelope_tagged(record, out, depth + 1, Some("raw")),
                        _ => out.push((Value::String(text), Some("raw"))),
                    }
                    return;
                }
            }
            // HEC metadata keys hold strings or numbers; an ECS document (Winlogbeat, Elastic
            // Agent) also has `event` and `host` keys, but they hold objects. A vendor record
            // may itself have a top-level `event` (CrowdStrike Falcon streaming events pair it
            // with `metadata`), so a HEC envelope is also one without `metadata`.
            let hec = map.contains_key("event")
                && !map.contains_key("metadata")
                && ["sourcetype", "time", "host", "index", "source"]
                    .iter()
                    .any(|k| map.get(*k).is_some_and(|v| v.is_string() || v.is_number()));
            if hec {
                if let Some(event) = map.remove("event") {
                    unwrap_envelope_tagged(event, out, depth + 1, Some("event"));
                    return;
                }
            }
            // A CloudEvents delivery (Okta event hooks) carries its events in `data.events`.
            let cloud_event = map.contains_key("cloudEventsVersion") || map.contains_key("specversion");
            if cloud_event && matches!(map.get("data").and_then(|data| data.get("events")), Some(Value::Array(_))) {
                if let Some(Value::Array(items)) = map
                    .get_mut("data")
                    .and_then(|data| data.as_object_mut())
                    .and_then(|data| data.remove("events"))
                {
                    items
                        .into_iter()
                        .for_each(|item| unwrap_envelope_tagged(item, out, depth + 1, Some("events")));
                    return;
                }
            }
            // A page with no other member than its list and OData links (`@odata.nextLink`) is a
            // page too: Graph omits `@odata.context` in some responses.
            let page_member = |key: &String| ["data", "value", "resources"].contains(&key.as_str()) || key.starts_with("@odata.");
            let page = (map.contains_key("meta")
                || map.contains_key("links")
                || map.contains_key("@odata.context")
                || map.contains_key("errors")
                || map.keys().all(page_member))
                && (matches!(map.get("data"), Some(Value::Array(_)))
                    || matches!(map.get("value"), Some(Value::Array(_)))
                    || matches!(map.get("resources"), Some(Value::Array(_))));
            if page {
                for key in ["data", "value", "resources"] {
                    if let Some(Value::Array(items)) = map.remove(key) {
                        items
                            .into_iter()
                            .for_each(|item| unwrap_envelope_tagged(item, out, depth + 1, Some(key)));
                        return;
                    }
                }
            }
            if let Some(pages) = split_kind_page(&mut map) {
                out.extend(pages.into_iter().map(|page| (page, envelope)));
                return;
            }
            out.push((Value::Object(map), envelope));
        }
        other => out.push((other, envelope)),
    }
}

/// Splits an API page whose events sit in several arrays named by kind, such as the
/// Proofpoint TAP SIEM API response `{"queryEndTime": ..., "messagesDelivered": [...],
/// "clicksBlocked": [...]}`, into one page per event: `{"queryEndTime": ..., "clicksBlocked":
/// [event]}`. The array name is the only place such a page records the kind of its events
/// (a permitted and a blocked click carry the same fields), so each event keeps it. Returns
/// `None` when `map` is not such a page or contains at most one event.
fn split_kind_page(map: &mut Map<String, Value>) -> Option<Vec<Value>> {
    if !matches!(map.get("queryEndTime"), Some(Value::String(_))) {
        return None;
    }
    let is_kind_array = |value: &Value| matches!(value, Value::Array(items) if items.iter().all(Value::is_object));
    let events: usize = map
        .values()
        .filter(|v| is_kind_array(v))
        .map(|v| v.as_array().map_or(0, Vec::len))
        .sum();
    // One event needs no split. A page without events goes to the source as it is, which can
    // tell an empty page from a malformed one.
    if events <= 1 {
        return None;
    }
    let query_end = map.get("queryEndTime").cloned().unwrap_or(Value::Null);
    let mut pages = Vec::with_capacity(events);
    for (kind, value) in std::mem::take(map) {
        let Value::Array(items) = value else { continue };
        if !items.iter().all(Value::is_object) {
            continue;
        }
        for item in items {
            let mut page = Map::new();
            page.insert("queryEndTime".into(), query_end.clone());
            page.insert(kind.clone(), Value::Array(vec![item]));
            pages.push(Value::Object(page));
        }
    }
    Some(pages)
}

/// Returns the OCSF `time` of a record, in milliseconds.
fn record_time(record: Option<&Object>) -> Option<i64> {
    record?.get("time")?.as_i64()
}

/// Parses a whole text into one outcome per event.
///
/// # Errors
/// Returns [`Error::UnknownSource`] for an unknown id; per-event problems are in the list.
///
/// # Examples
/// ```
/// use siemulator::parse::parse_str;
/// let text = "<38>Jan  5 09:00:00 web01 sshd[411]: Failed password for root from 198.51.100.7 port 52144 ssh2\n";
/// let records = parse_str("linux_auth", text, Default::default()).unwrap();
/// let record = records[0].as_ref().unwrap();
/// assert_eq!(record.ocsf["class_uid"], 3002);
/// ```
pub fn parse_str(source_id: &str, text: &str, options: ParseOptions) -> Result<Vec<std::result::Result<Record, ParseError>>> {
    Ok(Parser::new(source_id, text.as_bytes(), options)?.collect())
}

/// Parses exactly one event.
///
/// # Errors
/// Returns [`Error::Parse`] when the text contains no event, more than one, or a malformed
/// one, and [`Error::UnknownSource`] for an unknown id. [`parse_str`] and [`Parser`] read a
/// text with many events.
pub fn parse_event(source_id: &str, text: &str, options: ParseOptions) -> Result<Record> {
    let source = sources::find(source_id)?;
    let mut outcomes = parse_str(source_id, text, options)?;
    if outcomes.is_empty() {
        return Err(Error::Parse {
            source_id: source.meta().id.to_string(),
            error: ParseError::new(0, "the input contains no event; give one log line or JSON record"),
        });
    }
    if let Some(second) = outcomes.get(1) {
        let line = match second {
            Ok(record) => Some(record.line),
            Err(error) => error.line,
        };
        let place = line.map_or(String::new(), |line| format!(" (the second starts at line {line})"));
        let mut error = ParseError::new(
            0,
            format!("the input contains more than one event{place}; pass one event, or parse the text as a whole"),
        );
        error.line = line;
        return Err(Error::Parse {
            source_id: source.meta().id.to_string(),
            error,
        });
    }
    outcomes.swap_remove(0).map_err(|error| Error::Parse {
        source_id: source.meta().id.to_string(),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that fails with `Interrupted` before every other read, as a signal may make it.
    struct Interrupting<R> {
        inner: R,
        interrupt: bool,
    }

    impl<R: std::io::Read> std::io::Read for Interrupting<R> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            self.interrupt = !self.interrupt;
            if self.interrupt {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            self.inner.read(out)
        }
    }

    #[test]
    fn lines_are_read_as_read_until_reads_them() {
        let texts: [&[u8]; 6] = [b"", b"a\nbc\r\n\nlast", b"\n\n", b"no line feed", &[b'x'; 300], b"one\ntwo\n"];
        for text in texts {
            for capacity in [1, 3, 64, 8192] {
                for limit in [0, 1, 2, 5, 100, u64::MAX] {
                    let mut expected = Vec::new();
                    let mut reference = std::io::BufReader::with_capacity(capacity, text);
                    let mut reader = std::io::BufReader::with_capacity(
                        capacity,
                        Interrupting {
                            inner: text,
                            interrupt: false,
                        },
                    );
                    loop {
                        let mut line = Vec::new();
                        let want = std::io::Read::take(&mut reference, limit).read_until(b'\n', &mut expected).unwrap();
                        let got = read_until_newline(&mut reader, limit, &mut line).unwrap();
                        assert_eq!(got, want, "{text:?} capacity {capacity} limit {limit}");
                        assert_eq!(
                            line,
                            expected[expected.len() - want..],
                            "{text:?} capacity {capacity} limit {limit}"
                        );
                        if want == 0 {
                            break;
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn year_rolls_over_at_new_year() {
        use crate::generate::{GenerateRequest, Generator};
        let request = GenerateRequest {
            start: Some(crate::timestamp::parse_rfc3339("2025-12-31T23:59:58Z").unwrap()),
            rate: Some(1.0),
            ..GenerateRequest::new("linux_auth", 4)
        };
        let events: Vec<_> = Generator::new(&request).unwrap().collect();
        let text: String = events.iter().map(|event| format!("{}\n", event.raw)).collect();
        let options = ParseOptions {
            year: 2025,
            ..ParseOptions::default()
        };
        let times: Vec<i64> = parse_str("linux_auth", &text, options)
            .unwrap()
            .into_iter()
            .map(|record| record_time(Some(&record.unwrap().ocsf)).unwrap())
            .collect();
        let expected: Vec<i64> = events.iter().map(|event| event.time.millis() / 1000 * 1000).collect();
        assert_eq!(times, expected);

        // A timestamp with its own year is read as it is, even when it goes back in time.
        let lines = "<86>1 2026-06-01T00:00:00Z web01 sshd 411 - - Accepted password for bob from 192.0.2.7 port 52144 ssh2\n<86>1 2025-01-01T00:00:00Z web01 sshd 412 - - Accepted password for bob from 192.0.2.7 port 52145 ssh2\n";
        let times: Vec<i64> = parse_str("linux_auth", lines, ParseOptions::default())
            .unwrap()
            .into_iter()
            .map(|record| record_time(Some(&record.unwrap().ocsf)).unwrap())
            .collect();
        assert_eq!(times, [1_780_272_000_000, 1_735_689_600_000]);

        // Out of order by months, or after a line that took the received time: no new year.
        let options = ParseOptions {
            year: 2025,
            received_time: Some(crate::timestamp::parse_rfc3339("2025-12-05T12:00:00Z").unwrap()),
            ..ParseOptions::default()
        };
        let lines = " Invalid user guest from 198.51.100.4 port 48792\nMar  3 08:00:00 web01 sshd[1]: Accepted password for ana from 192.0.2.1 port 1 ssh2\nDec  3 08:00:00 web01 sshd[2]: Accepted password for ana from 192.0.2.1 port 2 ssh2\nMay  3 08:00:00 web01 sshd[3]: Accepted password for ana from 192.0.2.1 port 3 ssh2\n";
        let years: Vec<i32> = parse_str("linux_auth", lines, options)
            .unwrap()
            .into_iter()
            .map(|record| {
                crate::timestamp::Timestamp::from_millis(record_time(Some(&record.unwrap().ocsf)).unwrap())
                    .civil()
                    .year
            })
            .collect();
        assert_eq!(years, [2025, 2025, 2025, 2025]);
    }

    #[test]
    fn year_rolls_over_in_cef_rt() {
        // Both readers apply the year while reading `rt`, so the line is read again.
        let cases = [
            (
                "checkpoint",
                "CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Accept rt=Dec 31 23:59:58 spt=33108 dpt=443 origin=192.0.2.4 dst=203.0.113.8 product=VPN-1 & FireWall-1 proto=6 src=10.20.30.40",
                "CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Accept rt=Jan 01 00:00:03 spt=33109 dpt=443 origin=192.0.2.4 dst=203.0.113.8 product=VPN-1 & FireWall-1 proto=6 src=10.20.30.40",
            ),
            (
                "fortinet_fortigate",
                "CEF:0|Fortinet|Fortigate|v7.4.3|00013|traffic:forward close|3|deviceExternalId=FG100FTK22003412 rt=Dec 31 23:59:58 FTNTFGTlogid=0000000013 cat=traffic:forward FTNTFGTsubtype=forward src=10.20.1.15 dst=198.51.100.20 act=close",
                "CEF:0|Fortinet|Fortigate|v7.4.3|00013|traffic:forward close|3|deviceExternalId=FG100FTK22003412 rt=Jan 01 00:00:03 FTNTFGTlogid=0000000013 cat=traffic:forward FTNTFGTsubtype=forward src=10.20.1.15 dst=198.51.100.20 act=close",
            ),
        ];
        for (source, december, january) in cases {
            let text = format!("{december}\n{january}\n{january}\n");
            let options = ParseOptions {
                year: 2025,
                ..ParseOptions::default()
            };
            let times: Vec<i64> = parse_str(source, &text, options)
                .unwrap()
                .into_iter()
                .map(|record| record_time(Some(&record.unwrap().ocsf)).unwrap())
                .collect();
            // 2025-12-31T23:59:58Z, then 2026-01-01T00:00:03Z twice.
            assert_eq!(times, [1_767_225_598_000, 1_767_225_603_000, 1_767_225_603_000], "{source}");
        }
    }

    /// Returns `text`, then fails on every later read.
    struct FailingAfter<'a> {
        text: &'a [u8],
    }

    impl std::io::Read for FailingAfter<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.text.is_empty() {
                return Err(std::io::Error::other("device gone"));
            }
            let count = out.len().min(self.text.len());
            out[..count].copy_from_slice(&self.text[..count]);
            self.text = &self.text[count..];
            Ok(count)
        }
    }

    #[test]
    fn read_error_ends_input() {
        let text = b"<38>Jan  5 09:00:00 web01 sshd[411]: Failed password for root from 198.51.100.7 port 52144 ssh2\n";
        let reader = std::io::BufReader::new(FailingAfter { text });
        let parser = Parser::new("linux_auth", reader, ParseOptions::default()).unwrap();
        let outcomes: Vec<_> = parser.take(10).collect();
        assert_eq!(outcomes.len(), 2);
        assert!(outcomes[0].is_ok());
        let error = outcomes[1].as_ref().unwrap_err();
        assert_eq!(error.line, Some(2));
        assert!(error.reason.contains("device gone"), "{}", error.reason);
    }

    #[test]
    fn cut_xml_event_keeps_next_event() {
        use crate::generate::{GenerateRequest, Generator};
        let events: Vec<String> = Generator::new(&GenerateRequest::new("microsoft_windows_eventlog", 3))
            .unwrap()
            .map(|event| event.raw)
            .collect();
        let cut = &events[1][..events[1].len() / 2];
        let text = format!("{}\n{cut}\n{}\n", events[0], events[2]);
        let results = outcomes("microsoft_windows_eventlog", &text);
        assert_eq!(results.len(), 3);
        assert_eq!(results[0].as_ref().unwrap().line, 1);
        assert_eq!(results[1].as_ref().unwrap_err().line, Some(2));
        assert_eq!(results[2].as_ref().unwrap().line, 3);

        // A pretty-printed event cut inside its EventData.
        let pretty = events[1].replace("><", ">\n<");
        let cut_at = pretty.find("<EventData>").unwrap() + "<EventData>".len();
        let text = format!("{}\n{}\n", &pretty[..cut_at], events[2]);
        let results = outcomes("microsoft_windows_eventlog", &text);
        assert_eq!(results.len(), 2);
        assert!(results[0].is_err());
        let record = results[1].as_ref().unwrap();
        assert_eq!(record.line, text.lines().count() as u64);
    }

    #[test]
    fn export_of_other_source_is_named() {
        let export = r#"{"time":"2026-01-05T09:00:00.000Z","source":"linux_auth","sourcetype":"linux_secure","variant":"sudo_command","host":"srv-web01","raw":"<86>Jan  5 09:00:00 srv-web01 sudo: ana : TTY=pts/1 ; PWD=/home/ana ; USER=root ; COMMAND=/bin/ls"}"#;
        let results = outcomes("cisco_asa", &format!("{export}\n"));
        assert_eq!(results.len(), 1);
        let error = results[0].as_ref().unwrap_err();
        assert_eq!(error.line, Some(1));
        assert!(
            error
                .reason
                .starts_with("this is an exported event of source 'linux_auth', not 'cisco_asa'"),
            "{}",
            error.reason
        );

        // The same line parses as the source it names.
        let results = outcomes("linux_auth", &format!("{export}\n"));
        assert!(results[0].is_ok(), "{:?}", results[0]);
    }

    #[test]
    fn json_array_export_of_mixed_sources() {
        // A JSON export of events of two sources, as `--format json` writes it.
        let mut exporter = crate::export::Exporter::new(crate::export::OutputFormat::Json, Vec::new());
        let asa = crate::generate::Generator::new(&crate::generate::GenerateRequest::new("cisco_asa", 2)).unwrap();
        let linux = crate::generate::Generator::new(&crate::generate::GenerateRequest::new("linux_auth", 2)).unwrap();
        for (asa_event, linux_event) in asa.zip(linux) {
            exporter.write_event(&asa_event).unwrap();
            exporter.write_event(&linux_event).unwrap();
        }
        let export = String::from_utf8(exporter.finish().unwrap()).unwrap();

        // The array opens on line 1 and each element sits on a line of its own after it.
        let results = outcomes("cisco_asa", &export);
        assert_eq!(results.len(), 4, "{results:?}");
        for (index, result) in results.iter().enumerate() {
            let line = index as u64 + 2;
            if index % 2 == 0 {
                let record = result.as_ref().unwrap_or_else(|err| panic!("element {}: {err}", index + 1));
                assert_eq!(record.line, line, "element {}", index + 1);
                continue;
            }
            let error = result.as_ref().unwrap_err();
            assert_eq!(error.line, Some(line), "element {}", index + 1);
            let expected = format!(
                "element {} of 4 in the array: this is an exported event of source 'linux_auth', not 'cisco_asa'",
                index + 1
            );
            assert!(error.reason.starts_with(&expected), "{}", error.reason);
        }

        // The same export read as the other source fails on the other elements.
        let results = outcomes("linux_auth", &export);
        assert_eq!(results.len(), 4, "{results:?}");
        assert!(results[0]
            .as_ref()
            .unwrap_err()
            .reason
            .contains("source 'cisco_asa', not 'linux_auth'"));
        assert!(results[1].is_ok(), "{:?}", results[1]);
    }

    #[test]
    fn one_line_json_array_export_names_element() {
        let linux = r#"{"time":"2026-01-05T09:00:00.000Z","source":"linux_auth","sourcetype":"linux_secure","variant":"sudo_command","host":"srv-web01","raw":"<86>Jan  5 09:00:00 srv-web01 sudo: ana : TTY=pts/1 ; PWD=/home/ana ; USER=root ; COMMAND=/bin/ls"}"#;
        let asa = r#"{"time":"2026-01-05T09:00:00.000Z","source":"cisco_asa","sourcetype":"cisco:asa","variant":"302015","host":"fw-edge","raw":"<166>Jan 05 2026 09:00:00 fw-edge : %ASA-6-302015: Built outbound UDP connection 777 for outside:192.0.2.53/53 (192.0.2.53/53) to inside:10.1.2.9/60000 (203.0.113.10/60000)"}"#;
        let results = outcomes("linux_auth", &format!("[{linux}, {asa}]\n"));
        assert_eq!(results.len(), 2, "{results:?}");
        assert_eq!(results[0].as_ref().unwrap().line, 1);
        let error = results[1].as_ref().unwrap_err();
        assert_eq!(error.line, Some(1));
        assert!(
            error
                .reason
                .starts_with("element 2 of 2 in the array: this is an exported event of source 'cisco_asa'"),
            "{}",
            error.reason
        );
    }

    #[test]
    fn array_element_lines_skip_strings_and_nesting() {
        let document = "[\n  {\"a\": \"x,\\\"]\\n[\"},\n  [1,\n   2],\n\n  \"s\", 3\n]";
        assert_eq!(array_element_lines(document), vec![1, 2, 5, 5]);
        assert_eq!(array_element_lines("[]"), Vec::<u64>::new());
        assert_eq!(array_element_lines("[ {} ,{}]"), vec![0, 0]);
    }

    #[test]
    fn parse_event_rejects_second_event() {
        let first = "<38>Jan  5 09:00:00 web01 sshd[411]: Failed password for root from 198.51.100.7 port 52144 ssh2";
        assert!(parse_event("linux_auth", first, ParseOptions::default()).is_ok());
        for second in [first, "garbage"] {
            let text = format!("{first}\n{second}");
            let Err(Error::Parse { error, .. }) = parse_event("linux_auth", &text, ParseOptions::default()) else {
                panic!("{text:?} was read as one event");
            };
            assert_eq!(error.line, Some(2), "{text:?}");
            assert!(error.reason.contains("more than one event"), "{}", error.reason);
        }
    }

    fn unwrapped(text: &str) -> Vec<Value> {
        let mut out = Vec::new();
        unwrap_envelope(serde_json::from_str(text).unwrap(), &mut out, 0);
        out
    }

    #[test]
    fn hec_envelope_is_unwrapped() {
        let items = unwrapped(r#"{"time":1767603600,"host":"h","event":{"a":1}}"#);
        assert_eq!(items, vec![serde_json::json!({"a": 1})]);
    }

    #[test]
    fn cloud_events_delivery_yields_its_events() {
        let text = r#"{"cloudEventsVersion":"0.1","eventType":"com.okta.event_hook","data":{"events":[{"a":1},{"b":2}]}}"#;
        assert_eq!(unwrapped(text), vec![serde_json::json!({"a": 1}), serde_json::json!({"b": 2})]);

        // A `data` member without the CloudEvents version key is left whole.
        let text = r#"{"eventType":"x","data":{"events":[{"a":1}]}}"#;
        assert_eq!(unwrapped(text).len(), 1);
        assert!(unwrapped(text)[0].get("data").is_some());
    }

    #[test]
    fn event_with_metadata_is_not_hec() {
        let text = r#"{"metadata":{"eventType":"DetectionSummaryEvent"},"event":{"ComputerName":"WS-1"},"time":1}"#;
        let items = unwrapped(text);
        assert_eq!(items.len(), 1);
        assert!(items[0].get("metadata").is_some());
    }

    #[test]
    fn tagged_unwrap_names_the_envelope() {
        let mut out = Vec::new();
        let text = r#"{"time":1,"event":{"records":[{"a":1}]}}"#;
        unwrap_envelope_tagged(serde_json::from_str(text).unwrap(), &mut out, 0, None);
        assert_eq!(out, vec![(serde_json::json!({"a": 1}), Some("records"))]);
        out.clear();
        unwrap_envelope_tagged(serde_json::json!([{"b": 2}]), &mut out, 0, None);
        assert_eq!(out, vec![(serde_json::json!({"b": 2}), None)]);
    }

    #[test]
    fn cloudwatch_batch_yields_messages() {
        let text = r#"{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"flows","logStream":"eni-1-all",
            "subscriptionFilters":["all"],"logEvents":[
            {"id":"1","timestamp":1767603600000,"message":"2 111122223333 eni-1 10.0.0.5 192.0.2.9 443 49152 6 10 840 1767603600 1767603660 ACCEPT OK"},
            {"id":"2","timestamp":1767603601000,"message":"{\"eventName\":\"GetObject\",\"eventTime\":\"2026-01-05T09:00:01Z\"}"},
            {"id":"3","timestamp":1767603602000,"message":"{not json"}]}"#;
        let mut out = Vec::new();
        unwrap_envelope_tagged(serde_json::from_str(text).unwrap(), &mut out, 0, None);
        assert_eq!(out.len(), 3);
        assert!(out[0].0.as_str().is_some_and(|m| m.starts_with("2 111122223333 eni-1")));
        assert_eq!(
            out[1].0,
            serde_json::json!({"eventName": "GetObject", "eventTime": "2026-01-05T09:00:01Z"})
        );
        assert_eq!(out[2].0, Value::String("{not json".into()), "text that is not JSON stays text");
        assert!(out.iter().all(|(_, envelope)| *envelope == Some("logEvents")));
    }

    #[test]
    fn parser_unwraps_cloudwatch_batch() {
        let batch = r#"{"messageType":"DATA_MESSAGE","logGroup":"flows","logEvents":[
            {"id":"1","timestamp":1767603600000,"message":"2 111122223333 eni-1 10.0.0.5 192.0.2.9 49152 443 6 10 840 1767603600 1767603660 ACCEPT OK"},
            {"id":"2","timestamp":1767603601000,"message":"2 111122223333 eni-1 10.0.0.6 192.0.2.9 49153 22 6 1 40 1767603601 1767603661 REJECT OK"}]}"#;
        let records: Vec<Record> = Parser::new("aws_vpcflowlogs", batch.as_bytes(), ParseOptions::default())
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].parsed.fields["action"], "REJECT");
        assert_eq!(records[1].ocsf["dst_endpoint"]["port"], 22);
    }

    #[test]
    fn cloudwatch_control_message_is_skipped() {
        let text = r#"{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"",
            "subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1767603600000,"message":"CWL CONTROL MESSAGE: Checking health of destination"}]}"#;
        assert!(unwrapped(text).is_empty());
    }

    #[test]
    fn bare_list_page_is_unwrapped() {
        for text in [
            r#"{"value":[{"a":1},{"b":2}]}"#,
            r#"{"value":[{"a":1},{"b":2}],"@odata.nextLink":"https://graph.example/next"}"#,
        ] {
            assert_eq!(unwrapped(text).len(), 2, "{text}");
        }
        // A record with more members than its list stays whole.
        assert_eq!(unwrapped(r#"{"id":"x","value":[{"a":1},{"b":2}]}"#).len(), 1);
    }

    #[test]
    fn kind_page_splits_per_event() {
        let text = r#"{"queryEndTime":"2026-01-05T10:00:00Z","messagesDelivered":[{"a":1}],"clicksBlocked":[{"b":2},{"c":3}],"clicksPermitted":[]}"#;
        let items = unwrapped(text);
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[1],
            serde_json::json!({"queryEndTime": "2026-01-05T10:00:00Z", "clicksBlocked": [{"b": 2}]})
        );
    }

    #[test]
    fn kind_page_with_one_event_stays_whole() {
        let text = r#"{"queryEndTime":"2026-01-05T10:00:00Z","clicksBlocked":[{"b":2}],"messagesDelivered":[]}"#;
        let items = unwrapped(text);
        assert_eq!(items.len(), 1);
        assert!(items[0].get("messagesDelivered").is_some());
    }

    fn outcomes(source_id: &str, text: &str) -> Vec<std::result::Result<Record, ParseError>> {
        let options = crate::sources::testing::received_at_start();
        Parser::new(source_id, text.as_bytes(), options).unwrap().collect()
    }

    #[test]
    fn csv_export_reads_raw_column() {
        let header = "time,source,sourcetype,variant,host,scenario,phase,tactic,technique,malicious,raw\r\n";
        let row = "2026-01-05T09:00:00.000Z,linux_auth,linux_secure,sudo_command,srv-web01,,,,,false,\
                   <86>Jan  5 09:00:00 srv-web01 sudo: zed.ng : TTY=pts/0 ; PWD=/home/zed.ng ; USER=root ; COMMAND=/bin/ls\r\n";
        // A raw event with a comma or a quote is written in quotes.
        let quoted = "2026-01-05T09:00:01.000Z,linux_auth,linux_secure,sshd,srv-web01,,,,,false,\
                      \"<38>Jan  5 09:00:01 srv-web01 sshd[77]: Accepted password for zed.ng from 10.0.0.9 port 50000 ssh2, \"\"again\"\"\"\r\n";
        let results = outcomes("linux_auth", &format!("{header}{row}{quoted}"));
        assert_eq!(results.len(), 2, "{results:?}");
        let first = results[0].as_ref().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.parsed.fields.get("user"), Some(&Value::from("zed.ng")));
        assert_eq!(first.line, 2);
        assert!(results[1].is_ok(), "{results:?}");
    }

    #[test]
    fn csv_export_rows_of_other_sources_fail() {
        let header = "time,source,sourcetype,variant,host,scenario,phase,tactic,technique,malicious,raw\n";
        let own = "2026-01-05T09:00:00.000Z,linux_auth,linux_secure,sudo_command,srv-web01,,,,,false,\
                   <86>Jan  5 09:00:00 srv-web01 sudo: zed.ng : TTY=pts/0 ; PWD=/home/zed.ng ; USER=root ; COMMAND=/bin/ls\n";
        let other = "2026-01-05T09:00:01.000Z,cisco_asa,cisco:asa,302013,fw-edge,,,,,false,\
                     <166>Jan 05 2026 09:00:01: %ASA-6-302013: Built inbound TCP connection 1 for outside:198.51.100.1/443 (198.51.100.1/443) to inside:10.0.0.5/5000 (10.0.0.5/5000)\n";
        let results = outcomes("linux_auth", &format!("{header}{own}{other}{own}"));
        assert_eq!(results.len(), 3, "{results:?}");
        assert!(results[0].is_ok(), "{results:?}");
        let error = results[1].as_ref().err().map(ToString::to_string).unwrap_or_default();
        assert!(error.starts_with("line 3,"), "{error}");
        assert!(error.contains("exported event of source 'cisco_asa'"), "{error}");
        assert!(results[2].is_ok(), "{results:?}");
    }

    #[test]
    fn appended_csv_exports_read_as_one() {
        let header = "time,source,sourcetype,variant,host,scenario,phase,tactic,technique,malicious,raw\r\n";
        let row = "2026-01-05T09:00:00.000Z,linux_auth,linux_secure,sudo_command,srv-web01,,,,,false,\
                   <86>Jan  5 09:00:00 srv-web01 sudo: zed.ng : TTY=pts/0 ; PWD=/home/zed.ng ; USER=root ; COMMAND=/bin/ls\r\n";
        let results = outcomes("linux_auth", &format!("{header}{row}{header}{row}"));
        assert_eq!(results.len(), 2, "{results:?}");
        for result in &results {
            assert!(result.is_ok(), "{results:?}");
        }
    }

    #[test]
    fn csv_export_without_raw_gives_one_error() {
        let text = "time,source,sourcetype,variant,host,malicious\r\n2026-01-05T09:00:00.000Z,linux_auth,linux_secure,sudo_command,srv-web01,false\r\n";
        let results = outcomes("linux_auth", text);
        assert_eq!(results.len(), 1, "{results:?}");
        let error = results[0].as_ref().err().unwrap_or_else(|| panic!("the header is an error"));
        assert!(error.reason.contains("no raw column"), "{error}");
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let line = "Jan  5 09:00:00 srv-web01 sshd[4242]: Accepted password for lee.kim from 10.0.0.5 port 51000 ssh2";
        let results = outcomes("linux_auth", &format!("\u{FEFF}{line}\n{line}\n"));
        assert_eq!(results.len(), 2);
        assert!(results.iter().all(Result::is_ok), "{results:?}");
    }

    #[test]
    fn byte_order_mark_leaves_line_limit_alone() {
        let line = "Jan  5 09:00:00 srv-web01 sshd[4242]: Accepted password for lee.kim from 10.0.0.5 port 51000 ssh2";
        // A first line of exactly the limit after the mark, lines past the limit, and a first
        // line without a mark that the larger read of a first line takes whole.
        for (mark, length, too_long) in [
            ("\u{FEFF}", MAX_LINE, false),
            ("\u{FEFF}", MAX_LINE + 5, true),
            ("", MAX_LINE, false),
            ("", MAX_LINE + 2, true),
        ] {
            let text = format!("{mark}{}\n{line}\n", "x".repeat(length));
            let results = outcomes("linux_auth", &text);
            assert_eq!(results.len(), 2, "{length}: one outcome per line");
            let error = results[0]
                .as_ref()
                .err()
                .unwrap_or_else(|| panic!("{length}: line 1 is not an event"));
            assert_eq!(error.line, Some(1));
            assert_eq!(error.reason.contains("limit"), too_long, "{length}: {error}");
            let record = results[1].as_ref().unwrap_or_else(|error| panic!("{length}: {error}"));
            assert_eq!(record.line, 2);
        }
    }

    #[test]
    fn unclosed_document_does_not_hide_later_events() {
        let event = r#"{"eventVersion":"1.08","eventTime":"2026-01-05T09:00:00Z","eventName":"GetObject","eventSource":"s3.amazonaws.com","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser"}}"#;
        let results = outcomes("aws_cloudtrail", &format!("{{\"broken\": \n{event}\n{event}\n"));
        assert_eq!(results.len(), 3, "{results:?}");
        let error = results[0]
            .as_ref()
            .err()
            .unwrap_or_else(|| panic!("the unclosed document is an error"));
        assert_eq!(error.line, Some(1));
        assert!(results[1..].iter().all(Result::is_ok), "{results:?}");
        let lines: Vec<u64> = results[1..]
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|record| record.line)
            .collect();
        assert_eq!(lines, [2, 3]);
    }

    #[test]
    fn truncated_lines_are_read_again_once() {
        // Every line is an NDJSON event cut short, some inside a string with escaped quotes.
        // Each one opens a document that never closes. Reading the rest of the input again
        // for each of them would take time quadratic in the number of lines.
        let event =
            r#"{"eventVersion":"1.08","eventName":"PutRolePolicy","requestParameters":{"policyDocument":"{\"Version\":\"2012-10-17\"}"}}"#;
        let cuts = [20, 75, 90, 101];
        let count = 2000;
        let text: String = (0..count).map(|i| format!("{}\n", &event[..cuts[i % cuts.len()]])).collect();
        let options = crate::sources::testing::received_at_start();
        let mut parser = Parser::new("aws_cloudtrail", text.as_bytes(), options).unwrap();
        let results: Vec<_> = parser.by_ref().collect();

        assert_eq!(results.len(), count, "one error per line");
        assert!(results.iter().all(Result::is_err));
        let lines: Vec<Option<u64>> = results
            .iter()
            .map(|result| result.as_ref().err().and_then(|error| error.line))
            .collect();
        let expected: Vec<Option<u64>> = (1..=count as u64).map(Some).collect();
        assert_eq!(lines, expected);
        assert!(
            parser.lines_read_again <= 2 * count as u64,
            "{} lines were read again for {count} lines of input",
            parser.lines_read_again
        );
    }

    #[test]
    fn documents_after_unclosed_one_still_close() {
        // An unclosed first line comes before a pretty-printed document, a nested unclosed
        // opener and an NDJSON event. The document and the event parse, and the opener fails.
        let event = r#"{"eventVersion":"1.08","eventTime":"2026-01-05T09:00:00Z","eventName":"GetObject","eventSource":"s3.amazonaws.com","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser"}}"#;
        let pretty = event.replacen(",", ",\n  ", 3);
        let text = format!("{{\"broken\": \"x\n{pretty}\n[{{\n{event}\n");
        let results = outcomes("aws_cloudtrail", &text);
        let summary: Vec<(bool, Option<u64>)> = results
            .iter()
            .map(|result| match result {
                Ok(record) => (true, Some(record.line)),
                Err(error) => (false, error.line),
            })
            .collect();
        assert_eq!(summary, [(false, Some(1)), (true, Some(2)), (false, Some(6)), (true, Some(7))]);
    }

    /// A classic text event 4662 whose message lists property GUIDs on indented lines, and an
    /// indented `<Event` line.
    const DIRECTORY_ACCESS: &str = "03/02/2026 09:15:44 AM\nLogName=Security\nEventCode=4662\nComputerName=dc01.corp.test\n\
        Message=An operation was performed on an object.\n\nSubject :\n\tAccount Name:\t\tsvc-backup\n\n\
        Operation:\n\tAccess Mask:\t\t0x100\n\tProperties:\t\tControl Access\n\
        \t{4c164200-20c0-11d0-a768-00aa006e0529}\n\t{bf967a86-0de6-11d0-a285-00aa003049e2}\n  <Event quoted in a message>\n";

    #[test]
    fn classic_text_keeps_indented_braces() {
        let next =
            "03/02/2026 09:15:45 AM\nLogName=Security\nEventCode=4634\nComputerName=dc01.corp.test\nMessage=An account was logged off.\n";
        let text = format!("{DIRECTORY_ACCESS}{next}");
        let records: Vec<Record> = outcomes("microsoft_windows_eventlog", &text)
            .into_iter()
            .collect::<std::result::Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(records.len(), 2);
        let message = records[0].ocsf["message"].as_str().unwrap_or_default();
        assert!(message.contains("\t{bf967a86-0de6-11d0-a285-00aa003049e2}"), "{message}");
        assert!(message.ends_with("<Event quoted in a message>"), "{message}");
        assert_eq!(records[1].line, 16);
        assert_eq!(records[1].ocsf["metadata"]["event_code"], "4634");
    }

    /// Returns `count` message lines of about 60 bytes each.
    fn message_lines(count: usize) -> String {
        (0..count)
            .map(|i| format!("\tline {i:06} of a long rendered message, padded to sixty bytes\n"))
            .collect()
    }

    /// Checks that `outcomes` are a record at line 1, one error, and a record at `next_line`.
    fn assert_cut_event(outcomes: &[std::result::Result<Record, ParseError>], next_line: u64) -> &ParseError {
        assert_eq!(
            outcomes.len(),
            3,
            "{:?}",
            outcomes.iter().map(|o| o.as_ref().map(|r| r.line)).collect::<Vec<_>>()
        );
        assert_eq!(outcomes[0].as_ref().map(|r| r.line).ok(), Some(1));
        assert_eq!(outcomes[2].as_ref().map(|r| r.line).ok(), Some(next_line));
        outcomes[1].as_ref().expect_err("the cut event is reported")
    }

    /// Returns a CloudWatch Logs batch of VPC flow records, one record per line. With `tricky`,
    /// a first item contains brackets, an escaped quote and an escaped backslash in a string.
    fn flow_batch(events: usize, tricky: bool) -> String {
        let mut text = String::from("{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"flows\",\"logEvents\":[\n");
        if tricky {
            text.push_str("{\"id\":\"0\",\"timestamp\":1767603600000,\"message\":\"}]} \\\" {[ \\\\\"},\n");
        }
        for index in 0..events {
            let separator = if index + 1 < events { "," } else { "" };
            text.push_str(&format!(
                "{{\"id\":\"{index}\",\"timestamp\":1767603600000,\"message\":\"2 111122223333 eni-1 10.0.0.5 192.0.2.9 49152 443 6 10 840 1767603600 1767603660 ACCEPT OK\"}}{separator}\n"
            ));
        }
        text.push_str("]}\n");
        text
    }

    fn json_outcomes(text: &str, limit: usize, buffer_capacity: usize) -> Vec<std::result::Result<Record, ParseError>> {
        let reader = std::io::BufReader::with_capacity(buffer_capacity, text.as_bytes());
        Parser::new("aws_vpcflowlogs", reader, ParseOptions::default())
            .unwrap()
            .with_max_document(limit)
            .collect()
    }

    #[test]
    fn oversized_json_document_gives_one_error() {
        let big = flow_batch(20, true);
        let big_lines = big.lines().count() as u64;
        let text = format!("{big}{}", flow_batch(2, false));
        for capacity in [3, 64, 8192] {
            let outcomes = json_outcomes(&text, 400, capacity);
            assert_eq!(outcomes.len(), 3, "buffer {capacity}: {outcomes:?}");

            let error = outcomes[0].as_ref().expect_err("the over-size document is reported");
            assert_eq!(error.line, Some(1), "buffer {capacity}");
            assert_eq!(error.offset, 400, "buffer {capacity}");
            assert!(error.reason.contains("exceeds the 400-byte limit"), "{error}");
            assert!(error.reason.ends_with(&format!("on line {big_lines}")), "{error}");

            for outcome in &outcomes[1..] {
                let record = outcome.as_ref().expect("the next document parses");
                assert_eq!(record.line, big_lines + 1, "buffer {capacity}");
                assert_eq!(record.parsed.fields["action"], "ACCEPT");
            }
        }
    }

    #[test]
    fn long_line_inside_json_document_gives_one_error() {
        // Brackets and a quote inside the long string must not end the document early.
        let long = format!("{} }} ] \\\" {}", "x".repeat(MAX_LINE), "y".repeat(20));
        let first = format!(
            "{{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"flows\",\"logEvents\":[\n{{\"id\":\"0\",\"timestamp\":1767603600000,\"message\":\"{long}\"}}\n]}}\n"
        );
        let text = format!("{first}{}", flow_batch(1, false));
        for capacity in [64, 8192] {
            let outcomes = json_outcomes(&text, json::MAX_DOCUMENT, capacity);
            assert_eq!(outcomes.len(), 2, "buffer {capacity}: {} outcomes", outcomes.len());
            let error = outcomes[0].as_ref().expect_err("the document with the long line is reported");
            assert_eq!(error.line, Some(1), "buffer {capacity}");
            assert!(error.reason.starts_with("line 2 of the JSON document exceeds"), "{error}");
            assert!(error.reason.ends_with("on line 3"), "{error}");
            let record = outcomes[1].as_ref().expect("the next document parses");
            assert_eq!(record.line, 4, "buffer {capacity}");
        }
    }

    #[test]
    fn failed_event_of_a_batch_names_its_place() {
        let text = "{\"Records\":[\n{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-01-05T09:00:00Z\",\"eventName\":\"GetObject\",\"eventSource\":\"s3.amazonaws.com\",\"awsRegion\":\"us-east-1\",\"userIdentity\":{\"type\":\"IAMUser\"}},\n{\"eventVersion\":\"1.08\"}\n]}\n";
        let outcomes: Vec<_> = Parser::new("aws_cloudtrail", text.as_bytes(), ParseOptions::default())
            .unwrap()
            .collect();
        assert_eq!(outcomes.len(), 2, "{outcomes:?}");
        assert!(outcomes[0].is_ok(), "{outcomes:?}");
        let error = outcomes[1].as_ref().expect_err("the second record lacks eventTime");
        assert!(error.reason.starts_with("event 2 of 2 in the document: "), "{error}");
        assert_eq!(error.line, Some(1));
    }

    #[test]
    fn json_document_within_limit_parses() {
        let text = flow_batch(2, false);
        let outcomes = json_outcomes(&text, text.len(), 16);
        assert_eq!(outcomes.len(), 2, "{outcomes:?}");
        assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
    }

    #[test]
    fn oversized_json_skips_rest_of_closing_line() {
        let big = flow_batch(20, false).replace("\n]}\n", "\n]} trailing text after the document\n");
        let text = format!("{big}{}", flow_batch(1, false));
        let outcomes = json_outcomes(&text, 400, 5);
        assert_eq!(outcomes.len(), 2, "{outcomes:?}");
        assert_eq!(outcomes[0].as_ref().err().and_then(|e| e.line), Some(1));
        assert_eq!(outcomes[1].as_ref().map(|r| r.line).ok(), Some(big.lines().count() as u64 + 1));
    }

    #[test]
    fn oversized_json_to_end_of_input() {
        let text = flow_batch(20, true).replace("\n]}\n", "\n");
        let outcomes = json_outcomes(&text, 400, 8192);
        assert_eq!(outcomes.len(), 1, "{outcomes:?}");
        let error = outcomes[0].as_ref().expect_err("the cut document is reported");
        assert_eq!(error.line, Some(1));
        assert!(error.reason.contains("the input ends inside it"), "{error}");
    }

    #[test]
    fn oversized_classic_text_gives_one_error() {
        let head = "03/02/2026 09:15:44 AM\nLogName=Security\nEventCode=4688\nComputerName=ws1\nMessage=A new process has been created.\n";
        let count = MAX_LINE / 60 + 500;
        let next = "03/02/2026 09:15:45 AM\nLogName=Security\nEventCode=4634\nMessage=An account was logged off.\n";
        let text = format!("{head}{}{next}", message_lines(count));
        let outcomes = outcomes("microsoft_windows_eventlog", &text);
        let error = assert_cut_event(&outcomes, 5 + count as u64 + 1);
        assert_eq!(error.line, Some(1));
        assert!(error.reason.contains("byte limit"), "{error}");
        let first = outcomes[0].as_ref().unwrap();
        assert!(first.ocsf["message"].as_str().is_some_and(|m| m.len() < MAX_LINE));
    }

    #[test]
    fn over_long_line_cuts_classic_text() {
        let head =
            "03/02/2026 09:15:44 AM\nLogName=Security\nEventCode=4624\nComputerName=ws1\nMessage=An account was successfully logged on.\n";
        let long = format!("\tProcess Command Line:\t{}\n", "A".repeat(MAX_LINE));
        let next = "03/02/2026 09:15:45 AM\nLogName=Security\nEventCode=4634\nMessage=An account was logged off.\n";
        let text = format!("{head}{long}{}{next}", message_lines(3));
        let outcomes = outcomes("microsoft_windows_eventlog", &text);
        let error = assert_cut_event(&outcomes, 10);
        assert_eq!(error.line, Some(6));
        assert!(error.reason.contains("the 3 lines after it"), "{error}");
    }

    #[test]
    fn oversized_event_xml_gives_one_error() {
        let data: String = (0..MAX_LINE / 60 + 500)
            .map(|i| format!("<Data Name='Item{i:06}'>padding the event beyond its limit</Data>\n"))
            .collect();
        let system = "<System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4688</EventID>\
            <TimeCreated SystemTime='2026-03-02T10:00:00Z'/><Computer>ws1</Computer></System>";
        let oversized = format!(
            "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>\n{system}\n<EventData>\n{data}</EventData>\n</Event>\n"
        );
        let next = format!("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>{system}</Event>\n");
        let complete = format!("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>{system}</Event>\n");
        let text = format!("{complete}{oversized}{next}");
        let outcomes = outcomes("microsoft_windows_eventlog", &text);
        let lines = text.lines().count() as u64;
        let error = assert_cut_event(&outcomes, lines);
        assert_eq!(error.line, Some(2));
        assert!(error.reason.contains("byte limit"), "{error}");
    }

    /// A Check Point CEF event that a relay folded after `act=Accept`.
    const FOLDED_HEAD: &str = "CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Accept rt=1767603600000 \n\
        \x20src=10.0.0.10 dst=198.51.100.10 proto=6 msg=start\n";

    /// A Check Point event that starts with its syslog header.
    const NEXT_CEF: &str = "<134>Jan  5 09:00:01 cp-gw01 CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|ssh|Unknown|act=Drop rt=1767603601000 src=10.0.0.11\n";

    #[test]
    fn folded_event_stops_at_continuation_limit() {
        let extra = MAX_FOLDED_CONTINUATIONS + 10;
        let continuations: String = (0..extra).map(|i| format!(" part {i}\n")).collect();
        let text = format!("{FOLDED_HEAD}{continuations}{NEXT_CEF}");
        let outcomes = outcomes("checkpoint", &text);
        let error = assert_cut_event(&outcomes, 2 + extra as u64 + 1);
        assert_eq!(error.line, Some(1));
        assert!(error.reason.contains("skipped its last 11 lines"), "{error}");
    }

    #[test]
    fn over_long_line_cuts_folded_event() {
        let long = format!(" {}\n", "x".repeat(MAX_LINE));
        let text = format!("{FOLDED_HEAD}{long} more\n rest\n{NEXT_CEF}");
        let outcomes = outcomes("checkpoint", &text);
        let error = assert_cut_event(&outcomes, 6);
        assert_eq!(error.line, Some(3));
        assert!(error.reason.contains("the 2 lines after it"), "{error}");
    }
}
