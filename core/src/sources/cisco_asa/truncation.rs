//! Detection of truncated message texts.
//!
//! Syslog relays cut long lines, and a collector may deliver only the start of a message. A
//! truncated text of a known message id must not pass as a Base Event, because the user
//! would never learn that the line was damaged. Each pattern below lists only the required
//! start of its message, as the syslog guide of ASA 9.x writes it. Optional parts (mapped
//! addresses, user groups, teardown reasons, hash codes) may follow or be missing.
//!
//! A text is truncated when it ends before the last required token of its pattern, inside
//! that token, or inside a `(...)` or `[...]` group of the optional part. A text that departs
//! from the pattern while it still has characters left is a phrasing of another software
//! version and is not reported here. The parsers of the message decide what such a text
//! becomes.

use std::net::IpAddr;

use crate::format::find_byte;

/// One required part of a message text.
#[derive(Clone, Copy)]
enum Token {
    /// Exact text, spaces included.
    Literal(&'static str),
    /// One of several exact texts.
    OneOf(&'static [&'static str]),
    /// A run of characters up to the next space.
    Word,
    /// A run of ASCII digits.
    Number,
    /// Any text up to and including the given marker, which must follow.
    Until(&'static str),
    /// `[INTERFACE:]ADDRESS[/PORT]` followed by any number of `(...)` groups such as a
    /// mapped address or an identity firewall user.
    Socket {
        /// The socket starts with an interface name and a colon.
        interface: bool,
        /// A `/PORT` (or ICMP id) must follow the address.
        port: bool,
    },
}

use Token::{Literal, Number, OneOf, Until, Word};

const SOCKET: Token = Token::Socket {
    interface: true,
    port: true,
};
const SOCKET_NO_INTERFACE: Token = Token::Socket {
    interface: false,
    port: true,
};
const SOCKET_OPTIONAL_PORT: Token = Token::Socket {
    interface: true,
    port: false,
};
const FOR: Token = OneOf(&[" for ", " from "]);

const CONNECTION_BUILD: &[Token] = &[
    Literal("Built "),
    OneOf(&["inbound ", "outbound "]),
    Word,
    Literal(" connection "),
    Word,
    FOR,
    SOCKET,
    Literal(" to "),
    SOCKET,
];
const CONNECTION_TEARDOWN: &[Token] = &[
    Literal("Teardown "),
    Word,
    Literal(" connection "),
    Word,
    FOR,
    SOCKET,
    Literal(" to "),
    SOCKET,
    Literal(" duration "),
    Word,
    Literal(" bytes "),
    Number,
];
const ICMP_SOCKETS: &[Token] = &[
    SOCKET_NO_INTERFACE,
    Literal(" gaddr "),
    SOCKET_NO_INTERFACE,
    Literal(" laddr "),
    SOCKET_NO_INTERFACE,
];
const ICMP_BUILD: &[Token] = &[Literal("Built "), OneOf(&["inbound ", "outbound "]), Literal("ICMP connection for faddr ")];
const ICMP_TEARDOWN: &[Token] = &[Literal("Teardown ICMP connection for faddr ")];
const TRANSLATION: &[Token] = &[
    OneOf(&["Built ", "Teardown "]),
    Word,
    Literal(" "),
    Word,
    Literal(" translation from "),
    SOCKET_OPTIONAL_PORT,
    Literal(" to "),
    SOCKET_OPTIONAL_PORT,
];
const ACL_DENY: &[Token] = &[
    Literal("Deny "),
    Word,
    Literal(" src "),
    SOCKET_OPTIONAL_PORT,
    Literal(" dst "),
    SOCKET_OPTIONAL_PORT,
    Literal(" by access-group \""),
    Until("\""),
];
const ACL_LOG: &[Token] = &[
    Literal("access-list "),
    Word,
    Literal(" "),
    OneOf(&["permitted ", "denied ", "est-allowed "]),
    Word,
    Literal(" "),
    Word,
    Literal(" -> "),
    Word,
    Literal(" hit-cnt "),
    Number,
];
const TCP_DENIED: &[Token] = &[
    Literal("Inbound TCP connection denied from "),
    SOCKET_NO_INTERFACE,
    Literal(" to "),
    SOCKET_NO_INTERFACE,
    Literal(" flags "),
    Until(" on interface "),
    Word,
];
const NO_CONNECTION: &[Token] = &[
    Literal("Deny TCP (no connection) from "),
    SOCKET_NO_INTERFACE,
    Literal(" to "),
    SOCKET_NO_INTERFACE,
    Literal(" flags "),
    Until(" on interface "),
    Word,
];
const UDP_DENIED: &[Token] = &[
    Literal("Deny inbound UDP from "),
    SOCKET_NO_INTERFACE,
    Literal(" to "),
    SOCKET_NO_INTERFACE,
    Literal(" on interface "),
    Word,
];
const SERVICE_DENIED: &[Token] = &[
    OneOf(&["TCP ", "UDP "]),
    Literal("access denied by ACL from "),
    SOCKET_NO_INTERFACE,
    Literal(" to "),
    SOCKET,
];
const DUPLICATE_SYN: &[Token] = &[
    Literal("Duplicate TCP SYN from "),
    SOCKET,
    Literal(" to "),
    SOCKET,
    Literal(" with different initial sequence number"),
];
const THREAT: &[Token] = &[
    Literal("["),
    Until("] drop "),
    Word,
    Literal(" exceeded. Current burst rate is "),
    Number,
    Literal(" per second, max configured rate is "),
    Number,
    Literal("; Current average rate is "),
    Number,
    Literal(" per second, max configured rate is "),
    Number,
    Literal("; Cumulative total count is "),
    Number,
];
const AAA_SUCCESS: &[Token] = &[Literal("AAA user "), Word, Literal(" Successful : server = "), Word, Literal(" : user = "), Word];
const AAA_REJECTED: &[Token] = &[
    Literal("AAA user authentication Rejected : reason = "),
    Until(" : server = "),
    Word,
    Literal(" : user = "),
    Word,
];
const LOCAL_REJECTED: &[Token] = &[
    Literal("AAA user authentication Rejected : reason = "),
    Until(" : local database : user = "),
    Word,
];
const ADMIN_LOGIN: &[Token] = &[Literal("User authentication succeeded: IP address: "), Until(", Uname: "), Word];
const CONFIG_COMMAND: &[Token] = &[Literal("User '"), Until("' executed the '"), Until("' command")];
const COMMAND: &[Token] = &[Literal("User '"), Until("' executed cmd: "), Word];
const SESSION_HEAD: &[Token] = &[Literal("Group <"), Until("> User <"), Until("> IP <"), Until("> ")];
const ANYCONNECT_START: &[Token] = &[Literal("AnyConnect parent session started")];
const SVC_CONNECTION: &[Token] = &[Word, Literal(" SVC connection "), OneOf(&["established", "terminated"])];

/// Returns the required tokens of `message_id` in up to two parts, or `None` for an id
/// without a pattern.
fn pattern(message_id: &str) -> Option<[&'static [Token]; 2]> {
    let parts: [&'static [Token]; 2] = match message_id {
        "302013" | "302015" => [CONNECTION_BUILD, &[]],
        "302014" | "302016" => [CONNECTION_TEARDOWN, &[]],
        "302020" => [ICMP_BUILD, ICMP_SOCKETS],
        "302021" => [ICMP_TEARDOWN, ICMP_SOCKETS],
        "305011" | "305012" => [TRANSLATION, &[]],
        "106023" => [ACL_DENY, &[]],
        "106100" => [ACL_LOG, &[]],
        "106001" => [TCP_DENIED, &[]],
        "106006" => [UDP_DENIED, &[]],
        "106015" => [NO_CONNECTION, &[]],
        "710003" => [SERVICE_DENIED, &[]],
        "419002" => [DUPLICATE_SYN, &[]],
        "733100" => [THREAT, &[]],
        "113004" => [AAA_SUCCESS, &[]],
        "113005" => [AAA_REJECTED, &[]],
        "113015" => [LOCAL_REJECTED, &[]],
        "611101" => [ADMIN_LOGIN, &[]],
        "111008" => [CONFIG_COMMAND, &[]],
        "111009" => [COMMAND, &[]],
        "113039" => [SESSION_HEAD, ANYCONNECT_START],
        "722022" | "722023" => [SESSION_HEAD, SVC_CONNECTION],
        _ => return None,
    };
    Some(parts)
}

/// The end of a truncated text and the part of its pattern that is missing there.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Truncation {
    /// Byte offset inside the text: the length of the text, or the start of an incomplete
    /// address.
    pub offset: usize,
    /// The requirement of the pattern at `offset`, in words for an error message.
    pub expected: String,
}

