//! What validation proves and policy construction consumes: workloads whose
//! values are all valid, and roles and callers before their policies exist.
//!
//! [`super::lower`] makes these from a spec and hands them to
//! [`super::build`]; both read them, so they live in neither.

use std::collections::BTreeMap;

use super::resource::{self, EcrImage, KmsKey, S3Location};
use super::value::{Input, Str};
use super::{Condition, Guard, TrustMode};
use crate::catalog::guardrails::Guardrail;
use crate::catalog::pipeline_steps::StepJobNames;
use crate::catalog::{Api, CallerKind, Field, Follow, OptOut, RunsUnder, Sharing};

/// A workload whose values are all proven valid.
#[derive(Debug, Clone)]
pub(super) struct Workload {
    pub name: String,
    pub api: &'static Api,
    pub inputs: Vec<S3Location>,
    pub outputs: Vec<S3Location>,
    pub model_data: Vec<S3Location>,
    pub images: Vec<resource::Named<EcrImage>>,
    /// For [`RunsUnder::ModelRole`] APIs: the workload whose model it runs.
    pub model: Option<String>,
    /// For `CreateModel`: the model registry workload whose versions the
    /// model is created from.
    pub model_package_group: Option<GroupRef>,
    /// For a model package group: the accounts its resource policy shares
    /// its versions with, sorted.
    pub consumers: Vec<String>,
    pub vpc: Option<Vpc>,
    pub kms: Kms,
    /// Workloads this one launches under its own role, sorted.
    pub launches: Vec<String>,
    /// Alarms that roll back a deployment, sorted.
    pub rollback_alarms: Vec<String>,
    pub asynchronous: Option<Async>,
    pub data_capture: Option<DataCapture>,
    /// Lambda functions the workload invokes, sorted.
    pub lambdas: Vec<resource::Named<resource::LambdaFunction>>,
    /// The Studio domain workload of a user profile or space.
    pub domain: Option<String>,
    /// The user-profile workload owning a space (or a Studio Classic app).
    pub owner: Option<String>,
    /// A space's sharing type; `None` for any other workload.
    pub sharing: Option<Sharing>,
    /// The space workload an app runs in.
    pub space: Option<String>,
    /// The Studio app types an app workload may create, sorted; empty: any.
    pub app_types: Vec<String>,
    /// A domain whose user profiles and spaces the output creates.
    pub associate: bool,
    /// For a workload in a domain that associates: the input holding the
    /// domain's id.
    pub domain_id: Option<Input>,
    /// The work team ARN of a labeling job or review workflow.
    pub workteam: Option<resource::Workteam>,
    /// A streaming labeling job's topics.
    pub streaming: Option<Streaming>,
    /// A labeling job that trains and runs models itself.
    pub automated_labeling: bool,
    /// What its role may do to what it launches, sorted: the spec's
    /// `follow`, or the API's default.
    pub follow: Vec<Follow>,
    /// Default pins the spec gives up, with their reasons.
    pub opt_out: BTreeMap<OptOut, String>,
    /// Request-key guardrails on its create calls: its own, else the spec's.
    pub guards: BTreeMap<Guardrail, Guard>,
    /// How a pipeline's steps' jobs are named (the default for any other).
    pub step_job_names: StepJobNames,
    /// The step types a pipeline declares, sorted; empty when it declares none.
    pub steps: Vec<String>,
    /// S3 prefixes of the property files a pipeline's JsonGet reads.
    pub property_files: Vec<S3Location>,
    /// SQS queues a pipeline's callback steps send to, sorted.
    pub callback_queues: Vec<resource::Named<resource::SqsQueue>>,
}

/// The model package group a model is created from.
#[derive(Debug, Clone)]
pub(super) enum GroupRef {
    /// A registry workload of the spec, in the deploying account.
    Workload(String),
    /// A group of another account (a tooling account's registry), which
    /// shares its versions with this one by its resource policy.
    Shared(resource::PackageGroup),
}

/// The SNS topics of a streaming labeling job.
#[derive(Debug, Clone)]
pub(super) struct Streaming {
    pub input: resource::Named<resource::SnsTopic>,
    pub output: Option<resource::Named<resource::SnsTopic>>,
}

