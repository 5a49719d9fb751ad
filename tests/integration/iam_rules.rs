//! The rules that keep sagerole's grants safe, asserted as literal
//! documents in every format it writes: the plain policies of `render
//! --policies`, the Terraform module (evaluated with hcl-rs) and the
//! CloudFormation template.
//!
//! Every expectation here is written out by hand from AWS's documentation,
//! never computed by sagerole's code, so that a change to one of these rules
//! fails here even when the goldens are blessed with it:
//!
//! * `iam:PassRole` on the exact execution role ARNs (path included), only
//!   to SageMaker: `StringEquals` `iam:PassedToService` =
//!   `sagemaker.amazonaws.com` (IAM User Guide, "Granting a user
//!   permissions to pass a role to an AWS service"; "IAM and AWS STS
//!   condition context keys", `iam:PassedToService`).
//! * Trust: principal service `sagemaker.amazonaws.com`, `sts:AssumeRole`,
//!   `aws:SourceAccount` = the deploying account, and `aws:SourceArn` as the
//!   trust mode says: every SageMaker resource of the account
//!   (`arn:aws:sagemaker:<region>:<account>:*`, the form the inference
//!   template requires) unless `strict` narrows a training role to
//!   `training-job/*` (SageMaker Developer Guide, "Cross-service confused
//!   deputy prevention"), in every region (`*`: an IAM role is global and
//!   serves every region of its account, IAM User Guide, "IAM roles") or
//!   in each region the spec lists, never in the deploying one alone.
//! * A caller's policy is attached to the caller's role, by role name, only
//!   when deploying into the account of the caller's principal and when
//!   `attach_caller_policies` / `AttachCallerPolicies` is on; a policy of a
//!   user principal is attached to nothing (roles cannot be passed across
//!   accounts: IAM User Guide, "Granting a user permissions to pass a role").

use std::fs;
use std::path::Path;

use hcl::eval::{Context, Evaluate};
use serde_json::{json, Value};

use crate::equivalence::{cloudformation_in, terraform_in, Deploying, Documents};
use crate::support::run;

const SPEC: &str = r#"
name_prefix = "acme"

guardrails {
  path = "/ml/"
}

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://acme-models/train/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/acme/train:1"]
}

workload "serve" {
  api    = "CreateModel"
  images = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/acme/serve:1"]
}

workload "nightly" {
  api     = "CreateTrainingJob"
  outputs = ["s3://acme-models/nightly/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/acme/train:1"]
}

role "batch" {
  workloads = ["nightly"]
  trust     = "strict"
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["train", "serve"]
  launches  = ["train"]
}

caller "ops" {
  principal = "arn:aws:iam::444455556666:role/ops/deployer"
  passes    = ["serve"]
}

caller "analyst" {
  principal = "arn:aws:iam::111122223333:user/analyst"
  passes    = ["batch"]
}
"#;

/// Two deployments, so that no account is baked into the output.
const DEPLOYMENTS: [&str; 2] = ["111122223333", "444455556666"];

/// The spec, generated into a temporary directory (returned with it).
fn generated() -> (tempfile::TempDir, std::path::PathBuf) {
    generated_from(SPEC)
}

