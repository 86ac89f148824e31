//! What an operation's `into_raw_request` does, as data that `api.rs.j2`
//! writes out: the runtime's description of the operation, the pieces of
//! its path, and one statement per parameter and body, each naming the
//! runtime method and the field it reads. Text is held as it is: the
//! template spells it as Rust (string literals through the `lit` filter),
//! so a custom template can change any of it.

use serde::{Serialize, Serializer};

use crate::ir::{HttpMethod, ParamLocation, ParamStyle, PartKind};

/// A piece of the request path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PathPart {
    /// Text sent as is.
    Literal(String),
    /// The request value's field of a path parameter, percent-encoded.
    Param(String),
}

/// One statement that adds to the request being built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Stmt {
    /// A query, header or cookie parameter, or a constant query pair.
    Param(ParamStmt),
    /// The request body.
    Body(BodyStmt),
}

/// A parameter sent by the request method named after its location
/// (`query`, `header`, `cookie`; `_opt` for an optional one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamStmt {
    /// Query, header or cookie.
    pub location: ParamLocation,
    /// The wire name.
    pub name: String,
    /// What it sends.
    pub value: ParamValue,
    /// How a query value is laid out: the runtime's `ParamStyle` variant.
    #[serde(serialize_with = "runtime_style")]
    pub style: ParamStyle,
    /// OpenAPI `explode`, for a query value.
    pub explode: bool,
}

/// Where a parameter's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", content = "value", rename_all = "snake_case")]
pub enum ParamValue {
    /// The request value's field of a required parameter.
    Required(String),
    /// The request value's field of an optional one, sent when `Some`.
    Optional(String),
    /// The value of a constant pair of the path key.
    Constant(String),
}

/// The body, sent by the runtime method [`BodyStmt::call`] names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyStmt {
    /// The request value's field.
    pub field: String,
    /// An optional body is sent when `Some`, bound to the method local `v`.
    pub required: bool,
    /// How it is encoded.
    pub call: BodyCall,
    /// The media type.
    pub media: String,
    /// The file and JSON parts of a multipart body.
    pub parts: Vec<PartView>,
}

/// The request method that encodes a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyCall {
    /// JSON text written straight from the model (`json_body`).
    Json,
    /// One JSON value per line of a list (`json_lines`).
    JsonLines,
    /// `application/x-www-form-urlencoded` (`form`).
    Form,
    /// Multipart with file parts that can stream (`multipart_uploads`).
    MultipartUploads,
    /// Multipart without file parts (`multipart`).
    Multipart,
    /// A `String` sent as its bytes.
    Text,
    /// Bytes as they are.
    Bytes,
    /// An `Upload`, read as it is sent.
    Upload,
}

/// A file or JSON part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartView {
    /// The part's name.
    pub name: String,
    /// The runtime's `PartEncoding` variant.
    #[serde(serialize_with = "runtime_part")]
    pub encoding: PartKind,
    /// The part's content type.
    pub content_type: String,
}

/// The runtime's description of an operation, a `static` of the method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperationConst {
    /// The operation id.
    pub id: String,
    /// The runtime's `HttpMethod` variant.
    #[serde(serialize_with = "runtime_method")]
    pub method: HttpMethod,
    /// The path template.
    pub path: String,
    /// The operation's own servers.
    pub servers: Vec<String>,
    /// The security alternatives, each a list of scheme names; empty when
    /// the operation sends no credential.
    pub security: Vec<Vec<String>>,
    /// The `Accept` header.
    pub accept: Option<String>,
}

fn runtime_style<S: Serializer>(style: &ParamStyle, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(style.runtime_variant())
}

fn runtime_part<S: Serializer>(kind: &PartKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.runtime_variant())
}

fn runtime_method<S: Serializer>(method: &HttpMethod, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(method.variant())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::PartKind;

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /items/{id}/x?beta=true:
    post:
      operationId: putItem
      security: [{ key: [] }, { a: [], b: [] }]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: free, in: query, required: true, schema: { type: array, items: { type: string } }, style: pipeDelimited, explode: false }
        - { name: X-Trace, in: header, schema: { type: string } }
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties: { file: { type: string, format: binary }, meta: { type: object } }
      responses: { "204": { description: done } }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
    a: { type: http, scheme: bearer }
    b: { type: http, scheme: basic }
"##;

    /// Each statement says what it sends and reads, with text as it is.
    #[test]
    fn statements_are_data_in_call_order() {
        let api = crate::spec_tests::generate(SPEC).api;
        let op = crate::plan::operations(&api.groups[0], "::rt").remove(0);
        let query = |name: &str, value, style, explode| {
            Stmt::Param(ParamStmt { location: ParamLocation::Query, name: name.into(), value, style, explode })
        };
        let header = ParamStmt {
            location: ParamLocation::Header,
            name: "X-Trace".into(),
            value: ParamValue::Optional("x_trace".into()),
            style: ParamStyle::Simple,
            explode: false,
        };
        // The constant pair, then positional arguments (the body too), then setters.
        assert_eq!(
            &op.stmts[..2],
            [
                query("beta", ParamValue::Constant("true".into()), ParamStyle::Form, true),
                query("free", ParamValue::Required("free".into()), ParamStyle::PipeDelimited, false),
            ]
        );
        assert_eq!(op.stmts[3], Stmt::Param(header));
        let Stmt::Body(body) = &op.stmts[2] else { panic!("{:?}", op.stmts[2]) };
        assert_eq!(
            (body.call, body.required, body.media.as_str()),
            (BodyCall::MultipartUploads, false, "multipart/form-data")
        );
        let parts: Vec<(&str, PartKind)> = body.parts.iter().map(|p| (p.name.as_str(), p.encoding)).collect();
        assert_eq!(parts, [("file", PartKind::File), ("meta", PartKind::Json)]);
        let parts = [PathPart::Literal("/items/".into()), PathPart::Param("id".into()), PathPart::Literal("/x".into())];
        assert_eq!(op.path_parts, parts);
        assert_eq!(op.operation.security, [vec!["key".to_string()], vec!["a".into(), "b".into()]]);
    }
}
