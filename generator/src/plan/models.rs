//! View models of the named types (structs, enums, unions, aliases).

use serde::Serialize;

use super::{doc_type, rust_type};
use crate::ir::{self, Api, Field, TypeDef, TypeRef};
use crate::plan::filters::{close_markdown, doc_attrs, lit};

#[derive(Serialize)]
pub struct FieldView {
    pub rust_name: String,
    pub wire: String,
    pub ty: String,
    pub doc: String,
    pub required: bool,
    pub arg_ty: String,
    pub init: String,
    /// For an optional field, its `with_*` setter, the type it takes (`T`,
    /// or `Option<T>` when `None` is an explicit `null`) and the value it
    /// stores; empty for a required field (an argument of `new`).
    pub setter: String,
    pub setter_ty: String,
    pub setter_value: String,
    /// `Option<Option<T>>`: the setter's `None` sends an explicit `null`.
    pub double_option: bool,
    /// Nullable: `new` (for a required field) or the setter (for an
    /// optional one) takes `Option<T>`, whose `None` is `null`.
    pub takes_option: bool,
    /// The `runtime::json::Reader` method that reads the field's value
    /// into its local: `put`, or `put_optional` (`null` is `None`).
    pub read: String,
    /// The type of the decoder's local: `Option<T>`, or the field's own
    /// `Option<T>` type when `read` is `put_optional`.
    pub slot_ty: String,
    /// What the field is when its object leaves it out, as the runtime's
    /// `json_struct!` spells it: `as_is` (the local is the field), `strict`
    /// (an error), `or_default`, or `or_else(<function>)`.
    pub fill: String,
    /// Required with no default: the object must hold it.
    pub strict: bool,
    /// The object writer's method that writes it: `put`, or `put_some`,
    /// which leaves out `None`.
    pub put: &'static str,
    pub doc_ty: String,
    pub description: String,
}

/// A function that gives the default of a required field a response leaves out.
#[derive(Serialize)]
pub struct DefaultFn {
    pub name: String,
    pub ty: String,
    pub expr: String,
}

/// What a model is. Templates test it by its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// A struct of named fields.
    Struct,
    /// An enum of values.
    Enum,
    /// A union chosen by a discriminator property.
    TaggedUnion,
    /// A union chosen by trying its variants.
    Union,
    /// A type alias.
    Alias,
    /// A tuple struct around one type.
    Newtype,
}

impl ModelKind {
    /// The word a change report uses: both kinds of union are unions.
    pub fn word(self) -> &'static str {
        match self {
            ModelKind::Struct => "struct",
            ModelKind::Enum => "enum",
            ModelKind::TaggedUnion | ModelKind::Union => "union",
            ModelKind::Alias => "alias",
            ModelKind::Newtype => "newtype",
        }
    }
}

#[derive(Serialize)]
pub struct ModelView {
    pub default_fns: Vec<DefaultFn>,
    pub kind: ModelKind,
    pub name: String,
    pub module: String,
    pub doc: String,
    pub description: String,
    pub derive_default: bool,
    pub fields: Vec<FieldView>,
    pub additional: Option<String>,
    pub integer: bool,
    pub variants: Vec<VariantView>,
    pub default_variant: Option<String>,
    pub discriminator: Option<String>,
    pub alias_ty: Option<String>,
    /// For an alias of an enum or union: that type's name. The view is
    /// then the enum's or union's (kind, variants), so docs list the
    /// values and the change report compares them, while the Rust is a
    /// type alias (`alias_ty`).
    pub same_as: Option<String>,
    /// An untagged union with several object variants: decoded by the
    /// variant that declares most of the object's keys, not the first
    /// that happens to accept it.
    pub keyed: bool,
}

