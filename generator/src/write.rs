//! Writing a rendered crate: all or nothing, and only changed bytes.
//!
//! The new crate is assembled in a temporary directory beside the target,
//! then swapped in with renames, so a failed run never leaves a half-written
//! crate. Files whose bytes did not change keep their modification time
//! (they are copied from the old tree by hard link or copy), so cargo does
//! not rebuild what did not change.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::Files;

fn werr(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write { path: path.to_path_buf(), source }
}

/// What a write changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteSummary {
    /// Files whose bytes changed or that are new.
    pub written: Vec<PathBuf>,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files of the previous output that are gone.
    pub removed: Vec<PathBuf>,
}

/// Every file under `dir`, relative to `base`.
pub(crate) fn list_files(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            list_files(&path, base, out)?;
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push(rel.to_path_buf());
        }
    }
    Ok(())
}

/// Writes `files` as the whole content of `out`.
pub fn write_crate(out: &Path, files: &Files) -> Result<WriteSummary> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(werr(parent))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "crate".into());
    // Every file is compared once, before anything is created: the common
    // regeneration changes nothing and returns here.
    let summary = compare(out, files)?;
    if summary.written.is_empty() && summary.removed.is_empty() {
        return Ok(summary);
    }
    let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(werr(&staging))?;
    }
    if let Err(e) = stage(out, &staging, files, &summary) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap(out, &staging, parent, &name)?;
    Ok(summary)
}

/// Which files are new or changed, which are gone, how many are the same.
pub(crate) fn compare(out: &Path, files: &Files) -> Result<WriteSummary> {
    let mut summary = compare_files(out, files)?;
    if out.exists() {
        let mut old_files = Vec::new();
        list_files(out, out, &mut old_files).map_err(werr(out))?;
        // The cache stamp is not part of the crate: never reported, and
        // left for the next generation to overwrite.
        let stamp = Path::new(crate::cache::STAMP);
        summary.removed = old_files.into_iter().filter(|f| !files.contains_key(f) && f != stamp).collect();
    }
    Ok(summary)
}

/// Which of `files` are new or changed under `dir`, how many are the same;
/// other files in `dir` are not looked at.
pub(crate) fn compare_files(dir: &Path, files: &Files) -> Result<WriteSummary> {
    let mut summary = WriteSummary::default();
    // A first generation: nothing to read.
    if !dir.exists() {
        summary.written = files.keys().cloned().collect();
        return Ok(summary);
    }
    for (rel, contents) in files {
        let same = std::fs::read(dir.join(rel)).map(|b| b == contents.as_bytes()).unwrap_or(false);
        if same {
            summary.unchanged += 1;
        } else {
            summary.written.push(rel.clone());
        }
    }
    Ok(summary)
}

/// Builds the new tree in `staging`: changed files written, unchanged ones
/// taken over from `out`. Directories are made first, once each; the files
/// are then split in runs of neighbours (same directories) across threads,
/// since creating thousands of files is mostly file-system time that
/// overlaps well.
fn stage(out: &Path, staging: &Path, files: &Files, summary: &WriteSummary) -> Result<()> {
    let changed: std::collections::BTreeSet<&PathBuf> = summary.written.iter().collect();
    let dirs: std::collections::BTreeSet<PathBuf> =
        files.keys().filter_map(|rel| staging.join(rel).parent().map(Path::to_path_buf)).collect();
    for dir in &dirs {
        std::fs::create_dir_all(dir).map_err(werr(dir))?;
    }
    let entries: Vec<(&PathBuf, &String)> = files.iter().collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = entries.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = entries
            .chunks(chunk)
            .map(|part| {
                let changed = &changed;
                scope.spawn(move || {
                    part.iter().try_for_each(|(rel, text)| stage_file(out, staging, rel, text, changed.contains(rel)))
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join().unwrap_or_else(|_| {
                Err(Error::Write {
                    path: staging.to_path_buf(),
                    source: std::io::Error::other("a writing thread panicked"),
                })
            })
        })
    })
}

/// Writes one file of the staging tree, or takes it over from `out`.
fn stage_file(out: &Path, staging: &Path, rel: &Path, contents: &str, changed: bool) -> Result<()> {
    let target = staging.join(rel);
    if changed {
        return std::fs::write(&target, contents).map_err(werr(&target));
    }
    // Keep the old file (and its mtime): a hard link costs one syscall;
    // a copy with the old mtime is the fallback where links are not
    // allowed.
    let old = out.join(rel);
    if std::fs::hard_link(&old, &target).is_err() {
        std::fs::copy(&old, &target).map_err(werr(&target))?;
        if let Ok(mtime) = std::fs::metadata(&old).and_then(|m| m.modified()) {
            let _ = std::fs::File::options().write(true).open(&target).and_then(|f| f.set_modified(mtime));
        }
    }
    Ok(())
}

fn swap(out: &Path, staging: &Path, parent: &Path, name: &str) -> Result<()> {
    if out.exists() {
        let backup = parent.join(format!(".{name}.old-{}", std::process::id()));
        if backup.exists() {
            std::fs::remove_dir_all(&backup).map_err(werr(&backup))?;
        }
        std::fs::rename(out, &backup).map_err(werr(out))?;
        if let Err(source) = std::fs::rename(staging, out) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&backup, out);
            return Err(Error::Write { path: out.to_path_buf(), source });
        }
        std::fs::remove_dir_all(&backup).map_err(werr(&backup))?;
    } else {
        std::fs::rename(staging, out).map_err(werr(out))?;
    }
    Ok(())
}

/// Writes `files` into the directory `dir`, leaving its other files alone
/// (module output goes into `OUT_DIR`, which holds other build outputs).
/// Each changed file is written beside its target and renamed over it, so
/// a reader never sees half a file; an unchanged one keeps its mtime.
pub fn write_files(dir: &Path, files: &Files) -> Result<WriteSummary> {
    let mut summary = WriteSummary::default();
    for (rel, contents) in files {
        let target = dir.join(rel);
        if std::fs::read(&target).is_ok_and(|b| b == contents.as_bytes()) {
            summary.unchanged += 1;
            continue;
        }
        let parent = target.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent).map_err(werr(parent))?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::write(&tmp, contents).map_err(werr(&tmp))?;
        if let Err(source) = std::fs::rename(&tmp, &target) {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::Write { path: target, source });
        }
        summary.written.push(rel.clone());
    }
    Ok(summary)
}
