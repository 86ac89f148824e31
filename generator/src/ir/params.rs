//! An operation's parameters: path-level and operation-level ones merged,
//! placed (path, query, header, cookie) and typed, in the order the
//! generated method takes them.
//!
//! Two readings of documents that break a rule live here: a path
//! parameter the path does not mention is sent in the query string, and
//! a path key with a query string (`/search?q={query}`) declares query
//! parameters, and its literal pairs (`?beta=true`) are constants sent on
//! every call.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr};

use super::build::{problem, OpCtx};
use super::names::{self, Scope};
use super::schema::Types;
use super::{Param, ParamLocation, ParamStyle, TypeRef};
use crate::error::SpecProblem;
use crate::report::Kind;

/// Parameters by `(name, location)`, with the JSON pointer of each;
/// operation-level ones override path-level ones.
type Merged<'a> = IndexMap<(String, ParamLocation), (&'a Parameter, String)>;

/// The operation's path (its key without a query string), its
/// parameters (path ones in template order, then query, header and cookie
/// ones, each in document order) and the constant query pairs of its key.
pub(super) fn parameters<'a>(
    c: &OpCtx<'a>,
    types: &mut Types<'a>,
    problems: &mut Vec<SpecProblem>,
    doc: &'a OpenAPI,
    scope: &mut Scope,
) -> (&'a str, Vec<Param>, Vec<(String, String)>) {
    let merged = merge(c, problems, doc);
    let QueryString { path, vars: query_vars, constants } = split_query_string(c, problems);
    for (name, value) in &constants {
        let reason = format!("`{name}={value}` of the path key's query string: sent on every call, not a parameter");
        types.report.add(Kind::Other, c.ptr.clone(), reason);
    }
    let template = path_template_names(path);
    for name in template.iter().filter(|n| !merged.contains_key(&((*n).clone(), ParamLocation::Path))) {
        problems.push(problem(&c.file, &c.ptr, format!("path template variable `{{{name}}}` has no path parameter")));
    }
    let mut params = Vec::new();
    for ((name, loc), (param, ptr)) in &merged {
        let Some((wire, misplaced)) = place(types, &merged, (name, *loc, ptr), &template, &query_vars, path) else {
            continue;
        };
        params.push(param_of(c, types, param, ptr, wire, misplaced, scope));
    }
    params.extend(undeclared_query_vars(c, types, &merged, &template, &query_vars, scope));
    params.sort_by_key(|p| match p.location {
        ParamLocation::Path => (0, template.iter().position(|t| t == &p.name)),
        ParamLocation::Query => (1, None),
        ParamLocation::Header => (2, None),
        ParamLocation::Cookie => (3, None),
    });
    (path, params, constants)
}

/// Path-level then operation-level parameters, resolved; a parameter
/// twice in one operation's list is a problem.
fn merge<'a>(c: &OpCtx<'a>, problems: &mut Vec<SpecProblem>, doc: &'a OpenAPI) -> Merged<'a> {
    let mut merged = Merged::new();
    let path_ptr = c.ptr.rsplit_once('/').map(|(a, _)| a.to_string()).unwrap_or_default();
    let sources = c.item.parameters.iter().enumerate().map(|(i, p)| (p, format!("{path_ptr}/parameters/{i}"), false));
    let sources =
        sources.chain(c.op.parameters.iter().enumerate().map(|(i, p)| (p, format!("{}/parameters/{i}", c.ptr), true)));
    let mut own_keys = BTreeSet::new();
    for (p, ptr, own) in sources {
        let Some(param) = resolve_param(doc, p) else {
            problems.push(problem(&c.file, &ptr, "parameter `$ref` does not resolve to a component parameter".into()));
            continue;
        };
        let data = param.parameter_data_ref();
        let (loc, word) = match param {
            Parameter::Path { .. } => (ParamLocation::Path, "path"),
            Parameter::Query { .. } => (ParamLocation::Query, "query"),
            Parameter::Header { .. } => (ParamLocation::Header, "header"),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, "cookie"),
        };
        let key = (data.name.clone(), loc);
        if own && !own_keys.insert(key.clone()) {
            problems.push(problem(&c.file, &ptr, format!("duplicate {word} parameter `{}`", data.name)));
            continue;
        }
        merged.insert(key, (param, ptr));
    }
    merged
}

