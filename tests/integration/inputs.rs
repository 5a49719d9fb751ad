//! Inputs, names and existing roles in the outputs, asserted by hand from
//! what AWS and the two deployment tools document, never from sagerole's
//! own output:
//!
//! * An IAM role name is 1 to 64 characters of `[\w+=,.@-]` (IAM API
//!   Reference, CreateRole, RoleName); a role's ARN is
//!   `arn:PARTITION:iam::ACCOUNT:role/PATH-AND-NAME` (IAM User Guide, 'IAM
//!   identifiers').
//! * A role that already exists is read with the `aws_iam_role` data source
//!   and attached to by name (`aws_iam_role_policy_attachment.role`) or id
//!   (`aws_iam_role_policy.role`); a `removed` block with `destroy = false`
//!   forgets a resource without destroying it (Terraform, 'removed block').
//! * In CloudFormation a policy attaches to a role it does not create by the
//!   role's name in `Roles` (AWS::IAM::Policy, AWS::IAM::ManagedPolicy); a
//!   parameter's logical id is alphanumeric and unique in the template, and
//!   `Ref` names a parameter or a resource (CloudFormation User Guide,
//!   'Parameters', 'Ref').

use std::fs;

use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use serde_json::{json, Value};

use crate::iam_rules::{cfn_eval, generated_from as generated};

fn template(out: &std::path::Path) -> Value {
    serde_json::from_str(&fs::read_to_string(out.join("cloudformation/template.json")).unwrap())
        .unwrap()
}

fn module(out: &std::path::Path) -> hcl::Body {
    let mut body = hcl::Body::default();
    for e in fs::read_dir(out.join("terraform")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "tf") {
            let b: hcl::Body = hcl::parse(&fs::read_to_string(e.path()).unwrap()).unwrap();
            body.extend(b);
        }
    }
    body
}

fn attr(b: &hcl::Block, k: &str) -> hcl::Expression {
    b.body()
        .attributes()
        .find(|a| a.key() == k)
        .unwrap_or_else(|| panic!("{} {:?} has no {k}", b.identifier(), b.labels()))
        .expr()
        .clone()
}

fn blocks<'a>(
    body: &'a hcl::Body,
    identifier: &str,
    kind: &str,
) -> impl Iterator<Item = &'a hcl::Block> + 'a {
    let (identifier, kind) = (identifier.to_string(), kind.to_string());
    body.blocks().filter(move |b| {
        b.identifier() == identifier && b.labels().first().is_some_and(|l| l.as_str() == kind)
    })
}

/// IAM's RoleName: 1 to 64 of `[\w+=,.@-]`, `\w` being ASCII letters,
/// digits and `_`.
fn is_role_name(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"_+=,.@-".contains(&c))
}

/// A pattern as the deployment tools apply it, over values IAM takes and
/// refuses as role names.
fn takes_role_names_only(pattern: &str) {
    let re = regex::Regex::new(pattern).unwrap();
    let long = "r".repeat(64);
    for name in [
        "AmazonSageMaker-ExecutionRole-20241205T103000",
        "service+role=a,b.c@d_e",
        "x",
        long.as_str(),
    ] {
        assert!(is_role_name(name) && re.is_match(name), "{pattern}: {name}");
    }
    let longer = "r".repeat(65);
    for name in ["", "ml/exec", "exec role", longer.as_str(), "r\u{e9}le"] {
        assert!(
            !is_role_name(name) && !re.is_match(name),
            "{pattern}: {name}"
        );
    }
}

const EXISTING: &str = r#"
name_prefix = "byo"

guardrails {
  path = "/ml/"
}

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://byo-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}

role "exec" {
  workloads = ["train"]
  existing  = true
}

caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["exec"]
  launches  = ["train"]
}
"#;

/// The same role with permissions too large for one inline policy (IAM's
/// 10,240 characters of inline policies per role), so that they are
/// managed policies attached to it.
fn existing_with_managed_policies() -> String {
    let inputs: Vec<String> = (0..50)
        .map(|i| format!("\"s3://byo-data-{i:03}/training/set-{i:03}/\""))
        .collect();
    EXISTING.replace(
        "outputs = [\"s3://byo-out/models/\"]",
        &format!(
            "inputs  = [{}]\n  outputs = [\"s3://byo-out/models/\"]",
            inputs.join(", ")
        ),
    )
}

