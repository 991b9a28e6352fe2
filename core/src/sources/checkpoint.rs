//! Check Point Quantum Security Gateway and Security Management logs, as Log Exporter sends
//! them in its syslog format.
//!
//! Format: RFC 5424 lines with APP-NAME `CheckPoint` whose structured data carries the log
//! fields of log format version 5 (R80.20 to R81.20). The generator writes the RFC-compliant
//! structured data that Log Exporter produces with the SD-ID customisation Splunk documents for
//! Splunk Connect for Syslog (`[sc4s@2620 action="Accept" ...]`).
//!
//! The reader also accepts the other layouts Log Exporter writes:
//! - the default body, which is not valid RFC 5424 structured data
//!   (`[action:"Accept"; flags:"18692"; ...]`), with or without a syslog header;
//! - any other `name@...2620` SD element;
//! - the pipe-separated "Splunk" format (`time=...|action=...|`);
//! - the CEF, LEEF and JSON formats, also when a relay folded an event over several lines.
//!
//! Vendor documentation: Log Exporter appendix of the R81 Logging and Monitoring
//! Administration Guide,
//! <https://sc1.checkpoint.com/documents/R81/WebAdminGuides/EN/CP_R81_LoggingAndMonitoring_AdminGuide/Topics-LMG/Log-Exporter-Appendix.htm>.

use std::borrow::Cow;
use std::cell::RefCell;
use std::net::Ipv4Addr;
use std::sync::LazyLock;


use serde_json::{Map, Value};

use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::decimal::{push_hex_byte, push_i64};
use crate::field_map::{Column, FieldMap, FieldName, FieldValue, NameTable, SeenNames};
use crate::error::ParseError;
use crate::fields::{Fields, KeyedFields};
use crate::format::syslog5424::SdPart;
use crate::format::{self, cef, facility, leef, scan_quotes, severity, syslog3164, syslog5424, unescape_backslashes};
use crate::ocsf::{self, class, Node, Object, RecordBuilder};
use crate::seed::EventRng;
use crate::timestamp::{parse_epoch, Timestamp};
use crate::world::{HostRole, World};

/// The `checkpoint` source.
pub struct CheckPoint;

const VARIANTS: &[Variant] = &[
    Variant { name: "traffic_accept", weight: 600, format: WireFormat::Syslog5424, description: "the firewall accepted a connection" },
    Variant { name: "traffic_drop", weight: 220, format: WireFormat::Syslog5424, description: "the firewall dropped a connection" },
    Variant { name: "traffic_reject", weight: 30, format: WireFormat::Syslog5424, description: "the firewall rejected a connection and told the client" },
    Variant { name: "threat_ips", weight: 20, format: WireFormat::Syslog5424, description: "the IPS blade matched a protection" },
    Variant { name: "threat_antibot", weight: 10, format: WireFormat::Syslog5424, description: "Anti-Bot saw a host contact a command-and-control site" },
    Variant { name: "vpn_login", weight: 25, format: WireFormat::Syslog5424, description: "a remote access VPN user logged in" },
    Variant { name: "vpn_login_failed", weight: 6, format: WireFormat::Syslog5424, description: "a remote access VPN login failed" },
    Variant { name: "admin_login", weight: 4, format: WireFormat::Syslog5424, description: "an administrator logged in to SmartConsole" },
    Variant { name: "admin_login_failed", weight: 1, format: WireFormat::Syslog5424, description: "an administrator failed to log in to SmartConsole" },
];

const TRAFFIC_ACCEPT: usize = 0;
const TRAFFIC_DROP: usize = 1;
const TRAFFIC_REJECT: usize = 2;
const THREAT_IPS: usize = 3;
const THREAT_ANTIBOT: usize = 4;
const VPN_LOGIN: usize = 5;
const VPN_LOGIN_FAILED: usize = 6;
const ADMIN_LOGIN_FAILED: usize = 8;

static META: SourceMeta = SourceMeta {
    id: "checkpoint",
    aliases: &[],
    vendor: "Check Point",
    product: "Log Exporter",
    category: "network",
    formats: &[WireFormat::Syslog5424, WireFormat::Kv, WireFormat::Cef, WireFormat::Leef, WireFormat::Json],
    sourcetype: "cp_log:syslog",
    ocsf_classes: &[class::NETWORK_ACTIVITY, class::DETECTION_FINDING, class::AUTHENTICATION],
    doc_url: "https://sc1.checkpoint.com/documents/R81/WebAdminGuides/EN/CP_R81_LoggingAndMonitoring_AdminGuide/Topics-LMG/Log-Exporter-Appendix.htm",
    versions: "Log Exporter on R80.20 to R81.20, log format version 5",
    known_gaps: &[
        "only the RFC 5424 structured-data layout is generated; the default [key:\"value\"; ...] body, CEF, LEEF and JSON are read but not generated",
        "URL Filtering, Application Control, Threat Emulation, DLP and email blade logs are read with generic mappings only",
        "LEEF attributes keep their names as sent, and only srcPort, dstPort, usrName and devTime are copied to Check Point names",
        "events that a relay folded over several lines are joined by reading one line ahead, so a live stream hands on its last event only when the next line arrives",
        "IPS and Anti-Bot records carry their addresses in evidences, since Detection Finding has no src_endpoint",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &["origin", "hostname"],
};

/// SD-ID of the structured-data element the generator writes: 2620 is Check Point's IANA
/// private enterprise number, and `sc4s` is the name Splunk's Log Exporter template uses.
pub const SD_ID: &str = "sc4s@2620";
/// APP-NAME of every Log Exporter message.
const APP_NAME: &str = "CheckPoint";
/// Number of fields that live in the syslog header rather than in the structured data:
/// `timestamp`, `hostname` and `pid`, which `fill` appends before all others.
const HEADER_FIELDS: usize = 3;

/// Initial capacity of the field map of a parsed line: gateway logs have 25 to 45 fields, and
/// growing the map step by step rehashes it several times.
const FIELD_CAPACITY: usize = 64;

/// Log fields whose values are integers. The reader types them as JSON numbers when the text
/// is an integer and keeps any other text as a string.
const INTEGER_FIELDS: &[&str] = &[
    "pid",
    "flags",
    "logid",
    "log_id",
    "sequencenum",
    "time",
    "version",
    "match_id",
    "parent_rule",
    "proto",
    "s_port",
    "service",
    "xlatesport",
    "xlatedport",
    "nat_rulenum",
    "nat_addtnl_rulenum",
    "confidence_level",
    "performance_impact",
    "severity",
    "operation_number",
    "bytes",
    "packets",
    "client_inbound_bytes",
    "client_outbound_bytes",
    "server_inbound_bytes",
    "server_outbound_bytes",
    "received_bytes",
    "sent_bytes",
    "icmp_type",
    "icmp_code",
    "elapsed",
    "duration",
];

/// Log Exporter field names that the reader stores as `&'static str`, so that they take no
/// allocation: the syslog header fields and the fields the generator writes. Together with
/// [`INTEGER_FIELDS`] they make [`FIELD_NAMES`]. Other names are stored as owned strings.
const COMMON_FIELDS: &[&str] = &[
    "timestamp",
    "hostname",
    "__policy_id_tag",
    "action",
    "additional_info",
    "administrator",
    "attack",
    "attack_info",
    "audit_status",
    "auth_method",
    "client_ip",
    "client_name",
    "client_version",
    "conn_direction",
    "dst",
    "event_type",
    "http_host",
    "ifdir",
    "ifname",
    "industry_reference",
    "inzone",
    "layer_name",
    "layer_uuid",
    "loguid",
    "machine",
    "malware_action",
    "malware_family",
    "malware_rule_id",
    "method",
    "office_mode_ip",
    "operation",
    "origin",
    "originsicname",
    "os_name",
    "outzone",
    "policy",
    "product",
    "protection_id",
    "protection_name",
    "protection_type",
    "proxy_src_ip",
    "reason",
    "resource",
    "rule_action",
    "rule_name",
    "rule_uid",
    "scope",
    "service_id",
    "smartdefense_profile",
    "src",
    "status",
    "subject",
    "tunnel_protocol",
    "user",
    "user_agent",
    "user_group",
    "xlatesrc",
];

/// Field names stored without allocation: [`INTEGER_FIELDS`] (group [`INTEGER`]) and
/// [`COMMON_FIELDS`].
static FIELD_NAMES: LazyLock<NameTable> = LazyLock::new(|| NameTable::new(&[INTEGER_FIELDS, COMMON_FIELDS]));

/// The group of [`INTEGER_FIELDS`] in [`FIELD_NAMES`].
const INTEGER: u8 = 0;

/// [`INTEGER_FIELDS`] followed by [`COMMON_FIELDS`]. The groups share no name, so each name's
/// position here is its slot in [`FIELD_NAMES`].
const FIELD_COLUMNS: [&str; INTEGER_FIELDS.len() + COMMON_FIELDS.len()] = {
    let mut columns = [""; INTEGER_FIELDS.len() + COMMON_FIELDS.len()];
    let mut index = 0;
    while index < INTEGER_FIELDS.len() {
        columns[index] = INTEGER_FIELDS[index];
        index += 1;
    }
    while index < columns.len() {
        columns[index] = COMMON_FIELDS[index - INTEGER_FIELDS.len()];
        index += 1;
    }
    columns
};

/// The [`Column`] of a field of [`FIELD_NAMES`], which a map of a parsed line reads by its slot.
macro_rules! column {
    ($name:literal) => {
        const { Column::of(&FIELD_COLUMNS, $name) }
    };
}

/// Security Gateways of the synthetic organisation: name and index of the subnet they front.
const GATEWAYS: &[(&str, usize)] = &[("cp-gw01", 0), ("cp-gw02", 2)];
/// The Security Management Server that runs Log Exporter.
const MANAGEMENT_HOST: &str = "cp-mgmt01";

/// (service_id, port, protocol number) of common services.
const SERVICES: &[(&str, u16, u8)] = &[
    ("https", 443, 6),
    ("http", 80, 6),
    ("domain-udp", 53, 17),
    ("ssh", 22, 6),
    ("smtp", 25, 6),
    ("ldap", 389, 6),
    ("microsoft-ds", 445, 6),
    ("ntp-udp", 123, 17),
    ("Remote_Desktop_Protocol", 3389, 6),
    ("telnet", 23, 6),
];
const ACCEPT_RULES: &[&str] = &["Allow web", "Allow DNS", "Internal services", "Mail relay", "Outbound NAT", "Admin access"];
const DROP_RULES: &[&str] = &["Cleanup rule", "Stealth rule", "Block inbound", "Block geo"];
const REJECT_RULES: &[&str] = &["Reject legacy protocols", "Reject SMB to internet"];
const INTERFACES: &[&str] = &["eth1", "eth2", "bond0.100", "bond0.200", "eth3"];

/// (protection name, industry reference, severity, protection id) of IPS protections. Every
/// protection has a reference, so each IPS event has the same fields.
const IPS_PROTECTIONS: &[(&str, &str, &str, &str)] = &[
    ("Apache Log4j Remote Code Execution (CVE-2021-44228)", "CVE-2021-44228", "Critical", "asm_dynamic_prop_CVE_2021_44228"),
    ("Apache HTTP Server Path Traversal (CVE-2021-41773)", "CVE-2021-41773", "High", "asm_dynamic_prop_CVE_2021_41773"),
    ("F5 BIG-IP iControl REST Authentication Bypass (CVE-2022-1388)", "CVE-2022-1388", "Critical", "asm_dynamic_prop_CVE_2022_1388"),
    ("Microsoft Exchange Server Remote Code Execution (CVE-2021-26855)", "CVE-2021-26855", "Critical", "asm_dynamic_prop_CVE_2021_26855"),
    ("Drupal Core Remote Code Execution (CVE-2018-7600)", "CVE-2018-7600", "Critical", "asm_dynamic_prop_CVE_2018_7600"),
    ("Apache Struts2 Content-Type Remote Code Execution (CVE-2017-5638)", "CVE-2017-5638", "High", "asm_dynamic_prop_CVE_2017_5638"),
    ("WordPress Plugin Directory Traversal (CVE-2020-11738)", "CVE-2020-11738", "Medium", "asm_dynamic_prop_CVE_2020_11738"),
];
const IPS_ATTACKS: &[&str] = &["Web Server Enforcement Violation", "Content Protection Violation", "Malicious Code Protection"];
const MALWARE_FAMILIES: &[&str] = &["Emotet", "Qakbot", "AgentTesla", "Formbook", "IcedID", "Lokibot"];
/// Command-and-control host names, all under the reserved `.test` top-level domain.
const C2_HOSTS: &[&str] = &["upd4te-cdn.test", "telemetry-sync.test", "login-verify.test", "mx-relay7.test", "static-img-cache.test"];
const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Microsoft BITS/7.8",
    "curl/8.4.0",
];
const VPN_CLIENTS: &[(&str, &[&str])] = &[
    ("Endpoint Security VPN", &["E88.50", "E88.40", "E87.30"]),
    ("Check Point Mobile", &["E88.50", "E87.30"]),
    ("SSL Network Extender", &["800008207"]),
];
const VPN_AUTH_METHODS: &[&str] = &["Username and Password", "Certificate", "RADIUS", "SAML"];
const VPN_FAILURE_REASONS: &[&str] = &[
    "Wrong user name or password",
    "User is locked out",
    "Certificate has expired",
    "Second authentication factor failed",
];
const CLIENT_OSES: &[&str] = &["Windows 11", "Windows 10", "macOS 14", "iOS 17"];
const ADMIN_AUTH_METHODS: &[&str] = &["Authentication method: Password", "Authentication method: radius", "Authentication method: Active Directory"];

