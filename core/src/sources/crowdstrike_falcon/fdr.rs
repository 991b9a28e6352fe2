//! Falcon Data Replicator (FDR) sensor events: one flat JSON object per event, named by
//! `event_simpleName`, with the agent id `aid` and the customer id `cid`. The sensor's
//! `ContextTimeStamp` (epoch seconds with a fraction) dates the event, and `timestamp` (epoch
//! milliseconds) is when the cloud received it. FDR writes all values as text.
//!
//! Process, DNS, network and logon events map to their OCSF activity classes. Every other
//! event name maps to the Base Event class with the device that reported it, and keeps its
//! fields under `unmapped`. Ids such as `TargetProcessId` are Falcon's own process ids, unique
//! per host; `RawProcessId` is the operating system's pid.
//! Vendor documentation: the Falcon Data Replicator event dictionary (requires a Falcon login).

use serde_json::{Map, Value};

use super::META;
use crate::error::ParseError;
use crate::field_map::FieldMap;
use crate::ocsf::{self, class, Object, RecordBuilder};
use crate::sources::json_support;
use crate::sources::microsoft_windows_eventlog::logon_type_caption;
use crate::timestamp::Timestamp;

/// Maps a flattened FDR event to OCSF.
///
/// # Errors
/// Returns a [`ParseError`] when the event has neither `ContextTimeStamp` nor `timestamp`.
pub(super) fn record(fields: &FieldMap) -> Result<Object, ParseError> {
    let name = json_support::text(fields, "event_simpleName").unwrap_or("");
    // ContextTimeStamp is when the sensor saw the event. `timestamp` is when the cloud
    // received it, which can be much later for a sensor that was offline.
    let time = ["ContextTimeStamp", "timestamp", "ProcessStartTime"]
        .iter()
        .find_map(|key| epoch_time(fields, key))
        .ok_or_else(|| ParseError::new(0, format!("the {name} event has no timestamp or ContextTimeStamp")))?;
    let mut record = match name {
        "ProcessRollup2" | "SyntheticProcessRollup2" | "ProcessRollup" => process(fields, time, true),
        "EndOfProcess" | "TerminateProcess" => process(fields, time, false),
        "DnsRequest" | "SuspiciousDnsRequest" => dns_request(fields, time),
        n if n.starts_with("NetworkConnectIP") || n.starts_with("NetworkReceiveAcceptIP") || n.starts_with("NetworkListenIP") => network(fields, name, time),
        "UserLogon" | "UserLogoff" | "UserLogonFailed" | "UserLogonFailed2" => logon(fields, name, time),
        _ => base_event(fields, time),
    };
    record.set("metadata.event_code", name);
    record.set_str("metadata.tenant_uid", text(fields, "cid"));
    record.set_str("metadata.uid", text(fields, "id"));
    set_device(&mut record, fields);
    Ok(record.build())
}

/// Reads an epoch time in milliseconds (`timestamp`) or seconds with a fraction
/// (`ContextTimeStamp`), written as text or as a number.
fn epoch_time(fields: &FieldMap, name: &str) -> Option<Timestamp> {
    match text(fields, name).and_then(|v| v.parse::<i64>().ok()) {
        Some(number) if number > 100_000_000_000 => Some(Timestamp::from_millis(number)),
        Some(number) => Some(Timestamp::from_secs(number)),
        None => json_support::epoch_time(fields, name),
    }
}

/// Returns a field's text unless it is empty.
fn text<'a>(fields: &'a FieldMap, name: &str) -> Option<&'a str> {
    json_support::text(fields, name).map(str::trim).filter(|v| !v.is_empty())
}

fn number(fields: &FieldMap, name: &str) -> Option<i64> {
    json_support::integer(fields, name).or_else(|| text(fields, name).and_then(|v| v.parse().ok()))
}

fn basename(path: &str) -> &str {
    path.rsplit(['\\', '/']).next().unwrap_or(path)
}

/// Sets `device` from the agent id, computer name, local address and platform.
fn set_device(record: &mut RecordBuilder, fields: &FieldMap) {
    record.set("device.type_id", 0);
    record.set_str("device.uid", text(fields, "aid"));
    record.set_str("device.hostname", text(fields, "ComputerName"));
    record.set_str("device.ip", text(fields, "LocalAddressIP4").filter(|ip| ip.parse::<std::net::IpAddr>().is_ok()));
    if text(fields, "aid").is_none() && text(fields, "ComputerName").is_none() {
        record.set("device.name", "unknown");
    }
    let platform = match text(fields, "event_platform") {
        Some("Win") => Some("Windows"),
        Some("Mac") => Some("macOS"),
        Some("Lin") => Some("Linux"),
        _ => None,
    };
    if let Some(platform) = platform {
        let (type_id, caption) = json_support::os_type(platform);
        record.set("device.os.name", platform).set("device.os.type_id", type_id).set("device.os.type", caption);
    }
}

