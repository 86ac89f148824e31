//! Views of operations: a group's methods, their request values, success
//! and error types, and the error enums operations share.

use serde::Serialize;

use super::stmts::{BodyCall, BodyStmt, OperationConst, ParamStmt, ParamValue, PartView, PathPart, Stmt};
use super::{doc_type, rust_type};
use crate::ir::{
    self, Body, Encoding, HttpMethod, Operation, Param, ParamLocation, PartKind, PathSegment, Response, Status,
    Success, TypeRef,
};
use crate::plan::filters::{close_markdown, doc_attrs, lit};

#[derive(Serialize)]
pub struct ArgView {
    /// The name of the method argument and of the request value's field.
    pub rust_name: String,
    pub wire: String,
    /// The type of the positional argument, or of the setter's argument
    /// (borrowed strings live for the request's `'a`).
    pub ty: String,
    /// The type of the request value's field (`Option<..>` when optional).
    pub field_ty: String,
    pub doc_ty: String,
    pub description: String,
    pub required: bool,
    /// Positional in the operation method; otherwise set with [`ArgView::setter`].
    pub positional: bool,
    /// The setter's name on the request value, for a non-positional argument.
    pub setter: String,
    /// The statement that adds it to the request, reading `self.<rust_name>`;
    /// none for a path parameter, which the path reads.
    pub stmt: Option<Stmt>,
    /// [`ArgView::ty`] with `{models}` for the models' path and no lifetime,
    /// for code outside the crate (the doc example).
    pub outside_ty: String,
    /// The argument is `impl Into<field_ty>`, converted when stored.
    pub convert: bool,
    /// The Markdown docs' note on it: its setter, or how it can stream.
    pub note: String,
}

/// A multipart file part that the request value can stream from an
/// `Upload` instead of sending the body model's bytes.
#[derive(Serialize)]
pub struct UploadView {
    /// The request value's method (`file_upload`).
    pub method: String,
    /// The part's name on the wire.
    pub wire: String,
    /// [`UploadView::wire`] as a string literal.
    pub part: String,
}

/// One variant of an enum chosen by status code: an operation's error, or
/// one of its successes when they carry different bodies.
#[derive(Serialize)]
pub struct StatusVariantView {
    pub name: String,
    pub status: Status,
    pub pattern: String,
    pub ty: Option<String>,
    /// How the body is read. Templates read it for successes only: an
    /// error's body is decoded as JSON whatever its media type.
    pub decode: Decode,
    pub doc: String,
    pub description: String,
}

