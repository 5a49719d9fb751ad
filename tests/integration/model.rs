//! What the model grants, asserted on specs written for each rule.

use std::collections::BTreeMap;

use sagerole::diagnostic::Source;
use sagerole::model::value::Str;
use sagerole::model::{Model, Policy, Statement, TrustMode};

fn load(spec: &str) -> Model {
    sagerole::load(&Source::new("t.hcl", spec)).unwrap_or_else(|d| panic!("invalid spec: {d:#?}"))
}

fn sid<'a>(p: &'a Policy, sid: &str) -> &'a Statement {
    p.statements
        .iter()
        .find(|s| s.sid == sid)
        .unwrap_or_else(|| panic!("no statement {sid}"))
}

fn sids(p: &Policy) -> Vec<&str> {
    p.statements.iter().map(|s| s.sid.as_str()).collect()
}

fn has_sid(p: &Policy, sid: &str) -> bool {
    p.statements.iter().any(|s| s.sid == sid)
}

fn resources(s: &Statement) -> Vec<String> {
    s.resources.iter().map(Str::symbolic).collect()
}

/// The statement's only condition, as operator, key and values.
/// A statement's conditions as (operator, key, values), in order.
fn conditions(s: &Statement) -> Vec<(String, String, Vec<String>)> {
    s.conditions
        .iter()
        .map(|c| {
            (
                c.operator.clone(),
                c.key.clone(),
                c.values.iter().map(|v| v.symbolic()).collect(),
            )
        })
        .collect()
}

fn only_condition(s: &Statement) -> (&str, &str, Vec<String>) {
    assert_eq!(s.conditions.len(), 1, "{}", s.sid);
    let c = &s.conditions[0];
    (
        c.operator.as_str(),
        c.key.as_str(),
        c.values.iter().map(Str::symbolic).collect(),
    )
}

const IMAGE: &str = "111122223333.dkr.ecr.us-east-1.amazonaws.com/team/trainer:1";

fn training(name: &str, extra: &str) -> String {
    format!(
        "workload \"{name}\" {{\n api = \"CreateTrainingJob\"\n outputs = [\"s3://out-bucket/{name}/\"]\n images = [\"{IMAGE}\"]\n {extra}\n}}\n"
    )
}

/// The default is `strict`, which for a role that also serves inference
/// stays account-wide, as AWS requires, without the warning an explicit
/// `strict` gets.
#[test]
fn default_trust_is_account_wide_for_training_and_inference_without_a_warning() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}workload \"serve\" {{\n api = \"CreateModel\"\n images = [\"{IMAGE}\"]\n}}\nrole \"r\" {{ workloads = [\"train\", \"serve\"] }}\n",
        training("train", "")
    ));
    let t = &m.roles[0].trust;
    assert_eq!(t.mode, TrustMode::Strict);
    let conds: Vec<_> = t
        .conditions
        .iter()
        .map(|c| (c.operator.as_str(), c.key.as_str(), c.values[0].symbolic()))
        .collect();
    assert_eq!(
        conds,
        [
            (
                "ArnLike",
                "aws:SourceArn",
                "arn:${Partition}:sagemaker:*:${Account}:*".to_string()
            ),
            (
                "StringEquals",
                "aws:SourceAccount",
                "${Account}".to_string()
            ),
        ]
    );
    assert!(t.warning.is_none());
}

#[test]
fn trust_strict_narrows_to_the_job_kinds_the_role_serves() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}workload \"prep\" {{\n api = \"CreateProcessingJob\"\n images = [\"{IMAGE}\"]\n}}\nrole \"r\" {{\n workloads = [\"train\", \"prep\"]\n trust = \"strict\"\n}}\n",
        training("train", "")
    ));
    let arn = m.roles[0]
        .trust
        .conditions
        .iter()
        .find(|c| c.key == "aws:SourceArn")
        .unwrap();
    let values: Vec<_> = arn.values.iter().map(Str::symbolic).collect();
    assert_eq!(
        values,
        [
            "arn:${Partition}:sagemaker:*:${Account}:processing-job/*",
            "arn:${Partition}:sagemaker:*:${Account}:training-job/*"
        ]
    );
}

#[test]
fn trust_strict_never_narrows_inference_and_says_so() {
    let m = load(&format!(
        "name_prefix = \"t\"\nworkload \"serve\" {{\n api = \"CreateModel\"\n images = [\"{IMAGE}\"]\n}}\nrole \"r\" {{\n workloads = [\"serve\"]\n trust = \"strict\"\n}}\n"
    ));
    let t = &m.roles[0].trust;
    let arn = t
        .conditions
        .iter()
        .find(|c| c.key == "aws:SourceArn")
        .unwrap();
    assert_eq!(
        arn.values[0].symbolic(),
        "arn:${Partition}:sagemaker:*:${Account}:*"
    );
    assert!(t.warning.as_deref().unwrap().contains("cannot narrow"));
}

#[test]
fn trust_off_drops_the_conditions_with_a_warning_in_every_output() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}role \"r\" {{\n workloads = [\"train\"]\n trust = \"off\"\n}}\n",
        training("train", "")
    ));
    assert!(m.roles[0].trust.conditions.is_empty());
    let files = sagerole::emit::emit(&m, &sagerole::emit::Settings::new("../t.hcl")).unwrap();
    assert!(files["terraform/roles.tf"].contains("# WARNING: trust is off for role t-r"));
    assert!(files["cloudformation/template.yaml"].contains("Warning: \"trust is off for role t-r"));
    assert!(files["terraform/README.md"].contains("**Warning:** trust is off"));
}

#[test]
fn terraform_sets_top_level_blocks_apart_by_one_blank_line() {
    // `terraform fmt`'s layout: one blank line between top-level blocks and
    // after the header, never two; a role's comment sits on its first block.
    let m = load(&format!(
        "name_prefix = \"t\"\n{}{}role \"a\" {{ workloads = [\"one\"] }}\nrole \"b\" {{ workloads = [\"two\"] }}\ncaller \"x\" {{\n principal = \"arn:aws:iam::111122223333:role/x\"\n passes = [\"a\"]\n launches = [\"one\"]\n}}\ncaller \"y\" {{\n principal = \"arn:aws:iam::111122223333:user/y\"\n passes = [\"b\"]\n launches = [\"two\"]\n}}\n",
        training("one", ""),
        training("two", "")
    ));
    let files = sagerole::emit::emit(&m, &sagerole::emit::Settings::new("../t.hcl")).unwrap();
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".tf")) {
        assert!(!text.contains("\n\n\n"), "{path}:\n{text}");
        assert!(!text.contains("{\n\n"), "{path}:\n{text}");
        assert!(!text.contains("\n}\n#"), "{path}:\n{text}");
        assert!(!text.contains("\n}\nresource"), "{path}:\n{text}");
        assert!(!text.contains("\n}\ndata"), "{path}:\n{text}");
    }
    let tf = &files["terraform/roles.tf"];
    let lines: Vec<&str> = tf.lines().collect();
    let roles: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("# Role "))
        .collect();
    assert_eq!(roles.len(), 2, "{tf}");
    for i in roles {
        assert_eq!(lines[i - 1], "", "{tf}");
        assert!(lines[i + 1].starts_with("data ") || lines[i + 1].starts_with("resource "));
    }
}

#[test]
fn tuning_roles_keep_source_account_only() {
    let m = load(&format!(
        "name_prefix = \"t\"\nworkload \"tune\" {{\n api = \"CreateHyperParameterTuningJob\"\n outputs = [\"s3://b-out/x/\"]\n images = [\"{IMAGE}\"]\n}}\n"
    ));
    let keys: Vec<_> = m.roles[0]
        .trust
        .conditions
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(keys, ["aws:SourceAccount"]);
}

#[test]
fn a_role_without_source_arn_names_only_the_apis_that_lack_it() {
    // A role serving tuning and training loses aws:SourceArn because of
    // tuning alone; its reason must blame tuning, not training, whose
    // resources the confused-deputy page lets aws:SourceArn name.
    let m = load(&format!(
        "name_prefix = \"t\"\n{}workload \"tune\" {{\n api = \"CreateHyperParameterTuningJob\"\n outputs = [\"s3://b-out/x/\"]\n images = [\"{IMAGE}\"]\n}}\nrole \"r\" {{ workloads = [\"train\", \"tune\"] }}\n",
        training("train", "")
    ));
    let t = &m.roles[0].trust;
    assert_eq!(t.conditions.len(), 1);
    assert!(
        t.reason.ends_with(
            "AWS does not document it for CreateHyperParameterTuningJob \
             (SageMaker Developer Guide, 'Cross-service confused deputy prevention')"
        ),
        "{}",
        t.reason
    );
}

#[test]
fn s3_grants_follow_inputs_and_outputs() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}",
        training(
            "train",
            "inputs = [\"s3://data-bucket/train/\", \"s3://data-bucket/train/2024/\", \"s3://whole-bucket\", \"s3://out-bucket/train/\"]"
        )
    ));
    let p = &m.roles[0].policy;
    // A nested prefix adds nothing; a path that is input and output gets both grants.
    assert_eq!(
        resources(sid(p, "ReadInputData")),
        [
            "arn:${Partition}:s3:::data-bucket/train/*",
            "arn:${Partition}:s3:::out-bucket/train/*",
            "arn:${Partition}:s3:::whole-bucket/*"
        ]
    );
    assert_eq!(
        resources(sid(p, "WriteOutputData")),
        ["arn:${Partition}:s3:::out-bucket/train/*"]
    );
    let list = sid(p, "ListInputsDataBucket");
    assert_eq!(list.actions, ["s3:ListBucket"]);
    assert_eq!(
        only_condition(list),
        ("StringLike", "s3:prefix", vec!["train/*".to_string()])
    );
    // A whole-bucket input lists the whole bucket: no s3:prefix condition.
    assert!(sid(p, "ListInputsWholeBucket").conditions.is_empty());
    for s in &p.statements {
        assert!(s.actions.iter().all(|a| !a.ends_with(":*")), "{}", s.sid);
        assert!(!s.actions.contains(&"s3:PutObject".to_string()) || s.sid == "WriteOutputData");
    }
}

#[test]
fn model_data_under_a_prefix_is_listed_and_one_object_is_only_read() {
    // S3ModelDataSource: a key ending in `/` is a key name prefix whose
    // objects are all model data (uncompressed models); one without is one
    // object. The whole bucket is a prefix too.
    let m = load(&format!(
        "name_prefix = \"t\"\nworkload \"serve\" {{\n api = \"CreateModel\"\n images = [\"{IMAGE}\"]\n model_data = [\"s3://models/llm/\", \"s3://models/llm/v2/\", \"s3://models/xgb/model.tar.gz\", \"s3://archives/v1/model.tar.gz\", \"s3://shared\"]\n}}\n"
    ));
    let p = &m.roles[0].policy;
    let list = sid(p, "ListModelDataModels");
    assert_eq!(list.actions, ["s3:ListBucket"]);
    assert_eq!(resources(list), ["arn:${Partition}:s3:::models"]);
    // The nested prefix adds nothing; the object beside it is not listed.
    assert_eq!(
        only_condition(list),
        ("StringLike", "s3:prefix", vec!["llm/*".to_string()])
    );
    assert!(sid(p, "ListModelDataShared").conditions.is_empty());
    // A bucket holding only a model archive is read, never listed.
    assert!(!p
        .statements
        .iter()
        .any(|s| s.actions.iter().any(|a| a == "s3:ListBucket")
            && resources(s).iter().any(|r| r.ends_with(":::archives"))));
    assert_eq!(
        resources(sid(p, "ReadModelArtifacts")),
        [
            "arn:${Partition}:s3:::archives/v1/model.tar.gz",
            "arn:${Partition}:s3:::models/llm/*",
            "arn:${Partition}:s3:::models/xgb/model.tar.gz",
            "arn:${Partition}:s3:::shared/*"
        ]
    );
}

#[test]
fn aws_owned_images_get_no_ecr_grant() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"prep\" {\n api = \"CreateProcessingJob\"\n images = [\"683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1\"]\n}\n",
    );
    let p = &m.roles[0].policy;
    assert!(!has_sid(p, "PullImages") && !has_sid(p, "GetEcrAuthorizationToken"));
    let m = load(&format!("name_prefix = \"t\"\n{}", training("train", "")));
    let p = &m.roles[0].policy;
    assert_eq!(
        resources(sid(p, "PullImages")),
        ["arn:${Partition}:ecr:us-east-1:111122223333:repository/team/trainer"]
    );
    assert!(sid(p, "GetEcrAuthorizationToken").why.wildcard.is_some());
}

