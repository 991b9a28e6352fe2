//! Reading auth.log lines into vendor fields: the syslog header, then the message of sshd, PAM,
//! sudo, su, shadow-utils or systemd-logind.
//!
//! Each message form has its own reader, which returns the variant name when the message is
//! that form. The variant names of generated events are those of [`super::VARIANTS`]; the
//! other names exist only in parsed events.

use serde_json::Value;

use super::variant;
use crate::field_map::{FieldMap, FieldName};
use crate::error::ParseError;
use crate::format::{syslog3164, syslog5424};

/// Programs that write to auth.log. A line from one of them whose message no reader knows is
/// still an event of this source (an `other` event), while a line from any other program is
/// rejected.
const PROGRAMS: &[&str] = &[
    "sshd",
    "sshd-session",
    "sshd-auth",
    "sudo",
    "su",
    "login",
    "systemd-logind",
    "systemd",
    "CRON",
    "cron",
    "crond",
    "useradd",
    "userdel",
    "usermod",
    "groupadd",
    "groupdel",
    "groupmod",
    "gpasswd",
    "passwd",
    "chpasswd",
    "chage",
    "chsh",
    "chfn",
    "newgrp",
    "runuser",
    "polkitd",
    "pkexec",
    "unix_chkpwd",
    "gdm-password",
    "lightdm",
];

/// Log level prefixes that sshd writes before error and fatal messages.
const LEVELS: &[&str] = &["error", "fatal"];

/// Starts of other sshd messages. A bare line that starts with one of them is an `other`
/// event although no program name says it comes from sshd.
const SSHD_MESSAGES: &[&str] = &[
    "Server listening on ",
    "Received signal ",
    "Exiting on signal ",
    "Disconnecting",
    "reverse mapping checking getaddrinfo for ",
    "Nasty PTR record ",
    "Timeout, client not responding",
    "Read error from remote host ",
    "Close session: ",
    "Transferred: ",
    "subsystem request for ",
    "Changed root directory to ",
    "debug1: ",
    "debug2: ",
    "debug3: ",
];

/// Reads one auth.log line, with or without its syslog header. Returns the variant, whether
/// the line has the form of a log file (a timestamp without a PRI before it), and the fields.
///
/// # Errors
/// Returns a [`ParseError`] when the line is not a syslog line, or when neither its program
/// nor its message belongs to auth.log.
pub(super) fn read_line(line: &str) -> Result<(&'static str, bool, FieldMap), ParseError> {
    let header = match rfc5424_header(line) {
        Some(header) => header,
        None => syslog3164::parse(line)?,
    };
    let file = header.priority.is_none() && header.timestamp.is_some();
    let mut fields = FieldMap::new();
    if let Some(timestamp) = header.timestamp {
        put(&mut fields, "timestamp", timestamp);
    }
    if let Some(hostname) = header.hostname {
        put(&mut fields, "hostname", hostname);
    }

    // Without a timestamp, text before the first ": " is a tag only when it names a program:
    // a bare message such as `error: maximum authentication attempts ...` or
    // `pam_unix(sshd:auth): authentication failure` has no tag.
    let tagged = header.timestamp.is_some() || header.app_name.is_some_and(is_program);
    let (app, message) = if tagged {
        (header.app_name, header.message)
    } else {
        (None, line.trim_end_matches(['\r', '\n']))
    };
    if let Some(app) = app {
        put(&mut fields, "app_name", app);
        if let Some(pid) = header.proc_id.filter(|_| tagged) {
            put_int(&mut fields, "pid", pid);
        }
    }

    // Collectors that strip the header often keep the spaces that followed the tag.
    let message = message.trim();
    put(&mut fields, "message", message);
    let message = unwrap_repeated(message, &mut fields);
    let message_offset = line.len() - line.trim_start().len();

    if let Some(variant) = read_message(message, app, &mut fields) {
        return Ok((variant, file, fields));
    }
    if let Some(level) = LEVELS.iter().find(|level| message.strip_prefix(**level).is_some_and(|rest| rest.starts_with(": "))) {
        put(&mut fields, "level", level);
        return Ok((variant::ERROR, file, fields));
    }
    let known_text = is_pam_message(message) || SSHD_MESSAGES.iter().any(|start| message.starts_with(start));
    if app.is_some_and(is_program) || known_text {
        return Ok((variant::OTHER, file, fields));
    }
    let program = app.map_or_else(|| "a message without a program name".to_string(), |app| format!("program '{app}'"));
    Err(ParseError::new(
        message_offset,
        format!("{program} is not one that writes auth.log (sshd, sudo, su, PAM, shadow-utils, systemd-logind)"),
    ))
}

/// Reads the header of an RFC 5424 line (`<38>1 2026-01-05T09:00:00Z host sshd 411 - - msg`),
/// as rsyslog and syslog-ng forward auth.log in their RFC 5424 templates, into the fields
/// of a BSD header. Returns `None` when the line is not RFC 5424, so the BSD reader reports
/// what is wrong with it. Structured data carries nothing auth.log needs and is skipped.
fn rfc5424_header(line: &str) -> Option<syslog3164::Message<'_>> {
    let after_priority = line.trim_start().strip_prefix('<')?.split_once('>')?.1;
    if !after_priority.starts_with("1 ") {
        return None;
    }
    let message = syslog5424::parse(line.trim_start()).ok()?;
    Some(syslog3164::Message {
        priority: Some(message.priority),
        timestamp: message.timestamp,
        hostname: message.hostname,
        app_name: message.app_name,
        proc_id: message.proc_id,
        message: message.message,
    })
}

