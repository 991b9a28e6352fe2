//! Palo Alto Networks next-generation firewalls (PAN-OS): TRAFFIC, THREAT, SYSTEM, CONFIG and
//! GLOBALPROTECT logs in the default syslog CSV formats.
//!
//! Format: the CSV field lists of PAN-OS 10.2, "Syslog Field Descriptions" of the PAN-OS 10.2
//! administrator's guide:
//! <https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions>.
//! The writer emits exactly the 10.2 column counts (TRAFFIC 115, THREAT 121, SYSTEM 26, CONFIG 28,
//! GLOBALPROTECT 49) behind a BSD syslog header, as a firewall with a default syslog server
//! profile sends them: `<14>Jan  5 09:00:00 PA-3220-HQ 1,2026/01/05 09:00:00,016201004321,TRAFFIC,end,...`.
//!
//! The reader takes columns by position, so older releases (fewer columns) and newer ones
//! (more columns) read alike, and it accepts the bare CSV record without a syslog header. It
//! also reads the other forms in which these logs reach a SIEM: the CEF of the Strata Logging
//! Service (`CEF:0|Palo Alto Networks|LF|2.0|TRAFFIC|end|...`) and its JSON records, and the
//! firewall's own CEF format of the PAN-OS CEF configuration guide
//! (`CEF:0|Palo Alto Networks|PAN-OS|10.2.4|end|TRAFFIC|...`). Their keys are mapped onto the
//! CSV field names.
//!
//! Beyond the five generated types, the reader maps USERID, AUTHENTICATION, HIPMATCH and IPTAG
//! logs by their 10.2 columns. It maps DECRYPTION, TUNNEL, SCTP and GTP logs by the columns
//! they share with TRAFFIC.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::LazyLock;

use serde_json::{Map, Value};

use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::{Column, FieldMap, FieldName, FieldValue, NameTable};
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::{self, cef, csv, find_marker, syslog3164};
use crate::ocsf::{self, class, Node, Object, RecordBuilder, Text};
use crate::seed::{fnv1a, EventRng, StreamKey};
use crate::timestamp::{local_to_utc, parse_rfc3339, parse_rfc3339_local_with, parse_utc_offset, DateSeparator, Timestamp};
use crate::world::{World, Zone};

/// The `paloalto_firewall` source.
pub struct PaloAltoFirewall;

const fn variant(name: &'static str, weight: u32, description: &'static str) -> Variant {
    Variant {
        name,
        weight,
        format: WireFormat::Csv,
        description,
    }
}

const VARIANTS: &[Variant] = &[
    variant(
        "traffic_end",
        600,
        "TRAFFIC end: a session closed, with bytes, packets and end reason",
    ),
    variant("traffic_start", 60, "TRAFFIC start: a session was allowed and opened"),
    variant(
        "traffic_deny",
        80,
        "TRAFFIC deny: a session blocked by a rule after the application was identified",
    ),
    variant(
        "traffic_drop",
        40,
        "TRAFFIC drop: a session dropped before the application was identified",
    ),
    variant("threat_url", 120, "THREAT url: URL filtering log of a web request"),
    variant(
        "threat_vulnerability",
        25,
        "THREAT vulnerability: an exploit attempt matched a vulnerability signature",
    ),
    variant("threat_spyware", 15, "THREAT spyware: command-and-control or spyware traffic"),
    variant("threat_virus", 5, "THREAT virus: antivirus detected a malicious file"),
    variant(
        "threat_wildfire",
        8,
        "THREAT wildfire: WildFire returned a verdict for a submitted file",
    ),
    variant("system", 20, "SYSTEM: administrator authentication and device events"),
    variant("config", 5, "CONFIG: an administrator changed or committed the configuration"),
    variant("globalprotect_connect", 10, "GLOBALPROTECT: a remote user connected to a gateway"),
    variant(
        "globalprotect_disconnect",
        10,
        "GLOBALPROTECT: a remote user logged out of a gateway",
    ),
];

const TRAFFIC_END: usize = 0;
const TRAFFIC_START: usize = 1;
const TRAFFIC_DENY: usize = 2;
const TRAFFIC_DROP: usize = 3;
const THREAT_URL: usize = 4;
const THREAT_VULNERABILITY: usize = 5;
const THREAT_SPYWARE: usize = 6;
const THREAT_VIRUS: usize = 7;
const THREAT_WILDFIRE: usize = 8;
const SYSTEM: usize = 9;
const CONFIG: usize = 10;
const GP_CONNECT: usize = 11;
#[cfg(test)]
const GP_DISCONNECT: usize = 12;

static META: SourceMeta = SourceMeta {
    id: "paloalto_firewall",
    aliases: &[],
    vendor: "Palo Alto Networks",
    product: "PAN-OS",
    category: "network",
    formats: &[WireFormat::Csv, WireFormat::Cef, WireFormat::Json],
    sourcetype: "pan:log",
    ocsf_classes: &[
        class::NETWORK_ACTIVITY,
        class::HTTP_ACTIVITY,
        class::DNS_ACTIVITY,
        class::DETECTION_FINDING,
        class::AUTHENTICATION,
        class::API_ACTIVITY,
        class::BASE_EVENT,
    ],
    doc_url: "https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions",
    versions: "PAN-OS 10.2 field lists (TRAFFIC 115, THREAT 121, SYSTEM 26, CONFIG 28, GLOBALPROTECT 49 columns); older and newer layouts are read by position",
    known_gaps: &[
        "LEEF output and custom log formats are not read",
        "Generated times are UTC; a firewall writes its local time",
        "The syslog PRI is always <14> (user.info) whatever the log severity",
        "SYSTEM events other than authentication and connections to named servers become OCSF Base Events",
        "IPTAG and HIPMATCH records stay Base Events with their addresses under unmapped, since no OCSF class with endpoints fits a tag registration or a host profile match",
        "URL filtering logs map to HTTP Activity unless their category names a threat (malware, phishing, command-and-control), which makes them Detection Findings",
        "USERID, HIPMATCH, DECRYPTION, AUTHENTICATION and other log types are read as Base Events with the common columns only",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &["device_name"],
};

// ----------------------------------------------------------------------------------------------
// Column layouts of PAN-OS 10.2. An empty name is a FUTURE_USE column.
// ----------------------------------------------------------------------------------------------

const TRAFFIC_COLUMNS: [&str; 115] = [
    "",
    "receive_time",
    "serial",
    "type",
    "subtype",
    "",
    "time_generated",
    "src",
    "dst",
    "natsrc",
    "natdst",
    "rule",
    "srcuser",
    "dstuser",
    "app",
    "vsys",
    "from",
    "to",
    "inbound_if",
    "outbound_if",
    "logset",
    "",
    "sessionid",
    "repeatcnt",
    "sport",
    "dport",
    "natsport",
    "natdport",
    "flags",
    "proto",
    "action",
    "bytes",
    "bytes_sent",
    "bytes_received",
    "packets",
    "start",
    "elapsed",
    "category",
    "",
    "seqno",
    "actionflags",
    "srcloc",
    "dstloc",
    "",
    "pkts_sent",
    "pkts_received",
    "session_end_reason",
    "dg_hier_level_1",
    "dg_hier_level_2",
    "dg_hier_level_3",
    "dg_hier_level_4",
    "vsys_name",
    "device_name",
    "action_source",
    "src_uuid",
    "dst_uuid",
    "tunnelid",
    "monitortag",
    "parent_session_id",
    "parent_start_time",
    "tunnel",
    "assoc_id",
    "chunks",
    "chunks_sent",
    "chunks_received",
    "rule_uuid",
    "http2_connection",
    "link_change_count",
    "policy_id",
    "link_switches",
    "sdwan_cluster",
    "sdwan_device_type",
    "sdwan_cluster_type",
    "sdwan_site",
    "dynusergroup_name",
    "xff_ip",
    "src_category",
    "src_profile",
    "src_model",
    "src_vendor",
    "src_osfamily",
    "src_osversion",
    "src_host",
    "src_mac",
    "dst_category",
    "dst_profile",
    "dst_model",
    "dst_vendor",
    "dst_osfamily",
    "dst_osversion",
    "dst_host",
    "dst_mac",
    "container_id",
    "pod_namespace",
    "pod_name",
    "src_edl",
    "dst_edl",
    "hostid",
    "serialnumber",
    "src_dag",
    "dst_dag",
    "session_owner",
    "high_res_timestamp",
    "nssai_sst",
    "nssai_sd",
    "subcategory_of_app",
    "category_of_app",
    "technology_of_app",
    "risk_of_app",
    "characteristic_of_app",
    "container_of_app",
    "tunneled_app",
    "is_saas_of_app",
    "sanctioned_state_of_app",
    "offloaded",
];

const THREAT_COLUMNS: [&str; 121] = [
    "",
    "receive_time",
    "serial",
    "type",
    "subtype",
    "",
    "time_generated",
    "src",
    "dst",
    "natsrc",
    "natdst",
    "rule",
    "srcuser",
    "dstuser",
    "app",
    "vsys",
    "from",
    "to",
    "inbound_if",
    "outbound_if",
    "logset",
    "",
    "sessionid",
    "repeatcnt",
    "sport",
    "dport",
    "natsport",
    "natdport",
    "flags",
    "proto",
    "action",
    "misc",
    "threatid",
    "category",
    "severity",
    "direction",
    "seqno",
    "actionflags",
    "srcloc",
    "dstloc",
    "",
    "contenttype",
    "pcap_id",
    "filedigest",
    "cloud",
    "url_idx",
    "user_agent",
    "filetype",
    "xff",
    "referer",
    "sender",
    "subject",
    "recipient",
    "reportid",
    "dg_hier_level_1",
    "dg_hier_level_2",
    "dg_hier_level_3",
    "dg_hier_level_4",
    "vsys_name",
    "device_name",
    "",
    "src_uuid",
    "dst_uuid",
    "http_method",
    "tunnelid",
    "monitortag",
    "parent_session_id",
    "parent_start_time",
    "tunnel",
    "thr_category",
    "contentver",
    "",
    "assoc_id",
    "ppid",
    "http_headers",
    "url_category_list",
    "rule_uuid",
    "http2_connection",
    "dynusergroup_name",
    "xff_ip",
    "src_category",
    "src_profile",
    "src_model",
    "src_vendor",
    "src_osfamily",
    "src_osversion",
    "src_host",
    "src_mac",
    "dst_category",
    "dst_profile",
    "dst_model",
    "dst_vendor",
    "dst_osfamily",
    "dst_osversion",
    "dst_host",
    "dst_mac",
    "container_id",
    "pod_namespace",
    "pod_name",
    "src_edl",
    "dst_edl",
    "hostid",
    "serialnumber",
    "domain_edl",
    "src_dag",
    "dst_dag",
    "partial_hash",
    "high_res_timestamp",
    "reason",
    "justification",
    "nssai_sst",
    "subcategory_of_app",
    "category_of_app",
    "technology_of_app",
    "risk_of_app",
    "characteristic_of_app",
    "container_of_app",
    "tunneled_app",
    "is_saas_of_app",
    "sanctioned_state_of_app",
    "cloud_reportid",
];

const SYSTEM_COLUMNS: [&str; 26] = [
    "",
    "receive_time",
    "serial",
    "type",
    "subtype",
    "",
    "time_generated",
    "vsys",
    "eventid",
    "object",
    "",
    "",
    "module",
    "severity",
    "opaque",
    "seqno",
    "actionflags",
    "dg_hier_level_1",
    "dg_hier_level_2",
    "dg_hier_level_3",
    "dg_hier_level_4",
    "vsys_name",
    "device_name",
    "",
    "",
    "high_res_timestamp",
];

const CONFIG_COLUMNS: [&str; 28] = [
    "",
    "receive_time",
    "serial",
    "type",
    "subtype",
    "",
    "time_generated",
    "host",
    "vsys",
    "cmd",
    "admin",
    "client",
    "result",
    "path",
    "before_change_detail",
    "after_change_detail",
    "seqno",
    "actionflags",
    "dg_hier_level_1",
    "dg_hier_level_2",
    "dg_hier_level_3",
    "dg_hier_level_4",
    "vsys_name",
    "device_name",
    "dg_id",
    "comment",
    "",
    "high_res_timestamp",
];

const GLOBALPROTECT_COLUMNS: [&str; 49] = [
    "",
    "receive_time",
    "serial",
    "type",
    "subtype",
    "",
    "time_generated",
    "vsys",
    "eventid",
    "stage",
    "auth_method",
    "tunnel_type",
    "srcuser",
    "srcregion",
    "machinename",
    "public_ip",
    "public_ipv6",
    "private_ip",
    "private_ipv6",
    "hostid",
    "serialnumber",
    "client_ver",
    "client_os",
    "client_os_ver",
    "repeatcnt",
    "reason",
    "error",
    "opaque",
    "status",
    "location",
    "login_duration",
    "connect_method",
    "error_code",
    "portal",
    "seqno",
    "actionflags",
    "high_res_timestamp",
    "selection_type",
    "response_time",
    "priority",
    "attempted_gateways",
    "gateway",
    "dg_hier_level_1",
    "dg_hier_level_2",
    "dg_hier_level_3",
    "dg_hier_level_4",
    "vsys_name",
    "device_name",
    "vsys_id",
];

/// USERID columns of PAN-OS 10.2 (36).
const USERID_COLUMNS: [&str; 36] = [
    "",
    "receive_time",
    "serial",
    "type",
    "subtype",
    "",
    "time_generated",
    "vsys",
    "ip",
    "user",
    "datasourcename",
    "eventid",
    "repeatcnt",
    "timeout",
    "beginport",
    "endport",
    "datasource",
    "datasourcetype",
    "seqno",
    "actionflags",
    "dg_hier_level_1",
    "dg_hier_level_2",
    "dg_hier_level_3",
    "dg_hier_level_4",
    "vsys_name",
    "device_name",
    "vsys_id",
    "factortype",
    "factorcompletiontime",
    "factorno",
    "ugflags",
    "userbysource",
    "tag_name",
    "high_res_timestamp",
    "origin_data_source",
    "",
];

/// AUTHENTICATION columns of PAN-OS 10.2 (48): the Authentication Policy and multi-factor
/// authentication log.
const AUTHENTICATION_COLUMNS: [&str; 48] = [
    "",
    "receive_time",
    "serial",
    "type",
    "subtype",
    "",
    "time_generated",
    "vsys",
    "ip",
    "user",
    "normalize_user",
    "object",
    "authpolicy",
    "repeatcnt",
    "authid",
    "vendor",
    "logset",
    "serverprofile",
    "desc",
    "clienttype",
    "event",
    "factorno",
    "seqno",
    "actionflags",
    "dg_hier_level_1",
    "dg_hier_level_2",
    "dg_hier_level_3",
    "dg_hier_level_4",
    "vsys_name",
    "device_name",
    "vsys_id",
    "authproto",
    "rule_uuid",
    "high_res_timestamp",
    "src_category",
    "src_profile",
    "src_model",
    "src_vendor",
    "src_osfamily",
    "src_osversion",
    "src_host",
    "src_mac",
    "region",
    "",
    "user_agent",
    "sessionid",
    "cluster_name",
    "",
];

/// HIPMATCH columns of PAN-OS 10.2 (33): a GlobalProtect host matched a HIP object or profile.
const HIPMATCH_COLUMNS: [&str; 33] = [
    "",
    "receive_time",
    "serial",
    "type",
    "subtype",
    "",
    "time_generated",
    "srcuser",
    "vsys",
    "machinename",
    "os",
    "src",
    "matchname",
    "repeatcnt",
    "matchtype",
    "",
    "",
    "seqno",
    "actionflags",
    "dg_hier_level_1",
    "dg_hier_level_2",
    "dg_hier_level_3",
    "dg_hier_level_4",
    "vsys_name",
    "device_name",
    "vsys_id",
    "srcipv6",
    "hostid",
    "serialnumber",
    "mac",
    "high_res_timestamp",
    "cluster_name",
    "",
];

/// IPTAG columns of PAN-OS 10.2 (27): a tag registered on or removed from an address.
const IPTAG_COLUMNS: [&str; 27] = [
    "",
    "receive_time",
    "serial",
    "type",
    "subtype",
    "",
    "time_generated",
    "vsys",
    "ip",
    "tag_name",
    "event_id",
    "repeatcnt",
    "timeout",
    "datasourcename",
    "datasource_type",
    "datasource_subtype",
    "seqno",
    "actionflags",
    "dg_hier_level_1",
    "dg_hier_level_2",
    "dg_hier_level_3",
    "dg_hier_level_4",
    "vsys_name",
    "device_name",
    "vsys_id",
    "high_res_timestamp",
    "",
];

/// Columns shared by every log type, for types without a layout of their own.
const COMMON_COLUMNS: [&str; 7] = ["", "receive_time", "serial", "type", "subtype", "", "time_generated"];

/// Number of columns of the longest layout, THREAT.
const MAX_COLUMNS: usize = THREAT_COLUMNS.len();

/// The column names of one log type, and which of its columns hold integers.
struct Layout {
    columns: &'static [&'static str],
    /// `numeric[i]` is true when column `i` contains integers, as [`is_numeric`] decides from its
    /// name. Looking the flag up by index costs less than matching the name for every cell.
    numeric: [bool; MAX_COLUMNS],
    /// The number of columns every record of the type has in the PAN-OS versions the reader
    /// reads: through the action of a session log, the event id of a SYSTEM or GlobalProtect
    /// log, the result of a CONFIG log. A shorter record was cut short on its way.
    required: usize,
    /// The table of the columns and the syslog header fields, where each column's slot is its
    /// position, so the mapping finds a field without an index of the map.
    names: fn() -> &'static NameTable,
}

/// The [`Column`] of a TRAFFIC column. A record of another layout finds the field by its slot
/// when that layout has the column in the same position, as THREAT has the first 31 columns
/// of TRAFFIC, and by its name otherwise.
macro_rules! traffic {
    ($name:literal) => {
        const { Column::of(&TRAFFIC_COLUMNS, $name) }
    };
}

/// The [`Column`] of a THREAT column.
macro_rules! threat {
    ($name:literal) => {
        const { Column::of(&THREAT_COLUMNS, $name) }
    };
}

/// The syslog header fields, which follow the columns in each layout's [`NameTable`].
const HEADER_FIELDS: [&str; 2] = ["syslog_timestamp", "syslog_host"];

/// Defines a function that returns the [`NameTable`] of a layout's columns, built once.
macro_rules! layout_names {
    ($name:ident, $columns:expr) => {
        fn $name() -> &'static NameTable {
            static NAMES: LazyLock<NameTable> = LazyLock::new(|| NameTable::of_columns($columns, &HEADER_FIELDS));
            &NAMES
        }
    };
}

impl Layout {
    const fn new(columns: &'static [&'static str], required: usize, names: fn() -> &'static NameTable) -> Self {
        assert!(columns.len() <= MAX_COLUMNS, "THREAT is the longest layout");
        let mut numeric = [false; MAX_COLUMNS];
        let mut index = 0;
        while index < columns.len() {
            numeric[index] = is_numeric(columns[index]);
            index += 1;
        }
        Layout {
            columns,
            numeric,
            required,
            names,
        }
    }
}

layout_names!(traffic_names, &TRAFFIC_COLUMNS);
layout_names!(threat_names, &THREAT_COLUMNS);
layout_names!(system_names, &SYSTEM_COLUMNS);
layout_names!(config_names, &CONFIG_COLUMNS);
layout_names!(globalprotect_names, &GLOBALPROTECT_COLUMNS);
layout_names!(userid_names, &USERID_COLUMNS);
layout_names!(authentication_names, &AUTHENTICATION_COLUMNS);
layout_names!(hipmatch_names, &HIPMATCH_COLUMNS);
layout_names!(iptag_names, &IPTAG_COLUMNS);
layout_names!(session_names, TRAFFIC_COLUMNS.split_at(SESSION_COLUMNS).0);
layout_names!(common_names, &COMMON_COLUMNS);

const TRAFFIC_LAYOUT: Layout = Layout::new(&TRAFFIC_COLUMNS, 31, traffic_names);
const THREAT_LAYOUT: Layout = Layout::new(&THREAT_COLUMNS, 31, threat_names);
const SYSTEM_LAYOUT: Layout = Layout::new(&SYSTEM_COLUMNS, 9, system_names);
const CONFIG_LAYOUT: Layout = Layout::new(&CONFIG_COLUMNS, 13, config_names);
const GLOBALPROTECT_LAYOUT: Layout = Layout::new(&GLOBALPROTECT_COLUMNS, 9, globalprotect_names);
const USERID_LAYOUT: Layout = Layout::new(&USERID_COLUMNS, 12, userid_names);
const AUTHENTICATION_LAYOUT: Layout = Layout::new(&AUTHENTICATION_COLUMNS, 10, authentication_names);
const HIPMATCH_LAYOUT: Layout = Layout::new(&HIPMATCH_COLUMNS, 12, hipmatch_names);
const IPTAG_LAYOUT: Layout = Layout::new(&IPTAG_COLUMNS, 10, iptag_names);
/// These session logs share the first 31 TRAFFIC columns, up to the action.
const SESSION_COLUMNS: usize = 31;
const SESSION_LAYOUT: Layout = Layout::new(TRAFFIC_COLUMNS.split_at(SESSION_COLUMNS).0, SESSION_COLUMNS, session_names);
const COMMON_LAYOUT: Layout = Layout::new(&COMMON_COLUMNS, 4, common_names);

/// Returns the column layout of a log type.
fn layout_of(log_type: &str) -> &'static Layout {
    match log_type {
        "TRAFFIC" => &TRAFFIC_LAYOUT,
        "THREAT" => &THREAT_LAYOUT,
        "SYSTEM" => &SYSTEM_LAYOUT,
        "CONFIG" => &CONFIG_LAYOUT,
        "GLOBALPROTECT" => &GLOBALPROTECT_LAYOUT,
        "USERID" => &USERID_LAYOUT,
        "AUTHENTICATION" => &AUTHENTICATION_LAYOUT,
        "HIPMATCH" | "HIP-MATCH" => &HIPMATCH_LAYOUT,
        "IPTAG" => &IPTAG_LAYOUT,
        "DECRYPTION" | "TUNNEL" | "SCTP" | "GTP" => &SESSION_LAYOUT,
        _ => &COMMON_LAYOUT,
    }
}