#[test]
fn vpc_and_kms_grants_only_where_declared() {
    let plain = load(&format!("name_prefix = \"t\"\n{}", training("train", "")));
    let p = &plain.roles[0].policy;
    assert!(!has_sid(p, "ManageVpcNetworkInterfaces"));
    assert!(!p
        .statements
        .iter()
        .any(|s| s.actions.iter().any(|a| a.starts_with("kms:"))));
    let m = load(&format!(
        "name_prefix = \"t\"\n{}",
        training(
            "train",
            "vpc {\n subnets = [\"subnet-0abc\"]\n security_groups = [\"sg-0abc\"]\n}\nkms {\n input = \"1234abcd-12ab-34cd-56ef-1234567890ab\"\n volume = \"arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/2234abcd-12ab-34cd-56ef-1234567890ab\"\n}"
        )
    ));
    let p = &m.roles[0].policy;
    let vpc = sid(p, "ManageVpcNetworkInterfaces");
    assert!(
        vpc.conditions.is_empty(),
        "AWS documents the VPC add-on without conditions"
    );
    assert_eq!(
        resources(sid(p, "DecryptInputs")),
        ["arn:${Partition}:kms:*:${Account}:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    );
    assert_eq!(
        resources(sid(p, "GrantVolumeKeys")),
        ["arn:${Partition}:kms:us-gov-west-1:111122223333:key/2234abcd-12ab-34cd-56ef-1234567890ab"]
    );
    assert!(!has_sid(p, "EncryptOutputs"));
}

#[test]
fn a_callers_policy_passes_roles_first_and_its_service_linked_role_grant_after_creating() {
    // launch_grants' order, which a reviewer reads top down: iam:PassRole
    // and reading the passed roles, then per workload its create and tag calls, the grants the API needs
    // beside them (CreateDomain: SageMaker's service-linked role), then
    // describe and stop.
    let m = load(
        "name_prefix = \"t\"\nworkload \"studio\" {\n api = \"CreateDomain\"\n}\nrole \"r\" { workloads = [\"studio\"] }\ncaller \"ci\" {\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"r\"]\n launches = [\"studio\"]\n}\n",
    );
    // Where each Sid stands in the caller's policy, which starts with
    // passing the roles.
    let positions = |m: &sagerole::model::Model| {
        let order: Vec<String> = sids(&m.callers[0].policy)
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(order[0], "PassExecutionRoles", "{order:?}");
        move |sid: &str| {
            order
                .iter()
                .position(|s| s == sid)
                .unwrap_or_else(|| panic!("no {sid} in {order:?}"))
        }
    };
    let at = positions(&m);
    assert!(at("CreateStudioServiceLinkedRole") > 1);
    // Reading the registered versions a model is created from is such a
    // grant too: after passing the role and creating, before describing.
    let m = load(&format!(
        "name_prefix = \"t\"\nworkload \"models\" {{\n api = \"CreateModelPackageGroup\"\n}}\nworkload \"serve\" {{\n api = \"CreateModel\"\n model_package_group = \"models\"\n model_data = [\"s3://t-models/xgb/\"]\n images = [\"{IMAGE}\"]\n}}\ncaller \"deploy\" {{\n principal = \"arn:aws:iam::111122223333:role/deploy\"\n passes = [\"serve\"]\n launches = [\"serve\"]\n}}\n"
    ));
    let at = positions(&m);
    assert!(
        at("CreateModelServe") < at("ReadModelPackagesServe")
            && at("ReadModelPackagesServe") < at("ManageServeModel")
    );
    // The same for a call that creates nothing, granted on "*".
    let m = load(
        "name_prefix = \"t\"\nworkload \"preview\" {\n api = \"RenderUiTemplate\"\n inputs = [\"s3://labeling-ui/samples/\"]\n}\ncaller \"ui\" {\n principal = \"arn:aws:iam::111122223333:role/ui\"\n passes = [\"preview\"]\n launches = [\"preview\"]\n}\n",
    );
    assert_eq!(
        sids(&m.callers[0].policy),
        [
            "PassExecutionRoles",
            "ReadPassedRoles",
            "RenderUiTemplatePreview"
        ]
    );
}

#[test]
fn launching_a_user_profile_passes_its_own_role_but_not_an_inherited_one() {
    // CreateUserProfile (SageMaker API Reference): a profile whose
    // UserSettings name no ExecutionRole uses the domain's default, so the
    // call passes no role; one with a role of its own passes it, and passing
    // a role takes iam:PassRole on it (IAM User Guide, "Grant a user
    // permissions to pass a role to an AWS service").
    let spec = |launches: &str| {
        format!(
            "name_prefix = \"t\"\nworkload \"studio\" {{\n api = \"CreateDomain\"\n}}\nworkload \"ana\" {{\n api = \"CreateUserProfile\"\n domain = \"studio\"\n}}\nworkload \"lin\" {{\n api = \"CreateUserProfile\"\n domain = \"studio\"\n inputs = [\"s3://raw-events/\"]\n}}\nrole \"default\" {{ workloads = [\"studio\", \"ana\"] }}\ncaller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:role/ci\"\n launches = [{launches}]\n}}\n"
        )
    };
    let m = load(&spec("\"ana\""));
    assert!(!has_sid(&m.callers[0].policy, "PassExecutionRoles"));
    let errors = sagerole::load(&Source::new("t.hcl", spec("\"lin\""))).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|d| d.message
                == "caller \"ci\" launches \"lin\" but does not pass its role \"lin\""),
        "{errors:#?}"
    );
}

#[test]
fn an_associated_domain_sets_only_the_roles_its_profiles_do_not_inherit() {
    // CreateUserProfile (SageMaker API Reference): UserSettings.ExecutionRole
    // overrides the domain's default; a profile without it runs under the
    // domain's DefaultUserSettings role.
    let m = load(
        "name_prefix = \"t\"\nworkload \"studio\" {\n api = \"CreateDomain\"\n associate = true\n}\nworkload \"ana\" {\n api = \"CreateUserProfile\"\n domain = \"studio\"\n}\nworkload \"lin\" {\n api = \"CreateUserProfile\"\n domain = \"studio\"\n inputs = [\"s3://raw-events/\"]\n}\nrole \"default\" { workloads = [\"studio\", \"ana\"] }\n",
    );
    let files = sagerole::emit::emit(&m, &sagerole::emit::Settings::new("../t.hcl")).unwrap();
    let t: serde_json::Value =
        serde_json::from_str(&files["cloudformation/template.json"]).unwrap();
    let profiles: BTreeMap<&str, &serde_json::Value> = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::SageMaker::UserProfile")
        .map(|r| {
            (
                r["Properties"]["UserProfileName"].as_str().unwrap(),
                &r["Properties"],
            )
        })
        .collect();
    assert_eq!(
        profiles.keys().copied().collect::<Vec<_>>(),
        ["t-ana", "t-lin"]
    );
    assert!(profiles["t-ana"].get("UserSettings").is_none());
    let lin_role = &profiles["t-lin"]["UserSettings"]["ExecutionRole"]["Fn::GetAtt"];
    assert_eq!(lin_role[1], "Arn");
    let role = &t["Resources"][lin_role[0].as_str().unwrap()];
    assert_eq!(role["Type"], "AWS::IAM::Role");
    assert_eq!(role["Properties"]["RoleName"], "t-lin");
    // The template tells whoever wires the domain by hand the same: an
    // output for each identity with a role of its own, none for one that
    // inherits.
    let outputs: Vec<&str> = t["Outputs"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| k.starts_with("StudioWiring"))
        .map(String::as_str)
        .collect();
    assert_eq!(outputs, ["StudioWiringLin"]);
}

#[test]
fn callers_pass_exact_roles_and_pin_what_the_spec_declares() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}caller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"train\"]\n launches = [\"train\"]\n}}\n",
        training("train", "vpc {\n subnets = [\"subnet-0abc\"]\n security_groups = [\"sg-0abc\"]\n}")
    ));
    let c = &m.callers[0];
    assert_eq!(
        c.attach_to_role,
        Some(sagerole::model::RoleRef::Named {
            account: "111122223333".into(),
            name: "ci".into()
        })
    );
    let pass = sid(&c.policy, "PassExecutionRoles");
    assert_eq!(
        resources(pass),
        ["arn:${Partition}:iam::${Account}:role/t-train"]
    );
    assert_eq!(pass.conditions[0].key, "iam:PassedToService");
    let create = sid(&c.policy, "CreateTrainingJobTrain");
    assert_eq!(
        resources(create),
        [
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train",
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train-*"
        ]
    );
    // A multivalued key under ForAllValues is vacuously true when absent: a Null test denies that.
    for key in ["sagemaker:VpcSubnets", "sagemaker:VpcSecurityGroupIds"] {
        assert!(create
            .conditions
            .iter()
            .any(|c| c.operator == "ForAllValues:StringEquals" && c.key == key));
        assert!(create
            .conditions
            .iter()
            .any(|c| c.operator == "Null" && c.key == key && c.values[0].symbolic() == "false"));
    }
    let tag = sid(&c.policy, "TagOnCreate");
    assert_eq!(tag.conditions[0].key, "sagemaker:TaggingAction");
}

/// A key a bucket's default encryption uses is no request's: S3 uses it on
/// the role's behalf (S3 User Guide, SSE-KMS: kms:GenerateDataKey to write,
/// kms:Decrypt to read), and nothing pins the caller to it, whereas an
/// output key the request names pins the call (sagemaker:OutputKmsKeyArn).
#[test]
fn a_bucket_default_key_goes_to_the_role_and_pins_no_request() {
    let caller = "caller \"ci\" {\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"train\"]\n launches = [\"train\"]\n}\n";
    let key = "arn:aws:kms:us-east-1:111122223333:key/5555eeee-12ab-34cd-56ef-1234567890ab";
    let m = load(&format!(
        "name_prefix = \"t\"\n{}{caller}",
        training("train", &format!("kms {{\n bucket_default = \"{key}\"\n}}"))
    ));
    let p = &m.roles[0].policy;
    let bucket = sid(p, "UseBucketDefaultKeys");
    assert_eq!(bucket.actions, ["kms:Decrypt", "kms:GenerateDataKey"]);
    assert_eq!(
        resources(bucket),
        ["arn:${Partition}:kms:us-east-1:111122223333:key/5555eeee-12ab-34cd-56ef-1234567890ab"]
    );
    assert!(!has_sid(p, "EncryptOutputs"));
    let create = sid(&m.callers[0].policy, "CreateTrainingJobTrain");
    assert!(create.conditions.is_empty(), "{:?}", create.conditions);
    // The same key declared as the output key pins the request to it.
    let named = load(&format!(
        "name_prefix = \"t\"\n{}{caller}",
        training("train", &format!("kms {{\n output = \"{key}\"\n}}"))
    ));
    let create = sid(&named.callers[0].policy, "CreateTrainingJobTrain");
    assert!(create
        .conditions
        .iter()
        .any(|c| c.operator == "ArnEquals" && c.key == "sagemaker:OutputKmsKeyArn"));
}

/// An endpoint's keys: the model artifacts' key, the asynchronous output key
/// and the data capture key go to the role; the volume key pins
/// CreateEndpointConfig (sagemaker:VolumeKmsKeyArn), and its kms:CreateGrant
/// goes to the caller of CreateEndpoint (SageMaker Developer Guide, API
/// permissions reference: "kms:CreateGrant (required only if the associated
/// EndPointConfig has a KmsKeyId specified)"), not to the role.
#[test]
fn an_endpoints_keys_go_to_its_role_and_its_volume_key_to_the_caller() {
    let key = |n: u8| {
        format!(
            "arn:aws:kms:us-east-1:111122223333:key/{n}{n}{n}{n}aaaa-12ab-34cd-56ef-1234567890ab"
        )
    };
    let m = load(&format!(
        "name_prefix = \"t\"\nworkload \"serve\" {{\n api = \"CreateModel\"\n images = [\"{IMAGE}\"]\n model_data = [\"s3://models/serve/model.tar.gz\"]\n kms {{\n input = \"{}\"\n output = \"{}\"\n volume = \"{}\"\n }}\n async {{\n output = [\"s3://async/results/\"]\n }}\n data_capture {{\n destination = \"s3://capture/serve/\"\n kms_key = \"{}\"\n }}\n}}\ncaller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"serve\"]\n launches = [\"serve\"]\n}}\n",
        key(1),
        key(2),
        key(3),
        key(4)
    ));
    let arn = |n: u8| {
        format!("arn:${{Partition}}:kms:us-east-1:111122223333:key/{n}{n}{n}{n}aaaa-12ab-34cd-56ef-1234567890ab")
    };
    let p = &m.roles[0].policy;
    assert_eq!(resources(sid(p, "DecryptEndpointInputs")), [arn(1)]);
    assert_eq!(resources(sid(p, "EncryptAsyncResults")), [arn(2)]);
    assert_eq!(resources(sid(p, "EncryptCapturedData")), [arn(4)]);
    assert_eq!(
        resources(sid(p, "WriteCapturedData")),
        ["arn:${Partition}:s3:::capture/serve/*"]
    );
    assert!(
        !p.statements
            .iter()
            .any(|s| s.actions.iter().any(|a| a == "kms:CreateGrant")),
        "the role gets no kms:CreateGrant on the endpoint's volume key"
    );
    let c = &m.callers[0].policy;
    let grant = sid(c, "GrantEndpointVolumeKeys");
    assert_eq!(grant.actions, ["kms:CreateGrant"]);
    assert_eq!(resources(grant), [arn(3)]);
    assert_eq!(grant.conditions[0].key, "kms:GrantIsForAWSResource");
    let config = sid(c, "CreateEndpointConfigServe");
    let pin: Vec<_> = config
        .conditions
        .iter()
        .map(|c| (c.operator.as_str(), c.key.as_str(), c.values[0].symbolic()))
        .collect();
    // The configuration serves the workload's own models only (Service
    // Authorization Reference, CreateEndpointConfig: sagemaker:ModelArn;
    // model ARN arn:${Partition}:sagemaker:${Region}:${Account}:model/${ModelName}).
    assert_eq!(
        pin,
        [
            ("ArnEquals", "sagemaker:VolumeKmsKeyArn", arn(3)),
            (
                "ArnLike",
                "sagemaker:ModelArn",
                "arn:${Partition}:sagemaker:*:${Account}:model/t-serve".to_string()
            ),
        ]
    );
    assert!(
        config
            .why
            .reason
            .contains("AWS has no condition key for asynchronous inference"),
        "{}",
        config.why.reason
    );
    // The model and the endpoint are not pinned to the endpoint
    // configuration's key.
    assert!(sid(c, "CreateModelServe").conditions.is_empty());
    assert!(sid(c, "CreateEndpointServe").conditions.is_empty());
}

#[test]
fn transform_jobs_run_under_their_models_role() {
    let m = load(&format!(
        "name_prefix = \"t\"\nworkload \"m\" {{\n api = \"CreateModel\"\n images = [\"{IMAGE}\"]\n}}\nworkload \"batch\" {{\n api = \"CreateTransformJob\"\n model = \"m\"\n inputs = [\"s3://in-bucket/x/\"]\n outputs = [\"s3://out-bucket/y/\"]\n}}\ncaller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:user/ci\"\n launches = [\"batch\"]\n}}\n"
    ));
    assert_eq!(m.roles.len(), 1, "a transform job has no role of its own");
    assert_eq!(m.roles[0].workloads, ["batch", "m"]);
    assert!(has_sid(&m.roles[0].policy, "WriteOutputData"));
    let c = &m.callers[0];
    assert!(
        c.attach_to_role.is_none(),
        "users get the policy exported, not attached"
    );
    assert!(!has_sid(&c.policy, "PassExecutionRoles"));
    let create = sid(&c.policy, "CreateTransformJobBatch");
    let model_arn = create
        .conditions
        .iter()
        .find(|c| c.key == "sagemaker:ModelArn")
        .unwrap();
    assert_eq!(
        model_arn.values[0].symbolic(),
        "arn:${Partition}:sagemaker:*:${Account}:model/t-m"
    );
}

#[test]
fn every_wildcard_resource_says_why() {
    for (name, spec) in crate::support::examples() {
        let text = std::fs::read_to_string(&spec).unwrap();
        let m = sagerole::load(&Source::new(spec.display().to_string(), text)).unwrap();
        let policies = m
            .roles
            .iter()
            .map(|r| &r.policy)
            .chain(m.callers.iter().map(|c| &c.policy));
        for p in policies {
            for s in &p.statements {
                let star = s.resources.iter().any(|r| r.symbolic() == "*");
                assert_eq!(star, s.why.wildcard.is_some(), "{name}: {}", s.sid);
                assert!(
                    !s.why.serves.is_empty() && !s.why.reason.is_empty(),
                    "{name}: {}",
                    s.sid
                );
            }
        }
    }
}

