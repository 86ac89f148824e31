//! Keeping secrets out of error messages.

use super::client::{KeyLocation, Scheme};

/// Whether the value of query parameter `name` is kept out of errors: API
/// keys of the document's query schemes, and names holding `secret`,
/// `password` or `token`.
fn is_secret_query_param(schemes: &[(&str, Scheme)], name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let is_key = |s: &Scheme| matches!(s, Scheme::ApiKey(KeyLocation::Query, p) if p.eq_ignore_ascii_case(name));
    schemes.iter().any(|(_, s)| is_key(s)) || ["secret", "password", "token"].iter().any(|w| lower.contains(w))
}

/// Replaces secret query values in the URL that a transport error carries
/// (and shows in its `Display` and `Debug`) by `REDACTED`.
pub(super) fn redact(schemes: &[(&str, Scheme)], mut e: reqwest::Error) -> reqwest::Error {
    if let Some(url) = e.url_mut() {
        if url.query_pairs().any(|(k, _)| is_secret_query_param(schemes, &k)) {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| {
                    let v = if is_secret_query_param(schemes, &k) { "REDACTED".to_string() } else { v.into_owned() };
                    (k.into_owned(), v)
                })
                .collect();
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
    }
    e
}
