//! Loading: reads a YAML or JSON OpenAPI document, bundles every `$ref`
//! that points into another file into the root document, and parses the
//! result with `openapiv3`.
//!
//! Bundling before typed parsing keeps the rest of the pipeline single-file:
//! the IR builder only ever follows local `#/components/...` references.

mod bundle;
mod context;
mod crossrefs;
mod deviations;
mod items;
mod lower;
mod narrow;
mod numbers;
#[cfg(test)]
mod tests;
mod yaml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result, SpecProblem};
use crate::report::Report;

/// A parsed document and what loading it involved.
#[derive(Debug)]
pub struct Loaded {
    /// The root file.
    pub root: PathBuf,
    /// The typed document with all external references bundled in.
    pub doc: openapiv3::OpenAPI,
    /// Every file read, the root included (for `cargo:rerun-if-changed`).
    pub files: BTreeSet<PathBuf>,
}

/// Parses a file's text as YAML (JSON is valid YAML, but JSON files go
/// through `serde_json` for its better error positions).
pub(crate) fn parse_text(path: &Path, text: &str) -> Result<Value> {
    if text.trim().is_empty() {
        return Err(Error::spec(path, "line 1", "the document is empty"));
    }
    let is_json = path.extension().is_some_and(|e| e == "json") || text.trim_start().starts_with('{');
    if is_json {
        return serde_json::from_str(text).map_err(|e| {
            Error::spec(path, format!("line {} column {}", e.line(), e.column()), format!("invalid json: {e}"))
        });
    }
    let yaml::Json(value) = serde_yaml::from_str(text).map_err(|e| {
        let loc =
            e.location().map(|l| format!("line {} column {}", l.line(), l.column())).unwrap_or_else(|| "line 1".into());
        Error::spec(path, loc, format!("invalid yaml: {e}"))
    })?;
    Ok(value)
}

/// Reads and parses one file.
pub(crate) fn read_value(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    parse_text(path, &text)
}

/// Escapes one JSON pointer token.
pub(crate) fn escape_token(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_token_into(&mut out, s);
    out
}

/// [`escape_token`], appended to `out`.
pub(crate) fn escape_token_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// The text of one JSON pointer token (`~1` is `/`, `~0` is `~`).
pub(crate) fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

pub use deviations::UNSPECIFIED_VERSION;

/// How to take a document that breaks a rule of the specification in a
/// way other tools tolerate (a deviation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Leniency {
    /// Read it as evidently meant, and report each deviation.
    #[default]
    Lenient,
    /// Refuse it, naming every deviation.
    Strict,
}

/// Loads `path`: parses, bundles external `$ref`s, reads or refuses
/// deviations, lowers OpenAPI 3.1 constructs, and parses the result as
/// OpenAPI 3.0.
pub fn load(path: &Path, leniency: Leniency, report: &mut Report) -> Result<Loaded> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    load_text(path, &text, leniency, report)
}

/// Like [`load`], for a document already in memory; `path` names it in
/// errors and anchors relative `$ref`s.
pub fn load_text(path: &Path, text: &str, leniency: Leniency, report: &mut Report) -> Result<Loaded> {
    let root = path.to_path_buf();
    let mut value = parse_text(&root, text)?;
    // Deviations are collected apart, so strict mode can refuse them all at once.
    let mut found = Report::default();
    deviations::number_version(&mut value, &mut found);
    check_version(&root, &value)?;
    let mut files = BTreeSet::new();
    files.insert(root.clone());
    bundle::bundle(&root, &mut value, &mut files)?;
    crossrefs::follow(&root, &mut value, &mut found)?;
    deviations::read_leniently(&root, &mut value, &mut found);
    if leniency == Leniency::Strict {
        if let Some(refused) = deviations::refusal(&root, &found) {
            return Err(refused);
        }
    }
    report.items.extend(found.items);
    lower::lower(&mut value, report);
    items::lower_item_schemas(&mut value, report);
    numbers::check(&mut value, report);
    let doc = parse_typed(&root, &value);
    drop_aside(value);
    Ok(Loaded { root, doc: doc?, files })
}

