//! Issue 3, operation constructs: one test per construct of
//! `specs/operations.yaml`, calling its committed crate
//! (`generated/operations`) against `wiremock` servers and checking what
//! reached the wire and what came back.

use operations::apis::files_api::DownloadFileError;
use operations::apis::notes_api::DeleteNotesError;
use operations::apis::things_api::{PostThingsThingIdPartsError, PostThingsThingIdPartsSuccess};
use operations::models::{
    Part, Range, Search2Request, Ticket, UploadFileRequest, UploadRecordRequest, UploadRecordRequestSettings,
};
use operations::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const API: &str = "http://api.example.test/v1";
const FILES: &str = "http://files.example.test";
const UPLOAD: &str = "http://upload.example.test";

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::none()).build().expect("client")
}

async fn answer(server: &MockServer, response: ResponseTemplate) {
    Mock::given(any()).respond_with(response).mount(server).await;
}

async fn only_request(server: &MockServer) -> Request {
    let mut all = server.received_requests().await.expect("recording");
    assert_eq!(all.len(), 1, "exactly one request");
    all.remove(0)
}

fn header<'r>(r: &'r Request, name: &str) -> Option<&'r str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

fn parts_json() -> serde_json::Value {
    json!([{ "id": 1, "name": "bolt" }])
}

/// The decoded query string, in order.
fn query(r: &Request) -> Vec<(String, String)> {
    r.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// `METHOD /path` of every request `server` received.
async fn seen(server: &MockServer) -> Vec<String> {
    server.received_requests().await.unwrap().iter().map(|r| format!("{} {}", r.method, r.url.path())).collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[tokio::test]
async fn operation_without_id_is_named_from_method_and_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/42/parts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(parts_json()))
        .mount(&server)
        .await;
    let parts: Vec<Part> = client(&server).things().get_things_thing_id_parts(42).await.expect("list");
    assert_eq!(parts, vec![Part::new(1).with_name("bolt".into())]);
}

#[tokio::test]
async fn path_level_parameters_are_shared_and_overridable() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(parts_json()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "id": 3 })))
        .mount(&server)
        .await;
    let api = client(&server).things();
    // GET: the path-level `thing_id` and the optional path-level header.
    api.get_things_thing_id_parts(7).x_trace("t-1").await.expect("get");
    // POST: the same `thing_id`, the header made required by the operation.
    let _: PostThingsThingIdPartsSuccess = api.post_things_thing_id_parts(7, "t-2", Part::new(3)).await.expect("post");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!((requests[0].url.path(), header(&requests[0], "x-trace")), ("/things/7/parts", Some("t-1")));
    assert_eq!((requests[1].url.path(), header(&requests[1], "x-trace")), ("/things/7/parts", Some("t-2")));
}

#[tokio::test]
async fn body_offered_as_json_and_xml_is_sent_as_json_and_xml_is_reported() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(json!({ "id": 3 }))).await;
    client(&server).things().post_things_thing_id_parts(1, "t", Part::new(3)).await.expect("post");
    let r = only_request(&server).await;
    assert_eq!(header(&r, "content-type"), Some("application/json"));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&r.body).unwrap(), json!({ "id": 3 }));
    let (_, report, _) =
        generator::Config::new(tests::workspace_root().join("specs/operations.yaml")).check().expect("check");
    let ignored: Vec<&str> = report
        .items
        .iter()
        .filter(|i| i.kind == generator::report::Kind::IgnoredMediaType)
        .map(|i| i.pointer.as_str())
        .filter(|p| p.starts_with("#/paths/~1things"))
        .collect();
    assert_eq!(ignored, ["#/paths/~1things~1{thing_id}~1parts/post/requestBody/content/application~1xml"]);
}

