//! Vendor sources: one file per product, registered in one place.
//!
//! A source declares its [`SourceMeta`] (the documentation of the source: vendor, formats,
//! OCSF classes, vendor documentation link, known gaps, variants) and implements [`Source`]:
//! `fill` draws one event's ground truth into [`Fields`], `write` renders those fields in the
//! vendor's wire format, `parse_line` / `parse_json` read real logs back into vendor fields,
//! and `to_ocsf` maps vendor fields to an OCSF record. Round trip is the core contract:
//! parsing what `write` produced recovers every field `fill` set.

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, ParseError, Result};
use crate::field_map::FieldMap;
use crate::fields::Fields;
use crate::ocsf::Object;
use crate::seed::EventRng;
use crate::timestamp::Timestamp;
use crate::world::World;

pub(crate) mod catalog;
pub use catalog::{find, resolve, search, CatalogFilter, Resolved, CATEGORIES};
mod json_support;

/// A wire format, as listed in a source's metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WireFormat {
    /// BSD syslog, RFC 3164.
    Syslog3164,
    /// Syslog, RFC 5424.
    Syslog5424,
    /// ArcSight Common Event Format.
    Cef,
    /// IBM QRadar Log Event Extended Format.
    Leef,
    /// `key=value` pairs.
    Kv,
    /// Comma-separated values.
    Csv,
    /// One JSON object per event.
    Json,
    /// W3C extended log with a `#Fields` header.
    W3c,
    /// Windows Event XML. Serialised as `xml`, the name [`WireFormat::as_str`] and the CLI's
    /// `--format` filter use.
    #[serde(rename = "xml")]
    WindowsXml,
    /// Vendor-specific delimited text (space or tab separated).
    Text,
}

impl WireFormat {
    /// Every wire format, in declaration order.
    pub const ALL: &'static [WireFormat] = &[
        WireFormat::Syslog3164,
        WireFormat::Syslog5424,
        WireFormat::Cef,
        WireFormat::Leef,
        WireFormat::Kv,
        WireFormat::Csv,
        WireFormat::Json,
        WireFormat::W3c,
        WireFormat::WindowsXml,
        WireFormat::Text,
    ];

    /// The short name used by the CLI's `--format` filter.
    pub fn as_str(self) -> &'static str {
        match self {
            WireFormat::Syslog3164 => "syslog3164",
            WireFormat::Syslog5424 => "syslog5424",
            WireFormat::Cef => "cef",
            WireFormat::Leef => "leef",
            WireFormat::Kv => "kv",
            WireFormat::Csv => "csv",
            WireFormat::Json => "json",
            WireFormat::W3c => "w3c",
            WireFormat::WindowsXml => "xml",
            WireFormat::Text => "text",
        }
    }
}

/// How a text input splits into events for parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Framing {
    /// One event per line; a line (or multi-line document) that is JSON is unwrapped from
    /// envelopes (`Records`, `records`, HEC `event`, arrays) and handed to `parse_json`.
    Lines,
    /// Windows events: `<Event>...</Event>` elements, possibly over several lines, JSON
    /// renderings by agents such as Winlogbeat and NXLog, or the classic text rendering, whose
    /// events run from a date or `LogName=` line to the start of the next event.
    WindowsXml,
    /// CSV records, one per line, except that a quoted cell may contain line breaks: a line
    /// that ends inside quotes continues on the next one (RFC 4180). JSON is read as with
    /// [`Framing::Lines`].
    Csv,
}

/// One kind of event a source produces.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Variant {
    /// Name used by `--variant`, such as `ConsoleLogin` or `302013`.
    pub name: &'static str,
    /// Relative frequency in background traffic; 0 means "only on request".
    pub weight: u32,
    /// Wire format of this variant.
    pub format: WireFormat,
    /// One line on what the event is.
    pub description: &'static str,
}

/// An alternative id of a source, optionally restricted to some variants.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Alias {
    /// The alias id.
    pub id: &'static str,
    /// Variant names the alias produces; empty means all.
    pub variants: &'static [&'static str],
    /// Weights of `variants` in background traffic, in the same order. Empty means the
    /// weights of the variants themselves, so an alias of variants that have weight 0 gives
    /// its own weights here.
    pub weights: &'static [u32],
}

