//! Self-lint over everything sagerole can emit: the examples, a spec that
//! uses every field of every catalog API, and deliberately broken statements
//! that the lint must catch.

use std::sync::Arc;

use sagerole::catalog::{Field, RunsUnder, APIS};
use sagerole::diagnostic::Source;
use sagerole::lint::lint;
use sagerole::model::value::Str;
use sagerole::model::Model;

use crate::support::examples;

fn load(name: &str, text: &str) -> Model {
    sagerole::load(&Source::new(name, text)).unwrap_or_else(|d| panic!("invalid spec: {d:#?}"))
}

#[test]
fn every_example_lints_clean() {
    for (name, spec) in examples() {
        let model = load(
            &spec.display().to_string(),
            &std::fs::read_to_string(&spec).unwrap(),
        );
        let findings = lint(&model);
        assert!(
            findings.is_empty(),
            "{name}:\n{}",
            findings
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// A spec with one workload per catalog API, each using every field its API
/// takes, and a caller that launches them all.
fn every_api_spec() -> String {
    // One caller launches every API, each workload's resources named
    // exactly and with a suffix: more than IAM's default 10 managed
    // policies, which an account may raise (Service Quotas).
    let mut spec =
        String::from("name_prefix = \"all\"\nquotas {\n  managed_policies_per_role = 20\n}\n");
    let mut launches = Vec::new();
    let mut passes = Vec::new();
    for (i, api) in APIS.iter().enumerate() {
        let name = format!("w{i}");
        let mut body = format!("  api = \"{}\"\n", api.name);
        // An app names a space or a profile, not both: the space here, the
        // profile in the "classic" workload below.
        let fields = api
            .fields
            .iter()
            .filter(|f| !(**f == Field::Owner && api.uses(Field::Space)));
        for f in fields {
            body.push_str(&match f {
                Field::Inputs => format!("  inputs = [\"s3://in-{i}/data/\", \"s3://shared-in\"]\n"),
                Field::Outputs => format!("  outputs = [\"s3://out-{i}/results/\"]\n"),
                Field::ModelData => format!("  model_data = [\"s3://models-{i}/model.tar.gz\", \"s3://models-{i}/raw/\"]\n"),
                Field::Images => format!(
                    "  images = [\"111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/img-{i}:1\", \"763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3\"]\n"
                ),
                Field::Model => "  model = \"m\"\n".to_string(),
                Field::ModelPackageGroup => "  model_package_group = \"reg\"\n".to_string(),
                Field::Consumers => "  consumers = [\"444455556666\"]\n".to_string(),
                Field::Vpc => "  vpc {\n    subnets = [\"subnet-0abc\", \"subnet-0def\"]\n    security_groups = [\"sg-0abc\"]\n  }\n".to_string(),
                Field::Launches => "  launches = [\"m\"]\n".to_string(),
                Field::Follow => "  follow = [\"logs\", \"update\", \"delete\", \"invoke\"]\n".to_string(),
                Field::RollbackAlarms => format!("  rollback_alarms = [\"alarm-{i}\"]\n"),
                Field::Domain => "  domain = \"dom\"\n".to_string(),
                Field::Owner => "  owner = \"prof\"\n".to_string(),
                Field::Sharing => "  sharing = \"shared\"\n".to_string(),
                Field::Space => "  space = \"sp\"\n".to_string(),
                Field::AppTypes => "  app_types = [\"JupyterLab\", \"CodeEditor\"]\n".to_string(),
                Field::Associate => "  associate = true\n".to_string(),
                Field::Streaming => format!("  streaming {{\n    input_topic = \"arn:aws:sns:eu-west-1:111122223333:tasks-{i}\"\n    output_topic = \"arn:aws:sns:eu-west-1:111122223333:labels-{i}\"\n  }}\n"),
                Field::AutomatedLabeling => "  automated_labeling = true\n".to_string(),
                Field::Workteam => "  workteam = \"arn:aws:sagemaker:eu-west-1:111122223333:workteam/private-crowd/labelers\"\n".to_string(),
                Field::Lambdas => format!("  lambdas = [\"arn:aws:lambda:eu-west-1:111122223333:function:pre-{i}\"]\n"),
                Field::Async => format!(
                    "  async {{\n    inputs = [\"s3://async-{i}/in/\"]\n    output = [\"s3://async-{i}/out/\"]\n    failure = [\"s3://async-{i}/err/\"]\n    topics = [\"arn:aws:sns:eu-west-1:111122223333:done-{i}\"]\n  }}\n"
                ),
                Field::Kms => format!(
                    "  kms {{\n    input = \"arn:aws:kms:eu-west-1:111122223333:key/{i:08}-12ab-34cd-56ef-1234567890ab\"\n    output = \"{i:08}-1111-34cd-56ef-1234567890ab\"\n    volume = \"mrk-{i:032}\"\n    bucket_default = \"{i:08}-2222-34cd-56ef-1234567890ab\"\n  }}\n"
                ),
                // One opt-out only, so that the other default pin is linted.
                Field::OptOut => "  opt_out {\n    imds_v1 = \"a legacy agent reads IMDSv1\"\n  }\n".to_string(),
                Field::StepJobNames => "  step_job_names = \"service\"\n".to_string(),
                Field::Steps => "  steps = [\"ModelStep\", \"ConditionStep\", \"LambdaStep\", \"CallbackStep\"]\n".to_string(),
                Field::PropertyFiles => format!("  property_files = [\"s3://props-{i}/evaluation/\"]\n"),
                Field::CallbackQueues => format!("  callback_queues = [\"arn:aws:sqs:eu-west-1:111122223333:callback-{i}\"]\n"),
                Field::DataCapture => format!(
                    "  data_capture {{\n    destination = \"s3://capture-{i}/endpoint/\"\n    kms_key = \"{i:08}-3333-34cd-56ef-1234567890ab\"\n  }}\n"
                ),
            });
        }
        spec.push_str(&format!("workload \"{name}\" {{\n{body}}}\n"));
        launches.push(format!("\"{name}\""));
        if api.runs_under == RunsUnder::OwnRole {
            passes.push(format!("\"{name}\""));
        }
    }
    spec.push_str(&format!(
        "workload \"dom\" {{\n  api = \"CreateDomain\"\n}}\n\
         workload \"prof\" {{\n  api = \"CreateUserProfile\"\n  domain = \"dom\"\n}}\n\
         workload \"sp\" {{\n  api = \"CreateSpace\"\n  domain = \"dom\"\n  owner = \"prof\"\n  sharing = \"shared\"\n}}\n\
         workload \"classic\" {{\n  api = \"CreateApp\"\n  domain = \"dom\"\n  owner = \"prof\"\n}}\n\
         workload \"m\" {{\n  api = \"CreateModel\"\n  images = [\"111122223333.dkr.ecr.eu-west-1.amazonaws.com/m1:1\"]\n}}\n\
         workload \"reg\" {{\n  api = \"CreateModelPackageGroup\"\n}}\n\
         caller \"approver\" {{\n  principal = \"arn:aws:iam::111122223333:role/approver\"\n  approves = [\"reg\"]\n}}\n\
         caller \"ci\" {{\n  principal = \"arn:aws:iam::111122223333:role/ci\"\n  passes = [{p}, \"m\"]\n  launches = [{l}, \"classic\"]\n  follow = [\"logs\", \"update\", \"delete\", \"invoke\"]\n}}\n\
         caller \"sfn\" {{\n  principal = \"arn:aws:iam::111122223333:role/sfn\"\n  kind = \"step-functions\"\n  passes = [{p}, \"m\"]\n  launches = [{l}, \"classic\"]\n  follow = [\"logs\", \"update\", \"delete\", \"invoke\"]\n}}\n",
        p = passes.join(", "),
        l = launches.join(", ")
    ));
    spec
}

#[test]
fn every_catalog_api_with_every_field_lints_clean() {
    let model = load("all.hcl", &every_api_spec());
    let findings = lint(&model);
    assert!(
        findings.is_empty(),
        "{}",
        findings
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Each API's create action is in the caller policy, so the lint saw it.
    let ci = model.callers.iter().find(|c| c.key == "ci").unwrap();
    let actions: Vec<&String> = ci
        .policy
        .statements
        .iter()
        .flat_map(|s| &s.actions)
        .collect();
    for api in APIS {
        assert!(
            actions
                .iter()
                .any(|a| **a == format!("sagemaker:{}", api.name)),
            "{}",
            api.name
        );
    }
}

fn findings_after(edit: impl Fn(&mut Model)) -> Vec<String> {
    let (_, spec) = examples()
        .into_iter()
        .find(|(n, _)| n == "train-serve")
        .unwrap();
    let mut model = load("s.hcl", &std::fs::read_to_string(spec).unwrap());
    edit(&mut model);
    lint(&model).into_iter().map(|f| f.to_string()).collect()
}

fn statement<'a>(m: &'a mut Model, sid: &str) -> &'a mut sagerole::model::Statement {
    m.roles
        .iter_mut()
        .chain(std::iter::empty())
        .flat_map(|r| r.policy.statements.iter_mut())
        .find(|s| s.sid == sid)
        .map(Arc::make_mut)
        .unwrap()
}

/// The statement of the first caller's policy with this Sid.
fn caller_statement<'a>(m: &'a mut Model, sid: &str) -> &'a mut sagerole::model::Statement {
    m.callers[0]
        .policy
        .statements
        .iter_mut()
        .find(|s| s.sid == sid)
        .map(Arc::make_mut)
        .unwrap()
}

