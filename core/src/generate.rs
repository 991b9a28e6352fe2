//! Generation requests: one source, a seed, a clock, overrides, and a range of indexes.
//!
//! A [`Generator`] turns a [`GenerateRequest`] into events. Event `i` depends only on
//! (seed, source id, i) and the request, so a generator started at `offset` produces exactly
//! the events a full run produces at those indexes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::clock::{Clock, RateProfile};
use crate::error::{Error, Result};
use crate::event::{Event, Labels};
use crate::fields::{kind_fits, Fields, Kind};
use crate::seed::StreamKey;
use crate::sources::{self, GenContext, Source};
use crate::timestamp::{Timestamp, MAX_YEAR};
use crate::world::{World, WorldConfig};

/// Year of [`default_start`], also the default year for reading BSD syslog timestamps.
pub const DEFAULT_START_YEAR: i32 = 2026;

/// The default first instant: Monday 2026-01-05 09:00:00 UTC, so a bare command is
/// reproducible and starts in business hours.
pub fn default_start() -> Timestamp {
    Timestamp::from_civil(DEFAULT_START_YEAR, 1, 5, 9, 0, 0, 0)
}

/// Default rate in events per second.
pub const DEFAULT_RATE: f64 = 10.0;

/// Everything that determines a generated stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GenerateRequest {
    /// Source id or alias.
    pub source: String,
    /// Number of events; `None` means endless (or up to `end`).
    pub count: Option<u64>,
    /// Index of the first event, for producing a slice of a longer run.
    pub offset: u64,
    /// Run seed.
    pub seed: u64,
    /// First instant; [`default_start`] when `None`.
    pub start: Option<Timestamp>,
    /// Stop before this instant.
    pub end: Option<Timestamp>,
    /// Average rate in events per second; [`DEFAULT_RATE`] when `None`.
    pub rate: Option<f64>,
    /// How the rate varies.
    pub profile: RateProfile,
    /// Variant name; `None` draws variants by weight.
    pub variant: Option<String>,
    /// `(field, value)` pairs that replace generated values.
    pub overrides: Vec<(String, String)>,
    /// Synthetic organisation settings.
    pub world: WorldConfig,
}

impl Default for GenerateRequest {
    fn default() -> Self {
        GenerateRequest {
            source: String::new(),
            count: Some(10),
            offset: 0,
            seed: 0,
            start: None,
            end: None,
            rate: None,
            profile: RateProfile::Constant,
            variant: None,
            overrides: Vec::new(),
            world: WorldConfig::default(),
        }
    }
}

impl GenerateRequest {
    /// A request for `count` events of `source` with every other setting at its default.
    pub fn new(source: impl Into<String>, count: u64) -> Self {
        GenerateRequest {
            source: source.into(),
            count: Some(count),
            ..GenerateRequest::default()
        }
    }
}

/// Events per variant whose fields are collected to check override names. Fields that only
/// some events have (the error code of a failed call) must show up among them.
const OVERRIDE_PROBE_EVENTS: u64 = 256;

/// One `(field, value)` override, with whether the value is valid text for each field kind
/// worked out once instead of on every event.
#[derive(Clone, Debug)]
struct Override {
    field: String,
    value: String,
    fits_num: bool,
    fits_bool: bool,
    fits_null: bool,
    fits_json: bool,
}

impl Override {
    fn new(field: &str, value: &str) -> Self {
        Override {
            field: field.to_string(),
            value: value.to_string(),
            fits_num: kind_fits(Kind::Num, value),
            fits_bool: kind_fits(Kind::Bool, value),
            fits_null: kind_fits(Kind::Null, value),
            fits_json: kind_fits(Kind::Json, value),
        }
    }

    fn fits(&self, kind: Kind) -> bool {
        match kind {
            Kind::Str => true,
            Kind::Num => self.fits_num,
            Kind::Bool => self.fits_bool,
            Kind::Null => self.fits_null,
            Kind::Json => self.fits_json,
        }
    }
}

/// Returns true when an override of a text field containing `old` should also replace `old`
/// inside other fields. That is the case when `old` is the name of an entity of the world: a
/// user name, email address or display name, a host name, FQDN or address, a domain or a cloud
/// account id. Another field that contains it as a whole word then names the same entity.
/// Other values (`deny`, `0x0`, `1.0`, a time, a region) also occur in fields where they mean
/// something else, so they are not replaced.
fn carries(kind: Option<Kind>, old: &str, new: &str, entities: &EntityNames) -> bool {
    // An empty value clears the field alone: it leaves no name to put in the others.
    kind == Some(Kind::Str) && !new.is_empty() && old != new && entities.contains(old)
}

