//! Atomic replacement of the directories sagerole owns in an output directory.
//!
//! A run first takes an exclusive lock on the output directory ([`Lock`]):
//! runs on one directory take turns, so that none lists a directory while
//! another moves it aside. Each owned directory (`terraform/`,
//! `cloudformation/`) is then rebuilt in a staging directory beside it
//! (`.terraform.sagerole-new.<pid>/`, named after the process): the new
//! files, plus every file already there that sagerole did not generate.
//! The new files are written there one by one as the emitters finish them
//! ([`Staging`]), so that the output is never held whole. Only when every
//! staging directory is complete are they swapped in, each
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

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::emit::Sink;

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

/// The owned `dirs` of `out` that are symbolic links: writing refuses
/// while there is one, as while there is a link where a file goes
/// ([`link_above`]).
pub fn linked_dirs(out: &Path, dirs: &[&str]) -> Vec<PathBuf> {
    dirs.iter()
        .map(|d| out.join(d))
        .filter(|p| is_link(p))
        .collect()
}

/// The first symbolic link on the way from `out` to the file at `key`
/// (relative, with `/` separators), the file's own path included.
pub fn link_above(out: &Path, key: &str) -> Option<PathBuf> {
    let mut path = out.to_path_buf();
    for part in key.split('/') {
        path.push(part);
        if is_link(&path) {
            return Some(path);
        }
    }
    None
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

/// What a run changed, by path relative to the output directory.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// How many files the run produced, changed or not.
    pub files: usize,
    /// Files produced that were new or held other bytes.
    pub changed: Vec<String>,
    /// Generated files removed because the spec no longer produces them.
    pub removed: Vec<String>,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum Refused {
    /// Symbolic links that writing would replace (see [`links`]).
    Links(Vec<PathBuf>),
    /// Files in the way that sagerole did not generate, by path relative
    /// to the output directory.
    Foreign(Vec<String>),
    /// Writing failed; the previous output is as it was.
    Failed(io::Error),
}

impl From<io::Error> for Refused {
    fn from(e: io::Error) -> Self {
        Refused::Failed(e)
    }
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

/// One owned directory while its files come.
struct Owned<'d> {
    name: &'d str,
    /// What it holds now: every file and link, relative to it.
    current: Vec<(PathBuf, bool)>,
    /// The files produced for it so far.
    produced: BTreeSet<PathBuf>,
    /// Files produced with the bytes they have on disk, while nothing else
    /// in the directory has changed: not staged, as a directory that does
    /// not change is left alone; copied from the disk once it does.
    same: Vec<PathBuf>,
    /// Whether its staging tree has been started.
    staged: bool,
}

/// The next contents of the owned directories, built file by file as the
/// files are produced ([`Sink`]), then swapped in by [`Staging::finish`].
///
/// Each file is compared with the one on disk and, once its directory
/// differs from what is there, written into the directory's staging tree
/// and let go, so that the output is never held whole. The staging trees
/// are this run's own: until [`Staging::finish`] swaps them in, the owned
/// directories are as they were, and a file that may not be written (a
/// link in its way, or a file sagerole did not generate, without `force`)
/// stops all writing, so that the run ends with nothing written.
pub struct Staging<'o, G> {
    out: &'o Path,
    dirs: Vec<Owned<'o>>,
    force: bool,
    generated: G,
    /// Staged files not yet synced: a directory may hold many kept files,
    /// so never more than a few dozen open at once.
    unsynced: Vec<fs::File>,
    /// Files staged so far, for the test faults.
    staged: usize,
    files: usize,
    changed: Vec<String>,
    links: Vec<PathBuf>,
    foreign: Vec<String>,
    error: Option<io::Error>,
}

