//! The command line and the all-or-nothing output.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_generator"))
}

fn team_spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs").join(name)
}

fn snapshot_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(dir).expect("prefix").to_path_buf(), std::fs::read(&p).expect("read")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn generate_writes_a_crate_and_exits_zero() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("client");
    let status = bin()
        .args(["generate", "--spec"])
        .arg(team_spec("vonage-account.yaml"))
        .arg("--out")
        .arg(&out)
        .args(["--crate-name", "vonage-client"])
        .status()
        .expect("run");
    assert!(status.success());
    for f in
        ["Cargo.toml", "src/lib.rs", "src/apis/secret_management_api.rs", "docs/SecretManagementApi.md", "README.md"]
    {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    let manifest: toml::Table = std::fs::read_to_string(out.join("Cargo.toml")).expect("read").parse().expect("toml");
    assert_eq!(manifest["package"]["name"].as_str(), Some("vonage-client"), "{manifest}");
}

#[test]
fn a_bad_spec_fails_and_leaves_the_previous_output_untouched() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("client");
    let ok = bin().args(["generate", "--spec"]).arg(team_spec("vonage-account.yaml")).arg("--out").arg(&out).status();
    assert!(ok.expect("run").success());
    let before = snapshot_dir(&out);
    let bad = tmp.path().join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses:\n        '200': {description: ok}\n").expect("write");
    let res = bin().args(["generate", "--spec"]).arg(&bad).arg("--out").arg(&out).output().expect("run");
    assert!(!res.status.success());
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert!(stderr.contains("bad.yaml") && stderr.contains("{id}"), "{stderr}");
    assert_eq!(before, snapshot_dir(&out), "the previous output changed");
}

#[test]
fn a_template_rendering_invalid_rust_names_the_template_and_keeps_the_output() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("client");
    let ok = bin().args(["generate", "--spec"]).arg(team_spec("qovery-secrets.yaml")).arg("--out").arg(&out).status();
    assert!(ok.expect("run").success());
    let before = snapshot_dir(&out);
    // A model template that breaks in the middle of rendering the models.
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(templates.join("model.rs.j2"), "pub struct {{ m.name }} {\n  this is not rust\n}\n").expect("write");
    let res = bin()
        .args(["generate", "--spec"])
        .arg(team_spec("qovery-secrets.yaml"))
        .arg("--out")
        .arg(&out)
        .arg("--templates-dir")
        .arg(&templates)
        .output()
        .expect("run");
    assert!(!res.status.success());
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert!(stderr.contains("template `model.rs.j2`") && stderr.contains("line 2"), "{stderr}");
    assert_eq!(before, snapshot_dir(&out), "the previous output changed");
}

#[test]
fn regenerating_rewrites_only_changed_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("client");
    let run =
        || bin().args(["generate", "--spec"]).arg(team_spec("qovery-secrets.yaml")).arg("--out").arg(&out).output();
    assert!(run().expect("run").status.success());
    let lib = out.join("src/lib.rs");
    let mtime = std::fs::metadata(&lib).and_then(|m| m.modified()).expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = run().expect("run");
    assert!(
        String::from_utf8_lossy(&second.stderr).contains(" 0 files written"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(mtime, std::fs::metadata(&lib).and_then(|m| m.modified()).expect("mtime"));
}

#[test]
fn check_lists_simplifications_and_can_deny_them() {
    let spec = team_spec("vonage-account.yaml");
    let res = bin().args(["check", "--spec"]).arg(&spec).output().expect("run");
    assert!(res.status.success());
    let stdout = String::from_utf8_lossy(&res.stdout);
    assert!(stdout.contains("ignored media type: #/paths/"), "{stdout}");
    let denied = bin().args(["check", "--deny-simplified", "--spec"]).arg(&spec).output().expect("run");
    assert!(!denied.status.success());
}

#[test]
fn diff_classifies_changes_and_can_deny_breaking_ones() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let old = team_spec("vonage-account.yaml");
    let text = std::fs::read_to_string(&old).expect("read");
    // The same document with one operation renamed.
    let new = tmp.path().join("new.yaml");
    let cut = text.replacen("operationId: getAccountBalance", "operationId: getAccountBalanceRenamedAway", 1);
    assert_ne!(cut, text, "the team spec names `getAccountBalance`");
    std::fs::write(&new, cut).expect("write");
    let same = bin().args(["diff", "--deny-breaking", "--old"]).arg(&old).arg("--new").arg(&old).output().expect("run");
    assert!(same.status.success());
    let lines: Vec<String> = String::from_utf8_lossy(&same.stdout).lines().map(str::to_owned).collect();
    assert_eq!(lines, ["0 breaking, 0 wire, 0 compatible", "bump: patch"]);
    let res = bin().args(["diff", "--old"]).arg(&old).arg("--new").arg(&new).output().expect("run");
    let stdout = String::from_utf8_lossy(&res.stdout);
    assert!(res.status.success(), "without --deny-breaking the report is informational");
    assert!(stdout.contains("breaking: BalanceApi::get_account_balance: renamed to"), "{stdout}");
    let denied =
        bin().args(["diff", "--deny-breaking", "--old"]).arg(&old).arg("--new").arg(&new).output().expect("run");
    assert!(!denied.status.success());
    let json =
        bin().args(["diff", "--format", "json", "--old"]).arg(&old).arg("--new").arg(&new).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json output");
    assert_eq!((v["bump"].as_str(), v["counts"]["breaking"].as_u64()), (Some("major"), Some(1)), "{v}");
}

