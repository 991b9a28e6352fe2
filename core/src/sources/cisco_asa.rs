//! Cisco Secure Firewall ASA syslog: connections, NAT, access lists, AAA, AnyConnect and
//! administration messages, also read from Firepower Threat Defense (`%FTD-`).
//!
//! Format: RFC 3164 lines as ASA software 9.x sends them with `logging timestamp` and
//! `logging device-id hostname` set, facility local4:
//! `<166>Jan 05 2026 09:00:00 asa-hq-01 : %ASA-6-302013: Built outbound TCP connection ...`.
//! Message texts follow the "Cisco Secure Firewall ASA Series Syslog Messages" guide for
//! ASA 9.x: <https://www.cisco.com/c/en/us/td/docs/security/asa/syslog/b_syslog.html>.
//!
//! The reader accepts what collectors deliver. That is the full line, a line without year,
//! hostname or PRI, the bare `%ASA-...` message, or a line with an RFC 3339 timestamp. It also
//! accepts a program tag before the message (`CiscoASA[999]: %ASA-...`), a message class
//! inside the tag (`%ASA-auth-6-113015`), the `%FTD-`, `%PIX-`, `%FWSM-` and `%NGIPS-`
//! prefixes, and AnyConnect session messages whose tag a collector removed
//! (`Group <g> User <u> IP <a> ...`). Message ids without a dedicated
//! reader become OCSF Base Events that keep the message text. A message of an id that the
//! generator writes is an error when its text ends before the parts that the id's pattern
//! requires, because a relay or collector cut it (see the `truncation` module).

use std::net::{IpAddr, Ipv4Addr};
use std::sync::LazyLock;

use serde_json::Value;

use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::{Column, FieldMap, FieldName, FieldValue, NameTable};
use crate::error::ParseError;
use crate::decimal::{push_padded, push_u64};
use crate::fields::{same_name, Fields};
use crate::format::{self, facility, find_marker, syslog3164, syslog5424};
use crate::ocsf::{self, class, Node, Object, RecordBuilder, Text};
use crate::seed::{fnv1a, EventRng, StreamKey};
use crate::world::{World, Zone};

mod truncation;

/// The `cisco_asa` source.
pub struct CiscoAsa;

const fn variant(name: &'static str, weight: u32, description: &'static str) -> Variant {
    Variant {
        name,
        weight,
        format: WireFormat::Syslog3164,
        description,
    }
}

const VARIANTS: &[Variant] = &[
    variant("302013", 300, "Built inbound or outbound TCP connection"),
    variant("302014", 290, "Teardown TCP connection, with duration, bytes and reason"),
    variant("302015", 150, "Built inbound or outbound UDP connection"),
    variant("302016", 145, "Teardown UDP connection, with duration and bytes"),
    variant("302020", 25, "Built inbound or outbound ICMP connection"),
    variant("302021", 25, "Teardown ICMP connection"),
    variant("305011", 60, "Built dynamic or static TCP, UDP or ICMP translation"),
    variant("305012", 58, "Teardown dynamic or static translation"),
    variant("106023", 80, "Deny by access-group: a packet denied by an interface access list"),
    variant("106100", 40, "access-list permitted or denied a flow (ACE with the log keyword)"),
    variant("106001", 10, "Inbound TCP connection denied"),
    variant("106006", 8, "Deny inbound UDP"),
    variant("106015", 25, "Deny TCP (no connection): a packet without a matching connection"),
    variant("710003", 5, "TCP or UDP access to a firewall service denied by ACL"),
    variant("419002", 3, "Duplicate TCP SYN with a different initial sequence number"),
    variant("733100", 1, "Threat detection: a drop rate exceeded its threshold"),
    variant("113004", 6, "AAA user authentication Successful"),
    variant("113005", 3, "AAA user authentication Rejected by a AAA server"),
    variant("113015", 2, "AAA user authentication Rejected by the local database"),
    variant("611101", 2, "User authentication succeeded for management access"),
    variant("111008", 2, "User executed a configuration command"),
    variant("111009", 3, "User executed a command (cmd, show, clear, no)"),
    variant("113039", 4, "AnyConnect parent session started"),
    variant("722022", 4, "AnyConnect SVC connection established"),
    variant("722023", 4, "AnyConnect SVC connection terminated"),
];

const TCP_BUILD: usize = 0;
const TCP_TEARDOWN: usize = 1;
const UDP_BUILD: usize = 2;
const UDP_TEARDOWN: usize = 3;
const ICMP_BUILD: usize = 4;
const ICMP_TEARDOWN: usize = 5;
const XLATE_BUILD: usize = 6;
const XLATE_TEARDOWN: usize = 7;
const ACL_DENY: usize = 8;
const ACL_LOG: usize = 9;
const TCP_DENIED: usize = 10;
const UDP_DENIED: usize = 11;
const NO_CONNECTION: usize = 12;
const SERVICE_DENIED: usize = 13;
const DUPLICATE_SYN: usize = 14;
const THREAT: usize = 15;
const AAA_SUCCESS: usize = 16;
const AAA_REJECTED: usize = 17;
const LOCAL_REJECTED: usize = 18;
const ADMIN_LOGIN: usize = 19;
const CONFIG_COMMAND: usize = 20;
const COMMAND: usize = 21;
const ANYCONNECT_START: usize = 22;
const SVC_ESTABLISHED: usize = 23;
const SVC_TERMINATED: usize = 24;

static META: SourceMeta = SourceMeta {
    id: "cisco_asa",
    aliases: &[],
    vendor: "Cisco",
    product: "ASA",
    category: "network",
    formats: &[WireFormat::Syslog3164],
    sourcetype: "cisco:asa",
    ocsf_classes: &[
        class::NETWORK_ACTIVITY,
        class::AUTHENTICATION,
        class::TUNNEL_ACTIVITY,
        class::API_ACTIVITY,
        class::DETECTION_FINDING,
        class::BASE_EVENT,
    ],
    doc_url: "https://www.cisco.com/c/en/us/td/docs/security/asa/syslog/b_syslog.html",
    versions: "ASA 9.x (9.12 to 9.22); FTD 6.x/7.x lines with the %FTD- prefix are read",
    known_gaps: &[
        "Identity firewall users and security group tags inside socket fields are read but not generated",
        "IPv6 sockets are read but not generated",
        "Build messages put the initiator in src_endpoint (the local side of an outbound connection), where some other mappers always put the first socket",
        "Teardown messages carry no direction; the OCSF record guesses the initiator from the ports and sets is_src_dst_assignment_known to false",
        "Without a syslog header a line has no time; its OCSF record carries time 0",
        "A teardown's duration and byte count are drawn on their own, not from the time since its build",
        "Message ids without a dedicated reader become OCSF Base Events (class 0) with the text in message",
        "Firepower connection and file events (430002, 430003, 430005) are read from their key: value text; intrusion events (430001) become Base Events",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &["hostname"],
};

/// Default message severity of each variant, from the syslog guide.
const SEVERITIES: [i64; 25] = [6, 6, 6, 6, 6, 6, 6, 6, 4, 6, 2, 2, 6, 3, 4, 4, 6, 6, 6, 6, 5, 7, 6, 6, 6];

/// Tag prefixes the reader accepts: ASA, Firepower Threat Defense, Firepower NGIPS, and the
/// PIX and FWSM predecessors that share the message catalog.
const PREFIXES: &[&str] = &["ASA", "FTD", "NGIPS", "PIX", "FWSM"];

const FIREWALLS: &[(&str, u32)] = &[("asa-hq-01", 85), ("asa-branch-01", 15)];

/// Every field name that the message readers write, except the keys of Firepower events,
/// which come from the input. No name is given twice, so each name's position here is its
/// slot in [`FIELD_TABLE`].
const FIELD_NAMES: [&str; 101] = [
    // Syslog header and message tag.
    "timestamp",
    "hostname",
    "time_zone",
    "prefix",
    "severity",
    "message_id",
    "message",
    // Connections, translations and access lists.
    "direction",
    "protocol",
    "connection_id",
    "duration",
    "bytes",
    "reason",
    "teardown_initiator",
    "user",
    "cluster_role",
    "xlate_type",
    "acl",
    "acl_action",
    "hash_codes",
    "hit_count",
    "hit_interval",
    "interface",
    "tcp_flags",
    "icmp_type",
    "icmp_code",
    // The sockets of the two sides of a message, see [`SocketFields`].
    "foreign_interface",
    "foreign_ip",
    "foreign_port",
    "foreign_mapped_ip",
    "foreign_mapped_port",
    "foreign_user",
    "local_interface",
    "local_ip",
    "local_port",
    "local_mapped_ip",
    "local_mapped_port",
    "local_user",
    "real_interface",
    "real_ip",
    "real_port",
    "real_mapped_ip",
    "real_mapped_port",
    "real_user",
    "mapped_interface",
    "mapped_ip",
    "mapped_port",
    "mapped_mapped_ip",
    "mapped_mapped_port",
    "mapped_user",
    "src_interface",
    "src_ip",
    "src_port",
    "src_mapped_ip",
    "src_mapped_port",
    "src_user",
    "dst_interface",
    "dst_ip",
    "dst_port",
    "dst_mapped_ip",
    "dst_mapped_port",
    "dst_user",
    // ICMP connections.
    "faddr",
    "gaddr",
    "laddr",
    "faddr_id",
    "gaddr_id",
    "laddr_id",
    "faddr_user",
    "gaddr_user",
    "laddr_user",
    // Threat detection.
    "object",
    "object_kind",
    "threat_role",
    "rate_id",
    "total_count",
    "burst_rate",
    "burst_rate_max",
    "average_rate",
    "average_rate_max",
    // Authentication, commands and VPN sessions.
    "aaa_type",
    "aaa_status",
    "server",
    "outcome",
    "command",
    "application",
    "http_method",
    "tunnel_group",
    "group",
    "session_text",
    "session_type",
    "svc_protocol",
    "compression",
    "bytes_out",
    "bytes_in",
    "remote_ip",
    "remote_port",
    "tunnel_type",
    // IP audit signatures and URL logging.
    "signature_id",
    "signature_name",
    "url",
];

/// The table of [`FIELD_NAMES`], with which a map of a parsed line finds these fields by slot
/// without building a hash index of its names.
static FIELD_TABLE: LazyLock<NameTable> = LazyLock::new(|| NameTable::new(&[&FIELD_NAMES]));

/// The [`Column`] of a name of [`FIELD_NAMES`], evaluated at compile time.
macro_rules! field {
    ($name:expr) => {
        const { Column::of(&FIELD_NAMES, $name) }
    };
}

/// The fields of the socket of one side of a message: `<side>_interface`, `<side>_ip`,
/// `<side>_port` and so on.
struct SocketFields {
    interface: Column,
    ip: Column,
    port: Column,
    mapped_ip: Column,
    mapped_port: Column,
    user: Column,
}

/// Writes the [`SocketFields`] of a side at compile time.
macro_rules! socket_fields {
    ($side:literal) => {
        SocketFields {
            interface: field!(concat!($side, "_interface")),
            ip: field!(concat!($side, "_ip")),
            port: field!(concat!($side, "_port")),
            mapped_ip: field!(concat!($side, "_mapped_ip")),
            mapped_port: field!(concat!($side, "_mapped_port")),
            user: field!(concat!($side, "_user")),
        }
    };
}

/// The foreign (lower-security) side of a connection message.
const FOREIGN: SocketFields = socket_fields!("foreign");
/// The local (higher-security) side of a connection message.
const LOCAL: SocketFields = socket_fields!("local");
/// The real socket of a translation message.
const REAL: SocketFields = socket_fields!("real");
/// The translated socket of a translation message.
const MAPPED: SocketFields = socket_fields!("mapped");
/// The source of a message that names `src` and `dst`.
const SRC: SocketFields = socket_fields!("src");
/// The destination of a message that names `src` and `dst`.
const DST: SocketFields = socket_fields!("dst");

// ----------------------------------------------------------------------------------------------
// Generation
// ----------------------------------------------------------------------------------------------

impl Source for CiscoAsa {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let time = ctx.time;
        // The ASA `logging timestamp` layout, in UTC.
        fields.with("timestamp", |out| time.write_bsd_year(out, 0));
        // Paired messages (build and teardown, session start and end) belong to a table slot;
        // the slot also fixes the firewall, so both messages of a pair come from one device.
        let slot = match ctx.variant {
            TCP_BUILD | UDP_BUILD | ICMP_BUILD | XLATE_BUILD => Some(ctx.index as i64),
            TCP_TEARDOWN | UDP_TEARDOWN | ICMP_TEARDOWN | XLATE_TEARDOWN => Some(ctx.index as i64 - 1 - ctx.rng.below(64) as i64),
            _ => None,
        };
        let hostname = match slot {
            // AnyConnect sessions end on the headquarters firewall.
            None if matches!(ctx.variant, ANYCONNECT_START | SVC_ESTABLISHED | SVC_TERMINATED) => FIREWALLS[0].0,
            Some(slot) => *table_key(ctx.world, "cisco_asa/firewall")
                .event(slot as u64)
                .pick_weighted(FIREWALLS),
            None => *ctx.rng.pick_weighted(FIREWALLS),
        };
        fields.str("hostname", hostname);
        fields.int("severity", SEVERITIES.get(ctx.variant).copied().unwrap_or(6));
        let slot = slot.unwrap_or(ctx.index as i64);
        match ctx.variant {
            TCP_BUILD | UDP_BUILD => fill_connection_build(ctx, slot, fields),
            TCP_TEARDOWN | UDP_TEARDOWN => fill_connection_teardown(ctx, slot, fields),
            ICMP_BUILD | ICMP_TEARDOWN => fill_icmp(ctx, slot, fields),
            XLATE_BUILD | XLATE_TEARDOWN => fill_translation(ctx, slot, fields),
            ACL_DENY | ACL_LOG => fill_access_list(ctx, fields),
            TCP_DENIED | UDP_DENIED | NO_CONNECTION | SERVICE_DENIED | DUPLICATE_SYN => fill_packet_denied(ctx, fields),
            THREAT => fill_threat(ctx, fields),
            AAA_SUCCESS | AAA_REJECTED | LOCAL_REJECTED | ADMIN_LOGIN => fill_authentication(ctx, fields),
            CONFIG_COMMAND | COMMAND => fill_command(ctx, fields),
            _ => fill_anyconnect(ctx, fields),
        }
    }

    fn write(&self, variant: usize, fields: &Fields, out: &mut String) {
        let mut reader = FieldReader::new(fields);
        let timestamp = reader.text("timestamp");
        let hostname = reader.text("hostname");
        let severity_text = reader.text("severity");
        let severity: u8 = severity_text.parse().unwrap_or(6);
        syslog3164::write_priority(out, facility::LOCAL4, severity);
        out.push_str(timestamp);
        if hostname.is_empty() {
            out.push(':');
        } else {
            out.push(' ');
            out.push_str(hostname);
            out.push_str(" :");
        }
        let id = VARIANTS.get(variant).map_or("302013", |v| v.name);
        out.extend([" %ASA-", severity_text, "-", id, ": "]);
        syslog3164::write_escaped_with(out, |out| write_message(variant, &mut reader, out));
    }

    fn parse_line(&self, line: &str, _state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        if line.len() > syslog3164::MAX_LINE {
            return Err(ParseError::new(
                syslog3164::MAX_LINE,
                format!("line of {} bytes exceeds the {}-byte limit", line.len(), syslog3164::MAX_LINE),
            ));
        }
        let line = line.trim_end_matches(['\r', '\n']);
        // Room for the fields of a connection message. Values borrowed from the line stay
        // ranges of the map's copy of it.
        let mut fields = FieldMap::with_names(24, line, &FIELD_TABLE);
        let Some(tag) = find_tag(line) else {
            return parse_untagged(line, fields);
        };
        read_header(&line[..tag.start], &mut fields)?;
        // The header gives only the time, the host and the time zone, so the tag's fields are new.
        store_str(&mut fields, field!("prefix"), tag.prefix, true);
        store_int(&mut fields, field!("severity"), tag.severity, true);
        store_str(&mut fields, field!("message_id"), tag.message_id, true);
        let untrimmed = &line[tag.end..];
        let text = untrimmed.trim();
        if let Some(truncation) = truncation::find_truncation(tag.message_id, strip_suffixes(text, "#012").trim_end()) {
            let text_start = tag.end + (untrimmed.len() - untrimmed.trim_start().len());
            return Err(ParseError::new(
                text_start + truncation.offset,
                format!(
                    "truncated {} message: the text ends where {} is expected, as when a relay or collector cuts long lines (check its maximum message size)",
                    tag.message_id, truncation.expected
                ),
            ));
        }
        read_message(tag.message_id, text, &mut fields);
        // No reader writes `message`, but a Firepower event may have a key of any name, so the
        // field is appended without a lookup only when every name is from the table.
        let new = fields.has_only_table_names();
        store_str(&mut fields, field!("message"), text, new);
        let variant = VARIANTS
            .iter()
            .find(|v| v.name == tag.message_id && recognised(v.name, &fields))
            .map(|v| v.name);
        Ok(Some(Parsed { variant, fields }))
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        map_to_ocsf(parsed, options)
    }
}

/// Returns the key of a table of virtual connections (or translations, or VPN sessions) shared by the
/// build and teardown messages of one stream. It depends only on the world, so event N can
/// draw the connection that event N-k opened without generating event N-k. Slot N belongs to
/// event N; a closing message picks one of the 64 slots before its own, and slots below 0 are
/// connections opened before the stream began.
fn table_key(world: &World, table: &str) -> StreamKey {
    StreamKey::new(fnv1a(world.domain_sid.as_bytes()), table)
}

/// One side of a connection as the ASA logs it: interface, real socket and mapped socket.
struct Side {
    interface: &'static str,
    ip: Ipv4Addr,
    port: i64,
    mapped_ip: Ipv4Addr,
    mapped_port: i64,
}

/// A connection: the "for" side is the foreign (lower-security) host, the "to" side the local
/// one; `outbound` connections were initiated by the local host.
struct Connection {
    direction: &'static str,
    foreign: Side,
    local: Side,
}

const TCP_SERVICES: &[(i64, u32)] = &[
    (443, 60),
    (80, 16),
    (8443, 4),
    (993, 3),
    (22, 3),
    (25, 2),
    (5223, 3),
    (3389, 1),
    (21, 1),
];
const UDP_SERVICES: &[(i64, u32)] = &[(53, 55), (443, 20), (123, 14), (4500, 4), (500, 3), (3478, 4)];
const PUBLISHED_TCP: &[(i64, u32)] = &[(443, 60), (25, 25), (80, 15)];
const PUBLISHED_UDP: &[(i64, u32)] = &[(53, 50), (500, 25), (4500, 25)];
const INTERNAL_TCP: &[(i64, u32)] = &[(445, 30), (443, 20), (22, 15), (1433, 15), (3389, 10), (389, 5), (88, 5)];
const INTERNAL_UDP: &[(i64, u32)] = &[(53, 60), (123, 20), (161, 10), (514, 10)];

/// Returns the interface of the firewalls that faces the addresses of `zone`.
fn interface_of(zone: Zone) -> &'static str {
    match zone {
        Zone::Inside => "inside",
        Zone::Dmz => "dmz",
        Zone::Outside => "outside",
    }
}

