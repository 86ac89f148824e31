//! Issue 3, schema constructs: one test per construct of `specs/schemas.yaml`,
//! run against its committed crate (`generated/schemas`). Each test pins
//! the Rust shape (struct literals and signatures fail to compile when the
//! generator changes them) and the JSON behaviour both ways.

use std::collections::BTreeMap;

use generator::report::Kind;
use schemas::models::{
    Blob, Branches, ClosedBag, Collide, Collide2, Constant, Counts, Defaults, DefaultsMode, Edit, File, Folder,
    FreeForm, Grid, LabelledCounts, LayerMap, Layers, Lights, LightsBack, LightsFar, LightsFront, LightsNear, Matrix,
    Named, Network, NetworkSubnetsInner, Nickname, OddValues, OpenBag, Pet, PetStatus, Priority, SubnetsItem, Tree,
    TreeNode, Type, UsesConstant, UsesConstantKind,
};
use serde_json::{json, Value};

const ID: &str = "5f0c2a64-1c3e-4b9e-8d1a-2b7f6e9c0d11";

fn id() -> uuid::Uuid {
    uuid::Uuid::parse_str(ID).unwrap()
}

fn decode<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, String> {
    serde_json::from_value(v).map_err(|e| e.to_string())
}

fn encode<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// The generated file `models/{module}.rs`.
fn model_file(module: &str) -> std::path::PathBuf {
    tests::workspace_root().join(format!("generated/schemas/src/models/{module}.rs"))
}

/// The doc lines of the field `field` of the model `item` in the generated
/// file `models/{module}.rs`, read from the parsed file.
fn field_docs(module: &str, item: &str, field: &str) -> Vec<String> {
    tests::docs_of(&model_file(module), item, Some(field))
}

#[test]
fn all_of_merges_a_ref_and_inline_parts_into_one_struct() {
    // `Named` = `Base` ($ref) + an inline part adding `name`.
    let named = Named::new(id(), "rex".into());
    assert_eq!(encode(&named), json!({ "id": ID, "name": "rex" }));
    let back: Named = decode(json!({ "id": ID, "name": "rex", "created_at": "2024-01-02T03:04:05Z" })).unwrap();
    assert_eq!(back.created_at.unwrap().to_rfc3339(), "2024-01-02T03:04:05+00:00");
    // `required` of both parts is honoured.
    assert!(decode::<Named>(json!({ "id": ID })).unwrap_err().contains("name"));
    assert!(decode::<Named>(json!({ "name": "rex" })).unwrap_err().contains("id"));
}

#[test]
fn nested_all_of_takes_every_level() {
    // `Pet` = `Named` (itself `Base` + inline) + inline: fields of all three
    // levels, in spec order, with every level's `required`.
    let pet = Pet::new(id(), "rex".into(), PetStatus::Sold);
    assert_eq!(
        tests::shape_of(&model_file("pet"), "Pet").0,
        ["id", "created_at", "name", "nickname", "status", "password"]
    );
    assert_eq!(encode(&pet), json!({ "id": ID, "name": "rex", "status": "SOLD" }));
    let _: fn(uuid::Uuid, String, PetStatus) -> Pet = Pet::new;
    assert!(decode::<Pet>(json!({ "name": "rex", "status": "SOLD" })).unwrap_err().contains("id"));
}

#[test]
fn nullable_inside_all_of_distinguishes_absent_null_and_value() {
    let base = json!({ "id": ID, "name": "rex", "status": "SOLD" });
    let with = |v: Value| {
        let mut o = base.clone();
        o["nickname"] = v;
        o
    };
    let absent: Pet = decode(base.clone()).unwrap();
    assert_eq!(absent.nickname, None);
    let null: Pet = decode(with(Value::Null)).unwrap();
    assert_eq!(null.nickname, Some(None));
    let set: Pet = decode(with(json!({ "value": "Rexy" }))).unwrap();
    assert_eq!(set.nickname, Some(Some(Nickname::new("Rexy".into()))));
    // Each state survives the trip back.
    assert_eq!(encode(&absent), base);
    assert_eq!(encode(&null), with(Value::Null));
    assert_eq!(encode(&set), with(json!({ "value": "Rexy" })));
}

