//! Whether a body Prism served meets the document's own response schema,
//! checked with the `jsonschema` crate, so a body the generated type could
//! not decode is blamed on the document (its example breaks its schema)
//! only when the schema itself refuses the body.
//!
//! The document is the generator's bundled, lowered one (every `$ref`
//! local), turned into one JSON Schema draft 4 root: draft 4 is the
//! dialect OpenAPI 3.0 extends (boolean `exclusiveMinimum`), a root `$ref`
//! picks the response schema, and every `#/components/...` reference
//! resolves inside the same root. OpenAPI's `nullable` is rewritten into
//! JSON Schema first.

use std::path::Path;

use generator::ir::HttpMethod;
use serde_json::{json, Map, Value};

/// Where the schema being checked is copied in the root.
const RESPONSE_KEY: &str = "x-sweep-response";

/// The document as a JSON Schema root.
pub struct Document {
    root: Value,
}

impl Document {
    /// Loads `spec` as the generator does (external `$ref`s bundled).
    pub fn load(spec: &Path) -> Result<Document, String> {
        let mut report = generator::Report::default();
        let loaded = generator::load::load(spec, generator::load::Leniency::Lenient, &mut report)
            .map_err(|e| format!("cannot load {}: {e}", spec.display()))?;
        let mut root = serde_json::to_value(&loaded.doc).map_err(|e| format!("cannot serialize the document: {e}"))?;
        nullable_to_json_schema(&mut root);
        Ok(Document { root })
    }

    /// The JSON pointer (in the document) of the schema of the `status` response of
    /// `method path`, for `content_type` (else its first JSON media type).
    pub fn response_schema(&self, method: HttpMethod, path: &str, status: u16, content_type: &str) -> Option<String> {
        let op = format!("/paths/{}/{}", token(path), method.as_str().to_ascii_lowercase());
        let responses = self.root.pointer(&format!("{op}/responses"))?.as_object()?;
        let exact = status.to_string();
        let range = format!("{}XX", status / 100);
        let key = [exact.as_str(), range.as_str(), "default"].into_iter().find(|k| responses.contains_key(*k))?;
        let content = responses[key].get("content")?.as_object()?;
        let media = content_type.split(';').next().unwrap_or("").trim();
        let chosen = content.keys().find(|m| *m == media).or_else(|| content.keys().find(|m| m.contains("json")))?;
        content[chosen].get("schema")?;
        Some(format!("{op}/responses/{}/content/{}/schema", token(key), token(chosen)))
    }

    /// The schema's complaints about `body` (empty: it conforms), as
    /// `instance path: message`.
    pub fn violations(&self, pointer: &str, body: &Value) -> Result<Vec<String>, String> {
        let target = self.root.pointer(pointer).ok_or_else(|| format!("no schema at {pointer}"))?.clone();
        let mut schema = self.root.clone();
        let root = schema.as_object_mut().ok_or("the document is not an object")?;
        // Copied under a plain key: a `$ref` into `paths` would need the
        // path template's `{`, `}` percent-encoded.
        root.insert(RESPONSE_KEY.into(), target);
        root.insert("$ref".into(), json!(format!("#/{RESPONSE_KEY}")));
        let validator = jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| format!("cannot compile the response schema {pointer}: {e}"))?;
        Ok(validator.iter_errors(body).map(|e| format!("{}: {e}", e.instance_path)).collect())
    }
}

/// One JSON pointer token.
fn token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// `nullable: true` becomes `null` among the allowed types: beside a
/// `type`, in its list; otherwise (`$ref`, `allOf`...) as an `anyOf`
/// alternative.
fn nullable_to_json_schema(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(nullable_to_json_schema),
        Value::Object(obj) => {
            obj.values_mut().for_each(nullable_to_json_schema);
            if obj.get("nullable") != Some(&Value::Bool(true)) {
                return;
            }
            obj.remove("nullable");
            match obj.get("type").and_then(Value::as_str).map(str::to_string) {
                Some(t) => {
                    obj.insert("type".into(), json!([t, "null"]));
                    // An `enum` lists the allowed values, null among them.
                    if let Some(Value::Array(values)) = obj.get_mut("enum") {
                        if !values.contains(&Value::Null) {
                            values.push(Value::Null);
                        }
                    }
                }
                None => {
                    let inner = Value::Object(std::mem::take(obj));
                    let mut wrapped = Map::new();
                    wrapped.insert("anyOf".into(), json!([inner, {"type": "null"}]));
                    *obj = wrapped;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_admits_null() {
        let mut v =
            json!({"a": {"type": "string", "nullable": true, "enum": ["x"]}, "b": {"$ref": "#/x", "nullable": true}});
        nullable_to_json_schema(&mut v);
        assert_eq!(v["a"], json!({"type": ["string", "null"], "enum": ["x", null]}));
        assert_eq!(v["b"], json!({"anyOf": [{"$ref": "#/x"}, {"type": "null"}]}));
    }

    #[test]
    fn a_body_is_checked_against_the_response_schema_it_was_served_for() {
        let dir = tempfile::tempdir().expect("tempdir");
        let spec = dir.path().join("doc.yaml");
        std::fs::write(
            &spec,
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      \
             parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        \
             '2XX':\n          description: ok\n          content:\n            application/json:\n              \
             schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A:\n      type: object\n      \
             required: [n]\n      properties:\n        n: {type: integer, minimum: 1}\n        \
             s: {type: string, format: date-time, nullable: true}\n",
        )
        .expect("write");
        let doc = Document::load(&spec).expect("load");
        let pointer = doc.response_schema(HttpMethod::Get, "/a/{id}", 201, "application/json; charset=utf-8");
        let pointer = pointer.expect("the 2XX schema");
        assert_eq!(doc.violations(&pointer, &json!({"n": 1, "s": null})), Ok(vec![]));
        for bad in [json!({"s": null}), json!({"n": 0}), json!({"n": 1, "s": "yesterday"})] {
            let complaints = doc.violations(&pointer, &bad).expect("compile");
            assert_eq!(complaints.len(), 1, "{bad}: {complaints:?}");
        }
        assert_eq!(doc.response_schema(HttpMethod::Get, "/a/{id}", 404, "application/json"), None);
    }
}
