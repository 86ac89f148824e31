//! Typed mock servers, for the tests of code that calls a generated client
//! (the `mock` feature).
//!
//! A generated crate's `mock` module has one method per operation; each
//! builds an [`Expectation`] here: which calls it matches (method, path
//! template, and the parameters and body the test set, encoded exactly as
//! the client encodes them) and how it answers. The server is
//! [`wiremock`]'s, re-exported for what the typed layer does not cover.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

pub use wiremock;

use crate::params::ParamValue;
use crate::{FromJson, HttpMethod, ParamStyle};

/// A local HTTP server that answers as the expectations mounted on it say.
///
/// Clones share the server. When the last clone is dropped, every
/// expectation given a count (`.times(n)`) is checked, and a count not met
/// fails the test with a panic; [`MockServer::verify`] checks earlier.
#[derive(Clone)]
pub struct MockServer {
    inner: Arc<wiremock::MockServer>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("base_url", &self.inner.uri()).finish()
    }
}

impl MockServer {
    /// Starts a server on a free local port.
    pub async fn start() -> Self {
        MockServer { inner: Arc::new(wiremock::MockServer::start().await) }
    }

    /// The URL to hand to the client builder's `base_url`.
    pub fn base_url(&self) -> String {
        self.inner.uri()
    }

    /// The wiremock server underneath, to mount untyped mocks or read the
    /// requests it received.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.inner
    }

    /// Panics unless every expectation given a count got exactly that many
    /// calls so far, listing those that did not.
    pub async fn verify(&self) {
        self.inner.verify().await;
    }

    /// Removes every expectation and forgets the requests received.
    pub async fn reset(&self) {
        self.inner.reset().await;
    }

    /// An expectation for the operation `id` (`method` on the path template
    /// `path`), answering with the `documented` responses only.
    pub fn mock(
        &self,
        id: &'static str,
        method: HttpMethod,
        path: &'static str,
        documented: &'static [Documented],
    ) -> Expectation {
        Expectation {
            server: self.clone(),
            id,
            documented,
            matcher: CallMatcher { method, template: path, ..CallMatcher::default() },
            times: None,
        }
    }
}

/// A response status as the document gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentedStatus {
    /// One status code.
    Code(u16),
    /// A class of a hundred codes: `4` is `4XX`.
    Range(u16),
    /// Every status the other responses do not name.
    Default,
}

impl DocumentedStatus {
    fn covers(self, status: u16) -> bool {
        match self {
            DocumentedStatus::Code(c) => c == status,
            DocumentedStatus::Range(r) => status / 100 == r,
            DocumentedStatus::Default => (100..=599).contains(&status),
        }
    }
}

/// How a documented response's body is written.
#[derive(Debug, Clone, Copy)]
pub enum DocumentedBody {
    /// No body.
    None,
    /// JSON of media type `media`; `check` decodes a value as the
    /// documented type (see [`check`]).
    Json {
        /// The media type sent in `Content-Type`.
        media: &'static str,
        /// Decodes a value as the documented type, or says why it does not fit.
        check: fn(Value) -> Result<(), String>,
    },
    /// Anything else (text, bytes, JSON lines, events): typed methods only.
    Other,
}

/// One response the document gives an operation.
#[derive(Debug, Clone, Copy)]
pub struct Documented {
    /// Its status.
    pub status: DocumentedStatus,
    /// Its body.
    pub body: DocumentedBody,
}

/// Decodes `value` as `T`: the [`DocumentedBody::Json`] check of a
/// response whose body is a `T`.
pub fn check<T: FromJson>(value: Value) -> Result<(), String> {
    T::from_json(value).map(drop).map_err(|e| e.to_string())
}

/// A response that an expectation cannot give: the status is not
/// documented, or the body does not fit the documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockError {
    /// The operation mocked.
    pub operation: &'static str,
    /// What does not match the document.
    pub message: String,
}

impl std::fmt::Display for MockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "mock of `{}`: {}", self.operation, self.message)
    }
}

impl std::error::Error for MockError {}

/// A body to answer with.
#[derive(Debug, Clone)]
pub struct Reply {
    body: Vec<u8>,
    media: Option<&'static str>,
}

impl Reply {
    /// No body.
    pub fn empty() -> Self {
        Reply { body: Vec::new(), media: None }
    }

    /// A JSON body of media type `media`.
    pub fn json(value: &Value, media: &'static str) -> Self {
        Reply { body: value.to_string().into_bytes(), media: Some(media) }
    }

    /// One JSON value per line, from the items of an array.
    pub fn json_lines(items: &Value, media: &'static str) -> Self {
        let lines: Vec<String> = match items {
            Value::Array(items) => items.iter().map(|i| format!("{i}\n")).collect(),
            other => vec![format!("{other}\n")],
        };
        Reply { body: lines.concat().into_bytes(), media: Some(media) }
    }

