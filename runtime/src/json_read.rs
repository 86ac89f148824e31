//! Decoding straight from the bytes of a body: a pull reader ([`Reader`],
//! over `jiter`) that each model's `read_json` walks, with no
//! `serde_json::Value` tree between the bytes and the typed value.
//!
//! The reader is one concrete type, so each model's decoder is compiled
//! once, as `from_json` was, instead of once per serde deserializer. What
//! the reader does not read itself (a value of the wrong type, a union,
//! a number out of range) it hands to the tree decoder of the same type,
//! on that one value: error messages and accepted forms stay those of
//! [`FromJson::from_json`].

use std::collections::BTreeMap;

use jiter::{Jiter, Peek};
use std::borrow::Cow;
use std::sync::atomic::{AtomicU16, Ordering};

use serde_json::Value;

use crate::json::{FromJson, JsonError};

/// A JSON text being read into typed values.
pub struct Reader<'j> {
    jiter: Jiter<'j>,
    /// The declared property being read (for the path of an error).
    key: &'static str,
    /// The last property name no field declared (a model's additional
    /// property), kept only when one comes.
    unknown: String,
}

/// A model's declared property names, and the order its objects came in
/// last: `order[0]` holds the index of the first property seen and
/// `order[i + 1]` the one that followed field `i`. A server sends one
/// model's properties in one order (declared, sorted, or its own), so from
/// the second object on each name is found at the first comparison. The
/// order is only a hint: threads racing on it cost a lookup, never a wrong
/// field.
pub struct Fields {
    names: &'static [&'static str],
    order: &'static [AtomicU16],
}

impl Fields {
    /// The fields `names`, with `order` (one more slot than `names`,
    /// all zero) to learn their order in.
    pub const fn new(names: &'static [&'static str], order: &'static [AtomicU16]) -> Self {
        Fields { names, order }
    }
}

/// Decodes the JSON text `bytes` as `T`. An error that is not about the
/// shape of the value (the text is not JSON) has [`JsonError::is_syntax`].
pub fn from_slice<T: FromJson>(bytes: &[u8]) -> Result<T, JsonError> {
    from_span(bytes)
}

/// [`from_slice`] on a value's text from [`Reader::span`] (unions read it
/// once per variant they try).
pub fn from_span<T: FromJson>(text: &[u8]) -> Result<T, JsonError> {
    let mut r = Reader::new(text);
    let value = T::read_json(&mut r)?;
    r.jiter.finish().map_err(syntax)?;
    Ok(value)
}

/// A type's tree decoder through its reader: `value` written as text,
/// then read. The default of [`FromJson::from_json`] for types that only
/// read.
pub fn from_value<T: FromJson>(value: Value) -> Result<T, JsonError> {
    match serde_json::to_vec(&value) {
        Ok(bytes) => from_slice(&bytes),
        Err(e) => Err(JsonError::new(e.to_string())),
    }
}

/// The keys of the object `text` (`None` when it is not an object), each
/// once, sorted.
pub(crate) fn keys_of(text: &[u8]) -> Option<Vec<String>> {
    let mut j = Jiter::new(text);
    if j.peek().ok()? != Peek::Object {
        return None;
    }
    // A set, not a `Vec` searched for each key: an object of many keys
    // would cost their square.
    let mut keys = std::collections::BTreeSet::new();
    let mut key = j.known_object().ok()?.map(str::to_owned);
    while let Some(k) = key {
        j.next_skip().ok()?;
        keys.insert(k);
        key = j.next_key().ok()?.map(str::to_owned);
    }
    Some(keys.into_iter().collect())
}

/// Which variant of a tagged union the JSON text `text` is: the index of
/// the first entry of `tags` that lists the string value of its
/// `property` (the last one, when the object repeats it).
pub fn variant_of(text: &[u8], property: &str, tags: &[&[&str]]) -> Option<usize> {
    let mut j = Jiter::new(text);
    if j.peek().ok()? != Peek::Object {
        return None;
    }
    let mut found = None;
    let mut is_tag = j.known_object().ok()?.map(|k| k == property);
    while let Some(tag) = is_tag {
        if tag && j.peek().ok()? == Peek::String {
            let value = j.known_str().ok()?;
            found = tags.iter().position(|t| t.contains(&value));
        } else {
            found = if tag { None } else { found };
            j.next_skip().ok()?;
        }
        is_tag = j.next_key().ok()?.map(|k| k == property);
    }
    found
}

