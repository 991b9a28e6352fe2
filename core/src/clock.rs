//! The virtual clock: when event N happens, computed for N alone.
//!
//! A clock starts at an instant and releases events at an average rate under a profile:
//! constant spacing, jittered spacing, a weekly business-hours cycle, or periodic bursts.
//! Every profile divides time into slots with one event each, so `time_of(n)` is a closed
//! formula (random access) and times never decrease with `n` (monotone). Jitter moves an event
//! inside its own slot only, which keeps both properties; it approximates Poisson arrivals
//! without the running sum that true exponential gaps would need.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::seed::StreamKey;
use crate::tagged::{TaggedKinds, TaggedReader};
use crate::timestamp::{Timestamp, NANOS_PER_SECOND};

/// How the event rate varies over time.
///
/// The serialized form is a map tagged with `type`, such as `{"type": "diurnal"}` or
/// `{"type": "bursts", "period_secs": 600, "burst_secs": 30, "multiplier": 20}`. Reading it
/// rejects fields that the profile does not have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Default)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RateProfile {
    /// Evenly spaced events.
    #[default]
    Constant,
    /// Evenly spaced slots, each event at a random point of its slot.
    Jittered,
    /// A weekly business-hours curve in UTC. Weekdays run at the peak 09:00-12:00 and
    /// 13:00-17:00, at 75% of it 12:00-13:00, and ramp at 30% and 70% in the two hours before
    /// 09:00 and at 60% and 30% in the two after 17:00. Evenings from 19:00 run at 15%, and
    /// nights before 07:00 and weekends at 10%. The average over a week equals the requested
    /// rate, which puts the peak at 20 * 168 / 1206, about 2.79 times that rate.
    Diurnal,
    /// A burst of `multiplier` times the base rate lasting `burst_secs` at the start of every
    /// `period_secs`. The base rate is set so that the average over a period equals the
    /// requested rate.
    Bursts {
        /// Length of one cycle in seconds.
        period_secs: u64,
        /// Length of the burst at the start of each cycle, in seconds.
        burst_secs: u64,
        /// Rate during the burst as a multiple of the base rate.
        multiplier: u32,
    },
}

impl RateProfile {
    /// Reads a profile name as the CLI takes it: `constant`, `jittered`, `diurnal`, or
    /// `bursts` (one 60 s burst at 10x the base rate every 15 minutes).
    ///
    /// # Errors
    /// Returns [`Error::InvalidArgument`] for any other name.
    pub fn from_name(name: &str) -> Result<Self> {
        match name {
            "constant" => Ok(RateProfile::Constant),
            "jittered" | "poisson" => Ok(RateProfile::Jittered),
            "diurnal" => Ok(RateProfile::Diurnal),
            "bursts" | "burst" => Ok(RateProfile::Bursts {
                period_secs: 900,
                burst_secs: 60,
                multiplier: 10,
            }),
            other => Err(Error::invalid_argument(
                "profile",
                format!("unknown rate profile '{other}'; expected constant, jittered, diurnal or bursts"),
            )),
        }
    }
}

/// The profile types with the fields each has. [`ProfileVisitor`] reads every field named here.
static PROFILE_TYPES: TaggedKinds = TaggedKinds {
    noun: "rate profile",
    kinds: &[
        ("constant", &[]),
        ("jittered", &[]),
        ("diurnal", &[]),
        ("bursts", &["period_secs", "burst_secs", "multiplier"]),
    ],
    all_fields: &["type", "period_secs", "burst_secs", "multiplier"],
};

impl<'de> Deserialize<'de> for RateProfile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_map(ProfileVisitor)
    }
}

/// Reads a tagged profile entry by entry, so that errors keep their position.
struct ProfileVisitor;

