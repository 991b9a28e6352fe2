//! Rendering fields as single-line Windows Event XML.

use crate::fields::Fields;
use crate::format::winxml::{self, System};

/// The element and namespace that wrap the `UserData` payload of an event id.
fn user_data_element(event_id: &str) -> (&'static str, &'static str) {
    match event_id {
        "104" | "1102" => ("LogFileCleared", "http://manifests.microsoft.com/win/2004/08/windows/eventlog"),
        "1100" => ("ServiceShutdown", "http://manifests.microsoft.com/win/2004/08/windows/eventlog"),
        _ => ("EventXML", "Event_NS"),
    }
}

// Names of the System fields. `fill` writes them through these statics, so each name has
// one address and the writer's name comparisons usually succeed on the address alone.
pub(super) static PROVIDER_NAME: &str = "Provider.Name";
pub(super) static PROVIDER_GUID: &str = "Provider.Guid";
pub(super) static EVENT_ID: &str = "EventID";
pub(super) static VERSION: &str = "Version";
pub(super) static LEVEL: &str = "Level";
pub(super) static TASK: &str = "Task";
pub(super) static OPCODE: &str = "Opcode";
pub(super) static KEYWORDS: &str = "Keywords";
pub(super) static TIME_CREATED: &str = "TimeCreated.SystemTime";
pub(super) static EVENT_RECORD_ID: &str = "EventRecordID";
pub(super) static ACTIVITY_ID: &str = "Correlation.ActivityID";
pub(super) static PROCESS_ID: &str = "Execution.ProcessID";
pub(super) static THREAD_ID: &str = "Execution.ThreadID";
pub(super) static CHANNEL: &str = "Channel";
pub(super) static COMPUTER: &str = "Computer";
pub(super) static USER_ID: &str = "Security.UserID";

/// Returns the System field names in the order `fill` writes them, the order of [`System`].
fn system_fields() -> [&'static str; 16] {
    [
        PROVIDER_NAME,
        PROVIDER_GUID,
        EVENT_ID,
        VERSION,
        LEVEL,
        TASK,
        OPCODE,
        KEYWORDS,
        TIME_CREATED,
        EVENT_RECORD_ID,
        ACTIVITY_ID,
        PROCESS_ID,
        THREAD_ID,
        CHANNEL,
        COMPUTER,
        USER_ID,
    ]
}

/// Returns the values of the [`system_fields`], each the first field of that name as
/// [`Fields::get`] returns it.
fn system_values(fields: &Fields) -> [Option<&str>; 16] {
    let mut values = [None; 16];
    for (value, name) in values.iter_mut().zip(system_fields()) {
        *value = fields.get(name);
    }
    values
}

/// Compares two field names, first by address, which matches when both come from the same
/// static.
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.as_ptr() == b.as_ptr() || a == b)
}

/// Appends the event in `fields`: the System block from the System fields, then the
/// `EventData.*` fields as `Data` items or the `UserData.*` fields inside the provider's
/// `UserData` element, in the order of `fields`.
///
/// Generated fields start with the System fields in the order of [`system_fields`], so one
/// walk over them finds the values without a scan of all fields per name. A name missing at
/// the walk's position, such as the `Security.UserID` that generation never writes, is taken
/// as absent, and the walk over the remaining fields checks that no field of that name comes
/// later. If one does, the event is written again from values that [`Fields::get`] finds.
pub fn write(_variant: usize, fields: &Fields, out: &mut String) {
    let start = out.len();
    let mut rest = fields.iter().peekable();
    let mut values = [None; 16];
    for (value, name) in values.iter_mut().zip(system_fields()) {
        // Every field before the walk's position matched an earlier, different name, so a
        // match at that position is the first field of its name.
        *value = rest.next_if(|(field, _, _)| same_name(field, name)).map(|(_, _, text)| text);
    }
    if !write_event(fields, values, rest, true, out) {
        out.truncate(start);
        write_event(fields, system_values(fields), fields.iter(), false, out);
    }
}

/// Returns true when `name` is a System field name whose value in `values` is absent.
fn is_absent_system_name(name: &str, values: &[Option<&str>; 16]) -> bool {
    system_fields().iter().zip(values).any(|(system, value)| value.is_none() && same_name(name, system))
}

/// Appends the event from the System `values` and the payload fields in `rest`. With
/// `check_absent`, it returns false, leaving `out` unfinished, when `rest` contains a field
/// named after a System value that `values` lacks.
fn write_event<'a>(
    fields: &'a Fields,
    values: [Option<&'a str>; 16],
    mut rest: impl Iterator<Item = (&'static str, crate::fields::Kind, &'a str)>,
    check_absent: bool,
    out: &mut String,
) -> bool {
    let [provider_name, provider_guid, event_id, version, level, task, opcode, keywords, time_created, event_record_id, activity_id, process_id, thread_id, channel, computer, user_id] =
        values;
    let system = System {
        provider_name: provider_name.unwrap_or(""),
        provider_guid,
        event_id: event_id.unwrap_or(""),
        version: version.unwrap_or(""),
        level: level.unwrap_or(""),
        task: task.unwrap_or(""),
        opcode: opcode.unwrap_or(""),
        keywords: keywords.unwrap_or(""),
        time_created: time_created.unwrap_or(""),
        event_record_id: event_record_id.unwrap_or(""),
        activity_id,
        process_id: process_id.unwrap_or(""),
        thread_id: thread_id.unwrap_or(""),
        channel: channel.unwrap_or(""),
        computer: computer.unwrap_or(""),
        user_id,
    };
    // One scan of the value buffer finds the few values to escape.
    let mut scan = winxml::field_scan(fields.text());
    winxml::write_event_start_scanned(out, &system, &mut |value| scan.needs_escape(value));

    // Events carry EventData items unless `fill` wrote UserData ones. One walk writes the
    // EventData items and starts over with the UserData payload when it meets a UserData item.
    // Each item is written with the start of the next one, and the start after the last item
    // is cut off again.
    let payload_start = out.len();
    out.push_str(winxml::EVENT_DATA_START);
    while let Some((name, _, value)) = rest.next() {
        if let Some(name) = name.strip_prefix("EventData.") {
            // Field names are string literals of `fill`, which need no escaping. A unit test
            // checks every name that `fill` writes.
            winxml::write_data_chained(out, name, value, scan.needs_escape(value));
        } else if name.starts_with("UserData.") {
            if check_absent && rest.any(|(name, _, _)| is_absent_system_name(name, &values)) {
                return false;
            }
            out.truncate(payload_start);
            write_user_data(fields, system.event_id, out);
            winxml::write_event_end(out);
            return true;
        } else if check_absent && is_absent_system_name(name, &values) {
            return false;
        }
    }
    winxml::end_event_data_chained(out);
    winxml::write_event_end(out);
    true
}

/// Appends the `UserData.*` fields inside the `UserData` element of the event id.
fn write_user_data(fields: &Fields, event_id: &str, out: &mut String) {
    let (element, namespace) = user_data_element(event_id);
    out.push_str("<UserData><");
    out.push_str(element);
    out.push_str(" xmlns='");
    out.push_str(namespace);
    out.push_str("'>");
    for (name, _, value) in fields.iter() {
        if let Some(name) = name.strip_prefix("UserData.") {
            winxml::write_element(out, name, value);
        }
    }
    out.push_str("</");
    out.push_str(element);
    out.push_str("></UserData>");
}
