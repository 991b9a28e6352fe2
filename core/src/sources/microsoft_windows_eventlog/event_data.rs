//! EventData item names of the Security events, and their order in each event.
//!
//! The generator writes the items of its events through these names in the order of
//! [`LAYOUTS`], and the reader names the values of Fluent Bit's `StringInserts`, which carry
//! no names, by their position in the same lists. A unit test checks that every generated
//! event writes exactly the items of its layout, in order.
//!
//! The orders follow the event XML of Windows 10 and Windows Server 2016 to 2022 as
//! Microsoft documents it on each event's page, such as
//! <https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4624>.
//! A newer version of an event appends items to those of the older version, so the list of
//! the newest version also names the items of the older ones.

// Items of the account that acted.
pub const SUBJECT_USER_SID: &str = "EventData.SubjectUserSid";
pub const SUBJECT_USER_NAME: &str = "EventData.SubjectUserName";
pub const SUBJECT_DOMAIN_NAME: &str = "EventData.SubjectDomainName";
pub const SUBJECT_LOGON_ID: &str = "EventData.SubjectLogonId";

// Items of the account or group that the event is about.
pub const TARGET_USER_SID: &str = "EventData.TargetUserSid";
pub const TARGET_USER_NAME: &str = "EventData.TargetUserName";
pub const TARGET_DOMAIN_NAME: &str = "EventData.TargetDomainName";
pub const TARGET_LOGON_ID: &str = "EventData.TargetLogonId";
pub const TARGET_SID: &str = "EventData.TargetSid";
pub const TARGET_LOGON_GUID: &str = "EventData.TargetLogonGuid";
pub const TARGET_SERVER_NAME: &str = "EventData.TargetServerName";
pub const TARGET_INFO: &str = "EventData.TargetInfo";
pub const TARGET_OUTBOUND_USER_NAME: &str = "EventData.TargetOutboundUserName";
pub const TARGET_OUTBOUND_DOMAIN_NAME: &str = "EventData.TargetOutboundDomainName";
pub const TARGET_LINKED_LOGON_ID: &str = "EventData.TargetLinkedLogonId";

// Logon items.
pub const LOGON_TYPE: &str = "EventData.LogonType";
pub const LOGON_PROCESS_NAME: &str = "EventData.LogonProcessName";
pub const AUTHENTICATION_PACKAGE_NAME: &str = "EventData.AuthenticationPackageName";
pub const WORKSTATION_NAME: &str = "EventData.WorkstationName";
pub const LOGON_GUID: &str = "EventData.LogonGuid";
pub const TRANSMITTED_SERVICES: &str = "EventData.TransmittedServices";
pub const LM_PACKAGE_NAME: &str = "EventData.LmPackageName";
pub const KEY_LENGTH: &str = "EventData.KeyLength";
pub const PROCESS_ID: &str = "EventData.ProcessId";
pub const PROCESS_NAME: &str = "EventData.ProcessName";
pub const IP_ADDRESS: &str = "EventData.IpAddress";
pub const IP_PORT: &str = "EventData.IpPort";
pub const IMPERSONATION_LEVEL: &str = "EventData.ImpersonationLevel";
pub const RESTRICTED_ADMIN_MODE: &str = "EventData.RestrictedAdminMode";
pub const VIRTUAL_ACCOUNT: &str = "EventData.VirtualAccount";
pub const ELEVATED_TOKEN: &str = "EventData.ElevatedToken";
pub const STATUS: &str = "EventData.Status";
pub const FAILURE_REASON: &str = "EventData.FailureReason";
pub const SUB_STATUS: &str = "EventData.SubStatus";
pub const PRIVILEGE_LIST: &str = "EventData.PrivilegeList";

// Process creation items.
pub const NEW_PROCESS_ID: &str = "EventData.NewProcessId";
pub const NEW_PROCESS_NAME: &str = "EventData.NewProcessName";
pub const TOKEN_ELEVATION_TYPE: &str = "EventData.TokenElevationType";
pub const COMMAND_LINE: &str = "EventData.CommandLine";
pub const PARENT_PROCESS_NAME: &str = "EventData.ParentProcessName";
pub const MANDATORY_LABEL: &str = "EventData.MandatoryLabel";

