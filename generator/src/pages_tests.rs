//! Which list operations page, checked on small inline documents: each
//! detection rule, what does not match, a configured rule (and one that
//! cannot apply, which is reported), the report line, and the change
//! report.

use crate::ir::pagination::Follow;
use crate::report::Kind;
use crate::spec_tests::generate;
use crate::Config;

/// A document with one `GET /x` taking `params` and answering `schema`.
fn doc(params: &str, schema: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      operationId: listX\n      \
         tags: [x]\n      parameters: [{params}]\n      responses:\n        '200':\n          description: ok\n          \
         content:\n            application/json:\n              schema: {schema}\n"
    )
}

fn q(name: &str, ty: &str) -> String {
    format!("{{name: {name}, in: query, schema: {{type: {ty}}}}}")
}

const ITEMS: &str = "{type: array, items: {type: string}}";

fn follow(yaml: &str) -> Option<Follow> {
    generate(yaml).api.groups[0].operations[0].pagination.clone().map(|p| p.follow)
}

#[test]
fn each_detection_rule_reads_its_pattern() {
    let cursor = format!("{{type: object, properties: {{data: {ITEMS}, meta: {{type: object, properties: {{nextCursor: {{type: string}}}}}}}}}}");
    assert!(
        matches!(follow(&doc(&q("cursor", "string"), &cursor)), Some(Follow::Cursor { param, from }) if param == "cursor" && from.len() == 2)
    );
    let link = format!("{{type: object, properties: {{things: {ITEMS}, _links: {{type: object, properties: {{next: {{type: object, properties: {{href: {{type: string}}}}}}}}}}}}}}");
    assert!(matches!(follow(&doc("", &link)), Some(Follow::BodyLink { from }) if from.len() == 3));
    assert!(matches!(follow(&doc(&q("page", "integer"), ITEMS)), Some(Follow::PageNumber { .. })));
    let offset = format!("{}, {}", q("offset", "integer"), q("limit", "integer"));
    assert!(matches!(follow(&doc(&offset, ITEMS)), Some(Follow::Offset { .. })));
}

#[test]
fn what_does_not_match_stays_a_plain_call() {
    // A page parameter that is text, an offset without a limit, a cursor
    // parameter with no cursor in the response, no list at all.
    assert_eq!(follow(&doc(&q("page", "string"), ITEMS)), None);
    assert_eq!(follow(&doc(&q("offset", "integer"), ITEMS)), None);
    assert_eq!(follow(&doc(&q("cursor", "string"), ITEMS)), None);
    assert_eq!(follow(&doc(&q("page", "integer"), "{type: object, properties: {n: {type: integer}}}")), None);
    // Two lists and neither has a preferred name: which one is the items?
    let two = format!("{{type: object, properties: {{a: {ITEMS}, b: {ITEMS}, next: {{type: string}}}}}}");
    assert_eq!(follow(&doc("", &two)), None);
}

#[test]
fn each_paginated_call_is_reported_with_its_rule() {
    let g = generate(&doc(&q("page", "integer"), ITEMS));
    let lines: Vec<_> = g.report.sorted().into_iter().filter(|i| i.kind == Kind::Paginated).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0].pointer, "#/paths/~1x/get");
    assert!(lines[0].reason.contains("page-number parameter"), "{lines:?}");
    assert_eq!(g.report.simplified(), 0, "a paginated call is no simplification");
}

fn with_rules(yaml: &str, rules: &[&str]) -> crate::Generated {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("openapi.yaml");
    std::fs::write(&path, yaml).expect("write spec");
    let rules = rules.iter().map(|r| r.parse().expect("a rule")).collect::<Vec<_>>();
    Config::new(&path).crate_name("t").pagination(rules).generate().expect("generates")
}

#[test]
fn a_configured_rule_replaces_detection_and_one_that_cannot_apply_is_reported() {
    let yaml = doc(&q("page", "integer"), ITEMS);
    let g = with_rules(&yaml, &["list* link-header"]);
    assert_eq!(g.api.groups[0].operations[0].pagination.as_ref().map(|p| p.rule.as_str()), Some("configured"));
    assert_eq!(g.api.groups[0].operations[0].pagination.as_ref().map(|p| &p.follow), Some(&Follow::LinkHeader));
    let g = with_rules(&yaml, &["listX none"]);
    assert!(g.api.groups[0].operations[0].pagination.is_none());
    let g = with_rules(&yaml, &["listX cursor token from next"]);
    assert!(g.api.groups[0].operations[0].pagination.is_none());
    let other: Vec<_> = g.report.sorted().into_iter().filter(|i| i.kind == Kind::Other).collect();
    assert!(other.iter().any(|i| i.reason.contains("no query parameter `token`")), "{other:?}");
}

#[test]
fn gaining_pagination_is_compatible_and_losing_it_breaking() {
    use crate::diff::{diff, Impact};
    let plain = generate(&doc("", ITEMS)).api;
    let paged = generate(&doc(&q("page", "integer"), ITEMS)).api;
    let gained = diff(&plain, &paged);
    assert_eq!(gained.count(Impact::Breaking), 0, "{gained:?}");
    assert!(gained.changes.iter().any(|c| c.what.contains("now paginated")), "{gained:?}");
    let lost = diff(&paged, &plain);
    assert!(
        lost.changes.iter().any(|c| c.impact == Impact::Breaking && c.what.contains("no longer paginated")),
        "{lost:?}"
    );
}
