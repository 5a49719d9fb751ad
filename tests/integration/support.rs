//! Shared helpers: running the CLI in-process, reading trees, golden compare.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The repository root (tests run with it as the working directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether goldens should be rewritten instead of compared.
pub fn blessing() -> bool {
    std::env::var_os("SAGEROLE_BLESS").is_some_and(|v| v == "1")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the CLI in-process with `args` (without the program name).
pub fn run(args: &[&str]) -> Run {
    run_stdin(args, "")
}

/// [`run`] with `stdin` as standard input, for a spec named `-`.
pub fn run_stdin(args: &[&str], stdin: &str) -> Run {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let mut argv = vec!["sagerole"];
    argv.extend_from_slice(args);
    let code = sagerole::cli::run_with_stdin(argv, &mut stdin.as_bytes(), &mut stdout, &mut stderr);
    Run {
        code,
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// Every file below `dir`, by path relative to it with `/` separators.
pub fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The example folders, each with its spec file.
pub fn examples() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for e in fs::read_dir(root().join("examples")).unwrap().flatten() {
        let dir = e.path();
        let spec = ["sagerole.hcl", "sagerole.json", "sagerole.yaml"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.exists());
        if let Some(spec) = spec {
            out.push((e.file_name().to_string_lossy().into_owned(), spec));
        }
    }
    out.sort();
    out
}

/// A unified diff of two texts, for failure messages.
pub fn diff(name: &str, expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (golden)"), &format!("{name} (generated)"))
        .to_string()
}

/// Compares a whole generated tree with the golden directory, or blesses it.
/// A golden file the generator no longer produces fails too.
pub fn assert_tree(golden_dir: &Path, actual: &BTreeMap<String, String>) {
    let golden = read_tree(golden_dir);
    if blessing() {
        for (rel, text) in actual {
            let path = golden_dir.join(rel);
            if golden.get(rel) != Some(text) {
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, text).unwrap();
            }
        }
        for rel in golden.keys().filter(|r| !actual.contains_key(*r)) {
            fs::remove_file(golden_dir.join(rel)).unwrap();
        }
        return;
    }
    let mut problems = String::new();
    for (rel, text) in actual {
        match golden.get(rel) {
            Some(g) if g == text => {}
            Some(g) => problems.push_str(&diff(rel, g, text)),
            None => problems.push_str(&format!(
                "{rel}: generated but missing from the golden tree\n"
            )),
        }
    }
    for rel in golden.keys().filter(|r| !actual.contains_key(*r)) {
        problems.push_str(&format!(
            "{rel}: in the golden tree but no longer generated\n"
        ));
    }
    assert!(
        problems.is_empty(),
        "{} differs from the generator (bless with SAGEROLE_BLESS=1 after reading the diff):\n{problems}",
        golden_dir.display()
    );
}

/// Compares one text with a golden file, or blesses it.
pub fn assert_file(golden: &Path, actual: &str) {
    if blessing() {
        if fs::read_to_string(golden).ok().as_deref() != Some(actual) {
            fs::write(golden, actual).unwrap();
        }
        return;
    }
    let expected = fs::read_to_string(golden).unwrap_or_else(|_| {
        panic!(
            "{} is missing; create it with SAGEROLE_BLESS=1",
            golden.display()
        )
    });
    assert!(
        expected == actual,
        "{}",
        diff(&golden.display().to_string(), &expected, actual)
    );
}

/// Writes `text` to a scratch spec and returns its path.
pub fn scratch(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}
