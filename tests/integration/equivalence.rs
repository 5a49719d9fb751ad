//! Cross-format equivalence: the Terraform module and the CloudFormation
//! template of every example evaluate to the same plain IAM documents, and
//! those are the model's canonical documents, statement by statement. The
//! deploying context stays symbolic: `${Partition}`, `${Account}`, and the
//! inputs by name (`${studio_domain_id}`). The
//! deploying region is no part of it: the module and the template must not
//! read it, so the evaluation contexts here do not hold it.

use std::collections::BTreeMap;
use std::fs;

use hcl::eval::{Context, Evaluate};
use serde_json::{json, Map, Value};

use crate::support::{examples, root};

/// Document key (`trust:<role name>` or `policy:<policy name>`) → document.
pub type Documents = BTreeMap<String, Value>;

/// What the deploying context evaluates to: symbols, or one deployment's values.
pub struct Deploying<'a> {
    pub partition: &'a str,
    pub account: &'a str,
    /// The inputs a deployment passes: (Terraform variable, CloudFormation
    /// parameter, value).
    pub inputs: &'a [(&'a str, &'a str, &'a str)],
}

const SYMBOLIC: Deploying<'static> = Deploying {
    partition: "${Partition}",
    account: "${Account}",
    // ml-platform's domain associates: the module's variable and the
    // template's parameter for its id, as its README tells a user to set.
    // platform-inputs' inputs: each variable and parameter as its README's
    // root module and deploy call name them.
    inputs: &[
        (
            "studio_domain_id",
            "StudioDomainIdStudio",
            "${studio_domain_id}",
        ),
        ("name_prefix", "NamePrefix", "${name_prefix}"),
        ("data_bucket", "DataBucket", "${data_bucket}"),
        ("artifacts_bucket", "ArtifactsBucket", "${artifacts_bucket}"),
        ("data_key", "DataKey", "${data_key}"),
        ("artifacts_key", "ArtifactsKey", "${artifacts_key}"),
        ("volume_key", "VolumeKey", "${volume_key}"),
        ("private_subnet_a", "PrivateSubnetA", "${private_subnet_a}"),
        ("private_subnet_b", "PrivateSubnetB", "${private_subnet_b}"),
        (
            "jobs_security_group",
            "JobsSecurityGroup",
            "${jobs_security_group}",
        ),
        ("serve_repository", "ServeRepository", "${serve_repository}"),
        ("ci_role", "CiRole", "${ci_role}"),
        // existing-role's role: the variable and parameter that name it.
        (
            "exec_role_name",
            "ExistingRoleNameExec",
            "${exec_role_name}",
        ),
    ],
};

pub fn canonical(spec: &std::path::Path) -> Documents {
    let source = sagerole::diagnostic::Source::new(
        spec.display().to_string(),
        fs::read_to_string(spec).unwrap(),
    );
    canonical_of(&sagerole::load(&source).unwrap())
}

/// The canonical documents of a model.
pub fn canonical_of(model: &sagerole::model::Model) -> Documents {
    let cx = sagerole::model::document::Context::symbolic();
    // Names as the outputs' names evaluate with the inputs as symbols.
    let shown = sagerole::spec::raw::reference::shown;
    let mut docs = Documents::new();
    for r in &model.roles {
        // An existing role's trust policy is its owner's: neither format
        // deploys one.
        if r.existing.is_none() {
            docs.insert(
                format!("trust:{}", shown(&r.name)),
                sagerole::model::document::trust(&r.trust, &cx),
            );
        }
        for d in &r.documents {
            docs.insert(
                format!("policy:{}", shown(&d.name)),
                sagerole::model::document::policy(&d.policy, &cx),
            );
        }
    }
    for c in &model.callers {
        for d in &c.documents {
            docs.insert(
                format!("policy:{}", shown(&d.name)),
                sagerole::model::document::policy(&d.policy, &cx),
            );
        }
    }
    docs
}

fn hcl_to_json(v: hcl::Value) -> Value {
    serde_json::to_value(v).unwrap()
}

/// Evaluates every `aws_iam_policy_document` of a module with the context as
/// symbols, and maps each to the role or policy that uses it.
pub fn terraform(dir: &std::path::Path) -> Documents {
    terraform_in(dir, &SYMBOLIC)
}

