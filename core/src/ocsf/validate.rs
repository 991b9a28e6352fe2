//! Checking OCSF records against a resolved OCSF schema.
//!
//! [`Schema::from_json`] reads a resolved schema document (every class and object with its
//! inherited attributes flattened in, as `{"classes": {...}, "objects": {...}, "types": {...}}`)
//! and keeps only what validation needs. [`Schema::validate`] then checks one record and
//! reports every problem it finds, each prefixed with the dotted path of the attribute:
//!
//! - `class_uid` names a class of the schema, `category_uid` is that class's category, and
//!   `type_uid` equals `class_uid * 100 + activity_id` and is one of the class's types;
//! - every attribute the class or object marks `required` is present, except attributes that
//!   a profile adds while the record does not list that profile in `metadata.profiles`;
//! - every attribute name is defined by its class or object, at any depth, through arrays of
//!   objects too; the free-form `object` type (used by `unmapped`) accepts any content;
//! - values have their attribute's JSON type (string, integer, number, boolean, object, or an
//!   array of those when the attribute is an array), IP addresses parse, ports fit 0..=65535,
//!   and integer attributes with an enum hold one of its values;
//! - the `constraints` of classes and objects hold: `at_least_one` (one or more of the named
//!   attributes is present) and `just_one` (exactly one of them is present).
//!
//! NOTE: string enums such as `http_method` and the regular expressions of string types other
//! than `ip_t` are not checked.
//!
//! The library does not ship the schema: callers read the resolved OCSF 1.8.0 JSON document
//! and pass its text.
//!
//! # Examples
//! ```
//! use siemulator::ocsf::validate::Schema;
//! let schema = Schema::from_json(r#"{
//!   "classes": {"ping": {"uid": 9001, "category_uid": 9, "attributes": {
//!     "class_uid": {"type": "integer_t", "requirement": "required", "is_array": false},
//!     "note": {"type": "string_t", "requirement": "optional", "is_array": false}}}},
//!   "objects": {}, "types": {"string_t": {}, "integer_t": {}}
//! }"#).unwrap();
//! let mut record = siemulator::ocsf::Object::new();
//! record.insert("class_uid", 9001);
//! assert!(schema.validate(&record).is_ok());
//! record.insert("note", 7);
//! let err = schema.validate(&record).unwrap_err();
//! assert!(err.to_string().contains("note: expected a string"), "{err}");
//! ```

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::ocsf::Object;

/// Deepest object nesting that [`Schema::validate`] descends into.
const MAX_DEPTH: usize = 64;

/// The JSON shape an attribute's type requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `string_t` and the string types derived from it.
    String,
    /// `ip_t`: a string holding an IPv4 or IPv6 address.
    Ip,
    /// `integer_t`, `long_t`, `timestamp_t`: a JSON integer.
    Integer,
    /// `port_t`: a JSON integer from 0 to 65535.
    Port,
    /// `float_t`: any JSON number.
    Float,
    /// `boolean_t`.
    Boolean,
    /// `json_t`: any JSON value.
    Json,
    /// `object_t`: an object of the type at this index of [`Schema::objects`].
    Object(usize),
}

#[derive(Clone, Debug)]
struct Attribute {
    kind: Kind,
    is_array: bool,
    required: bool,
    /// The profile that adds this attribute, when a profile does.
    profile: Option<String>,
    /// Sorted values of an integer enum.
    enum_values: Option<Vec<i64>>,
}

#[derive(Clone, Debug)]
struct ObjectType {
    name: String,
    attributes: BTreeMap<String, Attribute>,
    /// True for the schema's free-form `object` type, which defines no attributes.
    free_form: bool,
    /// Attribute names of the `at_least_one` constraint; empty when there is none.
    at_least_one: Vec<String>,
    /// Attribute names of the `just_one` constraint; empty when there is none.
    just_one: Vec<String>,
}

#[derive(Clone, Debug)]
struct Class {
    category_uid: i64,
    /// Sorted values of the class's `type_uid` enum.
    type_uids: Vec<i64>,
    body: ObjectType,
}

/// The parts of a resolved OCSF schema that validation needs, built once and shared.
#[derive(Clone, Debug)]
pub struct Schema {
    version: String,
    classes: HashMap<i64, Class>,
    objects: Vec<ObjectType>,
}

fn schema_error(message: impl Into<String>) -> Error {
    Error::invalid_argument("OCSF schema", message)
}

/// Follows `types.<name>.type` until one of the base types that decide the JSON shape.
fn base_kind(types: &Map<String, Value>, name: &str) -> Result<Kind> {
    let mut current = name;
    for _ in 0..8 {
        match current {
            "string_t" | "datetime_t" => return Ok(Kind::String),
            "ip_t" => return Ok(Kind::Ip),
            "integer_t" | "long_t" | "timestamp_t" => return Ok(Kind::Integer),
            "port_t" => return Ok(Kind::Port),
            "float_t" => return Ok(Kind::Float),
            "boolean_t" => return Ok(Kind::Boolean),
            "json_t" => return Ok(Kind::Json),
            _ => {}
        }
        let parent = types
            .get(current)
            .ok_or_else(|| schema_error(format!("type '{current}' is not defined under \"types\"")))?
            .get("type")
            .and_then(Value::as_str);
        current = parent.ok_or_else(|| schema_error(format!("type '{current}' does not derive from a base type")))?;
    }
    Err(schema_error(format!("type '{name}' derives from types nested too deeply")))
}

