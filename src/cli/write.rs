//! Atomic replacement of the directories sagerole owns in an output directory.
//!
//! A run first takes an exclusive lock on the output directory ([`Lock`]):
//! runs on one directory take turns, so that none lists a directory while
//! another moves it aside. Each owned directory (`terraform/`,
//! `cloudformation/`) is then rebuilt in a staging directory beside it
//! (`.terraform.sagerole-new.<pid>/`, named after the process): the new
//! files, plus every file already there that sagerole did not generate.
//! Only when every staging directory is complete are they swapped in, each
//! with two renames (old → `.terraform.sagerole-old.<pid>/`, staging →
//! `terraform/`); the old trees are deleted once every new one is in place.
//!
//! What a run removes: its own staging and old trees, and generated files
//! that the spec no longer produces. Trees left by an earlier run that was
//! interrupted are recovered first, under the lock, so they belong to a run
//! that has ended.
//!
//! What an interruption leaves, and what happens next:
//! - a failure (an I/O error) at any point: the previous output is put back
//!   as it was, with no staging or old trees left, before the error is
//!   returned;
//! - a crash while staging: the previous output untouched, plus staging
//!   directories, which the next run deletes;
//! - a crash between the two renames of a directory: its previous tree under
//!   the `-old` name, which the next run puts back;
//! - a crash between the swaps of two directories: the first one new, the
//!   second one old; the next run keeps the new one, deletes the old tree
//!   kept beside it, and rebuilds the second.
//!
//! No file a user put into an owned directory is lost in any of these: it is
//! in the old tree, and copied into the new one.
//!
//! Symbolic links are never followed: a link a user put into an owned
//! directory is kept as a link, with the same target; an owned directory
//! that is a link, or a link where a generated file goes, is refused
//! ([`links`]), as replacing it would replace the link with a copy.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// An exclusive lock on an output directory, held while a run reads and
/// replaces what it owns there; released when dropped (or when the
/// process ends, however it ends).
#[derive(Debug)]
pub struct Lock {
    _held: fs::File,
}

impl Lock {
    /// Creates `out` if needed and locks it, calling `waiting` first when
    /// another run holds the lock.
    pub fn acquire(out: &Path, waiting: impl FnOnce()) -> io::Result<Lock> {
        fs::create_dir_all(out)?;
        let file = lock_file(out)?;
        take(&file, fs::File::try_lock, fs::File::lock, waiting)?;
        Ok(Lock { _held: file })
    }
}

impl Lock {
    /// Takes a shared lock on `out` for a run that only reads it (`check`),
    /// so that it never reads one directory of another run's output
    /// replaced and the other not yet; calls `waiting` first when a writer
    /// holds the lock. Nothing is created: without `out` there is nothing
    /// to lock, and `None` is returned.
    pub fn acquire_shared(out: &Path, waiting: impl FnOnce()) -> io::Result<Option<Lock>> {
        if !out.is_dir() {
            return Ok(None);
        }
        let file = lock_file(out)?;
        take(
            &file,
            fs::File::try_lock_shared,
            fs::File::lock_shared,
            waiting,
        )?;
        Ok(Some(Lock { _held: file }))
    }
}

/// Locks `file` with `try_lock` if it is free, else calls `waiting` and
/// blocks in `lock`.
fn take(
    file: &fs::File,
    try_lock: fn(&fs::File) -> Result<(), fs::TryLockError>,
    lock: fn(&fs::File) -> io::Result<()>,
    waiting: impl FnOnce(),
) -> io::Result<()> {
    match try_lock(file) {
        Ok(()) => Ok(()),
        Err(fs::TryLockError::WouldBlock) => {
            waiting();
            lock(file)
        }
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

/// What is locked: the directory itself where the system can lock a
/// directory (`flock` on Unix), so that no lock file is left in the output.
#[cfg(unix)]
fn lock_file(out: &Path) -> io::Result<fs::File> {
    fs::File::open(out)
}

/// What is locked: Windows opens no directory as a file, so a lock file
/// inside it.
#[cfg(not(unix))]
fn lock_file(out: &Path) -> io::Result<fs::File> {
    fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".sagerole.lock"))
}

/// Relative path → contents, for files under the owned directories.
pub type Files = BTreeMap<String, String>;

/// The names of this run's staging and old trees: `.terraform.sagerole-new.<pid>`.
fn staging(out: &Path, dir: &str) -> PathBuf {
    out.join(format!(".{dir}.sagerole-new.{}", std::process::id()))
}