#[test]
fn required_enum_with_a_default_decodes_when_the_server_omits_it() {
    // `status` is required and `PetStatus` has `default: AVAILABLE`.
    let pet: Pet = decode(json!({ "id": ID, "name": "rex" })).unwrap();
    assert_eq!(pet.status, PetStatus::Available);
    assert_eq!(PetStatus::default(), PetStatus::Available);
    // A value that is sent wins, and it is always serialized.
    let pet: Pet = decode(json!({ "id": ID, "name": "rex", "status": "SOLD" })).unwrap();
    assert_eq!(pet.status, PetStatus::Sold);
    assert_eq!(encode(&pet)["status"], "SOLD");
}

#[test]
fn defaults_of_required_and_optional_fields() {
    // Required with a default: filled in from the spec when absent, the
    // enum one (`mode: SAFE`) differing from the enum's first value.
    let d: Defaults = decode(json!({})).unwrap();
    assert_eq!(d.mode, DefaultsMode::Safe);
    assert_eq!(d.limit, 20);
    // Optional with a default: left to the server, so absent stays `None`
    // and is not sent.
    assert_eq!((d.retries, d.ratio, d.label.as_deref(), d.enabled), (None, None, None, None));
    assert_eq!(encode(&d), json!({ "mode": "SAFE", "limit": 20 }));
    let d: Defaults = decode(json!({ "mode": "FAST", "limit": 5, "retries": 1 })).unwrap();
    assert_eq!((d.mode, d.limit, d.retries), (DefaultsMode::Fast, 5, Some(1)));
    // The documented default is in the field's docs.
    for (field, d) in [
        ("retries", "Default: `3`."),
        ("ratio", "Default: `0.5`."),
        ("label", "Default: `\"none\"`."),
        ("enabled", "Default: `true`."),
    ] {
        let docs = field_docs("defaults", "Defaults", field);
        assert!(docs.iter().any(|l| l == d), "`{d}` missing from the docs of `Defaults::{field}`: {docs:?}");
    }
}

#[test]
fn read_only_stays_typed_and_write_only_becomes_optional() {
    // `password` is required but write-only: responses leave it out, so it
    // is optional; `created_at` is read-only and documented as such.
    let pet: Pet = decode(json!({ "id": ID, "name": "rex", "status": "SOLD" })).unwrap();
    assert_eq!(pet.password, None);
    let mut request = Pet::new(id(), "rex".into(), PetStatus::Sold);
    request.password = Some("hunter2".into());
    assert_eq!(encode(&request)["password"], "hunter2");
    assert!(field_docs("pet", "Pet", "password").iter().any(|l| l == "Sent to the server only (write-only)."));
    assert!(field_docs("base", "Base", "created_at").iter().any(|l| l == "Set by the server (read-only)."));
    assert!(!field_docs("pet", "Pet", "name").iter().any(|l| l.contains("-only")), "only marked fields say so");
}

#[test]
fn additional_properties_true_keeps_unknown_properties() {
    let input = json!({ "known": "k", "x": 1, "y": [true, null] });
    let bag: OpenBag = decode(input.clone()).unwrap();
    assert_eq!(bag.known.as_deref(), Some("k"));
    assert_eq!(bag.additional_properties.get("x"), Some(&json!(1)));
    assert_eq!(bag.additional_properties.len(), 2);
    assert_eq!(encode(&bag), input);
}

#[test]
fn additional_properties_false_has_no_extra_map_and_ignores_strangers() {
    // No `additional_properties` field.
    assert_eq!(tests::shape_of(&model_file("closed_bag"), "ClosedBag").0, ["known"]);
    let bag = ClosedBag::new().with_known("k".into());
    assert_eq!(encode(&bag), json!({ "known": "k" }));
    // Unknown properties from a newer server are dropped, not refused, so
    // additive API changes do not break old clients.
    let back: ClosedBag = decode(json!({ "known": "k", "added_later": 1 })).unwrap();
    assert_eq!(back, bag);
}

