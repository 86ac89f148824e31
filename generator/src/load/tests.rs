//! Loader rules checked on small documents written to a temporary folder.

use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde_json::json;

use crate::report::Report;

/// Writes `files` (name, text) to a fresh folder and loads the first one.
fn load_files(files: &[(&str, &str)]) -> (crate::Result<super::Loaded>, Report) {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write spec");
    }
    let mut report = Report::default();
    let loaded = super::load(&dir.path().join(files[0].0), &mut report);
    (loaded, report)
}

fn load_ok(files: &[(&str, &str)]) -> (OpenAPI, Report) {
    let (loaded, report) = load_files(files);
    (loaded.unwrap_or_else(|e| panic!("load failed: {e}")).doc, report)
}

fn schema<'d>(doc: &'d OpenAPI, name: &str) -> &'d Schema {
    match doc.components.as_ref().and_then(|c| c.schemas.get(name)) {
        Some(ReferenceOr::Item(s)) => s,
        other => panic!("no schema {name}: {other:?}"),
    }
}

fn property<'d>(s: &'d Schema, name: &str) -> &'d ReferenceOr<Box<Schema>> {
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) = &s.schema_kind else { panic!("object: {s:?}") };
    o.properties.get(name).unwrap_or_else(|| panic!("no property {name}: {:?}", o.properties.keys()))
}

const DATA_REFS: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    get:
      x-meta: { $ref: "https://example.com/meta" }
      parameters:
        - name: q
          in: query
          schema: { type: string }
          example: { $ref: "https://example.com/q" }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Doc" }
              example: { $ref: "missing.yaml" }
              examples:
                one:
                  value: { $ref: "missing.yaml#/nope" }
components:
  schemas:
    Doc:
      type: object
      default: { $ref: "https://example.com/default" }
      x-note: { $ref: "https://example.com/note" }
      properties:
        link:
          type: object
          example: { $ref: "other.yaml#/x" }
    Choice:
      enum: [{ $ref: "https://example.com/enum" }]
"##;

#[test]
fn ref_keys_inside_data_are_values_not_references() {
    let (doc, _) = load_ok(&[("openapi.yaml", DATA_REFS)]);
    let d = schema(&doc, "Doc");
    assert_eq!(d.schema_data.default, Some(json!({ "$ref": "https://example.com/default" })));
    assert_eq!(d.schema_data.extensions.get("x-note"), Some(&json!({ "$ref": "https://example.com/note" })));
    let ReferenceOr::Item(link) = property(d, "link") else { panic!("inline link") };
    assert_eq!(link.schema_data.example, Some(json!({ "$ref": "other.yaml#/x" })));
    let op = doc.paths.paths["/a"].as_item().and_then(|p| p.get.as_ref()).expect("get");
    assert_eq!(op.extensions.get("x-meta"), Some(&json!({ "$ref": "https://example.com/meta" })));
    let Some(ReferenceOr::Item(ok)) = op.responses.responses.get(&openapiv3::StatusCode::Code(200)) else {
        panic!("200")
    };
    let media = &ok.content["application/json"];
    assert_eq!(media.example, Some(json!({ "$ref": "missing.yaml" })));
    let Some(ReferenceOr::Item(one)) = media.examples.get("one") else { panic!("example one") };
    assert_eq!(one.value, Some(json!({ "$ref": "missing.yaml#/nope" })));
    let choice = serde_json::to_value(schema(&doc, "Choice")).expect("json");
    assert_eq!(choice["enum"], json!([{ "$ref": "https://example.com/enum" }]));
}

#[test]
fn property_named_like_a_data_keyword_is_still_bundled() {
    let root = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Holder:
      type: object
      properties:
        example: { $ref: "parts.yaml#/components/schemas/Part" }
        x-tra: { $ref: "parts.yaml#/components/schemas/Part" }
"##;
    let parts = "components:\n  schemas:\n    Part: { type: string }\n";
    let (doc, _) = load_ok(&[("openapi.yaml", root), ("parts.yaml", parts)]);
    let holder = schema(&doc, "Holder");
    for name in ["example", "x-tra"] {
        let ReferenceOr::Reference { reference } = property(holder, name) else { panic!("reference") };
        assert_eq!(reference, "#/components/schemas/Part");
    }
    assert!(matches!(schema(&doc, "Part").schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(_))));
}

#[test]
fn unresolved_reference_beside_data_is_still_an_error() {
    let root = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Holder:
      type: object
      example: { $ref: "missing.yaml#/a" }
      properties:
        part: { $ref: "missing.yaml#/components/schemas/Part" }
"##;
    let (loaded, _) = load_files(&[("openapi.yaml", root)]);
    let Err(crate::Error::Spec(problems)) = loaded else { panic!("expected a spec error") };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].location, "#/components/schemas/Holder/properties/part");
    assert!(problems[0].message.contains("does not exist"), "{}", problems[0].message);
}