/// Returns the column names of a log type.
fn columns_of(log_type: &str) -> &'static [&'static str] {
    layout_of(log_type).columns
}

/// Log types PAN-OS writes in column 4; finding one marks where a record starts.
const LOG_TYPES: &[&str] = &[
    "TRAFFIC",
    "THREAT",
    "SYSTEM",
    "CONFIG",
    "GLOBALPROTECT",
    "USERID",
    "HIPMATCH",
    "HIP-MATCH",
    "DECRYPTION",
    "IPTAG",
    "AUTHENTICATION",
    "TUNNEL",
    "SCTP",
    "GTP",
    "CORRELATION",
    "AUDIT",
];

/// True for the columns holding integers. Every other column is text.
const fn is_numeric(column: &str) -> bool {
    // Byte string patterns, unlike string patterns, can be matched in a `const fn`.
    matches!(
        column.as_bytes(),
        b"sessionid" |
        b"repeatcnt" |
        b"sport" |
        b"dport" |
        b"natsport" |
        b"natdport" |
        b"bytes" |
        b"bytes_sent" |
        b"bytes_received" |
        b"packets" |
        b"elapsed" |
        b"seqno" |
        b"pkts_sent" |
        b"pkts_received" |
        b"dg_hier_level_1" |
        b"dg_hier_level_2" |
        b"dg_hier_level_3" |
        b"dg_hier_level_4" |
        b"parent_session_id" |
        b"assoc_id" |
        b"chunks" |
        b"chunks_sent" |
        b"chunks_received" |
        b"http2_connection" |
        b"link_change_count" |
        b"risk_of_app" |
        b"offloaded" |
        b"pcap_id" |
        b"url_idx" |
        b"reportid" |
        b"login_duration" |
        b"error_code" |
        b"vsys_id" |
        b"tunnelid" |
        b"partial_hash" |
        b"response_time" |
        b"timeout" |
        b"beginport" |
        b"endport"
    )
}


/// `Threat/Content Type` config version column: PAN-OS writes its release as major * 256 +
/// minor, so 10.2 is 2562.
const CONFIG_VERSION: &str = "2562";

// ----------------------------------------------------------------------------------------------
// Generation
// ----------------------------------------------------------------------------------------------

/// One firewall of the synthetic organisation.
struct Firewall {
    name: &'static str,
    serial: &'static str,
}

const FIREWALLS: &[(Firewall, u32)] = &[
    (
        Firewall {
            name: "PA-3220-HQ",
            serial: "016201004321",
        },
        80,
    ),
    (
        Firewall {
            name: "PA-850-BR01",
            serial: "012801096553",
        },
        20,
    ),
];

/// An application with the metadata PAN-OS appends to its logs.
struct App {
    name: &'static str,
    port: i64,
    proto: &'static str,
    subcategory: &'static str,
    category: &'static str,
    technology: &'static str,
    risk: i64,
    characteristics: &'static str,
}

/// SSH, which both workstations reaching the internet and internal hosts use.
const SSH: App = App {
    name: "ssh",
    port: 22,
    proto: "tcp",
    subcategory: "encrypted-tunnel",
    category: "networking",
    technology: "client-server",
    risk: 4,
    characteristics: "able-to-transfer-file,has-known-vulnerability,tunnel-other-application,pervasive-use",
};

/// Applications of outbound traffic with their share (an estimate of a typical office).
const OUTBOUND_APPS: &[(App, u32)] = &[
    (
        App {
            name: "ssl",
            port: 443,
            proto: "tcp",
            subcategory: "encrypted-tunnel",
            category: "networking",
            technology: "browser-based",
            risk: 4,
            characteristics: "used-by-malware,able-to-transfer-file,has-known-vulnerability,tunnel-other-application,pervasive-use",
        },
        40,
    ),
    (
        App {
            name: "web-browsing",
            port: 80,
            proto: "tcp",
            subcategory: "internet-utility",
            category: "general-internet",
            technology: "browser-based",
            risk: 4,
            characteristics: "used-by-malware,able-to-transfer-file,has-known-vulnerability,tunnel-other-application,pervasive-use",
        },
        12,
    ),
    (
        App {
            name: "dns-base",
            port: 53,
            proto: "udp",
            subcategory: "infrastructure",
            category: "networking",
            technology: "network-protocol",
            risk: 3,
            characteristics: "able-to-transfer-file,tunnel-other-application,pervasive-use",
        },
        18,
    ),
    (
        App {
            name: "ms-office365-base",
            port: 443,
            proto: "tcp",
            subcategory: "office-programs",
            category: "business-systems",
            technology: "browser-based",
            risk: 1,
            characteristics: "pervasive-use",
        },
        10,
    ),
    (
        App {
            name: "google-base",
            port: 443,
            proto: "tcp",
            subcategory: "internet-utility",
            category: "general-internet",
            technology: "browser-based",
            risk: 4,
            characteristics: "able-to-transfer-file,pervasive-use",
        },
        6,
    ),
    (
        App {
            name: "ntp-base",
            port: 123,
            proto: "udp",
            subcategory: "infrastructure",
            category: "networking",
            technology: "network-protocol",
            risk: 2,
            characteristics: "pervasive-use",
        },
        5,
    ),
    (
        App {
            name: "quic",
            port: 443,
            proto: "udp",
            subcategory: "internet-utility",
            category: "general-internet",
            technology: "browser-based",
            risk: 2,
            characteristics: "able-to-transfer-file,pervasive-use",
        },
        5,
    ),
    (
        App {
            name: "zoom",
            port: 8801,
            proto: "udp",
            subcategory: "internet-conferencing",
            category: "collaboration",
            technology: "client-server",
            risk: 3,
            characteristics: "able-to-transfer-file,has-known-vulnerability,pervasive-use",
        },
        2,
    ),
    (SSH, 2),
];

/// Applications of connections from the internet to published servers.
const INBOUND_APPS: &[(App, u32)] = &[
    (
        App {
            name: "ssl",
            port: 443,
            proto: "tcp",
            subcategory: "encrypted-tunnel",
            category: "networking",
            technology: "browser-based",
            risk: 4,
            characteristics: "used-by-malware,able-to-transfer-file,has-known-vulnerability,tunnel-other-application,pervasive-use",
        },
        60,
    ),
    (
        App {
            name: "smtp-base",
            port: 25,
            proto: "tcp",
            subcategory: "email",
            category: "collaboration",
            technology: "client-server",
            risk: 5,
            characteristics: "used-by-malware,able-to-transfer-file,has-known-vulnerability,pervasive-use",
        },
        25,
    ),
    (
        App {
            name: "web-browsing",
            port: 80,
            proto: "tcp",
            subcategory: "internet-utility",
            category: "general-internet",
            technology: "browser-based",
            risk: 4,
            characteristics: "used-by-malware,able-to-transfer-file,has-known-vulnerability,tunnel-other-application,pervasive-use",
        },
        15,
    ),
];

/// Applications of sessions between internal hosts, drawn only when a request's overrides put
/// both ends of a session inside the organisation.
// NOTE: the category, subcategory, technology, risk and characteristics of ms-ds-smbv3 and
// ms-rdp are estimates in the style of the published App-IDs, not taken from the App-ID database.
const INTERNAL_APPS: &[(App, u32)] = &[
    (
        App {
            name: "ms-ds-smbv3",
            port: 445,
            proto: "tcp",
            subcategory: "storage-backup",
            category: "business-systems",
            technology: "client-server",
            risk: 4,
            characteristics: "able-to-transfer-file,has-known-vulnerability,used-by-malware,pervasive-use",
        },
        60,
    ),
    (
        App {
            name: "ms-rdp",
            port: 3389,
            proto: "tcp",
            subcategory: "remote-access",
            category: "networking",
            technology: "client-server",
            risk: 4,
            characteristics: "able-to-transfer-file,has-known-vulnerability,tunnel-other-application,used-by-malware,pervasive-use",
        },
        25,
    ),
    (SSH, 15),
];

/// The direction of a session across the firewall.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    /// From a workstation to the internet.
    Outbound,
    /// From the internet to a published server.
    Inbound,
    /// Between two internal hosts.
    Internal,
}

/// Returns the direction that the request's `src` and `dst` overrides give a session, or
/// `None` when neither is set, so the direction is drawn.
fn pinned_direction(ctx: &GenContext<'_>) -> Option<Direction> {
    let world = ctx.world;
    let src = ctx.pinned_ipv4("src");
    let dst = ctx.pinned_ipv4("dst");
    match (src.map(|ip| world.is_internal(ip)), dst) {
        (Some(false), _) => Some(Direction::Inbound),
        (Some(true), Some(dst)) if world.is_internal(dst) => Some(Direction::Internal),
        (Some(true), _) => Some(Direction::Outbound),
        (None, Some(dst)) if world.is_internal(dst) => Some(Direction::Internal),
        (None, Some(dst)) if world.nat_addresses.contains(&dst) => Some(Direction::Inbound),
        (None, Some(_)) => Some(Direction::Outbound),
        (None, None) => None,
    }
}

/// Returns the index of the user whose workstation has `address`.
fn owner_of(world: &World, address: Ipv4Addr) -> Option<usize> {
    world.users.iter().position(|user| world.hosts[user.workstation].ip == address)
}

/// Returns the application of `apps` that listens on the port an override sets, or of the
/// other tables when `apps` has none.
fn pinned_app(ctx: &GenContext<'_>, apps: &'static [(App, u32)]) -> Option<&'static App> {
    let port = i64::from(ctx.pinned_u16("dport")?);
    [apps, INTERNAL_APPS, OUTBOUND_APPS, INBOUND_APPS]
        .into_iter()
        .flat_map(|table| table.iter())
        .map(|(app, _)| app)
        .find(|app| app.port == port)
}

const URL_CATEGORIES: &[(&str, u32)] = &[
    ("computer-and-internet-info", 25),
    ("business-and-economy", 20),
    ("search-engines", 12),
    ("web-based-email", 8),
    ("news", 8),
    ("social-networking", 8),
    ("content-delivery-networks", 10),
    ("online-storage-and-backup", 5),
    ("shopping", 4),
];

const COUNTRIES: &[&str] = &["United States", "Germany", "Netherlands", "Ireland", "United Kingdom", "France"];

/// Appends a field holding `YYYY/MM/DD HH:MM:SS`, the PAN-OS time layout.
fn put_pan_time(fields: &mut Fields, name: &'static str, time: Timestamp) {
    fields.with(name, |out| time.write_slashed(out, 0));
}

/// Appends the high resolution timestamp `YYYY-MM-DDTHH:MM:SS.mmm+00:00`.
fn put_high_resolution(fields: &mut Fields, time: Timestamp) {
    fields.with("high_res_timestamp", |out| {
        time.write_rfc3339_offset(out, 3, 0);
        Timestamp::write_offset(out, 0);
    });
}

/// Returns the location column of an address. PAN-OS writes the range of a private (RFC 1918)
/// address and the country of another one. Every subnet of the organisation lies in
/// 10.0.0.0/8, so an internal address gets that range.
fn location_of(address: Ipv4Addr, rng: &mut EventRng) -> &'static str {
    match address.octets() {
        [10, ..] => "10.0.0.0-10.255.255.255",
        [172, 16..=31, ..] => "172.16.0.0-172.31.255.255",
        [192, 168, ..] => "192.168.0.0-192.168.255.255",
        _ => rng.pick_str(COUNTRIES),
    }
}

/// Appends the UUID of a rule, stable for a rule name as the firewall keeps one per rule.
fn put_rule_uuid(fields: &mut Fields, world: &World, rule: &str) {
    fields.with("rule_uuid", |out| {
        StreamKey::new(fnv1a(world.domain_sid.as_bytes()), rule).event(0).uuid_into(out);
    });
}

impl Source for PaloAltoFirewall {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let firewall = ctx.rng.pick_weighted(FIREWALLS);
        let received = ctx.time.add_nanos(ctx.rng.below(2) as i64 * 1_000_000_000);
        let log_type = match ctx.variant {
            TRAFFIC_END..=TRAFFIC_DROP => "TRAFFIC",
            THREAT_URL..=THREAT_WILDFIRE => "THREAT",
            SYSTEM => "SYSTEM",
            CONFIG => "CONFIG",
            _ => "GLOBALPROTECT",
        };
        let subtype = match ctx.variant {
            TRAFFIC_END => "end",
            TRAFFIC_START => "start",
            TRAFFIC_DENY => "deny",
            TRAFFIC_DROP => "drop",
            THREAT_URL => "url",
            THREAT_VULNERABILITY => "vulnerability",
            THREAT_SPYWARE => "spyware",
            THREAT_VIRUS => "virus",
            THREAT_WILDFIRE => "wildfire",
            SYSTEM => {
                if ctx.rng.chance(600) {
                    "auth"
                } else {
                    "general"
                }
            }
            // CONFIG and GLOBALPROTECT logs carry no subtype and write 0.
            _ => "0",
        };
        put_pan_time(fields, "receive_time", received);
        fields.str("serial", firewall.serial);
        fields.str("type", log_type);
        fields.str("subtype", subtype);
        put_pan_time(fields, "time_generated", ctx.time);
        match log_type {
            "TRAFFIC" => fill_traffic(ctx, fields, firewall),
            "THREAT" => fill_threat(ctx, fields, firewall),
            "SYSTEM" => fill_system(ctx, fields, firewall, subtype == "auth"),
            "CONFIG" => fill_config(ctx, fields, firewall),
            _ => fill_globalprotect(ctx, fields, firewall),
        }
    }

    fn write(&self, _variant: usize, fields: &Fields, out: &mut String) {
        let log_type = fields.get("type").unwrap_or("");
        let columns = columns_of(log_type);
        let values = column_values(columns, fields);
        syslog3164::write_priority(out, 1, 6);
        write_bsd_from_pan(fields.get("receive_time").unwrap_or(""), out);
        out.push(' ');
        out.push_str(fields.get("device_name").unwrap_or("PA-VM"));
        out.push(' ');

        // The record is written straight into `out` and escaped afterwards in the rare case
        // that a value contains a control character, which saves copying it through a buffer.
        let record_start = out.len();
        let time_generated = fields.get("time_generated").unwrap_or("");
        for (i, (name, value)) in columns.iter().zip(&values).enumerate() {
            if i > 0 {
                out.push(',');
            }
            let value = match *name {
                "" => future_use(log_type, i, time_generated),
                _ => value.unwrap_or(""),
            };
            if is_quoted(name) {
                csv::write_quoted_cell(out, value);
            } else if !value.is_empty() {
                csv::write_cell(out, value, ',');
            }
        }
        if has_control(&out.as_bytes()[record_start..]) {
            let record = out.split_off(record_start);
            syslog3164::write_escaped(out, &record);
        }
    }

    fn parse_line(&self, line: &str, _state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        if line.len() > csv::MAX_LINE {
            return Err(ParseError::new(
                csv::MAX_LINE,
                format!("line of {} bytes exceeds the {}-byte limit", line.len(), csv::MAX_LINE),
            ));
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            return Err(ParseError::new(0, "empty line"));
        }
        if let Some(start) = cef::find_start(line) {
            return parse_cef(line, start).map(Some);
        }
        let Some(start) = find_record_start(line) else {
            return Err(ParseError::new(
                0,
                "no PAN-OS record: expected CSV whose fourth column is a log type such as TRAFFIC or THREAT, or a CEF event",
            ));
        };
        let header = split_header(&line[..start])?;
        let record = &line[start..];
        // Syslog relays write a line feed inside a cell as `#012`. Most records have none.
        let record = if find_marker(record, b"#012").is_some() {
            Cow::Owned(record.replace("#012", "\n"))
        } else {
            Cow::Borrowed(record)
        };
        let at_record = |err: ParseError| ParseError::new(start + err.offset, err.reason);
        let mut cells = csv::cells(&record, ',');
        // The fourth cell, the log type, selects the column layout of the others.
        let mut leading: [Cow<'_, str>; 4] = Default::default();
        let mut leading_count = 0;
        // The loops call `cells.next()` themselves because `by_ref()` would add a call per cell.
        for slot in &mut leading {
            let Some(cell) = cells.next() else { break };
            *slot = cell.map_err(at_record)?;
            leading_count += 1;
        }
        let log_type = if leading_count == 4 { upper_case(leading[3].trim()) } else { Cow::Borrowed("") };
        let layout = layout_of(&log_type);
        // Room for every column and the two syslog header fields, so the map never grows.
        // The map copies the line, so the header fields and the cells borrowed from it stay
        // ranges of the copy. Cells of a record with `#012` replaced are stored as strings.
        let names = (layout.names)();
        let mut fields = FieldMap::with_names(layout.columns.len() + 2, line, names);
        put_header(header, &mut fields, names, layout.columns.len());
        let mut column = 0;
        for cell in &mut leading[..leading_count.min(layout.columns.len())] {
            put_column(&mut fields, names, column, layout.columns[column], layout.numeric[column], std::mem::take(cell));
            column += 1;
        }
        // Where the record starts in the map's copy of the line, unless `#012` was replaced.
        let base = matches!(record, Cow::Borrowed(_)).then_some(start);
        let bytes = record.as_bytes();
        // Runs of plain cells are read into `ranges` and stored together. A quoted cell, a cell
        // that starts with a space, and every cell of a record with `#012` replaced are read
        // one by one.
        let mut ranges = [(0, 0); 32];
        while column < layout.columns.len() {
            if let Some(base) = base {
                let wanted = (layout.columns.len() - column).min(ranges.len());
                let read = cells.plain_ranges(&mut ranges[..wanted]);
                if read > 0 {
                    store_ranges(&mut fields, names, layout, column, &ranges[..read], bytes, base);
                    column += read;
                    continue;
                }
            }
            let Some(cell) = cells.next() else { break };
            put_column(&mut fields, names, column, layout.columns[column], layout.numeric[column], cell.map_err(at_record)?);
            column += 1;
        }
        let count = column;
        if count < layout.required {
            let log_type = fields.get_unindexed("type").and_then(Value::as_str).unwrap_or("PAN-OS");
            return Err(ParseError::new(
                line.len(),
                format!(
                    "the {log_type} record ends after {count} columns, and every {log_type} record has at least {}; the line was probably cut short",
                    layout.required
                ),
            ));
        }
        // Cells beyond the layout are not stored, but a malformed one still rejects the line.
        for cell in cells {
            cell.map_err(at_record)?;
        }
        Ok(Some(Parsed {
            variant: variant_of(&fields),
            fields,
        }))
    }

    fn parse_json(&self, value: &Value, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let Some(object) = value.as_object() else {
            return Err(ParseError::new(0, "a PAN-OS JSON record must be an object"));
        };
        if !object.contains_key("LogType") {
            return match ["message", "log", "_raw", "raw", "event"]
                .iter()
                .find_map(|k| object.get(*k).and_then(Value::as_str))
            {
                Some(text) => self.parse_line(text, state),
                None => Err(ParseError::new(
                    0,
                    "not a PAN-OS JSON record: it has no LogType key and no message with the original line",
                )),
            };
        }
        parse_json_record(object).map(Some)
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        map_to_ocsf(parsed, options)
    }
}

/// The value PAN-OS writes in a FUTURE_USE column at `index` of a record of `log_type`: `1`
/// first, the config version sixth, the generated time in the TRAFFIC and THREAT time-logged
/// column, and `0` elsewhere.
fn future_use<'a>(log_type: &str, index: usize, time_generated: &'a str) -> &'a str {
    match index {
        0 => "1",
        5 => CONFIG_VERSION,
        21 if matches!(log_type, "TRAFFIC" | "THREAT") => time_generated,
        _ if log_type == "TRAFFIC" || log_type == "THREAT" => "",
        _ => "0",
    }
}

/// True when `bytes` contains a byte that syslog escapes: a control character other than tab.
/// The scan has no early exit, so the compiler turns it into vector compares.
fn has_control(bytes: &[u8]) -> bool {
    let found = bytes.iter().fold(0u8, |found, &byte| found | u8::from(byte < 0x20 && byte != b'\t') | u8::from(byte == 0x7f));
    found != 0
}

/// True for the columns PAN-OS always writes between quotes, even when empty.
fn is_quoted(column: &str) -> bool {
    matches!(column, "misc" | "opaque" | "characteristic_of_app" | "client_os_ver")
}

/// Returns, for each column of `columns`, the text of the first field of that name, or
/// `None` for a FUTURE_USE column and a column without a field.
///
/// Looking each column up by name costs a scan of the whole field list per column, so this
/// walks the fields once instead. `fill` appends fields almost in column order, so the search
/// for a field's column starts after the column of the previous field and wraps around to
/// the first column only for a field out of order.
fn column_values<'a>(columns: &[&str], fields: &'a Fields) -> [Option<&'a str>; MAX_COLUMNS] {
    let mut values = [None; MAX_COLUMNS];
    let mut next = 0;
    for (name, _, text) in fields.iter() {
        let same = |column: &&str| column.len() == name.len() && !name.is_empty() && (column.as_ptr() == name.as_ptr() || *column == name);
        let found = match columns[next..].iter().position(same) {
            Some(offset) => Some(next + offset),
            None => columns[..next].iter().position(same),
        };
        if let Some(index) = found {
            // The first field of a name wins, as `Fields::get` returns it.
            values[index].get_or_insert(text);
            next = index + 1;
        }
    }
    values
}

/// Appends the BSD syslog time of a PAN-OS time `YYYY/MM/DD HH:MM:SS`.
fn write_bsd_from_pan(text: &str, out: &mut String) {
    match parse_pan_time(text, 0) {
        Some(time) => time.write_bsd(out, 0),
        None => out.push_str("Jan  1 00:00:00"),
    }
}

/// Appends the sequence number, action flags, device group hierarchy and device name.
fn fill_common_tail(ctx: &mut GenContext<'_>, fields: &mut Fields, firewall: &Firewall) {
    fields.int("seqno", 7_300_000_000_000_000_000 + ctx.rng.below(100_000_000_000_000_000) as i64);
    fields.str("actionflags", if ctx.rng.chance(700) { "0x8000000000000000" } else { "0x0" });
    fields.int("dg_hier_level_1", 12);
    fields.int("dg_hier_level_2", 0);
    fields.int("dg_hier_level_3", 0);
    fields.int("dg_hier_level_4", 0);
    fields.str("device_name", firewall.name);
}