#[test]
fn typed_additional_properties_are_checked() {
    let counts: Counts = decode(json!({ "a": 1, "b": 9_000_000_000_i64 })).unwrap();
    let expected: BTreeMap<String, i64> = [("a".to_string(), 1), ("b".to_string(), 9_000_000_000)].into();
    assert_eq!(counts, expected);
    assert!(decode::<Counts>(json!({ "a": "one" })).is_err());

    let lc: LabelledCounts = decode(json!({ "label": "l", "a": 2 })).unwrap();
    assert_eq!(lc.label.as_deref(), Some("l"));
    assert_eq!(lc.additional_properties, BTreeMap::from([("a".to_string(), 2_i64)]));
    assert!(decode::<LabelledCounts>(json!({ "label": "l", "a": "two" })).is_err());
}

/// What the generator reports of `specs/schemas.yaml`: `(kind, pointer)`,
/// sorted.
fn reported() -> Vec<(Kind, String)> {
    let (_, report, _) =
        generator::Config::new(tests::workspace_root().join("specs/schemas.yaml")).check().expect("check");
    let mut items: Vec<(Kind, String)> = report.items.into_iter().map(|i| (i.kind, i.pointer)).collect();
    items.sort_unstable();
    items
}

/// The pointers reported with `kind`.
fn reported_as(kind: Kind) -> Vec<String> {
    reported().into_iter().filter(|(k, _)| *k == kind).map(|(_, p)| p).collect()
}

#[test]
fn free_form_object_is_a_map_of_values_and_is_reported() {
    let v: FreeForm = decode(json!({ "anything": { "nested": [1, "two"] } })).unwrap();
    assert_eq!(v["anything"]["nested"][1], "two");
    assert_eq!(
        reported_as(Kind::UntypedValue),
        [
            "#/components/schemas/Edit/allOf/0/required/1",
            "#/components/schemas/FreeForm",
            "#/components/schemas/OpenBag/additionalProperties",
        ]
    );
    // The others are those of the recursive aliases, checked below.
    assert_eq!(reported().len(), 7, "nothing else in schemas.yaml is simplified: {:?}", reported());
}

#[test]
fn aliases_recursive_through_lists_and_maps_are_newtypes_that_round_trip() {
    // `Tree` is a list of `Tree`s: a tuple struct (this literal fails to
    // compile if it is a type alias again) with the list's JSON.
    let input = json!([[[]], []]);
    let tree: Tree = decode(input.clone()).unwrap();
    assert_eq!(tree, Tree(vec![Tree(vec![Tree(vec![])]), Tree(vec![])]));
    assert_eq!(encode(&tree), input);
    assert!(decode::<Tree>(json!([[1]])).is_err(), "only lists of lists");
    // `Branches` is a map of `Branches`.
    let input = json!({ "a": { "b": {} } });
    let branches: Branches = decode(input.clone()).unwrap();
    let leaf = Branches(BTreeMap::from([("b".to_string(), Branches::default())]));
    assert_eq!(branches, Branches(BTreeMap::from([("a".to_string(), leaf)])));
    assert_eq!(encode(&branches), input);
    // `Layers` (a list of `LayerMap`) and `LayerMap` (a map of `Layers`)
    // name each other.
    let input = json!([{ "x": [{}] }, {}]);
    let layers: Layers = decode(input.clone()).unwrap();
    let x = Layers(vec![LayerMap::default()]);
    assert_eq!(layers, Layers(vec![LayerMap(BTreeMap::from([("x".to_string(), x)])), LayerMap::default()]));
    assert_eq!(encode(&layers), input);
    // Each is reported as a choice the generator made.
    assert_eq!(
        reported_as(Kind::Other),
        [
            "#/components/schemas/Branches",
            "#/components/schemas/LayerMap",
            "#/components/schemas/Layers",
            "#/components/schemas/Tree"
        ]
    );
}

#[test]
fn required_name_no_property_declares_is_a_required_field_of_any_value() {
    // `Edit` requires `plan`, which neither `allOf` part declares: a
    // required `serde_json::Value` field. `name`, required by one part and
    // declared by the other, keeps its type.
    let _: fn(String, Value) -> Edit = Edit::new;
    let edit = Edit::new("n".into(), json!({ "tier": 1 }));
    assert_eq!(encode(&edit), json!({ "name": "n", "plan": { "tier": 1 } }));
    assert_eq!(decode::<Edit>(json!({ "name": "n", "plan": [2] })).unwrap().plan, json!([2]));
    // Always sent, even as `null`; a response without it reads as `null`
    // (the name is often a misspelling the server never sends).
    let absent: Edit = decode(json!({ "name": "n" })).unwrap();
    assert_eq!(absent.plan, Value::Null);
    assert_eq!(encode(&absent), json!({ "name": "n", "plan": null }));
    // Reported at its entry in `required`; `name` is not.
    let entries: Vec<(Kind, String)> = reported().into_iter().filter(|(_, p)| p.contains("/required/")).collect();
    assert_eq!(entries, [(Kind::UntypedValue, "#/components/schemas/Edit/allOf/0/required/1".to_string())]);
}

