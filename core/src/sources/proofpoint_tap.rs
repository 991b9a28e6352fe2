//! Proofpoint Targeted Attack Protection (TAP): message and click events of the SIEM API v2
//! (`/v2/siem/all`) in JSON.
//!
//! Format: one SIEM API response page per event, `{"queryEndTime": ..., "<kind>": [event]}`,
//! where the kind is `messagesDelivered`, `messagesBlocked`, `clicksPermitted` or
//! `clicksBlocked`. The array name is the only place that records a click's disposition, so
//! generated events keep it. The reader takes whole pages (split into one event each by the
//! streaming parser) and bare message or click objects as collectors store them.
//! Vendor documentation: <https://help.proofpoint.com/Threat_Insight_Dashboard/API_Documentation/SIEM_API>.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::json_support::{self, Alphabet, JsonObject};
use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::FieldMap;
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::json;
use crate::ocsf::{self, class, Node, Object, RecordBuilder};
use crate::timestamp::Timestamp;
use crate::world::User;

/// The `proofpoint_tap` source.
pub struct ProofpointTap;

const VARIANTS: &[Variant] = &[
    Variant { name: "message_delivered", weight: 30, format: WireFormat::Json, description: "message delivered; TAP later cleared its threat or marked it a false positive" },
    Variant { name: "message_delivered_threat", weight: 20, format: WireFormat::Json, description: "message delivered with an active threat (URL rewritten)" },
    Variant { name: "message_blocked", weight: 40, format: WireFormat::Json, description: "message quarantined for a phishing or malware threat" },
    Variant { name: "click_permitted", weight: 8, format: WireFormat::Json, description: "a user clicked a rewritten URL and TAP let the click through" },
    Variant { name: "click_blocked", weight: 15, format: WireFormat::Json, description: "a user clicked a rewritten URL and TAP blocked it" },
];

const DELIVERED: usize = 0;
const DELIVERED_THREAT: usize = 1;
const BLOCKED: usize = 2;
const CLICK_PERMITTED: usize = 3;
const CLICK_BLOCKED: usize = 4;

/// Name of the page array each variant's event sits in.
const KINDS: [&str; 5] = ["messagesDelivered", "messagesDelivered", "messagesBlocked", "clicksPermitted", "clicksBlocked"];

static META: SourceMeta = SourceMeta {
    id: "proofpoint_tap",
    aliases: &[],
    vendor: "Proofpoint",
    product: "Targeted Attack Protection",
    category: "email",
    formats: &[WireFormat::Json],
    sourcetype: "proofpoint:tap:siem",
    ocsf_classes: &[class::EMAIL_ACTIVITY, class::DETECTION_FINDING],
    doc_url: "https://help.proofpoint.com/Threat_Insight_Dashboard/API_Documentation/SIEM_API",
    versions: "SIEM API v2 (JSON)",
    known_gaps: &[
        "the SIEM API syslog format (format=syslog) is not read",
        "a bare click without a page or collector status reads as variant `click` with an unknown disposition",
        "messageText (impostor) threats are read but not generated",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &[],
};

/// A threat scenario: classification, threat type, subject, quarantine folder and rule.
struct Lure {
    classification: &'static str,
    threat_type: &'static str,
    subject: &'static str,
    folder: &'static str,
    rule: &'static str,
    /// Attachment file name and content type, for attachment threats.
    attachment: Option<(&'static str, &'static str)>,
}

const LURES: &[Lure] = &[
    Lure { classification: "phish", threat_type: "url", subject: "Action required: verify your mailbox storage", folder: "Phish", rule: "module.urldefense.phish", attachment: None },
    Lure { classification: "phish", threat_type: "url", subject: "Shared with you: Q4 payroll adjustments.xlsx", folder: "Phish", rule: "module.urldefense.phish", attachment: None },
    Lure { classification: "phish", threat_type: "url", subject: "Your password expires today", folder: "Phish", rule: "module.urldefense.phish", attachment: None },
    Lure {
        classification: "malware",
        threat_type: "attachment",
        subject: "Remittance advice 2026-01",
        folder: "Malware",
        rule: "module.sandbox.threat",
        attachment: Some(("Remittance_Advice_48213.xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12")),
    },
    Lure {
        classification: "malware",
        threat_type: "attachment",
        subject: "Scanned document from MX-4070",
        folder: "Malware",
        rule: "module.av.rule.virus",
        attachment: Some(("Scan_0105.zip", "application/zip")),
    },
    Lure { classification: "malware", threat_type: "url", subject: "Invoice INV-48213 is overdue", folder: "Malware", rule: "module.urldefense.malware", attachment: None },
    Lure { classification: "spam", threat_type: "url", subject: "Limited time: 70% off licences", folder: "Bulk", rule: "module.spam.bulk", attachment: None },
];
/// Subjects of ordinary mail whose threat was cleared.
const CLEARED_SUBJECTS: &[&str] = &["Webinar invitation: zero trust in practice", "Your January newsletter", "Re: contract renewal", "Updated shipping schedule"];
/// Display names and local parts of lure senders.
const SENDERS: &[(&str, &str)] = &[
    ("IT Service Desk", "servicedesk"),
    ("Microsoft 365", "no-reply"),
    ("Accounts Payable", "ap-billing"),
    ("DocuSign", "dse-notification"),
    ("HR Department", "hr-notices"),
    ("Shipping Notification", "tracking"),
];
const URL_PATHS: &[&str] = &["/login/verify", "/o365/auth", "/invoice/view", "/share/doc", "/secure/update"];
const BROWSERS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
];

