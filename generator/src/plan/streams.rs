//! Views of streaming calls: what the request value's `send`/`.await` (a
//! primary stream) or `.stream()` (a stream beside the buffered call)
//! return, and the runtime call that opens them.

use serde::Serialize;

use super::rust_type;
use crate::ir::{Operation, StreamKind, TypeRef};
use crate::plan::filters::lit;

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
    /// The statements that open it, reading the raw request `req`.
    pub open: String,
}

/// The stream view of `op`, whose success type is `ret_ty` and errors
/// `error`; `rt` is the runtime's path and `req` the local of the raw request.
pub fn stream_view(op: &Operation, ret_ty: &str, error: &str, rt: &str, req: &str) -> Option<StreamView> {
    let stream = op.stream.as_ref()?;
    let item = if stream.primary { ret_ty.to_string() } else { rust_type(&stream.item, "models") };
    let item_decode = if stream.primary {
        "Self::decode_response".to_string()
    } else if stream.item == TypeRef::String {
        format!("{rt}::RawResponse::text_ok::<{error}>")
    } else {
        format!("{rt}::RawResponse::decode_ok::<{item}, {error}>")
    };
    let (future, output, doc_item, call) = match stream.kind {
        StreamKind::Channel => {
            let message = channel_message(op, rt);
            (
                format!("{rt}::channel::ChannelFuture<{item}, {error}, {message}>"),
                format!("{rt}::channel::Channel<{item}, {error}, {message}>"),
                item.clone(),
                format!("{req}.connect(Self::decode_response, {item_decode})"),
            )
        }
        StreamKind::Events => (
            format!("{rt}::sse::EventsFuture<{item}, {error}>"),
            format!("{rt}::sse::EventStream<{item}, {error}>"),
            format!("runtime::sse::Event<{item}>"),
            format!("{req}.events(Self::decode_response, {item_decode})"),
        ),
        StreamKind::Lines => (
            format!("{rt}::stream::LinesFuture<{item}, {error}>"),
            format!("{rt}::stream::LineStream<{item}, {error}>"),
            item.clone(),
            format!("{req}.lines(Self::decode_response, {item_decode})"),
        ),
        StreamKind::Bytes => (
            format!("{rt}::stream::ByteStreamFuture<{error}>"),
            format!("{rt}::stream::ByteStream<{error}>"),
            "runtime::Bytes".to_string(),
            format!("{req}.byte_stream(Self::decode_response)"),
        ),
    };
    // `.stream()` beside a JSON call asks for the event stream instead.
    let accept = match (stream.kind, stream.primary) {
        (StreamKind::Events, false) => format!("{req}.replace_accept({});\n        ", lit("text/event-stream")),
        _ => String::new(),
    };
    let open =
        format!("#[allow(unused_mut)]\n        let mut {req} = self.into_raw_request();\n        {accept}{call}");
    Some(StreamView { kind: stream.kind, primary: stream.primary, future, output, doc_item, open })
}

/// The type of the messages a channel sends: its operation's request body,
/// or none.
fn channel_message(op: &Operation, rt: &str) -> String {
    match &op.body {
        Some(b) => rust_type(&b.ty, "models"),
        None => format!("{rt}::channel::NoMessage"),
    }
}