impl Source for CheckPoint {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        with_second_texts(ctx.time, |texts| fields.str("timestamp", &texts.timestamp));
        fields.str("hostname", MANAGEMENT_HOST);
        fields.int("pid", ctx.rng.range(2_000, 32_000) as i64);
        let fields = &mut Params::new(fields);
        match ctx.variant {
            TRAFFIC_ACCEPT | TRAFFIC_DROP | TRAFFIC_REJECT => fill_traffic(ctx, fields),
            THREAT_IPS => fill_ips(ctx, fields),
            THREAT_ANTIBOT => fill_antibot(ctx, fields),
            VPN_LOGIN | VPN_LOGIN_FAILED => fill_vpn_login(ctx, fields),
            _ => fill_admin_login(ctx, fields),
        }
    }

    fn write(&self, _variant: usize, fields: &Fields, out: &mut String) {
        let header = syslog5424::Header {
            facility: facility::LOCAL0,
            severity: severity::INFORMATIONAL,
            timestamp: fields.get("timestamp"),
            hostname: fields.get("hostname"),
            app_name: Some(APP_NAME),
            proc_id: fields.get("pid"),
            msg_id: None,
        };
        syslog5424::write_header(out, &header);
        out.push_str(" [");
        out.push_str(SD_ID);
        if !append_filled_params(out, fields) {
            // `fill` appends the header fields first.
            syslog5424::write_field_params_after(out, fields, HEADER_FIELDS);
            out.push(']');
        }
    }

    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let line = line.trim_end_matches(['\r', '\n']);
        // Values borrowed from the line stay ranges of the map's copy of it.
        let mut fields = FieldMap::with_names(FIELD_CAPACITY, line, &FIELD_NAMES);
        read_any(line, &mut fields, state.options.year)?;
        add_canonical_names(&mut fields);
        let variant = classify(&fields);
        Ok(Some(Parsed { variant, fields }))
    }

    fn parse_json(&self, value: &Value, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let Some(object) = value.as_object() else {
            return Err(ParseError::new(0, "expected a JSON object holding one Check Point log"));
        };
        let is_log = ["loguid", "origin", "product", "UUid", "ProductName"].iter().any(|key| object.contains_key(*key));
        if !is_log {
            for key in ["message", "log", "_raw", "raw", "event"] {
                if let Some(text) = object.get(key).and_then(Value::as_str) {
                    return self.parse_line(text, state);
                }
            }
            return Err(ParseError::new(0, "the JSON object has none of loguid, origin or product, so it is not a Check Point log"));
        }
        let mut fields = FieldMap::new();
        for (name, value) in object {
            match value {
                Value::String(text) => put(&mut fields, name, text),
                other => {
                    fields.insert(name.clone(), other.clone());
                }
            }
        }
        add_canonical_names(&mut fields);
        let variant = classify(&fields);
        Ok(Some(Parsed { variant, fields }))
    }

    fn continuation_test(&self) -> Option<fn(&str) -> bool> {
        Some(continues_event)
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        let fields = &parsed.fields;
        let time = options.event_time(event_time(fields, options)?)?;
        let variant = parsed.variant.unwrap_or("firewall_event");
        let audit_operation = text_at(fields, column!("operation")).filter(|_| text_at(fields, column!("administrator")).is_some());
        let mut record = match variant {
            "threat_ips" | "threat_antibot" | "threat_other" => threat_record(fields, time),
            "vpn_login" | "vpn_login_failed" | "admin_login" | "admin_login_failed" | "identity_login" => login_record(fields, time, variant, 1),
            // Audit logs of the management server and of the gateway's web portal name the
            // administrator and the operation, and some carry `action:"Accept"` as well.
            _ if audit_operation == Some("Log Out") || text_at(fields, column!("subject")) == Some("Administrator Logout") => {
                login_record(fields, time, "admin_login", 2)
            }
            _ if audit_operation.is_some() => audit_record(fields, time),
            _ => traffic_record(fields, time),
        };
        if let Some(text) = text_at(fields, column!("product")) {
            record.set("metadata.product.feature.name", text);
        }
        let mut metadata = Object::with_capacity(2);
        if let Some(uid) = present(text_at(fields, column!("loguid"))) {
            metadata.append("uid", uid);
        }
        // The syslog header names the host that sent the line: the management or log server
        // that exports it, or a relay in front of it, rather than the gateway that logged it.
        if let Some(sender) = text_at(fields, column!("hostname")) {
            // Built as objects of the record, which costs less than `serde_json` values.
            let mut device = Object::with_capacity(3);
            device.append("hostname", sender);
            device.append("type_id", 0);
            device.append("type", "Unknown");
            let mut logger = Object::with_capacity(2);
            logger.append("name", sender);
            logger.append("device", device);
            metadata.append("loggers", Node::Array(vec![Node::Object(logger)]));
        }
        record.merge_metadata(metadata);
        Ok(record.build())
    }
}

// ---------------------------------------------------------------------------------------
// Generation

/// Expands to the key that [`Params`] writes before the value of the parameter `name`: the
/// closing quote of the value before it, a space, `name=` and the opening quote.
macro_rules! key {
    ($name:literal) => {
        concat!("\" ", $name, "=\"")
    };
}

/// Structured-data parameters, each written after its key `" name="` (see `key!`). The value
/// buffer then contains the parameter text of the line, which [`append_filled_params`] copies
/// in one piece.
type Params<'a> = KeyedFields<'a, 2, 2>;

/// Appends the parameters after the [`HEADER_FIELDS`] header fields and the `]` that closes
/// the element, as [`syslog5424::write_field_params_after`] does, copying them from the value
/// buffer that [`Params`] filled. Returns false, having appended nothing, when an override moved
/// a value (an override appends the new value at the end of the buffer) or a value contains `"`.
fn append_filled_params(out: &mut String, fields: &Fields) -> bool {
    let text = fields.text();

    // Every value must sit where `fill` put it: the header values one after the other from the
    // start of the buffer, then each parameter right after its key. Values only move to the end
    // of the buffer, so a value in its place means that the text before it is its key.
    let mut end = 0;
    let mut params_start = 0;
    for (index, (name, _, start, value_end)) in fields.spans().enumerate() {
        if index == HEADER_FIELDS {
            params_start = end;
        }
        let expected = if index < HEADER_FIELDS { end } else { end + name.len() + 4 };
        if start != expected {
            return false;
        }
        end = value_end;
    }
    if fields.len() <= HEADER_FIELDS || end != text.len() {
        return false;
    }
    // The first key opens with a quote that closes no value.
    let Some(params) = text.get(params_start + 1..end) else {
        return false;
    };

    // Each key but the first contains two quotes, so any other quote is in a value. The other
    // bytes to escape occur only in values, because the keys are parameter names.
    let bytes = params.as_bytes();
    let (quotes, suspects) = scan_quotes(bytes, may_need_escape);
    if quotes != 2 * (fields.len() - HEADER_FIELDS) - 1 {
        return false;
    }
    if !suspects.is_empty() {
        // Only the blocks from the first to the last with a suspect byte are searched again.
        syslog5424::push_escaped_run(out, params, suspects, &may_need_escape, is_escaped);
    } else {
        out.push_str(params);
    }
    out.push_str("\"]");
    true
}

/// Returns true for a byte other than `"` that a PARAM-VALUE escapes: `\`, `]` and ASCII control
/// characters other than tab.
fn is_escaped(byte: u8) -> bool {
    ((byte < 0x20) & (byte != b'\t')) | (byte == b'\\') | (byte == b']') | (byte == 0x7f)
}

/// Returns true for a byte of [`is_escaped`], a tab or `^`, a superset that takes fewer vector
/// instructions per block: the range from `\` to `^` stands for `\` and `]`.
fn may_need_escape(byte: u8) -> bool {
    (byte < 0x20) | (byte.wrapping_sub(b'\\') < 3) | (byte == 0x7f)
}

/// Returns the gateway name and its internal address (`.1` of the subnet it fronts).
fn pick_gateway(world: &World, rng: &mut EventRng) -> (&'static str, Ipv4Addr) {
    let (name, subnet) = *rng.pick(GATEWAYS);
    let subnet = world.subnets.get(subnet).or(world.subnets.first());
    let ip = subnet.map_or(Ipv4Addr::new(10, 0, 0, 1), |s| Ipv4Addr::from(u32::from(s.network) + 1));
    (name, ip)
}

/// Returns the address of the management server, in the server subnet.
fn management_ip(world: &World) -> Ipv4Addr {
    let subnet = world.subnets.get(1).or(world.subnets.first());
    subnet.map_or(Ipv4Addr::new(10, 0, 1, 4), |s| Ipv4Addr::from(u32::from(s.network) + 4))
}

/// Appends the six-character suffix Check Point appends to SIC names, fixed for a world.
fn push_sic_suffix(out: &mut String, world: &World) {
    // The tenant id usually starts with six lower-case hexadecimal digits, which are copied
    // in one step.
    let prefix = world.tenant_id.get(..6).unwrap_or_default();
    if prefix.len() == 6 && prefix.bytes().all(|byte| byte.is_ascii_digit() || byte.is_ascii_lowercase()) {
        out.push_str(prefix);
        return;
    }
    // Bytes rather than chars, because an ASCII letter or digit is one byte and no other byte
    // passes the filter.
    for byte in world.tenant_id.bytes().filter(u8::is_ascii_alphanumeric).take(6) {
        out.push(char::from(byte.to_ascii_lowercase()));
    }
}

/// Appends `value` in lower-case hexadecimal without leading zeros, as `{:x}` writes it.
fn push_hex(out: &mut String, value: u64) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut digit_count = (64 - value.leading_zeros()).div_ceil(4).max(1);
    // An odd leading digit goes alone, and the rest two at a time.
    if digit_count % 2 == 1 {
        digit_count -= 1;
        out.push(char::from(DIGITS[((value >> (4 * digit_count)) & 0xf) as usize]));
    }
    while digit_count > 0 {
        digit_count -= 2;
        push_hex_byte(out, (value >> (4 * digit_count)) as u8);
    }
}

/// Appends a log unique id, `{0x...,0x...,0x...,0x...}` with the four words in hexadecimal:
/// `start`, the text up to the second word (see [`SecondTexts::loguid_start`]), then `words`.
fn push_loguid(out: &mut String, start: &str, words: [u64; 3]) {
    out.push_str(start);
    for (index, word) in words.into_iter().enumerate() {
        if index > 0 {
            out.push_str(",0x");
        }
        push_hex(out, word);
    }
    out.push('}');
}

/// Texts that depend only on the whole second of an event's time.
struct SecondTexts {
    second: Option<i64>,
    /// The RFC 3339 time of the syslog header.
    timestamp: String,
    /// The second since the epoch in decimal, the `time` field.
    epoch: String,
    /// The start of a log unique id: `{0x`, the second as a 32-bit word in hexadecimal, `,0x`.
    loguid_start: String,
}

thread_local! {
    /// The texts of the last second written on this thread. Several events fall in one
    /// second, and copying the texts costs less than writing them.
    static SECOND_TEXTS: RefCell<SecondTexts> = const {
        RefCell::new(SecondTexts { second: None, timestamp: String::new(), epoch: String::new(), loguid_start: String::new() })
    };
}

/// Calls `use_texts` with the texts of the second of `time`.
fn with_second_texts<R>(time: Timestamp, use_texts: impl FnOnce(&SecondTexts) -> R) -> R {
    SECOND_TEXTS.with_borrow_mut(|texts| {
        let second = time.secs();
        if texts.second != Some(second) {
            texts.timestamp.clear();
            Timestamp::from_secs(second).write_rfc3339(&mut texts.timestamp, 0);
            texts.epoch.clear();
            push_i64(&mut texts.epoch, second);
            texts.loguid_start.clear();
            texts.loguid_start.push_str("{0x");
            push_hex(&mut texts.loguid_start, u64::from(second as u32));
            texts.loguid_start.push_str(",0x");
            texts.second = Some(second);
        }
        use_texts(texts)
    })
}

/// Appends the fields every gateway log starts with, from `action` to `version`.
fn fill_log_head(ctx: &mut GenContext<'_>, fields: &mut Params<'_>, action: &str, gateway: (&str, Ipv4Addr), ifdir: &str) {
    let (gateway_name, gateway_ip) = gateway;
    let world = ctx.world;
    fields.str(key!("action"), action);
    fields.num(key!("flags"), ctx.rng.pick_str(&["18692", "411908", "395524", "802832", "133376"]));
    fields.str(key!("ifdir"), ifdir);
    fields.str(key!("ifname"), ctx.rng.pick_str(INTERFACES));
    fields.int(key!("logid"), 0);
    with_second_texts(ctx.time, |texts| {
        fields.with(key!("loguid"), |out| {
            let words = [ctx.rng.below(0x400), u64::from(ctx.rng.next_u64() as u32), u64::from(ctx.rng.next_u64() as u32)];
            push_loguid(out, &texts.loguid_start, words);
        });
    });
    fields.ipv4(key!("origin"), gateway_ip);
    fields.with(key!("originsicname"), |out| {
        out.push_str("CN=");
        out.push_str(gateway_name);
        out.push_str(",O=");
        out.push_str(MANAGEMENT_HOST);
        out.push_str("..");
        push_sic_suffix(out, world);
    });
    fields.int(key!("sequencenum"), ctx.rng.range(1, 600) as i64);
    with_second_texts(ctx.time, |texts| fields.num(key!("time"), &texts.epoch));
    fields.int(key!("version"), 5);
}

/// The `__policy_id_tag` text of one organisation and policy installation time.
struct PolicyTag {
    tenant_id: String,
    installed: i64,
    text: String,
}

thread_local! {
    /// The policy tag last written on this thread. It changes once a day, and copying it
    /// costs less than writing it.
    static POLICY_TAG: RefCell<PolicyTag> = const { RefCell::new(PolicyTag { tenant_id: String::new(), installed: 0, text: String::new() }) };
}

/// Appends `__policy_id_tag`, which names the installed policy and the management server.
/// The text depends only on the tenant id of the world and the day of the event.
fn fill_policy_tag(ctx: &GenContext<'_>, fields: &mut Params<'_>) {
    let installed = ctx.time.secs().div_euclid(86_400) * 86_400 - 5 * 3600;
    let tenant_id = &ctx.world.tenant_id;
    POLICY_TAG.with_borrow_mut(|cached| {
        if cached.text.is_empty() || cached.installed != installed || cached.tenant_id != *tenant_id {
            cached.text.clear();
            write_policy_tag(&mut cached.text, tenant_id, installed);
            cached.tenant_id.clear();
            cached.tenant_id.push_str(tenant_id);
            cached.installed = installed;
        }
        fields.str(key!("__policy_id_tag"), &cached.text);
    });
}

/// Appends the text of `__policy_id_tag` for a policy installed at `installed`, in seconds
/// since the epoch.
fn write_policy_tag(out: &mut String, tenant_id: &str, installed: i64) {
    out.push_str("product=VPN-1 & FireWall-1[db_tag={");
    let start = out.len();
    out.push_str(tenant_id);
    out[start..].make_ascii_uppercase();
    out.push_str("};mgmt=");
    out.push_str(MANAGEMENT_HOST);
    out.push_str(";date=");
    push_i64(out, installed);
    out.push_str(";policy_name=Standard]");
}

fn internal_host_ip(ctx: &mut GenContext<'_>) -> Ipv4Addr {
    ctx.rng.pick(&ctx.world.hosts).ip
}

