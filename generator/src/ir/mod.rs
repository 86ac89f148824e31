//! The intermediate representation: the project's own model of an API.
//!
//! Everything after this stage reads only these types, never `openapiv3`.
//! The IR is plain data (ordered, comparable, serializable) so two versions
//! of an API can be compared for a change report.

pub mod build;
mod cycles;
mod hints;
mod json_text;
mod media;
mod multipart;
pub mod names;
mod page_extensions;
pub mod pagination;
mod params;
mod path;
pub mod reach;
pub mod reserved;
mod schema;
mod shape;
mod status;
mod stream;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use build::build;
pub use path::{path_segments, PathSegment};
pub use status::Status;

/// A whole API.
///
/// Its serialized form is the record a generated crate keeps of its API
/// (`api-surface.json`, see [`crate::surface`]): the fields that only
/// document (descriptions, summaries, examples) are not serialized, and
/// read back as empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    #[serde(skip_serializing, default)]
    pub description: Option<String>,
    /// Server URLs, the first one is the default base URL.
    pub servers: Vec<String>,
    /// Security schemes by their name in the spec.
    pub security_schemes: BTreeMap<String, SecurityScheme>,
    /// Operation groups (one per tag), sorted by name.
    pub groups: Vec<Group>,
    /// Named types, keyed by Rust name.
    pub types: BTreeMap<String, TypeDef>,
}

/// How a security scheme sends credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecurityScheme {
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// Rust name of the scheme (snake case).
        rust_name: String,
        /// Description.
        #[serde(skip_serializing, default)]
        description: Option<String>,
    },
    /// `Authorization: Basic <base64(user:pass)>`.
    Basic {
        /// Rust name of the scheme (snake case).
        rust_name: String,
        /// Description.
        #[serde(skip_serializing, default)]
        description: Option<String>,
    },
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Rust name of the scheme (snake case).
        rust_name: String,
        /// Where: header, query or cookie.
        location: ParamLocation,
        /// Header, parameter or cookie name.
        param: String,
        /// Description.
        #[serde(skip_serializing, default)]
        description: Option<String>,
    },
}

/// The operations of one tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The tag as written in the spec.
    pub tag: String,
    /// `ApplicationSecretApi`.
    pub struct_name: String,
    /// `application_secret_api`.
    pub module: String,
    /// The Cargo feature that compiles the group: `application-secret`
    /// (`reserved::features`). Empty in records written before features
    /// existed; [`Api::features`] fills it in.
    #[serde(default)]
    pub feature: String,
    /// Tag description.
    #[serde(skip_serializing, default)]
    pub description: Option<String>,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
}

impl Group {
    /// Whether an operation of the group is a WebSocket channel.
    pub fn has_channels(&self) -> bool {
        self.operations.iter().any(|o| o.stream.as_ref().is_some_and(|s| s.kind == StreamKind::Channel))
    }
}

/// One operation (method + path).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// `operationId`, or one derived from method and path.
    pub id: String,
    /// Rust method name, snake case.
    pub fn_name: String,
    /// `CreateApplicationSecret`: prefix of the error enum.
    pub type_prefix: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path template as written in the spec.
    pub path: String,
    /// [`Operation::path`] split into literal text and parameters, once,
    /// for everything that reads the template. Recomputed, not recorded in
    /// the API surface.
    #[serde(skip_serializing, default)]
    pub segments: Vec<PathSegment>,
    /// Summary.
    #[serde(skip_serializing, default)]
    pub summary: Option<String>,
    /// Description.
    #[serde(skip_serializing, default)]
    pub description: Option<String>,
    /// Deprecated flag.
    pub deprecated: bool,
    /// Parameters in call order: path params in path order, then the rest.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub success: Success,
    /// All documented responses, sorted by status.
    pub responses: Vec<Response>,
    /// Alternatives of security requirements; empty means no auth.
    pub security: Vec<Vec<String>>,
    /// Servers specific to this operation or its path (empty: API servers).
    pub servers: Vec<String>,
    /// How the call can be read as it arrives (a WebSocket channel, events,
    /// lines, bytes); `None` for a plain call. Absent from API records of
    /// crates generated before streams were read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<Stream>,
    /// Query pairs its path key spells out literally (`/items?beta=true`),
    /// sent on every call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constant_query: Vec<(String, String)>,
    /// How its pages follow each other, when it is paginated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<pagination::Pagination>,
    /// The pagination its vendor extension declares (the extension's name
    /// and the rule it reads as), applied by [`pagination::paginate`]
    /// unless a configured rule matches. Not part of the API record.
    #[serde(skip)]
    pub page_extension: Option<(String, pagination::PageRule)>,
}

