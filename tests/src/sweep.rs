//! The conformance sweep: a Rust program, emitted from the IR, that calls
//! every operation of a generated crate once with arguments built from the
//! IR, and prints one JSON line per call.
//!
//! Arguments: every parameter (optional ones too), filled by type and by
//! the constraints the IR keeps (see [`values`]: a string matching the
//! `pattern` or the `format`, of a fitting length, else the spec's example
//! or `"example"`; a number within its bounds, else `1`; `minItems` items;
//! `true`, a fixed UUID, a fixed date or date-time, the first enum value);
//! a request body is built as JSON from the IR type (every required field,
//! and an explicit `null` for every optional nullable one, so `Some(None)`
//! is exercised;
//! recursively up to [`MAX_DEPTH`], the first variant of a union with its
//! discriminator tag, the first enum value) and decoded into the model with
//! `serde_json::from_value::<T>(..).unwrap()`, so a body the model cannot
//! represent shows up as a panic of that call.
//!
//! Each call runs in its own Tokio task, so a panic is reported for that
//! operation and the sweep goes on. Output lines:
//! `{"id":..,"kind":..,"status":..,"violations":..,"content_type":..,"error":..,
//! "path":..,"message":..,"body":..}` or `{"id":..,"panic":..}`, where
//! `kind` says how the call ended (see `Outcome` in the program),
//! `violations` is the raw `sl-violations` header, and `path`, `message`
//! and `body` are the serde path, message and body of a response the
//! generated type could not decode. [`run`] builds, runs and judges it.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use generator::ir::{Api, Encoding, Operation, SecurityScheme, StreamKind, TypeDef, TypeRef};
use generator::plan::rust_type;
use serde_json::{json, Map, Value};
use values::Hints;

pub mod check;
pub mod report;
pub mod run;
pub mod values;

/// How deep required fields are followed before giving up (cycles).
pub const MAX_DEPTH: usize = 8;

/// The fixed UUID sent for every `format: uuid` value.
pub const UUID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
/// The fixed date-time.
pub const DATE_TIME: &str = "2024-01-02T03:04:05Z";
/// The fixed date.
pub const DATE: &str = "2024-01-02";

/// An example JSON value of `ty`.
pub fn example(api: &Api, ty: &TypeRef, depth: usize) -> Value {
    match ty {
        TypeRef::String => json!("example"),
        TypeRef::Bool => json!(true),
        TypeRef::I32 | TypeRef::I64 => json!(1),
        TypeRef::F32 | TypeRef::F64 => json!(1.0),
        TypeRef::Uuid => json!(UUID),
        TypeRef::DateTime => json!(DATE_TIME),
        TypeRef::Date => json!(DATE),
        TypeRef::Binary => json!([101, 120]),
        TypeRef::Base64 => json!("ZXhhbXBsZQ=="),
        TypeRef::Any => json!({}),
        TypeRef::Unit => Value::Null,
        TypeRef::Vec(inner) => {
            if depth >= MAX_DEPTH {
                json!([])
            } else {
                json!([example(api, inner, depth + 1)])
            }
        }
        TypeRef::Map(_) => json!({}),
        TypeRef::Option(inner) => example(api, inner, depth),
        TypeRef::Named(name) => match api.types.get(name) {
            None => json!({}),
            Some(def) => named_example(api, def, depth),
        },
    }
}

fn named_example(api: &Api, def: &TypeDef, depth: usize) -> Value {
    match def {
        TypeDef::Struct(s) => {
            let mut obj = Map::new();
            if depth < MAX_DEPTH {
                for f in s.fields.iter().filter(|f| f.required || (f.nullable && !f.read_only)) {
                    let v = match &f.ty {
                        _ if f.nullable && !f.required => Value::Null,
                        ty => values::constrained(api, ty, Hints::of_field(f), depth + 1),
                    };
                    obj.insert(f.name.clone(), v);
                }
            }
            Value::Object(obj)
        }
        TypeDef::Enum(e) => match e.variants.first() {
            Some(v) if e.integer => v.value.parse::<i64>().map(Value::from).unwrap_or(json!(0)),
            Some(v) => json!(v.value),
            None => json!("example"),
        },
        TypeDef::Union(u) => match u.variants.first() {
            None => json!({}),
            Some(v) => {
                let mut value = example(api, &v.ty, depth);
                if let (Some(d), Some(tag), Value::Object(obj)) = (&u.discriminator, v.tags.first(), &mut value) {
                    obj.insert(d.clone(), json!(tag));
                }
                value
            }
        },
        TypeDef::Alias(a) => example(api, &a.ty, depth),
    }
}

