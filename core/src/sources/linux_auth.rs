//! Linux `auth.log`: sshd, sudo, PAM sessions and useradd, as rsyslog writes them.
//!
//! Format: RFC 3164 lines, facility authpriv, with the message texts of OpenSSH 9.x
//! (`auth.c` and `auth2.c`), sudo 1.9 and shadow-utils 4.13 `useradd`, as found on Debian 12
//! and Ubuntu 22.04/24.04. Vendor documentation: <https://man.openbsd.org/sshd.8>,
//! <https://www.sudo.ws/docs/man/sudoers.man/#LOG_FORMAT>.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::{facility, severity, syslog3164};
use crate::ocsf::{self, class, RecordBuilder};
use crate::world::HostRole;

/// The `linux_auth` source.
pub struct LinuxAuth;

const VARIANTS: &[Variant] = &[
    Variant { name: "ssh_accepted_password", weight: 20, format: WireFormat::Syslog3164, description: "sshd accepted a password login" },
    Variant { name: "ssh_accepted_publickey", weight: 30, format: WireFormat::Syslog3164, description: "sshd accepted a public key login" },
    Variant { name: "ssh_failed_password", weight: 10, format: WireFormat::Syslog3164, description: "sshd rejected a password for a known user" },
    Variant { name: "ssh_invalid_user", weight: 6, format: WireFormat::Syslog3164, description: "sshd saw a login attempt for a user that does not exist" },
    Variant { name: "sudo_command", weight: 15, format: WireFormat::Syslog3164, description: "sudo ran a command as another user" },
    Variant { name: "session_opened", weight: 10, format: WireFormat::Syslog3164, description: "pam_unix opened a session" },
    Variant { name: "session_closed", weight: 10, format: WireFormat::Syslog3164, description: "pam_unix closed a session" },
    Variant { name: "useradd", weight: 1, format: WireFormat::Syslog3164, description: "useradd created a local account" },
];

const SSH_PASSWORD: usize = 0;
const SSH_PUBLICKEY: usize = 1;
const SSH_FAILED: usize = 2;
const SSH_INVALID: usize = 3;
const SUDO: usize = 4;
const SESSION_OPENED: usize = 5;
const SESSION_CLOSED: usize = 6;
const USERADD: usize = 7;

static META: SourceMeta = SourceMeta {
    id: "linux_auth",
    aliases: &[],
    vendor: "Linux",
    product: "auth.log",
    category: "endpoint",
    formats: &[WireFormat::Syslog3164],
    sourcetype: "linux_secure",
    ocsf_classes: &[class::AUTHENTICATION, class::ACCOUNT_CHANGE],
    doc_url: "https://man.openbsd.org/sshd.8",
    versions: "OpenSSH 9.x, sudo 1.9, shadow-utils 4.13",
    known_gaps: &["Kerberos (GSSAPI) and keyboard-interactive logins are read but not generated"],
    variants: VARIANTS,
    framing: Framing::Lines,
};

const INVALID_USERS: &[&str] = &["admin", "test", "oracle", "ubuntu", "guest", "postgres", "ftpuser", "pi", "support", "user1"];
const SUDO_COMMANDS: &[&str] = &[
    "/usr/bin/systemctl restart nginx",
    "/usr/bin/apt-get update",
    "/usr/bin/journalctl -u sshd --since today",
    "/usr/bin/tail -n 200 /var/log/syslog",
    "/usr/bin/docker ps",
    "/usr/sbin/iptables -L -n",
    "/usr/bin/cat /etc/shadow",
    "/bin/bash",
];
const KEY_TYPES: &[&str] = &["RSA", "ED25519", "ECDSA"];
const SERVICE_ACCOUNTS: &[&str] = &["svc-backup", "svc-deploy", "svc-monitor", "jenkins", "ansible"];

impl Source for LinuxAuth {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let world = ctx.world;
        let servers: Vec<_> = world.servers().iter().filter(|h| !h.windows && h.role == HostRole::Server).collect();
        let host = if servers.is_empty() { ctx.rng.pick(&world.hosts) } else { *ctx.rng.pick(&servers) };
        let user = ctx.rng.pick(&world.users);
        let time = ctx.time;
        let hostname = host.hostname.clone();
        let app = match ctx.variant {
            SUDO => "sudo",
            SESSION_OPENED | SESSION_CLOSED if ctx.rng.chance(300) => "CRON",
            SESSION_OPENED | SESSION_CLOSED => "sshd",
            USERADD => "useradd",
            _ => "sshd",
        };

