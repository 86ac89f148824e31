//! Views of the typed mock server (`mock.rs.j2`, the `mock` feature): per
//! operation, the setters that narrow which calls a mock matches and the
//! methods that answer them, one per documented response.
//!
//! Matching and answering are the runtime's (`runtime::mock`); a view
//! only says, per setter and per response, which runtime call encodes the
//! value, so that a mock sees a parameter exactly as the client sends it.

use serde::Serialize;

use super::rust_type;
use crate::ir::names::Scope;
use crate::ir::{self, Body, Encoding, Operation, Param, ParamLocation, Response, Status, StreamKind, TypeRef};
use crate::plan::filters::{doc_attrs, lit};

/// The mock of one operation.
#[derive(Serialize)]
pub struct MockOpView {
    /// The group's method: the client's name for the operation.
    pub fn_name: String,
    /// The mock's type (`<Op>Mock`).
    pub type_name: String,
    /// The first arguments of `MockServer::mock`: id, method and path.
    pub expect_args: String,
    /// The table of documented responses, one `Documented` each.
    pub documented: Vec<String>,
    /// The path key's constant query pairs (name, value), which every
    /// call sends and the mock matches.
    pub constant_query: Vec<(String, String)>,
    pub doc: String,
    pub setters: Vec<MockSetterView>,
    pub replies: Vec<MockReplyView>,
    /// The method that counts calls (`times`), named away from setters.
    pub times: String,
    /// The method that answers with untyped JSON, checked at setup.
    pub json: String,
    pub deprecated: bool,
}

/// A method that narrows the calls matched to one parameter's value.
#[derive(Serialize)]
pub struct MockSetterView {
    pub name: String,
    pub ty: String,
    /// What it matches `value` against.
    pub matches: MockMatch,
    pub doc: String,
}

/// What a mock setter matches its `value` against, encoded as the client
/// sends it; `mock.rs.j2` spells the runtime call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MockMatch {
    /// A parameter, by location and wire name.
    Param {
        location: ParamLocation,
        name: String,
        /// The runtime's `ParamStyle` variant, for a query parameter.
        style: &'static str,
        explode: bool,
    },
    /// A JSON body (`json_body`).
    Json,
    /// A form body (`form_body`).
    Form,
    /// A body of text or bytes (`bytes_body`).
    Bytes,
}

/// A method that mounts the mock with one documented response.
#[derive(Serialize)]
pub struct MockReplyView {
    pub name: String,
    /// Its parameters after `self` (`body: &models::Pet`).
    pub params: String,
    /// The `Reply` expression, reading `body`.
    pub reply: String,
    /// The status: a literal, or `status` for a class or `default`, which
    /// is checked first (and makes the method return a `Result`).
    pub status: String,
    /// The documented class a free `status` must be within.
    pub range: Option<String>,
    /// That class as the document writes it (`4XX`, `default`).
    pub range_label: String,
    pub doc: String,
    /// For the README's example: the type of an owned body (models at
    /// `models::`), and how the call passes it (`&body` or `body`).
    pub owned_body: Option<(String, String)>,
}

/// The mocks of a group's operations; WebSocket channels have none
/// (wiremock speaks HTTP only).
pub fn mock_ops(group: &ir::Group, rt: &str) -> Vec<MockOpView> {
    group
        .operations
        .iter()
        .filter(|op| !matches!(&op.stream, Some(s) if s.kind == StreamKind::Channel))
        .map(|op| mock_op(op, rt))
        .collect()
}

