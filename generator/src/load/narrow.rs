//! Finds where inside a schema a typed-parse error is.
//!
//! `openapiv3` reads a schema's keywords through `#[serde(flatten)]` and a
//! hand-written untagged reading, so a wrong value deep inside a schema
//! (`pattern: 0` in a property) is reported at the outermost schema or
//! object that holds it. This module parses the parts again, one at a
//! time, to name the keyword itself (`.../properties/code/pattern`).

use serde_json::{Map, Value};

use super::escape_token;

type SchemaOrRef = openapiv3::ReferenceOr<openapiv3::Schema>;

fn schema_error(v: &Value) -> Option<String> {
    serde_path_to_error::deserialize::<_, SchemaOrRef>(v).err().map(|e| e.into_inner().to_string())
}

/// When `value` (at `at`) is, or holds through `schema` or
/// `content/*/schema`, a schema that does not parse: the pointer of the
/// innermost keyword at fault and the error there.
pub(super) fn narrow(value: &Value, at: &str) -> Option<(String, String)> {
    let Value::Object(map) = value else { return None };
    if schema_error(value).is_some() {
        if let Some(found) = narrow_schema(map, at) {
            return Some(found);
        }
    }
    if let Some(schema) = map.get("schema") {
        if let Some(found) = narrow(schema, &format!("{at}/schema")) {
            return Some(found);
        }
    }
    if let Some(Value::Object(content)) = map.get("content") {
        for (media, item) in content {
            if let Some(found) = narrow(item, &format!("{at}/content/{}", escape_token(media))) {
                return Some(found);
            }
        }
    }
    None
}

/// `map`, a schema that does not parse: its first keyword at fault.
fn narrow_schema(map: &Map<String, Value>, at: &str) -> Option<(String, String)> {
    for (key, v) in map {
        let here = format!("{at}/{}", escape_token(key));
        let nested = match (key.as_str(), v) {
            ("properties" | "patternProperties", Value::Object(props)) => props
                .iter()
                .find(|(_, s)| schema_error(s).is_some())
                .map(|(name, s)| (format!("{here}/{}", escape_token(name)), s)),
            ("items" | "not" | "additionalProperties", Value::Object(_)) => {
                schema_error(v).is_some().then(|| (here.clone(), v))
            }
            ("allOf" | "oneOf" | "anyOf", Value::Array(items)) => items
                .iter()
                .enumerate()
                .find(|(_, s)| schema_error(s).is_some())
                .map(|(i, s)| (format!("{here}/{i}"), s)),
            _ => None,
        };
        if let Some((inner_at, inner)) = nested {
            if let Value::Object(inner_map) = inner {
                if let Some(found) = narrow_schema(inner_map, &inner_at) {
                    return Some(found);
                }
            }
            return schema_error(inner).map(|e| (inner_at, e));
        }
        // A keyword alone (with the schema's `type`, which decides how
        // the rest reads).
        let mut alone = Map::new();
        if let Some(t) = map.get("type") {
            alone.insert("type".into(), t.clone());
        }
        alone.insert(key.clone(), v.clone());
        if let Some(e) = schema_error(&Value::Object(alone)) {
            return Some((here, e));
        }
    }
    None
}
