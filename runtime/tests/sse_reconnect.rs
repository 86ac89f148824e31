//! `EventStream::reconnect`: after the server closes, the stream waits the
//! server's `retry` delay, sends the request again with `Last-Event-ID`,
//! and goes on with the new response's events; it stops after the given
//! number of attempts in a row.

mod common;

use openapi_rust_runtime::{ApiResponse, ClientBuilder, Error, HttpMethod, Operation, RawResponse, RequestOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

static TICKS: Operation = Operation {
    id: "ticks",
    method: HttpMethod::Get,
    path: "/ticks",
    servers: &[],
    security: &[],
    accept: Some("text/event-stream"),
};

// The item decoder's type is fixed by `Decode`, whose error is the runtime's.
#[allow(clippy::result_large_err)]
fn text(raw: RawResponse) -> Result<ApiResponse<String>, Error<()>> {
    if raw.status.is_success() {
        raw.text_ok()
    } else {
        Err(raw.error(()))
    }
}

/// Serves one event-stream response per connection, `bodies[i]` on the
/// i-th, and hands back each request head.
async fn serve(bodies: Vec<&'static str>) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        for body in bodies {
            let (mut tcp, _) = listener.accept().await.expect("accept");
            let mut head = vec![0u8; 4096];
            let n = tcp.read(&mut head).await.expect("head");
            let _ = tx.send(String::from_utf8_lossy(&head[..n]).to_ascii_lowercase());
            let response =
                format!("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n{body}");
            tcp.write_all(response.as_bytes()).await.expect("write");
        }
    });
    (base, rx)
}

/// The events read, and the error that ended the stream, if one did.
async fn collect(base: &str, attempts: u32) -> (Vec<(String, Option<String>)>, Option<String>) {
    let client = ClientBuilder::new(common::API).base_url(base).build().expect("client");
    let request = client.request(&TICKS, "/ticks".into(), RequestOptions::new());
    let mut events = request.events(text, text).await.expect("open").reconnect(attempts);
    let mut out = Vec::new();
    while let Some(event) = events.next().await {
        match event {
            Ok(event) => out.push((event.data, event.id)),
            Err(e) => return (out, Some(e.to_string())),
        }
    }
    (out, None)
}

#[tokio::test]
async fn reconnects_with_the_last_event_id_after_the_retry_delay() {
    let (base, mut heads) = serve(vec!["retry: 10\nid: 1\ndata: a\n\n", "id: 2\ndata: b\n\ndata: c\n\n"]).await;
    let started = std::time::Instant::now();
    let (events, error) = collect(&base, 1).await;
    let s = |v: &str| Some(v.to_string());
    assert_eq!(events, [("a".into(), s("1")), ("b".into(), s("2")), ("c".into(), s("2"))]);
    // The server is gone after two responses: the last attempt fails, and
    // its error ends the stream.
    assert!(error.as_deref().is_some_and(|e| e.starts_with("transport error")), "{error:?}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(10), "waited the server's retry delay");
    let first = heads.recv().await.expect("first request");
    assert!(!first.contains("last-event-id"), "{first}");
    let second = heads.recv().await.expect("second request");
    assert!(second.contains("last-event-id: 1\r\n"), "{second}");
}

#[tokio::test]
async fn without_reconnect_the_stream_ends_with_the_response() {
    let (base, _heads) = serve(vec!["retry: 10\ndata: a\n\n", "data: b\n\n"]).await;
    assert_eq!(collect(&base, 0).await, (vec![("a".to_string(), None)], None));
}

/// The client's timeout covers the response head of a streaming call, not
/// its body: a stream that lasts longer than the timeout is not cut off.
#[tokio::test]
async fn a_stream_outlasts_the_request_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let (mut tcp, _) = listener.accept().await.expect("accept");
        let mut head = vec![0u8; 4096];
        let _ = tcp.read(&mut head).await.expect("head");
        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
        tcp.write_all(head.as_bytes()).await.expect("write");
        for i in 0..6 {
            tcp.write_all(format!("data: {i}\n\n").as_bytes()).await.expect("write");
            tokio::time::sleep(std::time::Duration::from_millis(60)).await;
        }
    });
    let timeout = std::time::Duration::from_millis(150);
    let client = ClientBuilder::new(common::API).base_url(&base).timeout(timeout).build().expect("client");
    let request = client.request(&TICKS, "/ticks".into(), RequestOptions::new());
    let mut events = request.events(text, text).await.expect("open");
    let mut data = Vec::new();
    while let Some(event) = events.next().await {
        data.push(event.expect("no timeout cuts the body off").data);
    }
    assert_eq!(data, ["0", "1", "2", "3", "4", "5"], "360 ms of events through a 150 ms timeout");
}
