//! Amazon VPC Flow Logs records: space-separated fields in the version 2 default format
//! (`version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes
//! start end action log-status`) and a version 5 custom format that appends the version 3 to
//! 5 fields in the order of the documentation's field table. Vendor documentation:
//! <https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html>.
//!
//! Header line: flow log files delivered to S3 start with a line naming the fields of the
//! format. Event 0 of a generated `v5_custom` stream starts with that line, as the first record
//! of a new file does; the default-format variants have none, as in CloudWatch Logs. The line
//! is the `header` field of event 0, and the reader reports it with the record that follows.
//!
//! The reader learns the field order from a header line (dashed names as in S3 files, or
//! underscored names as Athena and CSV exports write them). Without a header it reads the
//! default format and a record with exactly the 21, 25, 29, 39 or 40 fields of all version 3,
//! 4, 5, 7 or 8 fields in the documented order. It also reads the 36 fields of a transit
//! gateway flow log record in its default format. It also reads JSON records with underscored keys (Kinesis
//! Data Firehose and Lambda transformations) and CSV exports with a header row.

use std::net::Ipv4Addr;

use serde_json::Value;

use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::FieldMap;
use crate::error::ParseError;
use crate::decimal::push_u64;
use crate::fields::{push_ipv4, Fields};
use crate::format::json;
use crate::ocsf::{self, class, Object, RecordBuilder};
use crate::seed::{fnv1a, EventRng};
use crate::timestamp::Timestamp;

/// The `aws_vpcflowlogs` source.
pub struct AwsVpcFlowLogs;

const fn text(name: &'static str, weight: u32, description: &'static str) -> Variant {
    Variant {
        name,
        weight,
        format: WireFormat::Text,
        description,
    }
}

const VARIANTS: &[Variant] = &[
    text("accept_tcp", 50, "accepted TCP flow in the default format"),
    text("accept_udp", 12, "accepted UDP flow (DNS, NTP) in the default format"),
    text("reject", 20, "traffic rejected by a security group or network ACL, mostly inbound probes"),
    text("nodata", 3, "NODATA record: the interface saw no traffic in the capture window"),
    text("skipdata", 1, "SKIPDATA record: records were skipped in the capture window"),
    text("v5_custom", 0, "any flow in a version 5 custom format; event 0 carries the S3 header line (only on request)"),
];

const ACCEPT_TCP: usize = 0;
const ACCEPT_UDP: usize = 1;
const REJECT: usize = 2;
const NODATA: usize = 3;
const SKIPDATA: usize = 4;
const V5_CUSTOM: usize = 5;

static META: SourceMeta = SourceMeta {
    id: "aws_vpcflowlogs",
    aliases: &[],
    vendor: "Amazon Web Services",
    product: "Amazon VPC Flow Logs",
    category: "cloud",
    formats: &[WireFormat::Text],
    sourcetype: "aws:cloudwatchlogs:vpcflow",
    ocsf_classes: &[class::NETWORK_ACTIVITY],
    doc_url: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html",
    versions: "flow log record versions 2 to 5 (default and custom formats); later fields are read from a header line",
    known_gaps: &[
        "A custom format without a header line is read only when it is the default format or all version 3, 4 or 5 fields in documented order; other layouts read their first 14 fields as the default format",
        "Generated traffic uses documentation address ranges for the internet side and no IPv6",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &[],
};

/// The version 2 default format.
const DEFAULT_FORMAT: &[&str] = &[
    "version",
    "account-id",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
];

/// Fields added by versions 3, 4 and 5, in the order of the documentation's field table.
const V3_TO_V5: &[&str] = &[
    "vpc-id",
    "subnet-id",
    "instance-id",
    "tcp-flags",
    "type",
    "pkt-srcaddr",
    "pkt-dstaddr",
    "region",
    "az-id",
    "sublocation-type",
    "sublocation-id",
    "pkt-src-aws-service",
    "pkt-dst-aws-service",
    "flow-direction",
    "traffic-path",
];

/// Fields added by versions 7 and 8, which a header line may name.
const LATER_FIELDS: &[&str] = &[
    "ecs-cluster-arn",
    "ecs-cluster-name",
    "ecs-container-instance-arn",
    "ecs-container-instance-id",
    "ecs-container-id",
    "ecs-second-container-id",
    "ecs-service-name",
    "ecs-task-definition-arn",
    "ecs-task-arn",
    "ecs-task-id",
    "reject-reason",
];

/// Fields of the transit gateway flow log records of the default format, in order (36).
const TRANSIT_GATEWAY_FORMAT: &[&str] = &[
    "version",
    "resource-type",
    "account-id",
    "tgw-id",
    "tgw-attachment-id",
    "tgw-src-vpc-account-id",
    "tgw-dst-vpc-account-id",
    "tgw-src-vpc-id",
    "tgw-dst-vpc-id",
    "tgw-src-subnet-id",
    "tgw-dst-subnet-id",
    "tgw-src-eni",
    "tgw-dst-eni",
    "tgw-src-az-id",
    "tgw-dst-az-id",
    "tgw-pair-attachment-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "log-status",
    "type",
    "packets-lost-no-route",
    "packets-lost-blackhole",
    "packets-lost-mtu-exceeded",
    "packets-lost-ttl-expired",
    "tcp-flags",
    "region",
    "flow-direction",
    "pkt-src-aws-service",
    "pkt-dst-aws-service",
];

/// Fields whose values are numbers (or `-` when a record has none).
const NUMERIC_FIELDS: &[&str] = &["version", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "tcp-flags", "traffic-path"];

fn is_known_field(name: &str) -> bool {
    DEFAULT_FORMAT.contains(&name) || V3_TO_V5.contains(&name) || LATER_FIELDS.contains(&name) || TRANSIT_GATEWAY_FORMAT.contains(&name)
}

/// Region and Availability Zone id prefix.
fn az_prefix(region: &str) -> &'static str {
    match region {
        "us-east-1" => "use1",
        "us-east-2" => "use2",
        "us-west-2" => "usw2",
        "eu-west-1" => "euw1",
        "eu-central-1" => "euc1",
        "ap-southeast-2" => "apse2",
        _ => "use1",
    }
}

