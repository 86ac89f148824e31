//! Issue 11, item 4: what the change report says, checked by the compiler.
//!
//! For each pair of documents, the crate of the newer one is generated and
//! a crate of call sites written from the older one's IR
//! (`tests::callsites`) is compiled against it:
//! - small pairs of the team's own, one kind of change each: the call
//!   sites compile exactly when the report calls nothing breaking;
//! - the Qovery history: the call sites of every item the report does not
//!   call breaking compile against the newer crate.
//!
//! All crates are checked in one throwaway workspace under
//! `target/compat`, with one `cargo check --keep-going`, and each error is
//! attributed to the crate of its file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::diff::Impact;
use tests::callsites::{self, Skip};
use tests::{upstream_spec, workspace_root};

const BASE: &str = r##"
openapi: 3.0.3
info: { title: compat, version: "1" }
paths:
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: verbose, in: query, schema: { type: boolean } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } } }
        "404": { description: missing }
  /pets:
    post:
      operationId: createPet
      tags: [pets]
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } }
      responses:
        "201": { description: made, content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } } }
  /owners:
    get:
      operationId: listOwners
      tags: [owners]
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
  schemas:
    Pet:
      type: object
      description: a pet
      required: [name]
      properties:
        name: { type: string }
        age: { type: integer }
        status: { $ref: "#/components/schemas/Status" }
    Status:
      type: string
      enum: [AVAILABLE, SOLD]
"##;

/// One kind of change each: (name, text replaced in `BASE`, replacement,
/// whether the report calls it breaking).
const CHANGES: &[(&str, &str, &str, bool)] = &[
    ("description", "description: a pet", "description: a pet, described again", false),
    (
        "optional_param_added",
        "        - { name: verbose, in: query, schema: { type: boolean } }\n",
        "        - { name: verbose, in: query, schema: { type: boolean } }\n        - { name: fields, in: query, schema: { type: string } }\n",
    false),
    ("optional_param_removed", "        - { name: verbose, in: query, schema: { type: boolean } }\n", "", true),
    ("optional_param_retyped", "name: verbose, in: query, schema: { type: boolean }", "name: verbose, in: query, schema: { type: integer }", true),
    ("optional_param_now_required", "name: verbose, in: query, schema", "name: verbose, in: query, required: true, schema", true),
    ("optional_field_added", "        age: { type: integer }\n", "        age: { type: integer }\n        color: { type: string }\n", false),
    ("required_field_added", "required: [name]", "required: [name, age]", true),
    ("field_removed", "        age: { type: integer }\n", "", true),
    ("field_retyped", "age: { type: integer }", "age: { type: string }", true),
    ("variant_added", "enum: [AVAILABLE, SOLD]", "enum: [AVAILABLE, SOLD, LOST]", false),
    ("variant_removed", "enum: [AVAILABLE, SOLD]", "enum: [AVAILABLE]", true),
    ("error_status_added", "        \"404\": { description: missing }\n", "        \"404\": { description: missing }\n        \"429\": { description: slow }\n", false),
    ("error_status_removed", "        \"404\": { description: missing }\n", "", true),
    ("operation_removed", "  /owners:\n    get:\n      operationId: listOwners\n      tags: [owners]\n      responses:\n        \"200\": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }\n", "", true),
    ("operation_added", "components:\n", "  /toys:\n    get:\n      operationId: listToys\n      tags: [pets]\n      responses:\n        \"204\": { description: none }\ncomponents:\n", false),
    ("scheme_added", "    key: { type: apiKey, in: header, name: X-Key }\n", "    key: { type: apiKey, in: header, name: X-Key }\n    token: { type: http, scheme: bearer }\n", false),
    ("scheme_removed", "    key: { type: apiKey, in: header, name: X-Key }\n", "    other: { type: http, scheme: bearer }\n", true),
    ("model_added", "    Status:\n", "    Toy:\n      type: object\n      properties:\n        name: { type: string }\n    Status:\n", false),
];

fn api(name: &str, text: &str) -> generator::ir::Api {
    let path = PathBuf::from(format!("{name}.yaml"));
    generator::Config::new(&path)
        .crate_name("compat")
        .generate_text(&path, text)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .api
}

/// The throwaway workspace: a generated crate and a call-site crate per case.
struct Workspace {
    root: PathBuf,
    members: Vec<String>,
}

impl Workspace {
    fn new(name: &str) -> Self {
        let root = workspace_root().join("target").join(name);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("workspace dir");
        Workspace { root, members: Vec::new() }
    }

