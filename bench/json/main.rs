//! JSON speed of the generated models, ours against OpenAPI Generator's
//! serde-derived ones, on the same bytes (run by `bench/json.sh`).
//!
//! `bench all` prints one table; `bench <case>` runs one case once, so the
//! script can read its peak memory from outside.

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Secrets in the list body: about 20 MB of JSON.
const SECRETS: usize = 20_000;
const ROUNDS: usize = 7;

/// One secret with every documented field set, the optional alias and
/// override included; `i` varies the identifiers and texts.
fn secret(i: usize) -> Value {
    let id = |n: usize| format!("{:08x}-1f2e-4d3c-8b7a-{:012x}", i, n);
    let linked = json!({
        "id": id(1), "key": format!("DATABASE_URL_{i}"), "mount_path": format!("/etc/app/secret-{i}"),
        "scope": "ENVIRONMENT", "variable_type": "VALUE",
        "description": "the connection string of the primary database", "enable_interpolation_in_file": false
    });
    json!({
        "id": id(0), "created_at": "2026-11-30T08:15:42.123Z", "updated_at": "2026-12-01T17:03:09Z",
        "key": format!("SERVICE_TOKEN_{i}"), "overridden_secret": linked.clone(), "aliased_secret": linked,
        "scope": "APPLICATION", "variable_type": "OVERRIDE", "service_id": id(2),
        "service_name": format!("backend-worker-{}", i % 97), "service_type": "CONTAINER",
        "owned_by": "QOVERY", "description": "a token the worker presents to the billing service",
        "enable_interpolation_in_file": null
    })
}

fn body() -> Vec<u8> {
    let list = json!({ "results": (0..SECRETS).map(secret).collect::<Vec<_>>() });
    serde_json::to_vec(&list).expect("encode the body")
}

/// The best of `ROUNDS` runs of `f`.
fn best(mut f: impl FnMut()) -> Duration {
    (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .expect("rounds")
}

fn ours(bytes: &[u8]) -> qovery_ours::models::SecretResponseList {
    serde_json::from_slice(bytes).expect("ours decodes")
}

fn oag(bytes: &[u8]) -> qovery_oag::models::SecretResponseList {
    serde_json::from_slice(bytes).expect("openapi generator decodes")
}

fn check(bytes: &[u8]) {
    let a = ours(bytes);
    let b = oag(bytes);
    let n = a.results.as_ref().map(Vec::len);
    assert_eq!(n, Some(SECRETS), "ours read every secret");
    assert_eq!(b.results.as_ref().map(Vec::len), Some(SECRETS), "openapi generator read every secret");
    // Both encode to the same JSON value as the body (no field lost).
    let back: Value = serde_json::from_slice(&serde_json::to_vec(&a).expect("encode")).expect("parse");
    assert_eq!(back, serde_json::from_slice::<Value>(bytes).expect("parse"), "ours round-trips");
    let written: Value = serde_json::from_slice(&qovery_ours::runtime::json::to_vec(&a)).expect("parse");
    assert_eq!(written, back, "a request body holds the same JSON as `Serialize` writes");
}

fn table(bytes: &[u8]) {
    check(bytes);
    let mb = bytes.len() as f64 / 1e6;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let value = best(|| drop(black_box(serde_json::from_slice::<Value>(bytes).expect("value"))));
    let dec_ours = best(|| drop(black_box(ours(bytes))));
    let dec_oag = best(|| drop(black_box(oag(bytes))));
    let (a, b) = (ours(bytes), oag(bytes));
    // A request body, as the generated client writes it.
    let enc_ours = best(|| drop(black_box(qovery_ours::runtime::json::to_vec(&a))));
    // Through `Serialize`, for other serde formats: the tree.
    let enc_serde = best(|| drop(black_box(serde_json::to_vec(&a).expect("encode"))));
    let enc_oag = best(|| drop(black_box(serde_json::to_vec(&b).expect("encode"))));
    println!("body: {SECRETS} secrets, {mb:.1} MB; release, best of {ROUNDS}");
    println!();
    println!("| | ours | OpenAPI Generator (serde derive) | ratio |");
    println!("|---|---|---|---|");
    let row = |what: &str, o: Duration, g: Duration| {
        println!(
            "| {what} | {:.0} ms ({:.0} MB/s) | {:.0} ms ({:.0} MB/s) | {:.2} |",
            ms(o),
            mb / o.as_secs_f64(),
            ms(g),
            mb / g.as_secs_f64(),
            o.as_secs_f64() / g.as_secs_f64()
        );
    };
    row("decode from bytes", dec_ours, dec_oag);
    row("encode a request body to bytes", enc_ours, enc_oag);
    row("encode through `Serialize` (serde_json::to_vec)", enc_serde, enc_oag);
    println!("| bytes to `serde_json::Value` alone | {:.0} ms | | |", ms(value));
}

/// Where `all` leaves the body for the one-case runs: building it takes
/// more memory than decoding it, which would hide the decoder's peak.
const BODY_FILE: &str = "json-bench-body.json";

fn main() {
    let case = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    if case == "all" {
        let bytes = body();
        std::fs::write(BODY_FILE, &bytes).expect("write the body");
        return table(&bytes);
    }
    let bytes = std::fs::read(BODY_FILE).expect("run `all` first");
    match case.as_str() {
        "read" => drop(black_box(bytes)),
        "decode-ours" => drop(black_box(ours(&bytes))),
        "decode-oag" => drop(black_box(oag(&bytes))),
        other => panic!("unknown case `{other}`: all, read, decode-ours, decode-oag"),
    }
}
