//! `$ref`s into another section of `components` than the one their slot
//! needs: a response written as `$ref: '#/components/requestBodies/X'`.
//!
//! Such a pointer resolves, so it is not "missing". Where its target has
//! the shape the slot needs (a request body has the `content` a response
//! needs), the target is read as one: copied into the slot's own section
//! and the reference pointed at the copy, so the IR builder, which follows
//! only references into the expected section, reads it like any other.
//! Each case is a [`Kind::Deviation`], which the `strict` option refuses.
//! Where the target cannot be read as what the slot needs (a header as a
//! parameter: it has no `name`), the document is refused, naming both
//! pointers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::context::for_each_schema;
use super::{escape_token, unescape_token};
use crate::error::{Error, Result, SpecProblem};
use crate::report::{Kind, Report};

/// What a `$ref` stands for, by where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Schema,
    Response,
    RequestBody,
    Parameter,
}

impl Slot {
    /// The section of `components` this slot's references belong in.
    fn section(self) -> &'static str {
        match self {
            Slot::Schema => "schemas",
            Slot::Response => "responses",
            Slot::RequestBody => "requestBodies",
            Slot::Parameter => "parameters",
        }
    }

    fn noun(self) -> &'static str {
        section_noun(self.section())
    }

    /// The slot whose references belong in `section`.
    fn of_section(section: &str) -> Option<Slot> {
        [Slot::Schema, Slot::Response, Slot::RequestBody, Slot::Parameter].into_iter().find(|s| s.section() == section)
    }
}

/// What an entry of a `components` section is, for messages.
fn section_noun(section: &str) -> &'static str {
    match section {
        "schemas" => "a schema",
        "responses" => "a response",
        "requestBodies" => "a request body",
        "parameters" => "a parameter",
        "headers" => "a header",
        "examples" => "an example",
        "securitySchemes" => "a security scheme",
        "links" => "a link",
        "callbacks" => "a callback",
        "pathItems" => "a path item",
        _ => "a component",
    }
}

