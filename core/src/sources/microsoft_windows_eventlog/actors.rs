//! Actors and endpoints of Windows events: the accounts and network addresses that events
//! name in their documented fields, whatever the event id.
//!
//! The acting account is the first found of these:
//! - the `Subject*` EventData items of Security auditing events;
//! - an item that names one account as `DOMAIN\name` (Sysmon `User`, AD CS `Requester`);
//! - an `AccountName`/`AccountDomain` or `UserName`/`DomainName` pair;
//! - the `User = ` line of the PowerShell context;
//! - the user that Winlogbeat's pipelines write (`user.*`);
//! - the `Security` element of `System`: its SID, and the name an agent resolved it to.

use std::net::IpAddr;

use super::ocsf::View;
use crate::ocsf::RecordBuilder;

/// A Windows account as an event names it.
#[derive(Debug, Default, PartialEq)]
pub struct Account {
    pub name: Option<String>,
    pub domain: Option<String>,
    pub uid: Option<String>,
}

impl Account {
    fn is_empty(&self) -> bool {
        self.name.is_none() && self.uid.is_none()
    }

    /// Sets `path.name`, `path.domain` and `path.uid`.
    pub fn set(&self, record: &mut RecordBuilder, path: &str) {
        record.set_str(format!("{path}.name"), self.name.as_deref());
        record.set_str(format!("{path}.domain"), self.domain.as_deref());
        record.set_str(format!("{path}.uid"), self.uid.as_deref());
    }
}

/// Returns `text` unless it is a placeholder that Windows and agents write for no value.
fn present(text: Option<&str>) -> Option<&str> {
    text.map(str::trim)
        .filter(|t| !t.is_empty() && !matches!(*t, "-" | "N/A" | "n/a" | "NULL SID" | "S-1-0-0"))
}

/// Reads `DOMAIN\name`, a bare name, or a SID into an account.
pub fn qualified(text: &str) -> Account {
    let text = text.trim();
    if text.starts_with("S-1-") && !text.contains(['\\', ' ']) {
        return Account {
            uid: Some(text.to_string()),
            ..Account::default()
        };
    }
    match text.split_once('\\') {
        Some((domain, name)) if !name.is_empty() => Account {
            name: Some(name.to_string()),
            domain: present(Some(domain)).map(str::to_string),
            uid: None,
        },
        _ => Account {
            name: Some(text.to_string()),
            ..Account::default()
        },
    }
}

/// Builds an account from a name, a domain and a SID item, or `None` without a name or SID.
fn account(name: Option<&str>, domain: Option<&str>, uid: Option<&str>) -> Option<Account> {
    let name = present(name);
    let uid = present(uid);
    if name.is_none() && uid.is_none() {
        return None;
    }
    let mut account = name.map(qualified).unwrap_or_default();
    if account.domain.is_none() {
        account.domain = present(domain).map(str::to_string);
    }
    if account.uid.is_none() {
        account.uid = uid.map(str::to_string);
    }
    Some(account)
}

/// Returns the account in the `Subject*` EventData items, or `None` when they are empty.
pub fn subject(view: &View<'_>) -> Option<Account> {
    account(view.data("SubjectUserName"), view.data("SubjectDomainName"), view.data("SubjectUserSid"))
}

/// Returns the account that performed the action the event records, found as the module
/// documentation lists.
pub fn acting_user(view: &View<'_>) -> Option<Account> {
    if let Some(subject) = subject(view) {
        return Some(subject);
    }
    for name in ["User", "SourceUser", "Requester"] {
        if let Some(text) = present(view.data(name)) {
            return Some(qualified(text));
        }
    }
    let pairs = [("AccountName", "AccountDomain", "AccountSid"), ("UserName", "DomainName", "UserSid")];
    for (name, domain, sid) in pairs {
        if present(view.data(name)).is_some() {
            return account(view.data(name), view.data(domain), view.data(sid));
        }
    }
    if let Some(user) = powershell_user(view) {
        return Some(qualified(user));
    }
    let agent = account(view.get("user.name"), view.get("user.domain"), view.get("user.id"));
    if agent.is_some() {
        return agent;
    }
    account(view.get("Security.UserName"), view.get("Security.UserDomain"), view.get("Security.UserID")).filter(|a| !a.is_empty())
}

