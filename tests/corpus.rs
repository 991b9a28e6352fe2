//! Real vendor samples: every registered source parses the public samples of its product.
//!
//! The corpus sits next to the repository (`../shared/corpus`, see `common::shared_dir`) and
//! is never copied into it. Without it, the test prints why it skips and passes. Three
//! collections are read:
//!
//! - `sekoia/<Vendor>/<intake>/tests/*.json`: one sample per file, the raw event in
//!   `input.message` and the intake's ECS-like result in `expected`;
//! - `tenzir/**`: raw inputs (`*.input` files and everything under an `inputs/` folder),
//!   whose expected outputs are in Tenzir's own record syntax and are not compared;
//! - `ocsf-examples/**`: raw samples (`*.raw`, `*.log`, `*.event`, `*.xml`, `*.csv`, and JSON
//!   that is not an OCSF record) with the OCSF record of the same folder as expected output.
//!
//! [`ROUTES`] maps a sample to a source id by its folder (and, for folders that mix products,
//! by a marker in its text). Only ids that are registered are tried. A sample passes when the
//! parser returns records without error, every record validates against the OCSF schema, and
//! the first record agrees with the expected output on the values both can be compared on
//! (source and destination IP, user name, event time). Endpoints and users are looked up at
//! the top level and in the `evidences` of findings. Events without a timestamp take a fixed
//! received time, which is not compared.
//!
//! The per-source table goes to the process's stderr directly, so it shows with and without
//! `--nocapture`.

mod common;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use siemulator::ocsf::validate::Schema;
use siemulator::parse::{Parser, Record};
use siemulator::sources::ParseOptions;
use siemulator::timestamp::{parse_rfc3339, Timestamp};

/// Where the samples of a product are, and which source reads them.
struct Route {
    /// Corpus collection: `sekoia`, `tenzir` or `ocsf-examples`.
    collection: &'static str,
    /// Text that occurs in the sample's path relative to the collection (`/` separators).
    fragment: &'static str,
    /// Text that must occur in the sample itself, for folders that mix products.
    marker: Option<&'static str>,
    /// The source id that reads the samples.
    source: &'static str,
}

const fn route(collection: &'static str, fragment: &'static str, marker: Option<&'static str>, source: &'static str) -> Route {
    Route {
        collection,
        fragment,
        marker,
        source,
    }
}

