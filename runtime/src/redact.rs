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

/// How much of an error body `Display` shows, in characters.
const EXCERPT_CHARS: usize = 300;

/// An error body as an error message shows it: JSON with the values of
/// properties named like secrets (`secret`, `password`, `token`, `key`,
/// `authorization`) replaced by `REDACTED`, on one line, cut to
/// [`EXCERPT_CHARS`]; `None` when empty.
pub(super) fn body_excerpt(content: &str) -> Option<String> {
    let trimmed = content.trim();
    if trimmed.is_empty() {
        return None;
    }
    let text = match serde_json::from_str::<serde_json::Value>(trimmed) {
        Ok(mut v) => {
            redact_json(&mut v);
            v.to_string()
        }
        Err(_) => trimmed.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    Some(match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    })
}

fn redact_json(v: &mut serde_json::Value) {
    const SECRET: &[&str] = &["secret", "password", "token", "key", "authorization"];
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                let lower = k.to_ascii_lowercase();
                if SECRET.iter().any(|s| lower.contains(s)) && !v.is_object() && !v.is_array() {
                    *v = serde_json::Value::String("REDACTED".into());
                } else {
                    redact_json(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}
