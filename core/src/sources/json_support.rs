//! Helpers shared by the sources whose events are JSON objects: reading a JSON event out of a
//! text line, flattening it into [`Parsed`], reading its time, and stable identifiers derived
//! from world entities.

use std::net::Ipv4Addr;

use serde_json::{Map, Value};

use super::{ParseState, Parsed, Source};
use crate::error::ParseError;
use crate::field_map::FieldMap;
use crate::format::json;
use crate::parse::unwrap_envelope_tagged;
use crate::seed::{fnv1a, splitmix64, EventRng};
use crate::timestamp::{parse_epoch, parse_rfc3339, Timestamp, MONTHS};
use crate::world::World;

/// Reads the one JSON event of a text line for a JSON source's `parse_line`: the whole line,
/// or the JSON after a header such as the syslog header a collector put in front. Envelopes
/// are unwrapped; a line holding several events is rejected because `parse_line` returns one.
///
/// # Errors
/// Returns a [`ParseError`] when the line contains no JSON object, invalid JSON or several
/// events.
pub(crate) fn parse_line_json(source: &dyn Source, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
    let start = line.find('{').ok_or_else(|| {
        ParseError::new(
            0,
            format!("{} reads JSON events, and the line contains no JSON object", source.meta().id),
        )
    })?;
    let value = json::parse(&line[start..]).map_err(|err| ParseError::new(start + err.offset, err.reason))?;
    let mut items = Vec::new();
    unwrap_envelope_tagged(value, &mut items, 0, None);
    match items.len() {
        1 => match items.pop() {
            Some((item, envelope)) if item.is_object() => {
                state.envelope = envelope;
                let parsed = source.parse_json(&item, state);
                state.envelope = None;
                parsed
            }
            _ => Err(ParseError::new(start, "the JSON value is not an object")),
        },
        0 => Err(ParseError::new(start, "the JSON envelope contains no event")),
        n => Err(ParseError::new(
            start,
            format!("the line contains {n} events; give the JSON document alone so each event is read"),
        )),
    }
}

/// Returns the flattened fields of a JSON object, tagged with `variant`.
pub(crate) fn flattened(value: &Value, variant: Option<&'static str>) -> Parsed {
    Parsed {
        variant,
        fields: json::flatten_object(value),
    }
}

/// Returns the text at a dotted path of flattened fields.
pub(crate) fn text<'a>(fields: &'a FieldMap, name: &str) -> Option<&'a str> {
    fields.get(name).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// Returns the first non-empty text among `names`.
pub(crate) fn first_text<'a>(fields: &'a FieldMap, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|name| text(fields, name))
}

/// Returns an integer at `name`, accepting numbers and numeric strings.
pub(crate) fn integer(fields: &FieldMap, name: &str) -> Option<i64> {
    match fields.get(name)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Returns a boolean at `name`, accepting `true`/`false` as JSON booleans or strings.
pub(crate) fn boolean(fields: &FieldMap, name: &str) -> Option<bool> {
    match fields.get(name)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Returns true when `text` has the form of an email address as OCSF's `email_t` defines it:
/// a local part of letters, digits and the characters `!#$%&'*+-/=?^_`{|}~.`, an `@`, and a
/// domain of at least two labels.
pub(crate) fn is_email_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let Some((first, rest)) = domain.split_once('.') else {
        return false;
    };
    // Byte tests match the character tests, because every allowed character is ASCII and
    // the bytes of other characters are all above 0x7f.
    let all = |part: &str, class: u8| !part.is_empty() && part.bytes().all(|byte| EMAIL_CLASSES[usize::from(byte)] & class != 0);
    all(local, EMAIL_LOCAL) && all(first, EMAIL_LABEL) && all(rest, EMAIL_LABEL | EMAIL_DOT)
}

/// Class bit of the bytes allowed in the local part of an email address.
const EMAIL_LOCAL: u8 = 1;
/// Class bit of the bytes allowed in a domain label: letters, digits and `-`.
const EMAIL_LABEL: u8 = 2;
/// Class bit of `.`, which separates domain labels.
const EMAIL_DOT: u8 = 4;

/// The email classes of each byte, so that a check costs one load per byte.
static EMAIL_CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        if (byte as u8).is_ascii_alphanumeric() {
            classes[byte] = EMAIL_LOCAL | EMAIL_LABEL;
        }
        byte += 1;
    }
    let specials = b"!#$%&'*+-/=?^_`{|}~.";
    let mut at = 0;
    while at < specials.len() {
        classes[specials[at] as usize] |= EMAIL_LOCAL;
        at += 1;
    }
    classes[b'-' as usize] |= EMAIL_LABEL;
    classes[b'.' as usize] |= EMAIL_DOT;
    classes
};

