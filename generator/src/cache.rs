//! The no-op shortcut of crate generation: a generation leaves a stamp in
//! its output directory (a key of this generator build and the options,
//! and a hash of every input file and of every file written), so the next
//! run with byte-identical inputs checks the output tree against it and
//! stops before loading or rendering anything.
//!
//! The stamp is only a cache. Anything in doubt (another generator build,
//! an input changed, an output file edited, added or gone, a stamp that
//! does not parse) is a miss, and the generation runs in full. The hashes
//! are std's SipHash with fixed keys: deterministic across runs, not
//! promised across Rust versions, which the build in the key covers.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};
use crate::{Config, Generated};

/// The stamp's file name in the output directory. Not part of the
/// generated crate: writing, comparing and `--check` ignore it.
pub const STAMP: &str = ".generator-stamp";

/// The first line; a stamp of another layout is a miss.
const HEADER: &str = "openapi-rust-generator stamp 1";

/// An input modified this close to the start of a generation may have
/// changed while it ran (file systems stamp times coarsely): no stamp then.
const RACY: Duration = Duration::from_secs(2);

/// What the stamped generation reported, for the summary line of a run
/// that found its output current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Operations generated.
    pub operations: usize,
    /// Types generated.
    pub types: usize,
    /// Files in the output, all unchanged.
    pub files: usize,
    /// The report's one-line summary ([`crate::Report::summary`]).
    pub summary: String,
}

/// A parsed stamp.
struct Stamp {
    key: u64,
    hit: Hit,
    inputs: Vec<(u64, PathBuf)>,
    files: BTreeMap<PathBuf, (u64, u64)>,
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// The running executable, by path, size and modification time: any
/// rebuild of the generator (or of a build script using it) changes it.
fn build_identity() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let mtime = meta.modified().ok()?.duration_since(SystemTime::UNIX_EPOCH).ok()?;
    Some(format!("{} {} {} {}", env!("CARGO_PKG_VERSION"), exe.display(), meta.len(), mtime.as_nanos()))
}

/// Everything besides the input files that the output depends on: the
/// generator build, the spec path, the options and the templates read
/// from the templates directory.
fn key(config: &Config) -> Option<u64> {
    let mut text = format!("{HEADER}\n{}\n{}\n{:?}\n", build_identity()?, config.spec.display(), config.options);
    if let Some(dir) = &config.options.templates_dir {
        for (name, _) in crate::render::DEFAULT_TEMPLATES {
            let digest = std::fs::read(dir.join(name)).map(|b| hash(&b).to_string()).unwrap_or_default();
            let _ = writeln!(text, "{name} {digest}");
        }
    }
    Some(hash(text.as_bytes()))
}

fn cacheable(config: &Config) -> bool {
    !crate::plan::Layout::of(&config.options).sources_only()
}

/// The stamped generation's report when `out` holds exactly what `config`
/// would generate: the stamp's key and every input's hash match, and the
/// files of `out` are the stamped ones, byte for byte. `None` otherwise.
pub fn unchanged(config: &Config, out: &Path) -> Option<Hit> {
    if !cacheable(config) {
        return None;
    }
    let stamp = parse(&std::fs::read_to_string(out.join(STAMP)).ok()?)?;
    if stamp.key != key(config)? {
        return None;
    }
    let inputs_same = stamp.inputs.iter().all(|(h, path)| std::fs::read(path).is_ok_and(|b| hash(&b) == *h));
    (inputs_same && tree_matches(out, &stamp.files)).then_some(stamp.hit)
}

/// The files of `out` (the stamp aside) are exactly `files`, with the
/// recorded sizes and hashes.
fn tree_matches(out: &Path, files: &BTreeMap<PathBuf, (u64, u64)>) -> bool {
    let mut on_disk = Vec::with_capacity(files.len());
    if crate::write::list_files(out, out, &mut on_disk).is_err() || on_disk.len() != files.len() + 1 {
        return false;
    }
    on_disk.iter().filter(|rel| rel.as_os_str() != STAMP).all(|rel| {
        files
            .get(rel)
            .is_some_and(|&(len, h)| std::fs::read(out.join(rel)).is_ok_and(|b| b.len() as u64 == len && hash(&b) == h))
    })
}

/// Writes the stamp of `generated`, just written to `out` by a generation
/// that started at `started`. Writes none (and removes an older one) when
/// an input was modified around the start, when its contents may not be
/// those the generation read.
pub fn stamp(config: &Config, generated: &Generated, out: &Path, started: SystemTime) -> Result<()> {
    if !cacheable(config) {
        return Ok(());
    }
    let path = out.join(STAMP);
    match render_stamp(config, generated, started) {
        Some(text) => {
            let tmp = out.join(format!("{STAMP}.tmp-{}", std::process::id()));
            std::fs::write(&tmp, text).map_err(|source| Error::Write { path: tmp.clone(), source })?;
            std::fs::rename(&tmp, &path).map_err(|source| Error::Write { path, source })
        }
        None => match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Write { path, source: e }),
            _ => Ok(()),
        },
    }
}

fn render_stamp(config: &Config, generated: &Generated, started: SystemTime) -> Option<String> {
    let operations: usize = generated.api.groups.iter().map(|g| g.operations.len()).sum();
    let mut text = format!(
        "{HEADER}\nkey {:016x}\nsummary {operations} {} {}\n",
        key(config)?,
        generated.api.types.len(),
        one_line(&generated.report.summary())?
    );
    for input in &generated.inputs {
        let fresh = std::fs::metadata(input).ok()?.modified().ok()? + RACY < started;
        let bytes = std::fs::read(input).ok()?;
        let _ = writeln!(text, "input {:016x} {}", hash(&bytes), one_line(input.to_str()?)?);
        fresh.then_some(())?;
    }
    for (rel, contents) in &generated.files {
        let _ =
            writeln!(text, "file {:016x} {} {}", hash(contents.as_bytes()), contents.len(), one_line(rel.to_str()?)?);
    }
    Some(text)
}