        fields.with("timestamp", |out| time.write_bsd(out, 0));
        fields.str("hostname", &hostname);
        fields.str("app_name", app);
        if ctx.variant != SUDO {
            fields.int("pid", ctx.rng.range(800, 65_000) as i64);
        }
        match ctx.variant {
            SSH_PASSWORD | SSH_PUBLICKEY | SSH_FAILED | SSH_INVALID => {
                let internal = ctx.variant != SSH_INVALID && !ctx.rng.chance(100);
                let source_ip = if internal { world.workstation_of(ctx.rng.index(world.users.len())).ip.to_string() } else { ctx.rng.pick(&world.external_addresses).to_string() };
                if ctx.variant == SSH_INVALID {
                    fields.str("user", ctx.rng.pick_str(INVALID_USERS));
                } else {
                    fields.str("user", &user.username);
                }
                fields.str("src_ip", &source_ip);
                fields.int("src_port", ctx.rng.range(32_768, 60_999) as i64);
                if ctx.variant == SSH_PUBLICKEY {
                    fields.str("auth_method", "publickey");
                    fields.str("key_type", ctx.rng.pick_str(KEY_TYPES));
                    fields.with("key_fingerprint", |out| {
                        out.push_str("SHA256:");
                        ctx.rng.alphanumeric_into(out, 43);
                    });
                } else if ctx.variant != SSH_INVALID {
                    fields.str("auth_method", "password");
                }
            }
            SUDO => {
                fields.str("user", &user.username);
                fields.fmt("tty", format_args!("pts/{}", ctx.rng.below(8)));
                fields.fmt("pwd", format_args!("/home/{}", user.username));
                fields.str("target_user", "root");
                fields.str("command", ctx.rng.pick_str(SUDO_COMMANDS));
            }
            SESSION_OPENED | SESSION_CLOSED => {
                let service = if fields.get("app_name") == Some("CRON") { "cron" } else { "sshd" };
                fields.str("pam_service", service);
                let name = if service == "cron" { "root" } else { user.username.as_str() };
                fields.str("user", name);
                if ctx.variant == SESSION_OPENED {
                    let uid = if service == "cron" { 0 } else { 1000 + ctx.rng.below(500) as i64 };
                    fields.int("uid", uid);
                    fields.int("by_uid", 0);
                }
            }
            _ => {
                let name = ctx.rng.pick_str(SERVICE_ACCOUNTS);
                let uid = 1001 + ctx.rng.below(900) as i64;
                fields.str("user", name);
                fields.int("uid", uid);
                fields.int("gid", uid);
                fields.fmt("home", format_args!("/home/{name}"));
                fields.str("shell", "/bin/bash");
                fields.fmt("from_tty", format_args!("/dev/pts/{}", ctx.rng.below(8)));
            }
        }
    }

    fn write(&self, variant: usize, fields: &Fields, out: &mut String) {
        let get = |name| fields.get(name).unwrap_or("");
        let mut message = String::with_capacity(160);
        let _ = match variant {
            SSH_PASSWORD | SSH_FAILED => write!(
                message,
                "{} password for {} from {} port {} ssh2",
                if variant == SSH_FAILED { "Failed" } else { "Accepted" },
                get("user"),
                get("src_ip"),
                get("src_port")
            ),
            SSH_PUBLICKEY => write!(
                message,
                "Accepted publickey for {} from {} port {} ssh2: {} {}",
                get("user"),
                get("src_ip"),
                get("src_port"),
                get("key_type"),
                get("key_fingerprint")
            ),
            SSH_INVALID => write!(message, "Invalid user {} from {} port {}", get("user"), get("src_ip"), get("src_port")),
            SUDO => write!(message, "{} : TTY={} ; PWD={} ; USER={} ; COMMAND={}", get("user"), get("tty"), get("pwd"), get("target_user"), get("command")),
            SESSION_OPENED => write!(message, "pam_unix({}:session): session opened for user {}(uid={}) by (uid={})", get("pam_service"), get("user"), get("uid"), get("by_uid")),
            SESSION_CLOSED => write!(message, "pam_unix({}:session): session closed for user {}", get("pam_service"), get("user")),
            _ => write!(
                message,
                "new user: name={}, UID={}, GID={}, home={}, shell={}, from={}",
                get("user"),
                get("uid"),
                get("gid"),
                get("home"),
                get("shell"),
                get("from_tty")
            ),
        };
        let severity = if matches!(variant, SSH_FAILED | SSH_INVALID) { severity::WARNING } else { severity::INFORMATIONAL };
        syslog3164::write(out, facility::AUTHPRIV, severity, get("timestamp"), get("hostname"), get("app_name"), fields.get("pid"), &message);
    }

    fn parse_line(&self, line: &str, _state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let header = syslog3164::parse(line)?;
        let mut fields = Map::new();
        let put = |fields: &mut Map<String, Value>, name: &str, value: &str| {
            fields.insert(name.to_string(), Value::String(value.to_string()));
        };
        let put_int = |fields: &mut Map<String, Value>, name: &str, value: &str| {
            let value = value.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::String(value.to_string()));
            fields.insert(name.to_string(), value);
        };
        if let Some(timestamp) = header.timestamp {
            put(&mut fields, "timestamp", timestamp);
        }
        if let Some(hostname) = header.hostname {
            put(&mut fields, "hostname", hostname);
        }
        let app = header.app_name.unwrap_or("");
        put(&mut fields, "app_name", app);
        if let Some(pid) = header.proc_id {
            put_int(&mut fields, "pid", pid);
        }
        let message = header.message;
        let variant = parse_message(message, &mut fields, &put, &put_int).ok_or_else(|| {
            let offset = line.len() - message.len();
            ParseError::new(offset, format!("unrecognised {app} message: not an sshd, sudo, PAM session or useradd event"))
        })?;
        Ok(Some(Parsed { variant: Some(variant), fields }))
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Map<String, Value>, ParseError> {
        let fields = &parsed.fields;
        let text = |name: &str| fields.get(name).and_then(Value::as_str);
        let own_time = text("timestamp").map(|t| syslog3164::parse_timestamp(t, options.year)).transpose()?;
        let time = options.event_time(own_time)?;
        let variant = parsed.variant.unwrap_or("");
        let (class_uid, activity_id, status_id) = match variant {
            "ssh_accepted_password" | "ssh_accepted_publickey" | "ssh_accepted_other" => (class::AUTHENTICATION, 1, ocsf::status::SUCCESS),
            "ssh_failed_password" | "ssh_invalid_user" | "ssh_auth_failure" => (class::AUTHENTICATION, 1, ocsf::status::FAILURE),
            "sudo_command" => (class::AUTHENTICATION, 7, ocsf::status::SUCCESS),
            "sudo_failure" => (class::AUTHENTICATION, 7, ocsf::status::FAILURE),
            "session_opened" => (class::AUTHENTICATION, 1, ocsf::status::SUCCESS),
            "session_closed" | "ssh_disconnected" => (class::AUTHENTICATION, 2, ocsf::status::SUCCESS),
            "useradd" => (class::ACCOUNT_CHANGE, 1, ocsf::status::SUCCESS),
            "userdel" => (class::ACCOUNT_CHANGE, 6, ocsf::status::SUCCESS),
            "passwd_change" => (class::ACCOUNT_CHANGE, 3, ocsf::status::SUCCESS),
            other => return Err(ParseError::new(0, format!("no OCSF mapping for linux_auth event '{other}'"))),
        };
        let mut record = RecordBuilder::new(class_uid, activity_id, time, &META);
        record.status(status_id);
        if status_id == ocsf::status::FAILURE {
            record.severity(ocsf::severity::LOW);
        }
        record.set("user.name", text("user").unwrap_or("unknown"));
        // OCSF `user.uid` is a string.
        record.set_str("user.uid", fields.get("uid").map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).as_deref());
        record.set_str("device.hostname", text("hostname"));
        if record.get("device").is_some() {
            // `device.type_id` is required; auth.log does not say what kind of host wrote it.
            record.set("device.type_id", 0);
        }
        record.set_str("src_endpoint.ip", text("src_ip"));
        record.set_opt("src_endpoint.port", fields.get("src_port").and_then(Value::as_i64));
        let app = text("app_name").unwrap_or("");
        if class_uid == class::AUTHENTICATION {
            // Account Change defines neither `dst_endpoint` nor `service`.
            record.set_str("dst_endpoint.hostname", text("hostname"));
            if !app.is_empty() {
                record.set("service.name", app);
            }
            if app == "sshd" && fields.contains_key("src_ip") {
                record.set("is_remote", true);
                record.set("logon_type", "Remote Interactive");
                record.set("logon_type_id", 10);
            }
            match text("auth_method") {
                Some("publickey") => record.set("auth_protocol", "SSH public key").set("auth_protocol_id", 99),
                Some("password") => record.set("auth_protocol", "password").set("auth_protocol_id", 99),
                _ => &mut record,
            };
            if variant.starts_with("sudo") {
                record.set("account_switch_type", "sudo").set("account_switch_type_id", 99);
                // OCSF `process` needs a pid, which sudo lines do not carry.
                record.set_str("unmapped.command", text("command"));
                record.set("actor.user.name", text("user").unwrap_or("unknown"));
                record.set("user.name", text("target_user").unwrap_or("root"));
            }
        }
        if class_uid == class::ACCOUNT_CHANGE {
            record.set_str("user.full_name", None);
        }
        record.set("status", if status_id == ocsf::status::SUCCESS { "Success" } else { "Failure" });
        if let Some(message) = text("message") {
            record.set("message", message);
        }
        Ok(record.build())
    }
}

