//! An inherent `next()` on every stream a call returns, so that reading
//! one needs no import (`futures::StreamExt::next` does the same; an
//! inherent method wins when both are in scope, so there is no ambiguity).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

/// The future of a stream's next item: `None` once the stream has ended.
#[must_use = "a future does nothing until it is awaited"]
#[derive(Debug)]
pub struct Next<'a, S: ?Sized>(&'a mut S);

impl<S: Stream + Unpin + ?Sized> Future for Next<'_, S> {
    type Output = Option<S::Item>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut *self.0).poll_next(cx)
    }
}

/// Gives each listed stream type its inherent `next()`.
macro_rules! inherent_next {
    ($($(#[$attr:meta])* $ty:ident <$($p:ident),*>),* $(,)?) => {$(
        $(#[$attr])*
        impl<$($p),*> $ty<$($p),*> where Self: Stream + Unpin {
            /// The next item, or `None` once the stream has ended.
            // Named like `Iterator::next` on purpose: it is the stream's.
            #[allow(clippy::should_implement_trait)]
            pub fn next(&mut self) -> Next<'_, Self> {
                Next(self)
            }
        }
    )*};
}

#[cfg(feature = "ws")]
use super::channel::Channel;
use super::pages::{Pages, Paginate};
use super::sse::EventStream;
use super::stream::{ByteStream, LineStream};

inherent_next! {
    #[cfg(feature = "ws")]
    Channel<T, E, M>,
    EventStream<T, E>,
    LineStream<T, E>,
    ByteStream<E>,
    Pages<P, E>,
    Paginate<T, P, E>,
}
