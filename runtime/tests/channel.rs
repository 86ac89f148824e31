#![cfg(feature = "ws")]
//! WebSocket channels against a local tokio-tungstenite server: the
//! handshake, frames decoded in order, control frames, closes, and what
//! the client sends.
// The decoder's signature is `Decode`'s, and the handshake callbacks'
// is tungstenite's: neither is ours to shrink.
#![allow(clippy::result_large_err)]

mod common;

use std::future::Future;
use std::time::Duration;

use common::{token, API};
use futures_util::{SinkExt as _, StreamExt as _};
use openapi_rust_runtime::channel::{Channel, NoMessage};
use openapi_rust_runtime::{
    path_segment, ApiResponse, Client, ClientBuilder, Error, HttpMethod, Operation, ParamStyle, RawResponse,
    RequestOptions, RetryPolicy,
};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::HeaderMap;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Metric {
    name: String,
    value: f64,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Problem {
    detail: String,
}

#[derive(Debug, PartialEq)]
enum TestError {
    Status401(Problem),
    Other,
}

fn decode(raw: RawResponse) -> Result<ApiResponse<Metric>, Error<TestError>> {
    match raw.status.as_u16() {
        200..=299 => {
            let body = raw.json::<Metric, _>()?;
            raw.ok(body)
        }
        401 => {
            let problem = raw.json::<Problem, _>()?;
            Err(raw.error(TestError::Status401(problem)))
        }
        _ => Err(raw.error(TestError::Other)),
    }
}

static WATCH: Operation = Operation {
    id: "watchMetrics",
    method: HttpMethod::Get,
    path: "/metrics/{id}",
    servers: &[],
    security: &[&["bearer", "key_query"]],
    accept: None,
};

type Metrics<M = NoMessage> = Channel<Metric, TestError, M>;
type ServerSocket = WebSocketStream<TcpStream>;

/// The handshake request as the server saw it.
#[derive(Debug)]
struct Seen {
    path_and_query: String,
    headers: HeaderMap,
}

fn metric(name: &str, value: f64) -> Metric {
    Metric { name: name.to_string(), value }
}

fn text(m: &Metric) -> Message {
    Message::text(serde_json::to_string(m).unwrap())
}

fn client(base: &str) -> Client {
    ClientBuilder::new(API).base_url(base).retry_policy(RetryPolicy::none()).build().unwrap()
}

async fn listen() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (listener, base)
}

/// A server accepting one WebSocket connection and running `script` on
/// it; the task yields the handshake it saw and what `script` returned.
async fn serve<F, Fut, O>(script: F) -> (String, JoinHandle<(Seen, O)>)
where
    F: FnOnce(ServerSocket) -> Fut + Send + 'static,
    Fut: Future<Output = O> + Send,
    O: Send + 'static,
{
    let (listener, base) = listen().await;
    let task = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut seen = None;
        let callback = |req: &Request, mut resp: Response| {
            let path_and_query = req.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default();
            seen = Some(Seen { path_and_query, headers: req.headers().clone() });
            resp.headers_mut().insert("x-server", "s-1".parse().unwrap());
            Ok(resp)
        };
        let ws = tokio_tungstenite::accept_hdr_async(tcp, callback).await.unwrap();
        (seen.unwrap(), script(ws).await)
    });
    (base, task)
}

/// A server refusing the handshake with `status` and a JSON `body`.
async fn refuse(status: u16, body: &'static str) -> String {
    let (listener, base) = listen().await;
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let callback = |_: &Request, _: Response| -> Result<Response, ErrorResponse> {
            let resp = Response::builder().status(status).header("content-type", "application/json");
            Err(resp.body(Some(body.to_string())).unwrap())
        };
        let _ = tokio_tungstenite::accept_hdr_async(tcp, callback).await;
    });
    base
}

fn request(client: &Client, options: RequestOptions) -> openapi_rust_runtime::Request {
    client.request(&WATCH, format!("/metrics/{}", path_segment("m 1")), options)
}

async fn connect<M: Send + 'static>(base: &str) -> Metrics<M> {
    request(&client(base), RequestOptions::new()).connect(decode, decode).await.unwrap()
}

async fn next(channel: &mut Metrics) -> Option<Result<Metric, Error<TestError>>> {
    tokio::time::timeout(Duration::from_secs(5), channel.next()).await.expect("the channel stalled")
}

async fn server_next(ws: &mut ServerSocket) -> Option<Message> {
    let next = tokio::time::timeout(Duration::from_secs(5), ws.next()).await.expect("the client stalled");
    next.map(|m| m.unwrap())
}

