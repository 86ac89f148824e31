//! Generates typed Rust client crates from OpenAPI 3.0 and 3.1 documents.
//!
//! # From `build.rs`
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("petstore");
//!     let generated = generator::Config::new("openapi.yaml")
//!         .crate_name("petstore-client")
//!         .generate()?;
//!     generated.write_to(&out)?;
//!     for file in &generated.inputs {
//!         println!("cargo:rerun-if-changed={}", file.display());
//!     }
//!     Ok(())
//! }
//! ```
//!
//! # Pipeline
//!
//! [`load`] (YAML/JSON, external `$ref`s bundled, 3.1 lowered) ->
//! [`ir`] (the project's own model) -> [`render`] (minijinja templates,
//! every Rust file re-parsed by `syn` and printed by `prettyplease`) ->
//! [`write`] (atomic, only changed bytes).

pub mod diff;
pub mod error;
pub mod ir;
pub mod load;
pub mod render;
pub mod report;
pub mod sdks;
pub mod write;

#[cfg(test)]
mod spec_tests;

use std::path::{Path, PathBuf};

pub use error::{Error, Result, SpecProblem};
pub use report::Report;

/// Options of one generation, set one by one.
#[derive(Debug, Clone)]
pub struct Config {
    spec: PathBuf,
    crate_name: Option<String>,
    crate_version: String,
    templates_dir: Option<PathBuf>,
}

/// The result of [`Config::generate`]: files in memory, not yet written.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Relative path -> contents.
    pub files: render::Files,
    /// Every file the spec reached, for `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// What was simplified.
    pub report: Report,
    /// The IR the files were rendered from.
    pub api: ir::Api,
}

impl Generated {
    /// Writes the crate to `out` atomically, rewriting only changed files.
    pub fn write_to(&self, out: &Path) -> Result<write::WriteSummary> {
        write::write_crate(out, &self.files)
    }
}

impl Config {
    /// A configuration for the spec at `spec`.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Config { spec: spec.into(), crate_name: None, crate_version: "0.1.0".into(), templates_dir: None }
    }

    /// Package name of the generated crate. Default: from the spec's title.
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.crate_name = Some(name.into());
        self
    }

    /// Package version of the generated crate. Default `0.1.0`.
    pub fn crate_version(&mut self, version: impl Into<String>) -> &mut Self {
        self.crate_version = version.into();
        self
    }

    /// A directory of templates overriding the embedded ones, file by file.
    /// Default: none.
    pub fn templates_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.templates_dir = Some(dir.into());
        self
    }

    /// Loads and checks the spec, returning the IR and the report.
    pub fn check(&self) -> Result<(ir::Api, Report, Vec<PathBuf>)> {
        let mut report = Report::default();
        let loaded = load::load(&self.spec, &mut report)?;
        let api = ir::build(&loaded.doc, &loaded.root, &mut report)?;
        Ok((api, report, loaded.files.into_iter().collect()))
    }

    /// Generates from a document held in memory (`name` labels it in
    /// errors and anchors relative `$ref`s); nothing is read but what its
    /// `$ref`s name.
    pub fn generate_text(&self, name: &Path, text: &str) -> Result<Generated> {
        let mut report = Report::default();
        let loaded = load::load_text(name, text, &mut report)?;
        let api = ir::build(&loaded.doc, &loaded.root, &mut report)?;
        self.render(api, report, loaded.files.into_iter().collect())
    }

    /// Loads, builds the IR and renders the crate in memory.
    pub fn generate(&self) -> Result<Generated> {
        let (api, report, inputs) = self.check()?;
        self.render(api, report, inputs)
    }

    fn render(&self, api: ir::Api, report: Report, inputs: Vec<PathBuf>) -> Result<Generated> {
        let crate_name = match &self.crate_name {
            Some(n) => n.clone(),
            None => default_crate_name(&api.title),
        };
        if crate_name.is_empty() || !crate_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(Error::Config(format!("crate name `{crate_name}` is not a valid package name")));
        }
        let opts = render::RenderOptions {
            crate_name,
            crate_version: self.crate_version.clone(),
            templates_dir: self.templates_dir.clone(),
        };
        let files = render::render(&api, &opts)?;
        Ok(Generated { files, inputs, report, api })
    }
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