/// Drops `value` on a thread of its own: freeing the raw tree of a large
/// document took 2 % of a fresh generation, on the critical path. Dropped
/// here when no thread can be started.
pub(crate) fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("drop".into()).spawn(move || drop(value));
}

fn check_version(file: &Path, value: &Value) -> Result<()> {
    let Some(obj) = value.as_object() else {
        return Err(Error::spec(file, "#", "the document is not a mapping; expected an openapi document"));
    };
    if obj.contains_key("swagger") {
        return Err(Error::spec(
            file,
            "#/swagger",
            "swagger 2.0 documents are not supported; convert the document to openapi 3 first",
        ));
    }
    match obj.get("openapi") {
        None => Err(Error::spec(file, "#", "missing `openapi` field: this is not an openapi document")),
        Some(Value::String(v)) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(()),
        Some(v) => {
            Err(Error::spec(file, "#/openapi", format!("unsupported openapi version {v}; expected 3.0.x or 3.1.x")))
        }
    }
}

fn parse_typed(file: &Path, value: &Value) -> Result<openapiv3::OpenAPI> {
    // Tracking the path costs a fifth of the parse: only a document that
    // fails is parsed again with it, to say where.
    if let Ok(doc) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(value) {
        return Ok(doc);
    }
    let e = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value) {
        Ok(doc) => return Ok(doc),
        Err(e) => e,
    };
    let pointer = path_to_pointer(e.path());
    // `openapiv3` flattens path items, which hides where inside `paths`
    // the problem is: parse each path item alone to find every broken one.
    if pointer == "#/paths" {
        if let Some(serde_json::Value::Object(items)) = value.get("paths") {
            let problems = path_item_problems(file, items);
            if !problems.is_empty() {
                return Err(Error::Spec(problems));
            }
        }
    }
    let (location, message) = narrowed(value, pointer, e.into_inner().to_string());
    Err(Error::spec(file, location, message))
}

/// The error at `pointer` of `root`, moved to the keyword at fault when it
/// is inside a schema that `openapiv3` reports whole.
fn narrowed(root: &Value, pointer: String, message: String) -> (String, String) {
    let found = root.pointer(pointer.trim_start_matches('#')).and_then(|v| narrow::narrow(v, &pointer));
    found.unwrap_or((pointer, message))
}

fn path_item_problems(file: &Path, items: &serde_json::Map<String, Value>) -> Vec<SpecProblem> {
    let mut problems = Vec::new();
    for (path, item) in items {
        if path.starts_with("x-") {
            continue;
        }
        let base = format!("#/paths/{}", escape_token(path));
        let Value::Object(fields) = item else {
            problems.push(SpecProblem {
                file: file.to_path_buf(),
                location: base,
                message: "a path item must be a mapping".into(),
            });
            continue;
        };
        for (key, field) in fields {
            let at = format!("{base}/{}", escape_token(key));
            let result = match key.as_str() {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    serde_path_to_error::deserialize::<_, openapiv3::Operation>(field).map(|_| ())
                }
                "parameters" => {
                    serde_path_to_error::deserialize::<_, Vec<openapiv3::ReferenceOr<openapiv3::Parameter>>>(
                        field.clone(),
                    )
                    .map(|_| ())
                }
                _ => Ok(()),
            };
            if let Err(e) = result {
                let inner = path_to_pointer(e.path());
                let inner = inner.trim_start_matches('#');
                let (location, message) = match field.pointer(inner).and_then(|v| narrow::narrow(v, inner)) {
                    Some((inner, message)) => (format!("{at}{inner}"), message),
                    None => (format!("{at}{inner}"), e.into_inner().to_string()),
                };
                problems.push(SpecProblem { file: file.to_path_buf(), location, message });
            }
        }
    }
    problems
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("#");
    for seg in path.iter() {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&escape_token(key)),
            Segment::Enum { variant } => out.push_str(&escape_token(variant)),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}