fn server_ip(ctx: &mut GenContext<'_>) -> Ipv4Addr {
    let world = ctx.world;
    // Counting and then walking to the chosen server draws the same index as picking from a
    // collected list, without allocating one per event.
    let servers = || world.servers().iter().filter(|h| h.role == HostRole::Server);
    let count = servers().count();
    if count == 0 {
        return internal_host_ip(ctx);
    }
    let index = ctx.rng.index(count);
    servers().nth(index).map_or(Ipv4Addr::UNSPECIFIED, |host| host.ip)
}

fn external_ip(ctx: &mut GenContext<'_>) -> Ipv4Addr {
    *ctx.rng.pick(&ctx.world.external_addresses)
}

fn fill_traffic(ctx: &mut GenContext<'_>, fields: &mut Params<'_>) {
    let (action, directions, rules): (&str, &[(&str, u32)], &[&str]) = match ctx.variant {
        TRAFFIC_ACCEPT => ("Accept", &[("Outgoing", 70), ("Internal", 20), ("Incoming", 10)], ACCEPT_RULES),
        TRAFFIC_DROP => ("Drop", &[("Incoming", 75), ("Outgoing", 15), ("Internal", 10)], DROP_RULES),
        _ => ("Reject", &[("Outgoing", 50), ("Internal", 50)], REJECT_RULES),
    };
    let direction = *ctx.rng.pick_weighted(directions);
    let (service_id, port, proto) = match ctx.variant {
        TRAFFIC_REJECT => *ctx.rng.pick(&[SERVICES[6], SERVICES[9]]),
        _ => *ctx.rng.pick(SERVICES),
    };
    let (src, dst, inzone, outzone) = match direction {
        "Outgoing" => (internal_host_ip(ctx), external_ip(ctx), "Internal", "External"),
        "Incoming" => (external_ip(ctx), server_ip(ctx), "External", if ctx.rng.chance(500) { "DMZ" } else { "Internal" }),
        _ => (internal_host_ip(ctx), server_ip(ctx), "Internal", "Internal"),
    };
    let (gateway_name, gateway_ip) = pick_gateway(ctx.world, &mut ctx.rng);

    fill_log_head(ctx, fields, action, (gateway_name, gateway_ip), "inbound");
    fill_policy_tag(ctx, fields);
    fields.str(key!("conn_direction"), direction);
    fields.ipv4(key!("dst"), dst);
    fields.str(key!("inzone"), inzone);
    fields.str(key!("layer_name"), "Network");
    fields.with(key!("layer_uuid"), |out| ctx.rng.uuid_into(out));
    fields.int(key!("match_id"), ctx.rng.range(1, 400) as i64);
    fields.int(key!("parent_rule"), 0);
    fields.str(key!("rule_action"), action);
    fields.str(key!("rule_name"), ctx.rng.pick_str(rules));
    fields.with(key!("rule_uid"), |out| ctx.rng.uuid_into(out));
    fields.str(key!("outzone"), outzone);
    fields.str(key!("product"), "VPN-1 & FireWall-1");
    fields.int(key!("proto"), i64::from(proto));
    fields.int(key!("s_port"), ctx.rng.range(1024, 65_535) as i64);
    fields.int(key!("service"), i64::from(port));
    fields.str(key!("service_id"), service_id);
    fields.ipv4(key!("src"), src);
    if ctx.variant == TRAFFIC_ACCEPT && direction == "Outgoing" {
        let nat = *ctx.rng.pick(&ctx.world.nat_addresses);
        fields.ipv4(key!("xlatesrc"), nat);
        fields.int(key!("xlatesport"), ctx.rng.range(10_000, 60_000) as i64);
        fields.int(key!("nat_rulenum"), ctx.rng.range(1, 40) as i64);
        fields.int(key!("nat_addtnl_rulenum"), 0);
    }
}

fn fill_ips(ctx: &mut GenContext<'_>, fields: &mut Params<'_>) {
    let (protection, reference, severity, protection_id) = *ctx.rng.pick(IPS_PROTECTIONS);
    let action = if ctx.rng.chance(700) { "Prevent" } else { "Detect" };
    let src = external_ip(ctx);
    let dst = server_ip(ctx);
    let (service_id, port) = if ctx.rng.chance(600) { ("https", 443) } else { ("http", 80) };
    let (gateway_name, gateway_ip) = pick_gateway(ctx.world, &mut ctx.rng);

    fill_log_head(ctx, fields, action, (gateway_name, gateway_ip), "inbound");
    fill_policy_tag(ctx, fields);
    fields.str(key!("attack"), ctx.rng.pick_str(IPS_ATTACKS));
    fields.str(key!("attack_info"), protection);
    fields.int(key!("confidence_level"), ctx.rng.range(3, 5) as i64);
    fields.ipv4(key!("dst"), dst);
    fields.str(key!("industry_reference"), reference);
    fields.str(key!("layer_name"), "Standard Threat Prevention");
    fields.with(key!("malware_rule_id"), |out| {
        out.push('{');
        let start = out.len();
        ctx.rng.uuid_into(out);
        out[start..].make_ascii_uppercase();
        out.push('}');
    });
    fields.int(key!("performance_impact"), ctx.rng.range(1, 4) as i64);
    fields.str(key!("policy"), "Standard");
    fields.str(key!("product"), "SmartDefense");
    fields.str(key!("protection_id"), protection_id);
    fields.str(key!("protection_name"), protection);
    fields.str(key!("protection_type"), "IPS");
    fields.int(key!("proto"), 6);
    fields.int(key!("s_port"), ctx.rng.range(1024, 65_535) as i64);
    fields.int(key!("service"), port);
    fields.str(key!("service_id"), service_id);
    fields.str(key!("severity"), severity);
    fields.str(key!("smartdefense_profile"), "Optimized");
    fields.ipv4(key!("src"), src);
}

fn fill_antibot(ctx: &mut GenContext<'_>, fields: &mut Params<'_>) {
    let family = ctx.rng.pick_str(MALWARE_FAMILIES);
    let host = ctx.rng.pick_str(C2_HOSTS);
    let action = if ctx.rng.chance(650) { "Prevent" } else { "Detect" };
    let src = internal_host_ip(ctx);
    let dst = external_ip(ctx);
    let (gateway_name, gateway_ip) = pick_gateway(ctx.world, &mut ctx.rng);

    fill_log_head(ctx, fields, action, (gateway_name, gateway_ip), "outbound");
    fill_policy_tag(ctx, fields);
    fields.int(key!("confidence_level"), ctx.rng.range(3, 5) as i64);
    fields.ipv4(key!("dst"), dst);
    fields.str(key!("http_host"), host);
    fields.str(key!("layer_name"), "Standard Threat Prevention");
    fields.str(key!("malware_action"), "Communication with C&C site");
    fields.str(key!("malware_family"), family);
    fields.str(key!("method"), if ctx.rng.chance(700) { "GET" } else { "POST" });
    fields.str(key!("policy"), "Standard");
    fields.str(key!("product"), "Anti Malware");
    fields.with(key!("protection_id"), |out| {
        out.push_str("00");
        ctx.rng.hex_upper_into(out, 7);
    });
    fields.with(key!("protection_name"), |out| {
        out.push_str(family);
        out.push_str(".TC.");
        out.push_str(ctx.rng.pick_str(&["ab", "hk", "qz", "mt"]));
    });
    fields.str(key!("protection_type"), "URL reputation");
    fields.int(key!("proto"), 6);
    fields.ipv4(key!("proxy_src_ip"), src);
    fields.with(key!("resource"), |out| {
        out.push_str("http://");
        out.push_str(host);
        out.push('/');
        ctx.rng.alphanumeric_into(out, 8);
        out.push_str(".php");
    });
    fields.int(key!("s_port"), ctx.rng.range(1024, 65_535) as i64);
    fields.ipv4(key!("scope"), src);
    fields.int(key!("service"), 80);
    fields.str(key!("service_id"), "http");
    fields.int(key!("severity"), ctx.rng.range(2, 4) as i64);
    fields.str(key!("smartdefense_profile"), "Optimized");
    fields.ipv4(key!("src"), src);
    fields.str(key!("user_agent"), ctx.rng.pick_str(USER_AGENTS));
}

fn fill_vpn_login(ctx: &mut GenContext<'_>, fields: &mut Params<'_>) {
    let failed = ctx.variant == VPN_LOGIN_FAILED;
    let user = ctx.rng.pick(&ctx.world.users);
    let (client, versions) = *ctx.rng.pick(VPN_CLIENTS);
    let src = external_ip(ctx);
    let gateway_public = *ctx.rng.pick(&ctx.world.nat_addresses);
    let (gateway_name, gateway_ip) = pick_gateway(ctx.world, &mut ctx.rng);

    fill_log_head(ctx, fields, if failed { "Failed Log In" } else { "Log In" }, (gateway_name, gateway_ip), "inbound");
    fields.str(key!("auth_method"), ctx.rng.pick_str(VPN_AUTH_METHODS));
    fields.str(key!("client_name"), client);
    fields.str(key!("client_version"), ctx.rng.pick_str(versions));
    fields.ipv4(key!("dst"), gateway_public);
    fields.str(key!("event_type"), "Login");
    if !failed {
        let third = ctx.rng.range(0, 15) as u8;
        let fourth = ctx.rng.range(2, 254) as u8;
        fields.ipv4(key!("office_mode_ip"), Ipv4Addr::new(172, 16, third, fourth));
    }
    fields.str(key!("os_name"), ctx.rng.pick_str(CLIENT_OSES));
    fields.str(key!("product"), "Mobile Access");
    if failed {
        fields.str(key!("reason"), ctx.rng.pick_str(VPN_FAILURE_REASONS));
    }
    fields.ipv4(key!("src"), src);
    fields.str(key!("status"), if failed { "Failure" } else { "Success" });
    fields.str(key!("tunnel_protocol"), if client == "SSL Network Extender" { "SSL" } else { "IPSec" });
    fields.with(key!("user"), |out| {
        out.push_str(&user.display_name);
        out.push_str(" (");
        out.push_str(&user.username);
        out.push(')');
    });
    fields.str(key!("user_group"), "Remote Access Users");
}

fn fill_admin_login(ctx: &mut GenContext<'_>, fields: &mut Params<'_>) {
    let failed = ctx.variant == ADMIN_LOGIN_FAILED;
    let admins: Vec<usize> = (0..ctx.world.users.len()).filter(|i| ctx.world.users[*i].admin).collect();
    let index = if admins.is_empty() { ctx.rng.index(ctx.world.users.len()) } else { *ctx.rng.pick(&admins) };
    let user = &ctx.world.users[index];
    let workstation = ctx.world.workstation_of(index);

    fields.str(key!("action"), "Accept");
    fields.int(key!("flags"), 163872);
    fields.str(key!("ifdir"), "outbound");
    with_second_texts(ctx.time, |texts| {
        fields.with(key!("loguid"), |out| {
            let words = [0, u64::from(ctx.rng.next_u64() as u32), u64::from(ctx.rng.next_u64() as u32)];
            push_loguid(out, &texts.loguid_start, words);
        });
    });
    fields.ipv4(key!("origin"), management_ip(ctx.world));
    fields.with(key!("originsicname"), |out| {
        out.push_str("cn=cp_mgmt,o=");
        out.push_str(MANAGEMENT_HOST);
        out.push_str("..");
        push_sic_suffix(out, ctx.world);
    });
    fields.int(key!("sequencenum"), 1);
    with_second_texts(ctx.time, |texts| fields.num(key!("time"), &texts.epoch));
    fields.int(key!("version"), 5);
    if failed {
        let reason = ctx.rng.pick_str(&["Wrong Password", "Account is locked", "Administrator does not exist"]);
        fields.with(key!("additional_info"), |out| {
            out.push_str("Administrator failed to log in: ");
            out.push_str(reason);
        });
    } else {
        fields.str(key!("additional_info"), ctx.rng.pick_str(ADMIN_AUTH_METHODS));
    }
    fields.str(key!("administrator"), &user.username);
    if failed {
        fields.str(key!("audit_status"), "Failure");
    }
    fields.ipv4(key!("client_ip"), workstation.ip);
    fields.str(key!("machine"), &workstation.fqdn);
    fields.str(key!("operation"), "Log In");
    fields.int(key!("operation_number"), if failed { 11 } else { 10 });
    fields.str(key!("product"), "SmartConsole");
    fields.str(key!("subject"), "Administrator Login");
}

// ---------------------------------------------------------------------------------------
// Reading

/// Stores a field, typed as a number when its name is in [`INTEGER_FIELDS`] and its text is
/// an integer. The first occurrence of a name wins, because Check Point repeats rule fields
/// once per policy layer and the first is the network layer.
fn put(fields: &mut FieldMap, name: &str, value: &str) {
    // A known name is borrowed from the static table, which saves an allocation per field.
    let (key, integer_field): (FieldName, bool) = match FIELD_NAMES.find(name) {
        Some(known) => (Cow::Borrowed(known.name), known.group == INTEGER),
        None => (Cow::Owned(name.to_string()), false),
    };
    // The first value of a name stays. An unknown name is allocated even when it repeats, which
    // is rare.
    fields.put_field(key, typed_field(value, integer_field), true);
}



/// Returns the value of a field: an integer for an integer field whose text is one, else the
/// text, which the map keeps as a range of the line when it is borrowed from it.
fn typed_field(value: &str, integer_field: bool) -> FieldValue<'_> {
    match if integer_field { parse_integer(value) } else { None } {
        Some(integer) => FieldValue::Value(Value::from(integer)),
        None => FieldValue::Text(value),
    }
}

