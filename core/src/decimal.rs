//! Decimal and hexadecimal digits appended to a `String` without the `core::fmt` machinery.
//!
//! Generation formats several numbers per event (timestamps, ports, ids). Going through
//! `write!` costs a few hundred instructions per number; these helpers write the same text
//! directly, which matters at a million events per second.

/// Appends `value` as exactly `width` decimal digits, padded with leading zeros, as
/// `format!("{value:0width$}")` does. A value with more than `width` digits is written in
/// full, as `format!` does.
pub(crate) fn push_padded(out: &mut String, value: u64, width: usize) {
    // The widths of timestamps (months, days and times of two digits, years of four,
    // fractions of a second of three, six or nine) skip the digit count, because they are
    // written as pairs of digits split off with constant divisors.
    match width {
        2 if value < 100 => return push_pair(out, value as usize),
        3 if value < 1_000 => {
            push_digit(out, value / 100);
            return push_pair(out, (value % 100) as usize);
        }
        4 if value < 10_000 => {
            push_pair(out, (value / 100) as usize);
            return push_pair(out, (value % 100) as usize);
        }
        6 if value < 1_000_000 => {
            push_pair(out, (value / 10_000) as usize);
            push_pair(out, (value / 100 % 100) as usize);
            return push_pair(out, (value % 100) as usize);
        }
        9 if value < 1_000_000_000 => {
            push_digit(out, value / 100_000_000);
            push_pair(out, (value / 1_000_000 % 100) as usize);
            push_pair(out, (value / 10_000 % 100) as usize);
            push_pair(out, (value / 100 % 100) as usize);
            return push_pair(out, (value % 100) as usize);
        }
        _ => {}
    }
    for _ in digit_count(value)..width {
        out.push('0');
    }
    push_u64(out, value);
}

/// Appends `value` in decimal, as `format!("{value}")` does.
pub(crate) fn push_u64(out: &mut String, value: u64) {
    // Address octets, small counters and ports skip the pair buffer.
    if value < 1000 {
        if value >= 100 {
            out.push(char::from(b'0' + (value / 100) as u8));
            push_pair(out, (value % 100) as usize);
        } else if value >= 10 {
            push_pair(out, value as usize);
        } else {
            out.push(char::from(b'0' + value as u8));
        }
        return;
    }
    if value < 100_000 {
        let high = value / 100;
        if high >= 100 {
            push_digit(out, high / 100);
            push_pair(out, (high % 100) as usize);
        } else {
            push_pair(out, high as usize);
        }
        return push_pair(out, (value % 100) as usize);
    }
    push_long(out, value);
}

/// Appends a `value` of six digits or more, for [`push_u64`]. It stays out of line so that
/// the short path for octets and small counters needs no stack frame.
#[inline(never)]
fn push_long(out: &mut String, value: u64) {
    // The pairs of digits below the leading one or two digits, least significant first.
    let mut pairs = [0u8; 10];
    let mut count = 0;
    let mut rest = value;
    while rest >= 100 {
        pairs[count] = (rest % 100) as u8;
        rest /= 100;
        count += 1;
    }
    if rest >= 10 {
        push_pair(out, rest as usize);
    } else {
        out.push(char::from(b'0' + rest as u8));
    }
    for &pair in pairs[..count].iter().rev() {
        push_pair(out, usize::from(pair));
    }
}

/// Appends `octet` in decimal, as [`push_u64`] does. Writers of IPv4 addresses call it four
/// times per address, and it is small enough to inline where a call to [`push_u64`] is not.
#[inline(always)]
pub(crate) fn push_octet(out: &mut String, octet: u8) {
    if octet >= 100 {
        push_digit(out, u64::from(octet / 100));
        push_pair(out, usize::from(octet % 100));
    } else if octet >= 10 {
        push_pair(out, usize::from(octet));
    } else {
        push_digit(out, u64::from(octet));
    }
}

/// Appends `value` in decimal with a leading `-` when negative, as `format!("{value}")` does.
pub(crate) fn push_i64(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    push_u64(out, value.unsigned_abs());
}

/// Returns the number of decimal digits of `value`.
fn digit_count(value: u64) -> usize {
    let mut count = 1;
    let mut rest = value;
    while rest >= 10 {
        rest /= 10;
        count += 1;
    }
    count
}

/// The two-digit numbers `00` to `99` one after the other. Appending a slice of this text
/// writes two digits without checking at run time that the bytes are UTF-8, which costs more
/// than the copy for numbers this short.
const DIGIT_PAIRS: &str = "0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Appends `digit`, which is below 10, as one decimal digit.
fn push_digit(out: &mut String, digit: u64) {
    out.push(char::from(b'0' + (digit % 10) as u8));
}

/// Appends the two digits of `pair`, which is below 100.
fn push_pair(out: &mut String, pair: usize) {
    out.push_str(DIGIT_PAIRS.get(2 * pair..2 * pair + 2).unwrap_or("00"));
}

/// The bytes `00` to `ff` in lower-case hexadecimal one after the other, for the same reason
/// as [`DIGIT_PAIRS`].
const HEX_PAIRS: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\
    202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\
    404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f\
    606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f\
    808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f\
    a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf\
    c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf\
    e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

/// Appends `byte` as two lower-case hexadecimal digits, as `format!("{byte:02x}")` does.
pub(crate) fn push_hex_byte(out: &mut String, byte: u8) {
    let at = 2 * usize::from(byte);
    out.push_str(HEX_PAIRS.get(at..at + 2).unwrap_or("00"));
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
    fn pair_tables_list_every_pair() {
        let digits: String = (0..100).map(|i| format!("{i:02}")).collect();
        assert_eq!(DIGIT_PAIRS, digits);
        let hex: String = (0..=255).map(|i| format!("{i:02x}")).collect();
        assert_eq!(HEX_PAIRS, hex);
    }

    #[test]
    fn octets_match_std_formatting() {
        for octet in 0..=u8::MAX {
            let mut out = String::new();
            push_octet(&mut out, octet);
            assert_eq!(out, octet.to_string());
        }
    }

    #[test]
    fn hex_byte_matches_std_formatting() {
        for byte in 0..=u8::MAX {
            let mut out = String::new();
            push_hex_byte(&mut out, byte);
            assert_eq!(out, format!("{byte:02x}"));
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
            (0, 3),
            (7, 3),
            (999, 3),
            (1_000, 3),
            (0, 4),
            (9_999, 4),
            (10_000, 4),
            (0, 6),
            (123, 6),
            (999_999, 6),
            (1_000_000, 6),
            (0, 9),
            (100_000_000, 9),
            (5_000, 9),
            (999_999_999, 9),
            (1_000_000_000, 9),
            (42, 12),
        ] {
            let mut out = String::new();
            push_padded(&mut out, value, width);
            assert_eq!(out, format!("{value:0width$}"), "value {value} width {width}");
        }
    }
}
