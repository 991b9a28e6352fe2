//! CSV rows as RFC 4180 writes them, with cells neutralised against formula injection.
//!
//! Columns: `time, source, sourcetype, variant, host, scenario, phase, tactic, technique,
//! malicious, raw`. Rows end with CRLF. A cell is quoted when it contains a comma, a double
//! quote, CR or LF, and a double quote inside is doubled.
//!
//! # Formula injection
//! Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula, and a
//! leading tab or CR can hide such a start. Log text is attacker-controlled (a user name in a
//! failed login is whatever the attacker typed), so every cell that starts with one of
//! `=` `+` `-` `@` TAB CR gets a single quote `'` in front. Spreadsheets show the quote-prefixed
//! text as text. A program reading the CSV back removes one leading `'` from a cell whose next
//! character is one of those six to recover the value. The rule applies to every column,
//! the `raw` column included.

use crate::event::Event;

/// The column names, in order.
pub const COLUMNS: &[&str] = &[
    "time",
    "source",
    "sourcetype",
    "variant",
    "host",
    "scenario",
    "phase",
    "tactic",
    "technique",
    "malicious",
    "raw",
];

/// Characters that make a spreadsheet read a cell as a formula when they come first.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Returns a cell as it was before [`write_cell`] neutralised it: without the `'` put in front
/// of a formula start.
// NOTE: a cell that itself started with `'` and a formula start reads back without its `'`.
pub(crate) fn restore_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// Returns the header row, with its CRLF.
pub fn header() -> String {
    let mut out = String::new();
    write_header(&mut out);
    out
}

/// Appends the header row and its CRLF.
pub(super) fn write_header(out: &mut String) {
    for (i, column) in COLUMNS.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(column);
    }
    out.push_str("\r\n");
}

/// Appends one data row without its line end.
pub(super) fn write_row(event: &Event, out: &mut String) {
    let labels = &event.labels;
    let mut time = String::with_capacity(24);
    super::record::write_rfc3339_millis(event.time, &mut time);
    let cells = [
        time.as_str(),
        event.source,
        event.sourcetype,
        event.variant,
        &event.host,
        labels.scenario.as_deref().unwrap_or(""),
        labels.phase.as_deref().unwrap_or(""),
        labels.tactic.as_deref().unwrap_or(""),
        labels.technique.as_deref().unwrap_or(""),
        if labels.malicious { "true" } else { "false" },
        &event.raw,
    ];
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_cell(cell, out);
    }
}

/// Appends one cell: neutralised when it starts like a formula, quoted when it contains a
/// delimiter, a quote or a line break.
pub fn write_cell(cell: &str, out: &mut String) {
    let neutralise = cell.starts_with(FORMULA_STARTS);
    let quote = cell.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if neutralise {
        out.push('\'');
    }
    if quote {
        for (i, part) in cell.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(cell);
    }
}
