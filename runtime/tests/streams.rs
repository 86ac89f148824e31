//! Streaming calls against local servers that write their responses in
//! pieces, with flushes and pauses between them, so that the client reads
//! each stream across several reads and before the server is done:
//! server-sent events (typed data, a bad event, an error status,
//! reconnection with `Last-Event-ID`, a broken connection), JSON lines, a
//! byte stream, and streamed uploads.

// The decoders' `Error` is the runtime's, as large as generated code's.
#![allow(clippy::result_large_err)]

mod common;

use std::time::Duration;

use common::{API, PUT_THING};
use openapi_rust_runtime::sse::EventStream;
use openapi_rust_runtime::stream::Upload;
use openapi_rust_runtime::{
    ApiResponse, Client, ClientBuilder, Error, HttpMethod, Operation, RawResponse, RequestOptions, RetryPolicy,
};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static EVENTS: Operation = Operation {
    id: "watch",
    method: HttpMethod::Get,
    path: "/ticks",
    servers: &[],
    security: &[],
    accept: Some("text/event-stream"),
};

#[derive(Debug, Deserialize, PartialEq)]
struct Tick {
    n: u32,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Problem {
    title: String,
}

fn tick(raw: RawResponse) -> Result<ApiResponse<Tick>, Error<Problem>> {
    let body = raw.json::<Tick, Problem>()?;
    raw.ok(body)
}

/// The operation's decoder: its documented error for a 4xx, and a success
/// (with no stream to read) for anything else.
fn on_error(raw: RawResponse) -> Result<ApiResponse<()>, Error<Problem>> {
    if !raw.status.is_client_error() {
        return raw.ok(());
    }
    let problem = raw.json::<Problem, Problem>()?;
    Err(raw.error(problem))
}

/// How long a test waits for an item before calling the stream stuck.
const PATIENCE: Duration = Duration::from_secs(5);

async fn listen() -> (TcpListener, Client) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let client = ClientBuilder::new(API).base_url(base).retry_policy(RetryPolicy::none()).build().expect("client");
    (listener, client)
}

/// Accepts one connection and reads the request head.
async fn accept(listener: &TcpListener) -> (TcpStream, String) {
    let (mut tcp, _) = listener.accept().await.expect("accept");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        tcp.read_exact(&mut byte).await.expect("request head");
        head.push(byte[0]);
    }
    (tcp, String::from_utf8(head).expect("ascii head").to_ascii_lowercase())
}

/// Writes, flushes and pauses, so that the next write is another read.
async fn write(tcp: &mut TcpStream, bytes: &[u8]) {
    tcp.write_all(bytes).await.expect("write");
    tcp.flush().await.expect("flush");
    tokio::time::sleep(Duration::from_millis(20)).await;
}

/// Writes one chunk of a chunked body.
async fn chunk(tcp: &mut TcpStream, bytes: &[u8]) {
    write(tcp, &[format!("{:x}\r\n", bytes.len()).as_bytes(), bytes, b"\r\n"].concat()).await;
}

fn chunked_head(content_type: &str) -> String {
    format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n")
}

/// A body delimited by the end of the connection.
fn close_head(status: &str, content_type: &str) -> String {
    format!("HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n")
}

async fn next<S>(stream: &mut S) -> Option<S::Item>
where
    S: futures_core::Stream + Unpin,
{
    let mut stream = std::pin::Pin::new(stream);
    tokio::time::timeout(PATIENCE, std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)))
        .await
        .expect("the next item in time")
}

async fn open_events(client: &Client) -> Result<EventStream<Tick, Problem>, Error<Problem>> {
    client.request(&EVENTS, "/ticks".into(), RequestOptions::default()).events(on_error, tick).await
}

