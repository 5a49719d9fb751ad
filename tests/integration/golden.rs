//! Every example is a golden case: its spec regenerates exactly the tree
//! stored beside it in `generated/`.

use crate::support::{assert_tree, examples, root, run};

#[test]
fn examples_regenerate_their_golden_trees() {
    let examples = examples();
    assert!(
        examples.len() >= 3,
        "the examples are the golden cases; found {}",
        examples.len()
    );
    for (name, spec) in examples {
        let source = sagerole::diagnostic::Source::new(
            spec.display().to_string(),
            std::fs::read_to_string(&spec).unwrap(),
        );
        let model =
            sagerole::load(&source).unwrap_or_else(|d| panic!("example {name} is invalid: {d:?}"));
        let spec_name = spec.file_name().unwrap().to_string_lossy();
        let files = sagerole::emit::emit(
            &model,
            &sagerole::emit::Settings::new(format!("../{spec_name}")),
        )
        .unwrap();
        assert_tree(
            &root().join("examples").join(&name).join("generated"),
            &files,
        );
    }
}

#[test]
fn check_passes_on_every_example() {
    if crate::support::blessing() {
        return; // the goldens are being rewritten by the test above
    }
    for (name, spec) in examples() {
        let out = root().join("examples").join(&name).join("generated");
        let r = run(&[
            "check",
            spec.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(
            r.code, 0,
            "check failed for {name}:\n{}{}",
            r.stdout, r.stderr
        );
        assert!(r.stdout.contains("is up to date"), "{}", r.stdout);
    }
}

/// The module README's diagram is well-formed Mermaid and draws what the
/// model holds: each caller passes exactly its roles, and each role reaches
/// the S3 locations, repositories and log groups of its policy.
#[test]
fn readme_diagrams_draw_the_model() {
    for (name, spec) in crate::support::examples() {
        let model = sagerole::load(&sagerole::diagnostic::Source::new(
            spec.display().to_string(),
            std::fs::read_to_string(&spec).unwrap(),
        ))
        .unwrap();
        let readme =
            std::fs::read_to_string(spec.parent().unwrap().join("generated/terraform/README.md"))
                .unwrap();
        let start = readme
            .find("```mermaid\nflowchart LR\n")
            .unwrap_or_else(|| panic!("{name}: no diagram"));
        let body = &readme[start + "```mermaid\nflowchart LR\n".len()..];
        let body = &body[..body.find("```").unwrap()];
        let mut labels = std::collections::BTreeMap::new();
        let mut edges = std::collections::BTreeSet::new();
        for line in body.lines() {
            let line = line.trim();
            if let Some((id, rest)) = line.split_once("[\"") {
                let label = rest
                    .strip_suffix("\"]")
                    .unwrap_or_else(|| panic!("{name}: {line}"));
                assert!(!label.contains('"'), "{name}: unescaped quote in {line}");
                assert!(
                    labels.insert(id.to_string(), label.to_string()).is_none(),
                    "{name}: {id} twice"
                );
            } else {
                let (from, rest) = line
                    .split_once(" -- ")
                    .unwrap_or_else(|| panic!("{name}: {line}"));
                let (verb, to) = rest
                    .split_once(" --> ")
                    .unwrap_or_else(|| panic!("{name}: {line}"));
                edges.insert((labels[from].clone(), verb.to_string(), labels[to].clone()));
            }
        }
        for c in &model.callers {
            let drawn: Vec<&String> = edges
                .iter()
                .filter(|(f, v, _)| *f == format!("caller {}", c.key) && v == "passes")
                .map(|(_, _, t)| t)
                .collect();
            let expected: Vec<String> = c.passes.iter().map(|r| format!("role {r}")).collect();
            assert_eq!(
                drawn,
                expected.iter().collect::<Vec<_>>(),
                "{name}: caller {}",
                c.key
            );
        }
        for r in &model.roles {
            let from = format!("role {}", r.key);
            for st in &r.policy.statements {
                for res in st.resources.iter().map(|x| x.symbolic()) {
                    let expect = if st.actions.iter().any(|a| a == "s3:GetObject")
                        && res.contains(":s3:::")
                    {
                        Some((
                            "reads",
                            format!(
                                "s3://{}",
                                res.split(":s3:::").nth(1).unwrap().trim_end_matches('*')
                            ),
                        ))
                    } else if res.contains(":ecr:") {
                        // region and account too: two registries, two nodes.
                        let p: Vec<&str> = res.splitn(6, ':').collect();
                        let repo = p[5].trim_start_matches("repository/");
                        Some(("pulls", format!("ECR {repo} ({}, {})", p[4], p[3])))
                    } else if st.actions.iter().any(|a| a == "logs:CreateLogGroup") {
                        Some((
                            "logs to",
                            // The group's name, without the `:*` that IAM
                            // policies add to a group's ARN.
                            format!(
                                "logs {}",
                                res.split("log-group:")
                                    .nth(1)
                                    .unwrap()
                                    .trim_end_matches(":*")
                            ),
                        ))
                    } else {
                        None
                    };
                    if let Some((verb, to)) = expect {
                        assert!(
                            edges.contains(&(from.clone(), verb.to_string(), to.clone())),
                            "{name}: {from} -- {verb} --> {to} missing"
                        );
                    }
                }
            }
        }
    }
}

/// cfn-nag and cfn-guard suppress a rule for a whole resource, so the
/// template suppresses their wildcard-resource rules exactly on the roles
/// and managed policies that hold a statement on `*`, and names each such
/// statement with its reason: a statement on `*` without a suppression
/// fails those scanners, and a suppression without one would hide a later
/// `*` from them.
#[test]
fn wildcard_suppressions_name_exactly_the_statements_on_star() {
    use serde_json::Value;
    use std::collections::BTreeSet;
    let mut suppressed = 0;
    for (name, _) in examples() {
        let path = root().join(format!(
            "examples/{name}/generated/cloudformation/template.json"
        ));
        let template: Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for (id, resource) in template["Resources"].as_object().unwrap() {
            let (documents, rule): (Vec<&Value>, &str) = match resource["Type"].as_str().unwrap() {
                "AWS::IAM::Role" => (
                    resource["Properties"]["Policies"]
                        .as_array()
                        .map(|ps| ps.iter().map(|p| &p["PolicyDocument"]).collect())
                        .unwrap_or_default(),
                    "W11",
                ),
                "AWS::IAM::ManagedPolicy" => {
                    (vec![&resource["Properties"]["PolicyDocument"]], "W13")
                }
                _ => continue,
            };
            let on_star: BTreeSet<&str> = documents
                .iter()
                .flat_map(|d| d["Statement"].as_array().unwrap())
                .filter(|st| st["Resource"].as_array().unwrap().iter().any(|r| r == "*"))
                .map(|st| st["Sid"].as_str().unwrap())
                .collect();
            let metadata = &resource["Metadata"];
            let entries = metadata["cfn_nag"]["rules_to_suppress"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let named: BTreeSet<&str> = entries
                .iter()
                .map(|e| {
                    assert_eq!(e["id"], rule, "{name} {id}");
                    let reason = e["reason"].as_str().unwrap();
                    let (sid, why) = reason.split_once(": ").unwrap();
                    assert!(!why.is_empty(), "{name} {id}: {reason}");
                    sid
                })
                .collect();
            assert_eq!(
                named.len(),
                entries.len(),
                "{name} {id}: one entry per statement"
            );
            assert_eq!(named, on_star, "{name} {id}: cfn-nag suppressions");
            let guard = metadata["guard"]["SuppressedRules"].clone();
            if on_star.is_empty() {
                assert!(guard.is_null(), "{name} {id}: {guard}");
            } else {
                suppressed += 1;
                assert_eq!(
                    guard,
                    serde_json::json!(["IAM_POLICYDOCUMENT_NO_WILDCARD_RESOURCE"]),
                    "{name} {id}"
                );
            }
        }
    }
    assert!(suppressed > 0, "no example holds a statement on *");
}

/// The console groups and labels every parameter of every template, each
/// once (AWS CloudFormation User Guide, "AWS::CloudFormation::Interface").
#[test]
fn every_parameter_is_grouped_and_labelled_once() {
    use serde_json::Value;
    for (name, _) in examples() {
        let path = root().join(format!(
            "examples/{name}/generated/cloudformation/template.json"
        ));
        let template: Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let parameters: Vec<&String> = template["Parameters"].as_object().unwrap().keys().collect();
        let interface = &template["Metadata"]["AWS::CloudFormation::Interface"];
        let mut grouped: Vec<&str> = interface["ParameterGroups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| {
                assert!(!g["Label"]["default"].as_str().unwrap().is_empty());
                g["Parameters"].as_array().unwrap()
            })
            .map(|p| p.as_str().unwrap())
            .collect();
        grouped.sort_unstable();
        let mut expected: Vec<&str> = parameters.iter().map(|p| p.as_str()).collect();
        expected.sort_unstable();
        assert_eq!(grouped, expected, "{name}: groups");
        let labels = interface["ParameterLabels"].as_object().unwrap();
        assert_eq!(labels.len(), parameters.len(), "{name}: labels");
        for p in &parameters {
            assert!(
                !labels[p.as_str()]["default"].as_str().unwrap().is_empty(),
                "{name}: {p}"
            );
        }
    }
}