// User account items.
/// The first item of 4738, a placeholder without meaning (`-` in Microsoft's sample event).
pub const DUMMY: &str = "EventData.Dummy";
pub const SAM_ACCOUNT_NAME: &str = "EventData.SamAccountName";
pub const DISPLAY_NAME: &str = "EventData.DisplayName";
pub const USER_PRINCIPAL_NAME: &str = "EventData.UserPrincipalName";
pub const HOME_DIRECTORY: &str = "EventData.HomeDirectory";
pub const HOME_PATH: &str = "EventData.HomePath";
pub const SCRIPT_PATH: &str = "EventData.ScriptPath";
pub const PROFILE_PATH: &str = "EventData.ProfilePath";
pub const USER_WORKSTATIONS: &str = "EventData.UserWorkstations";
pub const PASSWORD_LAST_SET: &str = "EventData.PasswordLastSet";
pub const ACCOUNT_EXPIRES: &str = "EventData.AccountExpires";
pub const PRIMARY_GROUP_ID: &str = "EventData.PrimaryGroupId";
pub const ALLOWED_TO_DELEGATE_TO: &str = "EventData.AllowedToDelegateTo";
pub const OLD_UAC_VALUE: &str = "EventData.OldUacValue";
pub const NEW_UAC_VALUE: &str = "EventData.NewUacValue";
pub const USER_ACCOUNT_CONTROL: &str = "EventData.UserAccountControl";
pub const USER_PARAMETERS: &str = "EventData.UserParameters";
pub const SID_HISTORY: &str = "EventData.SidHistory";
pub const LOGON_HOURS: &str = "EventData.LogonHours";

// Group membership items.
pub const MEMBER_NAME: &str = "EventData.MemberName";
pub const MEMBER_SID: &str = "EventData.MemberSid";

// Kerberos and NTLM items of the domain controller.
pub const SERVICE_NAME: &str = "EventData.ServiceName";
pub const SERVICE_SID: &str = "EventData.ServiceSid";
pub const TICKET_OPTIONS: &str = "EventData.TicketOptions";
pub const TICKET_ENCRYPTION_TYPE: &str = "EventData.TicketEncryptionType";
pub const PRE_AUTH_TYPE: &str = "EventData.PreAuthType";
pub const CERT_ISSUER_NAME: &str = "EventData.CertIssuerName";
pub const CERT_SERIAL_NUMBER: &str = "EventData.CertSerialNumber";
pub const CERT_THUMBPRINT: &str = "EventData.CertThumbprint";
pub const PACKAGE_NAME: &str = "EventData.PackageName";
pub const WORKSTATION: &str = "EventData.Workstation";

// The `UserData/LogFileCleared` items of 1102.
pub const CLEARED_BY_USER_SID: &str = "UserData.SubjectUserSid";
pub const CLEARED_BY_USER_NAME: &str = "UserData.SubjectUserName";
pub const CLEARED_BY_DOMAIN_NAME: &str = "UserData.SubjectDomainName";
pub const CLEARED_BY_LOGON_ID: &str = "UserData.SubjectLogonId";

/// The payload items of one or more event ids.
pub struct Layout {
    pub event_ids: &'static [i64],
    /// Field names of the items of the newest version, in the order Windows writes them.
    pub items: &'static [&'static str],
    /// Each known event version with its number of items, which name the first items of
    /// `items`.
    pub versions: &'static [(i64, usize)],
}

