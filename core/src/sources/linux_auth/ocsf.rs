//! Mapping auth.log events to OCSF 1.8 records.
//!
//! | Events | Class | Activity |
//! |---|---|---|
//! | sshd logins and login failures, PAM authentication results, PAM sessions, `Starting session`, logind sessions | Authentication (3002) | Logon, Logoff |
//! | sudo, su, and PAM sessions of the sudo and su services | Authentication (3002) | Account Switch |
//! | sshd connections: opened, closed, reset, refused, failed before authentication | SSH Activity (4007) | Open, Close, Reset, Refuse, Fail |
//! | useradd, userdel, password changes, password locks | Account Change (3001) | Create, Delete, Password Change, Lock, Unlock |
//! | groupadd, groupdel, group membership | Group Management (3006) | Create, Delete, Add User, Remove User |
//! | sshd `error:` and `fatal:` messages no other row covers, PAM module failures | Application Error (6008) | General Error |
//! | other messages of auth.log programs | Base Event (0) | Other |
//!
//! SSH Activity, the Network Activity subclass for SSH, is used for connection events rather
//! than Network Activity (4001) because they name no more than the SSH connection.

use serde_json::Value;

use super::read::{Side, DST, SRC};
use super::variant;
use crate::field_map::FieldMap;
use crate::error::ParseError;
use crate::ocsf::{self, class, Object, RecordBuilder};
use crate::sources::{ParseOptions, Parsed, SourceMeta};

/// PAM services of sudo, su and runuser, whose sessions and failures are account switches.
const SWITCH_SERVICES: &[&str] = &["sudo", "sudo-i", "su", "su-l", "runuser", "runuser-l"];

/// Writes [`unmapped_path`] from the list of field names, with each path made at compile time.
macro_rules! unmapped_paths {
    ($($name:literal),* $(,)?) => {
        /// Returns the path under `unmapped` of a vendor field that no OCSF attribute takes.
        fn unmapped_path(name: &str) -> Option<&'static str> {
            match name {
                $($name => Some(concat!("unmapped.", $name)),)*
                _ => None,
            }
        }
    };
}

unmapped_paths![
    "command",
    "pwd",
    "env",
    "target_group",
    "key_type",
    "key_fingerprint",
    "key_certificate",
    "key_file",
    "protocol",
    "pam_module",
    "pam_type",
    "pam_result",
    "session_kind",
    "banner",
    "preauth",
    "level",
    "auth_stage",
    "user_status",
    "logname",
    "remote_user",
    "caller_uid",
    "caller_euid",
    "more_failures",
    "tally",
    "by_uid",
    "gid",
    "home",
    "shell",
    "from_tty",
];

/// The OCSF class and activity of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mapping {
    /// Authentication with its `activity_id` and `status_id`.
    Authentication(u32, u32),
    /// SSH Activity with its `activity_id` and `status_id` (0 when the event gives none).
    Ssh(u32, u32),
    /// Account Change with its `activity_id`.
    AccountChange(u32),
    /// Group Management with its `activity_id`.
    GroupManagement(u32),
    ApplicationError,
    BaseEvent,
}

const LOGON: u32 = 1;
const LOGOFF: u32 = 2;
const ACCOUNT_SWITCH: u32 = 7;
const SUCCESS: u32 = ocsf::status::SUCCESS;
const FAILURE: u32 = ocsf::status::FAILURE;
const OTHER_STATUS: u32 = 99;

