//! Linux `auth.log`: sshd, PAM, sudo, su, shadow-utils and systemd-logind, as rsyslog writes
//! them.
//!
//! Format: RFC 3164 lines, facility authpriv. The default variants carry the syslog priority
//! (`<86>Jan  5 09:00:00 host sshd[1234]: ...`), as a relay forwards them. Their `file_` twins
//! are the lines of `/var/log/auth.log` as rsyslog writes them on Debian and Ubuntu, without
//! the priority (`Jan  5 09:00:00 host sshd[1234]: ...`), and the alias `linux_auth_file`
//! draws only those.
//!
//! The messages are those of OpenSSH 7 to 9.x
//! (`auth.c`, `auth2.c`, `packet.c`, `sshd.c`, `session.c`) and of Linux-PAM 1.x with the
//! pam_unix, pam_sss, pam_faillock, pam_tally2 and pam_winbind modules. They also include sudo
//! 1.8 and 1.9, su and login from shadow-utils and util-linux, and shadow-utils 4.x (useradd,
//! userdel, groupadd, groupdel, usermod, passwd), as found on Debian 10 to 12, Ubuntu 18.04 to
//! 24.04 and RHEL 7 to 9. Lines may come with the syslog header, with the RFC 5424 header of
//! a forwarding rsyslog or syslog-ng, or as the bare message a collector kept, possibly
//! indented. The generator writes the eight variants below and their file twins. The
//! reader also knows the other forms, and maps every other message of an auth.log program to
//! an OCSF Base Event; the `ocsf` module lists the classes. Vendor documentation:
//! <https://man.openbsd.org/sshd.8>, <https://www.sudo.ws/docs/man/sudoers.man/#LOG_FORMAT>.

use std::fmt::Write as _;

use super::{Alias, Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::{facility, severity, syslog3164};
use crate::ocsf::{class, Object};
use crate::seed::{fnv1a, splitmix64, StreamKey};
use crate::world::{Host, HostRole, World};

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
    Variant { name: "file_ssh_accepted_password", weight: 0, format: WireFormat::Syslog3164, description: "ssh_accepted_password as /var/log/auth.log has it, without the syslog priority" },
    Variant { name: "file_ssh_accepted_publickey", weight: 0, format: WireFormat::Syslog3164, description: "ssh_accepted_publickey as /var/log/auth.log has it, without the syslog priority" },
    Variant { name: "file_ssh_failed_password", weight: 0, format: WireFormat::Syslog3164, description: "ssh_failed_password as /var/log/auth.log has it, without the syslog priority" },
    Variant { name: "file_ssh_invalid_user", weight: 0, format: WireFormat::Syslog3164, description: "ssh_invalid_user as /var/log/auth.log has it, without the syslog priority" },
    Variant { name: "file_sudo_command", weight: 0, format: WireFormat::Syslog3164, description: "sudo_command as /var/log/auth.log has it, without the syslog priority" },
    Variant { name: "file_session_opened", weight: 0, format: WireFormat::Syslog3164, description: "session_opened as /var/log/auth.log has it, without the syslog priority" },
    Variant { name: "file_session_closed", weight: 0, format: WireFormat::Syslog3164, description: "session_closed as /var/log/auth.log has it, without the syslog priority" },
    Variant { name: "file_useradd", weight: 0, format: WireFormat::Syslog3164, description: "useradd as /var/log/auth.log has it, without the syslog priority" },
];

/// Number of variants with the syslog priority; variant `RELAYED_COUNT + n` is the file twin
/// of variant `n`. The twins have weight 0, because one log has one form: the default id
/// writes the relayed form and the alias `linux_auth_file` the file form.
const RELAYED_COUNT: usize = 8;

/// Prefix of the names of the file twins.
const FILE_PREFIX: &str = "file_";

/// Weights of the file twins under the alias `linux_auth_file`: those of the relayed variants,
/// so the alias writes the same mix of events as `linux_auth`.
const FILE_WEIGHTS: [u32; RELAYED_COUNT] = relayed_weights();

