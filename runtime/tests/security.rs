//! Credentials on the wire, security alternatives, header injection and
//! keeping secrets out of errors and `Debug` output.

mod common;

use std::time::Duration;

use base64::Engine as _;
use common::*;
use openapi_rust_runtime::reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use openapi_rust_runtime::{
    ClientBuilder, Credential, Error, HttpMethod, Operation, ParamStyle, RequestOptions, RetryPolicy,
};
use wiremock::MockServer;

/// Sends one request for `op` and returns what the server received.
async fn sent(server: &MockServer, client: &openapi_rust_runtime::Client, op: &'static Operation) -> wiremock::Request {
    let before = received(server).await.len();
    let resp = client.request(op, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 200);
    received(server).await.remove(before)
}

const fn op(security: &'static [&'static [&'static str]]) -> Operation {
    Operation { id: "op", method: HttpMethod::Get, path: "/things/{id}", servers: &[], security, accept: None }
}

static BEARER: Operation = op(&[&["bearer"]]);
static BASIC: Operation = op(&[&["basic"]]);
static KEY_HEADER: Operation = op(&[&["key_header"]]);
static KEY_QUERY: Operation = op(&[&["key_query"]]);
static KEY_COOKIE: Operation = op(&[&["key_cookie"]]);
static BEARER_OR_BASIC: Operation = op(&[&["bearer"], &["basic"]]);
/// Header and query key together, or else bearer.
static BOTH_KEYS_OR_BEARER: Operation = op(&[&["key_header", "key_query"], &["bearer"]]);
static OPTIONAL_BEARER: Operation = op(&[&["bearer"], &[]]);
static OPTIONAL_FIRST: Operation = op(&[&[], &["bearer"]]);
static NO_SECURITY: Operation = op(&[]);

#[tokio::test]
async fn bearer_token_on_the_wire() {
    let server = ok_server().await;
    let client = builder(&server).credential("bearer", token("tok-1")).build().unwrap();
    let r = sent(&server, &client, &BEARER).await;
    assert_eq!(header_values(&r, "authorization"), ["Bearer tok-1"]);
}

#[tokio::test]
async fn basic_credentials_on_the_wire() {
    let server = ok_server().await;
    let client = builder(&server)
        .credential("basic", Credential::Basic("abcd1234".into(), "ABCDEFGH01234abc".into()))
        .build()
        .unwrap();
    let r = sent(&server, &client, &BASIC).await;
    let expected = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("abcd1234:ABCDEFGH01234abc"));
    assert_eq!(expected, "Basic YWJjZDEyMzQ6QUJDREVGR0gwMTIzNGFiYw==");
    assert_eq!(header_values(&r, "authorization"), [expected]);
}

#[tokio::test]
async fn api_key_in_a_header() {
    let server = ok_server().await;
    let client = builder(&server).credential("key_header", token("k-1")).build().unwrap();
    let r = sent(&server, &client, &KEY_HEADER).await;
    assert_eq!(header_values(&r, "x-api-key"), ["k-1"]);
    assert!(r.headers.get("authorization").is_none());
    assert_eq!(r.url.query(), None);
}

#[tokio::test]
async fn api_key_in_the_query_is_encoded() {
    let server = ok_server().await;
    let client = builder(&server).credential("key_query", token("ABC+DEF&x=1")).build().unwrap();
    let r = sent(&server, &client, &KEY_QUERY).await;
    assert_eq!(r.url.query(), Some("api_key=ABC%2BDEF%26x%3D1"), "`&` and `=` cannot add parameters");
}

#[tokio::test]
async fn api_key_in_a_cookie_cannot_add_a_cookie() {
    let server = ok_server().await;
    let client = builder(&server).credential("key_cookie", token("s-1; admin=1")).build().unwrap();
    let r = sent(&server, &client, &KEY_COOKIE).await;
    assert_eq!(header_values(&r, "cookie"), ["session=s-1%3B%20admin=1"]);
}