fn mock_op(op: &Operation, rt: &str) -> MockOpView {
    let mut replies: Vec<MockReplyView> = op.responses.iter().map(|r| reply(op, r, rt)).collect();
    if let Some(ok) = first_exact_success(op) {
        let alias = replies.iter().find(|r| r.name == format!("responds_{ok}")).map(|r| MockReplyView {
            name: "responds_ok".into(),
            params: r.params.clone(),
            reply: r.reply.clone(),
            status: r.status.clone(),
            range: None,
            range_label: String::new(),
            doc: doc_attrs(&format!("The same as `responds_{ok}`, the first documented success.")),
            owned_body: r.owned_body.clone(),
        });
        replies.extend(alias);
    }
    let mut scope = Scope::with_taken(replies.iter().map(|r| r.name.clone()));
    let (times, json) = (scope.claim("times"), scope.claim("responds_json"));
    let mut setters: Vec<MockSetterView> = op.params.iter().map(param_setter).collect();
    setters.extend(op.body.as_ref().and_then(body_setter));
    for s in &mut setters {
        s.name = scope.claim(&s.name);
    }
    MockOpView {
        fn_name: op.fn_name.clone(),
        type_name: format!("{}Mock", op.type_prefix),
        expect_args: format!("{}, {rt}::HttpMethod::{}, {}", lit(&op.id), op.method.variant(), lit(&op.path)),
        documented: op.responses.iter().map(documented).collect(),
        constant_query: op.constant_query.clone(),
        doc: doc_attrs(&format!("A mock of `{}` (`{} {}`).", op.fn_name, op.method.as_str(), op.path)),
        setters,
        replies,
        times,
        json,
        deprecated: op.deprecated,
    }
}

/// The lowest exact success status, which `responds_ok` answers with.
fn first_exact_success(op: &Operation) -> Option<u16> {
    op.responses
        .iter()
        .filter_map(|r| match r.status {
            Status::Code(c) if (200..300).contains(&c) => Some(c),
            _ => None,
        })
        .min()
}

fn param_setter(p: &Param) -> MockSetterView {
    let ty = if p.ty == TypeRef::String { "&str".to_string() } else { rust_type(&p.ty, "models") };
    let place = match p.location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let (style, explode) = (p.style.runtime_variant(), p.explode);
    MockSetterView {
        name: p.rust_name.clone(),
        ty,
        matches: MockMatch::Param { location: p.location, name: p.name.clone(), style, explode },
        doc: doc_attrs(&format!("Matches only calls whose {place} `{}` is `value`.", p.name.replace('`', "'"))),
    }
}

/// The setter of the body, for bodies matched by value (JSON, forms,
/// text and bytes; multipart and JSON-lines bodies are not).
fn body_setter(b: &Body) -> Option<MockSetterView> {
    let ty = rust_type(&b.ty, "models");
    let (ty, matches) = match b.encoding {
        Encoding::Json => (ty, MockMatch::Json),
        Encoding::Form => (ty, MockMatch::Form),
        Encoding::Text if b.ty == TypeRef::String => (ty, MockMatch::Bytes),
        Encoding::Bytes if b.ty == TypeRef::Binary => ("impl Into<Vec<u8>>".into(), MockMatch::Bytes),
        _ => return None,
    };
    Some(MockSetterView {
        name: b.rust_name.clone(),
        ty,
        matches,
        doc: doc_attrs("Matches only calls whose body is `value`."),
    })
}

/// The entry of the runtime's table of documented responses, in the
/// names `mock.rs.j2` imports.
fn documented(r: &Response) -> String {
    let status = match r.status {
        Status::Code(c) => format!("Code({c})"),
        Status::Range(d) => format!("Range({d})"),
        Status::Default => "Default".into(),
    };
    let body = match (&r.ty, r.encoding) {
        (TypeRef::Unit, _) => "None".to_string(),
        (ty, Encoding::Json) if *ty != TypeRef::Binary => format!(
            "Json {{ media: {}, check: check::<{}> }}",
            lit(r.media_type.as_deref().unwrap_or("application/json")),
            rust_type(ty, "models")
        ),
        _ => "Other".into(),
    };
    format!("Documented {{ status: DocumentedStatus::{status}, body: DocumentedBody::{body} }}")
}

