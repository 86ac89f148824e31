//! Issue 4: the HTTP runtime every generated crate gets (templates
//! `client.rs.j2`, `runtime.rs.j2`, `error.rs.j2`), observed on the wire with
//! `wiremock` through the committed `vonage-account` and `qovery-secrets`
//! clients: retries, timeouts, encoding, credentials and request bodies.

use std::time::{Duration, Instant};

use base64::Engine as _;
use qovery_secrets::apis::job_secret_api::{CreateJobSecretError, ListJobSecretsError};
use qovery_secrets::{RequestOptions, RetryPolicy};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const JOB: &str = "7c7e6b8a-3f1d-4c2e-9a51-0d2b8f6e4a10";

fn job_id() -> uuid::Uuid {
    uuid::Uuid::parse_str(JOB).unwrap()
}

/// Tiny delays, so that retry tests take milliseconds.
fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy { max_retries, initial_backoff: Duration::from_millis(5), max_backoff: Duration::from_millis(50) }
}

fn qovery(server: &MockServer, retry: RetryPolicy) -> qovery_secrets::Client {
    qovery_secrets::Client::builder()
        .base_url(server.uri())
        .bearer_auth("test-token")
        .retry_policy(retry)
        .build()
        .expect("client")
}

fn secret_json() -> serde_json::Value {
    serde_json::json!({
        "id": "1d5a9e2c-8b47-4f03-a6de-52c0b9f3e781",
        "created_at": "2024-05-01T10:00:00Z",
        "key": "DATABASE_PASSWORD",
        "scope": "JOB"
    })
}

fn list_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({ "results": [secret_json()] }))
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

/// Mounts `first` for the first `times` requests to any path, `then` afterwards.
async fn mount_sequence(server: &MockServer, first: ResponseTemplate, times: u64, then: ResponseTemplate) {
    Mock::given(any()).respond_with(first).up_to_n_times(times).with_priority(1).mount(server).await;
    Mock::given(any()).respond_with(then).with_priority(2).mount(server).await;
}

#[tokio::test]
async fn retries_503_with_backoff_then_succeeds() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 2, list_ok()).await;

    let list = qovery(&server, fast_retries(3)).job_secret().list_job_secrets(job_id()).await.expect("third try");
    assert_eq!(list.results.map(|r| r.len()), Some(1));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "two 503s, then the success");
    assert!(requests.iter().all(|r| r.url.path() == format!("/job/{JOB}/secret")));
}

#[tokio::test]
async fn gives_up_after_max_retries_with_the_last_status() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).mount(&server).await;

    let err = qovery(&server, fast_retries(2)).job_secret().list_job_secrets(job_id()).await.unwrap_err();
    match err {
        qovery_secrets::Error::Response(r) => {
            assert_eq!(r.status.as_u16(), 503);
            assert!(matches!(r.entity, ListJobSecretsError::Unknown { status: 503, .. }), "{:?}", r.entity);
        }
        other => panic!("expected the 503 response, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 3, "first attempt and two retries");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503).insert_header("Retry-After", "1"), 1, list_ok()).await;
    let policy =
        RetryPolicy { max_retries: 1, initial_backoff: Duration::from_millis(1), max_backoff: Duration::from_secs(5) };

    let started = Instant::now();
    qovery(&server, policy).job_secret().list_job_secrets(job_id()).await.expect("retry succeeds");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "Retry-After: 1 must delay the retry by 1 s, waited {waited:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    let server = MockServer::start().await;
    let at = (chrono::Utc::now() + chrono::Duration::seconds(2)).format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    mount_sequence(&server, ResponseTemplate::new(503).insert_header("Retry-After", at.as_str()), 1, list_ok()).await;
    let policy =
        RetryPolicy { max_retries: 1, initial_backoff: Duration::from_millis(1), max_backoff: Duration::from_secs(5) };

    let started = Instant::now();
    qovery(&server, policy).job_secret().list_job_secrets(job_id()).await.expect("retry succeeds");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900), "Retry-After: {at} must delay the retry, waited {waited:?}");
    assert!(waited < Duration::from_secs(4), "waited {waited:?}");
}

