//! `sagerole diff` over a series of spec edits (tests/diff): each edit's
//! report is golden in all three forms, and its classification is asserted.

use std::path::Path;

use crate::support::{assert_file, root, run};

/// (name, old spec, new spec, broadens, narrows).
const SERIES: &[(&str, &str, &str, bool, bool)] = &[
    (
        "add-input-prefix",
        "base.hcl",
        "add-input-prefix.hcl",
        true,
        false,
    ),
    (
        "widen-prefix-to-bucket",
        "base.hcl",
        "widen-prefix-to-bucket.hcl",
        true,
        false,
    ),
    // The role may use the key (broadens); the caller must now pass it
    // (sagemaker:VolumeKmsKey pins the request: narrows).
    ("add-kms-key", "base.hcl", "add-kms-key.hcl", true, true),
    (
        "remove-workload",
        "base.hcl",
        "remove-workload.hcl",
        false,
        true,
    ),
    ("add-caller", "base.hcl", "add-caller.hcl", true, false),
    ("relax-trust", "base.hcl", "relax-trust.hcl", true, false),
    ("tighten-trust", "relax-trust.hcl", "base.hcl", false, true),
    // A boundary limits every role.
    ("add-boundary", "base.hcl", "add-boundary.hcl", false, true),
    // A new role with the old one's access, and PassRole moving to it.
    ("rename-role", "base.hcl", "rename-role.hcl", true, true),
];

fn dir() -> std::path::PathBuf {
    root().join("tests/diff")
}

fn spec(name: &str) -> String {
    Path::new("tests/diff").join(name).display().to_string()
}

#[test]
fn every_edit_has_its_golden_report_in_text_markdown_and_json() {
    for (name, old, new, _, _) in SERIES {
        for (format, ext) in [("text", "txt"), ("markdown", "md"), ("json", "json")] {
            let r = run(&[
                "diff",
                &spec(old),
                &spec(new),
                "--format",
                format,
                "--color",
                "never",
            ]);
            assert_eq!(r.code, 0, "{name} {format}: {}", r.stderr);
            assert_file(&dir().join(format!("{name}.{ext}")), &r.stdout);
        }
    }
}

#[test]
fn each_edit_is_classified_as_broadening_or_narrowing() {
    for (name, old, new, broadens, narrows) in SERIES {
        let r = run(&["diff", &spec(old), &spec(new), "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(report["broadens"], *broadens, "{name}: broadens");
        assert_eq!(report["narrows"], *narrows, "{name}: narrows");
        // The verdict is the lines': some line broadens exactly when the
        // report says so.
        let lines: Vec<&serde_json::Value> = report["principals"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["changes"].as_array().unwrap())
            .collect();
        assert!(!lines.is_empty(), "{name}: no changes");
        assert_eq!(
            lines.iter().any(|c| c["direction"] == "broadens"),
            *broadens,
            "{name}"
        );
        // --fail-on-broaden turns a broadening into exit 3, and only that.
        let gated = run(&["diff", &spec(old), &spec(new), "--fail-on-broaden"]);
        assert_eq!(gated.code, if *broadens { 3 } else { 0 }, "{name}");
    }
}

#[test]
fn the_series_changes_what_each_edit_says_and_nothing_else() {
    let report = |old: &str, new: &str| -> serde_json::Value {
        serde_json::from_str(&run(&["diff", &spec(old), &spec(new), "--format", "json"]).stdout)
            .unwrap()
    };
    let principals = |r: &serde_json::Value| -> Vec<String> {
        r["principals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p["kind"].as_str().unwrap(),
                    p["key"].as_str().unwrap()
                )
            })
            .collect()
    };
    // Widening to the bucket touches only the role's S3 grants.
    let widen = report("base.hcl", "widen-prefix-to-bucket.hcl");
    assert_eq!(principals(&widen), ["role exec"]);
    assert!(widen["principals"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a.as_str().unwrap().starts_with("s3:"))));
    // A new caller is new, with its principal; the others are untouched.
    let caller = report("base.hcl", "add-caller.hcl");
    assert_eq!(principals(&caller), ["caller analyst"]);
    assert_eq!(caller["principals"][0]["presence"], "added");
    // Relaxing trust changes the trust policy only.
    let relax = report("base.hcl", "relax-trust.hcl");
    assert!(relax["principals"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["part"] == "trust"));
    // A rename is a removed role, a new one, and the caller's PassRole moving.
    let rename = report("base.hcl", "rename-role.hcl");
    assert_eq!(principals(&rename), ["caller ci", "role exec", "role jobs"]);
    assert_eq!(rename["principals"][1]["same_access_as"], "jobs");
    assert_eq!(rename["principals"][2]["same_access_as"], "exec");
    // Removing a workload is no rename: the role stays, with less.
    let removed = report("base.hcl", "remove-workload.hcl");
    assert!(removed["principals"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p.get("same_access_as").is_none() && p.get("presence").is_none()));
    let ci = &rename["principals"][0]["changes"];
    assert!(ci
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["part"] == "pass-role"));
    // The same spec on both sides: no changes, exit 0 even when gated.
    let same = run(&[
        "diff",
        &spec("base.hcl"),
        &spec("base.hcl"),
        "--fail-on-broaden",
    ]);
    assert_eq!(same.code, 0);
    assert!(same.stdout.contains("no access changes"), "{}", same.stdout);
}

#[test]
fn a_side_can_be_a_git_revision_and_bad_sides_are_bad_input() {
    // HEAD:<path> reads the committed spec; the worktree copy is the same.
    let r = run(&[
        "diff",
        "HEAD:examples/train-serve/sagerole.hcl",
        "examples/train-serve/sagerole.hcl",
    ]);
    if r.code == 2 && r.stderr.contains("git") {
        // Not a git checkout (a source tarball): nothing to compare against.
        eprintln!("skipped: {}", r.stderr.trim());
    } else {
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains("no access changes"), "{}", r.stdout);
    }
    let missing = run(&["diff", "tests/diff/nope.hcl", &spec("base.hcl")]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("tests/diff/nope.hcl"),
        "{}",
        missing.stderr
    );
    let invalid = run(&["diff", &spec("base.hcl"), "tests/errors/studio.hcl"]);
    assert_eq!(invalid.code, 2);
    assert!(
        invalid.stderr.contains("nothing to compare"),
        "{}",
        invalid.stderr
    );
}
