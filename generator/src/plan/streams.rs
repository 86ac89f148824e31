//! Views of streaming calls: what the request value's `send`/`.await` (a
//! primary stream) or `.stream()` (a stream beside the buffered call)
//! return, and the runtime call that opens them.

use serde::Serialize;

use super::rust_type;
use crate::ir::{Operation, StreamKind, TypeRef};

/// How an operation's request value opens its stream.
#[derive(Debug, Clone, Serialize)]
pub struct StreamView {
    /// What kind of stream.
    pub kind: StreamKind,
    /// `send` and `.await` give the stream, and there is no
    /// `send_with_response`; otherwise the stream is `.stream()`.
    pub primary: bool,
    /// The future that opens the stream.
    pub future: String,
    /// What that future resolves to on success.
    pub output: String,
    /// The item type as the crate's users name it, for docs (`models::Tick`,
    /// `runtime::sse::Event<models::Tick>`: the crate re-exports the runtime).
    pub doc_item: String,
    /// How each item is read, for every kind but bytes.
    pub item_decode: ItemDecode,
    /// The call asks for `text/event-stream` in place of its documented
    /// `Accept` (`.stream()` beside a JSON call).
    pub replace_accept: bool,
}

/// How a stream reads each item; `api.rs.j2` spells the function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "item", rename_all = "snake_case")]
pub enum ItemDecode {
    /// The operation's own `decode_response` (a primary stream).
    Own,
    /// The item as text.
    Text,
    /// The item as JSON of this type.
    Json(String),
}

/// The stream view of `op`, whose success type is `ret_ty` and errors
/// `error`; `rt` is the runtime's path.
pub fn stream_view(op: &Operation, ret_ty: &str, error: &str, rt: &str) -> Option<StreamView> {
    let stream = op.stream.as_ref()?;
    let item = if stream.primary { ret_ty.to_string() } else { rust_type(&stream.item, "models") };
    let item_decode = if stream.primary {
        ItemDecode::Own
    } else if stream.item == TypeRef::String {
        ItemDecode::Text
    } else {
        ItemDecode::Json(item.clone())
    };
    let (future, output, doc_item) = match stream.kind {
        StreamKind::Channel => {
            let message = channel_message(op, rt);
            (
                format!("{rt}::channel::ChannelFuture<{item}, {error}, {message}>"),
                format!("{rt}::channel::Channel<{item}, {error}, {message}>"),
                item.clone(),
            )
        }
        StreamKind::Events => (
            format!("{rt}::sse::EventsFuture<{item}, {error}>"),
            format!("{rt}::sse::EventStream<{item}, {error}>"),
            format!("runtime::sse::Event<{item}>"),
        ),
        StreamKind::Lines => (
            format!("{rt}::stream::LinesFuture<{item}, {error}>"),
            format!("{rt}::stream::LineStream<{item}, {error}>"),
            item.clone(),
        ),
        StreamKind::Bytes => (
            format!("{rt}::stream::ByteStreamFuture<{error}>"),
            format!("{rt}::stream::ByteStream<{error}>"),
            "runtime::Bytes".to_string(),
        ),
    };
    let replace_accept = stream.kind == StreamKind::Events && !stream.primary;
    Some(StreamView {
        kind: stream.kind,
        primary: stream.primary,
        future,
        output,
        doc_item,
        item_decode,
        replace_accept,
    })
}

/// The type of the messages a channel sends: its operation's request body,
/// or none.
fn channel_message(op: &Operation, rt: &str) -> String {
    match &op.body {
        Some(b) => rust_type(&b.ty, "models"),
        None => format!("{rt}::channel::NoMessage"),
    }
}
