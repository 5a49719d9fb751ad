//! `check`'s side of the emitters: each file compared with the one on disk
//! as it is produced, and let go, so that the output is never held whole.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::write;
use crate::emit::Sink;

/// What `check` found for one produced file.
enum Found {
    /// The file on disk holds exactly what was produced.
    Same,
    /// The unified diff from the file on disk (empty when missing) to the
    /// produced one.
    Differs(String),
    /// A symbolic link stands where the file goes, at this path or above
    /// it: the file is not read through it.
    Linked(PathBuf),
}

/// A [`Sink`] that compares each file with the one at its path under `out`
/// and keeps only what `check` reports: which paths were produced, the
/// diffs of those that differ, and the links in the way.
pub struct Comparison<'o> {
    out: &'o Path,
    found: BTreeMap<String, Found>,
}

impl<'o> Comparison<'o> {
    pub fn new(out: &'o Path) -> Self {
        Comparison {
            out,
            found: BTreeMap::new(),
        }
    }

    /// Whether the spec produces the file at `rel`.
    pub fn produced(&self, rel: &str) -> bool {
        self.found.contains_key(rel)
    }

    /// The symbolic links that writing the produced files into the owned
    /// `dirs` would replace, as [`write::links`] finds them.
    pub fn links(&self, dirs: &[&str]) -> Vec<PathBuf> {
        let mut found = write::linked_dirs(self.out, dirs);
        for f in self.found.values() {
            if let Found::Linked(link) = f {
                if !found.contains(link) {
                    found.push(link.clone());
                }
            }
        }
        found.sort();
        found
    }

    /// The diffs of the produced files that differ from the disk, by path.
    pub fn diffs(self) -> Vec<String> {
        self.found
            .into_values()
            .filter_map(|f| match f {
                Found::Differs(diff) => Some(diff),
                _ => None,
            })
            .collect()
    }
}

impl Sink for Comparison<'_> {
    fn file(&mut self, rel: String, expected: String) {
        self.compare(rel, &expected);
    }

    fn file_from(&mut self, rel: String, buffer: &mut String) {
        self.compare(rel, buffer);
        buffer.clear();
    }

    fn forget(&mut self, prefix: &str) {
        self.found.retain(|rel, _| !rel.starts_with(prefix));
    }
}

impl Comparison<'_> {
    /// Compares the file produced at `rel` with the disk.
    fn compare(&mut self, rel: String, expected: &str) {
        let found = if let Some(link) = write::link_above(self.out, &rel) {
            Found::Linked(link)
        } else {
            let path = self.out.join(&rel);
            if write::holds(&path, expected.as_bytes()).unwrap_or(false) {
                Found::Same
            } else {
                let old = fs::read_to_string(&path).unwrap_or_default();
                let diff = similar::TextDiff::from_lines(&old, expected);
                Found::Differs(
                    diff.unified_diff()
                        .context_radius(3)
                        .header(
                            &format!("{} (on disk)", path.display()),
                            &format!("{} (generated)", path.display()),
                        )
                        .to_string(),
                )
            }
        };
        self.found.insert(rel, found);
    }
}
