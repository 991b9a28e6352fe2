//! Instants and the textual time formats vendors write.
//!
//! A [`Timestamp`] is nanoseconds since the Unix epoch in UTC. Calendar conversion uses the
//! proleptic Gregorian algorithms of Howard Hinnant's `chrono`-compatible "days from civil",
//! so no time zone database and no wall clock are involved.

use std::fmt::Write as _;

use crate::decimal::{push_i64, push_padded};

/// Nanoseconds in one second.
pub const NANOS_PER_SECOND: i64 = 1_000_000_000;
/// Nanoseconds in one day.
pub const NANOS_PER_DAY: i64 = 86_400 * NANOS_PER_SECOND;

/// Abbreviated English month names, as BSD syslog and Cisco write them.
pub const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/// Abbreviated English weekday names, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// An instant: nanoseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl serde::Serialize for Timestamp {
    /// Serializes as RFC 3339 UTC with nanoseconds, the lossless text form.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.rfc3339(9))
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    /// Reads RFC 3339 text, or an integer count of seconds since the epoch.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Text {
            Seconds(i64),
            Rfc3339(String),
        }
        match Text::deserialize(deserializer)? {
            Text::Seconds(seconds) => Ok(Timestamp::from_secs(seconds)),
            Text::Rfc3339(text) => parse_rfc3339(&text).map_err(|e| {
                serde::de::Error::custom(format!(
                    "invalid timestamp '{text}' at offset {}: {}; expected RFC 3339 such as 2026-01-05T09:00:00Z",
                    e.offset, e.reason
                ))
            }),
        }
    }
}

/// A broken-down UTC (or offset-shifted) date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31.
    pub day: u32,
    /// Hour, 0 to 23.
    pub hour: u32,
    /// Minute, 0 to 59.
    pub minute: u32,
    /// Second, 0 to 59.
    pub second: u32,
    /// Nanoseconds inside the second.
    pub nanos: u32,
    /// Day of the week, 0 = Monday.
    pub weekday: u32,
}

/// Returns the days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Returns (year, month, day) of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

impl Timestamp {
    /// Builds an instant from calendar fields in UTC. Nanoseconds in an `i64` cover the years
    /// 1677 to 2262; instants outside saturate to the first or last representable one, as
    /// [`Timestamp::from_secs`] does, so a parser given a year such as 9999 cannot overflow.
    pub fn from_civil(year: i32, month: u32, day: u32, hour: u32, minute: u32, second: u32, nanos: u32) -> Self {
        let days = days_from_civil(year, month, day);
        // At most about 7.8e11 days for an `i32` year, so the seconds fit in an `i64`.
        let seconds = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
        Timestamp(seconds.saturating_mul(NANOS_PER_SECOND).saturating_add(i64::from(nanos)))
    }

    /// Builds an instant from whole seconds since the epoch.
    pub fn from_secs(seconds: i64) -> Self {
        Timestamp(seconds.saturating_mul(NANOS_PER_SECOND))
    }

    /// Builds an instant from milliseconds since the epoch.
    pub fn from_millis(millis: i64) -> Self {
        Timestamp(millis.saturating_mul(1_000_000))
    }

    /// Whole seconds since the epoch (floor).
    pub fn secs(self) -> i64 {
        self.0.div_euclid(NANOS_PER_SECOND)
    }

    /// Milliseconds since the epoch (floor), the unit of OCSF `time`.
    pub fn millis(self) -> i64 {
        self.0.div_euclid(1_000_000)
    }

    /// Nanoseconds inside the current second.
    pub fn subsec_nanos(self) -> u32 {
        self.0.rem_euclid(NANOS_PER_SECOND) as u32
    }

    /// Returns this instant shifted by `nanos`.
    pub fn add_nanos(self, nanos: i64) -> Self {
        Timestamp(self.0.saturating_add(nanos))
    }

