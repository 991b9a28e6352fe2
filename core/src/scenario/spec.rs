//! The scenario document: serde types and the readers for JSON, YAML and TOML.
//!
//! Every struct rejects unknown fields, and alternatives are tagged with a `type` field. A
//! reading error becomes [`Error::Scenario`] with the path of the bad field
//! (`phases[2].steps[0].source`) and, when the parser reports one, the 1-based line.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::clock::RateProfile;
use crate::error::{Error, Result};
use crate::tagged::{TaggedKinds, TaggedReader};
use crate::timestamp::{parse_rfc3339, Timestamp, NANOS_PER_SECOND};
use crate::world::WorldConfig;

/// The language a scenario document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpecFormat {
    /// JSON.
    Json,
    /// YAML 1.2.
    Yaml,
    /// TOML 1.0.
    Toml,
}

impl SpecFormat {
    /// Returns the format a file name's extension names (`.json`, `.yaml`, `.yml`, `.toml`).
    pub fn from_extension(name: &str) -> Option<SpecFormat> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "json" => Some(SpecFormat::Json),
            "yaml" | "yml" => Some(SpecFormat::Yaml),
            "toml" => Some(SpecFormat::Toml),
            _ => None,
        }
    }
}

/// A whole scenario document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// Name, used in labels and seed derivation.
    pub name: String,
    /// What the scenario shows.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Seed used when the caller gives none; 0 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// First instant; the library's default start when absent.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "optional_time")]
    pub start: Option<Timestamp>,
    /// Length of the scenario; background runs over all of it.
    pub duration: SpecDuration,
    /// Synthetic organisation settings.
    #[serde(default)]
    pub world: WorldConfig,
    /// Named actors that step overrides refer to as `${name.field}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actors: BTreeMap<String, ActorSpec>,
    /// Benign sources that run for the whole scenario.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub background: Vec<BackgroundSpec>,
    /// Attack phases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<PhaseSpec>,
}

/// Role filter of a `world_host` actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HostRoleFilter {
    /// An employee workstation.
    Workstation,
    /// A member server.
    Server,
    /// A domain controller.
    DomainController,
}

/// Operating system family filter of a `world_host` actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Windows.
    Windows,
    /// Linux distributions.
    Linux,
    /// macOS.
    Macos,
}

/// Where an actor's values come from.
///
/// Deserialization is written out in `ActorVisitor`, so that errors keep their line.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ActorSpec {
    /// An employee of the world. Fields: `user`, `name`, `first_name`, `last_name`, `email`,
    /// `upn`, `department`, `title`, `employee_id`, `sid`, `okta_id`, `object_id`, and the
    /// user's workstation as `host`, `fqdn`, `ip`, `mac`, plus `domain` and `netbios_domain`.
    WorldUser {
        /// Position among the users that match the filters; drawn from the seed when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<u32>,
        /// Only users of this department (case-insensitive).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        department: Option<String>,
        /// Only users with (true) or without (false) administrative rights.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        admin: Option<bool>,
    },
    /// A computer of the world. Fields: `host`, `hostname`, `fqdn`, `ip`, `mac`, `os`, `role`,
    /// `user` (the owner of a workstation, empty otherwise), `domain`, `netbios_domain`.
    WorldHost {
        /// Position among the hosts that match the filters; drawn from the seed when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<u32>,
        /// Only hosts of this role.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<HostRoleFilter>,
        /// Only hosts of this operating system family.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        platform: Option<Platform>,
        /// The workstation of this `world_user` actor.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
        /// Prefer hosts whose host name starts with this text in any case, such as `srv-fs`
        /// for file servers. When no host matching the other filters has such a name, the
        /// other filters choose alone, so a document runs with every seed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name_prefix: Option<String>,
    },
    /// An external address (documentation ranges by default). Field: `ip`.
    ExternalIp {
        /// Position in the world's external addresses; drawn from the seed when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<u32>,
    },
    /// An external domain (reserved names by default). Fields: `domain`, `url`.
    ExternalDomain {
        /// Position in the world's external domains; drawn from the seed when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<u32>,
    },
    /// A cloud account. Fields: `account_id`, `name`, `provider`, `region`.
    CloudAccount {
        /// Only accounts of this provider: `aws`, `azure` or `gcp`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider: Option<String>,
        /// Position among the matching accounts; drawn from the seed when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<u32>,
    },
    /// A business application. Fields: `name`, `app_id`.
    Application {
        /// Only the application with this name (case-insensitive).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// Position among the matching applications; drawn from the seed when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<u32>,
    },
    /// Values given in the document: each key of `value` is a field.
    Literal {
        /// Field names and their string, number or boolean values.
        value: Map<String, Value>,
    },
}

