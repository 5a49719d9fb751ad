//! Every emitted file parses back with an independent parser, and the values
//! that matter survive: JSON and YAML templates are the same document, and an
//! IAM policy variable reaches each format in the form that evaluates to
//! itself.

use std::fs;

use crate::support::{examples, read_tree, root};

#[test]
fn terraform_files_parse_with_hcl_rs() {
    for (name, _) in examples() {
        let tree = read_tree(
            &root()
                .join("examples")
                .join(&name)
                .join("generated/terraform"),
        );
        for (path, text) in tree.iter().filter(|(p, _)| p.ends_with(".tf")) {
            hcl::parse(text).unwrap_or_else(|e| panic!("{name}/{path} is not valid HCL: {e}"));
        }
    }
}

#[test]
fn yaml_and_json_templates_are_the_same_document() {
    for (name, _) in examples() {
        let dir = root()
            .join("examples")
            .join(&name)
            .join("generated/cloudformation");
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.join("template.json")).unwrap()).unwrap();
        let yaml: serde_json::Value =
            serde_saphyr::from_str(&fs::read_to_string(dir.join("template.yaml")).unwrap())
                .unwrap_or_else(|e| panic!("{name}: template.yaml does not parse: {e}"));
        // The two headers name their own file; everything else is identical.
        let strip = |mut v: serde_json::Value| {
            v.as_object_mut().unwrap().remove("Description");
            v.as_object_mut().unwrap().remove("Metadata");
            v
        };
        assert_eq!(
            strip(json),
            strip(yaml),
            "{name}: YAML and JSON templates differ"
        );
    }
}

/// Finds the values of the condition on `key` in a Terraform body.
fn condition_values(body: &hcl::Body, key: &str) -> Vec<hcl::Expression> {
    let mut out = Vec::new();
    for block in body.blocks() {
        if block.identifier() == "condition"
            && block
                .body()
                .attributes()
                .any(|a| a.key() == "variable" && a.expr() == &hcl::Expression::String(key.into()))
        {
            let values = block
                .body()
                .attributes()
                .find(|a| a.key() == "values")
                .unwrap();
            if let hcl::Expression::Array(items) = values.expr() {
                out.extend(items.iter().cloned());
            }
        }
        out.extend(condition_values(block.body(), key));
    }
    out
}

#[test]
fn an_iam_policy_variable_survives_every_format() {
    let gen = root().join("examples/batch-transform/generated");
    // Terraform: `$${` is HCL's escape for a literal `${`, so the parsed string is the variable itself.
    let body = hcl::parse(&fs::read_to_string(gen.join("terraform/policies.tf")).unwrap()).unwrap();
    let values = condition_values(&body, "s3:prefix");
    assert_eq!(
        values,
        vec![hcl::Expression::String(
            "incoming/${aws:PrincipalTag/team}/*".into()
        )]
    );
    // CloudFormation: plain strings carry it as is; inside Fn::Sub it is escaped as `${!`.
    let json: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(gen.join("cloudformation/template.json")).unwrap(),
    )
    .unwrap();
    let statements = json["Resources"]["ScoringRole"]["Properties"]["Policies"][0]
        ["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap();
    let list = statements
        .iter()
        .find(|s| s["Sid"] == "ListInputsClaimsBatch")
        .unwrap();
    assert_eq!(
        list["Condition"]["StringLike"]["s3:prefix"][0],
        "incoming/${aws:PrincipalTag/team}/*"
    );
    let read = statements
        .iter()
        .find(|s| s["Sid"] == "ReadInputData")
        .unwrap();
    assert_eq!(
        read["Resource"][0]["Fn::Sub"],
        "arn:${AWS::Partition}:s3:::claims-batch/incoming/${!aws:PrincipalTag/team}/*"
    );
}

#[test]
fn no_literal_partition_in_any_policy_arn() {
    for (name, _) in examples() {
        let tree = read_tree(&root().join("examples").join(&name).join("generated"));
        for (path, text) in &tree {
            // Principals and boundaries named in the spec appear in descriptions
            // and defaults; every ARN that a policy grants on is built from context.
            let literal = text
                .lines()
                .find(|l| l.contains("arn:aws:") && !l.contains("arn:aws:iam::"));
            assert!(
                literal.is_none(),
                "{name}/{path} has a literal partition: {literal:?}"
            );
        }
    }
}
