//! The adversarial document (`specs/adversarial.yaml`): names and
//! descriptions that try to break out of identifiers, strings and doc
//! comments. Its crate is a workspace member, so it compiles with warnings
//! denied; here we check that no spec text became code and that the odd
//! names still round-trip on the wire.

use std::path::Path;
use std::str::FromStr;

use proc_macro2::{TokenStream, TokenTree};

fn idents(stream: TokenStream, out: &mut Vec<String>, inner_attrs: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    for (i, t) in tokens.iter().enumerate() {
        match t {
            TokenTree::Ident(id) => out.push(id.to_string()),
            TokenTree::Group(g) => {
                // `#` `!` `[...]`: an inner attribute; remember its path.
                if i >= 2 {
                    if let (TokenTree::Punct(h), TokenTree::Punct(b)) = (&tokens[i - 2], &tokens[i - 1]) {
                        if h.as_char() == '#' && b.as_char() == '!' {
                            inner_attrs.push(g.stream().into_iter().next().map(|t| t.to_string()).unwrap_or_default());
                        }
                    }
                }
                idents(g.stream(), out, inner_attrs);
            }
            _ => {}
        }
    }
}

#[test]
fn spec_text_never_becomes_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/adversarial/src");
    let mut files = vec![];
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 5);
    let mut described = false;
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read");
        let stream = TokenStream::from_str(&text).expect("tokens");
        let (mut ids, mut inner) = (vec![], vec![]);
        idents(stream, &mut ids, &mut inner);
        for id in &ids {
            assert!(!id.contains("injected") && id != "Injected", "{}: spec text became code: `{id}`", f.display());
        }
        for a in &inner {
            assert!(
                // `cfg_attr` is the template's own: a doc line shown when a
                // group's feature is on.
                ["forbid", "allow", "doc", "cfg_attr"].contains(&a.as_str()),
                "{}: unexpected inner attribute `{a}`",
                f.display()
            );
        }
        // The texts are still there, as documentation of the parsed item.
        if f.ends_with("struct_.rs") {
            let docs = tests::docs_of(&f, "Struct", None);
            assert!(docs.iter().any(|l| l.contains("injected_from_schema")), "the description was dropped: {docs:?}");
            described = true;
        }
    }
    assert!(described, "`models/struct_.rs` was not among the files, so the documentation was not checked");
}

#[test]
fn odd_names_round_trip_on_the_wire() {
    use adversarial::models::{Struct, StructKind};
    let mut s = Struct::new("t".into(), "empty".into(), 7);
    s.caf = Some(true);
    s.a_b = Some("ab".into());
    s.evil = Some("e".into());
    s.line_break = Some("lb".into());
    s.self_ = Some("lower".into());
    s.self_2 = Some("upper".into());
    s.self_3 = Some("underscore".into());
    s.kind = Some(StructKind::Plus1);
    let json = serde_json::to_value(&s).expect("serialize");
    let obj = json.as_object().expect("object");
    for key in ["type", "", "1abc", "café", "a::b", "#[evil]", "line\nbreak", "self", "Self", "self_", "kind"] {
        assert!(obj.contains_key(key), "`{key}` missing from {json}");
    }
    assert_eq!(obj["kind"], "+1");
    let back: Struct = serde_json::from_value(json).expect("deserialize");
    assert_eq!(back, s);
    for (value, variant) in
        [("", StructKind::Empty), ("-1", StructKind::Minus1), ("1.5", StructKind::V1Point5), ("*/", StructKind::Star)]
    {
        assert_eq!(StructKind::from(value), variant);
        assert_eq!(serde_json::to_value(&variant).expect("ser"), value);
    }
    let unknown: StructKind = serde_json::from_str("\"brand-new\"").expect("de");
    assert_eq!(unknown, StructKind::Unknown("brand-new".into()));
    assert_eq!(serde_json::to_string(&unknown).expect("ser"), "\"brand-new\"");
}

// Issue 10, item 2: parameters named like the locals and names a generated
// method uses (`path`, `req`, `raw`, `body`, `v`, `entity`, `self`, `Ok`,
// ...) compile and reach the wire under their own names.

use adversarial::apis::type_api::{LocalsError, LocalsSuccess};
use adversarial::models::Entity;
use adversarial::{Client, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::none()).build().expect("client")
}

async fn answer(server: &MockServer, response: ResponseTemplate) {
    Mock::given(any()).respond_with(response).mount(server).await;
}

async fn only_request(server: &MockServer) -> Request {
    let mut all = server.received_requests().await.expect("recording");
    assert_eq!(all.len(), 1, "exactly one request");
    all.remove(0)
}

