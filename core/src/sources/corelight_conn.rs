//! Zeek and Corelight `conn.log`, one record per connection, in two formats. Corelight sensors
//! export JSON with flat keys such as `"id.orig_h"`, an ISO 8601 `ts`, the `_path`,
//! `_system_name` and `_write_ts` keys, and `community_id`. Zeek's ASCII writer writes TSV
//! after a `#separator \x09` ... `#fields` ... `#types` header block, with an epoch `ts`, `-`
//! for unset and `(empty)` for empty values. Field names and order follow Zeek 6
//! `base/protocols/conn` with the Community ID package. Vendor documentation:
//! <https://docs.zeek.org/en/master/scripts/base/protocols/conn/main.zeek.html>.
//!
//! Header block: the `tsv` variant writes Zeek's eight header lines before event 0, as a new
//! log file starts, so every other event stays one line and event N is computable alone. The
//! header values are fields of event 0 (`#separator`, `#fields`, `#types`, ...), and the reader
//! reports the header with the record that follows it. JSON has no header.
//!
//! Unset values are left out, as Zeek's JSON writer leaves them out (a rejected connection
//! has no `service`, an `S0` attempt no `duration` or byte counts, a connection outside a
//! tunnel no `tunnel_parents`).

use std::fmt::Write as _;
use std::net::IpAddr;

use serde_json::Value;

use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::FieldMap;
use crate::error::ParseError;
use crate::fields::{Fields, Kind};
use crate::format::json;
use crate::ocsf::{self, class, Object, RecordBuilder};
use crate::timestamp::{parse_epoch, parse_rfc3339, Timestamp};
use crate::world::HostRole;

/// The `corelight_conn` source.
pub struct CorelightConn;

const fn variant(name: &'static str, weight: u32, format: WireFormat, description: &'static str) -> Variant {
    Variant {
        name,
        weight,
        format,
        description,
    }
}

const VARIANTS: &[Variant] = &[
    variant("tcp_sf", 10, WireFormat::Json, "internal TCP service connection (SSH, SMB, RDP, LDAP, Kerberos) closed normally"),
    variant("udp_dns", 30, WireFormat::Json, "DNS query and answer over UDP"),
    variant("ssl", 35, WireFormat::Json, "TLS connection to an internet service on port 443"),
    variant("http", 10, WireFormat::Json, "clear-text HTTP connection on port 80"),
    variant("rej", 5, WireFormat::Json, "connection attempt answered with a reset (REJ)"),
    variant("s0", 10, WireFormat::Json, "connection attempt with no answer (S0), as a port scan leaves"),
    variant("tsv", 0, WireFormat::Text, "any of the above in Zeek's TSV format; event 0 carries the header block (only on request)"),
];

const TCP_SF: usize = 0;
const UDP_DNS: usize = 1;
const SSL: usize = 2;
const HTTP: usize = 3;
const REJ: usize = 4;
const S0: usize = 5;
const TSV: usize = 6;

static META: SourceMeta = SourceMeta {
    id: "corelight_conn",
    aliases: &[],
    vendor: "Corelight",
    product: "Zeek conn.log",
    category: "network",
    formats: &[WireFormat::Json, WireFormat::Text],
    sourcetype: "corelight_conn",
    ocsf_classes: &[class::NETWORK_ACTIVITY],
    doc_url: "https://docs.zeek.org/en/master/scripts/base/protocols/conn/main.zeek.html",
    versions: "Zeek 5 to 7 conn.log with the Community ID package; Corelight Sensor JSON export",
    known_gaps: &[
        "Generated connections are IPv4 only and carry no VLAN, MAC address or Corelight enrichment fields (app, resp_cc, spcap)",
        "TSV columns outside conn.log's own fields are read as text, since #types is not kept between lines",
        "OTH, RSTO, RSTR, SH and the other partial connection states are read but not generated",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &["_system_name"],
};

/// conn.log columns and Zeek types, in the order Zeek writes them.
const COLUMNS: &[(&str, &str)] = &[
    ("ts", "time"),
    ("uid", "string"),
    ("id.orig_h", "addr"),
    ("id.orig_p", "port"),
    ("id.resp_h", "addr"),
    ("id.resp_p", "port"),
    ("proto", "enum"),
    ("service", "string"),
    ("duration", "interval"),
    ("orig_bytes", "count"),
    ("resp_bytes", "count"),
    ("conn_state", "string"),
    ("local_orig", "bool"),
    ("local_resp", "bool"),
    ("missed_bytes", "count"),
    ("history", "string"),
    ("orig_pkts", "count"),
    ("orig_ip_bytes", "count"),
    ("resp_pkts", "count"),
    ("resp_ip_bytes", "count"),
    ("tunnel_parents", "set[string]"),
    ("community_id", "string"),
];

/// Returns the Zeek type of a column, for reading TSV values.
fn column_type(name: &str) -> &'static str {
    COLUMNS.iter().find(|(column, _)| *column == name).map_or("string", |(_, kind)| kind)
}

/// Header lines in the order Zeek writes them.
const HEADER: &[&str] = &["#separator", "#set_separator", "#empty_field", "#unset_field", "#path", "#open", "#fields", "#types"];

/// Internal TCP services of `tcp_sf`: Zeek service name, responder port.
const TCP_SERVICES: &[(&str, u64)] = &[("ssh", 22), ("smb,gssapi", 445), ("rdp", 3389), ("ldap", 389), ("krb_tcp", 88)];

/// One generated connection.
struct Connection {
    orig: IpAddr,
    orig_port: u16,
    resp: IpAddr,
    resp_port: u16,
    proto: &'static str,
    service: Option<&'static str>,
    /// Duration in microseconds, unset for `S0`.
    duration_micros: Option<u64>,
    orig_bytes: Option<u64>,
    resp_bytes: Option<u64>,
    conn_state: &'static str,
    history: &'static str,
    orig_pkts: u64,
    resp_pkts: u64,
}

