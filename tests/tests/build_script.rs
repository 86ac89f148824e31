//! The build.rs path: `examples/inventory` generates its client in its build
//! script, cargo reruns that script only when an input changed, and the
//! README and the generator's crate docs show that crate's real files.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use tests::workspace_root;

fn example() -> PathBuf {
    workspace_root().join("examples/inventory")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `cargo check -v` of the example in a target directory of its own (the
/// test run holds the workspace's); returns stderr, where cargo reports
/// which units are fresh and which build scripts run.
fn check_example() -> String {
    let out = Command::new(env!("CARGO"))
        .args(["check", "-v", "-p", "inventory-example"])
        .current_dir(workspace_root())
        .env("CARGO_TARGET_DIR", workspace_root().join("target/build-script-check"))
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "cargo check of the example failed:\n{stderr}");
    stderr
}

/// Whether cargo ran the example's build script (not merely compiled it).
fn script_ran(stderr: &str) -> bool {
    stderr.lines().any(|l| {
        l.trim_start().starts_with("Running") && l.contains("inventory-example-") && l.contains("build-script-build")
    })
}

fn touch(path: &Path) {
    let file = std::fs::File::options().write(true).open(path).expect("open");
    file.set_modified(SystemTime::now()).expect("set mtime");
}

#[test]
fn the_build_script_reruns_only_when_an_input_changes() {
    check_example();
    let fresh = check_example();
    assert!(!script_ran(&fresh), "nothing changed, yet the build script ran:\n{fresh}");
    assert!(fresh.contains("Fresh inventory-example"), "{fresh}");

    // A file reached only through a `$ref` counts as an input too.
    for input in ["specs/inventory-common.yaml", "specs/inventory.yaml"] {
        std::thread::sleep(std::time::Duration::from_millis(20));
        touch(&workspace_root().join(input));
        let after_touch = check_example();
        assert!(script_ran(&after_touch), "touching `{input}` did not rerun the build script:\n{after_touch}");
        let again = check_example();
        assert!(!script_ran(&again), "the build script ran twice after touching `{input}`:\n{again}");
    }
}

/// The snippets in the README are the example's files, byte for byte.
#[test]
fn the_readme_shows_the_example_crate() {
    let readme = read(&workspace_root().join("README.md"));
    let block = |lang: &str, body: &str| format!("```{lang}\n{}\n```", body.trim());
    let build = read(&example().join("build.rs"));
    let lib = read(&example().join("src/lib.rs"));
    let manifest = read(&example().join("Cargo.toml"));
    let deps =
        &manifest[manifest.find("[dependencies]").expect("deps")..manifest.find("[dev-dependencies]").expect("dev")];
    for (what, snippet) in [
        ("build.rs", block("rust,ignore", &build)),
        ("src/lib.rs", block("rust,ignore", &lib)),
        ("Cargo.toml", block("toml", deps)),
    ] {
        assert!(
            readme.contains(&snippet),
            "the README's `{what}` of examples/inventory is stale; it should be:\n{snippet}"
        );
    }
}

/// The example builds without the generator's command line: `clap` and
/// `anyhow` are not in its build graph.
#[test]
fn the_build_dependency_has_no_cli_crates() {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "-p", "inventory-example", "-e", "build,normal", "--prefix", "none", "--format", "{p}"])
        .current_dir(workspace_root())
        .output()
        .expect("run cargo tree");
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && tree.contains("generator v"), "{tree}");
    for cli_crate in ["clap v", "anyhow v"] {
        assert!(!tree.lines().any(|l| l.starts_with(cli_crate)), "`{cli_crate}` is in the build graph:\n{tree}");
    }
}

/// Module output of the team's hardest documents (keywords and names of
/// our own items as spec names, every construct) compiles under
/// `clippy -D warnings` when included in modules of an ordinary crate,
/// next to each other, and has no inner attributes `include!` would refuse.
#[test]
fn module_output_compiles_inside_a_users_module() {
    let dir = workspace_root().join("target/module-check");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    let mut lib = String::from("//! Modules generated from the team's documents.\n");
    for spec in ["adversarial", "operations", "schemas", "unions", "qovery-secrets"] {
        let mut config = generator::Config::new(workspace_root().join(format!("specs/{spec}.yaml")));
        config.crate_name(spec).output(generator::Output::Module);
        let generated = config.generate().unwrap_or_else(|e| panic!("{spec}: {e}"));
        generated.write_to(&dir.join("gen")).expect("write");
        let file = format!("{}.rs", spec.replace('-', "_"));
        let parsed = syn::parse_file(&generated.files[Path::new(&file)]).expect("parses");
        assert!(parsed.attrs.is_empty(), "{spec}: inner attributes at the top of the module file");
        let module = spec.replace('-', "_");
        lib.push_str(&format!(
            "/// `{spec}`.\npub mod {module} {{\n    include!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/gen/{file}\"));\n}}\n"
        ));
    }
    std::fs::write(dir.join("src/lib.rs"), lib).expect("write lib.rs");
    let runtime = workspace_root().join("runtime");
    let manifest = format!(
        "[package]\nname = \"module-check\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n\
         [dependencies]\nopenapi-rust-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\nchrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\", \"clock\"] }}\n\
         uuid = {{ version = \"1\", features = [\"serde\"] }}\n",
        runtime.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    // Reuse the example check's lock file for the same dependency versions.
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock");
    let out = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--", "-D", "warnings"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", workspace_root().join("target/build-script-check"))
        .output()
        .expect("run cargo clippy");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("warning"), "module output does not pass clippy:\n{stderr}");
}
