//! When and how long to wait before sending a request again.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// Retry settings. Retries happen on connection errors and on statuses 408,
/// 429, 500, 502, 503 and 504, with exponential backoff and jitter, and
/// honour `Retry-After` (seconds or HTTP date, capped by `max_backoff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retries. Default 2.
    pub max_retries: u32,
    /// Delay before the first retry. Default 500 ms.
    pub initial_backoff: Duration,
    /// Upper bound of any delay, `Retry-After` included. Default 8 s.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(500), max_backoff: Duration::from_secs(8) }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..Self::default() }
    }

    /// The delay before retry number `attempt` (0 for the first retry):
    /// `Retry-After` when the server sent one (capped), else exponential
    /// backoff with jitter.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(d) = retry_after {
            return d.min(self.max_backoff);
        }
        let base = self.initial_backoff.saturating_mul(1u32 << attempt.min(16)).min(self.max_backoff);
        // Full jitter between half and all of the backoff spreads retries of many clients.
        let half = base / 2;
        let jitter = rand::Rng::gen_range(&mut rand::thread_rng(), 0..=half.as_millis() as u64);
        half + Duration::from_millis(jitter)
    }
}

/// Whether a response with this status is worth sending again.
pub fn is_retryable_status(status: reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// Reads `Retry-After`: a number of seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = v.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) is RFC 2822 compatible.
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = at.signed_duration_since(chrono::Utc::now()).num_seconds().max(0);
    Some(Duration::from_secs(wait as u64))
}
