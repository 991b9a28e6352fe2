//! OCSF mapping of Windows events, by class:
//! - Authentication (3002), also for Network Policy Server, AD FS auditing and Remote
//!   Desktop Services session events;
//! - Authorize Session (3003, for 4672), Process Activity (1007), Account Change (3001),
//!   Group Management (3006), Scheduled Job Activity (1006), Event Log Activity (1008);
//! - Network Activity (4001) for Windows Filtering Platform connections and Sysmon event 3;
//! - for Sysmon events 1, 2, 5 to 8, 10 to 15, 22, 23 and 26 to 29 (see [`super::sysmon`]):
//!   Process Activity, Kernel Extension Activity (1002), Module Activity (1005), File Activity
//!   (1001), DNS Activity (4003) and the Windows extension's Registry Key and Registry Value
//!   Activity (201001, 201002);
//! - File System Activity for the object access events of files (see [`super::file_access`]);
//! - Script Activity (1009) for PowerShell script blocks and Windows Service Activity (201004)
//!   for service installations (see [`super::script_service`]);
//! - SMB Activity (4006) for share access.
//!
//! Every other event id becomes a Base Event (class 0, activity Other) with its EventData
//! under `unmapped`. Every record names the acting user (see [`super::actors`]) as
//! `actor.user` unless its class mapping placed the accounts itself.

use serde_json::Value;

use super::actors::{self, set_destination, set_source};
use super::read::event_id;
use super::{file_access, script_service, sysmon};
use crate::field_map::FieldMap;
use crate::error::ParseError;
use crate::ocsf::{self, class, Node, Object, RecordBuilder};
use crate::sources::{ParseOptions, Parsed, SourceMeta};
use crate::timestamp::{parse_date_time, parse_date_time_local, parse_rfc3339_local, Timestamp};

/// Read access to parsed Windows fields.
pub(super) struct View<'a> {
    pub(super) fields: &'a FieldMap,
}

impl<'a> View<'a> {
    pub(super) fn get(&self, name: &str) -> Option<&'a str> {
        self.fields.get(name).and_then(Value::as_str)
    }

    /// An EventData (or UserData) item, `None` when absent, empty or `-`.
    pub(super) fn data(&self, name: &str) -> Option<&'a str> {
        let value = self
            .fields
            .get(&super::prefixed("EventData.", name))
            .or_else(|| self.fields.get(&super::prefixed("UserData.", name)))
            .and_then(Value::as_str)?
            .trim();
        (!value.is_empty() && value != "-").then_some(value)
    }

    fn number(&self, name: &str) -> Option<i64> {
        match self.fields.get(name)? {
            Value::Number(number) => number.as_i64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        }
    }
}

