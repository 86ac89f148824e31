//! Crates generated from the full upstream documents (Qovery, Vonage
//! Account) pass `cargo clippy -D warnings`, with the `mock` feature (which
//! the `qovery-pages` program turns on) and without, and the documented
//! signatures compile against them.
//!
//! The crates go to `target/upstream-ws/` as members of a throwaway
//! workspace (see `tests/src/upstream_ws.rs`), with a `sigcheck` crate that
//! compiles `tests/signatures/*.rs`.

#[test]
fn upstream_crates_pass_clippy_and_match_documented_signatures() {
    let Some(ws) = tests::upstream_ws::prepare() else { return };
    // The sweep program is checked by building it (tests/tests/sweep.rs).
    let out = ws.cargo(&["clippy", "--workspace", "--exclude", "sweep", "--quiet", "--", "-D", "warnings"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings = stderr.matches("warning:").count() + stderr.matches("error").count();
    assert!(out.status.success() && warnings == 0, "cargo clippy failed on the upstream crates:\n{stderr}");
    // Alone, the crates build with their default features: no mock.
    let out = ws.cargo(&[
        "clippy",
        "-p",
        "qovery-upstream",
        "-p",
        "vonage-account-upstream",
        "--quiet",
        "--",
        "-D",
        "warnings",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.trim().is_empty(), "cargo clippy failed without `mock`:\n{stderr}");
}