#[tokio::test]
async fn retry_after_is_bounded_by_max_backoff() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(429).insert_header("Retry-After", "3600"), 1, list_ok()).await;
    let policy = RetryPolicy {
        max_retries: 1,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(100),
    };

    let started = Instant::now();
    qovery(&server, policy).job_secret().list_job_secrets(job_id()).await.expect("retry succeeds");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(100), "waited {waited:?}");
    assert!(waited < Duration::from_secs(5), "Retry-After must be capped at max_backoff, waited {waited:?}");
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 1, ResponseTemplate::new(201).set_body_json(secret_json()))
        .await;

    let api = qovery(&server, fast_retries(3)).job_secret();
    let err = api.create_job_secret(job_id(), None).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(matches!(err.entity(), Some(CreateJobSecretError::Unknown { status: 503, .. })), "{err:?}");
    assert_eq!(received(&server).await.len(), 1, "POST is not idempotent: no retry");
}

#[tokio::test]
async fn post_is_retried_when_asked() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 1, ResponseTemplate::new(201).set_body_json(secret_json()))
        .await;

    let api =
        qovery(&server, fast_retries(3)).job_secret().with_options(RequestOptions::new().retry_non_idempotent(true));
    let secret = api.create_job_secret(job_id(), None).await.expect("retried POST succeeds");
    assert_eq!(secret.key, "DATABASE_PASSWORD");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.method.as_str() == "POST"));
}