#[derive(Serialize)]
pub struct OperationView {
    pub fn_name: String,
    /// The request value the method returns (`<Op>Request`).
    pub request_name: String,
    /// The names of [`ir::reserved::REQUEST_FIELDS`] in the request value.
    pub fields: std::collections::BTreeMap<String, String>,
    /// Whether an argument borrows (`&'a str`), so the request value has
    /// the lifetime `'a`.
    pub borrows: bool,
    /// Whether the request value has setters of optional parameters.
    pub has_setters: bool,
    pub id: String,
    pub doc: String,
    pub summary: String,
    pub description: String,
    pub method: HttpMethod,
    pub path: String,
    /// The pieces the request path is joined from, in order.
    pub path_parts: Vec<PathPart>,
    /// The names of [`ir::reserved::METHOD_LOCALS`] in this method.
    pub locals: std::collections::BTreeMap<String, String>,
    /// The runtime's description of the operation.
    pub operation: OperationConst,
    /// Every argument: positional ones in call order, then the setters'.
    pub args: Vec<ArgView>,
    pub ret_ty: String,
    pub doc_ret: String,
    pub decode: Decode,
    /// The function that reads a response: one of the runtime's decoders
    /// in `call` for a body of one kind, or `Self::decode_response`,
    /// written out, for a stream or several kinds of success.
    pub decode_fn: String,
    /// [`Self::decode_fn`] is the operation's own `decode_response`, which
    /// the template then writes out.
    pub own_decoder: bool,
    /// The enum of success bodies, when statuses carry different ones.
    pub success_enum: Option<String>,
    pub successes: Vec<StatusVariantView>,
    /// A `2XX` range is documented, so no success status is unknown.
    pub success_catch_all: bool,
    pub has_default: bool,
    pub error_name: String,
    /// The enum in `apis::errors` that `error_name` names, when no error
    /// carries a body or all carry the same model: operations with the
    /// same statuses (and body) share one enum instead of compiling one
    /// each.
    pub shared_error: Option<String>,
    /// The model every error of [`Self::shared_error`] carries, if any.
    pub shared_error_body: Option<String>,
    /// The doc of the alias to [`Self::shared_error`].
    pub shared_error_doc: String,
    pub errors: Vec<StatusVariantView>,
    pub security_names: Vec<String>,
    pub accept: Option<String>,
    pub content_type: Option<String>,
    pub deprecated: bool,
    pub responses: Vec<(Status, String)>,
    /// Doc attributes of a `no_run` example call (see [`add_examples`]);
    /// empty when the output has no doctests (module output).
    pub example: String,
    /// How the call streams, if it does.
    pub stream: Option<super::StreamView>,
    /// The file parts of a multipart body, each of which can stream.
    pub uploads: Vec<UploadView>,
    /// How the call pages, if it does.
    pub pages: Option<super::PagesView>,
    /// The statements that add the path key's constant query pairs, then
    /// the arguments, in order; the request is returned as built when
    /// there are none.
    pub stmts: Vec<Stmt>,
    /// The example's visible lines, for the Markdown docs.
    pub example_code: String,
}

/// Stands for the models' path in [`ArgView::outside_ty`].
const OUTSIDE_MODELS: &str = "{models}";
/// Stands for the crate's path in [`ArgView::outside_ty`].
const OUTSIDE_CRATE: &str = "{crate}";

impl ArgView {
    /// The argument's type for code outside the crate `krate`
    /// (`my_api`), whose models are at `my_api::models`.
    pub fn type_outside(&self, krate: &str) -> String {
        self.outside_ty.replace(OUTSIDE_MODELS, &format!("{krate}::models")).replace(OUTSIDE_CRATE, krate)
    }
}

/// Fills [`OperationView::example`]: a `no_run` doctest that calls each
/// operation through the client of crate `krate` and its group accessor,
/// with every positional argument and every setter, taking their values as
/// parameters of the example function so that any type works.
pub fn add_examples(ops: &mut [OperationView], krate: &str, accessor: &str) {
    for op in ops {
        let names = op.args.iter().map(|a| a.rust_name.as_str());
        let mut scope = ir::names::Scope::with_taken(names);
        let client = scope.claim("client");
        let mut params = vec![format!("{client}: {krate}::Client")];
        params.extend(op.args.iter().map(|a| format!("{}: {}", a.rust_name, a.type_outside(krate))));
        let positional: Vec<&str> = op.args.iter().filter(|a| a.positional).map(|a| a.rust_name.as_str()).collect();
        let mut call = format!("let response = {client}.{accessor}().{}({})", op.fn_name, positional.join(", "));
        for a in op.args.iter().filter(|a| !a.positional) {
            call.push_str(&format!("\n    .{}({})", a.setter, a.rust_name));
        }
        let body = match &op.stream {
            Some(stream) => stream_example(&call, stream, op.has_setters, &mut scope),
            None => {
                call.push_str(if op.has_setters { "\n    .await;" } else { ".await;" });
                format!("{call}\n# let _ = response;")
            }
        };
        let allow = if op.deprecated { "# #[allow(deprecated)]\n" } else { "" };
        op.example_code = body.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n");
        let lines = format!("\n```no_run\n{allow}# async fn example({}) {{\n{body}\n# }}\n```", params.join(", "));
        op.example = lines.split('\n').map(|l| format!("#[doc = {}]\n", lit(&format!(" {l}")))).collect();
    }
}

