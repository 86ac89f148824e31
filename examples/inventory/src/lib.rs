//! An application crate that generates its API client at build time (see
//! `build.rs`) and includes it as a module.

/// The client generated from `specs/inventory.yaml`.
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/inventory.rs"));
}

use api::apis::items_api::ListItemsError;

/// The names of the items carrying `tag`, at most `limit` of them.
pub async fn names_tagged(
    client: &api::Client,
    tag: &str,
    limit: i32,
) -> Result<Vec<String>, api::Error<ListItemsError>> {
    let items = client.items().list_items().tag(vec![tag.to_string()]).limit(limit).await?;
    Ok(items.into_iter().map(|item| item.name).collect())
}