/// Appends a resource id such as `eni-0a1b2c3d4e5f67890`: a prefix and 17 hexadecimal digits
/// derived from `key`, so the same key always names the same resource.
fn resource_id(out: &mut String, prefix: &str, key: &str) {
    out.push_str(prefix);
    out.push('-');
    out.push('0');
    let mut hash = fnv1a(key.as_bytes());
    for _ in 0..16 {
        out.push(char::from(b"0123456789abcdef"[(hash & 0xf) as usize]));
        hash = hash.rotate_right(4) ^ 0x9e37_79b9;
    }
}

/// Writes the values of `names` separated by spaces: `-` for an absent or empty one, and
/// whitespace inside a value replaced by `_`.
fn write_values<'a>(fields: &Fields, names: impl Iterator<Item = &'a str>, out: &mut String) {
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match fields.get(name) {
            Some(value) if value.chars().any(char::is_whitespace) => out.extend(value.chars().map(|c| if c.is_whitespace() { '_' } else { c })),
            Some(value) if !value.is_empty() => out.push_str(value),
            _ => out.push('-'),
        }
    }
}

/// Returns the dotted-quad text of an address.
fn ipv4_text(address: Ipv4Addr) -> String {
    let mut text = String::with_capacity(15);
    push_ipv4(&mut text, address);
    text
}

/// One generated flow, before it is written into fields.
struct Flow {
    source: String,
    destination: String,
    source_port: u64,
    destination_port: u64,
    protocol: u64,
    packets: u64,
    bytes: u64,
    action: &'static str,
    tcp_flags: u64,
    egress: bool,
}

/// Draws a flow of `kind` (one of the default-format variants).
fn draw_flow(ctx: &mut GenContext<'_>, kind: usize) -> Flow {
    let world = ctx.world;
    let rng = &mut ctx.rng;
    let servers = world.servers();
    let instance = ipv4_text(servers[rng.index(servers.len())].ip);
    let external = ipv4_text(*rng.pick(&world.external_addresses));
    let ephemeral = rng.range(32_768, 65_535);
    match kind {
        ACCEPT_UDP => {
            let port = if rng.chance(800) { 53 } else { 123 };
            let packets = rng.range(1, 4);
            Flow {
                source: instance,
                destination: external,
                source_port: if port == 123 { 123 } else { ephemeral },
                destination_port: port,
                protocol: 17,
                packets,
                bytes: packets * rng.range(60, 180),
                action: "ACCEPT",
                tcp_flags: 0,
                egress: true,
            }
        }
        REJECT => {
            let port = *rng.pick(&[22u64, 3389, 23, 445, 1433, 5900, 6379]);
            Flow {
                source: external,
                destination: instance,
                source_port: ephemeral,
                destination_port: port,
                protocol: 6,
                packets: rng.range(1, 3),
                bytes: 40 * rng.range(1, 3),
                action: "REJECT",
                tcp_flags: 2,
                egress: false,
            }
        }
        _ => {
            // Outbound HTTPS from an instance, or an inbound request to a web tier.
            let packets = rng.range(4, 2_400);
            let bytes = packets * rng.range(60, 1_400);
            let tcp_flags = *rng.pick(&[2u64, 3, 18, 19, 19, 19]);
            if rng.chance(550) {
                Flow {
                    source: instance,
                    destination: external,
                    source_port: ephemeral,
                    destination_port: *rng.pick(&[443u64, 443, 443, 80]),
                    protocol: 6,
                    packets,
                    bytes,
                    action: "ACCEPT",
                    tcp_flags,
                    egress: true,
                }
            } else {
                Flow {
                    source: external,
                    destination: instance,
                    source_port: ephemeral,
                    destination_port: 443,
                    protocol: 6,
                    packets,
                    bytes,
                    action: "ACCEPT",
                    tcp_flags,
                    egress: false,
                }
            }
        }
    }
}