/// True for a program that writes auth.log. Tags such as `polkitd(authority=local)` and the
/// `gdm-password]` left of `gdm-session-worker [pam/gdm-password]` are read by their name.
fn is_program(app: &str) -> bool {
    let name = app.split('(').next().unwrap_or(app).trim_end_matches(']');
    PROGRAMS.contains(&name)
}

/// True for the messages of PAM modules and of libpam, which name no program of their own
/// when a collector stripped the tag.
fn is_pam_message(message: &str) -> bool {
    message.starts_with("pam_") && message.contains("): ") || message.starts_with("PAM ")
}

/// Returns the message inside rsyslog's `message repeated N times: [ ... ]` and stores N.
fn unwrap_repeated<'a>(message: &'a str, fields: &mut FieldMap) -> &'a str {
    let Some(rest) = message.strip_prefix("message repeated ") else {
        return message;
    };
    let Some((count, inner)) = rest.split_once(" times: [") else {
        return message;
    };
    let Ok(count) = count.parse::<i64>() else {
        return message;
    };
    fields.insert("repeat_count", count.into());
    inner.trim_end().trim_end_matches(']').trim()
}

/// Tries the readers of every message form; `None` when none matches.
fn read_message(message: &str, app: Option<&str>, fields: &mut FieldMap) -> Option<&'static str> {
    // sshd writes error and fatal messages with a level prefix, which the readers skip.
    let (level, body) = match LEVELS.iter().find_map(|level| message.strip_prefix(level).and_then(|m| m.strip_prefix(": "))) {
        Some(body) => (true, body),
        None => (false, message),
    };
    // sshd marks what its unprivileged pre-authentication process writes.
    let body = match body.strip_suffix("[preauth]") {
        Some(rest) => {
            fields.insert("preauth", Value::Bool(true));
            rest.trim_end()
        }
        None => body,
    };
    let variant = read_sshd(body, fields)
        .or_else(|| read_pam(body, fields))
        .or_else(|| read_sudo(body, app, fields))
        .or_else(|| read_su(body, app, fields))
        .or_else(|| read_login(body, fields))
        .or_else(|| read_shadow(body, fields))
        .or_else(|| read_logind(body, fields))?;
    if level {
        if let Some(level) = message.split(':').next() {
            put(fields, "level", level);
        }
    }
    Some(variant)
}

// ---------------------------------------------------------------------------------------
// sshd

fn read_sshd(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    read_auth_result(message, fields)
        .or_else(|| read_key_found(message, fields))
        .or_else(|| read_invalid_user(message, fields))
        .or_else(|| read_not_allowed(message, fields))
        .or_else(|| read_max_attempts(message, fields))
        .or_else(|| read_connection(message, fields))
        .or_else(|| read_received_disconnect(message, fields))
        .or_else(|| read_connection_failure(message, fields))
        .or_else(|| read_session_start(message, fields))
}

/// `Accepted|Failed|Partial|Postponed <method> for [invalid user ]<user> [from <address> port
/// <port> ssh2][: <key type> <fingerprint>]` (OpenSSH `auth.c`, `auth_log`).
fn read_auth_result(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    let (verb, rest) = message.split_once(' ')?;
    if !matches!(verb, "Accepted" | "Failed" | "Partial" | "Postponed") {
        return None;
    }
    let (method, rest) = rest.split_once(" for ")?;
    if method.contains(' ') {
        return None;
    }
    let (invalid, rest) = strip_invalid_user(rest);

    // Old releases write the address without a port and without the protocol.
    let (user, peer) = match rest.rsplit_once(" from ") {
        Some((user, peer)) => (user, Some(peer)),
        None => (rest, None),
    };
    put_user(fields, "user", user);
    put(fields, "auth_method", method);
    if let Some(peer) = peer {
        let (peer, info) = peer.split_once(": ").map_or((peer, None), |(p, i)| (p, Some(i)));
        let words: Vec<&str> = peer.split_whitespace().collect();
        read_peer(&words, 0, &SRC, fields);
        if let Some(protocol) = words.iter().find(|w| w.starts_with("ssh")) {
            put(fields, "protocol", protocol);
        }
        // `RSA SHA256:<fingerprint>`, and for a certificate `RSA-CERT SHA256:<fingerprint> ID
        // <key id> (serial <n>) CA <type> SHA256:<fingerprint of the CA>`.
        if let Some(info) = info {
            let mut key = info.splitn(3, ' ');
            put(fields, "key_type", key.next().unwrap_or(""));
            if let Some(fingerprint) = key.next() {
                put(fields, "key_fingerprint", fingerprint);
            }
            if let Some(certificate) = key.next() {
                put(fields, "key_certificate", certificate.trim());
            }
        }
    }
    Some(match (verb, method, invalid) {
        ("Accepted", "password", _) => "ssh_accepted_password",
        ("Accepted", "publickey", _) => "ssh_accepted_publickey",
        ("Accepted", _, _) => "ssh_accepted_other",
        ("Partial" | "Postponed", _, _) => {
            put(fields, "auth_stage", verb);
            "ssh_auth_partial"
        }
        (_, _, true) => "ssh_invalid_user",
        (_, "password", false) => "ssh_failed_password",
        _ => "ssh_auth_failure",
    })
}

