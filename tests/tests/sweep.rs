//! Issue 4, sweep: every operation of the client generated from the full
//! upstream Qovery document, called once against Prism mocking that same
//! document, with arguments built from the IR (see `tests/src/sweep.rs`).
//!
//! A call conforms when Prism answers 2xx and its `sl-violations` header
//! has no entry with `location[0] == "request"` and severity `Error` (see
//! `tests/src/prism.rs`). Whether the response body decodes is not judged
//! here (`prism_conformance.rs` does that for the team's crates).
//!
//! The test fails if the sweep program does not compile, if any call
//! panics, if an operation is missing from its output, if an operation
//! outside [`KNOWN`] does not conform, or if fewer than [`FLOOR`] calls
//! conform. It prints `sweep: N conforming / TOTAL` and
//! every non-conforming operation with Prism's reasons.

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::Value;
use tests::prism::Prism;
use tests::upstream_spec;

/// Fewer conforming calls than this fails the test (measured value; raise it
/// when a fix makes more calls conform).
const FLOOR: usize = 551;

/// Why the known exceptions cannot conform. (Schemas whose `required`
/// lists a property they do not declare conform since such a name is a
/// required field of any value, filled by the sweep like any field.)
const AMBIGUOUS_ONE_OF: &str = "spec defect: a `oneOf` of objects without required properties, so every object \
     matches all variants and no value can match exactly one";

/// Operations known not to conform, grouped by reason. Any other
/// non-conforming operation fails the test; one listed here that conforms
/// is reported, to be removed (and [`FLOOR`] raised).
const KNOWN: &[(&str, &str)] =
    &[("createHelm", AMBIGUOUS_ONE_OF), ("createHelmDefaultValues", AMBIGUOUS_ONE_OF), ("editHelm", AMBIGUOUS_ONE_OF)];

/// Request-side `Error` entries of an `sl-violations` header, as
/// `location: message`. An unparseable header is one entry.
fn request_errors(header: &str) -> Vec<String> {
    match serde_json::from_str::<Vec<Value>>(header) {
        Ok(entries) => entries
            .iter()
            .filter(|v| v["location"][0] == "request" && v["severity"] == "Error")
            .map(|v| {
                let loc: Vec<String> = v["location"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|l| l.as_str().unwrap_or("?").to_owned())
                    .collect();
                format!("{}: {}", loc.join("."), v["message"].as_str().unwrap_or("?"))
            })
            .collect(),
        Err(_) => vec![format!("unparseable sl-violations: {}", header.chars().take(300).collect::<String>())],
    }
}

/// Prism's own problem responses list the violations in `validation`.
fn problem_reasons(error: &str) -> Vec<String> {
    let Some((_, body)) = error.split_once("; body: ") else { return vec![] };
    let Ok(v) = serde_json::from_str::<Value>(body) else { return vec![] };
    let mut out: Vec<String> = v["validation"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            let loc: Vec<String> =
                e["location"].as_array().into_iter().flatten().map(|l| l.as_str().unwrap_or("?").to_owned()).collect();
            format!("{}: {}", loc.join("."), e["message"].as_str().unwrap_or("?"))
        })
        .collect();
    if out.is_empty() {
        if let Some(t) = v["type"].as_str().filter(|t| t.contains("stoplight.io/prism/errors")) {
            out.push(format!("{t}: {}", v["detail"].as_str().unwrap_or("")));
        }
    }
    out
}

#[test]
fn every_qovery_operation_conforms_to_prism() {
    let started = Instant::now();
    let Some(ws) = tests::upstream_ws::prepare() else { return };
    let ops: Vec<String> = tests::sweep::operations(&ws.qovery).iter().map(|(_, op)| op.id.clone()).collect();

    let build = ws.cargo(&["build", "--quiet", "-p", "sweep"]);
    assert!(build.status.success(), "the sweep program does not compile:\n{}", String::from_utf8_lossy(&build.stderr));
    let built = started.elapsed();

    let spec = upstream_spec("qovery/openapi.yaml").expect("checked by `prepare`");
    let prism = Prism::start(&spec).unwrap_or_else(|e| panic!("{e}"));
    let exe = ws.dir.join("target/debug").join(format!("sweep{}", std::env::consts::EXE_SUFFIX));
    let run = std::process::Command::new(&exe).arg(&prism.base_url).output().expect("run the sweep program");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the sweep program failed ({}):\n{}\n{stdout}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );

    let mut seen = BTreeMap::new();
    for line in stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("bad output line {line:?}: {e}"));
        seen.insert(v["id"].as_str().expect("id").to_owned(), v);
    }
    let mut conforming = 0;
    let mut panics = Vec::new();
    // Reason -> operations.
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut missing = Vec::new();
    let mut unexpected = Vec::new();
    let mut now_conforming = Vec::new();
    for id in &ops {
        let Some(v) = seen.get(id) else {
            missing.push(id.clone());
            continue;
        };
        if let Some(p) = v["panic"].as_str() {
            panics.push(format!("{id}: {p}"));
            continue;
        }
        let status = v["status"].as_u64();
        let errors = v["violations"].as_str().map(request_errors).unwrap_or_default();
        let ok_status = status.is_some_and(|s| (200..300).contains(&s));
        let known = KNOWN.iter().any(|(op, _)| op == id);
        if ok_status && errors.is_empty() {
            conforming += 1;
            if known {
                now_conforming.push(id.clone());
            }
            continue;
        }
        if !known {
            unexpected.push(id.clone());
        }
        let mut reasons = errors;
        if reasons.is_empty() {
            reasons = problem_reasons(v["error"].as_str().unwrap_or(""));
        }
        if reasons.is_empty() {
            let error = v["error"].as_str().unwrap_or("");
            reasons.push(format!("status {status:?}: {}", error.chars().take(300).collect::<String>()));
        }
        let status = status.map_or("none".to_string(), |s| s.to_string());
        failures.entry(format!("[{status}] {}", reasons.join(" | "))).or_default().push(id.clone());
    }

    println!("sweep: {conforming} conforming / {}", ops.len());
    for (reason, ids) in &failures {
        println!("  {} op(s): {reason}\n      {}", ids.len(), ids.join(", "));
    }
    let mut by_reason: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (op, reason) in KNOWN {
        by_reason.entry(reason).or_default().push(op);
    }
    for (reason, ids) in by_reason {
        println!("known ({}): {reason}\n      {}", ids.len(), ids.join(", "));
    }
    for id in &now_conforming {
        println!("note: {id} conforms now; remove it from KNOWN and raise FLOOR");
    }
    println!(
        "sweep: build {:.1}s, total {:.1}s; Prism log {}",
        built.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        prism.log_path.display()
    );
    assert!(missing.is_empty(), "operations missing from the sweep output: {missing:?}");
    assert!(panics.is_empty(), "calls panicked:\n{}", panics.join("\n"));
    assert!(unexpected.is_empty(), "calls not conforming, not in KNOWN: {unexpected:?} (reasons above)");
    assert!(conforming >= FLOOR, "only {conforming} of {} calls conform (floor {FLOOR})", ops.len());
}
