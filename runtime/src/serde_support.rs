//! Serde helpers that generated models rely on.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serde helpers for optional nullable fields: `None` is an absent field,
/// `Some(None)` an explicit `null`, `Some(Some(v))` a value.
///
/// Used as `#[serde(with = "...::double_option", skip_serializing_if = "Option::is_none")]`.
pub mod double_option {
    use super::*;

    /// Serializes the inner option (the outer one is skipped when `None`).
    pub fn serialize<T: Serialize, S: Serializer>(v: &Option<Option<T>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }

    /// A present field is `Some`, even when it holds `null`.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

/// Sets the discriminator of a serialized union variant: the variant
/// decides the tag, so a missing or foreign value is replaced by the first
/// of `tags` (a value the variant's mapping lists is kept).
pub fn with_tag(mut value: serde_json::Value, property: &str, tags: &[&str]) -> serde_json::Value {
    if let serde_json::Value::Object(map) = &mut value {
        let keep = map.get(property).and_then(|v| v.as_str()).is_some_and(|v| tags.contains(&v));
        if let (false, Some(first)) = (keep, tags.first()) {
            map.insert(property.to_string(), serde_json::Value::String(first.to_string()));
        }
    }
    value
}

/// The order in which an untagged union tries its variants on `value`:
/// for an object, variants with all their required keys present first,
/// then those declaring more of its keys; ties keep the listed order.
/// `variants` holds each variant's (declared keys, required keys).
pub fn union_order(value: &serde_json::Value, variants: &[(&[&str], &[&str])]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..variants.len()).collect();
    if let Some(object) = value.as_object() {
        let score = |i: &usize| {
            let (keys, required) = variants[*i];
            let complete = required.iter().all(|k| object.contains_key(*k));
            let known = object.keys().filter(|k| keys.contains(&k.as_str())).count();
            (std::cmp::Reverse(complete), std::cmp::Reverse(known))
        };
        order.sort_by_key(score);
    }
    order
}

/// A key of an object being decoded, borrowed from the input when it has
/// no escapes. Generated models decode their fields through it, so one key
/// decoder serves every model instead of one field enum per model.
pub struct FieldKey<'de>(std::borrow::Cow<'de, str>);

impl FieldKey<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned.
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for FieldKey<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = FieldKey<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FieldKey(std::borrow::Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FieldKey(std::borrow::Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(FieldKey(std::borrow::Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}
