//! Fortinet FortiGate (FortiOS 7.x): traffic, UTM and event logs as key=value syslog, and the
//! same logs in FortiGate's CEF output.
//!
//! Format: the FortiOS 7.2/7.4 log message layout of the "FortiOS Log Message Reference"
//! (<https://docs.fortinet.com/document/fortigate/7.4.0/fortios-log-message-reference>). A
//! FortiGate with a default syslog setting (facility local7) sends
//! `<189>date=2026-01-05 time=09:00:00 devname="FGT-HQ-01" devid="FG100FTK22003412" eventtime=... tz="+0000" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" ...`:
//! strings between double quotes, numbers and addresses bare. With `set format cef` the
//! same fields become `CEF:0|Fortinet|Fortigate|v7.4.3|00013|traffic:forward close|3|...`,
//! where fields without a CEF key keep their FortiOS name behind the `FTNTFGT` prefix.
//!
//! The reader accepts key=value lines with or without the PRI or a relay's BSD header, with
//! commas between pairs, and CEF lines with the `FTNTFGT` or `FortinetFortiGate` prefix, with
//! or without the `CEF:` marker. CEF keys are mapped back onto FortiOS field names.

use std::cell::RefCell;
use std::sync::LazyLock;
use std::net::{IpAddr, Ipv4Addr};

use serde_json::Value;

use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::{Column, FieldMap, FieldValue, NameTable, SeenNames};
use crate::error::ParseError;
use crate::fields::{push_ipv4, Fields, Kind};
use crate::decimal::{push_i64, push_padded};
use crate::format::{self, any_byte, cef, kv, scan_quotes, write_escaped_ascii, AsciiSet, EscapeScan};
use crate::ocsf::{self, class, Node, Object, RecordBuilder, Text};
use crate::seed::{fnv1a, StreamKey};
use crate::timestamp::{parse_epoch, parse_rfc3339, parse_rfc3339_local, parse_utc_offset, Timestamp};

/// The `fortinet_fortigate` source.
pub struct FortinetFortigate;

const fn kv_variant(name: &'static str, weight: u32, description: &'static str) -> Variant {
    Variant {
        name,
        weight,
        format: WireFormat::Kv,
        description,
    }
}

const fn cef_variant(name: &'static str, description: &'static str) -> Variant {
    Variant {
        name,
        weight: 0,
        format: WireFormat::Cef,
        description,
    }
}

/// Key=value variants first, then their CEF twins in the same order. A FortiGate sends one
/// format, so the CEF twins have weight 0 and appear only on request.
const VARIANTS: &[Variant] = &[
    kv_variant("traffic_forward", 600, "traffic forward: a session through the firewall closed"),
    kv_variant("traffic_local", 60, "traffic local: a session to or from the firewall itself"),
    kv_variant(
        "utm_webfilter",
        120,
        "utm webfilter: FortiGuard web filtering allowed or blocked a URL",
    ),
    kv_variant("utm_app_ctrl", 100, "utm app-ctrl: application control matched an application"),
    kv_variant("utm_ips", 20, "utm ips: an intrusion prevention signature matched"),
    kv_variant("utm_virus", 5, "utm virus: antivirus found an infected file"),
    kv_variant("event_system", 30, "event system: administrator login or configuration change"),
    kv_variant("event_vpn", 25, "event vpn: SSL VPN tunnel up, down or login failure"),
    kv_variant("event_user", 15, "event user: firewall authentication success or failure"),
    cef_variant("cef_traffic_forward", "traffic forward in CEF"),
    cef_variant("cef_traffic_local", "traffic local in CEF"),
    cef_variant("cef_utm_webfilter", "utm webfilter in CEF"),
    cef_variant("cef_utm_app_ctrl", "utm app-ctrl in CEF"),
    cef_variant("cef_utm_ips", "utm ips in CEF"),
    cef_variant("cef_utm_virus", "utm virus in CEF"),
    cef_variant("cef_event_system", "event system in CEF"),
    cef_variant("cef_event_vpn", "event vpn in CEF"),
    cef_variant("cef_event_user", "event user in CEF"),
];

/// Number of key=value variants; variant `KV_COUNT + n` is the CEF twin of variant `n`.
const KV_COUNT: usize = 9;

const TRAFFIC_FORWARD: usize = 0;
const TRAFFIC_LOCAL: usize = 1;
const UTM_WEBFILTER: usize = 2;
const UTM_APP_CTRL: usize = 3;
const UTM_IPS: usize = 4;
const UTM_VIRUS: usize = 5;
const EVENT_SYSTEM: usize = 6;
const EVENT_VPN: usize = 7;

static META: SourceMeta = SourceMeta {
    id: "fortinet_fortigate",
    aliases: &[],
    vendor: "Fortinet",
    product: "FortiGate",
    category: "network",
    formats: &[WireFormat::Kv, WireFormat::Cef],
    sourcetype: "fortigate_log",
    ocsf_classes: &[
        class::NETWORK_ACTIVITY,
        class::HTTP_ACTIVITY,
        class::DETECTION_FINDING,
        class::AUTHENTICATION,
        class::TUNNEL_ACTIVITY,
        class::API_ACTIVITY,
        class::BASE_EVENT,
    ],
    doc_url: "https://docs.fortinet.com/document/fortigate/7.4.0/fortios-log-message-reference",
    versions: "FortiOS 7.2 and 7.4 (key=value and CEF); 6.x lines without devname, eventtime or tz are read",
    known_gaps: &[
        "The CSV syslog format (`set format csv`) is read only when its pairs are key=value separated by commas",
        "Times are UTC (tz=\"+0000\"); a FortiGate writes its local time",
        "Allowed web filter and application control logs map to HTTP or Network Activity; blocked ones and IPS, antivirus, DLP and anomaly logs map to Detection Finding",
        "Event logs other than logins, configuration changes, VPN and user authentication become OCSF Base Events",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &["devname"],
};

/// Returns true for the text fields FortiOS writes without quotes: dates, times and addresses.
#[inline(always)]
fn is_bare_text(name: &str) -> bool {
    // Every such name but `date` and `time` ends in `ip`, so a look at the last byte rules out
    // most other names before any name compare. The writer checks every text field.
    if name.ends_with('p') {
        matches!(name, "srcip" | "dstip" | "transip" | "tranip" | "remip" | "locip" | "assignip" | "tunnelip")
    } else {
        matches!(name, "date" | "time")
    }
}

/// The FortiOS log fields holding integers; every other field is text.
const NUMERIC_KEYS: &[&str] = &[
    "eventtime", "srcport", "dstport", "sessionid", "proto", "policyid", "duration", "sentbyte", "rcvdbyte", "sentpkt",
    "rcvdpkt", "transport", "tranport", "appid", "countapp", "countweb", "countips", "countav", "srcserver", "crscore",
    "craction", "virusid", "attackid", "incidentserialno", "cat", "remport", "locport", "stage", "tunnelid", "nextstat",
    "sentdelta", "rcvddelta", "cfgtid", "identifier", "count", "timestamp", "itime", "logver", "wanin", "wanout", "lanin",
    "lanout", "icmptype",
];

/// Text fields of FortiOS traffic, UTM and event logs, as the FortiOS log message reference
/// names them. Reading a field of this list or of [`NUMERIC_KEYS`] stores its name without
/// allocating it; other fields are read all the same.
const TEXT_KEYS: &[&str] = &[
    "date", "time", "devname", "devid", "logid", "type", "subtype", "eventtype", "level", "vd", "tz", "idseq", "fctuid",
    "srcip", "srcintf", "srcintfrole", "srcname", "srcmac", "srccountry", "srcuuid", "srcfamily", "srchwvendor",
    "srchwversion", "srcswversion", "srcdevtype", "srcdevcategory", "osname", "osversion", "mastersrcmac", "unauthuser",
    "unauthusersource", "dstip", "dstintf", "dstintfrole", "dstcountry", "dstuuid", "dstmac", "masterdstmac",
    "dstdevtype", "dstdevcategory", "dsthwvendor", "dstosname", "dstinetsvc", "dstunauthuser", "dst_host", "action",
    "policytype", "poluuid", "policyname", "policymode", "centralnatid", "service", "trandisp", "tranip", "transip",
    "app", "appcat", "apprisk", "applist", "appact", "vwlid", "vwlquality", "vwlname", "shapingpolicyid",
    "shapersentname", "shaperrcvdname", "shaperperipname", "utmaction", "countdlp", "countdns", "countssl",
    "countemail", "countff", "countcifs", "countwaf", "crlevel", "msg", "logdesc", "user", "group", "ui", "status",
    "reason", "hostname", "url", "referralurl", "catdesc", "direction", "method", "reqtype", "httpmethod", "agent",
    "forwardedfor", "cookies", "attack", "severity", "ref", "virus", "dtype", "filename", "filetype", "filesize",
    "quarskip", "analyticssubmit", "analyticscksum", "fsaverdict", "checksum", "profile", "authserver", "authproto",
    "cfgpath", "cfgobj", "cfgattr", "remip", "locip", "outintf", "tunneltype", "tunnelip", "xauthuser", "xauthgroup",
    "assignip", "vpntunnel", "init", "exch", "dir", "role", "result", "version", "spi", "qname", "qtype", "qtypeval",
    "qclass", "ipaddr", "xid", "icmpcode", "icmpid", "alert", "desc", "sn", "ip", "name", "uuid", "slot", "session_id",
    "faclogindex", "nas", "userip", "wanoptapptype", "durationdelta", "sentpktdelta", "rcvdpktdelta", "interface", "scertcname",
    "scertissuer", "eventsubtype", "sslaction", "srcinetsvc", "threattype", "threatlevel", "threatscore",
];

/// The group of [`NUMERIC_KEYS`] in [`KEYS`].
const NUMERIC: u8 = 0;

/// The known FortiOS field names.
static KEYS: LazyLock<NameTable> = LazyLock::new(|| NameTable::new(&[NUMERIC_KEYS, TEXT_KEYS]));

/// The [`Column`] of a field of [`KEYS`]. No name is in both groups, so a field's position in
/// them is its slot in the table.
macro_rules! key {
    ($name:literal) => {
        const { Column::in_groups(&[NUMERIC_KEYS, TEXT_KEYS], $name) }
    };
}

// ----------------------------------------------------------------------------------------------
// Generation
// ----------------------------------------------------------------------------------------------

/// Expands to the key that [`Pairs`] writes before the value of a field `name` that FortiOS
/// writes bare: a space and `name=`.
macro_rules! bare {
    ($name:literal) => {
        concat!(" ", $name, "=")
    };
}

/// Expands to the key that [`Pairs`] writes before the value of a field `name` that FortiOS
/// writes between double quotes: a space, `name=` and the opening quote.
macro_rules! quoted {
    ($name:literal) => {
        concat!(" ", $name, "=\"")
    };
}

/// Appends fields to a [`Fields`], and writes to its value buffer with [`Fields::push_text`]
/// the key before each value (see `bare!` and `quoted!`) and the closing quote after a quoted
/// value. The buffer then contains the key=value text of the line, which
/// [`append_filled_pairs`] copies in one piece.
struct Pairs<'a>(&'a mut Fields);

impl Pairs<'_> {
    /// Appends `key` to the value buffer and returns the field name inside it, and whether the
    /// value is quoted.
    #[inline(always)]
    fn key(&mut self, key: &'static str) -> (&'static str, bool) {
        self.0.push_text(key);
        let quoted = key.ends_with('"');
        let name_end = key.len().saturating_sub(1 + usize::from(quoted));
        (key.get(1..name_end).unwrap_or(key), quoted)
    }

    /// Appends the closing quote of a quoted value.
    #[inline(always)]
    fn close(&mut self, quoted: bool) {
        if quoted {
            self.0.push_text("\"");
        }
    }

    #[inline(always)]
    fn str(&mut self, key: &'static str, value: &str) {
        let (name, quoted) = self.key(key);
        self.0.str(name, value);
        self.close(quoted);
    }

    #[inline(always)]
    fn int(&mut self, key: &'static str, value: i64) {
        let (name, quoted) = self.key(key);
        self.0.int(name, value);
        self.close(quoted);
    }

    #[inline(always)]
    fn ipv4(&mut self, key: &'static str, address: Ipv4Addr) {
        let (name, quoted) = self.key(key);
        self.0.ipv4(name, address);
        self.close(quoted);
    }

    #[inline(always)]
    fn with(&mut self, key: &'static str, write: impl FnOnce(&mut String)) {
        let (name, quoted) = self.key(key);
        self.0.with(name, write);
        self.close(quoted);
    }

    #[inline(always)]
    fn num_with(&mut self, key: &'static str, write: impl FnOnce(&mut String)) {
        let (name, quoted) = self.key(key);
        self.0.num_with(name, write);
        self.close(quoted);
    }
}

/// One FortiGate of the synthetic organisation.
struct Firewall {
    devname: &'static str,
    devid: &'static str,
}

const FIREWALLS: &[(Firewall, u32)] = &[
    (
        Firewall {
            devname: "FGT-HQ-01",
            devid: "FG100FTK22003412",
        },
        75,
    ),
    (
        Firewall {
            devname: "FGT-BR-LYON",
            devid: "FG60FTK21019823",
        },
        25,
    ),
];

/// A service as FortiOS names it, with its port, protocol and the application control name.
struct Service {
    service: &'static str,
    port: i64,
    proto: i64,
    app: &'static str,
    appid: i64,
    appcat: &'static str,
    apprisk: &'static str,
}

const SERVICES: &[(Service, u32)] = &[
    (
        Service {
            service: "HTTPS",
            port: 443,
            proto: 6,
            app: "HTTPS.BROWSER",
            appid: 40568,
            appcat: "Web.Client",
            apprisk: "medium",
        },
        50,
    ),
    (
        Service {
            service: "HTTP",
            port: 80,
            proto: 6,
            app: "HTTP.BROWSER",
            appid: 15893,
            appcat: "Web.Client",
            apprisk: "medium",
        },
        12,
    ),
    (
        Service {
            service: "DNS",
            port: 53,
            proto: 17,
            app: "DNS",
            appid: 16195,
            appcat: "Network.Service",
            apprisk: "elevated",
        },
        20,
    ),
    (
        Service {
            service: "NTP",
            port: 123,
            proto: 17,
            app: "NTP",
            appid: 16270,
            appcat: "Network.Service",
            apprisk: "elevated",
        },
        5,
    ),
    (
        Service {
            service: "SMTPS",
            port: 465,
            proto: 6,
            app: "SMTPS",
            appid: 16190,
            appcat: "Email",
            apprisk: "elevated",
        },
        3,
    ),
    (
        Service {
            service: "SSH",
            port: 22,
            proto: 6,
            app: "SSH",
            appid: 16060,
            appcat: "Network.Service",
            apprisk: "elevated",
        },
        3,
    ),
    (
        Service {
            service: "RDP",
            port: 3389,
            proto: 6,
            app: "RDP",
            appid: 16146,
            appcat: "Remote.Access",
            apprisk: "elevated",
        },
        2,
    ),
    (
        Service {
            service: "tcp/8443",
            port: 8443,
            proto: 6,
            app: "HTTPS.BROWSER",
            appid: 40568,
            appcat: "Web.Client",
            apprisk: "medium",
        },
        5,
    ),
];

const WEB_CATEGORIES: &[((i64, &str), u32)] = &[
    ((52, "Information Technology"), 25),
    ((49, "Business"), 25),
    ((41, "Search Engines and Portals"), 12),
    ((23, "Web-based Email"), 8),
    ((36, "News and Media"), 8),
    ((37, "Social Networking"), 8),
    ((31, "Finance and Banking"), 6),
];

const BLOCKED_CATEGORIES: &[(i64, &str)] = &[
    (26, "Malicious Websites"),
    (61, "Phishing"),
    (86, "Spam URLs"),
    (90, "Newly Registered Domain"),
];

const IPS_SIGNATURES: &[(&str, i64, &str)] = &[
    ("Apache.Log4j.Error.Log.Remote.Code.Execution", 51006, "critical"),
    ("HTTP.URI.SQL.Injection", 15621, "high"),
    ("Microsoft.Exchange.Server.ProxyShell.Remote.Code.Execution", 50825, "critical"),
    ("SSH.Connection.Brute.Force", 16013, "medium"),
    ("Cobalt.Strike.Beacon", 50000, "critical"),
];