/// Reads a hexadecimal (`0x1a4c`) or decimal number as Windows writes ids and status codes.
pub(super) fn parse_number(text: &str) -> Option<i64> {
    let text = text.trim();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

/// The Audit Failure bit of the event keywords (`0x8010000000000000` on a failed attempt).
pub(super) const AUDIT_FAILURE: u64 = 0x0010_0000_0000_0000;

/// Reads the keywords mask, written `0x8020000000000000`, which needs all 64 bits.
pub(super) fn keywords(text: &str) -> Option<u64> {
    let text = text.trim();
    let hex = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X"))?;
    u64::from_str_radix(hex, 16).ok()
}

/// True when the event reports a failed attempt: its keywords have the Audit Failure bit, or
/// an agent's rendered event type or keywords (`AUDIT_FAILURE`, `Audit Failure`) name it.
fn audit_failure(view: &View<'_>) -> bool {
    let failure_bit = view.get("Keywords").and_then(keywords).is_some_and(|mask| mask & AUDIT_FAILURE != 0);
    let rendered = ["RenderingInfo.EventType", "RenderingInfo.Keywords"]
        .iter()
        .filter_map(|name| view.get(name))
        .any(|text| text.to_ascii_uppercase().contains("FAILURE"));
    failure_bit || rendered
}

pub(super) fn basename(path: &str) -> &str {
    path.rsplit(['\\', '/']).next().unwrap_or(path)
}

/// Returns `TimeCreated SystemTime`, or `None` when the event has none. A time without a zone
/// (NXLog's `EventTime` and the classic text rendering carry the host's local time) gives way
/// to Sysmon's `UtcTime` when the event has one, and is otherwise read with the options' UTC
/// offset.
fn event_time(view: &View<'_>, options: &ParseOptions) -> Result<Option<Timestamp>, ParseError> {
    let created = view.get("TimeCreated.SystemTime");
    let utc = view.data("UtcTime").and_then(|t| parse_date_time(t).ok());
    let Some(text) = created else {
        return Ok(utc);
    };
    if let (false, Some(utc)) = (has_zone(text), utc) {
        return Ok(Some(utc));
    }
    parse_rfc3339_local(text, options.utc_offset)
        .or_else(|error| match spaced_offset_as_rfc3339(text) {
            Some(rfc3339) => parse_rfc3339_local(&rfc3339, options.utc_offset),
            None => Err(error),
        })
        .or_else(|_| parse_date_time_local(text, options.utc_offset))
        .map(Some)
        .map_err(ParseError::from)
}

/// Rewrites `2026-02-03 11:22:33 +0000`, the time form of Fluent Bit's Windows inputs, as
/// RFC 3339 (`2026-02-03T11:22:33+00:00`); `None` for any other text.
fn spaced_offset_as_rfc3339(text: &str) -> Option<String> {
    let (date_time, offset) = text.trim().rsplit_once(' ')?;
    let (date, time) = date_time.split_once(' ')?;
    let sign = offset.chars().next().filter(|c| matches!(c, '+' | '-'))?;
    let digits = offset.get(1..)?.replace(':', "");
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = digits.split_at(2);
    Some(format!("{date}T{time}{sign}{hours}:{minutes}"))
}

/// True when a timestamp text ends with `Z` or a numeric offset such as `+02:00`.
fn has_zone(text: &str) -> bool {
    let text = text.trim();
    if text.ends_with(['Z', 'z']) {
        return true;
    }
    // After the `YYYY-MM-DD` date, a sign can only start an offset.
    let after_date = text.get(10..).unwrap_or("");
    after_date.contains(['+', '-'])
}

/// Maps parsed Windows fields to an OCSF record.
pub fn to_ocsf(parsed: &Parsed, options: &ParseOptions, meta: &SourceMeta) -> Result<Object, ParseError> {
    let view = View { fields: &parsed.fields };
    let id = event_id(&parsed.fields).ok_or_else(|| ParseError::new(0, "the event has no numeric EventID"))?;
    let time = options.event_time(event_time(&view, options)?)?;
    let provider = view.get("Provider.Name").unwrap_or_default();
    let sysmon = provider.contains("Sysmon") || view.get("Channel").is_some_and(|channel| channel.contains("Sysmon"));
    let adfs = provider.starts_with("AD FS");
    let session_manager = provider == "Microsoft-Windows-TerminalServices-LocalSessionManager";
    let connection_manager = provider == "Microsoft-Windows-TerminalServices-RemoteConnectionManager";
    let mut record = match id {
        4624 | 4625 | 4634 | 4647 | 4648 | 4768 | 4769 | 4770 | 4771 | 4776 | 4778 | 4779 | 4825 => authentication(&view, id, time, meta),
        6272..=6280 => radius_authentication(&view, id, time, meta),
        1200..=1203 if adfs => federation_authentication(&view, id, time, meta),
        21 | 23 | 24 | 25 if session_manager => remote_desktop_session(&view, id, time, meta),
        1149 if connection_manager => remote_desktop_session(&view, id, time, meta),
        5152..=5159 => filtered_connection(&view, id, time, meta),
        5140 | 5145 => share_access(&view, id, time, meta),
        3 if sysmon => filtered_connection(&view, id, time, meta),
        1 | 5 if sysmon => sysmon::process(&view, id, time, meta),
        2 | 11 | 15 | 23 | 26..=29 if sysmon => sysmon::file(&view, id, time, meta),
        6 if sysmon => sysmon::driver_load(&view, time, meta),
        22 if sysmon => sysmon::dns_query(&view, time, meta),
        7 if sysmon => sysmon::image_load(&view, time, meta),
        8 | 10 if sysmon => sysmon::process_access(&view, id, time, meta),
        12..=14 if sysmon => sysmon::registry(&view, id, time, meta),
        4672 => special_privileges(&view, time, meta),
        4698..=4702 => scheduled_task(&view, id, time, meta),
        4688 | 4689 => process(&view, id, time, meta),
        4720 | 4722 | 4723 | 4724 | 4725 | 4726 | 4738 | 4740 | 4767 => account_change(&view, id, time, meta),
        4727..=4735 | 4737 | 4754..=4758 | 4764 => group_management(&view, id, time, meta),
        104 | 1100 | 1102 => event_log(&view, id, time, meta),
        4656 | 4660 | 4663 | 4670 if file_access::is_file_access(&view, id) => file_access::file_access(&view, id, time, meta),
        4104 if script_service::is_script_block(&view, id) => script_service::script_block(&view, time, meta),
        7045 | 4697 if script_service::is_service_install(&view, id) => script_service::service_install(&view, time, meta),
        _ => base_event(&view, time, meta),
    };
    common(&view, id, &mut record);
    Ok(record.build())
}

/// Sets the attributes every Windows record carries: metadata, device, message, and the
/// acting user as `actor.user` when the class mapping set none.
fn common(view: &View<'_>, id: i64, record: &mut RecordBuilder) {
    let has_actor_user = record.get("actor").is_some_and(|actor| actor.get("user").is_some());
    if !has_actor_user {
        let user_name = record.get("user").and_then(|user| user.get("name")).and_then(Node::as_str);
        let acting = actors::acting_user(view).filter(|account| account.name.is_none() || account.name.as_deref() != user_name);
        if let Some(account) = acting {
            account.set(record, "actor.user");
        }
    }
    record.set("metadata.event_code", id.to_string());
    if let Some(number) = view.number("EventRecordID") {
        record.set("metadata.uid", number.to_string());
    }
    record.set_str("metadata.log_name", view.get("Channel"));
    record.set_str("metadata.log_provider", view.get("Provider.Name"));
    match view.get("Computer").filter(|c| !c.trim().is_empty()) {
        Some(computer) => record.set("device.hostname", computer),
        None => record.set("device.name", "unknown"),
    };
    record.set("device.type_id", 0);
    record.set("device.os.name", "Windows").set("device.os.type_id", 100);
    record.set_str("message", view.get("RenderingInfo.Message"));
}

/// Sets `path.name`, `path.uid` and `path.domain` from `<prefix>UserName`, `<prefix>UserSid`
/// (or `<prefix>Sid`) and `<prefix>DomainName`; returns false when there is no name or SID.
fn set_user(view: &View<'_>, record: &mut RecordBuilder, path: &str, prefix: &str) -> bool {
    let name = view.data(&format!("{prefix}UserName"));
    let sid = view
        .data(&format!("{prefix}UserSid"))
        .or_else(|| view.data(&format!("{prefix}Sid")))
        .filter(|sid| *sid != "S-1-0-0");
    if name.is_none() && sid.is_none() {
        return false;
    }
    record.set_str(format!("{path}.name"), name);
    record.set_str(format!("{path}.uid"), sid);
    record.set_str(format!("{path}.domain"), view.data(&format!("{prefix}DomainName")));
    true
}

/// Returns the OCSF caption of a Windows LogonType number, which OCSF `logon_type_id` values
/// equal. Falcon reports the same numbers.
pub(crate) fn logon_type_caption(logon_type: i64) -> Option<&'static str> {
    Some(match logon_type {
        0 => "System",
        2 => "Interactive",
        3 => "Network",
        4 => "Batch",
        5 => "OS Service",
        7 => "Unlock",
        8 => "Network Cleartext",
        9 => "New Credentials",
        10 => "Remote Interactive",
        11 => "Cached Interactive",
        12 => "Cached Remote Interactive",
        13 => "Cached Unlock",
        _ => return None,
    })
}