/// The same, deployed in `deploying`.
pub fn terraform_in(dir: &std::path::Path, deploying: &Deploying) -> Documents {
    let mut body = hcl::Body::default();
    for e in fs::read_dir(dir).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "tf") {
            let b: hcl::Body = hcl::parse(&fs::read_to_string(e.path()).unwrap()).unwrap();
            body.extend(b);
        }
    }
    let label = |b: &hcl::Block, i: usize| b.labels()[i].as_str().to_string();
    let mut cx = Context::new();
    cx.declare_var(
        "data",
        hcl::to_value(json!({
            "aws_partition": {"current": {"partition": deploying.partition}},
            "aws_caller_identity": {"current": {"account_id": deploying.account}},
        }))
        .unwrap(),
    );
    let vars: Map<String, Value> = deploying
        .inputs
        .iter()
        .map(|(var, _, value)| (var.to_string(), json!(value)))
        .collect();
    cx.declare_var("var", hcl::to_value(Value::Object(vars)).unwrap());

    let mut documents: BTreeMap<String, Value> = BTreeMap::new();
    for b in body
        .blocks()
        .filter(|b| b.identifier() == "data" && label(b, 0) == "aws_iam_policy_document")
    {
        let statements: Vec<Value> = b
            .body()
            .blocks()
            .filter(|s| s.identifier() == "statement")
            .map(|s| {
                let attr = |k: &str| {
                    s.body()
                        .attributes()
                        .find(|a| a.key() == k)
                        .map(|a| hcl_to_json(a.expr().evaluate(&cx).unwrap()))
                };
                let mut st = Map::new();
                st.insert("Sid".into(), attr("sid").unwrap());
                st.insert("Effect".into(), json!("Allow"));
                if let Some(p) = s.body().blocks().find(|p| p.identifier() == "principals") {
                    let pa = |k: &str| {
                        hcl_to_json(
                            p.body()
                                .attributes()
                                .find(|a| a.key() == k)
                                .unwrap()
                                .expr()
                                .evaluate(&cx)
                                .unwrap(),
                        )
                    };
                    st.insert(
                        "Principal".into(),
                        json!({ pa("type").as_str().unwrap(): pa("identifiers") }),
                    );
                }
                st.insert("Action".into(), attr("actions").unwrap());
                if let Some(r) = attr("resources") {
                    st.insert("Resource".into(), r);
                }
                let mut conditions = Map::new();
                for c in s.body().blocks().filter(|c| c.identifier() == "condition") {
                    let ca = |k: &str| {
                        hcl_to_json(
                            c.body()
                                .attributes()
                                .find(|a| a.key() == k)
                                .unwrap()
                                .expr()
                                .evaluate(&cx)
                                .unwrap(),
                        )
                    };
                    let op = conditions
                        .entry(ca("test").as_str().unwrap().to_string())
                        .or_insert_with(|| json!({}));
                    op.as_object_mut()
                        .unwrap()
                        .insert(ca("variable").as_str().unwrap().to_string(), ca("values"));
                }
                if !conditions.is_empty() {
                    st.insert("Condition".into(), Value::Object(conditions));
                }
                Value::Object(st)
            })
            .collect();
        documents.insert(
            label(b, 1),
            json!({"Version": "2012-10-17", "Statement": statements}),
        );
    }
    // Which role or policy each document belongs to.
    let mut out = Documents::new();
    let doc_of = |e: &hcl::Expression| -> String {
        let text = format!("{e}");
        text.trim_start_matches("data.aws_iam_policy_document.")
            .trim_end_matches(".json")
            .to_string()
    };
    for b in body.blocks().filter(|b| b.identifier() == "resource") {
        let attr = |k: &str| {
            b.body()
                .attributes()
                .find(|a| a.key() == k)
                .map(|a| a.expr().clone())
        };
        let name = || {
            attr("name")
                .unwrap()
                .evaluate(&cx)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        };
        match label(b, 0).as_str() {
            "aws_iam_role" => {
                out.insert(
                    format!("trust:{}", name()),
                    documents[&doc_of(&attr("assume_role_policy").unwrap())].clone(),
                );
            }
            "aws_iam_role_policy" | "aws_iam_policy" => {
                out.insert(
                    format!("policy:{}", name()),
                    documents[&doc_of(&attr("policy").unwrap())].clone(),
                );
            }
            _ => {}
        }
    }
    out
}

