//! Identifiers derived from spec names: the model's IAM `Sid`s, and the
//! emitters' CloudFormation logical ids and Terraform names. It sits in the
//! model, below the emitters, so that both can use it.
//!
//! Spec names are lowercase letters, digits and single hyphens (checked in
//! [`crate::model`]), so these mappings cannot produce invalid identifiers.

/// The name AWS knows something the spec names by: `<name_prefix>-<name>`.
/// Roles, jobs, models, endpoints and Studio user profiles and spaces are
/// all named so, and grants are scoped to these names ([`names_of`] for
/// the resources a workload creates).
pub fn aws_name(name_prefix: &str, name: &str) -> String {
    let mut out = String::with_capacity(name_prefix.len() + 1 + name.len());
    out.push_str(name_prefix);
    out.push('-');
    out.push_str(name);
    out
}

/// The names a workload's resources may carry, as IAM patterns: exactly
/// its AWS name (an endpoint or model named `churn-serve`), or that name, a
/// hyphen and anything (`churn-train-2026-12-04-10-00-00-123`, the SageMaker
/// Python SDK's `name_from_base(base_job_name)`; an HPO tuning job's own
/// training jobs `<tuning-job-name>-NNN-xxxxxxxx`). Never the name followed
/// directly by more letters: `churn-train*` would also cover `churn-trainer`
/// and another spec's `name_prefix = "churn-train"`. Every grant scoped to a
/// workload's names is built from these, so the rule is decided here once.
pub fn name_patterns(aws_name: &str) -> [String; 2] {
    [aws_name.to_string(), [aws_name, "-*"].concat()]
}

/// The names a workload's resources of `resource_type` may carry, as IAM
/// patterns: [`name_patterns`], or only the AWS name itself for a type
/// whose resources carry exactly the name the spec gives them
/// ([`crate::catalog::named_exactly`]: a model package group, a pipeline),
/// so that `churn-models-shadow` is not `churn-models`'s.
pub fn names_of(resource_type: &str, aws_name: &str) -> Vec<String> {
    if crate::catalog::named_exactly(resource_type) {
        vec![aws_name.to_string()]
    } else {
        name_patterns(aws_name).to_vec()
    }
}

/// The names a workload's resources carry as one launcher creates them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobNames {
    /// Named after the workload, `<name_prefix>-<workload>` ([`name_patterns`]):
    /// callers, notebooks, Studio, and pipelines with custom job prefixes.
    Workload(String),
    /// Named by SageMaker Pipelines, `pipelines-<execution id>-<step>-...`
    /// ([`crate::catalog::pipeline_steps::StepJobNames::Service`]): nothing
    /// in the name tells the pipeline or the workload, so the pattern
    /// covers the step jobs of every pipeline.
    PipelineService,
}

impl JobNames {
    /// The names as IAM patterns.
    pub fn patterns(&self) -> Vec<String> {
        match self {
            JobNames::Workload(n) => name_patterns(n).to_vec(),
            JobNames::PipelineService => {
                vec![format!(
                    "{}-*",
                    crate::catalog::pipeline_steps::SERVICE_JOB_PREFIX
                )]
            }
        }
    }

    /// The names of the resources of one type as IAM patterns
    /// ([`names_of`]).
    pub fn patterns_of(&self, resource_type: &str) -> Vec<String> {
        match self {
            JobNames::Workload(n) => names_of(resource_type, n),
            JobNames::PipelineService => self.patterns(),
        }
    }

    /// Which names a grant on resources of `types` reaches, for its reason.
    pub fn text_of(&self, types: &[&str]) -> String {
        match self {
            JobNames::Workload(n)
                if !types.is_empty() && types.iter().all(|t| crate::catalog::named_exactly(t)) =>
            {
                format!("named {n}")
            }
            _ => self.text(),
        }
    }

    /// Which names a grant reaches, for its reason.
    pub fn text(&self) -> String {
        match self {
            JobNames::Workload(n) => {
                let [exact, longer] = name_patterns(n);
                ["named ", &exact, " or ", &longer].concat()
            }
            JobNames::PipelineService => format!(
                "named {}, as SageMaker Pipelines names its steps' jobs by default (SageMaker Developer Guide, 'Customize access management for Pipelines jobs': pipelines-<executionId>-<stepNamePrefix>-<entityToken>-<failureCount>); broader than the workload's own names: nothing in such a name tells which pipeline made it, and AWS documents no request key that does, so this covers the step jobs of every pipeline in the account (step_job_names = \"custom-prefix\" narrows it)",
                self.patterns().join(" or ")
            ),
        }
    }
}

