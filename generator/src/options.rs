//! The options of a generation, each declared once.
//!
//! One entry of the `options!` list gives an option its library setter
//! (`Config::crate_name`), its command-line flag (`--crate-name`, with the
//! `cli` feature), its key in `sdks.yaml` (`crate_name`) and its
//! documentation with the default stated ([`OPTIONS`], which the README's
//! table is checked against).

use std::path::PathBuf;

use serde::Deserialize;

/// What a generation writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Output {
    /// A crate directory: `Cargo.toml`, `src/`, `docs/`, `README.md`.
    #[default]
    Crate,
    /// One Rust file, `<name>.rs`, to `include!` inside a module of the
    /// user's crate (the build.rs path); the runtime is reached through
    /// the runtime crate, which the user's crate depends on.
    Module,
}

/// The name, documentation and default of one option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionDoc {
    /// The `sdks.yaml` key and setter name; the flag is this in kebab case.
    pub name: &'static str,
    /// What the option does.
    pub doc: &'static str,
    /// The value used when the option is not set.
    pub default: &'static str,
}

impl OptionDoc {
    /// The command-line flag: `--crate-name` for `crate_name`.
    pub fn flag(&self) -> String {
        format!("--{}", self.name.replace('_', "-"))
    }
}

/// Declares the options: the [`Options`] struct (parsed from `sdks.yaml`
/// and, with the `cli` feature, from flags), one setter each on
/// [`crate::Config`], and the [`OPTIONS`] table.
macro_rules! options {
    ($( #[doc = $doc:literal] $name:ident: $ty:ty = $default:literal; )+) => {
        /// Every option of a generation; `None` stands for the default.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
        #[cfg_attr(feature = "cli", derive(clap::Args))]
        #[serde(deny_unknown_fields)]
        pub struct Options {
            $(
                #[doc = $doc]
                #[doc = ""]
                #[doc = concat!("Default: ", $default, ".")]
                #[serde(default)]
                #[cfg_attr(feature = "cli", arg(long, long_help = concat!($doc, "\n\nDefault: ", $default, ".")))]
                pub $name: Option<$ty>,
            )+
        }

        impl crate::Config {
            $(
                #[doc = $doc]
                #[doc = ""]
                #[doc = concat!("Default: ", $default, ".")]
                pub fn $name(&mut self, value: impl Into<$ty>) -> &mut Self {
                    self.options.$name = Some(value.into());
                    self
                }
            )+
        }

        impl Options {
            /// Options set in `other` replace those of `self`.
            pub fn merge(&mut self, other: &Options) {
                $( if other.$name.is_some() { self.$name = other.$name.clone(); } )+
            }
        }

        /// Every option, in declaration order.
        pub const OPTIONS: &[OptionDoc] = &[$( OptionDoc { name: stringify!($name), doc: $doc.trim_ascii(), default: $default } ),+];
    };
}

options! {
    /// Package name of the generated crate; in module output, the file is named after it (`my-api` -> `my_api.rs`).
    crate_name: String = "from the document's title (`Pet Store` -> `pet-store-client`)";
    /// Package version of the generated crate.
    crate_version: String = "`0.1.0`";
    /// A directory whose `*.j2` files replace the embedded templates of the same name.
    templates_dir: PathBuf = "none (the embedded templates)";
    /// What to write: `crate` (a crate directory) or `module` (one `.rs` file to `include!`).
    output: Output = "`crate`";
    /// Depend on the runtime crate at this path (relative to the generated crate), instead of carrying its source.
    runtime_path: PathBuf = "none";
    /// Depend on this version of the runtime crate `openapi-rust-runtime` from the registry, instead of carrying its source.
    runtime_version: String = "none";
    /// The Rust path through which generated code names the runtime crate, for a renamed dependency.
    runtime_crate: String = "`::openapi_rust_runtime`";
    /// Refuse a document that breaks a rule of the specification in a way other tools tolerate (`required: "no"`, an `info` without `version`, a boolean schema in 3.0...), instead of reading it as meant and reporting each deviation.
    strict: bool = "`false`";
    /// Pagination rules, each `<operation id or pattern with *> <how> [items <path>]`, where `<how>` is `cursor <param> from <path>`, `link from <path>`, `link-header`, `page <param>`, `offset <param>` or `none`; the first rule that matches an operation replaces detection (see the README's pagination section).
    pagination: Vec<crate::ir::pagination::PageRule> = "none (detection alone)";
    /// In module output, also write the typed mock server (the module `mock`), compiled when the including crate's feature `mock` is on; that feature must turn on `openapi-rust-runtime/mock`. Crate output always has it, behind the crate's own `mock` feature.
    mock_module: bool = "`false`";
    /// On regeneration of a crate, bump its version by what the change report calls for (compared with the API record the previous generation left, `api-surface.json`) and prepend the report to its `CHANGELOG.md`.
    changelog: bool = "`false`";
}

/// The Rust path of the runtime crate when [`Options::runtime_crate`] is not set.
pub const DEFAULT_RUNTIME_CRATE: &str = "::openapi_rust_runtime";

/// The options as a Markdown table (option, flag, default, what it does),
/// as the README shows it.
pub fn markdown_table() -> String {
    let mut out = String::from("| `sdks.yaml` key / setter | flag | default | what it does |\n|---|---|---|---|\n");
    for o in OPTIONS {
        out.push_str(&format!("| `{}` | `{}` | {} | {} |\n", o.name, o.flag(), o.default, o.doc));
    }
    out
}
