//! Names the generated code defines or relies on, per Rust scope, listed
//! in one place. Spec names are handed out in these scopes only after the
//! names listed here (or, for method locals, the locals yield to the
//! parameters), so no spec name can shadow or redefine them. A template
//! that defines a new name in one of these scopes lists it here.

use std::collections::BTreeMap;

use super::names::Scope;

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