#[tokio::test]
async fn several_success_bodies_come_back_as_an_enum_by_status() {
    let cases = [
        (
            ResponseTemplate::new(200).set_body_json(json!({ "id": 5 })),
            PostThingsThingIdPartsSuccess::Status200(Part::new(5)),
        ),
        (
            ResponseTemplate::new(202).set_body_json(json!({ "ticket": "T-1" })),
            PostThingsThingIdPartsSuccess::Status202(Ticket::new("T-1".into())),
        ),
        (ResponseTemplate::new(204), PostThingsThingIdPartsSuccess::Status204),
        (
            ResponseTemplate::new(201).set_body_string("made"),
            PostThingsThingIdPartsSuccess::Unknown { status: 201, body: "made".into() },
        ),
    ];
    for (response, expected) in cases {
        let server = MockServer::start().await;
        answer(&server, response).await;
        let got = client(&server).things().post_things_thing_id_parts(1, "t", Part::new(5)).await.expect("success");
        assert_eq!(got, expected);
    }
}

#[tokio::test]
async fn default_response_types_every_undocumented_error_status() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(503).set_body_json(json!({ "message": "busy" }))).await;
    let err = client(&server).things().post_things_thing_id_parts(1, "t", Part::new(5)).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    match err.entity() {
        Some(PostThingsThingIdPartsError::DefaultResponse(p)) => assert_eq!(p.message, "busy"),
        other => panic!("expected the default response, got {other:?}"),
    }
}

#[tokio::test]
async fn operation_in_several_tags_is_callable_from_each_group() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(parts_json())).await;
    let c = client(&server);
    let a = c.things().search("s").await.expect("things");
    let b = c.search().search("s").await.expect("search");
    assert_eq!(a, b);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.iter().map(|r| r.url.path()).collect::<Vec<_>>(), ["/search", "/search"]);
}

#[tokio::test]
async fn duplicated_operation_ids_get_distinct_methods_and_a_report() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(parts_json())).await;
    let api = client(&server).search();
    api.search("s").await.expect("GET /search");
    api.search2(Some(Search2Request::new("q".into()))).await.expect("POST /search");
    let methods: Vec<String> = server.received_requests().await.unwrap().iter().map(|r| r.method.to_string()).collect();
    assert_eq!(methods, ["GET", "POST"]);
    let (_, report, _) =
        generator::Config::new(tests::workspace_root().join("specs/operations.yaml")).check().expect("check");
    assert!(
        report.items.iter().any(|i| i.pointer == "#/paths/~1search/post"
            && i.reason.contains("operationId `search` is not unique")
            && i.reason.contains("`search2`")),
        "{:?}",
        report.items
    );
}

#[tokio::test]
async fn array_and_object_query_parameters_follow_style_and_explode() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(parts_json())).await;
    client(&server)
        .search()
        .search("s")
        .ids(vec![1, 2])
        .tags(vec!["a".into(), "b c".into()])
        .words(vec!["x".into(), "y".into()])
        .codes(vec!["p".into(), "q".into()])
        .filter(Range::new().with_min(1).with_max(9))
        .await
        .expect("search");
    let r = only_request(&server).await;
    assert_eq!(
        query(&r),
        pairs(&[
            ("ids", "1"),
            ("ids", "2"),         // form, explode: repeated
            ("tags", "a,b c"),    // form, no explode: comma-joined
            ("words", "x y"),     // spaceDelimited
            ("codes", "p|q"),     // pipeDelimited
            ("filter[min]", "1"), // deepObject
            ("filter[max]", "9"),
        ])
    );
}

#[tokio::test]
async fn header_and_cookie_parameters_are_sent() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(parts_json())).await;
    let id = uuid::Uuid::parse_str("0b7e9c2a-5d41-4f8e-a3c6-1e2f3a4b5c6d").unwrap();
    client(&server).search().search("abc; admin=1").x_request_id(id).await.expect("search");
    let r = only_request(&server).await;
    assert_eq!(header(&r, "x-request-id"), Some("0b7e9c2a-5d41-4f8e-a3c6-1e2f3a4b5c6d"));
    // The value cannot add a cookie of its own.
    assert_eq!(header(&r, "cookie"), Some("session=abc%3B%20admin=1"));
    assert!(query(&r).is_empty(), "unset optional parameters are not sent: {:?}", query(&r));
}

