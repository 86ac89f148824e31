//! Golden tests: the committed crates (the one golden copy of the team
//! specs' output) are what the generator produces now, generation is
//! deterministic, the reviewed snapshots of which tags reach each model
//! hold, and the Markdown docs carry the method tables of the published
//! clients.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tests::{seed, upstream_spec, workspace_root};

fn generate(spec: &Path, name: &str) -> generator::Generated {
    generator::Config::new(spec).crate_name(name).generate().unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
}

fn sdks() -> Vec<generator::sdks::Sdk> {
    generator::sdks::read(&workspace_root().join("specs/sdks.yaml")).expect("specs/sdks.yaml")
}

fn files_under(dir: &Path, base: &Path, out: &mut BTreeSet<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        // The generator's cache stamp is not part of the crate.
        if path.file_name().is_some_and(|n| n == generator::cache::STAMP) {
            continue;
        }
        if path.is_dir() {
            files_under(&path, base, out);
        } else {
            out.insert(path.strip_prefix(base).expect("prefix").to_path_buf());
        }
    }
}

/// The committed crates are the team specs' golden output: reviewed as
/// the diff a regeneration makes in `generated/` (`cargo run -p generator
/// -- generate`, then `git diff generated/`), compiled by the workspace
/// and exercised by the other tests. This fails with the first lines that
/// differ, so the change shows here too.
#[test]
fn committed_crates_are_fresh() {
    for sdk in sdks() {
        let generated = sdk.config().generate().unwrap_or_else(|e| panic!("{}: {e}", sdk.spec.display()));
        let mut on_disk = BTreeSet::new();
        files_under(&sdk.out, &sdk.out, &mut on_disk);
        let expected: BTreeSet<PathBuf> = generated.files.keys().cloned().collect();
        assert_eq!(
            on_disk,
            expected,
            "{}: file set differs; run `cargo run -p generator -- generate`",
            sdk.out.display()
        );
        for (rel, contents) in &generated.files {
            let disk = std::fs::read_to_string(sdk.out.join(rel)).expect("read");
            if let Some(diff) = first_difference(&disk, contents) {
                panic!(
                    "{}/{} is stale; run `cargo run -p generator -- generate` and review `git diff`:\n{diff}",
                    sdk.out.display(),
                    rel.display()
                );
            }
        }
    }
}

/// The first lines where `committed` and `now` differ, with their line
/// number, as `-`/`+` lines; `None` when they are the same.
fn first_difference(committed: &str, now: &str) -> Option<String> {
    if committed == now {
        return None;
    }
    let (old, new): (Vec<&str>, Vec<&str>) = (committed.lines().collect(), now.lines().collect());
    let start = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let (old_end, new_end) = ((start + 3).min(old.len()), (start + 3).min(new.len()));
    let mut out = format!("line {}:\n", start + 1);
    old[start..old_end].iter().for_each(|l| out.push_str(&format!("- {l}\n")));
    new[start..new_end].iter().for_each(|l| out.push_str(&format!("+ {l}\n")));
    Some(out)
}

#[test]
fn first_difference_names_the_line() {
    assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
    assert_eq!(first_difference("a\nb\nc", "a\nx\nc").as_deref(), Some("line 2:\n- b\n- c\n+ x\n+ c\n"));
    // A trailing newline alone still differs.
    assert!(first_difference("a", "a\n").is_some());
}

#[test]
fn generation_is_deterministic() {
    let mut specs: Vec<(PathBuf, String)> = sdks().into_iter().map(|s| (s.spec.clone(), s.crate_name())).collect();
    // The team specs are checked even when the upstream documents are missing.
    specs.extend(upstream_spec("qovery/openapi.yaml").map(|p| (p, "qovery".into())));
    specs.extend(upstream_spec("vonage/account.yml").map(|p| (p, "vonage-account".into())));
    for (spec, name) in specs {
        let a = generate(&spec, &name);
        let b = generate(&spec, &name);
        assert_eq!(a.files.len(), b.files.len());
        for ((pa, ca), (pb, cb)) in a.files.iter().zip(b.files.iter()) {
            assert_eq!(pa, pb);
            assert!(ca == cb, "{}: {} differs between two runs", spec.display(), pa.display());
        }
        assert_eq!(a.api, b.api);
    }
}

