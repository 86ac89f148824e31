//! WebSocket channels: an operation whose response is a stream of
//! messages, opened with [`Request::connect`].
//!
//! As with [`call`](super::call), the handshake and the socket are driven
//! by non-generic code compiled once for the whole crate; each operation
//! adds only its decoders.

use std::convert::Infallible;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

use futures_core::Stream;
use futures_util::{Sink as _, SinkExt as _, StreamExt as _};
use reqwest::header::{HeaderMap, HeaderValue, COOKIE};
use reqwest::StatusCode;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::error::ProtocolError;
use tokio_tungstenite::tungstenite::handshake::client::Request as Handshake;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use tracing::Instrument as _;

use super::call::Decode;
use super::error::{ApiResponse, Error};
use super::request::{Body, RawResponse, Request};
use super::BoxFuture;

/// What [`Request::connect`] resolves to.
pub type ChannelFuture<T, E, M = NoMessage> = BoxFuture<'static, Result<Channel<T, E, M>, Error<E>>>;

/// The message type of a channel whose operation has no request body: it
/// has no values, so [`Channel::send`] cannot be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoMessage {}

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Why a handshake did not open a channel.
enum Refused {
    Failed(Error<Infallible>),
    /// The server answered with a plain HTTP response, which only the
    /// operation's error decoder can read.
    Answered(RawResponse),
}

impl Request {
    /// Performs the WebSocket handshake for this request and opens the
    /// channel: each text or binary frame the server sends is decoded with
    /// `item`; a handshake refused with an HTTP response is decoded with
    /// `on_error`. A request body is sent as the first frame.
    ///
    /// The handshake is a `tracing` span at debug level named `request`,
    /// like [`Request::send`], and is bounded by the client's connect
    /// timeout.
    pub fn connect<R: 'static, T: Send + 'static, E: Send + 'static, M: Send + 'static>(
        self,
        on_error: Decode<R, E>,
        item: Decode<T, E>,
    ) -> ChannelFuture<T, E, M> {
        let opening = self.open();
        Box::pin(async move {
            match opening.await {
                Ok(link) => Ok(Channel { link, item, message: PhantomData }),
                Err(Refused::Failed(e)) => Err(e.widen()),
                Err(Refused::Answered(raw)) => Err(refusal(raw, on_error)),
            }
        })
    }

    fn open(mut self) -> BoxFuture<'static, Result<Link, Refused>> {
        let span = tracing::debug_span!(
            "request",
            operation = self.op.id,
            method = self.op.method.as_str(),
            path = self.op.path
        );
        Box::pin(
            async move {
                let (mut socket, headers) = self.handshake().await?;
                send_body(&mut socket, std::mem::replace(&mut self.body, Body::None)).await?;
                let span = tracing::Span::current();
                let close_timeout = self.client.inner.connect_timeout;
                Ok(Link { socket, headers, span, close_timeout, state: State::Open })
            }
            .instrument(span),
        )
    }

    async fn handshake(&mut self) -> Result<(Socket, HeaderMap), Refused> {
        self.apply_extra_headers();
        if let Some(e) = self.error.take() {
            tracing::debug!(reason = %e, "request refused before sending");
            return Err(Refused::Failed(Error::InvalidRequest(e)));
        }
        let (handshake, query) = self.handshake_request().map_err(|e| Refused::Failed(Error::InvalidRequest(e)))?;
        let limit = self.client.inner.connect_timeout;
        let start = Instant::now();
        tracing::debug!("connecting");
        match tokio::time::timeout(limit, tokio_tungstenite::connect_async(handshake)).await {
            Err(_) => Err(Refused::Failed(Error::Stream(format!("the websocket handshake timed out after {limit:?}")))),
            Ok(Err(WsError::Http(response))) => {
                let (head, body) = response.into_parts();
                tracing::debug!(status = head.status.as_u16(), "handshake refused");
                Err(Refused::Answered(RawResponse {
                    status: head.status,
                    headers: head.headers,
                    body: body.unwrap_or_default(),
                }))
            }
            Ok(Err(e)) => {
                tracing::debug!("handshake failed");
                Err(Refused::Failed(Error::Stream(scrub(e.to_string(), &query))))
            }
            Ok(Ok((socket, response))) => {
                tracing::debug!(elapsed_ms = millis(start.elapsed()), "switched protocols");
                Ok((socket, response.headers().clone()))
            }
        }
    }

    /// The handshake request, and its query string, which errors must not
    /// show: it may hold API keys.
    fn handshake_request(&self) -> Result<(Handshake, String), String> {
        let mut url = reqwest::Url::parse(&self.url).map_err(|e| format!("the url cannot be parsed: {e}"))?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        let scheme = match url.scheme() {
            "http" | "ws" => "ws",
            "https" | "wss" => "wss",
            other => return Err(format!("a websocket cannot be opened over `{other}`")),
        };
        url.set_scheme(scheme).map_err(|()| format!("a websocket cannot be opened over `{}`", url.scheme()))?;
        let query = url.query().unwrap_or_default().to_string();
        let mut handshake = url.as_str().into_client_request().map_err(|e| scrub(e.to_string(), &query))?;
        let headers = handshake.headers_mut();
        // Like a `reqwest::Client`'s defaults: a request's own header of
        // the same name wins.
        headers.extend(self.client.inner.handshake_headers.clone());
        headers.extend(self.headers.clone());
        if !self.cookies.is_empty() {
            let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            let mut value = HeaderValue::from_str(&cookie).map_err(|e| format!("header `cookie`: {e}"))?;
            value.set_sensitive(true);
            headers.insert(COOKIE, value);
        }
        Ok((handshake, query))
    }
}

