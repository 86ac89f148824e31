//! The plan: everything the templates print, built once from the IR and
//! the options. It holds every Rust name the output uses (claimed here,
//! clear of each other), paths as segments, defaults as values, how each
//! operation and model is read, and the layout (crate or module). Render
//! only fills templates from it; the change report compares plans.
//! Spec strings are escaped here, in one place.

use std::collections::BTreeMap;

use serde::Serialize;

pub mod features;
pub mod filters;
pub mod layout;
mod mocks;
mod models;
mod operations;
mod pages;
mod schemes;
mod stmts;
mod streams;
use crate::ir::{names::Scope, Api, TypeRef};
use crate::options::Options;
pub use features::GateView;
pub use layout::{Layout, RuntimeSource};
pub use mocks::{mock_ops, MockOpView};
pub use models::{models, DefaultFn, FieldView, ModelKind, ModelView, VariantView};
pub use operations::{
    add_examples, collect_shared_errors, operations, ArgView, Decode, OperationView, SharedErrorView, StatusVariantView,
};
pub use pages::PagesView;
pub use schemes::{schemes, SchemeView, SetterKind};
pub use stmts::{BodyCall, BodyStmt, OperationConst, ParamStmt, ParamValue, PartView, PathPart, Stmt};
pub use streams::StreamView;

/// Everything one generation prints.
pub struct Plan {
    /// Crate or module, and where the runtime comes from.
    pub layout: Layout,
    /// The document's title, version, description and servers.
    pub header: ApiHeader,
    /// The package name.
    pub crate_name: String,
    /// The package name as code names it (`my-api` -> `my_api`): doctests
    /// call it as a dependency would.
    pub crate_ident: String,
    /// The package version.
    pub crate_version: String,
    /// The security schemes' credential setters.
    pub schemes: Vec<SchemeView>,
    /// The client's default server: the document's first, else localhost.
    pub default_server: String,
    /// Every server an operation can go to, the default first.
    pub all_servers: Vec<String>,
    /// The manifest's `[features]` lines.
    pub features_manifest: String,
    /// The attribute on the client's runtime field (see
    /// [`features::client_field_cfg`]).
    pub client_field_cfg: String,
    /// How each named type is compiled, by Rust name.
    pub model_gates: BTreeMap<String, GateView>,
    /// One per model, each with a module name of its own.
    pub models: Vec<ModelView>,
    /// One per API group, in the IR's order.
    pub groups: Vec<GroupPlan>,
    /// The error enums operations share (`apis/errors.rs`), by name.
    pub shared_errors: Vec<SharedErrorView>,
    /// The README's example of a mock, when an operation can be mocked.
    pub mock_example: Option<String>,
}

/// The document's header, as the templates show it.
#[derive(Serialize)]
pub struct ApiHeader {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<String>,
}

/// One API group: its names, its operations and their mocks.
pub struct GroupPlan {
    pub view: GroupView,
    pub ops: Vec<OperationView>,
    /// Empty when the layout has no mock server.
    pub mocks: Vec<MockOpView>,
}

/// A group's names and gate, as every template sees them.
#[derive(Serialize)]
pub struct GroupView {
    pub tag: String,
    /// The API struct (`JobSecretApi`).
    pub struct_name: String,
    /// Its module under `apis` (and `mock`).
    pub module: String,
    /// The group's Cargo feature.
    pub feature: String,
    /// The attribute that compiles it with its feature; empty when always.
    pub cfg: String,
    /// The predicate of [`GroupView::cfg`].
    pub pred: String,
    /// Its accessor on the client, clear of the client's other methods.
    pub accessor: String,
    /// Its accessor on the mock server, clear of the server's methods.
    pub mock_accessor: String,
    pub description: Option<String>,
    /// Doc attributes: the description, or a line naming the tag.
    pub doc: String,
}

/// A shared error enum whose errors carry a body pays only when several
/// operations name it (a body-less one is shared whatever the count, as
/// it always was): an operation alone with its error set keeps an enum of
/// its own, under its own name, instead of a long shared one.
fn unshare_lone_body_errors(groups: &mut [GroupPlan]) {
    let mut uses: BTreeMap<String, usize> = BTreeMap::new();
    for name in groups.iter().flat_map(|g| &g.ops).filter_map(|op| op.shared_error.clone()) {
        *uses.entry(name).or_default() += 1;
    }
    for op in groups.iter_mut().flat_map(|g| &mut g.ops) {
        let lone = op.shared_error.as_ref().is_some_and(|n| uses[n] < 2);
        if lone && op.shared_error_body.is_some() {
            op.shared_error = None;
            op.shared_error_body = None;
            op.shared_error_doc.clear();
        }
    }
}

