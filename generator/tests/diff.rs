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
        (Impact::Compatible, "PetsApi::list_pets (`ListPetsError`)", "variant `Status429` added"),
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
    assert_eq!(report.summary(), "10 breaking, 0 wire, 6 compatible");
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

#[test]
fn the_bump_follows_the_most_severe_change_and_the_0_x_convention() {
    use generator::diff::Bump;
    assert_eq!(diff(&api(OLD), &api(NEW)).bump(), Bump::Major);
    assert_eq!(diff(&api(OLD), &api(OLD)).bump(), Bump::Patch);
    // Only an operation added: a minor bump.
    let added = OLD.replace("components:", "  /extra:\n    get:\n      operationId: extra\n      responses:\n        \"204\": { description: ok }\ncomponents:");
    assert_eq!(diff(&api(OLD), &api(&added)).bump(), Bump::Minor);
    assert_eq!(Bump::Major.apply("1.4.2").as_deref(), Some("2.0.0"));
    assert_eq!(Bump::Minor.apply("1.4.2").as_deref(), Some("1.5.0"));
    assert_eq!(Bump::Patch.apply("1.4.2").as_deref(), Some("1.4.3"));
    // Below 1.0, cargo reads the minor part as the breaking one.
    assert_eq!(Bump::Major.apply("0.4.2").as_deref(), Some("0.5.0"));
    assert_eq!(Bump::Minor.apply("0.4.2").as_deref(), Some("0.4.3"));
    assert_eq!(Bump::Patch.apply("0.4.2-rc.1").as_deref(), Some("0.4.3"));
    assert_eq!(Bump::Patch.apply("one"), None);
}

const WIRE_OLD: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
servers: [{ url: "https://a.example" }]
security: [{ key: [] }]
paths:
  /things:
    post:
      operationId: makeThing
      tags: [things]
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, properties: { a: { type: string } } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: object, properties: { a: { type: string } } }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
    old: { type: http, scheme: bearer }
"##;

#[test]
fn wire_changes_and_credential_setters_are_reported() {
    let new = WIRE_OLD
        .replace("https://a.example", "https://b.example")
        .replace("in: header, name: X-Key", "in: query, name: key")
        .replace("    old: { type: http, scheme: bearer }\n", "    token: { type: http, scheme: bearer }\n")
        .replace("        content:\n          application/json:\n            schema: { type: object, properties: { a: { type: string } } }\n      responses", "        content:\n          application/merge-patch+json:\n            schema: { type: object, properties: { a: { type: string } } }\n      responses");
    let report = diff(&api(WIRE_OLD), &api(&new));
    let expected = [
        (Impact::Wire, "API", "servers `https://a.example` are now `https://b.example`"),
        (Impact::Wire, "ClientBuilder::key", "sent as api key in query `key` instead of api key in header `X-Key`"),
        (Impact::Breaking, "ClientBuilder::old", "scheme `old` removed"),
        (Impact::Compatible, "ClientBuilder::token", "scheme `token` added (bearer token)"),
        (
            Impact::Wire,
            "ThingsApi::make_thing",
            "request media type `application/json` is now `application/merge-patch+json`",
        ),
    ];
    for (impact, item, what) in expected {
        assert!(has(&report, impact, item, what), "missing {impact:?} {item}: {what}\nreport: {report:#?}");
    }
    assert_eq!(report.changes.len(), expected.len(), "{report:#?}");
}

#[test]
fn the_markdown_report_is_a_changelog_section_with_one_list_per_impact() {
    let md = diff(&api(OLD), &api(NEW)).render(generator::diff::Format::Markdown, "2 (from 1)");
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "## 2 (from 1)");
    assert_eq!(lines[2], "10 breaking, 0 wire, 6 compatible; a major bump.");
    let headings: Vec<&str> = lines.iter().filter(|l| l.starts_with("### ")).copied().collect();
    assert_eq!(headings, ["### Breaking", "### Compatible"]);
    let items = lines.iter().filter(|l| l.starts_with("- `")).count();
    assert_eq!(items, 16);
}