/// Resolves `Fn::Sub` strings and the `Ref`s of input parameters in
/// `deploying`; plain strings stay as they are.
fn cfn_value(v: &Value, deploying: &Deploying) -> Value {
    match v {
        Value::Object(m) if m.len() == 1 && m.contains_key("Ref") => {
            let name = m["Ref"].as_str().unwrap();
            match deploying.inputs.iter().find(|(_, p, _)| *p == name) {
                Some((_, _, value)) => Value::String(value.to_string()),
                None => v.clone(),
            }
        }
        Value::Object(m) if m.len() == 1 && m.contains_key("Fn::Sub") => {
            let mut text = m["Fn::Sub"].as_str().unwrap().to_string();
            for (from, to) in [
                ("${AWS::Partition}".to_string(), deploying.partition),
                ("${AWS::AccountId}".to_string(), deploying.account),
            ]
            .into_iter()
            .chain(
                deploying
                    .inputs
                    .iter()
                    .map(|(_, parameter, value)| (format!("${{{parameter}}}"), *value)),
            ) {
                text = text.replace(&from, to);
            }
            Value::String(text.replace("${!", "${"))
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), cfn_value(v, deploying)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| cfn_value(v, deploying)).collect()),
        other => other.clone(),
    }
}

pub fn cloudformation(template: &std::path::Path) -> Documents {
    cloudformation_in(template, &SYMBOLIC)
}

/// The documents of a template, deployed in `deploying`.
pub fn cloudformation_in(template: &std::path::Path, deploying: &Deploying) -> Documents {
    let t: Value = serde_json::from_str(&fs::read_to_string(template).unwrap()).unwrap();
    cloudformation_of(&t, deploying)
}

/// The documents of a parsed template, deployed in `deploying`.
pub fn cloudformation_of(t: &Value, deploying: &Deploying) -> Documents {
    let resources = t["Resources"].as_object().unwrap();
    let mut out = Documents::new();
    for r in resources.values() {
        let p = &r["Properties"];
        match r["Type"].as_str().unwrap() {
            "AWS::IAM::Role" => {
                out.insert(
                    format!(
                        "trust:{}",
                        cfn_value(&p["RoleName"], deploying).as_str().unwrap()
                    ),
                    cfn_value(&p["AssumeRolePolicyDocument"], deploying),
                );
                for inline in p["Policies"].as_array().into_iter().flatten() {
                    out.insert(
                        format!(
                            "policy:{}",
                            cfn_value(&inline["PolicyName"], deploying)
                                .as_str()
                                .unwrap()
                        ),
                        cfn_value(&inline["PolicyDocument"], deploying),
                    );
                }
            }
            "AWS::IAM::ManagedPolicy" => {
                out.insert(
                    format!(
                        "policy:{}",
                        cfn_value(&p["ManagedPolicyName"], deploying)
                            .as_str()
                            .unwrap()
                    ),
                    cfn_value(&p["PolicyDocument"], deploying),
                );
            }
            // An existing role's inline policy.
            "AWS::IAM::Policy" => {
                out.insert(
                    format!("policy:{}", p["PolicyName"].as_str().unwrap()),
                    cfn_value(&p["PolicyDocument"], deploying),
                );
            }
            // Studio association: no policy document; compared by
            // the_studio_association_is_the_models_wiring_in_both_formats.
            "AWS::SageMaker::UserProfile" | "AWS::SageMaker::Space" => {}
            other => panic!("unexpected resource type {other}"),
        }
    }
    out
}