pub fn generated_from(spec_text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("sagerole.hcl");
    fs::write(&spec, spec_text).unwrap();
    let out = tmp.path().join("generated");
    let r = run(&[
        "generate",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    (tmp, out)
}

/// The spec's documents in one deployment, per format.
struct Outputs {
    formats: Vec<(&'static str, Documents)>,
}

/// Generates and renders the spec into a temporary directory; the
/// Terraform and CloudFormation documents are evaluated for each deployment.
fn outputs(account: &str) -> Outputs {
    outputs_of(SPEC, account)
}

fn outputs_of(spec_text: &str, account: &str) -> Outputs {
    let (tmp, generated) = generated_from(spec_text);
    let spec = tmp.path().join("sagerole.hcl");
    let spec = spec.to_str().unwrap();
    let rendered = tmp.path().join("rendered");
    let r = run(&[
        "render",
        spec,
        "--policies",
        "--out",
        rendered.to_str().unwrap(),
        "--partition",
        "aws",
        "--account",
        account,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let deploying = Deploying {
        partition: "aws",
        account,
        inputs: &[],
    };
    Outputs {
        formats: vec![
            ("render --policies", rendered_documents(&rendered)),
            (
                "Terraform",
                terraform_in(&generated.join("terraform"), &deploying),
            ),
            (
                "CloudFormation",
                cloudformation_in(&generated.join("cloudformation/template.json"), &deploying),
            ),
        ],
    }
}

/// `roles/<key>.trust.json` as `trust:acme-<key>`, every other document as
/// `policy:<file stem>`.
fn rendered_documents(dir: &Path) -> Documents {
    let mut out = Documents::new();
    // The policy documents; `.sagerole-rendered` lists them for render.
    for (rel, text) in crate::support::read_tree(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".json"))
    {
        let doc: Value = serde_json::from_str(&text).unwrap();
        let file = rel.rsplit('/').next().unwrap();
        match file.strip_suffix(".trust.json") {
            Some(key) => out.insert(format!("trust:acme-{key}"), doc),
            None => out.insert(
                format!("policy:{}", file.strip_suffix(".json").unwrap()),
                doc,
            ),
        };
    }
    out
}

impl Outputs {
    fn each<'a>(&'a self, key: &'a str) -> impl Iterator<Item = (&'static str, &'a Value)> + 'a {
        self.formats.iter().map(move |(format, docs)| {
            let doc = docs
                .get(key)
                .unwrap_or_else(|| panic!("{format}: no document {key} in {:?}", docs.keys()));
            (*format, doc)
        })
    }
}

/// A statement without its `Sid`, which is sagerole's label, not a rule.
fn without_sid(statement: &Value) -> Value {
    let mut s = statement.clone();
    s.as_object_mut().unwrap().remove("Sid");
    s
}

fn statements(doc: &Value) -> &Vec<Value> {
    doc["Statement"].as_array().expect("Statement is a list")
}

fn grants(statement: &Value, action: &str) -> bool {
    statement["Action"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == action || a == "*" || a == "iam:*")
}

/// Each caller's policy holds exactly one statement that can pass a role,
/// and it is this one.
#[test]
fn pass_role_names_the_exact_roles_and_only_sagemaker_as_the_service() {
    for account in DEPLOYMENTS {
        let out = outputs(account);
        let role = |name: &str| format!("arn:aws:iam::{account}:role/ml/{name}");
        for (policy, roles) in [
            (
                "acme-ci-caller",
                vec![role("acme-serve"), role("acme-train")],
            ),
            ("acme-ops-caller", vec![role("acme-serve")]),
            ("acme-analyst-caller", vec![role("acme-batch")]),
        ] {
            let expected = json!({
                "Effect": "Allow",
                "Action": ["iam:PassRole"],
                "Resource": roles,
                "Condition": {
                    "StringEquals": {"iam:PassedToService": ["sagemaker.amazonaws.com"]}
                }
            });
            for (format, doc) in out.each(&format!("policy:{policy}")) {
                let passing: Vec<Value> = statements(doc)
                    .iter()
                    .filter(|s| grants(s, "iam:PassRole"))
                    .map(without_sid)
                    .collect();
                assert_eq!(
                    passing,
                    std::slice::from_ref(&expected),
                    "{format}, account {account}: {policy}'s statements that can pass a role"
                );
            }
        }
        // Execution roles of these workloads launch nothing: they pass no role.
        for policy in [
            "acme-train-permissions",
            "acme-serve-permissions",
            "acme-batch-permissions",
        ] {
            for (format, doc) in out.each(&format!("policy:{policy}")) {
                assert!(
                    !statements(doc).iter().any(|s| grants(s, "iam:PassRole")),
                    "{format}: {policy} can pass a role"
                );
            }
        }
    }
}

#[test]
fn trust_lets_only_sagemaker_assume_on_behalf_of_the_account() {
    let listed = SPEC.replacen(
        "name_prefix = \"acme\"",
        "name_prefix = \"acme\"\nregions     = [\"us-east-1\", \"eu-west-1\"]",
        1,
    );
    for (spec, regions) in [
        (SPEC.to_string(), vec!["*"]),
        (listed, vec!["eu-west-1", "us-east-1"]),
    ] {
        for account in DEPLOYMENTS {
            trust_in(&outputs_of(&spec, account), account, &regions);
        }
    }
}

/// The trust policies of the spec's roles, deployed in `account`, for a
/// spec whose roles serve `regions`.
fn trust_in(out: &Outputs, account: &str, regions: &[&str]) {
    let arns = |resource: &str| -> Vec<String> {
        regions
            .iter()
            .map(|r| format!("arn:aws:sagemaker:{r}:{account}:{resource}"))
            .collect()
    };
    // The confused-deputy page lets a training role's trust name one
    // training job: train's jobs are all created by its caller, under its
    // names; nothing in the spec launches nightly, so its jobs' names are
    // unknown and its role keeps the kind; serve's inference allows only
    // the account.
    let names: Vec<String> = regions
        .iter()
        .flat_map(|r| {
            ["acme-train", "acme-train-*"]
                .map(|n| format!("arn:aws:sagemaker:{r}:{account}:training-job/{n}"))
        })
        .collect();
    for (role, source_arn) in [
        ("acme-train", names),
        ("acme-serve", arns("*")),
        ("acme-batch", arns("training-job/*")),
    ] {
        let expected = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": ["sagemaker.amazonaws.com"]},
                "Action": ["sts:AssumeRole"],
                "Condition": {
                    "ArnLike": {"aws:SourceArn": source_arn},
                    "StringEquals": {"aws:SourceAccount": [account]}
                }
            }]
        });
        for (format, doc) in out.each(&format!("trust:{role}")) {
            let mut doc = doc.clone();
            doc["Statement"] = Value::Array(statements(&doc).iter().map(without_sid).collect());
            assert_eq!(
                doc, expected,
                "{format}, account {account}, regions {regions:?}: trust policy of {role}"
            );
        }
    }
}