/// Outcome of matching one token.
enum Step {
    /// The token matched and the text continues at this offset.
    Matched(usize),
    /// The text ended before or inside the token.
    Ended(Truncation),
    /// The text continues with something else: another phrasing, not a truncation.
    Departed,
}

/// Returns where the text of `message_id` was cut, when it is a truncated form of the
/// message's pattern. Texts that match the pattern, depart from it, or belong to an id
/// without a pattern return `None`.
pub(super) fn find_truncation(message_id: &str, text: &str) -> Option<Truncation> {
    let [first, second] = pattern(message_id)?;
    let mut at = 0;
    for token in first.iter().chain(second) {
        match match_token(text, at, *token) {
            Step::Matched(next) => at = next,
            Step::Ended(truncation) => return Some(truncation),
            Step::Departed => return None,
        }
    }
    unclosed_bracket(text, at)
}

/// Returns the truncation when the text leaves a `(` or `[` after `from` open, such as the
/// hash codes `[0x4e6c1a9b, 0x0]` of an access-list message cut inside them.
fn unclosed_bracket(text: &str, from: usize) -> Option<Truncation> {
    // The closers still expected, innermost last. Groups nested deeper than the array count
    // only through `depth`, and their closer is taken to be `)`.
    let mut closers = [0u8; 8];
    let mut depth = 0usize;
    for byte in text[from..].bytes() {
        match byte {
            b'(' | b'[' => {
                if let Some(slot) = closers.get_mut(depth) {
                    *slot = if byte == b'(' { b')' } else { b']' };
                }
                depth += 1;
            }
            b')' | b']' if depth > 0 && closers.get(depth - 1).is_none_or(|closer| *closer == byte) => depth -= 1,
            _ => {}
        }
    }
    let innermost = closers.get(depth.checked_sub(1)?).copied().unwrap_or(b')');
    let closer = char::from(innermost);
    Some(Truncation {
        offset: text.len(),
        expected: format!("'{closer}' closing the group"),
    })
}