fn query(r: &Request) -> Vec<(String, String)> {
    r.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// Calls `locals` with every parameter set to a value naming it: the
/// required ones positional, the optional ones through their setters
/// (`send2` and the like, where a setter would take a method's name).
async fn call_locals(server: &MockServer) -> Result<LocalsSuccess, adversarial::Error<LocalsError>> {
    let entity = Entity::new().with_raw("sent".into());
    let api = client(server).r#type();
    api.locals("a/b", "the-path", entity)
        .raw("raw")
        .body("body")
        .v(7)
        .options("options")
        .client("client")
        .url("url")
        .status("status")
        .self_("self")
        .operation("OPERATION")
        .ok("Ok")
        .err("Err")
        .some("Some")
        .none("None")
        .string("String")
        .vec("Vec")
        .option("Option")
        .result("Result")
        .models("models")
        .super_("super")
        .crate_("crate")
        .send2("send")
        .send_with_response2("send_with_response")
        .with_options2("with_options")
        .into_future2("into_future")
        .api("api")
        .headers("headers")
        .await
}

#[tokio::test]
async fn parameters_named_like_method_locals_reach_the_wire() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(serde_json::json!({"raw": "back"}))).await;
    let back = call_locals(&server).await.expect("call");
    assert_eq!(back, LocalsSuccess::Status200(Entity::new().with_raw("back".into())));

    let r = only_request(&server).await;
    assert_eq!(r.method.as_str(), "POST");
    // The path parameter `req` fills the path, not the request builder.
    assert_eq!(r.url.path(), "/locals/a%2Fb");
    let mut expected: Vec<(String, String)> = vec![("path".into(), "the-path".into()), ("v".into(), "7".into())];
    for name in [
        "raw",
        "body",
        "options",
        "client",
        "url",
        "status",
        "self",
        "OPERATION",
        "Ok",
        "Err",
        "Some",
        "None",
        "String",
        "Vec",
        "Option",
        "Result",
        "models",
        "super",
        "crate",
        "send",
        "send_with_response",
        "with_options",
        "into_future",
        "api",
    ] {
        expected.push((name.into(), name.into()));
    }
    let mut got = query(&r);
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    assert_eq!(r.headers.get("headers").and_then(|h| h.to_str().ok()), Some("headers"));
    let sent: serde_json::Value = serde_json::from_slice(&r.body).expect("json body");
    assert_eq!(sent, serde_json::json!({"raw": "sent"}));
}

#[tokio::test]
async fn method_locals_decode_every_response_kind() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(201).set_body_string("made")).await;
    assert_eq!(call_locals(&server).await.expect("201"), LocalsSuccess::Status201("made".into()));

    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(404).set_body_json(serde_json::json!({"raw": "gone"}))).await;
    let err = call_locals(&server).await.expect_err("404");
    assert_eq!(err.entity(), Some(&LocalsError::Status404(Entity::new().with_raw("gone".into()))));

    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(299).set_body_string("odd")).await;
    let odd = call_locals(&server).await.expect("299");
    assert_eq!(odd, LocalsSuccess::Unknown { status: 299, body: "odd".into() });
}

#[tokio::test]
async fn a_text_body_beside_a_query_parameter_named_body() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_string("echo")).await;
    let api = client(&server).r#type();
    let back = api.text_body(Some("in-body".into())).body("in-query").entity("in-header").await.expect("call");
    assert_eq!(back, "echo");

    let r = only_request(&server).await;
    assert_eq!((r.method.as_str(), r.url.path()), ("PUT", "/text-body"));
    assert_eq!(query(&r), vec![("body".to_string(), "in-query".to_string())]);
    assert_eq!(r.headers.get("entity").and_then(|h| h.to_str().ok()), Some("in-header"));
    assert_eq!(r.body, b"in-body");
}

/// Names a pattern binds, visited through a whole method body.
#[derive(Default)]
struct Bindings(Vec<String>);

impl<'a> syn::visit::Visit<'a> for Bindings {
    fn visit_pat_ident(&mut self, p: &'a syn::PatIdent) {
        self.0.push(p.ident.to_string());
        syn::visit::visit_pat_ident(self, p);
    }
}