/// Splits a Windows down-level logon name, `DOMAIN\name`, into the domain and the account
/// name. Other names, such as a bare name or a user principal name, come back whole.
pub(crate) fn split_down_level_name(account: &str) -> (Option<&str>, &str) {
    match account.split_once('\\') {
        Some((domain, name)) if !domain.is_empty() && !name.is_empty() && !name.contains('\\') => (Some(domain), name),
        _ => (None, account),
    }
}

/// Rebuilds the nested object of the flattened fields under `prefix` (`requestParameters`
/// from `requestParameters.bucketName`, ...), or returns the value stored at `prefix` itself.
pub(crate) fn unflatten_prefix(fields: &FieldMap, prefix: &str) -> Option<Value> {
    if let Some(value) = fields.get(prefix) {
        return Some(value.clone());
    }
    // A hashed map, because an event may carry thousands of such fields and an `Object` finds
    // an attribute by comparing names.
    let mut object = Map::new();
    for (name, value) in fields {
        if let Some(rest) = name.strip_prefix(prefix).and_then(|r| r.strip_prefix('.')) {
            set_map_path(&mut object, rest, value.clone());
        }
    }
    (!object.is_empty()).then_some(Value::Object(object))
}

/// Sets `value` at a dotted `path` inside `map`, creating objects on the way and replacing a
/// value on the path that is not an object.
fn set_map_path(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            map.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            if let Some(Value::Object(child)) = map.get_mut(head) {
                set_map_path(child, rest, value);
                return;
            }
            let mut child = Map::new();
            set_map_path(&mut child, rest, value);
            map.insert(head.to_string(), Value::Object(child));
        }
    }
}

/// Reads the RFC 3339 time at the first of `names` that is present.
///
/// # Errors
/// Returns a [`ParseError`] when none is present or the text is not RFC 3339.
pub(crate) fn rfc3339_time(fields: &FieldMap, names: &[&str]) -> Result<Timestamp, ParseError> {
    let (name, value) = names
        .iter()
        .find_map(|name| text(fields, name).map(|v| (*name, v)))
        .ok_or_else(|| ParseError::new(0, format!("the event has no time field ({})", names.join(", "))))?;
    parse_rfc3339(value).map_err(|e| ParseError::new(0, format!("invalid {name} '{value}': {}", e.reason)))
}

/// Reads an epoch time given in seconds or milliseconds (values above 10^11 are
/// milliseconds), as a number or numeric text.
pub(crate) fn epoch_time(fields: &FieldMap, name: &str) -> Option<Timestamp> {
    let value = fields.get(name)?;
    let number = match value {
        Value::Number(n) => n.as_i64()?,
        Value::String(s) => {
            return parse_epoch(s).ok().map(|t| {
                if t.secs() > 100_000_000_000 {
                    Timestamp::from_millis(t.secs())
                } else {
                    t
                }
            })
        }
        _ => return None,
    };
    Some(if number > 100_000_000_000 {
        Timestamp::from_millis(number)
    } else {
        Timestamp::from_secs(number)
    })
}

