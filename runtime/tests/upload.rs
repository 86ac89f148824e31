//! `Request::upload`: a body read from a stream or a file while it is
//! sent, which reaches the server whole and is not retried (it cannot be
//! read twice).

mod common;

use openapi_rust_runtime::stream::Upload;
use openapi_rust_runtime::RequestOptions;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn put(server: &MockServer, body: Upload) -> u16 {
    let client = common::builder(server).retry_policy(common::fast_retries(2)).build().expect("client");
    let mut request = client.request(&common::PUT_THING, "/things/1".into(), RequestOptions::new());
    request.upload(body, "application/octet-stream");
    request.send::<()>().await.map(|r| r.status.as_u16()).unwrap_or_else(|e| e.status().map_or(0, |s| s.as_u16()))
}

#[tokio::test]
async fn a_stream_and_a_file_reach_the_server_whole() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(b"abc".to_vec()), Ok(b"def".to_vec())];
    let from_stream = Upload::from_stream(futures_util::stream::iter(chunks));
    assert_eq!(put(&server, from_stream).await, 204);
    let dir = std::env::temp_dir().join(format!("upload-test-{}", std::process::id()));
    std::fs::write(&dir, b"from a file").expect("write");
    assert_eq!(put(&server, Upload::from_path(&dir).await.expect("open")).await, 204);
    std::fs::remove_file(&dir).expect("remove");
    let bodies: Vec<Vec<u8>> = common::received(&server).await.into_iter().map(|r| r.body).collect();
    assert_eq!(bodies, [b"abcdef".to_vec(), b"from a file".to_vec()]);
    let first = &common::received(&server).await[0];
    assert_eq!(common::header_values(first, "content-type"), ["application/octet-stream"]);
}

#[tokio::test]
async fn a_streamed_upload_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let upload = Upload::from_stream(futures_util::stream::iter(vec![Ok::<_, std::io::Error>(b"x".to_vec())]));
    assert_eq!(put(&server, upload).await, 503);
    assert_eq!(common::received(&server).await.len(), 1, "one attempt, though the policy allows 2 retries");
}
