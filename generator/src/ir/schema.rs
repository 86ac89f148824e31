//! Schema to type conversion, written once over [`Shape`], the one view of
//! a schema that `shape.rs` makes of `openapiv3`'s several Rust shapes.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};

use super::names::{self, Scope};
use super::shape::Shape;
use super::{Alias, Enum, EnumVariant, Field, Struct, TypeDef, TypeRef, Union, UnionVariant};
use crate::load::escape_token;
use crate::report::{Kind, Report};

/// Builds named types from schemas.
pub(crate) struct Types<'a> {
    pub doc: &'a openapiv3::OpenAPI,
    /// Spec component name -> Rust type name.
    pub component_names: BTreeMap<String, String>,
    pub types: BTreeMap<String, TypeDef>,
    pub scope: Scope,
    pub report: &'a mut Report,
    /// `(pointer, reference)` of references to schemas that do not exist.
    pub missing: Vec<(String, String)>,
    /// `(pointer, reference)` of component schemas that are references
    /// leading back to themselves.
    pub cycles: Vec<(String, String)>,
    /// The first inline enum or union of each definition and description,
    /// for [`Self::share_inline`].
    shared: BTreeMap<(Shared, Option<String>), String>,
}

/// The definition of an inline enum or union, names left out.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Shared {
    /// Integer or not, default, `rust_name=value` of each variant.
    Enum(bool, Option<String>, Vec<String>),
    /// Discriminator, then name, type and tags of each variant.
    Union(Option<String>, Vec<(String, TypeRef, Vec<String>)>),
}

/// Returns the component name of a local schema reference.
pub(crate) fn schema_ref_name(r: &str) -> Option<String> {
    r.strip_prefix("#/components/schemas/").map(crate::load::unescape_token)
}

impl<'a> Types<'a> {
    pub fn new(doc: &'a openapiv3::OpenAPI, report: &'a mut Report) -> Self {
        let mut scope = Scope::new();
        let mut component_names = BTreeMap::new();
        if let Some(components) = &doc.components {
            let mut keys: Vec<&String> = components.schemas.keys().collect();
            keys.sort();
            for k in keys {
                component_names.insert(k.clone(), scope.claim(&names::type_name(k)));
            }
        }
        Types {
            doc,
            component_names,
            types: BTreeMap::new(),
            scope,
            report,
            missing: Vec::new(),
            cycles: Vec::new(),
            shared: BTreeMap::new(),
        }
    }

    /// Defines every component schema.
    pub fn define_components(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for (name, schema) in &components.schemas {
            let rust = self.component_names[name].clone();
            let ptr = format!("#/components/schemas/{}", escape_token(name));
            match schema {
                ReferenceOr::Item(s) => self.define(&rust, name, s, &ptr),
                ReferenceOr::Reference { reference } => {
                    if self.alias_cycle(reference) {
                        self.cycles.push((ptr, reference.clone()));
                        continue;
                    }
                    let ty = self.ref_type(reference, &ptr);
                    self.types.insert(
                        rust.clone(),
                        TypeDef::Alias(Alias {
                            name: rust,
                            source: name.clone(),
                            description: None,
                            ty,
                            newtype: false,
                        }),
                    );
                }
            }
        }
    }

