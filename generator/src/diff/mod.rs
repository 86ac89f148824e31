//! The change report: two versions of an API compared through the Rust API
//! the generator renders for each, every change classified by what it
//! breaks for code written against the older crate.
//!
//! Comparing the rendered views (method names, argument and return types,
//! field types, variants) rather than the spec text means the report speaks
//! of exactly what users compile against, and follows every naming and
//! typing rule of the generator without restating it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ir::Api;
use crate::plan::{self, ModelKind, ModelView, OperationView};

mod format;
mod wire;

pub use format::{Bump, Format};

/// What a change does to code written against the older crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Calls, field reads or type names stop compiling.
    Breaking,
    /// The Rust API is unchanged, but what goes over the wire is not:
    /// servers, security, media types.
    Wire,
    /// Existing code keeps compiling.
    Compatible,
}

impl Impact {
    /// Every impact, most severe first.
    pub const ALL: [Impact; 3] = [Impact::Breaking, Impact::Wire, Impact::Compatible];
}

impl Impact {
    /// A short lowercase label.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Wire => "wire",
            Impact::Compatible => "compatible",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// What it breaks.
    pub impact: Impact,
    /// The Rust item: `JobSecretApi::create_job_secret`, `models::Secret`.
    pub item: String,
    /// What changed, lowercase.
    pub what: String,
}

/// All changes between two versions, sorted by impact then item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChangeReport {
    /// The changes.
    pub changes: Vec<Change>,
}

impl ChangeReport {
    /// How many changes have `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// `3 breaking, 0 wire, 12 compatible`.
    pub fn summary(&self) -> String {
        Impact::ALL.iter().map(|i| format!("{} {}", self.count(*i), i.label())).collect::<Vec<_>>().join(", ")
    }

    fn add(&mut self, impact: Impact, item: impl Into<String>, what: impl Into<String>) {
        self.changes.push(Change { impact, item: item.into(), what: what.into() });
    }
}

/// Compares the Rust API generated for `old` with the one for `new`.
pub fn diff(old: &Api, new: &Api) -> ChangeReport {
    let mut report = ChangeReport::default();
    wire::diff_servers(old, new, &mut report);
    wire::diff_schemes(old, new, &mut report);
    diff_operations(old, new, &mut report);
    diff_features(old, new, &mut report);
    diff_models(old, new, &mut report);
    report.changes.sort();
    report.changes.dedup();
    report
}

/// Operations by `Group::method`, for one API.
fn operations(api: &Api) -> BTreeMap<String, OperationView> {
    let mut out = BTreeMap::new();
    for g in &api.groups {
        for op in plan::operations(g, crate::options::DEFAULT_RUNTIME_CRATE) {
            out.insert(format!("{}::{}", g.struct_name, op.fn_name), op);
        }
    }
    out
}

/// The method's positional arguments and what awaiting the request gives.
fn signature(op: &OperationView) -> String {
    let args: Vec<String> =
        op.args.iter().filter(|a| a.positional).map(|a| format!("{}: {}", a.rust_name, a.ty)).collect();
    let ret = match &op.stream {
        Some(s) if s.primary => &s.output,
        _ => &op.ret_ty,
    };
    format!("({}) -> {ret}", args.join(", "))
}

/// A response that becomes or stops being a stream breaks the code that
/// awaits it (a primary stream is what awaiting gives) or calls its
/// `.stream()`; a `.stream()` added beside the buffered call is compatible.
fn diff_stream(key: &str, op: &OperationView, now: &OperationView, report: &mut ChangeReport) {
    let shape = |o: &OperationView| o.stream.as_ref().map(|s| (s.kind, s.primary, s.output.clone()));
    match (shape(op), shape(now)) {
        (None, None) => {}
        (a, b) if a == b => {}
        (None, Some((kind, false, _))) => {
            report.add(Impact::Compatible, key, format!("`.stream()` added ({})", kind.label()))
        }
        (Some((kind, ..)), None) => report.add(Impact::Breaking, key, format!("no longer a {}", kind.label())),
        (None, Some((kind, true, _))) => report.add(Impact::Breaking, key, format!("now a {}", kind.label())),
        (Some((was, _, a)), Some((is, _, b))) => {
            report.add(Impact::Breaking, key, format!("the {} `{a}` is now the {} `{b}`", was.label(), is.label()))
        }
    }
}

/// Pagination gained adds `.pages()` and `.paginate()`, which no existing
/// code calls; pagination lost, or a different item type, breaks the code
/// that calls them.
fn diff_pages(key: &str, op: &OperationView, now: &OperationView, report: &mut ChangeReport) {
    match (&op.pages, &now.pages) {
        (None, None) => {}
        (None, Some(p)) => report.add(
            Impact::Compatible,
            key,
            format!("now paginated: `.paginate()` and `.pages()` added ({})", p.how),
        ),
        (Some(_), None) => {
            report.add(Impact::Breaking, key, "no longer paginated: `.paginate()` and `.pages()` removed".to_string())
        }
        (Some(a), Some(b)) if a.item != b.item => {
            report.add(Impact::Breaking, key, format!("`.paginate()` yields `{}` instead of `{}`", b.item, a.item))
        }
        (Some(_), Some(_)) => {}
    }
}

