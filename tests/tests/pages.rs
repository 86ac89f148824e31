//! Issue 22, pagination: the committed crate of `specs/pages.yaml`
//! (`generated/pages`) against local servers that serve several pages,
//! one test per way of paging: a cursor from the body, a link in the
//! body, page numbers, offsets, and the Link header (configured in
//! `specs/sdks.yaml`, as is `listRecent`, which has no pagination).

use pages::models::Thing;
use pages::{Client, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::none()).build().expect("client")
}

fn things(ids: &[i64]) -> Value {
    Value::Array(ids.iter().map(|id| json!({ "id": id })).collect())
}

async fn page(server: &MockServer, at: &str, param: (&str, Option<&str>), response: ResponseTemplate) {
    let mock = Mock::given(path(at));
    let mock = match param.1 {
        Some(v) => mock.and(query_param(param.0, v)),
        None => mock.and(query_param_is_missing(param.0)),
    };
    mock.respond_with(response).mount(server).await;
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Every item of a stream of `Result<Thing, _>`, as ids.
async fn ids<E: std::fmt::Debug>(
    mut items: impl futures_util::Stream<Item = Result<Thing, Error<E>>> + Unpin,
) -> Vec<i64> {
    use futures_util::StreamExt;
    let mut out = Vec::new();
    while let Some(item) = items.next().await {
        out.push(item.expect("an item").id);
    }
    out
}

async fn queries(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.expect("recording");
    received.iter().map(|r| r.url.query().unwrap_or("").to_string()).collect()
}

#[tokio::test]
async fn a_cursor_from_the_body_keeps_the_other_parameters() {
    let server = MockServer::start().await;
    let at = "/cursor/things";
    page(&server, at, ("page_token", None), ok(json!({ "data": things(&[1, 2]), "meta": { "next_page_token": "b" } })))
        .await;
    page(
        &server,
        at,
        ("page_token", Some("b")),
        ok(json!({ "data": things(&[3]), "meta": { "next_page_token": null } })),
    )
    .await;
    let got = ids(client(&server).things().list_by_cursor().limit(2).paginate()).await;
    assert_eq!(got, [1, 2, 3]);
    assert_eq!(queries(&server).await, ["limit=2", "limit=2&page_token=b"]);
}

/// `listDeclared` names nothing a detection rule knows and has two lists;
/// only its `x-speakeasy-pagination` extension makes it page.
#[tokio::test]
async fn a_vendor_extension_declares_the_cursor_and_the_items() {
    let server = MockServer::start().await;
    let at = "/declared/things";
    let first = json!({ "batch": things(&[1, 2]), "other": ["x"], "following": "c2" });
    page(&server, at, ("from_id", None), ok(first)).await;
    page(&server, at, ("from_id", Some("c2")), ok(json!({ "batch": things(&[3]), "other": [] }))).await;
    assert_eq!(ids(client(&server).things().list_declared().paginate()).await, [1, 2, 3]);
    assert_eq!(queries(&server).await, ["", "from_id=c2"]);
}

#[tokio::test]
async fn a_link_in_the_body_is_followed() {
    let server = MockServer::start().await;
    let at = "/link/things";
    let next = json!({ "next": "/link/things?continueToken=t2" });
    page(&server, at, ("continueToken", None), ok(json!({ "things": things(&[1]), "links": next }))).await;
    page(&server, at, ("continueToken", Some("t2")), ok(json!({ "things": things(&[2]), "links": {} }))).await;
    assert_eq!(ids(client(&server).things().list_by_link().paginate()).await, [1, 2]);
}

#[tokio::test]
async fn page_numbers_stop_on_an_empty_page_and_pages_carry_their_status() {
    let server = MockServer::start().await;
    let at = "/numbered/things";
    page(&server, at, ("page", None), ok(things(&[1, 2]))).await;
    page(&server, at, ("page", Some("2")), ok(things(&[3]))).await;
    page(&server, at, ("page", Some("3")), ok(things(&[]))).await;
    assert_eq!(ids(client(&server).things().list_by_page().per_page(2).paginate()).await, [1, 2, 3]);
    assert_eq!(queries(&server).await, ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]);

    let mut pages = client(&server).things().list_by_page().pages();
    let mut sizes = Vec::new();
    while let Some(p) = pages.next().await {
        let p = p.expect("a page");
        sizes.push((p.status.as_u16(), p.body.len()));
    }
    assert_eq!(sizes, [(200, 2), (200, 1), (200, 0)]);
}

#[tokio::test]
async fn offsets_advance_by_the_items_received() {
    let server = MockServer::start().await;
    let at = "/offset/things";
    page(&server, at, ("offset", None), ok(json!({ "results": things(&[1, 2]) }))).await;
    page(&server, at, ("offset", Some("2")), ok(json!({ "results": things(&[3, 4]) }))).await;
    page(&server, at, ("offset", Some("4")), ok(json!({ "results": [] }))).await;
    assert_eq!(ids(client(&server).things().list_by_offset().limit(2).paginate()).await, [1, 2, 3, 4]);
}

#[tokio::test]
async fn the_configured_link_header_is_followed_and_an_error_ends_the_stream() {
    let server = MockServer::start().await;
    let at = "/linked/things";
    let first = ok(things(&[1])).insert_header("link", "</linked/things?page=p2>; rel=\"next\"");
    page(&server, at, ("page", None), first).await;
    page(&server, at, ("page", Some("p2")), ResponseTemplate::new(500)).await;
    let mut items = client(&server).things().list_by_link_header().paginate();
    assert_eq!(items.next().await.expect("one item").expect("a thing").id, 1);
    let err = items.next().await.expect("the error").expect_err("a 500");
    assert!(matches!(&err, Error::Response(r) if r.status.as_u16() == 500), "{err:?}");
    assert!(items.next().await.is_none());
}

/// The configuration turns `listRecent`'s detection off: it has no
/// `paginate()`. Checked by what the generator read, not by the text.
#[test]
fn a_configured_none_turns_detection_off() {
    let sdks = generator::sdks::read(&tests::workspace_root().join("specs/sdks.yaml")).expect("sdks.yaml");
    let sdk = sdks.iter().find(|s| s.spec.ends_with("pages.yaml")).expect("pages.yaml");
    let (api, ..) = sdk.config().check().expect("check");
    let paged: Vec<&str> = api
        .groups
        .iter()
        .flat_map(|g| &g.operations)
        .filter(|o| o.pagination.is_some())
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(paged, ["listByCursor", "listByLink", "listDeclared", "listByPage", "listByOffset", "listByLinkHeader"]);
}
