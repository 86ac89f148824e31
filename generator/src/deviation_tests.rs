//! Documents that break a rule of the specification in a way other tools
//! tolerate: read as meant and reported as deviations, or refused with
//! the `strict` option, naming the file and the JSON pointer.

use crate::ir::{TypeDef, TypeRef};
use crate::report::{Item, Kind};
use crate::{Config, Error, Generated, SpecProblem};

fn config(strict: bool) -> Config {
    let mut config = Config::new("openapi.yaml");
    config.crate_name("t").strict(strict);
    config
}

/// Generates from `yaml` (named `specs/dev.yaml`) without the `strict` option.
fn lenient(yaml: &str) -> Generated {
    config(false)
        .generate_text(std::path::Path::new("specs/dev.yaml"), yaml)
        .unwrap_or_else(|e| panic!("generation failed: {e}"))
}

/// The problems of generating from `yaml` with the `strict` option; each
/// must name the file.
fn strict(yaml: &str) -> Vec<SpecProblem> {
    match config(true).generate_text(std::path::Path::new("specs/dev.yaml"), yaml) {
        Ok(_) => panic!("the strict option accepted the document"),
        Err(Error::Spec(problems)) => {
            assert!(problems.iter().all(|p| p.file == std::path::Path::new("specs/dev.yaml")), "{problems:?}");
            problems
        }
        Err(other) => panic!("not a spec error: {other}"),
    }
}

/// The message of the problem the `strict` option reports at `pointer`.
fn refused_at(yaml: &str, pointer: &str) -> String {
    let problems = strict(yaml);
    let found = problems.iter().find(|p| p.location == pointer);
    found.unwrap_or_else(|| panic!("no problem at `{pointer}`: {problems:?}")).message.clone()
}

fn deviations(g: &Generated) -> Vec<Item> {
    g.report.sorted().into_iter().filter(|i| i.kind == Kind::Deviation).collect()
}

const REQUIRED_WORDS: &str = r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    get:
      operationId: get_a
      parameters:
        - { name: q, in: query, required: "optional", schema: { type: string } }
        - { name: h, in: header, required: "yes", schema: { type: string } }
      responses:
        "200": { description: ok }
"#;

#[test]
fn a_required_word_is_read_as_a_boolean_and_reported() {
    let g = lenient(REQUIRED_WORDS);
    let params = &g.api.groups[0].operations[0].params;
    let required = |name: &str| params.iter().find(|p| p.name == name).expect("param").required;
    assert!(!required("q") && required("h"), "{params:?}");
    let found = deviations(&g);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].pointer, "#/paths/~1a/get/parameters/0/required");
    assert!(found[0].reason.contains("\"optional\""), "{}", found[0].reason);
}

#[test]
fn the_strict_option_refuses_a_required_word_naming_file_and_pointer() {
    let m = refused_at(REQUIRED_WORDS, "#/paths/~1a/get/parameters/0/required");
    assert!(m.starts_with("`required` is the string") && m.contains("strict"), "{m}");
    refused_at(REQUIRED_WORDS, "#/paths/~1a/get/parameters/1/required");
    assert_eq!(strict(REQUIRED_WORDS).len(), 2, "every deviation is listed, once");
}

const NO_VERSION: &str = "openapi: 3.0.3\ninfo: { title: t }\npaths: {}\n";

#[test]
fn info_without_version_reads_as_unspecified() {
    let g = lenient(NO_VERSION);
    assert_eq!(g.api.version, crate::load::UNSPECIFIED_VERSION);
    assert_eq!(deviations(&g)[0].pointer, "#/info");
    assert!(refused_at(NO_VERSION, "#/info").starts_with("missing `version`"));
}

#[test]
fn missing_info_takes_the_title_from_the_file_name() {
    let g = lenient("openapi: 3.0.3\npaths: {}\n");
    assert_eq!(g.api.title, "dev");
    assert_eq!(deviations(&g).len(), 1);
}

const BOOLEAN_SCHEMAS: &str = r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Holder:
      type: object
      additionalProperties: true
      properties:
        anything: true
        nothing: false
        list: { type: array, items: true }
"#;

#[test]
fn boolean_schemas_in_3_0_read_as_any_value() {
    let g = lenient(BOOLEAN_SCHEMAS);
    let Some(TypeDef::Struct(s)) = g.api.types.get("Holder") else { panic!("{:?}", g.api.types) };
    let field = |name: &str| s.fields.iter().find(|f| f.name == name).expect("field").ty.clone();
    assert_eq!(field("anything"), TypeRef::Any);
    assert_eq!(field("nothing"), TypeRef::Any);
    assert_eq!(field("list"), TypeRef::Vec(Box::new(TypeRef::Any)));
    let pointers: Vec<String> = deviations(&g).into_iter().map(|i| i.pointer).collect();
    // `additionalProperties: true` is 3.0 and no deviation.
    assert_eq!(
        pointers,
        [
            "#/components/schemas/Holder/properties/anything",
            "#/components/schemas/Holder/properties/list/items",
            "#/components/schemas/Holder/properties/nothing",
        ]
    );
    assert!(refused_at(BOOLEAN_SCHEMAS, "#/components/schemas/Holder/properties/nothing").starts_with("boolean schema"));
}