/// One reference found: where it is, what it stands for, where it points.
struct Found {
    at: String,
    slot: Slot,
    reference: String,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Follows every reference of the bundled document `value` into another
/// section whose target has the slot's shape, reporting each to `report`;
/// refuses those whose target has not.
pub(super) fn follow(file: &Path, value: &mut Value, report: &mut Report) -> Result<()> {
    let found = find(value);
    let mut copies: BTreeMap<(String, Slot), String> = BTreeMap::new();
    let mut added: Vec<(Slot, String, Value)> = Vec::new();
    let mut rewrites = Vec::new();
    let mut problems = Vec::new();
    let mut misplaced = BTreeSet::new();
    for f in found {
        let Some((section, name)) = other_section(&f.reference, f.slot) else { continue };
        let Some(target) = component(value, section, &name) else { continue };
        if target.get("$ref").is_some() {
            // A chain of references: left to the IR builder, as before.
            continue;
        }
        let read = match read_as(f.slot, target) {
            Ok(read) => read,
            Err(why) => {
                problems.push(SpecProblem {
                    file: file.to_path_buf(),
                    location: f.at.clone(),
                    message: format!(
                        "`$ref` `{}` stands where {} belongs, but its target `#/components/{section}/{}` is {} that {why}, so it cannot be read as {}",
                        f.reference,
                        f.slot.noun(),
                        escape_token(&name),
                        section_noun(section),
                        f.slot.noun()
                    ),
                });
                continue;
            }
        };
        let reason = |how: &str| {
            format!(
                "`$ref` `{}` stands where {} belongs but points into `{section}`; its target has the shape of {}, so it is read as one ({how})",
                f.reference,
                f.slot.noun(),
                f.slot.noun()
            )
        };
        // A component that is itself such a reference takes the target's
        // place: the IR builder follows no chain of references.
        if f.slot != Slot::Schema && f.at.starts_with("#/components/") {
            report.add(Kind::Deviation, f.at.clone(), reason("in place"));
            rewrites.push((f.at, Rewrite::Inline(read)));
            continue;
        }
        // Left where it is, a schema under `parameters` would fail the
        // typed parse of that section.
        if Slot::of_section(section).is_some_and(|own| read_as(own, target).is_err()) {
            misplaced.insert((section.to_string(), name.clone(), f.slot));
        }
        let key = (f.reference.clone(), f.slot);
        let local = match copies.get(&key) {
            Some(local) => local.clone(),
            None => {
                let copy = copy_name(value, &added, f.slot, &name, &read);
                if !added.iter().any(|(s, n, _)| *s == f.slot && *n == copy) {
                    added.push((f.slot, copy.clone(), read));
                }
                let local = format!("#/components/{}/{}", f.slot.section(), escape_token(&copy));
                copies.insert(key, local.clone());
                local
            }
        };
        report.add(Kind::Deviation, f.at.clone(), reason(&format!("`{local}`")));
        rewrites.push((f.at, Rewrite::Ref(local)));
    }
    if !problems.is_empty() {
        return Err(Error::Spec(problems));
    }
    apply(value, added, rewrites);
    remove(value, misplaced, report);
    Ok(())
}

/// Takes out of their section the components copied elsewhere that have
/// not the shape of their own section's entries.
fn remove(value: &mut Value, misplaced: BTreeSet<(String, String, Slot)>, report: &mut Report) {
    let Some(Value::Object(components)) = value.get_mut("components") else { return };
    for (section, name, slot) in misplaced {
        if let Some(Value::Object(entries)) = components.get_mut(&section) {
            entries.remove(&name);
        }
        report.add(
            Kind::Deviation,
            format!("#/components/{section}/{}", escape_token(&name)),
            format!(
                "has the shape of {}, not of {}; taken out of `{section}` and read as {} where it is referenced",
                slot.noun(),
                section_noun(&section),
                slot.noun()
            ),
        );
    }
}

/// Every reference in a slot this pass knows: operations' responses,
/// request bodies and parameters, the same sections of `components`, and
/// every schema.
fn find(value: &mut Value) -> Vec<Found> {
    let mut out = Vec::new();
    let mut push = |at: String, slot: Slot, v: &Value| {
        if let Some(Value::String(r)) = v.get("$ref") {
            out.push(Found { at, slot, reference: r.clone() });
        }
    };
    if let Some(Value::Object(paths)) = value.get("paths") {
        for (key, item) in paths.iter().filter(|(k, _)| !k.starts_with("x-")) {
            let base = format!("#/paths/{}", escape_token(key));
            each_param(item, &base, &mut push);
            for method in METHODS {
                let Some(op) = item.get(*method) else { continue };
                let at = format!("{base}/{method}");
                each_param(op, &at, &mut push);
                if let Some(body) = op.get("requestBody") {
                    push(format!("{at}/requestBody"), Slot::RequestBody, body);
                }
                if let Some(Value::Object(responses)) = op.get("responses") {
                    for (status, r) in responses.iter().filter(|(k, _)| !k.starts_with("x-")) {
                        push(format!("{at}/responses/{}", escape_token(status)), Slot::Response, r);
                    }
                }
            }
        }
    }
    if let Some(Value::Object(components)) = value.get("components") {
        for slot in [Slot::Response, Slot::RequestBody, Slot::Parameter] {
            let Some(Value::Object(section)) = components.get(slot.section()) else { continue };
            for (name, v) in section {
                push(format!("#/components/{}/{}", slot.section(), escape_token(name)), slot, v);
            }
        }
    }
    for_each_schema(value, &mut |map, at| {
        if let Some(Value::String(r)) = map.get("$ref") {
            out.push(Found { at: at.to_string(), slot: Slot::Schema, reference: r.clone() });
        }
    });
    out
}

fn each_param(holder: &Value, at: &str, push: &mut impl FnMut(String, Slot, &Value)) {
    let Some(Value::Array(params)) = holder.get("parameters") else { return };
    for (i, p) in params.iter().enumerate() {
        push(format!("{at}/parameters/{i}"), Slot::Parameter, p);
    }
}

/// The section and (unescaped) name of `reference` when it is a local
/// pointer to a component of a section other than the slot's.
fn other_section(reference: &str, slot: Slot) -> Option<(&str, String)> {
    let rest = reference.strip_prefix("#/components/")?;
    let (section, name) = rest.split_once('/')?;
    if section == slot.section() || name.contains('/') {
        return None;
    }
    Some((section, unescape_token(name)))
}

fn component<'v>(value: &'v Value, section: &str, name: &str) -> Option<&'v Value> {
    value.get("components")?.get(section)?.get(name)
}