    /// Looks up a component schema by reference; `None` when it does not
    /// exist or is a cycle of references only.
    pub fn resolve(&self, reference: &str) -> Option<&'a Schema> {
        let schemas = &self.doc.components.as_ref()?.schemas;
        let mut reference = reference;
        // A chain longer than the number of components is a cycle.
        for _ in 0..=schemas.len() {
            match schemas.get(&schema_ref_name(reference)?)? {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    /// Whether the component reference `reference` leads back to itself
    /// through references only (`A: {$ref: B}`, `B: {$ref: A}`).
    fn alias_cycle(&self, reference: &str) -> bool {
        let Some(schemas) = self.doc.components.as_ref().map(|c| &c.schemas) else { return false };
        let mut seen = std::collections::BTreeSet::new();
        let mut reference = reference;
        while let Some(name) = schema_ref_name(reference) {
            if !seen.insert(name.clone()) {
                return true;
            }
            match schemas.get(&name) {
                Some(ReferenceOr::Reference { reference: next }) => reference = next,
                _ => return false,
            }
        }
        false
    }

    fn ref_type(&mut self, reference: &str, ptr: &str) -> TypeRef {
        match schema_ref_name(reference).and_then(|n| self.component_names.get(&n).cloned()) {
            Some(rust) => TypeRef::Named(rust),
            None if reference.starts_with("#/components/schemas/") => {
                self.missing.push((ptr.to_string(), reference.to_string()));
                TypeRef::Any
            }
            None => {
                self.report.add(Kind::UntypedValue, ptr, format!("reference `{reference}` is not a component schema"));
                TypeRef::Any
            }
        }
    }

    /// A fresh name for an inline type.
    pub fn fresh(&mut self, hint: &str) -> String {
        self.scope.claim(&names::type_name(hint))
    }

    /// The type of a schema or reference; inline compound schemas become
    /// named types called after `hint`.
    pub fn type_of<S: AsSchema>(&mut self, schema: &'a S, hint: &str, ptr: &str) -> TypeRef {
        match schema.as_ref_or() {
            ReferenceOr::Reference { reference } => self.ref_type(&reference, ptr),
            ReferenceOr::Item(s) => self.inline(s, hint, ptr),
        }
    }

    /// True when the schema (or the one it references) allows `null`.
    pub fn is_nullable<S: AsSchema>(&self, schema: &S) -> bool {
        match schema.as_ref_or() {
            ReferenceOr::Reference { reference } => self.resolve(&reference).is_some_and(|s| s.schema_data.nullable),
            ReferenceOr::Item(s) => {
                s.schema_data.nullable || {
                    let shape = Shape::of(s);
                    shape.all_of.iter().chain(shape.one_of).chain(shape.any_of).any(|p| match p {
                        ReferenceOr::Item(p) => p.schema_data.nullable && Shape::of(p).typ.is_none(),
                        ReferenceOr::Reference { .. } => false,
                    })
                }
            }
        }
    }

    /// `ty`, or `Option<ty>` when `schema` (or the component it
    /// references) allows `null`: a `null` array item or map value must
    /// decode.
    fn or_null<S: AsSchema>(&self, schema: &S, ty: TypeRef) -> TypeRef {
        if self.is_nullable(schema) && !matches!(ty, TypeRef::Any | TypeRef::Option(_)) {
            TypeRef::Option(Box::new(ty))
        } else {
            ty
        }
    }

    fn inline(&mut self, s: &'a Schema, hint: &str, ptr: &str) -> TypeRef {
        let shape = Shape::of(s);
        // `allOf: [$ref]` (often with `nullable` or a description) is the ref.
        match wrapped_part(&shape) {
            Some(Wrapped::Part(key, i, part)) => return self.type_of(part, hint, &format!("{ptr}/{key}/{i}")),
            Some(Wrapped::NotesOnly) => return self.notes_only(ptr),
            None => {}
        }
        if !shape.all_of.is_empty() || !shape.one_of.is_empty() || !shape.any_of.is_empty() {
            return self.named(hint, s, ptr);
        }
        if let Some(ty) = untyped_enum_scalar(&shape) {
            if ty == TypeRef::Any {
                self.report.add(Kind::UntypedValue, ptr, "enum of values of mixed types: typed as `serde_json::Value`");
            }
            return ty;
        }
        match shape.typ.as_deref() {
            Some("string" | "integer") if !shape.enum_values.is_empty() => self.named(hint, s, ptr),
            Some("string") => string_type(shape.format.as_deref()),
            Some("integer") => match shape.format.as_deref() {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some("number") => match shape.format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("boolean") => TypeRef::Bool,
            Some("array") => self.array(shape.items, hint, ptr),
            Some("object") | None if !shape.properties.is_empty() => self.named(hint, s, ptr),
            Some("object") | None if shape.additional.is_some() || shape.typ.is_some() => {
                self.map(shape.additional, hint, ptr)
            }
            None if !shape.enum_values.is_empty() => self.named(hint, s, ptr),
            _ => {
                self.report.add(Kind::UntypedValue, ptr, "schema without a type: typed as `serde_json::Value`");
                TypeRef::Any
            }
        }
    }

    /// A list of `items` (of any value when the schema has none).
    fn array(&mut self, items: Option<&'a ReferenceOr<Box<Schema>>>, hint: &str, ptr: &str) -> TypeRef {
        let Some(items) = items else {
            self.report.add(Kind::UntypedValue, ptr, "array without `items`: items typed as `serde_json::Value`");
            return TypeRef::Vec(Box::new(TypeRef::Any));
        };
        let inner = self.type_of(items, &format!("{hint}Inner"), &format!("{ptr}/items"));
        TypeRef::Vec(Box::new(self.or_null(items, inner)))
    }

    /// A map from names to the `additionalProperties` schema, or to any
    /// value for a free-form object.
    fn map(&mut self, additional: Option<&'a AdditionalProperties>, hint: &str, ptr: &str) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(inner)) => {
                let ty = self.type_of(inner.as_ref(), &format!("{hint}Value"), &format!("{ptr}/additionalProperties"));
                TypeRef::Map(Box::new(self.or_null(inner.as_ref(), ty)))
            }
            _ => {
                self.report.add(Kind::UntypedValue, ptr, "free-form object: values typed as `serde_json::Value`");
                TypeRef::Map(Box::new(TypeRef::Any))
            }
        }
    }

    /// An `allOf` whose parts only carry notes: any value.
    fn notes_only(&mut self, ptr: &str) -> TypeRef {
        self.report.add(Kind::UntypedValue, ptr, "`allOf` of notes only: typed as `serde_json::Value`");
        TypeRef::Any
    }

    /// The type a named `allOf` schema is another name for: its only part
    /// that constrains the type, or any value when all parts are notes.
    /// `None` when the parts are merged into a struct.
    fn all_of_alias(&mut self, source: &str, shape: &Shape<'a>, ptr: &str) -> Option<TypeRef> {
        if shape.all_of.is_empty() {
            return None;
        }
        match wrapped_part(shape)? {
            // An inline part is defined under this name by `define`.
            Wrapped::Part(_, _, ReferenceOr::Item(_)) => None,
            // `Foo: {allOf: [$ref Foo]}` would be an alias of itself.
            Wrapped::Part(_, _, ReferenceOr::Reference { reference })
                if schema_ref_name(reference).as_deref() == Some(source) =>
            {
                None
            }
            Wrapped::Part(key, i, part) => Some(self.type_of(part, source, &format!("{ptr}/{key}/{i}"))),
            Wrapped::NotesOnly => Some(self.notes_only(ptr)),
        }
    }

    /// A type of a fresh name (from `hint`) defined from `s`.
    fn named(&mut self, hint: &str, s: &'a Schema, ptr: &str) -> TypeRef {
        let name = self.fresh(hint);
        self.define(&name.clone(), hint, s, ptr);
        self.share_inline(&name);
        TypeRef::Named(name)
    }

    /// Makes the inline enum or union `name` an alias of the first inline
    /// one with the same definition (everything but the names), when there
    /// is one. Documents such as Microsoft Graph repeat one inline schema
    /// for every operation or property (the `$select` values of each `list`
    /// and `get`: 9,648 enums of 1,424 definitions in graph.json), and each
    /// copy would cost the compiler a whole enum with its derives. Every
    /// name stays, so code using either name compiles; a component schema
    /// is never shared, since its name is the author's.
    fn share_inline(&mut self, name: &str) {
        let (key, source, description) = match self.types.get(name) {
            Some(TypeDef::Enum(e)) => {
                let variants = e.variants.iter().map(|v| format!("{}={}", v.rust_name, v.value)).collect();
                (Shared::Enum(e.integer, e.default.clone(), variants), &e.source, &e.description)
            }
            Some(TypeDef::Union(u)) => {
                let variants = u.variants.iter().map(|v| (v.rust_name.clone(), v.ty.clone(), v.tags.clone())).collect();
                (Shared::Union(u.discriminator.clone(), variants), &u.source, &u.description)
            }
            _ => return,
        };
        let (source, description) = (source.clone(), description.clone());
        match self.shared.entry((key, description.clone())) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(name.to_string());
            }
            std::collections::btree_map::Entry::Occupied(first) => {
                let ty = TypeRef::Named(first.get().clone());
                let alias = Alias { name: name.to_string(), source, description, ty, newtype: false };
                self.types.insert(name.to_string(), TypeDef::Alias(alias));
            }
        }
    }

    /// Defines the named type `name` from `s`.
    pub fn define(&mut self, name: &str, source: &str, s: &'a Schema, ptr: &str) {
        let shape = Shape::of(s);
        let description = notes(s).find_map(|d| d.description.clone()).or_else(|| s.schema_data.title.clone());
        if let (false, Some(Wrapped::Part(key, i, ReferenceOr::Item(part)))) =
            (shape.all_of.is_empty(), wrapped_part(&shape))
        {
            // `allOf` of one inline schema and notes: that schema, named here.
            self.define(name, source, part, &format!("{ptr}/{key}/{i}"));
            if let (Some(d), Some(def)) = (description, self.types.get_mut(name)) {
                def.set_description(d);
            }
            return;
        }
        let def = if let Some(ty) = self.all_of_alias(source, &shape, ptr) {
            TypeDef::Alias(Alias { name: name.into(), source: source.into(), description, ty, newtype: false })
        } else if !shape.all_of.is_empty() || shape.has_object_keywords || !shape.properties.is_empty() {
            if shape.all_of.is_empty()
                && shape.properties.is_empty()
                && shape.one_of.is_empty()
                && shape.any_of.is_empty()
            {
                // A map-only object: an alias of the map type.
                let ty = self.inline(s, &format!("{name}Map"), ptr);
                TypeDef::Alias(Alias { name: name.into(), source: source.into(), description, ty, newtype: false })
            } else {
                TypeDef::Struct(self.object(name, source, description, s, ptr))
            }
        } else if !shape.one_of.is_empty() || !shape.any_of.is_empty() {
            let (parts, key) = if shape.one_of.is_empty() { (shape.any_of, "anyOf") } else { (shape.one_of, "oneOf") };
            TypeDef::Union(self.union(name, source, description, s, parts, &format!("{ptr}/{key}")))
        } else if !shape.enum_values.is_empty()
            && matches!(shape.typ.as_deref(), Some("string") | Some("integer") | None)
            && untyped_enum_scalar(&shape).is_none()
        {
            TypeDef::Enum(self.enumeration(name, source, description, s, &shape, ptr))
        } else {
            let ty = self.inline(s, &format!("{name}Value"), ptr);
            TypeDef::Alias(Alias { name: name.into(), source: source.into(), description, ty, newtype: false })
        };
        self.types.insert(name.to_string(), def);
    }

    /// The struct of an object schema, its `allOf` parts merged.
    fn object(&mut self, name: &str, source: &str, description: Option<String>, s: &'a Schema, ptr: &str) -> Struct {
        let mut st = Struct { name: name.into(), source: source.into(), description, fields: vec![], additional: None };
        let mut required = BTreeMap::new();
        let mut seen = Vec::new();
        self.collect_fields(s, name, ptr, &mut st, &mut required, &mut seen);
        for f in &mut st.fields {
            f.required = required.contains_key(&f.name);
        }
        // Only once every `allOf` part is merged can a name be
        // known to be declared by none of them.
        self.undeclared_required(&mut st, &required);
        // Field names are assigned once all fields are in.
        let mut scope = Scope::with_taken(["additional_properties"]);
        for f in &mut st.fields {
            f.rust_name = scope.claim(&names::snake_name(&f.name));
        }
        st
    }

    /// Adds to `st` the properties of `s` and of its `allOf` parts (each
    /// part once, by `seen`), the first declaration of a name winning, and
    /// to `required` the pointer of each name's first `required` entry.
    fn collect_fields(
        &mut self,
        s: &'a Schema,
        owner: &str,
        ptr: &str,
        st: &mut Struct,
        required: &mut BTreeMap<String, String>,
        seen: &mut Vec<String>,
    ) {
        let shape = Shape::of(s);
        for (i, part) in shape.all_of.iter().enumerate() {
            let part_ptr = format!("{ptr}/allOf/{i}");
            match part {
                ReferenceOr::Reference { reference } if seen.contains(reference) => {}
                ReferenceOr::Reference { reference } => {
                    seen.push(reference.clone());
                    match self.resolve(reference) {
                        Some(target) => self.collect_fields(target, owner, reference, st, required, seen),
                        None => self.report.add(
                            Kind::Other,
                            part_ptr,
                            format!("`allOf` part `{reference}` not found; skipped"),
                        ),
                    }
                }
                ReferenceOr::Item(p) => self.collect_fields(p, owner, &part_ptr, st, required, seen),
            }
        }
        if (!shape.one_of.is_empty() || !shape.any_of.is_empty()) && !shape.properties.is_empty() {
            self.report.add(Kind::Other, ptr, "`oneOf`/`anyOf` beside properties: only the properties are typed");
        }
        for (i, r) in shape.required.iter().enumerate() {
            required.entry(r.clone()).or_insert_with(|| format!("{ptr}/required/{i}"));
        }
        for (prop, schema) in shape.properties {
            if !st.fields.iter().any(|f| &f.name == prop) {
                let field = self.property(owner, prop, schema, &format!("{ptr}/properties/{}", escape_token(prop)));
                st.fields.push(field);
            }
        }
        if st.additional.is_none() {
            st.additional = self.additional(shape.additional, owner, ptr);
        }
    }

    /// The field of the property `prop` (not yet marked required).
    fn property(&mut self, owner: &str, prop: &str, schema: &'a ReferenceOr<Box<Schema>>, ptr: &str) -> Field {
        let hint = format!("{owner}{}", names::type_name(prop));
        let ty = self.type_of(schema, &hint, ptr);
        let nullable = self.is_nullable(schema);
        let hints = super::hints::of(self, schema);
        // Notes in `allOf` parts (`allOf: [$ref, {description}]`) apply
        // to the field as if written beside the `allOf`.
        let data: Vec<&openapiv3::SchemaData> = match schema {
            ReferenceOr::Item(s) => notes(s).collect(),
            ReferenceOr::Reference { .. } => Vec::new(),
        };
        Field {
            name: prop.to_string(),
            rust_name: String::new(),
            ty,
            required: false,
            nullable,
            boxed: false,
            description: data.iter().find_map(|d| d.description.clone()),
            read_only: data.iter().any(|d| d.read_only),
            write_only: data.iter().any(|d| d.write_only),
            default: data.iter().find_map(|d| d.default.clone()),
            string: hints.string,
            number: hints.number,
            items: hints.items,
            undeclared: false,
        }
    }

    /// The type of a struct's extra properties, from its
    /// `additionalProperties` (`None` when it declares none).
    fn additional(&mut self, additional: Option<&'a AdditionalProperties>, owner: &str, ptr: &str) -> Option<TypeRef> {
        match additional? {
            AdditionalProperties::Schema(inner) => {
                let ty = self.type_of(inner.as_ref(), &format!("{owner}Value"), &format!("{ptr}/additionalProperties"));
                Some(self.or_null(inner.as_ref(), ty))
            }
            AdditionalProperties::Any(true) => {
                self.report.add(
                    Kind::UntypedValue,
                    format!("{ptr}/additionalProperties"),
                    "`additionalProperties: true`: extra properties typed as `serde_json::Value`",
                );
                Some(TypeRef::Any)
            }
            AdditionalProperties::Any(false) => None,
        }
    }

    /// A name listed in `required` that no property (of any `allOf` part)
    /// declares: the object must carry that key, with any value. `required`
    /// maps each name to the pointer of its entry.
    fn undeclared_required(&mut self, st: &mut Struct, required: &BTreeMap<String, String>) {
        for (name, at) in required {
            if st.fields.iter().any(|f| &f.name == name) {
                continue;
            }
            self.report.add(
                Kind::UntypedValue,
                at.clone(),
                format!(
                    "`required` lists `{name}`, which no `properties` declares: a required field of any value \
                     (`serde_json::Value`), read as `null` when a response leaves it out"
                ),
            );
            st.fields.push(Field {
                name: name.clone(),
                rust_name: String::new(),
                ty: TypeRef::Any,
                required: true,
                nullable: false,
                boxed: false,
                description: Some(
                    "Listed in `required` but declared by no property: any value, always sent; `null` when \
                     a response omits it."
                        .into(),
                ),
                read_only: false,
                write_only: false,
                default: None,
                string: None,
                number: None,
                items: None,
                undeclared: true,
            });
        }
    }

    fn union(
        &mut self,
        name: &str,
        source: &str,
        description: Option<String>,
        s: &'a Schema,
        parts: &'a [ReferenceOr<Schema>],
        ptr: &str,
    ) -> Union {
        let discriminator = s.schema_data.discriminator.as_ref();
        let mut variants = Vec::new();
        let mut scope = Scope::new();
        for (i, part) in parts.iter().enumerate() {
            if is_null_schema(part) {
                continue;
            }
            let part_ptr = format!("{ptr}/{i}");
            let ty = self.type_of(part, &format!("{name}Variant{}", i + 1), &part_ptr);
            let base = variant_name(&ty, part, i);
            let tags = match (discriminator, part) {
                (Some(d), ReferenceOr::Reference { reference }) => variant_tags(d, reference),
                _ => Vec::new(),
            };
            let boxed = matches!(ty, TypeRef::Named(_));
            variants.push(UnionVariant { rust_name: scope.claim(&base), ty, tags, boxed });
        }
        Union {
            name: name.into(),
            source: source.into(),
            description,
            discriminator: discriminator.map(|d| d.property_name.clone()),
            variants,
        }
    }

    fn enumeration(
        &mut self,
        name: &str,
        source: &str,
        description: Option<String>,
        s: &Schema,
        shape: &Shape,
        ptr: &str,
    ) -> Enum {
        let integer = shape.typ.as_deref() == Some("integer")
            || (shape.typ.is_none() && shape.enum_values.iter().all(|v| v.is_i64()));
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for v in &shape.enum_values {
            let value = match v {
                serde_json::Value::String(s) if !integer => s.clone(),
                serde_json::Value::Number(n) if integer && n.is_i64() => n.to_string(),
                // `type: string` with `enum: [1, true]`: the YAML author meant the text.
                serde_json::Value::Number(_) | serde_json::Value::Bool(_) if !integer => v.to_string(),
                other => {
                    self.report.add(
                        Kind::Other,
                        format!("{ptr}/enum"),
                        format!("enum value `{other}` does not match the enum's type; skipped"),
                    );
                    continue;
                }
            };
            if !seen.insert(value.clone()) {
                continue;
            }
            let base = if integer { format!("V{}", value.replace('-', "Minus")) } else { names::variant_name(&value) };
            variants.push(EnumVariant { rust_name: scope.claim(&base), value });
        }
        let default = s.schema_data.default.as_ref().and_then(|d| match d {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        let default = default.filter(|d| variants.iter().any(|v| &v.value == d));
        Enum { name: name.into(), source: source.into(), description, integer, variants, default }
    }
}

/// The type of an enum without `type` whose values are not all strings or
/// all integers: `bool` when they are all booleans, any JSON value when
/// their types are mixed. `None` for a plain string or integer enum.
fn untyped_enum_scalar(shape: &Shape) -> Option<TypeRef> {
    if shape.typ.is_some() || shape.enum_values.is_empty() || !shape.properties.is_empty() || shape.additional.is_some()
    {
        return None;
    }
    let values = &shape.enum_values;
    if values.iter().all(|v| v.is_string()) || values.iter().all(|v| v.is_i64()) {
        None
    } else if values.iter().all(|v| v.is_boolean()) {
        Some(TypeRef::Bool)
    } else {
        Some(TypeRef::Any)
    }
}

/// What an `allOf`/`oneOf`/`anyOf` without a type of its own stands for.
enum Wrapped<'p> {
    /// Its only part that constrains the value: keyword, index, part.
    Part(&'static str, usize, &'p ReferenceOr<Schema>),
    /// An `allOf` whose parts all only carry notes.
    NotesOnly,
}