/// Process Activity: a process started (`ProcessRollup2`) or ended (`EndOfProcess`).
fn process(fields: &FieldMap, time: Timestamp, launch: bool) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::PROCESS_ACTIVITY, if launch { 1 } else { 2 }, time, &META);
    record.status(ocsf::status::SUCCESS);
    let image = text(fields, "ImageFileName");
    record.set("process.pid", number(fields, "RawProcessId").unwrap_or(0));
    record.set_str("process.uid", text(fields, "TargetProcessId"));
    record.set_str("process.cmd_line", text(fields, "CommandLine"));
    if let Some(image) = image {
        record.set("process.name", basename(image)).set("process.path", image);
        record.set("process.file.name", basename(image)).set("process.file.path", image);
        record.set("process.file.type_id", 1).set("process.file.type", "Regular File");
        let hashes: Vec<Value> = [("MD5HashData", 1, "MD5"), ("SHA1HashData", 2, "SHA-1"), ("SHA256HashData", 3, "SHA-256")]
            .iter()
            .filter_map(|(key, id, caption)| {
                let value = text(fields, key).filter(|v| v.bytes().any(|b| b != b'0'))?;
                let mut fingerprint = Map::new();
                fingerprint.insert("algorithm_id".into(), (*id).into());
                fingerprint.insert("algorithm".into(), (*caption).into());
                fingerprint.insert("value".into(), value.into());
                Some(Value::Object(fingerprint))
            })
            .collect();
        if !hashes.is_empty() {
            record.set("process.file.hashes", hashes);
        }
    }
    if let Some(parent) = text(fields, "ParentProcessId") {
        record.set("process.parent_process.uid", parent);
        record.set_str("process.parent_process.name", text(fields, "ParentBaseFileName"));
        record.set("actor.process.uid", parent);
        record.set_str("actor.process.name", text(fields, "ParentBaseFileName"));
    }
    if set_user(&mut record, fields, "process.user") {
        set_user(&mut record, fields, "actor.user");
    } else if text(fields, "ParentProcessId").is_none() {
        // The class requires an actor, and the sensor is the only one known.
        record.set("actor.app_name", "CrowdStrike Falcon sensor");
    }
    record
}

/// Sets `path.name`, `path.uid` and `path.domain` from `UserName`, `UserSid` and
/// `LogonDomain`; returns false when the event names no user.
fn set_user(record: &mut RecordBuilder, fields: &FieldMap, path: &str) -> bool {
    let name = text(fields, "UserName").or_else(|| text(fields, "UserPrincipal"));
    let sid = text(fields, "UserSid");
    if name.is_none() && sid.is_none() {
        return false;
    }
    let (domain, name) = match name.map(json_support::split_down_level_name) {
        Some((domain, name)) => (domain.or_else(|| text(fields, "LogonDomain")), Some(name)),
        None => (text(fields, "LogonDomain"), None),
    };
    record.set_str(format!("{path}.name"), name);
    record.set_str(format!("{path}.uid"), sid);
    record.set_str(format!("{path}.domain"), domain);
    true
}

/// Sets an endpoint from an address and port field, when the address is an IP address.
fn set_endpoint(record: &mut RecordBuilder, fields: &FieldMap, path: &str, address: &str, port: &str) -> bool {
    let Some(ip) = text(fields, address).filter(|ip| ip.parse::<std::net::IpAddr>().is_ok()) else {
        return false;
    };
    record.set(format!("{path}.ip"), ip);
    if let Some(port) = number(fields, port).filter(|p| (0..=65535).contains(p)) {
        record.set(format!("{path}.port"), port);
    }
    true
}

/// Sets the host itself as the endpoint at `path`: its local address, else its name or id.
fn set_host_endpoint(record: &mut RecordBuilder, fields: &FieldMap, path: &str, port: &str) {
    if set_endpoint(record, fields, path, "LocalAddressIP4", port) || set_endpoint(record, fields, path, "LocalAddressIP6", port) {
        record.set_str(format!("{path}.hostname"), text(fields, "ComputerName"));
        return;
    }
    match (text(fields, "ComputerName"), text(fields, "aid")) {
        (Some(name), _) => record.set(format!("{path}.hostname"), name),
        (None, Some(aid)) => record.set(format!("{path}.uid"), aid),
        (None, None) => record.set(format!("{path}.name"), "unknown"),
    };
}