/// An existing role's policies are attached, in Terraform, to the role the
/// `aws_iam_role` data source reads by the name the module takes; no role
/// is created, a role created before is forgotten and not destroyed, and
/// the role read must be at the spec's path (its ARN in the policies has it).
#[test]
fn terraform_attaches_an_existing_roles_policies_to_the_role_its_variable_names() {
    for (spec, inline) in [
        (EXISTING.to_string(), true),
        (existing_with_managed_policies(), false),
    ] {
        let (_tmp, out) = generated(&spec);
        let body = module(&out);
        assert_eq!(blocks(&body, "resource", "aws_iam_role").count(), 0);
        let data: Vec<&hcl::Block> = blocks(&body, "data", "aws_iam_role").collect();
        assert_eq!(data.len(), 1, "one role read");
        let label = data[0].labels()[1].as_str().to_string();
        let name = attr(data[0], "name");
        assert!(
            matches!(name, hcl::Expression::Traversal(_)),
            "the role is read by a variable's value"
        );
        let variable = name.to_string();
        let variable = variable.strip_prefix("var.").expect("a variable");
        // The variable takes IAM role names only.
        let declared = blocks(&body, "variable", variable)
            .next()
            .unwrap_or_else(|| panic!("no variable {variable}"));
        let validation = declared
            .body()
            .blocks()
            .find(|b| b.identifier() == "validation")
            .expect("validated");
        let condition = attr(validation, "condition").to_string();
        let pattern = condition
            .split('"')
            .nth(1)
            .unwrap_or_else(|| panic!("{condition}"))
            .replace("\\\\", "\\");
        takes_role_names_only(&pattern);
        // Its path is checked against the spec's.
        let lifecycle = data[0]
            .body()
            .blocks()
            .find(|b| b.identifier() == "lifecycle")
            .expect("lifecycle");
        let post = lifecycle.body().blocks().next().unwrap();
        assert_eq!(post.identifier(), "postcondition");
        assert_eq!(attr(post, "condition").to_string(), "self.path == \"/ml/\"");
        // Forgotten, not destroyed, if the module created it before.
        let removed = body
            .blocks()
            .find(|b| b.identifier() == "removed")
            .expect("a removed block");
        assert_eq!(
            attr(removed, "from").to_string(),
            format!("aws_iam_role.{label}")
        );
        let keep = removed.body().blocks().next().unwrap();
        assert_eq!(attr(keep, "destroy"), hcl::Expression::Bool(false));
        // Every policy of the role is attached to the role read.
        let source = format!("data.aws_iam_role.{label}[0]");
        if inline {
            let policies: Vec<_> = blocks(&body, "resource", "aws_iam_role_policy").collect();
            assert_eq!(policies.len(), 1);
            assert_eq!(
                attr(policies[0], "role").to_string(),
                format!("{source}.id")
            );
        } else {
            assert_eq!(blocks(&body, "resource", "aws_iam_role_policy").count(), 0);
            let managed: Vec<_> = blocks(&body, "resource", "aws_iam_policy")
                .filter(|b| !b.labels()[1].as_str().starts_with("caller"))
                .collect();
            assert!(managed.len() >= 2, "{}", managed.len());
            let attachments: Vec<_> = blocks(&body, "resource", "aws_iam_role_policy_attachment")
                .filter(|b| {
                    managed.iter().any(|m| {
                        attr(b, "policy_arn").to_string()
                            == format!("aws_iam_policy.{}[0].arn", m.labels()[1].as_str())
                    })
                })
                .collect();
            assert_eq!(attachments.len(), managed.len());
            for a in attachments {
                assert_eq!(attr(a, "role").to_string(), format!("{source}.name"));
            }
        }
        // The role's ARN, as the caller passes it, is built with the path
        // and the variable.
        let callers = fs::read_to_string(out.join("terraform/callers.tf")).unwrap();
        assert!(
            callers.contains(&format!(
                "\"arn:${{data.aws_partition.current.partition}}:iam::${{data.aws_caller_identity.current.account_id}}:role/ml/${{var.{variable}}}\""
            )),
            "{callers}"
        );
    }
}

/// CloudFormation: no role is created; every policy of the existing role
/// names it in `Roles` by the parameter that takes its name, and that
/// parameter takes IAM role names only. The role's ARN (an output, and
/// what the caller passes) is built from the path and the parameter.
#[test]
fn cloudformation_attaches_an_existing_roles_policies_to_the_role_its_parameter_names() {
    for (spec, kind) in [
        (EXISTING.to_string(), "AWS::IAM::Policy"),
        (existing_with_managed_policies(), "AWS::IAM::ManagedPolicy"),
    ] {
        let (_tmp, out) = generated(&spec);
        let t = template(&out);
        let resources = t["Resources"].as_object().unwrap();
        assert!(resources.values().all(|r| r["Type"] != "AWS::IAM::Role"));
        let parameters = t["Parameters"].as_object().unwrap();
        let role_parameters: Vec<&String> = parameters
            .keys()
            .filter(|k| *k != "AttachCallerPolicies")
            .collect();
        assert_eq!(role_parameters.len(), 1, "{parameters:?}");
        let p = role_parameters[0];
        assert!(!p.is_empty() && p.bytes().all(|c| c.is_ascii_alphanumeric()));
        takes_role_names_only(parameters[p]["AllowedPattern"].as_str().unwrap());
        assert_eq!(parameters[p]["MaxLength"], "64");
        let policies: Vec<&Value> = resources
            .values()
            .filter(|r| {
                r["Type"] == kind
                    && r["Properties"]["Roles"] != Value::Null
                    && r["Properties"]["Roles"].get("Fn::If").is_none()
            })
            .collect();
        assert!(!policies.is_empty());
        if kind == "AWS::IAM::ManagedPolicy" {
            assert!(policies.len() >= 2, "{}", policies.len());
        }
        for policy in policies {
            assert_eq!(policy["Properties"]["Roles"], json!([{ "Ref": p }]));
        }
        let arn = format!("arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/ml/${{{p}}}");
        let outputs: Vec<&Value> = t["Outputs"]
            .as_object()
            .unwrap()
            .values()
            .filter(|o| o["Value"] == json!({ "Fn::Sub": arn }))
            .collect();
        assert_eq!(outputs.len(), 1, "the role's ARN is an output");
        let caller = resources
            .values()
            .find(|r| r["Properties"]["ManagedPolicyName"] == "byo-ci-caller")
            .unwrap();
        let passed: Vec<&Value> = caller["Properties"]["PolicyDocument"]["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|st| st["Action"] == json!(["iam:PassRole"]))
            .collect();
        assert_eq!(passed.len(), 1);
        assert_eq!(passed[0]["Resource"], json!([{ "Fn::Sub": arn }]));
    }
}

const CALLER_INPUT: &str = r#"
name_prefix = "acme"

input "deployer" {
  kind = "iam_role_arn"
}

workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://acme-models/train/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/acme/train:1"]
}