#[test]
fn a_pipeline_role_passes_exactly_its_steps_roles() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}{}workload \"flow\" {{\n api = \"CreatePipeline\"\n launches = [\"train\", \"prep\"]\n}}\n",
        training("train", ""),
        "workload \"prep\" {\n api = \"CreateProcessingJob\"\n images = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/prep:1\"]\n}\n"
    ));
    let flow = m.roles.iter().find(|r| r.key == "flow").unwrap();
    let pass = sid(&flow.policy, "PassExecutionRoles");
    assert_eq!(
        pass.resources,
        [Str::role_arn("/", "t-prep"), Str::role_arn("/", "t-train")]
    );
    // By default SageMaker Pipelines names the steps' jobs itself,
    // `pipelines-<execution id>-<step>-...` (SageMaker Developer Guide,
    // "Customize access management for Pipelines jobs").
    assert_eq!(
        resources(sid(&flow.policy, "CreateTrainingJobTrainPipelineNamed")),
        ["arn:${Partition}:sagemaker:*:${Account}:training-job/pipelines-*"]
    );
    assert_eq!(
        resources(sid(&flow.policy, "ManagePrepPipelineNamed")),
        ["arn:${Partition}:sagemaker:*:${Account}:processing-job/pipelines-*"]
    );
    assert!(!has_sid(&flow.policy, "CreateTrainingJobTrain"));
    // A pipeline runs no compute of its own: no logs, no metrics, no S3.
    assert!(!has_sid(&flow.policy, "PutMetrics") && !has_sid(&flow.policy, "CreateLogGroups"));
    let arn = flow
        .trust
        .conditions
        .iter()
        .find(|c| c.key == "aws:SourceArn")
        .unwrap();
    // Nothing in the spec launches the pipeline: its names are unknown.
    assert_eq!(
        arn.values[0].symbolic(),
        "arn:${Partition}:sagemaker:*:${Account}:pipeline/*"
    );
    // Its steps' jobs are named by the pipeline: their roles keep the kinds.
    let train = m.roles.iter().find(|r| r.key == "train").unwrap();
    assert_eq!(
        only_source_arns(&train.trust),
        ["arn:${Partition}:sagemaker:*:${Account}:training-job/*"]
    );
}

fn only_source_arns(t: &sagerole::model::Trust) -> Vec<String> {
    t.conditions
        .iter()
        .filter(|c| c.key == "aws:SourceArn")
        .flat_map(|c| c.values.iter().map(Str::symbolic))
        .collect()
}

/// The confused-deputy page lets a job role's trust name one job: a
/// workload whose every job the spec's callers create gets its own names;
/// `auto` keeps the account.
#[test]
fn default_trust_names_the_jobs_the_spec_names() {
    let caller = |w: &str| {
        format!("caller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"{w}\"]\n launches = [\"{w}\"]\n}}\n")
    };
    let m = load(&format!(
        "name_prefix = \"t\"\n{}{}",
        training("train", ""),
        caller("train")
    ));
    assert_eq!(
        only_source_arns(&m.roles[0].trust),
        [
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train",
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train-*"
        ]
    );
    assert!(m.roles[0].trust.warning.is_none());
    let m = load(&format!(
        "name_prefix = \"t\"\n{}{}role \"train\" {{\n workloads = [\"train\"]\n trust = \"auto\"\n}}\n",
        training("train", ""),
        caller("train")
    ));
    assert_eq!(m.roles[0].trust.mode, TrustMode::Auto);
    assert_eq!(
        only_source_arns(&m.roles[0].trust),
        ["arn:${Partition}:sagemaker:*:${Account}:*"]
    );
}

/// Names that would not fit the trust policy quota give way to the kind.
#[test]
fn trust_names_that_do_not_fit_the_quota_keep_the_kind() {
    let names: Vec<String> = (0..4).map(|i| format!("train-{i:02}")).collect();
    let mut spec = String::from(
        "name_prefix = \"t\"\nregions = [\"us-east-1\", \"eu-west-1\"]\nquotas { trust_policy_size = 700 }\n",
    );
    for n in &names {
        spec.push_str(&training(n, ""));
    }
    let list = names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    spec.push_str(&format!(
        "role \"r\" {{ workloads = [{list}] }}\ncaller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"r\"]\n launches = [{list}]\n}}\n"
    ));
    let m = load(&spec);
    let t = &m.roles.iter().find(|r| r.key == "r").unwrap().trust;
    assert_eq!(
        only_source_arns(t),
        [
            "arn:${Partition}:sagemaker:eu-west-1:${Account}:training-job/*",
            "arn:${Partition}:sagemaker:us-east-1:${Account}:training-job/*"
        ]
    );
    assert!(t.reason.contains("would not fit"), "{}", t.reason);
}

/// The steps of a pipeline that names its jobs itself log under those
/// names; with custom job prefixes, under the workloads' own names only.
/// A caller that launches the same workload keeps the workload's names.
#[test]
fn pipeline_step_names_reach_the_steps_log_streams_and_only_the_pipeline() {
    let spec = |naming: &str| {
        load(&format!(
            "name_prefix = \"t\"\n{}workload \"flow\" {{\n api = \"CreatePipeline\"\n launches = [\"train\"]\n{naming}}}\ncaller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"train\"]\n launches = [\"train\"]\n}}\n",
            training("train", "")
        ))
    };
    let service = spec("");
    let train = service.roles.iter().find(|r| r.key == "train").unwrap();
    assert_eq!(
        resources(sid(&train.policy, "WritePipelineStepLogStreams")),
        ["arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/TrainingJobs:log-stream:pipelines-*"]
    );
    assert!(sid(&train.policy, "WritePipelineStepLogStreams")
        .why
        .reason
        .contains("covers the step jobs of every pipeline"));
    let ci = &service.callers[0];
    assert_eq!(
        resources(sid(&ci.policy, "CreateTrainingJobTrain")),
        [
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train",
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train-*"
        ]
    );
    let custom = spec(" step_job_names = \"custom-prefix\"\n");
    let flow = custom.roles.iter().find(|r| r.key == "flow").unwrap();
    assert_eq!(
        resources(sid(&flow.policy, "CreateTrainingJobTrain")),
        [
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train",
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train-*"
        ]
    );
    assert!(!has_sid(
        &flow.policy,
        "CreateTrainingJobTrainPipelineNamed"
    ));
    let train = custom.roles.iter().find(|r| r.key == "train").unwrap();
    assert!(!has_sid(&train.policy, "WritePipelineStepLogStreams"));
    // Trust: the job kind while the pipeline names the jobs itself, the
    // workload's own names once every launcher uses them.
    let source_arn = |m: &Model| -> Vec<String> {
        let train = m.roles.iter().find(|r| r.key == "train").unwrap();
        train
            .trust
            .conditions
            .iter()
            .find(|c| c.key == "aws:SourceArn")
            .unwrap()
            .values
            .iter()
            .map(Str::symbolic)
            .collect()
    };
    assert_eq!(
        source_arn(&service),
        ["arn:${Partition}:sagemaker:*:${Account}:training-job/*"]
    );
    assert_eq!(
        source_arn(&custom),
        [
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train",
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train-*"
        ]
    );
}

/// What a pipeline's steps call besides jobs: its JsonGet reads the
/// property files, its Lambda steps invoke exact functions, its callback
/// steps send to exact queues; a ConditionStep needs nothing.
#[test]
fn a_pipeline_reads_property_files_and_calls_exactly_its_functions_and_queues() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}workload \"flow\" {{\n api = \"CreatePipeline\"\n launches = [\"train\"]\n steps = [\"TrainingStep\", \"ConditionStep\", \"LambdaStep\", \"CallbackStep\"]\n property_files = [\"s3://t-eval/reports/\"]\n lambdas = [\"arn:aws:lambda:us-east-1:111122223333:function:t-notify\"]\n callback_queues = [\"arn:aws:sqs:us-east-1:111122223333:t-approvals\"]\n}}\n",
        training("train", "")
    ));
    let flow = m.roles.iter().find(|r| r.key == "flow").unwrap();
    let read = sid(&flow.policy, "ReadPropertyFiles");
    assert_eq!(read.actions, ["s3:GetObject"]);
    assert_eq!(resources(read), ["arn:${Partition}:s3:::t-eval/reports/*"]);
    assert_eq!(
        resources(sid(&flow.policy, "InvokeLambdaSteps")),
        ["arn:${Partition}:lambda:us-east-1:111122223333:function:t-notify"]
    );
    let send = sid(&flow.policy, "SendCallbackMessages");
    assert_eq!(send.actions, ["sqs:SendMessage"]);
    assert_eq!(
        resources(send),
        ["arn:${Partition}:sqs:us-east-1:111122223333:t-approvals"]
    );
    assert!(!has_sid(&flow.policy, "InvokeAnnotationFunctions"));
}

/// A ModelStep creates a model (SageMaker Python SDK v2.257.6,
/// workflow/model_step.py: model.create() is a CreateModel step), and a
/// TransformStep runs the model such a step made: the pipeline may create
/// and describe models, never endpoint configurations or endpoints, and its
/// transform jobs may name its own models.
#[test]
fn a_pipeline_model_step_creates_models_and_no_endpoints() {
    let m = load(&format!(
        "name_prefix = \"t\"\nworkload \"serve\" {{\n api = \"CreateModel\"\n images = [\"{IMAGE}\"]\n}}\nworkload \"score\" {{\n api = \"CreateTransformJob\"\n model = \"serve\"\n inputs = [\"s3://t-in/\"]\n outputs = [\"s3://t-out/\"]\n}}\nworkload \"flow\" {{\n api = \"CreatePipeline\"\n launches = [\"serve\", \"score\"]\n steps = [\"ModelStep\", \"TransformStep\"]\n}}\n"
    ));
    let flow = m.roles.iter().find(|r| r.key == "flow").unwrap();
    let actions: Vec<&str> = flow
        .policy
        .statements
        .iter()
        .flat_map(|s| s.actions.iter().map(String::as_str))
        .filter(|a| a.starts_with("sagemaker:"))
        .collect();
    assert!(actions.contains(&"sagemaker:CreateModel"), "{actions:?}");
    assert!(actions.contains(&"sagemaker:DescribeModel"), "{actions:?}");
    for a in [
        "sagemaker:CreateEndpoint",
        "sagemaker:CreateEndpointConfig",
        "sagemaker:DescribeEndpoint",
    ] {
        assert!(!actions.contains(&a), "{a}: {actions:?}");
    }
    let transform = sid(&flow.policy, "CreateTransformJobScorePipelineNamed");
    let (_, key, models) = &conditions(transform)[0];
    assert_eq!(key, "sagemaker:ModelArn");
    assert!(
        models.contains(&"arn:${Partition}:sagemaker:*:${Account}:model/pipelines-*".to_string()),
        "{models:?}"
    );
}

/// A RegisterModel step registers a version in its model package group,
/// and may create the group first (SageMaker Python SDK v2.257.6,
/// workflow/step_collections.py RegisterModel and _utils.py
/// _RegisterModelStep: a CreateModelPackage request; SageMaker Developer
/// Guide, "Register a Model Version"): unlike a job step, which makes only
/// its own API's call, the pipeline makes every registration call, on the
/// group the spec names and its versions (`model-package/<group>/...`),
/// registering pending approval only.
#[test]
fn a_pipeline_register_model_step_creates_the_group_and_registers_versions_in_it() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}workload \"models\" {{\n api = \"CreateModelPackageGroup\"\n}}\nworkload \"flow\" {{\n api = \"CreatePipeline\"\n launches = [\"train\", \"models\"]\n steps = [\"TrainingStep\", \"RegisterModel\"]\n}}\n",
        training("train", "")
    ));
    let flow = m.roles.iter().find(|r| r.key == "flow").unwrap();
    // The one statement that grants the action, and whether it reaches
    // the resource.
    let granting = |action: &str, resource: &str| -> &Statement {
        let all: Vec<&Statement> = flow
            .policy
            .statements
            .iter()
            .filter(|s| s.actions.iter().any(|a| a == action))
            .map(|s| s.as_ref())
            .collect();
        assert_eq!(all.len(), 1, "{action}: {:?}", sids(&flow.policy));
        let arn = format!("arn:${{Partition}}:sagemaker:*:${{Account}}:{resource}");
        assert!(
            resources(all[0]).contains(&arn),
            "{arn}: {:?}",
            resources(all[0])
        );
        all[0]
    };
    let register = granting("sagemaker:CreateModelPackage", "model-package/t-models/*");
    let pins: Vec<_> = conditions(register)
        .into_iter()
        .map(|(_, key, values)| (key, values))
        .collect();
    assert_eq!(
        pins,
        [(
            "sagemaker:ModelApprovalStatus".to_string(),
            vec!["PendingManualApproval".to_string()]
        )]
    );
    granting(
        "sagemaker:CreateModelPackageGroup",
        "model-package-group/t-models",
    );
    granting("sagemaker:DescribeModelPackage", "model-package/t-models/*");
    granting(
        "sagemaker:DescribeModelPackageGroup",
        "model-package-group/t-models",
    );
}

#[test]
fn a_notebook_that_shares_its_role_with_what_it_launches_passes_only_itself() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}workload \"lab\" {{\n api = \"CreateNotebookInstance\"\n inputs = [\"s3://lab-data/\"]\n launches = [\"train\"]\n}}\nrole \"ds\" {{ workloads = [\"lab\", \"train\"] }}\n",
        training("train", "")
    ));
    let ds = &m.roles[0];
    assert_eq!(
        sid(&ds.policy, "PassExecutionRoles").resources,
        [Str::role_arn("/", "t-ds")]
    );
    assert!(ds
        .policy
        .statements
        .iter()
        .all(|s| s.actions.iter().all(|a| a != "sagemaker:*")));
    assert_eq!(
        resources(sid(&ds.policy, "CreateTrainingJobTrain")),
        [
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train",
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train-*"
        ]
    );
    // Notebooks are not on the confused-deputy list: aws:SourceAccount only.
    let keys: Vec<_> = ds.trust.conditions.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["aws:SourceAccount"]);
}

#[test]
fn endpoint_guardrails_and_async_inference_get_exactly_their_resources() {
    let m = load(&format!(
        "name_prefix = \"t\"\nworkload \"serve\" {{\n api = \"CreateModel\"\n images = [\"{IMAGE}\"]\n rollback_alarms = [\"serve-5xx\", \"serve-latency\"]\n async {{\n  inputs = [\"s3://async-in/requests/\"]\n  output = [\"s3://async-out/results/\"]\n  failure = [\"s3://async-out/failures/\"]\n  topics = [\"arn:aws:sns:us-east-1:111122223333:serve-done\"]\n }}\n}}\n"
    ));
    let p = &m.roles[0].policy;
    assert_eq!(
        resources(sid(p, "DescribeRollbackAlarms")),
        [
            "arn:${Partition}:cloudwatch:*:${Account}:alarm:serve-5xx",
            "arn:${Partition}:cloudwatch:*:${Account}:alarm:serve-latency"
        ]
    );
    assert_eq!(
        resources(sid(p, "ReadAsyncRequests")),
        ["arn:${Partition}:s3:::async-in/requests/*"]
    );
    assert_eq!(
        resources(sid(p, "WriteAsyncResults")),
        [
            "arn:${Partition}:s3:::async-out/failures/*",
            "arn:${Partition}:s3:::async-out/results/*"
        ]
    );
    assert_eq!(
        resources(sid(p, "PublishAsyncNotifications")),
        ["arn:${Partition}:sns:us-east-1:111122223333:serve-done"]
    );
    assert!(
        sagerole::lint::lint(&m).is_empty(),
        "{:?}",
        sagerole::lint::lint(&m)
    );
}