/// The example of a streaming call: open the stream (awaiting the call,
/// or `.stream()` beside the buffered call), then read it item by item.
fn stream_example(call: &str, stream: &super::StreamView, setters: bool, scope: &mut ir::names::Scope) -> String {
    let (items, item) = (scope.claim("items"), scope.claim("item"));
    let call = call.trim_start_matches("let response = ");
    let open = match (stream.primary, setters) {
        (true, true) => "\n    .await",
        (true, false) => ".await",
        (false, true) => "\n    .stream()\n    .await",
        (false, false) => ".stream().await",
    };
    format!(
        "if let Ok(mut {items}) = {call}{open} {{\n    while let Some({item}) = {items}.next().await {{\n        let _ = {item};\n    }}\n}}"
    )
}

/// The pieces of `op`'s path: its literal text, and the fields of its
/// path parameters (a template variable no parameter names stays as text).
fn path_parts(op: &Operation) -> Vec<PathPart> {
    let param = |name: &str| op.params.iter().find(|p| p.location == ParamLocation::Path && p.name == name);
    op.segments
        .iter()
        .map(|s| match s {
            PathSegment::Literal(text) => PathPart::Literal(text.clone()),
            PathSegment::Param(name) => match param(name) {
                Some(p) => PathPart::Param(p.rust_name.clone()),
                None => PathPart::Literal(format!("{{{name}}}")),
            },
        })
        .collect()
}

/// How a success body is read. Templates test it by its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decode {
    /// No body.
    Unit,
    /// The bytes as they came.
    Bytes,
    /// The body as text.
    Text,
    /// One JSON value per line.
    JsonLines,
    /// One JSON value.
    Json,
    /// By status, into the operation's enum of success bodies.
    Several,
}

fn decode_kind(t: &TypeRef, enc: Encoding) -> Decode {
    match (t, enc) {
        (TypeRef::Unit, _) => Decode::Unit,
        (TypeRef::Binary, _) => Decode::Bytes,
        (TypeRef::String, Encoding::Text | Encoding::EventStream) => Decode::Text,
        (_, Encoding::JsonLines) => Decode::JsonLines,
        _ => Decode::Json,
    }
}

/// The function that reads a response of `decode`'s kind (see
/// [`OperationView::decode_fn`]), or the operation's own.
fn decode_fn(decode: Decode, own: bool, rt: &str) -> String {
    let generic = match decode {
        _ if own => None,
        Decode::Json => Some("json"),
        Decode::JsonLines => Some("json_lines"),
        Decode::Text => Some("text"),
        Decode::Bytes => Some("bytes"),
        Decode::Unit => Some("empty"),
        Decode::Several => None,
    };
    generic.map_or_else(|| "Self::decode_response".to_string(), |f| format!("{rt}::call::{f}"))
}

/// Views of the operations of one group.
pub fn operations(group: &ir::Group, rt: &str) -> Vec<OperationView> {
    let mut ops: Vec<OperationView> = group.operations.iter().map(|op| operation(op, rt)).collect();
    for op in &mut ops {
        op.shared_error_doc = shared_error_doc(&group.struct_name, op);
    }
    ops
}

/// The doc of an operation's alias of a shared error enum: what each
/// status means for this operation, which the shared enum cannot say.
fn shared_error_doc(group: &str, op: &OperationView) -> String {
    let Some(shared) = &op.shared_error else { return String::new() };
    let bodies = match &op.shared_error_body {
        None => "none with a body".to_string(),
        Some(model) => format!("each with a [`{model}`](super::super::models::{model}) body"),
    };
    let mut text = format!(
        "Errors of [`{group}::{}`], chosen by status code: the enum shared by the operations \
         that document the same statuses, {bodies}.\n",
        op.fn_name
    );
    for e in &op.errors {
        let description = e.description.split_whitespace().collect::<Vec<_>>().join(" ");
        text.push_str(&format!("\n- [`{shared}::{}`](super::errors::{shared}::{}): {description}", e.name, e.name));
    }
    doc_attrs(&text)
}

