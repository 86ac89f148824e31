//! Per-call options: a retry policy and extra headers that override the
//! client's, observed on the wire.

mod common;

use common::*;
use openapi_rust_runtime::{Error, RequestOptions, RetryPolicy};
use wiremock::{MockServer, ResponseTemplate};

#[tokio::test]
async fn a_per_call_retry_policy_replaces_the_clients() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 5, ResponseTemplate::new(200)).await;
    let client = builder(&server).retry_policy(fast_retries(3)).build().unwrap();
    let options = RequestOptions::new().retry_policy(RetryPolicy::none());
    let resp = client.request(&GET_THING, "/things/1".into(), options).send::<()>().await.unwrap();
    assert_eq!(resp.status.as_u16(), 503, "no retry with the per-call policy");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn extra_headers_are_sent_and_replace_the_calls_own() {
    let server = ok_server().await;
    let client = builder(&server).build().unwrap();
    let options = RequestOptions::new().header("x-trace", "t-1").header("accept", "text/plain");
    client.request(&GET_THING, "/things/1".into(), options).send::<()>().await.unwrap();
    let r = &received(&server).await[0];
    let values = |name: &str| -> Vec<String> {
        r.headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_string()).collect()
    };
    assert_eq!(values("x-trace"), ["t-1"]);
    assert_eq!(values("accept"), ["text/plain"], "the operation's `Accept` is replaced, not doubled");
}

#[tokio::test]
async fn an_invalid_extra_header_fails_before_sending() {
    let server = MockServer::start().await;
    let client = builder(&server).build().unwrap();
    for options in [RequestOptions::new().header("bad name", "v"), RequestOptions::new().header("x-a", "line\nbreak")] {
        let result = client.request(&GET_THING, "/things/1".into(), options).send::<()>().await;
        assert!(matches!(result, Err(Error::InvalidRequest(_))), "{result:?}");
    }
    assert!(received(&server).await.is_empty());
}
