//! View models: the IR turned into the strings templates print. Types and
//! attributes are computed here, in Rust, so templates stay declarative and
//! every spec string is escaped in one place.

use serde::Serialize;

use super::filters::lit;

pub mod features;
mod mocks;
mod models;
mod operations;
mod pages;
mod streams;
use crate::ir::{self, Api, ParamLocation, SecurityScheme, TypeRef};
pub use mocks::{mock_ops, readme_example as mock_readme_example, MockOpView};
pub use models::{models, DefaultFn, FieldView, ModelKind, ModelView, VariantView};
pub use operations::{
    add_examples, collect_shared_errors, operations, ArgView, Decode, OperationView, SharedErrorView, StatusVariantView,
};
pub use pages::PagesView;
pub use streams::StreamView;

/// The Rust spelling of a type; `models` is the path to the models module.
pub fn rust_type(t: &TypeRef, models: &str) -> String {
    match t {
        TypeRef::String | TypeRef::Base64 => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Uuid => "uuid::Uuid".into(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".into(),
        TypeRef::Date => "chrono::NaiveDate".into(),
        TypeRef::Binary => "Vec<u8>".into(),
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::Unit => "()".into(),
        TypeRef::Named(n) => format!("{models}::{n}"),
        TypeRef::Vec(i) => format!("Vec<{}>", rust_type(i, models)),
        TypeRef::Map(i) => format!("std::collections::BTreeMap<String, {}>", rust_type(i, models)),
        TypeRef::Option(i) => format!("Option<{}>", rust_type(i, models)),
    }
}

/// The type as shown in Markdown docs (`models::Secret`, `uuid::Uuid`).
pub fn doc_type(t: &TypeRef) -> String {
    rust_type(t, "models")
}

/// How a scheme's credential setter looks; the view carries it as the
/// two flags the template tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetterKind {
    /// One token.
    Token,
    /// User name and password.
    Basic,
    /// One key, with a second setter that adds a prefix.
    Key,
}

#[derive(Serialize)]
pub struct SchemeView {
    pub name: String,
    /// Whether the setter takes a user name and password.
    pub basic: bool,
    /// Whether a `_with_prefix` setter is generated too.
    pub prefixed: bool,
    pub rust_name: String,
    /// The name of the `_with_prefix` setter (`ir::reserved::WITH_PREFIX`).
    pub prefixed_name: String,
    /// The runtime's `Scheme` value, a constant expression.
    pub scheme: String,
    pub what: String,
    pub arg: String,
}

impl SchemeView {
    fn new(name: &str, setter: SetterKind, rust_name: &str, scheme: String, what: String, arg: &str) -> Self {
        SchemeView {
            name: name.to_string(),
            basic: setter == SetterKind::Basic,
            prefixed: setter == SetterKind::Key,
            rust_name: rust_name.to_string(),
            prefixed_name: format!("{rust_name}{}", ir::reserved::WITH_PREFIX),
            scheme,
            what,
            arg: arg.to_string(),
        }
    }
}

/// Views of the security schemes; `rt` is the Rust path of the runtime.
pub fn schemes(api: &Api, rt: &str) -> Vec<SchemeView> {
    api.security_schemes
        .iter()
        .map(|(name, s)| match s {
            SecurityScheme::Bearer { rust_name, .. } => SchemeView::new(
                name,
                SetterKind::Token,
                rust_name,
                format!("{rt}::Scheme::Bearer"),
                "sent as `Authorization: Bearer <token>`".into(),
                "token",
            ),
            SecurityScheme::Basic { rust_name, .. } => SchemeView::new(
                name,
                SetterKind::Basic,
                rust_name,
                format!("{rt}::Scheme::Basic"),
                "HTTP basic".into(),
                "username",
            ),
            SecurityScheme::ApiKey { rust_name, location, param, .. } => {
                let (variant, place) = match location {
                    ParamLocation::Query => ("Query", "query"),
                    ParamLocation::Cookie => ("Cookie", "cookie"),
                    ParamLocation::Header | ParamLocation::Path => ("Header", "header"),
                };
                SchemeView::new(
                    name,
                    SetterKind::Key,
                    rust_name,
                    format!("{rt}::Scheme::ApiKey({rt}::KeyLocation::{variant}, {})", lit(param)),
                    format!("API key in {place} `{}`", super::filters::md_code(param)),
                    "key",
                )
            }
        })
        .collect()
}