caller "ci" {
  principal = { input = "deployer" }
  passes    = ["train"]
  launches  = ["train"]
}
"#;

/// The roles a caller policy is attached to, for each value of its input:
/// the role the ARN names, only when deploying into the account the ARN
/// names.
const CALLER_CASES: [(&str, &str, Option<&str>); 4] = [
    (
        "arn:aws:iam::111122223333:role/ci-deployer",
        "111122223333",
        Some("ci-deployer"),
    ),
    (
        "arn:aws:iam::111122223333:role/ci-deployer",
        "444455556666",
        None,
    ),
    (
        "arn:aws-us-gov:iam::444455556666:role/Ops.Release_1",
        "444455556666",
        Some("Ops.Release_1"),
    ),
    (
        "arn:aws-us-gov:iam::444455556666:role/Ops.Release_1",
        "111122223333",
        None,
    ),
];

/// Terraform's `split` and `element` over strings, as the Terraform
/// language documents them.
fn terraform_functions(cx: &mut Context) {
    fn split(args: FuncArgs) -> Result<hcl::Value, String> {
        let sep = args[0].as_str().unwrap();
        let s = args[1].as_str().unwrap();
        Ok(hcl::Value::Array(
            s.split(sep)
                .map(|x| hcl::Value::from(x.to_string()))
                .collect(),
        ))
    }
    fn element(args: FuncArgs) -> Result<hcl::Value, String> {
        let list = args[0].as_array().unwrap();
        let i = args[1].as_u64().unwrap() as usize;
        Ok(list[i % list.len()].clone())
    }
    cx.declare_func(
        "split",
        FuncDef::builder()
            .params([ParamType::String, ParamType::String])
            .build(split),
    );
    cx.declare_func(
        "element",
        FuncDef::builder()
            .params([ParamType::Any, ParamType::Number])
            .build(element),
    );
}

/// A caller whose principal is an input: the module attaches its policy
/// to the role named by the last item of the ARN, only in the account its
/// fifth field names.
#[test]
fn terraform_attaches_a_caller_input_policy_to_its_arns_role_in_its_arns_account_only() {
    let (_tmp, out) = generated(CALLER_INPUT);
    let body = module(&out);
    let attachments: Vec<&hcl::Block> =
        blocks(&body, "resource", "aws_iam_role_policy_attachment").collect();
    assert_eq!(attachments.len(), 1);
    let a = attachments[0];
    for (arn, account, expected) in CALLER_CASES {
        let mut cx = Context::new();
        terraform_functions(&mut cx);
        cx.declare_var(
            "var",
            hcl::to_value(
                json!({ "create": true, "attach_caller_policies": true, "deployer": arn }),
            )
            .unwrap(),
        );
        cx.declare_var(
            "data",
            hcl::to_value(json!({"aws_caller_identity": {"current": {"account_id": account}}}))
                .unwrap(),
        );
        let count = attr(a, "count").evaluate(&cx).unwrap();
        let role = attr(a, "role").evaluate(&cx).unwrap();
        let attached = (count.as_u64() == Some(1)).then(|| role.as_str().unwrap().to_string());
        assert_eq!(attached.as_deref(), expected, "{arn} in {account}");
    }
}

/// The same in CloudFormation: the caller policy's `Roles` evaluated for
/// each ARN and deploying account.
#[test]
fn cloudformation_attaches_a_caller_input_policy_to_its_arns_role_in_its_arns_account_only() {
    let (_tmp, out) = generated(CALLER_INPUT);
    let t = template(&out);
    let policy = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Properties"]["ManagedPolicyName"] == "acme-ci-caller")
        .unwrap();
    let inputs: Vec<&String> = t["Parameters"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| {
            v["AllowedPattern"]
                .as_str()
                .is_some_and(|a| a.contains(":role/"))
        })
        .map(|(k, _)| k)
        .collect();
    assert_eq!(inputs.len(), 1, "the input's parameter");
    for (arn, account, expected) in CALLER_CASES {
        let parameters = json!({ "AttachCallerPolicies": "true", inputs[0].as_str(): arn });
        let roles = cfn_eval(&t, &policy["Properties"]["Roles"], &parameters, account);
        let expected = match expected {
            Some(role) => json!([role]),
            None => Value::Null,
        };
        assert_eq!(roles, expected, "{arn} in {account}");
    }
}

const DESCRIBED: &str = r#"
name_prefix = "acme"

guardrails {
  path = "/ml/"
}

input "data" {
  kind        = "s3_bucket"
  description = "Bucket of the raw events"
  default     = "acme-raw-events"
}