    /// Breaks the instant into calendar fields, shifted by `offset_minutes` east of UTC.
    pub fn civil_at(self, offset_minutes: i32) -> Civil {
        let shifted = self
            .0
            .saturating_add(i64::from(offset_minutes).saturating_mul(60 * NANOS_PER_SECOND));
        let days = shifted.div_euclid(NANOS_PER_DAY);
        let in_day = shifted.rem_euclid(NANOS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let seconds = in_day / NANOS_PER_SECOND;
        Civil {
            year,
            month,
            day,
            hour: (seconds / 3600) as u32,
            minute: (seconds / 60 % 60) as u32,
            second: (seconds % 60) as u32,
            nanos: (in_day % NANOS_PER_SECOND) as u32,
            weekday: (days + 3).rem_euclid(7) as u32,
        }
    }

    /// Breaks the instant into UTC calendar fields.
    pub fn civil(self) -> Civil {
        self.civil_at(0)
    }

    /// Appends RFC 3339 in UTC with `digits` fractional digits (0 to 9) and a `Z` suffix.
    pub fn write_rfc3339(self, out: &mut String, digits: u32) {
        self.write_rfc3339_offset(out, digits, 0);
        out.push('Z');
    }

    /// Appends RFC 3339 local time at `offset_minutes` with `digits` fractional digits and no
    /// zone suffix; callers add `Z` or the numeric offset.
    pub fn write_rfc3339_offset(self, out: &mut String, digits: u32, offset_minutes: i32) {
        let c = self.civil_at(offset_minutes);
        write_ymd(out, c.year, c.month, c.day, b'-');
        out.push('T');
        write_hms(out, c.hour, c.minute, c.second);
        write_fraction(out, c.nanos, digits);
    }

    /// Appends a numeric UTC offset such as `+02:00`.
    pub fn write_offset(out: &mut String, offset_minutes: i32) {
        out.push(if offset_minutes < 0 { '-' } else { '+' });
        let minutes = u64::from(offset_minutes.unsigned_abs());
        push_padded(out, minutes / 60, 2);
        out.push(':');
        push_padded(out, minutes % 60, 2);
    }

    /// Returns RFC 3339 in UTC with `digits` fractional digits.
    pub fn rfc3339(self, digits: u32) -> String {
        let mut out = String::with_capacity(32);
        self.write_rfc3339(&mut out, digits);
        out
    }

    /// Appends the BSD syslog (RFC 3164) timestamp `Mmm dd hh:mm:ss`, day padded with a space.
    pub fn write_bsd(self, out: &mut String, offset_minutes: i32) {
        let c = self.civil_at(offset_minutes);
        out.push_str(MONTHS[c.month as usize - 1]);
        out.push(' ');
        if c.day < 10 {
            out.push(' ');
        }
        push_padded(out, u64::from(c.day), 1);
        out.push(' ');
        write_hms(out, c.hour, c.minute, c.second);
    }

    /// Appends `Mmm dd yyyy hh:mm:ss`, a BSD timestamp with the day padded with a zero and the
    /// year after it, as Cisco ASA `logging timestamp` and FortiGate CEF `start` write it.
    pub fn write_bsd_year(self, out: &mut String, offset_minutes: i32) {
        let c = self.civil_at(offset_minutes);
        out.push_str(MONTHS[c.month as usize - 1]);
        out.push(' ');
        push_padded(out, u64::from(c.day), 2);
        out.push(' ');
        write_year(out, c.year);
        out.push(' ');
        write_hms(out, c.hour, c.minute, c.second);
    }

    /// Appends `YYYY/MM/DD HH:MM:SS`, the PAN-OS and FortiGate-style date.
    pub fn write_slashed(self, out: &mut String, offset_minutes: i32) {
        let c = self.civil_at(offset_minutes);
        write_ymd(out, c.year, c.month, c.day, b'/');
        out.push(' ');
        write_hms(out, c.hour, c.minute, c.second);
    }

    /// Appends `YYYY-MM-DD`.
    pub fn write_date(self, out: &mut String, offset_minutes: i32) {
        let c = self.civil_at(offset_minutes);
        write_ymd(out, c.year, c.month, c.day, b'-');
    }

    /// Appends `HH:MM:SS` with `digits` fractional digits.
    pub fn write_time(self, out: &mut String, digits: u32, offset_minutes: i32) {
        let c = self.civil_at(offset_minutes);
        write_hms(out, c.hour, c.minute, c.second);
        write_fraction(out, c.nanos, digits);
    }

    /// Appends seconds since the epoch with `digits` fractional digits (`1767603600.123456`).
    pub fn write_epoch(self, out: &mut String, digits: u32) {
        push_i64(out, self.secs());
        write_fraction(out, self.subsec_nanos(), digits);
    }
}

/// Appends `YYYY<sep>MM<sep>DD`, the year with at least four digits as `{:04}` writes it.
fn write_ymd(out: &mut String, year: i32, month: u32, day: u32, separator: u8) {
    write_year(out, year);
    out.push(char::from(separator));
    push_padded(out, u64::from(month), 2);
    out.push(char::from(separator));
    push_padded(out, u64::from(day), 2);
}

/// Appends the year with at least four digits, as `{:04}` writes it.
fn write_year(out: &mut String, year: i32) {
    match u64::try_from(year) {
        Ok(year) => push_padded(out, year, 4),
        Err(_) => {
            let _ = write!(out, "{year:04}");
        }
    }
}

/// Appends `HH:MM:SS`.
fn write_hms(out: &mut String, hour: u32, minute: u32, second: u32) {
    push_padded(out, u64::from(hour), 2);
    out.push(':');
    push_padded(out, u64::from(minute), 2);
    out.push(':');
    push_padded(out, u64::from(second), 2);
}

fn write_fraction(out: &mut String, nanos: u32, digits: u32) {
    if digits == 0 {
        return;
    }
    let digits = digits.min(9);
    let value = nanos / 10u32.pow(9 - digits);
    out.push('.');
    push_padded(out, u64::from(value), digits as usize);
}

/// An error from reading a timestamp, with the byte offset where reading stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeParseError {
    /// Byte offset of the first character that could not be read.
    pub offset: usize,
    /// What was expected there.
    pub reason: &'static str,
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn digits(&mut self, count: usize) -> Result<u32, TimeParseError> {
        let end = self.at + count;
        let slice = self.bytes.get(self.at..end).ok_or(TimeParseError {
            offset: self.at,
            reason: "input ends inside a number",
        })?;
        let mut value = 0u32;
        for (i, byte) in slice.iter().enumerate() {
            if !byte.is_ascii_digit() {
                return Err(TimeParseError {
                    offset: self.at + i,
                    reason: "expected a digit",
                });
            }
            value = value * 10 + u32::from(byte - b'0');
        }
        self.at = end;
        Ok(value)
    }