impl Source for AwsVpcFlowLogs {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let world = ctx.world;
        let account_count = world.aws_accounts().count();
        let chosen = ctx.rng.index(account_count);
        let Some(account) = world.aws_accounts().nth(chosen) else {
            return;
        };
        // The clock gives the start of the capture window, which is the record's time.
        let start = ctx.time.secs();
        let end = start + ctx.rng.range(1, 59) as i64;
        let eni_number = ctx.rng.below(24);
        let mut key = String::with_capacity(account.id.len() + 4);
        key.push_str(&account.id);
        key.push('/');
        push_u64(&mut key, eni_number);
        let mut interface = String::with_capacity(21);
        resource_id(&mut interface, "eni", &key);

        if ctx.variant == V5_CUSTOM && ctx.index == 0 {
            let names: Vec<&str> = DEFAULT_FORMAT.iter().chain(V3_TO_V5).copied().collect();
            fields.str("header", &names.join(" "));
        }
        let v5 = ctx.variant == V5_CUSTOM;
        fields.int("version", if v5 { 5 } else { 2 });
        fields.str("account-id", &account.id);
        fields.str("interface-id", &interface);

        let kind = if v5 {
            *ctx.rng.pick(&[ACCEPT_TCP, ACCEPT_TCP, ACCEPT_TCP, ACCEPT_UDP, REJECT])
        } else {
            ctx.variant
        };
        let log_status = match kind {
            NODATA => Some("NODATA"),
            SKIPDATA => Some("SKIPDATA"),
            _ => None,
        };
        if let Some(status) = log_status {
            for name in ["srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes"] {
                fields.str(name, "-");
            }
            fields.int("start", start);
            fields.int("end", end);
            fields.str("action", "-");
            fields.str("log-status", status);
            return;
        }

        let flow = draw_flow(ctx, kind);
        fields.str("srcaddr", &flow.source);
        fields.str("dstaddr", &flow.destination);
        fields.int("srcport", flow.source_port as i64);
        fields.int("dstport", flow.destination_port as i64);
        fields.int("protocol", flow.protocol as i64);
        fields.int("packets", flow.packets as i64);
        fields.int("bytes", flow.bytes as i64);
        fields.int("start", start);
        fields.int("end", end);
        fields.str("action", flow.action);
        fields.str("log-status", "OK");
        if v5 {
            fill_v5(&mut ctx.rng, fields, &flow, &account.id, &account.region, eni_number);
        }
    }

    fn write(&self, _variant: usize, fields: &Fields, out: &mut String) {
        if let Some(header) = fields.get("header") {
            out.push_str(header);
            out.push('\n');
            write_values(fields, header.split_whitespace(), out);
        } else if fields.get("vpc-id").is_some() {
            write_values(fields, DEFAULT_FORMAT.iter().chain(V3_TO_V5).copied(), out);
        } else {
            write_values(fields, DEFAULT_FORMAT.iter().copied(), out);
        }
    }

    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let mut parsed = None;
        let mut offset = 0;
        for physical in line.split('\n') {
            let text = physical.trim();
            let result = if text.starts_with('{') {
                let value = json::parse(text)?;
                self.parse_json(&value, state)
            } else {
                read_record(text, state)
            };
            if let Some(record) = result.map_err(|err| ParseError::new(err.offset + offset, err.reason))? {
                if parsed.is_some() {
                    return Err(ParseError::new(offset, "more than one flow log record in one event; pass records one line at a time"));
                }
                parsed = Some(record);
            }
            offset += physical.len() + 1;
        }
        Ok(parsed)
    }

    fn parse_json(&self, value: &Value, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let Some(object) = value.as_object() else {
            return Err(ParseError::new(0, "expected a JSON object holding a flow log record"));
        };
        let is_record = ["interface_id", "interface-id", "log_status", "log-status", "srcaddr"]
            .iter()
            .any(|key| object.contains_key(*key));
        if !is_record {
            if let Some(message) = object.get("message").and_then(Value::as_str) {
                return self.parse_line(message, state);
            }
            return Err(ParseError::new(
                0,
                "not a flow log record: the JSON object has no interface_id, log_status or srcaddr key and no message",
            ));
        }
        let mut fields = FieldMap::new();
        for (key, value) in object {
            let name = key.replace('_', "-");
            if !is_known_field(&name) {
                continue;
            }
            fields.insert(name.clone(), typed_value(&name, value));
        }
        check_record(&fields, true)?;
        Ok(Some(finish(fields)))
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        to_ocsf(parsed, options)
    }
}