#[test]
fn odd_string_enum_values_get_distinct_variants_and_round_trip() {
    let all = [
        (OddValues::Plus1, "+1"),
        (OddValues::Empty, ""),
        (OddValues::FooBar, "foo-bar"),
        (OddValues::V1Point5, "1.5"),
        (OddValues::Minus1, "-1"),
        (OddValues::FooBar2, "Foo Bar"),
        (OddValues::FooBar3, "fooBar"),
        (OddValues::FooBar4, "FOO_BAR"),
    ];
    for (variant, wire) in all {
        assert_eq!(encode(&variant), json!(wire));
        assert_eq!(decode::<OddValues>(json!(wire)).unwrap(), variant);
        assert_eq!(variant.to_string(), wire);
    }
    // A value added to the API later is kept, not an error.
    assert_eq!(decode::<OddValues>(json!("new")).unwrap(), OddValues::Unknown("new".into()));
    assert_eq!(encode(&OddValues::Unknown("new".into())), json!("new"));
}

#[test]
fn integer_enum_is_sent_as_a_number() {
    for (variant, n) in [(Priority::V1, 1), (Priority::V2, 2), (Priority::V10, 10), (Priority::VMinus1, -1)] {
        assert_eq!(encode(&variant), json!(n));
        assert_eq!(decode::<Priority>(json!(n)).unwrap(), variant);
    }
    assert_eq!(decode::<Priority>(json!(7)).unwrap(), Priority::Unknown(7));
    assert!(decode::<Priority>(json!("1")).is_err(), "a string is not an integer enum value");
}

#[test]
fn single_value_enums_are_one_variant_enums() {
    assert_eq!(encode(&Constant::Fixed), json!("fixed"));
    let u = UsesConstant::new(UsesConstantKind::Only);
    assert_eq!(encode(&u), json!({ "kind": "only" }));
    assert_eq!(decode::<UsesConstant>(json!({ "kind": "only" })).unwrap(), u);
}

#[test]
fn recursive_schema_is_boxed_where_needed() {
    let input = json!({
        "name": "root",
        "children": [{ "name": "leaf", "children": [] }],
        "parent": { "name": "above" }
    });
    let tree: TreeNode = decode(input.clone()).unwrap();
    assert_eq!(tree.children.as_ref().unwrap()[0].name, "leaf");
    // `parent` is the direct cycle, so it is boxed; `children` is already
    // behind a `Vec`.
    let parent: &Option<Box<TreeNode>> = &tree.parent;
    assert_eq!(parent.as_ref().unwrap().name, "above");
    assert_eq!(encode(&tree), input);
}

#[test]
fn mutually_recursive_schemas_decode_to_any_depth() {
    let input = json!({ "name": "f", "first_file": { "name": "a", "folder": { "name": "g" } } });
    let folder: Folder = decode(input.clone()).unwrap();
    let file: &File = folder.first_file.as_deref().unwrap();
    assert_eq!(file.folder.as_deref().and_then(|f| f.name.as_deref()), Some("g"));
    assert_eq!(encode(&folder), input);
}

#[test]
fn ref_into_another_schema_that_leads_back_becomes_a_recursive_component() {
    // `parent` points at `Network/properties/subnets/items`, which holds
    // `parent` again: inlining it could not end, so that schema is the
    // component `SubnetsItem`, boxed where it holds itself.
    let input = json!({ "subnets": [{ "id": "a", "parent": { "id": "b", "parent": { "id": "c" } } }] });
    let network: Network = decode(input.clone()).unwrap();
    let inner: &NetworkSubnetsInner = &network.subnets.as_ref().unwrap()[0];
    let parent: &Option<SubnetsItem> = &inner.parent;
    let grand: &Option<Box<SubnetsItem>> = &parent.as_ref().unwrap().parent;
    assert_eq!(grand.as_ref().unwrap().id.as_deref(), Some("c"));
    assert_eq!(encode(&network), input);
}