/// Accounts a module may be deployed into: each caller's, and one of neither.
const ACCOUNTS: [&str; 3] = ["111122223333", "444455556666", "999988887777"];

/// Which role each caller policy must be attached to, given whether caller
/// policies are to be attached at all and the deploying account.
fn attachment(policy: &str, attach: bool, account: &str) -> Option<&'static str> {
    match policy {
        "acme-ci-caller" if attach && account == "111122223333" => Some("ci"),
        "acme-ops-caller" if attach && account == "444455556666" => Some("deployer"),
        _ => None,
    }
}

const CALLER_POLICIES: [&str; 3] = ["acme-ci-caller", "acme-ops-caller", "acme-analyst-caller"];

/// Terraform: each `aws_iam_role_policy_attachment` of a caller policy,
/// its `count` evaluated for every (create, attach_caller_policies, account).
#[test]
fn terraform_attaches_a_caller_policy_only_at_home_and_when_asked() {
    let (_tmp, out) = generated();
    let body: hcl::Body =
        hcl::parse(&fs::read_to_string(out.join("terraform/callers.tf")).unwrap()).unwrap();
    let resources = |kind: &'static str| {
        body.blocks()
            .filter(move |b| b.identifier() == "resource" && b.labels()[0].as_str() == kind)
    };
    let attr = |b: &hcl::Block, k: &str| -> hcl::Expression {
        b.body()
            .attributes()
            .find(|a| a.key() == k)
            .unwrap_or_else(|| panic!("{:?} has no {k}", b.labels()))
            .expr()
            .clone()
    };
    for policy in CALLER_POLICIES {
        let label = resources("aws_iam_policy")
            .find(|b| attr(b, "name") == hcl::Expression::String(policy.into()))
            .unwrap_or_else(|| panic!("no aws_iam_policy named {policy}"))
            .labels()[1]
            .as_str()
            .to_string();
        let arn = format!("aws_iam_policy.{label}[0].arn");
        let attachments: Vec<&hcl::Block> = resources("aws_iam_role_policy_attachment")
            .filter(|b| attr(b, "policy_arn").to_string() == arn)
            .collect();
        for (create, attach) in [(true, true), (true, false), (false, true)] {
            for account in ACCOUNTS {
                let mut cx = Context::new();
                cx.declare_var(
                    "var",
                    hcl::to_value(json!({ "create": create, "attach_caller_policies": attach }))
                        .unwrap(),
                );
                cx.declare_var(
                    "data",
                    hcl::to_value(
                        json!({"aws_caller_identity": {"current": {"account_id": account}}}),
                    )
                    .unwrap(),
                );
                let mut attached = Vec::new();
                for a in &attachments {
                    let count = attr(a, "count").evaluate(&cx).unwrap();
                    let count = count.as_u64().unwrap_or_else(|| panic!("count {count:?}"));
                    let hcl::Expression::String(role) = attr(a, "role") else {
                        panic!("{policy}: role is not a literal name")
                    };
                    attached.extend(std::iter::repeat_n(role, count as usize));
                }
                // create = false creates nothing, attachments included.
                let expected: Vec<String> = attachment(policy, attach, account)
                    .filter(|_| create)
                    .map(String::from)
                    .into_iter()
                    .collect();
                assert_eq!(
                    attached, expected,
                    "{policy} with create = {create}, attach_caller_policies = {attach} in account {account}"
                );
            }
        }
    }
}