fn syntax(e: jiter::JiterError) -> JsonError {
    JsonError::syntax(e.to_string())
}

impl<'j> Reader<'j> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'j [u8]) -> Self {
        Reader { jiter: Jiter::new(bytes), key: "", unknown: String::new() }
    }

    fn peek(&mut self) -> Result<Peek, JsonError> {
        self.jiter.peek().map_err(syntax)
    }

    /// The next value, parsed into a tree: for types read through
    /// [`FromJson::from_json`].
    pub fn value(&mut self) -> Result<Value, JsonError> {
        let text = self.span()?;
        serde_json::from_slice(text).map_err(|e| JsonError::syntax(e.to_string()))
    }

    /// The text of the next value, which is skipped: a union reads it
    /// once per variant it tries.
    pub fn span(&mut self) -> Result<&'j [u8], JsonError> {
        self.peek()?;
        let start = self.jiter.current_index();
        self.jiter.next_skip().map_err(syntax)?;
        let text = self.jiter.slice_to_current(start);
        // `jiter` checks the UTF-8 of the strings it decodes, not of those
        // it skips: checked here, so a body is refused as serde_json
        // refuses it, without a pass over all of it first.
        match std::str::from_utf8(text) {
            Ok(_) => Ok(text),
            Err(_) => Err(JsonError::syntax("invalid UTF-8")),
        }
    }

    /// Skips the next value (a property no field declared).
    pub fn skip(&mut self) -> Result<(), JsonError> {
        self.span().map(drop)
    }

    /// The next value, a string: `None` when it is another type (left
    /// unread, for [`Reader::mismatch`]).
    pub fn str(&mut self) -> Result<Option<&str>, JsonError> {
        match self.peek()? {
            Peek::String => self.jiter.known_str().map(Some).map_err(syntax),
            _ => Ok(None),
        }
    }

    /// The error for a next value that is not `T`'s type, from `T`'s tree
    /// decoder (which fails on it).
    pub fn mismatch<T: FromJson>(&mut self) -> Result<T, JsonError> {
        let value = self.value()?;
        T::from_json(value)
    }

    /// Starts reading an object into a model with the properties
    /// `fields`: the index in `fields` of its first property (`fields.len()`
    /// for one not declared), or `None` for an empty object. `what` names
    /// the model for the error when the value is not an object.
    pub fn object(&mut self, what: &str, fields: &'static Fields) -> Result<Option<usize>, JsonError> {
        if self.peek()? != Peek::Object {
            let value = self.value()?;
            return Err(JsonError::expected(what, &value));
        }
        match self.jiter.next_object_bytes().map_err(syntax)? {
            Some(key) => find(fields, key, 0, &mut self.key, &mut self.unknown).map(Some),
            None => Ok(None),
        }
    }

    /// The index of the object's next property, as [`Reader::object`];
    /// `previous` is the index of the property just read.
    pub fn next_field(&mut self, fields: &'static Fields, previous: usize) -> Result<Option<usize>, JsonError> {
        match self.jiter.next_key_bytes().map_err(syntax)? {
            Some(key) => find(fields, key, previous + 1, &mut self.key, &mut self.unknown).map(Some),
            None => Ok(None),
        }
    }

    /// Reads the value of the property just found into `slot`.
    pub fn put<T: FromJson>(&mut self, slot: &mut Option<T>) -> Result<(), JsonError> {
        let key = self.key;
        match T::read_json(self) {
            Ok(v) => {
                *slot = Some(v);
                Ok(())
            }
            Err(e) => Err(e.at_key(key)),
        }
    }

    /// [`Reader::put`] for an `Option<T>` field: `null` is `None`.
    pub fn put_optional<T: FromJson>(&mut self, slot: &mut Option<T>) -> Result<(), JsonError> {
        if self.peek()? == Peek::Null {
            *slot = None;
            return self.skip();
        }
        self.put(slot)
    }

    /// Reads the value of the undeclared property just found into `rest`
    /// (a model's additional properties).
    pub fn rest<T: FromJson>(&mut self, rest: &mut BTreeMap<String, T>) -> Result<(), JsonError> {
        let key = std::mem::take(&mut self.unknown);
        match T::read_json(self) {
            Ok(v) => {
                rest.insert(key, v);
                Ok(())
            }
            Err(e) => Err(e.at_key(&key)),
        }
    }

    /// The items of the next value, an array, each read as `T`.
    fn array<T: FromJson>(&mut self) -> Result<Vec<T>, JsonError> {
        let mut out = Vec::new();
        let mut next = self.jiter.known_array().map_err(syntax)?;
        while next.is_some() {
            match T::read_json(self) {
                Ok(v) => out.push(v),
                Err(e) => return Err(e.at_index(out.len())),
            }
            next = self.jiter.array_step().map_err(syntax)?;
        }
        Ok(out)
    }

    /// The properties of the next value, an object, each read as `T`.
    fn map<T: FromJson>(&mut self) -> Result<BTreeMap<String, T>, JsonError> {
        let mut out = BTreeMap::new();
        let mut key = self.jiter.known_object().map_err(syntax)?.map(str::to_owned);
        while let Some(k) = key {
            match T::read_json(self) {
                Ok(v) => out.insert(k, v),
                Err(e) => return Err(e.at_key(&k)),
            };
            key = self.jiter.next_key().map_err(syntax)?.map(str::to_owned);
        }
        Ok(out)
    }

    /// The text of the next value, a number; `None` when it is another type.
    fn number(&mut self) -> Result<Option<&[u8]>, JsonError> {
        let peek = self.peek()?;
        if !peek.is_num() {
            return Ok(None);
        }
        self.jiter.known_number_bytes(peek).map(Some).map_err(syntax)
    }
}