/// `target` read as what `slot` needs, or what it has not.
fn read_as(slot: Slot, target: &Value) -> std::result::Result<Value, &'static str> {
    let Value::Object(m) = target else {
        return match (slot, target) {
            (Slot::Schema, Value::Bool(_)) => Ok(target.clone()),
            _ => Err("is not a mapping"),
        };
    };
    let is_param = m.get("name").is_some_and(Value::is_string) && m.get("in").is_some_and(Value::is_string);
    let content = m.get("content").and_then(Value::as_object).filter(|c| !c.is_empty());
    match slot {
        Slot::Schema if is_param || ["in", "content", "schema"].iter().any(|k| m.contains_key(*k)) => {
            Err("has `in`, `content` or `schema`, which no schema keyword is")
        }
        Slot::Schema => Ok(target.clone()),
        Slot::Parameter if is_param && (m.contains_key("schema") || m.contains_key("content")) => Ok(target.clone()),
        Slot::Parameter => Err("has no `name` and `in`, or no `schema` or `content`"),
        Slot::RequestBody | Slot::Response if is_param => Err("has `name` and `in`"),
        Slot::RequestBody | Slot::Response if content.is_none() => Err("has no `content`"),
        Slot::RequestBody => Ok(keep(m, &["description", "content", "required"], None)),
        // A response needs a description; a request body's is optional.
        Slot::Response => Ok(keep(m, &["description", "content", "headers", "links"], Some("description"))),
    }
}

/// The fields of `m` named in `fields` and its extensions; `required` is
/// filled with an empty string when absent.
fn keep(m: &Map<String, Value>, fields: &[&str], required: Option<&str>) -> Value {
    let mut out: Map<String, Value> = m
        .iter()
        .filter(|(k, _)| fields.contains(&k.as_str()) || k.starts_with("x-"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(field) = required {
        out.entry(field).or_insert_with(|| Value::String(String::new()));
    }
    Value::Object(out)
}

/// The name the copy of `name` takes in the slot's section: `name` when
/// free or already holding the same value, else `name2`, `name3`...
fn copy_name(value: &Value, added: &[(Slot, String, Value)], slot: Slot, name: &str, read: &Value) -> String {
    let holds = |candidate: &str| {
        let existing = component(value, slot.section(), candidate);
        let pending = added.iter().find(|(s, n, _)| *s == slot && n == candidate).map(|(_, _, v)| v);
        existing.or(pending)
    };
    let mut candidate = name.to_string();
    let mut i = 2;
    while holds(&candidate).is_some_and(|v| v != read) {
        candidate = format!("{name}{i}");
        i += 1;
    }
    candidate
}

/// What a reference found becomes.
enum Rewrite {
    /// A reference to the copy.
    Ref(String),
    /// The target, read as the slot needs.
    Inline(Value),
}

/// Adds the copies to `components` and rewrites each reference.
fn apply(value: &mut Value, added: Vec<(Slot, String, Value)>, rewrites: Vec<(String, Rewrite)>) {
    if let Some(Value::Object(components)) = value.get_mut("components") {
        for (slot, name, v) in added {
            let section = components.entry(slot.section()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(section) = section {
                section.entry(name).or_insert(v);
            }
        }
    }
    for (at, rewrite) in rewrites {
        let Some(holder) = value.pointer_mut(at.trim_start_matches('#')) else { continue };
        match rewrite {
            Rewrite::Ref(local) => {
                if let Value::Object(holder) = holder {
                    holder.insert("$ref".into(), Value::String(local));
                }
            }
            Rewrite::Inline(read) => *holder = read,
        }
    }
}