#[tokio::test]
async fn events_arrive_typed_as_they_are_sent_and_a_bad_one_is_one_error() {
    let (listener, client) = listen().await;
    let (first_seen, gate) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let (mut tcp, head) = accept(&listener).await;
        assert!(head.contains("accept: text/event-stream"), "{head}");
        write(&mut tcp, chunked_head("text/event-stream").as_bytes()).await;
        chunk(&mut tcp, b": hello\n\nevent: tick\nid: 1\nretry: 2500\ndata: {\"n\"").await;
        chunk(&mut tcp, b": 1}\r").await;
        chunk(&mut tcp, b"\n\r\n").await;
        // The rest only once the client has the first event: a client that
        // waited for the end would never get it.
        gate.await.expect("the first event was read");
        chunk(&mut tcp, b"data: {\"n\": \"two\"}\n\ndata: {\"n\":\n").await;
        chunk(&mut tcp, "data:  3}\n\nid: 9\ndata: {\"n\": 4}\r\r: bye é".as_bytes()).await;
        chunk(&mut tcp, b"\ndata: {\"n\": 5}\n").await; // no blank line: never dispatched
        write(&mut tcp, b"0\r\n\r\n").await;
    });
    let mut events = open_events(&client).await.expect("opened");
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let first = next(&mut events).await.expect("first").expect("decoded");
    assert_eq!(
        (first.data, first.event.as_deref(), first.id.as_deref(), first.retry),
        (Tick { n: 1 }, Some("tick"), Some("1"), Some(Duration::from_millis(2500)))
    );
    first_seen.send(()).expect("server waiting");
    match next(&mut events).await.expect("second") {
        Err(Error::Decode { content, path, .. }) => {
            assert_eq!((content.as_str(), path.as_str()), ("{\"n\": \"two\"}", "n"))
        }
        other => panic!("a decode error, got {other:?}"),
    }
    let third = next(&mut events).await.expect("third").expect("decoded");
    assert_eq!((third.data, third.event, third.id.as_deref(), third.retry), (Tick { n: 3 }, None, Some("1"), None));
    let fourth = next(&mut events).await.expect("fourth").expect("decoded");
    assert_eq!((fourth.data, fourth.id.as_deref()), (Tick { n: 4 }, Some("9")));
    assert_eq!(events.last_event_id(), Some("9"));
    assert!(next(&mut events).await.is_none(), "the unfinished event is discarded");
    assert!(next(&mut events).await.is_none(), "and the stream stays ended");
    server.await.expect("server");
}

#[tokio::test]
async fn an_error_status_is_the_operations_error() {
    let (listener, client) = listen().await;
    let server = tokio::spawn(async move {
        let (mut tcp, _) = accept(&listener).await;
        write(&mut tcp, close_head("404 Not Found", "application/json").as_bytes()).await;
        write(&mut tcp, b"{\"title\": \"no such").await;
        write(&mut tcp, b" feed\"}").await;
        drop(tcp);
        // A non-2xx that the decoder takes for a success has no stream.
        let (mut tcp, _) = accept(&listener).await;
        write(&mut tcp, close_head("302 Found", "text/plain").as_bytes()).await;
    });
    match open_events(&client).await {
        Err(Error::Response(r)) => {
            assert_eq!((r.status.as_u16(), r.entity.title.as_str()), (404, "no such feed"));
        }
        other => panic!("the 404 decoded by on_error, got {other:?}"),
    }
    match open_events(&client).await {
        Err(Error::Stream(m)) => assert!(m.contains("302"), "{m}"),
        other => panic!("a 302 taken for a success is no stream, got {other:?}"),
    }
    server.await.expect("server");
}

#[tokio::test]
async fn a_connection_broken_mid_stream_is_one_transport_error_then_the_end() {
    let (listener, client) = listen().await;
    let server = tokio::spawn(async move {
        let (mut tcp, _) = accept(&listener).await;
        write(&mut tcp, chunked_head("text/event-stream").as_bytes()).await;
        chunk(&mut tcp, b"data: {\"n\": 1}\n\ndata: {\"n\": 2}").await;
        // Closed without the last chunk: the body is cut off.
    });
    let mut events = open_events(&client).await.expect("opened");
    assert_eq!(next(&mut events).await.expect("first").expect("decoded").data, Tick { n: 1 });
    match next(&mut events).await {
        Some(Err(Error::Transport(_))) => {}
        other => panic!("a transport error, got {other:?}"),
    }
    assert!(next(&mut events).await.is_none());
    assert!(next(&mut events).await.is_none());
    server.await.expect("server");
}

