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

mod format;
mod module;
mod pool;
mod runtime;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::{context, Environment, UndefinedBehavior};

use crate::error::{Error, Result};
use crate::ir::Api;
use crate::options::Output;
use crate::plan::{filters, GroupView, Plan};

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

fn environment(templates_dir: Option<&Path>) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    for (name, text) in DEFAULT_TEMPLATES {
        let text = match templates_dir {
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

/// Renders the files `plan` lays out: a crate's, or one module file. The
/// API record is `api`'s.
pub fn render(api: &Api, plan: &Plan, templates_dir: Option<&Path>) -> Result<Files> {
    let crate_files = render_crate(api, plan, templates_dir)?;
    match plan.layout.output() {
        Output::Crate => Ok(crate_files),
        Output::Module => {
            let file = format!("{}.rs", plan.crate_ident);
            Ok(Files::from([(PathBuf::from(file), module::flatten(&crate_files)?)]))
        }
    }
}

/// Renders the files of a crate (only its Rust sources for module output).
fn render_crate(api: &Api, plan: &Plan, templates_dir: Option<&Path>) -> Result<Files> {
    // The API record needs no template: it is built on a thread of its own
    // while the templates are filled, instead of after them.
    std::thread::scope(|scope| {
        let record = (!plan.layout.sources_only()).then(|| scope.spawn(|| crate::surface::record(api)));
        let mut files = render_templates(plan, templates_dir)?;
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
fn render_templates(plan: &Plan, templates_dir: Option<&Path>) -> Result<Files> {
    let env = environment(templates_dir)?;
    let sources_only = plan.layout.sources_only();
    let base = base_context(plan);

    // Templates are rendered (and Rust files laid out) as
    // independent jobs, spread over the machine's cores from the first one
    // queued; results are kept in job order, so output and the first error
    // are deterministic.
    let mut jobs = pool::Pool::start(env, templates_dir.is_some());
    let mut rust = |template: &'static str, out: String, ctx: minijinja::Value| {
        jobs.push(pool::Job { template, out: PathBuf::from(out), ctx, rust: true })
    };
    rust("lib.rs.j2", "src/lib.rs".into(), base.clone());
    rust("client.rs.j2", "src/client.rs".into(), base.clone());
    // Each view is converted once; the list shares the converted values.
    let model_values: Vec<minijinja::Value> = plan.models.iter().map(minijinja::Value::from_serialize).collect();
    let models_value = minijinja::Value::from(model_values.clone());
    rust("models_mod.rs.j2", "src/models/mod.rs".into(), context! { models => models_value.clone(), ..base.clone() });
    let model_ctxs: Vec<minijinja::Value> =
        model_values.into_iter().map(|m| context! { m => m, ..base.clone() }).collect();
    for (m, ctx) in plan.models.iter().zip(&model_ctxs) {
        rust("model.rs.j2", format!("src/models/{}.rs", m.module), ctx.clone());
    }
    rust("apis_mod.rs.j2", "src/apis/mod.rs".into(), base.clone());
    if plan.layout.mocks() {
        rust("mock_mod.rs.j2", "src/mock/mod.rs".into(), base.clone());
    }
    let mut api_docs = Vec::new();
    for g in &plan.groups {
        let gv = minijinja::Value::from_serialize(&g.view);
        let ctx = context! { g => gv.clone(), ops => minijinja::Value::from_serialize(&g.ops), ..base.clone() };
        rust("api.rs.j2", format!("src/apis/{}.rs", g.view.module), ctx.clone());
        if plan.layout.mocks() {
            let mocks = minijinja::Value::from_serialize(&g.mocks);
            let mock_ctx = context! { g => gv, mocks => mocks, ..base.clone() };
            rust("mock.rs.j2", format!("src/mock/{}.rs", g.view.module), mock_ctx);
        }
        api_docs.push((format!("docs/{}.md", g.view.struct_name), ctx));
    }
    let errors_value = minijinja::Value::from_serialize(&plan.shared_errors);
    rust("errors.rs.j2", "src/apis/errors.rs".into(), context! { errors => errors_value, ..base.clone() });
    let mut text = |template: &'static str, out: String, ctx: minijinja::Value| {
        if !sources_only {
            jobs.push(pool::Job { template, out: PathBuf::from(out), ctx, rust: false })
        }
    };
    for (path, ctx) in api_docs {
        text("docs/api.md.j2", path, ctx);
    }
    for (m, ctx) in plan.models.iter().zip(model_ctxs) {
        text("docs/model.md.j2", format!("docs/{}.md", m.name), ctx);
    }
    let g_ops = minijinja::Value::from_serialize(plan.readme_operations());
    let mock_example = plan.mock_example.clone();
    let readme = context! { models => models_value, g_ops => g_ops, mock_example => mock_example, ..base.clone() };
    text("README.md.j2", "README.md".into(), readme);
    text("rustfmt.toml.j2", "rustfmt.toml".into(), base.clone());
    text("Cargo.toml.j2", "Cargo.toml".into(), base);
    let mut files: Files = jobs.finish()?.into_iter().collect();
    if plan.layout.carried_runtime() {
        files.extend(runtime::carried_package_files(&plan.crate_name));
    }
    Ok(files)
}

/// What every template sees.
fn base_context(plan: &Plan) -> minijinja::Value {
    let features = !plan.layout.sources_only();
    let groups: Vec<&GroupView> = plan.groups.iter().map(|g| &g.view).collect();
    context! {
        api => minijinja::Value::from_serialize(&plan.header),
        crate_name => plan.crate_name.clone(),
        crate_version => plan.crate_version.clone(),
        schemes => minijinja::Value::from_serialize(&plan.schemes),
        rt => plan.layout.rt(),
        vendored => plan.layout.carried_runtime(),
        doc_examples => features,
        crate_ident => plan.crate_ident.clone(),
        runtime_dependency => runtime::dependency(&plan.layout, &plan.crate_name),
        groups => minijinja::Value::from_serialize(groups),
        default_server => plan.default_server.clone(),
        all_servers => plan.all_servers.clone(),
        features => features,
        mock => plan.layout.mocks(),
        features_manifest => plan.features_manifest.clone(),
        client_field_cfg => plan.client_field_cfg.clone(),
        model_gates => minijinja::Value::from_serialize(&plan.model_gates),
    }
}
