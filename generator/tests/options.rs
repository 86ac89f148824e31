//! Each option is declared once: its flag, its `sdks.yaml` key, its setter
//! and its documentation all come from that one entry, and agree.
#![cfg(feature = "cli")]

use std::path::PathBuf;

use clap::Parser as _;
use generator::{Options, Output, OPTIONS};

#[derive(clap::Parser)]
struct Cli {
    #[command(flatten)]
    options: Options,
}

/// A value for each option, as text. An option added without a sample here
/// fails the test, so the round trip always covers every option.
fn sample(name: &str) -> &'static str {
    match name {
        "crate_name" => "pet-store",
        "crate_version" => "2.3.4",
        "templates_dir" => "my/templates",
        "output" => "module",
        "runtime_path" => "../runtime",
        "runtime_version" => "0.9",
        "runtime_crate" => "::my_runtime",
        "strict" => "true",
        "changelog" => "true",
        "mock_module" => "true",
        "pagination" => "list* cursor page_token from meta.next items data",
        other => panic!("no sample value for option `{other}`: add one here and to `by_setters`"),
    }
}

/// The sample as a YAML value: booleans bare, lists as lists, everything else quoted
/// (`0.9` would otherwise read as a number).
fn yaml_scalar(name: &str, sample: &str) -> String {
    match sample {
        // A list option takes a list.
        _ if name == "pagination" => format!("[{sample:?}]"),
        "true" | "false" => sample.to_string(),
        _ => format!("{sample:?}"),
    }
}

fn by_setters() -> Options {
    let mut config = generator::Config::new("spec.yaml");
    config
        .crate_name("pet-store")
        .crate_version("2.3.4")
        .templates_dir("my/templates")
        .output(Output::Module)
        .runtime_path("../runtime")
        .runtime_version("0.9")
        .runtime_crate("::my_runtime")
        .strict(true)
        .pagination(vec!["list* cursor page_token from meta.next items data".parse().expect("a rule")])
        .mock_module(true)
        .changelog(true);
    config.current_options().clone()
}

#[test]
fn flags_keys_and_setters_set_the_same_options() {
    let mut args = vec!["generator".to_string()];
    for o in OPTIONS {
        args.push(o.flag());
        args.push(sample(o.name).to_string());
    }
    let from_flags = Cli::try_parse_from(&args).expect("every flag parses").options;

    let yaml: String =
        OPTIONS.iter().map(|o| format!("{}: {}\n", o.name, yaml_scalar(o.name, sample(o.name)))).collect();
    let from_yaml: Options = serde_yaml::from_str(&yaml).expect("every key parses");

    let from_setters = by_setters();
    assert_eq!(from_flags, from_yaml);
    assert_eq!(from_flags, from_setters);
    assert_eq!(from_setters.templates_dir, Some(PathBuf::from("my/templates")));
}

#[test]
fn an_unknown_key_is_refused() {
    let err = serde_yaml::from_str::<Options>("crate_nmae: x\n").expect_err("typo");
    assert!(err.to_string().contains("crate_nmae"), "{err}");
}

#[test]
fn every_option_states_its_default_and_its_flag_help() {
    let help = <Cli as clap::CommandFactory>::command().render_long_help().to_string();
    for o in OPTIONS {
        assert!(!o.default.is_empty() && !o.doc.is_empty(), "{}", o.name);
        assert!(help.contains(&o.flag()), "`{}` missing from --help:\n{help}", o.flag());
        assert!(help.contains(&format!("Default: {}.", o.default)), "default of `{}` missing:\n{help}", o.name);
    }
}

#[test]
fn the_readme_table_is_the_declared_options() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).expect("README");
    let start = readme.find("<!-- options table: generator::options::markdown_table -->\n").expect("start marker");
    let body = &readme[start..];
    let body = &body[body.find('\n').expect("newline") + 1..];
    let end = body.find("<!-- end of options table -->").expect("end marker");
    let expected = generator::options::markdown_table();
    assert!(body[..end] == expected, "the README's table of options is stale; replace it with:\n{expected}");
}