#[test]
fn automl_passes_only_itself_and_deploys_only_models_and_endpoints() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"auto\" {\n api = \"CreateAutoMLJobV2\"\n inputs = [\"s3://automl-in/churn/\"]\n outputs = [\"s3://automl-out/churn/\"]\n}\n",
    );
    let p = &m.roles[0].policy;
    let pass = sid(p, "PassOwnRole");
    assert_eq!(
        resources(pass),
        ["arn:${Partition}:iam::${Account}:role/t-auto"]
    );
    assert_eq!(pass.conditions[0].key, "iam:PassedToService");
    let endpoints = sid(p, "ServiceCreatedEndpoint");
    assert!(endpoints
        .actions
        .contains(&"sagemaker:InvokeEndpoint".to_string()));
    assert_eq!(
        resources(endpoints),
        ["arn:${Partition}:sagemaker:*:${Account}:endpoint/*"]
    );
    assert!(p
        .statements
        .iter()
        .all(|s| s.resources.iter().all(|r| r.symbolic() != "*") || s.why.wildcard.is_some()));
    // The groups of its candidates' job kinds (AutoMLCandidateStep,
    // CandidateStepType) and of a one-click deployment's endpoint, never
    // every group of SageMaker's (issue 14).
    assert_eq!(
        resources(sid(p, "WriteLogStreams")),
        [
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/Endpoints/*:log-stream:*",
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/ProcessingJobs:log-stream:*",
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/TrainingJobs:log-stream:*",
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/TransformJobs:log-stream:*",
        ]
    );
    assert!(!has_sid(p, "PullImages"), "AutoML uses AWS's containers");
    assert!(sagerole::lint::lint(&m).is_empty());
}

#[test]
fn compilation_jobs_read_their_model_archive_and_narrow_trust_under_strict() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"neo\" {\n api = \"CreateCompilationJob\"\n inputs = [\"s3://models-in/model.tar.gz\"]\n outputs = [\"s3://models-out/compiled/\"]\n}\nrole \"r\" {\n workloads = [\"neo\"]\n trust = \"strict\"\n}\n",
    );
    let arn = m.roles[0]
        .trust
        .conditions
        .iter()
        .find(|c| c.key == "aws:SourceArn")
        .unwrap();
    assert_eq!(
        arn.values[0].symbolic(),
        "arn:${Partition}:sagemaker:*:${Account}:compilation-job/*"
    );
    assert_eq!(
        resources(sid(&m.roles[0].policy, "WriteLogStreams")),
        [
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/CompilationJobs:log-stream:t-neo",
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/CompilationJobs:log-stream:t-neo-*",
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/CompilationJobs:log-stream:t-neo/*"
        ]
    );
    // The input is one archive: read exactly it, list nothing.
    let p = &m.roles[0].policy;
    assert_eq!(
        resources(sid(p, "ReadInputData")),
        ["arn:${Partition}:s3:::models-in/model.tar.gz"]
    );
    assert!(!p
        .statements
        .iter()
        .any(|s| s.actions.contains(&"s3:ListBucket".to_string())));
}

#[test]
fn full_access_mode_attaches_the_managed_policy_with_a_warning_and_s3_on_named_buckets() {
    let text = format!(
        "name_prefix = \"t\"\n{}role \"r\" {{\n workloads = [\"train\"]\n permissions = \"full-access\"\n full_access_buckets = [\"legacy-data\"]\n}}\n",
        training("train", "")
    );
    let loaded = sagerole::load_as(
        &Source::new("t.hcl", text.as_str()),
        sagerole::spec::Syntax::Hcl,
    )
    .unwrap();
    let m = loaded.model;
    let r = &m.roles[0];
    assert_eq!(
        r.aws_managed
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["AmazonSageMakerFullAccess"]
    );
    let sids: Vec<&str> = r.policy.statements.iter().map(|s| s.sid.as_str()).collect();
    assert_eq!(
        sids,
        [
            "FullAccessS3Objects",
            "FullAccessS3Buckets",
            "FullAccessListBuckets"
        ]
    );
    assert_eq!(
        resources(sid(&r.policy, "FullAccessS3Buckets")),
        ["arn:${Partition}:s3:::legacy-data"]
    );
    assert_eq!(
        resources(sid(&r.policy, "FullAccessS3Objects")),
        ["arn:${Partition}:s3:::legacy-data/*"]
    );
    // Broad access the spec asked for: a warning at `permissions`, not a
    // lint finding (those are bugs in sagerole).
    assert!(sagerole::lint::lint(&m).is_empty());
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    let w = &loaded.warnings[0];
    assert_eq!(w.kind, sagerole::diagnostic::Kind::AwsManagedPolicy);
    assert_eq!(w.path, "role \"r\".permissions");
    assert!(w.message.contains("sagemaker:*"));
    assert_eq!(
        &text[w.span.unwrap().start..w.span.unwrap().end],
        "\"full-access\""
    );
    let files = sagerole::emit::emit(&m, &sagerole::emit::Settings::new("../t.hcl")).unwrap();
    assert!(files["terraform/roles.tf"].contains("iam::aws:policy/AmazonSageMakerFullAccess"));
    assert!(files["cloudformation/template.json"].contains("\"ManagedPolicyArns\""));
}

#[test]
fn scoped_remains_the_default() {
    let m = load(&format!("name_prefix = \"t\"\n{}", training("train", "")));
    assert!(m.roles[0].aws_managed.is_empty());
    assert!(sagerole::lint::lint(&m).is_empty());
}

#[test]
fn images_read_only_their_base_images_and_narrow_to_image_versions() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"img\" {\n api = \"CreateImage\"\n images = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/studio/base:1\"]\n}\nrole \"r\" {\n workloads = [\"img\"]\n trust = \"strict\"\n}\n",
    );
    let p = &m.roles[0].policy;
    let read = sid(p, "ReadBaseImages");
    assert_eq!(
        read.actions,
        ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    );
    assert_eq!(
        resources(read),
        ["arn:${Partition}:ecr:us-east-1:111122223333:repository/studio/base"]
    );
    assert!(
        !has_sid(p, "PullImages")
            && !has_sid(p, "GetEcrAuthorizationToken")
            && !has_sid(p, "PutMetrics")
    );
    let arn = m.roles[0]
        .trust
        .conditions
        .iter()
        .find(|c| c.key == "aws:SourceArn")
        .unwrap();
    assert_eq!(
        arn.values[0].symbolic(),
        "arn:${Partition}:sagemaker:*:${Account}:image-version/*"
    );
}

#[test]
fn render_ui_template_is_granted_on_star_with_its_reason_and_nothing_else() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"preview\" {\n api = \"RenderUiTemplate\"\n inputs = [\"s3://labeling-ui/samples/\"]\n}\ncaller \"ui\" {\n principal = \"arn:aws:iam::111122223333:role/ui\"\n passes = [\"preview\"]\n launches = [\"preview\"]\n}\n",
    );
    let c = &m.callers[0].policy;
    let render = sid(c, "RenderUiTemplatePreview");
    assert_eq!(resources(render), ["*"]);
    assert!(render.why.wildcard.is_some());
    assert!(
        !has_sid(c, "TagOnCreate"),
        "nothing is created, so nothing is tagged"
    );
    assert!(sagerole::lint::lint(&m).is_empty());
}

#[test]
fn monitoring_and_review_workflows_keep_source_account_trust() {
    let m = load(&format!(
        "name_prefix = \"t\"\nworkload \"watch\" {{\n api = \"CreateMonitoringSchedule\"\n inputs = [\"s3://capture/endpoint/\"]\n outputs = [\"s3://reports/monitor/\"]\n images = [\"{IMAGE}\"]\n}}\nworkload \"review\" {{\n api = \"CreateFlowDefinition\"\n inputs = [\"s3://review-in/docs/\"]\n outputs = [\"s3://review-out/\"]\n}}\n"
    ));
    for r in &m.roles {
        let keys: Vec<_> = r.trust.conditions.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["aws:SourceAccount"], "{}", r.key);
    }
    let watch = m.roles.iter().find(|r| r.key == "watch").unwrap();
    assert_eq!(
        resources(sid(&watch.policy, "WriteLogStreams")),
        ["arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/ProcessingJobs:log-stream:*"]
    );
    assert!(sagerole::lint::lint(&m).is_empty());
}

#[test]
fn feature_groups_write_their_offline_store_and_catalog_it_in_one_glue_database() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"customers\" {\n api = \"CreateFeatureGroup\"\n outputs = [\"s3://feature-store/offline/\"]\n}\n",
    );
    let p = &m.roles[0].policy;
    assert_eq!(
        resources(sid(p, "WriteOutputData")),
        ["arn:${Partition}:s3:::feature-store/offline/*"]
    );
    assert_eq!(
        resources(sid(p, "FeatureStoreGlueTables")),
        [
            "arn:${Partition}:glue:*:${Account}:catalog",
            "arn:${Partition}:glue:*:${Account}:database/sagemaker_featurestore",
            "arn:${Partition}:glue:*:${Account}:table/sagemaker_featurestore/*"
        ]
    );
    assert!(!has_sid(p, "PutMetrics") && !has_sid(p, "CreateLogGroups"));
    assert!(
        sagerole::lint::lint(&m).is_empty(),
        "{:?}",
        sagerole::lint::lint(&m)
    );
}

#[test]
fn labeling_jobs_invoke_exactly_their_annotation_functions() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"label\" {\n api = \"CreateLabelingJob\"\n inputs = [\"s3://gt-in/manifests/\", \"s3://gt-in/images/\"]\n outputs = [\"s3://gt-out/labels/\"]\n lambdas = [\"arn:aws:lambda:us-east-1:111122223333:function:gt-pre\", \"arn:aws:lambda:us-east-1:111122223333:function:gt-post\"]\n}\n",
    );
    let p = &m.roles[0].policy;
    assert_eq!(
        resources(sid(p, "InvokeAnnotationFunctions")),
        [
            "arn:${Partition}:lambda:us-east-1:111122223333:function:gt-post",
            "arn:${Partition}:lambda:us-east-1:111122223333:function:gt-pre"
        ]
    );
    assert!(
        sagerole::lint::lint(&m).is_empty(),
        "{:?}",
        sagerole::lint::lint(&m)
    );
}

#[test]
fn studio_identities_inherit_or_override_the_domain_role() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"studio\" {\n api = \"CreateDomain\"\n outputs = [\"s3://studio-out/shared/\"]\n kms {\n  volume = \"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"\n }\n}\nworkload \"ana\" {\n api = \"CreateUserProfile\"\n domain = \"studio\"\n}\nworkload \"lin\" {\n api = \"CreateUserProfile\"\n domain = \"studio\"\n inputs = [\"s3://raw-events/\"]\n}\nworkload \"shared\" {\n api = \"CreateSpace\"\n domain = \"studio\"\n owner = \"lin\"\n sharing = \"shared\"\n}\nworkload \"lins\" {\n api = \"CreateSpace\"\n domain = \"studio\"\n owner = \"lin\"\n}\nrole \"default\" { workloads = [\"studio\", \"ana\"] }\n",
    );
    use sagerole::model::StudioKind::*;
    let d = &m.studio[0];
    assert_eq!(d.role, "default");
    let kinds: Vec<(&str, _, &str)> = d
        .identities
        .iter()
        .map(|i| (i.name.as_str(), i.kind, i.role.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("ana", ProfileInheriting, "default"),
            ("lin", ProfileWithOwnRole, "lin"),
            ("lins", PrivateSpace, "lin"),
            ("shared", SharedSpace, "default")
        ]
    );
    // Spaces take no role of their own; Studio trust stays account-wide.
    assert_eq!(
        m.roles.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
        ["default", "lin"]
    );
    let default = &m.roles[0];
    // The domain's key, for Studio apps (execution-roles page, "CreateDomain
    // and CreateUserProfile: KMS key"): kms:CreateGrant and kms:DescribeKey on
    // that key alone. A profile that names no key adds none.
    let keys = sid(&default.policy, "UseDomainKeys");
    assert_eq!(keys.actions, ["kms:CreateGrant", "kms:DescribeKey"]);
    assert_eq!(
        resources(keys),
        ["arn:${Partition}:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    );
    assert!(!has_sid(&default.policy, "GrantVolumeKeys"));
    for r in &m.roles {
        for s in &r.policy.statements {
            assert!(
                !s.resources.is_empty(),
                "{} {} names no resource",
                r.key,
                s.sid
            );
        }
    }
    let arn = default
        .trust
        .conditions
        .iter()
        .find(|c| c.key == "aws:SourceArn")
        .unwrap();
    assert_eq!(
        arn.values[0].symbolic(),
        "arn:${Partition}:sagemaker:*:${Account}:*"
    );
    assert!(
        sagerole::lint::lint(&m).is_empty(),
        "{:?}",
        sagerole::lint::lint(&m)
    );
}

#[test]
fn every_role_in_a_domain_with_a_key_gets_the_domain_keys_grant_and_no_other() {
    // The execution-roles page, "CreateDomain and CreateUserProfile": with a
    // customer managed key, the user/execution role needs kms:CreateGrant
    // and kms:DescribeKey on it. Lin's own role runs her profile and her
    // private space; Max's domain has no key.
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let m = load(&format!(
        "name_prefix = \"t\"\nworkload \"studio\" {{\n api = \"CreateDomain\"\n kms {{\n  volume = \"{key}\"\n }}\n}}\nworkload \"ana\" {{\n api = \"CreateUserProfile\"\n domain = \"studio\"\n}}\nworkload \"lin\" {{\n api = \"CreateUserProfile\"\n domain = \"studio\"\n}}\nworkload \"lins\" {{\n api = \"CreateSpace\"\n domain = \"studio\"\n owner = \"lin\"\n}}\nworkload \"sandbox\" {{\n api = \"CreateDomain\"\n}}\nworkload \"max\" {{\n api = \"CreateUserProfile\"\n domain = \"sandbox\"\n}}\nrole \"default\" {{ workloads = [\"studio\", \"ana\"] }}\n"
    ));
    let role = |key: &str| &m.roles.iter().find(|r| r.key == key).unwrap().policy;
    let domain = sid(role("default"), "UseDomainKeys");
    let lin = sid(role("lin"), "UseDomainKeys");
    // The same grant as the domain's role: actions, key, no conditions.
    assert_eq!(lin.actions, ["kms:CreateGrant", "kms:DescribeKey"]);
    assert_eq!(
        (&lin.actions, resources(lin), &lin.conditions),
        (&domain.actions, resources(domain), &domain.conditions)
    );
    assert_eq!(
        resources(lin),
        ["arn:${Partition}:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    );
    assert_eq!(texts(&lin.why.serves), ["lin", "lins"]);
    for quiet in ["max", "sandbox"] {
        assert!(
            !role(quiet)
                .statements
                .iter()
                .any(|s| s.actions.iter().any(|a| a.starts_with("kms:"))),
            "{quiet}"
        );
    }
}

#[test]
fn apps_run_under_their_space_or_profile_and_are_scoped_to_its_name_and_types() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"studio\" {\n api = \"CreateDomain\"\n launches = [\"lab\"]\n}\nworkload \"lin\" {\n api = \"CreateUserProfile\"\n domain = \"studio\"\n}\nworkload \"team\" {\n api = \"CreateSpace\"\n domain = \"studio\"\n owner = \"lin\"\n sharing = \"shared\"\n}\nworkload \"private\" {\n api = \"CreateSpace\"\n domain = \"studio\"\n owner = \"lin\"\n}\nworkload \"lab\" {\n api = \"CreateApp\"\n domain = \"studio\"\n space = \"team\"\n app_types = [\"JupyterLab\", \"CodeEditor\"]\n}\nworkload \"linlab\" {\n api = \"CreateApp\"\n domain = \"studio\"\n space = \"private\"\n}\nworkload \"classic\" {\n api = \"CreateApp\"\n domain = \"studio\"\n owner = \"lin\"\n}\ncaller \"ci\" {\n principal = \"arn:aws:iam::111122223333:role/ci\"\n launches = [\"classic\", \"lab\", \"linlab\", \"private\", \"team\"]\n}\n",
    );
    // Apps are no Studio identities and take no role: a shared space's app
    // runs under the domain's role, a private space's under its owner's.
    let names: Vec<&str> = m.studio[0]
        .identities
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(names, ["lin", "private", "team"]);
    let role = |key: &str| m.roles.iter().find(|r| r.key == key).unwrap();
    assert_eq!(role("studio").workloads, ["lab", "studio", "team"]);
    assert_eq!(
        role("lin").workloads,
        ["classic", "lin", "linlab", "private"]
    );
    // The app ARN holds the space's or profile's name (exactly: a space
    // t-team-x is another's), then the app type, spelled as the API spells
    // it or in lower case (AWS's pages disagree).
    let studio = &role("studio").policy;
    assert_eq!(
        resources(sid(studio, "CreateAppLab")),
        [
            "arn:${Partition}:sagemaker:*:${Account}:app/*/t-team/CodeEditor/*",
            "arn:${Partition}:sagemaker:*:${Account}:app/*/t-team/JupyterLab/*",
            "arn:${Partition}:sagemaker:*:${Account}:app/*/t-team/codeeditor/*",
            "arn:${Partition}:sagemaker:*:${Account}:app/*/t-team/jupyterlab/*"
        ]
    );
    // DeleteApp is pinned with CreateApp (same page, same keys in the
    // Service Authorization Reference): it shares its statement.
    assert_eq!(
        sid(studio, "CreateAppLab").actions,
        ["sagemaker:CreateApp", "sagemaker:DeleteApp"]
    );
    assert_eq!(sid(studio, "ManageLab").actions, ["sagemaker:DescribeApp"]);
    // No PassRole: CreateApp passes no role (Service Authorization Reference).
    let ci = &m.callers[0].policy;
    assert!(!ci
        .statements
        .iter()
        .any(|s| s.actions.iter().any(|a| a == "iam:PassRole")));
    assert_eq!(
        resources(sid(ci, "CreateAppClassic")),
        ["arn:${Partition}:sagemaker:*:${Account}:app/*/t-lin/*/*"]
    );
    // SageMaker Developer Guide, "Give your users access to spaces": an app
    // of a private space carries its space's owner and SpaceSharingType
    // Private; its policy allows every other app (of a shared space, or a
    // Studio Classic app) only with OwnerUserProfileArn Null.
    let lin_arns =
        || vec!["arn:${Partition}:sagemaker:*:${Account}:user-profile/*/t-lin".to_string()];
    let shared_app = [(
        "Null".to_string(),
        "sagemaker:OwnerUserProfileArn".to_string(),
        vec!["true".to_string()],
    )];
    assert_eq!(conditions(sid(studio, "CreateAppLab")), shared_app);
    assert_eq!(conditions(sid(ci, "CreateAppLab")), shared_app);
    assert_eq!(
        conditions(sid(ci, "CreateAppLinlab")),
        [
            (
                "ArnLike".to_string(),
                "sagemaker:OwnerUserProfileArn".to_string(),
                lin_arns()
            ),
            (
                "StringEquals".to_string(),
                "sagemaker:SpaceSharingType".to_string(),
                vec!["Private".to_string()]
            )
        ]
    );
    assert_eq!(conditions(sid(ci, "CreateAppClassic")), shared_app);
    for app in ["CreateAppLab", "CreateAppLinlab", "CreateAppClassic"] {
        assert_eq!(
            sid(ci, app).actions,
            ["sagemaker:CreateApp", "sagemaker:DeleteApp"],
            "{app}"
        );
    }
    // Every space has an owner, pinned whatever its sharing type: a shared
    // space's owner gets nothing from it, but the caller may not make
    // another profile its owner either.
    for (space, sharing) in [
        ("CreateSpaceTeam", "Shared"),
        ("CreateSpacePrivate", "Private"),
    ] {
        assert_eq!(
            conditions(sid(ci, space)),
            [
                (
                    "ArnLike".to_string(),
                    "sagemaker:OwnerUserProfileArn".to_string(),
                    lin_arns()
                ),
                (
                    "StringEquals".to_string(),
                    "sagemaker:SpaceSharingType".to_string(),
                    vec![sharing.to_string()]
                )
            ],
            "{space}"
        );
    }
    assert!(
        sagerole::lint::lint(&m).is_empty(),
        "{:?}",
        sagerole::lint::lint(&m)
    );
}

#[test]
fn callers_may_send_tasks_only_to_the_declared_work_team_and_stores_only_to_the_declared_prefix() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"label\" {\n api = \"CreateLabelingJob\"\n inputs = [\"s3://gt-in/manifests/\"]\n outputs = [\"s3://gt-out/labels/\"]\n workteam = \"arn:aws:sagemaker:us-east-1:111122223333:workteam/private-crowd/labelers\"\n}\nworkload \"fg\" {\n api = \"CreateFeatureGroup\"\n outputs = [\"s3://fs-store/offline/\"]\n}\ncaller \"ci\" {\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"label\", \"fg\"]\n launches = [\"label\", \"fg\"]\n}\n",
    );
    let ci = &m.callers[0].policy;
    let pins = |s: &str| conditions(sid(ci, s));
    assert_eq!(
        pins("CreateLabelingJobLabel"),
        [(
            "ArnEquals".to_string(),
            "sagemaker:WorkteamArn".to_string(),
            vec![
                "arn:${Partition}:sagemaker:us-east-1:111122223333:workteam/private-crowd/labelers"
                    .to_string()
            ]
        )]
    );
    // No KMS key declared: the offline store's location is pinned alone.
    assert_eq!(
        pins("CreateFeatureGroupFg"),
        [(
            "StringLike".to_string(),
            "sagemaker:FeatureGroupOfflineStoreS3Uri".to_string(),
            vec![
                "s3://fs-store/offline".to_string(),
                "s3://fs-store/offline/*".to_string()
            ]
        )]
    );
    assert!(
        sagerole::lint::lint(&m).is_empty(),
        "{:?}",
        sagerole::lint::lint(&m)
    );
}

