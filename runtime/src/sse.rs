//! Server-sent events (`text/event-stream`): the WHATWG parser, and the
//! stream of decoded events a call resolves to.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;

use super::call::Decode;
use super::client::Client;
use super::error::Error;
use super::request::Request;
use super::stream::{decode_item, open, Chunks};
use super::{redact, BoxFuture};

/// One server-sent event, its data decoded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event's data (its `data` lines, joined by line feeds), decoded.
    pub data: T,
    /// The `event` field: the event's type, when the server named one.
    pub event: Option<String>,
    /// The last event id when the event was dispatched (the `id` field of
    /// this event or of an earlier one).
    pub id: Option<String>,
    /// The `retry` field of this event: how long to wait before
    /// reconnecting.
    pub retry: Option<Duration>,
}

/// One event as the parser read it, its data still text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawEvent {
    /// The `data` lines, joined by line feeds.
    pub data: String,
    /// The `event` field.
    pub event: Option<String>,
    /// The last event id at dispatch.
    pub id: Option<String>,
    /// The `retry` field of this event.
    pub retry: Option<Duration>,
}

/// The event-stream parser of the WHATWG HTML specification: feed it the
/// body's chunks as they come (split anywhere), take the events.
#[derive(Debug, Default)]
pub struct Parser {
    /// Bytes of a line not yet ended.
    line: Vec<u8>,
    /// The last chunk ended with CR: a LF starting the next one ends
    /// nothing more.
    after_cr: bool,
    /// Whether the start of the stream (and a BOM there) is behind us.
    started: bool,
    data: String,
    event: Option<String>,
    event_retry: Option<Duration>,
    last_id: Option<String>,
    retry: Option<Duration>,
    ready: VecDeque<RawEvent>,
}

impl Parser {
    /// A parser at the start of a stream.
    pub fn new() -> Self {
        Parser::default()
    }

    /// Reads `chunk`, queueing the events it completes.
    pub fn feed(&mut self, mut chunk: &[u8]) {
        if !self.started {
            let bom = b"\xEF\xBB\xBF";
            // A BOM split across chunks is kept until it is whole.
            if self.line.len() + chunk.len() < bom.len() && bom.starts_with(&[&self.line[..], chunk].concat()) {
                self.line.extend_from_slice(chunk);
                return;
            }
            let head = [std::mem::take(&mut self.line), chunk.to_vec()].concat();
            self.started = true;
            let rest = head.strip_prefix(bom).unwrap_or(&head).to_vec();
            return self.feed_lines(&rest);
        }
        // An empty read between a CR and its LF must not forget the CR.
        if self.after_cr && !chunk.is_empty() {
            self.after_cr = false;
            chunk = chunk.strip_prefix(b"\n").unwrap_or(chunk);
        }
        self.feed_lines(chunk);
    }

    fn feed_lines(&mut self, mut chunk: &[u8]) {
        while let Some(i) = chunk.iter().position(|b| matches!(b, b'\r' | b'\n')) {
            self.line.extend_from_slice(&chunk[..i]);
            let line = std::mem::take(&mut self.line);
            self.process(&String::from_utf8_lossy(&line));
            let crlf = chunk[i] == b'\r' && chunk.get(i + 1) == Some(&b'\n');
            if chunk[i] == b'\r' && i + 1 == chunk.len() {
                self.after_cr = true;
            }
            chunk = &chunk[i + if crlf { 2 } else { 1 }..];
        }
        self.line.extend_from_slice(chunk);
    }

    fn process(&mut self, line: &str) {
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = Some(value.to_string()),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.last_id = Some(value.to_string()).filter(|v| !v.is_empty()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                let delay = value.parse().ok().map(Duration::from_millis);
                self.retry = delay.or(self.retry);
                self.event_retry = delay;
            }
            _ => {}
        }
    }

    /// A blank line: the event read so far, unless it has no data.
    fn dispatch(&mut self) {
        let (event, retry) = (self.event.take(), self.event_retry.take());
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        self.ready.push_back(RawEvent { data, event, id: self.last_id.clone(), retry });
    }

    /// The next complete event, if any.
    pub fn next_event(&mut self) -> Option<RawEvent> {
        self.ready.pop_front()
    }

    /// The last `retry` delay the server sent.
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// The last event id the server sent.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// The parser of a new connection of the same stream: the event being
    /// read is dropped, the last event id and the retry delay are kept.
    fn reconnected(&self) -> Parser {
        Parser { last_id: self.last_id.clone(), retry: self.retry, ..Parser::default() }
    }
}

/// What [`Request::events`] resolves to.
pub type EventsFuture<T, E> = BoxFuture<'static, Result<EventStream<T, E>, Error<E>>>;

/// How long to wait before reconnecting when the server set no `retry`.
const DEFAULT_RETRY: Duration = Duration::from_secs(3);

