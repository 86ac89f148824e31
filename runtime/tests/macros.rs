//! The macros generated operations invoke (`runtime/src/macros.rs`): the
//! error enum's choice of variant, and the request value's methods.

use openapi_rust_runtime::call::{self, ErrorEntity};
use openapi_rust_runtime::reqwest::header::HeaderMap;
use openapi_rust_runtime::reqwest::StatusCode;
use openapi_rust_runtime::{Error, RawResponse};

fn raw(status: u16, body: &str) -> RawResponse {
    RawResponse {
        status: StatusCode::from_u16(status).unwrap(),
        headers: HeaderMap::new(),
        body: body.as_bytes().to_vec(),
    }
}

openapi_rust_runtime::error_enum! {
    /// Errors of a pretend operation.
    pub enum GetThingError {
        /// A body that decodes as a number.
        Status404(i64) = 404,
        /// No body.
        Status409 = 409,
        /// A range.
        Status5XX(String) = 500..=599,
    }
}

openapi_rust_runtime::error_enum! {
    /// A documented `default` catches every status.
    pub enum WithDefault {
        /// Status 400.
        Status400 = 400,
        /// Any other.
        DefaultResponse(i64) = _,
    }
}

#[test]
fn the_status_picks_the_variant_and_its_body_is_decoded() {
    assert_eq!(GetThingError::from_response(&raw(404, "7")), GetThingError::Status404(7));
    assert_eq!(GetThingError::from_response(&raw(409, "ignored")), GetThingError::Status409);
    assert_eq!(GetThingError::from_response(&raw(503, "\"down\"")), GetThingError::Status5XX("down".into()));
}

#[test]
fn an_undocumented_status_or_a_body_of_another_type_is_unknown() {
    let unknown = |status: u16, body: &str| GetThingError::Unknown { status, body: body.to_string() };
    assert_eq!(GetThingError::from_response(&raw(418, "teapot")), unknown(418, "teapot"));
    assert_eq!(GetThingError::from_response(&raw(404, "\"not a number\"")), unknown(404, "\"not a number\""));
}

#[test]
fn a_default_pattern_catches_what_comes_after_it_only() {
    assert_eq!(WithDefault::from_response(&raw(400, "")), WithDefault::Status400);
    assert_eq!(WithDefault::from_response(&raw(502, "3")), WithDefault::DefaultResponse(3));
    assert_eq!(WithDefault::from_response(&raw(502, "x")), WithDefault::Unknown { status: 502, body: "x".into() });
}

#[test]
fn the_json_decoder_reads_a_success_and_builds_the_error_of_a_failure() {
    let ok = call::json::<Vec<i64>, GetThingError>(raw(200, "[1, 2]")).expect("a success");
    assert_eq!(ok.body, [1, 2]);
    match call::json::<Vec<i64>, GetThingError>(raw(404, "9")) {
        Err(Error::Response(r)) => assert_eq!((r.status.as_u16(), r.entity), (404, GetThingError::Status404(9))),
        other => panic!("{other:?}"),
    }
    assert_eq!(call::empty::<GetThingError>(raw(204, "")).expect("empty").body, ());
    assert_eq!(call::text::<GetThingError>(raw(200, "hi")).expect("text").body, "hi");
    assert_eq!(call::bytes::<GetThingError>(raw(200, "hi")).expect("bytes").body, b"hi");
}
