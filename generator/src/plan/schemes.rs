//! Views of the security schemes: the client's credential setters.

use serde::Serialize;

use super::filters::{lit, md_code};
use crate::ir::{self, Api, ParamLocation, SecurityScheme};

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
                    format!("API key in {place} `{}`", md_code(param)),
                    "key",
                )
            }
        })
        .collect()
}