/// Every binding in the generated operation methods of the committed
/// crates is one of `METHOD_LOCALS` (perhaps renamed with a number) or
/// `CLOSURE_LOCALS`, and
/// none shadows a parameter of its method.
#[test]
fn method_locals_are_listed_and_never_shadow_parameters() {
    use generator::ir::reserved::{CLOSURE_LOCALS, METHOD_LOCALS};
    use syn::visit::Visit;
    let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut methods = 0;
    for krate in std::fs::read_dir(&generated).expect("generated") {
        let apis = krate.expect("entry").path().join("src/apis");
        for file in std::fs::read_dir(&apis).expect("apis") {
            let text = std::fs::read_to_string(file.expect("entry").path()).expect("read");
            let ast = syn::parse_file(&text).expect("parse");
            for item in ast.items {
                let syn::Item::Impl(imp) = item else { continue };
                for f in imp.items {
                    let syn::ImplItem::Fn(f) = f else { continue };
                    let params: Vec<String> = f
                        .sig
                        .inputs
                        .iter()
                        .filter_map(|a| match a {
                            syn::FnArg::Typed(t) => Some(quote_ident(&t.pat)),
                            syn::FnArg::Receiver(_) => None,
                        })
                        .collect();
                    let mut b = Bindings::default();
                    b.visit_block(&f.block);
                    for name in &b.0 {
                        let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
                        let listed = METHOD_LOCALS.contains(&base) || CLOSURE_LOCALS.contains(&base);
                        assert!(listed, "`{name}` in `{}` is not listed", f.sig.ident);
                        assert!(!params.contains(name), "`{name}` shadows a parameter of `{}`", f.sig.ident);
                    }
                    methods += 1;
                }
            }
        }
    }
    assert!(methods > 20, "too few methods seen: {methods}");
}

fn quote_ident(p: &syn::Pat) -> String {
    match p {
        syn::Pat::Ident(i) => i.ident.to_string(),
        _ => panic!("a generated parameter is not a plain name"),
    }
}

// Issue 10, item 3: tags, operations, schemas and security schemes named
// like what the generated crate defines itself (`Client::builder`,
// `ClientBuilder::timeout`, `new`, `with_options`, `send`, `api`,
// `Error`, `serde`, ...) compile beside it, under the names they were moved to.

#[tokio::test]
async fn an_operation_named_new_in_a_group_named_request_sends_its_credential() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_json(serde_json::json!({"builder": "b"}))).await;
    // `timeout` (the setter of a timeout) and `timeout2` (the scheme's key) are both there.
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .timeout(std::time::Duration::from_secs(5))
        .timeout2("secret-key")
        .build()
        .expect("client");
    let model: adversarial::models::Client = client.request2().new2().await.expect("call");
    assert_eq!(model.builder.as_deref(), Some("b"));
    let r = only_request(&server).await;
    assert_eq!((r.method.as_str(), r.url.path()), ("GET", "/reserved/new"));
    assert_eq!(r.headers.get("x-timeout-key").and_then(|h| h.to_str().ok()), Some("secret-key"));
}

#[tokio::test]
async fn an_operation_named_like_anothers_twin_keeps_its_own_path() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200).set_body_string("t")).await;
    let api = client(&server).clone_model();
    api.echo_with_response().await.expect("first");
    api.echo().await.expect("second");
    api.echo().send_with_response().await.expect("second, with response");
    let paths: Vec<String> =
        server.received_requests().await.expect("recording").iter().map(|r| r.url.path().to_string()).collect();
    assert_eq!(paths, ["/reserved/echo-first", "/reserved/echo-second", "/reserved/echo-second"]);
}

#[tokio::test]
async fn operations_named_with_options_error_and_client_call_their_paths() {
    use adversarial::apis::inner_api::{ErrorError, ErrorSuccess};
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(204)).await;
    let c = client(&server);
    // `clone` is still `Client::clone`, and `with_options` still the group's own.
    let group = c.clone().builder2().with_options(adversarial::RequestOptions::default());
    group.with_options2().await.expect("with_options");
    c.inner2().client().await.expect("client");
    let paths: Vec<String> =
        server.received_requests().await.expect("recording").iter().map(|r| r.url.path().to_string()).collect();
    assert_eq!(paths, ["/reserved/with-options", "/reserved/client"]);

    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(201).set_body_json(5)).await;
    assert_eq!(client(&server).inner2().error().await.expect("201"), ErrorSuccess::Status201(5));
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(400).set_body_json(serde_json::json!({"status": 7}))).await;
    let err = client(&server).inner2().error().await.expect_err("400");
    let expected = ErrorError::Status400(adversarial::models::ApiResponse::new().with_status(7));
    assert_eq!(err.entity(), Some(&expected));
}

#[test]
fn setters_of_schemes_named_like_builder_methods_all_exist() {
    let client = Client::builder()
        .build2("token")
        .key("k")
        .key_with_prefix("Token", "k")
        .key_with_prefix2("user", "password")
        .timeout2_with_prefix("Key", "t")
        .build();
    assert!(client.is_ok());
    // Models named like the crate's own types live in `models`.
    let _: (adversarial::models::Error, adversarial::models::Serde, adversarial::models::Std) =
        (Default::default(), Default::default(), String::new());
}