/// The events of a `text/event-stream` response, each decoded as it
/// arrives. An event whose data does not decode is one `Err`, and the
/// stream goes on; it ends with the response, or after the last failed
/// reconnect when [`EventStream::reconnect`] asked for them.
pub struct EventStream<T, E> {
    status: StatusCode,
    headers: HeaderMap,
    chunks: Chunks,
    parser: Parser,
    item: Decode<T, E>,
    client: Client,
    template: Option<reqwest::Request>,
    reconnect: Reconnect,
}

/// The reconnection state of an [`EventStream`].
enum Reconnect {
    /// Not asked for, or given up: the stream ends with the response.
    Off,
    /// Reading; up to `left` more reconnects in a row.
    Reading {
        max: u32,
        left: u32,
    },
    /// Waiting the retry delay, then connecting again.
    Waiting {
        max: u32,
        left: u32,
        sleep: Pin<Box<tokio::time::Sleep>>,
    },
    Connecting {
        max: u32,
        left: u32,
        sending: BoxFuture<'static, reqwest::Result<reqwest::Response>>,
    },
}

impl<T, E> EventStream<T, E> {
    /// Reconnects after the response ends or fails, up to `max_attempts`
    /// times in a row (an event received starts the count again), waiting
    /// the server's last `retry` delay (3 s when it sent none) and sending
    /// `Last-Event-ID`. A request whose body cannot be sent twice does not
    /// reconnect.
    pub fn reconnect(mut self, max_attempts: u32) -> Self {
        self.reconnect = match (max_attempts, &self.template) {
            (0, _) | (_, None) => Reconnect::Off,
            (max, Some(_)) => Reconnect::Reading { max, left: max },
        };
        self
    }

    /// The last event id the server sent.
    pub fn last_event_id(&self) -> Option<&str> {
        self.parser.last_event_id()
    }

    /// The status of the (last) response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the (last) response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    fn event(&self, raw: RawEvent) -> Result<Event<T>, Error<E>> {
        let data = decode_item(self.item, (self.status, &self.headers), raw.data.into_bytes())?;
        Ok(Event { data, event: raw.event, id: raw.id, retry: raw.retry })
    }

    /// The response ended: wait and reconnect, if there are attempts left.
    fn ended(&mut self) -> bool {
        let (max, left) = match self.reconnect {
            Reconnect::Reading { max, left } if left > 0 => (max, left - 1),
            _ => return false,
        };
        let delay = self.parser.retry().unwrap_or(DEFAULT_RETRY);
        self.reconnect = Reconnect::Waiting { max, left, sleep: Box::pin(tokio::time::sleep(delay)) };
        true
    }

    /// The request again, with `Last-Event-ID`.
    fn resend(&self) -> Option<BoxFuture<'static, reqwest::Result<reqwest::Response>>> {
        let mut request = self.template.as_ref()?.try_clone()?;
        if let Some(id) = self.parser.last_event_id().and_then(|id| HeaderValue::from_str(id).ok()) {
            request.headers_mut().insert("last-event-id", id);
        }
        let http = self.client.inner.http.clone();
        Some(Box::pin(async move { http.execute(request).await }))
    }

    /// Drives a reconnect; `Ready(Some(err))` ends the stream with an error,
    /// `Ready(None)` means reading again (or giving up).
    fn poll_reconnect(&mut self, cx: &mut Context<'_>) -> Poll<Option<Error<E>>> {
        loop {
            match &mut self.reconnect {
                Reconnect::Waiting { max, left, sleep } => {
                    if sleep.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    let (max, left) = (*max, *left);
                    self.reconnect = match self.resend() {
                        Some(sending) => Reconnect::Connecting { max, left, sending },
                        None => Reconnect::Off,
                    };
                }
                Reconnect::Connecting { max, left, sending } => {
                    let resp = match sending.as_mut().poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(r) => r,
                    };
                    let (max, left) = (*max, *left);
                    return Poll::Ready(self.reconnected(resp, max, left));
                }
                _ => return Poll::Ready(None),
            }
        }
    }

    fn reconnected(&mut self, resp: reqwest::Result<reqwest::Response>, max: u32, left: u32) -> Option<Error<E>> {
        let schemes = self.client.inner.api.schemes;
        match resp {
            Ok(resp) if resp.status().is_success() => {
                self.status = resp.status();
                self.headers = resp.headers().clone();
                self.chunks = Chunks::new(Box::pin(resp.bytes_stream()), schemes);
                self.parser = self.parser.reconnected();
                self.reconnect = Reconnect::Reading { max, left };
                None
            }
            Ok(resp) => {
                self.reconnect = Reconnect::Off;
                Some(Error::Stream(format!("reconnecting, the server answered {}", resp.status())))
            }
            // A failed connect is one more attempt, if there are any left.
            Err(_) if left > 0 => {
                self.reconnect = Reconnect::Reading { max, left };
                self.ended();
                None
            }
            Err(e) => {
                self.reconnect = Reconnect::Off;
                Some(Error::Transport(redact::redact(schemes, e)))
            }
        }
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(raw) = this.parser.next_event() {
                if let Reconnect::Reading { max, left } = &mut this.reconnect {
                    *left = *max;
                }
                return Poll::Ready(Some(this.event(raw)));
            }
            if !matches!(this.reconnect, Reconnect::Off | Reconnect::Reading { .. }) {
                match this.poll_reconnect(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Some(e)) => return Poll::Ready(Some(Err(e))),
                    Poll::Ready(None) => continue,
                }
            }
            match this.chunks.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.parser.feed(&chunk),
                Poll::Ready(Some(Err(e))) if !this.ended() => return Poll::Ready(Some(Err(e.widen()))),
                Poll::Ready(Some(Err(_))) => {}
                Poll::Ready(None) if this.ended() => {}
                Poll::Ready(None) => return Poll::Ready(None),
            }
        }
    }
}

