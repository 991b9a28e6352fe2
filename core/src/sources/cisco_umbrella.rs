//! Cisco Umbrella DNS logs, as Umbrella exports them to an S3 bucket.
//!
//! Format: CSV with every field quoted, one query per line, in the order
//! `timestamp, most granular identity, identities, internal ip, external ip, action, query type,
//! response code, domain, categories`. Later log versions append `most granular identity type,
//! identity types`, then `blocked categories`, then `rule id, destination countries,
//! organization id`. The generator writes the 16-column layout. The reader names columns by
//! position for any of those lengths, and for the 9-column first layout, whose second column is
//! the policy identity. It skips the optional header row. Field names are the column titles of
//! that header row in snake case.
//!
//! The reader also takes the cloud-delivered firewall log, `timestamp, origin id, identity,
//! identity type, direction, protocol, packet size, source ip, source port, destination ip,
//! destination port, data center, rule id, verdict`, which it distinguishes from a DNS log by
//! the direction in its fifth column, and maps it to Network Activity. It rejects a proxy log,
//! which has a URL in its eighth column, instead of reading its columns as a DNS query.
//!
//! Vendor documentation: "DNS Log Formats" and "Log Formats and Versioning" in the Umbrella
//! user guide, <https://docs.umbrella.com/umbrella-user-guide/docs/dns-log-formats>.

use std::borrow::Cow;
use std::sync::LazyLock;

use serde_json::Value;

use super::json_support;
use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::{FieldMap, FieldValue, NameTable};
use crate::error::ParseError;
use crate::decimal::push_u64;
use crate::fields::Fields;
use crate::format::{csv, EscapeScan};
use crate::ocsf::{self, class, Object, RecordBuilder};
use crate::timestamp::{parse_date_time, Timestamp};

/// The `cisco_umbrella` source.
pub struct CiscoUmbrella;

const VARIANTS: &[Variant] = &[
    Variant { name: "allowed", weight: 900, format: WireFormat::Csv, description: "Umbrella resolved a query that no policy blocks" },
    Variant { name: "blocked_category", weight: 40, format: WireFormat::Csv, description: "a content category of the policy blocked the query" },
    Variant { name: "blocked_security", weight: 15, format: WireFormat::Csv, description: "a security category such as Malware or Command and Control blocked the query" },
    Variant { name: "nxdomain", weight: 60, format: WireFormat::Csv, description: "the queried domain does not exist" },
];

const ALLOWED: usize = 0;
const BLOCKED_CATEGORY: usize = 1;
const BLOCKED_SECURITY: usize = 2;

static META: SourceMeta = SourceMeta {
    id: "cisco_umbrella",
    aliases: &[],
    vendor: "Cisco",
    product: "Umbrella DNS",
    category: "network",
    formats: &[WireFormat::Csv],
    sourcetype: "cisco:umbrella:dns",
    ocsf_classes: &[class::DNS_ACTIVITY, class::NETWORK_ACTIVITY],
    doc_url: "https://docs.umbrella.com/umbrella-user-guide/docs/dns-log-formats",
    versions: "S3 DNS log layouts with 9, 10 and 12 to 16 columns, and the firewall log with 14 to 16 columns",
    known_gaps: &[
        "proxy, IPS and audit logs of Umbrella are other sources; a proxy log line is rejected",
        "firewall logs are read but not generated",
    ],
    variants: VARIANTS,
    framing: Framing::Csv,
    host_fields: &[],
};

/// Column names of the layouts with 10 or more columns, in order.
const COLUMNS: [&str; 16] = [
    "timestamp",
    "most_granular_identity",
    "identities",
    "internal_ip",
    "external_ip",
    "action",
    "query_type",
    "response_code",
    "domain",
    "categories",
    "most_granular_identity_type",
    "identity_types",
    "blocked_categories",
    "rule_id",
    "destination_countries",
    "organization_id",
];

/// Column names of the 9-column v1 layout.
const COLUMNS_V1: [&str; 9] = [
    "timestamp",
    "policy_identity",
    "internal_ip",
    "external_ip",
    "action",
    "query_type",
    "response_code",
    "domain",
    "categories",
];

/// Column names of the cloud-delivered firewall log, in order. Newer exports add the last
/// two: the destination host names and the destination list ids.
const FIREWALL_COLUMNS: [&str; 16] = [
    "timestamp",
    "origin_id",
    "identity",
    "identity_type",
    "direction",
    "protocol",
    "packet_size",
    "source_ip",
    "source_port",
    "destination_ip",
    "destination_port",
    "data_center",
    "rule_id",
    "verdict",
    "fqdns",
    "destination_list_ids",
];

/// Columns of the oldest firewall log layout, without host names and destination lists.
const FIREWALL_MIN_COLUMNS: usize = 14;

/// Names of extra columns past the known ones, so a longer future layout still reads.
const EXTRA_COLUMNS: [&str; 8] = ["column17", "column18", "column19", "column20", "column21", "column22", "column23", "column24"];

/// The names of [`COLUMNS`] and [`EXTRA_COLUMNS`], each with its column's position as its slot.
static NAMES: LazyLock<NameTable> = LazyLock::new(|| NameTable::of_columns(&COLUMNS, &EXTRA_COLUMNS));

/// The names of [`COLUMNS_V1`], each with its column's position as its slot.
static V1_NAMES: LazyLock<NameTable> = LazyLock::new(|| NameTable::of_columns(&COLUMNS_V1, &[]));

