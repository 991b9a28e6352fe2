//! The `siemulator` binary as a user runs it: exit status, standard output and standard error.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn siemulator(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_siemulator"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("the siemulator binary runs")
}

fn siemulator_with_input(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_siemulator"))
        .args(args)
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the siemulator binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input)
        .expect("input is written");
    child.wait_with_output().expect("the siemulator binary finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Returns a path in the temporary directory, unique to this test process and `name`.
fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("siemulator-cli-{}-{name}", std::process::id()))
}

#[test]
fn generate_defaults_to_ten_raw_lines() {
    let output = siemulator(&["generate", "linux_auth"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 10);
    assert!(text.starts_with("<"), "{text}");
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn generate_is_deterministic() {
    let first = siemulator(&["generate", "linux_auth", "--count", "200", "--format", "ndjson"]);
    let second = siemulator(&["generate", "linux_auth", "--count", "200", "--format", "ndjson"]);
    assert_eq!(first.stdout, second.stdout);
    let other_seed = siemulator(&["generate", "linux_auth", "--count", "200", "--format", "ndjson", "--seed", "1"]);
    assert_ne!(first.stdout, other_seed.stdout);
}

#[test]
fn generate_offset_gives_a_slice() {
    let whole = stdout(&siemulator(&["generate", "linux_auth", "--count", "10"]));
    let slice = stdout(&siemulator(&["generate", "linux_auth", "--count", "5", "--offset", "5"]));
    let tail: Vec<&str> = whole.lines().skip(5).collect();
    assert_eq!(slice.lines().collect::<Vec<_>>(), tail);
}

#[test]
fn generate_until_end_counts_the_window() {
    let output = siemulator(&["generate", "linux_auth", "--end", "2026-01-05T09:00:10Z", "--rate", "10"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output).lines().count(), 100);
}

#[test]
fn generate_count_zero_writes_nothing() {
    assert!(siemulator(&["generate", "linux_auth", "--count", "0"]).stdout.is_empty());
    assert_eq!(
        stdout(&siemulator(&["generate", "linux_auth", "--count", "0", "--format", "json"])),
        "[]\n"
    );
}

#[test]
fn generate_writes_every_format() {
    let run = |format: &str| {
        let output = siemulator(&["generate", "linux_auth", "--count", "5", "--format", format]);
        assert_eq!(output.status.code(), Some(0), "{format}: {}", stderr(&output));
        stdout(&output)
    };

    let raw = run("raw");
    assert_eq!(raw.lines().count(), 5);

    let ndjson = run("ndjson");
    let objects: Vec<serde_json::Value> = ndjson.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(objects.len(), 5);
    for (object, line) in objects.iter().zip(raw.lines()) {
        assert_eq!(object["raw"], line);
        assert_eq!(object["source"], "linux_auth");
        assert_eq!(object["labels"]["malicious"], false);
    }

    let array: Vec<serde_json::Value> = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(array, objects);

    let csv = run("csv");
    let rows: Vec<&str> = csv.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(rows.len(), 6);
    assert_eq!(
        rows[0],
        "time,source,sourcetype,variant,host,scenario,phase,tactic,technique,malicious,raw"
    );

    let hec = run("hec");
    for line in hec.lines() {
        let envelope: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(envelope["time"].is_f64(), "{line}");
        assert_eq!(envelope["sourcetype"], "linux_secure");
        assert!(envelope["event"].is_string(), "{line}");
    }
    assert_eq!(hec.lines().count(), 5);

    assert_eq!(run("hec-raw"), raw);
    let batched = stdout(&siemulator(&[
        "generate",
        "linux_auth",
        "--count",
        "5",
        "--format",
        "hec-raw",
        "--hec-batch",
        "2",
    ]));
    assert_eq!(batched.split("\n\n").count(), 3);
}

#[test]
fn generate_output_file_leaves_stdout_empty() {
    let path = temp_path("generate.ndjson");
    let output = siemulator(&[
        "generate",
        "linux_auth",
        "--count",
        "50",
        "--format",
        "ndjson",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    // Standard error is a pipe here, so no progress bar is drawn.
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    let written = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(written.lines().count(), 50);
}

#[test]
fn unknown_source_is_usage_error() {
    let output = siemulator(&["generate", "linux_aut"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: unknown source 'linux_aut'; did you mean linux_auth, linux_auth_file?\n"
    );
    assert!(output.stdout.is_empty());

    let far = siemulator(&["generate", "zzzzzzzz"]);
    assert_eq!(far.status.code(), Some(2));
    assert!(
        stderr(&far).contains("run `siemulator list` to see every source"),
        "{}",
        stderr(&far)
    );
}

#[test]
fn bad_set_field_is_usage_error() {
    let output = siemulator(&["generate", "linux_auth", "--variant", "sudo_command", "--set", "colour=red"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.starts_with("error: variant 'sudo_command' of source 'linux_auth' has no field 'colour'"),
        "{message}"
    );
    assert!(message.contains("its fields are: "), "{message}");
}

#[test]
fn bad_set_field_suggests_closest() {
    let output = siemulator(&["generate", "microsoft_windows_eventlog", "--set", "TargetUserName=zed"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("has no field 'TargetUserName' (did you mean 'EventData.TargetUserName'?); its fields are: "),
        "{message}"
    );
}

#[test]
fn negative_numbers_are_invalid_values() {
    for args in [["--seed", "-1"], ["--count", "-5"]] {
        let output = siemulator(&["generate", "linux_auth", args[0], args[1]]);
        assert_eq!(output.status.code(), Some(2));
        let message = stderr(&output);
        assert!(
            message.starts_with(&format!("error: invalid value '{}' for '{}", args[1], args[0])),
            "{message}"
        );
        assert!(!message.contains("tip:"), "{message}");
    }
    let output = siemulator(&["generate", "linux_auth", "--rate", "-1"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("rate -1 is out of range"), "{}", stderr(&output));
}

#[test]
fn start_out_of_range_names_no_offset() {
    let output = siemulator(&["generate", "linux_auth", "--start", "9999-12-31T23:59:59Z"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("the years a timestamp can hold; write RFC 3339"), "{message}");
    let output = siemulator(&["generate", "linux_auth", "--start", "2026-01-05X09:00:00Z"]);
    assert!(stderr(&output).contains(" at byte 10;"), "{}", stderr(&output));
}

#[test]
fn set_replaces_field() {
    let output = siemulator(&[
        "generate",
        "linux_auth",
        "--variant",
        "sudo_command",
        "--set",
        "user=mallory",
        "--count",
        "3",
    ]);
    assert_eq!(output.status.code(), Some(0));
    for line in stdout(&output).lines() {
        assert!(line.contains("sudo: mallory : TTY="), "{line}");
    }
}

#[test]
fn malformed_arguments_are_usage_errors() {
    let cases: &[&[&str]] = &[
        &[],
        &["generate"],
        &["generate", "linux_auth", "--set", "novalue"],
        &["generate", "linux_auth", "--variant", "nope"],
        &["generate", "linux_auth", "--start", "yesterday"],
        &["generate", "linux_auth", "--format", "xml"],
        &["generate", "linux_auth", "--rate", "0"],
        &["generate", "linux_auth", "--count", "3", "--endless"],
        &[
            "generate",
            "linux_auth",
            "--start",
            "2026-01-05T10:00:00Z",
            "--end",
            "2026-01-05T09:00:00Z",
        ],
        &["generate", "linux_auth", "--hec-batch", "0"],
        &["list", "--category", "spaceships"],
        &["list", "--format", "morse"],
        &["parse", "nope", "-"],
        &["scenario", "run", "no-such-scenario"],
        &["scenario", "show", "no-such-scenario"],
    ];
    for args in cases {
        let output = siemulator(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("error"), "{args:?}: {}", stderr(&output));
    }
}

#[test]
fn unwritable_output_is_failure() {
    let output = siemulator(&["generate", "linux_auth", "--output", "/nonexistent-dir/out.log"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("error: cannot create output file '/nonexistent-dir/out.log': "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn generate_then_parse_round_trips() {
    let generated = siemulator(&["generate", "linux_auth", "--count", "300"]);
    let parsed = siemulator_with_input(&["parse", "linux_auth"], &generated.stdout);
    assert_eq!(parsed.status.code(), Some(0), "{}", stderr(&parsed));
    assert_eq!(stderr(&parsed), "parsed 300 events, 0 failed\n");
    let records: Vec<serde_json::Value> = stdout(&parsed).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 300);
    for (record, raw) in records.iter().zip(stdout(&generated).lines()) {
        assert!(matches!(record["class_uid"].as_i64(), Some(3001 | 3002)), "{record}");
        assert_eq!(record["raw_data"], raw);
    }

    let without_raw = siemulator_with_input(&["parse", "linux_auth", "-", "--no-raw"], &generated.stdout);
    assert!(!stdout(&without_raw).contains("raw_data"));
}

#[test]
fn parse_reports_bad_lines_and_continues() {
    let path = temp_path("mixed.log");
    let good = stdout(&siemulator(&["generate", "linux_auth", "--count", "3"]));
    let lines: Vec<&str> = good.lines().collect();
    let text = format!(
        "{}\nnot a syslog line\n{}\n<38>Jan  5 09:00:00 web01 nginx[1]: something unknown\n{}\n",
        lines[0], lines[1], lines[2]
    );
    std::fs::write(&path, text).unwrap();
    let output = siemulator(&["parse", "linux_auth", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();

    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output).lines().count(), 3);
    let messages: Vec<String> = stderr(&output).lines().map(str::to_string).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].starts_with("line 2: "), "{messages:?}");
    assert!(
        messages[1].starts_with("line 4: program 'nginx' is not one that writes auth.log"),
        "{messages:?}"
    );
    assert_eq!(messages[2], "parsed 3 events, 2 failed");
}

/// Parses one auth.log line with the given extra arguments and returns the record's `time`.
fn parsed_time(line: &str, extra: &[&str]) -> i64 {
    let mut args = vec!["parse", "linux_auth", "-", "--year", "2026"];
    args.extend_from_slice(extra);
    let output = siemulator_with_input(&args, line.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let record: serde_json::Value = serde_json::from_str(stdout(&output).trim_end()).unwrap();
    record["time"].as_i64().unwrap()
}

#[test]
fn parse_utc_offset_shifts_zoneless_time() {
    let zoneless = "<38>Jan  5 09:00:00 bastion01 sshd[40211]: Accepted password for maria from 198.51.100.23 port 50412 ssh2\n";
    let wall_clock = 1_767_603_600_000; // 2026-01-05T09:00:00Z
    let two_hours = 2 * 3600 * 1000;
    assert_eq!(parsed_time(zoneless, &[]), wall_clock);
    assert_eq!(parsed_time(zoneless, &["--utc-offset", "Z"]), wall_clock);
    assert_eq!(parsed_time(zoneless, &["--utc-offset", "+02:00"]), wall_clock - two_hours);
    assert_eq!(parsed_time(zoneless, &["--utc-offset", "+0200"]), wall_clock - two_hours);
    assert_eq!(parsed_time(zoneless, &["--utc-offset", "-02:00"]), wall_clock + two_hours);
    assert_eq!(parsed_time(zoneless, &["--utc-offset=-0530"]), wall_clock + 330 * 60 * 1000);

    let zoned = "<38>2026-01-05T09:00:00Z bastion01 sshd[40211]: Accepted password for maria from 198.51.100.23 port 50412 ssh2\n";
    assert_eq!(parsed_time(zoned, &["--utc-offset", "+02:00"]), wall_clock);
}

#[test]
fn parse_utc_offset_rejects_bad_text() {
    for bad in ["2", "+2:00", "UTC", "+24:00", "+02:60", "02:00"] {
        let output = siemulator_with_input(&["parse", "linux_auth", "-", "--utc-offset", bad], b"");
        assert_eq!(output.status.code(), Some(2), "{bad}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(
            message.contains(&format!("invalid value '{bad}' for '--utc-offset <OFFSET>'")),
            "{message}"
        );
        assert!(message.contains("write Z, +HH:MM, -HH:MM or +HHMM"), "{message}");
    }
}

#[test]
fn years_a_timestamp_cannot_hold_are_bad_usage() {
    for year in ["0", "1677", "2262", "9999"] {
        let output = siemulator_with_input(&["parse", "linux_auth", "-", "--year", year], b"");
        assert_eq!(output.status.code(), Some(2), "--year {year}: {}", stderr(&output));
        assert!(stderr(&output).contains("1678..=2261"), "{}", stderr(&output));
    }
    let output = siemulator(&["generate", "linux_auth", "--count", "1", "--start", "2300-01-01T00:00:00Z"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("the year is outside 1678 to 2261"), "{}", stderr(&output));
}

#[test]
fn end_before_default_start_is_bad_usage() {
    let output = siemulator(&["generate", "linux_auth", "--end", "2026-01-05T08:00:00Z"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("is not after the default start 2026-01-05T09:00:00.000Z"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn parse_impossible_date_fails_the_event() {
    let line = b"Feb 30 10:00:00 bastion sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2\n";
    let output = siemulator_with_input(&["parse", "linux_auth", "-", "--year", "2025"], line);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("line 1: invalid timestamp: the day does not exist in that month"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn every_export_parses_back() {
    for source in [
        "okta_system_log",
        "aws_cloudtrail",
        "aws_vpcflowlogs",
        "linux_auth",
        "corelight_conn",
        "microsoft_windows_eventlog",
    ] {
        for format in ["ndjson", "json", "csv", "hec", "hec-raw"] {
            let exported = siemulator(&["generate", source, "--count", "20", "--format", format]);
            assert_eq!(exported.status.code(), Some(0), "{source} {format}");
            let output = siemulator_with_input(&["parse", source, "-"], &exported.stdout);
            assert_eq!(output.status.code(), Some(0), "{source} {format}: {}", stderr(&output));
            assert_eq!(stdout(&output).lines().count(), 20, "{source} {format}");
        }
    }
}

#[test]
fn parse_help_documents_utc_offset() {
    let help = stdout(&siemulator(&["parse", "--help"]));
    assert!(help.contains("--utc-offset <OFFSET>"), "{help}");
    assert!(help.contains("UTC offset of timestamps that name no zone"), "{help}");
}

#[test]
fn parse_missing_file_is_failure() {
    let output = siemulator(&["parse", "linux_auth", "/nonexistent-dir/auth.log"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("error: cannot open input file '/nonexistent-dir/auth.log': "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn list_shows_sources() {
    let output = siemulator(&["list"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("ID "), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("linux_auth ") && l.contains("syslog3164") && l.contains("3002")),
        "{text}"
    );

    let json: Vec<serde_json::Value> = serde_json::from_slice(&siemulator(&["list", "--json"]).stdout).unwrap();
    assert!(json
        .iter()
        .any(|s| s["id"] == "linux_auth" && s["variants"].as_array().is_some_and(|v| v.len() == 16)));

    let filtered = stdout(&siemulator(&[
        "list",
        "--category",
        "endpoint",
        "--ocsf-class",
        "3002",
        "--search",
        "ssh_",
    ]));
    assert!(filtered.contains("linux_auth"), "{filtered}");

    let empty = siemulator(&["list", "--search", "no-product-has-this-name"]);
    assert_eq!(empty.status.code(), Some(0));
    assert!(empty.stdout.is_empty());
    assert!(stderr(&empty).starts_with("no source matches"), "{}", stderr(&empty));
}

#[test]
fn scenario_list_and_show() {
    let list = stdout(&siemulator(&["scenario", "list"]));
    assert!(list.lines().any(|l| l.starts_with("ssh-brute-force ")), "{list}");
    let json: Vec<serde_json::Value> = serde_json::from_slice(&siemulator(&["scenario", "list", "--json"]).stdout).unwrap();
    assert!(json.iter().any(|s| s["name"] == "ssh-brute-force" && s["phases"] == 5));

    let shown = stdout(&siemulator(&["scenario", "show", "ssh-brute-force"]));
    assert!(shown.contains("name: ssh-brute-force\n"), "{shown}");
}

#[test]
fn scenario_describe_matches_run() {
    let output = siemulator(&["scenario", "describe", "ssh-brute-force", "--seed", "4", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let description: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();

    let run = siemulator(&["scenario", "run", "ssh-brute-force", "--seed", "4", "--format", "ndjson"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let events: Vec<serde_json::Value> = stdout(&run).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(events.len() as u64, description["total_events"].as_u64().unwrap());
    let attack = events.iter().filter(|e| e["labels"]["malicious"] == true).count() as u64;
    assert_eq!(attack, description["attack_events"].as_u64().unwrap());

    let text = stdout(&siemulator(&["scenario", "describe", "ssh-brute-force"]));
    assert!(text.contains("1007 events: 107 attack, 900 background"), "{text}");
    assert!(text.contains("2. credential-access [credential-access T1110.001]"), "{text}");
}

#[test]
fn scenario_run_is_deterministic_and_ordered() {
    let first = siemulator(&["scenario", "run", "ssh-brute-force", "--format", "csv"]);
    let second = siemulator(&["scenario", "run", "ssh-brute-force", "--format", "csv"]);
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(first.stdout, second.stdout);
    let text = stdout(&first);
    let times: Vec<&str> = text.split("\r\n").skip(1).filter(|r| !r.is_empty()).map(|r| &r[..24]).collect();
    assert_eq!(times.len(), 1007);
    assert!(times.windows(2).all(|pair| pair[0] <= pair[1]));
}

#[test]
fn scenario_file_runs_like_builtin() {
    let path = temp_path("copy.yaml");
    std::fs::write(&path, siemulator(&["scenario", "show", "ssh-brute-force"]).stdout).unwrap();
    let from_file = siemulator(&["scenario", "run", path.to_str().unwrap(), "--format", "ndjson"]);
    std::fs::remove_file(&path).unwrap();
    let builtin = siemulator(&["scenario", "run", "ssh-brute-force", "--format", "ndjson"]);
    assert_eq!(from_file.status.code(), Some(0), "{}", stderr(&from_file));
    assert_eq!(from_file.stdout, builtin.stdout);
}

#[test]
fn scenario_file_error_names_path_and_line() {
    let path = temp_path("broken.yaml");
    let text = "name: broken\nduration: 5m\nphases:\n  - name: p\n    steps:\n      - source: linux_auth\n        count: lots\n";
    std::fs::write(&path, text).unwrap();
    let output = siemulator(&["scenario", "run", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.starts_with("error: "), "{message}");
    assert!(
        message.contains("scenario error at phases[0].steps[0].count (line 7): invalid type"),
        "{message}"
    );
}

#[test]
fn scenario_actor_error_names_line_and_field() {
    let path = temp_path("actor-typo.yaml");
    let text = "name: typo\nduration: 5m\nactors:\n  one:\n    type: world_user\n  two:\n    departmnet: Finance\n    type: world_user\nphases:\n  - name: p\n    steps:\n      - source: linux_auth\n";
    std::fs::write(&path, text).unwrap();
    let output = siemulator(&["scenario", "describe", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("scenario error at actors.two.departmnet (line 7): unknown field `departmnet`"),
        "{message}"
    );
}

#[test]
fn scenario_describe_prints_literal_values() {
    let text = stdout(&siemulator(&["scenario", "describe", "enterprise-attack"]));
    let phish = text.lines().find(|l| l.trim_start().starts_with("phish ")).unwrap_or_default();
    assert!(phish.contains(" literal "), "{text}");
    assert!(phish.contains(" sender=invoices@payroll-update.example "), "{phish}");
    assert!(
        phish.contains(" subject=\"Action required: updated remittance deta...\" "),
        "{phish}"
    );
    assert!(phish.ends_with(" stolen_key=AKIAEXAMPLEBACKDOOR1"), "{phish}");
}

#[test]
fn scenario_describe_shows_shortened_window() {
    let path = temp_path("slow-step.yaml");
    let text = "name: slow\nduration: 1h\nstart: 2026-01-05T09:00:00Z\nphases:\n  - name: p\n    steps:\n      - source: linux_auth\n        count: 2\n        spread: 50m\n";
    std::fs::write(&path, text).unwrap();
    let output = siemulator(&["scenario", "describe", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let description = stdout(&output);
    assert!(description.contains("1. p [] 09:00:00 to 09:33:20, 2 events"), "{description}");
}

#[test]
fn generate_diurnal_help_gives_shares() {
    let help = stdout(&siemulator(&["generate", "--help"]));
    assert!(help.contains("shares of the peak rate (2.79 times --rate)"), "{help}");
    let diurnal = siemulator(&["generate", "linux_auth", "--profile", "diurnal", "--count", "3"]);
    assert_eq!(diurnal.status.code(), Some(0), "{}", stderr(&diurnal));
    assert_eq!(stdout(&diurnal).lines().count(), 3);
}

#[test]
fn help_states_the_defaults() {
    let help = stdout(&siemulator(&["--help"]));
    assert!(help.contains("without --seed the seed is 0"), "{help}");
    let generate_help = stdout(&siemulator(&["generate", "--help"]));
    assert!(generate_help.contains("--count 0 writes none"), "{generate_help}");
    assert!(generate_help.contains("hec-raw"), "{generate_help}");
}

#[test]
fn verbose_logs_go_to_stderr_without_colour() {
    let output = siemulator(&["-v", "generate", "linux_auth", "--count", "3"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output).lines().count(), 3);
    let logs = stderr(&output);
    assert!(logs.contains("INFO generating"), "{logs}");
    assert!(!logs.contains('\u{1b}'), "{logs:?}");
}

#[test]
fn closed_stdout_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_siemulator"))
        .args(["generate", "linux_auth", "--count", "2000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut out, &mut first).unwrap();
    drop(out);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

#[test]
fn parse_directory_fails_once() {
    // Reading a directory fails on every call; the parser must report it once and stop.
    let output = siemulator(&["parse", "linux_auth", env!("CARGO_MANIFEST_DIR")]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.starts_with("line 1: reading the input failed"), "{text}");
    assert!(text.ends_with("parsed 0 events, 1 failed\n"), "{text}");
}

#[test]
fn closed_stderr_is_not_a_crash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_siemulator"))
        .args(["parse", "linux_auth"])
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the siemulator binary starts");
    // The reader of standard error goes away before the first error is written.
    drop(child.stderr.take());
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(b"not a syslog line\nnor this one\n")
        .expect("input is written");
    let status = child.wait().expect("the siemulator binary finishes");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn scenario_missing_file_is_failure() {
    let output = siemulator(&["scenario", "run", "./nonexistent-scenario.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("error: cannot open scenario file './nonexistent-scenario.yaml': "),
        "{}",
        stderr(&output)
    );
    let output = siemulator(&["scenario", "run", "enterprise-atack"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is neither a built-in scenario nor a file"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn interrupt_closes_json_output() {
    let path = temp_path("interrupted.json");
    let child = Command::new(env!("CARGO_BIN_EXE_siemulator"))
        .args(["generate", "linux_auth", "--endless", "--format", "json", "--output"])
        .arg(&path)
        .env_remove("RUST_LOG")
        .stderr(Stdio::piped())
        .spawn()
        .expect("the siemulator binary starts");
    // Wait until the first buffer reached the file, so the run is in its loop.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::fs::metadata(&path).map_or(0, |meta| meta.len()) == 0 {
        assert!(std::time::Instant::now() < deadline, "no output within a minute");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let pid = i32::try_from(child.id()).expect("the process id fits a pid_t");
    // SAFETY: `kill` only sends a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let output = child.wait_with_output().expect("the siemulator binary finishes");
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("interrupted: wrote "), "{}", stderr(&output));

    let text = std::fs::read_to_string(&path).expect("the output file is readable");
    std::fs::remove_file(&path).ok();
    let events: Vec<serde_json::Value> = serde_json::from_str(&text).expect("the output is a complete JSON array");
    assert!(!events.is_empty());
    let written: u64 = stderr(&output)
        .trim_start_matches("interrupted: wrote ")
        .split(' ')
        .next()
        .and_then(|count| count.parse().ok())
        .expect("the message gives the count");
    assert_eq!(events.len() as u64, written);
}

#[test]
fn hec_batch_needs_hec_raw() {
    let output = siemulator(&["generate", "linux_auth", "--format", "ndjson", "--hec-batch", "5"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: --hec-batch is valid only with --format hec-raw"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
}