fn draw_connection(ctx: &mut GenContext<'_>, kind: usize) -> Connection {
    let world = ctx.world;
    let rng = &mut ctx.rng;
    let workstation = world.workstation_of(rng.index(world.users.len())).ip;
    let servers = world.servers();
    let server = servers[rng.index(servers.len())].ip;
    let dns = servers.iter().find(|h| h.role == HostRole::DomainController).map_or(server, |h| h.ip);
    let external = *rng.pick(&world.external_addresses);
    let ephemeral = rng.range(49_152, 65_535) as u16;

    match kind {
        UDP_DNS => {
            let query = rng.range(28, 64);
            Connection {
                orig: workstation.into(),
                orig_port: ephemeral,
                resp: dns.into(),
                resp_port: 53,
                proto: "udp",
                service: Some("dns"),
                duration_micros: Some(rng.range(300, 80_000)),
                orig_bytes: Some(query),
                resp_bytes: Some(query + rng.range(16, 240)),
                conn_state: "SF",
                history: "Dd",
                orig_pkts: 1,
                resp_pkts: 1,
            }
        }
        SSL | HTTP => {
            let https = kind == SSL;
            let orig_bytes = rng.range(300, 24_000);
            let resp_bytes = rng.range(1_500, 900_000);
            Connection {
                orig: workstation.into(),
                orig_port: ephemeral,
                resp: external.into(),
                resp_port: if https { 443 } else { 80 },
                proto: "tcp",
                service: Some(if https { "ssl" } else { "http" }),
                duration_micros: Some(rng.range(40_000, 180_000_000)),
                orig_bytes: Some(orig_bytes),
                resp_bytes: Some(resp_bytes),
                conn_state: "SF",
                history: rng.pick_str(&["ShADadFf", "ShADadfF", "ShADdaFf"]),
                orig_pkts: orig_bytes / 1_200 + rng.range(4, 12),
                resp_pkts: resp_bytes / 1_400 + rng.range(3, 10),
            }
        }
        REJ => Connection {
            orig: external.into(),
            orig_port: ephemeral,
            resp: server.into(),
            resp_port: *rng.pick(&[22u16, 23, 445, 3389, 5985]),
            proto: "tcp",
            service: None,
            duration_micros: Some(rng.range(20, 900)),
            orig_bytes: Some(0),
            resp_bytes: Some(0),
            conn_state: "REJ",
            history: "Sr",
            orig_pkts: 1,
            resp_pkts: 1,
        },
        S0 => Connection {
            orig: external.into(),
            orig_port: ephemeral,
            resp: server.into(),
            resp_port: *rng.pick(&[22u16, 23, 80, 443, 445, 1433, 3306, 3389, 8080]),
            proto: "tcp",
            service: None,
            duration_micros: None,
            orig_bytes: None,
            resp_bytes: None,
            conn_state: "S0",
            history: "S",
            orig_pkts: rng.range(1, 2),
            resp_pkts: 0,
        },
        _ => {
            debug_assert_eq!(kind, TCP_SF);
            let (service, port) = *rng.pick(TCP_SERVICES);
            let orig_bytes = rng.range(400, 60_000);
            let resp_bytes = rng.range(400, 250_000);
            Connection {
                orig: workstation.into(),
                orig_port: ephemeral,
                resp: server.into(),
                resp_port: port as u16,
                proto: "tcp",
                service: Some(service),
                duration_micros: Some(rng.range(5_000, 3_600_000_000)),
                orig_bytes: Some(orig_bytes),
                resp_bytes: Some(resp_bytes),
                conn_state: "SF",
                history: "ShADadFf",
                orig_pkts: orig_bytes / 1_200 + rng.range(4, 20),
                resp_pkts: resp_bytes / 1_400 + rng.range(4, 20),
            }
        }
    }
}

/// IP bytes of a direction: payload plus 52 bytes of IPv4 and TCP headers (with the
/// timestamp option) per TCP packet, or 28 bytes of IPv4 and UDP headers per UDP packet.
fn ip_bytes(proto: &str, payload: Option<u64>, packets: u64) -> u64 {
    let header = if proto == "udp" { 28 } else { 52 };
    let minimum = if proto == "udp" { 28 } else { 44 };
    match payload {
        Some(bytes) if bytes > 0 => bytes + packets * header,
        _ => packets * minimum,
    }
}

fn is_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_private(),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xfe00) == 0xfc00,
    }
}

fn write_micros(out: &mut String, micros: u64) {
    let _ = write!(out, "{}.{:06}", micros / 1_000_000, micros % 1_000_000);
}

impl Source for CorelightConn {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let tsv = ctx.variant == TSV;
        let kind = if tsv {
            let weights: Vec<u32> = VARIANTS[..TSV].iter().map(|v| v.weight).collect();
            ctx.rng.weighted(&weights)
        } else {
            ctx.variant
        };
        // Zeek logs with microsecond precision.
        let time = Timestamp(ctx.time.0 - ctx.time.0.rem_euclid(1_000));
        let organisation = ctx.world.organisation.clone();
        let mut connection = draw_connection(ctx, kind);
        // Ends that the request's overrides set go into the derived fields too: the local
        // flags and the Community ID hash of the 5-tuple.
        if let Some(orig) = ctx.pinned("id.orig_h").and_then(|text| text.parse().ok()) {
            connection.orig = orig;
        }
        if let Some(resp) = ctx.pinned("id.resp_h").and_then(|text| text.parse().ok()) {
            connection.resp = resp;
        }
        if let Some(port) = ctx.pinned_u16("id.orig_p") {
            connection.orig_port = port;
        }
        if let Some(port) = ctx.pinned_u16("id.resp_p") {
            connection.resp_port = port;
        }
        let mut uid = String::from("C");
        ctx.rng.alphanumeric_into(&mut uid, 17);