#[tokio::test]
async fn events_reconnect_with_the_last_event_id_after_the_server_closes() {
    let (listener, client) = listen().await;
    let (heads_tx, heads) = oneshot::channel::<Vec<String>>();
    let server = tokio::spawn(async move {
        let (mut tcp, first) = accept(&listener).await;
        write(&mut tcp, close_head("200 OK", "text/event-stream").as_bytes()).await;
        write(&mut tcp, b"retry: 10\nid: 1\ndata: {\"n\": 1}\n\ndata: {\"n\": 99}").await;
        drop(tcp);
        let (mut tcp, second) = accept(&listener).await;
        write(&mut tcp, close_head("200 OK", "text/event-stream").as_bytes()).await;
        write(&mut tcp, b"id: 2\ndata: {\"n\": 2}\n\n").await;
        drop(tcp);
        // Nothing listens any more: each further attempt fails to connect.
        drop(listener);
        heads_tx.send(vec![first, second]).expect("test waiting");
    });
    let mut events = open_events(&client).await.expect("opened").reconnect(2);
    let first = next(&mut events).await.expect("first").expect("decoded");
    assert_eq!((first.data, first.id.as_deref()), (Tick { n: 1 }, Some("1")));
    let second = next(&mut events).await.expect("second").expect("decoded");
    assert_eq!((second.data, second.id.as_deref()), (Tick { n: 2 }, Some("2")), "the cut-off event is dropped");
    match next(&mut events).await {
        Some(Err(Error::Transport(e))) => assert!(e.is_connect(), "{e}"),
        other => panic!("the last failed attempt, got {other:?}"),
    }
    assert!(next(&mut events).await.is_none());
    let heads = heads.await.expect("heads");
    assert!(!heads[0].contains("last-event-id"), "{}", heads[0]);
    assert!(heads[1].contains("last-event-id: 1\r\n"), "{}", heads[1]);
    server.await.expect("server");
}

#[tokio::test]
async fn a_reconnection_answered_with_an_error_status_ends_the_stream() {
    let (listener, client) = listen().await;
    let server = tokio::spawn(async move {
        let (mut tcp, _) = accept(&listener).await;
        write(&mut tcp, close_head("200 OK", "text/event-stream").as_bytes()).await;
        write(&mut tcp, b"retry: 5\ndata: {\"n\": 1}\n\n").await;
        drop(tcp);
        let (mut tcp, _) = accept(&listener).await;
        write(&mut tcp, close_head("403 Forbidden", "application/json").as_bytes()).await;
        write(&mut tcp, b"{\"title\": \"gone\"}").await;
    });
    let mut events = open_events(&client).await.expect("opened").reconnect(5);
    assert_eq!(next(&mut events).await.expect("first").expect("decoded").data, Tick { n: 1 });
    // Not through `on_error`: the stream holds no `R` to decode it with.
    match next(&mut events).await {
        Some(Err(Error::Stream(m))) => assert!(m.contains("403"), "{m}"),
        other => panic!("the refused reconnection, got {other:?}"),
    }
    assert!(next(&mut events).await.is_none(), "no further attempt after an error status");
    server.await.expect("server");
}

static LINES: Operation = Operation {
    id: "export",
    method: HttpMethod::Get,
    path: "/export",
    servers: &[],
    security: &[],
    accept: Some("application/x-ndjson"),
};

#[tokio::test]
async fn json_lines_split_across_reads_with_a_bad_line_in_the_middle() {
    let (listener, client) = listen().await;
    let (first_seen, gate) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let (mut tcp, _) = accept(&listener).await;
        write(&mut tcp, close_head("200 OK", "application/x-ndjson").as_bytes()).await;
        write(&mut tcp, b"{\"n\": 1}\n{\"n\"").await;
        gate.await.expect("the first line was read");
        write(&mut tcp, b": 2}\r\nnot json\n\n  \n\x1e{\"n\"").await;
        write(&mut tcp, ": 3}\n{\"n\": 4}".as_bytes()).await; // the last line has no line end
    });
    let request = client.request(&LINES, "/export".into(), RequestOptions::default());
    let mut lines = request.lines(on_error, tick).await.expect("opened");
    assert_eq!(lines.status(), 200);
    assert_eq!(lines.headers()["content-type"], "application/x-ndjson");
    assert_eq!(next(&mut lines).await.expect("1").expect("decoded"), Tick { n: 1 });
    first_seen.send(()).expect("server waiting");
    assert_eq!(next(&mut lines).await.expect("2").expect("decoded"), Tick { n: 2 });
    match next(&mut lines).await {
        Some(Err(Error::Decode { content, .. })) => assert_eq!(content, "not json"),
        other => panic!("a decode error, got {other:?}"),
    }
    assert_eq!(next(&mut lines).await.expect("3").expect("decoded"), Tick { n: 3 });
    assert_eq!(next(&mut lines).await.expect("4").expect("decoded"), Tick { n: 4 });
    assert!(next(&mut lines).await.is_none());
    assert!(next(&mut lines).await.is_none());
    server.await.expect("server");
}