    /// Server-sent events, one per item of `data` (its lines become the
    /// event's `data:` lines).
    pub fn events(data: impl IntoIterator<Item = String>) -> Self {
        let mut body = String::new();
        for item in data {
            for line in item.split('\n') {
                body.push_str("data: ");
                body.push_str(line);
                body.push('\n');
            }
            body.push('\n');
        }
        Reply { body: body.into_bytes(), media: Some("text/event-stream") }
    }

    /// Raw bytes (text or binary) of media type `media`.
    pub fn bytes(body: impl Into<Vec<u8>>, media: &'static str) -> Self {
        Reply { body: body.into(), media: Some(media) }
    }
}

/// The calls an expectation answered, counted as they arrive.
#[derive(Debug, Clone, Default)]
pub struct Mocked {
    calls: Arc<AtomicUsize>,
}

impl Mocked {
    /// How many calls the expectation has answered so far.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

/// One operation's mock under construction: what it matches, then (with
/// [`Expectation::mount`]) how it answers.
#[derive(Debug)]
pub struct Expectation {
    server: MockServer,
    id: &'static str,
    documented: &'static [Documented],
    matcher: CallMatcher,
    times: Option<u64>,
}

impl Expectation {
    /// Matches calls whose path parameter `name` is `value`.
    pub fn path<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.matcher.path.push((name, crate::path_segment(value)));
    }

    /// Matches calls with the query parameter `name` set to `value`,
    /// serialized per `style` and `explode`.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: ParamStyle, explode: bool) {
        match ParamValue::of(value) {
            Ok(v) => self.matcher.query.extend(v.query_pairs(name, style, explode)),
            Err(e) => self.matcher.never = Some(e),
        }
    }

    /// Matches calls with the header `name` set to `value`.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match ParamValue::of(value) {
            Ok(v) => self.matcher.headers.push((name.to_ascii_lowercase(), v.simple())),
            Err(e) => self.matcher.never = Some(e),
        }
    }

    /// Matches calls with the cookie `name` set to `value`.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match ParamValue::of(value) {
            Ok(v) => self.matcher.cookies.push((name.to_string(), crate::encode_cookie_value(&v.simple()))),
            Err(e) => self.matcher.never = Some(e),
        }
    }

    /// Matches calls whose body is this JSON value (compared as JSON, so
    /// key order and spacing do not matter).
    pub fn json_body(&mut self, value: Value) {
        self.matcher.body = Some(BodyMatch::Json(value));
    }

    /// Matches calls whose form-urlencoded body holds these properties.
    pub fn form_body(&mut self, value: Value) {
        self.matcher.body = Some(BodyMatch::Form(value));
    }

    /// Matches calls whose body is exactly these bytes.
    pub fn bytes_body(&mut self, body: impl Into<Vec<u8>>) {
        self.matcher.body = Some(BodyMatch::Bytes(body.into()));
    }

    /// Expects exactly `n` matching calls, checked by [`MockServer::verify`]
    /// and when the server is dropped.
    pub fn times(&mut self, n: u64) {
        self.times = Some(n);
    }

    /// Answers matching calls with `status` and `reply`. Generated typed
    /// methods call it with a documented status and a body of the
    /// documented type; [`Expectation::mount_checked`] checks both.
    pub async fn mount(self, status: u16, reply: Reply) -> Mocked {
        let mocked = Mocked::default();
        let responder = Responder { status, reply, calls: mocked.calls.clone() };
        let mut mock = wiremock::Mock::given(self.matcher).respond_with(responder).named(self.id);
        if let Some(n) = self.times {
            mock = mock.expect(n);
        }
        self.server.inner.register(mock).await;
        mocked
    }

    /// Answers matching calls with `status` and the JSON `body`, after
    /// checking that the document gives the operation a JSON response for
    /// that status and that `body` decodes as its type.
    pub async fn mount_checked(self, status: u16, body: Value) -> Result<Mocked, MockError> {
        let media = self.check(status, &body)?;
        Ok(self.mount(status, Reply::json(&body, media)).await)
    }

    /// Checks that `status` is within the document's `range` (a `4XX`
    /// class or `default`), for the typed methods of such a response.
    pub fn check_status(&self, status: u16, range: DocumentedStatus) -> Result<(), MockError> {
        if !(100..=599).contains(&status) || !range.covers(status) {
            return Err(self.error(format!("status {status} is not within the documented response it was given for")));
        }
        Ok(())
    }

    fn check(&self, status: u16, body: &Value) -> Result<&'static str, MockError> {
        // Exact codes before classes before `default`, as the client reads them.
        let rank = |d: &&Documented| match d.status {
            DocumentedStatus::Code(_) => 0,
            DocumentedStatus::Range(_) => 1,
            DocumentedStatus::Default => 2,
        };
        let mut candidates: Vec<&Documented> = self.documented.iter().filter(|d| d.status.covers(status)).collect();
        candidates.sort_by_key(rank);
        let Some(documented) = candidates.first() else {
            return Err(self.error(format!("the document gives no response for status {status}")));
        };
        match documented.body {
            DocumentedBody::Json { media, check } => {
                check(body.clone()).map_err(|e| self.error(format!("status {status}: the body does not fit: {e}")))?;
                Ok(media)
            }
            DocumentedBody::None => Err(self.error(format!("status {status} has no body in the document"))),
            DocumentedBody::Other => {
                Err(self.error(format!("status {status} has a body that is not JSON; use its typed method")))
            }
        }
    }

    /// An error about this expectation's operation.
    pub fn error(&self, message: String) -> MockError {
        MockError { operation: self.id, message }
    }
}

