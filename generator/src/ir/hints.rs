//! The validation keywords of a field's or parameter's schema beyond its
//! type: format, pattern, lengths, bounds, item counts.
//!
//! They are read through one `$ref` chain, so a field written as
//! `$ref: '#/components/schemas/Id'` keeps the pattern `Id` declares.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schema::{AsSchema, Types};
use super::{ItemHints, NumberHints, StringHints};

/// What is known of one value beyond its type.
#[derive(Debug, Default)]
pub(crate) struct Hints {
    pub string: Option<StringHints>,
    pub number: Option<NumberHints>,
    pub items: Option<ItemHints>,
}

/// The hints of `schema`, following a reference to a component.
pub(crate) fn of<'a, S: AsSchema>(types: &Types<'a>, schema: &'a S) -> Hints {
    let Some(s) = resolved(types, schema) else { return Hints::default() };
    let mut hints = Hints { string: string(s), number: number(s), items: None };
    if let SchemaKind::Type(Type::Array(a)) = &s.schema_kind {
        let item = a.items.as_ref().and_then(|i| resolved(types, i));
        let items = ItemHints {
            min_items: a.min_items.map(|n| n as u64),
            max_items: a.max_items.map(|n| n as u64),
            string: item.and_then(string),
            number: item.and_then(number),
        };
        hints.items = (items != ItemHints::default()).then_some(items);
    }
    hints
}

fn resolved<'a, S: AsSchema>(types: &Types<'a>, schema: &'a S) -> Option<&'a Schema> {
    match schema.as_ref_or() {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => types.resolve(&reference),
    }
}

/// Format, pattern, lengths and example of a string schema, when it has any.
pub(crate) fn string(s: &Schema) -> Option<StringHints> {
    let SchemaKind::Type(Type::String(st)) = &s.schema_kind else { return None };
    let format = match serde_json::to_value(&st.format).ok()? {
        serde_json::Value::String(f) if !f.is_empty() => Some(f),
        _ => None,
    };
    let example = s.schema_data.example.as_ref().and_then(|e| e.as_str()).map(str::to_string);
    let hints = StringHints {
        format,
        pattern: st.pattern.clone(),
        example,
        min_length: st.min_length.map(|n| n as u64),
        max_length: st.max_length.map(|n| n as u64),
    };
    (hints != StringHints::default()).then_some(hints)
}

/// The bounds of a number or integer schema, when it has any.
fn number(s: &Schema) -> Option<NumberHints> {
    let hints = match &s.schema_kind {
        SchemaKind::Type(Type::Number(n)) => NumberHints {
            minimum: n.minimum,
            maximum: n.maximum,
            exclusive_minimum: n.exclusive_minimum,
            exclusive_maximum: n.exclusive_maximum,
            multiple_of: n.multiple_of,
        },
        // Integers up to 2^53 are exact as f64, far beyond any bound a
        // spec writes for a request value.
        SchemaKind::Type(Type::Integer(n)) => NumberHints {
            minimum: n.minimum.map(|v| v as f64),
            maximum: n.maximum.map(|v| v as f64),
            exclusive_minimum: n.exclusive_minimum,
            exclusive_maximum: n.exclusive_maximum,
            multiple_of: n.multiple_of.map(|v| v as f64),
        },
        _ => return None,
    };
    (hints != NumberHints::default()).then_some(hints)
}