/// The endpoints of one session.
struct Session {
    src: Ipv4Addr,
    dst: Ipv4Addr,
    natsrc: Ipv4Addr,
    natdst: Ipv4Addr,
    sport: i64,
    dport: i64,
    natsport: i64,
    natdport: i64,
    /// Index in [`World::users`] of the user written as `domain\user`, if any.
    srcuser: Option<usize>,
    rule: &'static str,
}

fn draw_session(ctx: &mut GenContext<'_>, app: &App, direction: Direction) -> Session {
    let world = ctx.world;
    let rng = &mut ctx.rng;
    let user_index = rng.index(world.users.len());
    let workstation = world.workstation_of(user_index).ip;
    let external = *rng.pick(&world.external_addresses);
    let nat = *rng.pick(&world.nat_addresses);
    let server = rng.pick(world.servers()).ip;
    let ephemeral = rng.range(49_152, 65_535) as i64;
    if direction == Direction::Internal {
        // A workstation reaches an internal server without NAT.
        return Session {
            src: workstation,
            dst: server,
            natsrc: Ipv4Addr::UNSPECIFIED,
            natdst: Ipv4Addr::UNSPECIFIED,
            sport: ephemeral,
            dport: app.port,
            natsport: 0,
            natdport: 0,
            srcuser: Some(user_index),
            rule: "Allow-Internal-Services",
        };
    }
    if direction == Direction::Inbound {
        return Session {
            src: external,
            dst: nat,
            natsrc: Ipv4Addr::UNSPECIFIED,
            natdst: world.dmz_address(server),
            sport: ephemeral,
            dport: app.port,
            natsport: 0,
            natdport: app.port,
            srcuser: None,
            rule: "Allow-Inbound-DMZ",
        };
    }
    Session {
        src: workstation,
        dst: external,
        natsrc: nat,
        natdst: Ipv4Addr::UNSPECIFIED,
        sport: ephemeral,
        dport: app.port,
        natsport: rng.range(1_024, 65_535) as i64,
        natdport: 0,
        srcuser: rng.chance(850).then_some(user_index),
        rule: if app.proto == "udp" && app.port == 53 {
            "Allow-DNS"
        } else {
            "Allow-Web-Outbound"
        },
    }
}

fn put_session(ctx: &mut GenContext<'_>, fields: &mut Fields, session: &Session, app_name: &str, rule: &str) {
    fields.ipv4("src", session.src);
    fields.ipv4("dst", session.dst);
    fields.ipv4("natsrc", session.natsrc);
    fields.ipv4("natdst", session.natdst);
    fields.str("rule", rule);
    if let Some(user_index) = session.srcuser {
        let world = ctx.world;
        fields.with("srcuser", |out| {
            let domain_start = out.len();
            out.push_str(&world.netbios_domain);
            out[domain_start..].make_ascii_lowercase();
            out.push('\\');
            out.push_str(&world.users[user_index].username);
        });
    }
    fields.str("app", app_name);
    fields.str("vsys", "vsys1");
    // The zones follow the addresses that the event ends with, overrides included. The
    // destination zone is the one of the address after destination NAT, where the firewall
    // routes the session.
    let src = ctx.pinned_ipv4("src").unwrap_or(session.src);
    let dst = ctx.pinned_ipv4("dst").unwrap_or(session.dst);
    let natdst = ctx.pinned_ipv4("natdst").unwrap_or(session.natdst);
    let reached = if natdst.is_unspecified() { dst } else { natdst };
    let (from, inbound_if) = zone_and_interface(ctx.world.zone_of(src));
    let (to, outbound_if) = zone_and_interface(ctx.world.zone_of(reached));
    fields.str("from", from);
    fields.str("to", to);
    fields.str("inbound_if", inbound_if);
    fields.str("outbound_if", outbound_if);
    fields.str("logset", "Forward-to-SIEM");
    fields.int("sessionid", ctx.rng.range(10_000, 4_000_000) as i64);
    fields.int("repeatcnt", 1);
    fields.int("sport", session.sport);
    fields.int("dport", session.dport);
    fields.int("natsport", session.natsport);
    fields.int("natdport", session.natdport);
}

/// Returns the zone name and interface of the firewalls for addresses in `zone`.
fn zone_and_interface(zone: Zone) -> (&'static str, &'static str) {
    match zone {
        Zone::Inside => ("trust", "ethernet1/2"),
        Zone::Dmz => ("dmz", "ethernet1/3"),
        Zone::Outside => ("untrust", "ethernet1/1"),
    }
}

/// Returns the DMZ address of the server an inbound session to `dst` is translated to. An
/// internal address is reached without translation (`0.0.0.0`). A public address always maps
/// to the same server, as a static NAT rule does, so events to one address agree.
fn inbound_translation(world: &World, dst: Ipv4Addr) -> Ipv4Addr {
    let servers = world.servers();
    if world.is_internal(dst) || servers.is_empty() {
        return Ipv4Addr::UNSPECIFIED;
    }
    world.dmz_address(servers[u32::from(dst) as usize % servers.len()].ip)
}

/// Makes a session drawn in `direction` match the request's address overrides. User-ID names
/// the owner of the workstation set as the source. An inbound session to an address set as
/// the destination is translated as the static NAT rule of that address does.
fn follow_overrides(ctx: &GenContext<'_>, session: &mut Session, direction: Direction) {
    session.srcuser = ctx.pinned_ipv4("src").map_or(session.srcuser, |src| owner_of(ctx.world, src));
    if direction == Direction::Inbound {
        session.srcuser = None;
        if let Some(dst) = ctx.pinned_ipv4("dst") {
            session.natdst = inbound_translation(ctx.world, dst);
            if session.natdst.is_unspecified() {
                session.natdport = 0;
            }
        }
    }
}

fn fill_traffic(ctx: &mut GenContext<'_>, fields: &mut Fields, firewall: &Firewall) {
    let pinned = pinned_direction(ctx);
    let direction = match pinned {
        _ if ctx.variant == TRAFFIC_DROP => Direction::Outbound,
        Some(direction) => direction,
        None if ctx.rng.chance(150) => Direction::Inbound,
        None => Direction::Outbound,
    };
    let apps = match direction {
        Direction::Outbound => OUTBOUND_APPS,
        Direction::Inbound => INBOUND_APPS,
        Direction::Internal => INTERNAL_APPS,
    };
    let app = match pinned_app(ctx, apps) {
        Some(app) => app,
        None => ctx.rng.pick_weighted(apps),
    };
    let mut session = draw_session(ctx, app, direction);
    if pinned.is_some() {
        follow_overrides(ctx, &mut session, direction);
    }
    let blocked = matches!(ctx.variant, TRAFFIC_DENY | TRAFFIC_DROP);
    if ctx.variant == TRAFFIC_DROP {
        // Scans from the internet that no rule allows.
        let world = ctx.world;
        session.src = *ctx.rng.pick(&world.external_addresses);
        session.dst = *ctx.rng.pick(&world.nat_addresses);
        session.natsrc = Ipv4Addr::UNSPECIFIED;
        session.natdst = Ipv4Addr::UNSPECIFIED;
        session.dport = *ctx.rng.pick(&[23, 445, 3389, 22, 1433, 5900, 8080]);
        session.natsport = 0;
        session.srcuser = None;
    }
    let app_name = match ctx.variant {
        TRAFFIC_DROP => "not-applicable",
        TRAFFIC_START => app.name,
        _ if blocked && ctx.rng.chance(400) => "incomplete",
        _ => app.name,
    };
    let rule = match ctx.variant {
        TRAFFIC_DROP => "interzone-default",
        TRAFFIC_DENY => "Block-Known-Bad",
        _ => session.rule,
    };
    put_session(ctx, fields, &session, app_name, rule);
    let protocol = if ctx.variant == TRAFFIC_DROP { "tcp" } else { app.proto };
    fields.str("flags", if blocked { "0x0" } else { "0x400053" });
    fields.str("proto", protocol);
    let action = match ctx.variant {
        TRAFFIC_DROP => "drop",
        TRAFFIC_DENY => ctx.rng.pick_str(&["deny", "reset-both", "drop"]),
        _ => "allow",
    };
    fields.str("action", action);

    let (packets_sent, packets_received, elapsed) = match ctx.variant {
        TRAFFIC_END => (
            ctx.rng.range(3, 400) as i64,
            ctx.rng.range(2, 900) as i64,
            ctx.rng.range(0, 600) as i64,
        ),
        TRAFFIC_START => (1, 0, 0),
        _ => (1, 0, 0),
    };
    let bytes_sent = packets_sent * ctx.rng.range(60, 600) as i64;
    let bytes_received = packets_received * ctx.rng.range(60, 1_400) as i64;
    fields.int("bytes", bytes_sent + bytes_received);
    fields.int("bytes_sent", bytes_sent);
    fields.int("bytes_received", bytes_received);
    fields.int("packets", packets_sent + packets_received);
    put_pan_time(fields, "start", ctx.time.add_nanos(-elapsed * 1_000_000_000));
    fields.int("elapsed", elapsed);
    let category = if blocked || app.proto == "udp" {
        "any"
    } else {
        ctx.rng.pick_weighted(URL_CATEGORIES)
    };
    fields.str("category", category);
    fill_locations(ctx, fields, &session);
    fields.int("pkts_sent", packets_sent);
    fields.int("pkts_received", packets_received);
    let end_reason = match ctx.variant {
        TRAFFIC_END if protocol == "udp" => "aged-out",
        TRAFFIC_END => ctx.rng.pick_weighted(&[
            ("tcp-fin", 70),
            ("tcp-rst-from-client", 12),
            ("tcp-rst-from-server", 10),
            ("aged-out", 8),
        ]),
        TRAFFIC_START => "n/a",
        _ => "policy-deny",
    };
    fields.str("session_end_reason", end_reason);
    fill_common_tail(ctx, fields, firewall);
    fields.str(
        "action_source",
        if ctx.variant == TRAFFIC_DENY && action != "deny" {
            "from-application"
        } else {
            "from-policy"
        },
    );
    fields.int("tunnelid", 0);
    fields.int("parent_session_id", 0);
    fields.str("tunnel", "N/A");
    for name in ["assoc_id", "chunks", "chunks_sent", "chunks_received"] {
        fields.int(name, 0);
    }
    put_rule_uuid(fields, ctx.world, rule);
    fields.int("http2_connection", 0);
    fields.int("link_change_count", 0);
    put_high_resolution(fields, ctx.time);
    if app_name == app.name {
        put_app_metadata(fields, app);
    }
    fields.int("offloaded", 0);
}

/// Appends the source and destination countries (or private ranges). Like the zones in
/// `put_session`, they follow the addresses that the event ends with, overrides included.
fn fill_locations(ctx: &mut GenContext<'_>, fields: &mut Fields, session: &Session) {
    let src = ctx.pinned_ipv4("src").unwrap_or(session.src);
    let dst = ctx.pinned_ipv4("dst").unwrap_or(session.dst);
    let source_location = location_of(src, &mut ctx.rng);
    let destination_location = location_of(dst, &mut ctx.rng);
    fields.str("srcloc", source_location);
    fields.str("dstloc", destination_location);
}

fn put_app_metadata(fields: &mut Fields, app: &App) {
    fields.str("subcategory_of_app", app.subcategory);
    fields.str("category_of_app", app.category);
    fields.str("technology_of_app", app.technology);
    fields.int("risk_of_app", app.risk);
    fields.str("characteristic_of_app", app.characteristics);
    fields.str("tunneled_app", app.name);
    fields.str("is_saas_of_app", "no");
    fields.str("sanctioned_state_of_app", "no");
}

/// A threat signature: name and id as PAN-OS writes them in `threatid`, category, severity,
/// direction and the action of the default security profile.
struct Signature {
    threat: &'static str,
    category: &'static str,
    severity: &'static str,
    direction: &'static str,
    action: &'static str,
}

const VULNERABILITIES: &[Signature] = &[
    Signature {
        threat: "Apache Log4j Remote Code Execution Vulnerability(91991)",
        category: "code-execution",
        severity: "critical",
        direction: "client-to-server",
        action: "reset-both",
    },
    Signature {
        threat: "HTTP SQL Injection Attempt(30514)",
        category: "sql-injection",
        severity: "high",
        direction: "client-to-server",
        action: "reset-both",
    },
    Signature {
        threat: "HTTP Directory Traversal Vulnerability(30844)",
        category: "info-leak",
        severity: "medium",
        direction: "client-to-server",
        action: "alert",
    },
    Signature {
        threat: "SSH User Authentication Brute Force Attempt(40015)",
        category: "brute-force",
        severity: "high",
        direction: "client-to-server",
        action: "reset-both",
    },
    Signature {
        threat: "Microsoft Windows SMB Remote Code Execution Vulnerability(32424)",
        category: "code-execution",
        severity: "critical",
        direction: "client-to-server",
        action: "reset-both",
    },
];

const SPYWARE: &[Signature] = &[
    Signature {
        threat: "Cobalt Strike Beacon Command and Control Traffic Detection(86446)",
        category: "command-and-control",
        severity: "critical",
        direction: "client-to-server",
        action: "reset-both",
    },
    Signature {
        threat: "Suspicious DNS Query (generic:dyn-update.example.net)(109001001)",
        category: "dns-c2",
        severity: "medium",
        direction: "client-to-server",
        action: "sinkhole",
    },
    Signature {
        threat: "Trojan-Downloader.Win32.agent Command and Control Traffic(13235)",
        category: "spyware",
        severity: "high",
        direction: "client-to-server",
        action: "drop",
    },
];

const VIRUSES: &[Signature] = &[
    Signature {
        threat: "Virus/Win32.WGeneric.dmnkxa(2445677)",
        category: "virus",
        severity: "medium",
        direction: "server-to-client",
        action: "reset-both",
    },
    Signature {
        threat: "Trojan/Win32.emotet.cjpq(3011209)",
        category: "virus",
        severity: "medium",
        direction: "server-to-client",
        action: "reset-both",
    },
];

const URL_PATHS: &[&str] = &[
    "/",
    "/index.html",
    "/api/v2/status",
    "/login",
    "/assets/app.js",
    "/search?q=quarterly+report",
    "/mail/inbox",
];
const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
];
const FILE_NAMES: &[&str] = &[
    "invoice_2026_0142.zip",
    "setup.exe",
    "scan_0042.pdf.exe",
    "update.js",
    "Q4-report.docm",
];

fn fill_threat(ctx: &mut GenContext<'_>, fields: &mut Fields, firewall: &Firewall) {
    let web = &OUTBOUND_APPS[1].0;
    let ssl = &OUTBOUND_APPS[0].0;
    let inbound = ctx.variant == THREAT_VULNERABILITY && ctx.rng.chance(700);
    let app = if inbound {
        &INBOUND_APPS[0].0
    } else if ctx.rng.chance(500) {
        web
    } else {
        ssl
    };
    let direction = if inbound { Direction::Inbound } else { Direction::Outbound };
    let mut session = draw_session(ctx, app, direction);
    if !ctx.overrides.is_empty() {
        follow_overrides(ctx, &mut session, direction);
    }
    put_session(ctx, fields, &session, app.name, session.rule);
    fields.str("flags", "0x400000");
    fields.str("proto", "tcp");

    let world = ctx.world;
    let domain = ctx.rng.pick(&world.external_domains);
    // `misc` is the URL (host then path) or the file name, split in two to avoid a `String`.
    let (misc_host, misc_path, threatid, category, severity, direction, action) = match ctx.variant {
        THREAT_URL => {
            let category = *ctx.rng.pick_weighted(URL_CATEGORIES);
            let path = ctx.rng.pick_str(URL_PATHS);
            let action = if ctx.rng.chance(50) { "block-url" } else { "alert" };
            (
                domain.as_str(),
                path,
                "(9999)",
                category,
                "informational",
                "client-to-server",
                action,
            )
        }
        THREAT_VULNERABILITY => {
            let signature = ctx.rng.pick(VULNERABILITIES);
            let path = ctx.rng.pick_str(&["login.php", "index.jsp", "api/upload", "cgi-bin/status"]);
            (
                "",
                path,
                signature.threat,
                "any",
                signature.severity,
                signature.direction,
                signature.action,
            )
        }
        THREAT_SPYWARE => {
            let signature = ctx.rng.pick(SPYWARE);
            (
                "",
                "",
                signature.threat,
                "any",
                signature.severity,
                signature.direction,
                signature.action,
            )
        }
        THREAT_VIRUS => {
            let signature = ctx.rng.pick(VIRUSES);
            (
                "",
                ctx.rng.pick_str(FILE_NAMES),
                signature.threat,
                "any",
                signature.severity,
                signature.direction,
                signature.action,
            )
        }
        _ => {
            let verdict = *ctx
                .rng
                .pick_weighted(&[("benign", 70), ("malicious", 15), ("grayware", 12), ("phishing", 3)]);
            let severity = if verdict == "malicious" { "high" } else { "informational" };
            let file = ctx
                .rng
                .pick_str(&["setup.exe", "update_installer.exe", "invoice_viewer.exe", "teams_helper.exe"]);
            (
                "",
                file,
                "Windows Executable (EXE)(52020)",
                verdict,
                severity,
                "server-to-client",
                "allow",
            )
        }
    };
    fields.str("action", action);
    if !misc_host.is_empty() || !misc_path.is_empty() {
        fields.with("misc", |out| {
            out.push_str(misc_host);
            out.push_str(misc_path);
        });
    }
    fields.str("threatid", threatid);
    fields.str("category", category);
    fields.str("severity", severity);
    fields.str("direction", direction);
    fill_locations(ctx, fields, &session);
    match ctx.variant {
        THREAT_URL => {
            fields.str("contenttype", "text/html");
            fields.int("pcap_id", 0);
            fields.int("url_idx", 1);
            fields.str("user_agent", ctx.rng.pick_str(USER_AGENTS));
        }
        THREAT_WILDFIRE => {
            fields.int("pcap_id", 0);
            fields.with("filedigest", |out| ctx.rng.hex_into(out, 64));
            fields.str("cloud", "wildfire.paloaltonetworks.com");
            fields.str("filetype", "pe");
            fields.int("reportid", ctx.rng.range(10_000_000_000, 99_999_999_999) as i64);
        }
        _ => {
            fields.int("pcap_id", ctx.rng.range(1_000_000_000, 1_300_000_000) as i64);
        }
    }
    fill_common_tail(ctx, fields, firewall);
    if ctx.variant == THREAT_URL {
        fields.str("http_method", ctx.rng.pick_str(&["get", "get", "get", "post"]));
    }
    fields.int("tunnelid", 0);
    fields.int("parent_session_id", 0);
    fields.str("tunnel", "N/A");
    let threat_category = match ctx.variant {
        THREAT_URL => "N/A",
        THREAT_VIRUS => "virus",
        THREAT_WILDFIRE => "unknown",
        _ => VULNERABILITIES
            .iter()
            .chain(SPYWARE)
            .find(|s| s.threat == threatid)
            .map_or("unknown", |s| s.category),
    };
    fields.str("thr_category", threat_category);
    let content_version = match ctx.variant {
        THREAT_URL => "AppThreat-0-0",
        THREAT_VIRUS => "Antivirus-4871-5389",
        THREAT_WILDFIRE => "0",
        _ => "AppThreat-8932-9061",
    };
    fields.str("contentver", content_version);
    fields.int("assoc_id", 0);
    if ctx.variant == THREAT_URL {
        fields.with("url_category_list", |out| {
            out.push_str(category);
            out.push_str(",low-risk");
        });
    }
    put_rule_uuid(fields, ctx.world, session.rule);
    fields.int("http2_connection", 0);
    fields.int("partial_hash", 0);
    put_high_resolution(fields, ctx.time);
    put_app_metadata(fields, app);
}

const ADMINS: &[&str] = &["admin", "netops", "secops-automation"];

fn fill_system(ctx: &mut GenContext<'_>, fields: &mut Fields, firewall: &Firewall, auth: bool) {
    let world = ctx.world;
    let admin_users: Vec<&str> = world
        .users
        .iter()
        .filter(|u| u.admin)
        .map(|u| u.username.as_str())
        .take(8)
        .collect();
    let user = if admin_users.is_empty() || ctx.rng.chance(300) {
        ctx.rng.pick_str(ADMINS).to_string()
    } else {
        ctx.rng.pick_str(&admin_users).to_string()
    };
    let client = world.workstation_of(ctx.rng.index(world.users.len())).ip.to_string();
    let server = world.servers().first().map_or_else(|| "10.0.0.5".to_string(), |h| h.ip.to_string());
    let (eventid, object, module, severity, description) = if auth {
        if ctx.rng.chance(750) {
            let description = format!(
                "authenticated for user '{user}'.   auth profile 'Admin-RADIUS', vsys 'shared', server profile 'RADIUS-Corp', server address '{server}', auth protocol 'PAP', admin role superuser, From: {client}."
            );
            ("auth-success", "Admin-RADIUS", "general", "informational", description)
        } else {
            let reason = ctx.rng.pick_str(&[
                "Invalid username/password",
                "Authentication request is timed out",
                "User is in locked users list",
            ]);
            let description = format!(
                "failed authentication for user '{user}'. Reason: {reason}. auth profile 'Admin-RADIUS', vsys 'shared', server profile 'RADIUS-Corp', server address '{server}', auth protocol 'PAP', From: {client}."
            );
            ("auth-fail", "Admin-RADIUS", "general", "medium", description)
        }
    } else {
        let version = ctx.rng.range(8_900, 9_100);
        match ctx.rng.weighted(&[40, 30, 20, 10]) {
            0 => (
                "general",
                "",
                "general",
                "informational",
                format!("User {user} logged in via Web from {client} using https"),
            ),
            1 => (
                "general",
                "",
                "general",
                "informational",
                format!("Installed contents package: panupv2-all-contents-{version}-{}.tgz", version + 61),
            ),
            2 => (
                "general",
                "",
                "general",
                "informational",
                format!("Content update job succeeded  for user {user}"),
            ),
            _ => (
                "general",
                "",
                "general",
                "informational",
                format!("Commit job succeeded  for user {user}"),
            ),
        }
    };
    fields.str("eventid", eventid);
    if !object.is_empty() {
        fields.str("object", object);
    }
    fields.str("module", module);
    fields.str("severity", severity);
    fields.str("opaque", &description);
    fill_common_tail(ctx, fields, firewall);
    put_high_resolution(fields, ctx.time);
}

