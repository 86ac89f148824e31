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

/// Methods of the generated mock `Server` (`mock_mod.rs.j2`), which a
/// group's accessor there must not redefine.
pub const MOCK_SERVER_METHODS: &[&str] =
    &["start", "base_url", "client_builder", "verify", "runtime", "inner", "clone", "clone_from", "fmt"];

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

/// Methods of a generated model struct (`model.rs.j2`: `new`, and what
/// its derives and serde give), which the `with_<field>` setter of an
/// optional field must not redefine. The spec's defaults add their
/// `default_<field>` helpers to these per model ([`model_setters`]).
pub const MODEL_METHODS: &[&str] =
    &["new", "clone", "clone_from", "fmt", "eq", "ne", "default", "serialize", "deserialize"];

/// The prefix of a model's setters: `with_name` sets `name`. A prefix
/// rather than the bare field name, so that `pet.name` (the field) and
/// the setter never read as the same thing.
pub const MODEL_SETTER_PREFIX: &str = "with_";

/// The suffix of the second setter of an API key scheme (`client.rs.j2`).
pub const WITH_PREFIX: &str = "_with_prefix";

/// Methods of a group struct (`api.rs.j2`, and `clone` of its derive),
/// which an operation method must not redefine or shadow (`api.clone()`
/// must stay a copy of the group, not a request).
pub const GROUP_METHODS: &[&str] = &["new", "with_options", "clone", "clone_from"];

/// Methods of an operation's request value (`api.rs.j2`: `<Op>Request`),
/// which a setter of an optional parameter must not redefine: a parameter
/// named `send` gets the setter `send2`.
pub const REQUEST_METHODS: &[&str] = &[
    "send",
    "send_with_response",
    "stream",
    "pages",
    "paginate",
    "with_options",
    "into_future",
    "into_raw_request",
    "decode_response",
];

/// Fields of an operation's request value besides its parameters' (the
/// group it calls, which holds the per-call options, and the streamed
/// file parts of a multipart body). They are claimed after the parameters, so a parameter
/// named `api` keeps its name and the group's field becomes `api2`.
pub const REQUEST_FIELDS: &[&str] = &["api", "uploads"];

/// The suffix of the request value's method that streams a multipart
/// file part (`.file_upload(..)` for the property `file`).
pub const UPLOAD_METHOD_SUFFIX: &str = "_upload";

/// Names an API module (`api.rs.j2`) imports or relies on, which its own
/// items (the group struct `<Tag>Api`, and per operation the types of
/// [`OPERATION_TYPES`]) must not redefine.
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

/// Suffixes of the types of one operation (`api.rs.j2`): its errors, its
/// successes when statuses differ, and its request value.
pub const OPERATION_TYPES: &[&str] = &["Error", "Success", "Request"];

/// Claims `base` (numbered as [`Scope::claim`] does) such that `name +
/// suffix` is free in the same scope too, and claims that as well: the
/// key setter `foo` comes with `foo_with_prefix`, which a later `foo_with_prefix`
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
/// types ([`OPERATION_TYPES`]) are free among the `items` of an API
/// module, and claims them there.
pub fn claim_prefix(prefixes: &mut Scope, items: &mut Scope, base: &str) -> String {
    loop {
        let prefix = prefixes.claim(base);
        let enums: Vec<String> = OPERATION_TYPES.iter().map(|s| format!("{prefix}{s}")).collect();
        if enums.iter().all(|e| !items.contains(e)) {
            for e in &enums {
                items.claim(e);
            }
            return prefix;
        }
    }
}

/// The setter names of a request value's optional parameters, given
/// their field names in order: each keeps its name unless it is one of
/// [`REQUEST_METHODS`] (or taken by an earlier setter).
pub fn request_setters<'a>(fields: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut scope = Scope::with_taken(REQUEST_METHODS.iter().copied());
    fields.into_iter().map(|f| scope.claim(f)).collect()
}

/// The setter names of a model's optional fields, given their field
/// names in order and the model's other methods besides
/// [`MODEL_METHODS`] (its `default_*` helpers): `with_<field>`, numbered
/// when taken.
pub fn model_setters<'a>(fields: impl IntoIterator<Item = &'a str>, methods: &[String]) -> Vec<String> {
    let mut scope = Scope::with_taken(MODEL_METHODS.iter().copied().chain(methods.iter().map(String::as_str)));
    fields.into_iter().map(|f| scope.claim(&format!("{MODEL_SETTER_PREFIX}{}", f.trim_start_matches("r#")))).collect()
}

