//! Crates generated from the full upstream documents (Qovery, Vonage
//! Account) pass `cargo clippy -D warnings`, and the documented signatures
//! compile against them.
//!
//! The crates go to `target/upstream-ws/` as members of a throwaway
//! workspace, with a `sigcheck` crate that compiles `tests/signatures/*.rs`.

use std::path::Path;
use std::process::Command;

use tests::{upstream_specs, workspace_root};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn upstream_crates_pass_clippy_and_match_documented_signatures() {
    let ws = workspace_root().join("target/upstream-ws");
    let crates = [
        ("qovery/openapi.yaml", "qovery", "qovery-upstream"),
        ("vonage/account.yml", "vonage-account", "vonage-account-upstream"),
    ];
    for (spec, dir, name) in crates {
        let generated = generator::Config::new(upstream_specs().join(spec))
            .crate_name(name)
            .generate()
            .unwrap_or_else(|e| panic!("{spec}: {e}"));
        generated.write_to(&ws.join(dir)).expect("write crate");
    }
    let root = workspace_root();
    write(
        &ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"qovery\", \"vonage-account\", \"sigcheck\"]\n",
    );
    write(
        &ws.join("sigcheck/Cargo.toml"),
        "[package]\nname = \"sigcheck\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         qovery-upstream = { path = \"../qovery\" }\nvonage-account-upstream = { path = \"../vonage-account\" }\n\
         uuid = \"1\"\nchrono = { version = \"0.4\", default-features = false }\n",
    );
    let sigs = root.join("tests/signatures");
    write(
        &ws.join("sigcheck/src/lib.rs"),
        &format!(
            "//! Documented signatures, checked against the upstream crates.\n\
             extern crate qovery_upstream as qovery;\nextern crate vonage_account_upstream as vonage;\n\
             #[path = {:?}]\npub mod qovery_signatures;\n#[path = {:?}]\npub mod vonage_signatures;\n",
            sigs.join("qovery.rs"),
            sigs.join("vonage.rs")
        ),
    );
    // Same dependency versions as the main workspace, resolved offline.
    if !ws.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["clippy", "--workspace", "--quiet", "--", "-D", "warnings"])
        .current_dir(&ws)
        .env("CARGO_TARGET_DIR", ws.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo clippy");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings = stderr.matches("warning:").count() + stderr.matches("error").count();
    assert!(out.status.success() && warnings == 0, "cargo clippy failed on the upstream crates:\n{stderr}");
}