input "out" {
  kind = "s3_bucket"
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = [{ bucket = { input = "data" }, prefix = "events/" }]
  outputs = [{ bucket = { input = "out" }, prefix = "models/" }]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/acme/train:1"]
}

workload "lab" {
  api       = "CreateDomain"
  associate = true
}

workload "ana" {
  api    = "CreateUserProfile"
  domain = "lab"
}

role "exec" {
  workloads = ["train"]
  existing  = true
}
"#;

/// Each input's parameter and variable says what to pass: a declared
/// input's own description and default (CloudFormation's `Default`,
/// Terraform's `default`), the path an existing role must be at, which
/// domain setting the Studio output goes to; and the console shows each
/// parameter once, labelled, in a group of its own kind
/// (AWS::CloudFormation::Interface).
#[test]
fn each_input_says_what_to_pass_with_its_own_description_and_default() {
    let (_tmp, out) = generated(DESCRIBED);
    let t = template(&out);
    let parameters = t["Parameters"].as_object().unwrap();
    let interface = &t["Metadata"]["AWS::CloudFormation::Interface"];
    let label = |p: &str| {
        interface["ParameterLabels"][p]["default"]
            .as_str()
            .unwrap_or_else(|| panic!("{p} has no label"))
            .to_string()
    };
    let groups = interface["ParameterGroups"].as_array().unwrap();
    let group = |p: &str| {
        let of: Vec<&Value> = groups
            .iter()
            .filter(|g| g["Parameters"].as_array().unwrap().contains(&json!(p)))
            .collect();
        assert_eq!(of.len(), 1, "{p} is in one group");
        of[0]["Label"]["default"].as_str().unwrap().to_string()
    };
    for (p, v) in parameters {
        assert!(!v["Description"].as_str().unwrap().is_empty(), "{p}");
        assert!(!label(p).is_empty() && !group(p).is_empty(), "{p}");
    }
    let find = |pattern_start: &str, max: &str| -> Vec<&String> {
        parameters
            .iter()
            .filter(|(_, v)| {
                v["MaxLength"] == max
                    && v["AllowedPattern"]
                        .as_str()
                        .is_some_and(|a| a.starts_with(pattern_start))
            })
            .map(|(k, _)| k)
            .collect()
    };
    let buckets = find("^[a-z0-9]", "63");
    assert_eq!(buckets.len(), 2, "{parameters:?}");
    let (data, other): (Vec<&String>, Vec<&String>) = buckets
        .into_iter()
        .partition(|p| parameters[p.as_str()].get("Default").is_some());
    assert_eq!(data.len(), 1, "one input has a default");
    let (data, other) = (data[0].as_str(), other[0].as_str());
    assert_eq!(parameters[data]["Default"], "acme-raw-events");
    assert_eq!(parameters[data]["Description"], "Bucket of the raw events");
    assert_ne!(parameters[other]["Description"], "Bucket of the raw events");
    assert_eq!(label(data), "data");
    assert_eq!(label(other), "out");
    // The Studio domain's id: SageMaker API Reference, CreateUserProfile:
    // a profile without its own ExecutionRole runs under the domain's
    // DefaultUserSettings.ExecutionRole, which the domain's owner sets.
    let domain = find("^d-", "63");
    assert_eq!(domain.len(), 1);
    let domain = domain[0].as_str();
    assert!(
        parameters[domain]["Description"]
            .as_str()
            .unwrap()
            .contains("DefaultUserSettings"),
        "{}",
        parameters[domain]["Description"]
    );
    assert!(label(domain).contains("Studio domain id") && label(domain).contains("lab"));
    assert!(group(domain).contains("Studio"), "{}", group(domain));
    // The existing role's name: at the spec's path, which its ARN in the
    // policies carries.
    let role = find("^[A-Za-z0-9_+=,.@-]", "64");
    assert_eq!(role.len(), 1);
    let role = role[0].as_str();
    assert!(
        parameters[role]["Description"]
            .as_str()
            .unwrap()
            .contains("at path /ml/"),
        "{}",
        parameters[role]["Description"]
    );
    assert!(label(role).contains("Existing role") && label(role).contains("exec"));
    assert!(group(role).contains("role"), "{}", group(role));
    for p in [data, other] {
        assert_eq!(group(p), "Inputs");
    }

    // Terraform: the declared inputs' variables, with the same description
    // and default.
    let body = module(&out);
    let variable = |name: &str| {
        blocks(&body, "variable", name)
            .next()
            .unwrap_or_else(|| panic!("no variable {name}"))
    };
    assert_eq!(
        attr(variable("data"), "description"),
        hcl::Expression::String("Bucket of the raw events".into())
    );
    assert_eq!(
        attr(variable("data"), "default"),
        hcl::Expression::String("acme-raw-events".into())
    );
    assert_ne!(
        attr(variable("out"), "description"),
        hcl::Expression::String("Bucket of the raw events".into())
    );
    assert!(variable("out")
        .body()
        .attributes()
        .all(|a| a.key() != "default"));
}

/// The errors of a spec (it must have some), as (spec path, message).
fn errors(spec: &str) -> Vec<(String, String)> {
    let source = sagerole::diagnostic::Source::new("spec.hcl", spec);
    match sagerole::load(&source) {
        Ok(_) => panic!("accepted:\n{spec}"),
        Err(ds) => ds.into_iter().map(|d| (d.path, d.message)).collect(),
    }
}