#[tokio::test]
async fn form_urlencoded_body() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(parts_json())).await;
    let api = client(&server).search();
    api.search2(Some(Search2Request::new("a b&c".into()).with_limit(3))).await.expect("form");
    api.search2(None).await.expect("no body");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(header(&requests[0], "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(String::from_utf8_lossy(&requests[0].body), "query=a+b%26c&limit=3");
    assert!(requests[1].body.is_empty() && header(&requests[1], "content-type").is_none());
}

#[tokio::test]
async fn a_text_response_sent_as_a_json_string_reads_without_its_quotes() {
    let upload = || UploadFileRequest::new("f".into(), vec![1]);
    for (content_type, body, read) in [
        ("application/json", "\"1.0.0\"", "1.0.0"),
        ("text/plain", "\"1.0.0\"", "\"1.0.0\""),
        ("application/json", "7", "7"),
    ] {
        let server = MockServer::start().await;
        answer(&server, ResponseTemplate::new(201).set_body_raw(body, content_type)).await;
        let out = client(&server).files().upload_file(upload()).await.expect("upload");
        assert_eq!(out, read, "{content_type} {body}");
    }
}

#[tokio::test]
async fn multipart_body_sends_binary_properties_as_file_parts() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(201).insert_header("content-type", "text/plain").set_body_string("stored"))
        .await;
    let file = vec![0_u8, 1, 2, 255, b'\r', b'\n'];
    let request = UploadFileRequest::new("f.bin".into(), file.clone()).with_labels(vec!["x".into(), "y".into()]);
    let out = client(&server).files().upload_file(request).await.expect("upload");
    assert_eq!(out, "stored");
    let r = only_request(&server).await;
    let ct = header(&r, "content-type").unwrap();
    let boundary = ct.strip_prefix("multipart/form-data; boundary=").expect("multipart content type");
    let body = r.body.clone();
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains("Content-Disposition: form-data; name=\"name\"\r\n\r\nf.bin\r\n"), "{text}");
    assert_eq!(text.matches("name=\"labels\"").count(), 2, "one part per label: {text}");
    // The file part carries the exact bytes and a file name.
    let marker = b"Content-Disposition: form-data; name=\"file\"; filename=\"file\"";
    let start = body.windows(marker.len()).position(|w| w == marker).expect("file part") + marker.len();
    let head_end = body[start..].windows(4).position(|w| w == b"\r\n\r\n").unwrap() + start + 4;
    let part_headers = String::from_utf8_lossy(&body[start..head_end]).to_ascii_lowercase();
    assert!(part_headers.contains("content-type: application/octet-stream"), "{part_headers}");
    let end = format!("\r\n--{boundary}");
    let stop = body[head_end..].windows(end.len()).position(|w| w == end.as_bytes()).unwrap() + head_end;
    assert_eq!(&body[head_end..stop], &file[..]);
}

#[tokio::test]
async fn octet_stream_download_and_upload_are_raw_bytes() {
    let server = MockServer::start().await;
    let bytes = vec![0_u8, 159, 146, 150, 255];
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(bytes.clone(), "application/octet-stream"))
        .mount(&server)
        .await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let api = client(&server).files();
    assert_eq!(api.download_file("a b.bin").await.expect("download"), bytes);
    api.replace_file("a.bin", bytes.clone()).await.expect("upload");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/files/a%20b.bin");
    assert_eq!(header(&requests[0], "accept"), Some("application/octet-stream"));
    assert_eq!(header(&requests[1], "content-type"), Some("application/octet-stream"));
    assert_eq!(requests[1].body, bytes);
}

