//! Pagination on corpus documents, one per way of paging besides Qovery's
//! body link: Google's `pageToken`/`nextPageToken` cursor (policyanalyzer),
//! offsets (New York Times' Times Wire, whose paths end in `{section}.json`)
//! and page numbers (Freesound). The pages come from each crate's typed
//! mock server. `tests/tests/corpus_pages.rs` generates the crates, builds
//! and runs this; it prints `ok <crate>` per crate and panics on the first
//! mismatch.

use futures_util::StreamExt;

/// Later pages are mounted first: the first mounted mock that matches a
/// call answers it, and the first page's mock sets no cursor.
async fn cursor() {
    use policyanalyzer::models::{
        GoogleCloudPolicyanalyzerV1beta1Activity as Activity,
        GoogleCloudPolicyanalyzerV1beta1QueryActivityResponse as Page,
    };
    let server = policyanalyzer::mock::Server::start().await;
    let activity = |name: &str| Activity::new().with_full_resource_name(name.to_string());
    let parent = "projects/p/locations/l/activityTypes/t";
    let mocks = server.projects();
    let op = || mocks.policyanalyzer_projects_locations_activity_types_activities_query().parent(parent).page_size(2);
    let second = op().page_token("n2").times(1).responds_ok(&Page::new().with_activities(vec![activity("c")])).await;
    let first = Page::new().with_activities(vec![activity("a"), activity("b")]).with_next_page_token("n2".into());
    let first = op().times(1).responds_ok(&first).await;
    let client = server.client_builder().build().expect("client");
    let items: Vec<_> = client
        .projects()
        .policyanalyzer_projects_locations_activity_types_activities_query(parent)
        .page_size(2)
        .paginate()
        .collect()
        .await;
    let names: Vec<String> =
        items.into_iter().map(|a| a.expect("an activity").full_resource_name.expect("name")).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!((first.calls(), second.calls()), (1, 1));
    server.verify().await;
    println!("ok policyanalyzer");
}

async fn offset() {
    use timeswire::models::{
        Article, GetContentSourceSectionJson200Response as Page, GetContentSourceSectionJsonSourceParameter as Source,
    };
    let server = timeswire::mock::Server::start().await;
    let page = |titles: &[&str]| {
        Page::new().with_results(titles.iter().map(|t| Article::new().with_title(t.to_string())).collect())
    };
    let mocks = server.default_model();
    let op = || mocks.get_content_source_section_json().source(Source::Nyt).section("world").limit(2);
    op().offset(4).times(1).responds_ok(&page(&[])).await;
    op().offset(2).times(1).responds_ok(&page(&["c", "d"])).await;
    op().times(1).responds_ok(&page(&["a", "b"])).await;
    let client = server.client_builder().build().expect("client");
    let items: Vec<_> = client
        .default_model()
        .get_content_source_section_json(Source::Nyt, "world")
        .limit(2)
        .paginate()
        .collect()
        .await;
    let titles: Vec<String> = items.into_iter().map(|a| a.expect("an article").title.expect("title")).collect();
    assert_eq!(titles, ["a", "b", "c", "d"], "offsets 0, 2, 4; the empty page ends it");
    server.verify().await;
    println!("ok timeswire");
}

async fn page_number() {
    use freesound::models::Sound;
    let server = freesound::mock::Server::start().await;
    let sounds = |names: &[&str]| names.iter().map(|n| Sound::new().with_name(n.to_string())).collect::<Vec<_>>();
    let mocks = server.search();
    mocks.search_text().query("rain").page(3).times(1).responds_ok(&sounds(&[])).await;
    mocks.search_text().query("rain").page(2).times(1).responds_ok(&sounds(&["c"])).await;
    mocks.search_text().query("rain").times(1).responds_ok(&sounds(&["a", "b"])).await;
    let client = server.client_builder().build().expect("client");
    let items: Vec<_> = client.search().search_text().query("rain").paginate().collect().await;
    let names: Vec<String> = items.into_iter().map(|s| s.expect("a sound").name.expect("name")).collect();
    assert_eq!(names, ["a", "b", "c"]);
    server.verify().await;
    println!("ok freesound");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    cursor().await;
    offset().await;
    page_number().await;
}