/// The index of the property whose name is the text `raw` (as it stands
/// between the quotes, escapes and all) in `fields`: its length when
/// absent, the name then kept in `unknown`. It tries first the index that
/// came at `slot` of the order last time, and learns it when it was
/// another; sets `current` to the name found. Names are compared as the
/// raw text: declared names are matched without decoding, and only a name
/// with an escape is decoded first.
fn find(
    fields: &Fields,
    raw: &[u8],
    slot: usize,
    current: &mut &'static str,
    unknown: &mut String,
) -> Result<usize, JsonError> {
    let name_error = |e: &dyn std::fmt::Display| JsonError::syntax(format!("property name: {e}"));
    let name: Cow<'_, [u8]> = if raw.contains(&b'\\') {
        let decoded: String = serde_json::from_slice(&[b"\"", raw, b"\""].concat()).map_err(|e| name_error(&e))?;
        Cow::Owned(decoded.into_bytes())
    } else {
        Cow::Borrowed(raw)
    };
    let name = &*name;
    let names = fields.names;
    let learned = fields.order.get(slot);
    let guess = learned.map_or(usize::MAX, |o| usize::from(o.load(Ordering::Relaxed)));
    let at = match names.get(guess) {
        Some(f) if f.as_bytes() == name => guess,
        _ => {
            let at = names.iter().position(|f| f.as_bytes() == name).unwrap_or(names.len());
            if let Some(o) = learned {
                o.store(u16::try_from(at).unwrap_or(u16::MAX), Ordering::Relaxed);
            }
            at
        }
    };
    match names.get(at) {
        Some(f) => *current = f,
        None => {
            let name = std::str::from_utf8(name).map_err(|e| name_error(&e))?;
            unknown.clear();
            unknown.push_str(name);
        }
    }
    Ok(at)
}

impl FromJson for String {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(JsonError::expected("a string", &other)),
        }
    }

    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        match r.str()? {
            Some(s) => Ok(s.to_owned()),
            None => r.mismatch(),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        value.as_bool().ok_or_else(|| JsonError::expected("a boolean", &value))
    }

    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        match r.peek()? {
            Peek::True | Peek::False => r.jiter.next_bool().map_err(syntax),
            _ => r.mismatch(),
        }
    }
}

/// Integers: read from the number's text; a fraction, an exponent or a
/// number out of range goes to the tree decoder, for its error.
macro_rules! integers {
    ($($t:ty => $what:literal),*) => {$(
        impl FromJson for $t {
            fn from_json(value: Value) -> Result<Self, JsonError> {
                let n = match &value {
                    Value::Number(n) => n,
                    other => return Err(JsonError::expected($what, other)),
                };
                n.as_i64()
                    .and_then(|i| <$t>::try_from(i).ok())
                    .or_else(|| n.as_u64().and_then(|u| <$t>::try_from(u).ok()))
                    .ok_or_else(|| JsonError::new(format!("invalid value: number `{n}`, expected {}", $what)))
            }

            fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
                let text = match r.number()? {
                    Some(text) => text,
                    None => return r.mismatch(),
                };
                // serde_json reads `-0` as a float, which the tree refuses.
                let plain = text != b"-0";
                match std::str::from_utf8(text).ok().filter(|_| plain).and_then(|s| s.parse::<$t>().ok()) {
                    Some(n) => Ok(n),
                    None => number_tree(text),
                }
            }
        }
    )*};
}