#[tokio::test]
async fn only_the_first_complete_alternative_is_applied() {
    let server = ok_server().await;
    let both = builder(&server)
        .credential("bearer", token("jwt"))
        .credential("basic", Credential::Basic("u".into(), "p".into()))
        .build()
        .unwrap();
    let r = sent(&server, &both, &BEARER_OR_BASIC).await;
    assert_eq!(header_values(&r, "authorization"), ["Bearer jwt"], "the first alternative, alone");

    let basic_only = builder(&server).credential("basic", Credential::Basic("u".into(), "p".into())).build().unwrap();
    let r = sent(&server, &basic_only, &BEARER_OR_BASIC).await;
    assert_eq!(header_values(&r, "authorization"), ["Basic dTpw"]);
}

#[tokio::test]
async fn an_alternative_of_several_schemes_needs_all_of_them() {
    let server = ok_server().await;
    let all = builder(&server)
        .credential("key_header", token("h"))
        .credential("key_query", token("q"))
        .credential("bearer", token("jwt"))
        .build()
        .unwrap();
    let r = sent(&server, &all, &BOTH_KEYS_OR_BEARER).await;
    assert_eq!(header_values(&r, "x-api-key"), ["h"]);
    assert_eq!(r.url.query(), Some("api_key=q"));
    assert!(r.headers.get("authorization").is_none());

    // One of the pair missing: the pair is skipped, the next alternative used.
    let partial = builder(&server).credential("key_header", token("h")).credential("bearer", token("jwt")).build();
    let r = sent(&server, &partial.unwrap(), &BOTH_KEYS_OR_BEARER).await;
    assert!(r.headers.get("x-api-key").is_none());
    assert_eq!(header_values(&r, "authorization"), ["Bearer jwt"]);
}

#[tokio::test]
async fn an_empty_alternative_means_optional_auth() {
    let server = ok_server().await;
    let anonymous = client(&server);
    let r = sent(&server, &anonymous, &OPTIONAL_BEARER).await;
    assert!(r.headers.get("authorization").is_none());

    let with_token = builder(&server).credential("bearer", token("jwt")).build().unwrap();
    for op in [&OPTIONAL_BEARER, &OPTIONAL_FIRST] {
        let r = sent(&server, &with_token, op).await;
        assert_eq!(header_values(&r, "authorization"), ["Bearer jwt"], "credentials are used when set");
    }
}

#[tokio::test]
async fn credentials_are_not_sent_where_not_asked_for() {
    let server = ok_server().await;
    let client = builder(&server)
        .credential("bearer", token("jwt"))
        .credential("key_query", token("q"))
        .credential("key_cookie", token("c"))
        .build()
        .unwrap();
    let r = sent(&server, &client, &NO_SECURITY).await;
    assert!(r.headers.get("authorization").is_none() && r.headers.get("cookie").is_none());
    assert_eq!(r.url.query(), None);

    // A credential of the wrong kind for its scheme is not sent either.
    let wrong = builder(&server).credential("bearer", Credential::Basic("u".into(), "p".into())).build().unwrap();
    let r = sent(&server, &wrong, &BEARER).await;
    assert!(r.headers.get("authorization").is_none());
}