#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 1, list_ok()).await;

    let err = qovery(&server, RetryPolicy::none()).job_secret().list_job_secrets(job_id()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn timeout_is_a_transport_error() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(list_ok().set_delay(Duration::from_secs(3))).mount(&server).await;

    let client = qovery_secrets::Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    match client.job_secret().list_job_secrets(job_id()).await {
        Err(qovery_secrets::Error::Transport(e)) => assert!(e.is_timeout(), "{e:?}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());

    // A per-call timeout overrides the client's.
    let patient = qovery_secrets::Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
        .job_secret()
        .with_options(RequestOptions::new().timeout(Duration::from_millis(200)));
    match patient.list_job_secrets(job_id()).await {
        Err(qovery_secrets::Error::Transport(e)) => assert!(e.is_timeout(), "{e:?}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

fn vonage(server: &MockServer) -> vonage_account::Client {
    vonage_account::Client::builder()
        .base_url(server.uri())
        .basic_auth("abcd1234", "ABCDEFGH01234abc")
        .retry_policy(vonage_account::RetryPolicy::none())
        .build()
        .expect("client")
}

fn secret_info() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "id": "ad6dc56f-07b5-46e1-a527-85530e625800",
        "created_at": "2017-03-02T16:34:49Z"
    }))
}

#[tokio::test]
async fn hostile_path_parameters_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(secret_info()).mount(&server).await;
    let api = vonage(&server).secret_management();

    api.retrieve_api_secret("../admin", "a/b?c").await.expect("call");
    api.retrieve_api_secret("x#y z", "%2e%2e").await.expect("call");
    let paths: Vec<String> = received(&server).await.iter().map(|r| r.url.path().to_string()).collect();
    assert_eq!(paths, ["/accounts/..%2Fadmin/secrets/a%2Fb%3Fc", "/accounts/x%23y%20z/secrets/%252e%252e"]);
    assert!(received(&server).await.iter().all(|r| r.url.query().is_none()), "`?` must not start a query");

    // `.` and `..` cannot be sent as a segment at all (URL parsing removes
    // them, even percent-encoded, so `..` would reach `/accounts/secrets/id`):
    // refused, nothing sent.
    assert_eq!(reqwest::Url::parse("http://h/accounts/%2E%2E/secrets/id").unwrap().path(), "/secrets/id");
    for hostile in ["..", "."] {
        match api.retrieve_api_secret(hostile, "id").await {
            Err(vonage_account::Error::InvalidRequest(m)) => assert!(m.contains(".."), "{m}"),
            other => panic!("`{hostile}` must be refused, got {other:?}"),
        }
    }
    match api.retrieve_api_secret("", "id").await {
        Err(vonage_account::Error::InvalidRequest(m)) => assert!(m.contains("empty"), "{m}"),
        other => panic!("an empty path parameter must be refused, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 2, "refused calls send nothing");
}

#[tokio::test]
async fn crlf_in_a_credential_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(list_ok()).mount(&server).await;

    let client = qovery_secrets::Client::builder()
        .base_url(server.uri())
        .api_key_auth_with_prefix("Token", "abc\r\nX-Injected: yes")
        .build()
        .unwrap();
    match client.job_secret().list_job_secrets(job_id()).await {
        Err(qovery_secrets::Error::InvalidRequest(m)) => {
            assert!(m.contains("Authorization"), "{m}");
            assert!(!m.contains("abc"), "the message must not echo the credential: {m}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    let bearer = qovery_secrets::Client::builder().base_url(server.uri()).bearer_auth("t\nX: y").build().unwrap();
    assert!(matches!(
        bearer.job_secret().list_job_secrets(job_id()).await,
        Err(qovery_secrets::Error::InvalidRequest(_))
    ));
    assert!(received(&server).await.is_empty(), "no request may be sent");
}

#[tokio::test]
async fn basic_auth_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/accounts/abcd1234/secrets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "_embedded": { "secrets": [] } })))
        .expect(1)
        .mount(&server)
        .await;

    vonage(&server).secret_management().retrieve_api_secrets("abcd1234").await.expect("call");
    let requests = received(&server).await;
    let auth: Vec<_> = requests[0].headers.get_all("authorization").iter().collect();
    let expected = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("abcd1234:ABCDEFGH01234abc"));
    assert_eq!(expected, "Basic YWJjZDEyMzQ6QUJDREVGR0gwMTIzNGFiYw==");
    assert_eq!(auth.len(), 1);
    assert_eq!(auth[0].to_str().unwrap(), expected);
}

#[tokio::test]
async fn query_credentials_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/account/get-balance"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "value": 10.28, "autoReload": false })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let balance = vonage(&server).balance().get_account_balance("abcd1234", "ABC+DEF&x=1").await.expect("call");
    assert_eq!(balance.value, Some(10.28));
    let requests = received(&server).await;
    assert_eq!(requests[0].url.query(), Some("api_key=abcd1234&api_secret=ABC%2BDEF%26x%3D1"));
    assert!(requests[0].headers.get("authorization").is_none(), "this operation has no security scheme");
}

#[tokio::test]
async fn transport_errors_do_not_show_query_secrets() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))).mount(&server).await;
    let client = vonage_account::Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .retry_policy(vonage_account::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.balance().get_account_balance("abcd1234", "query-secret-42").await.unwrap_err();
    assert!(matches!(&err, vonage_account::Error::Transport(e) if e.is_timeout()), "{err:?}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("query-secret-42"), "{text}");
        assert!(text.contains("api_key=abcd1234&api_secret=REDACTED"), "{text}");
    }
}