/// The names of the world's entities, lower case, for [`carries`], and the short name of each
/// host's fully qualified name.
#[derive(Debug, Default)]
struct EntityNames {
    names: HashSet<String>,
    /// Lower-case FQDN to the host's short name as sources write it.
    short_names: HashMap<String, String>,
}

impl EntityNames {
    fn of(world: &World) -> Self {
        let mut names = HashSet::new();
        let short_names = world
            .hosts
            .iter()
            .map(|host| (host.fqdn.to_ascii_lowercase(), host.hostname.clone()))
            .collect();
        for user in &world.users {
            names.extend([&user.username, &user.email, &user.display_name].map(|name| name.to_ascii_lowercase()));
        }
        for host in &world.hosts {
            names.extend([
                host.hostname.to_ascii_lowercase(),
                host.fqdn.to_ascii_lowercase(),
                host.ip.to_string(),
            ]);
        }
        names.extend(world.nat_addresses.iter().chain(&world.external_addresses).map(ToString::to_string));
        names.extend(world.external_domains.iter().map(|domain| domain.to_ascii_lowercase()));
        names.insert(world.domain.to_ascii_lowercase());
        names.extend(world.cloud_accounts.iter().map(|account| account.id.to_ascii_lowercase()));
        EntityNames { names, short_names }
    }

    fn contains(&self, value: &str) -> bool {
        value.len() >= 3 && self.names.contains(&value.to_ascii_lowercase())
    }

    /// Returns the short name of the host whose FQDN is `value`.
    fn short_name(&self, value: &str) -> Option<&str> {
        self.short_names.get(&value.to_ascii_lowercase()).map(String::as_str)
    }
}

/// Returns the last override of each field, in request order. An earlier override of the same
/// field would carry its value into derived fields that the last one then no longer matches.
fn last_of_each_field(overrides: &[(String, String)]) -> impl Iterator<Item = &(String, String)> {
    overrides
        .iter()
        .enumerate()
        .filter(|(i, (field, _))| !overrides[i + 1..].iter().any(|(later, _)| later == field))
        .map(|(_, item)| item)
}

/// Produces the events of one request, in index order.
pub struct Generator {
    source: &'static dyn Source,
    world: Arc<World>,
    clock: Clock,
    key: StreamKey,
    next: u64,
    /// Index after the last event. An endless stream stops where times would pass the last
    /// year, but still reports no count in [`Generator::remaining`].
    stop: u64,
    /// True when the request gave neither a count nor an end.
    endless: bool,
    variant: Option<usize>,
    allowed: Vec<usize>,
    weights: Vec<u32>,
    overrides: Vec<Override>,
    /// The overrides as the request gave them, for [`GenContext::overrides`].
    pins: Vec<(String, String)>,
    fields: Fields,
    /// The value an override replaces, copied out of `fields` while they change.
    replaced: String,
    /// Names of the world's entities, built when the request has overrides.
    entities: EntityNames,
    labels: Labels,
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("source", &self.source.meta().id)
            .field("next", &self.next)
            .field("stop", &self.stop)
            .finish()
    }
}

impl Generator {
    /// Validates the request and prepares the stream, building the world from the seed.
    ///
    /// # Errors
    /// [`Error::UnknownSource`], [`Error::UnknownVariant`], [`Error::UnknownField`] for an
    /// override no variant has, and [`Error::InvalidArgument`] for a bad rate or world.
    pub fn new(request: &GenerateRequest) -> Result<Self> {
        let world = Arc::new(World::new(request.seed, &request.world)?);
        Generator::with_world(request, world)
    }