impl<'de> Visitor<'de> for ProfileVisitor {
    type Value = RateProfile;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rate profile: a map with a `type` field")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<RateProfile, A::Error> {
        let mut reader = TaggedReader::new(&PROFILE_TYPES);
        let (mut period_secs, mut burst_secs, mut multiplier) = (None, None, None);
        while let Some(field) = reader.next_field(&mut map)? {
            match field {
                "period_secs" => period_secs = Some(map.next_value()?),
                "burst_secs" => burst_secs = Some(map.next_value()?),
                "multiplier" => multiplier = Some(map.next_value()?),
                other => {
                    return Err(de::Error::custom(format_args!(
                        "rate profile field `{other}` is listed in PROFILE_TYPES but not read, which is a bug in siemulator"
                    )))
                }
            }
        }
        let profile = match reader.kind()? {
            "constant" => RateProfile::Constant,
            "jittered" => RateProfile::Jittered,
            "diurnal" => RateProfile::Diurnal,
            "bursts" => RateProfile::Bursts {
                period_secs: period_secs.ok_or_else(|| de::Error::missing_field("period_secs"))?,
                burst_secs: burst_secs.ok_or_else(|| de::Error::missing_field("burst_secs"))?,
                multiplier: multiplier.ok_or_else(|| de::Error::missing_field("multiplier"))?,
            },
            other => {
                return Err(de::Error::custom(format_args!(
                    "rate profile type `{other}` is listed in PROFILE_TYPES but not built, which is a bug in siemulator"
                )))
            }
        };
        Ok(profile)
    }
}

/// Relative weight of each hour of a week, Monday 00:00 UTC first. A weekday weighs 222 and
/// a weekend day 48, so a week weighs 1206 and the peak hour's 20 is 2.79 times the average.
fn diurnal_weight(hour_of_week: u64) -> u64 {
    let day = hour_of_week / 24;
    let hour = hour_of_week % 24;
    if day >= 5 {
        return 2;
    }
    match hour {
        0..=6 => 2,
        7 => 6,
        8 => 14,
        9..=11 => 20,
        12 => 15,
        13..=16 => 20,
        17 => 12,
        18 => 6,
        _ => 3,
    }
}

/// Nanoseconds in one week.
const WEEK_NANOS: i64 = 7 * 86_400 * NANOS_PER_SECOND;
/// Maximum accepted rate, in events per second.
pub const MAX_RATE: f64 = 1e9;

/// A repeating cycle of segments, each with a fixed number of evenly spaced slots.
#[derive(Clone, Debug)]
struct Cycle {
    origin: Timestamp,
    length: i64,
    starts: Vec<i64>,
    durations: Vec<i64>,
    first_slot: Vec<u64>,
    events: u64,
    skipped: u64,
}

impl Cycle {
    /// Returns the start of slot `global` in nanoseconds after the origin, and its width of
    /// at least 1 ns.
    fn slot(&self, global: u64) -> (i128, u64) {
        let cycle = global / self.events;
        let rest = global % self.events;
        let segment = self.first_slot.partition_point(|first| *first <= rest) - 1;
        let slots = self.first_slot[segment + 1] - self.first_slot[segment];
        let k = rest - self.first_slot[segment];
        let duration = self.durations[segment] as u128;
        let slot_start = (u128::from(k) * duration / u128::from(slots)) as i64;
        let slot_end = (u128::from(k + 1) * duration / u128::from(slots)) as i64;
        let width = (slot_end - slot_start).max(1) as u64;
        let offset = i128::from(cycle) * i128::from(self.length) + i128::from(self.starts[segment] + slot_start);
        (offset, width)
    }

    fn slot_time(&self, global: u64, key: &StreamKey) -> Timestamp {
        let (offset, width) = self.slot(global);
        let jitter = key.hash_u64(global) % width;
        offset_by(self.origin, offset + i128::from(jitter))
    }

    fn slot_end(&self, global: u64) -> Timestamp {
        let (offset, width) = self.slot(global);
        offset_by(self.origin, offset + i128::from(width))
    }
}

#[derive(Clone, Debug)]
enum Spacing {
    /// Event n at start + n * 10^12 / rate_milli ns, plus jitter inside the slot when set.
    Even { rate_milli: u64, jitter: bool },
    /// Slot-based cycle.
    Cycle(Cycle),
}

/// Maps event indexes to instants.
///
/// # Examples
/// ```
/// use siemulator::clock::{Clock, RateProfile};
/// use siemulator::timestamp::Timestamp;
/// let clock = Clock::new(Timestamp::from_secs(0), 2.0, &RateProfile::Constant, 0).unwrap();
/// assert_eq!(clock.time_of(3), Timestamp::from_millis(1500));
/// ```
#[derive(Clone, Debug)]
pub struct Clock {
    start: Timestamp,
    spacing: Spacing,
    key: StreamKey,
}

