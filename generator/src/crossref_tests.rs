//! `$ref`s into another section of `components` than their slot needs:
//! followed where the target has the slot's shape, and reported; refused
//! by `strict`; refused naming both pointers where it has not.

use crate::ir::TypeRef;
use crate::report::Kind;
use crate::{Config, Error, Generated, SpecProblem};

fn generate(yaml: &str, strict: bool) -> Result<Generated, Error> {
    let mut config = Config::new("openapi.yaml");
    config.crate_name("t").strict(strict);
    config.generate_text(std::path::Path::new("specs/cross.yaml"), yaml)
}

fn problems(yaml: &str, strict: bool) -> Vec<SpecProblem> {
    match generate(yaml, strict) {
        Ok(_) => panic!("the document was accepted"),
        Err(Error::Spec(problems)) => problems,
        Err(other) => panic!("not a spec error: {other}"),
    }
}

const CROSS: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /pets:
    get:
      operationId: list_pets
      parameters:
        - $ref: "#/components/schemas/LimitParam"
      responses:
        "200": { $ref: "#/components/requestBodies/PetList" }
        "404": { $ref: "#/components/responses/Gone" }
    post:
      operationId: add_pet
      requestBody: { $ref: "#/components/responses/PetCreated" }
      responses:
        "201": { $ref: "#/components/responses/PetCreated" }
components:
  schemas:
    Pet:
      type: object
      properties:
        name: { type: string }
        kind: { $ref: "#/components/parameters/Kind" }
    LimitParam: { name: limit, in: query, schema: { type: integer } }
  parameters:
    Kind: { type: string, enum: [cat, dog] }
  requestBodies:
    PetList:
      description: the pets
      required: true
      content:
        application/json:
          schema: { type: array, items: { $ref: "#/components/schemas/Pet" } }
  responses:
    Gone: { $ref: "#/components/requestBodies/PetList" }
    PetCreated:
      description: one pet
      content:
        application/json:
          schema: { $ref: "#/components/schemas/Pet" }
"##;

#[test]
fn a_ref_into_another_section_is_followed_when_its_target_has_the_slots_shape() {
    let g = generate(CROSS, false).unwrap_or_else(|e| panic!("generation failed: {e}"));
    let ops = &g.api.groups[0].operations;
    let op = |id: &str| ops.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("no `{id}`"));
    let list = op("list_pets");
    let ok = list.responses.iter().find(|r| r.status.is_success()).expect("a 2xx response");
    assert_eq!(ok.ty, TypeRef::Vec(Box::new(TypeRef::Named("Pet".into()))), "{ok:?}");
    assert_eq!(list.responses.len(), 2, "the 404 through a component that is itself such a reference");
    assert!(list.params.iter().any(|p| p.name == "limit"), "a parameter kept under `schemas`");
    let add = op("add_pet");
    let body = add.body.as_ref().expect("a request body read from a response");
    assert_eq!(body.ty, TypeRef::Named("Pet".into()));
    let reported: Vec<_> =
        g.report.sorted().into_iter().filter(|i| i.kind == Kind::Deviation).map(|i| i.pointer).collect();
    assert_eq!(
        reported,
        [
            "#/components/parameters/Kind",
            "#/components/responses/Gone",
            "#/components/schemas/LimitParam",
            "#/components/schemas/Pet/properties/kind",
            "#/paths/~1pets/get/parameters/0",
            "#/paths/~1pets/get/responses/200",
            "#/paths/~1pets/post/requestBody",
        ],
    );
}

#[test]
fn a_schema_kept_under_parameters_is_a_named_type() {
    let g = generate(CROSS, false).unwrap_or_else(|e| panic!("generation failed: {e}"));
    assert!(g.api.types.contains_key("Kind"), "the enum `Kind` is defined");
}

#[test]
fn the_strict_option_refuses_each_ref_into_another_section() {
    let found = problems(CROSS, true);
    assert_eq!(found.len(), 7, "{found:?}");
    let at = found.iter().find(|p| p.location == "#/paths/~1pets/get/responses/200").expect("the 200");
    assert!(
        at.message.contains("`#/components/requestBodies/PetList`") && at.message.contains("strict"),
        "{}",
        at.message
    );
}

#[test]
fn a_target_without_the_slots_shape_is_refused_naming_both_pointers() {
    let yaml = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    get:
      parameters:
        - $ref: "#/components/headers/Trace"
      responses:
        "200": { $ref: "#/components/parameters/Q" }
components:
  headers:
    Trace: { schema: { type: string } }
  parameters:
    Q: { name: q, in: query, schema: { type: string } }
"##;
    let found = problems(yaml, false);
    let locations: Vec<_> = found.iter().map(|p| p.location.as_str()).collect();
    assert_eq!(locations, ["#/paths/~1a/get/parameters/0", "#/paths/~1a/get/responses/200"], "{found:?}");
    assert!(found[0].message.contains("`#/components/headers/Trace`") && found[0].message.contains("parameter"));
    assert!(found[1].message.contains("`#/components/parameters/Q`") && found[1].message.contains("response"));
    assert!(found.iter().all(|p| p.file == std::path::Path::new("specs/cross.yaml")));
}