impl ActorSpec {
    /// Returns the `type` tag of this actor.
    pub fn type_name(&self) -> &'static str {
        match self {
            ActorSpec::WorldUser { .. } => "world_user",
            ActorSpec::WorldHost { .. } => "world_host",
            ActorSpec::ExternalIp { .. } => "external_ip",
            ActorSpec::ExternalDomain { .. } => "external_domain",
            ActorSpec::CloudAccount { .. } => "cloud_account",
            ActorSpec::Application { .. } => "application",
            ActorSpec::Literal { .. } => "literal",
        }
    }
}

/// The actor types with the filters each accepts. [`ActorVisitor`] reads every field named here.
static ACTOR_TYPES: TaggedKinds = TaggedKinds {
    noun: "actor type",
    kinds: &[
        ("world_user", &["index", "department", "admin"]),
        ("world_host", &["index", "role", "platform", "owner", "name_prefix"]),
        ("external_ip", &["index"]),
        ("external_domain", &["index"]),
        ("cloud_account", &["provider", "index"]),
        ("application", &["name", "index"]),
        ("literal", &["value"]),
    ],
    all_fields: &[
        "type",
        "index",
        "department",
        "admin",
        "role",
        "platform",
        "owner",
        "name_prefix",
        "provider",
        "name",
        "value",
    ],
};

impl<'de> Deserialize<'de> for ActorSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_map(ActorVisitor)
    }
}

/// Reads an actor entry by entry, in any order of its fields.
struct ActorVisitor;

/// The fields of every actor type; the `type` field decides which may be set.
#[derive(Default)]
struct ActorFields {
    index: Option<u32>,
    department: Option<String>,
    admin: Option<bool>,
    role: Option<HostRoleFilter>,
    platform: Option<Platform>,
    owner: Option<String>,
    name_prefix: Option<String>,
    provider: Option<String>,
    name: Option<String>,
    value: Option<Map<String, Value>>,
}

impl<'de> Visitor<'de> for ActorVisitor {
    type Value = ActorSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an actor: a map with a `type` field")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<ActorSpec, A::Error> {
        let mut reader = TaggedReader::new(&ACTOR_TYPES);
        let mut fields = ActorFields::default();
        while let Some(field) = reader.next_field(&mut map)? {
            match field {
                "index" => fields.index = map.next_value()?,
                "department" => fields.department = map.next_value()?,
                "admin" => fields.admin = map.next_value()?,
                "role" => fields.role = map.next_value()?,
                "platform" => fields.platform = map.next_value()?,
                "owner" => fields.owner = map.next_value()?,
                "name_prefix" => fields.name_prefix = map.next_value()?,
                "provider" => fields.provider = map.next_value()?,
                "name" => fields.name = map.next_value()?,
                "value" => fields.value = Some(map.next_value()?),
                other => {
                    return Err(de::Error::custom(format_args!(
                        "actor field `{other}` is listed in ACTOR_TYPES but not read, which is a bug in siemulator"
                    )))
                }
            }
        }
        let ActorFields {
            index,
            department,
            admin,
            role,
            platform,
            owner,
            name_prefix,
            provider,
            name,
            value,
        } = fields;
        let actor = match reader.kind()? {
            "world_user" => ActorSpec::WorldUser { index, department, admin },
            "world_host" => ActorSpec::WorldHost {
                index,
                role,
                platform,
                owner,
                name_prefix,
            },
            "external_ip" => ActorSpec::ExternalIp { index },
            "external_domain" => ActorSpec::ExternalDomain { index },
            "cloud_account" => ActorSpec::CloudAccount { provider, index },
            "application" => ActorSpec::Application { name, index },
            "literal" => ActorSpec::Literal {
                value: value.ok_or_else(|| de::Error::missing_field("value"))?,
            },
            other => {
                return Err(de::Error::custom(format_args!(
                    "actor type `{other}` is listed in ACTOR_TYPES but not built, which is a bug in siemulator"
                )))
            }
        };
        Ok(actor)
    }
}

/// One benign source running over the whole scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackgroundSpec {
    /// Source id or alias.
    pub source: String,
    /// Average rate in events per second.
    pub rate: f64,
    /// How the rate varies: a name (`constant`, `jittered`, `diurnal`, `bursts`) or a tagged
    /// profile such as `{type: bursts, period_secs: 600, burst_secs: 30, multiplier: 20}`.
    #[serde(default, deserialize_with = "profile")]
    pub profile: RateProfile,
    /// Variant to produce; drawn by weight when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// Field overrides; values may refer to actors as `${name.field}`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub set: Map<String, Value>,
}

