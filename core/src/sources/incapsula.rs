//! Imperva Cloud WAF (formerly Incapsula) SIEM log integration: access and security events.
//!
//! Format: one event per line, in one of the two layouts Imperva documents for its log files:
//! - CEF: `CEF:0|Incapsula|SIEMintegration|1|1|<attack name>|<attack severity>| fileId=...`;
//! - LEEF: `LEEF:0|Incapsula|SIEMintegration|0|<attack name>| fileId=...`. Its attributes are
//!   space separated and escaped as in CEF, and some have other names (`popName` for
//!   `deviceFacility`, `url` for `request`, `cat` for `act`).
//!
//! The CEF Severity and the attack name give the rule type: -1 ACL, 0 SQL Injection,
//! 1 Cross Site Scripting, 3 Illegal Resource Access, 4 Bot Access Control, 8 DDoS. Access
//! events are named `Normal`.
//!
//! Vendor documentation: Imperva Cloud Application Security "Log File Structure",
//! <https://docs.imperva.com/bundle/cloud-application-security/page/more/log-file-structure.htm>.

use std::borrow::Cow;
use std::sync::LazyLock;

use serde_json::Value;

use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::{Column, FieldMap, FieldValue, NameTable, SeenNames};
use crate::decimal::push_u64;
use crate::error::ParseError;
use crate::fields::{Fields, KeyedFields};
use crate::format::{self, any_byte, cef, leef, unescape_backslashes};
use crate::ocsf::{self, class, Node, Object, RecordBuilder, Text};
use crate::timestamp::Timestamp;
use crate::world::World;

/// The `incapsula` source.
pub struct Incapsula;

const VARIANTS: &[Variant] = &[
    Variant { name: "request_passed", weight: 700, format: WireFormat::Cef, description: "a request passed the WAF to the origin or was served from cache" },
    Variant { name: "waf_block_sqli", weight: 12, format: WireFormat::Cef, description: "the WAF blocked an SQL injection attempt" },
    Variant { name: "waf_block_xss", weight: 8, format: WireFormat::Cef, description: "the WAF blocked a cross-site scripting attempt" },
    Variant { name: "bot_challenge", weight: 40, format: WireFormat::Cef, description: "bot protection challenged a client with a CAPTCHA" },
    Variant { name: "ddos", weight: 2, format: WireFormat::Cef, description: "DDoS protection blocked a request during an attack" },
    Variant { name: "leef_request_passed", weight: 0, format: WireFormat::Leef, description: "a passed request in the LEEF layout" },
    Variant { name: "leef_waf_block_sqli", weight: 0, format: WireFormat::Leef, description: "a blocked SQL injection attempt in the LEEF layout" },
];

const REQUEST_PASSED: usize = 0;
const WAF_BLOCK_SQLI: usize = 1;
const WAF_BLOCK_XSS: usize = 2;
const BOT_CHALLENGE: usize = 3;
const DDOS: usize = 4;
const LEEF_REQUEST_PASSED: usize = 5;

