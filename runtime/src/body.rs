//! Request bodies that are not plain JSON: JSON lines, forms and multipart.

use serde::Serialize;

use super::params::scalar;
use super::stream::Upload;

/// One JSON value per line, each line ended by `\n` (JSON text escapes
/// the line breaks of strings): the items of a body that serializes as
/// an array.
pub fn json_lines<T: Serialize + ?Sized>(items: &T) -> Result<Vec<u8>, String> {
    let encode = |e: serde_json::Error| format!("cannot encode the json lines body: {e}");
    let serde_json::Value::Array(items) = serde_json::to_value(items).map_err(encode)? else {
        return Err("a json lines body must be an array".to_string());
    };
    let mut out = Vec::new();
    for item in &items {
        serde_json::to_writer(&mut out, item).map_err(encode)?;
        out.push(b'\n');
    }
    Ok(out)
}

/// Top-level properties of a form body as (name, value) pairs: arrays
/// repeat their name (`form` style with `explode`, the default for form
/// bodies), nested objects are sent as their JSON text, nulls are left out.
pub fn form_pairs<T: Serialize + ?Sized>(body: &T) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for (k, v) in body_object(body, "form")? {
        push_pairs(k, v, &mut pairs);
    }
    Ok(pairs)
}

/// A form body, encoded as `application/x-www-form-urlencoded`.
pub fn form_urlencoded<T: Serialize + ?Sized>(body: &T) -> Result<String, String> {
    let pairs = form_pairs(body)?;
    serde_urlencoded::to_string(pairs).map_err(|e| format!("cannot encode the form body: {e}"))
}

/// The top-level properties of a form or multipart body.
fn body_object<T: Serialize + ?Sized>(
    body: &T,
    what: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    match serde_json::to_value(body).map_err(|e| format!("cannot encode the {what} body: {e}"))? {
        serde_json::Value::Object(map) => Ok(map),
        _ => Err(format!("a {what} body must be an object")),
    }
}

/// One property as (name, value) pairs: none for `null`, one per item of
/// an array, one otherwise.
fn push_pairs(k: String, v: serde_json::Value, pairs: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Null => {}
        serde_json::Value::Array(items) => pairs.extend(items.iter().map(|i| (k.clone(), scalar(i)))),
        other => pairs.push((k, scalar(&other))),
    }
}

/// The bytes of a `format: binary` property as serde sees a `Vec<u8>`
/// (an array of numbers), or `None` for anything else.
fn as_bytes(v: &serde_json::Value) -> Option<Vec<u8>> {
    v.as_array()?.iter().map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok())).collect()
}

/// How a property of a multipart body is sent when it is not a text part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartEncoding<'a> {
    /// File parts (a `format: binary` property, or a list of them) of this
    /// content type, named after the property.
    File(&'a str),
    /// The JSON text of an object (one part per item of a list of them),
    /// of this content type: OpenAPI's default for objects is
    /// `application/json`.
    Json(&'a str),
}

/// Serializes a body as `multipart/form-data`: the properties named in
/// `parts` become file or JSON parts of their content type, the others
/// text parts (arrays repeat the part, nested objects are JSON text).
///
/// A property named in `uploads` is sent from those uploads, where the
/// body has it, instead of from its value; uploads of a property the body
/// leaves out come last.
pub fn multipart_form<T: Serialize + ?Sized>(
    body: &T,
    parts: &[(&str, PartEncoding<'_>)],
    mut uploads: Vec<(&'static str, Upload)>,
) -> Result<reqwest::multipart::Form, String> {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in body_object(body, "multipart")? {
        let encoding = parts.iter().find(|(name, _)| *name == k).map(|(_, e)| *e);
        if uploads.iter().any(|(name, _)| *name == k) {
            let (mine, rest) = uploads.into_iter().partition(|(name, _)| *name == k);
            uploads = rest;
            form = upload_parts(form, mine, encoding)?;
            continue;
        }
        form = match encoding {
            None => text_parts(form, k, v),
            Some(PartEncoding::File(media)) => file_parts(form, k, &v, media)?,
            Some(PartEncoding::Json(media)) => json_parts(form, k, v, media)?,
        };
    }
    for (name, upload) in uploads {
        let encoding = parts.iter().find(|(n, _)| *n == name).map(|(_, e)| *e);
        form = upload_parts(form, vec![(name, upload)], encoding)?;
    }
    Ok(form)
}

/// File parts read from uploads, as they are sent when they stream.
fn upload_parts(
    mut form: reqwest::multipart::Form,
    uploads: Vec<(&'static str, Upload)>,
    encoding: Option<PartEncoding<'_>>,
) -> Result<reqwest::multipart::Form, String> {
    let media = match encoding {
        Some(PartEncoding::File(media)) => media,
        _ => "application/octet-stream",
    };
    for (name, upload) in uploads {
        let part = match upload.into_bytes() {
            Ok(bytes) => reqwest::multipart::Part::bytes(Vec::from(bytes)),
            Err(stream) => reqwest::multipart::Part::stream(stream),
        };
        form = form.part(name, typed(part.file_name(name), name, media)?);
    }
    Ok(form)
}

fn text_parts(mut form: reqwest::multipart::Form, k: String, v: serde_json::Value) -> reqwest::multipart::Form {
    let mut pairs = Vec::new();
    push_pairs(k, v, &mut pairs);
    for (name, text) in pairs {
        form = form.text(name, text);
    }
    form
}

fn file_parts(
    mut form: reqwest::multipart::Form,
    k: String,
    v: &serde_json::Value,
    media: &str,
) -> Result<reqwest::multipart::Form, String> {
    // One file, or a list of files under the same name.
    let list = match as_bytes(v) {
        Some(b) => vec![b],
        None => v.as_array().map(|a| a.iter().filter_map(as_bytes).collect()).unwrap_or_default(),
    };
    for bytes in list {
        // Without a part `Content-Type`, RFC 7578 means `text/plain`.
        let part = reqwest::multipart::Part::bytes(bytes).file_name(k.clone());
        form = form.part(k.clone(), typed(part, &k, media)?);
    }
    Ok(form)
}

fn json_parts(
    mut form: reqwest::multipart::Form,
    k: String,
    v: serde_json::Value,
    media: &str,
) -> Result<reqwest::multipart::Form, String> {
    let items = match v {
        serde_json::Value::Array(items) => items,
        other => vec![other],
    };
    for item in items.into_iter().filter(|i| !i.is_null()) {
        let part = reqwest::multipart::Part::text(item.to_string());
        form = form.part(k.clone(), typed(part, &k, media)?);
    }
    Ok(form)
}

fn typed(part: reqwest::multipart::Part, name: &str, media: &str) -> Result<reqwest::multipart::Part, String> {
    part.mime_str(media).map_err(|e| format!("cannot set the content type of part `{name}`: {e}"))
}