/// A place sign-ins come from, as identity providers geolocate an address: city, state,
/// country name and ISO 3166-1 code, postal code, coordinates, autonomous system and its
/// organisation.
pub(crate) struct Place {
    pub(crate) city: &'static str,
    pub(crate) state: &'static str,
    pub(crate) country: &'static str,
    pub(crate) country_code: &'static str,
    pub(crate) postal_code: &'static str,
    pub(crate) lat: &'static str,
    pub(crate) lon: &'static str,
    pub(crate) as_number: u32,
    pub(crate) as_org: &'static str,
}

/// Offices, where the world's NAT addresses geolocate. AS numbers are from the documentation
/// range of RFC 5398.
const OFFICES: &[Place] = &[
    Place {
        city: "New York",
        state: "New York",
        country: "United States",
        country_code: "US",
        postal_code: "10013",
        lat: "40.7209",
        lon: "-74.0007",
        as_number: 64496,
        as_org: "example metro fiber",
    },
    Place {
        city: "San Francisco",
        state: "California",
        country: "United States",
        country_code: "US",
        postal_code: "94107",
        lat: "37.7697",
        lon: "-122.3933",
        as_number: 64497,
        as_org: "example cable",
    },
    Place {
        city: "London",
        state: "England",
        country: "United Kingdom",
        country_code: "GB",
        postal_code: "EC1V",
        lat: "51.5290",
        lon: "-0.0990",
        as_number: 64498,
        as_org: "example broadband",
    },
    Place {
        city: "Berlin",
        state: "Land Berlin",
        country: "Germany",
        country_code: "DE",
        postal_code: "10115",
        lat: "52.5323",
        lon: "13.3846",
        as_number: 64499,
        as_org: "example telekom",
    },
];

/// Elsewhere, where external addresses geolocate.
const ELSEWHERE: &[Place] = &[
    Place {
        city: "Toronto",
        state: "Ontario",
        country: "Canada",
        country_code: "CA",
        postal_code: "M5H",
        lat: "43.6511",
        lon: "-79.3839",
        as_number: 64500,
        as_org: "example wireless",
    },
    Place {
        city: "Sao Paulo",
        state: "Sao Paulo",
        country: "Brazil",
        country_code: "BR",
        postal_code: "01000",
        lat: "-23.5475",
        lon: "-46.6361",
        as_number: 64501,
        as_org: "example net",
    },
    Place {
        city: "Bucharest",
        state: "Bucuresti",
        country: "Romania",
        country_code: "RO",
        postal_code: "010011",
        lat: "44.4323",
        lon: "26.1063",
        as_number: 64502,
        as_org: "example hosting",
    },
    Place {
        city: "Singapore",
        state: "Singapore",
        country: "Singapore",
        country_code: "SG",
        postal_code: "018989",
        lat: "1.2897",
        lon: "103.8501",
        as_number: 64503,
        as_org: "example cloud",
    },
    Place {
        city: "Amsterdam",
        state: "North Holland",
        country: "Netherlands",
        country_code: "NL",
        postal_code: "1012",
        lat: "52.3740",
        lon: "4.8897",
        as_number: 64504,
        as_org: "example vps",
    },
];

/// Picks a client address: one of the world's NAT addresses, or an external one `outside`
/// per mille of the time, with the place it geolocates to (the same for every event with that
/// address).
pub(crate) fn pick_client_address(world: &World, rng: &mut EventRng, outside: u32) -> (Ipv4Addr, &'static Place) {
    let external = rng.chance(outside);
    let address = if external {
        *rng.pick(&world.external_addresses)
    } else {
        *rng.pick(&world.nat_addresses)
    };
    let hash = fnv1a(&address.octets()) as usize;
    let place = if external {
        &ELSEWHERE[hash % ELSEWHERE.len()]
    } else {
        &OFFICES[hash % OFFICES.len()]
    };
    (address, place)
}

/// True when `place` is one of the offices.
pub(crate) fn is_office(place: &Place) -> bool {
    OFFICES.iter().any(|office| std::ptr::eq(office, place))
}

