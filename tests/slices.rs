//! Random access and determinism of every registered source.
//!
//! Event N of a stream depends only on (seed, source, N) and the request. A slice produced
//! alone must therefore equal the same slice of a full run, byte for byte and in time, under
//! every clock profile. Equal seeds must give equal streams, and different seeds different ones.

mod common;

use siemulator::clock::RateProfile;
use siemulator::generate::{GenerateRequest, Generator};
use siemulator::timestamp::Timestamp;
use siemulator::Event;

/// First index of the slice.
const OFFSET: u64 = 1000;
/// Length of the slice.
const SLICE: u64 = 100;

fn run(request: &GenerateRequest) -> Vec<Event> {
    match Generator::new(request) {
        Ok(generator) => generator.collect(),
        Err(err) => panic!("cannot generate {request:?}: {err}"),
    }
}

fn profiles() -> Vec<(&'static str, RateProfile)> {
    vec![
        ("constant", RateProfile::Constant),
        ("diurnal", RateProfile::Diurnal),
        (
            "bursts",
            RateProfile::Bursts {
                period_secs: 60,
                burst_secs: 5,
                multiplier: 20,
            },
        ),
    ]
}

/// Returns the first difference between two event lists, if any.
fn first_difference(expected: &[Event], actual: &[Event]) -> Option<String> {
    if expected.len() != actual.len() {
        return Some(format!("{} events against {}", expected.len(), actual.len()));
    }
    expected.iter().zip(actual).find_map(|(e, a)| {
        (e != a).then(|| {
            format!(
                "event {}: time {} / {}, raw\n  {}\n  {}",
                e.index,
                e.time.rfc3339(9),
                a.time.rfc3339(9),
                e.raw,
                a.raw
            )
        })
    })
}

#[test]
fn slice_equals_same_range_of_full_run() {
    let mut failures = Vec::new();
    for source in common::all_sources() {
        let id = source.meta().id;
        for (profile_name, profile) in profiles() {
            let full = GenerateRequest {
                seed: 5,
                rate: Some(50.0),
                profile: profile.clone(),
                ..GenerateRequest::new(id, OFFSET + SLICE)
            };
            let slice = GenerateRequest {
                offset: OFFSET,
                count: Some(SLICE),
                ..full.clone()
            };
            let whole = run(&full);
            let part = run(&slice);
            let expected = whole.get(OFFSET as usize..).unwrap_or_default();
            if let Some(difference) = first_difference(expected, &part) {
                failures.push(format!(
                    "{id} with the {profile_name} profile: the slice differs from the full run at {difference}"
                ));
            }
            if part.first().map(|e| e.index) != Some(OFFSET) {
                failures.push(format!(
                    "{id} with the {profile_name} profile: the slice does not start at index {OFFSET}"
                ));
            }
            if whole.windows(2).any(|pair| pair[1].time < pair[0].time) {
                failures.push(format!("{id} with the {profile_name} profile: event times go backwards"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn equal_seeds_give_equal_streams() {
    for source in common::all_sources() {
        let id = source.meta().id;
        let request = GenerateRequest {
            seed: 11,
            ..GenerateRequest::new(id, 500)
        };
        let first = run(&request);
        let second = run(&request);
        assert_eq!(first.len(), 500, "{id}");
        if let Some(difference) = first_difference(&first, &second) {
            panic!("{id}: two runs with seed 11 differ at {difference}");
        }
    }
}

#[test]
fn different_seeds_give_different_streams() {
    for source in common::all_sources() {
        let id = source.meta().id;
        let run_of = |seed| {
            run(&GenerateRequest {
                seed,
                ..GenerateRequest::new(id, 200)
            })
        };
        let (first, second) = (run_of(11), run_of(12));
        let same = first.iter().zip(&second).filter(|(a, b)| a.raw == b.raw).count();
        assert!(
            same < first.len() / 10,
            "{id}: {same} of {} events are identical under seeds 11 and 12",
            first.len()
        );
    }
}

#[test]
fn indexes_past_the_last_year_are_rejected() {
    let request = |offset: u64, count: Option<u64>, profile: RateProfile| GenerateRequest {
        offset,
        count,
        profile,
        ..GenerateRequest::new("linux_auth", 1)
    };
    for profile in [RateProfile::Constant, RateProfile::Diurnal] {
        // At the default rate of 10 events/s, event 184,467,440,737 would come after 2261.
        let far = Generator::new(&request(184_467_440_737, Some(5), profile.clone()));
        assert!(far.is_err_and(|err| err.to_string().contains("offset")), "{profile:?}");
        let huge = Generator::new(&request(0, Some(u64::MAX), profile.clone()));
        assert!(huge.is_err_and(|err| err.to_string().contains("count")), "{profile:?}");
    }
    // From the first representable year at the highest rate, the last year ends between
    // event 2^63 and event u64::MAX, and an index past it is rejected all the same.
    for profile in [RateProfile::Constant, RateProfile::Diurnal] {
        let fast = |offset: u64| GenerateRequest {
            start: Some(Timestamp::from_civil(1678, 1, 6, 12, 0, 0, 0)),
            rate: Some(1e9),
            ..request(offset, Some(1), profile.clone())
        };
        let far = Generator::new(&fast(u64::MAX - 10));
        assert!(far.is_err_and(|err| err.to_string().contains("offset")), "{profile:?}");
    }
    let endless = Generator::new(&request(74_470_427_990, None, RateProfile::Constant)).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(endless.remaining(), None, "a stream without a count or end reports no count");
    let times: Vec<_> = endless.map(|event| event.time).collect();
    assert_eq!(times.len(), 10, "an endless stream ends with the last year");
    assert!(times.windows(2).all(|pair| pair[0] <= pair[1]));
}