/// The lint looks each action up once per run: an unknown action must
/// still be reported in every statement that grants it, and a wrong-case
/// one accepted wherever it is written.
#[test]
fn repeated_and_wrong_case_actions_are_judged_in_every_statement() {
    let f = findings_after(|m| {
        statement(m, "ReadInputData").actions = vec!["S3:getobject".into(), "s3:GetObjects".into()];
        statement(m, "ListInputsChurnData")
            .actions
            .push("s3:GetObjects".into());
    });
    let unknown: Vec<&String> = f
        .iter()
        .filter(|f| f.contains("s3:GetObjects is not an action in the IAM data"))
        .collect();
    assert_eq!(unknown.len(), 2, "{f:?}");
    for sid in ["ListInputsChurnData", "ReadInputData"] {
        assert!(unknown.iter().any(|f| f.contains(sid)), "{sid}: {f:?}");
    }
    assert!(!f.iter().any(|f| f.contains("S3:getobject")), "{f:?}");
}

#[test]
fn the_lint_catches_what_it_must() {
    let f = findings_after(|m| {
        statement(m, "ListInputsChurnData").resources =
            vec![Str::lit("arn:aws:s3:::churn-data/train/*")]
    });
    assert!(
        f.iter()
            .any(|f| f.contains("none of the resource types of s3:ListBucket")),
        "{f:?}"
    );
    let f = findings_after(|m| statement(m, "ReadInputData").actions = vec!["s3:*".into()]);
    assert!(
        f.iter().any(|f| f.contains("grants a whole service")),
        "{f:?}"
    );
    let f =
        findings_after(|m| statement(m, "ReadInputData").actions = vec!["s3:GetObjects".into()]);
    assert!(f.iter().any(|f| f.contains("not an action")), "{f:?}");
    let f = findings_after(|m| {
        statement(m, "GetEcrAuthorizationToken").resources =
            vec![Str::lit("arn:aws:ecr:us-east-1:1:repository/x")]
    });
    assert!(f.iter().any(|f| f.contains("takes only \"*\"")), "{f:?}");
    let f = findings_after(|m| statement(m, "PullImages").resources = vec![Str::lit("*")]);
    assert!(
        f.iter().any(|f| f.contains("without a recorded reason")),
        "{f:?}"
    );
    let f = findings_after(|m| {
        statement(m, "ListInputsChurnData").conditions[0].key = "s3:x-amz-acl".into()
    });
    assert!(
        f.iter()
            .any(|f| f.contains("does not apply to s3:ListBucket")),
        "{f:?}"
    );
    let f = findings_after(|m| {
        let pass = caller_statement(m, "PassExecutionRoles");
        pass.resources = vec![Str::lit("arn:aws:iam::111122223333:role/*")];
        pass.conditions.clear();
    });
    assert!(
        f.iter().any(|f| f.contains("must name exact roles")),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|f| f.contains("without an iam:PassedToService")),
        "{f:?}"
    );
    let f = findings_after(|m| {
        let c = caller_statement(m, "CreateTrainingJobTrain")
            .conditions
            .iter_mut()
            .find(|c| c.key == "sagemaker:VpcSubnets" && c.operator != "Null")
            .unwrap();
        c.operator = "StringEquals".into();
    });
    assert!(f.iter().any(|f| f.contains("is multivalued")), "{f:?}");
}

