//! Test support: the Prism harness, paths to the upstream documents, and
//! the compile-time signature checks of the committed generated crates.
//!
//! The signature files under `tests/signatures/` are compiled twice: here,
//! against the crates generated from the team's specs, and by the upstream
//! test, against crates generated from the full upstream documents. A wrong
//! signature fails to compile either way.

extern crate qovery_secrets as qovery;
extern crate vonage_account as vonage;

pub mod prism;
pub mod sweep;
pub mod upstream_ws;

/// Compile-time checks against `generated/qovery-secrets`.
#[path = "../signatures/qovery.rs"]
pub mod qovery_signatures;

/// Compile-time checks against `generated/vonage-account`.
#[path = "../signatures/vonage.rs"]
pub mod vonage_signatures;

use std::path::PathBuf;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where the upstream documents are: `$SPECS_DIR`, default `../shared/specs`
/// beside the checkout.
pub fn upstream_specs() -> PathBuf {
    prism::specs_dir()
}

/// Where the published client docs are: `$SEEDS_DIR`, default `../shared/seeds`.
pub fn seeds_dir() -> PathBuf {
    match std::env::var_os("SEEDS_DIR") {
        Some(d) => {
            let p = PathBuf::from(d);
            if p.is_absolute() {
                p
            } else {
                workspace_root().join(p)
            }
        }
        None => workspace_root().join("../shared/seeds"),
    }
}
