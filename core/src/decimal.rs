//! Decimal digits appended to a `String` without the `core::fmt` machinery.
//!
//! Generation formats several numbers per event (timestamps, ports, ids). Going through
//! `write!` costs a few hundred instructions per number; these helpers write the same text
//! directly, which matters at a million events per second.

/// Appends `value` as exactly `width` decimal digits, padded with leading zeros, as
/// `format!("{value:0width$}")` does. A value with more than `width` digits is written in
/// full, as `format!` does.
pub(crate) fn push_padded(out: &mut String, value: u64, width: usize) {
    // Months, days, hours, minutes and seconds skip the digit buffer.
    if width == 2 && value < 100 {
        out.push(char::from(b'0' + (value / 10) as u8));
        out.push(char::from(b'0' + (value % 10) as u8));
        return;
    }
    let mut digits = [b'0'; 20];
    let start = fill_digits(&mut digits, value);
    let len = digits.len() - start;
    for _ in len..width {
        out.push('0');
    }
    push_ascii(out, &digits[start..]);
}

/// Appends `value` in decimal, as `format!("{value}")` does.
pub(crate) fn push_u64(out: &mut String, value: u64) {
    // Address octets and small counters skip the digit buffer and its copy loop.
    if value < 1000 {
        if value >= 100 {
            out.push(char::from(b'0' + (value / 100) as u8));
        }
        if value >= 10 {
            out.push(char::from(b'0' + (value / 10 % 10) as u8));
        }
        out.push(char::from(b'0' + (value % 10) as u8));
        return;
    }
    let mut digits = [b'0'; 20];
    let start = fill_digits(&mut digits, value);
    push_ascii(out, &digits[start..]);
}

/// Appends `value` in decimal with a leading `-` when negative, as `format!("{value}")` does.
pub(crate) fn push_i64(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    push_u64(out, value.unsigned_abs());
}

/// The two-digit numbers `00` to `99` one after the other, so that one division by 100 yields
/// two digits.
const DIGIT_PAIRS: [u8; 200] = {
    let mut table = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        table[2 * i] = b'0' + (i / 10) as u8;
        table[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    table
};

/// Writes the digits of `value` at the end of `digits` and returns the index of the first one.
fn fill_digits(digits: &mut [u8; 20], mut value: u64) -> usize {
    let mut start = digits.len();
    while value >= 100 {
        let pair = (value % 100) as usize * 2;
        value /= 100;
        start -= 2;
        digits[start..start + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if value >= 10 {
        let pair = value as usize * 2;
        start -= 2;
        digits[start..start + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else {
        start -= 1;
        digits[start] = b'0' + value as u8;
    }
    start
}

/// Appends ASCII digits in one copy. The callers pass digits only, which are valid UTF-8.
fn push_ascii(out: &mut String, digits: &[u8]) {
    out.push_str(std::str::from_utf8(digits).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_match_std_formatting() {
        for value in [0i64, 7, 10, 99, 100, 101, 1_000, 65_535, -1, -42, i64::MAX, i64::MIN] {
            let mut out = String::new();
            push_i64(&mut out, value);
            assert_eq!(out, value.to_string());
        }
        let mut out = String::new();
        push_u64(&mut out, u64::MAX);
        assert_eq!(out, u64::MAX.to_string());
    }

    #[test]
    fn every_digit_count_matches_std_formatting() {
        let mut values: Vec<u64> = (0..=10_000).collect();
        let mut power = 10u64;
        while let Some(next) = power.checked_mul(10) {
            values.extend([power - 1, power, power + 1]);
            power = next;
        }
        for value in values {
            let mut out = String::new();
            push_u64(&mut out, value);
            assert_eq!(out, value.to_string());
        }
    }

    #[test]
    fn padded_matches_std_formatting() {
        for (value, width) in [
            (0u64, 2usize),
            (5, 2),
            (59, 2),
            (99, 2),
            (100, 2),
            (2026, 4),
            (7, 4),
            (123_456, 6),
            (12_345, 3),
            (0, 0),
            (9, 9),
        ] {
            let mut out = String::new();
            push_padded(&mut out, value, width);
            assert_eq!(out, format!("{value:0width$}"), "value {value} width {width}");
        }
    }
}
