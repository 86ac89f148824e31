//! The change report on two small versions of one document: each kind of
//! change lands in the class its effect on the generated Rust API calls for,
//! and what does not touch that API (descriptions) is not reported.

use std::path::Path;

use generator::diff::{diff, Change, ChangeReport, Impact};

const OLD: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      description: the old words
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: array, items: { $ref: "#/components/schemas/Pet" } }
        "404": { description: none }
        "409": { description: conflict }
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Pet" }
    delete:
      operationId: deletePet
      tags: [pets]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "204": { description: gone }
components:
  schemas:
    Pet:
      type: object
      description: a pet
      required: [name, label]
      properties:
        name: { type: string }
        label: { type: string, nullable: true }
        age: { type: integer }
        tag: { type: string }
        color: { type: string }
        status: { $ref: "#/components/schemas/Status" }
    Status:
      type: string
      enum: [AVAILABLE, SOLD, LOST]
    Old:
      type: object
      properties:
        x: { type: string }
"##;

/// `OLD` with one change of each kind.
const NEW: &str = r##"
openapi: 3.0.3
info: { title: t, version: "2" }
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      description: new words, same API
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: array, items: { $ref: "#/components/schemas/Pet" } }
        "404": { description: none }
        "429": { description: slow down }
  /pets/{id}:
    get:
      operationId: fetchPet
      tags: [pets]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Pet" }
  /owners:
    get:
      operationId: listOwners
      tags: [pets]
      responses:
        "200": { description: ok }
components:
  schemas:
    Pet:
      type: object
      description: a pet, described again
      required: [name, color, owner]
      properties:
        name: { type: string }
        label: { type: string }
        age: { type: number }
        color: { type: string }
        owner: { type: string }
        nickname: { type: string }
        status: { $ref: "#/components/schemas/Status" }
    Status:
      type: string
      enum: [AVAILABLE, SOLD, ADOPTED]
    New:
      type: object
      properties:
        y: { type: string }
"##;

fn api(text: &str) -> generator::ir::Api {
    generator::Config::new("openapi.yaml")
        .crate_name("t")
        .generate_text(Path::new("openapi.yaml"), text)
        .unwrap_or_else(|e| panic!("{e}"))
        .api
}

fn has(report: &ChangeReport, impact: Impact, item: &str, what: &str) -> bool {
    report.changes.iter().any(|c| c.impact == impact && c.item == item && c.what.contains(what))
}

#[test]
fn identical_documents_have_no_changes() {
    assert_eq!(diff(&api(OLD), &api(OLD)).changes, Vec::<Change>::new());
}

#[test]
fn each_change_gets_its_class() {
    let report = diff(&api(OLD), &api(NEW));
    let expected = [
        (Impact::Breaking, "PetsApi::delete_pet", "removed (`DELETE /pets/{id}`)"),
        (Impact::Breaking, "PetsApi::get_pet", "renamed to `PetsApi::fetch_pet`"),
        (Impact::Compatible, "PetsApi::list_pets", "setter `limit(i64)` added"),
        (Impact::Breaking, "PetsApi::list_pets (`ListPetsError`)", "variant `Status409` removed"),
        (Impact::Literals, "PetsApi::list_pets (`ListPetsError`)", "variant `Status429` added"),
        (Impact::Compatible, "PetsApi::list_owners", "added (`GET /owners`)"),
        (Impact::Breaking, "models::Old", "removed"),
        (Impact::Compatible, "models::New", "added"),
        (Impact::Breaking, "models::Pet", "field `tag` removed"),
        (Impact::Breaking, "models::Pet", "field `age` is `Option<f64>` instead of `Option<i64>`"),
        (Impact::Breaking, "models::Pet", "field `color` is `String` instead of `Option<String>`"),
        (Impact::Breaking, "models::Pet", "required field `owner: String` added"),
        (Impact::Breaking, "models::Pet", "field `label` is no longer an argument of `new`"),
        (Impact::Compatible, "models::Pet", "optional field `nickname: Option<String>` added"),
        (Impact::Breaking, "models::Status", "variant `Lost` removed"),
        (Impact::Compatible, "models::Status", "variant `Adopted` added"),
    ];
    for (impact, item, what) in expected {
        assert!(has(&report, impact, item, what), "missing {impact:?} {item}: {what}\nreport: {report:#?}");
    }
    // Nothing else: descriptions and the version changed too, but no Rust
    // signature depends on them.
    assert_eq!(report.changes.len(), expected.len(), "{report:#?}");
    assert_eq!(report.summary(), "10 breaking, 1 breaks literals and matches, 5 compatible");
}

#[test]
fn reports_are_deterministic_and_sorted() {
    let a = diff(&api(OLD), &api(NEW));
    let b = diff(&api(OLD), &api(NEW));
    assert_eq!(a, b);
    let mut sorted = a.changes.clone();
    sorted.sort();
    assert_eq!(a.changes, sorted);
}
