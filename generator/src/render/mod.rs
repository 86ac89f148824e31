//! Rendering: IR -> files of a crate, through minijinja templates.
//!
//! Every `.rs` file is laid out by `format.rs`, a linear pass that keeps the
//! template's line breaks and fixes indentation and blank lines; it does
//! not parse. Parsing every file with `syn` and printing it with
//! `prettyplease` was over half of a fresh generation's time (issue 12),
//! so `syn` now checks only what custom templates (`--templates-dir`)
//! render, where a broken template fails here with its name and line
//! instead of in the user's build; the embedded templates' output is
//! parsed and compiled by the tests. Module output (`module.rs`) still goes
//! through `syn` and `prettyplease`, which it needs to flatten the crate.

mod filters;
mod format;
mod module;
mod pool;
mod runtime;
pub mod view;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::{context, Environment, UndefinedBehavior};

use crate::error::{Error, Result};
use crate::ir::{names::Scope, Api};
use crate::options::{Options, Output};

/// The templates embedded in the generator.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("Cargo.toml.j2", include_str!("../../../templates/Cargo.toml.j2")),
    ("rustfmt.toml.j2", include_str!("../../../templates/rustfmt.toml.j2")),
    ("lib.rs.j2", include_str!("../../../templates/lib.rs.j2")),
    ("client.rs.j2", include_str!("../../../templates/client.rs.j2")),
    ("models_mod.rs.j2", include_str!("../../../templates/models_mod.rs.j2")),
    ("model.rs.j2", include_str!("../../../templates/model.rs.j2")),
    ("apis_mod.rs.j2", include_str!("../../../templates/apis_mod.rs.j2")),
    ("api.rs.j2", include_str!("../../../templates/api.rs.j2")),
    ("errors.rs.j2", include_str!("../../../templates/errors.rs.j2")),
    ("mock_mod.rs.j2", include_str!("../../../templates/mock_mod.rs.j2")),
    ("mock.rs.j2", include_str!("../../../templates/mock.rs.j2")),
    ("README.md.j2", include_str!("../../../templates/README.md.j2")),
    ("docs/api.md.j2", include_str!("../../../templates/docs/api.md.j2")),
    ("docs/model.md.j2", include_str!("../../../templates/docs/model.md.j2")),
];

/// The rendered crate: relative path -> contents, in path order.
pub type Files = BTreeMap<PathBuf, String>;

fn environment(opts: &Options) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    for (name, text) in DEFAULT_TEMPLATES {
        let text = match &opts.templates_dir {
            Some(dir) if dir.join(name).exists() => {
                let path = dir.join(name);
                std::fs::read_to_string(&path).map_err(|source| Error::Read { path, source })?
            }
            _ => (*text).to_string(),
        };
        env.add_template_owned(name.to_string(), text).map_err(|e| template_error(name, &e))?;
    }
    env.add_filter("lit", |s: String| filters::lit(&s));
    env.add_filter("doc", |s: Option<String>| filters::doc_attrs(s.as_deref().unwrap_or_default()));
    env.add_filter("doc_inner", |s: Option<String>| filters::doc_inner(s.as_deref().unwrap_or_default()));
    env.add_filter("toml", |s: String| filters::toml(&s));
    env.add_filter("md", |s: Option<String>| filters::md_cell(s.as_deref().unwrap_or_default()));
    env.add_filter("md_code", |s: String| filters::md_code(&s));
    Ok(env)
}

