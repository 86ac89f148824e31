//! What a position in a raw document holds: an OpenAPI object, a schema,
//! a map of names, or plain data.
//!
//! Passes over the raw JSON (bundling, 3.1 lowering, number checks) must
//! not read a key named `$ref` inside an example or a default as a
//! reference, nor a property named `const` as a keyword. They walk the
//! document with a [`Ctx`] and ask [`Ctx::child`] what each value is.

use serde_json::{Map, Value};

/// What the value at one position is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ctx {
    /// An OpenAPI object (document, operation, parameter, media type...).
    Object,
    /// A schema: its keys are JSON Schema keywords.
    Schema,
    /// An Example object: its `value` is data.
    Example,
    /// A map from names to schemas (`properties`, `components/schemas`).
    SchemaMap,
    /// A map from names to OpenAPI objects (`content`, `headers`...).
    ObjectMap,
    /// Like [`Ctx::ObjectMap`], but `x-` keys are extensions (`paths`,
    /// `responses`).
    ExtensibleMap,
    /// A map from names to Example objects.
    ExampleMap,
    /// Plain data (example, default, enum, extension values): never read
    /// as OpenAPI.
    Data,
}

/// Keywords whose value is one schema, or an array of schemas.
const SCHEMA_KEYWORDS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "allOf",
    "oneOf",
    "anyOf",
    "prefixItems",
    "additionalItems",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];

/// Schema keywords whose value is a map from names to schemas.
const SCHEMA_MAP_KEYWORDS: &[&str] = &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/// Schema keywords whose value is data, not a schema.
const SCHEMA_DATA_KEYWORDS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// OpenAPI fields whose value is a map from names to OpenAPI objects.
const OBJECT_MAP_FIELDS: &[&str] = &[
    "content",
    "headers",
    "encoding",
    "links",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "variables",
    "pathItems",
    "webhooks",
    "callbacks",
];

impl Ctx {
    /// What the value under `key` of a map at this position is.
    pub(crate) fn child(self, key: &str, value: &Value) -> Ctx {
        let extension = key.starts_with("x-");
        match self {
            Ctx::Data => Ctx::Data,
            Ctx::SchemaMap => Ctx::Schema,
            Ctx::ObjectMap => Ctx::Object,
            Ctx::ExampleMap => Ctx::Example,
            Ctx::ExtensibleMap if extension => Ctx::Data,
            Ctx::ExtensibleMap => Ctx::Object,
            Ctx::Example if extension || key == "value" => Ctx::Data,
            Ctx::Example => Ctx::Object,
            Ctx::Schema => schema_child(key, extension),
            Ctx::Object => object_child(key, extension, value),
        }
    }
}

fn schema_child(key: &str, extension: bool) -> Ctx {
    if extension || SCHEMA_DATA_KEYWORDS.contains(&key) {
        Ctx::Data
    } else if SCHEMA_KEYWORDS.contains(&key) {
        Ctx::Schema
    } else if SCHEMA_MAP_KEYWORDS.contains(&key) {
        Ctx::SchemaMap
    } else {
        // `discriminator`, `xml`, `externalDocs` and unknown keywords.
        Ctx::Object
    }
}

fn object_child(key: &str, extension: bool, value: &Value) -> Ctx {
    match key {
        _ if extension => Ctx::Data,
        "example" | "default" | "enum" => Ctx::Data,
        // Example objects by name; an array is a 3.1 schema-style list.
        "examples" if value.is_object() => Ctx::ExampleMap,
        "examples" => Ctx::Data,
        "schema" => Ctx::Schema,
        "schemas" => Ctx::SchemaMap,
        "paths" | "responses" => Ctx::ExtensibleMap,
        _ if OBJECT_MAP_FIELDS.contains(&key) && value.is_object() => Ctx::ObjectMap,
        _ => Ctx::Object,
    }
}

/// Calls `visit` on every schema object of `value` (a whole document),
/// with its pointer, before walking into its children: a schema rewritten
/// by `visit` is walked as rewritten. Data (examples, defaults,
/// extensions) is never visited.
pub(crate) fn for_each_schema(value: &mut Value, visit: &mut impl FnMut(&mut Map<String, Value>, &str)) {
    walk_schemas(value, &mut Pointer::root(), Ctx::Object, visit);
}

fn walk_schemas(value: &mut Value, at: &mut Pointer, ctx: Ctx, visit: &mut impl FnMut(&mut Map<String, Value>, &str)) {
    match value {
        _ if ctx == Ctx::Data => {}
        Value::Object(map) => {
            if ctx == Ctx::Schema {
                visit(map, at.as_str());
            }
            for (k, v) in map.iter_mut().filter(|(_, v)| has_children(v)) {
                let child = ctx.child(k, v);
                at.key(k, |at| walk_schemas(v, at, child, visit));
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate().filter(|(_, v)| has_children(v)) {
                at.index(i, |at| walk_schemas(v, at, ctx, visit));
            }
        }
        _ => {}
    }
}

/// A mapping or a list: the only values the passes walk into (a
/// reference, a schema or a keyword to check is never a scalar's child).
pub(crate) fn has_children(value: &Value) -> bool {
    value.is_object() || value.is_array()
}

/// The JSON pointer of the position a pass is at, kept in one buffer: a
/// step into a child appends its token and the way back truncates it. A
/// pointer string made anew at each of the hundreds of thousands of
/// positions of a large document was a good part of these passes' time.
#[derive(Debug)]
pub(crate) struct Pointer(String);

impl Pointer {
    /// The document's root, `#`.
    pub(crate) fn root() -> Self {
        Pointer::at("#")
    }

    /// A pointer that starts at `at` (`#/components/schemas/Pet`).
    pub(crate) fn at(at: &str) -> Self {
        let mut s = String::with_capacity(256);
        s.push_str(at);
        Pointer(s)
    }

    /// The pointer as text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// Runs `f` with the pointer moved to the child `key` (escaped).
    pub(crate) fn key<R>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.0.len();
        self.0.push('/');
        super::escape_token_into(&mut self.0, key);
        let r = f(self);
        self.0.truncate(len);
        r
    }

    /// Runs `f` with the pointer moved to the item `index`.
    pub(crate) fn index<R>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        use std::fmt::Write;
        let len = self.0.len();
        let _ = write!(self.0, "/{index}");
        let r = f(self);
        self.0.truncate(len);
        r
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn a_pointer_escapes_its_tokens_and_comes_back_after_each_step() {
        let mut at = Pointer::root();
        let inner = at.key("paths", |at| at.key("/a/{b}~c", |at| at.index(3, |at| at.as_str().to_string())));
        assert_eq!(inner, "#/paths/~1a~1{b}~0c/3");
        assert_eq!(at.as_str(), "#");
    }
}