#[test]
fn streaming_labeling_subscribes_only_ground_truth_queues_and_automated_labeling_passes_only_itself(
) {
    let m = load(
        "name_prefix = \"t\"\nworkload \"live\" {\n api = \"CreateLabelingJob\"\n inputs = [\"s3://gt-in/pages/\"]\n outputs = [\"s3://gt-out/live/\"]\n streaming {\n  input_topic = \"arn:aws:sns:us-east-1:111122223333:tasks\"\n }\n}\nworkload \"auto\" {\n api = \"CreateLabelingJob\"\n inputs = [\"s3://gt-in/manifests/\"]\n outputs = [\"s3://gt-out/auto/\"]\n automated_labeling = true\n}\n",
    );
    let role = |key: &str| &m.roles.iter().find(|r| r.key == key).unwrap().policy;
    let live = role("live");
    let sub = sid(live, "SubscribeStreamingInput");
    assert_eq!(
        resources(sub),
        ["arn:${Partition}:sns:us-east-1:111122223333:tasks"]
    );
    let conds: Vec<(String, String, Vec<String>)> = sub
        .conditions
        .iter()
        .map(|c| {
            (
                c.operator.clone(),
                c.key.clone(),
                c.values.iter().map(|v| v.symbolic()).collect(),
            )
        })
        .collect();
    assert_eq!(
        conds,
        [
            (
                "StringEquals".to_string(),
                "sns:Protocol".to_string(),
                vec!["sqs".to_string()]
            ),
            (
                "StringLike".to_string(),
                "sns:Endpoint".to_string(),
                vec!["arn:${Partition}:sqs:*:${Account}:*GroundTruth*".to_string()]
            ),
        ]
    );
    // No output topic declared: nothing to publish to. Unsubscribe removes
    // the subscriptions to the input topic, its resource (Service
    // Authorization Reference, Amazon SNS, Unsubscribe: topic), and no other.
    assert!(!has_sid(live, "PublishStreamingOutput"));
    let unsubscribe = sid(live, "UnsubscribeStreamingQueues");
    assert_eq!(
        resources(unsubscribe),
        ["arn:${Partition}:sns:us-east-1:111122223333:tasks"]
    );
    assert!(unsubscribe.why.wildcard.is_none());
    assert!(!has_sid(live, "PassOwnRole"));
    // Automated labeling passes exactly its own role, to SageMaker only.
    let auto = role("auto");
    assert_eq!(
        resources(sid(auto, "PassOwnRole")),
        ["arn:${Partition}:iam::${Account}:role/t-auto"]
    );
    assert!(!has_sid(auto, "GroundTruthStreamingQueues"));
    assert!(
        sagerole::lint::lint(&m).is_empty(),
        "{:?}",
        sagerole::lint::lint(&m)
    );
}

#[test]
fn a_domain_grant_says_that_no_name_can_narrow_it() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"studio\" {\n api = \"CreateDomain\"\n}\nworkload \"ana\" {\n api = \"CreateUserProfile\"\n domain = \"studio\"\n}\nrole \"studio\" { workloads = [\"studio\", \"ana\"] }\ncaller \"ci\" {\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"studio\"]\n launches = [\"studio\", \"ana\"]\n}\ncaller \"profiles\" {\n principal = \"arn:aws:iam::111122223333:role/profiles\"\n launches = [\"ana\"]\n}\n",
    );
    let ci = &m.callers[0].policy;
    let create = sid(ci, "CreateDomainStudio");
    assert_eq!(
        resources(create),
        ["arn:${Partition}:sagemaker:*:${Account}:domain/*"]
    );
    assert!(
        create.why.reason.contains("no name can narrow it"),
        "{}",
        create.why.reason
    );
    assert!(sid(ci, "CreateUserProfileAna")
        .why
        .reason
        .contains("named t-ana "));
    // A profile that inherits the domain's role is created without a role:
    // its caller needs no PassRole.
    let profiles = &m.callers[1].policy;
    assert!(!profiles
        .statements
        .iter()
        .any(|s| s.actions.iter().any(|a| a == "iam:PassRole")));
    assert!(has_sid(profiles, "CreateUserProfileAna"));
}

#[test]
fn services_that_read_back_their_outputs_may_list_and_read_them() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"auto\" {\n api = \"CreateAutoMLJobV2\"\n inputs = [\"s3://in-data/tab/\"]\n outputs = [\"s3://out-data/auto/\"]\n}\nworkload \"fg\" {\n api = \"CreateFeatureGroup\"\n outputs = [\"s3://fs-store/offline/\"]\n}\nworkload \"train\" {\n api = \"CreateTrainingJob\"\n outputs = [\"s3://out-data/train/\"]\n images = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1\"]\n}\n",
    );
    let role = |key: &str| &m.roles.iter().find(|r| r.key == key).unwrap().policy;
    let auto = role("auto");
    assert_eq!(
        resources(sid(auto, "ReadBackOutputs")),
        ["arn:${Partition}:s3:::out-data/auto/*"]
    );
    assert!(has_sid(auto, "ListInputsOutData"));
    let fg = role("fg");
    assert_eq!(
        resources(sid(fg, "OfflineStoreObjectAcl")),
        ["arn:${Partition}:s3:::fs-store/offline/*"]
    );
    assert_eq!(
        resources(sid(fg, "OfflineStoreBucketAcl")),
        ["arn:${Partition}:s3:::fs-store"]
    );
    // A training job only writes its outputs.
    let train = role("train");
    assert!(!has_sid(train, "ReadBackOutputs") && !has_sid(train, "ListInputsOutData"));
    assert!(
        sagerole::lint::lint(&m).is_empty(),
        "{:?}",
        sagerole::lint::lint(&m)
    );
}