/// The names of the methods that stream file parts, given the parts'
/// Rust property names and the setters already named: `<part>_upload`,
/// numbered where a setter or [`REQUEST_METHODS`] holds the name.
pub fn upload_methods<'a>(parts: impl IntoIterator<Item = &'a str>, setters: &[String]) -> Vec<String> {
    let mut scope = Scope::with_taken(REQUEST_METHODS.iter().copied().chain(setters.iter().map(String::as_str)));
    parts.into_iter().map(|p| scope.claim(&format!("{}{UPLOAD_METHOD_SUFFIX}", p.trim_start_matches("r#")))).collect()
}

/// The Rust names of [`REQUEST_FIELDS`] in a request value whose
/// parameters' fields are named `params`: field -> name to use.
pub fn request_fields<'a>(params: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let mut scope = Scope::with_taken(params);
    REQUEST_FIELDS.iter().map(|f| (f.to_string(), scope.claim(f))).collect()
}

/// Locals an operation method binds (`api.rs.j2` and the statements
/// `plan` writes for parameters). They are claimed after the
/// method's parameters, so parameters keep their names (the documented
/// signatures do not change) and a local yields when a parameter took its
/// name: `path` becomes `path2` in a method with a parameter `path`.
/// The template reads them from `op.locals`, and its undefined-variable
/// check rejects a local missing here. `OPERATION` (a `static`) and
/// `self` need no entry: parameter names are snake case and `self` is
/// escaped to `self_`.
pub const METHOD_LOCALS: &[&str] = &["path", "req", "raw", "body", "entity", "v"];

/// Parameters of the closures `pages()` and `paginate()` hand the runtime
/// (`plan::pages`). Those methods take only `self` and the
/// closures capture nothing (they coerce to `fn` pointers), so these names
/// cannot shadow a parameter and need no claiming.
pub const CLOSURE_LOCALS: &[&str] = &["p", "x"];

/// The Rust names of [`METHOD_LOCALS`] in a method whose parameters are
/// named `params`: local -> name to use.
pub fn method_locals<'a>(params: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let mut scope = Scope::with_taken(params);
    METHOD_LOCALS.iter().map(|l| (l.to_string(), scope.claim(l))).collect()
}

/// The feature of a generated manifest that lists every tag's feature,
/// and gates the models no operation reaches.
pub const FULL_FEATURE: &str = "full";

/// Feature names a generated manifest (`Cargo.toml.j2`) defines itself,
/// which a tag's feature must not take: [`FULL_FEATURE`], `default`,
/// which turns it on, and [`MOCK_FEATURE`].
pub const MANIFEST_FEATURES: &[&str] = &["default", FULL_FEATURE, MOCK_FEATURE];

/// The feature of a generated manifest that compiles the typed mock
/// server (`mock`), off by default.
pub const MOCK_FEATURE: &str = "mock";

/// Crates a generated manifest may depend on (`Cargo.toml.j2`), whose
/// names a tag's feature must not take: cargo refuses a feature named like
/// a dependency. The runtime's own dependencies are listed too: manifests
/// carried them when the runtime was a module of the crate, and dropping
/// them now would rename features that existing crates have. A test checks
/// the runtime's manifest against this list.
pub const MANIFEST_DEPENDENCIES: &[&str] = &[
    "openapi-rust-runtime",
    "base64",
    "bytes",
    "chrono",
    "futures-core",
    "futures-util",
    "jiter",
    "percent-encoding",
    "rand",
    "reqwest",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "serde_urlencoded",
    "tokio",
    "tokio-tungstenite",
    "tokio-util",
    "tracing",
    "uuid",
    "wiremock",
];

/// The suffix a tag's feature takes when its plain name is one of
/// [`MANIFEST_FEATURES`] or [`MANIFEST_DEPENDENCIES`]: tag `Default` gets
/// the feature `default-api`.
pub const FEATURE_SUFFIX: &str = "-api";

/// A tag's feature as named from its group's module: kebab case, without
/// the module's `_api` suffix (`job_secret_api` -> `job-secret`).
fn plain_feature(module: &str) -> String {
    let base = module.strip_suffix("_api").unwrap_or(module).trim_matches('_');
    if base.is_empty() {
        return "api".into();
    }
    base.replace('_', "-")
}