    /// Consumes `byte` at the cursor, or returns an error with `reason` when another byte is
    /// there.
    fn require(&mut self, byte: u8, reason: &'static str) -> Result<(), TimeParseError> {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(TimeParseError { offset: self.at, reason })
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn fraction(&mut self) -> u32 {
        let mut nanos = 0u32;
        let mut scale = 100_000_000u32;
        while let Some(byte) = self.peek().filter(u8::is_ascii_digit) {
            nanos += u32::from(byte - b'0') * scale;
            scale /= 10;
            self.at += 1;
        }
        nanos
    }
}

/// The first year a parsed timestamp may have. Nanoseconds since the epoch in an `i64` reach
/// from September 1677 to April 2262, and a whole year on each side stays clear of both ends
/// after any UTC offset.
pub const MIN_YEAR: i32 = 1678;
/// The last year a parsed timestamp may have; see [`MIN_YEAR`].
pub const MAX_YEAR: i32 = 2261;

/// Returns the number of days of `month` (1 to 12) in `year` of the proleptic Gregorian
/// calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn check_ranges(year: i32, month: u32, day: u32, hour: u32, minute: u32, second: u32, at: usize) -> Result<(), TimeParseError> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return Err(TimeParseError {
            offset: at,
            reason: "date or time field out of range",
        });
    }
    if day > days_in_month(year, month) {
        return Err(TimeParseError {
            offset: at,
            reason: "the day does not exist in that month",
        });
    }
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(TimeParseError {
            offset: at,
            reason: "the year is outside 1678 to 2261, the years a timestamp can hold",
        });
    }
    Ok(())
}

/// Reads an RFC 3339 / ISO 8601 instant: `YYYY-MM-DD[T ]HH:MM:SS[.frac](Z|±HH:MM|±HHMM)`.
/// A missing zone is read as UTC.
///
/// # Errors
/// Returns the offset and reason of the first character that does not fit the layout.
pub fn parse_rfc3339(text: &str) -> Result<Timestamp, TimeParseError> {
    parse_rfc3339_local(text, 0)
}