/// A Rust expression of type `ty` (in crate `krate`), decoded from `value`.
fn decoded(krate: &str, ty: &TypeRef, value: &Value) -> String {
    format!(
        "serde_json::from_value::<{}>(json({:?})).unwrap()",
        rust_type(ty, &format!("{krate}::models")),
        value.to_string()
    )
}

/// The call of `op` on the request value its method returns: the
/// positional arguments, then `.setter(value)` for every optional
/// parameter, which is sent too, to exercise its serialization (query
/// arrays, styles, headers).
pub fn call(api: &Api, krate: &str, op: &Operation) -> String {
    let optional: Vec<&str> = op.params.iter().filter(|p| !p.required).map(|p| p.rust_name.as_str()).collect();
    let mut setters = generator::ir::reserved::request_setters(optional).into_iter();
    let mut setter_calls = String::new();
    let mut args = Vec::new();
    for p in &op.params {
        let value = values::constrained(api, &p.ty, Hints::of_param(p), 0);
        let expr = match (&p.ty, &value) {
            // A `&str` argument: the string's Rust literal.
            (TypeRef::String, Value::String(s)) => format!("{s:?}"),
            _ => decoded(krate, &p.ty, &value),
        };
        if p.required {
            args.push(expr);
        } else {
            let _ = write!(setter_calls, ".{}({expr})", setters.next().unwrap_or_default());
        }
    }
    args.extend(body_argument(api, krate, op));
    format!("{}({}){setter_calls}", op.fn_name, args.join(", "))
}

/// The body argument of `op`, if it takes one.
fn body_argument(api: &Api, krate: &str, op: &Operation) -> Option<String> {
    let mut args = None;
    if let Some(b) = &op.body {
        let value = example(api, &b.ty, 0);
        let expr = match (b.encoding, &b.ty) {
            (Encoding::Text, TypeRef::String) => "\"example\".to_string()".to_string(),
            (Encoding::Bytes | Encoding::Empty, TypeRef::Binary) => "b\"example\".to_vec()".to_string(),
            _ => decoded(krate, &b.ty, &value),
        };
        // An optional body is sent too: it is what a caller would send.
        args = Some(if b.required { expr } else { format!("Some({expr})") });
    }
    args
}

/// Why the sweep does not call `op`, if it does not: awaiting a primary
/// stream gives a stream, not a response Prism can serve.
pub fn skip_reason(op: &Operation) -> Option<&'static str> {
    match &op.stream {
        Some(s) if s.kind == StreamKind::Channel => Some("a websocket channel, which Prism does not serve"),
        Some(s) if s.primary => Some("awaiting it streams server-sent events, which Prism does not stream"),
        _ => None,
    }
}

/// Every operation once, by id (an operation listed under several tags is
/// called through its first group).
pub fn operations(api: &Api) -> Vec<(&generator::ir::Group, &Operation)> {
    let mut seen = BTreeSet::new();
    let mut ops = Vec::new();
    for g in &api.groups {
        for op in &g.operations {
            if seen.insert(op.id.clone()) {
                ops.push((g, op));
            }
        }
    }
    ops
}

/// The `main.rs` of the sweep program over `api`, whose client crate is
/// imported as `krate`. Usage: `sweep <base url>`.
pub fn emit_main(api: &Api, krate: &str) -> String {
    let mut out = String::new();
    out.push_str(
        "//! Calls every operation once; @generated by tests/src/sweep.rs, do not edit.\n\
         #![allow(deprecated, clippy::all, unused)]\n\n",
    );
    let _ = writeln!(out, "use {krate} as api;\n");
    out.push_str(RUNTIME);
    let ops: Vec<_> = operations(api).into_iter().filter(|(_, op)| skip_reason(op).is_none()).collect();
    for (i, (g, op)) in ops.iter().enumerate() {
        let _ = writeln!(
            out,
            "async fn op_{i}(c: api::Client) -> Outcome {{\n    \
             let group = api::apis::{}::{}::new(c);\n    \
             outcome(group.{}.send_with_response().await)\n}}\n",
            g.module,
            g.struct_name,
            call(api, "api", op)
        );
    }
    out.push_str("const OPS: &[&str] = &[\n");
    for (_, op) in &ops {
        let _ = writeln!(out, "    {:?},", op.id);
    }
    out.push_str("];\n\n#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n");
    out.push_str(
        "    let base = std::env::args().nth(1).expect(\"usage: sweep <base url>\");\n    \
         let client = api::Client::builder()\n        .base_url(base)\n        \
         .retry_policy(api::RetryPolicy::none())\n",
    );
    out.push_str(&credentials(api));
    out.push_str("        .build()\n        .expect(\"client\");\n");
    for i in 0..ops.len() {
        let _ = writeln!(out, "    report(OPS[{i}], tokio::spawn(boxed(op_{i}(client.clone()))).await);");
    }
    out.push_str("}\n");
    out
}

