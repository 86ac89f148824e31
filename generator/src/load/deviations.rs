//! Documents that break a rule of the OpenAPI specification in a way other
//! tools tolerate.
//!
//! Each such rule broken is read the way the document evidently means it,
//! and reported as a [`Kind::Deviation`] with its JSON pointer; with the
//! `strict` option the same findings refuse the document instead
//! ([`refusal`]). Only what no reading can make sense of (invalid YAML or
//! JSON, a `$ref` that does not resolve, a value of the wrong shape) stays
//! an error in every mode.

use std::path::Path;

use serde_json::{json, Map, Value};

use super::context::{has_children, Ctx, Pointer};
use super::escape_token;
use crate::error::{Error, SpecProblem};
use crate::report::{Kind, Report};

/// What the API version reads as when `info` does not give one.
pub const UNSPECIFIED_VERSION: &str = "unspecified";

/// `openapi: 3.0` written as a YAML number: read as the version `3.0.0`.
/// Runs before the version check, which only accepts strings.
pub(super) fn number_version(value: &mut Value, report: &mut Report) {
    let Some(Value::Number(n)) = value.get("openapi") else { return };
    let text = n.to_string();
    if text != "3.0" && text != "3.1" {
        return;
    }
    let version = format!("{text}.0");
    report.add(
        Kind::Deviation,
        "#/openapi",
        format!("the version is the number {text}, not a string; read as `{version}`"),
    );
    value["openapi"] = Value::String(version);
}

/// Reads every tolerated deviation of the bundled document `value` in
/// place. `file` names the document where `info` needs a title.
pub(super) fn read_leniently(file: &Path, value: &mut Value, report: &mut Report) {
    let is_31 = value.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1"));
    let Some(doc) = value.as_object_mut() else { return };
    fill_info(file, doc, report);
    if !doc.contains_key("paths") {
        // Optional in 3.1 (a document of components or webhooks only).
        if !is_31 {
            report.add(Kind::Deviation, "#", "missing `paths`, which openapi 3.0 requires; read as no operations");
        }
        doc.insert("paths".into(), json!({}));
    }
    drop_mutual_tls(doc, is_31, report);
    query_strings_in_path_keys(doc, report);
    walk(value, &mut Pointer::root(), Ctx::Object, is_31, report);
}

/// A path key with a query string (`/search?q={q}`): paths may not have
/// one, but its `name={variable}` pairs evidently declare query
/// parameters, and its `name=value` pairs constants; the IR builder reads
/// them so (`ir/params.rs`).
fn query_strings_in_path_keys(doc: &Map<String, Value>, report: &mut Report) {
    let Some(Value::Object(paths)) = doc.get("paths") else { return };
    for key in paths.keys() {
        let Some((path, query)) = key.split_once('?') else { continue };
        report.add(
            Kind::Deviation,
            format!("#/paths/{}", escape_token(key)),
            format!("the path key has a query string, which a path may not have; read as the path `{path}` and the query string `{query}` (`name={{variable}}` pairs as query parameters, `name=value` pairs as constants sent on every call)"),
        );
    }
}

/// The problems a strict generation refuses: every deviation found.
pub(super) fn refusal(file: &Path, found: &Report) -> Option<Error> {
    let problems: Vec<SpecProblem> = found
        .sorted()
        .into_iter()
        .filter(|i| i.kind == Kind::Deviation)
        .map(|i| SpecProblem {
            file: file.to_path_buf(),
            location: i.pointer,
            message: format!("{} (refused by the `strict` option)", i.reason),
        })
        .collect();
    (!problems.is_empty()).then_some(Error::Spec(problems))
}

/// `info` and its `title` and `version` are required; without them the
/// title comes from the file name and the version is unspecified.
fn fill_info(file: &Path, doc: &mut Map<String, Value>, report: &mut Report) {
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "api".into());
    if !doc.contains_key("info") {
        report.add(
            Kind::Deviation,
            "#",
            format!("missing `info`; the title is read as `{stem}`, the version as unspecified"),
        );
        doc.insert("info".into(), json!({ "title": stem, "version": UNSPECIFIED_VERSION }));
        return;
    }
    // Any other shape of `info` is left to the typed parse to refuse.
    let Some(Value::Object(info)) = doc.get_mut("info") else { return };
    if !info.contains_key("title") {
        report.add(Kind::Deviation, "#/info", format!("missing `title`; read as `{stem}`"));
        info.insert("title".into(), Value::String(stem));
    }
    if !info.contains_key("version") {
        report.add(Kind::Deviation, "#/info", "missing `version`; the api version is read as unspecified");
        info.insert("version".into(), Value::String(UNSPECIFIED_VERSION.into()));
    }
}