/// The view of one operation; `rt` is the Rust path of the runtime.
fn operation(op: &Operation, rt: &str) -> OperationView {
    let arg_names = op.params.iter().map(|p| p.rust_name.as_str()).chain(op.body.iter().map(|b| b.rust_name.as_str()));
    let locals = ir::reserved::method_locals(arg_names);
    let arg_names = op.params.iter().map(|p| p.rust_name.as_str()).chain(op.body.iter().map(|b| b.rust_name.as_str()));
    let fields = ir::reserved::request_fields(arg_names);
    let mut args: Vec<ArgView> = op.params.iter().map(param_arg).collect();
    args.extend(op.body.iter().map(|b| body_arg(b, rt)));
    name_setters(&mut args);
    let uploads = upload_views(op, &args);
    add_notes(&mut args, &uploads);
    let errors = error_variants(op);
    let mut security_names: Vec<String> = op.security.iter().flatten().cloned().collect();
    security_names.dedup();
    let success = success_view(op);
    let error_name = format!("{}Error", op.type_prefix);
    let shared = shared_error(op);
    let stream = super::streams::stream_view(op, &success.ret_ty, &error_name, rt);
    let pages = super::pages::pages_view(op, &success.ret_ty, rt);
    let constant_stmts = op.constant_query.iter().map(|(k, v)| {
        let value = ParamValue::Constant(v.clone());
        let style = ir::ParamStyle::Form;
        Stmt::Param(ParamStmt { location: ParamLocation::Query, name: k.clone(), value, style, explode: true })
    });
    let stmts = constant_stmts.chain(args.iter().filter_map(|a| a.stmt.clone())).collect();
    let own_decoder = stream.is_some() || success.decode == Decode::Several;
    OperationView {
        decode_fn: decode_fn(success.decode, own_decoder, rt),
        own_decoder,
        stream,
        uploads,
        pages,
        stmts,
        operation: operation_const(op, success.accept.as_deref()),
        fn_name: op.fn_name.clone(),
        request_name: format!("{}Request", op.type_prefix),
        has_setters: args.iter().any(|a| !a.positional),
        fields,
        borrows: op.params.iter().any(borrows),
        id: op.id.clone(),
        doc: doc_attrs(&operation_doc(op)),
        summary: op.summary.clone().unwrap_or_default(),
        description: op.description.clone().unwrap_or_default(),
        method: op.method,
        path: op.path.clone(),
        path_parts: path_parts(op),
        locals,
        args,
        doc_ret: success.ret_ty.clone(),
        ret_ty: success.ret_ty,
        decode: success.decode,
        success_enum: success.success_enum,
        successes: success.variants,
        success_catch_all: success.catch_all,
        has_default: op.responses.iter().any(|r| r.status == Status::Default),
        error_name,
        shared_error: shared.as_ref().map(|body| match body {
            None => shared_error_name(&errors),
            Some(model) => format!("{}Of{model}", shared_error_name(&errors)),
        }),
        shared_error_body: shared.flatten(),
        shared_error_doc: String::new(),
        errors,
        security_names,
        accept: success.accept,
        content_type: op.body.as_ref().map(|b| b.media_type.clone()),
        deprecated: op.deprecated,
        responses: op.responses.iter().map(|r| (r.status, r.description.clone())).collect(),
        example: String::new(),
        example_code: String::new(),
    }
}

/// A string parameter is taken as `&'a str`, which the request value
/// then borrows.
fn borrows(p: &Param) -> bool {
    p.ty == TypeRef::String
}