/// `Accepted key <type> <fingerprint> found at <file>:<line>`, which sshd writes at log level
/// VERBOSE when a public key matches an authorized_keys line.
fn read_key_found(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    let rest = message.strip_prefix("Accepted key ")?;
    let (key, file) = rest.split_once(" found at ")?;
    let (key_type, fingerprint) = key.split_once(' ')?;
    put(fields, "key_type", key_type);
    put(fields, "key_fingerprint", fingerprint.trim());
    put(fields, "key_file", file.trim());
    Some("ssh_key_accepted")
}

/// `Invalid user <user> from <address> [port <port>]`, and the older
/// `input_userauth_request: invalid user <user> [preauth]`.
fn read_invalid_user(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    if let Some(rest) = message.strip_prefix("input_userauth_request: invalid user ") {
        put_user(fields, "user", rest);
        return Some("ssh_invalid_user");
    }
    let rest = message.strip_prefix("Invalid user ").or_else(|| message.strip_prefix("Illegal user "))?;
    // The user may be empty (`Invalid user  from ...`) or contain spaces.
    let (user, peer) = rest.rsplit_once("from ").map(|(u, p)| (u.trim(), p))?;
    put_user(fields, "user", user);
    let words: Vec<&str> = peer.split_whitespace().collect();
    read_peer(&words, 0, &SRC, fields)?;
    Some("ssh_invalid_user")
}

/// `User <user> from <address> not allowed because <reason>` (AllowUsers, DenyUsers, shell).
fn read_not_allowed(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    let rest = message.strip_prefix("User ")?;
    let (user_and_peer, reason) = rest.split_once(" not allowed because ")?;
    let (user, peer) = user_and_peer.rsplit_once(" from ")?;
    put_user(fields, "user", user);
    put_address(fields, &SRC, peer);
    put(fields, "reason", reason.trim());
    Some("ssh_user_not_allowed")
}

/// `maximum authentication attempts exceeded for [invalid user ]<user> from <address> port
/// <port> ssh2 [preauth]`, the `Disconnecting ...: Too many authentication failures` that
/// follows it, and `ROOT LOGIN REFUSED FROM <address> port <port>`.
fn read_max_attempts(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    if let Some(rest) = message.strip_prefix("maximum authentication attempts exceeded for ") {
        let (invalid, rest) = strip_invalid_user(rest);
        let (user, peer) = rest.rsplit_once(" from ")?;
        put_user(fields, "user", user);
        let words: Vec<&str> = peer.split_whitespace().collect();
        read_peer(&words, 0, &SRC, fields);
        if invalid {
            put(fields, "user_status", "invalid");
        }
        put(fields, "reason", "maximum authentication attempts exceeded");
        return Some("ssh_max_auth_attempts");
    }
    if let Some(rest) = message.strip_prefix("Disconnecting") {
        let (who, reason) = rest.split_once(": ")?;
        if !reason.starts_with("Too many authentication failures") {
            // `Disconnecting invalid user admin 198.51.100.4 port 22: Change of username or
            // service not allowed` closes the connection for another reason.
            read_qualified_peer(who.trim(), fields)?;
            put(fields, "reason", reason.trim());
            return Some("ssh_disconnected");
        }
        // `Disconnecting: Too many authentication failures for root` (OpenSSH 6 and 7) or
        // `Disconnecting invalid user admin 198.51.100.4 port 22: Too many ...` (OpenSSH 8+).
        if let Some(user) = reason.strip_prefix("Too many authentication failures for ") {
            put_user(fields, "user", user.trim());
        } else {
            read_qualified_peer(who.trim(), fields)?;
        }
        put(fields, "reason", "Too many authentication failures");
        return Some("ssh_max_auth_attempts");
    }
    let rest = message.strip_prefix("ROOT LOGIN REFUSED FROM ")?;
    put(fields, "user", "root");
    let words: Vec<&str> = rest.split_whitespace().collect();
    read_peer(&words, 0, &SRC, fields)?;
    put(fields, "reason", "root login refused");
    Some("ssh_root_login_refused")
}

/// `Connection from <address> port <port> on <address> port <port>[ rdomain "<name>"]`,
/// `Connection closed|reset by [...]<address> [port <port>]`, and
/// `Disconnected from [...]<address> port <port>`, where `[...]` is `user <name>`,
/// `authenticating user <name>`, `invalid user [<name>]` or `illegal user <name>`.
fn read_connection(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    if let Some(rest) = message.strip_prefix("Connection from ") {
        let words: Vec<&str> = rest.split_whitespace().collect();
        let next = read_peer(&words, 0, &SRC, fields)?;
        if words.get(next) == Some(&"on") {
            read_peer(&words, next + 1, &DST, fields)?;
        }
        return Some("ssh_connection_opened");
    }
    let (variant, rest) = if let Some(rest) = message.strip_prefix("Connection closed by ") {
        ("ssh_connection_closed", rest)
    } else if let Some(rest) = message.strip_prefix("Connection reset by ") {
        ("ssh_connection_reset", rest)
    } else if let Some(rest) = message.strip_prefix("Disconnected from ") {
        ("ssh_disconnected", rest)
    } else {
        return None;
    };
    read_qualified_peer(rest, fields)?;
    Some(variant)
}