/// The single part of a schema that only wraps other schemas: parts that
/// allow only `null` and `allOf` parts that only carry notes do not count.
fn wrapped_part<'p>(shape: &Shape<'p>) -> Option<Wrapped<'p>> {
    if shape.has_object_keywords || shape.typ.is_some() || !shape.enum_values.is_empty() {
        return None;
    }
    let all_of = shape.all_of.iter().enumerate().filter(|(_, p)| !is_note_only(p)).map(|(i, p)| ("allOf", i, p));
    let one_of = shape.one_of.iter().enumerate().map(|(i, p)| ("oneOf", i, p));
    let any_of = shape.any_of.iter().enumerate().map(|(i, p)| ("anyOf", i, p));
    let parts: Vec<_> = all_of.chain(one_of).chain(any_of).filter(|(_, _, p)| !is_null_schema(p)).collect();
    match parts.as_slice() {
        [(key, i, part)] => Some(Wrapped::Part(key, *i, part)),
        [] if !shape.all_of.is_empty() && shape.one_of.is_empty() && shape.any_of.is_empty() => {
            Some(Wrapped::NotesOnly)
        }
        _ => None,
    }
}

/// True for an inline schema that constrains nothing about the value's
/// type: `{}`, `{description}`, `{nullable: false}`, `{readOnly: true}`...
fn is_note_only(p: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(s) = p else { return false };
    let shape = Shape::of(s);
    shape.typ.is_none()
        && shape.format.is_none()
        && shape.properties.is_empty()
        && shape.required.is_empty()
        && shape.additional.is_none()
        && shape.items.is_none()
        && shape.enum_values.is_empty()
        && shape.all_of.is_empty()
        && shape.one_of.is_empty()
        && shape.any_of.is_empty()
        && !matches!(s.schema_kind, SchemaKind::Not { .. })
        && !s.schema_data.nullable
        && s.schema_data.discriminator.is_none()
}

