//! Escaping and injection: arbitrary text in every spec field that reaches
//! output is either rejected with a clear error, or comes back exactly from
//! every format (hcl-rs for Terraform, a YAML parser and serde_json for
//! CloudFormation). IAM policy variables reach AWS unchanged.

use std::fs;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{json, Value};

use crate::equivalence::{canonical, cloudformation, terraform};

/// Text built from the characters that break formats: quotes, backslashes,
/// newlines, template openers, IAM variables, unicode.
fn nasty() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Z",
        "0",
        " ",
        "\"",
        "'",
        "\\",
        "\n",
        "\r",
        "\t",
        "${",
        "%{",
        "&{",
        "$${",
        "}",
        "{",
        "!",
        "#",
        "//",
        "/*",
        "${aws:username}",
        "${!x}",
        "é",
        "ß",
        "✓",
        "😀",
        "\u{7f}",
        "\u{0}",
        ":",
        "- ",
        "? ",
        "|",
        "*",
        "&",
        "<<EOT",
        "EOT",
    ]);
    prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
}

/// A valid spec with `text` in one of the fields that reach output.
fn with_text_in(field: usize, text: &str) -> String {
    match field {
        0 => spec(text, "team", "ml", "data/"),
        1 => spec("d", text, "ml", "data/"),
        2 => spec("d", "team", text, "data/"),
        _ => spec("d", "team", "ml", text),
    }
}

fn spec(description: &str, tag_key: &str, tag_value: &str, prefix: &str) -> String {
    json!({
        "name_prefix": "esc",
        "guardrails": { "tags": { tag_key: tag_value } },
        "workload": { "train": {
            "api": "CreateTrainingJob",
            "inputs": [format!("s3://esc-data/{prefix}")],
            "outputs": ["s3://esc-out/models/"],
            "images": ["111122223333.dkr.ecr.us-east-1.amazonaws.com/esc:1"]
        }},
        "role": { "exec": { "workloads": ["train"], "description": description } }
    })
    .to_string()
}