/// AWS deprecated sagemaker:VolumeKmsKey for sagemaker:VolumeKmsKeyArn
/// (Service Authorization Reference, Amazon SageMaker AI): a pin on the old
/// key is refused, and the finding names the key to use.
#[test]
fn the_lint_refuses_deprecated_condition_keys() {
    let f = findings_after(|m| {
        let c = caller_statement(m, "CreateTrainingJobTrain")
            .conditions
            .iter_mut()
            .find(|c| c.key == "sagemaker:VolumeKmsKeyArn")
            .unwrap();
        c.key = "sagemaker:VolumeKmsKey".into();
    });
    assert!(
        f.contains(
            &"caller \"deployer\" statement CreateTrainingJobTrain: condition key \
              sagemaker:VolumeKmsKey is deprecated: AWS replaced it with sagemaker:VolumeKmsKeyArn"
                .to_string()
        ),
        "{f:?}"
    );
}

/// A statement the spec declares passes the lint every generated one
/// passes, and each finding is an error at that statement, whichever role
/// or caller declares it (among others that declare nothing): the Service
/// Authorization Reference lists no action ssm:GetParameterz, and a role
/// passed by pattern lets the caller pass roles made later (IAM User Guide,
/// "Grant a user permissions to pass a role to an AWS service").
#[test]
fn a_declared_statement_that_fails_the_lint_is_an_error_at_the_statement() {
    use sagerole::diagnostic::{Kind, Severity};
    let spec = r#"name_prefix = "lab"
workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://lab-artifacts/train/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}
workload "tune" {
  api     = "CreateTrainingJob"
  outputs = ["s3://lab-artifacts/tune/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}
role "first" { workloads = ["train"] }
role "second" {
  workloads = ["tune"]
  statement "typo" {
    reason    = "reads its settings"
    actions   = ["ssm:GetParameterz"]
    resources = ["arn:aws:ssm:us-east-1:111122223333:parameter/lab/setup"]
  }
}
caller "quiet" {
  principal = "arn:aws:iam::111122223333:role/quiet"
  passes    = ["first"]
  launches  = ["train"]
}
caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["second"]
  launches  = ["tune"]
  statement "pass-any" {
    reason     = "hands roles on"
    actions    = ["iam:PassRole"]
    resources  = ["arn:aws:iam::111122223333:role/lab-*"]
    conditions = { StringEquals = { "iam:PassedToService" = ["sagemaker.amazonaws.com"] } }
  }
  statement "pass-tune" {
    reason    = "hands the tuning role on"
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::111122223333:role/lab-second"]
  }
}
"#;
    let errors = sagerole::load(&Source::new("t.hcl", spec)).unwrap_err();
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|d| {
            assert_eq!(d.kind, Kind::DeclaredStatement, "{d:#?}");
            assert_eq!(d.severity, Severity::Error, "{d:#?}");
            (d.path.as_str(), d.message.as_str())
        })
        .collect();
    assert!(
        found.contains(&(
            "role \"second\".statement \"typo\"",
            "ssm:GetParameterz is not an action in the IAM data"
        )),
        "{found:#?}"
    );
    assert!(
        found.contains(&(
            "caller \"ci\".statement \"pass-any\"",
            "iam:PassRole must name exact roles"
        )),
        "{found:#?}"
    );
    // A declared statement that allows without conditions what a generated
    // one allows only under them undoes those conditions: the finding is
    // the generated statement's, the error the declared one's.
    assert!(
        found.contains(&(
            "caller \"ci\".statement \"pass-tune\"",
            "iam:PassRole without an iam:PassedToService condition"
        )),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(p, m)| *p == "caller \"ci\".statement \"pass-tune\""
                && m.starts_with("statement PassExecutionRoles allows iam:PassRole on ")
                && m.contains("but statement DeclaredPassTune allows it")),
        "{found:#?}"
    );
    // Each error says how to fix the statement: which services the IAM data
    // knows, for an action it lacks; the same conditions, for conditions
    // undone.
    let help = |path: &str, message: &str| {
        errors
            .iter()
            .find(|d| d.path == path && d.message.contains(message))
            .and_then(|d| d.help.clone())
            .unwrap_or_default()
    };
    let typo = help("role \"second\".statement \"typo\"", "GetParameterz");
    assert!(
        typo.contains("sagerole's IAM data covers ") && typo.contains(" ssm, "),
        "{typo}"
    );
    let undone = help("caller \"ci\".statement \"pass-tune\"", "but statement");
    assert!(
        undone.starts_with("give the declared statement the same conditions"),
        "{undone}"
    );
    // The roles and callers that declare nothing have no finding.
    assert!(
        found
            .iter()
            .all(|(p, _)| !p.starts_with("role \"first\"") && !p.starts_with("caller \"quiet\"")),
        "{found:#?}"
    );
}