/// Where a declared parameter goes: its wire name and whether it is a path
/// parameter sent in the query string; `None` drops it. Each reading of a
/// rule broken is reported at the parameter.
fn place(
    types: &mut Types,
    merged: &Merged,
    (name, loc, ptr): (&String, ParamLocation, &String),
    template: &[String],
    query_vars: &BTreeMap<String, String>,
    path: &str,
) -> Option<(String, bool)> {
    if loc == ParamLocation::Header && is_reserved_header(name) {
        // OpenAPI: such a parameter SHALL be ignored; the client sets
        // these headers from the body, the responses and the credentials.
        let reason =
            format!("header parameter `{name}` is ignored, as OpenAPI requires; the client sets this header itself");
        types.report.add(Kind::Other, ptr.clone(), reason);
        return None;
    }
    // A path parameter the template does not mention cannot go in the
    // path; servers that document them so read them from the query.
    let misplaced = loc == ParamLocation::Path && !template.contains(name);
    let has_query_twin = merged.contains_key(&(name.clone(), ParamLocation::Query));
    // A variable of the path key's query string: a query parameter, named
    // as the key spells it.
    let key = query_vars.get(name).filter(|_| loc == ParamLocation::Query || (misplaced && !has_query_twin));
    let reason = match key {
        Some(key) => Some(format!("`{{{name}}}` of the path key's query string: sent as query parameter `{key}`")),
        None if misplaced && has_query_twin => {
            let reason = format!("path parameter `{name}` does not appear in the path `{path}`; dropped");
            types.report.add(Kind::Other, ptr.clone(), reason);
            return None;
        }
        None if misplaced => {
            Some(format!("path parameter `{name}` does not appear in the path `{path}`; sent in the query string"))
        }
        None => None,
    };
    if let Some(reason) = reason {
        types.report.add(Kind::Other, ptr.clone(), reason);
    }
    Some((key.cloned().unwrap_or_else(|| name.clone()), misplaced))
}

/// A declared parameter, typed, under its wire name.
fn param_of<'a>(
    c: &OpCtx<'a>,
    types: &mut Types<'a>,
    param: &'a Parameter,
    ptr: &str,
    wire: String,
    misplaced: bool,
    scope: &mut Scope,
) -> Param {
    let data = param.parameter_data_ref();
    let (location, style, explode) = match param {
        Parameter::Path { .. } if misplaced => (ParamLocation::Query, ParamStyle::Form, true),
        Parameter::Path { style, .. } => (ParamLocation::Path, path_style(style), false),
        Parameter::Query { style, .. } => (
            ParamLocation::Query,
            query_style(style),
            data.explode.unwrap_or(matches!(style, openapiv3::QueryStyle::Form)),
        ),
        Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple, data.explode.unwrap_or(false)),
        Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form, data.explode.unwrap_or(true)),
    };
    let hint = format!("{}{}Parameter", c.prefix, names::type_name(&data.name));
    let (ty, hints) = match &data.format {
        ParameterSchemaOrContent::Schema(s) => {
            let hints = super::hints::of(types, s);
            (types.type_of(s, &hint, &format!("{ptr}/schema")), hints)
        }
        ParameterSchemaOrContent::Content(_) => {
            let reason = "parameter with `content` is sent as a json string of `serde_json::Value`";
            types.report.add(Kind::UntypedValue, ptr.to_string(), reason);
            (TypeRef::Any, super::hints::Hints::default())
        }
    };
    Param {
        rust_name: scope.claim(&names::snake_name(&wire)),
        name: wire,
        location,
        required: data.required || location == ParamLocation::Path,
        ty,
        description: data.description.clone(),
        style,
        explode,
        string: hints.string,
        number: hints.number,
        items: hints.items,
    }
}