/// The argument of a parameter.
fn param_arg(p: &Param) -> ArgView {
    let ty = if borrows(p) { "&'a str".to_string() } else { rust_type(&p.ty, "models") };
    let outside_ty = if p.ty == TypeRef::String { "&str".to_string() } else { rust_type(&p.ty, OUTSIDE_MODELS) };
    let field = p.rust_name.clone();
    let value = if p.required { ParamValue::Required(field) } else { ParamValue::Optional(field) };
    // Path parameters are read by the path instead.
    let stmt = (p.location != ParamLocation::Path).then(|| {
        Stmt::Param(ParamStmt { location: p.location, name: p.name.clone(), value, style: p.style, explode: p.explode })
    });
    ArgView {
        rust_name: p.rust_name.clone(),
        wire: p.name.clone(),
        field_ty: if p.required { ty.clone() } else { format!("Option<{ty}>") },
        ty,
        doc_ty: doc_type(&p.ty),
        description: p.description.clone().unwrap_or_default(),
        required: p.required,
        positional: p.required,
        setter: String::new(),
        stmt,
        outside_ty,
        convert: false,
        note: String::new(),
    }
}

/// The argument of a request body. It stays positional even when
/// optional, as the published clients document it
/// (`create_job_secret(job_id, secret_request)`).
fn body_arg(b: &Body, rt: &str) -> ArgView {
    // An optional one stays `Option<Vec<u8>>`: `Option<impl Into<..>>`
    // would make a plain `None` ambiguous, and `Option<Upload>` would break
    // callers passing `Some(bytes)`.
    if b.encoding == Encoding::Bytes && b.ty == TypeRef::Binary && b.required {
        return upload_arg(b, rt);
    }
    let base = rust_type(&b.ty, "models");
    let ty = if b.required { base } else { format!("Option<{base}>") };
    let outside = rust_type(&b.ty, OUTSIDE_MODELS);
    let call = match b.encoding {
        Encoding::Json => BodyCall::Json,
        Encoding::JsonLines => BodyCall::JsonLines,
        Encoding::Form => BodyCall::Form,
        Encoding::Multipart if b.parts.iter().any(|p| p.kind == PartKind::File) => BodyCall::MultipartUploads,
        Encoding::Multipart => BodyCall::Multipart,
        Encoding::Text | Encoding::EventStream => BodyCall::Text,
        Encoding::Bytes | Encoding::Empty => BodyCall::Bytes,
    };
    ArgView {
        rust_name: b.rust_name.clone(),
        wire: String::new(),
        field_ty: ty.clone(),
        ty,
        doc_ty: doc_type(&b.ty),
        description: b.description.clone().unwrap_or_default(),
        required: b.required,
        positional: true,
        setter: String::new(),
        stmt: Some(body_stmt(b, call)),
        outside_ty: if b.required { outside } else { format!("Option<{outside}>") },
        convert: false,
        note: String::new(),
    }
}

/// The statement that sends body `b` by `call`. Bodies other than bytes
/// go through the models' `ToJson` or `write_json` (the template's
/// choice), so the runtime's encoders are compiled for
/// `serde_json::Value` alone, not once per body type.
fn body_stmt(b: &Body, call: BodyCall) -> Stmt {
    let parts = b
        .parts
        .iter()
        .map(|p| PartView { name: p.name.clone(), encoding: p.kind, content_type: p.content_type.clone() })
        .collect();
    Stmt::Body(BodyStmt { field: b.rust_name.clone(), required: b.required, call, media: b.media_type.clone(), parts })
}

/// A binary body: an `Upload`, so that a file or a stream is sent as it is
/// read; it takes anything that converts (`Vec<u8>` too). Required only.
fn upload_arg(b: &Body, rt: &str) -> ArgView {
    let upload = format!("{rt}::Upload");
    let (ty, field_ty, outside_ty) = (format!("impl Into<{upload}>"), upload, "Vec<u8>".to_string());
    ArgView {
        rust_name: b.rust_name.clone(),
        wire: String::new(),
        field_ty,
        ty,
        doc_ty: "Upload".to_string(),
        description: b.description.clone().unwrap_or_default(),
        required: b.required,
        positional: true,
        setter: String::new(),
        stmt: Some(body_stmt(b, BodyCall::Upload)),
        outside_ty,
        convert: true,
        note: "bytes, a file or a stream (`Upload`), read as it is sent".to_string(),
    }
}

