//! URLs on the wire: path parameters, servers, query, header and cookie
//! parameters, `Accept` and `User-Agent`.

mod common;

use common::*;
use openapi_rust_runtime::{
    path_segment, ApiInfo, ClientBuilder, Error, HttpMethod, Operation, ParamStyle, RequestOptions, RetryPolicy,
};
use wiremock::MockServer;

#[tokio::test]
async fn hostile_path_parameters_stay_one_segment() {
    let server = ok_server().await;
    let client = client(&server);
    for id in ["a/b", "?x", "#", "x y", "../admin", "%2e%2e", "é"] {
        let path = format!("/things/{}", path_segment(id));
        client.request(&GET_THING, path, RequestOptions::default()).send::<()>().await.expect(id);
    }
    let paths: Vec<String> = received(&server).await.iter().map(|r| r.url.path().to_string()).collect();
    assert_eq!(
        paths,
        [
            "/things/a%2Fb",
            "/things/%3Fx",
            "/things/%23",
            "/things/x%20y",
            "/things/..%2Fadmin",
            "/things/%252e%252e",
            "/things/%C3%A9"
        ]
    );
    assert!(received(&server).await.iter().all(|r| r.url.query().is_none()), "`?` must not start a query");
}

#[tokio::test]
async fn dot_and_empty_path_segments_are_refused_before_sending() {
    // URL parsing removes `.` and `..` segments, even percent-encoded ones,
    // so `..` would silently reach another endpoint.
    assert_eq!(openapi_rust_runtime::reqwest::Url::parse("http://h/things/%2E%2E/parts/1").unwrap().path(), "/parts/1");
    let server = ok_server().await;
    let client = client(&server);
    for id in ["..", ".", ""] {
        let path = format!("/things/{}/parts/{}", path_segment(id), path_segment("p"));
        match client.request(&GET_PART, path, RequestOptions::default()).send::<()>().await {
            Err(Error::InvalidRequest(m)) => {
                let expected = if id.is_empty() { "empty" } else { ".." };
                assert!(m.contains(expected), "`{id}`: {m}");
            }
            other => panic!("`{id}` must be refused, got {other:?}"),
        }
    }
    // An empty *last* parameter would reach the collection (`/things/`).
    match client
        .request(&GET_THING, format!("/things/{}", path_segment("")), RequestOptions::default())
        .send::<()>()
        .await
    {
        Err(Error::InvalidRequest(m)) => assert!(m.contains("empty"), "{m}"),
        other => panic!("an empty last path parameter must be refused, got {other:?}"),
    }
    assert!(received(&server).await.is_empty(), "refused calls send nothing");
}

#[tokio::test]
async fn refused_paths_do_not_show_other_path_parameters() {
    // The filled-in path may hold secrets (the doc of `Request::send`), so
    // the refusal names the problem, not the path.
    let server = ok_server().await;
    let path = format!("/things/{}/parts/{}", path_segment("secret-id-42"), path_segment(".."));
    let err = client(&server).request(&GET_PART, path, RequestOptions::default()).send::<()>().await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(!err.to_string().contains("secret-id-42"), "{err}");
}

#[test]
fn path_segment_flattens_values() {
    assert_eq!(path_segment(&42), "42");
    assert_eq!(path_segment(&true), "true");
    assert_eq!(path_segment(&["a", "b"]), "a%2Cb");
    assert_eq!(path_segment("-._~"), "-._~", "unreserved characters are kept");
    assert_eq!(openapi_rust_runtime::encode_segment(".."), "%2E%2E");
    assert_eq!(openapi_rust_runtime::encode_segment("."), "%2E");
    assert_eq!(openapi_rust_runtime::encode_segment("a.b"), "a.b");
}

/// Two mock servers: one stands for the API's default server, the other
/// for an operation's own server.
struct Servers {
    default: MockServer,
    other: MockServer,
    api: ApiInfo,
    own_server: &'static Operation,
    default_server: &'static Operation,
}

