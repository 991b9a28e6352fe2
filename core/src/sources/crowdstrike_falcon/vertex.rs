//! Threat Graph vertices: documents that describe one entity of a detection's process tree
//! (`{"metadata": {"eventType": "Vertex", "detectionIdString", "edge", "severity"}, "event":
//! {"id", "vertex_type", "device_id", "timestamp", "properties": {...}}}`), as collectors write
//! them next to the Event Streams events after reading the Threat Graph API.
//!
//! A vertex is an entity, not an activity, so each type maps to the OCSF class that reports
//! such an entity. A device goes to Device Inventory Info, a user or a user's logon session to
//! User Inventory Info, a module to Module Query and a process to Process Query. The other vertex types (domains, IP
//! addresses, indicators, ...) have no entity class in OCSF 1.8 and are rejected.

use serde_json::{Map, Value};

use super::META;
use crate::field_map::FieldMap;
use crate::error::ParseError;
use crate::ocsf::{Object, RecordBuilder};
use crate::sources::json_support;
use crate::timestamp::{parse_rfc3339, Timestamp};

/// OCSF Device Inventory Info.
const INVENTORY_INFO: u32 = 5001;
/// OCSF User Inventory Info.
const USER_INVENTORY: u32 = 5003;
/// OCSF Module Query.
const MODULE_QUERY: u32 = 5011;
/// OCSF Process Query.
const PROCESS_QUERY: u32 = 5015;
/// The `Collect` activity of the inventory classes: the collector read the entity from the
/// Threat Graph API.
const COLLECT: u32 = 2;
/// The `Query` activity of the query classes.
const QUERY: u32 = 1;

/// Maps a Threat Graph vertex to the OCSF class of its entity.
///
/// # Errors
/// Returns a [`ParseError`] when the vertex has no time or its type has no OCSF class.
pub(super) fn record(fields: &FieldMap) -> Result<Object, ParseError> {
    let vertex_type = json_support::text(fields, "event.vertex_type").unwrap_or("");
    let time = vertex_time(fields)?;
    let mut record = match vertex_type {
        "device" => device_record(fields, time),
        // A user-session vertex is the logon session of a user and names the same user.
        "user" | "user-session" | "user_session" => user_record(fields, time),
        "module" => module_record(fields, time),
        "process" => process_record(fields, time),
        other => {
            return Err(ParseError::new(
                0,
                format!("no OCSF class for Threat Graph vertex type '{other}'; device, user, user-session, module and process vertices are read"),
            ))
        }
    };

    record.set("metadata.event_code", format!("Vertex:{vertex_type}"));
    record.set_str("metadata.uid", event_text(fields, "id"));
    record.set_str("metadata.tenant_uid", json_support::text(fields, "event.customer_id"));
    // The detection whose process tree contains the vertex.
    record.set_str("metadata.correlation_uid", json_support::text(fields, "metadata.detectionIdString"));
    if let Some(severity @ 1..=5) = json_support::integer(fields, "metadata.severity.code") {
        record.severity(severity as u32);
    }
    Ok(record.build())
}

/// Reads `event.timestamp` (RFC 3339), else an epoch `metadata.eventCreationTime`.
fn vertex_time(fields: &FieldMap) -> Result<Timestamp, ParseError> {
    if let Some(text) = json_support::text(fields, "event.timestamp") {
        return parse_rfc3339(text).map_err(|e| ParseError::new(0, format!("invalid event.timestamp '{text}': {}", e.reason)));
    }
    json_support::epoch_time(fields, "metadata.eventCreationTime").ok_or_else(|| ParseError::new(0, "the Threat Graph vertex has no event.timestamp or metadata.eventCreationTime"))
}

fn event_text<'a>(fields: &'a FieldMap, name: &str) -> Option<&'a str> {
    json_support::text(fields, &format!("event.{name}"))
}

fn property<'a>(fields: &'a FieldMap, name: &str) -> Option<&'a str> {
    json_support::text(fields, &format!("event.properties.{name}")).map(str::trim).filter(|v| !v.is_empty())
}