/// Returns the interface that faces the address field `ip_field` ends with: the address that
/// the request's override sets, else `drawn`.
fn final_interface(ctx: &GenContext<'_>, ip_field: &str, drawn: Ipv4Addr) -> &'static str {
    interface_of(ctx.world.zone_of(ctx.pinned_ipv4(ip_field).unwrap_or(drawn)))
}

/// Draws the connection of table slot `id` from its own stream of the connection table `key`.
/// Servers are reached at their DMZ addresses, from the internet and from the inside alike.
fn connection(world: &World, key: &StreamKey, id: u64, tcp: bool) -> Connection {
    let mut rng = key.event(id);
    let workstation = rng.pick(&world.hosts[..world.users.len()]).ip;
    let servers = world.servers();
    let server = if servers.is_empty() { workstation } else { world.dmz_address(rng.pick(servers).ip) };
    let server_interface = interface_of(world.zone_of(server));
    let external = *rng.pick(&world.external_addresses);
    let nat = *rng.pick(&world.nat_addresses);
    let ephemeral = rng.range(49_152, 65_535) as i64;
    let translated_port = rng.range(1_024, 65_535) as i64;
    match rng.weighted(&[70, 15, 15]) {
        0 => {
            let port = *rng.pick_weighted(if tcp { TCP_SERVICES } else { UDP_SERVICES });
            Connection {
                direction: "outbound",
                foreign: Side {
                    interface: "outside",
                    ip: external,
                    port,
                    mapped_ip: external,
                    mapped_port: port,
                },
                local: Side {
                    interface: "inside",
                    ip: workstation,
                    port: ephemeral,
                    mapped_ip: nat,
                    mapped_port: translated_port,
                },
            }
        }
        1 => {
            let port = *rng.pick_weighted(if tcp { PUBLISHED_TCP } else { PUBLISHED_UDP });
            Connection {
                direction: "inbound",
                foreign: Side {
                    interface: "outside",
                    ip: external,
                    port: ephemeral,
                    mapped_ip: external,
                    mapped_port: ephemeral,
                },
                local: Side {
                    interface: server_interface,
                    ip: server,
                    port,
                    mapped_ip: nat,
                    mapped_port: port,
                },
            }
        }
        _ => {
            let port = *rng.pick_weighted(if tcp { INTERNAL_TCP } else { INTERNAL_UDP });
            Connection {
                direction: "outbound",
                foreign: Side {
                    interface: server_interface,
                    ip: server,
                    port,
                    mapped_ip: server,
                    mapped_port: port,
                },
                local: Side {
                    interface: "inside",
                    ip: workstation,
                    port: ephemeral,
                    mapped_ip: workstation,
                    mapped_port: ephemeral,
                },
            }
        }
    }
}

/// Returns the key of the table of TCP and UDP connections.
fn connection_table_key(world: &World) -> StreamKey {
    table_key(world, "cisco_asa/connections")
}

/// Connection ids: TCP and UDP connections have separate id sequences (even and odd), so a
/// TCP teardown never reuses the id of a UDP build.
fn connection_id(key: &StreamKey, slot: i64, tcp: bool) -> u64 {
    let base = 1_000_000 + key.hash_u64(0) % 900_000_000;
    base.wrapping_add_signed(slot * 2) + u64::from(!tcp)
}

fn fill_connection_build(ctx: &mut GenContext<'_>, slot: i64, fields: &mut Fields) {
    let tcp = ctx.variant == TCP_BUILD;
    let key = connection_table_key(ctx.world);
    let id = connection_id(&key, slot, tcp);
    let mut conn = connection(ctx.world, &key, id, tcp);
    follow_overrides(ctx, &mut conn);
    fields.str("direction", conn.direction);
    fields.int("connection_id", id as i64);
    put_side(
        fields,
        [
            "foreign_interface",
            "foreign_ip",
            "foreign_port",
            "foreign_mapped_ip",
            "foreign_mapped_port",
        ],
        &conn.foreign,
    );
    put_side(
        fields,
        ["local_interface", "local_ip", "local_port", "local_mapped_ip", "local_mapped_port"],
        &conn.local,
    );
}

/// Gives each side of `conn` the interface that faces the address it ends with, which an
/// override of `foreign_ip` or `local_ip` may set.
fn follow_overrides(ctx: &GenContext<'_>, conn: &mut Connection) {
    if ctx.overrides.is_empty() {
        return;
    }
    conn.foreign.interface = final_interface(ctx, "foreign_ip", conn.foreign.ip);
    conn.local.interface = final_interface(ctx, "local_ip", conn.local.ip);
}

/// Appends interface, real address and port, mapped address and port under `names`.
fn put_side(fields: &mut Fields, names: [&'static str; 5], side: &Side) {
    fields.str(names[0], side.interface);
    fields.ipv4(names[1], side.ip);
    fields.int(names[2], side.port);
    fields.ipv4(names[3], side.mapped_ip);
    fields.int(names[4], side.mapped_port);
}

/// TCP teardown reasons with their share of real traffic (an estimate).
const TCP_REASONS: &[(&str, u32)] = &[
    ("TCP FINs", 55),
    ("TCP Reset-O", 12),
    ("TCP Reset-I", 10),
    ("SYN Timeout", 7),
    ("Conn-timeout", 6),
    ("FIN Timeout", 4),
    ("Idle Timeout", 3),
    ("Flow closed by inspection", 2),
    ("SYN Control", 1),
];

fn fill_connection_teardown(ctx: &mut GenContext<'_>, slot: i64, fields: &mut Fields) {
    let tcp = ctx.variant == TCP_TEARDOWN;
    let key = connection_table_key(ctx.world);
    let id = connection_id(&key, slot, tcp);
    let mut conn = connection(ctx.world, &key, id, tcp);
    follow_overrides(ctx, &mut conn);
    fields.int("connection_id", id as i64);
    fields.str("foreign_interface", conn.foreign.interface);
    fields.ipv4("foreign_ip", conn.foreign.ip);
    fields.int("foreign_port", conn.foreign.port);
    fields.str("local_interface", conn.local.interface);
    fields.ipv4("local_ip", conn.local.ip);
    fields.int("local_port", conn.local.port);

    let reason = if tcp { *ctx.rng.pick_weighted(TCP_REASONS) } else { "" };
    let seconds = match reason {
        "SYN Timeout" => 30,
        "Conn-timeout" | "Idle Timeout" => 3_600 + ctx.rng.below(60),
        _ => match ctx.rng.weighted(&[40, 30, 20, 10]) {
            0 => ctx.rng.below(5),
            1 => ctx.rng.range(5, 59),
            2 => ctx.rng.range(60, 599),
            _ => ctx.rng.range(600, 7_200),
        },
    };
    fields.with("duration", |out| push_duration(out, seconds));
    let bytes = if reason == "SYN Timeout" {
        0
    } else {
        ctx.rng.range(60, 2_000) * (1 + seconds.min(3_600)) / 2 + ctx.rng.below(1_500)
    };
    fields.int("bytes", bytes as i64);
    if tcp {
        fields.str("reason", reason);
        let initiator = match reason {
            "TCP FINs" => Some(if ctx.rng.chance(500) {
                conn.local.interface
            } else {
                conn.foreign.interface
            }),
            "TCP Reset-I" => Some(conn.local.interface),
            "TCP Reset-O" => Some(conn.foreign.interface),
            _ => None,
        };
        if let Some(interface) = initiator {
            fields.str("teardown_initiator", interface);
        }
    }
}

/// Appends a duration as the ASA writes it: `h:mm:ss`, hours unpadded.
fn push_duration(out: &mut String, seconds: u64) {
    push_u64(out, seconds / 3600);
    out.push(':');
    push_padded(out, seconds / 60 % 60, 2);
    out.push(':');
    push_padded(out, seconds % 60, 2);
}

fn fill_icmp(ctx: &mut GenContext<'_>, slot: i64, fields: &mut Fields) {
    let mut rng = table_key(ctx.world, "cisco_asa/icmp").event(slot as u64);
    let world = ctx.world;
    let identifier = rng.range(1, 65_535) as i64;
    let inbound = rng.chance(300);
    if ctx.variant == ICMP_BUILD {
        fields.str("direction", if inbound { "inbound" } else { "outbound" });
    }
    if inbound {
        // A host on the internet pings a published server: the identifier is on the foreign side.
        let servers = world.servers();
        let server = if servers.is_empty() {
            world.hosts[0].ip
        } else {
            world.dmz_address(rng.pick(servers).ip)
        };
        fields.ipv4("faddr", *rng.pick(&world.external_addresses));
        fields.int("faddr_id", identifier);
        fields.ipv4("gaddr", *rng.pick(&world.nat_addresses));
        fields.int("gaddr_id", 0);
        fields.ipv4("laddr", server);
        fields.int("laddr_id", 0);
    } else {
        let workstation = rng.pick(&world.hosts[..world.users.len()]).ip;
        fields.ipv4("faddr", *rng.pick(&world.external_addresses));
        fields.int("faddr_id", 0);
        fields.ipv4("gaddr", *rng.pick(&world.nat_addresses));
        fields.int("gaddr_id", identifier);
        fields.ipv4("laddr", workstation);
        fields.int("laddr_id", identifier);
    }
    let (icmp_type, icmp_code) = if rng.chance(900) {
        (8, 0)
    } else {
        *rng.pick(&[(3, 3), (11, 0), (3, 1)])
    };
    fields.int("icmp_type", icmp_type);
    fields.int("icmp_code", icmp_code);
}

fn fill_translation(ctx: &mut GenContext<'_>, slot: i64, fields: &mut Fields) {
    let mut rng = table_key(ctx.world, "cisco_asa/xlate").event(slot as u64);
    let world = ctx.world;
    let protocol = *rng.pick_weighted(&[("TCP", 70), ("UDP", 25), ("ICMP", 5)]);
    fields.str("xlate_type", if rng.chance(950) { "dynamic" } else { "static" });
    fields.str("protocol", protocol);
    let real_ip = rng.pick(&world.hosts[..world.users.len()]).ip;
    fields.str("real_interface", final_interface(ctx, "real_ip", real_ip));
    fields.ipv4("real_ip", real_ip);
    fields.int(
        "real_port",
        if protocol == "ICMP" {
            rng.range(1, 65_535)
        } else {
            rng.range(49_152, 65_535)
        } as i64,
    );
    let mapped_ip = *rng.pick(&world.nat_addresses);
    fields.str("mapped_interface", final_interface(ctx, "mapped_ip", mapped_ip));
    fields.ipv4("mapped_ip", mapped_ip);
    fields.int("mapped_port", rng.range(1_024, 65_535) as i64);
    if ctx.variant == XLATE_TEARDOWN {
        let seconds = 30 + ctx.rng.below(600);
        fields.with("duration", |out| push_duration(out, seconds));
    }
}

/// Ports that scanners and worms probe, which interface access lists deny.
const PROBED_PORTS: &[(i64, u32)] = &[
    (23, 20),
    (445, 18),
    (22, 15),
    (3389, 15),
    (1433, 6),
    (8080, 8),
    (5900, 5),
    (135, 5),
    (2323, 4),
    (6379, 4),
];

/// Draws a random hash of an access control entry.
fn ace_hash(rng: &mut EventRng) -> u32 {
    rng.next_u64() as u32
}

/// Appends the `hash_codes` field: the entry hash as the ASA prints it (`0x` and 8 hex digits,
/// or `0x0` for none) and the zero hash of the extended entry.
fn put_hash_codes(fields: &mut Fields, hash: Option<u32>) {
    fields.with("hash_codes", |out| {
        out.push_str("0x");
        match hash {
            Some(hash) => {
                for shift in (0..8).rev() {
                    let digit = (hash >> (shift * 4)) & 0xf;
                    out.push(char::from_digit(digit, 16).unwrap_or('0'));
                }
            }
            None => out.push('0'),
        }
        out.push_str(", 0x0");
    });
}

fn fill_access_list(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    // Addresses that the request's overrides set decide the direction, so the interfaces and
    // the access list match them.
    let pinned_src = ctx.pinned_ipv4("src_ip");
    let pinned_dst = ctx.pinned_ipv4("dst_ip");
    let pinned_outbound = match (pinned_src, pinned_dst) {
        (Some(src), _) => Some(world.is_internal(src)),
        (None, Some(dst)) => Some(!world.is_internal(dst) && !world.nat_addresses.contains(&dst)),
        (None, None) => None,
    };
    let rng = &mut ctx.rng;
    let outbound = match pinned_outbound {
        Some(outbound) => outbound,
        None => rng.chance(250),
    };
    let protocol = *rng.pick_weighted(&[("tcp", 75), ("udp", 18), ("icmp", 7)]);
    let (src_ip, dst_ip) = if outbound {
        (
            rng.pick(&world.hosts[..world.users.len()]).ip,
            *rng.pick(&world.external_addresses),
        )
    } else {
        // A probe from the internet goes to a public NAT address or to the DMZ address of a
        // server.
        let to_nat_address = match pinned_dst {
            Some(dst) => !world.is_internal(dst),
            None => rng.chance(600),
        };
        let target = if to_nat_address {
            *rng.pick(&world.nat_addresses)
        } else {
            world.dmz_address(rng.pick(world.servers()).ip)
        };
        (*rng.pick(&world.external_addresses), target)
    };
    // Each interface faces the address the event ends with, and the access list is the one
    // bound to the interface the packet came in on.
    let src_interface = final_interface(ctx, "src_ip", src_ip);
    let dst_interface = final_interface(ctx, "dst_ip", dst_ip);
    let acl = match src_interface {
        "inside" => "inside_access_in",
        "dmz" => "dmz_access_in",
        _ => "outside_access_in",
    };
    let rng = &mut ctx.rng;
    let src_port = rng.range(1_024, 65_535) as i64;
    let dst_port = if outbound {
        *rng.pick_weighted(&[(25, 40), (6667, 15), (4444, 10), (53, 20), (1194, 15)])
    } else {
        *rng.pick_weighted(PROBED_PORTS)
    };

    if ctx.variant == ACL_DENY {
        fields.str("protocol", protocol);
        fields.str("src_interface", src_interface);
        fields.ipv4("src_ip", src_ip);
        if protocol != "icmp" {
            fields.int("src_port", src_port);
        }
        fields.str("dst_interface", dst_interface);
        fields.ipv4("dst_ip", dst_ip);
        if protocol == "icmp" {
            fields.int("icmp_type", 8);
            fields.int("icmp_code", 0);
        } else {
            fields.int("dst_port", dst_port);
        }
        fields.str("acl", acl);
        // Packets that hit the implicit deny at the end of the list carry zero hashes.
        let hash = if rng.chance(700) { None } else { Some(ace_hash(rng)) };
        put_hash_codes(fields, hash);
        return;
    }
    let action = *rng.pick_weighted(&[("denied", 60), ("permitted", 35), ("est-allowed", 5)]);
    fields.str("acl", acl);
    fields.str("acl_action", action);
    fields.str("protocol", if protocol == "icmp" { "tcp" } else { protocol });
    fields.str("src_interface", src_interface);
    fields.ipv4("src_ip", src_ip);
    fields.int("src_port", src_port);
    fields.str("dst_interface", dst_interface);
    fields.ipv4("dst_ip", dst_ip);
    fields.int("dst_port", if action == "denied" { dst_port } else { 443 });
    let first = rng.chance(600);
    fields.int("hit_count", if first { 1 } else { rng.range(2, 400) as i64 });
    fields.str("hit_interval", if first { "first hit" } else { "300-second interval" });
    let hash = ace_hash(rng);
    put_hash_codes(fields, Some(hash));
}

fn fill_packet_denied(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let rng = &mut ctx.rng;
    let external = *rng.pick(&world.external_addresses);
    let nat = *rng.pick(&world.nat_addresses);
    let workstation = rng.pick(&world.hosts[..world.users.len()]).ip;
    let ephemeral = rng.range(1_024, 65_535) as i64;
    match ctx.variant {
        TCP_DENIED | UDP_DENIED => {
            fields.ipv4("src_ip", external);
            fields.int("src_port", ephemeral);
            fields.ipv4("dst_ip", nat);
            fields.int(
                "dst_port",
                if ctx.variant == TCP_DENIED {
                    *rng.pick_weighted(PROBED_PORTS)
                } else {
                    *rng.pick(&[161, 1900, 123, 137, 5060])
                },
            );
            if ctx.variant == TCP_DENIED {
                fields.str("tcp_flags", "SYN");
            }
            // The interface the packet came in on faces its source.
            fields.str("interface", final_interface(ctx, "src_ip", external));
        }
        NO_CONNECTION => {
            // Late packets of connections the ASA already closed: the server replies to the client.
            let from_outside = rng.chance(600);
            let (src, src_port, dst, dst_port) = if from_outside {
                (external, 443, nat, ephemeral)
            } else {
                (workstation, ephemeral, external, 443)
            };
            fields.ipv4("src_ip", src);
            fields.int("src_port", src_port);
            fields.ipv4("dst_ip", dst);
            fields.int("dst_port", dst_port);
            fields.str("tcp_flags", rng.pick_str(&["ACK", "FIN ACK", "RST", "RST ACK", "PSH ACK"]));
            fields.str("interface", final_interface(ctx, "src_ip", src));
        }
        SERVICE_DENIED => {
            let tcp = rng.chance(700);
            fields.str("protocol", if tcp { "TCP" } else { "UDP" });
            let dst_port = if tcp { *rng.pick(&[22, 443, 23]) } else { 161 };
            fields.ipv4("src_ip", external);
            fields.int("src_port", ephemeral);
            // The message names the firewall's own address with the interface it is set on.
            fields.str("interface", final_interface(ctx, "dst_ip", nat));
            fields.ipv4("dst_ip", nat);
            fields.int("dst_port", dst_port);
        }
        _ => {
            fields.str("src_interface", final_interface(ctx, "src_ip", workstation));
            fields.ipv4("src_ip", workstation);
            fields.int("src_port", ephemeral);
            fields.str("dst_interface", final_interface(ctx, "dst_ip", external));
            fields.ipv4("dst_ip", external);
            fields.int("dst_port", 443);
        }
    }
}

/// Threat detection objects as the ASA names them in message 733100.
const THREAT_OBJECTS: &[(&str, u32)] = &[
    ("Scanning", 50),
    ("ACL drop", 20),
    ("SYN attck", 10),
    ("Bad pkts", 10),
    ("DoS attck", 5),
    ("Conn limit", 5),
];

fn fill_threat(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let rng = &mut ctx.rng;
    let object = *rng.pick_weighted(THREAT_OBJECTS);
    fields.str("object", object);
    let rate_id = rng.range(1, 2) as i64;
    fields.int("rate_id", rate_id);
    // Defaults of `threat-detection rate`: rate-1 averages over 600 s, rate-2 over 3600 s.
    let (burst_max, average_max) = if rate_id == 1 { (10, 5) } else { (8, 4) };
    fields.int("burst_rate", rng.range(burst_max - 2, burst_max * 20) as i64);
    fields.int("burst_rate_max", burst_max as i64);
    fields.int("average_rate", rng.range(average_max, average_max * 12) as i64);
    fields.int("average_rate_max", average_max as i64);
    fields.int("total_count", rng.range(1_000, 60_000) as i64);
}

const REJECT_REASONS: &[&str] = &["AAA failure", "Invalid password", "User was not found", "Account is disabled"];

fn fill_authentication(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let rng = &mut ctx.rng;
    let user = rng.pick(&world.users).username.as_str();
    let servers = world.servers();
    let server = if servers.is_empty() {
        world.hosts[0].ip
    } else {
        servers[rng.index(servers.len().min(2))].ip
    };
    let client = if rng.chance(700) {
        *rng.pick(&world.external_addresses)
    } else {
        rng.pick(&world.hosts).ip
    };
    match ctx.variant {
        AAA_SUCCESS => {
            fields.str("aaa_type", if rng.chance(850) { "authentication" } else { "authorization" });
            fields.ipv4("server", server);
            fields.str("user", user);
        }
        AAA_REJECTED => {
            fields.str("reason", rng.pick_str(REJECT_REASONS));
            fields.ipv4("server", server);
            // ASA 9.x hides a rejected user name unless `no logging hide username` is set.
            fields.str("user", if rng.chance(400) { "*****" } else { user });
            fields.ipv4("src_ip", client);
        }
        LOCAL_REJECTED => {
            fields.str("reason", rng.pick_str(&["Invalid password", "User was not found"]));
            fields.str("user", if rng.chance(300) { "admin" } else { user });
            fields.ipv4("src_ip", client);
        }
        _ => {
            let admin = pick_admin(rng, world).unwrap_or(user);
            fields.ipv4("src_ip", rng.pick(&world.hosts[..world.users.len()]).ip);
            fields.str("user", admin);
        }
    }
}

const CONFIG_COMMANDS: &[&str] = &[
    "write memory",
    "configure terminal",
    "access-list outside_access_in extended permit tcp any object WEB-SERVERS eq https",
    "object network WEB-SERVERS",
    "no access-list outside_access_in extended permit tcp any any eq telnet",
    "logging host inside 10.20.0.15",
    "copy running-config startup-config",
];
const SHOW_COMMANDS: &[&str] = &[
    "show running-config",
    "show conn count",
    "show logging",
    "show vpn-sessiondb anyconnect",
    "show access-list outside_access_in",
    "show interface ip brief",
    "show xlate",
    "clear conn address 198.51.100.23",
    "ping inside 10.20.0.15",
];

/// Returns the name of a random administrator of the world, or `None` when there is none.
fn pick_admin<'w>(rng: &mut EventRng, world: &'w World) -> Option<&'w str> {
    let admins = || world.users.iter().filter(|u| u.admin);
    let count = admins().count();
    if count == 0 {
        return None;
    }
    admins().nth(rng.index(count)).map(|u| u.username.as_str())
}

fn fill_command(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let world = ctx.world;
    let rng = &mut ctx.rng;
    let has_admins = world.users.iter().any(|u| u.admin);
    let user = if !has_admins || rng.chance(200) {
        "enable_15"
    } else {
        pick_admin(rng, world).unwrap_or("enable_15")
    };
    fields.str("user", user);
    fields.str(
        "command",
        rng.pick_str(if ctx.variant == CONFIG_COMMAND {
            CONFIG_COMMANDS
        } else {
            SHOW_COMMANDS
        }),
    );
}

const VPN_GROUPS: &[&str] = &["GroupPolicy_Employees", "GroupPolicy_Contractors", "GroupPolicy_IT"];

fn fill_anyconnect(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    // Remote users are one employee in eight. Each keeps a group and a home address drawn from
    // a stream keyed by the user, so the start, tunnel and termination messages of one user agree.
    let world = ctx.world;
    let user_index = ctx.rng.index(world.users.len().div_ceil(8)) * 8;
    let mut rng = table_key(world, "cisco_asa/vpn").event(user_index as u64);
    let user = &world.users[user_index];
    let group = if user.admin {
        "GroupPolicy_IT"
    } else {
        rng.pick_str(&VPN_GROUPS[..2])
    };
    fields.str("group", group);
    fields.str("user", &user.username);
    fields.ipv4("src_ip", *rng.pick(&ctx.world.external_addresses));
    if ctx.variant != ANYCONNECT_START {
        fields.str("svc_protocol", if rng.chance(800) { "UDP" } else { "TCP" });
        fields.str("compression", "without");
    }
}

// ----------------------------------------------------------------------------------------------
// Writing
// ----------------------------------------------------------------------------------------------

/// Looks up the fields of one event for [`CiscoAsa::write`]. `fill` appends each name once,
/// and the writer reads most fields in the order `fill` appended them. So the field after the
/// previous match is checked first, and a search from the start is the fallback.
struct FieldReader<'a> {
    fields: &'a Fields,
    /// Index of the field after the previous match.
    next: usize,
}

impl<'a> FieldReader<'a> {
    fn new(fields: &'a Fields) -> Self {
        FieldReader { fields, next: 0 }
    }

    /// Returns the text of the field called `name`.
    fn get(&mut self, name: &str) -> Option<&'a str> {
        let fields = self.fields;
        if let Some((entry_name, text)) = fields.entry(self.next) {
            if same_name(entry_name, name) {
                self.next += 1;
                return Some(text);
            }
        }
        let index = fields.position(name)?;
        self.next = index + 1;
        fields.entry(index).map(|(_, text)| text)
    }

    /// Returns the text of the field called `name`, or an empty text when there is none.
    fn text(&mut self, name: &str) -> &'a str {
        self.get(name).unwrap_or("")
    }
}

/// Appends `interface:ip/port`, the socket of one side, from the fields named in `names`.
fn push_socket(out: &mut String, reader: &mut FieldReader<'_>, [interface, ip, port]: [&str; 3]) {
    out.extend([reader.text(interface), ":", reader.text(ip), "/", reader.text(port)]);
}

/// Appends `(ip/port)`, the mapped address of one side, from the fields named in `names`.
fn push_mapped(out: &mut String, reader: &mut FieldReader<'_>, [ip, port]: [&str; 2]) {
    out.extend(["(", reader.text(ip), "/", reader.text(port), ")"]);
}

const FOREIGN_SOCKET: [&str; 3] = ["foreign_interface", "foreign_ip", "foreign_port"];
const LOCAL_SOCKET: [&str; 3] = ["local_interface", "local_ip", "local_port"];

