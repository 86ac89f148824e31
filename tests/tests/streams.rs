//! The committed `streams` crate (from `specs/streams.yaml`) against local
//! servers that write their responses in pieces, with pauses: server-sent
//! events alone and beside JSON, JSON lines, a byte download, and a
//! WebSocket channel that sends typed messages.

// The handshake callback's error type is tungstenite's, not ours.
#![allow(clippy::result_large_err)]

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use streams::models::{ChatMessage, CompletionRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// One piece of a response body, written after the server waits for `gate`
/// (if any) and then flushed.
struct Piece {
    bytes: &'static [u8],
    gate: Option<oneshot::Receiver<()>>,
}

fn piece(bytes: &'static [u8]) -> Piece {
    Piece { bytes, gate: None }
}

/// Serves one HTTP/1.1 response with `status` and `content_type`, its body
/// in `pieces` (written one by one, then the connection closes); returns
/// the base URL and the request head the client sent.
async fn serve(
    status: &'static str,
    content_type: &'static str,
    pieces: Vec<Piece>,
) -> (String, oneshot::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (head_tx, head_rx) = oneshot::channel();
    tokio::spawn(async move {
        let (mut tcp, _) = listener.accept().await.expect("accept");
        let head = read_head(&mut tcp).await;
        let _ = head_tx.send(head);
        let response_head = format!("HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n");
        tcp.write_all(response_head.as_bytes()).await.expect("head");
        for p in pieces {
            if let Some(gate) = p.gate {
                let _ = gate.await;
            }
            tcp.write_all(p.bytes).await.expect("piece");
            tcp.flush().await.expect("flush");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    (base, head_rx)
}

async fn read_head(tcp: &mut tokio::net::TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if tcp.read(&mut byte).await.expect("read") == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    // Read the body too: closing with unread bytes resets the connection.
    let length = head.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:")?.trim().parse().ok());
    let mut body = vec![0u8; length.unwrap_or(0)];
    tcp.read_exact(&mut body).await.expect("body");
    head
}

fn client(base: &str) -> streams::Client {
    streams::Client::builder().base_url(base).token("secret-token").build().expect("client")
}

#[tokio::test]
async fn events_arrive_while_the_stream_is_open_and_decode_into_their_item_schema() {
    let (go_on, gate) = oneshot::channel();
    let pieces = vec![
        // A comment, then an event whose data spans two lines, with CRLF.
        piece(b": keep-alive\r\nid: 1\r\nevent: tick\r\ndata: {\"seq\": 1,\r\ndata:  \"at\": \"t1\"}\r\n\r\n"),
        // Split across reads mid-field, LF line ends.
        Piece { bytes: b"id: 2\nda", gate: Some(gate) },
        piece(b"ta: {\"seq\": \"two\", \"at\": \"t2\"}\n\n"),
        piece(b"data: {\"seq\": 3, \"at\": \"t3\"}\r\r"),
    ];
    let (base, head) = serve("200 OK", "text/event-stream", pieces).await;
    let mut events = client(&base).ticks().stream_ticks().every(1).await.expect("open");
    let first = events.next().await.expect("first event").expect("decodes");
    // The server waits for this before sending the rest: the first event
    // came while the response was still open.
    go_on.send(()).expect("gate");
    assert_eq!((first.data.seq, first.data.at.as_str()), (1, "t1"));
    assert_eq!((first.event.as_deref(), first.id.as_deref()), (Some("tick"), Some("1")));
    match events.next().await.expect("second event") {
        Err(streams::Error::Decode { path, .. }) => assert_eq!(path, "seq"),
        other => panic!("the second event should fail to decode at `seq`: {other:?}"),
    }
    let third = events.next().await.expect("third event").expect("decodes");
    assert_eq!((third.data.seq, third.id.as_deref(), third.event), (3, Some("2"), None));
    assert!(events.next().await.is_none(), "the stream ends with the response");
    let head = head.await.expect("head").to_ascii_lowercase();
    assert!(head.starts_with("get /ticks?every=1 "), "{head}");
    assert!(head.contains("accept: text/event-stream"), "{head}");
    assert!(head.contains("authorization: bearer secret-token"), "{head}");
}

#[tokio::test]
async fn events_without_a_schema_are_text() {
    let (base, _) = serve("200 OK", "text/event-stream", vec![piece(b"data: line one\ndata: line two\n\n")]).await;
    let mut events = client(&base).ticks().stream_notices().await.expect("open");
    let event = events.next().await.expect("event").expect("text");
    assert_eq!(event.data, "line one\nline two");
}

#[tokio::test]
async fn an_error_status_is_the_operations_typed_error() {
    let (base, _) = serve("401 Unauthorized", "application/json", vec![piece(b"{}")]).await;
    match client(&base).ticks().stream_ticks().await {
        Err(e) => assert!(matches!(e.entity(), Some(streams::apis::ticks_api::StreamTicksError::Status401)), "{e}"),
        Ok(_) => panic!("a 401 opens no stream"),
    }
}

#[tokio::test]
async fn a_json_call_keeps_its_json_and_gains_a_stream_of_chunks() {
    let (base, _) = serve("200 OK", "application/json", vec![piece(br#"{"text": "hello world"}"#)]).await;
    let whole = client(&base).completions().create_completion(CompletionRequest::new("hi".into())).await;
    assert_eq!(whole.expect("json").text, "hello world");

    let pieces = vec![piece(b"data: {\"delta\": \"hel\"}\n\n"), piece(b"data: {\"delta\": \"lo\"}\n\n")];
    let (base, head) = serve("200 OK", "text/event-stream", pieces).await;
    let request = CompletionRequest::new("hi".into()).with_stream(true);
    let chunks = client(&base).completions().create_completion(request).stream().await.expect("open");
    let deltas: Vec<String> = chunks.map(|c| c.expect("chunk").data.delta).collect().await;
    assert_eq!(deltas, ["hel", "lo"]);
    let head = head.await.expect("head").to_ascii_lowercase();
    assert!(head.contains("accept: text/event-stream"), "the streaming call asks for events: {head}");
}

#[tokio::test]
async fn json_lines_stream_one_value_per_line_across_reads() {
    let pieces = vec![
        piece(b"{\"id\": 1}\n{\"id\""),
        piece(b": 2, \"name\": \"b\"}\r\n\n{\"id\": \"x\"}\n"),
        piece(b"{\"id\": 4}"),
    ];
    let (base, _) = serve("200 OK", "application/x-ndjson", pieces).await;
    let lines = client(&base).exports().export_records().stream().await.expect("open");
    let items: Vec<_> = lines.collect().await;
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(items[0].as_ref().expect("1").id, 1);
    assert_eq!(items[1].as_ref().expect("2").name.as_deref(), Some("b"));
    assert!(matches!(&items[2], Err(streams::Error::Decode { path, .. }) if path == "id"), "{:?}", items[2]);
    assert_eq!(items[3].as_ref().expect("a last line without newline").id, 4);
}

#[tokio::test]
async fn a_download_streams_its_chunks() {
    let pieces = vec![piece(b"abc"), piece(b"def"), piece(b"ghi")];
    let (base, _) = serve("200 OK", "application/octet-stream", pieces).await;
    let mut chunks = client(&base).exports().download_archive().stream().await.expect("open");
    let mut all = Vec::new();
    let mut count = 0;
    while let Some(chunk) = chunks.next().await {
        all.extend_from_slice(&chunk.expect("chunk"));
        count += 1;
    }
    assert_eq!(all, b"abcdefghi");
    assert!(count >= 2, "the body came in {count} chunk(s), not read whole");
}

#[tokio::test]
async fn a_channel_sends_its_greeting_and_typed_messages() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("accept");
        let mut nickname = None;
        let callback = |req: &tokio_tungstenite::tungstenite::handshake::server::Request,
                        resp: tokio_tungstenite::tungstenite::handshake::server::Response| {
            nickname = req.headers().get("x-nickname").map(|v| v.to_str().unwrap_or_default().to_string());
            Ok(resp)
        };
        let mut ws = tokio_tungstenite::accept_hdr_async(tcp, callback).await.expect("handshake");
        let mut received = Vec::new();
        while let Some(Ok(msg)) = ws.next().await {
            match msg {
                tokio_tungstenite::tungstenite::Message::Text(t) => {
                    received.push(t.to_string());
                    let echo = format!(r#"{{"from": "room", "text": "echo {}"}}"#, received.len());
                    ws.send(tokio_tungstenite::tungstenite::Message::Text(echo.into())).await.expect("send");
                }
                tokio_tungstenite::tungstenite::Message::Close(_) => break,
                _ => {}
            }
        }
        (nickname, received)
    });
    let client = client(&format!("http://{addr}"));
    let greeting = ChatMessage::new("hello".into());
    let mut channel = client.chat().join_chat("lobby", Some(greeting)).x_nickname("ann").await.expect("connect");
    assert_eq!(channel.next().await.expect("echo").expect("decodes").text, "echo 1");
    channel.send(&ChatMessage::new("second".into()).with_from("ann".into())).await.expect("send");
    assert_eq!(channel.next().await.expect("echo").expect("decodes").text, "echo 2");
    channel.close().await.expect("close");
    let (nickname, received) = server.await.expect("server");
    assert_eq!(nickname.as_deref(), Some("ann"));
    let received: Vec<serde_json::Value> = received.iter().map(|t| serde_json::from_str(t).expect("json")).collect();
    assert_eq!(received, [serde_json::json!({"text": "hello"}), serde_json::json!({"from": "ann", "text": "second"})]);
}