fn fill_v5(rng: &mut EventRng, fields: &mut Fields, flow: &Flow, account: &str, region: &str, eni_number: u64) {
    let zone = 1 + eni_number % 3;
    fields.with("vpc-id", |out| resource_id(out, "vpc", account));
    fields.with("subnet-id", |out| resource_id(out, "subnet", &format!("{account}/{zone}")));
    if rng.chance(800) {
        fields.with("instance-id", |out| resource_id(out, "i", &format!("{account}/{eni_number}")));
    } else {
        fields.str("instance-id", "-");
    }
    fields.int("tcp-flags", flow.tcp_flags as i64);
    fields.str("type", "IPv4");
    fields.str("pkt-srcaddr", &flow.source);
    fields.str("pkt-dstaddr", &flow.destination);
    fields.str("region", region);
    fields.fmt("az-id", format_args!("{}-az{zone}", az_prefix(region)));
    fields.str("sublocation-type", "-");
    fields.str("sublocation-id", "-");
    fields.str("pkt-src-aws-service", "-");
    let service = if flow.egress && rng.chance(200) { "S3" } else { "-" };
    fields.str("pkt-dst-aws-service", service);
    fields.str("flow-direction", if flow.egress { "egress" } else { "ingress" });
    if flow.egress {
        // 8: through an internet gateway, 1: to another resource in the same VPC.
        fields.int("traffic-path", if rng.chance(800) { 8 } else { 1 });
    } else {
        fields.str("traffic-path", "-");
    }
}

/// Converts a JSON value to the record's type: numbers for numeric fields (whole floats
/// such as `25238.0` become integers), text for the others.
fn typed_value(name: &str, value: &Value) -> Value {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Null => "-".to_string(),
        other => other.to_string(),
    };
    if NUMERIC_FIELDS.contains(&name) {
        if let Some(number) = value.as_f64().filter(|n| n.fract() == 0.0 && n.abs() < 9.0e15) {
            return Value::from(number as i64);
        }
        if let Ok(number) = text.parse::<i64>() {
            return Value::from(number);
        }
    }
    Value::String(text)
}

/// Splits a text line into values: on commas for a CSV export, else on whitespace.
fn split_values(text: &str) -> Vec<&str> {
    if text.contains(',') && !text.contains(' ') {
        text.split(',').collect()
    } else {
        text.split_whitespace().collect()
    }
}

/// True when every value is a field name, so the line is a header.
fn is_header(values: &[&str]) -> bool {
    !values.is_empty() && values.iter().all(|value| is_known_field(&value.replace('_', "-")))
}

/// Reads one text line: a header updates `state`, a record yields its fields.
fn read_record(text: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
    if text.is_empty() {
        return Ok(None);
    }
    let values = split_values(text);
    if is_header(&values) {
        state.columns = Some(values.iter().map(|value| value.replace('_', "-")).collect());
        state.header.push(("header".to_string(), text.to_string()));
        return Ok(None);
    }

    let columns: Vec<String> = match &state.columns {
        Some(columns) => columns.clone(),
        None => default_columns(&values)?,
    };
    if values.len() < columns.len() || (state.columns.is_some() && values.len() != columns.len()) {
        return Err(ParseError::new(
            0,
            format!(
                "the record has {} fields but the format names {}; give the header line of the file for a custom format",
                values.len(),
                columns.len()
            ),
        ));
    }
    let mut fields = FieldMap::new();
    for (name, value) in columns.iter().zip(values) {
        let typed = typed_value(name, &Value::String(value.to_string()));
        fields.insert(name.clone(), typed);
    }
    check_record(&fields, state.columns.is_some())?;
    for (name, value) in state.header.drain(..) {
        fields.insert(name, Value::String(value));
    }
    Ok(Some(finish(fields)))
}

/// Chooses the field order of a record read without a header line.
fn default_columns(values: &[&str]) -> Result<Vec<String>, ParseError> {
    // A transit gateway record names its gateway in the fourth field.
    if values.len() == TRANSIT_GATEWAY_FORMAT.len() && values.get(3).is_some_and(|v| v.starts_with("tgw-")) {
        return Ok(TRANSIT_GATEWAY_FORMAT.iter().map(|name| name.to_string()).collect());
    }
    let all: Vec<&str> = DEFAULT_FORMAT.iter().chain(V3_TO_V5).chain(LATER_FIELDS).copied().collect();
    let count = match values.len() {
        // Every field through version 5, through the ECS fields of version 7, or through the
        // reject reason of version 8, in the documented order.
        14 | 21 | 25 | 29 | 39 | 40 => values.len(),
        n if n > 14 && values.first().is_some_and(|v| v.parse::<u32>().is_ok()) && values.get(2).is_some_and(|v| v.starts_with("eni-")) => {
            // NOTE: a longer custom record without its header is read as the default format
            // followed by fields this reader cannot name, which it drops.
            14
        }
        n => {
            return Err(ParseError::new(
                0,
                format!("the record has {n} fields, which matches no known format; give the header line of the file"),
            ))
        }
    };
    Ok(all[..count].iter().map(|name| name.to_string()).collect())
}

