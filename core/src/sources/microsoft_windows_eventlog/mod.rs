//! Microsoft Windows Security and System event log, as Windows Event XML.
//!
//! Events follow the schemas that Windows Server 2019 and 2022 write. Security audit events
//! come from the `Microsoft-Windows-Security-Auditing` provider with its EventData field
//! names, order and event versions (4624 and 4688 version 2, the others version 0). Event
//! 1102 comes from the `Microsoft-Windows-Eventlog` provider with a `UserData/LogFileCleared`
//! payload.
//! Generated events are single-line XML as Windows Event Forwarding delivers them.
//! Vendor documentation:
//! <https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4624>
//! and the pages of the other event ids under the same folder.
//!
//! The parser reads these renderings:
//! - event XML, on one line or pretty-printed, with or without `RenderingInfo`;
//! - the classic text rendering of the Splunk forwarder: a date line, `LogName=`,
//!   `EventCode=` and further headers, then `Message=` with the rendered text over many lines;
//! - Winlogbeat and Elastic Agent JSON (`winlog.event_id`, `winlog.event_data.*`);
//! - NXLog `im_msvistalog` JSON (flat `EventID`, `Hostname`, EventData keys at the top level);
//! - Fluent Bit `winevtlog` and `winlog` JSON (flat `EventID`, `Computer` or `ComputerName`,
//!   the rendered `Message`, and the EventData values without names as `StringInserts`);
//! - Azure diagnostics (`properties.RawXml`), and XML inside a `message`, `_raw` or HEC
//!   `event` string.
//!
//! Field names: `System` children keep their element names (`EventID`, `Channel`,
//! `Computer`) and attributes are `element.attribute` (`Provider.Name`,
//! `TimeCreated.SystemTime`, `Execution.ProcessID`); EventData items are `EventData.<Name>`,
//! UserData items `UserData.<Name>` and RenderingInfo items `RenderingInfo.<Name>`. Numeric
//! System values are JSON numbers; EventData values stay text, as in the XML. The account of
//! the `Security` element is `Security.UserID` (its SID) and, where an agent resolved it,
//! `Security.UserName`, `Security.UserDomain` and `Security.UserType`. Winlogbeat's own
//! `user.*`, `source.*` and `destination.*` fields keep their names. Fluent Bit's
//! `StringInserts` get the names of their positions for the Security events whose item order
//! `event_data::LAYOUTS` lists, and stay unnamed for other events. EventData items that an
//! event still lacks are read from the `Label: value` lines of its rendered English message.

mod actors;
pub(crate) mod classic;
mod event_data;
mod file_access;
mod fill;
mod ocsf;
mod read;
mod render;
mod script_service;
mod sysmon;

#[cfg(test)]
mod tests;

pub(crate) use ocsf::logon_type_caption;

use serde_json::Value;

use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::error::ParseError;
use crate::fields::Fields;
use crate::ocsf::{class, Object};

/// Returns `prefix` followed by `name`, such as `EventData.TargetUserName`. The readers build
/// one such key per field, and `format!` costs several times more.
fn prefixed(prefix: &str, name: &str) -> String {
    let mut key = String::with_capacity(prefix.len() + name.len());
    key.push_str(prefix);
    key.push_str(name);
    key
}

/// The `microsoft_windows_eventlog` source.
pub struct MicrosoftWindowsEventlog;

const fn xml(name: &'static str, weight: u32, description: &'static str) -> Variant {
    Variant {
        name,
        weight,
        format: WireFormat::WindowsXml,
        description,
    }
}

const VARIANTS: &[Variant] = &[
    xml("4624_interactive", 5, "4624 logon type 2: a user signed in at the console"),
    xml("4624_network", 30, "4624 logon type 3: a network logon with Kerberos or NTLM, such as an SMB share access"),
    xml("4624_service", 8, "4624 logon type 5: the service control manager started a service under an account"),
    xml("4624_unlock", 3, "4624 logon type 7: a user unlocked the workstation"),
    xml("4624_remote_interactive", 2, "4624 logon type 10: a Remote Desktop logon"),
    xml("4624_cached_interactive", 2, "4624 logon type 11: a console logon with cached domain credentials"),
    xml("4625", 6, "4625: an account failed to log on (bad password, unknown user, locked out, disabled)"),
    xml("4634", 25, "4634: an account was logged off"),
    xml("4648", 3, "4648: a logon was attempted using explicit credentials"),
    xml("4672", 12, "4672: special privileges were assigned to a new logon"),
    xml("4688", 18, "4688: a new process was created, with its command line"),
    xml("4720", 1, "4720: a user account was created"),
    xml("4726", 1, "4726: a user account was deleted"),
    xml("4732", 1, "4732: a member was added to a security-enabled local group"),
    xml("1102", 0, "1102: the Security audit log was cleared (only on request)"),
    xml("4768", 8, "4768: the domain controller issued (or refused) a Kerberos TGT"),
    xml("4769", 12, "4769: the domain controller issued a Kerberos service ticket"),
    xml("4776", 6, "4776: the domain controller validated NTLM credentials"),
];

