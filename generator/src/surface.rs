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

/// Keys of the IR that only document: the change report ignores them, so
/// the record leaves them out.
const DOC_KEYS: &[&str] = &["description", "summary", "example"];

/// The record of `api`: its IR without documentation, as compact JSON
/// (deterministic: struct fields in order, maps sorted). Compact because
/// the record is read by the generator, not by people: the change report
/// is how people read it.
pub fn record(api: &Api) -> String {
    let mut value = serde_json::to_value(api).unwrap_or_default();
    strip_docs(&mut value, false);
    serde_json::to_string(&value).unwrap_or_default() + "\n"
}

/// Removes [`DOC_KEYS`] from every object, except from the keys of maps
/// keyed by spec names (security schemes), where they are names.
fn strip_docs(value: &mut serde_json::Value, keyed_by_spec: bool) {
    match value {
        serde_json::Value::Object(map) => {
            if !keyed_by_spec {
                map.retain(|k, _| !DOC_KEYS.contains(&k.as_str()));
            }
            for (k, v) in map.iter_mut() {
                strip_docs(v, k == "security_schemes");
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| strip_docs(v, false)),
        _ => {}
    }
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