/// Virus names and ids with a file name of the kind each is found in.
const VIRUSES: &[(&str, i64, &str)] = &[
    ("EICAR_TEST_FILE", 2172, "eicar.com"),
    ("W32/Emotet.AB!tr", 8106432, "invoice_2026_0142.zip"),
    ("JS/Agent.NKF!tr", 8213009, "update.js"),
    ("MSOffice/Agent.AJ!tr.dldr", 8300215, "Q4-report.docm"),
];

/// Returns the syslog severity of a FortiOS `level`.
fn level_severity(level: &str) -> u8 {
    match level {
        "emergency" => 0,
        "alert" => 1,
        "critical" => 2,
        "error" => 3,
        "warning" => 4,
        "notice" => 5,
        "debug" => 7,
        _ => 6,
    }
}

/// Returns the CEF header severity FortiGate writes for a FortiOS `level`.
fn cef_severity(level: &str) -> &'static str {
    match level {
        "emergency" => "10",
        "alert" => "7",
        "critical" => "8",
        "error" => "5",
        "warning" => "4",
        "notice" => "3",
        _ => "2",
    }
}

fn write_date(time: Timestamp) -> String {
    let mut out = String::with_capacity(10);
    time.write_date(&mut out, 0);
    out
}

fn write_clock(time: Timestamp) -> String {
    let mut out = String::with_capacity(8);
    time.write_time(&mut out, 0, 0);
    out
}

/// The `date` and `time` fields of one whole second, and the second since the epoch in
/// decimal.
struct DateTime {
    second: Option<i64>,
    date: String,
    time: String,
    epoch: String,
}

thread_local! {
    /// The `date` and `time` text of the last second written on this thread. Several events
    /// fall in one second, and working out the calendar date and time of day costs more than
    /// copying them.
    static DATE_TIME: RefCell<DateTime> = const { RefCell::new(DateTime { second: None, date: String::new(), time: String::new(), epoch: String::new() }) };
}

impl Source for FortinetFortigate {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let fields = &mut Pairs(fields);
        let kind = ctx.variant % KV_COUNT;
        let firewall = ctx.rng.pick_weighted(FIREWALLS);
        let time = ctx.time;
        // FortiOS 7.x writes the event time in nanoseconds; the generated clock has whole
        // milliseconds, so the rest is drawn.
        let sub_millisecond = ctx.rng.below(1_000_000);
        DATE_TIME.with_borrow_mut(|cached| {
            let second = time.secs();
            if cached.second != Some(second) {
                cached.date.clear();
                time.write_date(&mut cached.date, 0);
                cached.time.clear();
                time.write_time(&mut cached.time, 0, 0);
                cached.epoch.clear();
                push_i64(&mut cached.epoch, second);
                cached.second = Some(second);
            }
            fields.str(bare!("date"), &cached.date);
            fields.str(bare!("time"), &cached.time);
            fields.str(quoted!("devname"), firewall.devname);
            fields.str(quoted!("devid"), firewall.devid);
            let millisecond = (time.millis() - second * 1_000) as u64;
            if second > 0 {
                // After the epoch, the nanoseconds are the decimal second followed by the
                // nanoseconds inside it in nine digits, which spares converting a 19-digit
                // number per event.
                fields.num_with(bare!("eventtime"), |out| {
                    out.push_str(&cached.epoch);
                    push_padded(out, millisecond * 1_000_000 + sub_millisecond, 9);
                });
            } else {
                fields.int(bare!("eventtime"), time.millis() * 1_000_000 + sub_millisecond as i64);
            }
        });
        fields.str(quoted!("tz"), "+0000");
        match kind {
            TRAFFIC_FORWARD | TRAFFIC_LOCAL => fill_traffic(ctx, fields, kind),
            UTM_WEBFILTER | UTM_APP_CTRL | UTM_IPS | UTM_VIRUS => fill_utm(ctx, fields, kind),
            EVENT_SYSTEM => fill_event_system(ctx, fields),
            EVENT_VPN => fill_event_vpn(ctx, fields),
            _ => fill_event_user(ctx, fields),
        }
    }

    fn write(&self, variant: usize, fields: &Fields, out: &mut String) {
        let level = fields.get("level").unwrap_or("information");
        // The PRI of facility local7 (23) for each severity, which spares formatting it.
        const PRIORITIES: [&str; 8] = ["<184>", "<185>", "<186>", "<187>", "<188>", "<189>", "<190>", "<191>"];
        out.push_str(PRIORITIES[usize::from(level_severity(level) & 7)]);
        if variant >= KV_COUNT {
            write_cef(fields, out);
        } else if !append_filled_pairs(out, fields) {
            write_kv(fields, out);
        }
    }

    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        if line.len() > kv::MAX_LINE {
            return Err(ParseError::new(
                kv::MAX_LINE,
                format!("line of {} bytes exceeds the {}-byte limit", line.len(), kv::MAX_LINE),
            ));
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            return Err(ParseError::new(0, "empty line"));
        }
        // CEF needs `|` in its header; looking for that byte first spares the two substring
        // searches on key=value logs, which seldom contain one.
        let cef = memchr::memchr(b'|', line.as_bytes()).is_some().then(|| line.find("CEF:").or_else(|| line.find("0|Fortinet|")));
        if let Some(at) = cef.flatten() {
            return parse_cef(line, at, state.options.year).map(Some);
        }
        parse_kv(line).map(Some)
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        map_to_ocsf(parsed, options)
    }
}

/// Appends the head of every log: logid, type, subtype, eventtype, level and vd.
fn fill_head(fields: &mut Pairs<'_>, logid: &str, log_type: &str, subtype: &str, eventtype: Option<&str>, level: &str) {
    fields.str(quoted!("logid"), logid);
    fields.str(quoted!("type"), log_type);
    fields.str(quoted!("subtype"), subtype);
    if let Some(eventtype) = eventtype {
        fields.str(quoted!("eventtype"), eventtype);
    }
    fields.str(quoted!("level"), level);
    fields.str(quoted!("vd"), "root");
}

/// The addresses of one session through the firewall.
struct Flow<'w> {
    srcip: Ipv4Addr,
    dstip: Ipv4Addr,
    srcport: i64,
    srcintf: &'static str,
    srcintfrole: &'static str,
    dstintf: &'static str,
    dstintfrole: &'static str,
    srccountry: &'static str,
    dstcountry: &'static str,
    nat: Ipv4Addr,
    user: Option<&'w str>,
}

const COUNTRIES: &[&str] = &["United States", "Germany", "France", "Netherlands", "Ireland", "United Kingdom"];

fn draw_flow<'w>(ctx: &mut GenContext<'w>, inbound: bool) -> Flow<'w> {
    let world = ctx.world;
    let rng = &mut ctx.rng;
    let user_index = rng.index(world.users.len());
    let workstation = world.workstation_of(user_index).ip;
    let external = *rng.pick(&world.external_addresses);
    let nat = *rng.pick(&world.nat_addresses);
    let country = rng.pick_str(COUNTRIES);
    if inbound {
        return Flow {
            srcip: external,
            dstip: rng.pick(world.servers()).ip,
            srcport: rng.range(1_024, 65_535) as i64,
            srcintf: "port1",
            srcintfrole: "wan",
            dstintf: "port3",
            dstintfrole: "dmz",
            srccountry: country,
            dstcountry: "Reserved",
            nat,
            user: None,
        };
    }
    let user = rng.chance(700).then(|| world.users[user_index].username.as_str());
    Flow {
        srcip: workstation,
        dstip: external,
        srcport: rng.range(49_152, 65_535) as i64,
        srcintf: "port2",
        srcintfrole: "lan",
        dstintf: "port1",
        dstintfrole: "wan",
        srccountry: "Reserved",
        dstcountry: country,
        nat,
        user,
    }
}

/// Appends the addresses, ports and interfaces of a flow in FortiOS order.
fn put_flow(fields: &mut Pairs<'_>, flow: &Flow, dstport: i64) {
    fields.ipv4(bare!("srcip"), flow.srcip);
    fields.int(bare!("srcport"), flow.srcport);
    fields.str(quoted!("srcintf"), flow.srcintf);
    fields.str(quoted!("srcintfrole"), flow.srcintfrole);
    fields.ipv4(bare!("dstip"), flow.dstip);
    fields.int(bare!("dstport"), dstport);
    fields.str(quoted!("dstintf"), flow.dstintf);
    fields.str(quoted!("dstintfrole"), flow.dstintfrole);
    fields.str(quoted!("srccountry"), flow.srccountry);
    fields.str(quoted!("dstcountry"), flow.dstcountry);
}

thread_local! {
    /// Policy UUIDs derived on this thread, as (domain SID of the world, policy id, UUID).
    /// Deriving one builds a ChaCha stream, and a stream of events uses only a few policy ids.
    static POLICY_UUIDS: RefCell<Vec<(String, i64, String)>> = const { RefCell::new(Vec::new()) };
}

/// Maximum number of cached policy UUIDs; the cache starts over when it is full.
const POLICY_UUID_CACHE: usize = 64;

/// Appends the `poluuid` field: a stable UUID per policy id, as FortiOS keeps one per policy.
/// The UUID depends only on the world and the policy id.
fn put_policy_uuid(ctx: &GenContext<'_>, fields: &mut Pairs<'_>, policyid: i64) {
    let sid = ctx.world.domain_sid.as_str();
    POLICY_UUIDS.with_borrow_mut(|cache| {
        if let Some((_, _, uuid)) = cache.iter().find(|(s, id, _)| *id == policyid && s == sid) {
            fields.str(quoted!("poluuid"), uuid);
            return;
        }
        let uuid = StreamKey::new(fnv1a(sid.as_bytes()), "fortinet_fortigate/policy")
            .event(policyid as u64)
            .uuid();
        fields.str(quoted!("poluuid"), &uuid);
        if cache.len() >= POLICY_UUID_CACHE {
            cache.clear();
        }
        cache.push((sid.to_string(), policyid, uuid));
    });
}

fn fill_traffic(ctx: &mut GenContext<'_>, fields: &mut Pairs<'_>, kind: usize) {
    if kind == TRAFFIC_LOCAL {
        fill_head(fields, "0001000014", "traffic", "local", None, "notice");
        let world = ctx.world;
        let admin_host = world.workstation_of(ctx.rng.index(world.users.len())).ip;
        let inbound_probe = ctx.rng.chance(400);
        let (srcip, srcintf, role) = if inbound_probe {
            (*ctx.rng.pick(&world.external_addresses), "port1", "wan")
        } else {
            (admin_host, "port2", "lan")
        };
        let (service, port, app) = *ctx
            .rng
            .pick(&[("HTTPS", 443, "Web Management(HTTPS)"), ("SSH", 22, "SSH"), ("SNMP", 161, "SNMP")]);
        fields.ipv4(bare!("srcip"), srcip);
        fields.int(bare!("srcport"), ctx.rng.range(1_024, 65_535) as i64);
        fields.str(quoted!("srcintf"), srcintf);
        fields.str(quoted!("srcintfrole"), role);
        fields.ipv4(bare!("dstip"), *ctx.rng.pick(&world.nat_addresses));
        fields.int(bare!("dstport"), port);
        fields.str(quoted!("dstintf"), "root");
        fields.str(quoted!("dstintfrole"), "undefined");
        fields.int(bare!("sessionid"), ctx.rng.range(100_000, 4_000_000_000) as i64);
        fields.int(bare!("proto"), if service == "SNMP" { 17 } else { 6 });
        let action = if inbound_probe {
            "deny"
        } else {
            *ctx.rng.pick_weighted(&[("server-rst", 40), ("close", 40), ("timeout", 20)])
        };
        fields.str(quoted!("action"), action);
        fields.int(bare!("policyid"), 0);
        fields.str(quoted!("policytype"), "local-in-policy");
        fields.str(quoted!("service"), service);
        fields.str(quoted!("dstcountry"), "Reserved");
        fields.str(quoted!("srccountry"), if inbound_probe { ctx.rng.pick_str(COUNTRIES) } else { "Reserved" });
        fields.str(quoted!("trandisp"), "noop");
        fields.str(quoted!("app"), app);
        let (sent, received) = if action == "deny" {
            (1, 0)
        } else {
            (ctx.rng.range(4, 40) as i64, ctx.rng.range(4, 60) as i64)
        };
        fields.int(bare!("duration"), if action == "deny" { 0 } else { ctx.rng.range(1, 300) as i64 });
        fields.int(bare!("sentbyte"), sent * ctx.rng.range(60, 400) as i64);
        fields.int(bare!("rcvdbyte"), received * ctx.rng.range(60, 1_200) as i64);
        fields.int(bare!("sentpkt"), sent);
        fields.int(bare!("rcvdpkt"), received);
        fields.str(quoted!("appcat"), "unscanned");
        return;
    }

    fill_head(fields, "0000000013", "traffic", "forward", None, "notice");
    let inbound = ctx.rng.chance(120);
    let service = ctx.rng.pick_weighted(SERVICES);
    let flow = draw_flow(ctx, inbound);
    put_flow(fields, &flow, service.port);
    fields.int(bare!("sessionid"), ctx.rng.range(100_000, 4_000_000_000) as i64);
    fields.int(bare!("proto"), service.proto);
    let action = if service.proto == 17 {
        "accept"
    } else {
        *ctx.rng
            .pick_weighted(&[("close", 70), ("client-rst", 10), ("server-rst", 8), ("timeout", 7), ("deny", 5)])
    };
    fields.str(quoted!("action"), action);
    let policyid = if action == "deny" {
        99
    } else if inbound {
        12
    } else {
        3
    };
    fields.int(bare!("policyid"), policyid);
    fields.str(quoted!("policytype"), "policy");
    put_policy_uuid(ctx, fields, policyid);
    fields.str(
        quoted!("policyname"),
        match policyid {
            99 => "Deny-Known-Bad",
            12 => "WAN to DMZ Web",
            _ => "LAN to Internet",
        },
    );
    if let Some(user) = flow.user {
        fields.str(quoted!("user"), user);
    }
    fields.str(quoted!("service"), service.service);
    if inbound {
        fields.str(quoted!("trandisp"), "dnat");
        fields.ipv4(bare!("tranip"), flow.dstip);
        fields.int(bare!("tranport"), service.port);
    } else {
        fields.str(quoted!("trandisp"), "snat");
        fields.ipv4(bare!("transip"), flow.nat);
        fields.int(bare!("transport"), ctx.rng.range(1_024, 65_535) as i64);
    }
    if action != "deny" {
        fields.int(bare!("appid"), service.appid);
        fields.str(quoted!("app"), service.app);
        fields.str(quoted!("appcat"), service.appcat);
        fields.str(quoted!("apprisk"), service.apprisk);
        fields.str(quoted!("applist"), "default");
    }
    // Packets and bytes per packet of each direction. A DNS or NTP exchange is a query and an
    // answer or two of about a hundred bytes. The UDP session stays open until its timeout.
    let (sent, received, duration, sent_size, received_size) = if action == "deny" {
        (1, 0, 0, ctx.rng.range(60, 600) as i64, 0)
    } else {
        match service.service {
            "DNS" => (
                ctx.rng.range(1, 3) as i64,
                ctx.rng.range(1, 3) as i64,
                ctx.rng.range(1, 180) as i64,
                ctx.rng.range(60, 90) as i64,
                ctx.rng.range(80, 300) as i64,
            ),
            "NTP" => (1, 1, ctx.rng.range(1, 180) as i64, 76, 76),
            _ => (
                ctx.rng.range(3, 400) as i64,
                ctx.rng.range(2, 900) as i64,
                ctx.rng.range(1, 600) as i64,
                ctx.rng.range(60, 600) as i64,
                ctx.rng.range(60, 1_400) as i64,
            ),
        }
    };
    fields.int(bare!("duration"), duration);
    fields.int(bare!("sentbyte"), sent * sent_size);
    fields.int(bare!("rcvdbyte"), received * received_size);
    fields.int(bare!("sentpkt"), sent);
    fields.int(bare!("rcvdpkt"), received);
    if action != "deny" {
        fields.str(quoted!("utmaction"), "allow");
        fields.int(bare!("countapp"), 1);
    }
}

