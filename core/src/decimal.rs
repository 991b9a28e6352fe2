//! Decimal and hexadecimal digits appended to a `String` without the `core::fmt` machinery.
//!
//! Generation formats several numbers per event (timestamps, ports, ids). Going through
//! `write!` costs a few hundred instructions per number; these helpers write the same text
//! directly, which matters at a million events per second.

/// Appends `value` as exactly `width` decimal digits, padded with leading zeros, as
/// `format!("{value:0width$}")` does. A value with more than `width` digits is written in
/// full, as `format!` does.
pub(crate) fn push_padded(out: &mut String, value: u64, width: usize) {
    // Months, days, hours, minutes and seconds skip the digit count.
    if width == 2 && value < 100 {
        push_pair(out, value as usize);
        return;
    }
    for _ in digit_count(value)..width {
        out.push('0');
    }
    push_u64(out, value);
}

/// Appends `value` in decimal, as `format!("{value}")` does.
pub(crate) fn push_u64(out: &mut String, value: u64) {
    // Address octets and small counters skip the pair buffer.
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
    push_long(out, value);
}

/// Appends a `value` of four digits or more, for [`push_u64`]. It stays out of line so that
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

/// The bytes of [`DIGIT_PAIRS`].
const DIGIT_PAIR_BYTES: [u8; 200] = {
    let mut table = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        table[2 * i] = b'0' + (i / 10) as u8;
        table[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    table
};

/// The two-digit numbers `00` to `99` one after the other. Appending a slice of this text
/// writes two digits without checking at run time that the bytes are UTF-8, which costs more
/// than the copy for numbers this short.
const DIGIT_PAIRS: &str = match std::str::from_utf8(&DIGIT_PAIR_BYTES) {
    Ok(text) => text,
    Err(_) => panic!("the digit pairs are ASCII"),
};

/// Appends the two digits of `pair`, which is below 100.
fn push_pair(out: &mut String, pair: usize) {
    out.push_str(DIGIT_PAIRS.get(2 * pair..2 * pair + 2).unwrap_or("00"));
}

/// The bytes of [`HEX_PAIRS`].
const HEX_PAIR_BYTES: [u8; 512] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut table = [0u8; 512];
    let mut i = 0;
    while i < 256 {
        table[2 * i] = DIGITS[i >> 4];
        table[2 * i + 1] = DIGITS[i & 0x0f];
        i += 1;
    }
    table
};

/// The bytes `00` to `ff` in lower-case hexadecimal one after the other, for the same reason
/// as [`DIGIT_PAIRS`].
const HEX_PAIRS: &str = match std::str::from_utf8(&HEX_PAIR_BYTES) {
    Ok(text) => text,
    Err(_) => panic!("the hexadecimal pairs are ASCII"),
};

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
        ] {
            let mut out = String::new();
            push_padded(&mut out, value, width);
            assert_eq!(out, format!("{value:0width$}"), "value {value} width {width}");
        }
    }
}
