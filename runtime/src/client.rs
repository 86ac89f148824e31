//! The client: what a generated API describes of itself, configuration,
//! credentials.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::request::{Operation, Request};
use super::retry::RetryPolicy;

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// How a security scheme of the document sends its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// An API key in the given place, under the given name.
    ApiKey(KeyLocation, &'static str),
}

/// What a generated client tells the runtime about its API.
#[derive(Debug, Clone, Copy)]
pub struct ApiInfo {
    /// The server used when neither the user nor the operation names one.
    pub default_server: &'static str,
    /// The security schemes of the document, by name.
    pub schemes: &'static [(&'static str, Scheme)],
    /// The default `User-Agent` (the generated crate's name and version).
    pub user_agent: &'static str,
}

impl ApiInfo {
    /// The scheme named `name`.
    pub fn scheme(&self, name: &str) -> Option<Scheme> {
        self.schemes.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }
}

/// A credential; its `Debug` output never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// A token or key, sent as the scheme says.
    Token(String),
    /// A user name and password (HTTP basic).
    Basic(String, String),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Token(_) => f.write_str("Token(<redacted>)"),
            Credential::Basic(user, _) => write!(f, "Basic({user:?}, <redacted>)"),
        }
    }
}

/// Per-call options: set on an API group with `with_options` (for all of
/// its calls) or on one request with its own `with_options`.
///
/// Built with [`RequestOptions::new`] and its setters; `#[non_exhaustive]`
/// so that an option added later breaks no caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Retry non-idempotent methods (POST, PATCH) too. Default false.
    pub retry_non_idempotent: bool,
    /// Overrides the client's timeout for these calls.
    pub timeout: Option<Duration>,
    /// Overrides the client's retry policy for these calls.
    pub retry_policy: Option<RetryPolicy>,
    /// Extra headers, sent last: each replaces any header of the same name
    /// that the call would send otherwise.
    pub headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// No option set: the client's timeout and retry policy apply.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// Overrides the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the client's retry policy ([`RetryPolicy::none`] disables retries).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// Retries non-idempotent methods (POST, PATCH) too.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Adds a header; an invalid name or value fails the call with
    /// [`super::Error::InvalidRequest`] before anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

pub(super) struct Inner {
    pub(super) api: ApiInfo,
    pub(super) http: reqwest::Client,
    pub(super) base_url: Option<String>,
    pub(super) server_urls: BTreeMap<String, String>,
    pub(super) credentials: BTreeMap<&'static str, Credential>,
    pub(super) retry: RetryPolicy,
    pub(super) timeout: Duration,
    /// What a `reqwest::Client` adds to every request by itself (user agent
    /// and default headers), for the requests it does not send: WebSocket
    /// handshakes.
    #[cfg_attr(not(feature = "ws"), allow(dead_code))]
    pub(super) handshake_headers: HeaderMap,
    /// The connect timeout, for the same handshakes.
    #[cfg_attr(not(feature = "ws"), allow(dead_code))]
    pub(super) connect_timeout: Duration,
}

/// The client shared by all API groups of a generated crate; cheap to clone.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("server_urls", &self.inner.server_urls)
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}

/// Builds a [`Client`]; generated crates wrap it with one setter per
/// security scheme of their document.
#[derive(Debug)]
pub struct ClientBuilder {
    api: ApiInfo,
    base_url: Option<String>,
    server_urls: BTreeMap<String, String>,
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    http: Option<reqwest::Client>,
    default_headers: HeaderMap,
    credentials: BTreeMap<&'static str, Credential>,
    retry: RetryPolicy,
}

impl ClientBuilder {
    /// A builder for the API `api` describes, with the defaults documented
    /// on each setter.
    pub fn new(api: ApiInfo) -> Self {
        ClientBuilder {
            api,
            base_url: None,
            server_urls: BTreeMap::new(),
            user_agent: api.user_agent.to_string(),
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            http: None,
            default_headers: HeaderMap::new(),
            credentials: BTreeMap::new(),
            retry: RetryPolicy::default(),
        }
    }

    /// Sends every request to `url` instead of the document's servers
    /// (including per-path and per-operation ones).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into().trim_end_matches('/').to_string());
        self
    }

    /// Sends the requests the document serves from `server` (for example a
    /// per-path host) to `url` instead, leaving the other servers alone.
    /// [`Self::base_url`] wins over this.
    pub fn server_url(mut self, server: &str, url: impl Into<String>) -> Self {
        let url = url.into().trim_end_matches('/').to_string();
        self.server_urls.insert(server.trim_end_matches('/').to_string(), url);
        self
    }

    /// The `User-Agent` header. Default: the generated crate's name and version.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Timeout of a whole request. Default 60 s.
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    /// Timeout of connecting. Default 10 s.
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    /// Uses this `reqwest::Client` (its own timeouts and headers apply;
    /// user agent, connect timeout and default headers of this builder do not).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Adds a header sent with every request. Values of headers that look
    /// like credentials (`Authorization`, `Cookie`, names holding `key`,
    /// `token`, `secret` or `auth`) are marked sensitive, so `Debug` output
    /// does not show them.
    pub fn default_header(mut self, name: HeaderName, mut value: HeaderValue) -> Self {
        let n = name.as_str();
        if name == reqwest::header::COOKIE || ["key", "token", "secret", "auth"].iter().any(|w| n.contains(w)) {
            value.set_sensitive(true);
        }
        self.default_headers.insert(name, value);
        self
    }

    /// Retry settings. Default: [`RetryPolicy::default`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the credential of the security scheme named `scheme`.
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.insert(scheme, credential);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, reqwest::Error> {
        let mut handshake_headers = self.default_headers.clone();
        if let Ok(ua) = HeaderValue::from_str(&self.user_agent) {
            handshake_headers.insert(reqwest::header::USER_AGENT, ua);
        }
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder()
                .user_agent(self.user_agent)
                .connect_timeout(self.connect_timeout)
                .default_headers(self.default_headers)
                .build()?,
        };
        let inner = Inner {
            api: self.api,
            http,
            base_url: self.base_url,
            server_urls: self.server_urls,
            credentials: self.credentials,
            retry: self.retry,
            timeout: self.timeout,
            handshake_headers,
            connect_timeout: self.connect_timeout,
        };
        Ok(Client { inner: Arc::new(inner) })
    }
}

impl Client {
    /// The base URL a request for `op` goes to: the user's base URL, else
    /// the operation's (or path's) server, else the API's, each possibly
    /// moved with [`ClientBuilder::server_url`].
    fn base_for(&self, op: &Operation) -> String {
        if let Some(b) = &self.inner.base_url {
            return b.clone();
        }
        let server = op.servers.first().copied().unwrap_or(self.inner.api.default_server).trim_end_matches('/');
        self.inner.server_urls.get(server).cloned().unwrap_or_else(|| server.to_string())
    }

    /// Starts a request for `op` whose filled-in path is `path`, with the
    /// operation's credentials applied.
    pub fn request(&self, op: &'static Operation, path: String, options: RequestOptions) -> Request {
        let url = format!("{}{}", self.base_for(op), path);
        let mut request = Request::new(self.clone(), op, url, options);
        request.check_path(&path);
        request.security(op.security);
        if let Some(accept) = op.accept {
            request.accept(accept);
        }
        request
    }
}
