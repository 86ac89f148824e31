//! The throwaway workspace `target/upstream-ws/` shared by the upstream
//! test (clippy over crates generated from the full upstream documents)
//! and the conformance sweep (a program calling every Qovery operation).
//!
//! [`prepare`] (re)writes all of it, idempotently: the generated crates
//! (unchanged files keep their mtime, so cargo rebuilds nothing), the
//! `sigcheck` crate, the `sweep` and `qovery-pages` programs and the
//! workspace manifest. The tests use the same members and target directory, so the big generated
//! crate is built once per profile. Within one process, writers are
//! serialized by a mutex; test binaries run one after another.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

use crate::{upstream_spec, workspace_root};

/// The crate name the sweep program imports the Qovery client under.
pub const QOVERY_CRATE: &str = "qovery_upstream";

static LOCK: Mutex<()> = Mutex::new(());

/// The prepared workspace.
pub struct UpstreamWs {
    /// `target/upstream-ws`.
    pub dir: PathBuf,
    /// The IR of the full Qovery document.
    pub qovery: generator::ir::Api,
}

fn write_if_changed(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}

/// Writes the workspace and returns where it is, with the Qovery IR; `None`
/// when an upstream document is missing (see [`crate::present`]).
pub fn prepare() -> Option<UpstreamWs> {
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let ws = workspace_root().join("target/upstream-ws");
    let crates = [
        ("qovery/openapi.yaml", "qovery", "qovery-upstream"),
        ("vonage/account.yml", "vonage-account", "vonage-account-upstream"),
    ];
    let mut paths = Vec::new();
    for (spec, ..) in crates {
        paths.push(upstream_spec(spec));
    }
    let mut qovery = None;
    for ((spec, dir, name), path) in crates.into_iter().zip(paths) {
        let generated =
            generator::Config::new(path?).crate_name(name).generate().unwrap_or_else(|e| panic!("{spec}: {e}"));
        generated.write_to(&ws.join(dir)).expect("write crate");
        if dir == "qovery" {
            qovery = Some(generated.api);
        }
    }
    let qovery = qovery.expect("qovery IR");
    let root = workspace_root();
    write_if_changed(
        &ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"qovery\", \"vonage-account\", \"sigcheck\", \"sweep\", \"qovery-pages\"]\n\n\
         # No debug info: the sweep binary is only run, never debugged, and\n\
         # the generated crate builds and links much faster without it.\n\
         [profile.dev]\ndebug = false\n",
    );
    write_if_changed(
        &ws.join("sigcheck/Cargo.toml"),
        "[package]\nname = \"sigcheck\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         qovery-upstream = { path = \"../qovery\" }\nvonage-account-upstream = { path = \"../vonage-account\" }\n\
         uuid = \"1\"\nchrono = { version = \"0.4\", default-features = false }\n",
    );
    let sigs = root.join("tests/signatures");
    write_if_changed(
        &ws.join("sigcheck/src/lib.rs"),
        &format!(
            "//! Documented signatures, checked against the upstream crates.\n\
             extern crate qovery_upstream as qovery;\nextern crate vonage_account_upstream as vonage;\n\
             #[path = {:?}]\npub mod qovery_signatures;\n#[path = {:?}]\npub mod vonage_signatures;\n",
            sigs.join("qovery.rs"),
            sigs.join("vonage.rs")
        ),
    );
    write_if_changed(
        &ws.join("sweep/Cargo.toml"),
        "[package]\nname = \"sweep\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         qovery-upstream = { path = \"../qovery\" }\n\
         tokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n\
         reqwest = { version = \"0.12\", default-features = false }\n\
         serde_json = \"1\"\nuuid = \"1\"\nchrono = { version = \"0.4\", default-features = false }\n",
    );
    write_if_changed(&ws.join("sweep/src/main.rs"), &crate::sweep::emit_main(&qovery, QOVERY_CRATE));
    write_if_changed(
        &ws.join("qovery-pages/Cargo.toml"),
        &format!(
            "[package]\nname = \"qovery-pages\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [[bin]]\nname = \"qovery-pages\"\npath = {:?}\n\n[dependencies]\n\
             qovery-upstream = {{ path = \"../qovery\", features = [\"mock\"] }}\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n\
             wiremock = \"0.6\"\nfutures-util = \"0.3\"\nserde_json = \"1\"\nuuid = \"1\"\n",
            root.join("tests/programs/qovery_pages.rs").to_string_lossy()
        ),
    );
    // Same dependency versions as the main workspace, resolved offline.
    if !ws.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"));
    }
    Some(UpstreamWs { dir: ws, qovery })
}

impl UpstreamWs {
    /// Runs `cargo <args>` in the workspace, with its own target directory.
    pub fn cargo(&self, args: &[&str]) -> Output {
        self.cargo_with(args, &[])
    }

    /// [`UpstreamWs::cargo`] with extra environment variables.
    pub fn cargo_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        Command::new(cargo)
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", self.dir.join("target"))
            .env_remove("RUSTFLAGS")
            .envs(env.iter().copied())
            .output()
            .unwrap_or_else(|e| panic!("run cargo {args:?}: {e}"))
    }
}
