//! The output folder is the user's: runs that share it, links in it and
//! files written by hand in it are never lost or followed.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::support::{read_tree, root, run};

/// Specs whose outputs differ in their files, not only in their contents.
const SPECS: [&str; 3] = [
    "examples/train-serve/sagerole.hcl",
    "examples/process-tune/sagerole.hcl",
    "examples/batch-transform/sagerole.json",
];

/// Files written by hand into the output folder, in and beside the
/// directories sagerole owns.
const MINE: [(&str, &str); 3] = [
    ("terraform/mine.tf", "# written by hand\n"),
    ("cloudformation/notes.md", "by hand\n"),
    ("README.md", "ours\n"),
];

fn spawn_generate(spec: &str, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_sagerole"))
        .args(["generate", spec, "--out", out.to_str().unwrap()])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// What one spec's run leaves in a folder holding [`MINE`]: generated at
/// the same depth as the shared folder, so that headers name the spec alike.
fn expected(spec: &str, out: &Path) -> BTreeMap<String, String> {
    let r = run(&["generate", spec, "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut tree = read_tree(out);
    for (path, text) in MINE {
        tree.insert(path.into(), text.into());
    }
    tree
}

/// Two runs on one folder used to lose a hand-written file in most
/// trials: one run listed `terraform/` while the other had moved it aside,
/// or deleted the other's staging directory. Runs now take turns, and each
/// stages under names of its own.
#[test]
fn parallel_runs_of_different_specs_keep_every_hand_written_file() {
    let tmp = tempfile::tempdir().unwrap();
    let outputs: Vec<BTreeMap<String, String>> = SPECS
        .iter()
        .enumerate()
        .map(|(i, spec)| expected(spec, &tmp.path().join(format!("expected-{i}"))))
        .collect();
    let out = tmp.path().join("shared");
    for round in 0..4 {
        // Every round starts from one spec's output and the files by hand.
        let r = run(&["generate", SPECS[round % 3], "--out", out.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        for (path, text) in MINE {
            fs::write(out.join(path), text).unwrap();
        }
        let children: Vec<Child> = (0..6)
            .map(|i| spawn_generate(SPECS[(round + i) % 3], &out))
            .collect();
        for child in children {
            let done = child.wait_with_output().unwrap();
            assert_eq!(
                done.status.code(),
                Some(0),
                "round {round}: {}",
                String::from_utf8_lossy(&done.stderr)
            );
        }
        let tree = read_tree(&out);
        for (path, text) in MINE {
            assert_eq!(
                tree.get(path).map(String::as_str),
                Some(text),
                "round {round}: {path} was lost"
            );
        }
        assert!(
            outputs.contains(&tree),
            "round {round}: the folder is not any one spec's output: {:?}",
            tree.keys().collect::<Vec<_>>()
        );
    }
}

/// A link in an output folder was followed: a linked file was replaced by
/// a copy of its target, a linked directory copied whole, and a link to a
/// generated file elsewhere deleted as stale. Links a user put there stay
/// links; a link where sagerole writes is refused, with both sides intact.
#[cfg(unix)]
#[test]
fn links_in_the_output_folder_are_kept_or_refused_never_followed() {
    use std::os::unix::fs::symlink;
    let spec = SPECS[0];
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    let shared = tmp.path().join("shared");
    fs::create_dir_all(shared.join("modules")).unwrap();
    fs::write(shared.join("providers.tf"), "# shared by hand\n").unwrap();
    fs::write(shared.join("modules/x.tf"), "# a module\n").unwrap();
    // Another module's generated file, linked in by hand.
    let other = tmp.path().join("other");
    expected(SPECS[1], &other);
    assert_eq!(
        run(&["generate", spec, "--out", out.to_str().unwrap()]).code,
        0
    );
    let links = [
        ("terraform/providers.tf", "../../shared/providers.tf"),
        ("terraform/modules", "../../shared/modules"),
        ("terraform/upstream.tf", "../../other/terraform/main.tf"),
    ];
    for (link, target) in links {
        symlink(target, out.join(link)).unwrap();
    }
    let kept = |out: &Path| {
        for (link, target) in links {
            assert_eq!(
                fs::read_link(out.join(link)).ok().as_deref(),
                Some(Path::new(target)),
                "{link} is still a link to {target}"
            );
        }
    };
    // A spec whose files differ, so that the directory is rebuilt.
    let r = run(&["generate", SPECS[2], "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    kept(&out);
    let r = run(&["check", SPECS[2], "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "a link is not a stale file: {}", r.stderr);
    assert_eq!(
        fs::read_to_string(shared.join("providers.tf")).unwrap(),
        "# shared by hand\n"
    );

    // A link where a generated file goes, to a file that holds what would
    // be generated there: check calls it drift without reading through it,
    // and generate refuses, even with --force, leaving both sides alone.
    let main = out.join("terraform/main.tf");
    let copy = tmp.path().join("copy-main.tf");
    fs::rename(&main, &copy).unwrap();
    let before = fs::read_to_string(&copy).unwrap();
    symlink("../../copy-main.tf", &main).unwrap();
    let r = run(&["check", SPECS[2], "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 1, "check does not read through it: {}", r.stdout);
    assert!(
        r.stdout.contains("terraform/main.tf is a symbolic link"),
        "{}",
        r.stdout
    );
    for force in [false, true] {
        let mut args = vec!["generate", SPECS[2], "--out", out.to_str().unwrap()];
        if force {
            args.push("--force");
        }
        let r = run(&args);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.contains("terraform/main.tf is a symbolic link"),
            "{}",
            r.stderr
        );
        assert!(fs::symlink_metadata(&main)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&copy).unwrap(), before);
        kept(&out);
    }

    // An owned directory that is a link: refused, the linked tree untouched.
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join("main.tf"), "# by hand\n").unwrap();
    let out2 = tmp.path().join("generated2");
    fs::create_dir_all(&out2).unwrap();
    symlink("../elsewhere", out2.join("terraform")).unwrap();
    let r = run(&["generate", spec, "--out", out2.to_str().unwrap(), "--force"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("terraform is a symbolic link"),
        "{}",
        r.stderr
    );
    assert!(fs::symlink_metadata(out2.join("terraform"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        read_tree(&elsewhere),
        BTreeMap::from([("main.tf".to_string(), "# by hand\n".to_string())])
    );
}

fn render(spec: &str, out: &Path, force: bool) -> crate::support::Run {
    let mut args = vec!["render", spec, "--policies", "--out", out.to_str().unwrap()];
    if force {
        args.push("--force");
    }
    run(&args)
}

/// `render` deleted everything under `roles/` and `callers/`, files by hand
/// included. It now replaces only what an earlier render wrote there (its
/// `.sagerole-rendered` lists them), and a file of someone else's where it
/// writes only with --force.
#[test]
fn render_replaces_only_what_it_rendered() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("rendered");
    let r = render(SPECS[0], &out, false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first = read_tree(&out);
    let mine = [
        ("roles/notes.md", "reviewed by hand\n"),
        ("roles/exec/extra.json", "{}\n"),
        ("callers/mine.json", "{}\n"),
    ];
    for (path, text) in mine {
        fs::write(out.join(path), text).unwrap();
    }
    // Another spec: the first one's documents go, the files by hand stay.
    let r = render(SPECS[1], &out, false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let second = read_tree(&out);
    for (path, text) in mine {
        assert_eq!(second.get(path).map(String::as_str), Some(text), "{path}");
    }
    let alone = tmp.path().join("alone");
    assert_eq!(render(SPECS[1], &alone, false).code, 0);
    let mut expected = read_tree(&alone);
    expected.extend(mine.map(|(p, t)| (p.to_string(), t.to_string())));
    assert_eq!(second, expected);
    assert!(
        first.keys().any(|p| !second.contains_key(p)),
        "the specs render different files"
    );

    // A file by hand where render writes: refused, then --force.
    let fresh = tmp.path().join("fresh");
    let (path, text) = first
        .iter()
        .find(|(p, _)| p.ends_with(".trust.json"))
        .unwrap();
    fs::create_dir_all(fresh.join(path).parent().unwrap()).unwrap();
    fs::write(fresh.join(path), "{\"mine\": true}\n").unwrap();
    let r = render(SPECS[0], &fresh, false);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("exists and was not generated by sagerole")
            && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert_eq!(read_tree(&fresh).len(), 1, "nothing was written");
    let r = render(SPECS[0], &fresh, true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(&fs::read_to_string(fresh.join(path)).unwrap(), text);
}