/// A tiny evaluator of the intrinsics a template's Conditions and `Roles`
/// use, with the values of the template's parameters and the deploying
/// account (CloudFormation Template Reference, 'Intrinsic function
/// reference').
pub fn cfn_eval(template: &Value, v: &Value, parameters: &Value, account: &str) -> Value {
    let eval = |x: &Value| cfn_eval(template, x, parameters, account);
    let Some((key, arg)) = v
        .as_object()
        .filter(|m| m.len() == 1)
        .and_then(|m| m.iter().next())
    else {
        return match v {
            Value::Array(items) => {
                Value::Array(items.iter().map(eval).filter(|x| !x.is_null()).collect())
            }
            other => other.clone(),
        };
    };
    let args = || arg.as_array().unwrap();
    match key.as_str() {
        "Ref" => match arg.as_str().unwrap() {
            "AWS::AccountId" => json!(account),
            "AWS::NoValue" => Value::Null,
            p if parameters.get(p).is_some() => parameters[p].clone(),
            other => panic!("unexpected Ref {other}"),
        },
        "Condition" => eval(&template["Conditions"][arg.as_str().unwrap()]),
        "Fn::Equals" => json!(eval(&args()[0]) == eval(&args()[1])),
        "Fn::And" => json!(args().iter().all(|x| eval(x) == json!(true))),
        "Fn::Or" => json!(args().iter().any(|x| eval(x) == json!(true))),
        "Fn::Not" => json!(eval(&args()[0]) != json!(true)),
        "Fn::If" => {
            let name = args()[0].as_str().unwrap();
            let holds = eval(&template["Conditions"][name]) == json!(true);
            eval(&args()[if holds { 1 } else { 2 }])
        }
        "Fn::Select" => {
            let i: usize = args()[0].as_str().unwrap().parse().unwrap();
            eval(&args()[1])[i].clone()
        }
        "Fn::Split" => {
            let separator = args()[0].as_str().unwrap();
            json!(eval(&args()[1])
                .as_str()
                .unwrap()
                .split(separator)
                .collect::<Vec<_>>())
        }
        other => panic!("unexpected intrinsic {other}"),
    }
}

/// CloudFormation: each caller policy's `Roles`, evaluated for every
/// (AttachCallerPolicies, account); no caller policy names users or groups.
#[test]
fn cloudformation_attaches_a_caller_policy_only_at_home_and_when_asked() {
    let (_tmp, out) = generated();
    let template: Value = serde_json::from_str(
        &fs::read_to_string(out.join("cloudformation/template.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        template["Parameters"]["AttachCallerPolicies"]["AllowedValues"],
        json!(["true", "false"])
    );
    for policy in CALLER_POLICIES {
        let properties = template["Resources"]
            .as_object()
            .unwrap()
            .values()
            .find(|r| {
                r["Type"] == "AWS::IAM::ManagedPolicy"
                    && r["Properties"]["ManagedPolicyName"] == policy
            })
            .unwrap_or_else(|| panic!("no ManagedPolicy named {policy}"))["Properties"]
            .clone();
        assert!(
            properties.get("Users").is_none() && properties.get("Groups").is_none(),
            "{policy}: {properties}"
        );
        for attach in [true, false] {
            for account in ACCOUNTS {
                let roles = properties.get("Roles").map_or(Value::Null, |r| {
                    let parameters = json!({ "AttachCallerPolicies": attach.to_string() });
                    cfn_eval(&template, r, &parameters, account)
                });
                let expected = match attachment(policy, attach, account) {
                    Some(role) => json!([role]),
                    None => Value::Null,
                };
                assert_eq!(
                    roles, expected,
                    "{policy} with AttachCallerPolicies = {attach} in account {account}"
                );
            }
        }
    }
}