fn fill_utm(ctx: &mut GenContext<'_>, fields: &mut Pairs<'_>, kind: usize) {
    let world = ctx.world;
    let domain = ctx.rng.pick(&world.external_domains).as_str();
    let sessionid = ctx.rng.range(100_000, 4_000_000_000) as i64;
    match kind {
        UTM_WEBFILTER => {
            let blocked = ctx.rng.chance(80);
            let (logid, eventtype, level) = if blocked {
                ("0316013056", "ftgd_blk", "warning")
            } else {
                ("0317013312", "ftgd_allow", "notice")
            };
            fill_head(fields, logid, "utm", "webfilter", Some(eventtype), level);
            let flow = draw_flow(ctx, false);
            fields.int(bare!("policyid"), 3);
            put_policy_uuid(ctx, fields, 3);
            fields.str(quoted!("policytype"), "policy");
            fields.int(bare!("sessionid"), sessionid);
            put_flow(fields, &flow, 443);
            fields.int(bare!("proto"), 6);
            fields.str(quoted!("service"), "HTTPS");
            fields.str(quoted!("hostname"), domain);
            if let Some(user) = flow.user {
                fields.str(quoted!("user"), user);
            }
            fields.str(quoted!("profile"), "default");
            fields.str(quoted!("action"), if blocked { "blocked" } else { "passthrough" });
            fields.str(quoted!("reqtype"), "direct");
            fields.str(
                quoted!("url"),
                ctx.rng
                    .pick_str(&["/", "/login", "/api/v1/session", "/assets/main.js", "/docs/view"]),
            );
            fields.int(bare!("sentbyte"), ctx.rng.range(300, 4_000) as i64);
            fields.int(bare!("rcvdbyte"), if blocked { 0 } else { ctx.rng.range(1_000, 90_000) as i64 });
            fields.str(quoted!("direction"), "outgoing");
            let (category, description) = if blocked {
                *ctx.rng.pick(BLOCKED_CATEGORIES)
            } else {
                *ctx.rng.pick_weighted(WEB_CATEGORIES)
            };
            fields.str(
                quoted!("msg"),
                if blocked {
                    "URL belongs to a denied category in policy"
                } else {
                    "URL belongs to an allowed category in policy"
                },
            );
            fields.str(quoted!("method"), "domain");
            fields.int(bare!("cat"), category);
            fields.str(quoted!("catdesc"), description);
        }
        UTM_APP_CTRL => {
            let service = &SERVICES[ctx.rng.index(2)].0;
            let blocked = ctx.rng.chance(100);
            fill_head(
                fields,
                "1059028704",
                "utm",
                "app-ctrl",
                Some("signature"),
                if blocked { "warning" } else { "information" },
            );
            let flow = draw_flow(ctx, false);
            let (app, appid, appcat, risk) = if blocked {
                *ctx.rng.pick(&[
                    ("BitTorrent", 10015, "P2P", "high"),
                    ("Tor", 16309, "Proxy", "critical"),
                    ("Proxy.Websites", 16034, "Proxy", "high"),
                ])
            } else {
                *ctx.rng.pick(&[
                    ("Microsoft.Office.365", 41469, "Collaboration", "medium"),
                    ("Google.Services", 16885, "General.Interest", "medium"),
                    ("Slack", 35032, "Collaboration", "elevated"),
                    (service.app, service.appid, service.appcat, service.apprisk),
                ])
            };
            fields.int(bare!("appid"), appid);
            fields.ipv4(bare!("srcip"), flow.srcip);
            fields.ipv4(bare!("dstip"), flow.dstip);
            fields.int(bare!("srcport"), flow.srcport);
            fields.int(bare!("dstport"), service.port);
            fields.str(quoted!("srcintf"), flow.srcintf);
            fields.str(quoted!("srcintfrole"), flow.srcintfrole);
            fields.str(quoted!("dstintf"), flow.dstintf);
            fields.str(quoted!("dstintfrole"), flow.dstintfrole);
            fields.int(bare!("proto"), 6);
            fields.str(quoted!("service"), service.service);
            fields.str(quoted!("direction"), "outgoing");
            fields.int(bare!("policyid"), 3);
            fields.int(bare!("sessionid"), sessionid);
            fields.str(quoted!("applist"), "default");
            fields.str(quoted!("appcat"), appcat);
            fields.str(quoted!("app"), app);
            fields.str(quoted!("action"), if blocked { "block" } else { "pass" });
            fields.str(quoted!("hostname"), domain);
            fields.int(bare!("incidentserialno"), ctx.rng.range(100_000_000, 2_000_000_000) as i64);
            fields.str(quoted!("url"), "/");
            fields.with(quoted!("msg"), |out| {
                out.push_str(appcat);
                out.push_str(": ");
                out.push_str(app);
                out.push(',');
            });
            fields.str(quoted!("apprisk"), risk);
        }
        UTM_IPS => {
            let (attack, attackid, severity) = *ctx.rng.pick(IPS_SIGNATURES);
            fill_head(fields, "0419016384", "utm", "ips", Some("signature"), "alert");
            fields.str(quoted!("severity"), severity);
            let inbound = ctx.rng.chance(700);
            let flow = draw_flow(ctx, inbound);
            let dstport = if attack.starts_with("SSH") { 22 } else { 443 };
            fields.ipv4(bare!("srcip"), flow.srcip);
            fields.str(quoted!("srccountry"), if inbound { ctx.rng.pick_str(COUNTRIES) } else { "Reserved" });
            fields.ipv4(bare!("dstip"), flow.dstip);
            fields.str(quoted!("srcintf"), flow.srcintf);
            fields.str(quoted!("srcintfrole"), flow.srcintfrole);
            fields.str(quoted!("dstintf"), flow.dstintf);
            fields.str(quoted!("dstintfrole"), flow.dstintfrole);
            fields.int(bare!("sessionid"), sessionid);
            fields.str(quoted!("action"), if severity == "medium" { "detected" } else { "dropped" });
            fields.int(bare!("proto"), 6);
            fields.str(quoted!("service"), if dstport == 22 { "SSH" } else { "HTTPS" });
            fields.int(bare!("policyid"), if inbound { 12 } else { 3 });
            fields.str(quoted!("attack"), attack);
            fields.int(bare!("srcport"), flow.srcport);
            fields.int(bare!("dstport"), dstport);
            fields.str(quoted!("direction"), if inbound { "outgoing" } else { "incoming" });
            fields.int(bare!("attackid"), attackid);
            fields.str(quoted!("profile"), "protect_http_server");
            fields.with(quoted!("ref"), |out| {
                out.push_str("http://www.fortinet.com/ids/VID");
                push_i64(out, attackid);
            });
            fields.int(bare!("incidentserialno"), ctx.rng.range(100_000_000, 2_000_000_000) as i64);
            fields.with(quoted!("msg"), |out| {
                out.push_str("web_server: ");
                out.push_str(attack);
                out.push(',');
            });
            fields.int(bare!("crscore"), if severity == "critical" { 50 } else { 30 });
            fields.int(bare!("craction"), 4096);
            fields.str(quoted!("crlevel"), severity);
        }
        _ => {
            let (virus, virusid, file) = *ctx.rng.pick(VIRUSES);
            fill_head(fields, "0211008192", "utm", "virus", Some("infected"), "warning");
            let flow = draw_flow(ctx, false);
            fields.str(quoted!("msg"), "File is infected.");
            fields.str(quoted!("action"), "blocked");
            fields.str(quoted!("service"), "HTTPS");
            fields.int(bare!("sessionid"), sessionid);
            fields.ipv4(bare!("srcip"), flow.dstip);
            fields.ipv4(bare!("dstip"), flow.srcip);
            fields.int(bare!("srcport"), 443);
            fields.int(bare!("dstport"), flow.srcport);
            fields.str(quoted!("srcintf"), flow.dstintf);
            fields.str(quoted!("srcintfrole"), flow.dstintfrole);
            fields.str(quoted!("dstintf"), flow.srcintf);
            fields.str(quoted!("dstintfrole"), flow.srcintfrole);
            fields.int(bare!("policyid"), 3);
            fields.int(bare!("proto"), 6);
            fields.str(quoted!("direction"), "incoming");
            fields.str(quoted!("filename"), file);
            fields.str(quoted!("quarskip"), "File-was-not-quarantined");
            fields.str(quoted!("virus"), virus);
            fields.str(quoted!("dtype"), "av-engine");
            fields.with(quoted!("ref"), |out| {
                out.push_str("http://www.fortinet.com/ve?vn=");
                out.push_str(virus);
            });
            fields.int(bare!("virusid"), virusid);
            fields.with(quoted!("url"), |out| {
                out.push_str("https://");
                out.push_str(domain);
                out.push_str("/download/");
                out.push_str(file);
            });
            fields.str(quoted!("profile"), "default");
            if let Some(user) = flow.user {
                fields.str(quoted!("user"), user);
            }
            fields.str(
                quoted!("agent"),
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            );
            fields.with(quoted!("analyticscksum"), |out| ctx.rng.hex_into(out, 64));
            fields.str(quoted!("analyticssubmit"), "false");
            fields.int(bare!("crscore"), 50);
            fields.int(bare!("craction"), 2);
            fields.str(quoted!("crlevel"), "critical");
        }
    }
}

/// Appends `name(address)`, the form of the FortiOS `ui` and `authproto` values.
fn push_call(out: &mut String, name: &str, address: Ipv4Addr) {
    out.push_str(name);
    out.push('(');
    push_ipv4(out, address);
    out.push(')');
}

const CONFIG_CHANGES: &[(&str, &str, &str, &str)] = &[
    ("Edit", "firewall.policy", "3", "action[accept->deny]"),
    ("Add", "firewall.address", "srv-web-02", "subnet[10.30.0.12 255.255.255.255]"),
    ("Delete", "firewall.policy", "17", ""),
    ("Edit", "system.admin", "netops", "accprofile[prof_admin->super_admin]"),
];

/// Returns the built-in `admin` or one of the first eight administrators of the world.
fn admin_name<'w>(ctx: &mut GenContext<'w>) -> &'w str {
    let world = ctx.world;
    let mut admins = [""; 8];
    let mut count = 0;
    for (slot, user) in admins.iter_mut().zip(world.users.iter().filter(|u| u.admin)) {
        *slot = user.username.as_str();
        count += 1;
    }
    if count == 0 || ctx.rng.chance(300) {
        "admin"
    } else {
        ctx.rng.pick_str(&admins[..count])
    }
}

fn fill_event_system(ctx: &mut GenContext<'_>, fields: &mut Pairs<'_>) {
    let world = ctx.world;
    let admin = admin_name(ctx);
    let client = world.workstation_of(ctx.rng.index(world.users.len())).ip;
    let firewall_ip = *ctx.rng.pick(&world.nat_addresses);
    let method = *ctx.rng.pick_weighted(&[("https", 70), ("ssh", 30)]);
    match ctx.rng.weighted(&[55, 15, 30]) {
        0 => {
            fill_head(fields, "0100032001", "event", "system", None, "information");
            fields.str(quoted!("logdesc"), "Admin login successful");
            let secs = ctx.time.secs();
            fields.with(quoted!("sn"), |out| push_i64(out, secs));
            fields.str(quoted!("user"), admin);
            fields.with(quoted!("ui"), |out| push_call(out, method, client));
            fields.str(quoted!("method"), method);
            fields.ipv4(bare!("srcip"), client);
            fields.ipv4(bare!("dstip"), firewall_ip);
            fields.str(quoted!("action"), "login");
            fields.str(quoted!("status"), "success");
            fields.str(quoted!("reason"), "none");
            fields.str(quoted!("profile"), "super_admin");
            fields.with(quoted!("msg"), |out| {
                out.push_str("Administrator ");
                out.push_str(admin);
                out.push_str(" logged in successfully from ");
                push_call(out, method, client);
            });
        }
        1 => {
            fill_head(fields, "0100032002", "event", "system", None, "alert");
            fields.str(quoted!("logdesc"), "Admin login failed");
            fields.str(quoted!("sn"), "0");
            fields.str(quoted!("user"), admin);
            fields.with(quoted!("ui"), |out| push_call(out, method, client));
            fields.str(quoted!("method"), method);
            fields.ipv4(bare!("srcip"), client);
            fields.ipv4(bare!("dstip"), firewall_ip);
            fields.str(quoted!("action"), "login");
            fields.str(quoted!("status"), "failed");
            fields.str(quoted!("reason"), "passwd_invalid");
            fields.with(quoted!("msg"), |out| {
                out.push_str("Administrator ");
                out.push_str(admin);
                out.push_str(" login failed from ");
                push_call(out, method, client);
                out.push_str(" because of invalid password");
            });
        }
        _ => {
            let (action, path, object, attributes) = *ctx.rng.pick(CONFIG_CHANGES);
            fill_head(fields, "0100044547", "event", "system", None, "information");
            fields.str(quoted!("logdesc"), "Object attribute configured");
            fields.str(quoted!("user"), admin);
            fields.with(quoted!("ui"), |out| push_call(out, "GUI", client));
            fields.str(quoted!("action"), action);
            fields.int(bare!("cfgtid"), ctx.rng.range(100_000_000, 2_000_000_000) as i64);
            fields.str(quoted!("cfgpath"), path);
            fields.str(quoted!("cfgobj"), object);
            if !attributes.is_empty() {
                fields.str(quoted!("cfgattr"), attributes);
            }
            fields.with(quoted!("msg"), |out| {
                out.push_str(action);
                out.push(' ');
                out.push_str(path);
                out.push(' ');
                out.push_str(object);
            });
        }
    }
}

fn fill_event_vpn(ctx: &mut GenContext<'_>, fields: &mut Pairs<'_>) {
    // Remote users are one employee in eight, each with a home address of their own.
    let world = ctx.world;
    let user_index = ctx.rng.index(world.users.len().div_ceil(8)) * 8;
    let mut user_rng = StreamKey::new(fnv1a(world.domain_sid.as_bytes()), "fortinet_fortigate/vpn").event(user_index as u64);
    let user = world.users[user_index].username.as_str();
    let remip = *user_rng.pick(&world.external_addresses);
    let tunnelip = Ipv4Addr::new(10, 212, 134, user_rng.range(2, 250) as u8);
    let tunnelid = ctx.rng.range(100_000_000, 2_000_000_000) as i64;
    match ctx.rng.weighted(&[45, 40, 15]) {
        0 => {
            let tunnel = Tunnel { id: tunnelid, remote: remip, address: tunnelip, user };
            fill_tunnel(fields, "0101039947", "SSL VPN tunnel up", "tunnel-up", &tunnel);
            fields.str(quoted!("reason"), "tunnel established");
            fields.str(quoted!("msg"), "SSL tunnel established");
        }
        1 => {
            let tunnel = Tunnel { id: tunnelid, remote: remip, address: tunnelip, user };
            fill_tunnel(fields, "0101039948", "SSL VPN tunnel down", "tunnel-down", &tunnel);
            fields.int(bare!("duration"), ctx.rng.range(300, 30_000) as i64);
            fields.int(bare!("sentbyte"), ctx.rng.range(100_000, 900_000_000) as i64);
            fields.int(bare!("rcvdbyte"), ctx.rng.range(100_000, 300_000_000) as i64);
            fields.str(quoted!("reason"), "user-logout");
            fields.str(quoted!("msg"), "SSL tunnel shutdown");
        }
        _ => {
            fill_head(fields, "0101039426", "event", "vpn", None, "alert");
            fields.str(quoted!("logdesc"), "SSL VPN login fail");
            fields.str(quoted!("action"), "ssl-login-fail");
            fields.str(quoted!("tunneltype"), "ssl-web");
            fields.int(bare!("tunnelid"), 0);
            // Half of the failed logins come from another address, as password sprays do.
            let source = if ctx.rng.chance(500) {
                remip
            } else {
                *ctx.rng.pick(&world.external_addresses)
            };
            fields.ipv4(bare!("remip"), source);
            fields.str(quoted!("user"), user);
            fields.str(quoted!("group"), "N/A");
            fields.str(quoted!("dst_host"), "N/A");
            fields.str(
                quoted!("reason"),
                ctx.rng.pick_str(&[
                    "sslvpn_login_permission_denied",
                    "sslvpn_login_unknown_user",
                    "sslvpn_login_cert_checked_error",
                ]),
            );
            fields.str(quoted!("msg"), "SSL user failed to logged in");
        }
    }
}