/// Indexes into [`VARIANTS`].
mod variant {
    pub const INTERACTIVE: usize = 0;
    pub const NETWORK: usize = 1;
    pub const SERVICE: usize = 2;
    pub const UNLOCK: usize = 3;
    pub const REMOTE_INTERACTIVE: usize = 4;
    pub const CACHED_INTERACTIVE: usize = 5;
    pub const LOGON_FAILED: usize = 6;
    pub const LOGOFF: usize = 7;
    pub const EXPLICIT_CREDENTIALS: usize = 8;
    pub const SPECIAL_PRIVILEGES: usize = 9;
    pub const PROCESS_CREATED: usize = 10;
    pub const USER_CREATED: usize = 11;
    pub const USER_DELETED: usize = 12;
    pub const GROUP_MEMBER_ADDED: usize = 13;
    pub const LOG_CLEARED: usize = 14;
    pub const KERBEROS_TGT: usize = 15;
    pub const KERBEROS_SERVICE_TICKET: usize = 16;
    pub const NTLM_VALIDATION: usize = 17;
}

static META: SourceMeta = SourceMeta {
    id: "microsoft_windows_eventlog",
    aliases: &[],
    vendor: "Microsoft",
    product: "Windows Security Event Log",
    category: "endpoint",
    formats: &[WireFormat::WindowsXml, WireFormat::Json, WireFormat::Text],
    sourcetype: "XmlWinEventLog",
    ocsf_classes: &[
        class::AUTHENTICATION,
        class::AUTHORIZE_SESSION,
        class::PROCESS_ACTIVITY,
        class::ACCOUNT_CHANGE,
        class::GROUP_MANAGEMENT,
        class::EVENT_LOG_ACTIVITY,
        ocsf::SCHEDULED_JOB_ACTIVITY,
        class::NETWORK_ACTIVITY,
        ocsf::SMB_ACTIVITY,
        class::FILE_ACTIVITY,
        class::DNS_ACTIVITY,
        1005,
        1009,
        201_001,
        201_002,
        201_004,
    ],
    doc_url: "https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4624",
    versions: "Windows Server 2019 and 2022 Security auditing schemas; Winlogbeat 7-8, NXLog im_msvistalog and Fluent Bit winevtlog JSON; Splunk WinEventLog classic text",
    known_gaps: &[
        "Rendered messages give EventData items only for English labels; localized messages give none",
        "Fluent Bit StringInserts are named only for the Security events of the item order table (4624, 4625, 4634, 4647, 4648, 4672, 4688, 4689, 4720, 4722 to 4726, 4738, 4740, group member events, 4768, 4769, 4776 and 1102)",
        "Events without an OCSF mapping (Sysmon other than events 1, 3, 5, 7, 11 to 14, 22, 23 and 26, PowerShell other than 4104, Defender, most System log events) map to the OCSF Base Event class, where the acting user is actor.user and addresses stay under unmapped",
        "Generated Computer names come from the world; Kerberos events carry IPv4-mapped addresses only",
        "Generation renders XML only; agent JSON renderings are read but not written",
    ],
    variants: VARIANTS,
    framing: Framing::WindowsXml,
    host_fields: &["Computer"],
};

impl Source for MicrosoftWindowsEventlog {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        fill::fill(ctx, fields);
    }

    fn write(&self, variant: usize, fields: &Fields, out: &mut String) {
        render::write(variant, fields, out);
    }

    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        read::parse_text(line, state)
    }

    fn parse_json(&self, value: &Value, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        read::parse_json(value, state)
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        ocsf::to_ocsf(parsed, options, &META)
    }
}
