//! Reading Windows events into fields: event XML, the classic text rendering, and the JSON
//! renderings of Winlogbeat, NXLog and Azure diagnostics.

use serde_json::{Map, Value};

use super::{classic, event_data};
use crate::field_map::FieldMap;
use crate::error::ParseError;
use crate::format::{json, winxml};
use crate::sources::{ParseState, Parsed};

/// System fields that are numbers in the ground truth.
const NUMERIC_SYSTEM: &[&str] = &["EventID", "Version", "Level", "Task", "Opcode", "EventRecordID", "Execution.ProcessID", "Execution.ThreadID"];

/// Reads one event given as text: event XML, the classic text rendering, or a JSON
/// rendering on one line. Comments, XML declarations and `<Events>` wrapper lines carry no
/// event.
pub fn parse_text(text: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.starts_with('{') {
        let value = json::parse(trimmed)?;
        return parse_json(&value, state);
    }
    if classic::starts_event(trimmed.lines().next().unwrap_or_default()) {
        return match classic::parse(trimmed) {
            Some(fields) => Ok(Some(finish(fields))),
            None => Err(ParseError::new(0, "not a Windows event: the classic text rendering has no EventCode= line")),
        };
    }
    if !trimmed.starts_with('<') {
        return Err(ParseError::new(
            0,
            "not a Windows event: expected event XML starting with <Event, a JSON rendering starting with {, \
             or the text rendering starting with a date or LogName= line",
        ));
    }
    let Some(start) = event_start(trimmed) else {
        let wrapper = ["<!--", "<?", "<Events", "</Events"].iter().any(|prefix| trimmed.starts_with(prefix));
        if wrapper {
            return Ok(None);
        }
        // Let the XML reader name what is wrong.
        winxml::parse_event(trimmed)?;
        return Err(ParseError::new(0, "not a Windows event: no <Event> element"));
    };
    let body = &trimmed[start..];
    let end = body.rfind("</Event>").map_or(body.len(), |end| end + "</Event>".len());
    let event = winxml::parse_event(&body[..end]).map_err(|err| ParseError::new(err.offset + start, err.reason))?;
    Ok(Some(from_xml(event)))
}