/// The request value's setters of optional parameters, by name.
fn setters(op: &OperationView) -> BTreeMap<String, String> {
    op.args.iter().filter(|a| !a.positional).map(|a| (a.setter.clone(), a.ty.clone())).collect()
}

/// A setter added is compatible: code that does not call it still
/// compiles. One removed or retyped breaks the calls that use it.
fn diff_setters(key: &str, op: &OperationView, now: &OperationView, report: &mut ChangeReport) {
    let (before, after) = (setters(op), setters(now));
    for (name, ty) in &before {
        match after.get(name) {
            None => report.add(Impact::Breaking, key, format!("setter `{name}` removed")),
            Some(t) if t != ty => {
                report.add(Impact::Breaking, key, format!("setter `{name}` takes `{t}` instead of `{ty}`"))
            }
            Some(_) => {}
        }
    }
    for (name, ty) in after.iter().filter(|(n, _)| !before.contains_key(*n)) {
        report.add(Impact::Compatible, key, format!("setter `{name}({ty})` added"));
    }
}

fn diff_operations(old: &Api, new: &Api, report: &mut ChangeReport) {
    let (before, after) = (operations(old), operations(new));
    // Same HTTP method and path under another name is a rename.
    let endpoint = |ops: &BTreeMap<String, OperationView>, key: &str| {
        ops.get(key)
            .map(|o| (key.split("::").next().unwrap_or_default().to_string(), o.method.to_string(), o.path.clone()))
    };
    let by_endpoint: BTreeMap<(String, String, String), &String> =
        after.keys().filter(|k| !before.contains_key(*k)).filter_map(|k| Some((endpoint(&after, k)?, k))).collect();
    let mut renamed_to = BTreeSet::new();
    for (key, op) in &before {
        let Some(now) = after.get(key) else {
            match endpoint(&before, key).and_then(|e| by_endpoint.get(&e)) {
                Some(new_key) => {
                    renamed_to.insert((*new_key).clone());
                    report.add(Impact::Breaking, key, format!("renamed to `{new_key}`"));
                }
                None => report.add(Impact::Breaking, key, format!("removed (`{} {}`)", op.method, op.path)),
            }
            continue;
        };
        let (was, is) = (signature(op), signature(now));
        if was != is {
            report.add(Impact::Breaking, key, format!("signature `{was}` is now `{is}`"));
        }
        diff_setters(key, op, now, report);
        diff_stream(key, op, now, report);
        diff_pages(key, op, now, report);
        wire::diff_operation(key, op, now, report);
        let errors = |o: &OperationView| -> BTreeMap<String, Option<String>> {
            o.errors.iter().map(|e| (e.name.clone(), e.ty.clone())).collect()
        };
        diff_variants(&format!("{key} (`{}`)", op.error_name), &errors(op), &errors(now), report);
        let successes = |o: &OperationView| -> BTreeMap<String, Option<String>> {
            o.successes.iter().map(|v| (v.name.clone(), v.ty.clone())).collect()
        };
        if op.success_enum.is_some() && op.success_enum == now.success_enum {
            let item = format!("{key} (`{}`)", op.ret_ty);
            diff_variants(&item, &successes(op), &successes(now), report);
        }
        if op.deprecated != now.deprecated && now.deprecated {
            report.add(Impact::Compatible, key, "now deprecated");
        }
    }
    for (key, op) in &after {
        if !before.contains_key(key) && !renamed_to.contains(key) {
            report.add(Impact::Compatible, key, format!("added (`{} {}`)", op.method, op.path));
        }
    }
}

/// The crate's tag features. One removed breaks every manifest that
/// names it; one added is compatible (and on by default, through `full`).
fn diff_features(old: &Api, new: &Api, report: &mut ChangeReport) {
    let (before, after): (BTreeSet<String>, BTreeSet<String>) =
        (old.features().into_iter().collect(), new.features().into_iter().collect());
    for f in before.difference(&after) {
        report.add(Impact::Breaking, format!("feature `{f}`"), "removed");
    }
    for f in after.difference(&before) {
        report.add(Impact::Compatible, format!("feature `{f}`"), "added");
    }
}

/// Variants of an enum (errors, success bodies, union members), by name
/// with their payload type. A variant added is compatible: every such enum
/// is `#[non_exhaustive]`, so outside matches already have a `_` arm.
fn diff_variants(
    item: &str,
    before: &BTreeMap<String, Option<String>>,
    after: &BTreeMap<String, Option<String>>,
    report: &mut ChangeReport,
) {
    for (name, ty) in before {
        match after.get(name) {
            None => report.add(Impact::Breaking, item, format!("variant `{name}` removed")),
            Some(t) if t != ty => report.add(
                Impact::Breaking,
                item,
                format!("variant `{name}` holds `{}` instead of `{}`", payload(t), payload(ty)),
            ),
            Some(_) => {}
        }
    }
    for name in after.keys().filter(|n| !before.contains_key(*n)) {
        report.add(Impact::Compatible, item, format!("variant `{name}` added"));
    }
}

