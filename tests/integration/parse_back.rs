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

/// Every ARN the output builds takes its partition from the deploying
/// context (`data.aws_partition`, `${AWS::Partition}`): the only ARNs with a
/// literal partition are those the spec names verbatim (caller principals
/// and permissions boundaries, in descriptions, comments and defaults).
#[test]
fn no_literal_partition_but_in_arns_the_spec_names() {
    // An ARN up to the first character that cannot be part of one here.
    let arn = regex::Regex::new(r#"arn:aws[a-z-]*:[^\s"'`,;()\[\]{}<>|]*"#).unwrap();
    let mut seen = 0;
    for (name, spec) in examples() {
        let spec_text = fs::read_to_string(&spec).unwrap();
        let named: std::collections::BTreeSet<&str> =
            arn.find_iter(&spec_text).map(|m| m.as_str()).collect();
        let tree = read_tree(&root().join("examples").join(&name).join("generated"));
        for (path, text) in &tree {
            for m in arn.find_iter(text) {
                assert!(
                    named.contains(m.as_str()),
                    "{name}/{path}: {} has a literal partition and is not an ARN of the spec",
                    m.as_str()
                );
                seen += 1;
            }
        }
    }
    // Principals appear in every example's output: the check is not empty.
    assert!(seen >= 10, "only {seen} literal ARNs seen");
}

/// The check that refuses specs whose Terraform names would clash reads
/// `terraform_addresses`; it is only as good as that list is true to what
/// the module holds. Every block named after a spec name is listed, and
/// every listed one is written; the others are the module's own.
#[test]
fn terraform_addresses_are_the_blocks_the_module_writes() {
    use sagerole::diagnostic::Source;
    use sagerole::model::names::terraform_addresses;
    use std::collections::BTreeSet;
    let mut studio = false;
    for (name, spec) in examples() {
        let model = sagerole::load(&Source::new(
            spec.display().to_string(),
            fs::read_to_string(&spec).unwrap(),
        ))
        .unwrap();
        let listed: BTreeSet<String> = terraform_addresses(&model)
            .iter()
            .map(|a| a.address())
            .collect();
        studio |= listed.iter().any(|a| a.starts_with("aws_sagemaker_"));
        let tree = read_tree(
            &root()
                .join("examples")
                .join(&name)
                .join("generated/terraform"),
        );
        let mut written = BTreeSet::new();
        for (path, text) in tree.iter().filter(|(p, _)| p.ends_with(".tf")) {
            let body = hcl::parse(text).unwrap_or_else(|e| panic!("{name}/{path}: {e}"));
            for b in body.blocks() {
                let labels: Vec<&str> = b.labels().iter().map(|l| l.as_str()).collect();
                let address = match (b.identifier(), labels.as_slice()) {
                    ("resource", [kind, n]) => format!("{kind}.{n}"),
                    ("data", [kind, n]) => format!("data.{kind}.{n}"),
                    ("variable", [n]) => format!("var.{n}"),
                    _ => continue,
                };
                assert!(written.insert(address.clone()), "{name}: {address} twice");
            }
        }
        for a in &listed {
            assert!(written.contains(a), "{name}: {a} is listed but not written");
        }
        // The module's own blocks: the deploying context and its inputs.
        for a in written.difference(&listed) {
            assert!(
                a.ends_with(".current") || a.starts_with("var."),
                "{name}: {a} is written but not listed"
            );
        }
    }
    assert!(studio, "an example creates Studio user profiles or spaces");
}

/// IAM cannot change a managed policy's description in place: the
/// Terraform AWS provider's `aws_iam_policy` marks `description` "Forces new
/// resource", and CloudFormation's `AWS::IAM::ManagedPolicy` `Description`
/// is "Update requires: Replacement" (CloudFormation User Guide), which a
/// stack refuses for a policy whose `ManagedPolicyName` it fixes ("cannot
/// update a stack when a custom-named resource requires replacing"). So a
/// description may follow no input that the policy's name does not follow
/// too (the name prefix, which renames the policy anyway): a new CI role,
/// bucket or tag value passed to a deployed module or stack leaves every
/// description as it is. Checked on every example's Terraform module and
/// template.
#[test]
fn managed_policy_descriptions_follow_no_input_their_names_do_not() {
    use std::collections::BTreeSet;
    // The variables a Terraform expression reads; a plain string reads none.
    fn variables(e: &hcl::Expression) -> BTreeSet<String> {
        let text = match e {
            hcl::Expression::String(_) => return BTreeSet::new(),
            other => other.to_string(),
        };
        let re = regex::Regex::new(r"(?:^|[^$])(?:\$\{)?var\.([a-z0-9_]+)").unwrap();
        re.captures_iter(&text).map(|c| c[1].to_string()).collect()
    }
    // The parameters a CloudFormation value reads: `Ref`s and `Fn::Sub`
    // variables, pseudo parameters and `${!` escapes left out.
    fn sub_variable() -> &'static regex::Regex {
        static RE: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"\$\{([A-Za-z0-9_]+)\}").unwrap());
        &RE
    }
    fn parameters(v: &serde_json::Value) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("Ref", serde_json::Value::String(p)) => {
                            out.insert(p.clone());
                        }
                        ("Fn::Sub", serde_json::Value::String(t)) => {
                            out.extend(sub_variable().captures_iter(t).map(|c| c[1].to_string()));
                        }
                        _ => out.extend(parameters(x)),
                    }
                }
            }
            serde_json::Value::Array(items) => out.extend(items.iter().flat_map(parameters)),
            _ => {}
        }
        out
    }
    let mut seen = 0;
    for (name, _) in examples() {
        let generated = root().join("examples").join(&name).join("generated");
        let tree = read_tree(&generated.join("terraform"));
        for (path, text) in tree.iter().filter(|(p, _)| p.ends_with(".tf")) {
            let body: hcl::Body = hcl::parse(text).unwrap();
            for b in body.blocks().filter(|b| {
                b.identifier() == "resource"
                    && b.labels().first().map(|l| l.as_str()) == Some("aws_iam_policy")
            }) {
                let attr = |key: &str| {
                    b.body()
                        .attributes()
                        .find(|a| a.key() == key)
                        .map(|a| a.expr().clone())
                        .unwrap_or_else(|| panic!("{name}/{path}: a policy without {key}"))
                };
                let (described, named) =
                    (variables(&attr("description")), variables(&attr("name")));
                assert!(
                    described.is_subset(&named),
                    "{name}/{path}: a description reads {described:?}, its policy's name only {named:?}"
                );
                seen += 1;
            }
        }
        let template: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(generated.join("cloudformation/template.json")).unwrap(),
        )
        .unwrap();
        for (id, r) in template["Resources"].as_object().unwrap() {
            if r["Type"] != "AWS::IAM::ManagedPolicy" {
                continue;
            }
            let p = &r["Properties"];
            let (described, named) = (
                parameters(&p["Description"]),
                parameters(&p["ManagedPolicyName"]),
            );
            assert!(
                described.is_subset(&named),
                "{name}: {id}'s description reads {described:?}, its name only {named:?}"
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "no managed policy checked");
}