/// Where a request went when no base URL is set: the target URL seen by a
/// client whose proxy refuses everything (no network, no DNS).
async fn target_without_base_url<F, Fut, T, E>(call: F) -> String
where
    F: FnOnce(vonage_account::Client) -> Fut,
    Fut: std::future::Future<Output = Result<T, vonage_account::Error<E>>>,
    T: std::fmt::Debug,
    E: std::fmt::Debug,
{
    // A proxy on a closed local port: every request fails before leaving the machine.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let http = reqwest::Client::builder().proxy(reqwest::Proxy::all(proxy).unwrap()).build().unwrap();
    let client = vonage_account::Client::builder()
        .http_client(http)
        .basic_auth("abcd1234", "ABCDEFGH01234abc")
        .retry_policy(vonage_account::RetryPolicy::none())
        .build()
        .unwrap();
    match call(client).await {
        Err(vonage_account::Error::Transport(e)) => e.url().expect("the error names the URL").to_string(),
        other => panic!("expected the proxy to refuse, got {other:?}"),
    }
}

#[tokio::test]
async fn per_path_servers_route_without_base_url() {
    let balance =
        target_without_base_url(|c| async move { c.balance().get_account_balance("abcd1234", "s3cret").await }).await;
    // (the secret is redacted from the URL the error carries)
    assert_eq!(balance, "https://rest.nexmo.com/account/get-balance?api_key=abcd1234&api_secret=REDACTED");
    let settings =
        target_without_base_url(|c| async move { c.configuration().change_account_settings("k", "s", None).await })
            .await;
    assert!(settings.starts_with("https://rest.nexmo.com/account/settings?"), "{settings}");
    let secrets =
        target_without_base_url(|c| async move { c.secret_management().retrieve_api_secrets("abcd1234").await }).await;
    assert_eq!(secrets, "https://api.nexmo.com/accounts/abcd1234/secrets");
    assert_eq!(vonage_account::client::DEFAULT_BASE_URL, "https://api.nexmo.com");

    // With a base URL, per-path servers are overridden too.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    vonage(&server).balance().get_account_balance("k", "s").await.expect("call");
    assert_eq!(received(&server).await[0].url.path(), "/account/get-balance");
}

