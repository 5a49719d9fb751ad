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

/// Text for a tag: mostly what AWS allows in tags (letters of any script,
/// digits, separators such as a space or a no-break space, and
/// `_ . : / = + - @`), which needs quoting in HCL and YAML, with a few
/// characters it does not allow (a tab and a line break among them).
fn tag_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "Z", "0", " ", "\u{a0}", "é", "ß", "中", "ж", "_", ".", ":", "/", "=", "+", "-", "@",
        "://", "aws", "\"", "${", "✓", "\t", "\n",
    ]);
    prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
}

/// Text for field `field` of [`with_text_in`].
fn text_for(field: usize) -> BoxedStrategy<String> {
    match field {
        1 | 2 => tag_text().boxed(),
        _ => nasty().boxed(),
    }
}

/// The spec's fields that reach output.
struct Fields<'a> {
    description: &'a str,
    tag_key: &'a str,
    tag_value: &'a str,
    prefix: &'a str,
}

/// Valid fields, with `text` in one of them.
fn with_text_in(field: usize, text: &str) -> Fields<'_> {
    let mut f = Fields {
        description: "d",
        tag_key: "team",
        tag_value: "ml",
        prefix: "data/",
    };
    match field {
        0 => f.description = text,
        1 => f.tag_key = text,
        2 => f.tag_value = text,
        _ => f.prefix = text,
    }
    f
}

impl Fields<'_> {
    fn spec(&self) -> String {
        spec(self.description, self.tag_key, self.tag_value, self.prefix)
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

/// Generates into a temporary directory and reads back what matters: the
/// policy documents, and the description and tags as written in the spec.
fn round_trip(fields: &Fields) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let spec_path = tmp.path().join("sagerole.json");
    fs::write(&spec_path, fields.spec()).unwrap();
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
    let (tf_description, tf_tags, cfn_description, cfn_tags) = strings_back(&out);
    assert_eq!(tf_description, fields.description, "Terraform description");
    assert_eq!(
        cfn_description, fields.description,
        "CloudFormation description"
    );
    assert_eq!(
        tf_tags,
        json!({ fields.tag_key: fields.tag_value }),
        "Terraform tags"
    );
    assert_eq!(
        cfn_tags,
        json!([{"Key": fields.tag_key, "Value": fields.tag_value}]),
        "CloudFormation tags"
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
    // merge(var.tags, { the spec's tags }): the spec's come last and win.
    let hcl::Expression::FuncCall(merge) = tags else {
        panic!("tags are not merge(var.tags, ...): {tags:?}")
    };
    assert_eq!(merge.name.name.as_str(), "merge");
    assert_eq!(merge.args[0].to_string(), "var.tags");
    let tf_tags = serde_json::to_value(hcl::Value::from(merge.args[1].clone())).unwrap();
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
    fn arbitrary_text_is_rejected_or_round_trips(
        (field, text) in (0usize..4).prop_flat_map(|f| (Just(f), text_for(f))),
    ) {
        // Accepted text round-trips (round_trip asserts it); rejected text
        // gets a located, explained error, never a panic.
        if let Err(stderr) = round_trip(&with_text_in(field, &text)) {
            prop_assert!(stderr.contains("error["), "{stderr}");
            prop_assert!(stderr.contains("sagerole.json:"), "{stderr}");
            prop_assert!(stderr.contains("= help:") || stderr.contains("error[type]"), "{stderr}");
        }
    }
}

#[test]
fn accepted_text_comes_back_exactly() {
    let fields = Fields {
        description: "Runs \"churn\" jobs \\ with ${aws:username} and %{ literally",
        tag_key: "team:ml/platform",
        tag_value: "a=b + c@d",
        prefix: "home/${aws:PrincipalTag/team}/",
    };
    // round_trip reads the description and tags back from both formats.
    round_trip(&fields).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let spec_path = tmp.path().join("sagerole.json");
    fs::write(&spec_path, fields.spec()).unwrap();
    let out = tmp.path().join("generated");
    let r = crate::support::run(&[
        "generate",
        spec_path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
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
    // in every field, or the property above proves nothing about round trips.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut ok, mut rejected) = ([0; 4], [0; 4]);
    for i in 0..96 {
        let t = text_for(i % 4).new_tree(&mut runner).unwrap().current();
        match round_trip(&with_text_in(i % 4, &t)) {
            Ok(()) => ok[i % 4] += 1,
            Err(_) => rejected[i % 4] += 1,
        }
    }
    // Fields: description, tag key, tag value, S3 prefix.
    assert!(
        ok.iter().all(|&n| n >= 3) && rejected.iter().sum::<i32>() >= 5,
        "accepted {ok:?}, rejected {rejected:?} (description, tag key, tag value, prefix)"
    );
}