/// Writes the items of a created user account (4720), after the `lead` items that an event
/// puts before them, such as the `Dummy` of 4738.
macro_rules! user_account_items {
    ($($lead:expr),* $(,)?) => {
        &[
            $($lead,)*
            TARGET_USER_NAME,
            TARGET_DOMAIN_NAME,
            TARGET_SID,
            SUBJECT_USER_SID,
            SUBJECT_USER_NAME,
            SUBJECT_DOMAIN_NAME,
            SUBJECT_LOGON_ID,
            PRIVILEGE_LIST,
            SAM_ACCOUNT_NAME,
            DISPLAY_NAME,
            USER_PRINCIPAL_NAME,
            HOME_DIRECTORY,
            HOME_PATH,
            SCRIPT_PATH,
            PROFILE_PATH,
            USER_WORKSTATIONS,
            PASSWORD_LAST_SET,
            ACCOUNT_EXPIRES,
            PRIMARY_GROUP_ID,
            ALLOWED_TO_DELEGATE_TO,
            OLD_UAC_VALUE,
            NEW_UAC_VALUE,
            USER_ACCOUNT_CONTROL,
            USER_PARAMETERS,
            SID_HISTORY,
            LOGON_HOURS,
        ]
    };
}

/// Payload layouts of the Security events that the generator writes or the mapping reads.
pub const LAYOUTS: &[Layout] = &[
    // 4624: version 0 has the first 20 items, version 1 adds ImpersonationLevel, and
    // version 2 (Windows 10 and Server 2016 onwards) adds the last six.
    Layout {
        event_ids: &[4624],
        items: &[
            SUBJECT_USER_SID,
            SUBJECT_USER_NAME,
            SUBJECT_DOMAIN_NAME,
            SUBJECT_LOGON_ID,
            TARGET_USER_SID,
            TARGET_USER_NAME,
            TARGET_DOMAIN_NAME,
            TARGET_LOGON_ID,
            LOGON_TYPE,
            LOGON_PROCESS_NAME,
            AUTHENTICATION_PACKAGE_NAME,
            WORKSTATION_NAME,
            LOGON_GUID,
            TRANSMITTED_SERVICES,
            LM_PACKAGE_NAME,
            KEY_LENGTH,
            PROCESS_ID,
            PROCESS_NAME,
            IP_ADDRESS,
            IP_PORT,
            IMPERSONATION_LEVEL,
            RESTRICTED_ADMIN_MODE,
            TARGET_OUTBOUND_USER_NAME,
            TARGET_OUTBOUND_DOMAIN_NAME,
            VIRTUAL_ACCOUNT,
            TARGET_LINKED_LOGON_ID,
            ELEVATED_TOKEN,
        ],
        versions: &[(0, 20), (1, 21), (2, 27)],
    },
    Layout {
        event_ids: &[4625],
        items: &[
            SUBJECT_USER_SID,
            SUBJECT_USER_NAME,
            SUBJECT_DOMAIN_NAME,
            SUBJECT_LOGON_ID,
            TARGET_USER_SID,
            TARGET_USER_NAME,
            TARGET_DOMAIN_NAME,
            STATUS,
            FAILURE_REASON,
            SUB_STATUS,
            LOGON_TYPE,
            LOGON_PROCESS_NAME,
            AUTHENTICATION_PACKAGE_NAME,
            WORKSTATION_NAME,
            TRANSMITTED_SERVICES,
            LM_PACKAGE_NAME,
            KEY_LENGTH,
            PROCESS_ID,
            PROCESS_NAME,
            IP_ADDRESS,
            IP_PORT,
        ],
        versions: &[(0, 21)],
    },
    Layout {
        event_ids: &[4634],
        items: &[TARGET_USER_SID, TARGET_USER_NAME, TARGET_DOMAIN_NAME, TARGET_LOGON_ID, LOGON_TYPE],
        versions: &[(0, 5)],
    },
    Layout {
        event_ids: &[4647],
        items: &[TARGET_USER_SID, TARGET_USER_NAME, TARGET_DOMAIN_NAME, TARGET_LOGON_ID],
        versions: &[(0, 4)],
    },
    Layout {
        event_ids: &[4648],
        items: &[
            SUBJECT_USER_SID,
            SUBJECT_USER_NAME,
            SUBJECT_DOMAIN_NAME,
            SUBJECT_LOGON_ID,
            LOGON_GUID,
            TARGET_USER_NAME,
            TARGET_DOMAIN_NAME,
            TARGET_LOGON_GUID,
            TARGET_SERVER_NAME,
            TARGET_INFO,
            PROCESS_ID,
            PROCESS_NAME,
            IP_ADDRESS,
            IP_PORT,
        ],
        versions: &[(0, 14)],
    },
    Layout {
        event_ids: &[4672],
        items: &[SUBJECT_USER_SID, SUBJECT_USER_NAME, SUBJECT_DOMAIN_NAME, SUBJECT_LOGON_ID, PRIVILEGE_LIST],
        versions: &[(0, 5)],
    },
    // 4688: version 0 has the first 8 items, version 1 adds CommandLine, and version 2
    // (Windows 10 and Server 2016 onwards) adds the target account, the parent process name
    // and the mandatory label.
    Layout {
        event_ids: &[4688],
        items: &[
            SUBJECT_USER_SID,
            SUBJECT_USER_NAME,
            SUBJECT_DOMAIN_NAME,
            SUBJECT_LOGON_ID,
            NEW_PROCESS_ID,
            NEW_PROCESS_NAME,
            TOKEN_ELEVATION_TYPE,
            PROCESS_ID,
            COMMAND_LINE,
            TARGET_USER_SID,
            TARGET_USER_NAME,
            TARGET_DOMAIN_NAME,
            TARGET_LOGON_ID,
            PARENT_PROCESS_NAME,
            MANDATORY_LABEL,
        ],
        versions: &[(0, 8), (1, 9), (2, 15)],
    },
    Layout {
        event_ids: &[4689],
        items: &[SUBJECT_USER_SID, SUBJECT_USER_NAME, SUBJECT_DOMAIN_NAME, SUBJECT_LOGON_ID, STATUS, PROCESS_ID, PROCESS_NAME],
        versions: &[(0, 7)],
    },
    Layout {
        event_ids: &[4720],
        items: user_account_items!(),
        versions: &[(0, 26)],
    },
    // A user account was enabled (4722), its password was reset (4724), or it was disabled
    // (4725) or locked out (4740). In 4740, TargetDomainName contains the caller computer name,
    // the computer that sent the logon attempt that locked the account.
    Layout {
        event_ids: &[4722, 4724, 4725, 4740],
        items: &[
            TARGET_USER_NAME,
            TARGET_DOMAIN_NAME,
            TARGET_SID,
            SUBJECT_USER_SID,
            SUBJECT_USER_NAME,
            SUBJECT_DOMAIN_NAME,
            SUBJECT_LOGON_ID,
        ],
        versions: &[(0, 7)],
    },
    // An attempt to change an account's password (4723), or a deleted account (4726).
    Layout {
        event_ids: &[4723, 4726],
        items: &[
            TARGET_USER_NAME,
            TARGET_DOMAIN_NAME,
            TARGET_SID,
            SUBJECT_USER_SID,
            SUBJECT_USER_NAME,
            SUBJECT_DOMAIN_NAME,
            SUBJECT_LOGON_ID,
            PRIVILEGE_LIST,
        ],
        versions: &[(0, 8)],
    },
    // 4738, a changed user account, has the items of 4720 after `Dummy`. For a domain account,
    // an attribute item is `-` unless the change set it.
    Layout {
        event_ids: &[4738],
        items: user_account_items!(DUMMY),
        versions: &[(0, 27)],
    },
    // A member added to or removed from a security-enabled global (4728, 4729), local (4732,
    // 4733) or universal (4756, 4757) group.
    Layout {
        event_ids: &[4728, 4729, 4732, 4733, 4756, 4757],
        items: &[
            MEMBER_NAME,
            MEMBER_SID,
            TARGET_USER_NAME,
            TARGET_DOMAIN_NAME,
            TARGET_SID,
            SUBJECT_USER_SID,
            SUBJECT_USER_NAME,
            SUBJECT_DOMAIN_NAME,
            SUBJECT_LOGON_ID,
            PRIVILEGE_LIST,
        ],
        versions: &[(0, 10)],
    },
    Layout {
        event_ids: &[4768],
        items: &[
            TARGET_USER_NAME,
            TARGET_DOMAIN_NAME,
            TARGET_SID,
            SERVICE_NAME,
            SERVICE_SID,
            TICKET_OPTIONS,
            STATUS,
            TICKET_ENCRYPTION_TYPE,
            PRE_AUTH_TYPE,
            IP_ADDRESS,
            IP_PORT,
            CERT_ISSUER_NAME,
            CERT_SERIAL_NUMBER,
            CERT_THUMBPRINT,
        ],
        versions: &[(0, 14)],
    },
    Layout {
        event_ids: &[4769],
        items: &[
            TARGET_USER_NAME,
            TARGET_DOMAIN_NAME,
            SERVICE_NAME,
            SERVICE_SID,
            TICKET_OPTIONS,
            TICKET_ENCRYPTION_TYPE,
            IP_ADDRESS,
            IP_PORT,
            STATUS,
            LOGON_GUID,
            TRANSMITTED_SERVICES,
        ],
        versions: &[(0, 11)],
    },
    Layout {
        event_ids: &[4776],
        items: &[PACKAGE_NAME, TARGET_USER_NAME, WORKSTATION, STATUS],
        versions: &[(0, 4)],
    },
    // 1102 comes from the event log service and carries its items as UserData.
    Layout {
        event_ids: &[1102],
        items: &[CLEARED_BY_USER_SID, CLEARED_BY_USER_NAME, CLEARED_BY_DOMAIN_NAME, CLEARED_BY_LOGON_ID],
        versions: &[(0, 4)],
    },
];

