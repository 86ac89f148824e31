//! Auto-pagination against local servers that serve several pages, one
//! test per way of asking for the next page (a cursor from the body, a
//! link in the body, the `Link` header, page numbers, offsets), and the
//! stops: an empty page, a repeating cursor, an error.

// The decoders' `Error` is the runtime's, as large as generated code's.
#![allow(clippy::result_large_err)]

mod common;

use openapi_rust_runtime::{
    ApiResponse, Error, Follow, HttpMethod, Operation, Pages, Paginate, RawResponse, RequestOptions,
};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

static LIST: Operation = Operation {
    id: "listThings",
    method: HttpMethod::Get,
    path: "/things",
    servers: &[],
    security: &[],
    accept: Some("application/json"),
};

#[derive(Debug, Deserialize, PartialEq)]
struct Page {
    #[serde(default)]
    items: Vec<u32>,
    next: Option<String>,
    links: Option<Links>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Links {
    next: Option<String>,
}

fn decode(raw: RawResponse) -> Result<ApiResponse<Page>, Error<()>> {
    match raw.status.as_u16() {
        200..=299 => {
            let body = raw.json::<Page, _>()?;
            raw.ok(body)
        }
        _ => Err(raw.error(())),
    }
}

fn decode_list(raw: RawResponse) -> Result<ApiResponse<Vec<u32>>, Error<()>> {
    match raw.status.as_u16() {
        200..=299 => {
            let body = raw.json::<Vec<u32>, _>()?;
            raw.ok(body)
        }
        _ => Err(raw.error(())),
    }
}

fn count(p: &Page) -> usize {
    p.items.len()
}

fn items(p: Page) -> Vec<u32> {
    p.items
}

/// The first request: `GET /things?limit=2`, which every page keeps.
fn first(server: &MockServer) -> openapi_rust_runtime::Request {
    let client = common::builder(server).retry_policy(common::fast_retries(2)).build().expect("client");
    let mut request = client.request(&LIST, "/things".into(), RequestOptions::default());
    request.query("limit", &2, openapi_rust_runtime::ParamStyle::Form, true);
    request
}

async fn serve(server: &MockServer, cursor: Option<&str>, body: serde_json::Value) {
    let mock = Mock::given(method("GET")).and(path("/things")).and(query_param("limit", "2"));
    let mock = match cursor {
        Some(c) => mock.and(query_param("cursor", c)),
        None => mock.and(query_param_is_missing("cursor")),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(server).await;
}

async fn all<T, S: futures_core::Stream<Item = Result<T, Error<()>>> + Unpin>(mut s: S) -> Vec<Result<T, String>> {
    let mut out = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| std::pin::Pin::new(&mut s).poll_next(cx)).await {
        out.push(item.map_err(|e| e.to_string()));
    }
    out
}

fn ok(items: &[u32]) -> Vec<Result<u32, String>> {
    items.iter().map(|i| Ok(*i)).collect()
}

fn cursor_of(p: &Page) -> Option<String> {
    p.next.clone()
}

#[tokio::test]
async fn a_cursor_from_the_body_is_followed_until_there_is_none() {
    let server = MockServer::start().await;
    serve(&server, None, json!({ "items": [1, 2], "next": "b" })).await;
    serve(&server, Some("b"), json!({ "items": [3, 4], "next": "c" })).await;
    serve(&server, Some("c"), json!({ "items": [5] })).await;
    let follow = Follow::Cursor { param: "cursor", cursor: cursor_of };
    let got = all(Paginate::new(Pages::new(first(&server), decode, follow, count), items)).await;
    assert_eq!(got, ok(&[1, 2, 3, 4, 5]));
    assert_eq!(common::received(&server).await.len(), 3);
}

#[tokio::test]
async fn an_empty_page_and_a_repeated_cursor_stop_the_pages() {
    let server = MockServer::start().await;
    serve(&server, None, json!({ "items": [1], "next": "b" })).await;
    serve(&server, Some("b"), json!({ "items": [], "next": "c" })).await;
    let follow = Follow::Cursor { param: "cursor", cursor: cursor_of };
    assert_eq!(all(Paginate::new(Pages::new(first(&server), decode, follow, count), items)).await, ok(&[1]));

    let server = MockServer::start().await;
    serve(&server, None, json!({ "items": [1], "next": "same" })).await;
    serve(&server, Some("same"), json!({ "items": [2], "next": "same" })).await;
    let follow = Follow::Cursor { param: "cursor", cursor: cursor_of };
    assert_eq!(all(Paginate::new(Pages::new(first(&server), decode, follow, count), items)).await, ok(&[1, 2]));
    assert_eq!(common::received(&server).await.len(), 2, "a cursor seen before is not fetched again");
}

#[tokio::test]
async fn a_link_in_the_body_is_the_next_url_relative_or_absolute() {
    let server = MockServer::start().await;
    let absolute = format!("{}/things?limit=2&continueToken=t3", server.uri());
    Mock::given(path("/things"))
        .and(query_param_is_missing("continueToken"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "items": [1], "links": { "next": "/things?limit=2&continueToken=t2" } })),
        )
        .mount(&server)
        .await;
    Mock::given(path("/things"))
        .and(query_param("continueToken", "t2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "items": [2], "links": { "next": absolute } })))
        .mount(&server)
        .await;
    Mock::given(path("/things"))
        .and(query_param("continueToken", "t3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "items": [3], "links": {} })))
        .mount(&server)
        .await;
    let follow = Follow::BodyLink(|p: &Page| p.links.as_ref()?.next.clone());
    let got = all(Paginate::new(Pages::new(first(&server), decode, follow, count), items)).await;
    assert_eq!(got, ok(&[1, 2, 3]));
    let queries: Vec<String> =
        common::received(&server).await.iter().map(|r| r.url.query().unwrap_or("").to_string()).collect();
    assert_eq!(queries, ["limit=2", "limit=2&continueToken=t2", "limit=2&continueToken=t3"]);
}

#[tokio::test]
async fn the_link_header_leads_to_the_next_page_and_pages_keep_their_headers() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", "</things?page=2>; rel=\"next\", </things?page=9>; rel=\"last\"")
                .set_body_json(json!([1, 2])),
        )
        .mount(&server)
        .await;
    Mock::given(path("/things"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-page", "2").set_body_json(json!([3])))
        .mount(&server)
        .await;
    let pages = Pages::new(first(&server), decode_list, Follow::LinkHeader, Vec::len);
    let got = all(pages).await;
    let summary: Vec<(Vec<u32>, Option<String>)> = got
        .into_iter()
        .map(|p| {
            let p = p.expect("a page");
            (p.body, p.headers.get("x-page").map(|v| v.to_str().expect("text").to_string()))
        })
        .collect();
    assert_eq!(summary, [(vec![1, 2], None), (vec![3], Some("2".to_string()))]);
}

#[tokio::test]
async fn page_numbers_count_up_from_the_first_calls_and_stop_on_an_empty_page() {
    let server = MockServer::start().await;
    for (page, body) in [("3", json!([1, 2])), ("4", json!([3])), ("5", json!([]))] {
        Mock::given(path("/things"))
            .and(query_param("page", page))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let mut request = first(&server);
    request.query("page", &3, openapi_rust_runtime::ParamStyle::Form, true);
    let pages = Pages::new(request, decode_list, Follow::PageNumber { param: "page", first: 1 }, Vec::len);
    let got = all(Paginate::new(pages, |p: Vec<u32>| p)).await;
    assert_eq!(got, ok(&[1, 2, 3]));
    assert_eq!(common::received(&server).await.len(), 3);
}

#[tokio::test]
async fn offsets_advance_by_the_items_received() {
    let server = MockServer::start().await;
    for (offset, body) in [("0", json!([1, 2])), ("2", json!([3, 4])), ("4", json!([]))] {
        Mock::given(path("/things"))
            .and(query_param("offset", offset))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let mut request = first(&server);
    request.query("offset", &0, openapi_rust_runtime::ParamStyle::Form, true);
    let pages = Pages::new(request, decode_list, Follow::Offset { param: "offset" }, Vec::len);
    assert_eq!(all(Paginate::new(pages, |p: Vec<u32>| p)).await, ok(&[1, 2, 3, 4]));
}

#[tokio::test]
async fn an_error_is_one_item_and_ends_the_stream_and_retries_apply_per_page() {
    let server = MockServer::start().await;
    serve(&server, None, json!({ "items": [1], "next": "b" })).await;
    Mock::given(path("/things"))
        .and(query_param("cursor", "b"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let follow = Follow::Cursor { param: "cursor", cursor: cursor_of };
    let got = all(Paginate::new(Pages::new(first(&server), decode, follow, count), items)).await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0] == Ok(1) && got[1].as_ref().is_err_and(|e| e.contains("404")), "{got:?}");

    let server = MockServer::start().await;
    serve(&server, None, json!({ "items": [1], "next": "b" })).await;
    Mock::given(path("/things"))
        .and(query_param("cursor", "b"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    serve(&server, Some("b"), json!({ "items": [2] })).await;
    let follow = Follow::Cursor { param: "cursor", cursor: cursor_of };
    let got = all(Paginate::new(Pages::new(first(&server), decode, follow, count), items)).await;
    assert_eq!(got, ok(&[1, 2]), "the second page is retried once");
    assert_eq!(common::received(&server).await.len(), 3);
}