async fn close_with(ws: &mut ServerSocket, code: CloseCode, reason: &str) {
    ws.close(Some(CloseFrame { code, reason: reason.into() })).await.unwrap();
}

#[tokio::test]
async fn typed_frames_arrive_in_order() {
    let (base, server) = serve(|mut ws| async move {
        ws.send(text(&metric("a", 1.0))).await.unwrap();
        ws.send(Message::binary(serde_json::to_vec(&metric("b", 2.0)).unwrap())).await.unwrap();
        ws.send(text(&metric("c", 3.0))).await.unwrap();
        close_with(&mut ws, CloseCode::Normal, "done").await;
    })
    .await;
    let mut channel = connect(&base).await;
    assert_eq!(channel.handshake_headers()["x-server"], "s-1", "the 101 response's headers");
    assert!(format!("{channel:?}").starts_with("Channel"));
    for expected in [metric("a", 1.0), metric("b", 2.0), metric("c", 3.0)] {
        assert_eq!(next(&mut channel).await.unwrap().unwrap(), expected);
    }
    assert!(next(&mut channel).await.is_none());
    server.await.unwrap();
}

#[tokio::test]
async fn a_frame_that_does_not_decode_is_one_error_and_the_stream_goes_on() {
    let (base, server) = serve(|mut ws| async move {
        ws.send(text(&metric("a", 1.0))).await.unwrap();
        ws.send(Message::text(r#"{"name":"x","value":"high"}"#)).await.unwrap();
        ws.send(text(&metric("b", 2.0))).await.unwrap();
        close_with(&mut ws, CloseCode::Normal, "").await;
    })
    .await;
    let mut channel = connect(&base).await;
    assert_eq!(next(&mut channel).await.unwrap().unwrap(), metric("a", 1.0));
    match next(&mut channel).await {
        Some(Err(Error::Decode { status, path, message, content, .. })) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(path, "value");
            assert!(message.contains("invalid type: string \"high\""), "{message}");
            assert_eq!(content, r#"{"name":"x","value":"high"}"#);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(next(&mut channel).await.unwrap().unwrap(), metric("b", 2.0));
    assert!(next(&mut channel).await.is_none());
    server.await.unwrap();
}

#[tokio::test]
async fn a_ping_gets_its_pong_while_the_client_only_reads() {
    let (base, server) = serve(|mut ws| async move {
        ws.send(Message::Ping(b"are you there".to_vec().into())).await.unwrap();
        let answer = server_next(&mut ws).await;
        // Only once the pong is in does the client get something to read.
        ws.send(text(&metric("after", 1.0))).await.unwrap();
        close_with(&mut ws, CloseCode::Normal, "").await;
        answer
    })
    .await;
    let mut channel = connect(&base).await;
    assert_eq!(next(&mut channel).await.unwrap().unwrap(), metric("after", 1.0));
    let (_, answer) = server.await.unwrap();
    assert_eq!(answer, Some(Message::Pong(b"are you there".to_vec().into())));
}

#[tokio::test]
async fn a_normal_close_ends_the_stream_and_is_answered() {
    let (base, server) = serve(|mut ws| async move {
        close_with(&mut ws, CloseCode::Normal, "bye").await;
        server_next(&mut ws).await
    })
    .await;
    let mut channel = connect(&base).await;
    assert!(next(&mut channel).await.is_none());
    assert!(next(&mut channel).await.is_none(), "the end is final");
    let (_, reply) = server.await.unwrap();
    assert!(matches!(&reply, Some(Message::Close(Some(f))) if f.code == CloseCode::Normal), "{reply:?}");
}

#[tokio::test]
async fn going_away_ends_the_stream_too() {
    let (base, server) = serve(|mut ws| async move { close_with(&mut ws, CloseCode::Away, "restart").await }).await;
    let mut channel = connect(&base).await;
    assert!(next(&mut channel).await.is_none());
    server.await.unwrap();
}

#[tokio::test]
async fn another_close_code_is_one_last_error() {
    let (base, server) = serve(|mut ws| async move {
        ws.send(text(&metric("a", 1.0))).await.unwrap();
        close_with(&mut ws, CloseCode::Error, "overloaded").await;
    })
    .await;
    let mut channel = connect(&base).await;
    assert_eq!(next(&mut channel).await.unwrap().unwrap(), metric("a", 1.0));
    match next(&mut channel).await {
        Some(Err(Error::Closed { code, reason })) => assert_eq!((code, reason.as_str()), (1011, "overloaded")),
        other => panic!("expected a close error, got {other:?}"),
    }
    assert!(next(&mut channel).await.is_none());
    assert!(next(&mut channel).await.is_none());
    server.await.unwrap();
}

#[tokio::test]
async fn a_connection_dropped_without_a_close_frame_is_code_1006() {
    let (base, server) = serve(|mut ws| async move {
        ws.send(text(&metric("a", 1.0))).await.unwrap();
        drop(ws);
    })
    .await;
    let mut channel = connect(&base).await;
    assert_eq!(next(&mut channel).await.unwrap().unwrap(), metric("a", 1.0));
    match next(&mut channel).await {
        Some(Err(Error::Closed { code: 1006, .. })) => {}
        other => panic!("expected code 1006, got {other:?}"),
    }
    assert!(next(&mut channel).await.is_none());
    server.await.unwrap();
}

#[tokio::test]
async fn a_handshake_answered_401_is_the_typed_error() {
    let base = refuse(401, r#"{"detail":"no token"}"#).await;
    let err = request(&client(&base), RequestOptions::new()).connect::<_, _, _, NoMessage>(decode, decode).await;
    match err {
        Err(Error::Response(r)) => {
            assert_eq!(r.status.as_u16(), 401);
            assert_eq!(r.headers["content-type"], "application/json");
            assert_eq!(r.entity, TestError::Status401(Problem { detail: "no token".into() }));
        }
        other => panic!("expected the 401 error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_handshake_answered_with_a_success_is_not_a_channel() {
    // tungstenite's server cannot refuse with a success, so this one is
    // written by hand.
    let (listener, base) = listen().await;
    tokio::spawn(async move {
        let (mut tcp, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let _ = tcp.read(&mut buf).await.unwrap();
        let body = r#"{"name":"a","value":1}"#;
        let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}", body.len());
        tcp.write_all(head.as_bytes()).await.unwrap();
    });
    let err = request(&client(&base), RequestOptions::new()).connect::<_, _, _, NoMessage>(decode, decode).await;
    match err {
        Err(Error::Stream(m)) => assert_eq!(m, "the server answered 200 OK instead of switching protocols"),
        other => panic!("expected a stream error, got {other:?}"),
    }
}

#[tokio::test]
async fn parameters_and_credentials_reach_the_handshake() {
    let (base, server) = serve(|mut ws| async move { close_with(&mut ws, CloseCode::Normal, "").await }).await;
    let client = ClientBuilder::new(API)
        .base_url(&base)
        .credential("bearer", token("tok-1"))
        .credential("key_query", token("k&1"))
        .build()
        .unwrap();
    assert!(base.starts_with("http://"), "an http base url is turned into ws");
    let mut req = request(&client, RequestOptions::new().header("X-Extra", "e-1"));
    req.query("since", &5, ParamStyle::Form, true);
    req.header("X-Trace", "t-1");
    req.cookie("pref", "dark");
    req.cookie("lang", "en");
    let mut channel: Metrics = req.connect(decode, decode).await.unwrap();
    assert!(next(&mut channel).await.is_none());
    let (seen, ()) = server.await.unwrap();
    let header = |name: &str| seen.headers.get(name).map(|v| v.to_str().unwrap().to_string());
    assert_eq!(seen.path_and_query, "/metrics/m%201?api_key=k%261&since=5");
    assert_eq!(header("authorization").as_deref(), Some("Bearer tok-1"));
    assert_eq!(header("x-trace").as_deref(), Some("t-1"));
    assert_eq!(header("x-extra").as_deref(), Some("e-1"));
    assert_eq!(header("cookie").as_deref(), Some("pref=dark; lang=en"));
    assert_eq!(header("user-agent").as_deref(), Some("test/0"));
}

#[tokio::test]
async fn a_ws_base_url_stays_ws_and_other_schemes_are_refused() {
    let (base, server) = serve(|mut ws| async move { close_with(&mut ws, CloseCode::Normal, "").await }).await;
    let ws_base = base.replace("http://", "ws://");
    let mut channel: Metrics = connect(&ws_base).await;
    assert!(next(&mut channel).await.is_none());
    server.await.unwrap();
    let refused =
        request(&client("ftp://127.0.0.1:1"), RequestOptions::new()).connect::<_, _, _, NoMessage>(decode, decode);
    match refused.await {
        Err(Error::InvalidRequest(m)) => assert!(m.contains("`ftp`"), "{m}"),
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

#[tokio::test]
async fn closing_from_the_client_sends_1000() {
    let (base, server) = serve(|mut ws| async move { server_next(&mut ws).await }).await;
    let mut channel = connect(&base).await;
    channel.close().await.unwrap();
    assert!(next(&mut channel).await.is_none(), "the stream ends after close");
    channel.close().await.unwrap();
    let (_, received) = server.await.unwrap();
    assert!(matches!(&received, Some(Message::Close(Some(f))) if f.code == CloseCode::Normal), "{received:?}");
    assert!(matches!(channel.send_text("late").await, Err(Error::Stream(_))), "nothing is sent after close");
}

#[tokio::test]
async fn send_text_binary_and_typed_send_reach_the_server() {
    let (base, server) = serve(|mut ws| async move {
        let mut got = Vec::new();
        for _ in 0..3 {
            got.push(server_next(&mut ws).await);
        }
        close_with(&mut ws, CloseCode::Normal, "").await;
        got
    })
    .await;
    let mut channel: Metrics<Metric> = connect(&base).await;
    channel.send_text("hello").await.unwrap();
    channel.send_binary(vec![0, 159, 255]).await.unwrap();
    channel.send(&metric("up", 4.5)).await.unwrap();
    let (_, got) = server.await.unwrap();
    assert_eq!(got[0], Some(Message::text("hello")));
    assert_eq!(got[1], Some(Message::binary(vec![0u8, 159, 255])));
    match &got[2] {
        Some(Message::Text(t)) => assert_eq!(serde_json::from_str::<Metric>(t).unwrap(), metric("up", 4.5)),
        other => panic!("expected a text frame, got {other:?}"),
    }
}

#[tokio::test]
async fn a_request_body_is_the_first_frame() {
    let (base, server) = serve(|mut ws| async move {
        let first = server_next(&mut ws).await;
        close_with(&mut ws, CloseCode::Normal, "").await;
        first
    })
    .await;
    let mut req = request(&client(&base), RequestOptions::new());
    req.json(&metric("subscribe", 0.0), "application/json");
    let mut channel: Metrics = req.connect(decode, decode).await.unwrap();
    assert!(next(&mut channel).await.is_none());
    let (_, first) = server.await.unwrap();
    match first {
        Some(Message::Text(t)) => assert_eq!(serde_json::from_str::<Metric>(&t).unwrap(), metric("subscribe", 0.0)),
        other => panic!("expected a text frame, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_a_binary_first_frame() {
    let (base, server) = serve(|mut ws| async move {
        let first = server_next(&mut ws).await;
        close_with(&mut ws, CloseCode::Normal, "").await;
        first
    })
    .await;
    let mut req = request(&client(&base), RequestOptions::new());
    req.bytes(vec![0xff, 0x00], "application/octet-stream");
    let mut channel: Metrics = req.connect(decode, decode).await.unwrap();
    assert!(next(&mut channel).await.is_none());
    assert_eq!(server.await.unwrap().1, Some(Message::binary(vec![0xffu8, 0x00])));
}

#[tokio::test]
async fn an_invalid_request_is_refused_before_connecting() {
    let (listener, base) = listen().await;
    let options = RequestOptions::new().header("X-Bad", "a\r\nb");
    let refused = request(&client(&base), options).connect::<_, _, _, NoMessage>(decode, decode).await;
    assert!(matches!(&refused, Err(Error::InvalidRequest(m)) if m.contains("line break")), "{refused:?}");
    let accepted = tokio::time::timeout(Duration::from_millis(100), listener.accept()).await;
    assert!(accepted.is_err(), "nothing connected");
}

#[tokio::test]
async fn a_failed_connect_does_not_show_the_query() {
    let base = common::closed_port_url();
    let client = ClientBuilder::new(API).base_url(base).credential("key_query", token("secret-key-9")).build().unwrap();
    let err = request(&client, RequestOptions::new()).connect::<_, _, _, NoMessage>(decode, decode).await.unwrap_err();
    assert!(matches!(err, Error::Stream(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("secret-key-9"), "{err}");
}

#[tokio::test]
async fn a_silent_server_times_the_handshake_out() {
    let (listener, base) = listen().await;
    let held = tokio::spawn(async move { listener.accept().await.map(|(tcp, _)| tcp) });
    let client = ClientBuilder::new(API).base_url(&base).connect_timeout(Duration::from_millis(200)).build().unwrap();
    let err = request(&client, RequestOptions::new()).connect::<_, _, _, NoMessage>(decode, decode).await.unwrap_err();
    assert!(matches!(&err, Error::Stream(m) if m.contains("timed out after 200ms")), "{err:?}");
    drop(held);
}