/// Sample folders and the source that reads them; the first matching row wins.
const ROUTES: &[Route] = &[
    // Sekoia intake tests, by `<Vendor>/<intake>/`.
    route("sekoia", "AWS/aws-cloudtrail/", None, "aws_cloudtrail"),
    route("sekoia", "AWS/aws-flow-logs/", None, "aws_vpcflowlogs"),
    route("sekoia", "AWS/aws-guardduty/", None, "aws_guardduty"),
    route("sekoia", "AWS/aws-waf/", None, "aws_waf"),
    route("sekoia", "Apache/apache/", None, "apache_http"),
    route("sekoia", "Azure/azure-ad/", Some("SignInLogs"), "microsoft_azure_ad_signin"),
    route("sekoia", "Azure/azure-ad/", Some("AuditLogs"), "microsoft_azuread"),
    route(
        "sekoia",
        "Microsoft/microsoft-entraid-graphapi/",
        Some("\"activityDisplayName\""),
        "microsoft_azuread",
    ),
    route(
        "sekoia",
        "Microsoft/microsoft-entraid-graphapi/",
        Some("\"createdDateTime\""),
        "microsoft_azure_ad_signin",
    ),
    route("sekoia", "Microsoft/microsoft-365-defender/", None, "microsoft_365_defender"),
    route("sekoia", "Beats/winlogbeat/", None, "microsoft_windows_eventlog"),
    route("sekoia", "Windows/windows/", None, "microsoft_windows_eventlog"),
    route("sekoia", "BIND/bind/", None, "isc_bind"),
    route("sekoia", "ISC DHCP/dhcpd/", None, "isc_dhcp"),
    route("sekoia", "Checkpoint/checkpoint/", None, "checkpoint"),
    route("sekoia", "Cisco/cisco-secure-firewall/", Some("%ASA-"), "cisco_asa"),
    route(
        "sekoia",
        "Cisco/cisco-secure-firewall/",
        Some("%FTD-"),
        "cisco_firewall_threat_defense",
    ),
    route("sekoia", "Cisco/cisco-esa/", None, "cisco_ironport"),
    route("sekoia", "Cisco/cisco-ios/", None, "cisco_ios"),
    route("sekoia", "Cisco/cisco-ise/", None, "cisco_ise"),
    route("sekoia", "Cisco/cisco-meraki/", None, "cisco_meraki"),
    route("sekoia", "Cisco/cisco-nx-os/", None, "cisco_networks"),
    route("sekoia", "Umbrella/umbrella-dns/", None, "cisco_umbrella"),
    route("sekoia", "Duo/duo-security/", None, "cisco_duo"),
    route("sekoia", "Cloudflare/http_requests/", None, "cloudflare_general"),
    route("sekoia", "Cloudflare/firewall_events/", None, "cloudflare_waf"),
    route("sekoia", "CrowdStrike/crowdstrike_falcon/", None, "crowdstrike_falcon"),
    route("sekoia", "CyberArk/cyberark-digital-vault/", None, "cyberark_pas"),
    route("sekoia", "Darktrace/darktrace-threat-visualizer/", None, "darktrace"),
    route("sekoia", "ExtraHop/revealx_360/", None, "extrahop"),
    route("sekoia", "F5 Networks/f5-big-ip/", None, "f5_networks"),
    route("sekoia", "Forcepoint/forcepoint-ngfw/", None, "forcepoint_firewall"),
    route("sekoia", "Fortinet/fortigate/", None, "fortinet_fortigate"),
    route("sekoia", "Github/github-audit-logs/", None, "github_audit"),
    route("sekoia", "Google Cloud/google-report/", None, "google_workspace"),
    route("sekoia", "Imperva/imperva-waf/", Some("|Incapsula|"), "incapsula"),
    route("sekoia", "Imperva/imperva-waf/", None, "imperva_waf"),
    route("sekoia", "Infoblox/ddi/", None, "infoblox_ddi"),
    route("sekoia", "Juniper/juniper-ngfw/", None, "juniper_networks"),
    route("sekoia", "ManageEngine/adauditplus/", None, "manageengine_adauditplus"),
    route("sekoia", "Mimecast/mimecast-email-security/", None, "mimecast"),
    route("sekoia", "Netskope/netskope_events/", None, "netskope"),
    route("sekoia", "Okta/okta-system-logs/", None, "okta_system_log"),
    route("sekoia", "OpenSSH/openssh/", None, "linux_auth"),
    route("sekoia", "Palo Alto Networks/paloalto-ngfw/", None, "paloalto_firewall"),
    route("sekoia", "Palo Alto Networks/paloalto-prisma-access/", None, "paloalto_prismasase"),
    route("sekoia", "Ping Identity/pingfederate/", None, "pingfederate"),
    route("sekoia", "ProofPoint/proofpoint-pod/", None, "proofpoint"),
    route("sekoia", "ProofPoint/proofpoint-tap/", None, "proofpoint_tap"),
    route("sekoia", "SentinelOne/cloud_funnel2.0/", None, "sentinelone_endpoint"),
    route("sekoia", "SentinelOne/identity/", None, "sentinelone_identity"),
    route("sekoia", "VMWare/vmware-vcenter/", None, "vmware_vcenter"),
    route("sekoia", "Vectra/vectra_cognito_detect/", None, "vectra_detection"),
    route("sekoia", "Veeam/veeam_backup/", None, "veeam_backup"),
    route("sekoia", "Wiz/wiz-issues/", None, "wiz_issue"),
    route("sekoia", "Wiz/wiz-audit-logs/", None, "wiz_cloud"),
    route("sekoia", "Zscaler/zscaler-zia/", None, "zscaler"),
    // Tenzir package test inputs.
    route("tenzir", "amazon/tests/inputs/cloudwatch-", None, "aws_vpcflowlogs"),
    route("tenzir", "amazon/tests/inputs/route53-", None, "aws_vpc_dns"),
    route("tenzir", "checkpoint/", None, "checkpoint"),
    route("tenzir", "cisco/tests/umbrella/", None, "cisco_umbrella"),
    route("tenzir", "fortinet/tests/fortigate/", None, "fortinet_fortigate"),
    route("tenzir", "microsoft/tests/inputs/eid-", None, "microsoft_windows_eventlog"),
    route("tenzir", "microsoft/tests/inputs/graph/sign-ins", None, "microsoft_azure_ad_signin"),
    route("tenzir", "microsoft/tests/inputs/graph/directory-audits", None, "microsoft_azuread"),
    route("tenzir", "okta/tests/inputs/", None, "okta_system_log"),
    route("tenzir", "zeek/tests/inputs/conn", None, "corelight_conn"),
    route("tenzir", "zeek/tests/inputs/http", None, "corelight_http"),
    route("tenzir", "zeek/tests/inputs/ssl", None, "corelight_ssl"),
    route("tenzir", "zscaler/tests/inputs/zscalernss-web", None, "zscaler"),
    // OCSF example mappings and raw datasets.
    route("ocsf-examples", "/AWS/", Some("\"eventVersion\""), "aws_cloudtrail"),
    route("ocsf-examples", "/VPC Flow", None, "aws_vpcflowlogs"),
    route("ocsf-examples", "/AWS/v1.1.0/WAF/", None, "aws_waf"),
    route("ocsf-examples", "/AWS/v1.5.0/WAF/", None, "aws_waf"),
    route("ocsf-examples", "/route53/", None, "aws_vpc_dns"),
    route("ocsf-examples", "/Route53/", None, "aws_vpc_dns"),
    route("ocsf-examples", "/Cisco/v1.3.0/ASA/", None, "cisco_asa"),
    route("ocsf-examples", "/GitHub/", None, "github_audit"),
    route("ocsf-examples", "/Microsoft/Windows Events/", None, "microsoft_windows_eventlog"),
    route("ocsf-examples", "/Okta/", None, "okta_system_log"),
    route("ocsf-examples", "/Zeek/v1.3.0/conn_log/", None, "corelight_conn"),
    route("ocsf-examples", "/Zeek/v1.4.0/conn_log/", None, "corelight_conn"),
    route("ocsf-examples", "/Zeek/v1.3.0/http_log/", None, "corelight_http"),
    route("ocsf-examples", "/Zeek/v1.3.0/ssl_log/", None, "corelight_ssl"),
    route("ocsf-examples", "raw_sample_log_dataset/Zeek/conn.log", None, "corelight_conn"),
    route("ocsf-examples", "raw_sample_log_dataset/Zeek/http.log", None, "corelight_http"),
    route("ocsf-examples", "raw_sample_log_dataset/Zeek/ssl.log", None, "corelight_ssl"),
    route("ocsf-examples", "raw_sample_log_dataset/Zeek/tunnel.log", None, "corelight_tunnel"),
];