impl Workload {
    /// The workload whose role this one runs under, when it takes no role of
    /// its own: a transform job's model, a private space's owner, a shared
    /// space's domain (not its owner), an app's space or user profile. Only an app's host
    /// (a space) may itself have a host; every other host takes a role of
    /// its own (checked).
    pub fn host(&self) -> Option<&str> {
        match self.api.runs_under {
            RunsUnder::OwnRole | RunsUnder::NoRole => None,
            RunsUnder::ModelRole => self.model.as_deref(),
            // A shared space runs under the domain's role, whoever owns it.
            RunsUnder::SpaceRole => match self.sharing {
                Some(Sharing::Private) => self.owner.as_deref(),
                _ => self.domain.as_deref(),
            },
            RunsUnder::AppHost => self.space.as_deref().or(self.owner.as_deref()),
        }
    }

    /// Whether the spec sets `field` for this workload (a `follow` it
    /// leaves out counts as set when its default follows something).
    pub fn sets(&self, field: Field) -> bool {
        match field {
            Field::Inputs => !self.inputs.is_empty(),
            Field::Outputs => !self.outputs.is_empty(),
            Field::ModelData => !self.model_data.is_empty(),
            Field::Images => !self.images.is_empty(),
            Field::Model => self.model.is_some(),
            Field::ModelPackageGroup => self.model_package_group.is_some(),
            Field::Consumers => !self.consumers.is_empty(),
            Field::Vpc => self.vpc.is_some(),
            Field::Kms => {
                let k = &self.kms;
                !(k.input.is_empty()
                    && k.output.is_empty()
                    && k.volume.is_empty()
                    && k.bucket_default.is_empty())
            }
            Field::Launches => !self.launches.is_empty(),
            Field::RollbackAlarms => !self.rollback_alarms.is_empty(),
            Field::Async => self.asynchronous.is_some(),
            Field::DataCapture => self.data_capture.is_some(),
            Field::Lambdas => !self.lambdas.is_empty(),
            Field::Domain => self.domain.is_some(),
            Field::Owner => self.owner.is_some(),
            Field::Sharing => self.sharing.is_some(),
            Field::Space => self.space.is_some(),
            Field::AppTypes => !self.app_types.is_empty(),
            Field::Associate => self.associate,
            Field::Workteam => self.workteam.is_some(),
            Field::Streaming => self.streaming.is_some(),
            Field::AutomatedLabeling => self.automated_labeling,
            Field::Follow => !self.follow.is_empty(),
            Field::OptOut => !self.opt_out.is_empty(),
            // Left out, it has a value all the same: the SDK's default.
            Field::StepJobNames => self.api.uses(Field::StepJobNames),
            Field::Steps => !self.steps.is_empty(),
            Field::PropertyFiles => !self.property_files.is_empty(),
            Field::CallbackQueues => !self.callback_queues.is_empty(),
        }
    }

    /// The S3 locations the workload's jobs read: its inputs, and its
    /// outputs when the service reads back what it writes there.
    pub fn reads(&self) -> impl Iterator<Item = &S3Location> {
        let back = self.api.outputs != crate::catalog::OutputUse::Write;
        self.inputs
            .iter()
            .chain(self.outputs.iter().filter(move |_| back))
    }

    /// The name the workload's SageMaker resources are named after: its
    /// own, or for an app, its space's or user profile's (the app ARN holds
    /// that name, not the app's).
    pub fn resource_base(&self) -> &str {
        match self.api.runs_under {
            RunsUnder::AppHost => self.host().unwrap_or(&self.name),
            _ => &self.name,
        }
    }
}

/// Asynchronous inference locations.
#[derive(Debug, Clone, Default)]
pub(super) struct Async {
    pub inputs: Vec<S3Location>,
    pub output: Vec<S3Location>,
    pub failure: Vec<S3Location>,
    pub topics: Vec<resource::Named<resource::SnsTopic>>,
}

