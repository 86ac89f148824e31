//! Names the generated code defines or relies on, per Rust scope, listed
//! in one place. Spec names are handed out in these scopes only after the
//! names listed here (or, for method locals, the locals yield to the
//! parameters), so no spec name can shadow or redefine them. A template
//! that defines a new name in one of these scopes lists it here.

use std::collections::BTreeMap;

use super::names::Scope;

/// Methods of the generated `Client` (`client.rs.j2`: `builder`, its
/// field `inner`, and what its derives give), which a group accessor
/// (`apis_mod.rs.j2`, one per tag) must not redefine or shadow: the
/// accessors themselves call `self.clone()`. `request` is the runtime
/// client's method for sending one operation, kept for it so that a tag
/// named `request` never reads as the low-level call.
pub const CLIENT_METHODS: &[&str] = &["builder", "inner", "request", "clone", "clone_from", "fmt"];

/// Methods of the generated `ClientBuilder` (`client.rs.j2`), which a
/// credential setter (one per security scheme) must not redefine.
pub const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "server_url",
    "user_agent",
    "timeout",
    "connect_timeout",
    "http_client",
    "default_header",
    "retry_policy",
    "build",
    "inner",
    "fmt",
];

/// The suffix of the second setter of an API key scheme (`client.rs.j2`).
pub const WITH_PREFIX: &str = "_with_prefix";

/// Methods of a group struct (`api.rs.j2`, and `clone` of its derive),
/// which an operation method must not redefine or shadow (`api.clone()`
/// must stay a copy of the group, not a request).
pub const GROUP_METHODS: &[&str] = &["new", "with_options", "clone", "clone_from"];

/// The suffix of the twin of each operation method that also returns
/// status and headers (`api.rs.j2`).
pub const WITH_RESPONSE: &str = "_with_response";

/// Names an API module (`api.rs.j2`) imports or relies on, which its own
/// items (the group struct `<Tag>Api`, the enums `<Op>Error` and
/// `<Op>Success`) must not redefine.
pub const API_MODULE_ITEMS: &[&str] = &[
    "models",
    "Client",
    "ApiResponse",
    "Error",
    "RequestOptions",
    "Result",
    "String",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "Self",
];

/// Suffixes of the enums of one operation (`api.rs.j2`).
pub const OPERATION_ENUMS: &[&str] = &["Error", "Success"];

/// The name of the `_with_response` twin of the operation method `name`.
pub fn with_response(name: &str) -> String {
    format!("{}{WITH_RESPONSE}", name.trim_start_matches("r#"))
}

/// Claims `base` (numbered as [`Scope::claim`] does) such that `name +
/// suffix` is free in the same scope too, and claims that as well: the
/// method `foo` comes with `foo_with_response`, which a later `foo_with_response`
/// must not redefine, nor an earlier one stop.
pub fn claim_paired(scope: &mut Scope, base: &str, suffix: &str) -> String {
    loop {
        let name = scope.claim(base);
        let twin = format!("{}{suffix}", name.trim_start_matches("r#"));
        if !scope.contains(&twin) {
            scope.claim(&twin);
            return name;
        }
    }
}

/// Claims a type prefix of an operation in `prefixes` such that its
/// enums ([`OPERATION_ENUMS`]) are free among the `items` of an API
/// module, and claims them there.
pub fn claim_prefix(prefixes: &mut Scope, items: &mut Scope, base: &str) -> String {
    loop {
        let prefix = prefixes.claim(base);
        let enums: Vec<String> = OPERATION_ENUMS.iter().map(|s| format!("{prefix}{s}")).collect();
        if enums.iter().all(|e| !items.contains(e)) {
            for e in &enums {
                items.claim(e);
            }
            return prefix;
        }
    }
}

/// Locals an operation method binds (`api.rs.j2` and the statements
/// `render::view` writes for parameters). They are claimed after the
/// method's parameters, so parameters keep their names (the documented
/// signatures do not change) and a local yields when a parameter took its
/// name: `path` becomes `path2` in a method with a parameter `path`.
/// The template reads them from `op.locals`, and its undefined-variable
/// check rejects a local missing here. `OPERATION` (a `static`) and
/// `self` need no entry: parameter names are snake case and `self` is
/// escaped to `self_`.
pub const METHOD_LOCALS: &[&str] = &["path", "req", "raw", "body", "entity", "v"];

/// The Rust names of [`METHOD_LOCALS`] in a method whose parameters are
/// named `params`: local -> name to use.
pub fn method_locals<'a>(params: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let mut scope = Scope::with_taken(params);
    METHOD_LOCALS.iter().map(|l| (l.to_string(), scope.claim(l))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_method_and_its_twin_are_claimed_together() {
        let mut scope = Scope::with_taken(GROUP_METHODS.iter().copied());
        assert_eq!(claim_paired(&mut scope, "new", WITH_RESPONSE), "new2");
        assert_eq!(claim_paired(&mut scope, "with_options", WITH_RESPONSE), "with_options2");
        assert_eq!(claim_paired(&mut scope, "foo_with_response", WITH_RESPONSE), "foo_with_response");
        // `foo`'s twin is taken by the method above: `foo` moves aside.
        assert_eq!(claim_paired(&mut scope, "foo", WITH_RESPONSE), "foo2");
        assert_eq!(claim_paired(&mut scope, "bar", WITH_RESPONSE), "bar");
        assert_eq!(claim_paired(&mut scope, "bar_with_response", WITH_RESPONSE), "bar_with_response2");
        assert_eq!(claim_paired(&mut scope, "r#fn", WITH_RESPONSE), "r#fn");
        assert!(scope.contains("fn_with_response"));
    }

    #[test]
    fn operation_enums_avoid_module_items() {
        let mut prefixes = Scope::new();
        let mut items = Scope::with_taken(API_MODULE_ITEMS.iter().copied().chain(["FooError"]));
        assert_eq!(claim_prefix(&mut prefixes, &mut items, "Foo"), "Foo2");
        assert!(items.contains("Foo2Error") && items.contains("Foo2Success"));
        assert_eq!(claim_prefix(&mut prefixes, &mut items, "Client"), "Client");
        assert_eq!(claim_prefix(&mut prefixes, &mut items, "Client"), "Client2");
    }

    #[test]
    fn locals_yield_to_parameters() {
        let locals = method_locals(["path", "v", "v2", "id"]);
        assert_eq!(locals["path"], "path2");
        assert_eq!(locals["v"], "v3");
        assert_eq!(locals["req"], "req");
        assert_eq!(locals.len(), METHOD_LOCALS.len());
    }

    #[test]
    fn every_local_is_renamed_away_from_every_parameter() {
        let params: Vec<&str> = METHOD_LOCALS.to_vec();
        let locals = method_locals(params.iter().copied());
        for name in locals.values() {
            assert!(!params.contains(&name.as_str()), "local `{name}` shadows a parameter");
        }
    }
}