/// Minimum pass rate of a source's samples, in percent, once the source has reached it.
/// Every registered source with samples must also parse at least one of them.
const MIN_PASS_PERCENT: &[(&str, u32)] = &[("linux_auth", 95)];

/// The reference output a sample comes with.
enum Expected {
    /// No output to compare with.
    None,
    /// Sekoia's ECS-like fields.
    Ecs(Value),
    /// An OCSF record.
    Ocsf(Value),
}

/// One sample: a raw input routed to a source.
struct Sample {
    /// Collection and path inside it, for messages.
    name: String,
    source: &'static str,
    text: String,
    expected: Expected,
}

/// What happened to one sample.
#[derive(Default)]
struct Outcome {
    parsed: bool,
    valid: bool,
    compared: bool,
    agreed: bool,
    /// Why the sample did not pass, when it did not.
    reason: Option<String>,
}

/// Counts of one source.
#[derive(Default)]
struct Tally {
    samples: usize,
    excluded: usize,
    parsed: usize,
    valid: usize,
    compared: usize,
    agreeing: usize,
    passed: usize,
    failures: Vec<String>,
}

impl Tally {
    fn pass_percent(&self) -> f64 {
        if self.samples == 0 {
            0.0
        } else {
            100.0 * self.passed as f64 / self.samples as f64
        }
    }
}