/// Returns the layout of event `event_id`, or `None` when the table has none.
pub fn layout(event_id: i64) -> Option<&'static Layout> {
    LAYOUTS.iter().find(|layout| layout.event_ids.contains(&event_id))
}

/// Returns the field names of `count` payload values given by position, of event `event_id`
/// at `version` (`None` when the record has no version). Fewer values than the layout's
/// items get the names of the first items. Returns `None`, so that no value is named, when
/// the table has no layout for the event id or when there are more values than the known
/// version has items. For a missing or unknown version, the limit is the newest version's.
pub fn positional_names(event_id: i64, version: Option<i64>, count: usize) -> Option<&'static [&'static str]> {
    let layout = layout(event_id)?;
    let known = version.and_then(|version| layout.versions.iter().find(|(known, _)| *known == version));
    let max = known.map_or(layout.items.len(), |(_, items)| *items);
    layout.items.get(..count).filter(|_| count <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_version_names_every_item() {
        for layout in LAYOUTS {
            let newest = layout.versions.iter().map(|(_, count)| *count).max();
            assert_eq!(newest, Some(layout.items.len()), "{:?}", layout.event_ids);
        }
    }

    #[test]
    fn each_event_id_has_one_layout() {
        let mut ids: Vec<i64> = LAYOUTS.iter().flat_map(|layout| layout.event_ids.iter().copied()).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "an event id appears in two layouts");
    }

    #[test]
    fn changed_account_starts_with_dummy() {
        assert_eq!(positional_names(4738, Some(0), 2), Some(&[DUMMY, TARGET_USER_NAME][..]));
        assert_eq!(positional_names(4738, Some(0), 28), None);
    }

    #[test]
    fn positional_names_follow_version() {
        assert_eq!(positional_names(4624, Some(2), 27).map(<[_]>::len), Some(27));
        assert_eq!(positional_names(4624, Some(0), 20).map(<[_]>::len), Some(20));
        assert_eq!(positional_names(4624, Some(0), 21), None, "more values than version 0 has");
        assert_eq!(positional_names(4624, None, 28), None, "more values than any version has");
        assert_eq!(positional_names(4624, Some(3), 27).map(<[_]>::len), Some(27), "unknown version");
        assert_eq!(positional_names(4688, Some(2), 3), Some(&[SUBJECT_USER_SID, SUBJECT_USER_NAME, SUBJECT_DOMAIN_NAME][..]));
        assert_eq!(positional_names(4663, None, 3), None, "event id outside the table");
    }
}
