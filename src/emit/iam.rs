//! Model → the plain IAM policy documents as files, for policy linters and
//! reviewers (`sagerole render --policies`).

use super::Files;
use crate::model::document::{self, Context};
use crate::model::Model;

/// Every document as deployed, by file name:
/// `roles/<role>.trust.json` (for a role the output creates),
/// `roles/<role>/<policy>.json` and
/// `callers/<caller>/<policy>.json`, and the resource policy of each model
/// package group that has consumers, `groups/<workload>.resource-policy.json`.
pub fn render(model: &Model, cx: &Context) -> Files {
    // A policy's file is named as the policy is deployed in the context:
    // with the name_prefix's value where the prefix is an input.
    let file_name = |name: &str| cx.resolve(&model.named(name));
    let pretty = |v: &serde_json::Value| {
        serde_json::to_string_pretty(v).expect("JSON values serialize") + "\n"
    };
    let mut files = Files::new();
    for r in &model.roles {
        // An existing role's trust policy is its owner's: nothing deploys
        // the one sagerole would write (the module's README shows it).
        if r.existing.is_none() {
            files.insert(
                format!("roles/{}.trust.json", r.key),
                pretty(&document::trust(&r.trust, cx)),
            );
        }
        for d in &r.documents {
            files.insert(
                format!("roles/{}/{}.json", r.key, file_name(&d.name)),
                pretty(&document::policy(&d.policy, cx)),
            );
        }
    }
    for g in &model.group_policies {
        files.insert(
            format!("groups/{}.resource-policy.json", g.workload),
            pretty(&document::group_policy(g, cx)),
        );
    }
    for c in &model.callers {
        for d in &c.documents {
            files.insert(
                format!("callers/{}/{}.json", c.key, file_name(&d.name)),
                pretty(&document::policy(&d.policy, cx)),
            );
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An existing role's trust policy is its owner's: nothing deploys
    /// the one sagerole would write, so none is rendered; its permissions
    /// are.
    #[test]
    fn an_existing_role_renders_its_permissions_and_no_trust_policy() {
        let model = crate::load(&crate::diagnostic::Source::new(
            "s.hcl",
            "name_prefix = \"byo\"\nworkload \"train\" {\n  api = \"CreateTrainingJob\"\n  outputs = [\"s3://byo-out/m/\"]\n  images = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1\"]\n}\nworkload \"other\" {\n  api = \"CreateTrainingJob\"\n  outputs = [\"s3://byo-out/o/\"]\n  images = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1\"]\n}\nrole \"exec\" {\n  workloads = [\"train\"]\n  existing = true\n}\n",
        ))
        .expect("valid");
        let files = render(&model, &Context::symbolic());
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "roles/exec/byo-exec-permissions.json",
                "roles/other.trust.json",
                "roles/other/byo-other-permissions.json",
            ]
        );
    }

    /// A group with consumers renders the policy its owner applies: the
    /// consumers' roots read the group and its versions in each region of
    /// the spec, and nothing approves (SageMaker Developer Guide, "Deploy a
    /// Model Version from a Different Account", less UpdateModelPackage).
    #[test]
    fn a_group_with_consumers_renders_its_resource_policy() {
        let model = crate::load(&crate::diagnostic::Source::new(
            "s.hcl",
            "name_prefix = \"ml\"\nregions = [\"eu-west-1\"]\nworkload \"models\" {\n  api = \"CreateModelPackageGroup\"\n  consumers = [\"444455556666\", \"111100002222\"]\n}\nworkload \"private\" {\n  api = \"CreateModelPackageGroup\"\n}\n",
        ))
        .expect("valid");
        let files = render(&model, &Context::new("aws-cn", "999988887777"));
        let groups: Vec<&String> = files.keys().filter(|p| p.starts_with("groups/")).collect();
        assert_eq!(groups, ["groups/models.resource-policy.json"]);
        let doc: serde_json::Value =
            serde_json::from_str(&files["groups/models.resource-policy.json"]).unwrap();
        let roots = serde_json::json!({"AWS": [
            "arn:aws-cn:iam::111100002222:root",
            "arn:aws-cn:iam::444455556666:root"
        ]});
        let statements = doc["Statement"].as_array().unwrap();
        assert_eq!(statements.len(), 1);
        assert_eq!(statements[0]["Principal"], roots);
        // What the SDK's cross-account deploy reads in the owning account
        // (ModelPackage.deploy: describe_model_package), and no more.
        assert_eq!(
            statements[0]["Action"],
            serde_json::json!(["sagemaker:DescribeModelPackage"])
        );
        assert_eq!(
            statements[0]["Resource"],
            serde_json::json!([
                "arn:aws-cn:sagemaker:eu-west-1:999988887777:model-package/ml-models/*"
            ])
        );
        for not_shared in ["DescribeModelPackageGroup", "ListModelPackages"] {
            assert!(
                !files["groups/models.resource-policy.json"].contains(not_shared),
                "{not_shared}"
            );
        }
        assert!(!files["groups/models.resource-policy.json"].contains("UpdateModelPackage"));
    }
}