impl<'o, G: Fn(&Path) -> bool> Staging<'o, G> {
    /// Starts the next contents of the owned `dirs` of `out`: they will
    /// hold the files produced plus the files that `generated` does not
    /// accept (those sagerole did not generate). Undoes what interrupted
    /// runs left first ([`recover`]); call it under the [`Lock`].
    pub fn new(out: &'o Path, dirs: &[&'o str], force: bool, generated: G) -> io::Result<Self> {
        recover(out, dirs)?;
        let mut owned = Vec::new();
        for name in dirs {
            owned.push(Owned {
                name,
                current: listing(&out.join(name))?,
                produced: BTreeSet::new(),
                same: Vec::new(),
                staged: false,
            });
        }
        Ok(Staging {
            out,
            dirs: owned,
            force,
            generated,
            unsynced: Vec::new(),
            staged: 0,
            files: 0,
            changed: Vec::new(),
            links: linked_dirs(out, dirs),
            foreign: Vec::new(),
            error: None,
        })
    }

    /// Whether writing has stopped: a failure, or a file that may not be
    /// written.
    fn stopped(&self) -> bool {
        self.error.is_some() || !self.links.is_empty() || !self.foreign.is_empty()
    }

    /// Takes one produced file: `key` is its path relative to `out`.
    fn take(&mut self, key: &str, text: &str) -> io::Result<()> {
        let Some(d) = self
            .dirs
            .iter()
            .position(|o| key.strip_prefix(o.name).is_some_and(|r| r.starts_with('/')))
        else {
            return Ok(());
        };
        if let Some(link) = link_above(self.out, key) {
            if !self.links.contains(&link) {
                self.links.push(link);
            }
            return Ok(());
        }
        let path = self.out.join(key);
        if !self.force && path.exists() && !(self.generated)(&path) {
            self.foreign.push(key.to_string());
        }
        if self.stopped() {
            return Ok(());
        }
        let dir = &mut self.dirs[d];
        let rel = PathBuf::from(&key[dir.name.len() + 1..]);
        let root = self.out.join(dir.name);
        let on_disk = dir.current.binary_search_by(|(r, _)| r.cmp(&rel)).is_ok();
        let same = on_disk && holds(&root.join(&rel), text.as_bytes())?;
        dir.produced.insert(rel.clone());
        if !same {
            self.changed.push(key.to_string());
        }
        if same && !dir.staged {
            dir.same.push(rel);
            return Ok(());
        }
        self.start(d)?;
        self.put(d, &rel, text.as_bytes())
    }

    /// Starts the staging tree of the `d`-th directory, if not yet started,
    /// with the files produced so far that are the same as on disk.
    fn start(&mut self, d: usize) -> io::Result<()> {
        if self.dirs[d].staged {
            return Ok(());
        }
        self.dirs[d].staged = true;
        let name = self.dirs[d].name;
        fs::create_dir_all(staging(self.out, name))?;
        for rel in std::mem::take(&mut self.dirs[d].same) {
            let bytes = fs::read(self.out.join(name).join(&rel))?;
            self.put(d, &rel, &bytes)?;
        }
        Ok(())
    }

    /// Writes `bytes` at `rel` in the staging tree of the `d`-th directory.
    fn put(&mut self, d: usize, rel: &Path, bytes: &[u8]) -> io::Result<()> {
        let path = staging(self.out, self.dirs[d].name).join(rel);
        fs::create_dir_all(path.parent().expect("inside the staging directory"))?;
        // create_new: the staging tree is this run's own, so nothing can be
        // there yet, least of all a link to follow.
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        f.write_all(bytes)?;
        // Told that a file's pages are not needed, Linux starts writing them
        // to the disk without waiting (posix_fadvise, POSIX_FADV_DONTNEED), so
        // the disk works while the next files are produced and the sync below
        // mostly finds them written: at 10,000 workloads `generate` waited
        // about 0.09 s for fsync without it. Only a hint: an error is no
        // reason to stop.
        #[cfg(target_os = "linux")]
        let _ = rustix::fs::fadvise(&f, 0, None, rustix::fs::Advice::DontNeed);
        // Files are synced in batches, after they are written, so that the
        // disk takes the first ones while the later ones are still being
        // produced; each is on disk before the swap all the same.
        self.unsynced.push(f);
        if self.unsynced.len() == 64 {
            self.unsynced.drain(..).try_for_each(|f| f.sync_all())?;
        }
        self.staged += 1;
        fault("after", self.staged)
    }

    /// Deletes the staging trees: nothing of this run is written.
    pub fn discard(self) {
        self.remove_staging();
    }

    fn remove_staging(&self) {
        for dir in &self.dirs {
            if dir.staged {
                let _ = fs::remove_dir_all(staging(self.out, dir.name));
            }
        }
    }

    /// Completes each staging tree whose directory changes with the files
    /// kept from the old one (links kept as links), and swaps them in.
    /// Returns what changed; on any refusal or failure, the previous output
    /// is as it was, with no staging or old trees left.
    pub fn finish(mut self) -> Result<Written, Refused> {
        if !self.links.is_empty() {
            self.remove_staging();
            let mut links = std::mem::take(&mut self.links);
            links.sort();
            return Err(Refused::Links(links));
        }
        if !self.foreign.is_empty() {
            self.remove_staging();
            let mut foreign = std::mem::take(&mut self.foreign);
            foreign.sort();
            return Err(Refused::Foreign(foreign));
        }
        if let Some(e) = self.error.take() {
            self.remove_staging();
            return Err(Refused::Failed(e));
        }
        let mut removed = Vec::new();
        let completed = self.complete(&mut removed);
        if let Err(e) = completed {
            self.remove_staging();
            return Err(Refused::Failed(e));
        }
        // Swap, keeping every old tree until every new one is in place, so
        // that a failure part-way can put all of them back.
        let out = self.out;
        let dirs: Vec<&str> = self
            .dirs
            .iter()
            .filter(|d| d.staged)
            .map(|d| d.name)
            .collect();
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
            return Err(Refused::Failed(e));
        }
        // The new output is in place: an old tree that cannot be deleted
        // now is deleted by the next run's `recover`, not reported as a
        // failure to write.
        for dir in &dirs {
            let _ = fs::remove_dir_all(retired(out, dir));
        }
        removed.sort();
        self.changed.sort();
        Ok(Written {
            files: self.files,
            changed: self.changed,
            removed,
        })
    }

    /// Stages what each changed directory keeps of its old tree, leaves
    /// the others alone, and syncs every staged file.
    fn complete(&mut self, removed: &mut Vec<String>) -> io::Result<()> {
        for d in 0..self.dirs.len() {
            let name = self.dirs[d].name;
            let root = self.out.join(name);
            let mut kept = Vec::new();
            let mut changed = self
                .changed
                .iter()
                .any(|k| k.strip_prefix(name).is_some_and(|r| r.starts_with('/')));
            for (rel, link) in &self.dirs[d].current {
                if self.dirs[d].produced.contains(rel) {
                    continue;
                }
                if *link {
                    // Never a produced file (those stopped the run): kept
                    // as the link it is.
                    kept.push((rel.clone(), true));
                } else if (self.generated)(&root.join(rel)) {
                    removed.push(format!(
                        "{name}/{}",
                        rel.to_string_lossy().replace('\\', "/")
                    ));
                    changed = true;
                } else {
                    kept.push((rel.clone(), false));
                }
            }
            if !changed {
                // Started, then every change in it was taken back.
                if self.dirs[d].staged {
                    fs::remove_dir_all(staging(self.out, name))?;
                    self.dirs[d].staged = false;
                }
                continue;
            }
            self.start(d)?;
            for (rel, link) in kept {
                if link {
                    let path = staging(self.out, name).join(&rel);
                    fs::create_dir_all(path.parent().expect("inside the staging directory"))?;
                    symlink(&fs::read_link(root.join(&rel))?, &path)?;
                } else {
                    let bytes = fs::read(root.join(&rel))?;
                    self.put(d, &rel, &bytes)?;
                }
            }
        }
        self.unsynced.drain(..).try_for_each(|f| f.sync_all())
    }
}

