//! What sagerole knows about each SageMaker API, as data.
//!
//! The catalog is the only place that holds per-API knowledge: which spec
//! fields an API uses, which log group and trust scope its jobs have, which
//! caller actions create and manage its resources, and which request condition
//! keys pin what the spec declares. The model reads these tables; the emitters
//! never see an API name. Adding an API is a new entry in [`apis::APIS`], and
//! the invariant tests below check every entry.
//!
//! Sources are cited per entry, by AWS page. In comments, "the
//! execution-roles page" is the SageMaker Developer Guide's "How to use
//! SageMaker AI execution roles", "the confused-deputy page" its
//! "Cross-service confused deputy prevention", "the CloudWatch Logs page" its
//! "Log groups and streams that Amazon SageMaker AI sends to Amazon CloudWatch
//! Logs"; the Service Authorization Reference is its page for Amazon
//! SageMaker AI (and for the other services named). Text that reaches users
//! (`source`, reasons) names the pages by their full titles.

pub mod apis;
pub mod condition_keys;
pub mod guardrails;
pub mod input_kinds;
pub mod model_registry;
pub mod operators;
pub mod pipeline_steps;
pub mod policy_variables;
pub mod registries;

pub use apis::{APIS, AUTOML_LOG_GROUPS};

/// A spec field of a workload block that an API may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// S3 prefixes the job reads (`InputDataConfig`, `ProcessingInputs`, `TransformInput`).
    Inputs,
    /// S3 prefixes the job writes (`OutputDataConfig`, `ProcessingOutputConfig`, `TransformOutput`).
    Outputs,
    /// S3 locations of model artifacts (`PrimaryContainer.ModelDataUrl`, or
    /// `ModelDataSource.S3DataSource.S3Uri` for uncompressed models).
    ModelData,
    /// ECR image URIs of the containers.
    Images,
    /// The workload whose model (and so whose role) a batch transform runs.
    Model,
    /// `VpcConfig`: subnets and security groups.
    Vpc,
    /// KMS keys: `input` (objects read), `output` (the key the request
    /// names for the outputs: `OutputDataConfig.KmsKeyId`, an endpoint's
    /// `AsyncInferenceConfig.OutputConfig.KmsKeyId`), `volume` (the key the
    /// request names for storage volumes: `ResourceConfig.VolumeKmsKeyId`,
    /// an endpoint configuration's `KmsKeyId`, a domain's `KmsKeyId`),
    /// `bucket_default` (keys of the buckets' default SSE-KMS encryption,
    /// which no request names).
    Kms,
    /// Workloads this one launches under its own role (pipeline steps, jobs
    /// started from a notebook): its role gets what a caller gets for them.
    Launches,
    /// CloudWatch alarms that roll back an endpoint deployment (deployment guardrails).
    RollbackAlarms,
    /// Asynchronous inference: request inputs, result and failure paths, SNS topics.
    Async,
    /// Endpoint data capture (`DataCaptureConfig`): the S3 destination and
    /// the key the request names for it.
    DataCapture,
    /// Lambda functions the workload invokes (Ground Truth's pre- and
    /// post-annotation functions of custom labeling workflows).
    Lambdas,
    /// The Studio domain (a CreateDomain workload) a user profile or space
    /// belongs to; the role it runs under gets the domain key's grants.
    Domain,
    /// The user profile (a CreateUserProfile workload) that owns a space,
    /// or whose legacy Studio Classic app this is.
    Owner,
    /// A space's sharing type ([`Sharing`]): private (it runs under its
    /// owner's role) or shared (under the domain's space role).
    Sharing,
    /// The space (a CreateSpace workload) an app runs in.
    Space,
    /// The Studio app types (`AppType`) an app workload may create.
    AppTypes,
    /// Whether the output creates the domain's user profiles and spaces in
    /// an existing domain, with their execution roles set.
    Associate,
    /// The work team (`WorkteamArn`) that labels or reviews the tasks.
    Workteam,
    /// A streaming labeling job's SNS input topic and optional output topic.
    Streaming,
    /// Whether a labeling job trains and runs models to label part of the
    /// data itself (automated data labeling).
    AutomatedLabeling,
    /// With `launches`: what the workload's role may do to what it launched
    /// ([`Follow`]).
    Follow,
    /// Pins sagerole writes by default that the spec gives up, each with
    /// its reason ([`OptOut`]).
    OptOut,
    /// How SageMaker Pipelines names the jobs of a pipeline's steps
    /// ([`StepJobNames`]).
    StepJobNames,
    /// S3 prefixes of the property files a pipeline's `JsonGet` reads.
    PropertyFiles,
    /// SQS queues a pipeline's `CallbackStep`s send their tokens to.
    CallbackQueues,
    /// The SageMaker Python SDK step types a pipeline uses ([`PIPELINE_STEPS`]).
    Steps,
    /// The model package group (a model registry workload) whose versions
    /// a model is created from (a container's `ModelPackageName`).
    ModelPackageGroup,
    /// For a model package group: the accounts its resource policy shares
    /// its versions with (cross-account deployment).
    Consumers,
}

impl Field {
    /// Every field, in the order the spec's reader, its errors and the
    /// schema list them. The reader reads each by [`Field::spec_name`], so
    /// this list and the names below are the only ones.
    pub const ALL: [Field; 29] = [
        Field::Inputs,
        Field::Outputs,
        Field::ModelData,
        Field::Images,
        Field::Model,
        Field::Vpc,
        Field::Kms,
        Field::Launches,
        Field::RollbackAlarms,
        Field::Async,
        Field::DataCapture,
        Field::Lambdas,
        Field::Domain,
        Field::Owner,
        Field::Sharing,
        Field::Space,
        Field::AppTypes,
        Field::Associate,
        Field::Workteam,
        Field::Streaming,
        Field::AutomatedLabeling,
        Field::Follow,
        Field::OptOut,
        Field::StepJobNames,
        Field::PropertyFiles,
        Field::CallbackQueues,
        Field::Steps,
        Field::ModelPackageGroup,
        Field::Consumers,
    ];

    /// The field's name in a spec.
    pub const fn spec_name(self) -> &'static str {
        match self {
            Field::Inputs => "inputs",
            Field::Outputs => "outputs",
            Field::ModelData => "model_data",
            Field::Images => "images",
            Field::Model => "model",
            Field::Vpc => "vpc",
            Field::Kms => "kms",
            Field::Launches => "launches",
            Field::RollbackAlarms => "rollback_alarms",
            Field::Async => "async",
            Field::DataCapture => "data_capture",
            Field::Lambdas => "lambdas",
            Field::Domain => "domain",
            Field::Owner => "owner",
            Field::Sharing => "sharing",
            Field::Space => "space",
            Field::AppTypes => "app_types",
            Field::Associate => "associate",
            Field::Workteam => "workteam",
            Field::Streaming => "streaming",
            Field::AutomatedLabeling => "automated_labeling",
            Field::Follow => "follow",
            Field::OptOut => "opt_out",
            Field::StepJobNames => "step_job_names",
            Field::PropertyFiles => "property_files",
            Field::CallbackQueues => "callback_queues",
            Field::Steps => "steps",
            Field::ModelPackageGroup => "model_package_group",
            Field::Consumers => "consumers",
        }
    }

    /// What the field grants the role it runs under, for `sagerole apis`;
    /// `None` for fields that only place or pin the workload.
    pub fn role_grant(self, api: &Api) -> Option<&'static str> {
        Some(match self {
            Field::Inputs if api.object_inputs => "s3:GetObject on the input objects, s3:ListBucket on prefixes",
            Field::Inputs => "s3:ListBucket on the input prefixes, s3:GetObject below them",
            Field::Outputs => match api.outputs {
                OutputUse::Write => "s3:PutObject and s3:AbortMultipartUpload below the outputs",
                OutputUse::ReadBack => "s3:PutObject and s3:AbortMultipartUpload below the outputs, and s3:ListBucket and s3:GetObject to read them back",
                OutputUse::OfflineStore => "s3:PutObject, s3:AbortMultipartUpload, s3:PutObjectAcl, s3:ListBucket and s3:GetObject on the offline store, s3:GetBucketAcl on its bucket",
            },
            Field::ModelData => "s3:GetObject on the model artifacts; s3:ListBucket on a key name prefix (a key ending in /, uncompressed model data)",
            Field::Images if api.image_use == ImageUse::Inspect => {
                "ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the base images' repositories"
            }
            Field::Images => "ECR pull on the images' repositories (none for AWS-owned images) and ecr:GetAuthorizationToken",
            Field::Vpc if !api.vpc_addon => return None,
            Field::Vpc => "the EC2 network-interface actions of the VPC add-on",
            Field::Kms => match api.volume_key {
                VolumeKey::StudioDomain => "kms:CreateGrant and kms:DescribeKey on the domain key (volume); kms:Decrypt (input), kms:Encrypt/GenerateDataKey (output), kms:GenerateDataKey/Decrypt (bucket_default)",
                VolumeKey::Endpoint => "kms:Decrypt (input: model artifacts, asynchronous requests), kms:GenerateDataKey/Decrypt (output: asynchronous results; bucket_default); the volume key's kms:CreateGrant goes to the callers",
                VolumeKey::Job => "kms:Decrypt (input), kms:Encrypt/GenerateDataKey (output), kms:CreateGrant for AWS resources (volume), kms:GenerateDataKey/Decrypt (bucket_default)",
            },
            Field::Launches => "what a caller gets for the launched workloads: PassRole on their roles, their scoped create calls",
            Field::RollbackAlarms => "cloudwatch:DescribeAlarms on the alarms",
            Field::Async => "S3 on the request, result and failure paths; sns:Publish on the topics",
            Field::DataCapture => "s3:PutObject and s3:AbortMultipartUpload below the destination; kms:GenerateDataKey/Decrypt on its key",
            Field::Lambdas => "lambda:InvokeFunction on the functions",
            Field::PropertyFiles => "s3:GetObject below the prefixes (JsonGet reads the steps' property files)",
            Field::CallbackQueues => "sqs:SendMessage on the queues",
            Field::StepJobNames => "the names its create, describe and stop calls and the steps' log streams are scoped to: pipelines-* (service, the default) or the steps' own names (custom-prefix)",
            Field::Streaming => "SQS on the *GroundTruth* queues, sns:Subscribe on the input topic for them, sns:Publish on the output topic, sns:Unsubscribe on the input topic",
            Field::AutomatedLabeling => "iam:PassRole on itself only; the logs of its training and transform jobs",
            Field::Domain => "kms:CreateGrant and kms:DescribeKey on the domain's key (its kms.volume), as the domain's role gets them",
            Field::Follow if api.default_follow().is_empty() => "with launches: what it may do to what it launched (logs, update, delete, invoke; default none)",
            Field::Follow => "with launches: what it may do to what it launched (logs, update, delete, invoke; default logs and update)",
            Field::Model
            | Field::ModelPackageGroup
            | Field::Consumers
            | Field::Owner
            | Field::Sharing
            | Field::Space
            | Field::AppTypes
            | Field::Associate
            | Field::Workteam
            | Field::Steps
            | Field::OptOut => return None,
        })
    }

    /// The field a spec names `name`, if any.
    pub fn from_spec_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.spec_name() == name)
    }
}

