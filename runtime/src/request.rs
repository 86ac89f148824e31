//! One request: built by a generated method, sent with retries, read to
//! the end.

use std::convert::Infallible;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;
use tracing::Instrument as _;

use super::call::{CallFuture, Decode, ResponseFuture};
use super::client::{Client, Credential, KeyLocation, RequestOptions, Scheme};
use super::error::{ApiResponse, Error, ResponseContent};
use super::json::{FromJson, JsonError};
use super::params::{encode_cookie_value, ParamStyle, ParamValue};
use super::{body, json_path, redact, retry, BoxFuture};

/// An HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl HttpMethod {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// Whether sending the request twice has the effect of sending it once
    /// (RFC 9110), so that it may be retried without being asked to.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, HttpMethod::Post | HttpMethod::Patch)
    }

    fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Delete => reqwest::Method::DELETE,
            HttpMethod::Options => reqwest::Method::OPTIONS,
            HttpMethod::Head => reqwest::Method::HEAD,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Trace => reqwest::Method::TRACE,
        }
    }
}

/// What the document says of one operation, as a generated method passes
/// it to [`Client::request`].
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The `operationId` (or the name the generator gave the operation).
    pub id: &'static str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template, as written in the document (`/jobs/{jobId}`).
    pub path: &'static str,
    /// The operation's (or its path's) servers; empty for the API's.
    pub servers: &'static [&'static str],
    /// Security alternatives: each is a list of scheme names used together.
    pub security: &'static [&'static [&'static str]],
    /// The `Accept` header, when a response has a body.
    pub accept: Option<&'static str>,
}

pub(super) enum Body {
    None,
    Bytes(Vec<u8>, &'static str),
    Multipart(Option<reqwest::multipart::Form>),
    /// A body read from a stream as it is sent; it cannot be sent twice,
    /// so a request carrying one is never retried.
    Stream(Option<reqwest::Body>, &'static str),
}

/// One request under construction. Errors are kept until [`Request::send`],
/// so a generated method reads as a straight list of steps.
pub struct Request {
    pub(super) client: Client,
    pub(super) op: &'static Operation,
    pub(super) url: String,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: HeaderMap,
    pub(super) cookies: Vec<(String, String)>,
    pub(super) body: Body,
    pub(super) options: RequestOptions,
    pub(super) error: Option<String>,
    /// A streaming call: its timeout covers the response head only.
    pub(super) streaming: bool,
}

fn check_header_value(name: &str, value: &str) -> Result<HeaderValue, String> {
    if value.contains(['\r', '\n']) {
        return Err(format!("header `{name}` holds a line break"));
    }
    HeaderValue::from_str(value).map_err(|e| format!("header `{name}`: {e}"))
}

impl Request {
    pub(super) fn new(client: Client, op: &'static Operation, url: String, options: RequestOptions) -> Self {
        Request {
            client,
            op,
            url,
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: Body::None,
            options,
            error: None,
            streaming: false,
        }
    }

    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(message);
        }
    }

    /// URL parsing removes `.` and `..` segments, even percent-encoded
    /// ones, so such a path parameter would silently reach another
    /// endpoint; an empty one (`//`, or a trailing `/` the template does
    /// not have) may too. Both are refused. The messages leave the path
    /// out: other parameters in it may be secrets.
    pub(super) fn check_path(&mut self, path: &str) {
        let dot = |seg: &str| matches!(seg.to_ascii_lowercase().replace("%2e", ".").as_str(), "." | "..");
        if path.split('/').any(dot) {
            self.fail("a path parameter is `.` or `..`, which URL normalisation would remove".to_string());
        } else if path.contains("//") || (path.ends_with('/') && !self.op.path.ends_with('/')) {
            self.fail("a path parameter is empty, which leaves an empty path segment".to_string());
        }
    }

