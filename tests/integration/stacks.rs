//! CloudFormation's quotas at scale: a synthetic spec too large for one
//! stack becomes several independent templates, each within every quota,
//! that together hold exactly the model's documents.
//!
//! The quotas are AWS's (AWS CloudFormation User Guide, "AWS CloudFormation
//! quotas"): 500 resources, 200 outputs and 200 parameters per stack, and a
//! template body of at most 1 MB when read from S3, which the CloudFormation
//! API states as 1,000,000 bytes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::equivalence::{canonical_of, cloudformation_of, Deploying};
use crate::support::{read_tree, run, scratch};

const RESOURCES: usize = 500;
const OUTPUTS: usize = 200;
const PARAMETERS: usize = 200;
const TEMPLATE_BODY: usize = 1_000_000;

fn synthetic(n: usize) -> sagerole::model::Model {
    let source = sagerole::diagnostic::Source::new("s.hcl", sagerole::synthetic::spec(n));
    sagerole::load(&source).unwrap()
}

/// The CloudFormation files of a model.
fn templates(model: &sagerole::model::Model) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    sagerole::emit::cloudformation::emit_into(
        model,
        &sagerole::emit::Settings::new("../s.hcl"),
        &mut files,
    )
    .unwrap();
    files
}

/// Each JSON template, parsed, by path.
fn parsed(files: &BTreeMap<String, String>) -> BTreeMap<String, Value> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".json"))
        .map(|(path, text)| (path.clone(), serde_json::from_str(text).unwrap()))
        .collect()
}

