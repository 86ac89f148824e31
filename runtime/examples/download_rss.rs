//! Streaming benchmark (not a test): a local server sends `MiB` mebibytes
//! (argument 1, default 1024) in 64 KiB chunks, and the client reads them
//! through `Request::byte_stream` (argument 2 `stream`, the default) or the
//! buffered `Request::send` (`buffered`), which holds the whole body.
//! Prints the bytes read, the time, the rate and the peak RSS (`VmHWM`).
//! Run by `bench/stream_download.sh`.

use std::time::Instant;

use openapi_rust_runtime::{ApiInfo, ApiResponse, Client, ClientBuilder, Error, HttpMethod, Operation, RawResponse};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const API: ApiInfo = ApiInfo { default_server: "http://127.0.0.1", schemes: &[], user_agent: "bench/0" };

static DOWNLOAD: Operation = Operation {
    id: "download",
    method: HttpMethod::Get,
    path: "/archive",
    servers: &[],
    security: &[],
    accept: Some("application/octet-stream"),
};

const CHUNK: usize = 64 * 1024;

// The decoder's type is fixed by `Decode`, whose error is the runtime's.
#[allow(clippy::result_large_err)]
fn decode(raw: RawResponse) -> Result<ApiResponse<()>, Error<()>> {
    raw.ok(())
}

async fn serve(listener: tokio::net::TcpListener, mib: usize) {
    let (mut tcp, _) = listener.accept().await.expect("accept");
    let mut head = [0u8; 4096];
    let _ = tcp.read(&mut head).await.expect("read head");
    let total = mib * 1024 * 1024;
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {total}\r\n\r\n");
    tcp.write_all(head.as_bytes()).await.expect("head");
    let chunk = vec![0x5au8; CHUNK];
    for _ in 0..total / CHUNK {
        tcp.write_all(&chunk).await.expect("chunk");
    }
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(f64::NAN);
    kib / 1024.0
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let mib: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1024);
    let mode = args.next().unwrap_or_else(|| "stream".into());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(serve(listener, mib));
    let client: Client =
        ClientBuilder::new(API).base_url(base).timeout(std::time::Duration::from_secs(600)).build().expect("client");
    let start = Instant::now();
    let request = client.request(&DOWNLOAD, "/archive".into(), Default::default());
    let bytes = match mode.as_str() {
        "buffered" => request.send::<()>().await.expect("download").body.len(),
        _ => {
            let mut chunks = request.byte_stream(decode).await.expect("open");
            let mut n = 0;
            while let Some(chunk) = chunks.next().await {
                n += chunk.expect("chunk").len();
            }
            n
        }
    };
    let secs = start.elapsed().as_secs_f64();
    let mib_read = bytes as f64 / (1024.0 * 1024.0);
    println!("{mode}: {bytes} bytes in {secs:.2} s ({:.0} MiB/s), peak RSS {:.1} MiB", mib_read / secs, peak_rss_mib());
}
