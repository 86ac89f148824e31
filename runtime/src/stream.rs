//! Streaming calls: responses read as they arrive (JSON lines, bytes; the
//! events of [`super::sse`] share the machinery), and uploads read as they
//! are sent.
//!
//! A streaming call runs the same send loop as a buffered one, up to the
//! response head. An error status is read whole and decoded by the
//! operation's own decoder, so it is the same typed error as for a
//! buffered call; a 2xx opens the stream.

use std::convert::Infallible;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::call::Decode;
use super::client::{Client, Scheme};
use super::error::{ApiResponse, Error};
use super::request::{read, RawResponse, Request};
use super::{redact, BoxFuture};

/// The body of a response, chunk by chunk.
pub(super) type Body = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A response whose head is a 2xx, its body still to read.
pub(super) struct Opened {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) chunks: Chunks,
    pub(super) client: Client,
}

/// Sends `req` and opens the response, or returns the error that
/// `on_error` makes of an error status (an `Ok` from it for such a status
/// is no stream either).
pub(super) async fn open<R, E>(req: Request, on_error: Decode<R, E>) -> Result<Opened, Error<E>> {
    let (resp, client) = req.stream_raw().await.map_err(Error::widen)?;
    let schemes = client.inner.api.schemes;
    let (status, headers) = (resp.status(), resp.headers().clone());
    if !status.is_success() {
        let raw = read(resp, Instant::now(), schemes).await.map_err(Error::widen)?;
        return Err(match on_error(raw) {
            Err(e) => e,
            Ok(_) => Error::Stream(format!("status {status} is not a streaming success")),
        });
    }
    let chunks = Chunks::new(Box::pin(resp.bytes_stream()), schemes);
    Ok(Opened { status, headers, chunks, client })
}

/// Decodes one item (a line, an event's data) with the operation's item
/// decoder, as if it were the body of a response with the stream's status
/// and headers.
pub(super) fn decode_item<T, E>(
    item: Decode<T, E>,
    opened: (StatusCode, &HeaderMap),
    body: Vec<u8>,
) -> Result<T, Error<E>> {
    let raw = RawResponse { status: opened.0, headers: opened.1.clone(), body };
    item(raw).map(ApiResponse::into_body)
}

/// The chunks of a body; a transport error is the last item.
pub(super) struct Chunks {
    body: Option<Body>,
    schemes: &'static [(&'static str, Scheme)],
}

impl Chunks {
    pub(super) fn new(body: Body, schemes: &'static [(&'static str, Scheme)]) -> Self {
        Chunks { body: Some(body), schemes }
    }

    /// The next chunk; `None` once the body has ended or failed.
    pub(super) fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Error<Infallible>>>> {
        let Some(body) = self.body.as_mut() else { return Poll::Ready(None) };
        match body.as_mut().poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(chunk))) => Poll::Ready(Some(Ok(chunk))),
            Poll::Ready(Some(Err(e))) => {
                self.body = None;
                Poll::Ready(Some(Err(Error::Transport(redact::redact(self.schemes, e)))))
            }
            Poll::Ready(None) => {
                self.body = None;
                Poll::Ready(None)
            }
        }
    }
}

/// What [`Request::byte_stream`] resolves to.
pub type ByteStreamFuture<E> = BoxFuture<'static, Result<ByteStream<E>, Error<E>>>;

/// The body of a success, chunk by chunk as it arrives; never held whole.
pub struct ByteStream<E> {
    status: StatusCode,
    headers: HeaderMap,
    chunks: Chunks,
    errors: PhantomData<fn() -> E>,
}

impl<E> ByteStream<E> {
    /// The status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl<E> Stream for ByteStream<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.poll_chunk(cx).map(|c| c.map(|r| r.map_err(Error::widen)))
    }
}

impl<E> fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.status).finish_non_exhaustive()
    }
}

/// What [`Request::lines`] resolves to.
pub type LinesFuture<T, E> = BoxFuture<'static, Result<LineStream<T, E>, Error<E>>>;

/// A body of one JSON value per line (`application/x-ndjson`,
/// `application/jsonl`, `application/json-seq`), one decoded value per
/// line as the lines arrive. Blank lines are skipped; a line that does
/// not decode is one `Err`, and the stream goes on.
pub struct LineStream<T, E> {
    status: StatusCode,
    headers: HeaderMap,
    chunks: Chunks,
    lines: LineBuffer,
    item: Decode<T, E>,
    ended: bool,
}

impl<T, E> LineStream<T, E> {
    /// The status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    fn decode(&self, line: Vec<u8>) -> Result<T, Error<E>> {
        decode_item(self.item, (self.status, &self.headers), line)
    }
}

