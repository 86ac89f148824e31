//! Test support: the Prism harness, paths to the upstream documents, and
//! the compile-time signature checks of the committed generated crates.
//!
//! The signature files under `tests/signatures/` are compiled twice: here,
//! against the crates generated from the team's specs, and by the upstream
//! test, against crates generated from the full upstream documents. A wrong
//! signature fails to compile either way.

extern crate qovery_secrets as qovery;
extern crate vonage_account as vonage;

pub mod callsites;
pub mod prism;
pub mod sweep;
pub mod upstream_ws;

/// Compile-time checks against `generated/qovery-secrets`.
#[path = "../signatures/qovery.rs"]
pub mod qovery_signatures;

/// Compile-time checks against `generated/vonage-account`.
#[path = "../signatures/vonage.rs"]
pub mod vonage_signatures;

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where the upstream documents are: `$SPECS_DIR`, default `../shared/specs`
/// beside the checkout.
pub fn upstream_specs() -> PathBuf {
    prism::specs_dir()
}

/// Where the published client docs are: `$SEEDS_DIR`, default `../shared/seeds`.
pub fn seeds_dir() -> PathBuf {
    match std::env::var_os("SEEDS_DIR") {
        Some(d) => {
            let p = PathBuf::from(d);
            if p.is_absolute() {
                p
            } else {
                workspace_root().join(p)
            }
        }
        None => workspace_root().join("../shared/seeds"),
    }
}

/// Set (to anything but `0` or empty) to make a missing upstream document
/// or seed fail its test instead of skipping it: `tests/run-all.sh` sets it
/// when `CI` is set, so CI can never skip silently.
pub const REQUIRE_UPSTREAM: &str = "REQUIRE_UPSTREAM";

/// The upstream document `rel` under `$SPECS_DIR` (`""` for the directory
/// itself), or `None` when it is missing and the test is to skip.
pub fn upstream_spec(rel: &str) -> Option<PathBuf> {
    present(&upstream_specs().join(rel), "set SPECS_DIR or run scripts/fetch-specs.sh")
}

/// The published client doc `rel` under `$SEEDS_DIR`, or `None` when it is
/// missing and the test is to skip.
pub fn seed(rel: &str) -> Option<PathBuf> {
    present(&seeds_dir().join(rel), "set SEEDS_DIR to a copy of the published client docs")
}

/// The doc lines (`///` text, trimmed) of the struct or enum `item` in the
/// generated Rust file `path`, or of its field or variant `member`. Read
/// from the parsed file, so text in an ordinary comment or a string does
/// not count. Panics when the item or member is missing.
pub fn docs_of(path: &Path, item: &str, member: Option<&str>) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let attrs = file
        .items
        .iter()
        .find_map(|i| member_attrs(i, item, member))
        .unwrap_or_else(|| panic!("{}: no `{item}` {member:?}", path.display()));
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }),
                ..
            }) => Some(s.value().trim().to_owned()),
            _ => None,
        })
        .collect()
}

/// The struct or enum `item` of the generated Rust file `path`: its field
/// (or variant) names in order, and whether it is `#[non_exhaustive]`.
/// Read from the parsed file. Panics when the item is missing.
pub fn shape_of(path: &Path, item: &str) -> (Vec<String>, bool) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let non_exhaustive = |attrs: &[syn::Attribute]| attrs.iter().any(|a| a.path().is_ident("non_exhaustive"));
    file.items
        .iter()
        .find_map(|i| match i {
            syn::Item::Struct(s) if s.ident == item => {
                Some((s.fields.iter().map(|f| quote_name(f.ident.as_ref())).collect(), non_exhaustive(&s.attrs)))
            }
            syn::Item::Enum(e) if e.ident == item => {
                Some((e.variants.iter().map(|v| v.ident.to_string()).collect(), non_exhaustive(&e.attrs)))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("{}: no `{item}`", path.display()))
}

fn member_attrs<'a>(i: &'a syn::Item, item: &str, member: Option<&str>) -> Option<&'a [syn::Attribute]> {
    let (attrs, members): (&[syn::Attribute], Vec<(String, &[syn::Attribute])>) = match i {
        syn::Item::Struct(s) if s.ident == item => {
            (&s.attrs, s.fields.iter().map(|f| (quote_name(f.ident.as_ref()), &f.attrs[..])).collect())
        }
        syn::Item::Enum(e) if e.ident == item => {
            (&e.attrs, e.variants.iter().map(|v| (v.ident.to_string(), &v.attrs[..])).collect())
        }
        _ => return None,
    };
    match member {
        None => Some(attrs),
        Some(m) => members.into_iter().find(|(name, _)| name == m).map(|(_, a)| a),
    }
}

fn quote_name(ident: Option<&syn::Ident>) -> String {
    ident.map(|i| i.to_string()).unwrap_or_default()
}

/// `path` if it exists. Otherwise, with [`REQUIRE_UPSTREAM`] set, the test
/// fails; without it, one line says what is missing and how to get it, and
/// `None` tells the test to skip: a clone without `../shared` still runs
/// the rest of the suite.
pub fn present(path: &Path, how: &str) -> Option<PathBuf> {
    let required = std::env::var(REQUIRE_UPSTREAM).is_ok_and(|v| !v.is_empty() && v != "0");
    present_or_skip(path, how, required)
}

fn present_or_skip(path: &Path, how: &str, required: bool) -> Option<PathBuf> {
    if path.exists() {
        return Some(path.to_path_buf());
    }
    let shown = path.strip_prefix(workspace_root()).unwrap_or(path);
    assert!(!required, "{} not found and {REQUIRE_UPSTREAM} is set; {how}", shown.display());
    // Straight to stderr: the test harness captures `eprintln!` of passing
    // tests, and a skip must be seen.
    let test = std::thread::current().name().unwrap_or("test").to_string();
    let _ = writeln!(std::io::stderr(), "skipped {test}: {} not found; {how}", shown.display());
    None
}

#[cfg(test)]
mod present_tests {
    use super::*;

    #[test]
    fn a_missing_file_skips_unless_required() {
        let here = workspace_root().join("README.md");
        assert_eq!(present_or_skip(&here, "", false), Some(here.clone()));
        assert_eq!(present_or_skip(&here, "", true), Some(here));
        assert_eq!(present_or_skip(&workspace_root().join("no-such-file"), "(this skip is the test)", false), None);
    }

    #[test]
    #[should_panic(expected = "no-such-file not found and REQUIRE_UPSTREAM is set; get it so")]
    fn a_missing_required_file_fails() {
        present_or_skip(&workspace_root().join("no-such-file"), "get it so", true);
    }
}