/// The description of a source; it is also the source's documentation.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct SourceMeta {
    /// Canonical id, such as `cisco_asa`.
    pub id: &'static str,
    /// Other accepted ids.
    pub aliases: &'static [Alias],
    /// Vendor name.
    pub vendor: &'static str,
    /// Product name.
    pub product: &'static str,
    /// Catalog category, one of [`CATEGORIES`]: cloud, email, endpoint, identity,
    /// infrastructure, network or web.
    pub category: &'static str,
    /// Wire formats, default first: the formats the variants write and the other formats of
    /// the product that the parser reads.
    pub formats: &'static [WireFormat],
    /// Default Splunk sourcetype.
    pub sourcetype: &'static str,
    /// OCSF class uids the parser emits.
    pub ocsf_classes: &'static [u32],
    /// Vendor format documentation.
    pub doc_url: &'static str,
    /// Product versions whose format the source follows.
    pub versions: &'static str,
    /// What the source does not cover yet.
    pub known_gaps: &'static [&'static str],
    /// Event variants, with weights for background traffic.
    pub variants: &'static [Variant],
    /// How text input splits into events.
    pub framing: Framing,
    /// Fields that name the device or host reporting an event, in order of preference. An
    /// exported event's `host` is the first of them that the event has, else the value of
    /// [`Source::collector_host`], else the source id.
    pub host_fields: &'static [&'static str],
}

impl SourceMeta {
    /// Returns the index of the variant called `name` (case-insensitive).
    ///
    /// # Errors
    /// Returns [`Error::UnknownVariant`] listing the variants.
    pub fn variant_index(&self, name: &str) -> Result<usize> {
        self.variants
            .iter()
            .position(|v| v.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::UnknownVariant {
                source_id: self.id.to_string(),
                variant: name.to_string(),
                available: self.variants.iter().map(|v| v.name.to_string()).collect(),
            })
    }
}

/// Everything a source may draw on to generate one event.
pub struct GenContext<'a> {
    /// The event's own random stream.
    pub rng: EventRng,
    /// The synthetic organisation.
    pub world: &'a World,
    /// When the event happens.
    pub time: Timestamp,
    /// The event's index in its stream.
    pub index: u64,
    /// Index of the variant to produce, into [`SourceMeta::variants`].
    pub variant: usize,
    /// The request's overrides, `(field, value)` in order. They replace fields after `fill`
    /// returns, and a source may read them with [`GenContext::pinned`] to draw the rest of the
    /// event to match, such as the direction of a session whose source address is set.
    pub overrides: &'a [(String, String)],
}

impl GenContext<'_> {
    /// Returns the value that an override will give `field`, if the request has one (the
    /// last override of the field wins, as when they are applied).
    pub fn pinned(&self, field: &str) -> Option<&str> {
        self.overrides
            .iter()
            .rev()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
    }

    /// Returns the address that an override will give `field`, if it has one that parses.
    pub fn pinned_ipv4(&self, field: &str) -> Option<std::net::Ipv4Addr> {
        self.pinned(field).and_then(|value| value.parse().ok())
    }

    /// Returns the index of the world user that an override of one of `fields` names (by
    /// user name, email address or `DOMAIN\\user`), trying the fields in order. A source that
    /// draws a user for these fields takes this one instead, so the user's other attributes
    /// (display name, SID, workstation) match the override. It draws first all the same, so
    /// the rest of the event stays as it would be.
    pub fn pinned_user(&self, fields: &[&str]) -> Option<usize> {
        fields
            .iter()
            .filter_map(|field| self.pinned(field))
            .find_map(|value| self.world.user_named(value))
    }

    /// Draws the index of a world user, or takes the one that an override of one of `fields`
    /// names (see [`GenContext::pinned_user`]).
    pub fn user(&mut self, fields: &[&str]) -> usize {
        let drawn = self.rng.index(self.world.users.len());
        self.pinned_user(fields).unwrap_or(drawn)
    }

    /// Returns the port or other whole number that an override will give `field`.
    pub fn pinned_u16(&self, field: &str) -> Option<u16> {
        self.pinned(field).and_then(|value| value.parse().ok())
    }
}