/// Whether `name` is one of the names [`name_patterns`] of `aws_name`
/// covers.
pub fn covers(aws_name: &str, name: &str) -> bool {
    name.strip_prefix(aws_name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// `churn-exec` → `ChurnExec`: CloudFormation logical ids and IAM `Sid`s
/// (`[A-Za-z0-9]`).
pub fn pascal(name: &str) -> String {
    // Written into one string: policy building asks it for each launched
    // workload's Sids, and a string a word cost an allocation each.
    let mut out = String::with_capacity(name.len());
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        // A word is ASCII letters and digits: its first byte is its first
        // character.
        let start = out.len();
        out.push_str(word);
        out[start..start + 1].make_ascii_uppercase();
    }
    out
}

/// The CloudFormation parameter holding the name of the existing role
/// that the role of this key is (`existing = true`):
/// `ExistingRoleNameExec`. Not `ExecRoleName`, which is the role's output.
pub fn existing_role_parameter(key: &str) -> String {
    format!("ExistingRoleName{}", pascal(key))
}

/// `churn-exec` → `churn_exec`: Terraform resource names and map keys.
pub fn snake(name: &str) -> String {
    name.replace('-', "_")
}

/// Terraform names: every `resource` and `data` block the module writes
/// for a spec name gets its name here, so that the emitter and the check
/// that no two of them meet ([`terraform_addresses`]) share one rule.
pub mod terraform {
    use super::snake;
    use crate::model::{AwsManagedPolicy, Document};

    /// A role's `aws_iam_role` and the stem of its documents: `exec`.
    pub fn role(key: &str) -> String {
        snake(key)
    }

    /// A role's trust policy document: `exec_trust`.
    pub fn trust(key: &str) -> String {
        format!("{}_trust", role(key))
    }

    /// The stem of a caller's documents: `caller_deployer`.
    pub fn caller(key: &str) -> String {
        format!("caller_{}", snake(key))
    }

    /// A document of a role or caller whose stem is `owner`, with the part
    /// number of a split policy: `exec`, `exec_2`.
    pub fn document(owner: &str, d: &Document) -> String {
        match d.numbered() {
            Some(part) => format!("{owner}_{part}"),
            None => owner.to_string(),
        }
    }

    /// The attachment of an AWS managed policy to a role:
    /// `exec_amazonsagemakerfullaccess`.
    pub fn aws_managed(role_key: &str, m: &AwsManagedPolicy) -> String {
        format!("{}_{}", role(role_key), snake(&m.name.to_ascii_lowercase()))
    }

    /// The variable holding the id of an existing domain that the module
    /// creates user profiles and spaces in: `studio_domain_id`.
    pub fn domain_id(domain: &str) -> String {
        format!("{}_domain_id", snake(domain))
    }

    /// The variable holding the name of the existing role that the role
    /// of this key is (`existing = true`): `exec_role_name`.
    pub fn role_name(key: &str) -> String {
        format!("{}_role_name", snake(key))
    }

    /// A Studio user profile or space, by its workload: `alice`.
    pub fn studio(workload: &str) -> String {
        snake(workload)
    }
}

/// What a Terraform block is named after in the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Owner {
    /// A role, by key (a `role` block, or a workload without one).
    Role(String),
    Caller(String),
    /// A Studio user profile or space workload.
    Workload(String),
}

impl Owner {
    /// The spec name.
    pub fn key(&self) -> &str {
        match self {
            Owner::Role(k) | Owner::Caller(k) | Owner::Workload(k) => k,
        }
    }
}

impl std::fmt::Display for Owner {
    /// As a spec path names it: `role "exec"`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let block = match self {
            Owner::Role(_) => "role",
            Owner::Caller(_) => "caller",
            Owner::Workload(_) => "workload",
        };
        write!(f, "{block} {:?}", self.key())
    }
}

/// One `resource` or `data` block of the Terraform module that is named
/// after a spec name: `data.aws_iam_policy_document.exec_trust`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TfAddress {
    /// `aws_iam_role`, or `data.aws_iam_policy_document` for a data source.
    pub kind: &'static str,
    pub name: String,
    pub owner: Owner,
}

impl TfAddress {
    pub fn address(&self) -> String {
        format!("{}.{}", self.kind, self.name)
    }
}

