//! Encoding straight to JSON text: [`ToJson::write_json`] writes a value
//! into a [`Writer`], with no [`Value`] tree between the model and the
//! bytes of a request body.
//!
//! A tree cost an allocation per property name and per string, and a
//! second walk to print it; a request body of 20,000 secrets took seven
//! times as long to encode as with serde's derive. The writer is one
//! concrete type and fields are written through `&dyn ToJson`, so, like
//! `to_json`, each model's encoder is compiled once. The output is the
//! JSON value `to_json` gives, with the same escapes and number forms; a
//! model's properties come in declaration order, which the tree keeps
//! only when serde_json's `preserve_order` feature is on (else it prints
//! them sorted).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::json::{OptionalJson, ToJson};

/// JSON text being written.
#[derive(Debug, Default)]
pub struct Writer {
    out: Vec<u8>,
}

/// The JSON text of `value`, as a request body.
pub fn to_vec(value: &dyn ToJson) -> Vec<u8> {
    text_of(value)
}

/// [`to_vec`] for any type, sized or not (the default `to_json` reads it).
pub(crate) fn text_of<T: ToJson + ?Sized>(value: &T) -> Vec<u8> {
    let mut w = Writer { out: Vec::with_capacity(128) };
    value.write_json(&mut w);
    w.out
}

/// Writes `value`, a variant of a tagged union, with its discriminator
/// `property` set as [`with_tag`](crate::with_tag) sets it: the variant's
/// own text when its tag is one of `tags` (the usual case, checked on the
/// text just written), else the tree with the tag put in.
pub fn write_tagged(w: &mut Writer, value: &dyn ToJson, property: &str, tags: &[&str]) {
    let start = w.out.len();
    value.write_json(w);
    if crate::json_read::variant_of(&w.out[start..], property, &[tags]) == Some(0) {
        return;
    }
    w.out.truncate(start);
    w.serde(&crate::with_tag(value.to_json(), property, tags));
}

/// Whether `bytes` holds a character JSON escapes: checked 16 bytes at a
/// time without an early exit inside a block, which the compiler turns
/// into vector instructions (a byte-by-byte `any` was a quarter of the
/// time of writing a body, in `perf`).
fn needs_escape(bytes: &[u8]) -> bool {
    let escapes = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    let mut blocks = bytes.chunks_exact(16);
    for block in &mut blocks {
        if block.iter().fold(false, |found, &b| found | escapes(b)) {
            return true;
        }
    }
    blocks.remainder().iter().any(|&b| escapes(b))
}

impl Writer {
    /// `s` as a JSON string, escaped as serde_json escapes it.
    pub fn str(&mut self, s: &str) {
        self.out.push(b'"');
        let bytes = s.as_bytes();
        // Most strings need no escape: one scan, then one copy.
        if !needs_escape(bytes) {
            self.out.extend_from_slice(bytes);
            self.out.push(b'"');
            return;
        }
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escape: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0..=0x1f => b"",
                _ => continue,
            };
            self.out.extend_from_slice(&bytes[start..i]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 15)],
                ]);
            } else {
                self.out.extend_from_slice(escape);
            }
            start = i + 1;
        }
        self.out.extend_from_slice(&bytes[start..]);
        self.out.push(b'"');
    }

    /// `s` between quotes, as it is: for text that never needs escaping.
    fn quoted(&mut self, s: &str) {
        self.out.push(b'"');
        self.out.extend_from_slice(s.as_bytes());
        self.out.push(b'"');
    }

    /// Text that is already JSON (a number, `true`, `null`).
    pub fn raw(&mut self, json: &str) {
        self.out.extend_from_slice(json.as_bytes());
    }

    /// Any value through serde_json: its own text, for the types whose
    /// serde form is the contract (uuid, chrono, numbers, [`Value`]).
    pub fn serde<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        if serde_json::to_writer(&mut self.out, value).is_err() {
            // Only a map with non-string keys fails, which no model has.
            self.out.extend_from_slice(b"null");
        }
    }

    /// Starts an object; [`ObjectWriter::end`] closes it.
    pub fn object(&mut self) -> ObjectWriter<'_> {
        self.out.push(b'{');
        ObjectWriter { w: self, first: true }
    }

    fn array<T: ToJson>(&mut self, items: &[T]) {
        self.out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            item.write_json(self);
        }
        self.out.push(b']');
    }
}