    /// Same as [`Generator::new`] with a world built beforehand (shared between streams).
    ///
    /// # Errors
    /// As [`Generator::new`].
    pub fn with_world(request: &GenerateRequest, world: Arc<World>) -> Result<Self> {
        let resolved = sources::resolve(&request.source)?;
        let source = resolved.source;
        let meta = source.meta();
        let start = request.start.unwrap_or_else(default_start);
        let clock = Clock::new(start, request.rate.unwrap_or(DEFAULT_RATE), &request.profile, request.seed)?;

        let allowed: Vec<usize> = if resolved.variants.is_empty() {
            (0..meta.variants.len()).collect()
        } else {
            resolved
                .variants
                .iter()
                .map(|name| meta.variant_index(name))
                .collect::<Result<_>>()?
        };
        let variant = match &request.variant {
            Some(name) => {
                let index = meta.variant_index(name)?;
                if !allowed.contains(&index) {
                    return Err(Error::invalid_argument(
                        "variant",
                        format!(
                            "variant '{name}' is not produced under the id '{}'; use '{}' instead",
                            request.source, meta.id
                        ),
                    ));
                }
                Some(index)
            }
            None => None,
        };
        let entities = if request.overrides.is_empty() {
            EntityNames::default()
        } else {
            EntityNames::of(&world)
        };
        let mut weights: Vec<u32> = if resolved.weights.is_empty() {
            allowed.iter().map(|i| meta.variants[*i].weight).collect()
        } else {
            resolved.weights.to_vec()
        };
        if weights.iter().all(|w| *w == 0) {
            weights.iter_mut().for_each(|w| *w = 1);
        }

        let mut stop = request.count.map_or(u64::MAX, |count| request.offset.saturating_add(count));
        if let Some(end) = request.end {
            stop = stop.min(clock.count_before(end));
        }
        // Events must fall in the years a timestamp holds. An endless stream ends there, and a
        // request for events past that point is rejected rather than given wrong times.
        let last = clock.count_before(Timestamp::from_civil(MAX_YEAR + 1, 1, 1, 0, 0, 0, 0));
        let too_late = |name: &str, what: &str| {
            Error::invalid_argument(
                name,
                format!("the {what} would fall after the year {MAX_YEAR} at this rate; at most {last} events fit from the start"),
            )
        };
        if request.offset >= last && request.count != Some(0) {
            return Err(too_late("offset", "first event"));
        }
        if stop > last {
            if request.count.is_some() {
                return Err(too_late("count", "last event"));
            }
            stop = last;
        }
        let mut generator = Generator {
            source,
            world,
            clock,
            key: StreamKey::new(request.seed, meta.id),
            next: request.offset,
            stop,
            endless: request.count.is_none() && request.end.is_none(),
            variant,
            allowed,
            weights,
            overrides: last_of_each_field(&request.overrides)
                .map(|(field, value)| Override::new(field, value))
                .collect(),
            pins: request.overrides.clone(),
            fields: Fields::new(),
            replaced: String::new(),
            entities,
            labels: Labels::default(),
        };
        generator.check_overrides()?;
        Ok(generator)
    }

    /// Fails when an override names a field that no allowed variant fills.
    fn check_overrides(&mut self) -> Result<()> {
        if self.overrides.is_empty() {
            return Ok(());
        }
        let meta = self.source.meta();
        let candidates: Vec<usize> = self.variant.map_or_else(|| self.allowed.clone(), |v| vec![v]);
        let mut known: Vec<String> = Vec::new();
        // Some variants fill a field only in some events (an optional value, a header on
        // event 0), so the field set is the union over several probe events per variant.
        // The probe stream does not depend on the request's seed, so a field is accepted or
        // rejected the same way whatever the seed.
        let probe = StreamKey::new(0, meta.id).child("probe");
        for variant in &candidates {
            for index in 0..OVERRIDE_PROBE_EVENTS {
                let mut ctx = GenContext {
                    rng: probe.event(index * 64 + *variant as u64),
                    world: &self.world,
                    time: self.clock.time_of(index),
                    index,
                    variant: *variant,
                    overrides: &self.pins,
                };
                self.fields.clear();
                self.source.fill(&mut ctx, &mut self.fields);
                known.extend(self.fields.names().map(str::to_string));
            }
        }
        known.sort();
        known.dedup();
        for Override { field, .. } in &self.overrides {
            if known.binary_search(field).is_err() {
                let variant = self.variant.map_or("", |v| meta.variants[v].name);
                return Err(Error::UnknownField {
                    source_id: meta.id.to_string(),
                    variant: variant.to_string(),
                    field: field.clone(),
                    available: known,
                });
            }
        }
        Ok(())
    }