impl<T, E> Unpin for EventStream<T, E> {}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("last_event_id", &self.parser.last_event_id())
            .finish_non_exhaustive()
    }
}

impl Request {
    /// Sends the request and resolves, once the response head arrives, to
    /// the stream of its events, each event's data decoded by `item`; an
    /// error status is decoded by `on_error`, the operation's decoder.
    pub fn events<R: 'static, T: Send + 'static, E: Send + 'static>(
        mut self,
        on_error: Decode<R, E>,
        item: Decode<T, E>,
    ) -> EventsFuture<T, E> {
        let template = self.template();
        Box::pin(async move {
            let o = open(self, on_error).await?;
            Ok(EventStream {
                status: o.status,
                headers: o.headers,
                chunks: o.chunks,
                parser: Parser::new(),
                item,
                client: o.client,
                template,
                reconnect: Reconnect::Off,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Parser, RawEvent};
    use std::time::Duration;

    fn events(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut p = Parser::new();
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c);
            while let Some(e) = p.next_event() {
                out.push(e);
            }
        }
        out
    }

    fn raw(data: &str, event: Option<&str>, id: Option<&str>) -> RawEvent {
        RawEvent { data: data.into(), event: event.map(Into::into), id: id.map(Into::into), retry: None }
    }

    #[test]
    fn data_over_several_lines_with_each_line_end() {
        for end in ["\n", "\r\n", "\r"] {
            let text = format!("data: a{end}data:b{end}data{end}{end}");
            assert_eq!(events(&[text.as_bytes()]), [raw("a\nb\n", None, None)], "line end {end:?}");
        }
    }

    #[test]
    fn fields_comments_and_the_last_event_id() {
        let text = b": hello\nid: 7\nevent: tick\ndata: 1\n\ndata: 2\n\nid: a\0b\ndata: 3\n\n";
        assert_eq!(
            events(&[text]),
            [raw("1", Some("tick"), Some("7")), raw("2", None, Some("7")), raw("3", None, Some("7"))]
        );
    }

    #[test]
    fn retry_counts_only_when_all_digits() {
        let mut p = Parser::new();
        p.feed(b"retry: 1500\ndata: x\n\nretry: 2s\ndata: y\n\n");
        assert_eq!(p.next_event().expect("x").retry, Some(Duration::from_millis(1500)));
        assert_eq!(p.next_event().expect("y").retry, None);
        assert_eq!(p.retry(), Some(Duration::from_millis(1500)));
    }

    #[test]
    fn an_event_without_data_is_not_dispatched_and_an_unended_one_is_kept() {
        assert_eq!(events(&[b"event: nothing\n\ndata: late"]), []);
        assert_eq!(events(&[b"event: nothing\n\ndata: late", b"\n\n"]), [raw("late", None, None)]);
    }

    #[test]
    fn events_split_anywhere_across_reads() {
        let text = "\u{feff}data: h\u{e9}llo\r\nid: 1\r\n\r\ndata: second\r\rdata: third\n\n";
        let whole = events(&[text.as_bytes()]);
        assert_eq!(
            whole,
            [raw("h\u{e9}llo", None, Some("1")), raw("second", None, Some("1")), raw("third", None, Some("1"))]
        );
        let bytes = text.as_bytes();
        let with_empty_reads: Vec<&[u8]> = bytes.chunks(1).flat_map(|c| [c, &[][..]]).collect();
        assert_eq!(events(&with_empty_reads), whole, "an empty read after each byte");
        let one_by_one: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(events(&one_by_one), whole, "byte by byte");
        for cut in 1..bytes.len() {
            assert_eq!(events(&[&bytes[..cut], &bytes[cut..]]), whole, "cut at {cut}");
        }
    }
}