/// Reads the integer keys of an attribute's `enum`, sorted.
fn enum_values(attribute: &Map<String, Value>, owner: &str, name: &str) -> Result<Option<Vec<i64>>> {
    let Some(values) = attribute.get("enum").and_then(Value::as_object) else {
        return Ok(None);
    };
    let mut parsed = Vec::with_capacity(values.len());
    for key in values.keys() {
        let value = key
            .parse::<i64>()
            .map_err(|_| schema_error(format!("{owner}.{name} has the non-integer enum value '{key}'")))?;
        parsed.push(value);
    }
    parsed.sort_unstable();
    Ok(Some(parsed))
}

/// Builds one class or object body from its `attributes` map.
fn read_object_type(name: &str, definition: &Value, types: &Map<String, Value>, object_index: &HashMap<&str, usize>) -> Result<ObjectType> {
    let attributes = definition
        .get("attributes")
        .and_then(Value::as_object)
        .ok_or_else(|| schema_error(format!("'{name}' has no \"attributes\" object")))?;
    let mut read = BTreeMap::new();
    for (attribute_name, attribute) in attributes {
        let attribute = attribute
            .as_object()
            .ok_or_else(|| schema_error(format!("{name}.{attribute_name} is not an object")))?;
        let type_name = attribute
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| schema_error(format!("{name}.{attribute_name} has no \"type\"")))?;
        let kind = if type_name == "object_t" {
            let object_type = attribute
                .get("object_type")
                .and_then(Value::as_str)
                .ok_or_else(|| schema_error(format!("{name}.{attribute_name} is an object_t without \"object_type\"")))?;
            let index = object_index
                .get(object_type)
                .ok_or_else(|| schema_error(format!("{name}.{attribute_name} refers to the undefined object '{object_type}'")))?;
            Kind::Object(*index)
        } else {
            base_kind(types, type_name)?
        };
        let enum_values = match kind {
            Kind::Integer | Kind::Port => enum_values(attribute, name, attribute_name)?,
            // NOTE: string enums (http_method, tlp, depth) list suggested values; they are not checked.
            _ => None,
        };
        read.insert(
            attribute_name.clone(),
            Attribute {
                kind,
                is_array: attribute.get("is_array").and_then(Value::as_bool).unwrap_or(false),
                required: attribute.get("requirement").and_then(Value::as_str) == Some("required"),
                profile: attribute.get("profile").and_then(Value::as_str).map(str::to_string),
                enum_values,
            },
        );
    }
    Ok(ObjectType {
        name: name.to_string(),
        free_form: read.is_empty(),
        attributes: read,
        at_least_one: constraint(definition, "at_least_one", name)?,
        just_one: constraint(definition, "just_one", name)?,
    })
}

/// Reads the attribute names of `constraints.<kind>`; empty when the definition has none.
fn constraint(definition: &Value, kind: &str, owner: &str) -> Result<Vec<String>> {
    let Some(names) = definition.get("constraints").and_then(|c| c.get(kind)) else {
        return Ok(Vec::new());
    };
    let names = names
        .as_array()
        .ok_or_else(|| schema_error(format!("'{owner}' has a \"{kind}\" constraint that is not an array")))?;
    names
        .iter()
        .map(|name| {
            name.as_str()
                .map(str::to_string)
                .ok_or_else(|| schema_error(format!("'{owner}' names a non-string attribute in its \"{kind}\" constraint")))
        })
        .collect()
}

impl Schema {
    /// Reads a resolved OCSF schema document: `classes` and `objects` with flattened
    /// `attributes`, and `types` for the base type of each named type.
    ///
    /// # Errors
    /// Returns [`Error::InvalidArgument`] when the text is not JSON, or when a class or
    /// attribute lacks what validation needs (a class `uid` and `category_uid`, an attribute
    /// `type`, a defined `object_type`).
    pub fn from_json(text: &str) -> Result<Schema> {
        let document: Value = serde_json::from_str(text).map_err(|e| schema_error(format!("the text is not JSON: {e}")))?;
        let section = |key: &str| {
            document
                .get(key)
                .and_then(Value::as_object)
                .ok_or_else(|| schema_error(format!("the document has no \"{key}\" object")))
        };
        let classes = section("classes")?;
        let objects = section("objects")?;
        let types = section("types")?;

        let object_index: HashMap<&str, usize> = objects.keys().enumerate().map(|(i, name)| (name.as_str(), i)).collect();
        let object_types = objects
            .iter()
            .map(|(name, definition)| read_object_type(name, definition, types, &object_index))
            .collect::<Result<Vec<_>>>()?;

        let mut by_uid = HashMap::with_capacity(classes.len());
        for (name, definition) in classes {
            let number = |key: &str| {
                definition
                    .get(key)
                    .and_then(Value::as_i64)
                    .ok_or_else(|| schema_error(format!("class '{name}' has no integer \"{key}\"")))
            };
            let uid = number("uid")?;
            let category_uid = number("category_uid")?;
            let body = read_object_type(name, definition, types, &object_index)?;
            let type_uids = definition
                .pointer("/attributes/type_uid")
                .and_then(Value::as_object)
                .map(|attribute| enum_values(attribute, name, "type_uid"))
                .transpose()?
                .flatten()
                .unwrap_or_default();
            by_uid.insert(
                uid,
                Class {
                    category_uid,
                    type_uids,
                    body,
                },
            );
        }

        Ok(Schema {
            version: document.get("version").and_then(Value::as_str).unwrap_or("").to_string(),
            classes: by_uid,
            objects: object_types,
        })
    }