#[derive(Serialize)]
pub struct VariantView {
    pub rust_name: String,
    pub value: String,
    pub ty: Option<String>,
    pub boxed: bool,
    pub tags: Vec<String>,
    pub raw_value: String,
    /// Wire names of the properties of an object variant (string literals).
    pub keys: Vec<String>,
    /// Wire names of its required properties (string literals).
    pub required_keys: Vec<String>,
}

/// The struct a type reference ends at, through aliases.
fn struct_of<'a>(api: &'a Api, t: &TypeRef) -> Option<&'a ir::Struct> {
    ir::struct_of(&api.types, t)
}

fn needs_double_option(f: &Field) -> bool {
    !effective_required(f) && f.nullable
}

/// Read-only fields stay required (responses carry them); write-only ones
/// become optional, since responses leave them out.
fn effective_required(f: &Field) -> bool {
    f.required && !f.write_only
}

/// A Rust expression for the spec's `default` of a field, when its type
/// can hold it (`None` for defaults of object or list types, which serde
/// cannot build from the spec text without a schema-aware parser).
fn default_expr(api: &Api, models: &str, f: &Field) -> Option<String> {
    let value = f.default.as_ref()?;
    match (&f.ty, &value) {
        (TypeRef::Named(n), _) => match api.types.get(n)? {
            TypeDef::Enum(e) if e.integer => Some(format!("{models}::{n}::from({}_i64)", value.as_i64()?)),
            TypeDef::Enum(_) => Some(format!("{models}::{n}::from({})", lit(value.as_str()?))),
            _ => None,
        },
        (TypeRef::String, serde_json::Value::String(v)) => Some(format!("{}.to_string()", lit(v))),
        (TypeRef::Bool, serde_json::Value::Bool(b)) => Some(b.to_string()),
        (TypeRef::I32, serde_json::Value::Number(n)) => Some(format!("{}_i32", i32::try_from(n.as_i64()?).ok()?)),
        (TypeRef::I64, serde_json::Value::Number(n)) => Some(format!("{}_i64", n.as_i64()?)),
        (TypeRef::F32, serde_json::Value::Number(n)) => Some(format!("{:?}_f32", n.as_f64()? as f32)),
        (TypeRef::F64, serde_json::Value::Number(n)) => Some(format!("{:?}_f64", n.as_f64()?)),
        _ => None,
    }
}

/// What the views of one model's fields share.
struct FieldCtx<'a> {
    api: &'a Api,
    /// The path of the models module as seen from a model.
    models: &'a str,
    /// The struct the fields belong to.
    owner: &'a str,
}

impl FieldCtx<'_> {
    /// Whether `t` is an enum whose schema has a default.
    fn type_defaults(&self, t: &TypeRef) -> bool {
        match t {
            TypeRef::Named(n) => matches!(self.api.types.get(n), Some(TypeDef::Enum(e)) if e.default.is_some()),
            _ => false,
        }
    }
}

fn field_view(cx: &FieldCtx, f: &Field, default_fns: &mut Vec<DefaultFn>) -> FieldView {
    let mut inner = rust_type(&f.ty, cx.models);
    if f.boxed {
        inner = format!("Box<{inner}>");
    }
    let required = effective_required(f);
    let ty = match (required, f.nullable) {
        (true, false) => inner.clone(),
        (true, true) | (false, false) => format!("Option<{inner}>"),
        (false, true) => format!("Option<Option<{inner}>>"),
    };
    let decode = field_decode(cx, f, &ty, default_fns);
    // Optional fields are left out when `None`; required ones always sent.
    let put = if required { "put" } else { "put_some" };
    let plain = rust_type(&f.ty, cx.models);
    let (arg_ty, init) = match (f.boxed, f.nullable) {
        (true, false) => (plain.clone(), format!("{0}: Box::new({0})", f.rust_name)),
        (true, true) => (format!("Option<{plain}>"), format!("{0}: {0}.map(Box::new)", f.rust_name)),
        (false, _) => (ty.clone(), f.rust_name.clone()),
    };
    let (setter_ty, setter_value) = setter_parts(f, required, &plain);
    FieldView {
        rust_name: f.rust_name.clone(),
        wire: f.name.clone(),
        ty,
        doc: doc_attrs(field_description(f).trim()),
        required,
        arg_ty,
        init,
        setter: String::new(),
        setter_ty,
        setter_value,
        double_option: needs_double_option(f),
        takes_option: f.nullable,
        read: decode.read.into(),
        slot_ty: decode.slot_ty,
        fill: decode.fill,
        strict: decode.strict,
        put,
        doc_ty: doc_type(&f.ty),
        description: f.description.clone().unwrap_or_default(),
    }
}

