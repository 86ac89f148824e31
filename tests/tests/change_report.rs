//! The change report over the real history of the Qovery API: the two
//! earlier versions in `$SPECS_DIR/qovery/history/` and the current one.
//! Each report is a reviewed snapshot, so any change in how the generator
//! names, types or classifies shows up as a diff to review.

use tests::upstream_spec;

/// The report from `old` to `new`, or `None` when either is missing.
fn report(old: &str, new: &str) -> Option<generator::diff::ChangeReport> {
    let (old, new) = (upstream_spec(old), upstream_spec(new));
    let check = |path| {
        let (api, _, _) = generator::Config::new(path).check().unwrap_or_else(|e| panic!("{e}"));
        api
    };
    Some(generator::diff::diff(&check(old?), &check(new?)))
}

fn text(r: &generator::diff::ChangeReport) -> String {
    r.render(generator::diff::Format::Text, "")
}

#[test]
fn qovery_2025_11_25_to_2026_04_23() {
    let Some(r) = report("qovery/history/openapi-2025-11-25.yaml", "qovery/history/openapi-2026-04-23.yaml") else {
        return;
    };
    // Facts of the two documents: the Terraform variables endpoints were
    // removed, `deployDatabase` gained an optional query parameter, which
    // is a new setter of its request value and breaks no call.
    let has = |impact, item: &str| r.changes.iter().any(|c| c.impact == impact && c.item == item);
    assert!(has(generator::diff::Impact::Breaking, "TerraformConfigurationApi::get_terraform_variables"));
    assert!(!has(generator::diff::Impact::Breaking, "DatabaseActionsApi::deploy_database"));
    assert!(has(generator::diff::Impact::Compatible, "DatabaseActionsApi::deploy_database"));
    insta::assert_snapshot!("qovery-2025-11-25-to-2026-04-23", text(&r));
}

#[test]
fn qovery_2026_04_23_to_current() {
    let Some(r) = report("qovery/history/openapi-2026-04-23.yaml", "qovery/openapi.yaml") else { return };
    insta::assert_snapshot!("qovery-2026-04-23-to-current", text(&r));
}
