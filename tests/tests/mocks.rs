//! Issue 22, typed mocks: the `mock` module of the committed crates (the
//! feature is on for this package), used the way a user's test would use
//! it: a mock per call, matched on typed parameters and bodies, answered
//! with typed bodies per documented status, counted, and refused at setup
//! when an untyped answer does not fit the document.

use futures_util::{FutureExt, StreamExt};
use qovery_secrets::models::{ApiVariableScopeEnum, Secret, SecretRequest, SecretResponseList};

const JOB: &str = "11111111-1111-4111-8111-111111111111";
const OTHER_JOB: &str = "22222222-2222-4222-8222-222222222222";

fn uuid(s: &str) -> uuid::Uuid {
    s.parse().expect("uuid")
}

fn secret(key: &str) -> Secret {
    let at = "2026-12-06T10:00:00Z".parse().expect("time");
    Secret::new(uuid("33333333-3333-4333-8333-333333333333"), at, key.into(), ApiVariableScopeEnum::Application)
}

#[tokio::test]
async fn a_mock_answers_the_calls_its_path_parameter_matches_with_its_typed_body() {
    let server = qovery_secrets::mock::Server::start().await;
    let list = SecretResponseList::new().with_results(vec![secret("A"), secret("B")]);
    let mocked = server.job_secret().list_job_secrets().job_id(uuid(JOB)).times(1).responds_ok(&list).await;
    let client = server.client_builder().build().expect("client");

    let got = client.job_secret().list_job_secrets(uuid(JOB)).await.expect("the mocked list");
    assert_eq!(got, list);
    // Another job matches no mock: the server answers 404, a documented error.
    let other = client.job_secret().list_job_secrets(uuid(OTHER_JOB)).await.expect_err("no mock for it");
    assert_eq!(other.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(mocked.calls(), 1);
    server.verify().await;
}

#[tokio::test]
async fn a_call_count_not_met_fails_verification() {
    let server = qovery_secrets::mock::Server::start().await;
    server.job_secret().list_job_secrets().times(2).responds_ok(&SecretResponseList::new()).await;
    let client = server.client_builder().build().expect("client");
    client.job_secret().list_job_secrets(uuid(JOB)).await.expect("one call");
    let verified = std::panic::AssertUnwindSafe(server.verify()).catch_unwind().await;
    assert!(verified.is_err(), "one call of two expected must fail verification");
    // Satisfy it, so that dropping the server does not panic again.
    client.job_secret().list_job_secrets(uuid(JOB)).await.expect("second call");
    server.verify().await;
}

#[tokio::test]
async fn bodies_match_as_json_and_error_statuses_answer_typed() {
    let server = qovery_secrets::mock::Server::start().await;
    let request = SecretRequest::new("TOKEN".into()).with_value("s3cret".into());
    let created = secret("TOKEN");
    let mocks = server.job_secret();
    mocks.create_job_secret().job_id(uuid(JOB)).secret_request(request.clone()).responds_201(&created).await;
    mocks.create_job_secret().job_id(uuid(JOB)).responds_400().await;
    let client = server.client_builder().build().expect("client");

    let got = client.job_secret().create_job_secret(uuid(JOB), Some(request)).await.expect("created");
    assert_eq!(got, created);
    // Another body falls through to the second mock, which answers 400.
    let other = SecretRequest::new("OTHER".into());
    let err = client.job_secret().create_job_secret(uuid(JOB), Some(other)).await.expect_err("400");
    assert!(matches!(err.entity(), Some(qovery_secrets::apis::job_secret_api::CreateJobSecretError::Status400)));
}

#[tokio::test]
async fn query_header_and_cookie_parameters_match_as_the_client_encodes_them() {
    use operations::models::{Part, Range};
    let server = operations::mock::Server::start().await;
    let parts = vec![Part::new(7)];
    server
        .search()
        .search()
        .session("s 1")
        .ids(vec![1, 2])
        .codes(vec!["a".into(), "b".into()])
        .filter(Range::new().with_min(3))
        .x_request_id(uuid(JOB))
        .responds_ok(&parts)
        .await;
    let client = server.client_builder().build().expect("client");
    let call = || {
        client
            .search()
            .search("s 1")
            .ids(vec![1, 2])
            .codes(vec!["a".into(), "b".into()])
            .filter(Range::new().with_min(3))
            .x_request_id(uuid(JOB))
    };
    assert_eq!(call().await.expect("matched"), parts);
    let miss = |r: Result<Vec<Part>, operations::Error<operations::apis::search_api::SearchError>>| {
        r.expect_err("no match").status().map(|s| s.as_u16())
    };
    assert_eq!(miss(call().codes(vec!["b".into(), "a".into()]).await), Some(404), "pipe-delimited order matters");
    assert_eq!(miss(call().filter(Range::new().with_min(4)).await), Some(404), "deepObject value");
    assert_eq!(miss(call().x_request_id(uuid(OTHER_JOB)).await), Some(404), "header");
    assert_eq!(miss(client.search().search("s 2").ids(vec![1, 2]).await), Some(404), "cookie");
}

#[tokio::test]
async fn a_default_response_takes_a_status_within_it_and_several_successes_each_have_a_method() {
    use operations::apis::things_api::PostThingsThingIdPartsSuccess as Success;
    use operations::models::{Part, Problem, Ticket};
    let server = operations::mock::Server::start().await;
    let mocks = server.things();
    mocks.post_things_thing_id_parts().thing_id(1).responds_202(&Ticket::new("t".into())).await;
    mocks
        .post_things_thing_id_parts()
        .thing_id(2)
        .responds_default(409, &Problem::new("taken".into()))
        .await
        .expect("409");
    let refused = mocks.post_things_thing_id_parts().responds_default(1000, &Problem::new("x".into())).await;
    let refused = refused.expect_err("1000 is no status");
    assert_eq!(refused.operation, "post_things_thing_id_parts");
    let client = server.client_builder().build().expect("client");
    let ok = client.things().post_things_thing_id_parts(1, "t", Part::new(1)).await.expect("202");
    assert_eq!(ok, Success::Status202(Ticket::new("t".into())));
    let err = client.things().post_things_thing_id_parts(2, "t", Part::new(1)).await.expect_err("409");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
}

#[tokio::test]
async fn an_untyped_answer_is_checked_against_the_document_at_setup() {
    let server = qovery_secrets::mock::Server::start().await;
    let mocks = server.job_secret();
    let wrong = mocks.list_job_secrets().responds_json(200, serde_json::json!({ "results": [{ "key": 1 }] })).await;
    let wrong = wrong.expect_err("`key` is a string and `id` is required");
    assert!(wrong.to_string().starts_with("mock of `listJobSecrets`: status 200: the body does not fit"), "{wrong}");
    let undocumented = mocks.list_job_secrets().responds_json(418, serde_json::json!({})).await;
    let undocumented = undocumented.expect_err("418 is not documented");
    assert_eq!(undocumented.to_string(), "mock of `listJobSecrets`: the document gives no response for status 418");
    let no_body = mocks.list_job_secrets().responds_json(404, serde_json::json!({})).await.expect_err("no body");
    assert!(no_body.message.contains("has no body"), "{no_body}");

    mocks.list_job_secrets().responds_json(200, serde_json::json!({ "results": [] })).await.expect("fits");
    let client = server.client_builder().build().expect("client");
    let got = client.job_secret().list_job_secrets(uuid(JOB)).await.expect("the mocked list");
    assert_eq!(got.results, Some(vec![]));
}

#[tokio::test]
async fn an_event_stream_mock_sends_one_event_per_item() {
    use streams::models::Tick;
    let server = streams::mock::Server::start().await;
    let ticks = [Tick::new(1, "a".into()), Tick::new(2, "b".into())];
    server.ticks().stream_ticks().every(5).responds_ok(&ticks).await;
    let client = server.client_builder().build().expect("client");
    let events = client.ticks().stream_ticks().every(5).await.expect("the stream");
    let got: Vec<Tick> = events.map(|e| e.expect("an event").data).collect().await;
    assert_eq!(got, ticks);
}