/// Appends the message text of `variant` from `fields`. Texts are joined from slices with
/// `extend` because `write!` goes through `core::fmt`, which costs more per piece.
fn write_message(variant: usize, reader: &mut FieldReader<'_>, out: &mut String) {
    match variant {
        TCP_BUILD | UDP_BUILD => {
            let protocol = if variant == TCP_BUILD { "TCP" } else { "UDP" };
            out.extend(["Built ", reader.text("direction"), " ", protocol, " connection ", reader.text("connection_id"), " for "]);
            push_socket(out, reader, FOREIGN_SOCKET);
            out.push(' ');
            push_mapped(out, reader, ["foreign_mapped_ip", "foreign_mapped_port"]);
            out.push_str(" to ");
            push_socket(out, reader, LOCAL_SOCKET);
            out.push(' ');
            push_mapped(out, reader, ["local_mapped_ip", "local_mapped_port"]);
        }
        TCP_TEARDOWN | UDP_TEARDOWN => {
            let protocol = if variant == TCP_TEARDOWN { "TCP" } else { "UDP" };
            out.extend(["Teardown ", protocol, " connection ", reader.text("connection_id"), " for "]);
            push_socket(out, reader, FOREIGN_SOCKET);
            out.push_str(" to ");
            push_socket(out, reader, LOCAL_SOCKET);
            out.extend([" duration ", reader.text("duration"), " bytes ", reader.text("bytes")]);
            if let Some(reason) = reader.get("reason") {
                out.extend([" ", reason]);
            }
            if let Some(initiator) = reader.get("teardown_initiator") {
                out.extend([" from ", initiator]);
            }
        }
        ICMP_BUILD | ICMP_TEARDOWN => {
            if variant == ICMP_BUILD {
                out.extend(["Built ", reader.text("direction"), " ICMP connection"]);
            } else {
                out.push_str("Teardown ICMP connection");
            }
            out.extend([
                " for faddr ",
                reader.text("faddr"),
                "/",
                reader.text("faddr_id"),
                " gaddr ",
                reader.text("gaddr"),
                "/",
                reader.text("gaddr_id"),
                " laddr ",
                reader.text("laddr"),
                "/",
                reader.text("laddr_id"),
                " type ",
                reader.text("icmp_type"),
                " code ",
                reader.text("icmp_code"),
            ]);
        }
        XLATE_BUILD | XLATE_TEARDOWN => {
            out.extend([
                if variant == XLATE_BUILD { "Built " } else { "Teardown " },
                reader.text("xlate_type"),
                " ",
                reader.text("protocol"),
                " translation from ",
                reader.text("real_interface"),
                ":",
                reader.text("real_ip"),
                "/",
                reader.text("real_port"),
                " to ",
                reader.text("mapped_interface"),
                ":",
                reader.text("mapped_ip"),
                "/",
                reader.text("mapped_port"),
            ]);
            if let Some(duration) = reader.get("duration") {
                out.extend([" duration ", duration]);
            }
        }
        ACL_DENY => {
            out.extend(["Deny ", reader.text("protocol"), " src ", reader.text("src_interface"), ":", reader.text("src_ip")]);
            if let Some(port) = reader.get("src_port") {
                out.extend(["/", port]);
            }
            out.extend([" dst ", reader.text("dst_interface"), ":", reader.text("dst_ip")]);
            if let Some(port) = reader.get("dst_port") {
                out.extend(["/", port]);
            }
            if let (Some(icmp_type), Some(code)) = (reader.get("icmp_type"), reader.get("icmp_code")) {
                out.extend([" (type ", icmp_type, ", code ", code, ")"]);
            }
            out.extend([" by access-group \"", reader.text("acl"), "\" [", reader.text("hash_codes"), "]"]);
        }
        ACL_LOG => out.extend([
            "access-list ",
            reader.text("acl"),
            " ",
            reader.text("acl_action"),
            " ",
            reader.text("protocol"),
            " ",
            reader.text("src_interface"),
            "/",
            reader.text("src_ip"),
            "(",
            reader.text("src_port"),
            ") -> ",
            reader.text("dst_interface"),
            "/",
            reader.text("dst_ip"),
            "(",
            reader.text("dst_port"),
            ") hit-cnt ",
            reader.text("hit_count"),
            " ",
            reader.text("hit_interval"),
            " [",
            reader.text("hash_codes"),
            "]",
        ]),
        TCP_DENIED | NO_CONNECTION => out.extend([
            if variant == TCP_DENIED {
                "Inbound TCP connection denied from "
            } else {
                "Deny TCP (no connection) from "
            },
            reader.text("src_ip"),
            "/",
            reader.text("src_port"),
            " to ",
            reader.text("dst_ip"),
            "/",
            reader.text("dst_port"),
            " flags ",
            reader.text("tcp_flags"),
            " on interface ",
            reader.text("interface"),
        ]),
        UDP_DENIED => out.extend([
            "Deny inbound UDP from ",
            reader.text("src_ip"),
            "/",
            reader.text("src_port"),
            " to ",
            reader.text("dst_ip"),
            "/",
            reader.text("dst_port"),
            " on interface ",
            reader.text("interface"),
        ]),
        SERVICE_DENIED => out.extend([
            reader.text("protocol"),
            " access denied by ACL from ",
            reader.text("src_ip"),
            "/",
            reader.text("src_port"),
            " to ",
            reader.text("interface"),
            ":",
            reader.text("dst_ip"),
            "/",
            reader.text("dst_port"),
        ]),
        DUPLICATE_SYN => out.extend([
            "Duplicate TCP SYN from ",
            reader.text("src_interface"),
            ":",
            reader.text("src_ip"),
            "/",
            reader.text("src_port"),
            " to ",
            reader.text("dst_interface"),
            ":",
            reader.text("dst_ip"),
            "/",
            reader.text("dst_port"),
            " with different initial sequence number",
        ]),
        THREAT => out.extend([
            "[ ",
            reader.text("object"),
            "] drop rate-",
            reader.text("rate_id"),
            " exceeded. Current burst rate is ",
            reader.text("burst_rate"),
            " per second, max configured rate is ",
            reader.text("burst_rate_max"),
            "; Current average rate is ",
            reader.text("average_rate"),
            " per second, max configured rate is ",
            reader.text("average_rate_max"),
            "; Cumulative total count is ",
            reader.text("total_count"),
        ]),
        AAA_SUCCESS => out.extend([
            "AAA user ",
            reader.text("aaa_type"),
            " Successful : server = ",
            reader.text("server"),
            " : user = ",
            reader.text("user"),
        ]),
        AAA_REJECTED => out.extend([
            "AAA user authentication Rejected : reason = ",
            reader.text("reason"),
            " : server = ",
            reader.text("server"),
            " : user = ",
            reader.text("user"),
            " : user IP = ",
            reader.text("src_ip"),
        ]),
        LOCAL_REJECTED => out.extend([
            "AAA user authentication Rejected : reason = ",
            reader.text("reason"),
            " : local database : user = ",
            reader.text("user"),
            " : user IP = ",
            reader.text("src_ip"),
        ]),
        ADMIN_LOGIN => out.extend([
            "User authentication succeeded: IP address: ",
            reader.text("src_ip"),
            ", Uname: ",
            reader.text("user"),
        ]),
        CONFIG_COMMAND => out.extend(["User '", reader.text("user"), "' executed the '", reader.text("command"), "' command."]),
        COMMAND => out.extend(["User '", reader.text("user"), "' executed cmd: ", reader.text("command")]),
        ANYCONNECT_START => out.extend([
            "Group <",
            reader.text("group"),
            "> User <",
            reader.text("user"),
            "> IP <",
            reader.text("src_ip"),
            "> AnyConnect parent session started.",
        ]),
        _ => out.extend([
            "Group <",
            reader.text("group"),
            "> User <",
            reader.text("user"),
            "> IP <",
            reader.text("src_ip"),
            "> ",
            reader.text("svc_protocol"),
            " SVC connection ",
            if variant == SVC_ESTABLISHED { "established" } else { "terminated" },
            " ",
            reader.text("compression"),
            " compression",
        ]),
    }
}

// ----------------------------------------------------------------------------------------------
// Reading
// ----------------------------------------------------------------------------------------------

/// Splits `text` around the first `separator`, as `str::split_once` does. The search looks
/// for the first byte with `memchr`, which costs less than setting up a substring search for
/// the short separators of these messages.
fn split_at_marker<'a>(text: &'a str, separator: &str) -> Option<(&'a str, &'a str)> {
    let at = find_marker(text, separator.as_bytes())?;
    Some((&text[..at], &text[at + separator.len()..]))
}

/// Returns true when `text` is an IP address, as `text.parse::<IpAddr>().is_ok()` does. A
/// host name usually contains a byte that no address contains, such as `-` or a letter past
/// `f`, so it is rejected without a parse. Text of digits and dots is checked here as the
/// standard parser checks IPv4: four decimal parts of at most 255, without leading zeros.
fn is_ip_address(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.iter().all(|byte| byte.is_ascii_digit() || *byte == b'.') {
        return is_ipv4(bytes);
    }
    bytes.iter().all(|byte| byte.is_ascii_hexdigit() || matches!(byte, b'.' | b':')) && text.parse::<IpAddr>().is_ok()
}

/// Returns true when `bytes`, digits and dots, are an IPv4 address in the dotted form that
/// `Ipv4Addr::from_str` accepts.
fn is_ipv4(bytes: &[u8]) -> bool {
    let mut parts = 0;
    for part in bytes.split(|byte| *byte == b'.') {
        parts += 1;
        let valid = match *part {
            [b'0'] | [b'1'..=b'9'] | [b'1'..=b'9', _] => true,
            [first @ b'1'..=b'9', second, third] => {
                u32::from(first - b'0') * 100 + u32::from(second - b'0') * 10 + u32::from(third - b'0') <= 255
            }
            _ => false,
        };
        if !valid || parts > 4 {
            return false;
        }
    }
    parts == 4
}

/// Returns true when `text` contains `byte`, an ASCII character.
fn has_byte(text: &str, byte: u8) -> bool {
    format::find_byte(text.as_bytes(), byte).is_some()
}

/// Returns `text` without every `suffix` at its end, as `str::trim_end_matches` does, without
/// setting up a substring search.
fn strip_suffixes<'a>(mut text: &'a str, suffix: &str) -> &'a str {
    while let Some(rest) = text.strip_suffix(suffix) {
        text = rest;
    }
    text
}

/// Returns the protocol of a connection message without the `Probe ` and ` state-bypass`
/// words around it.
fn connection_protocol(mut protocol: &str) -> &str {
    while let Some(rest) = protocol.strip_prefix("Probe ") {
        protocol = rest;
    }
    strip_suffixes(protocol, " state-bypass").trim()
}

/// Stores a text field. A `String` name is moved into the map without a copy.
fn put_str(fields: &mut FieldMap, name: impl Into<FieldName>, value: &str) {
    fields.insert_text(name, value);
}

/// Stores an integer, or the text when it is not one (ASA prints service names such as `ssh`
/// in place of ports when names are configured).
fn put_int(fields: &mut FieldMap, name: impl Into<FieldName>, value: &str) {
    let value = value.trim();
    match value.parse::<i64>() {
        Ok(number) => {
            fields.insert(name, Value::from(number));
        }
        Err(_) => fields.insert_text(name, value),
    }
}

/// The position and parts of the `%ASA-SEV-MSGID:` tag in a line.
struct Tag<'a> {
    start: usize,
    end: usize,
    prefix: &'a str,
    severity: &'a str,
    message_id: &'a str,
}

/// Finds the first `%PREFIX-[class-]SEV-MSGID` tag of a known prefix.
fn find_tag(line: &str) -> Option<Tag<'_>> {
    let mut from = 0;
    while let Some(found) = format::find_byte(&line.as_bytes()[from..], b'%') {
        let start = from + found;
        from = start + 1;
        let rest = &line[start + 1..];
        // Both stops are ASCII, so bytes are searched, which costs less than a search for a
        // set of chars that decodes each char.
        let token_end = rest.bytes().position(|byte| matches!(byte, b':' | b' ')).unwrap_or(rest.len());
        // `PREFIX-SEV-MSGID` or `PREFIX-CLASS-SEV-MSGID`, read without collecting the parts.
        let Some((first, after)) = format::split_at_byte(&rest[..token_end], b'-') else {
            continue;
        };
        let Some((second, after)) = format::split_at_byte(after, b'-') else {
            continue;
        };
        let (prefix, severity, message_id) = match format::split_at_byte(after, b'-') {
            None => (first, second, after),
            Some((third, fourth)) if !has_byte(fourth, b'-') => (first, third, fourth),
            Some(_) => continue,
        };
        let valid = PREFIXES.contains(&prefix)
            && severity.len() == 1
            && severity.bytes().all(|b| (b'0'..=b'7').contains(&b))
            && message_id.len() == 6
            && message_id.bytes().all(|b| b.is_ascii_digit());
        if !valid {
            continue;
        }
        let mut end = start + 1 + token_end;
        if line[end..].starts_with(':') {
            end += 1;
        }
        return Some(Tag {
            start,
            end,
            prefix,
            severity,
            message_id,
        });
    }
    None
}

/// Reads the syslog header before the tag, which may be empty or lack any of its parts. The
/// map must lack the header's fields, which it appends without a lookup.
fn read_header(header: &str, fields: &mut FieldMap) -> Result<(), ParseError> {
    let header = header.trim().trim_end_matches(':').trim_end();
    if header.is_empty() {
        return Ok(());
    }
    // Some relays put a colon straight after the PRI (`<166>:Jan 15 02:19:08 ...`).
    let normalized;
    let header = match find_marker(header, b">:") {
        Some(at) if header.starts_with('<') && at < 5 => {
            normalized = format!("{}{}", &header[..=at], &header[at + 2..]);
            normalized.as_str()
        }
        _ => header,
    };
    // A relay that forwards in RFC 5424 writes `<PRI>1 TIMESTAMP HOSTNAME APP PROCID MSGID`,
    // with `-` for the parts it lacks, and may add `-` for empty structured data.
    let version_one = header.find('>').is_some_and(|at| header[at + 1..].starts_with("1 "));
    if version_one {
        // The header ends at MSGID here, and the reader expects the space that follows it.
        let padded = format!("{header} ");
        if let Ok((message, _)) = syslog5424::parse_header(&padded) {
            if let Some(timestamp) = message.timestamp {
                store_str(fields, field!("timestamp"), timestamp, true);
            }
            if let Some(hostname) = message.hostname {
                store_str(fields, field!("hostname"), hostname, true);
            }
            return Ok(());
        }
    }
    let message = syslog3164::parse(header)?;
    if let Some(timestamp) = message.timestamp {
        store_str(fields, field!("timestamp"), timestamp.trim_end_matches(':'), true);
    }
    match message.hostname {
        // Some headers name the zone of the time after it, where a host name would stand:
        // `Mar 03 2026 14:02:11 UTC: %ASA-...`.
        Some(zone @ ("UTC" | "GMT")) => store_str(fields, field!("time_zone"), zone, true),
        Some(hostname) => store_str(fields, field!("hostname"), hostname, true),
        None => {}
    }
    Ok(())
}

/// Reads a line without an ASA tag: only AnyConnect session messages are recognisable that way.
fn parse_untagged(line: &str, mut fields: FieldMap) -> Result<Option<Parsed>, ParseError> {
    if line.trim().is_empty() {
        return Err(ParseError::new(0, "empty line"));
    }
    let header_end = ["Group <", "TunnelGroup <"].iter().filter_map(|marker| line.find(marker)).min();
    let Some(start) = header_end else {
        return Err(ParseError::new(
            0,
            "no %ASA-, %FTD-, %PIX-, %FWSM- or %NGIPS- message tag and no AnyConnect session text; not a Cisco ASA message",
        ));
    };
    let text = line[start..].trim();
    if !read_session(text, &mut fields) {
        return Err(ParseError::new(
            start,
            "an AnyConnect session message needs Group <..> User <..> IP <..>",
        ));
    }
    // The session reader writes no header field and no `message`.
    read_header(&line[..start], &mut fields)?;
    store_str(&mut fields, field!("message"), text, true);
    Ok(Some(Parsed { variant: None, fields }))
}

/// True when the reader found the fields that identify the variant, so a message whose text
/// does not match its id's layout is not reported as that variant.
fn recognised(message_id: &str, fields: &FieldMap) -> bool {
    let needed = match message_id {
        "302013" | "302015" => field!("direction"),
        "302014" | "302016" => field!("bytes"),
        "302020" | "302021" => field!("laddr"),
        "305011" | "305012" => field!("mapped_ip"),
        "106023" | "106100" | "106103" => field!("acl"),
        "733100" => field!("total_count"),
        "111008" | "111009" => field!("command"),
        "106001" | "106006" | "106010" | "106012" | "106015" | "106016" | "106017" | "106021" | "110002" | "110003" | "500004" | "710003"
        | "419002" | "109001" | "109005" | "109006" | "109007" | "109008" => field!("dst_ip"),
        _ => field!("user"),
    };
    fields.contains_column(needed)
}

/// Reads the message text of `message_id` into fields; unknown layouts leave only the text.
fn read_message(message_id: &str, text: &str, fields: &mut FieldMap) {
    let text = strip_suffixes(text, "#012").trim();
    let _ = match message_id {
        "302013" | "302015" | "302017" | "302035" => read_connection_build(text, fields),
        "302014" | "302016" | "302018" | "302036" | "302304" => read_connection_teardown(text, fields),
        "302303" => read_connection_build(text, fields),
        "507003" => read_inspection_drop(text, fields),
        "302020" | "302021" => read_icmp_connection(text, fields),
        "302022" | "302023" | "302024" | "302025" | "302026" | "302027" => read_stub_connection(text, fields),
        "305011" | "305012" => read_translation(text, fields),
        "106023" => read_acl_deny(text, fields),
        "106010" | "106014" | "313005" => read_src_dst(text, fields),
        "106100" => read_acl_log(text, fields),
        "106103" => read_filter_acl_log(text, fields),
        "109001" | "109005" | "109006" | "109007" | "109008" => read_cut_through(text, fields),
        "106001" | "106006" | "106007" | "106012" | "106015" | "106016" | "106017" | "106021" | "110002" | "110003" | "500004" | "710001"
        | "710002" | "710003" | "710005" | "419002" => read_packet(text, fields),
        "725001" | "725002" | "725006" | "725007" => read_tls_session(text, fields),
        "733100" => read_threat(text, fields),
        "733101" => read_scanning_threat(text, fields),
        "113004" | "113005" | "113012" | "113015" => read_aaa(text, fields),
        "611101" | "611102" | "611103" => read_management_login(text, fields),
        "605004" | "605005" => read_login_permission(text, fields),
        "111008" | "111009" | "111010" => read_command(text, fields),
        "111007" => read_begin_configuration(text, fields),
        "113019" => read_session_summary(text, fields),
        "113008" | "113009" | "113021" | "315011" | "721016" | "721018" => read_user_notice(message_id, text, fields),
        "716039" => Some(read_session(text, fields) || read_plain_session(text, fields) || read_assigned_session(text, fields))
            .filter(|found| *found)
            .map(|_| ()),
        "313004" => read_icmp_denied(text, fields),
        "304001" => read_url_access(text, fields),
        id if id.starts_with("4000") => read_ids_signature(text, fields),
        "434002" | "434004" => read_packet(text, fields),
        "602303" | "602304" => read_ipsec_sa(text, fields),
        id if id.starts_with("713") => read_ike_prefix(text, fields),
        id if id.starts_with("750") || id.starts_with("751") => read_ikev2(text, fields),
        "430001" | "430002" | "430003" | "430005" => read_firepower_event(text, fields),
        "722022" | "722023" => read_svc_connection(text, fields),
        _ => Some(read_session(text, fields) || read_plain_session(text, fields)).filter(|found| *found).map(|_| ()),
    };
}

/// 725001, 725002, 725006 and 725007: TLS sessions of the firewall with a `client IF:IP/PORT`
/// (the peer is the source) or a `server IF:IP/PORT` (the peer is the destination).
fn read_tls_session(text: &str, fields: &mut FieldMap) -> Option<()> {
    let (side, rest) = match split_at_marker(text, " client ") {
        Some((_, rest)) => (&SRC, rest),
        None => (&DST, split_at_marker(text, " server ")?.1),
    };
    let token = rest.split_whitespace().next()?.trim_end_matches(['.', ',']);
    put_socket(fields, side, &read_socket(token, has_interface(token))?);
    Some(())
}

/// An `interface:address/port` socket with optional `(mapped/port)` and `(user)` groups.
#[derive(Default)]
struct Socket<'a> {
    interface: Option<&'a str>,
    address: &'a str,
    port: Option<&'a str>,
    mapped: Option<(&'a str, Option<&'a str>)>,
    user: Option<&'a str>,
}

/// Reads `[interface:]address[/port][ (mapped[/port])][(user)]`. `with_interface` is true when
/// the text starts with an interface name, which may contain spaces (`NP Identity Ifc`).
fn read_socket(text: &str, with_interface: bool) -> Option<Socket<'_>> {
    let text = text.trim();
    let mut socket = Socket::default();
    let mut rest = text;
    if with_interface {
        let (interface, after) = format::split_at_byte(text, b':')?;
        socket.interface = Some(interface.trim());
        rest = after;
    }
    // A byte search, as in `find_tag`.
    let end = rest.bytes().position(|byte| matches!(byte, b' ' | b'(')).unwrap_or(rest.len());
    let address = &rest[..end];
    match format::rsplit_at_byte(address, b'/') {
        Some((ip, port)) => {
            socket.address = ip;
            socket.port = Some(port);
        }
        None => socket.address = address,
    }
    if socket.address.is_empty() {
        return None;
    }
    let mut rest = &rest[end..];
    while let Some(open) = format::find_byte(rest.as_bytes(), b'(') {
        let close = format::find_byte(&rest.as_bytes()[open..], b')')? + open;
        let inside = &rest[open + 1..close];
        // The first group with a port, or else with an address, is the mapped socket. The
        // address is parsed only when the port test fails.
        let mapped = socket.mapped.is_none() && (has_byte(inside, b'/') && !has_byte(inside, b'\\') || is_ip_address(inside));
        if mapped {
            socket.mapped = Some(match format::rsplit_at_byte(inside, b'/') {
                Some((ip, port)) => (ip, Some(port)),
                None => (inside, None),
            });
        } else if socket.user.is_none() {
            socket.user = Some(inside);
        }
        rest = &rest[close + 1..];
    }
    Some(socket)
}

fn put_socket(fields: &mut FieldMap, side: &SocketFields, socket: &Socket<'_>) {
    put_socket_fields(fields, side, socket, false);
}

/// Stores the fields of a socket as [`put_socket`] does. When `new` is true the caller knows
/// that the map has none of them yet, so they are appended without a lookup.
#[inline]
fn put_socket_fields(fields: &mut FieldMap, side: &SocketFields, socket: &Socket<'_>, new: bool) {
    if let Some(interface) = socket.interface {
        store_str(fields, side.interface, interface, new);
    }
    store_str(fields, side.ip, socket.address, new);
    if let Some(port) = socket.port {
        store_int(fields, side.port, port, new);
    }
    if let Some((ip, port)) = socket.mapped {
        store_str(fields, side.mapped_ip, ip, new);
        if let Some(port) = port {
            store_int(fields, side.mapped_port, port, new);
        }
    }
    if let Some(user) = socket.user {
        store_str(fields, side.user, user, new);
    }
}

/// Stores a text field as [`put_str`] does, or appends it without a lookup when `new` is true
/// because the caller knows that the map lacks the name.
#[inline]
fn store_str(fields: &mut FieldMap, column: Column, value: &str, new: bool) {
    if new {
        store_new(fields, column, FieldValue::Text(value));
    } else {
        put_str(fields, column.name(), value);
    }
}

/// Stores an integer field as [`put_int`] does, or appends it as [`store_str`] does.
#[inline]
fn store_int(fields: &mut FieldMap, column: Column, value: &str, new: bool) {
    if !new {
        put_int(fields, column.name(), value);
        return;
    }
    let value = value.trim();
    match value.parse::<i64>() {
        Ok(number) => store_new(fields, column, FieldValue::Value(Value::from(number))),
        Err(_) => store_new(fields, column, FieldValue::Text(value)),
    }
}

/// Appends a field that the map lacks, recording its position under its slot in
/// [`FIELD_TABLE`] without hashing the name.
#[inline(always)]
fn store_new(fields: &mut FieldMap, column: Column, value: FieldValue<'_>) {
    fields.insert_new_known(&FIELD_TABLE, column.slot(), column.name(), value);
}

/// `Built {inbound|outbound} PROTO connection ID for A to B`.
fn read_connection_build(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("Built ")?;
    // 302303 (`Built TCP state-bypass connection`) names no direction.
    let (direction, rest) = match format::split_at_byte(rest, b' ') {
        Some((_, after)) if after.starts_with("state-bypass ") => (None, rest),
        Some((direction, rest)) => (Some(direction), rest),
        None => return None,
    };
    let (protocol, rest) = split_at_marker(rest, " connection ")?;
    let (id, rest) = split_at_marker(rest, " for ").or_else(|| split_at_marker(rest, " from "))?;
    let (foreign, local) = split_at_marker(rest, " to ")?;
    let foreign = read_socket(foreign, true)?;
    let local = read_socket(local, true)?;
    // The map holds only the header and tag fields, and each name below is stored once, so
    // the fields are appended without a lookup.
    if let Some(direction) = direction {
        store_str(fields, field!("direction"), direction, true);
    }
    store_str(fields, field!("protocol"), connection_protocol(protocol), true);
    store_int(fields, field!("connection_id"), id, true);
    put_socket_fields(fields, &FOREIGN, &foreign, true);
    put_socket_fields(fields, &LOCAL, &local, true);
    Some(())
}