        if tsv && ctx.index == 0 {
            fields.str("#separator", "\\x09");
            fields.str("#set_separator", ",");
            fields.str("#empty_field", "(empty)");
            fields.str("#unset_field", "-");
            fields.str("#path", "conn");
            fields.with("#open", |out| {
                let c = time.civil();
                let _ = write!(out, "{:04}-{:02}-{:02}-{:02}-{:02}-{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second);
            });
            let names: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
            let types: Vec<&str> = COLUMNS.iter().map(|(_, kind)| *kind).collect();
            fields.str("#fields", &names.join("\t"));
            fields.str("#types", &types.join("\t"));
        }
        if tsv {
            let mut epoch = String::new();
            time.write_epoch(&mut epoch, 6);
            fields.num_text("ts", &epoch);
        } else {
            fields.str("_path", "conn");
            fields.fmt("_system_name", format_args!("{organisation}-sensor01"));
            let delay = connection.duration_micros.unwrap_or(0) as i64 * 1_000 + ctx.rng.range(1, 5_000_000) as i64 * 1_000;
            fields.with("_write_ts", |out| time.add_nanos(delay).write_rfc3339(out, 6));
            fields.with("ts", |out| time.write_rfc3339(out, 6));
        }
        fields.str("uid", &uid);
        fields.fmt("id.orig_h", format_args!("{}", connection.orig));
        fields.int("id.orig_p", i64::from(connection.orig_port));
        fields.fmt("id.resp_h", format_args!("{}", connection.resp));
        fields.int("id.resp_p", i64::from(connection.resp_port));
        fields.str("proto", connection.proto);
        if let Some(service) = connection.service {
            fields.str("service", service);
        }
        if let Some(micros) = connection.duration_micros {
            let mut text = String::new();
            write_micros(&mut text, micros);
            fields.num_text("duration", &text);
        }
        if let Some(bytes) = connection.orig_bytes {
            fields.int("orig_bytes", bytes as i64);
        }
        if let Some(bytes) = connection.resp_bytes {
            fields.int("resp_bytes", bytes as i64);
        }
        fields.str("conn_state", connection.conn_state);
        fields.bool("local_orig", is_local(connection.orig));
        fields.bool("local_resp", is_local(connection.resp));
        fields.int("missed_bytes", 0);
        fields.str("history", connection.history);
        fields.int("orig_pkts", connection.orig_pkts as i64);
        fields.int("orig_ip_bytes", ip_bytes(connection.proto, connection.orig_bytes, connection.orig_pkts) as i64);
        fields.int("resp_pkts", connection.resp_pkts as i64);
        fields.int("resp_ip_bytes", ip_bytes(connection.proto, connection.resp_bytes, connection.resp_pkts) as i64);
        let protocol = if connection.proto == "udp" { 17 } else { 6 };
        let community = community_id(connection.orig, connection.orig_port, connection.resp, connection.resp_port, protocol);
        fields.str("community_id", &community);
    }

    fn write(&self, variant: usize, fields: &Fields, out: &mut String) {
        if variant == TSV {
            write_tsv(fields, out);
        } else {
            json::write_flat_fields(fields, out);
        }
    }

    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let mut parsed = None;
        let mut offset = 0;
        for physical in line.split('\n') {
            let text = physical.trim_end_matches('\r');
            let result = if text.trim_start().starts_with('{') {
                json::parse(text).and_then(|value| self.parse_json(&value, state))
            } else {
                read_tsv_line(text, state)
            };
            if let Some(record) = result.map_err(|err| ParseError::new(err.offset + offset, err.reason))? {
                if parsed.is_some() {
                    return Err(ParseError::new(offset, "more than one conn.log record in one event; pass records one line at a time"));
                }
                parsed = Some(record);
            }
            offset += physical.len() + 1;
        }
        Ok(parsed)
    }

    fn parse_json(&self, value: &Value, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let Some(object) = value.as_object() else {
            return Err(ParseError::new(0, "expected a JSON object holding a conn.log record"));
        };
        if let Some(path) = object.get("_path").and_then(Value::as_str) {
            // Corelight's `conn_long` (interim records of long-lived connections) and `conn_red`
            // (data reduction) logs are conn.log records with the same fields, or fewer.
            if !matches!(path, "conn" | "conn_long" | "conn_red") {
                return Err(ParseError::new(0, format!("this is a Zeek {path}.log record, not conn.log")));
            }
        }
        let fields = json::flatten_object(value);
        let is_conn = fields.contains_key("id.orig_h") && fields.contains_key("uid");
        if !is_conn {
            if let Some(message) = object.get("message").and_then(Value::as_str) {
                return self.parse_line(message, state);
            }
            return Err(ParseError::new(0, "not a conn.log record: the JSON object has no uid or id.orig_h"));
        }
        check_record(&fields)?;
        let variant = kind_of(&fields);
        Ok(Some(Parsed { variant, fields }))
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        to_ocsf(parsed, options)
    }
}

// ---------------------------------------------------------------------------------------------
// TSV

/// Escapes a TSV value as Zeek's ASCII writer does: backslashes doubled, the separator,
/// line breaks and other control characters as `\xHH`.
fn escape_tsv(out: &mut String, value: &str) {
    for ch in value.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\u{0}'..='\u{1f}' | '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", u32::from(ch));
            }
            _ => out.push(ch),
        }
    }
}

