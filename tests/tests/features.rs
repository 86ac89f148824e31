//! The committed `generated/qovery-secrets` crate compiles warning-free
//! (clippy and rustdoc, warnings denied) with no tag feature and with each
//! tag feature alone, as a user opting out of the default `full` builds
//! it. The default features are checked by the workspace's own clippy and
//! rustdoc runs (`tests/run-all.sh`).
//!
//! The target directory is the upstream tests' (`target/upstream-ws/target`,
//! the same lock file and clippy), so the dependencies are checked once
//! for all of them; each run here re-checks only the small crate.

use std::path::PathBuf;
use std::process::Command;

use tests::workspace_root;

const CRATE: &str = "qovery-secrets";

/// The tag features of the committed crate, read from its manifest:
/// everything `full` turns on.
fn tag_features() -> Vec<String> {
    let path = workspace_root().join("generated").join(CRATE).join("Cargo.toml");
    let manifest: toml::Table = std::fs::read_to_string(&path).expect("manifest").parse().expect("manifest parses");
    let full = manifest["features"]["full"].as_array().expect("features.full");
    full.iter().map(|f| f.as_str().expect("feature name").to_string()).collect()
}

fn target_dir() -> PathBuf {
    workspace_root().join("target/upstream-ws/target")
}

/// Runs cargo `args` on the crate with `features` only; returns the
/// diagnostics when it fails.
fn run(args: &[&str], features: &[&str], env: (&str, &str)) -> Option<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(args)
        .args(["-p", CRATE, "--no-default-features", "--offline", "--quiet"])
        .current_dir(workspace_root())
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .env(env.0, env.1);
    if !features.is_empty() {
        cmd.args(["--features", &features.join(",")]);
    }
    if args[0] == "clippy" {
        cmd.args(["--", "-D", "warnings"]);
    }
    let out = cmd.output().expect("run cargo");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (!out.status.success() || stderr.contains("warning")).then(|| format!("{args:?} {features:?}:\n{stderr}"))
}

#[test]
fn each_tag_feature_alone_and_none_build_without_warnings() {
    let tags = tag_features();
    assert!(tags.len() >= 3, "{CRATE}: expected a feature per tag, found {tags:?}");
    let mut sets: Vec<Vec<&str>> = vec![Vec::new()];
    sets.extend(tags.iter().map(|t| vec![t.as_str()]));
    let mut failures = Vec::new();
    for features in &sets {
        failures.extend(run(&["clippy", "--all-targets"], features, ("CARGO_TERM_COLOR", "never")));
        failures.extend(run(&["doc", "--no-deps"], features, ("RUSTDOCFLAGS", "-D warnings")));
    }
    assert!(failures.is_empty(), "{} configuration(s) fail:\n{}", failures.len(), failures.join("\n"));
}
