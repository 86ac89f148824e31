//! Golden tests: the committed crates are what the generator produces now,
//! generation is deterministic, the reviewed snapshots hold, and the
//! Markdown docs carry the method tables of the published clients.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tests::{seeds_dir, upstream_specs, workspace_root};

fn generate(spec: &Path, name: &str) -> generator::Generated {
    generator::Config::new(spec).crate_name(name).generate().unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
}

fn sdks() -> Vec<generator::sdks::Sdk> {
    generator::sdks::read(&workspace_root().join("specs/sdks.yaml")).expect("specs/sdks.yaml")
}

fn files_under(dir: &Path, base: &Path, out: &mut BTreeSet<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files_under(&path, base, out);
        } else {
            out.insert(path.strip_prefix(base).expect("prefix").to_path_buf());
        }
    }
}

#[test]
fn committed_crates_are_fresh() {
    for sdk in sdks() {
        let generated = generate(&sdk.spec, &sdk.crate_name);
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
            assert!(
                disk == *contents,
                "{}/{} is stale; run `cargo run -p generator -- generate`",
                sdk.out.display(),
                rel.display()
            );
        }
    }
}

#[test]
fn generation_is_deterministic() {
    let mut specs: Vec<(PathBuf, String)> = sdks().into_iter().map(|s| (s.spec, s.crate_name)).collect();
    specs.push((upstream_specs().join("qovery/openapi.yaml"), "qovery".into()));
    specs.push((upstream_specs().join("vonage/account.yml"), "vonage-account".into()));
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

/// One reviewed snapshot per team spec: every API module and model.
#[test]
fn snapshots_of_team_specs() {
    for sdk in sdks() {
        let generated = generate(&sdk.spec, &sdk.crate_name);
        let mut text = String::new();
        for (rel, contents) in &generated.files {
            let r = rel.to_string_lossy();
            if r.starts_with("src/apis/") || r.starts_with("src/models/") {
                text.push_str(&format!("==> {r}\n{contents}\n"));
            }
        }
        insta::assert_snapshot!(sdk.crate_name.clone(), text);
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
    for (spec, seed, api) in cases {
        let generated = generate(&upstream_specs().join(spec), "sdk");
        let doc = generated.files.get(Path::new(&format!("docs/{api}.md"))).unwrap_or_else(|| panic!("docs/{api}.md"));
        let seed_text = std::fs::read_to_string(seeds_dir().join(seed)).expect("seed");
        let expected = table_rows(&seed_text);
        assert!(expected.len() >= 4, "{seed}: parsed only {} rows", expected.len());
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

#[test]
fn docs_show_signature_parameters_and_return_type() {
    let generated = generate(&upstream_specs().join("qovery/openapi.yaml"), "qovery");
    let doc = &generated.files[Path::new("docs/JobSecretApi.md")];
    assert!(doc.contains("> models::Secret create_job_secret(job_id, secret_request)"), "{doc}");
    assert!(doc.contains("**job_id** | **uuid::Uuid** | Job ID | [required] |"), "{doc}");
    assert!(doc.contains("> () delete_job_secret(job_id, secret_id)"), "{doc}");
    assert!(doc.contains("**secret_request** | Option<**models::SecretRequest**>"), "{doc}");
}

/// Generated code never unwraps: data from the network or the user ends in
/// an `Err`, not a panic; and every crate forbids `unsafe`.
#[test]
fn generated_code_has_no_unwrap_and_forbids_unsafe() {
    for sdk in sdks() {
        let generated = generate(&sdk.spec, &sdk.crate_name);
        for (rel, contents) in &generated.files {
            if rel.extension().is_some_and(|e| e == "rs") {
                assert!(
                    !contents.contains(".unwrap()") && !contents.contains(".expect("),
                    "{}: {}",
                    sdk.crate_name,
                    rel.display()
                );
            }
        }
        assert!(generated.files[Path::new("src/lib.rs")].contains("#![forbid(unsafe_code)]"));
        let manifest = &generated.files[Path::new("Cargo.toml")];
        assert!(manifest.contains("rustls-tls") && manifest.contains("default-features = false"), "{manifest}");
    }
}