fn retired(out: &Path, dir: &str) -> PathBuf {
    out.join(format!(".{dir}.sagerole-old.{}", std::process::id()))
}

/// Whether something is at `path`, without following a link there.
fn present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Whether `path` is a symbolic link.
fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Undoes what interrupted earlier runs left behind: their staging trees
/// (copies only) are deleted; an old tree is put back where its directory
/// is missing, and deleted where the directory holds the newer tree, which
/// has a copy of every file the old one kept. Called under the [`Lock`],
/// so every such tree is from a run that has ended. Older versions named
/// them without the `.<pid>`.
pub fn recover(out: &Path, dirs: &[&str]) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(out) else {
        return Ok(());
    };
    let mut left: Vec<(String, PathBuf)> = Vec::new();
    for e in entries {
        let e = e?;
        left.push((e.file_name().to_string_lossy().into_owned(), e.path()));
    }
    left.sort();
    for dir in dirs {
        let leftover = |kind: &str| {
            let name = format!(".{dir}.sagerole-{kind}");
            left.iter()
                .filter(move |(n, _)| {
                    n.strip_prefix(&name)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
                })
                .map(|(_, p)| p)
        };
        for old in leftover("old") {
            if present(&out.join(dir)) {
                fs::remove_dir_all(old)?;
            } else {
                fs::rename(old, out.join(dir))?;
            }
        }
        for new in leftover("new") {
            fs::remove_dir_all(new)?;
        }
    }
    Ok(())
}

/// What a directory holds at a path: a file's bytes, or a link's target.
enum Entry<'a> {
    File(Cow<'a, [u8]>),
    Link(PathBuf),
}

/// A directory's entries, relative to it.
type Contents<'a> = BTreeMap<PathBuf, Entry<'a>>;

/// Every file and link below `dir`, relative to it, with whether it is a
/// link; links are listed, never followed.
fn listing(dir: &Path) -> io::Result<Vec<(PathBuf, bool)>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, bool)>) -> io::Result<()> {
        for e in fs::read_dir(dir)? {
            let e = e?;
            let (p, kind) = (e.path(), e.file_type()?);
            if kind.is_dir() {
                walk(base, &p, out)?;
            } else {
                let rel = p.strip_prefix(base).expect("below base").to_path_buf();
                out.push((rel, kind.is_symlink()));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        walk(dir, dir, &mut out)?;
    }
    out.sort();
    Ok(out)
}

/// The symbolic links that writing `files` into the owned `dirs` of `out`
/// would replace: an owned directory that is a link, or a link (or a
/// linked directory) where a file goes. Writing refuses while there is one.
pub fn links(out: &Path, dirs: &[&str], files: &Files) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = dirs
        .iter()
        .map(|d| out.join(d))
        .filter(|p| is_link(p))
        .collect();
    for key in files.keys() {
        let mut path = out.to_path_buf();
        for part in key.split('/') {
            path.push(part);
            if is_link(&path) {
                if !found.contains(&path) {
                    found.push(path);
                }
                break;
            }
        }
    }
    found.sort();
    found
}

/// Makes a link at `path` to `target`, as the one it copies.
fn symlink(target: &Path, path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(target, path);
    #[cfg(windows)]
    {
        let base = path.parent().unwrap_or(Path::new("."));
        if base.join(target).is_dir() {
            std::os::windows::fs::symlink_dir(target, path)
        } else {
            std::os::windows::fs::symlink_file(target, path)
        }
    }
}

/// Writes one file the user named (`init --out`, `man --out`): never
/// through a symbolic link at `path` (refused, like a link where a
/// generated file goes), and through a staged copy renamed into place, so
/// that a failed write never leaves the file half-written.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    if is_link(path) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is a symbolic link, which sagerole does not write through; remove the link or name another path",
                name.to_string_lossy()
            ),
        ));
    }
    let mut staged = name.to_os_string();
    staged.push(format!(".sagerole-new.{}", std::process::id()));
    let staged = path.with_file_name(staged);
    let written = fs::write(&staged, bytes).and_then(|()| fs::rename(&staged, path));
    if written.is_err() {
        let _ = fs::remove_file(&staged);
    }
    written
}

