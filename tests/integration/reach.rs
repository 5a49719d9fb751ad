//! Reach: launching a workload is acting as its role. In
//! `examples/ml-platform` the default Studio role launches `rank`, which
//! runs under `jobs`; `jobs` also serves `features`, so the Studio role
//! reaches `recs-events/clickstream/*`, data the spec gives only to
//! `features` and to Lin's own role.

use crate::support::{run, scratch};

const SPEC: &str = "examples/ml-platform/sagerole.hcl";

#[test]
fn explain_reach_shows_the_path_to_data_a_shared_role_holds_for_others() {
    let r = run(&["explain", SPEC, "--reach", "--role", "studio"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("→ ReadInputData:") && l.contains("recs-events/clickstream/*"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(
        line.starts_with(
            "  role studio → launches rank → role recs-jobs → ReadInputData: s3:GetObject on"
        ),
        "{line}"
    );
    // Said to be beyond what rank needs, with the role that holds it.
    assert!(
        r.stdout.contains("    beyond:  arn:${Partition}:s3:::recs-catalog/items/*, arn:${Partition}:s3:::recs-events/clickstream/* (not what rank needs: role recs-jobs holds it for its other workloads)"),
        "{}",
        r.stdout
    );
    // Its own statements come first, without a path.
    assert!(r.stdout.contains("  role studio → ReadInputData: s3:GetObject on arn:${Partition}:s3:::recs-features/daily/*"));
}

#[test]
fn explain_reach_as_json_names_each_hop() {
    let r = run(&["explain", SPEC, "--reach", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let principals = v["reach"]["principals"].as_array().unwrap();
    let find = |kind: &str, key: &str| {
        principals
            .iter()
            .find(|p| p["kind"] == kind && p["key"] == key)
            .unwrap_or_else(|| panic!("{kind} {key}"))
    };
    let clickstream = "arn:${Partition}:s3:::recs-events/clickstream/*";
    let reading = |p: &serde_json::Value| -> Vec<serde_json::Value> {
        p["grants"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| {
                g["actions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a == "s3:GetObject")
                    && g["resources"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|r| r == clickstream)
            })
            .cloned()
            .collect()
    };
    let studio = reading(find("role", "studio"));
    assert_eq!(studio.len(), 1, "{studio:?}");
    assert_eq!(
        studio[0]["path"],
        serde_json::json!([{"launches": "rank", "role": "jobs", "role_name": "recs-jobs"}])
    );
    assert!(studio[0]["not_needed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == clickstream));
    // Lin holds it herself, and reaches it through rank as well.
    let lin = reading(find("role", "lin"));
    assert!(
        lin.iter().any(|g| g["path"] == serde_json::json!([])),
        "{lin:?}"
    );
    // The CI caller creates Lin's profile (acting as her role, which reads
    // it) and deploys the pipeline, which launches features: through jobs,
    // by the path whose last launch is a workload the grant serves.
    let ci = reading(find("caller", "ci"));
    assert_eq!(
        ci[0]["path"],
        serde_json::json!([{"launches": "lin", "role": "lin", "role_name": "recs-lin"}])
    );
    let through_jobs = ci
        .iter()
        .find(|g| g["path"].as_array().unwrap().last().unwrap()["role"] == "jobs")
        .unwrap_or_else(|| panic!("{ci:?}"));
    assert_eq!(
        through_jobs["path"],
        serde_json::json!([
            {"launches": "nightly", "role": "pipeline", "role_name": "recs-pipeline"},
            {"launches": "features", "role": "jobs", "role_name": "recs-jobs"}
        ])
    );
    assert_eq!(through_jobs["not_needed"], serde_json::json!([]));
    // The jobs role launches nothing: it reaches its own statements only.
    let jobs = find("role", "jobs");
    assert!(jobs["grants"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["path"] == serde_json::json!([])));
}

#[test]
fn the_lint_warns_when_a_launcher_reaches_data_through_a_shared_role() {
    let r = run(&["lint", SPEC]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warnings: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning["))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", r.stderr);
    assert!(warnings[0].starts_with("warning[shared-role-reach]: role \"studio\" may act as role recs-jobs (launches rank → role recs-jobs)"), "{}", warnings[0]);
    assert!(warnings[0].contains("s3:GetObject on recs-catalog/items/*, recs-events/clickstream/*"));
    // Lin reads the clickstream herself: only what she does not hold.
    assert!(warnings[1].starts_with("warning[shared-role-reach]: role \"lin\""));
    assert!(
        warnings[1].contains("s3:GetObject on recs-catalog/items/*;"),
        "{}",
        warnings[1]
    );
    assert!(!warnings[1].contains("clickstream"), "{}", warnings[1]);
    // Located at the launches entry that starts the path.
    assert!(r.stderr.contains("= at: workload \"studio\".launches[0]"));

    // With rank in a role of its own, nobody reaches features' data.
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::support::root().join(SPEC)).unwrap();
    let split = text.replace(
        "workloads   = [\"features\", \"rank\"]",
        "workloads   = [\"features\"]",
    );
    assert_ne!(split, text);
    let own = scratch(&tmp, "own.hcl", &split);
    let r = run(&["lint", &own]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning["), "{}", r.stderr);
}

#[test]
fn diff_reports_a_change_of_reach() {
    // Moving rank into the shared jobs role: the Studio role, which
    // launches rank, now reaches what jobs holds for features.
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::support::root().join(SPEC)).unwrap();
    let own = scratch(
        &tmp,
        "own.hcl",
        &text.replace(
            "workloads   = [\"features\", \"rank\"]",
            "workloads   = [\"features\"]",
        ),
    );
    let r = run(&["diff", &own, SPEC, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let studio = v["principals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "role" && p["key"] == "studio")
        .unwrap_or_else(|| panic!("{v:#}"));
    let read = studio["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["subject"] == "as role recs-jobs: ReadInputData")
        .unwrap_or_else(|| panic!("{studio:#}"));
    assert_eq!(read["part"], "reach");
    assert_eq!(read["presence"], "added");
    assert_eq!(read["classification"], "broadens");
    assert_eq!(
        read["resources"],
        serde_json::json!([
            "arn:${Partition}:s3:::recs-catalog/items/*",
            "arn:${Partition}:s3:::recs-events/clickstream/*"
        ])
    );
    assert_eq!(
        read["serves"],
        serde_json::json!(["launches rank → role recs-jobs"])
    );
    // --fail-on-broaden stops on it.
    let gate = run(&["diff", &own, SPEC, "--fail-on-broaden"]);
    assert_ne!(gate.code, 0);
}

#[test]
fn the_readme_shows_reach_as_the_tool_prints_it() {
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).unwrap();
    let command = "sagerole explain examples/ml-platform/sagerole.hcl --reach --role studio";
    let after = &readme[readme.find(command).expect("the README shows the command")..];
    let block = after
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap();
    let r = run(&["explain", SPEC, "--reach", "--role", "studio"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let printed: Vec<&str> = r.stdout.lines().collect();
    assert!(block.lines().count() >= 3);
    for line in block.lines() {
        assert!(printed.contains(&line), "not printed: {line}\n{}", r.stdout);
    }
}