/// Generates into a temporary directory and reads back what matters.
fn round_trip(text: &str) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let spec_path = tmp.path().join("sagerole.json");
    fs::write(&spec_path, text).unwrap();
    let out = tmp.path().join("generated");
    let r = crate::support::run(&[
        "generate",
        spec_path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    if r.code != 0 {
        return Err(r.stderr);
    }
    // Every policy document evaluates to the canonical one in both formats.
    let expected = canonical(&spec_path);
    let tf = terraform(&out.join("terraform"));
    let cfn = cloudformation(&out.join("cloudformation/template.json"));
    assert_eq!(tf, expected, "Terraform documents");
    assert_eq!(cfn, expected, "CloudFormation documents");
    let yaml: Value = serde_saphyr::from_str(
        &fs::read_to_string(out.join("cloudformation/template.yaml")).unwrap(),
    )
    .unwrap();
    let json: Value = serde_json::from_str(
        &fs::read_to_string(out.join("cloudformation/template.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        yaml["Resources"], json["Resources"],
        "YAML and JSON templates"
    );
    Ok(())
}

/// The description and tags as Terraform and CloudFormation carry them.
fn strings_back(out: &std::path::Path) -> (String, Value, String, Value) {
    let roles: hcl::Body =
        hcl::parse(&fs::read_to_string(out.join("terraform/roles.tf")).unwrap()).unwrap();
    let role = roles
        .blocks()
        .find(|b| b.identifier() == "resource")
        .unwrap();
    let description = role
        .body()
        .attributes()
        .find(|a| a.key() == "description")
        .unwrap()
        .expr()
        .clone();
    let hcl::Expression::String(tf_description) = description else {
        panic!("description is not a plain string: {description:?}")
    };
    let main: hcl::Body =
        hcl::parse(&fs::read_to_string(out.join("terraform/main.tf")).unwrap()).unwrap();
    let locals = main.blocks().find(|b| b.identifier() == "locals").unwrap();
    let tags = locals
        .body()
        .attributes()
        .find(|a| a.key() == "tags")
        .unwrap()
        .expr()
        .clone();
    let tf_tags = serde_json::to_value(hcl::Value::from(tags)).unwrap();
    let json: Value = serde_json::from_str(
        &fs::read_to_string(out.join("cloudformation/template.json")).unwrap(),
    )
    .unwrap();
    let p = &json["Resources"]["ExecRole"]["Properties"];
    (
        tf_description,
        tf_tags,
        p["Description"].as_str().unwrap().to_string(),
        p["Tags"].clone(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_is_rejected_or_round_trips(field in 0usize..4, text in nasty()) {
        let text = with_text_in(field, &text);
                // Accepted text round-trips (round_trip asserts it); rejected text
        // gets a located, explained error, never a panic.
        if let Err(stderr) = round_trip(&text) {
            prop_assert!(stderr.contains("error["), "{stderr}");
            prop_assert!(stderr.contains("sagerole.json:"), "{stderr}");
            prop_assert!(stderr.contains("= help:") || stderr.contains("error[type]"), "{stderr}");
        }
    }
}

#[test]
fn accepted_text_comes_back_exactly() {
    let description = "Runs \"churn\" jobs \\ with ${aws:username} and %{ literally";
    let (key, value) = ("team:ml/platform", "a=b + c@d");
    let tmp = tempfile::tempdir().unwrap();
    let spec_path = tmp.path().join("sagerole.json");
    fs::write(
        &spec_path,
        spec(description, key, value, "home/${aws:PrincipalTag/team}/"),
    )
    .unwrap();
    let out = tmp.path().join("generated");
    let r = crate::support::run(&[
        "generate",
        spec_path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (tf_description, tf_tags, cfn_description, cfn_tags) = strings_back(&out);
    assert_eq!(tf_description, description);
    assert_eq!(cfn_description, description);
    assert_eq!(tf_tags, json!({ key: value }));
    assert_eq!(cfn_tags, json!([{"Key": key, "Value": value}]));
    round_trip(&fs::read_to_string(&spec_path).unwrap()).unwrap();
    // The policy variable is escaped per format and evaluates to itself.
    let policies = fs::read_to_string(out.join("terraform/policies.tf")).unwrap();
    assert!(
        policies.contains("home/$${aws:PrincipalTag/team}/*"),
        "{policies}"
    );
    let template = fs::read_to_string(out.join("cloudformation/template.json")).unwrap();
    assert!(template.contains("home/${!aws:PrincipalTag/team}/*"));
}

#[test]
fn text_that_cannot_reach_iam_safely_is_rejected_with_a_reason() {
    for (prefix, why) in [
        ("data/*", "wildcard"),
        ("a&{b}", "aws_iam_policy_document"),
        ("caf\u{e9}\u{2603}", "cannot hold"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let spec_path = tmp.path().join("sagerole.json");
        fs::write(&spec_path, spec("d", "k", "v", prefix)).unwrap();
        let r = crate::support::run(&[
            "generate",
            spec_path.to_str().unwrap(),
            "--out",
            tmp.path().join("o").to_str().unwrap(),
        ]);
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains(why), "{prefix}: {}", r.stderr);
    }
}

#[test]
fn the_property_exercises_both_outcomes() {
    // The generator must produce texts that are accepted as well as rejected,
    // or the property above proves nothing about round trips.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut ok, mut rejected) = (0, 0);
    for i in 0..64 {
        let t = nasty().new_tree(&mut runner).unwrap().current();
        match round_trip(&with_text_in(i % 4, &t)) {
            Ok(()) => ok += 1,
            Err(_) => rejected += 1,
        }
    }
    assert!(
        ok >= 5 && rejected >= 5,
        "accepted {ok}, rejected {rejected}"
    );
}