/// Vendor fields read from one input event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The variant the event matches, when the parser can tell.
    pub variant: Option<&'static str>,
    /// Vendor fields under the same names `fill` uses; JSON events are flattened with dots.
    pub fields: FieldMap,
}

/// Options for reading real logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    /// Year for timestamps that carry none (BSD syslog). A [`crate::parse::Parser`] moves to
    /// the next year when such a timestamp falls more than half a year before the previous
    /// event's and the next year puts it within a month of it, as in a log that crosses New
    /// Year. NOTE: Check Point and FortiGate CEF read the year while reading the line, so
    /// their year-less CEF times do not move to the next year.
    pub year: i32,
    /// Copy the input event into the record's `raw_data`.
    pub include_raw: bool,
    /// When the events were received. A record whose event carries no timestamp of its own
    /// (a bare message after a collector stripped the syslog header) takes this time; with
    /// `None` such an event is an error, because OCSF requires `time`.
    pub received_time: Option<Timestamp>,
    /// UTC offset, in minutes east of UTC, of timestamps that name no zone: BSD syslog
    /// headers, Cisco ASA, PAN-OS and Check Point local times, FortiGate `date`/`time` without
    /// `tz`, and the classic Windows text rendering. Times with a zone, an offset or an epoch
    /// number keep their own. The CLI and the bindings accept -1439 to 1439
    /// ([`crate::timestamp::MAX_UTC_OFFSET_MINUTES`]).
    pub utc_offset: i32,
}

impl ParseOptions {
    /// Returns the event's own time, or the received time when the event has none.
    ///
    /// # Errors
    /// Returns a [`ParseError`] when the event has no time and no received time is set.
    pub fn event_time(&self, own: Option<Timestamp>) -> Result<Timestamp, ParseError> {
        own.or(self.received_time).ok_or_else(|| {
            ParseError::new(
                0,
                "the event carries no timestamp; set a received time (CLI: --received-time) to read it",
            )
        })
    }

    /// Converts a wall-clock time read from text that names no zone (parsed as if it were UTC)
    /// to UTC with [`ParseOptions::utc_offset`].
    pub fn local_to_utc(&self, wall_clock: Timestamp) -> Timestamp {
        crate::timestamp::local_to_utc(wall_clock, self.utc_offset)
    }

    /// Reads a syslog timestamp (BSD, BSD with a year, or RFC 3339) with [`ParseOptions::year`]
    /// for a BSD time without a year and [`ParseOptions::utc_offset`] for a time without a zone.
    ///
    /// # Errors
    /// Returns a [`ParseError`] naming the offset inside the timestamp.
    pub fn syslog_time(&self, text: &str) -> Result<Timestamp, ParseError> {
        crate::format::syslog3164::parse_timestamp_local(text, self.year, self.utc_offset)
    }
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            year: crate::generate::DEFAULT_START_YEAR,
            include_raw: true,
            received_time: None,
            utc_offset: 0,
        }
    }
}

/// State carried between lines of one input, such as a W3C or Zeek `#fields` header.
#[derive(Clone, Debug, Default)]
pub struct ParseState {
    /// Column names announced by the latest header line.
    pub columns: Option<Vec<String>>,
    /// Separator announced by a header, such as Zeek's `#separator \x09`.
    pub separator: Option<String>,
    /// Header lines read since the last event, as `(name, value)`: W3C and Zeek directives
    /// (`#Software`, `#open`) or a field-name line. The parser of the next event reports them
    /// among its fields and clears the list, so the event that follows a header carries it.
    pub header: Vec<(String, String)>,
    /// Directives of the latest header, as `(name, value)`, for sources whose header describes
    /// every event under it: W3C's `#Software` names the server of each entry.
    pub directives: Vec<(String, String)>,
    /// Options of the current parse.
    pub options: ParseOptions,
    /// Envelope member the current JSON event was taken from (`records`, `Records`, a HEC
    /// `event`, an API page's `data`), as [`crate::parse::unwrap_envelope_tagged`] names it;
    /// `None` for an event that sat in no envelope.
    pub envelope: Option<&'static str>,
}