/// The error of a handshake answered with `raw` instead of `101`.
fn refusal<R, E>(raw: RawResponse, on_error: Decode<R, E>) -> Error<E> {
    let status = raw.status;
    match on_error(raw) {
        Err(e) => e,
        // A documented success is still not a switch of protocols.
        Ok(_) => Error::Stream(format!("the server answered {status} instead of switching protocols")),
    }
}

async fn send_body(socket: &mut Socket, body: Body) -> Result<(), Refused> {
    let Body::Bytes(bytes, _) = body else { return Ok(()) };
    let message = match String::from_utf8(bytes) {
        Ok(text) => Message::text(text),
        Err(e) => Message::binary(e.into_bytes()),
    };
    socket.send(message).await.map_err(|e| Refused::Failed(Error::Stream(e.to_string())))
}

/// `message` with `query` (which may hold API keys) replaced.
fn scrub(message: String, query: &str) -> String {
    if query.is_empty() {
        message
    } else {
        message.replace(query, "REDACTED")
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// An open WebSocket channel: a stream of the server's messages, each
/// decoded as `T` (or as the error the operation's decoder returns for
/// it), and a sink of the client's messages `M`.
///
/// The stream ends (`None`) when the peer closes the channel normally
/// (`1000` or `1001`); a close with another code, or a connection that
/// drops without a close frame (`1006`), is one last
/// [`Error::Closed`] before the end.
pub struct Channel<T, E, M = NoMessage> {
    link: Link,
    item: Decode<T, E>,
    message: PhantomData<fn(M)>,
}

impl<T, E, M> Channel<T, E, M> {
    /// Sends a normal close (`1000`) and waits, at most the client's
    /// connect timeout, for the peer's close or the end of the connection.
    /// The stream ends afterwards.
    pub async fn close(&mut self) -> Result<(), Error<E>> {
        self.link.close().await.map_err(Error::widen)
    }

    /// Sends one text frame.
    pub async fn send_text(&mut self, text: impl Into<String>) -> Result<(), Error<E>> {
        self.link.send(Message::text(text.into())).await.map_err(Error::widen)
    }

    /// Sends one binary frame.
    pub async fn send_binary(&mut self, bytes: Vec<u8>) -> Result<(), Error<E>> {
        self.link.send(Message::binary(bytes)).await.map_err(Error::widen)
    }

    /// The headers of the server's `101 Switching Protocols` response.
    pub fn handshake_headers(&self) -> &HeaderMap {
        &self.link.headers
    }
}

impl<T, E, M: serde::Serialize> Channel<T, E, M> {
    /// Sends `message` as one JSON text frame.
    pub async fn send(&mut self, message: &M) -> Result<(), Error<E>> {
        match serde_json::to_string(message) {
            Ok(text) => self.send_text(text).await,
            Err(e) => Err(Error::InvalidRequest(format!("cannot encode the message: {e}"))),
        }
    }
}

impl<T, E, M> Stream for Channel<T, E, M> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let event = ready!(this.link.poll_event(cx));
        Poll::Ready(event.map(|event| match event {
            Event::Data(body) => {
                let raw = RawResponse { status: StatusCode::OK, headers: this.link.headers.clone(), body };
                (this.item)(raw).map(ApiResponse::into_body)
            }
            Event::Failed(e) => Err(e.widen()),
        }))
    }
}

impl<T, E, M> fmt::Debug for Channel<T, E, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Channel").field("state", &self.link.state).finish_non_exhaustive()
    }
}

/// The socket of a channel, with nothing of its operation's types.
struct Link {
    socket: Socket,
    headers: HeaderMap,
    /// The handshake's span, so that the channel's later events name
    /// their operation.
    span: tracing::Span,
    close_timeout: Duration,
    state: State,
}

#[derive(Debug)]
enum State {
    Open,
    /// The peer closed the channel; the reply tungstenite queued is still
    /// to be sent, then the error (for an abnormal close) to be yielded.
    Closing(Option<Error<Infallible>>),
    Ended,
}

