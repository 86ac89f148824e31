//! Cargo features per tag: the manifest's `[features]`, the `#[cfg]`
//! attributes on groups and models, feature names that avoid reserved
//! ones, and features in the change report. Generated files are read as
//! TOML and parsed Rust, never as text.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::reach::reach;
use crate::spec_tests::generate;
use crate::Generated;

const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /jobs:
    get:
      tags: [Job Secret]
      operationId: listJobs
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Job" } } } }
  /defaults:
    get:
      tags: [default]
      operationId: getDefault
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Shared" } } } }
  /serde:
    get:
      tags: [serde_json]
      operationId: getSerde
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Shared" } } } }
components:
  schemas:
    Job: { type: object, properties: { shared: { $ref: "#/components/schemas/Shared" } } }
    Shared: { type: object, properties: { id: { type: string } } }
    Orphan: { type: object, properties: { id: { type: string } } }
"##;

fn manifest_features(g: &Generated) -> BTreeMap<String, Vec<String>> {
    let manifest: toml::Table = g.files[std::path::Path::new("Cargo.toml")].parse().expect("manifest parses");
    let features = manifest["features"].as_table().expect("[features]");
    features
        .iter()
        .map(|(k, v)| {
            let list = v.as_array().expect("list").iter().map(|f| f.as_str().expect("string").to_string());
            (k.clone(), list.collect())
        })
        .collect()
}

/// The string literals inside an attribute's arguments (`cfg(any(feature = "a"))` -> `a`).
fn literals(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
    for t in tokens {
        match t {
            proc_macro2::TokenTree::Group(g) => literals(g.stream(), out),
            proc_macro2::TokenTree::Literal(l) => out.push(l.to_string().trim_matches('"').to_string()),
            _ => {}
        }
    }
}

/// Per `mod` and `pub use` item of a parsed file (by the name it
/// declares), the features its `#[cfg]` names; `None` when ungated.
fn gates(g: &Generated, path: &str) -> BTreeMap<String, Option<Vec<String>>> {
    let file = syn::parse_file(&g.files[std::path::Path::new(path)]).expect("parses");
    let mut out = BTreeMap::new();
    for item in &file.items {
        let (name, attrs) = match item {
            syn::Item::Mod(m) => (format!("mod {}", m.ident), &m.attrs),
            syn::Item::Use(u) => (format!("use {}", quote::ToTokens::to_token_stream(&u.tree)), &u.attrs),
            _ => continue,
        };
        let cfg = attrs.iter().find(|a| a.path().is_ident("cfg")).map(|a| {
            let mut lits = Vec::new();
            literals(a.meta.require_list().expect("cfg(..)").tokens.clone(), &mut lits);
            lits
        });
        out.insert(name, cfg);
    }
    out
}

#[test]
fn the_manifest_has_one_feature_per_tag_and_full_is_the_default() {
    let g = generate(SPEC);
    let features = manifest_features(&g);
    let tags = g.api.features();
    // `default` and `serde_json` are the manifest's own names: renamed.
    assert_eq!(tags, ["job-secret", "default-api", "serde-json-api"]);
    assert_eq!(features["default"], ["full"]);
    assert_eq!(features["full"], tags);
    for t in &tags {
        assert!(features[t].is_empty(), "{t}: {:?}", features[t]);
    }
    assert_eq!(features["mock"], ["openapi-rust-runtime/mock"], "the typed mock server, off by default");
    assert_eq!(features.len(), tags.len() + 3, "{features:?}");
    let renames = g.report.items.iter().filter(|i| i.reason.contains("cargo feature")).count();
    // The group of untagged operations is `default-api` without a report item.
    assert_eq!(renames, 1, "{:?}", g.report.items);
}

#[test]
fn groups_and_models_are_gated_on_the_features_that_reach_them() {
    let g = generate(SPEC);
    let apis = gates(&g, "src/apis/mod.rs");
    assert_eq!(apis["mod job_secret_api"], Some(vec!["job-secret".to_string()]));
    // The shared error enums are always compiled; every group item is gated.
    assert_eq!(apis["mod errors"], None);
    assert!(apis.iter().filter(|(k, _)| *k != "mod errors").all(|(_, v)| v.is_some()), "{apis:?}");
    let models = gates(&g, "src/models/mod.rs");
    assert_eq!(models["mod job"], Some(vec!["job-secret".to_string()]));
    // Reached by every tag: always compiled.
    assert_eq!(models["mod shared"], None);
    assert_eq!(models["mod orphan"], Some(vec!["full".to_string()]));
    let reached: BTreeSet<String> = reach(&g.api).into_keys().collect();
    assert_eq!(reached, BTreeSet::from(["Job".to_string(), "Shared".to_string()]));
}

#[test]
fn module_output_has_no_feature_gates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("openapi.yaml");
    std::fs::write(&path, SPEC).expect("write spec");
    let mut config = crate::Config::new(&path);
    config.crate_name("t").output(crate::options::Output::Module);
    let g = config.generate().expect("generate");
    let (_, text) = g.files.iter().next().expect("one file");
    let file = syn::parse_file(text).expect("parses");
    let mut lits = Vec::new();
    literals(quote::ToTokens::to_token_stream(&file), &mut lits);
    assert!(!lits.iter().any(|l| l == "job-secret" || l == "full"), "a feature gate in module output");
}

#[test]
fn a_removed_feature_breaks_and_an_added_one_does_not() {
    let old = generate(SPEC).api;
    let new = generate(&SPEC.replace("tags: [Job Secret]", "tags: [Job Secrets]")).api;
    let report = crate::diff::diff(&old, &new);
    let feature_changes: Vec<(crate::diff::Impact, &str)> =
        report.changes.iter().filter(|c| c.item.starts_with("feature ")).map(|c| (c.impact, c.item.as_str())).collect();
    assert_eq!(
        feature_changes,
        [
            (crate::diff::Impact::Breaking, "feature `job-secret`"),
            (crate::diff::Impact::Compatible, "feature `job-secrets`")
        ]
    );
}

#[test]
fn a_record_written_before_features_still_loads_with_the_same_features() {
    let api = generate(SPEC).api;
    let mut value: serde_json::Value = serde_json::from_str(&crate::surface::record(&api)).expect("record");
    for g in value["groups"].as_array_mut().expect("groups") {
        g.as_object_mut().expect("group").remove("feature");
    }
    let old: crate::ir::Api = serde_json::from_value(value).expect("an old record loads");
    assert!(old.groups.iter().all(|g| g.feature.is_empty()));
    assert_eq!(old.features(), api.features());
    assert!(crate::diff::diff(&old, &api).changes.iter().all(|c| !c.item.starts_with("feature ")));
}