/// `Received disconnect from <address> port <port>:<code>: <reason> [preauth]`, and the
/// older `Received disconnect from <address>: <code>: <reason>`.
fn read_received_disconnect(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    let rest = message.strip_prefix("Received disconnect from ")?;
    // The address may be IPv6, so the colon that ends it is the one after the port, or the
    // first `: ` without a port.
    let (peer, detail) = match rest.find(" port ") {
        Some(at) => {
            let after_port = at + " port ".len();
            let digits = rest[after_port..].find(|c: char| !c.is_ascii_digit()).map_or(rest.len(), |n| after_port + n);
            (&rest[..digits], rest[digits..].strip_prefix(':').unwrap_or(&rest[digits..]))
        }
        None => rest.split_once(": ")?,
    };
    let words: Vec<&str> = peer.split_whitespace().collect();
    read_peer(&words, 0, &SRC, fields)?;
    let (code, reason) = detail.trim_start().split_once(':').unwrap_or((detail, ""));
    if let Ok(code) = code.trim().parse::<i64>() {
        fields.insert("disconnect_code", code.into());
    }
    let reason = reason.trim();
    if !reason.is_empty() {
        put(fields, "reason", reason);
    }
    Some("ssh_disconnected")
}

/// Connections that end before authentication: no identification string, a bad protocol
/// banner, no common algorithm, a timeout, or a fatal protocol error.
fn read_connection_failure(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    if let Some(rest) = message.strip_prefix("Did not receive identification string from ") {
        let words: Vec<&str> = rest.split_whitespace().collect();
        read_peer(&words, 0, &SRC, fields)?;
        put(fields, "reason", "no identification string");
        return Some("ssh_no_identification");
    }
    if let Some(rest) = message.strip_prefix("Bad protocol version identification ") {
        let (banner, peer) = rest.rsplit_once(" from ")?;
        put(fields, "banner", banner.trim_matches('\''));
        let words: Vec<&str> = peer.split_whitespace().collect();
        read_peer(&words, 0, &SRC, fields)?;
        put(fields, "reason", "bad protocol version identification");
        return Some("ssh_bad_protocol");
    }
    if let Some(rest) = message.strip_prefix("banner exchange: Connection from ") {
        let (peer, reason) = rest.split_once(": ")?;
        let words: Vec<&str> = peer.split_whitespace().collect();
        read_peer(&words, 0, &SRC, fields)?;
        put(fields, "reason", reason.trim());
        return Some("ssh_bad_protocol");
    }
    if let Some(rest) = message.strip_prefix("Unable to negotiate with ") {
        let (peer, reason) = rest.split_once(": ")?;
        let words: Vec<&str> = peer.split_whitespace().collect();
        read_peer(&words, 0, &SRC, fields)?;
        put(fields, "reason", reason.trim());
        return Some("ssh_negotiation_failed");
    }
    if let Some(rest) = message.strip_prefix("Timeout before authentication for ") {
        let words: Vec<&str> = rest.split_whitespace().collect();
        read_peer(&words, 0, &SRC, fields)?;
        put(fields, "reason", "timeout before authentication");
        return Some("ssh_timeout");
    }
    let rest = message.strip_prefix("ssh_dispatch_run_fatal: Connection from ")?;
    let (peer, reason) = rest.split_once(": ")?;
    read_qualified_peer(peer, fields)?;
    put(fields, "reason", reason.trim());
    Some("ssh_connection_failed")
}

/// `Starting session: <kind> [on <tty> ]for <user> from <address> port <port> id <n>`
/// (OpenSSH `session.c`), where the kind is `shell`, `command`, `subsystem '<name>'` or
/// `forced-command (<source>) '<command>'`.
fn read_session_start(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    let rest = message.strip_prefix("Starting session: ")?;
    let (kind, rest) = rest.rsplit_once(" for ")?;
    let (user, peer) = rest.rsplit_once(" from ")?;
    put_user(fields, "user", user);
    let words: Vec<&str> = peer.split_whitespace().collect();
    let next = read_peer(&words, 0, &SRC, fields)?;
    if words.get(next) == Some(&"id") {
        put_int(fields, "session_id", words.get(next + 1)?);
    }
    let (kind, tty) = kind.split_once(" on ").map_or((kind, None), |(k, t)| (k, Some(t)));
    put(fields, "session_kind", kind.trim());
    if let Some(tty) = tty {
        put(fields, "tty", tty.trim());
    }
    Some("ssh_session_started")
}

/// Reads `[user <name> |authenticating user <name> |invalid user [<name> ]|illegal user
/// <name> ]<address> [port <port>]`. Returns `None` without an address.
fn read_qualified_peer(text: &str, fields: &mut FieldMap) -> Option<()> {
    let words: Vec<&str> = text.split_whitespace().collect();
    // The address is the word before `port`, or the last word of a line without a port.
    let address_at = match words.iter().rposition(|w| *w == "port") {
        Some(port_at) => port_at.checked_sub(1)?,
        None => words.len().checked_sub(1)?,
    };
    let user_from = match words.as_slice() {
        ["authenticating", "user", ..] | ["invalid", "user", ..] | ["illegal", "user", ..] => 2,
        ["user", ..] => 1,
        _ => 0,
    };
    if matches!(words.first(), Some(&"invalid" | &"illegal")) && user_from == 2 {
        put(fields, "user_status", "invalid");
    }
    if user_from < address_at {
        put_user(fields, "user", &words[user_from..address_at].join(" "));
    }
    read_peer(&words, address_at, &SRC, fields)?;
    Some(())
}

/// Splits off `invalid user ` or `illegal user ` and returns whether it was there.
fn strip_invalid_user(text: &str) -> (bool, &str) {
    match text.strip_prefix("invalid user ").or_else(|| text.strip_prefix("illegal user ")) {
        Some(rest) => (true, rest),
        None => (false, text),
    }
}

// ---------------------------------------------------------------------------------------
// PAM

