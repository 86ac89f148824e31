//! The record of a generated crate's API that the next regeneration
//! compares with (`api-surface.json`, beside `Cargo.toml`), so the change
//! report needs no copy of the old document; and the `changelog` option,
//! which turns that report into a version bump and a `CHANGELOG.md` entry.

use std::path::{Path, PathBuf};

use crate::diff::{self, ChangeReport, Format};
use crate::ir::Api;
use crate::Generated;

/// The record's file name, relative to the crate.
pub const RECORD: &str = "api-surface.json";

/// The changelog's file name, relative to the crate.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The record of `api`: its IR as compact JSON (deterministic: struct
/// fields in order, maps sorted). The IR does not serialize the fields that
/// only document (descriptions, summaries, examples): the change report
/// ignores them. Compact because the record is read by the generator, not
/// by people: the change report is how people read it.
pub fn record(api: &Api) -> String {
    serde_json::to_string(api).unwrap_or_default() + "\n"
}

/// The API recorded in the crate at `out`: `None` when there is no record,
/// `Some(Err(reason))` when it cannot be read (a record written by another
/// version of the generator, say).
pub fn previous(out: &Path) -> Option<Result<Api, String>> {
    let text = std::fs::read_to_string(out.join(RECORD)).ok()?;
    Some(serde_json::from_str(&text).map_err(|e| format!("`{RECORD}` cannot be read: {e}")))
}

/// The `version` of the `[package]` of a generated manifest.
fn package_version(manifest: &str) -> Option<String> {
    let line = manifest.lines().find(|l| l.starts_with("version = "))?;
    Some(line.trim_start_matches("version = ").trim_matches('"').to_string())
}

impl Generated {
    /// Compares this output with the record the previous generation left in
    /// `out`. `None` when there is no readable record.
    pub fn changes_since(&self, out: &Path) -> Option<ChangeReport> {
        previous(out)?.ok().map(|old| diff::diff(&old, &self.api))
    }

    /// The `changelog` option: against the crate at `out`, the version
    /// becomes the previous one bumped as `report` calls for (kept when
    /// nothing changed) and the report in Markdown is prepended to the
    /// previous `CHANGELOG.md`, which is carried over either way.
    pub fn apply_changelog(&mut self, out: &Path, report: &ChangeReport) {
        let old_manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
        let old_changelog = std::fs::read_to_string(out.join(CHANGELOG)).ok();
        let manifest_path = PathBuf::from("Cargo.toml");
        let Some(manifest) = self.files.get(&manifest_path).cloned() else { return };
        let (Some(previous), Some(current)) = (package_version(&old_manifest), package_version(&manifest)) else {
            return;
        };
        let mut changelog = old_changelog.unwrap_or_default();
        let version = if report.changes.is_empty() {
            previous
        } else {
            let next = report.bump().apply(&previous).unwrap_or(previous.clone());
            let heading = format!("{next} (was {previous})");
            changelog = format!("{}\n{changelog}", report.render(Format::Markdown, &heading));
            next
        };
        let manifest = manifest.replacen(&format!("version = \"{current}\""), &format!("version = \"{version}\""), 1);
        self.files.insert(manifest_path, manifest);
        if !changelog.is_empty() {
            self.files.insert(PathBuf::from(CHANGELOG), changelog);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::spec_tests::generate;

    /// A document with a description, summary or example in every place
    /// the IR keeps one, and a security scheme named like a doc key.
    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1", description: about the api }
tags: [{ name: jobs, description: about jobs }]
components:
  securitySchemes:
    description: { type: apiKey, in: header, name: X-Key, description: a key }
  schemas:
    Job:
      description: a job
      type: object
      properties:
        name: { type: string, description: its name, example: nightly }
        kind: { type: string, enum: [a, b], description: its kind }
paths:
  /jobs/{id}:
    get:
      tags: [jobs]
      summary: one job
      description: reads one job
      operationId: getJob
      security: [{ description: [] }]
      parameters:
        - { name: id, in: path, required: true, description: the id, schema: { type: string } }
      responses:
        "200": { description: the job, content: { application/json: { schema: { $ref: "#/components/schemas/Job" } } } }
"##;

    /// Every object key in `value`, at any depth, with the path to it.
    fn keys(value: &serde_json::Value, path: &str, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    out.push(format!("{path}/{k}"));
                    keys(v, &format!("{path}/{k}"), out);
                }
            }
            serde_json::Value::Array(items) => {
                items.iter().enumerate().for_each(|(i, v)| keys(v, &format!("{path}/{i}"), out))
            }
            _ => {}
        }
    }

    #[test]
    fn the_record_leaves_documentation_out_and_loads_back() {
        let api = generate(SPEC).api;
        assert!(api.groups[0].operations[0].summary.is_some(), "the IR keeps the summary");
        let text = super::record(&api);
        let value: serde_json::Value = serde_json::from_str(&text).expect("json");
        let mut all = Vec::new();
        keys(&value, "", &mut all);
        let docs: Vec<&String> = all
            .iter()
            .filter(|k| ["description", "summary", "example"].iter().any(|d| k.ends_with(&format!("/{d}"))))
            .collect();
        // The one doc-named key left is the scheme's name, a map key.
        assert_eq!(docs, ["/security_schemes/description"]);
        let back: crate::ir::Api = serde_json::from_str(&text).expect("the record loads");
        assert_eq!(back.groups[0].operations[0].summary, None);
        assert_eq!(super::record(&back), text, "nothing but documentation is lost");
    }
}