/// Returns the Falcon agent id of the vertex's host: `event.device_id`, or the last part of a
/// device vertex id `aid:<customer id>:<agent id>`. An id of zeros is a redacted one.
fn agent_id(fields: &FieldMap) -> Option<&str> {
    let redacted = |id: &&str| id.chars().all(|c| c == '0' || c == '-');
    json_support::text(fields, "event.device_id").filter(|id| !redacted(id)).or_else(|| {
        event_text(fields, "id")
            .and_then(|id| id.strip_prefix("aid:"))
            .and_then(|rest| rest.rsplit(':').next())
            .filter(|id| !id.is_empty() && !redacted(id))
    })
}

/// Sets `device.uid` to the agent id, for the classes where the host is context.
fn set_host(record: &mut RecordBuilder, fields: &FieldMap) {
    if let Some(aid) = agent_id(fields) {
        record.set("device.uid", aid).set("device.type_id", 0).set("device.type", "Unknown");
    }
}

fn device_record(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(INVENTORY_INFO, COLLECT, time, &META);
    let text = |name: &str| property(fields, name);

    // ProductType and PlatformId are the wProductType and dwPlatformId of the Windows
    // OSVERSIONINFOEX structure: 1 a workstation, 2 a domain controller, 3 a server, and
    // platform 2 Windows NT.
    let (type_id, type_name) = match text("ProductType") {
        Some("1") => (2, "Desktop"),
        Some("2") | Some("3") => (1, "Server"),
        _ => (0, "Unknown"),
    };
    record.set("device.type_id", type_id).set("device.type", type_name);
    record.set_str("device.uid", agent_id(fields));
    record.set_str("device.hostname", text("ComputerName"));
    record.set_str("device.domain", text("MachineDomain"));
    if let Some(ip) = text("LocalAddressIP4").filter(|ip| ip.parse::<std::net::IpAddr>().is_ok()) {
        record.set("device.ip", ip);
    }
    if let Some(mac) = text("PhysicalAddress").filter(|m| m.len() == 17) {
        record.set("device.mac", mac.replace('-', ":").to_ascii_lowercase());
    }
    record.set_str("device.instance_uid", text("instanceId"));
    record.set_str("device.model", text("SystemProductName"));
    record.set_str("device.hw_info.vendor_name", text("SystemManufacturer"));
    record.set_str("device.hw_info.serial_number", text("SystemSerialNumber"));
    record.set_str("device.hw_info.bios_manufacturer", text("BiosManufacturer"));
    record.set_str("device.hw_info.bios_ver", text("BiosVersion"));
    record.set_str("device.hw_info.bios_date", text("BiosReleaseDate"));
    if text("PlatformId") == Some("2") {
        record.set("device.os.name", "Windows").set("device.os.type_id", 100).set("device.os.type", "Windows");
        if let (Some(major), Some(minor), Some(build)) = (text("MajorVersion"), text("MinorVersion"), text("BuildNumber")) {
            record.set("device.os.version", format!("{major}.{minor}.{build}"));
            record.set("device.os.build", build);
        }
    }
    if let Some(version) = text("AgentVersion") {
        let mut agent = Map::new();
        agent.insert("name".into(), "Falcon Sensor".into());
        agent.insert("vendor_name".into(), "CrowdStrike".into());
        agent.insert("version".into(), version.into());
        agent.insert("type_id".into(), 1.into());
        agent.insert("type".into(), "Endpoint Detection and Response".into());
        if let Some(aid) = agent_id(fields) {
            agent.insert("uid".into(), aid.into());
        }
        record.set("device.agent_list", vec![Value::Object(agent)]);
    }

    // The public address and the cloud placement have no attribute in the device object.
    let mut unmapped = Object::new();
    for name in ["externalIpAddress", "accountId", "zone_group"] {
        if let Some(value) = text(name) {
            unmapped.insert(name, value);
        }
    }
    if !unmapped.is_empty() {
        record.set("unmapped", unmapped);
    }
    record
}

fn user_record(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(USER_INVENTORY, COLLECT, time, &META);
    let text = |name: &str| property(fields, name);
    let account = text("UserName");
    let (account_domain, name) = match account {
        Some(account) => json_support::split_down_level_name(account),
        None => (None, "unknown"),
    };
    record.set("user.name", name);
    record.set_str("user.uid", text("UserSid").or_else(|| event_text(fields, "object_id")));
    record.set_str("user.domain", text("LogonDomain").or(account_domain));
    let (type_id, type_name) = if text("UserIsAdmin") == Some("1") { (2, "Admin") } else { (1, "User") };
    record.set("user.type_id", type_id).set("user.type", type_name);
    set_host(&mut record, fields);

    // The logon session of the user: the user object has no attribute for it.
    let mut unmapped = Object::new();
    for name in ["LogonId", "LogonType", "LogonTime", "AuthenticationPackage", "LogonServer"] {
        if let Some(value) = text(name) {
            unmapped.insert(name, value);
        }
    }
    if !unmapped.is_empty() {
        record.set("unmapped", unmapped);
    }
    record
}