#[tokio::test]
async fn a_byte_stream_yields_chunks_as_they_come() {
    let (listener, client) = listen().await;
    let (first_seen, gate) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let (mut tcp, _) = accept(&listener).await;
        write(&mut tcp, chunked_head("application/octet-stream").as_bytes()).await;
        chunk(&mut tcp, &[0u8, 1, 2]).await;
        gate.await.expect("the first chunk was read");
        chunk(&mut tcp, &[3u8; 1000]).await;
        chunk(&mut tcp, b"end").await;
        write(&mut tcp, b"0\r\n\r\n").await;
    });
    let request = client.request(&LINES, "/export".into(), RequestOptions::default());
    let mut bytes = request.byte_stream(on_error).await.expect("opened");
    assert_eq!(bytes.headers()["content-type"], "application/octet-stream");
    assert_eq!(&next(&mut bytes).await.expect("first").expect("bytes")[..], [0, 1, 2]);
    first_seen.send(()).expect("server waiting");
    let mut rest = Vec::new();
    while let Some(chunk) = next(&mut bytes).await {
        rest.extend_from_slice(&chunk.expect("bytes"));
    }
    assert_eq!(rest, [&[3u8; 1000][..], b"end"].concat());
    assert!(next(&mut bytes).await.is_none());
    server.await.expect("server");
}

#[tokio::test]
async fn lines_and_byte_streams_decode_an_error_status_with_on_error() {
    let (listener, client) = listen().await;
    let server = tokio::spawn(async move {
        for _ in 0..2 {
            let (mut tcp, _) = accept(&listener).await;
            write(&mut tcp, close_head("400 Bad Request", "application/json").as_bytes()).await;
            write(&mut tcp, b"{\"title\": \"bad\"}").await;
        }
    });
    let request = client.request(&LINES, "/export".into(), RequestOptions::default());
    let lines = request.lines(on_error, tick).await;
    assert!(matches!(&lines, Err(Error::Response(r)) if r.entity.title == "bad"), "{lines:?}");
    let request = client.request(&LINES, "/export".into(), RequestOptions::default());
    let bytes = request.byte_stream(on_error).await;
    assert!(matches!(&bytes, Err(Error::Response(r)) if r.entity.title == "bad"), "{bytes:?}");
    server.await.expect("server");
}

async fn upload_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).and(path("/things/1")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

async fn put(server: &MockServer, body: Upload) -> (Vec<u8>, String) {
    let mut request = common::client(server).request(&PUT_THING, "/things/1".into(), RequestOptions::default());
    request.upload(body, "application/octet-stream");
    request.send::<()>().await.expect("uploaded");
    let received = common::received(server).await.pop().expect("one request");
    let content_type = common::header_values(&received, "content-type").join(",");
    (received.body, content_type)
}

#[tokio::test]
async fn an_upload_from_a_stream_is_sent_as_it_is_read() {
    let server = upload_server().await;
    let pieces: Vec<std::io::Result<Vec<u8>>> = vec![Ok(b"first,".to_vec()), Ok(vec![]), Ok(b"second".to_vec())];
    let (body, content_type) = put(&server, Upload::from_stream(futures_util::stream::iter(pieces))).await;
    assert_eq!((body.as_slice(), content_type.as_str()), (&b"first,second"[..], "application/octet-stream"));
}

#[tokio::test]
async fn an_upload_from_a_file_is_sent_whole() {
    let server = upload_server().await;
    let path = std::env::temp_dir().join(format!("openapi-rust-upload-{}.bin", std::process::id()));
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &content).expect("temp file");
    let (body, _) = put(&server, Upload::from_path(&path).await.expect("open")).await;
    assert!(body == content, "{} bytes received of {}", body.len(), content.len());
    let file = tokio::fs::File::open(&path).await.expect("open");
    let (body, _) = put(&server, Upload::from_file(file)).await;
    assert!(body == content, "{} bytes received of {}", body.len(), content.len());
    std::fs::remove_file(&path).expect("cleanup");
}

#[test]
fn an_upload_shows_what_it_holds_without_the_bytes() {
    assert!(!format!("{:?}", Upload::from(b"secret".to_vec())).contains("secret"));
    assert!(!format!("{:?}", Upload::from(bytes_of("secret"))).contains("secret"));
}

