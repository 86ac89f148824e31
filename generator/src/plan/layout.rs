//! The layout of the output, decided once from the options: a crate or a
//! module, where its runtime comes from, and what it carries besides its
//! sources. Every choice that differs between crate and module output
//! reads this, not the options.

use std::path::PathBuf;

use crate::options::{Options, Output, DEFAULT_RUNTIME_CRATE};

/// What is generated and how it reaches its runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A crate directory: manifest, Markdown docs, features per tag and the
    /// typed mock server behind its `mock` feature.
    Crate {
        /// Where the crate's runtime dependency comes from.
        runtime: RuntimeSource,
    },
    /// One `.rs` file to `include!` from a build script: sources only.
    Module {
        /// The Rust path generated code names the runtime by.
        rt: String,
        /// Whether the typed mock server is written too (`mock_module`).
        mocks: bool,
    },
}

/// Where a generated crate's runtime comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A copy carried in the crate (`runtime/`), as a package of its own.
    Carried,
    /// A dependency on the runtime crate at a path, a registry version, or
    /// both; with neither, the generator's own runtime version.
    Dependency {
        /// The path relative to the generated crate.
        path: Option<PathBuf>,
        /// The registry version.
        version: Option<String>,
        /// The Rust path generated code names it by (a renamed dependency).
        rt: String,
    },
}

impl Layout {
    /// The layout `opts` ask for.
    pub fn of(opts: &Options) -> Layout {
        let rt = || opts.runtime_crate.clone().unwrap_or_else(|| DEFAULT_RUNTIME_CRATE.into());
        match opts.output.unwrap_or_default() {
            Output::Module => Layout::Module { rt: rt(), mocks: opts.mock_module.unwrap_or(false) },
            Output::Crate if opts.runtime_path.is_none() && opts.runtime_version.is_none() => {
                Layout::Crate { runtime: RuntimeSource::Carried }
            }
            Output::Crate => Layout::Crate {
                runtime: RuntimeSource::Dependency {
                    path: opts.runtime_path.clone(),
                    version: opts.runtime_version.clone(),
                    rt: rt(),
                },
            },
        }
    }

    /// The output kind.
    pub fn output(&self) -> Output {
        match self {
            Layout::Crate { .. } => Output::Crate,
            Layout::Module { .. } => Output::Module,
        }
    }

    /// Only the Rust sources are generated: no manifest, docs, features or
    /// doctests.
    pub fn sources_only(&self) -> bool {
        matches!(self, Layout::Module { .. })
    }

    /// The crate carries a copy of the runtime.
    pub fn carried_runtime(&self) -> bool {
        matches!(self, Layout::Crate { runtime: RuntimeSource::Carried })
    }

    /// The typed mock server is generated: always for a crate (behind its
    /// `mock` feature), on request for module output.
    pub fn mocks(&self) -> bool {
        match self {
            Layout::Crate { .. } => true,
            Layout::Module { mocks, .. } => *mocks,
        }
    }

    /// The Rust path through which generated code reaches the runtime. The
    /// carried copy is a dependency renamed to the runtime's own name.
    pub fn rt(&self) -> &str {
        match self {
            Layout::Crate { runtime: RuntimeSource::Carried } => DEFAULT_RUNTIME_CRATE,
            Layout::Crate { runtime: RuntimeSource::Dependency { rt, .. } } | Layout::Module { rt, .. } => rt,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_option_lands_in_one_layout() {
        let mut opts = Options::default();
        assert_eq!(Layout::of(&opts), Layout::Crate { runtime: RuntimeSource::Carried });
        opts.runtime_crate = Some("::rt2".into());
        // A carried copy is always named by the runtime's own name.
        assert_eq!(Layout::of(&opts).rt(), DEFAULT_RUNTIME_CRATE);
        opts.runtime_version = Some("1.2".into());
        let layout = Layout::of(&opts);
        assert_eq!(layout.rt(), "::rt2");
        assert!(!layout.carried_runtime() && layout.mocks() && !layout.sources_only());
        opts.output = Some(Output::Module);
        let layout = Layout::of(&opts);
        assert!(layout.sources_only() && !layout.mocks());
        assert_eq!((layout.rt(), layout.output()), ("::rt2", Output::Module));
        opts.mock_module = Some(true);
        assert!(Layout::of(&opts).mocks());
    }
}