/// Returns the ISO 3166-1 alpha-2 code of a country name, for the names the places above and
/// common identity provider logs use.
pub(crate) fn country_code(name: &str) -> Option<&'static str> {
    const OTHERS: &[(&str, &str)] = &[
        ("France", "FR"),
        ("India", "IN"),
        ("Australia", "AU"),
        ("Japan", "JP"),
        ("Spain", "ES"),
        ("Italy", "IT"),
        ("Nigeria", "NG"),
        ("Russia", "RU"),
        ("China", "CN"),
    ];
    OFFICES
        .iter()
        .chain(ELSEWHERE)
        .map(|p| (p.country, p.country_code))
        .chain(OTHERS.iter().copied())
        .find(|(country, _)| country.eq_ignore_ascii_case(name))
        .map(|(_, code)| code)
}

/// Returns the OCSF `os.type_id` and its caption for an operating system name such as
/// `Windows10`, `MacOs`, `Ios` or `Ubuntu 22.04`.
pub(crate) fn os_type(name: &str) -> (u32, &'static str) {
    let name = name.to_ascii_lowercase();
    if name.starts_with("windows") || name.starts_with("win") {
        (100, "Windows")
    } else if name.starts_with("ios") || name.starts_with("iphone") {
        (301, "iOS")
    } else if name.starts_with("ipados") {
        (302, "iPadOS")
    } else if name.starts_with("mac") || name.starts_with("os x") {
        (300, "macOS")
    } else if name.starts_with("android") {
        (201, "Android")
    } else if ["linux", "ubuntu", "debian", "red hat", "rhel", "centos", "amazon linux"]
        .iter()
        .any(|l| name.starts_with(l))
    {
        (200, "Linux")
    } else {
        (0, "Unknown")
    }
}

/// Upper-case letters and digits 2 to 7, the alphabet of AWS unique ids.
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// Letters and digits, the alphabet of Okta ids.
const ALPHANUMERIC: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// Lower-case hexadecimal digits.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Identifier alphabets.
#[derive(Clone, Copy)]
pub(crate) enum Alphabet {
    /// `A-Z2-7`, as in AWS ids (`AIDA...`, `AKIA...`).
    Base32,
    /// `0-9A-Za-z`, as in Okta ids.
    Alphanumeric,
    /// `0-9a-f`, as in CrowdStrike agent ids.
    Hex,
}

impl Alphabet {
    /// Returns the digit that the low byte of `bits` selects. Each arm divides by a constant,
    /// which compiles to a mask or a multiplication instead of a division.
    fn digit(self, bits: u64) -> u8 {
        let byte = (bits & 0xff) as usize;
        match self {
            Alphabet::Base32 => BASE32[byte % BASE32.len()],
            Alphabet::Alphanumeric => ALPHANUMERIC[byte % ALPHANUMERIC.len()],
            Alphabet::Hex => HEX[byte % HEX.len()],
        }
    }
}

/// Appends `prefix` and `len` characters derived from `parts`, so the same entity (a user in
/// an account, a host) always gets the same id without storing it in the world.
pub(crate) fn write_stable_id(out: &mut String, prefix: &str, alphabet: Alphabet, len: usize, parts: &[&str]) {
    out.push_str(prefix);
    stable_digits(alphabet, len, parts, |digit| out.push(digit as char));
}

/// Hands `len` characters of `alphabet` derived from `parts` to `emit`.
fn stable_digits(alphabet: Alphabet, len: usize, parts: &[&str], mut emit: impl FnMut(u8)) {
    let mut state = parts
        .iter()
        .fold(0x243f_6a88_85a3_08d3u64, |hash, part| splitmix64(hash ^ fnv1a(part.as_bytes())));
    let mut bits = 0u64;
    let mut left = 0;
    for _ in 0..len {
        if left == 0 {
            state = splitmix64(state);
            bits = state;
            left = 8;
        }
        emit(alphabet.digit(bits));
        bits >>= 8;
        left -= 1;
    }
}