/// A role serves every region of its account (IAM roles are global): with
/// `regions` listed, every ARN of a regional resource of the account names
/// each listed region, one ARN per region, and nothing else; ARNs the spec
/// writes out keep their own region.
#[test]
fn listed_regions_name_each_regional_arn_once_per_region() {
    let m = load(&format!(
        "name_prefix = \"t\"\nregions = [\"us-east-1\", \"eu-west-1\"]\n{}caller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"train\"]\n launches = [\"train\"]\n}}\n",
        training(
            "train",
            "kms {\n input = \"mrk-1234abcd12ab34cd56ef1234567890ab\"\n volume = \"arn:aws:kms:us-east-1:111122223333:key/2234abcd-12ab-34cd-56ef-1234567890ab\"\n}"
        )
    ));
    let role = &m.roles[0];
    let source_arns: Vec<String> = role.trust.conditions[0]
        .values
        .iter()
        .map(Str::symbolic)
        .collect();
    assert_eq!(
        source_arns,
        [
            "arn:${Partition}:sagemaker:eu-west-1:${Account}:training-job/t-train",
            "arn:${Partition}:sagemaker:eu-west-1:${Account}:training-job/t-train-*",
            "arn:${Partition}:sagemaker:us-east-1:${Account}:training-job/t-train",
            "arn:${Partition}:sagemaker:us-east-1:${Account}:training-job/t-train-*"
        ]
    );
    let p = &role.policy;
    assert_eq!(
        resources(sid(p, "CreateLogGroups")),
        [
            "arn:${Partition}:logs:eu-west-1:${Account}:log-group:/aws/sagemaker/TrainingJobs:*",
            "arn:${Partition}:logs:us-east-1:${Account}:log-group:/aws/sagemaker/TrainingJobs:*"
        ]
    );
    // A bare key id: that key (a multi-Region key's replica) in each region.
    assert_eq!(
        resources(sid(p, "DecryptInputs")),
        [
            "arn:${Partition}:kms:eu-west-1:${Account}:key/mrk-1234abcd12ab34cd56ef1234567890ab",
            "arn:${Partition}:kms:us-east-1:${Account}:key/mrk-1234abcd12ab34cd56ef1234567890ab"
        ]
    );
    // Written out: kept as written.
    assert_eq!(
        resources(sid(p, "GrantVolumeKeys")),
        ["arn:${Partition}:kms:us-east-1:111122223333:key/2234abcd-12ab-34cd-56ef-1234567890ab"]
    );
    assert_eq!(
        resources(sid(p, "PullImages")),
        ["arn:${Partition}:ecr:us-east-1:111122223333:repository/team/trainer"]
    );
    let c = &m.callers[0].policy;
    assert_eq!(
        resources(sid(c, "CreateTrainingJobTrain")),
        [
            "arn:${Partition}:sagemaker:eu-west-1:${Account}:training-job/t-train",
            "arn:${Partition}:sagemaker:eu-west-1:${Account}:training-job/t-train-*",
            "arn:${Partition}:sagemaker:us-east-1:${Account}:training-job/t-train",
            "arn:${Partition}:sagemaker:us-east-1:${Account}:training-job/t-train-*"
        ]
    );
    assert!(
        sagerole::lint::lint(&m).is_empty(),
        "{:?}",
        sagerole::lint::lint(&m)
    );
}

fn follow_sids(p: &Policy) -> Vec<&str> {
    p.statements
        .iter()
        .map(|s| s.sid.as_str())
        .filter(|s| s.starts_with("Follow"))
        .collect()
}

fn actions(s: &Statement) -> Vec<&str> {
    s.actions.iter().map(String::as_str).collect()
}

const SERVE: &str = "workload \"serve\" {\n api = \"CreateModel\"\n images = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/serve:1\"]\n async {\n  output = [\"s3://async-out/results/\"]\n }\n}\nworkload \"plain\" {\n api = \"CreateModel\"\n images = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/serve:1\"]\n}\n";

fn caller(key: &str, extra: &str) -> String {
    format!(
        "caller \"{key}\" {{\n principal = \"arn:aws:iam::111122223333:role/{key}\"\n passes = [\"train\", \"serve\", \"plain\"]\n launches = [\"train\", \"serve\", \"plain\"]\n {extra}\n}}\n"
    )
}

#[test]
fn callers_follow_logs_and_update_by_default_and_else_exactly_what_they_ask() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}{SERVE}{}{}{}",
        training("train", ""),
        caller("ci", ""),
        caller("ops", "follow = [\"invoke\", \"delete\"]"),
        caller("quiet", "follow = []"),
    ));
    let by_key = |k: &str| &m.callers.iter().find(|c| c.key == k).unwrap().policy;
    let ci = by_key("ci");
    assert_eq!(
        follow_sids(ci),
        [
            "FollowUpdatePlain",
            "FollowUpdateServe",
            "FollowDescribeLogStreams",
            "FollowFilterLogEvents",
            "FollowGetLogEvents",
        ]
    );
    assert_eq!(
        actions(sid(ci, "FollowUpdateServe")),
        ["sagemaker:UpdateEndpoint"]
    );
    assert_eq!(
        resources(sid(ci, "FollowUpdateServe")),
        [
            "arn:${Partition}:sagemaker:*:${Account}:endpoint-config/t-serve",
            "arn:${Partition}:sagemaker:*:${Account}:endpoint-config/t-serve-*",
            "arn:${Partition}:sagemaker:*:${Account}:endpoint/t-serve",
            "arn:${Partition}:sagemaker:*:${Account}:endpoint/t-serve-*",
        ]
    );
    // Streams are the launched jobs' and endpoints'; only an endpoint's own
    // group may be filtered, never the group training jobs share.
    assert_eq!(
        resources(sid(ci, "FollowGetLogEvents")),
        [
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/Endpoints/t-plain-*:log-stream:*",
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/Endpoints/t-plain:log-stream:*",
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/Endpoints/t-serve-*:log-stream:*",
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/Endpoints/t-serve:log-stream:*",
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/TrainingJobs:log-stream:t-train",
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/TrainingJobs:log-stream:t-train-*",
            "arn:${Partition}:logs:*:${Account}:log-group:/aws/sagemaker/TrainingJobs:log-stream:t-train/*",
        ]
    );
    assert!(!resources(sid(ci, "FollowFilterLogEvents"))
        .iter()
        .any(|r| r.contains("TrainingJobs")));
    let ops = by_key("ops");
    assert_eq!(
        follow_sids(ops),
        [
            "FollowDeletePlainEndpoint",
            "FollowDeletePlainEndpointConfig",
            "FollowDeletePlainModel",
            "FollowInvokePlain",
            "FollowDeleteServeEndpoint",
            "FollowDeleteServeEndpointConfig",
            "FollowDeleteServeModel",
            "FollowInvokeServe",
        ]
    );
    // Asynchronous requests only to the endpoint that serves them.
    assert_eq!(
        actions(sid(ops, "FollowInvokeServe")),
        ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointAsync"]
    );
    assert_eq!(
        actions(sid(ops, "FollowInvokePlain")),
        ["sagemaker:InvokeEndpoint"]
    );
    assert!(follow_sids(by_key("quiet")).is_empty());
    let follows: Vec<Vec<&str>> = m
        .callers
        .iter()
        .map(|c| c.follow.iter().map(|f| f.spec_name()).collect())
        .collect();
    assert_eq!(
        follows,
        [vec!["logs", "update"], vec!["delete", "invoke"], vec![]]
    );
}

#[test]
fn follow_and_kind_read_the_same_in_hcl_json_and_yaml() {
    let hcl = format!(
        "name_prefix = \"t\"\n{}caller \"sfn\" {{\n principal = \"arn:aws:iam::111122223333:role/sfn\"\n kind = \"step-functions\"\n passes = [\"train\"]\n launches = [\"train\"]\n follow = [\"logs\"]\n}}\n",
        training("train", "")
    );
    let json = r#"{"name_prefix": "t",
      "workload": {"train": {"api": "CreateTrainingJob", "outputs": ["s3://out-bucket/train/"],
        "images": ["111122223333.dkr.ecr.us-east-1.amazonaws.com/team/trainer:1"]}},
      "caller": {"sfn": {"principal": "arn:aws:iam::111122223333:role/sfn", "kind": "step-functions",
        "passes": ["train"], "launches": ["train"], "follow": ["logs"]}}}"#;
    let yaml = "name_prefix: t\nworkload:\n  train:\n    api: CreateTrainingJob\n    outputs: [s3://out-bucket/train/]\n    images: [111122223333.dkr.ecr.us-east-1.amazonaws.com/team/trainer:1]\ncaller:\n  sfn:\n    principal: arn:aws:iam::111122223333:role/sfn\n    kind: step-functions\n    passes: [train]\n    launches: [train]\n    follow: logs\n";
    let models: Vec<Model> = [("t.hcl", hcl.as_str()), ("t.json", json), ("t.yaml", yaml)]
        .into_iter()
        .map(|(name, text)| {
            sagerole::load(&Source::new(name, text)).unwrap_or_else(|d| panic!("{name}: {d:#?}"))
        })
        .collect();
    assert_eq!(models[0], models[1]);
    assert_eq!(models[0], models[2]);
    let c = &models[0].callers[0];
    assert_eq!(c.kind, sagerole::catalog::CallerKind::StepFunctions);
    assert_eq!(c.follow, [sagerole::catalog::Follow::Logs]);
}

#[test]
fn state_machines_keep_the_rules_of_the_job_kinds_they_launch_and_read_their_tags() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}{SERVE}{}{}",
        training("train", ""),
        caller("sfn", "kind = \"step-functions\""),
        caller("ci", ""),
    ));
    let by_key = |k: &str| &m.callers.iter().find(|c| c.key == k).unwrap().policy;
    let sfn = by_key("sfn");
    // A model has no .sync task: only the training job's rule.
    assert_eq!(
        resources(sid(sfn, "StepFunctionsSageMakerRules")),
        ["arn:${Partition}:events:*:${Account}:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule"]
    );
    assert_eq!(
        actions(sid(sfn, "StepFunctionsSageMakerRules")),
        ["events:DescribeRule", "events:PutRule", "events:PutTargets"]
    );
    let tags = resources(sid(sfn, "StepFunctionsListTags"));
    assert!(
        tags.contains(&"arn:${Partition}:sagemaker:*:${Account}:training-job/t-train".to_string())
            && tags.contains(
                &"arn:${Partition}:sagemaker:*:${Account}:training-job/t-train-*".to_string()
            )
    );
    assert!(
        tags.iter()
            .all(|t| !t.ends_with(":*") && !t.ends_with("/*")),
        "{tags:?}"
    );
    // A state machine reads no logs unless asked; it may update endpoints.
    assert_eq!(follow_sids(sfn), ["FollowUpdatePlain", "FollowUpdateServe"]);
    // Its policy reads as any caller's, what Step Functions itself needs
    // after the caller's own grants: the rules, then the tags.
    let order = sids(sfn);
    assert_eq!(order[0], "PassExecutionRoles", "{order:?}");
    assert_eq!(
        order[order.len() - 2..],
        ["StepFunctionsSageMakerRules", "StepFunctionsListTags"],
        "{order:?}"
    );
    let ci = by_key("ci");
    assert!(!ci
        .statements
        .iter()
        .any(|s| s.sid.starts_with("StepFunctions")));
}

#[test]
fn interactive_roles_find_themselves_and_pipelines_follow_nothing_by_default() {
    let m = load(&format!(
        "name_prefix = \"t\"\nguardrails {{\n path = \"/ml/\"\n}}\n{}\
         workload \"lab\" {{\n api = \"CreateNotebookInstance\"\n launches = [\"train\"]\n}}\n\
         workload \"flow\" {{\n api = \"CreatePipeline\"\n launches = [\"train\"]\n}}\n\
         workload \"studio\" {{\n api = \"CreateDomain\"\n launches = [\"train\"]\n follow = [\"logs\"]\n}}\n\
         workload \"ana\" {{\n api = \"CreateUserProfile\"\n domain = \"studio\"\n}}\n\
         workload \"lin\" {{\n api = \"CreateUserProfile\"\n domain = \"studio\"\n}}\n\
         role \"studio\" {{ workloads = [\"studio\", \"ana\"] }}\n",
        training("train", "")
    ));
    let role = |k: &str| &m.roles.iter().find(|r| r.key == k).unwrap().policy;
    let lab = role("lab");
    assert_eq!(
        resources(sid(lab, "FindOwnNotebookInstance")),
        [
            // A notebook instance is named exactly (catalog::NAMED_EXACTLY).
            "arn:${Partition}:sagemaker:*:${Account}:notebook-instance/t-lab"
        ]
    );
    // The role's own ARN with its path: the SDK asks IAM for the path.
    assert_eq!(
        sid(lab, "ReadOwnRole").resources,
        [Str::role_arn("/ml/", "t-lab")]
    );
    assert_eq!(actions(sid(lab, "ReadOwnRole")), ["iam:GetRole"]);
    assert_eq!(
        follow_sids(lab),
        ["FollowDescribeLogStreams", "FollowGetLogEvents"]
    );
    // A pipeline execution finds nothing and follows nothing itself.
    let flow = role("flow");
    assert!(follow_sids(flow).is_empty());
    assert!(!has_sid(flow, "ReadOwnRole") && !has_sid(flow, "FindOwnPipeline"));
    assert_eq!(
        sid(flow, "ReadPassedRoles").resources,
        [Str::role_arn("/ml/", "t-train")]
    );
    // The domain's role: any domain (its ARN holds only an id), and the
    // team's profiles, which inherit it; Ana's own lookup is among them.
    let studio = role("studio");
    assert_eq!(
        resources(sid(studio, "FindOwnDomain")),
        ["arn:${Partition}:sagemaker:*:${Account}:domain/*"]
    );
    assert_eq!(
        resources(sid(studio, "FindTeamUserProfile")),
        ["arn:${Partition}:sagemaker:*:${Account}:user-profile/*/t-*"]
    );
    assert!(!has_sid(studio, "FindOwnUserProfile"));
    assert_eq!(
        follow_sids(studio),
        ["FollowDescribeLogStreams", "FollowGetLogEvents"]
    );
    // Lin has a role of its own: her profile only, never the domain.
    let lin = role("lin");
    assert_eq!(
        resources(sid(lin, "FindOwnUserProfile")),
        ["arn:${Partition}:sagemaker:*:${Account}:user-profile/*/t-lin"]
    );
    assert!(!has_sid(lin, "FindOwnDomain"));
    assert_eq!(
        sid(lin, "ReadOwnRole").resources,
        [Str::role_arn("/ml/", "t-lin")]
    );
}

