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
        "Sysmon process creation falls back to Base Event",
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/><EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2026-03-02T09:31:00.000000000Z'/><EventRecordID>120</EventRecordID><Correlation/><Execution ProcessID='2980' ThreadID='3712'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>WS-0412.corp.test</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='Image'>C:\\Windows\\System32\\whoami.exe</Data></EventData></Event>",
        None,
        0,
        99,
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
    // The misses are the classic text rendering, rendered-message-only lines and records
    // without any timestamp.
    assert!(passed * 100 >= total * 90, "{passed}/{total}");
}