fn ended(text: &str, expected: impl Into<String>) -> Step {
    Step::Ended(Truncation {
        offset: text.len(),
        expected: expected.into(),
    })
}

/// Describes a literal for a message: `'to'` for ` to `, and `a space` for ` `.
fn quoted(literal: &str) -> String {
    match literal.trim() {
        "" => "a space".to_string(),
        trimmed => format!("'{trimmed}'"),
    }
}

fn match_token(text: &str, at: usize, token: Token) -> Step {
    let rest = &text[at..];
    match token {
        Literal(literal) => match_literal(text, at, &[literal]),
        OneOf(choices) => match_literal(text, at, choices),
        Word => {
            let length = find_byte(rest.as_bytes(), b' ').unwrap_or(rest.len());
            match length {
                0 if rest.is_empty() => ended(text, "a word"),
                0 => Step::Departed,
                _ => Step::Matched(at + length),
            }
        }
        Number => {
            let length = rest.bytes().take_while(u8::is_ascii_digit).count();
            match length {
                0 if rest.is_empty() => ended(text, "a number"),
                0 => Step::Departed,
                _ => Step::Matched(at + length),
            }
        }
        Until(marker) => match rest.find(marker) {
            Some(found) => Step::Matched(at + found + marker.len()),
            None => ended(text, quoted(marker)),
        },
        Token::Socket { interface, port } => match_socket(text, at, interface, port),
    }
}