const QUERY_TYPES: &[(&str, u32)] = &[("1 (A)", 60), ("28 (AAAA)", 25), ("65 (HTTPS)", 8), ("5 (CNAME)", 3), ("16 (TXT)", 2), ("15 (MX)", 1), ("12 (PTR)", 1)];
const ALLOWED_CATEGORIES: &[&str] = &[
    "Software/Technology,Business Services,Application",
    "Infrastructure and Content Delivery Networks,Application",
    "Search Engines and Portals",
    "Webmail,Organizational Email,Application",
    "News",
    "Online Meetings,Business Services",
    "SaaS and B2B,Cloud and Data Centers",
    "Social Networking,Application",
];
/// (content category the policy blocks, other categories of the domain).
const BLOCKED_CONTENT: &[(&str, &str)] = &[
    ("Gambling", "Games"),
    ("Adult", "Pornography"),
    ("Social Networking", "Chat,Photo Sharing"),
    ("File Storage", "Online Document Sharing and Collaboration"),
    ("Proxy/Anonymizer", "Computers and Internet"),
];
const SECURITY_CATEGORIES: &[&str] = &["Malware", "Command and Control", "Phishing", "Cryptomining", "Newly Seen Domains", "Potentially Harmful", "DNS Tunneling VPN", "Dynamic DNS"];
/// Domains behind blocked security categories, all under the reserved `.test` top-level domain.
const SECURITY_DOMAINS: &[&str] = &["secure-login-verify.test", "cdn-update-check.test", "mx-relay7.test", "coinhive-pool.test", "track4-sync.test"];
const BLOCKED_SITES: &[&str] = &["casino-royale.test", "adult-site.test", "social-feed.test", "file-drop.test", "free-proxy.test"];
const COUNTRIES: &[&str] = &["US", "US,IE", "DE", "GB", "NL", "FR"];

impl Source for CiscoUmbrella {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let world = ctx.world;
        let user_index = ctx.rng.index(world.users.len());
        let user = &world.users[user_index];
        let workstation = world.workstation_of(user_index);
        let site = world.subnets.first().map_or("hq-users", |s| s.name.as_str());
        let organisation = world.organisation.as_str();
        let roaming = ctx.rng.chance(350);
        let by_network = !roaming && ctx.rng.chance(200);
        let time = ctx.time;

        // The domain is written from up to three parts and a final dot, and the categories from
        // up to two parts. Only the NXDOMAIN variant, which draws a random label, allocates a
        // `String` for them.
        let mut label = String::new();
        let (domain, categories, blocked): ([&str; 3], [&str; 2], &str) = match ctx.variant {
            ALLOWED => (
                [ctx.rng.pick(&world.external_domains).as_str(), "", ""],
                [ctx.rng.pick_str(ALLOWED_CATEGORIES), ""],
                "",
            ),
            BLOCKED_CATEGORY => {
                let (blocked, others) = *ctx.rng.pick(BLOCKED_CONTENT);
                ([ctx.rng.pick_str(BLOCKED_SITES), "", ""], [blocked, others], blocked)
            }
            BLOCKED_SECURITY => {
                let category = ctx.rng.pick_str(SECURITY_CATEGORIES);
                ([ctx.rng.pick_str(SECURITY_DOMAINS), "", ""], [category, ""], category)
            }
            _ => {
                ctx.rng.alphanumeric_into(&mut label, 10);
                label.make_ascii_lowercase();
                ([label.as_str(), ".", world.domain.as_str()], ["", ""], "")
            }
        };