/// Everything one event repeats across fields.
struct Mail<'w> {
    recipient: &'w User,
    lure: &'static Lure,
    sender_domain: &'w str,
    /// Display name and local part of the sender address.
    sender: (&'static str, &'static str),
    sender_ip: std::net::Ipv4Addr,
    /// Host and path of the malicious URL.
    url_path: &'static str,
    url_token: json_support::ShortId,
    threat_id: json_support::ShortId,
    guid: json_support::ShortId,
    /// The organisation, from which the TAP customer id in Threat Insight links derives.
    organisation: &'w str,
    threat_time: Timestamp,
}

impl Source for ProofpointTap {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let world = ctx.world;
        let lure = match ctx.variant {
            // Clicks reach URLs, so only URL lures apply.
            CLICK_PERMITTED | CLICK_BLOCKED => &LURES[*ctx.rng.pick(&[0usize, 1, 2, 5])],
            DELIVERED_THREAT => &LURES[*ctx.rng.pick(&[0usize, 1, 2, 5, 6])],
            // Quarantined mail is phish or malware; bulk mail goes to its own folder unreported.
            BLOCKED => &LURES[ctx.rng.index(6)],
            _ => ctx.rng.pick(LURES),
        };
        let mail = Mail {
            recipient: &world.users[ctx.user(&["recipient"])],
            lure,
            sender_domain: ctx.rng.pick(&world.external_domains).as_str(),
            sender: *ctx.rng.pick(SENDERS),
            sender_ip: *ctx.rng.pick(&world.external_addresses),
            url_path: ctx.rng.pick_str(URL_PATHS),
            url_token: json_support::ShortId::random(&mut ctx.rng, "", Alphabet::Alphanumeric, 12),
            threat_id: json_support::ShortId::random(&mut ctx.rng, "", Alphabet::Hex, 64),
            guid: json_support::ShortId::random(&mut ctx.rng, "", Alphabet::Alphanumeric, 32),
            organisation: world.organisation.as_str(),
            threat_time: ctx.time.add_nanos(-(ctx.rng.range(1_000, 3_600_000) as i64) * 1_000_000),
        };

        // The API returns the page after a query window that ends on a whole minute.
        let query_end = Timestamp::from_secs((ctx.time.secs() / 60 + 1) * 60);
        fields.with("queryEndTime", |out| query_end.write_rfc3339(out, 0));
        match ctx.variant {
            CLICK_PERMITTED | CLICK_BLOCKED => write_click(ctx, fields, &mail),
            _ => write_message(ctx, fields, &mail),
        }
    }

    fn write(&self, variant: usize, fields: &Fields, out: &mut String) {
        let kind = KINDS.get(variant).copied().unwrap_or("messagesDelivered");
        out.push_str("{\"queryEndTime\":");
        json::write_str(out, fields.get("queryEndTime").unwrap_or(""));
        let _ = write!(out, ",\"{kind}\":[");
        json::write_object(fields.iter().filter(|(name, _, _)| *name != "queryEndTime"), out);
        out.push_str("]}");
    }

    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        json_support::parse_line_json(self, line, state)
    }

    fn parse_json(&self, value: &Value, _state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let Some(object) = value.as_object() else {
            return Err(ParseError::new(0, "a TAP event is a JSON object"));
        };
        if object.contains_key("queryEndTime") {
            return read_page(object);
        }
        let variant = bare_variant(object)?;
        Ok(Some(json_support::flattened(value, Some(variant))))
    }

    fn to_ocsf(&self, parsed: &Parsed, _options: &ParseOptions) -> Result<Object, ParseError> {
        let fields = &parsed.fields;
        if fields.contains_key("clickTime") {
            click_record(fields, parsed.variant.unwrap_or("click"))
        } else {
            message_record(fields, parsed.variant.unwrap_or("message_delivered_threat"))
        }
    }
}

/// Appends the malicious URL a lure links to.
fn write_threat_url(out: &mut String, mail: &Mail<'_>) {
    let _ = write!(out, "https://{}{}?id={}", mail.sender_domain, mail.url_path, mail.url_token.as_str());
}

/// Appends the Threat Insight link to the threat.
fn write_threat_insight_link(out: &mut String, mail: &Mail<'_>, kind: &str) {
    out.push_str("https://threatinsight.proofpoint.com/");
    json_support::write_stable_uuid(out, &[mail.organisation, "tap-customer"]);
    let _ = write!(out, "/threat/{kind}/{}", mail.threat_id.as_str());
}

