//! The futures a generated operation returns: the shared send loop, then
//! the operation's own decoding step.
//!
//! An operation hands its built [`Request`](super::Request) and a plain
//! `fn` that decodes a response to one of these. The send loop is one
//! boxed, non-generic future compiled once for the whole crate; each
//! operation adds only its decoding function, not an `async` state
//! machine of its own.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::{ApiResponse, Error};
use super::json::FromJson;
use super::request::RawResponse;
use super::BoxFuture;

/// How an operation reads a response: the body of a documented success,
/// or its error, chosen by status code.
pub type Decode<T, E> = fn(RawResponse) -> Result<ApiResponse<T>, Error<E>>;

type Sending = BoxFuture<'static, Result<RawResponse, Error<Infallible>>>;

/// A call in flight that resolves to the status, headers and body of a
/// success.
#[must_use = "a call does nothing until it is awaited"]
pub struct ResponseFuture<T, E> {
    sending: Sending,
    decode: Decode<T, E>,
}

impl<T, E> ResponseFuture<T, E> {
    pub(super) fn new(sending: Sending, decode: Decode<T, E>) -> Self {
        ResponseFuture { sending, decode }
    }
}

impl<T, E> Future for ResponseFuture<T, E> {
    type Output = Result<ApiResponse<T>, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let decode = self.decode;
        self.sending.as_mut().poll(cx).map(|sent| sent.map_err(Error::widen).and_then(decode))
    }
}

/// A call in flight that resolves to the body of a success: a
/// [`ResponseFuture`] that drops status and headers.
#[must_use = "a call does nothing until it is awaited"]
pub struct CallFuture<T, E>(ResponseFuture<T, E>);

impl<T, E> CallFuture<T, E> {
    pub(super) fn new(sending: Sending, decode: Decode<T, E>) -> Self {
        CallFuture(ResponseFuture::new(sending, decode))
    }
}

impl<T, E> Future for CallFuture<T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(|r| r.map(ApiResponse::into_body))
    }
}

impl<T, E> std::fmt::Debug for ResponseFuture<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ResponseFuture")
    }
}

impl<T, E> std::fmt::Debug for CallFuture<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CallFuture")
    }
}

/// An operation's error enum (see [`error_enum!`](crate::error_enum)):
/// the variant a response's status selects.
pub trait ErrorEntity: Sized {
    /// The variant the status of `raw` selects, with its body decoded when
    /// it has one; `Unknown` for an undocumented status or a body that
    /// does not decode.
    fn from_response(raw: &RawResponse) -> Self;
}

// The decoders below are the whole `decode_response` of most operations,
// chosen by the kind of their success body. Each is compiled once per
// success and error type, as the written-out decoder was.

/// Decodes a call whose success body is JSON: the body, or the error
/// its status selects.
pub fn json<T: FromJson, E: ErrorEntity>(raw: RawResponse) -> Result<ApiResponse<T>, Error<E>> {
    if raw.status.is_success() {
        raw.decode_ok()
    } else {
        Err(raw.error_entity())
    }
}

/// Decodes a call whose success body is one JSON value per line, read as
/// their array.
pub fn json_lines<T: FromJson, E: ErrorEntity>(raw: RawResponse) -> Result<ApiResponse<T>, Error<E>> {
    if raw.status.is_success() {
        let body = raw.decode_lines()?;
        raw.ok(body)
    } else {
        Err(raw.error_entity())
    }
}

/// Decodes a call whose success body is text.
pub fn text<E: ErrorEntity>(raw: RawResponse) -> Result<ApiResponse<String>, Error<E>> {
    if raw.status.is_success() {
        let body = raw.text_body();
        raw.ok(body)
    } else {
        Err(raw.error_entity())
    }
}

/// Decodes a call whose success body is bytes, kept as they came.
pub fn bytes<E: ErrorEntity>(raw: RawResponse) -> Result<ApiResponse<Vec<u8>>, Error<E>> {
    if raw.status.is_success() {
        let body = raw.body.clone();
        raw.ok(body)
    } else {
        Err(raw.error_entity())
    }
}

/// Decodes a call whose success has no body.
pub fn empty<E: ErrorEntity>(raw: RawResponse) -> Result<ApiResponse<()>, Error<E>> {
    if raw.status.is_success() {
        raw.ok(())
    } else {
        Err(raw.error_entity())
    }
}

impl super::request::RawResponse {
    /// The error of a response whose status is not a success: the entity
    /// `E` selects, with status, headers and body.
    pub fn error_entity<E: ErrorEntity>(self) -> Error<E> {
        let entity = E::from_response(&self);
        self.error(entity)
    }

    /// The body decoded as `B` (as [`RawResponse::decode`] does), or `None`
    /// when it does not decode: an error variant's body.
    pub fn entity<B: FromJson>(&self) -> Option<B> {
        self.decode::<B, Infallible>().ok()
    }

    /// A documented success whose body is text: the body as a `String`
    /// (lossily decoded as UTF-8). The item decoder of streams of text,
    /// such as server-sent events without a schema.
    pub fn text_ok<E>(self) -> Result<ApiResponse<String>, Error<E>> {
        let body = self.text();
        Ok(ApiResponse { status: self.status, headers: self.headers, body })
    }
}

impl super::request::Request {
    /// Replaces the `Accept` header, for a streaming call that reads
    /// another media type than the operation's buffered call (a
    /// `text/event-stream` offered beside `application/json`).
    pub fn replace_accept(&mut self, media: &'static str) {
        self.headers.insert(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static(media));
    }
}