#[tokio::test]
async fn one_server_can_be_moved_without_the_other() {
    // Only the `rest.nexmo.com` host goes to the mock; the secrets
    // endpoint keeps `api.nexmo.com`.
    assert_eq!(vonage_account::client::SERVERS, ["https://api.nexmo.com", "https://rest.nexmo.com"]);
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    // Requests for the real API host meet a closed local port instead.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let proxy = reqwest::Proxy::custom(move |url| (url.host_str() == Some("api.nexmo.com")).then(|| proxy.clone()));
    let client = vonage_account::Client::builder()
        .http_client(reqwest::Client::builder().proxy(proxy).build().unwrap())
        .server_url("https://rest.nexmo.com/", server.uri())
        .basic_auth("k", "s")
        .retry_policy(vonage_account::RetryPolicy::none())
        .build()
        .unwrap();
    client.balance().get_account_balance("k", "s").await.expect("moved host");
    assert_eq!(received(&server).await[0].url.path(), "/account/get-balance");
    match client.secret_management().retrieve_api_secrets("k").await {
        Err(vonage_account::Error::Transport(e)) => {
            assert_eq!(e.url().unwrap().as_str(), "https://api.nexmo.com/accounts/k/secrets")
        }
        other => panic!("expected the api host, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 1);
}

#[test]
fn debug_output_hides_secrets() {
    let vonage = vonage_account::Client::builder()
        .base_url("http://127.0.0.1:1")
        .basic_auth("abcd1234", "basic-password-42")
        .build()
        .unwrap();
    let qovery_builder = qovery_secrets::Client::builder()
        .default_header(reqwest::header::AUTHORIZATION, reqwest::header::HeaderValue::from_static("default-auth-42"))
        .default_header(
            reqwest::header::HeaderName::from_static("x-api-key"),
            reqwest::header::HeaderValue::from_static("default-key-42"),
        )
        .bearer_auth("bearer-token-42")
        .api_key_auth_with_prefix("Token", "api-key-42");
    let builder_debug = format!("{qovery_builder:?}");
    let qovery = qovery_builder.build().unwrap();
    for text in [
        format!("{vonage:?}"),
        format!("{vonage:#?}"),
        format!("{:?}", vonage.secret_management()),
        format!("{qovery:?}"),
        format!("{:?}", qovery.job_secret()),
        builder_debug,
    ] {
        for secret in ["basic-password-42", "bearer-token-42", "api-key-42", "default-auth-42", "default-key-42"] {
            assert!(!text.contains(secret), "Debug shows `{secret}`: {text}");
        }
        assert!(text.contains("redacted"), "{text}");
    }
}

#[tokio::test]
async fn one_authorization_header_when_several_alternatives_are_configured() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(list_ok()).mount(&server).await;

    // Qovery lists bearerAuth and ApiKeyAuth as alternatives, both in `Authorization`.
    let client = qovery_secrets::Client::builder()
        .base_url(server.uri())
        .api_key_auth_with_prefix("Token", "api-key")
        .bearer_auth("jwt")
        .build()
        .unwrap();
    client.job_secret().list_job_secrets(job_id()).await.expect("call");
    let api_key_only =
        qovery_secrets::Client::builder().base_url(server.uri()).api_key_auth_with_prefix("Token", "api-key").build();
    api_key_only.unwrap().job_secret().list_job_secrets(job_id()).await.expect("call");

    let requests = received(&server).await;
    let auth = |r: &Request| {
        r.headers.get_all("authorization").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(auth(&requests[0]), ["Bearer jwt"], "the spec's first alternative, alone");
    assert_eq!(auth(&requests[1]), ["Token api-key"]);
}

#[tokio::test]
async fn absent_optional_body_sends_no_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/job/{JOB}/secret")))
        .respond_with(ResponseTemplate::new(201).set_body_json(secret_json()))
        .mount(&server)
        .await;

    let api = qovery(&server, RetryPolicy::none()).job_secret();
    api.create_job_secret(job_id(), None).await.expect("call");
    api.create_job_secret(job_id(), Some(qovery_secrets::models::SecretRequest::new("K".into()))).await.expect("call");

    let requests = received(&server).await;
    assert!(requests[0].body.is_empty(), "body: {:?}", String::from_utf8_lossy(&requests[0].body));
    assert!(requests[0].headers.get("content-type").is_none(), "{:?}", requests[0].headers);
    assert_eq!(requests[1].body, br#"{"key":"K"}"#);
    assert_eq!(requests[1].headers.get("content-type").unwrap(), "application/json");
}

/// The pattern the README gives instead of a blocking client.
#[test]
fn synchronous_callers_use_their_own_runtime() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(list_ok()).mount(&server).await;
        server
    });
    let client = qovery(&server, RetryPolicy::none());
    let list = rt.block_on(client.job_secret().list_job_secrets(job_id()).send()).expect("call");
    assert_eq!(list.results.map(|r| r.len()), Some(1));
}

#[test]
fn a_model_body_is_written_as_the_text_of_its_json_tree() {
    use qovery_secrets::runtime::ToJson;
    let mut full = secret_json();
    full["updated_at"] = serde_json::json!("2024-05-02T11:30:00.250Z");
    full["description"] = serde_json::Value::Null;
    full["service_name"] = serde_json::json!("tab\t\"quote\" \u{1}");
    full["aliased_secret"] = serde_json::json!({
        "id": "1d5a9e2c-8b47-4f03-a6de-52c0b9f3e782", "key": "K", "mount_path": "/m",
        "scope": "PROJECT", "variable_type": "SOME_NEW_TYPE"
    });
    for value in [secret_json(), full] {
        let secret: qovery_secrets::models::Secret = serde_json::from_value(value).expect("a secret");
        let tree = serde_json::to_vec(&secret.to_json()).expect("the tree's text");
        assert_eq!(
            String::from_utf8(qovery_secrets::runtime::json::to_vec(&secret)).unwrap(),
            String::from_utf8(tree).unwrap()
        );
    }
}
