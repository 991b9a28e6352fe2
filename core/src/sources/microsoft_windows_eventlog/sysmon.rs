//! OCSF mapping of Sysmon process, module, file, registry and DNS events (`Microsoft-Windows-Sysmon/Operational`).
//!
//! Field names follow the Sysmon event schema (Sysmon 13 to 15): event 1 ProcessCreate,
//! 2 FileCreateTime, 5 ProcessTerminate, 6 DriverLoad, 7 ImageLoaded, 8 CreateRemoteThread,
//! 10 ProcessAccess, 11 FileCreate, 12 to 14 RegistryEvent, 15 FileCreateStreamHash,
//! 22 DNSEvent, 23 FileDelete (archived), 26 FileDeleteDetected, 27 FileBlockExecutable,
//! 28 FileBlockShredding and 29 FileExecutableDetected. Sysmon writes `User` as `DOMAIN\name` and `Hashes` as a comma list
//! of `ALGORITHM=hex` pairs. Reference:
//! <https://learn.microsoft.com/en-us/sysinternals/downloads/sysmon>.

use serde_json::{Map, Value};

use super::actors::qualified;
use super::ocsf::{basename, parse_number, View};
use crate::ocsf::{self, class, RecordBuilder};
use crate::sources::SourceMeta;
use crate::timestamp::Timestamp;

/// Process Activity for ProcessCreate (1, activity Launch) and ProcessTerminate (5, Terminate).
pub(super) fn process(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let launch = id == 1;
    let mut record = RecordBuilder::new(class::PROCESS_ACTIVITY, if launch { 1 } else { 2 }, time, meta);
    record.status(ocsf::status::SUCCESS);
    if !set_process(view, &mut record, "process", "") {
        // The class requires a process. Like the 4688 mapping, an event that names no process
        // id gets pid 0.
        record.set("process.pid", 0);
        record.set_opt("process.name", view.data("Image").map(basename));
        record.set_str("process.path", view.data("Image"));
        if let Some(user) = view.data("User") {
            qualified(user).set(&mut record, "process.user");
        }
    }
    if let Some(hashes) = view.data("Hashes").map(hashes).filter(|h| !h.is_empty()) {
        record.set("process.file.hashes", hashes);
    }
    record.set_str("process.working_directory", view.data("CurrentDirectory"));
    if let Some((integrity_id, caption)) = view.data("IntegrityLevel").and_then(integrity) {
        record.set("process.integrity_id", integrity_id).set("process.integrity", caption);
    }
    if launch {
        set_process(view, &mut record, "process.parent_process", "Parent");
        // The parent process is the actor. Older Sysmon schemas have no ParentUser, and then the
        // new process's user is used for the parent.
        let actor_user = view.data("ParentUser").or_else(|| view.data("User"));
        set_process(view, &mut record, "actor.process", "Parent");
        if let Some(user) = actor_user {
            qualified(user).set(&mut record, "actor.user");
        }
    } else if let Some(user) = view.data("User") {
        qualified(user).set(&mut record, "actor.user");
    }
    record
}

/// Process Activity for CreateRemoteThread (8, activity Inject) and ProcessAccess (10,
/// activity Open). The source process is the actor and the target process is `process`.
pub(super) fn process_access(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let inject = id == 8;
    let mut record = RecordBuilder::new(class::PROCESS_ACTIVITY, if inject { 4 } else { 3 }, time, meta);
    record.status(ocsf::status::SUCCESS);
    if !set_process(view, &mut record, "process", "Target") {
        // The class requires a process, so without a target pid or GUID the record gets pid 0
        // and the image.
        record.set("process.pid", 0);
        record.set_opt("process.name", view.data("TargetImage").map(basename));
        record.set_str("process.path", view.data("TargetImage"));
    }
    if !set_process(view, &mut record, "actor.process", "Source") {
        record.set("actor.app_name", view.data("SourceImage").map_or("unknown", basename));
    }
    if let Some(user) = view.data("SourceUser") {
        qualified(user).set(&mut record, "actor.user");
    }
    if inject {
        record.set("injection_type_id", 1).set("injection_type", "Remote Thread");
        record.set_str("unmapped.StartAddress", view.data("StartAddress"));
        record.set_str("unmapped.StartModule", view.data("StartModule"));
        record.set_str("unmapped.StartFunction", view.data("StartFunction"));
    } else {
        // GrantedAccess is the access mask in hex (`0x1010`).
        let granted = view.data("GrantedAccess").and_then(|mask| i64::from_str_radix(mask.trim_start_matches("0x").trim_start_matches("0X"), 16).ok());
        record.set_opt("actual_permissions", granted);
        record.set_str("unmapped.GrantedAccess", view.data("GrantedAccess"));
        record.set_str("unmapped.CallTrace", view.data("CallTrace"));
    }
    record
}

