//! Issue 22, pagination on the Qovery client: the program
//! `tests/programs/qovery_pages.rs`, built against the client generated
//! from the full upstream document (in `target/upstream-ws`, shared with
//! the sweep), pages through `getOrganizationEvents` against a local server
//! that serves Qovery-shaped pages (`links.next` carrying the next
//! `continueToken`): every item, whole pages with their heads, and an error
//! on a later page; then the same from the crate's typed mock server (its
//! `mock` feature), which also refuses a body that does not fit.

#[test]
fn the_qovery_client_pages_through_organization_events() {
    let Some(ws) = tests::upstream_ws::prepare() else { return };
    let out = ws.cargo(&["run", "--quiet", "-p", "qovery-pages"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the program failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let ok: Vec<&str> = stdout.lines().filter_map(|l| l.strip_prefix("ok ")).collect();
    assert_eq!(ok, ["paginate", "pages", "error", "mock"], "{stdout}");
}

/// The Qovery crate's docs, its 554 operations' mocks included, build with
/// rustdoc's warnings denied.
#[test]
fn the_qovery_client_with_mocks_passes_rustdoc() {
    let Some(ws) = tests::upstream_ws::prepare() else { return };
    let out = ws.cargo_with(
        &["doc", "--quiet", "--no-deps", "-p", "qovery-upstream", "--features", "mock"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.trim().is_empty(), "rustdoc failed:\n{stderr}");
}