/// An object being written, property by property.
#[derive(Debug)]
pub struct ObjectWriter<'w> {
    w: &'w mut Writer,
    first: bool,
}

impl ObjectWriter<'_> {
    fn key(&mut self, key: &str) {
        if !self.first {
            self.w.out.push(b',');
        }
        self.first = false;
        // Keys are the spec's names, short and almost never escaped: one
        // reservation and two copies, not the escaping loop's pushes.
        let bytes = key.as_bytes();
        if bytes.len() <= 32 && !needs_escape(bytes) {
            let out = &mut self.w.out;
            out.reserve(bytes.len() + 3);
            out.push(b'"');
            out.extend_from_slice(bytes);
            out.extend_from_slice(b"\":");
        } else {
            self.w.str(key);
            self.w.out.push(b':');
        }
    }

    /// The property `key`, always written.
    pub fn put(&mut self, key: &str, value: &dyn ToJson) {
        self.key(key);
        value.write_json(self.w);
    }

    /// The property `key` when `value` is `Some`; `None` leaves it out.
    pub fn put_some(&mut self, key: &str, value: &dyn OptionalJson) {
        if let Some(v) = value.as_some() {
            self.put(key, v);
        }
    }

    /// Closes the object.
    pub fn end(self) {
        self.w.out.push(b'}');
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }

    fn write_json(&self, w: &mut Writer) {
        w.serde(self);
    }
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }

    fn write_json(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl ToJson for str {
    fn to_json(&self) -> Value {
        Value::String(self.to_string())
    }

    fn write_json(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }

    fn write_json(&self, w: &mut Writer) {
        w.raw(if *self { "true" } else { "false" });
    }
}

impl ToJson for () {
    fn to_json(&self) -> Value {
        Value::Null
    }

    fn write_json(&self, w: &mut Writer) {
        w.raw("null");
    }
}

impl ToJson for f32 {
    // Widened first, as the tree always was: `0.1_f32` stays
    // `0.10000000149011612`, the text clients of earlier versions sent.
    fn to_json(&self) -> Value {
        f64::from(*self).to_json()
    }

    fn write_json(&self, w: &mut Writer) {
        f64::from(*self).write_json(w);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        match self {
            Some(v) => v.to_json(),
            None => Value::Null,
        }
    }

    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(v) => v.write_json(w),
            None => w.raw("null"),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        let mut out = Vec::with_capacity(self.len());
        for item in self {
            out.push(item.to_json());
        }
        Value::Array(out)
    }

    fn write_json(&self, w: &mut Writer) {
        w.array(self);
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn to_json(&self) -> Value {
        Value::Object(crate::json::extra(self))
    }

    fn write_json(&self, w: &mut Writer) {
        let mut o = w.object();
        for (k, v) in self {
            o.put(k, v);
        }
        o.end();
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }

    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }

    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
}

/// Numbers (`null` for a float that is not finite) and the types whose
/// text form serde already defines (uuid, chrono): written through
/// serde_json, so the text stays exactly that of their serde impls.
macro_rules! through_serde {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Value {
                serde_json::to_value(self).unwrap_or(Value::Null)
            }

            fn write_json(&self, w: &mut Writer) {
                w.serde(self);
            }
        }
    )*};
}

through_serde!(i32, i64, u8, f64);

// Uuids and dates have the text of their serde impls, written here without
// serde_json's string escaper: their characters never need escaping, and
// going through `collect_str` escaped them one `char` at a time (a fifth of
// the time of writing a body of secrets, in `perf`). Tested against serde.

impl ToJson for uuid::Uuid {
    fn to_json(&self) -> Value {
        Value::String(self.to_string())
    }

    fn write_json(&self, w: &mut Writer) {
        let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
        w.quoted(self.hyphenated().encode_lower(&mut buf));
    }
}