/// File Activity for the file events. Events 11, 15 (an alternate data stream), 27 (a blocked
/// executable) and 29 (an executable) map to activity Create. Events 23, 26 and 28 (a blocked
/// shredding) map to Delete, and 2 (a changed creation time) to Set Attributes. The process
/// that wrote or deleted the file is the actor.
pub(super) fn file(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let activity_id = match id {
        2 => 6,
        11 | 15 | 27 | 29 => 1,
        _ => 4,
    };
    let mut record = RecordBuilder::new(class::FILE_ACTIVITY, activity_id, time, meta);
    // Events 27 and 28 report a write or deletion that Sysmon blocked.
    if matches!(id, 27 | 28) {
        record.status(ocsf::status::FAILURE);
        record.set("action_id", 2).set("action", "Denied");
    } else {
        record.status(ocsf::status::SUCCESS);
    }
    let path = view.data("TargetFilename").unwrap_or("unknown");
    record.set("file.name", basename(path));
    record.set("file.path", path);
    // Sysmon reports files only, never folders, so the type is Regular File.
    record.set("file.type_id", 1).set("file.type", "Regular File");
    // FileCreateStreamHash (15) names its field `Hash`.
    if let Some(hashes) = view.data("Hashes").or_else(|| view.data("Hash")).map(hashes).filter(|h| !h.is_empty()) {
        record.set("file.hashes", hashes);
    }
    if matches!(id, 23 | 26) {
        record.set("file.is_deleted", true);
    }
    if id == 2 {
        record.set_str("unmapped.CreationUtcTime", view.data("CreationUtcTime"));
        record.set_str("unmapped.PreviousCreationUtcTime", view.data("PreviousCreationUtcTime"));
    }
    set_actor(view, &mut record);
    record
}

/// DNS Activity (activity Query) for DNSEvent (22): the query name, its status, the answers
/// and the querying process.
pub(super) fn dns_query(view: &View<'_>, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::DNS_ACTIVITY, 1, time, meta);

    record.set("query.hostname", view.data("QueryName").unwrap_or("unknown"));
    // The class needs an endpoint: the computer that logged the query asked it.
    match view.get("Computer").filter(|c| !c.trim().is_empty()) {
        Some(computer) => record.set("src_endpoint.hostname", computer),
        None => record.set("src_endpoint.name", "unknown"),
    };

    // QueryStatus is the Win32 status of the lookup: 0 succeeded, 9003 (DNS_ERROR_RCODE_NAME_ERROR)
    // is NXDOMAIN, and other codes are failures of another kind.
    match view.data("QueryStatus").and_then(parse_number) {
        Some(0) => {
            record.status(ocsf::status::SUCCESS);
            record.set("rcode_id", 0).set("rcode", "NoError");
        }
        Some(9003) => {
            record.status(ocsf::status::FAILURE);
            record.set("rcode_id", 3).set("rcode", "NXDomain");
        }
        Some(code) => {
            record.status(ocsf::status::FAILURE);
            record.set("status_code", code.to_string());
        }
        None => {}
    }

    let answers = view.data("QueryResults").map(answers).unwrap_or_default();
    if !answers.is_empty() {
        record.set("answers", answers);
    }
    set_process(view, &mut record, "actor.process", "");
    if let Some(user) = view.data("User") {
        qualified(user).set(&mut record, "actor.user");
    }
    record
}

/// OCSF Module Activity.
const MODULE_ACTIVITY: u32 = 1005;
/// OCSF Registry Key Activity and Registry Value Activity, classes of the Windows extension.
const REGISTRY_KEY_ACTIVITY: u32 = 201_001;
const REGISTRY_VALUE_ACTIVITY: u32 = 201_002;
/// The System Activity category of the registry classes.
const SYSTEM_CATEGORY: u32 = 1;