/// A document as the AWS provider's aws_iam_policy_document writes it: a
/// list of one string becomes the string (its NormalizeStringArray), which
/// IAM reads the same. The CloudFormation documents are compared exactly.
fn provider_form(v: &Value) -> Value {
    match v {
        Value::Array(items) => match items.as_slice() {
            [Value::String(one)] => Value::String(one.clone()),
            _ => Value::Array(items.iter().map(provider_form).collect()),
        },
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), provider_form(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn terraform_and_cloudformation_evaluate_to_the_canonical_documents() {
    for (name, spec) in examples() {
        let generated = root().join("examples").join(&name).join("generated");
        let expected = canonical(&spec);
        let tf = terraform(&generated.join("terraform"));
        let cfn = cloudformation(&generated.join("cloudformation/template.json"));
        assert_eq!(
            expected.keys().collect::<Vec<_>>(),
            tf.keys().collect::<Vec<_>>(),
            "{name}: Terraform documents"
        );
        assert_eq!(
            expected.keys().collect::<Vec<_>>(),
            cfn.keys().collect::<Vec<_>>(),
            "{name}: CloudFormation documents"
        );
        for (key, doc) in &expected {
            let statements = doc["Statement"].as_array().unwrap();
            for (i, st) in statements.iter().enumerate() {
                assert_eq!(
                    provider_form(&tf[key]["Statement"][i]),
                    provider_form(st),
                    "{name} {key}: Terraform statement {i}"
                );
                assert_eq!(
                    &cfn[key]["Statement"][i], st,
                    "{name} {key}: CloudFormation statement {i}"
                );
            }
            assert_eq!(
                provider_form(&tf[key]),
                provider_form(doc),
                "{name} {key}: Terraform document"
            );
            assert_eq!(&cfn[key], doc, "{name} {key}: CloudFormation document");
        }
    }
}

/// One associated Studio identity: (kind, name) → (execution role name,
/// owner profile name, sharing type).
type Association = BTreeMap<(String, String), (Option<String>, Option<String>, Option<String>)>;

/// The user profiles and spaces of a module's studio.tf, evaluated with the
/// role ARNs as `arn-of:<role name>` and the domain id variables as `D`.
fn terraform_association(dir: &std::path::Path) -> Association {
    let mut body = hcl::Body::default();
    for e in fs::read_dir(dir).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "tf") {
            body.extend(hcl::parse(&fs::read_to_string(e.path()).unwrap()).unwrap());
        }
    }
    let resources = |t: &str| -> Vec<(String, hcl::Body)> {
        body.blocks()
            .filter(|b| b.identifier() == "resource" && b.labels()[0].as_str() == t)
            .map(|b| (b.labels()[1].as_str().to_string(), b.body().clone()))
            .collect()
    };
    // A name that an input prefix starts, with each variable as `${name}`.
    let mut symbols = Map::new();
    for b in body.blocks().filter(|b| b.identifier() == "variable") {
        let v = b.labels()[0].as_str();
        symbols.insert(v.to_string(), json!(format!("${{{v}}}")));
    }
    let mut named = Context::new();
    named.declare_var("var", hcl::to_value(Value::Object(symbols)).unwrap());
    let literal = |b: &hcl::Body, k: &str| -> String {
        match b.attributes().find(|a| a.key() == k).unwrap().expr() {
            hcl::Expression::String(s) => s.clone(),
            e @ hcl::Expression::TemplateExpr(_) => hcl_to_json(e.evaluate(&named).unwrap())
                .as_str()
                .unwrap()
                .to_string(),
            other => panic!("{k} is not a literal: {other:?}"),
        }
    };
    let mut roles = Map::new();
    for (n, b) in resources("aws_iam_role") {
        // Counted by `create`: the one instance, as `x[0]` names it.
        roles.insert(
            n,
            json!([{"arn": format!("arn-of:{}", literal(&b, "name"))}]),
        );
    }
    let mut profiles = Map::new();
    for (n, b) in resources("aws_sagemaker_user_profile") {
        profiles.insert(
            n,
            json!([{"user_profile_name": literal(&b, "user_profile_name")}]),
        );
    }
    let mut vars = Map::new();
    for b in body.blocks().filter(|b| b.identifier() == "variable") {
        vars.insert(b.labels()[0].as_str().to_string(), json!("D"));
    }
    let mut cx = Context::new();
    cx.declare_var("aws_iam_role", hcl::to_value(Value::Object(roles)).unwrap());
    cx.declare_var(
        "aws_sagemaker_user_profile",
        hcl::to_value(Value::Object(profiles)).unwrap(),
    );
    cx.declare_var("var", hcl::to_value(Value::Object(vars)).unwrap());
    let eval = |b: &hcl::Body, path: &[&str]| -> Option<String> {
        let (last, blocks) = path.split_last().unwrap();
        let mut body = b.clone();
        for p in blocks {
            body = body.blocks().find(|x| x.identifier() == *p)?.body().clone();
        }
        let a = body.attributes().find(|a| a.key() == *last)?;
        Some(
            hcl_to_json(a.expr().evaluate(&cx).unwrap())
                .as_str()
                .unwrap()
                .to_string(),
        )
    };
    let mut out = Association::new();
    for (kind, name_attr) in [
        ("aws_sagemaker_user_profile", "user_profile_name"),
        ("aws_sagemaker_space", "space_name"),
    ] {
        for (_, b) in resources(kind) {
            assert_eq!(eval(&b, &["domain_id"]).as_deref(), Some("D"));
            out.insert(
                (kind.to_string(), literal(&b, name_attr)),
                (
                    eval(&b, &["user_settings", "execution_role"]),
                    eval(&b, &["ownership_settings", "owner_user_profile_name"]),
                    eval(&b, &["space_sharing_settings", "sharing_type"]),
                ),
            );
        }
    }
    out
}