fn mapping(variant: &str, pam_service: Option<&str>) -> Option<Mapping> {
    use Mapping::{AccountChange, ApplicationError, Authentication, BaseEvent, GroupManagement, Ssh};
    let switch = pam_service.is_some_and(|s| SWITCH_SERVICES.contains(&s));
    Some(match variant {
        "ssh_accepted_password" | "ssh_accepted_publickey" | "ssh_accepted_other" | "ssh_key_accepted" | "ssh_session_started" | "logind_session_opened" | "pam_auth_success" | "pam_account_granted" | "login_success" => {
            Authentication(LOGON, SUCCESS)
        }
        "session_opened" if switch => Authentication(ACCOUNT_SWITCH, SUCCESS),
        "session_opened" => Authentication(LOGON, SUCCESS),
        "pam_auth_failure" if switch => Authentication(ACCOUNT_SWITCH, FAILURE),
        "ssh_failed_password" | "ssh_auth_failure" | "ssh_invalid_user" | "ssh_user_not_allowed" | "ssh_max_auth_attempts" | "ssh_root_login_refused" | "pam_auth_failure" | "pam_more_failures" | "pam_account_locked" | "pam_account_denied" | "pam_max_retries" | "login_failure" => {
            Authentication(LOGON, FAILURE)
        }
        "ssh_auth_partial" => Authentication(LOGON, OTHER_STATUS),
        "session_closed" | "logind_session_closed" => Authentication(LOGOFF, SUCCESS),
        "sudo_command" | "su_success" => Authentication(ACCOUNT_SWITCH, SUCCESS),
        "sudo_failure" | "su_failure" => Authentication(ACCOUNT_SWITCH, FAILURE),
        "ssh_connection_opened" => Ssh(1, SUCCESS),
        "ssh_connection_closed" | "ssh_disconnected" => Ssh(2, SUCCESS),
        "ssh_connection_reset" => Ssh(3, ocsf::status::UNKNOWN),
        "ssh_no_identification" | "ssh_bad_protocol" | "ssh_timeout" | "ssh_connection_failed" => Ssh(4, FAILURE),
        "ssh_negotiation_failed" => Ssh(5, FAILURE),
        "useradd" => AccountChange(1),
        "passwd_change" => AccountChange(3),
        "userdel" => AccountChange(6),
        "account_locked" => AccountChange(9),
        "account_unlocked" => AccountChange(12),
        "group_member_added" => GroupManagement(3),
        "group_member_removed" => GroupManagement(4),
        "groupdel" => GroupManagement(5),
        "groupadd" => GroupManagement(6),
        variant::ERROR | "pam_module_error" => ApplicationError,
        variant::OTHER => BaseEvent,
        _ => return None,
    })
}

/// Maps one parsed auth.log event to an OCSF record.
///
/// # Errors
/// Returns a [`ParseError`] when the timestamp is malformed, when the event has none and no
/// received time is set, or when the variant is not one the reader produces.
pub(super) fn to_ocsf(parsed: &Parsed, options: &ParseOptions, meta: &SourceMeta) -> Result<Object, ParseError> {
    let fields = &parsed.fields;
    let own_time = text(fields, "timestamp").map(|t| options.syslog_time(t)).transpose()?;
    let time = options.event_time(own_time)?;
    // A file twin maps as the variant it is the twin of.
    let variant = parsed.variant.unwrap_or("");
    let variant = variant.strip_prefix(super::FILE_PREFIX).unwrap_or(variant);
    let mapping = mapping(variant, text(fields, "pam_service"))
        .ok_or_else(|| ParseError::new(0, format!("no OCSF mapping for linux_auth event '{variant}'")))?;

    let mut record = match mapping {
        Mapping::Authentication(activity_id, status_id) => {
            let mut record = RecordBuilder::new(class::AUTHENTICATION, activity_id, time, meta);
            authentication(&mut record, fields, variant, activity_id);
            set_status(&mut record, status_id);
            record
        }
        Mapping::Ssh(activity_id, status_id) => {
            let mut record = RecordBuilder::new(class::SSH_ACTIVITY, activity_id, time, meta);
            ssh_activity(&mut record, fields);
            set_status(&mut record, status_id);
            record
        }
        Mapping::AccountChange(activity_id) => {
            let mut record = RecordBuilder::new(class::ACCOUNT_CHANGE, activity_id, time, meta);
            set_user(&mut record, &USER, text(fields, "user").unwrap_or("unknown"));
            record.set_str("user.uid", id_text(fields, "uid").as_deref());
            set_actor(&mut record, fields);
            set_status(&mut record, SUCCESS);
            record
        }
        Mapping::GroupManagement(activity_id) => {
            let mut record = RecordBuilder::new(class::GROUP_MANAGEMENT, activity_id, time, meta);
            record.set("group.name", text(fields, "group").unwrap_or("unknown"));
            record.set_str("group.uid", id_text(fields, "gid").as_deref());
            if let Some(user) = text(fields, "user") {
                set_user(&mut record, &USER, user);
            }
            set_actor(&mut record, fields);
            set_status(&mut record, SUCCESS);
            record
        }
        Mapping::ApplicationError => {
            let mut record = RecordBuilder::new(class::APPLICATION_ERROR, 1, time, meta);
            let fatal = text(fields, "level") == Some("fatal");
            record.severity(if fatal { ocsf::severity::MEDIUM } else { ocsf::severity::LOW });
            set_status(&mut record, FAILURE);
            set_process_unmapped(&mut record, fields);
            record
        }
        Mapping::BaseEvent => {
            let mut record = RecordBuilder::new(class::BASE_EVENT, 99, time, meta);
            set_process_unmapped(&mut record, fields);
            record
        }
    };

    if let Some(hostname) = text(fields, "hostname") {
        // `device.type_id` is required; auth.log does not say what kind of host wrote it.
        record.set("device.hostname", hostname).set("device.type_id", 0);
    }
    record.set_str("status_detail", text(fields, "reason"));
    record.set_opt("count", fields.get("repeat_count").and_then(Value::as_i64));
    record.set_str("message", text(fields, "message"));
    set_unmapped(&mut record, fields);
    Ok(record.build())
}

