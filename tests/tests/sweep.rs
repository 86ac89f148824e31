//! Issue 4, sweep: every operation of the client generated from the full
//! upstream Qovery document, called once against Prism mocking that same
//! document, with arguments built from the IR (see `tests/src/sweep.rs`).
//!
//! A call conforms when Prism answers 2xx, its `sl-violations` header
//! has no entry with `location[0] == "request"` and severity `Error` (see
//! `tests/src/prism.rs`), and the body decodes into the generated type
//! (see `tests/src/sweep/report.rs`; `sweep_any.rs` runs the same judge on
//! the team's documents and two third-party ones).
//!
//! The test fails if the sweep program does not compile, if any call
//! panics, if an operation is missing from its output, if an operation
//! outside [`KNOWN`] does not conform, or if fewer than [`FLOOR`] calls
//! conform. It prints `sweep qovery (examples): N conforming / TOTAL` and
//! the non-conforming operations grouped by reason.

use std::collections::BTreeMap;
use std::time::Instant;

use tests::sweep::report::{Mode, Verdict};
use tests::sweep::run::Program;
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

#[test]
fn every_qovery_operation_conforms_to_prism() {
    let started = Instant::now();
    let Some(ws) = tests::upstream_ws::prepare() else { return };

    let build = ws.cargo(&["build", "--quiet", "-p", "sweep"]);
    assert!(build.status.success(), "the sweep program does not compile:\n{}", String::from_utf8_lossy(&build.stderr));
    let built = started.elapsed();

    let spec = upstream_spec("qovery/openapi.yaml").expect("checked by `prepare`");
    let exe = ws.dir.join("target/debug").join(format!("sweep{}", std::env::consts::EXE_SUFFIX));
    let program = Program { name: "qovery".into(), spec, api: ws.qovery, exe };
    let report = program.run(Mode::Examples).unwrap_or_else(|e| panic!("{e}"));

    let mut panics = Vec::new();
    let mut missing = Vec::new();
    let mut unexpected = Vec::new();
    for (id, verdict) in report.failing() {
        match verdict {
            Verdict::Panic(p) => panics.push(format!("{id}: {p}")),
            Verdict::Missing => missing.push(id),
            _ if !KNOWN.iter().any(|(op, _)| *op == id) => unexpected.push(id),
            _ => {}
        }
    }
    let now_conforming: Vec<&str> =
        KNOWN.iter().map(|(op, _)| *op).filter(|op| report.verdicts.get(*op) == Some(&Verdict::Conforming)).collect();
    print!("{report}");
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
    println!("sweep: build {:.1}s, total {:.1}s", built.as_secs_f64(), started.elapsed().as_secs_f64());
    let conforming = report.conforming();
    assert!(missing.is_empty(), "operations missing from the sweep output: {missing:?}");
    assert!(panics.is_empty(), "calls panicked:\n{}", panics.join("\n"));
    assert!(unexpected.is_empty(), "calls not conforming, not in KNOWN: {unexpected:?} (reasons above)");
    assert!(conforming >= FLOOR, "only {conforming} of {} calls conform (floor {FLOOR})", report.total());
}