/// The method answering with response `r`.
fn reply(op: &Operation, r: &Response, rt: &str) -> MockReplyView {
    let media = lit(r.media_type.as_deref().unwrap_or("application/octet-stream"));
    let ty = rust_type(&r.ty, "models");
    let events = op.stream.as_ref().filter(|s| s.kind == StreamKind::Events && r.encoding == Encoding::EventStream);
    let borrowed = |t: &str| Some((t.to_string(), "&body".to_string()));
    let (body_param, reply, owned_body) = match (&r.ty, r.encoding) {
        (TypeRef::Unit, _) => (None, format!("{rt}::mock::Reply::empty()"), None),
        _ if events.is_some() => {
            let item = &events.expect("checked").item;
            // Text events are their data as it is; others are JSON.
            let data = if *item == TypeRef::String {
                "body.iter().cloned()".to_string()
            } else {
                format!("body.iter().map(|x| {rt}::ToJson::to_json(x).to_string())")
            };
            let item = rust_type(item, "models");
            let owned = borrowed(&format!("Vec<{item}>"));
            (Some(format!("body: &[{item}]")), format!("{rt}::mock::Reply::events({data})"), owned)
        }
        (TypeRef::Binary, _) | (TypeRef::String, Encoding::Text | Encoding::EventStream) => (
            Some("body: impl Into<Vec<u8>>".to_string()),
            format!("{rt}::mock::Reply::bytes(body, {media})"),
            Some(("Vec<u8>".to_string(), "body".to_string())),
        ),
        (_, Encoding::JsonLines) => (
            Some(format!("body: &{ty}")),
            format!("{rt}::mock::Reply::json_lines(&{rt}::ToJson::to_json(body), {media})"),
            borrowed(&ty),
        ),
        _ => (
            Some(format!("body: &{ty}")),
            format!("{rt}::mock::Reply::json(&{rt}::ToJson::to_json(body), {media})"),
            borrowed(&ty),
        ),
    };
    let (name, status, range) = match r.status {
        Status::Code(c) => (format!("responds_{c}"), c.to_string(), None),
        Status::Range(d) => (format!("responds_{d}xx"), "status".to_string(), Some(format!("Range({d})"))),
        Status::Default => ("responds_default".to_string(), "status".to_string(), Some("Default".to_string())),
    };
    let params: Vec<String> = range.iter().map(|_| "status: u16".to_string()).chain(body_param).collect();
    let what = if r.ty == TypeRef::Unit { "no body".to_string() } else { "`body`".to_string() };
    let description = r.description.split_whitespace().collect::<Vec<_>>().join(" ");
    MockReplyView {
        name,
        params: params.join(", "),
        reply,
        status,
        range,
        range_label: r.status.to_string(),
        doc: doc_attrs(&format!("Answers the matched calls with status {} and {what}: {description}", r.status)),
        owned_body,
    }
}

/// The README's example of a mock: the first mocked operation of the
/// first group that has one, its first setter and its `responds_ok` (else
/// its first answer with a fixed status), in a function that takes their
/// values as parameters so that any type works, compiled with the `mock`
/// feature and the group's (`pred`). `None` without such an operation.
pub fn readme_example(groups: &[super::GroupPlan], krate: &str) -> Option<String> {
    let (accessor, pred, op, reply) = groups.iter().find_map(|g| {
        let (accessor, pred, ops) = (&g.view.mock_accessor, &g.view.pred, &g.mocks);
        ops.iter().find_map(|op| {
            let reply = op
                .replies
                .iter()
                .find(|r| r.name == "responds_ok")
                .or_else(|| op.replies.iter().find(|r| r.range.is_none()))?;
            Some((accessor, pred, op, reply))
        })
    })?;
    let outside = |t: &str| t.replace("models::", &format!("{krate}::models::"));
    let mut params = Vec::new();
    let mut call = format!("server.{accessor}().{}()", op.fn_name);
    if let Some(s) = op.setters.first() {
        params.push(format!("value: {}", outside(&s.ty)));
        call.push_str(&format!(".{}(value)", s.name));
    }
    let arg = match &reply.owned_body {
        Some((ty, arg)) => {
            params.push(format!("body: {}", outside(ty)));
            arg.clone()
        }
        None => String::new(),
    };
    call.push_str(&format!(".{}(1).{}({arg}).await", op.times, reply.name));
    let cfg =
        if pred.is_empty() { "feature = \"mock\"".to_string() } else { format!("all(feature = \"mock\", {pred})") };
    Some(format!(
        "#[cfg({cfg})]\nasync fn example({}) -> Result<(), Box<dyn std::error::Error>> {{\n    \
         let server = {krate}::mock::Server::start().await;\n    \
         let mocked = {call};\n    \
         let client = server.client_builder().build()?;\n    \
         // ... run the code under test with `client` ...\n    \
         let _ = (client, mocked.calls());\n    \
         server.verify().await;\n    \
         Ok(())\n}}",
        params.join(", ")
    ))
}