/// Every block of the Terraform module named after a spec name, as the
/// emitter writes them (a test holds the two together). Terraform refuses
/// a module in which two share an address, or whose name starts with a
/// digit, so the model refuses such a spec before anything is written.
pub fn terraform_addresses(model: &crate::model::Model) -> Vec<TfAddress> {
    use crate::model::{Attachment, StudioKind};
    const DOC: &str = "data.aws_iam_policy_document";
    let mut out = Vec::new();
    let mut push = |kind, name: String, owner: &Owner| {
        out.push(TfAddress {
            kind,
            name,
            owner: owner.clone(),
        });
    };
    for r in &model.roles {
        let owner = Owner::Role(r.key.clone());
        if r.existing.is_some() {
            // Read, not created: no trust document of the module's.
            push("var", terraform::role_name(&r.key), &owner);
            push("data.aws_iam_role", terraform::role(&r.key), &owner);
        } else {
            push(DOC, terraform::trust(&r.key), &owner);
            push("aws_iam_role", terraform::role(&r.key), &owner);
        }
        for m in &r.aws_managed {
            push(
                "aws_iam_role_policy_attachment",
                terraform::aws_managed(&r.key, m),
                &owner,
            );
        }
        for d in &r.documents {
            let name = terraform::document(&terraform::role(&r.key), d);
            push(DOC, name.clone(), &owner);
            match d.attachment {
                Attachment::Inline => push("aws_iam_role_policy", name, &owner),
                Attachment::Managed => {
                    push("aws_iam_policy", name.clone(), &owner);
                    push("aws_iam_role_policy_attachment", name, &owner);
                }
            }
        }
    }
    for c in &model.callers {
        let owner = Owner::Caller(c.key.clone());
        for d in &c.documents {
            let name = terraform::document(&terraform::caller(&c.key), d);
            push(DOC, name.clone(), &owner);
            push("aws_iam_policy", name.clone(), &owner);
            if c.attach_to_role.is_some() {
                push("aws_iam_role_policy_attachment", name, &owner);
            }
        }
    }
    for d in model.studio.iter().filter(|d| d.associate) {
        push(
            "var",
            terraform::domain_id(&d.name),
            &Owner::Workload(d.name.clone()),
        );
        for id in &d.identities {
            let kind = match id.kind {
                StudioKind::ProfileWithOwnRole | StudioKind::ProfileInheriting => {
                    "aws_sagemaker_user_profile"
                }
                StudioKind::PrivateSpace | StudioKind::SharedSpace => "aws_sagemaker_space",
            };
            push(
                kind,
                terraform::studio(&id.name),
                &Owner::Workload(id.name.clone()),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_and_snake() {
        assert_eq!(pascal("churn-exec"), "ChurnExec");
        assert_eq!(pascal("a1-b2"), "A1B2");
        assert_eq!(pascal("churn.data-v2"), "ChurnDataV2");
        assert_eq!(snake("churn-exec"), "churn_exec");
    }

    /// `covers` says what IAM says of the patterns [`name_patterns`]
    /// writes (matched as IAM matches them, wildcard by wildcard).
    #[test]
    fn covers_agrees_with_the_name_patterns() {
        let base = aws_name("ml", "train");
        for (name, covered) in [
            ("ml-train", true),
            ("ml-train-2026-12-04-10-00-00-123", true),
            ("ml-train-", true),
            ("ml-trainer", false),
            ("ml-trai", false),
            ("ml", false),
            ("other-ml-train", false),
        ] {
            assert_eq!(covers(&base, name), covered, "{name}");
            let by_iam = name_patterns(&base)
                .iter()
                .any(|p| crate::model::wildcard::glob(p, name));
            assert_eq!(by_iam, covered, "{name}");
        }
    }

    /// A model package group or pipeline is granted on its one name, so
    /// that `churn-models-shadow` and `churn-retrain-other` stay out; a job
    /// kind keeps the SDK's `name_from_base` suffix.
    #[test]
    fn exactly_named_types_reach_no_longer_name() {
        for (t, other) in [
            ("model-package-group", "churn-models-shadow"),
            ("pipeline", "churn-models-other"),
        ] {
            let names = names_of(t, "churn-models");
            assert!(names
                .iter()
                .any(|p| crate::model::wildcard::glob(p, "churn-models")));
            assert!(
                !names.iter().any(|p| crate::model::wildcard::glob(p, other)),
                "{t}"
            );
        }
        let jobs = names_of("training-job", "churn-train");
        assert!(jobs
            .iter()
            .any(|p| crate::model::wildcard::glob(p, "churn-train-2026-12-04-10-00-00-123")));
    }

    #[test]
    fn aws_names_join_the_prefix_and_the_name_with_a_hyphen() {
        assert_eq!(aws_name("ml", "churn-train"), "ml-churn-train");
    }
}
