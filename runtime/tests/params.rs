//! Parameter serialization per `style` and `explode` (OpenAPI 3
//! "Style Examples"), without a server.

use openapi_rust_runtime::{ParamStyle, ParamValue};
use serde::Serialize;
use ParamStyle::*;

fn pairs<T: Serialize + ?Sized>(v: &T, style: ParamStyle, explode: bool) -> Vec<(String, String)> {
    ParamValue::of(v).unwrap().query_pairs("p", style, explode)
}

fn expect(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Properties in alphabetical order, whatever `serde_json`'s map keeps.
#[derive(Serialize)]
struct Color {
    b: u8,
    g: u8,
    r: u8,
}

const COLOR: Color = Color { b: 150, g: 200, r: 100 };

#[test]
fn values_flatten_to_strings() {
    assert_eq!(ParamValue::of("blue").unwrap(), ParamValue::Scalar("blue".into()), "strings are unquoted");
    assert_eq!(ParamValue::of(&1.5).unwrap(), ParamValue::Scalar("1.5".into()));
    assert_eq!(ParamValue::of(&2.0).unwrap(), ParamValue::Scalar("2".into()), "a whole float reads as an integer");
    assert_eq!(ParamValue::of(&-0.0).unwrap(), ParamValue::Scalar("0".into()));
    assert_eq!(ParamValue::of(&1e20).unwrap(), ParamValue::Scalar("1e+20".into()), "not exact: as is");
    assert_eq!(ParamValue::of(&false).unwrap(), ParamValue::Scalar("false".into()));
    assert_eq!(ParamValue::of(&None::<u8>).unwrap(), ParamValue::Scalar(String::new()), "null is empty");
    assert_eq!(ParamValue::of(&["a", "b"]).unwrap(), ParamValue::List(vec!["a".into(), "b".into()]));
    assert_eq!(
        ParamValue::of(&COLOR).unwrap(),
        ParamValue::Object(vec![("b".into(), "150".into()), ("g".into(), "200".into()), ("r".into(), "100".into())])
    );
    // Nested structures have no standard flattening: they are sent as JSON text.
    assert_eq!(
        ParamValue::of(&serde_json::json!([{ "a": 1 }, [2]])).unwrap(),
        ParamValue::List(vec![r#"{"a":1}"#.into(), "[2]".into()])
    );
    // Integer map keys become strings.
    let numbered: std::collections::BTreeMap<u8, u8> = [(1, 2)].into();
    assert_eq!(ParamValue::of(&numbered).unwrap(), ParamValue::Object(vec![("1".into(), "2".into())]));
    let bad: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
    assert!(ParamValue::of(&bad).unwrap_err().contains("cannot encode parameter"));
}

#[test]
fn scalars_are_one_pair_in_every_style() {
    for style in [Form, SpaceDelimited, PipeDelimited, DeepObject] {
        for explode in [true, false] {
            assert_eq!(pairs("blue", style, explode), expect(&[("p", "blue")]), "{style:?} {explode}");
        }
    }
}

#[test]
fn form_lists() {
    let list = ["blue", "black", "brown"];
    assert_eq!(pairs(&list, Form, true), expect(&[("p", "blue"), ("p", "black"), ("p", "brown")]));
    assert_eq!(pairs(&list, Form, false), expect(&[("p", "blue,black,brown")]));
    assert_eq!(pairs(&[] as &[u8], Form, true), expect(&[]), "an empty exploded list sends nothing");
}

#[test]
fn delimited_lists() {
    let list = ["blue", "black", "brown"];
    // Exploded delimited lists are undefined by the spec; they are joined too.
    for explode in [true, false] {
        assert_eq!(pairs(&list, SpaceDelimited, explode), expect(&[("p", "blue black brown")]));
        assert_eq!(pairs(&list, PipeDelimited, explode), expect(&[("p", "blue|black|brown")]));
    }
}

#[test]
fn form_objects() {
    assert_eq!(pairs(&COLOR, Form, true), expect(&[("b", "150"), ("g", "200"), ("r", "100")]));
    assert_eq!(pairs(&COLOR, Form, false), expect(&[("p", "b,150,g,200,r,100")]));
}

#[test]
fn deep_objects() {
    let expected = expect(&[("p[b]", "150"), ("p[g]", "200"), ("p[r]", "100")]);
    assert_eq!(pairs(&COLOR, DeepObject, true), expected);
    assert_eq!(pairs(&COLOR, DeepObject, false), expected, "deepObject is always exploded");
}

#[test]
fn simple_style() {
    assert_eq!(ParamValue::of("blue").unwrap().simple(), "blue");
    assert_eq!(ParamValue::of(&[1, 2, 3]).unwrap().simple(), "1,2,3");
    assert_eq!(ParamValue::of(&COLOR).unwrap().simple(), "b,150,g,200,r,100");
    assert_eq!(ParamValue::of(&()).unwrap().simple(), "");
}
