//! JSON speed of the generated models, ours against OpenAPI Generator's
//! serde-derived ones, on the same bytes (run by `bench/json.sh`).
//!
//! `bench all` prints one table per body (a list of secrets, a list of
//! union-typed credentials, a large map); `bench <body> <decoder>` runs one
//! decode once, so the script can read its peak memory from outside.

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

fn secrets_body() -> Vec<u8> {
    let list = json!({ "results": (0..SECRETS).map(secret).collect::<Vec<_>>() });
    serde_json::to_vec(&list).expect("encode the body")
}

/// Union-heavy: a `ClusterCredentialsResponseList` whose items are a
/// `oneOf` with a discriminator (`object_type`), four variants in turn.
fn credentials_body() -> Vec<u8> {
    let item = |i: usize| {
        let id = format!("{:08x}-1f2e-4d3c-8b7a-{:012x}", i, i * 7);
        let name = format!("cluster-credentials-{i}");
        match i % 4 {
            0 => json!({ "id": id, "name": name, "access_key_id": format!("AKIA{i:016}"), "object_type": "AWS" }),
            1 => json!({ "id": id, "name": name, "scaleway_access_key": format!("SCW{i:017}"), "object_type": "SCW",
                         "scaleway_project_id": format!("project-{i}"), "scaleway_organization_id": format!("org-{}", i % 13) }),
            2 => json!({ "id": id, "name": name, "object_type": "OTHER" }),
            _ => json!({ "id": id, "name": name, "role_arn": format!("arn:aws:iam::{i:012}:role/qovery"), "object_type": "AWS_ROLE" }),
        }
    };
    serde_json::to_vec(&json!({ "results": (0..4 * SECRETS).map(item).collect::<Vec<_>>() })).expect("encode")
}