#[test]
fn boolean_schemas_are_valid_3_1_and_only_lowered() {
    let yaml = BOOLEAN_SCHEMAS.replace("3.0.3", "3.1.0");
    let g = config(true).generate_text(std::path::Path::new("dev.yaml"), &yaml).expect("strict accepts valid 3.1");
    assert!(deviations(&g).is_empty());
    assert!(g.report.items.iter().any(|i| i.kind == Kind::LoweredConstruct && i.reason.contains("boolean schema")));
}

const COMPONENTS_ONLY: &str = r#"
openapi: 3.1.0
info: { title: t, version: "1" }
webhooks:
  ping:
    post:
      responses:
        "200": { description: ok }
components:
  schemas:
    Pet: { type: object, properties: { name: { type: string } } }
"#;

#[test]
fn a_3_1_document_without_paths_generates_models_only() {
    let g = config(true).generate_text(std::path::Path::new("dev.yaml"), COMPONENTS_ONLY).expect("valid 3.1");
    assert!(g.api.groups.is_empty());
    assert!(g.api.types.contains_key("Pet"));
    assert!(g.files.keys().any(|f| f.starts_with("src/models")), "{:?}", g.files.keys());
    assert!(deviations(&g).is_empty(), "paths are optional in 3.1");
}

#[test]
fn a_3_0_document_without_paths_is_a_deviation() {
    let yaml = COMPONENTS_ONLY
        .replace("3.1.0", "3.0.3")
        .replace("webhooks:\n  ping:\n    post:\n      responses:\n        \"200\": { description: ok }\n", "");
    let g = lenient(&yaml);
    assert!(g.api.groups.is_empty() && g.api.types.contains_key("Pet"));
    assert_eq!(deviations(&g)[0].reason, "missing `paths`, which openapi 3.0 requires; read as no operations");
    assert!(refused_at(&yaml, "#").starts_with("missing `paths`"));
}

const MUTUAL_TLS: &str = r#"
openapi: 3.1.0
info: { title: t, version: "1" }
security:
  - { mtls: [], key: [] }
paths:
  /a:
    get:
      operationId: get_a
      responses:
        "200": { description: ok }
components:
  securitySchemes:
    mtls: { type: mutualTLS }
    key: { type: apiKey, in: header, name: X-Key }
"#;

#[test]
fn mutual_tls_is_dropped_and_the_rest_of_the_requirement_kept() {
    let g = config(true).generate_text(std::path::Path::new("dev.yaml"), MUTUAL_TLS).expect("valid 3.1");
    assert_eq!(g.api.security_schemes.keys().collect::<Vec<_>>(), ["key"]);
    assert_eq!(g.api.groups[0].operations[0].security, [vec!["key".to_string()]]);
    let dropped: Vec<&Item> = g.report.items.iter().filter(|i| i.kind == Kind::DroppedSecurityScheme).collect();
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert_eq!(dropped[0].pointer, "#/components/securitySchemes/mtls");
}

#[test]
fn mutual_tls_in_3_0_is_a_deviation() {
    let yaml = MUTUAL_TLS.replace("3.1.0", "3.0.3");
    assert_eq!(deviations(&lenient(&yaml))[0].pointer, "#/components/securitySchemes/mtls");
    assert!(refused_at(&yaml, "#/components/securitySchemes/mtls").starts_with("`mutualTLS`"));
}

#[test]
fn a_version_written_as_a_number_reads_as_that_version() {
    let yaml = "openapi: 3.0\ninfo: { title: t, version: \"1\" }\npaths: {}\n";
    assert_eq!(deviations(&lenient(yaml))[0].pointer, "#/openapi");
    assert!(refused_at(yaml, "#/openapi").starts_with("the version is the number 3.0"));
}

#[test]
fn what_no_reading_makes_sense_of_stays_an_error_without_strict() {
    let dup = "openapi: 3.0.3\ninfo: { title: t, version: \"1\" }\npaths: {}\npaths: {}\n";
    let e = config(false).generate_text(std::path::Path::new("dup.yaml"), dup).expect_err("duplicate key");
    let Error::Spec(problems) = &e else { panic!("not a spec error: {e}") };
    assert!(problems[0].file.ends_with("dup.yaml") && problems[0].location.starts_with("line "), "{e}");
    let missing = "openapi: 3.0.3\ninfo: { title: t, version: \"1\" }\npaths: {}\ncomponents:\n  schemas:\n    A: { $ref: '#/components/schemas/B' }\n";
    let e = config(false).generate_text(std::path::Path::new("ref.yaml"), missing).expect_err("missing $ref");
    let Error::Spec(problems) = &e else { panic!("not a spec error: {e}") };
    assert!(problems.iter().any(|p| p.file.ends_with("ref.yaml") && p.location == "#/components/schemas/A"), "{e}");
}
