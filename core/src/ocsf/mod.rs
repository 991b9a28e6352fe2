//! OCSF 1.8 records: building them, and checking them against the schema.
//!
//! A record is an [`Object`], an ordered tree of attributes. [`RecordBuilder`] sets the attributes every class
//! requires (`class_uid`, `category_uid`, `activity_id`, `type_uid`, `severity_id`, `time`,
//! `metadata`) and offers dotted-path setters for the rest; [`validate`] checks a record
//! against the resolved schema.

use crate::sources::SourceMeta;
use crate::timestamp::Timestamp;

mod object;
mod text;
pub mod validate;

pub use object::{Key, Node, Object};
pub use text::Text;

/// The OCSF schema version the records follow.
pub const VERSION: &str = "1.8.0";

/// OCSF class uids used by the sources.
pub mod class {
    /// Base Event, for events that no other class describes.
    pub const BASE_EVENT: u32 = 0;
    /// File System Activity.
    pub const FILE_ACTIVITY: u32 = 1001;
    /// Process Activity.
    pub const PROCESS_ACTIVITY: u32 = 1007;
    /// Detection Finding.
    pub const DETECTION_FINDING: u32 = 2004;
    /// Account Change.
    pub const ACCOUNT_CHANGE: u32 = 3001;
    /// Authentication.
    pub const AUTHENTICATION: u32 = 3002;
    /// Authorize Session.
    pub const AUTHORIZE_SESSION: u32 = 3003;
    /// Entity Management.
    pub const ENTITY_MANAGEMENT: u32 = 3004;
    /// Group Management.
    pub const GROUP_MANAGEMENT: u32 = 3006;
    /// Network Activity.
    pub const NETWORK_ACTIVITY: u32 = 4001;
    /// HTTP Activity.
    pub const HTTP_ACTIVITY: u32 = 4002;
    /// DNS Activity.
    pub const DNS_ACTIVITY: u32 = 4003;
    /// DHCP Activity.
    pub const DHCP_ACTIVITY: u32 = 4004;
    /// SSH Activity.
    pub const SSH_ACTIVITY: u32 = 4007;
    /// Email Activity.
    pub const EMAIL_ACTIVITY: u32 = 4009;
    /// Event Log Activity.
    pub const EVENT_LOG_ACTIVITY: u32 = 1008;
    /// API Activity.
    pub const API_ACTIVITY: u32 = 6003;
    /// Tunnel Activity (VPN tunnels).
    pub const TUNNEL_ACTIVITY: u32 = 4014;
    /// Device Config State Change.
    pub const DEVICE_CONFIG_STATE_CHANGE: u32 = 5019;
    /// Application Error.
    pub const APPLICATION_ERROR: u32 = 6008;
}

/// OCSF `severity_id` values.
pub mod severity {
    /// Unknown.
    pub const UNKNOWN: u32 = 0;
    /// Informational.
    pub const INFORMATIONAL: u32 = 1;
    /// Low.
    pub const LOW: u32 = 2;
    /// Medium.
    pub const MEDIUM: u32 = 3;
    /// High.
    pub const HIGH: u32 = 4;
    /// Critical.
    pub const CRITICAL: u32 = 5;
    /// Fatal.
    pub const FATAL: u32 = 6;
}

/// OCSF `status_id` values.
pub mod status {
    /// Unknown.
    pub const UNKNOWN: u32 = 0;
    /// Success.
    pub const SUCCESS: u32 = 1;
    /// Failure.
    pub const FAILURE: u32 = 2;
}

/// Builds one OCSF record.
///
/// # Examples
/// ```
/// use siemulator::ocsf::{class, RecordBuilder};
/// use siemulator::timestamp::Timestamp;
/// let meta = siemulator::sources::find("linux_auth").unwrap().meta();
/// let mut record = RecordBuilder::new(class::AUTHENTICATION, 1, Timestamp::from_secs(1), meta);
/// record.set("user.name", "alice");
/// let record = record.build();
/// assert_eq!(record["type_uid"], 300201);
/// assert_eq!(record["user"]["name"], "alice");
/// ```
#[derive(Clone, Debug)]
pub struct RecordBuilder {
    record: Object,
}

impl RecordBuilder {
    /// Starts a record of `class_uid` with `activity_id` at `time`, for the product in `meta`.
    pub fn new(class_uid: u32, activity_id: u32, time: Timestamp, meta: &SourceMeta) -> Self {
        // The objects are new, so the attributes are appended without a search.
        let mut record = Object::with_capacity(RECORD_CAPACITY);
        record.append("class_uid", class_uid);
        record.append("category_uid", class_uid / 1000);
        record.append("activity_id", activity_id);
        record.append("type_uid", u64::from(class_uid) * 100 + u64::from(activity_id));
        record.append("severity_id", severity::INFORMATIONAL);
        record.append("time", time.millis());
        let mut product = Object::with_capacity(2);
        product.append("name", meta.product);
        product.append("vendor_name", meta.vendor);
        let mut metadata = Object::with_capacity(METADATA_CAPACITY);
        metadata.append("version", VERSION);
        metadata.append("product", product);
        metadata.append("log_name", meta.id);
        record.append("metadata", metadata);
        RecordBuilder { record }
    }