/// One attack phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseSpec {
    /// Name, unique in the scenario; the `phase` label of its events.
    pub name: String,
    /// What happens in the phase.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// ATT&CK tactic short name, such as `credential-access`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tactic: Option<String>,
    /// ATT&CK technique id, such as `T1110.001`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technique: Option<String>,
    /// Start of the phase after the scenario start.
    #[serde(default)]
    pub offset: SpecDuration,
    /// The event streams of the phase.
    pub steps: Vec<StepSpec>,
}

/// One stream of attack events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    /// Optional name, for the reader of the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Source id or alias.
    pub source: String,
    /// Variant to produce; drawn by weight when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// Number of events.
    #[serde(default = "one")]
    pub count: u64,
    /// Start of the step after the phase start.
    #[serde(default)]
    pub offset: SpecDuration,
    /// Window the events are spread over; 0 puts them 1 ns apart.
    #[serde(default)]
    pub spread: SpecDuration,
    /// Spacing of the events inside the window; `jittered` by default.
    #[serde(default = "jittered", deserialize_with = "profile")]
    pub profile: RateProfile,
    /// ATT&CK tactic; the phase's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tactic: Option<String>,
    /// ATT&CK technique; the phase's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technique: Option<String>,
    /// The `malicious` label; true by default, false for benign events an attack causes.
    #[serde(default = "yes")]
    pub malicious: bool,
    /// Field overrides; values may refer to actors as `${name.field}`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub set: Map<String, Value>,
}

fn one() -> u64 {
    1
}

fn yes() -> bool {
    true
}

fn jittered() -> RateProfile {
    RateProfile::Jittered
}

/// Longest accepted duration or offset: 3,650 days, far inside the range of [`Timestamp`].
pub const MAX_DURATION_NANOS: u64 = 3650 * 86_400 * NANOS_PER_SECOND as u64;

/// A length of time, written as text such as `90s`, `30m`, `1h30m`, `250ms` or `2d`, or as a
/// number of seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpecDuration {
    /// Length in nanoseconds.
    pub nanos: u64,
}

impl SpecDuration {
    /// Builds a duration of whole seconds.
    pub fn from_secs(seconds: u64) -> Self {
        SpecDuration {
            nanos: seconds.saturating_mul(NANOS_PER_SECOND as u64),
        }
    }

    /// Reads `1h30m`, `90s`, `1.5s`, `250ms`, `2d`: numbers each followed by a unit (`d`, `h`,
    /// `m`, `s`, `ms`, `us`, `ns`), summed.
    ///
    /// # Errors
    /// Returns a message naming the problem for empty text, a number without a unit, an
    /// unknown unit, or a length above [`MAX_DURATION_NANOS`].
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("the duration is empty; write it as 30s, 15m, 1h30m or a number of seconds".into());
        }
        if let Some(length) = text.strip_prefix('-') {
            let example = if SpecDuration::parse(length).is_ok() {
                length.trim()
            } else {
                "30s"
            };
            return Err(format!("the duration '{text}' is negative; give 0 or more, such as {example}"));
        }
        let mut total: u128 = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
            let unit_len = rest[number_len..]
                .find(|c: char| c.is_ascii_digit() || c == '.')
                .unwrap_or(rest.len() - number_len);
            let (number, unit) = (&rest[..number_len], rest[number_len..number_len + unit_len].trim());
            let scale: u128 = match unit {
                "d" => 86_400 * NANOS_PER_SECOND as u128,
                "h" => 3600 * NANOS_PER_SECOND as u128,
                "m" | "min" => 60 * NANOS_PER_SECOND as u128,
                "s" => NANOS_PER_SECOND as u128,
                "ms" => 1_000_000,
                "us" => 1_000,
                "ns" => 1,
                "" => return Err(format!("'{text}' has a number without a unit; add one of d, h, m, s, ms")),
                other => return Err(format!("'{text}' has the unknown unit '{other}'; use d, h, m, s, ms, us or ns")),
            };
            total += scaled(number, scale).ok_or_else(|| format!("'{number}' in '{text}' is not a number"))?;
            rest = &rest[number_len + unit_len..];
        }
        let nanos = u64::try_from(total).ok().filter(|n| *n <= MAX_DURATION_NANOS);
        nanos
            .map(|nanos| SpecDuration { nanos })
            .ok_or_else(|| format!("'{text}' is longer than the maximum of 3650 days"))
    }
}