fn loads(spec: &str) {
    let source = sagerole::diagnostic::Source::new("spec.hcl", spec);
    if let Err(ds) = sagerole::load(&source) {
        panic!("{ds:?}\n{spec}");
    }
}

const TRAIN: &str = r#"
workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://acme-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/acme/train:1"]
}
"#;

/// An existing role's trust policy and permissions boundary are its
/// owner's, and CloudFormation attaches AWS managed policies only to a role
/// it creates (AWS::IAM::Role, ManagedPolicyArns); its name is an input of
/// its own, which no declared input may shadow (same Terraform variable,
/// or same CloudFormation parameter), while other inputs stand beside it.
#[test]
fn an_existing_role_takes_no_trust_no_managed_policy_and_an_input_name_of_its_own() {
    let spec = |input: &str, role: &str| {
        format!(
            "name_prefix = \"acme\"\n{input}\n{TRAIN}\nrole \"exec\" {{\n  workloads = [\"train\"]\n  existing  = true\n{role}\n}}\n"
        )
    };
    let used = |name: &str| {
        format!(
            "input \"{name}\" {{\n  kind = \"s3_bucket\"\n}}\nworkload \"prep\" {{\n  api     = \"CreateProcessingJob\"\n  inputs  = [{{ bucket = {{ input = \"{name}\" }}, prefix = \"raw/\" }}]\n  outputs = [\"s3://acme-out/prep/\"]\n  images  = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/acme/prep:1\"]\n}}\n"
        )
    };
    assert_eq!(
        errors(&spec("", "  trust = \"auto\""))
            .iter()
            .map(|(p, _)| p.as_str())
            .collect::<Vec<_>>(),
        ["role \"exec\".trust"]
    );
    assert_eq!(
        errors(&spec("", "  permissions = \"full-access\""))
            .iter()
            .map(|(p, _)| p.as_str())
            .collect::<Vec<_>>(),
        ["role \"exec\".permissions"]
    );
    // The variable exec_role_name, the parameter ExistingRoleNameExec.
    for shadow in ["exec_role_name", "existing_role_name_exec"] {
        let found = errors(&spec(&used(shadow), ""));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "role \"exec\".existing");
        assert!(found[0].1.contains(&format!("{shadow:?}")), "{found:?}");
    }
    for other in ["data", "exec_role", "role_name_exec"] {
        loads(&spec(&used(other), ""));
    }
}

