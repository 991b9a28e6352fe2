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

/// Appends the event in `fields`: the System block from the System fields, then the
/// `EventData.*` fields as `Data` items or the `UserData.*` fields inside the provider's
/// `UserData` element, in the order of `fields`.
pub fn write(_variant: usize, fields: &Fields, out: &mut String) {
    let get = |name: &str| fields.get(name).unwrap_or("");
    let system = System {
        provider_name: get("Provider.Name"),
        provider_guid: fields.get("Provider.Guid"),
        event_id: get("EventID"),
        version: get("Version"),
        level: get("Level"),
        task: get("Task"),
        opcode: get("Opcode"),
        keywords: get("Keywords"),
        time_created: get("TimeCreated.SystemTime"),
        event_record_id: get("EventRecordID"),
        activity_id: fields.get("Correlation.ActivityID"),
        process_id: get("Execution.ProcessID"),
        thread_id: get("Execution.ThreadID"),
        channel: get("Channel"),
        computer: get("Computer"),
        user_id: fields.get("Security.UserID"),
    };
    winxml::write_event_start(out, &system);

    let user_data: Vec<(&str, &str)> = fields.iter().filter_map(|(name, _, value)| Some((name.strip_prefix("UserData.")?, value))).collect();
    if user_data.is_empty() {
        out.push_str("<EventData>");
        for (name, _, value) in fields.iter() {
            if let Some(name) = name.strip_prefix("EventData.") {
                winxml::write_data(out, name, value);
            }
        }
        out.push_str("</EventData>");
    } else {
        let (element, namespace) = user_data_element(system.event_id);
        out.push_str("<UserData><");
        out.push_str(element);
        out.push_str(" xmlns='");
        out.push_str(namespace);
        out.push_str("'>");
        for (name, value) in user_data {
            winxml::write_element(out, name, value);
        }
        out.push_str("</");
        out.push_str(element);
        out.push_str("></UserData>");
    }
    winxml::write_event_end(out);
}