/// Whose execution role a workload's permissions go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunsUnder {
    /// The API takes a role (`RoleArn`/`ExecutionRoleArn`): the workload's own role.
    OwnRole,
    /// The API takes no role and runs under the role of the model it names;
    /// CreateTransformJob runs under its model's `ExecutionRoleArn` (the
    /// Service Authorization Reference shows no PassRole dependency for
    /// CreateTransformJob).
    ModelRole,
    /// A Studio space takes no role (Service Authorization Reference: no
    /// PassRole for CreateSpace): a private space runs under its owner's
    /// user-profile role, a shared space under the domain's default space
    /// role whoever owns it (SageMaker Developer Guide, "Understanding
    /// domain space permissions and execution roles": "The shared space will
    /// be granted the permissions defined by the space default execution
    /// role").
    SpaceRole,
    /// A Studio app takes no role (Service Authorization Reference: no PassRole
    /// for CreateApp): it runs under the role of the space it runs in, or of
    /// the user profile whose Studio Classic app it is (Studio "Domain user
    /// profiles" and "spaces" guides). Its ARN is named after that space or
    /// profile.
    AppHost,
    /// The API runs nothing and takes no role: a model registry's groups
    /// and versions are records (SageMaker API Reference,
    /// CreateModelPackageGroup and CreateModelPackage take no role). Only
    /// whoever launches the workload gets grants, on its resources.
    NoRole,
}

/// A Studio space's sharing type (SageMaker API Reference,
/// SpaceSharingSettings.SharingType). Every space has an owner
/// (OwnershipSettings is required whenever SpaceSharingSettings is given, and
/// the aws provider requires `ownership_settings` with
/// `space_sharing_settings`); the sharing type says whose role it runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sharing {
    /// Only its owner uses it, under the owner's user-profile role.
    Private,
    /// Every user profile of the domain may use it, under the domain's
    /// default space role; its owner gets nothing from owning it.
    Shared,
}

impl Sharing {
    pub const ALL: [Sharing; 2] = [Sharing::Private, Sharing::Shared];

    /// The value a spec's `sharing` writes.
    pub const fn spec_name(self) -> &'static str {
        match self {
            Sharing::Private => "private",
            Sharing::Shared => "shared",
        }
    }

    /// The value of `SpaceSharingSettings.SharingType` and of the
    /// `sagemaker:SpaceSharingType` condition key.
    pub const fn api_name(self) -> &'static str {
        match self {
            Sharing::Private => "Private",
            Sharing::Shared => "Shared",
        }
    }
}

/// How far a role's trust policy may narrow `aws:SourceArn` for this API's
/// feature (the confused-deputy page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustScope {
    /// On the confused-deputy page's list and narrowable to the job kind,
    /// `kind` (e.g. `training-job/*`), and, where the page allows one
    /// resource's ARN ("You can replace the aws:SourceArn in this template
    /// with the full ARN of one specific training job"), further to the
    /// resources `one` names (`{name}` for each of the workload's names,
    /// [`crate::model::names::name_patterns`]). `one` is used only for a
    /// workload whose every job the spec names: one that something in the
    /// spec launches, and nothing that names its launches itself
    /// ([`NAMES_ITS_LAUNCHES`]).
    JobKind {
        kind: &'static str,
        one: Option<&'static str>,
    },
    /// On the confused-deputy page's list, but only the account-wide
    /// `arn:...:sagemaker:region:account:*` is allowed ("Do not replace the
    /// aws:SourceArn ... of a specific model or endpoint").
    AccountWide,
    /// Not on the confused-deputy page's list: whether SageMaker sends
    /// `aws:SourceArn` is undocumented, so only `aws:SourceAccount` is used.
    SourceAccountOnly,
}

/// APIs whose resources start the workloads they launch under names the
/// service chooses: a pipeline's steps run as jobs named
/// `pipelines-<executionId>-<stepNamePrefix>-<entityToken>-<failureCount>`
/// unless the pipeline uses custom job prefixes (SageMaker Developer Guide,
/// "Customize access management for Pipelines jobs";
/// [`pipeline_steps::StepJobNames`]). A role's trust cannot be narrowed to
/// the names of a workload such an API launches by default, only to its
/// job kind.
pub const NAMES_ITS_LAUNCHES: &[&str] = &["CreatePipeline"];

/// Where a workload's jobs write CloudWatch logs (the CloudWatch Logs page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogGroup {
    /// One group for every job of the kind, e.g. `/aws/sagemaker/TrainingJobs`.
    Shared(&'static str),
    /// One group per resource, named `<prefix><resource name>`, e.g.
    /// `/aws/sagemaker/Endpoints/<endpoint name>`.
    PerResource(&'static str),
    /// Jobs the service starts and names itself, logging to these groups (a
    /// trailing `*`: every group of the prefix, one per resource the
    /// service names); streams cannot be scoped by name.
    ServiceNamed(&'static [&'static str]),
    /// One shared group whose streams are named after jobs the service
    /// names itself (monitoring executions): any stream of the group.
    SharedAnyStream(&'static str),
}

/// A log group (or a pattern of group names) as IAM policies name it for
/// every CloudWatch Logs action but TagResource, UntagResource and
/// ListTagsForResource: the group's ARN with a trailing `:*` ("Use this
/// version to refer to the ARN in IAM policies when specifying permissions
/// for most API actions", CloudWatch Logs API Reference, data type
/// `LogGroup`, field `arn`; the CloudWatch Logs User Guide, "Overview of
/// managing access permissions to your CloudWatch Logs resources", says the
/// same). CreateLogGroup and DescribeLogStreams are evaluated against
/// `log-group:NAME:log-stream:`, which the bare `log-group:NAME` does not
/// match, so a first job in a fresh account could not create its group. A
/// pattern that already ends in `*` covers the `:*` and stays as it is.
pub fn log_group_resource(group: &str) -> String {
    if group.ends_with('*') {
        format!("log-group:{group}")
    } else {
        format!("log-group:{group}:*")
    }
}

/// What a workload's `images` are to its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageUse {
    /// Containers the jobs run: the ECR pull actions and the auth token
    /// (execution-roles page).
    Run,
    /// Base images SageMaker reads to build image versions: only
    /// `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` (execution-roles page, CreateImage).
    Inspect,
}

/// A `sagemaker:` action the caller needs on a resource the workload creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallerAction {
    pub action: &'static str,
    /// The resource types the action takes (Service Authorization Reference),
    /// each scoped to the workload's name prefix.
    pub resource_types: &'static [&'static str],
}