/// OCSF Kernel Extension Activity.
const KERNEL_EXTENSION_ACTIVITY: u32 = 1002;

/// Maps DriverLoad (6) to Kernel Extension Activity (Load) with the driver file, its hashes
/// and signature status.
pub(super) fn driver_load(view: &View<'_>, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let mut record = RecordBuilder::new(KERNEL_EXTENSION_ACTIVITY, 1, time, meta);
    record.status(ocsf::status::SUCCESS);
    let path = view.data("ImageLoaded").unwrap_or("unknown");
    record.set("driver.file.name", basename(path));
    record.set("driver.file.path", path);
    record.set("driver.file.type_id", 1).set("driver.file.type", "Regular File");
    if let Some(hashes) = view.data("Hashes").map(hashes).filter(|h| !h.is_empty()) {
        record.set("driver.file.hashes", hashes);
    }
    // The kernel loads drivers, and Sysmon names no process for this event.
    record.set("actor.app_name", "Windows kernel");
    record.set_str("unmapped.Signed", view.data("Signed"));
    record.set_str("unmapped.Signature", view.data("Signature"));
    record.set_str("unmapped.SignatureStatus", view.data("SignatureStatus"));
    record
}

/// Maps ImageLoaded (7), the DLL or driver a process loaded, to Module Activity (Load).
pub(super) fn image_load(view: &View<'_>, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let mut record = RecordBuilder::new(MODULE_ACTIVITY, 1, time, meta);
    record.status(ocsf::status::SUCCESS);
    let path = view.data("ImageLoaded").unwrap_or("unknown");
    record.set("module.file.name", basename(path));
    record.set("module.file.path", path);
    record.set("module.file.type_id", 1).set("module.file.type", "Regular File");
    if let Some(hashes) = view.data("Hashes").map(hashes).filter(|h| !h.is_empty()) {
        record.set("module.file.hashes", hashes);
    }
    record.set_str("module.file.company_name", view.data("Company"));
    // Sysmon does not report how the module was loaded.
    record.set("module.load_type_id", 0).set("module.load_type", "Unknown");
    set_actor(view, &mut record);
    record
}

/// Maps key creation, deletion and renaming (12 and 14) to Registry Key Activity. A value set
/// or deleted (13, and 12 for values) maps to Registry Value Activity. `EventType`
/// distinguishes them: `CreateKey`, `DeleteKey`, `RenameKey`, `SetValue` or `DeleteValue`.
pub(super) fn registry(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let event_type = view.data("EventType").unwrap_or_default();
    let path = view.data("TargetObject").unwrap_or("unknown");
    let value_event = id == 13 || event_type.ends_with("Value");
    let mut record = if value_event {
        let activity_id = if event_type == "DeleteValue" { 4 } else { 2 };
        let mut record = RecordBuilder::new(REGISTRY_VALUE_ACTIVITY, activity_id, time, meta);
        record.set("reg_value.path", path);
        record.set("reg_value.name", basename(path));
        record.set_str("reg_value.data", view.data("Details"));
        record
    } else {
        let activity_id = match event_type {
            "CreateKey" => 1,
            "DeleteKey" => 4,
            "RenameKey" => 5,
            _ => 99,
        };
        let mut record = RecordBuilder::new(REGISTRY_KEY_ACTIVITY, activity_id, time, meta);
        record.set("reg_key.path", path);
        if let Some(new_name) = view.data("NewName") {
            record.set("unmapped.NewName", new_name);
        }
        record
    };
    record.set("category_uid", SYSTEM_CATEGORY);
    record.status(ocsf::status::SUCCESS);
    set_actor(view, &mut record);
    record
}

/// Sets the process of the event and its user as the actor. The registry and module classes
/// require an actor, so without a process id or user the image names it.
fn set_actor(view: &View<'_>, record: &mut RecordBuilder) {
    let has_process = set_process(view, record, "actor.process", "");
    match view.data("User") {
        Some(user) => qualified(user).set(record, "actor.user"),
        None if !has_process => {
            record.set("actor.app_name", view.data("Image").map_or("unknown", basename));
        }
        None => {}
    }
}