fn unescape_tsv(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(stripped) = after.strip_prefix('\\') {
            out.push('\\');
            rest = stripped;
        } else if let Some(code) = after.strip_prefix('x').and_then(|h| h.get(..2)).and_then(|h| u8::from_str_radix(h, 16).ok()) {
            out.push(char::from(code));
            rest = &after[3..];
        } else {
            out.push('\\');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn write_tsv(fields: &Fields, out: &mut String) {
    let mut columns: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
    if let Some(names) = fields.get("#fields") {
        for directive in HEADER {
            if let Some(value) = fields.get(directive) {
                out.push_str(directive);
                out.push(if *directive == "#separator" { ' ' } else { '\t' });
                out.push_str(value);
                out.push('\n');
            }
        }
        columns = names.split('\t').collect();
    }
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        match (fields.kind(column), fields.get(column)) {
            (Some(Kind::Bool), Some(value)) => out.push(if value == "true" { 'T' } else { 'F' }),
            (Some(Kind::Json), Some(value)) => {
                let items: Vec<String> = serde_json::from_str::<Vec<String>>(value).unwrap_or_default();
                if items.is_empty() {
                    out.push_str("(empty)");
                } else {
                    out.push_str(&items.join(","));
                }
            }
            (Some(Kind::Null), _) | (_, None) => out.push('-'),
            (_, Some("")) => out.push_str("(empty)"),
            (_, Some(value)) => escape_tsv(out, value),
        }
    }
}

/// Reads one TSV line: a `#` directive updates `state`; a record yields its fields.
fn read_tsv_line(text: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let separator = state.separator.clone().unwrap_or_else(|| "\t".to_string());
    if let Some(value) = text.strip_prefix("#separator ") {
        state.separator = Some(unescape_tsv(value.trim()));
        state.header.push(("#separator".to_string(), value.trim().to_string()));
        return Ok(None);
    }
    if text.starts_with('#') {
        let (name, value) = text.split_once(separator.as_str()).unwrap_or((text, ""));
        if name == "#fields" {
            state.columns = Some(value.split(separator.as_str()).map(str::to_string).collect());
        }
        state.header.push((name.to_string(), value.to_string()));
        return Ok(None);
    }

    let values: Vec<&str> = text.split(separator.as_str()).collect();
    let default_columns: Vec<String>;
    let columns: &[String] = match &state.columns {
        Some(columns) => columns,
        None if values.len() == COLUMNS.len() || values.len() == COLUMNS.len() - 1 => {
            default_columns = COLUMNS[..values.len()].iter().map(|(name, _)| name.to_string()).collect();
            &default_columns
        }
        None => {
            return Err(ParseError::new(
                0,
                format!("not a conn.log record: {} tab-separated values without a #fields header", values.len()),
            ))
        }
    };
    if values.len() != columns.len() {
        return Err(ParseError::new(
            0,
            format!("the record has {} values but #fields names {} columns", values.len(), columns.len()),
        ));
    }

    let mut fields = FieldMap::new();
    for (column, raw) in columns.iter().zip(values) {
        if raw == "-" {
            continue;
        }
        let value = tsv_value(column, raw).ok_or_else(|| ParseError::new(0, format!("invalid {} value '{raw}' in column {column}", column_type(column))))?;
        fields.insert(column.clone(), value);
    }
    for (name, value) in state.header.drain(..) {
        fields.insert(name, Value::String(value));
    }
    check_record(&fields)?;
    Ok(Some(Parsed {
        variant: Some("tsv"),
        fields,
    }))
}

/// Converts one TSV value by the Zeek type of its column; `None` when it does not fit.
fn tsv_value(column: &str, raw: &str) -> Option<Value> {
    let kind = column_type(column);
    if raw == "(empty)" {
        return Some(if kind.starts_with("set[") || kind.starts_with("vector[") {
            Value::Array(Vec::new())
        } else {
            Value::String(String::new())
        });
    }
    Some(match kind {
        "time" | "interval" | "double" => Value::Number(serde_json::from_str::<serde_json::Number>(raw).ok()?),
        "count" | "port" | "int" => Value::from(raw.parse::<i64>().ok()?),
        "bool" => match raw {
            "T" => Value::Bool(true),
            "F" => Value::Bool(false),
            _ => return None,
        },
        kind if kind.starts_with("set[") || kind.starts_with("vector[") => {
            Value::Array(raw.split(',').map(|item| Value::String(unescape_tsv(item))).collect())
        }
        _ => Value::String(unescape_tsv(raw)),
    })
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Fields only conn.log has; other Zeek logs share `uid`, `id.*` and `proto` with it.
const CONN_ONLY: &[&str] = &["conn_state", "history", "orig_pkts", "orig_ip_bytes", "missed_bytes", "local_orig"];

/// Rejects records whose timestamp or addresses are not those of a connection, and records
/// of other Zeek logs.
fn check_record(fields: &FieldMap) -> Result<(), ParseError> {
    if let Some(path) = fields.get("#path").and_then(Value::as_str).filter(|path| *path != "conn") {
        return Err(ParseError::new(0, format!("this is a Zeek {path}.log file, not conn.log")));
    }
    if !CONN_ONLY.iter().any(|name| fields.contains_key(name)) {
        return Err(ParseError::new(0, "not a conn.log record: none of conn_state, history or the packet counts is present"));
    }
    record_time(fields)?;
    for name in ["id.orig_h", "id.resp_h"] {
        let Some(value) = fields.get(name) else {
            return Err(ParseError::new(0, format!("the record has no {name}")));
        };
        if value.as_str().and_then(|ip| ip.parse::<IpAddr>().ok()).is_none() {
            return Err(ParseError::new(0, format!("invalid {name} {value}: expected an IP address")));
        }
    }
    Ok(())
}

/// Reads `ts`: epoch seconds as a number or text, integer epoch milliseconds, or ISO 8601
/// text.
fn record_time(fields: &FieldMap) -> Result<Option<Timestamp>, ParseError> {
    match fields.get("ts") {
        // Zeek's JSON writer with `LogAscii::json_timestamps = JSON::TS_MILLIS` writes integer
        // milliseconds. Seconds above 10^11 would be past the year 5000.
        Some(Value::Number(number)) if number.as_i64().is_some_and(|n| n > 100_000_000_000) => Ok(number.as_i64().map(Timestamp::from_millis)),
        Some(Value::Number(number)) => parse_epoch(&number.to_string()).map(Some).map_err(ParseError::from),
        Some(Value::String(text)) if !text.is_empty() && text != "-" => parse_rfc3339(text).or_else(|_| parse_epoch(text)).map(Some).map_err(ParseError::from),
        _ => Ok(None),
    }
}

/// Classifies a JSON record into the generated kinds; `None` for the other connection states.
fn kind_of(fields: &FieldMap) -> Option<&'static str> {
    let text = |name: &str| fields.get(name).and_then(Value::as_str).unwrap_or("");
    let service = text("service");
    let services: Vec<&str> = service.split(',').collect();
    Some(match (text("conn_state"), text("proto")) {
        ("REJ", _) => "rej",
        ("S0", _) => "s0",
        (_, "udp") if services.contains(&"dns") => "udp_dns",
        (_, _) if services.contains(&"ssl") => "ssl",
        (_, _) if services.contains(&"http") => "http",
        ("SF", "tcp") => "tcp_sf",
        _ => return None,
    })
}

fn to_ocsf(parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
    let fields = &parsed.fields;
    let text = |name: &str| fields.get(name).and_then(Value::as_str).filter(|v| !v.is_empty() && *v != "-");
    let number = |name: &str| fields.get(name).and_then(Value::as_i64);
    let own_time = record_time(fields)?;
    let time = options.event_time(own_time)?;

    let state = text("conn_state").unwrap_or("");
    let activity_id = match state {
        "REJ" => 5,
        "S0" => 4,
        "RSTO" | "RSTR" | "RSTOS0" | "RSTRH" => 3,
        // S1 is an established connection that had not ended when Zeek logged it.
        "OTH" | "S1" | "" => 6,
        _ => 2,
    };
    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, activity_id, time, &META);
    record.set_str("status_code", text("conn_state"));
    if matches!(state, "REJ" | "S0") {
        record.status(ocsf::status::FAILURE);
    } else if state == "SF" {
        record.status(ocsf::status::SUCCESS);
    }
    record.set_str("metadata.uid", text("uid"));
    record.set_str("app_name", text("service"));

    // `ts` is when the connection started; a received time says nothing about its start.
    let duration = fields.get("duration").and_then(Value::as_f64);
    record.set_opt("start_time", own_time.map(Timestamp::millis));
    if let Some(seconds) = duration {
        let millis = (seconds * 1_000.0).round() as i64;
        record.set("duration", millis);
        record.set_opt("end_time", own_time.map(|start| start.millis().saturating_add(millis)));
    }

    record.set_str("src_endpoint.ip", text("id.orig_h"));
    record.set_str("dst_endpoint.ip", text("id.resp_h"));
    // For ICMP, Zeek writes the message type as `id.orig_p` and the code as `id.resp_p`.
    if text("proto") == Some("icmp") {
        record.set_opt("unmapped.icmp_type", number("id.orig_p"));
        record.set_opt("unmapped.icmp_code", number("id.resp_p"));
    } else {
        record.set_opt("src_endpoint.port", number("id.orig_p"));
        record.set_opt("dst_endpoint.port", number("id.resp_p"));
    }
    record.set_str("src_endpoint.mac", text("orig_l2_addr"));
    record.set_str("dst_endpoint.mac", text("resp_l2_addr"));
    // Corelight's name enrichment lists the names seen for each address, and its geolocation
    // gives the country code.
    record.set_str("src_endpoint.hostname", first_text(fields, "id.orig_h_name.vals"));
    record.set_str("dst_endpoint.hostname", first_text(fields, "id.resp_h_name.vals"));
    record.set_str("src_endpoint.location.country", text("orig_cc"));
    record.set_str("dst_endpoint.location.country", text("resp_cc"));
    if let Some(vlan) = number("vlan") {
        record.set("src_endpoint.vlan_uid", vlan.to_string()).set("dst_endpoint.vlan_uid", vlan.to_string());
    }

    let direction = match (fields.get("local_orig").and_then(Value::as_bool), fields.get("local_resp").and_then(Value::as_bool)) {
        (Some(true), Some(false)) => (2, "Outbound"),
        (Some(false), Some(true)) => (1, "Inbound"),
        (Some(true), Some(true)) => (3, "Lateral"),
        _ => (0, "Unknown"),
    };
    record.set("connection_info.direction_id", direction.0).set("connection_info.direction", direction.1);
    record.set_str("connection_info.uid", text("uid"));
    // Zeek 6 adds the IP protocol number as `ip_proto`. Older logs name only the transport,
    // and `icmp` covers ICMPv6 as well, so the address family decides between 1 and 58.
    let ipv6 = text("id.orig_h").is_some_and(|address| address.contains(':'));
    let protocol = number("ip_proto").filter(|n| (0..=255).contains(n)).or(match text("proto") {
        Some("tcp") => Some(6),
        Some("udp") => Some(17),
        Some("icmp") if ipv6 => Some(58),
        Some("icmp") => Some(1),
        _ => None,
    });
    record.set_opt("connection_info.protocol_num", protocol);
    let keyword = protocol.and_then(ocsf::protocol_name);
    record.set_str("connection_info.protocol_name", keyword.or(text("proto")));
    record.set_str("connection_info.flag_history", text("history"));
    record.set_str("connection_info.community_uid", text("community_id"));

    let orig_bytes = number("orig_bytes");
    let resp_bytes = number("resp_bytes");
    let orig_pkts = number("orig_pkts");
    let resp_pkts = number("resp_pkts");
    record.set_opt("traffic.bytes_out", orig_bytes);
    record.set_opt("traffic.bytes_in", resp_bytes);
    record.set_opt("traffic.packets_out", orig_pkts);
    record.set_opt("traffic.packets_in", resp_pkts);
    if orig_bytes.is_some() || resp_bytes.is_some() {
        record.set("traffic.bytes", orig_bytes.unwrap_or(0) + resp_bytes.unwrap_or(0));
    }
    if orig_pkts.is_some() || resp_pkts.is_some() {
        record.set("traffic.packets", orig_pkts.unwrap_or(0) + resp_pkts.unwrap_or(0));
    }
    record.set_opt("traffic.bytes_missed", number("missed_bytes"));
    Ok(record.build())
}

