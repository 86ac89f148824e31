//! One view of a JSON Schema. `openapiv3` spreads a schema over several
//! Rust shapes (`Type`, `AllOf`, `Any`...); [`Shape`] flattens them so the
//! rules of `schema.rs` are written once.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

/// One schema seen through a single lens.
#[derive(Default)]
pub(crate) struct Shape<'s> {
    pub typ: Option<String>,
    pub format: Option<String>,
    pub properties: Vec<(&'s String, &'s ReferenceOr<Box<Schema>>)>,
    pub required: Vec<String>,
    pub additional: Option<&'s AdditionalProperties>,
    pub items: Option<&'s ReferenceOr<Box<Schema>>>,
    pub enum_values: Vec<serde_json::Value>,
    pub one_of: &'s [ReferenceOr<Schema>],
    pub any_of: &'s [ReferenceOr<Schema>],
    pub all_of: &'s [ReferenceOr<Schema>],
    pub has_object_keywords: bool,
}

fn fmt_name<T: std::fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(i) => Some(heck::ToKebabCase::to_kebab_case(format!("{i:?}").as_str())),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

impl<'s> Shape<'s> {
    pub fn of(schema: &'s Schema) -> Self {
        let mut s = Shape::default();
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                s.typ = Some("string".into());
                s.format = fmt_name(&t.format);
                s.enum_values = t.enumeration.iter().flatten().map(|v| serde_json::Value::String(v.clone())).collect();
            }
            SchemaKind::Type(Type::Integer(t)) => {
                s.typ = Some("integer".into());
                s.format = fmt_name(&t.format);
                s.enum_values = t.enumeration.iter().flatten().map(|v| serde_json::Value::from(*v)).collect();
            }
            SchemaKind::Type(Type::Number(t)) => {
                s.typ = Some("number".into());
                s.format = fmt_name(&t.format);
            }
            SchemaKind::Type(Type::Boolean(_)) => s.typ = Some("boolean".into()),
            SchemaKind::Type(Type::Object(o)) => {
                s.typ = Some("object".into());
                s.properties = o.properties.iter().collect();
                s.required = o.required.clone();
                s.additional = o.additional_properties.as_ref();
                s.has_object_keywords = true;
            }
            SchemaKind::Type(Type::Array(a)) => {
                s.typ = Some("array".into());
                s.items = a.items.as_ref();
            }
            SchemaKind::OneOf { one_of } => s.one_of = one_of,
            SchemaKind::AnyOf { any_of } => s.any_of = any_of,
            SchemaKind::AllOf { all_of } => s.all_of = all_of,
            SchemaKind::Not { .. } => {}
            SchemaKind::Any(a) => {
                s.typ = a.typ.clone();
                s.format = a.format.clone();
                s.properties = a.properties.iter().collect();
                s.required = a.required.clone();
                s.additional = a.additional_properties.as_ref();
                s.items = a.items.as_ref();
                s.enum_values = a.enumeration.iter().filter(|v| !v.is_null()).cloned().collect();
                s.one_of = &a.one_of;
                s.any_of = &a.any_of;
                s.all_of = &a.all_of;
                s.has_object_keywords = !a.properties.is_empty() || a.additional_properties.is_some();
            }
        }
        s
    }
}
