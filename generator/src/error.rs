//! Errors of the generator library.
//!
//! Every variant names where the problem is (a file, a line or a JSON
//! pointer) and what is wrong, so a user can fix a broken spec without
//! reading generator code.

use std::path::PathBuf;

/// One problem found in a spec, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecProblem {
    /// The file the problem is in.
    pub file: PathBuf,
    /// A JSON pointer (`#/paths/~1pets/get`) or `line L column C`.
    pub location: String,
    /// What is wrong, lowercase.
    pub message: String,
}

impl std::fmt::Display for SpecProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.file.display(), self.location, self.message)
    }
}

/// Everything that can go wrong while generating a client.
///
/// `Debug` prints the same message as `Display`, because a build script's
/// `main` returning `Err` shows the error's `Debug` in cargo's output.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The spec is invalid; every independent problem found is listed.
    #[error("{}", format_problems(.0))]
    Spec(Vec<SpecProblem>),
    /// A template failed to render or rendered invalid Rust.
    #[error("template `{template}`: {message}")]
    Template {
        /// Template name.
        template: String,
        /// What went wrong, including the line when known.
        message: String,
    },
    /// The output could not be written.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The generator configuration is invalid.
    #[error("invalid configuration: {0}")]
    Config(String),
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

fn format_problems(problems: &[SpecProblem]) -> String {
    let mut out = format!("the spec has {} problem{}", problems.len(), if problems.len() == 1 { "" } else { "s" });
    for p in problems {
        out.push_str("\n  - ");
        out.push_str(&p.to_string());
    }
    out
}

impl Error {
    /// A single spec problem.
    pub fn spec(file: impl Into<PathBuf>, location: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Spec(vec![SpecProblem { file: file.into(), location: location.into(), message: message.into() }])
    }
}

/// Result alias of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