static META: SourceMeta = SourceMeta {
    id: "incapsula",
    aliases: &[],
    vendor: "Imperva",
    product: "Cloud WAF (Incapsula)",
    category: "web",
    formats: &[WireFormat::Cef, WireFormat::Leef],
    sourcetype: "imperva:incapsula",
    ocsf_classes: &[class::HTTP_ACTIVITY, class::DETECTION_FINDING],
    doc_url: "https://docs.imperva.com/bundle/cloud-application-security/page/more/log-file-structure.htm",
    versions: "Cloud WAF SIEM log integration, CEF and LEEF layouts of the Log File Structure page",
    known_gaps: &[
        "the W3C layout is not generated or read",
        "the act values of DDoS events are not documented; the generator writes REQ_BLOCKED",
        "API Security, Account Takeover and Advanced Bot Protection events are read with generic mappings only",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &[],
};

/// Initial capacity of the field map of a parsed line: events have 40 to 50 fields, and
/// growing the map step by step rehashes it several times.
const FIELD_CAPACITY: usize = 64;

/// Fields whose values are integers. The reader types them as JSON numbers when the text is
/// an integer.
const INTEGER_FIELDS: &[&str] = &["severity", "siteid", "suid", "cn1", "cpt", "in", "start", "end", "srcPort", "dstPort"];

/// The [`Column`] of a field of [`FIELDS`]. No name is in both groups, so a field's position
/// in them is its slot in the table.
macro_rules! field {
    ($name:literal) => {
        const { Column::in_groups(&[INTEGER_FIELDS, TEXT_FIELDS], $name) }
    };
}

/// Attribute keys, ` name=`, whose names differ between the two layouts.
struct Names {
    facility: &'static str,
    country: &'static str,
    request: &'static str,
    protocol: &'static str,
    action: &'static str,
    client_port: &'static str,
    tls: &'static str,
}

const CEF_NAMES: Names = Names {
    facility: " deviceFacility=",
    country: " ccode=",
    request: " request=",
    protocol: " app=",
    action: " act=",
    client_port: " cpt=",
    tls: " ver=",
};

const LEEF_NAMES: Names = Names {
    facility: " popName=",
    country: " calCountryOrRegion=",
    request: " url=",
    protocol: " proto=",
    action: " cat=",
    client_port: " srcPort=",
    tls: " protoVer=",
};

/// Imperva points of presence.
const POPS: &[&str] = &["iad", "mia", "sjc", "lhr", "fra", "ams", "cdg", "sin", "nrt", "gru"];
/// (country code, city, latitude, longitude) of client locations.
const LOCATIONS: &[(&str, &str, &str, &str)] = &[
    ("US", "Ashburn", "39.0437", "-77.4875"),
    ("US", "Chicago", "41.8781", "-87.6298"),
    ("GB", "London", "51.5074", "-0.1278"),
    ("DE", "Frankfurt am Main", "50.1109", "8.6821"),
    ("FR", "Paris", "48.8566", "2.3522"),
    ("NL", "Amsterdam", "52.3676", "4.9041"),
    ("IN", "Mumbai", "19.076", "72.8777"),
    ("BR", "Sao Paulo", "-23.5505", "-46.6333"),
    ("JP", "Tokyo", "35.6762", "139.6503"),
];
const BROWSERS: &[(&str, &str)] = &[
    ("Chrome", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"),
    ("Firefox", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0"),
    ("Safari", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"),
    ("Webkit Browser", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"),
];
const BOT_AGENTS: &[(&str, &str)] = &[
    ("Python requests", "python-requests/2.31.0"),
    ("Go HTTP client", "Go-http-client/1.1"),
    ("Curl", "curl/8.4.0"),
    ("Headless Chrome", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36"),
];
/// (method, path, response code) of ordinary requests.
const PAGES: &[(&str, &str, i64)] = &[
    ("GET", "/", 200),
    ("GET", "/index.html", 200),
    ("GET", "/static/app.js", 200),
    ("GET", "/css/main.css", 200),
    ("GET", "/images/logo.png", 304),
    ("GET", "/api/v1/products", 200),
    ("POST", "/api/v1/cart", 201),
    ("POST", "/login", 302),
    ("GET", "/account", 200),
    ("GET", "/favicon.ico", 404),
];
const SQLI_QUERIES: &[(&str, &str)] = &[
    ("/products", "id=1%27%20OR%201%3D1--"),
    ("/search", "q=1%20UNION%20SELECT%20username%2Cpassword%20FROM%20users--"),
    ("/catalog", "cat=2%3BDROP%20TABLE%20orders--"),
    ("/item", "id=3))) AND 3434=(SELECT 3434 FROM PG_SLEEP(5))--"),
];
const XSS_QUERIES: &[(&str, &str)] = &[
    ("/search", "q=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E"),
    ("/profile", "name=%22%3E%3Csvg%20onload%3Dalert(1)%3E"),
    ("/comment", "text=%3Cimg%20src%3Dx%20onerror%3Dfetch(%27%2F%2Fevil.test%27)%3E"),
];
const SQLI_RULES: &[&str] = &["High Risk SQL Expressions", "SQL SELECT Expression", "SQL Injection Generic"];
const XSS_RULES: &[&str] = &["Cross Site Scripting Generic", "HTML Event Handler Injection"];
const TLS_VERSIONS: &[&str] = &["TLSv1.3 TLS_AES_128_GCM_SHA256", "TLSv1.3 TLS_AES_256_GCM_SHA384", "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256"];

impl Source for Incapsula {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let leef = ctx.variant >= LEEF_REQUEST_PASSED;
        let kind = match ctx.variant {
            LEEF_REQUEST_PASSED => REQUEST_PASSED,
            v if v > LEEF_REQUEST_PASSED => WAF_BLOCK_SQLI,
            v => v,
        };
        let (name, severity) = match kind {
            REQUEST_PASSED => ("Normal", 0),
            WAF_BLOCK_SQLI => ("SQL Injection", 0),
            WAF_BLOCK_XSS => ("Cross Site Scripting", 1),
            BOT_CHALLENGE => ("Bot Access Control", 4),
            _ => ("DDoS", 8),
        };
        if leef {
            fields.str("EventID", name);
        } else {
            fields.str("name", name);
            fields.int("severity", severity);
        }
        fill_request(ctx, fields, if leef { &LEEF_NAMES } else { &CEF_NAMES }, kind, leef);
    }

    fn write(&self, variant: usize, fields: &Fields, out: &mut String) {
        if variant >= LEEF_REQUEST_PASSED {
            out.push_str("LEEF:0|Incapsula|SIEMintegration|0|");
            leef::write_header_value(out, fields.get("EventID").unwrap_or(""));
            out.push('|');
        } else {
            out.push_str("CEF:0|Incapsula|SIEMintegration|1|1|");
            cef::write_header_value(out, fields.get("name").unwrap_or(""));
            out.push('|');
            cef::write_header_value(out, fields.get("severity").unwrap_or(""));
            out.push('|');
        }
        // Imperva writes a space before the first attribute in both layouts. The header fields
        // are the first ones `fill` appends: `EventID` in LEEF, `name` and `severity` in CEF.
        let header_fields = if variant >= LEEF_REQUEST_PASSED { 1 } else { 2 };
        if !append_filled_attributes(out, fields, header_fields) {
            cef::write_field_extensions(out, fields, header_fields);
        }
    }

    fn parse_line(&self, line: &str, _state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let line = line.trim_end_matches(['\r', '\n']);
        // Values borrowed from the line stay ranges of the map's copy of it.
        let mut fields = FieldMap::with_names(FIELD_CAPACITY, line, &FIELDS);
        let leef = if cef::find_start(line).is_some() {
            read_cef(line, &mut fields)?;
            false
        } else if leef::find_start(line).is_some() {
            read_leef(line, &mut fields)?;
            true
        } else {
            return Err(ParseError::new(0, "expected a CEF or LEEF event from the Imperva SIEM log integration"));
        };
        let variant = classify(&fields, leef);
        Ok(Some(Parsed { variant: Some(variant), fields }))
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        let fields = &parsed.fields;
        let time = options.event_time(own_time(fields, options)?)?;
        let variant = parsed.variant.unwrap_or("waf_other");
        let category = variant.strip_prefix("leef_").unwrap_or(variant);
        let is_finding = match category {
            "waf_block_sqli" | "waf_block_xss" | "ddos" => true,
            "waf_other" => fields.column_int(field!("severity")).is_none_or(|s| s >= 0),
            _ => false,
        };
        let mut record = if is_finding { finding_record(fields, time, category) } else { http_record(fields, time) };
        let uid = text_at(fields, field!("deviceExternalId")).or_else(|| text_at(fields, field!("deviceExternalID")));
        record.set_str("metadata.uid", uid);
        Ok(record.build())
    }
}

// ---------------------------------------------------------------------------------------
// Generation

/// Host name prefixes of the protected sites of the organisation, under its domain.
const SITE_PREFIXES: [&str; 3] = ["www.", "shop.", "api."];
/// Distance between the site ids of two consecutive sites of [`SITE_PREFIXES`].
const SITE_ID_STEP: i64 = 7_919;

/// Returns the stable site id of the site at `index` of [`SITE_PREFIXES`].
fn site_id(world: &World, index: usize) -> i64 {
    let base = world.tenant_id.bytes().filter(u8::is_ascii_hexdigit).take(6).fold(0i64, |n, b| n * 16 + i64::from((b as char).to_digit(16).unwrap_or(0)));
    30_000_000 + base % 9_000_000 + SITE_ID_STEP * index as i64
}

/// Appends the host name of the site at `index` of [`SITE_PREFIXES`].
fn push_site(out: &mut String, world: &World, index: usize) {
    out.push_str(SITE_PREFIXES[index]);
    out.push_str(&world.domain);
}

/// CEF extension attributes, each written after its key ` name=`. The value buffer then
/// contains the attribute text of the event line, which [`append_filled_attributes`] copies in
/// one piece when no value needs an escape.
type Attributes<'a> = KeyedFields<'a, 1, 1>;

/// Appends the attributes after the first `header_fields` fields as
/// [`cef::write_field_extensions`] does, copying them from the value buffer that
/// [`Attributes`] filled. Returns false, having appended nothing, when an override moved a
/// value (an override appends the new value at the end of the buffer) or a value contains a
/// byte that needs an escape.
fn append_filled_attributes(out: &mut String, fields: &Fields, header_fields: usize) -> bool {
    let text = fields.text();

    // Every value must sit where `fill` put it: the header values one after the other from
    // the start of the buffer, then each attribute right after its key. Values only move to
    // the end of the buffer, so a value in its place means that the text before it is its key.
    let mut end = 0;
    let mut attributes_start = 0;
    for (index, (name, _, start, value_end)) in fields.spans().enumerate() {
        if index == header_fields {
            attributes_start = end;
        }
        let expected = if index < header_fields { end } else { end + name.len() + 2 };
        if start != expected {
            return false;
        }
        end = value_end;
    }
    if fields.len() <= header_fields || end != text.len() {
        return false;
    }
    let Some(attributes) = text.get(attributes_start..end) else {
        return false;
    };

    // Each key contains one `=`, so any other one is in a value. One scan of the whole text costs
    // less than a scan of each short value.
    let bytes = attributes.as_bytes();
    if memchr::memchr_iter(b'=', bytes).count() != fields.len() - header_fields || any_byte(bytes, is_special) {
        return false;
    }
    out.push_str(attributes);
    true
}

/// Returns true for a byte other than `=` that makes an attribute value need an escape in the
/// check of `cef::write_field_extensions`: a backslash or any byte up to CR, which include the
/// line breaks.
fn is_special(byte: u8) -> bool {
    (byte == b'\\') | (byte <= b'\r')
}

/// Appends the request fields in the order Imperva writes them.
fn fill_request(ctx: &mut GenContext<'_>, fields: &mut Fields, names: &Names, kind: usize, leef: bool) {
    let mut fields = Attributes::new(fields);
    let world = ctx.world;
    let site = ctx.rng.index(SITE_PREFIXES.len());
    let site_id = site_id(world, site);
    let (country, city, latitude, longitude) = *ctx.rng.pick(LOCATIONS);
    let (client_app, user_agent) = if kind == BOT_CHALLENGE || kind == DDOS { *ctx.rng.pick(BOT_AGENTS) } else { *ctx.rng.pick(BROWSERS) };
    let (method, path, query, status) = match kind {
        WAF_BLOCK_SQLI => {
            let (path, query) = *ctx.rng.pick(SQLI_QUERIES);
            ("GET", path, Some(query), 403)
        }
        WAF_BLOCK_XSS => {
            let (path, query) = *ctx.rng.pick(XSS_QUERIES);
            ("GET", path, Some(query), 403)
        }
        BOT_CHALLENGE => ("GET", *ctx.rng.pick(&["/login", "/", "/api/v1/products"]), None, 200),
        DDOS => ("GET", "/", None, 503),
        _ => {
            let (method, path, status) = *ctx.rng.pick(PAGES);
            (method, path, None, status)
        }
    };
    let action = match kind {
        REQUEST_PASSED if status == 304 || path.starts_with("/static") || path.starts_with("/css") => "REQ_CACHED_FRESH",
        REQUEST_PASSED => "REQ_PASSED",
        BOT_CHALLENGE => "REQ_CHALLENGED_CAPTCHA",
        _ => "REQ_BLOCKED",
    };
    let start = ctx.time.millis();

    fields.with(" fileId=", |out| push_u64(out, 3_000_000_000_000_000_000u64 + ctx.rng.below(999_999_999_999_999_999)));
    fields.with(" sourceServiceName=", |out| push_site(out, world, site));
    fields.int(" siteid=", site_id);
    fields.int(" suid=", 1_000_000 + site_id % 900_000);
    fields.str(" requestClientApplication=", user_agent);
    fields.str(names.facility, ctx.rng.pick_str(POPS));
    let browser = kind != BOT_CHALLENGE && kind != DDOS;
    fields.str(" cs2=", if browser { "true" } else { "false" });
    fields.str(" cs2Label=", "Javascript Support");
    fields.str(" cs3=", if browser { "true" } else { "false" });
    fields.str(" cs3Label=", "CO Support");
    fields.str(" cs1=", if browser { "NA" } else { "NOT_SUPPORTED" });
    fields.str(" cs1Label=", "Cap Support");
    fields.with(" cs4=", |out| ctx.rng.uuid_into(out));
    fields.str(" cs4Label=", "VID");
    fields.with(" cs5=", |out| ctx.rng.hex_into(out, 64));
    fields.str(" cs5Label=", "clappsig");
    fields.str(" dproc=", if browser { "Browser" } else { "Unclassified" });
    fields.str(" cs6=", client_app);
    fields.str(" cs6Label=", "clapp");
    fields.str(names.country, country);
    fields.str(" cicode=", city);
    fields.str(" cs7=", latitude);
    fields.str(" cs7Label=", "latitude");
    fields.str(" cs8=", longitude);
    fields.str(" cs8Label=", "longitude");
    fields.str(" Customer=", &world.organisation);
    fields.int(" start=", start);
    fields.with(names.request, |out| {
        push_site(out, world, site);
        out.push_str(path);
    });
    fields.str(" requestMethod=", method);
    if let Some(query) = query {
        fields.str(" qstr=", query);
    }
    fields.int(" cn1=", status);
    fields.str(names.protocol, if ctx.rng.chance(900) { "HTTPS" } else { "HTTP" });
    fields.str(names.action, action);
    fields.with(" deviceExternalId=", |out| push_u64(out, 100_000_000_000_000_000u64 + ctx.rng.below(899_999_999_999_999_999)));
    if leef {
        fields.ipv4(" dst=", *ctx.rng.pick(&world.nat_addresses));
        fields.int(" dstPort=", 443);
    }
    fields.int(" in=", ctx.rng.range(180, 2_400) as i64);
    if ctx.rng.chance(150) {
        fields.ipv4(" xff=", *ctx.rng.pick(&world.external_addresses));
    }
    fields.int(names.client_port, ctx.rng.range(1_024, 65_535) as i64);
    fields.ipv4(" src=", *ctx.rng.pick(&world.external_addresses));
    fields.str(names.tls, ctx.rng.pick_str(TLS_VERSIONS));
    fields.int(" end=", start + ctx.rng.range(2, 900) as i64);
    match kind {
        WAF_BLOCK_SQLI | WAF_BLOCK_XSS => {
            let rules = if kind == WAF_BLOCK_SQLI { SQLI_RULES } else { XSS_RULES };
            // Imperva ends these values with a comma.
            fields.with(" fileType=", |out| {
                push_u64(out, ctx.rng.range(12_000, 13_000));
                out.push(',');
            });
            fields.with(" filePermission=", |out| {
                push_u64(out, ctx.rng.range(1, 40));
                out.push(',');
            });
            fields.with(" cs9=", |out| {
                out.push_str(ctx.rng.pick_str(rules));
                out.push(',');
            });
            fields.str(" cs9Label=", "Rule name");
        }
        DDOS => {
            fields.str(" cs9=", "DDoS Protection,");
            fields.str(" cs9Label=", "Rule name");
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Reading

/// Other fields of the CEF and LEEF layouts. Reading a field of this list or of
/// [`INTEGER_FIELDS`] stores its name without allocating it; other fields are read all the same.
const TEXT_FIELDS: &[&str] = &[
    "name", "EventID", "act", "app", "cat", "ccode", "cicode", "cs1", "cs1Label", "cs2", "cs2Label", "cs3", "cs3Label",
    "cs4", "cs4Label", "cs5", "cs5Label", "cs6", "cs6Label", "cs7", "cs7Label", "cs8", "cs8Label", "cs9", "cs9Label",
    "cs10", "cs10Label", "cs11", "cs11Label", "cs12", "cs12Label", "cn1Label", "Customer", "calCountryOrRegion",
    "deviceExternalId", "deviceExternalID", "deviceFacility", "dproc", "dst", "fileId", "filePermission", "fileType",
    "popName", "proto", "protoVer", "qstr", "request", "requestClientApplication", "requestMethod", "sourceServiceName",
    "src", "url", "ver", "xff", "devTime", "devTimeFormat", "postbody", "requestContext", "sev", "usrName", "duser",
    "suser", "shost", "dhost", "cs5label", "ref", "sip", "spt", "requestmethod",
];

/// The group of [`INTEGER_FIELDS`] in [`FIELDS`].
const INTEGER: u8 = 0;

/// The known field names.
static FIELDS: LazyLock<NameTable> = LazyLock::new(|| NameTable::new(&[INTEGER_FIELDS, TEXT_FIELDS]));

/// Stores a field, typed as a number when its name is in [`INTEGER_FIELDS`] and its text is
/// an integer. The first occurrence of a name wins. `known_names` is [`FIELDS`], dereferenced
/// once per event by the caller.
#[inline(always)]
fn put(fields: &mut FieldMap, seen: &mut SeenNames, known_names: &NameTable, name: &str, value: &str) {
    seen.put_first(fields, known_names, name, |group| typed(value, group == Some(INTEGER)));
}

/// Returns the value of a field: a number for an integer field whose text is an integer, else
/// the text.
fn typed(value: &str, integer: bool) -> FieldValue<'_> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    if integer && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // Up to 18 digits fit an i64 without an overflow check, and give what `parse` gives.
        if digits.len() <= 18 {
            let number = digits.bytes().fold(0i64, |number, byte| number * 10 + i64::from(byte - b'0'));
            let number = if digits.len() < value.len() { -number } else { number };
            return FieldValue::Value(Value::from(number));
        }
        if let Ok(number) = value.parse::<i64>() {
            return FieldValue::Value(Value::from(number));
        }
    }
    FieldValue::Text(value)
}

fn read_cef(line: &str, fields: &mut FieldMap) -> Result<(), ParseError> {
    let mut seen = SeenNames::default();
    let known_names = &*FIELDS;
    let (event, extension) = cef::parse_header(line)?;
    put(fields, &mut seen, known_names, "name", &event.name);
    put(fields, &mut seen, known_names, "severity", &event.severity);
    extension.read_each(|key, value| put(fields, &mut seen, known_names, key, &value))
}

/// Reads the LEEF layout, whose attribute values are escaped as in CEF.
fn read_leef(line: &str, fields: &mut FieldMap) -> Result<(), ParseError> {
    let event = leef::parse(line)?;
    let mut seen = SeenNames::default();
    let known_names = &*FIELDS;
    put(fields, &mut seen, known_names, "EventID", &event.event_id);
    for (key, value) in &event.attributes {
        let value: Cow<'_, str> = unescape_backslashes(value, |b| match b {
            b'\\' => Some('\\'),
            b'=' => Some('='),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            _ => None,
        });
        put(fields, &mut seen, known_names, key, &value);
    }
    Ok(())
}

/// Returns the text of a field outside [`FIELDS`], or `None` when it is empty.
fn text<'a>(fields: &'a FieldMap, name: &str) -> Option<&'a str> {
    fields.get_str(name).filter(|v| !v.is_empty())
}

/// Reads a field of [`FIELDS`] as [`text`] reads a field.
#[inline]
fn text_at(fields: &FieldMap, column: Column) -> Option<&str> {
    fields.column_str(column).filter(|v| !v.is_empty())
}

/// Returns the text of the first of two fields of [`FIELDS`] that is present.
#[inline]
fn first_at(fields: &FieldMap, first: Column, second: Column) -> Option<&str> {
    text_at(fields, first).or_else(|| text_at(fields, second))
}

/// Names the variant from the attack name, then the action.
fn classify(fields: &FieldMap, leef: bool) -> &'static str {
    let name = first_at(fields, field!("name"), field!("EventID")).unwrap_or("");
    let action = first_at(fields, field!("act"), field!("cat")).unwrap_or("");
    let category = if name == "Normal" {
        "request_passed"
    } else if name.contains("SQL Injection") {
        "waf_block_sqli"
    } else if name.contains("Cross Site Scripting") {
        "waf_block_xss"
    } else if name.contains("Bot Access Control") || action.contains("CHALLENGE") {
        "bot_challenge"
    } else if name.contains("DDoS") {
        "ddos"
    } else if action.starts_with("REQ_PASSED") || action.starts_with("REQ_CACHED") {
        "request_passed"
    } else {
        "waf_other"
    };
    if !leef {
        return category;
    }
    match category {
        "request_passed" => "leef_request_passed",
        "waf_block_sqli" => "leef_waf_block_sqli",
        "waf_block_xss" => "leef_waf_block_xss",
        "bot_challenge" => "leef_bot_challenge",
        "ddos" => "leef_ddos",
        _ => "leef_waf_other",
    }
}

// ---------------------------------------------------------------------------------------
// OCSF

/// Reads `start` or `end`: milliseconds since the epoch, as Imperva documents them.
fn epoch_time(value: i64) -> Timestamp {
    Timestamp::from_millis(value)
}

/// Returns the time of the request: `start`, else `end`, in epoch milliseconds or any CEF time
/// form. A date field that cannot be read is an error, rather than the received time standing
/// in for it.
fn own_time(fields: &FieldMap, options: &ParseOptions) -> Result<Option<Timestamp>, ParseError> {
    for column in [field!("start"), field!("end")] {
        let name = column.name();
        if let Some(millis) = fields.column_int(column) {
            // `epoch_time` saturates, so a value beyond the years a timestamp can store would
            // read as a time in 1677 or 2262.
            let time = epoch_time(millis);
            if !(crate::timestamp::MIN_YEAR..=crate::timestamp::MAX_YEAR).contains(&time.civil().year) {
                let (first, last) = (crate::timestamp::MIN_YEAR, crate::timestamp::MAX_YEAR);
                let reason = format!("{name} '{millis}' is out of range: epoch milliseconds must fall in the years {first} to {last}");
                return Err(ParseError::new(0, reason));
            }
            return Ok(Some(time));
        }
        if let Some(text) = fields.column_str(column).filter(|text| !text.trim().is_empty()) {
            return match cef::parse_time(text, options.year) {
                Ok(cef::Time::Instant(time)) => Ok(Some(time)),
                Ok(cef::Time::WallClock(time)) => Ok(Some(crate::timestamp::local_to_utc(time, options.utc_offset))),
                Err(err) => Err(ParseError::new(0, format!("{name} '{text}' is not a CEF time: {}", err.reason))),
            };
        }
    }
    Ok(None)
}

/// Returns (action_id, disposition_id) for an Imperva action such as `REQ_BLOCKED`.
fn disposition(action: &str) -> (u32, u32) {
    match action {
        a if a.starts_with("REQ_PASSED") || a.starts_with("REQ_CACHED") => (1, 1),
        a if a.contains("CAPTCHA") => (2, 22),
        a if a.contains("CHALLENGE") => (2, 23),
        a if a.starts_with("REQ_BLOCKED") || a.contains("BLACKLISTED") => (2, 2),
        "" => (0, 0),
        _ => (99, 99),
    }
}

/// HTTP methods with their OCSF HTTP Activity `activity_id`.
const HTTP_ACTIVITIES: [(&str, u32); 9] = [
    ("CONNECT", 1),
    ("DELETE", 2),
    ("GET", 3),
    ("HEAD", 4),
    ("OPTIONS", 5),
    ("POST", 6),
    ("PUT", 7),
    ("TRACE", 8),
    ("PATCH", 9),
];

/// Returns the `activity_id` of a method in any case, or 99 (Other) for another method.
fn http_activity_id(method: &str) -> u32 {
    HTTP_ACTIVITIES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(method))
        .map_or(99, |&(_, id)| id)
}