/// A notebook's caller may create and update it only without root access
/// and with IMDSv2 (SageMaker Developer Guide, "Control root access to a
/// SageMaker notebook instance"; AWS Machine Learning Blog, "Amazon
/// SageMaker Notebook Instances now support configuring and restricting
/// IMDS versions"); an `opt_out` drops one pin for its workload only, with
/// a warning at its reason, read alike from YAML.
#[test]
fn a_notebook_opt_out_drops_its_pin_with_a_warning() {
    let text = "name_prefix: t\nworkload:\n  nb:\n    api: CreateNotebookInstance\n  lab:\n    api: CreateNotebookInstance\n    opt_out:\n      root_access: conda needs sudo\ncaller:\n  ci:\n    principal: arn:aws:iam::111122223333:role/ci\n    passes: [nb, lab]\n    launches: [nb, lab]\n";
    let loaded =
        sagerole::load_as(&Source::new("t.yaml", text), sagerole::spec::Syntax::Yaml).unwrap();
    let c = &loaded.model.callers[0].policy;
    let pins = |s: &str| conditions(sid(c, s));
    let pin = |op: &str, key: &str, v: &str| (op.to_string(), key.to_string(), vec![v.to_string()]);
    let imds = "sagemaker:MinimumInstanceMetadataServiceVersion";
    let root = "sagemaker:RootAccess";
    assert_eq!(
        pins("CreateNotebookInstanceNb"),
        [
            pin("StringEquals", imds, "2"),
            pin("StringEquals", root, "Disabled")
        ]
    );
    // An update that leaves a setting out keeps it.
    assert_eq!(
        pins("UpdateNotebookInstanceNb"),
        [
            pin("StringEqualsIfExists", imds, "2"),
            pin("StringEqualsIfExists", root, "Disabled")
        ]
    );
    assert_eq!(
        pins("CreateNotebookInstanceLab"),
        [pin("StringEquals", imds, "2")]
    );
    assert_eq!(
        pins("UpdateNotebookInstanceLab"),
        [pin("StringEqualsIfExists", imds, "2")]
    );
    let reason = &sid(c, "CreateNotebookInstanceLab").why.reason;
    assert!(
        reason.contains("opts out of pinning sagemaker:RootAccess (conda needs sudo)"),
        "{reason}"
    );
    // (ci also passes two notebook roles its create calls cannot tell
    // apart: an indistinct-roles warning, not this test's subject.)
    let opt_outs: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|w| w.kind == sagerole::diagnostic::Kind::OptOut)
        .collect();
    assert_eq!(opt_outs.len(), 1, "{:?}", loaded.warnings);
    let w = opt_outs[0];
    assert_eq!(w.path, "workload \"lab\".opt_out.root_access");
    assert_eq!(
        &text[w.span.unwrap().start..w.span.unwrap().end],
        "conda needs sudo"
    );
    assert!(sagerole::lint::lint(&loaded.model).is_empty());
}

/// Guardrails read alike from HCL, JSON and YAML; a workload's own value
/// overrides the spec's; each key lands only on the create calls whose
/// Service Authorization entry lists it.
#[test]
fn guardrails_pin_the_create_calls_that_take_their_keys_in_every_syntax() {
    let hcl = r#"
name_prefix = "g"
guardrails {
  instance_types    = ["ml.m5.*"]
  network_isolation = true
  tag_keys          = ["team"]
}
workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://out-bucket/train/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/team/trainer:1"]
  guardrails {
    instance_types = ["ml.c5.xlarge", "ml.g5.*"]
    remote_debug   = false
  }
}
workload "serve" {
  api        = "CreateModel"
  model_data = ["s3://out-bucket/train/"]
  images     = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/team/trainer:1"]
}
caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["train", "serve"]
  launches  = ["train", "serve"]
}
"#;
    let json = r#"{
  "name_prefix": "g",
  "guardrails": {"instance_types": ["ml.m5.*"], "network_isolation": true, "tag_keys": ["team"]},
  "workload": {
    "train": {
      "api": "CreateTrainingJob",
      "outputs": ["s3://out-bucket/train/"],
      "images": ["111122223333.dkr.ecr.us-east-1.amazonaws.com/team/trainer:1"],
      "guardrails": {"instance_types": ["ml.c5.xlarge", "ml.g5.*"], "remote_debug": false}
    },
    "serve": {
      "api": "CreateModel",
      "model_data": ["s3://out-bucket/train/"],
      "images": ["111122223333.dkr.ecr.us-east-1.amazonaws.com/team/trainer:1"]
    }
  },
  "caller": {"ci": {"principal": "arn:aws:iam::111122223333:role/ci", "passes": ["train", "serve"], "launches": ["train", "serve"]}}
}"#;
    let yaml = r#"
name_prefix: g
guardrails:
  instance_types: ["ml.m5.*"]
  network_isolation: true
  tag_keys: [team]
workload:
  train:
    api: CreateTrainingJob
    outputs: [s3://out-bucket/train/]
    images: [111122223333.dkr.ecr.us-east-1.amazonaws.com/team/trainer:1]
    guardrails:
      instance_types: [ml.c5.xlarge, "ml.g5.*"]
      remote_debug: false
  serve:
    api: CreateModel
    model_data: [s3://out-bucket/train/]
    images: [111122223333.dkr.ecr.us-east-1.amazonaws.com/team/trainer:1]
caller:
  ci:
    principal: arn:aws:iam::111122223333:role/ci
    passes: [train, serve]
    launches: [train, serve]
"#;
    let from = |name: &str, text: &str| {
        sagerole::load(&Source::new(name, text))
            .unwrap_or_else(|d| panic!("invalid spec {name}: {d:#?}"))
    };
    let m = from("t.hcl", hcl);
    for (name, text) in [("t.json", json), ("t.yaml", yaml)] {
        assert_eq!(from(name, text).callers, m.callers, "{name}");
    }
    let p = &m.callers[0].policy;
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let train = conditions(sid(p, "CreateTrainingJobTrain"));
    // The workload's instance types replace the spec's; the spec's network
    // isolation still holds; remote debugging off may be left out.
    assert!(train.contains(&(
        "ForAllValues:StringLike".into(),
        "sagemaker:InstanceTypes".into(),
        s(&["ml.c5.xlarge", "ml.g5.*"])
    )));
    assert!(train.contains(&(
        "Null".into(),
        "sagemaker:InstanceTypes".into(),
        s(&["false"])
    )));
    assert!(train.contains(&(
        "Bool".into(),
        "sagemaker:NetworkIsolation".into(),
        s(&["true"])
    )));
    assert!(train.contains(&(
        "BoolIfExists".into(),
        "sagemaker:EnableRemoteDebug".into(),
        s(&["false"])
    )));
    assert!(train.contains(&(
        "ForAllValues:StringEquals".into(),
        "aws:TagKeys".into(),
        s(&["team"])
    )));
    // CreateModel takes network isolation and tag keys, not instance types.
    let model = conditions(sid(p, "CreateModelServe"));
    assert!(model.contains(&(
        "Bool".into(),
        "sagemaker:NetworkIsolation".into(),
        s(&["true"])
    )));
    assert!(model.iter().all(|(_, k, _)| k != "sagemaker:InstanceTypes"));
    // The endpoint configuration may be serverless: instance types, no Null.
    let config = conditions(sid(p, "CreateEndpointConfigServe"));
    assert!(config.contains(&(
        "ForAllValues:StringLike".into(),
        "sagemaker:InstanceTypes".into(),
        s(&["ml.m5.*"])
    )));
    assert!(config
        .iter()
        .all(|(o, k, _)| !(o == "Null" && k == "sagemaker:InstanceTypes")));
    // Tagging while creating takes the tag keys too.
    assert!(conditions(sid(p, "TagOnCreate")).contains(&(
        "ForAllValues:StringEquals".into(),
        "aws:TagKeys".into(),
        s(&["team"])
    )));
}

/// An object key (here a model archive) reads one object, unless a
/// prefix of the same workload already covers it: `models/*` matches
/// `models/resnet.tar.gz`, so the object adds nothing.
#[test]
fn an_object_under_a_granted_prefix_adds_no_resource() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"neo\" {\n api = \"CreateCompilationJob\"\n inputs = [\"s3://models-in/models/\", \"s3://models-in/models/resnet.tar.gz\", \"s3://models-in/other.tar.gz\"]\n outputs = [\"s3://models-out/compiled/\"]\n}\n",
    );
    assert_eq!(
        resources(sid(&m.roles[0].policy, "ReadInputData")),
        [
            "arn:${Partition}:s3:::models-in/models/*",
            "arn:${Partition}:s3:::models-in/other.tar.gz"
        ]
    );
}

/// A training channel's S3Uri is a key name prefix (API_S3DataSource,
/// S3DataType S3Prefix: "all objects that match the specified key name
/// prefix"), with or without a final `/`: the job lists it and reads every
/// object under it.
#[test]
fn a_training_input_without_a_final_slash_is_listed_and_read_as_a_prefix() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}",
        training("train", "inputs = [\"s3://data-bucket/train.csv\"]")
    ));
    let p = &m.roles[0].policy;
    let list = sid(p, "ListInputsDataBucket");
    assert_eq!(resources(list), ["arn:${Partition}:s3:::data-bucket"]);
    assert_eq!(
        list.conditions
            .iter()
            .map(|c| (
                c.operator.as_str(),
                c.key.as_str(),
                c.values.iter().map(Str::symbolic).collect::<Vec<_>>()
            ))
            .collect::<Vec<_>>(),
        [("StringLike", "s3:prefix", vec!["train.csv*".to_string()])]
    );
    assert_eq!(
        resources(sid(p, "ReadInputData")),
        ["arn:${Partition}:s3:::data-bucket/train.csv*"]
    );
}

/// `my.data` and `my-data` would share the Sid `ListInputsMyData`; merged,
/// one statement would let each bucket be listed under the other's
/// prefixes. Each bucket keeps a statement of its own.
#[test]
fn buckets_whose_sids_collide_are_listed_each_under_its_own_prefixes() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}",
        training(
            "train",
            "inputs = [\"s3://my.data/a/\", \"s3://my-data/b/\"]"
        )
    ));
    let listed: Vec<(Vec<String>, Vec<String>)> = m.roles[0]
        .policy
        .statements
        .iter()
        .filter(|s| s.actions.contains(&"s3:ListBucket".to_string()))
        .map(|s| {
            let prefixes = s
                .conditions
                .iter()
                .flat_map(|c| c.values.iter().map(Str::symbolic));
            (resources(s), prefixes.collect())
        })
        .collect();
    assert_eq!(
        listed,
        [
            (
                vec!["arn:${Partition}:s3:::my-data".to_string()],
                vec!["b/*".to_string()]
            ),
            (
                vec!["arn:${Partition}:s3:::my.data".to_string()],
                vec!["a/*".to_string()]
            )
        ]
    );
}

/// IAM's limit on managed policies per role counts AWS managed policies
/// too (IAM User Guide, reference_iam-quotas): a full-access role has one
/// slot fewer for its own parts.
#[test]
fn amazon_sagemaker_full_access_takes_one_of_the_roles_managed_policy_slots() {
    // Enough named buckets that the role's S3 statements need two managed
    // policies of 6,144 characters.
    let buckets: Vec<String> = (0..130)
        .map(|i| format!("\"legacy-bucket-{i:03}\""))
        .collect();
    let spec = |slots: usize| {
        format!(
            "name_prefix = \"t\"\nquotas {{ managed_policies_per_role = {slots} }}\n{}role \"r\" {{\n workloads = [\"train\"]\n permissions = \"full-access\"\n full_access_buckets = [{}]\n}}\n",
            training("train", ""),
            buckets.join(", ")
        )
    };
    let m = load(&spec(3));
    assert_eq!(m.roles[0].documents.len(), 2);
    assert_eq!(m.roles[0].aws_managed.len(), 1);
    let refused = sagerole::load(&Source::new("t.hcl", spec(2))).unwrap_err();
    assert_eq!(refused.len(), 1, "{refused:#?}");
    assert!(
        refused[0].message.contains("need 2 managed policies"),
        "{}",
        refused[0].message
    );
}

/// Issue 14: no grant twice. In no example does a statement hold a resource
/// that another resource covers, in the same statement or in one that
/// allows every one of its actions under the same conditions (the same
/// kms:Decrypt for an endpoint's inputs and a job's outputs, an object read
/// below a prefix already read).
#[test]
fn no_example_grants_a_covered_resource_twice() {
    use sagerole::model::wildcard::glob;
    let mut found = Vec::new();
    for entry in std::fs::read_dir("examples").unwrap() {
        let dir = entry.unwrap().path();
        let spec = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_stem().is_some_and(|s| s == "sagerole"))
            .unwrap();
        let text = std::fs::read_to_string(&spec).unwrap();
        let m = sagerole::load(&Source::new(spec.to_str().unwrap(), &text)).unwrap();
        let policies = m
            .roles
            .iter()
            .map(|r| (&r.key, &r.policy))
            .chain(m.callers.iter().map(|c| (&c.key, &c.policy)));
        for (owner, p) in policies {
            for (i, b) in p.statements.iter().enumerate() {
                for (r, text) in resources(b).iter().enumerate() {
                    let covered = p.statements.iter().enumerate().any(|(j, a)| {
                        a.conditions == b.conditions
                            && b.actions
                                .iter()
                                .all(|x| a.actions.iter().any(|y| glob(y, x)))
                            && resources(a)
                                .iter()
                                .enumerate()
                                .any(|(k, q)| (i, r) != (j, k) && !q.contains('?') && glob(q, text))
                    });
                    if covered {
                        found.push(format!("{}: {owner} {} {text}", dir.display(), b.sid));
                    }
                }
            }
        }
    }
    assert_eq!(found, Vec::<String>::new());
}

