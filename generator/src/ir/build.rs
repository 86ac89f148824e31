//! Builds the IR from a parsed document: operations, parameters, bodies,
//! responses, security and servers. Schemas are handled in `schema.rs`.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    OpenAPI, Operation as OaOperation, PathItem, ReferenceOr, RequestBody, Response as OaResponse,
    SecurityScheme as OaScheme,
};

use super::media::{self, pick_media};
use super::names::{self, Scope};
use super::reserved;
use super::schema::Types;
use super::{
    Api, Body, Encoding, Group, HttpMethod, Operation, ParamLocation, Response, SecurityScheme, Status, Success,
    TypeDef, TypeRef,
};
use crate::error::{Error, Result, SpecProblem};
use crate::load::escape_token;
use crate::report::{Kind, Report};

/// The group of operations that have no tag.
pub const DEFAULT_TAG: &str = "default";

/// Builds the IR. Collects every spec problem before failing.
pub fn build(doc: &OpenAPI, file: &std::path::Path, report: &mut Report) -> Result<Api> {
    let mut problems = Vec::new();
    let mut types = Types::new(doc, report);
    types.define_components();

    let security_schemes = security_schemes(doc, types.report);
    let mut names = OpNames::new();
    let groups = groups_by_tag(doc, file, &mut types, &security_schemes, &mut names, &mut problems);
    for (ptr, reference) in std::mem::take(&mut types.cycles) {
        problems.push(problem(file, &ptr, format!("`$ref` `{reference}` is part of a cycle of references only")));
    }
    for (ptr, reference) in std::mem::take(&mut types.missing) {
        problems.push(problem(file, &ptr, format!("`$ref` `{reference}` points to a schema that does not exist")));
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.location.cmp(&b.location));
        problems.dedup();
        return Err(Error::Spec(problems));
    }
    let mut groups = name_groups(groups, names.items);
    assign_features(doc, &mut groups, types.report);
    let mut api_types = std::mem::take(&mut types.types);
    super::cycles::break_alias_cycles(&mut api_types, types.report);
    box_recursive_fields(&mut api_types);
    Ok(Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers: doc.servers.iter().map(server_url).collect(),
        security_schemes,
        groups,
        types: api_types,
    })
}

/// The scopes operations take their names from. Names the generated crate
/// defines itself come first (`reserved`).
struct OpNames {
    ids: Scope,
    fn_names: Scope,
    prefixes: Scope,
    /// The items of an API module: the operations' types claim theirs
    /// here, and the group structs after them.
    items: Scope,
}

impl OpNames {
    fn new() -> Self {
        OpNames {
            ids: Scope::new(),
            fn_names: Scope::with_taken(reserved::GROUP_METHODS.iter().copied()),
            prefixes: Scope::new(),
            items: Scope::with_taken(reserved::API_MODULE_ITEMS.iter().copied()),
        }
    }

    /// The operation's id (its `operationId`, else one made of method and
    /// path; renamed and reported when taken), method name and type prefix.
    fn claim(&mut self, method: &str, path: &str, op: &OaOperation, ptr: &str, report: &mut Report) -> [String; 3] {
        let raw_id = op.operation_id.clone().unwrap_or_else(|| derive_id(method, path));
        let id = self.ids.claim(&raw_id);
        if id != raw_id {
            report.add(
                Kind::Other,
                ptr,
                format!("operationId `{raw_id}` is not unique; this operation is named `{id}`"),
            );
        }
        let fn_name = self.fn_names.claim(&names::snake_name(&id));
        let prefix = reserved::claim_prefix(&mut self.prefixes, &mut self.items, &names::type_name(&id));
        [id, fn_name, prefix]
    }
}