    /// Returns the schema's `version`, or an empty string when the document names none.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Checks `record` against its class and returns every problem found.
    ///
    /// # Errors
    /// Returns [`Error::InvalidRecord`] with the record's `class_uid` (0 when it has none) and
    /// one message per problem, each starting with the attribute's dotted path.
    pub fn validate(&self, record: &Object) -> Result<()> {
        self.validate_map(&record.to_map())
    }

    /// Checks a record in its `serde_json` form, as [`Schema::validate`] does.
    ///
    /// # Errors
    /// As [`Schema::validate`].
    pub fn validate_map(&self, record: &Map<String, Value>) -> Result<()> {
        let mut problems = Vec::new();
        let class_uid = record.get("class_uid").and_then(Value::as_i64);
        let Some(class_uid) = class_uid else {
            problems.push(match record.get("class_uid") {
                None => "class_uid: required attribute is missing".to_string(),
                Some(value) => format!("class_uid: expected an integer, found {}", describe(value)),
            });
            return Err(Error::InvalidRecord { class_uid: 0, problems });
        };
        let Some(class) = self.classes.get(&class_uid) else {
            problems.push(format!("class_uid: {class_uid} is not a class of OCSF {}", self.version));
            return Err(Error::InvalidRecord { class_uid, problems });
        };

        self.check_classification(class_uid, class, record, &mut problems);
        let profiles = listed_profiles(record);
        let mut walk = Walk {
            schema: self,
            profiles: &profiles,
            problems: &mut problems,
        };
        walk.object(&class.body, record, "", 0);

        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidRecord { class_uid, problems })
        }
    }

    /// Checks `category_uid` and `type_uid` against the class; their presence and JSON types
    /// are checked with the other attributes.
    fn check_classification(&self, class_uid: i64, class: &Class, record: &Map<String, Value>, problems: &mut Vec<String>) {
        if let Some(category_uid) = record.get("category_uid").and_then(Value::as_i64) {
            if category_uid != class.category_uid {
                problems.push(format!(
                    "category_uid: {category_uid} does not match class {class_uid} ({}), whose category is {}",
                    class.body.name, class.category_uid
                ));
            }
        }
        let Some(type_uid) = record.get("type_uid").and_then(Value::as_i64) else {
            return;
        };
        if let Some(activity_id) = record.get("activity_id").and_then(Value::as_i64) {
            let expected = class_uid.saturating_mul(100).saturating_add(activity_id);
            if type_uid != expected {
                problems.push(format!(
                    "type_uid: {type_uid} is not class_uid * 100 + activity_id = {class_uid} * 100 + {activity_id} = {expected}"
                ));
            }
        }
        if class.type_uids.binary_search(&type_uid).is_err() {
            problems.push(format!(
                "type_uid: {type_uid} is not a type of class {class_uid} ({}); defined types are {}",
                class.body.name,
                list_values(&class.type_uids)
            ));
        }
    }
}

/// Returns the profiles a record declares in `metadata.profiles`.
fn listed_profiles(record: &Map<String, Value>) -> Vec<&str> {
    record
        .get("metadata")
        .and_then(|metadata| metadata.get("profiles"))
        .and_then(Value::as_array)
        .map(|profiles| profiles.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Attributes whose values [`Schema::check_classification`] compares with the class, so the
/// generic enum check skips them at the top level.
const CLASSIFICATION: &[&str] = &["class_uid", "category_uid", "type_uid"];

/// One pass over a record, collecting problems.
struct Walk<'a> {
    schema: &'a Schema,
    profiles: &'a [&'a str],
    problems: &'a mut Vec<String>,
}