fn write_message(ctx: &mut GenContext<'_>, fields: &mut Fields, mail: &Mail<'_>) {
    let lure = mail.lure;
    let blocked = ctx.variant == BLOCKED;
    let cleared = ctx.variant == DELIVERED;
    let recipient = mail.recipient.email.as_str();
    let org = ctx.world.organisation.as_str();
    let sender = |out: &mut String| {
        let _ = write!(out, "{}@{}", mail.sender.1, mail.sender_domain);
    };

    fields.str("GUID", mail.guid.as_str());
    fields.with("QID", |out| json_support::write_random(out, &mut ctx.rng, Alphabet::Alphanumeric, 14));
    fields.json("ccAddresses", "[]");
    fields.fmt("cluster", format_args!("{org}_hosted"));
    fields.bool("completelyRewritten", lure.threat_type == "url" && !blocked);
    fields.json_with("fromAddress", |out| {
        out.push_str("[\"");
        sender(out);
        out.push_str("\"]");
    });
    fields.with("headerFrom", |out| {
        let _ = write!(out, "\"{}\" <", mail.sender.0);
        sender(out);
        out.push('>');
    });
    fields.null("headerReplyTo");
    fields.with("id", |out| ctx.rng.uuid_into(out));
    let phish = lure.classification == "phish" && !cleared;
    let malware = lure.classification == "malware" && !cleared;
    fields.num_text("impostorScore", "0.0");
    fields.int("malwareScore", if malware { ctx.rng.range(80, 100) as i64 } else { 0 });
    fields.with("messageID", |out| {
        out.push('<');
        json_support::write_random(out, &mut ctx.rng, Alphabet::Alphanumeric, 24);
        let _ = write!(out, "@{}>", mail.sender_domain);
    });
    fields.json_with("messageParts", |out| write_message_parts(out, &mut ctx.rng, lure));
    fields.int("messageSize", ctx.rng.range(4_000, 900_000) as i64);
    let time = ctx.time;
    fields.with("messageTime", |out| time.write_rfc3339(out, 3));
    fields.json("modulesRun", "[\"av\",\"zerohour\",\"sandbox\",\"spam\",\"pdr\",\"urldefense\",\"dkimv\",\"spf\",\"dmarc\"]");
    fields.int("phishScore", if phish { ctx.rng.range(70, 100) as i64 } else { ctx.rng.range(0, 20) as i64 });
    fields.json("policyRoutes", "[\"default_inbound\"]");
    if blocked {
        fields.str("quarantineFolder", lure.folder);
        fields.str("quarantineRule", lure.rule);
    } else {
        fields.null("quarantineFolder");
        fields.null("quarantineRule");
    }
    fields.json_with("recipient", |out| {
        let _ = write!(out, "[\"{recipient}\"]");
    });
    fields.json("replyToAddress", "[]");
    fields.with("sender", sender);
    fields.fmt("senderIP", format_args!("{}", mail.sender_ip));
    let spam = if lure.classification == "spam" { ctx.rng.range(80, 100) } else { ctx.rng.range(0, 40) };
    fields.int("spamScore", spam as i64);
    let subject = if cleared { ctx.rng.pick_str(CLEARED_SUBJECTS) } else { lure.subject };
    fields.str("subject", subject);
    let status = if cleared { ctx.rng.pick_str(&["cleared", "falsePositive"]) } else { "active" };
    fields.json_with("threatsInfoMap", |out| {
        out.push('[');
        let mut threat = JsonObject::open(out);
        threat.null("campaignID").str("classification", lure.classification);
        threat.with("threat", |out| {
            out.push('"');
            if lure.threat_type == "url" {
                write_threat_url(out, mail);
            } else {
                out.push_str(mail.threat_id.as_str());
            }
            out.push('"');
        });
        threat.str("threatID", mail.threat_id.as_str()).str("threatStatus", status);
        threat.with("threatTime", |out| {
            out.push('"');
            mail.threat_time.write_rfc3339(out, 3);
            out.push('"');
        });
        threat.str("threatType", lure.threat_type);
        threat.with("threatUrl", |out| {
            out.push('"');
            write_threat_insight_link(out, mail, "email");
            out.push('"');
        });
        threat.close();
        out.push(']');
    });
    fields.json_with("toAddresses", |out| {
        let _ = write!(out, "[\"{recipient}\"]");
    });
    if ctx.rng.chance(400) {
        fields.str("xmailer", "Microsoft Outlook 16.0");
    } else {
        fields.null("xmailer");
    }
}

/// Appends `messageParts`: the HTML body, and the attachment of an attachment lure.
fn write_message_parts(out: &mut String, rng: &mut crate::seed::EventRng, lure: &Lure) {
    out.push('[');
    let mut part = JsonObject::open(out);
    part.str("contentType", "text/html").str("disposition", "inline").str("filename", "text.html");
    part.with("md5", |out| {
        out.push('"');
        json_support::write_random(out, rng, Alphabet::Hex, 32);
        out.push('"');
    });
    part.str("oContentType", "text/html").null("sandboxStatus");
    part.with("sha256", |out| {
        out.push('"');
        json_support::write_random(out, rng, Alphabet::Hex, 64);
        out.push('"');
    });
    part.close();
    if let Some((name, content_type)) = lure.attachment {
        out.push(',');
        let mut part = JsonObject::open(out);
        part.str("contentType", content_type).str("disposition", "attached").str("filename", name);
        part.with("md5", |out| {
            out.push('"');
            json_support::write_random(out, rng, Alphabet::Hex, 32);
            out.push('"');
        });
        part.str("oContentType", content_type).str("sandboxStatus", "threat");
        part.with("sha256", |out| {
            out.push('"');
            json_support::write_random(out, rng, Alphabet::Hex, 64);
            out.push('"');
        });
        part.close();
    }
    out.push(']');
}

