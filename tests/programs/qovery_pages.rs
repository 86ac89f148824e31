//! The client generated from the full Qovery document, paging through
//! `getOrganizationEvents` against a local server that answers the way
//! Qovery does: `events` and `links.next`, a URI that carries the next
//! page's `continueToken`. `tests/tests/qovery_pages.rs` builds and runs it;
//! it prints one `ok <case>` line per case and panics on the first mismatch.
//! The last case serves the pages from the crate's typed mock server.

use futures_util::StreamExt;
use qovery_upstream as qovery;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORG: &str = "11111111-1111-4111-8111-111111111111";

fn events(names: &[&str]) -> Value {
    Value::Array(names.iter().map(|n| json!({ "target_name": n, "event_type": "DEPLOYED" })).collect())
}

fn page(names: &[&str], next: Option<String>) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("x-page", names.first().copied().unwrap_or("none"))
        .set_body_json(json!({ "events": events(names), "links": { "previous": null, "next": next } }))
}

/// Three pages: the first link is relative, as Qovery writes it; the second
/// is absolute; the third page has no next link. A request for a token the
/// server never gave fails the test (wiremock answers 404).
async fn serve_pages(server: &MockServer) {
    let at = format!("/organization/{ORG}/events");
    let link = |token: &str| format!("{at}?pageSize=2&eventType=DEPLOYED&continueToken={token}");
    Mock::given(method("GET"))
        .and(path(&at))
        .and(query_param("pageSize", "2"))
        .and(query_param("eventType", "DEPLOYED"))
        .and(query_param_is_missing("continueToken"))
        .and(wiremock::matchers::header("authorization", "Token secret"))
        .respond_with(page(&["a", "b"], Some(link("t2"))))
        .mount(server)
        .await;
    Mock::given(path(&at))
        .and(query_param("continueToken", "t2"))
        .respond_with(page(&["c", "d"], Some(format!("{}{}", server.uri(), link("t3")))))
        .mount(server)
        .await;
    Mock::given(path(&at)).and(query_param("continueToken", "t3")).respond_with(page(&["e"], None)).mount(server).await;
}

fn client(server: &MockServer) -> qovery::Client {
    qovery::Client::builder()
        .base_url(server.uri())
        .api_key_auth_with_prefix("Token", "secret")
        .retry_policy(qovery::RetryPolicy::none())
        .build()
        .expect("client")
}

fn org() -> uuid::Uuid {
    ORG.parse().expect("uuid")
}

/// The program: every event of every page, in order.
async fn paginate(server: &MockServer) {
    let client = client(server);
    let mut items = client
        .organization_event()
        .get_organization_events(org())
        .page_size(2.0)
        .event_type(qovery::models::OrganizationEventType::Deployed)
        .paginate();
    let mut names = Vec::new();
    while let Some(item) = items.next().await {
        let Ok(e) = item else { panic!("{item:?} after {:#?}", server.received_requests().await) };
        let e: qovery::models::OrganizationEventResponse = e;
        names.push(e.target_name.expect("target_name"));
    }
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    let seen = server.received_requests().await.expect("recording").len();
    assert_eq!(seen, 3, "one request per page");
    println!("ok paginate");
}

/// Whole pages, with the status and headers of each.
async fn pages(server: &MockServer) {
    let client = client(server);
    let pages: Vec<_> = client
        .organization_event()
        .get_organization_events(org())
        .page_size(2.0)
        .event_type(qovery::models::OrganizationEventType::Deployed)
        .pages()
        .collect()
        .await;
    let heads: Vec<(u16, String, usize)> = pages
        .into_iter()
        .map(|p| {
            let p = p.expect("a page");
            let first = p.headers["x-page"].to_str().expect("header").to_string();
            (p.status.as_u16(), first, p.body.events.map_or(0, |e| e.len()))
        })
        .collect();
    assert_eq!(heads, [(200, "a".to_string(), 2), (200, "c".to_string(), 2), (200, "e".to_string(), 1)]);
    println!("ok pages");
}

/// A failing second page is one error item, and the stream ends there.
async fn error(server: &MockServer) {
    let at = format!("/organization/{ORG}/events");
    Mock::given(path(&at))
        .and(query_param_is_missing("continueToken"))
        .respond_with(page(&["a"], Some(format!("{at}?continueToken=broken"))))
        .mount(server)
        .await;
    Mock::given(path(&at))
        .and(query_param("continueToken", "broken"))
        .respond_with(ResponseTemplate::new(403))
        .mount(server)
        .await;
    let client = client(server);
    let items: Vec<_> = client.organization_event().get_organization_events(org()).paginate().collect().await;
    assert_eq!(items.len(), 2, "one event, then the error");
    assert!(items[0].is_ok());
    let status = items[1].as_ref().map(|_| ()).expect_err("the second item fails").status();
    assert_eq!(status.map(|s| s.as_u16()), Some(403));
    println!("ok error");
}

/// The same pages from the crate's typed mock server (its `mock`
/// feature): no path or JSON written by hand. The later pages are mounted
/// first, since the first mounted mock that matches a call answers it.
async fn mocked() {
    use qovery::models::{
        OrganizationEventResponse, OrganizationEventResponseList, OrganizationEventResponseListLinks,
    };
    let server = qovery::mock::Server::start().await;
    let page = |names: &[&str], next: Option<&str>| {
        let events = names.iter().map(|n| OrganizationEventResponse::new().with_target_name(n.to_string())).collect();
        let mut links = OrganizationEventResponseListLinks::new();
        links.next = next.map(|t| format!("/organization/{ORG}/events?pageSize=2&continueToken={t}"));
        OrganizationEventResponseList::new().with_events(events).with_links(links)
    };
    let mocks = server.organization_event();
    let last = mocks.get_organization_events().organization_id(org()).continue_token("t2").times(1);
    let last = last.responds_ok(&page(&["c"], None)).await;
    let first = mocks.get_organization_events().organization_id(org()).page_size(2.0).times(1);
    let first = first.responds_ok(&page(&["a", "b"], Some("t2"))).await;
    let client = server.client_builder().api_key_auth_with_prefix("Token", "secret").build().expect("client");
    let items: Vec<_> =
        client.organization_event().get_organization_events(org()).page_size(2.0).paginate().collect().await;
    let names: Vec<String> = items.into_iter().map(|i| i.expect("an event").target_name.expect("name")).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!((first.calls(), last.calls()), (1, 1));
    // A body that does not fit the documented type is refused at setup.
    let refused =
        mocks.get_organization_events().responds_json(200, json!({ "events": [{ "id": "not a uuid" }] })).await;
    let refused = refused.expect_err("`id` is a UUID");
    assert!(refused.to_string().starts_with("mock of `getOrganizationEvents`: status 200"), "{refused}");
    server.verify().await;
    println!("ok mock");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let server = MockServer::start().await;
    serve_pages(&server).await;
    paginate(&server).await;
    server.reset().await;
    serve_pages(&server).await;
    pages(&server).await;
    let server = MockServer::start().await;
    error(&server).await;
    mocked().await;
}
