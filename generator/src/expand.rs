//! Generated code read as the items it defines: the invocations of the
//! runtime's macros (`runtime/src/macros.rs`: `call_methods!`,
//! `with_options!`, `setters!` and `error_enum!` for operations,
//! `model_setters!`, `json_struct!`, `serde_via_json!`, `string_enum!` and
//! `int_enum!` for models) replaced by the `impl` blocks and enums they
//! expand to, for tools and tests that read generated code with
//! `syn` and would otherwise see a macro call where the methods are.
//!
//! It follows each macro's grammar and defines the same items with the
//! same signatures; bodies are left empty, as no reader here needs them.
//! Compiling the generated crates checks the macros themselves.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream, Parser};
use syn::{Attribute, Ident, Item, Lifetime, Token, Type};

/// `file` with every invocation of a runtime macro replaced by the items
/// it defines; other items are kept as they are. An invocation that does
/// not follow its macro's grammar is an error.
pub fn expand_runtime_macros(file: &syn::File) -> syn::Result<syn::File> {
    let mut out = file.clone();
    out.items.clear();
    for item in &file.items {
        match item {
            Item::Macro(m) => match m.mac.path.segments.last().map(|s| s.ident.to_string()).as_deref() {
                Some("call_methods") => out.items.extend(call_methods.parse2(m.mac.tokens.clone())?),
                Some("with_options") => out.items.extend(with_options.parse2(m.mac.tokens.clone())?),
                Some("setters") => out.items.extend(setters.parse2(m.mac.tokens.clone())?),
                Some("error_enum") => out.items.extend(error_enum.parse2(m.mac.tokens.clone())?),
                Some("model_setters") => out.items.extend(model_setters.parse2(m.mac.tokens.clone())?),
                Some("json_struct") => out.items.extend(json_struct.parse2(m.mac.tokens.clone())?),
                Some("serde_via_json") => out.items.extend(serde_via_json.parse2(m.mac.tokens.clone())?),
                Some("string_enum") => out.items.extend(value_enum(false).parse2(m.mac.tokens.clone())?),
                Some("int_enum") => out.items.extend(value_enum(true).parse2(m.mac.tokens.clone())?),
                _ => out.items.push(item.clone()),
            },
            _ => out.items.push(item.clone()),
        }
    }
    Ok(out)
}

/// The head every request-value macro starts with: attributes, the
/// lifetimes in brackets, and the type's name.
struct Head {
    attrs: Vec<Attribute>,
    lifetimes: Vec<Lifetime>,
    name: Ident,
}

fn head(input: ParseStream) -> syn::Result<Head> {
    let attrs = input.call(Attribute::parse_outer)?;
    let content;
    syn::bracketed!(content in input);
    let lifetimes = content.parse_terminated(Lifetime::parse, Token![,])?.into_iter().collect();
    Ok(Head { attrs, lifetimes, name: input.parse()? })
}