/// Returns the value of `text` when it is an optional `-` followed by decimal digits, at most
/// 20 bytes in all, and fits an i64.
fn parse_integer(text: &str) -> Option<i64> {
    if text.len() > 20 {
        return None;
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    // Negative values are built downwards so that i64::MIN, which has no positive twin, fits.
    digits.bytes().try_fold(0i64, |total, byte| {
        let digit = i64::from(byte.checked_sub(b'0').filter(|digit| *digit <= 9)?);
        let shifted = total.checked_mul(10)?;
        if negative {
            shifted.checked_sub(digit)
        } else {
            shifted.checked_add(digit)
        }
    })
}

/// Returns true when `line` continues the event before it rather than starting one. Relays
/// fold long Log Exporter lines, CEF ones above all, at arbitrary spaces, so a continuation can
/// start with any text. An event starts with a syslog priority (`<134>`), a syslog time
/// (`Jan  5 09:00:00` or `2026-01-05T09:00:00Z`), `CEF:` or `LEEF:`, a CEF header whose `CEF:`
/// a relay took as the syslog tag (`0|Check Point|`), the `[key:"value"` body, a JSON record,
/// or the `time=...|` layout. A line that starts otherwise but contains a whole log body, such as
/// one whose syslog priority a collector dropped, starts an event too.
fn continues_event(line: &str) -> bool {
    !(starts_like_event(line) || find_cef(line).is_some() || line.contains("LEEF:") || find_block(line).is_some() || find_pipe_pairs(line).is_some())
}

/// True when `line` opens the way a Check Point event does; see [`continues_event`].
fn starts_like_event(line: &str) -> bool {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let line = line.trim_start();
    let bytes = line.as_bytes();
    match bytes.first() {
        Some(b'<') => bytes.get(1).is_some_and(u8::is_ascii_digit),
        Some(b'[' | b'{') => true,
        Some(b'0'..=b'9') => {
            let date = bytes.len() >= 10 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-' && bytes[7] == b'-';
            date || line.starts_with("0|Check Point|")
        }
        Some(_) => {
            let month = MONTHS.iter().any(|m| line.starts_with(m)) && bytes.get(3) == Some(&b' ');
            month || ["CEF:", "LEEF:", "time="].iter().any(|prefix| line.starts_with(prefix))
        }
        None => false,
    }
}

/// Reads any layout Log Exporter writes into `fields`. A CEF time without a year takes `year`.
fn read_any(line: &str, fields: &mut FieldMap, year: i32) -> Result<(), ParseError> {
    if line.trim().is_empty() {
        return Err(ParseError::new(0, "empty line"));
    }
    if line.len() > syslog5424::MAX_LINE {
        return Err(ParseError::new(
            syslog5424::MAX_LINE,
            format!("line of {} bytes exceeds the {}-byte limit", line.len(), syslog5424::MAX_LINE),
        ));
    }
    if may_hold_cef_or_leef(line) {
        // A syslog header in front of CEF or LEEF names the sender and gives a time for
        // events without their own.
        // A LEEF 2.0 header, `LEEF:2.0|Check Point|...`, contains the `0|Check Point|` that
        // marks a CEF header without `CEF:`, so LEEF wins when it starts first.
        let leef_at = line.find("LEEF:");
        if let Some(cef_at) = find_cef(line).filter(|cef_at| leef_at.is_none_or(|leef_at| *cef_at < leef_at)) {
            read_header(&line[..cef_at], fields);
            return read_cef(line, cef_at, fields, year);
        }
        if let Some(leef_at) = leef_at {
            read_header(&line[..leef_at], fields);
            return read_leef(line, fields, year);
        }
    }
    read_header(line, fields);
    if let Some(at) = find_block(line) {
        let bytes = line.as_bytes();
        let name_len = bytes[at + 1..].iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')).count();
        let after_name = bytes.get(at + 1 + name_len).copied();
        return if after_name == Some(b':') {
            read_legacy_block(line, at, fields)
        } else {
            read_sd_elements(line, at, fields)
        };
    }
    if let Some(at) = find_pipe_pairs(line) {
        return read_pipe_pairs(line, at, fields);
    }
    Err(ParseError::new(
        0,
        "no Check Point log body found: expected [key:\"value\"; ...], an SD element such as [sc4s@2620 ...], time=...|action=...|, CEF or LEEF",
    ))
}

/// Returns false when `line` contains none of `CEF:`, `LEEF:` and `0|Check Point|`, which
/// all have a `|` or an `EF:`. One pass over the line replaces three substring searches.
fn may_hold_cef_or_leef(line: &str) -> bool {
    let bytes = line.as_bytes();
    // Most lines have a few `:` (those of the time) and no `|`, so a vector search for the two
    // bytes passes over the rest of the line in long steps.
    memchr::memchr2_iter(b':', b'|', bytes).any(|at| bytes[at] == b'|' || bytes[..at].ends_with(b"EF"))
}

/// Reads the syslog header when there is one, ignoring what is not a header.
fn read_header(line: &str, fields: &mut FieldMap) {
    if let Ok((header, _)) = syslog5424::parse_header(line) {
        if let Some(timestamp) = header.timestamp {
            put(fields, "timestamp", timestamp);
        }
        if let Some(hostname) = header.hostname {
            put(fields, "hostname", hostname);
        }
        if let Some(pid) = header.proc_id {
            put(fields, "pid", pid);
        }
    } else if let Ok(header) = syslog3164::parse(line) {
        if let Some(timestamp) = header.timestamp {
            put(fields, "timestamp", timestamp);
        }
        if let Some(hostname) = header.hostname {
            put(fields, "hostname", hostname);
        }
    }
}

/// Returns the offset of the `[` that opens the log body, which is `[key:"` in the default
/// format and `[name@...` in RFC 5424 structured data.
fn find_block(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut search = 0;
    while let Some(found) = line[search..].find('[') {
        let at = search + found;
        let rest = &bytes[at + 1..];
        let name_len = rest.iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')).count();
        let next = rest.get(name_len).copied();
        let legacy = name_len > 0 && next == Some(b':') && rest[name_len..].iter().find(|b| **b != b':') == Some(&b'"');
        let structured = name_len > 0 && next == Some(b'@');
        if legacy || structured {
            return Some(at);
        }
        search = at + 1;
    }
    None
}

/// Reads the default Log Exporter body `[key:"value"; key:"value"; ...]`. Values escape `"`,
/// `\` and `]` with a backslash, and some releases write `key::"value"`.
fn read_legacy_block(line: &str, open: usize, fields: &mut FieldMap) -> Result<(), ParseError> {
    let bytes = line.as_bytes();
    let mut at = open + 1;
    loop {
        while matches!(bytes.get(at), Some(b' ' | b';')) {
            at += 1;
        }
        match bytes.get(at) {
            Some(b']') => return Ok(()),
            None => return Err(ParseError::new(at, "the Check Point log body is not closed by ']'")),
            Some(_) => {}
        }
        let key_len = bytes[at..].iter().take_while(|b| !matches!(b, b':' | b'"' | b']' | b';')).count();
        if key_len == 0 || bytes.get(at + key_len) != Some(&b':') {
            return Err(ParseError::new(at + key_len, "expected 'key:\"value\"' in the Check Point log body"));
        }
        let key = line[at..at + key_len].trim();
        at += key_len;
        while bytes.get(at) == Some(&b':') {
            at += 1;
        }
        if bytes.get(at) != Some(&b'"') {
            return Err(ParseError::new(at, format!("expected '\"' opening the value of '{key}'")));
        }
        let value_start = at + 1;
        at = value_start;
        loop {
            match bytes.get(at) {
                Some(b'\\') => at += 2,
                Some(b'"') => break,
                Some(_) => at += 1,
                None => return Err(ParseError::new(value_start, format!("the value of '{key}' is not closed by '\"'"))),
            }
        }
        let raw = line.get(value_start..at).unwrap_or("");
        let value = unescape_backslashes(raw, |b| matches!(b, b'"' | b'\\' | b']').then_some(b as char));
        put(fields, key, &value);
        at += 1;
    }
}

/// Reads RFC 5424 SD elements from `open`; the parameters of every element become fields.
fn read_sd_elements(line: &str, open: usize, fields: &mut FieldMap) -> Result<(), ParseError> {
    // The fields of the header are already in the map; the first occurrence of a name wins.
    let known_names = &*FIELD_NAMES;
    let mut seen = SeenNames::default();
    for name in fields.keys() {
        if let Some(known) = known_names.find(name) {
            seen.insert(known.slot);
        }
    }
    // The parameters go straight into `fields`, and on an error the caller drops the map.
    // A known name goes in without a lookup in the map, and the first occurrence wins.
    syslog5424::read_structured_data(line, open, |part| {
        if let SdPart::Param(name, value) = part {
            seen.put_first(fields, known_names, name, |group| typed_field(&value, group == Some(INTEGER)));
        }
    })?;
    Ok(())
}

/// Returns the offset where `key=value|key=value` pairs start, when the line has them.
fn find_pipe_pairs(line: &str) -> Option<usize> {
    let message = match syslog5424::parse(line) {
        Ok(message) if !message.message.is_empty() => message.message,
        _ => match syslog3164::parse(line) {
            Ok(message) => message.message,
            Err(_) => line,
        },
    };
    let message = message.trim_start();
    let start = line.len() - message.len();
    let first_pair = message.split('|').next()?;
    let (key, _) = first_pair.split_once('=')?;
    let valid_key = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (valid_key && message.contains('|')).then_some(start)
}

/// Reads the "Splunk" layout `time=1557767758|hostname=r80test|product=Firewall|...`, where
/// `=` and `|` inside values are escaped with a backslash.
fn read_pipe_pairs(line: &str, start: usize, fields: &mut FieldMap) -> Result<(), ParseError> {
    let text = &line[start..];
    let mut piece_start = 0;
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut pieces = Vec::new();
    while at <= bytes.len() {
        match bytes.get(at) {
            Some(b'\\') => at += 2,
            Some(b'|') | None => {
                pieces.push((piece_start, &text[piece_start..at.min(text.len())]));
                at += 1;
                piece_start = at;
            }
            Some(_) => at += 1,
        }
    }
    for (offset, piece) in pieces {
        if piece.trim().is_empty() {
            continue;
        }
        let (key, value) = piece
            .split_once('=')
            .ok_or_else(|| ParseError::new(start + offset, format!("expected 'key=value' between '|' separators, found '{piece}'")))?;
        let value = unescape_backslashes(value, |b| matches!(b, b'=' | b'|' | b'\\').then_some(b as char));
        put(fields, key.trim(), &value);
    }
    Ok(())
}

/// Returns the offset of a CEF event: `CEF:` or, as some relays strip it, a bare
/// `0|Check Point|` header.
fn find_cef(line: &str) -> Option<usize> {
    cef::find_start(line).or_else(|| line.find("0|Check Point|"))
}

/// Reads a Log Exporter CEF event. Check Point sends most log fields under their own names in
/// the extension, and the fields it maps to CEF keys are copied back to the Check Point names.
fn read_cef(line: &str, at: usize, fields: &mut FieldMap, year: i32) -> Result<(), ParseError> {
    // Relays fold long CEF events over several lines, and CEF escapes real line breaks.
    let mut text: Cow<'_, str> = Cow::Borrowed(line);
    if !line[at..].starts_with("CEF:") {
        text = Cow::Owned(format!("{}CEF:{}", &line[..at], &line[at..]));
    }
    if text.contains(['\n', '\r']) {
        text = Cow::Owned(text.replace(['\n', '\r'], " "));
    }
    // `CEF: 0` and `CEF:0||Check Point|...` (an empty field before the vendor) are both seen.
    if text.contains("CEF: ") || text.contains("CEF:0||") {
        text = Cow::Owned(text.replacen("CEF: ", "CEF:", 1).replacen("CEF:0||", "CEF:0|", 1));
    }

    let event = cef::parse(&text)?;
    put(fields, "product", &event.device_product);
    // Folded lines leave spaces at the end of values, which Check Point never means.
    for (key, value) in &event.extension {
        put(fields, key.trim_end_matches(':'), value.trim_end());
    }

    let aliases = [
        ("act", "action"),
        ("spt", "s_port"),
        ("dpt", "service"),
        ("cp_severity", "severity"),
        ("request", "resource"),
        ("requestMethod", "method"),
        ("suser", "src_user_name"),
        ("duser", "dst_user_name"),
    ];
    for (cef_key, name) in aliases {
        if let Some(value) = event.get(cef_key) {
            put(fields, name, value.trim_end());
        }
    }
    // CEF writes the direction as a number: 0 for inbound, 1 for outbound.
    if !fields.contains_key("ifdir") {
        match event.get("deviceDirection").map(str::trim) {
            Some("0") => put(fields, "ifdir", "inbound"),
            Some("1") => put(fields, "ifdir", "outbound"),
            _ => {}
        }
    }

    let labelled = [
        ("Rule Name", "rule_name"),
        ("Protection ID", "protection_id"),
        ("Protection Type", "protection_type"),
        ("Protection Name", "protection_name"),
        ("Threat Prevention Rule Name", "rule_name"),
        ("Confidence", "confidence_level"),
        ("Performance Impact", "performance_impact"),
        ("Attack Information", "attack_info"),
        ("Peer Gateway", "peer_gateway"),
    ];
    for (label, name) in labelled {
        if let Some(value) = event.custom(label) {
            put(fields, name, value.trim_end());
        }
    }

    if let Some(value) = event.get("rt") {
        put_device_time(fields, "rt", value, at, year)?;
    }
    if let Some(message) = event.get("msg") {
        put(fields, "attack", message.trim_end());
    }
    Ok(())
}

/// Reads a Log Exporter LEEF event. Attribute names are kept as sent, and the LEEF keys that
/// stand for Check Point fields are copied to the Check Point names.
fn read_leef(line: &str, fields: &mut FieldMap, year: i32) -> Result<(), ParseError> {
    let event = leef::parse(line)?;
    put(fields, "product", &event.product);
    // Some releases write `key:=value`, as they write `key::"value"` in the default format.
    for (key, value) in &event.attributes {
        put(fields, key.trim_end_matches(':'), value);
    }

    let aliases = [("srcPort", "s_port"), ("dstPort", "service"), ("usrName", "user")];
    for (leef_key, name) in aliases {
        if let Some(value) = event.get(leef_key).filter(|_| !fields.contains_key(name)) {
            put(fields, name, value);
        }
    }
    if let Some(value) = event.get("devTime") {
        let at = event.prefix_offset;
        put_device_time(fields, "devTime", value, at, year)?;
    }
    Ok(())
}

/// Stores a CEF `rt` or LEEF `devTime` value as the log's time. An instant goes to `time` in
/// epoch seconds, with the milliseconds as a fraction when there are any. A time without a zone
/// goes to `timestamp`, to which the options' offset applies.
fn put_device_time(fields: &mut FieldMap, name: &str, value: &str, at: usize, year: i32) -> Result<(), ParseError> {
    match cef::parse_time(value, year) {
        Ok(cef::Time::Instant(time)) => {
            let seconds = time.millis().div_euclid(1000);
            let millis = time.millis().rem_euclid(1000);
            let epoch = if millis == 0 { Value::from(seconds) } else { Value::from(format!("{seconds}.{millis:03}")) };
            fields.entry("time").or_insert_with(|| epoch);
        }
        // A time without a zone replaces the header's.
        Ok(cef::Time::WallClock(time)) => {
            let text = time.rfc3339(3);
            fields.insert("timestamp", Value::from(text.trim_end_matches('Z')));
        }
        Err(err) => {
            return Err(ParseError::new(at, format!("{name} '{}' is not a CEF time: {}", value.trim(), err.reason)));
        }
    }
    Ok(())
}

fn text<'a>(fields: &'a FieldMap, name: &str) -> Option<&'a str> {
    fields.get_str(name).filter(|v| !v.is_empty())
}

