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

/// Writes `text` to a scratch spec and returns its path.
fn scratch(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn access_that_no_policy_names_is_diffed_too() {
    let tmp = tempfile::tempdir().unwrap();
    // A Studio profile moving to another role: its users' access changes
    // though no policy statement does.
    let platform =
        std::fs::read_to_string(root().join("examples/ml-platform/sagerole.hcl")).unwrap();
    let moved = platform.replace(
        "workloads   = [\"studio\", \"ana\"]",
        "workloads   = [\"studio\"]",
    ) + "\nrole \"lin\" {\n  workloads = [\"lin\", \"ana\"]\n}\n";
    assert_ne!(moved, platform + "");
    let new = scratch(&tmp, "moved.hcl", &moved);
    let r = run(&[
        "diff",
        "examples/ml-platform/sagerole.hcl",
        &new,
        "--format",
        "json",
        "--fail-on-broaden",
    ]);
    assert_eq!(r.code, 3, "{}", r.stdout);
    assert!(r.stdout.contains("\"part\": \"studio\""), "{}", r.stdout);
    // A tag that a policy reads as ${aws:PrincipalTag/team} changes what the
    // role may read; a tag no policy reads changes nothing.
    let batch =
        std::fs::read_to_string(root().join("examples/batch-transform/sagerole.json")).unwrap();
    let team = scratch(
        &tmp,
        "team.json",
        &batch.replace("\"team\": \"claims-analytics\"", "\"team\": \"fraud\""),
    );
    let r = run(&[
        "diff",
        "examples/batch-transform/sagerole.json",
        &team,
        "--format",
        "json",
    ]);
    assert!(r.stdout.contains("\"part\": \"tags\""), "{}", r.stdout);
    assert!(r.stdout.contains("\"broadens\": true"), "{}", r.stdout);
    let class = scratch(
        &tmp,
        "class.json",
        &batch.replace(
            "\"data-class\": \"confidential\"",
            "\"data-class\": \"internal\"",
        ),
    );
    assert_ne!(class, team);
    let r = run(&["diff", "examples/batch-transform/sagerole.json", &class]);
    assert!(r.stdout.contains("no access changes"), "{}", r.stdout);
}

#[test]
fn a_grant_already_allowed_by_a_kept_one_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    // The model prefix fraud-models/ is read by serve already: a training
    // input below it adds the prefix listing (broadens) and object reads that
    // were allowed before (same), in both directions.
    let base = std::fs::read_to_string(dir().join("base.hcl")).unwrap();
    let more = scratch(
        &tmp,
        "more.hcl",
        &base.replace(
            "inputs  = [\"s3://fraud-data/train/\"]",
            "inputs  = [\"s3://fraud-data/train/\", \"s3://fraud-models/pretrained/\"]",
        ),
    );
    let changes = |old: &str, new: &str| -> Vec<(String, String, String)> {
        let r = run(&["diff", old, new, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["principals"][0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["sign"].as_str().unwrap().to_string(),
                    c["direction"].as_str().unwrap().to_string(),
                    c["actions"][0].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        changes(&spec("base.hcl"), &more),
        [
            s("added", "broadens", "s3:ListBucket"),
            s("added", "unchanged", "s3:GetObject")
        ]
    );
    assert_eq!(
        changes(&more, &spec("base.hcl")),
        [
            s("removed", "narrows", "s3:ListBucket"),
            s("removed", "unchanged", "s3:GetObject")
        ]
    );
}

#[test]
fn a_revision_is_never_read_as_a_git_option() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("pwn");
    let arg = format!("--output={}:z", target.display());
    let r = run(&["diff", "--", &arg, &spec("base.hcl")]);
    assert_eq!(r.code, 2);
    assert!(!tmp.path().join("pwn:z").exists() && !target.exists());
}

#[test]
fn a_rename_is_recognised_under_a_path_and_only_for_the_whole_role_arn() {
    let tmp = tempfile::tempdir().unwrap();
    // The AutoML role passes itself: its own ARN, path included, is in its
    // policy, and a rename changes it.
    let spec = |role: &str| {
        format!("name_prefix = \"t\"\nguardrails {{\n  path = \"/ml/\"\n}}\nworkload \"auto\" {{\n  api     = \"CreateAutoMLJobV2\"\n  inputs  = [\"s3://in-data/tab/\"]\n  outputs = [\"s3://out-data/auto/\"]\n}}\nrole \"{role}\" {{\n  workloads = [\"auto\"]\n}}\n")
    };
    let old = scratch(&tmp, "old.hcl", &spec("a"));
    let new = scratch(&tmp, "new.hcl", &spec("ab"));
    let r = run(&["diff", &old, &new, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let by_key = |k: &str| {
        v["principals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == k)
            .unwrap_or_else(|| panic!("{k}: {}", r.stdout))
            .clone()
    };
    assert_eq!(by_key("a")["same_access_as"], "ab");
    assert_eq!(by_key("ab")["same_access_as"], "a");
}