async fn servers() -> Servers {
    let default = ok_server().await;
    let other = ok_server().await;
    let api = ApiInfo { default_server: leak(format!("{}/v1/", default.uri())), ..API };
    let own = leak(format!("{}/v2", other.uri()));
    let own_server = Box::leak(Box::new(Operation {
        id: "ownServer",
        method: HttpMethod::Get,
        path: "/own",
        servers: Box::leak(Box::new([own])),
        security: &[],
        accept: None,
    }));
    let default_server =
        Box::leak(Box::new(Operation { id: "defaultServer", path: "/default", servers: &[], ..*own_server }));
    Servers { default, other, api, own_server, default_server }
}

async fn paths(server: &MockServer) -> Vec<String> {
    received(server).await.iter().map(|r| r.url.path().to_string()).collect()
}

async fn call_both(s: &Servers, builder: ClientBuilder) {
    let client = builder.retry_policy(RetryPolicy::none()).build().unwrap();
    for op in [s.own_server, s.default_server] {
        let path = op.path.to_string();
        let resp = client.request(op, path, RequestOptions::default()).send::<()>().await.unwrap();
        assert_eq!(resp.status.as_u16(), 200);
    }
}

#[tokio::test]
async fn operation_servers_are_used_without_a_base_url() {
    let s = servers().await;
    call_both(&s, ClientBuilder::new(s.api)).await;
    assert_eq!(paths(&s.other).await, ["/v2/own"], "the operation's server, with its base path");
    assert_eq!(paths(&s.default).await, ["/v1/default"], "the API's server, trailing `/` dropped");
}

#[tokio::test]
async fn server_url_moves_one_server_and_leaves_the_others() {
    let s = servers().await;
    let moved = ok_server().await;
    // Named with a trailing `/`, the server still matches.
    let own = format!("{}/", s.own_server.servers[0]);
    call_both(&s, ClientBuilder::new(s.api).server_url(&own, format!("{}/moved/", moved.uri()))).await;
    assert_eq!(paths(&moved).await, ["/moved/own"]);
    assert!(paths(&s.other).await.is_empty());
    assert_eq!(paths(&s.default).await, ["/v1/default"]);

    // The default server can be moved the same way.
    let s = servers().await;
    call_both(&s, ClientBuilder::new(s.api).server_url(s.api.default_server, moved.uri())).await;
    assert_eq!(paths(&moved).await, ["/moved/own", "/default"]);
    assert_eq!(paths(&s.other).await, ["/v2/own"]);
}

#[tokio::test]
async fn base_url_moves_all_servers() {
    let s = servers().await;
    let moved = ok_server().await;
    let builder = ClientBuilder::new(s.api)
        .server_url(s.own_server.servers[0], s.default.uri())
        .base_url(format!("{}/base/", moved.uri()));
    call_both(&s, builder).await;
    assert_eq!(paths(&moved).await, ["/base/own", "/base/default"], "base_url wins over server_url");
    assert!(paths(&s.default).await.is_empty() && paths(&s.other).await.is_empty());
}

#[tokio::test]
async fn query_parameters_on_the_wire() {
    let server = ok_server().await;
    let mut request = client(&server).request(&LIST_THINGS, "/things".into(), RequestOptions::default());
    request.query("ids", &[1, 2], ParamStyle::Form, true);
    request.query("tags", &["a", "b"], ParamStyle::Form, false);
    request.query("pipes", &["x", "y"], ParamStyle::PipeDelimited, false);
    request.query("q", "a&b=c d", ParamStyle::Form, true);
    request.query("filter", &serde_json::json!({ "status": "open" }), ParamStyle::DeepObject, true);
    request.query("empty", &(), ParamStyle::Form, true);
    request.send::<()>().await.unwrap();
    let r = &received(&server).await[0];
    assert_eq!(
        r.url.query(),
        Some("ids=1&ids=2&tags=a%2Cb&pipes=x%7Cy&q=a%26b%3Dc+d&filter%5Bstatus%5D=open&empty="),
        "values cannot add parameters"
    );
    let pairs: Vec<(String, String)> = r.url.query_pairs().map(|(k, v)| (k.into(), v.into())).collect();
    assert_eq!(pairs[4], ("q".to_string(), "a&b=c d".to_string()));
    assert_eq!(pairs[5], ("filter[status]".to_string(), "open".to_string()));
}

