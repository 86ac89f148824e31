//! Every upstream API document generates a crate that passes
//! `cargo clippy -D warnings` and `cargo doc` with rustdoc warnings denied,
//! including the rustdoc lints the generated crates allow.
//!
//! Each document under `$SPECS_DIR` with a top-level `openapi` key becomes a
//! member of one throwaway workspace under `target/all-specs-ws/`, so the
//! dependencies build once. The crate name comes from the file path
//! (`vonage/voice.v2.yml` -> `vonage-voice-v2`); the target directory is
//! the upstream test's, so dependencies build once for both. A table of the documents
//! (operations, types, simplified items, generation time) is printed to
//! stdout; see it with `cargo test -p tests --test all_specs -- --nocapture`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use tests::{upstream_spec, workspace_root};

/// One upstream document.
struct Doc {
    /// Path relative to the specs directory.
    rel: String,
    path: PathBuf,
    /// Crate and directory name.
    name: String,
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// True when the file is an OpenAPI document, not a shared fragment that
/// documents `$ref` into.
fn is_api_document(path: &Path) -> bool {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines().any(|l| l.starts_with("openapi:") || l.starts_with("\"openapi\":"))
        || text.trim_start().starts_with('{') && text.contains("\"openapi\"")
}

fn collect(dir: &Path, base: &Path, out: &mut Vec<Doc>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("read specs dir").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, base, out);
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !matches!(ext, "yaml" | "yml" | "json") || !is_api_document(&path) {
            continue;
        }
        let rel = path.strip_prefix(base).expect("prefix").to_string_lossy().replace('\\', "/");
        out.push(Doc { rel, path: path.clone(), name: String::new() });
    }
}

/// `vonage/voice.v2.yml` -> `vonage-voice-v2`: lowercase ASCII words of the
/// path without its extension, joined by `-`, made unique.
fn crate_names(docs: &mut [Doc]) {
    let mut taken = std::collections::BTreeSet::new();
    for d in docs {
        let stem = d.rel.rsplit_once('.').map_or(d.rel.as_str(), |(s, _)| s);
        let words: Vec<String> = stem
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        let mut base = words.join("-");
        if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base = format!("spec-{base}");
        }
        let mut name = base.clone();
        let mut i = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}-{i}");
            i += 1;
        }
        d.name = name;
    }
}

/// Runs a cargo command over the workspace with JSON messages and returns,
/// per package name, the rendered warnings and errors; the second value is
/// the whole stderr when cargo failed without any compiler message.
fn cargo_json(ws: &Path, args: &[&str], envs: &[(&str, &str)]) -> (BTreeMap<String, Vec<String>>, Option<String>) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(args)
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run cargo");
    let mut by_pkg: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if msg["reason"] != "compiler-message" {
            continue;
        }
        let level = msg["message"]["level"].as_str().unwrap_or_default();
        if !matches!(level, "warning" | "error") {
            continue;
        }
        let rendered = msg["message"]["rendered"].as_str().unwrap_or_default().to_string();
        // `path+file:///.../name#0.1.0` or `...#name@0.1.0`.
        let id = msg["package_id"].as_str().unwrap_or_default();
        let tail = id.rsplit('#').next().unwrap_or_default();
        let pkg = match tail.split_once('@') {
            Some((name, _)) => name.to_string(),
            None => id.trim_end_matches(tail).trim_end_matches('#').rsplit('/').next().unwrap_or_default().to_string(),
        };
        by_pkg.entry(pkg).or_default().push(rendered);
    }
    let stray = if !out.status.success() && by_pkg.is_empty() {
        Some(String::from_utf8_lossy(&out.stderr).into_owned())
    } else {
        None
    };
    (by_pkg, stray)
}

#[test]
fn every_upstream_document_generates_a_warning_free_crate() {
    let started = Instant::now();
    let Some(specs) = upstream_spec("") else { return };
    let mut docs = Vec::new();
    collect(&specs, &specs, &mut docs);
    assert!(!docs.is_empty(), "no OpenAPI documents under {}", specs.display());
    crate_names(&mut docs);

    let root = workspace_root();
    let ws = root.join("target/all-specs-ws");
    let mut run = generate_all(&docs, &ws);
    println!("\n{} API documents under {}\n", docs.len(), specs.display());
    run.print();
    write_workspace(&ws, &root, &run.members);

    let t = Instant::now();
    let (clippy, stray) = cargo_json(
        &ws,
        &["clippy", "--workspace", "--keep-going", "--message-format=json", "--", "-D", "warnings"],
        &[],
    );
    let clippy_time = t.elapsed();
    if let Some(stderr) = stray {
        run.failures.push(format!("cargo clippy failed:\n{stderr}"));
    }
    let t = Instant::now();
    let (doc, stray) = cargo_json(
        &ws,
        &["doc", "--no-deps", "--workspace", "--keep-going", "--message-format=json"],
        &[("RUSTDOCFLAGS", &rustdoc_flags(&ws, &run.members))],
    );
    let doc_time = t.elapsed();
    if let Some(stderr) = stray {
        run.failures.push(format!("cargo doc failed:\n{stderr}"));
    }
    let mut failures = run.failures;
    for (what, by_pkg) in [("clippy", &clippy), ("rustdoc", &doc)] {
        for (pkg, msgs) in by_pkg {
            let rel = docs.iter().find(|d| &d.name == pkg).map_or(pkg.as_str(), |d| d.rel.as_str());
            let shown: Vec<&str> = msgs.iter().take(5).map(String::as_str).collect();
            failures.push(format!("{rel}: {} {what} message(s), first ones:\n{}", msgs.len(), shown.join("\n")));
        }
    }
    println!(
        "\nclippy {:.0?}, rustdoc {:.0?}, whole test {:.0?}; {}/{} documents passed",
        clippy_time,
        doc_time,
        started.elapsed(),
        docs.len() - failed_docs(&failures, &docs),
        docs.len()
    );
    assert!(failures.is_empty(), "{} problem(s):\n\n{}", failures.len(), failures.join("\n\n"));
}

