//! Auto-pagination: the pages of a list operation fetched one after the
//! other, lazily, as a stream ([`Pages`]), or the items of those pages
//! ([`Paginate`]).
//!
//! A paginated operation's request value builds its first request as
//! usual and hands it here with the operation's decoder and a [`Follow`]:
//! how the next page is asked for. Every page goes through the send loop,
//! so retries apply per page, and an error is one item, after which the
//! stream ends.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::header::HeaderMap;

use super::call::{Decode, ResponseFuture};
use super::client::{KeyLocation, Scheme};
use super::error::{ApiResponse, Error};
use super::request::{Body, Request};

/// How the next page is asked for, read off the page just received.
pub enum Follow<P> {
    /// A cursor out of the page's body goes into the query parameter
    /// `param` (`continueToken`, `page_token`, `starting_after`...).
    Cursor {
        /// The query parameter of the next request.
        param: &'static str,
        /// The cursor in a page, `None` on the last one.
        cursor: fn(&P) -> Option<String>,
    },
    /// A link out of the page's body is the next request's URL, query
    /// string included (`links.next`, `_links.next.href`...), resolved
    /// against the URL of the page it came from.
    BodyLink(fn(&P) -> Option<String>),
    /// The RFC 8288 `Link` header's `rel="next"` target is the next URL.
    LinkHeader,
    /// The query parameter `param` counts pages: the first request's
    /// value (else `first`) plus one for each page.
    PageNumber {
        /// The query parameter of the page number.
        param: &'static str,
        /// The number of the first page when the first call sets none.
        first: u64,
    },
    /// The query parameter `param` is an offset: the first request's
    /// value (else 0) plus the items received so far.
    Offset {
        /// The query parameter of the offset.
        param: &'static str,
    },
}

/// The pages of a paginated call, fetched lazily: a stream of
/// `Result<ApiResponse<P>, Error<E>>`, each with its status and headers.
///
/// It ends after a page without a next cursor or link, after an empty
/// page, when a cursor or link repeats one seen before (a server bug would
/// otherwise loop forever), or after an error.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<P, E> {
    /// The request of the next page, `None` once there is none.
    next: Option<Request>,
    /// The page in flight, and a copy of its request to build the next
    /// one from (`None` when its body cannot be sent twice: one page).
    fetching: Option<(ResponseFuture<P, E>, Option<Request>)>,
    decode: Decode<P, E>,
    follow: Follow<P>,
    count: fn(&P) -> usize,
    seen: HashSet<String>,
    /// The page number or offset the next request carries.
    position: u64,
}

impl<P, E> Pages<P, E> {
    /// The pages that start with `first`, read by `decode`; `count` gives
    /// the number of items in a page.
    pub fn new(first: Request, decode: Decode<P, E>, follow: Follow<P>, count: fn(&P) -> usize) -> Self {
        let position = match &follow {
            Follow::PageNumber { param, first: start } => first.query_number(param).unwrap_or(*start),
            Follow::Offset { param } => first.query_number(param).unwrap_or(0),
            _ => 0,
        };
        Pages { next: Some(first), fetching: None, decode, follow, count, seen: HashSet::new(), position }
    }

    /// The request after `sent`, given the page it brought; `None` when
    /// the page was the last.
    fn after(&mut self, mut sent: Request, page: &P, headers: &HeaderMap) -> Option<Request> {
        let items = (self.count)(page);
        if items == 0 {
            return None;
        }
        match &self.follow {
            Follow::Cursor { param, cursor } => {
                let value = cursor(page).filter(|c| !c.is_empty())?;
                if !self.seen.insert(value.clone()) {
                    return None;
                }
                sent.set_query(param, value);
            }
            Follow::BodyLink(link) => {
                let url = link(page).filter(|l| !l.is_empty())?;
                self.follow_url(&mut sent, &url)?;
            }
            Follow::LinkHeader => {
                let url = next_link(headers)?;
                self.follow_url(&mut sent, &url)?;
            }
            Follow::PageNumber { param, .. } => {
                self.position += 1;
                sent.set_query(param, self.position.to_string());
            }
            Follow::Offset { param } => {
                self.position += items as u64;
                sent.set_query(param, self.position.to_string());
            }
        }
        Some(sent)
    }

    /// Points `sent` at `url`, resolved against its current URL; `None`
    /// when the URL does not parse or was followed before.
    fn follow_url(&mut self, sent: &mut Request, url: &str) -> Option<()> {
        let resolved = sent.current_url()?.join(url).ok()?;
        if !self.seen.insert(resolved.to_string()) {
            return None;
        }
        sent.set_url(resolved);
        Some(())
    }
}

impl<P, E> Unpin for Pages<P, E> {}

impl<P, E> Stream for Pages<P, E> {
    type Item = Result<ApiResponse<P>, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.fetching.is_none() {
            let Some(request) = this.next.take() else { return Poll::Ready(None) };
            // A request whose body cannot be sent twice gets one page.
            let again = request.try_clone();
            this.fetching = Some((request.call_with_response(this.decode), again));
        }
        let (future, _) = this.fetching.as_mut().expect("a page in flight");
        let result = match Pin::new(future).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        let (_, sent) = this.fetching.take().expect("a page in flight");
        if let (Ok(page), Some(sent)) = (&result, sent) {
            this.next = this.after(sent, &page.body, &page.headers);
        }
        Poll::Ready(Some(result))
    }
}

