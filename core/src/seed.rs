//! Stream derivation: every event draws its randomness from its own ChaCha8 stream.
//!
//! The key of a stream is a pure function of the run seed and a stream name (a source id, or
//! `world`, or a scenario step path); the ChaCha stream number is the event index. Event N can
//! therefore be produced without producing events 0..N-1, which is what makes slices, sharding
//! and parallel generation give the same bytes as one sequential run.
//!
//! The samplers below are written on the raw `u64` output so that a dependency upgrade cannot
//! change the values they return; `rand_core` and `rand_chacha` are pinned exactly for the same
//! reason.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// 64-bit FNV-1a, used to turn a stream name into key material. Stable by definition.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// SplitMix64 finaliser: a bijective mix used to expand key material.
pub(crate) fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The key of one named stream under one seed; cheap to copy, derived once per source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamKey {
    key: [u8; 32],
}

impl StreamKey {
    /// Derives the key of stream `name` under `seed`.
    ///
    /// # Examples
    /// ```
    /// use siemulator::seed::StreamKey;
    /// let a = StreamKey::new(7, "linux_auth").event(3).next_u64();
    /// let b = StreamKey::new(7, "linux_auth").event(3).next_u64();
    /// assert_eq!(a, b);
    /// ```
    pub fn new(seed: u64, name: &str) -> Self {
        let name_hash = fnv1a(name.as_bytes());
        let words = [
            splitmix64(seed ^ 0x5345_4544_0000_0001),
            splitmix64(name_hash ^ 0x5354_5245_414d_0002),
            splitmix64(seed.rotate_left(17) ^ name_hash.rotate_right(9) ^ 0x4b45_5900_0000_0003),
            splitmix64(seed.wrapping_add(name_hash) ^ 0x4b45_5900_0000_0004),
        ];
        let mut key = [0u8; 32];
        for (chunk, word) in key.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        StreamKey { key }
    }

    /// Derives a child key, for a named sub-stream such as a scenario step.
    pub fn child(&self, name: &str) -> Self {
        let mut words = [0u64; 4];
        for (word, chunk) in words.iter_mut().zip(self.key.chunks_exact(8)) {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(chunk);
            *word = u64::from_le_bytes(bytes);
        }
        let seed = splitmix64(words[0] ^ words[1].rotate_left(21) ^ words[2] ^ words[3].rotate_left(42));
        StreamKey::new(seed, name)
    }

    /// Returns the random stream of event `index`.
    pub fn event(&self, index: u64) -> EventRng {
        let mut rng = ChaCha8Rng::from_seed(self.key);
        rng.set_stream(index);
        EventRng { rng }
    }

    /// Returns one stable 64-bit value for `index` without building a generator, for cheap
    /// per-slot jitter.
    pub fn hash_u64(&self, index: u64) -> u64 {
        let mut x = index;
        for chunk in self.key.chunks_exact(8) {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(chunk);
            x = splitmix64(x ^ u64::from_le_bytes(bytes));
        }
        x
    }
}

/// The random stream of one event, with the samplers sources need.
#[derive(Clone, Debug)]
pub struct EventRng {
    rng: ChaCha8Rng,
}

/// Lower-case hexadecimal digits.
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
/// Upper-case hexadecimal digits.
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
/// Letters and digits, for identifiers such as Okta ids and request ids.
const ALPHANUMERIC: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

impl EventRng {
    /// Returns the next raw 64-bit value.
    pub fn next_u64(&mut self) -> u64 {
        self.rng.next_u64()
    }