/// What generating every document gave.
struct Generation {
    /// The crates written, by name: the workspace's members.
    members: Vec<String>,
    /// One table row per document.
    rows: Vec<String>,
    /// How many values were typed `serde_json::Value`, by reason.
    untyped: BTreeMap<String, usize>,
    failures: Vec<String>,
}

impl Generation {
    fn print(&self) {
        println!("| document | operations | types | simplified | generation |");
        println!("|---|---|---|---|---|");
        for r in &self.rows {
            println!("{r}");
        }
        println!("\nuntyped values (`serde_json::Value`) by reason, all documents:");
        for (reason, n) in &self.untyped {
            println!("  {n:4}  {reason}");
        }
        println!("  {:4}  total", self.untyped.values().sum::<usize>());
    }
}

/// Generates each document's crate into `ws`; a failure or a panic is
/// recorded, not raised, so that every document is tried.
fn generate_all(docs: &[Doc], ws: &Path) -> Generation {
    let mut run = Generation { members: Vec::new(), rows: Vec::new(), untyped: BTreeMap::new(), failures: Vec::new() };
    for d in docs {
        let t = Instant::now();
        let result = std::panic::catch_unwind(|| generator::Config::new(&d.path).crate_name(&d.name).generate());
        let elapsed = t.elapsed();
        let generated = match result {
            Ok(Ok(g)) => g,
            Ok(Err(e)) => {
                run.failures.push(format!("{}: generation failed: {e}", d.rel));
                run.rows.push(format!("| {} | - | - | generation failed | {} |", d.rel, ms(elapsed)));
                continue;
            }
            Err(_) => {
                run.failures.push(format!("{}: generator panicked", d.rel));
                run.rows.push(format!("| {} | - | - | generator panicked | {} |", d.rel, ms(elapsed)));
                continue;
            }
        };
        for item in generated.report.sorted() {
            if item.kind == generator::report::Kind::UntypedValue {
                *run.untyped.entry(item.reason.clone()).or_default() += 1;
            }
        }
        let ops: usize = generated.api.groups.iter().map(|g| g.operations.len()).sum();
        let (types, summary) = (generated.api.types.len(), generated.report.summary());
        run.rows.push(format!("| {} | {ops} | {types} | {summary} | {} |", d.rel, ms(elapsed)));
        generated.write_to(&ws.join(&d.name)).expect("write crate");
        run.members.push(d.name.clone());
    }
    run
}

/// Makes `ws` the workspace of `members`, with the main workspace's lock
/// file, and removes the crates of documents that are gone or renamed.
fn write_workspace(ws: &Path, root: &Path, members: &[String]) {
    if let Ok(entries) = std::fs::read_dir(ws) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().join("Cargo.toml").exists() && !members.contains(&name) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    write(&ws.join("Cargo.toml"), &format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", list.join(", ")));
    if !ws.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"));
    }
}

/// `RUSTDOCFLAGS` denying warnings, with the rustdoc lints the generated
/// `lib.rs` allows (a safety net for specs to come) forced back on: the
/// upstream documents must not need them.
fn rustdoc_flags(ws: &Path, members: &[String]) -> String {
    let lib = members.first().and_then(|m| std::fs::read_to_string(ws.join(m).join("src/lib.rs")).ok());
    let lib = lib.unwrap_or_default();
    let mut flags = String::from("-D warnings");
    for lint in lib.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')') {
        if lint.starts_with("rustdoc::") {
            flags.push_str(&format!(" --force-warn {lint}"));
        }
    }
    flags
}

/// The target directory of the upstream test's workspace: same lock file,
/// so the dependencies compiled for one test serve the other.
fn target_dir() -> PathBuf {
    workspace_root().join("target/upstream-ws/target")
}

fn ms(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

fn failed_docs(failures: &[String], docs: &[Doc]) -> usize {
    docs.iter().filter(|d| failures.iter().any(|f| f.starts_with(&format!("{}:", d.rel)))).count()
}