/// Text of the FailureReason message ids of 4625.
fn failure_reason(code: &str) -> Option<&'static str> {
    Some(match code {
        "%%2304" => "An Error occured during Logon.",
        "%%2305" => "The specified user account has expired.",
        "%%2307" => "Account locked out.",
        "%%2308" => "The NetLogon component is not active.",
        "%%2309" => "The specified account's password has expired.",
        "%%2310" => "Account currently disabled.",
        "%%2311" => "Account logon time restriction violation.",
        "%%2312" => "User not allowed to logon at this computer.",
        "%%2313" => "Unknown user name or bad password.",
        _ => return None,
    })
}

fn authentication(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let activity_id = match id {
        4634 | 4647 | 4779 => 2,
        4768 => 3,
        4769 => 4,
        4770 => 5,
        4771 => 6,
        _ => 1,
    };
    let status = view.data("Status").filter(|s| parse_number(s) != Some(0));
    let failed = matches!(id, 4625 | 4771 | 4825) || status.is_some();
    let mut record = RecordBuilder::new(class::AUTHENTICATION, activity_id, time, meta);
    record.status(if failed { ocsf::status::FAILURE } else { ocsf::status::SUCCESS });
    record.set("status", if failed { "Failure" } else { "Success" });
    if failed {
        record.severity(ocsf::severity::LOW);
        let code = view.data("SubStatus").filter(|s| parse_number(s) != Some(0)).or(status);
        record.set_str("status_code", code);
        record.set_opt("status_detail", view.data("FailureReason").and_then(failure_reason));
    }

    if !set_user(view, &mut record, "user", "Target") {
        // 4778, 4779 and 4825 name the account in AccountName.
        let name = view.data("AccountName").unwrap_or("unknown");
        record.set("user.name", name);
        record.set_str("user.domain", view.data("AccountDomain"));
    }
    set_user(view, &mut record, "actor.user", "Subject");
    if let Some(pid) = view.data("ProcessId").and_then(parse_number).filter(|pid| *pid > 0) {
        record.set("actor.process.pid", pid);
        record.set_str("actor.process.path", view.data("ProcessName"));
        record.set_opt("actor.process.name", view.data("ProcessName").map(basename));
    }

    if let Some(logon_type) = view.data("LogonType").and_then(parse_number) {
        match logon_type_caption(logon_type) {
            Some(caption) => record.set("logon_type_id", logon_type).set("logon_type", caption),
            None => record.set("logon_type_id", 99).set("logon_type", logon_type.to_string()),
        };
        record.set("is_remote", matches!(logon_type, 3 | 8 | 10 | 12));
    }
    let package = view.data("AuthenticationPackageName").or_else(|| view.data("PackageName"));
    match (id, package) {
        (4768..=4771, _) | (_, Some("Kerberos")) => record.set("auth_protocol_id", 2).set("auth_protocol", "Kerberos"),
        (4776, _) | (_, Some("NTLM")) => record.set("auth_protocol_id", 1).set("auth_protocol", "NTLM"),
        (_, Some(other)) => record.set("auth_protocol_id", 99).set("auth_protocol", other),
        _ => &mut record,
    };
    record.set_str("session.uid", view.data("TargetLogonId").or_else(|| view.data("LogonID")));
    let logon_guid = view.data("LogonGuid").map(|g| g.trim_matches(['{', '}'])).filter(|g| !g.starts_with("00000000"));
    record.set_str("session.uuid", logon_guid);

    set_source(view, &mut record);
    let destination = if id == 4648 { view.data("TargetServerName") } else { view.get("Computer") };
    record.set_str("dst_endpoint.hostname", destination);
    record.set_str("service.name", view.data("ServiceName"));
    record
}