/// Returns the MD5, SHA-1 and SHA-256 hashes among the vertex properties, as OCSF
/// `fingerprint` objects.
fn hashes(fields: &FieldMap) -> Vec<Value> {
    [("SHA256HashData", 3, "SHA-256"), ("SHA1HashData", 2, "SHA-1"), ("MD5HashData", 1, "MD5")]
        .iter()
        .filter_map(|(name, id, algorithm)| {
            property(fields, name).map(|value| serde_json::json!({ "algorithm_id": id, "algorithm": algorithm, "value": value }))
        })
        .collect()
}

fn module_record(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(MODULE_QUERY, QUERY, time, &META);
    let text = |name: &str| property(fields, name);
    record.set("query_result_id", 1).set("query_result", "Exists");

    let path = text("ImageFileName").or_else(|| text("FileName"));
    let name = path.map(|p| p.rsplit(['\\', '/']).next().unwrap_or(p)).unwrap_or("unknown");
    record.set("module.file.name", name).set("module.file.type_id", 1).set("module.file.type", "Regular File");
    record.set_str("module.file.path", path);
    let hashes = hashes(fields);
    if !hashes.is_empty() {
        record.set("module.file.hashes", hashes);
    }
    record.set("module.load_type_id", 0).set("module.load_type", "Unknown");

    // The process that loaded the module: the vertex it hangs from, or Falcon's own process
    // id. Only RawProcessId is the operating system's process id; TargetProcessId is Falcon's.
    let source = json_support::text(fields, "metadata.edge.sourceVertexId").filter(|id| id.starts_with("pid:"));
    record.set_str("process.uid", source.or_else(|| text("TargetProcessId")));
    if let Some(pid) = json_support::integer(fields, "event.properties.RawProcessId") {
        record.set("process.pid", pid);
    }
    set_host(&mut record, fields);
    record
}

fn process_record(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(PROCESS_QUERY, QUERY, time, &META);
    let text = |name: &str| property(fields, name);
    record.set("query_result_id", 1).set("query_result", "Exists");

    record.set("process.uid", event_text(fields, "id").unwrap_or("unknown"));
    // TargetProcessId is Falcon's own process id, which stays in `uid`.
    if let Some(pid) = json_support::integer(fields, "event.properties.RawProcessId") {
        record.set("process.pid", pid);
    }
    record.set_str("process.cmd_line", text("CommandLine"));
    if let Some(image) = text("ImageFileName") {
        let name = image.rsplit(['\\', '/']).next().unwrap_or(image);
        record.set("process.name", name);
        record.set("process.file.name", name).set("process.file.path", image);
        record.set("process.file.type_id", 1).set("process.file.type", "Regular File");
        let hashes = hashes(fields);
        if !hashes.is_empty() {
            record.set("process.file.hashes", hashes);
        }
    }
    if let Some(account) = text("UserName") {
        let (domain, name) = json_support::split_down_level_name(account);
        record.set("process.user.name", name);
        record.set_str("process.user.domain", domain);
    }
    record.set_str("process.user.uid", text("UserSid"));
    for (name, path) in [("ProcessStartTime_formatted", "process.created_time"), ("ProcessEndTime_formatted", "process.terminated_time")] {
        if let Some(moment) = text(name).and_then(|t| parse_rfc3339(t).ok()) {
            record.set(path, moment.millis());
        }
    }
    set_host(&mut record, fields);
    record
}

#[cfg(test)]
mod tests {
    use crate::parse::parse_str;
    use crate::sources::{testing, ParseOptions};

