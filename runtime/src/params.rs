//! Parameter serialization: how a value becomes path segments, query
//! pairs, header values and cookies, per the parameter's `style`.

use serde::Serialize;

/// The `style` of a query parameter, as the OpenAPI document gives it.
///
/// Path, header and cookie parameters always use `simple` here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// `form` (the query default): `a=1&a=2` exploded, `a=1,2` not.
    Form,
    /// `spaceDelimited`: array items joined by spaces.
    SpaceDelimited,
    /// `pipeDelimited`: array items joined by `|`.
    PipeDelimited,
    /// `deepObject`: `a[key]=value` for each property.
    DeepObject,
}

/// How a parameter value looks once flattened to strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    /// One value.
    Scalar(String),
    /// An array.
    List(Vec<String>),
    /// An object's properties.
    Object(Vec<(String, String)>),
}

/// A JSON scalar as parameter text: strings unquoted, `null` empty, and
/// a whole float without its `.0`.
pub(super) fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        serde_json::Value::Number(n) => number(n),
        other => other.to_string(),
    }
}

/// Documents often type a count as `number` (Qovery's `pageSize`), so
/// callers pass `2.0`, and servers that parse an integer refuse `2.0`;
/// `2` is the same number to those that parse a float. Beyond 2^53 a float
/// is not an exact integer, so it keeps serde_json's form.
fn number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if !n.is_i64() && !n.is_u64() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
            format!("{}", f as i64)
        }
        _ => n.to_string(),
    }
}

impl ParamValue {
    /// Flattens any serializable value for use in a path, query, header or cookie.
    pub fn of<T: Serialize + ?Sized>(v: &T) -> Result<ParamValue, String> {
        let v = serde_json::to_value(v).map_err(|e| format!("cannot encode parameter: {e}"))?;
        Ok(match &v {
            serde_json::Value::Array(items) => ParamValue::List(items.iter().map(scalar).collect()),
            serde_json::Value::Object(map) => {
                ParamValue::Object(map.iter().map(|(k, v)| (k.clone(), scalar(v))).collect())
            }
            other => ParamValue::Scalar(scalar(other)),
        })
    }

    /// Query pairs for a parameter named `name`, per its `style` and `explode`.
    pub fn query_pairs(self, name: &str, style: ParamStyle, explode: bool) -> Vec<(String, String)> {
        match self {
            ParamValue::Scalar(s) => vec![(name.to_string(), s)],
            ParamValue::List(items) if explode && style == ParamStyle::Form => {
                items.into_iter().map(|i| (name.to_string(), i)).collect()
            }
            ParamValue::List(items) => {
                let sep = match style {
                    ParamStyle::SpaceDelimited => " ",
                    ParamStyle::PipeDelimited => "|",
                    ParamStyle::Form | ParamStyle::DeepObject => ",",
                };
                vec![(name.to_string(), items.join(sep))]
            }
            ParamValue::Object(props) if style == ParamStyle::DeepObject => {
                props.into_iter().map(|(k, v)| (format!("{name}[{k}]"), v)).collect()
            }
            ParamValue::Object(props) if explode => props,
            ParamValue::Object(props) => {
                let flat: Vec<String> = props.into_iter().flat_map(|(k, v)| [k, v]).collect();
                vec![(name.to_string(), flat.join(","))]
            }
        }
    }

    /// The value as one string (`simple` style), for paths, headers and cookies.
    pub fn simple(self) -> String {
        match self {
            ParamValue::Scalar(s) => s,
            ParamValue::List(items) => items.join(","),
            ParamValue::Object(props) => props.into_iter().flat_map(|(k, v)| [k, v]).collect::<Vec<_>>().join(","),
        }
    }
}

/// Characters escaped in a path segment: everything but RFC 3986 unreserved.
const SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes a value so that it stays inside one path segment, even
/// when it holds `/`, `?`, `#` or `..`.
pub fn encode_segment(s: &str) -> String {
    if s == "." || s == ".." {
        return s.replace('.', "%2E");
    }
    percent_encoding::utf8_percent_encode(s, SEGMENT).to_string()
}

/// Characters escaped in a cookie value: controls, space, `"`, `,`, `;`,
/// `\` (not allowed by RFC 6265) and `%` (so that decoding is lossless).
const COOKIE: &percent_encoding::AsciiSet =
    &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

/// Percent-encodes a cookie value so that it cannot end the cookie early
/// or add another one (`a; admin=1`).
pub fn encode_cookie_value(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, COOKIE).to_string()
}

/// A path parameter, flattened (`simple` style) and percent-encoded.
pub fn path_segment<T: Serialize + ?Sized>(v: &T) -> String {
    let flat = ParamValue::of(v).map(ParamValue::simple).unwrap_or_default();
    encode_segment(&flat)
}