/// Converts a wall-clock time of a zone `utc_offset_minutes` east of UTC, read from text that
/// names no zone as if it were UTC, to UTC. Every parser applies `ParseOptions::utc_offset`
/// through this function.
pub fn local_to_utc(wall_clock: Timestamp, utc_offset_minutes: i32) -> Timestamp {
    // `ParseOptions::utc_offset` is a public i32, and offsets beyond about 150 million minutes
    // overflow i64 nanoseconds, so the shift saturates as `add_nanos` does.
    let offset_nanos = i64::from(utc_offset_minutes).saturating_mul(60 * NANOS_PER_SECOND);
    wall_clock.add_nanos(offset_nanos.saturating_neg())
}

/// Reads an instant like [`parse_rfc3339`], but takes a time (or date) without a zone as
/// local time `utc_offset_minutes` east of UTC. A `Z` or numeric offset in the text wins.
///
/// # Errors
/// Returns the offset and reason of the first character that does not fit the layout.
pub fn parse_rfc3339_local(text: &str, utc_offset_minutes: i32) -> Result<Timestamp, TimeParseError> {
    parse_rfc3339_local_with(text, utc_offset_minutes, DateSeparator::Dash)
}

/// The character between the year, month and day of a date.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateSeparator {
    /// `yyyy-MM-dd`, as RFC 3339 writes a date.
    Dash,
    /// `yyyy/MM/dd`, as PAN-OS writes a date.
    Slash,
}

/// Reads an instant as [`parse_rfc3339_local`] does, with `separator` between the parts of the
/// date.
pub(crate) fn parse_rfc3339_local_with(text: &str, utc_offset_minutes: i32, separator: DateSeparator) -> Result<Timestamp, TimeParseError> {
    let mut cur = Cursor {
        bytes: text.trim().as_bytes(),
        at: 0,
    };
    let (separator, after_year, after_month) = match separator {
        DateSeparator::Dash => (b'-', "expected '-' after the year", "expected '-' after the month"),
        DateSeparator::Slash => (b'/', "expected '/' after the year", "expected '/' after the month"),
    };
    let year = cur.digits(4)? as i32;
    cur.require(separator, after_year)?;
    let month = cur.digits(2)?;
    cur.require(separator, after_month)?;
    let day = cur.digits(2)?;
    match cur.peek() {
        Some(b'T' | b't' | b' ') => cur.at += 1,
        None => {
            check_ranges(year, month, day, 0, 0, 0, 0)?;
            let midnight = Timestamp::from_civil(year, month, day, 0, 0, 0, 0);
            return Ok(local_to_utc(midnight, utc_offset_minutes));
        }
        _ => {
            return Err(TimeParseError {
                offset: cur.at,
                reason: "expected 'T' between date and time",
            })
        }
    }
    let hour = cur.digits(2)?;
    cur.require(b':', "expected ':' after the hour")?;
    let minute = cur.digits(2)?;
    cur.require(b':', "expected ':' after the minute")?;
    let second = cur.digits(2)?;
    let nanos = if matches!(cur.peek(), Some(b'.' | b',')) {
        cur.at += 1;
        cur.fraction()
    } else {
        0
    };
    check_ranges(year, month, day, hour, minute, second, 0)?;
    // The zone the text names, in minutes east of UTC; `None` when it names none.
    let mut text_offset_minutes = None;
    match cur.peek() {
        Some(b'Z' | b'z') => {
            cur.at += 1;
            text_offset_minutes = Some(0);
        }
        Some(sign @ (b'+' | b'-')) => {
            cur.at += 1;
            let hours = cur.digits(2)?;
            if cur.peek() == Some(b':') {
                cur.at += 1;
            }
            let minutes = cur.digits(2)?;
            let total = i64::from(hours * 60 + minutes);
            text_offset_minutes = Some(if sign == b'-' { -total } else { total });
        }
        None => {}
        _ => {
            return Err(TimeParseError {
                offset: cur.at,
                reason: "expected 'Z' or a numeric offset",
            })
        }
    }
    if cur.at != cur.bytes.len() {
        return Err(TimeParseError {
            offset: cur.at,
            reason: "unexpected text after the timestamp",
        });
    }
    let local = Timestamp::from_civil(year, month, day, hour, minute, second, nanos);
    Ok(match text_offset_minutes {
        Some(offset_minutes) => local.add_nanos(-offset_minutes * 60 * NANOS_PER_SECOND),
        None => local_to_utc(local, utc_offset_minutes),
    })
}

