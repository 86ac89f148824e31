//! The JSON codec of generated models: per model, a decoder that reads
//! the body's text through the pull [`Reader`] (`json_read`) and an
//! encoder that writes text through the [`Writer`] (`json_write`), instead
//! of serde's derive; and conversions from and to [`serde_json::Value`]
//! for the rest (a few runtime types, the serde impls).
//!
//! Why not derive: a derived `Deserialize` is generic over the
//! deserializer, so every model's decoder is compiled again for each input
//! it is read from, and the JSON reader's own generic code is copied into
//! each. That made up over half of the machine code of a large client.
//! The reader and the writer are concrete types, so each model's codec is
//! compiled once, and a typed body is read with no `Value` tree between
//! its bytes and the model. Models still implement `Serialize` and
//! `Deserialize` (through [`serialize`] and [`deserialize`]), for any
//! format a user reads or writes them with.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

/// A JSON object being decoded into a model's fields.
pub type Object = Map<String, Value>;

/// A JSON value that does not have the shape of the type it is decoded as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Innermost segment first: segments are added while the error
    /// travels out of the nested decoders.
    path: Vec<Segment>,
    message: String,
    /// The text is not JSON at all (from [`Reader`]), as opposed to JSON
    /// of the wrong shape.
    syntax: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl JsonError {
    /// An error with `message` at the current value.
    pub fn new(message: impl Into<String>) -> Self {
        JsonError { path: Vec::new(), message: message.into(), syntax: false }
    }

    /// The text being read is not JSON: `message` says why.
    pub fn syntax(message: impl Into<String>) -> Self {
        JsonError { syntax: true, ..JsonError::new(message) }
    }

    /// Whether the text was not JSON at all, rather than JSON of another
    /// shape: the caller then reports the JSON parser's own error.
    pub fn is_syntax(&self) -> bool {
        self.syntax
    }

    /// `value` is not `expected` (`"a string"`, "an object `Pet`").
    pub fn expected(expected: &str, value: &Value) -> Self {
        let found = match value {
            Value::Null => "null".to_string(),
            Value::Bool(b) => format!("boolean `{b}`"),
            Value::Number(n) => format!("number `{n}`"),
            Value::String(s) => format!("string {s:?}"),
            Value::Array(_) => "an array".to_string(),
            Value::Object(_) => "an object".to_string(),
        };
        JsonError::new(format!("invalid type: {found}, expected {expected}"))
    }

    /// An object leaves out the required property `key`.
    pub fn missing(key: &str) -> Self {
        JsonError::new(format!("missing field `{key}`"))
    }

    /// The same error, inside the property `key` of an object.
    pub fn at_key(mut self, key: &str) -> Self {
        self.path.push(Segment::Key(key.to_string()));
        self
    }

    /// The same error, inside the item `index` of an array.
    pub fn at_index(mut self, index: usize) -> Self {
        self.path.push(Segment::Index(index));
        self
    }

    /// Where the error is, as `items[1].id`; `.` for the value itself.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Key(k) if out.is_empty() => out.push_str(k),
                Segment::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        if out.is_empty() {
            out.push('.');
        }
        out
    }

    /// What is wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.message)
    }
}

impl std::error::Error for JsonError {}

/// A type decoded from JSON: from a parsed tree ([`FromJson::from_json`])
/// or straight from the text ([`FromJson::read_json`]). Each has a default
/// through the other, so a type implements at least one: models only
/// read, a few runtime types only take a tree.
pub trait FromJson: Sized {
    /// Decodes `value`, or says where and why it does not fit.
    fn from_json(value: Value) -> Result<Self, JsonError> {
        crate::json_read::from_value(value)
    }

    /// Reads the next value of `r`, or says where and why it does not fit.
    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        let value = r.value()?;
        Self::from_json(value)
    }
}

pub use crate::json_read::{from_slice, from_span, variant_of, Fields, Reader};

/// A type encoded as a JSON value.
///
/// Each method has a default through the other, so a type implements at
/// least one: models write their text (request bodies need nothing else),
/// and the tree, for form and multipart bodies and the serde impls, is
/// read back from that text.
pub trait ToJson {
    /// The value's JSON: by default, the text of [`ToJson::write_json`]
    /// read back.
    fn to_json(&self) -> Value {
        let text = crate::json_write::text_of(self);
        // The writer writes JSON by construction; `null` stands in only
        // if a bug broke that, rather than a panic in the caller.
        debug_assert!(serde_json::from_slice::<Value>(&text).is_ok(), "the writer wrote invalid JSON");
        serde_json::from_slice(&text).unwrap_or(Value::Null)
    }

    /// The value's JSON, written as text into `w` (a request body): by
    /// default the text of [`ToJson::to_json`]; models, and the runtime's
    /// types, write it straight, with no tree between.
    fn write_json(&self, w: &mut Writer) {
        w.serde(&self.to_json());
    }
}

pub use crate::json_write::{to_vec, write_tagged, ObjectWriter, Writer};

/// Decodes a model with any serde deserializer: reads a [`Value`], then
/// the model's [`FromJson`]. Generated `Deserialize` impls call this.
pub fn deserialize<'de, D: serde::Deserializer<'de>, T: FromJson>(d: D) -> Result<T, D::Error> {
    let value = <Value as serde::Deserialize>::deserialize(d)?;
    T::from_json(value).map_err(serde::de::Error::custom)
}