/// DNS Activity (Query): a process on the host looked up `DomainName`.
fn dns_request(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::DNS_ACTIVITY, 1, time, &META);
    record.set("query.hostname", text(fields, "DomainName").unwrap_or("unknown"));
    if let Some(kind) = number(fields, "RequestType").and_then(ocsf::dns_record_type) {
        record.set("query.type", kind);
    }
    set_host_endpoint(&mut record, fields, "src_endpoint", "LocalPort");
    // IP4Records lists the addresses of the answer, separated by semicolons.
    let answers: Vec<Value> = text(fields, "IP4Records")
        .unwrap_or("")
        .split([';', ','])
        .map(str::trim)
        .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok())
        .map(|ip| {
            let mut answer = Map::new();
            answer.insert("rdata".into(), ip.into());
            answer.insert("type".into(), "A".into());
            Value::Object(answer)
        })
        .collect();
    if !answers.is_empty() {
        record.set("answers", answers);
    }
    if let Some(pid) = text(fields, "ContextProcessId") {
        record.set("actor.process.uid", pid);
    }
    record
}

/// Network Activity: an outbound connection (Open, outbound), an accepted inbound connection
/// (Open, inbound) or a listening socket (Listen).
fn network(fields: &FieldMap, name: &str, time: Timestamp) -> RecordBuilder {
    let listen = name.starts_with("NetworkListenIP");
    let inbound = name.starts_with("NetworkReceiveAcceptIP");
    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, if listen { 7 } else { 1 }, time, &META);
    record.status(ocsf::status::SUCCESS);
    let (local, remote) = if inbound { ("dst_endpoint", "src_endpoint") } else { ("src_endpoint", "dst_endpoint") };
    if !set_endpoint(&mut record, fields, local, "LocalAddressIP4", "LocalPort") && !set_endpoint(&mut record, fields, local, "LocalAddressIP6", "LocalPort") {
        set_host_endpoint(&mut record, fields, local, "LocalPort");
    }
    if !listen && !set_endpoint(&mut record, fields, remote, "RemoteAddressIP4", "RemotePort") {
        set_endpoint(&mut record, fields, remote, "RemoteAddressIP6", "RemotePort");
    }
    if !listen {
        record.set("connection_info.direction_id", if inbound { 1 } else { 2 });
        record.set("connection_info.direction", if inbound { "Inbound" } else { "Outbound" });
    }
    if let Some(protocol) = number(fields, "Protocol") {
        record.set("connection_info.protocol_num", protocol);
    }
    if let Some(pid) = text(fields, "ContextProcessId") {
        record.set("actor.process.uid", pid);
    }
    record
}

/// Authentication: a logon, logoff or failed logon on the host. The host is the destination,
/// and `RemoteAddressIP4` the source of remote logons.
fn logon(fields: &FieldMap, name: &str, time: Timestamp) -> RecordBuilder {
    let activity_id = if name == "UserLogoff" { 2 } else { 1 };
    let mut record = RecordBuilder::new(class::AUTHENTICATION, activity_id, time, &META);
    if name.starts_with("UserLogonFailed") {
        record.status(ocsf::status::FAILURE);
        record.set_str("status_detail", text(fields, "SubStatus").or_else(|| text(fields, "Status")));
    } else {
        record.status(ocsf::status::SUCCESS);
    }
    if !set_user(&mut record, fields, "user") {
        record.set("user.name", "unknown");
    }
    if let Some(logon_type) = number(fields, "LogonType") {
        if let Some(caption) = logon_type_caption(logon_type) {
            record.set("logon_type_id", logon_type).set("logon_type", caption);
        }
    }
    set_host_endpoint(&mut record, fields, "dst_endpoint", "LocalPort");
    if !set_endpoint(&mut record, fields, "src_endpoint", "RemoteAddressIP4", "RemotePort") {
        set_endpoint(&mut record, fields, "src_endpoint", "RemoteAddressIP6", "RemotePort");
    }
    record.set_str("session.uid", text(fields, "AuthenticationId"));
    record
}

/// Base Event for the sensor events without a class mapping; their fields go to `unmapped`.
fn base_event(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::BASE_EVENT, 99, time, &META);
    let mut unmapped = Object::new();
    for (name, value) in fields {
        if !matches!(name, "event_simpleName" | "aid" | "cid" | "timestamp" | "ComputerName" | "event_platform" | "id") {
            unmapped.insert(name.to_string(), value.clone());
        }
    }
    if !unmapped.is_empty() {
        record.set("unmapped", unmapped);
    }
    if set_user(&mut record, fields, "actor.user") {
        record.set_str("actor.session.uid", text(fields, "AuthenticationId"));
    }
    record
}