/// Every Rust file generated from the upstream documents parses. The
/// generator lays out what the embedded templates render without parsing
/// it (`render/format.rs`), so this is where a template that renders
/// invalid Rust in a construct the team specs lack shows.
#[test]
fn upstream_generated_rust_parses() {
    for (rel, name) in [("qovery/openapi.yaml", "qovery"), ("vonage/account.yml", "vonage-account")] {
        let Some(spec) = upstream_spec(rel) else { continue };
        let generated = generate(&spec, name);
        for (path, contents) in &generated.files {
            if path.extension().is_some_and(|e| e == "rs") {
                if let Err(e) = syn::parse_file(contents) {
                    let start = e.span().start();
                    panic!("{rel}: {} does not parse at {}:{}: {e}", path.display(), start.line, start.column);
                }
            }
        }
    }
}

/// `(method name, HTTP method, path, description)` rows of a method table.
fn table_rows(markdown: &str) -> BTreeSet<(String, String, String, String)> {
    let mut rows = BTreeSet::new();
    for line in markdown.lines() {
        let Some(rest) = line.strip_prefix("[**") else { continue };
        let Some((name, rest)) = rest.split_once("**]") else { continue };
        let cells: Vec<&str> = rest.split(" | ").collect();
        if cells.len() < 3 {
            continue;
        }
        let http = cells[1].trim();
        let Some(http) = http.strip_prefix("**") else { continue };
        let Some((method, path)) = http.split_once("** ") else { continue };
        rows.insert((name.to_string(), method.to_string(), path.trim().to_string(), cells[2].trim().to_string()));
    }
    rows
}

#[test]
fn docs_have_the_published_method_tables() {
    let cases = [
        ("qovery/openapi.yaml", "qovery-python-ApplicationSecretApi.md", "ApplicationSecretApi"),
        ("qovery/openapi.yaml", "qovery-rust-JobSecretApi.md", "JobSecretApi"),
        ("vonage/account.yml", "vonage-python-SecretManagementApi.md", "SecretManagementApi"),
    ];
    for (spec, seed_name, api) in cases {
        let (Some(spec), Some(seed_path)) = (upstream_spec(spec), seed(seed_name)) else { continue };
        let generated = generate(&spec, "sdk");
        let doc = generated.files.get(Path::new(&format!("docs/{api}.md"))).unwrap_or_else(|| panic!("docs/{api}.md"));
        let seed_text = std::fs::read_to_string(seed_path).expect("seed");
        let expected = table_rows(&seed_text);
        assert!(expected.len() >= 4, "{seed_name}: parsed only {} rows", expected.len());
        let actual = table_rows(doc);
        let missing: Vec<_> = expected.difference(&actual).collect();
        assert!(
            missing.is_empty(),
            "{api}: rows missing from the generated docs: {missing:#?}\ngenerated rows: {actual:#?}"
        );
        // Every documented operation also has its section with the signature line.
        for (name, ..) in &expected {
            assert!(doc.contains(&format!("## {name}\n")), "{api}: no section for `{name}`");
        }
    }
}

/// The cells of a Markdown table row, split at unescaped pipes.
fn cells(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.last_mut().expect("a cell").push(c);
                if let Some(next) = chars.next() {
                    out.last_mut().expect("a cell").push(next);
                }
            }
            '|' => out.push(String::new()),
            _ => out.last_mut().expect("a cell").push(c),
        }
    }
    out.iter().map(|c| c.trim().to_string()).collect()
}

