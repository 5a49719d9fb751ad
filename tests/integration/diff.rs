//! `sagerole diff` over a series of spec edits (tests/diff): each edit's
//! report is golden in all three forms, and its classification is asserted.

use std::io::Write;
use std::path::Path;

use crate::support::{assert_file, examples, root, run, scratch};

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
    (
        "narrow-bucket-to-prefix",
        "widen-prefix-to-bucket.hcl",
        "base.hcl",
        false,
        true,
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
    // Two boundaries cannot be compared: what B allows that A did not is new.
    (
        "change-boundary",
        "add-boundary.hcl",
        "change-boundary.hcl",
        true,
        true,
    ),
    // A new role with the old one's access, and PassRole moving to it.
    ("rename-role", "base.hcl", "rename-role.hcl", true, true),
    // One more value in ForAllValues:StringEquals allows more requests.
    (
        "add-security-group",
        "vpc.hcl",
        "add-security-group.hcl",
        true,
        false,
    ),
    // One subnet for another: new access in place of old.
    (
        "replace-subnet",
        "vpc.hcl",
        "replace-subnet.hcl",
        true,
        true,
    ),
    // Without the vpc block the job may run outside the VPC (broadens);
    // the role loses its network-interface grants (narrows).
    ("remove-vpc", "vpc.hcl", "base.hcl", true, true),
    // Every region (`*`) to one listed region: every regional grant narrows.
    ("list-regions", "base.hcl", "list-regions.hcl", false, true),
    // A declared statement is a grant like any other.
    (
        "declare-statement",
        "base.hcl",
        "declare-statement.hcl",
        true,
        false,
    ), // The name prefix as an input: every name it starts is another name
    // (`${name_prefix}-...` for `fraud-...`), new access in place of old.
    (
        "name-prefix-input",
        "base.hcl",
        "name-prefix-input.hcl",
        true,
        true,
    ),
];

