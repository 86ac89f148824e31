//! Lowers OpenAPI 3.1 constructs to their OpenAPI 3.0 equivalents so that
//! `openapiv3` (a 3.0 model) can parse 3.1 documents. Each rewrite is
//! reported.

use serde_json::{Map, Value};

use super::context::for_each_schema;
use crate::report::{Kind, Report};

/// Rewrites `value` in place.
pub(super) fn lower(value: &mut Value, report: &mut Report) {
    let is_31 = value.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1"));
    if !is_31 {
        return;
    }
    if let Some(obj) = value.as_object_mut() {
        obj.insert("openapi".into(), Value::String("3.0.3".into()));
        for key in ["webhooks", "jsonSchemaDialect"] {
            if obj.remove(key).is_some() {
                report.add(
                    Kind::LoweredConstruct,
                    format!("#/{key}"),
                    format!("`{key}` has no 3.0 equivalent and was dropped"),
                );
            }
        }
        if let Some(Value::Object(info)) = obj.get_mut("info") {
            if let Some(Value::Object(license)) = info.get_mut("license") {
                license.remove("identifier");
            }
        }
    }
    for_each_schema(value, &mut |map, at| lower_schema(map, at, report));
}

fn lower_schema(map: &mut Map<String, Value>, at: &str, report: &mut Report) {
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let non_null: Vec<&Value> = types.iter().filter(|t| t.as_str() != Some("null")).collect();
        let nullable = non_null.len() != types.len();
        match non_null.as_slice() {
            [one] => {
                map.insert("type".into(), (*one).clone());
            }
            [] => {
                map.remove("type");
            }
            many => {
                map.remove("type");
                let variants: Vec<Value> = many.iter().map(|t| serde_json::json!({ "type": t })).collect();
                map.insert("anyOf".into(), Value::Array(variants));
            }
        }
        if nullable {
            map.insert("nullable".into(), Value::Bool(true));
        }
        report.add(Kind::LoweredConstruct, format!("{at}/type"), "type list lowered to a single type with `nullable`");
    } else if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.insert("nullable".into(), Value::Bool(true));
        report.add(Kind::LoweredConstruct, format!("{at}/type"), "`type: null` lowered to `nullable`");
    }
    if let Some(c) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![c]));
        report.add(Kind::LoweredConstruct, format!("{at}/const"), "`const` lowered to a single-value `enum`");
    }
    if matches!(map.get("examples"), Some(Value::Array(_))) {
        if let Some(Value::Array(examples)) = map.remove("examples") {
            if let Some(first) = examples.into_iter().next() {
                map.entry("example").or_insert(first);
            }
        }
    }
    for (key, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n @ Value::Number(_)) = map.get(key).cloned() {
            map.insert(bound.into(), n);
            map.insert(key.into(), Value::Bool(true));
        }
    }
}