/// The notes of a schema: its own, then those of its note-only `allOf`
/// parts.
fn notes(s: &Schema) -> impl Iterator<Item = &openapiv3::SchemaData> {
    let parts = Shape::of(s).all_of.iter().filter(|p| is_note_only(p));
    std::iter::once(&s.schema_data).chain(parts.filter_map(|p| match p {
        ReferenceOr::Item(p) => Some(&p.schema_data),
        ReferenceOr::Reference { .. } => None,
    }))
}

fn is_null_schema<S: AsSchema>(s: &S) -> bool {
    match s.as_ref_or() {
        ReferenceOr::Item(s) => {
            let shape = Shape::of(s);
            shape.typ.is_none()
                && s.schema_data.nullable
                && shape.properties.is_empty()
                && shape.all_of.is_empty()
                && shape.one_of.is_empty()
                && shape.any_of.is_empty()
                && shape.enum_values.is_empty()
        }
        ReferenceOr::Reference { .. } => false,
    }
}

fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("uuid") => TypeRef::Uuid,
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("binary") => TypeRef::Binary,
        Some("byte") => TypeRef::Base64,
        _ => TypeRef::String,
    }
}

/// The name of a union's variant `i` of type `ty`: the schema's name, else
/// its title, else what tells it apart (its one key, its primitive type),
/// else `Variant<i + 1>`.
fn variant_name(ty: &TypeRef, part: &ReferenceOr<Schema>, i: usize) -> String {
    let numbered = || format!("Variant{}", i + 1);
    match part {
        ReferenceOr::Reference { reference } => {
            schema_ref_name(reference).map(|n| names::type_name(&n)).unwrap_or_else(numbered)
        }
        ReferenceOr::Item(p) => match p.schema_data.title.as_deref() {
            Some(title) => names::type_name(title),
            None => key_variant_name(p).or_else(|| primitive_variant_name(ty)).unwrap_or_else(numbered),
        },
    }
}