/// Fills the docs' notes: each setter's name, and on a multipart body the
/// methods that stream its file parts.
fn add_notes(args: &mut [ArgView], uploads: &[UploadView]) {
    for a in args.iter_mut().filter(|a| !a.positional) {
        a.note = format!("setter `.{}(..)`", a.setter);
    }
    if uploads.is_empty() {
        return;
    }
    let methods: Vec<String> = uploads.iter().map(|u| format!("`.{}(..)`", u.method)).collect();
    if let Some(body) = args.iter_mut().rfind(|a| a.positional && a.wire.is_empty()) {
        body.note = format!("file parts can stream from an `Upload`: {}", methods.join(", "));
    }
}

/// The request value's methods that stream the multipart file parts.
fn upload_views(op: &Operation, args: &[ArgView]) -> Vec<UploadView> {
    let Some(body) = op.body.as_ref().filter(|b| b.encoding == Encoding::Multipart) else { return Vec::new() };
    let files: Vec<&ir::Part> = body.parts.iter().filter(|p| p.kind == PartKind::File).collect();
    let setters: Vec<String> = args.iter().filter(|a| !a.positional).map(|a| a.setter.clone()).collect();
    let methods = ir::reserved::upload_methods(files.iter().map(|p| p.rust_name.as_str()), &setters);
    files
        .iter()
        .zip(methods)
        .map(|(p, method)| UploadView { method, wire: p.name.clone(), part: lit(&p.name) })
        .collect()
}

/// Puts positional arguments first, in call order, then names the
/// setters of the others so that they avoid the request value's own
/// methods.
fn name_setters(args: &mut [ArgView]) {
    args.sort_by_key(|a| !a.positional);
    let optional: Vec<&str> = args.iter().filter(|a| !a.positional).map(|a| a.rust_name.as_str()).collect();
    let setters = ir::reserved::request_setters(optional);
    for (a, setter) in args.iter_mut().filter(|a| !a.positional).zip(setters) {
        a.setter = setter;
    }
}

/// The variants of an operation's error enum: exact statuses before
/// ranges before `default`.
fn error_variants(op: &Operation) -> Vec<StatusVariantView> {
    let mut errors: Vec<StatusVariantView> =
        op.responses.iter().filter(|r| !r.status.is_success()).map(status_variant_view).collect();
    errors.sort_by_key(|e| e.status.breadth());
    errors
}

/// The method's doc text: summary, description, then method and path.
fn operation_doc(op: &Operation) -> String {
    let mut doc = String::new();
    for text in [&op.summary, &op.description].into_iter().flatten() {
        doc.push_str(close_markdown(text).trim());
        doc.push_str("\n\n");
    }
    let constants: Vec<String> = op.constant_query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let query = if constants.is_empty() { String::new() } else { format!("?{}", constants.join("&")) };
    doc.push_str(&format!("`{} {}{query}`", op.method, op.path.replace('`', "'")));
    if !constants.is_empty() {
        doc.push_str("\n\nThe path's query string is sent with every call.");
    }
    doc
}

/// What a successful call returns and how it is read.
struct SuccessView {
    ret_ty: String,
    decode: Decode,
    success_enum: Option<String>,
    variants: Vec<StatusVariantView>,
    catch_all: bool,
    accept: Option<String>,
}

fn success_view(op: &Operation) -> SuccessView {
    match &op.success {
        Success::Single(r) => SuccessView {
            ret_ty: rust_type(&r.ty, "models"),
            decode: decode_kind(&r.ty, r.encoding),
            success_enum: None,
            variants: Vec::new(),
            catch_all: false,
            accept: r.media_type.clone().or_else(|| op.responses.iter().find_map(|r| r.media_type.clone())),
        },
        Success::Several { name, responses } => {
            let mut variants: Vec<StatusVariantView> = responses.iter().map(status_variant_view).collect();
            // Exact statuses first; a `2XX` range takes whatever success is left.
            variants.sort_by_key(|v| v.status.breadth());
            let catch_all = variants.iter().any(|v| v.status.breadth() > 0);
            for v in variants.iter_mut().filter(|v| v.status.breadth() > 0) {
                v.pattern = "_".into();
            }
            let mut media: Vec<String> = responses.iter().filter_map(|r| r.media_type.clone()).collect();
            media.sort();
            media.dedup();
            SuccessView {
                ret_ty: name.clone(),
                decode: Decode::Several,
                success_enum: Some(name.clone()),
                variants,
                catch_all,
                accept: Some(media.join(", ")),
            }
        }
    }
}

