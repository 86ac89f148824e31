//! Aliases that refer back to themselves.
//!
//! `Tree: {type: array, items: {$ref: Tree}}` is a type alias of a list of
//! itself, and Rust refuses a type alias that names itself, directly or
//! through other aliases. A struct may: `Vec` and `BTreeMap` already put
//! their items behind a pointer, so a newtype struct around the same type
//! has a finite size and, being `#[serde(transparent)]`, the same JSON.

use std::collections::{BTreeMap, BTreeSet};

use super::{TypeDef, TypeRef};
use crate::load::escape_token;
use crate::report::{Kind, Report};

/// Marks every alias that lies on a cycle of aliases as a newtype, and
/// types as any value the aliases of a cycle with no list or map in it
/// (`A: {$ref: B}`, `B: {$ref: A}`), which no value could ever end.
pub(crate) fn break_alias_cycles(types: &mut BTreeMap<String, TypeDef>, report: &mut Report) {
    for name in on_cycles(types, true) {
        if let Some(TypeDef::Alias(a)) = types.get_mut(&name) {
            report.add(
                Kind::UntypedValue,
                pointer(&a.source),
                "a cycle of `$ref`s with no array or map in it: typed as `serde_json::Value`",
            );
            a.ty = TypeRef::Any;
        }
    }
    for name in on_cycles(types, false) {
        if let Some(TypeDef::Alias(a)) = types.get_mut(&name) {
            a.newtype = true;
            report.add(
                Kind::Other,
                pointer(&a.source),
                format!(
                    "refers back to itself through arrays or maps only: a struct `{}` wrapping the value \
                     (`#[serde(transparent)]`), since a type alias cannot name itself",
                    a.name
                ),
            );
        }
    }
}

/// Aliases are only made for component schemas (inline schemas become
/// structs, enums or unions), so `source` is a component name.
fn pointer(source: &str) -> String {
    format!("#/components/schemas/{}", escape_token(source))
}

/// The aliases that reach themselves through other aliases; with
/// `direct_only`, only through aliases that are another name for one
/// alias (no list, map or `null` in between).
fn on_cycles(types: &BTreeMap<String, TypeDef>, direct_only: bool) -> Vec<String> {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, def) in types {
        let TypeDef::Alias(a) = def else { continue };
        let mut to = BTreeSet::new();
        match &a.ty {
            TypeRef::Named(t) if direct_only => {
                to.insert(t.as_str());
            }
            _ if direct_only => {}
            ty => named_in(ty, &mut to),
        }
        to.retain(|t| matches!(types.get(*t), Some(TypeDef::Alias(_))));
        edges.insert(name, to);
    }
    let reaches_itself = |start: &str| -> bool {
        let mut stack: Vec<&str> = edges.get(start).into_iter().flatten().copied().collect();
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == start {
                return true;
            }
            if seen.insert(n) {
                stack.extend(edges.get(n).into_iter().flatten().copied());
            }
        }
        false
    };
    edges.keys().filter(|n| reaches_itself(n)).map(|n| n.to_string()).collect()
}

/// Every named type `ty` mentions, at any depth.
fn named_in<'t>(ty: &'t TypeRef, out: &mut BTreeSet<&'t str>) {
    match ty {
        TypeRef::Named(n) => {
            out.insert(n.as_str());
        }
        TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Option(i) => named_in(i, out),
        _ => {}
    }
}
