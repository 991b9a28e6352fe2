//! The scenario documents shown in docs/scenarios.md are valid scenarios, and its table of the
//! diurnal profile matches the clock.

use siemulator::scenario::{Scenario, SpecFormat};

/// Returns the fenced code blocks of `markdown` with their language tag.
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(language)) => current = Some((language.trim().to_string(), String::new())),
            (Some(_), Some(_)) => blocks.extend(current.take()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

#[test]
fn scenario_examples_in_docs_are_valid() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenarios.md");
    let markdown = std::fs::read_to_string(path).expect("docs/scenarios.md is readable");
    let mut checked = 0;
    for (language, body) in code_blocks(&markdown) {
        let format = match language.as_str() {
            "yaml" => SpecFormat::Yaml,
            "json" => SpecFormat::Json,
            "toml" => SpecFormat::Toml,
            _ => continue,
        };
        let scenario = Scenario::from_str(&body, format).unwrap_or_else(|e| panic!("{language} example: {e}\n{body}"));
        assert_eq!(scenario.name(), "ssh-brute-force");
        checked += 1;
    }
    assert_eq!(checked, 3, "expected one YAML, one JSON and one TOML example");
}

/// Returns the rows of the diurnal table in docs/scenarios.md: first hour, end hour, and the
/// weekday and weekend shares of the peak in percent.
fn diurnal_rows(markdown: &str) -> Vec<(u32, u32, u64, u64)> {
    let mut rows = Vec::new();
    for line in markdown.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, hours, weekday, weekend, _] = cells[..] else {
            continue;
        };
        let Some((from, to)) = hours.split_once('-') else {
            continue;
        };
        let hour = |text: &str| text.strip_suffix(":00").and_then(|h| h.parse::<u32>().ok());
        let percent = |text: &str| text.strip_suffix('%').and_then(|p| p.parse::<u64>().ok());
        if let (Some(from), Some(to), Some(weekday), Some(weekend)) = (hour(from), hour(to), percent(weekday), percent(weekend)) {
            rows.push((from, to, weekday, weekend));
        }
    }
    rows
}

#[test]
fn diurnal_table_in_docs_matches_clock() {
    use siemulator::clock::{Clock, RateProfile};
    use siemulator::timestamp::Timestamp;

    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenarios.md");
    let markdown = std::fs::read_to_string(path).expect("docs/scenarios.md is readable");
    let rows = diurnal_rows(&markdown);
    let hours: u32 = rows.iter().map(|(from, to, _, _)| to - from).sum();
    assert_eq!(hours, 24, "the table must cover the day once: {rows:?}");

    // 2026-02-10 is a Tuesday and 2026-02-14 a Saturday.
    let monday = Timestamp::from_civil(2026, 2, 9, 0, 0, 0, 0);
    let clock = Clock::new(monday, 0.2, &RateProfile::Diurnal, 0).unwrap();
    let events_in = |day: u32, hour: u32| {
        let at = |h: u32| clock.count_before(Timestamp::from_civil(2026, 2, day, 0, 0, 0, 0).add_nanos(i64::from(h) * 3_600_000_000_000));
        at(hour + 1) - at(hour)
    };
    let peak = events_in(10, 10);
    assert_eq!(peak, 2005, "the docs give 2,005 events in a peak hour at rate 0.2");
    assert_eq!(events_in(10, 3), 200, "the docs give 200 events in a night hour at rate 0.2");
    // The docs put the peak at 2.79 times the rate: 720 events an hour at 0.2 events/s.
    assert!((peak as f64 / 720.0 - 2.79).abs() < 0.01, "peak hour of {peak} events");

    for (from, to, weekday, weekend) in rows {
        for hour in from..to {
            for (day, share) in [(10, weekday), (14, weekend)] {
                let actual = events_in(day, hour) * 100;
                let expected = share * peak;
                assert!(
                    actual.abs_diff(expected) <= peak,
                    "2026-02-{day} {hour:02}:00: {} events, the docs give {share}% of {peak}",
                    events_in(day, hour)
                );
            }
        }
    }
}