/// Returns the user of the PowerShell context: `User = DOMAIN\name` in the `ContextInfo` of
/// event 4103, or `UserId=DOMAIN\name` in the details of classic event 800.
fn powershell_user<'a>(view: &View<'a>) -> Option<&'a str> {
    let provider = view.get("Provider.Name").unwrap_or_default();
    let channel = view.get("Channel").unwrap_or_default();
    if !provider.contains("PowerShell") && !channel.contains("PowerShell") {
        return None;
    }
    let texts = ["EventData.ContextInfo", "EventData.param2", "EventData.param1", "RenderingInfo.Message"];
    for text in texts.iter().filter_map(|key| view.get(key)) {
        for line in text.lines() {
            let line = line.trim();
            let value = line
                .strip_prefix("User")
                .and_then(|rest| rest.trim_start().strip_prefix('='))
                .or_else(|| line.strip_prefix("UserId="));
            if let Some(user) = present(value) {
                return Some(user);
            }
        }
    }
    None
}

/// Reads an address as Windows and agents write it: plain, IPv4-mapped (`::ffff:192.0.2.1`),
/// with a port (`192.0.2.1:4431`, `[2001:db8::1]:443`), or as a comma-separated list whose
/// first entry is the client (AD FS `IpAddress`). Returns the address and the port.
pub fn address(text: &str) -> Option<(IpAddr, Option<u16>)> {
    let text = text.trim().trim_start_matches('\\');
    let text = text.split(',').next().unwrap_or(text).trim();
    let plain = |text: &str| -> Option<IpAddr> {
        let text = text.strip_prefix("::ffff:").unwrap_or(text);
        text.parse::<IpAddr>().ok()
    };
    if let Some(ip) = plain(text) {
        return Some((ip, None));
    }
    if let Some(rest) = text.strip_prefix('[') {
        let (ip, port) = rest.split_once("]:")?;
        return Some((plain(ip)?, port.parse().ok()));
    }
    let (ip, port) = text.rsplit_once(':')?;
    let ip = plain(ip).filter(IpAddr::is_ipv4)?;
    Some((ip, port.parse().ok()))
}

fn port(text: Option<&str>) -> Option<u16> {
    text?.trim().parse::<u16>().ok().filter(|port| *port > 0)
}

/// Returns the text of the first `<tag>` element inside the AD FS audit XML (`AuditBase`)
/// that AD FS auditing events (1200 and later) carry in an EventData item or their message.
pub fn adfs_audit_value<'a>(view: &View<'a>, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    view.fields
        .iter()
        .filter(|(key, _)| key.starts_with("EventData.") || *key == "RenderingInfo.Message")
        .filter_map(|(_, value)| value.as_str())
        .filter(|text| text.contains("<AuditBase"))
        .find_map(|text| {
            let start = text.find(&open)? + open.len();
            let end = text.get(start..)?.find(&close)? + start;
            present(text.get(start..end))
        })
}

/// Address items of the event's source: the client of a logon, share access, Remote
/// Desktop session or RADIUS request, the local end of a filtered connection (the initiator
/// of an outbound one), or the address Winlogbeat's pipeline wrote.
const SOURCE_ADDRESSES: &[(&str, &str)] = &[
    ("EventData.IpAddress", "EventData.IpPort"),
    ("EventData.ClientAddress", "EventData.ClientPort"),
    ("EventData.SourceAddress", "EventData.SourcePort"),
    ("EventData.SourceIp", "EventData.SourcePort"),
    ("EventData.CallingStationID", ""),
    ("source.ip", "source.port"),
];