/// The discriminator values that choose the variant `reference`: those
/// the `mapping` gives it, else the schema's name.
fn variant_tags(d: &openapiv3::Discriminator, reference: &str) -> Vec<String> {
    let mut tags: Vec<String> = d
        .mapping
        .iter()
        .filter(|(_, target)| {
            let target_ref =
                if target.starts_with('#') { (*target).clone() } else { format!("#/components/schemas/{target}") };
            target_ref == reference
        })
        .map(|(value, _)| value.clone())
        .collect();
    if tags.is_empty() {
        tags.extend(schema_ref_name(reference));
    }
    tags
}

/// The variant name of an inline object shape told apart by one key: its
/// only property, or else its only required property.
fn key_variant_name(s: &Schema) -> Option<String> {
    let shape = Shape::of(s);
    if !shape.all_of.is_empty() || !shape.one_of.is_empty() || !shape.any_of.is_empty() {
        return None;
    }
    let key = match (shape.properties.as_slice(), shape.required.as_slice()) {
        ([(only, _)], _) => only.as_str(),
        (props, [req]) if props.iter().any(|(p, _)| *p == req) => req.as_str(),
        _ => return None,
    };
    Some(names::type_name(key))
}

fn primitive_variant_name(t: &TypeRef) -> Option<String> {
    Some(
        match t {
            TypeRef::String | TypeRef::Base64 => "String",
            TypeRef::Bool => "Bool",
            TypeRef::I32 | TypeRef::I64 => "Integer",
            TypeRef::F32 | TypeRef::F64 => "Number",
            TypeRef::Uuid => "Uuid",
            TypeRef::DateTime => "DateTime",
            TypeRef::Date => "Date",
            TypeRef::Vec(_) => "List",
            TypeRef::Map(_) => "Map",
            TypeRef::Any => "Any",
            _ => return None,
        }
        .to_string(),
    )
}

/// Schemas and boxed schemas behind one interface.
pub(crate) trait AsSchema {
    fn as_ref_or(&self) -> ReferenceOr<&Schema>;
}

impl AsSchema for ReferenceOr<Schema> {
    fn as_ref_or(&self) -> ReferenceOr<&Schema> {
        match self {
            ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
            ReferenceOr::Item(s) => ReferenceOr::Item(s),
        }
    }
}

impl AsSchema for ReferenceOr<Box<Schema>> {
    fn as_ref_or(&self) -> ReferenceOr<&Schema> {
        match self {
            ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
            ReferenceOr::Item(s) => ReferenceOr::Item(s.as_ref()),
        }
    }
}

impl<T: AsSchema> AsSchema for &T {
    fn as_ref_or(&self) -> ReferenceOr<&Schema> {
        (*self).as_ref_or()
    }
}