    /// Sets the labels attached to every event of this stream.
    pub fn set_labels(&mut self, labels: Labels) {
        self.labels = labels;
    }

    /// The source of this stream.
    pub fn source(&self) -> &'static dyn Source {
        self.source
    }

    /// The world of this stream.
    pub fn world(&self) -> &Arc<World> {
        &self.world
    }

    /// Index of the next event.
    pub fn position(&self) -> u64 {
        self.next
    }

    /// Number of events left, or `None` for an endless stream.
    pub fn remaining(&self) -> Option<u64> {
        (!self.endless).then(|| self.stop.saturating_sub(self.next))
    }

    /// Time of the next event, or `None` at the end.
    pub fn peek_time(&self) -> Option<Timestamp> {
        (self.next < self.stop).then(|| self.clock.time_of(self.next))
    }

    /// Generates the next event's fields and raw text into reusable buffers, returning its
    /// time and variant index, or `None` at the end. This is the allocation-free hot path.
    pub fn next_raw(&mut self, raw: &mut String) -> Option<(Timestamp, usize)> {
        if self.next >= self.stop {
            return None;
        }
        let index = self.next;
        self.next += 1;
        let time = self.clock.time_of(index);
        let mut rng = self.key.event(index);
        let variant = match self.variant {
            Some(v) => v,
            None => self.allowed[rng.weighted(&self.weights)],
        };
        let mut ctx = GenContext {
            rng,
            world: &self.world,
            time,
            index,
            variant,
            overrides: &self.pins,
        };
        self.fields.clear();
        self.source.fill(&mut ctx, &mut self.fields);
        for item in &self.overrides {
            // Text the source derived from the replaced value follows it (see `carries`).
            self.replaced.clear();
            if let Some(old) = self
                .fields
                .get(&item.field)
                .filter(|old| carries(self.fields.kind(&item.field), old, &item.value, &self.entities))
            {
                self.replaced.push_str(old);
                let overridden = |name: &str| self.overrides.iter().any(|o| o.field == name);
                self.fields.replace_embedded(&self.replaced, &item.value, overridden);
                // Other fields may name the same host by its short name, as in the machine
                // account `WS-01$`. The new value's first label replaces it there, unless the
                // new value is an IP address, which has no host name to take it from.
                let new_is_address = item.value.parse::<std::net::IpAddr>().is_ok();
                if let Some(short) = self.entities.short_name(&self.replaced).filter(|_| !new_is_address) {
                    let new_short = item.value.split('.').next().unwrap_or_default();
                    if !new_short.is_empty() && !short.eq_ignore_ascii_case(new_short) {
                        self.fields.replace_embedded(short, new_short, overridden);
                    }
                }
            }
            self.fields.set_with(&item.field, &item.value, |kind| item.fits(kind));
        }
        raw.clear();
        self.source.write(variant, &self.fields, raw);
        Some((time, variant))
    }

    /// The ground-truth fields of the event last produced by [`Generator::next_raw`] or
    /// [`Iterator::next`].
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Returns the host an event is attributed to: the first of the source's
    /// [`host_fields`](sources::SourceMeta::host_fields) that the event has, else the host of
    /// the collecting service ([`Source::collector_host`](sources::Source::collector_host)),
    /// else the source id.
    fn host_of(&self) -> String {
        let meta = self.source.meta();
        if let Some(value) = meta.host_fields.iter().find_map(|name| self.fields.get(name)) {
            return value.to_string();
        }
        self.source
            .collector_host(&self.world, &self.fields)
            .unwrap_or_else(|| meta.id.to_string())
    }
}

impl Iterator for Generator {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        let mut raw = String::new();
        let (time, variant) = self.next_raw(&mut raw)?;
        let meta = self.source.meta();
        Some(Event {
            time,
            index: self.next - 1,
            source: meta.id,
            sourcetype: meta.sourcetype,
            variant: meta.variants[variant].name,
            host: self.host_of(),
            raw,
            labels: self.labels.clone(),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        // Every stream stops at `stop`, an endless one where times would pass the last year.
        // That is billions of events away, too many to reserve room for, so an endless
        // stream promises no lower bound.
        let left = self.stop.saturating_sub(self.next);
        let lower = if self.endless {
            0
        } else {
            usize::try_from(left).unwrap_or(usize::MAX)
        };
        (lower, usize::try_from(left).ok())
    }
}