/// The variant of the response `r` in its operation's error or success
/// enum.
fn status_variant_view(r: &Response) -> StatusVariantView {
    let (name, pattern) = status_variant(r.status);
    StatusVariantView {
        name,
        status: r.status,
        pattern,
        ty: (r.ty != TypeRef::Unit).then(|| rust_type(&r.ty, "models")),
        decode: decode_kind(&r.ty, r.encoding),
        doc: doc_attrs(&format!("Status {}: {}", r.status, r.description)),
        description: r.description.clone(),
    }
}

/// The runtime's description of the operation.
fn operation_const(op: &Operation, accept: Option<&str>) -> OperationConst {
    OperationConst {
        id: op.id.clone(),
        method: op.method,
        path: op.path.clone(),
        servers: op.servers.clone(),
        security: op.security.clone(),
        accept: accept.map(str::to_string),
    }
}

/// The name of the shared enum of body-less error variants: their statuses
/// joined by `Or` (`Errors401Or403Or404`), so that it depends on nothing
/// but the statuses and stays the same from one spec version to the next.
fn shared_error_name(errors: &[StatusVariantView]) -> String {
    if errors.is_empty() {
        return "NoDocumentedErrors".to_string();
    }
    let parts: Vec<&str> = errors.iter().map(|e| e.name.strip_prefix("Status").unwrap_or(&e.name)).collect();
    format!("Errors{}", parts.join("Or"))
}

/// Whether an operation's errors can be a shared enum: `Some(None)` when
/// none carries a body, `Some(Some(model))` when every one carries the
/// same model (Microsoft Graph's 11,422 operations all answer errors with
/// one `ODataError`), `None` otherwise.
fn shared_error(op: &Operation) -> Option<Option<String>> {
    let mut bodies = op.responses.iter().filter(|r| !r.status.is_success()).map(|r| &r.ty);
    let Some(first) = bodies.next() else { return Some(None) };
    if !bodies.all(|t| t == first) {
        return None;
    }
    match first {
        TypeRef::Unit => Some(None),
        TypeRef::Named(model) => Some(Some(model.clone())),
        _ => None,
    }
}

/// One shared enum of error statuses (`apis/errors.rs`).
#[derive(Serialize)]
pub struct SharedErrorView {
    pub name: String,
    /// Variant name, status and match pattern, in the operations' order.
    pub variants: Vec<(String, Status, String)>,
    /// A variant matches every status (`default`): no `Unknown` arm.
    pub catch_all: bool,
    /// The model every variant carries, if any.
    pub body: Option<String>,
}

/// Adds the shared error enums that `ops` name to `shared`, each once,
/// by name (so the enums of all groups come out sorted).
pub fn collect_shared_errors(shared: &mut std::collections::BTreeMap<String, SharedErrorView>, ops: &[OperationView]) {
    for op in ops {
        if let Some(name) = &op.shared_error {
            shared.entry(name.clone()).or_insert_with(|| SharedErrorView {
                name: name.clone(),
                variants: op.errors.iter().map(|e| (e.name.clone(), e.status, e.pattern.clone())).collect(),
                catch_all: op.errors.iter().any(|e| e.pattern == "_"),
                body: op.shared_error_body.clone(),
            });
        }
    }
}

/// The variant name and match pattern of a status.
fn status_variant(status: Status) -> (String, String) {
    match status {
        Status::Default => ("DefaultResponse".into(), "_".into()),
        Status::Code(n) => (format!("Status{n}"), n.to_string()),
        Status::Range(class) => {
            let first = u16::from(class) * 100;
            (format!("Status{class}XX"), format!("{first}..={}", first + 99))
        }
    }
}
