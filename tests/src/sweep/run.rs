//! Running a sweep on any document: generate its client crate, emit and
//! build the sweep program, start Prism in a [`Mode`], run the program and
//! judge every call ([`SweepReport`]).
//!
//! Each document gets a small workspace `target/sweep/<name>/` (the client
//! crate and the program); all of them build into one target directory,
//! `target/sweep-target`, so the dependencies (reqwest, tokio, serde, the
//! runtime crate) are compiled once for every document.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::ir::{Api, Operation};
use serde_json::Value;

use super::check::Document;
use super::report::{problem_reasons, request_errors, Mode, SweepReport, Verdict};
use crate::prism::Prism;
use crate::workspace_root;

/// A built sweep program.
pub struct Program {
    /// A short name of the document (`[a-z0-9-]`).
    pub name: String,
    /// The document.
    pub spec: PathBuf,
    /// The IR the client was generated from.
    pub api: Api,
    /// The program's executable.
    pub exe: PathBuf,
}

/// Builds the sweep program of `spec` (generated with `options`, whose
/// crate name and runtime are replaced) and runs it once per mode.
pub fn run_sweep(spec: &Path, options: &generator::Options, modes: &[Mode]) -> Result<Vec<SweepReport>, String> {
    let program = build(spec, options)?;
    modes.iter().map(|&mode| program.run(mode)).collect()
}

/// `[a-z0-9-]` name of a document, from its file name (`1forge.com.json`
/// -> `1forge-com`).
pub fn name_of(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = if stem == "openapi" || stem == "swagger" {
        // `api/<provider>/<version>/openapi.json`: the provider names it.
        let parent = spec.parent().and_then(Path::parent).and_then(Path::file_name);
        parent.map(|p| p.to_string_lossy().into_owned()).unwrap_or(stem)
    } else {
        stem
    };
    let mut name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    name = name.trim_matches('-').to_string();
    if name.is_empty() {
        name = "doc".into();
    }
    name
}

/// Generates the client of `spec` and builds its sweep program.
pub fn build(spec: &Path, options: &generator::Options) -> Result<Program, String> {
    let name = name_of(spec);
    let dir = workspace_root().join("target/sweep").join(&name);
    let client = format!("sweep-client-{name}");
    let runtime = workspace_root().join("runtime").canonicalize().map_err(|e| format!("runtime crate: {e}"))?;
    let generated = generator::Config::new(spec)
        .options(options)
        .crate_name(client.clone())
        .runtime_path(runtime)
        .generate()
        .map_err(|e| format!("cannot generate {}: {e}", spec.display()))?;
    generated.write_to(&dir.join("client")).map_err(|e| format!("cannot write the client: {e}"))?;
    let program = format!("sweep-{name}");
    write_if_changed(
        &dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"client\", \"program\"]\n\n\
         # No debug info: the program is only run, and links much faster without it.\n\
         [profile.dev]\ndebug = false\n",
    )?;
    write_if_changed(
        &dir.join("program/Cargo.toml"),
        &format!(
            "[package]\nname = \"{program}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{client} = {{ path = \"../client\" }}\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n\
             reqwest = {{ version = \"0.12\", default-features = false }}\n\
             serde_json = \"1\"\nuuid = \"1\"\nchrono = {{ version = \"0.4\", default-features = false }}\n"
        ),
    )?;
    let krate = client.replace('-', "_");
    write_if_changed(&dir.join("program/src/main.rs"), &super::emit_main(&generated.api, &krate))?;
    // Same dependency versions as the main workspace, resolved offline.
    if !dir.join("Cargo.lock").exists() {
        let _ = std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"));
    }
    let target = workspace_root().join("target/sweep-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["build", "--quiet", "-p", &program])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("the sweep program of {name} does not compile:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    let exe = target.join("debug").join(format!("{program}{}", std::env::consts::EXE_SUFFIX));
    Ok(Program { name, spec: spec.to_path_buf(), api: generated.api, exe })
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    std::fs::create_dir_all(path.parent().expect("parent")).map_err(|e| format!("mkdir: {e}"))?;
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).map_err(|e| format!("write {}: {e}", path.display()))?;
    }
    Ok(())
}