/// `Teardown PROTO connection ID for A to B duration H:MM:SS bytes N [reason] [from initiator] [(user)]`.
fn read_connection_teardown(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("Teardown ")?;
    let (protocol, rest) = split_at_marker(rest, " connection ")?;
    let (id, rest) = split_at_marker(rest, " for ").or_else(|| split_at_marker(rest, " from "))?;
    let (sockets, rest) = split_at_marker(rest, " duration ")?;
    let (foreign, local) = split_at_marker(sockets, " to ")?;
    let foreign = read_socket(foreign, true)?;
    let local = read_socket(local, true)?;
    let (duration, rest) = split_at_marker(rest, " bytes ")?;
    let (bytes, tail) = format::split_at_byte(rest, b' ').unwrap_or((rest, ""));
    // As in a build, each name is stored once into a map of header and tag fields, so the
    // fields are appended without a lookup.
    store_str(fields, field!("protocol"), connection_protocol(protocol), true);
    store_int(fields, field!("connection_id"), id, true);
    put_socket_fields(fields, &FOREIGN, &foreign, true);
    put_socket_fields(fields, &LOCAL, &local, true);
    store_str(fields, field!("duration"), duration.trim(), true);
    store_int(fields, field!("bytes"), bytes, true);

    let mut tail = tail.trim();
    if tail.ends_with(')') {
        if let Some(open) = tail.rfind(" (").or_else(|| tail.starts_with('(').then_some(0)) {
            store_str(fields, field!("user"), tail[open..].trim().trim_start_matches('(').trim_end_matches(')'), true);
            tail = tail[..open].trim();
        }
    }
    // Newer releases append internal counters (`max-rate 0/0 Bps`) which carry no meaning here.
    if let Some(at) = find_marker(tail, b" max-rate ").or_else(|| tail.starts_with("max-rate ").then_some(0)) {
        tail = tail[..at].trim();
    }
    let (reason, initiator) = match format::rfind_marker(tail, b" from ") {
        Some(at) => (&tail[..at], Some(&tail[at + " from ".len()..])),
        None => (tail, None),
    };
    if !reason.is_empty() {
        store_str(fields, field!("reason"), reason, true);
    }
    if let Some(initiator) = initiator {
        store_str(fields, field!("teardown_initiator"), initiator, true);
    }
    Some(())
}

/// Cluster stub connections, 302022 to 302027: `Built ROLE stub PROTO connection for A to B`
/// and `Teardown stub PROTO connection for A to B duration D forwarded bytes N REASON`, where
/// ROLE is director, backup or forwarder and the sockets are those of 302013. An ICMP stub
/// may write its mapped address without a port.
fn read_stub_connection(text: &str, fields: &mut FieldMap) -> Option<()> {
    let (head, rest) = split_at_marker(text, " stub ")?;
    let (protocol, rest) = split_at_marker(rest, " connection for ")?;
    let (foreign, rest) = split_at_marker(rest, " to ")?;
    let (local, tail) = split_at_marker(rest, " duration ").unwrap_or((rest, ""));
    let foreign = read_socket(foreign, true)?;
    let local = read_socket(local, true)?;
    if let Some(role) = head.strip_prefix("Built ") {
        put_str(fields, "cluster_role", role.trim());
    } else if head != "Teardown" {
        return None;
    }
    put_str(fields, "protocol", protocol.trim());
    put_socket(fields, &FOREIGN, &foreign);
    put_socket(fields, &LOCAL, &local);
    if let Some((duration, rest)) = split_at_marker(tail, " forwarded bytes ") {
        put_str(fields, "duration", duration.trim());
        let (bytes, reason) = rest.split_once(' ').unwrap_or((rest, ""));
        put_int(fields, "bytes", bytes);
        if !reason.trim().is_empty() {
            put_str(fields, "reason", reason.trim());
        }
    }
    Some(())
}

/// `{Built {inbound|outbound}|Teardown} ICMP connection for faddr F/N gaddr G/N laddr L/N [(user)] [type T code C]`.
fn read_icmp_connection(text: &str, fields: &mut FieldMap) -> Option<()> {
    let (head, rest) = split_at_marker(text, " ICMP connection for ")?;
    if let Some(direction) = head.strip_prefix("Built ") {
        put_str(fields, "direction", direction.trim());
    } else if head != "Teardown" {
        return None;
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    let mut at = 0;
    while at < words.len() {
        match words[at] {
            key @ ("faddr" | "gaddr" | "laddr") => {
                let [address, id, user] = match key {
                    "faddr" => [field!("faddr"), field!("faddr_id"), field!("faddr_user")],
                    "gaddr" => [field!("gaddr"), field!("gaddr_id"), field!("gaddr_user")],
                    _ => [field!("laddr"), field!("laddr_id"), field!("laddr_user")],
                };
                let socket = read_socket(words.get(at + 1)?, false)?;
                put_str(fields, address.name(), socket.address);
                if let Some(text) = socket.port {
                    put_int(fields, id.name(), text);
                }
                if let Some(text) = socket.user {
                    put_str(fields, user.name(), text);
                }
                at += 2;
            }
            "type" => {
                put_int(fields, "icmp_type", words.get(at + 1)?);
                at += 2;
            }
            "code" => {
                put_int(fields, "icmp_code", words.get(at + 1)?);
                at += 2;
            }
            word if word.starts_with('(') && word.ends_with(')') => {
                put_str(fields, "user", word.trim_start_matches('(').trim_end_matches(')'));
                at += 1;
            }
            _ => at += 1,
        }
    }
    fields.contains_key("laddr").then_some(())
}

/// `{Built|Teardown} {dynamic|static} PROTO translation from IF:IP/PORT to IF:IP/PORT [duration T]`.
fn read_translation(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("Built ").or_else(|| text.strip_prefix("Teardown "))?;
    let (kind, rest) = rest.split_once(' ')?;
    let (protocol, rest) = split_at_marker(rest, " translation from ")?;
    let (real, rest) = split_at_marker(rest, " to ")?;
    let (mapped, duration) = match split_at_marker(rest, " duration ") {
        Some((mapped, duration)) => (mapped, Some(duration)),
        None => (rest, None),
    };
    let real = read_socket(real, true)?;
    let mapped = read_socket(mapped, true)?;
    put_str(fields, "xlate_type", kind);
    put_str(fields, "protocol", protocol);
    put_socket(fields, &REAL, &real);
    put_socket(fields, &MAPPED, &mapped);
    if let Some(duration) = duration {
        put_str(fields, "duration", duration.trim());
    }
    Some(())
}

/// `Deny PROTO src IF:IP[/PORT][(user)] dst IF:IP[/PORT][(user)] [(type T, code C)] by access-group "ACL" [H1, H2]`.
fn read_acl_deny(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("Deny ")?;
    let (protocol, _) = split_at_marker(rest, " src ")?;
    put_str(fields, "protocol", protocol);
    read_src_dst(rest, fields)?;
    let (_, rest) = split_at_marker(rest, " by access-group ")?;
    let rest = rest.trim();
    let (acl, hashes) = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split_once('"')?,
        None => rest.split_once(' ').unwrap_or((rest, "")),
    };
    put_str(fields, "acl", acl);
    let hashes = hashes.trim();
    if let Some(inner) = hashes.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        put_str(fields, "hash_codes", inner);
    }
    Some(())
}

/// Reads `src IF:IP[/PORT][(user)] dst IF:IP[/PORT][(user)] [(type T, code C)]` anywhere in a
/// message (106014, 106023, 313005), up to ` by `, ` on ` or the ICMP type.
fn read_src_dst(text: &str, fields: &mut FieldMap) -> Option<()> {
    let (_, rest) = split_at_marker(text, " src ").or_else(|| text.strip_prefix("src ").map(|r| ("", r)))?;
    let (src, rest) = split_at_marker(rest, " dst ")?;
    let end = [" by ", " on ", "(type "]
        .iter()
        .filter_map(|marker| rest.find(marker))
        .min()
        .unwrap_or(rest.len());
    let (dst, tail) = rest.split_at(end);
    put_socket(fields, &SRC, &read_socket(src, has_interface(src))?);
    put_socket(fields, &DST, &read_socket(dst, has_interface(dst))?);
    if let Some(icmp) = tail.trim().strip_prefix("(type ") {
        let inner = icmp.split(')').next().unwrap_or("");
        let mut parts = inner.split(',');
        put_int(fields, "icmp_type", parts.next().unwrap_or("").trim());
        if let Some(code) = parts.next().and_then(|p| p.trim().strip_prefix("code ")) {
            put_int(fields, "icmp_code", code);
        }
    }
    Some(())
}

/// `access-list ACL ACTION PROTO IF/IP(PORT)[(user)] -> IF/IP(PORT)[(user)] hit-cnt N INTERVAL [H1, H2]`.
fn read_acl_log(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("access-list ")?;
    let mut words = rest.splitn(4, ' ');
    let acl = words.next()?;
    let action = words.next()?;
    let protocol = words.next()?;
    let rest = words.next()?;
    let (src, rest) = split_at_marker(rest, " -> ")?;
    let (dst, rest) = split_at_marker(rest, " hit-cnt ")?;
    put_str(fields, "acl", acl);
    put_str(fields, "acl_action", action);
    put_str(fields, "protocol", protocol);
    for (side, text) in [(&SRC, src), (&DST, dst)] {
        let (interface, rest) = text.trim().split_once('/')?;
        let open = rest.find('(').unwrap_or(rest.len());
        put_str(fields, side.interface.name(), interface);
        put_str(fields, side.ip.name(), &rest[..open]);
        let mut groups = rest[open..].split(['(', ')']).filter(|g| !g.is_empty());
        if let Some(port) = groups.next() {
            put_int(fields, side.port.name(), port);
        }
        if let Some(user) = groups.next() {
            put_str(fields, side.user.name(), user);
        }
    }
    let (count, rest) = rest.split_once(' ')?;
    put_int(fields, "hit_count", count);
    let (interval, hashes) = split_at_marker(rest, " [").unwrap_or((rest, ""));
    put_str(
        fields,
        "hit_interval",
        interval.trim().trim_start_matches('(').trim_end_matches(')'),
    );
    if let Some(inner) = hashes.trim().strip_suffix(']') {
        put_str(fields, "hash_codes", inner);
    }
    Some(())
}

/// Reads 106103, `access-list ACL denied PROTO for user 'U' IF/SRC(PORT) -> IF/DST(PORT) hit-cnt
/// N ...`: the 106100 layout with the user of a VPN filter or per-user access list.
fn read_filter_acl_log(text: &str, fields: &mut FieldMap) -> Option<()> {
    let (head, rest) = split_at_marker(text, " for user '")?;
    let (user, rest) = rest.split_once('\'')?;
    put_str(fields, "user", user);
    read_acl_log(&format!("{head} {}", rest.trim_start()), fields)
}

/// Reads the cut-through proxy messages: 109001 `Auth start for user 'U' from SRC/PORT to
/// DST/PORT`, and 109005 to 109008, `Authentication succeeded` (or `failed`) and `Authorization
/// permitted` (or `denied`) with the same sockets, then `on interface IF`.
fn read_cut_through(text: &str, fields: &mut FieldMap) -> Option<()> {
    let (_, rest) = split_at_marker(text, " for user '")?;
    let (user, rest) = rest.split_once('\'')?;
    let rest = rest.trim_start().strip_prefix("from ")?.trim_end_matches('.');
    let (src, rest) = split_at_marker(rest, " to ")?;
    let (dst, interface) = split_at_marker(rest, " on interface ").unwrap_or((rest, ""));
    put_str(fields, "user", user);
    put_socket(fields, &SRC, &read_socket(src, has_interface(src))?);
    put_socket(fields, &DST, &read_socket(dst, has_interface(dst))?);
    if !interface.trim().is_empty() {
        put_str(fields, "interface", interface.trim());
    }
    Some(())
}

/// True when a socket text starts with an interface name (`outside:10.0.0.1/80`), which an
/// IPv6 address alone (`2001:db8::1/80`) does not.
fn has_interface(text: &str) -> bool {
    let text = text.trim();
    let token = &text[..text.bytes().position(|byte| matches!(byte, b' ' | b'(')).unwrap_or(text.len())];
    let address = format::rsplit_at_byte(token, b'/').map_or(token, |(address, _)| address);
    has_byte(token, b':') && !is_ip_address(address)
}

/// The packet messages that name both sockets after `from` and `to`: 106001, 106006, 106007,
/// 106012, 106015 to 106017, 106021, 110002, 110003, 419002, 500004 and the 71000x service
/// messages. When only the destination names an interface (71000x), it is stored as
/// `interface`, the interface that received the packet. 106016 writes the spoofed source in
/// parentheses and 106012 follows the destination with `, IP options`.
fn read_packet(text: &str, fields: &mut FieldMap) -> Option<()> {
    let text = text.trim_end_matches('.');
    let (head, rest) = split_at_marker(text, " from ")?;
    let (src, rest) = split_at_marker(rest, " to ")?;
    let src = src.trim();
    let src = src.strip_prefix('(').and_then(|s| s.strip_suffix(')')).unwrap_or(src);
    let rest = split_at_marker(rest, ", ").map_or(rest, |(socket, _)| socket);
    let (dst, tail) = match rest
        .find(" flags ")
        .or_else(|| rest.find(" on interface "))
        .or_else(|| rest.find(" with "))
    {
        Some(at) => (&rest[..at], rest[at..].trim()),
        None => (rest, ""),
    };
    let src = read_socket(src, has_interface(src))?;
    let dst = read_socket(dst, has_interface(dst))?;
    if let (None, Some(interface)) = (src.interface, dst.interface) {
        put_str(fields, "interface", interface);
    }
    let dst_interface = if src.interface.is_some() { dst.interface } else { None };
    put_socket(fields, &SRC, &src);
    put_socket(
        fields,
        &DST,
        &Socket {
            interface: dst_interface,
            ..dst
        },
    );
    // The 71000x messages open with the protocol: `TCP access denied by ACL`.
    let service_message = head.contains(" access ") || head.contains(" request ");
    if let Some(protocol) = head.split_whitespace().next().filter(|_| service_message) {
        put_str(fields, "protocol", protocol);
    }
    if let Some(flags) = tail.strip_prefix("flags ") {
        let (flags, after) = split_at_marker(flags, " on interface ").unwrap_or((flags, ""));
        put_str(fields, "tcp_flags", flags.trim());
        if !after.is_empty() {
            put_str(fields, "interface", after.trim());
        }
    } else if let Some(interface) = tail.strip_prefix("on interface ") {
        put_str(fields, "interface", interface.trim());
    }
    Some(())
}

/// `[OBJECT] drop rate-N exceeded. Current burst rate is N per second, max configured rate is N;
/// Current average rate is N per second, max configured rate is N; Cumulative total count is N`.
fn read_threat(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix('[')?;
    let (object, rest) = rest.split_once(']')?;
    put_str(fields, "object", object.trim());
    let rate = split_at_marker(rest, "rate-")?.1;
    let (rate_id, _) = rate.split_once(' ')?;
    put_int(fields, "rate_id", rate_id);
    read_rates(rest, fields);
    Some(())
}

/// Reads the `Current burst rate is N per second, max configured rate is N; Current average
/// rate is N per second, max configured rate is N; Cumulative total count is N` part of the
/// threat detection messages.
fn read_rates(rest: &str, fields: &mut FieldMap) {
    let number_after = |label: &str, from: &str| -> Option<String> {
        let at = from.find(label)? + label.len();
        Some(from[at..].trim_start().split([' ', ';']).next()?.to_string())
    };
    for part in rest.split(';') {
        let part = part.trim();
        let target = if part.starts_with("Current burst") || part.contains("burst rate") {
            ["burst_rate", "burst_rate_max"]
        } else if part.starts_with("Current average") {
            ["average_rate", "average_rate_max"]
        } else {
            if let Some(total) = number_after("Cumulative total count is", part) {
                put_int(fields, "total_count", &total);
            }
            continue;
        };
        if let Some(value) = number_after(" rate is", part) {
            put_int(fields, target[0], &value);
        }
        if let Some(value) = number_after("max configured rate is", part) {
            put_int(fields, target[1], &value);
        }
    }
}

/// 733101 `{Host|Subnet} A is {targeted|attacking}. Current burst rate is N per second, ...;
/// Cumulative total count is N`: scanning threat detection found a host or subnet attacking or
/// under attack. The rates read as those of 733100.
fn read_scanning_threat(text: &str, fields: &mut FieldMap) -> Option<()> {
    let (head, rates) = split_at_marker(text, ". ")?;
    let mut words = head.split_whitespace();
    let kind = words.next()?;
    let address = words.next()?;
    let role = words.nth(1)?;
    if !matches!(kind, "Host" | "Subnet") || !matches!(role, "targeted" | "attacking") {
        return None;
    }
    put_str(fields, "object", address);
    put_str(fields, "object_kind", kind);
    put_str(fields, "threat_role", role);
    read_rates(rates, fields);
    fields.contains_key("total_count").then_some(())
}

/// `AAA user TYPE RESULT : key = value : ...` (113004, 113005, 113012, 113015).
///
/// Releases separate the pairs with ` : `, `: ` or ` , ` and spell the user key `user` or
/// `User`, so each value runs up to the next known key.
fn read_aaa(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("AAA user ")?;
    if let Some((aaa_type, _result)) = rest.split_once(' ') {
        put_str(fields, "aaa_type", aaa_type);
    }
    let keys = [
        ("reason = ", "reason"),
        ("server = ", "server"),
        ("user IP = ", "src_ip"),
        ("user = ", "user"),
        ("User = ", "user"),
        // `local database` names the authenticating server of 113012 and 113015, and it ends
        // the previous value.
        ("local database", ""),
    ];
    // Key start, value start and field name of every key found.
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    for (key, name) in keys {
        let mut from = 0;
        while let Some(found) = rest[from..].find(key) {
            let at = from + found;
            let after_separator = at == 0 || matches!(rest.as_bytes()[at - 1], b' ' | b':' | b',');
            if after_separator {
                marks.push((at, at + key.len(), name));
            }
            from = at + key.len();
        }
    }
    marks.sort_unstable();
    for (index, (_, value_start, name)) in marks.iter().enumerate() {
        let value_end = marks.get(index + 1).map_or(rest.len(), |next| next.0);
        let value = rest.get(*value_start..value_end).unwrap_or("").trim().trim_end_matches([':', ',']).trim_end();
        if !name.is_empty() && !fields.contains_key(name) {
            put_str(fields, *name, value);
        }
    }
    Some(())
}

/// `User authentication succeeded: IP address: A, Uname: U`, its failure twin and `User logged out: Uname: U`.
fn read_management_login(text: &str, fields: &mut FieldMap) -> Option<()> {
    let (_, rest) = split_at_marker(text, ": ")?;
    for part in rest.split(", ") {
        if let Some(ip) = part.strip_prefix("IP address: ").or_else(|| part.strip_prefix("IP, ")) {
            put_str(fields, "src_ip", ip.trim().trim_end_matches(':').trim());
        } else if let Some(user) = split_at_marker(part, "Uname: ").map(|(_, u)| u) {
            put_str(fields, "user", user.trim());
        }
    }
    fields.contains_key("user").then_some(())
}

/// `Login {permitted|denied} from IP/PORT to IF:IP/SERVICE for user "U"`.
fn read_login_permission(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("Login ")?;
    let (outcome, rest) = split_at_marker(rest, " from ")?;
    put_str(fields, "outcome", outcome);
    let (sockets, user) = split_at_marker(rest, " for user ")?;
    match split_at_marker(sockets, " to ") {
        Some((src, dst)) => {
            put_socket(fields, &SRC, &read_socket(src, false)?);
            put_socket(fields, &DST, &read_socket(dst, dst.contains(':'))?);
        }
        None => put_str(fields, "src_ip", sockets.trim()),
    }
    put_str(fields, "user", user.trim().trim_matches(['"', '\'']));
    Some(())
}

/// 111008 `User 'U' executed the 'C' command.`, 111009 `User 'U' executed cmd: C` and
/// 111010 `User 'U', running 'APP' from IP A, executed 'C'`.
fn read_command(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("User '")?;
    let (user, rest) = rest.split_once('\'')?;
    put_str(fields, "user", user);
    if let Some(command) = rest.strip_prefix(" executed the '") {
        put_str(
            fields,
            "command",
            command.trim_end_matches('.').trim_end_matches(" command").trim_end_matches('\''),
        );
    } else if let Some(command) = rest.strip_prefix(" executed cmd: ") {
        put_str(fields, "command", command);
    } else if let Some(rest) = rest.strip_prefix(", running '") {
        let (application, rest) = rest.split_once('\'')?;
        put_str(fields, "application", application);
        if let Some(ip) = split_at_marker(rest, "from IP ").and_then(|(_, r)| r.split(',').next()) {
            put_str(fields, "src_ip", ip.trim());
        }
        let (_, command) = split_at_marker(rest, "executed '")?;
        put_str(fields, "command", command.trim_end_matches('\''));
    } else {
        return None;
    }
    Some(())
}

/// 111007 `Begin configuration: IP reading from SOURCE [METHOD]`.
fn read_begin_configuration(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("Begin configuration: ")?;
    let (address, rest) = split_at_marker(rest, " reading from ")?;
    put_str(fields, "src_ip", address.trim());
    let (source, method) = split_at_marker(rest, " [").unwrap_or((rest, ""));
    put_str(fields, "application", source.trim());
    put_str(fields, "command", "begin configuration");
    if let Some(method) = method.strip_suffix(']') {
        put_str(fields, "http_method", method);
    }
    Some(())
}

/// `[TunnelGroup <T> GroupPolicy <G> | Group <G>] User <U> IP <A> TEXT`, shared by the
/// AnyConnect (113039, 7220xx, 716xxx) messages. Returns true when user and address were found.
fn read_session(text: &str, fields: &mut FieldMap) -> bool {
    let mut rest = text.trim();
    let mut found = 0;
    for (label, name) in [
        ("TunnelGroup", "tunnel_group"),
        ("GroupPolicy", "group"),
        ("Group", "group"),
        ("User", "user"),
        ("IP", "src_ip"),
    ] {
        let Some(after) = rest.strip_prefix(label).and_then(|r| r.strip_prefix(" <")) else {
            continue;
        };
        let Some((value, after)) = after.split_once('>') else {
            return false;
        };
        put_str(fields, name, value);
        if name == "user" || name == "src_ip" {
            found += 1;
        }
        rest = after.trim_start();
    }
    if found == 2 {
        put_str(fields, "session_text", rest);
    }
    found == 2
}

/// Reads the session form without angle brackets, `Group G User U IP A TEXT`, of the WebVPN
/// (716xxx) and AnyConnect (1130xx) messages, in which the group and the user are single
/// words. Returns true when all three were found.
fn read_plain_session(text: &str, fields: &mut FieldMap) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let [group_label, group, user_label, user, ip_label, ip, ..] = words.as_slice() else {
        return false;
    };
    if (*group_label, *user_label, *ip_label) != ("Group", "User", "IP") || ip.parse::<IpAddr>().is_err() {
        return false;
    }
    put_str(fields, "group", group);
    put_str(fields, "user", user);
    put_str(fields, "src_ip", ip);
    put_str(fields, "session_text", &words[6..].join(" "));
    true
}

/// Reads 716039 as some releases write it, `Authentication: rejected, group = G user = U ,
/// Session Type: T`. Returns true when the user was found.
fn read_assigned_session(text: &str, fields: &mut FieldMap) -> bool {
    let value_after = |key: &str| -> Option<&str> {
        let (_, rest) = text.split_once(key)?;
        let end = [" user = ", " , ", ", "].iter().filter_map(|marker| rest.find(marker)).min().unwrap_or(rest.len());
        Some(rest[..end].trim()).filter(|value| !value.is_empty())
    };
    let Some(user) = value_after("user = ") else { return false };
    put_str(fields, "user", user);
    if let Some(group) = value_after("group = ") {
        put_str(fields, "group", group);
    }
    if let Some((_, session_type)) = split_at_marker(text, "Session Type: ") {
        put_str(fields, "session_type", session_type.trim().trim_end_matches('.'));
    }
    put_str(fields, "session_text", text);
    true
}

