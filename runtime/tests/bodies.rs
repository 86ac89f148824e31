//! Request bodies on the wire: JSON, forms, multipart, raw bytes, none.

mod common;

use common::*;
use openapi_rust_runtime::body::{form_pairs, form_urlencoded, json_lines, multipart_form, PartEncoding};
use openapi_rust_runtime::{Error, RequestOptions};
use serde::Serialize;

/// Sends a POST whose body `set` sets and returns what the server got.
async fn posted(set: impl FnOnce(&mut openapi_rust_runtime::Request)) -> wiremock::Request {
    let server = ok_server().await;
    let mut request = client(&server).request(&CREATE_THING, "/things".into(), RequestOptions::default());
    set(&mut request);
    request.send::<()>().await.unwrap();
    let mut requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

fn content_type(r: &wiremock::Request) -> Option<String> {
    r.headers.get("content-type").map(|v| v.to_str().unwrap().to_string())
}

/// Field names in alphabetical order, so that the property order is the
/// same whether `serde_json` keeps insertion order or sorts keys.
#[derive(Serialize)]
struct Form {
    name: &'static str,
    nested: serde_json::Value,
    note: Option<&'static str>,
    tags: Vec<&'static str>,
}

fn form() -> Form {
    Form { name: "a b&c=d", nested: serde_json::json!({ "k": 1 }), note: None, tags: vec!["x", "y"] }
}

#[tokio::test]
async fn json_body_with_its_media_type() {
    let r = posted(|req| req.json(&serde_json::json!({ "a": [1, null] }), "application/merge-patch+json")).await;
    assert_eq!(content_type(&r).as_deref(), Some("application/merge-patch+json"));
    assert_eq!(r.body, br#"{"a":[1,null]}"#);
}

#[tokio::test]
async fn form_body_repeats_arrays_and_leaves_out_nulls() {
    let r = posted(|req| req.form(&form())).await;
    assert_eq!(content_type(&r).as_deref(), Some("application/x-www-form-urlencoded"));
    assert_eq!(String::from_utf8(r.body).unwrap(), "name=a+b%26c%3Dd&nested=%7B%22k%22%3A1%7D&tags=x&tags=y");
}

#[test]
fn form_pairs_flatten_top_level_properties() {
    let pairs = form_pairs(&form()).unwrap();
    let expected = [("name", "a b&c=d"), ("nested", r#"{"k":1}"#), ("tags", "x"), ("tags", "y")];
    assert_eq!(pairs, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    // One key each: key order depends on serde_json's `preserve_order`,
    // which other crates of a workspace may switch on.
    assert_eq!(form_urlencoded(&serde_json::json!({ "n": 1.5 })).unwrap(), "n=1.5");
    assert_eq!(form_urlencoded(&serde_json::json!({ "b": false })).unwrap(), "b=false");
    assert!(form_pairs(&[1, 2]).unwrap_err().contains("must be an object"));
}

#[tokio::test]
async fn a_body_that_is_not_an_object_is_refused_before_sending() {
    let server = ok_server().await;
    let mut request = client(&server).request(&CREATE_THING, "/things".into(), RequestOptions::default());
    request.form("just a string");
    assert!(matches!(request.send::<()>().await, Err(Error::InvalidRequest(m)) if m.contains("form body")));
    let mut request = client(&server).request(&CREATE_THING, "/things".into(), RequestOptions::default());
    request.multipart(&[1], &[]);
    assert!(matches!(request.send::<()>().await, Err(Error::InvalidRequest(m)) if m.contains("multipart body")));
    assert!(received(&server).await.is_empty());
}

#[derive(Serialize)]
struct Upload {
    attachments: Vec<Vec<u8>>,
    file: Vec<u8>,
    missing: Option<Vec<u8>>,
    tags: Vec<&'static str>,
    title: &'static str,
}

#[tokio::test]
async fn multipart_body_has_file_and_text_parts() {
    let upload = Upload {
        attachments: vec![b"one".to_vec(), b"two".to_vec()],
        file: b"\x00\x01binary".to_vec(),
        missing: None,
        tags: vec!["a", "b"],
        title: "T",
    };
    let octets = PartEncoding::File("application/octet-stream");
    let r =
        posted(|req| req.multipart(&upload, &[("attachments", octets), ("file", octets), ("missing", octets)])).await;
    let ct = content_type(&r).unwrap();
    let boundary = ct.strip_prefix("multipart/form-data; boundary=").expect(&ct);
    let body = String::from_utf8_lossy(&r.body).into_owned();
    // Each part: its headers, a blank line, its content.
    let parts: Vec<(&str, &str)> = body
        .split(&format!("--{boundary}"))
        .map(|p| p.trim_start_matches("\r\n"))
        .filter(|p| !p.is_empty() && !p.starts_with("--"))
        .map(|p| p.split_once("\r\n\r\n").expect(p))
        .map(|(h, c)| (h, c.strip_suffix("\r\n").unwrap_or(c)))
        .collect();
    let file = |name: &str| {
        format!(
            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream"
        )
    };
    let text = |name: &str| format!("Content-Disposition: form-data; name=\"{name}\"");
    let expected = [
        (file("attachments"), "one"),
        (file("attachments"), "two"),
        (file("file"), "\u{0}\u{1}binary"),
        (text("tags"), "a"),
        (text("tags"), "b"),
        (text("title"), "T"),
    ];
    let expected: Vec<(&str, &str)> = expected.iter().map(|(h, c)| (h.as_str(), *c)).collect();
    assert_eq!(parts, expected, "a null file is left out; arrays repeat the part\n{body}");
}

#[test]
fn multipart_form_is_built_from_an_object_only() {
    assert!(multipart_form(&serde_json::json!({ "a": 1 }), &[], Vec::new()).is_ok());
    assert!(multipart_form(&"x", &[], Vec::new()).is_err());
}

#[tokio::test]
async fn raw_bytes_body() {
    let r = posted(|req| req.bytes(vec![0, 159, 146, 150], "application/octet-stream")).await;
    assert_eq!(content_type(&r).as_deref(), Some("application/octet-stream"));
    assert_eq!(r.body, [0, 159, 146, 150]);
}

#[tokio::test]
async fn no_body_when_none_is_set() {
    let r = posted(|_| {}).await;
    assert!(r.body.is_empty(), "body: {:?}", String::from_utf8_lossy(&r.body));
    assert!(r.headers.get("content-type").is_none(), "{:?}", r.headers);
    assert_eq!(r.method.as_str(), "POST");
}

#[tokio::test]
async fn the_last_body_set_wins() {
    let r = posted(|req| {
        req.json(&1, "application/json");
        req.bytes(b"raw".to_vec(), "text/plain");
    })
    .await;
    assert_eq!(content_type(&r).as_deref(), Some("text/plain"));
    assert_eq!(r.body, b"raw");
}

#[derive(Serialize)]
struct Record {
    history: Vec<serde_json::Value>,
    meta: serde_json::Value,
    photo: Vec<u8>,
    title: &'static str,
}

#[tokio::test]
async fn multipart_json_and_file_parts_carry_their_content_types() {
    let record = Record {
        history: vec![serde_json::json!({ "a": 1 }), serde_json::Value::Null, serde_json::json!({ "b": [2] })],
        meta: serde_json::json!({ "k": "v" }),
        photo: b"\x89PNG".to_vec(),
        title: "T",
    };
    let parts = [
        ("history", PartEncoding::Json("application/json")),
        ("meta", PartEncoding::Json("application/vnd.meta+json")),
        ("photo", PartEncoding::File("image/png")),
    ];
    let r = posted(|req| req.multipart(&record, &parts)).await;
    let ct = content_type(&r).unwrap();
    let boundary = ct.strip_prefix("multipart/form-data; boundary=").expect(&ct);
    let body = String::from_utf8_lossy(&r.body).into_owned();
    let parts: Vec<(&str, &str)> = body
        .split(&format!("--{boundary}"))
        .map(|p| p.trim_start_matches("\r\n"))
        .filter(|p| !p.is_empty() && !p.starts_with("--"))
        .map(|p| p.split_once("\r\n\r\n").expect(p))
        .map(|(h, c)| (h, c.strip_suffix("\r\n").unwrap_or(c)))
        .collect();
    let json =
        |name: &str, media: &str| format!("Content-Disposition: form-data; name=\"{name}\"\r\nContent-Type: {media}");
    let expected = [
        (json("history", "application/json"), r#"{"a":1}"#),
        (json("history", "application/json"), r#"{"b":[2]}"#),
        (json("meta", "application/vnd.meta+json"), r#"{"k":"v"}"#),
        (
            "Content-Disposition: form-data; name=\"photo\"; filename=\"photo\"\r\nContent-Type: image/png".to_string(),
            "\u{fffd}PNG",
        ),
        ("Content-Disposition: form-data; name=\"title\"".to_string(), "T"),
    ];
    let expected: Vec<(&str, &str)> = expected.iter().map(|(h, c)| (h.as_str(), *c)).collect();
    assert_eq!(parts, expected, "one JSON part per object of a list, nulls left out\n{body}");
}

#[tokio::test]
async fn a_part_content_type_that_does_not_parse_is_refused_before_sending() {
    let server = ok_server().await;
    let mut request = client(&server).request(&CREATE_THING, "/things".into(), RequestOptions::default());
    request.multipart(&serde_json::json!({ "meta": { "k": 1 } }), &[("meta", PartEncoding::Json("not a type"))]);
    let err = request.send::<()>().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(m) if m.contains("part `meta`")), "{err:?}");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn json_lines_body_has_one_value_per_line() {
    let items = serde_json::json!([{ "a": "x\ny" }, 2, null]);
    let r = posted(|req| req.json_lines(&items, "application/x-ndjson")).await;
    assert_eq!(content_type(&r).as_deref(), Some("application/x-ndjson"));
    // A line break inside a string stays escaped: one line per value.
    assert_eq!(r.body, b"{\"a\":\"x\\ny\"}\n2\nnull\n");
    assert_eq!(json_lines(&Vec::<u8>::new()).unwrap(), b"");
    assert!(json_lines(&serde_json::json!({ "a": 1 })).unwrap_err().contains("must be an array"));
}