/// Endpoint data capture: the S3 destinations and the keys the request
/// names for them.
#[derive(Debug, Clone, Default)]
pub(super) struct DataCapture {
    pub destination: Vec<S3Location>,
    pub keys: Vec<KmsKey>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Vpc {
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Kms {
    /// Keys of SSE-KMS objects the workload reads; no request names them.
    pub input: Vec<KmsKey>,
    /// The output key the create request names.
    pub output: Vec<KmsKey>,
    /// The volume key the create request names.
    pub volume: Vec<KmsKey>,
    /// Keys of the buckets' default SSE-KMS encryption, which S3 uses for
    /// the objects the workload writes and reads; no request names them.
    pub bucket_default: Vec<KmsKey>,
}

/// A role before its policies are built.
#[derive(Debug, Clone)]
pub(super) struct RoleDraft {
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    pub trust: TrustMode,
    /// Whether the spec writes `trust` (a `strict` it asks for warns when
    /// it cannot narrow; the default does not).
    pub trust_written: bool,
    /// Workloads assigned to the role (those with their own role), sorted.
    pub workloads: Vec<String>,
    /// `Some(buckets)` when the role opts into AmazonSageMakerFullAccess,
    /// with the buckets that get its S3 actions.
    pub full_access: Option<Vec<String>>,
    /// The role block's `statement`s, by name.
    pub statements: Vec<Declared>,
    /// Whether the role exists already (spec `existing = true`): its name
    /// is then the reference to its input.
    pub existing: bool,
}

/// A `statement` block of a role or caller, its values well formed: what
/// they allow is judged by the lint, as for every statement.
#[derive(Debug, Clone)]
pub(super) struct Declared {
    /// The block label.
    pub name: String,
    pub reason: String,
    /// Sorted, unique.
    pub actions: Vec<String>,
    /// Sorted, unique.
    pub resources: Vec<Str>,
    /// Sorted.
    pub conditions: Vec<Condition>,
    /// `allow_wildcard`: why the statement grants `*`.
    pub wildcard: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct CallerDraft {
    pub key: String,
    /// As written: an ARN, or the reference to an input of kind
    /// `iam_role_arn`.
    pub principal: String,
    /// The literal principal's parts; `None` when it is an input, a role.
    pub principal_parts: Option<resource::Principal>,
    pub passes: Vec<String>,
    pub launches: Vec<String>,
    /// Sorted: the spec's `follow`, or the kind's default.
    pub follow: Vec<Follow>,
    pub kind: CallerKind,
    /// Model registry workloads whose versions it may approve, sorted.
    pub approves: Vec<String>,
    /// The caller block's `statement`s, by name.
    pub statements: Vec<Declared>,
}

/// The workload whose role a workload runs under: itself, or its host, or
/// (for an app in a space) its host's host.
pub(super) fn role_holder<'a>(
    name: &'a str,
    workloads: &'a BTreeMap<String, Workload>,
) -> Option<&'a str> {
    let mut holder = name;
    // An app's host is a space, whose host has a role: two steps at most.
    for _ in 0..2 {
        match workloads.get(holder)?.host() {
            Some(h) => holder = h,
            None => break,
        }
    }
    Some(holder)
}

/// The role a launch of the workload passes (`iam:PassRole`): its own, for
/// APIs that take a role, except for a user profile that inherits its
/// domain's default role and so is created without one. `role_of` finds a
/// workload's role (callers pass an index, as they may launch many).
pub(super) fn role_passed_at_launch<'a>(
    name: &str,
    workloads: &BTreeMap<String, Workload>,
    role_of: impl Fn(&str) -> Option<&'a str>,
) -> Option<&'a str> {
    let w = workloads.get(name)?;
    if !w.api.passes_role() {
        return None;
    }
    let role = role_of(name)?;
    let inherits = w.api.creates("user-profile")
        && w.domain
            .as_deref()
            .is_some_and(|d| role_of(d) == Some(role));
    (!inherits).then_some(role)
}

/// The role a workload's jobs run under.
pub(super) fn role_of<'a>(
    name: &str,
    roles: &'a [RoleDraft],
    workloads: &BTreeMap<String, Workload>,
) -> Option<&'a str> {
    let owner = role_holder(name, workloads)?;
    roles
        .iter()
        .find(|r| r.workloads.iter().any(|x| x == owner))
        .map(|r| r.key.as_str())
}