/// The operations of every path item, grouped by tag (untagged ones in
/// [`DEFAULT_TAG`]). An operation with a problem is left out, its
/// problems added to `problems`.
fn groups_by_tag<'a>(
    doc: &'a OpenAPI,
    file: &std::path::Path,
    types: &mut Types<'a>,
    schemes: &BTreeMap<String, SecurityScheme>,
    names: &mut OpNames,
    problems: &mut Vec<SpecProblem>,
) -> BTreeMap<String, Group> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (path, item) in doc.paths.paths.iter() {
        let path_ptr = format!("#/paths/{}", escape_token(path));
        let item = match item {
            ReferenceOr::Item(i) => i,
            ReferenceOr::Reference { reference } => {
                problems.push(problem(file, &path_ptr, format!("path item `$ref` `{reference}` is not supported")));
                continue;
            }
        };
        for (method, op) in item.iter() {
            let ptr = format!("{path_ptr}/{method}");
            let [id, fn_name, prefix] = names.claim(method, path, op, &ptr, types.report);
            let ctx = OpCtx { file: file.to_path_buf(), ptr, path, item, op, prefix };
            let Some(mut operation) = operation(&ctx, types, problems, schemes, doc) else { continue };
            operation.id = id;
            operation.fn_name = fn_name;
            operation.method = HttpMethod::from_key(method).unwrap_or_default();
            let tags = if op.tags.is_empty() { vec![DEFAULT_TAG.to_string()] } else { op.tags.clone() };
            for tag in tags {
                groups.entry(tag.clone()).or_insert_with(|| new_group(doc, &tag)).operations.push(operation.clone());
            }
        }
    }
    groups
}

/// The groups in tag order, each with a struct and a module name of its
/// own: distinct tags can collide after case conversion (`Secret` /
/// `secret`), and group structs share their modules with the operations'
/// types, whose names `items` holds.
fn name_groups(groups: BTreeMap<String, Group>, mut items: Scope) -> Vec<Group> {
    let mut modules = Scope::new();
    let mut groups: Vec<Group> = groups.into_values().collect();
    for g in &mut groups {
        g.struct_name = items.claim(&g.struct_name);
        g.module = modules.claim(&g.module);
    }
    groups
}

/// Names each group's Cargo feature (`reserved::features`), reporting a
/// feature that could not take its plain name. The group of untagged
/// operations, [`DEFAULT_TAG`], is always `default-api` by the same rule
/// (the README says so), which is no news worth a report item in every
/// document without tags.
fn assign_features(doc: &OpenAPI, groups: &mut [Group], report: &mut Report) {
    let features = reserved::features(groups.iter().map(|g| g.module.as_str()));
    for (g, (feature, renamed)) in groups.iter_mut().zip(features) {
        if let Some(plain) = renamed.filter(|_| g.tag != DEFAULT_TAG) {
            // The tag's declaration, else its first operation (tags need
            // not be declared).
            let pointer = match (doc.tags.iter().position(|t| t.name == g.tag), g.operations.first()) {
                (Some(i), _) => format!("#/tags/{i}"),
                (None, Some(op)) => format!("#/paths/{}/{}", escape_token(&op.path), op.method.as_str().to_lowercase()),
                (None, None) => "#/paths".to_string(),
            };
            let reason =
                format!("tag `{}`: the cargo feature `{plain}` is reserved or taken; it is `{feature}`", g.tag);
            report.add(Kind::Other, pointer, reason);
        }
        g.feature = feature;
    }
}

pub(super) fn problem(file: &std::path::Path, ptr: &str, message: String) -> SpecProblem {
    SpecProblem { file: file.to_path_buf(), location: ptr.to_string(), message }
}

fn new_group(doc: &OpenAPI, tag: &str) -> Group {
    let description = doc.tags.iter().find(|t| t.name == tag).and_then(|t| t.description.clone());
    Group {
        tag: tag.to_string(),
        struct_name: format!("{}Api", names::type_name(tag)),
        module: names::module_name(&format!("{tag} api")),
        feature: String::new(),
        description,
        operations: Vec::new(),
    }
}

fn derive_id(method: &str, path: &str) -> String {
    let words: Vec<&str> =
        path.split('/').filter(|s| !s.is_empty()).map(|s| s.trim_start_matches('{').trim_end_matches('}')).collect();
    if words.is_empty() {
        format!("{method}_root")
    } else {
        format!("{method}_{}", words.join("_"))
    }
}