fn is_ip(value: &str) -> bool {
    value.parse::<std::net::IpAddr>().is_ok()
}

/// Builds the `http_request`, `src_endpoint` and `dst_endpoint` objects of an event. Each
/// attribute is set once, so the objects are built by appending.
fn request_objects(fields: &FieldMap) -> Object {
    let mut objects = Object::with_capacity(3);
    let request = http_request(fields, request_method(fields));
    if !request.is_empty() {
        objects.append("http_request", request);
    }
    let source = source_endpoint(fields);
    if !source.is_empty() {
        objects.append("src_endpoint", source);
    }
    let destination = destination_endpoint(fields);
    if !destination.is_empty() {
        objects.append("dst_endpoint", destination);
    }
    objects
}

/// Builds the `http_request` object: method, URL, user agent, referrer, proxies and length.
/// `method` is the value of [`request_method`].
fn http_request<'a>(fields: &'a FieldMap, method: Option<&'a str>) -> Object {
    let mut request = Object::with_capacity(6);
    if let Some(method) = method {
        request.append("http_method", method);
    }
    if let Some(target) = first_at(fields, field!("request"), field!("url")) {
        let protocol = first_at(fields, field!("app"), field!("proto"));
        let scheme = if protocol.is_some_and(|p| p.eq_ignore_ascii_case("HTTPS")) { "https" } else { "http" };
        // Imperva writes the query in `qstr`, but some exports leave it in `request`.
        let (resource, inline_query) = format::split_at_byte(target, b'?').map_or((target, None), |(resource, query)| (resource, Some(query)));
        // The path keeps its leading `/`, so it is a slice of the resource.
        let (host, path) = memchr::memchr(b'/', resource.as_bytes()).map_or((resource, "/"), |at| (&resource[..at], &resource[at..]));
        let mut url = Object::with_capacity(5);
        let url_string = match text_at(fields, field!("qstr")) {
            Some(query) => {
                url.append("query_string", query);
                let separator = if inline_query.is_some() { "&" } else { "?" };
                Text::concat(&[scheme, "://", target, separator, query])
            }
            None => {
                if let Some(query) = inline_query.filter(|q| !q.is_empty()) {
                    url.append("query_string", query);
                }
                Text::concat(&[scheme, "://", target])
            }
        };
        url.append("url_string", url_string);
        url.append("scheme", scheme);
        url.append("hostname", host);
        url.append("path", path);
        request.append("url", url);
    }
    if let Some(agent) = text_at(fields, field!("requestClientApplication")) {
        request.append("user_agent", agent);
    }
    if let Some(referrer) = text_at(fields, field!("ref")) {
        request.append("referrer", referrer);
    }
    // A request that passed several proxies lists their addresses: `xff=198.51.100.4, 10.0.0.9`.
    if let Some(proxies) = text_at(fields, field!("xff")) {
        let forwarded: Vec<Node> = proxies.split(',').map(str::trim).filter(|a| is_ip(a)).map(Node::from).collect();
        if !forwarded.is_empty() {
            request.append("x_forwarded_for", Node::Array(forwarded));
        }
    }
    if let Some(length) = fields.column_int(field!("in")) {
        request.append("length", length);
    }
    request
}