    /// Returns a uniform value in `0..n` (Lemire's multiply-and-reject method), or 0 for `n == 0`.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        loop {
            let product = u128::from(self.next_u64()) * u128::from(n);
            if (product as u64) >= threshold {
                return (product >> 64) as u64;
            }
        }
    }

    /// Returns a uniform value in `low..=high`; `high < low` returns `low`.
    pub fn range(&mut self, low: u64, high: u64) -> u64 {
        if high <= low {
            return low;
        }
        if low == 0 && high == u64::MAX {
            return self.next_u64();
        }
        low + self.below(high - low + 1)
    }

    /// Returns a uniform index into a collection of `len` items (0 when empty).
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// Returns a uniformly chosen item.
    ///
    /// # Panics
    /// Panics when `items` is empty; every table passed here is a non-empty constant.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// Returns a uniformly chosen string from a non-empty table of string literals.
    pub fn pick_str<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.index(items.len())]
    }

    /// Returns an index chosen with probability proportional to its weight.
    /// All-zero or empty weights return 0.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        if total == 0 {
            return 0;
        }
        let mut target = self.below(total);
        for (i, weight) in weights.iter().enumerate() {
            let weight = u64::from(*weight);
            if target < weight {
                return i;
            }
            target -= weight;
        }
        weights.len() - 1
    }

    /// Returns an item of `(item, weight)` pairs chosen by weight.
    pub fn pick_weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut target = self.below(total);
        for (item, weight) in items {
            let weight = u64::from(*weight);
            if target < weight {
                return item;
            }
            target -= weight;
        }
        &items[items.len() - 1].0
    }

    /// Returns true with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < u64::from(per_mille)
    }

    /// Appends `len` random lower-case hexadecimal digits.
    pub fn hex_into(&mut self, out: &mut String, len: usize) {
        self.digits_into(out, len, HEX_LOWER);
    }

    /// Appends `len` random upper-case hexadecimal digits.
    pub fn hex_upper_into(&mut self, out: &mut String, len: usize) {
        self.digits_into(out, len, HEX_UPPER);
    }

    /// Appends `len` random letters and digits.
    pub fn alphanumeric_into(&mut self, out: &mut String, len: usize) {
        self.digits_into(out, len, ALPHANUMERIC);
    }

    /// Returns `len` random lower-case hexadecimal digits.
    pub fn hex(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        self.hex_into(&mut out, len);
        out
    }

    /// Returns `len` random letters and digits.
    pub fn alphanumeric(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        self.alphanumeric_into(&mut out, len);
        out
    }

    /// Appends a random version-4 UUID in lower-case canonical form.
    pub fn uuid_into(&mut self, out: &mut String) {
        self.uuid_with_digits(out, HEX_LOWER);
    }

    /// Appends a random version-4 UUID in upper-case canonical form, as Windows writes GUIDs.
    /// It draws the same values as [`EventRng::uuid_into`].
    pub(crate) fn uuid_upper_into(&mut self, out: &mut String) {
        self.uuid_with_digits(out, HEX_UPPER);
    }

    /// Appends a random version-4 UUID in canonical form with the hexadecimal `digits`.
    fn uuid_with_digits(&mut self, out: &mut String, digits: &[u8; 16]) {
        let high = self.next_u64();
        let low = self.next_u64();
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&high.to_be_bytes());
        bytes[8..].copy_from_slice(&low.to_be_bytes());
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        // Built on the stack and appended once: sources write several UUIDs per event. The
        // offsets are constants, so the compiler unrolls the loop without bounds checks.
        const OFFSETS: [usize; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
        let mut text = [b'-'; 36];
        for (byte, at) in bytes.into_iter().zip(OFFSETS) {
            text[at] = digits[usize::from(byte >> 4)];
            text[at + 1] = digits[usize::from(byte & 0x0f)];
        }
        out.push_str(std::str::from_utf8(&text).unwrap_or_default());
    }

    /// Returns a random version-4 UUID in lower-case canonical form.
    pub fn uuid(&mut self) -> String {
        let mut out = String::with_capacity(36);
        self.uuid_into(&mut out);
        out
    }

    /// Appends `len` digits of `alphabet`, one byte of the stream each, eight digits per append.
    /// The alphabet's length is a constant, so the remainder compiles to a mask or a
    /// multiplication instead of a division.
    pub(crate) fn digits_into<const N: usize>(&mut self, out: &mut String, len: usize, alphabet: &[u8; N]) {
        // Digits are collected on the stack and appended up to 64 at a time, because every
        // append checks that the bytes are UTF-8 and that check costs more than the copy.
        let mut buffer = [0u8; 64];
        let mut left = len;
        while left > 0 {
            let take = left.min(buffer.len());
            // Each random value gives the digits of one chunk of up to 8, one byte per digit.
            for chunk in buffer[..take].chunks_mut(8) {
                let mut bits = self.next_u64();
                for digit in chunk {
                    *digit = alphabet[(bits & 0xff) as usize % N];
                    bits >>= 8;
                }
            }
            // The alphabets of the crate are ASCII, so the digits are valid UTF-8.
            out.push_str(std::str::from_utf8(&buffer[..take]).unwrap_or_default());
            left -= take;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_values_are_pinned() {
        // Hard-coded outputs: a change here changes the bytes of every source.
        let mut rng = StreamKey::new(0, "linux_auth").event(0);
        assert_eq!(rng.next_u64(), 13_156_982_775_748_744_000);
        assert_eq!(rng.below(1000), 844);
        assert_eq!(StreamKey::new(42, "world").event(7).uuid(), "de8d9d8e-129a-46ed-b9be-cba59a66a479");
    }

    #[test]
    fn digits_take_one_value_per_eight() {
        // Digit i of the text is byte i % 8 of random value i / 8, so lengths that are not a
        // multiple of 8 or of the 64-digit buffer leave the stream where the next draw expects it.
        for len in [0, 1, 7, 8, 9, 63, 64, 65, 130] {
            let mut rng = StreamKey::new(5, "digits").event(len as u64);
            let mut expected_rng = rng.clone();
            let mut text = String::new();
            rng.hex_into(&mut text, len);
            let mut expected = String::new();
            for i in 0..len {
                if i % 8 == 0 {
                    let bits = expected_rng.next_u64();
                    for byte in bits.to_le_bytes().iter().take(len - i) {
                        expected.push(char::from(HEX_LOWER[usize::from(*byte) % 16]));
                    }
                }
            }
            assert_eq!(text, expected, "length {len}");
            assert_eq!(rng.next_u64(), expected_rng.next_u64(), "stream after length {len}");
        }
    }

    #[test]
    fn streams_differ_by_seed_name_and_index() {
        let first = StreamKey::new(0, "linux_auth").event(0).next_u64();
        assert_ne!(first, StreamKey::new(0, "linux_auth").event(1).next_u64());
        assert_ne!(first, StreamKey::new(1, "linux_auth").event(0).next_u64());
        assert_ne!(first, StreamKey::new(0, "cisco_asa").event(0).next_u64());
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = StreamKey::new(3, "t").event(0);
        for n in [1u64, 2, 3, 7, 1000, u64::MAX] {
            for _ in 0..200 {
                assert!(rng.below(n) < n);
            }
        }
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn weighted_skips_zero_weights() {
        let mut rng = StreamKey::new(3, "t").event(0);
        for _ in 0..500 {
            assert_ne!(rng.weighted(&[5, 0, 5]), 1);
        }
    }

    #[test]
    fn upper_case_uuid_draws_same_values() {
        let key = StreamKey::new(9, "t");
        for index in 0..20 {
            let mut lower = String::new();
            key.event(index).uuid_into(&mut lower);
            let mut upper = String::new();
            key.event(index).uuid_upper_into(&mut upper);
            assert_eq!(upper, lower.to_ascii_uppercase());
        }
    }

    #[test]
    fn uuid_has_version_and_variant() {
        let uuid = StreamKey::new(1, "u").event(9).uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4");
        assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"));
    }
}