/// The items of a paginated call's pages, fetched lazily: a stream of
/// `Result<T, Error<E>>` that ends where [`Pages`] ends.
#[must_use = "streams do nothing unless polled"]
pub struct Paginate<T, P, E> {
    pages: Pages<P, E>,
    items: fn(P) -> Vec<T>,
    buffered: VecDeque<T>,
}

impl<T, P, E> Paginate<T, P, E> {
    /// The items of `pages`, taken out of each page by `items`.
    pub fn new(pages: Pages<P, E>, items: fn(P) -> Vec<T>) -> Self {
        Paginate { pages, items, buffered: VecDeque::new() }
    }
}

impl<T, P, E> Unpin for Paginate<T, P, E> {}

impl<T, P, E> Stream for Paginate<T, P, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => {
                    let items = (self.items)(page.body);
                    self.buffered.extend(items);
                }
            }
        }
    }
}

/// The target of the `rel="next"` link of RFC 8288 `Link` headers.
fn next_link(headers: &HeaderMap) -> Option<String> {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(text) = value.to_str() else { continue };
        for link in split_links(text) {
            let Some((target, params)) = link.trim().strip_prefix('<').and_then(|l| l.split_once('>')) else {
                continue;
            };
            let is_next = params.split(';').any(|p| {
                let Some((name, value)) = p.split_once('=') else { return false };
                let rels = value.trim().trim_matches('"');
                name.trim().eq_ignore_ascii_case("rel")
                    && rels.split_whitespace().any(|r| r.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.to_string());
            }
        }
    }
    None
}

/// The links of one `Link` header value: split at commas outside `<..>`
/// and quotes.
fn split_links(text: &str) -> Vec<&str> {
    let (mut out, mut start, mut in_target, mut in_quote) = (Vec::new(), 0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            '<' if !in_quote => in_target = true,
            '>' if !in_quote => in_target = false,
            '"' if !in_target => in_quote = !in_quote,
            ',' if !in_target && !in_quote => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

impl Request {
    /// A copy to send again, `None` when the body cannot be sent twice
    /// (multipart or a stream).
    pub(super) fn try_clone(&self) -> Option<Request> {
        let body = match &self.body {
            Body::None => Body::None,
            Body::Bytes(b, media) => Body::Bytes(b.clone(), media),
            Body::Multipart(_) | Body::Stream(..) => return None,
        };
        Some(Request {
            client: self.client.clone(),
            op: self.op,
            url: self.url.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            cookies: self.cookies.clone(),
            body,
            options: self.options.clone(),
            error: self.error.clone(),
            streaming: self.streaming,
        })
    }

    /// Replaces every value of the query parameter `name` with `value`.
    pub(super) fn set_query(&mut self, name: &str, value: String) {
        self.query.retain(|(k, _)| k != name);
        self.query.push((name.to_string(), value));
    }

    /// The URL the request goes to, query string included.
    fn current_url(&self) -> Option<reqwest::Url> {
        let mut url = reqwest::Url::parse(&self.url).ok()?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(self.query.iter());
        }
        Some(url)
    }

    /// Sends the request to `url` as it is, with no query parameters of
    /// its own (the link carries them). Credentials sent in the query are
    /// kept.
    fn set_url(&mut self, url: reqwest::Url) {
        let keys: Vec<(String, String)> = self
            .client
            .inner
            .api
            .schemes
            .iter()
            .filter_map(|(_, scheme)| match scheme {
                Scheme::ApiKey(KeyLocation::Query, param) => Some(*param),
                _ => None,
            })
            .filter(|param| !url.query_pairs().any(|(k, _)| k == *param))
            .flat_map(|param| self.query.iter().filter(move |(k, _)| k == param).cloned())
            .collect();
        self.url = url.to_string();
        self.query = keys;
    }

    /// The number a query parameter holds, if it holds one.
    fn query_number(&self, name: &str) -> Option<u64> {
        let value = &self.query.iter().find(|(k, _)| k == name)?.1;
        value.parse().ok().or_else(|| value.parse::<f64>().ok().filter(|f| *f >= 0.0).map(|f| f as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::{next_link, split_links};
    use reqwest::header::{HeaderMap, HeaderValue, LINK};

    #[test]
    fn the_next_link_among_several_and_across_headers() {
        let mut headers = HeaderMap::new();
        headers.append(LINK, HeaderValue::from_static("<https://a.test/x?page=1>; rel=\"prev\""));
        headers.append(
            LINK,
            HeaderValue::from_static(
                "<https://a.test/x?a=1,2>; title=\"a, b\"; rel=\"last\", </x?page=3>; rel=\"next last\"",
            ),
        );
        assert_eq!(next_link(&headers).as_deref(), Some("/x?page=3"));
        assert_eq!(split_links("<a,b>; t=\"x,y\", <c>").len(), 2);
        assert_eq!(next_link(&HeaderMap::new()), None);
    }
}