fn template_error(name: &str, e: &minijinja::Error) -> Error {
    let mut message = e.to_string();
    if let Some(line) = e.line() {
        message = format!("line {line}: {message}");
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    Error::Template { template: name.to_string(), message }
}

fn render_one(env: &Environment, name: &str, ctx: minijinja::Value) -> Result<String> {
    let tmpl = env.get_template(name).map_err(|e| template_error(name, &e))?;
    tmpl.render(ctx).map_err(|e| template_error(name, &e))
}

/// Lays out a rendered Rust file under the generated-file header. With
/// `check` (custom templates), the file is first parsed, so a template
/// that renders invalid Rust fails here, with its name and line, instead
/// of in the user's build; the embedded templates are checked by the
/// tests, which parse and compile what they render.
fn format_rust(template: &str, out: &Path, code: &str, check: bool) -> Result<String> {
    if check {
        syn::parse_file(code).map_err(|e| {
            let start = e.span().start();
            let line = code.lines().nth(start.line.saturating_sub(1)).unwrap_or_default().trim();
            Error::Template {
                template: template.to_string(),
                message: format!(
                    "rendered invalid rust in `{}` at line {} column {}: {e} (near `{line}`)",
                    out.display(),
                    start.line,
                    start.column
                ),
            }
        })?;
    }
    Ok(format!("// @generated by the openapi-rust generator; do not edit.\n\n{}", format::format(code)))
}

/// Renders the output `opts` asks for: a crate's files, or one module file.
pub fn render(api: &Api, opts: &Options) -> Result<Files> {
    let crate_files = render_crate(api, opts)?;
    match opts.output.unwrap_or_default() {
        Output::Crate => Ok(crate_files),
        Output::Module => {
            let crate_name = opts.crate_name.clone().unwrap_or_default();
            let file = format!("{}.rs", crate_name.replace('-', "_"));
            Ok(Files::from([(PathBuf::from(file), module::flatten(&crate_files)?)]))
        }
    }
}

/// Renders the files of a crate (only its Rust sources for module output).
fn render_crate(api: &Api, opts: &Options) -> Result<Files> {
    let sources_only = opts.sources_only();
    // The API record needs no template: it is built on a thread of its own
    // while the views are prepared, instead of after the rendering.
    std::thread::scope(|scope| {
        let record = (!sources_only).then(|| scope.spawn(|| crate::surface::record(api)));
        let mut files = render_templates(api, opts)?;
        if let Some(record) = record {
            let text = record.join().map_err(|_| Error::Template {
                template: crate::surface::RECORD.into(),
                message: "the thread writing the record panicked".into(),
            })?;
            files.insert(PathBuf::from(crate::surface::RECORD), text);
        }
        Ok(files)
    })
}

/// The files of a crate that come from templates, and the carried runtime.
fn render_templates(api: &Api, opts: &Options) -> Result<Files> {
    let env = environment(opts)?;
    let rt = opts.runtime_rust_path();
    let sources_only = opts.sources_only();
    let crate_ident = crate_ident(opts);
    let models = model_views(api);
    // Features exist in a crate only: module output compiles everything.
    let groups = group_values(api, !sources_only);
    let base = base_context(api, opts, &rt, &groups);

    // Templates are rendered (and Rust files laid out) as
    // independent jobs, spread over the machine's cores from the first one
    // queued; results are kept in job order, so output and the first error
    // are deterministic.
    let mut jobs = pool::Pool::start(env, opts.templates_dir.is_some());
    let mut rust = |template: &'static str, out: String, ctx: minijinja::Value| {
        jobs.push(pool::Job { template, out: PathBuf::from(out), ctx, rust: true })
    };
    rust("lib.rs.j2", "src/lib.rs".into(), base.clone());
    rust("client.rs.j2", "src/client.rs".into(), base.clone());
    // Each view is converted once; the list shares the converted values.
    let model_values: Vec<minijinja::Value> = models.iter().map(minijinja::Value::from_serialize).collect();
    let models_value = minijinja::Value::from(model_values.clone());
    rust("models_mod.rs.j2", "src/models/mod.rs".into(), context! { models => models_value.clone(), ..base.clone() });
    let model_ctxs: Vec<minijinja::Value> =
        model_values.into_iter().map(|m| context! { m => m, ..base.clone() }).collect();
    for (m, ctx) in models.iter().zip(&model_ctxs) {
        rust("model.rs.j2", format!("src/models/{}.rs", m.module), ctx.clone());
    }
    rust("apis_mod.rs.j2", "src/apis/mod.rs".into(), base.clone());
    if opts.mocks() {
        rust("mock_mod.rs.j2", "src/mock/mod.rs".into(), base.clone());
    }
    let mut api_docs = Vec::new();
    let mut mock_groups = Vec::new();
    let mut shared_errors = std::collections::BTreeMap::new();
    for (g, gv) in api.groups.iter().zip(&groups) {
        let mut ops = view::operations(g, &rt);
        view::collect_shared_errors(&mut shared_errors, &ops);
        if !sources_only {
            let accessor = gv.get_attr("accessor").map(|a| a.to_string()).unwrap_or_default();
            view::add_examples(&mut ops, &crate_ident, &accessor);
        }
        let ops_value = minijinja::Value::from_serialize(&ops);
        let ctx = context! { g => gv.clone(), ops => ops_value.clone(), ..base.clone() };
        rust("api.rs.j2", format!("src/apis/{}.rs", g.module), ctx.clone());
        if opts.mocks() {
            let ops = view::mock_ops(g, &rt);
            let mocks = minijinja::Value::from_serialize(&ops);
            let mock_ctx = context! { g => gv.clone(), mocks => mocks, ..base.clone() };
            rust("mock.rs.j2", format!("src/mock/{}.rs", g.module), mock_ctx);
            let accessor = gv.get_attr("mock_accessor").map(|a| a.to_string()).unwrap_or_default();
            let pred = gv.get_attr("pred").map(|a| a.to_string()).unwrap_or_default();
            mock_groups.push((accessor, pred, ops));
        }
        api_docs.push((format!("docs/{}.md", g.struct_name), ctx));
    }
    let shared_errors: Vec<_> = shared_errors.into_values().collect();
    let errors_value = minijinja::Value::from_serialize(&shared_errors);
    rust("errors.rs.j2", "src/apis/errors.rs".into(), context! { errors => errors_value, ..base.clone() });
    let mut text = |template: &'static str, out: String, ctx: minijinja::Value| {
        if !sources_only {
            jobs.push(pool::Job { template, out: PathBuf::from(out), ctx, rust: false })
        }
    };
    for (path, ctx) in api_docs {
        text("docs/api.md.j2", path, ctx);
    }
    for (m, ctx) in models.iter().zip(model_ctxs) {
        text("docs/model.md.j2", format!("docs/{}.md", m.name), ctx);
    }
    let g_ops = minijinja::Value::from_serialize(readme_operations(api));
    let mock_example = view::mock_readme_example(&mock_groups, &crate_ident);
    text(
        "README.md.j2",
        "README.md".into(),
        context! { models => models_value, g_ops => g_ops, mock_example => mock_example, ..base.clone() },
    );
    text("rustfmt.toml.j2", "rustfmt.toml".into(), base.clone());
    text("Cargo.toml.j2", "Cargo.toml".into(), base);
    let mut files: Files = jobs.finish()?.into_iter().collect();
    if opts.vendored_runtime() {
        files.extend(runtime::carried_package_files(opts));
    }
    Ok(files)
}