impl Clock {
    /// Builds a clock starting at `start` with an average of `rate` events per second.
    ///
    /// # Errors
    /// Returns [`Error::InvalidArgument`] when the rate is not a positive finite number of at
    /// least 0.001 and at most [`MAX_RATE`], or a burst profile has a zero period.
    pub fn new(start: Timestamp, rate: f64, profile: &RateProfile, seed: u64) -> Result<Self> {
        if !rate.is_finite() || !(0.001..=MAX_RATE).contains(&rate) {
            return Err(Error::invalid_argument(
                "rate",
                format!("rate {rate} is out of range; give events per second between 0.001 and {MAX_RATE}"),
            ));
        }
        let rate_milli = (rate * 1000.0).round() as u64;
        let key = StreamKey::new(seed, "clock");
        let spacing = match profile {
            RateProfile::Constant => Spacing::Even { rate_milli, jitter: false },
            RateProfile::Jittered => Spacing::Even { rate_milli, jitter: true },
            RateProfile::Diurnal => {
                let weights: Vec<u64> = (0..168).map(diurnal_weight).collect();
                let total: u64 = weights.iter().sum();
                let hour = 3600 * NANOS_PER_SECOND;
                let segments = weights
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        let events = u128::from(rate_milli) * 3600 * 168 * u128::from(*w) / (1000 * u128::from(total));
                        (i as i64 * hour, hour, events as u64)
                    })
                    .collect();
                let days = start.0.div_euclid(crate::timestamp::NANOS_PER_DAY);
                let monday = (days + 3).rem_euclid(7);
                let origin = Timestamp((days - monday) * crate::timestamp::NANOS_PER_DAY);
                Spacing::Cycle(build_cycle(origin, WEEK_NANOS, segments, "diurnal")?)
            }
            RateProfile::Bursts {
                period_secs,
                burst_secs,
                multiplier,
            } => {
                if *period_secs == 0 || burst_secs >= period_secs {
                    return Err(Error::invalid_argument(
                        "profile",
                        format!(
                            "burst of {burst_secs} s does not fit a period of {period_secs} s; the burst must be shorter than the period"
                        ),
                    ));
                }
                let burst = *burst_secs as i64 * NANOS_PER_SECOND;
                let period = *period_secs as i64 * NANOS_PER_SECOND;
                // The quiet rate is chosen so that the average over a period equals `rate`:
                // base * (period + (multiplier - 1) * burst) = rate * period.
                let multiplier = u128::from((*multiplier).max(1));
                let weighted_secs = u128::from(*period_secs) + (multiplier - 1) * u128::from(*burst_secs);
                let scale = |secs: u128| u128::from(rate_milli) * secs * u128::from(*period_secs) / (1000 * weighted_secs);
                let burst_events = scale(u128::from(*burst_secs) * multiplier);
                let quiet_events = scale(u128::from(period_secs - burst_secs));
                let segments = vec![(0, burst, burst_events as u64), (burst, period - burst, quiet_events as u64)];
                Spacing::Cycle(build_cycle(start, period, segments, "bursts")?)
            }
        };
        let mut clock = Clock { start, spacing, key };
        if let Spacing::Cycle(cycle) = &clock.spacing {
            let mut low = 0u64;
            let mut high = cycle.events;
            while low < high {
                let mid = low + (high - low) / 2;
                if cycle.slot_time(mid, &clock.key) < start {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            if let Spacing::Cycle(cycle) = &mut clock.spacing {
                cycle.skipped = low;
            }
        }
        Ok(clock)
    }

    /// The instant of the first possible event.
    pub fn start(&self) -> Timestamp {
        self.start
    }

    /// Returns the instant of event `n`; non-decreasing in `n`.
    pub fn time_of(&self, n: u64) -> Timestamp {
        match &self.spacing {
            Spacing::Even { rate_milli, jitter } => {
                let slot_start = u128::from(n) * 1_000_000_000_000 / u128::from(*rate_milli);
                let mut offset = slot_start;
                if *jitter {
                    let slot_end = (u128::from(n) + 1) * 1_000_000_000_000 / u128::from(*rate_milli);
                    let width = (slot_end - slot_start).max(1) as u64;
                    offset += u128::from(self.key.hash_u64(n) % width);
                }
                // At most about 2^64 * 10^12 ns, which fits an i128.
                offset_by(self.start, offset as i128)
            }
            Spacing::Cycle(cycle) => cycle.slot_time(n.saturating_add(cycle.skipped), &self.key),
        }
    }

    /// Returns the end of the slot of event `n - 1`: events `0..n` all happen before this
    /// instant, whatever the jitter. It is the start for `n = 0`.
    ///
    /// # Examples
    /// ```
    /// use siemulator::clock::{Clock, RateProfile};
    /// use siemulator::timestamp::Timestamp;
    /// let clock = Clock::new(Timestamp::from_secs(0), 0.5, &RateProfile::Jittered, 0).unwrap();
    /// assert_eq!(clock.slots_end(3), Timestamp::from_secs(6));
    /// ```
    pub fn slots_end(&self, n: u64) -> Timestamp {
        let Some(last) = n.checked_sub(1) else {
            return self.start;
        };
        match &self.spacing {
            Spacing::Even { rate_milli, .. } => {
                let slot_start = u128::from(last) * 1_000_000_000_000 / u128::from(*rate_milli);
                let slot_end = u128::from(n) * 1_000_000_000_000 / u128::from(*rate_milli);
                offset_by(self.start, slot_end.max(slot_start + 1) as i128)
            }
            Spacing::Cycle(cycle) => cycle.slot_end(last.saturating_add(cycle.skipped)),
        }
    }

    /// Returns how many events happen before `end`, so a window [start, end) contains
    /// `count_before(end)` events.
    pub fn count_before(&self, end: Timestamp) -> u64 {
        if end <= self.start {
            return 0;
        }
        let mut low = 0u64;
        let mut high = 1u64;
        while self.time_of(high) < end {
            if high == u64::MAX {
                return high;
            }
            low = high;
            high = high.saturating_mul(2);
        }
        while low < high {
            let mid = low + (high - low) / 2;
            if self.time_of(mid) < end {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }
}

/// Returns `origin` moved by `nanos`, held at the first or last representable instant. The
/// offset of an event from a start before 1970 may exceed `i64::MAX` and still be representable.
fn offset_by(origin: Timestamp, nanos: i128) -> Timestamp {
    let instant = (i128::from(origin.0) + nanos).clamp(i128::from(i64::MIN), i128::from(i64::MAX));
    Timestamp(instant as i64)
}

fn build_cycle(origin: Timestamp, length: i64, segments: Vec<(i64, i64, u64)>, name: &str) -> Result<Cycle> {
    let mut starts = Vec::new();
    let mut durations = Vec::new();
    let mut first_slot = vec![0u64];
    for (start, duration, events) in segments.into_iter().filter(|segment| segment.2 > 0) {
        starts.push(start);
        durations.push(duration);
        first_slot.push(first_slot[first_slot.len() - 1] + events);
    }
    let events = first_slot[first_slot.len() - 1];
    if events == 0 {
        return Err(Error::invalid_argument(
            "rate",
            format!("rate is too low for the {name} profile: no event falls in a whole cycle; raise the rate"),
        ));
    }
    Ok(Cycle {
        origin,
        length,
        starts,
        durations,
        first_slot,
        events,
        skipped: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> Timestamp {
        Timestamp::from_civil(2026, 1, 7, 13, 30, 0, 0)
    }

    fn profiles() -> Vec<RateProfile> {
        vec![
            RateProfile::Constant,
            RateProfile::Jittered,
            RateProfile::Diurnal,
            RateProfile::Bursts {
                period_secs: 600,
                burst_secs: 30,
                multiplier: 20,
            },
        ]
    }

    #[test]
    fn every_profile_is_monotone_from_start() {
        for profile in profiles() {
            let clock = Clock::new(start(), 5.0, &profile, 11).unwrap();
            let mut last = clock.time_of(0);
            assert!(last >= start(), "{profile:?} starts before its start");
            for n in 1..20_000 {
                let t = clock.time_of(n);
                assert!(t >= last, "{profile:?} goes back at {n}");
                last = t;
            }
        }
    }

    #[test]
    fn average_rate_matches_request() {
        for profile in profiles() {
            let clock = Clock::new(start(), 2.0, &profile, 1).unwrap();
            let week = Timestamp(start().0 + WEEK_NANOS);
            let count = clock.count_before(week);
            let expected = 2 * 7 * 86_400;
            assert!(
                count.abs_diff(expected) < expected / 50,
                "{profile:?} gave {count} events in a week"
            );
        }
    }

    #[test]
    fn diurnal_is_busier_at_noon_than_at_night() {
        let monday = Timestamp::from_civil(2026, 1, 5, 0, 0, 0, 0);
        let clock = Clock::new(monday, 1.0, &RateProfile::Diurnal, 0).unwrap();
        let at = |h: u32| clock.count_before(Timestamp::from_civil(2026, 1, 5, h, 0, 0, 0));
        let night = at(4) - at(3);
        let day = at(11) - at(10);
        assert!(day > 5 * night, "day {day}, night {night}");
    }

    #[test]
    fn indexes_near_the_end_saturate() {
        // A start in the first representable year at the highest rate puts the last year's
        // end between event 2^63 and event u64::MAX.
        let first_year = Timestamp::from_civil(1678, 1, 6, 12, 0, 0, 0);
        let after_last_year = Timestamp::from_civil(2262, 1, 1, 0, 0, 0, 0);
        for profile in profiles() {
            let clock = Clock::new(first_year, MAX_RATE, &profile, 3).unwrap();
            for n in [u64::MAX / 2, u64::MAX - 1, u64::MAX] {
                assert!(clock.time_of(n) >= clock.time_of(n / 2), "{profile:?} at {n}");
            }
            let count = clock.count_before(after_last_year);
            assert!(count < u64::MAX, "{profile:?}: {count} events before 2262");
            assert!(clock.time_of(count - 1) < after_last_year, "{profile:?}");
            assert!(clock.time_of(count) >= after_last_year, "{profile:?}");
        }
    }

    #[test]
    fn slots_end_bounds_the_events() {
        for profile in profiles() {
            let clock = Clock::new(start(), 0.7, &profile, 5).unwrap();
            assert_eq!(clock.slots_end(0), start(), "{profile:?}");
            for n in 1..3_000 {
                let end = clock.slots_end(n);
                assert!(clock.time_of(n - 1) < end, "{profile:?} event {} after the end", n - 1);
                assert!(clock.time_of(n) >= end, "{profile:?} event {n} before the end");
                assert!(end > clock.slots_end(n - 1), "{profile:?} at {n}");
            }
        }
    }

    #[test]
    fn profile_serde_round_trips() {
        let mut profiles = profiles();
        profiles.push(RateProfile::default());
        for profile in profiles {
            let json = serde_json::to_value(&profile).unwrap();
            assert_eq!(serde_json::from_value::<RateProfile>(json).unwrap(), profile);
        }
        let reordered = serde_json::json!({"multiplier": 2, "burst_secs": 5, "type": "bursts", "period_secs": 60});
        let expected = RateProfile::Bursts {
            period_secs: 60,
            burst_secs: 5,
            multiplier: 2,
        };
        assert_eq!(serde_json::from_value::<RateProfile>(reordered).unwrap(), expected);
    }

    #[test]
    fn profile_serde_rejects_unknown_fields() {
        // (profile, part of the message)
        let cases = [
            (
                serde_json::json!({"type": "bursts", "period_secs": 60, "burst_secs": 5, "multiplier": 2, "bogus": 1}),
                "unknown field `bogus`, expected one of `period_secs`, `burst_secs`, `multiplier`",
            ),
            (
                serde_json::json!({"type": "diurnal", "peak": 3}),
                "unknown field `peak`; the rate profile 'diurnal' has no fields besides `type`",
            ),
            (
                serde_json::json!({"period": 60, "type": "bursts"}),
                "unknown field `period`, expected one of `type`, `period_secs`",
            ),
            (
                serde_json::json!({"multiplier": 2, "type": "jittered"}),
                "the rate profile 'jittered' has no fields besides `type`",
            ),
            (
                serde_json::json!({"type": "weekly"}),
                "unknown rate profile 'weekly'; expected one of constant, jittered, diurnal, bursts",
            ),
            (serde_json::json!({"period_secs": 60}), "missing field `type`"),
            (serde_json::json!("diurnal"), "expected a rate profile: a map with a `type` field"),
        ];
        for (json, message) in cases {
            let error = serde_json::from_value::<RateProfile>(json.clone()).unwrap_err().to_string();
            assert!(error.contains(message), "{json}: {error}");
        }
    }

    #[test]
    fn zero_rate_is_rejected() {
        assert!(Clock::new(start(), 0.0, &RateProfile::Constant, 0).is_err());
        assert!(Clock::new(start(), f64::NAN, &RateProfile::Constant, 0).is_err());
    }
}