/// Reads a column as [`text`] reads a field.
#[inline]
fn text_at(fields: &FieldMap, column: Column) -> Option<&str> {
    fields.column_str(column).filter(|v| !v.is_empty())
}

/// Returns a value that [`RecordBuilder::set_str`] would set: not empty and not `-`.
fn present(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty() && *v != "-")
}

/// Other names of Check Point log fields that some exports write, each with its Log Exporter
/// name. [`FIELD_NAMES`] has none of them.
const ALIASES: [(&str, &str); 9] = [
    ("ProductName", "product"),
    ("Action", "action"),
    ("UUid", "loguid"),
    ("sip", "src"),
    ("dip", "dst"),
    ("sport", "s_port"),
    ("dport", "service"),
    ("protnum", "proto"),
    ("login", "user"),
];

/// Returns the Log Exporter name of `field` when `field` is one of [`ALIASES`].
fn canonical_name(field: &str) -> Option<&'static str> {
    ALIASES.iter().find(|(alias, _)| *alias == field).map(|(_, name)| *name)
}

/// Copies fields written under another name to their Log Exporter name, unless the log has
/// that name too. The original names stay, so the fields read are never lost.
fn add_canonical_names(fields: &mut FieldMap) {
    // The table has no alias, so a map whose names are all in it has none.
    if fields.has_only_table_names() {
        return;
    }
    // Aliases are rare, so one pass over the names finds them without building the map's index.
    // The names are read first, because reading every value would make a `String` of each.
    let found: Vec<(&str, Value)> = fields
        .keys()
        .filter_map(|field| {
            let name = canonical_name(field)?;
            Some((name, fields.get_unindexed(field)?.clone()))
        })
        .collect();
    for (name, value) in found {
        if fields.get_unindexed(name).is_some() {
            continue;
        }
        match value {
            Value::String(text) => put(fields, name, &text),
            other => {
                fields.insert(name.to_string(), other);
            }
        }
    }
}

/// The text fields that [`classify`] reads, each as [`text`] would return it.
#[derive(Default)]
struct ClassifyFields<'a> {
    product: Option<&'a str>,
    action: Option<&'a str>,
    operation: Option<&'a str>,
    subject: Option<&'a str>,
    audit_status: Option<&'a str>,
    additional_info: Option<&'a str>,
    auth_status: Option<&'a str>,
    protection_name: Option<&'a str>,
    malware_action: Option<&'a str>,
    message_info: Option<&'a str>,
}

/// Names the variant of a log from its product, action and operation.
fn classify(fields: &FieldMap) -> Option<&'static str> {
    // The parser calls this before anything has looked a field up, so one pass over the
    // fields, which most of these names are missing from, costs less than building the map's
    // index or a search per name.
    let mut found = ClassifyFields::default();
    for (name, text) in fields.iter_str() {
        let slot = match name {
            "product" => &mut found.product,
            "action" => &mut found.action,
            "operation" => &mut found.operation,
            "subject" => &mut found.subject,
            "audit_status" => &mut found.audit_status,
            "additional_info" => &mut found.additional_info,
            "auth_status" => &mut found.auth_status,
            "protection_name" => &mut found.protection_name,
            "malware_action" => &mut found.malware_action,
            "message_info" => &mut found.message_info,
            _ => continue,
        };
        // As `text` reads them: the string of the field, unless it is empty.
        *slot = text().filter(|v| !v.is_empty());
    }
    let product = found.product.unwrap_or("");
    let action = found.action.unwrap_or("");
    if found.operation == Some("Log In") || found.subject == Some("Administrator Login") {
        let failed = found.audit_status == Some("Failure") || found.additional_info.is_some_and(|v| v.contains("failed to log in"));
        return Some(if failed { "admin_login_failed" } else { "admin_login" });
    }
    match product {
        "SmartDefense" | "IPS" => return Some("threat_ips"),
        "Anti Malware" | "Anti-Bot" | "Anti Bot" => return Some("threat_antibot"),
        "Threat Emulation" | "Anti-Virus" | "Anti Virus" | "Threat Extraction" | "Zero Phishing" => return Some("threat_other"),
        _ => {}
    }
    match action {
        "Log In" => return Some("vpn_login"),
        "Failed Log In" => return Some("vpn_login_failed"),
        _ => {}
    }
    if product == "Identity Awareness" && found.auth_status.is_some() {
        return Some("identity_login");
    }
    if found.protection_name.is_some() || found.malware_action.is_some() || found.message_info.is_some() {
        return Some("threat_other");
    }
    Some(match action {
        "Accept" | "Allow" | "Encrypt" | "Decrypt" | "Redirect" | "HTTPS Bypass" => "traffic_accept",
        "Drop" | "Block" => "traffic_drop",
        "Reject" => "traffic_reject",
        _ => "firewall_event",
    })
}

// ---------------------------------------------------------------------------------------
// OCSF

/// Returns the event time: the `time` field (epoch seconds), else the syslog timestamp read
/// with the options' year and UTC offset when it carries none. Returns `None` when the log
/// has neither.
///
/// # Errors
/// Returns a [`ParseError`] when the syslog timestamp is malformed.
fn event_time(fields: &FieldMap, options: &ParseOptions) -> Result<Option<Timestamp>, ParseError> {
    if let Some(seconds) = fields.column_int(column!("time")) {
        return Ok(Some(Timestamp::from_secs(seconds)));
    }
    if let Some(text) = text_at(fields, column!("time")) {
        if let Ok(time) = parse_epoch(text) {
            return Ok(Some(time));
        }
    }
    let Some(timestamp) = text_at(fields, column!("timestamp")) else {
        return Ok(None);
    };
    match repair_offset(timestamp) {
        Some(repaired) => options.syslog_time(&repaired).map(Some),
        None => options.syslog_time(timestamp).map(Some),
    }
}

/// Returns an RFC 3339 time whose UTC offset was written with a one-digit hour, and for a
/// negative offset with a doubled sign, in the standard form: `2023-01-13T12:10:16--5:00`
/// becomes `2023-01-13T12:10:16-05:00`. Returns `None` for any other text.
// NOTE: the doubled sign is taken to mean a negative offset; the public Log Exporter samples
// that show it do not say otherwise.
fn repair_offset(timestamp: &str) -> Option<String> {
    let seconds_end = timestamp.find('T')? + 9;
    // Fractional seconds, when present, belong to the time.
    let fraction = timestamp.get(seconds_end..)?.bytes().take_while(|b| *b == b'.' || b.is_ascii_digit()).count();
    let (time, offset) = timestamp.split_at_checked(seconds_end + fraction)?;
    let (negative, rest) = match offset.strip_prefix("--").or_else(|| offset.strip_prefix('-')) {
        Some(rest) => (true, rest),
        None => (false, offset.strip_prefix('+')?),
    };
    let (hours, minutes) = rest.split_once(':')?;
    let well_formed = hours.len() == 1 && minutes.len() == 2 && (hours.bytes().chain(minutes.bytes())).all(|b| b.is_ascii_digit());
    well_formed.then(|| format!("{time}{}0{hours}:{minutes}", if negative { '-' } else { '+' }))
}

/// Sets `device` to the gateway that wrote the log: the CN of its SIC name and its address.
fn set_device(record: &mut RecordBuilder, fields: &FieldMap) {
    let sic = text_at(fields, column!("originsicname")).or_else(|| text(fields, "origin_sic_name"));
    let name = sic.and_then(common_name);
    let origin = text_at(fields, column!("origin"));
    if name.is_none() && origin.is_none() {
        return;
    }
    let mut device = Object::with_capacity(4);
    if let Some(name) = present(name) {
        device.append("hostname", name);
    }
    if let Some(ip) = present(origin).filter(|ip| ip.parse::<std::net::IpAddr>().is_ok()) {
        device.append("ip", ip);
    }
    device.append("type_id", 9);
    device.append("type", "Firewall");
    // Only this function sets `device`, once per record.
    record.append("device", device);
}

/// Returns the value of the first attribute of a SIC name such as
/// `CN=cp-gw01,O=cp-mgmt01..aw4c8s`, without the white space around it.
fn common_name(sic: &str) -> Option<&str> {
    // The bytes are searched one by one, because the attribute is a few bytes long and a
    // `str` search costs more to set up.
    let bytes = sic.as_bytes();
    let end = bytes.iter().position(|&byte| byte == b',').unwrap_or(bytes.len());
    let equals = bytes[..end].iter().position(|&byte| byte == b'=')?;
    Some(sic[equals + 1..end].trim())
}

/// Returns the value without the white space around it when it is an IP address.
fn ip_address(value: Option<&str>) -> Option<&str> {
    value.map(format::trim).filter(|v| v.parse::<std::net::IpAddr>().is_ok())
}

/// Returns the value when it is a port number.
fn port_number(value: Option<i64>) -> Option<i64> {
    value.filter(|p| (0..=65_535).contains(p))
}

fn set_ip(record: &mut RecordBuilder, path: &'static str, value: Option<&str>) {
    if let Some(ip) = ip_address(value) {
        record.set(path, ip);
    }
}

fn traffic_record(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let action = text_at(fields, column!("action")).unwrap_or("");
    let (activity_id, action_id, disposition_id) = match action {
        "Drop" | "Block" => (5, 2, 6),
        "Reject" => (5, 2, 25),
        "Accept" | "Allow" | "Encrypt" | "Decrypt" | "Redirect" | "HTTPS Bypass" => (1, 1, 1),
        _ => (99, 0, 0),
    };
    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, activity_id, time, &META);
    // The record is new and each attribute is set once, so they are appended without a search.
    if activity_id == 99 {
        record.append("activity_name", if action.is_empty() { "Other" } else { action });
    }
    record.append("action_id", action_id);
    record.append("disposition_id", disposition_id);
    set_device(&mut record, fields);

    // Each object is built whole and appended once, which costs less than setting its
    // attributes through dotted paths.
    let mut source = Object::with_capacity(3);
    if let Some(ip) = ip_address(text_at(fields, column!("src"))) {
        source.append("ip", ip);
    }
    if let Some(port) = port_number(fields.column_int(column!("s_port"))) {
        source.append("port", port);
    }
    if let Some(zone) = present(text_at(fields, column!("inzone"))) {
        source.append("zone", zone);
    }
    record.append_object("src_endpoint", source);
    let mut destination = Object::with_capacity(4);
    if let Some(ip) = ip_address(text_at(fields, column!("dst"))) {
        destination.append("ip", ip);
    }
    if let Some(port) = port_number(fields.column_int(column!("service"))) {
        destination.append("port", port);
    }
    if let Some(service) = present(text_at(fields, column!("service_id"))) {
        destination.append("svc_name", service);
    }
    if let Some(zone) = present(text_at(fields, column!("outzone"))) {
        destination.append("zone", zone);
    }
    record.append_object("dst_endpoint", destination);
    // Identity Awareness names the user behind the source, as `Display Name (login)`. A LEEF
    // export names it in `usrName`, which the reader keeps as `user`.
    if let Some(user) = text(fields, "src_user_name").or_else(|| text_at(fields, column!("user"))) {
        let (name, full_name) = split_user(user);
        let mut account = Object::with_capacity(2);
        account.append("name", name);
        if let Some(full_name) = present(full_name) {
            account.append("full_name", full_name);
        }
        record.append("actor", ocsf::actor_of(account));
    }

    let mut connection = Object::with_capacity(4);
    if let Some(proto) = fields.column_int(column!("proto")).filter(|p| (0..=255).contains(p)) {
        connection.append("protocol_num", proto);
        if let Some(name) = ocsf::protocol_name(proto) {
            connection.append("protocol_name", name);
        }
    }
    let (direction_id, direction) = match text_at(fields, column!("conn_direction")) {
        Some("Incoming") => (1, "Inbound"),
        Some("Outgoing") => (2, "Outbound"),
        Some("Internal") => (3, "Lateral"),
        _ => (0, "Unknown"),
    };
    // `direction_id` is required in `connection_info`.
    connection.append("direction_id", direction_id);
    connection.append("direction", direction);
    record.append_object("connection_info", connection);

    let mut rule = Object::with_capacity(2);
    if let Some(name) = present(text_at(fields, column!("rule_name"))) {
        rule.append("name", name);
    }
    if let Some(uid) = present(text_at(fields, column!("rule_uid"))) {
        rule.append("uid", uid);
    }
    record.append_object("firewall_rule", rule);
    if let Some(bytes) = fields.column_int(column!("bytes")) {
        let mut traffic = Object::with_capacity(1);
        traffic.append("bytes", bytes);
        record.append("traffic", traffic);
    }
    if let Some(message) = text(fields, "message_info") {
        record.append("message", message);
    }
    record
}

fn severity_id(fields: &FieldMap) -> u32 {
    let severity = column!("severity");
    // A text value is compared in any case without making a `Value` or a lower-case copy of it.
    if let Some(text) = fields.column_str(severity) {
        let is = |name: &str| text.eq_ignore_ascii_case(name);
        return if is("informational") || is("info") {
            ocsf::severity::INFORMATIONAL
        } else if is("low") {
            ocsf::severity::LOW
        } else if is("medium") {
            ocsf::severity::MEDIUM
        } else if is("high") {
            ocsf::severity::HIGH
        } else if is("critical") || is("very-high") || is("very high") {
            ocsf::severity::CRITICAL
        } else {
            ocsf::severity::UNKNOWN
        };
    }
    match fields.column(severity) {
        Some(Value::Number(n)) => match n.as_i64().unwrap_or(-1) {
            0 => ocsf::severity::INFORMATIONAL,
            1 => ocsf::severity::LOW,
            2 => ocsf::severity::MEDIUM,
            3 => ocsf::severity::HIGH,
            4 => ocsf::severity::CRITICAL,
            _ => ocsf::severity::UNKNOWN,
        },
        _ => ocsf::severity::UNKNOWN,
    }
}