integers!(i32 => "i32", i64 => "i64", u8 => "u8");

/// A number the fast path did not take, through the tree decoder.
fn number_tree<T: FromJson>(text: &[u8]) -> Result<T, JsonError> {
    match serde_json::from_slice::<Value>(text) {
        Ok(value) => T::from_json(value),
        Err(e) => Err(JsonError::syntax(e.to_string())),
    }
}

/// Floats: Rust's own parse of the number's text, correctly rounded.
macro_rules! floats {
    ($($t:ty => $what:literal),*) => {$(
        impl FromJson for $t {
            fn from_json(value: Value) -> Result<Self, JsonError> {
                value.as_f64().map(|f| f as $t).ok_or_else(|| JsonError::expected($what, &value))
            }

            fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
                let text = match r.number()? {
                    Some(text) => text,
                    None => return r.mismatch(),
                };
                match std::str::from_utf8(text).ok().and_then(|s| s.parse::<f64>().ok()) {
                    Some(f) if f.is_finite() => Ok(f as $t),
                    _ => number_tree(text),
                }
            }
        }
    )*};
}

floats!(f64 => "f64", f32 => "f32");

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Null => Ok(None),
            other => match T::from_json(other) {
                Ok(v) => Ok(Some(v)),
                Err(e) => Err(e),
            },
        }
    }

    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        if r.peek()? == Peek::Null {
            r.skip()?;
            return Ok(None);
        }
        match T::read_json(r) {
            Ok(v) => Ok(Some(v)),
            Err(e) => Err(e),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    match T::from_json(item) {
                        Ok(v) => out.push(v),
                        Err(e) => return Err(e.at_index(i)),
                    }
                }
                Ok(out)
            }
            other => Err(JsonError::expected("an array", &other)),
        }
    }

    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        match r.peek()? {
            Peek::Array => r.array(),
            _ => r.mismatch(),
        }
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        crate::json::rest(crate::json::object(value, "an object")?)
    }

    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        match r.peek()? {
            Peek::Object => r.map(),
            _ => r.mismatch(),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match T::from_json(value) {
            Ok(v) => Ok(Box::new(v)),
            Err(e) => Err(e),
        }
    }

    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        match T::read_json(r) {
            Ok(v) => Ok(Box::new(v)),
            Err(e) => Err(e),
        }
    }
}

/// Types whose text form serde already defines (uuid, chrono): decoded
/// through serde, so the accepted forms stay exactly those of their serde
/// impls (and written so, in `json_write`).
macro_rules! through_serde {
    ($($t:ty => $what:literal),*) => {$(
        impl FromJson for $t {
            fn from_json(value: Value) -> Result<Self, JsonError> {
                match value {
                    Value::String(s) => {
                        serde_json::from_value(Value::String(s)).map_err(|e| JsonError::new(e.to_string()))
                    }
                    other => Err(JsonError::expected($what, &other)),
                }
            }

            fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
                use serde::de::IntoDeserializer;
                let s = match r.str()? {
                    Some(s) => s,
                    None => return r.mismatch(),
                };
                if let Some(v) = <$t as FastStr>::fast(s) {
                    return Ok(v);
                }
                let d: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = s.into_deserializer();
                match <$t as serde::Deserialize>::deserialize(d) {
                    Ok(v) => Ok(v),
                    // The tree decoder's message, word for word.
                    Err(_) => Self::from_json(Value::String(s.to_owned())),
                }
            }
        }
    )*};
}

/// A reading of a string that skips serde for the common form, and
/// declines (`None`) what serde must decide.
trait FastStr: Sized {
    fn fast(_: &str) -> Option<Self> {
        None
    }
}

impl FastStr for uuid::Uuid {}
impl FastStr for chrono::NaiveDate {}
impl FastStr for chrono::DateTime<chrono::Utc> {
    fn fast(s: &str) -> Option<Self> {
        crate::json_time::rfc3339_utc(s)
    }
}