/// The same from a CloudFormation template, in Terraform's kind names.
fn cloudformation_association(template: &std::path::Path) -> Association {
    let t: Value = serde_json::from_str(&fs::read_to_string(template).unwrap()).unwrap();
    let resources = t["Resources"].as_object().unwrap();
    let text = |v: &Value| -> Option<String> {
        if v.is_null() {
            return None;
        }
        if let Some(s) = v.as_str() {
            return Some(s.to_string());
        }
        let target = &v["Fn::GetAtt"];
        assert_eq!(target[1], "Arn", "{v}");
        Some(format!(
            "arn-of:{}",
            resources[target[0].as_str().unwrap()]["Properties"]["RoleName"]
                .as_str()
                .unwrap()
        ))
    };
    let mut out = Association::new();
    for r in resources.values() {
        let p = &r["Properties"];
        let (kind, name) = match r["Type"].as_str().unwrap() {
            "AWS::SageMaker::UserProfile" => ("aws_sagemaker_user_profile", &p["UserProfileName"]),
            "AWS::SageMaker::Space" => ("aws_sagemaker_space", &p["SpaceName"]),
            _ => continue,
        };
        let param = p["DomainId"]["Ref"].as_str().unwrap();
        assert!(
            t["Parameters"][param]["Default"].is_null(),
            "{param} must be given"
        );
        out.insert(
            (kind.to_string(), name.as_str().unwrap().to_string()),
            (
                text(&p["UserSettings"]["ExecutionRole"]),
                text(&p["OwnershipSettings"]["OwnerUserProfileName"]),
                text(&p["SpaceSharingSettings"]["SharingType"]),
            ),
        );
    }
    out
}

#[test]
fn the_studio_association_is_the_models_wiring_in_both_formats() {
    use sagerole::model::StudioKind::*;
    let mut seen = 0;
    for (name, spec) in examples() {
        let model = sagerole::load(&sagerole::diagnostic::Source::new(
            spec.display().to_string(),
            fs::read_to_string(&spec).unwrap(),
        ))
        .unwrap();
        let generated = root().join("examples").join(&name).join("generated");
        let mut expected = Association::new();
        for d in model.studio.iter().filter(|d| d.associate) {
            for i in &d.identities {
                let full = |n: &str| format!("{}-{n}", model.name_prefix);
                let role_name = |key: &str| {
                    model
                        .roles
                        .iter()
                        .find(|r| r.key == key)
                        .unwrap()
                        .name
                        .clone()
                };
                let entry = match i.kind {
                    ProfileWithOwnRole => (
                        "aws_sagemaker_user_profile",
                        (Some(format!("arn-of:{}", role_name(&i.role))), None, None),
                    ),
                    ProfileInheriting => ("aws_sagemaker_user_profile", (None, None, None)),
                    PrivateSpace => (
                        "aws_sagemaker_space",
                        (None, i.owner.as_deref().map(full), Some("Private".into())),
                    ),
                    // Owned too: AWS requires an owner with the sharing settings.
                    SharedSpace => (
                        "aws_sagemaker_space",
                        (None, i.owner.as_deref().map(full), Some("Shared".into())),
                    ),
                };
                expected.insert((entry.0.to_string(), full(&i.name)), entry.1);
            }
        }
        seen += expected.len();
        assert_eq!(
            terraform_association(&generated.join("terraform")),
            expected,
            "{name}: terraform"
        );
        assert_eq!(
            cloudformation_association(&generated.join("cloudformation/template.json")),
            expected,
            "{name}: cloudformation"
        );
    }
    assert!(seen > 0, "no example associates a Studio domain");
}