#[tokio::test]
async fn a_parameter_that_cannot_be_encoded_is_refused_before_sending() {
    let server = ok_server().await;
    // JSON object keys must be strings.
    let map: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
    let mut request = client(&server).request(&LIST_THINGS, "/things".into(), RequestOptions::default());
    request.query("m", &map, ParamStyle::Form, true);
    request.query("fine", "1", ParamStyle::Form, true);
    match request.send::<()>().await {
        Err(Error::InvalidRequest(m)) => assert!(m.contains("cannot encode parameter"), "{m}"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn header_parameters_on_the_wire() {
    let server = ok_server().await;
    let mut request = client(&server).request(&LIST_THINGS, "/things".into(), RequestOptions::default());
    request.header("X-Request-Id", "r-1");
    request.header("X-Ids", &[1, 2, 3]);
    request.header("X-Flag", &true);
    request.header("X-Obj", &serde_json::json!({ "a": 1, "b": "x" }));
    request.send::<()>().await.unwrap();
    let r = &received(&server).await[0];
    assert_eq!(header_values(r, "x-request-id"), ["r-1"]);
    assert_eq!(header_values(r, "x-ids"), ["1,2,3"]);
    assert_eq!(header_values(r, "x-flag"), ["true"]);
    assert_eq!(header_values(r, "x-obj"), ["a,1,b,x"]);

    let mut request = client(&server).request(&LIST_THINGS, "/things".into(), RequestOptions::default());
    request.header("bad name", "v");
    assert!(matches!(request.send::<()>().await, Err(Error::InvalidRequest(m)) if m.contains("bad name")));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn cookie_parameters_cannot_add_a_cookie() {
    let server = ok_server().await;
    let client = builder(&server).credential("key_cookie", token("sess")).build().unwrap();
    static COOKIE_OP: Operation = Operation { security: &[&["key_cookie"]], ..LIST_THINGS };
    let mut request = client.request(&COOKIE_OP, "/things".into(), RequestOptions::default());
    request.cookie("pref", "a; admin=1");
    request.cookie("ids", &[1, 2]);
    request.send::<()>().await.unwrap();
    let r = &received(&server).await[0];
    let cookies = header_values(r, "cookie");
    assert_eq!(cookies, ["session=sess; pref=a%3B%20admin=1; ids=1%2C2"], "one header, every cookie in it");
    let names: Vec<&str> = cookies[0].split("; ").map(|c| c.split('=').next().unwrap()).collect();
    assert_eq!(names, ["session", "pref", "ids"], "no `admin` cookie");
}

#[test]
fn cookie_values_are_encoded() {
    use openapi_rust_runtime::encode_cookie_value;
    assert_eq!(encode_cookie_value("a; admin=1"), "a%3B%20admin=1");
    assert_eq!(encode_cookie_value("q\"u,o\\te"), "q%22u%2Co%5Cte");
    assert_eq!(encode_cookie_value("100%\r\n"), "100%25%0D%0A", "`%` too, so that decoding is lossless");
    assert_eq!(encode_cookie_value("plain-Value_1.2"), "plain-Value_1.2");
}

#[tokio::test]
async fn accept_and_user_agent_headers() {
    let server = ok_server().await;
    client(&server).request(&GET_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap();
    client(&server).request(&PUT_THING, "/things/1".into(), RequestOptions::default()).send::<()>().await.unwrap();
    let custom = builder(&server).user_agent("mine/1").build().unwrap();
    custom.request(&LIST_THINGS, "/things".into(), RequestOptions::default()).send::<()>().await.unwrap();
    let requests = received(&server).await;
    assert_eq!(header_values(&requests[0], "accept"), ["application/json"]);
    assert_eq!(header_values(&requests[0], "user-agent"), ["test/0"]);
    // Without one from the operation, reqwest's default.
    assert_eq!(header_values(&requests[1], "accept"), ["*/*"]);
    assert_eq!(requests[1].method.as_str(), "PUT");
    assert_eq!(header_values(&requests[2], "user-agent"), ["mine/1"]);
}