    /// Hand-written vertices: (intent, document, class_uid, check path, expected value).
    const VERTICES: &[(&str, &str, u32, &str, &str)] = &[
        (
            "device vertex",
            r#"{"metadata":{"detectionIdString":"ldt:4a1b2c3d4e5f60718293a4b5c6d7e8f9:38000000001","eventType":"Vertex","edge":{"sourceVertexId":"pid:4a1b2c3d4e5f60718293a4b5c6d7e8f9:38000000042","type":"device"},"severity":{"name":"High","code":4}},"event":{"id":"aid:0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f:4a1b2c3d4e5f60718293a4b5c6d7e8f9","customer_id":"0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f","scope":"device","object_id":"4a1b2c3d4e5f60718293a4b5c6d7e8f9","device_id":"4a1b2c3d4e5f60718293a4b5c6d7e8f9","vertex_type":"device","timestamp":"2026-01-05T09:14:03Z","properties":{"AgentVersion":"7.20.18913.0","BiosManufacturer":"Example BIOS Inc.","BiosVersion":"1.14.2 ","BuildNumber":"22631","ComputerName":"WS-10077","LocalAddressIP4":"10.40.1.77","MachineDomain":"acme.example","MajorVersion":"10","MinorVersion":"0","PhysicalAddress":"02-1A-2B-3C-4D-5E","PlatformId":"2","ProductType":"1","SystemManufacturer":"Example Computers","SystemProductName":"Latitude Example","externalIpAddress":"198.51.100.23"}}}"#,
            5001,
            "/device/hostname",
            "WS-10077",
        ),
        (
            "user vertex",
            r#"{"metadata":{"detectionIdString":"ldt:4a1b2c3d4e5f60718293a4b5c6d7e8f9:38000000001","eventType":"Vertex","edge":{"sourceVertexId":"pid:4a1b2c3d4e5f60718293a4b5c6d7e8f9:38000000042","type":"user"},"severity":{"name":"High","code":4}},"event":{"customer_id":"0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f","device_id":"4a1b2c3d4e5f60718293a4b5c6d7e8f9","id":"uid:4a1b2c3d4e5f60718293a4b5c6d7e8f9:S-1-5-21-1004336348-1177238915-682003330-1107","object_id":"S-1-5-21-1004336348-1177238915-682003330-1107","properties":{"LogonDomain":"ACME","LogonType":"2","UserIsAdmin":"1","UserName":"yusuf.yilmaz","UserSid":"S-1-5-21-1004336348-1177238915-682003330-1107"},"scope":"device","timestamp":"2026-01-05T09:14:05Z","vertex_type":"user"}}"#,
            5003,
            "/user/name",
            "yusuf.yilmaz",
        ),
        (
            "module vertex",
            r#"{"metadata":{"detectionIdString":"ldt:4a1b2c3d4e5f60718293a4b5c6d7e8f9:38000000001","eventType":"Vertex","edge":{"sourceVertexId":"pid:4a1b2c3d4e5f60718293a4b5c6d7e8f9:38000000042","type":"primary_module"},"severity":{"name":"High","code":4}},"event":{"customer_id":"0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f","device_id":"4a1b2c3d4e5f60718293a4b5c6d7e8f9","id":"mod:4a1b2c3d4e5f60718293a4b5c6d7e8f9:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988","properties":{"MD5HashData":"0a1b2c3d4e5f60718293a4b5c6d7e8f9","SHA256HashData":"1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988","TargetProcessId":"38000000042"},"scope":"device","timestamp":"2026-01-05T09:14:04Z","vertex_type":"module"}}"#,
            5011,
            "/module/file/hashes/0/value",
            "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988",
        ),
        (
            "process vertex",
            r#"{"metadata":{"detectionIdString":"ldt:4a1b2c3d4e5f60718293a4b5c6d7e8f9:38000000001","eventType":"Vertex","edge":{"sourceVertexId":"pid:4a1b2c3d4e5f60718293a4b5c6d7e8f9:38000000040","type":"child_process"},"severity":{"name":"High","code":4}},"event":{"customer_id":"0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f","device_id":"4a1b2c3d4e5f60718293a4b5c6d7e8f9","id":"pid:4a1b2c3d4e5f60718293a4b5c6d7e8f9:38000000042","properties":{"CommandLine":"vssadmin.exe delete shadows /all /quiet","ImageFileName":"\\Device\\HarddiskVolume3\\Windows\\System32\\vssadmin.exe","RawProcessId":"5120"},"scope":"device","timestamp":"2026-01-05T09:14:02Z","vertex_type":"process"}}"#,
            5015,
            "/process/name",
            "vssadmin.exe",
        ),
    ];