/// The helper that stores a text field.
type Put = dyn Fn(&mut Map<String, Value>, &str, &str);

/// Reads the message part; returns the variant name, or `None` when the message is not one
/// this source knows.
fn parse_message(message: &str, fields: &mut Map<String, Value>, put: &Put, put_int: &Put) -> Option<&'static str> {
    fields.insert("message".into(), Value::String(message.to_string()));
    // Collectors that strip the syslog header often keep the space that followed the tag.
    let message = message.trim_start();
    let words: Vec<&str> = message.split(' ').collect();

    // sshd: "Accepted|Failed <method> for [invalid user ]<user> from <ip> port <port> ssh2[: <type> <fp>]"
    if let Some(verb @ ("Accepted" | "Failed" | "Postponed")) = words.first().copied() {
        let method = *words.get(1)?;
        let mut at = 3;
        let invalid = words.get(3..5) == Some(&["invalid", "user"]);
        if words.get(2) != Some(&"for") {
            return None;
        }
        if invalid {
            at = 5;
        }
        let from = words.iter().skip(at).position(|w| *w == "from")? + at;
        let user = words[at..from].join(" ");
        put(fields, "user", &user);
        put(fields, "src_ip", words.get(from + 1)?);
        if words.get(from + 2) == Some(&"port") {
            put_int(fields, "src_port", words.get(from + 3)?);
        }
        put(fields, "auth_method", method);
        if let Some(colon) = message.find("ssh2: ") {
            let mut key = message[colon + 6..].splitn(2, ' ');
            put(fields, "key_type", key.next()?);
            if let Some(fingerprint) = key.next() {
                put(fields, "key_fingerprint", fingerprint);
            }
        }
        return Some(match (verb, method, invalid) {
            ("Accepted", "password", _) => "ssh_accepted_password",
            ("Accepted", "publickey", _) => "ssh_accepted_publickey",
            ("Accepted", _, _) => "ssh_accepted_other",
            (_, _, true) => "ssh_invalid_user",
            ("Failed", "password", false) => "ssh_failed_password",
            _ => "ssh_auth_failure",
        });
    }
    // sshd: "Invalid user <user> from <ip> port <port>" (older releases omit the port).
    if words.first() == Some(&"Invalid") && words.get(1) == Some(&"user") {
        let from = words.iter().position(|w| *w == "from")?;
        put(fields, "user", &words[2..from].join(" "));
        put(fields, "src_ip", words.get(from + 1)?);
        if words.get(from + 2) == Some(&"port") {
            put_int(fields, "src_port", words.get(from + 3)?);
        }
        return Some("ssh_invalid_user");
    }
    // sshd: "Received disconnect from <ip> port <port>:<reason code>: <reason>"
    if let Some(rest) = message.strip_prefix("Received disconnect from ") {
        let mut words = rest.split(' ');
        put(fields, "src_ip", words.next()?);
        if words.next() == Some("port") {
            put_int(fields, "src_port", words.next()?.split(':').next()?);
        }
        return Some("ssh_disconnected");
    }
    // sshd: "Disconnected from [user <user> ]<ip> port <port>"
    if message.starts_with("Disconnected from ") || message.starts_with("Connection closed by ") {
        let rest: Vec<&str> = words.iter().skip(if words[0] == "Disconnected" { 2 } else { 3 }).copied().collect();
        let (user, ip_at) = match rest.as_slice() {
            ["user", user, ..] | ["authenticating", "user", user, ..] | ["invalid", "user", user, ..] => (Some(*user), rest.iter().position(|w| w == user)? + 1),
            _ => (None, 0),
        };
        if let Some(user) = user {
            put(fields, "user", user);
        }
        put(fields, "src_ip", rest.get(ip_at)?);
        if rest.get(ip_at + 1) == Some(&"port") {
            put_int(fields, "src_port", rest.get(ip_at + 2)?);
        }
        return Some("ssh_disconnected");
    }
    // sudo: "<user> : TTY=<tty> ; PWD=<dir> ; USER=<target> ; COMMAND=<cmd>" and failures
    // such as "<user> : 3 incorrect password attempts ; TTY=...".
    if let Some((user, rest)) = message.split_once(" : ") {
        if rest.contains("COMMAND=") {
            put(fields, "user", user.trim());
            let mut failure = false;
            for part in rest.split(" ; ") {
                match part.split_once('=') {
                    Some(("TTY", v)) => put(fields, "tty", v),
                    Some(("PWD", v)) => put(fields, "pwd", v),
                    Some(("USER", v)) => put(fields, "target_user", v),
                    Some(("COMMAND", v)) => put(fields, "command", v),
                    Some(("GROUP", v)) => put(fields, "target_group", v),
                    Some(_) => {}
                    None => {
                        failure = true;
                        put(fields, "reason", part);
                    }
                }
            }
            // A sudo line without a command restriction message is a successful run.
            return Some(if failure { "sudo_failure" } else { "sudo_command" });
        }
    }
    // pam_unix: "pam_unix(<service>:session): session opened for user <user>[(uid=N)] by [<login>](uid=M)"
    if let Some(rest) = message.strip_prefix("pam_unix(") {
        let (service, rest) = rest.split_once(':')?;
        put(fields, "pam_service", service);
        if let Some(after) = rest.split_once("session opened for user ").map(|(_, a)| a) {
            let name_end = after.find(['(', ' ']).unwrap_or(after.len());
            put(fields, "user", &after[..name_end]);
            if let Some(uid) = after[name_end..].strip_prefix("(uid=").and_then(|s| s.split(')').next()) {
                put_int(fields, "uid", uid);
            }
            if let Some(by) = after.rsplit_once("(uid=").and_then(|(_, s)| s.split(')').next()) {
                if after.contains(" by ") {
                    put_int(fields, "by_uid", by);
                }
            }
            return Some("session_opened");
        }
        if let Some(after) = rest.split_once("session closed for user ").map(|(_, a)| a) {
            put(fields, "user", after.split(' ').next()?);
            return Some("session_closed");
        }
        if rest.contains("authentication failure") {
            for pair in rest.split([';', ' ']) {
                match pair.split_once('=') {
                    Some(("rhost", v)) if !v.is_empty() => put(fields, "src_ip", v),
                    Some(("user", v)) if !v.is_empty() => put(fields, "user", v),
                    _ => {}
                }
            }
            return Some("ssh_auth_failure");
        }
        return None;
    }
    // useradd: "new user: name=<n>, UID=<u>, GID=<g>, home=<h>, shell=<s>, from=<tty>"
    if let Some(rest) = message.strip_prefix("new user: ") {
        for pair in rest.split(", ") {
            match pair.split_once('=') {
                Some(("name", v)) => put(fields, "user", v),
                Some(("UID", v)) => put_int(fields, "uid", v),
                Some(("GID", v)) => put_int(fields, "gid", v),
                Some(("home", v)) => put(fields, "home", v),
                Some(("shell", v)) => put(fields, "shell", v),
                Some(("from", v)) => put(fields, "from_tty", v),
                _ => {}
            }
        }
        return Some("useradd");
    }
    if let Some(rest) = message.strip_prefix("delete user '") {
        put(fields, "user", rest.trim_end_matches('\''));
        return Some("userdel");
    }
    if let Some(rest) = message.strip_prefix("password changed for ") {
        put(fields, "user", rest.trim());
        return Some("passwd_change");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Parsed {
        match LinuxAuth.parse_line(line, &mut ParseState::default()) {
            Ok(Some(parsed)) => parsed,
            other => panic!("{line:?} gave {other:?}"),
        }
    }

    #[test]
    fn received_disconnect_reads_address_and_port() {
        let parsed = parse("Mar 11 11:26:54 bastion sshd[3296]: Received disconnect from 203.0.113.9 port 33980:11: Bye Bye");
        assert_eq!(parsed.variant, Some("ssh_disconnected"));
        assert_eq!(parsed.fields["src_ip"], "203.0.113.9");
        assert_eq!(parsed.fields["src_port"], 33980);
    }

    #[test]
    fn bare_message_with_leading_space_is_read() {
        let parsed = parse(" Invalid user guest from 198.51.100.4 port 48792");
        assert_eq!(parsed.variant, Some("ssh_invalid_user"));
        assert_eq!(parsed.fields["user"], "guest");
    }

    #[test]
    fn unknown_message_is_rejected() {
        assert!(LinuxAuth.parse_line("Mar 11 11:26:54 bastion sshd[3296]: Server listening on :: port 22.", &mut ParseState::default()).is_err());
    }
}