impl Walk<'_> {
    fn object(&mut self, definition: &ObjectType, map: &Map<String, Value>, path: &str, depth: usize) {
        if definition.free_form {
            return;
        }
        if depth > MAX_DEPTH {
            self.problems
                .push(format!("{path}: objects nested deeper than {MAX_DEPTH} levels are not checked"));
            return;
        }
        for (name, value) in map {
            let attribute_path = join(path, name);
            match definition.attributes.get(name) {
                Some(attribute) => self.attribute(
                    attribute,
                    value,
                    &attribute_path,
                    depth,
                    depth == 0 && CLASSIFICATION.contains(&name.as_str()),
                ),
                None => self
                    .problems
                    .push(format!("{attribute_path}: attribute is not defined in '{}'", definition.name)),
            }
        }
        for (name, attribute) in &definition.attributes {
            let applies = match attribute.profile.as_deref() {
                Some(profile) => self.profiles.contains(&profile),
                None => true,
            };
            if attribute.required && applies && !map.contains_key(name) {
                self.problems.push(format!(
                    "{}: required attribute of '{}' is missing",
                    join(path, name),
                    definition.name
                ));
            }
        }
        self.constraints(definition, map, path);
    }

    /// Checks the `at_least_one` and `just_one` constraints of a class or object.
    fn constraints(&mut self, definition: &ObjectType, map: &Map<String, Value>, path: &str) {
        let present = |names: &[String]| names.iter().filter(|name| map.contains_key(name.as_str())).count();
        // A problem of the record itself has no attribute path to start with.
        let owner = if path.is_empty() { "record" } else { path };
        if !definition.at_least_one.is_empty() && present(&definition.at_least_one) == 0 {
            self.problems.push(format!(
                "{owner}: '{}' requires at least one of {}, and none is present",
                definition.name,
                definition.at_least_one.join(", ")
            ));
        }
        let count = present(&definition.just_one);
        if !definition.just_one.is_empty() && count != 1 {
            self.problems.push(format!(
                "{owner}: '{}' requires exactly one of {}, and {count} are present",
                definition.name,
                definition.just_one.join(", ")
            ));
        }
    }

    fn attribute(&mut self, attribute: &Attribute, value: &Value, path: &str, depth: usize, skip_enum: bool) {
        if !attribute.is_array {
            self.value(attribute, value, path, depth, skip_enum);
            return;
        }
        let Some(items) = value.as_array() else {
            self.problems.push(format!("{path}: expected an array, found {}", describe(value)));
            return;
        };
        for (i, item) in items.iter().enumerate() {
            self.value(attribute, item, &format!("{path}[{i}]"), depth, skip_enum);
        }
    }

    fn value(&mut self, attribute: &Attribute, value: &Value, path: &str, depth: usize, skip_enum: bool) {
        let (fits, expected) = match attribute.kind {
            Kind::String => (value.is_string(), "a string"),
            Kind::Ip => (value.is_string(), "an IP address string"),
            Kind::Integer | Kind::Port => (value.is_i64() || value.is_u64(), "an integer"),
            Kind::Float => (value.is_number(), "a number"),
            Kind::Boolean => (value.is_boolean(), "a boolean"),
            Kind::Json => (true, ""),
            Kind::Object(_) => (value.is_object(), "an object"),
        };
        if !fits {
            self.problems
                .push(format!("{path}: expected {expected}, found {}", describe(value)));
            return;
        }
        match (attribute.kind, value) {
            (Kind::Ip, Value::String(text)) if !is_ip(text) => {
                self.problems.push(format!("{path}: '{text}' is not an IPv4 or IPv6 address"));
            }
            (Kind::Integer | Kind::Port, _) => self.check_integer_value(attribute, value, path, skip_enum),
            (Kind::Object(index), Value::Object(map)) => {
                if let Some(definition) = self.schema.objects.get(index) {
                    self.object(definition, map, path, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Checks the range of a port and the enum of an integer that has the right JSON type.
    fn check_integer_value(&mut self, attribute: &Attribute, value: &Value, path: &str, skip_enum: bool) {
        let Some(number) = value.as_i64() else {
            return;
        };
        if attribute.kind == Kind::Port && !(0..=65_535).contains(&number) {
            self.problems.push(format!("{path}: port {number} is outside 0..=65535"));
        }
        if let Some(values) = attribute.enum_values.as_ref().filter(|_| !skip_enum) {
            if values.binary_search(&number).is_err() {
                self.problems.push(format!(
                    "{path}: {number} is not a defined value; defined values are {}",
                    list_values(values)
                ));
            }
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// Accepts what `ip_t` describes: an IPv4 or IPv6 address, IPv6 optionally with a `%zone`.
fn is_ip(text: &str) -> bool {
    let address = match text.split_once('%') {
        Some((address, zone)) if address.contains(':') && !zone.is_empty() => address,
        Some(_) => return false,
        None => text,
    };
    address.parse::<IpAddr>().is_ok()
}

/// Names a JSON value's type and shows short scalars, for problem messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.len() <= 40 => format!("the string {s:?}"),
        Value::String(s) => format!("a string of {} bytes", s.len()),
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(_) => "an object".to_string(),
    }
}

/// Lists enum values, shortening long lists.
fn list_values(values: &[i64]) -> String {
    const SHOWN: usize = 12;
    let mut text: Vec<String> = values.iter().take(SHOWN).map(i64::to_string).collect();
    if values.len() > SHOWN {
        text.push(format!("and {} more", values.len() - SHOWN));
    }
    text.join(", ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Builds a small resolved schema with the shapes of the real one: one class with a profile-only
    /// required attribute, nested objects with required attributes, arrays of objects, enums,
    /// every base type, and the free-form `object` type under `unmapped`.
    fn schema() -> Schema {
        let document = json!({
            "version": "1.8.0",
            "types": {
                "string_t": {}, "integer_t": {}, "long_t": {}, "float_t": {}, "boolean_t": {}, "json_t": {},
                "timestamp_t": {"type": "long_t"},
                "datetime_t": {"type": "string_t"},
                "ip_t": {"type": "string_t"},
                "port_t": {"type": "integer_t"},
                "username_t": {"type": "string_t"}
            },
            "classes": {
                "authentication": {
                    "uid": 3002, "category_uid": 3,
                    "constraints": {"at_least_one": ["user", "src_endpoint"]},
                    "attributes": {
                        "class_uid": {"type": "integer_t", "requirement": "required", "is_array": false, "enum": {"3002": "Authentication"}},
                        "category_uid": {"type": "integer_t", "requirement": "required", "is_array": false, "enum": {"3": "IAM"}},
                        "activity_id": {"type": "integer_t", "requirement": "required", "is_array": false,
                                        "enum": {"0": "Unknown", "1": "Logon", "2": "Logoff", "99": "Other"}},
                        "type_uid": {"type": "long_t", "requirement": "required", "is_array": false,
                                     "enum": {"300200": "Unknown", "300201": "Logon", "300202": "Logoff", "300299": "Other"}},
                        "severity_id": {"type": "integer_t", "requirement": "required", "is_array": false,
                                        "enum": {"0": "Unknown", "1": "Informational", "99": "Other"}},
                        "time": {"type": "timestamp_t", "requirement": "required", "is_array": false},
                        "time_dt": {"type": "datetime_t", "requirement": "optional", "is_array": false, "profile": "datetime"},
                        "metadata": {"type": "object_t", "object_type": "metadata", "requirement": "required", "is_array": false},
                        "cloud": {"type": "object_t", "object_type": "cloud", "requirement": "required", "is_array": false, "profile": "cloud"},
                        "user": {"type": "object_t", "object_type": "user", "requirement": "recommended", "is_array": false},
                        "src_endpoint": {"type": "object_t", "object_type": "network_endpoint", "requirement": "recommended", "is_array": false},
                        "observables": {"type": "object_t", "object_type": "observable", "requirement": "recommended", "is_array": true},
                        "is_mfa": {"type": "boolean_t", "requirement": "recommended", "is_array": false},
                        "risk_score": {"type": "float_t", "requirement": "optional", "is_array": false},
                        "data": {"type": "json_t", "requirement": "optional", "is_array": false},
                        "raw_data": {"type": "string_t", "requirement": "optional", "is_array": false},
                        "unmapped": {"type": "object_t", "object_type": "object", "requirement": "optional", "is_array": false}
                    }
                }
            },
            "objects": {
                "object": {"attributes": {}},
                "metadata": {"attributes": {
                    "version": {"type": "string_t", "requirement": "required", "is_array": false},
                    "product": {"type": "object_t", "object_type": "product", "requirement": "required", "is_array": false},
                    "profiles": {"type": "string_t", "requirement": "optional", "is_array": true},
                    "labels": {"type": "string_t", "requirement": "optional", "is_array": true}
                }},
                "product": {"attributes": {
                    "name": {"type": "string_t", "requirement": "recommended", "is_array": false},
                    "vendor_name": {"type": "string_t", "requirement": "required", "is_array": false}
                }},
                "cloud": {"attributes": {
                    "provider": {"type": "string_t", "requirement": "required", "is_array": false}
                }},
                "user": {"constraints": {"at_least_one": ["name", "uid"]}, "attributes": {
                    "name": {"type": "username_t", "requirement": "recommended", "is_array": false},
                    "uid": {"type": "string_t", "requirement": "recommended", "is_array": false},
                    "type_id": {"type": "integer_t", "requirement": "recommended", "is_array": false,
                                "enum": {"0": "Unknown", "1": "User", "2": "Admin", "99": "Other"}}
                }},
                "network_endpoint": {"constraints": {"just_one": ["ip", "hostname"]}, "attributes": {
                    "ip": {"type": "ip_t", "requirement": "recommended", "is_array": false},
                    "hostname": {"type": "string_t", "requirement": "recommended", "is_array": false},
                    "port": {"type": "port_t", "requirement": "recommended", "is_array": false}
                }},
                "observable": {"attributes": {
                    "name": {"type": "string_t", "requirement": "required", "is_array": false},
                    "type_id": {"type": "integer_t", "requirement": "required", "is_array": false,
                                "enum": {"0": "Unknown", "2": "IP Address", "4": "User Name", "99": "Other"}},
                    "value": {"type": "string_t", "requirement": "optional", "is_array": false}
                }}
            }
        });
        Schema::from_json(&document.to_string()).unwrap()
    }

    /// Returns a record that satisfies every rule of [`schema`].
    fn good() -> Map<String, Value> {
        let record = json!({
            "class_uid": 3002,
            "category_uid": 3,
            "activity_id": 1,
            "type_uid": 300201,
            "severity_id": 1,
            "time": 1_767_603_600_000_i64,
            "metadata": {"version": "1.8.0", "product": {"name": "auth.log", "vendor_name": "Linux"}, "labels": ["a"]},
            "user": {"name": "alice", "type_id": 1},
            "src_endpoint": {"ip": "198.51.100.7", "port": 52144},
            "observables": [{"name": "src_endpoint.ip", "type_id": 2, "value": "198.51.100.7"}],
            "is_mfa": false,
            "risk_score": 0.5,
            "data": {"anything": [1, "two"]},
            "raw_data": "Jan  5 09:00:00 web01 sshd[411]: Accepted password",
            "unmapped": {"vendor": {"nested": [true]}}
        });
        match record {
            Value::Object(map) => map,
            _ => unreachable!("the literal is an object"),
        }
    }

    fn problems(record: &Map<String, Value>) -> Vec<String> {
        match schema().validate_map(record) {
            Ok(()) => Vec::new(),
            Err(Error::InvalidRecord { problems, .. }) => problems,
            Err(other) => panic!("unexpected error kind: {other}"),
        }
    }

    /// Applies `edit` to a good record and asserts that exactly one problem mentions `needle`.
    fn assert_one_problem(edit: impl FnOnce(&mut Map<String, Value>), needle: &str) {
        let mut record = good();
        edit(&mut record);
        let found = problems(&record);
        assert_eq!(found.len(), 1, "expected one problem containing {needle:?}, got {found:#?}");
        assert!(found[0].contains(needle), "expected {needle:?} in {:?}", found[0]);
    }

    /// Runs `change` on the object that contains the last segment of a JSON `pointer`.
    fn edit(record: &mut Map<String, Value>, pointer: &str, change: impl FnOnce(&mut Map<String, Value>, &str)) {
        let (parent, key) = pointer.rsplit_once('/').expect("a pointer starts with '/'");
        let mut whole = Value::Object(std::mem::take(record));
        let target = if parent.is_empty() {
            Some(&mut whole)
        } else {
            whole.pointer_mut(parent)
        };
        change(target.and_then(Value::as_object_mut).expect("the parent is an object"), key);
        if let Value::Object(map) = whole {
            *record = map;
        }
    }

    fn set(record: &mut Map<String, Value>, pointer: &str, value: Value) {
        edit(record, pointer, |map, key| {
            map.insert(key.to_string(), value);
        });
    }

    fn remove(record: &mut Map<String, Value>, pointer: &str) {
        edit(record, pointer, |map, key| {
            map.remove(key);
        });
    }

    #[test]
    fn good_record_is_valid() {
        assert_eq!(problems(&good()), Vec::<String>::new());
    }

    #[test]
    fn unknown_class_is_reported() {
        assert_one_problem(
            |r| set(r, "/class_uid", json!(9999)),
            "class_uid: 9999 is not a class of OCSF 1.8.0",
        );
    }

    #[test]
    fn missing_class_uid_is_reported() {
        assert_one_problem(|r| remove(r, "/class_uid"), "class_uid: required attribute is missing");
    }

    #[test]
    fn text_class_uid_is_reported() {
        assert_one_problem(|r| set(r, "/class_uid", json!("3002")), "class_uid: expected an integer");
    }

    #[test]
    fn category_mismatch_is_reported() {
        assert_one_problem(|r| set(r, "/category_uid", json!(4)), "category_uid: 4 does not match class 3002");
    }

    #[test]
    fn type_uid_off_formula_is_reported() {
        // 300202 is a type of the class, but activity 1 makes the type 300201.
        assert_one_problem(
            |r| set(r, "/type_uid", json!(300202)),
            "type_uid: 300202 is not class_uid * 100 + activity_id",
        );
    }

    #[test]
    fn type_uid_outside_class_reports_both_rules() {
        let mut record = good();
        set(&mut record, "/type_uid", json!(400101));
        let found = problems(&record);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].contains("is not class_uid * 100 + activity_id"), "{found:#?}");
        assert!(found[1].contains("is not a type of class 3002"), "{found:#?}");
    }

    #[test]
    fn activity_outside_enum_reports_enum_and_type() {
        let mut record = good();
        set(&mut record, "/activity_id", json!(5));
        set(&mut record, "/type_uid", json!(300205));
        let found = problems(&record);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found.iter().any(|p| p.starts_with("type_uid: 300205 is not a type of class")),
            "{found:#?}"
        );
        assert!(
            found.iter().any(|p| p.starts_with("activity_id: 5 is not a defined value")),
            "{found:#?}"
        );
    }

    #[test]
    fn missing_required_top_level_is_reported() {
        assert_one_problem(|r| remove(r, "/time"), "time: required attribute of 'authentication' is missing");
    }

    #[test]
    fn missing_metadata_is_reported() {
        assert_one_problem(
            |r| remove(r, "/metadata"),
            "metadata: required attribute of 'authentication' is missing",
        );
    }

    #[test]
    fn missing_nested_required_is_reported() {
        assert_one_problem(
            |r| remove(r, "/metadata/product"),
            "metadata.product: required attribute of 'metadata' is missing",
        );
        assert_one_problem(
            |r| remove(r, "/metadata/version"),
            "metadata.version: required attribute of 'metadata' is missing",
        );
        assert_one_problem(
            |r| remove(r, "/metadata/product/vendor_name"),
            "metadata.product.vendor_name: required attribute of 'product' is missing",
        );
    }

    #[test]
    fn missing_required_in_array_item_is_reported() {
        assert_one_problem(
            |r| remove(r, "/observables/0/name"),
            "observables[0].name: required attribute of 'observable' is missing",
        );
    }

    #[test]
    fn profile_attribute_required_only_with_profile() {
        // `cloud` is required by the cloud profile: absent and not asked for is fine.
        assert_eq!(problems(&good()), Vec::<String>::new());
        assert_one_problem(
            |r| set(r, "/metadata/profiles", json!(["cloud"])),
            "cloud: required attribute of 'authentication' is missing",
        );
        let mut with_cloud = good();
        set(&mut with_cloud, "/metadata/profiles", json!(["cloud"]));
        set(&mut with_cloud, "/cloud", json!({"provider": "AWS"}));
        assert_eq!(problems(&with_cloud), Vec::<String>::new());
    }

    #[test]
    fn profile_attribute_is_defined_without_profile() {
        let mut record = good();
        set(&mut record, "/time_dt", json!("2026-01-05T09:00:00Z"));
        assert_eq!(problems(&record), Vec::<String>::new());
    }

    #[test]
    fn enum_value_outside_enum_is_reported() {
        assert_one_problem(
            |r| set(r, "/severity_id", json!(7)),
            "severity_id: 7 is not a defined value; defined values are 0, 1, 99",
        );
        assert_one_problem(|r| set(r, "/user/type_id", json!(3)), "user.type_id: 3 is not a defined value");
        assert_one_problem(
            |r| set(r, "/observables/0/type_id", json!(3)),
            "observables[0].type_id: 3 is not a defined value",
        );
    }

    #[test]
    fn unknown_attribute_is_reported_at_each_depth() {
        assert_one_problem(
            |r| set(r, "/src_ip", json!("198.51.100.7")),
            "src_ip: attribute is not defined in 'authentication'",
        );
        assert_one_problem(
            |r| set(r, "/user/login", json!("alice")),
            "user.login: attribute is not defined in 'user'",
        );
        assert_one_problem(
            |r| set(r, "/metadata/product/version_name", json!("9")),
            "metadata.product.version_name: attribute is not defined in 'product'",
        );
        assert_one_problem(
            |r| set(r, "/observables/0/kind", json!("ip")),
            "observables[0].kind: attribute is not defined in 'observable'",
        );
    }

    #[test]
    fn unmapped_accepts_any_content() {
        let mut record = good();
        set(&mut record, "/unmapped", json!({"x": {"y": [1, {"z": null}]}, "flag": true}));
        assert_eq!(problems(&record), Vec::<String>::new());
    }

    #[test]
    fn string_attribute_rejects_other_types() {
        assert_one_problem(
            |r| set(r, "/user/name", json!(42)),
            "user.name: expected a string, found the number 42",
        );
        assert_one_problem(|r| set(r, "/raw_data", Value::Null), "raw_data: expected a string, found null");
    }

    #[test]
    fn integer_attribute_rejects_text_and_fractions() {
        assert_one_problem(
            |r| set(r, "/time", json!("1767603600000")),
            "time: expected an integer, found the string",
        );
        assert_one_problem(|r| set(r, "/time", json!(1.5)), "time: expected an integer, found the number 1.5");
    }

    #[test]
    fn boolean_attribute_rejects_text() {
        assert_one_problem(|r| set(r, "/is_mfa", json!("false")), "is_mfa: expected a boolean");
    }

    #[test]
    fn float_attribute_accepts_integers_and_rejects_text() {
        let mut record = good();
        set(&mut record, "/risk_score", json!(3));
        assert_eq!(problems(&record), Vec::<String>::new());
        assert_one_problem(|r| set(r, "/risk_score", json!("0.5")), "risk_score: expected a number");
    }

    #[test]
    fn object_attribute_rejects_scalars() {
        assert_one_problem(|r| set(r, "/user", json!("alice")), "user: expected an object, found the string");
    }

    #[test]
    fn array_attribute_rejects_single_values() {
        assert_one_problem(|r| set(r, "/metadata/labels", json!("a")), "metadata.labels: expected an array");
        assert_one_problem(
            |r| set(r, "/observables", json!({"name": "x", "type_id": 0})),
            "observables: expected an array",
        );
    }

    #[test]
    fn array_items_are_type_checked() {
        assert_one_problem(
            |r| set(r, "/metadata/labels", json!(["a", 2])),
            "metadata.labels[1]: expected a string",
        );
    }

    #[test]
    fn scalar_attribute_rejects_arrays() {
        assert_one_problem(
            |r| set(r, "/user/name", json!(["alice"])),
            "user.name: expected a string, found an array",
        );
    }

    #[test]
    fn ip_attribute_checks_the_address() {
        assert_one_problem(
            |r| set(r, "/src_endpoint/ip", json!("198.51.100.300")),
            "src_endpoint.ip: '198.51.100.300' is not an IPv4 or IPv6 address",
        );
        assert_one_problem(|r| set(r, "/src_endpoint/ip", json!("web01")), "is not an IPv4 or IPv6 address");
        let mut record = good();
        set(&mut record, "/src_endpoint/ip", json!("fe80::1%eth0"));
        assert_eq!(problems(&record), Vec::<String>::new());
    }

    #[test]
    fn port_attribute_checks_the_range() {
        assert_one_problem(
            |r| set(r, "/src_endpoint/port", json!(70000)),
            "src_endpoint.port: port 70000 is outside 0..=65535",
        );
        assert_one_problem(
            |r| set(r, "/src_endpoint/port", json!("22")),
            "src_endpoint.port: expected an integer",
        );
    }

    #[test]
    fn class_at_least_one_constraint_is_checked() {
        let mut without_user = good();
        remove(&mut without_user, "/user");
        assert_eq!(problems(&without_user), Vec::<String>::new(), "src_endpoint meets the constraint");
        assert_one_problem(
            |r| {
                remove(r, "/user");
                remove(r, "/src_endpoint");
            },
            "record: 'authentication' requires at least one of user, src_endpoint, and none is present",
        );
    }

    #[test]
    fn object_at_least_one_constraint_is_checked() {
        assert_one_problem(
            |r| set(r, "/user", json!({"type_id": 1})),
            "user: 'user' requires at least one of name, uid, and none is present",
        );
    }

    #[test]
    fn just_one_constraint_is_checked() {
        assert_one_problem(
            |r| set(r, "/src_endpoint/hostname", json!("web01")),
            "src_endpoint: 'network_endpoint' requires exactly one of ip, hostname, and 2 are present",
        );
        assert_one_problem(
            |r| remove(r, "/src_endpoint/ip"),
            "src_endpoint: 'network_endpoint' requires exactly one of ip, hostname, and 0 are present",
        );
    }

    #[test]
    fn every_problem_is_collected() {
        let mut record = good();
        set(&mut record, "/category_uid", json!(4));
        remove(&mut record, "/time");
        set(&mut record, "/severity_id", json!(9));
        set(&mut record, "/user/login", json!("x"));
        set(&mut record, "/is_mfa", json!(1));
        let found = problems(&record);
        assert_eq!(found.len(), 5, "{found:#?}");
        let err = schema().validate_map(&record).unwrap_err();
        assert_eq!(err.code(), "invalid_record");
        assert!(err.to_string().starts_with("OCSF record of class 3002 is invalid: "), "{err}");
    }

    #[test]
    fn deep_nesting_stops_with_a_problem() {
        // A self-referencing object type `node`, reachable from the class as `node`.
        let mut schema = schema();
        let index = schema.objects.len();
        let node = Attribute {
            kind: Kind::Object(index),
            is_array: false,
            required: false,
            profile: None,
            enum_values: None,
        };
        let mut attributes = BTreeMap::new();
        attributes.insert("child".to_string(), node.clone());
        schema.objects.push(ObjectType {
            name: "node".into(),
            attributes,
            free_form: false,
            at_least_one: Vec::new(),
            just_one: Vec::new(),
        });
        schema.classes.get_mut(&3002).unwrap().body.attributes.insert("node".into(), node);

        let mut value = json!({});
        for _ in 0..100 {
            value = json!({ "child": value });
        }
        let mut record = good();
        record.insert("node".into(), value);

        let Err(Error::InvalidRecord { problems, .. }) = schema.validate_map(&record) else {
            panic!("a record nested 100 levels deep was accepted");
        };
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains("nested deeper than 64 levels"), "{problems:#?}");
    }

    #[test]
    fn schema_errors_name_the_problem() {
        let cases = [
            ("not json", "the text is not JSON"),
            (r#"{"objects": {}, "types": {}}"#, "no \"classes\" object"),
            (
                r#"{"classes": {"c": {"category_uid": 1, "attributes": {}}}, "objects": {}, "types": {}}"#,
                "class 'c' has no integer \"uid\"",
            ),
            (
                r#"{"classes": {}, "objects": {"o": {"attributes": {"a": {"type": "object_t", "object_type": "nope"}}}}, "types": {}}"#,
                "o.a refers to the undefined object 'nope'",
            ),
            (
                r#"{"classes": {}, "objects": {"o": {"attributes": {"a": {"type": "odd_t"}}}}, "types": {}}"#,
                "type 'odd_t' is not defined",
            ),
            (
                r#"{"classes": {}, "objects": {"o": {"constraints": {"at_least_one": "a"}, "attributes": {}}}, "types": {}}"#,
                "'o' has a \"at_least_one\" constraint that is not an array",
            ),
        ];
        for (text, needle) in cases {
            let err = Schema::from_json(text).unwrap_err();
            assert!(err.to_string().contains(needle), "{text}: {err}");
        }
    }
}
