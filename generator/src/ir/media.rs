//! Media types of bodies: which one the client uses, and how a body of it
//! is written or read. Every reading other than plain JSON is reported.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};

use super::schema::Types;
use super::shape::Shape;
use super::Encoding;
use crate::load::escape_token;
use crate::report::{Kind, Report};

/// The media type of server-sent events.
pub(super) const EVENT_STREAM: &str = "text/event-stream";

/// The media type without parameters, lowercase.
pub(super) fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// The preference of a media type (lower first) and its encoding before
/// its schema is looked at.
fn rank(media: &str) -> (u8, Encoding) {
    let m = essence(media);
    if m == "application/json" || m.ends_with("+json") || m == "*/*" {
        (0, Encoding::Json)
    } else if m == "application/x-www-form-urlencoded" {
        (1, Encoding::Form)
    } else if m == "multipart/form-data" {
        (2, Encoding::Multipart)
    } else if ["application/x-ndjson", "application/ndjson", "application/jsonl", "application/json-seq"]
        .contains(&m.as_str())
    {
        (3, Encoding::JsonLines)
    } else if m == EVENT_STREAM {
        (4, Encoding::EventStream)
    } else if m.starts_with("text/") {
        (4, Encoding::Text)
    } else if m.contains("xml") {
        (5, Encoding::Text)
    } else {
        (3, Encoding::Bytes)
    }
}

/// Picks the media type to use, preferring JSON; reports the others but
/// those in `kept` (essences the caller reads too).
pub(super) fn pick_media<'m, T>(
    content: &'m IndexMap<String, T>,
    ptr: &str,
    kept: &[&str],
    report: &mut Report,
) -> Option<(&'m String, &'m T, Encoding)> {
    let best = content.iter().min_by_key(|(m, _)| rank(m).0)?;
    for m in content.keys() {
        if m != best.0 && !kept.contains(&essence(m).as_str()) {
            report.add(
                Kind::IgnoredMediaType,
                format!("{ptr}/content/{}", escape_token(m)),
                format!("`{m}` is offered too; the client uses `{}`", best.0),
            );
        }
    }
    Some((best.0, best.1, rank(best.0).1))
}

/// How a body of `media` with `schema` is written or read, given the
/// encoding of its media type: JSON lines need an array schema (else the
/// body is bytes); bytes and text do not use a schema. `ptr` is the media
/// type's pointer, where every reading other than plain JSON is reported.
pub(super) fn settle(
    types: &mut Types,
    media: &str,
    encoding: Encoding,
    schema: Option<&ReferenceOr<Schema>>,
    ptr: &str,
) -> Encoding {
    let typ = schema.and_then(|s| schema_type(types, s));
    let (encoding, reason) = match encoding {
        Encoding::JsonLines if typ.as_deref() == Some("array") => {
            (encoding, format!("`{media}` is one json value per line, one line per item of the array"))
        }
        Encoding::JsonLines => (
            Encoding::Bytes,
            format!("`{media}` without an array schema is raw bytes (`Vec<u8>`); its schema is not used"),
        ),
        Encoding::Json if essence(media) != "application/json" => {
            (encoding, format!("`{media}` is json, sent and accepted with that media type"))
        }
        Encoding::Bytes if structured(types, schema) => {
            (encoding, format!("`{media}` is not json: the body is raw bytes (`Vec<u8>`); its schema is not used"))
        }
        Encoding::Text if structured(types, schema) => {
            (encoding, format!("`{media}` is not json: the body is text (`String`); its schema is not used"))
        }
        _ => return encoding,
    };
    types.report.add(Kind::Other, ptr, reason);
    encoding
}

/// The `type` of a schema, through a `$ref`.
fn schema_type(types: &Types, schema: &ReferenceOr<Schema>) -> Option<String> {
    let s = match schema {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => types.resolve(reference)?,
    };
    Shape::of(s).typ
}

/// True when a schema describes more than a string of bytes or text (an
/// object, an array, a number...), which a bytes or text body cannot use.
fn structured(types: &Types, schema: Option<&ReferenceOr<Schema>>) -> bool {
    let Some(schema) = schema else { return false };
    let s = match schema {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => match types.resolve(reference) {
            Some(s) => s,
            None => return false,
        },
    };
    let shape = Shape::of(s);
    let typed = shape.typ.as_deref().is_some_and(|t| t != "string");
    typed
        || !shape.properties.is_empty()
        || !shape.one_of.is_empty()
        || !shape.any_of.is_empty()
        || !shape.all_of.is_empty()
}