/// A role and a caller that declare statements: the policies hold them as
/// written, after the generated ones, and a declared grant that repeats a
/// generated one neither absorbs it nor is absorbed.
const DECLARED: &str = r#"
name_prefix = "fraud"
workload "train" {
  api     = "CreateTrainingJob"
  inputs  = ["s3://fraud-data/train/"]
  outputs = ["s3://fraud-models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-xgb:1"]
}
workload "serve" {
  api        = "CreateModel"
  model_data = ["s3://fraud-models/"]
  images     = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-serve:1"]
}
role "exec" {
  workloads = ["train", "serve"]
  statement "read-setup-parameter" {
    reason    = "the training script reads its settings"
    actions   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameter"]
    resources = ["arn:aws:ssm:us-east-1:111122223333:parameter/fraud/setup"]
  }
  statement "read-training-data" {
    reason    = "the script reads the training data itself"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::fraud-data/train/*"]
  }
}
caller "ci" {
  principal = "arn:aws:iam::111122223333:role/fraud-ci"
  passes    = ["exec"]
  launches  = ["train"]
  statement "read-deploy-secret" {
    reason    = "CI reads the registry token"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:aws:secretsmanager:us-east-1:111122223333:secret:fraud/ci/token-*"]
    conditions = {
      StringEquals = { "aws:ResourceTag/team" = ["fraud"] }
    }
  }
}
"#;

#[test]
fn declared_statements_join_the_policies_as_written_after_the_generated_ones() {
    let m = load(DECLARED);
    let exec = &m.roles[0];
    let st = sid(&exec.policy, "DeclaredReadSetupParameter");
    assert_eq!(st.actions, ["ssm:GetParameter", "ssm:GetParameters"]);
    assert_eq!(
        resources(st),
        ["arn:aws:ssm:us-east-1:111122223333:parameter/fraud/setup"]
    );
    assert_eq!(
        st.why.reason,
        "declared in the spec (statement \"read-setup-parameter\"): the training script reads its settings"
    );
    assert_eq!(texts(&st.why.serves), ["serve", "train"]);
    assert_eq!(st.why.declared.as_deref(), Some("read-setup-parameter"));
    let all = sids(&exec.policy);
    assert_eq!(
        all[all.len() - 2..],
        ["DeclaredReadSetupParameter", "DeclaredReadTrainingData"]
    );
    // The generated grant keeps its object, and the declared one its own.
    assert_eq!(
        resources(sid(&exec.policy, "ReadInputData")),
        ["arn:${Partition}:s3:::fraud-data/train/*"]
    );
    assert_eq!(
        resources(sid(&exec.policy, "DeclaredReadTrainingData")),
        ["arn:aws:s3:::fraud-data/train/*"]
    );
    // The documents IAM receives hold them too.
    let documented: Vec<&str> = exec
        .documents
        .iter()
        .flat_map(|d| d.policy.statements.iter().map(|s| s.sid.as_str()))
        .collect();
    assert!(documented.contains(&"DeclaredReadSetupParameter"));

    let ci = &m.callers[0];
    let st = sid(&ci.policy, "DeclaredReadDeploySecret");
    assert_eq!(texts(&st.why.serves), ["train"]);
    assert_eq!(
        conditions(st),
        [(
            "StringEquals".to_string(),
            "aws:ResourceTag/team".to_string(),
            vec!["fraud".to_string()]
        )]
    );
}

#[test]
fn reach_counts_the_statements_a_launched_role_declares() {
    let m = load(DECLARED);
    let reach = sagerole::model::reach::reach(&m);
    let ci = reach
        .iter()
        .find(|r| r.kind == "caller")
        .expect("caller ci");
    let reached: Vec<&str> = ci
        .grants
        .iter()
        .filter(|g| !g.path.is_empty())
        .map(|g| g.statement.sid.as_str())
        .collect();
    assert!(
        reached.contains(&"DeclaredReadSetupParameter"),
        "{reached:?}"
    );
}

/// Grants scoped to a workload's names (`<prefix>-<name>`,
/// `<prefix>-<name>-*`) also cover a second workload whose name is the
/// first's and a hyphen and more: such names are refused, by name. A
/// name that only starts with the other's letters (`ranker` beside
/// `rank`) is not covered and stays, nor is a kind granted on its one name
/// (the model package groups `models` and `models-shadow`; the apps of
/// profile `ana` and of space `ana-space`).
#[test]
fn names_another_workloads_grants_would_cover_are_refused_and_no_others() {
    let text =
        std::fs::read_to_string(crate::support::root().join("tests/errors/overlapping-names.hcl"))
            .unwrap();
    let errors = sagerole::load(&Source::new("t.hcl", &text)).unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["workload \"rank-large\" starts with the name of workload \"rank\" and a hyphen",]
    );
}

/// A condition's one value under `Null` or `Bool` is written as a string,
/// the form Terraform's aws_iam_policy_document writes and that parliament
/// and cfripper read (both fail on a list there); under any other operator
/// values stay a list, even one (IAM User Guide, "IAM JSON policy elements:
/// Condition operators", reads both forms alike). Both the documents IAM
/// receives and the CloudFormation template write them so.
#[test]
fn one_value_under_null_or_bool_is_a_string_and_under_other_operators_a_list() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}caller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"train\"]\n launches = [\"train\"]\n}}\n",
        training("train", "vpc {\n subnets = [\"subnet-0abc\"]\n security_groups = [\"sg-0abc\"]\n}")
    ));
    // Every condition block of a JSON tree: operator -> key -> value.
    fn blocks<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
        match v {
            serde_json::Value::Object(o) => {
                for (k, x) in o {
                    if k == "Condition" {
                        out.push(x);
                    } else {
                        blocks(x, out);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| blocks(x, out)),
            _ => {}
        }
    }
    // (operator, key, written as a string) for every condition of the tree.
    let forms = |v: &serde_json::Value| -> Vec<(String, String, bool)> {
        let mut found = Vec::new();
        blocks(v, &mut found);
        found
            .iter()
            .flat_map(|b| b.as_object().unwrap())
            .flat_map(|(op, keys)| {
                keys.as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (op.clone(), k.clone(), v.is_string()))
            })
            .collect()
    };
    let check = |what: &str, forms: Vec<(String, String, bool)>| {
        let null = ("Null".to_string(), "sagemaker:VpcSubnets".to_string(), true);
        assert!(forms.contains(&null), "{what}: {forms:?}");
        let passed = (
            "StringEquals".to_string(),
            "iam:PassedToService".to_string(),
            false,
        );
        assert!(forms.contains(&passed), "{what}: {forms:?}");
        for (op, key, string) in &forms {
            let base = op.strip_suffix("IfExists").unwrap_or(op);
            if !matches!(base, "Null" | "Bool") {
                assert!(!string, "{what}: {op} {key} is written as a string");
            }
        }
    };
    let cx = sagerole::model::document::Context::new("aws", "123456789012");
    let documents: Vec<serde_json::Value> = m.callers[0]
        .documents
        .iter()
        .map(|d| sagerole::model::document::policy(&d.policy, &cx))
        .collect();
    check("document", forms(&serde_json::Value::Array(documents)));
    let files = sagerole::emit::emit(&m, &sagerole::emit::Settings::new("../t.hcl")).unwrap();
    let t: serde_json::Value =
        serde_json::from_str(&files["cloudformation/template.json"]).unwrap();
    check("template", forms(&t));
}

/// A role's trust names the jobs of the workloads whose every job the spec
/// names (a caller or a Studio user profile launches them, under the
/// workload's names), and keeps the job kind for one nothing in the spec
/// launches, whose names are anyone's: the kind then stands for every job
/// of it, named or not (SageMaker Developer Guide, "Cross-service confused
/// deputy prevention": aws:SourceArn must match every resource that
/// assumes the role).
#[test]
fn trust_names_only_the_jobs_every_launcher_names_and_a_kind_covers_its_names() {
    let m = load(&format!(
        "name_prefix = \"t\"\n{}{}workload \"prep\" {{\n api = \"CreateProcessingJob\"\n images = [\"{IMAGE}\"]\n}}\nrole \"r\" {{ workloads = [\"train\", \"tune\", \"prep\"] }}\ncaller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"r\"]\n launches = [\"train\", \"prep\"]\n}}\n",
        training("train", ""),
        training("tune", ""),
    ));
    let t = &m.roles.iter().find(|r| r.key == "r").unwrap().trust;
    assert_eq!(t.mode, TrustMode::Strict);
    assert_eq!(
        only_source_arns(t),
        [
            "arn:${Partition}:sagemaker:*:${Account}:processing-job/t-prep",
            "arn:${Partition}:sagemaker:*:${Account}:processing-job/t-prep-*",
            "arn:${Partition}:sagemaker:*:${Account}:training-job/*"
        ]
    );
    assert!(
        t.reason
            .contains("only the spec's callers and roles launch prep, under the spec's names"),
        "{}",
        t.reason
    );
    // A Studio user profile that launches a job creates it under the
    // workload's names too.
    let m = load(&format!(
        "name_prefix = \"t\"\n{}workload \"studio\" {{\n api = \"CreateDomain\"\n}}\nworkload \"ana\" {{\n api = \"CreateUserProfile\"\n domain = \"studio\"\n launches = [\"train\"]\n}}\n",
        training("train", ""),
    ));
    let t = &m.roles.iter().find(|r| r.key == "train").unwrap().trust;
    assert_eq!(
        only_source_arns(t),
        [
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train",
            "arn:${Partition}:sagemaker:*:${Account}:training-job/t-train-*"
        ]
    );
}

/// kms:CreateGrant on an endpoint's volume key goes to whoever creates the
/// endpoint, only when the configuration names a key (SageMaker Developer
/// Guide, API permissions reference, CreateEndpoint: "kms:CreateGrant
/// (required only if the associated EndPointConfig has a KmsKeyId
/// specified)"): a pipeline whose ModelStep only creates the model gets
/// none, and neither does a caller for a model without a volume key.
#[test]
fn only_the_creator_of_an_endpoint_with_a_volume_key_may_create_grants_on_it() {
    let m = load(&format!(
        "name_prefix = \"t\"\nworkload \"serve\" {{\n api = \"CreateModel\"\n images = [\"{IMAGE}\"]\n kms {{\n volume = \"arn:aws:kms:us-east-1:111122223333:key/3333aaaa-12ab-34cd-56ef-1234567890ab\"\n }}\n}}\nworkload \"plain\" {{\n api = \"CreateModel\"\n images = [\"{IMAGE}\"]\n}}\nworkload \"flow\" {{\n api = \"CreatePipeline\"\n launches = [\"serve\"]\n steps = [\"ModelStep\"]\n}}\ncaller \"ci\" {{\n principal = \"arn:aws:iam::111122223333:role/ci\"\n passes = [\"serve\", \"plain\"]\n launches = [\"serve\", \"plain\"]\n}}\n"
    ));
    let grants = |p: &Policy| -> Vec<(String, Vec<String>)> {
        p.statements
            .iter()
            .filter(|s| s.actions.iter().any(|a| a == "kms:CreateGrant"))
            .map(|s| (s.sid.clone(), resources(s)))
            .collect()
    };
    assert_eq!(
        grants(&m.callers[0].policy),
        [(
            "GrantEndpointVolumeKeys".to_string(),
            vec!["arn:${Partition}:kms:us-east-1:111122223333:key/3333aaaa-12ab-34cd-56ef-1234567890ab".to_string()]
        )]
    );
    for r in &m.roles {
        assert_eq!(grants(&r.policy), [], "role {}", r.key);
    }
}

/// CreateSpace takes sagemaker:OwnerUserProfileArn and
/// sagemaker:SpaceSharingType (Service Authorization Reference, Amazon
/// SageMaker AI, CreateSpace; SageMaker API Reference, CreateSpace:
/// OwnershipSettings.OwnerUserProfileName, SpaceSharingSettings.SharingType
/// Private or Shared): the caller may create a private space only as
/// that profile's private space, in the domain whose id the output takes,
/// and a shared space only as shared and owned by the profile it names.
#[test]
fn create_space_is_pinned_to_its_owner_and_sharing_type() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"studio\" {\n api = \"CreateDomain\"\n associate = true\n}\nworkload \"ana\" {\n api = \"CreateUserProfile\"\n domain = \"studio\"\n}\nworkload \"ana-space\" {\n api = \"CreateSpace\"\n domain = \"studio\"\n owner = \"ana\"\n}\nworkload \"team-space\" {\n api = \"CreateSpace\"\n domain = \"studio\"\n owner = \"ana\"\n sharing = \"shared\"\n}\ncaller \"ci\" {\n principal = \"arn:aws:iam::111122223333:role/ci\"\n launches = [\"ana-space\", \"team-space\"]\n}\n",
    );
    let c = &m.callers[0].policy;
    let pins = |sid_: &str| -> Vec<(String, String, Vec<String>)> {
        conditions(sid(c, sid_))
            .into_iter()
            .filter(|(_, k, _)| {
                k == "sagemaker:OwnerUserProfileArn" || k == "sagemaker:SpaceSharingType"
            })
            .collect()
    };
    assert_eq!(
        pins("CreateSpaceAnaSpace"),
        [
            (
                "ArnLike".to_string(),
                "sagemaker:OwnerUserProfileArn".to_string(),
                // A profile is named exactly: t-ana-x is another's.
                vec![
                    "arn:${Partition}:sagemaker:*:${Account}:user-profile/${studio_domain_id}/t-ana".to_string(),
                ]
            ),
            (
                "StringEquals".to_string(),
                "sagemaker:SpaceSharingType".to_string(),
                vec!["Private".to_string()]
            ),
        ]
    );
    let owner = pins("CreateSpaceAnaSpace").remove(0);
    assert_eq!(
        pins("CreateSpaceTeamSpace"),
        [
            owner,
            (
                "StringEquals".to_string(),
                "sagemaker:SpaceSharingType".to_string(),
                vec!["Shared".to_string()]
            )
        ]
    );
}

/// A caller policy's description says what the principal may do: one that
/// launches a model package group, which runs under no role and so passes
/// none, still launches workloads, and only one that approves and does
/// nothing else is described as an approver.
#[test]
fn a_caller_that_launches_without_passing_a_role_is_not_described_as_an_approver() {
    let m = load(
        "name_prefix = \"t\"\nworkload \"models\" {\n api = \"CreateModelPackageGroup\"\n}\ncaller \"registrar\" {\n principal = \"arn:aws:iam::111122223333:role/registrar\"\n launches = [\"models\"]\n}\ncaller \"approver\" {\n principal = \"arn:aws:iam::111122223333:role/approver\"\n approves = [\"models\"]\n}\n",
    );
    let description = |key: &str| {
        m.callers
            .iter()
            .find(|c| c.key == key)
            .unwrap_or_else(|| panic!("no caller {key}"))
            .description
            .clone()
    };
    let registrar = description("registrar");
    assert!(
        registrar.contains("launch SageMaker workloads"),
        "{registrar}"
    );
    assert!(!registrar.contains("approve"), "{registrar}");
    let approver = description("approver");
    assert!(approver.contains("approve model versions"), "{approver}");
    assert!(!approver.contains("launch"), "{approver}");
}

/// A name prefix that is an input names every role and policy in both
/// outputs through its variable and parameter, which hold the values to
/// the block's `max_length`; prose names it `${prefix}`.
#[test]
fn a_name_prefix_input_names_roles_through_its_variable_and_parameter() {
    let m = load(&format!(
        "name_prefix = {{ input = \"prefix\" }}\ninput \"prefix\" {{\n kind = \"name_prefix\"\n max_length = 8\n}}\n{}role \"r\" {{\n workloads = [\"train\"]\n trust = \"off\"\n}}\n",
        training("train", "")
    ));
    let files = sagerole::emit::emit(&m, &sagerole::emit::Settings::new("../t.hcl")).unwrap();
    let roles = &files["terraform/roles.tf"];
    assert!(
        roles.contains(r#"name                 = "${var.prefix}-r""#),
        "{roles}"
    );
    assert!(
        roles.contains("# WARNING: trust is off for role ${prefix}-r"),
        "{roles}"
    );
    let variables = &files["terraform/variables.tf"];
    assert!(
        variables.contains("length(var.prefix) <= 8")
            && variables.contains("prefix must be a name prefix"),
        "{variables}"
    );
    let t: serde_json::Value =
        serde_json::from_str(&files["cloudformation/template.json"]).unwrap();
    assert_eq!(t["Parameters"]["Prefix"]["MaxLength"], "8");
    assert_eq!(
        t["Resources"]["RRole"]["Properties"]["RoleName"],
        serde_json::json!({"Fn::Sub": "${Prefix}-r"})
    );
    assert!(t["Description"]
        .as_str()
        .unwrap()
        .contains("for ${prefix}."));
}

/// A statement's names as text, to compare with the names expected.
fn texts(names: &[std::sync::Arc<str>]) -> Vec<&str> {
    names.iter().map(|w| &**w).collect()
}
