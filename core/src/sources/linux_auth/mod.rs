//! Linux `auth.log`: sshd, PAM, sudo, su, shadow-utils and systemd-logind, as rsyslog writes
//! them.
//!
//! Format: RFC 3164 lines, facility authpriv. The messages are those of OpenSSH 7 to 9.x
//! (`auth.c`, `auth2.c`, `packet.c`, `sshd.c`, `session.c`) and of Linux-PAM 1.x with the
//! pam_unix, pam_sss, pam_faillock, pam_tally2 and pam_winbind modules. They also include sudo
//! 1.8 and 1.9, su and login from shadow-utils and util-linux, and shadow-utils 4.x (useradd,
//! userdel, groupadd, groupdel, usermod, passwd), as found on Debian 10 to 12, Ubuntu 18.04 to
//! 24.04 and RHEL 7 to 9. Lines may come with the syslog header, with the RFC 5424 header of
//! a forwarding rsyslog or syslog-ng, or as the bare message a collector kept, possibly
//! indented. The generator writes the eight variants below. The
//! reader also knows the other forms, and maps every other message of an auth.log program to
//! an OCSF Base Event; the `ocsf` module lists the classes. Vendor documentation:
//! <https://man.openbsd.org/sshd.8>, <https://www.sudo.ws/docs/man/sudoers.man/#LOG_FORMAT>.

use std::fmt::Write as _;


use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::{facility, severity, syslog3164};
use crate::ocsf::{class, Object};
use crate::world::{Host, HostRole};

mod ocsf;
mod read;

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

/// The uid of the organisation's first user; the others follow in order, as `useradd` numbers
/// regular accounts from `UID_MIN` (1000 on Debian, Ubuntu and Fedora).
const FIRST_USER_UID: i64 = 1000;

static META: SourceMeta = SourceMeta {
    id: "linux_auth",
    aliases: &[],
    vendor: "Linux",
    product: "auth.log",
    category: "endpoint",
    formats: &[WireFormat::Syslog3164],
    sourcetype: "linux_secure",
    ocsf_classes: &[
        class::BASE_EVENT,
        class::ACCOUNT_CHANGE,
        class::AUTHENTICATION,
        class::GROUP_MANAGEMENT,
        class::SSH_ACTIVITY,
        class::APPLICATION_ERROR,
    ],
    doc_url: "https://man.openbsd.org/sshd.8",
    versions: "OpenSSH 7 to 9.x, Linux-PAM 1.x, sudo 1.8 and 1.9, shadow-utils 4.x",
    known_gaps: &[
        "only the eight variants are generated; sshd connection events, PAM failures, su, group changes and the other forms are read but not generated",
        "a line without its syslog header carries no time, so reading it needs a received time",
        "messages of auth.log programs that no reader knows become Base Events with the message text only",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &["hostname"],
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
        let is_linux_server = |host: &&Host| !host.windows && host.role == HostRole::Server;
        let linux_servers = world.servers().iter().filter(is_linux_server);
        // Counted and then walked again instead of collected, so no event allocates a list.
        // A small world may have no Linux server: then a host that is not Windows (a macOS
        // workstation runs sshd and sudo too), and only in a world of Windows hosts any host.
        let host = match linux_servers.clone().count() {
            0 => {
                let other_unix = world.hosts.iter().filter(|host| !host.windows);
                match other_unix.clone().count() {
                    0 => ctx.rng.pick(&world.hosts),
                    count => other_unix.clone().nth(ctx.rng.index(count)).unwrap_or(&world.hosts[0]),
                }
            }
            count => linux_servers.clone().nth(ctx.rng.index(count)).unwrap_or(&world.hosts[0]),
        };
        let user_index = ctx.user(&["user"]);
        let user = &world.users[user_index];
        let time = ctx.time;
        // A session of a user named by an override is that user's login, not root's cron job.
        let user_pinned = ctx.pinned_user(&["user"]).is_some();
        let app = match ctx.variant {
            SUDO => "sudo",
            SESSION_OPENED | SESSION_CLOSED if ctx.rng.chance(300) && !user_pinned => "CRON",
            SESSION_OPENED | SESSION_CLOSED => "sshd",
            USERADD => "useradd",
            _ => "sshd",
        };

        fields.with("timestamp", |out| time.write_bsd(out, 0));
        fields.str("hostname", &host.hostname);
        fields.str("app_name", app);
        if ctx.variant != SUDO {
            fields.int("pid", ctx.rng.range(800, 65_000) as i64);
        }
        match ctx.variant {
            SSH_PASSWORD | SSH_PUBLICKEY | SSH_FAILED | SSH_INVALID => {
                let internal = ctx.variant != SSH_INVALID && !ctx.rng.chance(100);
                let source_ip = if internal { world.workstation_of(ctx.rng.index(world.users.len())).ip } else { *ctx.rng.pick(&world.external_addresses) };
                if ctx.variant == SSH_INVALID {
                    fields.str("user", ctx.rng.pick_str(INVALID_USERS));
                } else {
                    fields.str("user", &user.username);
                }
                fields.ipv4("src_ip", source_ip);
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
                    // Each account keeps one uid in every event (see `FIRST_USER_UID`).
                    let uid = if service == "cron" { 0 } else { FIRST_USER_UID + user_index as i64 };
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
        let severity = if matches!(variant, SSH_FAILED | SSH_INVALID) { severity::WARNING } else { severity::INFORMATIONAL };
        let (timestamp, hostname, app_name, pid) = (get("timestamp"), get("hostname"), get("app_name"), fields.get("pid"));
        syslog3164::write_with(out, facility::AUTHPRIV, severity, timestamp, hostname, app_name, pid, |message| {
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
        });
    }

    fn parse_line(&self, line: &str, _state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let (variant, fields) = read::read_line(line)?;
        Ok(Some(Parsed { variant: Some(variant), fields }))
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        ocsf::to_ocsf(parsed, options, &META)
    }
}

/// Names of the parsed-only variants that no reader of a specific message form produces.
mod variant {
    /// An sshd `error:` or `fatal:` message that no reader of a specific form matches.
    pub(super) const ERROR: &str = "error";
    /// Another message of a program that writes auth.log.
    pub(super) const OTHER: &str = "other";
}

#[cfg(test)]
mod tests;
