//! The runtime crate as generated crates see it: a dependency from a path
//! or the registry, or a copy that the crate carries as a package of its
//! own in its `runtime/` directory (the carried runtime).
//!
//! The copies are the runtime crate's files themselves, embedded with
//! `include_str!`, so there is one version to maintain; a test checks that
//! every file of `runtime/src/` is listed here.
//!
//! The copy is a package, not a module of the client, so that cargo
//! compiles it once and keeps it: a rebuild of the client after the spec
//! changes, or a build with a few tag features, does not compile the
//! runtime again (issue 12 measured it at 1.3 s of every such build).

use std::path::PathBuf;

use super::Files;
use crate::plan::{Layout, RuntimeSource};

/// The runtime crate's source files, by name within `runtime/src/`.
pub const SOURCES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../../../runtime/src/lib.rs")),
    ("body.rs", include_str!("../../../runtime/src/body.rs")),
    ("call.rs", include_str!("../../../runtime/src/call.rs")),
    ("client.rs", include_str!("../../../runtime/src/client.rs")),
    ("error.rs", include_str!("../../../runtime/src/error.rs")),
    ("json.rs", include_str!("../../../runtime/src/json.rs")),
    ("macros.rs", include_str!("../../../runtime/src/macros.rs")),
    ("json_path.rs", include_str!("../../../runtime/src/json_path.rs")),
    ("json_read.rs", include_str!("../../../runtime/src/json_read.rs")),
    ("json_time.rs", include_str!("../../../runtime/src/json_time.rs")),
    ("json_write.rs", include_str!("../../../runtime/src/json_write.rs")),
    ("pages.rs", include_str!("../../../runtime/src/pages.rs")),
    ("params.rs", include_str!("../../../runtime/src/params.rs")),
    ("redact.rs", include_str!("../../../runtime/src/redact.rs")),
    ("request.rs", include_str!("../../../runtime/src/request.rs")),
    ("retry.rs", include_str!("../../../runtime/src/retry.rs")),
    ("serde_support.rs", include_str!("../../../runtime/src/serde_support.rs")),
    ("sse.rs", include_str!("../../../runtime/src/sse.rs")),
    ("stream.rs", include_str!("../../../runtime/src/stream.rs")),
    ("channel.rs", include_str!("../../../runtime/src/channel.rs")),
    ("next.rs", include_str!("../../../runtime/src/next.rs")),
    ("mock.rs", include_str!("../../../runtime/src/mock.rs")),
];

const MANIFEST: &str = include_str!("../../../runtime/Cargo.toml");

/// The `[dependencies]` lines of the runtime's manifest, which the carried
/// copy of the runtime declares as its own.
pub static DEPENDENCIES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| section("[dependencies]"));

/// The lines of one section of the runtime's manifest, without comments.
fn section(header: &str) -> String {
    let mut lines = MANIFEST.lines().skip_while(|l| l.trim() != header).skip(1);
    let section: Vec<&str> = lines.by_ref().take_while(|l| !l.trim_start().starts_with('[')).collect();
    section
        .iter()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `[features]` lines of the runtime's manifest, which the carried
/// copy declares too (its optional dependencies need them).
pub static FEATURES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| section("[features]"));

/// The runtime's package version, for the dependency of generated crates.
pub fn version() -> &'static str {
    MANIFEST.lines().find_map(|l| l.strip_prefix("version = \"")?.strip_suffix('"')).unwrap_or("0.1.0")
}

/// The inside of the `openapi-rust-runtime = { ... }` dependency line:
/// the path and version the options give, or the carried copy (a package
/// named after the crate, renamed back so generated code names it
/// `openapi_rust_runtime` in every layout).
pub fn dependency(layout: &Layout, crate_name: &str) -> String {
    let toml = crate::plan::filters::toml;
    let (path, version_set) = match layout {
        Layout::Crate { runtime: RuntimeSource::Carried } => {
            let package = carried_package(crate_name);
            return format!("package = {}, path = \"{CARRIED_DIR}\", version = {}", toml(&package), toml(version()));
        }
        Layout::Crate { runtime: RuntimeSource::Dependency { path, version, .. } } => (path, version),
        // Module output has no manifest.
        Layout::Module { .. } => (&None, &None),
    };
    let mut parts = Vec::new();
    if let Some(path) = path {
        let path = path.to_string_lossy().replace('\\', "/");
        parts.push(format!("path = {}", toml(&path)));
    }
    if let Some(version) = version_set {
        parts.push(format!("version = {}", toml(version)));
    }
    if parts.is_empty() {
        parts.push(format!("version = {}", toml(version())));
    }
    parts.join(", ")
}

/// Where a crate carries its copy of the runtime, relative to its root.
const CARRIED_DIR: &str = "runtime";

/// The package name of a crate's carried runtime: unique per client, so two
/// generated clients can sit in one workspace (cargo refuses two path
/// packages with one name and version).
fn carried_package(crate_name: &str) -> String {
    format!("{crate_name}-runtime")
}

/// The carried runtime: its manifest and the runtime crate's source files,
/// under `runtime/`.
pub fn carried_package_files(crate_name: &str) -> Files {
    let header = "// @generated: copied from the openapi-rust-runtime crate; do not edit.\n\n";
    let mut files: Files = SOURCES
        .iter()
        .map(|(name, text)| (PathBuf::from(CARRIED_DIR).join("src").join(name), format!("{header}{text}")))
        .collect();
    files.insert(PathBuf::from(CARRIED_DIR).join("Cargo.toml"), carried_manifest(crate_name));
    files
}

/// The manifest of the carried runtime. It is published (or not) with the
/// client, so it takes the client's `publish = false`.
fn carried_manifest(client: &str) -> String {
    let toml = crate::plan::filters::toml;
    let description = format!("HTTP runtime of the `{client}` client: a copy of openapi-rust-runtime {}", version());
    format!(
        "# @generated by the openapi-rust generator; do not edit.\n\
         [package]\n\
         name = {}\n\
         version = {}\n\
         edition = \"2021\"\n\
         description = {}\n\
         license = \"MIT OR Apache-2.0\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         {}\n\
         \n\
         [features]\n\
         {}\n",
        toml(&carried_package(client)),
        toml(version()),
        toml(&description),
        DEPENDENCIES.trim(),
        FEATURES.trim(),
    )
}

#[cfg(test)]
mod tests {
    /// A file added to the runtime crate is carried too, or this fails.
    #[test]
    fn every_runtime_source_file_is_carried() {
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
    fn carried_dependencies_are_the_runtime_manifests() {
        let deps = super::DEPENDENCIES.as_str();
        for name in ["reqwest", "serde", "serde_json", "tokio", "tracing", "percent-encoding"] {
            assert!(deps.lines().any(|l| l.starts_with(&format!("{name} ="))), "{name} missing:\n{deps}");
        }
        // The runtime's optional `wiremock` (its `mock` feature) is carried;
        // the tests' plain one must not be.
        let leaked = deps.lines().any(|l| l.starts_with("wiremock") && !l.contains("optional = true"));
        assert!(!leaked, "dev-dependencies leaked:\n{deps}");
    }
}
