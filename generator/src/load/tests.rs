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
    let loaded = super::load(&dir.path().join(files[0].0), super::Leniency::Lenient, &mut report);
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

const BIG_NUMBERS: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Big:
      type: object
      properties:
        count:
          type: integer
          minimum: -99999999999999999999
          maximum: 18446744073709552000
          default: 18446744073709551615
          example: 123456789012345678901234567890
        name: { type: string, maxLength: 99999999999999999999 }
        ratio: { type: number, maximum: 18446744073709552000 }
"##;

#[test]
fn numbers_beyond_64_bits_load_as_floats_and_are_reported() {
    let (doc, report) = load_ok(&[("openapi.yaml", BIG_NUMBERS)]);
    let big = schema(&doc, "Big");
    let ReferenceOr::Item(count) = property(big, "count") else { panic!("inline count") };
    let openapiv3::SchemaKind::Any(any) = &count.schema_kind else { panic!("any schema: {count:?}") };
    assert_eq!(any.typ.as_deref(), Some("integer"));
    assert_eq!(any.maximum, Some(18446744073709552000.0));
    assert_eq!(any.minimum, Some(-99999999999999999999.0));
    assert_eq!(count.schema_data.example, Some(json!(123456789012345678901234567890.0)));
    let ReferenceOr::Item(name) = property(big, "name") else { panic!("inline name") };
    let openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) = &name.schema_kind else { panic!("string") };
    assert_eq!(s.max_length, None);
    let mut pointers: Vec<&str> = report.items.iter().map(|i| i.pointer.as_str()).collect();
    pointers.sort();
    let at = "#/components/schemas/Big/properties";
    assert_eq!(
        pointers,
        [
            format!("{at}/count/default"),
            format!("{at}/count/maximum"),
            format!("{at}/count/minimum"),
            format!("{at}/name/maxLength"),
        ]
    );
}

#[test]
fn numbers_beyond_64_bits_in_json_load_too() {
    let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"Big": {"type": "object", "properties": {
            "count": {"type": "integer", "maximum": 18446744073709552000, "minimum": -99999999999999999999},
            "name": {"type": "string", "minLength": 99999999999999999999}}}}}}"#;
    let (doc, report) = load_ok(&[("openapi.json", text)]);
    assert!(matches!(schema(&doc, "Big").schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::Object(_))));
    let mut pointers: Vec<&str> = report.items.iter().map(|i| i.pointer.as_str()).collect();
    pointers.sort();
    let at = "#/components/schemas/Big/properties";
    assert_eq!(
        pointers,
        [format!("{at}/count/maximum"), format!("{at}/count/minimum"), format!("{at}/name/minLength")]
    );
}

#[test]
fn integer_with_bounds_beyond_64_bits_is_still_i64() {
    let g = crate::spec_tests::generate(BIG_NUMBERS);
    let Some(crate::ir::TypeDef::Struct(big)) = g.api.types.get("Big") else { panic!("struct Big") };
    assert_eq!(big.fields[0].ty, crate::ir::TypeRef::I64);
    assert_eq!(big.fields[2].ty, crate::ir::TypeRef::F64);
}

#[test]
fn yaml_integers_beyond_64_bits_parse_as_floats() {
    let text = "a: 18446744073709552000\nb: -99999999999999999999\nc: 18446744073709551615\n200: !tagged x\n";
    let value = super::parse_text(std::path::Path::new("a.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        value,
        json!({ "a": 18446744073709552000.0, "b": -99999999999999999999.0, "c": 18446744073709551615u64, "200": "x" })
    );
    let dup = super::parse_text(std::path::Path::new("a.yaml"), "a: 1\na: 2\n").expect_err("duplicate key");
    assert!(dup.to_string().contains("duplicate entry with key \"a\""), "{dup}");
}

const KEYWORD_NAMES_31: &str = r##"
openapi: 3.1.0
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Node:
      type: object
      required: [const]
      properties:
        const: { type: string }
        type: { type: [string, "null"] }
        examples: { type: integer }
        kind: { const: leaf }
      examples:
        - { const: 1, type: [a, "null"] }
      default: { const: x, type: [a, "null"], examples: [1, 2] }
      x-meta: { const: y, type: "null" }
"##;

#[test]
fn lowering_31_rewrites_keywords_only_where_a_schema_stands() {
    let (doc, report) = load_ok(&[("openapi.yaml", KEYWORD_NAMES_31)]);
    let node = schema(&doc, "Node");
    let ReferenceOr::Item(c) = property(node, "const") else { panic!("inline const") };
    assert!(matches!(c.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(_))), "{c:?}");
    let ReferenceOr::Item(t) = property(node, "type") else { panic!("inline type") };
    assert!(t.schema_data.nullable && matches!(t.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(_))));
    let ReferenceOr::Item(e) = property(node, "examples") else { panic!("inline examples") };
    assert!(matches!(e.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::Integer(_))), "{e:?}");
    let ReferenceOr::Item(kind) = property(node, "kind") else { panic!("inline kind") };
    let openapiv3::SchemaKind::Any(k) = &kind.schema_kind else { panic!("{kind:?}") };
    assert_eq!(k.enumeration, [json!("leaf")]);
    assert_eq!(node.schema_data.example, Some(json!({ "const": 1, "type": ["a", "null"] })));
    assert_eq!(node.schema_data.default, Some(json!({ "const": "x", "type": ["a", "null"], "examples": [1, 2] })));
    assert_eq!(node.schema_data.extensions.get("x-meta"), Some(&json!({ "const": "y", "type": "null" })));
    let mut lowered: Vec<&str> = report.items.iter().map(|i| i.pointer.as_str()).collect();
    lowered.sort();
    let at = "#/components/schemas/Node/properties";
    assert_eq!(lowered, [format!("{at}/kind/const"), format!("{at}/type/type")]);
}