impl Plan {
    /// The plan of `api` under `opts`; `opts.crate_name` is set.
    pub fn build(api: &Api, opts: &Options) -> Plan {
        let layout = Layout::of(opts);
        let features = !layout.sources_only();
        let crate_name = opts.crate_name.clone().unwrap_or_default();
        let crate_ident = crate_name.replace('-', "_");
        let (default_server, all_servers) = servers(api);
        let mut groups = groups(api, &layout, &crate_ident);
        unshare_lone_body_errors(&mut groups);
        let mut shared = BTreeMap::new();
        groups.iter().for_each(|g| collect_shared_errors(&mut shared, &g.ops));
        Plan {
            header: ApiHeader {
                title: api.title.clone(),
                version: api.version.clone(),
                description: api.description.clone(),
                servers: api.servers.clone(),
            },
            crate_version: opts.crate_version.clone().unwrap_or_else(|| "0.1.0".into()),
            schemes: schemes(api, layout.rt()),
            default_server,
            all_servers,
            features_manifest: features::manifest(api),
            client_field_cfg: features::client_field_cfg(api, features),
            model_gates: features::model_gates(api, features),
            models: model_views(api),
            shared_errors: shared.into_values().collect(),
            mock_example: mocks::readme_example(&groups, &crate_ident),
            groups,
            crate_name,
            crate_ident,
            layout,
        }
    }

    /// The README's table of operations: per group, each operation's
    /// method name, HTTP method, path and summary.
    pub fn readme_operations(&self) -> BTreeMap<&str, Vec<[&str; 4]>> {
        fn row(o: &OperationView) -> [&str; 4] {
            [o.fn_name.as_str(), o.method.as_str(), o.path.as_str(), o.summary.as_str()]
        }
        self.groups.iter().map(|g| (g.view.struct_name.as_str(), g.ops.iter().map(row).collect())).collect()
    }
}

/// The model views, each with a module name of its own (`mod` is taken
/// by the models' `mod.rs`).
fn model_views(api: &Api) -> Vec<ModelView> {
    let mut module_scope = Scope::with_taken(["mod"]);
    let mut models = models(api, "super");
    for m in &mut models {
        m.module = module_scope.claim(&m.module);
    }
    models
}

/// The groups: names clear of the client's and the mock server's methods,
/// operations with their doc examples (crates only), and mocks.
fn groups(api: &Api, layout: &Layout, krate: &str) -> Vec<GroupPlan> {
    let mut accessors = Scope::with_taken(crate::ir::reserved::CLIENT_METHODS.iter().copied());
    let mut mock_accessors = Scope::with_taken(crate::ir::reserved::MOCK_SERVER_METHODS.iter().copied());
    let gates = features::group_gates(api, !layout.sources_only());
    let groups = api.groups.iter().zip(api.features().into_iter().zip(gates));
    groups
        .map(|(g, (feature, gate))| {
            let base = crate::ir::names::snake_name(g.struct_name.trim_end_matches("Api"));
            let default_doc = format!("Operations tagged `{}`.", filters::md_code(&g.tag));
            let view = GroupView {
                tag: g.tag.clone(),
                struct_name: g.struct_name.clone(),
                module: g.module.clone(),
                feature,
                cfg: gate.cfg,
                pred: gate.pred,
                accessor: accessors.claim(&base),
                mock_accessor: mock_accessors.claim(&base),
                description: g.description.clone(),
                doc: filters::doc_attrs(g.description.as_deref().unwrap_or(&default_doc)),
            };
            let mut ops = operations(g, layout.rt());
            if !layout.sources_only() {
                add_examples(&mut ops, krate, &view.accessor);
            }
            let mocks = if layout.mocks() { mock_ops(g, layout.rt()) } else { Vec::new() };
            GroupPlan { view, ops, mocks }
        })
        .collect()
}

/// The client's default server (the document's first, else localhost)
/// and every server an operation can go to, the default first.
fn servers(api: &Api) -> (String, Vec<String>) {
    let default_server = api.servers.first().cloned().unwrap_or_else(|| "http://localhost".to_string());
    let mut all_servers: Vec<String> = vec![default_server.clone()];
    let per_op = api.groups.iter().flat_map(|g| g.operations.iter()).flat_map(|o| o.servers.iter());
    for s in api.servers.iter().chain(per_op) {
        if !all_servers.contains(s) {
            all_servers.push(s.clone());
        }
    }
    (default_server, all_servers)
}

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