fn read_pam(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    if let Some(rest) = message.strip_prefix("PAM ") {
        return read_libpam(rest, fields);
    }
    if let Some(rest) = message.strip_prefix("PAM: ") {
        return read_sshd_pam(rest, fields);
    }
    // pam_unix checks passwords through unix_chkpwd in processes that do not run as root.
    if let Some(rest) = message.strip_prefix("password check failed for user (") {
        put(fields, "pam_module", "pam_unix");
        put_user(fields, "user", rest.trim_end().trim_end_matches(')'));
        put(fields, "reason", "password check failed");
        return Some("pam_auth_failure");
    }

    // `pam_<module>(<service>:<type>): <text>`
    let open = message.find('(')?;
    let module = &message[..open];
    if !module.starts_with("pam_") || module.contains(' ') {
        return None;
    }
    let (context, text) = message[open + 1..].split_once("): ")?;
    let (service, kind) = context.split_once(':').unwrap_or((context, ""));
    put(fields, "pam_module", module);
    put(fields, "pam_service", service);
    if !kind.is_empty() {
        put(fields, "pam_type", kind);
    }

    let text = text.trim();
    read_pam_session(text, fields)
        .or_else(|| read_pam_result(text, fields))
        .or_else(|| read_pam_account(module, text, fields))
        .or_else(|| {
            if let Some(user) = text.strip_prefix("password changed for ") {
                put_user(fields, "user", user.trim());
                return Some("passwd_change");
            }
            if text.starts_with("Failed to ") || text.starts_with("unable to ") {
                put(fields, "reason", text);
                return Some("pam_module_error");
            }
            None
        })
}

/// `session opened for user <user>[(uid=<n>)] by [<login>](uid=<m>)` and
/// `session closed for user <user>` (pam_unix).
fn read_pam_session(text: &str, fields: &mut FieldMap) -> Option<&'static str> {
    if let Some(after) = text.strip_prefix("session opened for user ") {
        let name_end = after.find(['(', ' ']).unwrap_or(after.len());
        put_user(fields, "user", &after[..name_end]);
        if let Some(uid) = after[name_end..].strip_prefix("(uid=").and_then(|s| s.split(')').next()) {
            put_int(fields, "uid", uid);
        }
        if let Some((_, by)) = after.split_once(" by ") {
            let login = by.split('(').next().unwrap_or("").trim();
            if !login.is_empty() {
                put_user(fields, "by_user", login);
            }
            if let Some(uid) = by.split_once("(uid=").and_then(|(_, s)| s.split(')').next()) {
                put_int(fields, "by_uid", uid);
            }
        }
        return Some("session_opened");
    }
    let after = text.strip_prefix("session closed for user ")?;
    put_user(fields, "user", after.split_whitespace().next()?);
    Some("session_closed")
}

/// `authentication failure; logname=<l> uid=<n> euid=<n> tty=<t> ruser=<r> rhost=<h>  user=<u>`
/// (pam_unix, pam_sss), its `authentication success;` counterpart, pam_unix's
/// `check pass; user unknown`, and pam_sss's `received for user <u>: <code> (<text>)`.
fn read_pam_result(text: &str, fields: &mut FieldMap) -> Option<&'static str> {
    if let Some(pairs) = text.strip_prefix("authentication failure;") {
        read_pam_pairs(pairs, fields);
        return Some("pam_auth_failure");
    }
    if let Some(pairs) = text.strip_prefix("authentication success;") {
        read_pam_pairs(pairs, fields);
        return Some("pam_auth_success");
    }
    if text.starts_with("check pass; user unknown") {
        put(fields, "reason", "user unknown");
        return Some("pam_auth_failure");
    }
    let rest = text.strip_prefix("received for user ")?;
    let (user, result) = rest.split_once(": ")?;
    put_user(fields, "user", user.trim());
    let (code, reason) = result.split_once(' ').unwrap_or((result, ""));
    put_int(fields, "pam_result", code);
    let reason = reason.trim().trim_start_matches('(').trim_end_matches(')');
    if !reason.is_empty() {
        put(fields, "reason", reason);
    }
    Some(if code == "0" { "pam_auth_success" } else { "pam_auth_failure" })
}

/// Account decisions: pam_faillock and pam_tally2 locking a user out, pam_winbind granting or
/// denying access.
fn read_pam_account(module: &str, text: &str, fields: &mut FieldMap) -> Option<&'static str> {
    if let Some(rest) = text.strip_prefix("Consecutive login failures for user ") {
        let user = rest.split_whitespace().next()?;
        put_user(fields, "user", user);
        put(fields, "reason", "account temporarily locked after consecutive login failures");
        return Some("pam_account_locked");
    }
    if module == "pam_tally2" {
        // `user <user> (<uid>) tally <n>, deny <m>`
        let rest = text.strip_prefix("user ")?;
        let words: Vec<&str> = rest.split_whitespace().collect();
        put_user(fields, "user", words.first()?);
        let tally_at = words.iter().position(|w| *w == "tally")?;
        put_int(fields, "tally", words.get(tally_at + 1)?.trim_end_matches(','));
        put(fields, "reason", "login failures reached the pam_tally2 limit");
        return Some("pam_account_locked");
    }
    // pam_winbind: `user '<user>' granted access`, `user '<user>' denied access (<reason>)`,
    // `user '<user>' OK`.
    let rest = text.strip_prefix("user '")?;
    let (user, outcome) = rest.split_once('\'')?;
    put_user(fields, "user", user);
    let outcome = outcome.trim();
    if outcome.starts_with("granted access") || outcome == "OK" {
        return Some("pam_account_granted");
    }
    if let Some(reason) = outcome.strip_prefix("denied access") {
        let reason = reason.trim().trim_start_matches('(').trim_end_matches(')');
        if !reason.is_empty() {
            put(fields, "reason", reason);
        }
        return Some("pam_account_denied");
    }
    None
}