/// A default is a value of its kind, within the input's maximum length;
/// the message says which maximum only where the block lowers it.
#[test]
fn an_inputs_default_is_of_its_kind_and_within_its_length() {
    let with = |block: &str| format!("name_prefix = \"acme\"\n{block}\n{TRAIN}");
    // Short enough, but not a bucket name (S3 User Guide, 'General purpose
    // bucket naming rules': lowercase letters, digits, dots and hyphens).
    let found = errors(&with(
        "input \"data\" {\n  kind    = \"s3_bucket\"\n  default = \"DOC-EXAMPLE-BUCKET\"\n}",
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "input \"data\".default");
    assert!(!found[0].1.contains("at most"), "{found:?}");
    // A name prefix of the kind's pattern, longer than the block allows.
    let found = errors(&with(
        "input \"prefix\" {\n  kind       = \"name_prefix\"\n  max_length = 8\n  default    = \"ml-develop\"\n}",
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "input \"prefix\".default");
    assert!(found[0].1.contains("of at most 8 characters"), "{found:?}");
    // Within the length and of the kind.
    loads(&with(
        "input \"prefix\" {\n  kind       = \"name_prefix\"\n  max_length = 8\n  default    = \"ml-dev\"\n}",
    ));
    loads(&with(
        "input \"data\" {\n  kind    = \"s3_bucket\"\n  default = \"amzn-s3-demo-bucket\"\n}",
    ));
}

/// `max_length` may lower a name prefix's 32 characters, to 1 at least,
/// and never raise them.
#[test]
fn a_name_prefix_inputs_max_length_is_from_1_to_32() {
    let with = |m: &str| {
        format!(
            "name_prefix = {{ input = \"prefix\" }}\ninput \"prefix\" {{\n  kind       = \"name_prefix\"\n  max_length = {m}\n}}\n{TRAIN}"
        )
    };
    for ok in ["1", "8", "32"] {
        loads(&with(ok));
    }
    for bad in ["0", "33", "64"] {
        let found = errors(&with(bad));
        assert!(
            found
                .iter()
                .any(|(p, _)| p == "input \"prefix\".max_length"),
            "{bad}: {found:?}"
        );
    }
}

/// A literal name_prefix has at most 32 characters, as the kind's values do.
#[test]
fn a_literal_name_prefix_has_at_most_32_characters() {
    let with = |prefix: &str| format!("name_prefix = \"{prefix}\"\n{TRAIN}");
    loads(&with(&"a".repeat(32)));
    let found = errors(&with(&"a".repeat(33)));
    assert_eq!(
        found.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["name_prefix"]
    );
}

/// An input stands only where its kind fits, and the error names both
/// kinds as the spec writes them (`kind = "subnet_id"`).
#[test]
fn an_input_of_another_kind_is_refused_naming_both_kinds() {
    let spec = format!(
        "name_prefix = \"acme\"\ninput \"net\" {{\n  kind = \"subnet_id\"\n}}\n{}",
        TRAIN.replace(
            "outputs = [\"s3://acme-out/models/\"]",
            "outputs = [{ bucket = { input = \"net\" }, prefix = \"models/\" }]"
        )
    );
    let found = errors(&spec);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .1
            .contains("input \"net\" is of kind \"subnet_id\""),
        "{found:?}"
    );
    let source = sagerole::diagnostic::Source::new("spec.hcl", spec.as_str());
    let help = sagerole::load(&source).unwrap_err()[0]
        .help
        .clone()
        .unwrap();
    assert!(help.contains("\"s3_bucket\""), "{help}");
}

/// IAM's quota on a trust policy is a maximum (IAM User Guide, 'IAM and
/// AWS STS quotas'): a trust policy of exactly the quota's length fits, one
/// character more does not. An existing role's trust policy is its
/// owner's, so no quota of the output's applies to it.
#[test]
fn a_trust_policy_of_exactly_the_quota_fits() {
    let spec = |quota: usize, existing: bool| {
        format!(
            "name_prefix = \"acme\"\nquotas {{ trust_policy_size = {quota} }}\n{TRAIN}\nrole \"exec\" {{\n  workloads = [\"train\"]\n  existing  = {existing}\n}}\n"
        )
    };
    let source = sagerole::diagnostic::Source::new("spec.hcl", spec(8_192, false));
    let model = sagerole::load(&source).unwrap();
    let size = sagerole::model::document::trust_size(
        &model.roles[0].trust,
        &sagerole::model::document::Context::longest(),
    );
    assert!(size > 100, "{size}");
    loads(&spec(size, false));
    let found = errors(&spec(size - 1, false));
    assert_eq!(
        found.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["role \"exec\""]
    );
    loads(&spec(size - 1, true));
}

/// The Terraform functions the module's validations call, over the values
/// they take, as the Terraform language documents them. `regex` fails on
/// no match and `can` turns that failure into false; here `regex` answers
/// whether it matches and `can` passes that on, which is the same for
/// `can(regex(...))`, the only way the module calls them.
fn validation_functions(cx: &mut Context) {
    fn text(v: &hcl::Value) -> &str {
        v.as_str().unwrap_or_else(|| panic!("{v:?} is no string"))
    }
    fn strings(v: &hcl::Value) -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| text(x).to_string())
            .collect()
    }
    fn list(items: impl IntoIterator<Item = String>) -> hcl::Value {
        hcl::Value::Array(items.into_iter().map(hcl::Value::from).collect())
    }
    fn can(args: FuncArgs) -> Result<hcl::Value, String> {
        Ok(args[0].clone())
    }
    fn regex(args: FuncArgs) -> Result<hcl::Value, String> {
        let re = regex::Regex::new(text(&args[0])).map_err(|e| e.to_string())?;
        Ok(hcl::Value::Bool(re.is_match(text(&args[1]))))
    }
    fn length(args: FuncArgs) -> Result<hcl::Value, String> {
        Ok(hcl::Value::from(match &args[0] {
            hcl::Value::String(s) => s.chars().count(),
            hcl::Value::Array(a) => a.len(),
            hcl::Value::Object(o) => o.len(),
            other => return Err(format!("length of {other:?}")),
        } as u64))
    }
    fn keys(args: FuncArgs) -> Result<hcl::Value, String> {
        Ok(list(args[0].as_object().unwrap().keys().cloned()))
    }
    fn join(args: FuncArgs) -> Result<hcl::Value, String> {
        Ok(hcl::Value::from(strings(&args[1]).join(text(&args[0]))))
    }
    fn split(args: FuncArgs) -> Result<hcl::Value, String> {
        let s = text(&args[1]);
        Ok(list(s.split(text(&args[0])).map(String::from)))
    }
    fn lower(args: FuncArgs) -> Result<hcl::Value, String> {
        Ok(hcl::Value::from(text(&args[0]).to_lowercase()))
    }
    fn setintersection(args: FuncArgs) -> Result<hcl::Value, String> {
        let b = strings(&args[1]);
        Ok(list(
            strings(&args[0]).into_iter().filter(|x| b.contains(x)),
        ))
    }
    let any = |f| FuncDef::builder().variadic_param(ParamType::Any).build(f);
    for (name, f) in [
        ("can", can as hcl::eval::Func),
        ("regex", regex),
        ("length", length),
        ("keys", keys),
        ("join", join),
        ("split", split),
        ("lower", lower),
        ("setintersection", setintersection),
    ] {
        cx.declare_func(name, any(f));
    }
}

/// Whether every validation of variable `name` holds for `value`.
fn terraform_takes(body: &hcl::Body, name: &str, value: Value) -> bool {
    let variable = blocks(body, "variable", name)
        .next()
        .unwrap_or_else(|| panic!("no variable {name}"));
    let mut cx = Context::new();
    validation_functions(&mut cx);
    cx.declare_var("var", hcl::to_value(json!({ name: value })).unwrap());
    let validations: Vec<&hcl::Block> = variable
        .body()
        .blocks()
        .filter(|b| b.identifier() == "validation")
        .collect();
    assert!(!validations.is_empty(), "{name} is not validated");
    validations.iter().all(|v| {
        attr(v, "condition")
            .evaluate(&cx)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            == hcl::Value::Bool(true)
    })
}

