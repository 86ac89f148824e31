//! View models: the IR turned into the strings templates print. Types and
//! attributes are computed here, in Rust, so templates stay declarative and
//! every spec string is escaped in one place.

use serde::Serialize;

use super::filters::{close_markdown, doc_attrs, lit};
use crate::ir::{
    self, Api, Encoding, Field, HttpMethod, Operation, ParamLocation, SecurityScheme, Success, TypeDef, TypeRef,
};

/// The Rust spelling of a type; `models` is the path to the models module.
pub fn rust_type(t: &TypeRef, models: &str) -> String {
    match t {
        TypeRef::String | TypeRef::Base64 => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Uuid => "uuid::Uuid".into(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".into(),
        TypeRef::Date => "chrono::NaiveDate".into(),
        TypeRef::Binary => "Vec<u8>".into(),
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::Unit => "()".into(),
        TypeRef::Named(n) => format!("{models}::{n}"),
        TypeRef::Vec(i) => format!("Vec<{}>", rust_type(i, models)),
        TypeRef::Map(i) => format!("std::collections::BTreeMap<String, {}>", rust_type(i, models)),
        TypeRef::Option(i) => format!("Option<{}>", rust_type(i, models)),
    }
}

/// The type as shown in Markdown docs (`models::Secret`, `uuid::Uuid`).
pub fn doc_type(t: &TypeRef) -> String {
    rust_type(t, "models")
}

#[derive(Serialize)]
pub struct FieldView {
    pub rust_name: String,
    pub wire: String,
    pub ty: String,
    pub attrs: String,
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
    pub doc_ty: String,
    pub description: String,
}

/// A function serde calls for the default of a required field.
#[derive(Serialize)]
pub struct DefaultFn {
    pub name: String,
    pub ty: String,
    pub expr: String,
}

#[derive(Serialize)]
pub struct ModelView {
    pub default_fns: Vec<DefaultFn>,
    pub kind: &'static str,
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
    let value: serde_json::Value = serde_json::from_str(f.default.as_deref()?).ok()?;
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

fn field_view(
    api: &Api,
    rt: &str,
    models: &str,
    owner: &str,
    f: &Field,
    type_defaults: &dyn Fn(&TypeRef) -> bool,
    default_fns: &mut Vec<DefaultFn>,
) -> FieldView {
    let mut inner = rust_type(&f.ty, models);
    if f.boxed {
        inner = format!("Box<{inner}>");
    }
    let required = effective_required(f);
    let ty = match (required, f.nullable) {
        (true, false) => inner.clone(),
        (true, true) | (false, false) => format!("Option<{inner}>"),
        (false, true) => format!("Option<Option<{inner}>>"),
    };
    let mut serde = vec![format!("rename = {}", lit(&f.name))];
    if needs_double_option(f) {
        serde.push("default".into());
        serde.push(format!("with = {}", lit(&format!("{rt}::double_option"))));
        serde.push("skip_serializing_if = \"Option::is_none\"".into());
    } else if !required {
        serde.push("default".into());
        serde.push("skip_serializing_if = \"Option::is_none\"".into());
    } else if let Some(expr) = default_expr(api, models, f).filter(|_| !f.boxed && !f.nullable) {
        // A required field with a default may still be omitted by servers:
        // decoding fills in the documented default.
        let fn_name = format!("default_{}", f.rust_name.trim_start_matches("r#"));
        serde.push(format!("default = {}", lit(&format!("{owner}::{fn_name}"))));
        default_fns.push(DefaultFn { name: fn_name, ty: rust_type(&f.ty, models), expr });
    } else if f.default.is_none() && type_defaults(&f.ty) && !f.boxed && !f.nullable {
        // A required field of an enum type whose schema has a default.
        serde.push("default".into());
    } else if f.undeclared {
        // Still always sent; `null` rather than an error when a server
        // leaves out a name its own schema never declared.
        serde.push("default".into());
    }
    // Each piece is closed on its own so spec Markdown cannot swallow the notes.
    let mut description = close_markdown(f.description.as_deref().unwrap_or_default());
    if f.read_only {
        description.push_str("\n\nSet by the server (read-only).");
    }
    if f.write_only {
        description.push_str("\n\nSent to the server only (write-only).");
    }
    if let Some(d) = &f.default {
        description.push_str(&format!("\n\nDefault: `{}`.", super::filters::md_code(d)));
    }
    if let Some(h) = &f.string {
        // Formats the type already spells (`Uuid`, `DateTime`, bytes) add nothing.
        let typed = ["uuid", "date-time", "date", "binary", "byte"];
        if let Some(format) = h.format.as_ref().filter(|f| !typed.contains(&f.as_str())) {
            description.push_str(&format!("\n\nFormat: `{}`.", super::filters::md_code(format)));
        }
        if let Some(pattern) = &h.pattern {
            description.push_str(&format!("\n\nPattern: `{}`.", super::filters::md_code(pattern)));
        }
    }
    let plain = rust_type(&f.ty, models);
    let (arg_ty, init) = match (f.boxed, f.nullable) {
        (true, false) => (plain.clone(), format!("{0}: Box::new({0})", f.rust_name)),
        (true, true) => (format!("Option<{plain}>"), format!("{0}: {0}.map(Box::new)", f.rust_name)),
        (false, _) => (ty.clone(), f.rust_name.clone()),
    };
    let boxed = if f.boxed { "Box::new(value)" } else { "value" };
    let (setter_ty, setter_value) = match (required, f.nullable) {
        (true, _) => (String::new(), String::new()),
        (false, false) => (plain.clone(), format!("Some({boxed})")),
        (false, true) if f.boxed => (format!("Option<{plain}>"), "Some(value.map(Box::new))".into()),
        (false, true) => (format!("Option<{plain}>"), "Some(value)".into()),
    };
    FieldView {
        rust_name: f.rust_name.clone(),
        wire: f.name.clone(),
        ty,
        attrs: format!("#[serde({})]", serde.join(", ")),
        doc: doc_attrs(description.trim()),
        required,
        arg_ty,
        init,
        setter: String::new(),
        setter_ty,
        setter_value,
        double_option: needs_double_option(f),
        doc_ty: doc_type(&f.ty),
        description: f.description.clone().unwrap_or_default(),
    }
}

/// Views of all named types, in name order. `rt` is the Rust path of the
/// runtime, `models` the path of the models module as seen from a model
/// (`super` in generated code).
pub fn models(api: &Api, rt: &str, models: &str) -> Vec<ModelView> {
    let defaults = |t: &TypeRef| match t {
        TypeRef::Named(n) => matches!(api.types.get(n), Some(TypeDef::Enum(e)) if e.default.is_some()),
        _ => false,
    };
    api.types
        .values()
        .map(|def| {
            let empty = ModelView {
                kind: "",
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
                keyed: false,
                default_fns: vec![],
            };
            match def {
                TypeDef::Struct(s) => {
                    let mut default_fns = Vec::new();
                    let mut fields: Vec<FieldView> = s
                        .fields
                        .iter()
                        .map(|f| field_view(api, rt, models, &s.name, f, &defaults, &mut default_fns))
                        .collect();
                    let helpers: Vec<String> = default_fns.iter().map(|d| d.name.clone()).collect();
                    let optional = fields.iter().filter(|f| !f.required).map(|f| f.rust_name.as_str());
                    let setters = ir::reserved::model_setters(optional, &helpers);
                    for (f, setter) in fields.iter_mut().filter(|f| !f.required).zip(setters) {
                        f.setter = setter;
                    }
                    ModelView {
                        kind: "struct",
                        doc: doc_attrs(s.description.as_deref().unwrap_or_default()),
                        description: s.description.clone().unwrap_or_default(),
                        derive_default: fields.iter().all(|f| !f.required),
                        additional: s.additional.as_ref().map(|t| rust_type(t, models)),
                        fields,
                        default_fns,
                        ..empty
                    }
                }
                TypeDef::Enum(e) => ModelView {
                    kind: "enum",
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
                },
                TypeDef::Union(u) => ModelView {
                    kind: if tagged(u) { "tagged_union" } else { "union" },
                    keyed: !tagged(u)
                        && u.variants
                            .iter()
                            .filter(|v| struct_of(api, &v.ty).is_some_and(|s| !s.fields.is_empty()))
                            .count()
                            > 1,
                    doc: doc_attrs(u.description.as_deref().unwrap_or_default()),
                    description: u.description.clone().unwrap_or_default(),
                    discriminator: u.discriminator.as_ref().map(|d| lit(d)),
                    variants: u
                        .variants
                        .iter()
                        .map(|v| VariantView {
                            rust_name: v.rust_name.clone(),
                            value: String::new(),
                            raw_value: String::new(),
                            ty: Some(rust_type(&v.ty, models)),
                            boxed: v.boxed,
                            tags: v.tags.iter().map(|t| lit(t)).collect(),
                            keys: struct_of(api, &v.ty)
                                .map(|s| s.fields.iter().map(|f| lit(&f.name)).collect())
                                .unwrap_or_default(),
                            required_keys: struct_of(api, &v.ty)
                                .map(|s| s.fields.iter().filter(|f| f.required).map(|f| lit(&f.name)).collect())
                                .unwrap_or_default(),
                        })
                        .collect(),
                    ..empty
                },
                TypeDef::Alias(a) => ModelView {
                    kind: if a.newtype { "newtype" } else { "alias" },
                    doc: doc_attrs(a.description.as_deref().unwrap_or_default()),
                    description: a.description.clone().unwrap_or_default(),
                    alias_ty: Some(rust_type(&a.ty, models)),
                    ..empty
                },
            }
        })
        .collect()
}

fn tagged(u: &ir::Union) -> bool {
    u.discriminator.is_some() && u.variants.iter().all(|v| !v.tags.is_empty())
}

#[derive(Serialize)]
pub struct ArgView {
    /// The name of the method argument and of the request value's field.
    pub rust_name: String,
    pub wire: String,
    /// The type of the positional argument, or of the setter's argument
    /// (borrowed strings live for the request's `'a`).
    pub ty: String,
    /// The type of the request value's field (`Option<..>` when optional).
    pub field_ty: String,
    pub doc_ty: String,
    pub description: String,
    pub required: bool,
    /// Positional in the operation method; otherwise set with [`ArgView::setter`].
    pub positional: bool,
    /// The setter's name on the request value, for a non-positional argument.
    pub setter: String,
    /// The statement that adds it to the request, reading `self.<rust_name>`.
    pub stmt: String,
    /// [`ArgView::ty`] with `{models}` for the models' path and no lifetime,
    /// for code outside the crate (the doc example).
    pub outside_ty: String,
}

#[derive(Serialize)]
pub struct ErrorVariantView {
    pub name: String,
    pub status: String,
    pub pattern: String,
    pub ty: Option<String>,
    pub doc: String,
    pub description: String,
}

/// One variant of an operation's enum of success bodies.
#[derive(Serialize)]
pub struct SuccessVariantView {
    pub name: String,
    pub status: String,
    pub pattern: String,
    pub ty: Option<String>,
    pub decode: &'static str,
    pub doc: String,
    pub description: String,
}

#[derive(Serialize)]
pub struct OperationView {
    pub fn_name: String,
    /// The request value the method returns (`<Op>Request`).
    pub request_name: String,
    /// The names of [`ir::reserved::REQUEST_FIELDS`] in the request value.
    pub fields: std::collections::BTreeMap<String, String>,
    /// Whether an argument borrows (`&'a str`), so the request value has
    /// the lifetime `'a`.
    pub borrows: bool,
    /// Whether the request value has setters of optional parameters.
    pub has_setters: bool,
    pub id: String,
    pub doc: String,
    pub summary: String,
    pub description: String,
    pub method: HttpMethod,
    pub path: String,
    pub path_expr: String,
    /// The names of [`ir::reserved::METHOD_LOCALS`] in this method.
    pub locals: std::collections::BTreeMap<String, String>,
    /// The runtime's description of the operation, a constant expression.
    pub operation: String,
    pub servers: Vec<String>,
    /// Every argument: positional ones in call order, then the setters'.
    pub args: Vec<ArgView>,
    pub ret_ty: String,
    pub doc_ret: String,
    pub decode: &'static str,
    /// The enum of success bodies, when statuses carry different ones.
    pub success_enum: Option<String>,
    pub successes: Vec<SuccessVariantView>,
    /// A `2XX` range is documented, so no success status is unknown.
    pub success_catch_all: bool,
    pub has_default: bool,
    pub error_name: String,
    pub errors: Vec<ErrorVariantView>,
    pub security: String,
    pub security_names: Vec<String>,
    pub accept: Option<String>,
    pub content_type: Option<String>,
    pub deprecated: bool,
    pub responses: Vec<(String, String)>,
    /// Doc attributes of a `no_run` example call (see [`add_examples`]);
    /// empty when the output has no doctests (module output).
    pub example: String,
}

/// Stands for the models' path in [`ArgView::outside_ty`].
const OUTSIDE_MODELS: &str = "{models}";

/// Fills [`OperationView::example`]: a `no_run` doctest that calls each
/// operation through the client of crate `krate` and its group accessor,
/// with every positional argument and every setter, taking their values as
/// parameters of the example function so that any type works.
pub fn add_examples(ops: &mut [OperationView], krate: &str, accessor: &str) {
    for op in ops {
        let names = op.args.iter().map(|a| a.rust_name.as_str());
        let mut scope = ir::names::Scope::with_taken(names);
        let client = scope.claim("client");
        let mut params = vec![format!("{client}: {krate}::Client")];
        params.extend(op.args.iter().map(|a| {
            format!("{}: {}", a.rust_name, a.outside_ty.replace(OUTSIDE_MODELS, &format!("{krate}::models")))
        }));
        let positional: Vec<&str> = op.args.iter().filter(|a| a.positional).map(|a| a.rust_name.as_str()).collect();
        let mut call = format!("let response = {client}.{accessor}().{}({})", op.fn_name, positional.join(", "));
        for a in op.args.iter().filter(|a| !a.positional) {
            call.push_str(&format!("\n    .{}({})", a.setter, a.rust_name));
        }
        call.push_str(if op.has_setters { "\n    .await;" } else { ".await;" });
        let allow = if op.deprecated { "# #[allow(deprecated)]\n" } else { "" };
        let lines = format!(
            "\n```no_run\n{allow}# async fn example({}) {{\n{call}\n# let _ = response;\n# }}\n```",
            params.join(", ")
        );
        op.example = lines.split('\n').map(|l| format!("#[doc = {}]\n", lit(&format!(" {l}")))).collect();
    }
}

fn path_expr(op: &Operation, rt: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            parts.push(lit(&rest[..start]));
        }
        let name = &rest[start + 1..start + len];
        match op.params.iter().find(|p| p.location == ParamLocation::Path && p.name == name) {
            Some(p) => parts.push(format!("&{rt}::path_segment(&self.{})", p.rust_name)),
            None => parts.push(lit(&rest[start..start + len + 1])),
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(lit(rest));
    }
    if parts.is_empty() {
        return "String::new()".into();
    }
    format!("[{}].concat()", parts.join(", "))
}

fn decode_kind(t: &TypeRef, enc: Encoding) -> &'static str {
    match (t, enc) {
        (TypeRef::Unit, _) => "unit",
        (TypeRef::Binary, _) => "bytes",
        (TypeRef::String, Encoding::Text) => "text",
        (_, Encoding::JsonLines) => "json_lines",
        _ => "json",
    }
}

