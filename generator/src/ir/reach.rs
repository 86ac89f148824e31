//! Which API groups reach each named type.
//!
//! A generated crate has one Cargo feature per group (tag). A model is
//! compiled when any group whose operations use it, directly or through
//! other types, is: so a user who enables one tag compiles its operations
//! and only the models they need. Every type reference counts: parameters,
//! request bodies, success and error bodies, struct fields and extra
//! properties, list items, map values, union variants (allOf parts are
//! fields by now) and alias or newtype targets.

use std::collections::{BTreeMap, BTreeSet};

use super::{Api, Group, Operation, TypeDef, TypeRef};

/// For each named type of `api`, the features of the groups that reach
/// it; a type no operation reaches is absent.
pub type Reach = BTreeMap<String, BTreeSet<String>>;

/// Which groups' features reach each named type (see [`Reach`]).
pub fn reach(api: &Api) -> Reach {
    let mut out = Reach::new();
    for group in &api.groups {
        for name in reached_by(api, group) {
            out.entry(name).or_default().insert(group.feature.clone());
        }
    }
    out
}

/// The named types one group's operations reach, transitively.
fn reached_by(api: &Api, group: &Group) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = Vec::new();
    for op in &group.operations {
        for t in operation_refs(op) {
            named_in(t, &mut todo);
        }
    }
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(def) = api.types.get(&name) {
            for t in type_refs(def) {
                named_in(t, &mut todo);
            }
        }
    }
    seen
}

/// Every type an operation names: parameters, body, every response.
fn operation_refs(op: &Operation) -> impl Iterator<Item = &TypeRef> {
    let params = op.params.iter().map(|p| &p.ty);
    let body = op.body.iter().map(|b| &b.ty);
    let successes = match &op.success {
        super::Success::Single(r) => std::slice::from_ref(r),
        super::Success::Several { responses, .. } => responses.as_slice(),
    };
    params.chain(body).chain(op.responses.iter().chain(successes).map(|r| &r.ty))
}

/// Every type a named type's definition names.
fn type_refs(def: &TypeDef) -> Vec<&TypeRef> {
    match def {
        TypeDef::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.additional.as_ref()).collect(),
        TypeDef::Enum(_) => Vec::new(),
        TypeDef::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeDef::Alias(a) => vec![&a.ty],
    }
}

/// Pushes the named types `t` mentions (through lists, maps, options).
fn named_in(t: &TypeRef, out: &mut Vec<String>) {
    match t {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Option(i) => named_in(i, out),
        _ => {}
    }
}

/// How a model is compiled, given the features that reach it and every
/// group's feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Every group reaches it: always compiled.
    Always,
    /// Reached by no operation: compiled with `full` only.
    Full,
    /// Compiled when any of these features is on (sorted).
    Any(Vec<String>),
}

impl Gate {
    /// The gate of a type that `features` reach, among `all` features.
    pub fn of(features: Option<&BTreeSet<String>>, all: &BTreeSet<String>) -> Gate {
        match features {
            None => Gate::Full,
            Some(f) if f.is_empty() => Gate::Full,
            Some(f) if f == all => Gate::Always,
            Some(f) => Gate::Any(f.iter().cloned().collect()),
        }
    }

    /// The features named in the gate (`full` for [`Gate::Full`]).
    pub fn features(&self) -> Vec<String> {
        match self {
            Gate::Always => Vec::new(),
            Gate::Full => vec![super::reserved::FULL_FEATURE.to_string()],
            Gate::Any(f) => f.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec_tests::generate;

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    get:
      tags: [a]
      operationId: getA
      parameters:
        - { name: f, in: query, schema: { $ref: "#/components/schemas/Filter" } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Page" } } } }
        "404": { description: no, content: { application/json: { schema: { $ref: "#/components/schemas/Problem" } } } }
  /b:
    post:
      tags: [b]
      operationId: postB
      requestBody:
        content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Shape" } } } }
      responses:
        "204": { description: done }
        "400": { description: bad, content: { application/json: { schema: { $ref: "#/components/schemas/Problem" } } } }
components:
  schemas:
    Filter: { type: string, enum: [x, y] }
    Page:
      type: object
      properties:
        items: { type: object, additionalProperties: { $ref: "#/components/schemas/Item" } }
    Item: { type: object, properties: { tags: { type: array, items: { $ref: "#/components/schemas/Tag" } } } }
    Tag: { type: string }
    Shape:
      oneOf: [{ $ref: "#/components/schemas/Circle" }, { $ref: "#/components/schemas/Named" }]
    Circle: { type: object, properties: { r: { type: number } } }
    Named: { allOf: [{ $ref: "#/components/schemas/Label" }] }
    Label: { type: object, properties: { text: { $ref: "#/components/schemas/Tag" } } }
    Problem: { type: object, properties: { detail: { type: string } } }
    Orphan: { type: object, properties: { p: { $ref: "#/components/schemas/Problem" } } }
"##;

    fn names(reach: &Reach, feature: &str) -> Vec<String> {
        reach.iter().filter(|(_, f)| f.contains(feature)).map(|(n, _)| n.clone()).collect()
    }

    #[test]
    fn every_kind_of_reference_is_followed() {
        let api = generate(SPEC).api;
        let reach = reach(&api);
        // Query parameter, success body, map values, list items, error body.
        assert_eq!(names(&reach, "a"), ["Filter", "Item", "Page", "Problem", "Tag"]);
        // Body list items, union variants, allOf parts, error body.
        let b = names(&reach, "b");
        for t in ["Circle", "Named", "Problem", "Shape", "Tag"] {
            assert!(b.contains(&t.to_string()), "{t} not reached by b: {b:?}");
        }
        assert!(!reach.contains_key("Orphan"), "{reach:?}");
        let all: BTreeSet<String> = ["a", "b"].map(String::from).into();
        assert_eq!(Gate::of(reach.get("Problem"), &all), Gate::Always);
        assert_eq!(Gate::of(reach.get("Orphan"), &all), Gate::Full);
        assert_eq!(Gate::of(reach.get("Page"), &all), Gate::Any(vec!["a".into()]));
    }
}