through_serde!(
    uuid::Uuid => "a UUID string",
    chrono::DateTime<chrono::Utc> => "an RFC 3339 date-time string",
    chrono::NaiveDate => "a date string"
);

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader's result for `text` is the tree decoder's, value or
    /// error word for word.
    fn same<T: FromJson + PartialEq + std::fmt::Debug>(text: &str) {
        let tree = T::from_json(serde_json::from_str(text).unwrap());
        let read = from_slice::<T>(text.as_bytes());
        assert_eq!(read, tree, "{text} as {}", std::any::type_name::<T>());
    }

    #[test]
    fn reads_what_the_tree_decoder_reads_and_fails_where_it_fails() {
        for text in ["5", "-5", "300", "1.5", "1e2", "-0", "99999999999999999999", "\"5\"", "null", "[]", "true"] {
            same::<i32>(text);
            same::<u8>(text);
            same::<i64>(text);
            same::<Option<i32>>(text);
        }
        for text in ["1.5", "1e300", "-0.0", "3", "0.1", "2.2250738585072014e-308", "\"x\"", "{}"] {
            same::<f64>(text);
            same::<f32>(text);
        }
        for text in [r#""a\"b\u00e9\ud83d\ude00""#, "\"\"", "1", "{\"a\":1}", "false"] {
            same::<String>(text);
            same::<bool>(text);
        }
        for text in ["[1,2,3]", "[1,\"x\"]", "[[1],[2,null]]", "{}", "[]"] {
            same::<Vec<i32>>(text);
            same::<Vec<Vec<Option<i32>>>>(text);
        }
        for text in [r#"{"a":1,"b":2}"#, r#"{"a":"x"}"#, "[]", "{}"] {
            same::<BTreeMap<String, i64>>(text);
        }
        for text in [
            r#""67e55044-10b1-426f-9247-bb680e5fe0c8""#,
            r#""not a uuid""#,
            r#""2024-01-02T03:04:05Z""#,
            r#""2024-01-02T03:04:05+02:00""#,
            r#""2024-01-02""#,
            "7",
        ] {
            same::<uuid::Uuid>(text);
            same::<chrono::DateTime<chrono::Utc>>(text);
            same::<chrono::NaiveDate>(text);
        }
        for text in [r#"{"a":[1,{"b":null}],"c":1.5e3}"#, "\"s\"", "null"] {
            same::<Value>(text);
        }
    }

    #[test]
    fn escaped_names_match_and_unknown_names_are_kept_decoded() {
        static ORDER: [AtomicU16; 3] = [const { AtomicU16::new(0) }; 3];
        static FIELDS: Fields = Fields::new(&["name", "a\\b"], &ORDER);
        let mut r = Reader::new(br#"{"n\u0061me": 1, "a\\b": 2, "x\"y": 3, "a\\b": 4}"#);
        assert_eq!(r.object("x", &FIELDS), Ok(Some(0)));
        r.skip().unwrap();
        assert_eq!(r.next_field(&FIELDS, 0), Ok(Some(1)), "an escaped backslash");
        r.skip().unwrap();
        assert_eq!(r.next_field(&FIELDS, 1), Ok(Some(2)));
        assert_eq!(r.unknown, "x\"y");
        r.skip().unwrap();
        assert_eq!(r.next_field(&FIELDS, 2), Ok(Some(1)));
        r.skip().unwrap();
        assert_eq!(r.next_field(&FIELDS, 1), Ok(None));
        let mut r = Reader::new(b"{\"\xff\": 1}");
        assert!(r.object("x", &FIELDS).unwrap_err().is_syntax(), "a name that is not UTF-8");
    }

    #[test]
    fn errors_name_their_path() {
        let e = from_slice::<Vec<BTreeMap<String, Vec<i32>>>>(br#"[{"a":[1]},{"b":[1,"x"]}]"#).unwrap_err();
        assert_eq!(e.path(), "[1].b[1]");
        assert!(!e.is_syntax());
    }

    #[test]
    fn text_that_is_not_json_is_a_syntax_error() {
        for text in [&b"[1,"[..], b"{\"a\" 1}", b"[1] x", b"\"\xff\"", b"[\"\xff\", 1]", b""] {
            let e = from_slice::<Value>(text).unwrap_err();
            assert!(e.is_syntax(), "{:?}: {e}", String::from_utf8_lossy(text));
        }
        // Invalid UTF-8 in a value that is only skipped is still refused.
        static NONE: Fields = Fields::new(&[], &[]);
        let mut r = Reader::new(b"{\"a\":\"\xff\"}");
        assert_eq!(r.object("x", &NONE), Ok(Some(0)), "`a` is not declared");
        assert!(r.skip().unwrap_err().is_syntax(), "skipped, and still refused");
        assert!(from_slice::<BTreeMap<String, Value>>(b"{\"a\":\"\xff\"}").unwrap_err().is_syntax());
    }
}