/// A request condition key of the create action that pins a spec setting.
///
/// The KMS keys are the `...KmsKeyArn` ones: AWS deprecated
/// `sagemaker:VolumeKmsKey`, `sagemaker:OutputKmsKey` and
/// `sagemaker:FeatureGroupOfflineStoreKmsKey` ("This key has been deprecated.
/// It has been replaced by sagemaker:VolumeKmsKeyArn", Service Authorization
/// Reference, Amazon SageMaker AI, condition keys) and lists only the new
/// keys on the create calls. The new keys hold the key's ARN ("The ARN of
/// the key-id must be used"), so the pinned values are key ARNs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKey {
    /// `sagemaker:VpcSubnets` (ArrayOfString) from `vpc.subnets`.
    VpcSubnets,
    /// `sagemaker:VpcSecurityGroupIds` (ArrayOfString) from `vpc.security_groups`.
    VpcSecurityGroupIds,
    /// `sagemaker:VolumeKmsKeyArn` (ARN) from `kms.volume`.
    VolumeKmsKeyArn,
    /// `sagemaker:OutputKmsKeyArn` (ARN) from `kms.output`.
    OutputKmsKeyArn,
    /// `sagemaker:ModelArn` (ARN) from `model`.
    ModelArn,
    /// `sagemaker:ModelArn` (ARN) of the endpoint configuration a
    /// `CreateModel` workload's caller creates: the workload's own models,
    /// named as its `CreateModel` grant names them, so that the caller
    /// serves no other model from it.
    OwnModelArn,
    /// `sagemaker:WorkteamArn` (ARN) from `workteam`.
    WorkteamArn,
    /// `sagemaker:FeatureGroupOfflineStoreS3Uri` (String) from `outputs`.
    FeatureGroupOfflineStoreS3Uri,
    /// `sagemaker:FeatureGroupOfflineStoreKmsKeyArn` (ARN) from `kms.output`.
    FeatureGroupOfflineStoreKmsKeyArn,
    /// `sagemaker:RootAccess` (String) = `Disabled`, unless the spec opts
    /// out ([`OptOut::RootAccess`]).
    RootAccess,
    /// `sagemaker:MinimumInstanceMetadataServiceVersion` (String) = `2`
    /// (IMDSv2 only), unless the spec opts out ([`OptOut::ImdsV1`]).
    MinimumInstanceMetadataServiceVersion,
    /// `sagemaker:DirectInternetAccess` (String) = `Disabled` when the
    /// workload declares a `vpc`, unless the spec opts out
    /// ([`OptOut::DirectInternetAccess`]).
    DirectInternetAccess,
    /// `sagemaker:OwnerUserProfileArn` (ARN) on CreateSpace: the user
    /// profile of the space's `owner`, so that the caller cannot give a
    /// private space (and its owner's role) to another profile, nor a shared
    /// space to an owner the spec does not name. SageMaker Developer Guide,
    /// "Give your users access to spaces": its policy pins CreateSpace with
    /// this key for private and shared spaces alike.
    OwnerUserProfileArn,
    /// `sagemaker:SpaceSharingType` (String) on CreateSpace: the space's
    /// `sharing` (`Private` or `Shared`, SageMaker API Reference,
    /// SpaceSharingSettings), so that a private space is not created shared,
    /// under the domain's space role, nor a shared one private, under its
    /// owner's.
    SpaceSharingType,
    /// `sagemaker:OwnerUserProfileArn` on CreateApp, from the app's `space`:
    /// an app of a private space carries the space's owner and is pinned to
    /// that profile; any other app (a shared space's, a Studio Classic app
    /// of a profile) is pinned to carry none (`Null`), so that a grant on
    /// its app names never reaches a private space of a matching name, whose
    /// apps run under its owner's role. SageMaker Developer Guide, "Give your
    /// users access to spaces": its policy allows CreateApp with
    /// OwnerUserProfileArn the user's own profile and SpaceSharingType
    /// `Private` for private spaces, and every other app on `app/*` only
    /// with OwnerUserProfileArn `Null`.
    AppSpaceOwner,
    /// `sagemaker:SpaceSharingType` on CreateApp: `Private` for an app of a
    /// private space (same page). An app of a shared space is not pinned on
    /// it: AWS does not document that its request carries the key.
    AppSpacePrivate,
    /// `sagemaker:ModelApprovalStatus` (String) of a registered version =
    /// `PendingManualApproval` where the request names a status: whoever
    /// registers a version does not approve it too. A request without the
    /// status registers it pending (SageMaker Python SDK,
    /// `Model.register`: approval_status "default: PendingManualApproval").
    RegistersPending,
}

impl RequestKey {
    pub fn key(self) -> &'static str {
        match self {
            RequestKey::VpcSubnets => "sagemaker:VpcSubnets",
            RequestKey::VpcSecurityGroupIds => "sagemaker:VpcSecurityGroupIds",
            RequestKey::VolumeKmsKeyArn => "sagemaker:VolumeKmsKeyArn",
            RequestKey::OutputKmsKeyArn => "sagemaker:OutputKmsKeyArn",
            RequestKey::ModelArn | RequestKey::OwnModelArn => "sagemaker:ModelArn",
            RequestKey::WorkteamArn => "sagemaker:WorkteamArn",
            RequestKey::FeatureGroupOfflineStoreS3Uri => "sagemaker:FeatureGroupOfflineStoreS3Uri",
            RequestKey::FeatureGroupOfflineStoreKmsKeyArn => {
                "sagemaker:FeatureGroupOfflineStoreKmsKeyArn"
            }
            RequestKey::RootAccess => "sagemaker:RootAccess",
            RequestKey::RegistersPending => "sagemaker:ModelApprovalStatus",
            RequestKey::DirectInternetAccess => "sagemaker:DirectInternetAccess",
            RequestKey::MinimumInstanceMetadataServiceVersion => {
                "sagemaker:MinimumInstanceMetadataServiceVersion"
            }
            RequestKey::OwnerUserProfileArn | RequestKey::AppSpaceOwner => {
                "sagemaker:OwnerUserProfileArn"
            }
            RequestKey::SpaceSharingType | RequestKey::AppSpacePrivate => {
                "sagemaker:SpaceSharingType"
            }
        }
    }

    /// The operator that compares the key with the spec's values. Multivalued
    /// keys take `ForAllValues:StringEquals` (with a `Null` test beside it).
    pub fn operator(self) -> &'static str {
        match self {
            RequestKey::VpcSubnets | RequestKey::VpcSecurityGroupIds => "ForAllValues:StringEquals",
            // The model's name is a prefix; the S3 URI a prefix of the store.
            RequestKey::ModelArn | RequestKey::OwnModelArn => "ArnLike",
            RequestKey::FeatureGroupOfflineStoreS3Uri => "StringLike",
            RequestKey::RootAccess
            | RequestKey::MinimumInstanceMetadataServiceVersion
            | RequestKey::DirectInternetAccess
            | RequestKey::SpaceSharingType
            | RequestKey::AppSpacePrivate => "StringEquals",
            // The profile's ARN holds the domain id, which sagerole writes
            // as `*` when it is not an input. An app of a shared space is
            // tested with `Null` instead (request_conditions).
            RequestKey::OwnerUserProfileArn | RequestKey::AppSpaceOwner => "ArnLike",
            // A request without the status registers the version pending.
            RequestKey::RegistersPending => "StringEqualsIfExists",
            RequestKey::VolumeKmsKeyArn
            | RequestKey::OutputKmsKeyArn
            | RequestKey::WorkteamArn
            | RequestKey::FeatureGroupOfflineStoreKmsKeyArn => "ArnEquals",
        }
    }

    /// The value a key that pins a setting of sagerole's own (not one the
    /// spec declares) must have, and the opt-out that drops it.
    ///
    /// SageMaker Developer Guide, "Control root access to a SageMaker
    /// notebook instance" (its policy allows CreateNotebookInstance and
    /// UpdateNotebookInstance only with sagemaker:RootAccess `Disabled`);
    /// AWS Machine Learning Blog, "Amazon SageMaker Notebook Instances now
    /// support configuring and restricting IMDS versions"
    /// (sagemaker:MinimumInstanceMetadataServiceVersion `2` allows only
    /// IMDSv2 instances).
    pub fn default_pin(self) -> Option<(&'static str, OptOut)> {
        match self {
            RequestKey::RootAccess => Some(("Disabled", OptOut::RootAccess)),
            RequestKey::MinimumInstanceMetadataServiceVersion => Some(("2", OptOut::ImdsV1)),
            RequestKey::DirectInternetAccess => Some(("Disabled", OptOut::DirectInternetAccess)),
            _ => None,
        }
    }

    /// The field a default pin applies with: AWS allows
    /// `DirectInternetAccess = Disabled` only for a notebook in a subnet
    /// (SageMaker API Reference, CreateNotebookInstance: DirectInternetAccess).
    pub fn default_pin_needs(self) -> Option<Field> {
        match self {
            RequestKey::DirectInternetAccess => Some(Field::Vpc),
            _ => None,
        }
    }

    /// Whether the key is multivalued (type ArrayOfString in the Service
    /// Authorization Reference), so that a `ForAllValues:` test needs a
    /// `Null` test beside it to deny requests that leave the key out.
    pub fn is_multivalued(self) -> bool {
        matches!(
            self,
            RequestKey::VpcSubnets | RequestKey::VpcSecurityGroupIds
        )
    }
}

/// The request condition keys of one of an API's other create calls, or
/// of one of its `manage` calls that AWS pins as it pins the create call
/// (an app's DeleteApp, like its CreateApp).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pins {
    /// The call, one of the API's `create[1..]` or `manage`.
    pub action: &'static str,
    /// Keys of that call (in the Service Authorization Reference's entry
    /// for it) that pin what the spec declares.
    pub keys: &'static [RequestKey],
    /// What the call carries from the spec that AWS has no condition key
    /// for: the field that sets it and what it is. The reason of the
    /// caller's statement says so for the fields a workload sets.
    pub unpinned: &'static [(Field, &'static str)],
    /// Whether a request that leaves a key out keeps the resource's current
    /// setting (an update call): the key's test is then `...IfExists`, so
    /// that an update that does not touch the setting is allowed.
    pub absent_keeps: bool,
}

