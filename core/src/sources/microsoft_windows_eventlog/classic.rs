//! The classic text rendering of Windows events, as the Splunk Universal Forwarder writes it
//! for its `WinEventLog` sourcetypes. An event is a local date line, `Key=Value` header lines
//! (`LogName`, `SourceName`, `EventCode`, `ComputerName`, ...), and a `Message=` whose
//! rendered text runs to the end of the event:
//!
//! ```text
//! 03/02/2026 09:15:44 AM
//! LogName=Security
//! EventCode=4625
//! ComputerName=ws-0412.corp.test
//! Message=An account failed to log on.
//!
//! Subject:
//!     Security ID:        S-1-0-0
//!     Account Name:       -
//! ```
//!
//! The rendered message also comes with agent renderings (NXLog `Message`, Winlogbeat
//! `message`). Its `Label: value` lines map back to the EventData names of the event schema,
//! by section where the same label means different accounts (`Subject:` or `New Logon:`).

use serde_json::Value;

use crate::field_map::FieldMap;

/// Returns true when `line` starts an event of the classic rendering: the date line
/// (`03/12/2026 10:48:14 AM`) or a `LogName=` header.
pub fn starts_event(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("LogName=") || local_time(line).is_some()
}

/// Converts the date line `MM/DD/YYYY hh:mm:ss AM` into `YYYY-MM-DD HH:MM:SS`, a time without
/// a zone because the forwarder writes the local time of the Windows host.
fn local_time(line: &str) -> Option<String> {
    let (date, rest) = line.split_once(' ')?;
    let (clock, meridiem) = rest.trim().split_once(' ')?;
    let mut date_parts = date.split('/');
    let (month, day, year) = (date_parts.next()?, date_parts.next()?, date_parts.next()?);
    let mut clock_parts = clock.split(':');
    let (hour, minute, second) = (clock_parts.next()?, clock_parts.next()?, clock_parts.next()?);
    if date_parts.next().is_some() || clock_parts.next().is_some() {
        return None;
    }
    let number = |text: &str, max_len: usize| -> Option<u32> {
        (!text.is_empty() && text.len() <= max_len && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
    };
    let (month, day, year) = (number(month, 2)?, number(day, 2)?, number(year, 4)?);
    let (hour, minute, second) = (number(hour, 2)?, number(minute, 2)?, number(second, 2)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1..=12).contains(&hour) || minute > 59 || second > 60 {
        return None;
    }
    let hour = match meridiem.trim() {
        "AM" | "am" => hour % 12,
        "PM" | "pm" => hour % 12 + 12,
        _ => return None,
    };
    Some(format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}"))
}

/// Returns the field name that a header of the classic rendering is stored under.
fn header_target(key: &str) -> Option<&'static str> {
    Some(match key {
        "LogName" => "Channel",
        "SourceName" => "Provider.Name",
        "EventCode" => "EventID",
        "ComputerName" => "Computer",
        "RecordNumber" => "EventRecordID",
        "Sid" => "Security.UserID",
        "User" => "Security.UserName",
        "Type" => "RenderingInfo.Level",
        "TaskCategory" => "RenderingInfo.Task",
        "OpCode" => "RenderingInfo.Opcode",
        "Keywords" => "RenderingInfo.Keywords",
        _ => return None,
    })
}

/// Reads one event of the classic rendering into fields named as [`super::read`] names
/// those of event XML. Returns `None` when no `EventCode=` header is found.
pub fn parse(text: &str) -> Option<FieldMap> {
    let mut fields = FieldMap::new();
    let mut lines = text.lines();
    let mut message: Option<String> = None;
    for line in lines.by_ref() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(time) = local_time(trimmed) {
            fields.entry("TimeCreated.SystemTime").or_insert(Value::String(time));
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key == "Message" {
            message = Some(value.trim().to_string());
            break;
        }
        if let Some(target) = header_target(key) {
            let value = value.trim();
            let value = match target {
                "EventID" | "EventRecordID" => value.parse::<i64>().map_or_else(|_| Value::String(value.to_string()), Value::from),
                _ => Value::String(value.to_string()),
            };
            fields.insert(target.to_string(), value);
        }
    }
    if !fields.contains_key("EventID") {
        return None;
    }
    if let Some(mut message) = message {
        for line in lines {
            message.push('\n');
            message.push_str(line.trim_end_matches('\r'));
        }
        let message = message.trim_end().to_string();
        fields.insert("RenderingInfo.Message", Value::String(message));
    }
    Some(fields)
}