        fields.with("timestamp", |out| {
            time.write_date(out, 0);
            out.push(' ');
            time.write_time(out, 0, 0);
        });
        let push_network = |out: &mut String| {
            out.push_str(organisation);
            out.push_str("-network");
        };
        let push_user = |out: &mut String| {
            out.push_str(&user.display_name);
            out.push_str(" (");
            out.push_str(&user.email);
            out.push(')');
        };
        if by_network {
            fields.with("most_granular_identity", push_network);
            fields.with("identities", |out| {
                push_network(out);
                out.push(',');
                out.push_str(site);
            });
        } else if roaming {
            fields.str("most_granular_identity", &workstation.hostname);
            fields.with("identities", |out| {
                out.push_str(&workstation.hostname);
                out.push(',');
                push_user(out);
                out.push(',');
                out.push_str(site);
            });
        } else {
            fields.with("most_granular_identity", push_user);
            fields.with("identities", |out| {
                push_user(out);
                out.push(',');
                out.push_str(&workstation.hostname);
                out.push(',');
                out.push_str(site);
                out.push(',');
                push_network(out);
            });
        }
        fields.ipv4("internal_ip", workstation.ip);
        fields.ipv4("external_ip", *ctx.rng.pick(&world.nat_addresses));
        fields.str("action", if ctx.variant == BLOCKED_CATEGORY || ctx.variant == BLOCKED_SECURITY { "Blocked" } else { "Allowed" });
        let query_type = ctx.rng.pick_weighted(QUERY_TYPES);
        fields.str("query_type", query_type);
        fields.str("response_code", if ctx.variant == ALLOWED || ctx.variant == BLOCKED_CATEGORY || ctx.variant == BLOCKED_SECURITY { "NOERROR" } else { "NXDOMAIN" });
        fields.with("domain", |out| {
            domain.iter().for_each(|part| out.push_str(part));
            out.push('.');
        });
        fields.with("categories", |out| {
            out.push_str(categories[0]);
            if !categories[1].is_empty() {
                out.push(',');
                out.push_str(categories[1]);
            }
        });
        let (granular_type, types) = if by_network {
            ("Networks", "Networks,Sites")
        } else if roaming {
            ("Roaming Computers", "Roaming Computers,AD Users,Sites")
        } else {
            ("AD Users", "AD Users,Roaming Computers,Sites,Networks")
        };
        fields.str("most_granular_identity_type", granular_type);
        fields.str("identity_types", types);
        fields.str("blocked_categories", blocked);
        let rule = if blocked.is_empty() { 0 } else { ctx.rng.range(300_000, 320_000) };
        if rule == 0 {
            fields.str("rule_id", "");
        } else {
            fields.with("rule_id", |out| push_u64(out, rule));
        }
        fields.str("destination_countries", if ctx.variant == ALLOWED { ctx.rng.pick_str(COUNTRIES) } else { "" });
        // The first seven digits of the tenant id as a number, or 0 when it has none.
        let organization = world.tenant_id.bytes().filter(u8::is_ascii_digit).take(7).fold(0, |number, digit| number * 10 + u64::from(digit - b'0'));
        fields.with("organization_id", |out| push_u64(out, organization % 9_000_000 + 1_000_000));
    }

    fn write(&self, _variant: usize, fields: &Fields, out: &mut String) {
        // One scan of the value buffer finds the few cells with a quote to double.
        let mut scan = EscapeScan::new(fields.text(), |byte| byte == b'"');
        // `fill` writes the fields in column order, so each column normally takes the next field.
        // Any other order falls back to a lookup by name, which returns the same field.
        let mut next = fields.iter().peekable();
        for (i, column) in COLUMNS.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let cell = match next.next_if(|(name, _, _)| name == column) {
                Some((_, _, value)) => value,
                None => fields.get(column).unwrap_or(""),
            };
            if scan.needs_escape(cell) {
                csv::write_quoted_cell(out, cell);
            } else {
                out.push('"');
                out.push_str(cell);
                out.push('"');
            }
        }
    }

    fn parse_line(&self, line: &str, _state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let cells = csv::parse_record(line.trim_start(), ',')?;
        let first = cells.first().map(|c| c.trim()).unwrap_or("");
        if first.eq_ignore_ascii_case("timestamp") || first.eq_ignore_ascii_case("time") {
            // The optional header row of the S3 export.
            return Ok(None);
        }
        if is_firewall_log(&cells) {
            return read_firewall_log(&cells).map(Some);
        }
        if cells.get(7).is_some_and(|cell| cell.trim_start().starts_with("http://") || cell.trim_start().starts_with("https://")) {
            return Err(ParseError::new(
                0,
                "this line is an Umbrella proxy log (a URL in the eighth column), which cisco_umbrella does not read; it reads DNS and firewall logs",
            ));
        }
        let (names, table): (&[&str], &'static NameTable) = match cells.len() {
            9 => (&COLUMNS_V1, &V1_NAMES),
            10 | 12..=16 => (&COLUMNS[..cells.len()], &NAMES),
            n if n > 16 && n <= 16 + EXTRA_COLUMNS.len() => (&COLUMNS, &NAMES),
            n => {
                return Err(ParseError::new(
                    0,
                    format!("an Umbrella DNS log has 9, 10 or 12 to 16 columns; this line has {n}"),
                ))
            }
        };
        // A cell without doubled quotes is a slice of the line, which the map keeps as a range
        // of its copy instead of a string per cell.
        // Each column has its position as its slot in `table`.
        let mut fields = FieldMap::with_names(cells.len(), line, table);
        for (index, cell) in cells.iter().enumerate() {
            let extra = index.checked_sub(COLUMNS.len()).and_then(|i| EXTRA_COLUMNS.get(i));
            match names.get(index).or(extra) {
                // The column names are distinct, as a test checks, so the map need not look them up.
                Some(name) => fields.insert_new_known(table, index, name, FieldValue::Text(cell.trim())),
                None => fields.insert_text("column", cell.trim()),
            }
        }
        let timestamp = fields.get_str_unindexed("timestamp").unwrap_or("");
        if parse_date_time(timestamp).is_err() {
            return Err(ParseError::new(0, format!("the first column '{timestamp}' is not a timestamp such as 2026-01-05 09:00:00")));
        }
        let variant = classify(&fields);
        Ok(Some(Parsed { variant: Some(variant), fields }))
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        let fields = &parsed.fields;
        let text = |name: &str| fields.get_str(name).filter(|v| !v.is_empty());
        let own_time: Option<Timestamp> = text("timestamp").map(parse_date_time).transpose()?;
        let time = options.event_time(own_time)?;
        if parsed.variant == Some(FIREWALL) {
            return Ok(map_firewall_log(fields, time));
        }

        let mut record = RecordBuilder::new(class::DNS_ACTIVITY, 1, time, &META);
        let blocked = text("action").is_some_and(|a| a.eq_ignore_ascii_case("Blocked"));
        record.set("action_id", if blocked { 2 } else { 1 });
        record.set("disposition_id", if blocked { 2 } else { 1 });
        if parsed.variant == Some("blocked_security") {
            record.severity(ocsf::severity::MEDIUM);
            record.set("is_alert", true);
        }

        if let Some(domain) = text("domain") {
            record.set("query.hostname", domain.trim_end_matches('.'));
        }
        if let Some(query_type) = text("query_type") {
            // `1 (A)`: the type number, then its name in brackets.
            let name = query_type.split_once('(').map_or(query_type, |(_, rest)| rest.trim_end_matches(')'));
            record.set("query.type", name.trim());
        }
        if let Some(code) = text("response_code") {
            let (rcode_id, rcode) = rcode(code);
            record.set("rcode_id", rcode_id);
            record.set("rcode", rcode);
            let success = rcode_id == 0;
            record.status(if success { ocsf::status::SUCCESS } else { ocsf::status::FAILURE });
        }

        if let Some(ip) = text("internal_ip").filter(|v| v.parse::<std::net::IpAddr>().is_ok()) {
            record.set("src_endpoint.ip", ip);
        }
        if let Some(ip) = text("external_ip").filter(|v| v.parse::<std::net::IpAddr>().is_ok()) {
            record.set("src_endpoint.intermediate_ips", Value::from(vec![ip]));
        }
        set_identities(&mut record, fields);

        let mut unmapped = Object::new();
        for name in ["categories", "blocked_categories", "identities", "most_granular_identity", "identity_types", "rule_id", "destination_countries", "organization_id"] {
            if let Some(value) = text(name) {
                unmapped.insert(name, value);
            }
        }
        if !unmapped.is_empty() {
            record.set("unmapped", unmapped);
        }
        Ok(record.build())
    }
}