fn authentication(record: &mut RecordBuilder, fields: &FieldMap, variant: &str, activity_id: u32) {
    let service = service_name(fields, variant);
    record.set("service.name", service);
    record.set_str("dst_endpoint.hostname", text(fields, "hostname"));
    set_endpoint(record, &SRC_ENDPOINT, fields, &SRC);

    // In an account switch the user is the target and the actor the invoking user:
    // `alice : ... USER=root` (sudo), `Successful su for root by alice` (su). A PAM line names
    // the user first (`session opened for user root(uid=0) by alice(uid=1000)`), and its
    // `uid` is that user's.
    let switch = activity_id == ACCOUNT_SWITCH && (variant.starts_with("sudo") || variant.starts_with("su_"));
    if switch {
        let default_target = if variant.starts_with("sudo") { "root" } else { "unknown" };
        set_user(record, &USER, text(fields, "target_user").unwrap_or(default_target));
        if let Some(invoker) = text(fields, "user") {
            set_user(record, &ACTOR_USER, invoker);
        }
    } else {
        set_user(record, &USER, text(fields, "user").unwrap_or("unknown"));
        record.set_str("user.uid", id_text(fields, "uid").as_deref());
        if let Some(by) = text(fields, "by_user") {
            set_user(record, &ACTOR_USER, by);
        }
    }
    if activity_id == ACCOUNT_SWITCH {
        record.set("account_switch_type", "Substitute User").set("account_switch_type_id", 1);
    }
    set_actor_process(record, fields);

    match service {
        "sshd" => {
            record.set("is_remote", true);
            record.set("logon_type", "Remote Interactive").set("logon_type_id", 10);
        }
        "cron" | "CRON" | "crond" => {
            record.set("logon_type", "Batch").set("logon_type_id", 4);
        }
        "login" => {
            record.set("logon_type", "Interactive").set("logon_type_id", 2);
        }
        _ => {}
    }
    if let Some(method) = text(fields, "auth_method") {
        // OCSF lists no SSH methods; GSSAPI in OpenSSH is Kerberos 5, its only mechanism.
        match method {
            m if m.starts_with("gssapi") => record.set("auth_protocol", "Kerberos").set("auth_protocol_id", 2),
            "publickey" => record.set("auth_protocol", "SSH public key").set("auth_protocol_id", 99),
            other => record.set("auth_protocol", other).set("auth_protocol_id", 99),
        };
    }
    record.set_str("session.uid", id_text(fields, "session_id").as_deref());
    record.set_str("session.terminal", text(fields, "tty"));
}

fn ssh_activity(record: &mut RecordBuilder, fields: &FieldMap) {
    set_endpoint(record, &SRC_ENDPOINT, fields, &SRC);
    set_endpoint(record, &DST_ENDPOINT, fields, &DST);
    record.set_str("dst_endpoint.hostname", text(fields, "hostname"));
    if let Some(user) = text(fields, "user") {
        set_user(record, &ACTOR_USER, user);
    }
    set_actor_process(record, fields);
    record.set_str("app_name", text(fields, "app_name"));
    record.set_str("status_code", id_text(fields, "disconnect_code").as_deref());
}

/// Sets `status_id` and its caption; 0 (Unknown) sets neither.
fn set_status(record: &mut RecordBuilder, status_id: u32) {
    let caption = match status_id {
        SUCCESS => "Success",
        FAILURE => "Failure",
        OTHER_STATUS => "Other",
        _ => return,
    };
    record.status(status_id).set("status", caption);
    if status_id == FAILURE {
        record.severity(ocsf::severity::LOW);
    }
}