/// How the model decoder reads a field.
struct FieldDecode {
    /// The reader method (`put` or `put_optional`).
    read: &'static str,
    /// The type of the decoder's local.
    slot_ty: String,
    /// What the field is when the object leaves it out (see [`FieldView::fill`]).
    fill: String,
    /// The local is `None` only when the object left the field out.
    strict: bool,
}

/// What decoding puts in a field its object leaves out: an `Option` is
/// `None`, a documented default its value, anything else an error. A
/// default filled in by a helper function adds it to `default_fns`.
fn field_decode(cx: &FieldCtx, f: &Field, ty: &str, default_fns: &mut Vec<DefaultFn>) -> FieldDecode {
    let required = effective_required(f);
    let mut fill = (!required || f.nullable).then(|| "or_default".to_string());
    if needs_double_option(f) {
        // Absent is `None`, `null` is `Some(None)`: the field's own decoder
        // already gives exactly that.
        fill = Some("as_is".into());
    } else if !required {
        // `None`, as set above.
    } else if let Some(expr) = default_expr(cx.api, cx.models, f).filter(|_| !f.boxed && !f.nullable) {
        // A required field with a default may still be omitted by servers:
        // decoding fills in the documented default.
        let fn_name = format!("default_{}", f.rust_name.trim_start_matches("r#"));
        fill = Some(format!("or_else({}::{fn_name})", cx.owner));
        default_fns.push(DefaultFn { name: fn_name, ty: rust_type(&f.ty, cx.models), expr });
    } else if f.default.is_none() && cx.type_defaults(&f.ty) && !f.boxed && !f.nullable {
        // A required field of an enum type whose schema has a default.
        fill = Some("or_default".into());
    } else if f.undeclared {
        // Still always sent; `null` rather than an error when a server
        // leaves out a name its own schema never declared.
        fill = Some("or_default".into());
    }
    let optional = !needs_double_option(f) && (!required || f.nullable);
    let strict = fill.is_none();
    let fill = fill.unwrap_or_else(|| "strict".into());
    match (optional, needs_double_option(f)) {
        // `Option<T>`: absent and `null` are both `None`; the local is the field.
        (true, _) => FieldDecode { read: "put_optional", slot_ty: ty.to_string(), fill: "as_is".into(), strict },
        // `Option<Option<T>>`: the local is the field.
        (false, true) => FieldDecode { read: "put", slot_ty: ty.to_string(), fill, strict },
        (false, false) => FieldDecode { read: "put", slot_ty: format!("Option<{ty}>"), fill, strict },
    }
}

/// The field's doc: the spec's description, then notes on direction,
/// default, format and pattern. Each piece is closed on its own so spec
/// Markdown cannot swallow the notes.
fn field_description(f: &Field) -> String {
    let mut description = close_markdown(f.description.as_deref().unwrap_or_default());
    if f.read_only {
        description.push_str("\n\nSet by the server (read-only).");
    }
    if f.write_only {
        description.push_str("\n\nSent to the server only (write-only).");
    }
    if let Some(d) = &f.default {
        description.push_str(&format!("\n\nDefault: `{}`.", crate::plan::filters::md_code(&d.to_string())));
    }
    if let Some(h) = &f.string {
        // Formats the type already spells (`Uuid`, `DateTime`, bytes) add nothing.
        let typed = ["uuid", "date-time", "date", "binary", "byte"];
        if let Some(format) = h.format.as_ref().filter(|f| !typed.contains(&f.as_str())) {
            description.push_str(&format!("\n\nFormat: `{}`.", crate::plan::filters::md_code(format)));
        }
        if let Some(pattern) = &h.pattern {
            description.push_str(&format!("\n\nPattern: `{}`.", crate::plan::filters::md_code(pattern)));
        }
    }
    description
}