/// The SSL VPN tunnel of one user session.
struct Tunnel<'a> {
    id: i64,
    /// The client's public address.
    remote: Ipv4Addr,
    /// The address the tunnel gives the client.
    address: Ipv4Addr,
    user: &'a str,
}

/// Writes the fields that the tunnel-up and tunnel-down events share, in FortiOS order.
fn fill_tunnel(fields: &mut Pairs<'_>, logid: &str, logdesc: &str, action: &str, tunnel: &Tunnel<'_>) {
    fill_head(fields, logid, "event", "vpn", None, "information");
    fields.str(quoted!("logdesc"), logdesc);
    fields.str(quoted!("action"), action);
    fields.str(quoted!("tunneltype"), "ssl-tunnel");
    fields.int(bare!("tunnelid"), tunnel.id);
    fields.ipv4(bare!("remip"), tunnel.remote);
    fields.ipv4(bare!("tunnelip"), tunnel.address);
    fields.str(quoted!("user"), tunnel.user);
    fields.str(quoted!("group"), "SSLVPN-Users");
    fields.str(quoted!("dst_host"), "N/A");
}

fn fill_event_user(ctx: &mut GenContext<'_>, fields: &mut Pairs<'_>) {
    let world = ctx.world;
    let user_index = ctx.rng.index(world.users.len());
    let user = world.users[user_index].username.as_str();
    let srcip = world.workstation_of(user_index).ip;
    let server = ctx.rng.pick(world.servers()).ip;
    let success = ctx.rng.chance(850);
    let (logid, logdesc, level) = if success {
        ("0102043008", "Authentication success", "notice")
    } else {
        ("0102043009", "Authentication failed", "warning")
    };
    fill_head(fields, logid, "event", "user", None, level);
    fields.str(quoted!("logdesc"), logdesc);
    fields.ipv4(bare!("srcip"), srcip);
    fields.ipv4(bare!("dstip"), server);
    fields.int(bare!("policyid"), 7);
    fields.str(quoted!("interface"), "port2");
    fields.str(quoted!("user"), user);
    fields.str(quoted!("group"), "FSSO-Staff");
    fields.with(quoted!("authproto"), |out| push_call(out, "HTTPS", srcip));
    fields.str(quoted!("action"), "authentication");
    fields.str(quoted!("status"), if success { "success" } else { "failure" });
    fields.str(quoted!("reason"), if success { "N/A" } else { "invalid username/password" });
    fields.with(quoted!("msg"), |out| {
        out.push_str("User ");
        out.push_str(user);
        out.push_str(if success { " succeeded in" } else { " failed in" });
        out.push_str(" authentication");
    });
}

// ----------------------------------------------------------------------------------------------
// Writing
// ----------------------------------------------------------------------------------------------

/// Bytes a quoted value cannot hold as they are: `"` and `\`, and ASCII control characters
/// other than tab.
const QUOTED_SPECIAL: AsciiSet = AsciiSet::of(b"\"\\\x7f").with_range(0, 0x1f).without(b'\t');

/// Returns true for the bytes of [`QUOTED_SPECIAL`], for tab and for the bytes of multi-byte
/// characters, as comparisons the compiler can vectorize. The extra bytes make the test cheaper
/// (a range test for DEL and above takes about half the instructions per block of a test for DEL alone), and
/// [`write_quoted`] copies them as they are.
fn is_quoted_special_or_tab(byte: u8) -> bool {
    // One range test covers the control characters below space and the bytes above `~`.
    (byte.wrapping_sub(b' ') > b'~' - b' ') | (byte == b'"') | (byte == b'\\')
}

/// Appends a value between double quotes, escaping `"` and `\` with a backslash and writing
/// control characters other than tab as spaces.
fn write_quoted(out: &mut String, value: &str) {
    out.push('"');
    write_escaped_ascii(out, value, &QUOTED_SPECIAL, |out, byte| {
        if byte == b'"' || byte == b'\\' {
            out.push('\\');
            out.push(char::from(byte));
        } else {
            out.push(' ');
        }
    });
    out.push('"');
}

/// Appends the fields as FortiOS key=value pairs.
fn write_kv(fields: &Fields, out: &mut String) {
    // One scan of the value buffer finds the few values to escape.
    let mut scan = EscapeScan::new(fields.text(), is_quoted_special_or_tab);
    // Every pair is followed by a space, and the space after the last pair is dropped, which
    // spares a test for the first pair and lets a closing quote and its space be one copy.
    let start = out.len();
    for (name, kind, value) in fields.iter() {
        push_short(out, name);
        if kind == Kind::Num || (is_bare_text(name) && !bare_needs_quotes(value)) {
            out.push('=');
            push_short(out, value);
            out.push(' ');
        } else if scan.needs_escape(value) {
            out.push('=');
            write_quoted(out, value);
            out.push(' ');
        } else {
            out.push_str("=\"");
            push_short(out, value);
            out.push_str("\" ");
        }
    }
    if out.len() > start {
        out.pop();
    }
}

/// Appends the fields as [`write_kv`] does, copying them from the value buffer that [`Pairs`]
/// filled. Returns false, having appended nothing, in three cases. An override moved a value
/// (it appends the new value at the end of the buffer), `fill` quoted a value differently
/// from [`write_kv`], or a value contains a byte that [`write_kv`] escapes.
fn append_filled_pairs(out: &mut String, fields: &Fields) -> bool {
    let text = fields.text();

    // Every value must sit where `fill` put it, right after its key. Before the key comes the
    // closing quote of a quoted value, and the key is a space, `name=` and, for a quoted value,
    // the opening quote. Values only move to the end of the buffer, so a value in its place
    // means that the text before it is its key.
    let mut end = 0;
    let mut previous_quoted = false;
    let mut quoted_values = 0;
    for (name, kind, start, value_end) in fields.spans() {
        let quoted = kind != Kind::Num && !(is_bare_text(name) && text.get(start..value_end).is_some_and(|value| !bare_needs_quotes(value)));
        let expected = end + usize::from(previous_quoted) + name.len() + 2 + usize::from(quoted);
        if start != expected {
            return false;
        }
        end = value_end;
        previous_quoted = quoted;
        quoted_values += usize::from(quoted);
    }
    end += usize::from(previous_quoted);
    if fields.is_empty() || end != text.len() {
        return false;
    }
    // The first key opens with a space that the line does not have.
    let Some(pairs) = text.get(1..end) else {
        return false;
    };

    // Each quoted value has two quotes around it and the keys have none, so any other quote is
    // in a value. The other bytes that `write_quoted` escapes are `\` and control characters.
    let (quotes, suspects) = scan_quotes(pairs.as_bytes(), may_need_escape);
    if quotes != 2 * quoted_values || !suspects.is_empty() {
        return false;
    }
    out.push_str(pairs);
    true
}

/// Returns true for a byte other than `"` that [`write_quoted`] escapes (`\` or a control
/// character other than tab), for a tab and for any byte from DEL up. Adding 1 moves DEL to
/// 0x80, so one signed comparison finds the bytes below space and the bytes from DEL up.
fn may_need_escape(byte: u8) -> bool {
    ((byte.wrapping_add(1) as i8) < b'!' as i8) | (byte == b'\\')
}

/// Appends `text`, copying text of up to 16 bytes with a copy of constant length. The compiler
/// writes such a copy as one or two moves, where `push_str` of a length known only at run
/// time calls `memcpy`. Most names and values of a FortiOS log are that short.
#[inline(always)]
fn push_short(out: &mut String, text: &str) {
    macro_rules! by_length {
        ($($length:literal)*) => {
            match text.len() {
                // The slice is the whole text, so its length is the constant of the arm.
                $($length => out.push_str(&text[..$length]),)*
                _ => out.push_str(text),
            }
        };
    }
    by_length!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)
}

/// Returns true when a date, time or address must be quoted after all. It stays out of line
/// because its vector constants, inlined into [`write_kv`], were loaded again after every
/// copy of every field.
#[inline(never)]
fn bare_needs_quotes(value: &str) -> bool {
    // Dates, times and addresses are short ASCII text that a block compare clears at once.
    // Only text with a byte that could need quotes (space, control, `=`, `"` or a byte of a
    // multi-byte character) goes through the full check.
    let suspect = |byte: u8| (byte <= b' ') | (byte == b'=') | (byte == b'"') | (byte >= 0x7f);
    value.is_empty() || (any_byte(value.as_bytes(), suspect) && kv::needs_quotes(value, ' '))
}

/// FortiOS fields with a CEF key of their own; every other field is written `FTNTFGT<name>`.
const CEF_KEYS: &[(&str, &str)] = &[
    ("devid", "deviceExternalId"),
    ("devname", "dvchost"),
    ("srcip", "src"),
    ("dstip", "dst"),
    ("srcport", "spt"),
    ("dstport", "dpt"),
    ("srcintf", "deviceInboundInterface"),
    ("dstintf", "deviceOutboundInterface"),
    ("sessionid", "externalId"),
    ("proto", "proto"),
    ("action", "act"),
    ("service", "app"),
    ("user", "duser"),
    ("user", "suser"),
    ("transip", "sourceTranslatedAddress"),
    ("transport", "sourceTranslatedPort"),
    ("tranip", "destinationTranslatedAddress"),
    ("tranport", "destinationTranslatedPort"),
    ("msg", "msg"),
    ("filename", "fname"),
    ("url", "request"),
    ("hostname", "dhost"),
    ("sentbyte", "out"),
    ("rcvdbyte", "in"),
    ("agent", "requestClientApplication"),
    ("reason", "reason"),
    ("ui", "sproc"),
];

/// Appends the fields as FortiGate CEF: the header names the log id, category and action,
/// `cat` carries `type:subtype`, and `start` carries the date and time.
fn write_cef(fields: &Fields, out: &mut String) {
    let get = |name| fields.get(name).unwrap_or("");
    let logid = get("logid");
    // The class id is the last five characters of the log id.
    let class_start = logid.char_indices().rev().nth(4).map_or(0, |(at, _)| at);
    let class_id = &logid[class_start..];
    let mut category = String::with_capacity(32);
    category.push_str(get("type"));
    category.push(':');
    category.push_str(get("subtype"));
    let mut name = String::with_capacity(64);
    name.push_str(&category);
    for part in [fields.get("eventtype"), fields.get("action")].into_iter().flatten() {
        name.push(' ');
        name.push_str(part);
    }
    let header = cef::Header {
        version: 0,
        device_vendor: "Fortinet",
        device_product: "Fortigate",
        device_version: "v7.4.3",
        device_event_class_id: class_id,
        name: &name,
        severity: cef_severity(get("level")),
    };
    let start = match (fields.get("date"), fields.get("time")) {
        (Some(date), Some(time)) => {
            let mut text = String::with_capacity(date.len() + time.len() + 1);
            text.push_str(date);
            text.push('T');
            text.push_str(time);
            parse_rfc3339(&text).ok().map(|time| {
                let mut start = String::with_capacity(20);
                time.write_bsd_year(&mut start, 0);
                start
            })
        }
        _ => None,
    };

    // All keys go into one buffer, addressed by byte ranges, so that the `FTNTFGT` names do not
    // cost one allocation each.
    let mut key_text = String::with_capacity(fields.len() * 16);
    let mut spans: Vec<(usize, usize, &str)> = Vec::with_capacity(fields.len() + 1);
    if let Some(start) = &start {
        key_text.push_str("start");
        spans.push((0, key_text.len(), start.as_str()));
    }
    for (field, _, value) in fields.iter() {
        let key_start = key_text.len();
        match field {
            "date" | "time" => continue,
            "type" => {
                key_text.push_str("cat");
                spans.push((key_start, key_text.len(), category.as_str()));
                continue;
            }
            _ => {}
        }
        match CEF_KEYS.iter().find(|(native, _)| *native == field) {
            Some((_, key)) => key_text.push_str(key),
            None => {
                key_text.push_str("FTNTFGT");
                key_text.push_str(field);
            }
        }
        spans.push((key_start, key_text.len(), value));
    }
    let extension: Vec<(&str, &str)> = spans.iter().map(|&(from, to, value)| (&key_text[from..to], value)).collect();
    cef::write(out, &header, &extension);
}

// ----------------------------------------------------------------------------------------------
// Reading
// ----------------------------------------------------------------------------------------------

/// Stores one field: integers of numeric fields as numbers, everything else as text.
fn put(fields: &mut FieldMap, name: &str, value: &str) {
    let value = trim_value(value);
    match KEYS.find(name) {
        Some(known) => fields.insert(known.name, typed(value, known.group == NUMERIC)),
        None => fields.insert(name.to_string(), typed(value, false)),
    };
}

/// Returns the value without spaces around it.
fn trim_value(value: &str) -> &str {
    // Values rarely have spaces around them, so checking the two end bytes first saves decoding
    // the text.
    let bytes = value.as_bytes();
    let untrimmed = |byte: Option<&u8>| byte.is_some_and(|byte| byte.is_ascii() && *byte > b' ');
    if bytes.is_empty() || (untrimmed(bytes.first()) && untrimmed(bytes.last())) {
        value
    } else {
        value.trim()
    }
}

/// Returns the value of a field: an integer for a numeric field whose text is one, else text.
fn typed(value: &str, numeric: bool) -> Value {
    if numeric {
        if let Ok(number) = value.parse::<i64>() {
            return Value::from(number);
        }
        if let Ok(number) = value.parse::<u64>() {
            return Value::from(number);
        }
    }
    Value::String(value.to_string())
}

/// Returns the value of a field as [`typed`] does, with text left for the map to keep.
fn typed_field(value: &str, numeric: bool) -> FieldValue<'_> {
    if numeric {
        // Fast path for the usual value, up to 19 digits such as the nanoseconds of
        // `eventtime`: it fits a u64 without an overflow check and gives the same number as
        // `parse::<i64>`, or as `parse::<u64>` above i64::MAX.
        if (1..=19).contains(&value.len()) {
            let digits = value.bytes().try_fold(0u64, |number, byte| {
                let digit = byte.wrapping_sub(b'0');
                (digit <= 9).then(|| number * 10 + u64::from(digit))
            });
            if let Some(number) = digits {
                return FieldValue::Value(Value::from(number));
            }
        }
        if let Ok(number) = value.parse::<i64>() {
            return FieldValue::Value(Value::from(number));
        }
        if let Ok(number) = value.parse::<u64>() {
            return FieldValue::Value(Value::from(number));
        }
    }
    FieldValue::Text(value)
}

/// Skips a PRI and a relay's BSD header before the first `key=`.
fn body_start(line: &str) -> Result<usize, ParseError> {
    let mut at = 0;
    if line.starts_with('<') {
        let close = line
            .bytes()
            .take(5)
            .position(|b| b == b'>')
            .ok_or_else(|| ParseError::new(0, "'<' opens a PRI that is not closed by '>'"))?;
        let digits = &line[1..close];
        match digits.parse::<u16>() {
            Ok(value) if value <= 191 => at = close + 1,
            _ => return Err(ParseError::new(1, format!("PRI '{digits}' is not a number from 0 to 191"))),
        }
    }
    // The pairs begin at the first `word=`; a relay's `Mmm dd hh:mm:ss host` comes before it.
    let rest = &line[at..];
    let Some(equals) = rest.find('=') else {
        return Err(ParseError::new(
            at,
            "no key=value pair: expected FortiOS fields such as logid=\"0000000013\"",
        ));
    };
    let key_start = rest[..equals].rfind([' ', ',', '\t']).map_or(0, |i| i + 1);
    Ok(at + key_start)
}