fn server_url(s: &openapiv3::Server) -> String {
    let mut url = s.url.clone();
    if let Some(vars) = &s.variables {
        for (name, var) in vars {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    url.trim_end_matches('/').to_string()
}

fn security_schemes(doc: &OpenAPI, report: &mut Report) -> BTreeMap<String, SecurityScheme> {
    let mut out = BTreeMap::new();
    let Some(components) = &doc.components else { return out };
    let mut scope = Scope::with_taken(reserved::BUILDER_METHODS.iter().copied());
    for (name, scheme) in &components.security_schemes {
        let ptr = format!("#/components/securitySchemes/{}", escape_token(name));
        let ReferenceOr::Item(scheme) = scheme else {
            report.add(Kind::DroppedSecurityScheme, ptr, "referenced security scheme is not supported");
            continue;
        };
        let base = names::module_name(name);
        // An API key scheme has a second setter, `<name>_with_prefix`.
        let rust_name = match scheme {
            OaScheme::APIKey { .. } => reserved::claim_paired(&mut scope, &base, reserved::WITH_PREFIX),
            _ => scope.claim(&base),
        };
        let s = match scheme {
            OaScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                SecurityScheme::Bearer { rust_name, description: description.clone() }
            }
            OaScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                SecurityScheme::Basic { rust_name, description: description.clone() }
            }
            OaScheme::HTTP { scheme, .. } => {
                report.add(Kind::DroppedSecurityScheme, ptr, format!("http scheme `{scheme}` is not supported"));
                continue;
            }
            OaScheme::APIKey { location, name, description, .. } => {
                let location = match location {
                    openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                    openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                    openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                };
                SecurityScheme::ApiKey { rust_name, location, param: name.clone(), description: description.clone() }
            }
            OaScheme::OAuth2 { description, .. } | OaScheme::OpenIDConnect { description, .. } => {
                report.add(
                    Kind::DroppedSecurityScheme,
                    ptr,
                    "oauth2/openid connect flows are not run by the client; it sends a bearer token the user supplies",
                );
                SecurityScheme::Bearer { rust_name, description: description.clone() }
            }
        };
        out.insert(name.clone(), s);
    }
    out
}

/// Where an operation is in the document, for its parts' builders.
pub(super) struct OpCtx<'a> {
    pub(super) file: std::path::PathBuf,
    pub(super) ptr: String,
    /// The path key, as written (query string included, if any).
    pub(super) path: &'a str,
    pub(super) item: &'a PathItem,
    pub(super) op: &'a OaOperation,
    pub(super) prefix: String,
}

fn operation<'a>(
    c: &OpCtx<'a>,
    types: &mut Types<'a>,
    problems: &mut Vec<SpecProblem>,
    schemes: &BTreeMap<String, SecurityScheme>,
    doc: &'a OpenAPI,
) -> Option<Operation> {
    let before = problems.len();
    let mut scope = Scope::new();
    let (path, params, constant_query) = super::params::parameters(c, types, problems, doc, &mut scope);

    let body = c.op.request_body.as_ref().and_then(|b| request_body(c, b, types, problems, doc, &mut scope));
    let responses = responses(c, types, problems, doc);
    let success = pick_success(c, &responses);

    let security = security(c, types, schemes, doc);
    let servers: Vec<String> = if !c.op.servers.is_empty() {
        c.op.servers.iter().map(server_url).collect()
    } else {
        c.item.servers.iter().map(server_url).collect()
    };
    if problems.len() > before {
        return None;
    }
    let server = servers.first().cloned().or_else(|| doc.servers.first().map(server_url));
    let stream = super::stream::stream(server.as_deref(), &success, body.as_ref(), &c.ptr, types.report);
    Some(Operation {
        id: String::new(),
        fn_name: String::new(),
        type_prefix: c.prefix.clone(),
        method: HttpMethod::default(),
        path: path.to_string(),
        segments: super::path_segments(path),
        summary: c.op.summary.clone(),
        description: c.op.description.clone(),
        deprecated: c.op.deprecated,
        params,
        constant_query,
        body,
        success,
        responses,
        security,
        servers,
        stream,
        pagination: None,
        page_extension: super::page_extensions::vendor_rule(&c.op.extensions, &c.ptr, types.report),
    })
}

/// The operation's security requirements (its own, else the document's),
/// less those that name a scheme the runtime cannot apply.
fn security(
    c: &OpCtx,
    types: &mut Types,
    schemes: &BTreeMap<String, SecurityScheme>,
    doc: &OpenAPI,
) -> Vec<Vec<String>> {
    let security_src = c.op.security.as_ref().or(doc.security.as_ref());
    let mut security = Vec::new();
    if let Some(reqs) = security_src {
        for (i, req) in reqs.iter().enumerate() {
            let names: Vec<String> = req.keys().cloned().collect();
            if let Some(unknown) = names.iter().find(|n| !schemes.contains_key(*n)) {
                types.report.add(
                    Kind::DroppedSecurityScheme,
                    format!("{}/security/{i}", c.ptr),
                    format!("security requirement names `{unknown}`, which is not a supported security scheme"),
                );
                continue;
            }
            security.push(names);
        }
    }
    security
}

