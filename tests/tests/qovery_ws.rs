//! Qovery's WebSocket document (`qovery/websocket-openapi.yaml`) as
//! shipped, generated into `target/qovery-ws/` and driven by the program
//! `tests/programs/qovery_ws.rs` against a local WebSocket server: three
//! operations with typed frames, a frame that fails to decode mid-stream, a
//! ping, a normal and an abnormal close. The crate is also checked with
//! clippy and rustdoc, warnings denied, and its examples compiled.

use std::path::Path;
use std::process::Command;

/// Both tests write the same workspace.
static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn write_if_changed(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}

/// Writes the workspace: the generated crate (with the runtime carried,
/// as a user gets it by default) and the program.
fn prepare(spec: &Path) -> std::path::PathBuf {
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let root = tests::workspace_root();
    let ws = root.join("target/qovery-ws");
    let generated = generator::Config::new(spec).crate_name("qovery-ws").generate().expect("generate");
    generated.write_to(&ws.join("qovery-ws")).expect("write crate");
    write_if_changed(
        &ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"qovery-ws\", \"qovery-ws/runtime\", \"check\"]\n\n\
         [profile.dev]\ndebug = false\n",
    );
    let program = root.join("tests/programs/qovery_ws.rs");
    write_if_changed(
        &ws.join("check/Cargo.toml"),
        &format!(
            "[package]\nname = \"check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [[bin]]\nname = \"check\"\npath = {:?}\n\n[dependencies]\nqovery-ws = {{ path = \"../qovery-ws\" }}\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\", \"net\", \"time\"] }}\n\
             tokio-tungstenite = \"0.29\"\nfutures-util = {{ version = \"0.3\", features = [\"sink\"] }}\n\
             serde_json = \"1\"\nuuid = \"1\"\nurl = \"2\"\n",
            program.to_string_lossy()
        ),
    );
    if !ws.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"));
    }
    ws
}

fn cargo(ws: &Path, args: &[&str], rustdocflags: Option<&str>) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(args).current_dir(ws).env("CARGO_TARGET_DIR", ws.join("target")).env_remove("RUSTFLAGS");
    if let Some(flags) = rustdocflags {
        cmd.env("RUSTDOCFLAGS", flags);
    }
    cmd.output().unwrap_or_else(|e| panic!("run cargo {args:?}: {e}"))
}

fn assert_ok(out: &std::process::Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{what} failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

#[test]
fn the_qovery_websocket_client_streams_frames_from_a_local_server() {
    let Some(spec) = tests::upstream_spec("qovery/websocket-openapi.yaml") else { return };
    let ws = prepare(&spec);
    let stdout = assert_ok(&cargo(&ws, &["run", "-q", "-p", "check"], None), "the program");
    let ok: Vec<&str> = stdout.lines().filter_map(|l| l.strip_prefix("ok ")).collect();
    assert_eq!(
        ok,
        [
            "handle_blueprint_preview_request",
            "handle_cluster_metrics_request",
            "handle_service_logs_request",
            "handshakes"
        ],
        "{stdout}"
    );
}

#[test]
fn the_qovery_websocket_client_passes_clippy_and_rustdoc() {
    let Some(spec) = tests::upstream_spec("qovery/websocket-openapi.yaml") else { return };
    let ws = prepare(&spec);
    assert_ok(
        &cargo(&ws, &["clippy", "-q", "-p", "qovery-ws", "--all-targets", "--", "-D", "warnings"], None),
        "clippy",
    );
    assert_ok(&cargo(&ws, &["doc", "-q", "-p", "qovery-ws", "--no-deps"], Some("-D warnings")), "rustdoc");
    // Every operation's example opens its channel and reads it: they compile.
    assert_ok(&cargo(&ws, &["test", "-q", "-p", "qovery-ws", "--doc"], None), "doctests");
    // Without its channel tags the crate does not build the WebSocket crate.
    let tree = cargo(&ws, &["tree", "-p", "qovery-ws", "--no-default-features", "-e", "normal", "--offline"], None);
    let tree = assert_ok(&tree, "cargo tree");
    assert!(!tree.contains("tokio-tungstenite"), "{tree}");
    let tree = assert_ok(&cargo(&ws, &["tree", "-p", "qovery-ws", "-e", "normal", "--offline"], None), "cargo tree");
    assert!(tree.contains("tokio-tungstenite"), "{tree}");
}