/// Sets the process at `path` from `<prefix>Image`, `<prefix>ProcessId`,
/// `<prefix>ProcessGuid` and `<prefix>CommandLine`; the user is `<prefix>User`. OCSF needs a
/// pid or uid in a process, so without both nothing is set and false is returned.
fn set_process(view: &View<'_>, record: &mut RecordBuilder, path: &str, prefix: &str) -> bool {
    let pid = view.data(&format!("{prefix}ProcessId")).and_then(parse_number);
    // ProcessAccess (10) spells the GUIDs `SourceProcessGUID` and `TargetProcessGUID`.
    let guid = view.data(&format!("{prefix}ProcessGuid")).or_else(|| view.data(&format!("{prefix}ProcessGUID")));
    if pid.is_none() && guid.is_none() {
        return false;
    }
    record.set_opt(format!("{path}.pid"), pid);
    record.set_str(format!("{path}.uid"), guid);
    record.set_str(format!("{path}.cmd_line"), view.data(&format!("{prefix}CommandLine")));
    if let Some(image) = view.data(&format!("{prefix}Image")) {
        record.set(format!("{path}.name"), basename(image));
        record.set(format!("{path}.path"), image);
        record.set(format!("{path}.file.name"), basename(image));
        record.set(format!("{path}.file.path"), image);
        record.set(format!("{path}.file.type_id"), 1).set(format!("{path}.file.type"), "Regular File");
    }
    if let Some(user) = view.data(&format!("{prefix}User")) {
        qualified(user).set(record, &format!("{path}.user"));
    }
    true
}

/// Reads Sysmon's `SHA1=...,MD5=...,SHA256=...,IMPHASH=...` into OCSF fingerprints.
fn hashes(text: &str) -> Vec<Value> {
    text.split(',')
        .filter_map(|pair| {
            let (algorithm, value) = pair.split_once('=')?;
            let value = value.trim();
            if value.is_empty() {
                return None;
            }
            let (algorithm_id, caption) = match algorithm.trim().to_ascii_uppercase().as_str() {
                "MD5" => (1, "MD5"),
                "SHA1" => (2, "SHA-1"),
                "SHA256" => (3, "SHA-256"),
                "IMPHASH" => (18, "Imphash"),
                _ => (99, "Other"),
            };
            let mut fingerprint = Map::new();
            fingerprint.insert("algorithm_id".into(), algorithm_id.into());
            fingerprint.insert("algorithm".into(), caption.into());
            fingerprint.insert("value".into(), value.into());
            Some(Value::Object(fingerprint))
        })
        .collect()
}

/// Reads the `QueryResults` of event 22 into DNS answers. Sysmon separates answers with `;`,
/// writes addresses as they are (IPv4 as `::ffff:a.b.c.d`), and other records as
/// `type:  N data`, N being the DNS record type number (5 is CNAME).
fn answers(text: &str) -> Vec<Value> {
    text.split(';')
        .map(str::trim)
        .filter(|item| !item.is_empty() && *item != "-")
        .map(|item| {
            let mut answer = Map::new();
            if let Some(rest) = item.strip_prefix("type:") {
                let mut parts = rest.split_whitespace();
                let type_number = parts.next().and_then(|n| n.parse::<i64>().ok());
                let data: Vec<&str> = parts.collect();
                answer.insert("rdata".into(), data.join(" ").into());
                if let Some(name) = type_number.and_then(ocsf::dns_record_type) {
                    answer.insert("type".into(), name.into());
                }
            } else {
                let address = item.strip_prefix("::ffff:").filter(|v4| v4.parse::<std::net::Ipv4Addr>().is_ok()).unwrap_or(item);
                answer.insert("rdata".into(), address.into());
                let kind = if address.contains(':') { "AAAA" } else { "A" };
                answer.insert("type".into(), kind.into());
            }
            Value::Object(answer)
        })
        .collect()
}

/// Maps Sysmon's IntegrityLevel to the OCSF process integrity.
fn integrity(level: &str) -> Option<(i64, &'static str)> {
    Some(match level.to_ascii_lowercase().as_str() {
        "untrusted" => (1, "Untrusted"),
        "low" => (2, "Low"),
        "medium" => (3, "Medium"),
        "high" => (4, "High"),
        "system" => (5, "System"),
        "protected" => (6, "Protected"),
        _ => return None,
    })
}