fn corpus_dir() -> PathBuf {
    common::shared_dir().join("corpus")
}

/// Lists the files under `dir`, recursively and sorted, as paths relative to `dir` with `/`.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                walk(base, &path, out);
            } else if let Ok(relative) = path.strip_prefix(base) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

fn route_of(collection: &str, path: &str, text: &str) -> Option<&'static str> {
    ROUTES
        .iter()
        .find(|r| r.collection == collection && path.contains(r.fragment) && r.marker.is_none_or(|m| text.contains(m)))
        .map(|r| r.source)
}

fn is_registered(id: &str) -> bool {
    common::all_sources().iter().any(|s| s.meta().id == id)
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn is_ocsf_record(value: &Value) -> bool {
    value.get("class_uid").is_some()
}

/// Reads the Sekoia intake tests: `<Vendor>/<intake>/tests/*.json`.
fn sekoia_samples(root: &Path, out: &mut Vec<Sample>) {
    let dir = root.join("sekoia");
    for path in files_under(&dir) {
        if !(path.contains("/tests/") && path.ends_with(".json")) {
            continue;
        }
        let Some(document) = read_json(&dir.join(&path)) else {
            continue;
        };
        let text = document.pointer("/input/message").and_then(Value::as_str).unwrap_or("").to_string();
        let Some(source) = route_of("sekoia", &path, &text) else {
            continue;
        };
        let expected = document.get("expected").cloned().map_or(Expected::None, Expected::Ecs);
        out.push(Sample {
            name: format!("sekoia/{path}"),
            source,
            text,
            expected,
        });
    }
}

/// Reads Tenzir's raw test inputs: `*.input` files and files under an `inputs/` folder.
fn tenzir_samples(root: &Path, out: &mut Vec<Sample>) {
    let dir = root.join("tenzir");
    for path in files_under(&dir) {
        let raw_input = path.ends_with(".input") || path.contains("/inputs/");
        // Documentation next to the inputs is not a log.
        if !raw_input || path.ends_with(".md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(dir.join(&path)) else {
            continue;
        };
        if let Some(source) = route_of("tenzir", &path, &text) {
            out.push(Sample {
                name: format!("tenzir/{path}"),
                source,
                text,
                expected: Expected::None,
            });
        }
    }
}

/// Finds the OCSF record that goes with a raw ocsf-examples sample: `<stem>.ocsf`,
/// `OCSF_<stem>.json` or `<stem>.json` next to it, or else the only OCSF file of the folder.
fn ocsf_example_expected(raw: &Path) -> Expected {
    let (Some(dir), Some(stem)) = (raw.parent(), raw.file_stem().and_then(|s| s.to_str())) else {
        return Expected::None;
    };
    let named = [
        format!("{stem}.ocsf"),
        format!("OCSF_{stem}.json"),
        format!("ocsf_{stem}.json"),
        format!("{stem}.json"),
    ];
    for name in named {
        let candidate = dir.join(name);
        if candidate != raw {
            if let Some(value) = read_json(&candidate).filter(is_ocsf_record) {
                return Expected::Ocsf(value);
            }
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Expected::None;
    };
    let records: Vec<Value> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p != raw && p.extension().is_some_and(|e| e == "ocsf" || e == "json"))
        .filter_map(|p| read_json(&p))
        .filter(is_ocsf_record)
        .collect();
    match <[Value; 1]>::try_from(records) {
        Ok([record]) => Expected::Ocsf(record),
        Err(_) => Expected::None,
    }
}

/// Reads the raw samples of the OCSF examples (the `encodings/` folder has none).
fn ocsf_example_samples(root: &Path, out: &mut Vec<Sample>) {
    let dir = root.join("ocsf-examples");
    for path in files_under(&dir) {
        let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
        if path.starts_with("encodings/") || !matches!(extension, "raw" | "log" | "event" | "xml" | "csv" | "json") {
            continue;
        }
        let full = dir.join(&path);
        let Ok(text) = std::fs::read_to_string(&full) else {
            continue;
        };
        // A JSON file that is an OCSF record is an expected output, not a sample.
        if extension == "json" && serde_json::from_str::<Value>(&text).is_ok_and(|v| is_ocsf_record(&v)) {
            continue;
        }
        if let Some(source) = route_of("ocsf-examples", &path, &text) {
            out.push(Sample {
                name: format!("ocsf-examples/{path}"),
                source,
                expected: ocsf_example_expected(&full),
                text,
            });
        }
    }
}

/// Returns why a sample is not an event of its product, if it is not: an empty input, or a
/// Sekoia test whose intake produced nothing but the message (a filter test).
fn exclusion(sample: &Sample) -> Option<&'static str> {
    if sample.text.trim().is_empty() {
        return Some("empty input");
    }
    if let Expected::Ecs(Value::Object(expected)) = &sample.expected {
        if expected.keys().all(|k| k == "message") {
            return Some("the intake produced no fields");
        }
    }
    None
}