fn write_click(ctx: &mut GenContext<'_>, fields: &mut Fields, mail: &Mail<'_>) {
    let world = ctx.world;
    if ctx.rng.chance(400) {
        fields.with("campaignId", |out| ctx.rng.uuid_into(out));
    } else {
        fields.null("campaignId");
    }
    fields.str("classification", mail.lure.classification);
    // Employees click from the office or from home.
    let click_ip = if ctx.rng.chance(800) { ctx.rng.pick(&world.nat_addresses) } else { ctx.rng.pick(&world.external_addresses) };
    fields.fmt("clickIP", format_args!("{click_ip}"));
    let time = ctx.time;
    fields.with("clickTime", |out| time.write_rfc3339(out, 3));
    fields.str("GUID", mail.guid.as_str());
    fields.with("id", |out| ctx.rng.uuid_into(out));
    fields.with("messageID", |out| {
        out.push('<');
        json_support::write_random(out, &mut ctx.rng, Alphabet::Alphanumeric, 24);
        let _ = write!(out, "@{}>", mail.sender_domain);
    });
    fields.str("recipient", &mail.recipient.email);
    fields.fmt("sender", format_args!("{}@{}", mail.sender.1, mail.sender_domain));
    fields.fmt("senderIP", format_args!("{}", mail.sender_ip));
    fields.str("threatID", mail.threat_id.as_str());
    fields.with("threatTime", |out| mail.threat_time.write_rfc3339(out, 3));
    fields.with("threatURL", |out| write_threat_insight_link(out, mail, "u"));
    fields.str("threatStatus", "active");
    fields.with("url", |out| write_threat_url(out, mail));
    fields.str("userAgent", ctx.rng.pick_str(BROWSERS));
}

/// The kind arrays of a SIEM API page.
const PAGE_KINDS: [&str; 4] = ["messagesDelivered", "messagesBlocked", "clicksPermitted", "clicksBlocked"];

/// Reads a SIEM API page that contains one event, or returns `None` for a page without events
/// (the API returns such pages when nothing happened in the query window).
fn read_page(page: &Map<String, Value>) -> Result<Option<Parsed>, ParseError> {
    let mut found = None;
    let mut count = 0;
    for kind in PAGE_KINDS {
        if let Some(items) = page.get(kind).and_then(Value::as_array) {
            count += items.len();
            if let Some(first) = items.first() {
                found.get_or_insert((kind, first));
            }
        }
    }

    let Some((kind, event)) = found else {
        return Ok(None);
    };
    if count > 1 {
        return Err(ParseError::new(0, format!("the page contains {count} events; read it with the streaming parser, which splits it")));
    }
    let Some(entry) = event.as_object() else {
        return Err(ParseError::new(0, format!("the {kind} entry is not a JSON object")));
    };
    let time_field = if kind.starts_with("clicks") { "clickTime" } else { "messageTime" };
    if !entry.contains_key(time_field) {
        return Err(ParseError::new(0, format!("the {kind} entry has no {time_field}")));
    }

    let variant = match kind {
        "messagesBlocked" => VARIANTS[BLOCKED].name,
        "clicksPermitted" => VARIANTS[CLICK_PERMITTED].name,
        "clicksBlocked" => VARIANTS[CLICK_BLOCKED].name,
        _ if threats_cleared(entry) => VARIANTS[DELIVERED].name,
        _ => VARIANTS[DELIVERED_THREAT].name,
    };
    let mut fields = FieldMap::new();
    if let Some(end) = page.get("queryEndTime") {
        fields.insert("queryEndTime", end.clone());
    }
    json::flatten(event, "", &mut fields);
    Ok(Some(Parsed { variant: Some(variant), fields }))
}

/// Tells the variant of a message or click stored without its page. Collectors that keep the
/// disposition add `status` (`permitted`, `blocked`, `delivered`).
fn bare_variant(entry: &Map<String, Value>) -> Result<&'static str, ParseError> {
    let status = entry.get("status").and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
    if entry.contains_key("clickTime") {
        return Ok(match status.as_str() {
            "permitted" => VARIANTS[CLICK_PERMITTED].name,
            "blocked" => VARIANTS[CLICK_BLOCKED].name,
            _ => "click",
        });
    }
    if !(entry.contains_key("messageTime") && (entry.contains_key("GUID") || entry.contains_key("threatsInfoMap"))) {
        return Err(ParseError::new(0, "not a TAP event: neither clickTime nor messageTime with GUID is present"));
    }
    let quarantined = entry.get("quarantineFolder").is_some_and(|f| f.as_str().is_some_and(|f| !f.is_empty()));
    Ok(if quarantined || status == "blocked" {
        VARIANTS[BLOCKED].name
    } else if threats_cleared(entry) {
        VARIANTS[DELIVERED].name
    } else {
        VARIANTS[DELIVERED_THREAT].name
    })
}