    /// Sets every attribute of `object` in `metadata`, as `merge("metadata", object)` does,
    /// without searching the record for `metadata`.
    pub fn merge_metadata(&mut self, object: Object) -> &mut Self {
        self.record.merge_at(METADATA_INDEX, "metadata", object);
        self
    }

    /// Sets `severity_id`.
    pub fn severity(&mut self, severity_id: u32) -> &mut Self {
        self.record.insert("severity_id", severity_id);
        self
    }

    /// Sets `status_id` (1 success, 2 failure).
    pub fn status(&mut self, status_id: u32) -> &mut Self {
        self.record.insert("status_id", status_id);
        self
    }

    /// Sets the value at a dotted path, creating objects on the way; an existing non-object
    /// on the path is replaced.
    pub fn set(&mut self, path: impl Into<Key>, value: impl Into<Node>) -> &mut Self {
        self.record.set_path(path, value.into());
        self
    }

    /// Sets a top-level attribute, as [`RecordBuilder::set`] does for a name without a dot,
    /// without looking for dots in it.
    pub fn put(&mut self, key: &'static str, value: impl Into<Node>) -> &mut Self {
        self.record.insert(key, value);
        self
    }

    /// Sets every attribute of `object` in the object at `path`, keeping the others there (see
    /// [`Object::merge_path`]).
    pub fn merge(&mut self, path: impl Into<Key>, object: Object) -> &mut Self {
        self.record.merge_path(path, object);
        self
    }

    /// Appends a top-level attribute without searching the record for it. The caller must know
    /// that the record lacks the attribute, because a second copy would be written.
    pub(crate) fn append(&mut self, key: &'static str, value: impl Into<Node>) -> &mut Self {
        self.record.append(key, value);
        self
    }

    /// Appends a top-level object, unless it is empty, as [`RecordBuilder::append`] appends
    /// an attribute. The caller must know that the record lacks it.
    pub(crate) fn append_object(&mut self, key: &'static str, object: Object) -> &mut Self {
        if !object.is_empty() {
            self.record.append(key, object);
        }
        self
    }

    /// Sets the value when it is `Some`.
    pub fn set_opt<V: Into<Node>>(&mut self, path: impl Into<Key>, value: Option<V>) -> &mut Self {
        if let Some(value) = value {
            self.set(path, value);
        }
        self
    }

    /// Sets a string when it is present and not empty or `-`.
    pub fn set_str(&mut self, path: impl Into<Key>, value: Option<&str>) -> &mut Self {
        if let Some(value) = value.filter(|v| !v.is_empty() && *v != "-") {
            self.set(path, value);
        }
        self
    }

    /// Sets an integer parsed from text when it parses.
    pub fn set_int(&mut self, path: impl Into<Key>, value: Option<&str>) -> &mut Self {
        if let Some(number) = value.and_then(|v| v.trim().parse::<i64>().ok()) {
            self.set(path, number);
        }
        self
    }

    /// Returns a top-level attribute of the record built so far.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.record.get(key)
    }

    /// Returns the record built so far.
    pub fn record(&self) -> &Object {
        &self.record
    }

    /// Finishes the record.
    pub fn build(self) -> Object {
        self.record
    }
}

/// Top-level attributes a record has room for before it grows: the six every record has,
/// `metadata`, and the objects and scalars a class usually adds.
const RECORD_CAPACITY: usize = 32;
/// Attributes `metadata` has room for before it grows: the three of every record, and the
/// event code, uid and original time that most mappings add.
const METADATA_CAPACITY: usize = 8;

/// The position of `metadata` among the attributes [`RecordBuilder::new`] sets.
const METADATA_INDEX: usize = 6;

/// IP protocol numbers with their IANA keywords in lower case, the form of
/// `connection_info.protocol_name`.
const IP_PROTOCOLS: &[(i64, &str)] = &[
    (1, "icmp"),
    (6, "tcp"),
    (17, "udp"),
    (47, "gre"),
    (50, "esp"),
    (51, "ah"),
    (58, "ipv6-icmp"),
    (132, "sctp"),
];

/// Builds a `user` object from a user name as firewalls log it: `domain\\user` (one or more
/// backslashes) and a UPN `user@domain` give a name and a domain, and a UPN is also kept as
/// `email_addr`. A bare name is kept whole, and an empty or `-` domain is left out.
pub(crate) fn user_object(user: &str) -> Object {
    let mut object = Object::with_capacity(3);
    if let Some((domain, name)) = user.rsplit_once('\\').filter(|(_, name)| !name.is_empty()) {
        object.append("name", name);
        let domain = domain.trim_end_matches('\\');
        if !domain.is_empty() && domain != "-" {
            object.append("domain", domain);
        }
    } else if let Some((name, domain)) = user
        .split_once('@')
        .filter(|(name, domain)| !name.is_empty() && domain.contains('.'))
    {
        object.append("name", name);
        object.append("domain", domain);
        object.append("email_addr", user);
    } else {
        object.append("name", user);
    }
    object
}

