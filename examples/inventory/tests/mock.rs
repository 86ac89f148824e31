//! The generated module's typed mock server (`api::mock`, this crate's
//! `mock` feature) standing in for the API in a test of the crate's own
//! code, `names_tagged`: no path, query or JSON written by hand.

use inventory_example::api;
use inventory_example::api::models::{Item, Problem};

fn item(id: &str, name: &str) -> Item {
    Item::new(name.into(), 1, id.into())
}

#[tokio::test]
async fn names_tagged_reads_the_items_the_api_lists() {
    let server = api::mock::Server::start().await;
    let listed = vec![item("a", "apple"), item("b", "brick")];
    let mocked = server.items().list_items().tag(vec!["red".into()]).limit(2).times(1).responds_ok(&listed).await;
    let client = server.client_builder().bearer_auth("t0ken").build().expect("client");

    let names = inventory_example::names_tagged(&client, "red", 2).await.expect("list");
    assert_eq!(names, ["apple", "brick"]);
    // Another tag is another call, which no mock answers.
    let other = inventory_example::names_tagged(&client, "blue", 2).await.expect_err("not mocked");
    assert_eq!(other.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(mocked.calls(), 1);
    server.verify().await;
}

#[tokio::test]
async fn a_mocked_error_status_is_the_documented_error() {
    let server = api::mock::Server::start().await;
    server.items().list_items().responds_401(&Problem::new("no token".into())).await;
    let client = server.client_builder().build().expect("client");
    let err = inventory_example::names_tagged(&client, "red", 2).await.expect_err("401");
    let Some(api::apis::items_api::ListItemsError::Status401(problem)) = err.entity() else { panic!("{err:?}") };
    assert_eq!(problem.title, "no token");
}