impl<T, E> Stream for LineStream<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let ended = self.ended;
            if let Some(line) = self.lines.next_line(ended) {
                return Poll::Ready(Some(self.decode(line)));
            }
            if ended {
                return Poll::Ready(None);
            }
            match self.chunks.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => self.lines.push(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    self.ended = true;
                    return Poll::Ready(Some(Err(e.widen())));
                }
                Poll::Ready(None) => self.ended = true,
            }
        }
    }
}

impl<T, E> Unpin for LineStream<T, E> {}

impl<T, E> fmt::Debug for LineStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LineStream").field("status", &self.status).finish_non_exhaustive()
    }
}

/// The bytes received and not yet split into lines. Only the unsplit tail
/// is kept: a consumed prefix is dropped once it is half the buffer.
#[derive(Default)]
struct LineBuffer {
    buf: Vec<u8>,
    start: usize,
}

impl LineBuffer {
    fn push(&mut self, chunk: &[u8]) {
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(chunk);
    }

    /// The next line that is not blank, without its line end and a json-seq
    /// record separator; at the `end` of the body, the last line too.
    fn next_line(&mut self, end: bool) -> Option<Vec<u8>> {
        loop {
            let rest = &self.buf[self.start..];
            let (line, used) = match rest.iter().position(|b| *b == b'\n') {
                Some(i) => (&rest[..i], i + 1),
                None if end && !rest.is_empty() => (rest, rest.len()),
                None => return None,
            };
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let line = line.strip_prefix(b"\x1e").unwrap_or(line).to_vec();
            self.start += used;
            if !line.iter().all(u8::is_ascii_whitespace) {
                return Some(line);
            }
        }
    }
}

impl Request {
    /// Sends the request and resolves, once the response head arrives, to
    /// the stream of its lines, each decoded by `item`; an error status is
    /// decoded by `on_error`, the operation's decoder.
    pub fn lines<R: 'static, T: Send + 'static, E: Send + 'static>(
        self,
        on_error: Decode<R, E>,
        item: Decode<T, E>,
    ) -> LinesFuture<T, E> {
        Box::pin(async move {
            let o = open(self, on_error).await?;
            let lines = LineBuffer::default();
            Ok(LineStream { status: o.status, headers: o.headers, chunks: o.chunks, lines, item, ended: false })
        })
    }

    /// Sends the request and resolves, once the response head arrives, to
    /// the stream of its body's chunks; an error status is decoded by
    /// `on_error`, the operation's decoder.
    pub fn byte_stream<R: 'static, E: Send + 'static>(self, on_error: Decode<R, E>) -> ByteStreamFuture<E> {
        Box::pin(async move {
            let o = open(self, on_error).await?;
            Ok(ByteStream { status: o.status, headers: o.headers, chunks: o.chunks, errors: PhantomData })
        })
    }
}

/// A request body read while it is sent: a stream of byte chunks, a file,
/// or bytes already in memory. Bytes in memory are sent as they are and
/// can be sent again, so a call with them is retried like any other; a
/// stream or a file is read once, so its call is not retried.
pub struct Upload(Source);

enum Source {
    Bytes(Bytes),
    Stream(reqwest::Body),
}

impl Upload {
    /// A body read from `stream` as it is sent.
    pub fn from_stream<S, B>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, std::io::Error>> + Send + 'static,
        B: Into<Bytes>,
    {
        Upload(Source::Stream(reqwest::Body::wrap_stream(MapInto(Box::pin(stream)))))
    }

    /// A body read from the open file `file` as it is sent.
    pub fn from_file(file: tokio::fs::File) -> Self {
        Upload::from_stream(tokio_util::io::ReaderStream::new(file))
    }

    /// A body read from the file at `path` as it is sent.
    pub async fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        Ok(Upload::from_file(tokio::fs::File::open(path).await?))
    }

    /// The bytes, when the body is held in memory.
    pub(super) fn into_bytes(self) -> Result<Bytes, reqwest::Body> {
        match self.0 {
            Source::Bytes(b) => Ok(b),
            Source::Stream(s) => Err(s),
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload(Source::Bytes(Bytes::from(bytes)))
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Upload(Source::Bytes(bytes))
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Self {
        Upload(Source::Bytes(Bytes::from_static(bytes)))
    }
}

impl From<tokio::fs::File> for Upload {
    fn from(file: tokio::fs::File) -> Self {
        Upload::from_file(file)
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Bytes(b) => write!(f, "Upload({} bytes)", b.len()),
            Source::Stream(_) => f.write_str("Upload(stream)"),
        }
    }
}

/// A stream of `B: Into<Bytes>` chunks as one of `Bytes`, which is what
/// `reqwest::Body::wrap_stream` takes. Boxed, so it is `Unpin` whatever
/// the stream is.
struct MapInto<S>(Pin<Box<S>>);

impl<S, B> Stream for MapInto<S>
where
    S: Stream<Item = Result<B, std::io::Error>>,
    B: Into<Bytes>,
{
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|c| c.map(|r| r.map(Into::into)))
    }
}
