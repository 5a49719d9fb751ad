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
        );
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