/// The caller whose principal is an input (examples/platform-inputs,
/// `ci_role`) is described by the input's name, the same text whatever
/// role is passed: no interpolation, no `Ref`, no `${ci_role}` left for a
/// reader to take for one.
#[test]
fn a_caller_given_by_an_input_is_described_by_the_inputs_name() {
    let generated = root().join("examples/platform-inputs/generated");
    let want = "Lets the role given by input ci_role launch SageMaker workloads and pass their execution roles";
    let callers = fs::read_to_string(generated.join("terraform/callers.tf")).unwrap();
    let body: hcl::Body = hcl::parse(&callers).unwrap();
    let descriptions: Vec<hcl::Expression> = body
        .blocks()
        .filter(|b| b.labels().first().map(|l| l.as_str()) == Some("aws_iam_policy"))
        .flat_map(|b| {
            b.body()
                .attributes()
                .filter(|a| a.key() == "description")
                .map(|a| a.expr().clone())
        })
        .collect();
    assert!(!descriptions.is_empty());
    for d in descriptions {
        assert_eq!(d, hcl::Expression::String(want.into()));
    }
    let template: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(generated.join("cloudformation/template.json")).unwrap(),
    )
    .unwrap();
    let described: Vec<&serde_json::Value> = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::IAM::ManagedPolicy")
        .map(|r| &r["Properties"]["Description"])
        .filter(|d| d.as_str().is_some_and(|d| d.starts_with("Lets ")))
        .collect();
    assert!(!described.is_empty());
    for d in described {
        assert_eq!(d, want);
    }
}

/// examples/platform-inputs tags every role with `environment` from the
/// input of that name: the module merges the variable into its tags, the
/// template gives every role's tag the parameter, which takes IAM's tag
/// value pattern and length (IAM API Reference, Tag: Value, 0 to 256
/// characters, `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`), and the literal tag stays as
/// the spec writes it.
#[test]
fn a_tag_value_input_reaches_every_tag_as_its_variable_and_parameter() {
    let generated = root().join("examples/platform-inputs/generated");
    let main = fs::read_to_string(generated.join("terraform/main.tf")).unwrap();
    assert!(
        main.contains(
            r#"tags = merge(var.tags, { "environment" = var.environment, "team" = "fraud-ml" })"#
        ),
        "{main}"
    );
    let variables = fs::read_to_string(generated.join("terraform/variables.tf")).unwrap();
    assert!(
        variables
            .contains(r#"can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}$", var.environment))"#),
        "{variables}"
    );
    let template: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(generated.join("cloudformation/template.json")).unwrap(),
    )
    .unwrap();
    let tagged: Vec<&serde_json::Value> = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Properties"].get("Tags").is_some())
        .collect();
    assert!(tagged.iter().any(|r| r["Type"] == "AWS::IAM::Role"));
    for r in tagged {
        assert_eq!(
            r["Properties"]["Tags"],
            serde_json::json!([
                {"Key": "environment", "Value": {"Ref": "Environment"}},
                {"Key": "team", "Value": "fraud-ml"}
            ])
        );
    }
    let p = &template["Parameters"]["Environment"];
    assert_eq!(p["MaxLength"], "256");
    assert_eq!(p["AllowedPattern"], r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$");
    assert!(p.get("Default").is_none());
}