/// Views of the operations of one group.
pub fn operations(api: &Api, group: &ir::Group, rt: &str) -> Vec<OperationView> {
    group.operations.iter().map(|op| operation(api, op, rt)).collect()
}

fn operation(api: &Api, op: &Operation, rt: &str) -> OperationView {
    let arg_names = op.params.iter().map(|p| p.rust_name.as_str()).chain(op.body.iter().map(|b| b.rust_name.as_str()));
    let locals = ir::reserved::method_locals(arg_names);
    let (req, v) = (&locals["req"], &locals["v"]);
    let mut args = Vec::new();
    for p in &op.params {
        let ty = if p.ty == TypeRef::String { "&'a str".to_string() } else { rust_type(&p.ty, "models") };
        let outside_ty = if p.ty == TypeRef::String { "&str".to_string() } else { rust_type(&p.ty, OUTSIDE_MODELS) };
        let name = lit(&p.name);
        let call = match p.location {
            ParamLocation::Path => String::new(),
            ParamLocation::Query => {
                format!("{req}.query({name}, &{v}, {rt}::ParamStyle::{}, {});", p.style.runtime_variant(), p.explode)
            }
            ParamLocation::Header => format!("{req}.header({name}, &{v});"),
            ParamLocation::Cookie => format!("{req}.cookie({name}, &{v});"),
        };
        let stmt = if call.is_empty() {
            String::new()
        } else if p.required {
            format!("{{ let {v} = self.{}; {call} }}", p.rust_name)
        } else {
            format!("if let Some({v}) = self.{} {{ {call} }}", p.rust_name)
        };
        args.push(ArgView {
            rust_name: p.rust_name.clone(),
            wire: p.name.clone(),
            field_ty: if p.required { ty.clone() } else { format!("Option<{ty}>") },
            ty,
            doc_ty: doc_type(&p.ty),
            description: p.description.clone().unwrap_or_default(),
            required: p.required,
            positional: p.required,
            setter: String::new(),
            stmt,
            outside_ty,
        });
    }
    let mut content_type = None;
    if let Some(b) = &op.body {
        let base = rust_type(&b.ty, "models");
        let ty = if b.required { base } else { format!("Option<{base}>") };
        let outside = rust_type(&b.ty, OUTSIDE_MODELS);
        let outside_ty = if b.required { outside } else { format!("Option<{outside}>") };
        let media = lit(&b.media_type);
        let call = match b.encoding {
            Encoding::Json => format!("{req}.json(&{v}, {media});"),
            Encoding::JsonLines => format!("{req}.json_lines(&{v}, {media});"),
            Encoding::Form => format!("{req}.form(&{v});"),
            Encoding::Multipart => {
                let parts: Vec<String> = b
                    .parts
                    .iter()
                    .map(|p| {
                        let variant = p.kind.runtime_variant();
                        format!("({}, {rt}::PartEncoding::{variant}({}))", lit(&p.name), lit(&p.content_type))
                    })
                    .collect();
                format!("{req}.multipart(&{v}, &[{}]);", parts.join(", "))
            }
            Encoding::Text => format!("{req}.bytes({v}.into_bytes(), {media});"),
            Encoding::Bytes | Encoding::Empty => format!("{req}.bytes({v}, {media});"),
        };
        let stmt = if b.required {
            format!("{{ let {v} = self.{}; {call} }}", b.rust_name)
        } else {
            format!("if let Some({v}) = self.{} {{ {call} }}", b.rust_name)
        };
        content_type = Some(b.media_type.clone());
        // The body stays positional even when optional, as the published
        // clients document it (`create_job_secret(job_id, secret_request)`).
        args.push(ArgView {
            rust_name: b.rust_name.clone(),
            wire: String::new(),
            field_ty: ty.clone(),
            ty,
            doc_ty: doc_type(&b.ty),
            description: b.description.clone().unwrap_or_default(),
            required: b.required,
            positional: true,
            setter: String::new(),
            stmt,
            outside_ty,
        });
    }
    // Positional arguments first, in call order; then the setters, whose
    // names avoid the request value's own methods.
    args.sort_by_key(|a| !a.positional);
    let optional: Vec<&str> = args.iter().filter(|a| !a.positional).map(|a| a.rust_name.as_str()).collect();
    let setters = ir::reserved::request_setters(optional);
    for (a, setter) in args.iter_mut().filter(|a| !a.positional).zip(setters) {
        a.setter = setter;
    }
    let fields = ir::reserved::request_fields(args.iter().map(|a| a.rust_name.as_str()));
    let borrows = args.iter().any(|a| a.ty.contains("&'a"));
    let error_name = format!("{}Error", op.type_prefix);
    let mut errors = Vec::new();
    for r in op.responses.iter().filter(|r| !crate::ir::build::is_success(&r.status)) {
        let (name, pattern) = status_variant(&r.status);
        errors.push(ErrorVariantView {
            name,
            status: r.status.clone(),
            pattern,
            ty: match r.ty {
                TypeRef::Unit => None,
                ref t => Some(rust_type(t, "models")),
            },
            doc: doc_attrs(&format!("Status {}: {}", r.status, r.description)),
            description: r.description.clone(),
        });
    }
    // Exact statuses before ranges before `default`.
    errors.sort_by_key(|e| (e.status.parse::<u16>().is_err(), e.status == "default"));
    let security = if op.security.is_empty() {
        "&[]".to_string()
    } else {
        let alts: Vec<String> = op
            .security
            .iter()
            .map(|alt| format!("&[{}]", alt.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", ")))
            .collect();
        format!("&[{}]", alts.join(", "))
    };
    let mut security_names: Vec<String> = op.security.iter().flatten().cloned().collect();
    security_names.dedup();
    let mut doc = String::new();
    if let Some(s) = &op.summary {
        doc.push_str(close_markdown(s).trim());
        doc.push_str("\n\n");
    }
    if let Some(d) = &op.description {
        doc.push_str(close_markdown(d).trim());
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {}`", op.method, op.path.replace('`', "'")));
    let _ = api;
    let (ret_ty, decode, success_enum, mut successes, accept) = match &op.success {
        Success::Single(r) => (
            rust_type(&r.ty, "models"),
            decode_kind(&r.ty, r.encoding),
            None,
            Vec::new(),
            r.media_type.clone().or_else(|| op.responses.iter().find_map(|r| r.media_type.clone())),
        ),
        Success::Several { name, responses } => {
            let variants: Vec<SuccessVariantView> = responses
                .iter()
                .map(|r| {
                    let (vname, pattern) = status_variant(&r.status);
                    SuccessVariantView {
                        name: vname,
                        status: r.status.clone(),
                        pattern,
                        ty: (r.ty != TypeRef::Unit).then(|| rust_type(&r.ty, "models")),
                        decode: decode_kind(&r.ty, r.encoding),
                        doc: doc_attrs(&format!("Status {}: {}", r.status, r.description)),
                        description: r.description.clone(),
                    }
                })
                .collect();
            let mut media: Vec<String> = responses.iter().filter_map(|r| r.media_type.clone()).collect();
            media.sort();
            media.dedup();
            (name.clone(), "several", Some(name.clone()), variants, Some(media.join(", ")))
        }
    };
    // Exact statuses first; a `2XX` range takes whatever success is left.
    successes.sort_by_key(|v| v.status.parse::<u16>().is_err());
    let success_catch_all = successes.iter().any(|v| v.status.parse::<u16>().is_err());
    for v in successes.iter_mut().filter(|v| v.status.parse::<u16>().is_err()) {
        v.pattern = "_".into();
    }
    let operation = format!(
        "{rt}::Operation {{ id: {}, method: {rt}::HttpMethod::{}, path: {}, servers: &[{}], security: {security}, accept: {} }}",
        lit(&op.id),
        op.method.variant(),
        lit(&op.path),
        op.servers.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", "),
        accept.as_deref().map_or("None".to_string(), |a| format!("Some({})", lit(a))),
    );
    OperationView {
        operation,
        fn_name: op.fn_name.clone(),
        request_name: format!("{}Request", op.type_prefix),
        has_setters: args.iter().any(|a| !a.positional),
        fields,
        borrows,
        id: op.id.clone(),
        doc: doc_attrs(&doc),
        summary: op.summary.clone().unwrap_or_default(),
        description: op.description.clone().unwrap_or_default(),
        method: op.method,
        path: op.path.clone(),
        path_expr: path_expr(op, rt),
        locals,
        servers: op.servers.iter().map(|s| lit(s)).collect(),
        args,
        doc_ret: ret_ty.clone(),
        ret_ty,
        decode,
        success_enum,
        successes,
        success_catch_all,
        has_default: op.responses.iter().any(|r| r.status == "default"),
        error_name,
        errors,
        security,
        security_names,
        accept,
        content_type,
        deprecated: op.deprecated,
        responses: op.responses.iter().map(|r| (r.status.clone(), r.description.clone())).collect(),
        example: String::new(),
    }
}