/// Multiplies a decimal number such as `1.25` by `scale` exactly, in integers.
fn scaled(number: &str, scale: u128) -> Option<u128> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.contains('.') || whole.len() > 20 || fraction.len() > 9 {
        return None;
    }
    let whole: u128 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut value = whole.checked_mul(scale)?;
    if !fraction.is_empty() {
        let digits: u128 = fraction.parse().ok()?;
        value += digits * scale / 10u128.pow(fraction.len() as u32);
    }
    Some(value)
}

impl fmt::Display for SpecDuration {
    /// Writes the shortest unit form, such as `1h30m`, `45s` or `1s500ms`; zero is `0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nanos == 0 {
            return f.write_str("0s");
        }
        let mut rest = self.nanos;
        let units: [(&str, u64); 7] = [
            ("d", 86_400 * NANOS_PER_SECOND as u64),
            ("h", 3600 * NANOS_PER_SECOND as u64),
            ("m", 60 * NANOS_PER_SECOND as u64),
            ("s", NANOS_PER_SECOND as u64),
            ("ms", 1_000_000),
            ("us", 1_000),
            ("ns", 1),
        ];
        for (unit, size) in units {
            if rest >= size {
                write!(f, "{}{unit}", rest / size)?;
                rest %= size;
            }
        }
        Ok(())
    }
}

impl Serialize for SpecDuration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SpecDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct DurationVisitor;

        impl Visitor<'_> for DurationVisitor {
            type Value = SpecDuration;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration such as 30s, 15m or 1h30m, or a number of seconds")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> std::result::Result<SpecDuration, E> {
                SpecDuration::parse(text).map_err(E::custom)
            }

            fn visit_u64<E: de::Error>(self, seconds: u64) -> std::result::Result<SpecDuration, E> {
                SpecDuration::parse(&format!("{seconds}s")).map_err(E::custom)
            }

            fn visit_i64<E: de::Error>(self, seconds: i64) -> std::result::Result<SpecDuration, E> {
                match u64::try_from(seconds) {
                    Ok(seconds) => self.visit_u64(seconds),
                    Err(_) => Err(E::custom(format!("the duration {seconds} is negative; give 0 or more seconds"))),
                }
            }

            fn visit_f64<E: de::Error>(self, seconds: f64) -> std::result::Result<SpecDuration, E> {
                if seconds < 0.0 {
                    return Err(E::custom(format!("the duration {seconds} is negative; give 0 or more seconds")));
                }
                if !seconds.is_finite() {
                    return Err(E::custom(format!("the duration {seconds} is not a finite number of seconds")));
                }
                SpecDuration::parse(&format!("{seconds}s")).map_err(E::custom)
            }
        }

        deserializer.deserialize_any(DurationVisitor)
    }
}

/// The key under which the `toml` crate hands a native TOML date-time to a visitor.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

/// Reads an optional instant: RFC 3339 text, seconds since the epoch, or a native TOML
/// date-time.
fn optional_time<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Option<Timestamp>, D::Error> {
    struct TimeVisitor;

    impl<'de> Visitor<'de> for TimeVisitor {
        type Value = Option<Timestamp>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an RFC 3339 instant such as 2026-01-05T09:00:00Z, or seconds since the epoch")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> std::result::Result<Self::Value, E> {
            parse_rfc3339(text).map(Some).map_err(|e| {
                E::custom(format!(
                    "invalid instant '{text}' at offset {}: {}; write RFC 3339 such as 2026-01-05T09:00:00Z",
                    e.offset, e.reason
                ))
            })
        }

        fn visit_i64<E: de::Error>(self, seconds: i64) -> std::result::Result<Self::Value, E> {
            Ok(Some(Timestamp::from_secs(seconds)))
        }

        fn visit_u64<E: de::Error>(self, seconds: u64) -> std::result::Result<Self::Value, E> {
            let seconds = i64::try_from(seconds).map_err(|_| E::custom(format!("{seconds} seconds is out of range")))?;
            Ok(Some(Timestamp::from_secs(seconds)))
        }

        fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
            let key: Option<String> = map.next_key()?;
            match key.as_deref() {
                Some(TOML_DATETIME_KEY) => {
                    let text: String = map.next_value()?;
                    self.visit_str(&text)
                }
                _ => Err(de::Error::custom(
                    "expected an RFC 3339 instant such as 2026-01-05T09:00:00Z, found a table",
                )),
            }
        }
    }

    deserializer.deserialize_any(TimeVisitor)
}