/// Network Policy Server events 6272 to 6280 as Authentication, Logon: the RADIUS request of
/// a user (`SubjectUserName`) from a client station (`CallingStationID`) to an
/// authentication server. Events 6272 and 6278 granted access, while 6273, 6274 and 6276
/// denied, discarded or quarantined the request.
fn radius_authentication(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::AUTHENTICATION, 1, time, meta);
    let failed = matches!(id, 6273 | 6274 | 6276);
    record.status(if failed { ocsf::status::FAILURE } else { ocsf::status::SUCCESS });
    if failed {
        record.severity(ocsf::severity::LOW);
        record.set_str("status_code", view.data("ReasonCode"));
        record.set_str("status_detail", view.data("Reason"));
    }
    match actors::subject(view) {
        Some(account) => account.set(&mut record, "user"),
        None => {
            record.set("user.name", "unknown");
        }
    }
    record.set_str("user.full_name", view.data("FullyQualifiedSubjectUserName"));
    // The source is the calling station. ClientName and ClientIPAddress name the RADIUS
    // client (the access server that relayed the request), so the generic source lookup,
    // which reads ClientName as a host name, does not apply.
    let calling_station = view.data("CallingStationID");
    match calling_station.and_then(actors::address) {
        Some((ip, _)) => {
            record.set("src_endpoint.ip", ip.to_string());
        }
        None => {
            // A wireless or wired 802.1X station is named by its MAC address, written with
            // dashes. The identifier is also the endpoint's uid, because OCSF requires an ip,
            // uid, name or hostname on an endpoint.
            if let Some(station) = calling_station.filter(|station| is_mac(station)) {
                record.set("src_endpoint.mac", station.replace('-', ":").to_ascii_lowercase());
                record.set("src_endpoint.uid", station);
            }
        }
    }
    set_destination(view, &mut record);
    record.set_str("auth_protocol", view.data("AuthenticationType"));
    if view.data("AuthenticationType").is_some() {
        record.set("auth_protocol_id", 99);
    }
    record
}

