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
    assert_eq!(warnings.len(), 3, "{}", r.stderr);
    assert!(
        warnings[2].starts_with("warning[indistinct-roles]: caller \"ci\""),
        "{}",
        warnings[2]
    );
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
    assert!(
        !r.stderr.contains("warning[shared-role-reach]"),
        "{}",
        r.stderr
    );
}

/// Two training workloads, each with a role of its own, and a caller that
/// passes both roles; `extra` is added to the spec.
fn two_trainers(launches: &str, extra: &str) -> String {
    let image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/team/trainer:1";
    format!(
        "name_prefix = \"t\"\n\
         workload \"a\" {{\n api = \"CreateTrainingJob\"\n outputs = [\"s3://t-out/a/\"]\n images = [\"{image}\"]\n}}\n\
         workload \"b\" {{\n api = \"CreateTrainingJob\"\n outputs = [\"s3://t-out/b/\"]\n images = [\"{image}\"]\n}}\n\
         caller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"a\", \"b\"]\n launches = [{launches}]\n}}\n\
         caller \"ops\" {{\n principal = \"arn:aws:iam::111122223333:role/ops\"\n passes = [\"b\"]\n launches = [\"b\"]\n}}\n{extra}"
    )
}

/// The principals and roles a caller reaches through passing roles.
fn passed_roles_reached(spec: &str, caller: &str) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let path = scratch(&tmp, "sagerole.hcl", spec);
    let r = run(&["explain", &path, "--reach", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let p = v["reach"]["principals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "caller" && p["key"] == caller)
        .unwrap()
        .clone();
    let mut roles: Vec<String> = p["grants"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["path"].as_array().unwrap().first().cloned())
        .map(|step| step["role"].as_str().unwrap().to_string())
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

/// A caller that passes b's role but launches only a cannot use that role:
/// b's trust (strict, the default) names b's training jobs, and SageMaker
/// assumes a role only for a job its trust admits (SageMaker Developer
/// Guide, 'Cross-service confused deputy prevention'). With trust = "auto"
/// (account-wide) it can, and reaches b's grants.
#[test]
fn a_passed_role_reaches_only_the_workloads_its_trust_admits() {
    assert_eq!(
        passed_roles_reached(&two_trainers("\"a\"", ""), "ci"),
        ["a"]
    );
    let auto = "role \"b\" {\n workloads = [\"b\"]\n trust = \"auto\"\n}\n";
    assert_eq!(
        passed_roles_reached(&two_trainers("\"a\"", auto), "ci"),
        ["a", "b"]
    );
}

/// One caller passing roles that a create call cannot tell apart gets a
/// warning at its `passes`; roles whose trusts name their own jobs do not.
#[test]
fn the_lint_warns_when_a_caller_passes_roles_its_create_calls_cannot_tell_apart() {
    let lint = |spec: &str| {
        let tmp = tempfile::tempdir().unwrap();
        let path = scratch(&tmp, "sagerole.hcl", spec);
        let r = run(&["lint", &path]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stderr
    };
    let distinct = lint(&two_trainers("\"a\", \"b\"", ""));
    assert!(
        !distinct.contains("warning[indistinct-roles]"),
        "{distinct}"
    );
    let auto = "role \"b\" {\n workloads = [\"b\"]\n trust = \"auto\"\n}\n";
    let stderr = lint(&two_trainers("\"a\", \"b\"", auto));
    let warning = stderr
        .lines()
        .find(|l| l.starts_with("warning[indistinct-roles]"))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert_eq!(
        warning,
        "warning[indistinct-roles]: caller \"ci\" passes roles whose create calls cannot tell them apart, so it may create a under t-a or t-b"
    );
    assert!(stderr.contains("= at: caller \"ci\".passes[0]"), "{stderr}");
    // ops passes one role only.
    assert_eq!(stderr.matches("warning[indistinct-roles]").count(), 1);
    // With both trusts at the account, both launches may run under either
    // role: one clause names them together rather than repeating the roles.
    let both = "role \"a\" {\n workloads = [\"a\"]\n trust = \"auto\"\n}\n";
    let stderr = lint(&two_trainers("\"a\", \"b\"", &format!("{both}{auto}")));
    let warning = stderr
        .lines()
        .find(|l| l.starts_with("warning[indistinct-roles]: caller \"ci\""))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        warning.ends_with("so it may create a, b under t-a or t-b"),
        "{warning}"
    );
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