/// Returns the service the event belongs to: the PAM service, the program, or the program
/// that writes the message form when a collector stripped the program name.
fn service_name<'a>(fields: &'a FieldMap, variant: &str) -> &'a str {
    if let Some(service) = text(fields, "pam_service") {
        return service;
    }
    match text(fields, "app_name") {
        Some("sshd-session" | "sshd-auth") => "sshd",
        Some(app) => app,
        // sshd sets the PAM terminal to `ssh`, so libpam's own lines name it that way.
        None if variant.starts_with("ssh_") || text(fields, "tty") == Some("ssh") => "sshd",
        None if variant.starts_with("sudo_") => "sudo",
        None if variant.starts_with("su_") => "su",
        None if variant.starts_with("logind_") => "systemd-logind",
        None if variant.starts_with("login_") => "login",
        None => "pam",
    }
}

/// The paths of the attributes of one OCSF user object.
struct UserPaths {
    name: &'static str,
    domain: &'static str,
}

const USER: UserPaths = UserPaths {
    name: "user.name",
    domain: "user.domain",
};

const ACTOR_USER: UserPaths = UserPaths {
    name: "actor.user.name",
    domain: "actor.user.domain",
};

/// Sets the user's `name`, splitting `name@domain` and `DOMAIN\name` (the forms SSSD and
/// winbind give domain users) into `name` and `domain`.
fn set_user(record: &mut RecordBuilder, paths: &UserPaths, user: &str) {
    let (name, domain) = match (user.split_once('\\'), user.rsplit_once('@')) {
        (Some((domain, name)), _) if !domain.is_empty() && !name.is_empty() => (name, Some(domain)),
        (_, Some((name, domain))) if !name.is_empty() && domain.contains('.') => (name, Some(domain)),
        _ => (user, None),
    };
    record.set(paths.name, name);
    record.set_str(paths.domain, domain);
}

/// Sets `actor.user` from `by_user` (the user who changed a password) and the process.
fn set_actor(record: &mut RecordBuilder, fields: &FieldMap) {
    if let Some(by) = text(fields, "by_user") {
        set_user(record, &ACTOR_USER, by);
    }
    set_actor_process(record, fields);
}

/// Sets `actor.process` to the program that wrote the line, when its pid is known (OCSF
/// needs a pid, uid or cpid for a process).
fn set_actor_process(record: &mut RecordBuilder, fields: &FieldMap) {
    if let Some(pid) = fields.get("pid").and_then(Value::as_i64) {
        record.set("actor.process.pid", pid);
        record.set_str("actor.process.name", text(fields, "app_name"));
    }
}

/// Keeps the program and pid under `unmapped` for the classes without an `actor`.
fn set_process_unmapped(record: &mut RecordBuilder, fields: &FieldMap) {
    record.set_str("unmapped.app_name", text(fields, "app_name"));
    record.set_opt("unmapped.pid", fields.get("pid").and_then(Value::as_i64));
}

/// The paths of the attributes of one OCSF network endpoint.
struct EndpointPaths {
    ip: &'static str,
    hostname: &'static str,
    port: &'static str,
}

const SRC_ENDPOINT: EndpointPaths = EndpointPaths {
    ip: "src_endpoint.ip",
    hostname: "src_endpoint.hostname",
    port: "src_endpoint.port",
};

const DST_ENDPOINT: EndpointPaths = EndpointPaths {
    ip: "dst_endpoint.ip",
    hostname: "dst_endpoint.hostname",
    port: "dst_endpoint.port",
};

/// Sets `ip` or `hostname` and `port` of an endpoint from the fields of one side.
fn set_endpoint(record: &mut RecordBuilder, paths: &EndpointPaths, fields: &FieldMap, side: &Side) {
    record.set_str(paths.ip, text(fields, side.ip));
    record.set_str(paths.hostname, text(fields, side.host));
    let port = fields.get(side.port).and_then(Value::as_i64).filter(|p| (0..=65_535).contains(p));
    record.set_opt(paths.port, port);
}

/// Keeps the vendor fields that no OCSF attribute takes under `unmapped`, in the order of the
/// line. A walk over the line's few fields costs less than a search for each listed name.
fn set_unmapped(record: &mut RecordBuilder, fields: &FieldMap) {
    for (name, value) in fields.iter() {
        if let Some(path) = unmapped_path(name) {
            record.set(path, value.clone());
        }
    }
}

fn text<'a>(fields: &'a FieldMap, name: &str) -> Option<&'a str> {
    fields.get(name).and_then(Value::as_str).filter(|v| !v.is_empty())
}

/// Returns an id as text, as OCSF `uid` attributes are strings.
fn id_text(fields: &FieldMap, name: &str) -> Option<String> {
    match fields.get(name)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}