/// How an operation's success is read as it arrives, instead of, or beside,
/// one buffered body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stream {
    /// What kind of stream.
    pub kind: StreamKind,
    /// The type of one item: a channel's frame or an event's data (for a
    /// primary stream, the operation's success type), a line's value, or
    /// `Binary` for chunks of bytes.
    pub item: TypeRef,
    /// Awaiting the call gives the stream (a channel; an operation whose
    /// only success content is `text/event-stream`), instead of the
    /// buffered body with the stream beside it as `.stream()`.
    pub primary: bool,
}

/// The kinds of [`Stream`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamKind {
    /// A WebSocket channel: the operation's server is `ws://` or `wss://`.
    Channel,
    /// Server-sent events (`text/event-stream`).
    Events,
    /// One JSON value per line (`application/x-ndjson` and kin).
    Lines,
    /// The bytes of a binary body, chunk by chunk.
    Bytes,
}

impl StreamKind {
    /// A lowercase label, for reports.
    pub fn label(self) -> &'static str {
        match self {
            StreamKind::Channel => "websocket channel",
            StreamKind::Events => "server-sent events",
            StreamKind::Lines => "json lines",
            StreamKind::Bytes => "byte stream",
        }
    }
}

/// An HTTP method of an operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// `GET`
    #[default]
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl HttpMethod {
    /// The method of a path item's key (`get`, `post`, ...), if it is one.
    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// The method as sent on the wire: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// The variant's name in the runtime's `HttpMethod`: `Get`.
    pub fn variant(self) -> &'static str {
        match self {
            HttpMethod::Get => "Get",
            HttpMethod::Put => "Put",
            HttpMethod::Post => "Post",
            HttpMethod::Delete => "Delete",
            HttpMethod::Options => "Options",
            HttpMethod::Head => "Head",
            HttpMethod::Patch => "Patch",
            HttpMethod::Trace => "Trace",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a parameter value is laid out (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ParamStyle {
    /// `form`: the query and cookie default.
    Form,
    /// `simple`: the path and header default.
    Simple,
    /// `label`: `.a.b` in a path.
    Label,
    /// `matrix`: `;a=b` in a path.
    Matrix,
    /// `spaceDelimited` arrays.
    SpaceDelimited,
    /// `pipeDelimited` arrays.
    PipeDelimited,
    /// `deepObject`: `a[key]=value`.
    DeepObject,
}

impl ParamStyle {
    /// The variant's name in the runtime's `ParamStyle`, for query
    /// parameters (the only ones whose style the runtime varies).
    pub fn runtime_variant(self) -> &'static str {
        match self {
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
            ParamStyle::DeepObject => "DeepObject",
            ParamStyle::Form | ParamStyle::Simple | ParamStyle::Label | ParamStyle::Matrix => "Form",
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// Name on the wire.
    pub name: String,
    /// Rust argument name.
    pub rust_name: String,
    /// Location.
    pub location: ParamLocation,
    /// Required.
    pub required: bool,
    /// Type.
    pub ty: TypeRef,
    /// Description.
    #[serde(skip_serializing, default)]
    pub description: Option<String>,
    /// How the value is laid out (`form`, `deepObject`, ...).
    pub style: ParamStyle,
    /// Explode flag.
    pub explode: bool,
    /// Constraints and example of a string parameter.
    pub string: Option<StringHints>,
    /// Bounds of a number or integer parameter.
    pub number: Option<NumberHints>,
    /// Bounds of an array parameter and of its items.
    pub items: Option<ItemHints>,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// `application/json` and `+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `application/x-ndjson`, `application/ndjson` and `application/jsonl`
    /// with an array schema: one JSON value per line, one line per item.
    JsonLines,
    /// `text/*`.
    Text,
    /// `text/event-stream`: server-sent events, whose schema is that of
    /// one event's data.
    EventStream,
    /// Anything else: raw bytes.
    Bytes,
    /// No content.
    Empty,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Body {
    /// Rust argument name.
    pub rust_name: String,
    /// The media type sent.
    pub media_type: String,
    /// Encoding.
    pub encoding: Encoding,
    /// Type.
    pub ty: TypeRef,
    /// Required.
    pub required: bool,
    /// Description.
    #[serde(skip_serializing, default)]
    pub description: Option<String>,
    /// The properties of a multipart body sent as file or JSON parts (the
    /// others are text parts); empty for other encodings.
    pub parts: Vec<Part>,
}

/// How a property of a `multipart/form-data` body is sent, when it is not
/// a text part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// File parts: a `format: binary` property, or a list of them.
    File,
    /// JSON text: an object, or one part per object of a list.
    Json,
}

impl PartKind {
    /// The part `Content-Type` OpenAPI gives this kind when `encoding`
    /// says nothing.
    pub fn default_content_type(self) -> &'static str {
        match self {
            PartKind::File => "application/octet-stream",
            PartKind::Json => "application/json",
        }
    }

    /// The variant's name in the runtime's `PartEncoding`.
    pub fn runtime_variant(self) -> &'static str {
        match self {
            PartKind::File => "File",
            PartKind::Json => "Json",
        }
    }
}

/// A file or JSON part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// The property's name on the wire, which names the part.
    pub name: String,
    /// The property's Rust name in the body's model (absent from API
    /// records written before it was kept).
    #[serde(default)]
    pub rust_name: String,
    /// File or JSON.
    pub kind: PartKind,
    /// The part's `Content-Type`: the `encoding` entry's, else the kind's default.
    pub content_type: String,
}

/// A response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// `200`, `4XX` or `default`.
    pub status: Status,
    /// Description.
    #[serde(skip_serializing, default)]
    pub description: String,
    /// Media type read.
    pub media_type: Option<String>,
    /// Encoding.
    pub encoding: Encoding,
    /// Type, `Unit` when there is no body.
    pub ty: TypeRef,
    /// The type of one event's data when `text/event-stream` is offered
    /// beside the media type read (an LLM API's `stream: true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<TypeRef>,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Success {
    /// Every success status carries the same body type (or none): the
    /// method returns that type.
    Single(Response),
    /// Success statuses carry different bodies: the method returns an enum
    /// named `name` with one variant per status.
    Several {
        /// Rust name of the enum (`CreatePartSuccess`).
        name: String,
        /// The success responses, sorted by status.
        responses: Vec<Response>,
    },
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `uuid::Uuid`.
    Uuid,
    /// A date-time.
    DateTime,
    /// A calendar date.
    Date,
    /// Raw bytes (`format: binary`).
    Binary,
    /// Base64 bytes (`format: byte`), kept as the encoded string.
    Base64,
    /// Any JSON value.
    Any,
    /// No value (`()`).
    Unit,
    /// A named type from `Api::types`.
    Named(String),
    /// A list.
    Vec(Box<TypeRef>),
    /// A map with string keys.
    Map(Box<TypeRef>),
    /// A value that may be `null` (array items or map values whose schema
    /// is nullable; fields carry their own `nullable`).
    Option(Box<TypeRef>),
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeDef {
    /// A struct with fields.
    Struct(Struct),
    /// A string or integer enum.
    Enum(Enum),
    /// A `oneOf`/`anyOf`.
    Union(Union),
    /// Another name for a type.
    Alias(Alias),
}

/// A struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Struct {
    /// Rust name.
    pub name: String,
    /// Name in the spec (or the path it was derived from).
    pub source: String,
    /// Description.
    #[serde(skip_serializing, default)]
    pub description: Option<String>,
    /// Fields, in spec order.
    pub fields: Vec<Field>,
    /// Type of additional properties, when allowed.
    pub additional: Option<TypeRef>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Name on the wire.
    pub name: String,
    /// Rust name.
    pub rust_name: String,
    /// Type, without the `Option` for optional or nullable.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
    /// Description.
    #[serde(skip_serializing, default)]
    pub description: Option<String>,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// `default`, as the spec's JSON value; recorded in the API surface as
    /// its JSON text, as it always was.
    #[serde(with = "json_text", default)]
    pub default: Option<serde_json::Value>,
    /// Constraints and example of a string field, as the spec writes them
    /// (the type already covers the formats it maps: uuid, date-time...).
    pub string: Option<StringHints>,
    /// Listed in `required` but declared by no property: typed as any
    /// value and read as `null` when absent, since such a name is often a
    /// misspelling of one the server does send.
    pub undeclared: bool,
    /// Bounds of a number or integer field.
    pub number: Option<NumberHints>,
    /// Bounds of an array field and of its items.
    pub items: Option<ItemHints>,
}