/// Large map: a `TfVarsFileResponse` whose `variables` (additional
/// properties of strings) has 400,000 entries.
fn tfvars_body() -> Vec<u8> {
    let vars: serde_json::Map<String, Value> =
        (0..20 * SECRETS).map(|i| (format!("variable_{i:06}"), json!(format!("value number {i} of the file")))).collect();
    serde_json::to_vec(&json!({ "source": "environments/prod.tfvars", "variables": vars })).expect("encode")
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

/// One body and its model in both clients.
trait Case {
    type Ours: qovery_ours::runtime::FromJson
        + qovery_ours::runtime::ToJson
        + serde::Serialize
        + serde::de::DeserializeOwned
        + PartialEq
        + std::fmt::Debug;
    type Oag: serde::Serialize + serde::de::DeserializeOwned;
    const NAME: &'static str;
    fn body() -> Vec<u8>;
}

struct Secrets;
impl Case for Secrets {
    type Ours = qovery_ours::models::SecretResponseList;
    type Oag = qovery_oag::models::SecretResponseList;
    const NAME: &'static str = "secrets";
    fn body() -> Vec<u8> {
        secrets_body()
    }
}

struct Credentials;
impl Case for Credentials {
    type Ours = qovery_ours::models::ClusterCredentialsResponseList;
    type Oag = qovery_oag::models::ClusterCredentialsResponseList;
    const NAME: &'static str = "credentials";
    fn body() -> Vec<u8> {
        credentials_body()
    }
}

struct TfVars;
impl Case for TfVars {
    type Ours = qovery_ours::models::TfVarsFileResponse;
    type Oag = qovery_oag::models::TfVarsFileResponse;
    const NAME: &'static str = "tfvars";
    fn body() -> Vec<u8> {
        tfvars_body()
    }
}

/// A response body as the generated client reads it (`RawResponse::decode`).
fn ours<C: Case>(bytes: &[u8]) -> C::Ours {
    qovery_ours::runtime::json::from_slice(bytes).expect("ours decodes")
}

/// Through the model's `Deserialize`, for other serde formats.
fn ours_serde<C: Case>(bytes: &[u8]) -> C::Ours {
    serde_json::from_slice(bytes).expect("ours decodes through serde")
}

fn oag<C: Case>(bytes: &[u8]) -> Result<C::Oag, serde_json::Error> {
    serde_json::from_slice(bytes)
}

/// Both clients read the body and write the same JSON value back; `false`
/// when OpenAPI Generator's model cannot read it.
fn check<C: Case>(bytes: &[u8]) -> bool {
    let a = ours::<C>(bytes);
    assert_eq!(a, ours_serde::<C>(bytes), "both decoders of ours agree");
    let parsed = serde_json::from_slice::<Value>(bytes).expect("parse");
    let back: Value = serde_json::from_slice(&serde_json::to_vec(&a).expect("encode")).expect("parse");
    assert_eq!(back, parsed, "ours round-trips");
    let written: Value = serde_json::from_slice(&qovery_ours::runtime::json::to_vec(&a)).expect("parse");
    assert_eq!(written, back, "a request body holds the same JSON as `Serialize` writes");
    match oag::<C>(bytes) {
        Ok(b) => {
            let back: Value = serde_json::from_slice(&serde_json::to_vec(&b).expect("encode")).expect("parse");
            assert_eq!(back, parsed, "openapi generator round-trips");
            true
        }
        Err(e) => {
            println!("OpenAPI Generator's `{}` cannot read this body: {e}", std::any::type_name::<C::Oag>());
            false
        }
    }
}

fn table<C: Case>(bytes: &[u8]) {
    println!("### {}: {:.1} MB; release, best of {ROUNDS}", C::NAME, bytes.len() as f64 / 1e6);
    println!();
    let oag_reads = check::<C>(bytes);
    let mb = bytes.len() as f64 / 1e6;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let value = best(|| drop(black_box(serde_json::from_slice::<Value>(bytes).expect("value"))));
    let dec_ours = best(|| drop(black_box(ours::<C>(bytes))));
    let dec_serde = best(|| drop(black_box(ours_serde::<C>(bytes))));
    let a = ours::<C>(bytes);
    // A request body, as the generated client writes it.
    let enc_ours = best(|| drop(black_box(qovery_ours::runtime::json::to_vec(&a))));
    // Through `Serialize`, for other serde formats: the tree.
    let enc_serde = best(|| drop(black_box(serde_json::to_vec(&a).expect("encode"))));
    let (dec_oag, enc_oag) = match oag_reads {
        true => {
            let b = oag::<C>(bytes).expect("read once");
            let dec = best(|| drop(black_box(oag::<C>(bytes))));
            (Some(dec), Some(best(|| drop(black_box(serde_json::to_vec(&b).expect("encode"))))))
        }
        false => (None, None),
    };
    println!("| | ours | OpenAPI Generator (serde derive) | ratio |");
    println!("|---|---|---|---|");
    let row = |what: &str, o: Duration, g: Option<Duration>| match g {
        Some(g) => println!(
            "| {what} | {:.0} ms ({:.0} MB/s) | {:.0} ms ({:.0} MB/s) | {:.2} |",
            ms(o),
            mb / o.as_secs_f64(),
            ms(g),
            mb / g.as_secs_f64(),
            o.as_secs_f64() / g.as_secs_f64()
        ),
        None => println!("| {what} | {:.0} ms ({:.0} MB/s) | cannot read it | |", ms(o), mb / o.as_secs_f64()),
    };
    row("decode a response body from bytes", dec_ours, dec_oag);
    row("decode through `Deserialize` (serde_json::from_slice)", dec_serde, dec_oag);
    row("encode a request body to bytes", enc_ours, enc_oag);
    row("encode through `Serialize` (serde_json::to_vec)", enc_serde, enc_oag);
    println!("| bytes to `serde_json::Value` alone | {:.0} ms | | |", ms(value));
    println!();
}

/// Where `all` leaves each body for the one-case runs: building it takes
/// more memory than decoding it, which would hide the decoder's peak.
fn body_file(name: &str) -> String {
    format!("json-bench-{name}.json")
}

fn write_body<C: Case>() -> Vec<u8> {
    let bytes = C::body();
    std::fs::write(body_file(C::NAME), &bytes).expect("write the body");
    bytes
}

/// One decode of the stored body of `C`, for `what` (`read`, `ours`,
/// `oag`), or 50 decodes (`decode`) or encodes (`encode`).
fn once<C: Case>(what: &str) {
    let bytes = std::fs::read(body_file(C::NAME)).expect("run `all` first");
    match what {
        "read" => drop(black_box(bytes)),
        "ours" => drop(black_box(ours::<C>(&bytes))),
        "oag" => drop(black_box(oag::<C>(&bytes))),
        // For a profiler: ours reading the body 50 times.
        "decode" => {
            for _ in 0..50 {
                drop(black_box(ours::<C>(&bytes)));
            }
        }
        // For a profiler: ours writing the body 50 times.
        "encode" => {
            let a = ours::<C>(&bytes);
            for _ in 0..50 {
                drop(black_box(qovery_ours::runtime::json::to_vec(&a)));
            }
        }
        other => panic!("unknown decoder `{other}`: read, ours, oag, decode, encode"),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_else(|| "all".into());
    if case == "all" {
        table::<Secrets>(&write_body::<Secrets>());
        table::<Credentials>(&write_body::<Credentials>());
        table::<TfVars>(&write_body::<TfVars>());
        return;
    }
    let what = args.next().unwrap_or_else(|| "ours".into());
    match case.as_str() {
        "secrets" => once::<Secrets>(&what),
        "credentials" => once::<Credentials>(&what),
        "tfvars" => once::<TfVars>(&what),
        other => panic!("unknown case `{other}`: all, secrets, credentials, tfvars"),
    }
}