const CONFIG_PATHS: &[(&str, &str)] = &[
    ("edit", "vsys  vsys1 rulebase security rules  Allow-Web-Outbound"),
    ("set", "vsys  vsys1 address  srv-web-02"),
    ("add", "vsys  vsys1 address-group  Blocked-IPs"),
    ("delete", "vsys  vsys1 rulebase security rules  Temp-Allow-RDP"),
    ("commit", ""),
    ("set", "deviceconfig system login-banner"),
];

fn fill_config(ctx: &mut GenContext<'_>, fields: &mut Fields, firewall: &Firewall) {
    let world = ctx.world;
    let host = world.workstation_of(ctx.rng.index(world.users.len())).ip.to_string();
    let (cmd, path) = *ctx.rng.pick(CONFIG_PATHS);
    fields.str("host", &host);
    if path.starts_with("vsys") {
        fields.str("vsys", "vsys1");
    }
    fields.str("cmd", cmd);
    fields.str("admin", ctx.rng.pick_str(ADMINS));
    fields.str("client", if ctx.rng.chance(750) { "Web" } else { "CLI" });
    fields.str(
        "result",
        if cmd == "commit" {
            "Submitted"
        } else if ctx.rng.chance(950) {
            "Succeeded"
        } else {
            "Failed"
        },
    );
    if !path.is_empty() {
        fields.str("path", path);
    }
    fill_common_tail(ctx, fields, firewall);
    put_high_resolution(fields, ctx.time);
}

const GP_OS: &[(&str, &str, &str)] = &[
    ("Microsoft Windows", "Microsoft Windows 11 Enterprise , 64-bit", "6.2.4-28"),
    ("Microsoft Windows", "Microsoft Windows 10 Enterprise , 64-bit", "6.1.3-17"),
    ("Apple Mac", "Apple Mac OS X 14.6.1", "6.2.4-28"),
];

fn fill_globalprotect(ctx: &mut GenContext<'_>, fields: &mut Fields, firewall: &Firewall) {
    // Remote users are one employee in eight. Each keeps one laptop, client, host id and home
    // address, drawn from a stream keyed by the user, so a logout repeats the attributes of
    // that user's connects.
    let world = ctx.world;
    let remote_users = world.users.len().div_ceil(8);
    let user_index = ctx.rng.index(remote_users) * 8;
    let mut rng = StreamKey::new(fnv1a(world.domain_sid.as_bytes()), "paloalto_firewall/globalprotect").event(user_index as u64);
    let user = &world.users[user_index];
    let host = world.workstation_of(user_index);
    let (client_os, os_version, client_version) = if host.windows { *rng.pick(&GP_OS[..2]) } else { GP_OS[2] };
    let public_ip = rng.pick(&world.external_addresses).to_string();
    let private_ip = format!("10.250.{}.{}", ctx.rng.range(0, 15), ctx.rng.range(2, 254));
    let connect = ctx.variant == GP_CONNECT;
    let success = !connect || ctx.rng.chance(920);

    fields.str("vsys", "vsys1");
    fields.str("eventid", if connect { "gateway-connected" } else { "gateway-logout" });
    fields.str("stage", if connect { "connected" } else { "logout" });
    if connect {
        fields.str("auth_method", "SAML");
    }
    fields.str("tunnel_type", "IPSec");
    fields.str("srcuser", &user.email);
    fields.str("srcregion", rng.pick_str(&["US", "DE", "GB", "FR", "NL"]));
    fields.str("machinename", &host.hostname);
    fields.str("public_ip", &public_ip);
    fields.str("public_ipv6", "::");
    fields.str("private_ip", if success { &private_ip } else { "0.0.0.0" });
    fields.str("private_ipv6", "::");
    fields.with("hostid", |out| rng.uuid_into(out));
    fields.with("serialnumber", |out| rng.alphanumeric_into(out, 10));
    fields.str("client_ver", client_version);
    fields.str("client_os", client_os);
    fields.str("client_os_ver", os_version);
    fields.int("repeatcnt", 1);
    if !connect {
        fields.str("reason", "client logout.");
    }
    if !success {
        fields.str("error", "Authentication failed: Invalid username or password");
    }
    fields.str("status", if success { "success" } else { "failure" });
    fields.int("login_duration", if connect { 0 } else { ctx.rng.range(300, 36_000) as i64 });
    if connect {
        fields.str("connect_method", "user-logon");
    }
    fields.int("error_code", if success { 0 } else { 10 });
    fields.str("portal", "GP-Portal-HQ");
    fill_common_tail(ctx, fields, firewall);
    put_high_resolution(fields, ctx.time);
    if connect {
        fields.str("selection_type", "automatic");
        fields.int("response_time", ctx.rng.range(20, 200) as i64);
        fields.str("gateway", "GP-Gateway-HQ");
    }
    fields.int("vsys_id", 1);
}

// ----------------------------------------------------------------------------------------------
// Reading
// ----------------------------------------------------------------------------------------------

/// Stores one column: integers of numeric columns as numbers, everything else as text. Empty
/// cells are skipped.
fn put(fields: &mut FieldMap, name: impl Into<FieldName>, cell: &str) {
    let name = name.into();
    if name.is_empty() || cell.is_empty() {
        return;
    }
    let value = if is_numeric(&name) {
        number(cell).unwrap_or_else(|| Value::String(cell.to_string()))
    } else {
        Value::String(cell.to_string())
    };
    fields.insert(name, value);
}

/// Stores one CSV column: the integer of a numeric column, text otherwise. Empty cells and
/// FUTURE_USE columns are skipped. It stores what [`put`] stores for the same name and cell.
/// The name has the column's slot in `names`.
// Always inlined so that the many empty cells of a record cost no call.
#[inline(always)]
fn put_column(fields: &mut FieldMap, names: &NameTable, column: usize, name: &'static str, numeric: bool, cell: Cow<'_, str>) {
    if name.is_empty() || cell.is_empty() {
        return;
    }
    // The names of a layout are distinct from each other and from the header fields, as a test
    // checks, so the map need not look them up.
    if let Some(number) = if numeric { number(&cell) } else { None } {
        fields.insert_new_known(names, column, name, FieldValue::Value(number));
        return;
    }
    match cell {
        // A cell borrowed from the record stays a range of the map's copy of it.
        Cow::Borrowed(text) => fields.insert_new_known(names, column, name, FieldValue::Text(text)),
        Cow::Owned(text) => fields.insert_new_known(names, column, name, FieldValue::Value(Value::String(text))),
    }
}

/// Stores the plain cells at `ranges` of the record, which starts at `base` in the map's copy
/// of the line, in the columns from `first` on, as [`put_column`] stores them: as ranges of the
/// copy unless they are numbers.
fn store_ranges(fields: &mut FieldMap, names: &NameTable, layout: &Layout, first: usize, ranges: &[(usize, usize)], record: &[u8], base: usize) {
    let columns = layout.columns.get(first..).unwrap_or_default().iter().zip(layout.numeric.get(first..).unwrap_or_default());
    let cells = ranges.iter().zip(columns).enumerate().map(|(at, (&range, (&name, &numeric)))| (first + at, range, name, numeric));
    let Some(mut appender) = fields.known_appender(names, ranges.len()) else {
        // A map that cannot record positions stores each cell through the map. The test
        // `layout_names_are_distinct` checks that every layout fits the positions a map records.
        for (column, (at, end), name, numeric) in cells {
            let cell = std::str::from_utf8(record.get(at..end).unwrap_or_default()).unwrap_or_default();
            put_column(fields, names, column, name, numeric, Cow::Borrowed(cell));
        }
        return;
    };
    for (column, (at, end), name, numeric) in cells {
        if name.is_empty() || at >= end {
            continue;
        }
        if numeric {
            let cell = record.get(at..end).unwrap_or_default();
            if let Some(number) = digits_in(cell) {
                appender.unsigned(column, name, number);
                continue;
            }
            if let Some(number) = std::str::from_utf8(cell).ok().and_then(parse_integer) {
                appender.value(column, name, number);
                continue;
            }
        }
        let stored = appender.range(column, name, base + at, base + end);
        debug_assert!(stored, "column {name} at {at}..{end} is not in the map's text");
    }
}

/// Reads an integer cell, given as bytes, with spaces around it, that fits an i64 or a u64.
#[inline(always)]
fn number_in(cell: &[u8]) -> Option<Value> {
    match digits_in(cell) {
        Some(number) => Some(Value::from(number)),
        None => std::str::from_utf8(cell).ok().and_then(parse_integer),
    }
}

/// Reads the usual integer cell, 1 to 19 digits and nothing else. Such a number fits a u64
/// without an overflow check and is the number that [`parse_integer`] reads.
#[inline(always)]
fn digits_in(cell: &[u8]) -> Option<u64> {
    if !(1..=19).contains(&cell.len()) {
        return None;
    }
    cell.iter().try_fold(0u64, |value, byte| {
        let digit = byte.wrapping_sub(b'0');
        (digit <= 9).then(|| value * 10 + u64::from(digit))
    })
}

/// Reads an integer cell, with spaces around it, that fits an i64 or a u64.
#[inline(always)]
fn number(text: &str) -> Option<Value> {
    number_in(text.as_bytes())
}

/// Reads an integer with spaces around it as an i64, or as a u64 when it is larger.
fn parse_integer(text: &str) -> Option<Value> {
    let text = text.trim();
    text.parse::<i64>()
        .map(Value::from)
        .ok()
        .or_else(|| text.parse::<u64>().map(Value::from).ok())
}

/// Finds where the CSV record starts: the cell three commas before a known log type, after
/// any syslog header and separator. When several log types appear, the first occurrence of
/// each is a candidate and the earliest start wins.
///
/// This walks the commas of the line once instead of searching the line for every log type.
fn find_record_start(line: &str) -> Option<usize> {
    let mut earliest: Option<usize> = None;
    let mut seen = 0u32;
    // The last three commas, most recent first. A cell between the latest two commas is a
    // log type candidate, and the one before them ends the receive time cell.
    let mut commas: [Option<usize>; 3] = [None; 3];
    for (at, byte) in line.bytes().enumerate() {
        if byte != b',' {
            continue;
        }
        if let Some(marker) = commas[0] {
            let first_occurrence = log_type_index(&line[marker + 1..at]).filter(|index| seen & (1 << index) == 0);
            if let Some(index) = first_occurrence {
                seen |= 1 << index;
                // Walk back over the serial and receive time cells to the comma that ends cell 0.
                if let [_, Some(serial_comma), Some(time_comma)] = commas {
                    let cell_start = line[..time_comma].rfind(HEADER_SEPARATORS).map_or(0, |i| i + 1);
                    let start = earliest.map_or(cell_start, |e| e.min(cell_start));
                    // A later log type walks back past this receive time, so when that contains a
                    // separator (it contains a space and colons) no later start can be earlier.
                    if line[time_comma..serial_comma].contains(HEADER_SEPARATORS) {
                        return Some(start);
                    }
                    earliest = Some(start);
                }
            }
        }
        commas = [Some(at), commas[0], commas[1]];
    }
    earliest
}

/// Characters that end the syslog header before cell 0 of a record.
const HEADER_SEPARATORS: [char; 4] = [' ', ':', '>', '\t'];

/// Returns the position in [`LOG_TYPES`] of `cell`, or `None` for a cell that is not a log type.
fn log_type_index(cell: &str) -> Option<usize> {
    // Most cells are numbers, addresses or lower-case words, so reject them before comparing.
    if !(3..=14).contains(&cell.len()) || !cell.as_bytes()[0].is_ascii_uppercase() {
        return None;
    }
    LOG_TYPES.iter().position(|log_type| *log_type == cell)
}

/// Returns `text` in upper case, borrowed when it already is.
fn upper_case(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|byte| byte.is_ascii_lowercase()) {
        Cow::Owned(text.to_ascii_uppercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// Reads the syslog header before the record, which may be empty.
fn read_header(header: &str, fields: &mut FieldMap) -> Result<(), ParseError> {
    let (timestamp, hostname) = split_header(header)?;
    let [timestamp_name, host_name] = HEADER_FIELDS;
    for (name, value) in [(timestamp_name, timestamp), (host_name, hostname)] {
        if let Some(value) = value {
            fields.insert_new_text(name, value);
        }
    }
    Ok(())
}

/// Returns the timestamp and host name of the syslog header before the record, which may be
/// empty.
fn split_header(header: &str) -> Result<(Option<&str>, Option<&str>), ParseError> {
    let header = header.trim().trim_end_matches(':').trim_end();
    if header.is_empty() {
        return Ok((None, None));
    }
    let message = syslog3164::parse(header)?;
    Ok((message.timestamp, message.hostname))
}

/// Stores the timestamp and host name of a syslog header.
/// Adds the syslog header fields, which have the slots after the `columns` of a layout in
/// `names`.
fn put_header((timestamp, hostname): (Option<&str>, Option<&str>), fields: &mut FieldMap, names: &NameTable, columns: usize) {
    let [timestamp_name, host_name] = HEADER_FIELDS;
    if let Some(timestamp) = timestamp {
        fields.insert_new_known(names, columns, timestamp_name, FieldValue::Text(timestamp));
    }
    if let Some(hostname) = hostname {
        fields.insert_new_known(names, columns + 1, host_name, FieldValue::Text(hostname));
    }
}

/// Returns the variant a record matches, from its type and subtype (and event id for GlobalProtect).
fn variant_of(fields: &FieldMap) -> Option<&'static str> {
    let text = |column: Column| fields.column_str(column).unwrap_or("");
    let name = match (text(traffic!("type")), text(traffic!("subtype"))) {
        ("TRAFFIC", "end") => "traffic_end",
        ("TRAFFIC", "start") => "traffic_start",
        ("TRAFFIC", "deny") => "traffic_deny",
        ("TRAFFIC", "drop") => "traffic_drop",
        ("THREAT", "url") => "threat_url",
        ("THREAT", "vulnerability") => "threat_vulnerability",
        ("THREAT", "spyware") => "threat_spyware",
        ("THREAT", "virus") => "threat_virus",
        ("THREAT", "wildfire") => "threat_wildfire",
        ("SYSTEM", _) => "system",
        ("CONFIG", _) => "config",
        ("GLOBALPROTECT", _) => match globalprotect_activity(fields.get_str_unindexed("eventid").unwrap_or("")) {
            Some(1) => "globalprotect_connect",
            Some(2) => "globalprotect_disconnect",
            _ => return None,
        },
        _ => return None,
    };
    VARIANTS.iter().find(|v| v.name == name).map(|v| v.name)
}

/// Returns the Authentication activity of a GlobalProtect event id: 1 logon, 2 logoff.
fn globalprotect_activity(eventid: &str) -> Option<u32> {
    match eventid {
        "gateway-connected" | "gateway-auth" | "portal-auth" | "gw-auth" | "gateway-register" | "portal-prelogin" | "gateway-prelogin" => {
            Some(1)
        }
        "gateway-logout" | "portal-logout" | "gateway-tunnel-disconnect" | "gateway-disconnect" => Some(2),
        _ => None,
    }
}

/// Reads a time as PAN-OS writes it in any release: `YYYY/MM/DD HH:MM:SS`, the older
/// `M/D/YY HH:MM[:SS]`, RFC 3339, or the CEF `Mmm dd yyyy hh:mm:ss`, which the firewall's
/// own CEF format follows with ` GMT`. A time that names no zone is the firewall's local time,
/// `utc_offset` minutes east of UTC.
fn parse_pan_time(text: &str, utc_offset: i32) -> Option<Timestamp> {
    let text = text.trim();
    let (text, utc_offset) = match text.strip_suffix(" GMT").or_else(|| text.strip_suffix(" UTC")) {
        Some(without_zone) => (without_zone, 0),
        None => (text, utc_offset),
    };
    // PAN-OS writes `yyyy/MM/dd HH:mm:ss`, and the time columns of some versions are RFC 3339.
    let separator = if text.as_bytes().get(4) == Some(&b'/') { DateSeparator::Slash } else { DateSeparator::Dash };
    if let Ok(time) = parse_rfc3339_local_with(text, utc_offset, separator) {
        return Some(time);
    }
    if let Some(time) = complete_cut_offset(text).and_then(|t| parse_rfc3339(&t).ok()) {
        return Some(time);
    }
    if let Ok(time) = syslog3164::parse_timestamp_local(text, 1970, utc_offset) {
        if text.len() == 20 {
            return Some(time);
        }
    }
    let (date, clock) = text.split_once(' ')?;
    let mut date_parts = date.split('/').map(|p| p.parse::<u32>().ok());
    let month = date_parts.next()??;
    let day = date_parts.next()??;
    let year = date_parts.next()??;
    let year = if year < 100 { 2000 + year as i32 } else { year as i32 };
    let mut clock_parts = clock.split(':').map(|p| p.parse::<u32>().ok());
    let hour = clock_parts.next()??;
    let minute = clock_parts.next()??;
    let second = clock_parts.next().flatten().unwrap_or(0);
    let valid = (1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24 && minute < 60 && second < 61;
    valid.then(|| local_to_utc(Timestamp::from_civil(year, month, day, hour, minute, second, 0), utc_offset))
}

/// Completes an RFC 3339 time whose offset lost its last characters, as the last column of a
/// cut record does: `+01:0`, `+01:` and `+01` read as `+01:00`. Zone offsets have the minutes
/// 00, 30 or 45, so the first minute digit alone gives them.
fn complete_cut_offset(text: &str) -> Option<String> {
    let sign_at = text.rfind(['+', '-'])?;
    if text.find('T').is_none_or(|t| t > sign_at) {
        return None;
    }
    let (time, offset) = text.split_at(sign_at + 1);
    let hours = offset.get(..2).filter(|h| h.bytes().all(|b| b.is_ascii_digit()))?;
    let minutes = match offset.get(2..)? {
        "" | ":" | ":0" => "00",
        ":3" => "30",
        ":4" => "45",
        _ => return None,
    };
    Some(format!("{time}{hours}:{minutes}"))
}

/// CEF keys of the Strata Logging Service output and the CSV field each maps to.
const CEF_KEYS: &[(&str, &str)] = &[
    ("rt", "receive_time"),
    ("dtz", "dtz"),
    ("deviceExternalId", "serial"),
    ("PanOSDeviceSN", "serial"),
    ("start", "time_generated"),
    ("src", "src"),
    ("dst", "dst"),
    ("sourceTranslatedAddress", "natsrc"),
    ("destinationTranslatedAddress", "natdst"),
    ("suser", "srcuser"),
    ("duser", "dstuser"),
    ("app", "app"),
    ("deviceInboundInterface", "inbound_if"),
    ("deviceOutboundInterface", "outbound_if"),
    ("cnt", "repeatcnt"),
    ("spt", "sport"),
    ("dpt", "dport"),
    ("sourceTranslatedPort", "natsport"),
    ("destinationTranslatedPort", "natdport"),
    ("proto", "proto"),
    ("act", "action"),
    ("PanOSBytes", "bytes"),
    ("out", "bytes_sent"),
    ("in", "bytes_received"),
    ("externalId", "seqno"),
    ("PanOSSourceLocation", "srcloc"),
    ("PanOSDestinationLocation", "dstloc"),
    ("PanOSPacketsSent", "pkts_sent"),
    ("PanOSPacketsReceived", "pkts_received"),
    ("reason", "session_end_reason"),
    ("dvchost", "device_name"),
    ("PanOSRuleUUID", "rule_uuid"),
    ("request", "misc"),
    ("fname", "misc"),
    ("fileHash", "filedigest"),
    ("PanOSThreatID", "threatid"),
    ("PanOSThreatCategory", "thr_category"),
    ("PanOSSeverity", "severity"),
    ("PanOSContentVersion", "contentver"),
    ("PanOSHTTPMethod", "http_method"),
    ("requestClientApplication", "user_agent"),
    ("PanOSEventIDValue", "eventid"),
    ("PanOSEventID", "eventid"),
    ("PanOSStage", "stage"),
    ("PanOSAuthMethod", "auth_method"),
    ("PanOSTunnelType", "tunnel_type"),
    ("PanOSSourceUserName", "srcuser"),
    ("PanOSSourceRegion", "srcregion"),
    ("PanOSEndpointDeviceName", "machinename"),
    ("PanOSPublicIPv4", "public_ip"),
    ("PanOSPrivateIPv4", "private_ip"),
    ("PanOSEventStatus", "status"),
    ("PanOSGlobalProtectClientVersion", "client_ver"),
    ("PanOSEndpointOSType", "client_os"),
    ("PanOSPortal", "portal"),
    ("PanOSGateway", "gateway"),
    ("PanOSLoginDuration", "login_duration"),
    ("PanOSVirtualSystem", "vsys"),
    ("PanOSApplicationCategory", "category_of_app"),
    ("PanOSApplicationSubcategory", "subcategory_of_app"),
    ("PanOSApplicationRisk", "risk_of_app"),
    ("msg", "opaque"),
    ("PanOSDNSResolverIP", "dst"),
    ("PanOSDNSResponse", "dns_response"),
    ("PanOSDNSResponseCode", "dns_response_code"),
    ("duser0", "user"),
    ("suser0", "srcuser"),
];

/// Custom CEF labels (`cs1Label=Rule`) and the CSV field each maps to.
const CEF_LABELS: &[(&str, &str)] = &[
    ("Rule", "rule"),
    ("VirtualLocation", "vsys"),
    ("Virtual System", "vsys"),
    ("FromZone", "from"),
    ("Source Zone", "from"),
    ("ToZone", "to"),
    ("Destination Zone", "to"),
    ("LogSetting", "logset"),
    ("LogProfile", "logset"),
    ("SessionID", "sessionid"),
    ("PacketsTotal", "packets"),
    ("Packets", "packets"),
    ("SessionDuration", "elapsed"),
    ("Elapsed time in seconds", "elapsed"),
    ("URLCategory", "category"),
    ("URL Category", "category"),
    ("Total bytes", "bytes"),
    ("Flags", "flags"),
];

fn parse_cef(line: &str, start: usize) -> Result<Parsed, ParseError> {
    let event = cef::parse(line)?;
    if !event.device_vendor.starts_with("Palo Alto") {
        return Err(ParseError::new(
            start,
            format!("CEF event from '{}', not from Palo Alto Networks", event.device_vendor),
        ));
    }
    let mut fields = FieldMap::new();
    read_header(event.prefix, &mut fields)?;
    // The Strata Logging Service (product `LF`) writes `TRAFFIC|end`. The firewall's own CEF
    // format, from the PAN-OS CEF configuration guide, writes `end|TRAFFIC` and counts the
    // bytes the client sent in `in`, where the Strata Logging Service counts them in `out`.
    let class_id = event.device_event_class_id.to_ascii_uppercase();
    let name = event.name.to_ascii_uppercase();
    let firewall_format = event.device_product != "LF";
    if !LOG_TYPES.contains(&class_id.as_str()) && LOG_TYPES.contains(&name.as_str()) {
        put(&mut fields, "type", &name);
        put(&mut fields, "subtype", &event.device_event_class_id);
    } else {
        put(&mut fields, "type", &class_id);
        put(&mut fields, "subtype", &event.name);
    }
    for (key, value) in &event.extension {
        let name = match (*key, firewall_format) {
            ("in", true) => Some("bytes_sent"),
            ("out", true) => Some("bytes_received"),
            _ => CEF_KEYS.iter().find(|(k, _)| k == key).map(|(_, name)| *name),
        };
        if let Some(name) = name {
            if !fields.contains_key(name) {
                put(&mut fields, name, value.trim());
            }
        }
    }
    for (label, name) in CEF_LABELS {
        if let Some(value) = event.custom(label) {
            put(&mut fields, *name, value.trim());
        }
    }
    fields.insert("format", Value::String("cef".into()));
    Ok(Parsed {
        variant: variant_of(&fields),
        fields,
    })
}

/// Keys of the Strata Logging Service JSON records and the CSV field each maps to.
const JSON_KEYS: &[(&str, &str)] = &[
    ("TimeReceived", "receive_time"),
    ("LogTime", "receive_time"),
    ("DeviceSN", "serial"),
    ("LogSourceID", "serial"),
    ("LogType", "type"),
    ("Subtype", "subtype"),
    ("SubType", "subtype"),
    ("LogSubtype", "subtype"),
    ("TimeGenerated", "time_generated"),
    ("EventTime", "time_generated"),
    ("SourceAddress", "src"),
    ("SourceIP", "src"),
    ("DestinationAddress", "dst"),
    ("NATSource", "natsrc"),
    ("NATDestination", "natdst"),
    ("Rule", "rule"),
    ("SourceUser", "srcuser"),
    ("SourceUserName", "srcuser"),
    ("DestinationUser", "dstuser"),
    ("Application", "app"),
    ("VirtualLocation", "vsys"),
    ("VirtualSystem", "vsys"),
    ("FromZone", "from"),
    ("ToZone", "to"),
    ("InboundInterface", "inbound_if"),
    ("OutboundInterface", "outbound_if"),
    ("LogSetting", "logset"),
    ("SessionID", "sessionid"),
    ("RepeatCount", "repeatcnt"),
    ("SourcePort", "sport"),
    ("DestinationPort", "dport"),
    ("NATSourcePort", "natsport"),
    ("NATDestinationPort", "natdport"),
    ("Protocol", "proto"),
    ("Action", "action"),
    ("Bytes", "bytes"),
    ("BytesSent", "bytes_sent"),
    ("BytesReceived", "bytes_received"),
    ("PacketsTotal", "packets"),
    ("PacketsSent", "pkts_sent"),
    ("PacketsReceived", "pkts_received"),
    ("SessionStartTime", "start"),
    ("SessionDuration", "elapsed"),
    ("URLCategory", "category"),
    ("SequenceNo", "seqno"),
    ("SourceLocation", "srcloc"),
    ("DestinationLocation", "dstloc"),
    ("SessionEndReason", "session_end_reason"),
    ("DeviceName", "device_name"),
    ("LogSourceName", "device_name"),
    ("ActionSource", "action_source"),
    ("RuleUUID", "rule_uuid"),
    ("URL", "misc"),
    ("FileName", "misc"),
    ("ThreatID", "threatid"),
    ("ThreatName", "threat_name"),
    ("ThreatCategory", "thr_category"),
    ("VendorSeverity", "severity"),
    ("DirectionOfAttack", "direction"),
    ("FileHash", "filedigest"),
    ("FileType", "filetype"),
    ("UserAgent", "user_agent"),
    ("HTTPMethod", "http_method"),
    ("Referer", "referer"),
    ("ContentVersion", "contentver"),
    ("EventName", "eventid"),
    ("EventIDValue", "eventid"),
    ("EventComponent", "object"),
    ("EventDescription", "opaque"),
    ("Description", "opaque"),
    ("Stage", "stage"),
    ("AuthMethod", "auth_method"),
    ("TunnelType", "tunnel_type"),
    ("SourceRegion", "srcregion"),
    ("EndpointDeviceName", "machinename"),
    ("PublicIPv4", "public_ip"),
    ("PrivateIPv4", "private_ip"),
    ("EndpointOSType", "client_os"),
    ("EndpointOSVersion", "client_os_ver"),
    ("GlobalProtectClientVersion", "client_ver"),
    ("EventStatus", "status"),
    ("Portal", "portal"),
    ("Gateway", "gateway"),
    ("LoginDuration", "login_duration"),
    ("ConnectionMethod", "connect_method"),
    ("TimeGeneratedHighResolution", "high_res_timestamp"),
    ("VirtualSystemName", "vsys_name"),
    ("ApplicationCategory", "category_of_app"),
    ("ApplicationSubcategory", "subcategory_of_app"),
    ("DNSResolverIP", "dst"),
    ("DestinationIP", "dst"),
    ("FQDN", "fqdn"),
    ("DNSRequestName", "fqdn"),
    ("DNSResponse", "dns_response"),
    ("DNSResponseCode", "dns_response_code"),
    ("RecordType", "record_type"),
    ("DNSCategory", "dns_category"),
];

fn parse_json_record(object: &Map<String, Value>) -> Result<Parsed, ParseError> {
    let mut fields = FieldMap::new();
    for (key, name) in JSON_KEYS {
        if fields.contains_key(name) {
            continue;
        }
        let text: Cow<'_, str> = match object.get(*key) {
            Some(Value::String(text)) => Cow::Borrowed(text.as_str()),
            Some(Value::Number(number)) => Cow::Owned(number.to_string()),
            Some(Value::Bool(flag)) => Cow::Owned(flag.to_string()),
            // DNS Security records list the answers of a response as an array.
            Some(Value::Array(items)) => Cow::Owned(items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(",")),
            _ => continue,
        };
        put(&mut fields, *name, &text);
    }
    if let Some(log_type) = fields.get("type").and_then(Value::as_str).map(str::to_ascii_uppercase) {
        fields.insert("type", Value::String(log_type));
    }
    fields.insert("format", Value::String("json".into()));
    Ok(Parsed {
        variant: variant_of(&fields),
        fields,
    })
}

// ----------------------------------------------------------------------------------------------
// OCSF mapping
// ----------------------------------------------------------------------------------------------

fn text<'a>(fields: &'a FieldMap, name: &str) -> Option<&'a str> {
    fields
        .get_str(name)
        .map(format::trim)
        .filter(|s| !s.is_empty() && *s != "0.0.0.0" && *s != "N/A")
}

