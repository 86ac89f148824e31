//! What a call returns: the success wrapper and the error types.

use std::fmt;

/// A successful response with its status and headers.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    /// HTTP status code.
    pub status: reqwest::StatusCode,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// A response whose status is not a documented success.
#[derive(Debug, Clone)]
pub struct ResponseContent<E> {
    /// HTTP status code.
    pub status: reqwest::StatusCode,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The raw body, lossily decoded as UTF-8.
    pub content: String,
    /// The error chosen by status code, with its decoded body.
    pub entity: E,
}

/// Everything a call can fail with; `E` is the operation's enum of
/// documented errors.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request could not be sent or the response not read.
    Transport(reqwest::Error),
    /// The request could not be built (for example a header value holding a newline).
    InvalidRequest(String),
    /// The response body did not match the documented type.
    Decode {
        /// HTTP status code.
        status: reqwest::StatusCode,
        /// Response headers (boxed, to keep `Error` small).
        headers: Box<reqwest::header::HeaderMap>,
        /// The raw body.
        content: String,
        /// Where in the body decoding failed (serde path).
        path: String,
        /// What failed.
        message: String,
    },
    /// The server answered with an error status.
    Response(ResponseContent<E>),
    /// A stream (a WebSocket channel, server-sent events, JSON lines,
    /// bytes) broke off after it had started: the connection failed, or
    /// the peer broke the protocol.
    Stream(String),
    /// The WebSocket peer closed the channel with a code other than a
    /// normal closure (`1000`) or going away (`1001`).
    Closed {
        /// The close code (`1006` when the connection dropped without a
        /// close frame).
        code: u16,
        /// The reason the peer gave.
        reason: String,
    },
}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Transport(e) => e.status(),
            Error::InvalidRequest(_) | Error::Stream(_) | Error::Closed { .. } => None,
            Error::Decode { status, .. } => Some(*status),
            Error::Response(r) => Some(r.status),
        }
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        match self {
            Error::Decode { headers, .. } => Some(headers),
            Error::Response(r) => Some(&r.headers),
            Error::Transport(_) | Error::InvalidRequest(_) | Error::Stream(_) | Error::Closed { .. } => None,
        }
    }

    /// The typed error, when the server answered with an error status.
    pub fn entity(&self) -> Option<&E> {
        match self {
            Error::Response(r) => Some(&r.entity),
            _ => None,
        }
    }
}

impl Error<std::convert::Infallible> {
    /// The same error as an error of an operation whose documented errors
    /// are `E`: a failure before any status was read has no entity.
    pub fn widen<E>(self) -> Error<E> {
        match self {
            Error::Transport(e) => Error::Transport(e),
            Error::InvalidRequest(m) => Error::InvalidRequest(m),
            Error::Decode { status, headers, content, path, message } => {
                Error::Decode { status, headers, content, path, message }
            }
            Error::Response(r) => match r.entity {},
            Error::Stream(m) => Error::Stream(m),
            Error::Closed { code, reason } => Error::Closed { code, reason },
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Decode { status, path, message, .. } => {
                write!(f, "cannot decode the {status} response at `{path}`: {message}")
            }
            Error::Response(r) => {
                let entity = format!("{:?}", r.entity);
                write!(f, "the server answered {}: {entity}", r.status)?;
                // A unit variant (`Status400`) shows nothing the server said;
                // its message is often in the body the document left out.
                let bodiless = entity.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                match super::redact::body_excerpt(&r.content) {
                    Some(excerpt) if bodiless => write!(f, " (body: {excerpt})"),
                    _ => Ok(()),
                }
            }
            Error::Stream(m) => write!(f, "the stream broke off: {m}"),
            Error::Closed { code, reason } => write!(f, "the peer closed the channel with code {code}: {reason}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(e)
    }
}