/// A temporary file of `content`, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(tag: &str, content: &[u8]) -> Self {
        let path = std::env::temp_dir().join(format!("openapi-rust-{tag}-{}.bin", std::process::id()));
        std::fs::write(&path, content).expect("temp file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[tokio::test]
async fn a_binary_body_is_sent_from_a_file_or_a_stream() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(204)).await;
    let content: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    let file = TempFile::new("replace-file", &content);
    let api = client(&server).files();
    api.replace_file("a.bin", operations::Upload::from_path(&file.0).await.expect("open")).await.expect("from a file");
    let pieces: Vec<std::io::Result<Vec<u8>>> = vec![Ok(b"one,".to_vec()), Ok(b"two".to_vec())];
    let stream = operations::Upload::from_stream(futures_util::stream::iter(pieces));
    api.replace_file("b.bin", stream).await.expect("from a stream");
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].body == content, "{} bytes of {}", requests[0].body.len(), content.len());
    assert_eq!(header(&requests[0], "content-type"), Some("application/octet-stream"));
    assert_eq!(requests[1].body, b"one,two");
}

#[tokio::test]
async fn a_multipart_file_part_is_sent_from_a_file() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(201).insert_header("content-type", "text/plain").set_body_string("stored"))
        .await;
    let content: Vec<u8> = (0..100_000u32).map(|i| (i % 241) as u8).collect();
    let file = TempFile::new("upload-file", &content);
    let upload = operations::Upload::from_path(&file.0).await.expect("open");
    // The model's bytes are left empty: the part comes from the file.
    let request = UploadFileRequest::new("f.bin".into(), Vec::new());
    let out = client(&server).files().upload_file(request).file_upload(upload).await.expect("upload");
    assert_eq!(out, "stored");
    let r = only_request(&server).await;
    let marker = b"Content-Disposition: form-data; name=\"file\"; filename=\"file\"";
    assert_eq!(r.body.windows(marker.len()).filter(|w| w == marker).count(), 1, "one file part");
    let start = r.body.windows(marker.len()).position(|w| w == marker).expect("file part");
    let head_end = r.body[start..].windows(4).position(|w| w == b"\r\n\r\n").unwrap() + start + 4;
    assert!(r.body[head_end..].starts_with(&content), "the file's bytes follow the part's headers");
}

#[tokio::test]
async fn documented_error_without_a_body_is_a_unit_variant() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(404)).await;
    let err = client(&server).files().download_file("gone").await.unwrap_err();
    assert!(matches!(err, Error::Response(ref r) if r.entity == DownloadFileError::Status404), "{err:?}");
}

#[tokio::test]
async fn text_plain_bodies_both_ways() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_raw("échoed", "text/plain; charset=utf-8")).await;
    let out = client(&server).notes().put_note("héllo\n".into()).await.expect("note");
    assert_eq!(out, "échoed");
    let r = only_request(&server).await;
    assert_eq!(header(&r, "content-type"), Some("text/plain"));
    assert_eq!(r.body, "héllo\n".as_bytes());
}

#[tokio::test]
async fn no_content_is_unit_and_typed_errors_still_decode() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).up_to_n_times(1).mount(&server).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({ "message": "locked" })))
        .mount(&server)
        .await;
    let api = client(&server).notes();
    let () = api.delete_notes().await.expect("204");
    match api.delete_notes().await.unwrap_err().entity() {
        Some(DeleteNotesError::Status409(p)) => assert_eq!(p.message, "locked"),
        other => panic!("expected 409, got {other:?}"),
    }
}

/// `put_note` documents the same `409` body as `delete_notes`: one shared
/// enum under both names, so a value of one is a value of the other, and
/// each call still decodes its error.
#[tokio::test]
async fn operations_with_the_same_error_body_share_their_error_type() {
    use operations::apis::notes_api::PutNoteError;
    let same: fn(PutNoteError) -> DeleteNotesError = |e| e;
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(409).set_body_json(json!({ "message": "locked" }))).await;
    let err = client(&server).notes().put_note("x".into()).await.unwrap_err();
    match err.entity().cloned().map(same) {
        Some(DeleteNotesError::Status409(p)) => assert_eq!(p.message, "locked"),
        other => panic!("expected 409, got {other:?}"),
    }
}