/// Encodes a model with any serde serializer, through its [`ToJson`].
/// Generated `Serialize` impls call this.
pub fn serialize<S: serde::Serializer, T: ToJson + ?Sized>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&value.to_json(), s)
}

/// The object a model is decoded from; `what` names the model.
pub fn object(value: Value, what: &str) -> Result<Object, JsonError> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(JsonError::expected(what, &other)),
    }
}

/// The properties left in `map` once the declared ones are taken: a
/// model's additional properties.
pub fn rest<T: FromJson>(map: Object) -> Result<BTreeMap<String, T>, JsonError> {
    let mut out = BTreeMap::new();
    for (k, v) in map {
        match T::from_json(v) {
            Ok(v) => out.insert(k, v),
            Err(e) => return Err(e.at_key(&k)),
        };
    }
    Ok(out)
}

/// The object a model's additional properties start its JSON with (the
/// declared properties are set after them, so they win a clash).
pub fn extra<T: ToJson>(props: &BTreeMap<String, T>) -> Object {
    let mut out = Object::new();
    for (k, v) in props {
        out.insert(k.clone(), v.to_json());
    }
    out
}

/// Sets the property `key` of `map` to `value`'s JSON. Takes a trait
/// object, so one copy serves every field type.
pub fn put(map: &mut Object, key: &str, value: &dyn ToJson) {
    map.insert(key.to_string(), value.to_json());
}

/// Sets the property `key` when `value` is `Some`; `None` leaves it out.
pub fn put_some(map: &mut Object, key: &str, value: &dyn OptionalJson) {
    if let Some(v) = value.optional_json() {
        map.insert(key.to_string(), v);
    }
}

/// An optional field: its JSON, or `None` when it is left out.
pub trait OptionalJson {
    /// The JSON of the value inside, if any.
    fn optional_json(&self) -> Option<Value>;

    /// The value inside, if any.
    fn as_some(&self) -> Option<&dyn ToJson>;
}

impl<T: ToJson> OptionalJson for Option<T> {
    // Written out: `Option::map` would add a copy per field type.
    #[allow(clippy::manual_map)]
    fn optional_json(&self) -> Option<Value> {
        match self {
            Some(v) => Some(v.to_json()),
            None => None,
        }
    }

    fn as_some(&self) -> Option<&dyn ToJson> {
        match self {
            Some(v) => Some(v),
            None => None,
        }
    }
}

/// Which variant of a tagged union `value` is: the index of the first
/// entry of `tags` that lists the string value of its `property`.
pub fn variant(value: &Value, property: &str, tags: &[&[&str]]) -> Option<usize> {
    let tag = value.get(property)?.as_str()?;
    tags.iter().position(|t| t.contains(&tag))
}

impl FromJson for Value {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        Ok(value)
    }

    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        r.value()
    }
}

impl FromJson for () {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Null => Ok(()),
            other => Err(JsonError::expected("null", &other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err<T: FromJson + fmt::Debug>(value: Value) -> String {
        T::from_json(value).unwrap_err().to_string()
    }

    #[test]
    fn paths_name_keys_and_indexes_outermost_first() {
        let e = JsonError::new("bad").at_key("id").at_index(1).at_key("items");
        assert_eq!(e.path(), "items[1].id");
        assert_eq!(JsonError::new("bad").path(), ".");
        assert_eq!(
            err::<Vec<BTreeMap<String, i32>>>(json!([{}, {"a": 1, "b": "x"}])),
            "[1].b: invalid type: string \"x\", expected i32"
        );
    }

    #[test]
    fn integers_keep_to_their_range_and_refuse_fractions() {
        assert_eq!(i32::from_json(json!(-7)), Ok(-7));
        assert!(err::<i32>(json!(3_000_000_000_i64)).contains("expected i32"));
        assert!(err::<i64>(json!(1.5)).contains("expected i64"));
        assert!(err::<u8>(json!(-1)).contains("expected u8"));
        assert_eq!(f64::from_json(json!(2)), Ok(2.0));
    }

    #[test]
    fn options_read_null_as_none() {
        assert_eq!(Option::<String>::from_json(Value::Null), Ok(None));
        assert_eq!(Option::<String>::from_json(json!("a")), Ok(Some("a".into())));
        assert_eq!(None::<i32>.to_json(), Value::Null);
    }

    #[test]
    fn tagged_variants_are_found_by_their_tag() {
        let tags: &[&[&str]] = &[&["cat"], &["dog", "puppy"]];
        assert_eq!(variant(&json!({"kind": "puppy"}), "kind", tags), Some(1));
        assert_eq!(variant(&json!({"kind": "bird"}), "kind", tags), None);
        assert_eq!(variant(&json!({"kind": 1}), "kind", tags), None);
    }

    #[test]
    fn serde_types_keep_their_serde_forms() {
        let at = chrono::DateTime::<chrono::Utc>::from_json(json!("2024-01-02T03:04:05+01:00")).unwrap();
        assert_eq!(at.to_json(), json!("2024-01-02T02:04:05Z"));
        assert!(err::<uuid::Uuid>(json!("nope")).starts_with(".: "));
        assert!(err::<chrono::NaiveDate>(json!(5)).contains("expected a date string"));
        assert_eq!(f64::NAN.to_json(), Value::Null);
    }
}