/// Reads a BSD syslog timestamp `Mmm dd hh:mm:ss` (day padded with a space or a zero) in
/// `year`, since the format carries no year.
///
/// # Errors
/// Returns the offset and reason of the first character that does not fit the layout.
pub fn parse_bsd(text: &str, year: i32) -> Result<Timestamp, TimeParseError> {
    let bytes = text.as_bytes();
    let month_name = text.get(0..3).ok_or(TimeParseError {
        offset: 0,
        reason: "expected a month name",
    })?;
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month_name))
        .ok_or(TimeParseError {
            offset: 0,
            reason: "expected a month name such as 'Jan'",
        })? as u32
        + 1;
    if bytes.get(3) != Some(&b' ') {
        return Err(TimeParseError {
            offset: 3,
            reason: "expected a space after the month",
        });
    }
    let mut cur = Cursor { bytes, at: 4 };
    if cur.peek() == Some(b' ') {
        cur.at += 1;
    }
    let day = if cur.bytes.get(cur.at + 1).is_some_and(u8::is_ascii_digit) {
        cur.digits(2)?
    } else {
        cur.digits(1)?
    };
    cur.require(b' ', "expected a space after the day")?;
    let hour = cur.digits(2)?;
    cur.require(b':', "expected ':' after the hour")?;
    let minute = cur.digits(2)?;
    cur.require(b':', "expected ':' after the minute")?;
    let second = cur.digits(2)?;
    let nanos = if cur.peek() == Some(b'.') {
        cur.at += 1;
        cur.fraction()
    } else {
        0
    };
    check_ranges(year, month, day, hour, minute, second, 0)?;
    if cur.at != bytes.len() {
        return Err(TimeParseError {
            offset: cur.at,
            reason: "unexpected text after the timestamp",
        });
    }
    Ok(Timestamp::from_civil(year, month, day, hour, minute, second, nanos))
}

/// Reads `YYYY/MM/DD HH:MM:SS` (PAN-OS) or `YYYY-MM-DD HH:MM:SS` as UTC.
///
/// # Errors
/// Returns the offset and reason of the first character that does not fit the layout.
pub fn parse_date_time(text: &str) -> Result<Timestamp, TimeParseError> {
    parse_date_time_local(text, 0)
}

/// Reads a time like [`parse_date_time`], but takes it as local time `utc_offset_minutes` east
/// of UTC unless the text names its own zone.
///
/// # Errors
/// Returns the offset and reason of the first character that does not fit the layout.
pub fn parse_date_time_local(text: &str, utc_offset_minutes: i32) -> Result<Timestamp, TimeParseError> {
    let text = text.trim();
    if text.contains('/') {
        parse_rfc3339_local(&text.replace('/', "-"), utc_offset_minutes)
    } else {
        parse_rfc3339_local(text, utc_offset_minutes)
    }
}

/// The largest UTC offset [`parse_utc_offset`] accepts, in minutes: 23:59.
pub const MAX_UTC_OFFSET_MINUTES: i32 = 23 * 60 + 59;

/// Reads a UTC offset written `Z`, `+HH:MM`, `-HH:MM`, `+HHMM` or `-HHMM` into minutes east of
/// UTC. Hours run to 23 and minutes to 59.
///
/// # Errors
/// Returns the offset and reason of the first character that does not fit those forms.
pub fn parse_utc_offset(text: &str) -> Result<i32, TimeParseError> {
    let bytes = text.as_bytes();
    if bytes == b"Z" || bytes == b"z" {
        return Ok(0);
    }
    let sign = match bytes.first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => {
            return Err(TimeParseError {
                offset: 0,
                reason: "expected 'Z', '+' or '-'",
            })
        }
    };
    let mut cur = Cursor { bytes, at: 1 };
    let hours = cur.digits(2)?;
    if cur.peek() == Some(b':') {
        cur.at += 1;
    }
    let minutes = cur.digits(2)?;
    if cur.at != bytes.len() {
        return Err(TimeParseError {
            offset: cur.at,
            reason: "unexpected text after the offset",
        });
    }
    if hours > 23 || minutes > 59 {
        return Err(TimeParseError {
            offset: 1,
            reason: "hours must be 00 to 23 and minutes 00 to 59",
        });
    }
    Ok(sign * (hours * 60 + minutes) as i32)
}

