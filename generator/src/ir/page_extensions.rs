//! Pagination declared by vendor extensions on an operation, read as a
//! rule of the `pagination` option would be: `x-speakeasy-pagination`,
//! Fern's `x-pagination` and Oxide's `x-dropshot-pagination`. A configured
//! rule still wins; an extension wins over detection. One that cannot be
//! read is reported, and detection applies.

use serde_json::Value;

use super::pagination::{PageRule, RuleFollow};
use crate::report::{Kind, Report};

/// The extensions read, in the order they are tried.
pub const EXTENSIONS: &[&str] = &["x-speakeasy-pagination", "x-pagination", "x-dropshot-pagination"];

/// The rule an operation's extensions declare, with the extension's name.
pub fn vendor_rule(
    extensions: &indexmap::IndexMap<String, Value>,
    ptr: &str,
    report: &mut Report,
) -> Option<(String, PageRule)> {
    let (name, value) = EXTENSIONS.iter().find_map(|n| extensions.get(*n).map(|v| (*n, v)))?;
    let rule = match name {
        "x-speakeasy-pagination" => speakeasy(value),
        "x-pagination" => fern(value),
        _ => Ok(dropshot()),
    };
    match rule {
        Ok(rule) => Some((name.to_string(), rule)),
        Err(why) => {
            report.add(
                Kind::Other,
                format!("{ptr}/{name}"),
                format!("`{name}` not understood: {why}; detection applies"),
            );
            None
        }
    }
}

/// A path to a response field: `$.a.b`, `$response.a.b`, `$response.body#/a/b`.
fn path(expr: &str) -> Result<Vec<String>, String> {
    let rest = expr.strip_prefix("$response.body#/").map(|p| p.replace('/', "."));
    let rest = rest.as_deref().unwrap_or(expr);
    let rest = ["$response.", "$.", "$"].iter().find_map(|p| rest.strip_prefix(p)).unwrap_or(rest);
    if rest.is_empty() || rest.contains(['[', '*', '?']) {
        return Err(format!("`{expr}` is not a plain path to a field"));
    }
    Ok(rest.split('.').map(str::to_string).collect())
}

/// A request parameter: `$request.name` or a bare name.
fn param(expr: &str) -> String {
    expr.strip_prefix("$request.").unwrap_or(expr).to_string()
}

fn text<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    v.get(key).and_then(Value::as_str).ok_or_else(|| format!("no text `{key}`"))
}

fn rule(how: RuleFollow, items: Option<Vec<String>>) -> PageRule {
    PageRule { operations: String::new(), how: Some(how), items }
}

/// `type: cursor | offsetLimit | url`, `inputs: [{name, in, type}]`,
/// `outputs: {nextCursor, nextUrl, results}`.
fn speakeasy(v: &Value) -> Result<PageRule, String> {
    let outputs = v.get("outputs").ok_or("no `outputs`")?;
    let items = outputs.get("results").and_then(Value::as_str).map(path).transpose()?;
    let inputs = v.get("inputs").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let input = |kind: &str| {
        inputs
            .iter()
            .find(|i| i.get("type").and_then(Value::as_str) == Some(kind))
            .and_then(|i| i.get("name")?.as_str())
    };
    let how = match text(v, "type")? {
        "cursor" => {
            let name = input("cursor").ok_or("no input of type `cursor`")?;
            RuleFollow::Cursor(name.to_string(), path(text(outputs, "nextCursor")?)?)
        }
        "offsetLimit" => match (input("offset"), input("page")) {
            (Some(offset), _) => RuleFollow::Offset(offset.to_string()),
            (None, Some(page)) => RuleFollow::PageNumber(page.to_string()),
            (None, None) => return Err("no input of type `offset` or `page`".into()),
        },
        "url" => RuleFollow::BodyLink(path(text(outputs, "nextUrl")?)?),
        other => return Err(format!("type `{other}`")),
    };
    Ok(rule(how, items))
}

/// `{cursor: $request.x, next_cursor: $response.y, results: $response.z}`
/// or `{offset: $request.page, results: ...}`.
fn fern(v: &Value) -> Result<PageRule, String> {
    let items = v.get("results").and_then(Value::as_str).map(path).transpose()?;
    let how = if let Some(cursor) = v.get("cursor").and_then(Value::as_str) {
        RuleFollow::Cursor(param(cursor), path(text(v, "next_cursor")?)?)
    } else if let Some(offset) = v.get("offset").and_then(Value::as_str) {
        // Fern's "offset" counts pages when the parameter is named so.
        let name = param(offset);
        match name.to_ascii_lowercase().replace(['_', '-'], "").as_str() {
            "page" | "pagenumber" => RuleFollow::PageNumber(name),
            _ => RuleFollow::Offset(name),
        }
    } else {
        return Err("neither `cursor` nor `offset`".into());
    };
    Ok(rule(how, items))
}

/// Dropshot pages all the same way: `page_token` in, `next_page` out,
/// the items in `items`.
fn dropshot() -> PageRule {
    rule(RuleFollow::Cursor("page_token".into(), vec!["next_page".into()]), Some(vec!["items".into()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, yaml: &str) -> (Option<PageRule>, Report) {
        let value: Value = serde_yaml::from_str(yaml).expect("yaml");
        let mut ext = indexmap::IndexMap::new();
        ext.insert(name.to_string(), value);
        let mut report = Report::default();
        (vendor_rule(&ext, "#/paths/~1x/get", &mut report).map(|(_, r)| r), report)
    }

    #[test]
    fn each_extension_reads_as_a_rule() {
        let (r, _) = read(
            "x-speakeasy-pagination",
            "{type: cursor, inputs: [{name: after, in: parameters, type: cursor}], outputs: {nextCursor: $.meta.next, results: $.data}}",
        );
        let r = r.expect("a rule");
        assert_eq!(r.how, Some(RuleFollow::Cursor("after".into(), vec!["meta".into(), "next".into()])));
        assert_eq!(r.items, Some(vec!["data".to_string()]));
        let (r, _) = read("x-speakeasy-pagination", "{type: url, outputs: {nextUrl: $.links.next}}");
        assert_eq!(r.expect("url").how, Some(RuleFollow::BodyLink(vec!["links".into(), "next".into()])));
        let (r, _) = read("x-pagination", "{offset: $request.page, results: $response.items}");
        assert_eq!(r.expect("page").how, Some(RuleFollow::PageNumber("page".into())));
        let (r, _) = read("x-pagination", "{cursor: $request.starting_after, next_cursor: $response.body#/next}");
        assert_eq!(r.expect("cursor").how, Some(RuleFollow::Cursor("starting_after".into(), vec!["next".into()])));
        let (r, _) = read("x-dropshot-pagination", "{required: []}");
        assert_eq!(r.expect("dropshot").items, Some(vec!["items".to_string()]));
    }

    #[test]
    fn an_extension_not_understood_is_reported() {
        let (r, report) = read("x-speakeasy-pagination", "{type: cursor, outputs: {nextCursor: '$.data[*].id'}}");
        assert!(r.is_none());
        assert_eq!(report.items.len(), 1);
        assert!(report.items[0].reason.contains("`x-speakeasy-pagination` not understood"), "{:?}", report.items);
        assert_eq!(report.items[0].pointer, "#/paths/~1x/get/x-speakeasy-pagination");
    }
}