fn payload(t: &Option<String>) -> &str {
    t.as_deref().unwrap_or("nothing")
}

fn diff_models(old: &Api, new: &Api, report: &mut ChangeReport) {
    let index = |api: &Api| -> BTreeMap<String, ModelView> {
        plan::models(api, "crate::models").into_iter().map(|m| (m.name.clone(), m)).collect()
    };
    let (before, after) = (index(old), index(new));
    for (name, m) in &before {
        let item = format!("models::{name}");
        let Some(now) = after.get(name) else {
            report.add(Impact::Breaking, item, "removed");
            continue;
        };
        if m.kind.word() != now.kind.word() {
            report.add(Impact::Breaking, item, format!("was a {}, is now a {}", m.kind.word(), now.kind.word()));
            continue;
        }
        diff_sharing(&item, m, now, &after, report);
        // Only unions chosen by a discriminator carry an `Unknown` variant.
        match (m.kind, now.kind) {
            (ModelKind::TaggedUnion, ModelKind::Union) => {
                report.add(Impact::Breaking, &item, "lost its discriminator and its `Unknown` variant")
            }
            (ModelKind::Union, ModelKind::TaggedUnion) => {
                report.add(Impact::Compatible, &item, "gained a discriminator and an `Unknown` variant")
            }
            _ => {}
        }
        match m.kind {
            ModelKind::Struct => diff_struct(&item, m, now, report),
            ModelKind::Alias | ModelKind::Newtype if m.alias_ty != now.alias_ty => report.add(
                Impact::Breaking,
                item,
                format!(
                    "aliases `{}` instead of `{}`",
                    now.alias_ty.as_deref().unwrap_or(""),
                    m.alias_ty.as_deref().unwrap_or("")
                ),
            ),
            _ => {
                let variants = |m: &ModelView| -> BTreeMap<String, Option<String>> {
                    m.variants.iter().map(|v| (v.rust_name.clone(), v.ty.clone())).collect()
                };
                diff_variants(&item, &variants(m), &variants(now), report);
            }
        }
    }
    for name in after.keys().filter(|n| !before.contains_key(*n)) {
        report.add(Impact::Compatible, format!("models::{name}"), "added");
    }
}

/// A model that is another name of an enum or union (`same_as`): ceasing
/// to be the same type breaks code that passes a value of one name where
/// the other is expected; becoming the same type breaks nothing.
fn diff_sharing(
    item: &str,
    m: &ModelView,
    now: &ModelView,
    after: &BTreeMap<String, ModelView>,
    report: &mut ChangeReport,
) {
    let class = |name: &str| after.get(name).and_then(|v| v.same_as.clone()).unwrap_or_else(|| name.to_string());
    match (&m.same_as, &now.same_as) {
        (Some(old), _) if class(old) != class(&now.name) => {
            report.add(Impact::Breaking, item, format!("is no longer the same type as `{old}`"))
        }
        (None, Some(new)) => report.add(Impact::Compatible, item, format!("is now the same type as `{new}`")),
        _ => {}
    }
}

fn diff_struct(item: &str, m: &ModelView, now: &ModelView, report: &mut ChangeReport) {
    let fields = |m: &ModelView| -> BTreeMap<String, (String, bool)> {
        m.fields.iter().map(|f| (f.rust_name.clone(), (f.ty.clone(), f.required))).collect()
    };
    let (before, after) = (fields(m), fields(now));
    for (name, (ty, required)) in &before {
        match after.get(name) {
            None => report.add(Impact::Breaking, item, format!("field `{name}` removed")),
            Some((t, _)) if t != ty => {
                report.add(Impact::Breaking, item, format!("field `{name}` is `{t}` instead of `{ty}`"))
            }
            // Same type (`Option<T>` both as a required nullable and as an
            // optional field), but `new()` gains or loses the argument.
            Some((_, r)) if r != required => {
                let what = if *r { "now an argument of `new`" } else { "no longer an argument of `new`" };
                report.add(Impact::Breaking, item, format!("field `{name}` is {what}"))
            }
            Some(_) => {}
        }
    }
    for (name, (ty, required)) in after.iter().filter(|(n, _)| !before.contains_key(*n)) {
        // A required field is also a new argument of `new()`; an optional
        // one is a new setter, and the struct is `#[non_exhaustive]`, so no
        // code outside the crate spelled out all fields.
        let impact = if *required { Impact::Breaking } else { Impact::Compatible };
        let what = if *required { "required field" } else { "optional field" };
        report.add(impact, item, format!("{what} `{name}: {ty}` added"));
    }
    if m.additional != now.additional {
        let what = match (&m.additional, &now.additional) {
            (None, Some(t)) => (Impact::Compatible, format!("keeps extra properties now (`{t}`)")),
            (Some(_), None) => (Impact::Breaking, "no longer keeps extra properties".to_string()),
            (Some(a), Some(b)) => (Impact::Breaking, format!("extra properties are `{b}` instead of `{a}`")),
            (None, None) => return,
        };
        report.add(what.0, item, what.1);
    }
}