/// Returns the first non-empty string of a field that contains a list of strings, or the
/// string itself.
fn first_text<'a>(fields: &'a FieldMap, name: &str) -> Option<&'a str> {
    let value = fields.get(name)?;
    let first = match value {
        Value::Array(items) => items.iter().filter_map(Value::as_str).find(|item| !item.is_empty()),
        Value::String(text) => Some(text.as_str()),
        _ => None,
    };
    first.filter(|text| !text.is_empty() && *text != "-")
}

// ---------------------------------------------------------------------------------------------
// Community ID

/// Returns the Community ID version 1 flow hash with seed 0, as Zeek's Community ID package
/// and Suricata compute it: SHA-1 over the seed, both addresses and ports (the lower
/// endpoint first), the protocol and a padding byte, in Base64 after `1:`.
///
/// Specification: <https://github.com/corelight/community-id-spec>.
pub(crate) fn community_id(source: IpAddr, source_port: u16, destination: IpAddr, destination_port: u16, protocol: u8) -> String {
    let address_bytes = |ip: IpAddr| -> Vec<u8> {
        match ip {
            IpAddr::V4(v4) => v4.octets().to_vec(),
            IpAddr::V6(v6) => v6.octets().to_vec(),
        }
    };
    let (mut a, mut a_port, mut b, mut b_port) = (address_bytes(source), source_port, address_bytes(destination), destination_port);
    if (a.as_slice(), a_port) > (b.as_slice(), b_port) {
        std::mem::swap(&mut a, &mut b);
        std::mem::swap(&mut a_port, &mut b_port);
    }
    let mut input = vec![0u8, 0u8];
    input.extend_from_slice(&a);
    input.extend_from_slice(&b);
    input.push(protocol);
    input.push(0);
    input.extend_from_slice(&a_port.to_be_bytes());
    input.extend_from_slice(&b_port.to_be_bytes());
    format!("1:{}", base64(&sha1(&input)))
}