/// Reads the user, and the address where there is one, of these notices:
/// - 113008 `AAA transaction status ACCEPT : user = U`;
/// - 113009 `AAA retrieved default group policy G for user U`;
/// - 113021 `Attempted console login failed. User U did NOT have appropriate Admin Rights.`;
/// - 315011 `SSH session from A on interface I for user "U" disconnected by SSH server, reason: R`
///   or `... terminated normally`;
/// - 721016 and 721018 `(NAME) WebVPN session for client user U, IPv4 A has been {created|deleted}.`
fn read_user_notice(message_id: &str, text: &str, fields: &mut FieldMap) -> Option<()> {
    let word_after = |marker: &str| -> Option<&str> {
        let (_, rest) = text.split_once(marker)?;
        let word = rest.split([' ', ',']).next()?.trim_matches('"').trim_end_matches(':');
        Some(word).filter(|word| !word.is_empty())
    };
    match message_id {
        "113008" => {
            put_str(fields, "aaa_status", word_after("transaction status ")?);
            put_str(fields, "user", split_at_marker(text, "user = ")?.1.trim());
        }
        "113009" => {
            put_str(fields, "group", word_after("group policy ")?);
            put_str(fields, "user", text.rsplit_once(" for user ")?.1.trim());
        }
        "113021" => put_str(fields, "user", word_after(" User ")?),
        "315011" => {
            let (_, rest) = split_at_marker(text, "SSH session from ")?;
            let (address, rest) = split_at_marker(rest, "on interface ")?;
            if !address.trim().is_empty() {
                put_str(fields, "src_ip", address.trim());
            }
            let (interface, rest) = split_at_marker(rest, " for user ")?;
            put_str(fields, "interface", interface.trim());
            let (user, outcome) = match rest.strip_prefix('"') {
                Some(quoted) => quoted.split_once('"')?,
                None => rest.split_once(' ').unwrap_or((rest, "")),
            };
            put_str(fields, "user", user);
            let outcome = outcome.trim().trim_end_matches('.');
            let reason = split_at_marker(outcome, "reason: ").map_or(outcome, |(_, reason)| reason);
            put_str(fields, "reason", reason.trim().trim_matches('"'));
        }
        _ => {
            let (_, rest) = split_at_marker(text, "for client user ")?;
            let (user, rest) = split_at_marker(rest, ", ")?;
            put_str(fields, "user", user.trim());
            let address = rest.split_whitespace().nth(1)?;
            put_str(fields, "src_ip", address);
        }
    }
    Some(())
}

/// 722022 and 722023: `Group <G> User <U> IP <A> {TCP|UDP} SVC connection {established|terminated} {with|without} compression`.
fn read_svc_connection(text: &str, fields: &mut FieldMap) -> Option<()> {
    if !read_session(text, fields) {
        return None;
    }
    let rest = text.rsplit_once("> ")?.1;
    let (protocol, rest) = split_at_marker(rest, " SVC connection ")?;
    put_str(fields, "svc_protocol", protocol);
    let (_, compression) = rest.split_once(' ')?;
    put_str(fields, "compression", compression.trim_end_matches(" compression"));
    Some(())
}

/// 113019 `Group = G, Username = U, IP = A, Session disconnected. Session Type: T, Duration: D, Bytes xmt: N, Bytes rcv: N, Reason: R`.
fn read_session_summary(text: &str, fields: &mut FieldMap) -> Option<()> {
    for part in text.split(", ") {
        let (key, value) = match split_at_marker(part, " = ").or_else(|| split_at_marker(part, ": ")) {
            Some(pair) => pair,
            None => continue,
        };
        let value = value.trim();
        match key.trim().trim_start_matches("Session disconnected. ") {
            "Group" => put_str(fields, "group", value),
            "Username" => put_str(fields, "user", value),
            "IP" => put_str(fields, "src_ip", value),
            "Session Type" => put_str(fields, "session_type", value),
            "Duration" => put_str(fields, "duration", value),
            "Bytes xmt" => put_int(fields, "bytes_out", value),
            "Bytes rcv" => put_int(fields, "bytes_in", value),
            "Reason" => put_str(fields, "reason", value),
            _ => {}
        }
    }
    fields.contains_key("user").then_some(())
}

/// 750003 and 750006: `Local:A:P Remote:A:P Username:U TEXT`.
fn read_ikev2(text: &str, fields: &mut FieldMap) -> Option<()> {
    let mut rest = text.trim();
    // The address and port fields of each socket, none for the user.
    let labels = [
        ("Local:", Some(("local_ip", "local_port"))),
        ("Remote:", Some(("remote_ip", "remote_port"))),
        ("Username:", None),
    ];
    for (label, socket) in labels {
        let after = rest.strip_prefix(label)?.trim_start();
        let (value, after) = after.split_once(' ').unwrap_or((after, ""));
        match socket {
            None => put_str(fields, "user", value),
            Some((ip, port_name)) => {
                let (address, port) = value.rsplit_once(':')?;
                put_str(fields, ip, address);
                put_int(fields, port_name, port);
            }
        }
        rest = after.trim_start();
    }
    put_str(fields, "session_text", rest);
    Some(())
}

/// Reads the peer that the IKEv1 messages (713xxx) open with, `Group = G, Username = U, IP = A,
/// TEXT`, any of the three parts being optional. The rest of the text is kept as `session_text`.
fn read_ike_prefix(text: &str, fields: &mut FieldMap) -> Option<()> {
    let mut rest = text.trim();
    let mut found = false;
    while let Some((key, after)) = split_at_marker(rest, " = ") {
        let name = match key {
            "Group" => "group",
            "Username" => "user",
            "IP" => "src_ip",
            _ => break,
        };
        let (value, after) = split_at_marker(after, ", ").unwrap_or((after, ""));
        put_str(fields, name, value.trim());
        found = true;
        rest = after.trim_start();
    }
    if !found {
        return None;
    }
    put_str(fields, "session_text", rest);
    Some(())
}

/// 602303 and 602304: `IPSEC: An {inbound|outbound} TYPE SA (SPI= 0xN) between A and B (user= U)
/// has been {created|deleted}.` The first address is the local end, the second the peer.
fn read_ipsec_sa(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("IPSEC: ")?;
    let rest = rest.strip_prefix("An ").or_else(|| rest.strip_prefix("A "))?;
    let (direction, rest) = rest.split_once(' ')?;
    let (tunnel_type, rest) = split_at_marker(rest, " SA ")?;
    let (_, rest) = split_at_marker(rest, "between ")?;
    let (local, rest) = split_at_marker(rest, " and ")?;
    let (peer, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    put_str(fields, "direction", direction);
    put_str(fields, "tunnel_type", tunnel_type);
    put_str(fields, "local_ip", local.trim());
    put_str(fields, "src_ip", peer.trim());
    if let Some(user) = split_at_marker(rest, "(user= ").and_then(|(_, user)| user.split_once(')')) {
        put_str(fields, "user", user.0.trim());
    }
    Some(())
}

/// Reads the IP audit signature messages, 400000 to 400050: `IDS:NNNN NAME from A to B on
/// interface I`.
fn read_ids_signature(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("IDS:")?;
    let (signature, rest) = rest.split_once(' ')?;
    let (name, rest) = rest.rsplit_once(" from ")?;
    let (source, rest) = split_at_marker(rest, " to ")?;
    let (destination, interface) = split_at_marker(rest, " on interface ").unwrap_or((rest, ""));
    put_int(fields, "signature_id", signature);
    put_str(fields, "signature_name", name.trim());
    put_str(fields, "src_ip", source.trim());
    put_str(fields, "dst_ip", destination.trim());
    if !interface.trim().is_empty() {
        put_str(fields, "interface", interface.trim());
    }
    Some(())
}

/// 304001 `[user@]SRC [(user)] Accessed [JAVA ]URL [user@]DST:URL`, a URL that URL filtering
/// or URL logging saw a client request.
fn read_url_access(text: &str, fields: &mut FieldMap) -> Option<()> {
    let (source, rest) = split_at_marker(text, " Accessed ")?;
    let rest = rest.strip_prefix("JAVA ").unwrap_or(rest);
    let rest = rest.strip_prefix("URL ")?.trim();
    let scheme_at = ["http://", "https://", "ftp://"].iter().filter_map(|scheme| rest.find(scheme)).min()?;
    let destination = rest[..scheme_at].trim_end_matches(':');
    let url = &rest[scheme_at..];
    let mut source_words = source.split_whitespace();
    let source_socket = source_words.next()?;
    let (user, source_ip) = source_socket.rsplit_once('@').map_or((None, source_socket), |(user, ip)| (Some(user), ip));
    let (destination_user, destination_ip) = destination.rsplit_once('@').map_or((None, destination), |(user, ip)| (Some(user), ip));
    put_str(fields, "src_ip", source_ip);
    put_str(fields, "dst_ip", destination_ip);
    put_str(fields, "url", url);
    let identity = source_words.next().map(|word| word.trim_start_matches('(').trim_end_matches(')'));
    if let Some(user) = user.or(destination_user).or(identity).filter(|user| !user.is_empty()) {
        put_str(fields, "user", user);
    }
    Some(())
}

/// 507003 `PROTO flow from IF:A/P to IF:B/P terminated by inspection engine, reason - R.`: the
/// TCP normalizer or an inspection engine dropped the flow.
fn read_inspection_drop(text: &str, fields: &mut FieldMap) -> Option<()> {
    let (flow, reason) = split_at_marker(text, " terminated by inspection engine")?;
    read_packet(flow, fields)?;
    let protocol = flow.split_whitespace().next()?;
    put_str(fields, "protocol", protocol);
    if let Some((_, reason)) = split_at_marker(reason, "reason - ") {
        put_str(fields, "reason", reason.trim().trim_end_matches('.'));
    }
    Some(())
}

/// 313004 `Denied ICMP type=N, from laddr A on interface I to B: no matching session`.
fn read_icmp_denied(text: &str, fields: &mut FieldMap) -> Option<()> {
    let rest = text.strip_prefix("Denied ICMP type=")?;
    let (icmp_type, rest) = rest.split_once(',')?;
    let (_, rest) = split_at_marker(rest, "from ")?;
    let rest = rest.trim_start().strip_prefix("laddr ").unwrap_or(rest).trim_start();
    let (source, rest) = rest.split_once(' ')?;
    let (interface, destination) = match rest.trim_start().strip_prefix("on interface ") {
        Some(after) => {
            let (interface, destination) = split_at_marker(after, " to ")?;
            (Some(interface), destination)
        }
        None => (None, rest.trim_start().strip_prefix("to ")?),
    };
    let (destination, reason) = split_at_marker(destination, ": ").unwrap_or((destination, ""));
    put_str(fields, "protocol", "icmp");
    put_int(fields, "icmp_type", icmp_type.trim());
    put_str(fields, "src_ip", source);
    put_str(fields, "dst_ip", destination.trim());
    if let Some(interface) = interface {
        put_str(fields, "interface", interface.trim());
    }
    if !reason.is_empty() {
        put_str(fields, "reason", reason.trim());
    }
    Some(())
}

/// Firepower events written as `Key: Value, Key: Value`; a value may contain commas, so a
/// piece without `: ` continues the previous value.
fn read_firepower_event(text: &str, fields: &mut FieldMap) -> Option<()> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for piece in text.split(", ") {
        match split_at_marker(piece, ": ") {
            Some((key, value)) if key.split(' ').count() <= 2 => pairs.push((key.trim().to_string(), value.trim().to_string())),
            _ => {
                let (_, value) = pairs.last_mut()?;
                value.push_str(", ");
                value.push_str(piece);
            }
        }
    }
    for (key, value) in &pairs {
        let numeric = matches!(
            key.as_str(),
            "SrcPort"
                | "DstPort"
                | "InitiatorBytes"
                | "ResponderBytes"
                | "InitiatorPackets"
                | "ResponderPackets"
                | "ConnectionID"
                | "FileSize"
        );
        if numeric {
            put_int(fields, key.clone(), value);
        } else {
            put_str(fields, key.clone(), value.trim_start_matches("<br/>"));
        }
    }
    (!pairs.is_empty()).then_some(())
}

// ----------------------------------------------------------------------------------------------
// OCSF mapping
// ----------------------------------------------------------------------------------------------

/// Returns the text of a field of [`FIELD_NAMES`] when it is not empty.
#[inline]
fn text(fields: &FieldMap, column: Column) -> Option<&str> {
    fields.column_str(column).filter(|s| !s.is_empty())
}

/// Returns the text of a field of a Firepower event, whose names come from the input, when it
/// is not empty.
fn named_text<'a>(fields: &'a FieldMap, name: &str) -> Option<&'a str> {
    fields.get_str(name).filter(|s| !s.is_empty())
}

/// Returns the integer of a field stored as a number. A port that the firewall wrote as a
/// service name, such as `ssh`, has none.
#[inline]
fn number(fields: &FieldMap, column: Column) -> Option<i64> {
    fields.column(column).and_then(Value::as_i64)
}

/// Returns the value of a field as a record value. A text field becomes a string without the
/// `Value` that [`FieldMap::column`] makes of it.
fn field_node(fields: &FieldMap, column: Column) -> Option<Node> {
    match fields.column_str(column) {
        Some(text) => Some(Node::from(text)),
        None => fields.column(column).cloned().map(Node::from),
    }
}

/// Returns true when the fields `a` and `b` have equal `Value`s or are both missing, without
/// making a `Value` of a text field.
fn same_value(fields: &FieldMap, a: Column, b: Column) -> bool {
    match (fields.column_str(a), fields.column_str(b)) {
        (Some(a), Some(b)) => a == b,
        // Neither is a string, so reading them makes no `Value` of a text field.
        (None, None) => fields.column(a) == fields.column(b),
        _ => false,
    }
}

/// Returns the text of a connection id: the digits of a number, else the value as JSON
/// without its quotes.
fn value_text(value: &Value) -> Node {
    match value {
        Value::Number(number) => Node::String(Text::display(number)),
        other => Node::from(other.to_string().trim_matches('"').to_string()),
    }
}

/// Builds a network endpoint: `ip` (or `hostname` for a name), `port` and `interface_name`.
fn endpoint_object(address: Option<&str>, port: Option<&Value>, interface: Option<&str>) -> Object {
    // Each attribute is set once, so they are appended without a search.
    let mut endpoint = Object::with_capacity(3);
    if let Some(address) = address.filter(|a| !a.is_empty()) {
        let key = if is_ip_address(address) { "ip" } else { "hostname" };
        endpoint.append(key, address);
    }
    if let Some(port) = port.and_then(Value::as_i64).filter(|p| (0..=65_535).contains(p)) {
        endpoint.append("port", port);
    }
    if let Some(interface) = interface.filter(|i| !i.is_empty()) {
        endpoint.append("interface_name", interface);
    }
    endpoint
}

/// Sets the attributes of [`endpoint_object`] under `path`, keeping any already there.
fn set_endpoint(record: &mut RecordBuilder, path: &'static str, address: Option<&str>, port: Option<&Value>, interface: Option<&str>) {
    record.merge(path, endpoint_object(address, port, interface));
}

/// Sets an endpoint from the interface, address and port fields of one side.
fn set_side(record: &mut RecordBuilder, path: &'static str, fields: &FieldMap, side: &SocketFields) {
    set_endpoint(record, path, text(fields, side.ip), fields.column(side.port), text(fields, side.interface));
}

/// OCSF severity of a syslog severity: emergencies and alerts are critical, debugging,
/// informational and notifications are informational.
fn ocsf_severity(syslog: i64) -> u32 {
    match syslog {
        0 | 1 => ocsf::severity::CRITICAL,
        2 => ocsf::severity::HIGH,
        3 => ocsf::severity::MEDIUM,
        4 => ocsf::severity::LOW,
        _ => ocsf::severity::INFORMATIONAL,
    }
}

/// Returns the IP protocol number of a name, of a bare number or of the `protocol N` form that
/// 106023 uses for protocols without a name.
fn protocol_number(name: &str) -> Option<i64> {
    let name = name.trim();
    let number = name.strip_prefix("protocol ").unwrap_or(name);
    if let Ok(number) = number.trim().parse::<i64>() {
        return (0..=255).contains(&number).then_some(number);
    }
    ocsf::protocol_number(name)
}

/// Returns the protocol named in the words before the first socket of a packet message, such
/// as `Deny TCP reverse path check from` (106021) or `Deny inbound sctp src` (106010).
fn protocol_in_message(message: &str) -> Option<&str> {
    let head_end = [" from ", " src "].iter().filter_map(|marker| message.find(marker)).min()?;
    message[..head_end]
        .split_whitespace()
        .find(|word| protocol_number(word).is_some() && word.parse::<i64>().is_err())
}

/// Milliseconds of an ASA duration `H:MM:SS` (hours may exceed 24).
fn duration_millis(text: &str) -> Option<i64> {
    let mut parts = text.trim().split(':').map(|p| p.parse::<i64>().ok());
    let hours = parts.next()??;
    let minutes = parts.next()??;
    let seconds = parts.next()??;
    hours
        .checked_mul(60)?
        .checked_add(minutes)?
        .checked_mul(60)?
        .checked_add(seconds)?
        .checked_mul(1_000)
}

/// The OCSF class and activity a message maps to.
#[derive(Clone, Copy)]
enum Mapping {
    /// Network Activity with an activity id.
    Network(u32),
    /// Authentication: activity id and success.
    Authentication(u32, bool),
    /// Tunnel Activity with an activity id.
    Tunnel(u32),
    /// API Activity for a command.
    Command,
    /// Detection Finding for threat detection.
    Finding,
    /// HTTP Activity for a URL a client requested.
    Http,
    /// Base Event for messages without a dedicated mapping.
    Base,
}

fn mapping_of(message_id: &str, fields: &FieldMap) -> Mapping {
    let mapping = mapping_by_id(message_id, fields);
    // A message whose text did not match its id's layout lacks the fields the class needs.
    // `SrcIP` and `FileSHA256` are keys of Firepower events, found by name.
    let has = |column: Column| fields.contains_column(column);
    let complete = match mapping {
        Mapping::Network(_) => {
            [FOREIGN.ip, field!("faddr"), REAL.ip, SRC.ip, DST.ip].into_iter().any(has) || fields.contains_key("SrcIP")
        }
        Mapping::Authentication(..) => has(field!("user")),
        Mapping::Tunnel(_) => has(SRC.ip) || has(field!("remote_ip")),
        Mapping::Command => has(field!("command")),
        Mapping::Finding => has(field!("total_count")) || fields.contains_key("FileSHA256") || has(field!("signature_id")),
        Mapping::Http => has(field!("url")),
        Mapping::Base => true,
    };
    if complete {
        mapping
    } else {
        Mapping::Base
    }
}

fn mapping_by_id(message_id: &str, fields: &FieldMap) -> Mapping {
    // Only a few ids read these fields, so they are looked up when one of them matches.
    let reset = || text(fields, field!("reason")).is_some_and(|r| r.contains("Reset"));
    let blocked = || named_text(fields, "AccessControlRuleAction").is_some_and(|a| a.starts_with("Block"));
    match message_id {
        "302013" | "302015" | "302017" | "302020" | "302035" | "305011" | "725001" | "725002" => Mapping::Network(1),
        "302022" | "302024" | "302026" | "302303" => Mapping::Network(1),
        "302023" | "302025" | "302027" => Mapping::Network(2),
        // A state-bypass connection skips the stateful checks, and its teardown is that of 302014.
        "302304" => Mapping::Network(if reset() { 3 } else { 2 }),
        "507003" => Mapping::Network(5),
        "302014" | "302016" | "302018" | "302021" | "302036" | "305012" | "725007" => Mapping::Network(if reset() { 3 } else { 2 }),
        "725006" => Mapping::Network(4),
        "106023" | "106001" | "106006" | "106007" | "106010" | "106012" | "106014" | "106015" | "106016" | "106017" | "106021" | "500004"
        | "710003" | "313005" => Mapping::Network(5),
        // The firewall found no route for the packet, so the connection failed.
        "110002" | "110003" => Mapping::Network(4),
        // ICMP without a matching session, and packets the FirePOWER (SFR) module asked the
        // firewall to drop.
        "313004" | "434002" => Mapping::Network(5),
        // The SFR module let the firewall pass the rest of the flow without inspection.
        "434004" => Mapping::Network(6),
        "106100" | "106103" if text(fields, field!("acl_action")) == Some("denied") => Mapping::Network(5),
        "106100" | "106103" | "710002" | "710001" | "710005" => Mapping::Network(6),
        "419002" => Mapping::Network(99),
        "430002" => Mapping::Network(1),
        "430003" => Mapping::Network(if blocked() { 5 } else { 2 }),
        "430005" | "733100" | "733101" => Mapping::Finding,
        "304001" => Mapping::Http,
        id if id.starts_with("4000") => Mapping::Finding,
        // 113012 is the local database accepting a user: `AAA user authentication Successful`.
        // The cut-through proxy starting an authentication, which has no outcome yet, and
        // permitting or denying a user access, which is authorization, not a tunnel.
        "109001" | "109007" | "109008" => Mapping::Base,
        "113004" | "113012" | "611101" | "113039" | "750006" | "605005" | "109005" => Mapping::Authentication(1, true),
        "113005" | "113015" | "611102" | "605004" | "750003" | "716039" | "109006" => Mapping::Authentication(1, false),
        // The AnyConnect session could not be established (a session limit was reached).
        "113029" => Mapping::Authentication(1, false),
        "611103" | "113019" => Mapping::Authentication(2, true),
        "111007" | "111008" | "111009" | "111010" => Mapping::Command,
        "716001" | "721016" => Mapping::Authentication(1, true),
        "716002" | "721018" => Mapping::Authentication(2, true),
        "113008" => Mapping::Authentication(1, text(fields, field!("aaa_status")) == Some("ACCEPT")),
        "113021" => Mapping::Authentication(1, false),
        // The SSH session to the firewall ended, normally or because the server closed it.
        "315011" => Mapping::Authentication(2, true),
        "722022" | "722033" | "722034" => Mapping::Tunnel(1),
        "722023" | "722028" => Mapping::Tunnel(2),
        // IPsec SA created and deleted, IKEv1 phase 1 and phase 2 complete.
        "602303" | "713049" | "713120" => Mapping::Tunnel(1),
        "602304" => Mapping::Tunnel(2),
        id if id.starts_with("713") || id.starts_with("750") || id.starts_with("751") => Mapping::Tunnel(99),
        _ if text(fields, field!("src_ip")).is_some() && text(fields, field!("user")).is_some() => Mapping::Tunnel(99),
        _ => Mapping::Base,
    }
}

fn map_to_ocsf(parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
    let fields = &parsed.fields;
    let timestamp = text(fields, field!("timestamp"));
    let own_time = match timestamp {
        // A time followed by `UTC` or `GMT` is UTC whatever offset the options give.
        Some(timestamp) if fields.contains_column(field!("time_zone")) => Some(syslog3164::parse_timestamp(timestamp, options.year)?),
        Some(timestamp) => Some(options.syslog_time(timestamp)?),
        None => None,
    };
    let time = options.event_time(own_time)?;
    let message_id = text(fields, field!("message_id")).unwrap_or("");
    let mapping = mapping_of(message_id, fields);
    let (class_uid, activity_id) = match mapping {
        Mapping::Network(activity) => (class::NETWORK_ACTIVITY, activity),
        Mapping::Authentication(activity, _) => (class::AUTHENTICATION, activity),
        Mapping::Tunnel(activity) => (class::TUNNEL_ACTIVITY, activity),
        Mapping::Command => (class::API_ACTIVITY, command_activity(text(fields, field!("command")).unwrap_or(""))),
        Mapping::Finding => (class::DETECTION_FINDING, 1),
        Mapping::Http => (class::HTTP_ACTIVITY, 99),
        Mapping::Base => (class::BASE_EVENT, 99),
    };

    let mut record = RecordBuilder::new(class_uid, activity_id, time, &META);
    let severity = number(fields, field!("severity")).unwrap_or(6);
    record.severity(ocsf_severity(severity));
    let mut metadata = Object::with_capacity(2);
    if !message_id.is_empty() {
        metadata.append("event_code", message_id);
    }
    if let Some(timestamp) = timestamp.filter(|timestamp| *timestamp != "-") {
        metadata.append("original_time", timestamp);
    }
    record.merge_metadata(metadata);
    if matches!(text(fields, field!("prefix")), Some("FTD" | "NGIPS")) {
        record.set("metadata.product.name", "Firepower Threat Defense");
    }
    if let Some(message) = text(fields, field!("message")).filter(|message| *message != "-") {
        record.put("message", message);
    }
    set_device(&mut record, fields);

    match mapping {
        Mapping::Network(_) => map_network(&mut record, message_id, activity_id, fields),
        Mapping::Authentication(_, success) => map_authentication(&mut record, message_id, success, fields),
        Mapping::Tunnel(_) => map_tunnel(&mut record, fields),
        Mapping::Command => map_command(&mut record, fields),
        Mapping::Finding => map_finding(&mut record, message_id, fields),
        Mapping::Http => map_url_access(&mut record, fields),
        Mapping::Base => map_base(&mut record, fields),
    }
    Ok(record.build())
}