fn parse_kv(line: &str) -> Result<Parsed, ParseError> {
    let start = body_start(line)?;
    let body = &line[start..];
    // Both comma tests need a comma; a byte search for one is cheaper than the substring ones.
    let comma_separated =
        memchr::memchr(b',', body.as_bytes()).is_some() && (!body.contains("\" ") && body.contains(",time=") || body.contains(",logid="));
    let separator = if comma_separated {
        ','
    } else {
        ' '
    };
    let fields = match read_pairs(line, body, separator) {
        Ok(fields) => fields,
        // A relay that cuts long lines (1024 bytes is a common syslog limit) leaves the last
        // quoted value open. Closing it keeps the pairs before the cut, and the cut value stays
        // shortened.
        Err(err) if cut_in_last_quote(body, err.offset) => {
            let closed = format!("{body}\"");
            read_pairs(line, &closed, separator).map_err(|err| ParseError::new(start + err.offset, err.reason))?
        }
        Err(err) => return Err(ParseError::new(start + err.offset, err.reason)),
    };
    // The parser stores these names as text, which `column_str` reads.
    let has = |column| fields.column_str(column).is_some();
    let fortios = has(key!("type")) && (has(key!("logid")) || has(key!("subtype")));
    if !fortios {
        return Err(ParseError::new(
            start,
            "key=value pairs without type and logid or subtype: not a FortiOS log",
        ));
    }
    let text = |column| fields.column_str(column).unwrap_or("");
    Ok(Parsed {
        variant: variant_of(text(key!("type")), text(key!("subtype")), false),
        fields,
    })
}

/// Reads the pairs of `body`, the key=value part of `line` or a copy of it, into a new map.
/// Values borrowed from `line` stay ranges of the map's copy of it.
fn read_pairs(line: &str, body: &str, separator: char) -> Result<FieldMap, ParseError> {
    let keys = &*KEYS;
    // FortiOS pairs take about 20 bytes, so the estimate leaves room without growing the map.
    let mut fields = FieldMap::with_names(body.len() / 16 + 1, line, keys);
    let mut seen = SeenNames::default();
    kv::parse_each(body, separator, |key, value| {
        let value = trim_value(&value);
        seen.put(&mut fields, keys, key, |group| typed_field(value, group == Some(NUMERIC)));
    })?;
    Ok(fields)
}

/// True when `offset` is an opening quote after `key=` with no other quote after it, which is
/// how a line cut inside its last quoted value ends.
fn cut_in_last_quote(body: &str, offset: usize) -> bool {
    let opens_value = body.as_bytes().get(offset) == Some(&b'"') && offset > 0 && body.as_bytes()[offset - 1] == b'=';
    opens_value && !body[offset + 1..].contains('"')
}

/// Reads a FortiOS CEF event; a date field without a year takes `year`.
fn parse_cef(line: &str, at: usize, year: i32) -> Result<Parsed, ParseError> {
    // Some collectors drop the `CEF:` marker and keep `0|Fortinet|...`.
    let owned;
    let line = if line[at..].starts_with("CEF:") {
        line
    } else {
        owned = format!("{}CEF:{}", &line[..at], &line[at..]);
        owned.as_str()
    };
    let event = cef::parse(line)?;
    if !event.device_vendor.eq_ignore_ascii_case("Fortinet") {
        return Err(ParseError::new(
            at,
            format!("CEF event from '{}', not from Fortinet", event.device_vendor),
        ));
    }
    let mut fields = FieldMap::new();
    // The instant of the last `start` or `rt` when it is epoch milliseconds or names its zone.
    let mut epoch_time = None;
    for (key, value) in &event.extension {
        let key = *key;
        if key.ends_with("Label") {
            continue;
        }
        if let Some(native) = key.strip_prefix("FTNTFGT").or_else(|| key.strip_prefix("FortinetFortiGate")) {
            if !native.is_empty() && !fields.contains_key(native) {
                put(&mut fields, native, value);
            }
            continue;
        }
        match key {
            "cat" => {
                let (log_type, subtype) = value.split_once(':').unwrap_or((value.as_ref(), ""));
                put(&mut fields, "type", log_type);
                if !subtype.is_empty() && !fields.contains_key("subtype") {
                    put(&mut fields, "subtype", subtype);
                }
            }
            "start" | "rt" => {
                let (time, instant) = match cef::parse_time(value, year) {
                    Ok(cef::Time::Instant(time)) => (time, true),
                    Ok(cef::Time::WallClock(time)) => (time, false),
                    Err(err) => {
                        return Err(ParseError::new(at, format!("{key} '{value}' is not a CEF time: {}", err.reason)));
                    }
                };
                put(&mut fields, "date", &write_date(time));
                put(&mut fields, "time", &write_clock(time));
                epoch_time = instant.then_some(time);
            }
            "deviceSeverity" => put(&mut fields, "level", value),
            "outcome" => put(&mut fields, "status", value),
            "cnt" => put(&mut fields, "count", value),
            _ => match CEF_KEYS.iter().find(|(_, cef_key)| *cef_key == key) {
                Some((native, _)) => put(&mut fields, native, value),
                None if !fields.contains_key(key) => put(&mut fields, key, value),
                None => {}
            },
        }
    }
    // Custom label pairs of older releases (`cs1Label=Virus cs1=...`).
    for (label, native) in [("Virus", "virus"), ("Reference", "ref"), ("Policy Id", "policyid")] {
        if let Some(value) = event.custom(label) {
            put(&mut fields, native, value);
        }
    }
    // Without `cat`, the header name starts with `type:subtype`.
    if !fields.contains_key("type") {
        if let Some((log_type, subtype)) = event.name.split(' ').next().and_then(|category| category.split_once(':')) {
            put(&mut fields, "type", log_type);
            if !fields.contains_key("subtype") {
                put(&mut fields, "subtype", subtype);
            }
        }
    }
    if let Some(time) = epoch_time {
        put_epoch_date_time(&mut fields, time);
    }
    fields.insert("format", Value::String("cef".into()));
    if !fields.contains_key("type") {
        return Err(ParseError::new(at, "the Fortinet CEF event has no cat=type:subtype"));
    }
    // The map has no name table, and a search entry by entry costs less than an index.
    let text = |name| fields.get_str_unindexed(name).unwrap_or("");
    Ok(Parsed {
        variant: variant_of(text("type"), text("subtype"), true),
        fields,
    })
}

/// Stores `date` and `time` of an instant (epoch milliseconds or a time with its zone), so
/// that [`event_time`] reads the same instant back. They are the wall clock of the log's own
/// `tz` when it is a numeric offset. Otherwise they are UTC with `tz=+0000`, which the options' UTC offset does
/// not shift.
fn put_epoch_date_time(fields: &mut FieldMap, time: Timestamp) {
    let offset = match text_at(fields, key!("tz")).map(parse_utc_offset) {
        Some(Ok(offset)) => offset,
        None => {
            put(fields, "tz", "+0000");
            return;
        }
        // NOTE: a `tz` that is not a numeric offset leaves `date` and `time` in UTC, and
        // `event_time` then shifts them by the options' UTC offset.
        Some(Err(_)) => return,
    };
    let mut date = String::with_capacity(10);
    time.write_date(&mut date, offset);
    let mut clock = String::with_capacity(8);
    time.write_time(&mut clock, 0, offset);
    put(fields, "date", &date);
    put(fields, "time", &clock);
}

/// Returns the variant a log matches, from its type and subtype.
fn variant_of(log_type: &str, subtype: &str, cef: bool) -> Option<&'static str> {
    let index = match (log_type, subtype) {
        ("traffic", "forward") => 0,
        ("traffic", "local") => 1,
        ("utm", "webfilter") => 2,
        ("utm", "app-ctrl") => 3,
        ("utm", "ips") => 4,
        ("utm", "virus") => 5,
        ("event", "system") => 6,
        ("event", "vpn") => 7,
        ("event", "user") => 8,
        _ => return None,
    };
    let index = if cef { index + KV_COUNT } else { index };
    VARIANTS.get(index).map(|v| v.name)
}

// ----------------------------------------------------------------------------------------------
// OCSF mapping
// ----------------------------------------------------------------------------------------------

/// Returns the text of a field outside [`KEYS`] without the white space around it, or `None`
/// when it is empty, `N/A` or `none`.
fn text<'a>(fields: &'a FieldMap, name: &str) -> Option<&'a str> {
    fields.get_str(name).and_then(present)
}

/// Reads a field of [`KEYS`] as [`text`] reads a field. Inlined, the column's slot is a
/// constant of the mapping.
#[inline(always)]
fn text_at(fields: &FieldMap, column: Column) -> Option<&str> {
    fields.column_str(column).and_then(present)
}

/// Returns the trimmed `value` unless it is empty, `N/A` or `none`.
#[inline]
fn present(value: &str) -> Option<&str> {
    Some(format::trim(value)).filter(|s| !s.is_empty() && *s != "N/A" && *s != "none")
}

/// Returns the integer of a field of [`KEYS`].
#[inline(always)]
fn integer_at(fields: &FieldMap, column: Column) -> Option<i64> {
    fields.column_int(column)
}

/// Builds a network endpoint from an address (or host name), port and interface.
fn endpoint(address: Option<&str>, port: Option<i64>, interface: Option<&str>) -> Object {
    // Each attribute is set once, so they are appended without a search.
    let mut endpoint = Object::with_capacity(4);
    if let Some(address) = address {
        let key = if address.parse::<IpAddr>().is_ok() { "ip" } else { "hostname" };
        endpoint.append(key, address);
    }
    if let Some(port) = port.filter(|p| (1..=65_535).contains(p)) {
        endpoint.append("port", port);
    }
    if let Some(interface) = interface {
        endpoint.append("interface_name", interface);
    }
    endpoint
}

fn set_object(record: &mut RecordBuilder, path: &'static str, object: Object) {
    if !object.is_empty() {
        record.set(path, Node::Object(object));
    }
}

/// Returns the event time: `eventtime` (seconds, milliseconds, microseconds or nanoseconds
/// since the epoch), else `date` and `time` shifted by `tz`, else `timestamp`. Without `tz`,
/// `date` and `time` are shifted by the options' UTC offset. Returns `None` when the log has
/// no time.
///
/// # Errors
/// A `date` and `time` that do not form a valid time, or a `tz` offset beyond 23:59, are an
/// error unless a relay added a time of its own. The log names its time, so falling back to
/// the received time would hide a wrong one.
fn event_time(fields: &FieldMap, options: &ParseOptions) -> Result<Option<Timestamp>, ParseError> {
    if let Some(value) = integer_at(fields, key!("eventtime")).filter(|v| *v > 0) {
        let nanos = match value {
            v if v >= 100_000_000_000_000_000 => v,
            v if v >= 100_000_000_000_000 => v.saturating_mul(1_000),
            v if v >= 100_000_000_000 => v.saturating_mul(1_000_000),
            v => v.saturating_mul(1_000_000_000),
        };
        return Ok(Some(Timestamp(nanos)));
    }
    if let (Some(date), Some(time)) = (text_at(fields, key!("date")), text_at(fields, key!("time"))) {
        // FortiOS writes `tz="-0500"`. The RFC 3339 form with a colon (`-05:00`) is read too.
        let zone = text_at(fields, key!("tz"))
            .filter(|z| (z.starts_with('+') || z.starts_with('-')) && (z.len() == 5 || (z.len() == 6 && z.as_bytes().get(3) == Some(&b':'))))
            .unwrap_or("");
        let local = match zone.get(1..3).zip(zone.get(zone.len().saturating_sub(2)..)) {
            Some((hours, minutes)) if hours > "23" || minutes > "59" => {
                Err(ParseError::new(0, format!("invalid tz \"{zone}\": an offset is at most 23:59")))
            }
            _ => parse_rfc3339_local(&format!("{date}T{time}{zone}"), options.utc_offset)
                .map_err(|err| ParseError::new(0, format!("invalid date and time \"{date} {time}\": {}", err.reason))),
        };
        // The time a relay added is taken over a device time that is not valid, but not over
        // a valid one.
        return match (local, relay_time(fields)) {
            (Ok(time), _) => Ok(Some(time)),
            (Err(_), Some(time)) => Ok(Some(time)),
            (Err(err), None) => Err(err),
        };
    }
    Ok(relay_time(fields))
}

/// Returns the time that FortiAnalyzer or a relay added: `timestamp` or `itime`, in epoch
/// seconds.
fn relay_time(fields: &FieldMap) -> Option<Timestamp> {
    if let Some(seconds) = integer_at(fields, key!("timestamp")).or(integer_at(fields, key!("itime"))).filter(|s| *s > 0) {
        return Some(Timestamp::from_secs(seconds));
    }
    text_at(fields, key!("timestamp")).and_then(|t| parse_epoch(t).ok())
}

/// Returns the OCSF severity of a FortiOS level or IPS severity word.
fn severity_of(word: &str) -> u32 {
    match word {
        "emergency" | "critical" => ocsf::severity::CRITICAL,
        "alert" | "high" => ocsf::severity::HIGH,
        "error" | "medium" => ocsf::severity::MEDIUM,
        "warning" | "low" => ocsf::severity::LOW,
        _ => ocsf::severity::INFORMATIONAL,
    }
}

/// Returns true when a FortiOS action stopped the traffic.
fn blocked(action: &str) -> bool {
    matches!(
        action,
        "deny" | "blocked" | "block" | "dropped" | "reset" | "reset-client" | "reset-server" | "clear_session" | "reject"
    )
}

fn map_to_ocsf(parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
    let fields = &parsed.fields;
    let time = options.event_time(event_time(fields, options)?)?;
    let log_type = format::lower_case(text_at(fields, key!("type")).unwrap_or(""));
    let subtype = format::lower_case(text_at(fields, key!("subtype")).unwrap_or(""));
    let action = format::lower_case(text_at(fields, key!("action")).unwrap_or(""));
    let mut record = match (log_type.as_ref(), subtype.as_ref()) {
        ("traffic", _) => map_traffic(fields, &action, time),
        ("dns", _) | ("utm", "dns") => map_dns(fields, &action, time),
        ("utm", "webfilter") if !blocked(&action) => map_web(fields, &action, time),
        ("utm", "app-ctrl") if !blocked(&action) => map_application(fields, time),
        ("utm" | "anomaly" | "dlp" | "virus" | "ips" | "attack", _) => map_finding(fields, &subtype, &action, time),
        ("event", "vpn") if vpn_session(&action) => map_vpn(fields, &action, time),
        ("event", "rest-api") => map_rest_api(fields, time),
        ("event", _)
            if action == "login"
                || action == "authentication"
                || action.starts_with("fsso-log")
                || action == "auth-logon"
                || action == "auth-logout"
                || text_at(fields, key!("logdesc")).is_some_and(|d| d.contains("login")) =>
        {
            map_login(fields, time)
        }
        ("event", "system") if fields.contains_key("cfgpath") => map_configuration(fields, time),
        ("event", _) if text_at(fields, key!("srcip")).is_some() && text_at(fields, key!("dstip")).is_some() => map_connection_event(fields, time),
        _ => map_base(fields, time),
    };
    if let Some(level) = text_at(fields, key!("level")) {
        if record.get("severity_id").and_then(Node::as_u64) == Some(u64::from(ocsf::severity::INFORMATIONAL)) {
            record.severity(severity_of(level));
        }
    }
    let mut metadata = Object::with_capacity(2);
    if let Some(code) = text_at(fields, key!("logid")).filter(|code| *code != "-") {
        metadata.append("event_code", code);
    }
    if let (Some(date), Some(time)) = (text_at(fields, key!("date")), text_at(fields, key!("time"))) {
        metadata.append("original_time", Text::concat(&[date, " ", time]));
    }
    record.merge_metadata(metadata);
    // No mapping sets `message`, so it is appended.
    append_str(&mut record, "message", text_at(fields, key!("msg")).or(text_at(fields, key!("logdesc"))));
    let device_name = text_at(fields, key!("devname"));
    let device_id = text_at(fields, key!("devid"));
    // Only this function sets `device`, so it is appended.
    if device_name.is_some() || device_id.is_some() {
        record.append("device", ocsf::firewall_device(device_name, device_id));
    }
    record.set_str("unmapped.vd", text_at(fields, key!("vd")));
    Ok(record.build())
}

/// Sets `path.name` and `path.domain` from a FortiOS user: `domain\\user` and a UPN
/// `user@domain` give a domain and a name (a UPN is also kept as `path.email_addr`), and an
/// LDAP suffix (`jdoe,cn=jdoe,...`) is cut off.
fn set_user(record: &mut RecordBuilder, path: &'static str, user: Option<&str>) {
    if let Some(user) = user {
        record.merge(path, user_object(user));
    }
}