/// Address items of the event's destination.
const DESTINATION_ADDRESSES: &[(&str, &str)] = &[
    ("EventData.DestAddress", "EventData.DestPort"),
    ("EventData.DestinationIp", "EventData.DestinationPort"),
    ("destination.ip", "destination.port"),
];

/// Sets `path.ip` and `path.port` from the first address item that contains an address, and
/// returns whether one did.
pub(super) fn set_address(view: &View<'_>, record: &mut RecordBuilder, path: &str, items: &[(&str, &str)]) -> bool {
    for (ip_key, port_key) in items {
        let Some((ip, inline_port)) = present(view.get(ip_key)).and_then(address) else {
            continue;
        };
        record.set(format!("{path}.ip"), ip.to_string());
        let port = inline_port.filter(|p| *p > 0).or_else(|| port(view.get(port_key)));
        record.set_opt(format!("{path}.port"), port);
        return true;
    }
    false
}

/// Sets `src_endpoint` from the event's source address and workstation name.
pub fn set_source(view: &View<'_>, record: &mut RecordBuilder) {
    let mut found = set_address(view, record, "src_endpoint", SOURCE_ADDRESSES);
    if !found {
        if let Some((ip, port)) = adfs_audit_value(view, "IpAddress").and_then(address) {
            record.set("src_endpoint.ip", ip.to_string());
            record.set_opt("src_endpoint.port", port);
            found = true;
        }
    }
    let hostname = view
        .data("WorkstationName")
        .or_else(|| view.data("Workstation"))
        .or_else(|| view.data("ClientName").filter(|name| address(name).is_none()))
        .or_else(|| view.data("SourceHostname"));
    if found || hostname.is_some() {
        record.set_str("src_endpoint.hostname", hostname.map(|name| name.trim_start_matches('\\')));
    }
}

/// Sets `dst_endpoint` from the event's destination address or, for Network Policy Server
/// events, the server that authenticated the request. Returns whether one was found.
pub fn set_destination(view: &View<'_>, record: &mut RecordBuilder) -> bool {
    if set_address(view, record, "dst_endpoint", DESTINATION_ADDRESSES) {
        record.set_str("dst_endpoint.hostname", view.data("DestinationHostname"));
        return true;
    }
    if let Some(server) = present(view.data("AuthenticationServer")) {
        match address(server) {
            Some((ip, _)) => record.set("dst_endpoint.ip", ip.to_string()),
            None => record.set("dst_endpoint.hostname", server),
        };
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_names_split() {
        let account = qualified("CORP\\j.meyer");
        assert_eq!(account.name.as_deref(), Some("j.meyer"));
        assert_eq!(account.domain.as_deref(), Some("CORP"));
        assert_eq!(qualified("S-1-5-18").uid.as_deref(), Some("S-1-5-18"));
        assert_eq!(qualified("alice").name.as_deref(), Some("alice"));
        assert_eq!(qualified("NT AUTHORITY\\SYSTEM").domain.as_deref(), Some("NT AUTHORITY"));
    }

    #[test]
    fn addresses_read_in_agent_forms() {
        let v4: IpAddr = "192.0.2.7".parse().unwrap();
        assert_eq!(address("::ffff:192.0.2.7"), Some((v4, None)));
        assert_eq!(address("192.0.2.7:4431"), Some((v4, Some(4431))));
        assert_eq!(address("192.0.2.7,198.51.100.2"), Some((v4, None)));
        assert_eq!(address("\\\\192.0.2.7"), Some((v4, None)));
        let v6: IpAddr = "2001:db8::1".parse().unwrap();
        assert_eq!(address("[2001:db8::1]:443"), Some((v6, Some(443))));
        assert_eq!(address("2001:db8::1"), Some((v6, None)));
        assert_eq!(address("a9-7c-7d-ac-47-67"), None);
        assert_eq!(address("WS-0412"), None);
    }
}