/// Matches one of `choices`. A text that ends with the start of a choice is truncated.
fn match_literal(text: &str, at: usize, choices: &[&'static str]) -> Step {
    let rest = &text[at..];
    if let Some(choice) = choices.iter().find(|choice| rest.starts_with(**choice)) {
        return Step::Matched(at + choice.len());
    }
    if choices.iter().any(|choice| choice.starts_with(rest)) {
        let names: Vec<String> = choices.iter().map(|choice| quoted(choice)).collect();
        return ended(text, names.join(" or "));
    }
    Step::Departed
}

/// Matches `[INTERFACE:]ADDRESS[/PORT]` and the `(...)` groups after it. When the text ends
/// inside the socket, a missing required port, an unclosed group or an IPv4 address with
/// fewer than four parts marks a truncation.
fn match_socket(text: &str, mut at: usize, interface: bool, port: bool) -> Step {
    if interface {
        let rest = &text[at..];
        // The searches look at bytes, because every character they look for is ASCII.
        let punctuation = |text: &str| text.bytes().any(|byte| matches!(byte, b'/' | b'(' | b')'));
        match find_byte(rest.as_bytes(), b':') {
            // Interface names may contain spaces (`NP Identity Ifc`) but no socket punctuation.
            Some(colon) if !punctuation(&rest[..colon]) => at += colon + 1,
            Some(_) => return Step::Departed,
            None if punctuation(rest) => return Step::Departed,
            None => return ended(text, "an INTERFACE:ADDRESS socket"),
        }
    }

    let rest = &text[at..];
    let length = rest.bytes().position(|byte| matches!(byte, b' ' | b'(')).unwrap_or(rest.len());
    let word = &rest[..length];
    let (address, port_text) = match word.bytes().rposition(|byte| byte == b'/') {
        Some(slash) => (&word[..slash], Some(&word[slash + 1..])),
        None => (word, None),
    };
    let at_end = at + length == text.len();
    if address.is_empty() {
        return if at_end { ended(text, "an address") } else { Step::Departed };
    }
    if at_end && port_text.is_none() && looks_like_partial_ipv4(address) {
        return Step::Ended(Truncation {
            offset: at,
            expected: format!("a complete IPv4 address, not '{address}'"),
        });
    }
    match port_text {
        None if port && at_end => return ended(text, "'/PORT' after the address"),
        None if port => return Step::Departed,
        Some("") if at_end => return ended(text, "a port number after '/'"),
        _ => {}
    }

    at += length;
    loop {
        let rest = &text[at..];
        let open = match rest.strip_prefix(' ') {
            Some(after) if after.starts_with('(') => 1,
            _ if rest.starts_with('(') => 0,
            _ => break,
        };
        let Some(close) = find_byte(&rest.as_bytes()[open..], b')') else {
            return ended(text, "')' closing the group");
        };
        at += open + close + 1;
    }
    Step::Matched(at)
}

/// Returns true for text made of digits and dots that is not a whole IPv4 address, such as
/// `10.20.1.` or `198.51`.
fn looks_like_partial_ipv4(address: &str) -> bool {
    !address.is_empty()
        && address.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && address.contains('.')
        && address.parse::<IpAddr>().is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILD: &str = "Built inbound TCP connection 1 for outside:198.51.100.1/443 (198.51.100.1/443) to inside:10.0.0.5/5000 (203.0.113.5/5000)";

    #[test]
    fn complete_text_has_no_truncation() {
        assert_eq!(find_truncation("302013", BUILD), None);
        assert_eq!(find_truncation("302013", &format!("{BUILD} (LOCAL\\jdoe)")), None);
    }

    #[test]
    fn id_without_pattern_is_not_checked() {
        assert_eq!(find_truncation("999999", "Built inbound"), None);
        assert_eq!(find_truncation("725001", ""), None);
    }

    #[test]
    fn every_cut_of_build_is_found() {
        // Every cut that ends before the local address's port is complete is a truncation.
        let port_end = BUILD.find("/5000").unwrap_or_default() + 1;
        for cut in 0..port_end {
            let text = BUILD[..cut].trim_end();
            let truncation = find_truncation("302013", text);
            assert!(truncation.is_some(), "cut at {cut}: {text:?}");
        }
    }

    #[test]
    fn innermost_open_group_names_closer() {
        let text = "access-list acl permitted tcp inside/10.0.0.1(1) -> outside/192.0.2.1(2) hit-cnt 1 first hit [0x1, (0x2";
        let truncation = find_truncation("106100", text).unwrap_or_else(|| panic!("no truncation in {text}"));
        assert_eq!(truncation.offset, text.len());
        assert_eq!(truncation.expected, "')' closing the group");
    }

    #[test]
    fn departed_text_is_not_truncated() {
        assert_eq!(find_truncation("302013", "Built something unexpected"), None);
        assert_eq!(find_truncation("305011", "Built static translation from inside:10.1.1.1 to outside:203.0.113.1"), None);
    }
}
