//! Retries, backoff, `Retry-After` and timeouts, observed on the wire.

mod common;

use std::time::{Duration, Instant};

use common::*;
use openapi_rust_runtime::reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use openapi_rust_runtime::retry::{is_retryable_status, retry_after};
use openapi_rust_runtime::{ClientBuilder, Error, HttpMethod, RequestOptions, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn retrying(server: &MockServer, policy: RetryPolicy) -> openapi_rust_runtime::Client {
    builder(server).retry_policy(policy).build().unwrap()
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({ "id": 1 }))
}

#[tokio::test]
async fn retries_503_with_backoff_then_succeeds() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 2, ok()).await;

    let client = retrying(&server, fast_retries(3));
    let resp = client.request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 200);
    assert_eq!(resp.json::<serde_json::Value, ()>().unwrap()["id"], 1);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "two 503s, then the success");
    assert!(requests.iter().all(|r| r.url.path() == "/things/1" && r.method.as_str() == "GET"));
}

#[tokio::test]
async fn gives_up_after_max_retries_with_the_last_status() {
    let server = MockServer::start().await;
    // 503 twice, then 504 for ever: the caller must see the last answer (504).
    mount_sequence(&server, ResponseTemplate::new(503), 2, ResponseTemplate::new(504).set_body_string("gw")).await;

    let client = retrying(&server, fast_retries(2));
    let resp = client.request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 504);
    assert_eq!(resp.text(), "gw");
    assert_eq!(received(&server).await.len(), 3, "first attempt and two retries");
}

#[tokio::test]
async fn non_retryable_status_is_returned_at_once() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(404), 1, ok()).await;

    let client = retrying(&server, fast_retries(3));
    let resp = client.request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 404);
    assert_eq!(received(&server).await.len(), 1);
}

#[test]
fn retryable_statuses() {
    for s in [408, 429, 500, 502, 503, 504] {
        assert!(is_retryable_status(s.try_into().unwrap()), "{s}");
    }
    for s in [200, 201, 301, 400, 401, 404, 409, 501, 505] {
        assert!(!is_retryable_status(s.try_into().unwrap()), "{s}");
    }
}

#[test]
fn backoff_doubles_with_jitter_and_is_capped() {
    let policy = RetryPolicy {
        max_retries: 10,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_secs(1),
    };
    for _ in 0..50 {
        for (attempt, base) in [(0, 100), (1, 200), (2, 400), (3, 800), (4, 1000), (30, 1000)] {
            let d = policy.delay(attempt, None);
            let base = Duration::from_millis(base);
            assert!(d >= base / 2 && d <= base, "attempt {attempt}: {d:?} not within half of {base:?} and itself");
        }
    }
    assert_eq!(policy.delay(0, Some(Duration::from_millis(300))), Duration::from_millis(300));
    assert_eq!(policy.delay(0, Some(Duration::from_secs(3600))), Duration::from_secs(1), "capped by max_backoff");
}

#[test]
fn retry_after_header_parsing() {
    let with = |v: &str| {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(v).unwrap());
        retry_after(&h)
    };
    assert_eq!(with("7"), Some(Duration::from_secs(7)));
    assert_eq!(with(" 2 "), Some(Duration::from_secs(2)));
    // A date in the past means "now".
    assert_eq!(with("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
    let at = (chrono::Utc::now() + chrono::Duration::seconds(100)).format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let wait = with(&at).expect("an HTTP date");
    assert!(wait >= Duration::from_secs(95) && wait <= Duration::from_secs(100), "{wait:?}");
    assert_eq!(with("soon"), None);
    assert_eq!(with("-1"), None);
    assert_eq!(retry_after(&HeaderMap::new()), None);
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503).insert_header("Retry-After", "1"), 1, ok()).await;
    let policy =
        RetryPolicy { max_retries: 1, initial_backoff: Duration::from_millis(1), max_backoff: Duration::from_secs(5) };

    let started = Instant::now();
    let client = retrying(&server, policy);
    let resp = client.request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 200);
    // Only a lower bound: a sleep never ends early, however loaded the machine.
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "Retry-After: 1 must delay the retry by 1 s, waited {waited:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    let server = MockServer::start().await;
    // Dates have whole seconds: +3 s is at least 2 s away when sent, so at
    // least 1 s once read, unless the mock takes a whole second to answer.
    let at = (chrono::Utc::now() + chrono::Duration::seconds(3)).format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    mount_sequence(&server, ResponseTemplate::new(503).insert_header("Retry-After", at.as_str()), 1, ok()).await;
    let policy =
        RetryPolicy { max_retries: 1, initial_backoff: Duration::from_millis(1), max_backoff: Duration::from_secs(10) };

    let started = Instant::now();
    let client = retrying(&server, policy);
    let resp = client.request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 200);
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "Retry-After: {at} must delay the retry, waited {waited:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_is_bounded_by_max_backoff() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(429).insert_header("Retry-After", "3600"), 1, ok()).await;
    let policy = RetryPolicy {
        max_retries: 1,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(100),
    };

    let client = retrying(&server, policy);
    let started = Instant::now();
    let call = client.request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>();
    // Uncapped, this would wait an hour: fail after 30 s instead.
    let resp = tokio::time::timeout(Duration::from_secs(30), call).await.expect("Retry-After capped").unwrap();
    assert_eq!(resp.status.as_u16(), 200);
    assert!(started.elapsed() >= Duration::from_millis(100), "waited {:?}", started.elapsed());
    assert_eq!(received(&server).await.len(), 2);
}

