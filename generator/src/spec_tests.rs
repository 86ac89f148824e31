//! Generator rules checked on small inline documents: each test writes one
//! document, generates the crate in memory and looks at the IR, the report
//! or the rendered files.

use crate::report::Kind;
use crate::{Config, Generated};

/// Generates the crate of the YAML document `yaml`.
pub(crate) fn generate(yaml: &str) -> Generated {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("openapi.yaml");
    std::fs::write(&path, yaml).expect("write spec");
    Config::new(&path).crate_name("t").generate().unwrap_or_else(|e| panic!("generation failed: {e}"))
}

/// The rendered file at `path`.
pub(crate) fn file<'g>(g: &'g Generated, path: &str) -> &'g str {
    g.files.get(std::path::Path::new(path)).unwrap_or_else(|| panic!("no file {path}"))
}

/// What a parsed Rust file holds, collected with `syn::visit`, so tests
/// look at code and never at comments or strings that mention it.
#[derive(Default)]
pub(crate) struct Code {
    /// `(method, arguments as tokens)` of each method call.
    method_calls: Vec<(String, Vec<String>)>,
    /// `(function path as tokens, arguments as tokens)` of each call.
    calls: Vec<(String, Vec<String>)>,
    /// Names bound by a match arm's top-level pattern (`other => ...`).
    arm_bindings: Vec<String>,
    /// `(trait path as tokens, self type as tokens)` of each impl.
    pub(crate) impls: Vec<(String, String)>,
    /// `(type name, derived trait paths as tokens)`.
    pub(crate) derives: Vec<(String, Vec<String>)>,
}

fn token_text(t: &impl quote::ToTokens) -> String {
    t.to_token_stream().to_string()
}

impl<'a> syn::visit::Visit<'a> for Code {
    fn visit_expr_method_call(&mut self, c: &'a syn::ExprMethodCall) {
        self.method_calls.push((c.method.to_string(), c.args.iter().map(token_text).collect()));
        syn::visit::visit_expr_method_call(self, c);
    }
    fn visit_expr_call(&mut self, c: &'a syn::ExprCall) {
        self.calls.push((token_text(&c.func), c.args.iter().map(token_text).collect()));
        syn::visit::visit_expr_call(self, c);
    }
    fn visit_arm(&mut self, a: &'a syn::Arm) {
        if let syn::Pat::Ident(p) = &a.pat {
            self.arm_bindings.push(p.ident.to_string());
        }
        syn::visit::visit_arm(self, a);
    }
    fn visit_item_impl(&mut self, i: &'a syn::ItemImpl) {
        let tr = i.trait_.as_ref().map(|(_, p, _)| token_text(p)).unwrap_or_default();
        self.impls.push((tr, token_text(&i.self_ty)));
        syn::visit::visit_item_impl(self, i);
    }
    fn visit_derive_input(&mut self, _: &'a syn::DeriveInput) {}
    fn visit_item_struct(&mut self, i: &'a syn::ItemStruct) {
        self.derives.push((i.ident.to_string(), derived(&i.attrs)));
        syn::visit::visit_item_struct(self, i);
    }
    fn visit_item_enum(&mut self, i: &'a syn::ItemEnum) {
        self.derives.push((i.ident.to_string(), derived(&i.attrs)));
        syn::visit::visit_item_enum(self, i);
    }
}

fn derived(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let paths = a.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated);
        out.extend(paths.expect("derive list").iter().map(token_text));
    }
    out
}

/// Parses the rendered file at `path` and collects what it holds.
pub(crate) fn code(g: &Generated, path: &str) -> Code {
    let parsed = syn::parse_file(file(g, path)).unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
    let parsed = crate::expand::expand_runtime_macros(&parsed).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut c = Code::default();
    syn::visit::Visit::visit_file(&mut c, &parsed);
    c
}

impl Code {
    pub(crate) fn derives(&self, ty: &str) -> &[String] {
        self.derives.iter().find(|(n, _)| n == ty).map(|(_, d)| d.as_slice()).unwrap_or_else(|| panic!("no type {ty}"))
    }
}