/// A pin that sagerole writes by default and a spec may give up, with a
/// reason, in a workload's `opt_out` block; the lint warns about each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OptOut {
    /// Users of the notebook may have root access
    /// (`sagemaker:RootAccess = Disabled` is not pinned).
    RootAccess,
    /// The notebook instance may answer IMDSv1 requests
    /// (`sagemaker:MinimumInstanceMetadataServiceVersion = 2` is not pinned).
    ImdsV1,
    /// A notebook in a VPC may also reach the internet directly
    /// (`sagemaker:DirectInternetAccess = Disabled` is not pinned).
    DirectInternetAccess,
}

impl OptOut {
    /// Every opt-out, in the order the spec, the schema and the errors list them.
    pub const ALL: [OptOut; 3] = [
        OptOut::RootAccess,
        OptOut::ImdsV1,
        OptOut::DirectInternetAccess,
    ];

    pub const fn spec_name(self) -> &'static str {
        match self {
            OptOut::RootAccess => "root_access",
            OptOut::ImdsV1 => "imds_v1",
            OptOut::DirectInternetAccess => "direct_internet_access",
        }
    }

    /// What the workload then allows, for warnings and documents.
    pub const fn what(self) -> &'static str {
        match self {
            OptOut::RootAccess => "root access for the notebook's users (sagemaker:RootAccess is not pinned to Disabled)",
            OptOut::ImdsV1 => "IMDSv1 on the notebook instance (sagemaker:MinimumInstanceMetadataServiceVersion is not pinned to 2)",
            OptOut::DirectInternetAccess => "direct internet access from the notebook's VPC (sagemaker:DirectInternetAccess is not pinned to Disabled)",
        }
    }
}

/// What a workload's `kms.volume` key is, and who needs `kms:CreateGrant`
/// on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VolumeKey {
    /// The ML storage volume key of the API's jobs
    /// (`ResourceConfig.VolumeKmsKeyId` and kin). The execution-roles page:
    /// the role needs kms:CreateGrant ("when a volume KMS key is set");
    /// the API permissions reference asks it of the caller only when the
    /// role lacks it ("and the associated role does not have a policy that
    /// permits this action"), so the role gets it.
    Job,
    /// An endpoint configuration's `KmsKeyId`, for the storage volume of
    /// the instances that host the endpoint. SageMaker Developer Guide,
    /// "Amazon SageMaker AI API Permissions: Actions, Permissions, and
    /// Resources Reference", CreateEndpoint: "kms:CreateGrant (required only
    /// if the associated EndPointConfig has a KmsKeyId specified)", with no
    /// alternative through the role as for jobs: the principal that calls
    /// CreateEndpoint needs it, so callers (and launching roles) get it.
    Endpoint,
    /// A Studio domain's `KmsKeyId`: the roles of the domain and of
    /// everyone in it need kms:CreateGrant and kms:DescribeKey
    /// (execution-roles page, "CreateDomain and CreateUserProfile").
    StudioDomain,
}

/// One SageMaker API that a workload block can name.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    /// The API name as written in a spec's `api`.
    pub name: &'static str,
    /// What a workload of this API is, in a few words, for documents.
    pub summary: &'static str,
    /// The AWS pages the entry rests on.
    pub source: &'static str,
    /// The job kind, for Sids and comments ("training job").
    pub noun: &'static str,
    pub runs_under: RunsUnder,
    /// Spec fields the API uses; any other field is an error.
    pub fields: &'static [Field],
    /// Spec fields that must be present.
    pub required: &'static [Field],
    pub trust: TrustScope,
    /// `None` when the API's work logs under another workload (none so far).
    pub log_group: Option<LogGroup>,
    /// The longest resource name SageMaker accepts for the created resource;
    /// the workload's name prefix must leave room within it.
    pub max_name_len: usize,
    /// Actions that create the workload's resources; the first is the API itself.
    pub create: &'static [CallerAction],
    /// Read and stop actions on the same resources.
    pub manage: &'static [CallerAction],
    /// Condition keys of the API's own create action that pin spec settings.
    pub request_keys: &'static [RequestKey],
    /// Whether the role passes itself to SageMaker (AutoML deploys models
    /// under its own role): `iam:PassRole` on exactly its own ARN.
    pub passes_own_role: bool,
    /// `sagemaker:` actions the role performs itself on resources that the
    /// service names (AutoML's candidate models and endpoints): granted on
    /// the resource type in the deploying account (in the spec's regions).
    pub role_actions: &'static [CallerAction],
    /// Why any part of the entry is inferred rather than documented by AWS;
    /// empty when AWS documents it all.
    pub inferred: &'static str,
    pub image_use: ImageUse,
    /// Fixed grants of the role beyond what the spec fields imply, such as
    /// the Glue catalog of Feature Store's offline store.
    pub role_grants: &'static [RoleGrant],
    /// What `kms.volume` names, and so who gets `kms:CreateGrant` on it.
    pub volume_key: VolumeKey,
    /// Condition keys of the API's other create calls (`create[1..]`) that
    /// pin spec settings, and what those calls carry that no key pins.
    pub other_pins: &'static [Pins],
    /// Other dependent actions of the create call (Service Authorization
    /// Reference), granted to callers on exactly the resource they need.
    pub caller_grants: &'static [CallerGrant],
    /// Whether an input key that does not end in `/` names one object (a
    /// model archive) rather than a key prefix; such inputs are read, not listed.
    pub object_inputs: bool,
    pub outputs: OutputUse,
    /// The `sagemaker:` actions each [`Follow`] value grants on the
    /// workload's resources, beyond creating, describing and stopping them;
    /// `logs` is [`LogGroup::follow_reads`].
    pub follow: &'static [FollowAction],
    /// What the SageMaker Python SDK's `get_execution_role()` reads to find
    /// the role it runs under, for the interactive APIs (notebooks, Studio);
    /// empty for the others. A role that serves such a workload also reads
    /// itself (`iam:GetRole`), the SDK's fallback for the role's path.
    pub finds_itself: &'static [SelfLookup],
    /// The EventBridge rule that Step Functions creates in the account to
    /// learn when a job it runs with `.sync` ends: a state machine that
    /// launches the workload needs `events:PutTargets`, `events:PutRule` and
    /// `events:DescribeRule` on it. `None` where AWS names no rule.
    pub step_functions_rule: Option<&'static str>,
    /// Whether a workload's `vpc` gives its role the VPC add-on's EC2
    /// network-interface actions (execution-roles page). Notebook
    /// instances have none there: their `vpc` only pins the caller.
    pub vpc_addon: bool,
}

/// What the service does with a workload's `outputs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputUse {
    /// Writes them (execution-roles page: s3:PutObject on the output path).
    Write,
    /// Writes and reads them back, so they are listed and read like
    /// inputs: AutoML's candidate jobs read the data it prepares there, and
    /// Ground Truth consolidates the annotations it writes there (AWS's
    /// policies grant GetObject and ListBucket on both).
    ReadBack,
    /// Feature Store's offline store: read back (its Iceberg and manifest
    /// metadata), with the object and bucket ACL actions of
    /// AmazonSageMakerFeatureStoreAccess.
    OfflineStore,
}

/// What a caller, or a workload that launches others, may do to what it
/// launched beyond creating, describing and stopping it: a spec's `follow`.
/// What each value grants is per API ([`Api::follow`],
/// [`LogGroup::follow_reads`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Follow {
    /// Read the launched jobs' CloudWatch logs, as the SageMaker Python
    /// SDK's `fit()`, `wait()` and `logs=True` do.
    Logs,
    /// Change what was launched in place: a new endpoint configuration
    /// (`deploy(update_endpoint=True)`), a pipeline's tags on `upsert()`.
    Update,
    /// Delete it: an endpoint, its configuration and model
    /// (`Predictor.delete_endpoint()`, `delete_model()`), a pipeline.
    Delete,
    /// Call the launched endpoints (`Predictor.predict()`).
    Invoke,
}

impl Follow {
    /// Every value, in the order the spec, the schema and the errors list them.
    pub const ALL: [Follow; 4] = [Follow::Logs, Follow::Update, Follow::Delete, Follow::Invoke];

    /// `follow` when a caller leaves it out: what a CI deployer needs to
    /// watch a job it started and to roll out a new model or pipeline
    /// version. Deleting and invoking are asked for.
    pub const DEFAULT: &'static [Follow] = &[Follow::Logs, Follow::Update];

    pub const fn spec_name(self) -> &'static str {
        match self {
            Follow::Logs => "logs",
            Follow::Update => "update",
            Follow::Delete => "delete",
            Follow::Invoke => "invoke",
        }
    }

    pub fn from_spec_name(name: &str) -> Option<Follow> {
        Follow::ALL.into_iter().find(|f| f.spec_name() == name)
    }
}

/// A `sagemaker:` action that a [`Follow`] value grants on the resources a
/// workload's launches create (scoped like its create calls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowAction {
    pub follow: Follow,
    pub action: CallerAction,
    /// Granted only when the workload sets this field (asynchronous
    /// invocation needs `async`).
    pub with: Option<Field>,
    /// The SDK call or AWS page that makes the request.
    pub source: &'static str,
}