#[test]
fn arrays_of_arrays_keep_both_levels() {
    let m: Matrix = decode(json!({ "rows": [[1.0, 2.5], [], [3.0]] })).unwrap();
    assert_eq!(m.rows, vec![vec![1.0, 2.5], vec![], vec![3.0]]);
    let g: Grid = decode(json!([["a"], ["b", "c"]])).unwrap();
    assert_eq!(g, vec![vec!["a".to_string()], vec!["b".to_string(), "c".to_string()]]);
    assert!(decode::<Grid>(json!(["a"])).is_err());
}

#[test]
fn byte_is_base64_text_and_binary_is_bytes() {
    // `format: byte` stays the encoded string (the caller picks a base64
    // crate); `format: binary` is raw bytes.
    let blob = Blob::new().with_encoded("aGk=".into()).with_raw(vec![0, 159, 255]);
    assert_eq!(encode(&blob)["encoded"], "aGk=");
    let back: Blob = decode(encode(&blob)).unwrap();
    assert_eq!(back, blob);
}

#[test]
fn keyword_names_are_raw_identifiers_with_the_wire_name_kept() {
    // A schema named `type`, with properties named after keywords.
    let t = Type::new().with_type("t".into()).with_self_("s".into()).with_match(1).with_async(true);
    assert_eq!(
        (t.r#type.as_deref(), t.self_.as_deref(), t.r#match, t.r#async),
        (Some("t"), Some("s"), Some(1), Some(true))
    );
    let wire = json!({ "type": "t", "self": "s", "match": 1, "async": true });
    assert_eq!(encode(&t), wire);
    assert_eq!(decode::<Type>(wire).unwrap(), t);
}

#[test]
fn names_colliding_after_case_conversion_stay_apart() {
    // `fooBar`, `foo_bar`, `FooBar` and `foo-bar` are four properties.
    let c = Collide::new()
        .with_foo_bar("1".into())
        .with_foo_bar2("2".into())
        .with_foo_bar3("3".into())
        .with_foo_bar4("4".into());
    let wire = json!({ "fooBar": "1", "foo_bar": "2", "FooBar": "3", "foo-bar": "4" });
    assert_eq!(encode(&c), wire);
    assert_eq!(decode::<Collide>(wire).unwrap(), c);
    // The schemas `Collide` and `collide` become two types.
    assert_eq!(encode(&Collide2::new().with_x("x".into())), json!({ "x": "x" }));
}

#[test]
fn string_format_and_pattern_reach_the_ir_and_the_docs() {
    // `href` stays a `String`; what the spec says beyond that is kept.
    let link = schemas::models::Link::new("https://example.com/a".into());
    assert_eq!(encode(&link), json!({ "href": "https://example.com/a" }));
    let docs = field_docs("link", "Link", "href");
    assert!(
        docs.iter().any(|l| l == "Format: `uri`.") && docs.iter().any(|l| l == "Pattern: `^https://`."),
        "{docs:?}"
    );
    let (api, _, _) =
        generator::Config::new(tests::workspace_root().join("specs/schemas.yaml")).check().expect("check");
    let Some(generator::ir::TypeDef::Struct(s)) = api.types.get("Link") else { panic!("no struct Link") };
    let hints = s.fields[0].string.clone().expect("string hints");
    assert_eq!(
        (hints.format.as_deref(), hints.pattern.as_deref(), hints.example.as_deref()),
        (Some("uri"), Some("^https://"), Some("https://example.com/a"))
    );
}

#[test]
fn value_constraints_reach_the_ir_through_refs_and_items() {
    let doc = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - { name: id, in: path, required: true, schema: { $ref: "#/components/schemas/Id" } }
        - { name: limit, in: query, schema: { type: integer, minimum: 5, maximum: 9, exclusiveMaximum: true, multipleOf: 2 } }
        - name: tags
          in: query
          schema: { type: array, minItems: 2, maxItems: 3, items: { type: string, minLength: 4 } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: { $ref: "#/components/schemas/Id" }
                  score: { type: number, minimum: 0.5, exclusiveMinimum: true }
components:
  schemas:
    Id: { type: string, pattern: "^[a-z]{3}$", minLength: 3, maxLength: 3 }
"##;
    let api = generator::Config::new("inline.yaml")
        .generate_text(std::path::Path::new("inline.yaml"), doc)
        .expect("generate")
        .api;
    let op = &api.groups[0].operations[0];
    let id = op.params[0].string.clone().expect("id hints through the $ref");
    assert_eq!((id.pattern.as_deref(), id.min_length, id.max_length), (Some("^[a-z]{3}$"), Some(3), Some(3)));
    let limit = op.params[1].number.clone().expect("limit bounds");
    assert_eq!(
        (limit.minimum, limit.maximum, limit.exclusive_minimum, limit.exclusive_maximum, limit.multiple_of),
        (Some(5.0), Some(9.0), false, true, Some(2.0))
    );
    let tags = op.params[2].items.clone().expect("tags bounds");
    assert_eq!((tags.min_items, tags.max_items), (Some(2), Some(3)));
    assert_eq!(tags.string.and_then(|s| s.min_length), Some(4));
    let generator::ir::Success::Single(r) = &op.success else { panic!("one success type") };
    let s = generator::ir::struct_of(&api.types, &r.ty).expect("response struct");
    assert_eq!(s.fields[0].string.as_ref().and_then(|h| h.pattern.as_deref()), Some("^[a-z]{3}$"));
    let score = s.fields[1].number.clone().expect("score bounds");
    assert_eq!((score.minimum, score.exclusive_minimum), (Some(0.5), true));
}

#[test]
fn models_are_non_exhaustive_and_built_with_new_and_setters() {
    // Issue 11: a field or variant the spec adds later must not break code
    // outside the crate, so every model struct and enum is
    // `#[non_exhaustive]`; a newtype wraps one value and stays open.
    for krate in ["schemas", "unions", "qovery-secrets"] {
        let dir = tests::workspace_root().join(format!("generated/{krate}/src/models"));
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for item in &file.items {
                let name = match item {
                    syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Named(_)) => s.ident.to_string(),
                    syn::Item::Enum(e) => e.ident.to_string(),
                    _ => continue,
                };
                assert!(tests::shape_of(&path, &name).1, "{}: `{name}` is not #[non_exhaustive]", path.display());
            }
        }
    }
    // A setter per optional field; on `Option<Option<T>>` it takes
    // `Option<T>`, and `None` is an explicit `null`.
    let _: fn(Pet, Option<Nickname>) -> Pet = Pet::with_nickname;
    let _: fn(Pet, String) -> Pet = Pet::with_password;
    let pet = Pet::new(id(), "rex".into(), PetStatus::Sold).with_nickname(None).with_password("pw".into());
    assert_eq!(encode(&pet), json!({ "id": ID, "name": "rex", "status": "SOLD", "nickname": null, "password": "pw" }));
    let named = Pet::new(id(), "rex".into(), PetStatus::Sold).with_nickname(Some(Nickname::new("Rexy".into())));
    assert_eq!(encode(&named)["nickname"], json!({ "value": "Rexy" }));
    // Boxed optional fields take the value itself.
    let _: fn(TreeNode, TreeNode) -> TreeNode = TreeNode::with_parent;
}

/// `Lights.back` and `Lights.far` repeat the inline schemas of `front` and
/// `near`: each pair is one type under two names (a function from one to
/// the other is the identity), with the same JSON.
#[test]
fn repeated_inline_schemas_are_one_type_under_both_names() {
    let enums: fn(LightsBack) -> LightsFront = |v| v;
    let unions: fn(LightsFar) -> LightsNear = |v| v;
    let lights: Lights = decode(json!({ "front": "lit", "back": "dark", "far": { "name": "a" } })).unwrap();
    assert_eq!(lights.back.clone().map(enums), Some(LightsFront::Dark));
    assert!(matches!(lights.far.clone().map(unions), Some(LightsNear::File(_))), "{:?}", lights.far);
    assert_eq!(encode(&lights), json!({ "front": "lit", "back": "dark", "far": { "name": "a" } }));
}
