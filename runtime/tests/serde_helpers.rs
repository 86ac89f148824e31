//! The codec helpers generated models use: `json::Reader` and
//! `json::put_some` for optional nullable fields, `with_tag` and
//! `union_order` for unions.

use openapi_rust_runtime::json::{self, Object, Reader};
use openapi_rust_runtime::{union_order, with_tag, FromJson, JsonError, ToJson};
use serde_json::{json, Value};

/// A model as the generator writes it: `nickname` is optional and
/// nullable, so `None` is absent and `Some(None)` an explicit `null`.
#[derive(Debug, PartialEq)]
struct Patch {
    nickname: Option<Option<String>>,
    other: u8,
}

impl FromJson for Patch {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        static ORDER: [std::sync::atomic::AtomicU16; 3] = [const { std::sync::atomic::AtomicU16::new(0) }; 3];
        static FIELDS: openapi_rust_runtime::json::Fields =
            openapi_rust_runtime::json::Fields::new(&["nickname", "other"], &ORDER);
        let mut f0: Option<Option<String>> = None;
        let mut f1: Option<u8> = None;
        let mut i = r.object("an object `Patch`", &FIELDS)?;
        while let Some(n) = i {
            match n {
                0 => r.put(&mut f0)?,
                1 => r.put(&mut f1)?,
                _ => r.skip()?,
            }
            i = r.next_field(&FIELDS, n)?;
        }
        let Some(f1) = f1 else { return Err(JsonError::missing("other")) };
        Ok(Patch { nickname: f0, other: f1 })
    }
}

impl ToJson for Patch {
    fn to_json(&self) -> Value {
        let mut map = Object::new();
        json::put_some(&mut map, "nickname", &self.nickname);
        json::put(&mut map, "other", &self.other);
        Value::Object(map)
    }
}

fn read(s: &str) -> Result<Patch, JsonError> {
    json::from_slice(s.as_bytes())
}

#[test]
fn double_option_tells_absent_from_null() {
    let nickname = |s: &str| read(s).unwrap().nickname;
    assert_eq!(nickname(r#"{"other":0}"#), None, "absent");
    assert_eq!(nickname(r#"{"nickname":null,"other":0}"#), Some(None), "null");
    assert_eq!(nickname(r#"{"nickname":"n","other":0}"#), Some(Some("n".into())), "a value");
}

#[test]
fn double_option_writes_absent_null_and_value() {
    let write = |nickname| Patch { nickname, other: 0 }.to_json().to_string();
    assert_eq!(write(None), r#"{"other":0}"#);
    assert_eq!(write(Some(None)), r#"{"nickname":null,"other":0}"#);
    assert_eq!(write(Some(Some("n".into()))), r#"{"nickname":"n","other":0}"#);
}

#[test]
fn double_option_round_trips() {
    for nickname in [None, Some(None), Some(Some("n".to_string()))] {
        let patch = Patch { nickname, other: 1 };
        assert_eq!(Patch::from_json(patch.to_json()), Ok(patch));
    }
    let wrong = read(r#"{"nickname":1,"other":0}"#).unwrap_err();
    assert_eq!(wrong.path(), "nickname", "a wrong type is still an error: {wrong}");
    assert_eq!(read(r#"{"nickname":"n"}"#).unwrap_err().to_string(), ".: missing field `other`");
}

#[test]
fn with_tag_sets_a_missing_tag() {
    assert_eq!(with_tag(json!({ "a": 1 }), "kind", &["cat", "Cat"]), json!({ "a": 1, "kind": "cat" }));
}

#[test]
fn with_tag_replaces_a_foreign_tag_and_keeps_a_listed_one() {
    assert_eq!(with_tag(json!({ "kind": "dog" }), "kind", &["cat", "Cat"]), json!({ "kind": "cat" }));
    assert_eq!(with_tag(json!({ "kind": 3 }), "kind", &["cat"]), json!({ "kind": "cat" }), "not a string");
    assert_eq!(with_tag(json!({ "kind": "Cat" }), "kind", &["cat", "Cat"]), json!({ "kind": "Cat" }));
}

#[test]
fn with_tag_leaves_non_objects_and_tagless_variants_alone() {
    assert_eq!(with_tag(json!([1]), "kind", &["cat"]), json!([1]));
    assert_eq!(with_tag(json!("s"), "kind", &["cat"]), json!("s"));
    assert_eq!(with_tag(json!({ "kind": "dog" }), "kind", &[]), json!({ "kind": "dog" }));
}

/// (declared keys, required keys) of three variants.
const VARIANTS: &[(&[&str], &[&str])] =
    &[(&["name", "age"], &["name", "age"]), (&["name", "color", "size"], &["name"]), (&["id"], &["id"])];

#[test]
fn union_order_tries_complete_variants_first() {
    // Only variant 1 has all its required keys.
    assert_eq!(union_order(&json!({ "name": "x", "color": "red" }), VARIANTS), [1, 0, 2]);
    assert_eq!(union_order(&json!({ "id": 1 }), VARIANTS), [2, 0, 1]);
}

#[test]
fn union_order_prefers_more_known_keys_then_the_listed_order() {
    // 0 and 1 both complete; 1 knows three of the keys, 0 two.
    assert_eq!(union_order(&json!({ "name": "x", "age": 3, "color": "r", "size": 1 }), VARIANTS), [1, 0, 2]);
    // 0 and 1 complete with the same count of known keys: listed order.
    assert_eq!(union_order(&json!({ "name": "x", "age": 3, "color": "r" }), VARIANTS), [0, 1, 2]);
    // Incomplete variants come after, by known keys (1 knows `size`).
    assert_eq!(union_order(&json!({ "size": 1 }), VARIANTS), [1, 0, 2]);
}

#[test]
fn union_order_keeps_the_listed_order_for_non_objects() {
    assert_eq!(union_order(&json!([1, 2]), VARIANTS), [0, 1, 2]);
    assert_eq!(union_order(&json!("s"), VARIANTS), [0, 1, 2]);
    assert_eq!(union_order(&json!({}), &[]), Vec::<usize>::new());
}

#[test]
fn union_order_of_text_is_that_of_the_tree() {
    use openapi_rust_runtime::union_order_of;
    for text in [
        r#"{ "name": "x", "color": "red" }"#,
        r#"{ "id": 1 }"#,
        r#"{ "name": "x", "age": 3, "color": "r", "size": 1 }"#,
        r#"{ "name": "x", "age": 3, "color": "r" }"#,
        r#"{ "size": 1, "size": 2, "size": 3 }"#,
        r#"{ "size": 1 }"#,
        "[1, 2]",
        "\"s\"",
    ] {
        let tree = union_order(&serde_json::from_str(text).unwrap(), VARIANTS);
        assert_eq!(union_order_of(text.as_bytes(), VARIANTS), tree, "{text}");
    }
}
