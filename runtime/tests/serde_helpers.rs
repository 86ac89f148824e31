//! The serde helpers generated models use: `double_option`, `with_tag`
//! and `union_order`.

use openapi_rust_runtime::{union_order, with_tag};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Patch {
    #[serde(default, with = "openapi_rust_runtime::double_option", skip_serializing_if = "Option::is_none")]
    nickname: Option<Option<String>>,
    other: u8,
}

#[test]
fn double_option_tells_absent_from_null() {
    let read = |s: &str| serde_json::from_str::<Patch>(s).unwrap().nickname;
    assert_eq!(read(r#"{"other":0}"#), None, "absent");
    assert_eq!(read(r#"{"nickname":null,"other":0}"#), Some(None), "null");
    assert_eq!(read(r#"{"nickname":"n","other":0}"#), Some(Some("n".into())), "a value");
}

#[test]
fn double_option_writes_absent_null_and_value() {
    let write = |nickname| serde_json::to_string(&Patch { nickname, other: 0 }).unwrap();
    assert_eq!(write(None), r#"{"other":0}"#);
    assert_eq!(write(Some(None)), r#"{"nickname":null,"other":0}"#);
    assert_eq!(write(Some(Some("n".into()))), r#"{"nickname":"n","other":0}"#);
}

#[test]
fn double_option_round_trips() {
    for nickname in [None, Some(None), Some(Some("n".to_string()))] {
        let patch = Patch { nickname, other: 1 };
        let back: Patch = serde_json::from_str(&serde_json::to_string(&patch).unwrap()).unwrap();
        assert_eq!(back, patch);
    }
    assert!(serde_json::from_str::<Patch>(r#"{"nickname":1,"other":0}"#).is_err(), "a wrong type is still an error");
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