/// Builds the `user` object of a FortiOS user, as [`set_user`] sets it.
fn user_object(user: &str) -> Object {
    // The text before the first `,cn=`. Most user names have no comma, so a byte search for
    // one costs less than setting up a substring search.
    let user = memchr::memchr_iter(b',', user.as_bytes())
        .find(|&at| user[at..].starts_with(",cn="))
        .map_or(user, |at| &user[..at]);
    ocsf::user_object(user)
}

/// Sets the endpoints, connection info, user, firewall rule and application of a session.
/// A mapping calls it first after [`RecordBuilder::new`], so the objects it sets are new.
fn set_network_common(record: &mut RecordBuilder, fields: &FieldMap) {
    let mut source = endpoint(text_at(fields, key!("srcip")), integer_at(fields, key!("srcport")), text_at(fields, key!("srcintf")));
    let destination = endpoint(text_at(fields, key!("dstip")), integer_at(fields, key!("dstport")), text_at(fields, key!("dstintf")));
    let mac = text_at(fields, key!("srcmac")).filter(|mac| mac.len() == 17);
    // A MAC address alone makes a source endpoint after the destination one.
    let mac_alone = mac.filter(|_| source.is_empty());
    if let Some(mac) = mac.filter(|_| !source.is_empty()) {
        source.append("mac", mac);
    }
    if !source.is_empty() {
        record.append("src_endpoint", source);
    }
    if !destination.is_empty() {
        record.append("dst_endpoint", destination);
    }
    if let Some(mac) = mac_alone {
        record.set("src_endpoint.mac", mac);
    }

    // `direction_id` sits where the protocol or the session first sets it, and takes the id of
    // `direction` when the log names one.
    let protocol = integer_at(fields, key!("proto"));
    let session = integer_at(fields, key!("sessionid"));
    let direction = match text_at(fields, key!("direction")) {
        Some("outgoing") => Some((2, "Outbound")),
        Some("incoming") => Some((1, "Inbound")),
        _ => None,
    };
    let direction_id = direction.map_or(0, |(id, _)| id);
    let mut connection = Object::with_capacity(5);
    if let Some(protocol) = protocol {
        connection.append("protocol_num", protocol);
        if let Some(name) = ocsf::protocol_name(protocol) {
            connection.append("protocol_name", name);
        }
        connection.append("direction_id", direction_id);
    }
    if let Some(session) = session {
        connection.append("uid", Text::display(&session));
        if protocol.is_none() {
            connection.append("direction_id", direction_id);
        }
    }
    if let Some((id, name)) = direction {
        if protocol.is_none() && session.is_none() {
            connection.append("direction_id", id);
        }
        connection.append("direction", name);
    }
    if !connection.is_empty() {
        record.append("connection_info", connection);
    }

    if let Some(user) = text_at(fields, key!("user")).or(text_at(fields, key!("unauthuser"))) {
        record.append("actor", ocsf::actor_of(user_object(user)));
    }
    if let Some(policy) = integer_at(fields, key!("policyid")) {
        let mut rule = Object::with_capacity(3);
        rule.append("uid", Text::display(&policy));
        if let Some(name) = text_at(fields, key!("policyname")).filter(|name| *name != "-") {
            rule.append("name", name);
        }
        if let Some(kind) = text_at(fields, key!("policytype")).filter(|kind| *kind != "-") {
            rule.append("type", kind);
        }
        record.append("firewall_rule", rule);
    }
    append_str(record, "app_name", text_at(fields, key!("app")));
}

/// Appends a text attribute that the record lacks, unless the text is empty or `-`, which
/// [`RecordBuilder::set_str`] skips too.
fn append_str(record: &mut RecordBuilder, key: &'static str, value: Option<&str>) {
    if let Some(value) = value.filter(|value| !value.is_empty() && *value != "-") {
        record.append(key, value);
    }
}

/// Sets the action and disposition of a FortiOS action, and the status of a verdict. Every
/// mapping that calls it has set none of these attributes before, so they are appended.
fn set_disposition(record: &mut RecordBuilder, action: &str) {
    let (action_id, action_name, disposition_id, disposition, status) = if blocked(action) {
        let (id, name) = if action == "dropped" { (6, "Dropped") } else { (2, "Blocked") };
        (2, "Denied", id, name, Some(ocsf::status::FAILURE))
    } else if action == "detected" || action == "monitored" {
        (3, "Observed", 1, "Allowed", None)
    } else if !action.is_empty() {
        (1, "Allowed", 1, "Allowed", Some(ocsf::status::SUCCESS))
    } else {
        return;
    };
    record.append("action_id", action_id).append("action", action_name);
    record.append("disposition_id", disposition_id).append("disposition", disposition);
    if let Some(status) = status {
        record.status(status);
    }
}

fn map_traffic(fields: &FieldMap, action: &str, time: Timestamp) -> RecordBuilder {
    let activity = match action {
        "start" => 1,
        "close" | "timeout" => 2,
        "client-rst" | "server-rst" => 3,
        "ip-conn" => 4,
        _ if blocked(action) => 5,
        _ => 6,
    };
    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, activity, time, &META);
    set_network_common(&mut record, fields);
    set_disposition(&mut record, action);
    let mut traffic = Object::with_capacity(5);
    let sent = integer_at(fields, key!("sentbyte"));
    let received = integer_at(fields, key!("rcvdbyte"));
    let packets_out = integer_at(fields, key!("sentpkt"));
    let packets_in = integer_at(fields, key!("rcvdpkt"));
    for (value, key) in [
        (sent, "bytes_out"),
        (received, "bytes_in"),
        (packets_out, "packets_out"),
        (packets_in, "packets_in"),
    ] {
        if let Some(value) = value {
            traffic.append(key, value);
        }
    }
    if let (Some(sent), Some(received)) = (sent, received) {
        traffic.append("bytes", sent.saturating_add(received));
    }
    // The common attributes and the disposition include none of these, so they are appended.
    if !traffic.is_empty() {
        record.append("traffic", traffic);
    }
    if let Some(duration) = integer_at(fields, key!("duration")) {
        record.append("duration", duration.saturating_mul(1_000));
    }
    append_str(&mut record, "status_detail", Some(action));
    let mut nat = Object::new();
    for column in [key!("trandisp"), key!("transip"), key!("transport"), key!("tranip"), key!("tranport")] {
        // A text field is read as text, so no `Value` is made for it.
        let value = match fields.column_str(column) {
            Some(text) => Some(Node::from(text)),
            None => fields.column(column).cloned().map(Node::from),
        };
        if let Some(value) = value {
            nat.append(column.name(), value);
        }
    }
    if !nat.is_empty() {
        let mut unmapped = Object::with_capacity(2);
        unmapped.append("nat", nat);
        record.append("unmapped", unmapped);
    }
    record
}

fn map_web(fields: &FieldMap, action: &str, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::HTTP_ACTIVITY, 99, time, &META);
    set_network_common(&mut record, fields);
    set_disposition(&mut record, action);
    let host = text_at(fields, key!("hostname"));
    let path = text_at(fields, key!("url")).unwrap_or("/");
    let mut url = Object::with_capacity(4);
    if let Some(host) = host {
        let scheme = if integer_at(fields, key!("dstport")) == Some(80) { "http" } else { "https" };
        url.append("url_string", Text::concat(&[scheme, "://", host, path]));
        url.append("hostname", host);
        url.append("path", path.split('?').next().unwrap_or(path));
    } else {
        url.append("path", path);
    }
    if let Some(category) = text_at(fields, key!("catdesc")) {
        url.append("categories", Node::Array(vec![Node::from(category)]));
    }
    let mut request = Object::with_capacity(2);
    request.append("url", url);
    if let Some(agent) = text_at(fields, key!("agent")).filter(|agent| *agent != "-") {
        request.append("user_agent", agent);
    }
    record.append("http_request", request);
    record
}

fn map_application(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, 6, time, &META);
    set_network_common(&mut record, fields);
    set_disposition(&mut record, text_at(fields, key!("action")).unwrap_or("pass"));
    append_str(&mut record, "status_detail", text_at(fields, key!("appcat")));
    record
}

fn map_finding(fields: &FieldMap, subtype: &str, action: &str, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::DETECTION_FINDING, 1, time, &META);
    set_disposition(&mut record, action);
    record.set("status_id", 1).set("status", "New").set("is_alert", true);
    let severity = text_at(fields, key!("severity"))
        .or(text_at(fields, key!("crlevel")))
        .or(text_at(fields, key!("level")))
        .unwrap_or("information");
    record.severity(severity_of(severity));

    let title = text_at(fields, key!("attack"))
        .or(text_at(fields, key!("virus")))
        .or(text_at(fields, key!("catdesc")))
        .or(text_at(fields, key!("app")))
        .or(text_at(fields, key!("msg")))
        .unwrap_or(subtype);
    let uid = match integer_at(fields, key!("incidentserialno")) {
        Some(number) => Text::display(&number),
        None => match integer_at(fields, key!("sessionid")) {
            Some(session) => {
                let logid = text_at(fields, key!("logid")).unwrap_or(subtype);
                Text::display(&format_args!("{logid}-{session}"))
            }
            None => Text::from(title),
        },
    };
    let mut finding = Object::with_capacity(5);
    finding.append("uid", uid);
    finding.append("title", title);
    finding.append("types", Node::Array(vec![Node::from(subtype)]));
    let rule = integer_at(fields, key!("attackid"))
        .or(integer_at(fields, key!("virusid")))
        .or(integer_at(fields, key!("cat")));
    if let Some(rule) = rule {
        let mut analytic = Object::with_capacity(4);
        analytic.append("uid", Text::display(&rule));
        analytic.append("name", title);
        analytic.append("type_id", 1);
        analytic.append("type", "Rule");
        finding.append("analytic", analytic);
    }
    if let Some(url) = text_at(fields, key!("ref")).filter(|r| r.starts_with("http")) {
        finding.append("src_url", url);
    }
    record.merge("finding_info", finding);
    set_user(&mut record, "actor.user", text_at(fields, key!("user")));

    let mut evidence = Object::with_capacity(5);
    let source = endpoint(text_at(fields, key!("srcip")), integer_at(fields, key!("srcport")), text_at(fields, key!("srcintf")));
    let destination = endpoint(text_at(fields, key!("dstip")), integer_at(fields, key!("dstport")), text_at(fields, key!("dstintf")));
    if !source.is_empty() {
        evidence.append("src_endpoint", source);
    }
    if !destination.is_empty() {
        evidence.append("dst_endpoint", destination);
    }
    if let Some(user) = text_at(fields, key!("user")) {
        evidence.append("actor", ocsf::actor_named(user));
    }
    if let Some(name) = text_at(fields, key!("filename")) {
        let digest = text_at(fields, key!("analyticscksum")).filter(|d| d.len() == 64);
        evidence.append("file", ocsf::file_object(name, digest));
    }
    if let Some(url) = text_at(fields, key!("url")) {
        let full = match text_at(fields, key!("hostname")) {
            Some(host) if url.starts_with('/') => Text::concat(&[host, url]),
            _ => Text::from(url),
        };
        let mut location = Object::with_capacity(1);
        location.append("url_string", full);
        evidence.append("url", location);
    }
    if !evidence.is_empty() {
        record.set("evidences", Node::Array(vec![Node::Object(evidence)]));
    }
    record
}

/// Returns true when a VPN event action is a login or a tunnel state change, not a notice
/// such as a certificate update.
fn vpn_session(action: &str) -> bool {
    action.contains("login")
        || action.starts_with("tunnel-")
        || action.starts_with("phase")
        || matches!(
            action,
            "ssl-new-con" | "ssl-exit" | "negotiate" | "install_sa" | "delete_ipsec_sa" | "tunnel-stats"
        )
}

fn map_dns(fields: &FieldMap, action: &str, time: Timestamp) -> RecordBuilder {
    let response = text_at(fields, key!("subtype")).is_some_and(|s| s.ends_with("response"))
        || text_at(fields, key!("eventtype")).is_some_and(|e| e.ends_with("response"));
    let mut record = RecordBuilder::new(class::DNS_ACTIVITY, if response { 2 } else { 1 }, time, &META);
    set_network_common(&mut record, fields);
    set_disposition(&mut record, action);
    record.set("query.hostname", text_at(fields, key!("qname")).unwrap_or("unknown"));
    record.set_str("query.type", text_at(fields, key!("qtype")));
    record.set_str("query.class", text_at(fields, key!("qclass")));
    if let Some(addresses) = text_at(fields, key!("ipaddr")) {
        let answers: Vec<Value> = addresses
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| serde_json::json!({ "rdata": a }))
            .collect();
        record.set("answers", Value::Array(answers));
    }
    record.set_str("status_detail", text_at(fields, key!("catdesc")));
    record
}

fn map_rest_api(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let method = text_at(fields, key!("method")).unwrap_or("").to_ascii_uppercase();
    let activity = match method.as_str() {
        "POST" => 1,
        "GET" => 2,
        "PUT" => 3,
        "DELETE" => 4,
        _ => 99,
    };
    let mut record = RecordBuilder::new(class::API_ACTIVITY, activity, time, &META);
    record.set("api.operation", if method.is_empty() { "unknown" } else { method.as_str() });
    record.set("actor.user.name", text_at(fields, key!("user")).unwrap_or("unknown"));
    let ui = text_at(fields, key!("ui")).unwrap_or("");
    match ui_client(ui) {
        Some(client) => set_object(&mut record, "src_endpoint", endpoint(Some(client), None, None)),
        None => {
            record.set("src_endpoint.name", if ui.is_empty() { "unknown" } else { ui });
        }
    }
    if let Some(url) = text_at(fields, key!("url")) {
        record
            .set("http_request.url.url_string", url)
            .set("http_request.http_method", method.as_str());
    }
    let status = text_at(fields, key!("status")).and_then(|s| s.parse::<u16>().ok());
    if let Some(status) = status {
        record.set("status_code", status.to_string());
        record.status(if status < 400 {
            ocsf::status::SUCCESS
        } else {
            ocsf::status::FAILURE
        });
    }
    if let Some(path) = text(fields, "path") {
        record.set("resources", serde_json::json!([{ "name": path, "type": "configuration path" }]));
    }
    record
}

/// Returns the client address of a FortiOS `ui` value: `GUI(10.0.0.5)`, `ssh(10.0.0.5)` or a
/// bare address.
fn ui_client(ui: &str) -> Option<&str> {
    let inner = match ui.split_once('(') {
        Some((_, rest)) => rest.trim_end_matches(')'),
        None => ui,
    };
    inner.parse::<IpAddr>().is_ok().then_some(inner)
}