#[tokio::test]
async fn crlf_in_a_credential_or_header_is_refused_before_sending() {
    let server = ok_server().await;
    let injected =
        |scheme: &'static str, value: &str| builder(&server).credential(scheme, token(value)).build().unwrap();

    for (client, op) in [
        (injected("bearer", "abc\r\nX-Injected: yes"), &BEARER),
        (injected("bearer", "abc\nX-Injected: yes"), &BEARER),
        (injected("key_header", "abc\rX-Injected: yes"), &KEY_HEADER),
    ] {
        match client.request(op, "/things/1".into(), RequestOptions::default()).send::<()>().await {
            Err(Error::InvalidRequest(m)) => {
                assert!(m.contains("line break"), "{m}");
                assert!(!m.contains("abc"), "the message must not echo the credential: {m}");
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    let mut request = client(&server).request(&NO_SECURITY, "/things/1".into(), RequestOptions::default());
    request.header("X-Trace", "a\r\nX-Injected: yes");
    assert!(matches!(request.send::<()>().await, Err(Error::InvalidRequest(m)) if m.contains("X-Trace")));

    // Other control characters are refused too.
    let mut request = client(&server).request(&NO_SECURITY, "/things/1".into(), RequestOptions::default());
    request.header("X-Trace", "a\0b");
    assert!(matches!(request.send::<()>().await, Err(Error::InvalidRequest(_))));

    assert!(received(&server).await.is_empty(), "no request may be sent");
}

#[tokio::test]
async fn transport_errors_do_not_show_query_secrets() {
    let client = ClientBuilder::new(API)
        .base_url(closed_port_url())
        .credential("key_query", token("query-key-42"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let mut request = client.request(&KEY_QUERY, "/things/1".into(), RequestOptions::default());
    request.query("page", &2, ParamStyle::Form, true);
    request.query("client_secret", "secret-43", ParamStyle::Form, true);
    request.query("refreshToken", "token-44", ParamStyle::Form, true);
    let err = request.send::<()>().await.unwrap_err();
    let Error::Transport(e) = &err else { panic!("expected a connection error, got {err:?}") };
    assert!(e.is_connect(), "{e:?}");
    assert_eq!(
        e.url().unwrap().query(),
        Some("api_key=REDACTED&page=2&client_secret=REDACTED&refreshToken=REDACTED"),
        "other parameters are kept, in order"
    );
    for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
        for secret in ["query-key-42", "secret-43", "token-44"] {
            assert!(!text.contains(secret), "shows `{secret}`: {text}");
        }
        assert!(text.contains("REDACTED"), "{text}");
    }
}

#[tokio::test]
async fn timeout_errors_do_not_show_query_secrets() {
    let server = MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = builder(&server).credential("key_query", token("query-key-42")).timeout(Duration::from_millis(50));
    let err = client.build().unwrap().request(&KEY_QUERY, "/things/1".into(), RequestOptions::default());
    let err = err.send::<()>().await.unwrap_err();
    assert!(matches!(&err, Error::Transport(e) if e.is_timeout()), "{err:?}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("query-key-42") && text.contains("api_key=REDACTED"), "{text}");
    }
}

#[test]
fn debug_output_hides_secrets() {
    let builder = ClientBuilder::new(API)
        .base_url("http://127.0.0.1:1")
        .default_header(AUTHORIZATION, HeaderValue::from_static("default-auth-42"))
        .default_header(HeaderName::from_static("x-api-key"), HeaderValue::from_static("default-key-42"))
        .default_header(HeaderName::from_static("x-session-token"), HeaderValue::from_static("default-token-42"))
        .credential("bearer", token("bearer-token-42"))
        .credential("key_query", token("api-key-42"))
        .credential("basic", Credential::Basic("user-1".into(), "basic-password-42".into()));
    let builder_debug = [format!("{builder:?}"), format!("{builder:#?}")];
    let client = builder.build().unwrap();
    let secrets =
        ["default-auth-42", "default-key-42", "default-token-42", "bearer-token-42", "api-key-42", "basic-password-42"];
    for text in builder_debug.into_iter().chain([format!("{client:?}"), format!("{client:#?}")]) {
        for secret in secrets {
            assert!(!text.contains(secret), "Debug shows `{secret}`: {text}");
        }
        assert!(text.contains("redacted") && text.contains("user-1"), "{text}");
    }
    assert_eq!(format!("{:?}", token("t-42")), "Token(<redacted>)");
    assert_eq!(format!("{:?}", Credential::Basic("u".into(), "p-42".into())), r#"Basic("u", <redacted>)"#);
}