/// The rows of the parameter table in the section of operation `op`,
/// each split into its cells; the table ends at the first blank line.
fn param_rows(doc: &str, op: &str) -> Vec<Vec<String>> {
    let section = doc.split(&format!("\n## {op}\n")).nth(1).unwrap_or_else(|| panic!("no section for `{op}`"));
    let table = section.split("### Parameters\n\n").nth(1).unwrap_or_else(|| panic!("`{op}` has no parameters"));
    table.lines().skip(2).take_while(|l| !l.is_empty()).map(cells).collect()
}

#[test]
fn docs_show_signature_parameters_and_return_type() {
    let Some(spec) = upstream_spec("qovery/openapi.yaml") else { return };
    let generated = generate(&spec, "qovery");
    let doc = &generated.files[Path::new("docs/JobSecretApi.md")];
    assert!(doc.contains("> models::Secret create_job_secret(job_id, secret_request)"), "{doc}");
    assert!(doc.contains("> () delete_job_secret(job_id, secret_id)"), "{doc}");
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        param_rows(doc, "create_job_secret"),
        [
            row(&["**job_id**", "**uuid::Uuid**", "Job ID", "[required]", ""]),
            row(&["**secret_request**", "Option<**models::SecretRequest**>", "", "", ""]),
        ]
    );
    // One row per parameter, five cells each, in every section.
    for (name, ..) in table_rows(doc) {
        for r in param_rows(doc, &name) {
            assert_eq!(r.len(), 5, "`{name}`: a parameter row of {} cells: {r:?}", r.len());
        }
    }
}

/// Method calls named `unwrap` or `expect` in a parsed file.
struct Unwraps(Vec<String>);