/// Builds the `src_endpoint` object: the client's address, port and location.
fn source_endpoint(fields: &FieldMap) -> Object {
    let mut source = Object::with_capacity(3);
    if let Some(ip) = text_at(fields, field!("src")).filter(|v| is_ip(v)) {
        source.append("ip", ip);
    }
    let port = fields.column_int(field!("cpt")).or_else(|| fields.column_int(field!("srcPort")));
    if let Some(port) = port.filter(|p| (0..=65_535).contains(p)) {
        source.append("port", port);
    }
    let mut location = Object::with_capacity(4);
    if let Some(city) = text_at(fields, field!("cicode")) {
        location.append("city", city);
    }
    if let Some(country) = first_at(fields, field!("ccode"), field!("calCountryOrRegion")) {
        location.append("country", country);
    }
    if let (Some(lat), Some(long)) = coordinates(fields) {
        location.append("lat", lat);
        location.append("long", long);
    }
    if !location.is_empty() {
        source.append("location", location);
    }
    source
}

/// The custom fields of [`FIELDS`] as (label, value) pairs: every name of the table that ends
/// in `Label`, with the field it labels.
const CUSTOM_FIELDS: [(Column, Column); 13] = [
    (field!("cs1Label"), field!("cs1")),
    (field!("cs2Label"), field!("cs2")),
    (field!("cs3Label"), field!("cs3")),
    (field!("cs4Label"), field!("cs4")),
    (field!("cs5Label"), field!("cs5")),
    (field!("cs6Label"), field!("cs6")),
    (field!("cs7Label"), field!("cs7")),
    (field!("cs8Label"), field!("cs8")),
    (field!("cs9Label"), field!("cs9")),
    (field!("cs10Label"), field!("cs10")),
    (field!("cs11Label"), field!("cs11")),
    (field!("cs12Label"), field!("cs12")),
    (field!("cn1Label"), field!("cn1")),
];