fn integer(fields: &FieldMap, name: &str) -> Option<i64> {
    fields.get_int(name)
}

/// Reads a column as [`text`] reads a field.
#[inline(always)]
fn text_at(fields: &FieldMap, column: Column) -> Option<&str> {
    fields
        .column_str(column)
        .map(format::trim)
        .filter(|s| !s.is_empty() && *s != "0.0.0.0" && *s != "N/A")
}

/// Reads a column as [`integer`] reads a field.
#[inline]
fn integer_at(fields: &FieldMap, column: Column) -> Option<i64> {
    fields.column_int(column)
}

/// Builds a network endpoint from an address (or host name), port, zone and interface.
fn endpoint(address: Option<&str>, port: Option<i64>, zone: Option<&str>, interface: Option<&str>) -> Object {
    // Each attribute is set once, so they are appended without a search.
    let mut endpoint = Object::with_capacity(4);
    if let Some(address) = address {
        let key = if address.parse::<IpAddr>().is_ok() { "ip" } else { "hostname" };
        endpoint.append(key, address);
    }
    if let Some(port) = port.filter(|p| (1..=65_535).contains(p)) {
        endpoint.append("port", port);
    }
    if let Some(zone) = zone {
        endpoint.append("zone", zone);
    }
    if let Some(interface) = interface {
        endpoint.append("interface_name", interface);
    }
    endpoint
}

fn set_object(record: &mut RecordBuilder, path: &'static str, object: Object) {
    if object.is_empty() {
        return;
    }
    if path.contains('.') {
        record.set(path, Node::Object(object));
    } else {
        record.put(path, object);
    }
}

/// OCSF severity of a PAN-OS severity word.
fn severity_of(word: &str) -> u32 {
    match word.to_ascii_lowercase().as_str() {
        "critical" => ocsf::severity::CRITICAL,
        "high" => ocsf::severity::HIGH,
        "medium" => ocsf::severity::MEDIUM,
        "low" => ocsf::severity::LOW,
        _ => ocsf::severity::INFORMATIONAL,
    }
}

/// Returns true when a PAN-OS action stopped the traffic.
fn blocked(action: &str) -> bool {
    matches!(
        action,
        "deny"
            | "drop"
            | "drop-icmp"
            | "drop-all"
            | "reset-client"
            | "reset-server"
            | "reset-both"
            | "block-url"
            | "block"
            | "sinkhole"
            | "block-continue"
            | "block-override"
    )
}

/// Returns the UTC offset of the record's times that name no zone, in minutes: the CEF `dtz`
/// zone when it is UTC or numeric, else the options' offset.
fn local_offset(fields: &FieldMap, options: &ParseOptions) -> i32 {
    text(fields, "dtz").and_then(dtz_offset).unwrap_or(options.utc_offset)
}

/// Returns the event time: the high resolution timestamp, else the generated time, the
/// receive time or the syslog header time; `None` when the record has none of them. Times
/// without a zone are `utc_offset` minutes east of UTC ([`local_offset`]).
///
/// # Errors
/// Returns an error naming the field when the record has a time field but none of its times
/// can be read, rather than letting the received time stand in for it.
fn event_time(fields: &FieldMap, options: &ParseOptions, utc_offset: i32) -> Result<Option<Timestamp>, ParseError> {
    let mut unreadable = None;
    for column in [traffic!("high_res_timestamp"), traffic!("time_generated"), traffic!("receive_time")] {
        let Some(text) = text_at(fields, column).map(str::trim).filter(|t| !t.is_empty()) else {
            continue;
        };
        match record_time(text, options.year, utc_offset) {
            // Some releases fill an unset high resolution timestamp with the epoch,
            // `1970-01-01T01:00:00.000+01:00`, so a time within the first day of 1970 is skipped.
            Some(time) if time.secs() > UNSET_TIME_SECS => return Ok(Some(time)),
            Some(_) => {}
            None => unreadable = unreadable.or(Some((column.name(), text))),
        }
    }
    if let Some(time) = text(fields, "syslog_timestamp").and_then(|t| options.syslog_time(t).ok()) {
        return Ok(Some(time));
    }
    match unreadable {
        Some((name, text)) => Err(ParseError::new(0, format!("{name} '{text}' is not a time this parser reads"))),
        None => Ok(None),
    }
}

/// Reads a time column or a CEF date field: the PAN-OS layouts first, then the CEF forms
/// (epoch milliseconds, `MMM dd [yyyy] HH:mm:ss [zone]`), where a time without a year takes
/// `year`.
fn record_time(text: &str, year: i32, utc_offset: i32) -> Option<Timestamp> {
    parse_pan_time(text, utc_offset).or_else(|| match cef::parse_time(text, year).ok()? {
        cef::Time::Instant(time) => Some(time),
        cef::Time::WallClock(time) => Some(local_to_utc(time, utc_offset)),
    })
}

/// Times up to one day after the epoch are placeholders for an unset time.
const UNSET_TIME_SECS: i64 = 86_400;

/// Returns the offset of a CEF `dtz` zone in minutes: 0 for `UTC`, `GMT` or `Z`, the value of
/// a numeric offset, and `None` for a zone name such as `Europe/Berlin`, which would need the
/// time zone database.
fn dtz_offset(zone: &str) -> Option<i32> {
    let zone = zone.trim();
    if ["UTC", "GMT", "Z", "Etc/UTC", "Etc/GMT"].iter().any(|utc| zone.eq_ignore_ascii_case(utc)) {
        return Some(0);
    }
    parse_utc_offset(zone).ok()
}

/// Returns true when an endpoint has one of the attributes OCSF's `network_endpoint` requires
/// at least one of.
fn identifies_endpoint(endpoint: &Object) -> bool {
    ["ip", "uid", "name", "hostname", "svc_name", "instance_uid", "interface_uid", "interface_name", "domain"]
        .iter()
        .any(|key| endpoint.contains_key(key))
}

fn map_to_ocsf(parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
    let fields = &parsed.fields;
    let log_type = text_at(fields, traffic!("type")).unwrap_or("");
    let subtype = text_at(fields, traffic!("subtype")).unwrap_or("");
    let utc_offset = local_offset(fields, options);
    let time = options.event_time(event_time(fields, options, utc_offset)?)?;
    let mut record = match log_type {
        "TRAFFIC" => map_traffic(fields, subtype, time, utc_offset),
        "THREAT" if subtype == "url" && !malicious_url(fields) => map_url(fields, time),
        "THREAT" => map_threat(fields, subtype, time),
        "GLOBALPROTECT" => map_globalprotect(fields, time),
        "CONFIG" => map_config(fields, time),
        "SYSTEM" if authentication_event(fields).is_some() => map_system_authentication(fields, time),
        "SYSTEM" if text(fields, "opaque").is_some_and(|d| d.contains("peer ip:")) => map_system_tunnel(fields, time),
        "SYSTEM" if system_peers(text(fields, "opaque").unwrap_or("")).is_some() => map_system_connection(fields, time),
        "DNS" if text_at(fields, traffic!("src")).or(text_at(fields, traffic!("dst"))).is_some() => map_dns_security(fields, subtype, time),
        "USERID" if text(fields, "ip").or(text_at(fields, traffic!("src"))).is_some() => map_user_mapping(fields, subtype, time),
        "AUTHENTICATION" => map_authentication_log(fields, time),
        "HIPMATCH" | "HIP-MATCH" => map_hip_match(fields, time),
        "IPTAG" => map_ip_tag(fields, time),
        "DECRYPTION" | "TUNNEL" | "SCTP" | "GTP" if text_at(fields, traffic!("src")).is_some() => map_traffic(fields, "", time, utc_offset),
        _ => map_base(fields, time),
    };
    let mut metadata = Object::with_capacity(3);
    if !log_type.is_empty() && log_type != "-" {
        metadata.append("event_code", log_type);
    }
    if let Some(uid) = column_text(fields, traffic!("seqno")).filter(|uid| !matches!(uid.as_str(), Some("" | "-"))) {
        metadata.append("uid", uid);
    }
    if let Some(time) = text_at(fields, traffic!("time_generated")).filter(|time| *time != "-") {
        metadata.append("original_time", time);
    }
    record.merge_metadata(metadata);
    // The firewall is named by its host name, else by its serial number alone. No mapping
    // sets `device`, so it is appended without a search.
    let name = text_at(fields, traffic!("device_name")).or_else(|| text(fields, "syslog_host"));
    let serial = text_at(fields, traffic!("serial")).filter(|serial| !serial.is_empty());
    if name.is_some() || serial.is_some() {
        record.append("device", ocsf::firewall_device(name, serial));
    }
    Ok(record.build())
}

/// Sets `path.name` and `path.domain` from a PAN-OS user: `domain\\user` (one or more
/// backslashes) and a UPN `user@domain` give a domain and a name, and a UPN is also kept as
/// `path.email_addr`. A bare name is kept whole.
fn set_user(record: &mut RecordBuilder, path: &'static str, user: Option<&str>) {
    if let Some(user) = user {
        record.merge(path, ocsf::user_object(user));
    }
}

/// Returns the text of a column, or of its number, as `metadata.uid` and a finding's `uid`
/// take a sequence number. It reads the column as text and as a number before it makes a
/// `Value` of it.
fn column_text(fields: &FieldMap, column: Column) -> Option<Node> {
    if let Some(text) = fields.column_str(column) {
        return Some(Node::from(text));
    }
    if let Some(number) = fields.column_number(column) {
        return Some(Node::String(Text::display(&number)));
    }
    fields.column(column).map(|other| Node::from(other.to_string()))
}

fn set_network_common(record: &mut RecordBuilder, fields: &FieldMap) {
    let source = endpoint(
        text_at(fields, traffic!("src")),
        integer_at(fields, traffic!("sport")),
        text_at(fields, traffic!("from")),
        text_at(fields, traffic!("inbound_if")),
    );
    let destination = endpoint(
        text_at(fields, traffic!("dst")),
        integer_at(fields, traffic!("dport")),
        text_at(fields, traffic!("to")),
        text_at(fields, traffic!("outbound_if")),
    );
    // The callers give a new record, which has none of the attributes set here, so they are
    // appended without a search.
    record.append_object("src_endpoint", source);
    record.append_object("dst_endpoint", destination);
    let mut connection = Object::with_capacity(4);
    if let Some(protocol) = text_at(fields, traffic!("proto")) {
        connection.append("protocol_name", Node::from(format::lower_case(protocol)));
        if let Some(number) = ocsf::protocol_number(protocol) {
            connection.append("protocol_num", number);
        }
        connection.append("direction_id", 0);
    }
    if let Some(session) = integer_at(fields, traffic!("sessionid")) {
        connection.append("uid", Text::display(&session));
        if !connection.contains_key("direction_id") {
            connection.append("direction_id", 0);
        }
    }
    record.append_object("connection_info", connection);
    if let Some(app) = text_at(fields, traffic!("app")) {
        record.append("app_name", app);
    }
    if let Some(user) = text_at(fields, traffic!("srcuser")) {
        record.append("actor", ocsf::actor_of(ocsf::user_object(user)));
    }
    if let Some(rule) = text_at(fields, traffic!("rule")) {
        let mut firewall_rule = Object::with_capacity(2);
        firewall_rule.append("name", rule);
        if let Some(uid) = text_at(fields, traffic!("rule_uuid")).filter(|uid| *uid != "-") {
            firewall_rule.append("uid", uid);
        }
        record.append("firewall_rule", firewall_rule);
    }
    let mut nat = Object::with_capacity(4);
    for column in [traffic!("natsrc"), traffic!("natdst"), traffic!("natsport"), traffic!("natdport")] {
        // A text field is read as text, so no `Value` is made for it.
        let value = match fields.column_str(column) {
            Some(text) => (text != "0.0.0.0").then(|| Node::from(text)),
            None => fields.column_number(column).filter(|n| n.as_i64() != Some(0)).map(Node::from),
        };
        if let Some(value) = value {
            nat.append(column.name(), value);
        }
    }
    if !nat.is_empty() {
        let mut unmapped = Object::with_capacity(1);
        unmapped.append("nat", nat);
        record.append("unmapped", unmapped);
    }
}

fn set_disposition(record: &mut RecordBuilder, action: &str) {
    let ((action_id, action_name), (disposition_id, disposition)) = if blocked(action) {
        let disposition = if action.starts_with("drop") {
            (6, "Dropped")
        } else {
            (2, "Blocked")
        };
        ((2, "Denied"), disposition)
    } else if action == "alert" {
        ((3, "Observed"), (1, "Allowed"))
    } else if !action.is_empty() {
        ((1, "Allowed"), (1, "Allowed"))
    } else {
        return;
    };
    // Only this function sets these attributes, once per record.
    record.append("action_id", action_id).append("action", action_name);
    record.append("disposition_id", disposition_id).append("disposition", disposition);
}

fn map_traffic(fields: &FieldMap, subtype: &str, time: Timestamp, utc_offset: i32) -> RecordBuilder {
    let action = text_at(fields, traffic!("action")).unwrap_or("");
    let activity = match subtype {
        "start" => 1,
        "deny" | "drop" => 5,
        "end" if blocked(action) => 5,
        "end" if text_at(fields, traffic!("session_end_reason")).is_some_and(|r| r.starts_with("tcp-rst")) => 3,
        "end" => 2,
        _ => 6,
    };
    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, activity, time, &META);
    // Every attribute that this function sets, other than `severity_id`, is new to the record.
    record.append("status_id", if activity == 5 { ocsf::status::FAILURE } else { ocsf::status::SUCCESS });
    if activity == 5 {
        record.severity(ocsf::severity::LOW);
    }
    set_network_common(&mut record, fields);
    set_disposition(&mut record, action);
    let mut traffic = Object::with_capacity(6);
    for (column, key) in [
        (traffic!("bytes"), "bytes"),
        (traffic!("bytes_sent"), "bytes_out"),
        (traffic!("bytes_received"), "bytes_in"),
        (traffic!("packets"), "packets"),
        (traffic!("pkts_sent"), "packets_out"),
        (traffic!("pkts_received"), "packets_in"),
    ] {
        if let Some(value) = integer_at(fields, column) {
            traffic.append(key, value);
        }
    }
    record.append_object("traffic", traffic);
    if let Some(elapsed) = integer_at(fields, traffic!("elapsed")) {
        record.append("duration", elapsed.saturating_mul(1_000));
    }
    if let Some(start) = text_at(fields, traffic!("start")).and_then(|t| parse_pan_time(t, utc_offset)) {
        record.append("start_time", start.millis());
    }
    if let Some(reason) = text_at(fields, traffic!("session_end_reason")).filter(|reason| *reason != "-") {
        record.append("status_detail", reason);
    }
    record
}

/// True when a URL log's category names a threat (malware, phishing, command and control),
/// which makes it a finding instead of plain web activity.
fn malicious_url(fields: &FieldMap) -> bool {
    let category = text_at(fields, threat!("category")).unwrap_or("");
    ["malware", "phishing", "command-and-control", "grayware", "ransomware"]
        .iter()
        .any(|c| category.contains(c))
}