/// Returns the offset of the first `<Event` start tag, not `<Events`.
fn event_start(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text.get(from..)?.find("<Event") {
        let at = from + found;
        match text.as_bytes().get(at + "<Event".len()) {
            Some(b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n') | None => return Some(at),
            _ => from = at + 1,
        }
    }
    None
}

fn system_value(name: &str, text: &str) -> Value {
    if NUMERIC_SYSTEM.contains(&name) {
        if let Ok(number) = text.trim().parse::<i64>() {
            return Value::from(number);
        }
    }
    Value::String(text.to_string())
}

fn from_xml(event: winxml::WinEvent) -> Parsed {
    let mut fields = FieldMap::new();
    for (name, value) in &event.system {
        fields.insert(name.clone(), system_value(name, value));
    }
    for (name, value) in event.event_data {
        fields.insert(super::prefixed("EventData.", &name), Value::String(value));
    }
    if let Some(user_data) = event.user_data {
        for (name, value) in user_data.fields {
            fields.insert(super::prefixed("UserData.", &name), Value::String(value));
        }
    }
    for (name, value) in event.rendering_info {
        fields.insert(super::prefixed("RenderingInfo.", &name), Value::String(value));
    }
    finish(fields)
}

/// Names the event, after filling EventData items that the event lacks from its rendered
/// message: the classic text rendering has no others, and agents drop some.
fn finish(fields: FieldMap) -> Parsed {
    finish_with_inserts(fields, &[])
}

/// Names the event as [`finish`] does, and also fills the items that `inserts`, the payload
/// values of the event without their names, give by position. Only events of
/// [`event_data::LAYOUTS`] get names for their values.
fn finish_with_inserts(mut fields: FieldMap, inserts: &[Value]) -> Parsed {
    let id = event_id(&fields);
    let message = match fields.get("RenderingInfo.Message").and_then(Value::as_str) {
        Some(message) => classic::message_data(message, id),
        None => classic::MessageData::default(),
    };
    let version = fields.get("Version").and_then(|version| match version {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    });
    let positional = id.and_then(|id| event_data::positional_names(id, version, inserts.len())).unwrap_or_default();
    for (key, value) in positional.iter().zip(inserts) {
        // Precedence: items that the record names itself stay. A value by position replaces
        // the message value of its name in two cases. The message gave that name on more than
        // one line, so its first value may come from the wrong section. Or the value is a `%%`
        // message id, which the message renders as text that the mapping does not read.
        // Otherwise the labelled message value stays, in case an agent dropped an insert.
        let name = key.split_once('.').map_or(*key, |(_, name)| name);
        let text = text_of(value);
        let labelled = message.items.iter().any(|(known, _)| *known == name);
        let ambiguous = message.repeated.contains(&name);
        if labelled && !ambiguous && !text.starts_with("%%") {
            continue;
        }
        if fields.contains_key(&super::prefixed("EventData.", name)) || fields.contains_key(&super::prefixed("UserData.", name)) {
            continue;
        }
        fields.insert((*key).to_string(), Value::String(text));
    }
    for (name, value) in message.items {
        fields.entry(super::prefixed("EventData.", name)).or_insert(Value::String(value));
    }
    Parsed {
        variant: variant_of(&fields),
        fields,
    }
}

/// Returns the event id of parsed fields.
pub fn event_id(fields: &FieldMap) -> Option<i64> {
    match fields.get("EventID")? {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// Names the event: the generated variant names, or the event id for other known events.
fn variant_of(fields: &FieldMap) -> Option<&'static str> {
    let id = event_id(fields)?;
    if id == 4624 {
        let logon_type = fields.get("EventData.LogonType").and_then(Value::as_str).map(str::trim);
        return Some(match logon_type {
            Some("2") => "4624_interactive",
            Some("3") => "4624_network",
            Some("5") => "4624_service",
            Some("7") => "4624_unlock",
            Some("10") => "4624_remote_interactive",
            Some("11") => "4624_cached_interactive",
            _ => "4624",
        });
    }
    KNOWN_EVENTS.iter().find(|(known, _)| *known == id).map(|(_, name)| *name)
}

/// Event ids this source names and maps to an OCSF class other than Base Event.
pub const KNOWN_EVENTS: &[(i64, &str)] = &[
    (104, "104"),
    (1100, "1100"),
    (1102, "1102"),
    (4625, "4625"),
    (4634, "4634"),
    (4647, "4647"),
    (4648, "4648"),
    (4672, "4672"),
    (4688, "4688"),
    (4689, "4689"),
    (4698, "4698"),
    (4699, "4699"),
    (4700, "4700"),
    (4701, "4701"),
    (4702, "4702"),
    (4720, "4720"),
    (4722, "4722"),
    (4723, "4723"),
    (4724, "4724"),
    (4725, "4725"),
    (4726, "4726"),
    (4727, "4727"),
    (4728, "4728"),
    (4729, "4729"),
    (4730, "4730"),
    (4731, "4731"),
    (4732, "4732"),
    (4733, "4733"),
    (4734, "4734"),
    (4738, "4738"),
    (4740, "4740"),
    (4754, "4754"),
    (4756, "4756"),
    (4757, "4757"),
    (4758, "4758"),
    (4767, "4767"),
    (4768, "4768"),
    (4769, "4769"),
    (4770, "4770"),
    (4771, "4771"),
    (4776, "4776"),
    (4778, "4778"),
    (4779, "4779"),
];

// ---------------------------------------------------------------------------------------------
// JSON renderings

/// Reads one JSON rendering of a Windows event.
pub fn parse_json(value: &Value, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
    let Some(object) = value.as_object() else {
        return Err(ParseError::new(0, "expected a JSON object holding a Windows event"));
    };
    if object.get("winlog").is_some_and(Value::is_object) {
        return Ok(Some(from_winlogbeat(value)));
    }
    if let Some(xml) = embedded_xml(object) {
        return parse_text(xml, state);
    }
    let properties = object.get("properties").and_then(Value::as_object);
    if let Some(properties) = properties.filter(|p| has_event_id(p)) {
        return Ok(Some(from_flat(properties, object.get("time"))));
    }
    if has_event_id(object) {
        return Ok(Some(from_flat(object, None)));
    }
    for key in ["message", "Message", "_raw", "raw", "log", "event", "Event"] {
        if let Some(text) = object.get(key).and_then(Value::as_str) {
            return parse_text(text, state);
        }
    }
    Err(ParseError::new(
        0,
        "not a Windows event: the JSON object has no winlog object, no EventID and no event XML",
    ))
}

fn has_event_id(object: &Map<String, Value>) -> bool {
    ["EventID", "EventId", "EventCode"].iter().any(|key| object.contains_key(*key))
}

/// Returns event XML carried inside a JSON object, as Azure diagnostics (`RawXml`) and
/// some agents (`EventXml`, `xml`, `event.original`) do.
fn embedded_xml(object: &Map<String, Value>) -> Option<&str> {
    let is_xml = |text: &&str| text.trim_start().starts_with("<Event");
    for key in ["RawXml", "EventXml", "xml", "Xml"] {
        if let Some(text) = object.get(key).and_then(Value::as_str).filter(is_xml) {
            return Some(text);
        }
    }
    if let Some(properties) = object.get("properties").and_then(Value::as_object) {
        if let Some(text) = properties.get("RawXml").and_then(Value::as_str).filter(is_xml) {
            return Some(text);
        }
    }
    object.get("event").and_then(|e| e.get("original")).and_then(Value::as_str).filter(is_xml)
}

/// Text of a JSON value as it would appear in event XML.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn insert_system(fields: &mut FieldMap, name: &str, value: &Value) {
    if !fields.contains_key(name) && !value.is_null() {
        fields.insert(name.to_string(), system_value(name, &text_of(value)));
    }
}

/// Winlogbeat and Elastic Agent: `winlog.*` with the EventData under `winlog.event_data`.
fn from_winlogbeat(value: &Value) -> Parsed {
    let flat = json::flatten_object(value);
    let mut fields = FieldMap::new();
    let mapping: &[(&str, &str)] = &[
        ("winlog.event_id", "EventID"),
        ("event.code", "EventID"),
        ("winlog.provider_name", "Provider.Name"),
        ("event.provider", "Provider.Name"),
        ("winlog.provider_guid", "Provider.Guid"),
        ("winlog.version", "Version"),
        ("winlog.time_created", "TimeCreated.SystemTime"),
        ("@timestamp", "TimeCreated.SystemTime"),
        ("winlog.record_id", "EventRecordID"),
        ("winlog.activity_id", "Correlation.ActivityID"),
        ("winlog.process.pid", "Execution.ProcessID"),
        ("winlog.process.thread.id", "Execution.ThreadID"),
        ("winlog.channel", "Channel"),
        ("winlog.computer_name", "Computer"),
        ("host.name", "Computer"),
        ("winlog.user.identifier", "Security.UserID"),
        ("winlog.user.name", "Security.UserName"),
        ("winlog.user.domain", "Security.UserDomain"),
        ("winlog.user.type", "Security.UserType"),
    ];
    for (source, target) in mapping {
        if let Some(value) = flat.get(source) {
            insert_system(&mut fields, target, value);
        }
    }
    for (key, value) in &flat {
        if let Some(name) = key.strip_prefix("winlog.event_data.") {
            fields.insert(super::prefixed("EventData.", name), Value::String(text_of(value)));
        } else if let Some(name) = key.strip_prefix("winlog.user_data.") {
            if name != "xml_name" {
                fields.insert(super::prefixed("UserData.", name), Value::String(text_of(value)));
            }
        }
    }
    // Fields that Winlogbeat's processors and ingest pipelines write from the event: the
    // acting user and the endpoints. Some pipelines remove the EventData items they came from.
    for key in ["user.name", "user.domain", "user.id", "source.ip", "source.port", "destination.ip", "destination.port"] {
        if let Some(value) = flat.get(key).filter(|value| !value.is_null()) {
            fields.insert(key.to_string(), Value::String(text_of(value)));
        }
    }
    let rendered: &[(&str, &str)] = &[
        ("message", "RenderingInfo.Message"),
        ("log.level", "RenderingInfo.Level"),
        ("winlog.task", "RenderingInfo.Task"),
        ("winlog.opcode", "RenderingInfo.Opcode"),
        ("winlog.keywords", "RenderingInfo.Keywords"),
    ];
    for (source, target) in rendered {
        if let Some(value) = flat.get(source) {
            fields.insert((*target).to_string(), Value::String(text_of(value)));
        }
    }
    finish(fields)
}

/// Where a flat agent key goes: a System field, a rendered field, or nowhere.
enum Target {
    System(&'static str),
    Rendered(&'static str),
    Skip,
}

/// Flat keys of NXLog `im_msvistalog`, Fluent Bit `winevtlog`, Azure diagnostics and Microsoft
/// Sentinel renderings that are event metadata; every other key is an EventData item. Fluent
/// Bit's `StringInserts` are the EventData values without their names: [`from_flat`] names
/// them by position, so they are no item of their own.
fn flat_target(key: &str) -> Option<Target> {
    Some(match key {
        "EventID" | "EventId" | "EventCode" => Target::System("EventID"),
        "Hostname" | "HOSTNAME" | "Computer" | "hostname" | "ComputerName" => Target::System("Computer"),
        "SourceName" | "ProviderName" => Target::System("Provider.Name"),
        "ProviderGuid" => Target::System("Provider.Guid"),
        "Version" => Target::System("Version"),
        "Level" => Target::System("Level"),
        "Task" => Target::System("Task"),
        "OpcodeValue" => Target::System("Opcode"),
        "Keywords" => Target::System("Keywords"),
        "RecordNumber" | "EventRecordID" | "EventRecordId" => Target::System("EventRecordID"),
        "ProcessID" | "Pid" => Target::System("Execution.ProcessID"),
        "ThreadID" | "Tid" => Target::System("Execution.ThreadID"),
        "Channel" => Target::System("Channel"),
        "EventTime" | "TimeCreated" | "TimeGenerated" => Target::System("TimeCreated.SystemTime"),
        "ActivityID" | "ActivityId" => Target::System("Correlation.ActivityID"),
        "UserID" | "Sid" => Target::System("Security.UserID"),
        "AccountType" => Target::System("Security.UserType"),
        "Message" | "Description" => Target::Rendered("RenderingInfo.Message"),
        "Severity" => Target::Rendered("RenderingInfo.Level"),
        "Category" => Target::Rendered("RenderingInfo.Task"),
        "Opcode" => Target::Rendered("RenderingInfo.Opcode"),
        "EventType" => Target::Rendered("RenderingInfo.EventType"),
        "EventReceivedTime" | "SourceModuleName" | "SourceModuleType" | "SeverityValue" | "RelatedActivityID" | "DeploymentId" | "Role" | "RoleInstance" | "RawXml" | "@timestamp" | "@version" | "TimeWritten" | "StringInserts" | "Qualifiers" => Target::Skip,
        _ => return None,
    })
}

/// NXLog and other flat renderings: metadata keys by name, EventData items at the top level.
///
/// NXLog `im_msvistalog` adds `AccountName`, `Domain` and `AccountType` next to `UserID` when
/// it resolves the SID of the event's `Security` element. Without `UserID` and `AccountType`,
/// `AccountName` is the EventData item of that name (4778, 4779).
fn from_flat(object: &Map<String, Value>, time: Option<&Value>) -> Parsed {
    let mut fields = FieldMap::new();
    let resolved_user = object.contains_key("UserID") || object.contains_key("AccountType");
    for (key, value) in object {
        let target = match key.as_str() {
            "AccountName" if resolved_user => Some(Target::System("Security.UserName")),
            "Domain" if resolved_user => Some(Target::System("Security.UserDomain")),
            _ => flat_target(key),
        };
        match target {
            Some(Target::System("Keywords")) => {
                // NXLog writes Keywords as a signed 64-bit integer.
                let text = match value.as_i64() {
                    Some(number) => format!("0x{:x}", number as u64),
                    None => text_of(value),
                };
                fields.insert("Keywords", Value::String(text));
            }
            Some(Target::System(name)) => insert_system(&mut fields, name, value),
            Some(Target::Rendered(name)) => {
                fields.insert(name.to_string(), Value::String(text_of(value)));
            }
            Some(Target::Skip) => {}
            None if key.contains('.') => {}
            None => {
                fields.insert(super::prefixed("EventData.", key), Value::String(text_of(value)));
            }
        }
    }
    if let Some(time) = time {
        insert_system(&mut fields, "TimeCreated.SystemTime", time);
    }
    // Logstash and Elastic add `@timestamp` when they ship these records. It is the event time
    // only when the record carries none of its own.
    if let Some(time) = object.get("@timestamp") {
        insert_system(&mut fields, "TimeCreated.SystemTime", time);
    }
    let inserts = object.get("StringInserts").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    finish_with_inserts(fields, inserts)
}