/// Reads seconds since the epoch with an optional fraction (`1767603600.5`).
///
/// # Errors
/// Returns the offset and reason of the first character that is not part of the number.
pub fn parse_epoch(text: &str) -> Result<Timestamp, TimeParseError> {
    let mut cur = Cursor {
        bytes: text.trim().as_bytes(),
        at: 0,
    };
    let negative = cur.peek() == Some(b'-');
    if negative {
        cur.at += 1;
    }
    let start = cur.at;
    let mut seconds: i64 = 0;
    while let Some(byte) = cur.peek().filter(u8::is_ascii_digit) {
        seconds = seconds
            .checked_mul(10)
            .and_then(|s| s.checked_add(i64::from(byte - b'0')))
            .ok_or(TimeParseError {
                offset: cur.at,
                reason: "epoch value out of range",
            })?;
        cur.at += 1;
    }
    if cur.at == start {
        return Err(TimeParseError {
            offset: cur.at,
            reason: "expected epoch seconds",
        });
    }
    let nanos = if cur.peek() == Some(b'.') {
        cur.at += 1;
        cur.fraction()
    } else {
        0
    };
    if cur.at != cur.bytes.len() {
        return Err(TimeParseError {
            offset: cur.at,
            reason: "unexpected text after the epoch value",
        });
    }
    if seconds > i64::MAX / NANOS_PER_SECOND - 1 {
        return Err(TimeParseError {
            offset: 0,
            reason: "epoch value out of range",
        });
    }
    let value = seconds * NANOS_PER_SECOND + i64::from(nanos);
    Ok(Timestamp(if negative { -value } else { value }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slashed_dates_read_as_dashed_ones() {
        let dashed = parse_rfc3339_local("2026-01-05 09:00:00", 60).unwrap();
        assert_eq!(
            parse_rfc3339_local_with("2026/01/05 09:00:00", 60, DateSeparator::Slash),
            Ok(dashed)
        );
        let err = parse_rfc3339_local_with("2026/01-05 09:00:00", 60, DateSeparator::Slash).unwrap_err();
        assert_eq!((err.offset, err.reason), (7, "expected '/' after the month"));
        assert!(parse_rfc3339_local("2026/01/05 09:00:00", 0).is_err());
    }

    #[test]
    fn local_rfc3339_applies_offset_without_zone() {
        let wall_clock = Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0);
        let two_hours = 2 * 3600 * NANOS_PER_SECOND;
        assert_eq!(
            parse_rfc3339_local("2026-01-05 09:00:00", 120).unwrap(),
            wall_clock.add_nanos(-two_hours)
        );
        assert_eq!(
            parse_rfc3339_local("2026-01-05T09:00:00", -120).unwrap(),
            wall_clock.add_nanos(two_hours)
        );
        assert_eq!(
            parse_rfc3339_local("2026-01-05", 120).unwrap(),
            Timestamp::from_civil(2026, 1, 4, 22, 0, 0, 0)
        );
        assert_eq!(
            parse_date_time_local("2026/01/05 09:00:00", 120).unwrap(),
            wall_clock.add_nanos(-two_hours)
        );
    }

    #[test]
    fn local_rfc3339_keeps_own_zone() {
        let wall_clock = Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0);
        assert_eq!(parse_rfc3339_local("2026-01-05T09:00:00Z", 120).unwrap(), wall_clock);
        assert_eq!(parse_rfc3339_local("2026-01-05T09:00:00+00:00", 120).unwrap(), wall_clock);
        assert_eq!(
            parse_rfc3339_local("2026-01-05T09:00:00-0500", 120).unwrap(),
            wall_clock.add_nanos(5 * 3600 * NANOS_PER_SECOND)
        );
        assert_eq!(parse_rfc3339("2026-01-05T09:00:00").unwrap(), wall_clock);
    }

    #[test]
    fn utc_offset_text_forms() {
        assert_eq!(parse_utc_offset("Z"), Ok(0));
        assert_eq!(parse_utc_offset("z"), Ok(0));
        assert_eq!(parse_utc_offset("+02:00"), Ok(120));
        assert_eq!(parse_utc_offset("-05:30"), Ok(-330));
        assert_eq!(parse_utc_offset("+0545"), Ok(345));
        assert_eq!(parse_utc_offset("-0000"), Ok(0));
        assert_eq!(parse_utc_offset("+23:59"), Ok(MAX_UTC_OFFSET_MINUTES));
    }

    #[test]
    fn utc_offset_rejects_other_text() {
        for text in [
            "", "UTC", "2", "+2", "+02", "+2:00", "02:00", "+02:0", "+02:000", "+24:00", "+02:60", "+02-00", " +02:00",
        ] {
            assert!(parse_utc_offset(text).is_err(), "{text:?} was accepted");
        }
    }

    #[test]
    fn local_to_utc_saturates_extreme_offsets() {
        let wall_clock = Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0);
        assert!(local_to_utc(wall_clock, i32::MAX) < wall_clock);
        assert_eq!(local_to_utc(wall_clock, i32::MIN), Timestamp(i64::MAX));
        assert_eq!(
            local_to_utc(wall_clock, MAX_UTC_OFFSET_MINUTES),
            wall_clock.add_nanos(-i64::from(MAX_UTC_OFFSET_MINUTES) * 60 * NANOS_PER_SECOND)
        );
    }

    #[test]
    fn civil_round_trips_across_eras() {
        for days in [-800_000i64, -1, 0, 1, 59, 60, 10_957, 20_454, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "day {days}");
        }
    }

    #[test]
    fn rfc3339_writes_and_reads_back() {
        let t = Timestamp::from_civil(2026, 1, 5, 9, 3, 7, 123_456_789);
        assert_eq!(t.rfc3339(3), "2026-01-05T09:03:07.123Z");
        assert_eq!(parse_rfc3339("2026-01-05T09:03:07.123456789Z").unwrap(), t);
        assert_eq!(parse_rfc3339("2026-01-05T10:03:07.123456789+01:00").unwrap(), t);
    }

    #[test]
    fn civil_outside_range_saturates() {
        assert_eq!(Timestamp::from_civil(9999, 12, 31, 23, 59, 59, 999_999_999), Timestamp(i64::MAX));
        assert_eq!(Timestamp::from_civil(1000, 1, 1, 0, 0, 0, 0), Timestamp(i64::MIN));
    }

    #[test]
    fn parsers_reject_years_a_timestamp_cannot_hold() {
        for text in ["9999-01-01T00:00:00Z", "2262-12-31T00:00:00Z", "1677-12-31T23:59:59Z", "0000-01-01"] {
            let error = parse_rfc3339(text).expect_err(text);
            assert!(error.reason.contains("1678 to 2261"), "{text}: {error:?}");
        }
        assert!(parse_rfc3339("2261-12-31T23:59:59+23:59").is_ok());
        assert!(parse_rfc3339("1678-01-01T00:00:00-23:59").is_ok());
        assert!(parse_bsd("Jan  5 09:00:00", 9999).is_err());
        assert!(parse_bsd("Jan  5 09:00:00", 0).is_err());
    }

    #[test]
    fn parsers_reject_days_the_month_lacks() {
        for text in ["2026-02-29T00:00:00Z", "2026-02-30", "2026-04-31T10:00:00Z", "2100-02-29T00:00:00Z"] {
            let error = parse_rfc3339(text).expect_err(text);
            assert_eq!(error.reason, "the day does not exist in that month", "{text}");
        }
        assert!(parse_rfc3339("2028-02-29T00:00:00Z").is_ok());
        assert!(parse_rfc3339("2000-02-29T00:00:00Z").is_ok());
        assert!(parse_bsd("Feb 29 10:00:00", 2025).is_err());
        assert!(parse_bsd("Feb 29 10:00:00", 2024).is_ok());
        assert!(parse_date_time("2026/02/30 10:00:00").is_err());
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2026, 12), 31);
    }

    #[test]
    fn bsd_pads_day_with_space() {
        let t = Timestamp::from_civil(2026, 1, 5, 9, 3, 7, 0);
        let mut out = String::new();
        t.write_bsd(&mut out, 0);
        assert_eq!(out, "Jan  5 09:03:07");
        assert_eq!(parse_bsd(&out, 2026).unwrap(), t);
    }

    #[test]
    fn bsd_year_pads_day_with_zero() {
        let t = Timestamp::from_civil(2026, 1, 5, 9, 3, 7, 0);
        let mut out = String::new();
        t.write_bsd_year(&mut out, 0);
        assert_eq!(out, "Jan 05 2026 09:03:07");
        let mut shifted = String::new();
        t.write_bsd_year(&mut shifted, -600);
        assert_eq!(shifted, "Jan 04 2026 23:03:07");
    }

    /// The writers as `write!` formats them; the writers themselves skip `core::fmt`.
    fn formatted_with_std(t: Timestamp, offset: i32, digits: u32) -> [String; 6] {
        let fraction = |nanos: u32| {
            if digits == 0 {
                String::new()
            } else {
                format!(".{:0width$}", nanos / 10u32.pow(9 - digits), width = digits as usize)
            }
        };
        let c = t.civil_at(offset);
        let minutes = offset.unsigned_abs();
        [
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
                c.year,
                c.month,
                c.day,
                c.hour,
                c.minute,
                c.second,
                fraction(c.nanos)
            ),
            format!(
                "{} {:>2} {:02}:{:02}:{:02}",
                MONTHS[c.month as usize - 1],
                c.day,
                c.hour,
                c.minute,
                c.second
            ),
            format!(
                "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
                c.year, c.month, c.day, c.hour, c.minute, c.second
            ),
            format!("{:02}:{:02}:{:02}{}", c.hour, c.minute, c.second, fraction(c.nanos)),
            format!("{}{}", t.secs(), fraction(t.subsec_nanos())),
            format!("{}{:02}:{:02}", if offset < 0 { '-' } else { '+' }, minutes / 60, minutes % 60),
        ]
    }

    #[test]
    fn writers_match_std_formatting() {
        let instants = [
            Timestamp(0),
            Timestamp(-1),
            Timestamp::from_civil(2026, 1, 5, 9, 3, 7, 123_456_789),
            Timestamp::from_civil(2026, 12, 31, 23, 59, 59, 999_999_999),
            Timestamp::from_civil(1969, 7, 20, 20, 17, 40, 5),
            Timestamp::from_civil(1700, 3, 1, 0, 0, 0, 0),
            Timestamp::from_civil(2262, 3, 15, 12, 0, 0, 0),
        ];
        for t in instants {
            for offset in [0, 60, -300, 330, -720, 6000] {
                for digits in [0, 1, 3, 6, 9] {
                    let expected = formatted_with_std(t, offset, digits);
                    let mut written: [String; 6] = Default::default();
                    t.write_rfc3339_offset(&mut written[0], digits, offset);
                    t.write_bsd(&mut written[1], offset);
                    t.write_slashed(&mut written[2], offset);
                    t.write_time(&mut written[3], digits, offset);
                    t.write_epoch(&mut written[4], digits);
                    Timestamp::write_offset(&mut written[5], offset);
                    assert_eq!(written, expected, "instant {t:?}, offset {offset}, digits {digits}");
                }
            }
        }
    }

    #[test]
    fn weekday_of_known_date() {
        // 2026-01-05 is a Monday.
        assert_eq!(Timestamp::from_civil(2026, 1, 5, 0, 0, 0, 0).civil().weekday, 0);
    }

    #[test]
    fn malformed_times_name_offset() {
        let err = parse_rfc3339("2026-13-01T00:00:00Z").unwrap_err();
        assert_eq!(err.reason, "date or time field out of range");
        let err = parse_rfc3339("2026-01-01X").unwrap_err();
        assert_eq!(err.offset, 10);
    }
}