/// The type an optional field's setter takes and the value it stores;
/// empty for a required field (an argument of `new`). `plain` is the
/// field's type without `Option` or `Box`.
fn setter_parts(f: &Field, required: bool, plain: &str) -> (String, String) {
    let boxed = if f.boxed { "Box::new(value)" } else { "value" };
    match (required, f.nullable) {
        (true, _) => (String::new(), String::new()),
        (false, false) => (plain.to_string(), format!("Some({boxed})")),
        (false, true) if f.boxed => (format!("Option<{plain}>"), "Some(value.map(Box::new))".into()),
        (false, true) => (format!("Option<{plain}>"), "Some(value)".into()),
    }
}

/// Views of all named types, in name order. `models` is the path of the
/// models module as seen from a model (`super` in generated code).
pub fn models(api: &Api, models: &str) -> Vec<ModelView> {
    api.types
        .values()
        .map(|def| {
            let empty = empty_view(def);
            match def {
                TypeDef::Struct(s) => struct_view(&FieldCtx { api, models, owner: &s.name }, s, empty),
                TypeDef::Enum(e) => enum_view(e, empty),
                TypeDef::Union(u) => union_view(api, models, u, empty),
                TypeDef::Alias(a) if !a.newtype && shared_target(api, &a.ty).is_some() => {
                    same_view(api, models, a, empty)
                }
                TypeDef::Alias(a) => ModelView {
                    kind: if a.newtype { ModelKind::Newtype } else { ModelKind::Alias },
                    doc: doc_attrs(a.description.as_deref().unwrap_or_default()),
                    description: a.description.clone().unwrap_or_default(),
                    alias_ty: Some(rust_type(&a.ty, models)),
                    ..empty
                },
            }
        })
        .collect()
}

/// A view with the type's names and nothing else; every kind of type sets
/// its own `kind` and the rest.
fn empty_view(def: &TypeDef) -> ModelView {
    ModelView {
        kind: ModelKind::Alias,
        name: def.name().to_string(),
        module: crate::ir::names::module_name(def.name()),
        doc: String::new(),
        description: String::new(),
        derive_default: false,
        fields: vec![],
        additional: None,
        integer: false,
        variants: vec![],
        default_variant: None,
        discriminator: None,
        alias_ty: None,
        same_as: None,
        keyed: false,
        default_fns: vec![],
    }
}

/// The enum or union an alias leads to, through other aliases.
fn shared_target<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a TypeDef> {
    let mut ty = ty;
    // A chain longer than the number of types is a cycle.
    for _ in 0..=api.types.len() {
        let TypeRef::Named(n) = ty else { return None };
        match api.types.get(n)? {
            TypeDef::Alias(a) if !a.newtype => ty = &a.ty,
            def @ (TypeDef::Enum(_) | TypeDef::Union(_)) => return Some(def),
            _ => return None,
        }
    }
    None
}

/// The view of an alias of an enum or union: that type's view under the
/// alias's name, with its own description when it has one.
fn same_view(api: &Api, models: &str, a: &ir::Alias, empty: ModelView) -> ModelView {
    let Some(target) = shared_target(api, &a.ty) else { return empty };
    let of = empty_view(target);
    let view = match target {
        TypeDef::Enum(e) => enum_view(e, of),
        TypeDef::Union(u) => union_view(api, models, u, of),
        _ => of,
    };
    let (doc, description) = match &a.description {
        Some(d) => (doc_attrs(d), d.clone()),
        None => (view.doc.clone(), view.description.clone()),
    };
    ModelView {
        same_as: Some(target.name().to_string()),
        alias_ty: Some(rust_type(&a.ty, models)),
        doc,
        description,
        default_variant: None,
        ..ModelView { name: empty.name, module: empty.module, ..view }
    }
}