/// The target of a `$ref` to a component of `kind` (`requestBodies`,
/// `responses`), found in `map`; a reference to anything else, or to a
/// component that is itself a reference, does not resolve.
fn component<'a, T>(
    reference: &str,
    kind: &str,
    map: impl FnOnce(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    doc: &'a OpenAPI,
) -> Option<&'a T> {
    let name = reference.strip_prefix("#/components/")?.strip_prefix(kind)?.strip_prefix('/')?;
    match map(doc.components.as_ref()?).get(name)? {
        ReferenceOr::Item(t) => Some(t),
        ReferenceOr::Reference { .. } => None,
    }
}

fn request_body<'a>(
    c: &OpCtx<'a>,
    b: &'a ReferenceOr<RequestBody>,
    types: &mut Types<'a>,
    problems: &mut Vec<SpecProblem>,
    doc: &'a OpenAPI,
    scope: &mut Scope,
) -> Option<Body> {
    let ptr = format!("{}/requestBody", c.ptr);
    let body = match b {
        ReferenceOr::Item(b) => b,
        ReferenceOr::Reference { reference } => {
            let Some(b) = component(reference, "requestBodies", |c| &c.request_bodies, doc) else {
                problems.push(problem(&c.file, &ptr, format!("request body `$ref` `{reference}` does not resolve")));
                return None;
            };
            b
        }
    };
    let (media, mt, encoding) = pick_media(&body.content, &ptr, &[], types.report)?;
    let media_ptr = format!("{ptr}/content/{}", escape_token(media));
    // A request is sent whole: an event stream in one is plain text.
    let encoding = match encoding {
        Encoding::EventStream => Encoding::Text,
        e => e,
    };
    let encoding = media::settle(types, media, encoding, mt.schema.as_ref(), &media_ptr);
    // Bytes and text come first: their parameter must be what is sent,
    // whatever the schema says.
    let (ty, base_name) = match (&mt.schema, encoding) {
        (_, Encoding::Bytes) => (TypeRef::Binary, "body".to_string()),
        (_, Encoding::Text) => (TypeRef::String, "body".to_string()),
        (Some(ReferenceOr::Reference { reference }), _) => {
            let n = super::schema::schema_ref_name(reference).unwrap_or_else(|| "body".into());
            (types.type_of(mt.schema.as_ref()?, "", &media_ptr), names::snake_name(&n))
        }
        (Some(s), _) => {
            let hint = format!("{}Request", c.prefix);
            let ty = types.type_of(s, &hint, &format!("{media_ptr}/schema"));
            let name = match &ty {
                TypeRef::Named(n) => names::snake_name(n),
                _ => "body".to_string(),
            };
            (ty, name)
        }
        (None, _) => (TypeRef::Binary, "body".to_string()),
    };
    let parts = match encoding {
        Encoding::Multipart => super::multipart::parts(&types.types, &ty, &mt.encoding, &media_ptr, types.report),
        _ => Vec::new(),
    };
    Some(Body {
        parts,
        rust_name: scope.claim(&base_name),
        media_type: media.clone(),
        encoding,
        ty,
        required: body.required,
        description: body.description.clone(),
    })
}

/// The operation's responses, sorted by status; one whose `$ref` does not
/// resolve is left out, its problem added to `problems`.
fn responses<'a>(
    c: &OpCtx<'a>,
    types: &mut Types<'a>,
    problems: &mut Vec<SpecProblem>,
    doc: &'a OpenAPI,
) -> Vec<Response> {
    let mut entries: Vec<(Status, &ReferenceOr<OaResponse>)> =
        c.op.responses.responses.iter().map(|(k, v)| (Status::from(k), v)).collect();
    if let Some(d) = &c.op.responses.default {
        entries.push((Status::Default, d));
    }
    let mut out = Vec::new();
    for (status, r) in entries {
        let ptr = format!("{}/responses/{status}", c.ptr);
        let resp = match r {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => {
                let Some(r) = component(reference, "responses", |c| &c.responses, doc) else {
                    problems.push(problem(&c.file, &ptr, format!("response `$ref` `{reference}` does not resolve")));
                    continue;
                };
                r
            }
        };
        out.push(response(c, status, resp, types, &ptr));
    }
    out.sort_by_key(|r| r.status);
    out
}