/// What the spec says about a string beyond its type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StringHints {
    /// `format` (`uri`, `email`, `duration`...).
    pub format: Option<String>,
    /// `pattern`, an ECMA 262 regular expression.
    pub pattern: Option<String>,
    /// `example`, when it is a string.
    #[serde(skip_serializing, default)]
    pub example: Option<String>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
}

/// The bounds of a number or integer, as the spec writes them.
///
/// Like [`StringHints`], these are kept for tools that build values a
/// server accepts (the conformance sweep); the generated code does not
/// enforce them, the server does.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NumberHints {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum: true` (OpenAPI 3.0; 3.1's numeric form is lowered to it).
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum: true`.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
}

/// The bounds of an array and what is known of its items (one level: the
/// items' own items are not followed).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemHints {
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// Of string items.
    pub string: Option<StringHints>,
    /// Of number or integer items.
    pub number: Option<NumberHints>,
}

/// An enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enum {
    /// Rust name.
    pub name: String,
    /// Name in the spec.
    pub source: String,
    /// Description.
    #[serde(skip_serializing, default)]
    pub description: Option<String>,
    /// Integer enum when true, string enum otherwise.
    pub integer: bool,
    /// The variants.
    pub variants: Vec<EnumVariant>,
    /// Default variant's wire value.
    pub default: Option<String>,
}

/// An enum variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumVariant {
    /// Rust name.
    pub rust_name: String,
    /// Value on the wire (for integer enums, the decimal digits).
    pub value: String,
}

/// A `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Union {
    /// Rust name.
    pub name: String,
    /// Name in the spec.
    pub source: String,
    /// Description.
    #[serde(skip_serializing, default)]
    pub description: Option<String>,
    /// The discriminator property, when the spec names one.
    pub discriminator: Option<String>,
    /// The variants.
    pub variants: Vec<UnionVariant>,
}

