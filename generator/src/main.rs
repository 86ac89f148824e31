//! Command line: `generate`, `check` and `diff`.

use std::path::{Path, PathBuf};

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "generator", version, about = "OpenAPI to Rust client generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generates a client crate; with no --spec, regenerates every SDK in specs/sdks.yaml.
    Generate {
        /// The OpenAPI document (YAML or JSON).
        #[arg(long, requires = "out")]
        spec: Option<PathBuf>,
        /// Output directory: the crate's, or where the module file goes.
        #[arg(long, requires = "spec")]
        out: Option<PathBuf>,
        /// The SDK list used when --spec is absent; options given here
        /// override the list's.
        #[arg(long, default_value = "specs/sdks.yaml")]
        sdks: PathBuf,
        #[command(flatten)]
        options: generator::Options,
    },
    /// Validates a document without writing anything and lists what the generator simplifies.
    Check {
        /// The OpenAPI document.
        #[arg(long)]
        spec: PathBuf,
        /// Fails when anything had to be simplified.
        #[arg(long)]
        deny_simplified: bool,
        /// The generation options (`--strict true` refuses deviations).
        #[command(flatten)]
        options: generator::Options,
    },
    /// Compares the Rust API generated from two versions of a document and
    /// classifies every change by what it breaks.
    Diff {
        /// The older document.
        #[arg(long)]
        old: PathBuf,
        /// The newer document.
        #[arg(long)]
        new: PathBuf,
        /// Fails when a change breaks code written against the older crate.
        #[arg(long)]
        deny_breaking: bool,
    },
}

fn generate_one(config: generator::Config, out: &Path) -> anyhow::Result<()> {
    let start = std::time::Instant::now();
    let generated = config.generate()?;
    let summary = generated.write_to(out).with_context(|| format!("writing `{}`", out.display()))?;
    let ops: usize = generated.api.groups.iter().map(|g| g.operations.len()).sum();
    eprintln!(
        "{}: {} operations, {} types, {} files written, {} unchanged, {} removed, {}; {:.2?}",
        out.display(),
        ops,
        generated.api.types.len(),
        summary.written.len(),
        summary.unchanged,
        summary.removed.len(),
        generated.report.summary(),
        start.elapsed()
    );
    Ok(())
}

fn run(cli: Cli) -> anyhow::Result<bool> {
    match cli.command {
        Command::Generate { spec: Some(spec), out: Some(out), options, .. } => {
            let mut config = generator::Config::new(spec);
            config.options(&options);
            generate_one(config, &out)?;
        }
        Command::Generate { sdks, options, .. } => {
            for sdk in generator::sdks::read(&sdks)? {
                let mut config = sdk.config();
                config.options(&options);
                generate_one(config, &sdk.out)?;
            }
        }
        Command::Check { spec, deny_simplified, options } => {
            let (api, report, _) = generator::Config::new(&spec).options(&options).check()?;
            let ops: usize = api.groups.iter().map(|g| g.operations.len()).sum();
            for item in report.sorted() {
                println!("{}: {}: {}", item.kind.label(), item.pointer, item.reason);
            }
            println!("{}: {} operations, {} types, {}", spec.display(), ops, api.types.len(), report.summary());
            if deny_simplified && !report.items.is_empty() {
                eprintln!("error: {} simplified item(s) and --deny-simplified is set", report.sorted().len());
                return Ok(false);
            }
        }
        Command::Diff { old, new, deny_breaking } => {
            let (before, _, _) =
                generator::Config::new(&old).check().with_context(|| format!("`{}`", old.display()))?;
            let (after, _, _) = generator::Config::new(&new).check().with_context(|| format!("`{}`", new.display()))?;
            let report = generator::diff::diff(&before, &after);
            for c in &report.changes {
                println!("{}: {}: {}", c.impact.label(), c.item, c.what);
            }
            println!("{} -> {}: {}", old.display(), new.display(), report.summary());
            if deny_breaking && report.count(generator::diff::Impact::Breaking) > 0 {
                eprintln!("error: breaking changes and --deny-breaking is set");
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