/// Account role of a message section, taken from the section header above a label:
/// `Subject:` names the acting account and `New Logon:` the account logged on.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    None,
    Subject,
    Target,
    /// The account of a session event, named by the items `AccountName`, `AccountDomain` and
    /// `LogonID`.
    SessionAccount,
    Member,
    Group,
    Network,
}

/// Returns the role of the section under `header` in the message of event `event_id`.
fn section_role(header: &str, event_id: Option<i64>) -> Role {
    match header.to_ascii_lowercase().as_str() {
        "subject" => match event_id {
            // The logoff events put the account logged off under `Subject:`, but name it
            // TargetUserName, TargetDomainName, TargetUserSid and TargetLogonId.
            Some(4634 | 4647) => Role::Target,
            // The session reconnect and disconnect events name it AccountName.
            Some(4778 | 4779) => Role::SessionAccount,
            _ => Role::Subject,
        },
        "creator subject" => Role::Subject,
        "new logon" | "account for which logon failed" | "target subject" | "target account" | "new account" | "account whose credentials were used"
        | "account information" | "logon account" | "user" | "account that was locked out" => Role::Target,
        "member" => Role::Member,
        "group" => Role::Group,
        "network information" => Role::Network,
        _ => Role::None,
    }
}

/// Returns the EventData name of a message label in a section, for the labels that name an
/// account, a logon or an address.
fn data_name(role: Role, label: &str, saw_wfp_address: bool) -> Option<&'static str> {
    let by_role = |subject, target, member, group| match role {
        Role::Subject => subject,
        Role::Target => target,
        Role::Member => member,
        Role::Group => group,
        Role::None | Role::Network | Role::SessionAccount => None,
    };
    if role == Role::SessionAccount {
        match label {
            "Account Name" => return Some("AccountName"),
            "Account Domain" => return Some("AccountDomain"),
            "Logon ID" => return Some("LogonID"),
            _ => {}
        }
    }
    Some(match label {
        "Security ID" => return by_role(Some("SubjectUserSid"), Some("TargetUserSid"), Some("MemberSid"), Some("TargetSid")),
        "Account Name" | "User Name" => return by_role(Some("SubjectUserName"), Some("TargetUserName"), Some("MemberName"), None),
        "Account Domain" | "Domain" => return by_role(Some("SubjectDomainName"), Some("TargetDomainName"), None, None),
        "Group Name" => "TargetUserName",
        "Group Domain" => "TargetDomainName",
        "Logon ID" => return by_role(Some("SubjectLogonId"), Some("TargetLogonId"), None, None),
        "User ID" => "TargetSid",
        "Supplied Realm Name" => "TargetDomainName",
        "Linked Logon ID" => "TargetLinkedLogonId",
        "Logon GUID" => "LogonGuid",
        "Logon Type" => "LogonType",
        "Logon Account" => "TargetUserName",
        "Source Workstation" => "Workstation",
        // 4740 writes the caller computer name in the TargetDomainName item.
        "Caller Computer Name" => "TargetDomainName",
        "Workstation Name" => "WorkstationName",
        "Source Network Address" => "IpAddress",
        "Client Address" if role == Role::Network => "IpAddress",
        "Client Address" => "ClientAddress",
        "Client Port" => "IpPort",
        "Client Name" => "ClientName",
        "Source Port" if saw_wfp_address => "SourcePort",
        "Source Port" => "IpPort",
        "Source Address" => "SourceAddress",
        "Destination Address" => "DestAddress",
        "Destination Port" => "DestPort",
        "Direction" => "Direction",
        "Protocol" => "Protocol",
        "Application Name" => "Application",
        "Process ID" | "Caller Process ID" | "Creator Process ID" => "ProcessId",
        "Process Name" | "Caller Process Name" => "ProcessName",
        "New Process ID" => "NewProcessId",
        "New Process Name" => "NewProcessName",
        "Creator Process Name" => "ParentProcessName",
        "Process Command Line" => "CommandLine",
        "Token Elevation Type" => "TokenElevationType",
        "Mandatory Label" => "MandatoryLabel",
        "Exit Status" | "Error Code" | "Result Code" => "Status",
        "Failure Reason" => "FailureReason",
        "Status" => "Status",
        "Sub Status" => "SubStatus",
        "Logon Process" => "LogonProcessName",
        "Authentication Package" => "AuthenticationPackageName",
        "Package Name (NTLM only)" => "LmPackageName",
        "Service Name" => "ServiceName",
        "Service ID" => "ServiceSid",
        "Target Server Name" => "TargetServerName",
        "Ticket Options" => "TicketOptions",
        "Ticket Encryption Type" => "TicketEncryptionType",
        "Pre-Authentication Type" => "PreAuthType",
        "Object Server" => "ObjectServer",
        "Object Type" => "ObjectType",
        "Object Name" => "ObjectName",
        "Handle ID" => "HandleId",
        "Accesses" => "AccessList",
        "Access Mask" => "AccessMask",
        "Privileges" => "PrivilegeList",
        "Share Name" => "ShareName",
        "Share Path" => "ShareLocalPath",
        "Relative Target Name" => "RelativeTargetName",
        "Session Name" => "SessionName",
        "Task Name" => "TaskName",
        "Requester" => "Requester",
        "Request ID" => "RequestId",
        "Calling Station Identifier" => "CallingStationID",
        "Called Station Identifier" => "CalledStationID",
        "NAS IPv4 Address" => "NASIPv4Address",
        "NAS IPv6 Address" => "NASIPv6Address",
        "Authentication Server" => "AuthenticationServer",
        _ => return None,
    })
}

