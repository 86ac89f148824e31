//! Request bodies that are not plain JSON: forms and multipart.

use serde::Serialize;

use super::params::scalar;

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

/// Serializes a body as `multipart/form-data`: the properties named in
/// `files` (`format: binary`) become file parts named after the property,
/// the others text parts (arrays repeat the part, objects are JSON text).
pub fn multipart_form<T: Serialize + ?Sized>(body: &T, files: &[&str]) -> Result<reqwest::multipart::Form, String> {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in body_object(body, "multipart")? {
        if !files.contains(&k.as_str()) {
            let mut pairs = Vec::new();
            push_pairs(k, v, &mut pairs);
            for (name, text) in pairs {
                form = form.text(name, text);
            }
            continue;
        }
        // One file, or a list of files under the same name.
        let list = match as_bytes(&v) {
            Some(b) => vec![b],
            None => v.as_array().map(|a| a.iter().filter_map(as_bytes).collect()).unwrap_or_default(),
        };
        for bytes in list {
            // Without a part `Content-Type`, RFC 7578 means `text/plain`.
            let part = reqwest::multipart::Part::bytes(bytes)
                .file_name(k.clone())
                .mime_str("application/octet-stream")
                .map_err(|e| format!("cannot set the file part type: {e}"))?;
            form = form.part(k.clone(), part);
        }
    }
    Ok(form)
}
