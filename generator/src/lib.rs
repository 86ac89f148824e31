//! Generates typed Rust clients from OpenAPI 3.0 and 3.1 documents.
//!
//! # From `build.rs`
//!
//! [`Config::compile`] writes the client as one module file into
//! `OUT_DIR`, to be `include!`d anywhere in the crate, and tells cargo to
//! rerun the build script when the document, a file it `$ref`s, or the
//! templates directory changes. The crate depends on the runtime crate
//! `openapi-rust-runtime` and on `serde`, `serde_json`, `chrono` and `uuid`,
//! and takes this library as a build dependency without its `cli` feature.
//! This is `examples/inventory` of this repository, compiled and tested in
//! its CI:
//!
//! ```ignore
#![doc = include_str!("../../examples/inventory/build.rs")]
//! ```
//!
//! ```ignore
#![doc = include_str!("../../examples/inventory/src/lib.rs")]
//! ```
//!
//! # Pipeline
//!
//! [`load`] (YAML/JSON, external `$ref`s bundled, 3.1 lowered) ->
//! [`ir`] (the project's own model) -> [`render`] (minijinja templates,
//! every Rust file laid out by a linear formatter; parsed by `syn` only
//! when the templates are custom ones, and printed by `prettyplease` only
//! in module output) -> [`mod@write`] (atomic, only changed bytes).

pub mod cache;
pub mod diff;
pub mod error;
pub mod expand;
pub mod ir;
pub mod load;
pub mod options;
pub mod plan;
pub mod render;
pub mod report;
pub mod sdks;
pub mod surface;
pub mod write;

#[cfg(test)]
mod crossref_tests;
#[cfg(test)]
mod deviation_tests;
#[cfg(test)]
mod feature_tests;
#[cfg(test)]
mod pages_tests;
#[cfg(test)]
mod sharing_tests;
#[cfg(test)]
mod spec_tests;
#[cfg(test)]
mod stream_tests;

use std::path::{Path, PathBuf};

pub use error::{Error, Result, SpecProblem};
pub use options::{Options, Output, OPTIONS};
pub use report::Report;

/// One generation: the document, and the options set one by one (each
/// setter is documented with its default; see [`options`]).
#[derive(Debug, Clone)]
pub struct Config {
    spec: PathBuf,
    options: Options,
    out_dir: Option<PathBuf>,
}

/// The result of [`Config::generate`]: files in memory, not yet written.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Relative path -> contents: the files of a crate, or the one module
    /// file of [`Output::Module`].
    pub files: render::Files,
    /// What was generated.
    pub output: Output,
    /// Every file the spec reached, for `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// What was simplified.
    pub report: Report,
    /// The IR the files were rendered from.
    pub api: ir::Api,
}

impl Generated {
    /// Writes the output atomically, rewriting only changed files: a crate
    /// becomes the whole content of the directory `out`; a module file is
    /// written into the directory `out`, leaving its other files alone.
    pub fn write_to(&self, out: &Path) -> Result<write::WriteSummary> {
        match self.output {
            Output::Crate => write::write_crate(out, &self.files),
            Output::Module => write::write_files(out, &self.files),
        }
    }

    /// What [`Generated::write_to`] would change in `out`, writing nothing:
    /// files new or different (`written`) and, for crate output, files on
    /// disk that are no longer generated (`removed`). Both empty means the
    /// output on disk is current.
    pub fn compare_to(&self, out: &Path) -> Result<write::WriteSummary> {
        match self.output {
            Output::Crate => write::compare(out, &self.files),
            Output::Module => write::compare_files(out, &self.files),
        }
    }
}