/// Splits a message line into its label and value: `\tAccount Name:\t\tj.meyer`. The label
/// ends at the first colon followed by white space or the end of the line, so values such as
/// `C:\Windows` or `::1` stay whole.
fn split_label(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(found) = line.get(from..)?.find(':') {
        let at = from + found;
        match bytes.get(at + 1) {
            None | Some(b' ' | b'\t') => {
                let label = line[..at].trim();
                return (!label.is_empty()).then(|| (label, line[at + 1..].trim()));
            }
            _ => from = at + 1,
        }
    }
    None
}

/// EventData items read from a rendered message.
#[derive(Default)]
pub struct MessageData {
    /// Item names and values, each name once with the value of its first line.
    pub items: Vec<(&'static str, String)>,
    /// Names that more than one line of the message gave a value for, whose value in `items`
    /// may come from the wrong line.
    pub repeated: Vec<&'static str>,
}

/// Reads the `Label: value` lines of a rendered English message of event `event_id` into
/// EventData items. A label without a value at the start of a line opens a section. Indented
/// lines without a label continue the value above them, as in the privileges and accesses
/// lists.
///
/// NOTE: only English labels are known, so a message rendered in another language gives no
/// items.
pub fn message_data(message: &str, event_id: Option<i64>) -> MessageData {
    let mut items: Vec<(&'static str, String)> = Vec::new();
    let mut repeated: Vec<&'static str> = Vec::new();
    let mut role = Role::None;
    let mut saw_wfp_address = false;
    let mut continues = false;
    for raw in message.lines() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continues = false;
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        match split_label(trimmed) {
            Some((label, "")) if !indented => {
                role = section_role(label, event_id);
                continues = false;
            }
            Some((label, value)) => {
                saw_wfp_address |= label == "Source Address";
                continues = false;
                if value.is_empty() {
                    continue;
                }
                if let Some(name) = data_name(role, label, saw_wfp_address) {
                    if !items.iter().any(|(known, _)| *known == name) {
                        items.push((name, value.to_string()));
                        continues = matches!(name, "AccessList" | "PrivilegeList");
                    } else if !repeated.contains(&name) {
                        repeated.push(name);
                    }
                }
            }
            None if continues && indented => {
                if let Some((_, value)) = items.last_mut() {
                    value.push('\n');
                    value.push_str(trimmed);
                }
            }
            None => continues = false,
        }
    }
    MessageData { items, repeated }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_line_reads_as_local_time() {
        assert_eq!(local_time("03/02/2026 09:15:44 AM").as_deref(), Some("2026-03-02 09:15:44"));
        assert_eq!(local_time("03/02/2026 12:00:01 AM").as_deref(), Some("2026-03-02 00:00:01"));
        assert_eq!(local_time("3/2/2026 12:30:00 PM").as_deref(), Some("2026-03-02 12:30:00"));
        assert_eq!(local_time("11/30/2025 11:59:59 PM").as_deref(), Some("2025-11-30 23:59:59"));
        assert_eq!(local_time("13/02/2026 09:15:44 AM"), None);
        assert_eq!(local_time("03/02/2026 09:15:44"), None);
        assert_eq!(local_time("LogName=Security"), None);
    }

    #[test]
    fn label_split_keeps_colons_of_values() {
        assert_eq!(split_label("Process Name:\tC:\\Windows\\explorer.exe"), Some(("Process Name", "C:\\Windows\\explorer.exe")));
        assert_eq!(split_label("Source Network Address:\t::1"), Some(("Source Network Address", "::1")));
        assert_eq!(split_label("Subject:"), Some(("Subject", "")));
        assert_eq!(split_label("no label here"), None);
    }

    #[test]
    fn message_sections_name_the_accounts() {
        let message = "An account was successfully logged on.\n\nSubject:\n\tSecurity ID:\t\tS-1-5-18\n\tAccount Name:\t\tWS-0412$\n\
                       \tAccount Domain:\t\tCORP\n\nNew Logon:\n\tSecurity ID:\t\tS-1-5-21-1-2-3-1013\n\tAccount Name:\t\tj.meyer\n\
                       \tAccount Domain:\t\tCORP\n\nNetwork Information:\n\tWorkstation Name:\tWS-0412\n\tSource Network Address:\t203.0.113.9\n\
                       \tSource Port:\t\t50122\n\nPrivileges:\t\tSeBackupPrivilege\n\t\t\tSeRestorePrivilege\n";
        let items = message_data(message, Some(4624)).items;
        let get = |name: &str| items.iter().find(|(known, _)| *known == name).map(|(_, value)| value.as_str());
        assert_eq!(get("SubjectUserName"), Some("WS-0412$"));
        assert_eq!(get("SubjectUserSid"), Some("S-1-5-18"));
        assert_eq!(get("TargetUserName"), Some("j.meyer"));
        assert_eq!(get("TargetDomainName"), Some("CORP"));
        assert_eq!(get("IpAddress"), Some("203.0.113.9"));
        assert_eq!(get("IpPort"), Some("50122"));
        assert_eq!(get("PrivilegeList"), Some("SeBackupPrivilege\nSeRestorePrivilege"));
    }

    #[test]
    fn filtering_platform_ports_stay_apart_from_logon_ports() {
        let message = "The Windows Filtering Platform has permitted a connection.\n\nNetwork Information:\n\tDirection:\t\tOutbound\n\
                       \tSource Address:\t\t192.0.2.10\n\tSource Port:\t\t51000\n\tDestination Address:\t198.51.100.4\n\tDestination Port:\t\t443\n";
        let items = message_data(message, Some(5156)).items;
        assert!(items.contains(&("SourcePort", "51000".to_string())));
        assert!(items.contains(&("DestAddress", "198.51.100.4".to_string())));
        assert!(!items.iter().any(|(name, _)| *name == "IpPort"));
    }
}
