//! Issue 3, schema constructs: one test per construct of `specs/schemas.yaml`,
//! run against its committed crate (`generated/schemas`). Each test pins
//! the Rust shape (struct literals and signatures fail to compile when the
//! generator changes them) and the JSON behaviour both ways.

use std::collections::BTreeMap;

use schemas::models::{
    Blob, ClosedBag, Collide, Collide2, Constant, Counts, Defaults, DefaultsMode, File, Folder, FreeForm, Grid,
    LabelledCounts, Matrix, Named, Network, NetworkSubnetsInner, Nickname, OddValues, OpenBag, Pet, PetStatus,
    Priority, SubnetsItem, TreeNode, Type, UsesConstant, UsesConstantKind,
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

/// The source of one generated model file.
fn model_source(module: &str) -> String {
    let path = tests::workspace_root().join(format!("generated/schemas/src/models/{module}.rs"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn all_of_merges_a_ref_and_inline_parts_into_one_struct() {
    // `Named` = `Base` ($ref) + an inline part adding `name`.
    let named = Named { id: id(), created_at: None, name: "rex".into() };
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
    let pet =
        Pet { id: id(), created_at: None, name: "rex".into(), nickname: None, status: PetStatus::Sold, password: None };
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
    assert_eq!(set.nickname, Some(Some(Nickname { value: "Rexy".into() })));
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
    let src = model_source("defaults");
    for d in ["Default: `3`.", "Default: `0.5`.", "Default: `\"none\"`.", "Default: `true`."] {
        assert!(src.contains(d), "missing `{d}` in the docs of `Defaults`");
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
    assert!(model_source("pet").contains("Sent to the server only (write-only)."));
    assert!(model_source("base").contains("Set by the server (read-only)."));
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
    // No `additional_properties` field: this literal names every field.
    let bag = ClosedBag { known: Some("k".into()) };
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

#[test]
fn free_form_object_is_a_map_of_values_and_is_reported() {
    let v: FreeForm = decode(json!({ "anything": { "nested": [1, "two"] } })).unwrap();
    assert_eq!(v["anything"]["nested"][1], "two");
    let (_, report, _) =
        generator::Config::new(tests::workspace_root().join("specs/schemas.yaml")).check().expect("check");
    let mut untyped: Vec<&str> = report
        .items
        .iter()
        .filter(|i| i.kind == generator::report::Kind::UntypedValue)
        .map(|i| i.pointer.as_str())
        .collect();
    untyped.sort_unstable();
    assert_eq!(untyped, ["#/components/schemas/FreeForm", "#/components/schemas/OpenBag/additionalProperties"]);
    assert_eq!(report.items.len(), 2, "nothing else in schemas.yaml is simplified: {:?}", report.items);
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
    let blob = Blob { encoded: Some("aGk=".into()), raw: Some(vec![0, 159, 255]) };
    assert_eq!(encode(&blob)["encoded"], "aGk=");
    let back: Blob = decode(encode(&blob)).unwrap();
    assert_eq!(back, blob);
}

#[test]
fn keyword_names_are_raw_identifiers_with_the_wire_name_kept() {
    // A schema named `type`, with properties named after keywords.
    let t = Type { r#type: Some("t".into()), self_: Some("s".into()), r#match: Some(1), r#async: Some(true) };
    let wire = json!({ "type": "t", "self": "s", "match": 1, "async": true });
    assert_eq!(encode(&t), wire);
    assert_eq!(decode::<Type>(wire).unwrap(), t);
}

#[test]
fn names_colliding_after_case_conversion_stay_apart() {
    // `fooBar`, `foo_bar`, `FooBar` and `foo-bar` are four properties.
    let c = Collide {
        foo_bar: Some("1".into()),
        foo_bar2: Some("2".into()),
        foo_bar3: Some("3".into()),
        foo_bar4: Some("4".into()),
    };
    let wire = json!({ "fooBar": "1", "foo_bar": "2", "FooBar": "3", "foo-bar": "4" });
    assert_eq!(encode(&c), wire);
    assert_eq!(decode::<Collide>(wire).unwrap(), c);
    // The schemas `Collide` and `collide` become two types.
    assert_eq!(encode(&Collide2 { x: Some("x".into()) }), json!({ "x": "x" }));
}

#[test]
fn string_format_and_pattern_reach_the_ir_and_the_docs() {
    // `href` stays a `String`; what the spec says beyond that is kept.
    let link = schemas::models::Link::new("https://example.com/a".into());
    assert_eq!(encode(&link), json!({ "href": "https://example.com/a" }));
    let src = model_source("link");
    assert!(src.contains("Format: `uri`.") && src.contains("Pattern: `^https://`."), "{src}");
    let (api, _, _) =
        generator::Config::new(tests::workspace_root().join("specs/schemas.yaml")).check().expect("check");
    let Some(generator::ir::TypeDef::Struct(s)) = api.types.get("Link") else { panic!("no struct Link") };
    let hints = s.fields[0].string.clone().expect("string hints");
    assert_eq!(
        (hints.format.as_deref(), hints.pattern.as_deref(), hints.example.as_deref()),
        (Some("uri"), Some("^https://"), Some("https://example.com/a"))
    );
}