    /// Generates the crate of `new_spec` as `<case>_api` and the call sites
    /// of `old` (less `skip`) as `<case>_calls`.
    fn add(&mut self, case: &str, new_spec: &Path, old: &generator::ir::Api, skip: &Skip) {
        let api_name = format!("{case}_api");
        let runtime = workspace_root().join("runtime").canonicalize().expect("runtime");
        let generated = generator::Config::new(new_spec)
            .crate_name(&api_name)
            .runtime_path(runtime)
            .generate()
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        generated.write_to(&self.root.join(&api_name)).expect("write api crate");
        let calls = self.root.join(format!("{case}_calls"));
        std::fs::create_dir_all(calls.join("src")).expect("calls dir");
        let manifest = format!(
            "[package]\nname = \"{case}_calls\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{api_name} = {{ path = \"../{api_name}\" }}\nuuid = \"1\"\nchrono = \"0.4\"\nserde_json = \"1\"\n"
        );
        std::fs::write(calls.join("Cargo.toml"), manifest).expect("manifest");
        std::fs::write(calls.join("src/lib.rs"), callsites::emit(old, &api_name, skip)).expect("lib.rs");
        self.members.extend([api_name, format!("{case}_calls")]);
    }

    /// Checks every crate; returns the crates with errors.
    fn check(&self) -> BTreeSet<String> {
        let members: Vec<String> = self.members.iter().map(|m| format!("{m:?}")).collect();
        let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
        std::fs::write(self.root.join("Cargo.toml"), manifest).expect("workspace manifest");
        let lock = workspace_root().join("Cargo.lock");
        let _ = std::fs::copy(lock, self.root.join("Cargo.lock"));
        let out = Command::new(env!("CARGO"))
            .args(["check", "--workspace", "--keep-going", "--offline", "--message-format", "short", "--quiet"])
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", workspace_root().join("target/compat-target"))
            .output()
            .expect("cargo check");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let failed: BTreeSet<String> = stderr
            .lines()
            .filter(|l| l.contains(": error"))
            .filter_map(|l| self.members.iter().find(|m| l.starts_with(&format!("{m}/"))).cloned())
            .collect();
        assert!(out.status.success() || !failed.is_empty(), "cargo check failed outside the crates:\n{stderr}");
        if !failed.is_empty() {
            eprintln!("{stderr}");
        }
        failed
    }
}

#[test]
fn each_kind_of_change_compiles_exactly_when_the_report_calls_it_compatible() {
    let old = api("base", BASE);
    let mut ws = Workspace::new("compat");
    let mut expected_failures = BTreeSet::new();
    for (case, from, to, breaking) in CHANGES {
        assert!(BASE.contains(from), "{case}: `{from}` is not in the base document");
        let text = BASE.replacen(from, to, 1);
        let report = generator::diff::diff(&old, &api(case, &text));
        assert!(!report.changes.is_empty() || *case == "description", "{case}: no change reported");
        let says_breaking = report.count(Impact::Breaking) > 0;
        assert_eq!(says_breaking, *breaking, "{case}: the report says {}", report.summary());
        let spec = ws.root.join(format!("{case}.yaml"));
        std::fs::write(&spec, &text).expect("spec");
        ws.add(case, &spec, &old, &Skip::new());
        if *breaking {
            expected_failures.insert(format!("{case}_calls"));
        }
    }
    let failed = ws.check();
    assert!(failed.iter().all(|f| f.ends_with("_calls")), "a generated crate does not compile: {failed:?}");
    assert_eq!(failed, expected_failures, "the compiler disagrees with the report");
}

#[test]
fn qovery_history_call_sites_of_compatible_items_compile() {
    let pairs = [
        ("q2026_04_23", "qovery/history/openapi-2025-11-25.yaml", "qovery/history/openapi-2026-04-23.yaml"),
        ("q_current", "qovery/history/openapi-2026-04-23.yaml", "qovery/openapi.yaml"),
    ];
    let mut ws = Workspace::new("compat-qovery");
    for (case, old_rel, new_rel) in pairs {
        let (Some(old_path), Some(new_path)) = (upstream_spec(old_rel), upstream_spec(new_rel)) else { return };
        let check = |p: &Path| generator::Config::new(p).check().unwrap_or_else(|e| panic!("{e}")).0;
        let (old, new) = (check(&old_path), check(&new_path));
        let report = generator::diff::diff(&old, &new);
        let skip: Skip = report
            .changes
            .iter()
            .filter(|c| c.impact == Impact::Breaking)
            .map(|c| callsites::item_key(&c.item))
            .collect();
        eprintln!("{case}: {}; {} item(s) left out as breaking", report.summary(), skip.len());
        ws.add(case, &new_path, &old, &skip);
    }
    let failed = ws.check();
    assert!(failed.is_empty(), "call sites of items the report calls compatible do not compile: {failed:?}");
}