/// Reads a rate profile given by name (`diurnal`) or as a tagged map (`{type: diurnal}`).
fn profile<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<RateProfile, D::Error> {
    struct ProfileVisitor;

    impl<'de> Visitor<'de> for ProfileVisitor {
        type Value = RateProfile;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a profile name (constant, jittered, diurnal, bursts) or a map with a `type` field")
        }

        fn visit_str<E: de::Error>(self, name: &str) -> std::result::Result<RateProfile, E> {
            RateProfile::from_name(name).map_err(|e| match e {
                Error::InvalidArgument { message, .. } => E::custom(message),
                other => E::custom(other),
            })
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<RateProfile, A::Error> {
            RateProfile::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }

    deserializer.deserialize_any(ProfileVisitor)
}

/// Path shown for errors that concern the whole document, such as a syntax error.
pub const DOCUMENT_PATH: &str = "document";

/// Reads a document in `format`.
///
/// # Errors
/// Returns [`Error::Scenario`] with the path of the bad field and the line when known.
pub fn read(text: &str, format: SpecFormat) -> Result<ScenarioSpec> {
    match format {
        SpecFormat::Json => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let spec = serde_path_to_error::deserialize(&mut deserializer)
                .map_err(|e| path_error(&e, line_of_json(e.inner()), &e.inner().to_string()))?;
            deserializer
                .end()
                .map_err(|e| scenario_error(DOCUMENT_PATH.into(), line_of_json(&e), &e.to_string()))?;
            Ok(spec)
        }
        SpecFormat::Yaml => {
            let deserializer = serde_yml::Deserializer::from_str(text);
            serde_path_to_error::deserialize(deserializer).map_err(|e| {
                let line = e.inner().location().map(|l| l.line() as u64);
                let message = e.inner().to_string();
                path_error(&e, line, strip_yaml_path(&message))
            })
        }
        SpecFormat::Toml => {
            let deserializer = toml::Deserializer::new(text);
            serde_path_to_error::deserialize(deserializer).map_err(|e| {
                let line = e.inner().span().map(|span| line_at(text, span.start));
                path_error(&e, line, e.inner().message())
            })
        }
    }
}

/// Reads a document already parsed into a JSON value.
///
/// # Errors
/// Returns [`Error::Scenario`] with the path of the bad field.
pub fn from_value(value: Value) -> Result<ScenarioSpec> {
    serde_path_to_error::deserialize(value).map_err(|e| path_error(&e, None, &e.inner().to_string()))
}

/// Removes the `phases[0].steps[0]: ` prefix `serde_yml` puts before a message: the path
/// tracked here is more precise (it goes inside tagged enums).
fn strip_yaml_path(message: &str) -> &str {
    match message.split_once(": ") {
        Some((path, rest)) if !path.is_empty() && !path.contains(char::is_whitespace) => rest,
        _ => message,
    }
}

/// Removes every " at line N column M" a parser writes into its message.
fn strip_locations(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        let after = &rest[at + " at line ".len()..];
        let line_digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let column = after[line_digits..].strip_prefix(" column ");
        let column_digits = column.map_or(0, |c| c.bytes().take_while(u8::is_ascii_digit).count());
        out.push_str(&rest[..at]);
        match column {
            Some(column) if line_digits > 0 && column_digits > 0 => rest = &column[column_digits..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn line_of_json(error: &serde_json::Error) -> Option<u64> {
    u64::try_from(error.line()).ok().filter(|line| *line > 0)
}

/// Returns the 1-based line of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() as u64
}

fn path_error<E>(error: &serde_path_to_error::Error<E>, line: Option<u64>, message: &str) -> Error {
    // `?` marks a segment the tracker could not name, such as the key of a map entry that
    // failed to parse. The path up to it still locates the error.
    let mut path = error.path().to_string();
    while path == "." || path == "?" || path.ends_with(".?") {
        path.truncate(path.len().saturating_sub(2));
    }
    scenario_error(path, line, message)
}

/// Builds the error. When the path stops at the enclosing struct, the name of an unknown,
/// missing or repeated field is added to it: `phases[0].steps[1]` and "missing field `source`" give
/// `phases[0].steps[1].source`. The parser's own " at line N column M" is dropped because
/// the line is kept in its own field.
fn scenario_error(mut path: String, line: Option<u64>, message: &str) -> Error {
    let mut message = strip_locations(message.trim());
    // serde calls the names of an enum "variants", which in this product are event types.
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        message = format!("unknown value `{rest}");
    }
    for prefix in ["unknown field `", "missing field `", "duplicate field `"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let field = rest.split('`').next().unwrap_or("");
            let named = path.rsplit('.').next() == Some(field);
            if !field.is_empty() && !named {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(field);
            }
        }
    }
    if path.is_empty() {
        path = DOCUMENT_PATH.to_string();
    }
    Error::Scenario { path, line, message }
}