impl Head {
    /// `impl<'a> Name<'a> { items }`, with the head's attributes.
    fn inherent(&self, items: TokenStream) -> syn::Result<Item> {
        let Head { attrs, lifetimes, name } = self;
        syn::parse2(quote! { #(#attrs)* impl<#(#lifetimes),*> #name<#(#lifetimes),*> { #items } })
    }
}

fn call_methods(input: ParseStream) -> syn::Result<Vec<Item>> {
    let head = head(input)?;
    input.parse::<Token![,]>()?;
    input.parse::<Ident>()?;
    input.parse::<Token![=>]>()?;
    let ok: Type = input.parse()?;
    input.parse::<Token![,]>()?;
    let err: Type = input.parse()?;
    input.parse::<Token![,]>()?;
    input.parse::<syn::Expr>()?;
    let Head { attrs, lifetimes, name } = &head;
    Ok(vec![
        head.inherent(quote! {
            #[inline] pub fn with_options(mut self, options: RequestOptions) -> Self {}
            #[inline] pub fn send(self) -> CallFuture<#ok, #err> {}
            #[inline] pub fn send_with_response(self) -> ResponseFuture<#ok, #err> {}
        })?,
        syn::parse2(quote! {
            #(#attrs)*
            impl<#(#lifetimes),*> ::std::future::IntoFuture for #name<#(#lifetimes),*> {
                type Output = ::std::result::Result<#ok, Error<#err>>;
                type IntoFuture = CallFuture<#ok, #err>;
                #[inline] fn into_future(self) -> Self::IntoFuture {}
            }
        })?,
    ])
}

fn with_options(input: ParseStream) -> syn::Result<Vec<Item>> {
    let head = head(input)?;
    input.parse::<Token![,]>()?;
    input.parse::<Ident>()?;
    Ok(vec![head.inherent(quote! {
        #[inline] pub fn with_options(mut self, options: RequestOptions) -> Self {}
    })?])
}

/// The start of a setter entry of `setters!` or `model_setters!`,
/// `#[doc] setter(arg: Type)`, as the method it defines.
fn setter_fn(content: ParseStream) -> syn::Result<TokenStream> {
    let attrs = content.call(Attribute::parse_outer)?;
    let setter: Ident = content.parse()?;
    let args;
    syn::parenthesized!(args in content);
    let arg: Ident = args.parse()?;
    args.parse::<Token![:]>()?;
    let ty: Type = args.parse()?;
    Ok(quote! { #(#attrs)* #[inline] pub fn #setter(mut self, #arg: #ty) -> Self {} })
}

fn setters(input: ParseStream) -> syn::Result<Vec<Item>> {
    let head = head(input)?;
    let content;
    syn::braced!(content in input);
    let mut fns = TokenStream::new();
    while !content.is_empty() {
        fns.extend(setter_fn(&content)?);
        content.parse::<Token![;]>()?;
    }
    Ok(vec![head.inherent(fns)?])
}

fn error_enum(input: ParseStream) -> syn::Result<Vec<Item>> {
    let attrs = input.call(Attribute::parse_outer)?;
    let vis: syn::Visibility = input.parse()?;
    input.parse::<Token![enum]>()?;
    let name: Ident = input.parse()?;
    let content;
    syn::braced!(content in input);
    let mut variants = TokenStream::new();
    while !content.is_empty() {
        let attrs = content.call(Attribute::parse_outer)?;
        let variant: Ident = content.parse()?;
        let payload = if content.peek(syn::token::Paren) {
            let inner;
            syn::parenthesized!(inner in content);
            let ty: Type = inner.parse()?;
            quote! { (#ty) }
        } else {
            TokenStream::new()
        };
        content.parse::<Token![=]>()?;
        syn::Pat::parse_multi(&content)?;
        content.parse::<Token![,]>()?;
        variants.extend(quote! { #(#attrs)* #variant #payload, });
    }
    Ok(vec![
        syn::parse2(quote! {
            #(#attrs)*
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            #vis enum #name { #variants Unknown { status: u16, body: String }, }
        })?,
        syn::parse2(quote! {
            impl ErrorEntity for #name {
                #[inline] fn from_response(raw: &RawResponse) -> Self {}
            }
        })?,
    ])
}

fn model_setters(input: ParseStream) -> syn::Result<Vec<Item>> {
    let name: Ident = input.parse()?;
    let content;
    syn::braced!(content in input);
    let mut fns = TokenStream::new();
    while !content.is_empty() {
        fns.extend(setter_fn(&content)?);
        content.parse::<Token![=>]>()?;
        content.parse::<Ident>()?;
        content.parse::<Token![=]>()?;
        content.parse::<syn::Expr>()?;
        content.parse::<Token![;]>()?;
    }
    Ok(vec![syn::parse2(quote! { impl #name { #fns } })?])
}

/// The serde impls every model has, through its JSON codec.
fn serde_impls(name: &Ident) -> syn::Result<Vec<Item>> {
    Ok(vec![
        syn::parse2(quote! { impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {}
        } })?,
        syn::parse2(quote! { impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {}
        } })?,
    ])
}

fn serde_via_json(input: ParseStream) -> syn::Result<Vec<Item>> {
    serde_impls(&input.parse()?)
}

fn json_struct(input: ParseStream) -> syn::Result<Vec<Item>> {
    let name: Ident = input.parse()?;
    input.parse::<Token![,]>()?;
    input.parse::<syn::LitStr>()?;
    input.parse::<Token![,]>()?;
    let fields;
    syn::bracketed!(fields in input);
    fields.parse::<TokenStream>()?;
    let additional = input.parse::<Option<Token![,]>>()?.is_some();
    if additional && input.parse::<Ident>()? != "additional" {
        return Err(input.error("expected `additional`"));
    }
    let tree = additional.then(|| quote! { #[inline] fn to_json(&self) -> serde_json::Value {} });
    let mut items = vec![
        syn::parse2(quote! { impl FromJson for #name {
            #[inline] fn read_json(r: &mut json::Reader<'_>) -> ::std::result::Result<Self, JsonError> {}
        } })?,
        syn::parse2(quote! { impl ToJson for #name {
            #tree
            #[inline] fn write_json(&self, w: &mut json::Writer) {}
        } })?,
    ];
    items.extend(serde_impls(&name)?);
    Ok(items)
}

/// `string_enum!` (`integer` false) or `int_enum!`.
fn value_enum(integer: bool) -> impl Fn(ParseStream) -> syn::Result<Vec<Item>> {
    move |input| {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: syn::Visibility = input.parse()?;
        input.parse::<Token![enum]>()?;
        let name: Ident = input.parse()?;
        let content;
        syn::braced!(content in input);
        let mut variants = TokenStream::new();
        while !content.is_empty() {
            let attrs = content.call(Attribute::parse_outer)?;
            let variant: Ident = content.parse()?;
            content.parse::<Token![=]>()?;
            content.parse::<syn::Lit>()?;
            content.parse::<Token![,]>()?;
            variants.extend(quote! { #(#attrs)* #variant, });
        }
        let (unknown, accessor, from) = if integer {
            (quote! { i64 }, quote! { pub fn value(&self) -> i64 {} }, quote! { i64 })
        } else {
            (quote! { String }, quote! { pub fn as_str(&self) -> &str {} }, quote! { &str })
        };
        let mut items: Vec<Item> = vec![
            syn::parse2(quote! {
                #(#attrs)*
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                #vis enum #name { #variants Unknown(#unknown), }
            })?,
            syn::parse2(quote! { impl #name { #[inline] #accessor } })?,
            syn::parse2(
                quote! { impl ::std::convert::From<#from> for #name { #[inline] fn from(v: #from) -> Self {} } },
            )?,
            syn::parse2(quote! { impl ::std::fmt::Display for #name {
                #[inline] fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {}
            } })?,
            syn::parse2(quote! { impl FromJson for #name {
                #[inline] fn from_json(value: serde_json::Value) -> ::std::result::Result<Self, JsonError> {}
            } })?,
            syn::parse2(quote! { impl ToJson for #name {
                #[inline] fn to_json(&self) -> serde_json::Value {}
                #[inline] fn write_json(&self, w: &mut json::Writer) {}
            } })?,
        ];
        items.extend(serde_impls(&name)?);
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fns(file: &syn::File) -> Vec<String> {
        let mut out = Vec::new();
        for item in &file.items {
            let Item::Impl(imp) = item else { continue };
            for i in &imp.items {
                if let syn::ImplItem::Fn(f) = i {
                    out.push(f.sig.ident.to_string());
                }
            }
        }
        out
    }

    #[test]
    fn each_macro_becomes_the_items_it_defines() {
        let file = syn::parse_file(
            "rt::call_methods!(#[allow(deprecated)] ['a] GetRequest, api2 => models::Pet, GetError, rt::call::json);\n\
             rt::with_options!([] StreamRequest, api);\n\
             rt::setters! { ['a] GetRequest { /// Sets `q`.\n q(q: &'a str); r#type(r#type: Vec<i64>); } }\n\
             rt::error_enum! { /// doc\n pub enum GetError { Status404 = 404, Status4Xx(models::Problem) = 400..=499, Other = _, } }\n\
             struct Kept;",
        )
        .expect("parses");
        let out = expand_runtime_macros(&file).expect("expands");
        assert_eq!(
            fns(&out),
            [
                "with_options",
                "send",
                "send_with_response",
                "into_future",
                "with_options",
                "q",
                "r#type",
                "from_response"
            ]
        );
        let Some(Item::Enum(e)) = out.items.iter().find(|i| matches!(i, Item::Enum(_))) else { panic!("no enum") };
        let variants: Vec<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
        assert_eq!(variants, ["Status404", "Status4Xx", "Other", "Unknown"]);
        assert!(matches!(out.items.last(), Some(Item::Struct(_))));
    }

    #[test]
    fn model_macros_become_the_items_they_define() {
        let file = syn::parse_file(
            "rt::model_setters! { Pet { /// Sets `tag`.\n with_tag(value: String) => tag = Some(value); } }\n\
             rt::json_struct!(Pet, \"an object `Pet`\", [(0, tag, \"tag\", put_optional, Option<String>, as_is, put_some)]);\n\
             rt::json_struct!(Bag, \"an object `Bag`\", [], additional);\n\
             rt::serde_via_json!(Either);\n\
             rt::string_enum! { /// doc\n pub enum Mode { Fast = \"FAST\", } }\n\
             rt::int_enum! { pub enum Level { One = 1, Two = 2, } }",
        )
        .expect("parses");
        let out = expand_runtime_macros(&file).expect("expands");
        let mut found = fns(&out);
        found.sort();
        found.dedup();
        let expected = [
            "as_str",
            "deserialize",
            "fmt",
            "from",
            "from_json",
            "read_json",
            "serialize",
            "to_json",
            "value",
            "with_tag",
            "write_json",
        ];
        assert_eq!(found, expected);
        let enums: Vec<(String, usize)> = out
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Enum(e) => Some((e.ident.to_string(), e.variants.len())),
                _ => None,
            })
            .collect();
        assert_eq!(enums, [("Mode".to_string(), 2), ("Level".to_string(), 3)]);
    }

    #[test]
    fn an_invocation_off_the_grammar_is_an_error() {
        let file = syn::parse_file("rt::setters! { [] GetRequest { q: &str; } }").expect("parses");
        assert!(expand_runtime_macros(&file).is_err());
    }
}