/// Rejects records whose version, times or log status are not those of a flow log. When a
/// header line or JSON keys name the fields, `start` and `end` may be missing, because a custom
/// format need not select them. A record read in a guessed default format must have one.
fn check_record(fields: &FieldMap, format_named: bool) -> Result<(), ParseError> {
    if let Some(version) = fields.get("version") {
        if !version.is_i64() {
            return Err(ParseError::new(0, format!("invalid version {version}: expected a number such as 2")));
        }
    }
    for name in ["start", "end"] {
        match fields.get(name) {
            None | Some(Value::Number(_)) => {}
            Some(Value::String(text)) if text == "-" => {}
            Some(other) => return Err(ParseError::new(0, format!("invalid {name} {other}: expected seconds since the epoch"))),
        }
    }
    let has_time = ["start", "end"].iter().any(|name| fields.get(name).is_some_and(Value::is_i64));
    if !has_time && !format_named {
        return Err(ParseError::new(0, "the record has no numeric start or end time"));
    }
    if let Some(status) = fields.get("log-status").and_then(Value::as_str) {
        if !matches!(status, "OK" | "NODATA" | "SKIPDATA" | "-") {
            return Err(ParseError::new(0, format!("invalid log-status '{status}': expected OK, NODATA or SKIPDATA")));
        }
    }
    Ok(())
}

fn finish(fields: FieldMap) -> Parsed {
    let text = |name: &str| fields.get(name).and_then(Value::as_str);
    let variant = if fields.get("version").and_then(Value::as_i64) == Some(5) {
        "v5_custom"
    } else {
        match (text("log-status"), text("action"), fields.get("protocol").and_then(Value::as_i64)) {
            (Some("NODATA"), _, _) => "nodata",
            (Some("SKIPDATA"), _, _) => "skipdata",
            (_, Some("REJECT"), _) => "reject",
            (_, _, Some(17)) => "accept_udp",
            _ => "accept_tcp",
        }
    };
    Parsed {
        variant: Some(variant),
        fields,
    }
}