/// Whether parameter `name` takes `value`: CloudFormation checks a String
/// parameter's whole value against AllowedPattern and its length against
/// MaxLength (CloudFormation User Guide, 'Parameters').
fn cloudformation_takes(t: &Value, name: &str, value: &str) -> bool {
    let p = &t["Parameters"][name];
    let pattern = p["AllowedPattern"].as_str().unwrap();
    let max: usize = p["MaxLength"].as_str().unwrap().parse().unwrap();
    let whole = regex::Regex::new(&format!("^(?:{pattern})$")).unwrap();
    whole.is_match(value) && value.chars().count() <= max
}

const VALIDATED: &str = r#"
name_prefix = { input = "prefix" }

input "prefix" {
  kind       = "name_prefix"
  max_length = 8
}

input "data" {
  kind = "s3_bucket"
}

input "deployer" {
  kind = "iam_role_arn"
}

workload "train" {
  api     = "CreateTrainingJob"
  inputs  = [{ bucket = { input = "data" }, prefix = "train/" }]
  outputs = ["s3://acme-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/acme/train:1"]
}

role "exec" {
  workloads = ["train"]
  existing  = true
}

caller "ci" {
  principal = { input = "deployer" }
  passes    = ["exec"]
  launches  = ["train"]
}
"#;

/// Values that AWS takes and refuses, for each input of VALIDATED: (the
/// input, taken, refused).
fn validated_values() -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    vec![
        (
            // Lowercase letters, digits and inner hyphens, at most the
            // block's max_length of 8.
            "prefix",
            vec!["ml-dev".into(), "team-dev".into(), "x".into()],
            vec![
                "ml-develop".into(),
                "Dev".into(),
                "dev-".into(),
                "dev_1".into(),
                String::new(),
            ],
        ),
        (
            // S3 User Guide, 'General purpose bucket naming rules'.
            "data",
            vec![
                "amzn-s3-demo-bucket".into(),
                "docexamplebucket1".into(),
                "my.example.s3.bucket".into(),
                "b".repeat(63),
            ],
            vec![
                "DOC-EXAMPLE-BUCKET".into(),
                "ab".into(),
                "b".repeat(64),
                "bucket/prefix".into(),
            ],
        ),
        (
            // IAM User Guide, 'IAM identifiers': a role ARN; one with a path
            // names its role by more than the item after `role/`.
            "deployer",
            vec![
                "arn:aws:iam::111122223333:role/ci".into(),
                "arn:aws-us-gov:iam::111122223333:role/Ops.Release_1".into(),
            ],
            vec![
                "arn:aws:iam::111122223333:role/ci/deployer".into(),
                "arn:aws:iam::111122223333:user/ci".into(),
                "arn:aws:iam::11112222333:role/ci".into(),
                "ci".into(),
            ],
        ),
        (
            // IAM API Reference, CreateRole, RoleName.
            "exec",
            vec![
                "AmazonSageMaker-ExecutionRole-20241205T103000".into(),
                "r".repeat(64),
            ],
            vec!["ml/exec".into(), "r".repeat(65), String::new()],
        ),
    ]
}

/// Each input's Terraform variable and CloudFormation parameter takes the
/// values AWS takes and refuses the others, so that no wrong value reaches
/// a policy or a name: a name prefix within its block's max_length, a
/// bucket name, a role ARN without a path, an existing role's name.
#[test]
fn each_inputs_variable_and_parameter_take_only_what_aws_takes() {
    let (_tmp, out) = generated(VALIDATED);
    let body = module(&out);
    let t = template(&out);
    let existing = attr(
        blocks(&body, "data", "aws_iam_role").next().unwrap(),
        "name",
    )
    .to_string();
    let labels = &t["Metadata"]["AWS::CloudFormation::Interface"]["ParameterLabels"];
    let parameter = |input: &str| -> String {
        let found: Vec<&String> = labels
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, l)| {
                l["default"] == input
                    || (input == "exec" && l["default"].as_str().unwrap().contains("exec"))
            })
            .map(|(k, _)| k)
            .collect();
        assert_eq!(found.len(), 1, "{input}: {labels}");
        found[0].clone()
    };
    for (input, taken, refused) in validated_values() {
        let variable = match input {
            "exec" => existing.strip_prefix("var.").unwrap().to_string(),
            other => other.to_string(),
        };
        let p = parameter(input);
        for v in &taken {
            assert!(
                terraform_takes(&body, &variable, json!(v)),
                "{variable}: {v}"
            );
            assert!(cloudformation_takes(&t, &p, v), "{p}: {v}");
        }
        for v in &refused {
            assert!(
                !terraform_takes(&body, &variable, json!(v)),
                "{variable}: {v}"
            );
            assert!(!cloudformation_takes(&t, &p, v), "{p}: {v}");
        }
    }
}

