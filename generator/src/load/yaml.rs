//! YAML straight to JSON values.
//!
//! `serde_yaml::Value` refuses integers beyond 64 bits (serde_yaml hands
//! them over as 128-bit integers), so a document with
//! `maximum: 18446744073709552000` would not load. This visitor keeps such
//! numbers as `f64`, as `serde_json` does for JSON, and turns YAML's
//! non-string keys into strings (OpenAPI status codes are often written
//! as bare integers).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A JSON value read from YAML.
pub(super) struct Json(pub Value);

/// A mapping key, as JSON object keys are: a string.
struct Key(String);

/// A float as JSON keeps it; JSON has no NaN or infinity, they become null.
fn float(f: f64) -> Value {
    Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any yaml value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json(Value::Bool(b)))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Json, E> {
        Ok(Json(Value::from(i)))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Json, E> {
        Ok(Json(Value::from(u)))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Json, E> {
        Ok(Json(float(i as f64)))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Json, E> {
        Ok(Json(float(u as f64)))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Json, E> {
        Ok(Json(float(f)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json(Value::String(s.to_string())))
    }
    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json(Value::String(s)))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        Json::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut out = Vec::new();
        while let Some(Json(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Json(Value::Array(out)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out = Map::new();
        while let Some(Key(k)) = map.next_key()? {
            if out.contains_key(&k) {
                return Err(de::Error::custom(format_args!("duplicate entry with key {k:?}")));
            }
            let Json(v) = map.next_value()?;
            out.insert(k, v);
        }
        Ok(Json(Value::Object(out)))
    }
    /// A tagged value (`!Tag value`): OpenAPI has no tags, the value is kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Json, A::Error> {
        let (de::IgnoredAny, contents) = data.variant()?;
        contents.newtype_variant()
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, number, boolean or null mapping key")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Key, E> {
        Ok(Key(b.to_string()))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Key, E> {
        Ok(Key(i.to_string()))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Key, E> {
        Ok(Key(u.to_string()))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Key, E> {
        Ok(Key(i.to_string()))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Key, E> {
        Ok(Key(u.to_string()))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Key, E> {
        Ok(Key(f.to_string()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Key, E> {
        Ok(Key(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Key, E> {
        Ok(Key(s))
    }
    fn visit_unit<E>(self) -> Result<Key, E> {
        Ok(Key("null".into()))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Key, A::Error> {
        let (de::IgnoredAny, contents) = data.variant()?;
        contents.newtype_variant()
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KeyVisitor)
    }
}
