//! The runtime crate as generated crates see it: a dependency, or its own
//! source files copied in (the vendored runtime).
//!
//! The copies are the runtime crate's files themselves, embedded with
//! `include_str!`, so there is one version to maintain; a test checks that
//! every file of `runtime/src/` is listed here.

use std::path::PathBuf;

use super::Files;
use crate::options::Options;

/// The runtime crate's source files, by name within `runtime/src/`.
pub const SOURCES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../../../runtime/src/lib.rs")),
    ("body.rs", include_str!("../../../runtime/src/body.rs")),
    ("call.rs", include_str!("../../../runtime/src/call.rs")),
    ("client.rs", include_str!("../../../runtime/src/client.rs")),
    ("error.rs", include_str!("../../../runtime/src/error.rs")),
    ("json.rs", include_str!("../../../runtime/src/json.rs")),
    ("json_path.rs", include_str!("../../../runtime/src/json_path.rs")),
    ("params.rs", include_str!("../../../runtime/src/params.rs")),
    ("redact.rs", include_str!("../../../runtime/src/redact.rs")),
    ("request.rs", include_str!("../../../runtime/src/request.rs")),
    ("retry.rs", include_str!("../../../runtime/src/retry.rs")),
    ("serde_support.rs", include_str!("../../../runtime/src/serde_support.rs")),
];

const MANIFEST: &str = include_str!("../../../runtime/Cargo.toml");

/// The `[dependencies]` lines of the runtime's manifest, which a crate
/// carrying the runtime's source needs as its own.
pub static DEPENDENCIES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let mut lines = MANIFEST.lines().skip_while(|l| l.trim() != "[dependencies]").skip(1);
    let section: Vec<&str> = lines.by_ref().take_while(|l| !l.trim_start().starts_with('[')).collect();
    section
        .iter()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
});

/// The runtime's package version, for the dependency of generated crates.
pub fn version() -> &'static str {
    MANIFEST.lines().find_map(|l| l.strip_prefix("version = \"")?.strip_suffix('"')).unwrap_or("0.1.0")
}

/// The inside of the `openapi-rust-runtime = { ... }` dependency line:
/// the path and version the options give.
pub fn dependency(opts: &Options) -> String {
    let mut parts = Vec::new();
    if let Some(path) = &opts.runtime_path {
        let path = path.to_string_lossy().replace('\\', "/");
        parts.push(format!("path = {}", super::filters::toml(&path)));
    }
    if let Some(version) = &opts.runtime_version {
        parts.push(format!("version = {}", super::filters::toml(version)));
    }
    if parts.is_empty() {
        parts.push(format!("version = {}", super::filters::toml(version())));
    }
    parts.join(", ")
}

/// The runtime's files as the `runtime` module of a generated crate:
/// `lib.rs` becomes `src/runtime/mod.rs`.
pub fn vendored_sources() -> Files {
    SOURCES
        .iter()
        .map(|(name, text)| {
            let file = if *name == "lib.rs" { "mod.rs" } else { name };
            let header = "// @generated: copied from the openapi-rust-runtime crate; do not edit.\n\n";
            (PathBuf::from("src/runtime").join(file), format!("{header}{text}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// A file added to the runtime crate is vendored too, or this fails.
    #[test]
    fn every_runtime_source_file_is_vendored() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("runtime/src")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = super::SOURCES.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }

    /// A dependency added to the runtime is a name tag features avoid too.
    #[test]
    fn feature_names_avoid_every_runtime_dependency() {
        for line in super::DEPENDENCIES.lines() {
            let name = line.split(['=', ' ']).next().unwrap_or_default();
            assert!(crate::ir::reserved::MANIFEST_DEPENDENCIES.contains(&name), "{name} is not reserved");
        }
    }

    #[test]
    fn vendored_dependencies_are_the_runtime_manifests() {
        let deps = super::DEPENDENCIES.as_str();
        for name in ["reqwest", "serde", "serde_json", "tokio", "tracing", "percent-encoding"] {
            assert!(deps.lines().any(|l| l.starts_with(&format!("{name} ="))), "{name} missing:\n{deps}");
        }
        assert!(!deps.contains("wiremock"), "dev-dependencies leaked:\n{deps}");
    }
}