/// True when every threat of a message is cleared or a false positive.
fn threats_cleared(entry: &Map<String, Value>) -> bool {
    let threats = entry.get("threatsInfoMap").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    !threats.is_empty()
        && threats
            .iter()
            .all(|t| matches!(t.get("threatStatus").and_then(Value::as_str), Some("cleared") | Some("falsePositive")))
}

/// Returns the email addresses of an array field (or a single string).
fn addresses(fields: &FieldMap, name: &str) -> Vec<Value> {
    match fields.get(name) {
        Some(Value::Array(items)) => items.iter().filter(|v| v.as_str().is_some_and(|s| s.contains('@'))).cloned().collect(),
        Some(Value::String(address)) if address.contains('@') => vec![Value::from(address.as_str())],
        _ => Vec::new(),
    }
}

fn message_record(fields: &FieldMap, variant: &str) -> Result<Object, ParseError> {
    let text = |name: &str| json_support::text(fields, name);
    let time = json_support::rfc3339_time(fields, &["messageTime", "queryEndTime"])?;
    let mut record = RecordBuilder::new(class::EMAIL_ACTIVITY, 2, time, &META);
    record.set("direction_id", 1).set("direction", "Inbound");
    record.set_str("metadata.uid", text("id").or_else(|| text("GUID")));
    record.set_str("message_trace_uid", text("QID"));

    record.set_str("email.uid", text("GUID"));
    record.set_str("email.message_uid", text("messageID"));
    record.set_str("email.subject", text("subject"));
    // `fromAddress` and `toAddresses` come from the From and To headers, `sender` and
    // `recipient` from the SMTP envelope (MAIL FROM, RCPT TO). Each side falls back to the
    // other when a message lacks it.
    let envelope_from = text("sender").filter(|s| s.contains('@'));
    let header_from = addresses(fields, "fromAddress").into_iter().find_map(|v| v.as_str().map(str::to_string));
    let from = header_from.or_else(|| envelope_from.map(str::to_string));
    let envelope_to = addresses(fields, "recipient");
    let header_to = addresses(fields, "toAddresses");
    let to = if header_to.is_empty() { envelope_to.clone() } else { header_to };
    match &from {
        Some(from) => {
            record.set("email.from", from.as_str()).set("from", from.as_str());
            record.set("email.smtp_from", envelope_from.unwrap_or(from));
        }
        // An email object needs a sender or a recipient.
        None if to.is_empty() => {
            record.set("email.from", "unknown");
        }
        None => {}
    }
    if !to.is_empty() {
        let smtp_to = if envelope_to.is_empty() { to.clone() } else { envelope_to };
        record.set("email.to", to.clone()).set("email.smtp_to", smtp_to).set("to", to);
    }
    if let Some(reply_to) = addresses(fields, "replyToAddress").first() {
        record.set("email.reply_to", reply_to.clone());
    }
    let cc = addresses(fields, "ccAddresses");
    if !cc.is_empty() {
        record.set("email.cc", cc);
    }
    record.set_opt("email.size", json_support::integer(fields, "messageSize"));
    record.set_str("email.from_mailbox", text("headerFrom"));
    record.set_str("src_endpoint.ip", text("senderIP"));

    let threats: Vec<&Map<String, Value>> = fields.get("threatsInfoMap").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object).collect();
    let urls: Vec<Value> = threats
        .iter()
        .filter(|t| t.get("threatType").and_then(Value::as_str).is_some_and(|kind| kind.eq_ignore_ascii_case("url")))
        .filter_map(|t| t.get("threat").and_then(Value::as_str))
        .map(|url| serde_json::json!({ "url_string": url }))
        .collect();
    if !urls.is_empty() {
        record.set("email.urls", urls);
    }
    let files: Vec<Value> = fields
        .get("messageParts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|part| part.get("disposition").and_then(Value::as_str) == Some("attached"))
        .filter_map(|part| {
            let name = part.get("filename").and_then(Value::as_str)?;
            let mut file = serde_json::json!({ "name": name, "type_id": 1, "type": "Regular File" });
            if let Some(mime) = part.get("contentType").and_then(Value::as_str) {
                file["mime_type"] = mime.into();
            }
            let mut hashes = Vec::new();
            if let Some(md5) = part.get("md5").and_then(Value::as_str) {
                hashes.push(serde_json::json!({ "algorithm_id": 1, "algorithm": "MD5", "value": md5 }));
            }
            if let Some(sha256) = part.get("sha256").and_then(Value::as_str) {
                hashes.push(serde_json::json!({ "algorithm_id": 3, "algorithm": "SHA-256", "value": sha256 }));
            }
            if !hashes.is_empty() {
                file["hashes"] = hashes.into();
            }
            Some(file)
        })
        .collect();
    if !files.is_empty() {
        record.set("email.files", files);
    }

    let active: Vec<&&Map<String, Value>> = threats.iter().filter(|t| t.get("threatStatus").and_then(Value::as_str) == Some("active")).collect();
    let blocked = variant == VARIANTS[BLOCKED].name;
    if blocked {
        record.set("disposition_id", 3).set("disposition", "Quarantined").set("action_id", 2).set("action", "Denied");
        record.set_str("status_detail", text("quarantineRule"));
    } else {
        record.set("disposition_id", 1).set("disposition", "Allowed").set("action_id", 1).set("action", "Allowed");
    }
    record.status(ocsf::status::SUCCESS).set("status", "Success");
    if let Some(threat) = active.first() {
        let classification = threat.get("classification").and_then(Value::as_str).unwrap_or("threat");
        record.set("is_alert", true);
        record.severity(match classification.to_ascii_lowercase().as_str() {
            "malware" => ocsf::severity::HIGH,
            "phish" => ocsf::severity::MEDIUM,
            _ => ocsf::severity::LOW,
        });
        let verb = if blocked { "quarantined" } else { "delivered" };
        record.set("message", format!("Message with {classification} threat {verb}"));
        let malware: Vec<Value> = active
            .iter()
            .filter(|t| t.get("classification").and_then(Value::as_str).is_some_and(|c| c.eq_ignore_ascii_case("malware")))
            .filter_map(|t| {
                let uid = t.get("threatID").and_then(Value::as_str)?;
                Some(serde_json::json!({ "uid": uid, "name": t.get("threat").and_then(Value::as_str).unwrap_or(uid), "classification_ids": [99], "classifications": ["Other"] }))
            })
            .collect();
        if !malware.is_empty() {
            record.set("malware", malware);
        }
    }
    Ok(record.build())
}