/// What the socket gave the stream of a channel.
enum Event {
    Data(Vec<u8>),
    Failed(Error<Infallible>),
}

impl Link {
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Event>> {
        loop {
            match self.state {
                State::Ended => return Poll::Ready(None),
                State::Closing(_) => return self.poll_closing(cx),
                State::Open => {}
            }
            // Reading again after a ping is also what sends its pong:
            // tungstenite writes queued pongs on its next read.
            let next = ready!(Pin::new(&mut self.socket).poll_next(cx));
            if let Some(event) = self.on_next(next) {
                return Poll::Ready(Some(event));
            }
        }
    }

    fn on_next(&mut self, next: Option<Result<Message, WsError>>) -> Option<Event> {
        match next {
            Some(Ok(Message::Text(text))) => Some(Event::Data(bytes::Bytes::from(text).into())),
            Some(Ok(Message::Binary(bytes))) => Some(Event::Data(bytes.into())),
            Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => None,
            Some(Ok(Message::Close(frame))) => {
                self.state = State::Closing(self.peer_closed(frame));
                None
            }
            Some(Err(e)) => Some(Event::Failed(self.broken(e))),
            None => Some(Event::Failed(self.dropped("the connection ended without a close frame".to_string()))),
        }
    }

    /// The error a close frame from the peer ends the stream with, if any.
    fn peer_closed(&self, frame: Option<CloseFrame>) -> Option<Error<Infallible>> {
        let (code, reason) = frame.map_or((1000, String::new()), |f| (u16::from(f.code), f.reason.to_string()));
        self.span.in_scope(|| tracing::debug!(code, reason = %reason, "the peer closed the channel"));
        match code {
            1000 | 1001 => None,
            _ => Some(Error::Closed { code, reason }),
        }
    }

    fn broken(&mut self, e: WsError) -> Error<Infallible> {
        let dropped = match &e {
            WsError::Protocol(ProtocolError::ResetWithoutClosingHandshake) => true,
            WsError::Io(io) => matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
                    | std::io::ErrorKind::UnexpectedEof
            ),
            _ => false,
        };
        if dropped {
            return self.dropped(e.to_string());
        }
        self.state = State::Ended;
        self.span.in_scope(|| tracing::debug!(error = %e, "the channel broke off"));
        Error::Stream(e.to_string())
    }

    fn dropped(&mut self, reason: String) -> Error<Infallible> {
        self.state = State::Ended;
        self.span.in_scope(|| tracing::debug!(code = 1006, reason = %reason, "the connection dropped"));
        Error::Closed { code: 1006, reason }
    }

    fn poll_closing(&mut self, cx: &mut Context<'_>) -> Poll<Option<Event>> {
        // Tungstenite only queues the reply to the peer's close frame; it
        // leaves once the socket is flushed. A failure to send it changes
        // nothing for the reader: the peer is gone either way.
        if Pin::new(&mut self.socket).poll_flush(cx).is_pending() {
            return Poll::Pending;
        }
        match std::mem::replace(&mut self.state, State::Ended) {
            State::Closing(Some(e)) => Poll::Ready(Some(Event::Failed(e))),
            _ => Poll::Ready(None),
        }
    }

    async fn send(&mut self, message: Message) -> Result<(), Error<Infallible>> {
        if !matches!(self.state, State::Open) {
            return Err(Error::Stream("the channel is closed".to_string()));
        }
        self.socket.send(message).await.map_err(|e| Error::Stream(e.to_string()))
    }

    async fn close(&mut self) -> Result<(), Error<Infallible>> {
        match std::mem::replace(&mut self.state, State::Ended) {
            State::Ended => return Ok(()),
            // The peer closed first: only our reply is left to send.
            State::Closing(_) => return self.socket.flush().await.or_else(closed_is_ok),
            State::Open => {}
        }
        self.span.in_scope(|| tracing::debug!(code = 1000, "closing the channel"));
        let frame = CloseFrame { code: CloseCode::Normal, reason: "".into() };
        self.socket.close(Some(frame)).await.or_else(closed_is_ok)?;
        // Frames still in flight are dropped: the caller asked to stop.
        let reply = async {
            while let Some(Ok(message)) = self.socket.next().await {
                if message.is_close() {
                    break;
                }
            }
        };
        if tokio::time::timeout(self.close_timeout, reply).await.is_err() {
            self.span.in_scope(|| tracing::debug!("the peer did not answer the close"));
        }
        Ok(())
    }
}

/// A socket the peer already closed needs no more closing.
// The error becomes the caller's `Error<E>` at once; boxing it for that
// one move would only add an allocation.
#[allow(clippy::result_large_err)]
fn closed_is_ok(e: WsError) -> Result<(), Error<Infallible>> {
    match e {
        WsError::ConnectionClosed | WsError::AlreadyClosed => Ok(()),
        e => Err(Error::Stream(e.to_string())),
    }
}