/// The kind of entity an Umbrella identity names, as its identity type gives it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum IdentityKind {
    /// A person: AD Users, SAML Users, Chromebook Users and the other user types.
    User,
    /// A host: AD Computers, Roaming Computers, the AnyConnect roaming client, mobile devices.
    Computer,
    /// A network: Networks (an egress public address range), Internal Networks (a LAN range),
    /// Network Tunnels.
    Network,
    /// Anything else, such as Sites, AD Groups and Network Devices (the forwarding device).
    Other,
}

fn identity_kind(identity_type: &str) -> IdentityKind {
    let has = |word: &str| contains_ignore_ascii_case(identity_type, word);
    if has("network device") {
        IdentityKind::Other
    } else if has("user") {
        IdentityKind::User
    } else if ["computer", "roaming", "mobile", "chromebook"].into_iter().any(has) {
        IdentityKind::Computer
    } else if has("network") {
        IdentityKind::Network
    } else {
        IdentityKind::Other
    }
}

/// Returns true when `text` contains `word`, a lower-case ASCII word, in any ASCII case.
fn contains_ignore_ascii_case(text: &str, word: &str) -> bool {
    text.as_bytes()
        .windows(word.len())
        .any(|window| window.eq_ignore_ascii_case(word.as_bytes()))
}