/// One response (at `ptr`): its media type, how its body is read, and
/// the body's type.
fn response<'a>(c: &OpCtx<'a>, status: Status, resp: &'a OaResponse, types: &mut Types<'a>, ptr: &str) -> Response {
    let description = resp.description.clone();
    let kept = if status.is_success() { &[media::EVENT_STREAM][..] } else { &[] };
    let Some((m, mt, enc)) = pick_media(&resp.content, ptr, kept, types.report) else {
        return Response {
            status,
            description,
            media_type: None,
            encoding: Encoding::Empty,
            ty: TypeRef::Unit,
            events: None,
        };
    };
    let media_ptr = format!("{ptr}/content/{}", escape_token(m));
    let encoding = media::settle(types, m, enc, mt.schema.as_ref(), &media_ptr);
    let status_word = if status == Status::Default { "Default".to_string() } else { status.to_string() };
    let hint = format!("{}{status_word}Response", c.prefix);
    let ty = match (encoding, &mt.schema) {
        (Encoding::Bytes, _) => TypeRef::Binary,
        (Encoding::Text, _) => TypeRef::String,
        (_, Some(s)) => types.type_of(s, &hint, &format!("{media_ptr}/schema")),
        (Encoding::EventStream, None) => super::stream::untyped_events(&media_ptr, types.report),
        (_, None) => {
            types.report.add(Kind::UntypedValue, ptr, "response without a schema: typed as `serde_json::Value`");
            TypeRef::Any
        }
    };
    let events = match encoding {
        Encoding::EventStream => None,
        _ if kept.is_empty() => None,
        _ => super::stream::events_beside(&resp.content, ptr, &format!("{hint}Event"), types),
    };
    Response { status, description, media_type: Some(m.clone()), encoding, ty, events }
}

/// One success type when every success status agrees (statuses without a
/// body do not count against that), otherwise an enum of them all.
fn pick_success(c: &OpCtx, responses: &[Response]) -> Success {
    let successes: Vec<&Response> = responses.iter().filter(|r| r.status.is_success()).collect();
    let bodies: BTreeSet<&TypeRef> = successes.iter().map(|r| &r.ty).filter(|t| **t != TypeRef::Unit).collect();
    if bodies.len() > 1 {
        return Success::Several {
            name: format!("{}Success", c.prefix),
            responses: successes.into_iter().cloned().collect(),
        };
    }
    let chosen = successes.iter().find(|r| r.ty != TypeRef::Unit).or(successes.first()).copied();
    Success::Single(chosen.cloned().unwrap_or_else(|| Response {
        status: Status::Range(2),
        description: String::new(),
        media_type: None,
        encoding: Encoding::Empty,
        ty: TypeRef::Unit,
        events: None,
    }))
}

/// Boxes struct fields whose type leads back to the struct itself, so that
/// recursive types have a finite size.
fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    let edges = unboxed_edges(types);
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n) {
                stack.extend(edges.get(n).into_iter().flatten().map(String::as_str));
            }
        }
        false
    };
    let mut to_box = Vec::new();
    for (name, def) in types.iter() {
        let TypeDef::Struct(s) = def else { continue };
        for (i, f) in s.fields.iter().enumerate() {
            if matches!(&f.ty, TypeRef::Named(t) if reaches(t, name)) {
                to_box.push((name.clone(), i));
            }
        }
    }
    for (name, i) in to_box {
        if let Some(TypeDef::Struct(s)) = types.get_mut(&name) {
            s.fields[i].boxed = true;
        }
    }
}

/// For each type, the named types it holds directly (not through a
/// list, a map or a box): what makes its size depend on theirs.
fn unboxed_edges(types: &BTreeMap<String, TypeDef>) -> BTreeMap<String, BTreeSet<String>> {
    let named = |t: &TypeRef| match t {
        TypeRef::Named(n) => Some(n.clone()),
        _ => None,
    };
    types
        .iter()
        .map(|(name, def)| {
            let to: BTreeSet<String> = match def {
                TypeDef::Struct(s) => s.fields.iter().filter_map(|f| named(&f.ty)).collect(),
                TypeDef::Alias(a) => named(&a.ty).into_iter().collect(),
                TypeDef::Union(u) => u.variants.iter().filter(|v| !v.boxed).filter_map(|v| named(&v.ty)).collect(),
                TypeDef::Enum(_) => BTreeSet::new(),
            };
            (name.clone(), to)
        })
        .collect()
}