/// Sets `device` to the firewall that logged the line, from the syslog hostname.
fn set_device(record: &mut RecordBuilder, fields: &FieldMap) {
    let Some(hostname) = text(fields, field!("hostname")) else { return };
    let mut device = Object::with_capacity(3);
    if is_ip_address(hostname) {
        device.append("ip", hostname);
    } else {
        device.append("hostname", hostname);
    }
    device.append("type_id", 9);
    device.append("type", "Firewall");
    record.merge("device", device);
}

/// API Activity for a CLI command: `show` and friends read, anything else updates.
fn command_activity(command: &str) -> u32 {
    let verb = command.split_whitespace().next().unwrap_or("");
    match verb {
        "show" | "ping" | "traceroute" | "more" | "dir" | "packet-tracer" => 2,
        "begin" => 3,
        "login" | "logout" | "exit" | "enable" | "disable" => 99,
        "clear" | "no" => 4,
        _ => 3,
    }
}

fn map_network(record: &mut RecordBuilder, message_id: &str, activity_id: u32, fields: &FieldMap) {
    let rejected = activity_id == 5;
    if rejected {
        record
            .put("action_id", 2)
            .put("action", "Denied")
            .put("disposition_id", 2)
            .put("disposition", "Blocked");
        record.status(ocsf::status::FAILURE);
    } else if activity_id != 99 {
        record
            .put("action_id", 1)
            .put("action", "Allowed")
            .put("disposition_id", 1)
            .put("disposition", "Allowed");
        record.status(ocsf::status::SUCCESS);
    }
    let protocol = text(fields, field!("protocol")).or_else(|| named_text(fields, "Protocol")).or_else(|| match message_id {
        "302013" | "302014" | "106001" | "106015" | "419002" => Some("tcp"),
        "302015" | "302016" | "106006" | "106007" => Some("udp"),
        "302020" | "302021" | "106014" => Some("icmp"),
        _ => protocol_in_message(text(fields, field!("message")).unwrap_or("")),
    });
    // `connection_info` is built whole and merged once, in the order its attributes had when
    // each was set through its path.
    let mut connection = Object::with_capacity(5);
    if let Some(protocol) = protocol {
        let number = protocol_number(protocol);
        let name = match number.and_then(ocsf::protocol_name) {
            Some(name) => Node::from(name),
            None => Node::from(format::lower_case(protocol)),
        };
        connection.append("protocol_name", name);
        if let Some(number) = number {
            connection.append("protocol_num", number);
        }
    }
    if let Some(uid) = fields.column(field!("connection_id")).map(value_text) {
        connection.append("uid", uid);
    }
    let direction = text(fields, field!("direction"));
    let direction_id = match direction {
        Some("inbound") => 1,
        Some("outbound") => 2,
        _ => 0,
    };
    connection.append("direction_id", direction_id);
    if let Some(direction) = direction {
        connection.append("direction", if direction == "inbound" { "Inbound" } else { "Outbound" });
    }
    record.merge("connection_info", connection);
    if let Some(flags) = text(fields, field!("tcp_flags")) {
        record.put("status_detail", format!("flags {flags}"));
    }

    if fields.contains_column(field!("foreign_ip")) {
        map_connection_sides(record, fields, direction);
    } else if fields.contains_column(field!("faddr")) {
        map_icmp_sides(record, fields, direction);
    } else if fields.contains_column(field!("real_ip")) {
        // A translation names one host twice: the real socket is the source and, as in the
        // OCSF project's own ASA mapping, the translated socket is the destination.
        set_side(record, "src_endpoint", fields, &REAL);
        set_side(record, "dst_endpoint", fields, &MAPPED);
        record.set_str("unmapped.xlate_type", text(fields, field!("xlate_type")));
    } else if fields.contains_key("SrcIP") {
        map_firepower_connection(record, fields);
    } else {
        set_side(record, "src_endpoint", fields, &SRC);
        set_side(record, "dst_endpoint", fields, &DST);
        if let Some(interface) = text(fields, field!("interface")) {
            record.set("src_endpoint.interface_name", interface);
        }
        record.set_opt("unmapped.icmp_type", number(fields, field!("icmp_type")));
        record.set_opt("unmapped.icmp_code", number(fields, field!("icmp_code")));
    }

    if let Some(bytes) = number(fields, field!("bytes")) {
        record.set("traffic.bytes", bytes);
    }
    record.set_str("unmapped.cluster_role", text(fields, field!("cluster_role")));
    if let Some(duration) = text(fields, field!("duration")).and_then(duration_millis) {
        record.put("duration", duration);
    }
    if let Some(reason) = text(fields, field!("reason")) {
        let detail = match text(fields, field!("teardown_initiator")) {
            Some(initiator) => format!("{reason} from {initiator}"),
            None => reason.to_string(),
        };
        record.put("status_detail", detail);
    }
    if let Some(acl) = text(fields, field!("acl")) {
        let mut rule = Object::with_capacity(2);
        rule.append("name", acl);
        let uid = text(fields, field!("hash_codes")).and_then(|h| h.split(',').next()).filter(|h| *h != "0x0");
        if let Some(uid) = uid.filter(|uid| !uid.is_empty() && *uid != "-") {
            rule.append("uid", uid);
        }
        record.merge("firewall_rule", rule);
    }
    if message_id == "419002" {
        record.put("activity_name", "Other");
        record.put("status_detail", "Duplicate TCP SYN with a different initial sequence number");
    }
    // Identity firewall users follow the sockets as `(DOMAIN\\user)`.
    let identity = [
        SRC.user,
        FOREIGN.user,
        LOCAL.user,
        field!("faddr_user"),
        field!("laddr_user"),
        field!("user"),
        DST.user,
    ]
    .into_iter()
    .find_map(|column| text(fields, column));
    if let Some(identity) = identity {
        match identity.rsplit_once('\\') {
            Some((domain, name)) => record.set("actor.user.name", name).set("actor.user.domain", domain),
            None => record.set("actor.user.name", identity),
        };
    }
    if let Some(hit_count) = number(fields, field!("hit_count")) {
        record.put("count", hit_count);
    }
    if text(fields, field!("acl_action")) == Some("est-allowed") {
        record.put("status_detail", "denied by the access list but allowed for an established session");
    }
}

/// Maps the foreign ("for") and local ("to") sides of a TCP or UDP connection: the initiator
/// is the source. Teardowns carry no direction, so the side with the well-known (lower) port
/// is taken as the responder and the record marks the assignment as a guess.
fn map_connection_sides(record: &mut RecordBuilder, fields: &FieldMap, direction: Option<&str>) {
    let foreign_is_source = match direction {
        Some(direction) => direction == "inbound",
        None => {
            record.put("is_src_dst_assignment_known", false);
            let foreign_port = number(fields, field!("foreign_port")).unwrap_or(0);
            let local_port = number(fields, field!("local_port")).unwrap_or(0);
            foreign_port > local_port
        }
    };
    let (source, destination) = if foreign_is_source {
        (&FOREIGN, &LOCAL)
    } else {
        (&LOCAL, &FOREIGN)
    };
    set_side(record, "src_endpoint", fields, source);
    set_side(record, "dst_endpoint", fields, destination);
    let mut nat = Object::new();
    for side in [&FOREIGN, &LOCAL] {
        let Some(mapped) = field_node(fields, side.mapped_ip) else {
            continue;
        };
        if !same_value(fields, side.mapped_ip, side.ip) || !same_value(fields, side.mapped_port, side.port) {
            nat.insert(side.mapped_ip.name(), mapped);
            if let Some(port) = field_node(fields, side.mapped_port) {
                nat.insert(side.mapped_port.name(), port);
            }
        }
    }
    if !nat.is_empty() {
        record.set("unmapped.translation", Node::Object(nat));
    }
}

/// Maps faddr (foreign), gaddr (global, the translated local address) and laddr (local).
fn map_icmp_sides(record: &mut RecordBuilder, fields: &FieldMap, direction: Option<&str>) {
    let inbound = direction.is_some_and(|d| d == "inbound");
    let (source, destination) = if inbound || direction.is_none() {
        (field!("faddr"), field!("laddr"))
    } else {
        (field!("laddr"), field!("faddr"))
    };
    if direction.is_none() {
        record.put("is_src_dst_assignment_known", false);
    }
    set_endpoint(record, "src_endpoint", text(fields, source), None, None);
    set_endpoint(record, "dst_endpoint", text(fields, destination), None, None);
    if let (Some(icmp_type), Some(code)) = (
        number(fields, field!("icmp_type")),
        number(fields, field!("icmp_code")),
    ) {
        record.set("unmapped.icmp_type", icmp_type).set("unmapped.icmp_code", code);
    }
    record.set_str("unmapped.gaddr", text(fields, field!("gaddr")));
}

fn map_firepower_connection(record: &mut RecordBuilder, fields: &FieldMap) {
    set_endpoint(
        record,
        "src_endpoint",
        named_text(fields, "SrcIP"),
        fields.get("SrcPort"),
        named_text(fields, "IngressInterface"),
    );
    set_endpoint(
        record,
        "dst_endpoint",
        named_text(fields, "DstIP"),
        fields.get("DstPort"),
        named_text(fields, "EgressInterface"),
    );
    let sent = fields.get("InitiatorBytes").and_then(Value::as_i64);
    let received = fields.get("ResponderBytes").and_then(Value::as_i64);
    record.set_opt("traffic.bytes_out", sent).set_opt("traffic.bytes_in", received);
    if let (Some(sent), Some(received)) = (sent, received) {
        record.set("traffic.bytes", sent.saturating_add(received));
    }
    record.set_str("firewall_rule.name", named_text(fields, "AccessControlRuleName"));
    record.set_str("app_name", named_text(fields, "ApplicationProtocol"));
    if let Some(id) = fields.get("ConnectionID").and_then(Value::as_i64) {
        record.set("connection_info.uid", id.to_string());
    }
    let user = named_text(fields, "User").filter(|u| !u.starts_with("No Authentication") && *u != "Not Found");
    record.set_str("unmapped.user", user);
}

fn map_authentication(record: &mut RecordBuilder, message_id: &str, success: bool, fields: &FieldMap) {
    record.status(if success { ocsf::status::SUCCESS } else { ocsf::status::FAILURE });
    record.put("status", if success { "Success" } else { "Failure" });
    if !success && record.get("severity_id").and_then(Node::as_u64) == Some(u64::from(ocsf::severity::INFORMATIONAL)) {
        record.severity(ocsf::severity::LOW);
    }
    record.set("user.name", text(fields, field!("user")).unwrap_or("unknown"));
    if let Some(group) = text(fields, field!("group")) {
        record.set("user.groups", serde_json::json!([{ "name": group }]));
    }
    set_endpoint(
        record,
        "src_endpoint",
        text(fields, field!("src_ip")).or(text(fields, field!("remote_ip"))),
        fields.column(field!("src_port")).or(fields.column(field!("remote_port"))),
        None,
    );
    record.set_str("status_detail", text(fields, field!("reason")).or(text(fields, field!("session_text"))));
    let service = match message_id {
        "113029" | "113039" | "716039" | "113019" => "AnyConnect",
        "716001" | "716002" | "721016" | "721018" => "WebVPN",
        "315011" => "SSH",
        "113021" => "management",
        "750003" | "750006" => "IKEv2",
        "611101" | "611102" | "611103" | "605004" | "605005" => "management",
        "113015" => "local database",
        "109005" | "109006" => "cut-through proxy",
        _ => "AAA",
    };
    record.set("service.name", service);
    if let Some(server) = text(fields, field!("server")) {
        set_endpoint(record, "dst_endpoint", Some(server), None, None);
    } else if fields.contains_column(field!("dst_ip")) {
        set_side(record, "dst_endpoint", fields, &DST);
    } else if let Some(local) = text(fields, field!("local_ip")) {
        set_endpoint(record, "dst_endpoint", Some(local), fields.column(field!("local_port")), None);
    }
    if matches!(service, "AnyConnect" | "IKEv2" | "WebVPN") {
        record.put("is_remote", true);
    }
    if let Some(duration) = text(fields, field!("duration")) {
        record.set("unmapped.duration", duration);
    }
}

fn map_tunnel(record: &mut RecordBuilder, fields: &FieldMap) {
    // A LAN-to-LAN tunnel has no user, and the class does not require one.
    if let Some(user) = text(fields, field!("user")) {
        record.set("user.name", user);
        if let Some(group) = text(fields, field!("group")) {
            record.set("user.groups", serde_json::json!([{ "name": group }]));
        }
    } else {
        record.set_str("unmapped.group", text(fields, field!("group")));
    }
    // The peer is the source: `IP = A` of IKEv1, `Remote:A:P` of IKEv2, the second address of
    // an IPsec SA. The firewall's own address is the destination.
    set_endpoint(
        record,
        "src_endpoint",
        text(fields, field!("src_ip")).or(text(fields, field!("remote_ip"))),
        fields.column(field!("src_port")).or(fields.column(field!("remote_port"))),
        None,
    );
    set_endpoint(record, "dst_endpoint", text(fields, field!("local_ip")), fields.column(field!("local_port")), None);
    record.set_str("tunnel_type", text(fields, field!("tunnel_type")));
    if let Some(protocol) = text(fields, field!("svc_protocol")) {
        record.set("connection_info.protocol_name", protocol.to_ascii_lowercase());
        record.set_opt("connection_info.protocol_num", protocol_number(protocol));
        record
            .set("connection_info.direction_id", 1)
            .set("connection_info.direction", "Inbound");
        // AnyConnect carries its tunnel over TLS on TCP and over DTLS on UDP.
        record.put("tunnel_type", if protocol == "UDP" { "DTLS" } else { "TLS" });
    }
    record.set_str("status_detail", text(fields, field!("session_text")));
    if let Some(compression) = text(fields, field!("compression")) {
        record.set("unmapped.compression", compression);
    }
}

fn map_command(record: &mut RecordBuilder, fields: &FieldMap) {
    let command = text(fields, field!("command")).unwrap_or("");
    record.set("api.operation", command);
    record.set("actor.user.name", text(fields, field!("user")).unwrap_or("unknown"));
    record.set_str("actor.app_name", text(fields, field!("application")));
    // NOTE: 111008 and 111009 do not say where the session came from; the source then names the
    // firewall itself, whose CLI ran the command.
    match (text(fields, field!("src_ip")), text(fields, field!("hostname"))) {
        (Some(ip), _) => set_endpoint(record, "src_endpoint", Some(ip), None, None),
        (None, Some(hostname)) => set_endpoint(record, "src_endpoint", Some(hostname), None, None),
        (None, None) => {
            record.set("src_endpoint.name", "unknown");
        }
    }
    record.status(ocsf::status::SUCCESS);
}

fn map_finding(record: &mut RecordBuilder, message_id: &str, fields: &FieldMap) {
    record.put("is_alert", true).put("status_id", 1).put("status", "New");
    if message_id == "733100" {
        let object = text(fields, field!("object")).unwrap_or("unknown");
        let rate = fields.column(field!("rate_id")).map(|v| v.to_string()).unwrap_or_default();
        record.severity(ocsf::severity::MEDIUM);
        record.set("finding_info.uid", format!("733100:{object}:rate-{rate}"));
        record.set("finding_info.title", format!("[{object}] drop rate-{rate} exceeded"));
        record.set("finding_info.types", serde_json::json!(["Threat Detection"]));
        record
            .set("finding_info.analytic.name", "threat-detection rate")
            .set("finding_info.analytic.type_id", 3)
            .set("finding_info.analytic.type", "Statistical");
        if object.parse::<IpAddr>().is_ok() {
            record.put("evidences", serde_json::json!([{ "src_endpoint": { "ip": object } }]));
        }
        record.set_opt("count", number(fields, field!("total_count")));
        record.put("action_id", 2).put("action", "Denied");
        return;
    }
    if message_id == "733101" {
        let object = text(fields, field!("object")).unwrap_or("unknown");
        let role = text(fields, field!("threat_role")).unwrap_or("attacking");
        let kind = text(fields, field!("object_kind")).unwrap_or("Host");
        record.severity(ocsf::severity::MEDIUM);
        record.set("finding_info.uid", format!("733101:{object}:{role}"));
        record.set("finding_info.title", format!("{kind} {object} is {role}"));
        record.set("finding_info.types", serde_json::json!(["Scanning Threat Detection"]));
        record
            .set("finding_info.analytic.name", "threat-detection scanning-threat")
            .set("finding_info.analytic.type_id", 3)
            .set("finding_info.analytic.type", "Statistical");
        // The attacker is the source of the evidence, the target its destination.
        let side = if role == "attacking" { "src_endpoint" } else { "dst_endpoint" };
        if object.parse::<IpAddr>().is_ok() {
            record.put("evidences", serde_json::json!([{ side: { "ip": object } }]));
        }
        record.set_opt("count", number(fields, field!("total_count")));
        return;
    }
    if let Some(signature) = number(fields, field!("signature_id")) {
        map_ids_signature(record, message_id, signature, fields);
        return;
    }
    // Firepower file event with a malware disposition.
    let sha256 = named_text(fields, "FileSHA256").unwrap_or("unknown");
    record.severity(ocsf::severity::HIGH);
    record.set("finding_info.uid", format!("{message_id}:{sha256}"));
    record.set("finding_info.title", named_text(fields, "ThreatName").unwrap_or("File event"));
    let mut evidence = Object::new();
    let source = endpoint_object(named_text(fields, "SrcIP"), fields.get("SrcPort"), None);
    if !source.is_empty() {
        evidence.insert("src_endpoint", Node::Object(source));
    }
    let destination = endpoint_object(named_text(fields, "DstIP"), fields.get("DstPort"), None);
    if !destination.is_empty() {
        evidence.insert("dst_endpoint", Node::Object(destination));
    }
    if let Some(name) = named_text(fields, "FileName") {
        let mut file = serde_json::json!({ "name": name, "type_id": 1 });
        if sha256 != "unknown" {
            file["hashes"] = serde_json::json!([{ "algorithm_id": 3, "value": sha256 }]);
        }
        evidence.insert("file", file);
    }
    if !evidence.is_empty() {
        record.put("evidences", Node::Array(vec![Node::Object(evidence)]));
    }
    record.set_str("status_detail", named_text(fields, "FileAction"));
}

fn map_url_access(record: &mut RecordBuilder, fields: &FieldMap) {
    set_endpoint(record, "src_endpoint", text(fields, field!("src_ip")), None, None);
    set_endpoint(record, "dst_endpoint", text(fields, field!("dst_ip")), None, None);
    record.set_str("http_request.url.url_string", text(fields, field!("url")));
    if let Some(user) = text(fields, field!("user")) {
        match user.rsplit_once('\\') {
            Some((domain, name)) => record.set("actor.user.name", name).set("actor.user.domain", domain),
            None => record.set("actor.user.name", user),
        };
    }
    record.status(ocsf::status::SUCCESS);
}

/// Maps an IP audit signature match. The ASA logs it whether the audit policy's action is
/// alarm, drop or reset, and the message does not say which.
fn map_ids_signature(record: &mut RecordBuilder, message_id: &str, signature: i64, fields: &FieldMap) {
    let name = text(fields, field!("signature_name")).unwrap_or("IP audit signature");
    record.severity(ocsf::severity::MEDIUM);
    record.set("finding_info.uid", format!("{message_id}:{signature}"));
    record.set("finding_info.title", format!("IDS:{signature} {name}"));
    record.set("finding_info.types", serde_json::json!(["IP Audit"]));
    record
        .set("finding_info.analytic.uid", signature.to_string())
        .set("finding_info.analytic.name", name)
        .set("finding_info.analytic.type_id", 1)
        .set("finding_info.analytic.type", "Rule");
    let mut evidence = Object::new();
    let mut source = endpoint_object(text(fields, field!("src_ip")), None, None);
    if let Some(interface) = text(fields, field!("interface")) {
        source.insert("interface_name", interface);
    }
    if !source.is_empty() {
        evidence.insert("src_endpoint", Node::Object(source));
    }
    let destination = endpoint_object(text(fields, field!("dst_ip")), None, None);
    if !destination.is_empty() {
        evidence.insert("dst_endpoint", Node::Object(destination));
    }
    if !evidence.is_empty() {
        record.put("evidences", Node::Array(vec![Node::Object(evidence)]));
    }
}