/// True for a MAC address written as six pairs of hex digits separated by `-` or `:`.
fn is_mac(text: &str) -> bool {
    let pairs: Vec<&str> = text.split(['-', ':']).collect();
    pairs.len() == 6 && pairs.iter().all(|pair| pair.len() == 2 && pair.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Events 5140 and 5145 as SMB Activity: a client (`IpAddress`) accessed a network share,
/// or was checked for access to a file in one (`RelativeTargetName`).
fn share_access(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let activity_id = if id == 5145 { 2 } else { 99 };
    let mut record = RecordBuilder::new(SMB_ACTIVITY, activity_id, time, meta);
    let keywords = view.get("RenderingInfo.Keywords").or_else(|| view.get("RenderingInfo.EventType")).unwrap_or_default();
    let failed = keywords.to_ascii_uppercase().contains("FAILURE");
    record.status(if failed { ocsf::status::FAILURE } else { ocsf::status::SUCCESS });
    record.set_str("share", view.data("ShareName"));
    if let Some(target) = view.data("RelativeTargetName") {
        record.set("file.name", basename(target)).set("file.path", target).set("file.type_id", 0);
    }
    set_source(view, &mut record);
    record.set_str("dst_endpoint.hostname", view.get("Computer"));
    record
}

/// OCSF SMB Activity.
pub(super) const SMB_ACTIVITY: u32 = 4006;

/// Remote Desktop Services session events as Authentication. The LocalSessionManager logs
/// logon (21), logoff (23), disconnect (24) and reconnect (25), with `User` and `Address` for
/// the account and the client. The RemoteConnectionManager's 1149 has the user, domain and
/// client address in `Param1`, `Param2` and `Param3`. A disconnect maps to Logoff as 4779
/// does.
fn remote_desktop_session(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let activity_id = if matches!(id, 23 | 24) { 2 } else { 1 };
    let mut record = RecordBuilder::new(class::AUTHENTICATION, activity_id, time, meta);
    record.status(ocsf::status::SUCCESS);
    record.set("status", "Success");

    let account = match view.data("User") {
        Some(user) => actors::qualified(user),
        None => actors::Account {
            name: view.data("Param1").map(str::to_string),
            domain: view.data("Param2").map(str::to_string),
            uid: None,
        },
    };
    if account.name.is_some() || account.uid.is_some() {
        account.set(&mut record, "user");
    } else {
        record.set("user.name", "unknown");
    }
    record.set_str("session.uid", view.data("SessionID"));

    // `Address` is `LOCAL` for a console session.
    let client = view.data("Address").or_else(|| view.data("Param3"));
    if let Some((ip, port)) = client.and_then(actors::address) {
        record.set("src_endpoint.ip", ip.to_string());
        record.set_opt("src_endpoint.port", port);
        record.set("logon_type_id", 10).set("logon_type", "Remote Interactive");
        record.set("is_remote", true);
    }
    record.set_str("dst_endpoint.hostname", view.get("Computer"));
    record
}

/// AD FS auditing events 1200 to 1203 as Authentication, Logon: the Federation Service
/// issued a token (1200) or validated credentials (1202), or failed to (1201, 1203). The
/// user and the client address are in the audit XML the event carries.
fn federation_authentication(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::AUTHENTICATION, 1, time, meta);
    let failed = matches!(id, 1201 | 1203);
    record.status(if failed { ocsf::status::FAILURE } else { ocsf::status::SUCCESS });
    if failed {
        record.severity(ocsf::severity::LOW);
        record.set_str("status_detail", actors::adfs_audit_value(view, "FailureType"));
    }
    let user = actors::adfs_audit_value(view, "UserId").unwrap_or("unknown");
    record.set("user.name", user);
    set_source(view, &mut record);
    record.set_str("http_request.user_agent", actors::adfs_audit_value(view, "UserAgentString"));
    record.set_str("dst_endpoint.hostname", view.get("Computer"));
    record
}

/// Windows Filtering Platform events 5152 to 5159 and Sysmon network connections (event 3)
/// as Network Activity. `src_endpoint` is the end that initiated the connection, so for an
/// inbound Filtering Platform event it is the remote end, which the event names `Destination`.
fn filtered_connection(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    // Of the listen, connection and bind events, even ids permitted and odd ids blocked. 5152
    // and 5153 dropped a packet.
    let (activity_id, allowed) = match id {
        5152 | 5153 => (6, false),
        5154 => (7, true),
        5156 | 3 => (1, true),
        5158 => (99, true),
        _ => (5, false),
    };
    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, activity_id, time, meta);
    record.status(ocsf::status::SUCCESS);
    if allowed {
        record.set("action_id", 1).set("action", "Allowed");
    } else {
        record.set("action_id", 2).set("action", "Denied");
    }

    let direction = view.data("Direction").or_else(|| view.data("Initiated"));
    let direction_id = match direction {
        Some("%%14592" | "Inbound") => Some(1),
        Some("%%14593" | "Outbound" | "true") => Some(2),
        _ => None,
    };
    // The Filtering Platform names the local end `Source` in both directions (Microsoft's pages
    // of events 5156 and 5157), so an inbound connection comes from its `Destination`.
    if direction_id == Some(1) && id != 3 {
        actors::set_address(view, &mut record, "src_endpoint", &[("EventData.DestAddress", "EventData.DestPort")]);
        actors::set_address(view, &mut record, "dst_endpoint", &[("EventData.SourceAddress", "EventData.SourcePort")]);
    } else {
        set_source(view, &mut record);
        set_destination(view, &mut record);
    }
    if let Some(direction_id) = direction_id {
        record.set("connection_info.direction_id", direction_id);
        if let Some(protocol) = view.data("Protocol").and_then(|p| p.parse::<i64>().ok()) {
            record.set("connection_info.protocol_num", protocol);
        }
    }

    let image = view.data("Application").or_else(|| view.data("Image"));
    let pid = view.data("ProcessID").or_else(|| view.data("ProcessId")).and_then(parse_number);
    if let Some(pid) = pid {
        record.set("actor.process.pid", pid);
        record.set_str("actor.process.path", image);
        record.set_opt("actor.process.name", image.map(basename));
    }
    record
}