fn map_url(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let method = text_at(fields, threat!("http_method")).unwrap_or("").to_ascii_lowercase();
    let activity = match method.as_str() {
        "get" => 3,
        "head" => 4,
        "options" => 5,
        "post" => 6,
        "put" => 7,
        "delete" => 2,
        "trace" => 8,
        "patch" => 9,
        "connect" => 1,
        _ => 99,
    };
    let mut record = RecordBuilder::new(class::HTTP_ACTIVITY, activity, time, &META);
    set_network_common(&mut record, fields);
    let action = text_at(fields, traffic!("action")).unwrap_or("");
    set_disposition(&mut record, action);
    record.append("status_id", if blocked(action) { ocsf::status::FAILURE } else { ocsf::status::SUCCESS });
    let mut request = Object::with_capacity(4);
    if let Some(url) = text_at(fields, threat!("misc")) {
        let (host, path) = match url.find('/') {
            Some(at) => (&url[..at], &url[at..]),
            None => (url, "/"),
        };
        let mut parts = Object::with_capacity(4);
        parts.append("url_string", url);
        parts.append("hostname", host.split(':').next().unwrap_or(host));
        parts.append("path", path.split('?').next().unwrap_or(path));
        if let Some(category) = text_at(fields, threat!("category")) {
            parts.append("categories", Node::Array(vec![Node::from(category)]));
        }
        request.append("url", parts);
    }
    if !method.is_empty() {
        request.append("http_method", method.to_ascii_uppercase());
    }
    for (column, key) in [(threat!("user_agent"), "user_agent"), (threat!("referer"), "referrer")] {
        if let Some(value) = text_at(fields, column).filter(|value| *value != "-") {
            request.append(key, value);
        }
    }
    record.append_object("http_request", request);
    record
}

/// Splits a `threatid` such as `HTTP SQL Injection Attempt(30514)` into name and number.
fn split_threat(threatid: &str) -> (&str, Option<&str>) {
    match threatid.trim().strip_suffix(')').and_then(|t| t.rsplit_once('(')) {
        Some((name, number)) => (name.trim(), Some(number)),
        None => (threatid.trim(), None),
    }
}

fn map_threat(fields: &FieldMap, subtype: &str, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::DETECTION_FINDING, 1, time, &META);
    let severity = text_at(fields, threat!("severity")).unwrap_or("informational");
    record.severity(severity_of(severity));
    let action = text_at(fields, traffic!("action")).unwrap_or("");
    set_disposition(&mut record, action);
    // The record is new, and this function sets each attribute below once, so they are
    // appended without a search.
    record.append("status_id", 1).append("status", "New").append("is_alert", true);

    let threatid = text_at(fields, threat!("threatid")).unwrap_or("");
    let (name, number) = split_threat(threatid);
    let title = text(fields, "threat_name")
        .or((!name.is_empty()).then_some(name))
        .unwrap_or(subtype);
    let uid = column_text(fields, threat!("seqno")).unwrap_or_else(|| Node::from(number.unwrap_or(title)));
    // The finding's attributes are new, so they are appended without a search.
    let mut finding = Object::with_capacity(5);
    finding.append("uid", uid);
    finding.append("title", title);
    finding.append("types", Node::Array(vec![Node::from(subtype)]));
    if let Some(number) = number {
        let mut analytic = Object::with_capacity(4);
        analytic.append("uid", number);
        analytic.append("name", title);
        analytic.append("type_id", 1);
        analytic.append("type", "Rule");
        finding.append("analytic", analytic);
    }
    let verdict = (subtype == "wildfire")
        .then(|| text_at(fields, threat!("category")))
        .flatten()
        .map(|verdict| Node::from(format!("WildFire verdict: {verdict}")));
    let category = text_at(fields, threat!("thr_category"))
        .filter(|category| *category != "-")
        .map(Node::from);
    if let Some(desc) = verdict.or(category) {
        finding.append("desc", desc);
    }
    record.append("finding_info", finding);
    if let Some(user) = text_at(fields, traffic!("srcuser")) {
        record.append("actor", ocsf::actor_of(ocsf::user_object(user)));
    }

    let mut evidence = Object::with_capacity(4);
    let source = endpoint(text_at(fields, traffic!("src")), integer_at(fields, traffic!("sport")), text_at(fields, traffic!("from")), None);
    let destination = endpoint(text_at(fields, traffic!("dst")), integer_at(fields, traffic!("dport")), text_at(fields, traffic!("to")), None);
    // OCSF requires an endpoint to name its address, host or interface; a CEF threat log
    // may carry only ports or zones, and then the endpoint is left out.
    if identifies_endpoint(&source) {
        evidence.append("src_endpoint", source);
    }
    if identifies_endpoint(&destination) {
        evidence.append("dst_endpoint", destination);
    }
    if let Some(user) = text_at(fields, traffic!("srcuser")) {
        evidence.append("actor", ocsf::actor_named(user.rsplit('\\').next().unwrap_or(user)));
    }
    let misc = text_at(fields, threat!("misc"));
    match subtype {
        "virus" | "wildfire" | "file" | "wildfire-virus" | "ml-virus" => {
            if let Some(name) = misc {
                let digest = text_at(fields, threat!("filedigest")).filter(|d| d.len() == 64);
                evidence.append("file", ocsf::file_object(name, digest));
            }
        }
        _ => {
            if let Some(url) = misc.filter(|m| m.contains('.') || m.contains('/')) {
                let mut link = Object::with_capacity(1);
                link.append("url_string", url);
                evidence.append("url", link);
            }
        }
    }
    if !evidence.is_empty() {
        record.append("evidences", Node::Array(vec![Node::Object(evidence)]));
    }
    record
}

fn map_globalprotect(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let eventid = text(fields, "eventid").unwrap_or("");
    let activity = globalprotect_activity(eventid).unwrap_or(99);
    let mut record = RecordBuilder::new(class::AUTHENTICATION, activity, time, &META);
    let success = text(fields, "status").is_none_or(|s| s.eq_ignore_ascii_case("success"));
    record.status(if success { ocsf::status::SUCCESS } else { ocsf::status::FAILURE });
    record.set("status", if success { "Success" } else { "Failure" });
    if !success {
        record.severity(ocsf::severity::LOW);
    }
    set_user(&mut record, "user", Some(text_at(fields, traffic!("srcuser")).unwrap_or("unknown")));
    // The public address is the one the client connected from. A client on IPv6 leaves the
    // IPv4 column empty or unspecified (0.0.0.0).
    let public = [text(fields, "public_ip"), text(fields, "public_ipv6")]
        .into_iter()
        .flatten()
        .find(|address| is_specified_address(address));
    let mut source = endpoint(public, None, None, None);
    if let Some(machine) = text(fields, "machinename") {
        source.insert("hostname", machine);
    }
    if let Some(os) = text(fields, "client_os_ver").or(text(fields, "client_os")) {
        source.insert("os", serde_json::json!({ "name": os, "type_id": os_type(os) }));
    }
    set_object(&mut record, "src_endpoint", source);
    record.set("service.name", "GlobalProtect");
    record.set_str("dst_endpoint.hostname", text(fields, "gateway").or(text(fields, "portal")));
    record.set("is_remote", true);
    if let Some(method) = text(fields, "auth_method") {
        let (id, name) = match method.to_ascii_uppercase().as_str() {
            "SAML" => (5, "SAML"),
            "RADIUS" => (10, "RADIUS"),
            "KERBEROS" => (2, "Kerberos"),
            _ => (99, method),
        };
        record.set("auth_protocol_id", id).set("auth_protocol", name);
    }
    record.set_str("status_detail", text(fields, "error").or(text_at(fields, threat!("reason"))));
    record.set_str("unmapped.eventid", Some(eventid));
    record.set_str("unmapped.stage", text(fields, "stage"));
    record.set_str("unmapped.private_ip", text(fields, "private_ip").filter(|a| is_specified_address(a)));
    record.set_str("unmapped.private_ipv6", text(fields, "private_ipv6").filter(|a| is_specified_address(a)));
    record
}

/// True unless the text is an unspecified address (`0.0.0.0`, `::`), which PAN-OS writes for
/// an address it does not know.
fn is_specified_address(address: &str) -> bool {
    address.parse::<IpAddr>().map_or(true, |ip| !ip.is_unspecified())
}

/// Maps an AUTHENTICATION log, written when an Authentication Policy rule or a multi-factor
/// authentication step accepted or rejected a user. The outcome comes from the first of the
/// Event Type column (`event`), the subtype and the description that names a success or a failure.
fn map_authentication_log(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::AUTHENTICATION, 1, time, &META);
    let outcome = [text(fields, "event"), text_at(fields, traffic!("subtype")), text(fields, "desc")]
        .into_iter()
        .flatten()
        .map(str::to_ascii_lowercase)
        .find_map(|word| {
            if word.contains("fail") || word.contains("timeout") || word.contains("deny") {
                Some(false)
            } else if word.contains("success") {
                Some(true)
            } else {
                None
            }
        });
    match outcome {
        Some(true) => {
            record.status(ocsf::status::SUCCESS);
            record.set("status", "Success");
        }
        Some(false) => {
            record.status(ocsf::status::FAILURE);
            record.set("status", "Failure");
            record.severity(ocsf::severity::LOW);
        }
        None => {
            record.status(ocsf::status::UNKNOWN);
        }
    }

    set_user(
        &mut record,
        "user",
        Some(text(fields, "normalize_user").or(text(fields, "user")).unwrap_or("unknown")),
    );
    let mut source = endpoint(text(fields, "ip"), None, None, None);
    if let Some(host) = text_at(fields, traffic!("src_host")) {
        source.insert("hostname", host);
    }
    if let Some(mac) = text_at(fields, traffic!("src_mac")) {
        source.insert("mac", mac);
    }
    set_object(&mut record, "src_endpoint", source);

    record.set_str("service.name", text(fields, "object").or(text(fields, "serverprofile")));
    record.set_str("policy.name", text(fields, "authpolicy"));
    if let Some(factor) = integer(fields, "factorno").filter(|factor| *factor > 1) {
        record.set("is_mfa", true).set("unmapped.factorno", factor);
    }
    if let Some(protocol) = text(fields, "authproto") {
        let (id, name) = match protocol.to_ascii_uppercase().as_str() {
            "SAML" => (5, "SAML"),
            "RADIUS" => (10, "RADIUS"),
            "KERBEROS" => (2, "Kerberos"),
            "LDAP" => (9, "LDAP"),
            _ => (99, protocol),
        };
        record.set("auth_protocol_id", id).set("auth_protocol", name);
    }

    record.set_str("status_detail", text(fields, "desc"));
    record.set_str("http_request.user_agent", text_at(fields, threat!("user_agent")));
    for (name, path) in [("event", "unmapped.event"), ("clienttype", "unmapped.clienttype"), ("vendor", "unmapped.vendor"), ("authid", "unmapped.authid"), ("serverprofile", "unmapped.serverprofile")] {
        record.set_str(path, text(fields, name));
    }
    record
}

/// Maps an IPTAG log to a Base Event that names the tag and the address: OCSF has no class
/// for a tag that a User-ID source put on an address.
fn map_ip_tag(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::BASE_EVENT, 99, time, &META);
    if let (Some(tag), Some(ip)) = (text(fields, "tag_name"), text(fields, "ip")) {
        let change = text_at(fields, traffic!("subtype")).unwrap_or("change");
        record.set("message", format!("IP tag {tag} {change} for {ip}"));
    }
    put_unmapped(&mut record, fields);
    record
}

/// Maps a HIPMATCH log to a Base Event: OCSF has no class for a host matching a posture
/// profile. The user, the host and the matched object stay in the record.
fn map_hip_match(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::BASE_EVENT, 99, time, &META);
    set_user(&mut record, "actor.user", text_at(fields, traffic!("srcuser")));
    if let Some(name) = text(fields, "matchname") {
        let kind = text(fields, "matchtype").unwrap_or("object");
        let host = text(fields, "machinename").or(text_at(fields, traffic!("src"))).unwrap_or("unknown host");
        record.set("message", format!("HIP {kind} {name} matched on {host}"));
    }
    put_unmapped(&mut record, fields);
    record
}

/// OCSF `os.type_id` of a client OS description.
fn os_type(os: &str) -> u32 {
    let lower = os.to_ascii_lowercase();
    if lower.contains("windows") {
        100
    } else if lower.contains("mac") {
        300
    } else if lower.contains("linux") {
        200
    } else if lower.contains("ios") {
        301
    } else if lower.contains("android") {
        201
    } else {
        0
    }
}

fn map_config(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let command = text(fields, "cmd").unwrap_or("");
    let activity = match command {
        "add" | "clone" => 1,
        "edit" | "set" | "move" | "rename" | "multi-clone" => 3,
        "delete" => 4,
        _ => 99,
    };
    let mut record = RecordBuilder::new(class::API_ACTIVITY, activity, time, &META);
    record.set("api.operation", if command.is_empty() { "unknown" } else { command });
    record.set("actor.user.name", text(fields, "admin").unwrap_or("unknown"));
    record.set_str("actor.app_name", text(fields, "client"));
    match text(fields, "host") {
        Some(host) => set_object(&mut record, "src_endpoint", endpoint(Some(host), None, None, None)),
        None => {
            record.set("src_endpoint.name", "unknown");
        }
    }
    if let Some(path) = text(fields, "path") {
        record.set("resources", serde_json::json!([{ "name": path, "type": "configuration path" }]));
    }
    let result = text(fields, "result").unwrap_or("");
    let status = match result {
        "Succeeded" | "Submitted" => ocsf::status::SUCCESS,
        "Failed" | "Unauthorized" => ocsf::status::FAILURE,
        _ => ocsf::status::UNKNOWN,
    };
    record.status(status);
    record.set_str("status_detail", Some(result));
    record
}

/// Returns the Authentication outcome of a SYSTEM event: `Some(true)` for a successful login,
/// `Some(false)` for a failed one, `None` for other events.
fn authentication_event(fields: &FieldMap) -> Option<bool> {
    let eventid = text(fields, "eventid").unwrap_or("");
    let description = text(fields, "opaque").unwrap_or("");
    if eventid.ends_with("auth-success") || eventid.ends_with("auth-succ") || description.contains(" logged in via ") {
        return Some(true);
    }
    if eventid.ends_with("auth-fail")
        || description.starts_with("failed authentication")
        || description.contains("failed authentication for user")
    {
        return Some(false);
    }
    None
}

/// Returns the value after `marker` in a SYSTEM description: up to the next quote, comma or
/// sentence end, and also up to the next space when `word` is true.
fn after<'a>(text: &'a str, marker: &str, word: bool) -> Option<&'a str> {
    let start = text.find(marker)? + marker.len();
    let rest = text[start..].trim_start_matches('\'');
    let mut end = rest.find(['\'', ',']).unwrap_or(rest.len());
    if let Some(sentence) = rest.find(". ") {
        end = end.min(sentence);
    }
    if word {
        end = end.min(rest.find(' ').unwrap_or(rest.len()));
    }
    Some(rest[..end].trim().trim_end_matches('.')).filter(|s| !s.is_empty())
}

fn map_system_authentication(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let success = authentication_event(fields).unwrap_or(false);
    let mut record = RecordBuilder::new(class::AUTHENTICATION, 1, time, &META);
    record.status(if success { ocsf::status::SUCCESS } else { ocsf::status::FAILURE });
    record.set("status", if success { "Success" } else { "Failure" });
    let description = text(fields, "opaque").unwrap_or("");
    // GlobalProtect portal and gateway events (subtype `globalprotect`) list their details as
    // `Login from: A, Source region: R, User name: U, ...`.
    let globalprotect = text_at(fields, traffic!("subtype")) == Some("globalprotect") || text(fields, "eventid").is_some_and(|e| e.starts_with("globalprotect"));
    let user = after(description, "for user ", true)
        .or_else(|| after(description, "authenticating user ", true))
        .or_else(|| description.strip_prefix("User ").and_then(|r| r.split(' ').next()));
    match after(description, "User name: ", false) {
        Some(user) => set_user(&mut record, "user", Some(user)),
        None => {
            record.set("user.name", user.unwrap_or("unknown"));
        }
    }
    let client = after(description, "From: ", true)
        .or_else(|| after(description, "Login from: ", true))
        .or_else(|| after(description, " from ", true));
    if let Some(client) = client.map(|c| c.trim_matches('\'')) {
        set_object(&mut record, "src_endpoint", endpoint(Some(client), None, None, None));
    }
    if globalprotect {
        record.set("service.name", "GlobalProtect").set("is_remote", true);
        record.set_str("dst_endpoint.name", text(fields, "object"));
    } else {
        record.set("service.name", "PAN-OS management");
    }
    if let Some(server) = after(description, "server address ", true).or_else(|| after(description, "Server Address ", true)) {
        set_object(&mut record, "dst_endpoint", endpoint(Some(server), None, None, None));
    }
    record.set_str("status_detail", after(description, "Reason: ", false));
    if let Some(protocol) = after(description, "auth protocol ", false) {
        record
            .set("auth_protocol", protocol)
            .set("auth_protocol_id", if protocol == "PAP" { 7 } else { 99 });
    }
    if !success {
        record.severity(ocsf::severity::LOW);
    }
    record.set_str("message", Some(description));
    record
}

/// Maps a SYSTEM `vpn` event about an IKE negotiation or an IPsec SA, whose description ends
/// with `local ip:A, peer ip:B.`, to Tunnel Activity with the peer as the source.
fn map_system_tunnel(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let eventid = text(fields, "eventid").unwrap_or("");
    let description = text(fields, "opaque").unwrap_or("");
    let activity = if eventid.contains("fail") {
        99
    } else if eventid.ends_with("-succ") || eventid.contains("key-install") {
        1
    } else if eventid.contains("key-delete") || eventid.contains("expire") {
        2
    } else {
        99
    };
    let mut record = RecordBuilder::new(class::TUNNEL_ACTIVITY, activity, time, &META);
    if eventid.contains("fail") {
        record.status(ocsf::status::FAILURE);
        record.severity(ocsf::severity::LOW);
    } else if activity != 99 {
        record.status(ocsf::status::SUCCESS);
    }
    let address = |marker: &str| after(description, marker, true).map(|a| a.trim_end_matches('.'));
    set_object(&mut record, "src_endpoint", endpoint(address("peer ip:"), None, None, None));
    set_object(&mut record, "dst_endpoint", endpoint(address("local ip:"), None, None, None));
    record.set_str("unmapped.tunnel", text(fields, "object"));
    record.set_str("unmapped.eventid", Some(eventid));
    record.set_str("message", Some(description));
    record
}

/// Maps a User-ID mapping event: the firewall learned (`login`) or dropped (`logout`) which
/// user is behind an address.
fn map_user_mapping(fields: &FieldMap, subtype: &str, time: Timestamp) -> RecordBuilder {
    let activity = if subtype == "logout" { 2 } else { 1 };
    let mut record = RecordBuilder::new(class::AUTHENTICATION, activity, time, &META);
    record.status(ocsf::status::SUCCESS);
    set_user(
        &mut record,
        "user",
        Some(text(fields, "user").or(text_at(fields, traffic!("srcuser"))).unwrap_or("unknown")),
    );
    set_object(
        &mut record,
        "src_endpoint",
        endpoint(text(fields, "ip").or(text_at(fields, traffic!("src"))), None, None, None),
    );
    set_object(&mut record, "dst_endpoint", endpoint(text_at(fields, traffic!("dst")), None, None, None));
    let source = text(fields, "datasourcetype").or(text(fields, "datasource")).unwrap_or("User-ID");
    record.set("service.name", source);
    record.set_str("status_detail", text(fields, "datasourcename"));
    record
}

/// Peers that a SYSTEM description names: the server the firewall connected to (address or
/// host name, and port) and the address that initiated the connection.
#[derive(Debug, Default, PartialEq)]
struct SystemPeers<'a> {
    server: Option<&'a str>,
    server_port: Option<i64>,
    initiator: Option<&'a str>,
}

/// Returns the token after `marker` in `text`, up to a space, comma, closing parenthesis or
/// quote, without a sentence's final period.
fn token_after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    let start = text.find(marker)? + marker.len();
    let rest = text[start..].trim_start();
    let end = rest.find([' ', ',', ')', '"', '\'']).unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches('.')).filter(|t| !t.is_empty())
}

/// Splits `host:port` (an IPv4 address or host name with a port); an IPv6 address is kept whole.
fn split_host_port(token: &str) -> (&str, Option<i64>) {
    if token.parse::<IpAddr>().is_ok() {
        return (token, None);
    }
    match token.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => (host, port.parse().ok()),
        _ => (token, None),
    }
}

/// True when `token` can name a host: an IP address or a dotted host name.
fn is_host(token: &str) -> bool {
    token.parse::<IpAddr>().is_ok()
        || (token.contains('.') && token.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_')))
}

/// Reads the peers of a SYSTEM event about a connection of the firewall to a server, such as
/// `connected to server 192.0.2.10:636, initiated by: 10.0.0.1`, `connect to address:
/// 192.0.2.44 port: 3978` or `NTP sync to server pool.example.org`. Returns `None` when the
/// description names no peer.
fn system_peers(description: &str) -> Option<SystemPeers<'_>> {
    let mut peers = SystemPeers::default();
    let server = ["to server ", "to address: ", "to address ", " server: "]
        .iter()
        .filter_map(|marker| token_after(description, marker))
        .map(split_host_port)
        .find(|(host, _)| is_host(host));
    if let Some((host, port)) = server {
        peers.server = Some(host);
        peers.server_port = port.or_else(|| token_after(description, " port: ").and_then(|p| p.parse().ok()));
    }
    peers.initiator = ["initiated by: ", "initiated by "]
        .iter()
        .filter_map(|marker| token_after(description, marker))
        .find(|token| token.parse::<IpAddr>().is_ok());
    (peers.server.is_some() || peers.initiator.is_some()).then_some(peers)
}

/// Maps a SYSTEM event about a connection between the firewall and a server (LDAP, update,
/// logging or NTP servers) to Network Activity: the initiator is the source and the server the
/// destination. The activity follows the outcome the description states.
fn map_system_connection(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let description = text(fields, "opaque").unwrap_or("");
    let peers = system_peers(description).unwrap_or_default();
    let lower = description.to_ascii_lowercase();
    let failed = ["fail", "unable", "error", "denied", "timed out", "timeout"].iter().any(|w| lower.contains(w));
    let (activity, status) = if failed {
        (4, ocsf::status::FAILURE)
    } else if lower.contains("disconnect") || lower.contains("closed") {
        (2, ocsf::status::SUCCESS)
    } else if ["connected", "success", "completed", "established"].iter().any(|w| lower.contains(w)) {
        (1, ocsf::status::SUCCESS)
    } else {
        (99, ocsf::status::UNKNOWN)
    };
    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, activity, time, &META);
    record.status(status);
    if let Some(severity) = text_at(fields, threat!("severity")) {
        record.severity(severity_of(severity));
    }
    set_object(&mut record, "src_endpoint", endpoint(peers.initiator, None, None, None));
    set_object(&mut record, "dst_endpoint", endpoint(peers.server, peers.server_port, None, None));
    record.set_str("message", Some(description));
    put_unmapped(&mut record, fields);
    record
}