/// Values that a record and an expected output can both carry.
#[derive(Debug, Default)]
struct Comparable {
    src_ip: Option<IpAddr>,
    dst_ip: Option<IpAddr>,
    user: Option<String>,
    time: Option<Timestamp>,
}

fn ip_at(value: &Value, pointer: &str) -> Option<IpAddr> {
    value.pointer(pointer)?.as_str()?.trim().parse().ok()
}

fn text_at(value: &Value, pointer: &str) -> Option<String> {
    value.pointer(pointer)?.as_str().filter(|s| !s.is_empty()).map(str::to_string)
}

fn expected_values(expected: &Expected) -> Comparable {
    match expected {
        Expected::None => Comparable::default(),
        Expected::Ecs(value) => Comparable {
            src_ip: ip_at(value, "/source/ip"),
            dst_ip: ip_at(value, "/destination/ip"),
            user: text_at(value, "/user/name"),
            time: value.get("@timestamp").and_then(Value::as_str).and_then(|t| parse_rfc3339(t).ok()),
        },
        Expected::Ocsf(value) => Comparable {
            src_ip: ip_at(value, "/src_endpoint/ip"),
            dst_ip: ip_at(value, "/dst_endpoint/ip"),
            user: text_at(value, "/user/name").or_else(|| text_at(value, "/actor/user/name")),
            time: value.get("time").and_then(ocsf_example_time),
        },
    }
}

/// Reads the `time` of an OCSF example record. OCSF `time` is epoch milliseconds, but older
/// examples write seconds or microseconds, and a few an RFC 3339 string. The magnitude of a
/// number gives its unit: as milliseconds, times from 1973 to 5138 lie between 1e11 and 1e14.
/// Smaller numbers are seconds, numbers from 1e14 microseconds, and from 1e17 nanoseconds.
fn ocsf_example_time(value: &Value) -> Option<Timestamp> {
    if let Some(text) = value.as_str() {
        return parse_rfc3339(text).ok();
    }
    let number = value.as_i64()?;
    let millis = match number.unsigned_abs() {
        0..100_000_000_000 => number.saturating_mul(1000),
        100_000_000_000..100_000_000_000_000 => number,
        100_000_000_000_000..100_000_000_000_000_000 => number / 1000,
        _ => number / 1_000_000,
    };
    Some(Timestamp::from_millis(millis))
}