/// 4672 as Authorize Session, Assign Privileges: the privileges of the Subject's new logon.
fn special_privileges(view: &View<'_>, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::AUTHORIZE_SESSION, 1, time, meta);
    record.status(ocsf::status::SUCCESS);
    if !set_user(view, &mut record, "user", "Subject") {
        record.set("user.name", "unknown");
    }
    record.set_str("session.uid", view.data("SubjectLogonId"));
    if let Some(list) = view.data("PrivilegeList") {
        let privileges: Vec<Value> = list.split_whitespace().map(|p| Value::String(p.to_string())).collect();
        record.set("privileges", Value::Array(privileges));
    }
    record
}

/// OCSF Scheduled Job Activity.
pub(super) const SCHEDULED_JOB_ACTIVITY: u32 = 1006;

/// 4698 to 4702: a scheduled task was created, deleted, enabled, disabled or updated.
fn scheduled_task(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let activity_id = match id {
        4698 => 1,
        4699 => 3,
        4700 => 4,
        4701 => 5,
        _ => 2,
    };
    let mut record = RecordBuilder::new(SCHEDULED_JOB_ACTIVITY, activity_id, time, meta);
    record.status(ocsf::status::SUCCESS);
    record.set("job.name", view.data("TaskName").unwrap_or("unknown"));
    set_user(view, &mut record, "actor.user", "Subject");
    record
}