/// The query parameters of the path key's query string whose variable no
/// parameter declares: required strings. A variable also in the path
/// stays there (reported).
fn undeclared_query_vars(
    c: &OpCtx,
    types: &mut Types,
    merged: &Merged,
    template: &[String],
    query_vars: &BTreeMap<String, String>,
    scope: &mut Scope,
) -> Vec<Param> {
    let mut out = Vec::new();
    for (var, key) in query_vars {
        let declared = |loc| merged.contains_key(&(var.clone(), loc));
        if template.contains(var) && !declared(ParamLocation::Query) {
            let reason = format!("`{{{var}}}` is in both the path and its query string: sent in the path only");
            types.report.add(Kind::Other, c.ptr.clone(), reason);
        } else if !declared(ParamLocation::Path) && !declared(ParamLocation::Query) {
            let reason = format!(
                "`{{{var}}}` of the path key's query string is not declared: a required string query parameter `{key}`"
            );
            types.report.add(Kind::Other, c.ptr.clone(), reason);
            out.push(Param {
                name: key.clone(),
                rust_name: scope.claim(&names::snake_name(key)),
                location: ParamLocation::Query,
                required: true,
                ty: TypeRef::String,
                description: None,
                style: ParamStyle::Form,
                explode: true,
                string: None,
                number: None,
                items: None,
            });
        }
    }
    out
}

fn path_style(style: &openapiv3::PathStyle) -> ParamStyle {
    match style {
        openapiv3::PathStyle::Matrix => ParamStyle::Matrix,
        openapiv3::PathStyle::Label => ParamStyle::Label,
        openapiv3::PathStyle::Simple => ParamStyle::Simple,
    }
}

fn query_style(style: &openapiv3::QueryStyle) -> ParamStyle {
    match style {
        openapiv3::QueryStyle::Form => ParamStyle::Form,
        openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
        openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
        openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
    }
}

fn resolve_param<'a>(doc: &'a OpenAPI, p: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
    match p {
        ReferenceOr::Item(p) => Some(p),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            resolve_param(doc, doc.components.as_ref()?.parameters.get(name)?)
        }
    }
}

/// A path key split at its query string.
struct QueryString<'a> {
    path: &'a str,
    /// Variable -> the query parameter it is sent as.
    vars: BTreeMap<String, String>,
    /// Literal `name=value` pairs, in key order.
    constants: Vec<(String, String)>,
}

/// The path of the operation's path key, and what the key's query string
/// says if it has one (`/search?q={query}&beta=true`, which paths may not
/// have; `load/deviations.rs` reports it): each `name={variable}` pair maps
/// the variable to the query parameter `name`, and each `name=value` pair
/// is a constant. Any other pair has no one reading and is a problem.
fn split_query_string<'a>(c: &OpCtx<'a>, problems: &mut Vec<SpecProblem>) -> QueryString<'a> {
    let Some((path, query)) = c.path.split_once('?') else {
        return QueryString { path: c.path, vars: BTreeMap::new(), constants: Vec::new() };
    };
    let plain = |t: &str| !t.is_empty() && !t.contains(['{', '}', '=']);
    let (mut vars, mut constants) = (BTreeMap::new(), Vec::new());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once('=').filter(|(k, _)| plain(k)) else {
            let reason = format!("the query string of the path key has `{pair}`, which is not a `name=value` pair");
            problems.push(problem(&c.file, &c.ptr, reason));
            continue;
        };
        match value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
            Some(var) if plain(var) => {
                if vars.insert(var.to_string(), key.to_string()).is_some() {
                    problems.push(problem(
                        &c.file,
                        &c.ptr,
                        format!("the query string of the path key uses `{{{var}}}` twice"),
                    ));
                }
            }
            None if !value.contains(['{', '}']) => constants.push((key.to_string(), value.to_string())),
            _ => {
                let reason = format!("the query string of the path key has `{pair}`, whose value is neither a `{{variable}}` nor a constant");
                problems.push(problem(&c.file, &c.ptr, reason));
            }
        }
    }
    QueryString { path, vars, constants }
}

fn path_template_names(path: &str) -> Vec<String> {
    let names = super::path_segments(path).into_iter().filter_map(|s| match s {
        super::PathSegment::Param(name) => Some(name),
        super::PathSegment::Literal(_) => None,
    });
    names.collect()
}

/// Header parameters OpenAPI says to ignore: `Accept`, `Content-Type` and
/// `Authorization` come from the responses, the body and the security
/// schemes.
fn is_reserved_header(name: &str) -> bool {
    ["accept", "content-type", "authorization"].iter().any(|h| name.eq_ignore_ascii_case(h))
}