/// Maps a DNS Security record of the Strata Logging Service: the client (`SourceAddress`)
/// asked the resolver (`DNSResolverIP`) for `FQDN`, and `DNSResponse` lists the answers with
/// their types in `RecordType`.
fn map_dns_security(fields: &FieldMap, subtype: &str, time: Timestamp) -> RecordBuilder {
    let activity = if subtype.contains("response") {
        2
    } else if subtype.contains("request") {
        1
    } else {
        6
    };
    let mut record = RecordBuilder::new(class::DNS_ACTIVITY, activity, time, &META);
    set_network_common(&mut record, fields);
    set_disposition(&mut record, &text_at(fields, traffic!("action")).unwrap_or("").to_ascii_lowercase());
    if let Some(name) = text(fields, "fqdn").or(text_at(fields, threat!("misc"))) {
        record.set("query.hostname", name);
    }
    if let Some(responses) = text(fields, "dns_response") {
        let mut types = text(fields, "record_type").unwrap_or("").split(',');
        let answers: Vec<Node> = responses
            .split(',')
            .map(|rdata| {
                let mut answer = Object::new();
                answer.insert("rdata", rdata.trim());
                if let Some(kind) = types.next().map(str::trim).filter(|t| !t.is_empty()) {
                    answer.insert("type", kind.to_ascii_uppercase());
                }
                Node::Object(answer)
            })
            .filter(|answer| answer.get("rdata").and_then(Node::as_str).is_some_and(|r| !r.is_empty()))
            .collect();
        if !answers.is_empty() {
            record.set("answers", Node::Array(answers));
        }
    }
    for (name, path) in [("dns_response_code", "unmapped.dns_response_code"), ("dns_category", "unmapped.dns_category"), ("threat_name", "unmapped.threat_name")] {
        record.set_str(path, text(fields, name));
    }
    record
}

/// Keeps the vendor fields that no attribute took under `unmapped`.
fn put_unmapped(record: &mut RecordBuilder, fields: &FieldMap) {
    let mut extra = Object::new();
    for (key, value) in fields {
        if !matches!(
            key,
            "opaque" | "type" | "time_generated" | "receive_time" | "high_res_timestamp"
        ) {
            extra.insert(key.to_string(), value.clone());
        }
    }
    if !extra.is_empty() {
        record.set("unmapped", Node::Object(extra));
    }
}

