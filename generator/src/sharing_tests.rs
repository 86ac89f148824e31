//! Inline schemas and error sets that repeat one definition compile as
//! one type under every name (issue 24: Microsoft Graph's beta document
//! did not fit in memory with a copy per operation).

use crate::ir::{TypeDef, TypeRef};
use crate::spec_tests::{code, file, generate};

const SCHEMAS: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Color: { type: string, enum: [red, green] }
    Shade: { type: string, enum: [red, green] }
    Cat: { type: object, properties: { name: { type: string } } }
    Dog: { type: object, properties: { bark: { type: string } } }
    Paint:
      type: object
      properties:
        a: { type: string, enum: [red, green] }
        b: { type: string, enum: [red, green] }
        c: { type: string, enum: [red, green], description: another meaning }
        d: { type: string, enum: [green, red] }
        u: { anyOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }] }
        v: { anyOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }] }
"##;

fn alias_target(def: &TypeDef) -> Option<&str> {
    match def {
        TypeDef::Alias(a) => match &a.ty {
            TypeRef::Named(n) => Some(n),
            _ => None,
        },
        _ => None,
    }
}

#[test]
fn identical_inline_enums_and_unions_are_one_type_under_every_name() {
    let g = generate(SCHEMAS);
    let target = |name: &str| alias_target(&g.api.types[name]).map(str::to_string);
    assert_eq!(target("PaintB").as_deref(), Some("PaintA"));
    assert_eq!(target("PaintV").as_deref(), Some("PaintU"));
    // A different description, another order of values, or a component
    // (named by its author) is a type of its own.
    for own in ["PaintA", "PaintC", "PaintD", "PaintU", "Color", "Shade"] {
        assert_eq!(target(own), None, "{own} is shared");
    }
    // The second name is a type alias, with no impl of its own (a second
    // impl of a trait for the same type would not compile).
    for (module, name) in [("paint_b", "PaintB"), ("paint_v", "PaintV")] {
        let path = format!("src/models/{module}.rs");
        let parsed = syn::parse_file(file(&g, &path)).expect("parses");
        let aliases: Vec<String> = parsed
            .items
            .iter()
            .filter_map(|i| if let syn::Item::Type(t) = i { Some(t.ident.to_string()) } else { None })
            .collect();
        assert_eq!(aliases, [name]);
        assert!(code(&g, &path).impls.is_empty(), "{path} implements traits");
    }
    // Its docs list the values, as the first name's do.
    let docs = file(&g, "docs/PaintB.md");
    assert!(docs.lines().any(|l| l == "Red | red") && docs.lines().any(|l| l == "Green | green"), "{docs}");
    assert!(docs.contains("[`PaintA`](PaintA.md)"), "{docs}");
}

const ERRORS: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": { description: ok }
        "404": { description: none, content: { application/json: { schema: { $ref: "#/components/schemas/Problem" } } } }
  /b:
    get:
      operationId: getB
      responses:
        "200": { description: ok }
        "404": { description: gone, content: { application/json: { schema: { $ref: "#/components/schemas/Problem" } } } }
  /c:
    get:
      operationId: getC
      responses:
        "200": { description: ok }
        "409": { description: locked, content: { application/json: { schema: { $ref: "#/components/schemas/Problem" } } } }
components:
  schemas:
    Problem: { type: object, properties: { title: { type: string } } }
"##;

#[test]
fn operations_with_one_error_body_share_one_enum_and_a_lone_one_keeps_its_own() {
    let g = generate(ERRORS);
    assert!(!code(&g, "src/apis/errors.rs").derives("Errors404OfProblem").is_empty());
    let api = syn::parse_file(file(&g, "src/apis/default_api.rs")).expect("parses");
    let alias = |name: &str| {
        api.items.iter().find_map(|i| match i {
            syn::Item::Type(t) if t.ident == name => Some(quote::ToTokens::to_token_stream(&t.ty).to_string()),
            _ => None,
        })
    };
    assert_eq!(alias("GetAError").as_deref(), Some("super :: errors :: Errors404OfProblem"));
    assert_eq!(alias("GetBError").as_deref(), Some("super :: errors :: Errors404OfProblem"));
    assert_eq!(alias("GetCError"), None);
    assert!(!code(&g, "src/apis/default_api.rs").derives("GetCError").is_empty());
}

#[test]
fn ceasing_to_be_the_same_type_is_breaking_and_becoming_it_is_not() {
    use crate::diff::Impact;
    let shared = generate(SCHEMAS).api;
    let apart = generate(
        &SCHEMAS.replace("b: { type: string, enum: [red, green] }", "b: { type: string, enum: [red, green, blue] }"),
    )
    .api;
    let changes = |old, new| -> Vec<(Impact, String, String)> {
        let report = crate::diff::diff(old, new);
        report.changes.into_iter().filter(|c| c.item == "models::PaintB").map(|c| (c.impact, c.item, c.what)).collect()
    };
    assert_eq!(
        changes(&shared, &apart),
        [
            (Impact::Breaking, "models::PaintB".to_string(), "is no longer the same type as `PaintA`".to_string()),
            (Impact::Compatible, "models::PaintB".to_string(), "variant `Blue` added".to_string())
        ]
    );
    assert_eq!(
        changes(&apart, &shared),
        [
            (Impact::Breaking, "models::PaintB".to_string(), "variant `Blue` removed".to_string()),
            (Impact::Compatible, "models::PaintB".to_string(), "is now the same type as `PaintA`".to_string())
        ]
    );
}
