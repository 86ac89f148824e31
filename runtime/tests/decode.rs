//! Reading responses: `RawResponse::{json, text, ok, fail}` and the
//! accessors of `Error`.

mod common;

use common::*;
use openapi_rust_runtime::reqwest::header::{HeaderMap, HeaderValue};
use openapi_rust_runtime::reqwest::StatusCode;
use openapi_rust_runtime::{ApiResponse, Error, RawResponse, RequestOptions};
use serde::Deserialize;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: u64,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Items {
    items: Vec<Item>,
}

/// The documented errors of a pretend operation.
#[derive(Debug, PartialEq)]
enum GetThingError {
    NotFound(serde_json::Value),
}

fn raw(status: u16, body: &str) -> RawResponse {
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", HeaderValue::from_static("r-1"));
    RawResponse { status: StatusCode::from_u16(status).unwrap(), headers, body: body.as_bytes().to_vec() }
}

async fn fetch(response: ResponseTemplate) -> RawResponse {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    client(&server).request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap()
}

#[tokio::test]
async fn a_response_is_read_to_the_end() {
    let resp = fetch(ResponseTemplate::new(201).insert_header("x-request-id", "r-9").set_body_string("héllo")).await;
    assert_eq!(resp.status, StatusCode::CREATED);
    assert_eq!(resp.headers["x-request-id"], "r-9");
    assert_eq!(resp.body, "héllo".as_bytes());
    assert_eq!(resp.text(), "héllo");
}

#[tokio::test]
async fn an_empty_body_reads_as_null() {
    let resp = fetch(ResponseTemplate::new(204)).await;
    assert!(resp.body.is_empty());
    assert_eq!(resp.json::<serde_json::Value, ()>().unwrap(), serde_json::Value::Null);
    assert_eq!(resp.json::<Option<Item>, ()>().unwrap(), None);
    assert_eq!(resp.json::<(), ()>().unwrap(), ());
    assert_eq!(raw(200, " \r\n\t").json::<Option<Item>, ()>().unwrap(), None, "whitespace only");
}

#[tokio::test]
async fn a_json_body_is_decoded() {
    let resp = fetch(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "items": [{ "id": 7 }] }))).await;
    assert_eq!(resp.json::<Items, ()>().unwrap(), Items { items: vec![Item { id: 7 }] });
}