#[tokio::test]
async fn path_and_operation_servers_reach_their_own_hosts() {
    let (api, files, upload) = (MockServer::start().await, MockServer::start().await, MockServer::start().await);
    for s in [&api, &files, &upload] {
        answer(s, ResponseTemplate::new(200).set_body_json(parts_json())).await;
    }
    assert_eq!(operations::client::SERVERS, [API, FILES, UPLOAD]);
    // Each spec server mapped to its own mock: the API-wide one keeps its
    // `/v1` base path.
    let c = Client::builder()
        .server_url(API, format!("{}/v1", api.uri()))
        .server_url(FILES, files.uri())
        .server_url(UPLOAD, upload.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    c.things().get_things_thing_id_parts(1).await.expect("api host");
    c.files().download_file("x").await.expect("path-level host");
    c.files().replace_file("x", vec![1]).await.expect("operation-level host");
    assert_eq!(seen(&api).await, ["GET /v1/things/1/parts"]);
    assert_eq!(seen(&files).await, ["GET /files/x"]);
    assert_eq!(seen(&upload).await, ["PUT /files/x"]);

    // `base_url` overrides every server at once.
    let one = MockServer::start().await;
    answer(&one, ResponseTemplate::new(200).set_body_json(parts_json())).await;
    let c = Client::builder().base_url(one.uri()).server_url(FILES, files.uri()).build().unwrap();
    c.files().download_file("y").await.expect("base url wins");
    assert_eq!(one.received_requests().await.unwrap().len(), 1);
}

/// The report items of `specs/operations.yaml` whose pointer starts with `prefix`.
fn reported(prefix: &str) -> Vec<(generator::report::Kind, String)> {
    let (_, report, _) =
        generator::Config::new(tests::workspace_root().join("specs/operations.yaml")).check().expect("check");
    report.sorted().into_iter().filter(|i| i.pointer.starts_with(prefix)).map(|i| (i.kind, i.pointer)).collect()
}

#[tokio::test]
async fn accept_content_type_and_authorization_header_parameters_are_ignored() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(204)).await;
    let api = client(&server).headers();
    // The only argument left is `X-Kept`; no `Content-Type` on a GET.
    api.get_with_reserved_headers("k").await.expect("get");
    // One `Content-Type`, the body's.
    api.post_with_reserved_headers(Part::new(1)).await.expect("post");
    let requests = server.received_requests().await.unwrap();
    let values = |r: &Request, name: &str| -> Vec<String> {
        r.headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_string()).collect()
    };
    assert_eq!(values(&requests[0], "x-kept"), ["k"]);
    for name in ["content-type", "authorization"] {
        assert!(values(&requests[0], name).is_empty(), "{name} sent on the GET: {:?}", requests[0].headers);
    }
    // No response body: only reqwest's own `*/*`.
    assert_eq!(values(&requests[0], "accept"), ["*/*"]);
    assert_eq!(values(&requests[1], "content-type"), ["application/json"]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&requests[1].body).unwrap(), json!({ "id": 1 }));
    let other = generator::report::Kind::Other;
    assert_eq!(
        reported("#/paths/~1reserved-headers/"),
        [
            (other, "#/paths/~1reserved-headers/get/parameters/0".to_string()),
            (other, "#/paths/~1reserved-headers/get/parameters/1".to_string()),
            (other, "#/paths/~1reserved-headers/parameters/0".to_string()),
        ]
    );
}