/// Appends a version-4 style UUID derived from `parts`, for ids that must stay the same for
/// one entity (a KMS key, an application).
pub(crate) fn write_stable_uuid(out: &mut String, parts: &[&str]) {
    let mut digits = String::with_capacity(32);
    write_stable_id(&mut digits, "", Alphabet::Hex, 32, parts);
    for (i, c) in digits.chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(match i {
            12 => '4',
            16 => ['8', '9', 'a', 'b'][(c.to_digit(16).unwrap_or(0) % 4) as usize],
            _ => c,
        });
    }
}

/// Writes one JSON object member by member into a field's buffer, for array-valued fields
/// (Okta `target`, Proofpoint `threatsInfoMap`) built without an intermediate value.
pub(crate) struct JsonObject<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> JsonObject<'a> {
    /// Opens an object.
    pub(crate) fn open(out: &'a mut String) -> Self {
        out.push('{');
        JsonObject { out, first: true }
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        json::write_str(self.out, key);
        self.out.push(':');
    }

    /// Adds a string member.
    pub(crate) fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        json::write_str(self.out, value);
        self
    }

    /// Adds a member whose value is JSON text (a number, boolean, array or object).
    pub(crate) fn raw(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        self.out.push_str(value);
        self
    }

    /// Adds a member whose value `write` appends as JSON text.
    pub(crate) fn with(&mut self, key: &str, write: impl FnOnce(&mut String)) -> &mut Self {
        self.key(key);
        write(self.out);
        self
    }

    /// Adds a `null` member.
    pub(crate) fn null(&mut self, key: &str) -> &mut Self {
        self.raw(key, "null")
    }

    /// Closes the object.
    pub(crate) fn close(&mut self) {
        self.out.push('}');
    }
}

/// Appends a version-1 (time-based) UUID for `time`, with a random clock sequence and node,
/// as Okta writes its event `uuid`.
pub(crate) fn write_uuid_v1(out: &mut String, time: Timestamp, rng: &mut EventRng) {
    use std::fmt::Write as _;
    // 100-nanosecond intervals since 1582-10-15, the UUID epoch.
    const UUID_EPOCH_OFFSET: u64 = 0x01b2_1dd2_1381_4000;
    let ticks = (time.0.max(0) as u64 / 100).wrapping_add(UUID_EPOCH_OFFSET);
    let low = ticks & 0xffff_ffff;
    let mid = (ticks >> 32) & 0xffff;
    let high = ((ticks >> 48) & 0x0fff) | 0x1000;
    let random = rng.next_u64();
    let clock_sequence = ((random >> 48) & 0x3fff) | 0x8000;
    let node = random & 0xffff_ffff_ffff;
    let _ = write!(out, "{low:08x}-{mid:04x}-{high:04x}-{clock_sequence:04x}-{node:012x}");
}

/// A short identifier kept on the stack, for a random id that several fields repeat (an
/// Okta request id in `debugData` and `transaction`) without allocating.
#[derive(Clone, Copy)]
pub(crate) struct ShortId {
    bytes: [u8; 64],
    len: usize,
}

impl ShortId {
    /// Returns `prefix` followed by random characters of `alphabet`, `len` bytes in all (at
    /// most 64).
    pub(crate) fn random(rng: &mut EventRng, prefix: &str, alphabet: Alphabet, len: usize) -> Self {
        let len = len.min(64);
        let mut bytes = [b'0'; 64];
        let prefix = &prefix.as_bytes()[..prefix.len().min(len)];
        bytes[..prefix.len()].copy_from_slice(prefix);
        let mut bits = 0u64;
        for (i, byte) in bytes[prefix.len()..len].iter_mut().enumerate() {
            if i % 8 == 0 {
                bits = rng.next_u64();
            }
            *byte = alphabet.digit(bits);
            bits >>= 8;
        }
        ShortId { bytes, len }
    }

    /// Returns the identifier [`write_stable_id`] appends, kept on the stack so several
    /// fields can repeat it without deriving it again (at most 64 bytes).
    pub(crate) fn stable(prefix: &str, alphabet: Alphabet, len: usize, parts: &[&str]) -> Self {
        let mut bytes = [b'0'; 64];
        let prefix = &prefix.as_bytes()[..prefix.len().min(64)];
        bytes[..prefix.len()].copy_from_slice(prefix);
        let len = (prefix.len() + len).min(64);
        let mut at = prefix.len();
        stable_digits(alphabet, len - prefix.len(), parts, |digit| {
            bytes[at] = digit;
            at += 1;
        });
        ShortId { bytes, len }
    }