#[test]
fn only_post_and_patch_are_not_idempotent() {
    use HttpMethod::*;
    for m in [Get, Put, Delete, Options, Head, Trace] {
        assert!(m.is_idempotent(), "{m:?}");
    }
    assert!(!Post.is_idempotent());
    assert!(!Patch.is_idempotent());
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 1, ResponseTemplate::new(201)).await;

    let client = retrying(&server, fast_retries(3));
    let resp = client.request(&CREATE_THING, "/things".into(), RequestOptions::default()).send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 503);
    assert_eq!(received(&server).await.len(), 1, "POST is not idempotent: no retry");
}

#[tokio::test]
async fn post_is_retried_when_asked() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 1, ResponseTemplate::new(201)).await;

    let client = retrying(&server, fast_retries(3));
    let options = RequestOptions::new().retry_non_idempotent(true);
    let mut request = client.request(&CREATE_THING, "/things".into(), options);
    request.json(&serde_json::json!({ "name": "a" }), "application/json");
    let resp = request.send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 201);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    // The body is sent again with each attempt.
    assert!(requests.iter().all(|r| r.method.as_str() == "POST" && r.body == br#"{"name":"a"}"#));
}

#[tokio::test]
async fn multipart_bodies_are_never_retried() {
    // A multipart form is a stream that can be sent only once.
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 1, ok()).await;

    let client = retrying(&server, fast_retries(3));
    let options = RequestOptions::new().retry_non_idempotent(true);
    let mut request = client.request(&PUT_THING, "/things/1".into(), options);
    request.multipart(&serde_json::json!({ "title": "t" }), &[]);
    let resp = request.send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 503);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 1, ok()).await;

    let client = retrying(&server, RetryPolicy::none());
    let resp = client.request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 503);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn timeout_is_a_transport_error() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ok().set_delay(Duration::from_secs(2))).mount(&server).await;

    let client = builder(&server).timeout(Duration::from_millis(50)).build().unwrap();
    match client.request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "{e:?}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn per_call_timeout_overrides_the_clients() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ok().set_delay(Duration::from_secs(2))).mount(&server).await;

    // The client's own timeout (60 s by default) would let the call succeed.
    let client = builder(&server).build().unwrap();
    let options = RequestOptions::new().timeout(Duration::from_millis(50));
    match client.request(&GET_THING, "/things/1".into(), options).send::<()>().await {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "{e:?}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_timed_out_attempt_is_retried() {
    let server = MockServer::start().await;
    mount_sequence(&server, ok().set_delay(Duration::from_secs(5)), 1, ok()).await;

    // Generous timeout for the second (immediate) answer on a loaded machine.
    let client = builder(&server).timeout(Duration::from_millis(1000)).retry_policy(fast_retries(1)).build().unwrap();
    let resp = client.request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 200);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn connection_errors_are_transport_errors_after_retries() {
    let client = ClientBuilder::new(API).base_url(closed_port_url()).retry_policy(fast_retries(2)).build().unwrap();
    match client.request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await {
        Err(e @ Error::Transport(_)) => {
            assert_eq!(e.status(), None);
            assert!(e.headers().is_none() && e.entity().is_none());
            assert!(std::error::Error::source(&e).is_some(), "the reqwest error is the source");
        }
        other => panic!("expected a connection error, got {other:?}"),
    }
}