    #[test]
    fn vertices_map_to_entity_classes() {
        for (name, text, class_uid, path, expected) in VERTICES {
            let outcomes = parse_str("crowdstrike_falcon", text, ParseOptions::default()).unwrap();
            let record = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{name}: {e}")).ocsf;
            let value = record.to_value();
            assert_eq!(record["class_uid"], *class_uid, "{name}: class");
            assert_eq!(value.pointer(path).and_then(|v| v.as_str()), Some(*expected), "{name}: {path}");
            assert_eq!(record["severity_id"], 4, "{name}: severity");
            assert_eq!(record["metadata"]["correlation_uid"], "ldt:4a1b2c3d4e5f60718293a4b5c6d7e8f9:38000000001", "{name}: detection");
            testing::assert_valid_ocsf(record, name);
        }
    }

    #[test]
    fn device_vertex_reads_windows_version() {
        let outcomes = parse_str("crowdstrike_falcon", VERTICES[0].1, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["device"]["type_id"], 2);
        assert_eq!(record["device"]["os"]["version"], "10.0.22631");
        assert_eq!(record["device"]["mac"], "02:1a:2b:3c:4d:5e");
        assert_eq!(record["device"]["ip"], "10.40.1.77");
        assert_eq!(record["device"]["uid"], "4a1b2c3d4e5f60718293a4b5c6d7e8f9");
        assert_eq!(record["device"]["hw_info"]["bios_ver"], "1.14.2");
    }

    #[test]
    fn module_vertex_keeps_falcon_process_id() {
        let outcomes = parse_str("crowdstrike_falcon", VERTICES[2].1, ParseOptions::default()).unwrap();
        let process = &outcomes[0].as_ref().unwrap().ocsf["process"];
        assert_eq!(process["uid"], "pid:4a1b2c3d4e5f60718293a4b5c6d7e8f9:38000000042");
        assert!(process.get("pid").is_none(), "TargetProcessId is not an operating system pid: {process}");
    }

    #[test]
    fn user_vertex_names_admin_and_domain() {
        let outcomes = parse_str("crowdstrike_falcon", VERTICES[1].1, ParseOptions::default()).unwrap();
        let user = &outcomes[0].as_ref().unwrap().ocsf["user"];
        assert_eq!(user["uid"], "S-1-5-21-1004336348-1177238915-682003330-1107");
        assert_eq!(user["domain"], "ACME");
        assert_eq!(user["type_id"], 2);
    }

    #[test]
    fn user_session_vertex_names_its_user() {
        let session = VERTICES[1]
            .1
            .replace(r#""vertex_type":"user""#, r#""vertex_type":"user-session""#)
            .replace(r#""LogonType":"2""#, r#""LogonType":"2","LogonId":"999","AuthenticationPackage":"Kerberos""#);
        let outcomes = parse_str("crowdstrike_falcon", &session, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        assert_eq!(record["class_uid"], 5003);
        assert_eq!(record["user"]["name"], "yusuf.yilmaz");
        assert_eq!(record["unmapped"]["LogonId"], "999");
        testing::assert_valid_ocsf(record, "user session");
    }

    #[test]
    fn process_vertex_reads_start_and_end() {
        let process = VERTICES[3].1.replace(
            r#""RawProcessId":"5120""#,
            r#""RawProcessId":"5120","ProcessStartTime_formatted":"2026-01-05T09:13:58.250000Z","ProcessEndTime_formatted":"2026-01-05T09:14:01.500000Z""#,
        );
        let outcomes = parse_str("crowdstrike_falcon", &process, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["process"]["pid"], 5120);
        assert_eq!(record["process"]["created_time"], 1_767_604_438_250_i64);
        assert_eq!(record["process"]["terminated_time"], 1_767_604_441_500_i64);
        testing::assert_valid_ocsf(record, "process times");
    }

    #[test]
    fn other_vertex_types_are_rejected() {
        let text = r#"{"metadata":{"eventType":"Vertex"},"event":{"id":"ip4:10.0.4.4","vertex_type":"ipv4","timestamp":"2026-01-05T09:14:02Z","properties":{}}}"#;
        let outcomes = parse_str("crowdstrike_falcon", text, ParseOptions::default()).unwrap();
        let error = outcomes[0].as_ref().err().map(ToString::to_string).unwrap_or_default();
        assert!(error.contains("vertex type 'ipv4'"), "{error}");
    }
}