/// libpam's own messages: `PAM <n> more authentication failure[s]; <pairs>`,
/// `PAM service(<service>) ignoring max retries; <n> > <m>`, and module load errors.
fn read_libpam(rest: &str, fields: &mut FieldMap) -> Option<&'static str> {
    if let Some((count, pairs)) = rest.split_once(" more authentication failure") {
        put_int(fields, "more_failures", count.trim());
        let pairs = pairs.trim_start_matches('s').trim_start_matches(';');
        read_pam_pairs(pairs, fields);
        return Some("pam_more_failures");
    }
    if let Some(rest) = rest.strip_prefix("service(") {
        let (service, detail) = rest.split_once(')')?;
        put(fields, "pam_service", service);
        put(fields, "reason", detail.trim_start_matches(';').trim());
        return Some("pam_max_retries");
    }
    if rest.starts_with("unable to dlopen(") || rest.starts_with("adding faulty module") {
        put(fields, "reason", rest.trim());
        return Some("pam_module_error");
    }
    None
}

/// sshd's PAM messages: `PAM: <reason> for [illegal user ]<user> from <host>`.
fn read_sshd_pam(rest: &str, fields: &mut FieldMap) -> Option<&'static str> {
    let (reason, rest) = rest.split_once(" for ")?;
    let (user, host) = rest.rsplit_once(" from ")?;
    let (_, user) = strip_invalid_user(user);
    put_user(fields, "user", user);
    put_address(fields, &SRC, host.trim());
    put(fields, "reason", reason.trim());
    put(fields, "pam_service", "sshd");
    Some("pam_auth_failure")
}

/// Reads `logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.4  user=root`.
fn read_pam_pairs(pairs: &str, fields: &mut FieldMap) {
    for pair in pairs.split_whitespace() {
        match pair.split_once('=') {
            Some(("rhost", host)) if !host.is_empty() => put_address(fields, &SRC, host),
            Some(("user", user)) if !user.is_empty() => put_user(fields, "user", user),
            Some(("ruser", user)) if !user.is_empty() => put_user(fields, "remote_user", user),
            Some(("logname", name)) if !name.is_empty() => put(fields, "logname", name),
            Some(("tty", tty)) if !tty.is_empty() => put(fields, "tty", tty),
            // The ids of the process that called PAM, not of the user.
            Some(("uid", uid)) if !uid.is_empty() => put_int(fields, "caller_uid", uid),
            Some(("euid", uid)) if !uid.is_empty() => put_int(fields, "caller_euid", uid),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------
// sudo and su

/// `<user> : [<problem> ; ]TTY=<tty> ; PWD=<dir> ; USER=<target> ; [GROUP=<g> ; ]COMMAND=<cmd>`
/// (sudo 1.8 and 1.9 syslog format). A part without `=` before the first key is the problem
/// that stopped the command, such as `3 incorrect password attempts` or `user NOT in sudoers`.
fn read_sudo(message: &str, app: Option<&str>, fields: &mut FieldMap) -> Option<&'static str> {
    let (user, rest) = message.split_once(" : ")?;
    let user = user.trim();
    if user.is_empty() || user.contains(' ') || app.is_some_and(|a| a != "sudo") {
        return None;
    }
    // COMMAND is the last key and its value may itself contain ` ; `.
    let (pairs, command) = match rest.split_once("COMMAND=") {
        Some((pairs, command)) => (pairs, Some(command)),
        None if rest.contains("TTY=") || rest.contains("USER=") => (rest, None),
        None => return None,
    };
    put_user(fields, "user", user);
    let mut problems = Vec::new();
    for part in pairs.split(" ; ").map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some(("TTY", v)) => put(fields, "tty", v),
            Some(("PWD", v)) => put(fields, "pwd", v),
            Some(("USER", v)) => put_user(fields, "target_user", v),
            Some(("GROUP", v)) => put(fields, "target_group", v),
            Some(("ENV", v)) => put(fields, "env", v),
            Some(_) => {}
            None => problems.push(part),
        }
    }
    if let Some(command) = command {
        put(fields, "command", command.trim());
    }
    if problems.is_empty() {
        Some("sudo_command")
    } else {
        put(fields, "reason", &problems.join("; "));
        Some("sudo_failure")
    }
}

/// su from shadow-utils (`Successful su for <target> by <user>`, `FAILED su for <target> by
/// <user>`, `+ <tty> <user>:<target>`, `- <tty> <user>:<target>`) and from util-linux
/// (`(to <target>) <user> on <tty>`, `FAILED SU (to <target>) <user> on <tty>`).
fn read_su(message: &str, app: Option<&str>, fields: &mut FieldMap) -> Option<&'static str> {
    for (prefix, variant) in [("Successful su for ", "su_success"), ("FAILED su for ", "su_failure")] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (target, user) = rest.split_once(" by ")?;
            put_user(fields, "target_user", target.trim());
            put_user(fields, "user", user.trim());
            return Some(variant);
        }
    }
    for (prefix, variant) in [("(to ", "su_success"), ("FAILED SU (to ", "su_failure")] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (target, rest) = rest.split_once(") ")?;
            let (user, tty) = rest.split_once(" on ").map_or((rest, None), |(u, t)| (u, Some(t)));
            put_user(fields, "target_user", target.trim());
            put_user(fields, "user", user.trim());
            if let Some(tty) = tty {
                put(fields, "tty", tty.trim());
            }
            return Some(variant);
        }
    }
    if app != Some("su") {
        return None;
    }
    let (sign, rest) = message.split_once(' ')?;
    let variant = match sign {
        "+" => "su_success",
        "-" => "su_failure",
        _ => return None,
    };
    let (tty, users) = rest.split_once(' ')?;
    let (user, target) = users.trim().split_once(':')?;
    put(fields, "tty", tty);
    put_user(fields, "user", user);
    put_user(fields, "target_user", target);
    Some(variant)
}