/// Returns an identity label with each run of white space, line breaks included, as one space.
/// Most labels are printable ASCII with single spaces between words, and those are returned
/// as they are.
fn normalize_label(label: &str) -> Cow<'_, str> {
    let bytes = label.as_bytes();
    let mut previous = b' ';
    let normal = bytes.iter().all(|&byte| {
        let fits = byte.is_ascii_graphic() || (byte == b' ' && previous != b' ');
        previous = byte;
        fits
    });
    if normal && previous != b' ' {
        Cow::Borrowed(label)
    } else {
        Cow::Owned(label.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Returns the identities of a query with their kinds, the most granular one first.
///
/// The identities column lists every identity that matched the query, and the identity types
/// column their types. The two lists are paired by position only when they have the same
/// length, because a label that contains a comma splits into two items.
fn identities(fields: &FieldMap) -> Vec<(Cow<'_, str>, IdentityKind)> {
    let text = |name: &str| fields.get_str(name).map(str::trim).filter(|v| !v.is_empty());
    let mut found = Vec::new();
    if let Some(label) = text("most_granular_identity").or_else(|| text("policy_identity")).or_else(|| text("identity")) {
        let label = normalize_label(label);
        let kind = match text("most_granular_identity_type").or_else(|| text("identity_type")) {
            Some(kind) => identity_kind(kind),
            // Layouts without the type column: AD users read "Display Name (login)".
            None if label.ends_with(')') && label.contains(" (") => IdentityKind::User,
            None => IdentityKind::Other,
        };
        found.push((label, kind));
    }
    if let (Some(labels), Some(kinds)) = (text("identities"), text("identity_types")) {
        let count = |list: &str| list.bytes().filter(|b| *b == b',').count();
        if count(labels) == count(kinds) {
            for (label, kind) in labels.split(',').zip(kinds.split(',')) {
                let label = normalize_label(label);
                let kind = identity_kind(&normalize_label(kind));
                match found.iter_mut().find(|(known, _)| *known == label) {
                    // The paired type names the kind of a most granular identity whose own type
                    // column is empty or unknown.
                    Some((_, known_kind)) if *known_kind == IdentityKind::Other => *known_kind = kind,
                    Some(_) => {}
                    None if !label.is_empty() => found.push((label, kind)),
                    None => {}
                }
            }
        }
    }
    found
}

/// Sets the user, the host name and the network zone of the query from its identities: the
/// most granular identity of each kind wins.
fn set_identities(record: &mut RecordBuilder, fields: &FieldMap) {
    let identities = identities(fields);
    let first = |wanted: IdentityKind| identities.iter().find(|(_, kind)| *kind == wanted).map(|(label, _)| label.as_ref());

    if let Some(label) = first(IdentityKind::User) {
        // An AD user reads "Display Name (login)", the login being the user principal name.
        let (display, login) = match label.rsplit_once(" (") {
            Some((display, rest)) if rest.ends_with(')') => (Some(display.trim()), rest.trim_end_matches(')').trim()),
            _ => (None, label),
        };
        let (domain, name) = json_support::split_down_level_name(login);
        let mut user = Object::with_capacity(6);
        user.insert("name", name);
        // The same test as `RecordBuilder::set_str`: an empty text or `-` is no value.
        let present = |text: &&str| !text.is_empty() && *text != "-";
        if let Some(domain) = domain.filter(present) {
            user.insert("domain", domain);
        }
        if let Some(display) = display.filter(present) {
            user.insert("full_name", display);
        }
        if json_support::is_email_address(login) {
            user.insert("email_addr", login);
        }
        user.insert("type_id", 1);
        user.insert("type", "User");
        record.merge("actor.user", user);
    }
    if let Some(label) = first(IdentityKind::Computer) {
        let host_name = label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        record.set(if host_name { "src_endpoint.hostname" } else { "src_endpoint.name" }, label);
    }
    if let Some(label) = first(IdentityKind::Network) {
        record.set("src_endpoint.zone", label);
    }
}

/// Variant name of a cloud-delivered firewall log line, which the generator does not write.
const FIREWALL: &str = "firewall";

/// True when the cells form a firewall log: 14 or more columns with the traffic direction in
/// the fifth, where a DNS log has its external IP, and a protocol number in the sixth.
fn is_firewall_log(cells: &[Cow<'_, str>]) -> bool {
    let direction = cells.get(4).map_or("", |cell| cell.trim());
    let protocol = cells.get(5).map_or("", |cell| cell.trim());
    cells.len() >= FIREWALL_MIN_COLUMNS
        && ["OUTBOUND", "INBOUND", "BOTH"].iter().any(|known| direction.eq_ignore_ascii_case(known))
        && protocol.parse::<u8>().is_ok()
}

/// Reads a firewall log line. Columns past the known 16 are named `column17` and up.
fn read_firewall_log(cells: &[Cow<'_, str>]) -> Result<Parsed, ParseError> {
    let mut fields = FieldMap::with_capacity(cells.len());
    for (index, cell) in cells.iter().enumerate() {
        let value = Value::String(cell.trim().to_string());
        match FIREWALL_COLUMNS.get(index) {
            Some(name) => {
                fields.insert(*name, value);
            }
            None => {
                fields.insert(format!("column{}", index + 1), value);
            }
        }
    }
    let timestamp = fields.get("timestamp").and_then(Value::as_str).unwrap_or("");
    if parse_date_time(timestamp).is_err() {
        return Err(ParseError::new(0, format!("the first column '{timestamp}' is not a timestamp such as 2026-01-05 09:00:00")));
    }
    Ok(Parsed { variant: Some(FIREWALL), fields })
}

/// Maps a firewall log line to Network Activity: Refuse for a blocked packet, else Traffic.
fn map_firewall_log(fields: &FieldMap, time: Timestamp) -> Object {
    let text = |name: &str| fields.get(name).and_then(Value::as_str).filter(|v| !v.is_empty());
    let number = |name: &str| text(name).and_then(|v| v.parse::<i64>().ok());
    let blocked = text("verdict").is_some_and(|v| v.eq_ignore_ascii_case("BLOCK") || v.eq_ignore_ascii_case("BLOCKED"));

    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, if blocked { 5 } else { 6 }, time, &META);
    record.set("metadata.product.feature.name", "Cloud-Delivered Firewall");
    record.set("action_id", if blocked { 2 } else { 1 });
    record.set("disposition_id", if blocked { 2 } else { 1 });
    let sides = [
        ("source_ip", "source_port", "src_endpoint.ip", "src_endpoint.port"),
        ("destination_ip", "destination_port", "dst_endpoint.ip", "dst_endpoint.port"),
    ];
    for (ip, port, ip_path, port_path) in sides {
        if let Some(ip) = text(ip).filter(|v| v.parse::<std::net::IpAddr>().is_ok()) {
            record.set(ip_path, ip);
        }
        if let Some(port) = number(port).filter(|p| (0..=65_535).contains(p)) {
            record.set(port_path, port);
        }
    }
    if let Some(protocol) = number("protocol") {
        record.set("connection_info.protocol_num", protocol);
        record.set_str("connection_info.protocol_name", ocsf::protocol_name(protocol));
    }
    match text("direction").map(str::to_ascii_uppercase).as_deref() {
        Some("INBOUND") => record.set("connection_info.direction_id", 1).set("connection_info.direction", "Inbound"),
        Some("OUTBOUND") => record.set("connection_info.direction_id", 2).set("connection_info.direction", "Outbound"),
        _ => record.set("connection_info.direction_id", 0),
    };
    record.set_str("firewall_rule.uid", text("rule_id"));
    set_identities(&mut record, fields);

    let mut unmapped = Object::new();
    if let Some(host) = text("fqdns").and_then(|names| names.split(',').map(str::trim).find(|name| !name.is_empty())) {
        record.set("dst_endpoint.hostname", host);
    }
    for name in ["origin_id", "identity", "identity_type", "packet_size", "data_center", "verdict", "fqdns", "destination_list_ids"] {
        if let Some(value) = text(name) {
            unmapped.insert(name, value);
        }
    }
    if !unmapped.is_empty() {
        record.set("unmapped", unmapped);
    }
    record.build()
}

/// Returns the OCSF `rcode_id` and caption of a DNS response code name.
fn rcode(name: &str) -> (u32, &'static str) {
    match name.to_ascii_uppercase().as_str() {
        "NOERROR" => (0, "NoError"),
        "FORMERR" => (1, "FormError"),
        "SERVFAIL" => (2, "ServError"),
        "NXDOMAIN" => (3, "NXDomain"),
        "NOTIMP" => (4, "NotImp"),
        "REFUSED" => (5, "Refused"),
        "YXDOMAIN" => (6, "YXDomain"),
        "NOTAUTH" => (9, "NotAuth"),
        _ => (99, "Other"),
    }
}

/// Names the variant from the action, the response code and the categories.
fn classify(fields: &FieldMap) -> &'static str {
    let text = |name: &str| fields.get_str_unindexed(name).unwrap_or("");
    if text("action").eq_ignore_ascii_case("Blocked") {
        let security = [text("blocked_categories"), text("categories")]
            .iter()
            .any(|list| list.split(',').any(|c| SECURITY_CATEGORIES.contains(&c.trim())));
        return if security { "blocked_security" } else { "blocked_category" };
    }
    if text("response_code").eq_ignore_ascii_case("NXDOMAIN") {
        return "nxdomain";
    }
    "allowed"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing;

    #[test]
    fn column_names_are_distinct() {
        for columns in [&COLUMNS[..], &COLUMNS_V1[..]] {
            let mut seen = std::collections::HashSet::new();
            for name in columns.iter().chain(&EXTRA_COLUMNS) {
                assert!(seen.insert(*name), "{name} appears twice");
            }
        }
    }

    #[test]
    fn firewall_log_maps_to_network_activity() {
        let line = r#""2026-03-03 14:02:11","12345678","LAPTOP-01","Roaming Computers","OUTBOUND","17","76","192.0.2.40","53111","203.0.113.53","53","dc-fra","1234","BLOCK""#;
        let parsed = testing::parse_ok(&CiscoUmbrella, line);
        assert_eq!(parsed.variant, Some(FIREWALL));
        let record = CiscoUmbrella.to_ocsf(&parsed, &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        testing::assert_valid_ocsf(&record, "firewall log");
        assert_eq!(record["class_uid"], 4001);
        assert_eq!(record["activity_id"], 5);
        assert_eq!(record["disposition_id"], 2);
        assert_eq!(record["time"], 1_772_546_531_000_i64);
        assert_eq!(record["src_endpoint"]["ip"], "192.0.2.40");
        assert_eq!(record["src_endpoint"]["port"], 53111);
        assert_eq!(record["src_endpoint"]["hostname"], "LAPTOP-01");
        assert_eq!(record["dst_endpoint"]["ip"], "203.0.113.53");
        assert_eq!(record["dst_endpoint"]["port"], 53);
        assert_eq!(record["connection_info"]["protocol_name"], "udp");
        assert_eq!(record["connection_info"]["direction_id"], 2);
        assert_eq!(record["firewall_rule"]["uid"], "1234");

        // ICMP has no ports, and an allowed packet is traffic.
        let line = r#""2026-03-03 14:02:11","12345678","HQ Network","Networks","INBOUND","1","84","198.51.100.20","","192.0.2.40","","dc-fra","1235","ALLOW""#;
        let record = CiscoUmbrella.to_ocsf(&testing::parse_ok(&CiscoUmbrella, line), &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(record["activity_id"], 6);
        assert_eq!(record["connection_info"]["direction_id"], 1);
        assert_eq!(record["src_endpoint"]["zone"], "HQ Network");
        assert!(record["src_endpoint"].get("port").is_none());

        // Newer exports add the destination host names and destination list ids.
        let line = r#""2026-03-03 14:02:11","12345678","LAPTOP-01","Roaming Computers","OUTBOUND","6","60","192.0.2.40","53112","203.0.113.80","443","dc-fra","1236","ALLOW","www.example.com,example.com","15001""#;
        let record = CiscoUmbrella.to_ocsf(&testing::parse_ok(&CiscoUmbrella, line), &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        testing::assert_valid_ocsf(&record, "firewall log with host names");
        assert_eq!(record["dst_endpoint"]["hostname"], "www.example.com");
        assert_eq!(record["unmapped"]["destination_list_ids"], "15001");
    }

    #[test]
    fn proxy_log_is_rejected() {
        let line = r#""2026-03-03 14:02:11","HQ Network","192.0.2.40","198.51.100.2","203.0.113.80","text/html","ALLOWED","https://www.example.com/index.html","","Mozilla/5.0","200","512","10240","10000","","Software/Technology","","","","","","Networks","","HQ Network""#;
        let err = CiscoUmbrella.parse_line(line, &mut ParseState::default()).expect_err("a proxy log is not a DNS log");
        assert!(err.to_string().contains("proxy log"), "{err}");
    }

    #[test]
    fn every_variant_round_trips_over_seeds() {
        assert_eq!(testing::assert_round_trip(&CiscoUmbrella, 0..200), 200 * VARIANTS.len());
    }

    /// Lines written from the Umbrella DNS log documentation, one per column count.
    const SAMPLES: &[(&str, &str, &str, usize)] = &[
        (
            "v4 allowed with spaces after commas",
            r#""2026-01-05 09:00:00","jdoe","jdoe,HQ,Network", "10.20.1.100","198.51.100.7","Allowed","1 (A)", "NOERROR","intranet.corp.example.", "Photo Sharing","AD Users","AD Users,Sites,Networks","""#,
            "allowed",
            13,
        ),
        (
            "v4 blocked content category",
            r#""2026-01-05 09:00:00","jdoe","jdoe,HQ,Network","10.20.1.100","198.51.100.7","Blocked","1 (A)","NOERROR","social.test.","Chat,Photo Sharing,Social Networking","AD Users","AD Users,Sites,Networks","Chat,Social Networking""#,
            "blocked_category",
            13,
        ),
        (
            "v2 blocked malware",
            r#""2026-01-05 09:00:00","Finance Laptop","Finance Laptop,HQ","10.20.1.7","198.51.100.7","Blocked","28 (AAAA)","NOERROR","bad-host.test.","Malware""#,
            "blocked_security",
            10,
        ),
        (
            "v1 nxdomain",
            r#""2026-01-05 09:00:00","HQ Network","10.20.1.7","198.51.100.7","Allowed","1 (A)","NXDOMAIN","missing.corp.example.","""#,
            "nxdomain",
            9,
        ),
        (
            "v10 unquoted with iso time",
            "2026-01-05T09:00:00Z,user,\"user,group\",10.0.0.10,203.0.113.10,Allowed,1 (A),NOERROR,example.com,Technology,User,User,,rule-1,US,org-1",
            "allowed",
            16,
        ),
    ];

    #[test]
    fn sample_lines_parse() {
        for (name, line, variant, columns) in SAMPLES {
            let parsed = testing::parse_ok(&CiscoUmbrella, line);
            assert_eq!(parsed.variant, Some(*variant), "case: {name}");
            assert_eq!(parsed.fields.len(), *columns, "case: {name}");
            let record = CiscoUmbrella.to_ocsf(&parsed, &ParseOptions::default()).unwrap_or_else(|e| panic!("case {name}: {e}"));
            testing::assert_valid_ocsf(&record, name);
        }
    }

    #[test]
    fn columns_are_named_by_layout() {
        let parsed = testing::parse_ok(&CiscoUmbrella, SAMPLES[0].1);
        assert_eq!(parsed.fields["internal_ip"], "10.20.1.100");
        assert_eq!(parsed.fields["domain"], "intranet.corp.example.");
        assert_eq!(parsed.fields["blocked_categories"], "");

        let parsed = testing::parse_ok(&CiscoUmbrella, SAMPLES[3].1);
        assert_eq!(parsed.fields["policy_identity"], "HQ Network");
        assert_eq!(parsed.fields["response_code"], "NXDOMAIN");

        let parsed = testing::parse_ok(&CiscoUmbrella, SAMPLES[4].1);
        assert_eq!(parsed.fields["organization_id"], "org-1");
    }

    #[test]
    fn ocsf_mapping_of_a_blocked_query() {
        let parsed = testing::parse_ok(&CiscoUmbrella, SAMPLES[2].1);
        let record = CiscoUmbrella.to_ocsf(&parsed, &ParseOptions::default()).unwrap();
        assert_eq!(record["class_uid"], 4003);
        assert_eq!(record["query"]["hostname"], "bad-host.test");
        assert_eq!(record["query"]["type"], "AAAA");
        assert_eq!(record["disposition_id"], 2);
        assert_eq!(record["rcode_id"], 0);
        assert_eq!(record["src_endpoint"]["ip"], "10.20.1.7");
    }

    #[test]
    fn identities_map_by_their_type() {
        // (intent, most granular identity, identities, identity types, pointer, expected value)
        type Case<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, Option<&'a str>);
        let cases: &[Case] = &[
            ("AD user login", "Jane DOE (jane.doe@corp.example)", "Jane DOE (jane.doe@corp.example),WS-0042,LAN-HQ,HQ", "AD Users,AD Computers,Internal Networks,Sites", "/actor/user/name", Some("jane.doe@corp.example")),
            ("AD user display name", "Jane DOE (jane.doe@corp.example)", "Jane DOE (jane.doe@corp.example),WS-0042,LAN-HQ,HQ", "AD Users,AD Computers,Internal Networks,Sites", "/actor/user/full_name", Some("Jane DOE")),
            ("AD computer of an AD user", "Jane DOE (jane.doe@corp.example)", "Jane DOE (jane.doe@corp.example),WS-0042,LAN-HQ,HQ", "AD Users,AD Computers,Internal Networks,Sites", "/src_endpoint/hostname", Some("WS-0042")),
            ("internal network of an AD user", "Jane DOE (jane.doe@corp.example)", "Jane DOE (jane.doe@corp.example),WS-0042,LAN-HQ,HQ", "AD Users,AD Computers,Internal Networks,Sites", "/src_endpoint/zone", Some("LAN-HQ")),
            ("egress network is not a user", "HQ - Internet egress", "HQ - Internet egress", "Networks", "/actor/user/name", None),
            ("egress network is a zone", "HQ - Internet egress", "HQ - Internet egress", "Networks", "/src_endpoint/zone", Some("HQ - Internet egress")),
            ("roaming computer", "Finance Laptop 7", "Finance Laptop 7", "Roaming Computers", "/src_endpoint/name", Some("Finance Laptop 7")),
            ("down-level user name", "CORP\\jdoe", "CORP\\jdoe", "AD Users", "/actor/user/domain", Some("CORP")),
            ("lists of different lengths are not paired", "jdoe", "jdoe,Smith, John (js@corp.example),LAN-HQ", "AD Users,AD Users,Internal Networks", "/src_endpoint/zone", None),
            ("unpaired lists keep the granular user", "jdoe", "jdoe,Smith, John (js@corp.example),LAN-HQ", "AD Users,AD Users,Internal Networks", "/actor/user/name", Some("jdoe")),
        ];
        for (name, granular, identities, types, pointer, expected) in cases {
            let granular_type = types.split(',').next().unwrap_or("");
            let line = format!(
                r#""2026-01-05 09:00:00","{granular}","{identities}","10.20.1.100","198.51.100.7","Allowed","1 (A)","NOERROR","intranet.corp.example.","","{granular_type}","{types}","""#
            );
            let parsed = testing::parse_ok(&CiscoUmbrella, &line);
            let record = CiscoUmbrella.to_ocsf(&parsed, &ParseOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
            testing::assert_valid_ocsf(&record, name);
            let record = record.into_value();
            assert_eq!(record.pointer(pointer).and_then(Value::as_str), *expected, "{name}");
        }
    }

    #[test]
    fn unknown_granular_type_takes_paired_kind() {
        let line = r#""2025-02-11 08:30:12","jdiaz","jdiaz,LT-JDIAZ-04","10.12.0.41","198.51.100.30","Allowed","1 (A)","NOERROR","portal.example.org.","Business Services","Branch Policy","AD Users,Roaming Computers","""#;
        let (_, record) = testing::parse_sample(&CiscoUmbrella, line).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(record["actor"]["user"]["name"], "jdiaz");
        assert_eq!(record["src_endpoint"]["hostname"], "LT-JDIAZ-04");
    }

    #[test]
    fn header_row_is_skipped() {
        let header = r#""Timestamp","Most Granular Identity","Identities","Internal IP","External IP","Action","Query Type","Response Code","Domain","Categories""#;
        assert_eq!(CiscoUmbrella.parse_line(header, &mut ParseState::default()), Ok(None));
    }

    #[test]
    fn quoted_cell_with_line_break_continues_the_record() {
        let text = concat!(
            "\"2026-01-05 09:00:00\",\"Jane DOE (jane.doe@corp.example)\",\"Jane DOE \n",
            "(jane.doe@corp.example),WS-0042,HQ\",\"10.20.1.100\",\"198.51.100.7\",\"Allowed\",\"1 (A)\",\"NOERROR\",",
            "\"intranet.corp.example.\",\"\",\"AD Users\",\"AD Users,AD \nComputers,Sites\",\"\"\n",
            "\"2026-01-05 09:00:01\",\"jdoe\",\"jdoe\",\"10.20.1.101\",\"198.51.100.7\",\"Allowed\",\"1 (A)\",\"NXDOMAIN\",",
            "\"nosuch.corp.example.\",\"\",\"AD Users\",\"AD Users\",\"\"\n",
        );
        let records = testing::assert_parses(META.id, text);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].line, 1);
        assert_eq!(records[0].parsed.fields["identities"], "Jane DOE \n(jane.doe@corp.example),WS-0042,HQ");
        assert_eq!(records[0].parsed.fields["identity_types"], "AD Users,AD \nComputers,Sites");
        assert_eq!(records[0].ocsf["actor"]["user"]["email_addr"], "jane.doe@corp.example");
        assert_eq!(records[1].line, 4);
        assert_eq!(records[1].parsed.variant, Some("nxdomain"));
    }

    #[test]
    fn unclosed_quote_at_end_of_input_is_rejected() {
        let err = testing::assert_rejected(META.id, "\"2026-01-05 09:00:00\",\"jdoe\",\"jdoe,HQ\n");
        assert!(err.to_string().contains("inside a quoted CSV cell"), "{err}");
    }

    #[test]
    fn malformed_lines_are_rejected() {
        let cases: &[(&str, &str)] = &[
            ("too few columns", r#""2026-01-05 09:00:00","a","b""#),
            ("eleven columns", r#""2026-01-05 09:00:00","a","b","c","d","e","f","g","h","i","j""#),
            ("not a timestamp", r#""yesterday","a","b","10.0.0.1","10.0.0.2","Allowed","1 (A)","NOERROR","x.test.","""#),
            ("unclosed quote", r#""2026-01-05 09:00:00","a"#),
        ];
        for (name, line) in cases {
            assert!(CiscoUmbrella.parse_line(line, &mut ParseState::default()).is_err(), "case {name} was accepted");
        }
    }

    #[test]
    fn corpus_samples_parse_and_map() {
        let mut lines = testing::sekoia_samples("Umbrella/umbrella-dns").into_iter().map(|s| (s.name, s.text)).collect::<Vec<_>>();
        for file in ["tenzir/cisco/tests/umbrella/dns/read.input", "tenzir/cisco/tests/umbrella/ocsf/dns.input"] {
            for line in testing::corpus_lines(file) {
                lines.push((file.to_string(), line));
            }
        }
        for (name, line) in &lines {
            let parsed = testing::parse_ok(&CiscoUmbrella, line);
            let record = CiscoUmbrella.to_ocsf(&parsed, &ParseOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
            testing::assert_valid_ocsf(&record, name);
        }
    }
}