#[test]
fn path_parameter_missing_from_the_template_goes_to_the_query() {
    let g = generate(
        r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /shell/exec:
    get:
      operationId: exec
      parameters:
        - { name: pod, in: path, required: true, schema: { type: string } }
      responses:
        "200": { description: ok }
"#,
    );
    let op = &g.api.groups[0].operations[0];
    assert_eq!(op.params[0].location, crate::ir::ParamLocation::Query);
    assert!(g.report.items.iter().any(|i| i.kind == Kind::Other && i.reason.contains("sent in the query string")));
    let api = code(&g, "src/apis/default_api.rs");
    assert!(api.method_calls.iter().any(|(m, args)| m == "query" && args.first().is_some_and(|a| a == "\"pod\"")));
}

/// A document whose only schemas are the given `components/schemas` YAML
/// (indented by six spaces).
fn with_schemas(schemas: &str) -> Generated {
    generate(&format!(
        "openapi: 3.0.3\ninfo: {{ title: t, version: \"1\" }}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    ))
}

fn ty(g: &Generated, name: &str) -> crate::ir::TypeDef {
    g.api.types.get(name).cloned().unwrap_or_else(|| panic!("no type {name}: {:?}", g.api.types.keys()))
}

#[test]
fn enums_of_mixed_or_boolean_values_are_not_string_enums() {
    use crate::ir::{TypeDef, TypeRef};
    let g = with_schemas(
        "    Mixed:\n      enum: [true, false, 0, 1]\n    Flags:\n      enum: [true, false]\n    Holder:\n      type: object\n      properties:\n        m: { enum: [true, 0] }\n",
    );
    assert!(matches!(ty(&g, "Mixed"), TypeDef::Alias(a) if a.ty == TypeRef::Any));
    assert!(matches!(ty(&g, "Flags"), TypeDef::Alias(a) if a.ty == TypeRef::Bool));
    let TypeDef::Struct(holder) = ty(&g, "Holder") else { panic!("struct") };
    assert_eq!(holder.fields[0].ty, TypeRef::Any);
    assert!(g.report.items.iter().any(|i| i.kind == Kind::UntypedValue && i.reason.contains("mixed types")));
    assert!(g.report.items.iter().all(|i| i.kind != Kind::Other));
}

#[test]
fn string_enum_keeps_numbers_as_their_text() {
    use crate::ir::TypeDef;
    let g = with_schemas("    Code:\n      type: string\n      enum: [1, \"two\", true]\n");
    let TypeDef::Enum(e) = ty(&g, "Code") else { panic!("enum") };
    let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["1", "two", "true"]);
}

#[test]
fn enum_without_usable_values_renders_without_a_single_arm_match() {
    use crate::ir::TypeDef;
    let g = with_schemas("    Level:\n      type: integer\n      enum: [\"high\", \"low\"]\n");
    let TypeDef::Enum(e) = ty(&g, "Level") else { panic!("enum") };
    assert!(e.variants.is_empty());
    // The runtime's `int_enum!` with no variants: `Unknown` alone, and
    // compiled without warnings (`tests/tests/schema_constructs.rs`).
    let parsed = syn::parse_file(file(&g, "src/models/level.rs")).expect("parses");
    let parsed = crate::expand::expand_runtime_macros(&parsed).expect("expands");
    let variants: Vec<String> = parsed
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Enum(e) if e.ident == "Level" => Some(e.variants.iter().map(|v| v.ident.to_string())),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(variants, ["Unknown"]);
}

#[test]
fn untagged_union_of_objects_is_decoded_by_its_keys() {
    let g = with_schemas(
        "    Source:\n      oneOf:\n        - type: object\n          properties:\n            git: { type: string }\n        - type: object\n          required: [helm]\n          properties:\n            helm: { type: string }\n            chart: { type: string }\n    Loose:\n      oneOf:\n        - type: string\n        - type: object\n          properties:\n            a: { type: string }\n",
    );
    let source = code(&g, "src/models/source.rs");
    assert!(source.impls.iter().any(|(t, ty)| t == "serde :: Deserialize < 'de >" && ty == "Source"));
    assert!(!source.derives("Source").iter().any(|d| d == "serde :: Deserialize"));
    let order = source.calls.iter().find(|(f, _)| f.ends_with("union_order_of")).expect("union_order call");
    // The array's last comma is layout: the template writes one row a line.
    let table: String = order.1[1].split_whitespace().collect::<String>().replace(",]", "]");
    assert_eq!(table, r#"&[(&["git"],&[]),(&["helm","chart"],&["helm"])]"#);
    // One object variant: nothing to choose between, the variants are
    // tried in the order listed, through the same codec.
    let loose = code(&g, "src/models/loose.rs");
    assert!(!loose.calls.iter().any(|(f, _)| f.ends_with("union_order_of")), "no key scoring for one object variant");
    for t in [":: FromJson", "serde :: Deserialize < 'de >"] {
        assert!(
            loose.impls.iter().any(|(i, ty)| i.ends_with(t) && ty == "Loose"),
            "no `{t}` for Loose: {:?}",
            loose.impls
        );
    }
}

#[test]
fn inline_union_variants_are_named_after_their_key() {
    use crate::ir::TypeDef;
    let g = with_schemas(
        "    Backend:\n      oneOf:\n        - type: object\n          properties:\n            kubernetes: { type: object, properties: { ns: { type: string } } }\n        - type: object\n          required: [user_provided]\n          properties:\n            user_provided: { type: string }\n            note: { type: string }\n        - type: object\n          properties:\n            a: { type: string }\n            b: { type: string }\n        - type: string\n",
    );
    let TypeDef::Union(u) = ty(&g, "Backend") else { panic!("union") };
    let names: Vec<&str> = u.variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(names, ["Kubernetes", "UserProvided", "Variant3", "String"]);
}

#[test]
fn all_of_parts_that_only_carry_notes_do_not_change_the_type() {
    use crate::ir::{TypeDef, TypeRef};
    let g = with_schemas(
        r##"    Color: { type: string, enum: [red, blue] }
    Base: { type: object, properties: { id: { type: string } } }
    Paint:
      allOf:
        - $ref: "#/components/schemas/Color"
        - { nullable: false }
        - { description: the paint colour }
    Small:
      allOf: [{ type: integer, format: int32 }, { example: 3 }, {}]
    Notes:
      allOf: [{ description: anything }, { readOnly: true }]
    Holder:
      type: object
      properties:
        color:
          allOf:
            - $ref: "#/components/schemas/Color"
            - { description: chosen colour, readOnly: true }
        base:
          allOf: [{ $ref: "#/components/schemas/Base" }, { title: the base }]
        free:
          allOf: [{ description: any }]
"##,
    );
    let names: Vec<&String> = g.api.types.keys().collect();
    assert_eq!(names, ["Base", "Color", "Holder", "Notes", "Paint", "Small"]);
    let TypeDef::Alias(paint) = ty(&g, "Paint") else { panic!("alias Paint") };
    assert_eq!((paint.ty, paint.description.as_deref()), (TypeRef::Named("Color".into()), Some("the paint colour")));
    assert!(matches!(ty(&g, "Small"), TypeDef::Alias(a) if a.ty == TypeRef::I32));
    assert!(matches!(ty(&g, "Notes"), TypeDef::Alias(a) if a.ty == TypeRef::Any));
    let TypeDef::Struct(holder) = ty(&g, "Holder") else { panic!("struct Holder") };
    let fields: Vec<(&str, &TypeRef)> = holder.fields.iter().map(|f| (f.name.as_str(), &f.ty)).collect();
    assert_eq!(
        fields,
        [("color", &TypeRef::Named("Color".into())), ("base", &TypeRef::Named("Base".into())), ("free", &TypeRef::Any)]
    );
    assert_eq!(holder.fields[0].description.as_deref(), Some("chosen colour"));
    assert!(holder.fields[0].read_only);
    let untyped: Vec<String> =
        g.report.sorted().into_iter().filter(|i| i.kind == Kind::UntypedValue).map(|i| i.pointer).collect();
    assert_eq!(untyped, ["#/components/schemas/Holder/properties/free", "#/components/schemas/Notes"]);
}

/// The type of field `field` of struct `name` in the rendered file `path`.
fn field_type(g: &Generated, path: &str, name: &str, field: &str) -> Vec<String> {
    let ast = syn::parse_file(file(g, path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let fields = ast
        .items
        .iter()
        .find_map(|i| match i {
            syn::Item::Struct(s) if s.ident == name => Some(&s.fields),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct {name} in {path}"));
    let f = fields.iter().find(|f| f.ident.as_ref().is_some_and(|i| i == field)).expect("field");
    tokens(&f.ty)
}

fn type_tokens(text: &str) -> Vec<String> {
    tokens(&syn::parse_str::<syn::Type>(text).expect("type"))
}

/// The tokens of a type, without trailing commas in generic arguments.
fn tokens(ty: &syn::Type) -> Vec<String> {
    let flat = quote::ToTokens::to_token_stream(ty).into_iter().map(|t| t.to_string()).collect::<Vec<_>>();
    let trailing = |i: usize| flat[i] == "," && flat.get(i + 1).is_some_and(|n| n == ">");
    flat.iter().enumerate().filter(|(i, _)| !trailing(*i)).map(|(_, t)| t.clone()).collect()
}

#[test]
fn nullable_components_as_items_or_map_values_are_options() {
    use crate::ir::{TypeDef, TypeRef};
    let g = with_schemas(
        r##"    Maybe: { type: object, nullable: true, properties: { a: { type: string } } }
    MaybeText: { type: string, nullable: true }
    Holder:
      type: object
      properties:
        list: { type: array, items: { $ref: "#/components/schemas/Maybe" } }
        map: { type: object, additionalProperties: { $ref: "#/components/schemas/MaybeText" } }
        plain: { type: array, items: { type: string } }
    Dict:
      type: object
      properties: { x: { type: string } }
      additionalProperties: { $ref: "#/components/schemas/Maybe" }
"##,
    );
    let opt = |t: TypeRef| TypeRef::Option(Box::new(t));
    let TypeDef::Struct(holder) = ty(&g, "Holder") else { panic!("struct Holder") };
    let types: Vec<&TypeRef> = holder.fields.iter().map(|f| &f.ty).collect();
    assert_eq!(
        types,
        [
            &TypeRef::Vec(Box::new(opt(TypeRef::Named("Maybe".into())))),
            &TypeRef::Map(Box::new(opt(TypeRef::Named("MaybeText".into())))),
            &TypeRef::Vec(Box::new(TypeRef::String)),
        ]
    );
    let TypeDef::Struct(dict) = ty(&g, "Dict") else { panic!("struct Dict") };
    assert_eq!(dict.additional, Some(opt(TypeRef::Named("Maybe".into()))));
    assert_eq!(
        field_type(&g, "src/models/holder.rs", "Holder", "list"),
        type_tokens("Option<Vec<Option<super::Maybe>>>")
    );
    assert_eq!(
        field_type(&g, "src/models/dict.rs", "Dict", "additional_properties"),
        type_tokens("std::collections::BTreeMap<String, Option<super::Maybe>>")
    );
}

/// The names of the methods of each `impl` block of the rendered crate
/// (not of its copy of the runtime), by the type the block is for.
fn methods_by_impl(g: &Generated) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let ours = |p: &std::path::Path| p.extension().is_some_and(|e| e == "rs") && !p.starts_with("runtime");
    for (path, text) in g.files.iter().filter(|(p, _)| ours(p)) {
        let ast = syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let ast = crate::expand::expand_runtime_macros(&ast).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for item in ast.items {
            let syn::Item::Impl(imp) = item else { continue };
            let syn::Type::Path(ty) = &*imp.self_ty else { continue };
            let ty = ty.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            let fns = imp.items.iter().filter_map(|i| match i {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            });
            out.push((ty, fns.collect()));
        }
    }
    out
}

#[test]
fn spec_names_never_take_names_the_crate_defines() {
    use crate::ir::reserved::CLIENT_METHODS;
    let g = generate(
        r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a: { get: { operationId: new, tags: [request], responses: { "204": { description: ok } } } }
  /b: { get: { operationId: foo_with_response, tags: [clone], responses: { "204": { description: ok } } } }
  /c: { get: { operationId: foo, tags: [clone], parameters: [{ name: send, in: query, schema: { type: string } }], responses: { "204": { description: ok } } } }
  /d: { get: { operationId: with_options, tags: [builder], responses: { "204": { description: ok } } } }
components:
  securitySchemes:
    timeout: { type: apiKey, in: header, name: X-Key }
    key: { type: apiKey, in: header, name: X-Other }
    key_with_prefix: { type: http, scheme: bearer }
"#,
    );
    let mut fns: Vec<&str> = g.api.groups.iter().flat_map(|g| &g.operations).map(|o| o.fn_name.as_str()).collect();
    fns.sort();
    assert_eq!(fns, ["foo", "foo_with_response", "new2", "with_options2"]);
    // A parameter named like a method of the request value gets another setter.
    let by_impl = methods_by_impl(&g);
    let request: Vec<&String> = by_impl.iter().filter(|(t, _)| t == "FooRequest").flat_map(|(_, f)| f).collect();
    assert!(request.iter().any(|f| *f == "send2") && request.iter().any(|f| *f == "send"), "{request:?}");
    let by_impl = methods_by_impl(&g);
    let client: Vec<&String> = by_impl.iter().filter(|(t, _)| t == "Client").flat_map(|(_, f)| f).collect();
    for accessor in ["request2", "clone_model", "builder2"] {
        assert!(client.iter().any(|f| *f == accessor), "no accessor `{accessor}` in {client:?}");
    }
    let builder: Vec<&String> = by_impl.iter().filter(|(t, _)| t == "ClientBuilder").flat_map(|(_, f)| f).collect();
    for setter in ["timeout2", "timeout2_with_prefix", "key", "key_with_prefix", "key_with_prefix2"] {
        assert!(builder.iter().any(|f| *f == setter), "no setter `{setter}` in {builder:?}");
    }
    // No type has two methods of one name, and accessors leave `Client`'s own methods alone.
    let mut all: std::collections::BTreeMap<&str, Vec<&String>> = Default::default();
    for (ty, fns) in &by_impl {
        all.entry(ty).or_default().extend(fns);
    }
    for (ty, fns) in all {
        let unique: std::collections::BTreeSet<&&String> = fns.iter().collect();
        assert_eq!(unique.len(), fns.len(), "`{ty}` defines a method twice: {fns:?}");
        if ty == "Client" {
            assert_eq!(fns.iter().filter(|f| CLIENT_METHODS.contains(&f.as_str())).count(), 1, "only `builder`");
        }
    }
}

#[test]
fn alias_cycles_become_newtypes_unless_a_struct_breaks_them() {
    use crate::ir::TypeDef;
    let g = with_schemas(
        "    Tree:\n      type: array\n      items: { $ref: \"#/components/schemas/Tree\" }\n    Rows:\n      type: array\n      items: { $ref: \"#/components/schemas/Row\" }\n    Row:\n      type: object\n      properties:\n        rows: { $ref: \"#/components/schemas/Rows\" }\n",
    );
    assert!(matches!(ty(&g, "Tree"), TypeDef::Alias(a) if a.newtype));
    // A struct on the cycle already makes it legal Rust: `Rows` stays an alias.
    assert!(matches!(ty(&g, "Rows"), TypeDef::Alias(a) if !a.newtype));
    // A cycle of `$ref`s alone is refused by the loader, with its pointers
    // (`tests/bad-input/ref-alias-cycle.yaml`).
    let mut reported: Vec<(Kind, &str)> = g.report.items.iter().map(|i| (i.kind, i.pointer.as_str())).collect();
    reported.sort_unstable();
    assert_eq!(reported, [(Kind::Other, "#/components/schemas/Tree")]);
    // Rendered as a tuple struct around the list, with the list's JSON.
    let tree = code(&g, "src/models/tree.rs");
    let parsed = syn::parse_file(file(&g, "src/models/tree.rs")).expect("parses");
    let item = parsed.items.iter().find_map(|i| match i {
        syn::Item::Struct(s) if s.ident == "Tree" => Some(s),
        _ => None,
    });
    let item = item.expect("struct Tree");
    let syn::Fields::Unnamed(fields) = &item.fields else { panic!("a tuple struct") };
    let field_ty: Vec<String> = fields.unnamed.iter().map(|f| token_text(&f.ty)).collect();
    assert_eq!(field_ty, ["Vec < super :: Tree >"]);
    // Its JSON is the list's: encoded from and decoded into the one field.
    let to_json = tree.calls.iter().find(|(f, _)| f.ends_with("ToJson :: to_json")).expect("a to_json call");
    assert_eq!(to_json.1, ["& self . 0"]);
    assert!(tree.impls.iter().any(|(i, ty)| i == "serde :: Serialize" && ty == "Tree"));
}

/// A small document and a templates directory holding `model.rs.j2`
/// with `template`; the generation's result.
fn generate_with_model_template(template: &str) -> crate::Result<Generated> {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("openapi.yaml");
    let doc = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n\
               components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        id: {type: integer}\n";
    std::fs::write(&spec, doc).expect("write spec");
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).expect("mkdir");
    std::fs::write(templates.join("model.rs.j2"), template).expect("write template");
    Config::new(&spec).crate_name("t").templates_dir(templates).generate()
}

/// Output of custom templates is parsed before it is laid out, so a broken
/// one is reported with the template, the file and the line.
#[test]
fn custom_template_rendering_invalid_rust_is_reported() {
    let err = generate_with_model_template("pub struct {{ m.name }} {\n    id: i64,\n}\n}\n").expect_err("invalid");
    let message = err.to_string();
    assert!(message.starts_with("template `model.rs.j2`: rendered invalid rust in `src/models/pet.rs`"), "{message}");
    assert!(message.contains("at line 4 column 0"), "{message}");
}

/// Valid output of a custom template is laid out like the embedded ones'.
#[test]
fn custom_template_output_is_laid_out() {
    let g = generate_with_model_template("pub struct {{ m.name }} {\n\n      id: i64,\n  }\n\n\n").expect("generates");
    let expected = "// @generated by the openapi-rust generator; do not edit.\n\npub struct Pet {\n    id: i64,\n}\n";
    assert_eq!(file(&g, "src/models/pet.rs"), expected);
}

const QUERY_STRING_KEY: &str = r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /search/{kind}?q={query}&page={page}&lat={lat}:
    get:
      operationId: search
      parameters:
        - { name: kind, in: path, required: true, schema: { type: string } }
        - { name: query, in: path, required: true, schema: { type: string } }
        - { name: lat, in: query, schema: { type: number } }
      responses:
        "200": { description: ok }
"#;

/// A query string in a path key declares query parameters: declared in
/// the path (renamed as the key spells it), in the query, or not at all
/// (a required string); the path loses the query string.
#[test]
fn query_string_in_a_path_key_declares_query_parameters() {
    use crate::ir::ParamLocation::{Path, Query};
    let g = generate(QUERY_STRING_KEY);
    let op = &g.api.groups[0].operations[0];
    assert_eq!(op.path, "/search/{kind}");
    let params: Vec<_> = op.params.iter().map(|p| (p.name.as_str(), p.location, p.required)).collect();
    assert_eq!(params, [("kind", Path, true), ("q", Query, true), ("lat", Query, false), ("page", Query, true)]);
    let key = "#/paths/~1search~1{kind}?q={query}&page={page}&lat={lat}";
    assert!(g.report.items.iter().any(|i| i.kind == Kind::Deviation && i.pointer == key), "{:?}", g.report.items);
    let api = code(&g, "src/apis/default_api.rs");
    for name in ["q", "page", "lat"] {
        let wire = format!("\"{name}\"");
        let query = |m: &str| m == "query" || m == "query_opt";
        assert!(api.method_calls.iter().any(|(m, args)| query(m) && args.first() == Some(&wire)), "{name}");
    }
}

/// With `strict`, the same document is refused at the path key.
#[test]
fn query_string_in_a_path_key_is_refused_when_strict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("openapi.yaml");
    std::fs::write(&path, QUERY_STRING_KEY).expect("write spec");
    let err = Config::new(&path).strict(true).check().expect_err("strict refuses").to_string();
    assert!(err.contains("~1search~1{kind}?q=") && err.contains("query string"), "{err}");
}

/// The `cfg` predicates of the item `name` in the Rust file `text`.
fn cfg_of(text: &str, name: &str) -> Vec<syn::Meta> {
    let file = syn::parse_file(text).expect("parses");
    let item = file.items.iter().find(|i| matches!(i, syn::Item::Struct(s) if s.ident == name)).expect("item");
    let syn::Item::Struct(s) = item else { unreachable!() };
    s.attrs.iter().filter(|a| a.path().is_ident("cfg")).map(|a| a.parse_args().expect("cfg predicate")).collect()
}

#[test]
fn readme_doctest_of_a_crate_without_operations_has_a_minimal_cfg() {
    // No API group, so no feature joins `doctest`: `all(doctest)` would
    // fail clippy's `non_minimal_cfg` (seen on a corpus document).
    let g = with_schemas("    Pet:\n      type: object\n");
    let cfg = cfg_of(file(&g, "src/lib.rs"), "ReadmeDoctests");
    assert_eq!(cfg.len(), 1);
    assert!(matches!(&cfg[0], syn::Meta::Path(p) if p.is_ident("doctest")), "{}", token_text(&cfg[0]));
}