    /// Adds a query parameter.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: ParamStyle, explode: bool) {
        match ParamValue::of(value) {
            Ok(v) => self.query.extend(v.query_pairs(name, style, explode)),
            Err(e) => self.fail(e),
        }
    }

    /// Adds a header parameter.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match ParamValue::of(value) {
            Ok(v) => self.add_header(name, &v.simple(), false),
            Err(e) => self.fail(e),
        }
    }

    /// Adds a cookie parameter.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match ParamValue::of(value) {
            Ok(v) => self.cookies.push((name.to_string(), encode_cookie_value(&v.simple()))),
            Err(e) => self.fail(e),
        }
    }

    /// Adds a query parameter that is set, and nothing for `None`.
    pub fn query_opt<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: Option<&T>,
        style: ParamStyle,
        explode: bool,
    ) {
        if let Some(value) = value {
            self.query(name, value, style, explode);
        }
    }

    /// Adds a header parameter that is set, and nothing for `None`.
    pub fn header_opt<T: Serialize + ?Sized>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.header(name, value);
        }
    }

    /// Adds a cookie parameter that is set, and nothing for `None`.
    pub fn cookie_opt<T: Serialize + ?Sized>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.cookie(name, value);
        }
    }

    /// Sets the `Accept` header.
    pub fn accept(&mut self, media: &str) {
        self.add_header("accept", media, false);
    }

    /// `sensitive` marks credentials, so that `Debug` output and HTTP/2
    /// header compression leave them out.
    /// The per-call headers of [`RequestOptions::headers`], each replacing
    /// any header of its name.
    pub(super) fn apply_extra_headers(&mut self) {
        for (name, value) in std::mem::take(&mut self.options.headers) {
            let header = match HeaderName::from_bytes(name.as_bytes()) {
                Ok(n) => n,
                Err(e) => return self.fail(format!("header name `{name}`: {e}")),
            };
            match check_header_value(&name, &value) {
                Ok(v) => {
                    self.headers.insert(header, v);
                }
                Err(e) => return self.fail(e),
            }
        }
    }

    fn add_header(&mut self, name: &str, value: &str, sensitive: bool) {
        let header = match HeaderName::from_bytes(name.as_bytes()) {
            Ok(n) => n,
            Err(e) => return self.fail(format!("header name `{name}`: {e}")),
        };
        match check_header_value(name, value) {
            Ok(mut v) => {
                v.set_sensitive(sensitive);
                self.headers.append(header, v);
            }
            Err(e) => self.fail(e),
        }
    }

    /// A JSON body sent as `media`.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T, media: &'static str) {
        match serde_json::to_vec(body) {
            Ok(b) => self.body = Body::Bytes(b, media),
            Err(e) => self.fail(format!("cannot encode the json body: {e}")),
        }
    }

    /// A JSON body sent as `media`, written straight from the value's
    /// [`ToJson::write_json`](crate::ToJson::write_json): the request body
    /// of generated operations.
    pub fn json_body(&mut self, body: &dyn crate::ToJson, media: &'static str) {
        self.body = Body::Bytes(crate::json::to_vec(body), media);
    }

    /// A body of one JSON value per line (`application/x-ndjson` and
    /// kin): the items of `items`, which must serialize as an array.
    pub fn json_lines<T: Serialize + ?Sized>(&mut self, items: &T, media: &'static str) {
        match body::json_lines(items) {
            Ok(b) => self.body = Body::Bytes(b, media),
            Err(e) => self.fail(e),
        }
    }

    /// A form-urlencoded body.
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) {
        match body::form_urlencoded(body) {
            Ok(b) => self.body = Body::Bytes(b.into_bytes(), "application/x-www-form-urlencoded"),
            Err(e) => self.fail(e),
        }
    }

    /// A multipart body; `parts` names the properties sent as file or JSON
    /// parts, with their content types.
    pub fn multipart<T: Serialize + ?Sized>(&mut self, body: &T, parts: &[(&str, body::PartEncoding<'_>)]) {
        self.multipart_uploads(body, parts, Vec::new());
    }

    /// A multipart body whose file parts named in `uploads` are read from
    /// each [`Upload`](super::stream::Upload) as it is sent, in place of
    /// the body's value for that property (several uploads under one name
    /// are several parts).
    pub fn multipart_uploads<T: Serialize + ?Sized>(
        &mut self,
        body: &T,
        parts: &[(&str, body::PartEncoding<'_>)],
        uploads: Vec<(&'static str, super::stream::Upload)>,
    ) {
        match body::multipart_form(body, parts, uploads) {
            Ok(f) => self.body = Body::Multipart(Some(f)),
            Err(e) => self.fail(e),
        }
    }

    /// A raw body sent as `media`.
    pub fn bytes(&mut self, body: Vec<u8>, media: &'static str) {
        self.body = Body::Bytes(body, media);
    }

    /// A raw body sent as `media`, read from `body` (a stream, a file...)
    /// while it is sent, so it is never held in memory whole. Such a
    /// request is not retried: the stream cannot be read twice.
    pub fn upload(&mut self, body: super::stream::Upload, media: &'static str) {
        self.body = match body.into_bytes() {
            Ok(bytes) => Body::Bytes(Vec::from(bytes), media),
            Err(stream) => Body::Stream(Some(stream), media),
        };
    }

    /// Applies the first security alternative whose credentials are all set,
    /// and only that one (alternatives are exclusive: one `Authorization`
    /// header, not one per configured scheme). An empty alternative (`{}`,
    /// optional authentication) applies only when no other one can.
    pub(super) fn security(&mut self, alternatives: &[&[&str]]) {
        let client = self.client.clone();
        let creds = &client.inner.credentials;
        let complete = |alt: &&&[&str]| !alt.is_empty() && alt.iter().all(|s| creds.contains_key(s));
        let Some(chosen) = alternatives.iter().find(complete) else { return };
        for name in chosen.iter() {
            let Some(scheme) = client.inner.api.scheme(name) else { continue };
            self.apply(scheme, &creds[name]);
        }
    }

    fn apply(&mut self, scheme: Scheme, credential: &Credential) {
        match (scheme, credential) {
            (Scheme::Bearer, Credential::Token(t)) => self.add_header("authorization", &format!("Bearer {t}"), true),
            (Scheme::Basic, Credential::Basic(u, p)) => {
                use base64::Engine as _;
                let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"));
                self.add_header("authorization", &format!("Basic {encoded}"), true);
            }
            (Scheme::ApiKey(KeyLocation::Header, param), Credential::Token(t)) => self.add_header(param, t, true),
            (Scheme::ApiKey(KeyLocation::Query, param), Credential::Token(t)) => {
                self.query.push((param.to_string(), t.clone()))
            }
            (Scheme::ApiKey(KeyLocation::Cookie, param), Credential::Token(t)) => {
                self.cookies.push((param.to_string(), encode_cookie_value(t)))
            }
            // A credential of the wrong kind for its scheme is not sent.
            _ => {}
        }
    }

    fn build(&mut self) -> Result<reqwest::Request, reqwest::Error> {
        let inner = &self.client.inner;
        let mut rb = inner.http.request(self.op.method.to_reqwest(), &self.url).headers(self.headers.clone());
        if !self.query.is_empty() {
            rb = rb.query(&self.query);
        }
        if !self.cookies.is_empty() {
            let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            rb = rb.header(reqwest::header::COOKIE, cookie);
        }
        if !self.streaming {
            rb = rb.timeout(self.options.timeout.unwrap_or(inner.timeout));
        }
        match &mut self.body {
            Body::None => {}
            Body::Bytes(b, media) => rb = rb.header(reqwest::header::CONTENT_TYPE, *media).body(b.clone()),
            Body::Multipart(form) => {
                if let Some(form) = form.take() {
                    rb = rb.multipart(form);
                }
            }
            Body::Stream(stream, media) => {
                rb = rb.header(reqwest::header::CONTENT_TYPE, *media);
                if let Some(stream) = stream.take() {
                    rb = rb.body(stream);
                }
            }
        }
        rb.build()
    }

    /// Sends the request, retrying per the client's [`retry::RetryPolicy`],
    /// and reads the response to the end.
    ///
    /// Each call is a `tracing` span at debug level named `request`, with
    /// the operation id, the method and the path *template* (filled-in
    /// paths and query strings may hold secrets and are never recorded).
    pub async fn send<E>(self) -> Result<RawResponse, Error<E>> {
        self.send_raw().await.map_err(Error::widen)
    }

    /// [`Request::send`] with no error type of an operation: the one body
    /// of the send loop that every operation shares, so a crate with
    /// hundreds of operations compiles it once instead of once per error
    /// type.
    pub fn send_raw(self) -> BoxFuture<'static, Result<RawResponse, Error<Infallible>>> {
        let span = tracing::debug_span!(
            "request",
            operation = self.op.id,
            method = self.op.method.as_str(),
            path = self.op.path
        );
        Box::pin(self.send_traced().instrument(span))
    }

    /// Sends the request and decodes the response with `decode`, for the
    /// body of a success.
    pub fn call<T, E>(self, decode: Decode<T, E>) -> CallFuture<T, E> {
        CallFuture::new(self.send_raw(), decode)
    }

    /// Sends the request and decodes the response with `decode`, for the
    /// status, headers and body of a success.
    pub fn call_with_response<T, E>(self, decode: Decode<T, E>) -> ResponseFuture<T, E> {
        ResponseFuture::new(self.send_raw(), decode)
    }

    async fn send_traced(mut self) -> Result<RawResponse, Error<Infallible>> {
        let start = Instant::now();
        let resp = self.send_head().await?;
        read(resp, start, self.client.inner.api.schemes).await
    }

    /// Sends the request, retrying per the client's [`retry::RetryPolicy`],
    /// and returns the response once its head has arrived, with the body
    /// still to read: the start of every streaming call.
    pub fn stream_raw(mut self) -> BoxFuture<'static, Result<(reqwest::Response, Client), Error<Infallible>>> {
        self.streaming = true;
        let span = tracing::debug_span!(
            "request",
            operation = self.op.id,
            method = self.op.method.as_str(),
            path = self.op.path
        );
        Box::pin(
            async move {
                let resp = self.send_head().await?;
                Ok((resp, self.client))
            }
            .instrument(span),
        )
    }

    /// A copy of the request as it will be sent, for sending it again
    /// later (a reconnecting event stream); `None` when it cannot be sent
    /// twice (a multipart or streamed body) or will be refused.
    pub(super) fn template(&mut self) -> Option<reqwest::Request> {
        self.streaming = true;
        self.apply_extra_headers();
        if self.error.is_some() || !matches!(self.body, Body::None | Body::Bytes(..)) {
            return None;
        }
        self.build().ok()
    }

    /// Sends one attempt. A streaming call's timeout covers only the wait
    /// for the response head (`Err` with the limit when it passes):
    /// reqwest's own timeout would also cut the body off, and the body of
    /// a stream may last for hours.
    async fn attempt(&self, request: reqwest::Request) -> Result<reqwest::Result<reqwest::Response>, Duration> {
        let http = &self.client.inner.http;
        if !self.streaming {
            return Ok(http.execute(request).await);
        }
        let limit = self.options.timeout.unwrap_or(self.client.inner.timeout);
        tokio::time::timeout(limit, http.execute(request)).await.map_err(|_| limit)
    }

    /// The retry loop, up to the head of the response that ends it.
    pub(super) async fn send_head(&mut self) -> Result<reqwest::Response, Error<Infallible>> {
        self.apply_extra_headers();
        if let Some(e) = self.error.take() {
            tracing::debug!(reason = %e, "request refused before sending");
            return Err(Error::InvalidRequest(e));
        }
        let policy = self.options.retry_policy.unwrap_or(self.client.inner.retry);
        let schemes = self.client.inner.api.schemes;
        let retryable_body = !matches!(self.body, Body::Multipart(_) | Body::Stream(..));
        let may_retry = (self.op.method.is_idempotent() || self.options.retry_non_idempotent) && retryable_body;
        let start = Instant::now();
        let mut attempt = 0u32;
        loop {
            let request = self.build().map_err(|e| redact::redact(schemes, e))?;
            tracing::debug!(attempt, "sending");
            let result = match self.attempt(request).await {
                Ok(result) => result,
                Err(limit) => return Err(Error::Stream(format!("no response head within {limit:?}"))),
            };
            let can_retry = may_retry && attempt < policy.max_retries;
            let delay = match result {
                Ok(resp) if can_retry && retry::is_retryable_status(resp.status()) => {
                    let delay = policy.delay(attempt, retry::retry_after(resp.headers()));
                    tracing::debug!(attempt, status = resp.status().as_u16(), delay_ms = millis(delay), "retrying");
                    delay
                }
                Ok(resp) => return Ok(resp),
                Err(e) if can_retry && (e.is_connect() || e.is_timeout()) => {
                    let delay = policy.delay(attempt, None);
                    tracing::debug!(attempt, timeout = e.is_timeout(), delay_ms = millis(delay), "retrying");
                    delay
                }
                Err(e) => {
                    tracing::debug!(timeout = e.is_timeout(), elapsed_ms = millis(start.elapsed()), "transport error");
                    return Err(Error::Transport(redact::redact(schemes, e)));
                }
            };
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

pub(super) async fn read(
    resp: reqwest::Response,
    start: Instant,
    schemes: &[(&str, Scheme)],
) -> Result<RawResponse, Error<Infallible>> {
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.bytes().await.map_err(|e| Error::Transport(redact::redact(schemes, e)))?.to_vec();
    tracing::debug!(status = status.as_u16(), elapsed_ms = millis(start.elapsed()), "response");
    Ok(RawResponse { status, headers, body })
}

/// A response read to the end, before its body is decoded.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: reqwest::StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body's bytes.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The body, lossily decoded as UTF-8.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A body documented as text: the string a JSON string holds when the
    /// response's `Content-Type` says JSON (a server that answers
    /// `"1.0.0"` where the document says `text/plain`), else
    /// [`RawResponse::text`]. The media type the server declares wins
    /// whenever the text can be read from it.
    pub fn text_body(&self) -> String {
        if self.declared().is_some_and(is_json_media) {
            if let Ok(s) = serde_json::from_slice::<String>(&self.body) {
                return s;
            }
        }
        self.text()
    }

    /// The media type of the `Content-Type` header, without parameters.
    fn declared(&self) -> Option<&str> {
        let value = self.headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()?;
        Some(value.split(';').next().unwrap_or_default().trim())
    }

    /// The body as a JSON string, for a body documented as JSON that the
    /// server declares as text (`text/plain`, not `text/json`): a type that
    /// reads from a string (a `String`, an enum of strings) reads from it.
    fn declared_text(&self) -> Option<Value> {
        let media = self.declared()?;
        let text = media.len() > 5 && media[..5].eq_ignore_ascii_case("text/") && !is_json_media(media);
        text.then(|| Value::String(self.text()))
    }

    /// Decodes a JSON body (an empty body reads as `null`), keeping the
    /// path of a failure.
    pub fn json<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        self.decode_json().map_err(Error::widen)
    }

    /// [`RawResponse::json`] with no error type of an operation, so that
    /// each body type's decoder is compiled once, whichever operations
    /// return it.
    // The error becomes the caller's `Error<E>` at once; boxing it for
    // that one move would only add an allocation.
    #[allow(clippy::result_large_err)]
    fn decode_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error<Infallible>> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body };
        serde_json::from_slice(body).map_err(|e| self.decode_error(body, &e, ""))
    }

    /// Decodes a body of one JSON value per line (blank lines skipped) as
    /// the array of those values, so that `T` is a list type; the path of a
    /// failure starts with the index of the value.
    pub fn json_lines<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        self.decode_json_lines().map_err(Error::widen)
    }

    /// [`RawResponse::json_lines`] with no error type of an operation.
    // The error becomes the caller's `Error<E>` at once; boxing it for
    // that one move would only add an allocation.
    #[allow(clippy::result_large_err)]
    fn decode_json_lines<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error<Infallible>> {
        let mut array = b"[".to_vec();
        let lines = self.body.split(|b| *b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace));
        for (i, line) in lines.enumerate() {
            // A line that is not JSON at all is blamed on its index alone.
            if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(line) {
                return Err(self.decode_error(line, &e, &format!("[{i}]")));
            }
            if i > 0 {
                array.push(b',');
            }
            array.extend_from_slice(line);
        }
        array.push(b']');
        serde_json::from_slice(&array).map_err(|e| self.decode_error(&array, &e, ""))
    }

    /// Decodes a JSON body (an empty body reads as `null`) through the
    /// type's [`FromJson::read_json`], straight from the bytes. A failure
    /// keeps its path.
    pub fn decode<T: FromJson, E>(&self) -> Result<T, Error<E>> {
        self.decode_value().map_err(Error::widen)
    }

    /// A documented success: the body decoded as with
    /// [`RawResponse::decode`], with status and headers. One call in each
    /// operation's decoder, where `decode`, `?` and [`RawResponse::ok`]
    /// would each be compiled per operation.
    pub fn decode_ok<T: FromJson, E>(self) -> Result<ApiResponse<T>, Error<E>> {
        match self.decode_value() {
            Ok(body) => Ok(ApiResponse { status: self.status, headers: self.headers, body }),
            Err(e) => Err(e.widen()),
        }
    }

    /// [`RawResponse::decode`] for a body of one JSON value per line,
    /// read as the array of those values (see [`RawResponse::json_lines`]).
    pub fn decode_lines<T: FromJson, E>(&self) -> Result<T, Error<E>> {
        match self.decode_json_lines::<Value>() {
            Ok(value) => self.shaped(value).map_err(Error::widen),
            Err(e) => Err(e.widen()),
        }
    }

    /// [`RawResponse::decode`] with no error type of an operation.
    // The error becomes the caller's `Error<E>` at once; boxing it for
    // that one move would only add an allocation.
    #[allow(clippy::result_large_err)]
    fn decode_value<T: FromJson>(&self) -> Result<T, Error<Infallible>> {
        // The declared media type first; the documented one when the type
        // cannot be read from it.
        if let Some(text) = self.declared_text() {
            if let Ok(body) = T::from_json(text) {
                return Ok(body);
            }
        }
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body };
        match crate::json::from_slice::<T>(body) {
            Ok(body) => Ok(body),
            // Not JSON: serde_json's parser says where and why, as it did
            // when every body went through it.
            Err(e) if e.is_syntax() => self.shaped(self.decode_json::<Value>()?),
            Err(e) => Err(self.shape_error(&e)),
        }
    }

    /// The parsed body `value` decoded as `T`, or the shape error with its path.
    #[allow(clippy::result_large_err)]
    fn shaped<T: FromJson>(&self, value: Value) -> Result<T, Error<Infallible>> {
        // A `match`, not `map_err` with a closure: this is compiled once per
        // body type, and the closure would be one more copy each.
        match T::from_json(value) {
            Ok(body) => Ok(body),
            Err(e) => Err(self.shape_error(&e)),
        }
    }

    /// A body that is JSON but not of the documented shape.
    fn shape_error(&self, e: &JsonError) -> Error<Infallible> {
        Error::Decode {
            status: self.status,
            headers: Box::new(self.headers.clone()),
            content: self.text(),
            path: e.path(),
            message: e.message().to_string(),
        }
    }

    /// A decoding failure of `text`, at the path the error's position
    /// points to, or at `known_path` when that is not empty.
    fn decode_error(&self, text: &[u8], e: &serde_json::Error, known_path: &str) -> Error<Infallible> {
        let path =
            if known_path.is_empty() { json_path::path_at(text, e.line(), e.column()) } else { known_path.to_string() };
        Error::Decode {
            status: self.status,
            headers: Box::new(self.headers.clone()),
            content: self.text(),
            path,
            message: e.to_string(),
        }
    }

    /// Wraps a decoded success body.
    pub fn ok<T, E>(self, body: T) -> Result<ApiResponse<T>, Error<E>> {
        Ok(ApiResponse { status: self.status, headers: self.headers, body })
    }

    /// The error of a response whose status selected `entity`. Generated
    /// decoders return `Err(raw.error(entity))`: unlike
    /// [`RawResponse::fail`], this is compiled once per error type, not
    /// once per error and success type.
    pub fn error<E>(self, entity: E) -> Error<E> {
        let content = self.text();
        Error::Response(ResponseContent { status: self.status, headers: self.headers, content, entity })
    }

    /// Wraps an error entity.
    pub fn fail<T, E>(self, entity: E) -> Result<T, Error<E>> {
        Err(self.error(entity))
    }
}

/// Whether `media` (without parameters) is JSON: `application/json`,
/// `text/json`, or a `+json` suffix (`application/problem+json`).
fn is_json_media(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    media == "application/json" || media == "text/json" || media.ends_with("+json")
}
