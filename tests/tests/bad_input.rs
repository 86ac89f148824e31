//! Broken and hostile input: every document of `tests/bad-input/` gets a
//! snapshot of the generator's verdict (the error message is part of the
//! contract), plus documents too large or too deep to commit, made here.

use std::path::Path;
use std::time::{Duration, Instant};

fn verdict(path: &Path) -> String {
    let dir = path.parent().expect("parent").to_string_lossy().into_owned();
    match generator::Config::new(path).check() {
        Ok((api, report, _)) => {
            let ops: usize = api.groups.iter().map(|g| g.operations.len()).sum();
            let mut out = format!("ok: {ops} operations, {} types, {}\n", api.types.len(), report.summary());
            for item in report.sorted() {
                out.push_str(&format!("  {}: {}: {}\n", item.kind.label(), item.pointer, item.reason));
            }
            out
        }
        Err(e) => {
            let tests_dir = path.parent().and_then(Path::parent).expect("tests dir").to_string_lossy().into_owned();
            format!("error: {e}\n").replace(&dir, "<corpus>").replace(&tests_dir, "<tests>")
        }
    }
}

#[test]
fn corpus() {
    let mut count = 0;
    insta::glob!("../bad-input", "*.{yaml,json}", |path| {
        count += 1;
        let v = verdict(path);
        if v.starts_with("error") {
            assert!(v.contains("<corpus>/"), "the error does not name the file: {v}");
            assert!(v.contains(": line ") || v.contains(": #"), "the error names no line or pointer: {v}");
        }
        insta::assert_snapshot!(v);
    });
    assert!(count >= 40, "corpus has only {count} documents");
}

fn check_bounded(name: &str, text: &str, limit: Duration) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    let start = Instant::now();
    let v = verdict(&path).replace(&dir.path().to_string_lossy().into_owned(), "<tmp>");
    assert!(start.elapsed() < limit, "{name}: took {:?}", start.elapsed());
    v
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

#[test]
fn deeply_nested_yaml_is_refused_without_overflow() {
    let depth = 10_000;
    let text = format!("{HEAD}components:\n  schemas:\n    A: {}{{}}{}\n", "{items: ".repeat(depth), "}".repeat(depth));
    let v = check_bounded("deep.yaml", &text, Duration::from_secs(30));
    assert!(v.contains("recursion limit exceeded"), "{v}");
}

#[test]
fn deeply_nested_json_is_refused_without_overflow() {
    let depth = 10_000;
    let text = format!(
        "{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{}},\"x\":{}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let v = check_bounded("deep.json", &text, Duration::from_secs(30));
    assert!(v.contains("recursion limit exceeded"), "{v}");
}

#[test]
fn billion_laughs_is_refused_quickly() {
    let mut text = format!("{HEAD}x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for c in 'b'..='j' {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("x-{c}: &{c} [{refs}]\n"));
        prev = c;
    }
    let v = check_bounded("laughs.yaml", &text, Duration::from_secs(30));
    assert!(v.contains("repetition limit exceeded"), "{v}");
}

#[test]
fn fifty_megabyte_document_is_handled() {
    let big = "x".repeat(50 * 1024 * 1024);
    let text = format!("openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n  description: {big}\npaths: {{}}\n");
    let v = check_bounded("big.yaml", &text, Duration::from_secs(120));
    assert!(v.starts_with("ok"), "{v}");
}