    /// The identifier.
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// Appends `len` random characters of `alphabet`, each drawn from one byte of a random `u64`.
pub(crate) fn write_random(out: &mut String, rng: &mut EventRng, alphabet: Alphabet, len: usize) {
    match alphabet {
        Alphabet::Base32 => rng.digits_into(out, len, BASE32),
        Alphabet::Alphanumeric => rng.digits_into(out, len, ALPHANUMERIC),
        Alphabet::Hex => rng.digits_into(out, len, HEX),
    }
}

/// Appends the date as Java's default US format writes it, `Jan 5, 2026, 9:00:03 AM`, which
/// AWS uses inside `responseElements` (`createDate`, `expiration`).
pub(crate) fn write_java_date(out: &mut String, time: Timestamp) {
    use std::fmt::Write as _;
    let c = time.civil();
    let hour = match c.hour % 12 {
        0 => 12,
        h => h,
    };
    let half = if c.hour < 12 { "AM" } else { "PM" };
    let _ = write!(
        out,
        "{} {}, {}, {hour}:{:02}:{:02} {half}",
        MONTHS[c.month as usize - 1],
        c.day,
        c.year,
        c.minute,
        c.second
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_id_repeats_for_same_parts() {
        let mut a = String::new();
        let mut b = String::new();
        write_stable_id(&mut a, "AIDA", Alphabet::Base32, 17, &["123456789012", "ana.silva"]);
        write_stable_id(&mut b, "AIDA", Alphabet::Base32, 17, &["123456789012", "ana.silva"]);
        assert_eq!(a, b);
        assert_eq!(a.len(), 21);
        let mut c = String::new();
        write_stable_id(&mut c, "AIDA", Alphabet::Base32, 17, &["123456789012", "ana.silvb"]);
        assert_ne!(a, c);
    }

    #[test]
    fn random_digits_match_one_byte_per_character() {
        for alphabet in [Alphabet::Hex, Alphabet::Base32, Alphabet::Alphanumeric] {
            for len in [0, 1, 7, 8, 9, 32, 40, 63, 64, 65, 130] {
                let mut out = String::from("x");
                write_random(&mut out, &mut crate::seed::StreamKey::new(3, "t").event(1), alphabet, len);
                let mut rng = crate::seed::StreamKey::new(3, "t").event(1);
                let mut expected = String::from("x");
                let mut bits = 0u64;
                for i in 0..len {
                    if i % 8 == 0 {
                        bits = rng.next_u64();
                    }
                    expected.push(char::from(alphabet.digit(bits)));
                    bits >>= 8;
                }
                assert_eq!(out, expected, "length {len}");
            }
        }
    }

    #[test]
    fn short_id_fits_sha256_length() {
        let mut rng = crate::seed::StreamKey::new(1, "t").event(0);
        let id = ShortId::random(&mut rng, "", Alphabet::Hex, 64);
        assert_eq!(id.as_str().len(), 64);
        let id = ShortId::stable("AROA", Alphabet::Base32, 17, &["a"]);
        assert_eq!(id.as_str().len(), 21);
        assert!(id.as_str().starts_with("AROA"));
    }

    #[test]
    fn uuid_v1_encodes_time() {
        let mut rng = crate::seed::StreamKey::new(1, "t").event(0);
        let mut out = String::new();
        write_uuid_v1(&mut out, Timestamp::from_civil(2023, 2, 13, 9, 47, 12, 106_000_000), &mut rng);
        assert_eq!(out.len(), 36);
        assert_eq!(&out[14..15], "1");
        // 2023-02-13 falls in the 11ed time_hi range, as in Okta uuids of that day.
        assert_eq!(&out[14..18], "11ed");
    }

    #[test]
    fn json_object_writes_members() {
        let mut out = String::new();
        JsonObject::open(&mut out).str("id", "a\"b").raw("n", "1").null("x").close();
        assert_eq!(out, r#"{"id":"a\"b","n":1,"x":null}"#);
    }

    #[test]
    fn epoch_time_reads_seconds_and_millis() {
        let mut fields = FieldMap::new();
        fields.insert("s", Value::from(1_767_603_600));
        fields.insert("ms", Value::from(1_767_603_600_123_i64));
        fields.insert("text", Value::from("1767603600.5"));
        assert_eq!(epoch_time(&fields, "s"), Some(Timestamp::from_secs(1_767_603_600)));
        assert_eq!(epoch_time(&fields, "ms"), Some(Timestamp::from_millis(1_767_603_600_123)));
        assert_eq!(epoch_time(&fields, "text").map(Timestamp::millis), Some(1_767_603_600_500));
    }

    #[test]
    fn java_date_uses_twelve_hour_clock() {
        let mut out = String::new();
        write_java_date(&mut out, Timestamp::from_civil(2026, 1, 5, 0, 7, 3, 0));
        assert_eq!(out, "Jan 5, 2026, 12:07:03 AM");
        out.clear();
        write_java_date(&mut out, Timestamp::from_civil(2026, 1, 5, 13, 0, 0, 0));
        assert_eq!(out, "Jan 5, 2026, 1:00:00 PM");
    }

    #[test]
    fn unflatten_rebuilds_nested_object() {
        let mut fields = FieldMap::new();
        fields.insert("requestParameters.bucketName", Value::from("logs"));
        fields.insert("requestParameters.Host", Value::from("logs.s3.amazonaws.com"));
        fields.insert("responseElements", Value::Null);
        let request = unflatten_prefix(&fields, "requestParameters").unwrap();
        assert_eq!(request["bucketName"], "logs");
        assert_eq!(unflatten_prefix(&fields, "responseElements"), Some(Value::Null));
        assert_eq!(unflatten_prefix(&fields, "additionalEventData"), None);
    }

    #[test]
    fn email_addresses_follow_ocsf_form() {
        for valid in ["ana.silva@acme.example", "o'brien+tag@mail.example.co.uk", "a@b.c"] {
            assert!(is_email_address(valid), "{valid}");
        }
        for invalid in [
            "ana.silva",
            "ana.silva@acme",
            "ana.silva@acme.example\\",
            "x@example[.]com",
            "@acme.example",
            "a b@acme.example",
        ] {
            assert!(!is_email_address(invalid), "{invalid}");
        }
    }

    #[test]
    fn email_byte_classes_follow_ocsf_form() {
        let local = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
        let label = |c: char| c.is_ascii_alphanumeric() || c == '-';
        for c in (0u8..=127).map(char::from).filter(|c| !['@', '.'].contains(c)) {
            assert_eq!(
                is_email_address(&format!("a{c}b@acme.example")),
                local(c),
                "{c:?} in the local part"
            );
            assert_eq!(
                is_email_address(&format!("ana@a{c}b.example")),
                label(c),
                "{c:?} in the first label"
            );
            assert_eq!(is_email_address(&format!("ana@acme.e{c}x")), label(c), "{c:?} in a later label");
        }
        assert!(!is_email_address("ana@acmé.example"));
        assert!(!is_email_address("anä@acme.example"));
    }

    #[test]
    fn down_level_name_splits_at_backslash() {
        assert_eq!(split_down_level_name("ACME\\ana.silva"), (Some("ACME"), "ana.silva"));
        assert_eq!(split_down_level_name("EXAMPLE.ORG\\JDOE"), (Some("EXAMPLE.ORG"), "JDOE"));
        assert_eq!(split_down_level_name("ana.silva@acme.example"), (None, "ana.silva@acme.example"));
        assert_eq!(split_down_level_name("\\ana"), (None, "\\ana"));
        assert_eq!(split_down_level_name("ACME\\"), (None, "ACME\\"));
    }
}