/// `s`, when it fits on one line of the stamp.
fn one_line(s: &str) -> Option<&str> {
    (!s.contains(['\n', '\r'])).then_some(s)
}

fn parse(text: &str) -> Option<Stamp> {
    let mut lines = text.lines();
    (lines.next()? == HEADER).then_some(())?;
    let key = u64::from_str_radix(lines.next()?.strip_prefix("key ")?, 16).ok()?;
    let mut summary = lines.next()?.strip_prefix("summary ")?.splitn(3, ' ');
    let operations = summary.next()?.parse().ok()?;
    let types = summary.next()?.parse().ok()?;
    let report = summary.next()?.to_string();
    let mut stamp = Stamp {
        key,
        hit: Hit { operations, types, files: 0, summary: report },
        inputs: Vec::new(),
        files: BTreeMap::new(),
    };
    for line in lines {
        let (kind, rest) = line.split_once(' ')?;
        let (digest, rest) = rest.split_once(' ')?;
        let digest = u64::from_str_radix(digest, 16).ok()?;
        match kind {
            "input" => stamp.inputs.push((digest, PathBuf::from(rest))),
            "file" => {
                let (len, rel) = rest.split_once(' ')?;
                stamp.files.insert(PathBuf::from(rel), (len.parse().ok()?, digest));
            }
            _ => return None,
        }
    }
    stamp.hit.files = stamp.files.len();
    Some(stamp)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::time::{Duration, SystemTime};

    use super::{stamp, unchanged, STAMP};
    use crate::Config;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {name: {type: string}}}\n";

    /// A spec written a minute ago, so its stamp is not refused as racy.
    fn old_spec(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("openapi.yaml");
        std::fs::write(&path, text).expect("write spec");
        let file = std::fs::File::options().write(true).open(&path).expect("open spec");
        file.set_modified(SystemTime::now() - Duration::from_secs(60)).expect("set mtime");
        path
    }

    /// Generates into `out` as the command line does: write, then stamp.
    fn generate(config: &Config, out: &Path) {
        let started = SystemTime::now();
        let generated = config.generate().expect("generate");
        generated.write_to(out).expect("write");
        stamp(config, &generated, out, started).expect("stamp");
    }

    fn setup() -> (tempfile::TempDir, Config, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let spec = old_spec(dir.path(), SPEC);
        let mut config = Config::new(spec);
        config.crate_name("t");
        let out = dir.path().join("out");
        generate(&config, &out);
        (dir, config, out)
    }

    #[test]
    fn an_untouched_output_is_a_hit_and_check_ignores_the_stamp() {
        let (_dir, config, out) = setup();
        let hit = unchanged(&config, &out).expect("hit");
        assert_eq!((hit.operations, hit.files), (1, config.generate().expect("generate").files.len()));
        let summary = config.generate().expect("generate").compare_to(&out).expect("compare");
        assert!(summary.written.is_empty() && summary.removed.is_empty(), "{summary:?}");
    }

    #[test]
    fn an_edited_deleted_or_added_output_file_is_a_miss() {
        let (_dir, config, out) = setup();
        let lib = out.join("src/lib.rs");
        let original = std::fs::read_to_string(&lib).expect("lib.rs");
        std::fs::write(&lib, original.replace("pub", "pub ")).expect("edit");
        assert!(unchanged(&config, &out).is_none(), "edited file");
        generate(&config, &out);
        assert_eq!(std::fs::read_to_string(&lib).expect("lib.rs"), original);
        assert!(unchanged(&config, &out).is_some(), "regenerated");
        std::fs::remove_file(&lib).expect("delete");
        assert!(unchanged(&config, &out).is_none(), "deleted file");
        generate(&config, &out);
        assert!(lib.exists());
        std::fs::write(out.join("src/extra.rs"), "").expect("add");
        assert!(unchanged(&config, &out).is_none(), "added file");
        generate(&config, &out);
        assert!(!out.join("src/extra.rs").exists());
        assert!(unchanged(&config, &out).is_some());
    }

    #[test]
    fn a_changed_option_or_spec_is_a_miss() {
        let (dir, config, out) = setup();
        let mut other = config.clone();
        other.crate_version("2.0.0");
        assert!(unchanged(&other, &out).is_none(), "option");
        old_spec(dir.path(), &SPEC.replace("listPets", "getPets"));
        assert!(unchanged(&config, &out).is_none(), "spec");
    }

    #[test]
    fn a_spec_modified_around_the_start_leaves_no_stamp() {
        let (dir, config, out) = setup();
        std::fs::write(dir.path().join("openapi.yaml"), SPEC).expect("touch");
        generate(&config, &out);
        assert!(!out.join(STAMP).exists());
        assert!(unchanged(&config, &out).is_none());
    }

    #[test]
    fn a_broken_stamp_is_a_miss() {
        let (_dir, config, out) = setup();
        let text = std::fs::read_to_string(out.join(STAMP)).expect("stamp");
        std::fs::write(out.join(STAMP), text.replace("file ", "fyle ")).expect("break");
        assert!(unchanged(&config, &out).is_none());
    }
}
