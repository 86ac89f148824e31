//! Cargo features per tag: the `#[cfg]` attributes that compile an API
//! group only with its feature and a model only with the features of the
//! groups that reach it (`ir::reach`), and the manifest's `[features]`.
//!
//! Only a crate has features: module output (`include!`d into the user's
//! crate, whose features these are not) gets no attribute at all.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ir::reach::{reach, Gate};
use crate::ir::reserved::FULL_FEATURE as FULL;
use crate::ir::Api;
use crate::plan::filters::{lit, toml};

/// How one model or group is compiled.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GateView {
    /// The attribute in front of its items (`#[cfg(feature = "a")]`);
    /// empty when always compiled.
    pub cfg: String,
    /// The predicate of `cfg` (`feature = "a"`); empty when always compiled.
    pub pred: String,
    /// The features named in `cfg`, for the docs; empty when always compiled.
    pub features: Vec<String>,
    /// Reached by no operation: compiled with `full` only.
    pub unreached: bool,
}

impl GateView {
    fn new(gate: &Gate) -> Self {
        let features = gate.features();
        let pred = match features.as_slice() {
            [] => return GateView::default(),
            [one] => format!("feature = {}", lit(one)),
            _ => any_of(&features),
        };
        GateView { cfg: format!("#[cfg({pred})]"), pred, features, unreached: *gate == Gate::Full }
    }
}

/// `any(feature = "a", feature = "b")`.
fn any_of(features: &[String]) -> String {
    let each: Vec<String> = features.iter().map(|f| format!("feature = {}", lit(f))).collect();
    format!("any({})", each.join(", "))
}

/// Every group's feature, as a set.
fn all_features(api: &Api) -> BTreeSet<String> {
    api.features().into_iter().collect()
}

/// The gate of every named type, by Rust name; every gate is empty when
/// `enabled` is false (module output).
pub fn model_gates(api: &Api, enabled: bool) -> BTreeMap<String, GateView> {
    if !enabled {
        return api.types.keys().map(|n| (n.clone(), GateView::default())).collect();
    }
    let (reach, all) = (reach(api), all_features(api));
    api.types.keys().map(|n| (n.clone(), GateView::new(&Gate::of(reach.get(n), &all)))).collect()
}

/// The gate of each group, in group order.
pub fn group_gates(api: &Api, enabled: bool) -> Vec<GateView> {
    api.features()
        .into_iter()
        .map(|f| if enabled { GateView::new(&Gate::Any(vec![f])) } else { GateView::default() })
        .collect()
}

/// The attribute on `Client`'s runtime client field: only API groups read
/// it, so with none compiled (`--no-default-features`, a crate of models
/// only) it is rightly unread, and the lint is allowed in exactly that
/// configuration. Empty for module output, which compiles every group.
pub fn client_field_cfg(api: &Api, enabled: bool) -> String {
    if !enabled {
        return String::new();
    }
    let features: Vec<String> = all_features(api).into_iter().collect();
    format!("#[cfg_attr(not({}), allow(dead_code))]", any_of(&features))
}

/// The manifest's `[features]` table: `default` turns on `full`, `full`
/// every group's feature, and a group's feature needs nothing else but the
/// runtime's `ws` when the group has WebSocket channels, so that a build
/// without those groups does not compile the WebSocket crate.
pub fn manifest(api: &Api) -> String {
    let features = api.features();
    let list = |fs: &[String]| fs.iter().map(|f| toml(f)).collect::<Vec<_>>().join(", ");
    let mut out = format!("default = [{}]\n{FULL} = [{}]\n", toml(FULL), list(&features));
    for (f, group) in features.iter().zip(&api.groups) {
        let needs = if group.has_channels() { toml(WS_FEATURE) } else { String::new() };
        out.push_str(&format!("{} = [{needs}]\n", toml_key(f)));
    }
    out
}

/// The runtime feature WebSocket channels need.
const WS_FEATURE: &str = "openapi-rust-runtime/ws";

/// `f` as a TOML key: bare when it can be (feature names from module
/// names always can), quoted otherwise.
fn toml_key(f: &str) -> String {
    if !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        f.to_string()
    } else {
        toml(f)
    }
}
