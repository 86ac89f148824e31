//! The client generated from Qovery's WebSocket document, against a local
//! WebSocket server: the one-shot blueprint preview (one frame, then a
//! close), the long-lived cluster metrics (typed frames, one that does not
//! decode, a ping, the client closing) and service logs (an abnormal
//! close). `tests/tests/qovery_ws.rs` builds and runs it; it prints one
//! `ok <operation>` line per operation and panics on the first mismatch.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use qovery_ws::models::{BlueprintPreviewResult, ClusterMetricsDto};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

const ORG: &str = "11111111-1111-4111-8111-111111111111";
const CLUSTER: &str = "22222222-2222-4222-8222-222222222222";
const PREVIEW: &str = "33333333-3333-4333-8333-333333333333";

/// What the server saw of each connection: path, query pairs, the
/// `authorization` header, and the close code the client sent, if any.
#[derive(Debug, Default, Clone)]
struct Seen {
    path: String,
    query: BTreeMap<String, String>,
    authorization: Option<String>,
    pongs: usize,
    client_close: Option<u16>,
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// A metrics frame; `node_pools` differs between frames so that their order shows.
fn metrics(pools: usize) -> String {
    let pool = serde_json::json!({"name": "p", "nodes_count": 1, "cpu_milli": 2000, "memory_mib": 4096});
    serde_json::json!({ "nodes": [], "pvcs": [], "node_pools": vec![pool; pools] }).to_string()
}

fn log_line(message: &str) -> String {
    serde_json::json!({
        "created_at": 1, "pod_name": "p", "container_name": "c", "message": message, "version": "v",
        "severity_text": "INFO", "labels": {"app": "a"}, "from_kube": true,
    })
    .to_string()
}

async fn serve(listener: TcpListener, log: Log) {
    while let Ok((tcp, _)) = listener.accept().await {
        tokio::spawn(connection(tcp, log.clone()));
    }
}

async fn connection(tcp: TcpStream, log: Log) {
    let mut seen = Seen::default();
    let callback = |req: &Request, resp: Response| {
        seen.path = req.uri().path().to_string();
        let query = req.uri().query().unwrap_or_default();
        seen.query = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        seen.authorization = req.headers().get("authorization").map(|v| v.to_str().unwrap_or_default().to_string());
        Ok(resp)
    };
    let mut ws = tokio_tungstenite::accept_hdr_async(tcp, callback).await.expect("handshake");
    match seen.path.as_str() {
        "/blueprint/preview" => {
            let frame = r#"{"type":"diff","payload":"+ bucket","service_type":"TERRAFORM"}"#;
            ws.send(Message::Text(frame.into())).await.expect("send");
            ws.close(None).await.expect("close");
        }
        "/cluster/metrics" => {
            ws.send(Message::Text(metrics(1).into())).await.expect("send");
            ws.send(Message::Text(r#"{"nodes": 3, "pvcs": [], "node_pools": []}"#.into())).await.expect("send");
            ws.send(Message::Ping(b"are you there".to_vec().into())).await.expect("ping");
            ws.send(Message::Binary(metrics(2).into_bytes().into())).await.expect("send");
            // Long-lived: the server sends until the client closes.
            while let Some(msg) = ws.next().await {
                match msg {
                    Ok(Message::Pong(_)) => seen.pongs += 1,
                    Ok(Message::Close(frame)) => {
                        seen.client_close = Some(frame.map_or(1005, |f| u16::from(f.code)));
                        break;
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        }
        "/service/logs" => {
            for line in ["starting", "listening on 8080"] {
                ws.send(Message::Text(log_line(line).into())).await.expect("send");
            }
            let frame = CloseFrame { code: CloseCode::Error, reason: "pod evicted".into() };
            ws.close(Some(frame)).await.expect("close");
        }
        other => panic!("unexpected path {other}"),
    }
    log.lock().expect("log").push(seen);
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let log: Log = Arc::default();
    tokio::spawn(serve(listener, log.clone()));
    let client = qovery_ws::Client::builder()
        .base_url(format!("ws://{addr}"))
        .default_header(
            qovery_ws::runtime::reqwest::header::AUTHORIZATION,
            qovery_ws::runtime::reqwest::header::HeaderValue::from_static("Token qovery-token"),
        )
        .build()
        .expect("client");
    let (org, cluster, preview) = (ORG.parse().unwrap(), CLUSTER.parse().unwrap(), PREVIEW.parse().unwrap());

    preview_once(&client, org, cluster, preview).await;
    metrics_until_closed(&client, org, cluster).await;
    logs_until_abnormal_close(&client, org, cluster).await;

    // Give the server's tasks the moment they need to record the last close.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let seen = log.lock().expect("log").clone();
    check_handshakes(&seen);
}

async fn preview_once(client: &qovery_ws::Client, org: uuid::Uuid, cluster: uuid::Uuid, preview: uuid::Uuid) {
    let mut frames =
        client.blueprint_preview().handle_blueprint_preview_request(org, cluster, preview).await.expect("connect");
    let first = frames.next().await.expect("one frame").expect("the frame decodes");
    match first {
        BlueprintPreviewResult::Variant1(diff) => assert_eq!(diff.payload, "+ bucket"),
        other => panic!("wrong variant: {other:?}"),
    }
    assert!(frames.next().await.is_none(), "the server's close ends the stream");
    assert!(frames.next().await.is_none(), "and it stays ended");
    println!("ok handle_blueprint_preview_request");
}

async fn metrics_until_closed(client: &qovery_ws::Client, org: uuid::Uuid, cluster: uuid::Uuid) {
    let mut frames = client.cluster_metrics().handle_cluster_metrics_request(org, cluster).await.expect("connect");
    let one: ClusterMetricsDto = frames.next().await.expect("frame 1").expect("frame 1 decodes");
    assert_eq!(one.node_pools.len(), 1);
    match frames.next().await.expect("frame 2") {
        Err(qovery_ws::Error::Decode { path, message, .. }) => {
            assert_eq!(path, "nodes", "{message}");
        }
        other => panic!("frame 2 should fail to decode at `nodes`: {other:?}"),
    }
    let three: ClusterMetricsDto = frames.next().await.expect("frame 3").expect("a binary frame of json decodes");
    assert_eq!(three.node_pools.len(), 2);
    frames.close().await.expect("close");
    println!("ok handle_cluster_metrics_request");
}

async fn logs_until_abnormal_close(client: &qovery_ws::Client, org: uuid::Uuid, cluster: uuid::Uuid) {
    let id = |s: &str| s.parse::<uuid::Uuid>().unwrap();
    let mut frames = client
        .logs()
        .handle_service_logs_request(org, cluster, id(PREVIEW), id(PREVIEW), id(PREVIEW), "pod", "dep", "q", "0", 50)
        .await
        .expect("connect");
    let mut messages = Vec::new();
    let mut closed = None;
    while let Some(frame) = frames.next().await {
        match frame {
            Ok(line) => messages.push(line.message),
            Err(qovery_ws::Error::Closed { code, reason }) => closed = Some((code, reason)),
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    assert_eq!(messages, ["starting", "listening on 8080"]);
    assert_eq!(closed, Some((1011, "pod evicted".to_string())), "an abnormal close is one final error");
    println!("ok handle_service_logs_request");
}

fn check_handshakes(seen: &[Seen]) {
    let by_path = |p: &str| seen.iter().find(|s| s.path == p).unwrap_or_else(|| panic!("no connection to {p}"));
    let preview = by_path("/blueprint/preview");
    assert_eq!(preview.query.get("organization").map(String::as_str), Some(ORG));
    assert_eq!(preview.query.get("cluster").map(String::as_str), Some(CLUSTER));
    assert_eq!(preview.query.get("preview_id").map(String::as_str), Some(PREVIEW));
    assert_eq!(preview.authorization.as_deref(), Some("Token qovery-token"));
    let logs = by_path("/service/logs");
    assert_eq!(logs.query.get("limit").map(String::as_str), Some("50"));
    let metrics = by_path("/cluster/metrics");
    assert_eq!(metrics.pongs, 1, "the client answers the server's ping");
    assert_eq!(metrics.client_close, Some(1000), "the client closes normally");
    println!("ok handshakes");
}