/// Whether the file at `path` holds exactly `bytes`; the length is compared
/// first, so a changed file is usually told without reading it.
pub(crate) fn holds(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Read;
    let mut file = fs::File::open(path)?;
    if file.metadata()?.len() != bytes.len() as u64 {
        return Ok(false);
    }
    // In blocks, so that comparing never holds a second copy of the output.
    let mut block = vec![0; 64 * 1024];
    let mut rest = bytes;
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            return Ok(rest.is_empty());
        }
        if rest.len() < n || block[..n] != rest[..n] {
            return Ok(false);
        }
        rest = &rest[n..];
    }
}

/// A test-only fault, so that tests can show what a failure or a kill in the
/// middle of writing leaves behind. Only debug builds read it.
///
/// `SAGEROLE_TEST_FAULT=<abort|fail>-<point>:<n>` aborts the process or
/// fails with an I/O error at the `n`th time `point` is reached: `after`
/// (a file staged), `retired` (a directory's old tree moved aside, its new
/// one not yet in place), `swapped` (a directory's new tree in place).
fn fault(point: &str, n: usize) -> io::Result<()> {
    if !cfg!(debug_assertions) {
        return Ok(());
    }
    let Ok(spec) = std::env::var("SAGEROLE_TEST_FAULT") else {
        return Ok(());
    };
    let (what, count) = spec.split_once(':').unwrap_or(("", ""));
    let (kind, at) = what.split_once('-').unwrap_or(("", ""));
    if at != point || count.parse::<usize>().ok() != Some(n) {
        return Ok(());
    }
    match kind {
        "abort" => std::process::abort(),
        "fail" => Err(io::Error::other("injected failure (SAGEROLE_TEST_FAULT)")),
        _ => Ok(()),
    }
}

/// What [`replace`] changed, by path relative to the output directory.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files of `files` that were new or held other bytes.
    pub changed: Vec<String>,
    /// Generated files removed because the spec no longer produces them.
    pub removed: Vec<String>,
}

/// Puts the previous trees back after a failed swap: the first `swapped`
/// directories of `dirs` hold their new tree, a later one may have its old
/// tree moved aside. Best effort: what it cannot undo, [`recover`] undoes
/// on the next run.
fn undo_swaps(out: &Path, dirs: &[&str], swapped: usize) {
    for (i, dir) in dirs.iter().enumerate() {
        let target = out.join(dir);
        if i < swapped {
            let _ = fs::remove_dir_all(&target);
        }
        let old = retired(out, dir);
        if present(&old) && !present(&target) {
            let _ = fs::rename(&old, &target);
        }
        let _ = fs::remove_dir_all(staging(out, dir));
    }
}