fn threat_record(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::DETECTION_FINDING, 1, time, &META);
    record.severity(severity_id(fields));
    let action = text_at(fields, column!("action")).unwrap_or("");
    let (action_id, disposition_id) = match action {
        "Prevent" | "Block" | "Drop" | "Reject" => (2, 2),
        "Detect" => (3, 15),
        "Accept" | "Allow" => (1, 1),
        _ => (0, 0),
    };
    record.set("action_id", action_id);
    record.set("disposition_id", disposition_id);
    record.set("is_alert", true);

    let title = text_at(fields, column!("protection_name"))
        .or_else(|| text_at(fields, column!("attack")))
        .or_else(|| text_at(fields, column!("malware_action")))
        .or_else(|| text(fields, "message_info"))
        .unwrap_or("Check Point threat prevention log");
    let mut finding = Object::with_capacity(4);
    finding.append("title", title);
    finding.append("uid", text_at(fields, column!("loguid")).unwrap_or("unknown"));
    let description = text_at(fields, column!("attack_info")).or_else(|| text_at(fields, column!("malware_action")));
    if let Some(description) = present(description) {
        finding.append("desc", description);
    }
    if let Some(kind) = text_at(fields, column!("protection_type")) {
        finding.append("types", Node::Array(vec![Node::from(kind)]));
    }
    record.merge("finding_info", finding);
    if let Some(confidence) = fields.column_int(column!("confidence_level")) {
        let confidence_id = match confidence {
            ..=0 => 0,
            1..=2 => 1,
            3 => 2,
            _ => 3,
        };
        record.set("confidence_id", confidence_id);
    }

    let mut evidence = Object::with_capacity(3);
    let mut source = Object::with_capacity(2);
    if let Some(ip) = ip_address(text_at(fields, column!("src"))) {
        source.append("ip", ip);
    }
    if let Some(port) = port_number(fields.column_int(column!("s_port"))) {
        source.append("port", port);
    }
    if !source.is_empty() {
        evidence.append("src_endpoint", source);
    }
    let mut destination = Object::with_capacity(3);
    if let Some(ip) = ip_address(text_at(fields, column!("dst"))) {
        destination.append("ip", ip);
    }
    if let Some(port) = port_number(fields.column_int(column!("service"))) {
        destination.append("port", port);
    }
    if let Some(host) = text_at(fields, column!("http_host")) {
        destination.append("hostname", host);
    }
    if !destination.is_empty() {
        evidence.append("dst_endpoint", destination);
    }
    if let Some(resource) = text_at(fields, column!("resource")).filter(|r| r.contains("://")) {
        let mut url = Object::with_capacity(1);
        url.append("url_string", resource);
        evidence.append("url", url);
    }
    if !evidence.is_empty() {
        record.set("evidences", Node::Array(vec![Node::Object(evidence)]));
    }

    if let Some(family) = text_at(fields, column!("malware_family")) {
        let mut malware = Map::new();
        malware.insert("name".into(), family.into());
        malware.insert("classification_ids".into(), Value::from(vec![3]));
        record.set("malware", Value::Array(vec![Value::Object(malware)]));
    }
    if let Some(cve) = text_at(fields, column!("industry_reference")).filter(|r| r.starts_with("CVE-")) {
        let mut vulnerability = Map::new();
        let mut cve_object = Map::new();
        cve_object.insert("uid".into(), cve.into());
        vulnerability.insert("cve".into(), Value::Object(cve_object));
        record.set("vulnerabilities", Value::Array(vec![Value::Object(vulnerability)]));
    }
    set_device(&mut record, fields);
    record
}

/// Splits `Display Name (login)` into the login and the display name.
fn split_user(value: &str) -> (&str, Option<&str>) {
    // Without a closing `)` there is no login, and the substring search is skipped.
    if !value.ends_with(')') {
        return (value, None);
    }
    match value.rsplit_once(" (") {
        Some((display, login)) if login.ends_with(')') => (login.trim_end_matches(')'), Some(display.trim())),
        _ => (value, None),
    }
}

/// Maps an audit log of an administrator's operation (`Set Object`, `Create Rule`, `Install
/// Policy`, ...) to API Activity on the object it names.
fn audit_record(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let operation = text_at(fields, column!("operation")).unwrap_or("unknown");
    let verb = operation.split(' ').next().unwrap_or("").to_ascii_lowercase();
    let activity_id = match verb.as_str() {
        "create" | "add" | "new" => 1,
        "set" | "modify" | "edit" | "update" | "rename" => 3,
        "delete" | "remove" => 4,
        _ => 99,
    };
    let mut record = RecordBuilder::new(class::API_ACTIVITY, activity_id, time, &META);
    record.set("api.operation", operation);
    record.set_str("api.service.name", text_at(fields, column!("product")));
    let (name, full_name) = split_user(text_at(fields, column!("administrator")).unwrap_or("unknown"));
    record.set("actor.user.name", name);
    record.set_str("actor.user.full_name", full_name);
    record.set_str("actor.user.domain", text(fields, "domain_name").map(|d| d.trim_matches('\'')));
    match text_at(fields, column!("client_ip")).filter(|ip| ip.parse::<std::net::IpAddr>().is_ok()) {
        Some(ip) => record.set("src_endpoint.ip", ip),
        None => record.set("src_endpoint.name", text_at(fields, column!("machine")).unwrap_or("unknown")),
    };
    if let Some(object) = text(fields, "objectname") {
        let mut resource = serde_json::json!({ "name": object });
        if let Some(kind) = text(fields, "objecttype") {
            resource["type"] = kind.into();
        }
        record.set("resources", Value::Array(vec![resource]));
    }
    let outcome = text_at(fields, column!("audit_status")).or_else(|| text(fields, "operation_results")).unwrap_or("");
    if outcome.eq_ignore_ascii_case("Success") || outcome.eq_ignore_ascii_case("Succeeded") {
        record.status(ocsf::status::SUCCESS);
    } else if outcome.eq_ignore_ascii_case("Failure") || outcome.eq_ignore_ascii_case("Failed") {
        record.status(ocsf::status::FAILURE);
    }
    record.set_str("status_detail", text(fields, "fieldschanges").or_else(|| text_at(fields, column!("additional_info"))).map(str::trim));
    set_device(&mut record, fields);
    record
}