/// Builds the `device` object of a firewall that logged an event, with its host name and
/// unique id (such as a serial number) when they are given and not `-`.
pub(crate) fn firewall_device(hostname: Option<&str>, uid: Option<&str>) -> Object {
    let mut device = Object::with_capacity(4);
    if let Some(hostname) = hostname.filter(|hostname| *hostname != "-") {
        device.append("hostname", hostname);
    }
    if let Some(uid) = uid.filter(|uid| *uid != "-") {
        device.append("uid", uid);
    }
    device.append("type_id", 9);
    device.append("type", "Firewall");
    device
}

/// Builds the `actor` object of an evidence: a user with only a name.
pub(crate) fn actor_named(name: &str) -> Object {
    let mut user = Object::with_capacity(1);
    user.append("name", name);
    actor_of(user)
}

/// Builds an `actor` object whose only attribute is `user`.
pub(crate) fn actor_of(user: Object) -> Object {
    let mut actor = Object::with_capacity(1);
    actor.append("user", user);
    actor
}

/// Builds a regular `file` object with its name and, when `sha256` is given, its SHA-256
/// hash.
pub(crate) fn file_object(name: &str, sha256: Option<&str>) -> Object {
    let mut file = Object::with_capacity(3);
    file.append("name", name);
    file.append("type_id", 1);
    if let Some(digest) = sha256 {
        let mut hash = Object::with_capacity(3);
        hash.append("algorithm_id", 3);
        hash.append("algorithm", "SHA-256");
        hash.append("value", digest);
        file.append("hashes", Node::Array(vec![Node::Object(hash)]));
    }
    file
}

/// Returns the IANA keyword of an IP protocol number, for the protocols that logs commonly name.
pub fn protocol_name(number: i64) -> Option<&'static str> {
    IP_PROTOCOLS.iter().find(|(n, _)| *n == number).map(|(_, name)| *name)
}

/// Returns the number of an IP protocol named by its IANA keyword in any case, or as `icmp6`.
pub fn protocol_number(name: &str) -> Option<i64> {
    if name.eq_ignore_ascii_case("icmp6") {
        return Some(58);
    }
    IP_PROTOCOLS
        .iter()
        .find(|(_, keyword)| keyword.eq_ignore_ascii_case(name))
        .map(|(n, _)| *n)
}

/// Returns the name of a DNS resource record type number, for the types that logs commonly
/// carry.
pub fn dns_record_type(number: i64) -> Option<&'static str> {
    Some(match number {
        1 => "A",
        2 => "NS",
        5 => "CNAME",
        6 => "SOA",
        12 => "PTR",
        15 => "MX",
        16 => "TXT",
        28 => "AAAA",
        33 => "SRV",
        65 => "HTTPS",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_merges_in_place_or_by_name() {
        let meta = crate::sources::catalog::resolve("linux_auth").unwrap().source.meta();
        let mut record = RecordBuilder::new(class::AUTHENTICATION, 1, Timestamp::from_millis(0), meta);
        let keys = |record: &RecordBuilder| record.record().keys().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(keys(&record).iter().position(|key| key == "metadata"), Some(METADATA_INDEX));
        let mut extra = Object::new();
        extra.insert("uid", "7");
        record.merge_metadata(extra.clone());
        assert_eq!(record.record()["metadata"]["uid"], "7");
        assert_eq!(record.record()["metadata"]["log_name"], "linux_auth");
        // Once `metadata` is no longer where `new` put it, the merge finds it by name.
        let mut moved = Object::new();
        for key in keys(&record) {
            if key != "time" {
                moved.insert(key.clone(), record.record()[key.as_str()].clone());
            }
        }
        let mut record = RecordBuilder { record: moved };
        extra.insert("uid", "8");
        record.merge_metadata(extra);
        assert_eq!(record.record()["metadata"]["uid"], "8");
        assert_eq!(record.record()["metadata"]["log_name"], "linux_auth");
    }

    #[test]
    fn protocol_names_are_iana_keywords() {
        assert_eq!(protocol_name(6), Some("tcp"));
        assert_eq!(protocol_name(58), Some("ipv6-icmp"));
        assert_eq!(protocol_name(132), Some("sctp"));
        assert_eq!(protocol_name(4), None);
    }

    #[test]
    fn protocol_numbers_read_any_case() {
        assert_eq!(protocol_number("UDP"), Some(17));
        assert_eq!(protocol_number("icmp6"), Some(58));
        assert_eq!(protocol_number("IPv6-ICMP"), Some(58));
        assert_eq!(protocol_number("ipip"), None);
    }

    #[test]
    fn dns_record_types_by_number() {
        assert_eq!(dns_record_type(28), Some("AAAA"));
        assert_eq!(dns_record_type(65), Some("HTTPS"));
        assert_eq!(dns_record_type(99), None);
    }
}