/// Names under which an OCSF record may carry the user that a reference output calls the user.
const USER_POINTERS: &[&str] = &[
    "/user/name",
    "/user/email_addr",
    "/user/uid",
    "/actor/user/name",
    "/actor/user/email_addr",
];

/// True when the times are within a second, or equal apart from the year (a BSD syslog time
/// carries none, so the parser and the reference may assume different years).
fn same_time(record: Timestamp, expected: Timestamp) -> bool {
    if (record.millis() - expected.millis()).abs() < 1000 {
        return true;
    }
    let (a, b) = (record.civil(), expected.civil());
    (a.month, a.day, a.hour, a.minute, a.second) == (b.month, b.day, b.hour, b.minute, b.second)
}

/// Returns the record and the objects of its `evidences`: findings carry the endpoints and
/// users of what they saw there rather than at the top level.
fn holders(record: &Value) -> Vec<&Value> {
    let mut holders = vec![record];
    if let Some(evidences) = record.get("evidences").and_then(Value::as_array) {
        holders.extend(evidences.iter().filter(|e| e.is_object()));
    }
    holders
}

/// Compares the record with the expected values; returns `None` when nothing is comparable,
/// else the list of disagreements. A record whose time is `received_time` took it because the
/// event carries none, so its time is not compared.
fn disagreements(record: &Map<String, Value>, expected: &Comparable, received_time: Timestamp) -> Option<Vec<String>> {
    let record = Value::Object(record.clone());
    let holders = holders(&record);
    let mut compared = false;
    let mut differences = Vec::new();
    for (name, pointer, wanted) in [
        ("source IP", "/src_endpoint/ip", expected.src_ip),
        ("destination IP", "/dst_endpoint/ip", expected.dst_ip),
    ] {
        if let Some(wanted) = wanted {
            compared = true;
            let found: Vec<IpAddr> = holders.iter().filter_map(|h| ip_at(h, pointer)).collect();
            if !found.contains(&wanted) {
                differences.push(format!("{name} {found:?}, expected {wanted}"));
            }
        }
    }
    if let Some(wanted) = &expected.user {
        compared = true;
        let found: Vec<String> = holders
            .iter()
            .flat_map(|h| USER_POINTERS.iter().filter_map(|p| text_at(h, p)))
            .collect();
        if !found.iter().any(|name| name.eq_ignore_ascii_case(wanted)) {
            differences.push(format!("user {found:?}, expected {wanted:?}"));
        }
    }
    let found_time = record.get("time").and_then(Value::as_i64).map(Timestamp::from_millis);
    if let Some(wanted) = expected.time.filter(|_| found_time != Some(received_time)) {
        compared = true;
        if !found_time.is_some_and(|t| same_time(t, wanted)) {
            differences.push(format!(
                "time {:?}, expected {}",
                found_time.map(|t| t.rfc3339(3)),
                wanted.rfc3339(3)
            ));
        }
    }
    compared.then_some(differences)
}

fn evaluate(sample: &Sample, schema: &Schema) -> Outcome {
    let mut outcome = Outcome::default();
    let received_time = siemulator::generate::default_start();
    let options = ParseOptions {
        received_time: Some(received_time),
        ..ParseOptions::default()
    };
    let parser = match Parser::new(sample.source, sample.text.as_bytes(), options) {
        Ok(parser) => parser,
        Err(err) => {
            outcome.reason = Some(err.to_string());
            return outcome;
        }
    };
    let mut records: Vec<Record> = Vec::new();
    for result in parser {
        match result {
            Ok(record) => records.push(record),
            Err(err) => {
                outcome.reason = Some(format!("parse failed at {err}"));
                return outcome;
            }
        }
    }
    let Some(first) = records.first() else {
        outcome.reason = Some("the parser returned no record".into());
        return outcome;
    };
    outcome.parsed = true;

    for record in &records {
        if let Err(err) = schema.validate(&record.ocsf) {
            outcome.reason = Some(format!("line {}: {err}", record.line));
            return outcome;
        }
    }
    outcome.valid = true;

    match disagreements(&first.ocsf.to_map(), &expected_values(&sample.expected), received_time) {
        None => outcome.agreed = true,
        Some(differences) => {
            outcome.compared = true;
            outcome.agreed = differences.is_empty();
            if !outcome.agreed {
                outcome.reason = Some(format!("disagrees with the expected output: {}", differences.join("; ")));
            }
        }
    }
    outcome
}