impl ToJson for chrono::DateTime<chrono::Utc> {
    fn to_json(&self) -> Value {
        Value::String(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }

    fn write_json(&self, w: &mut Writer) {
        // What chrono's `Serialize` writes: RFC 3339, `Z`, the fraction
        // in groups of 3 digits as needed.
        w.quoted(&self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    }
}

impl ToJson for chrono::NaiveDate {
    fn to_json(&self) -> Value {
        Value::String(self.to_string())
    }

    fn write_json(&self, w: &mut Writer) {
        use std::io::Write as _;
        // Writing into a `Vec` cannot fail.
        let _ = write!(w.out, "\"{self}\"");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The writer's text against serde_json's for the same `to_json`.
    fn same(value: &dyn ToJson) {
        let expected = serde_json::to_vec(&value.to_json()).unwrap();
        assert_eq!(String::from_utf8(to_vec(value)).unwrap(), String::from_utf8(expected).unwrap());
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        same(&every_ascii);
        same(&"é \u{2028} 😀 \u{7f} end".to_string());
        same(&String::new());
        // One character to escape each, so the scan for none must see it.
        for s in ["plain text", "a \" quote", "a \\ backslash", "a \n newline", "\u{1f}"] {
            same(&s.to_string());
            // The same escape past the first block of 16 bytes, and in the
            // remainder after whole blocks.
            same(&format!("{}{s}{}", "x".repeat(17), "y".repeat(16)));
            same(&format!("{}{s}", "x".repeat(32)));
        }
    }

    #[test]
    fn uuids_and_dates_write_the_text_of_their_serde_impls() {
        use chrono::TimeZone;
        let ids = ["00000000-0000-0000-0000-000000000000", "f47ac10b-58cc-4372-a567-0e02b2c3d479"];
        for id in ids {
            let id: uuid::Uuid = id.parse().unwrap();
            assert_eq!(to_vec(&id), serde_json::to_vec(&id).unwrap());
            assert_eq!(id.to_json(), serde_json::to_value(id).unwrap());
        }
        let base = chrono::Utc.with_ymd_and_hms(2024, 2, 29, 23, 59, 58).unwrap();
        for nanos in [0, 1, 120_000_000, 123_000_000, 123_400_000, 123_456_000, 123_456_789, 1_500_000_000] {
            let t = base + chrono::Duration::nanoseconds(nanos);
            assert_eq!(String::from_utf8(to_vec(&t)).unwrap(), serde_json::to_string(&t).unwrap(), "{nanos}");
            assert_eq!(t.to_json(), serde_json::to_value(t).unwrap());
        }
        for t in [chrono::Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap(), chrono::DateTime::<chrono::Utc>::MAX_UTC] {
            assert_eq!(String::from_utf8(to_vec(&t)).unwrap(), serde_json::to_string(&t).unwrap());
        }
        for d in [chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(), chrono::NaiveDate::MIN, chrono::NaiveDate::MAX]
        {
            assert_eq!(String::from_utf8(to_vec(&d)).unwrap(), serde_json::to_string(&d).unwrap());
            assert_eq!(d.to_json(), serde_json::to_value(d).unwrap());
        }
    }

    #[test]
    fn a_tagged_variant_is_written_with_the_tag_with_tag_sets() {
        let cases = [
            json!({"kind": "a", "x": 1}),
            json!({"kind": "b", "x": 1}),
            json!({"kind": "z", "x": 1}),
            json!({"x": 1}),
            json!({"kind": 3}),
            json!([1]),
        ];
        for value in cases {
            let mut w = Writer::default();
            write_tagged(&mut w, &value, "kind", &["a", "b"]);
            let written: Value = serde_json::from_slice(&w.out).unwrap();
            assert_eq!(written, crate::with_tag(value.clone(), "kind", &["a", "b"]), "{value}");
        }
    }

    #[test]
    fn values_write_the_text_serde_json_writes() {
        same(&json!({"b": [1, 2.5, null, true], "a": {"x": "y\n"}}));
        same(&vec![Some(1_i64), None, Some(-7)]);
        same(&BTreeMap::from([("k\"1".to_string(), 1.5_f64), ("k2".to_string(), f64::NAN)]));
        same(&uuid::Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0));
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T08:15:42.123Z").unwrap().to_utc();
        same(&vec![at]);
        same(&chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
        same(&(u8::MAX, i32::MIN, i64::MAX, f32::MAX, true, ()).0);
        same(&Box::new(Some(false)));
    }

    #[test]
    fn an_object_puts_what_is_set_and_leaves_out_none() {
        let mut w = Writer::default();
        let mut o = w.object();
        o.put("a", &1_i64);
        o.put_some("b", &None::<String>);
        o.put_some("c", &Some(None::<String>));
        o.put_some("d", &Some("x".to_string()));
        o.end();
        assert_eq!(String::from_utf8(w.out).unwrap(), r#"{"a":1,"c":null,"d":"x"}"#);
    }
}