fn map_vpn(fields: &FieldMap, action: &str, time: Timestamp) -> RecordBuilder {
    let login = action.contains("login") || action == "ssl-new-con";
    if login {
        let success = !action.contains("fail") && text_at(fields, key!("status")).is_none_or(|s| s == "success");
        let mut record = RecordBuilder::new(class::AUTHENTICATION, 1, time, &META);
        record.status(if success { ocsf::status::SUCCESS } else { ocsf::status::FAILURE });
        record.set("status", if success { "Success" } else { "Failure" });
        if !success {
            record.severity(ocsf::severity::MEDIUM);
        }
        record.set("user.name", text_at(fields, key!("user")).unwrap_or("unknown"));
        if let Some(group) = text_at(fields, key!("group")) {
            record.set("user.groups", serde_json::json!([{ "name": group }]));
        }
        set_object(
            &mut record,
            "src_endpoint",
            endpoint(text_at(fields, key!("remip")).or(text_at(fields, key!("srcip"))), None, None),
        );
        set_object(&mut record, "dst_endpoint", endpoint(text_at(fields, key!("dstip")), None, None));
        record.set("service.name", "SSL VPN").set("is_remote", true);
        record.set_str("status_detail", text_at(fields, key!("reason")));
        return record;
    }
    let activity = match action {
        "tunnel-up" | "phase2-up" | "install_sa" => 1,
        "tunnel-down" | "phase2-down" | "delete_ipsec_sa" => 2,
        "tunnel-stats" => 3,
        _ => 99,
    };
    let mut record = RecordBuilder::new(class::TUNNEL_ACTIVITY, activity, time, &META);
    // An IKE step reports `status="failure"`, or `negotiate_error` and similar for a phase 1
    // error, or `result="ERROR"`.
    let failed = text_at(fields, key!("status")).is_some_and(|s| s.starts_with("fail") || s.ends_with("_error") || s == "error")
        || text_at(fields, key!("result")).is_some_and(|r| r == "ERROR");
    record.status(if failed { ocsf::status::FAILURE } else { ocsf::status::SUCCESS });
    if let Some(user) = text_at(fields, key!("user")).or(text_at(fields, key!("xauthuser"))) {
        record.set("user.name", user);
        if let Some(group) = text_at(fields, key!("group")) {
            record.set("user.groups", serde_json::json!([{ "name": group }]));
        }
    }
    let mut source = endpoint(text_at(fields, key!("remip")), integer_at(fields, key!("remport")), None);
    if source.is_empty() {
        // Tunnel statistics without a peer address still name the tunnel.
        source.insert("name", text_at(fields, key!("vpntunnel")).unwrap_or("unknown"));
    }
    set_object(&mut record, "src_endpoint", source);
    set_object(
        &mut record,
        "dst_endpoint",
        endpoint(text_at(fields, key!("locip")), integer_at(fields, key!("locport")), text_at(fields, key!("outintf"))),
    );
    record.set_str("tunnel_type", text_at(fields, key!("tunneltype")));
    if let Some(interface) = text_at(fields, key!("tunnelip")) {
        record.set("tunnel_interface.ip", interface);
        record.set_str("tunnel_interface.name", text_at(fields, key!("vpntunnel")).or(text_at(fields, key!("tunneltype"))));
    }
    let mut traffic = Object::new();
    for (column, key) in [(key!("sentbyte"), "bytes_out"), (key!("rcvdbyte"), "bytes_in")] {
        if let Some(value) = integer_at(fields, column) {
            traffic.insert(key, value);
        }
    }
    set_object(&mut record, "traffic", traffic);
    if let Some(duration) = integer_at(fields, key!("duration")) {
        record.set("duration", duration.saturating_mul(1_000));
    }
    record.set_str("status_detail", text_at(fields, key!("reason")).or(text_at(fields, key!("result"))));
    record
}

fn map_login(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let status = text_at(fields, key!("status")).unwrap_or("").to_ascii_lowercase();
    let description = text_at(fields, key!("logdesc")).unwrap_or("").to_ascii_lowercase();
    let action = text_at(fields, key!("action")).unwrap_or("").to_ascii_lowercase();
    // FSSO-logon and FSSO-logoff report a Windows logon or logoff that the collector agent
    // saw, so they have no outcome of their own.
    let single_sign_on = action.starts_with("fsso-");
    // `auth-logon` and `auth-logout` add a user to or remove it from the firewall's list of
    // authenticated users, with `status="logon"` or `"logout"`.
    let user_list = action.starts_with("auth-log");
    let success = status == "success" || user_list || (status.is_empty() && (description.contains("success") || single_sign_on));
    let activity = if action == "logout" || action.ends_with("logoff") || action == "auth-logout" { 2 } else { 1 };
    let mut record = RecordBuilder::new(class::AUTHENTICATION, activity, time, &META);
    record.status(if success { ocsf::status::SUCCESS } else { ocsf::status::FAILURE });
    record.set("status", if success { "Success" } else { "Failure" });
    if !success {
        record.severity(ocsf::severity::MEDIUM);
    }
    record.set("user.name", text_at(fields, key!("user")).unwrap_or("unknown"));
    if let Some(group) = text_at(fields, key!("group")) {
        record.set("user.groups", serde_json::json!([{ "name": group }]));
    }
    let client = text_at(fields, key!("srcip"))
        .or(text_at(fields, key!("userip")))
        .or_else(|| text_at(fields, key!("ui")).and_then(ui_client));
    set_object(
        &mut record,
        "src_endpoint",
        endpoint(client.filter(|c| c.parse::<IpAddr>().is_ok()), None, None),
    );
    set_object(
        &mut record,
        "dst_endpoint",
        endpoint(text_at(fields, key!("dstip")).or(text_at(fields, key!("nas"))), None, None),
    );
    let service = match text_at(fields, key!("subtype")) {
        Some("system") => "FortiGate administration",
        _ if single_sign_on => "FSSO",
        _ => "firewall authentication",
    };
    record.set("service.name", service);
    record.set_str("auth_protocol", text_at(fields, key!("method")).or(text_at(fields, key!("authproto"))));
    if record.get("auth_protocol").is_some() {
        record.set("auth_protocol_id", 99);
    }
    record.set_str("status_detail", text_at(fields, key!("reason")));
    if single_sign_on {
        record.set_str("unmapped.server", text(fields, "server"));
    }
    record
}

fn map_configuration(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let action = text_at(fields, key!("action")).unwrap_or("").to_ascii_lowercase();
    let activity = match action.as_str() {
        "add" => 1,
        "edit" => 3,
        "delete" => 4,
        _ => 99,
    };
    let mut record = RecordBuilder::new(class::API_ACTIVITY, activity, time, &META);
    record.set("api.operation", text_at(fields, key!("action")).unwrap_or("unknown"));
    record.set("actor.user.name", text_at(fields, key!("user")).unwrap_or("unknown"));
    let ui = text_at(fields, key!("ui")).unwrap_or("");
    let interface = ui.split('(').next().unwrap_or(ui);
    record.set_str("actor.app_name", Some(interface));
    match ui_client(ui) {
        Some(client) => set_object(&mut record, "src_endpoint", endpoint(Some(client), None, None)),
        None => {
            record.set("src_endpoint.name", if interface.is_empty() { "unknown" } else { interface });
        }
    }
    let path = text_at(fields, key!("cfgpath")).unwrap_or("");
    let object = text_at(fields, key!("cfgobj"));
    let mut resource = serde_json::json!({ "type": path });
    resource["name"] = Value::String(object.map_or_else(|| path.to_string(), |o| format!("{path} {o}")));
    if let Some(attributes) = text_at(fields, key!("cfgattr")) {
        resource["data"] = serde_json::json!({ "cfgattr": attributes });
    }
    record.set("resources", Value::Array(vec![resource]));
    record.status(ocsf::status::SUCCESS);
    record
}

/// Maps an event log that names both ends of a connection, such as an SSL alert of the
/// explicit proxy (`subtype=wad`), to Network Activity with activity Other, so the addresses
/// are not lost in a base event. The event's `action` is a step of that daemon, not a
/// firewall verdict, so no disposition is set.
fn map_connection_event(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::NETWORK_ACTIVITY, 99, time, &META);
    set_network_common(&mut record, fields);
    record.set_str("status_detail", text_at(fields, key!("desc")).or(text_at(fields, key!("reason"))));
    for (column, path) in [(key!("subtype"), "unmapped.subtype"), (key!("action"), "unmapped.action"), (key!("session_id"), "unmapped.session_id"), (key!("alert"), "unmapped.alert")] {
        record.set_str(path, text_at(fields, column));
    }
    record
}