#[derive(Debug)]
enum BodyMatch {
    Json(Value),
    Form(Value),
    Bytes(Vec<u8>),
}

/// What a call must look like to be answered: the method, the path
/// template with the path parameters set, and every query pair, header,
/// cookie and body set.
#[derive(Debug)]
struct CallMatcher {
    method: HttpMethod,
    template: &'static str,
    path: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    body: Option<BodyMatch>,
    /// A value that could not be encoded: the expectation matches nothing.
    never: Option<String>,
}

impl Default for CallMatcher {
    fn default() -> Self {
        CallMatcher {
            method: HttpMethod::Get,
            template: "",
            path: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            never: None,
        }
    }
}

impl wiremock::Match for CallMatcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        self.never.is_none()
            && request.method.as_str() == self.method.as_str()
            && path_matches(self.template, &self.path, request.url.path())
            && self.query_matches(request)
            && self.headers_match(request)
            && self.body.iter().all(|b| body_matches(b, &request.body))
    }
}

impl CallMatcher {
    fn query_matches(&self, request: &wiremock::Request) -> bool {
        let mut pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        self.query.iter().all(|want| match pairs.iter().position(|p| p == want) {
            Some(i) => {
                pairs.swap_remove(i);
                true
            }
            None => false,
        })
    }

    fn headers_match(&self, request: &wiremock::Request) -> bool {
        let header_ok = |(name, value): &(String, String)| {
            request.headers.get_all(name.as_str()).iter().any(|v| v.to_str().is_ok_and(|v| v == value))
        };
        let cookies: Vec<(String, String)> = request
            .headers
            .get_all("cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
            .collect();
        self.headers.iter().all(header_ok) && self.cookies.iter().all(|c| cookies.contains(c))
    }
}

/// Whether `path` is the template with each set parameter in place and any
/// non-empty text for the others. A segment may hold several parameters
/// and literal text (`{name}.{ext}`).
fn path_matches(template: &str, set: &[(&'static str, String)], path: &str) -> bool {
    let (want, got): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    want.len() == got.len() && want.iter().zip(&got).all(|(w, g)| segment_matches(w, set, g))
}

fn segment_matches(template: &str, set: &[(&'static str, String)], segment: &str) -> bool {
    let Some(open) = template.find('{') else { return template == segment };
    let Some(len) = template[open..].find('}') else { return template == segment };
    let (literal, name, rest) = (&template[..open], &template[open + 1..open + len], &template[open + len + 1..]);
    let Some(segment) = segment.strip_prefix(literal) else { return false };
    if let Some((_, value)) = set.iter().find(|(n, _)| *n == name) {
        return segment.strip_prefix(value.as_str()).is_some_and(|s| segment_matches(rest, set, s));
    }
    // An unset parameter takes one or more characters, as few as let the rest match.
    (1..=segment.len()).filter(|&i| segment.is_char_boundary(i)).any(|i| segment_matches(rest, set, &segment[i..]))
}

fn body_matches(want: &BodyMatch, body: &[u8]) -> bool {
    match want {
        BodyMatch::Json(v) => serde_json::from_slice::<Value>(body).is_ok_and(|b| &b == v),
        BodyMatch::Bytes(b) => body == b.as_slice(),
        BodyMatch::Form(v) => {
            let Ok(encoded) = serde_urlencoded::to_string(v) else { return false };
            let sorted = |text: &str| {
                let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(text).unwrap_or_default();
                pairs.sort();
                pairs
            };
            std::str::from_utf8(body).is_ok_and(|b| sorted(b) == sorted(&encoded))
        }
    }
}

struct Responder {
    status: u16,
    reply: Reply,
    calls: Arc<AtomicUsize>,
}

impl wiremock::Respond for Responder {
    fn respond(&self, _: &wiremock::Request) -> wiremock::ResponseTemplate {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let template = wiremock::ResponseTemplate::new(self.status);
        match self.reply.media {
            Some(media) => template.set_body_raw(self.reply.body.clone(), media),
            None => template,
        }
    }
}