/// Replaces the owned directories so that they hold `files` plus the files
/// that `keep` accepts (those sagerole did not generate). Returns what
/// changed.
pub fn replace(
    out: &Path,
    dirs: &[&str],
    files: &Files,
    generated: impl Fn(&Path) -> bool,
) -> io::Result<Written> {
    recover(out, dirs)?;
    if let Some(link) = links(out, dirs, files).first() {
        return Err(io::Error::other(format!(
            "{} is a symbolic link, which sagerole does not follow or replace",
            link.display()
        )));
    }
    let mut removed = Vec::new();
    let mut changed_files = Vec::new();
    // Per owned directory, its next contents: new files borrowed from
    // `files`, kept files read from disk. A directory that would not change
    // is left alone.
    let mut plan: Vec<(&str, Contents)> = Vec::new();
    for dir in dirs {
        let root = out.join(dir);
        let current = listing(&root)?;
        let mut next = Contents::new();
        let mut changed = false;
        for (rel, link) in &current {
            let key = format!("{dir}/{}", rel.to_string_lossy().replace('\\', "/"));
            if *link {
                // Never a generated file ([`links`] refused those): kept
                // as the link it is.
                next.insert(rel.clone(), Entry::Link(fs::read_link(root.join(rel))?));
            } else if let Some(text) = files.get(&key) {
                if !holds(&root.join(rel), text.as_bytes())? {
                    changed = true;
                    changed_files.push(key);
                }
            } else if generated(&root.join(rel)) {
                removed.push(key);
                changed = true;
            } else {
                next.insert(
                    rel.clone(),
                    Entry::File(Cow::Owned(fs::read(root.join(rel))?)),
                );
            }
        }
        for (key, text) in files {
            if let Some(rel) = key.strip_prefix(&format!("{dir}/")) {
                let rel = PathBuf::from(rel);
                if current.binary_search_by(|(r, _)| r.cmp(&rel)).is_err() {
                    changed = true;
                    changed_files.push(key.clone());
                }
                next.insert(rel, Entry::File(Cow::Borrowed(text.as_bytes())));
            }
        }
        if changed {
            plan.push((dir, next));
        }
    }
    // Stage everything first; any failure here leaves the old tree as it was.
    let mut written = 0;
    let staged: io::Result<()> = (|| {
        // Every file is written before any is synced, so that the disk
        // takes the first files while the later ones are still being
        // written; each is on disk before the swap all the same.
        let mut files = Vec::new();
        for (dir, next) in &plan {
            let root = staging(out, dir);
            fs::create_dir_all(&root)?;
            for (rel, entry) in next {
                let path = root.join(rel);
                fs::create_dir_all(path.parent().expect("inside the staging directory"))?;
                let bytes = match entry {
                    Entry::File(bytes) => bytes,
                    Entry::Link(target) => {
                        symlink(target, &path)?;
                        continue;
                    }
                };
                // create_new: the staging tree is this run's own, so
                // nothing can be there yet, least of all a link to follow.
                let mut f = fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)?;
                f.write_all(bytes)?;
                files.push(f);
                // A directory may hold many kept files: never more than a
                // few dozen open at once.
                if files.len() == 64 {
                    files.drain(..).try_for_each(|f| f.sync_all())?;
                }
                written += 1;
                fault("after", written)?;
            }
        }
        files.into_iter().try_for_each(|f| f.sync_all())
    })();
    if let Err(e) = staged {
        for (dir, _) in &plan {
            let _ = fs::remove_dir_all(staging(out, dir));
        }
        return Err(e);
    }
    // Swap, keeping every old tree until every new one is in place, so that
    // a failure part-way can put all of them back.
    let dirs: Vec<&str> = plan.iter().map(|(dir, _)| *dir).collect();
    let mut swapped = 0;
    let swap: io::Result<()> = (|| {
        for dir in &dirs {
            let target = out.join(dir);
            if present(&target) {
                fs::rename(&target, retired(out, dir))?;
            }
            fault("retired", swapped + 1)?;
            fs::rename(staging(out, dir), &target)?;
            swapped += 1;
            fault("swapped", swapped)?;
        }
        Ok(())
    })();
    if let Err(e) = swap {
        undo_swaps(out, &dirs, swapped);
        return Err(e);
    }
    // The new output is in place: an old tree that cannot be deleted now is
    // deleted by the next run's `recover`, not reported as a failure to write.
    for dir in &dirs {
        let _ = fs::remove_dir_all(retired(out, dir));
    }
    removed.sort();
    changed_files.sort();
    Ok(Written {
        changed: changed_files,
        removed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_kept_files_are_all_staged() {
        let tmp = std::env::temp_dir().join(format!("sagerole-kept-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(tmp.join("terraform")).unwrap();
        // More than are synced in one batch.
        for i in 0..150 {
            fs::write(
                tmp.join(format!("terraform/mine-{i:03}.tf")),
                format!("{i}\n"),
            )
            .unwrap();
        }
        let files = Files::from([("terraform/main.tf".to_string(), "new\n".to_string())]);
        let written = replace(&tmp, &["terraform"], &files, |_| false).unwrap();
        assert_eq!(
            written,
            Written {
                changed: vec!["terraform/main.tf".into()],
                removed: vec![]
            }
        );
        assert_eq!(listing(&tmp.join("terraform")).unwrap().len(), 151);
        assert_eq!(
            fs::read_to_string(tmp.join("terraform/mine-149.tf")).unwrap(),
            "149\n"
        );
        assert_eq!(
            fs::read_to_string(tmp.join("terraform/main.tf")).unwrap(),
            "new\n"
        );
        fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn an_interrupted_swap_is_undone_before_anything_else() {
        let tmp = std::env::temp_dir().join(format!("sagerole-recover-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        // Killed between the renames: the old tree moved aside, the new one staged.
        fs::create_dir_all(retired(&tmp, "terraform")).unwrap();
        fs::write(retired(&tmp, "terraform").join("main.tf"), "previous").unwrap();
        fs::create_dir_all(staging(&tmp, "terraform")).unwrap();
        recover(&tmp, &["terraform"]).unwrap();
        assert_eq!(
            fs::read_to_string(tmp.join("terraform/main.tf")).unwrap(),
            "previous"
        );
        assert!(!retired(&tmp, "terraform").exists() && !staging(&tmp, "terraform").exists());
        fs::remove_dir_all(&tmp).unwrap();
    }
}