/// Every logical id that a `Ref` or `Fn::GetAtt` in `v` names.
fn references(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(id)) = m.get("Ref") {
                out.insert(id.clone());
            }
            if let Some(Value::Array(a)) = m.get("Fn::GetAtt") {
                out.insert(a[0].as_str().unwrap().to_string());
            }
            assert!(
                !m.contains_key("Fn::ImportValue"),
                "a template reads another's export"
            );
            m.values().for_each(|v| references(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// Role name → the template that declares it.
fn role_homes(files: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut homes = BTreeMap::new();
    for (path, t) in parsed(files) {
        for r in t["Resources"].as_object().unwrap().values() {
            if r["Type"] == "AWS::IAM::Role" {
                let name = r["Properties"]["RoleName"].as_str().unwrap().to_string();
                assert!(
                    homes.insert(name.clone(), path.clone()).is_none(),
                    "{name} twice"
                );
            }
        }
    }
    homes
}

fn assert_within_every_quota(n: usize, files: &BTreeMap<String, String>) {
    assert!(
        files.len() > 2 && !files.contains_key("cloudformation/template.json"),
        "{n} workloads: {:?}",
        files.keys()
    );
    for (path, text) in files {
        assert!(
            text.len() <= TEMPLATE_BODY,
            "{n}: {path} has {} bytes",
            text.len()
        );
    }
    for (path, t) in parsed(files) {
        let yaml = path.replace(".json", ".yaml");
        assert!(files.contains_key(&yaml), "{path} without {yaml}");
        let count = |key: &str| t[key].as_object().map_or(0, |m| m.len());
        assert!(count("Resources") <= RESOURCES, "{n}: {path} resources");
        assert!(count("Outputs") <= OUTPUTS, "{n}: {path} outputs");
        assert!(count("Parameters") <= PARAMETERS, "{n}: {path} parameters");
        // Self-contained: every reference resolves in the template itself.
        let mut named = BTreeSet::new();
        references(&t, &mut named);
        for id in named {
            assert!(
                id.starts_with("AWS::")
                    || t["Resources"].get(&id).is_some()
                    || t["Parameters"].get(&id).is_some(),
                "{n}: {path} refers to {id}, which it does not declare"
            );
        }
    }
}

#[test]
fn large_specs_split_into_self_contained_templates_within_every_quota() {
    for n in [1_000, 3_000] {
        let model = synthetic(n);
        let files = templates(&model);
        assert_within_every_quota(n, &files);
        let homes = role_homes(&files);
        let expected: BTreeSet<&String> = model.roles.iter().map(|r| &r.name).collect();
        assert_eq!(homes.keys().collect::<BTreeSet<_>>(), expected, "{n}");
    }
}

#[test]
fn a_split_is_deterministic_and_its_documents_are_the_canonical_ones() {
    let model = synthetic(1_000);
    let files = templates(&model);
    assert_eq!(files, templates(&model), "two runs differ");
    let symbolic = Deploying {
        partition: "${Partition}",
        account: "${Account}",
        inputs: &[],
    };
    let mut union = BTreeMap::new();
    for t in parsed(&files).values() {
        for (key, doc) in cloudformation_of(t, &symbolic) {
            assert!(union.insert(key.clone(), doc).is_none(), "{key} twice");
        }
    }
    let expected = canonical_of(&model);
    assert_eq!(
        union.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (key, doc) in &expected {
        assert_eq!(&union[key], doc, "{key}");
    }
}

#[test]
fn adding_a_workload_to_a_split_spec_moves_no_role() {
    // 1,001 workloads make a role and a caller more than 1,000 do.
    let before = role_homes(&templates(&synthetic(1_000)));
    let after = role_homes(&templates(&synthetic(1_001)));
    assert_eq!(after.len(), before.len() + 1);
    let moved: Vec<&String> = before
        .iter()
        .filter(|(role, home)| after[*role] != **home)
        .map(|(role, _)| role)
        .collect();
    assert!(moved.is_empty(), "moved: {moved:?}");
}

#[test]
fn generate_and_check_own_the_numbered_templates_and_drop_them_when_one_fits() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let large = scratch(&dir, "large.hcl", &sagerole::synthetic::spec(250));
    let r = run(&["generate", &large, "--out", out]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cfn: Vec<String> = read_tree(&dir.path().join("out/cloudformation"))
        .into_keys()
        .collect();
    assert_eq!(
        cfn,
        [
            "template-1.json",
            "template-1.yaml",
            "template-2.json",
            "template-2.yaml"
        ]
    );
    let r = run(&["check", &large, "--out", out]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // The spec shrinks to one stack: the numbered templates are stale.
    let small = scratch(&dir, "small.hcl", &sagerole::synthetic::spec(10));
    let r = run(&["check", &small, "--out", out]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let r = run(&["generate", &small, "--out", out]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cfn: Vec<String> = read_tree(&dir.path().join("out/cloudformation"))
        .into_keys()
        .collect();
    assert_eq!(cfn, ["template.json", "template.yaml"]);
}

/// Every template a split writes declares the parameters its `Fn::Sub`
/// strings name: a caller whose policy names an associated domain's id
/// (`${StudioDomainId<Domain>}`) takes that parameter in its own template,
/// wherever the domain's profiles went.
#[test]
fn a_split_template_declares_the_inputs_its_policies_name() {
    let mut text = sagerole::synthetic::spec(1_000);
    text.push_str(concat!(
        "workload \"studio\" {\n  api = \"CreateDomain\"\n  associate = true\n}\n",
        "workload \"ana\" {\n  api = \"CreateUserProfile\"\n  domain = \"studio\"\n}\n",
        "role \"studio-default\" {\n  workloads = [\"studio\", \"ana\"]\n}\n",
        "caller \"profiles\" {\n  principal = \"arn:aws:iam::111122223333:role/profiles\"\n  launches = [\"ana\"]\n}\n",
    ));
    let source = sagerole::diagnostic::Source::new("s.hcl", text);
    let model = sagerole::load(&source).unwrap();
    let files = templates(&model);
    let mut apart = false;
    for (path, t) in parsed(&files) {
        let text = t.to_string();
        let names_id = text.contains("${StudioDomainIdStudio}")
            || text.contains(r#"{"Ref":"StudioDomainIdStudio"}"#);
        let declares = t["Parameters"].get("StudioDomainIdStudio").is_some();
        assert_eq!(names_id, declares, "{path}");
        apart |= names_id && !text.contains("AWS::SageMaker::UserProfile");
    }
    assert!(
        apart,
        "the caller and the domain share a template: rename the caller"
    );
}