const fn relayed_weights() -> [u32; RELAYED_COUNT] {
    let mut weights = [0; RELAYED_COUNT];
    let mut index = 0;
    while index < RELAYED_COUNT {
        weights[index] = VARIANTS[index].weight;
        index += 1;
    }
    weights
}

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
    aliases: &[Alias {
        id: "linux_auth_file",
        variants: &[
            "file_ssh_accepted_password",
            "file_ssh_accepted_publickey",
            "file_ssh_failed_password",
            "file_ssh_invalid_user",
            "file_sudo_command",
            "file_session_opened",
            "file_session_closed",
            "file_useradd",
        ],
        weights: &FILE_WEIGHTS,
    }],
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
        "only the eight variants (and their file twins) are generated; sshd connection events, PAM failures, su, group changes and the other forms are read but not generated",
        "the Accepted, session opened and session closed lines of one sshd login share host, user and PID, but a stream may hold only some of them",
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
        let variant = ctx.variant % RELAYED_COUNT;
        let time = ctx.time;
        // A session of a user named by an override is that user's login, not root's cron job.
        let user_pinned = ctx.pinned_user(&["user"]).is_some();
        let cron = matches!(variant, SESSION_OPENED | SESSION_CLOSED) && ctx.rng.chance(300) && !user_pinned;
        let app = match variant {
            SUDO => "sudo",
            _ if cron => "CRON",
            USERADD => "useradd",
            _ => "sshd",
        };
        // The lines of one sshd login share the host, the user and the PID of the sshd
        // process. They are drawn from the login's slot (see `login_slot`), so that event N
        // stays a function of the seed and N alone.
        let (host, drawn_user, pid) = match login_slot(ctx, variant, cron) {
            Some(slot) => draw_login(world, slot),
            None => {
                let host = pick_host(world, |len| ctx.rng.index(len));
                let user = ctx.rng.index(world.users.len());
                // sudo writes no PID, so it draws none.
                let pid = if variant == SUDO { 0 } else { ctx.rng.range(800, 65_000) };
                (host, user, pid)
            }
        };
        let user_index = ctx.pinned_user(&["user"]).unwrap_or(drawn_user);
        let user = &world.users[user_index];

        fields.with("timestamp", |out| time.write_bsd(out, 0));
        fields.str("hostname", &host.hostname);
        fields.str("app_name", app);
        if variant != SUDO {
            fields.int("pid", pid as i64);
        }
        match variant {
            SSH_PASSWORD | SSH_PUBLICKEY | SSH_FAILED | SSH_INVALID => {
                let internal = variant != SSH_INVALID && !ctx.rng.chance(100);
                let source_ip = if internal { world.workstation_of(ctx.rng.index(world.users.len())).ip } else { *ctx.rng.pick(&world.external_addresses) };
                if variant == SSH_INVALID {
                    fields.str("user", ctx.rng.pick_str(INVALID_USERS));
                } else {
                    fields.str("user", &user.username);
                }
                fields.ipv4("src_ip", source_ip);
                fields.int("src_port", ctx.rng.range(32_768, 60_999) as i64);
                if variant == SSH_PUBLICKEY {
                    fields.str("auth_method", "publickey");
                    fields.str("key_type", ctx.rng.pick_str(KEY_TYPES));
                    fields.with("key_fingerprint", |out| {
                        out.push_str("SHA256:");
                        ctx.rng.alphanumeric_into(out, 43);
                    });
                } else if variant != SSH_INVALID {
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
                let service = if cron { "cron" } else { "sshd" };
                fields.str("pam_service", service);
                let name = if service == "cron" { "root" } else { user.username.as_str() };
                fields.str("user", name);
                if variant == SESSION_OPENED {
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
        let file = variant >= RELAYED_COUNT;
        let variant = variant % RELAYED_COUNT;
        let severity = if matches!(variant, SSH_FAILED | SSH_INVALID) { severity::WARNING } else { severity::INFORMATIONAL };
        let (timestamp, hostname, app_name, pid) = (get("timestamp"), get("hostname"), get("app_name"), fields.get("pid"));
        let priority = (!file).then_some((facility::AUTHPRIV, severity));
        syslog3164::write_optional_priority_with(out, priority, timestamp, hostname, app_name, pid, |message| {
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
        let (variant, file, fields) = read::read_line(line)?;
        let variant = match VARIANTS[..RELAYED_COUNT].iter().position(|v| v.name == variant) {
            Some(index) if file => VARIANTS[RELAYED_COUNT + index].name,
            _ => variant,
        };
        Ok(Some(Parsed { variant: Some(variant), fields }))
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        ocsf::to_ocsf(parsed, options, &META)
    }
}

/// Returns the slot of the sshd login that event `ctx.index` of `variant` belongs to, or `None`
/// for an event of no login. Slot N is the login that event N accepts when it is an
/// `Accepted` line. The session opened line of an event belongs to the login of the event
/// before it, as the two lines follow each other in a real log, and a session closed line to
/// the login that `closed_login_slot` assigns it. A slot whose event is not an `Accepted` line
/// is a login whose other lines the stream does not hold. Slots below 0 are logins before the
/// stream began.
fn login_slot(ctx: &GenContext<'_>, variant: usize, cron: bool) -> Option<i64> {
    let index = ctx.index as i64;
    match variant {
        SSH_PASSWORD | SSH_PUBLICKEY => Some(index),
        SESSION_OPENED if !cron => Some(index - 1),
        SESSION_CLOSED if !cron => Some(closed_login_slot(ctx.world, ctx.index)),
        _ => None,
    }
}

/// Number of events in one window of `closed_login_slot`.
const CLOSE_WINDOW: u64 = 32;

/// Returns the slot of the login that a session closed line at event `index` closes.
///
/// The events fall into windows of `CLOSE_WINDOW`. Event `p` of window `w` closes slot
/// `(w - 1) * CLOSE_WINDOW + order[p] - 1`, where `order` is a shuffle of `0..CLOSE_WINDOW`
/// that depends only on the world and `w`. A shuffle is a bijection and each window maps to
/// its own range of slots, so no two events of a stream close the same login. The slot is a
/// function of the world and `index` alone, so an index range generated alone closes the same
/// logins as in a full run. It lies 2 to 64 events before the line, so the login's session
/// opened line, at the event after the slot, comes before the close.
fn closed_login_slot(world: &World, index: u64) -> i64 {
    let window = index / CLOSE_WINDOW;
    let position = (index % CLOSE_WINDOW) as usize;
    let hash = close_order_key(world).hash_u64(window);
    let mut order: [u8; CLOSE_WINDOW as usize] = std::array::from_fn(|slot| slot as u8);
    // Fisher-Yates, with SplitMix64 values of the window's hash in place of a random stream.
    for last in (1..order.len()).rev() {
        let pick = (u128::from(splitmix64(hash ^ last as u64)) * (last as u128 + 1)) >> 64;
        order.swap(last, pick as usize);
    }
    (window as i64 - 1) * CLOSE_WINDOW as i64 + i64::from(order[position]) - 1
}

/// Returns the key of the shuffles of `closed_login_slot`. Like `login_table_key`, it depends
/// only on the world.
fn close_order_key(world: &World) -> StreamKey {
    StreamKey::new(fnv1a(world.domain_sid.as_bytes()), "linux_auth/closes")
}

/// Returns the key of the table of sshd logins. It depends only on the world, so every event
/// of a login draws the same values from the login's slot.
fn login_table_key(world: &World) -> StreamKey {
    StreamKey::new(fnv1a(world.domain_sid.as_bytes()), "linux_auth/logins")
}

/// Draws the host, user index and sshd PID of the login in table slot `slot`. They come from
/// SplitMix64 values of the slot's hash, which costs fewer instructions than building an
/// event stream for the slot.
fn draw_login(world: &World, slot: i64) -> (&Host, usize, u64) {
    let hash = login_table_key(world).hash_u64(slot as u64);
    // Maps the `n`th value of the slot onto `0..len`, as a multiply-high does.
    let below = |n: u64, len: u64| ((u128::from(splitmix64(hash ^ n)) * u128::from(len)) >> 64) as u64;
    let host = pick_host(world, |len| below(1, len as u64) as usize);
    let user = below(2, world.users.len() as u64) as usize;
    (host, user, 800 + below(3, 64_201))
}

/// Draws the host that logs an event, with `index` choosing among `len` hosts: a Linux
/// server. A small world may have no Linux server: then a host that is not Windows (a macOS
/// workstation runs sshd and sudo too), and only in a world of Windows hosts any host.
fn pick_host(world: &World, mut index: impl FnMut(usize) -> usize) -> &Host {
    let is_linux_server = |host: &&Host| !host.windows && host.role == HostRole::Server;
    let linux_servers = world.servers().iter().filter(is_linux_server);
    // Counted and then walked again instead of collected, so no event allocates a list.
    match linux_servers.clone().count() {
        0 => {
            let other_unix = world.hosts.iter().filter(|host| !host.windows);
            match other_unix.clone().count() {
                0 => &world.hosts[index(world.hosts.len())],
                count => other_unix.clone().nth(index(count)).unwrap_or(&world.hosts[0]),
            }
        }
        count => linux_servers.clone().nth(index(count)).unwrap_or(&world.hosts[0]),
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