impl<G: Fn(&Path) -> bool> Sink for Staging<'_, G> {
    fn file(&mut self, path: String, mut contents: String) {
        self.file_from(path, &mut contents);
    }

    fn file_from(&mut self, path: String, buffer: &mut String) {
        self.files += 1;
        if self.error.is_none() {
            if let Err(e) = self.take(&path, buffer) {
                self.error = Some(e);
            }
        }
        buffer.clear();
    }

    fn forget(&mut self, prefix: &str) {
        let out = self.out;
        for dir in &mut self.dirs {
            let forgotten: Vec<PathBuf> = dir
                .produced
                .iter()
                .filter(|rel| format!("{}/{}", dir.name, rel.to_string_lossy()).starts_with(prefix))
                .cloned()
                .collect();
            for rel in forgotten {
                self.files -= 1;
                dir.produced.remove(&rel);
                dir.same.retain(|r| *r != rel);
                let key = format!("{}/{}", dir.name, rel.to_string_lossy());
                self.changed.retain(|k| *k != key);
                if dir.staged {
                    if let Err(e) = fs::remove_file(staging(out, dir.name).join(&rel)) {
                        self.error.get_or_insert(e);
                    }
                }
            }
        }
        let links = std::mem::take(&mut self.links);
        self.links = links
            .into_iter()
            .filter(|l| {
                l.strip_prefix(out)
                    .is_ok_and(|rel| !rel.to_string_lossy().starts_with(prefix))
            })
            .collect();
        self.foreign.retain(|k| !k.starts_with(prefix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::Files;

    fn read(tmp: &Path, rel: &str) -> String {
        fs::read_to_string(tmp.join(rel)).unwrap()
    }

    /// What a run that removed nothing wrote.
    fn unremoved(files: usize, changed: &[&str]) -> Written {
        Written {
            files,
            changed: changed.iter().map(|c| c.to_string()).collect(),
            removed: vec![],
        }
    }

    /// Replaces the owned directories so that they hold `files` plus the files
    /// that `generated` does not accept (those sagerole did not generate).
    /// Returns what changed.
    fn replace(
        out: &Path,
        dirs: &[&str],
        files: &Files,
        generated: impl Fn(&Path) -> bool,
    ) -> Result<Written, Refused> {
        let mut staging = Staging::new(out, dirs, true, generated)?;
        for (path, text) in files {
            staging.file(path.clone(), text.clone());
        }
        staging.finish()
    }

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
        assert_eq!(written, unremoved(1, &["terraform/main.tf"]));
        assert_eq!(listing(&tmp.join("terraform")).unwrap().len(), 151);
        assert_eq!(read(&tmp, "terraform/mine-149.tf"), "149\n");
        assert_eq!(read(&tmp, "terraform/main.tf"), "new\n");
        fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn files_the_same_before_the_first_change_are_in_the_new_tree() {
        let tmp = std::env::temp_dir().join(format!("sagerole-same-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(tmp.join("terraform")).unwrap();
        fs::write(tmp.join("terraform/a.tf"), "A\n").unwrap();
        fs::write(tmp.join("terraform/b.tf"), "B\n").unwrap();
        let mut next = Staging::new(&tmp, &["terraform"], false, |_| true).unwrap();
        // Not staged while nothing differs; copied once b.tf does.
        next.file("terraform/a.tf".into(), "A\n".into());
        assert!(!staging(&tmp, "terraform").exists());
        next.file("terraform/b.tf".into(), "B2\n".into());
        let written = next.finish().unwrap();
        assert_eq!(written, unremoved(2, &["terraform/b.tf"]));
        assert_eq!(read(&tmp, "terraform/a.tf"), "A\n");
        assert_eq!(read(&tmp, "terraform/b.tf"), "B2\n");
        assert_eq!(
            listing(&tmp).unwrap().len(),
            2,
            "no staging or old tree left"
        );
        fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn a_directory_whose_changes_are_taken_back_is_left_alone() {
        let tmp = std::env::temp_dir().join(format!("sagerole-forget-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(tmp.join("cloudformation")).unwrap();
        fs::write(tmp.join("cloudformation/template-1.yaml"), "x\n").unwrap();
        let before = fs::metadata(tmp.join("cloudformation"))
            .unwrap()
            .modified()
            .unwrap();
        let mut staging = Staging::new(&tmp, &["cloudformation"], false, |_| true).unwrap();
        staging.file("cloudformation/template-1.yaml".into(), "y\n".into());
        staging.file("cloudformation/template-2.yaml".into(), "z\n".into());
        staging.forget("cloudformation/template-");
        staging.file("cloudformation/template-1.yaml".into(), "x\n".into());
        let written = staging.finish().unwrap();
        assert_eq!(written, unremoved(1, &[]));
        assert_eq!(
            listing(&tmp).unwrap(),
            vec![(PathBuf::from("cloudformation/template-1.yaml"), false)],
            "no staging tree left, and nothing taken back written"
        );
        assert_eq!(
            fs::metadata(tmp.join("cloudformation"))
                .unwrap()
                .modified()
                .unwrap(),
            before,
            "the directory was not replaced"
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
        assert_eq!(read(&tmp, "terraform/main.tf"), "previous");
        assert!(!retired(&tmp, "terraform").exists() && !staging(&tmp, "terraform").exists());
        fs::remove_dir_all(&tmp).unwrap();
    }
}