/// The parts of a multipart request: (name, part `Content-Type`, whether
/// it is a file part, content), in order.
fn multipart_parts(r: &Request) -> Vec<(String, Option<String>, bool, Vec<u8>)> {
    let ct = header(r, "content-type").expect("content type");
    let boundary = ct.strip_prefix("multipart/form-data; boundary=").expect("multipart content type");
    let delimiter = format!("\r\n--{boundary}");
    // With a leading CRLF every delimiter looks the same, the first included.
    let body = [b"\r\n".as_slice(), &r.body].concat();
    let mut out = Vec::new();
    let mut starts = Vec::new();
    let mut i = 0;
    while let Some(at) = body[i..].windows(delimiter.len()).position(|w| w == delimiter.as_bytes()) {
        starts.push(i + at);
        i += at + delimiter.len();
    }
    for pair in starts.windows(2) {
        let part = &body[pair[0] + delimiter.len() + 2..pair[1]];
        let split = part.windows(4).position(|w| w == b"\r\n\r\n").expect("part headers");
        let heads = String::from_utf8_lossy(&part[..split]).to_string();
        // Header names are case-insensitive.
        let field = |prefix: &str| {
            heads
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with(&prefix.to_ascii_lowercase()))
                .map(|l| l[prefix.len()..].to_string())
        };
        let disposition = field("Content-Disposition: form-data; name=\"").expect("disposition");
        let name = disposition.split('"').next().unwrap().to_string();
        out.push((name, field("content-type: "), disposition.contains("filename="), part[split + 4..].to_vec()));
    }
    out
}

#[tokio::test]
async fn multipart_objects_are_json_parts_and_encoding_sets_part_types() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(204)).await;
    let request = UploadRecordRequest::new("t".into(), Range::new().with_min(1))
        .with_history(vec![Range::new().with_min(2).with_max(3), Range::new().with_max(4)])
        .with_settings(UploadRecordRequestSettings::new().with_level(5))
        .with_scan(vec![0x89, b'P', b'N', b'G'])
        .with_note("*hi*".into());
    client(&server).records().upload_record(request).await.expect("upload");
    let mut parts = multipart_parts(&only_request(&server).await);
    // Part order follows serde_json's key order, which features may change.
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    let json = |v: serde_json::Value| serde_json::to_vec(&v).unwrap();
    let ct = |s: &str| Some(s.to_string());
    assert_eq!(
        parts,
        [
            ("history".to_string(), ct("application/json"), false, json(json!({ "min": 2, "max": 3 }))),
            ("history".to_string(), ct("application/json"), false, json(json!({ "max": 4 }))),
            ("meta".to_string(), ct("application/json"), false, json(json!({ "min": 1 }))),
            ("note".to_string(), None, false, b"*hi*".to_vec()),
            ("scan".to_string(), ct("image/png"), true, vec![0x89, b'P', b'N', b'G']),
            ("settings".to_string(), ct("application/vnd.settings+json"), false, json(json!({ "level": 5 }))),
            ("title".to_string(), None, false, b"t".to_vec()),
        ]
    );
    let (other, ignored) = (generator::report::Kind::Other, generator::report::Kind::IgnoredMediaType);
    let encoding = "#/paths/~1records/post/requestBody/content/multipart~1form-data/encoding";
    assert_eq!(
        reported("#/paths/~1records/"),
        [(ignored, format!("{encoding}/scan/contentType")), (other, format!("{encoding}/note/contentType"))]
    );
}

#[tokio::test]
async fn plus_json_is_json_under_its_own_media_type() {
    let server = MockServer::start().await;
    let response = ResponseTemplate::new(200).set_body_raw(r#"{"id":4,"name":"nut"}"#, "application/vnd.api+json");
    answer(&server, response).await;
    let got = client(&server).media().merge_patch_part(4, Part::new(4)).await.expect("patch");
    assert_eq!(got, Part::new(4).with_name("nut".into()));
    let r = only_request(&server).await;
    assert_eq!((r.method.as_str(), r.url.path()), ("PATCH", "/parts/4"));
    assert_eq!(header(&r, "content-type"), Some("application/merge-patch+json"));
    assert_eq!(header(&r, "accept"), Some("application/vnd.api+json"));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&r.body).unwrap(), json!({ "id": 4 }));
}

