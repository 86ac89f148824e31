//! Numbers the typed model cannot hold.
//!
//! Parsing keeps a number beyond 64 bits as `f64`. `openapiv3` reads
//! lengths and counts (`maxLength`, `minItems`...) as `usize`, so such a
//! number there would refuse the whole document: it is dropped and
//! reported. An integer schema's bounds, default or enum values beyond
//! `i64` are kept (as floats) but cannot be used with the `i64` type the
//! schema gets: they are reported.

use serde_json::{Map, Value};

use super::context::for_each_schema;
use crate::report::{Kind, Report};

/// Keywords `openapiv3` reads as `usize`.
const SIZE_KEYWORDS: &[&str] = &["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];

/// Keywords of an integer schema whose numbers only make sense as `i64`.
const INTEGER_KEYWORDS: &[&str] = &["minimum", "maximum", "multipleOf", "default"];

/// Checks every schema of `value` (the whole document).
pub(super) fn check(value: &mut Value, report: &mut Report) {
    for_each_schema(value, &mut |map, at| check_schema(map, at, report));
}

fn check_schema(map: &mut Map<String, Value>, at: &str, report: &mut Report) {
    for key in SIZE_KEYWORDS {
        if let Some(Value::Number(n)) = map.get(*key) {
            if !n.is_u64() {
                let reason = format!("`{key}` {n} is not a count that fits in 64 bits: dropped");
                report.add(Kind::Other, format!("{at}/{key}"), reason);
                map.remove(*key);
            }
        }
    }
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for key in INTEGER_KEYWORDS {
        if let Some(Value::Number(n)) = map.get(*key) {
            if !n.is_i64() {
                let reason = format!("`{key}` {n} does not fit the schema's 64-bit integer type: kept but not used");
                report.add(Kind::Other, format!("{at}/{key}"), reason);
            }
        }
    }
}