/// Failures listed per source in the report: `SIEMULATOR_CORPUS_FAILURES` when set to a
/// number, else 5.
fn failures_shown() -> usize {
    std::env::var("SIEMULATOR_CORPUS_FAILURES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

fn render(tallies: &BTreeMap<&'static str, Tally>) -> String {
    let mut text = String::from("\ncorpus: samples of registered sources\n");
    text.push_str(&format!(
        "{:<32} {:>7} {:>8} {:>6} {:>5} {:>8} {:>9} {:>6}\n",
        "source", "samples", "excluded", "parsed", "valid", "compared", "agreeing", "pass"
    ));
    for (id, tally) in tallies {
        text.push_str(&format!(
            "{:<32} {:>7} {:>8} {:>6} {:>5} {:>8} {:>9} {:>5.1}%\n",
            id,
            tally.samples,
            tally.excluded,
            tally.parsed,
            tally.valid,
            tally.compared,
            tally.agreeing,
            tally.pass_percent()
        ));
    }
    let shown = failures_shown();
    for (id, tally) in tallies {
        for failure in tally.failures.iter().take(shown) {
            text.push_str(&format!("  {id}: {failure}\n"));
        }
        if tally.failures.len() > shown {
            text.push_str(&format!("  {id}: and {} more failing samples\n", tally.failures.len() - shown));
        }
    }
    text
}

#[test]
fn corpus_samples_parse() {
    let root = corpus_dir();
    if !root.is_dir() {
        eprintln!("corpus: skipped, {} is absent", root.display());
        return;
    }
    let Some(schema) = common::schema() else {
        eprintln!("corpus: skipped, {} is absent", common::schema_path().display());
        return;
    };

    let mut samples = Vec::new();
    sekoia_samples(&root, &mut samples);
    tenzir_samples(&root, &mut samples);
    ocsf_example_samples(&root, &mut samples);

    let mut tallies: BTreeMap<&'static str, Tally> = BTreeMap::new();
    for sample in samples.iter().filter(|s| is_registered(s.source)) {
        let tally = tallies.entry(sample.source).or_default();
        if let Some(reason) = exclusion(sample) {
            tally.excluded += 1;
            tally.failures.push(format!("{} excluded: {reason}", sample.name));
            continue;
        }
        tally.samples += 1;
        let outcome = evaluate(sample, schema);
        tally.parsed += usize::from(outcome.parsed);
        tally.valid += usize::from(outcome.valid);
        tally.compared += usize::from(outcome.compared);
        tally.agreeing += usize::from(outcome.compared && outcome.agreed);
        if outcome.valid && outcome.agreed {
            tally.passed += 1;
        } else if let Some(reason) = outcome.reason {
            tally.failures.push(format!("{}: {reason}", sample.name));
        }
    }

    // Written to the process's stderr, which the test harness does not capture.
    let _ = std::io::stderr().write_all(render(&tallies).as_bytes());

    let mut below_floor = Vec::new();
    for (id, tally) in &tallies {
        if tally.samples > 0 && tally.parsed == 0 {
            below_floor.push(format!("{id} parsed none of its {} samples", tally.samples));
        }
        if let Some((_, minimum)) = MIN_PASS_PERCENT.iter().find(|(source, _)| source == id) {
            if tally.pass_percent() < f64::from(*minimum) {
                below_floor.push(format!(
                    "{id} passed {:.1}% of its samples, below its floor of {minimum}%",
                    tally.pass_percent()
                ));
            }
        }
    }
    assert!(below_floor.is_empty(), "corpus floors not met:\n{}", below_floor.join("\n"));
}

#[test]
fn routes_name_catalog_ids_in_order_of_specificity() {
    // A row with a marker must come before an unmarked row of the same folder, or it is never used.
    for (i, later) in ROUTES.iter().enumerate() {
        for earlier in &ROUTES[..i] {
            let shadowed = earlier.collection == later.collection && later.fragment.contains(earlier.fragment) && earlier.marker.is_none();
            assert!(
                !shadowed,
                "route {} / {} is shadowed by {}",
                later.collection, later.fragment, earlier.fragment
            );
        }
    }
}

#[test]
fn finding_evidences_are_compared() {
    let record: Map<String, Value> = match serde_json::json!({
        "time": 1_767_603_600_000_i64,
        "evidences": [{"src_endpoint": {"ip": "198.51.100.7"}, "actor": {"user": {"name": "alice"}}}]
    }) {
        Value::Object(map) => map,
        _ => unreachable!("the literal is an object"),
    };
    let expected = Comparable {
        src_ip: "198.51.100.7".parse().ok(),
        user: Some("alice".into()),
        ..Comparable::default()
    };
    let received = Timestamp::from_secs(0);
    assert_eq!(disagreements(&record, &expected, received), Some(Vec::new()));

    let other = Comparable {
        src_ip: "198.51.100.8".parse().ok(),
        ..Comparable::default()
    };
    assert_eq!(disagreements(&record, &other, received).map(|d| d.len()), Some(1));
}

#[test]
fn received_time_is_not_compared() {
    let received = Timestamp::from_civil(2026, 1, 5, 9, 0, 0, 0);
    let record: Map<String, Value> = match serde_json::json!({"time": received.millis()}) {
        Value::Object(map) => map,
        _ => unreachable!("the literal is an object"),
    };
    let expected = Comparable {
        time: Some(Timestamp::from_civil(2024, 3, 11, 11, 26, 54, 0)),
        ..Comparable::default()
    };
    assert_eq!(disagreements(&record, &expected, received), None);
    let own_time = Timestamp::from_civil(2025, 1, 1, 0, 0, 0, 0);
    assert_eq!(disagreements(&record, &expected, own_time).map(|d| d.len()), Some(1));
}

#[test]
fn example_times_are_read_in_their_unit() {
    let expected = Timestamp::from_civil(2024, 10, 16, 4, 27, 1, 0);
    for (name, time) in [
        ("seconds", serde_json::json!(1_729_052_821_i64)),
        ("milliseconds", serde_json::json!(1_729_052_821_000_i64)),
        ("microseconds", serde_json::json!(1_729_052_821_000_000_i64)),
        ("nanoseconds", serde_json::json!(1_729_052_821_000_000_000_i64)),
        ("RFC 3339 text", serde_json::json!("2024-10-16T04:27:01Z")),
    ] {
        assert_eq!(ocsf_example_time(&time), Some(expected), "{name}");
    }
    assert_eq!(ocsf_example_time(&serde_json::json!("yesterday")), None);
}

#[test]
fn times_agree_across_years_and_milliseconds() {
    let record = Timestamp::from_civil(2026, 3, 11, 11, 26, 54, 0);
    assert!(same_time(record, Timestamp::from_civil(2024, 3, 11, 11, 26, 54, 0)));
    assert!(same_time(record, Timestamp::from_civil(2026, 3, 11, 11, 26, 54, 400_000_000)));
    assert!(!same_time(record, Timestamp::from_civil(2026, 3, 11, 11, 26, 56, 0)));
    assert!(!same_time(record, Timestamp::from_civil(2026, 3, 12, 11, 26, 54, 0)));
}