/// The crate's name as code names it (`my-api` -> `my_api`): doctests
/// call it as a dependency would.
fn crate_ident(opts: &Options) -> String {
    opts.crate_name.clone().unwrap_or_default().replace('-', "_")
}

/// The model views, each with a module name of its own (`mod` is taken
/// by the models' `mod.rs`).
fn model_views(api: &Api) -> Vec<view::ModelView> {
    let mut module_scope = Scope::with_taken(["mod"]);
    let mut models = view::models(api, "super");
    for m in &mut models {
        m.module = module_scope.claim(&m.module);
    }
    models
}

/// One template value per group: its names, its feature and gate, and its
/// accessor on the client, clear of the client's other methods.
fn group_values(api: &Api, features: bool) -> Vec<minijinja::Value> {
    let mut accessors = Scope::with_taken(crate::ir::reserved::CLIENT_METHODS.iter().copied());
    let mut mock_accessors = Scope::with_taken(crate::ir::reserved::MOCK_SERVER_METHODS.iter().copied());
    let group_gates = view::features::group_gates(api, features);
    api.groups
        .iter()
        .zip(api.features().into_iter().zip(&group_gates))
        .map(|(g, (feature, gate))| {
            let base = crate::ir::names::snake_name(g.struct_name.trim_end_matches("Api"));
            let (accessor, mock_accessor) = (accessors.claim(&base), mock_accessors.claim(&base));
            let default_doc = format!("Operations tagged `{}`.", filters::md_code(&g.tag));
            minijinja::Value::from_serialize(serde_json::json!({
                "tag": g.tag,
                "struct_name": g.struct_name,
                "module": g.module,
                "feature": feature,
                "cfg": gate.cfg,
                "pred": gate.pred,
                "accessor": accessor,
                "mock_accessor": mock_accessor,
                "description": g.description,
                "doc": filters::doc_attrs(g.description.as_deref().unwrap_or(&default_doc)),
            }))
        })
        .collect()
}

/// What every template sees.
fn base_context(api: &Api, opts: &Options, rt: &str, groups: &[minijinja::Value]) -> minijinja::Value {
    let sources_only = opts.sources_only();
    let features = !sources_only;
    let (default_server, all_servers) = servers(api);
    context! {
        api => minijinja::Value::from_serialize(api_header(api)),
        crate_name => opts.crate_name.clone().unwrap_or_default(),
        crate_version => opts.crate_version.clone().unwrap_or_else(|| "0.1.0".into()),
        schemes => minijinja::Value::from_serialize(view::schemes(api, rt)),
        rt => rt,
        vendored => opts.vendored_runtime(),
        doc_examples => !sources_only,
        crate_ident => crate_ident(opts),
        runtime_dependency => runtime::dependency(opts),
        groups => groups.to_vec(),
        default_server => default_server,
        all_servers => all_servers,
        features => features,
        mock => opts.mocks(),
        features_manifest => view::features::manifest(api),
        client_field_cfg => view::features::client_field_cfg(api, features),
        model_gates => minijinja::Value::from_serialize(view::features::model_gates(api, features)),
    }
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

/// The README's table of operations: per group, each operation's method
/// name, HTTP method, path and summary.
fn readme_operations(api: &Api) -> BTreeMap<String, Vec<[String; 4]>> {
    api.groups
        .iter()
        .map(|g| {
            let ops = g
                .operations
                .iter()
                .map(|o| {
                    [o.fn_name.clone(), o.method.to_string(), o.path.clone(), o.summary.clone().unwrap_or_default()]
                })
                .collect();
            (g.struct_name.clone(), ops)
        })
        .collect()
}

fn api_header(api: &Api) -> serde_json::Value {
    serde_json::json!({
        "title": api.title,
        "version": api.version,
        "description": api.description,
        "servers": api.servers,
    })
}