/// A builder call per security scheme: Prism checks that a credential is
/// there, not what it is.
fn credentials(api: &Api) -> String {
    let mut out = String::new();
    for scheme in api.security_schemes.values() {
        let _ = match scheme {
            SecurityScheme::Basic { rust_name, .. } => {
                writeln!(out, "        .{rust_name}(\"sweep\", \"sweep-password\")")
            }
            SecurityScheme::Bearer { rust_name, .. } | SecurityScheme::ApiKey { rust_name, .. } => {
                writeln!(out, "        .{rust_name}(\"sweep-token\")")
            }
        };
    }
    out
}

/// Shared code of the emitted program.
const RUNTIME: &str = r#"/// What one call gave; `kind` is `ok`, `response` (an error status),
/// `decode` (a body the generated type could not read), `transport` or
/// `invalid_request`.
struct Outcome {
    kind: &'static str,
    status: Option<u16>,
    violations: Option<String>,
    content_type: Option<String>,
    error: Option<String>,
    /// Of a `decode` outcome: the serde path, the message and the body.
    path: Option<String>,
    message: Option<String>,
    body: Option<String>,
}

type Call = std::pin::Pin<Box<dyn std::future::Future<Output = Outcome> + Send>>;

/// One future type for `tokio::spawn`, instead of one per operation (build time).
fn boxed(f: impl std::future::Future<Output = Outcome> + Send + 'static) -> Call {
    Box::pin(f)
}

/// A JSON value; models are decoded from values (not text), whose
/// deserializer instances the generated crate already has.
fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

fn violations(h: &reqwest::header::HeaderMap) -> Option<String> {
    h.get("sl-violations").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

fn outcome<T, E: std::fmt::Debug>(r: Result<api::ApiResponse<T>, api::Error<E>>) -> Outcome {
    let mut o = Outcome {
        kind: "ok",
        status: None,
        violations: None,
        content_type: None,
        error: None,
        path: None,
        message: None,
        body: None,
    };
    let headers = match &r {
        Ok(r) => Some(&r.headers),
        Err(e) => e.headers(),
    };
    o.violations = headers.and_then(violations);
    o.content_type = headers.and_then(|h| h.get("content-type")).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let e = match r {
        Ok(r) => {
            o.status = Some(r.status.as_u16());
            return o;
        }
        Err(e) => e,
    };
    o.status = e.status().map(|s| s.as_u16());
    o.error = Some(e.to_string());
    o.kind = match &e {
        api::Error::Response(r) => {
            o.body = Some(r.content.chars().take(4000).collect());
            "response"
        }
        api::Error::Decode { path, message, content, .. } => {
            o.path = Some(path.clone());
            o.message = Some(message.clone());
            o.body = Some(content.clone());
            "decode"
        }
        api::Error::Transport(_) => "transport",
        _ => "invalid_request",
    };
    o
}

fn report(id: &str, r: Result<Outcome, tokio::task::JoinError>) {
    let line = match r {
        Ok(o) => serde_json::json!({
            "id": id, "kind": o.kind, "status": o.status, "violations": o.violations,
            "content_type": o.content_type, "error": o.error, "path": o.path, "message": o.message, "body": o.body,
        }),
        Err(e) => {
            let panic = match e.try_into_panic() {
                Ok(p) => p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".into()),
                Err(e) => e.to_string(),
            };
            serde_json::json!({"id": id, "panic": panic})
        }
    };
    println!("{line}");
}

"#;