/// The module's tags variable may not set the spec's guardrail tags, in
/// any case (condition keys are not case-sensitive: IAM User Guide, 'IAM
/// JSON policy elements: Condition'), nor `aws:` keys, which AWS reserves,
/// nor more tags than IAM's 50 per role or policy leave beside the spec's
/// (IAM User Guide, 'Tagging IAM resources').
#[test]
fn the_tags_variable_refuses_the_guardrail_tags_reserved_keys_and_more_than_iam_allows() {
    let tagged = TRAIN.to_string()
        + "guardrails {\n  tags = {\n    Team       = \"ml\"\n    CostCenter = \"42\"\n  }\n}\n";
    for (spec, room) in [
        (format!("name_prefix = \"acme\"\n{tagged}"), 48),
        (format!("name_prefix = \"acme\"\n{TRAIN}"), 50),
    ] {
        let (_tmp, out) = generated(&spec);
        let body = module(&out);
        let tags = |n: usize| -> Value {
            (0..n)
                .map(|i| (format!("k{i}"), json!("v")))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        assert!(terraform_takes(&body, "tags", tags(room)), "{room}");
        assert!(!terraform_takes(&body, "tags", tags(room + 1)), "{room}");
        assert!(terraform_takes(&body, "tags", json!({ "Owner": "a" })));
        assert!(!terraform_takes(&body, "tags", json!({ "aws:owner": "a" })));
        let guarded = room == 48;
        for key in ["Team", "team", "COSTCENTER"] {
            assert_eq!(
                terraform_takes(&body, "tags", json!({ key: "x" })),
                !guarded,
                "{key}"
            );
        }
    }
}

/// An input's name is a Terraform variable's (and, in PascalCase, a
/// CloudFormation parameter's): lowercase letters and digits in words that
/// single underscores join, starting with a letter.
#[test]
fn an_input_name_is_lowercase_words_joined_by_single_underscores() {
    let with = |name: &str| {
        format!(
            "name_prefix = \"acme\"\ninput \"{name}\" {{\n  kind = \"s3_bucket\"\n}}\n{}",
            TRAIN.replace(
                "outputs = [\"s3://acme-out/models/\"]",
                &format!(
                    "outputs = [{{ bucket = {{ input = \"{name}\" }}, prefix = \"models/\" }}]"
                )
            )
        )
    };
    for ok in ["data", "data_bucket2", "d1_b"] {
        loads(&with(ok));
    }
    for bad in [
        "Data",
        "9data",
        "data__bucket",
        "_data",
        "data_",
        "data-bucket",
    ] {
        let found = errors(&with(bad));
        assert!(
            found.iter().any(
                |(p, m)| p == &format!("input {bad:?}") && m.contains("not a valid input name")
            ),
            "{bad}: {found:?}"
        );
    }
}

/// An input may not take the name of a variable the module has of its own
/// (`create`, `permissions_boundary_arn`, a Studio domain's
/// `<domain>_domain_id`), and its description is one line, as a variable's
/// description and a parameter's Description are shown.
#[test]
fn an_input_shadows_no_variable_of_the_module_and_describes_itself_in_one_line() {
    let with = |name: &str, description: &str| {
        format!(
            "name_prefix = \"acme\"\ninput \"{name}\" {{\n  kind = \"s3_bucket\"\n{description}}}\n{}",
            TRAIN.replace(
                "outputs = [\"s3://acme-out/models/\"]",
                &format!("outputs = [{{ bucket = {{ input = \"{name}\" }}, prefix = \"models/\" }}]")
            )
        )
    };
    for taken in ["create", "permissions_boundary_arn", "lab_domain_id"] {
        let found = errors(&with(taken, ""));
        assert!(
            found
                .iter()
                .any(|(p, m)| p == &format!("input {taken:?}") && m.contains("of its own")),
            "{taken}: {found:?}"
        );
    }
    loads(&with("data", "  description = \"Raw events\"\n"));
    let found = errors(&with("data", "  description = \"Raw\\nevents\"\n"));
    assert_eq!(
        found.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["input \"data\".description"],
        "{found:?}"
    );
}

/// A quota error's hint names `regions` only when more than one region is
/// listed: each listed region repeats every regional ARN (one per region),
/// so fewer regions take less room; with one region listed or none (every
/// region, one `*`-region ARN) there is nothing to gain there.
#[test]
fn a_quota_errors_hint_names_regions_only_when_several_are_listed() {
    let hints = |regions: &str| {
        let spec = format!("name_prefix = \"acme\"\n{regions}\nquotas {{ trust_policy_size = 100 }}\n{TRAIN}\nrole \"exec\" {{\n  workloads = [\"train\"]\n}}\n");
        let source = sagerole::diagnostic::Source::new("spec.hcl", spec.clone());
        match sagerole::load(&source) {
            Ok(_) => panic!("accepted:\n{spec}"),
            Err(ds) => ds
                .into_iter()
                .map(|d| d.help.unwrap_or_default())
                .collect::<Vec<_>>(),
        }
    };
    let names_regions =
        |help: &[String]| help.iter().any(|h| h.contains("each region in `regions`"));
    assert!(names_regions(&hints(
        "regions = [\"us-east-1\", \"us-west-2\"]"
    )));
    assert!(names_regions(&hints(
        "regions = [\"us-east-1\", \"us-west-2\", \"eu-west-1\"]"
    )));
    assert!(!names_regions(&hints("regions = [\"us-east-1\"]")));
    let none = hints("");
    assert!(!none.is_empty() && !names_regions(&none), "{none:?}");
}