fn bytes_of(s: &'static str) -> openapi_rust_runtime::Bytes {
    openapi_rust_runtime::Bytes::from_static(s.as_bytes())
}

#[tokio::test]
async fn an_upload_of_bytes_is_retried_and_one_from_a_stream_is_not() {
    let server = MockServer::start().await;
    common::mount_sequence(&server, ResponseTemplate::new(503), 1, ResponseTemplate::new(204)).await;
    let client = common::builder(&server).retry_policy(common::fast_retries(2)).build().expect("client");
    let mut request = client.request(&PUT_THING, "/things/1".into(), RequestOptions::default());
    request.upload(Upload::from(b"again".to_vec()), "application/octet-stream");
    request.send::<()>().await.expect("sent on the second try");
    let received = common::received(&server).await;
    assert_eq!(received.iter().map(|r| r.body.as_slice()).collect::<Vec<_>>(), [b"again", b"again"]);

    let server = MockServer::start().await;
    common::mount_sequence(&server, ResponseTemplate::new(503), 1, ResponseTemplate::new(204)).await;
    let client = common::builder(&server).retry_policy(common::fast_retries(2)).build().expect("client");
    let mut request = client.request(&PUT_THING, "/things/1".into(), RequestOptions::default());
    let once: Vec<std::io::Result<Vec<u8>>> = vec![Ok(b"once".to_vec())];
    request.upload(Upload::from_stream(futures_util::stream::iter(once)), "application/octet-stream");
    let sent = request.send::<()>().await;
    assert!(matches!(&sent, Ok(r) if r.status.as_u16() == 503), "not retried: {sent:?}");
    assert_eq!(common::received(&server).await.len(), 1);
}

/// The parts of a `multipart/form-data` body: (headers, content) each.
fn multipart_parts(body: &[u8], content_type: &str) -> Vec<(String, Vec<u8>)> {
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary");
    let delimiter = format!("--{boundary}");
    let text = body.to_vec();
    let mut parts = Vec::new();
    let mut rest = &text[..];
    while let Some(at) = find(rest, delimiter.as_bytes()) {
        rest = &rest[at + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let head_end = find(rest, b"\r\n\r\n").expect("part headers");
        let headers = String::from_utf8_lossy(&rest[2..head_end]).to_string();
        let content_end = find(&rest[head_end..], delimiter.as_bytes()).expect("next delimiter") + head_end;
        parts.push((headers, rest[head_end + 4..content_end - 2].to_vec()));
        rest = &rest[content_end..];
    }
    parts
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn a_multipart_file_part_streams_from_an_upload_in_place_of_the_bodys_value() {
    let server = upload_server().await;
    let mut request = common::client(&server).request(&PUT_THING, "/things/1".into(), RequestOptions::default());
    let body = serde_json::json!({ "name": "n", "file": [1, 2, 3], "photo": null });
    let pieces: Vec<std::io::Result<Vec<u8>>> = vec![Ok(b"stre".to_vec()), Ok(b"amed".to_vec())];
    let file = ("file", openapi_rust_runtime::PartEncoding::File("image/png"));
    let uploads = vec![
        ("file", Upload::from_stream(futures_util::stream::iter(pieces))),
        ("photo", Upload::from(b"second".to_vec())),
        ("photo", Upload::from(b"third".to_vec())),
    ];
    request.multipart_uploads(&body, &[file], uploads);
    request.send::<()>().await.expect("uploaded");
    let received = common::received(&server).await.pop().expect("one request");
    let content_type = common::header_values(&received, "content-type").join(",");
    let parts = multipart_parts(&received.body, &content_type);
    let mut summary: Vec<(bool, bool, &[u8])> =
        parts.iter().map(|(h, c)| (h.contains("filename="), h.contains("image/png"), c.as_slice())).collect();
    // The body's properties come in serde_json's map order, which a
    // feature elsewhere in the build can change; the uploads keep theirs.
    let photos: Vec<&[u8]> = summary.iter().filter(|p| p.0 && !p.1).map(|p| p.2).collect();
    assert_eq!(photos, [&b"second"[..], b"third"], "uploads under one name keep their order");
    summary.sort();
    assert_eq!(
        summary,
        [(false, false, &b"n"[..]), (true, false, b"second"), (true, false, b"third"), (true, true, b"streamed")],
        "{parts:?}"
    );
}
