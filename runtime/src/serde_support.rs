//! Helpers of the unions' JSON codec (see [`super::json`]).

/// Sets the discriminator of a serialized union variant: the variant
/// decides the tag, so a missing or foreign value is replaced by the first
/// of `tags` (a value the variant's mapping lists is kept).
pub fn with_tag(mut value: serde_json::Value, property: &str, tags: &[&str]) -> serde_json::Value {
    if let serde_json::Value::Object(map) = &mut value {
        let keep = map.get(property).and_then(|v| v.as_str()).is_some_and(|v| tags.contains(&v));
        if let (false, Some(first)) = (keep, tags.first()) {
            map.insert(property.to_string(), serde_json::Value::String(first.to_string()));
        }
    }
    value
}

/// The order in which an untagged union tries its variants on `value`:
/// for an object, variants with all their required keys present first,
/// then those declaring more of its keys; ties keep the listed order.
/// `variants` holds each variant's (declared keys, required keys).
pub fn union_order(value: &serde_json::Value, variants: &[(&[&str], &[&str])]) -> Vec<usize> {
    let keys: Option<Vec<&str>> = value.as_object().map(|o| o.keys().map(String::as_str).collect());
    order_by_keys(keys.as_deref(), variants)
}

/// [`union_order`] on the JSON text of the value.
pub fn union_order_of(text: &[u8], variants: &[(&[&str], &[&str])]) -> Vec<usize> {
    let keys = crate::json_read::keys_of(text);
    let keys: Option<Vec<&str>> = keys.as_ref().map(|k| k.iter().map(String::as_str).collect());
    order_by_keys(keys.as_deref(), variants)
}

/// The order of `variants` for an object with `keys` (`None`: not an object).
fn order_by_keys(keys: Option<&[&str]>, variants: &[(&[&str], &[&str])]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..variants.len()).collect();
    if let Some(object) = keys {
        let score = |i: &usize| {
            let (declared, required) = variants[*i];
            let complete = required.iter().all(|k| object.contains(k));
            let known = object.iter().filter(|k| declared.contains(k)).count();
            (std::cmp::Reverse(complete), std::cmp::Reverse(known))
        };
        order.sort_by_key(score);
    }
    order
}