fn click_record(fields: &FieldMap, variant: &str) -> Result<Object, ParseError> {
    let text = |name: &str| json_support::text(fields, name);
    let time = json_support::rfc3339_time(fields, &["clickTime", "queryEndTime"])?;
    let mut record = RecordBuilder::new(class::DETECTION_FINDING, 1, time, &META);
    let classification = text("classification").unwrap_or("threat");
    let blocked = variant == VARIANTS[CLICK_BLOCKED].name;
    let permitted = variant == VARIANTS[CLICK_PERMITTED].name;
    let outcome = if blocked {
        "blocked"
    } else if permitted {
        "permitted"
    } else {
        "seen"
    };

    record.set_str("metadata.uid", text("id"));
    record.set("finding_info.uid", text("id").or_else(|| text("GUID")).unwrap_or("unknown"));
    record.set("finding_info.title", format!("Click on {classification} URL {outcome}"));
    record.set("finding_info.types", vec![Value::from(classification)]);
    record.set_str("finding_info.src_url", text("threatURL"));
    if let Some(threat_time) = text("threatTime").and_then(|t| crate::timestamp::parse_rfc3339(t).ok()) {
        record.set("finding_info.created_time", threat_time.millis());
    }
    record.set_str("finding_info.uid_alt", text("threatID"));
    record.set("is_alert", true);
    record.status(1).set("status", "New");
    record.severity(match classification.to_ascii_lowercase().as_str() {
        "malware" => ocsf::severity::HIGH,
        "phish" => ocsf::severity::MEDIUM,
        _ => ocsf::severity::LOW,
    });
    if blocked {
        record.set("disposition_id", 2).set("disposition", "Blocked").set("action_id", 2).set("action", "Denied");
    } else if permitted {
        record.set("disposition_id", 1).set("disposition", "Allowed").set("action_id", 1).set("action", "Allowed");
    }

    // Two artifacts: the click, made from clickIP (the clicking user's external address, or
    // the address of the NAT device in front of it), and the message that carried the URL,
    // sent from senderIP.
    let mut evidences = Vec::with_capacity(2);
    let mut click = Object::new();
    if let Some(url) = text("url") {
        click.set_path("url.url_string", url.into());
    }
    if let Some(ip) = text("clickIP") {
        click.set_path("src_endpoint.ip", ip.into());
    }
    if let Some(agent) = text("userAgent") {
        click.set_path("http_request.user_agent", agent.into());
    }
    if let Some(recipient) = text("recipient") {
        click.set_path("user.name", recipient.into());
        if recipient.contains('@') {
            click.set_path("user.email_addr", recipient.into());
        }
    }
    if !click.is_empty() {
        evidences.push(Node::Object(click));
    }

    let mut message = Object::new();
    if let Some(sender) = text("sender").filter(|s| s.contains('@')) {
        message.set_path("email.from", sender.into());
        message.set_path("email.uid", text("GUID").unwrap_or("unknown").into());
        if let Some(id) = text("messageID") {
            message.set_path("email.message_uid", id.into());
        }
        if let Some(recipient) = text("recipient").filter(|r| r.contains('@')) {
            message.set_path("email.to", vec![Value::from(recipient)].into());
        }
    }
    if let Some(ip) = text("senderIP") {
        message.set_path("src_endpoint.ip", ip.into());
    }
    if !message.is_empty() {
        evidences.push(Node::Object(message));
    }
    if !evidences.is_empty() {
        record.set("evidences", Node::Array(evidences));
    }
    Ok(record.build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;
    use crate::sources::testing;

    #[test]
    fn round_trip_every_variant() {
        testing::assert_round_trip(&ProofpointTap, 0..200);
    }

    const BLOCKED_MESSAGE: &str = r#"{"GUID":"c8Bq2exampleGuid0000000000000001","QID":"50K3d1example1","ccAddresses":[],"cluster":"acme_hosted","completelyRewritten":false,"fromAddress":["billing@invoice-center.example.com"],"headerFrom":"\"Accounts Payable\" <billing@invoice-center.example.com>","headerReplyTo":null,"id":"8d2f7c1a-4b3e-4c5d-9e6f-0a1b2c3d4e5f","impostorScore":0.0,"malwareScore":97,"messageID":"<a1b2c3example@invoice-center.example.com>","messageParts":[{"contentType":"text/html","disposition":"inline","filename":"text.html","md5":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","oContentType":"text/html","sandboxStatus":null,"sha256":"9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b"},{"contentType":"application/zip","disposition":"attached","filename":"Scan_0105.zip","md5":"1a2b3c4d5e6f708192a3b4c5d6e7f801","oContentType":"application/zip","sandboxStatus":"threat","sha256":"2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c"}],"messageSize":48211,"messageTime":"2026-01-05T09:31:12.000Z","modulesRun":["av","sandbox","spam","urldefense"],"phishScore":5,"policyRoutes":["default_inbound"],"quarantineFolder":"Malware","quarantineRule":"module.sandbox.threat","recipient":["amara.costa@acme.example"],"replyToAddress":[],"sender":"billing@invoice-center.example.com","senderIP":"203.0.113.71","spamScore":12,"subject":"Scanned document","threatsInfoMap":[{"campaignID":null,"classification":"malware","threat":"2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c","threatID":"2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c","threatStatus":"active","threatTime":"2026-01-05T09:31:40.000Z","threatType":"attachment","threatUrl":"https://threatinsight.proofpoint.com/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/threat/email/2b3c4d5e"}],"toAddresses":["amara.costa@acme.example"],"xmailer":null}"#;
    const CLICK: &str = r#"{"campaignId":null,"classification":"phish","clickIP":"192.0.2.30","clickTime":"2026-01-05T10:02:03.000Z","GUID":"d9Cr3fexampleGuid0000000000000002","id":"7e6d5c4b-3a2f-4e1d-8c0b-9a8f7e6d5c4b","messageID":"<b2c3d4example@login-portal.example.net>","recipient":"hana.sato@acme.example","sender":"it-desk@login-portal.example.net","senderIP":"198.51.100.88","threatID":"3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d","threatTime":"2026-01-05T09:58:00.000Z","threatURL":"https://threatinsight.proofpoint.com/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/threat/u/3c4d5e6f","threatStatus":"active","url":"https://login-portal.example.net/o365/auth?id=Zx81example","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)"}"#;

    /// Hand-written events: (intent, text, class_uid, variants of the records read).
    fn samples() -> Vec<(&'static str, String, u32, Vec<&'static str>)> {
        vec![
            ("bare blocked message", BLOCKED_MESSAGE.to_string(), 4009, vec!["message_blocked"]),
            ("bare click without disposition", CLICK.to_string(), 2004, vec!["click"]),
            (
                "whole API page with every kind",
                format!(
                    r#"{{"queryEndTime":"2026-01-05T10:05:00Z","messagesDelivered":[{}],"messagesBlocked":[{BLOCKED_MESSAGE}],"clicksPermitted":[{CLICK}],"clicksBlocked":[{CLICK}]}}"#,
                    BLOCKED_MESSAGE.replace(r#""quarantineFolder":"Malware","quarantineRule":"module.sandbox.threat""#, r#""quarantineFolder":null,"quarantineRule":null"#)
                ),
                4009,
                vec!["message_delivered_threat", "message_blocked", "click_permitted", "click_blocked"],
            ),
            (
                "click with the disposition a collector added",
                CLICK.replace(r#""userAgent""#, r#""type":"click","status":"blocked","userAgent""#),
                2004,
                vec!["click_blocked"],
            ),
        ]
    }

    #[test]
    fn hand_written_events_parse() {
        for (name, text, class_uid, variants) in samples() {
            let outcomes = parse_str("proofpoint_tap", &text, ParseOptions::default()).unwrap();
            let records: Vec<_> = outcomes.iter().map(|o| o.as_ref().unwrap_or_else(|e| panic!("{name}: {e}"))).collect();
            assert_eq!(records[0].ocsf["class_uid"], class_uid, "{name}");
            let read: Vec<_> = records.iter().map(|r| r.parsed.variant.unwrap_or("")).collect();
            assert_eq!(read, variants, "{name}");
            for record in records {
                testing::assert_valid_ocsf(&record.ocsf, name);
            }
        }
    }

    #[test]
    fn blocked_message_maps_to_quarantine() {
        let outcomes = parse_str("proofpoint_tap", BLOCKED_MESSAGE, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["disposition_id"], 3);
        assert_eq!(record["email"]["to"][0], "amara.costa@acme.example");
        assert_eq!(record["email"]["files"][0]["name"], "Scan_0105.zip");
        assert_eq!(record["malware"][0]["uid"], "2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c");
        assert_eq!(record["severity_id"], 4);
    }

    #[test]
    fn message_separates_header_and_envelope() {
        let message = r#"{"GUID":"pQ7exampleGuid0000000000000003","QID":"61M4e2example2","ccAddresses":[],"completelyRewritten":true,"fromAddress":["payroll@partner.example.org"],"headerFrom":"Payroll <payroll@partner.example.org>","headerReplyTo":"Payroll <reply@partner.example.org>","impostorScore":0,"malwareScore":0,"messageID":"<c3d4example@partner.example.org>","messageParts":[{"contentType":"application/vnd.ms-excel","disposition":"attached","filename":"rates.xls","md5":"6f5e4d3c2b1a09f8e7d6c5b4a3928170","oContentType":"application/vnd.ms-excel","sandboxStatus":"clean","sha256":"4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d"}],"messageSize":9120,"messageTime":"2026-01-05T11:20:00.000Z","modulesRun":["urldefense"],"phishScore":70,"policyRoutes":["default_inbound"],"quarantineFolder":null,"quarantineRule":null,"recipient":["li.wong@acme.example","finance-list@acme.example"],"replyToAddress":["reply@partner.example.org"],"sender":"bounce-4411@mailer.example.net","senderIP":"198.51.100.140","spamScore":20,"subject":"Updated rates","threatsInfoMap":[{"campaignID":null,"classification":"PHISH","threat":"https://rates.example.net/view","threatID":"5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e","threatStatus":"active","threatTime":"2026-01-05T11:21:00.000Z","threatType":"URL","threatUrl":"https://threatinsight.proofpoint.com/0a1b2c3d/threat/email/5d6e7f8a"}],"toAddresses":["finance-list@acme.example"],"xmailer":null}"#;
        let outcomes = parse_str("proofpoint_tap", message, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["email"]["from"], "payroll@partner.example.org", "From header");
        assert_eq!(record["email"]["smtp_from"], "bounce-4411@mailer.example.net", "MAIL FROM");
        assert_eq!(record["email"]["to"], serde_json::json!(["finance-list@acme.example"]), "To header");
        assert_eq!(record["email"]["smtp_to"], serde_json::json!(["li.wong@acme.example", "finance-list@acme.example"]), "RCPT TO");
        assert_eq!(record["email"]["reply_to"], "reply@partner.example.org");
        assert_eq!(record["email"]["urls"][0]["url_string"], "https://rates.example.net/view", "threatType is matched in any case");
        let hashes = &record["email"]["files"][0]["hashes"];
        assert_eq!(hashes[0]["algorithm"], "MD5");
        assert_eq!(hashes[1]["algorithm"], "SHA-256");
        testing::assert_valid_ocsf(record, "message with header and envelope addresses");
    }

    #[test]
    fn blocked_click_maps_to_blocked_finding() {
        let page = format!(r#"{{"queryEndTime":"2026-01-05T10:05:00Z","clicksBlocked":[{CLICK}]}}"#);
        let outcomes = parse_str("proofpoint_tap", &page, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["disposition_id"], 2);
        assert_eq!(record["evidences"][0]["url"]["url_string"], "https://login-portal.example.net/o365/auth?id=Zx81example");
        assert_eq!(record["evidences"][0]["src_endpoint"]["ip"], "192.0.2.30", "the click comes from clickIP");
        assert_eq!(record["evidences"][1]["src_endpoint"]["ip"], "198.51.100.88", "the message comes from senderIP");
        assert_eq!(record["evidences"][1]["email"]["from"], "it-desk@login-portal.example.net");
        assert_eq!(record["evidences"][1]["email"]["message_uid"], "<b2c3d4example@login-portal.example.net>");
    }

    #[test]
    fn empty_page_yields_no_event() {
        let outcomes = parse_str("proofpoint_tap", r#"{"queryEndTime":"2026-01-05T10:05:00Z","messagesDelivered":[],"clicksBlocked":[]}"#, ParseOptions::default()).unwrap();
        assert!(outcomes.is_empty(), "{outcomes:?}");
    }

    #[test]
    fn malformed_input_is_rejected() {
        let cases = [
            ("plain text", "click permitted for hana.sato"),
            ("truncated JSON", r#"{"clickTime":"2026-01-05T10:02:03.000Z","url":"#),
            ("neither click nor message", r#"{"GUID":"x","subject":"hello"}"#),
            ("click with invalid time", r#"{"clickTime":"yesterday","url":"https://a.example"}"#),
            ("page with an entry that is not an object", r#"{"queryEndTime":"2026-01-05T10:05:00Z","clicksBlocked":[42]}"#),
            ("page entries without times", r#"{"queryEndTime":"2026-01-05T10:05:00Z","clicksBlocked":[{},{}],"messagesBlocked":[{"GUID":"x"}]}"#),
        ];
        for (name, text) in cases {
            let outcomes = parse_str("proofpoint_tap", text, ParseOptions::default()).unwrap();
            assert!(!outcomes.is_empty(), "{name}: no outcome");
            assert!(outcomes.iter().all(Result::is_err), "{name}: accepted");
        }
    }

    #[test]
    fn corpus_samples_parse() {
        let Some(samples) = testing::corpus_samples(&["sekoia/ProofPoint/proofpoint-tap"], |_| true) else {
            println!("corpus not found; skipped");
            return;
        };
        let outcomes = testing::corpus_outcomes("proofpoint_tap", &samples);
        let failed: Vec<_> = outcomes.iter().filter(|o| o.result.is_err()).map(|o| o.name.as_str()).collect();
        assert!(failed.is_empty(), "corpus samples not parsed: {failed:?}");
    }
}