impl<'ast> syn::visit::Visit<'ast> for Unwraps {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if call.method == "unwrap" || call.method == "expect" {
            self.0.push(call.method.to_string());
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

fn forbids_unsafe(file: &syn::File) -> bool {
    file.attrs.iter().any(|a| {
        matches!(a.style, syn::AttrStyle::Inner(_))
            && a.path().is_ident("forbid")
            && a.parse_args::<syn::Path>().is_ok_and(|p| p.is_ident("unsafe_code"))
    })
}

/// Generated code never unwraps: data from the network or the user ends in
/// an `Err`, not a panic; and every crate forbids `unsafe` (an attribute of
/// the parsed crate root, not text that a doc comment could hold).
#[test]
fn generated_code_has_no_unwrap_and_forbids_unsafe() {
    for sdk in sdks() {
        let generated = sdk.config().generate().unwrap_or_else(|e| panic!("{}: {e}", sdk.spec.display()));
        for (rel, contents) in &generated.files {
            if rel.extension().is_some_and(|e| e == "rs") {
                let file = syn::parse_file(contents).expect("generated Rust parses");
                let mut found = Unwraps(Vec::new());
                syn::visit::Visit::visit_file(&mut found, &file);
                assert!(found.0.is_empty(), "{}: {} calls {:?}", sdk.crate_name(), rel.display(), found.0);
            }
        }
        let lib = syn::parse_file(&generated.files[Path::new("src/lib.rs")]).expect("lib.rs parses");
        assert!(forbids_unsafe(&lib), "{}: src/lib.rs lacks #![forbid(unsafe_code)]", sdk.crate_name());
    }
}

/// A crate that carries the runtime (the default) depends on the copy in
/// its `runtime/` directory under the runtime's own name, and the copy
/// uses rustls, not the system's OpenSSL; read from the parsed manifests.
#[test]
fn carried_runtime_is_a_package_that_uses_rustls() {
    let sdk = &sdks()[0];
    let mut config = generator::Config::new(&sdk.spec);
    config.crate_name("carried");
    let generated = config.generate().expect("generate");
    let manifest = |path: &str| -> toml::Table { generated.files[Path::new(path)].parse().expect("manifest parses") };
    let client = manifest("Cargo.toml");
    let runtime = manifest("runtime/Cargo.toml");
    let dep = &client["dependencies"]["openapi-rust-runtime"];
    assert_eq!(dep.get("path").and_then(toml::Value::as_str), Some("runtime"), "{dep}");
    assert_eq!(dep.get("package"), runtime["package"].get("name"), "{dep}");
    assert_eq!(runtime["package"]["name"].as_str(), Some("carried-runtime"));
    assert!(generated.files.contains_key(Path::new("runtime/src/lib.rs")));
    let reqwest = &runtime["dependencies"]["reqwest"];
    assert_eq!(reqwest.get("default-features").and_then(toml::Value::as_bool), Some(false), "{reqwest}");
    let features = reqwest.get("features").and_then(toml::Value::as_array).expect("features");
    assert!(features.iter().any(|f| f.as_str() == Some("rustls-tls")), "{reqwest}");
}

/// The crate-root attribute check fails on the defect it exists for: the
/// attribute glued to the end of a doc line is only text.
#[test]
fn forbid_glued_to_a_doc_line_does_not_count() {
    let glued = syn::parse_file("//! Docs.#![forbid(unsafe_code)]\npub mod a {}").expect("parses");
    assert!(!forbids_unsafe(&glued));
    let real = syn::parse_file("//! Docs.\n#![forbid(unsafe_code)]\npub mod a {}").expect("parses");
    assert!(forbids_unsafe(&real));
}

/// The features that reach each model of a team spec, one line per model
/// (`Secret: every feature`, `Base: none (full)`), reviewed as a snapshot.
fn reach_table(api: &generator::ir::Api) -> String {
    let reach = generator::ir::reach::reach(api);
    let all: BTreeSet<String> = api.features().into_iter().collect();
    let mut text = format!("features: {}\n", all.iter().cloned().collect::<Vec<_>>().join(", "));
    for name in api.types.keys() {
        let line = match reach.get(name) {
            None => "none (full)".to_string(),
            Some(f) if *f == all => "every feature".to_string(),
            Some(f) => f.iter().cloned().collect::<Vec<_>>().join(", "),
        };
        text.push_str(&format!("{name}: {line}\n"));
    }
    text
}

/// The cfg of each `mod` of a committed crate's `src/models/mod.rs`, as
/// the features it names (empty when ungated), by module name.
fn model_mod_gates(crate_dir: &Path) -> std::collections::BTreeMap<String, BTreeSet<String>> {
    fn literals(tokens: proc_macro2::TokenStream, out: &mut BTreeSet<String>) {
        for t in tokens {
            match t {
                proc_macro2::TokenTree::Group(g) => literals(g.stream(), out),
                proc_macro2::TokenTree::Literal(l) => {
                    out.insert(l.to_string().trim_matches('"').to_string());
                }
                _ => {}
            }
        }
    }
    let text = std::fs::read_to_string(crate_dir.join("src/models/mod.rs")).expect("models/mod.rs");
    let file = syn::parse_file(&text).expect("parses");
    let mut out = std::collections::BTreeMap::new();
    for item in file.items {
        let syn::Item::Mod(m) = item else { continue };
        let mut features = BTreeSet::new();
        for a in m.attrs.iter().filter(|a| a.path().is_ident("cfg")) {
            literals(a.meta.require_list().expect("cfg(..)").tokens.clone(), &mut features);
        }
        out.insert(m.ident.to_string(), features);
    }
    out
}

/// Which tags reach each model of the team specs (reviewed snapshots), and
/// the committed crates gate each model on exactly those features: `full`
/// when none reaches it, nothing when every tag does.
#[test]
fn models_are_gated_on_the_tags_that_reach_them() {
    for sdk in sdks()
        .into_iter()
        .filter(|s| ["qovery-secrets", "operations", "vonage-account"].contains(&s.crate_name().as_str()))
    {
        let generated = sdk.config().generate().unwrap_or_else(|e| panic!("{}: {e}", sdk.spec.display()));
        let api = &generated.api;
        insta::assert_snapshot!(format!("reach@{}", sdk.crate_name()), reach_table(api));
        let reach = generator::ir::reach::reach(api);
        let all: BTreeSet<String> = api.features().into_iter().collect();
        let gates = model_mod_gates(&sdk.out);
        assert_eq!(gates.len(), api.types.len(), "{}: one mod per model", sdk.crate_name());
        for name in api.types.keys() {
            let module = generator::ir::names::module_name(name);
            let expected = match reach.get(name) {
                None => BTreeSet::from(["full".to_string()]),
                Some(f) if *f == all => BTreeSet::new(),
                Some(f) => f.clone(),
            };
            assert_eq!(gates[&module], expected, "{}: model {name}", sdk.crate_name());
        }
    }
}

/// How a struct can be built, as `(method, argument names)`: `new` with its
/// parameters, then each `with_*` setter (no names). From the parsed model
/// file, or from the "Building a value" table of its Markdown doc.
type Builders = BTreeSet<(String, Vec<String>)>;

fn builders_in_code(file: &syn::File) -> Builders {
    let mut out = Builders::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        for f in imp.items.iter().filter_map(|i| if let syn::ImplItem::Fn(f) = i { Some(&f.sig) } else { None }) {
            let name = f.ident.to_string();
            if name == "new" {
                let args = f.inputs.iter().filter_map(|a| match a {
                    syn::FnArg::Typed(t) => match &*t.pat {
                        syn::Pat::Ident(p) => Some(p.ident.to_string()),
                        _ => panic!("a parameter of `new` is not a plain name"),
                    },
                    syn::FnArg::Receiver(_) => None,
                });
                out.insert((name, args.collect()));
            } else if name.starts_with("with_") {
                out.insert((name, Vec::new()));
            }
        }
    }
    out
}

fn builders_in_doc(markdown: &str) -> Builders {
    let section = markdown.split("## Building a value").nth(1).unwrap_or_default();
    let mut out = Builders::new();
    for line in section.lines().take_while(|l| !l.starts_with("[[Back")) {
        let cells: Vec<&str> = line.split(" | ").collect();
        let Some(method) = cells[0].strip_prefix('`').and_then(|c| c.strip_suffix('`')) else { continue };
        let args = match (method, cells.get(1)) {
            ("new", Some(&"nothing")) => Vec::new(),
            ("new", Some(args)) => {
                args.split(", ").filter_map(|a| a.split_once(": ")).map(|(n, _)| n.to_string()).collect()
            }
            _ => Vec::new(),
        };
        out.insert((method.to_string(), args));
    }
    out
}

/// A struct model is `#[non_exhaustive]`, so its doc must say how to build
/// one: every committed crate's struct docs list `new` with the arguments
/// the code takes, and exactly the `with_*` setters the code has.
#[test]
fn struct_docs_list_the_constructor_and_every_setter() {
    let mut checked = 0;
    for sdk in sdks() {
        let generated = sdk.config().generate().unwrap_or_else(|e| panic!("{}: {e}", sdk.spec.display()));
        for (path, text) in &generated.files {
            if !path.starts_with("src/models") || path.ends_with("mod.rs") {
                continue;
            }
            let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // The setters are written by the runtime's `model_setters!`.
            let file =
                generator::expand::expand_runtime_macros(&file).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let Some(name) = file.items.iter().find_map(|i| match i {
                syn::Item::Struct(s) if s.attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) => {
                    Some(s.ident.to_string())
                }
                _ => None,
            }) else {
                continue;
            };
            let doc = &generated.files[Path::new(&format!("docs/{name}.md"))];
            assert_eq!(builders_in_doc(doc), builders_in_code(&file), "{}: docs/{name}.md", sdk.crate_name());
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} struct models checked");
}