/// `generate --check` writes nothing, exits zero on current output, and on
/// stale output exits non-zero listing each changed, missing and extra file.
#[test]
fn generate_check_lists_what_differs_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("client");
    let run = |check: bool| {
        let mut cmd = bin();
        cmd.args(["generate", "--spec"]).arg(team_spec("qovery-secrets.yaml")).arg("--out").arg(&out);
        if check {
            cmd.arg("--check");
        }
        cmd.output().expect("run")
    };
    assert!(run(false).status.success());
    let current = run(true);
    assert!(current.status.success(), "{}", String::from_utf8_lossy(&current.stderr));
    assert!(current.stdout.is_empty(), "{}", String::from_utf8_lossy(&current.stdout));

    std::fs::write(out.join("src/lib.rs"), "// edited by hand\n").expect("edit");
    std::fs::remove_file(out.join("README.md")).expect("remove");
    std::fs::write(out.join("src/extra.rs"), "").expect("add");
    let before = snapshot_dir(&out);
    let stale = run(true);
    assert!(!stale.status.success(), "stale output passed the check");
    let mut lines: Vec<String> = String::from_utf8_lossy(&stale.stdout).lines().map(str::to_owned).collect();
    lines.sort();
    let shown = |what: &str, rel: &str| format!("{what}: {}", out.join(rel).display());
    let mut expected =
        vec![shown("differs", "src/lib.rs"), shown("missing", "README.md"), shown("not generated", "src/extra.rs")];
    expected.sort();
    assert_eq!(lines, expected);
    assert_eq!(before, snapshot_dir(&out), "--check wrote to the output");
}

/// Regenerating a crate prints the change report against the record the
/// previous generation left (`api-surface.json`); with `--changelog true`
/// the version takes the bump and `CHANGELOG.md` the report, and a
/// regeneration that changes nothing keeps both.
#[test]
fn regeneration_reports_changes_and_the_changelog_option_bumps_the_version() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("client");
    let spec = tmp.path().join("spec.yaml");
    let text = std::fs::read_to_string(team_spec("vonage-account.yaml")).expect("read");
    let run = || {
        let output = bin()
            .args(["generate", "--changelog", "true", "--crate-version", "0.3.1", "--spec"])
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("run");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let version = || {
        let manifest: toml::Table =
            std::fs::read_to_string(out.join("Cargo.toml")).expect("read").parse().expect("toml");
        manifest["package"]["version"].as_str().unwrap_or_default().to_string()
    };
    std::fs::write(&spec, &text).expect("write");
    assert_eq!(run(), "", "a first generation has nothing to compare with");
    assert!(out.join("api-surface.json").is_file() && !out.join("CHANGELOG.md").exists());
    assert_eq!(version(), "0.3.1");

    let renamed = text.replacen("operationId: getAccountBalance", "operationId: getAccountBalanceRenamed", 1);
    std::fs::write(&spec, renamed).expect("write");
    let stdout = run();
    assert!(stdout.lines().any(|l| l.starts_with("breaking: BalanceApi::get_account_balance: renamed to")), "{stdout}");
    assert!(stdout.lines().any(|l| l == "bump: major"), "{stdout}");
    assert_eq!(version(), "0.4.0", "below 1.0 a breaking change bumps the minor part");
    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).expect("changelog");
    assert_eq!(changelog.lines().next(), Some("## 0.4.0 (was 0.3.1)"));

    assert_eq!(run(), "", "nothing changed");
    assert_eq!(version(), "0.4.0");
    assert_eq!(std::fs::read_to_string(out.join("CHANGELOG.md")).expect("changelog"), changelog);
}