/// Console logins by login from shadow-utils (`ROOT LOGIN  on '<tty>'[ from '<host>']`,
/// `FAILED LOGIN (<n>) on '<tty>'[ from '<host>'] FOR '<user>', <reason>`) and from
/// util-linux (`ROOT LOGIN ON <tty>[ FROM <host>]`, `LOGIN ON <tty> BY <user>[ FROM <host>]`,
/// `FAILED LOGIN <n> FROM <tty> FOR <user>, <reason>`).
fn read_login(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    let unquote = |text: &str| text.trim().trim_matches('\'').to_string();
    if let Some(rest) = message.strip_prefix("ROOT LOGIN ") {
        let rest = rest.trim_start();
        let rest = rest.strip_prefix("on ").or_else(|| rest.strip_prefix("ON "))?;
        let (tty, host) = split_from(rest);
        put(fields, "user", "root");
        put(fields, "tty", &unquote(tty));
        if let Some(host) = host {
            put_address(fields, &SRC, &unquote(host));
        }
        return Some("login_success");
    }

    if let Some(rest) = message.strip_prefix("LOGIN ON ") {
        let (tty, rest) = rest.split_once(" BY ")?;
        let (user, host) = split_from(rest);
        put(fields, "tty", tty.trim());
        put_user(fields, "user", user);
        if let Some(host) = host {
            put_address(fields, &SRC, host.trim());
        }
        return Some("login_success");
    }

    let rest = message.strip_prefix("FAILED LOGIN ")?;
    let (place, rest) = rest.split_once(" FOR ")?;
    let (user, reason) = rest.split_once(", ").unwrap_or((rest, ""));
    put_user(fields, "user", &unquote(user));
    if !reason.trim().is_empty() {
        put(fields, "reason", reason.trim());
    }

    // `(1) on '/dev/tty1' from 'host'` or `1 FROM tty1`
    let place = place.trim_start_matches(|c: char| c == '(' || c == ')' || c.is_ascii_digit()).trim();
    let place = place.strip_prefix("on ").unwrap_or(place);
    let (tty, host) = split_from(place);
    let tty = unquote(tty.strip_prefix("FROM ").unwrap_or(tty));
    if !tty.is_empty() {
        put(fields, "tty", &tty);
    }
    if let Some(host) = host {
        put_address(fields, &SRC, &unquote(host));
    }
    Some("login_failure")
}

/// Splits `<text> from <host>` (either case); the host is `None` without ` from `.
fn split_from(text: &str) -> (&str, Option<&str>) {
    match text.split_once(" from ").or_else(|| text.split_once(" FROM ")) {
        Some((text, host)) => (text.trim(), Some(host)),
        None => (text.trim(), None),
    }
}

// ---------------------------------------------------------------------------------------
// shadow-utils and systemd-logind

/// Account and group changes by useradd, userdel, usermod, groupadd, groupdel, gpasswd and
/// passwd (shadow-utils 4.x).
fn read_shadow(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    read_shadow_group(message, fields).or_else(|| read_shadow_account(message, fields))
}

/// Group changes: creation, removal and membership.
fn read_shadow_group(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    // groupadd and useradd: `new group: name=<n>, GID=<g>`, and the `group added to
    // /etc/group: name=<n>, GID=<g>` lines of newer releases.
    if let Some(rest) = message.strip_prefix("new group: ").or_else(|| message.strip_prefix("group added to ").and_then(|r| r.split_once(": ").map(|(_, p)| p))) {
        read_shadow_pairs(rest, fields);
        if let Some(name) = fields.remove("user") {
            fields.insert("group", name);
        }
        return Some("groupadd");
    }

    if let Some(rest) = message.strip_prefix("removed group '") {
        // userdel: `removed group '<g>' owned by '<user>'`
        let (group, owner) = rest.split_once('\'')?;
        put(fields, "group", group);
        if let Some(owner) = owner.trim().strip_prefix("owned by '") {
            put_user(fields, "user", owner.trim_end_matches('\''));
        }
        return Some("groupdel");
    }
    if let Some(rest) = message.strip_prefix("group '") {
        // groupdel: `group '<g>' removed` and `group '<g>' removed from /etc/group`
        let (group, rest) = rest.split_once('\'')?;
        if !rest.trim_start().starts_with("removed") {
            return None;
        }
        put(fields, "group", group);
        return Some("groupdel");
    }

    // `add '<user>' to [shadow ]group '<g>'` and `delete '<user>' from [shadow ]group '<g>'`
    for (prefix, joiner, variant) in [("add '", " to ", "group_member_added"), ("delete '", " from ", "group_member_removed")] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (user, rest) = rest.split_once('\'')?;
            let rest = rest.strip_prefix(joiner)?;
            let group = rest.strip_prefix("shadow group '").or_else(|| rest.strip_prefix("group '"))?;
            put_user(fields, "user", user);
            put(fields, "group", group.trim_end_matches('\''));
            return Some(variant);
        }
    }
    None
}