/// Maps a log on (`activity_id` 1) or log off (2) of a VPN user, an administrator or an
/// identity.
fn login_record(fields: &FieldMap, time: Timestamp, variant: &str, activity_id: u32) -> RecordBuilder {
    let failed = variant.ends_with("_failed") || text(fields, "auth_status").is_some_and(|s| s.contains("Fail")) || text_at(fields, column!("status")) == Some("Failure");
    let mut record = RecordBuilder::new(class::AUTHENTICATION, activity_id, time, &META);
    record.status(if failed { ocsf::status::FAILURE } else { ocsf::status::SUCCESS });
    record.set("status", if failed { "Failure" } else { "Success" });
    if failed {
        record.severity(ocsf::severity::LOW);
    }
    let is_admin = variant.starts_with("admin");
    let user = if is_admin {
        text_at(fields, column!("administrator"))
    } else {
        text_at(fields, column!("user")).or_else(|| text(fields, "src_user_name"))
    };
    let (name, full_name) = split_user(user.unwrap_or("unknown"));
    record.set("user.name", name);
    record.set_str("user.full_name", full_name);
    record.set_str("user.domain", text(fields, "domain_name").map(|d| d.trim_matches('\'')));

    if is_admin {
        set_ip(&mut record, "src_endpoint.ip", text_at(fields, column!("client_ip")));
        record.set_str("src_endpoint.hostname", text_at(fields, column!("machine")));
        set_ip(&mut record, "dst_endpoint.ip", text_at(fields, column!("origin")));
        record.set_str("service.name", text_at(fields, column!("product")));
        record.set_str("status_detail", text_at(fields, column!("additional_info")));
        let method = text_at(fields, column!("additional_info")).unwrap_or("").to_ascii_lowercase();
        if method.contains("radius") {
            record.set("auth_protocol_id", 10).set("auth_protocol", "RADIUS");
        } else if method.contains("active directory") {
            record.set("auth_protocol_id", 12).set("auth_protocol", "LDAP");
        } else if method.contains("password") {
            record.set("auth_protocol_id", 99).set("auth_protocol", "Password");
        }
    } else {
        set_ip(&mut record, "src_endpoint.ip", text_at(fields, column!("src")));
        record.set_str("src_endpoint.hostname", text(fields, "src_machine_name"));
        set_ip(&mut record, "dst_endpoint.ip", text_at(fields, column!("dst")).or_else(|| text(fields, "endpoint_ip")));
        record.set("is_remote", true);
        record.set("session.is_vpn", variant.starts_with("vpn"));
        record.set_str("status_detail", text_at(fields, column!("reason")));
        record.set_str("service.name", text_at(fields, column!("client_name")).or_else(|| text_at(fields, column!("product"))));
        match text_at(fields, column!("auth_method")).unwrap_or("") {
            "RADIUS" => record.set("auth_protocol_id", 10).set("auth_protocol", "RADIUS"),
            "SAML" => record.set("auth_protocol_id", 5).set("auth_protocol", "SAML"),
            "" => &mut record,
            other => record.set("auth_protocol_id", 99).set("auth_protocol", other),
        };
    }
    set_device(&mut record, fields);
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing;

    #[test]
    fn filled_params_match_field_writer() {
        for variant in 0..CheckPoint.meta().variants.len() {
            for seed in 0..40 {
                let (fields, _) = testing::generate(&CheckPoint, variant, seed, seed);
                let mut copied = String::new();
                assert!(append_filled_params(&mut copied, &fields), "variant {variant}, seed {seed}: copy skipped");
                let mut written = String::new();
                syslog5424::write_field_params_after(&mut written, &fields, HEADER_FIELDS);
                written.push(']');
                assert_eq!(copied, written, "variant {variant}, seed {seed}");
            }
        }
    }

    #[test]
    fn filled_params_escape_values() {
        let values = ["a]b", "a\\b", "tab\there", "line\nbreak", "del\u{7f}", "caf\u{e9}", "^x"];
        for value in values {
            let mut fields = Fields::new();
            fields.str("timestamp", "2026-01-05T09:00:00Z");
            fields.str("hostname", MANAGEMENT_HOST);
            fields.int("pid", 42);
            let mut params = Params::new(&mut fields);
            params.str(key!("action"), "Accept");
            params.str(key!("product"), value);
            params.int(key!("proto"), 6);
            let mut copied = String::new();
            assert!(append_filled_params(&mut copied, &fields), "value {value:?}: copy skipped");
            let mut written = String::new();
            syslog5424::write_field_params_after(&mut written, &fields, HEADER_FIELDS);
            written.push(']');
            assert_eq!(copied, written, "value {value:?}");
        }
    }

    #[test]
    fn filled_params_skip_moved_values_and_quotes() {
        let (mut fields, _) = testing::generate(&CheckPoint, TRAFFIC_ACCEPT, 3, 3);
        assert!(fields.set("hostname", "relay01"));
        assert!(!append_filled_params(&mut String::new(), &fields), "moved header value");

        let (mut fields, _) = testing::generate(&CheckPoint, TRAFFIC_ACCEPT, 3, 3);
        assert!(fields.set("rule_name", "Allow all"));
        assert!(!append_filled_params(&mut String::new(), &fields), "moved parameter value");

        let mut fields = Fields::new();
        fields.str("timestamp", "2026-01-05T09:00:00Z");
        fields.str("hostname", MANAGEMENT_HOST);
        fields.int("pid", 42);
        Params::new(&mut fields).str(key!("product"), "say \"hi\"");
        let mut out = String::new();
        assert!(!append_filled_params(&mut out, &fields), "quote in a value");
        assert!(out.is_empty());
    }

    #[test]
    fn escape_suspects_cover_escaped_bytes() {
        for byte in 0..=u8::MAX {
            if is_escaped(byte) {
                assert!(may_need_escape(byte), "byte {byte:#04x}");
            }
        }
    }

    #[test]
    fn generated_fields_are_known() {
        testing::assert_generated_names_known(&CheckPoint, 0..CheckPoint.meta().variants.len(), &FIELD_NAMES);
    }

    #[test]
    fn sic_suffix_keeps_six_letters_and_digits() {
        let mut world = crate::world::World::new(0, &crate::world::WorldConfig::default()).unwrap();
        for (tenant_id, expected) in [
            ("509964d5-4c6c-477a", "509964"),
            ("AB-cd9x1234", "abcd9x"),
            ("a-b-c-d-e-f-g", "abcdef"),
            ("ab\u{e9}cdefgh", "abcdef"),
            ("12", "12"),
            ("", ""),
        ] {
            world.tenant_id = tenant_id.to_string();
            let mut out = String::from("..");
            push_sic_suffix(&mut out, &world);
            assert_eq!(out, format!("..{expected}"), "tenant id {tenant_id:?}");
        }
    }

    #[test]
    fn field_table_finds_groups() {
        testing::assert_table_finds_groups(&FIELD_NAMES, &[INTEGER_FIELDS, COMMON_FIELDS]);
    }

    #[test]
    fn aliases_are_outside_the_field_table() {
        for (alias, name) in ALIASES {
            assert!(FIELD_NAMES.find(alias).is_none(), "{alias}");
            assert_eq!(canonical_name(alias), Some(name));
        }
    }

    #[test]
    fn field_columns_match_table_slots() {
        let mut seen = std::collections::HashSet::new();
        for (slot, name) in FIELD_COLUMNS.iter().enumerate() {
            assert!(seen.insert(*name), "{name} is in both field groups");
            assert_eq!(FIELD_NAMES.find(name).map(|known| known.slot), Some(slot), "{name}");
        }
    }

    #[test]
    fn first_occurrence_of_a_field_wins() {
        let line = r#"<134>1 2026-01-05T09:00:00Z cp-mgmt01 CheckPoint 18349 - [sc4s@2620 hostname="other" rule_name="Network" rule_name="Application" custom="a" custom="b" time="1767603600" product="VPN-1 & FireWall-1" action="Accept"]"#;
        let parsed = testing::parse_ok(&CheckPoint, line);
        assert_eq!(parsed.fields.get("hostname"), Some(&Value::from("cp-mgmt01")));
        assert_eq!(parsed.fields.get("rule_name"), Some(&Value::from("Network")));
        assert_eq!(parsed.fields.get("custom"), Some(&Value::from("a")));
        assert_eq!(parsed.fields.keys().filter(|name| *name == "rule_name").count(), 1);
        assert_eq!(parsed.fields.keys().filter(|name| *name == "hostname").count(), 1);
    }

    #[test]
    fn parse_integer_agrees_with_std() {
        let cases = [
            "0",
            "7",
            "-7",
            "007",
            "-0",
            "1767603600",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999",
            "123456789012345678901",
            "",
            "-",
            "--5",
            "+5",
            "5-",
            "1.5",
            " 5",
            "١٢",
        ];
        for text in cases {
            let digits = text.strip_prefix('-').unwrap_or(text);
            let plain = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && text.len() <= 20;
            let expected = if plain { text.parse::<i64>().ok() } else { None };
            assert_eq!(parse_integer(text), expected, "{text:?}");
        }
    }

    #[test]
    fn marker_test_agrees_with_substring_search() {
        let filler = "[sc4s@2620 action=\"Accept\" time=\"09:00:00\" ifname=\"eth1\"]";
        for marker in ["", "CEF:", "LEEF:", "0|Check Point|", "EF", "F:", "|", "E:F"] {
            for split in [0, 1, 15, 16, 17, 31, 40, filler.len()] {
                let line = format!("{}{marker}{}", &filler[..split], &filler[split..]);
                let expected = line.contains("CEF:") || line.contains("LEEF:") || line.contains("0|Check Point|");
                let found = may_hold_cef_or_leef(&line);
                // The test may pass a line without a marker, never miss one.
                assert!(found || !expected, "{line}");
                assert_eq!(found, expected || line.contains('|') || line.contains("EF:"), "{line}");
            }
        }
    }

    #[test]
    fn push_hex_matches_std_formatting() {
        for value in [0u64, 1, 0xf, 0x10, 0x3ff, 0x695b_7d90, u64::from(u32::MAX), u64::MAX] {
            let mut out = String::new();
            push_hex(&mut out, value);
            assert_eq!(out, format!("{value:x}"));
        }
    }

    #[test]
    fn every_variant_round_trips_over_seeds() {
        assert_eq!(testing::assert_round_trip(&CheckPoint, 0..200), 200 * VARIANTS.len());
    }

    #[test]
    fn generated_line_is_rfc5424_with_structured_data() {
        let world = World::new(3, &crate::world::WorldConfig::default()).unwrap();
        let mut ctx = GenContext {
            rng: crate::seed::StreamKey::new(3, "checkpoint").event(0),
            world: &world,
            time: Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0),
            index: 0,
            variant: TRAFFIC_ACCEPT,
            overrides: &[],
        };
        let mut fields = Fields::new();
        CheckPoint.fill(&mut ctx, &mut fields);
        let mut line = String::new();
        CheckPoint.write(TRAFFIC_ACCEPT, &fields, &mut line);
        let message = syslog5424::parse(&line).unwrap();
        assert_eq!(message.priority, 134);
        assert_eq!(message.app_name, Some("CheckPoint"));
        assert_eq!(message.timestamp, Some("2026-01-05T09:00:00Z"));
        let element = message.element(SD_ID).expect("sc4s@2620 element");
        assert_eq!(element.param("action"), Some("Accept"));
        assert_eq!(element.param("time"), Some("1767603600"));
        assert!(element.param("__policy_id_tag").unwrap().ends_with("policy_name=Standard]"));
        assert!(line.contains("policy_name=Standard\\]"), "{line}");
    }

    /// Sample lines written from the Log Exporter documentation and public field lists, one
    /// per layout the reader accepts, with the variant each must be read as.
    const SAMPLES: &[(&str, &str, &str)] = &[
        (
            "default body with header",
            r#"<134>1 2026-01-05T09:00:00Z cp-mgmt01 CheckPoint 10547 - [action:"Drop"; flags:"395524"; ifdir:"inbound"; ifname:"eth1"; logid:"0"; loguid:"{0x695b7e10,0x2,0x1f67238a,0x1b3f363d}"; origin:"10.20.1.1"; originsicname:"CN=cp-gw01,O=cp-mgmt01..aw4c8s"; sequencenum:"12"; time:"1767603600"; version:"5"; __policy_id_tag:"product=VPN-1 & FireWall-1[db_tag={A8A4FD06-D819-BC43-8607-833A6D14E3A2};mgmt=cp-mgmt01;date=1767571200;policy_name=Standard\]"; dst:"10.20.9.5"; inzone:"External"; outzone:"Internal"; product:"VPN-1 & FireWall-1"; proto:"6"; rule_name:"Cleanup rule"; s_port:"51122"; service:"3389"; service_id:"Remote_Desktop_Protocol"; src:"198.51.100.23"]"#,
            "traffic_drop",
        ),
        (
            "default body without header and with double colons",
            r#"[action:"Reject"; flags:"133376"; ifdir:"inbound"; loguid:"{0x0,0x0,0x0,0x0}"; origin:"192.0.2.10"; time:"1767603600"; version:"5"; community:"branch"; ike::"Main Mode Failed to match proposal"; product:"VPN-1 & FireWall-1"; scheme::"IKE"; src:"198.51.100.7"; ]"#,
            "traffic_reject",
        ),
        (
            "rfc 5424 structured data with an oid sd-id",
            r#"<85>1 2026-01-05T09:00:00Z 192.0.2.9 CP-GW - Log [Fields@1.3.6.1.4.1.2620 action="Accept" src="10.20.1.50" dst="203.0.113.80" proto="6" service_id="https" ProductName="VPN-1 & FireWall-1" time="1767603600"]"#,
            "traffic_accept",
        ),
        (
            "splunk pipe layout",
            r"<13>1 2026-01-05T09:00:00-05:00 192.0.2.22 CheckPoint 20564 - - time=1767603600|hostname=cp-gw01|product=Firewall|action=Drop|ifdir=inbound|originsicname=CN\=cp-gw01,O\=cp-mgmt01..aw4c8s|proto=17|s_port=138|service=138|src=10.20.14.10|dst=10.20.14.255",
            "traffic_drop",
        ),
        (
            "smartconsole login in the default body",
            r#"<134>1 2026-01-05T09:00:00Z cp-mgmt01 CheckPoint 10547 - [action:"Accept"; flags:"163872"; ifdir:"outbound"; loguid:"{0x695b7e10,0x0,0x6401a8c0,0x3c7878a}"; origin:"10.20.2.4"; sequencenum:"1"; time:"1767603600"; version:"5"; additional_info:"Authentication method: radius"; administrator:"jane.doe"; client_ip:"10.20.1.33"; machine:"ws-10033.corp.example"; operation:"Log In"; operation_number:"10"; product:"SmartConsole"; subject:"Administrator Login"]"#,
            "admin_login",
        ),
        (
            "cef ips event",
            "CEF:0|Check Point|SmartDefense|Check Point|IPS|Web Server Exposed Git Repository Information Disclosure|Very-High|act=Detect cp_severity=Very-High cs2Label=Protection ID cs2=asm_dynamic_prop_GIT_EXPOSED cs3Label=Protection Type cs3=IPS cs4Label=Protection Name cs4=Web Server Exposed Git Repository Information Disclosure deviceDirection=1 flexNumber1Label=Confidence flexNumber1=5 rt=1767603600000 spt=51451 dpt=80 loguid={0x611c9f51,0x8c73c182,0xe99e964e,0x2addea20} origin=192.0.2.80 dst=10.20.9.5 product=SmartDefense proto=6 src=198.51.100.8",
            "threat_ips",
        ),
        (
            "cef without its marker",
            "0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Accept rt=1767603600000 spt=33108 dpt=443 cs2Label=Rule Name cs2=Allow web origin=192.0.2.4 dst=203.0.113.8 product=VPN-1 & FireWall-1 proto=6 src=10.20.30.40",
            "traffic_accept",
        ),
    ];

    #[test]
    fn sample_lines_parse() {
        for (name, line, variant) in SAMPLES {
            let parsed = testing::parse_ok(&CheckPoint, line);
            assert_eq!(parsed.variant, Some(*variant), "case: {name}");
            let record = CheckPoint.to_ocsf(&parsed, &ParseOptions::default()).unwrap_or_else(|e| panic!("case {name}: {e}"));
            testing::assert_valid_ocsf(&record, name);
        }
    }

    #[test]
    fn cef_rt_forms_give_the_time() {
        let cef = "CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Accept|https|Unknown|act=Accept spt=51451 dpt=443 origin=192.0.2.80 dst=203.0.113.5 proto=6 src=10.20.9.5";
        let eight = Timestamp::from_civil(2026, 4, 5, 8, 0, 0, 0).millis();
        for (rt, expected) in [
            ("1775376000250", eight + 250),
            ("Apr 05 2026 08:00:00.250 UTC", eight + 250),
            ("Apr 5 2026 08:00:00", eight),
            ("Apr 05 08:00:00", eight),
        ] {
            let line = format!("{cef} rt={rt}");
            assert_eq!(testing::time_at_offset(META.id, &line, 0), expected, "{line}");
        }
        let bad = format!("{cef} rt=yesterday");
        assert!(CheckPoint.parse_line(&bad, &mut ParseState::default()).is_err());
    }

    #[test]
    fn relay_header_names_logger() {
        let line = "<134>Jan  5 09:00:00 relay01 CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Accept|https|Unknown|act=Accept spt=51451 dpt=443 origin=192.0.2.80 dst=203.0.113.5 proto=6 src=10.20.9.5";
        let parsed = testing::parse_ok(&CheckPoint, line);
        let options = ParseOptions {
            year: 2026,
            ..ParseOptions::default()
        };
        let record = CheckPoint.to_ocsf(&parsed, &options).unwrap_or_else(|e| panic!("{e}"));
        testing::assert_valid_ocsf(&record, "cef behind a relay");
        assert_eq!(record["metadata"]["loggers"][0]["name"], "relay01");
        assert_eq!(record["metadata"]["loggers"][0]["device"]["hostname"], "relay01");
        // Without `rt`, the header gives the time.
        assert_eq!(record["time"], 1_767_603_600_000_i64);
    }

    #[test]
    fn leef_export_maps_endpoints_and_time() {
        let options = ParseOptions {
            year: 2026,
            ..ParseOptions::default()
        };
        let leef = "LEEF:2.0|Check Point|VPN-1 & FireWall-1|1.0|Accept|cat=VPN-1 & FireWall-1\tdevTime=1772546531\tsrcPort=51514\taction=Accept\tifdir=outbound\torigin=192.0.2.1\tdst=203.0.113.80\tproto=6\tscheme:=IKE\tservice=443\tsrc=192.0.2.40\tusrName=jdoe";
        for line in [leef.to_string(), format!("<134>Mar  3 14:05:00 relay01 {leef}")] {
            let parsed = testing::parse_ok(&CheckPoint, &line);
            assert_eq!(parsed.fields["scheme"], "IKE", "{line}");
            assert_eq!(parsed.fields["user"], "jdoe", "{line}");
            let record = CheckPoint.to_ocsf(&parsed, &options).unwrap_or_else(|e| panic!("{e}"));
            testing::assert_valid_ocsf(&record, &line);
            assert_eq!(record["class_uid"], 4001, "{line}");
            assert_eq!(record["time"], 1_772_546_531_000_i64, "{line}");
            assert_eq!(record["src_endpoint"]["ip"], "192.0.2.40", "{line}");
            assert_eq!(record["src_endpoint"]["port"], 51514, "{line}");
            assert_eq!(record["dst_endpoint"]["ip"], "203.0.113.80", "{line}");
            assert_eq!(record["dst_endpoint"]["port"], 443, "{line}");
            assert_eq!(record["actor"]["user"]["name"], "jdoe", "{line}");
        }

        // LEEF keys stand in for a missing Check Point name, and `devTime` may be text.
        let line = "LEEF:2.0|Check Point|VPN-1 & FireWall-1|1.0|Drop|x09|devTime=Mar 03 2026 14:02:11\tsrc=198.51.100.20\tsrcPort=5353\tdst=192.0.2.10\tdstPort=161\tproto=17\taction=Drop";
        let record = CheckPoint.to_ocsf(&testing::parse_ok(&CheckPoint, line), &options).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(record["time"], 1_772_546_531_000_i64);
        assert_eq!(record["dst_endpoint"]["port"], 161);
        assert_eq!(record["activity_id"], 5);
    }

    #[test]
    fn spaced_rfc5424_timestamp_is_read() {
        let line = "<134>1 2026-03-03 14:02:11 gw-mds CheckPoint 13752 - [action:\"Accept\"; origin:\"192.0.2.1\"; src:\"198.51.100.20\"; dst:\"192.0.2.10\"; proto:\"6\"; s_port:\"40112\"; service:\"443\";]";
        let parsed = testing::parse_ok(&CheckPoint, line);
        let options = ParseOptions {
            year: 2026,
            ..ParseOptions::default()
        };
        let record = CheckPoint.to_ocsf(&parsed, &options).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(record["time"], 1_772_546_531_000_i64);
        assert_eq!(record["metadata"]["loggers"][0]["name"], "gw-mds");
        assert_eq!(record["src_endpoint"]["ip"], "198.51.100.20");
    }

    #[test]
    fn sample_fields_are_typed_and_unescaped() {
        let parsed = testing::parse_ok(&CheckPoint, SAMPLES[0].1);
        assert_eq!(parsed.fields["service"], 3389);
        assert_eq!(parsed.fields["service_id"], "Remote_Desktop_Protocol");
        assert!(parsed.fields["__policy_id_tag"].as_str().unwrap().ends_with("policy_name=Standard]"));
        assert_eq!(parsed.fields["hostname"], "cp-mgmt01");

        let parsed = testing::parse_ok(&CheckPoint, SAMPLES[1].1);
        assert_eq!(parsed.fields["ike"], "Main Mode Failed to match proposal");
        assert_eq!(parsed.fields["scheme"], "IKE");

        let parsed = testing::parse_ok(&CheckPoint, SAMPLES[3].1);
        assert_eq!(parsed.fields["originsicname"], "CN=cp-gw01,O=cp-mgmt01..aw4c8s");
        assert_eq!(parsed.fields["s_port"], 138);

        let parsed = testing::parse_ok(&CheckPoint, SAMPLES[5].1);
        assert_eq!(parsed.fields["protection_name"], "Web Server Exposed Git Repository Information Disclosure");
        assert_eq!(parsed.fields["confidence_level"], 5);
        assert_eq!(parsed.fields["time"], 1_767_603_600);
    }

    #[test]
    fn malformed_lines_are_rejected() {
        let cases: &[(&str, &str)] = &[
            ("empty", ""),
            ("plain text", "<134>1 2026-01-05T09:00:00Z cp-mgmt01 CheckPoint 1 - - hello world"),
            ("unclosed default body", r#"<134>1 2026-01-05T09:00:00Z h CheckPoint 1 - [action:"Accept"; src:"10.0.0.1""#),
            ("unclosed value", r#"[action:"Accept; src:"10.0.0.1"]"#),
            ("bad structured data", r#"<134>1 - h CheckPoint 1 - [sc4s@2620 action=Accept]"#),
            ("cef with a short header", "CEF:0|Check Point|VPN-1"),
        ];
        for (name, line) in cases {
            assert!(CheckPoint.parse_line(line, &mut ParseState::default()).is_err(), "case {name} was accepted");
        }
    }

    #[test]
    fn parser_tells_default_body_from_json_array() {
        let text = format!(
            "{}\n[{{\"action\":\"Drop\",\"origin\":\"10.6.0.1\",\"time\":1767603600,\"product\":\"VPN-1 & FireWall-1\"}}]\n",
            SAMPLES[1].1
        );
        let parser = crate::parse::Parser::new("checkpoint", text.as_bytes(), ParseOptions::default()).unwrap();
        let variants: Vec<_> = parser.map(|record| record.map(|r| r.parsed.variant)).collect();
        assert_eq!(variants, [Ok(Some("traffic_reject")), Ok(Some("traffic_drop"))]);
    }

    #[test]
    fn folded_cef_lines_are_joined() {
        // A relay folded each event over several lines: one at a space it kept, one at a
        // space it dropped, and one in the middle of a value. The second event starts with
        // its syslog header, the third with a CEF header whose `CEF:` prefix a relay took as
        // the syslog tag.
        let text = "CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Accept rt=1767603600000 \n\
                    spt=51515 dpt=443 cs2Label=Rule Name cs2=Allow\n\
                    web origin=192.0.2.254 src=10.0.0.10 dst=198.51.100.10 proto=6 suser=Smith, John\n\
                    \x20(JS1234)\n\
                    <134>Jan  5 09:00:01 cp-gw01 CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|domain-udp|Unknown|act=Drop rt=1767603601000 \n\
                    spt=53000 dpt=53 src=10.0.0.11 dst=192.0.2.53 proto=17\n\
                    0|Check Point|VPN-1 & FireWall-1|Check Point|Log|ssh|Unknown|act=Accept rt=1767603602000 src=10.0.0.12\n\
                    \x20dst=198.51.100.22 dpt=22 proto=6\n";
        let parser = crate::parse::Parser::new("checkpoint", text.as_bytes(), testing::received_at_start()).unwrap();
        let records: Vec<_> = parser.collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].line, 1);
        assert_eq!(records[1].line, 5);
        assert_eq!(records[2].line, 7);

        let first = &records[0].parsed.fields;
        assert_eq!(first["s_port"], 51515);
        assert_eq!(first["rule_name"], "Allow web");
        assert_eq!(first["suser"], "Smith, John  (JS1234)");
        assert_eq!(records[0].ocsf["dst_endpoint"]["ip"], "198.51.100.10");
        assert_eq!(records[1].ocsf["src_endpoint"]["ip"], "10.0.0.11");
        assert_eq!(records[1].ocsf["dst_endpoint"]["port"], 53);
        assert_eq!(records[2].ocsf["dst_endpoint"]["ip"], "198.51.100.22");
        for record in &records {
            testing::assert_valid_ocsf(&record.ocsf, "folded CEF");
        }
    }

    #[test]
    fn lines_with_a_body_start_events() {
        // A collector dropped the priority of the RFC 5424 header, so the line starts with the
        // version, and the next line is the splunk layout without any header.
        let text = "1 2026-01-05T09:00:00Z cp-gw01 CheckPoint 2112 - [action:\"Accept\"; origin:\"192.0.2.254\"; src:\"10.0.0.10\"; dst:\"198.51.100.10\"; time:\"1767603600\"]\n\
                    hostname=cp-gw01|time=1767603601|action=Drop|origin=192.0.2.254|src=10.0.0.11|dst=198.51.100.11|product=VPN-1 & FireWall-1\n";
        let parser = crate::parse::Parser::new("checkpoint", text.as_bytes(), testing::received_at_start()).unwrap();
        let records: Vec<_> = parser.collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].ocsf["src_endpoint"]["ip"], "10.0.0.10");
        assert_eq!(records[1].ocsf["src_endpoint"]["ip"], "10.0.0.11");
    }

    #[test]
    fn json_export_is_read() {
        let value: Value = serde_json::from_str(
            r#"{"action":"Drop","flags":395524,"loguid":"0x69947d15,0x26,0x432060a,0x399072d","origin":"10.6.0.1","time":1767603600,"dst":"172.17.0.9","product":"VPN-1 & FireWall-1","proto":6,"s_port":"61666","service":3260,"src":"10.7.0.4"}"#,
        )
        .unwrap();
        let parsed = CheckPoint.parse_json(&value, &mut ParseState::default()).unwrap().unwrap();
        assert_eq!(parsed.variant, Some("traffic_drop"));
        assert_eq!(parsed.fields["s_port"], 61666);
        let record = CheckPoint.to_ocsf(&parsed, &ParseOptions::default()).unwrap();
        assert_eq!(record["disposition_id"], 6);
        testing::assert_valid_ocsf(&record, "json export");
    }

    #[test]
    fn untimed_log_takes_received_time() {
        let line = "CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Accept spt=51515 dpt=443 origin=192.0.2.254 src=10.0.0.10 dst=198.51.100.10 proto=6";
        let parsed = testing::parse_ok(&CheckPoint, line);
        assert!(CheckPoint.to_ocsf(&parsed, &ParseOptions::default()).is_err(), "a log without time needs a received time");

        let options = testing::received_at_start();
        let record = CheckPoint.to_ocsf(&parsed, &options).unwrap();
        assert_eq!(record["time"], crate::generate::default_start().millis());
        testing::assert_valid_ocsf(&record, line);
    }

    #[test]
    fn traffic_names_identity_awareness_user() {
        let cef = "CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Accept|https|Unknown|act=Accept deviceDirection=1 rt=1767603600000 \
                   spt=51451 dpt=443 origin=192.0.2.80 src=10.20.9.5 dst=198.51.100.10 proto=6 suser=Lee Kim (lkim)";
        let syslog = "<134>1 2026-01-05T09:00:00Z cp-mgmt01 CheckPoint 10547 - [action:\"Accept\"; ifdir:\"outbound\"; origin:\"10.20.1.1\"; \
                      time:\"1767603600\"; product:\"VPN-1 & FireWall-1\"; proto:\"6\"; s_port:\"51122\"; service:\"443\"; \
                      src:\"10.20.9.5\"; dst:\"198.51.100.10\"; src_user_name:\"Lee Kim (lkim)\"]";
        for line in [cef, syslog] {
            let parsed = testing::parse_ok(&CheckPoint, line);
            assert_eq!(parsed.fields.get("ifdir"), Some(&Value::from("outbound")), "{line}");
            let record = CheckPoint.to_ocsf(&parsed, &ParseOptions::default()).unwrap_or_else(|err| panic!("{line}: {err}"));
            assert_eq!(record["actor"]["user"]["name"], "lkim", "{line}");
            assert_eq!(record["actor"]["user"]["full_name"], "Lee Kim", "{line}");
            testing::assert_valid_ocsf(&record, line);
        }
    }

    #[test]
    fn administrator_audit_logs_map_to_their_classes() {
        let create = "<134>1 2025-05-20T09:14:02Z mgmt-01 CheckPoint 17001 - [action:\"Accept\"; flags:\"163872\"; ifdir:\"outbound\"; \
                      loguid:\"{0x6a1b2c3d,0x12,0x4e5f6a7b,0x8c9d0e1f}\"; origin:\"10.50.0.4\"; sequencenum:\"2\"; time:\"1747732442\"; version:\"5\"; \
                      administrator:\"nrossi\"; client_ip:\"10.50.3.21\"; domain_name:\"SMC User\"; objectname:\"allow-backup\"; \
                      objecttype:\"Access Control Rule\"; operation:\"Create Rule\"; product:\"SmartConsole\"; subject:\"Object Manipulation\"]";
        let parsed = testing::parse_ok(&CheckPoint, create);
        let record = CheckPoint.to_ocsf(&parsed, &ParseOptions::default()).unwrap();
        assert_eq!(record["class_uid"], 6003);
        assert_eq!(record["activity_id"], 1);
        assert_eq!(record["api"]["operation"], "Create Rule");
        assert_eq!(record["actor"]["user"]["name"], "nrossi");
        assert_eq!(record["src_endpoint"]["ip"], "10.50.3.21");
        assert_eq!(record["resources"][0]["name"], "allow-backup");
        assert_eq!(record["resources"][0]["type"], "Access Control Rule");
        testing::assert_valid_ocsf(&record, create);

        let logout = "<134>1 2025-05-20T09:30:40Z mgmt-01 CheckPoint 17001 - [action:\"Accept\"; flags:\"163872\"; ifdir:\"outbound\"; \
                      loguid:\"{0x6a1b2c3d,0x13,0x4e5f6a7b,0x8c9d0e1f}\"; origin:\"10.50.0.4\"; sequencenum:\"1\"; time:\"1747733440\"; version:\"5\"; \
                      administrator:\"nrossi\"; client_ip:\"10.50.3.21\"; operation:\"Log Out\"; product:\"SmartConsole\"; subject:\"Administrator Logout\"]";
        let parsed = testing::parse_ok(&CheckPoint, logout);
        let record = CheckPoint.to_ocsf(&parsed, &ParseOptions::default()).unwrap();
        assert_eq!(record["class_uid"], 3002);
        assert_eq!(record["activity_id"], 2);
        assert_eq!(record["user"]["name"], "nrossi");
        testing::assert_valid_ocsf(&record, logout);
    }

    #[test]
    fn one_digit_offset_of_the_header_is_read() {
        let line = "<85>1 2025-05-20T10:05:44--5:00 10.50.0.1 CP-GW - Log [Fields@1.3.6.1.4.1.2620 src=\"10.50.7.8\" \
                    dst=\"198.51.100.33\" proto=\"6\" service_id=\"https\" svc=\"443\" sport_svc=\"50100\" action=\"Accept\" ProductName=\"VPN-1 & FireWall-1\"]";
        let parsed = testing::parse_ok(&CheckPoint, line);
        let record = CheckPoint.to_ocsf(&parsed, &ParseOptions::default()).unwrap();
        assert_eq!(record["time"], 1_747_753_544_000_i64);
        assert_eq!(record["src_endpoint"]["ip"], "10.50.7.8");
        assert_eq!(repair_offset("2025-05-20T10:05:44+1:00").as_deref(), Some("2025-05-20T10:05:44+01:00"));
        assert_eq!(repair_offset("2025-05-20T10:05:44-05:00"), None);
        assert_eq!(repair_offset("2025-05-20T10:05:44Z"), None);
        assert_eq!(repair_offset("2025-05-20T10:05:44.250--5:00").as_deref(), Some("2025-05-20T10:05:44.250-05:00"));
    }

    #[test]
    fn export_field_aliases_are_read() {
        let value: Value = serde_json::from_str(
            r#"{"ProductName":"URL Filtering","Action":"Accept","UUid":"url-1","origin":"192.0.2.254","time":"1767603600","sip":"10.0.0.10","sport":"51300","dip":"198.51.100.34","dport":"443","protnum":"6","login":"alice"}"#,
        )
        .unwrap();
        let parsed = CheckPoint.parse_json(&value, &mut ParseState::default()).unwrap().unwrap();
        assert_eq!(parsed.variant, Some("traffic_accept"));
        assert_eq!(parsed.fields["src"], "10.0.0.10");
        assert_eq!(parsed.fields["s_port"], 51300);
        assert_eq!(parsed.fields["loguid"], "url-1");
        assert_eq!(parsed.fields["sip"], "10.0.0.10", "the original name stays");

        let record = CheckPoint.to_ocsf(&parsed, &ParseOptions::default()).unwrap();
        assert_eq!(record["src_endpoint"]["ip"], "10.0.0.10");
        assert_eq!(record["dst_endpoint"]["ip"], "198.51.100.34");
        assert_eq!(record["metadata"]["uid"], "url-1");
        testing::assert_valid_ocsf(&record, "aliased export");
    }

    #[test]
    fn corpus_samples_parse_and_map() {
        let mut lines: Vec<(String, String)> = testing::sekoia_samples("Checkpoint/checkpoint").into_iter().map(|s| (s.name, s.text)).collect::<Vec<_>>();
        for file in ["checkpoint-syslog-structured-data.log", "checkpoint-syslog-kv-message.log"] {
            for line in testing::corpus_lines(&format!("tenzir/checkpoint/tests/inputs/{file}")) {
                lines.push((file.to_string(), line));
            }
        }
        for (name, line) in &lines {
            let parsed = testing::parse_ok(&CheckPoint, line);
            let record = CheckPoint.to_ocsf(&parsed, &ParseOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
            testing::assert_valid_ocsf(&record, name);
        }
        for line in testing::corpus_lines("tenzir/checkpoint/tests/inputs/checkpoint.ndjson") {
            let value: Value = serde_json::from_str(&line).unwrap();
            let parsed = CheckPoint.parse_json(&value, &mut ParseState::default()).unwrap().unwrap();
            let record = CheckPoint.to_ocsf(&parsed, &ParseOptions::default()).unwrap();
            testing::assert_valid_ocsf(&record, &line);
        }
    }

    #[test]
    fn utc_offset_shifts_zoneless_header_only() {
        let fields = "hostname=cp-gw01|product=Firewall|action=Drop|ifdir=inbound|proto=17|s_port=138|service=138|src=10.20.14.10|dst=10.20.14.255";
        let wall_clock = crate::timestamp::Timestamp::from_civil(crate::generate::DEFAULT_START_YEAR, 1, 5, 9, 0, 0, 0).millis();

        let bsd = format!("<13>Jan  5 09:00:00 192.0.2.22 CheckPoint[20564]: {fields}");
        assert_eq!(testing::time_at_offset(META.id, &bsd, 0), wall_clock);
        assert_eq!(testing::time_at_offset(META.id, &bsd, 120), wall_clock - 2 * 3600 * 1000);

        let zoned = format!("<13>1 2026-01-05T09:00:00Z 192.0.2.22 CheckPoint 20564 - - {fields}");
        assert_eq!(testing::time_at_offset(META.id, &zoned, 120), wall_clock);

        let epoch = format!("<13>Jan  5 11:00:00 192.0.2.22 CheckPoint[20564]: time=1767603600|{fields}");
        assert_eq!(testing::time_at_offset(META.id, &epoch, 120), wall_clock);
    }
}