fn map_base(fields: &FieldMap, time: Timestamp) -> RecordBuilder {
    let mut record = RecordBuilder::new(class::BASE_EVENT, 99, time, &META);
    let mut extra = Object::new();
    for (key, value) in fields {
        if !matches!(key, "msg" | "date" | "time" | "eventtime") {
            extra.insert(key.to_string(), value.clone());
        }
    }
    if !extra.is_empty() {
        record.set("unmapped", Node::Object(extra));
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing;

    #[test]
    fn generated_keys_are_known() {
        testing::assert_generated_names_known(&FortinetFortigate, 0..KV_COUNT, &KEYS);
    }

    #[test]
    fn key_groups_name_each_field_once() {
        let mut names = std::collections::HashSet::new();
        for name in NUMERIC_KEYS.iter().chain(TEXT_KEYS) {
            assert!(names.insert(name), "{name} is in the groups twice");
        }
    }

    #[test]
    fn key_table_finds_groups() {
        testing::assert_table_finds_groups(&KEYS, &[NUMERIC_KEYS, TEXT_KEYS]);
    }

    #[test]
    fn repeated_key_keeps_last_value_first_place() {
        // `srcip` and `srcport` are in KEYS, `vendorx` is not; both kinds take the last value
        // and keep the place of their first occurrence.
        let line = "date=2026-01-05 time=09:00:00 srcip=10.0.0.1 vendorx=one srcport=1 logid=\"0000000013\" type=\"traffic\" subtype=\"forward\" srcip=10.0.0.2 vendorx=two srcport=2";
        let fields = testing::parse_ok(&FortinetFortigate, line).fields;
        let names: Vec<&str> = fields.keys().collect();
        assert_eq!(names, ["date", "time", "srcip", "vendorx", "srcport", "logid", "type", "subtype"]);
        assert_eq!(fields.get("srcip"), Some(&Value::from("10.0.0.2")));
        assert_eq!(fields.get("vendorx"), Some(&Value::from("two")));
        assert_eq!(fields.get("srcport"), Some(&Value::from(2)));
    }

    #[test]
    fn kv_values_escape_quotes_keep_tabs() {
        let mut fields = Fields::new();
        fields.str("msg", "a\tb");
        fields.str("user", "x\"y\\z");
        fields.str("srcip", "10.0.0.1");
        fields.str("action", "line\nbreak");
        let mut out = String::new();
        write_kv(&fields, &mut out);
        assert_eq!(out, "msg=\"a\tb\" user=\"x\\\"y\\\\z\" srcip=10.0.0.1 action=\"line break\"");
    }

    #[test]
    fn filled_pairs_match_kv_writer() {
        for variant in 0..KV_COUNT {
            for seed in 0..40 {
                let (fields, _) = testing::generate(&FortinetFortigate, variant, seed, seed);
                let mut copied = String::new();
                assert!(append_filled_pairs(&mut copied, &fields), "variant {variant}, seed {seed}: copy skipped");
                let mut written = String::new();
                write_kv(&fields, &mut written);
                assert_eq!(copied, written, "variant {variant}, seed {seed}");
            }
        }
    }

    #[test]
    fn filled_pairs_skip_moved_or_special_values() {
        let (mut fields, _) = testing::generate(&FortinetFortigate, TRAFFIC_FORWARD, 3, 3);
        assert!(fields.set("srcintf", "port9"));
        assert!(!append_filled_pairs(&mut String::new(), &fields), "moved value");

        for value in ["a\"b", "a\\b", "a\nb", "a\tb", "caf\u{e9}"] {
            let mut fields = Fields::new();
            let mut pairs = Pairs(&mut fields);
            pairs.str(bare!("date"), "2026-01-05");
            pairs.str(quoted!("msg"), value);
            pairs.int(bare!("srcport"), 22);
            let mut out = String::new();
            assert!(!append_filled_pairs(&mut out, &fields), "value {value:?}");
            assert!(out.is_empty(), "value {value:?}");
        }

        // A bare field that `fill` quoted does not sit where the writer expects it.
        let mut fields = Fields::new();
        Pairs(&mut fields).ipv4(quoted!("srcip"), Ipv4Addr::LOCALHOST);
        assert!(!append_filled_pairs(&mut String::new(), &fields));
    }

    #[test]
    fn escape_suspects_cover_escaped_bytes() {
        for byte in 0..=u8::MAX {
            let escaped = QUOTED_SPECIAL.contains(byte) && byte != b'"';
            let expected = escaped || byte == b'\t' || byte >= 0x7f;
            assert_eq!(may_need_escape(byte), expected, "byte {byte:#04x}");
        }
    }

    #[test]
    fn bare_quote_check_matches_kv_check() {
        let values = [
            "", "10.0.0.1", "2026-01-05", "09:00:00", "a b", "a=b", "a\"b", "tab\there", "\u{7f}", "caf\u{e9}", "no\u{a0}break",
            "\u{2003}wide", "x", "255.255.255.255:65535", "fe80::1%eth0",
        ];
        for value in values {
            assert_eq!(bare_needs_quotes(value), kv::needs_quotes(value, ' '), "value {value:?}");
        }
    }

    #[test]
    fn quoted_special_predicate_adds_tab_and_non_ascii() {
        for byte in 0..=u8::MAX {
            let expected = QUOTED_SPECIAL.contains(byte) || byte == b'\t' || byte >= 0x80;
            assert_eq!(is_quoted_special_or_tab(byte), expected, "byte {byte:#04x}");
        }
    }

    #[test]
    fn kv_values_with_non_ascii_text_keep_it() {
        let mut fields = Fields::new();
        fields.str("user", "jos\u{e9}");
        fields.str("msg", "caf\u{e9} \"x\"");
        let mut out = String::new();
        write_kv(&fields, &mut out);
        assert_eq!(out, "user=\"jos\u{e9}\" msg=\"caf\u{e9} \\\"x\\\"\"");
    }

    #[test]
    fn every_variant_round_trips_for_200_seeds() {
        testing::assert_round_trip(&FortinetFortigate, 0..200);
    }

    fn parse(line: &str) -> Parsed {
        testing::parse_ok(&FortinetFortigate, line)
    }

    fn record(line: &str) -> serde_json::Map<String, Value> {
        let (_, record) = testing::parse_sample(&FortinetFortigate, line).unwrap_or_else(|err| panic!("{line}: {err}"));
        record
    }

    /// Intent, line, expected variant and expected fields.
    type SampleCase<'a> = (&'a str, &'a str, Option<&'a str>, &'a [(&'a str, Value)]);

    #[test]
    fn sample_lines_parse() {
        let cases: &[SampleCase<'_>] = &[
            (
                "7.4 forward traffic with PRI",
                "<189>date=2026-01-05 time=09:00:00 devname=\"FGT-HQ-01\" devid=\"FG100FTK22003412\" eventtime=1767603600123456789 tz=\"+0000\" logid=\"0000000013\" type=\"traffic\" subtype=\"forward\" level=\"notice\" vd=\"root\" srcip=10.20.1.15 srcport=52144 srcintf=\"port2\" srcintfrole=\"lan\" dstip=198.51.100.20 dstport=443 dstintf=\"port1\" dstintfrole=\"wan\" sessionid=8812 proto=6 action=\"close\" policyid=3 service=\"HTTPS\" duration=12 sentbyte=1024 rcvdbyte=8096",
                Some("traffic_forward"),
                &[("sessionid", Value::from(8812)), ("action", Value::from("close")), ("eventtime", Value::from(1_767_603_600_123_456_789_i64))],
            ),
            (
                "6.0 log without devname, eventtime in seconds",
                "date=2019-05-15 time=17:56:41 logid=\"0419016384\" type=\"utm\" subtype=\"ips\" eventtype=\"signature\" level=\"alert\" vd=\"root\" eventtime=1557968201 severity=\"critical\" srcip=10.1.100.22 dstip=192.0.2.55 sessionid=4017 action=\"dropped\" proto=6 service=\"HTTP\" attack=\"Adobe.Flash.newfunction.Handling.Code.Execution\" srcport=46810 dstport=80 attackid=23305",
                Some("utm_ips"),
                &[("attackid", Value::from(23_305)), ("severity", Value::from("critical"))],
            ),
            (
                "relay header before the pairs",
                "Jan  5 09:00:00 relay01 date=2026-01-05 time=09:00:00 devname=\"FGT-BR\" devid=\"FG60F\" logid=\"0101039426\" type=\"event\" subtype=\"vpn\" level=\"alert\" vd=\"root\" logdesc=\"SSL VPN login fail\" action=\"ssl-login-fail\" tunneltype=\"ssl-web\" tunnelid=0 remip=198.51.100.44 user=\"jdoe\" group=\"N/A\" reason=\"sslvpn_login_unknown_user\" msg=\"SSL user failed to logged in\"",
                Some("event_vpn"),
                &[("remip", Value::from("198.51.100.44")), ("tunnelid", Value::from(0))],
            ),
            (
                "comma-separated pairs",
                "date=2026-01-05,time=14:45:26,logid=\"1501054802\",type=\"dns\",subtype=\"dns-response\",level=\"notice\",vd=\"root\",srcip=10.20.1.4,dstip=192.0.2.53,qname=\"portal.example.com\"",
                None,
                &[("qname", Value::from("portal.example.com")), ("srcip", Value::from("10.20.1.4"))],
            ),
            (
                "CEF with FTNTFGT keys",
                "CEF:0|Fortinet|Fortigate|v7.4.3|00013|traffic:forward close|3|deviceExternalId=FG100FTK22003412 FTNTFGTeventtime=1767603600000000000 FTNTFGTtz=+0000 FTNTFGTlogid=0000000013 cat=traffic:forward FTNTFGTsubtype=forward FTNTFGTlevel=notice FTNTFGTvd=root src=10.20.1.15 spt=52144 deviceInboundInterface=port2 dst=198.51.100.20 dpt=443 externalId=8812 proto=6 act=close FTNTFGTpolicyid=3 app=HTTPS FTNTFGTduration=12 out=1024 in=8096",
                Some("cef_traffic_forward"),
                &[("srcip", Value::from("10.20.1.15")), ("service", Value::from("HTTPS")), ("sentbyte", Value::from(1024))],
            ),
            (
                "CEF without the CEF: marker and with FortinetFortiGate keys",
                "0|Fortinet|Fortigate|v6.0.4|32021|event:system login failed|7|deviceExternalId=FGVM020000171868 FortinetFortiGatelogid=0100032021 cat=event:system FortinetFortiGatesubtype=system FortinetFortiGatelevel=alert FortinetFortiGatevd=root sproc=198.51.100.9 FortinetFortiGateaction=login outcome=failed reason=exceed_limit msg=Login disabled from IP 198.51.100.9 for 60 seconds because of 3 bad attempts",
                Some("cef_event_system"),
                &[("status", Value::from("failed")), ("action", Value::from("login"))],
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
            ("pairs that are not FortiOS", "user=bob action=login"),
            ("unclosed quote", "date=2026-01-05 logid=\"0000000013 type=\"traffic\""),
            (
                "CEF from another vendor",
                "CEF:0|Palo Alto Networks|LF|2.0|TRAFFIC|end|3|src=10.0.0.1",
            ),
            ("PRI out of range", "<999>date=2026-01-05 logid=\"1\" type=\"traffic\""),
        ];
        for (intent, line) in cases {
            let result = FortinetFortigate.parse_line(line, &mut ParseState::default());
            assert!(result.is_err(), "{intent}: {result:?}");
        }
    }

    #[test]
    fn single_sign_on_logon_and_logoff_are_authentication() {
        let logon = record("date=2025-06-03 time=08:01:15 logid=\"0102043014\" type=\"event\" subtype=\"user\" level=\"notice\" vd=\"root\" \
                            logdesc=\"FSSO logon authentication status\" srcip=10.70.4.22 user=\"MGARCIA\" server=\"DC02-COLLECTOR\" \
                            action=\"FSSO-logon\" msg=\"FSSO-logon event from DC02-COLLECTOR: user MGARCIA logged on 10.70.4.22\"");
        assert_eq!(logon["class_uid"], 3002);
        assert_eq!(logon["activity_id"], 1);
        assert_eq!(logon["status_id"], 1);
        assert_eq!(logon["user"]["name"], "MGARCIA");
        assert_eq!(logon["src_endpoint"]["ip"], "10.70.4.22");
        assert_eq!(logon["service"]["name"], "FSSO");
        let logoff = record("date=2025-06-03 time=17:45:02 logid=\"0102043015\" type=\"event\" subtype=\"user\" level=\"notice\" vd=\"root\" \
                             logdesc=\"FSSO logoff authentication status\" srcip=10.70.4.22 user=\"MGARCIA\" server=\"DC02-COLLECTOR\" \
                             action=\"FSSO-logoff\" msg=\"FSSO-logoff event from DC02-COLLECTOR: user MGARCIA logged off 10.70.4.22\"");
        assert_eq!(logoff["class_uid"], 3002);
        assert_eq!(logoff["activity_id"], 2);
    }

    #[test]
    fn user_list_logon_and_phase_one_error_map() {
        let logon = record("date=2025-06-03 time=08:05:10 logid=\"0102043039\" type=\"event\" subtype=\"user\" level=\"notice\" vd=\"root\" \
                            logdesc=\"Authentication logon\" srcip=10.70.4.30 user=\"pweber\" authserver=\"FSSO_DC02\" action=\"auth-logon\" \
                            status=\"logon\" msg=\"User pweber added to auth logon\"");
        assert_eq!(logon["class_uid"], 3002);
        assert_eq!(logon["activity_id"], 1);
        assert_eq!(logon["status_id"], 1);
        assert_eq!(logon["user"]["name"], "pweber");
        let error = record("date=2025-06-03 time=08:06:00 logid=\"0101037124\" type=\"event\" subtype=\"vpn\" level=\"error\" vd=\"root\" \
                            logdesc=\"IPsec phase 1 error\" msg=\"IPsec phase 1 error\" action=\"negotiate\" remip=198.51.100.210 locip=192.0.2.2 \
                            remport=500 locport=500 outintf=\"wan1\" vpntunnel=\"branch-7\" status=\"negotiate_error\" \
                            reason=\"peer SA proposal not match local policy\"");
        assert_eq!(error["class_uid"], 4014);
        assert_eq!(error["status_id"], 2);
    }

    #[test]
    fn line_cut_inside_last_value_is_read() {
        let line = "date=2025-06-03 time=07:14:52 logid=\"0101039426\" type=\"event\" subtype=\"vpn\" level=\"information\" \
                    vd=\"root\" logdesc=\"SSL VPN tunnel up\" action=\"tunnel-up\" tunneltype=\"ssl-tunnel\" remip=198.51.100.41 \
                    user=\"ovidal\" group=\"vpn-staff\" msg=\"SSL tunnel established for user ovid";
        let parsed = FortinetFortigate.parse_line(line, &mut ParseState::default()).unwrap_or_else(|err| panic!("{err}")).unwrap();
        assert_eq!(parsed.fields.get("user"), Some(&Value::from("ovidal")));
        assert_eq!(parsed.fields.get("msg"), Some(&Value::from("SSL tunnel established for user ovid")));
        let record = record(line);
        assert_eq!(record["class_uid"], 4014);
    }

    #[test]
    fn records_map_to_their_classes() {
        let traffic = record("date=2026-01-05 time=09:00:00 logid=\"0000000013\" type=\"traffic\" subtype=\"forward\" level=\"notice\" srcip=10.20.1.15 srcport=52144 dstip=198.51.100.20 dstport=443 sessionid=8812 proto=6 action=\"deny\" policyid=99");
        assert_eq!(traffic["class_uid"], 4001);
        assert_eq!(traffic["activity_id"], 5);
        assert_eq!(traffic["disposition_id"], 2);
        assert_eq!(traffic["connection_info"]["protocol_name"], "tcp");
        let virus = record("date=2026-01-05 time=09:00:00 logid=\"0211008192\" type=\"utm\" subtype=\"virus\" eventtype=\"infected\" level=\"warning\" srcip=198.51.100.20 dstip=10.20.1.15 action=\"blocked\" filename=\"eicar.com\" virus=\"EICAR_TEST_FILE\" virusid=2172");
        assert_eq!(virus["class_uid"], 2004);
        assert_eq!(virus["finding_info"]["title"], "EICAR_TEST_FILE");
        assert_eq!(virus["evidences"][0]["file"]["name"], "eicar.com");
        let login = record("date=2026-01-05 time=09:00:00 logid=\"0100032002\" type=\"event\" subtype=\"system\" level=\"alert\" logdesc=\"Admin login failed\" user=\"admin\" ui=\"https(10.20.1.5)\" srcip=10.20.1.5 action=\"login\" status=\"failed\"");
        assert_eq!(login["class_uid"], 3002);
        assert_eq!(login["status_id"], 2);
        let change = record("date=2026-01-05 time=09:00:00 logid=\"0100044547\" type=\"event\" subtype=\"system\" level=\"information\" logdesc=\"Object attribute configured\" user=\"admin\" ui=\"GUI(10.20.1.5)\" action=\"Edit\" cfgpath=\"firewall.policy\" cfgobj=\"3\"");
        assert_eq!(change["class_uid"], 6003);
        assert_eq!(change["activity_id"], 3);
        let tunnel = record("date=2026-01-05 time=09:00:00 logid=\"0101039947\" type=\"event\" subtype=\"vpn\" level=\"information\" action=\"tunnel-up\" tunneltype=\"ssl-tunnel\" remip=198.51.100.8 tunnelip=10.212.134.7 user=\"jdoe\"");
        assert_eq!(tunnel["class_uid"], 4014);
        assert_eq!(tunnel["activity_id"], 1);
    }

    #[test]
    fn local_time_is_shifted_by_tz() {
        let base = "date=2026-01-05 time=09:00:00 logid=\"0100032001\" type=\"event\" subtype=\"system\" level=\"information\" logdesc=\"Admin login successful\" user=\"admin\" srcip=10.20.1.5 action=\"login\" status=\"success\"";
        for (zone, hour, minute) in [("-0500", 14, 0), ("+0000", 9, 0), ("+05:30", 3, 30)] {
            let record = record(&format!("{base} tz=\"{zone}\""));
            assert_eq!(record["time"], Timestamp::from_civil(2026, 1, 5, hour, minute, 0, 0).millis(), "tz {zone}");
        }
    }

    #[test]
    fn invalid_local_time_is_rejected() {
        let base = "logid=\"0100032001\" type=\"event\" subtype=\"system\" level=\"information\" user=\"admin\" action=\"login\" status=\"success\"";
        for (time, reason) in [
            ("date=2026-02-30 time=10:00:00", "invalid date and time"),
            ("date=2026-02-03 time=25:61:00", "invalid date and time"),
            ("date=2026-02-03 time=10:00:00 tz=\"+2500\"", "invalid tz"),
        ] {
            let line = format!("{time} {base}");
            let parsed = parse(&line);
            let error = FortinetFortigate.to_ocsf(&parsed, &ParseOptions::default()).err();
            assert!(error.is_some_and(|err| err.reason.contains(reason)), "{line}");
        }
        // A relay's own time replaces a device time that is not valid.
        let line = format!("date=2026-02-30 time=10:00:00 itime=1767603600 {base}");
        let record = record(&line);
        assert_eq!(record["time"], 1_767_603_600_000_i64);
    }

    #[test]
    fn event_naming_a_connection_keeps_its_endpoints() {
        let proxy = record("date=2026-01-05 time=09:00:00 logid=\"0105048038\" type=\"event\" subtype=\"wad\" level=\"error\" vd=\"root\" eventtime=1767603600 logdesc=\"SSL fatal alert received\" session_id=1a2b3c4d policyid=7 srcip=10.20.1.15 srcport=52144 dstip=203.0.113.80 dstport=443 action=\"receive\" alert=\"2\" desc=\"handshake failure\" msg=\"SSL Alert received\"");
        assert_eq!(proxy["class_uid"], 4001);
        assert_eq!(proxy["activity_id"], 99);
        assert_eq!(proxy["src_endpoint"]["ip"], "10.20.1.15");
        assert_eq!(proxy["src_endpoint"]["port"], 52144);
        assert_eq!(proxy["dst_endpoint"]["ip"], "203.0.113.80");
        assert_eq!(proxy["dst_endpoint"]["port"], 443);
        assert_eq!(proxy["status_detail"], "handshake failure");
        let system = record("date=2026-01-05 time=09:00:00 logid=\"0100032009\" type=\"event\" subtype=\"system\" level=\"information\" logdesc=\"FortiGate update succeeded\" msg=\"Fortigate updated\"");
        assert_eq!(system["class_uid"], 0, "an event without addresses stays a base event");
    }

    #[test]
    fn corpus_samples_parse() {
        let mut rate = testing::PassRate::default();
        if let Some(dir) = testing::corpus_subdir("tenzir/fortinet/tests/fortigate/inputs") {
            for file in testing::files_under(&dir, ".txt") {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    rate.record(&file, testing::parse_sample(&FortinetFortigate, line).map(|_| ()));
                }
            }
        }
        let sekoia_files = ["sekoia/Fortinet/fortigate", "sekoia/CEF/cef"]
            .iter()
            .filter_map(|folder| testing::corpus_subdir(folder))
            .flat_map(|dir| testing::files_under(&dir, ".json"))
            .filter(|file| !file.to_string_lossy().contains("/CEF/cef/") || file.to_string_lossy().contains("fortigate"));
        for file in sekoia_files {
            let Some((message, expected)) = testing::sekoia_message(&file) else {
                continue;
            };
            let outcome = testing::parse_sample(&FortinetFortigate, &message).and_then(|(_, record)| {
                testing::check_expected_endpoints(&record, &expected)
            });
            rate.record(&file, outcome);
        }
        if rate.total == 0 {
            println!("fortinet_fortigate: corpus folders absent, skipped");
            return;
        }
        let percent = rate.report("fortinet_fortigate");
        assert!(percent >= 85.0, "corpus pass rate fell to {percent:.1}%");
    }

    #[test]
    fn utc_offset_applies_without_tz_only() {
        let id = META.id;
        let base = "date=2026-01-05 time=09:00:00 devname=\"FGT-HQ-01\" devid=\"FG100FTK22003412\" logid=\"0000000013\" type=\"traffic\" subtype=\"forward\" level=\"notice\" vd=\"root\" srcip=10.20.1.15 dstip=198.51.100.20 action=\"close\"";
        let wall_clock = Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0).millis();
        let two_hours = 2 * 3600 * 1000;
        assert_eq!(testing::time_at_offset(id, base, 0), wall_clock);
        assert_eq!(testing::time_at_offset(id, base, 120), wall_clock - two_hours);

        let with_tz = format!("{base} tz=\"-0500\"");
        assert_eq!(testing::time_at_offset(id, &with_tz, 120), wall_clock + 5 * 3600 * 1000);
        let with_eventtime = format!("{base} eventtime=1767603600");
        assert_eq!(testing::time_at_offset(id, &with_eventtime, 120), wall_clock);

        let cef = "CEF:0|Fortinet|Fortigate|v7.4.3|00013|traffic:forward close|3|deviceExternalId=FG100FTK22003412 FTNTFGTlogid=0000000013 cat=traffic:forward FTNTFGTsubtype=forward src=10.20.1.15 dst=198.51.100.20 act=close";
        let cef_wall_clock = format!("{cef} rt=Jan 05 2026 09:00:00");
        assert_eq!(testing::time_at_offset(id, &cef_wall_clock, 120), wall_clock - two_hours);
        let cef_epoch = format!("{cef} rt=1767603600000");
        assert_eq!(testing::time_at_offset(id, &cef_epoch, 120), wall_clock);
    }

    #[test]
    fn cef_epoch_time_keeps_log_tz() {
        // `rt` before and after `tz` in the extension.
        let header = "CEF:0|Fortinet|Fortigate|v7.4.3|00013|traffic:forward close|3|";
        let extension = "deviceExternalId=FG100FTK22003412 FTNTFGTlogid=0000000013 cat=traffic:forward FTNTFGTsubtype=forward FTNTFGTtz=-0500 src=10.20.1.15 dst=198.51.100.20 act=close";
        let instant = Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0).millis();
        for line in [format!("{header}rt={instant} {extension}"), format!("{header}{extension} rt={instant}")] {
            assert_eq!(testing::time_at_offset(META.id, &line, 120), instant, "{line}");
            let fields = testing::parse_ok(&FortinetFortigate, &line).fields;
            assert_eq!(fields.get("date"), Some(&Value::from("2026-01-05")), "{line}");
            assert_eq!(fields.get("time"), Some(&Value::from("04:00:00")), "{line}");
            assert_eq!(fields.get("tz"), Some(&Value::from("-0500")), "{line}");
        }
    }

    #[test]
    fn cef_time_forms_senders_write() {
        let cef = "CEF:0|Fortinet|Fortigate|7.2.5|0000000013|traffic:forward deny|3|src=10.3.3.3 dst=198.51.100.200 proto=6 act=deny";
        let eight = Timestamp::from_civil(2026, 4, 5, 8, 0, 0, 0).millis();
        for rt in ["Apr 05 2026 08:00:00 UTC", "Apr 5 2026 08:00:00", "Apr 05 08:00:00", "Apr 05 2026 10:00:00 +02:00", "1775376000000"] {
            let line = format!("{cef} rt={rt}");
            assert_eq!(testing::time_at_offset(META.id, &line, 0), eight, "{line}");
        }
        // An unreadable time is an error, not the time of reading.
        let bad = format!("{cef} rt=Apr 05 2026 08:00:00 CET");
        assert!(FortinetFortigate.parse_line(&bad, &mut ParseState::default()).is_err());
    }
}