impl Program {
    /// Runs the program against Prism mocking the document in `mode`.
    pub fn run(&self, mode: Mode) -> Result<SweepReport, String> {
        let prism = Prism::start_with(&self.spec, mode.prism_args())?;
        let run = Command::new(&self.exe)
            .arg(&prism.base_url)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.exe.display()))?;
        let stdout = String::from_utf8_lossy(&run.stdout);
        if !run.status.success() {
            return Err(format!(
                "the sweep program of {} failed ({}):\n{}\n{stdout}",
                self.name,
                run.status,
                String::from_utf8_lossy(&run.stderr)
            ));
        }
        let doc = Document::load(&self.spec)?;
        judge_output(&self.name, mode, &self.api, &doc, &stdout)
    }
}

/// Judges every operation of `api` from the program's output.
pub fn judge_output(name: &str, mode: Mode, api: &Api, doc: &Document, stdout: &str) -> Result<SweepReport, String> {
    let mut lines = BTreeMap::new();
    for line in stdout.lines() {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("bad output line {line:?}: {e}"))?;
        lines.insert(v["id"].as_str().unwrap_or_default().to_owned(), v);
    }
    let verdicts = super::operations(api)
        .into_iter()
        .map(|(_, op)| {
            let verdict = match super::skip_reason(op) {
                Some(why) => Verdict::Skipped(why),
                None => lines.get(&op.id).map_or(Verdict::Missing, |v| judge(doc, op, v)),
            };
            (op.id.clone(), verdict)
        })
        .collect();
    Ok(SweepReport { document: name.to_owned(), mode, verdicts })
}

/// The verdict on one output line of `op`.
fn judge(doc: &Document, op: &Operation, v: &Value) -> Verdict {
    let text = |key: &str| v[key].as_str().unwrap_or_default().to_owned();
    if let Some(p) = v["panic"].as_str() {
        return Verdict::Panic(p.lines().next().unwrap_or_default().to_owned());
    }
    let status = v["status"].as_u64().and_then(|s| u16::try_from(s).ok());
    let ok_status = status.filter(|s| (200..300).contains(s));
    let errors = v["violations"].as_str().map(request_errors).unwrap_or_default();
    match (v["kind"].as_str(), ok_status) {
        (Some("transport" | "invalid_request"), _) => Verdict::Transport(text("error")),
        _ if !errors.is_empty() => Verdict::Request { status, reasons: errors },
        (Some("ok"), Some(_)) => Verdict::Conforming,
        (Some("decode"), Some(status)) => decode_verdict(doc, op, status, v),
        _ => {
            let mut reasons = problem_reasons(&text("body"));
            if reasons.is_empty() {
                reasons.push(text("error").chars().take(300).collect());
            }
            Verdict::Request { status, reasons }
        }
    }
}

/// A body the generated type could not decode: the document's fault when
/// its own schema refuses the body too, else the generator's.
fn decode_verdict(doc: &Document, op: &Operation, status: u16, v: &Value) -> Verdict {
    let text = |key: &str| v[key].as_str().unwrap_or_default().to_owned();
    let (path, message, raw) = (text("path"), text("message"), text("body"));
    let body = serde_json::from_str(&raw).unwrap_or(Value::String(raw));
    let schema = doc
        .response_schema(op.method, &op.path, status, &text("content_type"))
        .map(|pointer| doc.violations(&pointer, &body));
    match schema {
        Some(Ok(schema)) if !schema.is_empty() => Verdict::BodyBreaksSchema { status, path, message, schema },
        Some(Err(e)) => Verdict::Decode { status, path, message: format!("{message} (schema not checked: {e})") },
        _ => Verdict::Decode { status, path, message },
    }
}