/// The Cargo feature of each group, given the groups' module names in
/// order: the module's name in kebab case (`plain_feature`), with
/// [`FEATURE_SUFFIX`] when that is reserved, numbered when taken by an
/// earlier group. Cargo treats `-` and `_` alike in dependency names, so
/// the reserved names are compared in kebab case too. Returns each
/// feature with its plain name when it had to be renamed.
pub fn features<'a>(modules: impl IntoIterator<Item = &'a str>) -> Vec<(String, Option<String>)> {
    let kebab = |s: &str| s.replace('_', "-");
    let reserved: Vec<String> = MANIFEST_FEATURES.iter().chain(MANIFEST_DEPENDENCIES).map(|s| kebab(s)).collect();
    let mut scope = Scope::with_taken(reserved.iter().cloned());
    modules
        .into_iter()
        .map(|module| {
            let plain = plain_feature(module);
            let base = if reserved.contains(&plain) { format!("{plain}{FEATURE_SUFFIX}") } else { plain.clone() };
            let name = scope.claim(&base);
            let renamed = (name != plain).then_some(plain);
            (name, renamed)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setter_and_its_twin_are_claimed_together() {
        let mut scope = Scope::with_taken(BUILDER_METHODS.iter().copied());
        assert_eq!(claim_paired(&mut scope, "timeout", WITH_PREFIX), "timeout2");
        assert_eq!(claim_paired(&mut scope, "foo_with_prefix", WITH_PREFIX), "foo_with_prefix");
        // `foo`'s twin is taken by the setter above: `foo` moves aside.
        assert_eq!(claim_paired(&mut scope, "foo", WITH_PREFIX), "foo2");
        assert_eq!(claim_paired(&mut scope, "r#fn", WITH_PREFIX), "r#fn");
        assert!(scope.contains("fn_with_prefix"));
    }

    #[test]
    fn setters_avoid_the_request_methods_and_fields_yield_to_parameters() {
        assert_eq!(
            request_setters(["limit", "send", "with_options", "send2"]),
            ["limit", "send2", "with_options2", "send2_2"]
        );
        let fields = request_fields(["api", "id", "options"]);
        assert_eq!((fields["api"].as_str(), fields["uploads"].as_str()), ("api2", "uploads"));
    }

    #[test]
    fn model_setters_avoid_the_model_methods_and_each_other() {
        let helpers = vec!["default_limit".to_string(), "with_a".to_string()];
        assert_eq!(
            model_setters(["r#type", "a", "self_", "limit"], &helpers),
            ["with_type", "with_a2", "with_self_", "with_limit"]
        );
    }

    #[test]
    fn operation_enums_avoid_module_items() {
        let mut prefixes = Scope::new();
        let mut items = Scope::with_taken(API_MODULE_ITEMS.iter().copied().chain(["FooError"]));
        assert_eq!(claim_prefix(&mut prefixes, &mut items, "Foo"), "Foo2");
        assert!(items.contains("Foo2Error") && items.contains("Foo2Success") && items.contains("Foo2Request"));
        assert_eq!(claim_prefix(&mut prefixes, &mut items, "Client"), "Client");
        assert_eq!(claim_prefix(&mut prefixes, &mut items, "Client"), "Client2");
    }

    #[test]
    fn features_are_kebab_module_names_away_from_reserved_ones() {
        let got =
            features(["job_secret_api", "default_api", "serde_json_api", "full_api", "job_secret", "api", "type_api"]);
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["job-secret", "default-api", "serde-json-api", "full-api", "job-secret2", "api", "type"]);
        assert_eq!(got[0].1, None);
        assert_eq!(got[1].1.as_deref(), Some("default"));
        assert_eq!(got[4].1.as_deref(), Some("job-secret"));
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
    fn an_upload_method_yields_to_setters_methods_and_other_uploads() {
        let setters = vec!["file_upload".to_string()];
        let got = upload_methods(["file", "r#type", "send", "file"], &setters);
        assert_eq!(got, ["file_upload2", "type_upload", "send_upload", "file_upload3"]);
        for name in &got {
            assert!(!REQUEST_METHODS.contains(&name.as_str()) && !setters.contains(name), "{name}");
        }
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
