//! Which calls are read as they arrive: WebSocket channels, server-sent
//! events, JSON lines and byte streams. Each reading is reported
//! (`Kind::Streaming`), so `check` shows what every operation became.

use indexmap::IndexMap;
use openapiv3::MediaType;

use super::media::{essence, EVENT_STREAM};
use super::schema::Types;
use super::{Body, Encoding, Stream, StreamKind, Success, TypeRef};
use crate::load::escape_token;
use crate::report::{Kind, Report};

/// Whether a server URL is a WebSocket endpoint.
fn is_websocket(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("ws://") || lower.starts_with("wss://")
}

/// The type of one event's data when the document gives neither
/// `itemSchema` nor `schema`: the text of the data, reported.
pub(super) fn untyped_events(media_ptr: &str, report: &mut Report) -> TypeRef {
    report.add(
        Kind::Other,
        media_ptr,
        "`text/event-stream` without `itemSchema` or `schema`: each event's data is read as a `String`",
    );
    TypeRef::String
}

/// The type of one event's data of a `text/event-stream` offered beside
/// the media type a response is read with; `hint` names an inline schema.
pub(super) fn events_beside<'a>(
    content: &'a IndexMap<String, MediaType>,
    ptr: &str,
    hint: &str,
    types: &mut Types<'a>,
) -> Option<TypeRef> {
    let (media, mt) = content.iter().find(|(m, _)| essence(m) == EVENT_STREAM)?;
    let media_ptr = format!("{ptr}/content/{}", escape_token(media));
    Some(match &mt.schema {
        Some(s) => types.type_of(s, hint, &format!("{media_ptr}/schema")),
        None => untyped_events(&media_ptr, types.report),
    })
}

/// How the operation at `ptr` streams, given its effective server, its
/// success and its body; reported at `ptr`.
pub(super) fn stream(
    server: Option<&str>,
    success: &Success,
    body: Option<&Body>,
    ptr: &str,
    report: &mut Report,
) -> Option<Stream> {
    let stream = choose(server, success)?;
    let how = match (stream.kind, stream.primary) {
        (StreamKind::Channel, _) => "awaiting the call connects; each text or binary frame is one value",
        (StreamKind::Events, true) => "awaiting the call opens the response; each event's data is one value",
        (_, _) => "`.stream()` beside the buffered call yields each item as it arrives",
    };
    report.add(Kind::Streaming, ptr, format!("{}: {how}", stream.kind.label()));
    if let (StreamKind::Channel, Some(b)) = (stream.kind, body) {
        let reason = format!("the `{}` body is the channel's first message; `send` sends more", b.media_type);
        report.add(Kind::Streaming, format!("{ptr}/requestBody"), reason);
    }
    Some(stream)
}

fn choose(server: Option<&str>, success: &Success) -> Option<Stream> {
    let single = match success {
        Success::Single(r) => Some(r),
        Success::Several { .. } => None,
    };
    if server.is_some_and(is_websocket) {
        let item = single.map_or(TypeRef::Unit, |r| r.ty.clone());
        return Some(Stream { kind: StreamKind::Channel, item, primary: true });
    }
    let r = single?;
    let (kind, item, primary) = match (r.encoding, &r.events, &r.ty) {
        (Encoding::EventStream, _, ty) => (StreamKind::Events, ty.clone(), true),
        (_, Some(item), _) => (StreamKind::Events, item.clone(), false),
        (Encoding::JsonLines, _, TypeRef::Vec(item)) => (StreamKind::Lines, (**item).clone(), false),
        (Encoding::Bytes, _, _) => (StreamKind::Bytes, TypeRef::Binary, false),
        _ => return None,
    };
    Some(Stream { kind, item, primary })
}
