//! Command line: `generate`, `check` and `diff`.

use std::path::{Path, PathBuf};

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

// Rendering allocates heavily on every core; mimalloc keeps that cheap.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Writes nothing; lists every file that differs from what would be
        /// generated and fails if there is one (for the CI of projects that
        /// commit generated code).
        #[arg(long)]
        check: bool,
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
        /// `text` (one line per change), `markdown` (a CHANGELOG section) or `json`.
        #[arg(long, default_value = "text")]
        format: generator::diff::Format,
    },
}

/// Generates with `config`, prints the change report against the record the
/// previous generation left in `out` (if any), and applies the `changelog`
/// option.
fn generate_against(config: &generator::Config, out: &Path, quiet: bool) -> anyhow::Result<generator::Generated> {
    let mut generated = config.generate()?;
    if let Some(Err(reason)) = generator::surface::previous(out) {
        eprintln!("warning: {}: {reason}; no change report", out.display());
    }
    if let Some(report) = generated.changes_since(out) {
        if !quiet && !report.changes.is_empty() {
            println!("{}: changes since the last generation:", out.display());
            print!("{}", report.render(generator::diff::Format::Text, ""));
        }
        if config.current_options().changelog.unwrap_or(false) {
            generated.apply_changelog(out, &report);
        }
    }
    Ok(generated)
}

fn generate_one(config: generator::Config, out: &Path) -> anyhow::Result<()> {
    let start = std::time::Instant::now();
    // A run whose inputs and output are those of the last one stops here,
    // before loading anything.
    if let Some(hit) = generator::cache::unchanged(&config, out) {
        let counts = [hit.operations, hit.types, 0, hit.files, 0];
        print_summary(out, counts, &hit.summary, start.elapsed());
        return Ok(());
    }
    let started = std::time::SystemTime::now();
    let generated = generate_against(&config, out, false)?;
    let summary = generated.write_to(out).with_context(|| format!("writing `{}`", out.display()))?;
    if let Err(e) = generator::cache::stamp(&config, &generated, out, started) {
        eprintln!("warning: {e}; the next run will not be shortened");
    }
    let ops: usize = generated.api.groups.iter().map(|g| g.operations.len()).sum();
    let counts = [ops, generated.api.types.len(), summary.written.len(), summary.unchanged, summary.removed.len()];
    print_summary(out, counts, &generated.report.summary(), start.elapsed());
    // The process ends soon: freeing the rendered files and the IR one
    // by one would only delay that.
    std::mem::forget(generated);
    Ok(())
}

/// The line `generate` ends with; `counts` are operations, types, files
/// written, unchanged and removed.
fn print_summary(out: &Path, counts: [usize; 5], report: &str, elapsed: std::time::Duration) {
    let [ops, types, written, unchanged, removed] = counts;
    eprintln!(
        "{}: {ops} operations, {types} types, {written} files written, {unchanged} unchanged, {removed} removed, {report}; {elapsed:.2?}",
        out.display(),
    );
}

/// Compares what `config` generates with `out`, writing nothing; prints one
/// line per file that differs. `true` when nothing differs.
fn check_one(config: generator::Config, out: &Path) -> anyhow::Result<bool> {
    if generator::cache::unchanged(&config, out).is_some() {
        eprintln!("{}: up to date", out.display());
        return Ok(true);
    }
    let generated = generate_against(&config, out, true)?;
    let summary = generated.compare_to(out).with_context(|| format!("reading `{}`", out.display()))?;
    for rel in &summary.written {
        let what = if out.join(rel).exists() { "differs" } else { "missing" };
        println!("{what}: {}", out.join(rel).display());
    }
    for rel in &summary.removed {
        println!("not generated: {}", out.join(rel).display());
    }
    let current = summary.written.is_empty() && summary.removed.is_empty();
    eprintln!("{}: {}", out.display(), if current { "up to date" } else { "out of date" });
    Ok(current)
}

/// Generates (or with `check`, compares) one output; `true` when it went well.
fn generate_or_check(config: generator::Config, out: &Path, check: bool) -> anyhow::Result<bool> {
    if check {
        check_one(config, out)
    } else {
        generate_one(config, out).map(|()| true)
    }
}

fn run(cli: Cli) -> anyhow::Result<bool> {
    match cli.command {
        Command::Generate { spec: Some(spec), out: Some(out), options, check, .. } => {
            let mut config = generator::Config::new(spec);
            config.options(&options);
            return generate_or_check(config, &out, check);
        }
        Command::Generate { sdks, options, check, .. } => {
            let mut current = true;
            for sdk in generator::sdks::read(&sdks)? {
                let mut config = sdk.config();
                config.options(&options);
                current &= generate_or_check(config, &sdk.out, check)?;
            }
            if !current {
                eprintln!("error: generated output is out of date; run the same command without --check");
            }
            return Ok(current);
        }
        Command::Check { spec, deny_simplified, options } => {
            let (api, report, _) = generator::Config::new(&spec).options(&options).check()?;
            let ops: usize = api.groups.iter().map(|g| g.operations.len()).sum();
            for item in report.sorted() {
                println!("{}: {}: {}", item.kind.label(), item.pointer, item.reason);
            }
            println!("{}: {} operations, {} types, {}", spec.display(), ops, api.types.len(), report.summary());
            if deny_simplified && report.simplified() > 0 {
                eprintln!("error: {} simplified item(s) and --deny-simplified is set", report.simplified());
                return Ok(false);
            }
        }
        Command::Diff { old, new, deny_breaking, format } => {
            let (before, _, _) =
                generator::Config::new(&old).check().with_context(|| format!("`{}`", old.display()))?;
            let (after, _, _) = generator::Config::new(&new).check().with_context(|| format!("`{}`", new.display()))?;
            let report = generator::diff::diff(&before, &after);
            let heading = format!("{} (from {})", after.version, before.version);
            print!("{}", report.render(format, &heading));
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
