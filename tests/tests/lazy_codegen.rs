//! Generated operations and models leave machine code to the crate that
//! calls them: every non-generic function under `src/apis/` and
//! `src/models/` is `#[inline]` (why: `templates/api.rs.j2`). Read from the
//! parsed files, so an attribute in a comment or a doc string does not
//! count. The effect itself is measured in BENCHMARKS.md (issue 12).

use std::path::Path;

use syn::visit::Visit;
use tests::{upstream_spec, workspace_root};

/// The functions of a file that rustc would compile to machine code in
/// the generated crate itself: neither generic nor `#[inline]`.
#[derive(Default)]
struct Eager {
    checked: usize,
    eager: Vec<String>,
}

impl Eager {
    fn check(&mut self, attrs: &[syn::Attribute], sig: &syn::Signature) {
        let generic = sig.generics.params.iter().any(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
            || sig.inputs.iter().any(|a| matches!(a, syn::FnArg::Typed(t) if matches!(*t.ty, syn::Type::ImplTrait(_))));
        if generic {
            return;
        }
        self.checked += 1;
        if !attrs.iter().any(|a| a.path().is_ident("inline")) {
            self.eager.push(sig.ident.to_string());
        }
    }
}

impl<'ast> Visit<'ast> for Eager {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.check(&f.attrs, &f.sig);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.check(&f.attrs, &f.sig);
        syn::visit::visit_impl_item_fn(self, f);
    }
}

fn eager_functions(source: &str) -> Eager {
    let file = syn::parse_file(source).expect("generated Rust parses");
    let mut found = Eager::default();
    found.visit_file(&file);
    found
}

/// Checks every Rust file of `generated` under `src/apis/` and
/// `src/models/`; returns how many functions were checked.
fn assert_lazy(name: &str, generated: &generator::Generated) -> usize {
    let mut checked = 0;
    for (rel, text) in &generated.files {
        let in_scope = rel.starts_with("src/apis") || rel.starts_with("src/models");
        if in_scope && rel.extension().is_some_and(|e| e == "rs") {
            let found = eager_functions(text);
            assert!(found.eager.is_empty(), "{name}: {} compiles {:?} eagerly", rel.display(), found.eager);
            checked += found.checked;
        }
    }
    checked
}

#[test]
fn the_checker_tells_eager_functions_from_lazy_ones() {
    let found = eager_functions(
        "// #[inline]\n/// #[inline]\npub fn plain() {}\n#[inline] pub fn hinted() {}\n\
         pub fn generic<T>(_: T) {}\npub fn opaque(_: impl Clone) {}\npub fn borrowed<'a>(s: &'a str) -> &'a str { s }\n\
         impl S { #[inline] fn a(&self) {} fn b(&self) {} }",
    );
    assert_eq!(found.eager, ["plain", "borrowed", "b"]);
    assert_eq!(found.checked, 5);
}

#[test]
fn generated_functions_are_compiled_where_they_are_called() {
    let sdks = generator::sdks::read(&workspace_root().join("specs/sdks.yaml")).expect("specs/sdks.yaml");
    let mut checked = 0;
    for sdk in &sdks {
        let generated = sdk.config().generate().unwrap_or_else(|e| panic!("{}: {e}", sdk.spec.display()));
        checked += assert_lazy(&sdk.crate_name(), &generated);
    }
    if let Some(spec) = upstream_spec("qovery/openapi.yaml") {
        let generated =
            generator::Config::new(Path::new(&spec)).crate_name("qovery").generate().expect("qovery generates");
        checked += assert_lazy("qovery", &generated);
    }
    assert!(checked > 100, "only {checked} functions checked");
}

/// The functions a macro of `source` defines (each `fn` in a
/// `macro_rules!` body) that are not marked `#[inline]` among the tokens
/// before them, up to the previous item (a `;` or a `{ .. }` block).
fn eager_in_macros(source: &str) -> (usize, Vec<String>) {
    use proc_macro2::{Delimiter, TokenStream, TokenTree};
    fn walk(stream: TokenStream, found: &mut (usize, Vec<String>)) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        for (i, t) in tokens.iter().enumerate() {
            match t {
                TokenTree::Group(g) => walk(g.stream(), found),
                TokenTree::Ident(id) if id == "fn" => {
                    let name = tokens.get(i + 1).map(ToString::to_string).unwrap_or_default();
                    // A generic function is compiled where it is used anyway.
                    if matches!(tokens.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == '<') {
                        continue;
                    }
                    let before = tokens[..i].iter().rev().take_while(|t| match t {
                        TokenTree::Punct(p) => p.as_char() != ';',
                        TokenTree::Group(g) => g.delimiter() != Delimiter::Brace,
                        _ => true,
                    });
                    let inline = |t: &TokenTree| match t {
                        TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => {
                            g.stream().into_iter().next().is_some_and(|f| f.to_string() == "inline")
                        }
                        _ => false,
                    };
                    let mut before = before.collect::<Vec<_>>().into_iter();
                    found.0 += 1;
                    if !before.any(inline) {
                        found.1.push(name);
                    }
                }
                _ => {}
            }
        }
    }
    let file = syn::parse_file(source).expect("Rust parses");
    let mut found = (0, Vec::new());
    for item in file.items {
        if let syn::Item::Macro(m) = item {
            walk(m.mac.tokens, &mut found);
        }
    }
    found
}

#[test]
fn the_macro_checker_finds_a_function_without_inline() {
    let source = "macro_rules! m { () => { impl S { #[inline] pub fn a(&self) {} pub fn b(&self) {} } \
                  impl T for S { #[inline] fn c() {} fn g<X>(x: X) {} } fn d() {} }; }";
    assert_eq!(eager_in_macros(source), (4, vec!["b".to_string(), "d".to_string()]));
}

/// The runtime's macros write out the methods of every operation, so they
/// must leave machine code to callers as the templates do.
#[test]
fn functions_the_runtime_macros_define_are_inline() {
    let source = std::fs::read_to_string(workspace_root().join("runtime/src/macros.rs")).expect("macros.rs");
    let (checked, eager) = eager_in_macros(&source);
    assert!(eager.is_empty(), "runtime macros define {eager:?} without `#[inline]`");
    assert!(checked >= 20, "only {checked} functions found in runtime/src/macros.rs");
}