fn map_base(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::BASE_EVENT, 99, time, &META);
    if let Some(severity) = text_at(fields, threat!("severity")) {
        record.severity(severity_of(severity));
    }
    let description = text(fields, "opaque");
    record.set_str("message", description);
    // SYSTEM descriptions name the administrator behind a job: `... succeeded  for user admin`.
    let user = text_at(fields, traffic!("srcuser"))
        .or(text(fields, "user"))
        .or_else(|| description.and_then(|d| after(d, "for user ", true)));
    set_user(&mut record, "actor.user", user);
    put_unmapped(&mut record, fields);
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing;

    #[test]
    fn record_cut_short_is_rejected() {
        let cut = "1,2025/03/10 14:22:07,013201001234,TRAFFIC,end,2817";
        let error = PaloAltoFirewall.parse_line(cut, &mut ParseState::default()).expect_err(cut);
        assert!(error.reason.contains("the TRAFFIC record ends after 6 columns"), "{error}");
        // Through the action column, a record is complete enough to map.
        let cells: Vec<&str> = (0..31).map(|_| "").collect();
        let mut minimal = cells.clone();
        minimal[1] = "2025/03/10 14:22:07";
        minimal[3] = "TRAFFIC";
        minimal[30] = "allow";
        let line = minimal.join(",");
        let parsed = PaloAltoFirewall.parse_line(&line, &mut ParseState::default()).unwrap().unwrap();
        assert_eq!(parsed.fields.get("action"), Some(&Value::from("allow")));
    }

    #[test]
    fn layout_names_are_distinct() {
        for layout in [
            &TRAFFIC_LAYOUT,
            &THREAT_LAYOUT,
            &SYSTEM_LAYOUT,
            &CONFIG_LAYOUT,
            &GLOBALPROTECT_LAYOUT,
            &USERID_LAYOUT,
            &AUTHENTICATION_LAYOUT,
            &HIPMATCH_LAYOUT,
            &IPTAG_LAYOUT,
            &SESSION_LAYOUT,
            &COMMON_LAYOUT,
        ] {
            // A map records positions below 255, for the columns and the two header fields.
            assert!(layout.columns.len() + 2 < 255, "{} has too many columns", layout.columns[3]);
            let mut seen = std::collections::HashSet::from(["syslog_timestamp", "syslog_host"]);
            for name in layout.columns.iter().filter(|name| !name.is_empty()) {
                assert!(seen.insert(*name), "{name} appears twice in the layout of {}", layout.columns[3]);
            }
        }
    }

    #[test]
    fn every_variant_round_trips_for_200_seeds() {
        testing::assert_round_trip(&PaloAltoFirewall, 0..200);
    }

    #[test]
    fn written_records_have_the_10_2_column_counts() {
        use crate::generate::{GenerateRequest, Generator};
        for (variant, expected) in [
            ("traffic_end", 115),
            ("threat_url", 121),
            ("system", 26),
            ("config", 28),
            ("globalprotect_connect", 49),
        ] {
            let request = GenerateRequest {
                source: META.id.into(),
                count: Some(5),
                variant: Some(variant.into()),
                ..GenerateRequest::default()
            };
            for event in Generator::new(&request).unwrap() {
                let start = find_record_start(&event.raw).unwrap();
                let cells = csv::parse_record(&event.raw[start..], ',').unwrap();
                assert_eq!(cells.len(), expected, "{variant}: {}", event.raw);
            }
        }
    }

    fn parse(line: &str) -> Parsed {
        testing::parse_ok(&PaloAltoFirewall, line)
    }

    fn record(line: &str) -> Map<String, Value> {
        let (_, record) = testing::parse_sample(&PaloAltoFirewall, line).unwrap_or_else(|err| panic!("{line}: {err}"));
        record
    }

    /// Intent, line, expected variant and expected fields.
    type SampleCase<'a> = (&'a str, &'a str, Option<&'a str>, &'a [(&'a str, Value)]);

    #[test]
    fn sample_lines_parse() {
        let cases: &[SampleCase<'_>] = &[
            (
                "PAN-OS 8.1 traffic with 54 columns and a syslog header",
                "<14>Mar  3 12:00:00 PA-VM 1,2026/03/03 12:00:00,007200001165,TRAFFIC,end,2049,2026/03/03 12:00:00,10.20.1.15,198.51.100.7,203.0.113.4,198.51.100.7,Allow-Web,corp\\jdoe,,ssl,vsys1,trust,untrust,ethernet1/2,ethernet1/1,Syslog,2026/03/03 12:00:00,55012,1,51000,443,40211,443,0x400053,tcp,allow,5120,1200,3920,24,2026/03/03 11:59:40,20,computer-and-internet-info,0,7312415129244589397,0x0,10.0.0.0-10.255.255.255,United States,0,12,12,tcp-fin,0,0,0,0,,PA-VM,from-policy",
                Some("traffic_end"),
                &[("bytes", Value::from(5120)), ("srcuser", Value::from("corp\\jdoe")), ("session_end_reason", Value::from("tcp-fin")), ("syslog_host", Value::from("PA-VM"))],
            ),
            (
                "bare CSV with the older month/day/year time",
                "1,9/16/25 10:00,001801017000,TRAFFIC,deny,2049,9/16/25 10:00,10.0.0.2,192.0.2.4,0.0.0.0,0.0.0.0,Deny-All,,,dns,vsys1,trust,untrust,ae2.503,ethernet1/1,Secure,9/16/25 10:00,11111,1,53000,53,0,0,0x400000,udp,reset-both,284,284,0,1,9/16/25 10:00,0,any,0,50660381851,0x0,10.0.0.0-10.255.255.255,Spain,0,1,0,policy-deny",
                Some("traffic_deny"),
                &[("action", Value::from("reset-both")), ("dport", Value::from(53))],
            ),
            (
                "threat with a quoted URL and a newer trailing column",
                "1,2026/01/12 11:21:15,016201000000,THREAT,vulnerability,2816,2026/01/12 11:21:15,198.51.100.9,10.30.0.8,0.0.0.0,0.0.0.0,Allow-DMZ,,,web-browsing,vsys1,untrust,dmz,ethernet1/1,ethernet1/3,default,2026/01/12 11:21:15,200000,1,58444,80,0,0,0x2000,tcp,reset-both,\"login.php\",HTTP SQL Injection Attempt(30514),any,high,client-to-server,7334683348721844974,0x0,Germany,10.0.0.0-10.255.255.255,0,,0,,,0,,,,,,,,0,12,0,0,0,,PA-VM,,,,get,0,,0,,N/A,sql-injection,AppThreat-8932-9061,0x0,0,4294967295,,,2c146dd4-d96a-455f-96fc-7f3e2c37c70d,0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,0,2026-01-12T11:21:15.190+01:00,,,,internet-utility,general-internet,browser-based,4,\"used-by-malware,able-to-transfer-file\",,web-browsing,no,no,,extra-future-column",
                Some("threat_vulnerability"),
                &[("misc", Value::from("login.php")), ("threatid", Value::from("HTTP SQL Injection Attempt(30514)")), ("severity", Value::from("high"))],
            ),
            (
                "system authentication failure with a quoted description",
                "<14>Feb 21 08:25:51 FW01 1,2026/02/21 08:25:50,001801000000,SYSTEM,auth,2561,2026/02/21 08:25:51,,auth-fail,Admin-Auth,0,0,general,medium,\"failed authentication for user 'ops.admin'. Reason: Invalid username/password. auth profile 'Admin-Auth', vsys 'shared', server profile 'RADIUS', server address '10.20.0.5', auth protocol 'PAP', From: 10.20.4.7.\",7473081312213343374,0x0,0,0,0,0,,FW01,0,0,2026-02-21T08:25:51.399+01:00",
                Some("system"),
                &[("eventid", Value::from("auth-fail")), ("severity", Value::from("medium"))],
            ),
            (
                "globalprotect connect with a quoted OS version",
                "1,2026/06/28 14:40:42,015451000032715,GLOBALPROTECT,0,2562,2026/06/28 14:40:42,vsys1,gateway-connected,connected,SAML,IPSec,corp\\jdoe,FR,LT-0412,198.51.100.24,::,10.250.1.20,::,8f0fd1d3-5d3b-49c3-9bee-247ff89a52f3,DFN3535D,6.2.4,Microsoft Windows,\"Microsoft Windows 11 Enterprise , 64-bit\",1,,,\"\",success,,0,user-logon,0,GP-Portal,5555555555555555555,0x0,2026-06-28T14:40:43.134+02:00,,,,,,12,0,0,0,,VPN-GW-01,1",
                Some("globalprotect_connect"),
                &[("public_ip", Value::from("198.51.100.24")), ("client_os_ver", Value::from("Microsoft Windows 11 Enterprise , 64-bit"))],
            ),
            (
                "config commit from the web interface",
                "1,2026/01/05 09:00:00,016201004321,CONFIG,0,2562,2026/01/05 09:00:00,10.20.1.5,,commit,admin,Web,Submitted,,,,7300000000000000001,0x0,12,0,0,0,,PA-3220-HQ,,,0,2026-01-05T09:00:00.000+00:00",
                Some("config"),
                &[("cmd", Value::from("commit")), ("result", Value::from("Submitted"))],
            ),
            (
                "Strata Logging Service CEF traffic",
                "CEF:0|Palo Alto Networks|LF|2.0|TRAFFIC|end|3|dtz=UTC rt=Jul 31 2025 12:46:24 deviceExternalId=007951000123456 start=Jul 31 2025 12:46:07 src=10.20.1.8 dst=198.51.100.20 cs1=Allow-Web cs1Label=Rule app=ssl cs4=trust cs4Label=FromZone cs5=untrust cs5Label=ToZone cn1=595456 cn1Label=SessionID spt=52066 dpt=443 proto=tcp act=allow PanOSBytes=12503 out=5651 in=6852",
                Some("traffic_end"),
                &[("rule", Value::from("Allow-Web")), ("sessionid", Value::from(595_456)), ("bytes", Value::from(12_503))],
            ),
        ];
        for (intent, line, variant, expected) in cases {
            let parsed = parse(line);
            assert_eq!(parsed.variant, *variant, "{intent}");
            for (name, value) in *expected {
                assert_eq!(
                    parsed.fields.get(name),
                    Some(value),
                    "{intent}: field {name} of {:#?}",
                    parsed.fields
                );
            }
            let problems = testing::ocsf_problems(&record(line));
            assert!(problems.is_empty(), "{intent}: {problems:?}");
        }
    }

    #[test]
    fn serial_alone_names_the_device() {
        let line = "CEF:0|Palo Alto Networks|LF|2.0|TRAFFIC|end|3|rt=1775376000000 deviceExternalId=007951000123456 src=10.20.1.8 dst=198.51.100.20 spt=52066 dpt=443 proto=tcp act=allow";
        let record = record(line);
        assert_eq!(record["device"]["uid"], "007951000123456");
        assert_eq!(record["device"]["type_id"], 9);
        assert!(record["device"].get("hostname").is_none(), "{record:?}");
    }

    #[test]
    fn cef_times_in_every_form() {
        let cef = "CEF:0|Palo Alto Networks|LF|2.0|TRAFFIC|end|3|deviceExternalId=007951000123456 src=10.20.1.8 dst=198.51.100.20 spt=52066 dpt=443 proto=tcp act=allow";
        let eight = Timestamp::from_civil(2026, 4, 5, 8, 0, 0, 0).millis();
        for rt in ["1775376000000", "Apr 05 2026 08:00:00 UTC", "Apr 5 2026 10:00:00 +02:00"] {
            let line = format!("{cef} rt={rt}");
            assert_eq!(testing::time_at_offset(META.id, &line, 0), eight, "{line}");
        }
        // A time that cannot be read fails the record instead of taking the time of reading.
        let bad = format!("{cef} rt=last tuesday");
        let parsed = parse(&bad);
        assert!(PaloAltoFirewall.to_ocsf(&parsed, &ParseOptions::default()).is_err());
    }

    #[test]
    fn json_records_map_onto_csv_names() {
        let value = serde_json::json!({
            "LogType": "THREAT", "Subtype": "url", "TimeGenerated": "2026-06-25T21:30:00.000000Z",
            "SourceAddress": "10.20.1.4", "DestinationAddress": "198.51.100.8", "SourcePort": 51501,
            "DestinationPort": 443, "Action": "alert", "URL": "portal.example.com/home", "URLCategory": "business-and-economy"
        });
        let mut state = ParseState::default();
        let parsed = PaloAltoFirewall.parse_json(&value, &mut state).unwrap().unwrap();
        assert_eq!(parsed.variant, Some("threat_url"));
        assert_eq!(parsed.fields["dport"], 443);
        let record = PaloAltoFirewall.to_ocsf(&parsed, &state.options).unwrap();
        assert_eq!(record["class_uid"], 4002);
        assert_eq!(record["http_request"]["url"]["hostname"], "portal.example.com");
        assert!(
            testing::ocsf_problems(&record).is_empty(),
            "{:?}",
            testing::ocsf_problems(&record)
        );
    }

    fn json_record(value: &Value) -> Map<String, Value> {
        let mut state = ParseState::default();
        let parsed = PaloAltoFirewall.parse_json(value, &mut state).unwrap().unwrap();
        let record = PaloAltoFirewall.to_ocsf(&parsed, &state.options).unwrap();
        let problems = testing::ocsf_problems(&record);
        assert!(problems.is_empty(), "{problems:?}");
        record.into_map()
    }

    #[test]
    fn system_connection_events_keep_endpoints() {
        let ldap = record(
            "1,2026/01/05 09:00:00,016201004321,SYSTEM,userid,2562,2026/01/05 09:00:00,,connect-ldap-server,ldap-corp,0,0,general,informational,\"ldap cfg ldap-corp connected to server 192.0.2.10:636, initiated by: 10.20.0.1\",7300000000000000001,0x0,0,0,0,0,,PA-3220-HQ,0,0,2026-01-05T09:00:00.250+01:00",
        );
        assert_eq!(ldap["class_uid"], 4001);
        assert_eq!(ldap["activity_id"], 1);
        assert_eq!(ldap["src_endpoint"]["ip"], "10.20.0.1");
        assert_eq!(ldap["dst_endpoint"]["ip"], "192.0.2.10");
        assert_eq!(ldap["dst_endpoint"]["port"], 636);
        assert!(testing::ocsf_problems(&ldap).is_empty(), "{:?}", testing::ocsf_problems(&ldap));

        let failed = json_record(&serde_json::json!({
            "LogType": "SYSTEM", "Subtype": "general", "EventName": "general", "EventTime": "2026-01-05T09:00:00.000000Z",
            "EventDescription": "Failed to connect to address: 192.0.2.44 port: 3978, conn id: triallr-192.0.2.44-1-def",
            "LogSourceName": "PA-VM", "VendorSeverity": "High"
        }));
        assert_eq!(failed["class_uid"], 4001);
        assert_eq!(failed["activity_id"], 4);
        assert_eq!(failed["dst_endpoint"]["ip"], "192.0.2.44");
        assert_eq!(failed["dst_endpoint"]["port"], 3978);

        let update = json_record(&serde_json::json!({
            "LogType": "SYSTEM", "Subtype": "general", "EventName": "general", "EventTime": "2026-01-05T09:00:00.000000Z",
            "EventDescription": "Connection to Update server: updates.example.com completed successfully, initiated by 10.20.0.1"
        }));
        assert_eq!(update["src_endpoint"]["ip"], "10.20.0.1");
        assert_eq!(update["dst_endpoint"]["hostname"], "updates.example.com");

        let plain = json_record(&serde_json::json!({
            "LogType": "SYSTEM", "Subtype": "general", "EventName": "general", "EventTime": "2026-01-05T09:00:00.000000Z",
            "EventDescription": "Installed content package: panupv2-all-contents-8800-1234"
        }));
        assert_eq!(plain["class_uid"], 0, "a description without a peer stays a base event");
    }

    #[test]
    fn dns_security_record_maps_to_dns_activity() {
        let record = json_record(&serde_json::json!({
            "LogType": "DNS", "Subtype": "realtime_dns_telemetry_response", "TimeGenerated": "2026-01-05T09:00:00.000000Z",
            "SourceAddress": "10.20.1.15", "DNSResolverIP": "192.0.2.53", "FQDN": "portal.example.com.",
            "RecordType": "cname,a", "DNSResponse": ["edge.example.net.", "198.51.100.7"], "Action": "Allow", "DNSCategory": "benign"
        }));
        assert_eq!(record["class_uid"], 4003);
        assert_eq!(record["activity_id"], 2);
        assert_eq!(record["src_endpoint"]["ip"], "10.20.1.15");
        assert_eq!(record["dst_endpoint"]["ip"], "192.0.2.53");
        assert_eq!(record["query"]["hostname"], "portal.example.com.");
        assert_eq!(record["answers"][1]["rdata"], "198.51.100.7");
        assert_eq!(record["answers"][1]["type"], "A");
        assert_eq!(record["disposition_id"], 1);
    }

    #[test]
    fn cut_offset_of_high_resolution_time_is_read() {
        let line = "1,2026/01/05 09:00:00,016201004321,SYSTEM,auth,2562,2026/01/05 09:00:00,,auth-success,corp,0,0,general,informational,\"authenticated for user jdoe. From: 10.20.1.5.\",7300000000000000002,0x0,0,0,0,0,,PA-3220-HQ,0,0,2026-01-05T09:00:00.125+01:0";
        let record = record(line);
        assert_eq!(record["time"], Timestamp::from_civil(2026, 1, 5, 8, 0, 0, 125_000_000).millis());
    }

    #[test]
    fn firewall_cef_format_is_read() {
        // The CEF layout of the PAN-OS CEF configuration guide: the subtype is the event class
        // id and the log type the name, times are in GMT, and `in` counts the bytes the client sent.
        let line = "<14>1 2026-01-05T01:00:05-08:00 PA-3220-HQ - - - - CEF:0|Palo Alto Networks|PAN-OS|10.2.4|end|TRAFFIC|1|rt=Jan 05 2026 09:00:05 GMT deviceExternalId=016201004321 src=10.20.1.15 dst=198.51.100.20 sourceTranslatedAddress=203.0.113.4 destinationTranslatedAddress=198.51.100.20 cs1Label=Rule cs1=allow-web suser=jdoe duser= app=ssl cs3Label=Virtual System cs3=vsys1 cs4Label=Source Zone cs4=trust cs5Label=Destination Zone cs5=untrust deviceInboundInterface=ethernet1/2 deviceOutboundInterface=ethernet1/1 cs6Label=LogProfile cs6=default cn1Label=SessionID cn1=88112 cnt=1 spt=52144 dpt=443 sourceTranslatedPort=40211 destinationTranslatedPort=443 flexString1Label=Flags flexString1=0x400053 proto=tcp act=allow flexNumber1Label=Total bytes flexNumber1=9120 in=1024 out=8096 cn2Label=Packets cn2=21 PanOSPacketsReceived=12 PanOSPacketsSent=9 start=Jan 05 2026 08:59:52 GMT cn3Label=Elapsed time in seconds cn3=13 cs2Label=URL Category cs2=business-and-economy externalId=7300000000000000101 reason=tcp-fin dvchost=PA-3220-HQ cat=from-policy";
        let parsed = parse(line);
        assert_eq!(parsed.variant, Some("traffic_end"));
        let record = record(line);
        assert_eq!(record["class_uid"], 4001);
        assert_eq!(record["activity_id"], 2);
        assert_eq!(record["time"], Timestamp::from_civil(2026, 1, 5, 8, 59, 52, 0).millis());
        assert_eq!(record["src_endpoint"]["ip"], "10.20.1.15");
        assert_eq!(record["src_endpoint"]["zone"], "trust");
        assert_eq!(record["dst_endpoint"]["zone"], "untrust");
        assert_eq!(record["traffic"]["bytes_out"], 1024);
        assert_eq!(record["traffic"]["bytes_in"], 8096);
        assert_eq!(record["traffic"]["bytes"], 9120);
        assert_eq!(record["traffic"]["packets"], 21);
        assert_eq!(record["duration"], 13_000);
        assert_eq!(record["firewall_rule"]["name"], "allow-web");
        assert_eq!(parsed.fields["vsys"], "vsys1");
        assert_eq!(parsed.fields["flags"], "0x400053");
    }

    #[test]
    fn record_start_ignores_later_log_types() {
        let cases: &[(&str, &str, Option<usize>)] = &[
            ("bare record", "1,2026/01/05 09:00:00,0162,THREAT,url,x,CONFIG,y", Some(0)),
            ("after syslog header", "<14>Jan  5 09:00:00 fw 1,2026/01/05 09:00:00,0162,TRAFFIC,end", Some(23)),
            ("receive time without separator", "x 1,20260105,0162,GTP,a,b,c,SYSTEM,z", Some(2)),
            ("no log type", "1,2026/01/05 09:00:00,0162,traffic,end", None),
            ("log type in the last cell", "1,2026/01/05 09:00:00,0162,TRAFFIC", None),
        ];
        for (name, line, expected) in cases {
            assert_eq!(find_record_start(line), *expected, "case: {name}");
        }
    }

    #[test]
    fn malformed_lines_are_rejected() {
        let cases = [
            ("empty line", ""),
            ("plain text", "the quick brown fox"),
            ("csv without a log type", "1,2026/01/05 09:00:00,0123,NOTATYPE,end"),
            (
                "unclosed quote",
                "1,2026/01/05 09:00:00,0123,SYSTEM,auth,2562,2026/01/05 09:00:00,,auth-fail,x,0,0,general,medium,\"never closed",
            ),
            (
                "CEF from another vendor",
                "CEF:0|Fortinet|Fortigate|7.2|0000000013|forward traffic|3|src=10.0.0.1",
            ),
            (
                "bad PRI before the record",
                "<999>Jan  5 09:00:00 fw 1,2026/01/05 09:00:00,0123,TRAFFIC,end",
            ),
        ];
        for (intent, line) in cases {
            let result = PaloAltoFirewall.parse_line(line, &mut ParseState::default());
            assert!(result.is_err(), "{intent}: {result:?}");
        }
    }

    #[test]
    fn traffic_and_threat_map_to_their_classes() {
        let traffic = record("1,2026/01/05 09:00:00,016201004321,TRAFFIC,drop,2562,2026/01/05 09:00:00,198.51.100.3,203.0.113.4,0.0.0.0,0.0.0.0,interzone-default,,,not-applicable,vsys1,untrust,untrust,ethernet1/1,,Forward,2026/01/05 09:00:00,4242,1,50000,23,0,0,0x0,tcp,drop,60,60,0,1,2026/01/05 09:00:00,0,any,,7300000000000000002,0x0,Germany,United States,,1,0,policy-deny");
        assert_eq!(traffic["class_uid"], 4001);
        assert_eq!(traffic["activity_id"], 5);
        assert_eq!(traffic["disposition_id"], 6);
        assert_eq!(traffic["dst_endpoint"]["port"], 23);
        let threat = record("1,2026/01/05 09:00:00,016201004321,THREAT,spyware,2562,2026/01/05 09:00:00,10.20.1.9,198.51.100.66,203.0.113.4,0.0.0.0,Allow-Web,,,ssl,vsys1,trust,untrust,ethernet1/2,ethernet1/1,Forward,2026/01/05 09:00:00,4243,1,50001,443,40000,0,0x400000,tcp,reset-both,\"\",Cobalt Strike Beacon Command and Control Traffic Detection(86446),any,critical,client-to-server,7300000000000000003");
        assert_eq!(threat["class_uid"], 2004);
        assert_eq!(threat["severity_id"], 5);
        assert_eq!(threat["finding_info"]["analytic"]["uid"], "86446");
        assert_eq!(threat["evidences"][0]["src_endpoint"]["ip"], "10.20.1.9");
    }

    #[test]
    fn authentication_log_maps_outcome_and_user() {
        let line = "<14>Mar 12 08:15:02 PA-850-DC 1,2025/03/12 08:15:02,012801005511,AUTHENTICATION,0,2561,2025/03/12 08:15:01,vsys1,\
                    10.60.4.21,corp\\lchen,corp\\lchen,cp-web-auth,mfa-for-admin-apps,1,7204158892311,Okta,auth-fwd,okta-radius,\
                    invalid one-time code,web-browser,auth-fail,2,440912,0x0,0,0,0,0,,PA-850-DC,1,radius,\
                    8f1c2a77-0b4e-4d61-9a3e-5c7d9e2b1f40,2025-03-12T08:15:01.512+00:00";
        let record = record(line);
        assert_eq!(record["class_uid"], 3002);
        assert_eq!(record["activity_id"], 1);
        assert_eq!(record["status_id"], 2);
        assert_eq!(record["user"]["name"], "lchen");
        assert_eq!(record["user"]["domain"], "corp");
        assert_eq!(record["src_endpoint"]["ip"], "10.60.4.21");
        assert_eq!(record["policy"]["name"], "mfa-for-admin-apps");
        assert_eq!(record["auth_protocol_id"], 10);
        assert_eq!(record["is_mfa"], true);
        assert_eq!(record["status_detail"], "invalid one-time code");
        assert_eq!(record["device"]["hostname"], "PA-850-DC");
        let problems = testing::ocsf_problems(&record);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn hip_match_keeps_user_and_host() {
        let line = "1,2025/03/12 09:02:44,012801005511,HIPMATCH,0,2561,2025/03/12 09:02:40,corp\\rpatel,vsys1,LT-RPATEL-07,\
                    Windows,10.61.8.33,disk-encryption-on,1,profile,0,0,551200,0x0,0,0,0,0,,PA-850-DC,1,,\
                    4f9d1c3e-7a21-4b8e-9f60-2d5e8c1a7b90,PF3KX21,,2025-03-12T09:02:40.118+00:00";
        let record = record(line);
        assert_eq!(record["class_uid"], 0);
        assert_eq!(record["actor"]["user"]["name"], "rpatel");
        assert_eq!(record["message"], "HIP profile disk-encryption-on matched on LT-RPATEL-07");
        assert_eq!(record["unmapped"]["src"], "10.61.8.33");
        assert_eq!(record["device"]["hostname"], "PA-850-DC");
    }

    #[test]
    fn ip_tag_names_tag_and_address() {
        let line = "1,2025/03/12 11:40:05,012801005511,IPTAG,register,2561,2025/03/12 11:40:05,vsys1,10.61.9.50,quarantine,0,1,3600,\
                    xdr-connector,xml-api,,551901,0x0,0,0,0,0,,PA-850-DC,1,2025-03-12T11:40:05.207+00:00";
        let record = record(line);
        assert_eq!(record["class_uid"], 0);
        assert_eq!(record["message"], "IP tag quarantine register for 10.61.9.50");
        assert_eq!(record["unmapped"]["datasourcename"], "xdr-connector");
        assert_eq!(record["device"]["hostname"], "PA-850-DC");
        assert_eq!(record["time"], 1_741_779_605_207_i64);
    }

    #[test]
    fn globalprotect_system_events_name_user_and_client() {
        let line = "1,2025/03/12 09:00:05,012801005511,SYSTEM,globalprotect,0,2025/03/12 09:00:05,,globalprotectgateway-auth-fail,GP-External,\
                    0,0,general,informational,\"GlobalProtect gateway user authentication failed. Login from: 203.0.113.91, Source region: PT, \
                    User name: corp\\jdoe, Client OS version: Microsoft Windows 10 Pro , 64-bit, Reason: Authentication failed: Invalid username \
                    or password, Auth type: profile.\",551101,0x0,0,0,0,0,,PA-850-DC,0,0,2025-03-12T09:00:05.120+00:00";
        let record = record(line);
        assert_eq!(record["class_uid"], 3002);
        assert_eq!(record["status_id"], 2);
        assert_eq!(record["user"]["name"], "jdoe");
        assert_eq!(record["user"]["domain"], "corp");
        assert_eq!(record["src_endpoint"]["ip"], "203.0.113.91");
        assert_eq!(record["service"]["name"], "GlobalProtect");
        assert_eq!(record["dst_endpoint"]["name"], "GP-External");
    }

    #[test]
    fn ike_system_event_maps_to_tunnel_activity() {
        let line = "1,2025/03/12 09:03:00,012801005511,SYSTEM,vpn,0,2025/03/12 09:03:00,,ike-nego-p1-fail-psk,Branch-Tunnel,0,0,general,medium,\
                    \"IKE phase-1 negotiation is failed. When IKE version is IKEv2, Authentication failed due to psk. local ip:192.0.2.1, \
                    peer ip:198.51.100.201.\",551104,0x0,0,0,0,0,,PA-850-DC,0,0,2025-03-12T09:03:00.120+00:00";
        let record = record(line);
        assert_eq!(record["class_uid"], 4014);
        assert_eq!(record["status_id"], 2);
        assert_eq!(record["src_endpoint"]["ip"], "198.51.100.201");
        assert_eq!(record["dst_endpoint"]["ip"], "192.0.2.1");
        assert_eq!(record["unmapped"]["tunnel"], "Branch-Tunnel");
        let problems = testing::ocsf_problems(&record);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn epoch_placeholder_time_falls_back() {
        // GlobalProtect records of some releases carry `1970-01-01T01:00:00.000+01:00` as the
        // high resolution timestamp.
        let line = "1,2025/03/12 10:20:31,012801005511,GLOBALPROTECT,0,2561,2025/03/12 10:20:30,vsys1,gateway-auth,login,,,\
                    jsantos,PT,LT-JSANTOS,203.0.113.77,0.0.0.0,0.0.0.0,0.0.0.0,7b1e6a02-55c3-4f0e-8d2b-0e4c9b7a6f13,\
                    C02ZX4,6.1.3,Windows,\"Windows 11 Pro, 64-bit\",1,,,,success,,0,,0,GP-External,990112,0x0,\
                    1970-01-01T01:00:00.000+01:00";
        let record = record(line);
        assert_eq!(record["time"], 1_741_774_830_000_i64);
    }

    #[test]
    fn globalprotect_source_falls_back_to_ipv6() {
        let line = "1,2025/03/12 10:25:09,012801005511,GLOBALPROTECT,0,2561,2025/03/12 10:25:08,vsys1,gateway-connected,connected,,,\
                    mnovak,CZ,LT-MNOVAK,0.0.0.0,2001:db8:40::17,0.0.0.0,fd00:10::22,0c3d7e19-2b44-4a8f-b6c1-8e2f9d0a7c55,\
                    C02ZX9,6.1.3,Windows,\"Windows 11 Pro, 64-bit\",1,,,,success,,0,,0,GP-External,990113,0x0";
        let record = record(line);
        assert_eq!(record["src_endpoint"]["ip"], "2001:db8:40::17");
        assert_eq!(record["unmapped"]["private_ipv6"], "fd00:10::22");
        assert!(record["unmapped"].get("private_ip").is_none(), "0.0.0.0 is not an address");
    }

    #[test]
    fn globalprotect_logout_shares_user_with_a_connect() {
        use crate::generate::{GenerateRequest, Generator};
        let request = GenerateRequest {
            source: META.id.into(),
            count: Some(2000),
            seed: 5,
            ..GenerateRequest::default()
        };
        let mut connects = std::collections::BTreeMap::new();
        // Host id -> user of every connect seen so far.
        let mut generator = Generator::new(&request).unwrap();
        let mut raw = String::new();
        let mut matched = 0;
        while let Some((_, variant)) = generator.next_raw(&mut raw) {
            let fields = generator.fields();
            let key = (fields.get("hostid").map(str::to_string), fields.get("srcuser").map(str::to_string));
            match variant {
                GP_CONNECT => {
                    connects.insert(key.0.clone(), key.1.clone());
                }
                GP_DISCONNECT => {
                    if let Some(user) = connects.get(&key.0) {
                        assert_eq!(user, &key.1, "a logout names another user than the connect of its host id");
                        matched += 1;
                    }
                }
                _ => {}
            }
        }
        assert!(matched > 0, "no logout closed a connect of the stream");
    }

    #[test]
    fn corpus_samples_parse() {
        let mut rate = testing::PassRate::default();
        for folder in ["sekoia/Palo Alto Networks/paloalto-ngfw"] {
            let Some(dir) = testing::corpus_subdir(folder) else { continue };
            for file in testing::files_under(&dir, ".json") {
                let Some((message, expected)) = testing::sekoia_message(&file) else {
                    continue;
                };
                let mut state = ParseState::default();
                let parsed = if message.trim_start().starts_with('{') {
                    serde_json::from_str::<Value>(&message)
                        .map_err(|err| err.to_string())
                        .and_then(|value| PaloAltoFirewall.parse_json(&value, &mut state).map_err(|err| err.to_string()))
                } else {
                    PaloAltoFirewall.parse_line(&message, &mut state).map_err(|err| err.to_string())
                };
                let outcome = parsed.and_then(|parsed| {
                    let parsed = parsed.ok_or("no event")?;
                    let record = PaloAltoFirewall.to_ocsf(&parsed, &state.options).map_err(|err| err.to_string())?;
                    let problems = testing::ocsf_problems(&record);
                    if !problems.is_empty() {
                        return Err(format!("schema: {problems:?}"));
                    }
                    testing::check_expected_endpoints(&record.into_map(), &expected)
                });
                rate.record(&file, outcome);
            }
        }
        if rate.total == 0 {
            println!("paloalto_firewall: corpus folder absent, skipped");
            return;
        }
        let percent = rate.report("paloalto_firewall");
        assert!(percent >= 85.0, "corpus pass rate fell to {percent:.1}%");
    }

    #[test]
    fn utc_offset_shifts_zoneless_times_only() {
        let id = META.id;
        let wall_clock = Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0).millis();
        let two_hours = 2 * 3600 * 1000;

        let csv = "1,2026/01/05 09:00:00,016201004321,CONFIG,0,2562,2026/01/05 09:00:00,10.20.1.5,,commit,admin,Web,Submitted,,,,7300000000000000001,0x0,12,0,0,0,,PA-3220-HQ";
        assert_eq!(testing::time_at_offset(id, csv, 0), wall_clock);
        assert_eq!(testing::time_at_offset(id, csv, 120), wall_clock - two_hours);

        let old_layout = "1,1/5/26 09:00,016201004321,CONFIG,0,2562,1/5/26 09:00,10.20.1.5,,commit,admin,Web,Submitted,,,,7300000000000000001,0x0,12,0,0,0,,PA-3220-HQ";
        assert_eq!(testing::time_at_offset(id, old_layout, 120), wall_clock - two_hours);

        let high_resolution = format!("{csv},,,0,2026-01-05T09:00:00.000+00:00");
        assert_eq!(testing::time_at_offset(id, &high_resolution, 120), wall_clock);

        let gmt = "CEF:0|Palo Alto Networks|PAN-OS|10.2.4|end|TRAFFIC|1|rt=Jan 05 2026 09:00:00 GMT src=10.20.1.15 dst=198.51.100.20 spt=52144 dpt=443 proto=tcp act=allow";
        assert_eq!(testing::time_at_offset(id, gmt, 120), wall_clock);
        let zoneless_cef = gmt.replace(" GMT", "");
        assert_eq!(testing::time_at_offset(id, &zoneless_cef, 120), wall_clock - two_hours);

        // The session start column (`2026/01/05 08:59:52`) is local time like the others.
        let traffic = "1,2026/01/05 09:00:00,016201004321,TRAFFIC,drop,2562,2026/01/05 09:00:00,198.51.100.3,203.0.113.4,0.0.0.0,0.0.0.0,interzone-default,,,not-applicable,vsys1,untrust,untrust,ethernet1/1,,Forward,2026/01/05 09:00:00,4242,1,50000,23,0,0,0x0,tcp,drop,60,60,0,1,2026/01/05 08:59:52,0,any,,7300000000000000002,0x0,Germany,United States,,1,0,policy-deny";
        let record = record_with_offset(traffic, 120);
        assert_eq!(record["time"], wall_clock - two_hours);
        assert_eq!(record["start_time"], wall_clock - two_hours - 8_000);

        let strata = "CEF:0|Palo Alto Networks|LF|2.0|TRAFFIC|end|3|dtz=UTC rt=Jan 05 2026 09:00:00 deviceExternalId=007951000123456 src=10.20.1.8 dst=198.51.100.20 spt=52066 dpt=443 proto=tcp act=allow";
        assert_eq!(testing::time_at_offset(id, strata, 120), wall_clock);
        let numeric_dtz = strata.replace("dtz=UTC", "dtz=+01:00");
        assert_eq!(testing::time_at_offset(id, &numeric_dtz, 120), wall_clock - 3600 * 1000);
    }

    fn record_with_offset(line: &str, utc_offset: i32) -> Map<String, Value> {
        let options = ParseOptions {
            utc_offset,
            ..ParseOptions::default()
        };
        testing::assert_parses_with(META.id, line, options).remove(0).ocsf.into_map()
    }

    /// Returns the zone and interface that a session end at `address` must have.
    fn expected_zone(world: &World, address: &str) -> (&'static str, &'static str) {
        let address: Ipv4Addr = address.parse().unwrap_or_else(|_| panic!("{address} is no IPv4 address"));
        zone_and_interface(world.zone_of(address))
    }

    #[test]
    fn zones_follow_addresses() {
        use crate::generate::{GenerateRequest, Generator};
        use crate::world::WorldConfig;

        let world = World::new(0, &WorldConfig::default()).unwrap();
        let workstation = world.workstation_of(3).ip.to_string();
        let other_workstation = world.workstation_of(4).ip.to_string();
        let server = world.servers()[4].ip.to_string();
        let published = world.dmz_address(world.servers()[6].ip).to_string();
        let outside = world.external_addresses[0].to_string();
        let cases: [&[(&str, &str)]; 8] = [
            &[],
            &[("dst", &workstation)],
            &[("src", &outside), ("dst", &workstation)],
            &[("src", &workstation), ("dst", &other_workstation)],
            &[("src", &workstation), ("dst", &server)],
            &[("dst", &published)],
            &[("src", &published)],
            &[("src", &outside), ("dst", &world.nat_addresses[1].to_string())],
        ];
        for overrides in cases {
            let request = GenerateRequest {
                overrides: overrides.iter().map(|(field, value)| (field.to_string(), value.to_string())).collect(),
                ..GenerateRequest::new(META.id, 4000)
            };
            let mut generator = Generator::new(&request).unwrap();
            let mut raw = String::new();
            let mut zones = std::collections::BTreeSet::new();
            while generator.next_raw(&mut raw).is_some() {
                let fields = generator.fields();
                let (Some(from), Some(to)) = (fields.get("from"), fields.get("to")) else {
                    continue;
                };
                let src = fields.get("src").unwrap_or_default();
                let natdst = fields.get("natdst").unwrap_or("0.0.0.0");
                // The destination zone is the one of the address after destination NAT.
                let reached = if natdst == "0.0.0.0" { fields.get("dst").unwrap_or_default() } else { natdst };
                let (from_zone, inbound_if) = expected_zone(&world, src);
                let (to_zone, outbound_if) = expected_zone(&world, reached);
                assert_eq!(from, from_zone, "{overrides:?}: source zone of {raw}");
                assert_eq!(fields.get("inbound_if"), Some(inbound_if), "{overrides:?}: inbound interface of {raw}");
                assert_eq!(to, to_zone, "{overrides:?}: destination zone of {raw}");
                assert_eq!(fields.get("outbound_if"), Some(outbound_if), "{overrides:?}: outbound interface of {raw}");
                zones.insert(from.to_string());
                zones.insert(to.to_string());
            }
            if overrides.is_empty() {
                // Sessions from the internet reach servers in the DMZ subnet.
                assert!(zones.iter().eq(["dmz", "trust", "untrust"]), "{zones:?}");
            }
        }
    }

    /// Returns the private range that PAN-OS writes as the location of `address`, or `None` for
    /// a public address, whose location is a country.
    fn private_range(address: &str) -> Option<&'static str> {
        let address: Ipv4Addr = address.parse().unwrap_or_else(|_| panic!("{address} is no IPv4 address"));
        match address.octets() {
            [10, ..] => Some("10.0.0.0-10.255.255.255"),
            [172, 16..=31, ..] => Some("172.16.0.0-172.31.255.255"),
            [192, 168, ..] => Some("192.168.0.0-192.168.255.255"),
            _ => None,
        }
    }

    #[test]
    fn locations_follow_address_overrides() {
        use crate::generate::{GenerateRequest, Generator};

        let cases: [&[(&str, &str)]; 7] = [
            &[],
            &[("src", "10.1.2.3")],
            &[("src", "172.20.4.5")],
            &[("src", "192.168.7.8")],
            &[("dst", "10.9.8.7")],
            &[("src", "203.0.113.77"), ("dst", "192.168.1.1")],
            &[("src", "198.51.100.5"), ("dst", "8.8.8.8")],
        ];
        for overrides in cases {
            let request = GenerateRequest {
                overrides: overrides.iter().map(|(field, value)| (field.to_string(), value.to_string())).collect(),
                ..GenerateRequest::new(META.id, 3000)
            };
            let mut generator = Generator::new(&request).unwrap();
            let mut raw = String::new();
            let mut located = 0;
            while generator.next_raw(&mut raw).is_some() {
                let fields = generator.fields();
                for (address_field, location_field) in [("src", "srcloc"), ("dst", "dstloc")] {
                    let Some(location) = fields.get(location_field) else {
                        continue;
                    };
                    let address = fields.get(address_field).unwrap_or_default();
                    match private_range(address) {
                        Some(range) => assert_eq!(location, range, "{overrides:?}: {location_field} of {raw}"),
                        None => assert!(COUNTRIES.contains(&location), "{overrides:?}: {location_field} of {raw}"),
                    }
                    located += 1;
                }
            }
            assert!(located > 1000, "{overrides:?}: only {located} locations");
        }
    }
}