fn map_base(record: &mut RecordBuilder, fields: &FieldMap) {
    let skip = ["timestamp", "time_zone", "hostname", "prefix", "severity", "message_id", "message"];
    let mut extra = Object::new();
    for (key, value) in fields {
        if !skip.contains(&key) {
            extra.insert(key.to_string(), value.clone());
        }
    }
    if !extra.is_empty() {
        record.put("unmapped", Node::Object(extra));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing;
    use crate::timestamp::Timestamp;

    #[test]
    fn field_table_slots_are_positions() {
        for (position, name) in FIELD_NAMES.iter().enumerate() {
            let slot = FIELD_TABLE.find(name).map(|known| known.slot);
            assert_eq!(slot, Some(position), "{name}");
        }
    }

    #[test]
    fn ip_address_test_matches_standard_parser() {
        let texts = [
            "10.0.0.5",
            "0.0.0.0",
            "255.255.255.255",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "1..2.3",
            "1.2.3.4.",
            "",
            "1234.1.1.1",
            "2001:db8::1",
            "::ffff:10.0.0.1",
            "::",
            "fe80::1%eth0",
            "abc",
            "asa-hq-01",
            "dead:beef",
            "10.0.0.5/443",
            "LOCAL\\alice",
        ];
        for text in texts {
            assert_eq!(is_ip_address(text), text.parse::<IpAddr>().is_ok(), "{text}");
        }
    }

    #[test]
    fn generated_fields_have_table_names() {
        testing::assert_generated_names_known(&CiscoAsa, 0..VARIANTS.len(), &FIELD_TABLE);
    }

    #[test]
    fn firepower_keys_read_beside_table_names() {
        let line = "<166>Jan 05 2026 09:00:00 ftd-01 : %FTD-6-430002: SrcIP: 10.0.0.5, DstIP: 198.51.100.7, SrcPort: 51000, DstPort: 443, Protocol: tcp";
        let parsed = testing::parse_ok(&CiscoAsa, line);
        assert!(!parsed.fields.has_only_table_names());
        assert_eq!(parsed.fields.get_str("SrcIP"), Some("10.0.0.5"));
        assert_eq!(text(&parsed.fields, field!("hostname")), Some("ftd-01"));
        assert_eq!(text(&parsed.fields, field!("message_id")), Some("430002"));
        assert!(text(&parsed.fields, field!("message")).is_some_and(|message| message.starts_with("SrcIP: ")));
    }

    #[test]
    fn every_variant_round_trips_for_200_seeds() {
        testing::assert_round_trip(&CiscoAsa, 0..200);
    }

    #[test]
    fn fill_appends_each_name_once() {
        // `FieldReader` returns the first field of a name only when names do not repeat.
        for variant in 0..VARIANTS.len() {
            for seed in 0..50 {
                let (fields, _) = testing::generate(&CiscoAsa, variant, seed, seed * 7);
                let mut names: Vec<&str> = fields.names().collect();
                names.sort_unstable();
                let count = names.len();
                names.dedup();
                assert_eq!(names.len(), count, "variant {variant}, seed {seed}: {:?}", fields.names().collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn field_reader_matches_get() {
        let mut fields = Fields::new();
        fields.str("a", "1");
        fields.str("b", "2");
        fields.str("c", "3");
        let mut reader = FieldReader::new(&fields);
        for name in ["a", "b", "c", "b", "a", "missing", "c", "a", "b"] {
            assert_eq!(reader.get(name), fields.get(name), "{name}");
        }
        assert_eq!(reader.text("missing"), "");
    }

    /// Intent, line, expected variant and expected fields.
    type SampleCase<'a> = (&'a str, &'a str, Option<&'a str>, &'a [(&'a str, Value)]);

    fn parse(line: &str) -> Parsed {
        testing::parse_ok(&CiscoAsa, line)
    }

    fn record(line: &str) -> serde_json::Map<String, Value> {
        let (_, record) = testing::parse_sample(&CiscoAsa, line).unwrap_or_else(|err| panic!("{line}: {err}"));
        record
    }

    #[test]
    fn cut_through_proxy_authentication() {
        let succeeded = record("%ASA-6-109005: Authentication succeeded for user 'jdoe' from 192.0.2.40/51520 to 203.0.113.80/80 on interface inside");
        assert_eq!(succeeded["class_uid"], 3002);
        assert_eq!(succeeded["status_id"], 1);
        assert_eq!(succeeded["user"]["name"], "jdoe");
        assert_eq!(succeeded["src_endpoint"]["ip"], "192.0.2.40");
        assert_eq!(succeeded["src_endpoint"]["port"], 51520);
        assert_eq!(succeeded["dst_endpoint"]["ip"], "203.0.113.80");
        assert_eq!(succeeded["dst_endpoint"]["port"], 80);
        assert_eq!(succeeded["service"]["name"], "cut-through proxy");

        let failed = record("%ASA-6-109006: Authentication failed for user 'jdoe' from 192.0.2.40/51520 to 203.0.113.80/80 on interface inside");
        assert_eq!(failed["class_uid"], 3002);
        assert_eq!(failed["status_id"], 2);
        assert_eq!(failed["user"]["name"], "jdoe");

        // Starting an authentication and authorizing a user are neither an authentication
        // outcome nor a tunnel.
        for line in [
            "%ASA-6-109001: Auth start for user 'jdoe' from 192.0.2.40/51520 to 203.0.113.80/80",
            "%ASA-6-109008: Authorization denied for user 'jdoe' from 192.0.2.40/51520 to 203.0.113.80/80 on interface inside",
        ] {
            let parsed = parse(line);
            assert_eq!(parsed.fields["user"], "jdoe", "{line}");
            assert_eq!(parsed.fields["dst_port"], 80, "{line}");
            assert_eq!(record(line)["class_uid"], 0, "{line}");
        }
    }

    #[test]
    fn zone_after_time_is_not_a_host() {
        let line = "<166>Mar 03 2026 14:02:11 UTC: %ASA-6-302013: Built inbound TCP connection 103 for outside:198.51.100.20/51514 (198.51.100.20/51514) to dmz:192.0.2.10/443 (203.0.113.10/443)";
        let parsed = parse(line);
        assert_eq!(parsed.fields["time_zone"], "UTC");
        assert!(!parsed.fields.contains_key("hostname"));
        let options = ParseOptions {
            utc_offset: 120,
            ..ParseOptions::default()
        };
        let record = CiscoAsa.to_ocsf(&parsed, &options).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(record["time"], Timestamp::from_civil(2026, 3, 3, 14, 2, 11, 0).millis());
        assert!(record.get("device").and_then(|device| device.get("hostname")).is_none());
    }

    #[test]
    fn login_permission_keeps_source_port() {
        let record = record("%ASA-6-605005: Login permitted from 192.0.2.99/52311 to inside:192.0.2.1/ssh for user \"admin\"");
        assert_eq!(record["src_endpoint"]["ip"], "192.0.2.99");
        assert_eq!(record["src_endpoint"]["port"], 52311);
    }

    #[test]
    fn filter_access_list_names_user() {
        let line = "%ASA-4-106103: access-list outside_in denied udp for user 'jdoe' outside/198.51.100.20(137) -> inside/192.0.2.10(137) hit-cnt 1 first hit [0x0, 0x0]";
        let parsed = parse(line);
        assert_eq!(parsed.fields["acl"], "outside_in");
        assert_eq!(parsed.fields["user"], "jdoe");
        let record = record(line);
        assert_eq!(record["class_uid"], 4001);
        assert_eq!(record["activity_id"], 5);
        assert_eq!(record["src_endpoint"]["ip"], "198.51.100.20");
        assert_eq!(record["src_endpoint"]["port"], 137);
        assert_eq!(record["dst_endpoint"]["ip"], "192.0.2.10");
        assert_eq!(record["actor"]["user"]["name"], "jdoe");
    }

    #[test]
    fn sample_lines_parse() {
        // (intent, line, variant, [(field, expected value)])
        let cases: &[SampleCase<'_>] = &[
            (
                "full header with year and device id",
                "<166>Mar 07 2026 13:59:16 fw-edge : %ASA-6-302013: Built outbound TCP connection 397336 for outside:198.51.100.20/443 (198.51.100.20/443) to inside:10.20.1.15/52144 (203.0.113.4/40211)",
                Some("302013"),
                &[("connection_id", Value::from(397_336)), ("local_mapped_ip", Value::from("203.0.113.4")), ("hostname", Value::from("fw-edge"))],
            ),
            (
                "no year, no hostname, colon after the time",
                "<166>Mar  7 13:59:16: %ASA-6-302015: Built inbound UDP connection 88 for outside:198.51.100.9/5060 (198.51.100.9/5060) to dmz:10.30.0.5/5060 (203.0.113.5/5060)",
                Some("302015"),
                &[("direction", Value::from("inbound")), ("timestamp", Value::from("Mar  7 13:59:16"))],
            ),
            (
                "interface name with spaces and a teardown initiator",
                "%ASA-6-302014: Teardown TCP connection 8 for inside:10.1.1.2/12523 to NP Identity Ifc:10.1.1.1/22 duration 0:00:53 bytes 2436 TCP FINs from inside",
                Some("302014"),
                &[("local_interface", Value::from("NP Identity Ifc")), ("reason", Value::from("TCP FINs")), ("teardown_initiator", Value::from("inside"))],
            ),
            (
                "FTD prefix and a message class inside the tag",
                "<166>Dec 13 2025 16:22:38 10.11.12.15 : %FTD-auth-6-113015: AAA user authentication Rejected : reason = Invalid password : local database : user = admin : user IP = 198.51.100.61",
                Some("113015"),
                &[("prefix", Value::from("FTD")), ("user", Value::from("admin")), ("src_ip", Value::from("198.51.100.61"))],
            ),
            (
                "ICMP deny by access group",
                "%ASA-4-106023: Deny icmp src outside:198.51.100.7 dst dmz:10.30.0.8 (type 8, code 0) by access-group \"outside_access_in\" [0x0, 0x0]",
                Some("106023"),
                &[("icmp_type", Value::from(8)), ("acl", Value::from("outside_access_in")), ("hash_codes", Value::from("0x0, 0x0"))],
            ),
            (
                "access-list hit with interval",
                "%ASA-6-106100: access-list inside_access_in permitted udp inside/10.20.4.7(61000) -> outside/192.0.2.53(53) hit-cnt 12 300-second interval [0x4e6c1a9b, 0x0]",
                Some("106100"),
                &[("hit_count", Value::from(12)), ("dst_port", Value::from(53)), ("hit_interval", Value::from("300-second interval"))],
            ),
            (
                "names instead of addresses and a double space before on interface",
                "Mar 05 2026 22:21:02: %ASA-6-106015: Deny TCP (no connection) from web-proxy/139 to 10.129.2.5/2938 flags SYN ACK  on interface inside",
                Some("106015"),
                &[("src_ip", Value::from("web-proxy")), ("tcp_flags", Value::from("SYN ACK")), ("interface", Value::from("inside"))],
            ),
            (
                "service access denied to the box",
                "%ASA-3-710003: UDP access denied by ACL from 198.51.100.14/5000 to outside:203.0.113.13/161",
                Some("710003"),
                &[("protocol", Value::from("UDP")), ("interface", Value::from("outside")), ("dst_port", Value::from(161))],
            ),
            (
                "threat detection with a host object",
                "%ASA-4-733100: [198.51.100.23] drop rate-2 exceeded. Current burst rate is 0 per second, max configured rate is 8; Current average rate is 5 per second, max configured rate is 4; Cumulative total count is 38086",
                Some("733100"),
                &[("object", Value::from("198.51.100.23")), ("average_rate", Value::from(5)), ("total_count", Value::from(38_086))],
            ),
            (
                "program tag before the message",
                "Oct 10 2025 12:34:56 localhost CiscoASA[999]: %ASA-6-305012: Teardown dynamic UDP translation from inside:10.20.98.44/1454 to outside:203.0.113.44/8267 duration 0:00:30",
                Some("305012"),
                &[("duration", Value::from("0:00:30")), ("mapped_port", Value::from(8267))],
            ),
            (
                "command with the configuration class",
                "<165>Nov 14 2025 11:23:36: %ASA-config-5-111008: User 'netops' executed the 'write memory' command.",
                Some("111008"),
                &[("user", Value::from("netops")), ("command", Value::from("write memory"))],
            ),
            (
                "AnyConnect session message without its tag",
                "Group <Staff> User <jdoe> IP <198.51.100.8> SVC closing connection: DPD failure.",
                None,
                &[("group", Value::from("Staff")), ("src_ip", Value::from("198.51.100.8"))],
            ),
            (
                "RFC 3339 timestamp and an IP address as hostname",
                "2026-04-01T10:06:26Z 10.126.11.254 : %ASA-6-106015: Deny TCP (no connection) from 10.2.64.151/56308 to 10.159.11.1/443 flags RST on interface pt",
                Some("106015"),
                &[("hostname", Value::from("10.126.11.254")), ("tcp_flags", Value::from("RST"))],
            ),
            (
                "unknown message id keeps the text",
                "%ASA-6-725001: Starting SSL handshake with client outside:198.51.100.4/49238 for TLS session.",
                None,
                &[("message_id", Value::from("725001"))],
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
    fn malformed_lines_are_rejected() {
        let cases = [
            ("empty line", ""),
            ("plain text", "the quick brown fox"),
            (
                "linux auth line",
                "<38>Jan  5 09:00:00 web01 sshd[411]: Accepted password for bob from 10.0.0.5 port 22 ssh2",
            ),
            (
                "severity out of range",
                "%ASA-9-302013: Built outbound TCP connection 1 for a:1.1.1.1/1 to b:2.2.2.2/2",
            ),
            ("message id too short", "%ASA-6-3020: Built outbound TCP connection"),
            ("unknown prefix", "%IOS-6-302013: Built outbound TCP connection 1"),
            ("PRI out of range", "<999>Jan 05 2026 09:00:00 fw : %ASA-6-302013: Built"),
            ("session text without an address", "Group <Staff> User <jdoe> closed"),
        ];
        for (intent, line) in cases {
            let result = CiscoAsa.parse_line(line, &mut ParseState::default());
            assert!(result.is_err(), "{intent}: {result:?}");
        }
    }

    #[test]
    fn layout_mismatch_is_not_reported_as_the_variant() {
        let parsed = parse("%ASA-6-302013: Built something unexpected");
        assert_eq!(parsed.variant, None);
        assert_eq!(record("%ASA-6-302013: Built something unexpected")["class_uid"], 0);
    }

    /// Intent, line, the incomplete text the error points at (`None` for the end of the
    /// line), and text the reason must contain.
    type TruncatedCase<'a> = (&'a str, &'a str, Option<&'a str>, &'a str);

    #[test]
    fn truncated_messages_are_rejected() {
        const BUILD: &str = "%ASA-6-302013: Built inbound TCP connection 103 for outside:198.51.100.20/51514";
        const HEADER_BUILD: &str = "<166>Mar 07 2026 13:59:16 fw-edge : %ASA-6-302013: Built inbound TCP connection 103 for outside:198.51.100.20/51514";
        const FOREIGN_ADDRESS: &str = "%ASA-6-302013: Built inbound TCP connection 103 for outside:198.51.10";
        const LOCAL_ADDRESS: &str = "%ASA-6-302015: Built outbound UDP connection 88 for outside:198.51.100.9/5060 (198.51.100.9/5060) to dmz:10.30.0.";
        const LOCAL_PORT: &str = "%ASA-6-302013: Built outbound TCP connection 9 for outside:198.51.100.1/443 (198.51.100.1/443) to inside:fw-client";
        let cases: &[TruncatedCase<'_>] = &[
            ("build cut after the foreign socket", BUILD, None, "'to'"),
            ("build cut after a syslog header", HEADER_BUILD, None, "'to'"),
            ("build cut inside the foreign address", FOREIGN_ADDRESS, Some("198.51.10"), "complete IPv4 address"),
            ("build cut inside the local address", LOCAL_ADDRESS, Some("10.30.0."), "'10.30.0.'"),
            ("build cut before the local port", LOCAL_PORT, None, "'/PORT'"),
            (
                "build cut inside the mapped address group",
                "%ASA-6-302013: Built outbound TCP connection 397336 for outside:198.51.100.20/443 (198.51.100.20/443) to inside:10.20.1.15/52144 (203.0.113.4/402",
                None,
                "')'",
            ),
            ("build cut inside a keyword", "%ASA-6-302013: Built inbound TCP connec", None, "'connection'"),
            ("build cut inside the direction", "%ASA-6-302013: Built inbo", None, "'inbound' or 'outbound'"),
            ("message id with no text", "%ASA-6-302013:", None, "'Built'"),
            (
                "teardown cut before the byte count",
                "%ASA-6-302014: Teardown TCP connection 8 for inside:10.1.1.2/12523 to NP Identity Ifc:10.1.1.1/22 duration 0:00:53",
                None,
                "'bytes'",
            ),
            (
                "ICMP build cut after gaddr",
                "%ASA-6-302020: Built inbound ICMP connection for faddr 198.51.100.7/10800 gaddr 203.0.113.2/0",
                None,
                "'laddr'",
            ),
            ("translation cut after the real socket", "%ASA-6-305011: Built dynamic TCP translation from inside:10.20.98.44/1454", None, "'to'"),
            (
                "deny cut inside the access group name",
                "%ASA-4-106023: Deny tcp src outside:198.51.100.7/80 dst inside:10.30.0.8/8277 by access-group \"outside_acc",
                None,
                "'\"'",
            ),
            (
                "deny cut inside the hash codes",
                "%ASA-4-106023: Deny tcp src outside:198.51.100.7/80 dst inside:10.30.0.8/8277 by access-group \"outside_access_in\" [0xba29",
                None,
                "']' closing the group",
            ),
            (
                "access-list hit cut inside the hash codes",
                "%ASA-6-106100: access-list inside_access_in permitted udp inside/10.20.4.7(61000) -> outside/192.0.2.53(53) hit-cnt 160 300-second interval [",
                None,
                "']' closing the group",
            ),
            (
                "access-list hit cut before the hit count",
                "%ASA-6-106100: access-list inside_access_in permitted udp inside/10.20.4.7(61000) -> outside/192.0.2.53(53)",
                None,
                "'hit-cnt'",
            ),
            (
                "deny without connection cut inside the flags",
                "%ASA-6-106015: Deny TCP (no connection) from 10.2.64.151/56308 to 10.159.11.1/443 flags RST ACK",
                None,
                "'on interface'",
            ),
            (
                "threat detection cut after the burst rate",
                "%ASA-4-733100: [198.51.100.23] drop rate-2 exceeded. Current burst rate is 0 per second",
                None,
                "'per second, max configured rate is'",
            ),
            ("AAA success cut after the server", "%ASA-6-113004: AAA user authentication Successful : server = 192.0.2.40", None, "': user ='"),
            ("command cut inside the command text", "%ASA-5-111008: User 'netops' executed the 'write mem", None, "' command'"),
            ("SVC message cut after the protocol", "%ASA-6-722023: Group <Staff> User <jdoe> IP <198.51.100.8> TCP", None, "'SVC connection'"),
        ];
        for (intent, line, cut, expected) in cases {
            let err = testing::assert_rejected(META.id, line);
            let offset = cut.map_or(line.len(), |cut| line.rfind(cut).expect("cut text is in the line"));
            assert_eq!(err.offset, offset, "{intent}: {err}");
            assert!(err.reason.starts_with("truncated "), "{intent}: {err}");
            assert!(err.reason.contains(expected), "{intent}: reason does not name {expected}: {err}");
        }
    }

    #[test]
    fn complete_messages_and_variants_are_not_truncations() {
        // (intent, line, expected class_uid)
        let cases = [
            (
                "build without mapped addresses",
                "%ASA-6-302013: Built inbound TCP connection 103 for outside:198.51.100.20/51514 to inside:10.0.0.5/443",
                4001,
            ),
            (
                "build with names in place of addresses",
                "%ASA-6-302013: Built inbound TCP connection 103 for outside:partner-gw/51514 (partner-gw/51514) to inside:webserver/443 (webserver/443)",
                4001,
            ),
            (
                "build with IPv6 sockets",
                "%ASA-6-302013: Built inbound TCP connection 7 for outside:2001:db8::20/51514 (2001:db8::20/51514) to inside:fd00::5/443 (fd00::5/443)",
                4001,
            ),
            (
                "build with identity firewall users",
                "%ASA-6-302013: Built inbound TCP connection 7 for outside:198.51.100.20/51514 (198.51.100.20/51514)(LOCAL\\partner) to inside:10.0.0.5/443 (10.0.0.5/443) (LOCAL\\jdoe)",
                4001,
            ),
            ("build in another phrasing", "%ASA-6-302013: Built something unexpected", 0),
            (
                "teardown with reason and initiator",
                "%ASA-6-302014: Teardown TCP connection 3642851852 for outside:198.51.100.1/63677 to Pika:10.2.2.2/443 duration 0:10:06 bytes 4666 FIN Timeout from Pika",
                4001,
            ),
            (
                "teardown without a reason",
                "%ASA-6-302016: Teardown UDP connection 11758 for outside:100.66.80.32/53 to inside:172.31.98.44/56132 duration 0:00:00 bytes 148",
                4001,
            ),
            (
                "ICMP teardown with a user group",
                "%ASA-6-302021: Teardown ICMP connection for faddr 198.51.100.2/2189 gaddr 203.0.113.1/0 laddr 10.1.1.1/0 (admin)",
                4001,
            ),
            (
                "translation without ports",
                "%ASA-6-305011: Built static translation from inside:10.1.1.1 to outside:203.0.113.1",
                0,
            ),
            (
                "deny without hash codes",
                "%ASA-4-106023: Deny tcp src outside:198.51.100.7/80 dst inside:10.30.0.8/8277 by access-group \"outside_in\"",
                4001,
            ),
            (
                "AAA pairs without spaces before the colons",
                "%ASA-6-113005: AAA user authentication Rejected: reason = AAA failure: server = 192.0.2.40 : user = rkhan: user IP = 198.51.100.160",
                3002,
            ),
            (
                "AAA rejection without the user address of older releases",
                "%ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 192.0.2.40 : user = rkhan",
                3002,
            ),
            (
                "SVC message without compression words",
                "%ASA-6-722023: Group <Staff> User <jdoe> IP <198.51.100.8> UDP SVC connection terminated.",
                4014,
            ),
        ];
        for (intent, line, class_uid) in cases {
            let records = testing::assert_parses_with(META.id, line, testing::received_at_start());
            assert_eq!(records[0].ocsf["class_uid"], class_uid, "{intent}");
        }
    }

    #[test]
    fn outbound_build_maps_local_side_to_source() {
        let record = record("<166>Jan 05 2026 09:00:00 fw : %ASA-6-302013: Built outbound TCP connection 9 for outside:198.51.100.1/443 (198.51.100.1/443) to inside:10.1.1.2/53496 (203.0.113.9/40000)");
        assert_eq!(record["class_uid"], 4001);
        assert_eq!(record["activity_id"], 1);
        assert_eq!(record["src_endpoint"]["ip"], "10.1.1.2");
        assert_eq!(record["dst_endpoint"]["port"], 443);
        assert_eq!(record["connection_info"]["direction_id"], 2);
        assert_eq!(record["unmapped"]["translation"]["local_mapped_ip"], "203.0.113.9");
        assert_eq!(record["time"], Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0).millis());
    }

    #[test]
    fn teardown_with_reset_maps_to_reset_activity() {
        let record = record("%ASA-6-302014: Teardown TCP connection 11749 for outside:198.51.100.242/80 to inside:10.31.98.44/1758 duration 0:01:07 bytes 38110 TCP Reset-I");
        assert_eq!(record["activity_id"], 3);
        assert_eq!(record["duration"], 67_000);
        assert_eq!(record["traffic"]["bytes"], 38_110);
        assert_eq!(record["is_src_dst_assignment_known"], false);
        assert_eq!(record["dst_endpoint"]["port"], 80);
    }

    #[test]
    fn deny_maps_to_refuse_with_blocked_disposition() {
        let record = record("%ASA-4-106023: Deny tcp src outside:198.51.100.7/4431 dst dmz:10.30.0.8/3389 by access-group \"outside_access_in\" [0x91c26a3a, 0x0]");
        assert_eq!(record["activity_id"], 5);
        assert_eq!(record["disposition_id"], 2);
        assert_eq!(record["firewall_rule"]["name"], "outside_access_in");
        assert_eq!(record["firewall_rule"]["uid"], "0x91c26a3a");
    }

    #[test]
    fn packet_drops_keep_both_endpoints() {
        // Intent, line, activity, source, destination and destination port.
        type Case<'a> = (&'a str, &'a str, u32, &'a str, &'a str, Option<i64>);
        let cases: &[Case] = &[
            (
                "inbound deny",
                "%ASA-3-106010: Deny inbound tcp src outside:198.51.100.14/40022 dst inside:10.30.0.9/445",
                5,
                "198.51.100.14",
                "10.30.0.9",
                Some(445),
            ),
            (
                "reverse path check",
                "%ASA-1-106021: Deny TCP reverse path check from 10.30.0.77 to 198.51.100.2 on interface outside",
                5,
                "10.30.0.77",
                "198.51.100.2",
                None,
            ),
            (
                "spoofed source in parentheses",
                "%ASA-2-106016: Deny IP spoof from (10.0.0.1) to 198.51.100.3 on interface outside.",
                5,
                "10.0.0.1",
                "198.51.100.3",
                None,
            ),
            (
                "IP options",
                "%ASA-6-106012: Deny IP from 198.51.100.5 to 10.30.0.4, IP options 0x44.",
                5,
                "198.51.100.5",
                "10.30.0.4",
                None,
            ),
            (
                "no egress interface",
                "%ASA-6-110002: Failed to locate egress interface for UDP from inside:10.20.1.15/53311 to 192.0.2.200/53",
                4,
                "10.20.1.15",
                "192.0.2.200",
                Some(53),
            ),
            (
                "invalid transport field",
                "%ASA-4-500004: Invalid transport field for protocol=UDP, from 198.51.100.9/0 to 10.30.0.5/0",
                5,
                "198.51.100.9",
                "10.30.0.5",
                Some(0),
            ),
        ];
        for (intent, line, activity, source, destination, port) in cases {
            let record = record(line);
            assert_eq!(record["class_uid"], 4001, "{intent}");
            assert_eq!(record["activity_id"], *activity, "{intent}");
            assert_eq!(record["src_endpoint"]["ip"], *source, "{intent}");
            assert_eq!(record["dst_endpoint"]["ip"], *destination, "{intent}");
            assert_eq!(record["dst_endpoint"].get("port").and_then(Value::as_i64), *port, "{intent}");
            let problems = testing::ocsf_problems(&record);
            assert!(problems.is_empty(), "{intent}: {problems:?}");
        }
    }

    #[test]
    fn authentication_and_commands_map_to_their_classes() {
        let rejected = record("%ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.20.0.5 : user = ***** : user IP = 198.51.100.61");
        assert_eq!(rejected["class_uid"], 3002);
        assert_eq!(rejected["status_id"], 2);
        assert_eq!(rejected["src_endpoint"]["ip"], "198.51.100.61");
        let command = record("%ASA-7-111009: User 'netops' executed cmd: show running-config");
        assert_eq!(command["class_uid"], 6003);
        assert_eq!(command["activity_id"], 2);
        assert_eq!(command["api"]["operation"], "show running-config");
        let threat = record("%ASA-4-733100: [ Scanning] drop rate-1 exceeded. Current burst rate is 11 per second, max configured rate is 10; Current average rate is 2 per second, max configured rate is 5; Cumulative total count is 1302");
        assert_eq!(threat["class_uid"], 2004);
        assert_eq!(threat["finding_info"]["title"], "[Scanning] drop rate-1 exceeded");
        let tunnel = record("%ASA-6-722023: Group <Staff> User <jdoe> IP <198.51.100.8> UDP SVC connection terminated without compression");
        assert_eq!(tunnel["class_uid"], 4014);
        assert_eq!(tunnel["activity_id"], 2);
    }

    #[test]
    fn protocol_comes_from_number_or_message_words() {
        // Intent, line, protocol name and number.
        let cases: &[(&str, &str, &str, i64)] = &[
            (
                "numbered protocol of an access-group deny",
                "%ASA-4-106023: Deny protocol 50 src outside:203.0.113.40 dst inside:10.40.2.7 by access-group \"edge_in\" [0x0, 0x0]",
                "esp",
                50,
            ),
            (
                "protocol after the direction",
                "%ASA-3-106010: Deny inbound sctp src outside:203.0.113.41/3868 dst inside:10.40.2.8/3868",
                "sctp",
                132,
            ),
            (
                "protocol inside the reverse path text",
                "%ASA-1-106021: Deny UDP reverse path check from 10.40.9.3 to 203.0.113.42 on interface dmz",
                "udp",
                17,
            ),
        ];
        for (intent, line, name, number) in cases {
            let record = record(line);
            assert_eq!(record["connection_info"]["protocol_name"], *name, "{intent}");
            assert_eq!(record["connection_info"]["protocol_num"], *number, "{intent}");
        }
    }

    #[test]
    fn icmp_type_after_socket_is_not_a_user() {
        let record = record("%ASA-3-106014: Deny inbound icmp src outside:203.0.113.50 dst dmz:10.40.3.3(type 3, code 1)");
        assert_eq!(record["dst_endpoint"]["ip"], "10.40.3.3");
        assert!(record.get("actor").is_none(), "{record:?}");
        assert_eq!(record["unmapped"]["icmp_type"], 3);
    }

    #[test]
    fn vpn_peer_messages_map_to_tunnel_activity() {
        // Intent, line, activity, peer address and user.
        let cases: &[(&str, &str, u32, &str, Option<&str>)] = &[
            (
                "IKEv1 phase 1 done for a site",
                "%ASA-5-713049: Group = 203.0.113.60, IP = 203.0.113.60, Security negotiation complete for LAN-to-LAN Group (203.0.113.60)  Initiator, Inbound SPI = 0x1a2b3c4d, Outbound SPI = 0x5e6f7a8b",
                1,
                "203.0.113.60",
                None,
            ),
            (
                "IKEv1 notice with a user",
                "%ASA-5-713257: Group = Remote-Staff, Username = mlopez, IP = 198.51.100.90, Phase 2 failure: Mismatched attribute types for class Group Description",
                99,
                "198.51.100.90",
                Some("mlopez"),
            ),
            (
                "IPsec SA deleted",
                "%ASA-6-602304: IPSEC: An inbound LAN-to-LAN SA (SPI= 0x0C4E11AF) between 192.0.2.1 and 203.0.113.61 (user= 203.0.113.61) has been deleted.",
                2,
                "203.0.113.61",
                Some("203.0.113.61"),
            ),
            (
                "IKEv2 request",
                "%ASA-5-750002: Local:192.0.2.1:500 Remote:198.51.100.91:500 Username:Unknown Received a IKE_INIT_SA request",
                99,
                "198.51.100.91",
                Some("Unknown"),
            ),
        ];
        for (intent, line, activity, peer, user) in cases {
            let record = record(line);
            assert_eq!(record["class_uid"], 4014, "{intent}");
            assert_eq!(record["activity_id"], *activity, "{intent}");
            assert_eq!(record["src_endpoint"]["ip"], *peer, "{intent}");
            assert_eq!(record.get("user").map(|u| u["name"].clone()), user.map(Value::from), "{intent}");
            let problems = testing::ocsf_problems(&record);
            assert!(problems.is_empty(), "{intent}: {problems:?}");
        }
    }

    #[test]
    fn webvpn_session_without_brackets_is_a_logoff() {
        let record = record("%ASA-6-716002: Group Contractors User pnair IP 198.51.100.92 WebVPN session terminated: Idle timeout.");
        assert_eq!(record["class_uid"], 3002);
        assert_eq!(record["activity_id"], 2);
        assert_eq!(record["user"]["name"], "pnair");
        assert_eq!(record["src_endpoint"]["ip"], "198.51.100.92");
        assert_eq!(record["status_detail"], "WebVPN session terminated: Idle timeout.");
    }

    #[test]
    fn anyconnect_session_without_brackets_keeps_user() {
        let started = record("Mar  4 10:02:11 vpn-edge CiscoASA[812]: %ASA-6-113039: Group Staff-VPN User tkowalski IP 203.0.113.140 AnyConnect parent session started.");
        assert_eq!(started["class_uid"], 3002);
        assert_eq!(started["status_id"], 1);
        assert_eq!(started["user"]["name"], "tkowalski");
        assert_eq!(started["src_endpoint"]["ip"], "203.0.113.140");
        let rejected = record("Mar  4 10:02:12 vpn-edge CiscoASA[812]: %ASA-4-113029: Group Staff-VPN User tkowalski IP 203.0.113.140 Session could not be established: session limit of 2 reached");
        assert_eq!(rejected["class_uid"], 3002);
        assert_eq!(rejected["status_id"], 2);
        assert_eq!(rejected["status_detail"], "Session could not be established: session limit of 2 reached");
    }

    #[test]
    fn aaa_pairs_with_other_separators_are_read() {
        let authorized = record("%ASA-6-113004: AAA user authorization Successful: server = 192.0.2.40 , User = rkhan");
        assert_eq!(authorized["class_uid"], 3002);
        assert_eq!(authorized["user"]["name"], "rkhan");
        assert_eq!(authorized["dst_endpoint"]["ip"], "192.0.2.40");
        let rejected = record("%ASA-6-113005: AAA user authentication Rejected: reason = AAA failure: server = 192.0.2.40 : user = rkhan: user IP = 198.51.100.160");
        assert_eq!(rejected["user"]["name"], "rkhan");
        assert_eq!(rejected["src_endpoint"]["ip"], "198.51.100.160");
        assert_eq!(rejected["status_detail"], "AAA failure");
        let local = record("%ASA-6-113012: AAA user authentication Successful: local database: user = rkhan");
        assert_eq!(local["class_uid"], 3002);
        assert_eq!(local["status_id"], 1);
        assert_eq!(local["user"]["name"], "rkhan");
        let accepted = record("%ASA-6-113008: AAA transaction status ACCEPT: user = rkhan");
        assert_eq!(accepted["status_id"], 1);
    }

    #[test]
    fn user_notices_map_to_authentication() {
        // Intent, line, activity, success, user and source address.
        type Case<'a> = (&'a str, &'a str, u32, bool, &'a str, Option<&'a str>);
        let cases: &[Case] = &[
            (
                "AAA transaction accepted",
                "%ASA-6-113008: AAA transaction status ACCEPT : user = ldubois",
                1,
                true,
                "ldubois",
                None,
            ),
            (
                "console login without admin rights",
                "%ASA-3-113021: Attempted console login failed. User ldubois did NOT have appropriate Admin Rights.",
                1,
                false,
                "ldubois",
                None,
            ),
            (
                "SSH session closed",
                "%ASA-6-315011: SSH session from 10.80.1.9 on interface mgmt for user \"ldubois\" disconnected by SSH server, reason: \"Time-out activated\" (0x91)",
                2,
                true,
                "ldubois",
                Some("10.80.1.9"),
            ),
            (
                "WebVPN session created",
                "%ASA-6-721016: (WebVPN-Primary) WebVPN session for client user ldubois, IPv4 198.51.100.170 has been created.",
                1,
                true,
                "ldubois",
                Some("198.51.100.170"),
            ),
            (
                "WebVPN rejection with assignments",
                "%ASA-6-716039: Authentication: rejected, group = Contractors user = ldubois , Session Type: WebVPN",
                1,
                false,
                "ldubois",
                None,
            ),
        ];
        for (intent, line, activity, success, user, source) in cases {
            let record = record(line);
            assert_eq!(record["class_uid"], 3002, "{intent}");
            assert_eq!(record["activity_id"], *activity, "{intent}");
            assert_eq!(record["status_id"], if *success { 1 } else { 2 }, "{intent}");
            assert_eq!(record["user"]["name"], *user, "{intent}");
            assert_eq!(record.get("src_endpoint").and_then(|e| e["ip"].as_str()), *source, "{intent}");
            let problems = testing::ocsf_problems(&record);
            assert!(problems.is_empty(), "{intent}: {problems:?}");
        }
    }

    #[test]
    fn module_and_icmp_drops_are_network_refusals() {
        // Intent, line, activity, source and destination.
        let cases: &[(&str, &str, u32, &str, &str)] = &[
            (
                "SFR drop",
                "%ASA-4-434002: SFR requested to drop TCP packet from outside:198.51.100.93/51515 to dmz:10.40.4.4/443",
                5,
                "198.51.100.93",
                "10.40.4.4",
            ),
            (
                "SFR bypass",
                "%ASA-5-434004: SFR requested ASA to bypass further packet redirection and process UDP flow from inside:10.40.4.5/5060 to outside:198.51.100.94/5060 locally",
                6,
                "10.40.4.5",
                "198.51.100.94",
            ),
            (
                "ICMP without session",
                "%ASA-4-313004: Denied ICMP type=0, from laddr 10.40.4.6 on interface inside to 198.51.100.95: no matching session",
                5,
                "10.40.4.6",
                "198.51.100.95",
            ),
        ];
        for (intent, line, activity, source, destination) in cases {
            let record = record(line);
            assert_eq!(record["class_uid"], 4001, "{intent}");
            assert_eq!(record["activity_id"], *activity, "{intent}");
            assert_eq!(record["src_endpoint"]["ip"], *source, "{intent}");
            assert_eq!(record["dst_endpoint"]["ip"], *destination, "{intent}");
        }
    }

    #[test]
    fn ip_audit_signature_is_a_finding() {
        let record = record("%ASA-4-400014: IDS:2004 ICMP echo request from 198.51.100.150 to 192.0.2.10 on interface outside");
        assert_eq!(record["class_uid"], 2004);
        assert_eq!(record["finding_info"]["title"], "IDS:2004 ICMP echo request");
        assert_eq!(record["finding_info"]["analytic"]["uid"], "2004");
        assert_eq!(record["evidences"][0]["src_endpoint"]["ip"], "198.51.100.150");
        assert_eq!(record["evidences"][0]["src_endpoint"]["interface_name"], "outside");
        assert_eq!(record["evidences"][0]["dst_endpoint"]["ip"], "192.0.2.10");
        let problems = testing::ocsf_problems(&record);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn url_access_maps_to_http_activity() {
        let plain = record("%ASA-5-304001: 10.40.6.12 Accessed URL 203.0.113.180:http://downloads.example.net/tools/setup.exe");
        assert_eq!(plain["class_uid"], 4002);
        assert_eq!(plain["src_endpoint"]["ip"], "10.40.6.12");
        assert_eq!(plain["dst_endpoint"]["ip"], "203.0.113.180");
        assert_eq!(plain["http_request"]["url"]["url_string"], "http://downloads.example.net/tools/setup.exe");
        let with_user = record("%ASA-5-304001: jlee@10.40.6.13 Accessed JAVA URL 203.0.113.181:https://apps.example.net/applet.jar");
        assert_eq!(with_user["actor"]["user"]["name"], "jlee");
        assert_eq!(with_user["src_endpoint"]["ip"], "10.40.6.13");
        let problems = testing::ocsf_problems(&with_user);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn scanning_threat_names_attacker() {
        let attacker = record("%ASA-4-733101: Host 198.51.100.190 is attacking. Current burst rate is 52 per second, max configured rate is 10; Current average rate is 17 per second, max configured rate is 5; Cumulative total count is 10411");
        assert_eq!(attacker["class_uid"], 2004);
        assert_eq!(attacker["finding_info"]["title"], "Host 198.51.100.190 is attacking");
        assert_eq!(attacker["evidences"][0]["src_endpoint"]["ip"], "198.51.100.190");
        assert_eq!(attacker["count"], 10411);
        let target = record("%ASA-4-733101: Subnet 10.40.0.0 is targeted. Current burst rate is 120 per second, max configured rate is 100; Current average rate is 80 per second, max configured rate is 50; Cumulative total count is 48213");
        assert_eq!(target["evidences"][0]["dst_endpoint"]["ip"], "10.40.0.0");
        let problems = testing::ocsf_problems(&attacker);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn inspection_drop_and_state_bypass_are_network_activity() {
        let dropped = record("%ASA-4-507003: tcp flow from inside:10.40.7.7/51000 to outside:203.0.113.200/443 terminated by inspection engine, reason - invalid TCP option, dropped packet.");
        assert_eq!(dropped["class_uid"], 4001);
        assert_eq!(dropped["activity_id"], 5);
        assert_eq!(dropped["connection_info"]["protocol_num"], 6);
        assert_eq!(dropped["src_endpoint"]["ip"], "10.40.7.7");
        assert_eq!(dropped["dst_endpoint"]["port"], 443);
        assert_eq!(dropped["status_detail"], "invalid TCP option, dropped packet");
        let bypass = record("%ASA-6-302304: Teardown TCP state-bypass connection 2751765170 from dmz:10.40.8.8/54242 to inside:10.40.9.9/9101 duration 0:10:02 bytes 24510 Connection timeout");
        assert_eq!(bypass["class_uid"], 4001);
        assert_eq!(bypass["activity_id"], 2);
        assert_eq!(bypass["connection_info"]["protocol_name"], "tcp");
        assert_eq!(bypass["traffic"]["bytes"], 24510);
        let built = record("%ASA-6-302303: Built TCP state-bypass connection 2751765170 from dmz:10.40.8.8/54242 (10.40.8.8/54242) to inside:10.40.9.9/9101 (10.40.9.9/9101)");
        assert_eq!(built["activity_id"], 1);
        assert_eq!(built["connection_info"]["protocol_name"], "tcp");
        assert_eq!(built["dst_endpoint"]["port"], 9101);
    }

    #[test]
    fn cluster_stub_connections_keep_sockets() {
        let built = record("%ASA-6-302026: Built backup stub ICMP connection for inside:10.40.5.5/2211 (192.0.2.33) to outside:198.51.100.96/0 (198.51.100.96)");
        assert_eq!(built["class_uid"], 4001);
        assert_eq!(built["activity_id"], 1);
        assert!(built.get("actor").is_none(), "a mapped address is not a user: {built:?}");
        assert_eq!(built["unmapped"]["cluster_role"], "backup");
        let teardown = record("%ASA-6-302023: Teardown stub TCP connection for outside:198.51.100.97/443 to inside:10.40.5.6/50123 duration 0:00:09 forwarded bytes 4410 Cluster flow with CLU closed on owner");
        assert_eq!(teardown["activity_id"], 2);
        assert_eq!(teardown["src_endpoint"]["ip"], "10.40.5.6");
        assert_eq!(teardown["dst_endpoint"]["port"], 443);
        assert_eq!(teardown["traffic"]["bytes"], 4410);
    }

    #[test]
    fn teardown_shares_connection_with_an_earlier_build() {
        use crate::generate::{GenerateRequest, Generator};
        let request = GenerateRequest {
            source: "cisco_asa".into(),
            count: Some(3000),
            seed: 3,
            ..GenerateRequest::default()
        };
        let mut builds = std::collections::BTreeMap::new();
        let mut matched = 0;
        let mut teardowns = 0;
        let mut generator = Generator::new(&request).unwrap();
        let mut raw = String::new();
        while let Some((_, variant)) = generator.next_raw(&mut raw) {
            let fields = generator.fields();
            let key = fields.get("connection_id").map(str::to_string);
            let sockets = (
                fields.get("foreign_ip").map(str::to_string),
                fields.get("local_port").map(str::to_string),
            );
            match variant {
                TCP_BUILD | UDP_BUILD => {
                    builds.insert(key, sockets);
                }
                TCP_TEARDOWN | UDP_TEARDOWN => {
                    teardowns += 1;
                    if let Some(built) = builds.get(&key) {
                        assert_eq!(
                            built, &sockets,
                            "a teardown of connection {key:?} names other sockets than its build"
                        );
                        matched += 1;
                    }
                }
                _ => {}
            }
        }
        // A teardown closes the connection of one of the 64 events before it. That event is a
        // build of the same protocol about as often as the build variant's weight share (19% for
        // TCP, 10% for UDP). The other teardowns close connections built outside the stream.
        assert!(
            matched * 10 > teardowns,
            "only {matched} of {teardowns} teardowns close a connection built in the stream"
        );
    }

    #[test]
    fn corpus_samples_parse() {
        let mut rate = testing::PassRate::default();
        if let Some(dir) = testing::corpus_subdir("ocsf-examples/mappings/markdown/Cisco") {
            for file in testing::files_under(&dir, ".raw") {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    rate.record(&file, testing::parse_sample(&CiscoAsa, line).map(|_| ()));
                }
            }
        }
        if let Some(dir) = testing::corpus_subdir("sekoia/Cisco/cisco-secure-firewall") {
            for file in testing::files_under(&dir, ".json") {
                let Some((message, expected)) = testing::sekoia_message(&file) else {
                    continue;
                };
                let outcome = testing::parse_sample(&CiscoAsa, &message).and_then(|(_, record)| {
                    testing::check_expected_endpoints(&record, &expected)
                });
                rate.record(&file, outcome);
            }
        }
        if rate.total == 0 {
            println!("cisco_asa: corpus folder absent, skipped");
            return;
        }
        let percent = rate.report("cisco_asa");
        assert!(percent >= 90.0, "corpus pass rate fell to {percent:.1}%");
    }

    #[test]
    fn utc_offset_shifts_zoneless_header_only() {
        let zoneless = "<166>Mar 07 2026 13:59:16 fw-edge : %ASA-6-302013: Built outbound TCP connection 397336 for outside:198.51.100.20/443 (198.51.100.20/443) to inside:10.20.1.15/52144 (203.0.113.4/40211)";
        let wall_clock = Timestamp::from_civil(2026, 3, 7, 13, 59, 16, 0).millis();
        assert_eq!(testing::time_at_offset(META.id, zoneless, 0), wall_clock);
        assert_eq!(testing::time_at_offset(META.id, zoneless, 120), wall_clock - 2 * 3600 * 1000);

        let zoned = "<166>2026-03-07T13:59:16Z fw-edge : %ASA-6-302013: Built outbound TCP connection 397336 for outside:198.51.100.20/443 (198.51.100.20/443) to inside:10.20.1.15/52144 (203.0.113.4/40211)";
        assert_eq!(testing::time_at_offset(META.id, zoned, 0), wall_clock);
        assert_eq!(testing::time_at_offset(META.id, zoned, 120), wall_clock);
    }

    #[test]
    fn rfc5424_relay_header_gives_time_and_host() {
        let message = "%ASA-6-302015: Built outbound UDP connection 777 for outside:192.0.2.53/53 (192.0.2.53/53) to inside:10.1.2.9/60000 (203.0.113.10/60000)";
        let expected = Timestamp::from_civil(2026, 3, 3, 13, 2, 11, 250_000_000).millis();
        for header in [
            "<166>1 2026-03-03T14:02:11.250+01:00 fw-asa-02 - - - -",
            "<166>1 2026-03-03T14:02:11.250+01:00 fw-asa-02 - - -",
        ] {
            let line = format!("{header} {message}");
            let record = &testing::assert_parses(META.id, &line)[0].ocsf;
            assert_eq!(record["time"], expected, "{line}");
            assert_eq!(record["device"]["hostname"], "fw-asa-02", "{line}");
        }
    }

    #[test]
    fn interfaces_follow_addresses() {
        use crate::generate::{GenerateRequest, Generator};
        use crate::world::WorldConfig;

        let world = World::new(0, &WorldConfig::default()).unwrap();
        let expected = |address: &str| {
            let address: Ipv4Addr = address.parse().unwrap_or_else(|_| panic!("{address} is no IPv4 address"));
            interface_of(world.zone_of(address))
        };
        let workstation = world.workstation_of(3).ip.to_string();
        let server = world.servers()[4].ip.to_string();
        let published = world.dmz_address(world.servers()[6].ip).to_string();
        let outside = world.external_addresses[0].to_string();
        let cases: [&[(&str, &str)]; 9] = [
            &[],
            &[("dst_ip", &workstation)],
            &[("src_ip", &outside), ("dst_ip", &workstation)],
            &[("src_ip", &published)],
            &[("dst_ip", &published)],
            &[("src_ip", &workstation), ("dst_ip", &server)],
            &[("local_ip", &workstation)],
            &[("foreign_ip", &published), ("local_ip", &outside)],
            &[("real_ip", &published), ("mapped_ip", &workstation)],
        ];
        // Each interface field and the address field it faces.
        let pairs = [
            ("src_interface", "src_ip"),
            ("dst_interface", "dst_ip"),
            ("foreign_interface", "foreign_ip"),
            ("local_interface", "local_ip"),
            ("real_interface", "real_ip"),
            ("mapped_interface", "mapped_ip"),
        ];
        for overrides in cases {
            let request = GenerateRequest {
                overrides: overrides.iter().map(|(field, value)| (field.to_string(), value.to_string())).collect(),
                ..GenerateRequest::new(META.id, 4000)
            };
            let mut generator = Generator::new(&request).unwrap();
            let mut raw = String::new();
            let mut checked = 0;
            let mut interfaces = std::collections::BTreeSet::new();
            while let Some((_, variant)) = generator.next_raw(&mut raw) {
                let fields = generator.fields();
                for (interface_field, ip_field) in pairs {
                    if let (Some(interface), Some(ip)) = (fields.get(interface_field), fields.get(ip_field)) {
                        assert_eq!(interface, expected(ip), "{overrides:?}: {interface_field} of {raw}");
                        interfaces.insert(interface.to_string());
                        checked += 1;
                    }
                }
                if let Some(interface) = fields.get("interface") {
                    // Message 710003 names the firewall's own address, the others the
                    // interface the packet came in on.
                    let ip_field = if variant == SERVICE_DENIED { "dst_ip" } else { "src_ip" };
                    assert_eq!(interface, expected(fields.get(ip_field).unwrap_or_default()), "{overrides:?}: interface of {raw}");
                    checked += 1;
                }
                if let (Some(acl), Some(interface)) = (fields.get("acl"), fields.get("src_interface")) {
                    assert_eq!(acl, format!("{interface}_access_in"), "{overrides:?}: access list of {raw}");
                }
            }
            assert!(checked > 1000, "{overrides:?}: only {checked} interfaces checked");
            if overrides.is_empty() {
                // Connections from the internet and from the inside reach servers in the DMZ.
                assert!(interfaces.iter().eq(["dmz", "inside", "outside"]), "{interfaces:?}");
            }
        }
    }
}