/// A CloudWatch Logs read of `follow = ["logs"]`, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogRead {
    pub action: &'static str,
    pub reason: &'static str,
}

/// The CloudWatch Logs reads of `follow = ["logs"]`: actions on the log
/// group, and on the log streams of the launched resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogReads {
    pub group: &'static [LogRead],
    pub streams: &'static [LogRead],
}

const LIST_JOB_STREAMS: LogRead = LogRead {
    action: "logs:DescribeLogStreams",
    reason: "list the log streams of the launched jobs and endpoints, as the SageMaker Python SDK's fit(), wait() and logs=True do for a job (Session.logs_for_job, logs_for_processing_job, logs_for_transform_job: DescribeLogStreams with the job's name as the stream prefix)",
};
const FILTER_OWN_GROUP: LogRead = LogRead {
    action: "logs:FilterLogEvents",
    reason: "read the launched endpoints' log groups, as the SageMaker Python SDK's deploy(endpoint_logging=True) does (Session.wait_for_endpoint with live_logging: FilterLogEvents on /aws/sagemaker/Endpoints/<endpoint>)",
};
const READ_STREAMS: LogRead = LogRead {
    action: "logs:GetLogEvents",
    reason: "read the launched jobs' and endpoints' log streams, as the SageMaker Python SDK does while it follows a job (sagemaker.logs.log_stream: GetLogEvents)",
};

impl LogGroup {
    /// What following a workload's logs reads, where that can be limited to
    /// the workload's own streams; `None` where the service names the jobs
    /// (AutoML, monitoring executions, labeling, Studio): reading them would
    /// mean reading every stream of a group other workloads share.
    /// FilterLogEvents reads every stream of a group, so only a group of
    /// the resource's own gets it.
    pub const fn follow_reads(self) -> Option<LogReads> {
        match self {
            LogGroup::Shared(_) => Some(LogReads {
                group: &[LIST_JOB_STREAMS],
                streams: &[READ_STREAMS],
            }),
            LogGroup::PerResource(_) => Some(LogReads {
                group: &[LIST_JOB_STREAMS, FILTER_OWN_GROUP],
                streams: &[READ_STREAMS],
            }),
            LogGroup::ServiceNamed(_) | LogGroup::SharedAnyStream(_) => None,
        }
    }
}

/// A read of the SDK's `get_execution_role()` on the identity an
/// interactive workload runs as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelfLookup {
    pub action: &'static str,
    pub resource_type: &'static str,
    pub scope: LookupScope,
}

/// Which resources a [`SelfLookup`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupScope {
    /// The workload's own resources (its notebook instance, its profile;
    /// for a domain, whose ARN holds only its id, the account's domains).
    Own,
    /// Every resource named with the spec's name prefix: a domain's role is
    /// the role of each user profile that inherits it, also of profiles
    /// the team creates later, outside the spec.
    Team,
}

/// What a caller is, for what it needs beyond its launches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CallerKind {
    /// A role or user that calls SageMaker itself: an SDK, the CLI,
    /// Terraform or CloudFormation.
    Direct,
    /// The execution role of a Step Functions state machine whose tasks
    /// call SageMaker: it also keeps the EventBridge rules of the `.sync`
    /// tasks ([`Api::step_functions_rule`]) and reads the jobs' tags.
    StepFunctions,
}

impl CallerKind {
    pub const ALL: [CallerKind; 2] = [CallerKind::Direct, CallerKind::StepFunctions];

    pub const fn spec_name(self) -> &'static str {
        match self {
            CallerKind::Direct => "direct",
            CallerKind::StepFunctions => "step-functions",
        }
    }

    pub fn from_spec_name(name: &str) -> Option<CallerKind> {
        CallerKind::ALL.into_iter().find(|k| k.spec_name() == name)
    }

    /// `follow` when the caller leaves it out. A state machine reads no
    /// logs; it may update an endpoint (Step Functions' optimized
    /// UpdateEndpoint task).
    pub const fn default_follow(self) -> &'static [Follow] {
        match self {
            CallerKind::Direct => Follow::DEFAULT,
            CallerKind::StepFunctions => &[Follow::Update],
        }
    }
}

/// A fixed statement for the callers of an API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallerGrant {
    pub sid: &'static str,
    pub action: &'static str,
    /// An IAM resource in the deploying account (no region), e.g. a role path and name.
    pub iam_resource: &'static str,
    /// (operator, key, value) pinning the call.
    pub condition: (&'static str, &'static str, &'static str),
    pub reason: &'static str,
}

/// A fixed statement of an API's execution role, on resources in the
/// deploying account, in the spec's regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleGrant {
    pub sid: &'static str,
    pub actions: &'static [&'static str],
    /// (service, resource) pairs: `("glue", "database/sagemaker_featurestore")`
    /// is `arn:<partition>:glue:<region>:<account>:database/sagemaker_featurestore`,
    /// once for each of the spec's regions.
    pub resources: &'static [(&'static str, &'static str)],
    pub reason: &'static str,
}

impl Api {
    pub fn uses(&self, field: Field) -> bool {
        self.fields.contains(&field)
    }

    /// Whether a launch creates resources of `resource_type` (a domain, a
    /// user profile, a model, ...), by any of its create actions.
    pub fn creates(&self, resource_type: &str) -> bool {
        self.create
            .iter()
            .any(|c| c.resource_types.contains(&resource_type))
    }

    /// The request keys that pin `action`, one of the API's create calls
    /// or a `manage` call with [`Pins`] of its own.
    pub fn request_keys_of(&self, action: &str) -> &'static [RequestKey] {
        if action == self.create[0].action {
            return self.request_keys;
        }
        self.other_pins
            .iter()
            .find(|p| p.action == action)
            .map_or(&[], |p| p.keys)
    }

    /// Whether a request of `action`, one of the API's create calls, that
    /// leaves a key out keeps the resource's setting ([`Pins::absent_keeps`]).
    pub fn absent_keeps(&self, action: &str) -> bool {
        self.other_pins
            .iter()
            .any(|p| p.action == action && p.absent_keeps)
    }

    /// What `action`, one of the API's create calls, carries that AWS has
    /// no condition key for, by the field that sets it.
    pub fn unpinned_of(&self, action: &str) -> &'static [(Field, &'static str)] {
        self.other_pins
            .iter()
            .find(|p| p.action == action)
            .map_or(&[], |p| p.unpinned)
    }

    /// Whether the caller needs `iam:PassRole` to call this API.
    pub fn passes_role(&self) -> bool {
        self.runs_under == RunsUnder::OwnRole
    }

    /// `follow` of a workload of this API that launches others, when the
    /// spec leaves it out: people at a notebook or in Studio (the APIs that
    /// find themselves) follow what they launch as a CI deployer does; a
    /// pipeline execution only creates, describes and stops its steps.
    pub fn default_follow(&self) -> &'static [Follow] {
        if self.finds_itself.is_empty() {
            &[]
        } else {
            Follow::DEFAULT
        }
    }
}

/// A resource type whose ARN is not `<type>/<name>` (it carries a
/// service-generated id, or names its parent), and the patterns a
/// workload's resources of that type match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdScopedType {
    pub resource_type: &'static str,
    /// The resource part of the ARN, `{name}` standing for the resources'
    /// name (or a pattern of names), [`DOMAIN_ID`] for the Studio domain's
    /// id where the ARN holds one.
    pub pattern: &'static str,
    /// For a type whose ARN also names a kind that a spec may narrow to (an
    /// app's `AppType`): the resource part for one kind, `{kind}` standing
    /// for it.
    pub of_kind: Option<&'static str>,
}

/// A domain is `domain/<DomainId>` (no name at all), a user profile
/// `user-profile/<DomainId>/<UserProfileName>`, an app
/// `app/<DomainId>/<UserProfileName or SpaceName>/<AppType>/<AppName>`, an
/// image version `image-version/<ImageName>/<Version>`, and a pipeline
/// execution, whose ARN is not of a type of its own but below its
/// pipeline's, `pipeline/<PipelineName>/execution/<RandomString>` (Service
/// Authorization Reference).
pub static ID_SCOPED_TYPES: &[IdScopedType] = &[
    IdScopedType {
        resource_type: "app",
        pattern: "app/{domain}/{name}/*/*",
        of_kind: Some("app/{domain}/{name}/{kind}/*"),
    },
    IdScopedType {
        resource_type: "domain",
        pattern: "domain/*",
        of_kind: None,
    },
    IdScopedType {
        resource_type: "image-version",
        pattern: "image-version/{name}/*",
        of_kind: None,
    },
    // A versioned model package is `model-package/<group>/<version>`
    // (SageMaker Developer Guide, "Make model package groups
    // discoverable": `model-package/<model-package-group-name>/*`): a
    // registry workload's packages are the versions of its groups.
    IdScopedType {
        resource_type: "model-package",
        pattern: "model-package/{name}/*",
        of_kind: None,
    },
    IdScopedType {
        resource_type: "pipeline-execution",
        pattern: "pipeline/{name}/execution/*",
        of_kind: None,
    },
    IdScopedType {
        resource_type: "space",
        pattern: "space/{domain}/{name}",
        of_kind: None,
    },
    IdScopedType {
        resource_type: "user-profile",
        pattern: "user-profile/{domain}/{name}",
        of_kind: None,
    },
];