impl Config {
    /// A configuration for the spec at `spec`, every option at its default.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Config { spec: spec.into(), options: Options::default(), out_dir: None }
    }

    /// Sets every option that `options` sets (the others keep their value).
    pub fn options(&mut self, options: &Options) -> &mut Self {
        self.options.merge(options);
        self
    }

    /// The options as set so far.
    pub fn current_options(&self) -> &Options {
        &self.options
    }

    /// Where [`Config::compile`] writes the module file. Default: the
    /// `OUT_DIR` cargo gives build scripts.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Loads and checks the spec, returning the IR and the report.
    pub fn check(&self) -> Result<(ir::Api, Report, Vec<PathBuf>)> {
        let mut report = Report::default();
        let loaded = load::load(&self.spec, self.leniency(), &mut report)?;
        let mut api = ir::build(&loaded.doc, &loaded.root, &mut report)?;
        self.paginate(&mut api, &mut report);
        Ok((api, report, loaded.files.into_iter().collect()))
    }

    /// Generates from a document held in memory (`name` labels it in
    /// errors and anchors relative `$ref`s); nothing is read but what its
    /// `$ref`s name.
    pub fn generate_text(&self, name: &Path, text: &str) -> Result<Generated> {
        let mut report = Report::default();
        let loaded = load::load_text(name, text, self.leniency(), &mut report)?;
        let mut api = ir::build(&loaded.doc, &loaded.root, &mut report)?;
        self.paginate(&mut api, &mut report);
        self.render(api, report, loaded.files.into_iter().collect())
    }

    /// Marks the paginated operations, by the `pagination` rules or by
    /// detection.
    fn paginate(&self, api: &mut ir::Api, report: &mut Report) {
        ir::pagination::paginate(api, self.options.pagination.as_deref().unwrap_or_default(), report);
    }

    /// Loads, builds the IR and renders the output in memory.
    pub fn generate(&self) -> Result<Generated> {
        let (api, report, inputs) = self.check()?;
        self.render(api, report, inputs)
    }

    /// The build-script call: generates the module output, writes it into
    /// [`Config::out_dir`] (default `OUT_DIR`) and prints
    /// `cargo:rerun-if-changed` for the document, every file its `$ref`s
    /// reach, and the templates directory. The file is
    /// `<crate name in snake case>.rs`; nothing is rewritten when its bytes
    /// did not change.
    pub fn compile(&self) -> Result<Generated> {
        let mut config = self.clone();
        config.options.output = Some(Output::Module);
        let out = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Config("`OUT_DIR` is not set: call `out_dir` outside a build script".into()))?,
        };
        // Printed before generating, so a fix to a broken spec reruns the script.
        println!("cargo:rerun-if-changed={}", self.spec.display());
        if let Some(dir) = &self.options.templates_dir {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        let generated = config.generate()?;
        for file in generated.inputs.iter().filter(|f| **f != self.spec) {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        generated.write_to(&out)?;
        Ok(generated)
    }

    fn leniency(&self) -> load::Leniency {
        if self.options.strict.unwrap_or(false) {
            load::Leniency::Strict
        } else {
            load::Leniency::Lenient
        }
    }

    fn render(&self, api: ir::Api, report: Report, inputs: Vec<PathBuf>) -> Result<Generated> {
        let mut options = self.options.clone();
        let crate_name = options.crate_name.clone().unwrap_or_else(|| default_crate_name(&api.title));
        if crate_name.is_empty() || !crate_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(Error::Config(format!("crate name `{crate_name}` is not a valid package name")));
        }
        options.crate_name = Some(crate_name);
        let plan = plan::Plan::build(&api, &options);
        let files = render::render(&api, &plan, options.templates_dir.as_deref())?;
        Ok(Generated { files, output: plan.layout.output(), inputs, report, api })
    }
}

/// The build-script shortcut: [`Config::compile`] of `spec` with every
/// option at its default.
pub fn compile(spec: impl Into<PathBuf>) -> Result<Generated> {
    Config::new(spec).compile()
}

/// `Vonage Account API` -> `vonage-account-api-client`.
pub fn default_crate_name(title: &str) -> String {
    let base = heck::ToKebabCase::to_kebab_case(
        title.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect::<String>().as_str(),
    );
    if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{base}-client").replace("--", "-")
    } else {
        format!("{base}-client")
    }
}