/// SHA-1 (FIPS 180-4), for Community ID only.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut state: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());

    for block in message.chunks_exact(64) {
        let mut schedule = [0u32; 80];
        for (word, bytes) in schedule.iter_mut().zip(block.chunks_exact(4)) {
            *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        for i in 16..80 {
            schedule[i] = (schedule[i - 3] ^ schedule[i - 8] ^ schedule[i - 14] ^ schedule[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = state;
        for (i, word) in schedule.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let next = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*word);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = next;
        }
        for (value, add) in state.iter_mut().zip([a, b, c, d, e]) {
            *value = value.wrapping_add(add);
        }
    }

    let mut digest = [0u8; 20];
    for (chunk, value) in digest.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&value.to_be_bytes());
    }
    digest
}

/// Standard Base64 with padding (RFC 4648 section 4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let group = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((group >> (18 - 6 * i)) & 0x3f) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing;

    #[test]
    fn round_trip_every_variant() {
        assert_eq!(testing::assert_round_trip(&CorelightConn, 0..200), 200 * META.variants.len());
    }

    #[test]
    fn sha1_and_base64_match_known_answers() {
        // FIPS 180-2 appendix A.1 and RFC 4648 section 10.
        let digest = sha1(b"abc");
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64(b"fooba"), "Zm9vYmE=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn community_id_ignores_direction() {
        let a: IpAddr = "10.1.2.3".parse().unwrap();
        let b: IpAddr = "192.0.2.80".parse().unwrap();
        let forward = community_id(a, 51000, b, 443, 6);
        assert_eq!(forward, community_id(b, 443, a, 51000, 6));
        assert_ne!(forward, community_id(a, 51000, b, 443, 17));
        assert!(forward.starts_with("1:"));
        assert_eq!(forward.len(), 30);
    }

    #[test]
    fn community_id_matches_published_value() {
        // The value a Community ID library documents for this UDP flow.
        let client: IpAddr = "192.168.1.42".parse().unwrap();
        let resolver: IpAddr = "8.8.8.8".parse().unwrap();
        assert_eq!(community_id(client, 4242, resolver, 53, 17), "1:vTdrngJjlP5eZ9mw9JtnKyn99KM=");
    }

    #[test]
    fn json_keeps_dotted_keys_flat() {
        let (_, raw) = testing::generate(&CorelightConn, SSL, 3, 5);
        assert!(raw.contains("\"id.orig_h\":"), "{raw}");
        assert!(!raw.contains("\"id\":{"), "{raw}");
    }

    #[test]
    fn tsv_stream_starts_with_the_header_block() {
        let mut request = crate::generate::GenerateRequest::new(META.id, 4);
        request.variant = Some("tsv".into());
        let events: Vec<_> = crate::generate::Generator::new(&request).unwrap().collect();
        let lines: Vec<&str> = events[0].raw.lines().collect();
        assert_eq!(lines.len(), 9);
        assert_eq!(lines[0], "#separator \\x09");
        assert_eq!(lines[4], "#path\tconn");
        assert!(lines[6].starts_with("#fields\tts\tuid\tid.orig_h"));
        assert!(lines[7].starts_with("#types\ttime\tstring\taddr"));
        assert_eq!(lines[8].split('\t').count(), COLUMNS.len());
        let text: String = events.iter().map(|e| e.raw.clone() + "\n").collect();
        assert_eq!(testing::assert_parses(META.id, &text).len(), 4);
    }

    /// Records written from the conn.log field documentation: Corelight JSON, Zeek JSON with
    /// epoch times, and Zeek TSV with its header, with the variant and OCSF activity expected.
    const TABLE: &[(&str, &str, Option<&str>, u64)] = &[
        (
            "Corelight JSON, TLS",
            r#"{"_path":"conn","_system_name":"cl-sensor","_write_ts":"2026-03-02T10:00:05.000000Z","ts":"2026-03-02T10:00:01.250000Z","uid":"CwXa0t3bx3xgP1qKa1","id.orig_h":"10.8.0.15","id.orig_p":52144,"id.resp_h":"198.51.100.80","id.resp_p":443,"proto":"tcp","service":"ssl","duration":3.512044,"orig_bytes":1820,"resp_bytes":48211,"conn_state":"SF","local_orig":true,"local_resp":false,"missed_bytes":0,"history":"ShADadFf","orig_pkts":18,"orig_ip_bytes":2756,"resp_pkts":40,"resp_ip_bytes":50291,"community_id":"1:ZFakeValueForTheTable0000000="}"#,
            Some("ssl"),
            2,
        ),
        (
            "Zeek JSON with epoch ts, DNS",
            r#"{"ts":1772445601.100201,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"10.8.0.15","id.orig_p":61012,"id.resp_h":"10.8.0.2","id.resp_p":53,"proto":"udp","service":"dns","duration":0.012611,"orig_bytes":35,"resp_bytes":110,"conn_state":"SF","local_orig":true,"local_resp":true,"missed_bytes":0,"history":"Dd","orig_pkts":1,"orig_ip_bytes":63,"resp_pkts":1,"resp_ip_bytes":138}"#,
            Some("udp_dns"),
            2,
        ),
        (
            "Zeek JSON, port scan attempt without answer",
            r#"{"ts":1772445602.0,"uid":"C4J4Th3PJpwUYZZ6gc","id.orig_h":"203.0.113.50","id.orig_p":40022,"id.resp_h":"10.8.1.20","id.resp_p":3389,"proto":"tcp","conn_state":"S0","local_orig":false,"local_resp":true,"missed_bytes":0,"history":"S","orig_pkts":1,"orig_ip_bytes":44,"resp_pkts":0,"resp_ip_bytes":0}"#,
            Some("s0"),
            4,
        ),
        (
            "Zeek JSON, reset by the responder",
            r#"{"ts":1772445603.5,"uid":"CUM0KZ3MLUfNB0cl11","id.orig_h":"10.8.0.15","id.orig_p":50100,"id.resp_h":"10.8.1.21","id.resp_p":445,"proto":"tcp","duration":0.2,"orig_bytes":120,"resp_bytes":0,"conn_state":"RSTR","local_orig":true,"local_resp":true,"missed_bytes":0,"history":"ShADr","orig_pkts":4,"orig_ip_bytes":328,"resp_pkts":3,"resp_ip_bytes":132}"#,
            None,
            3,
        ),
        (
            "Zeek TSV with header",
            "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t2026-03-02-10-00-00\n\
             #fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n\
             #types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n\
             1772445604.000100\tCbYbcA2IzsgUNyYCz4\t10.8.0.15\t51515\t198.51.100.7\t80\ttcp\thttp\t0.420112\t512\t10240\tSF\tT\tF\t0\tShADadFf\t8\t928\t12\t10864\t(empty)",
            Some("tsv"),
            2,
        ),
    ];

    #[test]
    fn hand_written_records_parse() {
        for (name, text, variant, activity_id) in TABLE {
            let records = testing::assert_parses(META.id, text);
            assert_eq!(records.len(), 1, "{name}");
            assert_eq!(records[0].parsed.variant, *variant, "{name}");
            assert_eq!(records[0].ocsf["activity_id"], *activity_id, "{name}");
        }
        let tls = &testing::assert_parses(META.id, TABLE[0].1)[0].ocsf;
        assert_eq!(tls["connection_info"]["direction_id"], 2);
        assert_eq!(tls["duration"], 3512);
        assert_eq!(tls["traffic"]["bytes"], 50031);
        assert_eq!(tls["app_name"], "ssl");
        let tsv = &testing::assert_parses(META.id, TABLE[4].1)[0];
        assert_eq!(tsv.parsed.fields["local_orig"], true);
        assert_eq!(tsv.parsed.fields["tunnel_parents"], serde_json::json!([]));
        assert_eq!(tsv.parsed.fields["#path"], "conn");
        assert_eq!(tsv.ocsf["src_endpoint"]["port"], 51515);
    }

    #[test]
    fn icmp_type_and_code_are_not_ports() {
        let text = r#"{"ts":1741770000.25,"uid":"CpT1a93kq0Zc7dLm2","id.orig_h":"10.9.1.40","id.orig_p":8,"id.resp_h":"10.9.1.1","id.resp_p":0,"proto":"icmp","conn_state":"OTH","local_orig":true,"local_resp":true,"missed_bytes":0,"orig_pkts":4,"orig_ip_bytes":336,"resp_pkts":4,"resp_ip_bytes":336}"#;
        let records = testing::assert_parses(META.id, text);
        let record = &records[0].ocsf;
        assert_eq!(record["src_endpoint"].get("port"), None);
        assert_eq!(record["dst_endpoint"].get("port"), None);
        assert_eq!(record["unmapped"]["icmp_type"], 8);
        assert_eq!(record["unmapped"]["icmp_code"], 0);
        assert_eq!(record["connection_info"]["protocol_num"], 1);

        let v6 = r#"{"ts":1741770001.5,"uid":"CwQ2b84lr1Ad8eMn3","id.orig_h":"fd00:9::40","id.orig_p":128,"id.resp_h":"fd00:9::1","id.resp_p":0,"proto":"icmp","conn_state":"OTH"}"#;
        let records = testing::assert_parses(META.id, v6);
        assert_eq!(records[0].ocsf["connection_info"]["protocol_num"], 58);
    }

    #[test]
    fn corelight_enrichment_maps_to_endpoints() {
        let text = r#"{"_path":"conn","_system_name":"sensor-b","ts":"2025-03-12T08:00:01.000000Z","uid":"CnE4c75ms2Be9fNo4","id.orig_h":"10.9.2.17","id.orig_h_name.src":"DHCP","id.orig_h_name.vals":["lt-akim"],"id.orig_p":51820,"id.resp_h":"198.51.100.61","id.resp_h_name.src":"SSL_SNI","id.resp_h_name.vals":["files.example.net"],"id.resp_p":443,"proto":"tcp","ip_proto":6,"service":"ssl","conn_state":"SF","resp_cc":"NL","vlan":40}"#;
        let records = testing::assert_parses(META.id, text);
        let record = &records[0].ocsf;
        assert_eq!(record["src_endpoint"]["hostname"], "lt-akim");
        assert_eq!(record["dst_endpoint"]["hostname"], "files.example.net");
        assert_eq!(record["dst_endpoint"]["location"]["country"], "NL");
        assert_eq!(record["src_endpoint"]["vlan_uid"], "40");
    }

    #[test]
    fn millisecond_ts_and_long_connections_parse() {
        let millis = r#"{"ts":1772445601100,"uid":"CkR7d41np3Ce0gOq5","id.orig_h":"10.8.0.15","id.orig_p":61012,"id.resp_h":"10.8.0.2","id.resp_p":53,"proto":"udp","service":"dns","duration":0.012611,"orig_bytes":35,"resp_bytes":110,"conn_state":"SF","history":"Dd","orig_pkts":1,"orig_ip_bytes":63,"resp_pkts":1,"resp_ip_bytes":138}"#;
        let records = testing::assert_parses(META.id, millis);
        assert_eq!(records[0].ocsf["time"], 1_772_445_601_100_i64, "integer ts in milliseconds");

        let long = r#"{"_path":"conn_long","_system_name":"sensor-b","_write_ts":"2026-03-02T11:00:00.000000Z","ts":"2026-03-02T10:00:00.000000Z","uid":"CpL2e52oq4Df1hPr6","id.orig_h":"10.8.0.15","id.orig_p":50500,"id.resp_h":"198.51.100.90","id.resp_p":22,"proto":"tcp","service":"ssh","duration":3600.0,"orig_bytes":120000,"resp_bytes":480000,"conn_state":"S1","local_orig":true,"local_resp":false,"missed_bytes":0,"history":"ShAdDa","orig_pkts":900,"orig_ip_bytes":156000,"resp_pkts":1100,"resp_ip_bytes":524000}"#;
        let records = testing::assert_parses(META.id, long);
        let record = &records[0].ocsf;
        assert_eq!(record["activity_id"], 6, "a connection still open is a traffic report");
        assert_eq!(record["dst_endpoint"]["port"], 22);
        assert_eq!(record["traffic"]["bytes_in"], 480000);
    }

    #[test]
    fn record_without_ts_takes_received_time() {
        let text = r#"{"uid":"C5a1","id.orig_h":"10.0.0.1","id.orig_p":50123,"id.resp_h":"10.0.0.2","id.resp_p":443,"proto":"tcp","conn_state":"SF","duration":1.5}"#;
        let err = testing::assert_rejected(META.id, text);
        assert!(err.reason.contains("received time"), "{err}");

        let records = testing::assert_parses_with(META.id, text, testing::received_at_start());
        let record = &records[0].ocsf;
        assert_eq!(record["time"], crate::generate::default_start().millis());
        assert_eq!(record["duration"], 1500);
        assert_eq!(record.get("start_time"), None, "the received time is not when the connection started");
        assert_eq!(record.get("end_time"), None);
    }

    #[test]
    fn malformed_records_are_rejected() {
        let cases: &[(&str, &str)] = &[
            ("other Zeek log", r#"{"_path":"dns","ts":1772445601.1,"uid":"C1","id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2"}"#),
            ("no addresses", r#"{"ts":1772445601.1,"uid":"C1","proto":"tcp","conn_state":"SF"}"#),
            ("dns.log record without a path", r#"{"ts":1772445601.1,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":5353,"id.resp_h":"10.0.0.2","id.resp_p":53,"proto":"udp","query":"example.com"}"#),
            ("bad address", r#"{"ts":1772445601.1,"uid":"C1","id.orig_h":"nowhere","id.resp_h":"10.0.0.2","conn_state":"SF"}"#),
            ("no ts", r#"{"uid":"C1","id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","conn_state":"SF"}"#),
            ("TSV without header", "1772445604.0\tC1\t10.8.0.15"),
            ("TSV bad bool", "#fields\tts\tuid\tid.orig_h\tid.resp_h\tlocal_orig\n1772445604.0\tC1\t10.8.0.15\t10.8.0.1\tyes"),
            ("TSV bad count", "#fields\tts\tuid\tid.orig_h\tid.resp_h\torig_bytes\tconn_state\n1772445604.0\tC1\t10.8.0.15\t10.8.0.1\tmany\tSF"),
            ("TSV of another log", "#path\tdns\n#fields\tts\tuid\tid.orig_h\tid.resp_h\tconn_state\n1772445604.0\tC1\t10.8.0.15\t10.8.0.1\tSF"),
        ];
        for (name, text) in cases {
            let err = testing::assert_rejected(META.id, text);
            assert!(!err.reason.is_empty(), "{name}");
        }
    }

    #[test]
    fn corpus_samples_parse() {
        let samples = testing::corpus_files(&[
            "tenzir/zeek/tests/inputs/conn.log",
            "ocsf-examples/raw_sample_log_dataset/Zeek/conn.log",
            "ocsf-examples/mappings/markdown/Zeek/v1.3.0/conn_log/samples/conn_log.raw",
            "ocsf-examples/mappings/markdown/Zeek/v1.4.0/conn_log/samples/conn_log.raw",
        ]);
        if samples.is_empty() {
            println!("corpus not found; skipping");
            return;
        }
        let (passed, total) = testing::corpus_pass_rate(META.id, &samples);
        assert_eq!(passed, total);

        // Every Community ID in the samples must equal the one computed from the 5-tuple.
        let mut checked = 0;
        for sample in &samples {
            let records = crate::parse::parse_str(META.id, &sample.text, ParseOptions::default()).unwrap();
            for record in records.into_iter().flatten() {
                let fields = &record.parsed.fields;
                let Some(expected) = fields.get("community_id").and_then(Value::as_str) else {
                    continue;
                };
                let protocol = match fields["proto"].as_str() {
                    Some("tcp") => 6,
                    Some("udp") => 17,
                    _ => continue,
                };
                let address = |name: &str| fields[name].as_str().unwrap().parse::<IpAddr>().unwrap();
                let port = |name: &str| fields[name].as_i64().unwrap() as u16;
                let computed = community_id(address("id.orig_h"), port("id.orig_p"), address("id.resp_h"), port("id.resp_p"), protocol);
                assert_eq!(computed, expected, "{}", sample.name);
                checked += 1;
            }
        }
        println!("{checked} Community IDs match");
    }

    #[test]
    fn other_zeek_logs_are_rejected() {
        let samples = testing::corpus_files(&[
            "ocsf-examples/raw_sample_log_dataset/Zeek/dns.log",
            "ocsf-examples/raw_sample_log_dataset/Zeek/http.log",
            "tenzir/zeek/tests/inputs/ftp2.log",
        ]);
        for sample in &samples {
            let records = crate::parse::parse_str(META.id, &sample.text, ParseOptions::default()).unwrap();
            assert!(records.iter().all(Result::is_err), "{} parsed as conn.log", sample.name);
        }
    }
}