#[test]
fn a_decode_failure_names_the_serde_path() {
    let body = r#"{"items":[{"id":1},{"id":"x"}]}"#;
    let err = raw(200, body).json::<Items, ()>().unwrap_err();
    match &err {
        Error::Decode { status, headers, content, path, message } => {
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(headers["x-request-id"], "r-1");
            assert_eq!(content, body);
            assert_eq!(path, "items[1].id");
            assert!(message.contains("invalid type: string \"x\", expected u64"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert_eq!(err.headers().unwrap()["x-request-id"], "r-1");
    assert!(err.entity().is_none());
    let text = err.to_string();
    assert!(text.contains("200 OK") && text.contains("`items[1].id`") && text.contains("expected u64"), "{text}");
}

#[test]
fn a_missing_field_and_bad_json_are_decode_errors() {
    let err = raw(200, r#"{"items":[{}]}"#).json::<Items, ()>().unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, message, .. } if path == "items[0]" && message.contains("missing field `id`")),
        "{err:?}"
    );
    let err = raw(502, "<html>bad gateway</html>").json::<Items, ()>().unwrap_err();
    assert!(matches!(&err, Error::Decode { content, .. } if content == "<html>bad gateway</html>"), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
}

#[test]
fn ok_wraps_status_headers_and_body() {
    let resp = raw(202, "{}");
    let ApiResponse { status, headers, body } = resp.ok::<_, ()>(Item { id: 3 }).unwrap();
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(headers["x-request-id"], "r-1");
    assert_eq!(body, Item { id: 3 });
    assert_eq!(raw(200, "").ok::<_, ()>(5).unwrap().into_body(), 5);
}

#[tokio::test]
async fn fail_wraps_the_error_entity() {
    let resp = fetch(
        ResponseTemplate::new(404).insert_header("x-request-id", "r-404").set_body_json(serde_json::json!({ "m": 1 })),
    )
    .await;
    let entity = GetThingError::NotFound(resp.json::<serde_json::Value, GetThingError>().unwrap());
    let err = resp.fail::<Item, _>(entity).unwrap_err();
    match &err {
        Error::Response(r) => {
            assert_eq!(r.status, StatusCode::NOT_FOUND);
            assert_eq!(r.content, r#"{"m":1}"#);
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(err.headers().unwrap()["x-request-id"], "r-404");
    assert_eq!(err.entity(), Some(&GetThingError::NotFound(serde_json::json!({ "m": 1 }))));
    assert!(std::error::Error::source(&err).is_none());
    assert_eq!(err.to_string(), r#"the server answered 404 Not Found: NotFound(Object {"m": Number(1)})"#);
}

#[test]
fn invalid_request_has_no_status_headers_or_entity() {
    let err: Error<()> = Error::InvalidRequest("nope".into());
    assert_eq!((err.status(), err.headers().is_none(), err.entity()), (None, true, None));
    assert_eq!(err.to_string(), "invalid request: nope");
}

#[test]
fn json_lines_decode_one_value_per_line_into_a_list() {
    let r = raw(200, "{\"id\":1}\r\n\n  \n{\"id\":2}");
    assert_eq!(r.json_lines::<Vec<Item>, ()>().unwrap(), [Item { id: 1 }, Item { id: 2 }]);
    assert_eq!(raw(200, "").json_lines::<Vec<Item>, ()>().unwrap(), []);
    // The path of a failure names the value: by its index, then inside it.
    match raw(200, "{\"id\":1}\n{\"id\":\"x\"}\n").json_lines::<Vec<Item>, ()>() {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "[1].id"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    match raw(200, "{\"id\":1}\n{\"id\":\n").json_lines::<Vec<Item>, ()>() {
        Err(Error::Decode { path, content, .. }) => {
            assert_eq!((path.as_str(), content.as_str()), ("[1]", "{\"id\":1}\n{\"id\":\n"))
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// An error documented without a body shows what the server sent, its
/// secrets redacted and cut short; one with a body shows its entity only.
#[test]
fn a_bodiless_error_shows_the_server_s_body() {
    #[derive(Debug)]
    enum E {
        Status400,
    }
    let response = |content: &str| {
        Error::Response(openapi_rust_runtime::ResponseContent {
            status: StatusCode::BAD_REQUEST,
            headers: Default::default(),
            content: content.to_string(),
            entity: E::Status400,
        })
    };
    let body = r#"{"error":"InvalidArgumentError","message":"dimension 3, got 384","api_token":"t0p","auth":{"password":"p"}}"#;
    // Key order depends on serde_json's features in the build: compare parts.
    let shown = response(body).to_string();
    let (head, excerpt) = shown.split_once(" (body: ").expect("an excerpt");
    assert_eq!(head, "the server answered 400 Bad Request: Status400");
    let excerpt: serde_json::Value = serde_json::from_str(excerpt.strip_suffix(')').expect(")")).expect("json");
    let want = r#"{"error":"InvalidArgumentError","message":"dimension 3, got 384","api_token":"REDACTED","auth":{"password":"REDACTED"}}"#;
    assert_eq!(excerpt, serde_json::from_str::<serde_json::Value>(want).expect("json"));
    assert_eq!(response("  ").to_string(), "the server answered 400 Bad Request: Status400");
    assert_eq!(
        response("bad\n  input").to_string(),
        "the server answered 400 Bad Request: Status400 (body: bad input)"
    );
    let long = response(&"é".repeat(400)).to_string();
    assert!(long.ends_with(&format!("{}...)", "é".repeat(300))), "{long}");
}

fn declared(body: &str, content_type: &'static str) -> RawResponse {
    let mut r = raw(200, body);
    r.headers.insert("content-type", HeaderValue::from_static(content_type));
    r
}

#[test]
fn a_body_documented_as_text_reads_the_json_string_the_server_declares() {
    assert_eq!(declared("\"1.0.0\"", "application/json; charset=utf-8").text_body(), "1.0.0");
    assert_eq!(declared("\"a\\nb\"", "application/problem+json").text_body(), "a\nb", "escapes read");
    // JSON that is not a string cannot be a `String`: the documented text wins.
    assert_eq!(declared("{\"v\":1}", "application/json").text_body(), "{\"v\":1}");
    assert_eq!(declared("\"1.0.0\"", "text/plain").text_body(), "\"1.0.0\"", "text keeps its quotes");
    assert_eq!(raw(200, "\"1.0.0\"").text_body(), "\"1.0.0\"", "no content type: as documented");
}

#[test]
fn a_body_documented_as_json_reads_as_text_when_the_server_declares_text_and_the_type_allows() {
    let version = declared("1.0.0", "text/plain; charset=utf-8");
    assert_eq!(version.decode::<String, ()>().unwrap(), "1.0.0");
    // A model cannot be read from text: the documented JSON is read.
    let item = declared("{\"id\":7}", "text/plain");
    assert_eq!(item.decode::<std::collections::BTreeMap<String, i64>, ()>().unwrap()["id"], 7);
    assert_eq!(declared("\"x\"", "text/json").decode::<String, ()>().unwrap(), "x", "text/json is JSON");
    assert_eq!(declared("\"x\"", "application/json").decode::<String, ()>().unwrap(), "x");
    assert!(declared("1.0.0", "application/json").decode::<String, ()>().is_err(), "declared JSON that is not");
}