/// Returns the latitude and longitude of the client: the values of the custom fields whose
/// labels (`cs7Label=latitude`) name them, when they are numbers.
fn coordinates(fields: &FieldMap) -> (Option<f64>, Option<f64>) {
    let number = |text: Option<&str>| parse_decimal(text.filter(|v| !v.is_empty())?);
    // When every name in the map is in the table, the labels are among `CUSTOM_FIELDS`, which
    // are read by slot. A name that only one of them gives is the first one in the map too.
    if fields.has_only_table_names() {
        // The value column of each name, or `None` once a second label gives the name.
        let (mut latitude, mut longitude) = (Some(None), Some(None));
        for (label, value) in CUSTOM_FIELDS {
            let found = match fields.column_str(label) {
                Some("latitude") => &mut latitude,
                Some("longitude") => &mut longitude,
                _ => continue,
            };
            *found = match found {
                Some(None) => Some(Some(value)),
                _ => None,
            };
        }
        if let (Some(latitude), Some(longitude)) = (latitude, longitude) {
            let value = |column: Option<Column>| number(fields.column_str(column?));
            return (value(latitude), value(longitude));
        }
    }
    coordinates_in_order(fields)
}

/// Exact powers of ten, up to the largest that [`parse_decimal`] divides by.
const POWERS_OF_TEN: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/// Reads a number as `str::parse::<f64>` does. Text such as `-77.4875`, of at most 15 digits
/// with an optional sign and decimal point, is read from its digits. The digits and the power
/// of ten are then exact doubles, so their quotient is the correctly rounded value that
/// `parse` returns too. Other text goes to `parse`.
fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut mantissa = 0u64;
    let mut digits = 0usize;
    let mut point = None;
    for byte in unsigned.bytes() {
        match byte {
            b'0'..=b'9' if digits < 15 => {
                mantissa = mantissa * 10 + u64::from(byte - b'0');
                digits += 1;
            }
            b'.' if point.is_none() => point = Some(digits),
            _ => return text.parse().ok(),
        }
    }
    if digits == 0 {
        return text.parse().ok();
    }
    let value = mantissa as f64 / POWERS_OF_TEN[digits - point.unwrap_or(digits)];
    Some(if negative { -value } else { value })
}