/// OCSF `integrity_id` of a Windows mandatory label SID.
fn integrity(label: &str) -> Option<(i64, &'static str)> {
    Some(match label {
        "S-1-16-0" => (1, "Untrusted"),
        "S-1-16-4096" => (2, "Low"),
        "S-1-16-8192" => (3, "Medium"),
        "S-1-16-8448" => (3, "Medium"),
        "S-1-16-12288" => (4, "High"),
        "S-1-16-16384" => (5, "System"),
        "S-1-16-20480" => (6, "Protected"),
        _ => return None,
    })
}

fn process(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let launch = id == 4688;
    let mut record = RecordBuilder::new(class::PROCESS_ACTIVITY, if launch { 1 } else { 2 }, time, meta);
    record.status(ocsf::status::SUCCESS);
    let (pid_name, path_name) = if launch { ("NewProcessId", "NewProcessName") } else { ("ProcessId", "ProcessName") };
    let pid = view.data(pid_name).and_then(parse_number).unwrap_or(0);
    record.set("process.pid", pid);
    record.set_str("process.path", view.data(path_name));
    record.set_opt("process.name", view.data(path_name).map(basename));
    record.set_str("process.cmd_line", view.data("CommandLine"));
    if let Some((integrity_id, caption)) = view.data("MandatoryLabel").and_then(integrity) {
        record.set("process.integrity_id", integrity_id).set("process.integrity", caption);
    }
    if launch {
        if let Some(parent) = view.data("ProcessId").and_then(parse_number) {
            record.set("process.parent_process.pid", parent);
            record.set_str("process.parent_process.path", view.data("ParentProcessName"));
            record.set_opt("process.parent_process.name", view.data("ParentProcessName").map(basename));
        }
    } else if let Some(code) = view.data("Status").and_then(parse_number) {
        record.set("exit_code", code);
    }
    if set_user(view, &mut record, "actor.user", "Subject") {
        set_user(view, &mut record, "process.user", "Subject");
    } else {
        record.set("actor.process.pid", pid);
    }
    if let Some(target) = view.data("TargetUserName") {
        record.set("process.user.name", target);
        record.set_str("process.user.uid", view.data("TargetUserSid").filter(|sid| *sid != "S-1-0-0"));
        record.set_str("process.user.domain", view.data("TargetDomainName"));
    }
    record
}

fn account_change(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let activity_id = match id {
        4720 => 1,
        4722 => 2,
        4723 => 3,
        4724 => 4,
        4725 => 5,
        4726 => 6,
        4740 => 9,
        4767 => 12,
        _ => 99,
    };
    let mut record = RecordBuilder::new(class::ACCOUNT_CHANGE, activity_id, time, meta);
    // Windows writes 4723 and 4724 on success and on failure, and the audit keyword shows which.
    record.status(if audit_failure(view) { ocsf::status::FAILURE } else { ocsf::status::SUCCESS });
    let has_user = if id == 4740 {
        locked_out_user(view, &mut record)
    } else {
        set_user(view, &mut record, "user", "Target")
    };
    if !has_user {
        record.set("user.name", "unknown");
    }
    record.set_str("user.full_name", view.data("DisplayName").filter(|name| !name.starts_with("%%")));
    set_user(view, &mut record, "actor.user", "Subject");
    record
}

