//! The parts of a `multipart/form-data` body: which properties are sent as
//! files or as JSON rather than as text, and with which content type.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use super::{struct_of, Part, PartKind, TypeDef, TypeRef};
use crate::load::escape_token;
use crate::report::{Kind, Report};

/// The file and JSON parts of a multipart body of type `ty`. `encoding` is
/// the media type's `encoding` map and `ptr` the media type's pointer.
pub(super) fn parts(
    types: &BTreeMap<String, TypeDef>,
    ty: &TypeRef,
    encoding: &IndexMap<String, openapiv3::Encoding>,
    ptr: &str,
    report: &mut Report,
) -> Vec<Part> {
    let Some(s) = struct_of(types, ty) else { return Vec::new() };
    let mut out = Vec::new();
    for f in &s.fields {
        let given = encoding.get(&f.name).and_then(|e| e.content_type.as_deref());
        let pointer = format!("{ptr}/encoding/{}/contentType", escape_token(&f.name));
        let Some(kind) = kind(types, &f.ty, 0) else {
            if given.is_some() {
                let reason = format!("property `{}` is a text part; its `contentType` is not sent", f.name);
                report.add(Kind::Other, pointer, reason);
            }
            continue;
        };
        let content_type = match given {
            Some(list) => first_media(list, &pointer, report),
            None => kind.default_content_type().to_string(),
        };
        out.push(Part { name: f.name.clone(), rust_name: f.rust_name.clone(), kind, content_type });
    }
    out
}

/// The first media type of a `contentType` list: a client sends one.
fn first_media(list: &str, ptr: &str, report: &mut Report) -> String {
    let mut all = list.split(',').map(str::trim).filter(|m| !m.is_empty());
    let first = all.next().unwrap_or("application/octet-stream").to_string();
    if all.next().is_some() {
        report.add(
            Kind::IgnoredMediaType,
            ptr,
            format!("`{list}` lists several media types; the part is sent as `{first}`"),
        );
    }
    first
}

/// How a property of type `t` is sent, `None` for a text part.
fn kind(types: &BTreeMap<String, TypeDef>, t: &TypeRef, depth: u8) -> Option<PartKind> {
    // Bounded: aliases and unions may lead back to themselves.
    if depth > 16 {
        return None;
    }
    match t {
        TypeRef::Binary => Some(PartKind::File),
        TypeRef::Map(_) => Some(PartKind::Json),
        TypeRef::Option(inner) => kind(types, inner, depth + 1),
        // A list repeats the part of its items; a list of lists stays text.
        TypeRef::Vec(inner) if !matches!(**inner, TypeRef::Vec(_)) => kind(types, inner, depth + 1),
        TypeRef::Named(n) => match types.get(n)? {
            TypeDef::Struct(_) => Some(PartKind::Json),
            TypeDef::Alias(a) => kind(types, &a.ty, depth + 1),
            // A union whose variants may be strings or numbers is not an
            // object: JSON only when every variant is.
            TypeDef::Union(u) => u
                .variants
                .iter()
                .all(|v| kind(types, &v.ty, depth + 1) == Some(PartKind::Json))
                .then_some(PartKind::Json),
            TypeDef::Enum(_) => None,
        },
        _ => None,
    }
}