/// Returns the coordinates as [`coordinates`] does, searching the labels in the order of the
/// fields: the first field labelled with each name counts.
fn coordinates_in_order(fields: &FieldMap) -> (Option<f64>, Option<f64>) {
    // Searching the names first reads the values of the labels only.
    let (mut latitude, mut longitude) = (None, None);
    for (name, text) in fields.iter_str() {
        if !name.ends_with("Label") {
            continue;
        }
        match text() {
            Some("latitude") if latitude.is_none() => latitude = Some(name),
            Some("longitude") if longitude.is_none() => longitude = Some(name),
            _ => {}
        }
    }
    let value = |label: Option<&str>| {
        // This strips every trailing `Label`, as `trim_end_matches("Label")` does, without
        // setting up a substring search.
        let mut name = label?;
        while let Some(rest) = name.strip_suffix("Label") {
            name = rest;
        }
        text(fields, name)?.parse::<f64>().ok()
    };
    (value(latitude), value(longitude))
}

/// Builds the `dst_endpoint` object: the protected site and the origin server.
fn destination_endpoint(fields: &FieldMap) -> Object {
    let mut destination = Object::with_capacity(3);
    if let Some(site) = text_at(fields, field!("sourceServiceName")) {
        destination.append("hostname", site);
    }
    // The origin server that Imperva forwarded the request to: `sip` and `spt` in the CEF of
    // the log file structure, `dst` and `dstPort` in LEEF.
    if let Some(ip) = first_at(fields, field!("dst"), field!("sip")).filter(|v| is_ip(v)) {
        destination.append("ip", ip);
    }
    let port = fields.column_int(field!("dstPort")).or_else(|| fields.column_int(field!("spt")));
    if let Some(port) = port.filter(|p| (0..=65_535).contains(p)) {
        destination.append("port", port);
    }
    destination
}

/// Returns the request method; some Imperva exports spell the key `requestmethod`.
fn request_method(fields: &FieldMap) -> Option<&str> {
    first_at(fields, field!("requestMethod"), field!("requestmethod"))
}

/// Returns the Imperva action: `act` in CEF, `cat` in LEEF.
fn action(fields: &FieldMap) -> &str {
    first_at(fields, field!("act"), field!("cat")).unwrap_or("")
}

fn http_record(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let method = request_method(fields);
    let activity_id = http_activity_id(method.unwrap_or(""));
    let mut record = RecordBuilder::new(class::HTTP_ACTIVITY, activity_id, time, &META);
    if activity_id == 99 {
        record.set("activity_name", method.unwrap_or("Other"));
    }
    // The record has none of these objects yet.
    for (key, object) in [
        ("http_request", http_request(fields, method)),
        ("src_endpoint", source_endpoint(fields)),
        ("dst_endpoint", destination_endpoint(fields)),
    ] {
        if !object.is_empty() {
            record.append(key, object);
        }
    }
    if let Some(code) = fields.column_int(field!("cn1")) {
        let mut response = Object::with_capacity(1);
        response.append("code", code);
        record.append("http_response", response);
    }
    let (action_id, disposition_id) = disposition(action(fields));
    record.append("action_id", action_id).append("disposition_id", disposition_id);
    if let Some(tls) = first_at(fields, field!("ver"), field!("protoVer")) {
        let (version, cipher) = format::split_at_byte(tls, b' ').unwrap_or((tls, ""));
        let mut attributes = Object::with_capacity(2);
        attributes.append("version", version);
        if !cipher.is_empty() && cipher != "-" {
            attributes.append("cipher", cipher);
        }
        record.append("tls", attributes);
    }
    record
}

