//! The HTTP runtime of the clients that openapi-rust generates.
//!
//! A generated client keeps only what its OpenAPI document decides: its
//! servers, its table of security schemes and the credential setters, its
//! operations and its models. Everything else lives here, written and
//! tested once: building requests, serializing parameters, applying
//! credentials, retries with backoff and `Retry-After`, timeouts, decoding
//! responses, the error types, redaction of secrets, and a `tracing` span
//! per request.
//!
//! Generated code reaches this crate through one path (by default
//! `::openapi_rust_runtime`) and re-exports it as its `runtime` module. A
//! crate generated without a runtime dependency carries a copy of these
//! files as a package of its own, in its `runtime/` directory.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod body;
pub mod call;
#[cfg(feature = "ws")]
pub mod channel;
pub mod client;
pub mod error;
pub mod json;
mod json_path;
mod json_read;
mod json_time;
mod json_write;
mod macros;
#[cfg(feature = "mock")]
pub mod mock;
mod next;
pub mod pages;
pub mod params;
mod redact;
pub mod request;
pub mod retry;
pub mod serde_support;
pub mod sse;
pub mod stream;

pub use body::PartEncoding;
pub use call::{CallFuture, Decode, ResponseFuture};
pub use client::{ApiInfo, Client, ClientBuilder, Credential, KeyLocation, RequestOptions, Scheme};
pub use error::{ApiResponse, Error, ResponseContent};
pub use json::{FromJson, JsonError, ToJson};
pub use next::Next;
pub use pages::{Follow, Pages, Paginate};
pub use params::{encode_cookie_value, encode_segment, path_segment, ParamStyle, ParamValue};
pub use request::{HttpMethod, Operation, RawResponse, Request};
pub use retry::RetryPolicy;
pub use serde_support::{union_order, union_order_of, with_tag};
pub use stream::Upload;

/// A boxed, sendable future: the send loop's, shared by every operation
/// (see [`call`]).
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// A chunk of a byte stream.
pub use bytes::Bytes;

/// Re-exported so that generated code and its users name the same
/// `reqwest` types (`StatusCode`, `HeaderMap`, `Client`) as this crate.
pub use reqwest;

/// What the macros in `macros.rs` name, so that a generated crate needs no
/// `use` of its own for them. Not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
