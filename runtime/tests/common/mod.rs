//! Shared by the runtime's integration tests: an API description, a few
//! operations, and helpers around `wiremock`.
//!
//! Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::time::Duration;

use openapi_rust_runtime::{
    ApiInfo, Client, ClientBuilder, Credential, HttpMethod, KeyLocation, Operation, RetryPolicy, Scheme,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// An API with one scheme of each kind.
pub const API: ApiInfo = ApiInfo {
    default_server: "https://api.example.test",
    schemes: &[
        ("bearer", Scheme::Bearer),
        ("basic", Scheme::Basic),
        ("key_header", Scheme::ApiKey(KeyLocation::Header, "X-Api-Key")),
        ("key_query", Scheme::ApiKey(KeyLocation::Query, "api_key")),
        ("key_cookie", Scheme::ApiKey(KeyLocation::Cookie, "session")),
    ],
    user_agent: "test/0",
};

pub static GET_THING: Operation = Operation {
    id: "getThing",
    method: HttpMethod::Get,
    path: "/things/{id}",
    servers: &[],
    security: &[&["bearer"]],
    accept: Some("application/json"),
};

/// A path parameter that is not the last segment, so that an empty value
/// shows as `//`.
pub static GET_PART: Operation = Operation {
    id: "getPart",
    method: HttpMethod::Get,
    path: "/things/{id}/parts/{part}",
    servers: &[],
    security: &[],
    accept: Some("application/json"),
};

pub static LIST_THINGS: Operation = Operation {
    id: "listThings",
    method: HttpMethod::Get,
    path: "/things",
    servers: &[],
    security: &[],
    accept: Some("application/json"),
};

pub static CREATE_THING: Operation = Operation {
    id: "createThing",
    method: HttpMethod::Post,
    path: "/things",
    servers: &[],
    security: &[],
    accept: Some("application/json"),
};

pub static PUT_THING: Operation = Operation {
    id: "putThing",
    method: HttpMethod::Put,
    path: "/things/{id}",
    servers: &[],
    security: &[],
    accept: None,
};

/// Tiny delays, so that retry tests take milliseconds.
pub fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy { max_retries, initial_backoff: Duration::from_millis(2), max_backoff: Duration::from_millis(20) }
}

/// A builder aimed at `server`, without retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    ClientBuilder::new(API).base_url(server.uri()).retry_policy(RetryPolicy::none())
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("client")
}

pub fn token(t: &str) -> Credential {
    Credential::Token(t.to_string())
}

/// A server answering 200 `{}` to everything.
pub async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    server
}

pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

/// Mounts `first` for the first `times` requests to any path, `then` afterwards.
pub async fn mount_sequence(server: &MockServer, first: ResponseTemplate, times: u64, then: ResponseTemplate) {
    Mock::given(any()).respond_with(first).up_to_n_times(times).with_priority(1).mount(server).await;
    Mock::given(any()).respond_with(then).with_priority(2).mount(server).await;
}

/// `http://127.0.0.1:<port>` of a port nothing listens on.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

/// The values of header `name` in a received request.
pub fn header_values(request: &Request, name: &str) -> Vec<String> {
    request.headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_string()).collect()
}

/// A `&'static str` made at run time (for servers that are mock URIs).
pub fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}