fn to_ocsf(parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
    let fields = &parsed.fields;
    let text = |name: &str| fields.get(name).and_then(Value::as_str).filter(|v| !v.is_empty() && *v != "-");
    let number = |name: &str| fields.get(name).and_then(Value::as_i64);
    let ip = |name: &str| text(name).filter(|v| v.parse::<std::net::IpAddr>().is_ok());

    let start = number("start");
    let end = number("end");
    let time = options.event_time(start.or(end).map(Timestamp::from_secs))?;
    let status = text("log-status").unwrap_or("OK");
    let action = text("action");
    let activity_id = if status == "OK" || action.is_some() { 6 } else { 99 };

    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, activity_id, time, &META);
    record.set("status_code", status);
    match action {
        Some("ACCEPT") => {
            record.set("action_id", 1).set("action", "Allowed");
            record.set("disposition_id", 1).set("disposition", "Allowed");
            record.status(ocsf::status::SUCCESS);
        }
        Some("REJECT") => {
            record.set("action_id", 2).set("action", "Denied");
            record.set("disposition_id", 2).set("disposition", "Blocked");
            record.status(ocsf::status::FAILURE);
        }
        _ => {}
    }
    record.set_opt("start_time", start.map(|s| s.saturating_mul(1000)));
    record.set_opt("end_time", end.map(|e| e.saturating_mul(1000)));
    if let Some(version) = number("version") {
        record.set("metadata.product.version", version.to_string());
    }

    record.set("cloud.provider", "AWS");
    record.set_str("cloud.account.uid", text("account-id"));
    record.set_str("cloud.region", text("region"));
    record.set_str("cloud.zone", text("az-id"));

    // The interface is the destination of ingress traffic and the source otherwise, which
    // also covers records without a flow-direction field.
    let direction = text("flow-direction");
    let local = if direction == Some("ingress") { "dst_endpoint" } else { "src_endpoint" };
    // `srcaddr` and `dstaddr` are the addresses at the network interface; `pkt-srcaddr` and
    // `pkt-dstaddr` are those the packet carries. They differ when the interface forwards the
    // traffic (a NAT gateway, a load balancer), and then the packet addresses are the real
    // endpoints and the interface address is an intermediate one.
    let set_endpoint = |record: &mut RecordBuilder, side: &str, packet: &str, address: &str, port: &str| {
        let interface_ip = ip(address);
        let endpoint_ip = ip(packet).or(interface_ip);
        record.set_opt(format!("{side}.ip"), endpoint_ip.map(str::to_string));
        if let Some(interface_ip) = interface_ip.filter(|i| Some(*i) != endpoint_ip) {
            record.set(format!("{side}.intermediate_ips"), Value::Array(vec![Value::String(interface_ip.to_string())]));
        }
        record.set_opt(format!("{side}.port"), number(port).filter(|p| (0..=65_535).contains(p)));
    };
    set_endpoint(&mut record, "src_endpoint", "pkt-srcaddr", "srcaddr", "srcport");
    set_endpoint(&mut record, "dst_endpoint", "pkt-dstaddr", "dstaddr", "dstport");
    record.set_str(format!("{local}.interface_uid"), text("interface-id"));
    record.set_str(format!("{local}.vpc_uid"), text("vpc-id"));
    record.set_str(format!("{local}.subnet_uid"), text("subnet-id"));
    record.set_str(format!("{local}.instance_uid"), text("instance-id"));
    record.set_str("src_endpoint.svc_name", text("pkt-src-aws-service"));
    record.set_str("dst_endpoint.svc_name", text("pkt-dst-aws-service"));
    // Transit gateway records name the network interface, VPC and subnet of both sides.
    for (side, prefix) in [("src_endpoint", "tgw-src"), ("dst_endpoint", "tgw-dst")] {
        record.set_str(format!("{side}.interface_uid"), text(&format!("{prefix}-eni")));
        record.set_str(format!("{side}.vpc_uid"), text(&format!("{prefix}-vpc-id")));
        record.set_str(format!("{side}.subnet_uid"), text(&format!("{prefix}-subnet-id")));
    }
    for name in ["tgw-id", "tgw-attachment-id", "resource-type", "ecs-cluster-name", "ecs-service-name", "ecs-task-id"] {
        record.set_str(format!("unmapped.{name}"), text(name));
    }
    // Version 8 gives the reason a flow was rejected, such as `BPA` for VPC Block Public Access.
    record.set_str("status_detail", text("reject-reason"));

    record.set_opt("connection_info.protocol_num", number("protocol"));
    record.set_str("connection_info.protocol_name", number("protocol").and_then(ocsf::protocol_name));
    record.set_opt("connection_info.tcp_flags", number("tcp-flags"));
    match direction {
        Some("ingress") => record.set("connection_info.direction_id", 1).set("connection_info.direction", "Inbound"),
        Some("egress") => record.set("connection_info.direction_id", 2).set("connection_info.direction", "Outbound"),
        _ if record.get("connection_info").is_some() => record.set("connection_info.direction_id", 0),
        _ => &mut record,
    };
    match text("type") {
        Some("IPv4") => record.set("connection_info.protocol_ver_id", 4).set("connection_info.protocol_ver", "IPv4"),
        Some("IPv6") => record.set("connection_info.protocol_ver_id", 6).set("connection_info.protocol_ver", "IPv6"),
        _ => &mut record,
    };
    record.set_opt("traffic.bytes", number("bytes"));
    record.set_opt("traffic.packets", number("packets"));
    Ok(record.build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing;

    #[test]
    fn round_trip_every_variant() {
        assert_eq!(testing::assert_round_trip(&AwsVpcFlowLogs, 0..200), 200 * META.variants.len());
    }

    #[test]
    fn v5_stream_starts_with_the_header_line() {
        let mut request = crate::generate::GenerateRequest::new(META.id, 3);
        request.variant = Some("v5_custom".into());
        let events: Vec<_> = crate::generate::Generator::new(&request).unwrap().collect();
        let first: Vec<&str> = events[0].raw.lines().collect();
        assert_eq!(first.len(), 2);
        assert!(first[0].starts_with("version account-id interface-id srcaddr"));
        assert!(first[0].ends_with("flow-direction traffic-path"));
        assert_eq!(first[1].split(' ').count(), 29);
        assert!(!events[1].raw.contains('\n'));
        let text: String = events.iter().map(|e| e.raw.clone() + "\n").collect();
        let records = testing::assert_parses(META.id, &text);
        assert_eq!(records.len(), 3);
        assert!(records.iter().all(|r| r.parsed.fields["version"] == 5));
    }

    /// Records written from the field table of the documentation, with the variant and the
    /// OCSF action expected.
    const TABLE: &[(&str, &str, &str, Option<u64>)] = &[
        ("default format, accepted SSH", "2 123456789010 eni-0a1b2c3d4e5f60718 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "accept_tcp", Some(1)),
        ("default format, rejected RDP", "2 123456789010 eni-0a1b2c3d4e5f60718 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK", "reject", Some(2)),
        ("default format, DNS", "2 123456789010 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.0.2 53124 53 17 1 74 1718530010 1718530070 ACCEPT OK", "accept_udp", Some(1)),
        ("default format, NODATA", "2 123456789010 eni-0a1b2c3d4e5f60718 - - - - - - - 1431280876 1431280934 - NODATA", "nodata", None),
        ("default format, SKIPDATA", "2 123456789010 eni-0a1b2c3d4e5f60718 - - - - - - - 1431280876 1431280934 - SKIPDATA", "skipdata", None),
        (
            "all version 5 fields without a header",
            "5 123456789010 eni-0a1b2c3d4e5f60718 10.0.0.71 52.95.128.179 45123 443 6 12 4812 1718530010 1718530070 ACCEPT OK vpc-0f1e2d3c4b5a69788 subnet-0a9b8c7d6e5f40312 i-0123456789abcdef0 19 IPv4 10.0.0.71 52.95.128.179 eu-west-1 euw1-az3 - - - S3 egress 7",
            "v5_custom",
            Some(1),
        ),
        (
            "JSON record from a Firehose transformation",
            r#"{"version":2,"account_id":"123456789010","interface_id":"eni-0a1b2c3d4e5f60718","srcaddr":"198.51.100.8","dstaddr":"10.0.2.15","srcport":44321.0,"dstport":443.0,"protocol":6.0,"packets":9,"bytes":1870,"start":1718530010,"end":1718530070,"action":"ACCEPT","log_status":"OK"}"#,
            "accept_tcp",
            Some(1),
        ),
        (
            "CloudWatch Logs export with the record in message",
            r#"{"timestamp":1718530010000,"message":"2 123456789010 eni-0a1b2c3d4e5f60718 198.51.100.9 10.0.2.15 51000 22 6 3 180 1718530010 1718530070 REJECT OK","ingestionTime":1718530100000}"#,
            "reject",
            Some(2),
        ),
    ];

    #[test]
    fn hand_written_records_parse() {
        for (name, line, variant, action_id) in TABLE {
            let records = testing::assert_parses(META.id, line);
            assert_eq!(records.len(), 1, "{name}");
            assert_eq!(records[0].parsed.variant, Some(*variant), "{name}");
            assert_eq!(records[0].ocsf.get("action_id").and_then(crate::ocsf::Node::as_u64), *action_id, "{name}");
        }
        let ssh = &testing::assert_parses(META.id, TABLE[0].1)[0].ocsf;
        assert_eq!(ssh["src_endpoint"]["ip"], "172.31.16.139");
        assert_eq!(ssh["dst_endpoint"]["port"], 22);
        assert_eq!(ssh["traffic"]["bytes"], 4249);
        assert_eq!(ssh["cloud"]["account"]["uid"], "123456789010");
        assert_eq!(ssh["start_time"], 1_418_530_010_000_i64);
        let v5 = &testing::assert_parses(META.id, TABLE[5].1)[0].ocsf;
        assert_eq!(v5["connection_info"]["direction_id"], 2);
        assert_eq!(v5["src_endpoint"]["vpc_uid"], "vpc-0f1e2d3c4b5a69788");
        assert_eq!(v5["dst_endpoint"]["svc_name"], "S3");
        assert_eq!(v5["cloud"]["zone"], "euw1-az3");
    }

    #[test]
    fn header_line_sets_a_custom_order() {
        let text = "srcaddr dstaddr action start end log-status\n10.0.0.5 10.0.0.9 ACCEPT 1718530010 1718530070 OK\n";
        let records = testing::assert_parses(META.id, text);
        assert_eq!(records[0].parsed.fields["dstaddr"], "10.0.0.9");
        assert_eq!(records[0].parsed.fields["header"], "srcaddr dstaddr action start end log-status");

        let csv = "account_id,action,bytes,dstaddr,dstport,end,interface_id,log_status,packets,protocol,srcaddr,srcport,start,version\n\
                   123456789012,REJECT,40,172.31.2.52,39938,1649721788,eni-0123,OK,1,6,192.0.2.4,56858,1649721732,5\n";
        let records = testing::assert_parses(META.id, csv);
        assert_eq!(records[0].ocsf["action_id"], 2);
        assert_eq!(records[0].parsed.fields["account-id"], "123456789012");
    }

    #[test]
    fn packet_addresses_are_the_endpoints() {
        // Traffic that a NAT gateway forwards: its interface address 10.0.0.220 sits between
        // the instance and the internet host.
        let text = "version srcaddr dstaddr pkt-srcaddr pkt-dstaddr srcport dstport start end action log-status\n\
                    5 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5 36490 443 1718530010 1718530070 ACCEPT OK\n";
        let record = &testing::assert_parses(META.id, text)[0].ocsf;
        assert_eq!(record["src_endpoint"]["ip"], "10.0.1.5");
        assert_eq!(record["src_endpoint"].get("intermediate_ips"), None);
        assert_eq!(record["dst_endpoint"]["ip"], "203.0.113.5");
        assert_eq!(record["dst_endpoint"]["intermediate_ips"][0], "10.0.0.220");
        assert_eq!(record["dst_endpoint"]["port"], 443);
    }

    #[test]
    fn all_fields_through_version_8_without_header() {
        let text = "8 210987654321 eni-0f1e2d3c4b5a69788 198.51.100.23 10.20.4.17 51515 443 6 3 180 1741770000 1741770060 REJECT OK \
                    vpc-0a1b2c3d subnet-0a1b2c3d i-0a1b2c3d4e5f60718 2 IPv4 198.51.100.23 10.20.4.17 eu-west-1 euw1-az2 - - - - ingress 1 \
                    arn:aws:ecs:eu-west-1:210987654321:cluster/web web arn:aws:ecs:eu-west-1:210987654321:container-instance/web/0a1b \
                    0a1b c0ffee01 - storefront arn:aws:ecs:eu-west-1:210987654321:task-definition/storefront:3 \
                    arn:aws:ecs:eu-west-1:210987654321:task/web/5e6f7a8b 5e6f7a8b BPA";
        let record = &testing::assert_parses(META.id, text)[0].ocsf;
        assert_eq!(record["dst_endpoint"]["ip"], "10.20.4.17");
        assert_eq!(record["dst_endpoint"]["interface_uid"], "eni-0f1e2d3c4b5a69788");
        assert_eq!(record["status_detail"], "BPA");
        assert_eq!(record["unmapped"]["ecs-service-name"], "storefront");
        assert_eq!(record["cloud"]["region"], "eu-west-1");
    }

    #[test]
    fn transit_gateway_record_without_header() {
        let text = "6 TransitGateway 210987654321 tgw-0123456789abcdef0 tgw-attach-0fedcba987654321 210987654321 210987654322 \
                    vpc-0aaa1111 vpc-0bbb2222 subnet-0aaa1111 subnet-0bbb2222 eni-0aaa1111bbbb2222c eni-0bbb2222cccc3333d \
                    euw1-az1 euw1-az2 tgw-attach-0aaaa1111bbbb2222 10.30.1.8 10.40.2.9 40112 5432 6 12 2048 1741770000 1741770059 OK \
                    IPv4 0 0 0 0 19 eu-west-1 egress - -";
        let record = &testing::assert_parses(META.id, text)[0].ocsf;
        assert_eq!(record["src_endpoint"]["ip"], "10.30.1.8");
        assert_eq!(record["src_endpoint"]["vpc_uid"], "vpc-0aaa1111");
        assert_eq!(record["dst_endpoint"]["interface_uid"], "eni-0bbb2222cccc3333d");
        assert_eq!(record["dst_endpoint"]["port"], 5432);
        assert_eq!(record["unmapped"]["tgw-id"], "tgw-0123456789abcdef0");
        assert_eq!(record["connection_info"]["direction_id"], 2);
        assert_eq!(record["connection_info"]["protocol_name"], "tcp");
    }

    #[test]
    fn custom_format_without_times_takes_received_time() {
        let text = "version interface-id srcaddr dstaddr action log-status\n5 eni-0123 10.0.0.5 10.0.0.9 ACCEPT OK\n";
        let err = testing::assert_rejected(META.id, text);
        assert!(err.reason.contains("received time"), "{err}");

        let records = testing::assert_parses_with(META.id, text, testing::received_at_start());
        assert_eq!(records[0].ocsf["time"], crate::generate::default_start().millis());
        assert_eq!(records[0].ocsf.get("start_time"), None);
        assert_eq!(records[0].ocsf["src_endpoint"]["ip"], "10.0.0.5");
    }

    #[test]
    fn malformed_records_are_rejected() {
        let cases: &[(&str, &str)] = &[
            ("start that is not a number", "start srcaddr action\nsoon 10.0.0.5 ACCEPT"),
            ("too few fields", "2 123456789010 eni-0a1b2c3d4e5f60718 172.31.16.139"),
            ("version not a number", "v2 123456789010 eni-0a1b2c3d4e5f60718 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"),
            ("no times", "2 123456789010 eni-0a1b2c3d4e5f60718 172.31.16.139 172.31.16.21 20641 22 6 20 4249 soon later ACCEPT OK"),
            ("unknown log status", "2 123456789010 eni-0a1b2c3d4e5f60718 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT FINE"),
            ("header names more fields", "version account-id\n2"),
            ("JSON that is no record", r#"{"eventName":"GetObject"}"#),
        ];
        for (name, text) in cases {
            let err = testing::assert_rejected(META.id, text);
            assert!(!err.reason.is_empty(), "{name}");
        }
    }

    #[test]
    fn corpus_samples_parse() {
        let mut samples = testing::sekoia_samples("AWS/aws-flow-logs");
        samples.extend(testing::corpus_files(&[
            "tenzir/amazon/tests/inputs/cloudwatch-v2.ndjson",
            "tenzir/amazon/tests/inputs/cloudwatch-v7-ecs.ndjson",
            "ocsf-examples/mappings/markdown/AWS/v1.0.0-rc.2/VPC Flowlogs/samples/vpcflowlog.raw",
            "ocsf-examples/mappings/markdown/AWS/v1.1.0/VPC Flowlogs/samples/vpcflowlog.raw",
            "ocsf-examples/mappings/markdown/AWS/v1.5.0/VPC Flowlogs/samples/vpcflowlog.raw",
            "ocsf-examples/mappings/dataprepper/AWS/v1.1.0/VPC Flow/samples/vpcflowlog.raw",
        ]));
        if samples.is_empty() {
            println!("corpus not found; skipping");
            return;
        }
        let (passed, total) = testing::corpus_pass_rate(META.id, &samples);
        assert_eq!(passed, total);
    }
}