/// Sets `user` to the locked-out account of 4740 and `src_endpoint.hostname` to the caller
/// computer, which 4740 writes in `TargetDomainName`. Returns false when the event names no
/// account.
fn locked_out_user(view: &View<'_>, record: &mut RecordBuilder) -> bool {
    let name = view.data("TargetUserName");
    let sid = view
        .data("TargetSid")
        .or_else(|| view.data("TargetUserSid"))
        .filter(|sid| *sid != "S-1-0-0");
    record.set_str("user.name", name);
    record.set_str("user.uid", sid);
    let caller = view.data("TargetDomainName").map(|computer| computer.trim_start_matches('\\'));
    record.set_str("src_endpoint.hostname", caller);
    name.is_some() || sid.is_some()
}

/// Returns the common name of a distinguished name (`CN=Ann Lee,OU=...` gives `Ann Lee`).
fn common_name(dn: &str) -> Option<&str> {
    dn.strip_prefix("CN=")?.split(',').next()
}

fn group_management(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let activity_id = match id {
        4728 | 4732 | 4756 => 3,
        4729 | 4733 | 4757 => 4,
        4730 | 4734 | 4758 => 5,
        // 4735, 4737 and 4755 report a changed group, 4764 a changed group type.
        4735 | 4737 | 4755 | 4764 => 99,
        _ => 6,
    };
    let mut record = RecordBuilder::new(class::GROUP_MANAGEMENT, activity_id, time, meta);
    record.status(ocsf::status::SUCCESS);
    let group = view.data("TargetUserName").or_else(|| view.data("GroupName"));
    let group_sid = view.data("TargetSid").or_else(|| view.data("GroupSid"));
    if group.is_none() && group_sid.is_none() {
        record.set("group.name", "unknown");
    }
    record.set_str("group.name", group);
    record.set_str("group.uid", group_sid);
    record.set_str("group.domain", view.data("TargetDomainName"));
    let member = view.data("MemberName");
    let member_name = member.map(|dn| common_name(dn).unwrap_or(dn));
    let member_sid = view.data("MemberSid").filter(|sid| *sid != "S-1-0-0");
    if member_name.is_some() || member_sid.is_some() {
        record.set_str("user.name", member_name);
        record.set_str("user.uid", member_sid);
    }
    set_user(view, &mut record, "actor.user", "Subject");
    record
}

fn event_log(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let activity_id = if id == 1100 { 7 } else { 1 };
    let mut record = RecordBuilder::new(class::EVENT_LOG_ACTIVITY, activity_id, time, meta);
    record.status(ocsf::status::SUCCESS);
    if id != 1100 {
        record.severity(ocsf::severity::MEDIUM);
    }
    let log_name = if id == 104 { view.data("Channel") } else { view.get("Channel") };
    record.set_str("log_name", log_name);
    record.set_str("log_provider", view.get("Provider.Name"));
    record.set("log_type_id", 1).set("log_type", "OS");
    set_user(view, &mut record, "actor.user", "Subject");
    record
}

fn base_event(view: &View<'_>, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let mut record = RecordBuilder::new(0, 99, time, meta);
    let mut unmapped = Object::new();
    for (name, value) in view.fields {
        if let Some(item) = name.strip_prefix("EventData.").or_else(|| name.strip_prefix("UserData.")) {
            unmapped.insert(item.to_string(), value.clone());
        }
    }
    if !unmapped.is_empty() {
        record.set("unmapped", unmapped);
    }
    if let Some(keywords) = view.get("RenderingInfo.EventType").or_else(|| view.get("RenderingInfo.Keywords")) {
        let upper = keywords.to_ascii_uppercase();
        if upper.contains("FAILURE") {
            record.status(ocsf::status::FAILURE);
        } else if upper.contains("SUCCESS") {
            record.status(ocsf::status::SUCCESS);
        }
    }
    record
}