fn id_scoped(resource_type: &str) -> Option<&'static IdScopedType> {
    ID_SCOPED_TYPES
        .iter()
        .find(|t| t.resource_type == resource_type)
}

/// Resource types whose resources carry exactly the name the spec gives
/// them, `<name_prefix>-<workload>`, and never that name and a suffix, so
/// that grants on them name it alone ([`crate::model::names::names_of`]):
///
/// - `model-package-group`: CreateModelPackageGroup names the group
///   ModelPackageGroupName (SageMaker API Reference), and the SageMaker
///   Python SDK sends the name it is given: `Model.register` and the
///   pipelines' RegisterModel step take `model_package_group_name`, and
///   `Session.create_model_package_from_containers` creates a missing group
///   under that very name (v2.257.6, src/sagemaker/session.py).
/// - `model-package`: a group's versions, `model-package/<group>/<version>`
///   ([`ID_SCOPED_TYPES`]), whose `{name}` is the group's.
/// - `pipeline`: CreatePipeline's PipelineName; the SDK's `Pipeline` sends
///   `PipelineName=self.name` to create, update, describe, start and delete
///   (v2.257.6, src/sagemaker/workflow/pipeline.py).
/// - `pipeline-execution`: `pipeline/<PipelineName>/execution/<id>`
///   (Service Authorization Reference), whose `{name}` is the pipeline's.
/// - `feature-group`: CreateFeatureGroup's FeatureGroupName; the SDK's
///   `FeatureGroup` sends `feature_group_name=self.name` to create,
///   describe, update and delete (v2.257.6,
///   src/sagemaker/feature_store/feature_group.py).
/// - `flow-definition`, `image`, `notebook-instance`: FlowDefinitionName,
///   ImageName, NotebookInstanceName of their create calls (SageMaker API
///   Reference), which the SDK does not call and so never names;
///   `image-version`, `image-version/<ImageName>/<Version>`, is below its
///   image's name.
/// - `user-profile`, `space`: CreateUserProfile's UserProfileName and
///   CreateSpace's SpaceName, which the SDK does not call either; `app`,
///   `app/<DomainId>/<UserProfileName or SpaceName>/<AppType>/<AppName>`,
///   is below its profile's or space's name (its AppName stays `*`).
///
/// Not here: the jobs, models, endpoint configurations, endpoints,
/// monitoring schedules and job definitions the SDK names
/// `name_from_base(base)`, the base and a timestamp, when a name is not
/// given (`Model.deploy`, `EstimatorBase.fit`, `ModelMonitor`), and an HPO
/// tuning job's training jobs, `<tuning-job-name>-NNN-xxxxxxxx`.
pub const NAMED_EXACTLY: &[&str] = &[
    "app",
    "feature-group",
    "flow-definition",
    "image",
    "image-version",
    "model-package",
    "model-package-group",
    "notebook-instance",
    "pipeline",
    "pipeline-execution",
    "space",
    "user-profile",
];

/// Whether a workload's resources of `resource_type` carry exactly its
/// AWS name ([`NAMED_EXACTLY`]).
pub fn named_exactly(resource_type: &str) -> bool {
    NAMED_EXACTLY.contains(&resource_type)
}

/// Where an id-scoped pattern holds the id of the Studio domain its
/// resource is in: user profiles, spaces and apps (Service Authorization
/// Reference, Amazon SageMaker AI: `user-profile/${DomainId}/...`,
/// `space/${DomainId}/...`, `app/${DomainId}/...`). The model fills it in
/// when the domain's id is an input of the output, else with `*`.
pub const DOMAIN_ID: &str = "{domain}";

/// The resource part of the ARNs of `resource_type` for resources named
/// `name`, a name or an IAM pattern of names (the model's
/// `names::name_patterns` decides which names a workload's resources carry),
/// in any Studio domain.
pub fn resource_pattern(resource_type: &str, name: &str) -> String {
    resource_pattern_in_domain(resource_type, name).replace(DOMAIN_ID, "*")
}

/// [`resource_pattern`] with [`DOMAIN_ID`] where the ARN holds the
/// domain's id.
pub fn resource_pattern_in_domain(resource_type: &str, name: &str) -> String {
    match id_scoped(resource_type) {
        Some(t) => t.pattern.replace("{name}", name),
        None => format!("{resource_type}/{name}"),
    }
}

/// [`resource_pattern_in_domain`] for the resources of one `kind`, for a
/// type whose ARN names one, once for each spelling of the kind that an ARN
/// may hold ([`kind_spellings`]); empty for the other types.
pub fn resource_patterns_of_kind(resource_type: &str, name: &str, kind: &str) -> Vec<String> {
    let Some(pattern) = id_scoped(resource_type).and_then(|t| t.of_kind) else {
        return Vec::new();
    };
    let pattern = pattern.replace("{name}", name);
    kind_spellings(kind)
        .iter()
        .map(|k| pattern.replace("{kind}", k))
        .collect()
}

/// The spellings of a Studio app type (`AppType`) in an app's ARN, which
/// IAM compares case-sensitively. AWS's own pages disagree. The SageMaker
/// API Reference spells the type `JupyterServer`, `KernelGateway`,
/// `JupyterLab` (CreateApp, AppType), and the app ARN in a Studio app's
/// metadata file keeps that spelling (SageMaker Developer Guide, "Get Studio
/// Notebook and App Metadata": `app/d-xxxxxxxxxxxx/profile-name/KernelGateway/...`).
/// The Developer Guide's domain-isolation examples write it in lower case
/// (`jupyterserver`), and SageMaker lowercases other names in the ARNs it
/// returns (SageMaker Developer Guide, "Understand SageMaker AI log file
/// entries": CreateEndpoint of `ExampleEndpoint` answers
/// `endpoint/exampleendpoint`). Until one spelling is confirmed, an app
/// grant covers both: the API's, and the same letters in lower case, which
/// name the same app type and no other.
pub fn kind_spellings(kind: &str) -> Vec<String> {
    let mut out = vec![kind.to_string()];
    let lower = kind.to_ascii_lowercase();
    if lower != kind {
        out.push(lower);
    }
    out
}

/// Whether a workload's resources of this type can be told apart by name; a
/// domain's ARN holds only its service-made id (Service Authorization
/// Reference).
pub fn is_named(resource_type: &str) -> bool {
    id_scoped(resource_type).is_none_or(|t| t.pattern.contains("{name}"))
}

/// The catalog entry for an API name, exactly as spelled.
pub fn api(name: &str) -> Option<&'static Api> {
    APIS.iter().find(|a| a.name == name)
}