/// A changed statement: (principal, subject, classification).
type Changed = (&'static str, &'static str, &'static str);

/// For each edit, every changed statement in report order. Written from
/// what each edit means for access, not from the reports.
const EXPECTED: &[(&str, &[Changed])] = &[
    (
        "add-input-prefix",
        &[
            ("exec", "ListInputsFraudData", "broadens"),
            ("exec", "ReadInputData", "broadens"),
        ],
    ),
    (
        "widen-prefix-to-bucket",
        &[
            ("exec", "ListInputsFraudData", "broadens"),
            ("exec", "ReadInputData", "broadens"),
        ],
    ),
    (
        "narrow-bucket-to-prefix",
        &[
            ("exec", "ListInputsFraudData", "narrows"),
            ("exec", "ReadInputData", "narrows"),
        ],
    ),
    (
        "add-kms-key",
        &[
            ("ci", "CreateTrainingJobTrain", "narrows"),
            ("exec", "GrantVolumeKeys", "broadens"),
        ],
    ),
    (
        "remove-workload",
        &[
            ("ci", "CreateEndpointConfigServe", "narrows"),
            ("ci", "CreateEndpointServe", "narrows"),
            ("ci", "CreateModelServe", "narrows"),
            ("ci", "FollowDescribeLogStreams", "narrows"),
            ("ci", "FollowFilterLogEvents", "narrows"),
            ("ci", "FollowGetLogEvents", "narrows"),
            ("ci", "FollowUpdateServe", "narrows"),
            ("ci", "ManageServeEndpoint", "narrows"),
            ("ci", "ManageServeEndpointConfig", "narrows"),
            ("ci", "ManageServeModel", "narrows"),
            ("ci", "TagOnCreate", "narrows"),
            // Without the endpoint, the role serves only the caller's
            // training jobs: its trust names them (strict, the default).
            ("exec", "trust policy", "narrows"),
            ("exec", "CreateLogGroups", "narrows"),
            ("exec", "ListModelDataFraudModels", "narrows"),
            ("exec", "PullImages", "narrows"),
            ("exec", "ReadModelArtifacts", "narrows"),
            ("exec", "WriteLogStreams", "narrows"),
        ],
    ),
    (
        "add-caller",
        &[
            ("analyst", "principal", "broadens"),
            ("analyst", "PassExecutionRoles", "broadens"),
            ("analyst", "CreateTrainingJobTrain", "broadens"),
            ("analyst", "FollowDescribeLogStreams", "broadens"),
            ("analyst", "FollowGetLogEvents", "broadens"),
            ("analyst", "ManageTrain", "broadens"),
            ("analyst", "ReadPassedRoles", "broadens"),
            ("analyst", "TagOnCreate", "broadens"),
            // Launching train is acting as exec, which also serves serve:
            // the analyst reaches what exec holds for serve alone.
            ("analyst", "as role fraud-exec: CreateLogGroups", "broadens"),
            (
                "analyst",
                "as role fraud-exec: ListModelDataFraudModels",
                "broadens",
            ),
            ("analyst", "as role fraud-exec: PullImages", "broadens"),
            (
                "analyst",
                "as role fraud-exec: ReadModelArtifacts",
                "broadens",
            ),
            ("analyst", "as role fraud-exec: WriteLogStreams", "broadens"),
        ],
    ),
    ("relax-trust", &[("exec", "trust policy", "broadens")]),
    ("tighten-trust", &[("exec", "trust policy", "narrows")]),
    (
        "add-boundary",
        &[("guardrails", "permissions boundary", "narrows")],
    ),
    (
        "change-boundary",
        &[("guardrails", "permissions boundary", "changes")],
    ),
    (
        "add-security-group",
        &[("ci", "CreateTrainingJobTrain", "broadens")],
    ),
    (
        "replace-subnet",
        &[("ci", "CreateTrainingJobTrain", "changes")],
    ),
    (
        "remove-vpc",
        &[
            ("ci", "CreateTrainingJobTrain", "broadens"),
            ("exec", "ManageVpcNetworkInterfaces", "narrows"),
        ],
    ),
    // Every ARN of a regional resource of the account moves from every
    // region to us-east-1; S3, ECR (the image's own region), PassRole and
    // metrics on "*" do not change.
    (
        "list-regions",
        &[
            ("ci", "CreateEndpointConfigServe", "narrows"),
            ("ci", "CreateEndpointServe", "narrows"),
            ("ci", "CreateModelServe", "narrows"),
            ("ci", "CreateTrainingJobTrain", "narrows"),
            // What the caller follows (logs, update) is regional too; the
            // roles it reads (iam:GetRole) are global and stay.
            ("ci", "FollowDescribeLogStreams", "narrows"),
            ("ci", "FollowFilterLogEvents", "narrows"),
            ("ci", "FollowGetLogEvents", "narrows"),
            ("ci", "FollowUpdateServe", "narrows"),
            ("ci", "ManageServeEndpoint", "narrows"),
            ("ci", "ManageServeEndpointConfig", "narrows"),
            ("ci", "ManageServeModel", "narrows"),
            ("ci", "ManageTrain", "narrows"),
            ("ci", "TagOnCreate", "narrows"),
            ("exec", "trust policy", "narrows"),
            ("exec", "CreateLogGroups", "narrows"),
            ("exec", "WriteLogStreams", "narrows"),
        ],
    ),
    (
        "declare-statement",
        &[("exec", "DeclaredReadSetupParameter", "broadens")],
    ),
    // Every statement that names a job, model, endpoint, log group or role
    // by the prefix, and no other (the S3, ECR and KMS grants).
    (
        "name-prefix-input",
        &[
            ("ci", "PassExecutionRoles", "changes"),
            ("ci", "CreateEndpointConfigServe", "changes"),
            ("ci", "CreateEndpointServe", "changes"),
            ("ci", "CreateModelServe", "changes"),
            ("ci", "CreateTrainingJobTrain", "changes"),
            ("ci", "FollowDescribeLogStreams", "changes"),
            ("ci", "FollowFilterLogEvents", "changes"),
            ("ci", "FollowGetLogEvents", "changes"),
            ("ci", "FollowUpdateServe", "changes"),
            ("ci", "ManageServeEndpoint", "changes"),
            ("ci", "ManageServeEndpointConfig", "changes"),
            ("ci", "ManageServeModel", "changes"),
            ("ci", "ManageTrain", "changes"),
            ("ci", "ReadPassedRoles", "changes"),
            ("ci", "TagOnCreate", "changes"),
            ("exec", "CreateLogGroups", "changes"),
            ("exec", "WriteLogStreams", "changes"),
        ],
    ),
];

fn dir() -> std::path::PathBuf {
    root().join("tests/diff")
}

fn spec(name: &str) -> String {
    Path::new("tests/diff").join(name).display().to_string()
}

/// The JSON report from `old` to `new` (spec paths as given).
fn report(old: &str, new: &str) -> serde_json::Value {
    let r = run(&["diff", old, new, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// A series edit's JSON report.
fn edit(name: &str) -> serde_json::Value {
    let (_, old, new, _, _) = SERIES.iter().find(|c| c.0 == name).unwrap();
    report(&spec(old), &spec(new))
}

/// Every changed statement of a report: (principal key, statement).
fn statements(report: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    report["principals"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            let key = p["key"].as_str().unwrap().to_string();
            p["statements"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |s| (key.clone(), s.clone()))
        })
        .collect()
}

/// The statement `subject` of principal `key`.
fn statement(report: &serde_json::Value, key: &str, subject: &str) -> serde_json::Value {
    statements(report)
        .into_iter()
        .find(|(k, s)| k == key && s["subject"] == subject)
        .unwrap_or_else(|| panic!("{key} {subject}: {report:#}"))
        .1
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
fn each_edit_changes_the_statements_it_should_as_it_should() {
    assert_eq!(
        EXPECTED.iter().map(|e| e.0).collect::<Vec<_>>(),
        SERIES
            .iter()
            .map(|c| c.0)
            .filter(|n| *n != "rename-role")
            .collect::<Vec<_>>()
    );
    for (name, expected) in EXPECTED {
        let got: Vec<(String, String, String)> = statements(&edit(name))
            .into_iter()
            .map(|(k, s)| {
                (
                    k,
                    s["subject"].as_str().unwrap().to_string(),
                    s["classification"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let want: Vec<(String, String, String)> = expected
            .iter()
            .map(|(k, s, c)| (k.to_string(), s.to_string(), c.to_string()))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn each_edit_is_classified_as_broadening_or_narrowing() {
    for (name, old, new, broadens, narrows) in SERIES {
        let report = report(&spec(old), &spec(new));
        assert_eq!(report["broadens"], *broadens, "{name}: broadens");
        assert_eq!(report["narrows"], *narrows, "{name}: narrows");
        // The verdict is the statements': one that allows something new
        // (broadens, or changes: new access in place of old) exactly when
        // the report says access broadens.
        let statements = statements(&report);
        assert!(!statements.is_empty(), "{name}: no changes");
        let classes: Vec<&str> = statements
            .iter()
            .map(|(_, s)| s["classification"].as_str().unwrap())
            .collect();
        assert_eq!(
            classes.iter().any(|c| ["broadens", "changes"].contains(c)),
            *broadens,
            "{name}"
        );
        // One count per changed statement.
        let counts = &report["counts"];
        for class in ["broadens", "narrows", "changes", "same"] {
            assert_eq!(
                counts[class],
                classes.iter().filter(|c| **c == class).count(),
                "{name}: {class}"
            );
        }
        // --fail-on-broaden turns a broadening into exit 3, and only that.
        let gated = run(&["diff", &spec(old), &spec(new), "--fail-on-broaden"]);
        assert_eq!(gated.code, if *broadens { 3 } else { 0 }, "{name}");
        // The summary counts every changed statement once.
        let n = statements.len();
        let changed = format!(": {n} statement{} changed: ", if n == 1 { "" } else { "s" });
        assert!(gated.stdout.contains(&changed), "{name}: {}", gated.stdout);
    }
}

#[test]
fn a_changed_statement_says_in_a_line_what_changed() {
    let text = |name: &str| {
        let (_, old, new, _, _) = SERIES.iter().find(|c| c.0 == name).unwrap();
        run(&["diff", &spec(old), &spec(new), "--color", "never"]).stdout
    };
    let line = |name: &str, want: &str| {
        let t = text(name);
        assert!(
            t.lines().any(|l| l == want),
            "{name}: no line {want:?} in\n{t}"
        );
    };
    line(
        "add-security-group",
        "  CreateTrainingJobTrain on training-job/fraud-train, training-job/fraud-train-*: security groups + sg-0ffff5555eeee6666 (broadens)",
    );
    line(
        "replace-subnet",
        "  CreateTrainingJobTrain on training-job/fraud-train, training-job/fraud-train-*: subnets subnet-0ccc3333dddd44445 → subnet-0eee5555ffff66667 (changes)",
    );
    line(
        "widen-prefix-to-bucket",
        "  ReadInputData: fraud-data/train/* → fraud-data/* (broadens)",
    );
    line(
        "name-prefix-input",
        "  PassExecutionRoles: role/fraud-exec → role/${name_prefix}-exec (changes)",
    );
    line(
        "narrow-bucket-to-prefix",
        "  ReadInputData: fraud-data/* → fraud-data/train/* (narrows)",
    );
    line(
        "change-boundary",
        "  permissions boundary: arn:aws:iam::111122223333:policy/ml-boundary → arn:aws:iam::111122223333:policy/ml-boundary-v2 (changes)",
    );
    line(
        "add-boundary",
        "  permissions boundary: none → arn:aws:iam::111122223333:policy/ml-boundary (narrows)",
    );
    assert!(
        text("add-security-group").contains("access broadens: 1 statement changed: 1 broadens\n")
    );
}

#[test]
fn a_condition_change_names_the_key_and_the_values_added_and_removed() {
    let condition = |name: &str, subject: &str| {
        let s = statement(&edit(name), "ci", subject);
        s["changes"].as_array().unwrap().clone()
    };
    let sg = condition("add-security-group", "CreateTrainingJobTrain");
    assert_eq!(
        sg,
        [serde_json::json!({
            "field": "condition",
            "key": "sagemaker:VpcSecurityGroupIds",
            "name": "security groups",
            "operator": "ForAllValues:StringEquals",
            "change": "values",
            "added": ["sg-0ffff5555eeee6666"],
            "removed": [],
        })]
    );
    let subnet = condition("replace-subnet", "CreateTrainingJobTrain");
    assert_eq!(subnet.len(), 1, "{subnet:?}");
    assert_eq!(subnet[0]["key"], "sagemaker:VpcSubnets");
    assert_eq!(
        subnet[0]["added"],
        serde_json::json!(["subnet-0eee5555ffff66667"])
    );
    assert_eq!(
        subnet[0]["removed"],
        serde_json::json!(["subnet-0ccc3333dddd44445"])
    );
    // Dropping the vpc block drops both keys' tests: the list and the Null
    // test that denies a request without the key.
    let vpc: Vec<(String, String, String)> = condition("remove-vpc", "CreateTrainingJobTrain")
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().to_string(),
                c["operator"].as_str().unwrap().to_string(),
                c["change"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let t = |k: &str, o: &str| (k.to_string(), o.to_string(), "removed".to_string());
    assert_eq!(
        vpc,
        [
            t("sagemaker:VpcSecurityGroupIds", "ForAllValues:StringEquals"),
            t("sagemaker:VpcSecurityGroupIds", "Null"),
            t("sagemaker:VpcSubnets", "ForAllValues:StringEquals"),
            t("sagemaker:VpcSubnets", "Null"),
        ]
    );
    // A new pin on the request is a condition added, with its value: the
    // caller must now name this volume key (ArnEquals), an ARN in the
    // deploying partition like every ARN of the model.
    assert_eq!(
        condition("add-kms-key", "CreateTrainingJobTrain"),
        [serde_json::json!({
            "field": "condition",
            "key": "sagemaker:VolumeKmsKeyArn",
            "name": "volume KMS key",
            "operator": "ArnEquals",
            "change": "added",
            "added": ["arn:${Partition}:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
            "removed": [],
        })]
    );
    // A wider resource is one resource for another.
    let widen = statement(&edit("widen-prefix-to-bucket"), "exec", "ReadInputData");
    assert_eq!(
        widen["changes"],
        serde_json::json!([{
            "field": "resources",
            "added": ["arn:${Partition}:s3:::fraud-data/*"],
            "removed": ["arn:${Partition}:s3:::fraud-data/train/*"],
        }])
    );
    let boundary = statement(
        &edit("change-boundary"),
        "guardrails",
        "permissions boundary",
    );
    assert_eq!(
        boundary["changes"],
        serde_json::json!([{
            "field": "resources",
            "added": ["arn:aws:iam::111122223333:policy/ml-boundary-v2"],
            "removed": ["arn:aws:iam::111122223333:policy/ml-boundary"],
        }])
    );
}

#[test]
fn the_series_changes_what_each_edit_says_and_nothing_else() {
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
    // Widening to the bucket touches only the role's S3 statements.
    let widen = edit("widen-prefix-to-bucket");
    assert_eq!(principals(&widen), ["role exec"]);
    assert!(statements(&widen).iter().all(|(_, s)| s["actions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a.as_str().unwrap().starts_with("s3:"))));
    // A new caller is new, with its principal; the others are untouched.
    let caller = edit("add-caller");
    assert_eq!(principals(&caller), ["caller analyst"]);
    assert_eq!(caller["principals"][0]["presence"], "added");
    assert!(statements(&caller)
        .iter()
        .all(|(_, s)| s["presence"] == "added"));
    // Relaxing trust changes the trust policy only.
    let relax = edit("relax-trust");
    assert!(statements(&relax).iter().all(|(_, s)| s["part"] == "trust"));
    // A rename is a removed role, a new one, and the caller's PassRole (and
    // its reading of the role) moving.
    let rename = edit("rename-role");
    assert_eq!(principals(&rename), ["caller ci", "role exec", "role jobs"]);
    assert_eq!(rename["principals"][1]["same_access_as"], "jobs");
    assert_eq!(rename["principals"][2]["same_access_as"], "exec");
    let pass = statement(&rename, "ci", "PassExecutionRoles");
    assert_eq!(pass["part"], "pass-role");
    assert_eq!(pass["classification"], "changes");
    assert_eq!(
        rename["counts"],
        serde_json::json!({"broadens": 11, "narrows": 11, "changes": 2, "same": 0})
    );
    // Removing a workload is no rename: the role stays, with less.
    let removed = edit("remove-workload");
    assert!(removed["principals"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p.get("same_access_as").is_none() && p.get("presence").is_none()));
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

/// Whether the tests run in a git work tree with a commit to read (a
/// source tarball has neither); the reason when not.
fn git_history() -> Result<(), String> {
    let rev_parse = |args: &[&str]| {
        std::process::Command::new("git")
            .args(["rev-parse"])
            .args(args)
            .current_dir(root())
            .output()
    };
    match rev_parse(&["--is-inside-work-tree"]) {
        Err(e) => return Err(format!("git cannot run: {e}")),
        Ok(o) if !o.status.success() || o.stdout.trim_ascii() != b"true" => {
            return Err("not a git work tree".into())
        }
        Ok(_) => {}
    }
    match rev_parse(&["--verify", "--quiet", "HEAD^{commit}"]) {
        Ok(o) if o.status.success() => Ok(()),
        _ => Err("the git work tree has no commit".into()),
    }
}

#[test]
fn a_side_can_be_a_git_revision_and_bad_sides_are_bad_input() {
    match git_history() {
        Ok(()) => {
            // HEAD:./PATH reads the committed spec (relative to the working
            // directory); compared with the same text it is no change, and
            // with an edit of it, that edit.
            let committed = std::process::Command::new("git")
                .args(["show", "HEAD:./tests/diff/base.hcl"])
                .current_dir(root())
                .output()
                .unwrap();
            assert!(
                committed.status.success(),
                "tests/diff/base.hcl is not committed"
            );
            let text = String::from_utf8(committed.stdout).unwrap();
            let tmp = tempfile::tempdir().unwrap();
            let same = scratch(&tmp, "same.hcl", &text);
            let r = run(&["diff", "HEAD:./tests/diff/base.hcl", &same]);
            assert_eq!(r.code, 0, "{}", r.stderr);
            assert!(r.stdout.contains("no access changes"), "{}", r.stdout);
            let wider = scratch(
                &tmp,
                "wider.hcl",
                &text.replace("\"s3://fraud-data/train/\"", "\"s3://fraud-data/\""),
            );
            let r = report("HEAD:./tests/diff/base.hcl", &wider);
            assert_eq!(r["old"], "HEAD:./tests/diff/base.hcl");
            assert_eq!(
                statement(&r, "exec", "ReadInputData")["classification"],
                "broadens"
            );
        }
        Err(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("the git revision diff test cannot run in CI: {why}")
        }
        // Straight to the process's stderr: the harness captures the
        // `eprintln!` of passing tests, and a skip must be seen.
        Err(why) => {
            let _ = writeln!(
                std::io::stderr(),
                "\nskipped: reading a diff side from git (tests/integration/diff.rs): {why}\n"
            );
        }
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
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let ana = statement(&v, "studio", "Studio identity ana");
    assert_eq!(ana["part"], "studio");
    assert_eq!(ana["classification"], "changes");
    assert_eq!(
        ana["changes"],
        serde_json::json!([{"field": "resources", "added": ["role lin"], "removed": ["role studio"]}])
    );
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
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let tag = statement(&v, "guardrails", "role tag team");
    assert_eq!(tag["part"], "tags");
    assert_eq!(tag["classification"], "changes");
    assert_eq!(v["broadens"], true);
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
    // The same tag from an input of kind tag_value: whatever the deployment
    // passes is what the policy reads, shown by the input's name.
    let input = scratch(
        &tmp,
        "team-input.json",
        &batch
            .replace(
                "\"team\": \"claims-analytics\"",
                "\"team\": {\"input\": \"team\"}",
            )
            .replace(
                "\"name_prefix\": \"claims\",",
                "\"name_prefix\": \"claims\", \"input\": {\"team\": {\"kind\": \"tag_value\"}},",
            ),
    );
    let r = run(&[
        "diff",
        "examples/batch-transform/sagerole.json",
        &input,
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let tag = statement(&v, "guardrails", "role tag team");
    assert_eq!(tag["classification"], "changes");
    assert_eq!(
        tag["changes"],
        serde_json::json!([{"field": "resources", "added": ["${team}"], "removed": ["claims-analytics"]}])
    );
}

#[test]
fn a_grant_already_allowed_by_a_kept_one_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    // The model data s3://fraud-models/ is listed and read by serve already:
    // a training input below it adds a prefix listing and object reads that
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
    let changes = |old: &str, new: &str| -> Vec<(String, String)> {
        statements(&report(old, new))
            .into_iter()
            .map(|(_, s)| {
                (
                    s["subject"].as_str().unwrap().to_string(),
                    s["classification"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    // The object reads merge into serve's grant on the model data, which
    // covers them (issue 14: no duplicate grants): only the listing shows.
    assert_eq!(
        changes(&spec("base.hcl"), &more),
        [s("ListInputsFraudModels", "same")]
    );
    assert_eq!(
        changes(&more, &spec("base.hcl")),
        [s("ListInputsFraudModels", "same")]
    );
    let text = run(&["diff", &spec("base.hcl"), &more, "--color", "never"]).stdout;
    assert!(text.contains("(same access)"), "{text}");
    assert!(!text.contains("ReadInputData"), "{text}");
    assert!(
        text.contains("access unchanged: 1 statement changed: 1 keeps the same access\n"),
        "{text}"
    );
}

#[test]
fn attaching_the_full_access_managed_policy_broadens_and_detaching_it_narrows() {
    let tmp = tempfile::tempdir().unwrap();
    // sagerole does not model what AmazonSageMakerFullAccess allows: the
    // policy itself is the statement that changes.
    let base = std::fs::read_to_string(dir().join("base.hcl")).unwrap();
    let full = scratch(
        &tmp,
        "full.hcl",
        &base.replace(
            "  workloads = [\"train\", \"serve\"]\n",
            "  workloads = [\"train\", \"serve\"]\n  permissions = \"full-access\"\n  full_access_buckets = [\"fraud-data\", \"fraud-models\"]\n",
        ),
    );
    let managed = |old: &str, new: &str| {
        let r = report(old, new);
        statement(&r, "exec", "AWS managed policies")
    };
    let attach = managed(&spec("base.hcl"), &full);
    assert_eq!(attach["part"], "managed-policy");
    assert_eq!(attach["presence"], "added");
    assert_eq!(attach["classification"], "broadens");
    assert_eq!(
        attach["changes"],
        serde_json::json!([{"field": "resources", "added": ["AmazonSageMakerFullAccess"], "removed": []}])
    );
    let gated = run(&["diff", &spec("base.hcl"), &full, "--fail-on-broaden"]);
    assert_eq!(gated.code, 3, "{}", gated.stdout);
    assert!(
        gated
            .stdout
            .contains("  AWS managed policies (new): + AmazonSageMakerFullAccess (broadens)\n"),
        "{}",
        gated.stdout
    );
    let detach = managed(&full, &spec("base.hcl"));
    assert_eq!(detach["presence"], "removed");
    assert_eq!(detach["classification"], "narrows");
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

/// A new role with the access of a role that stays is no rename: the old
/// role is still there, and the new one is access added.
#[test]
fn a_new_role_like_one_that_stays_is_no_rename() {
    let tmp = tempfile::tempdir().unwrap();
    let image = |name: &str, role: &str| {
        format!("workload \"{name}\" {{\n  api    = \"CreateImage\"\n  images = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/base:1\"]\n}}\nrole \"{role}\" {{\n  workloads = [\"{name}\"]\n}}\n")
    };
    let one = format!("name_prefix = \"t\"\n{}", image("img1", "a"));
    let old = scratch(&tmp, "old.hcl", &one);
    let new = scratch(&tmp, "new.hcl", &format!("{one}{}", image("img2", "b")));
    let v = report(&old, &new);
    let principals = v["principals"].as_array().unwrap();
    assert_eq!(principals.len(), 1, "{v:#}");
    assert_eq!(principals[0]["key"], "b");
    assert_eq!(principals[0]["presence"], "added");
    assert!(principals[0].get("same_access_as").is_none(), "{v:#}");
}

/// A role that replaces another but reads other data is no rename: a
/// reviewer must read its access.
#[test]
fn a_new_role_with_other_access_is_no_rename() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = |role: &str, input: &str| {
        format!("name_prefix = \"t\"\nworkload \"auto\" {{\n  api     = \"CreateAutoMLJobV2\"\n  inputs  = [\"s3://in-data/{input}/\"]\n  outputs = [\"s3://out-data/auto/\"]\n}}\nrole \"{role}\" {{\n  workloads = [\"auto\"]\n}}\n")
    };
    let old = scratch(&tmp, "old.hcl", &spec("a", "tab"));
    let new = scratch(&tmp, "new.hcl", &spec("b", "images"));
    let v = report(&old, &new);
    let principals = v["principals"].as_array().unwrap();
    assert_eq!(principals.len(), 2, "{v:#}");
    for p in principals {
        assert!(p.get("same_access_as").is_none(), "{p:#}");
    }
}

#[test]
fn every_condition_key_of_the_examples_and_the_series_reads_as_words() {
    let mut specs: Vec<std::path::PathBuf> = examples().into_iter().map(|(_, p)| p).collect();
    specs.extend(
        std::fs::read_dir(dir())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "hcl")),
    );
    let mut keys = std::collections::BTreeSet::new();
    for spec in &specs {
        let text = std::fs::read_to_string(spec).unwrap();
        let source = sagerole::diagnostic::Source::new(spec.display().to_string(), text);
        let model = sagerole::load(&source).unwrap_or_else(|_| panic!("{}", spec.display()));
        let policies = model
            .roles
            .iter()
            .flat_map(|r| {
                std::iter::once(&r.trust.conditions)
                    .chain(r.policy.statements.iter().map(|s| &s.conditions))
            })
            .chain(
                model
                    .callers
                    .iter()
                    .flat_map(|c| c.policy.statements.iter().map(|s| &s.conditions)),
            );
        keys.extend(policies.flatten().map(|c| c.key.clone()));
    }
    assert!(keys.contains("sagemaker:VpcSecurityGroupIds"), "{keys:?}");
    let unnamed: Vec<&String> = keys
        .iter()
        .filter(|k| sagerole::catalog::condition_keys::name(k) == k.as_str())
        .collect();
    assert!(
        unnamed.is_empty(),
        "no name in catalog::condition_keys for {unnamed:?}"
    );
}

#[test]
fn the_readme_shows_the_add_security_group_report_as_it_is() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let golden = std::fs::read_to_string(dir().join("add-security-group.txt")).unwrap();
    assert!(
        readme.contains(&format!("```text\n{golden}```\n")),
        "README.md's diff example differs from tests/diff/add-security-group.txt"
    );
}