fn finding_record(fields: &FieldMap, time: Timestamp, category: &str) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::DETECTION_FINDING, 1, time, &META);
    let name = first_at(fields, field!("name"), field!("EventID")).unwrap_or("Imperva security event");
    let (severity_id, technique) = match category {
        "waf_block_sqli" => (ocsf::severity::HIGH, Some(("T1190", "Exploit Public-Facing Application", "TA0001", "Initial Access"))),
        "waf_block_xss" => (ocsf::severity::MEDIUM, Some(("T1190", "Exploit Public-Facing Application", "TA0001", "Initial Access"))),
        "ddos" => (ocsf::severity::HIGH, Some(("T1498", "Network Denial of Service", "TA0040", "Impact"))),
        _ => (ocsf::severity::MEDIUM, None),
    };
    record.severity(severity_id);
    let (action_id, disposition_id) = disposition(action(fields));
    record.append("action_id", action_id).append("disposition_id", disposition_id);
    record.append("is_alert", true);

    let mut finding = Object::with_capacity(5);
    finding.append("title", name);
    finding.append("uid", first_at(fields, field!("deviceExternalId"), field!("fileId")).unwrap_or("unknown"));
    finding.append("types", Node::Array(vec![Node::from(name)]));
    let rules: Vec<&str> = text_at(fields, field!("cs9")).map(|r| r.split(',').filter(|p| !p.is_empty()).collect()).unwrap_or_default();
    if !rules.is_empty() {
        finding.append("desc", rules.join(", "));
    }
    if let Some((technique_uid, technique_name, tactic_uid, tactic_name)) = technique {
        let mut technique = Object::with_capacity(2);
        technique.append("uid", technique_uid);
        technique.append("name", technique_name);
        let mut tactic = Object::with_capacity(2);
        tactic.append("uid", tactic_uid);
        tactic.append("name", tactic_name);
        let mut attack = Object::with_capacity(2);
        attack.append("technique", technique);
        attack.append("tactic", tactic);
        finding.append("attacks", Node::Array(vec![Node::Object(attack)]));
    }
    record.append("finding_info", finding);

    let evidence = request_objects(fields);
    if !evidence.is_empty() {
        record.set("evidences", Node::Array(vec![Node::Object(evidence)]));
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing;

    #[test]
    fn decimal_reader_matches_parse() {
        let mut texts: Vec<String> = ["0", "-0.0", ".5", "5.", "-77.4875", "139.6503", "0.1", "1e5", "+1.5", "-", ".", "1.2.3", "nan", "123456789012345.6", "1234567890123456"]
            .iter()
            .map(|text| text.to_string())
            .collect();
        for (_, _, latitude, longitude) in LOCATIONS {
            texts.push(latitude.to_string());
            texts.push(longitude.to_string());
        }
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let digits = (seed % 16) as usize;
            let number = (seed >> 8) % 10u64.pow(digits as u32);
            let text = format!("{number:0digits$}");
            let point = (seed >> 60) as usize % (text.len() + 1);
            let sign = if seed & 1 == 1 { "-" } else { "" };
            texts.push(format!("{sign}{}.{}", &text[..point], &text[point..]));
        }
        for text in &texts {
            let expected = text.parse::<f64>().ok();
            let read = parse_decimal(text);
            assert_eq!(read.map(f64::to_bits), expected.map(f64::to_bits), "text {text:?}");
        }
    }

    #[test]
    fn generated_fields_are_known() {
        testing::assert_generated_names_known(&Incapsula, 0..Incapsula.meta().variants.len(), &FIELDS);
    }

    #[test]
    fn filled_attributes_match_field_writer() {
        for variant in 0..VARIANTS.len() {
            let header_fields = if variant >= LEEF_REQUEST_PASSED { 1 } else { 2 };
            for index in 0..40 {
                let (mut fields, _) = testing::generate(&Incapsula, variant, 7, index);
                let mut expected = String::new();
                cef::write_field_extensions(&mut expected, &fields, header_fields);
                let mut copied = String::new();
                let is_copied = append_filled_attributes(&mut copied, &fields, header_fields);
                assert!(is_copied || variant == WAF_BLOCK_SQLI || variant == WAF_BLOCK_XSS || variant > LEEF_REQUEST_PASSED, "variant {variant} event {index}");
                if is_copied {
                    assert_eq!(copied, expected, "variant {variant} event {index}");
                }

                // A value set by an override moves to the end of the buffer.
                assert!(fields.set("cs2Label", "Javascript Support"));
                assert!(!append_filled_attributes(&mut String::new(), &fields, header_fields));
            }
        }
    }

    #[test]
    fn field_groups_name_each_field_once() {
        let mut names = std::collections::HashSet::new();
        for name in INTEGER_FIELDS.iter().chain(TEXT_FIELDS) {
            assert!(names.insert(name), "{name} is in the groups twice");
        }
    }

    #[test]
    fn field_table_finds_groups() {
        testing::assert_table_finds_groups(&FIELDS, &[INTEGER_FIELDS, TEXT_FIELDS]);
    }

    #[test]
    fn repeated_key_keeps_first_value() {
        // `act` and `cpt` are in FIELDS, `vendorx` is not, and `name` repeats the header's.
        let line = "CEF:0|Incapsula|SIEMintegration|1|1|Normal|0| act=REQ_PASSED vendorx=one cpt=1 name=Other src=203.0.113.12 act=REQ_BLOCKED vendorx=two cpt=2";
        let fields = testing::parse_ok(&Incapsula, line).fields;
        let names: Vec<&str> = fields.keys().collect();
        assert_eq!(names, ["name", "severity", "act", "vendorx", "cpt", "src"]);
        assert_eq!(fields.get("name"), Some(&Value::from("Normal")));
        assert_eq!(fields.get("act"), Some(&Value::from("REQ_PASSED")));
        assert_eq!(fields.get("vendorx"), Some(&Value::from("one")));
        assert_eq!(fields.get("cpt"), Some(&Value::from(1)));
    }

    #[test]
    fn every_variant_round_trips_over_seeds() {
        assert_eq!(testing::assert_round_trip(&Incapsula, 0..200), 200 * VARIANTS.len());
    }

    /// Sample events written from the Imperva log file documentation, with their variants.
    const SAMPLES: &[(&str, &str, &str)] = &[
        (
            "cef access event",
            "CEF:0|Incapsula|SIEMintegration|1|1|Normal|0| fileId=3412341160002518171 sourceServiceName=www.corp.example siteid=1509732 suid=50005477 requestClientApplication=Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0 deviceFacility=mia ccode=US cicode=Ashburn cs7=39.0437 cs7Label=latitude cs8=-77.4875 cs8Label=longitude Customer=corp start=1767603600000 request=www.corp.example/main.css requestMethod=GET cn1=200 app=HTTPS act=REQ_CACHED_FRESH deviceExternalId=33411452762204224 in=54 xff=198.51.100.44 cpt=52144 src=203.0.113.12 ver=TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 end=1767603600120",
            "request_passed",
        ),
        (
            "cef sql injection with an escaped query",
            r"CEF:0|Incapsula|SIEMintegration|1|1|SQL Injection|0| fileId=3412364560000000008 sourceServiceName=shop.corp.example siteid=1333546 suid=300656 requestClientApplication=sqlmap/1.7 deviceFacility=fra ccode=DE cicode=Frankfurt am Main Customer=corp start=1767603600000 request=shop.corp.example/products requestMethod=GET qstr=id\=1%27%20OR%201%3D1-- cn1=403 app=HTTPS act=REQ_BLOCKED deviceExternalId=2323800832649 cpt=40112 src=198.51.100.7 end=1767603600004 fileType=12999, filePermission=37, cs9=High Risk SQL Expressions, cs9Label=Rule name",
            "waf_block_sqli",
        ),
        (
            "cef challenge with a syslog prefix",
            "<14>Jan  5 09:00:00 imperva CEF:0|Incapsula|SIEMintegration|1|1|Illegal Resource Access|3| sourceServiceName=www.corp.example start=1767603600000 request=www.corp.example/admin requestMethod=GET act=REQ_CHALLENGED_CAPTCHA src=198.51.100.9 cpt=40001",
            "bot_challenge",
        ),
        (
            "cef acl event",
            "CEF:0|Incapsula|SIEMintegration|1|1|Blocked country|-1| sourceServiceName=www.corp.example start=1767603600000 request=www.corp.example/ requestMethod=GET app=HTTP act=REQ_DOMAIN_BLACKLISTED src=198.51.100.9",
            "waf_other",
        ),
        (
            "leef sql injection passed in alert mode",
            r"LEEF:0|Incapsula|SIEMintegration|0|SQL Injection| fileId=3412364560000000008 sourceServiceName=api.corp.example siteid=1333546 popName=mia calCountryOrRegion=IL cicode=Rehovot start=1767603600000 url=api.corp.example/ requestMethod=GET qstr=keywords\=3%29%29%29%20AND%203434 cn1=200 proto=HTTP cat=REQ_PASSED deviceExternalId=2323800832649 dst=192.0.2.43 dstPort=80 in=406 srcPort=443 src=203.0.113.1 protoVer=TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256",
            "leef_waf_block_sqli",
        ),
    ];

    #[test]
    fn sample_lines_parse() {
        for (name, line, variant) in SAMPLES {
            let parsed = testing::parse_ok(&Incapsula, line);
            assert_eq!(parsed.variant, Some(*variant), "case: {name}");
            let record = Incapsula.to_ocsf(&parsed, &ParseOptions::default()).unwrap_or_else(|e| panic!("case {name}: {e}"));
            testing::assert_valid_ocsf(&record, name);
        }
    }

    #[test]
    fn sample_fields_are_read() {
        let parsed = testing::parse_ok(&Incapsula, SAMPLES[0].1);
        assert_eq!(parsed.fields["requestClientApplication"], "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0");
        assert_eq!(parsed.fields["ver"], "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256");
        assert_eq!(parsed.fields["cn1"], 200);
        assert_eq!(parsed.fields["severity"], 0);

        let parsed = testing::parse_ok(&Incapsula, SAMPLES[1].1);
        assert_eq!(parsed.fields["qstr"], "id=1%27%20OR%201%3D1--");
        assert_eq!(parsed.fields["cicode"], "Frankfurt am Main");

        let parsed = testing::parse_ok(&Incapsula, SAMPLES[4].1);
        assert_eq!(parsed.fields["qstr"], "keywords=3%29%29%29%20AND%203434");
        assert_eq!(parsed.fields["EventID"], "SQL Injection");
        assert_eq!(parsed.fields["dstPort"], 80);
    }

    #[test]
    fn ocsf_mapping_of_a_blocked_attack() {
        let parsed = testing::parse_ok(&Incapsula, SAMPLES[1].1);
        let record = Incapsula.to_ocsf(&parsed, &ParseOptions::default()).unwrap();
        assert_eq!(record["class_uid"], 2004);
        assert_eq!(record["disposition_id"], 2);
        assert_eq!(record["finding_info"]["title"], "SQL Injection");
        assert_eq!(record["evidences"][0]["http_request"]["url"]["query_string"], "id=1%27%20OR%201%3D1--");

        let parsed = testing::parse_ok(&Incapsula, SAMPLES[0].1);
        let record = Incapsula.to_ocsf(&parsed, &ParseOptions::default()).unwrap();
        assert_eq!(record["class_uid"], 4002);
        assert_eq!(record["activity_id"], 3);
        assert_eq!(record["http_response"]["code"], 200);
        assert_eq!(record["src_endpoint"]["location"]["city"], "Ashburn");
    }

    #[test]
    fn start_and_end_are_milliseconds() {
        let line = "CEF:0|Incapsula|SIEMintegration|1|1|Normal|0| sourceServiceName=www.corp.example start=123456789 request=www.corp.example/ requestMethod=GET src=198.51.100.9 end=123457789";
        let record = Incapsula.to_ocsf(&testing::parse_ok(&Incapsula, line), &ParseOptions::default()).unwrap();
        assert_eq!(record["time"], 123_456_789, "a small value is still milliseconds");

        let line = "CEF:0|Incapsula|SIEMintegration|1|1|Normal|0| sourceServiceName=www.corp.example request=www.corp.example/ requestMethod=GET src=198.51.100.9 end=1767603600250";
        let record = Incapsula.to_ocsf(&testing::parse_ok(&Incapsula, line), &ParseOptions::default()).unwrap();
        assert_eq!(record["time"], 1_767_603_600_250_i64, "end stands in for a missing start");
    }

    #[test]
    fn text_start_gives_the_time() {
        let base = "CEF:0|Incapsula|SIEMintegration|1|1|Normal|0| sourceServiceName=www.corp.example request=www.corp.example/ requestMethod=GET src=198.51.100.9";
        let parsed = testing::parse_ok(&Incapsula, &format!("{base} start=Jan 05 2026 09:00:00 UTC"));
        let record = Incapsula.to_ocsf(&parsed, &ParseOptions::default()).unwrap();
        assert_eq!(record["time"], 1_767_603_600_000_i64);
        let parsed = testing::parse_ok(&Incapsula, &format!("{base} start=tomorrow"));
        assert!(Incapsula.to_ocsf(&parsed, &testing::received_at_start()).is_err());
    }

    #[test]
    fn start_out_of_range_fails() {
        let base = "CEF:0|Incapsula|SIEMintegration|1|1|Normal|0| sourceServiceName=www.corp.example request=www.corp.example/ requestMethod=GET src=198.51.100.9";
        for start in ["9223372036854775807", "-9223372036854775808", "9300000000000"] {
            let parsed = testing::parse_ok(&Incapsula, &format!("{base} start={start}"));
            let error = Incapsula.to_ocsf(&parsed, &testing::received_at_start()).unwrap_err();
            assert!(error.reason.contains("out of range"), "{start}: {error}");
        }
    }

    #[test]
    fn untimed_event_takes_received_time() {
        let line = "CEF:0|Incapsula|SIEMintegration|1|1|Normal|0| sourceServiceName=www.corp.example request=www.corp.example/ requestMethod=GET src=198.51.100.9";
        let parsed = testing::parse_ok(&Incapsula, line);
        assert!(Incapsula.to_ocsf(&parsed, &ParseOptions::default()).is_err());
        let record = Incapsula.to_ocsf(&parsed, &testing::received_at_start()).unwrap();
        assert_eq!(record["time"], crate::generate::default_start().millis());
        testing::assert_valid_ocsf(&record, line);
    }

    #[test]
    fn query_inside_request_is_split_from_path() {
        let line = r"CEF:0|Incapsula|SIEMintegration|1|1|Normal|0| sourceServiceName=www.corp.example start=1767603600000 request=www.corp.example/search.php?q\=shoes&page\=2 requestMethod=GET app=HTTPS cn1=200 src=198.51.100.9";
        let record = Incapsula.to_ocsf(&testing::parse_ok(&Incapsula, line), &ParseOptions::default()).unwrap();
        let url = &record["http_request"]["url"];
        assert_eq!(url["path"], "/search.php");
        assert_eq!(url["query_string"], "q=shoes&page=2");
        assert_eq!(url["hostname"], "www.corp.example");
        assert_eq!(url["url_string"], "https://www.corp.example/search.php?q=shoes&page=2");
    }

    #[test]
    fn proxy_chain_and_origin_server_are_kept() {
        let line = "CEF:0|Incapsula|SIEMintegration|1|1|Normal|0| sourceServiceName=api.corp.example sip=10.44.0.12 spt=8443 start=1767603600000 request=api.corp.example/v2/orders requestMethod=POST app=HTTPS cn1=201 xff=203.0.113.70, 198.51.100.5 cpt=50522 src=198.51.100.5";
        let record = Incapsula.to_ocsf(&testing::parse_ok(&Incapsula, line), &ParseOptions::default()).unwrap();
        assert_eq!(record["http_request"]["x_forwarded_for"], serde_json::json!(["203.0.113.70", "198.51.100.5"]));
        assert_eq!(record["dst_endpoint"]["ip"], "10.44.0.12");
        assert_eq!(record["dst_endpoint"]["port"], 8443);
        assert_eq!(record["dst_endpoint"]["hostname"], "api.corp.example");
    }

    #[test]
    fn malformed_lines_are_rejected() {
        let cases: &[(&str, &str)] = &[
            ("empty", ""),
            ("w3c line", "2026-01-05 09:00:00 203.0.113.1 GET /"),
            ("cef with a short header", "CEF:0|Incapsula|SIEMintegration|1"),
            ("cef extension without key", "CEF:0|Incapsula|SIEMintegration|1|1|Normal|0|no pairs here"),
            ("leef with a short header", "LEEF:0|Incapsula"),
        ];
        for (name, line) in cases {
            assert!(Incapsula.parse_line(line, &mut ParseState::default()).is_err(), "case {name} was accepted");
        }
    }

    #[test]
    fn corpus_samples_parse_and_map() {
        for (name, line) in testing::sekoia_samples("Imperva/imperva-waf").into_iter().map(|s| (s.name, s.text)).collect::<Vec<_>>() {
            let parsed = testing::parse_ok(&Incapsula, &line);
            let record = Incapsula.to_ocsf(&parsed, &ParseOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
            testing::assert_valid_ocsf(&record, &name);
        }
    }
}
