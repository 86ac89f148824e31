//! The generated module, included from `OUT_DIR`, calls the API: a mock
//! server checks what goes over the wire and answers.

use inventory_example::api;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> api::Client {
    api::Client::builder().base_url(server.uri()).bearer_auth("t0ken").build().expect("client")
}

#[tokio::test]
async fn lists_items_with_their_query_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param("tag", "red"))
        .and(query_param("limit", "2"))
        .and(header("authorization", "Bearer t0ken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"id": "a", "name": "apple", "quantity": 3},
            {"id": "b", "name": "brick", "quantity": 1, "tags": ["red"]}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let names = inventory_example::names_tagged(&client(&server), "red", 2).await.expect("list");
    assert_eq!(names, ["apple", "brick"]);
}

#[tokio::test]
async fn creates_an_item_from_a_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/items"))
        .and(body_json(serde_json::json!({"name": "cup", "quantity": 4})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "c", "name": "cup", "quantity": 4})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let item = client(&server).items().create_item(api::models::NewItem::new("cup".into(), 4)).await.expect("create");
    assert_eq!((item.id.as_str(), item.quantity), ("c", 4));
}

#[tokio::test]
async fn a_documented_error_comes_back_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/a%2Fb"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"title": "no such item"})))
        .mount(&server)
        .await;
    let err = client(&server).items().get_item("a/b").await.expect_err("404");
    match err.entity() {
        Some(api::apis::items_api::GetItemError::Status404(problem)) => assert_eq!(problem.title, "no such item"),
        other => panic!("expected the typed 404, got {other:?}"),
    }
}