fn status_variant(status: &str) -> (String, String) {
    if status == "default" {
        return ("DefaultResponse".into(), "_".into());
    }
    if let Ok(n) = status.parse::<u16>() {
        return (format!("Status{n}"), n.to_string());
    }
    let first = status.chars().next().and_then(|c| c.to_digit(10)).unwrap_or(5) as u16;
    (format!("Status{first}XX"), format!("{}..={}", first * 100, first * 100 + 99))
}

/// How a scheme's credential setter looks; the view carries it as the
/// two flags the template tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetterKind {
    /// One token.
    Token,
    /// User name and password.
    Basic,
    /// One key, with a second setter that adds a prefix.
    Key,
}

#[derive(Serialize)]
pub struct SchemeView {
    pub name: String,
    /// Whether the setter takes a user name and password.
    pub basic: bool,
    /// Whether a `_with_prefix` setter is generated too.
    pub prefixed: bool,
    pub rust_name: String,
    /// The name of the `_with_prefix` setter (`ir::reserved::WITH_PREFIX`).
    pub prefixed_name: String,
    /// The runtime's `Scheme` value, a constant expression.
    pub scheme: String,
    pub what: String,
    pub arg: String,
}

impl SchemeView {
    fn new(name: &str, setter: SetterKind, rust_name: &str, scheme: String, what: String, arg: &str) -> Self {
        SchemeView {
            name: name.to_string(),
            basic: setter == SetterKind::Basic,
            prefixed: setter == SetterKind::Key,
            rust_name: rust_name.to_string(),
            prefixed_name: format!("{rust_name}{}", ir::reserved::WITH_PREFIX),
            scheme,
            what,
            arg: arg.to_string(),
        }
    }
}

