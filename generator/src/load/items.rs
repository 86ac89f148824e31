//! OpenAPI 3.2's `itemSchema`: the schema of one item of a sequential
//! media type (one server-sent event's data, one JSON line). `openapiv3`
//! does not know the keyword, so it is moved where the rest of the
//! generator reads a body's schema; each move is reported.

use serde_json::{Map, Value};

use super::escape_token_into;
use crate::report::{Kind, Report};

/// Media types whose body is a sequence of JSON values, one per line.
const LINES: &[&str] = &["application/jsonl", "application/x-ndjson", "application/ndjson", "application/json-seq"];

/// Moves every `itemSchema` of a media type object into its `schema`.
pub(super) fn lower_item_schemas(value: &mut Value, report: &mut Report) {
    walk(value, &mut String::from("#"), report);
}

fn walk(value: &mut Value, at: &mut String, report: &mut Report) {
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            for (i, item) in items.iter_mut().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                walk(item, at, report);
                at.truncate(len);
            }
        }
        return;
    };
    for (key, child) in map.iter_mut() {
        let len = at.len();
        at.push('/');
        escape_token_into(at, key);
        if key == "content" {
            if let Value::Object(media) = child {
                lower_content(media, at, report);
            }
        }
        walk(child, at, report);
        at.truncate(len);
    }
}

fn lower_content(content: &mut Map<String, Value>, at: &str, report: &mut Report) {
    for (media, object) in content.iter_mut() {
        let Value::Object(object) = object else { continue };
        let Some(item) = object.remove("itemSchema") else { continue };
        let mut ptr = format!("{at}/");
        escape_token_into(&mut ptr, media);
        let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let (schema, reading) = if LINES.contains(&essence.as_str()) {
            (serde_json::json!({ "type": "array", "items": item }), "read as an array of such items")
        } else {
            (item, "read as the schema of each item")
        };
        if object.contains_key("schema") {
            report.add(Kind::LoweredConstruct, format!("{ptr}/itemSchema"), "`itemSchema` wins over `schema`");
        }
        object.insert("schema".into(), schema);
        report.add(Kind::LoweredConstruct, format!("{ptr}/itemSchema"), format!("`itemSchema` {reading}"));
    }
}