/// A union variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// Type.
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Boxed to break a recursive cycle or keep the enum small.
    pub boxed: bool,
}

/// A type alias.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alias {
    /// Rust name.
    pub name: String,
    /// Name in the spec.
    pub source: String,
    /// Description.
    #[serde(skip_serializing, default)]
    pub description: Option<String>,
    /// Target type.
    pub ty: TypeRef,
    /// Emitted as a struct wrapping the target type rather than a type
    /// alias: the alias lies on a cycle of aliases (`Tree` = list of
    /// `Tree`), which Rust refuses of type aliases but not of structs.
    pub newtype: bool,
}

impl Api {
    /// Each group's Cargo feature, in group order; computed from the
    /// modules for an API read from a record that predates features.
    pub fn features(&self) -> Vec<String> {
        if self.groups.iter().all(|g| !g.feature.is_empty()) {
            return self.groups.iter().map(|g| g.feature.clone()).collect();
        }
        reserved::features(self.groups.iter().map(|g| g.module.as_str())).into_iter().map(|(f, _)| f).collect()
    }
}

/// The struct a type reference ends at, through aliases.
pub fn struct_of<'a>(types: &'a BTreeMap<String, TypeDef>, t: &TypeRef) -> Option<&'a Struct> {
    let mut t = t;
    // Bounded: an alias cycle must not loop.
    for _ in 0..16 {
        match t {
            TypeRef::Named(n) => match types.get(n)? {
                TypeDef::Struct(s) => return Some(s),
                TypeDef::Alias(a) => t = &a.ty,
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

impl TypeDef {
    /// Replaces the description.
    pub fn set_description(&mut self, description: String) {
        let slot = match self {
            TypeDef::Struct(s) => &mut s.description,
            TypeDef::Enum(e) => &mut e.description,
            TypeDef::Union(u) => &mut u.description,
            TypeDef::Alias(a) => &mut a.description,
        };
        *slot = Some(description);
    }

    /// The Rust name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::Union(u) => &u.name,
            TypeDef::Alias(a) => &a.name,
        }
    }
}