/// Account changes: creation, removal, password changes and locks.
fn read_shadow_account(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    // useradd: `new user: name=<n>, UID=<u>, GID=<g>, home=<h>, shell=<s>, from=<tty>`
    if let Some(rest) = message.strip_prefix("new user: ") {
        read_shadow_pairs(rest, fields);
        return Some("useradd");
    }
    if let Some(rest) = message.strip_prefix("delete user '") {
        put_user(fields, "user", rest.split('\'').next()?);
        return Some("userdel");
    }

    // passwd: `password for '<user>' changed by '<by>'`; usermod: `change user '<user>' password`
    if let Some(rest) = message.strip_prefix("password for '") {
        let (user, rest) = rest.split_once('\'')?;
        put_user(fields, "user", user);
        if let Some(by) = rest.trim().strip_prefix("changed by '") {
            put_user(fields, "by_user", by.trim_end_matches('\''));
        }
        return Some("passwd_change");
    }
    if let Some(user) = message.strip_prefix("password changed for ") {
        put_user(fields, "user", user.trim());
        return Some("passwd_change");
    }
    for (prefix, variant) in [("change user '", "passwd_change"), ("lock user '", "account_locked"), ("unlock user '", "account_unlocked")] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (user, rest) = rest.split_once('\'')?;
            if rest.trim() != "password" {
                return None;
            }
            put_user(fields, "user", user);
            return Some(variant);
        }
    }
    None
}

/// Reads `name=<n>, UID=<u>, GID=<g>, home=<h>, shell=<s>, from=<tty>`.
fn read_shadow_pairs(pairs: &str, fields: &mut FieldMap) {
    for pair in pairs.split(", ") {
        match pair.split_once('=') {
            Some(("name", v)) => put_user(fields, "user", v),
            Some(("UID", v)) => put_int(fields, "uid", v),
            Some(("GID", v)) => put_int(fields, "gid", v),
            Some(("home", v)) => put(fields, "home", v),
            Some(("shell", v)) => put(fields, "shell", v),
            Some(("from", v)) => put(fields, "from_tty", v),
            _ => {}
        }
    }
}

/// systemd-logind: `New session <id> of user <user>.`
fn read_logind(message: &str, fields: &mut FieldMap) -> Option<&'static str> {
    if let Some(rest) = message.strip_prefix("New session ") {
        let (id, user) = rest.split_once(" of user ")?;
        put(fields, "session_id", id.trim());
        put_user(fields, "user", user.trim().trim_end_matches('.'));
        return Some("logind_session_opened");
    }
    // systemd-logind names only the session when it ends: `Session 42 logged out. Waiting
    // for processes to exit.` and then `Removed session 42.`
    let id = message
        .strip_prefix("Session ")
        .and_then(|rest| rest.split_once(" logged out"))
        .map(|(id, _)| id)
        .or_else(|| message.strip_prefix("Removed session "))?
        .trim()
        .trim_end_matches('.');
    if id.is_empty() || id.contains(' ') {
        return None;
    }
    put(fields, "session_id", id);
    Some("logind_session_closed")
}

// ---------------------------------------------------------------------------------------
// Fields

fn put(fields: &mut FieldMap, name: impl Into<FieldName>, value: &str) {
    fields.insert(name, Value::String(value.to_string()));
}

/// Stores a number when the text is an integer, else the text.
fn put_int(fields: &mut FieldMap, name: impl Into<FieldName>, value: &str) {
    let value = value.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::String(value.to_string()));
    fields.insert(name, value);
}

/// Stores a user name; an empty name is left out.
fn put_user(fields: &mut FieldMap, name: &'static str, user: &str) {
    let user = user.trim();
    if !user.is_empty() {
        put(fields, name, user);
    }
}

/// The field names of one side of a connection.
pub(super) struct Side {
    pub(super) ip: &'static str,
    pub(super) host: &'static str,
    pub(super) port: &'static str,
}

/// The client side of a connection.
pub(super) const SRC: Side = Side {
    ip: "src_ip",
    host: "src_host",
    port: "src_port",
};

/// The server side of a connection.
pub(super) const DST: Side = Side {
    ip: "dst_ip",
    host: "dst_host",
    port: "dst_port",
};

/// Stores an address as the side's `ip` field when it is an IP address, else as its `host`
/// field, because sshd writes the host name when UseDNS is on.
fn put_address(fields: &mut FieldMap, side: &Side, address: &str) {
    let address = address.trim();
    let trimmed = address.trim_end_matches([':', ',', ';']);
    let ip = [address, trimmed].into_iter().find(|a| a.parse::<std::net::IpAddr>().is_ok());
    match ip {
        Some(ip) => put(fields, side.ip, ip),
        None if !trimmed.is_empty() => put(fields, side.host, trimmed),
        None => {}
    }
}

/// Reads `<address> [port <port>]` from `words[at]` and returns the index after it, or
/// `None` when there is no address there.
fn read_peer(words: &[&str], at: usize, side: &Side, fields: &mut FieldMap) -> Option<usize> {
    let address = *words.get(at)?;
    put_address(fields, side, address);
    if words.get(at + 1) != Some(&"port") {
        return Some(at + 1);
    }
    let port = words.get(at + 2)?;
    // `port 33980:11:` in a disconnect message, `port 27824:` before a reason.
    let digits_end = port.find(|c: char| !c.is_ascii_digit()).unwrap_or(port.len());
    if digits_end > 0 {
        put_int(fields, side.port, &port[..digits_end]);
    }
    Some(at + 3)
}
