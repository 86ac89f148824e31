//! The `tracing` span and events of `Request::send`: what they record, and
//! the secrets they must not.

mod common;

use std::io;
use std::sync::{Arc, Mutex};

use common::*;
use openapi_rust_runtime::{path_segment, ClientBuilder, HttpMethod, Operation, RequestOptions, RetryPolicy};
use tracing::Level;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A writer into a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl io::Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// Runs `f` with a DEBUG subscriber writing to a buffer, and returns what it wrote.
///
/// `#[tokio::test]` runs on the current thread, so the thread-local default
/// subscriber sees every event of the request.
async fn traced<F: std::future::Future<Output = ()>>(f: F) -> String {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(Level::DEBUG).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    f.await;
    buffer.text()
}

static GET_SECRET_THING: Operation = Operation {
    id: "getSecretThing",
    method: HttpMethod::Get,
    path: "/things/{id}",
    servers: &[],
    security: &[&["bearer", "key_query"]],
    accept: Some("application/json"),
};

const SECRETS: [&str; 3] = ["bearer-token-42", "query-key-42", "path-value-42"];

#[tokio::test]
async fn a_request_is_traced_without_secrets() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 1, ResponseTemplate::new(200)).await;
    let client = builder(&server)
        .credential("bearer", token("bearer-token-42"))
        .credential("key_query", token("query-key-42"))
        .retry_policy(fast_retries(2))
        .build()
        .unwrap();

    let output = traced(async {
        let path = format!("/things/{}", path_segment("path-value-42"));
        let resp = client.request(&GET_SECRET_THING, path, RequestOptions::default()).send::<()>().await.unwrap();
        assert_eq!(resp.status.as_u16(), 200);
    })
    .await;

    // The secrets did reach the server: their absence below means something.
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert!(requests[1].url.as_str().contains("path-value-42") && requests[1].url.as_str().contains("query-key-42"));

    let lines: Vec<&str> = output.lines().collect();
    assert!(!lines.is_empty(), "nothing traced");
    for line in &lines {
        // Every event is inside the span, with its fields.
        assert!(line.contains(r#"request{operation="getSecretThing" method="GET" path="/things/{id}"}"#), "{line}");
    }
    let events = |message: &str| lines.iter().filter(|l| l.contains(message)).copied().collect::<Vec<_>>();
    let sending = events("sending");
    assert_eq!(sending.len(), 2, "one event per attempt:\n{output}");
    assert!(sending[0].contains("attempt=0") && sending[1].contains("attempt=1"), "{output}");
    let retrying = events("retrying");
    assert_eq!(retrying.len(), 1, "{output}");
    assert!(retrying[0].contains("status=503") && retrying[0].contains("delay_ms="), "{output}");
    let response = events("response");
    assert_eq!(response.len(), 1, "{output}");
    assert!(response[0].contains("status=200") && response[0].contains("elapsed_ms="), "{output}");
    assert!(lines.iter().all(|l| l.contains("DEBUG")), "debug level:\n{output}");

    for secret in SECRETS {
        assert!(!output.contains(secret), "the trace shows `{secret}`:\n{output}");
    }
}

#[tokio::test]
async fn refused_and_failed_requests_are_traced_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let output = traced(async {
        // Refused: the `..` of another parameter.
        let client = builder(&server).credential("bearer", token("bearer-token-42")).build().unwrap();
        let path = format!("/things/{}/parts/{}", path_segment("path-value-42"), path_segment(".."));
        let err = client.request(&GET_PART, path, RequestOptions::default()).send::<()>().await.unwrap_err();
        assert!(matches!(err, openapi_rust_runtime::Error::InvalidRequest(_)));

        // A connection error, with the key in the query.
        let closed = ClientBuilder::new(API)
            .base_url(closed_port_url())
            .credential("bearer", token("bearer-token-42"))
            .credential("key_query", token("query-key-42"))
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let path = format!("/things/{}", path_segment("path-value-42"));
        closed.request(&GET_SECRET_THING, path, RequestOptions::default()).send::<()>().await.unwrap_err();
    })
    .await;
    assert!(output.contains("request refused before sending"), "{output}");
    assert!(output.contains("transport error") && output.contains("timeout=false"), "{output}");
    for secret in SECRETS {
        assert!(!output.contains(secret), "the trace shows `{secret}`:\n{output}");
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn nothing_is_traced_above_debug_level() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt().with_max_level(Level::INFO).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    client(&server).request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap();
    assert_eq!(buffer.text(), "");
}