/// `mutualTLS` (3.1) has nothing for the client to send: the certificate
/// is configured on the HTTP client. The scheme is dropped, and its name
/// taken out of security requirements so the rest of each still applies.
fn drop_mutual_tls(doc: &mut Map<String, Value>, is_31: bool, report: &mut Report) {
    let Some(Value::Object(schemes)) = doc.get_mut("components").and_then(|c| c.get_mut("securitySchemes")) else {
        return;
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(n, _)| n.clone())
        .collect();
    for name in &names {
        schemes.remove(name);
        let ptr = format!("#/components/securitySchemes/{}", escape_token(name));
        let reason =
            "`mutualTLS`: the tls client certificate is configured on the http client, not sent by the generated code";
        if is_31 {
            report.add(Kind::DroppedSecurityScheme, ptr, reason);
        } else {
            report.add(Kind::Deviation, ptr, format!("{reason}; `mutualTLS` is an openapi 3.1 type, not 3.0"));
        }
    }
    if names.is_empty() {
        return;
    }
    forget_schemes(doc.get_mut("security"), &names);
    let Some(Value::Object(paths)) = doc.get_mut("paths") else { return };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for op in item.values_mut() {
            forget_schemes(op.get_mut("security"), &names);
        }
    }
}

fn forget_schemes(security: Option<&mut Value>, names: &[String]) {
    let Some(Value::Array(requirements)) = security else { return };
    for req in requirements.iter_mut().filter_map(Value::as_object_mut) {
        req.retain(|k, _| !names.contains(k));
    }
}

/// Mappings and lists are walked into; other values are only looked at
/// where a schema stands (a boolean schema).
fn walk(value: &mut Value, at: &mut Pointer, ctx: Ctx, is_31: bool, report: &mut Report) {
    match value {
        _ if ctx == Ctx::Data => {}
        Value::Object(map) => {
            if ctx == Ctx::Object {
                required_word(map, at.as_str(), report);
            }
            for (k, v) in map.iter_mut() {
                let child = ctx.child(k, v);
                // The keyword `additionalProperties: true` is 3.0 as well:
                // not a schema there (a property of that name is one).
                let schema = child == Ctx::Schema && !(ctx == Ctx::Schema && k == "additionalProperties");
                if schema && v.is_boolean() {
                    at.key(k, |at| boolean_schema(v, at.as_str(), is_31, report));
                }
                if has_children(v) {
                    at.key(k, |at| walk(v, at, child, is_31, report));
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                if ctx == Ctx::Schema && v.is_boolean() {
                    at.index(i, |at| boolean_schema(v, at.as_str(), is_31, report));
                }
                if has_children(v) {
                    at.index(i, |at| walk(v, at, ctx, is_31, report));
                }
            }
        }
        _ => {}
    }
}

/// A boolean schema (`true`: any value; `false`: no value is valid) is
/// JSON Schema, valid in 3.1 but not in 3.0. Both read as any value: a
/// client cannot usefully refuse what a server sends.
fn boolean_schema(value: &mut Value, at: &str, is_31: bool, report: &mut Report) {
    let Value::Bool(b) = *value else { return };
    let meaning = if b { "`true` (any value)" } else { "`false` (no valid value)" };
    if is_31 {
        report.add(Kind::LoweredConstruct, at, format!("boolean schema {meaning} read as any value"));
    } else {
        report.add(Kind::Deviation, at, format!("boolean schema {meaning} is not openapi 3.0; read as any value"));
    }
    *value = json!({});
}

/// `required: "optional"` on a parameter, header or request body: a word
/// where a boolean belongs.
fn required_word(map: &mut Map<String, Value>, at: &str, report: &mut Report) {
    let Some(Value::String(word)) = map.get("required") else { return };
    let read = matches!(word.trim().to_ascii_lowercase().as_str(), "true" | "yes" | "required");
    let known = read || matches!(word.trim().to_ascii_lowercase().as_str(), "false" | "no" | "optional");
    let how = if known { "," } else { ", an unknown word," };
    report.add(
        Kind::Deviation,
        format!("{at}/required"),
        format!("`required` is the string {word:?}{how} not a boolean; read as {read}"),
    );
    map.insert("required".into(), Value::Bool(read));
}