/// Views of the security schemes; `rt` is the Rust path of the runtime.
pub fn schemes(api: &Api, rt: &str) -> Vec<SchemeView> {
    api.security_schemes
        .iter()
        .map(|(name, s)| match s {
            SecurityScheme::Bearer { rust_name, .. } => SchemeView::new(
                name,
                SetterKind::Token,
                rust_name,
                format!("{rt}::Scheme::Bearer"),
                "sent as `Authorization: Bearer <token>`".into(),
                "token",
            ),
            SecurityScheme::Basic { rust_name, .. } => SchemeView::new(
                name,
                SetterKind::Basic,
                rust_name,
                format!("{rt}::Scheme::Basic"),
                "HTTP basic".into(),
                "username",
            ),
            SecurityScheme::ApiKey { rust_name, location, param, .. } => {
                let (variant, place) = match location {
                    ParamLocation::Query => ("Query", "query"),
                    ParamLocation::Cookie => ("Cookie", "cookie"),
                    ParamLocation::Header | ParamLocation::Path => ("Header", "header"),
                };
                SchemeView::new(
                    name,
                    SetterKind::Key,
                    rust_name,
                    format!("{rt}::Scheme::ApiKey({rt}::KeyLocation::{variant}, {})", lit(param)),
                    format!("API key in {place} `{}`", super::filters::md_code(param)),
                    "key",
                )
            }
        })
        .collect()
}
