//! A bounded property test: mutated versions of the team's specs (nodes
//! deleted, retyped, or turned into dangling `$ref`s) never make the
//! generator panic; each run ends in a crate or in an error.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;

fn bases() -> Vec<(PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    ["qovery-secrets.yaml", "vonage-account.yaml", "adversarial.yaml"]
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(name)).expect("read spec");
            let value: Value = serde_yaml::from_str(&text).expect("parse spec");
            (dir.join(format!("mutated-{name}.json")), value)
        })
        .collect()
}

fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                pointers(c, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                pointers(c, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn mutate(doc: &mut Value, pick: usize, op: u8, n: i64, s: &str) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let target = &all[pick % all.len()];
    if target.is_empty() {
        return;
    }
    let (parent, key) = target.rsplit_once('/').expect("pointer");
    if op == 0 {
        match doc.pointer_mut(parent) {
            Some(Value::Object(m)) => {
                m.remove(&key.replace("~1", "/").replace("~0", "~"));
            }
            Some(Value::Array(a)) => {
                if let Ok(i) = key.parse::<usize>() {
                    if i < a.len() {
                        a.remove(i);
                    }
                }
            }
            _ => {}
        }
        return;
    }
    let Some(node) = doc.pointer_mut(target) else { return };
    *node = match op {
        1 => Value::String(s.to_string()),
        2 => Value::from(n),
        3 => Value::Object(Default::default()),
        4 => Value::Array(vec![Value::String(s.to_string())]),
        _ => serde_json::json!({ "$ref": format!("#/components/schemas/{s}") }),
    };
}

proptest! {
    // 96 cases in the test suite; set PROPTEST_CASES for a longer run.
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(
        base in 0..3usize,
        muts in prop::collection::vec((any::<usize>(), 0..6u8, any::<i64>(), "[A-Za-z0-9{}/#$ ._-]{0,12}"), 1..6),
    ) {
        let (name, mut doc) = bases().swap_remove(base);
        for (pick, op, n, s) in &muts {
            mutate(&mut doc, *pick, *op, *n, s);
        }
        let text = serde_json::to_string(&doc).expect("serialize");
        let result = generator::Config::new(&name).crate_name("mutated").generate_text(&name, &text);
        // Errors are reported, not panics; and each problem says where
        // (a JSON pointer or a line) and what is wrong.
        match result {
            Ok(_) | Err(generator::Error::Read { .. }) => {}
            Err(generator::Error::Spec(problems)) => {
                prop_assert!(!problems.is_empty());
                for p in &problems {
                    let located = p.location.starts_with('#') || p.location.starts_with("line ");
                    prop_assert!(located && !p.message.is_empty(), "problem without a place or a reason: {p}");
                }
            }
            Err(other) => prop_assert!(false, "a document led to a non-spec error: {other}"),
        }
    }
}