/// A vendor source.
pub trait Source: Send + Sync + 'static {
    /// The source's description.
    fn meta(&self) -> &'static SourceMeta;

    /// Draws the ground truth of one event of variant `ctx.variant` into `fields`
    /// (which the caller has cleared).
    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields);

    /// Renders `fields` of `variant` in the vendor's wire format, appending to `out`.
    /// Must not append a trailing newline.
    fn write(&self, variant: usize, fields: &Fields, out: &mut String);

    /// Reads one line of a real or generated log. Returns `Ok(None)` for lines that carry no
    /// event (headers, comments), after updating `state`.
    ///
    /// # Errors
    /// Returns a [`ParseError`] naming the offset and reason when the line is not an event of
    /// this source.
    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError>;

    /// Reads one JSON event, already taken out of any envelope.
    ///
    /// # Errors
    /// Returns a [`ParseError`] when the object is not an event of this source. The default
    /// looks for the raw text in `message`, `log`, `_raw` or `raw` and hands it to
    /// `parse_line`, which covers collectors that wrap a text line in JSON.
    fn parse_json(&self, value: &Value, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        for key in ["message", "log", "_raw", "raw", "event"] {
            if let Some(text) = value.get(key).and_then(Value::as_str) {
                return self.parse_line(text, state);
            }
        }
        Err(ParseError::new(
            0,
            format!(
                "{} reads text lines; this JSON object has no message, log or _raw field with the original line",
                self.meta().id
            ),
        ))
    }

    /// Returns the test for a line that continues the event before it, for sources whose logs
    /// relays fold over several lines. `None`, the default, reads one event per line. With a
    /// test, the parser reads one line ahead, so it hands on an event only when the next line
    /// or the end of input arrives. The event text keeps the line breaks between its lines.
    fn continuation_test(&self) -> Option<fn(&str) -> bool> {
        None
    }

    /// Maps vendor fields to an OCSF 1.8 record.
    ///
    /// # Errors
    /// Returns a [`ParseError`] when a field needed for the mapping is missing or malformed.
    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError>;

    /// Returns the host of the service that a SIEM input collects this source's events from,
    /// for an event that has none of the [`SourceMeta::host_fields`]. A cloud service names no
    /// reporting device, so its events take the host name of their tenant or service endpoint,
    /// computed from the world and the event's fields. The default, `None`, leaves the source
    /// id as the exported `host`.
    fn collector_host(&self, world: &World, fields: &Fields) -> Option<String> {
        let _ = (world, fields);
        None
    }
}

impl std::fmt::Debug for dyn Source {
    /// Shows the source by its id, so results holding a source can be unwrapped in tests.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source").field("id", &self.meta().id).finish()
    }
}

/// Declares the source modules and the list of all sources from one table, so the module
/// list and [`all`] cannot drift apart.
macro_rules! register_sources {
    ($($module:ident :: $source:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every built-in source, sorted by id.
        pub fn all() -> &'static [&'static dyn Source] {
            &[$(&$module::$source),*]
        }
    };
}

register_sources! {
    aws_cloudtrail::AwsCloudTrail,
    aws_vpcflowlogs::AwsVpcFlowLogs,
    checkpoint::CheckPoint,
    cisco_asa::CiscoAsa,
    cisco_umbrella::CiscoUmbrella,
    corelight_conn::CorelightConn,
    crowdstrike_falcon::CrowdstrikeFalcon,
    fortinet_fortigate::FortinetFortigate,
    iis_w3c::IisW3c,
    incapsula::Incapsula,
    linux_auth::LinuxAuth,
    microsoft_azure_ad_signin::MicrosoftAzureAdSignin,
    microsoft_windows_eventlog::MicrosoftWindowsEventlog,
    okta_system_log::OktaSystemLog,
    paloalto_firewall::PaloAltoFirewall,
    proofpoint_tap::ProofpointTap,
}

#[cfg(test)]
pub(crate) mod testing;