/// Every API name, for suggestions and listings.
pub fn api_names() -> impl Iterator<Item = &'static str> {
    APIS.iter().map(|a| a.name)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn entries_are_unique_and_sorted_by_name() {
        let names: Vec<_> = APIS.iter().map(|a| a.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted, "APIS must be sorted by name without repeats");
    }

    #[test]
    fn the_first_create_action_is_the_api_itself() {
        for a in APIS {
            assert_eq!(
                a.create[0].action,
                format!("sagemaker:{}", a.name),
                "{}",
                a.name
            );
        }
    }

    #[test]
    fn required_fields_are_fields_and_model_role_apis_name_a_model() {
        for a in APIS {
            for f in a.required {
                assert!(
                    a.fields.contains(f),
                    "{}: required {f:?} is not a field",
                    a.name
                );
            }
            assert_eq!(
                a.runs_under == RunsUnder::ModelRole,
                a.required.contains(&Field::Model),
                "{}: an API that runs under its model's role must require `model`",
                a.name
            );
        }
    }

    #[test]
    fn request_keys_match_the_fields_that_set_them() {
        for a in APIS {
            for k in a
                .request_keys
                .iter()
                .chain(a.other_pins.iter().flat_map(|p| p.keys))
            {
                let field = match k {
                    // The own models need no field: an API that creates
                    // models always has them.
                    RequestKey::OwnModelArn => {
                        assert!(a.creates("model"), "{}: {k:?} without models", a.name);
                        continue;
                    }
                    // Every registration names a status or none: no field.
                    RequestKey::RegistersPending => {
                        assert!(
                            a.creates("model-package"),
                            "{}: {k:?} without model packages",
                            a.name
                        );
                        continue;
                    }
                    RequestKey::VpcSubnets | RequestKey::VpcSecurityGroupIds => Field::Vpc,
                    RequestKey::VolumeKmsKeyArn
                    | RequestKey::OutputKmsKeyArn
                    | RequestKey::FeatureGroupOfflineStoreKmsKeyArn => Field::Kms,
                    RequestKey::ModelArn => Field::Model,
                    RequestKey::WorkteamArn => Field::Workteam,
                    RequestKey::FeatureGroupOfflineStoreS3Uri => Field::Outputs,
                    RequestKey::RootAccess | RequestKey::MinimumInstanceMetadataServiceVersion => {
                        Field::OptOut
                    }
                    RequestKey::DirectInternetAccess => Field::Vpc,
                    RequestKey::OwnerUserProfileArn => Field::Owner,
                    RequestKey::SpaceSharingType => Field::Sharing,
                    // An app's space says both.
                    RequestKey::AppSpaceOwner | RequestKey::AppSpacePrivate => Field::Space,
                };
                assert!(
                    a.uses(field),
                    "{}: {k:?} without the field {field:?}",
                    a.name
                );
            }
        }
    }

    /// `Field::ALL` holds every field once, by distinct names: every field
    /// an API uses is in it, and each of it is used by some API.
    #[test]
    fn every_field_is_listed_once_and_used() {
        let names: BTreeSet<&str> = Field::ALL.iter().map(|f| f.spec_name()).collect();
        assert_eq!(names.len(), Field::ALL.len(), "spec names repeat");
        for f in Field::ALL {
            assert_eq!(Field::from_spec_name(f.spec_name()), Some(f));
            assert!(APIS.iter().any(|a| a.uses(f)), "no API uses {f:?}");
        }
        for a in APIS {
            for f in a.fields {
                assert!(
                    Field::ALL.contains(f),
                    "{}: {f:?} is not in Field::ALL",
                    a.name
                );
            }
        }
        assert_eq!(Field::from_spec_name("api"), None);
    }

    /// A launch creates what any of its create calls creates: CreateModel
    /// also creates the endpoint configuration and endpoint that serve the
    /// model, and no other API creates a model.
    #[test]
    fn an_api_creates_the_types_of_all_its_create_calls() {
        let create_model = api("CreateModel").unwrap();
        for t in ["model", "endpoint-config", "endpoint"] {
            assert!(create_model.creates(t), "{t}");
        }
        assert!(!create_model.creates("training-job"));
        let model_makers: Vec<&str> = APIS
            .iter()
            .filter(|a| a.creates("model"))
            .map(|a| a.name)
            .collect();
        assert_eq!(model_makers, ["CreateModel"]);
        assert!(!api("RenderUiTemplate").unwrap().creates(""));
    }

    /// The exactly named types are SageMaker resource types of the pinned
    /// IAM data whose ARNs name a resource (never a service-made id), and
    /// none of them is a job kind the SDK names after a base and a
    /// timestamp.
    #[test]
    fn exactly_named_types_are_named_sagemaker_types() {
        let sagemaker = crate::iam_data::data().service("sagemaker").unwrap();
        let mut sorted = NAMED_EXACTLY.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, NAMED_EXACTLY);
        for t in NAMED_EXACTLY {
            assert!(sagemaker.resource_types.contains_key(*t), "{t}");
            assert!(is_named(t), "{t}");
        }
        for t in [
            "training-job",
            "processing-job",
            "transform-job",
            "model",
            "endpoint",
            "endpoint-config",
        ] {
            assert!(!named_exactly(t), "{t}");
        }
    }

    /// Each id-scoped pattern covers a resource of its type, its ARN written
    /// as the Service Authorization Reference (Amazon SageMaker AI) gives it
    /// and the pinned IAM data confirms, and one of a kind covers that kind
    /// only.
    #[test]
    fn id_scoped_patterns_cover_their_resources() {
        let sagemaker = crate::iam_data::data().service("sagemaker").unwrap();
        // IAM's `*` matches any run of characters, `/` included.
        let covers = |pattern: &str, resource: &str| {
            let re = regex::escape(&pattern.replace(DOMAIN_ID, "*")).replace("\\*", ".*");
            regex::Regex::new(&format!("^{re}$"))
                .unwrap()
                .is_match(resource)
        };
        // Resources of workloads named ml-x..., one of each type.
        let examples = [
            ("app", "app/d-xxxxxxxxxxxx/ml-x-studio/JupyterLab/default"),
            ("domain", "domain/d-xxxxxxxxxxxx"),
            ("image-version", "image-version/ml-x-base/3"),
            ("model-package", "model-package/ml-x-models/3"),
            (
                "pipeline-execution",
                "pipeline/ml-x-nightly/execution/ctd6lgoe9v02",
            ),
            ("space", "space/d-xxxxxxxxxxxx/ml-x-shared"),
            ("user-profile", "user-profile/d-xxxxxxxxxxxx/ml-x-alice"),
        ];
        let types: Vec<&str> = ID_SCOPED_TYPES.iter().map(|t| t.resource_type).collect();
        assert_eq!(types, examples.map(|(t, _)| t), "one example per type");
        for (t, resource) in examples {
            let arn = format!("arn:aws:sagemaker:us-east-1:123456789012:{resource}");
            assert!(sagemaker.resource_types[t].fits(&arn), "{arn} is no {t}");
            // Named as the model's name patterns name them: `ml-x-*`.
            let pattern = resource_pattern(t, "ml-x-*");
            assert!(covers(&pattern, resource), "{pattern} misses {resource}");
            // With the domain's id known, the pattern covers its resources
            // in that domain and in no other.
            let in_domain = resource_pattern_in_domain(t, "ml-x-*");
            if in_domain.contains(DOMAIN_ID) {
                let known = in_domain.replace(DOMAIN_ID, "d-xxxxxxxxxxxx");
                let other = in_domain.replace(DOMAIN_ID, "d-yyyyyyyyyyyy");
                assert!(covers(&known, resource), "{known} misses {resource}");
                assert!(!covers(&other, resource), "{other} covers {resource}");
            }
            let of_kind = resource_patterns_of_kind(t, "ml-x-*", "JupyterLab");
            if !of_kind.is_empty() {
                // Both spellings of the kind, each covering its own only;
                // another kind in either spelling is not covered.
                let lower = resource.replace("JupyterLab", "jupyterlab");
                assert_eq!(of_kind.len(), 2, "{of_kind:?}");
                assert!(
                    covers(&of_kind[0], resource) && covers(&of_kind[1], &lower),
                    "{of_kind:?}"
                );
                for other in resource_patterns_of_kind(t, "ml-x-*", "Canvas") {
                    assert!(
                        !covers(&other, resource) && !covers(&other, &lower),
                        "{other} covers {resource}"
                    );
                }
            }
        }
        // The ARNs below a domain (Service Authorization Reference, Amazon
        // SageMaker AI: app, space and user-profile hold ${DomainId}).
        let in_domain: Vec<&str> = ID_SCOPED_TYPES
            .iter()
            .filter(|t| t.pattern.contains(DOMAIN_ID))
            .map(|t| t.resource_type)
            .collect();
        assert_eq!(in_domain, ["app", "space", "user-profile"]);
        assert!(resource_patterns_of_kind("space", "ml-x", "JupyterLab").is_empty());
        assert_eq!(kind_spellings("JupyterLab"), ["JupyterLab", "jupyterlab"]);
        assert_eq!(kind_spellings("lower"), ["lower"]);
    }

    /// Every SageMaker resource pattern sagerole builds for a workload fits
    /// its type's ARN template in the pinned IAM data (the Service
    /// Authorization Reference's), and holds no upper-case letter: spec
    /// names are lower case, so a grant matches whether SageMaker keeps a
    /// name's case in the ARN or lowercases it (SageMaker Developer Guide,
    /// "Understand SageMaker AI log file entries": `ExampleEndpoint` becomes
    /// `endpoint/exampleendpoint`). The app type is the one part in mixed
    /// case, and [`kind_spellings`] covers both of its spellings.
    #[test]
    fn resource_patterns_fit_the_iam_data_in_lower_case() {
        let sagemaker = crate::iam_data::data().service("sagemaker").unwrap();
        let types: BTreeSet<&str> = APIS
            .iter()
            .flat_map(|a| a.create.iter().chain(a.manage).chain(a.role_actions))
            .flat_map(|c| c.resource_types.iter().copied())
            .collect();
        assert!(types.len() > 20, "{types:?}");
        // Each `*` may stand for one path segment or several, each on its
        // own (`app/*/ml-x-*/*/*` covers `app/d-1/ml-x-a/JupyterLab/default`).
        fn fills(pattern: &str) -> Vec<String> {
            match pattern.split_once('*') {
                None => vec![pattern.to_string()],
                Some((head, tail)) => ["x", "x/x", "x/x/x"]
                    .iter()
                    .flat_map(|fill| {
                        fills(tail)
                            .into_iter()
                            .map(move |t| format!("{head}{fill}{t}"))
                    })
                    .collect(),
            }
        }
        let fits = |t: &str, pattern: &str| {
            fills(pattern).iter().any(|resource| {
                let arn = format!("arn:aws:sagemaker:us-east-1:123456789012:{resource}");
                sagemaker.resource_types[t].fits(&arn)
            })
        };
        for t in types {
            // A workload's name and its longer names, as the model's
            // name patterns write them.
            for name in ["ml-x", "ml-x-*"] {
                let pattern = resource_pattern(t, name);
                assert!(
                    !pattern.bytes().any(|b| b.is_ascii_uppercase()),
                    "{pattern}"
                );
                assert!(fits(t, &pattern), "{pattern} is no {t}");
                for p in resource_patterns_of_kind(t, name, "JupyterLab") {
                    let p = p.replace(DOMAIN_ID, "*");
                    assert!(fits(t, &p), "{p} is no {t}");
                }
            }
        }
    }

    /// Every action and resource type named here is in the pinned IAM data,
    /// and each action takes the resource types it is scoped to.
    #[test]
    fn actions_and_resource_types_are_in_the_iam_data() {
        let data = crate::iam_data::data();
        for a in APIS {
            for ca in a.create.iter().chain(a.manage) {
                assert!(
                    !ca.action.contains('*'),
                    "{}: no wildcard actions",
                    ca.action
                );
                let (_, action) = data
                    .action(ca.action)
                    .unwrap_or_else(|| panic!("{} is not an action", ca.action));
                // An action without resource types (RenderUiTemplate) must
                // have none in the data too: it is then granted on "*".
                assert_eq!(
                    ca.resource_types.is_empty(),
                    action.resource_types.is_empty(),
                    "{}",
                    ca.action
                );
                for t in ca.resource_types {
                    assert!(
                        action.resource_types.iter().any(|r| r.name == *t),
                        "{} takes no {t}",
                        ca.action
                    );
                }
            }
            // Each pin is a key of the call it pins: the API's own for
            // `request_keys`, one of its other create calls or of its
            // manage calls for `other_pins`.
            let own = [Pins {
                action: a.create[0].action,
                keys: a.request_keys,
                unpinned: &[],
                absent_keeps: false,
            }];
            for p in a.other_pins {
                assert!(
                    a.create[1..]
                        .iter()
                        .chain(a.manage)
                        .any(|c| c.action == p.action),
                    "{}: {} is not one of its other create or manage calls",
                    a.name,
                    p.action
                );
                assert!(
                    !p.keys.is_empty() || !p.unpinned.is_empty(),
                    "{}: empty pins",
                    a.name
                );
                for (f, _) in p.unpinned {
                    assert!(a.uses(*f), "{}: unpinned {f:?} is not a field", a.name);
                }
                // A pinned manage call is granted in the statement of a
                // create call with the same keys and resource types.
                if let Some(m) = a.manage.iter().find(|m| m.action == p.action) {
                    assert!(
                        a.create.iter().any(|c| c.resource_types == m.resource_types
                            && a.request_keys_of(c.action) == p.keys
                            && a.absent_keeps(c.action) == p.absent_keeps),
                        "{}: {} pins no create call's keys",
                        a.name,
                        p.action
                    );
                }
            }
            for (p, k) in own
                .iter()
                .chain(a.other_pins)
                .flat_map(|p| p.keys.iter().map(move |k| (p, k)))
            {
                let (_, create) = data.action(p.action).expect("checked above");
                assert!(
                    create.condition_keys.iter().any(|c| c == k.key()),
                    "{}: {} is no key of {}",
                    a.name,
                    k.key(),
                    p.action
                );
                // A pin on a deprecated key would fail every request once AWS
                // stops filling it in; the lint refuses them too.
                let key = &data.service("sagemaker").unwrap().condition_keys[k.key()];
                assert_eq!(
                    key.replaced_by,
                    None,
                    "{}: {} is deprecated",
                    a.name,
                    k.key()
                );
            }
            for g in a.caller_grants {
                let (_, action) = data
                    .action(g.action)
                    .unwrap_or_else(|| panic!("{} is not an action", g.action));
                assert!(
                    action.condition_keys.iter().any(|k| k == g.condition.1),
                    "{}: {}",
                    g.action,
                    g.condition.1
                );
            }
            for g in a.role_grants {
                assert!(
                    !g.sid.is_empty() && g.sid.bytes().all(|b| b.is_ascii_alphanumeric()),
                    "{}",
                    g.sid
                );
                for action in g.actions {
                    assert!(data.action(action).is_some(), "{action} is not an action");
                }
            }
            for ca in a.role_actions {
                let (_, action) = data
                    .action(ca.action)
                    .unwrap_or_else(|| panic!("{} is not an action", ca.action));
                for t in ca.resource_types {
                    assert!(
                        action.resource_types.iter().any(|r| r.name == *t),
                        "{} takes no {t}",
                        ca.action
                    );
                }
            }
            let groups: &[&str] = match &a.log_group {
                Some(
                    LogGroup::Shared(g) | LogGroup::PerResource(g) | LogGroup::SharedAnyStream(g),
                ) => std::slice::from_ref(g),
                Some(LogGroup::ServiceNamed(gs)) => gs,
                None => &[],
            };
            for g in groups {
                // A group of SageMaker's, and never all of them at once.
                assert!(g.starts_with("/aws/sagemaker/"), "{}: {g}", a.name);
                assert!(
                    !g.trim_end_matches('*').ends_with("/aws/sagemaker/"),
                    "{}: {g}",
                    a.name
                );
            }
            for f in a.follow {
                let (_, action) = data
                    .action(f.action.action)
                    .unwrap_or_else(|| panic!("{} is not an action", f.action.action));
                for t in f.action.resource_types {
                    assert!(
                        action.resource_types.iter().any(|r| r.name == *t),
                        "{} takes no {t}",
                        f.action.action
                    );
                }
                // What the grant waits for is a field the API takes, and
                // logs come from the log group, not from this table.
                assert!(f.with.is_none_or(|w| a.uses(w)), "{}", a.name);
                assert_ne!(f.follow, Follow::Logs, "{}", a.name);
            }
            for l in a.finds_itself {
                let (_, action) = data
                    .action(l.action)
                    .unwrap_or_else(|| panic!("{} is not an action", l.action));
                assert!(
                    action
                        .resource_types
                        .iter()
                        .any(|r| r.name == l.resource_type),
                    "{} takes no {}",
                    l.action,
                    l.resource_type
                );
                // A workload's own identity is a resource its launch creates.
                if l.scope == LookupScope::Own {
                    assert!(
                        a.creates(l.resource_type),
                        "{}: {}",
                        a.name,
                        l.resource_type
                    );
                }
            }
            if let Some(rule) = a.step_functions_rule {
                let events = data.service("events").unwrap();
                let arn = format!("arn:aws:events:us-east-1:123456789012:rule/{rule}");
                assert!(
                    events.resource_types["rule-on-default-event-bus"].fits(&arn),
                    "{arn}"
                );
                for action in ["events:DescribeRule", "events:PutRule", "events:PutTargets"] {
                    assert!(data.action(action).is_some(), "{action}");
                }
                assert!(
                    rule.starts_with("StepFunctionsGetEventsForSageMaker")
                        && rule.ends_with("JobsRule"),
                    "{rule}"
                );
            }
            if let TrustScope::JobKind { kind, one } = a.trust {
                let t = kind.strip_suffix("/*").expect("job kinds end in /*");
                let sagemaker = data.service("sagemaker").unwrap();
                assert!(sagemaker.resource_types.contains_key(t), "{kind}");
                // One resource's ARN is of the same kind and names it (a
                // pipeline's, with its executions below it).
                if let Some(one) = one {
                    let one = one.replace("{name}", "acc-w");
                    let arn = format!(
                        "arn:aws:sagemaker:us-east-1:123456789012:{}",
                        one.strip_suffix("/*").unwrap_or(&one)
                    );
                    assert!(sagemaker.resource_types[t].fits(&arn), "{arn}");
                }
            }
        }
        for n in NAMES_ITS_LAUNCHES {
            let a = api(n).unwrap_or_else(|| panic!("{n} is not an API"));
            assert!(a.uses(Field::Launches), "{n} launches nothing");
        }
    }

    /// The log reads of `follow = ["logs"]` are actions on the resource
    /// types they are granted on, and FilterLogEvents, which reads every
    /// stream of a group, is granted only on a group of the resource's own.
    #[test]
    fn log_reads_take_their_resource_types_and_never_filter_a_shared_group() {
        let data = crate::iam_data::data();
        let takes = |action: &str, t: &str| {
            data.action(action)
                .unwrap_or_else(|| panic!("{action}"))
                .1
                .resource_types
                .iter()
                .any(|r| r.name == t)
        };
        for group in [
            LogGroup::Shared("/aws/sagemaker/TrainingJobs"),
            LogGroup::PerResource("/aws/sagemaker/Endpoints/"),
        ] {
            let reads = group.follow_reads().expect("followed");
            for r in reads.group {
                assert!(takes(r.action, "log-group"), "{}", r.action);
            }
            for r in reads.streams {
                assert!(takes(r.action, "log-stream"), "{}", r.action);
            }
            let filters = reads
                .group
                .iter()
                .any(|r| r.action == "logs:FilterLogEvents");
            assert_eq!(filters, matches!(group, LogGroup::PerResource(_)));
        }
        assert!(LogGroup::SharedAnyStream("/aws/sagemaker/studio")
            .follow_reads()
            .is_none());
        assert!(LogGroup::ServiceNamed(AUTOML_LOG_GROUPS)
            .follow_reads()
            .is_none());
    }

    #[test]
    fn follow_values_and_caller_kinds_have_one_spec_name_each() {
        for f in Follow::ALL {
            assert_eq!(Follow::from_spec_name(f.spec_name()), Some(f));
        }
        for k in CallerKind::ALL {
            assert_eq!(CallerKind::from_spec_name(k.spec_name()), Some(k));
        }
        assert_eq!(Follow::from_spec_name("Logs"), None);
        assert_eq!(CallerKind::from_spec_name("stepfunctions"), None);
        // A state machine follows only what Step Functions itself can do.
        assert!(!CallerKind::StepFunctions
            .default_follow()
            .contains(&Follow::Logs));
    }
}