#[tokio::test]
async fn json_lines_with_an_array_schema_are_one_value_per_line_both_ways() {
    let server = MockServer::start().await;
    let lines = "{\"ticket\":\"a\"}\n{\"ticket\":\"b\"}\n";
    answer(&server, ResponseTemplate::new(200).set_body_raw(lines, "application/jsonl")).await;
    let parts = vec![Part::new(1), Part::new(2).with_name("x\ny".into())];
    let tickets: Vec<Ticket> = client(&server).media().stream_parts(parts).await.expect("stream");
    assert_eq!(tickets, [Ticket::new("a".into()), Ticket::new("b".into())]);
    let r = only_request(&server).await;
    assert_eq!(header(&r, "content-type"), Some("application/x-ndjson"));
    assert_eq!(header(&r, "accept"), Some("application/jsonl"));
    let sent: Vec<serde_json::Value> =
        r.body.split(|b| *b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect();
    assert_eq!(sent, [json!({ "id": 1 }), json!({ "id": 2, "name": "x\ny" })]);
    assert_eq!(r.body.last(), Some(&b'\n'), "every line ends with a line break");
}

#[tokio::test]
async fn other_media_types_with_a_schema_are_raw_bytes_and_reported() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_raw("{\"ticket\":\"t\"}\n", "application/ndjson")).await;
    // The parameter and the result are bytes, sent and returned unchanged.
    let body = b"--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b--".to_vec();
    let got: Vec<u8> = client(&server).media().post_related(body.clone()).await.expect("related");
    assert_eq!(got, b"{\"ticket\":\"t\"}\n");
    let r = only_request(&server).await;
    assert_eq!(header(&r, "content-type"), Some("multipart/related"));
    assert_eq!(r.body, body);
    let other = generator::report::Kind::Other;
    let at = |p: &str| (other, p.to_string());
    // Both bodies can also be read as they arrive: bytes and lines.
    let streams = |p: &str| (generator::report::Kind::Streaming, p.to_string());
    assert_eq!(
        reported("#/paths/~1parts~1"),
        [
            streams("#/paths/~1parts~1related/post"),
            streams("#/paths/~1parts~1stream/post"),
            at("#/paths/~1parts~1related/post/requestBody/content/multipart~1related"),
            at("#/paths/~1parts~1related/post/responses/200/content/application~1ndjson"),
            at("#/paths/~1parts~1stream/post/requestBody/content/application~1x-ndjson"),
            at("#/paths/~1parts~1stream/post/responses/200/content/application~1jsonl"),
            at("#/paths/~1parts~1{id}/patch/requestBody/content/application~1merge-patch+json"),
            at("#/paths/~1parts~1{id}/patch/responses/200/content/application~1vnd.api+json"),
        ]
    );
}

/// Path keys with literal query pairs (`/flags?beta=true`): the constants
/// go out on every call beside the declared parameters, and two keys that
/// differ only in them are two operations, each answered by its own mock.
#[tokio::test]
async fn a_path_key_s_constant_query_pairs_are_sent_on_every_call() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(json!(["x"]))).await;
    client(&server).flags().get_flags_beta_true().await.expect("beta flags");
    let r = only_request(&server).await;
    assert_eq!((r.url.path(), query(&r)), ("/flags", vec![("beta".to_string(), "true".to_string())]));
    server.reset().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(json!([]))).await;
    client(&server).flags().list_owned_flags("me").await.expect("owned flags");
    let r = only_request(&server).await;
    let want = [("kind", "a"), ("owner", "me")].map(|(k, v)| (k.to_string(), v.to_string()));
    assert_eq!(query(&r), want);

    let mock = operations::mock::Server::start().await;
    // The beta mock needs `beta=true`; the plain one takes any query, so it
    // is mounted second (the first mounted mock that matches answers).
    mock.flags().get_flags_beta_true().responds_ok(&vec!["beta".into()]).await;
    mock.flags().list_flags().responds_ok(&vec!["plain".into()]).await;
    let c = mock.client_builder().build().expect("client");
    assert_eq!(c.flags().get_flags_beta_true().await.expect("beta"), ["beta"]);
    assert_eq!(c.flags().list_flags().await.expect("plain"), ["plain"]);
}