fn struct_view(cx: &FieldCtx, s: &ir::Struct, empty: ModelView) -> ModelView {
    let mut default_fns = Vec::new();
    let mut fields: Vec<FieldView> = s.fields.iter().map(|f| field_view(cx, f, &mut default_fns)).collect();
    let helpers: Vec<String> = default_fns.iter().map(|d| d.name.clone()).collect();
    let optional = fields.iter().filter(|f| !f.required).map(|f| f.rust_name.as_str());
    let setters = ir::reserved::model_setters(optional, &helpers);
    for (f, setter) in fields.iter_mut().filter(|f| !f.required).zip(setters) {
        f.setter = setter;
    }
    ModelView {
        kind: ModelKind::Struct,
        doc: doc_attrs(s.description.as_deref().unwrap_or_default()),
        description: s.description.clone().unwrap_or_default(),
        derive_default: fields.iter().all(|f| !f.required),
        additional: s.additional.as_ref().map(|t| rust_type(t, cx.models)),
        fields,
        default_fns,
        ..empty
    }
}

fn enum_view(e: &ir::Enum, empty: ModelView) -> ModelView {
    ModelView {
        kind: ModelKind::Enum,
        doc: doc_attrs(e.description.as_deref().unwrap_or_default()),
        description: e.description.clone().unwrap_or_default(),
        integer: e.integer,
        variants: e
            .variants
            .iter()
            .map(|v| VariantView {
                rust_name: v.rust_name.clone(),
                value: if e.integer { v.value.clone() } else { lit(&v.value) },
                raw_value: v.value.clone(),
                ty: None,
                boxed: false,
                tags: vec![],
                keys: vec![],
                required_keys: vec![],
            })
            .collect(),
        default_variant: e
            .default
            .as_ref()
            .and_then(|d| e.variants.iter().find(|v| &v.value == d))
            .map(|v| v.rust_name.clone()),
        ..empty
    }
}

fn union_view(api: &Api, models: &str, u: &ir::Union, empty: ModelView) -> ModelView {
    let object_variants =
        u.variants.iter().filter(|v| struct_of(api, &v.ty).is_some_and(|s| !s.fields.is_empty())).count();
    ModelView {
        kind: if tagged(u) { ModelKind::TaggedUnion } else { ModelKind::Union },
        keyed: !tagged(u) && object_variants > 1,
        doc: doc_attrs(u.description.as_deref().unwrap_or_default()),
        description: u.description.clone().unwrap_or_default(),
        discriminator: u.discriminator.as_ref().map(|d| lit(d)),
        variants: u.variants.iter().map(|v| union_variant(api, models, v)).collect(),
        ..empty
    }
}

fn union_variant(api: &Api, models: &str, v: &ir::UnionVariant) -> VariantView {
    let fields = struct_of(api, &v.ty).map(|s| s.fields.as_slice()).unwrap_or_default();
    VariantView {
        rust_name: v.rust_name.clone(),
        value: String::new(),
        raw_value: String::new(),
        ty: Some(rust_type(&v.ty, models)),
        boxed: v.boxed,
        tags: v.tags.iter().map(|t| lit(t)).collect(),
        keys: fields.iter().map(|f| lit(&f.name)).collect(),
        required_keys: fields.iter().filter(|f| f.required).map(|f| lit(&f.name)).collect(),
    }
}

fn tagged(u: &ir::Union) -> bool {
    u.discriminator.is_some() && u.variants.iter().all(|v| !v.tags.is_empty())
}
